//! What scanning each font file found, kept on disk between runs.
//!
//! Reading a font's character map into typst's [`FontInfo`] (and checking the file first) is most
//! of a cold start: a machine with the Noto CJK collections spends ~70 ms on it before the first
//! report. The result depends only on the file, so it is kept per file, keyed by path, size and
//! modification time, in the user's cache folder. A file that changed, or a cache that cannot be
//! read, is simply scanned again; files with damaged faces are never cached (they are checked and
//! named every run). Failing to write the cache is not an error: it is a cache.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::time::UNIX_EPOCH;

use serde::{Deserialize, Serialize};
use typst::text::FontInfo;

/// Bumped when the cached fields change. xxgk's version is part of the key too: it pins typst's,
/// whose `FontInfo` may change between versions (a cache that no longer parses is rescanned).
const FORMAT: u32 = 1;

/// The cache file in the user's cache folder, when there is one.
pub fn default_path() -> Option<PathBuf> {
    let dir = if cfg!(windows) {
        std::env::var_os("LOCALAPPDATA").map(PathBuf::from)
    } else if cfg!(target_os = "macos") {
        std::env::var_os("HOME").map(|h| PathBuf::from(h).join("Library/Caches"))
    } else {
        std::env::var_os("XDG_CACHE_HOME")
            .map(PathBuf::from)
            .filter(|p| p.is_absolute())
            .or_else(|| std::env::var_os("HOME").map(|h| PathBuf::from(h).join(".cache")))
    };
    dir.map(|d| d.join("xxgk").join("fonts.json"))
}

/// One face of a cached file.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub(super) struct CachedFace {
    pub index: u32,
    pub info: FontInfo,
    /// Every family name the face carries.
    pub names: Vec<String>,
}

/// The file's identity: a changed file gets a new size or time.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub(super) struct Stamp {
    len: u64,
    modified_ns: u128,
}

impl Stamp {
    pub fn of(path: &Path) -> Option<Stamp> {
        let meta = std::fs::metadata(path).ok()?;
        let modified_ns = meta.modified().ok()?.duration_since(UNIX_EPOCH).ok()?.as_nanos();
        Some(Stamp { len: meta.len(), modified_ns })
    }
}

#[derive(Debug, Serialize, Deserialize)]
struct Entry {
    path: PathBuf,
    stamp: Stamp,
    faces: Vec<CachedFace>,
}

#[derive(Debug, Serialize, Deserialize)]
struct File {
    format: u32,
    xxgk: String,
    entries: Vec<Entry>,
}

/// The cache of one [`super::Fonts::load`]: read at the start, written at the end if it changed.
#[derive(Debug, Default)]
pub(super) struct FontCache {
    path: Option<PathBuf>,
    entries: HashMap<PathBuf, (Stamp, Vec<CachedFace>)>,
    changed: bool,
}

impl FontCache {
    /// The cache at `path` (empty when there is none or it cannot be read); `None`: no cache.
    pub fn open(path: Option<&Path>) -> FontCache {
        let Some(path) = path else { return FontCache::default() };
        let entries = std::fs::read(path)
            .ok()
            .and_then(|bytes| serde_json::from_slice::<File>(&bytes).ok())
            .filter(|f| f.format == FORMAT && f.xxgk == env!("CARGO_PKG_VERSION"))
            .map(|f| f.entries.into_iter().map(|e| (e.path, (e.stamp, e.faces))).collect())
            .unwrap_or_default();
        FontCache { path: Some(path.to_path_buf()), entries, changed: false }
    }

    /// The faces of `path` as scanned before, if the file has not changed since.
    pub fn get(&self, path: &Path, stamp: Option<Stamp>) -> Option<&[CachedFace]> {
        let (cached, faces) = self.entries.get(path)?;
        (Some(*cached) == stamp).then_some(faces.as_slice())
    }

    /// Records what scanning `path` found.
    pub fn put(&mut self, path: &Path, stamp: Stamp, faces: Vec<CachedFace>) {
        if self.path.is_some() {
            self.entries.insert(path.to_path_buf(), (stamp, faces));
            self.changed = true;
        }
    }

    /// Writes the cache back if anything was added (atomically; a failure leaves the old one).
    pub fn save(self) {
        let Some(path) = self.path.filter(|_| self.changed) else { return };
        let mut entries: Vec<Entry> = self
            .entries
            .into_iter()
            .filter(|(path, _)| path.is_file())
            .map(|(path, (stamp, faces))| Entry { path, stamp, faces })
            .collect();
        entries.sort_by(|a, b| a.path.cmp(&b.path));
        let file = File { format: FORMAT, xxgk: env!("CARGO_PKG_VERSION").to_string(), entries };
        let Ok(bytes) = serde_json::to_vec(&file) else { return };
        if let Some(dir) = path.parent() {
            let _ = std::fs::create_dir_all(dir);
        }
        let _ = crate::output::write_atomic(&path, &bytes, true);
    }
}

#[cfg(test)]
mod tests {
    use super::super::{EMBEDDED_SANS, EMBEDDED_SANS_DATA, FontOptions, Fonts};

    #[test]
    fn unchanged_files_come_from_the_cache_and_changed_ones_are_read_again() {
        let dir = tempfile::tempdir().unwrap();
        let fonts_dir = dir.path().join("字体");
        std::fs::create_dir(&fonts_dir).unwrap();
        let font = fonts_dir.join("sans.otf");
        std::fs::write(&font, EMBEDDED_SANS_DATA).unwrap();
        let cache = dir.path().join("cache").join("fonts.json");
        let options =
            FontOptions { dirs: vec![fonts_dir], env: false, system: false, cache: Some(cache.clone()) };
        let family = |fonts: &Fonts| fonts.faces()[0].family.clone();

        assert_eq!(family(&Fonts::load(&options)), EMBEDDED_SANS);
        let text = std::fs::read_to_string(&cache).expect("the scan was cached");
        assert!(text.contains(EMBEDDED_SANS), "{text}");

        // What the cache says is used without reading the file ...
        std::fs::write(&cache, text.replace(EMBEDDED_SANS, "From The Cache")).unwrap();
        let cached = Fonts::load(&options);
        assert_eq!(family(&cached), "From The Cache");
        assert_eq!(cached.lookup("from the cache"), Some("From The Cache"));

        // ... until the file changes.
        let later = std::time::SystemTime::now() + std::time::Duration::from_secs(60);
        std::fs::File::options().write(true).open(&font).unwrap().set_modified(later).unwrap();
        assert_eq!(family(&Fonts::load(&options)), EMBEDDED_SANS);

        // A cache that cannot be read is rebuilt.
        std::fs::write(&cache, "{ not json").unwrap();
        assert_eq!(family(&Fonts::load(&options)), EMBEDDED_SANS);
        assert!(std::fs::read_to_string(&cache).unwrap().contains(EMBEDDED_SANS));
    }
}
