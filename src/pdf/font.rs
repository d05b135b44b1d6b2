//! Fonts as the interpreter needs them: how to split a string into codes, each code's
//! advance and Unicode text, and the vertical extent of a glyph box.
//!
//! Text lookup order for a code: the font's ToUnicode, then the predefined CMap's own
//! Unicode (UniJIS-*, RKSJ, EUC, H/V), then the CID through Adobe-Japan1, then glyph names.
//! Codes that none of these decode come out as U+FFFD and are counted by the caller.

use std::borrow::Cow;
use std::cell::RefCell;
use std::sync::Arc;

use compact_str::CompactString;
use rustc_hash::FxHashMap;

use lopdf::{Dictionary, Document, Object};

use super::cmap::{self, CMap};
use super::encoding::{self, BaseEncoding};
use super::objects::{
    as_dict, get, get_array, get_dict, get_name, get_number, get_stream, lenient_text, number,
    numbers, resolve,
};
use super::tounicode::SimpleToUnicode;
use super::{Budget, PdfError};
use crate::model::FontInfo;

/// Ascent of a glyph box when the font does not give one, in em.
const DEFAULT_ASCENT: f64 = 0.88;
/// Descent of a glyph box when the font does not give one, in em.
const DEFAULT_DESCENT: f64 = -0.12;

/// A font's ToUnicode map: the full CMap reader, or the simple fallback reader.
#[derive(Debug)]
pub enum ToUnicode {
    /// Parsed by [`CMap::parse`].
    Full(CMap),
    /// Parsed by the fallback reader.
    Simple(SimpleToUnicode),
}

impl ToUnicode {
    /// The text of a code.
    ///
    /// ToUnicode maps are written backwards from glyphs, and a glyph shared by a radical and
    /// an ideograph often comes out as the radical: those are given as the ideograph.
    pub fn unicode(&self, code: u32, len: usize) -> Option<String> {
        let text = match self {
            ToUnicode::Full(m) => m.unicode(code, len),
            ToUnicode::Simple(m) => m.unicode(code, len),
        }?;
        Some(super::radicals::unify(Cow::Owned(text)).into_owned())
    }
}

/// One code split off a string, with what the interpreter needs to place it.
#[derive(Debug, Clone)]
pub struct Decoded {
    /// Bytes consumed (≥ 1 while input remains).
    pub len: usize,
    /// Unicode text, None when undecodable (inline: no allocation for a glyph's text).
    pub text: Option<CompactString>,
    /// Horizontal advance in em (text space units per unit font size).
    pub advance: f64,
    /// Vertical advance in em (negative: downwards), for vertical fonts.
    pub vertical_advance: f64,
    /// Whether the code is the single byte 32, which receives word spacing.
    pub is_space: bool,
}

/// A loaded font.
#[derive(Debug)]
pub struct Font {
    kind: FontKind,
    /// Top of a horizontal glyph box above the baseline, in em.
    pub ascent: f64,
    /// Bottom of a horizontal glyph box (negative below the baseline), in em.
    pub descent: f64,
    /// Vertical writing mode.
    pub vertical: bool,
}

#[derive(Debug)]
enum FontKind {
    Simple(Box<SimpleFont>),
    Composite(Box<CompositeFont>),
}

#[derive(Debug)]
struct SimpleFont {
    /// Advance per code, in em.
    widths: Vec<f64>,
    /// Text per code, precomputed once.
    texts: Vec<Option<CompactString>>,
}

/// How a composite font's strings split into codes and map to CIDs.
#[derive(Debug)]
enum CodeMap {
    /// Identity-H/V: two-byte codes that are their own CIDs.
    Identity,
    /// A predefined or embedded CMap.
    CMap(Arc<CMap>),
}

#[derive(Debug)]
struct CompositeFont {
    codes: CodeMap,
    /// Name of the encoding CMap, for the predefined CMaps' own Unicode.
    cmap_name: String,
    to_unicode: Option<ToUnicode>,
    /// Whether CIDs are Adobe-Japan1 CIDs.
    japan1: bool,
    /// `(first, last, width in em)`, sorted by `first`.
    widths: Vec<(u32, u32, f64)>,
    default_width: f64,
    /// `(first, last, vertical advance in em)`, sorted by `first`.
    vertical_advances: Vec<(u32, u32, f64)>,
    default_vertical_advance: f64,
    /// Text of each `(code, length)` seen so far: a report repeats a few thousand
    /// characters, and the lookup chain (CMap ranges, radicals, tables) is long.
    texts: RefCell<FxHashMap<(u32, usize), Option<CompactString>>>,
}

impl Font {
    /// Splits the next code off `bytes` (which must not be empty).
    pub fn next(&self, bytes: &[u8]) -> Decoded {
        match &self.kind {
            FontKind::Simple(s) => {
                let code = usize::from(bytes[0]);
                Decoded {
                    len: 1,
                    text: s.texts[code].clone(),
                    advance: s.widths[code],
                    vertical_advance: -1.0,
                    is_space: code == 32,
                }
            }
            FontKind::Composite(c) => c.next(bytes),
        }
    }
}

impl CompositeFont {
    fn next(&self, bytes: &[u8]) -> Decoded {
        let (code, len, cid) = match &self.codes {
            CodeMap::Identity => {
                let (code, len) = match bytes {
                    [a, b, ..] => (u32::from(*a) << 8 | u32::from(*b), 2),
                    [a, ..] => (u32::from(*a), 1),
                    [] => (0, 1),
                };
                (code, len, Some(code))
            }
            CodeMap::CMap(cmap) => {
                let (code, len) = cmap.next_code(bytes);
                let len = len.clamp(1, bytes.len().max(1));
                (code, len, cmap.cid(code, len))
            }
        };
        let cid_or_zero = cid.unwrap_or(0);
        Decoded {
            len,
            text: self.cached_text(code, len, cid),
            advance: lookup(&self.widths, cid_or_zero).unwrap_or(self.default_width),
            vertical_advance: lookup(&self.vertical_advances, cid_or_zero)
                .unwrap_or(self.default_vertical_advance),
            is_space: len == 1 && code == 32,
        }
    }

    fn cached_text(&self, code: u32, len: usize, cid: Option<u32>) -> Option<CompactString> {
        // The CID follows from the code and length, so (code, length) is a complete key.
        let mut texts = self.texts.borrow_mut();
        texts
            .entry((code, len))
            .or_insert_with(|| self.text(code, len, cid).map(CompactString::from))
            .clone()
    }

    fn text(&self, code: u32, len: usize, cid: Option<u32>) -> Option<String> {
        if let Some(t) = self.to_unicode.as_ref().and_then(|m| m.unicode(code, len)) {
            return Some(t);
        }
        if !self.cmap_name.is_empty() {
            if let Some(t) = cmap::predefined_unicode(&self.cmap_name, code, len) {
                return Some(t);
            }
        }
        if self.japan1 {
            if let Some(t) = cid.and_then(cmap::adobe_japan1_unicode) {
                return Some(t.to_string());
            }
        }
        None
    }
}

fn lookup(ranges: &[(u32, u32, f64)], cid: u32) -> Option<f64> {
    let i = ranges.partition_point(|r| r.0 <= cid);
    let r = ranges.get(i.checked_sub(1)?)?;
    (cid <= r.1).then_some(r.2)
}

/// Loads a font dictionary. Problems inside the font become warnings; only limits fail.
pub fn load(
    doc: &Document,
    dict: &Dictionary,
    budget: &mut Budget,
    warnings: &mut Vec<String>,
) -> Result<(Font, FontInfo), PdfError> {
    let subtype = get_name(doc, dict, b"Subtype").unwrap_or(b"Type1");
    let base_font = get_name(doc, dict, b"BaseFont")
        .map(lenient_text)
        .unwrap_or_default();
    let to_unicode = load_to_unicode(doc, dict, budget, warnings)?;
    let mut info = FontInfo {
        name: base_font.clone(),
        subtype: lenient_text(subtype),
        encoding: String::new(),
        has_to_unicode: to_unicode.is_some(),
        vertical: false,
    };
    let font = if subtype == b"Type0" {
        load_composite(doc, dict, to_unicode, &mut info, budget, warnings)?
    } else {
        load_simple(
            doc,
            dict,
            subtype,
            &base_font,
            to_unicode.as_ref(),
            &mut info,
        )
    };
    info.vertical = font.vertical;
    Ok((font, info))
}

fn load_to_unicode(
    doc: &Document,
    dict: &Dictionary,
    budget: &mut Budget,
    warnings: &mut Vec<String>,
) -> Result<Option<ToUnicode>, PdfError> {
    let Some((_, stream)) = get_stream(doc, dict, b"ToUnicode") else {
        return Ok(None);
    };
    let Some(data) = budget.stream_data(stream, warnings)? else {
        return Ok(None);
    };
    if let Ok(m) = CMap::parse(&data) {
        return Ok(Some(ToUnicode::Full(m)));
    }
    let simple = SimpleToUnicode::parse(&data);
    if simple.is_empty() {
        warnings.push("ToUnicode has no mappings: ignored".into());
        return Ok(None);
    }
    Ok(Some(ToUnicode::Simple(simple)))
}

/// Ascent and descent in em from a font descriptor, sane defaults otherwise.
fn vertical_extent(doc: &Document, descriptor: Option<&Dictionary>, scale: f64) -> (f64, f64) {
    let read = |key: &[u8]| {
        descriptor
            .and_then(|d| get_number(doc, d, key))
            .map(|v| v * scale)
    };
    let ascent = read(b"Ascent").filter(|a| (0.2..=1.5).contains(a));
    let descent = read(b"Descent").filter(|d| (-0.7..=0.0).contains(d));
    (
        ascent.unwrap_or(DEFAULT_ASCENT),
        descent.unwrap_or(DEFAULT_DESCENT),
    )
}

fn strip_subset(name: &str) -> &str {
    match name.split_once('+') {
        Some((tag, rest)) if tag.len() == 6 && tag.bytes().all(|b| b.is_ascii_uppercase()) => rest,
        _ => name,
    }
}

fn load_simple(
    doc: &Document,
    dict: &Dictionary,
    subtype: &[u8],
    base_font: &str,
    to_unicode: Option<&ToUnicode>,
    info: &mut FontInfo,
) -> Font {
    let is_type3 = subtype == b"Type3";
    let font_matrix = get_array(doc, dict, b"FontMatrix")
        .map(|a| numbers(doc, a))
        .filter(|m| m.len() == 6 && m[0] != 0.0)
        .unwrap_or_else(|| vec![0.001, 0.0, 0.0, 0.001, 0.0, 0.0]);
    let width_scale = if is_type3 { font_matrix[0] } else { 0.001 };
    let names = glyph_names(doc, dict, base_font, is_type3, info);
    let descriptor = get_dict(doc, dict, b"FontDescriptor");
    let missing = descriptor
        .and_then(|d| get_number(doc, d, b"MissingWidth"))
        .filter(|w| *w > 0.0);
    let first = get_number(doc, dict, b"FirstChar").unwrap_or(0.0).max(0.0) as usize;
    let declared = get_array(doc, dict, b"Widths");
    let plain_name = strip_subset(base_font);
    let mut widths = vec![0.0; 256];
    for (code, width) in widths.iter_mut().enumerate() {
        let from_array = declared
            .and_then(|a| a.get(code.checked_sub(first)?))
            .and_then(|o| number(doc, o));
        let from_std14 = || {
            names[code]
                .as_deref()
                .and_then(|n| encoding::standard14_width(plain_name, n))
        };
        let w = from_array
            .or_else(|| declared.is_none().then(from_std14).flatten())
            .or(missing)
            .unwrap_or(if is_type3 { 0.0 } else { 500.0 });
        *width = w * width_scale;
    }
    let texts = (0..256u32)
        .map(|code| {
            to_unicode
                .and_then(|m| m.unicode(code, 1))
                .or_else(|| {
                    names[code as usize]
                        .as_deref()
                        .and_then(encoding::glyph_name_to_unicode)
                })
                .map(CompactString::from)
        })
        .collect();
    let (ascent, descent) = if is_type3 {
        type3_extent(doc, dict, &font_matrix)
    } else {
        vertical_extent(doc, descriptor, 0.001)
    };
    Font {
        kind: FontKind::Simple(Box::new(SimpleFont { widths, texts })),
        ascent,
        descent,
        vertical: false,
    }
}

/// A Type3 font's extent from its FontBBox through the FontMatrix, when plausible.
fn type3_extent(doc: &Document, dict: &Dictionary, font_matrix: &[f64]) -> (f64, f64) {
    let bbox = get_array(doc, dict, b"FontBBox").map(|a| numbers(doc, a));
    let scale = font_matrix[3];
    match bbox.as_deref() {
        Some([_, y0, _, y1]) if y1 > y0 => {
            let (a, d) = ((y1 * scale).max(y0 * scale), (y1 * scale).min(y0 * scale));
            if (0.2..=1.5).contains(&a) && (-0.7..=0.0).contains(&d) {
                return (a, d);
            }
            (DEFAULT_ASCENT, DEFAULT_DESCENT)
        }
        _ => (DEFAULT_ASCENT, DEFAULT_DESCENT),
    }
}

/// The glyph name of each code: /Differences over the base encoding.
fn glyph_names(
    doc: &Document,
    dict: &Dictionary,
    base_font: &str,
    is_type3: bool,
    info: &mut FontInfo,
) -> Vec<Option<Cow<'static, str>>> {
    let plain = strip_subset(base_font);
    let builtin = if plain.starts_with("Symbol") {
        Some(BaseEncoding::Symbol)
    } else if plain.starts_with("ZapfDingbats") {
        Some(BaseEncoding::ZapfDingbats)
    } else if is_type3 {
        None
    } else {
        Some(BaseEncoding::Standard)
    };
    let encoding = get(doc, dict, b"Encoding");
    let (base, differences) = match encoding {
        Some(Object::Name(n)) => {
            info.encoding = lenient_text(n);
            (BaseEncoding::from_name(&info.encoding).or(builtin), None)
        }
        Some(obj) => match as_dict(obj) {
            Some(enc) => {
                let base_name = get_name(doc, enc, b"BaseEncoding").map(lenient_text);
                info.encoding = base_name.clone().unwrap_or_else(|| "custom".into());
                let base = base_name
                    .and_then(|n| BaseEncoding::from_name(&n))
                    .or(builtin);
                (base, get_array(doc, enc, b"Differences"))
            }
            None => (builtin, None),
        },
        None => (builtin, None),
    };
    let mut names: Vec<Option<Cow<'static, str>>> = (0..=255u8)
        .map(|c| base.and_then(|b| b.glyph_name(c)).map(Cow::Borrowed))
        .collect();
    if let Some(diffs) = differences {
        let mut code = 0usize;
        for item in diffs {
            match resolve(doc, item) {
                Some(Object::Integer(i)) => code = (*i).clamp(0, 256) as usize,
                Some(Object::Name(n)) => {
                    if let Some(slot) = names.get_mut(code) {
                        *slot = Some(Cow::Owned(lenient_text(n)));
                    }
                    code += 1;
                }
                _ => {}
            }
        }
    }
    names
}

fn load_composite(
    doc: &Document,
    dict: &Dictionary,
    to_unicode: Option<ToUnicode>,
    info: &mut FontInfo,
    budget: &mut Budget,
    warnings: &mut Vec<String>,
) -> Result<Font, PdfError> {
    let descendant = get_array(doc, dict, b"DescendantFonts")
        .and_then(|a| a.first())
        .and_then(|o| resolve(doc, o))
        .and_then(as_dict);
    let (codes, cmap_name, vertical) = encoding_cmap(doc, dict, budget, warnings)?;
    info.encoding = cmap_name.clone();
    let empty = Dictionary::new();
    let cid_font = descendant.unwrap_or(&empty);
    let ordering = get_dict(doc, cid_font, b"CIDSystemInfo")
        .and_then(|si| get(doc, si, b"Ordering"))
        .and_then(|o| o.as_str().ok())
        .map(lenient_text)
        .unwrap_or_default();
    let predefined_japanese = matches!(codes, CodeMap::CMap(_)) && !cmap_name.is_empty();
    let japan1 = ordering == "Japan1" || (ordering.is_empty() && predefined_japanese);
    let default_width = get_number(doc, cid_font, b"DW").unwrap_or(1000.0) * 0.001;
    let widths = parse_w(doc, get_array(doc, cid_font, b"W").unwrap_or(&[]));
    let dw2 = get_array(doc, cid_font, b"DW2")
        .map(|a| numbers(doc, a))
        .filter(|v| v.len() == 2);
    let default_vertical_advance = dw2.map_or(-1.0, |v| v[1] * 0.001);
    let vertical_advances = parse_w2(doc, get_array(doc, cid_font, b"W2").unwrap_or(&[]));
    let descriptor = get_dict(doc, cid_font, b"FontDescriptor");
    let (ascent, descent) = vertical_extent(doc, descriptor, 0.001);
    let is_identity = matches!(codes, CodeMap::Identity);
    Ok(Font {
        kind: FontKind::Composite(Box::new(CompositeFont {
            codes,
            cmap_name: if is_identity {
                String::new()
            } else {
                cmap_name
            },
            to_unicode,
            japan1,
            widths,
            default_width,
            vertical_advances,
            default_vertical_advance,
            texts: RefCell::default(),
        })),
        ascent,
        descent,
        vertical,
    })
}

/// The encoding CMap of a Type0 font: its code map, name and writing mode.
fn encoding_cmap(
    doc: &Document,
    dict: &Dictionary,
    budget: &mut Budget,
    warnings: &mut Vec<String>,
) -> Result<(CodeMap, String, bool), PdfError> {
    match get(doc, dict, b"Encoding") {
        Some(Object::Name(n)) => {
            let name = lenient_text(n);
            let vertical = name.ends_with("-V");
            if name == "Identity-H" || name == "Identity-V" {
                return Ok((CodeMap::Identity, name, vertical));
            }
            match CMap::predefined(&name) {
                Some(m) => Ok((CodeMap::CMap(m), name, vertical)),
                None => {
                    warnings.push(format!("unknown CMap {name}: read as Identity"));
                    Ok((CodeMap::Identity, name, vertical))
                }
            }
        }
        Some(Object::Stream(s)) => {
            let parsed = match budget.stream_data(s, warnings)? {
                Some(data) => CMap::parse(&data).map_err(|e| e.to_string()),
                None => Err("unreadable CMap stream".to_string()),
            };
            match parsed {
                Ok(m) => {
                    let vertical = m.vertical || m.name.ends_with("-V");
                    let name = m.name.clone();
                    Ok((CodeMap::CMap(Arc::new(m)), name, vertical))
                }
                Err(e) => {
                    warnings.push(format!("embedded CMap ignored ({e}): read as Identity"));
                    Ok((CodeMap::Identity, String::new(), false))
                }
            }
        }
        _ => {
            warnings.push("Type0 font without encoding: read as Identity".into());
            Ok((CodeMap::Identity, "Identity-H".into(), false))
        }
    }
}

/// `/W`: `c [w1 w2 …]` and `cfirst clast w`, widths in em.
fn parse_w(doc: &Document, items: &[Object]) -> Vec<(u32, u32, f64)> {
    parse_metrics(doc, items, 1, 3)
}

/// `/W2`: `c [w1y vx vy …]` and `cfirst clast w1y vx vy`, vertical advances in em.
fn parse_w2(doc: &Document, items: &[Object]) -> Vec<(u32, u32, f64)> {
    parse_metrics(doc, items, 3, 5)
}

/// The first metric of each CID of a /W-style array, as sorted `(first, last, value)` runs:
/// `c [m …]` gives `per_cid` numbers per CID, `cfirst clast m …` takes `range_len` items.
fn parse_metrics(
    doc: &Document,
    items: &[Object],
    per_cid: usize,
    range_len: usize,
) -> Vec<(u32, u32, f64)> {
    let mut out = Vec::new();
    let mut i = 0;
    while i < items.len() {
        let Some(first) = number(doc, &items[i]).filter(|v| *v >= 0.0) else {
            i += 1;
            continue;
        };
        let first = first as u32;
        match items.get(i + 1).and_then(|o| resolve(doc, o)) {
            Some(Object::Array(values)) => {
                for (k, group) in values.chunks(per_cid).enumerate() {
                    if let Some(m) = group.first().and_then(|o| number(doc, o)) {
                        let cid = first.saturating_add(k as u32);
                        out.push((cid, cid, m * 0.001));
                    }
                }
                i += 2;
            }
            Some(_) => {
                let last = items.get(i + 1).and_then(|o| number(doc, o));
                let m = items.get(i + 2).and_then(|o| number(doc, o));
                if let (Some(last), Some(m)) = (last, m) {
                    out.push((first, last.max(0.0) as u32, m * 0.001));
                }
                i += range_len;
            }
            None => break,
        }
    }
    out.sort_by_key(|r| r.0);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn w_arrays_in_both_forms() {
        let doc = Document::new();
        let items = vec![
            Object::Integer(1),
            Object::Array(vec![Object::Integer(500), Object::Integer(600)]),
            Object::Integer(10),
            Object::Integer(20),
            Object::Integer(1000),
        ];
        let w = parse_w(&doc, &items);
        assert_eq!(lookup(&w, 1), Some(0.5));
        assert_eq!(lookup(&w, 2), Some(0.6));
        assert_eq!(lookup(&w, 3), None);
        assert_eq!(lookup(&w, 15), Some(1.0));
        assert_eq!(lookup(&w, 21), None);
    }
}
