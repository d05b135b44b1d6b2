//! Stage 3: pure text helpers: NFKC with exceptions, labels, era years, quantities.
//!
//! Each helper is a pure function without I/O:
//! - [`normalize_text`]: NFKC with the spec's exceptions and Japanese-aware whitespace;
//! - [`parse_label`]: heading labels (`Ⅰ`, `①`, `(i)`, `(1)`, `基本目標1`, `第2章`);
//! - [`parse_period`]: era years, fiscal years, dates and ranges → western years;
//! - [`parse_quantity`]: printed values → number, unit, qualifier, status, period;
//! - [`parse_evaluation`]: printed grades and achievement rates.

pub(crate) mod evaluation;
mod label;
pub(crate) mod marks;
mod numeral;
mod period;
mod quantity;
mod text;

pub use evaluation::parse_evaluation;
pub use label::{parse_label, Label, LabelKind};
pub use period::{
    era_first_year, era_last_year, era_to_western, era_year_limit, parse_period,
    western_to_era_year, NormalizeError, ERA_LOOKAHEAD_YEARS, ERA_YEARS, WESTERN_YEARS,
};
pub use quantity::{date_quantity, parse_quantity, span_years};
pub use text::normalize_text;
