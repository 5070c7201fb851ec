//! Finding font files: the folders to scan (`--font-dir`, `XXGK_FONT_PATH`, the system's) and the
//! files in them, each checked by `validate` before it is loaded. It never parses a font itself
//! and never fails: what cannot be read becomes a [`SkippedFont`].

use std::collections::HashSet;
use std::path::{Path, PathBuf};

use typst::foundations::Bytes;
use typst::text::{Font, FontInfo};
use typst_kit::fonts::FontSource;

use super::cache::{CachedFace, FontCache, Stamp};
use super::validate::{check_file, read_face};
use super::{FontDamage, FontFace, FontOrigin, Fonts, SkippedFont};

impl Fonts {
    /// Loads the font files found in `dirs` (recursively, as fontdb would), each checked first.
    /// The files are read across the cores (parsing each face's character map is most of a cold
    /// start) and added in the order they were found, so the book is the same as read one by one.
    /// Files scanned before are taken from `cache` when unchanged; what is scanned anew is added to it.
    pub(super) fn scan(&mut self, origin: FontOrigin, dirs: &[PathBuf], cache: &mut FontCache) {
        let mut seen = HashSet::new();
        let mut files = Vec::new();
        for dir in dirs {
            font_files(dir, &mut seen, &mut files);
        }
        for loaded in read_files(origin, files, cache) {
            if let Some((path, stamp, faces)) = loaded.scanned {
                cache.put(&path, stamp, faces);
            }
            for (source, info, face) in loaded.faces {
                self.add(source, info, face);
            }
            self.skipped.extend(loaded.skipped);
        }
    }
}

/// What one font file gave: its faces in file order, and what was skipped.
#[derive(Default)]
struct LoadedFile {
    faces: Vec<(MappedFont, FontInfo, FontFace)>,
    skipped: Vec<SkippedFont>,
    /// A sound file scanned anew, for the cache.
    scanned: Option<(PathBuf, Stamp, Vec<CachedFace>)>,
}

/// [`load_file`] over `files` on up to one thread per core, results in the order of `files`.
fn read_files(origin: FontOrigin, files: Vec<PathBuf>, cache: &FontCache) -> Vec<LoadedFile> {
    let workers = std::thread::available_parallelism().map_or(1, |n| n.get()).min(files.len());
    if workers <= 1 {
        return files.into_iter().map(|path| load_file(origin, path, cache)).collect();
    }
    // Interleaved shares: the big CJK collections often sit next to each other in a folder.
    let mut shares: Vec<Vec<(usize, PathBuf)>> = (0..workers).map(|_| Vec::new()).collect();
    for (i, path) in files.into_iter().enumerate() {
        shares[i % workers].push((i, path));
    }
    let mut results: Vec<(usize, LoadedFile)> = std::thread::scope(|scope| {
        let handles: Vec<_> = shares
            .into_iter()
            .map(|share| {
                scope.spawn(move || {
                    share.into_iter().map(|(i, path)| (i, load_file(origin, path, cache))).collect::<Vec<_>>()
                })
            })
            .collect();
        // A worker that panicked (load_file catches the parsers' panics) loses only its fonts.
        handles.into_iter().flat_map(|h| h.join().unwrap_or_default()).collect()
    });
    results.sort_by_key(|(i, _)| *i);
    results.into_iter().map(|(_, loaded)| loaded).collect()
}

/// Loads every face of one file that passes `validate`'s checks; notes what is skipped. An unchanged
/// file found in `cache` is not read at all.
fn load_file(origin: FontOrigin, path: PathBuf, cache: &FontCache) -> LoadedFile {
    let mut out = LoadedFile::default();
    let stamp = Stamp::of(&path);
    if let Some(faces) = cache.get(&path, stamp) {
        out.faces =
            faces.iter().map(|f| face_of(origin, &path, f.index, f.info.clone(), f.names.clone())).collect();
        return out;
    }
    let skip = |face, damage| SkippedFont { path: path.clone(), origin, face, damage };
    if let Err(damage) = check_file(&path) {
        out.skipped.push(skip(None, damage));
        return out;
    }
    let mut db = fontdb::Database::new();
    if let Err(e) = db.load_font_file(&path) {
        out.skipped.push(skip(None, FontDamage::Io(crate::diag::io_reason(&e))));
        return out;
    }
    let mut damaged = Vec::new();
    for face in db.faces() {
        // A panic in a font parser skips the face instead of ending the run.
        let read = db.with_face_data(face.id, |data, index| {
            std::panic::catch_unwind(|| read_face(data, index)).unwrap_or(Err(FontDamage::Panicked))
        });
        match read.unwrap_or(Err(FontDamage::NotAFont)) {
            Ok(info) => {
                let names = face.families.iter().map(|(name, _)| name.clone()).collect();
                out.faces.push(face_of(origin, &path, face.index, info, names));
            }
            Err(damage) => damaged.push((face.index, damage)),
        }
    }
    if damaged.is_empty()
        && !out.faces.is_empty()
        && let Some(stamp) = stamp
    {
        let faces = out
            .faces
            .iter()
            .map(|(source, info, face)| CachedFace {
                index: source.index,
                info: info.clone(),
                names: face.names.clone(),
            })
            .collect();
        out.scanned = Some((path.clone(), stamp, faces));
    }
    if out.faces.is_empty() {
        let damage = damaged.into_iter().next().map_or(FontDamage::NotAFont, |(_, d)| d);
        out.skipped.push(skip(None, damage));
    } else {
        out.skipped.extend(damaged.into_iter().map(|(i, d)| skip(Some(i), d)));
    }
    out
}

fn face_of(
    origin: FontOrigin,
    path: &Path,
    index: u32,
    info: FontInfo,
    names: Vec<String>,
) -> (MappedFont, FontInfo, FontFace) {
    let face = FontFace { family: info.family.clone(), names, origin, path: Some(path.to_path_buf()) };
    (MappedFont { path: path.to_path_buf(), index }, info, face)
}

/// A face in a font file, read when typst first uses it. The file is mapped into memory rather than
/// read: a CJK collection is 20–30 MB, of which a report touches the glyphs of a few thousand
/// characters, and reading it whole was a large part of a cold start.
struct MappedFont {
    path: PathBuf,
    index: u32,
}

/// The mapped file as typst's font data.
struct Mapped(memmap2::Mmap);

impl AsRef<[u8]> for Mapped {
    fn as_ref(&self) -> &[u8] {
        &self.0
    }
}

impl FontSource for MappedFont {
    fn load(&self) -> Option<Font> {
        let file = std::fs::File::open(&self.path).ok()?;
        // SAFETY: the mapping is read-only and lives as long as the `Bytes` that own it. As with
        // fontdb (which maps the same files to read them), a font file changed on disk while a
        // render runs may show the change; font files are not written while fonts are in use.
        let data = match unsafe { memmap2::Mmap::map(&file) } {
            Ok(map) => Bytes::new(Mapped(map)),
            Err(_) => Bytes::new(std::fs::read(&self.path).ok()?),
        };
        Font::new(data, self.index)
    }
}

/// Collects the font files under `dir` (recursively) the way fontdb's `load_fonts_dir` does:
/// the extensions it reads, links followed, each file and folder once (`seen`; a link cycle ends).
fn font_files(dir: &Path, seen: &mut HashSet<PathBuf>, files: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else { return };
    for entry in entries.flatten() {
        let Ok(kind) = entry.file_type() else { continue };
        let (path, kind) = if kind.is_symlink() {
            let Ok(path) = std::fs::canonicalize(entry.path()) else { continue };
            let Ok(meta) = std::fs::metadata(&path) else { continue };
            (path, meta.file_type())
        } else {
            (entry.path(), kind)
        };
        if !seen.insert(path.clone()) {
            continue;
        }
        if kind.is_file() {
            let ext = path.extension().and_then(|e| e.to_str());
            if matches!(ext, Some("ttf" | "ttc" | "TTF" | "TTC" | "otf" | "otc" | "OTF" | "OTC")) {
                files.push(path);
            }
        } else if kind.is_dir() {
            font_files(&path, seen, files);
        }
    }
}

/// The operating system's font folders, as fontdb's `load_system_fonts` scans them.
#[cfg(target_os = "windows")]
pub(super) fn system_font_dirs() -> Vec<PathBuf> {
    let root = std::env::var_os("SYSTEMROOT").map_or_else(|| PathBuf::from("C:\\Windows"), PathBuf::from);
    let mut dirs = vec![root.join("Fonts")];
    if let Some(home) = std::env::var_os("USERPROFILE").map(PathBuf::from) {
        dirs.push(home.join("AppData\\Local\\Microsoft\\Windows\\Fonts"));
        dirs.push(home.join("AppData\\Roaming\\Microsoft\\Windows\\Fonts"));
    }
    dirs
}

/// The operating system's font folders, as fontdb's `load_system_fonts` scans them.
#[cfg(target_os = "macos")]
pub(super) fn system_font_dirs() -> Vec<PathBuf> {
    let mut dirs = vec![PathBuf::from("/Library/Fonts"), PathBuf::from("/System/Library/Fonts")];
    // Downloadable fonts.
    if let Ok(entries) = std::fs::read_dir("/System/Library/AssetsV2") {
        dirs.extend(
            entries
                .flatten()
                .filter(|e| e.file_name().to_string_lossy().starts_with("com_apple_MobileAsset_Font"))
                .map(|e| e.path()),
        );
    }
    dirs.push(PathBuf::from("/Network/Library/Fonts"));
    if let Some(home) = std::env::var_os("HOME") {
        dirs.push(PathBuf::from(home).join("Library/Fonts"));
    }
    dirs
}

/// The operating system's font folders, as fontdb's `load_system_fonts` scans them: those
/// fontconfig lists, else the usual ones.
#[cfg(all(unix, not(any(target_os = "macos", target_os = "android"))))]
pub(super) fn system_font_dirs() -> Vec<PathBuf> {
    let home = std::env::var_os("HOME").map(PathBuf::from);
    let mut config = fontconfig_parser::FontConfig::default();
    if let Some(file) = std::env::var_os("FONTCONFIG_FILE") {
        let _ = config.merge_config(Path::new(&file));
    } else {
        let user = std::env::var_os("XDG_CONFIG_HOME")
            .map(PathBuf::from)
            .or_else(|| home.as_ref().map(|h| h.join(".config")));
        let read_global =
            user.is_none_or(|dir| config.merge_config(&dir.join("fontconfig/fonts.conf")).is_err());
        if read_global {
            let _ = config.merge_config(Path::new("/etc/fonts/local.conf"));
        }
        let _ = config.merge_config(Path::new("/etc/fonts/fonts.conf"));
    }
    if config.dirs.is_empty() {
        let mut dirs = vec![PathBuf::from("/usr/share/fonts/"), PathBuf::from("/usr/local/share/fonts/")];
        if let Some(home) = &home {
            dirs.push(home.join(".fonts"));
            dirs.push(home.join(".local/share/fonts"));
        }
        return dirs;
    }
    config
        .dirs
        .into_iter()
        .filter_map(|dir| match dir.path.strip_prefix("~") {
            Ok(rest) => home.as_ref().map(|h| h.join(rest)),
            Err(_) => Some(dir.path),
        })
        .collect()
}

/// The operating system's font folders: none known here.
#[cfg(not(any(target_os = "windows", target_os = "macos", all(unix, not(target_os = "android")))))]
pub(super) fn system_font_dirs() -> Vec<PathBuf> {
    Vec::new()
}
