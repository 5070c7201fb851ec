//! The record of what xxgk wrote in each output folder (`.xxgk-outputs.json`): each file's name and
//! the digest of its bytes, so that a file a person has edited since is never replaced.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use super::atomic::{IN_FLIGHT, InFlight, Registry, Sync, write_via};
use super::{OutputError, folder_of};

/// Writes an output (replacing the file, atomically) and notes it for its folder's record, which
/// [`save_records`] writes once all outputs of a batch are written.
pub fn write_output(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    write_output_in(&IN_FLIGHT, path, bytes)
}

fn write_output_in(registry: Registry, path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    let name = path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
    let dir = folder_of(path).to_path_buf();
    let digest = digest(bytes);
    write_via(path, bytes, Sync::Atomic, true, Some(registry), |in_flight| {
        in_flight.unrecorded.entry(dir).or_default().insert(name, digest);
    })
}

/// Adds the outputs written into each of `dirs` (folders as [`folder_of`] gives them) to that
/// folder's record: one update per folder. Returns the folders whose record could not be written.
pub fn save_records<'a>(dirs: impl IntoIterator<Item = &'a Path>) -> Vec<(PathBuf, std::io::Error)> {
    save_records_in(&IN_FLIGHT, dirs)
}

fn save_records_in<'a>(
    registry: Registry,
    dirs: impl IntoIterator<Item = &'a Path>,
) -> Vec<(PathBuf, std::io::Error)> {
    let mut failed = Vec::new();
    for dir in dirs {
        // The outputs stay unrecorded until the record is renamed into place (under the registry's
        // lock): an interruption while the record is written still records them.
        let Some(files) = InFlight::lock(registry).unrecorded.get(dir).cloned() else { continue };
        let saved = Record::load(dir).with(files).save_via(dir, Some(registry), |in_flight| {
            in_flight.unrecorded.remove(dir);
        });
        if let Err(e) = saved {
            failed.push((dir.to_path_buf(), e));
        }
    }
    failed
}

/// File name of the record of what xxgk wrote in an output folder.
pub const RECORD_FILE: &str = ".xxgk-outputs.json";

/// The digest algorithm of the record; a record made with another is not trusted.
const DIGEST: &str = "siphash-1-3-128";

/// What xxgk wrote in one folder: each file's name and the digest of the bytes written. An existing
/// file is replaced without `--force` only when it is in the record, unchanged.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Record {
    /// For the person who finds the hidden file.
    #[serde(rename = "说明", default)]
    note: String,
    #[serde(default)]
    digest: String,
    #[serde(default)]
    files: BTreeMap<String, String>,
}

impl Record {
    /// The record of `dir`; empty when there is none, or it cannot be read or trusted.
    pub fn load(dir: &Path) -> Record {
        std::fs::read(dir.join(RECORD_FILE))
            .ok()
            .and_then(|bytes| serde_json::from_slice::<Record>(&bytes).ok())
            .filter(|r| r.digest == DIGEST)
            .unwrap_or_default()
    }

    /// Whether `path` (a file in this record's folder) may be replaced: it does not exist, is
    /// empty (what a power cut can leave of an output, which is not waited for to reach the disk),
    /// or xxgk wrote it and it is unchanged since.
    pub fn may_replace(&self, path: &Path) -> Result<(), OutputError> {
        match std::fs::symlink_metadata(path) {
            // Missing, or a folder or link whose write fails on its own.
            Ok(m) if !m.is_file() => return Ok(()),
            Err(_) => return Ok(()),
            Ok(m) if m.len() == 0 => return Ok(()),
            Ok(_) => {}
        }
        let name = path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
        let Some(written) = self.files.get(&name) else { return Err(OutputError::NotOurs(path.into())) };
        match std::fs::read(path) {
            Ok(bytes) if digest(&bytes) == *written => Ok(()),
            _ => Err(OutputError::Edited(path.into())),
        }
    }

    /// The record with these files (name → digest) written.
    pub(super) fn with(mut self, files: BTreeMap<String, String>) -> Record {
        self.files.extend(files);
        self
    }

    /// Writes the record into `dir` (atomically), forgetting files that are gone.
    pub(super) fn save_via(
        mut self,
        dir: &Path,
        registry: Option<Registry>,
        written: impl FnOnce(&mut InFlight),
    ) -> std::io::Result<()> {
        self.files.retain(|name, _| dir.join(name).is_file());
        self.note = "xxgk 生成的文件及其内容摘要：再次生成时，只替换其中未被修改过的文件。请勿编辑".into();
        self.digest = DIGEST.into();
        let text = serde_json::to_string_pretty(&self).map_err(std::io::Error::other)? + "\n";
        write_via(&dir.join(RECORD_FILE), text.as_bytes(), Sync::Durable, true, registry, written)
    }
}

/// The digest of an output's bytes, as the record keeps it (hex). SipHash-1-3 with fixed keys,
/// 128 bits: fast, and stable across versions (unlike std's hasher); edits are not adversarial.
pub fn digest(bytes: &[u8]) -> String {
    use siphasher::sip128::{Hasher128, SipHasher13};
    let mut hasher = SipHasher13::new();
    std::hash::Hasher::write(&mut hasher, bytes);
    format!("{:032x}", hasher.finish128().as_u128())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::output::atomic::Temporary;
    use std::sync::Mutex;

    #[test]
    fn an_interruption_removes_the_temporary_files_of_writes_under_way() {
        // A registry of this test's own: the process-wide one serves the other tests' writes.
        static REGISTRY: Mutex<InFlight> = InFlight::new();
        let dir = tempfile::tempdir().unwrap();
        let done = dir.path().join("报告.md");
        write_output_in(&REGISTRY, &done, b"done").unwrap();
        drop(Temporary::new_in(dir.path(), Some(&REGISTRY)).unwrap());
        let tmp = Temporary::new_in(dir.path(), Some(&REGISTRY)).unwrap();
        assert!(tmp.path.exists());
        assert_eq!(InFlight::lock(&REGISTRY).paths.len(), 1, "a dropped one is forgotten");

        assert_eq!(InFlight::close(&REGISTRY), 1);
        assert!(!tmp.path.exists());
        // What was written is recorded, so that the next run may replace it.
        assert!(Record::load(dir.path()).may_replace(&done).is_ok());
        // Later writes are refused (the process is about to exit).
        let err = write_output_in(&REGISTRY, &dir.path().join("新.md"), b"x").unwrap_err();
        assert_eq!(err.kind(), std::io::ErrorKind::Interrupted);
        drop(tmp);
        let mut names: Vec<_> =
            std::fs::read_dir(dir.path()).unwrap().map(|e| e.unwrap().file_name()).collect();
        names.sort();
        assert_eq!(names, [RECORD_FILE, "报告.md"]);
    }

    #[test]
    fn the_record_allows_replacing_only_unchanged_files_it_lists() {
        static REGISTRY: Mutex<InFlight> = InFlight::new();
        let dir = tempfile::tempdir().unwrap();
        let ours = dir.path().join("报告.md");
        let theirs = dir.path().join("别人的.md");
        std::fs::write(&theirs, b"theirs").unwrap();
        let record = Record::load(dir.path());
        assert_eq!(record, Record::default());
        assert!(record.may_replace(&dir.path().join("新.md")).is_ok());
        assert!(matches!(record.may_replace(&theirs), Err(OutputError::NotOurs(_))));
        let empty = dir.path().join("断电后.md");
        std::fs::write(&empty, b"").unwrap();
        assert!(record.may_replace(&empty).is_ok(), "an empty file holds nothing to protect");

        write_output_in(&REGISTRY, &ours, b"ours").unwrap();
        let gone = dir.path().join("已删除.md");
        write_output_in(&REGISTRY, &gone, b"gone").unwrap();
        std::fs::remove_file(&gone).unwrap();
        assert!(Record::load(dir.path()).may_replace(&ours).is_err(), "recorded only when saved");
        assert!(save_records_in(&REGISTRY, [dir.path()]).is_empty());
        assert!(InFlight::lock(&REGISTRY).unrecorded.is_empty());

        let record = Record::load(dir.path());
        assert_eq!(record.files.keys().collect::<Vec<_>>(), ["报告.md"], "files that are gone are dropped");
        assert!(record.may_replace(&ours).is_ok());
        assert!(matches!(record.may_replace(&theirs), Err(OutputError::NotOurs(_))));
        std::fs::write(&ours, b"ours, edited").unwrap();
        assert!(matches!(record.may_replace(&ours), Err(OutputError::Edited(_))));
        // A damaged record trusts nothing.
        std::fs::write(dir.path().join(RECORD_FILE), b"{").unwrap();
        assert_eq!(Record::load(dir.path()), Record::default());
    }

    #[test]
    fn digests_are_stable() {
        // Stored in records on users' disks: a change would make every earlier output look edited.
        assert_eq!(digest(b""), digest(b""));
        assert_ne!(digest(b"a"), digest(b"b"));
        assert_eq!(digest(b"xxgk").len(), 32);
        assert_eq!(digest(b"xxgk"), "d09e7534183994ebeeda90b550091476");
    }
}
