//! The parts that describe the document rather than hold it, built from the style and geometry
//! alone: styles.xml (正文, 标题, 标题 1–4, table text, draft mark), fontTable.xml, settings.xml and
//! numbering.xml.

use super::paragraph::XML_DECLARATION;
use super::run::{ParaProps, RunProps, Spacing, TABLE_SPACING, exact_pitch, family};
use super::xml::Xml;
use super::{DRAFT, Geometry, NORMAL, TABLE_TEXT, TITLE, heading_style_id, pt_to_twips};
use crate::style::{FontKind, FontRole, PageNumberPosition, Style};

/// word/styles.xml. Names are Word's built-in English ones, which Word and WPS show localised and
/// treat as the built-in styles (navigation pane, outline view). The document defaults declare the
/// text `language`, so Word and WPS use East Asian typography rules and proofing language.
pub(super) fn styles(style: &Style, geo: &Geometry, language: &str) -> String {
    let mut x = Xml::with_capacity(6 * 1024);
    x.raw(STYLES_OPEN).raw("<w:docDefaults><w:rPrDefault>");
    let lang = if language.trim().is_empty() { "zh-CN" } else { language.trim() };
    RunProps { lang: Some(lang), ..RunProps::of(&style.body) }.write(&mut x);
    x.raw("</w:rPrDefault><w:pPrDefault>");
    ParaProps::default().write(&mut x);
    x.raw("</w:pPrDefault></w:docDefaults>");

    let tracking = (geo.tracking != 0).then_some(geo.tracking);
    let centred = |spacing: Option<Spacing>| ParaProps {
        spacing,
        indent: Some((0, 0, 0)),
        align: Some("center"),
        ..ParaProps::default()
    };
    let normal = Def { id: NORMAL, name: "Normal", based_on: false, next: false };
    let normal_para = ParaProps {
        no_widow_control: true,
        spacing: Some(exact_pitch(geo, 0)),
        indent: Some((0, 0, geo.indent)),
        align: Some("both"),
        ..ParaProps::default()
    };
    let body_run = RunProps { bold: false, tracking, ..RunProps::of(&style.body) };
    normal.write(&mut x, true, &normal_para, &body_run);

    let title = Def { id: TITLE, name: "Title", based_on: true, next: true };
    let title_run = RunProps { tracking: Some(0), ..RunProps::of(&style.title) };
    title.write(&mut x, false, &centred(Some(title_spacing(style, geo))), &title_run);

    for level in 1..=4u8 {
        let id = heading_style_id(level);
        let name = format!("heading {level}");
        let def = Def { id: &id, name: &name, based_on: true, next: true };
        let para = ParaProps { keep_next: true, outline: Some(level - 1), ..ParaProps::default() };
        def.write(&mut x, false, &para, &RunProps { tracking, ..RunProps::of(style.heading(level)) });
    }

    let table = Def { id: TABLE_TEXT, name: "Table Text", based_on: true, next: false };
    let table_run = RunProps { bold: false, tracking: Some(0), ..RunProps::of(&style.table) };
    table.write(&mut x, false, &centred(Some(TABLE_SPACING)), &table_run);

    let draft = Def { id: DRAFT, name: "Draft Mark", based_on: true, next: false };
    let draft_run =
        RunProps { font: Some(family(&style.h1)), bold: true, color: Some("FF0000"), ..RunProps::default() };
    draft.write(&mut x, false, &centred(None), &draft_run);
    x.close("w:styles");
    x.finish()
}

/// A paragraph style's identity: id, name, and whether it is based on and followed by 正文.
struct Def<'a> {
    id: &'a str,
    name: &'a str,
    based_on: bool,
    next: bool,
}

impl Def<'_> {
    fn write(&self, x: &mut Xml, default: bool, para: &ParaProps, run: &RunProps) {
        let mut attrs = vec![("w:type", "paragraph".into())];
        if default {
            attrs.push(("w:default", "1".into()));
        }
        attrs.push(("w:styleId", self.id.into()));
        x.open("w:style", &attrs).val("w:name", self.name);
        if self.based_on {
            x.val("w:basedOn", NORMAL);
        }
        if self.next {
            x.val("w:next", NORMAL);
        }
        x.empty("w:qFormat", &[]);
        para.write(x);
        run.write(x);
        x.close("w:style");
    }
}

/// The title keeps the body pitch (grid-aligned) and is followed by one empty line.
pub(super) fn title_spacing(style: &Style, geo: &Geometry) -> Spacing {
    // A title larger than the pitch would be clipped under an exact rule: use at-least then.
    let rule = if pt_to_twips(style.title.size_pt) > geo.pitch { "atLeast" } else { "exact" };
    Spacing { before: 0, after: geo.pitch.max(0), line: geo.pitch, rule }
}

/// word/settings.xml: the default tab stop of one body character, compatibility with Word 2013+
/// layout, and distinct even-page footers when page numbers sit outside.
pub(super) fn settings(style: &Style, geo: &Geometry) -> String {
    let mut x = Xml::with_capacity(1536);
    x.raw(XML_DECLARATION).raw(concat!(
        r#"<w:settings xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" "#,
        r#"xmlns:w14="http://schemas.microsoft.com/office/word/2010/wordml" "#,
        r#"xmlns:w15="http://schemas.microsoft.com/office/word/2012/wordml">"#
    ));
    x.val("w:defaultTabStop", geo.body_char).raw(SETTINGS_COMPAT);
    if style.page_number.position == PageNumberPosition::Outside {
        x.empty("w:evenAndOddHeaders", &[]);
    }
    x.close("w:settings");
    x.finish()
}

const STYLES_OPEN: &str = concat!(
    r#"<w:styles xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006" "#,
    r#"xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships" "#,
    r#"xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" "#,
    r#"xmlns:w14="http://schemas.microsoft.com/office/word/2010/wordml" "#,
    r#"xmlns:w15="http://schemas.microsoft.com/office/word/2012/wordml" mc:Ignorable="w14 w15">"#
);

const SETTINGS_COMPAT: &str = concat!(
    r#"<w:zoom w:percent="100" /><w:compat><w:spaceForUL /><w:balanceSingleByteDoubleByteWidth />"#,
    r#"<w:doNotLeaveBackslashAlone /><w:ulTrailSpace /><w:doNotExpandShiftReturn /><w:useFELayout />"#,
    r#"<w:compatSetting w:name="compatibilityMode" w:uri="http://schemas.microsoft.com/office/word" w:val="15" />"#,
    r#"<w:compatSetting w:name="overrideTableStyleFontSizeAndJustification" w:uri="http://schemas.microsoft.com/office/word" w:val="1" />"#,
    r#"<w:compatSetting w:name="enableOpenTypeFeatures" w:uri="http://schemas.microsoft.com/office/word" w:val="1" />"#,
    r#"<w:compatSetting w:name="doNotFlipMirrorIndents" w:uri="http://schemas.microsoft.com/office/word" w:val="1" />"#,
    r#"<w:compatSetting w:name="differentiateMultirowTableHeaders" w:uri="http://schemas.microsoft.com/office/word" w:val="1" />"#,
    r#"<w:compatSetting w:name="useWord2013TrackBottomHyphenation" w:uri="http://schemas.microsoft.com/office/word" w:val="0" />"#,
    r#"</w:compat>"#
);

/// word/fontTable.xml describing the fonts the document names, so an application that lacks one
/// substitutes sensibly: GB2312 character set, serif or sans family, and as `w:altName` the first
/// common alternative from the role's chain (仿宋_GB2312 → 仿宋, 楷体_GB2312 → 楷体).
pub(super) fn font_table(style: &Style) -> String {
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
    let mut x = Xml::with_capacity(1024);
    x.raw(XML_DECLARATION).raw(concat!(
        r#"<w:fonts xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" "#,
        r#"xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">"#
    ));
    for role in roles {
        let name = family(role);
        if name.is_empty() || seen.contains(&name) {
            continue;
        }
        seen.push(name);
        x.open("w:font", &[("w:name", name.into())]);
        let cjk = |s: &str| !s.is_ascii();
        if let Some(alt) =
            role.fonts.iter().skip(1).find(|f| cjk(f) && !f.contains("_GB") && f.as_str() != name)
        {
            x.val("w:altName", alt.as_str());
        }
        x.val("w:charset", "86").val("w:family", font_kind(role)).val("w:pitch", "variable").close("w:font");
    }
    x.close("w:fonts");
    x.finish()
}

/// `roman` (serif: 宋, 仿宋, 楷) or `swiss` (sans: 黑体), as the role's chain says.
fn font_kind(role: &FontRole) -> &'static str {
    match role.kind() {
        FontKind::Sans => "swiss",
        FontKind::Serif => "roman",
        FontKind::Unknown => "auto",
    }
}
