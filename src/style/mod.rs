//! The page and type style shared by the DOCX, Typst/PDF and HTML writers (one per locality), and
//! the page [`Geometry`] computed from it.
//!
//! Defaults follow GB/T 9704—2012: A4, margins 37/35/28/26 mm, 3号 仿宋 body on a 28.95 pt pitch
//! (22 lines a page, 28 characters a line), 2号 小标宋 title, 黑体/楷体/仿宋 headings, 4号 宋体
//! page numbers “— N —” outside on odd/even pages. A locality's `style.yaml` overrides any field;
//! [`Style::from_yaml`] lays it over these defaults and refuses a style no writer can lay out.

use serde::{Deserialize, Serialize};

mod error;
pub mod geometry;
mod keys;
pub mod limits;
mod read;

pub use error::{StyleError, StyleProblem};
pub use geometry::Geometry;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Style {
    pub page: Page,
    /// Fixed line pitch of body text and headings, in points (28.95 pt gives 22 lines on 225 mm).
    pub line_pitch_pt: f32,
    /// First-line indent of body paragraphs, in characters of the body size.
    pub first_line_indent_chars: f32,
    pub title: FontRole,
    pub h1: FontRole,
    pub h2: FontRole,
    pub h3: FontRole,
    pub h4: FontRole,
    pub body: FontRole,
    pub table: FontRole,
    pub page_number: PageNumber,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Page {
    pub width_mm: f32,
    pub height_mm: f32,
    pub margin_top_mm: f32,
    pub margin_bottom_mm: f32,
    pub margin_left_mm: f32,
    pub margin_right_mm: f32,
}

/// A typographic role: the font families to try in order (the official name first, then common
/// Windows names, then free substitutes), the size and weight.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FontRole {
    pub fonts: Vec<String>,
    pub size_pt: f32,
    #[serde(default)]
    pub bold: bool,
}

/// Whether a role's typeface is serif (宋, 仿宋, 楷) or sans (黑体), for a substitute of the same kind.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FontKind {
    Serif,
    Sans,
    Unknown,
}

impl FontRole {
    /// The kind the first family in the chain that tells (by its name) is of.
    pub fn kind(&self) -> FontKind {
        const SANS: [&str; 3] = ["Sans", "Hei", "黑"];
        const SERIF: [&str; 6] = ["Serif", "Song", "宋", "楷", "Kai", "Fang"];
        for f in &self.fonts {
            if SANS.iter().any(|k| f.contains(k)) {
                return FontKind::Sans;
            }
            if SERIF.iter().any(|k| f.contains(k)) {
                return FontKind::Serif;
            }
        }
        FontKind::Unknown
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct PageNumber {
    pub font: FontRole,
    /// `outside`: odd pages right, even pages left, one character in (GB/T 9704 §7.5);
    /// `center`: centred on every page.
    pub position: PageNumberPosition,
    /// Distance of the number's line below the text block, in mm (GB/T 9704: 7 mm).
    pub below_text_mm: f32,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum PageNumberPosition {
    Outside,
    Center,
}

fn chain(names: &[&str]) -> Vec<String> {
    names.iter().map(|s| s.to_string()).collect()
}

/// Family chains per role: official name → Windows names → free substitutes.
pub const TITLE_FONTS: &[&str] = &[
    "方正小标宋简体",
    "FZXiaoBiaoSong-B05S",
    "方正小标宋_GBK",
    "华文中宋",
    "STZhongsong",
    "SimHei",
    "FandolHei",
    "Noto Serif CJK SC",
    "Source Han Serif SC",
    "Noto Sans CJK SC",
];
pub const HEI_FONTS: &[&str] = &[
    "黑体",
    "SimHei",
    "FandolHei",
    "Noto Sans CJK SC",
    "Source Han Sans SC",
    "WenQuanYi Micro Hei",
    "WenQuanYi Zen Hei",
];
pub const KAI_FONTS: &[&str] = &[
    "楷体_GB2312",
    "KaiTi_GB2312",
    "楷体",
    "KaiTi",
    "STKaiti",
    "FandolKai",
    "AR PL UKai CN",
    "AR PL KaitiM GB",
    "Noto Serif CJK SC",
];
pub const FANG_FONTS: &[&str] = &[
    "仿宋_GB2312",
    "FangSong_GB2312",
    "仿宋",
    "FangSong",
    "STFangsong",
    "FandolFang",
    "Noto Serif CJK SC",
    "Source Han Serif SC",
    "AR PL UMing CN",
];
pub const SONG_FONTS: &[&str] =
    &["宋体", "SimSun", "FandolSong", "Noto Serif CJK SC", "Source Han Serif SC", "AR PL UMing CN"];

impl Default for Style {
    fn default() -> Self {
        let role = |fonts: &[&str], size_pt: f32| FontRole { fonts: chain(fonts), size_pt, bold: false };
        Style {
            page: Page::default(),
            line_pitch_pt: 28.95,
            first_line_indent_chars: 2.0,
            title: role(TITLE_FONTS, 22.0),
            h1: role(HEI_FONTS, 16.0),
            h2: role(KAI_FONTS, 16.0),
            h3: role(FANG_FONTS, 16.0),
            h4: role(FANG_FONTS, 16.0),
            body: role(FANG_FONTS, 16.0),
            table: role(SONG_FONTS, 10.5),
            page_number: PageNumber::default(),
        }
    }
}

impl Default for Page {
    fn default() -> Self {
        Page {
            width_mm: 210.0,
            height_mm: 297.0,
            margin_top_mm: 37.0,
            margin_bottom_mm: 35.0,
            margin_left_mm: 28.0,
            margin_right_mm: 26.0,
        }
    }
}

impl Default for PageNumber {
    fn default() -> Self {
        PageNumber {
            font: FontRole { fonts: chain(SONG_FONTS), size_pt: 14.0, bold: false },
            position: PageNumberPosition::Outside,
            below_text_mm: 7.0,
        }
    }
}

impl Style {
    /// The font role of a heading level (1–4); other levels use the body role.
    pub fn heading(&self, level: u8) -> &FontRole {
        match level {
            1 => &self.h1,
            2 => &self.h2,
            3 => &self.h3,
            4 => &self.h4,
            _ => &self.body,
        }
    }

    /// Text block width in mm (156 mm for GB/T 9704).
    pub fn text_width_mm(&self) -> f32 {
        self.page.width_mm - self.page.margin_left_mm - self.page.margin_right_mm
    }

    /// Reads a locality's style file: its settings laid key by key over the GB/T 9704 defaults
    /// (so it writes only what it changes), each checked for its kind and range ([`limits`]).
    /// Every problem comes in Chinese with its line and column in `text`.
    pub fn from_yaml(text: &str) -> Result<Style, StyleError> {
        read::from_yaml(text)
    }

    /// Checks a style built in code as [`Style::from_yaml`] checks a file (problems carry no
    /// position). The writers fall back to usable values for a style that fails this.
    pub fn validate(&self) -> Result<(), StyleError> {
        let problems: Vec<StyleProblem> = limits::problems(self)
            .into_iter()
            .map(|p| StyleProblem {
                key: p.keys.into_iter().next().unwrap_or_default(),
                pos: None,
                message: p.message,
            })
            .collect();
        if problems.is_empty() { Ok(()) } else { Err(StyleError { problems }) }
    }
}

/// Millimetres to points.
pub fn mm_to_pt(mm: f32) -> f32 {
    mm * 72.0 / 25.4
}

/// Millimetres to twentieths of a point (DOCX twips).
pub fn mm_to_twips(mm: f32) -> i32 {
    (mm_to_pt(mm) * 20.0).round() as i32
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_block_is_156_mm() {
        assert_eq!(Style::default().text_width_mm(), 156.0);
    }

    #[test]
    fn partial_style_keeps_defaults() {
        let s = Style::from_yaml("page_number:\n  position: center\n").unwrap();
        assert_eq!(s.page_number.position, PageNumberPosition::Center);
        assert_eq!(s.body, Style::default().body);
    }
}
