//! CMaps: code-space splitting, code → CID, code → Unicode (ToUnicode), the predefined
//! Adobe-Japan1 CMaps (compiled into compact tables) and Adobe-Japan1 CID → Unicode.
//!
//! Stub interface: the implementation replaces the bodies, keeping the signatures.

use std::sync::Arc;

/// A parsed CMap (an embedded /Encoding stream, a /ToUnicode stream or a predefined CMap).
#[derive(Debug, Clone, Default)]
pub struct CMap {
    /// The /CMapName, if given.
    pub name: String,
    /// Writing mode from /WMode (true = vertical).
    pub vertical: bool,
}

/// Why a CMap stream could not be parsed.
#[derive(Debug, thiserror::Error, PartialEq)]
#[error("bad CMap: {0}")]
pub struct CMapError(pub String);

impl CMap {
    /// Parses a CMap or ToUnicode stream; `usecmap` of a predefined CMap is resolved.
    pub fn parse(data: &[u8]) -> Result<CMap, CMapError> {
        let _ = data;
        Err(CMapError("not implemented".into()))
    }

    /// A predefined CMap by name (`UniJIS-UCS2-HW-H`, `90ms-RKSJ-H`, `Identity-V`, …),
    /// built once per process and shared.
    pub fn predefined(name: &str) -> Option<Arc<CMap>> {
        let _ = name;
        None
    }

    /// Splits the next character code off `bytes` by the code-space ranges.
    /// Returns the code and its length in bytes (at least 1 when `bytes` is not empty).
    pub fn next_code(&self, bytes: &[u8]) -> (u32, usize) {
        match bytes {
            [] => (0, 0),
            [a, b, ..] => (u32::from(*a) << 8 | u32::from(*b), 2),
            [a] => (u32::from(*a), 1),
        }
    }

    /// The CID of a code (cidchar/cidrange), or None.
    pub fn cid(&self, code: u32, len: usize) -> Option<u32> {
        let _ = len;
        Some(code)
    }

    /// The Unicode text of a code (bfchar/bfrange of a ToUnicode CMap), or None.
    pub fn unicode(&self, code: u32, len: usize) -> Option<String> {
        let _ = (code, len);
        None
    }
}

/// Unicode for a code of a predefined CMap whose codes are themselves an encoding of
/// Unicode or a Japanese charset: UniJIS-UCS2/UTF16/UTF8/UTF32 (the code is Unicode),
/// *-RKSJ (Shift_JIS), EUC-* (EUC-JP), H/V (JIS X 0208). None for other CMaps.
pub fn predefined_unicode(cmap_name: &str, code: u32, len: usize) -> Option<String> {
    let _ = (cmap_name, code, len);
    None
}

/// Unicode of an Adobe-Japan1 CID (from cid2code.txt), horizontal form, or None.
pub fn adobe_japan1_unicode(cid: u32) -> Option<&'static str> {
    let _ = cid;
    None
}
