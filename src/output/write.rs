//! Atomic writes: a reader sees a whole file (or a whole document directory) or nothing.
//!
//! Files are written to a temporary name in the same directory, flushed to disk, then
//! renamed over the target. A document's directory is filled under a temporary name and
//! renamed into place; an older directory of the same name is moved aside first and removed
//! after. Temporary names start with `.kpi-extract-` so they never collide with a stem
//! (stems never start with a dot).

use std::fs::{self, File, OpenOptions};
use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};

use super::OutputError;

/// Prefix of every temporary name the writer creates.
pub const TEMP_PREFIX: &str = ".kpi-extract-";

static COUNTER: AtomicU64 = AtomicU64::new(0);

/// A fresh temporary name inside `dir`, unique within this process and across processes.
fn temp_path(dir: &Path, purpose: &str) -> PathBuf {
    let n = COUNTER.fetch_add(1, Ordering::Relaxed);
    dir.join(format!("{TEMP_PREFIX}{purpose}-{}-{n}", std::process::id()))
}

fn io_error(path: &Path, source: std::io::Error) -> OutputError {
    OutputError::Io {
        path: path.display().to_string(),
        source,
    }
}

/// Creates `path` (which must not exist), writes `bytes` and flushes them to disk.
fn write_new_file(path: &Path, bytes: &[u8]) -> Result<(), OutputError> {
    let mut file = OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(path)
        .map_err(|e| io_error(path, e))?;
    file.write_all(bytes).map_err(|e| io_error(path, e))?;
    file.sync_all().map_err(|e| io_error(path, e))
}

/// Flushes a directory's entries (new names) to disk where the platform allows it.
fn sync_dir(dir: &Path) -> Result<(), OutputError> {
    #[cfg(unix)]
    {
        File::open(dir)
            .and_then(|d| d.sync_all())
            .map_err(|e| io_error(dir, e))?;
    }
    #[cfg(not(unix))]
    let _ = dir;
    Ok(())
}

/// Writes `bytes` to `dir/name` atomically (temporary file, fsync, rename).
pub fn write_file_atomic(dir: &Path, name: &str, bytes: &[u8]) -> Result<(), OutputError> {
    let target = dir.join(name);
    let temp = temp_path(dir, "file");
    let result = write_new_file(&temp, bytes)
        .and_then(|()| fs::rename(&temp, &target).map_err(|e| io_error(&target, e)))
        .and_then(|()| sync_dir(dir));
    if result.is_err() {
        let _ = fs::remove_file(&temp);
    }
    result
}

/// Removes `dir/name` if it exists (a file the run no longer produces).
pub fn remove_file_if_present(dir: &Path, name: &str) -> Result<(), OutputError> {
    let target = dir.join(name);
    match fs::remove_file(&target) {
        Err(e) if e.kind() != std::io::ErrorKind::NotFound => Err(io_error(&target, e)),
        _ => Ok(()),
    }
}

/// A directory filled under a temporary name and published by [`StagedDir::commit`].
/// Dropped without commit, it removes itself.
#[derive(Debug)]
pub struct StagedDir {
    parent: PathBuf,
    temp: PathBuf,
    committed: bool,
}

impl StagedDir {
    /// Creates an empty temporary directory inside `parent`.
    pub fn new(parent: &Path) -> Result<StagedDir, OutputError> {
        let temp = temp_path(parent, "dir");
        fs::create_dir(&temp).map_err(|e| io_error(&temp, e))?;
        Ok(StagedDir {
            parent: parent.to_path_buf(),
            temp,
            committed: false,
        })
    }

    /// Writes one file into the staged directory (flushed to disk).
    pub fn add(&self, name: &str, bytes: &[u8]) -> Result<(), OutputError> {
        write_new_file(&self.temp.join(name), bytes)
    }

    /// Publishes the directory as `parent/name`, replacing an older one of that name.
    pub fn commit(mut self, name: &str) -> Result<(), OutputError> {
        sync_dir(&self.temp)?;
        let target = self.parent.join(name);
        let old = temp_path(&self.parent, "old");
        let moved_aside = match fs::rename(&target, &old) {
            Ok(()) => true,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => false,
            Err(e) => return Err(io_error(&target, e)),
        };
        if let Err(e) = fs::rename(&self.temp, &target) {
            if moved_aside {
                let _ = fs::rename(&old, &target);
            }
            return Err(io_error(&target, e));
        }
        self.committed = true;
        if moved_aside {
            let _ = fs::remove_dir_all(&old);
        }
        sync_dir(&self.parent)
    }
}

impl Drop for StagedDir {
    fn drop(&mut self) {
        if !self.committed {
            let _ = fs::remove_dir_all(&self.temp);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names(dir: &Path) -> Vec<String> {
        let mut names: Vec<String> = fs::read_dir(dir)
            .into_iter()
            .flatten()
            .flatten()
            .map(|e| e.file_name().to_string_lossy().into_owned())
            .collect();
        names.sort();
        names
    }

    #[test]
    fn file_replaces_atomically_and_leaves_no_temp() {
        let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
        write_file_atomic(dir.path(), "a.json", b"one").unwrap_or_else(|e| panic!("{e}"));
        write_file_atomic(dir.path(), "a.json", b"two").unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(
            fs::read(dir.path().join("a.json")).ok(),
            Some(b"two".to_vec())
        );
        assert_eq!(names(dir.path()), vec!["a.json"]);
    }

    #[test]
    fn staged_dir_appears_whole_or_not_at_all() {
        let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
        {
            let staged = StagedDir::new(dir.path()).unwrap_or_else(|e| panic!("{e}"));
            staged.add("x", b"1").unwrap_or_else(|e| panic!("{e}"));
            // dropped without commit
        }
        assert!(names(dir.path()).is_empty());
        for content in [&b"old"[..], b"new"] {
            let staged = StagedDir::new(dir.path()).unwrap_or_else(|e| panic!("{e}"));
            staged.add("x", content).unwrap_or_else(|e| panic!("{e}"));
            staged.commit("doc").unwrap_or_else(|e| panic!("{e}"));
        }
        assert_eq!(names(dir.path()), vec!["doc"]);
        assert_eq!(
            fs::read(dir.path().join("doc/x")).ok(),
            Some(b"new".to_vec())
        );
    }
}
