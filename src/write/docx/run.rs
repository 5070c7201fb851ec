//! Paragraph and run properties written in schema order (ECMA-376 Part 1, §17.3.1.26 and
//! §17.3.2.28), runs with their text made safe for XML, sequential paragraph ids, and the [`Kit`]
//! of property markup prepared once per document.

use super::xml::{Val, Xml};
use super::{Geometry, NORMAL, TABLE_TEXT, half_points, heading_style_id};
use crate::style::{FontRole, Style};

/// Word and WPS take the first family; they substitute on their own when it is missing.
pub(super) fn family(role: &FontRole) -> &str {
    role.fonts.first().map(String::as_str).unwrap_or("")
}

/// `w:spacing` of a paragraph, in twips; `rule` is `exact`, `atLeast` or `auto`.
#[derive(Clone, Copy)]
pub(super) struct Spacing {
    pub(super) before: i32,
    pub(super) after: i32,
    pub(super) line: i32,
    pub(super) rule: &'static str,
}

/// Paragraph properties this writer uses; [`ParaProps::write`] puts them in schema order.
#[derive(Clone, Copy, Default)]
pub(super) struct ParaProps<'a> {
    pub(super) style: Option<&'a str>,
    pub(super) keep_next: bool,
    /// Writes `widowControl` off: lines fall on the fixed grid, never moved to avoid a widow.
    pub(super) no_widow_control: bool,
    pub(super) spacing: Option<Spacing>,
    /// (left, right, first line) in twips.
    pub(super) indent: Option<(i32, i32, i32)>,
    pub(super) align: Option<&'static str>,
    pub(super) outline: Option<u8>,
}

impl ParaProps<'_> {
    /// `<w:pPr>…</w:pPr>`, with the empty paragraph-mark run properties Word writes too.
    pub(super) fn write(&self, x: &mut Xml) {
        x.open("w:pPr", &[]);
        if let Some(style) = self.style {
            x.val("w:pStyle", style);
        }
        if self.keep_next {
            x.empty("w:keepNext", &[]);
        }
        if self.no_widow_control {
            x.val("w:widowControl", "0");
        }
        if let Some(s) = self.spacing {
            x.empty(
                "w:spacing",
                &[
                    ("w:before", s.before.into()),
                    ("w:after", s.after.into()),
                    ("w:line", s.line.into()),
                    ("w:lineRule", s.rule.into()),
                ],
            );
        }
        if let Some((left, right, first)) = self.indent {
            x.empty(
                "w:ind",
                &[("w:left", left.into()), ("w:right", right.into()), ("w:firstLine", first.into())],
            );
        }
        if let Some(align) = self.align {
            x.val("w:jc", align);
        }
        if let Some(level) = self.outline {
            x.val("w:outlineLvl", level);
        }
        x.empty("w:rPr", &[]).close("w:pPr");
    }

    pub(super) fn markup(&self) -> String {
        let mut x = Xml::with_capacity(320);
        self.write(&mut x);
        x.finish()
    }
}

/// Run properties this writer uses; [`RunProps::write`] puts them in schema order.
#[derive(Clone, Copy, Default)]
pub(super) struct RunProps<'a> {
    /// The family, in the ASCII, high-ANSI, complex-script and East Asian slots alike.
    pub(super) font: Option<&'a str>,
    pub(super) bold: bool,
    pub(super) color: Option<&'static str>,
    /// Character spacing in twips (≤ 0 condenses).
    pub(super) tracking: Option<i32>,
    /// Size in half-points.
    pub(super) size: Option<usize>,
    /// The language of Latin and East Asian text.
    pub(super) lang: Option<&'a str>,
}

impl<'a> RunProps<'a> {
    /// The font and size of a role, bold when the role is.
    pub(super) fn of(role: &'a FontRole) -> Self {
        RunProps {
            font: Some(family(role)),
            bold: role.bold,
            size: Some(half_points(role.size_pt)),
            ..RunProps::default()
        }
    }

    pub(super) fn write(&self, x: &mut Xml) {
        x.open("w:rPr", &[]);
        if let Some(f) = self.font {
            let f = Val::Str(f);
            x.empty("w:rFonts", &[("w:ascii", f), ("w:hAnsi", f), ("w:cs", f), ("w:eastAsia", f)]);
        }
        if self.bold {
            x.empty("w:b", &[]).empty("w:bCs", &[]);
        }
        if let Some(color) = self.color {
            x.val("w:color", color);
        }
        if let Some(t) = self.tracking {
            x.val("w:spacing", t);
        }
        if let Some(size) = self.size {
            x.val("w:sz", size).val("w:szCs", size);
        }
        if let Some(lang) = self.lang {
            x.empty(
                "w:lang",
                &[("w:val", lang.into()), ("w:eastAsia", lang.into()), ("w:bidi", "ar-SA".into())],
            );
        }
        x.close("w:rPr");
    }

    pub(super) fn markup(&self) -> String {
        let mut x = Xml::with_capacity(200);
        self.write(&mut x);
        x.finish()
    }
}

/// Writes a run: prepared properties, then the text. Line breaks and tabs in the text become DOCX
/// breaks and tabs; characters XML 1.0 cannot carry are dropped. `line_break` ends the run with
/// a break (multi-line titles).
pub(super) fn run(x: &mut Xml, props: &str, text: &str, line_break: bool) {
    x.raw("<w:r>").raw(props);
    for (i, line) in text.split('\n').enumerate() {
        if i > 0 {
            x.raw(BREAK);
        }
        for (j, piece) in line.split('\t').enumerate() {
            if j > 0 {
                x.raw("<w:tab />");
            }
            if piece.chars().any(crate::write::xml_char) {
                x.raw(r#"<w:t xml:space="preserve">"#).text(piece).raw("</w:t>");
            }
        }
    }
    if line_break {
        x.raw(BREAK);
    }
    x.raw("</w:r>");
}

const BREAK: &str = r#"<w:br w:type="textWrapping" />"#;

/// Sequential paragraph ids, so the same document always gives the same bytes.
#[derive(Default)]
pub(super) struct ParaIds(u32);

impl ParaIds {
    /// Opens the next paragraph: `<w:p w14:paraId="…">`.
    pub(super) fn open(&mut self, x: &mut Xml) {
        self.0 += 1;
        x.raw(r#"<w:p w14:paraId=""#).fmt(format_args!("{:08X}", self.0)).raw(r#"">"#);
    }
}

/// The exact-pitch spacing of body text and headings, with `before` twips above.
pub(super) fn exact_pitch(geo: &Geometry, before: i32) -> Spacing {
    Spacing { before, after: 0, line: geo.pitch, rule: "exact" }
}

/// Table text: single spacing, no space around paragraphs.
pub(super) const TABLE_SPACING: Spacing = Spacing { before: 0, after: 0, line: 240, rule: "auto" };

/// Property markup of the frequent paragraphs and runs, written once per document and copied.
pub(super) struct Kit {
    pub(super) body: String,
    pub(super) headings: [String; 4],
    /// Table paragraphs: [left, centred] × [split allowed, keep with next].
    pub(super) cells: [[String; 2]; 2],
    pub(super) body_run: String,
    pub(super) heading_runs: [String; 4],
    pub(super) table_run: String,
}

impl Kit {
    pub(super) fn new(style: &Style, geo: &Geometry) -> Self {
        let body = |style_id: &str, keep_next: bool, outline: Option<u8>| {
            ParaProps {
                style: Some(style_id),
                keep_next,
                no_widow_control: true,
                spacing: Some(exact_pitch(geo, 0)),
                indent: Some((0, 0, geo.indent)),
                align: Some("both"),
                outline,
            }
            .markup()
        };
        let heading = |level: u8| body(&heading_style_id(level), true, Some(level - 1));
        let cell = |align: &'static str, keep_next: bool| {
            ParaProps {
                style: Some(TABLE_TEXT),
                keep_next,
                no_widow_control: true,
                spacing: Some(TABLE_SPACING),
                indent: Some((0, 0, 0)),
                align: Some(align),
                outline: None,
            }
            .markup()
        };
        // Body and heading runs are condensed so whole characters fill the line.
        let grid_run = |role: &FontRole| {
            RunProps { tracking: (geo.tracking != 0).then_some(geo.tracking), ..RunProps::of(role) }.markup()
        };
        Kit {
            body: body(NORMAL, false, None),
            headings: [heading(1), heading(2), heading(3), heading(4)],
            cells: [[cell("left", false), cell("left", true)], [cell("center", false), cell("center", true)]],
            body_run: grid_run(&style.body),
            heading_runs: [
                grid_run(style.heading(1)),
                grid_run(style.heading(2)),
                grid_run(style.heading(3)),
                grid_run(style.heading(4)),
            ],
            table_run: RunProps::of(&style.table).markup(),
        }
    }

    /// Run properties of a heading level; other levels read as body text (as `Style::heading`).
    pub(super) fn heading_run(&self, level: u8) -> &str {
        match level {
            1..=4 => &self.heading_runs[usize::from(level - 1)],
            _ => &self.body_run,
        }
    }
}
