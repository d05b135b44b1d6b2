//! The CMap / ToUnicode parser, then code splitting and lookups over the same bytes.
#![no_main]

use kpi_extract::pdf::cmap::CMap;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(cmap) = CMap::parse(data) else { return };
    let mut rest = data;
    while !rest.is_empty() {
        let (code, len) = cmap.next_code(rest);
        assert!(len >= 1 && len <= rest.len(), "next_code must consume 1..=len bytes");
        let _ = cmap.cid(code, len);
        let _ = cmap.unicode(code, len);
        rest = &rest[len..];
    }
});
