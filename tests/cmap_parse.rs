//! ToUnicode and embedded CMap parsing: the forms real producers write, and hostile input.

use kpi_extract::pdf::cmap::CMap;
use proptest::prelude::*;

const TO_UNICODE: &[u8] = b"/CIDInit /ProcSet findresource begin
12 dict begin
begincmap
/CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def
/CMapName /Adobe-Identity-UCS def
/CMapType 2 def
1 begincodespacerange
<0000> <FFFF>
endcodespacerange
% a comment in the middle
3 beginbfchar
<0003> <0020>
<0010> <D842DFB7>
<0020> <00660066>
endbfchar
2 beginbfrange
<0100> <0102> <3042>
<0200> <0202> [<0041> <D842DFB7> <006600660069>]
endbfrange
endcmap
CMapName currentdict /CMap defineresource pop
end
end";

fn parsed(data: &[u8]) -> CMap {
    CMap::parse(data).expect("test CMap parses")
}

#[test]
fn bfchar_maps_single_chars_surrogates_and_ligatures() {
    let cmap = parsed(TO_UNICODE);
    assert_eq!(cmap.name, "Adobe-Identity-UCS");
    assert!(!cmap.vertical);
    assert_eq!(cmap.unicode(0x0003, 2).as_deref(), Some(" "));
    assert_eq!(cmap.unicode(0x0010, 2).as_deref(), Some("𠮷"));
    assert_eq!(cmap.unicode(0x0020, 2).as_deref(), Some("ff"));
    assert_eq!(cmap.unicode(0x0004, 2), None);
}

#[test]
fn bfrange_increments_and_array_form() {
    let cmap = parsed(TO_UNICODE);
    assert_eq!(cmap.unicode(0x0100, 2).as_deref(), Some("あ"));
    assert_eq!(cmap.unicode(0x0102, 2).as_deref(), Some("\u{3044}"));
    assert_eq!(cmap.unicode(0x0103, 2), None);
    assert_eq!(cmap.unicode(0x0200, 2).as_deref(), Some("A"));
    assert_eq!(cmap.unicode(0x0201, 2).as_deref(), Some("𠮷"));
    assert_eq!(cmap.unicode(0x0202, 2).as_deref(), Some("ffi"));
}

#[test]
fn bfrange_increment_carries_into_the_previous_byte() {
    let cmap = parsed(b"1 beginbfrange <01> <03> <00FF> endbfrange");
    assert_eq!(cmap.unicode(1, 1).as_deref(), Some("\u{ff}"));
    assert_eq!(cmap.unicode(2, 1).as_deref(), Some("\u{100}"));
    assert_eq!(cmap.unicode(3, 1).as_deref(), Some("\u{101}"));
}

#[test]
fn later_bfchar_overrides_a_range() {
    let cmap =
        parsed(b"1 beginbfrange <10> <20> <0041> endbfrange 1 beginbfchar <15> <0078> endbfchar");
    assert_eq!(cmap.unicode(0x14, 1).as_deref(), Some("E"));
    assert_eq!(cmap.unicode(0x15, 1).as_deref(), Some("x"));
    assert_eq!(cmap.unicode(0x16, 1).as_deref(), Some("G"));
}

const MIXED: &[u8] = b"/CMapName /Test-Mixed def /WMode 1 def
2 begincodespacerange <00> <80> <8140> <9FFC> endcodespacerange
1 begincidrange <20> <7E> 1 endcidrange
2 begincidchar <8140> 633 <82A0> 843 endcidchar
1 beginnotdefrange <8141> <81FF> 7 endnotdefrange";

#[test]
fn mixed_one_and_two_byte_codespace() {
    let cmap = parsed(MIXED);
    assert_eq!(cmap.name, "Test-Mixed");
    assert!(cmap.vertical);
    let bytes = b"A\x82\xa0B";
    assert_eq!(cmap.next_code(bytes), (0x41, 1));
    assert_eq!(cmap.next_code(&bytes[1..]), (0x82a0, 2));
    assert_eq!(cmap.next_code(&bytes[3..]), (0x42, 1));
    assert_eq!(cmap.cid(0x41, 1), Some(34));
    assert_eq!(cmap.cid(0x82a0, 2), Some(843));
    assert_eq!(cmap.cid(0x8150, 2), Some(7), "notdefrange");
    assert_eq!(cmap.cid(0x9000, 2), None);
}

#[test]
fn unmatched_code_takes_the_length_of_the_range_with_its_first_byte() {
    let cmap = parsed(MIXED);
    // 0x81 0x20: first byte is a lead byte, the pair is outside every range.
    assert_eq!(cmap.next_code(b"\x81\x20"), (0x8120, 2));
    // 0xF0 fits no range at all: one byte.
    assert_eq!(cmap.next_code(b"\xf0\x41"), (0xf0, 1));
    // A lead byte at the end of the string: what is there.
    assert_eq!(cmap.next_code(b"\x82"), (0x82, 1));
}

#[test]
fn codespace_bytes_are_checked_one_by_one() {
    // UTF-8 code space: 0xE0 0xE0 0x63 is no 3-byte code (0x63 is no trail byte), and
    // the CMap maps the single byte <e0> (pdf.js issue 11768; poppler reads it so).
    let cmap = parsed(
        b"2 begincodespacerange <00> <7f> <e08080> <efbfbf> endcodespacerange
1 begincidchar <e0> 151 endcidchar",
    );
    let bytes = b"\xe0\xe0cm";
    assert_eq!(cmap.next_code(bytes), (0xe0, 1));
    assert_eq!(cmap.cid(0xe0, 1), Some(151));
    assert_eq!(cmap.next_code(b"\xe3\x81\x82"), (0xe38182, 3));
}

#[test]
fn usecmap_resolves_a_predefined_parent() {
    let cmap = parsed(
        b"/CMapName /Custom def /Identity-H usecmap
1 begincidchar <0041> 5 endcidchar",
    );
    assert_eq!(cmap.next_code(b"\x12\x34\x56"), (0x1234, 2));
    assert_eq!(cmap.cid(0x1234, 2), Some(0x1234));
    assert_eq!(cmap.cid(0x0041, 2), Some(5));
    assert!(cmap.parent().is_some());
}

#[test]
fn identity_v_is_vertical() {
    let cmap = CMap::predefined("Identity-V").expect("Identity-V is predefined");
    assert!(cmap.vertical);
    assert_eq!(cmap.next_code(b"\x00\x41"), (0x41, 2));
    assert_eq!(cmap.cid(0xfffe, 2), Some(0xfffe));
}

#[test]
fn junk_and_missing_end_keywords_are_tolerated() {
    let cmap = parsed(
        b"garbage ) } >> 17 { /x } 2 beginbfchar <01> <0041> 99 junk <02> <0042>
beginbfrange <03> <04> <0043> endbfrange <05",
    );
    assert_eq!(cmap.unicode(1, 1).as_deref(), Some("A"));
    assert_eq!(cmap.unicode(2, 1).as_deref(), Some("B"));
    assert_eq!(cmap.unicode(4, 1).as_deref(), Some("D"));
}

#[test]
fn not_a_cmap_is_an_error() {
    assert!(CMap::parse(b"hello world").is_err());
    assert!(CMap::parse(b"").is_err());
}

#[test]
fn hostile_huge_ranges_stay_bounded() {
    let cmap = parsed(
        b"1 begincodespacerange <00000000> <FFFFFFFF> endcodespacerange
1 begincidrange <00000000> <FFFFFFFF> 0 endcidrange
1 beginbfrange <00000000> <FFFFFFFF> <0041> endbfrange",
    );
    assert!(cmap.own_range_count() <= 2);
    assert_eq!(cmap.cid(0xffff_ffff, 4), Some(0xffff_ffff));
    assert_eq!(cmap.next_code(b"\x01\x02\x03\x04"), (0x0102_0304, 4));
    assert!(cmap.unicode(0x1234_5678, 4).is_some());
}

#[test]
fn many_overlapping_entries_parse_quickly() {
    let mut data = b"1 begincodespacerange <0000> <FFFF> endcodespacerange\n".to_vec();
    for i in 0..20_000u32 {
        data.extend_from_slice(
            format!("1 begincidrange <0000> <{i:04X}> {i} endcidrange\n").as_bytes(),
        );
    }
    let started = std::time::Instant::now();
    let cmap = parsed(&data);
    assert!(cmap.own_range_count() <= 2);
    assert_eq!(cmap.cid(0, 2), Some(19_999));
    assert!(
        started.elapsed().as_secs() < 5,
        "parse took {:?}",
        started.elapsed()
    );
}

/// Pieces of CMap syntax, valid and broken, for the token-soup property test.
const FRAGMENTS: &[&str] = &[
    "begincodespacerange",
    "endcodespacerange",
    "beginbfchar",
    "endbfchar",
    "beginbfrange",
    "endbfrange",
    "begincidrange",
    "endcidrange",
    "begincidchar",
    "endcidchar",
    "beginnotdefrange",
    "endnotdefrange",
    "<00>",
    "<FF>",
    "<0000>",
    "<FFFF>",
    "<8140>",
    "<00000000>",
    "<FFFFFFFF>",
    "<D842DFB7>",
    "<D800>",
    "<>",
    "<0041004200430044>",
    "[",
    "]",
    "[<0041> <0042>]",
    "0",
    "1",
    "4294967295",
    "-1",
    "/Identity-H usecmap",
    "/UniJIS-UCS2-HW-V usecmap",
    "/WMode 1 def",
    "/CMapName /X def",
    "(lit\\)",
    "%c\n",
    "}",
    "/a",
    "/uni3042",
];

proptest! {
    #[test]
    fn next_code_always_advances(bytes in proptest::collection::vec(any::<u8>(), 1..16)) {
        for cmap in [parsed(MIXED), parsed(TO_UNICODE), parsed(b"/WMode 0 def")] {
            let (_, len) = cmap.next_code(&bytes);
            prop_assert!(len >= 1 && len <= bytes.len().min(4));
        }
    }

    #[test]
    fn token_soup_never_panics_and_splits_codes(
        fragments in proptest::collection::vec(proptest::sample::select(FRAGMENTS), 0..40),
        text in proptest::collection::vec(any::<u8>(), 1..16),
    ) {
        if let Ok(cmap) = CMap::parse(fragments.join(" ").as_bytes()) {
            let (code, len) = cmap.next_code(&text);
            prop_assert!(len >= 1 && len <= text.len().min(4));
            let _ = (cmap.cid(code, len), cmap.unicode(code, len));
        }
    }

    #[test]
    fn parse_never_panics(bytes in proptest::collection::vec(any::<u8>(), 0..256)) {
        if let Ok(cmap) = CMap::parse(&bytes) {
            let _ = cmap.next_code(&bytes);
            let _ = cmap.unicode(0x41, 1);
        }
    }
}
