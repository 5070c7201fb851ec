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

use std::collections::HashMap;
use std::fmt;
use std::path::{Path, PathBuf};

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

/// All fonts available to the PDF writer, loaded once and shared (it is `Send + Sync`).
pub struct Fonts {
    store: FontStore,
    faces: Vec<FontFace>,
    /// Lower-cased family name (typst family or localized alias) → typst family.
    names: HashMap<String, String>,
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
        let mut fonts = Fonts { store: FontStore::new(), faces: Vec::new(), names: HashMap::new() };
        for dir in &options.dirs {
            fonts.scan(FontOrigin::Dir, |db| db.load_fonts_dir(dir));
        }
        if options.env
            && let Some(value) = std::env::var_os(FONT_PATH_ENV)
        {
            for dir in std::env::split_paths(&value).filter(|d| !d.as_os_str().is_empty()) {
                fonts.scan(FontOrigin::Env, |db| db.load_fonts_dir(&dir));
            }
        }
        if options.system {
            fonts.scan(FontOrigin::System, |db| db.load_system_fonts());
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

    fn scan(&mut self, origin: FontOrigin, fill: impl FnOnce(&mut fontdb::Database)) {
        let mut db = fontdb::Database::new();
        fill(&mut db);
        for face in db.faces() {
            let path = match &face.source {
                fontdb::Source::File(path) | fontdb::Source::SharedFile(path, _) => path.clone(),
                fontdb::Source::Binary(_) => continue,
            };
            let Some(Some(info)) = db.with_face_data(face.id, FontInfo::new) else { continue };
            let names = face.families.iter().map(|(name, _)| name.clone()).collect();
            let record = FontFace { family: info.family.clone(), names, origin, path: Some(path.clone()) };
            self.add(FontPath { path, index: face.index }, info, record);
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
        FontReport { roles }
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
}

impl FontReport {
    /// The resolution of one role.
    pub fn role(&self, role: Role) -> &RoleFonts {
        // `resolve` fills every role of `Role::ALL` in order.
        &self.roles[Role::ALL.iter().position(|&r| r == role).unwrap_or(0)]
    }

    /// One notice per substitute in use, roles sharing a substitution named together:
    /// e.g. `正文、三级标题：未找到“仿宋_GB2312”，改用“FandolFang”（系统字体）`.
    pub fn substitution_notices(&self) -> Vec<String> {
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
        groups
            .into_iter()
            .map(|(r, names)| {
                let missing = r.requested.first().map(String::as_str).unwrap_or("（未指定）");
                format!("{}：未找到“{missing}”，改用“{}”（{}）", names.join("、"), r.family, r.origin)
            })
            .collect()
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
        Ok(())
    }
}

fn display_path(path: &Path) -> String {
    path.display().to_string()
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
}
