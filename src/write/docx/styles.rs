//! The named styles (正文, 标题, 标题 1–4, table text, draft mark) and the parts describing them:
//! styles.xml finished after docx-rs, and fontTable.xml. Knows nothing of the document's content.

use docx_rs::{AlignmentType, LineSpacing, LineSpacingType, SpecialIndentType, Style as DStyle, StyleType};

use super::package::xml_attr;
use super::run::{family, fonts};
use super::{
    DRAFT, DocxError, Geometry, NORMAL, TABLE_TEXT, TITLE, half_points, heading_style_id, pt_to_twips,
};
use crate::style::{FontKind, FontRole, Style};

pub(super) fn styles(style: &Style, geo: &Geometry) -> Vec<DStyle> {
    let indent = geo.indent;
    let mut normal = DStyle::new(NORMAL, StyleType::Paragraph)
        .name("Normal")
        .fonts(fonts(&style.body))
        .size(half_points(style.body.size_pt))
        .align(AlignmentType::Both)
        .indent(Some(0), Some(SpecialIndentType::FirstLine(indent)), Some(0), None)
        .line_spacing(geo.exact_pitch());
    normal.paragraph_property = normal.paragraph_property.widow_control(false);
    if geo.tracking != 0 {
        normal.run_property = normal.run_property.character_spacing(geo.tracking);
    }

    let mut title = DStyle::new(TITLE, StyleType::Paragraph)
        .name("Title")
        .based_on(NORMAL)
        .next(NORMAL)
        .fonts(fonts(&style.title))
        .size(half_points(style.title.size_pt))
        .align(AlignmentType::Center)
        .indent(Some(0), Some(SpecialIndentType::FirstLine(0)), Some(0), None)
        .line_spacing(title_spacing(style, geo));
    title.run_property = title.run_property.character_spacing(0);
    if style.title.bold {
        title = title.bold();
    }

    let mut out = vec![normal, title];
    for level in 1..=4u8 {
        let role = style.heading(level);
        let mut h = DStyle::new(heading_style_id(level), StyleType::Paragraph)
            .name(format!("heading {level}"))
            .based_on(NORMAL)
            .next(NORMAL)
            .fonts(fonts(role))
            .size(half_points(role.size_pt))
            .outline_lvl(usize::from(level - 1));
        if role.bold {
            h = h.bold();
        }
        h.paragraph_property = h.paragraph_property.keep_next(true);
        if geo.tracking != 0 {
            h.run_property = h.run_property.character_spacing(geo.tracking);
        }
        out.push(h);
    }

    let mut table_text = DStyle::new(TABLE_TEXT, StyleType::Paragraph)
        .name("Table Text")
        .based_on(NORMAL)
        .fonts(fonts(&style.table))
        .size(half_points(style.table.size_pt))
        .align(AlignmentType::Center)
        .indent(Some(0), Some(SpecialIndentType::FirstLine(0)), Some(0), None)
        .line_spacing(table_spacing());
    table_text.run_property = table_text.run_property.character_spacing(0);
    out.push(table_text);
    out.push(
        DStyle::new(DRAFT, StyleType::Paragraph)
            .name("Draft Mark")
            .based_on(NORMAL)
            .fonts(fonts(&style.h1))
            .color("FF0000")
            .bold()
            .align(AlignmentType::Center)
            .indent(Some(0), Some(SpecialIndentType::FirstLine(0)), Some(0), None),
    );
    out
}

/// The title keeps the body pitch (grid-aligned) and is followed by one empty line.
pub(super) fn title_spacing(style: &Style, geo: &Geometry) -> LineSpacing {
    // A title larger than the pitch would be clipped under an exact rule: use at-least then.
    let rule = if pt_to_twips(style.title.size_pt) > geo.pitch {
        LineSpacingType::AtLeast
    } else {
        LineSpacingType::Exact
    };
    LineSpacing::new().line_rule(rule).line(geo.pitch).before(0).after(geo.pitch.max(0) as u32)
}

/// Table text: single spacing, no space around paragraphs.
pub(super) fn table_spacing() -> LineSpacing {
    LineSpacing::new().line_rule(LineSpacingType::Auto).line(240).before(0).after(0)
}

/// Finishes styles.xml: docx-rs always writes an empty `Normal` style before ours, which would
/// leave two styles with one id; drop it and mark ours as the default paragraph style. Then
/// declare the text language in the document defaults so Word and WPS use East Asian typography
/// rules and proofing language.
pub(super) fn fix_styles(xml: &[u8], language: &str) -> Result<Vec<u8>, DocxError> {
    const EMPTY_NORMAL: &str = concat!(
        r#"<w:style w:type="paragraph" w:styleId="Normal"><w:name w:val="Normal" />"#,
        r#"<w:rPr /><w:pPr><w:rPr /></w:pPr><w:qFormat /></w:style>"#
    );
    const NORMAL_OPEN: &str = r#"<w:style w:type="paragraph" w:styleId="Normal">"#;
    const DEFAULT_OPEN: &str = r#"<w:style w:type="paragraph" w:default="1" w:styleId="Normal">"#;
    const MARK: &str = "</w:rPr></w:rPrDefault>";
    let text = std::str::from_utf8(xml).map_err(|e| DocxError::Internal(e.to_string()))?;
    let text = text.replacen(EMPTY_NORMAL, "", 1);
    if text.matches(NORMAL_OPEN).count() != 1 {
        return Err(DocxError::Internal("styles.xml 中“正文”样式不唯一".into()));
    }
    let text = text.replacen(NORMAL_OPEN, DEFAULT_OPEN, 1);
    let at = text.find(MARK).ok_or_else(|| DocxError::Internal("styles.xml 中缺少默认字符格式".into()))?;
    let lang = xml_attr(if language.trim().is_empty() { "zh-CN" } else { language.trim() });
    let mut out = String::with_capacity(text.len() + 80);
    out.push_str(&text[..at]);
    out.push_str(&format!(r#"<w:lang w:val="{lang}" w:eastAsia="{lang}" w:bidi="ar-SA" />"#));
    out.push_str(&text[at..]);
    Ok(out.into_bytes())
}

/// word/fontTable.xml describing the fonts the document names, so an application that lacks one
/// substitutes sensibly: GB2312 character set, serif or sans family, and as `w:altName` the first
/// common alternative from the role's chain (仿宋_GB2312 → 仿宋, 楷体_GB2312 → 楷体).
pub(super) fn font_table(style: &Style) -> Vec<u8> {
    let roles = [
        &style.title,
        &style.h1,
        &style.h2,
        &style.h3,
        &style.h4,
        &style.body,
        &style.table,
        &style.page_number.font,
    ];
    let mut seen: Vec<&str> = Vec::new();
    let mut out = String::from(concat!(
        r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>"#,
        r#"<w:fonts xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" "#,
        r#"xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">"#
    ));
    for role in roles {
        let name = family(role);
        if name.is_empty() || seen.contains(&name) {
            continue;
        }
        seen.push(name);
        out.push_str(&format!(r#"<w:font w:name="{}">"#, xml_attr(name)));
        let cjk = |s: &str| !s.is_ascii();
        if let Some(alt) =
            role.fonts.iter().skip(1).find(|f| cjk(f) && !f.contains("_GB") && f.as_str() != name)
        {
            out.push_str(&format!(r#"<w:altName w:val="{}" />"#, xml_attr(alt)));
        }
        out.push_str(&format!(
            r#"<w:charset w:val="86" /><w:family w:val="{}" /><w:pitch w:val="variable" /></w:font>"#,
            font_kind(role)
        ));
    }
    out.push_str("</w:fonts>");
    out.into_bytes()
}

/// `roman` (serif: 宋, 仿宋, 楷) or `swiss` (sans: 黑体), as the role's chain says.
fn font_kind(role: &FontRole) -> &'static str {
    match role.kind() {
        FontKind::Sans => "swiss",
        FontKind::Serif => "roman",
        FontKind::Unknown => "auto",
    }
}
