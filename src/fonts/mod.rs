//! Fonts for the PDF writer: where they come from, and which one serves each typographic role.
//!
//! [`Fonts::load`] gathers fonts once per process, in priority order: the `--font-dir` folders, the
//! folders of the `XXGK_FONT_PATH` environment variable, the system's fonts (unless disabled) and
//! the embedded default (GB2312-range subsets of Noto Serif/Sans CJK SC, SIL OFL 1.1, see
//! `assets/fonts/OFL.txt`), so a machine without any Chinese font still gets a readable PDF.
//!
//! Each role of a [`Style`](crate::style::Style) (title, headings, body, table, page number) names a chain of families:
//! the official name (方正小标宋简体, 黑体, 楷体_GB2312, 仿宋_GB2312), common Windows names, free
//! substitutes. [`Fonts::resolve`] walks each chain and reports which font serves the role and why
//! ([`FontReport`], printed by `xxgk fonts`). A chain name matches a font's typst family or any of
//! its localized family names (so `仿宋_GB2312` finds the font typst knows as `FangSong_GB2312`).
//!
//! Font files come from anywhere, so each one is checked before a parser reads it: a collection
//! header claiming billions of faces made the font libraries try each in turn for minutes, and a
//! damaged character map made typst collect billions of code points (an allocation of gigabytes,
//! then an abort). A damaged or unreadable file is skipped and named in a notice ([`SkippedFont`],
//! [`FontReport::substitution_notices`]); the check reads only the file's header, table directory
//! and character map, so its time and memory are bounded by them.
//!
//! Split by concern: this module holds the sources, the loaded set and its look-ups; `scan` finds
//! font files on disk, `validate` checks each before a parser reads it, `report` resolves the
//! style's roles. Nothing here prints: notices are returned as strings for the caller to show.

mod cache;
mod report;
mod scan;
mod validate;

pub use cache::default_path as default_cache_path;
pub use report::{FontReport, Role, RoleFonts};
pub use validate::{FontDamage, MAX_CHARS, MAX_FACES, SkippedFont};

use std::collections::{HashMap, HashSet};
use std::fmt;
use std::path::{Path, PathBuf};
use std::sync::{Mutex, PoisonError};

use typst::foundations::Bytes;
use typst::text::{Font, FontBook, FontInfo};
use typst::utils::LazyHash;
use typst_kit::fonts::FontStore;

use cache::FontCache;
use scan::system_font_dirs;

/// The environment variable holding extra font folders, separated like `PATH`
/// (`:` on Unix, `;` on Windows).
pub const FONT_PATH_ENV: &str = "XXGK_FONT_PATH";

/// Family name of the embedded serif default (Noto Serif CJK SC, GB2312 subset).
pub const EMBEDDED_SERIF: &str = "XXGK Noto Serif SC";
/// Family name of the embedded sans-serif default (Noto Sans CJK SC, GB2312 subset).
pub const EMBEDDED_SANS: &str = "XXGK Noto Sans SC";

static EMBEDDED_SERIF_DATA: &[u8] = include_bytes!("../../assets/fonts/XXGKNotoSerifSC-Regular.otf");
pub(crate) static EMBEDDED_SANS_DATA: &[u8] = include_bytes!("../../assets/fonts/XXGKNotoSansSC-Regular.otf");

/// Where fonts are looked for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FontOptions {
    /// Extra folders (`--font-dir`, repeatable), searched recursively, highest priority.
    pub dirs: Vec<PathBuf>,
    /// Also read the folders listed in [`FONT_PATH_ENV`].
    pub env: bool,
    /// Also scan the operating system's fonts (60–200 ms the first time, then from the cache).
    pub system: bool,
    /// Where what scanning each font file found is kept between runs ([`default_cache_path`], in
    /// the user's cache folder); `None`: every file is read each time.
    pub cache: Option<PathBuf>,
}

impl Default for FontOptions {
    fn default() -> Self {
        FontOptions { dirs: Vec::new(), env: true, system: true, cache: cache::default_path() }
    }
}

impl FontOptions {
    /// Only the embedded default fonts: the same result on every machine (tests, reproducible output).
    pub fn embedded_only() -> Self {
        FontOptions { dirs: Vec::new(), env: false, system: false, cache: None }
    }
}

/// Where a font was found.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum FontOrigin {
    /// A `--font-dir` folder.
    Dir,
    /// A folder of the `XXGK_FONT_PATH` environment variable.
    Env,
    /// The operating system's fonts.
    System,
    /// Built into xxgk.
    Embedded,
}

impl fmt::Display for FontOrigin {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            FontOrigin::Dir => "--font-dir 目录",
            FontOrigin::Env => "环境变量 XXGK_FONT_PATH 目录",
            FontOrigin::System => "系统字体",
            FontOrigin::Embedded => "内置字体",
        })
    }
}

/// One loaded font face.
#[derive(Debug, Clone)]
pub struct FontFace {
    /// The family name typst selects the face by.
    pub family: String,
    /// Every family name the face carries (English and localized), for matching style names.
    pub names: Vec<String>,
    pub origin: FontOrigin,
    /// The file, `None` for embedded fonts.
    pub path: Option<PathBuf>,
}

/// All fonts available to the PDF writer, loaded once and shared (it is `Send + Sync`).
pub struct Fonts {
    store: FontStore,
    faces: Vec<FontFace>,
    /// Lower-cased family name (typst family or localized alias) → typst family.
    names: HashMap<String, String>,
    skipped: Vec<SkippedFont>,
    /// The faces [`Fonts::warm`] has hashed (held while it hashes, so that renders starting
    /// together wait for it rather than hash the same files again).
    warmed: Mutex<HashSet<usize>>,
}

impl fmt::Debug for Fonts {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Fonts").field("faces", &self.faces.len()).finish()
    }
}

impl Fonts {
    /// Loads fonts from every source the options allow, in priority order (a family found in a
    /// `--font-dir` wins over the same family installed on the system).
    pub fn load(options: &FontOptions) -> Fonts {
        let mut fonts = Fonts {
            store: FontStore::new(),
            faces: Vec::new(),
            names: HashMap::new(),
            skipped: Vec::new(),
            warmed: Mutex::default(),
        };
        let mut cache = FontCache::open(options.cache.as_deref());
        for dir in &options.dirs {
            fonts.scan(FontOrigin::Dir, std::slice::from_ref(dir), &mut cache);
        }
        if options.env
            && let Some(value) = std::env::var_os(FONT_PATH_ENV)
        {
            for dir in std::env::split_paths(&value).filter(|d| !d.as_os_str().is_empty()) {
                fonts.scan(FontOrigin::Env, &[dir], &mut cache);
            }
        }
        if options.system {
            fonts.scan(FontOrigin::System, &system_font_dirs(), &mut cache);
        }
        cache.save();
        for data in [EMBEDDED_SERIF_DATA, EMBEDDED_SANS_DATA] {
            for font in Font::iter(Bytes::new(data)) {
                let info = font.info().clone();
                let family = info.family.clone();
                fonts.add(
                    font,
                    info,
                    FontFace {
                        family: family.clone(),
                        names: vec![family],
                        origin: FontOrigin::Embedded,
                        path: None,
                    },
                );
            }
        }
        fonts
    }

    fn add(&mut self, source: impl typst_kit::fonts::FontSource, info: FontInfo, face: FontFace) {
        // The typst family always maps to itself; a localized alias keeps its first owner.
        self.names.insert(face.family.to_lowercase(), face.family.clone());
        for name in &face.names {
            self.names.entry(name.to_lowercase()).or_insert_with(|| face.family.clone());
        }
        self.store.push((source, info));
        self.faces.push(face);
    }

    /// typst's font book over all loaded faces.
    pub fn book(&self) -> &LazyHash<FontBook> {
        self.store.book()
    }

    /// The face at `index` of the book, read from disk on first use.
    pub fn font(&self, index: usize) -> Option<Font> {
        self.store.font(index)
    }

    /// Hashes the faces at `indices` (of the book) that are not hashed yet, one thread each.
    ///
    /// typst identifies a font by a hash of its whole file, computed when a compilation first uses
    /// it: for a CJK collection, tens of megabytes read and hashed, most of a cold render's time.
    /// Here the faces a render will use are hashed at once, side by side rather than one after
    /// the other, and once for a batch rather than by each worker that starts at the same time.
    pub fn warm(&self, indices: &[usize]) {
        let mut warmed = self.warmed.lock().unwrap_or_else(PoisonError::into_inner);
        let cold: Vec<Font> =
            indices.iter().filter(|&&i| warmed.insert(i)).filter_map(|&i| self.font(i)).collect();
        std::thread::scope(|scope| {
            for font in cold.iter().skip(1) {
                scope.spawn(|| typst::utils::hash128(font));
            }
            if let Some(first) = cold.first() {
                let _ = typst::utils::hash128(first);
            }
        });
    }

    /// Every loaded face, in book order.
    pub fn faces(&self) -> &[FontFace] {
        &self.faces
    }

    /// The font files (or faces) that were found but not loaded, in the order they were found.
    pub fn skipped(&self) -> &[SkippedFont] {
        &self.skipped
    }

    /// The typst family a style's family name refers to, if a loaded font carries that name.
    pub fn lookup(&self, name: &str) -> Option<&str> {
        self.names.get(&name.trim().to_lowercase()).map(String::as_str)
    }
}

fn display_path(path: &Path) -> String {
    path.display().to_string()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::style::Style;

    #[test]
    fn embedded_fonts_serve_every_role_without_system_fonts() {
        let fonts = Fonts::load(&FontOptions::embedded_only());
        assert_eq!(fonts.faces().len(), 2);
        let report = fonts.resolve(&Style::default());
        assert_eq!(report.role(Role::Body).family, EMBEDDED_SERIF);
        assert_eq!(report.role(Role::H1).family, EMBEDDED_SANS);
        assert_eq!(report.role(Role::Title).origin, FontOrigin::Embedded);
        let notices = report.substitution_notices();
        assert!(
            notices.iter().any(|n| n.contains("仿宋_GB2312") && n.contains(EMBEDDED_SERIF)),
            "{notices:?}"
        );
        assert!(report.to_string().contains("均未安装"));
    }

    #[test]
    fn the_faces_serving_a_style_are_each_role_s_face_once() {
        let fonts = Fonts::load(&FontOptions::embedded_only());
        let mut style = Style::default();
        let serving = |style: &Style| fonts.faces_serving(style, &fonts.resolve(style));
        let family = |i: usize| fonts.faces()[i].family.clone();
        // Title and level-1 headings in the sans, the rest in the serif.
        assert_eq!(
            serving(&style).into_iter().map(family).collect::<Vec<_>>(),
            [EMBEDDED_SERIF, EMBEDDED_SANS]
        );
        style.title.fonts = vec![EMBEDDED_SERIF.into()];
        style.h1.fonts = vec![EMBEDDED_SERIF.into()];
        assert_eq!(serving(&style).into_iter().map(family).collect::<Vec<_>>(), [EMBEDDED_SERIF]);
        // Hashing them ahead of a render is done once; a second call, or one from another render,
        // has nothing left to do.
        fonts.warm(&serving(&style));
        fonts.warm(&[0, 1, 99]);
        assert_eq!(fonts.warmed.lock().unwrap().len(), 3);
    }

    #[test]
    fn embedded_fonts_cover_gb2312_and_report_punctuation() {
        let fonts = Fonts::load(&FontOptions::embedded_only());
        for index in 0..2 {
            let font = fonts.font(index).expect("embedded font loads");
            for c in "政府信息公开工作年度报告鼯鼷齄“”、。，；：（）〔〕《》—…·0123456789ABCxyz%".chars()
            {
                assert!(font.info().coverage.contains(c as u32), "{} lacks {c}", font.info().family);
            }
        }
    }

    #[test]
    fn chain_names_match_localized_and_case_insensitive() {
        let fonts = Fonts::load(&FontOptions::embedded_only());
        assert_eq!(fonts.lookup("xxgk noto serif sc"), Some(EMBEDDED_SERIF));
        assert_eq!(fonts.lookup("仿宋_GB2312"), None);
        let mut style = Style::default();
        style.body.fonts = vec!["不存在的字体".into(), EMBEDDED_SANS.into()];
        let body = fonts.resolve(&style).role(Role::Body).clone();
        assert_eq!(body.served_by, Some(1));
        assert_eq!(body.families, vec![EMBEDDED_SANS.to_string(), EMBEDDED_SERIF.to_string()]);
        assert!(body.reason().contains("第 2 项"));
    }
}
