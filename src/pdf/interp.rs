//! The content-stream interpreter: graphics and text state, glyph placement, paths and
//! Form XObjects. It reports what was drawn (glyphs, straight stroked edges, filled
//! rectangles) to a [`Collector`], which decides what is kept.

use compact_str::CompactString;
use std::collections::HashMap;

use lopdf::{Dictionary, Document, Object, ObjectId};

use super::collect::{CollectParams, Collector};
use super::font::Font;
use super::geom::Matrix;
use super::lexer::{Lexer, Operand};
use super::objects::{as_dict, get, get_dict, get_name, get_number, numbers};
use super::{Budget, FontCache, PdfError};
use crate::model::{Glyph, Rect, Segment, WritingMode};

/// Hard ceiling on Form XObject recursion whatever the limit says, to protect the stack.
const MAX_FORM_RECURSION: usize = 200;
/// Deepest q nesting kept; deeper saves are counted but not stored.
const MAX_SAVE_DEPTH: usize = 4096;
/// Operators between deadline checks.
const DEADLINE_EVERY: usize = 256;

/// What interpreting one page produced.
#[derive(Debug, Default)]
pub struct PageOutput {
    /// Glyphs in content-stream order.
    pub glyphs: Vec<Glyph>,
    /// Ruling segments.
    pub segments: Vec<Segment>,
    /// Warnings.
    pub warnings: Vec<String>,
    /// Undecodable codes per font index.
    pub undecodable: HashMap<u32, usize>,
    /// Text strings dropped because no usable font was set (missing or unreadable object).
    pub text_without_font: usize,
}

#[derive(Debug, Clone)]
struct GraphicsState {
    ctm: Matrix,
    line_width: f64,
    font: Option<u32>,
    font_size: f64,
    char_spacing: f64,
    word_spacing: f64,
    horizontal_scale: f64,
    leading: f64,
    rise: f64,
    render_mode: i64,
    fill_white: bool,
    stroke_white: bool,
}

impl GraphicsState {
    fn new(ctm: Matrix) -> GraphicsState {
        GraphicsState {
            ctm,
            line_width: 1.0,
            font: None,
            font_size: 0.0,
            char_spacing: 0.0,
            word_spacing: 0.0,
            horizontal_scale: 1.0,
            leading: 0.0,
            rise: 0.0,
            render_mode: 0,
            fill_white: false,
            stroke_white: false,
        }
    }
}

#[derive(Debug, Clone, Copy)]
struct PathPoint {
    x: f64,
    y: f64,
    /// Reached by a curve (not a straight edge).
    curve: bool,
}

#[derive(Debug, Default)]
struct Subpath {
    points: Vec<PathPoint>,
    closed: bool,
}

/// Page-level inputs of the interpreter.
pub struct PageSetup {
    /// User space to page space (top-left origin, after /Rotate).
    pub device: Matrix,
    /// Page width in page space.
    pub width: f64,
    /// Page height in page space.
    pub height: f64,
}

/// Interprets the content of one page.
pub struct Interpreter<'a> {
    doc: &'a Document,
    fonts: &'a mut FontCache,
    budget: &'a mut Budget,
    page: PageSetup,
    out: PageOutput,
    gs: GraphicsState,
    saved: Vec<GraphicsState>,
    unsaved_depth: usize,
    tm: Matrix,
    tlm: Matrix,
    path: Vec<Subpath>,
    operators: usize,
    forms: Vec<ObjectId>,
    /// Decides which glyphs and rulings of what is drawn are kept.
    collector: Collector,
}

fn operand_numbers<const N: usize>(ops: &[Operand]) -> Option<[f64; N]> {
    let start = ops.len().checked_sub(N)?;
    let mut out = [0.0; N];
    for (slot, op) in out.iter_mut().zip(&ops[start..]) {
        *slot = op.number()?;
    }
    Some(out)
}

fn last_name<'o>(ops: &'o [Operand]) -> Option<&'o [u8]> {
    ops.iter().rev().find_map(|o| match o {
        Operand::Name(n) => Some(n.as_ref()),
        _ => None,
    })
}

fn is_white_color(ops: &[Operand], cmyk: bool) -> bool {
    let values: Vec<f64> = ops.iter().filter_map(Operand::number).collect();
    if values.is_empty() {
        return false;
    }
    if cmyk {
        values.iter().all(|v| *v <= 0.001)
    } else {
        values.iter().all(|v| *v >= 0.999)
    }
}

impl<'a> Interpreter<'a> {
    /// An interpreter for one page.
    pub fn new(
        doc: &'a Document,
        fonts: &'a mut FontCache,
        budget: &'a mut Budget,
        page: PageSetup,
    ) -> Interpreter<'a> {
        Interpreter {
            doc,
            fonts,
            budget,
            page,
            out: PageOutput::default(),
            gs: GraphicsState::new(Matrix::IDENTITY),
            saved: Vec::new(),
            unsaved_depth: 0,
            tm: Matrix::IDENTITY,
            tlm: Matrix::IDENTITY,
            path: Vec::new(),
            operators: 0,
            forms: Vec::new(),
            collector: Collector::new(CollectParams::default()),
        }
    }

    /// Runs a page's content stream with its resources; returns what was drawn.
    pub fn run_page(
        mut self,
        content: &[u8],
        resources: Option<&Dictionary>,
    ) -> Result<PageOutput, PdfError> {
        self.run(content, resources)?;
        let (glyphs, segments) = self.collector.finish();
        Ok(PageOutput {
            glyphs,
            segments,
            ..self.out
        })
    }

    fn run(&mut self, content: &[u8], resources: Option<&Dictionary>) -> Result<(), PdfError> {
        let mut lexer = Lexer::new(content);
        let mut operands: Vec<Operand> = Vec::with_capacity(16);
        let base_depth = self.saved.len();
        while let Some(op) = lexer.next_operation(&mut operands) {
            self.operators += 1;
            let limits = &self.budget.limits;
            if self.operators > limits.max_operators_per_page {
                return Err(super::limit_exceeded(
                    format_args!(
                        "more than {} operators on one page",
                        limits.max_operators_per_page
                    ),
                    "--max-operators-per-page",
                ));
            }
            if self.operators % DEADLINE_EVERY == 0 {
                self.budget.check_deadline()?;
            }
            if op == b"BI" {
                lexer.skip_inline_image();
                continue;
            }
            self.operate(op, &operands, resources)?;
            if self.collector.glyph_count() > self.budget.limits.max_glyphs_per_page {
                return Err(super::limit_exceeded(
                    format_args!(
                        "more than {} glyphs on one page",
                        self.budget.limits.max_glyphs_per_page
                    ),
                    "--max-glyphs-per-page",
                ));
            }
        }
        // Unbalanced q inside a form must not leak out of it.
        while self.saved.len() > base_depth {
            self.restore();
        }
        Ok(())
    }

    fn restore(&mut self) {
        if self.unsaved_depth > 0 {
            self.unsaved_depth -= 1;
        } else if let Some(gs) = self.saved.pop() {
            self.gs = gs;
        }
    }

    fn operate(
        &mut self,
        op: &[u8],
        ops: &[Operand],
        resources: Option<&Dictionary>,
    ) -> Result<(), PdfError> {
        match op {
            b"q" => {
                if self.saved.len() < MAX_SAVE_DEPTH {
                    self.saved.push(self.gs.clone());
                } else {
                    self.unsaved_depth += 1;
                }
            }
            b"Q" => self.restore(),
            b"cm" => {
                if let Some([a, b, c, d, e, f]) = operand_numbers::<6>(ops) {
                    let m = Matrix::new(a, b, c, d, e, f);
                    let ctm = m.then(&self.gs.ctm);
                    if ctm.is_finite() {
                        self.gs.ctm = ctm;
                    }
                }
            }
            b"w" => {
                if let Some([w]) = operand_numbers::<1>(ops) {
                    self.gs.line_width = w.abs();
                }
            }
            b"gs" => self.ext_gstate(ops, resources),
            b"g" | b"rg" | b"sc" | b"scn" => self.gs.fill_white = is_white_color(ops, false),
            b"G" | b"RG" | b"SC" | b"SCN" => self.gs.stroke_white = is_white_color(ops, false),
            b"k" => self.gs.fill_white = is_white_color(ops, true),
            b"K" => self.gs.stroke_white = is_white_color(ops, true),
            b"cs" => self.gs.fill_white = false,
            b"CS" => self.gs.stroke_white = false,
            b"m" | b"l" | b"c" | b"v" | b"y" | b"h" | b"re" => self.path_op(op, ops),
            b"S" | b"s" | b"f" | b"F" | b"f*" | b"B" | b"B*" | b"b" | b"b*" | b"n" => {
                self.paint(op)
            }
            b"BT" => {
                self.tm = Matrix::IDENTITY;
                self.tlm = Matrix::IDENTITY;
            }
            b"Tc" | b"Tw" | b"Tz" | b"TL" | b"Ts" | b"Tr" => self.text_state(op, ops),
            b"Tf" => self.set_font(ops, resources)?,
            b"Td" => {
                if let Some([x, y]) = operand_numbers::<2>(ops) {
                    self.move_line(x, y);
                }
            }
            b"TD" => {
                if let Some([x, y]) = operand_numbers::<2>(ops) {
                    self.gs.leading = -y;
                    self.move_line(x, y);
                }
            }
            b"Tm" => {
                if let Some([a, b, c, d, e, f]) = operand_numbers::<6>(ops) {
                    let m = Matrix::new(a, b, c, d, e, f);
                    if m.is_finite() {
                        self.tm = m;
                        self.tlm = m;
                    }
                }
            }
            b"T*" => self.move_line(0.0, -self.gs.leading),
            b"Tj" => {
                if let Some(Operand::String(s)) = ops.last() {
                    self.show(s);
                }
            }
            b"'" => {
                self.move_line(0.0, -self.gs.leading);
                if let Some(Operand::String(s)) = ops.last() {
                    self.show(s);
                }
            }
            b"\"" => {
                if let [.., aw, ac, Operand::String(s)] = ops {
                    self.gs.word_spacing = aw.number().unwrap_or(self.gs.word_spacing);
                    self.gs.char_spacing = ac.number().unwrap_or(self.gs.char_spacing);
                    self.move_line(0.0, -self.gs.leading);
                    self.show(s);
                }
            }
            b"TJ" => {
                if let Some(Operand::Array(items)) = ops.last() {
                    self.show_array(items);
                }
            }
            b"Do" => {
                if let Some(name) = last_name(ops) {
                    self.do_xobject(name, resources)?;
                }
            }
            _ => {}
        }
        Ok(())
    }

    fn text_state(&mut self, op: &[u8], ops: &[Operand]) {
        let Some([v]) = operand_numbers::<1>(ops) else {
            return;
        };
        match op {
            b"Tc" => self.gs.char_spacing = v,
            b"Tw" => self.gs.word_spacing = v,
            b"Tz" => self.gs.horizontal_scale = v / 100.0,
            b"TL" => self.gs.leading = v,
            b"Ts" => self.gs.rise = v,
            _ => self.gs.render_mode = v as i64,
        }
    }

    fn move_line(&mut self, x: f64, y: f64) {
        self.tlm = Matrix::translate(x, y).then(&self.tlm);
        self.tm = self.tlm;
    }

    fn ext_gstate(&mut self, ops: &[Operand], resources: Option<&Dictionary>) {
        let (Some(name), Some(res)) = (last_name(ops), resources) else {
            return;
        };
        let doc = self.doc;
        let Some(state) = get_dict(doc, res, b"ExtGState").and_then(|d| get_dict(doc, d, name))
        else {
            return;
        };
        if let Some(lw) = get_number(doc, state, b"LW") {
            self.gs.line_width = lw.abs();
        }
        if let Some(Object::Array(font)) = get(doc, state, b"Font") {
            if let (Some(font_ref), Some(size)) = (
                font.first(),
                font.get(1).and_then(|s| super::objects::number(doc, s)),
            ) {
                match self
                    .fonts
                    .get_or_load(doc, font_ref, self.budget, &mut self.out.warnings)
                {
                    Ok(idx) => {
                        self.gs.font = idx;
                        self.gs.font_size = size;
                    }
                    Err(e) => self.out.warnings.push(format!("font in ExtGState: {e}")),
                }
            }
        }
    }

    fn set_font(
        &mut self,
        ops: &[Operand],
        resources: Option<&Dictionary>,
    ) -> Result<(), PdfError> {
        if let Some([size]) = operand_numbers::<1>(ops) {
            self.gs.font_size = size;
        }
        let Some(name) = last_name(ops) else {
            return Ok(());
        };
        let doc = self.doc;
        let entry = resources
            .and_then(|r| get_dict(doc, r, b"Font"))
            .and_then(|f| f.get(name).ok());
        match entry {
            Some(obj) => {
                self.gs.font =
                    self.fonts
                        .get_or_load(doc, obj, self.budget, &mut self.out.warnings)?;
            }
            None => {
                self.gs.font = None;
                self.out.warnings.push(format!(
                    "font /{} not in resources",
                    String::from_utf8_lossy(name)
                ));
            }
        }
        Ok(())
    }

    // ----- text -----

    fn show_array(&mut self, items: &[Operand]) {
        for item in items {
            match item {
                Operand::String(s) => self.show(s),
                Operand::Number(n) => {
                    let fs = self.gs.font_size;
                    let vertical = self.current_font().is_some_and(|f| f.vertical);
                    let shift = if vertical {
                        Matrix::translate(0.0, -n / 1000.0 * fs)
                    } else {
                        Matrix::translate(-n / 1000.0 * fs * self.gs.horizontal_scale, 0.0)
                    };
                    self.tm = shift.then(&self.tm);
                }
                _ => {}
            }
        }
    }

    fn current_font(&self) -> Option<&Font> {
        self.fonts.fonts.get(self.gs.font? as usize)
    }

    fn show(&mut self, bytes: &[u8]) {
        let Some(font_index) = self.gs.font else {
            if !bytes.is_empty() {
                self.out.text_without_font += 1;
            }
            return;
        };
        let Some(font) = self.fonts.fonts.get(font_index as usize) else {
            return;
        };
        let gs = &self.gs;
        let fs = gs.font_size;
        let th = gs.horizontal_scale;
        let to_page = self.tm.then(&gs.ctm).then(&self.page.device);
        let size = fs.abs() * to_page.y_scale();
        let invisible = gs.render_mode == 3 || gs.render_mode == 7;
        let mode = if font.vertical {
            WritingMode::Vertical
        } else {
            WritingMode::Horizontal
        };
        let mut offset = 0.0;
        let mut pos = 0;
        while pos < bytes.len() {
            let decoded = font.next(&bytes[pos..]);
            pos += decoded.len.max(1);
            let spacing = gs.char_spacing
                + if decoded.is_space {
                    gs.word_spacing
                } else {
                    0.0
                };
            let (corner_a, corner_b) = if font.vertical {
                let step = decoded.vertical_advance * fs;
                let corners = ((-fs / 2.0, offset + step), (fs / 2.0, offset));
                offset += step - spacing;
                corners
            } else {
                let width = decoded.advance * fs * th;
                let corners = (
                    (offset, fs * font.descent + gs.rise),
                    (offset + width, fs * font.ascent + gs.rise),
                );
                offset += (decoded.advance * fs + spacing) * th;
                corners
            };
            let text = match decoded.text {
                Some(t) if t.chars().all(char::is_whitespace) => continue,
                Some(t) => t,
                None => {
                    *self.out.undecodable.entry(font_index).or_insert(0) += 1;
                    CompactString::const_new("\u{FFFD}")
                }
            };
            let Some(bbox) = page_box(&to_page, corner_a, corner_b, &self.page) else {
                continue;
            };
            let glyph = Glyph {
                text,
                bbox,
                size,
                font: font_index,
                mode,
                invisible,
            };
            self.collector.glyph(glyph);
        }
        let shift = if font.vertical {
            Matrix::translate(0.0, offset)
        } else {
            Matrix::translate(offset, 0.0)
        };
        self.tm = shift.then(&self.tm);
    }

    // ----- paths -----

    fn to_page(&self, x: f64, y: f64) -> (f64, f64) {
        self.gs.ctm.then(&self.page.device).apply(x, y)
    }

    fn path_op(&mut self, op: &[u8], ops: &[Operand]) {
        match op {
            b"m" => {
                if let Some([x, y]) = operand_numbers::<2>(ops) {
                    let (x, y) = self.to_page(x, y);
                    self.path.push(Subpath {
                        points: vec![PathPoint { x, y, curve: false }],
                        closed: false,
                    });
                }
            }
            b"l" => {
                if let Some([x, y]) = operand_numbers::<2>(ops) {
                    self.add_point(x, y, false);
                }
            }
            b"c" | b"v" | b"y" => {
                let end = match op {
                    b"c" => operand_numbers::<6>(ops).map(|v| [v[4], v[5]]),
                    _ => operand_numbers::<4>(ops).map(|v| [v[2], v[3]]),
                };
                if let Some([x, y]) = end {
                    self.add_point(x, y, true);
                }
            }
            b"h" => {
                if let Some(sub) = self.path.last_mut() {
                    sub.closed = true;
                }
            }
            _ => {
                if let Some([x, y, w, h]) = operand_numbers::<4>(ops) {
                    let corners = [(x, y), (x + w, y), (x + w, y + h), (x, y + h)];
                    let points = corners
                        .iter()
                        .map(|&(px, py)| {
                            let (x, y) = self.to_page(px, py);
                            PathPoint { x, y, curve: false }
                        })
                        .collect();
                    self.path.push(Subpath {
                        points,
                        closed: true,
                    });
                }
            }
        }
    }

    fn add_point(&mut self, x: f64, y: f64, curve: bool) {
        let (x, y) = self.to_page(x, y);
        let point = PathPoint { x, y, curve };
        match self.path.last_mut() {
            Some(sub) if !sub.closed => sub.points.push(point),
            _ => {
                // A line without a current point starts a new subpath at its end.
                self.path.push(Subpath {
                    points: vec![point],
                    closed: false,
                });
            }
        }
    }

    fn paint(&mut self, op: &[u8]) {
        let path = std::mem::take(&mut self.path);
        match op {
            b"n" => {}
            b"S" | b"s" | b"B" | b"B*" | b"b" | b"b*" => {
                if !self.gs.stroke_white {
                    let close_all = matches!(op, b"s" | b"b" | b"b*");
                    self.stroke(&path, close_all);
                }
            }
            _ => {
                if !self.gs.fill_white {
                    self.fill(&path);
                }
            }
        }
    }

    fn stroke(&mut self, path: &[Subpath], close_all: bool) {
        let width = self.gs.line_width * self.gs.ctm.scale();
        for sub in path {
            for pair in sub.points.windows(2) {
                if !pair[1].curve {
                    self.add_line(pair[0], pair[1], width);
                }
            }
            if sub.closed || close_all {
                if let (Some(&first), Some(&last)) = (sub.points.first(), sub.points.last()) {
                    if sub.points.len() > 2 {
                        self.add_line(last, first, width);
                    }
                }
            }
        }
    }

    fn add_line(&mut self, a: PathPoint, b: PathPoint, width: f64) {
        self.collector.stroked_line((a.x, a.y), (b.x, b.y), width);
    }

    fn fill(&mut self, path: &[Subpath]) {
        for rect in path.iter().filter_map(axis_aligned_rect) {
            self.collector.filled_rect(rect);
        }
    }

    // ----- XObjects -----

    fn do_xobject(&mut self, name: &[u8], resources: Option<&Dictionary>) -> Result<(), PdfError> {
        let doc = self.doc;
        let Some(xobjects) = resources.and_then(|r| get_dict(doc, r, b"XObject")) else {
            return Ok(());
        };
        let Some(entry) = xobjects.get(name).ok() else {
            return Ok(());
        };
        let Ok((id, Object::Stream(stream))) = doc.dereference(entry) else {
            return Ok(());
        };
        if get_name(doc, &stream.dict, b"Subtype") != Some(b"Form") {
            return Ok(());
        }
        if let Some(id) = id {
            if self.forms.contains(&id) {
                self.out.warnings.push(format!(
                    "Form XObject {} {} R draws itself: skipped",
                    id.0, id.1
                ));
                return Ok(());
            }
        }
        let depth_limit = self.budget.limits.max_form_depth;
        if self.forms.len() >= depth_limit.min(MAX_FORM_RECURSION) {
            return Err(super::limit_exceeded(
                format_args!("Form XObjects nested deeper than {depth_limit}"),
                "--max-form-depth",
            ));
        }
        let Some(data) = self.budget.form_data(id, stream, &mut self.out.warnings)? else {
            return Ok(());
        };
        let matrix = get(doc, &stream.dict, b"Matrix")
            .and_then(|m| match m {
                Object::Array(a) => Some(numbers(doc, a)),
                _ => None,
            })
            .filter(|v| v.len() == 6)
            .map_or(Matrix::IDENTITY, |v| {
                Matrix::new(v[0], v[1], v[2], v[3], v[4], v[5])
            });
        let form_resources = get(doc, &stream.dict, b"Resources")
            .and_then(as_dict)
            .or(resources);
        let outer = self.gs.clone();
        let outer_depth = self.saved.len();
        let outer_path = std::mem::take(&mut self.path);
        self.gs.ctm = matrix.then(&self.gs.ctm);
        self.forms.push(id.unwrap_or((0, 0)));
        let result = self.run(&data, form_resources);
        self.forms.pop();
        self.saved.truncate(outer_depth);
        self.gs = outer;
        self.path = outer_path;
        result
    }
}

/// The axis-aligned rectangle a straight, closed four-corner subpath describes.
fn axis_aligned_rect(sub: &Subpath) -> Option<Rect> {
    let mut pts: &[PathPoint] = &sub.points;
    if pts.len() == 5 {
        let (a, e) = (pts[0], pts[4]);
        if (a.x - e.x).abs() < 0.01 && (a.y - e.y).abs() < 0.01 {
            pts = &pts[..4];
        }
    }
    if pts.len() != 4 || pts.iter().any(|p| p.curve) {
        return None;
    }
    let rect = pts
        .iter()
        .fold(Rect::new(pts[0].x, pts[0].y, pts[0].x, pts[0].y), |r, p| {
            r.union(&Rect::new(p.x, p.y, p.x, p.y))
        });
    // Every corner must sit on the rectangle's corners (no rotation, no skew).
    let on_corner = |p: &PathPoint| {
        let near = |a: f64, b: f64| (a - b).abs() < 0.01;
        (near(p.x, rect.x0) || near(p.x, rect.x1)) && (near(p.y, rect.y0) || near(p.y, rect.y1))
    };
    (pts.iter().all(on_corner) && rect.x0.is_finite() && rect.y1.is_finite()).then_some(rect)
}

/// The page-space box of a glyph whose text-space corners are given; None when its centre
/// lies outside the page or it is not finite.
fn page_box(
    to_page: &Matrix,
    (ax, ay): (f64, f64),
    (bx, by): (f64, f64),
    page: &PageSetup,
) -> Option<Rect> {
    let corners = [
        to_page.apply(ax, ay),
        to_page.apply(bx, ay),
        to_page.apply(ax, by),
        to_page.apply(bx, by),
    ];
    let mut r = Rect::new(corners[0].0, corners[0].1, corners[0].0, corners[0].1);
    for &(x, y) in &corners[1..] {
        r = r.union(&Rect::new(x, y, x, y));
    }
    if !(r.x0.is_finite() && r.y0.is_finite() && r.x1.is_finite() && r.y1.is_finite()) {
        return None;
    }
    // Glyphs outside the page are clipped away when printed: leave them out.
    let (cx, cy) = r.center();
    if cx < 0.0 || cy < 0.0 || cx > page.width || cy > page.height {
        return None;
    }
    Some(r)
}
