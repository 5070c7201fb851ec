//! The document's paragraphs: draft mark, title, headings, body text, the signature (GB/T 9704
//! §7.3.5) and the page-number footers. Tables are `table`'s; nothing here touches the package.

use docx_rs::{
    AlignmentType, BreakType, Docx, FieldCharType, Footer, InstrPAGE, InstrText, LineSpacing,
    LineSpacingType, Paragraph as DParagraph, Run as DRun, SpecialIndentType,
};

use super::run::{Kit, ParaIds, fonts, push_run, run, text_run};
use super::styles::title_spacing;
use super::{DRAFT, Geometry, NORMAL, TITLE, half_points, pt_to_twips};
use crate::doc::{DRAFT_MARK, Paragraph};
use crate::style::{FontRole, PageNumberPosition, Style};

pub(super) fn draft_mark(style: &Style, geo: &Geometry, ids: &mut ParaIds) -> DParagraph {
    let role = FontRole { bold: true, ..style.h1.clone() };
    ids.next()
        .style(DRAFT)
        .align(AlignmentType::Center)
        .indent(Some(0), Some(SpecialIndentType::FirstLine(0)), Some(0), None)
        .line_spacing(geo.exact_pitch())
        .widow_control(false)
        .add_run(run(&role, DRAFT_MARK).color("FF0000"))
}

pub(super) fn title(lines: &[String], style: &Style, geo: &Geometry, ids: &mut ParaIds) -> DParagraph {
    let mut p = ids
        .next()
        .style(TITLE)
        .align(AlignmentType::Center)
        .indent(Some(0), Some(SpecialIndentType::FirstLine(0)), Some(0), None)
        .line_spacing(title_spacing(style, geo))
        .widow_control(false)
        .keep_next(true);
    for (i, line) in lines.iter().enumerate() {
        let mut r = run(&style.title, line);
        if i + 1 < lines.len() {
            r = r.add_break(BreakType::TextWrapping);
        }
        p = p.add_run(r);
    }
    p
}

pub(super) fn heading(level: u8, text: &str, kit: &Kit, ids: &mut ParaIds) -> DParagraph {
    let mut p = ids.with(&kit.headings[usize::from(level.clamp(1, 4) - 1)]);
    push_run(&mut p, text_run(kit.heading_run(level), text));
    p
}

/// A body paragraph; run-in headings take their level's font, condensed like the body.
pub(super) fn paragraph(para: &Paragraph, kit: &Kit, ids: &mut ParaIds) -> DParagraph {
    let mut p = ids.with(&kit.body);
    for r in &para.runs {
        let props = match r.heading {
            Some(level) => kit.heading_run(level),
            None => &kit.body_run,
        };
        push_run(&mut p, text_run(props, &r.text));
    }
    p
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
pub(super) fn signature(
    unit: &str,
    date: &str,
    kit: &Kit,
    geo: &Geometry,
    ids: &mut ParaIds,
) -> (DParagraph, DParagraph) {
    let ch = geo.body_char as f32;
    let (wu, wd) = (width_in_chars(unit), width_in_chars(date));
    let mut unit_right = 2.0;
    let mut date_right = unit_right + wu - 2.0 - wd;
    if date_right < 2.0 {
        date_right = 2.0;
        unit_right = date_right + wd + 2.0 - wu;
    }
    let line = |text: &str, right: f32, before: u32, ids: &mut ParaIds| {
        let mut spacing = geo.exact_pitch();
        spacing = spacing.before(before);
        ids.next()
            .style(NORMAL)
            .align(AlignmentType::Right)
            .indent(Some(0), Some(SpecialIndentType::FirstLine(0)), Some((right * ch).round() as i32), None)
            .line_spacing(spacing)
            .widow_control(false)
            .keep_next(before > 0)
            .add_run(text_run(&kit.body_run, text))
    };
    // One empty line between the body and the signature.
    let u = line(unit, unit_right, geo.pitch.max(0) as u32, ids);
    let d = line(date, date_right, 0, ids);
    (u, d)
}

/// Page numbers “— N —” in the page-number role: odd pages right and even pages left, one
/// character in (GB/T 9704 §7.5), or centred on every page.
pub(super) fn add_footers(docx: Docx, style: &Style, ids: &mut ParaIds) -> Docx {
    let role = &style.page_number.font;
    let one_char = pt_to_twips(role.size_pt);
    let number = |align: AlignmentType, left: i32, right: i32, ids: &mut ParaIds| {
        let spacing = LineSpacing::new()
            .line_rule(LineSpacingType::Exact)
            .line(pt_to_twips(role.size_pt).max(1))
            .before(0)
            .after(0);
        let field = DRun::new()
            .fonts(fonts(role))
            .size(half_points(role.size_pt))
            .add_field_char(FieldCharType::Begin, false)
            .add_instr_text(InstrText::PAGE(InstrPAGE::new()))
            .add_field_char(FieldCharType::Separate, false)
            .add_text("1")
            .add_field_char(FieldCharType::End, false);
        let p = ids
            .next()
            .align(align)
            .indent(Some(left), Some(SpecialIndentType::FirstLine(0)), Some(right), None)
            .line_spacing(spacing)
            .add_run(run(role, "— "))
            .add_run(field)
            .add_run(run(role, " —"));
        Footer::new().add_paragraph(p)
    };
    match style.page_number.position {
        PageNumberPosition::Center => docx.footer(number(AlignmentType::Center, 0, 0, ids)),
        PageNumberPosition::Outside => docx
            .footer(number(AlignmentType::Right, 0, one_char, ids))
            .even_footer(number(AlignmentType::Left, one_char, 0, ids)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn signature_date_starts_two_characters_right_of_unit() {
        assert_eq!(width_in_chars("2024年1月16日"), 7.75);
        assert_eq!(width_in_chars("某某市某某区人民政府办公室"), 13.0);
    }
}
