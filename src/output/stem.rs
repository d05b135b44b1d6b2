//! Safe, unique directory names (`<stem>`) for the documents of a run.
//!
//! A stem is the PDF's file name without `.pdf`, made safe: no path separators, no control
//! characters, no leading dot (no `..`, no hidden directories), nothing Windows refuses
//! (`<>:"|?*`, `CON`, `NUL`, trailing dots), bounded length, never the name of a file the
//! run writes itself (`manifest.json`, `datapackage.json`). Within a run stems are unique,
//! case-insensitively (macOS and Windows file systems fold case): `name`, `name-2`, …

use std::collections::HashSet;
use std::path::Path;

/// Longest stem in bytes (leaves room for the suffix and the file names inside).
pub const MAX_STEM_BYTES: usize = 120;

/// Stem used when nothing printable is left of a file name.
const FALLBACK_STEM: &str = "document";

/// Names the run writes at the top of the data directory.
const RESERVED: [&str; 2] = ["manifest.json", "datapackage.json"];

/// Device names Windows reserves, with or without an extension.
const WINDOWS_DEVICES: [&str; 22] = [
    "con", "prn", "aux", "nul", "com1", "com2", "com3", "com4", "com5", "com6", "com7", "com8",
    "com9", "lpt1", "lpt2", "lpt3", "lpt4", "lpt5", "lpt6", "lpt7", "lpt8", "lpt9",
];

/// The safe stem of an input path: its file name without a `.pdf` extension (any case).
pub fn stem_of(path: &Path) -> String {
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let without_ext = strip_pdf_extension(&name);
    sanitize(without_ext)
}

fn strip_pdf_extension(name: &str) -> &str {
    let lower = name.to_ascii_lowercase();
    match lower.strip_suffix(".pdf") {
        Some(rest) if !rest.is_empty() => &name[..rest.len()],
        _ => name,
    }
}

/// Makes any text safe as one directory name (see the module docs).
pub fn sanitize(raw: &str) -> String {
    let replaced: String = raw
        .chars()
        .map(|c| if is_unsafe_char(c) { '_' } else { c })
        .collect();
    let trimmed = trim_edges(&replaced);
    let bounded = trim_edges(truncate_bytes(trimmed, MAX_STEM_BYTES));
    let mut stem = if bounded.is_empty() {
        FALLBACK_STEM.to_string()
    } else {
        bounded.to_string()
    };
    if is_reserved(&stem) {
        stem.insert(0, '_');
    }
    stem
}

fn is_unsafe_char(c: char) -> bool {
    c.is_control()
        || matches!(c, '/' | '\\' | ':' | '*' | '?' | '"' | '<' | '>' | '|')
        || matches!(c, '\u{200B}'..='\u{200F}' | '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}')
}

/// Leading dots would make `..` or hidden names; trailing dots and spaces vanish on Windows.
fn trim_edges(s: &str) -> &str {
    s.trim_matches(|c: char| c.is_whitespace() || c == '.')
}

fn truncate_bytes(s: &str, max: usize) -> &str {
    if s.len() <= max {
        return s;
    }
    let mut end = max;
    while !s.is_char_boundary(end) {
        end -= 1;
    }
    &s[..end]
}

fn is_reserved(stem: &str) -> bool {
    let lower = stem.to_lowercase();
    let base = lower.split('.').next().unwrap_or("");
    RESERVED.contains(&lower.as_str()) || WINDOWS_DEVICES.contains(&base)
}

/// Hands out unique stems in call order, so the same input order gives the same stems.
#[derive(Debug, Default)]
pub struct StemAllocator {
    taken: HashSet<String>,
}

impl StemAllocator {
    /// An allocator with no stem taken.
    pub fn new() -> StemAllocator {
        StemAllocator::default()
    }

    /// The stem for `path`: its safe stem, or that stem with `-2`, `-3`, … when taken.
    pub fn allocate(&mut self, path: &Path) -> String {
        self.allocate_stem(&stem_of(path))
    }

    /// Makes a safe stem unique within this allocator.
    pub fn allocate_stem(&mut self, stem: &str) -> String {
        let mut candidate = stem.to_string();
        let mut n = 1usize;
        while self.taken.contains(&candidate.to_lowercase()) {
            n += 1;
            let suffix = format!("-{n}");
            let room = MAX_STEM_BYTES.saturating_sub(suffix.len());
            candidate = format!("{}{suffix}", truncate_bytes(stem, room));
        }
        self.taken.insert(candidate.to_lowercase());
        candidate
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keeps_ordinary_names() {
        assert_eq!(
            stem_of(Path::new("dir/北九州市 KPI H28.PDF")),
            "北九州市 KPI H28"
        );
        assert_eq!(stem_of(Path::new("report.v2.pdf")), "report.v2");
    }

    #[test]
    fn removes_what_is_unsafe() {
        assert_eq!(sanitize(".."), FALLBACK_STEM);
        assert_eq!(sanitize("../../etc/passwd"), "_.._etc_passwd");
        assert_eq!(sanitize(".hidden"), "hidden");
        assert_eq!(sanitize("a\u{0}b\nc\td"), "a_b_c_d");
        assert_eq!(sanitize("a\\b:c*d?e\"f<g>h|i"), "a_b_c_d_e_f_g_h_i");
        assert_eq!(sanitize("name. . "), "name");
        assert_eq!(sanitize("   "), FALLBACK_STEM);
        assert_eq!(sanitize("x\u{202E}fdp.exe"), "x_fdp.exe");
    }

    #[test]
    fn avoids_reserved_names() {
        assert_eq!(sanitize("manifest.json"), "_manifest.json");
        assert_eq!(sanitize("DataPackage.JSON"), "_DataPackage.JSON");
        assert_eq!(sanitize("CON"), "_CON");
        assert_eq!(sanitize("nul.txt"), "_nul.txt");
        assert_eq!(sanitize("console"), "console");
    }

    #[test]
    fn bounds_the_length_on_a_char_boundary() {
        let long = "あ".repeat(100);
        let stem = sanitize(&long);
        assert!(stem.len() <= MAX_STEM_BYTES);
        assert_eq!(stem, "あ".repeat(MAX_STEM_BYTES / 3));
    }

    #[test]
    fn duplicates_get_numbered_suffixes_case_insensitively() {
        let mut stems = StemAllocator::new();
        assert_eq!(stems.allocate(Path::new("a/report.pdf")), "report");
        assert_eq!(stems.allocate(Path::new("b/report.pdf")), "report-2");
        assert_eq!(stems.allocate(Path::new("c/REPORT.pdf")), "REPORT-3");
        assert_eq!(stems.allocate_stem("report-2"), "report-2-2");
        let long = "x".repeat(MAX_STEM_BYTES);
        assert_eq!(stems.allocate_stem(&long), long);
        let second = stems.allocate_stem(&long);
        assert!(second.ends_with("-2") && second.len() <= MAX_STEM_BYTES);
    }
}
