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

/// Publishes `dir/name` atomically from a file that `fill` creates at the path it is
/// given (for writers that need a path rather than bytes, such as SQLite).
pub fn write_path_atomic(
    dir: &Path,
    name: &str,
    fill: impl FnOnce(&Path) -> Result<(), OutputError>,
) -> Result<(), OutputError> {
    let target = dir.join(name);
    let temp = temp_path(dir, "file");
    let result = fill(&temp)
        .and_then(|()| {
            File::open(&temp)
                .and_then(|f| f.sync_all())
                .map_err(|e| io_error(&temp, e))
        })
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

/// Removes what a killed run left in `dir`: temporary entries whose process is gone (on
/// Linux, no `/proc/PID`; elsewhere, untouched for a day). Returns how many were removed.
/// Entries of a live run, e.g. a second run writing to the same directory, are left alone.
pub fn remove_stale_temps(dir: &Path) -> usize {
    let Ok(entries) = fs::read_dir(dir) else {
        return 0;
    };
    let mut removed = 0;
    for entry in entries.flatten() {
        let name = entry.file_name().to_string_lossy().into_owned();
        let Some(rest) = name.strip_prefix(TEMP_PREFIX) else {
            continue;
        };
        if !writer_is_gone(rest, &entry.path()) {
            continue;
        }
        let path = entry.path();
        let gone = if path.is_dir() {
            fs::remove_dir_all(&path)
        } else {
            fs::remove_file(&path)
        };
        removed += usize::from(gone.is_ok());
    }
    removed
}

/// Whether the process that made a temporary entry (`PURPOSE-PID-N`) has ended.
fn writer_is_gone(rest: &str, path: &Path) -> bool {
    let pid = rest.split('-').nth(1).and_then(|p| p.parse::<u32>().ok());
    if cfg!(target_os = "linux") && Path::new("/proc/self").exists() {
        return pid.is_none_or(|pid| {
            pid != std::process::id() && !Path::new(&format!("/proc/{pid}")).exists()
        });
    }
    const DAY: std::time::Duration = std::time::Duration::from_secs(24 * 3600);
    fs::symlink_metadata(path)
        .and_then(|m| m.modified())
        .ok()
        .and_then(|t| t.elapsed().ok())
        .is_some_and(|age| age > DAY)
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

    #[cfg(target_os = "linux")]
    #[test]
    fn stale_temps_of_dead_processes_are_removed_and_live_ones_kept() {
        let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
        // A pid above the kernel's maximum (4 194 304) never runs.
        let dead = format!("{TEMP_PREFIX}dir-4999999-0");
        let live = temp_path(dir.path(), "file");
        fs::create_dir(dir.path().join(&dead)).unwrap_or_else(|e| panic!("{e}"));
        fs::write(dir.path().join(&dead).join("kpis.jsonl"), b"{")
            .unwrap_or_else(|e| panic!("{e}"));
        fs::write(&live, b"half").unwrap_or_else(|e| panic!("{e}"));
        fs::write(dir.path().join("kept.json"), b"{}").unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(remove_stale_temps(dir.path()), 1);
        let live_name = live.file_name().map(|n| n.to_string_lossy().into_owned());
        let mut expected = vec!["kept.json".to_string()];
        expected.extend(live_name);
        expected.sort();
        assert_eq!(names(dir.path()), expected);
    }
}
