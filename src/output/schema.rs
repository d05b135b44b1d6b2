//! The bundled JSON Schemas (draft 2020-12) that encode `schemas/records.md`, compiled once.

use std::sync::OnceLock;

use jsonschema::Validator;

/// One of the bundled schemas.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum SchemaName {
    /// One flat KPI record: a line of `kpis.jsonl`.
    KpiRecord,
    /// The document tree: `<stem>/document.json`.
    Document,
    /// The run manifest: `manifest.json`.
    Manifest,
}

impl SchemaName {
    /// Every bundled schema, in the order `kpi-extract schema` lists them.
    pub const ALL: [SchemaName; 3] = [
        SchemaName::KpiRecord,
        SchemaName::Document,
        SchemaName::Manifest,
    ];

    /// The short name used on the command line (`kpi-record`, `document`, `manifest`).
    pub fn name(self) -> &'static str {
        match self {
            SchemaName::KpiRecord => "kpi-record",
            SchemaName::Document => "document",
            SchemaName::Manifest => "manifest",
        }
    }

    /// The schema's file name in `schemas/`.
    pub fn file_name(self) -> &'static str {
        match self {
            SchemaName::KpiRecord => "kpi-record.schema.json",
            SchemaName::Document => "document.schema.json",
            SchemaName::Manifest => "manifest.schema.json",
        }
    }

    /// What the schema describes, one line.
    pub fn describes(self) -> &'static str {
        match self {
            SchemaName::KpiRecord => "one line of <stem>/kpis.jsonl (a flat KPI record)",
            SchemaName::Document => "<stem>/document.json (the document tree)",
            SchemaName::Manifest => "manifest.json (one entry per input of a run)",
        }
    }

    /// The schema text as bundled in the binary.
    pub fn source(self) -> &'static str {
        match self {
            SchemaName::KpiRecord => include_str!("../../schemas/kpi-record.schema.json"),
            SchemaName::Document => include_str!("../../schemas/document.schema.json"),
            SchemaName::Manifest => include_str!("../../schemas/manifest.schema.json"),
        }
    }

    /// Finds a schema by its short name or file name (`kpi-record`, `kpi-record.schema.json`).
    pub fn from_name(name: &str) -> Option<SchemaName> {
        let wanted = name.trim().to_ascii_lowercase();
        SchemaName::ALL
            .into_iter()
            .find(|s| s.name() == wanted || s.file_name() == wanted)
    }

    /// The compiled validator, built on first use and shared afterwards.
    pub fn validator(self) -> Result<&'static Validator, String> {
        let cell = match self {
            SchemaName::KpiRecord => &KPI_RECORD,
            SchemaName::Document => &DOCUMENT,
            SchemaName::Manifest => &MANIFEST,
        };
        cell.get_or_init(|| compile(self.source()))
            .as_ref()
            .map_err(|e| format!("bundled schema {} is broken: {e}", self.file_name()))
    }
}

static KPI_RECORD: OnceLock<Result<Validator, String>> = OnceLock::new();
static DOCUMENT: OnceLock<Result<Validator, String>> = OnceLock::new();
static MANIFEST: OnceLock<Result<Validator, String>> = OnceLock::new();

fn compile(source: &str) -> Result<Validator, String> {
    let schema: serde_json::Value = serde_json::from_str(source).map_err(|e| e.to_string())?;
    jsonschema::draft202012::new(&schema).map_err(|e| e.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_bundled_schema_compiles() {
        for name in SchemaName::ALL {
            assert!(name.validator().is_ok(), "{}", name.file_name());
        }
    }

    #[test]
    fn names_resolve_both_ways() {
        assert_eq!(
            SchemaName::from_name("kpi-record"),
            Some(SchemaName::KpiRecord)
        );
        assert_eq!(
            SchemaName::from_name("manifest.schema.json"),
            Some(SchemaName::Manifest)
        );
        assert_eq!(SchemaName::from_name("nope"), None);
    }

    /// The document schema repeats the record schema's definitions so that each file stands
    /// alone for other validators; they must not drift apart.
    #[test]
    fn shared_definitions_are_identical() {
        let parse = |s: SchemaName| -> serde_json::Value {
            serde_json::from_str(s.source()).unwrap_or_default()
        };
        let record = parse(SchemaName::KpiRecord);
        let document = parse(SchemaName::Document);
        let shared = [
            "Heading", "Program", "Period", "Quantity", "Actual", "Source",
        ];
        for def in shared {
            assert!(record["$defs"][def].is_object(), "{def} missing");
            assert_eq!(
                record["$defs"][def], document["$defs"][def],
                "{def} differs"
            );
        }
        let manifest = parse(SchemaName::Manifest);
        assert_eq!(
            manifest["$defs"]["PageError"],
            document["$defs"]["PageError"]
        );
    }
}
