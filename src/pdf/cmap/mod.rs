//! CMaps: code-space splitting, code → CID, code → Unicode (ToUnicode), the predefined
//! Adobe-Japan1 CMaps (compiled into compact tables) and Adobe-Japan1 CID → Unicode.
//!
//! Lookups are binary searches over sorted, disjoint code ranges, so a CMap costs memory
//! by the number of ranges it declares, never by the number of codes they cover.

mod blob;
mod japan1;
mod parse;
mod predefined;
mod range_map;

use std::sync::Arc;

use range_map::{RangeMap, Shift};

pub use japan1::adobe_japan1_unicode;
pub use predefined::{predefined_names, predefined_unicode};

/// Code-space ranges beyond this many are ignored (real CMaps have a handful), so that
/// splitting a code stays cheap on hostile input.
const MAX_CODESPACE_RANGES: usize = 256;

/// A parsed CMap (an embedded /Encoding stream, a /ToUnicode stream or a predefined CMap).
#[derive(Debug, Clone, Default)]
pub struct CMap {
    /// The /CMapName, if given.
    pub name: String,
    /// Writing mode from /WMode (true = vertical).
    pub vertical: bool,
    /// Code-space ranges, the parent's first.
    codespace: Vec<CodeSpace>,
    /// Code length used when there is no code-space range at all.
    default_len: u8,
    /// cidchar/cidrange.
    cids: RangeMap<u32>,
    /// notdefrange: the CID of codes in the code space that map to nothing.
    notdefs: RangeMap<NotDef>,
    /// bfchar/bfrange.
    dests: RangeMap<Dest>,
    /// The CMap named by usecmap; this one's entries override it.
    parent: Option<Arc<CMap>>,
}

/// One code-space range: codes of `len` (1 to 4) bytes, each byte between the bytes of
/// `lo` and `hi` at its position.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct CodeSpace {
    len: u8,
    lo: u32,
    hi: u32,
}

impl CodeSpace {
    /// The bounds of byte `index` (0 = first) of the range's codes.
    fn byte_bounds(&self, index: usize) -> std::ops::RangeInclusive<u8> {
        let shift = 8 * (usize::from(self.len) - 1 - index);
        let byte = |code: u32| (code >> shift & 0xff) as u8;
        byte(self.lo)..=byte(self.hi)
    }

    /// True when `code` has the range's length and each byte is within bounds.
    fn contains(&self, code: &[u8]) -> bool {
        code.len() == usize::from(self.len)
            && code
                .iter()
                .enumerate()
                .all(|(index, byte)| self.byte_bounds(index).contains(byte))
    }
}

/// The Unicode destination of a bf entry.
#[derive(Debug, Clone)]
enum Dest {
    /// A bfrange run: the code `n` after the run's start maps to `utf16be + offset + n`
    /// (big-endian addition, as the PDF spec's incremented last byte).
    Run { utf16be: Box<[u8]>, offset: u32 },
    /// A fixed text (bfchar, or an element of a bfrange array).
    Text(Arc<str>),
}

impl Shift for Dest {
    fn shifted(&self, by: u32) -> Self {
        match self {
            Dest::Run { utf16be, offset } => Dest::Run {
                utf16be: utf16be.clone(),
                offset: offset.wrapping_add(by),
            },
            Dest::Text(text) => Dest::Text(text.clone()),
        }
    }
}

/// A notdefrange value: every code of the range maps to the same CID.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct NotDef(u32);

impl Shift for NotDef {
    fn shifted(&self, _by: u32) -> Self {
        *self
    }
}

/// Why a CMap stream could not be parsed.
#[derive(Debug, thiserror::Error, PartialEq)]
#[error("bad CMap: {0}")]
pub struct CMapError(pub String);

/// Parent chains longer than this are not followed (predefined chains have depth ≤ 3).
const MAX_PARENT_DEPTH: usize = 8;

impl CMap {
    /// Parses a CMap or ToUnicode stream; `usecmap` of a predefined CMap is resolved.
    ///
    /// Tolerant: PostScript noise, comments and malformed entries are skipped. Fails
    /// only when the data holds nothing CMap-like at all.
    pub fn parse(data: &[u8]) -> Result<CMap, CMapError> {
        parse::parse(data, None)
    }

    /// Parses a CMap stream whose base CMap (a /UseCMap stream entry) is already known;
    /// the stream's entries override `parent`'s.
    pub fn parse_with_parent(data: &[u8], parent: Arc<CMap>) -> Result<CMap, CMapError> {
        parse::parse(data, Some(parent))
    }

    /// A predefined CMap by name (`UniJIS-UCS2-HW-H`, `90ms-RKSJ-H`, `Identity-V`, …),
    /// built once per process and shared.
    pub fn predefined(name: &str) -> Option<Arc<CMap>> {
        predefined::load(name)
    }

    /// The identity CMap of 2-byte codes (`Identity-H`, or `Identity-V` when vertical).
    pub fn identity(vertical: bool) -> CMap {
        let mut cids = range_map::RangeMapBuilder::default();
        cids.insert(0, 0xffff, 0);
        CMap {
            name: if vertical { "Identity-V" } else { "Identity-H" }.into(),
            vertical,
            codespace: vec![CodeSpace {
                len: 2,
                lo: 0,
                hi: 0xffff,
            }],
            default_len: 2,
            cids: cids.build(),
            ..CMap::default()
        }
    }

    /// Splits the next character code off `bytes` by the code-space ranges.
    /// Returns the code and its length in bytes (at least 1 when `bytes` is not empty).
    ///
    /// A range matches when each byte lies within the range's bounds for that byte (the
    /// PostScript rule); the shortest match wins. When none matches, the shortest prefix
    /// that the CMap maps to a CID is taken (a `cidchar <e0>` outside the code space, as
    /// poppler reads it), else the length of a range whose first byte fits, else 1 byte.
    /// With no code space at all, the length of the CMap's first source code (2 if none).
    pub fn next_code(&self, bytes: &[u8]) -> (u32, usize) {
        if bytes.is_empty() {
            return (0, 0);
        }
        if self.codespace.is_empty() {
            return code_prefix(bytes, usize::from(self.default_len.max(1)));
        }
        let longest = bytes.len().min(4);
        for len in 1..=longest {
            let prefix = &bytes[..len];
            if self.codespace.iter().any(|range| range.contains(prefix)) {
                return code_prefix(bytes, len);
            }
        }
        for len in 1..=longest {
            let (code, _) = code_prefix(bytes, len);
            if self.mapped_cid(code, 0).is_some() {
                return (code, len);
            }
        }
        code_prefix(bytes, self.fallback_len(bytes[0]))
    }

    /// Bytes to consume for a code that is in no range: the length of the first range
    /// whose first byte fits `first`, else 1.
    fn fallback_len(&self, first: u8) -> usize {
        self.codespace
            .iter()
            .find(|range| range.byte_bounds(0).contains(&first))
            .map_or(1, |range| usize::from(range.len))
    }

    /// The CID of a code (cidchar/cidrange, else notdefrange), or None.
    pub fn cid(&self, code: u32, len: usize) -> Option<u32> {
        let _ = len;
        self.mapped_cid(code, 0)
            .or_else(|| self.notdef_cid(code, 0))
    }

    fn mapped_cid(&self, code: u32, depth: usize) -> Option<u32> {
        self.cids.get(code).or_else(|| {
            let parent = self.parent.as_ref().filter(|_| depth < MAX_PARENT_DEPTH)?;
            parent.mapped_cid(code, depth + 1)
        })
    }

    fn notdef_cid(&self, code: u32, depth: usize) -> Option<u32> {
        self.notdefs.get(code).map(|NotDef(cid)| cid).or_else(|| {
            let parent = self.parent.as_ref().filter(|_| depth < MAX_PARENT_DEPTH)?;
            parent.notdef_cid(code, depth + 1)
        })
    }

    /// The Unicode text of a code (bfchar/bfrange of a ToUnicode CMap), or None.
    pub fn unicode(&self, code: u32, len: usize) -> Option<String> {
        let _ = len;
        let mut cmap = self;
        for _ in 0..=MAX_PARENT_DEPTH {
            if let Some((start, dest)) = cmap.dests.find(code) {
                return Some(dest_text(dest, code - start));
            }
            cmap = cmap.parent.as_deref()?;
        }
        None
    }

    /// True when the CMap (or its parent) maps codes to Unicode (bfchar/bfrange).
    pub fn has_unicode(&self) -> bool {
        !self.dests.is_empty() || self.parent.as_ref().is_some_and(|p| p.has_unicode())
    }

    /// Number of code ranges this CMap itself declares (cid, notdef and bf runs), not
    /// counting its parent: a measure of its memory.
    pub fn own_range_count(&self) -> usize {
        self.cids.len() + self.notdefs.len() + self.dests.len()
    }

    /// The CMap named by usecmap, if any.
    pub fn parent(&self) -> Option<&Arc<CMap>> {
        self.parent.as_ref()
    }
}

/// The first `len` bytes of `bytes` (fewer at the end) as a big-endian code.
fn code_prefix(bytes: &[u8], len: usize) -> (u32, usize) {
    let len = len.clamp(1, 4).min(bytes.len());
    let code = bytes[..len]
        .iter()
        .fold(0u32, |code, &b| code << 8 | u32::from(b));
    (code, len)
}

/// The text of a destination, `steps` codes into its run.
fn dest_text(dest: &Dest, steps: u32) -> String {
    match dest {
        Dest::Text(text) => text.to_string(),
        Dest::Run { utf16be, offset } => {
            let mut bytes = utf16be.to_vec();
            add_big_endian(&mut bytes, offset.wrapping_add(steps));
            decode_utf16be(&bytes)
        }
    }
}

/// Adds `value` to `bytes` read as one big-endian number (overflow is dropped).
fn add_big_endian(bytes: &mut [u8], value: u32) {
    let mut carry = u64::from(value);
    for byte in bytes.iter_mut().rev() {
        if carry == 0 {
            break;
        }
        let sum = u64::from(*byte) + (carry & 0xff);
        *byte = (sum & 0xff) as u8;
        carry = (carry >> 8) + (sum >> 8);
    }
}

/// A ToUnicode destination: UTF-16BE (lone surrogates become U+FFFD); a single byte is
/// taken as that code point, as producers of 1-byte destinations mean.
fn decode_utf16be(bytes: &[u8]) -> String {
    if let [byte] = bytes {
        return char::from(*byte).to_string();
    }
    let units: Vec<u16> = bytes
        .chunks_exact(2)
        .map(|pair| u16::from_be_bytes([pair[0], pair[1]]))
        .collect();
    String::from_utf16_lossy(&units)
}
