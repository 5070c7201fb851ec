//! Fonts for the PDF writer: where they come from, and which one serves each typographic role.
//!
//! [`Fonts::load`] gathers fonts once per process, in priority order: the `--font-dir` folders, the
//! folders of the `XXGK_FONT_PATH` environment variable, the system's fonts (unless disabled) and
//! the embedded default (GB2312-range subsets of Noto Serif/Sans CJK SC, SIL OFL 1.1, see
//! `assets/fonts/OFL.txt`), so a machine without any Chinese font still gets a readable PDF.
//!
//! Each role of a [`Style`] (title, headings, body, table, page number) names a chain of families:
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

use std::collections::{HashMap, HashSet};
use std::fmt;
use std::io::Read;
use std::path::{Path, PathBuf};

use thiserror::Error;

use typst::foundations::Bytes;
use typst::text::{Font, FontBook, FontInfo, FontStretch, FontStyle, FontVariant, FontWeight};
use typst::utils::LazyHash;
use typst_kit::fonts::{FontPath, FontStore};

use crate::style::{FontRole, Style};

/// The environment variable holding extra font folders, separated like `PATH`
/// (`:` on Unix, `;` on Windows).
pub const FONT_PATH_ENV: &str = "XXGK_FONT_PATH";

/// Family name of the embedded serif default (Noto Serif CJK SC, GB2312 subset).
pub const EMBEDDED_SERIF: &str = "XXGK Noto Serif SC";
/// Family name of the embedded sans-serif default (Noto Sans CJK SC, GB2312 subset).
pub const EMBEDDED_SANS: &str = "XXGK Noto Sans SC";

static EMBEDDED_SERIF_DATA: &[u8] = include_bytes!("../assets/fonts/XXGKNotoSerifSC-Regular.otf");
static EMBEDDED_SANS_DATA: &[u8] = include_bytes!("../assets/fonts/XXGKNotoSansSC-Regular.otf");

/// Where fonts are looked for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FontOptions {
    /// Extra folders (`--font-dir`, repeatable), searched recursively, highest priority.
    pub dirs: Vec<PathBuf>,
    /// Also read the folders listed in [`FONT_PATH_ENV`].
    pub env: bool,
    /// Also scan the operating system's fonts (60–200 ms once per process).
    pub system: bool,
}

impl Default for FontOptions {
    fn default() -> Self {
        FontOptions { dirs: Vec::new(), env: true, system: true }
    }
}

impl FontOptions {
    /// Only the embedded default fonts: the same result on every machine (tests, reproducible output).
    pub fn embedded_only() -> Self {
        FontOptions { dirs: Vec::new(), env: false, system: false }
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

/// Most faces a font collection may hold. Real collections hold up to a few hundred (every style
/// of a CJK family in one “super TTC”); a damaged header can claim four billion.
pub const MAX_FACES: u32 = 1024;

/// Most characters the Unicode character maps of one face may list together: four times all of
/// Unicode. typst collects them one by one into a list, four bytes each; a damaged range can list
/// four billion.
pub const MAX_CHARS: u64 = 4 * 0x11_0000;

/// Why a font file, or one face of a collection, was skipped.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum FontDamage {
    #[error("无法读取：{0}")]
    Io(String),
    #[error("不是可用的 TrueType/OpenType 字体")]
    NotAFont,
    #[error("字体集合声明含 {count} 个字体，超过上限 {max}，文件已损坏", max = MAX_FACES)]
    TooManyFaces { count: u32 },
    #[error("字体集合的字体目录超出文件末尾，文件已损坏或不完整")]
    CollectionTruncated,
    #[error("字体的表目录超出文件末尾，文件已损坏或不完整")]
    TableDirectory,
    #[error("“{tag}”表超出文件末尾，文件已损坏或不完整")]
    TableOutside { tag: String },
    #[error("字符映射表（cmap）的子表超出表的末尾，文件已损坏")]
    CmapOverrun,
    #[error("字符映射表（cmap）列出 {count} 个字符，超过上限 {max}，文件已损坏", max = MAX_CHARS)]
    TooManyChars { count: u64 },
    #[error("读取字体时出错，文件可能已损坏")]
    Panicked,
}

/// A font file (or one face of a collection) that was not loaded.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SkippedFont {
    pub path: PathBuf,
    pub origin: FontOrigin,
    /// The face within a collection, `None` when the whole file was skipped.
    pub face: Option<u32>,
    pub damage: FontDamage,
}

impl SkippedFont {
    /// The notice shown to the user, in Chinese.
    pub fn notice(&self) -> String {
        let path = display_path(&self.path);
        match self.face {
            None => format!("已跳过字体文件“{path}”（{}）：{}", self.origin, self.damage),
            Some(i) => {
                format!("已跳过字体文件“{path}”中的第 {} 个字体（{}）：{}", i + 1, self.origin, self.damage)
            }
        }
    }
}

/// All fonts available to the PDF writer, loaded once and shared (it is `Send + Sync`).
pub struct Fonts {
    store: FontStore,
    faces: Vec<FontFace>,
    /// Lower-cased family name (typst family or localized alias) → typst family.
    names: HashMap<String, String>,
    skipped: Vec<SkippedFont>,
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
        let mut fonts =
            Fonts { store: FontStore::new(), faces: Vec::new(), names: HashMap::new(), skipped: Vec::new() };
        for dir in &options.dirs {
            fonts.scan(FontOrigin::Dir, std::slice::from_ref(dir));
        }
        if options.env
            && let Some(value) = std::env::var_os(FONT_PATH_ENV)
        {
            for dir in std::env::split_paths(&value).filter(|d| !d.as_os_str().is_empty()) {
                fonts.scan(FontOrigin::Env, &[dir]);
            }
        }
        if options.system {
            fonts.scan(FontOrigin::System, &system_font_dirs());
        }
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

    /// Loads the font files found in `dirs` (recursively, as fontdb would), each checked first.
    fn scan(&mut self, origin: FontOrigin, dirs: &[PathBuf]) {
        let mut seen = HashSet::new();
        let mut files = Vec::new();
        for dir in dirs {
            font_files(dir, &mut seen, &mut files);
        }
        for path in files {
            self.load_file(origin, path);
        }
    }

    /// Loads every face of one file that passes [`check_face`]; notes what is skipped.
    fn load_file(&mut self, origin: FontOrigin, path: PathBuf) {
        let skip = |face, damage| SkippedFont { path: path.clone(), origin, face, damage };
        if let Err(damage) = check_file(&path) {
            self.skipped.push(skip(None, damage));
            return;
        }
        let mut db = fontdb::Database::new();
        if let Err(e) = db.load_font_file(&path) {
            self.skipped.push(skip(None, FontDamage::Io(crate::diag::io_reason(&e))));
            return;
        }
        let mut loaded = 0;
        let mut damaged = Vec::new();
        for face in db.faces() {
            // A panic in a font parser skips the face instead of ending the run.
            let read = db.with_face_data(face.id, |data, index| {
                std::panic::catch_unwind(|| read_face(data, index)).unwrap_or(Err(FontDamage::Panicked))
            });
            match read.unwrap_or(Err(FontDamage::NotAFont)) {
                Ok(info) => {
                    let names = face.families.iter().map(|(name, _)| name.clone()).collect();
                    let record =
                        FontFace { family: info.family.clone(), names, origin, path: Some(path.clone()) };
                    self.add(FontPath { path: path.clone(), index: face.index }, info, record);
                    loaded += 1;
                }
                Err(damage) => damaged.push((face.index, damage)),
            }
        }
        if loaded == 0 {
            let damage = damaged.into_iter().next().map_or(FontDamage::NotAFont, |(_, d)| d);
            self.skipped.push(skip(None, damage));
        } else {
            self.skipped.extend(damaged.into_iter().map(|(i, d)| skip(Some(i), d)));
        }
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

    /// The face typst picks for `family` at the role's weight.
    fn face_of(&self, family: &str, bold: bool) -> Option<&FontFace> {
        let weight = if bold { FontWeight::BOLD } else { FontWeight::REGULAR };
        let variant = FontVariant::new(FontStyle::Normal, weight, FontStretch::NORMAL);
        let index = self.book().select(&family.to_lowercase(), variant)?;
        self.faces.get(index)
    }

    /// Resolves every role of `style` (which font serves it and why).
    pub fn resolve(&self, style: &Style) -> FontReport {
        let roles = Role::ALL.iter().map(|&role| self.resolve_role(role, role.of(style))).collect();
        FontReport { roles, skipped: self.skipped.clone() }
    }

    fn resolve_role(&self, role: Role, font: &FontRole) -> RoleFonts {
        let mut families: Vec<String> = Vec::new();
        let mut served_by = None;
        for (i, name) in font.fonts.iter().enumerate() {
            if let Some(family) = self.lookup(name) {
                if served_by.is_none() {
                    served_by = Some(i);
                }
                if !families.iter().any(|f| f.eq_ignore_ascii_case(family)) {
                    families.push(family.to_string());
                }
            }
        }
        let embedded = role.embedded_family();
        if !families.iter().any(|f| f == embedded) {
            families.push(embedded.to_string());
        }
        let family = families[0].clone();
        let face = self.face_of(&family, font.bold);
        RoleFonts {
            role,
            requested: font.fonts.clone(),
            served_by,
            origin: face.map_or(FontOrigin::Embedded, |f| f.origin),
            path: face.and_then(|f| f.path.clone()),
            family,
            families,
        }
    }
}

/// A typographic role of the page.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Role {
    Title,
    H1,
    H2,
    H3,
    H4,
    Body,
    Table,
    PageNumber,
}

impl Role {
    pub const ALL: [Role; 8] =
        [Role::Title, Role::H1, Role::H2, Role::H3, Role::H4, Role::Body, Role::Table, Role::PageNumber];

    /// The role's name as users read it.
    pub fn name_zh(self) -> &'static str {
        match self {
            Role::Title => "标题",
            Role::H1 => "一级标题",
            Role::H2 => "二级标题",
            Role::H3 => "三级标题",
            Role::H4 => "四级标题",
            Role::Body => "正文",
            Role::Table => "表格",
            Role::PageNumber => "页码",
        }
    }

    /// The style's font role for this role.
    pub fn of(self, style: &Style) -> &FontRole {
        match self {
            Role::Title => &style.title,
            Role::H1 => &style.h1,
            Role::H2 => &style.h2,
            Role::H3 => &style.h3,
            Role::H4 => &style.h4,
            Role::Body => &style.body,
            Role::Table => &style.table,
            Role::PageNumber => &style.page_number.font,
        }
    }

    /// The embedded family closing this role's chain: sans for 黑体-like roles (title, level 1),
    /// serif for the rest.
    pub fn embedded_family(self) -> &'static str {
        match self {
            Role::Title | Role::H1 => EMBEDDED_SANS,
            _ => EMBEDDED_SERIF,
        }
    }
}

/// How one role is served.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RoleFonts {
    pub role: Role,
    /// The style's chain, as written.
    pub requested: Vec<String>,
    /// Index in `requested` of the first available family; `None` when only the embedded
    /// default is left.
    pub served_by: Option<usize>,
    /// The family that serves the role (typst's name for it).
    pub family: String,
    pub origin: FontOrigin,
    pub path: Option<PathBuf>,
    /// The typst fallback list actually used: available chain families in order, then the
    /// embedded default (it fills characters the others lack).
    pub families: Vec<String>,
}

impl RoleFonts {
    /// Whether the role is served by the first family of its chain (the official font).
    pub fn is_preferred(&self) -> bool {
        self.served_by == Some(0)
    }

    /// Why this font serves the role, in Chinese.
    pub fn reason(&self) -> String {
        let first = self.requested.first().map(String::as_str).unwrap_or("");
        match self.served_by {
            Some(0) => format!("样式指定的首选字体（{}）", self.origin),
            Some(i) => format!(
                "首选字体“{first}”未安装，按字体链第 {} 项“{}”替代（{}）",
                i + 1,
                self.requested[i],
                self.origin
            ),
            None if self.requested.is_empty() => "样式未指定字体，使用内置字体".to_string(),
            None => format!("字体链中的 {} 种字体均未安装，使用内置字体", self.requested.len()),
        }
    }
}

/// Which font serves each role of a style (`xxgk fonts`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FontReport {
    pub roles: Vec<RoleFonts>,
    /// Font files found but not loaded (damaged or unreadable).
    pub skipped: Vec<SkippedFont>,
}

impl FontReport {
    /// The resolution of one role.
    pub fn role(&self, role: Role) -> &RoleFonts {
        // `resolve` fills every role of `Role::ALL` in order.
        &self.roles[Role::ALL.iter().position(|&r| r == role).unwrap_or(0)]
    }

    /// One notice per font file skipped (see [`SkippedFont::notice`]), then one per substitute in
    /// use, roles sharing a substitution named together:
    /// e.g. `正文、三级标题：未找到“仿宋_GB2312”，改用“FandolFang”（系统字体）`.
    pub fn substitution_notices(&self) -> Vec<String> {
        let skipped = self.skipped.iter().map(SkippedFont::notice);
        let mut groups: Vec<(&RoleFonts, Vec<&'static str>)> = Vec::new();
        for role in self.roles.iter().filter(|r| !r.is_preferred()) {
            match groups
                .iter_mut()
                .find(|(r, _)| r.requested.first() == role.requested.first() && r.family == role.family)
            {
                Some((_, names)) => names.push(role.role.name_zh()),
                None => groups.push((role, vec![role.role.name_zh()])),
            }
        }
        let substitutions = groups.into_iter().map(|(r, names)| {
            let missing = r.requested.first().map(String::as_str).unwrap_or("（未指定）");
            format!("{}：未找到“{missing}”，改用“{}”（{}）", names.join("、"), r.family, r.origin)
        });
        skipped.chain(substitutions).collect()
    }
}

impl fmt::Display for FontReport {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for r in &self.roles {
            writeln!(f, "{}：{}", r.role.name_zh(), r.family)?;
            writeln!(f, "  原因：{}", r.reason())?;
            if let Some(path) = &r.path {
                writeln!(f, "  文件：{}", display_path(path))?;
            }
            writeln!(f, "  字体链：{}", r.requested.join(" → "))?;
        }
        for skipped in &self.skipped {
            writeln!(f, "注意：{}", skipped.notice())?;
        }
        Ok(())
    }
}

fn display_path(path: &Path) -> String {
    path.display().to_string()
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
fn system_font_dirs() -> Vec<PathBuf> {
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
fn system_font_dirs() -> Vec<PathBuf> {
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
fn system_font_dirs() -> Vec<PathBuf> {
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
fn system_font_dirs() -> Vec<PathBuf> {
    Vec::new()
}

/// Checks what the font libraries would read of a file's header before they read it: a collection
/// must list a sane number of faces, all inside the file (fontdb and typst try every face the
/// header claims).
fn check_file(path: &Path) -> Result<(), FontDamage> {
    let io = |e: std::io::Error| FontDamage::Io(crate::diag::io_reason(&e));
    let file = std::fs::File::open(path).map_err(io)?;
    let len = file.metadata().map_err(io)?.len();
    let mut head = Vec::with_capacity(12);
    file.take(12).read_to_end(&mut head).map_err(io)?;
    if head.starts_with(b"ttcf") {
        let count = be_u32(&head, 8).ok_or(FontDamage::NotAFont)?;
        if count > MAX_FACES {
            return Err(FontDamage::TooManyFaces { count });
        }
        if 12 + 4 * u64::from(count) > len {
            return Err(FontDamage::CollectionTruncated);
        }
    }
    Ok(())
}

/// Reads face `index` of `data` for typst, once [`check_face`] has found it safe to.
fn read_face(data: &[u8], index: u32) -> Result<FontInfo, FontDamage> {
    check_face(data, index)?;
    FontInfo::new(data, index).ok_or(FontDamage::NotAFont)
}

/// Checks the parts of face `index` that typst's font reader trusts: the collection header, the
/// table directory (every table inside the file) and the character map (arrays inside the table,
/// a sane number of characters). Takes time in proportion to those parts, not to what they claim.
fn check_face(data: &[u8], index: u32) -> Result<(), FontDamage> {
    let start = if data.starts_with(b"ttcf") {
        let count = be_u32(data, 8).ok_or(FontDamage::CollectionTruncated)?;
        if count > MAX_FACES {
            return Err(FontDamage::TooManyFaces { count });
        }
        be_u32(data, 12 + 4 * index as usize).ok_or(FontDamage::CollectionTruncated)? as usize
    } else {
        0
    };
    let tables = usize::from(be_u16(data, start + 4).ok_or(FontDamage::TableDirectory)?);
    let first = start.checked_add(12).ok_or(FontDamage::TableDirectory)?;
    let records = data.get(first..first.saturating_add(16 * tables)).ok_or(FontDamage::TableDirectory)?;
    for record in records.chunks_exact(16) {
        let (offset, length) =
            (be_u32(record, 8).unwrap_or(0) as usize, be_u32(record, 12).unwrap_or(0) as usize);
        let Some(table) = offset.checked_add(length).and_then(|end| data.get(offset..end)) else {
            return Err(FontDamage::TableOutside { tag: tag_name(&record[..4]) });
        };
        if &record[..4] == b"cmap" {
            check_cmap(table)?;
        }
    }
    Ok(())
}

/// A table tag as users read it: four printable ASCII characters, else hexadecimal.
fn tag_name(tag: &[u8]) -> String {
    if tag.iter().all(|b| (0x20..0x7f).contains(b)) {
        String::from_utf8_lossy(tag).trim_end().to_string()
    } else {
        tag.iter().map(|b| format!("{b:02X}")).collect()
    }
}

/// Checks a character map (`cmap`) as typst reads it: ttf-parser parses every subtable (an array
/// counted by 32 bits that overruns the table trips its debug assertions), and typst collects every
/// character of the Unicode subtables, one by one, into a list.
fn check_cmap(cmap: &[u8]) -> Result<(), FontDamage> {
    // A directory that overruns the table makes ttf-parser ignore the map: harmless.
    let count = be_u16(cmap, 2).map_or(0, usize::from);
    let Some(records) = cmap.get(4..4 + 8 * count) else { return Ok(()) };
    let mut chars = 0u64;
    for record in records.chunks_exact(8) {
        let (platform, encoding) = (be_u16(record, 0), be_u16(record, 2));
        let Some(sub) = be_u32(record, 4).and_then(|offset| cmap.get(offset as usize..)) else { continue };
        let Some(format) = be_u16(sub, 0) else { continue };
        let listed = subtable_chars(sub, format)?;
        // ttf-parser's `Subtable::is_unicode`: the subtables typst's coverage reads.
        let unicode = match (platform, encoding) {
            (Some(0), _) | (Some(3), Some(1)) => true,
            (Some(3), Some(10)) => matches!(format, 12 | 13),
            _ => false,
        };
        if unicode {
            chars += listed;
        }
    }
    if chars > MAX_CHARS { Err(FontDamage::TooManyChars { count: chars }) } else { Ok(()) }
}

/// How many characters a `cmap` subtable lists, counted from its ranges (at most, as ttf-parser
/// enumerates them). An array with a 32-bit count that overruns the table is damage; any other
/// subtable ttf-parser cannot read lists nothing.
fn subtable_chars(sub: &[u8], format: u16) -> Result<u64, FontDamage> {
    let u16_at = |at| be_u16(sub, at).map_or(0, u64::from);
    // A 32-bit count at `at`, then that many records of `size` bytes from `from`.
    let array32 = |at: usize, from: usize, size: u64| -> Result<Option<u64>, FontDamage> {
        let Some(count) = be_u32(sub, at).map(u64::from) else { return Ok(None) };
        if from as u64 + count * size > sub.len() as u64 {
            return Err(FontDamage::CmapOverrun);
        }
        Ok(Some(count))
    };
    Ok(match format {
        0 => 256,
        2 => {
            // 256 keys, each selecting a sub-header of up to 65535 two-byte codes.
            let Some(keys) = sub.get(6..518) else { return Ok(0) };
            keys.chunks_exact(2)
                .map(|key| match usize::from(u16::from_be_bytes([key[0], key[1]]) / 8) {
                    0 => 1,
                    i => u16_at(518 + 8 * i + 2),
                })
                .sum()
        }
        4 => {
            let segments = u16_at(6) as usize / 2;
            if segments == 0 || 16 + 8 * segments > sub.len() {
                return Ok(0);
            }
            let (ends, starts) = (&sub[14..14 + 2 * segments], &sub[16 + 2 * segments..16 + 4 * segments]);
            let mut n = 0;
            for (end, start) in ends.chunks_exact(2).zip(starts.chunks_exact(2)) {
                let (end, start) =
                    (u16::from_be_bytes([end[0], end[1]]), u16::from_be_bytes([start[0], start[1]]));
                if start == 0xFFFF && end == 0xFFFF {
                    break;
                }
                n += u64::from(end.saturating_sub(start)) + u64::from(start <= end);
            }
            n
        }
        6 => u16_at(8),
        10 => array32(16, 20, 2)?.unwrap_or(0),
        12 | 13 => match array32(12, 16, 12)? {
            Some(groups) => sub[16..16 + 12 * groups as usize]
                .chunks_exact(12)
                .map(|g| {
                    let (start, end) = (be_u32(g, 0).unwrap_or(0), be_u32(g, 4).unwrap_or(0));
                    u64::from(end.saturating_sub(start)) + u64::from(start <= end)
                })
                .sum(),
            None => 0,
        },
        14 => {
            array32(6, 10, 11)?;
            0
        }
        _ => 0,
    })
}

fn be_u16(data: &[u8], at: usize) -> Option<u16> {
    Some(u16::from_be_bytes(data.get(at..at.checked_add(2)?)?.try_into().ok()?))
}

fn be_u32(data: &[u8], at: usize) -> Option<u32> {
    Some(u32::from_be_bytes(data.get(at..at.checked_add(4)?)?.try_into().ok()?))
}

#[cfg(test)]
mod tests {
    use super::*;

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

    fn be32(data: &[u8], at: usize) -> usize {
        u32::from_be_bytes(data[at..at + 4].try_into().unwrap()) as usize
    }

    /// Offsets of the character map (`cmap`) and of its first subtable in a font.
    fn cmap(font: &[u8]) -> (usize, usize) {
        let tables = usize::from(u16::from_be_bytes([font[4], font[5]]));
        let record = (0..tables).map(|i| 12 + 16 * i).find(|&r| &font[r..r + 4] == b"cmap").unwrap();
        let cmap = be32(font, record + 8);
        (cmap, cmap + be32(font, cmap + 8))
    }

    /// The embedded font with its first character map subtable made a one-group format 12 map
    /// covering `start..=end`.
    fn format12(start: u32, end: u32) -> Vec<u8> {
        let mut font = EMBEDDED_SANS_DATA.to_vec();
        let (_, sub) = cmap(&font);
        let bytes: Vec<u8> = [12u16.to_be_bytes(), [0; 2]]
            .concat()
            .into_iter()
            .chain([28u32, 0, 1, start, end, 1].iter().flat_map(|v| v.to_be_bytes()))
            .collect();
        font[sub..sub + bytes.len()].copy_from_slice(&bytes);
        font
    }

    #[test]
    fn sound_fonts_pass_the_check() {
        for data in [EMBEDDED_SERIF_DATA, EMBEDDED_SANS_DATA] {
            assert_eq!(check_face(data, 0), Ok(()));
        }
        assert_eq!(check_face(&format12(0x20, 0x7E), 0), Ok(()));
        // All of Unicode in one group, as a last-resort font maps it.
        assert_eq!(check_face(&format12(0, 0x10_FFFF), 0), Ok(()));
        // A collection of one face: the header, one offset, the font with its tables moved.
        let font = EMBEDDED_SANS_DATA;
        let mut ttc =
            [b"ttcf\x00\x01\x00\x00".as_slice(), &1u32.to_be_bytes(), &16u32.to_be_bytes()].concat();
        let mut moved = font.to_vec();
        for r in (0..usize::from(u16::from_be_bytes([font[4], font[5]]))).map(|i| 12 + 16 * i) {
            moved[r + 8..r + 12].copy_from_slice(&(be32(font, r + 8) as u32 + 16).to_be_bytes());
        }
        ttc.extend(moved);
        assert_eq!(check_face(&ttc, 0), Ok(()));
        assert!(FontInfo::new(&ttc, 0).is_some());
    }

    #[test]
    fn damaged_fonts_fail_the_check() {
        // One byte: the end of the only group, U+007E, became U+FF00007E.
        let mut wide = format12(0x20, 0x7E);
        let (_, sub) = cmap(&wide);
        wide[sub + 20] = 0xFF;
        assert!(
            matches!(check_face(&wide, 0), Err(FontDamage::TooManyChars { count }) if count > 8_000_000_000)
        );
        // One byte of the embedded font's format 4 map: the segment count.
        let mut segments = EMBEDDED_SANS_DATA.to_vec();
        segments[sub + 6] = 20;
        assert!(matches!(check_face(&segments, 0), Err(FontDamage::TooManyChars { .. })));
        // One byte of its format 14 map: the record count overruns the table.
        let mut variations = EMBEDDED_SANS_DATA.to_vec();
        let (table, _) = cmap(&variations);
        let sub14 = table + be32(&variations, table + 4 + 8 + 4);
        assert_eq!(u16::from_be_bytes([variations[sub14], variations[sub14 + 1]]), 14);
        variations[sub14 + 6] = 0xFF;
        assert_eq!(check_face(&variations, 0), Err(FontDamage::CmapOverrun));
        // A download cut short.
        let cut = &EMBEDDED_SANS_DATA[..EMBEDDED_SANS_DATA.len() / 2];
        assert!(matches!(check_face(cut, 0), Err(FontDamage::TableOutside { .. })));
        assert_eq!(check_face(&EMBEDDED_SANS_DATA[..100], 0), Err(FontDamage::TableDirectory));
        // Collections: too many faces, offsets past the end.
        let header = |count: u32| [b"ttcf\x00\x01\x00\x00".as_slice(), &count.to_be_bytes()].concat();
        assert_eq!(check_face(&header(u32::MAX), 0), Err(FontDamage::TooManyFaces { count: u32::MAX }));
        assert_eq!(check_face(&header(2), 1), Err(FontDamage::CollectionTruncated));
    }

    #[test]
    fn damaged_files_in_a_font_folder_are_skipped_and_named() {
        let dir = tempfile::tempdir().unwrap();
        let header = |count: u32| [b"ttcf\x00\x01\x00\x00".as_slice(), &count.to_be_bytes()].concat();
        let mut wide = format12(0x20, 0x7E);
        let (_, sub) = cmap(&wide);
        wide[sub + 20] = 0xFF;
        let files: [(&str, Vec<u8>); 5] = [
            ("a.ttc", header(u32::MAX)),
            ("b.otc", header(3)),
            ("c.otf", wide),
            ("d.ttf", b"not a font".to_vec()),
            ("e.txt", header(u32::MAX)),
        ];
        for (name, data) in &files {
            std::fs::write(dir.path().join(name), data).unwrap();
        }
        let options = FontOptions { dirs: vec![dir.path().to_path_buf()], env: false, system: false };
        let fonts = Fonts::load(&options);
        assert_eq!(fonts.faces().len(), 2, "only the embedded fonts");
        let mut skipped: Vec<(String, &FontDamage)> = fonts
            .skipped()
            .iter()
            .map(|s| (s.path.file_name().unwrap().to_string_lossy().into_owned(), &s.damage))
            .collect();
        skipped.sort_by(|a, b| a.0.cmp(&b.0));
        assert_eq!(
            skipped,
            [
                ("a.ttc".to_string(), &FontDamage::TooManyFaces { count: u32::MAX }),
                ("b.otc".to_string(), &FontDamage::CollectionTruncated),
                ("c.otf".to_string(), &FontDamage::TooManyChars { count: 2 * (0xFF00_007E - 0x20 + 1) }),
                ("d.ttf".to_string(), &FontDamage::NotAFont),
            ]
        );
        let notices = fonts.resolve(&Style::default()).substitution_notices();
        let path = dir.path().join("c.otf");
        let expected =
            format!("已跳过字体文件“{}”（--font-dir 目录）：字符映射表（cmap）列出", path.display());
        assert!(notices[..4].iter().any(|n| n.starts_with(&expected)), "{notices:?}");
        assert!(notices[4..].iter().all(|n| n.contains("未找到")), "{notices:?}");
        let report = fonts.resolve(&Style::default()).to_string();
        assert_eq!(report.matches("注意：已跳过字体文件").count(), 4, "{report}");
    }
}
