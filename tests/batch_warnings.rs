//! Stage 1's account reaches the output: a page with text in a font that has no usable
//! Unicode mapping (shown as U+FFFD) is named in document.json and the manifest, counted,
//! and the records on that page say so in `source.warnings`; and the batch as a library
//! call writes the same data directory as the command.

use kpi_extract::batch::{self, BatchOptions, Input};
use kpi_extract::pipeline::{self, PipelineOptions};
use lopdf::{dictionary, Document, Object};
use serde_json::Value;

const FIXTURE: &str = "fixtures/kitakyushu-kpi-h28.pdf";
/// The page that gets the undecodable text.
const DAMAGED_PAGE: u32 = 2;
/// Character codes drawn in the font without a mapping.
const UNDECODABLE: usize = 3;

/// The fixture with a few codes drawn on `DAMAGED_PAGE`, in its top-left corner, in a
/// composite font that has no ToUnicode, no embedded program and an `Identity` ordering:
/// nothing says what its codes mean.
fn fixture_with_unmapped_text() -> Vec<u8> {
    let mut doc = Document::load(FIXTURE).unwrap_or_else(|e| panic!("{FIXTURE}: {e}"));
    let descendant = doc.add_object(dictionary! {
        "Type" => "Font", "Subtype" => "CIDFontType2", "BaseFont" => "NoMapping",
        "CIDSystemInfo" => dictionary! {
            "Registry" => Object::string_literal("Adobe"),
            "Ordering" => Object::string_literal("Identity"),
            "Supplement" => 0,
        },
    });
    let font = doc.add_object(dictionary! {
        "Type" => "Font", "Subtype" => "Type0", "BaseFont" => "NoMapping",
        "Encoding" => "Identity-H", "DescendantFonts" => vec![descendant.into()],
    });
    let page_id = doc.get_pages()[&DAMAGED_PAGE];
    let text = format!(
        "q BT /FNoMap 6 Tf 2 2 Td <{}> Tj ET Q",
        "0101".repeat(UNDECODABLE)
    );
    doc.add_page_contents(page_id, text.into_bytes())
        .unwrap_or_else(|e| panic!("add contents: {e}"));
    let resources = doc
        .get_or_create_resources(page_id)
        .unwrap_or_else(|e| panic!("resources: {e}"));
    let resources = resources
        .as_dict_mut()
        .unwrap_or_else(|e| panic!("resources: {e}"));
    if !resources.has(b"Font") {
        resources.set("Font", dictionary! {});
    }
    let fonts = match resources.get_mut(b"Font") {
        Ok(Object::Dictionary(d)) => d,
        other => panic!("inherited or indirect /Font: {other:?}"),
    };
    fonts.set("FNoMap", font);
    let mut bytes = Vec::new();
    doc.save_to(&mut bytes)
        .unwrap_or_else(|e| panic!("save: {e}"));
    bytes
}

fn undecodable_warning(text: &str) -> bool {
    text.contains(&format!("page {DAMAGED_PAGE}:"))
        && text.contains("undecodable character code(s) in font NoMapping shown as U+FFFD")
}

#[test]
fn records_on_the_page_carry_the_undecoded_text_warning() {
    let bytes = fixture_with_unmapped_text();
    let extraction = pipeline::run(&bytes, "unmapped", &PipelineOptions::default())
        .unwrap_or_else(|e| panic!("{e}"));
    assert!(
        extraction.warnings.iter().any(|w| undecodable_warning(w)),
        "{:?}",
        extraction.warnings
    );
    let (on_page, elsewhere): (Vec<_>, Vec<_>) = extraction
        .kpis
        .iter()
        .partition(|r| r.source.pages.contains(&DAMAGED_PAGE));
    assert!(!on_page.is_empty() && !elsewhere.is_empty());
    for record in on_page {
        let warnings = record.source.warnings.join(" ");
        assert!(
            warnings.contains(&format!(
                "page {DAMAGED_PAGE} has {UNDECODABLE} character(s)"
            )) && warnings.contains("U+FFFD"),
            "{:?}: {warnings}",
            record.indicator
        );
    }
    assert!(elsewhere.iter().all(|r| r.source.warnings.is_empty()));
}

#[test]
fn the_manifest_counts_and_names_the_warning() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let input = dir.path().join("unmapped.pdf");
    std::fs::write(&input, fixture_with_unmapped_text()).unwrap_or_else(|e| panic!("{e}"));
    let out = dir.path().join("out");
    let output = std::process::Command::new(env!("CARGO_BIN_EXE_kpi-extract"))
        .arg("extract")
        .arg(&input)
        .arg("--out")
        .arg(&out)
        .output()
        .unwrap_or_else(|e| panic!("{e}"));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(output.status.success(), "{stderr}");
    assert!(stderr.contains("1 warning (see warnings)"), "{stderr}");
    let read = |name: &str| -> Value {
        let bytes = std::fs::read(out.join(name)).unwrap_or_else(|e| panic!("{name}: {e}"));
        serde_json::from_slice(&bytes).unwrap_or_else(|e| panic!("{name}: {e}"))
    };
    let manifest = read("manifest.json");
    let entry = &manifest["inputs"][0];
    assert_eq!(entry["status"], "ok");
    let warnings = entry["warnings"].as_array().cloned().unwrap_or_default();
    assert!(
        warnings
            .iter()
            .any(|w| w.as_str().is_some_and(undecodable_warning)),
        "{warnings:?}"
    );
    assert_eq!(entry["counts"]["undecoded_glyphs"], UNDECODABLE);
    assert_eq!(entry["counts"]["warnings"], warnings.len());
    assert_eq!(manifest["summary"]["undecoded_glyphs"], UNDECODABLE);
    assert_eq!(manifest["summary"]["warnings"], warnings.len());
    let document = read("unmapped/document.json");
    assert_eq!(document["warnings"], entry["warnings"]);
    let jsonl =
        std::fs::read_to_string(out.join("unmapped/kpis.jsonl")).unwrap_or_else(|e| panic!("{e}"));
    assert!(jsonl.contains("U+FFFD"));
}

#[test]
fn one_library_call_writes_the_data_directory() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let options = BatchOptions {
        out_dir: dir.path().join("data"),
        jobs: Some(1),
        ..BatchOptions::default()
    };
    let missing = dir.path().join("missing.pdf");
    let inputs = [Input::File(FIXTURE.into()), Input::File(missing)];
    let done = std::sync::atomic::AtomicUsize::new(0);
    let outcome = batch::run(&inputs, &options, &|_| {
        done.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
    })
    .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(done.into_inner(), 2);
    let summary = &outcome.manifest.summary;
    assert_eq!((summary.ok, summary.failed), (1, 1));
    assert!(summary.records > 20, "{} records", summary.records);
    for file in [
        "manifest.json",
        "datapackage.json",
        "kitakyushu-kpi-h28/kpis.jsonl",
    ] {
        assert!(options.out_dir.join(file).is_file(), "{file}");
    }
}
