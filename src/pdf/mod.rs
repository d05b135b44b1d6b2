//! Stage 1: a PDF's bytes to every page's glyphs and ruling segments.

pub mod cmap;
mod collect;
pub(crate) mod encoding;
pub(crate) mod font;
pub(crate) mod geom;
pub(crate) mod inflate;
pub(crate) mod interp;
pub(crate) mod lexer;
pub(crate) mod objects;
mod prune;
pub mod radicals;
mod select;
mod shared_glyphs;
pub(crate) mod tounicode;

pub use select::PageRanges;

use std::collections::HashMap;
use std::sync::Arc;
use std::time::Instant;

use lopdf::{Dictionary, Document, LoadOptions, Object, ObjectId, Stream};

use crate::model::{FontInfo, Page, PdfDocument};
use font::Font;
use geom::Matrix;
use inflate::Inflated;
use interp::{Interpreter, PageSetup};
use objects::{get, get_dict, numbers, text_string};

/// Resource limits that keep hostile files bounded. Every limit can be raised by a flag.
#[derive(Debug, Clone, PartialEq)]
pub struct Limits {
    /// Decompressed bytes of one stream.
    pub max_stream_bytes: usize,
    /// Decompressed bytes of all streams of a document.
    pub max_document_bytes: usize,
    /// Objects in one document.
    pub max_objects: usize,
    /// Content-stream operators on one page.
    pub max_operators_per_page: usize,
    /// Nesting depth of Form XObjects.
    pub max_form_depth: usize,
    /// Glyphs on one page.
    pub max_glyphs_per_page: usize,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            max_stream_bytes: 256 << 20,
            max_document_bytes: 2 << 30,
            max_objects: 2_000_000,
            max_operators_per_page: 5_000_000,
            max_form_depth: 32,
            max_glyphs_per_page: 1_000_000,
        }
    }
}

/// Options for reading a PDF.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Options {
    /// Password for encrypted files (the empty user password is always tried).
    pub password: Option<String>,
    /// Resource limits.
    pub limits: Limits,
    /// Stop with [`PdfError::Timeout`] once this instant has passed (checked between
    /// operators and pages), so one slow file cannot hold up a batch.
    pub deadline: Option<std::time::Instant>,
    /// Only these pages are decoded (all when None); the others are not read at all.
    pub pages: Option<PageRanges>,
}

/// Why a PDF could not be read at all.
#[derive(Debug, thiserror::Error, PartialEq)]
pub enum PdfError {
    /// Not a PDF, or damaged beyond repair.
    #[error("not a readable PDF: {0}")]
    Malformed(String),
    /// Encrypted, and the empty password does not open it (no password was given).
    #[error("encrypted, password required (give it with --password)")]
    Encrypted,
    /// Encrypted, and the password given does not open it.
    #[error("encrypted, and the password given with --password does not open it")]
    WrongPassword,
    /// A resource limit was exceeded; the message names the flag that raises it.
    #[error("limit exceeded: {0}")]
    Limit(String),
    /// The per-file time budget ran out.
    #[error("time budget exceeded (raise it with --timeout)")]
    Timeout,
    /// The page selection ([`Options::pages`]) holds none of the document's pages.
    #[error("--pages {wanted} selects no page: the document has {total}")]
    NoSelectedPage {
        /// The selection, as given.
        wanted: String,
        /// Pages in the document.
        total: u32,
    },
}

/// A [`PdfError::Limit`] saying what went over which maximum, and the flag that raises it.
pub(crate) fn limit_exceeded(what: impl std::fmt::Display, flag: &str) -> PdfError {
    PdfError::Limit(format!("{what} (raise it with {flag})"))
}

/// Decodes every page of a PDF into one [`PdfDocument`]. A page that fails is returned with
/// its `error` set. This is [`open`] with every page collected; the pipeline reads pages one
/// at a time instead.
///
/// Whole-file failures are errors: not a PDF or damaged beyond repair
/// ([`PdfError::Malformed`]), a password that does not open it ([`PdfError::Encrypted`],
/// [`PdfError::WrongPassword`]), a resource limit ([`PdfError::Limit`]) or the deadline
/// ([`PdfError::Timeout`]).
pub fn extract(bytes: &[u8], options: &Options) -> Result<PdfDocument, PdfError> {
    let mut reader = open(bytes, options)?;
    let pages = reader.by_ref().collect::<Result<Vec<Page>, PdfError>>()?;
    let info = reader.into_info();
    Ok(PdfDocument {
        pages,
        fonts: info.fonts,
        title: info.title,
        warnings: info.warnings,
    })
}

/// Opens a PDF: parses its objects and finds its pages, decoding none of them yet. The
/// returned [`Reader`] yields the pages in order, then [`Reader::into_info`] gives what was
/// learnt of the document along the way (title, fonts, warnings).
pub fn open(bytes: &[u8], options: &Options) -> Result<Reader, PdfError> {
    let doc = load(bytes, options)?;
    let all: Vec<(u32, ObjectId)> = doc.get_pages().into_iter().collect();
    if all.is_empty() {
        return Err(PdfError::Malformed("no pages found".into()));
    }
    let total = u32::try_from(all.len()).unwrap_or(u32::MAX);
    let pages: Vec<(u32, ObjectId)> = match &options.pages {
        Some(wanted) => all
            .into_iter()
            .filter(|(n, _)| wanted.contains(*n))
            .collect(),
        None => all,
    };
    if pages.is_empty() {
        let wanted = options
            .pages
            .as_ref()
            .map(|w| w.to_string())
            .unwrap_or_default();
        return Err(PdfError::NoSelectedPage { wanted, total });
    }
    Ok(Reader {
        title: document_title(&doc),
        doc,
        pages,
        next: 0,
        budget: Budget::new(options),
        fonts: FontCache::default(),
        total,
    })
}

/// What stage 1 learnt of a document besides its pages.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct DocumentInfo {
    /// The /Info title, if any.
    pub title: Option<String>,
    /// Every font used, indexed by [`crate::model::Glyph::font`].
    pub fonts: Vec<FontInfo>,
    /// Document-level problems (fonts that did not load fully, …).
    pub warnings: Vec<String>,
}

/// An opened PDF that decodes its (selected) pages one at a time, in page order, so that a
/// caller reducing each page as it comes holds one page's glyphs at a time. An error that
/// concerns the whole file (a limit, the deadline) ends the iteration.
pub struct Reader {
    doc: Document,
    pages: Vec<(u32, ObjectId)>,
    next: usize,
    budget: Budget,
    fonts: FontCache,
    title: Option<String>,
    total: u32,
}

impl Reader {
    /// Pages in the file, whether selected or not.
    pub fn total_pages(&self) -> u32 {
        self.total
    }

    /// Pages this reader yields (those selected by [`Options::pages`]).
    pub fn selected_pages(&self) -> usize {
        self.pages.len()
    }

    /// The title, fonts and warnings; fonts and their warnings are complete once every page
    /// has been read.
    pub fn into_info(self) -> DocumentInfo {
        DocumentInfo {
            title: self.title,
            fonts: self.fonts.infos,
            warnings: self.fonts.document_warnings,
        }
    }

    fn read_next(&mut self, number: u32, id: ObjectId) -> Result<Page, PdfError> {
        self.budget.check_deadline()?;
        read_page(&self.doc, number, id, &mut self.fonts, &mut self.budget)
    }
}

impl Iterator for Reader {
    type Item = Result<Page, PdfError>;

    fn next(&mut self) -> Option<Self::Item> {
        let &(number, id) = self.pages.get(self.next)?;
        self.next += 1;
        let page = self.read_next(number, id);
        if page.is_err() {
            self.next = self.pages.len(); // a whole-file error: no page after it
        }
        Some(page)
    }
}

impl std::fmt::Debug for Reader {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Reader")
            .field("pages", &self.pages.len())
            .field("next", &self.next)
            .finish_non_exhaustive()
    }
}

fn load(bytes: &[u8], options: &Options) -> Result<Document, PdfError> {
    if !bytes.windows(5).take(1024).any(|w| w == b"%PDF-") {
        return Err(PdfError::Malformed(
            "no %PDF- header: not a PDF file".into(),
        ));
    }
    prune::start_count();
    let mut doc = parse(bytes, options, Some(prune::keep))?;
    check_object_count(prune::parsed_count().max(doc.objects.len()), options)?;
    if doc.get_pages().is_empty() {
        // lopdf rebuilds a cross-reference table whose page tree does not load only when no
        // filter is set (a filter might have dropped the tree): read such a file again whole.
        doc = parse(bytes, options, None)?;
        check_object_count(doc.objects.len(), options)?;
    }
    if doc.is_encrypted() {
        return Err(password_error(options));
    }
    Ok(doc)
}

/// No password given, or the one given is wrong.
fn password_error(options: &Options) -> PdfError {
    match options.password.as_deref() {
        Some(p) if !p.is_empty() => PdfError::WrongPassword,
        _ => PdfError::Encrypted,
    }
}

fn check_object_count(parsed: usize, options: &Options) -> Result<(), PdfError> {
    let max = options.limits.max_objects;
    if parsed > max {
        return Err(limit_exceeded(
            format_args!("{parsed} objects, more than {max}"),
            "--max-objects",
        ));
    }
    Ok(())
}

/// The error for a stream that decompresses to more than `max` bytes.
fn stream_too_large(max: usize) -> PdfError {
    limit_exceeded(
        format_args!("a stream decompresses to more than {max} bytes"),
        "--max-stream-bytes",
    )
}

/// lopdf's parse of the whole file, with the load `filter` (see [`prune`]).
fn parse(
    bytes: &[u8],
    options: &Options,
    filter: Option<lopdf::FilterFunc>,
) -> Result<Document, PdfError> {
    let load_options = LoadOptions {
        password: options.password.clone(),
        max_decompressed_size: Some(options.limits.max_stream_bytes),
        filter,
        ..LoadOptions::default()
    };
    Document::load_mem_with_options(bytes, load_options).map_err(|e| match e {
        lopdf::Error::InvalidPassword => password_error(options),
        lopdf::Error::Decompress(lopdf::DecompressError::MemoryLimitExceeded { limit }) => {
            stream_too_large(limit)
        }
        other => PdfError::Malformed(other.to_string()),
    })
}

fn document_title(doc: &Document) -> Option<String> {
    let info = get_dict(doc, &doc.trailer, b"Info")?;
    let title = text_string(get(doc, info, b"Title")?.as_str().ok()?);
    let title = title.trim();
    (!title.is_empty()).then(|| title.to_string())
}

/// Reads one page; failures that concern only this page are stored in `Page::error`.
fn read_page(
    doc: &Document,
    number: u32,
    page_id: ObjectId,
    fonts: &mut FontCache,
    budget: &mut Budget,
) -> Result<Page, PdfError> {
    let mut page = Page {
        number,
        ..Page::default()
    };
    let Ok(dict) = doc.get_dictionary(page_id) else {
        page.error = Some(format!(
            "page object {} {} R is missing",
            page_id.0, page_id.1
        ));
        return Ok(page);
    };
    let geometry = PageGeometry::of(doc, dict);
    page.width = geometry.width;
    page.height = geometry.height;
    page.rotate = geometry.rotate;
    let content = match page_content(doc, dict, budget, &mut page.warnings)? {
        Ok(content) => content,
        Err(e) => {
            page.error = Some(e);
            return Ok(page);
        }
    };
    let resources = inherited(doc, dict, b"Resources").and_then(objects::as_dict);
    let setup = PageSetup {
        device: geometry.device,
        width: geometry.width,
        height: geometry.height,
    };
    let out = Interpreter::new(doc, fonts, budget, setup).run_page(&content, resources)?;
    page.glyphs = out.glyphs;
    shared_glyphs::prefer_cjk_forms(&mut page.glyphs);
    page.segments = out.segments;
    page.warnings.extend(out.warnings);
    if out.text_without_font > 0 {
        // The page's words are gone, not just odd: records built from it would be wrong.
        page.error = Some(format!(
            "{} text string(s) lost: their font is missing or unreadable",
            out.text_without_font
        ));
    }
    let mut undecodable: Vec<_> = out.undecodable.into_iter().collect();
    undecodable.sort_unstable();
    for (font, count) in undecodable {
        let name = fonts
            .infos
            .get(font as usize)
            .map_or("?", |f| f.name.as_str());
        page.warnings.push(format!(
            "{count} undecodable character code(s) in font {name} shown as U+FFFD"
        ));
    }
    Ok(page)
}

/// The page's content streams decoded and concatenated, or this page's error.
fn page_content(
    doc: &Document,
    dict: &Dictionary,
    budget: &mut Budget,
    warnings: &mut Vec<String>,
) -> Result<Result<Vec<u8>, String>, PdfError> {
    let Ok(contents) = dict.get(b"Contents") else {
        return Ok(Ok(Vec::new())); // a blank page
    };
    let missing = |o: &Object| match o {
        Object::Reference(id) => format!("content stream {} {} R is missing", id.0, id.1),
        _ => "/Contents is not a stream".to_string(),
    };
    let streams: Vec<&Stream> = match objects::resolve(doc, contents) {
        None => return Ok(Err(missing(contents))),
        Some(Object::Stream(s)) => vec![s],
        Some(Object::Array(items)) => {
            let streams: Vec<&Stream> = items
                .iter()
                .filter_map(|o| match objects::resolve(doc, o) {
                    Some(Object::Stream(s)) => Some(s),
                    _ => None,
                })
                .collect();
            if streams.is_empty() && !items.is_empty() {
                return Ok(Err(missing(&items[0])));
            }
            if streams.len() < items.len() {
                warnings.push(format!(
                    "{} of {} content streams are missing",
                    items.len() - streams.len(),
                    items.len()
                ));
            }
            streams
        }
        Some(_) => return Ok(Err("/Contents is not a stream".into())),
    };
    let mut content = Vec::new();
    let mut failed = 0;
    for stream in &streams {
        match budget.stream_data(stream, warnings)? {
            Some(data) => {
                content.extend_from_slice(&data);
                content.push(b'\n');
            }
            None => failed += 1,
        }
    }
    if failed > 0 && failed == streams.len() {
        return Ok(Err("content stream could not be decoded".into()));
    }
    Ok(Ok(content))
}

/// A stream whose only filter is /FlateDecode without parameters (most content streams):
/// decoded by [`inflate`], which reports corruption instead of hiding it.
fn is_plain_flate(stream: &Stream) -> bool {
    let flate = |o: &Object| o.as_name().is_ok_and(|n| n == b"FlateDecode" || n == b"Fl");
    let single = match stream.dict.get(b"Filter") {
        Ok(Object::Array(items)) => matches!(items.as_slice(), [only] if flate(only)),
        Ok(other) => flate(other),
        Err(_) => false,
    };
    single && stream.dict.get(b"DecodeParms").is_err()
}

/// A page attribute, inherited through /Parent when absent.
fn inherited<'a>(doc: &'a Document, dict: &'a Dictionary, key: &[u8]) -> Option<&'a Object> {
    let mut node = dict;
    for _ in 0..64 {
        if let Some(v) = get(doc, node, key) {
            return Some(v);
        }
        node = get_dict(doc, node, b"Parent")?;
    }
    None
}

/// The effective page box and the transform from user space to page space.
struct PageGeometry {
    device: Matrix,
    width: f64,
    height: f64,
    rotate: i32,
}

impl PageGeometry {
    fn of(doc: &Document, dict: &Dictionary) -> PageGeometry {
        let read_box = |key: &[u8]| {
            let v = match inherited(doc, dict, key)? {
                Object::Array(a) => numbers(doc, a),
                _ => return None,
            };
            let [a, b, c, d] = v[..] else { return None };
            let r = crate::model::Rect::new(a, b, c, d);
            (r.width() > 0.0 && r.height() > 0.0).then_some(r)
        };
        let media =
            read_box(b"MediaBox").unwrap_or(crate::model::Rect::new(0.0, 0.0, 612.0, 792.0));
        let crop = read_box(b"CropBox")
            .map(|c| crate::model::Rect {
                x0: c.x0.max(media.x0),
                y0: c.y0.max(media.y0),
                x1: c.x1.min(media.x1),
                y1: c.y1.min(media.y1),
            })
            .filter(|c| c.width() > 0.0 && c.height() > 0.0)
            .unwrap_or(media);
        let rotate = inherited(doc, dict, b"Rotate")
            .and_then(|o| objects::number(doc, o))
            .map_or(0, |r| ((r / 90.0).round() as i64).rem_euclid(4) as i32 * 90);
        let (x0, y0, x1, y1) = (crop.x0, crop.y0, crop.x1, crop.y1);
        let (device, width, height) = match rotate {
            90 => (
                Matrix::new(0.0, 1.0, 1.0, 0.0, -y0, -x0),
                crop.height(),
                crop.width(),
            ),
            180 => (
                Matrix::new(-1.0, 0.0, 0.0, 1.0, x1, -y0),
                crop.width(),
                crop.height(),
            ),
            270 => (
                Matrix::new(0.0, -1.0, -1.0, 0.0, y1, x1),
                crop.height(),
                crop.width(),
            ),
            _ => (
                Matrix::new(1.0, 0.0, 0.0, -1.0, -x0, y1),
                crop.width(),
                crop.height(),
            ),
        };
        PageGeometry {
            device,
            width,
            height,
            rotate,
        }
    }
}

/// Byte and time budgets of one document, and the decoded Form XObjects (decoded once).
pub(crate) struct Budget {
    limits: Limits,
    deadline: Option<Instant>,
    used_bytes: usize,
    forms: HashMap<ObjectId, Arc<Vec<u8>>>,
}

impl Budget {
    fn new(options: &Options) -> Budget {
        Budget {
            limits: options.limits.clone(),
            deadline: options.deadline,
            used_bytes: 0,
            forms: HashMap::new(),
        }
    }

    /// Fails with [`PdfError::Timeout`] once the deadline has passed.
    pub fn check_deadline(&self) -> Result<(), PdfError> {
        match self.deadline {
            Some(d) if Instant::now() > d => Err(PdfError::Timeout),
            _ => Ok(()),
        }
    }

    /// A stream's decoded bytes; None (with a warning) when it cannot be decoded. A Flate
    /// stream that breaks part-way keeps what came before the break (with a warning).
    pub fn stream_data(
        &mut self,
        stream: &Stream,
        warnings: &mut Vec<String>,
    ) -> Result<Option<Vec<u8>>, PdfError> {
        let max = self.limits.max_stream_bytes;
        let too_large = || stream_too_large(max);
        let data = if is_plain_flate(stream) {
            match inflate::inflate(&stream.content, max) {
                Inflated::Whole(data) => data,
                Inflated::TooLarge => return Err(too_large()),
                Inflated::Broken { data, error } if data.is_empty() => {
                    warnings.push(format!("stream skipped: corrupt Flate data ({error})"));
                    return Ok(None);
                }
                Inflated::Broken { data, error } => {
                    warnings.push(format!(
                        "stream cut short after {} bytes: corrupt Flate data ({error})",
                        data.len()
                    ));
                    data
                }
            }
        } else {
            match stream.get_plain_content_with_limit(max) {
                Ok(data) => data,
                Err(lopdf::Error::Decompress(lopdf::DecompressError::MemoryLimitExceeded {
                    ..
                })) => return Err(too_large()),
                Err(e) => {
                    warnings.push(format!("stream skipped: {e}"));
                    return Ok(None);
                }
            }
        };
        self.used_bytes = self.used_bytes.saturating_add(data.len());
        if self.used_bytes > self.limits.max_document_bytes {
            return Err(limit_exceeded(
                format_args!(
                    "the streams decompress to more than {} bytes in all",
                    self.limits.max_document_bytes
                ),
                "--max-document-bytes",
            ));
        }
        Ok(Some(data))
    }

    /// A Form XObject's decoded content, decoded once per document.
    pub fn form_data(
        &mut self,
        id: Option<ObjectId>,
        stream: &Stream,
        warnings: &mut Vec<String>,
    ) -> Result<Option<Arc<Vec<u8>>>, PdfError> {
        if let Some(data) = id.and_then(|id| self.forms.get(&id)) {
            return Ok(Some(Arc::clone(data)));
        }
        let Some(data) = self.stream_data(stream, warnings)? else {
            return Ok(None);
        };
        let data = Arc::new(data);
        if let Some(id) = id {
            self.forms.insert(id, Arc::clone(&data));
        }
        Ok(Some(data))
    }
}

/// Fonts of one document, each parsed once and shared by all pages.
#[derive(Default)]
pub(crate) struct FontCache {
    keys: HashMap<FontKey, Option<u32>>,
    /// Loaded fonts; a glyph's `font` indexes this and `infos`.
    pub fonts: Vec<Font>,
    /// What stage 1 understood of each font.
    pub infos: Vec<FontInfo>,
    /// Problems found while loading fonts.
    pub document_warnings: Vec<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
enum FontKey {
    Object(ObjectId),
    /// A direct font dictionary, keyed by its address in the (immutable) document.
    Direct(usize),
}

impl FontCache {
    /// The index of the font a resource entry names, loading it on first use.
    pub fn get_or_load(
        &mut self,
        doc: &Document,
        entry: &Object,
        budget: &mut Budget,
        warnings: &mut Vec<String>,
    ) -> Result<Option<u32>, PdfError> {
        let Ok((id, obj)) = doc.dereference(entry) else {
            warnings.push("font object missing".into());
            return Ok(None);
        };
        let key = match id {
            Some(id) => FontKey::Object(id),
            None => FontKey::Direct(obj as *const Object as usize),
        };
        if let Some(index) = self.keys.get(&key) {
            return Ok(*index);
        }
        let index = match objects::as_dict(obj) {
            Some(dict) => {
                let mut font_warnings = Vec::new();
                let (font, info) = font::load(doc, dict, budget, &mut font_warnings)?;
                for w in font_warnings {
                    self.document_warnings
                        .push(format!("font {}: {w}", info.name));
                }
                self.fonts.push(font);
                self.infos.push(info);
                Some((self.fonts.len() - 1) as u32)
            }
            None => {
                warnings.push("font entry is not a dictionary".into());
                None
            }
        };
        self.keys.insert(key, index);
        Ok(index)
    }
}
