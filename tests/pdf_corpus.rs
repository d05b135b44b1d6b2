//! Stage 1 over real PDFs: the characters we decode agree with poppler's `pdftotext`
//! (`NAME.pdftotext.txt` next to each file), and the expected texts of the corpus notes
//! come out.
//!
//! `fixtures/corpus` (bundled) is always checked; `../shared/corpus` when present.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use kpi_extract::model::PdfDocument;
use kpi_extract::pdf::{self, Options, PdfError};

/// Share of characters (whitespace ignored) both sides must have in common, relative to
/// the larger side.
const MIN_AGREEMENT: f64 = 0.98;

/// Files known to fall short, with the reason. They are reported, not failed.
const KNOWN_GAPS: &[(&str, &str)] = &[];

fn local_corpus() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/corpus")
}

fn shared_corpus() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/corpus")
}

fn pdfs_in(dir: &Path) -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir)
        .map(|entries| {
            entries
                .filter_map(|e| e.ok().map(|e| e.path()))
                .filter(|p| p.extension().is_some_and(|x| x == "pdf"))
                .collect()
        })
        .unwrap_or_default();
    files.sort();
    files
}

fn extract(path: &Path) -> Result<PdfDocument, PdfError> {
    let bytes = std::fs::read(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    pdf::extract(&bytes, &Options::default())
}

/// Every glyph's text (visible or not: pdftotext prints invisible text too).
fn all_text(doc: &PdfDocument) -> String {
    doc.pages
        .iter()
        .flat_map(|p| p.glyphs.iter().map(|g| g.text.as_str()))
        .collect()
}

/// A CJK radical as the ideograph it prints as: stage 1 gives the ideograph for radicals
/// that come from ToUnicode maps (an artefact of reverse-mapped glyphs) while poppler keeps
/// some of them; both print the same glyph, so they count as the same character.
fn fold_radical(c: char) -> char {
    use unicode_normalization::UnicodeNormalization;
    if !('\u{2E80}'..='\u{2FDF}').contains(&c) {
        return c;
    }
    let folded: String = kpi_extract::pdf::radicals::unify(c.to_string().into())
        .nfkc()
        .collect();
    folded.chars().next().unwrap_or(c)
}

fn char_counts(text: &str) -> HashMap<char, usize> {
    let mut counts = HashMap::new();
    for c in text
        .chars()
        .filter(|c| !c.is_whitespace())
        .map(fold_radical)
    {
        *counts.entry(c).or_insert(0) += 1;
    }
    counts
}

/// Shared character count over the larger side's count (1.0 when both are empty).
fn agreement(ours: &str, reference: &str) -> f64 {
    let (a, b) = (char_counts(ours), char_counts(reference));
    let shared: usize = a
        .iter()
        .map(|(c, n)| (*n).min(b.get(c).copied().unwrap_or(0)))
        .sum();
    let larger = a.values().sum::<usize>().max(b.values().sum::<usize>());
    if larger == 0 {
        1.0
    } else {
        shared as f64 / larger as f64
    }
}

fn reference_of(pdf: &Path) -> Option<String> {
    std::fs::read_to_string(pdf.with_extension("pdftotext.txt")).ok()
}

/// The text stage 2 reads on every page (lines in reading order; invisible text that
/// hides under no printed text included, as pdftotext does).
fn layout_text(doc: &PdfDocument) -> String {
    let params = kpi_extract::layout::Params::default();
    doc.pages
        .iter()
        .flat_map(|p| kpi_extract::layout::page_lines(p, &params))
        .map(|l| l.text)
        .collect()
}

/// Checks every PDF of `dir` against its reference; returns the failures.
fn check_dir(dir: &Path) -> Vec<String> {
    check_dir_with(dir, all_text)
}

/// Checks the text `read` gives for every PDF of `dir` against its reference.
fn check_dir_with(dir: &Path, read: fn(&PdfDocument) -> String) -> Vec<String> {
    let mut failures = Vec::new();
    for path in pdfs_in(dir) {
        let name = path.file_name().map(|n| n.to_string_lossy().into_owned());
        let name = name.unwrap_or_default();
        let reference = reference_of(&path).unwrap_or_default();
        let doc = match extract(&path) {
            Ok(doc) => doc,
            Err(PdfError::Malformed(reason)) if reference.trim().is_empty() => {
                println!("{name}: unreadable as expected ({reason})");
                continue;
            }
            Err(e) => {
                failures.push(format!("{name}: {e}"));
                continue;
            }
        };
        let score = agreement(&read(&doc), &reference);
        let gap = KNOWN_GAPS.iter().find(|(n, _)| *n == name);
        println!("{name}: {:.2}% of characters agree", score * 100.0);
        match (score >= MIN_AGREEMENT, gap) {
            (true, Some(_)) => println!("  {name} now passes: remove it from KNOWN_GAPS"),
            (false, Some((_, why))) => println!("  known gap: {why}"),
            (false, None) => failures.push(format!("{name}: {:.2}% agreement", score * 100.0)),
            (true, None) => {}
        }
    }
    failures
}

#[test]
fn bundled_corpus_agrees_with_pdftotext() {
    let failures = check_dir(&local_corpus());
    assert!(failures.is_empty(), "{failures:#?}");
}

#[test]
fn shared_corpus_agrees_with_pdftotext() {
    let dir = shared_corpus();
    if !dir.is_dir() {
        println!("skipped: {} is absent", dir.display());
        return;
    }
    let failures = check_dir(&dir);
    assert!(failures.is_empty(), "{failures:#?}");
}

#[test]
fn shared_corpus_layout_text_agrees_with_pdftotext() {
    let dir = shared_corpus();
    if !dir.is_dir() {
        println!("skipped: {} is absent", dir.display());
        return;
    }
    let failures = check_dir_with(&dir, layout_text);
    assert!(failures.is_empty(), "{failures:#?}");
}

fn text_of(dir: &Path, name: &str) -> Option<String> {
    let path = dir.join(name);
    path.is_file()
        .then(|| all_text(&extract(&path).unwrap_or_else(|e| panic!("{name}: {e}"))))
}

#[test]
fn manifest_expected_texts_come_out() {
    let dir = local_corpus();
    let cases: &[(&str, &[&str])] = &[
        ("pdfjs-noembed-sjis.pdf", &["あいうえお"]),
        ("pdfjs-noembed-eucjp.pdf", &["あいうえお"]),
        ("pdfjs-noembed-identity.pdf", &["ABC", "あいうえお", "123"]),
        ("pdfjs-noembed-jis7.pdf", &["ABC", "あいうえお", "123"]),
        ("pdfjs-embedded-no-tounicode-2.pdf", &["𠮷"]),
        ("pdfjs-rksj-v.pdf", &["abc", "あいう"]),
        ("pdfjs-vertical-no-tounicode.pdf", &["あいうえお"]),
    ];
    for (name, expected) in cases {
        let text = text_of(&dir, name).unwrap_or_else(|| panic!("{name} missing"));
        for e in *expected {
            assert!(text.contains(e), "{name}: {e:?} not in {text:?}");
        }
        assert!(
            !text.contains('\u{FFFD}'),
            "{name}: undecodable glyphs in {text:?}"
        );
    }
}

#[test]
fn vertical_fonts_give_vertical_glyphs() {
    let path = local_corpus().join("pdfjs-rksj-v.pdf");
    let doc = extract(&path).unwrap_or_else(|e| panic!("{e}"));
    let vertical = doc.pages[0]
        .glyphs
        .iter()
        .filter(|g| g.mode == kpi_extract::model::WritingMode::Vertical)
        .collect::<Vec<_>>();
    assert!(vertical.len() >= 3);
    // Successive glyphs of a column go down the page.
    assert!(vertical.windows(2).any(|w| w[1].bbox.y0 > w[0].bbox.y0));
}

#[test]
fn osaka_unijis_ucs2_hw_files_give_japanese_text() {
    let dir = shared_corpus();
    if !dir.is_dir() {
        println!("skipped: {} is absent", dir.display());
        return;
    }
    for name in [
        "jp-osaka-yodogawa-nursery.pdf",
        "jp-osaka-adjust-criteria.pdf",
        "jp-osaka-application-form.pdf",
        "jp-osaka-flyer-sjis-names.pdf",
    ] {
        let text = text_of(&dir, name).unwrap_or_else(|| panic!("{name} missing"));
        let kana_kanji = text
            .chars()
            .filter(|c| matches!(*c, '\u{3040}'..='\u{30FF}' | '\u{4E00}'..='\u{9FFF}'))
            .count();
        assert!(
            kana_kanji > 300,
            "{name}: only {kana_kanji} Japanese characters"
        );
    }
}

#[test]
fn damaged_file_is_a_clear_malformed_error() {
    let path = shared_corpus().join("jp-osaka-damaged.pdf");
    if !path.is_file() {
        println!("skipped: {} is absent", path.display());
        return;
    }
    match extract(&path) {
        Err(PdfError::Malformed(reason)) => assert!(!reason.is_empty()),
        other => panic!("expected Malformed, got {:?}", other.map(|d| d.pages.len())),
    }
}
