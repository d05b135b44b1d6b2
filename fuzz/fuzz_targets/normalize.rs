//! Text normalisation, labels, periods and quantities on arbitrary text: a result or a
//! typed error, never a panic; normalisation is idempotent.
#![no_main]

use kpi_extract::normalize::{normalize_text, parse_label, parse_period, parse_quantity};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|text: &str| {
    let once = normalize_text(text);
    assert_eq!(normalize_text(&once), once, "normalize_text is idempotent");
    let _ = parse_label(text);
    let _ = parse_period(text);
    let quantity = parse_quantity(text);
    if let Some(value) = quantity.value {
        assert!(value.is_finite(), "a value is a finite number");
        assert!(quantity.status.is_none(), "status is null when value is set");
    }
});
