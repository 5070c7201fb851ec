//! The document's paragraphs: draft mark, title, headings, body text, the signature (GB/T 9704
//! §7.3.5) and the page-number footers. Tables are `table`'s; nothing here touches the package.

use super::run::{Kit, ParaIds, ParaProps, RunProps, Spacing, exact_pitch, run};
use super::styles::title_spacing;
use super::xml::Xml;
use super::{DRAFT, Geometry, NORMAL, TITLE, pt_to_twips};
use crate::doc::{DRAFT_MARK, Paragraph};
use crate::style::{PageNumberPosition, Style};

/// The centred, red, bold mark that opens a draft.
pub(super) fn draft_mark(x: &mut Xml, style: &Style, geo: &Geometry, ids: &mut ParaIds) {
    ids.open(x);
    ParaProps {
        style: Some(DRAFT),
        no_widow_control: true,
        spacing: Some(exact_pitch(geo, 0)),
        indent: Some((0, 0, 0)),
        align: Some("center"),
        ..ParaProps::default()
    }
    .write(x);
    let props = RunProps { bold: true, color: Some("FF0000"), ..RunProps::of(&style.h1) }.markup();
    run(x, &props, DRAFT_MARK, false);
    x.close("w:p");
}

/// The title, one run per line with a break between lines.
pub(super) fn title(x: &mut Xml, lines: &[String], style: &Style, geo: &Geometry, ids: &mut ParaIds) {
    ids.open(x);
    ParaProps {
        style: Some(TITLE),
        keep_next: true,
        no_widow_control: true,
        spacing: Some(title_spacing(style, geo)),
        indent: Some((0, 0, 0)),
        align: Some("center"),
        outline: None,
    }
    .write(x);
    let props = RunProps::of(&style.title).markup();
    for (i, line) in lines.iter().enumerate() {
        run(x, &props, line, i + 1 < lines.len());
    }
    x.close("w:p");
}

pub(super) fn heading(x: &mut Xml, level: u8, text: &str, kit: &Kit, ids: &mut ParaIds) {
    ids.open(x);
    x.raw(&kit.headings[usize::from(level.clamp(1, 4) - 1)]);
    run(x, kit.heading_run(level), text, false);
    x.close("w:p");
}

/// A body paragraph; run-in headings take their level's font, condensed like the body.
pub(super) fn paragraph(x: &mut Xml, para: &Paragraph, kit: &Kit, ids: &mut ParaIds) {
    ids.open(x);
    x.raw(&kit.body);
    for r in &para.runs {
        let props = match r.heading {
            Some(level) => kit.heading_run(level),
            None => &kit.body_run,
        };
        run(x, props, &r.text, false);
    }
    x.close("w:p");
}

/// Approximate advance of a text in body characters: CJK and other wide characters take one
/// character, ASCII and other narrow ones half, and Word, WPS and LibreOffice add a quarter
/// character between CJK and Western text (autoSpaceDE/DN, on by default).
fn width_in_chars(text: &str) -> f32 {
    let narrow = |c: char| (c as u32) < 0x1100 || ('\u{FF61}'..='\u{FFDC}').contains(&c);
    let mut width = 0.0;
    let mut prev: Option<bool> = None;
    for c in text.chars() {
        let n = narrow(c);
        width += if n { 0.5 } else { 1.0 };
        if c.is_whitespace() {
            prev = None;
            continue;
        }
        if prev.is_some_and(|p| p != n) {
            width += 0.25;
        }
        prev = Some(n);
    }
    width
}

/// GB/T 9704 §7.3.5 without a seal: the unit 2 characters in from the right; the date on the next
/// line, starting 2 characters to the right of the unit's first character; when the date is the
/// longer, it sits 2 characters in and the unit moves left to keep the offset.
pub(super) fn signature(x: &mut Xml, unit: &str, date: &str, kit: &Kit, geo: &Geometry, ids: &mut ParaIds) {
    let ch = geo.body_char as f32;
    let (wu, wd) = (width_in_chars(unit), width_in_chars(date));
    let mut unit_right = 2.0;
    let mut date_right = unit_right + wu - 2.0 - wd;
    if date_right < 2.0 {
        date_right = 2.0;
        unit_right = date_right + wd + 2.0 - wu;
    }
    let mut line = |text: &str, right: f32, before: i32| {
        ids.open(x);
        ParaProps {
            style: Some(NORMAL),
            keep_next: before > 0,
            no_widow_control: true,
            spacing: Some(exact_pitch(geo, before)),
            indent: Some((0, (right * ch).round() as i32, 0)),
            align: Some("right"),
            outline: None,
        }
        .write(x);
        run(x, &kit.body_run, text, false);
        x.close("w:p");
    };
    // One empty line between the body and the signature.
    line(unit, unit_right, geo.pitch.max(0));
    line(date, date_right, 0);
}

/// Page numbers “— N —” in the page-number role: odd pages right and even pages left, one
/// character in (GB/T 9704 §7.5), or centred on every page. The parts word/footer1.xml and, for
/// even pages, word/footer2.xml; they depend on the style alone.
pub(super) fn footers(style: &Style, ids: &mut ParaIds) -> Vec<String> {
    let role = &style.page_number.font;
    let one_char = pt_to_twips(role.size_pt);
    let mut number = |align: &'static str, left: i32, right: i32| {
        let mut x = Xml::with_capacity(2048);
        x.raw(XML_DECLARATION).raw(FOOTER_OPEN);
        ids.open(&mut x);
        ParaProps {
            spacing: Some(Spacing { before: 0, after: 0, line: one_char.max(1), rule: "exact" }),
            indent: Some((left, right, 0)),
            align: Some(align),
            ..ParaProps::default()
        }
        .write(&mut x);
        let props = RunProps::of(role).markup();
        run(&mut x, &props, "— ", false);
        // The field's own run takes the role's font and size, not its weight.
        x.raw("<w:r>");
        RunProps { bold: false, ..RunProps::of(role) }.write(&mut x);
        x.raw(PAGE_FIELD).raw("</w:r>");
        run(&mut x, &props, " —", false);
        x.raw("</w:p></w:ftr>");
        x.finish()
    };
    match style.page_number.position {
        PageNumberPosition::Center => vec![number("center", 0, 0)],
        PageNumberPosition::Outside => vec![number("right", 0, one_char), number("left", one_char, 0)],
    }
}

pub(super) const XML_DECLARATION: &str = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>"#;

const FOOTER_OPEN: &str = concat!(
    r#"<w:ftr xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships" "#,
    r#"xmlns:o="urn:schemas-microsoft-com:office:office" xmlns:v="urn:schemas-microsoft-com:vml" "#,
    r#"xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" "#,
    r#"xmlns:w10="urn:schemas-microsoft-com:office:word" "#,
    r#"xmlns:wp="http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing" "#,
    r#"xmlns:wps="http://schemas.microsoft.com/office/word/2010/wordprocessingShape" "#,
    r#"xmlns:wpg="http://schemas.microsoft.com/office/word/2010/wordprocessingGroup" "#,
    r#"xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006" "#,
    r#"xmlns:wp14="http://schemas.microsoft.com/office/word/2010/wordprocessingDrawing" "#,
    r#"xmlns:w14="http://schemas.microsoft.com/office/word/2010/wordml" mc:Ignorable="w14 wp14">"#
);

/// The PAGE field, showing 1 until the application updates it.
const PAGE_FIELD: &str = concat!(
    r#"<w:fldChar w:fldCharType="begin" w:dirty="false" /><w:instrText>PAGE</w:instrText>"#,
    r#"<w:fldChar w:fldCharType="separate" w:dirty="false" /><w:t xml:space="preserve">1</w:t>"#,
    r#"<w:fldChar w:fldCharType="end" w:dirty="false" />"#
);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn signature_date_starts_two_characters_right_of_unit() {
        assert_eq!(width_in_chars("2024年1月16日"), 7.75);
        assert_eq!(width_in_chars("某某市某某区人民政府办公室"), 13.0);
    }
}
