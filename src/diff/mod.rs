//! Changes between two editions' outputs (`kpi-extract diff`).
//!
//! The library part is three steps, each usable on its own:
//!
//! 1. [`load`]: a data directory, a `<stem>` directory or a `kpis.jsonl` → [`Side`]
//!    (documents with their flat records, grouped into programs);
//! 2. [`pair_documents`]: documents of both sides paired by stem;
//! 3. [`compare`]: programs paired by record id, then by the most similar name within the
//!    same goal/policy; KPIs by id, then by the most similar indicator → [`Change`]s.
//!
//! [`diff`] runs steps 2 and 3. Values are compared by meaning (number, unit, status,
//! qualifier, period), never by their printed formatting.

mod compare;
mod load;
mod pair;
pub mod similarity;

pub use compare::compare;
pub use load::{load, load_records, DiffError, Document, ProgramGroup, Side};
pub use pair::{pair_documents, DocumentPair};

use serde::{Deserialize, Serialize};
use std::fmt;
use std::str::FromStr;

/// What kind of change a [`Change`] is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ChangeKind {
    /// A program only in the new edition.
    ProgramAdded,
    /// A program only in the old edition.
    ProgramRemoved,
    /// The same program under a new name.
    ProgramRenamed,
    /// A KPI only in the new edition (of a program present in both).
    KpiAdded,
    /// A KPI only in the old edition (of a program present in both).
    KpiRemoved,
    /// The value before ⇒ changed.
    BaselineChanged,
    /// The value after ⇒ changed.
    TargetChanged,
    /// A year of actuals that the old edition did not have (or had no figure for).
    ActualAdded,
    /// A past year's figure revised, or dropped from the new edition.
    ActualChanged,
}

impl ChangeKind {
    /// Every kind, in report order.
    pub const ALL: [ChangeKind; 9] = [
        ChangeKind::ProgramAdded,
        ChangeKind::ProgramRemoved,
        ChangeKind::ProgramRenamed,
        ChangeKind::KpiAdded,
        ChangeKind::KpiRemoved,
        ChangeKind::BaselineChanged,
        ChangeKind::TargetChanged,
        ChangeKind::ActualAdded,
        ChangeKind::ActualChanged,
    ];

    /// The snake_case name used in JSON and on the command line.
    pub fn name(self) -> &'static str {
        match self {
            ChangeKind::ProgramAdded => "program_added",
            ChangeKind::ProgramRemoved => "program_removed",
            ChangeKind::ProgramRenamed => "program_renamed",
            ChangeKind::KpiAdded => "kpi_added",
            ChangeKind::KpiRemoved => "kpi_removed",
            ChangeKind::BaselineChanged => "baseline_changed",
            ChangeKind::TargetChanged => "target_changed",
            ChangeKind::ActualAdded => "actual_added",
            ChangeKind::ActualChanged => "actual_changed",
        }
    }
}

impl fmt::Display for ChangeKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// An unknown change kind name.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("unknown change kind {0:?} (expected one of: {kinds})", kinds = ChangeKind::ALL.map(ChangeKind::name).join(", "))]
pub struct UnknownKind(pub String);

impl FromStr for ChangeKind {
    type Err = UnknownKind;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let wanted = s.trim();
        ChangeKind::ALL
            .into_iter()
            .find(|kind| kind.name() == wanted)
            .ok_or_else(|| UnknownKind(wanted.to_string()))
    }
}

/// One difference between the old and the new edition.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Change {
    /// What changed.
    pub kind: ChangeKind,
    /// The document stem (the new edition's, or the old one's for a removed program).
    pub document: String,
    /// The program's name (the new name for a rename).
    pub program: String,
    /// The KPI's indicator, for KPI-level changes.
    pub indicator: Option<String>,
    /// The western year of an actual, for `actual_added` and `actual_changed`.
    pub year: Option<i32>,
    /// The old value: a name for renames and removals, a Quantity for value changes.
    pub old: Option<serde_json::Value>,
    /// The new value: a name for renames and additions, a Quantity for value changes.
    pub new: Option<serde_json::Value>,
}

/// Compares every paired document of two sides, in a deterministic order (documents by
/// stem, then programs in the new edition's order, removed programs last).
pub fn diff(old: &Side, new: &Side) -> Vec<Change> {
    pair_documents(old, new)
        .into_iter()
        .flat_map(|pair| match pair {
            DocumentPair::Both(a, b) => compare(a, b),
            DocumentPair::OnlyOld(a) => compare(a, &Document::empty(&a.stem)),
            DocumentPair::OnlyNew(b) => compare(&Document::empty(&b.stem), b),
        })
        .collect()
}
