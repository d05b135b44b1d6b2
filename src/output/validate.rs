//! Checking values and existing files against the bundled schemas.

use std::fmt;
use std::path::Path;

use serde_json::Value;

use super::schema::SchemaName;

/// How many violations are reported for one value; the first ones are what a reader needs.
const MAX_VIOLATIONS: usize = 5;
/// Violation messages quote the offending value; long ones are cut to keep reports readable.
const MAX_MESSAGE_CHARS: usize = 240;

/// One way a JSON value breaks a schema.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Violation {
    /// JSON Pointer to the offending part of the value (empty for the root).
    pub pointer: String,
    /// What is wrong.
    pub message: String,
}

impl fmt::Display for Violation {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let at = if self.pointer.is_empty() {
            "/"
        } else {
            &self.pointer
        };
        write!(f, "at {at}: {}", self.message)
    }
}

/// Validates `value` against schema `name`; returns the first few violations when invalid.
pub fn check(name: SchemaName, value: &Value) -> Result<(), Vec<Violation>> {
    let validator = name.validator().map_err(|message| {
        vec![Violation {
            pointer: String::new(),
            message,
        }]
    })?;
    if validator.is_valid(value) {
        return Ok(());
    }
    let violations: Vec<Violation> = validator
        .iter_errors(value)
        .take(MAX_VIOLATIONS)
        .map(|e| Violation {
            pointer: e.instance_path().to_string(),
            message: shorten(&e.to_string()),
        })
        .collect();
    Err(violations)
}

/// Joins violations into one message: `at /a: x; at /b: y`.
pub fn describe(violations: &[Violation]) -> String {
    let parts: Vec<String> = violations.iter().map(|v| v.to_string()).collect();
    parts.join("; ")
}

fn shorten(message: &str) -> String {
    if message.chars().count() <= MAX_MESSAGE_CHARS {
        return message.to_string();
    }
    let cut: String = message.chars().take(MAX_MESSAGE_CHARS).collect();
    format!("{cut}…")
}

/// Which schema a file is checked against, chosen from its name.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FileKind {
    /// A JSON Lines file of KPI records (`kpis.jsonl`, any `*.jsonl`).
    KpiLines,
    /// One JSON document checked against the given schema.
    Json(SchemaName),
}

impl FileKind {
    /// `kpis.jsonl` and other `*.jsonl` → records; `document.json`, `manifest.json` → their
    /// schema; `*.kpi-record.json`-style names are not guessed. None when unknown.
    pub fn for_path(path: &Path) -> Option<FileKind> {
        let name = path.file_name()?.to_str()?.to_ascii_lowercase();
        if name.ends_with(".jsonl") {
            return Some(FileKind::KpiLines);
        }
        match name.as_str() {
            "document.json" => Some(FileKind::Json(SchemaName::Document)),
            "manifest.json" => Some(FileKind::Json(SchemaName::Manifest)),
            _ => None,
        }
    }
}

/// A problem found in a file: where (line for JSON Lines and parse errors) and what.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FileProblem {
    /// 1-based line number, when known.
    pub line: Option<usize>,
    /// What is wrong (with a JSON Pointer for schema violations).
    pub message: String,
}

/// Validates one file's text as `kind`; an empty list means valid.
pub fn check_text(text: &str, kind: FileKind) -> Vec<FileProblem> {
    match kind {
        FileKind::Json(name) => check_json_text(text, name),
        FileKind::KpiLines => check_lines(text),
    }
}

fn check_json_text(text: &str, name: SchemaName) -> Vec<FileProblem> {
    match serde_json::from_str::<Value>(text) {
        Err(e) => vec![FileProblem {
            line: Some(e.line()),
            message: format!("not JSON: {e}"),
        }],
        Ok(value) => match check(name, &value) {
            Ok(()) => Vec::new(),
            Err(violations) => violations
                .into_iter()
                .map(|v| FileProblem {
                    line: None,
                    message: v.to_string(),
                })
                .collect(),
        },
    }
}

fn check_lines(text: &str) -> Vec<FileProblem> {
    let mut problems = Vec::new();
    for (index, line) in text.lines().enumerate() {
        let line_number = Some(index + 1);
        if line.trim().is_empty() {
            problems.push(FileProblem {
                line: line_number,
                message: "empty line (JSON Lines needs one record per line)".into(),
            });
            continue;
        }
        match serde_json::from_str::<Value>(line) {
            Err(e) => problems.push(FileProblem {
                line: line_number,
                message: format!("not JSON: {e}"),
            }),
            Ok(value) => {
                if let Err(violations) = check(SchemaName::KpiRecord, &value) {
                    problems.push(FileProblem {
                        line: line_number,
                        message: describe(&violations),
                    });
                }
            }
        }
    }
    problems
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn kind_follows_the_file_name() {
        let kind = |p: &str| FileKind::for_path(Path::new(p));
        assert_eq!(kind("out/a/kpis.jsonl"), Some(FileKind::KpiLines));
        assert_eq!(
            kind("out/a/document.json"),
            Some(FileKind::Json(SchemaName::Document))
        );
        assert_eq!(
            kind("out/MANIFEST.json"),
            Some(FileKind::Json(SchemaName::Manifest))
        );
        assert_eq!(kind("out/datapackage.json"), None);
    }

    #[test]
    fn lines_report_their_number() {
        let text = "{}\nnot json\n";
        let problems = check_text(text, FileKind::KpiLines);
        assert_eq!(problems.len(), 2);
        assert_eq!(problems[0].line, Some(1));
        assert!(problems[0].message.contains("required"), "{problems:?}");
        assert_eq!(problems[1].line, Some(2));
        assert!(problems[1].message.starts_with("not JSON"));
    }

    #[test]
    fn violations_point_at_the_field() {
        let bad = json!({"document": 3, "title": null, "pages": 1, "goals": [],
                         "footnotes": [], "page_errors": [], "warnings": [], "legends": [],
                         "diagnostics": {"tables_seen": 0, "tables_with_records": 0,
                                         "lines_seen": 0, "lines_with_records": 0,
                                         "tables": [], "unread": []}});
        let Err(violations) = check(SchemaName::Document, &bad) else {
            panic!("accepted an invalid document");
        };
        assert_eq!(violations.len(), 1, "{violations:?}");
        assert_eq!(violations[0].pointer, "/document");
    }

    #[test]
    fn long_messages_are_cut() {
        let long = "x".repeat(1000);
        assert_eq!(shorten(&long).chars().count(), MAX_MESSAGE_CHARS + 1);
    }
}
