//! Which font serves each typographic role of a style, and why: the chain walk over the loaded
//! fonts and the report `xxgk fonts` prints. It reads the loaded set only; it never loads fonts.

use std::fmt;
use std::path::PathBuf;

use typst::text::{FontStretch, FontStyle, FontVariant, FontWeight};

use super::{EMBEDDED_SANS, EMBEDDED_SERIF, FontFace, FontOrigin, Fonts, SkippedFont, display_path};
use crate::style::{FontRole, Style};

impl Fonts {
    /// The face typst picks for `family` at the role's weight.
    fn face_of(&self, family: &str, bold: bool) -> Option<&FontFace> {
        self.faces.get(self.face_index(family, bold)?)
    }

    /// Its index in the book.
    fn face_index(&self, family: &str, bold: bool) -> Option<usize> {
        let weight = if bold { FontWeight::BOLD } else { FontWeight::REGULAR };
        let variant = FontVariant::new(FontStyle::Normal, weight, FontStretch::NORMAL);
        self.book().select(&family.to_lowercase(), variant)
    }

    /// The faces that serve the roles of `style` (resolved as `report`), in book order, each once.
    pub fn faces_serving(&self, style: &Style, report: &FontReport) -> Vec<usize> {
        let mut faces: Vec<usize> = Role::ALL
            .iter()
            .filter_map(|&role| self.face_index(&report.role(role).family, role.of(style).bold))
            .collect();
        faces.sort_unstable();
        faces.dedup();
        faces
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
