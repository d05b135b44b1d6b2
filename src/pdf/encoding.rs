//! Simple-font encodings and metrics data: Standard, WinAnsi, MacRoman, PDFDoc, Symbol,
//! the Adobe Glyph List, and the standard-14 fonts' widths.
//!
//! Stub interface: the implementation replaces the bodies, keeping the signatures.

/// A named base encoding of simple fonts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BaseEncoding {
    /// StandardEncoding.
    Standard,
    /// WinAnsiEncoding.
    WinAnsi,
    /// MacRomanEncoding.
    MacRoman,
    /// PDFDocEncoding.
    PdfDoc,
    /// The Symbol font's built-in encoding.
    Symbol,
    /// ZapfDingbats' built-in encoding.
    ZapfDingbats,
}

impl BaseEncoding {
    /// From an /Encoding name (`WinAnsiEncoding`, …).
    pub fn from_name(name: &str) -> Option<BaseEncoding> {
        match name {
            "StandardEncoding" => Some(BaseEncoding::Standard),
            "WinAnsiEncoding" => Some(BaseEncoding::WinAnsi),
            "MacRomanEncoding" => Some(BaseEncoding::MacRoman),
            "PDFDocEncoding" => Some(BaseEncoding::PdfDoc),
            _ => None,
        }
    }

    /// The glyph name of a code, or None when unassigned.
    pub fn glyph_name(self, code: u8) -> Option<&'static str> {
        let _ = code;
        None
    }
}

/// Unicode text of a glyph name: the Adobe Glyph List, `uniXXXX`, `uXXXX[XX]`, and
/// `name.suffix` / `a_b` ligature forms.
pub fn glyph_name_to_unicode(name: &str) -> Option<String> {
    let _ = name;
    None
}

/// Widths (1/1000 em) of a standard-14 font by code under its built-in or given encoding:
/// returns the width of the glyph named `glyph_name` in `base_font`.
pub fn standard14_width(base_font: &str, glyph_name: &str) -> Option<f64> {
    let _ = (base_font, glyph_name);
    None
}
