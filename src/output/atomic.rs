//! Atomic writes: a temporary file in the same folder, then a rename. The temporary files of the
//! writes under way are registered, so that an interruption (Ctrl-C) removes them and records the
//! outputs already written ([`super::on_interrupt`]).

use std::collections::{BTreeMap, BTreeSet};
use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::{Mutex, PoisonError};
use std::time::Duration;

use super::folder_of;
use super::record::Record;

/// Name prefix and suffix of our temporary files (`.xxgk-XXXXXX.tmp`).
const TEMP_PREFIX: &str = ".xxgk-";
const TEMP_SUFFIX: &str = ".tmp";

/// Age after which one of our temporary files is a leftover of a killed run, not a write under way
/// in another run (a write takes seconds at most).
pub const STALE_AFTER: Duration = Duration::from_secs(60 * 60);

/// The writes under way in this process and the outputs not yet in their folder's record, for
/// [`on_interrupt`].
pub(super) struct InFlight {
    /// Set by an interruption: no new temporary file is made.
    pub(super) closing: bool,
    /// Temporary files that exist now.
    pub(super) paths: BTreeSet<PathBuf>,
    /// Outputs written, by folder: file name → digest.
    pub(super) unrecorded: BTreeMap<PathBuf, BTreeMap<String, String>>,
}

pub(super) type Registry = &'static Mutex<InFlight>;

impl InFlight {
    pub(super) const fn new() -> Mutex<InFlight> {
        Mutex::new(InFlight { closing: false, paths: BTreeSet::new(), unrecorded: BTreeMap::new() })
    }

    pub(super) fn lock(registry: &Mutex<InFlight>) -> std::sync::MutexGuard<'_, InFlight> {
        registry.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// Refuses new temporary files, removes the registered ones and records what was written.
    pub(super) fn close(registry: Registry) -> usize {
        let (paths, unrecorded) = {
            let mut in_flight = InFlight::lock(registry);
            in_flight.closing = true;
            (std::mem::take(&mut in_flight.paths), std::mem::take(&mut in_flight.unrecorded))
        };
        let removed = paths.iter().filter(|p| std::fs::remove_file(p).is_ok()).count();
        for (dir, files) in unrecorded {
            // Past closing, so through a temporary file of its own; a kill now leaves it stale.
            let _ = Record::load(&dir).with(files).save_via(&dir, None, |_| {});
        }
        removed
    }
}

pub(super) static IN_FLIGHT: Mutex<InFlight> = InFlight::new();

/// A temporary file, known to the registry (when given) while it exists: dropping it deletes the
/// file (unless it was persisted) and only then forgets it.
pub(super) struct Temporary {
    file: Option<tempfile::NamedTempFile>,
    pub(super) path: PathBuf,
    registry: Option<Registry>,
}

impl Temporary {
    pub(super) fn new_in(dir: &Path, registry: Option<Registry>) -> std::io::Result<Temporary> {
        let make = || tempfile::Builder::new().prefix(TEMP_PREFIX).suffix(TEMP_SUFFIX).tempfile_in(dir);
        let Some(registry) = registry else {
            let file = make()?;
            return Ok(Temporary { path: file.path().to_path_buf(), file: Some(file), registry });
        };
        let mut in_flight = InFlight::lock(registry);
        if in_flight.closing {
            return Err(std::io::Error::from(std::io::ErrorKind::Interrupted));
        }
        // Made under the lock, so that an interruption never misses a file not yet registered.
        let file = make()?;
        let path = file.path().to_path_buf();
        in_flight.paths.insert(path.clone());
        Ok(Temporary { file: Some(file), path, registry: Some(registry) })
    }
}

impl Drop for Temporary {
    fn drop(&mut self) {
        drop(self.file.take());
        if let Some(registry) = self.registry {
            InFlight::lock(registry).paths.remove(&self.path);
        }
    }
}

/// For a process interrupted (Ctrl-C) that exits right after: removes the temporary files of the
/// writes under way, so that no `.xxgk-*.tmp` is left behind, records the outputs already written
/// (so that the next run replaces them without `--force`), and makes further writes fail. Files
/// written are whole (each appears by a rename); a write under way leaves the old file in place.
/// Returns how many temporary files were removed.
pub fn on_interrupt() -> usize {
    InFlight::close(&IN_FLIGHT)
}

/// Whether [`on_interrupt`] has run (or is running): the process is about to end.
pub fn interrupted() -> bool {
    InFlight::lock(&IN_FLIGHT).closing
}

/// Removes our temporary files (`.xxgk-*.tmp`) older than `age` from `dir`: those of a run that was
/// killed before it could clean up. Younger ones may belong to a run still writing and are kept.
/// Returns how many were removed.
pub fn remove_stale_temporary_files(dir: &Path, age: Duration) -> usize {
    let Ok(entries) = std::fs::read_dir(dir) else { return 0 };
    entries
        .flatten()
        .filter(|entry| {
            let name = entry.file_name();
            let name = name.to_string_lossy();
            name.starts_with(TEMP_PREFIX) && name.ends_with(TEMP_SUFFIX)
        })
        .filter(|entry| {
            entry.metadata().is_ok_and(|m| {
                m.is_file() && m.modified().is_ok_and(|t| t.elapsed().is_ok_and(|elapsed| elapsed > age))
            })
        })
        .filter(|entry| std::fs::remove_file(entry.path()).is_ok())
        .count()
}

/// Writes `bytes` to `path` through a temporary file in the same folder and a rename, so a reader
/// never sees half a file and a failed run leaves the old file in place. Creates the folder. With
/// `overwrite` false an existing file is left alone and an error of kind `AlreadyExists` is returned.
/// An interrupted process removes the temporary file ([`on_interrupt`]). The bytes reach the disk
/// before the rename (a data file is the user's work: it survives a power cut too).
pub fn write_atomic(path: &Path, bytes: &[u8], overwrite: bool) -> std::io::Result<()> {
    write_via(path, bytes, Sync::Durable, overwrite, Some(&IN_FLIGHT), |_| {})
}

/// Whether a write waits for the disk before its rename.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Sync {
    Durable,
    /// An output can be made again from its data file; waiting for the disk was a third of writing
    /// a Markdown or HTML report (and is slower still on Windows).
    Atomic,
}

/// [`write_atomic`], registering the temporary file with `registry` when given; `written` runs
/// under the registry's lock together with the rename, so that an interruption sees either the
/// temporary file or the written file with what `written` noted, never a file in between.
pub(super) fn write_via(
    path: &Path,
    bytes: &[u8],
    sync: Sync,
    overwrite: bool,
    registry: Option<Registry>,
    written: impl FnOnce(&mut InFlight),
) -> std::io::Result<()> {
    let dir = folder_of(path);
    std::fs::create_dir_all(dir)?;
    let mut tmp = Temporary::new_in(dir, registry)?;
    let file = tmp.file.as_mut().ok_or_else(|| std::io::Error::from(std::io::ErrorKind::Interrupted))?;
    file.write_all(bytes)?;
    // Temporary files are private (0600); a report is an ordinary document.
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        file.as_file().set_permissions(std::fs::Permissions::from_mode(0o644))?;
    }
    if sync == Sync::Durable {
        file.as_file().sync_all()?;
    }
    let file = tmp.file.take().ok_or_else(|| std::io::Error::from(std::io::ErrorKind::Interrupted))?;
    let persist = |file: tempfile::NamedTempFile| {
        if overwrite { file.persist(path) } else { file.persist_noclobber(path) }
            .map(drop)
            .map_err(|e| e.error)
    };
    let Some(registry) = registry else { return persist(file) };
    let mut in_flight = InFlight::lock(registry);
    if in_flight.closing {
        // Its temporary file is already removed; the old file stays.
        return Err(std::io::Error::from(std::io::ErrorKind::Interrupted));
    }
    persist(file)?;
    written(&mut in_flight);
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::output::RECORD_FILE;

    #[test]
    fn atomic_write_replaces_and_leaves_no_temp_files() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("中文目录").join("报告.md");
        write_atomic(&p, b"one", true).unwrap();
        write_atomic(&p, "二".as_bytes(), true).unwrap();
        assert_eq!(std::fs::read_to_string(&p).unwrap(), "二");
        let names: Vec<_> = std::fs::read_dir(p.parent().unwrap()).unwrap().collect();
        assert_eq!(names.len(), 1);
    }

    #[test]
    fn only_old_temporary_files_of_ours_are_stale() {
        let dir = tempfile::tempdir().unwrap();
        let old = std::time::SystemTime::now() - Duration::from_secs(2 * 60 * 60);
        let make = |name: &str, aged: bool| {
            let p = dir.path().join(name);
            let f = std::fs::File::create(&p).unwrap();
            if aged {
                f.set_modified(old).unwrap();
            }
            p
        };
        let stale = make(".xxgk-abc123.tmp", true);
        let fresh = make(".xxgk-def456.tmp", false);
        let other = make(".other-abc.tmp", true);
        let record = make(RECORD_FILE, true);
        assert_eq!(remove_stale_temporary_files(dir.path(), STALE_AFTER), 1);
        assert!(!stale.exists() && fresh.exists() && other.exists() && record.exists());
        assert_eq!(remove_stale_temporary_files(&dir.path().join("无"), STALE_AFTER), 0);
    }

    #[test]
    fn atomic_write_without_overwrite_keeps_the_old_file() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("数据.yaml");
        write_atomic(&p, b"old", false).unwrap();
        let err = write_atomic(&p, b"new", false).unwrap_err();
        assert_eq!(err.kind(), std::io::ErrorKind::AlreadyExists);
        assert_eq!(std::fs::read_to_string(&p).unwrap(), "old");
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 1, "no temporary file left");
    }
}
