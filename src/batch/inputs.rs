//! The inputs of a batch: files, folders searched for PDFs, and `-` for standard input.

use std::collections::HashSet;
use std::path::{Path, PathBuf};

use crate::output::write::TEMP_PREFIX;

/// One input of a batch.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Input {
    /// A file, converted whatever its extension (and a failed input when it cannot be read).
    File(PathBuf),
    /// A PDF read from standard input (the argument `-`); its stem is `stdin`.
    Stdin,
}

impl Input {
    /// The path as the manifest shows it (`-` for standard input).
    pub fn display(&self) -> String {
        match self {
            Input::File(path) => path.display().to_string(),
            Input::Stdin => STDIN_ARGUMENT.to_string(),
        }
    }

    /// The path its stem is made from.
    pub(crate) fn stem_path(&self) -> &Path {
        match self {
            Input::File(path) => path,
            Input::Stdin => Path::new(STDIN_STEM),
        }
    }
}

/// The argument that names standard input.
pub const STDIN_ARGUMENT: &str = "-";
/// The stem of a PDF read from standard input.
const STDIN_STEM: &str = "stdin";

/// Expands arguments into a sorted, duplicate-free list of inputs: a folder gives every
/// `*.pdf` under it (any case, recursively), `-` standard input, anything else itself
/// (a missing file too: it becomes a failed input, so the rest of the batch still runs).
pub fn find_inputs(arguments: &[PathBuf]) -> Vec<Input> {
    let mut files = Vec::new();
    let mut stdin = false;
    for argument in arguments {
        if argument.as_os_str() == STDIN_ARGUMENT {
            stdin = true;
        } else if argument.is_dir() {
            files.extend(walk_files(argument, &is_pdf_name));
        } else {
            files.push(argument.clone());
        }
    }
    files.sort();
    let mut seen = HashSet::new();
    files.retain(|p| seen.insert(std::fs::canonicalize(p).unwrap_or_else(|_| p.clone())));
    let mut inputs: Vec<Input> = files.into_iter().map(Input::File).collect();
    if stdin {
        inputs.push(Input::Stdin);
    }
    inputs
}

/// Whether `path` names a PDF by its extension (any case).
pub fn is_pdf_name(path: &Path) -> bool {
    path.extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("pdf"))
}

/// Deepest folder nesting searched (symlink loops are also cut by remembering folders).
const MAX_WALK_DEPTH: usize = 64;

/// Every file under `dir` that `accept` takes, recursively, following symbolic links once,
/// skipping the writer's temporary entries; unreadable folders are passed over. Not sorted.
pub fn walk_files(dir: &Path, accept: &dyn Fn(&Path) -> bool) -> Vec<PathBuf> {
    let mut found = Vec::new();
    walk(dir, 0, &mut HashSet::new(), accept, &mut found);
    found
}

fn walk(
    dir: &Path,
    depth: usize,
    visited: &mut HashSet<PathBuf>,
    accept: &dyn Fn(&Path) -> bool,
    found: &mut Vec<PathBuf>,
) {
    let canonical = std::fs::canonicalize(dir).unwrap_or_else(|_| dir.to_path_buf());
    if depth > MAX_WALK_DEPTH || !visited.insert(canonical) {
        return;
    }
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        if entry.file_name().to_string_lossy().starts_with(TEMP_PREFIX) {
            continue;
        }
        match std::fs::metadata(&path) {
            Ok(meta) if meta.is_dir() => walk(&path, depth + 1, visited, accept, found),
            Ok(meta) if meta.is_file() && accept(&path) => found.push(path),
            _ => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folders_give_their_pdfs_sorted_and_missing_files_stay() {
        let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
        let sub = dir.path().join("sub");
        std::fs::create_dir(&sub).unwrap_or_else(|e| panic!("{e}"));
        for name in ["b.PDF", "a.pdf", "notes.txt", ".kpi-extract-file-1-0.pdf"] {
            std::fs::write(sub.join(name), b"%PDF-").unwrap_or_else(|e| panic!("{e}"));
        }
        let missing = dir.path().join("missing.pdf");
        let inputs = find_inputs(&[
            PathBuf::from("-"),
            sub.clone(),
            missing.clone(),
            sub.join("a.pdf"),
        ]);
        assert_eq!(
            inputs,
            [
                Input::File(missing),
                Input::File(sub.join("a.pdf")),
                Input::File(sub.join("b.PDF")),
                Input::Stdin,
            ]
        );
    }
}
