//! Stage 3: pure text helpers: NFKC with exceptions, labels, era years, quantities.
//!
//! Stub interface: the implementation replaces the bodies, keeping the signatures.

use crate::model::{Period, Quantity};

/// Why a text could not be read as a period.
#[derive(Debug, Clone, thiserror::Error, PartialEq, Eq)]
pub enum NormalizeError {
    /// No year could be found in the text.
    #[error("no year in {0:?}")]
    NoYear(String),
    /// A year was found but is out of range (e.g. `令和0年`, `H999`).
    #[error("year out of range in {0:?}")]
    OutOfRange(String),
}

/// A heading label split from its text: `①若者の…` → label `①`, number 1, rest `若者の…`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Label {
    /// The label as printed (NFKC where that keeps it readable: `(i)`, `基本目標1`).
    pub label: String,
    /// Its number.
    pub number: u32,
    /// The text after the label, normalised.
    pub rest: String,
}

/// The kind of a heading label, which sets its level in the hierarchy.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LabelKind {
    /// `Ⅰ…Ⅻ`, `基本目標1`.
    Roman,
    /// `①…⑳`, `㉑…㊿`.
    Circled,
    /// `(i)`, `（ⅰ）`, `ⅰ`.
    LowerRoman,
    /// `(1)`, `（１）`.
    Parenthesised,
    /// `第２章`.
    Chapter,
}

/// Normalises any text per spec: NFKC except circled numbers, Roman numerals, `－`, `～`,
/// `△`/`▲`, `⇒`, `※`; no whitespace between Japanese characters; single spaces between
/// Latin words; trimmed. Keeps `\n` line breaks (each line normalised). Idempotent.
pub fn normalize_text(text: &str) -> String {
    text.trim().to_string()
}

/// Splits a heading label off the start of `text`.
pub fn parse_label(text: &str) -> Option<(LabelKind, Label)> {
    let _ = text;
    None
}

/// Reads a year, fiscal year, range or date (`H27`, `平成28年度`, `H27～31年度`, `R元年`,
/// `H28.4.18`, `2019年度`).
pub fn parse_period(text: &str) -> Result<Period, NormalizeError> {
    Err(NormalizeError::NoYear(text.to_string()))
}

/// Reads a value as printed (`15.3万人`, `6,451,100千円`, `△198人`, `－（H30～）`, `調査中`,
/// `577人（H26年度）`).
pub fn parse_quantity(text: &str) -> Quantity {
    Quantity {
        text: normalize_text(text),
        value: None,
        unit: None,
        qualifier: None,
        status: None,
        period: None,
    }
}
