//! The predefined Adobe-Japan1 CMaps, their Unicode, and Adobe-Japan1 CID → Unicode.

use kpi_extract::pdf::cmap::{adobe_japan1_unicode, predefined_names, predefined_unicode, CMap};

fn predefined(name: &str) -> std::sync::Arc<CMap> {
    CMap::predefined(name).unwrap_or_else(|| panic!("{name} is predefined"))
}

/// Splits `bytes` into codes and maps each to its CID.
fn cids(cmap: &CMap, mut bytes: &[u8]) -> Vec<Option<u32>> {
    let mut out = Vec::new();
    while !bytes.is_empty() {
        let (code, len) = cmap.next_code(bytes);
        out.push(cmap.cid(code, len));
        bytes = &bytes[len..];
    }
    out
}

#[test]
fn every_adobe_japan1_cmap_loads() {
    let names = predefined_names();
    for expected in [
        "UniJIS-UCS2-H",
        "UniJIS-UCS2-HW-V",
        "UniJIS-UTF8-H",
        "UniJIS-UTF16-V",
        "UniJIS-UTF32-H",
        "UniJIS2004-UTF16-H",
        "90ms-RKSJ-H",
        "90msp-RKSJ-V",
        "83pv-RKSJ-H",
        "90pv-RKSJ-H",
        "EUC-H",
        "EUC-V",
        "H",
        "V",
        "Ext-H",
        "Add-V",
        "78-H",
        "78-EUC-V",
        "NWP-H",
        "RKSJ-H",
        "Hankaku",
        "Hiragana",
        "Katakana",
        "Roman",
        "WP-Symbol",
        "Identity-H",
        "Identity-V",
    ] {
        assert!(names.contains(&expected), "{expected} missing");
    }
    assert!(names.len() >= 69, "{} CMaps", names.len());
    let started = std::time::Instant::now();
    for name in &names {
        let cmap = predefined(name);
        assert_eq!(cmap.name, *name);
        assert_eq!(
            cmap.vertical,
            name.ends_with("-V") || *name == "V",
            "{name} WMode"
        );
        assert!(cmap.cid(0, 1).is_some() || cmap.own_range_count() + 1 > 0);
    }
    println!(
        "loaded {} predefined CMaps in {:?}",
        names.len(),
        started.elapsed()
    );
    assert!(CMap::predefined("No-Such-CMap").is_none());
}

#[test]
fn shift_jis_cmaps() {
    let cmap = predefined("90ms-RKSJ-H");
    // One-byte codes are the half-width (proportional-free) Roman glyphs.
    assert_eq!(cids(&cmap, b"A\x82\xa0"), vec![Some(264), Some(843)]);
    assert_eq!(cmap.next_code(b"\x82\xa0"), (0x82a0, 2));
    assert_eq!(
        predefined_unicode("90ms-RKSJ-H", 0x82a0, 2).as_deref(),
        Some("あ")
    );
    // 90ms = Windows-31J: NEC row 13 and IBM extensions.
    assert_eq!(
        predefined_unicode("90ms-RKSJ-H", 0x8740, 2).as_deref(),
        Some("①")
    );
    assert_eq!(
        predefined_unicode("90ms-RKSJ-H", 0xb1, 1).as_deref(),
        Some("ｱ")
    );
    assert_eq!(predefined_unicode("90ms-RKSJ-H", 0x81, 1), None);
}

#[test]
fn vertical_cmap_overrides_its_horizontal_parent() {
    let horizontal = predefined("90ms-RKSJ-H");
    let vertical = predefined("90ms-RKSJ-V");
    // 、 (0x8141) has a vertical form; あ does not and comes from the -H parent.
    assert_eq!(vertical.cid(0x8141, 2), Some(7887));
    assert_eq!(horizontal.cid(0x8141, 2), Some(634));
    assert_eq!(vertical.cid(0x82a0, 2), Some(843));
    assert!(vertical.parent().is_some());
    assert!(vertical.own_range_count() < horizontal.own_range_count());
}

#[test]
fn euc_and_jis_cmaps() {
    let euc = predefined("EUC-H");
    assert_eq!(cids(&euc, b"\xa4\xa2"), vec![Some(843)]);
    assert_eq!(
        predefined_unicode("EUC-H", 0xa4a2, 2).as_deref(),
        Some("あ")
    );
    let jis = predefined("H");
    assert_eq!(cids(&jis, b"\x24\x22"), vec![Some(843)]);
    assert_eq!(predefined_unicode("H", 0x2422, 2).as_deref(), Some("あ"));
    assert_eq!(predefined_unicode("V", 0x2422, 2).as_deref(), Some("あ"));
    assert_eq!(predefined("V").cid(0x2122, 2), Some(7887));
}

#[test]
fn unicode_cmaps() {
    let ucs2 = predefined("UniJIS-UCS2-H");
    assert_eq!(cids(&ucs2, b"\x30\x42"), vec![Some(843)]);
    assert_eq!(
        predefined_unicode("UniJIS-UCS2-H", 0x3042, 2).as_deref(),
        Some("あ")
    );
    let hw = predefined("UniJIS-UCS2-HW-H");
    assert_eq!(hw.cid(0x0041, 2), Some(264), "half-width Roman");
    assert_eq!(predefined("UniJIS-UCS2-H").cid(0x0041, 2), Some(34));
    assert_eq!(hw.cid(0x3042, 2), Some(843));
    let utf8 = predefined("UniJIS-UTF8-H");
    assert_eq!(cids(&utf8, "Aあ".as_bytes()), vec![Some(34), Some(843)]);
    assert_eq!(
        predefined_unicode("UniJIS-UTF8-H", 0xe38182, 3).as_deref(),
        Some("あ")
    );
    let utf16 = predefined("UniJIS-UTF16-H");
    assert_eq!(utf16.next_code(b"\xd8\x42\xdf\xb7"), (0xd842_dfb7, 4));
    assert_eq!(utf16.cid(0xd842_dfb7, 4), Some(13706));
    assert_eq!(
        predefined_unicode("UniJIS-UTF16-H", 0xd842_dfb7, 4).as_deref(),
        Some("𠮷")
    );
    assert_eq!(
        predefined_unicode("UniJIS-UTF32-H", 0x20bb7, 4).as_deref(),
        Some("𠮷")
    );
    assert_eq!(predefined_unicode("Identity-H", 0x3042, 2), None);
}

#[test]
fn identity_is_two_bytes() {
    let cmap = predefined("Identity-H");
    assert_eq!(cids(&cmap, b"\x03\x4b\x00\x01"), vec![Some(843), Some(1)]);
}

#[test]
fn adobe_japan1_to_unicode() {
    assert_eq!(adobe_japan1_unicode(843), Some("あ"));
    assert_eq!(adobe_japan1_unicode(34), Some("A"));
    assert_eq!(adobe_japan1_unicode(264), Some("A"), "half-width A");
    assert_eq!(adobe_japan1_unicode(1), Some(" "));
    assert_eq!(adobe_japan1_unicode(633), Some("\u{3000}"));
    assert_eq!(adobe_japan1_unicode(13706), Some("𠮷"));
    // A vertical form reads as the character it stands for.
    assert_eq!(adobe_japan1_unicode(7887), Some("、"));
    // An ideograph, not its Kangxi radical.
    assert_eq!(adobe_japan1_unicode(1200), Some("一"));
    assert_eq!(adobe_japan1_unicode(0), None);
    assert_eq!(adobe_japan1_unicode(1_000_000), None);
}
