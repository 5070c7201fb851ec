//! Writing files: atomic writes, where each output goes and what it is called, and the record of
//! what xxgk wrote in each output folder, so that a file a person has edited is never replaced.

use crate::render::Format;
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, BTreeSet};
use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::{Mutex, PoisonError};
use std::time::Duration;

/// Why an output is not written, found before anything is written.
#[derive(Debug, thiserror::Error)]
pub enum OutputError {
    #[error(
        "“{}”是本次要读取的数据文件，不能同时作为输出文件（否则数据会被报告替换）；请用 -o 另指定文件名或文件夹",
        .0.display()
    )]
    IsInput(PathBuf),
    #[error(
        "“{}”已存在，但不是 xxgk 生成的（或生成记录 {RECORD_FILE} 已丢失），未覆盖。请先把它改名或移走；确需覆盖请加 --force",
        .0.display()
    )]
    NotOurs(PathBuf),
    #[error(
        "“{}”在 xxgk 生成后被修改过，未覆盖，以免丢失修改。请先把改过的文件改名或移走；确需覆盖请加 --force",
        .0.display()
    )]
    Edited(PathBuf),
    #[error(
        "-o {} 的扩展名与输出格式 {} 不符，未生成；请用以 .{} 结尾的文件名，或用 -o 指定文件夹",
        path.display(),
        format.extension(),
        format.extension()
    )]
    Extension { path: PathBuf, format: Format },
}

/// Name prefix and suffix of our temporary files (`.xxgk-XXXXXX.tmp`).
const TEMP_PREFIX: &str = ".xxgk-";
const TEMP_SUFFIX: &str = ".tmp";

/// Age after which one of our temporary files is a leftover of a killed run, not a write under way
/// in another run (a write takes seconds at most).
pub const STALE_AFTER: Duration = Duration::from_secs(60 * 60);

/// The writes under way in this process and the outputs not yet in their folder's record, for
/// [`on_interrupt`].
struct InFlight {
    /// Set by an interruption: no new temporary file is made.
    closing: bool,
    /// Temporary files that exist now.
    paths: BTreeSet<PathBuf>,
    /// Outputs written, by folder: file name → digest.
    unrecorded: BTreeMap<PathBuf, BTreeMap<String, String>>,
}

type Registry = &'static Mutex<InFlight>;

impl InFlight {
    const fn new() -> Mutex<InFlight> {
        Mutex::new(InFlight { closing: false, paths: BTreeSet::new(), unrecorded: BTreeMap::new() })
    }

    fn lock(registry: &Mutex<InFlight>) -> std::sync::MutexGuard<'_, InFlight> {
        registry.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// Refuses new temporary files, removes the registered ones and records what was written.
    fn close(registry: Registry) -> usize {
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

static IN_FLIGHT: Mutex<InFlight> = InFlight::new();

/// A temporary file, known to the registry (when given) while it exists: dropping it deletes the
/// file (unless it was persisted) and only then forgets it.
struct Temporary {
    file: Option<tempfile::NamedTempFile>,
    path: PathBuf,
    registry: Option<Registry>,
}

impl Temporary {
    fn new_in(dir: &Path, registry: Option<Registry>) -> std::io::Result<Temporary> {
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

/// The folder a file is written in (`.` for a bare file name).
pub fn folder_of(path: &Path) -> &Path {
    match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d,
        _ => Path::new("."),
    }
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
enum Sync {
    Durable,
    /// An output can be made again from its data file; waiting for the disk was a third of writing
    /// a Markdown or HTML report (and is slower still on Windows).
    Atomic,
}

/// [`write_atomic`], registering the temporary file with `registry` when given; `written` runs
/// under the registry's lock together with the rename, so that an interruption sees either the
/// temporary file or the written file with what `written` noted, never a file in between.
fn write_via(
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

/// An existing file, however it is named (relative, with `./`, through a link): its device and
/// inode on Unix, its canonical path elsewhere.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FileId(FileKey);

#[cfg(unix)]
type FileKey = (u64, u64);
#[cfg(not(unix))]
type FileKey = PathBuf;

impl FileId {
    /// `None` when `path` does not exist.
    pub fn of(path: &Path) -> Option<FileId> {
        #[cfg(unix)]
        {
            use std::os::unix::fs::MetadataExt;
            std::fs::metadata(path).ok().map(|m| FileId((m.dev(), m.ino())))
        }
        #[cfg(not(unix))]
        {
            std::fs::canonicalize(path).ok().map(FileId)
        }
    }
}

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
    fn with(mut self, files: BTreeMap<String, String>) -> Record {
        self.files.extend(files);
        self
    }

    /// Writes the record into `dir` (atomically), forgetting files that are gone.
    fn save_via(
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

/// Longest file stem, in bytes: a path component may have 255 bytes on common file systems, and
/// the extension (`.docx`) needs room (80 Chinese characters fit).
const MAX_STEM_BYTES: usize = 240;

/// Characters that would make a name lie about itself or hide part of it: bidirectional controls
/// (a right-to-left override shows `报告\u{202e}fdp.exe` as `报告exe.pdf`) and zero-width ones.
fn is_invisible(c: char) -> bool {
    matches!(
        c,
        '\u{200b}'..='\u{200f}' | '\u{202a}'..='\u{202e}' | '\u{2060}' | '\u{2066}'..='\u{2069}' | '\u{feff}' | '\u{61c}'
    )
}

/// A file name from a report title: characters Windows or Unix forbid become `_`, invisible ones
/// are dropped, the name is never hidden (no leading dot), and it is cut to fit every file system
/// (Chinese names stay as they are). `init` names its data file the same way.
pub fn file_stem(title: &str) -> String {
    let mut s: String = title
        .chars()
        .filter(|c| !is_invisible(*c))
        .map(|c| match c {
            '<' | '>' | ':' | '"' | '/' | '\\' | '|' | '?' | '*' => '_',
            c if c.is_control() => '_',
            c => c,
        })
        .collect();
    if s.len() > MAX_STEM_BYTES {
        let mut end = MAX_STEM_BYTES;
        while !s.is_char_boundary(end) {
            end -= 1;
        }
        s.truncate(end);
    }
    // Windows drops trailing dots and spaces; names must not be empty or reserved device names.
    while s.ends_with(['.', ' ']) {
        s.pop();
    }
    let s = s.trim_start_matches(|c: char| c.is_whitespace() || c == '.').to_string();
    let mut s = if s.is_empty() { "报告".to_string() } else { s };
    let upper = s.split('.').next().unwrap_or("").to_ascii_uppercase();
    let reserved = ["CON", "PRN", "AUX", "NUL"].contains(&upper.as_str())
        || (upper.len() == 4
            && (upper.starts_with("COM") || upper.starts_with("LPT"))
            && upper.as_bytes()[3].is_ascii_digit());
    if reserved {
        s.insert(0, '_');
    }
    s
}

/// Where one output goes: `-o FILE` as given; `-o DIR` or next to the input otherwise, named
/// after the title with the format's extension.
pub fn output_path(input: &Path, title: &str, format: Format, out: Option<&OutTarget>) -> PathBuf {
    let name = format!("{}.{}", file_stem(title), format.extension());
    match out {
        Some(OutTarget::File(f)) => f.clone(),
        Some(OutTarget::Dir(d)) => d.join(name),
        None => input.parent().map_or_else(|| PathBuf::from(&name), |p| p.join(&name)),
    }
}

/// What `-o` names.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum OutTarget {
    Dir(PathBuf),
    File(PathBuf),
}

impl OutTarget {
    /// An existing directory, a path ending in a separator, or a path without a known output
    /// extension is a directory; `report.html` is a file.
    pub fn classify(path: &Path) -> OutTarget {
        let s = path.as_os_str().to_string_lossy();
        if path.is_dir() || s.ends_with('/') || s.ends_with('\\') || Format::from_path(path).is_none() {
            OutTarget::Dir(path.to_path_buf())
        } else {
            OutTarget::File(path.to_path_buf())
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn file_names_are_safe_everywhere() {
        assert_eq!(
            file_stem("开福区科学技术局2019年政府信息公开工作年度报告"),
            "开福区科学技术局2019年政府信息公开工作年度报告"
        );
        assert_eq!(file_stem("a/b\\c:d*e?f\"g<h>i|j"), "a_b_c_d_e_f_g_h_i_j");
        assert_eq!(file_stem("报告. "), "报告");
        assert_eq!(file_stem("CON"), "_CON");
        assert_eq!(file_stem("  "), "报告");
        assert_eq!(file_stem(&"长".repeat(200)).chars().count(), 80);
    }

    #[test]
    fn file_names_hide_nothing_and_fit_in_255_bytes() {
        // Bidirectional and zero-width characters are dropped; the name is never hidden or relative.
        assert_eq!(file_stem("报告\u{202e}fdp.exe"), "报告fdp.exe");
        assert_eq!(file_stem("某\u{200b}某\u{200d}局\u{feff}\u{2066}\u{200f}"), "某某局");
        assert_eq!(file_stem("../../evil"), "_.._evil");
        assert_eq!(file_stem(".xxgk-outputs.json"), "xxgk-outputs.json");
        assert_eq!(file_stem("\u{3000}报告"), "报告");
        // Cut by bytes at a character boundary, leaving room for the extension.
        for title in ["😀".repeat(100), "a".repeat(300), format!("a{}", "长".repeat(100)), "长. ".repeat(90)]
        {
            let stem = file_stem(&title);
            assert!(stem.len() <= MAX_STEM_BYTES && stem.len() + ".docx".len() <= 255, "{stem}");
            assert!(title.starts_with(&stem) && !stem.ends_with(['.', ' ']), "{stem}");
        }
        assert_eq!(file_stem(&"😀".repeat(100)).chars().count(), 60);
    }

    #[test]
    fn out_target_is_dir_unless_it_names_an_output_file() {
        assert_eq!(OutTarget::classify(Path::new("out/报告.html")), OutTarget::File("out/报告.html".into()));
        assert_eq!(OutTarget::classify(Path::new("输出")), OutTarget::Dir("输出".into()));
        assert_eq!(OutTarget::classify(Path::new("out/")), OutTarget::Dir("out/".into()));
    }

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

    #[test]
    fn an_existing_file_is_known_by_any_of_its_names() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("数据.yaml");
        std::fs::write(&file, "a: 1").unwrap();
        let dotted = dir.path().join(".").join("数据.yaml");
        assert_eq!(FileId::of(&file), FileId::of(&dotted));
        assert!(FileId::of(&file).is_some());
        assert_eq!(FileId::of(&dir.path().join("无.yaml")), None);
        std::fs::write(dir.path().join("别的.yaml"), "a: 1").unwrap();
        assert_ne!(FileId::of(&file), FileId::of(&dir.path().join("别的.yaml")));
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
