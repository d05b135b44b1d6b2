//! Stage 1 on small generated and hostile inputs: geometry of known drawings, and clear
//! errors or warnings (never a panic, never unbounded time) on bad input.

use std::time::{Duration, Instant};

use kpi_extract::model::{Axis, PdfDocument};
use kpi_extract::pdf::{self, Limits, Options, PdfError};
use lopdf::{dictionary, Document, Object, ObjectId, Stream};

/// A one-page PDF with Helvetica as /F1, the given content and extra XObjects.
fn one_page(
    content: &[u8],
    page_extra: Vec<(&str, Object)>,
    xobjects: Vec<(String, ObjectId)>,
) -> Vec<u8> {
    let mut doc = Document::with_version("1.5");
    build_page(&mut doc, content, page_extra, xobjects);
    let mut out = Vec::new();
    doc.save_to(&mut out).expect("save");
    out
}

fn build_page(
    doc: &mut Document,
    content: &[u8],
    page_extra: Vec<(&str, Object)>,
    xobjects: Vec<(String, ObjectId)>,
) {
    let pages_id = doc.new_object_id();
    let font_id = doc.add_object(dictionary! {
        "Type" => "Font", "Subtype" => "Type1", "BaseFont" => "Helvetica",
        "Encoding" => "WinAnsiEncoding",
    });
    let mut xobject_dict = lopdf::Dictionary::new();
    for (name, id) in xobjects {
        xobject_dict.set(name.into_bytes(), Object::Reference(id));
    }
    let content_id = doc.add_object(Stream::new(dictionary! {}, content.to_vec()));
    let mut page = dictionary! {
        "Type" => "Page",
        "Parent" => pages_id,
        "Contents" => content_id,
        "MediaBox" => vec![0.into(), 0.into(), 612.into(), 792.into()],
        "Resources" => dictionary! {
            "Font" => dictionary! { "F1" => font_id },
            "XObject" => xobject_dict,
        },
    };
    for (k, v) in page_extra {
        page.set(k, v);
    }
    let page_id = doc.add_object(page);
    doc.objects.insert(
        pages_id,
        Object::Dictionary(dictionary! {
            "Type" => "Pages", "Kids" => vec![page_id.into()], "Count" => 1,
        }),
    );
    let catalog = doc.add_object(dictionary! { "Type" => "Catalog", "Pages" => pages_id });
    doc.trailer.set("Root", catalog);
}

fn run(bytes: &[u8]) -> Result<PdfDocument, PdfError> {
    pdf::extract(bytes, &Options::default())
}

#[test]
fn text_position_and_fake_bold() {
    let bytes = one_page(
        b"BT /F1 12 Tf 100 700 Td (AB) Tj ET BT /F1 12 Tf 100.3 700 Td (AB) Tj ET",
        vec![],
        vec![],
    );
    let doc = run(&bytes).expect("readable");
    let glyphs = &doc.pages[0].glyphs;
    let texts: Vec<&str> = glyphs.iter().map(|g| g.text.as_str()).collect();
    assert_eq!(texts, ["A", "B"], "the overprint is reported once");
    let a = glyphs[0].bbox;
    assert!((a.x0 - 100.0).abs() < 0.01);
    // Baseline at y = 792 - 700 = 92 from the top; the box straddles it.
    assert!(a.y0 < 92.0 && a.y1 > 92.0);
    // Helvetica's A is 667/1000 em wide.
    assert!((a.width() - 12.0 * 0.667).abs() < 0.05, "{a:?}");
    assert!((glyphs[0].size - 12.0).abs() < 1e-9);
}

#[test]
fn scaled_text_size_and_rotated_page() {
    let bytes = one_page(
        b"q 2 0 0 2 0 0 cm BT /F1 10 Tf 50 100 Td (X) Tj ET Q",
        vec![("Rotate", 90.into())],
        vec![],
    );
    let doc = run(&bytes).expect("readable");
    let page = &doc.pages[0];
    assert_eq!((page.width, page.height, page.rotate), (792.0, 612.0, 90));
    let g = &page.glyphs[0];
    assert!((g.size - 20.0).abs() < 1e-9);
    // Rotated 90° clockwise: user (100, 200) lands at x = 200, y = 100 from the top-left.
    assert!(
        (g.bbox.x0 - 200.0).abs() < 5.0 && (g.bbox.y0 - 100.0).abs() < 1.0,
        "{g:?}"
    );
}

#[test]
fn rulings_from_thin_fills_and_strokes_only() {
    let bytes = one_page(
        b"0 0 0 rg 50 100 200 0.5 re f 50 100 0.5 300 re f 10 10 100 100 re f 1 1 1.5 1.5 re f \
          2 w 300 300 100 50 re S 0 0 m 50 50 l S 1 g 50 500 200 0.5 re f",
        vec![],
        vec![],
    );
    let doc = run(&bytes).expect("readable");
    let segments = &doc.pages[0].segments;
    let horizontal = segments
        .iter()
        .filter(|s| s.axis == Axis::Horizontal)
        .count();
    let vertical = segments.len() - horizontal;
    // Thin fills: one of each; stroked rect: two of each; big fill, dot, diagonal and the
    // white fill are not rulings.
    assert_eq!((horizontal, vertical), (3, 3), "{segments:#?}");
    let thin = segments
        .iter()
        .find(|s| s.axis == Axis::Horizontal && s.width < 1.0);
    let thin = thin.expect("thin horizontal");
    assert!((thin.at - (792.0 - 100.25)).abs() < 1e-6 && thin.from == 50.0 && thin.to == 250.0);
    assert!(segments.iter().filter(|s| s.width == 2.0).count() == 4);
}

#[test]
fn not_a_pdf_is_malformed() {
    assert!(matches!(run(b"hello, world"), Err(PdfError::Malformed(_))));
    assert!(matches!(run(b""), Err(PdfError::Malformed(_))));
    assert!(matches!(
        run(b"%PDF-1.4\n%garbage"),
        Err(PdfError::Malformed(_))
    ));
}

#[test]
fn truncated_files_do_not_panic() {
    let path = format!(
        "{}/fixtures/kitakyushu-kpi-h28.pdf",
        env!("CARGO_MANIFEST_DIR")
    );
    let bytes = std::fs::read(path).expect("fixture");
    for cut in [bytes.len() / 10, bytes.len() / 2, bytes.len() - 100] {
        let start = Instant::now();
        match run(&bytes[..cut]) {
            Ok(doc) => assert!(!doc.pages.is_empty()),
            Err(e) => assert!(!e.to_string().is_empty()),
        }
        assert!(start.elapsed() < Duration::from_secs(20));
    }
}

#[test]
fn form_drawing_itself_is_skipped_with_a_warning() {
    let mut doc = Document::with_version("1.5");
    let form_id = doc.new_object_id();
    let form = Stream::new(
        dictionary! {
            "Type" => "XObject", "Subtype" => "Form",
            "BBox" => vec![0.into(), 0.into(), 100.into(), 100.into()],
            "Resources" => dictionary! { "XObject" => dictionary! { "Me" => form_id } },
        },
        b"0 0 m 100 0 l S /Me Do".to_vec(),
    );
    doc.objects.insert(form_id, Object::Stream(form));
    build_page(&mut doc, b"/Fx Do", vec![], vec![("Fx".into(), form_id)]);
    let mut bytes = Vec::new();
    doc.save_to(&mut bytes).expect("save");
    let out = run(&bytes).expect("readable");
    let page = &out.pages[0];
    assert_eq!(page.segments.len(), 1, "the form is drawn once");
    assert!(
        page.warnings.iter().any(|w| w.contains("draws itself")),
        "{:?}",
        page.warnings
    );
}

#[test]
fn deeply_nested_forms_hit_the_depth_limit() {
    let mut doc = Document::with_version("1.5");
    let ids: Vec<ObjectId> = (0..50).map(|_| doc.new_object_id()).collect();
    for (i, id) in ids.iter().enumerate() {
        let resources = match ids.get(i + 1) {
            Some(next) => dictionary! { "XObject" => dictionary! { "N" => *next } },
            None => dictionary! {},
        };
        let form = Stream::new(
            dictionary! { "Type" => "XObject", "Subtype" => "Form", "Resources" => resources },
            b"/N Do".to_vec(),
        );
        doc.objects.insert(*id, Object::Stream(form));
    }
    build_page(&mut doc, b"/N Do", vec![], vec![("N".into(), ids[0])]);
    let mut bytes = Vec::new();
    doc.save_to(&mut bytes).expect("save");
    match run(&bytes) {
        Err(PdfError::Limit(what)) => assert!(what.contains("--max-form-depth"), "{what}"),
        other => panic!(
            "expected a depth limit, got {:?}",
            other.map(|d| d.warnings)
        ),
    }
}

#[test]
fn deep_array_nesting_in_content_is_bounded() {
    let mut content = vec![b'['; 200_000];
    content.extend(vec![b']'; 200_000]);
    content.extend_from_slice(b" TJ BT /F1 12 Tf 10 10 Td (ok) Tj ET");
    let doc = run(&one_page(&content, vec![], vec![])).expect("readable");
    let text: String = doc.pages[0]
        .glyphs
        .iter()
        .map(|g| g.text.as_str())
        .collect();
    assert_eq!(text, "ok");
}

#[test]
fn operator_limit_is_a_clear_error() {
    let content = b"0 0 m ".repeat(100_000);
    let bytes = one_page(&content, vec![], vec![]);
    let options = Options {
        limits: Limits {
            max_operators_per_page: 10_000,
            ..Limits::default()
        },
        ..Options::default()
    };
    let start = Instant::now();
    match pdf::extract(&bytes, &options) {
        Err(PdfError::Limit(what)) => assert!(what.contains("--max-operators-per-page")),
        other => panic!(
            "expected the operator limit, got {:?}",
            other.map(|d| d.pages.len())
        ),
    }
    assert!(start.elapsed() < Duration::from_secs(10));
}

#[test]
fn passed_deadline_is_a_timeout() {
    let content = b"0 0 m ".repeat(10_000);
    let bytes = one_page(&content, vec![], vec![]);
    let options = Options {
        deadline: Some(Instant::now()),
        ..Options::default()
    };
    std::thread::sleep(Duration::from_millis(2));
    assert_eq!(
        pdf::extract(&bytes, &options).err(),
        Some(PdfError::Timeout)
    );
}

#[test]
fn garbage_content_keeps_the_page() {
    let content = b"BT /F1 12 Tf ) ] >> }{ 1 2 3 Tm (\\777 unclosed Tj ET BI /W 4 ID \xff\xfe";
    let doc = run(&one_page(content, vec![], vec![])).expect("readable");
    assert_eq!(doc.pages.len(), 1);
    assert!(doc.pages[0].error.is_none());
}

/// The object limit counts every object lopdf parsed, also those the load filter dropped
/// (a tagged PDF's structure tree), so dropping them cannot hide a flood of objects.
#[test]
fn object_limit_counts_dropped_objects_too() {
    let mut doc = lopdf::Document::load("fixtures/kitakyushu-kpi-h28.pdf").unwrap();
    let kept = doc.objects.len();
    for i in 0..200 {
        doc.add_object(lopdf::dictionary! {
            "S" => "P",
            "P" => lopdf::Object::Reference((1, 0)),
            "K" => i,
        });
    }
    let mut bytes = Vec::new();
    doc.save_to(&mut bytes).unwrap();
    let options = |max_objects| Options {
        limits: Limits {
            max_objects,
            ..Limits::default()
        },
        ..Options::default()
    };
    match pdf::extract(&bytes, &options(kept + 100)) {
        Err(PdfError::Limit(what)) => assert!(what.contains("--max-objects"), "{what}"),
        other => panic!(
            "expected the object limit, got {:?}",
            other.map(|d| d.pages.len())
        ),
    }
    let read = pdf::extract(&bytes, &options(kept + 300)).unwrap();
    assert_eq!(read.pages.len(), 8);
}
