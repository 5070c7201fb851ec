//! Runs and paragraph shells: fonts of a role, text made safe for XML, sequential paragraph ids and
//! the [`Kit`] of prepared properties. Builds pieces only; what goes where is the callers' choice.

use docx_rs::{
    AlignmentType, BreakType, Paragraph as DParagraph, ParagraphChild, ParagraphProperty, Run as DRun,
    RunFonts, RunProperty, SpecialIndentType,
};

use super::styles::table_spacing;
use super::{Geometry, NORMAL, TABLE_TEXT, half_points, heading_style_id};
use crate::style::{FontRole, Style};

/// Word and WPS take the first family; they substitute on their own when it is missing.
pub(super) fn family(role: &FontRole) -> &str {
    role.fonts.first().map(String::as_str).unwrap_or("")
}

pub(super) fn fonts(role: &FontRole) -> RunFonts {
    let f = family(role);
    RunFonts::new().ascii(f).hi_ansi(f).east_asia(f).cs(f)
}

/// A run in a font role, with the text made safe for XML.
pub(super) fn run(role: &FontRole, text: &str) -> DRun {
    add_text(role_run(role), text)
}

/// Adds text to a run: line breaks and tabs become DOCX breaks and tabs; characters XML 1.0
/// cannot carry are dropped (docx-rs escapes `<`, `&`, quotes itself).
fn add_text(mut r: DRun, text: &str) -> DRun {
    for (i, line) in text.split('\n').enumerate() {
        if i > 0 {
            r = r.add_break(BreakType::TextWrapping);
        }
        for (j, piece) in line.split('\t').enumerate() {
            if j > 0 {
                r = r.add_tab();
            }
            let clean: String = piece.chars().filter(|&c| crate::write::xml_char(c)).collect();
            if !clean.is_empty() {
                r = r.add_text(clean);
            }
        }
    }
    r
}

/// Sequential paragraph ids, so the same document always gives the same bytes.
#[derive(Default)]
pub(super) struct ParaIds(u32);

impl ParaIds {
    pub(super) fn id(&mut self) -> String {
        self.0 += 1;
        format!("{:08X}", self.0)
    }

    pub(super) fn next(&mut self) -> DParagraph {
        DParagraph::new().id(self.id())
    }

    /// A paragraph with a prepared property set (see [`Kit`]).
    pub(super) fn with(&mut self, property: &ParagraphProperty) -> DParagraph {
        DParagraph { id: self.id(), children: Vec::new(), property: property.clone(), has_numbering: false }
    }
}

/// Paragraph and run properties of the frequent kinds, built once per document and cloned:
/// docx-rs builders move their ~2.4 KB paragraph struct on every call, which made up most of the
/// writing time of a report.
pub(super) struct Kit {
    pub(super) body: ParagraphProperty,
    pub(super) headings: [ParagraphProperty; 4],
    /// Table paragraphs: [left, centred] × [split allowed, keep with next].
    pub(super) cells: [[ParagraphProperty; 2]; 2],
    pub(super) body_run: RunProperty,
    pub(super) heading_runs: [RunProperty; 4],
    pub(super) table_run: RunProperty,
}

impl Kit {
    pub(super) fn new(style: &Style, geo: &Geometry) -> Self {
        let body = |style_id: &str| {
            DParagraph::new()
                .style(style_id)
                .align(AlignmentType::Both)
                .indent(Some(0), Some(SpecialIndentType::FirstLine(geo.indent)), Some(0), None)
                .line_spacing(geo.exact_pitch())
                .widow_control(false)
        };
        let heading = |level: u8| {
            body(&heading_style_id(level)).outline_lvl(usize::from(level - 1)).keep_next(true).property
        };
        let cell = |align: AlignmentType, keep: bool| {
            DParagraph::new()
                .style(TABLE_TEXT)
                .align(align)
                .indent(Some(0), Some(SpecialIndentType::FirstLine(0)), Some(0), None)
                .line_spacing(table_spacing())
                .widow_control(false)
                .keep_next(keep)
                .property
        };
        let grid_run = |role: &FontRole| {
            let r = role_run(role).run_property;
            if geo.tracking != 0 { r.character_spacing(geo.tracking) } else { r }
        };
        Kit {
            body: body(NORMAL).property,
            headings: [heading(1), heading(2), heading(3), heading(4)],
            cells: [
                [cell(AlignmentType::Left, false), cell(AlignmentType::Left, true)],
                [cell(AlignmentType::Center, false), cell(AlignmentType::Center, true)],
            ],
            body_run: grid_run(&style.body),
            heading_runs: [
                grid_run(style.heading(1)),
                grid_run(style.heading(2)),
                grid_run(style.heading(3)),
                grid_run(style.heading(4)),
            ],
            table_run: role_run(&style.table).run_property,
        }
    }

    /// Run properties of a heading level; other levels read as body text (as `Style::heading`).
    pub(super) fn heading_run(&self, level: u8) -> &RunProperty {
        match level {
            1..=4 => &self.heading_runs[usize::from(level - 1)],
            _ => &self.body_run,
        }
    }
}

/// An empty run in a font role.
pub(super) fn role_run(role: &FontRole) -> DRun {
    let r = DRun::new().fonts(fonts(role)).size(half_points(role.size_pt));
    if role.bold { r.bold() } else { r }
}

/// A run with prepared properties and the text made safe for XML.
pub(super) fn text_run(props: &RunProperty, text: &str) -> DRun {
    add_text(DRun { run_property: props.clone(), children: Vec::new() }, text)
}

pub(super) fn push_run(p: &mut DParagraph, r: DRun) {
    p.children.push(ParagraphChild::Run(Box::new(r)));
}
