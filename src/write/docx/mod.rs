//! DOCX writer: one [`Document`] laid out per GB/T 9704 with the locality's [`Style`].
//!
//! Built with docx-rs. Three things docx-rs 0.4.22 cannot express are added to the finished XML
//! parts: `w:tblHeader` on header rows, `w:lang` in the document defaults, and the core document
//! properties (title, author, language, creation date). Everything else (fonts in both the ASCII
//! and East Asian slots, exact 28.95 pt line pitch, explicit grid and cell widths, merged cells,
//! odd/even page number footers) is expressed through docx-rs itself.
//!
//! The same document and setup give the same bytes: paragraph ids count up, and the only date (core
//! properties and ZIP entry times) is the [`Setup`]'s, never the clock.

use std::io::Cursor;

mod order;

use docx_rs::{
    AlignmentType, BreakType, DocumentChild, Docx, FieldCharType, Footer, InstrPAGE, InstrText, LineSpacing,
    LineSpacingType, PageMargin, Paragraph as DParagraph, ParagraphChild, ParagraphProperty, Run as DRun,
    RunFonts, RunProperty, SpecialIndentType, Style as DStyle, StyleType, Table as DTable,
    TableAlignmentType, TableBorder, TableBorderPosition, TableBorders, TableCell as DCell, TableCellMargins,
    TableLayoutType, TableRow, VAlignType, VMergeType, WidthType,
};

use crate::doc::{Block, Cell, CellRole, DRAFT_MARK, Document, Paragraph, Slot, Table, TableKind};
use crate::style::{FontKind, FontRole, PageNumberPosition, Style, mm_to_twips};
use crate::write::{Output, Setup, Stamp, WriteError, Writer};

/// Errors while writing a DOCX file.
#[derive(Debug, thiserror::Error)]
pub enum DocxError {
    /// A table's relative column widths cannot be scaled to the text width.
    #[error("表格“{table}”的列宽无效：需要至少一列，且每列宽度为大于 0 的有限数")]
    InvalidWidths { table: &'static str },
    /// The page geometry leaves no room for text.
    #[error("版面设置无效：页面宽 {width_mm} mm、左右边距 {left_mm} mm 与 {right_mm} mm 之后没有正文宽度")]
    NoTextWidth { width_mm: f32, left_mm: f32, right_mm: f32 },
    /// docx-rs produced XML this writer could not post-process (a bug, not a data problem).
    #[error("DOCX 内部结构异常：{0}")]
    Internal(String),
    /// Writing the ZIP container failed.
    #[error("DOCX 打包失败：{0}")]
    Pack(String),
}

/// Style ids. Names are Word's built-in English names, which Word and WPS show localised
/// (“正文”, “标题 1” …) and treat as the built-in styles (navigation pane, outline view).
const NORMAL: &str = "Normal";
const TITLE: &str = "Title";
const TABLE_TEXT: &str = "TableText";
const DRAFT: &str = "DraftMark";

fn heading_style_id(level: u8) -> String {
    format!("Heading{}", level.clamp(1, 4))
}

/// DOCX (Office Open XML), for Word, WPS and LibreOffice.
#[derive(Debug, Clone, Copy, Default)]
pub struct DocxWriter;

impl Writer for DocxWriter {
    fn write(&self, doc: &Document, setup: &Setup<'_>) -> Result<Output, WriteError> {
        let bytes = render(doc, setup)?;
        Ok(Output { bytes, notices: setup.date_notice.iter().cloned().collect() })
    }
}

fn render(doc: &Document, setup: &Setup<'_>) -> Result<Vec<u8>, DocxError> {
    let style = setup.style;
    let geo = Geometry::new(setup)?;
    let mut ids = ParaIds::default();
    let mut docx = Docx::new()
        .page_size(
            mm_to_twips(style.page.width_mm).max(1) as u32,
            mm_to_twips(style.page.height_mm).max(1) as u32,
        )
        .page_margin(geo.page_margin(style))
        .default_fonts(fonts(&style.body))
        .default_size(half_points(style.body.size_pt))
        .default_tab_stop(geo.body_char as usize);
    for s in styles(style, &geo) {
        docx = docx.add_style(s);
    }
    docx = add_footers(docx, style, &mut ids);
    let kit = Kit::new(style, &geo);

    // Blocks go straight into the body: `Docx::add_paragraph` would move the whole package
    // struct for every paragraph.
    let body = &mut docx.document.children;
    let para = |p: DParagraph| DocumentChild::Paragraph(Box::new(p));
    let mut header_rows = Vec::new();
    if doc.meta.draft {
        body.push(para(draft_mark(style, &geo, &mut ids)));
    }
    for block in &doc.blocks {
        match block {
            Block::Title(lines) => body.push(para(title(lines, style, &geo, &mut ids))),
            Block::Heading { level, text } => body.push(para(heading(*level, text, &kit, &mut ids))),
            Block::Paragraph(p) => body.push(para(paragraph(p, &kit, &mut ids))),
            Block::Table(t) => {
                body.push(DocumentChild::Table(Box::new(table(t, &kit, &geo, &mut ids)?)));
                header_rows.push(t.header_rows.min(t.rows.len()));
            }
            Block::Signature { unit, date } => {
                let (u, d) = signature(unit, date, &kit, &geo, &mut ids);
                body.push(para(u));
                body.push(para(d));
            }
        }
    }

    let mut xml = docx.build();
    xml.document = mark_header_rows(&xml.document, &header_rows)?;
    xml.styles = fix_styles(&xml.styles, &doc.meta.language)?;
    // Children of property elements in schema order, in every part that has them.
    let ordered = |part: &[u8]| order::schema_order(part).map_err(DocxError::Internal);
    xml.document = ordered(&xml.document)?;
    xml.styles = ordered(&xml.styles)?;
    xml.numberings = ordered(&xml.numberings)?;
    for footer in &mut xml.footers {
        *footer = ordered(footer)?;
    }
    xml.doc_props.core = core_properties(doc, setup.date);
    xml.font_table = font_table(style);
    pack(xml, setup.date).map_err(|e| DocxError::Pack(e.to_string()))
}

/// Parts smaller than this (bytes) are stored uncompressed.
const SMALL_PART: usize = 2048;

/// Zips the parts with Deflate. docx-rs's own packer stores them uncompressed: a report would be
/// ~200 KB instead of ~30 KB, and writing many reports would be bound by disk writes. Entries carry
/// `date`, or [`Stamp::FIXED`] without one (zip's own default is the clock when its `time` feature
/// is on).
fn pack(xml: docx_rs::XMLDocx, date: Option<Stamp>) -> zip::result::ZipResult<Vec<u8>> {
    use std::io::Write;
    use zip::write::SimpleFileOptions;

    let d = date.unwrap_or(Stamp::FIXED);
    let time = zip::DateTime::from_date_and_time(d.year, d.month, d.day, d.hour, d.minute, d.second)
        .unwrap_or(zip::DateTime::DEFAULT);
    let mut zip = zip::ZipWriter::new(Cursor::new(Vec::with_capacity(48 * 1024)));
    let deflated = SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated)
        .compression_level(Some(1))
        .last_modified_time(time);
    let stored = SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Stored)
        .last_modified_time(time);
    let part = |zip: &mut zip::ZipWriter<_>, name: &str, bytes: &[u8]| {
        // Small parts are stored: a deflate stream costs more to set up than it saves on them.
        zip.start_file(name, if bytes.len() < SMALL_PART { stored } else { deflated })?;
        zip.write_all(bytes)?;
        Ok::<(), zip::result::ZipError>(())
    };
    part(&mut zip, "[Content_Types].xml", &xml.content_type)?;
    part(&mut zip, "_rels/.rels", &xml.rels)?;
    part(&mut zip, "docProps/app.xml", &xml.doc_props.app)?;
    part(&mut zip, "docProps/core.xml", &xml.doc_props.core)?;
    part(&mut zip, "docProps/custom.xml", &xml.doc_props.custom)?;
    part(&mut zip, "word/_rels/document.xml.rels", &xml.document_rels)?;
    part(&mut zip, "word/document.xml", &xml.document)?;
    part(&mut zip, "word/styles.xml", &xml.styles)?;
    part(&mut zip, "word/settings.xml", &xml.settings)?;
    part(&mut zip, "word/fontTable.xml", &xml.font_table)?;
    part(&mut zip, "word/comments.xml", &xml.comments)?;
    part(&mut zip, "word/numbering.xml", &xml.numberings)?;
    part(&mut zip, "word/commentsExtended.xml", &xml.comments_extended)?;
    part(&mut zip, "word/footnotes.xml", &xml.footnotes)?;
    for (i, f) in xml.footers.iter().enumerate() {
        part(&mut zip, &format!("word/footer{}.xml", i + 1), f)?;
        if let Some(rels) = xml.footer_rels.get(i) {
            part(&mut zip, &format!("word/_rels/footer{}.xml.rels", i + 1), rels)?;
        }
    }
    // This writer adds no headers, images, task panes or custom XML; the content types and
    // relationships docx-rs wrote refer to none of them.
    if !xml.headers.is_empty()
        || !xml.media.is_empty()
        || xml.taskpanes.is_some()
        || !xml.custom_items.is_empty()
    {
        return Err(zip::result::ZipError::Io(std::io::Error::other("unexpected package part")));
    }
    Ok(zip.finish()?.into_inner())
}

/// The page [`crate::style::Geometry`] in twips, as DOCX measures.
struct Geometry {
    text_width: i32,
    /// One character of body text (signature offsets).
    body_char: i32,
    /// The fixed line pitch of body text and headings.
    pitch: i32,
    /// Character spacing of body text and headings (≤ 0) so whole characters fill the line.
    tracking: i32,
    /// First-line indent of body paragraphs and headings.
    indent: i32,
}

impl Geometry {
    fn new(setup: &Setup<'_>) -> Result<Self, DocxError> {
        let g = &setup.geometry;
        let text_width = pt_to_twips(g.text_width_pt);
        if text_width <= 0 {
            let page = &setup.style.page;
            return Err(DocxError::NoTextWidth {
                width_mm: page.width_mm,
                left_mm: page.margin_left_mm,
                right_mm: page.margin_right_mm,
            });
        }
        // Word and LibreOffice both honour character spacing, unlike a `linesAndChars` document
        // grid, which LibreOffice reads differently from Word.
        Ok(Geometry {
            text_width,
            body_char: pt_to_twips(g.body_size_pt),
            pitch: pt_to_twips(g.pitch_pt).max(1),
            tracking: pt_to_twips(g.tracking_pt),
            indent: pt_to_twips(g.indent_pt),
        })
    }

    fn page_margin(&self, style: &Style) -> PageMargin {
        let p = &style.page;
        let bottom = mm_to_twips(p.margin_bottom_mm);
        // The number's line box starts `below_text_mm` under the text block; Word measures the
        // footer distance from the page edge to the bottom of the footer.
        let number_line = pt_to_twips(style.page_number.font.size_pt);
        let footer = (bottom - mm_to_twips(style.page_number.below_text_mm) - number_line).max(0);
        PageMargin {
            top: mm_to_twips(p.margin_top_mm),
            left: mm_to_twips(p.margin_left_mm),
            bottom,
            right: mm_to_twips(p.margin_right_mm),
            header: mm_to_twips(15.0).min(mm_to_twips(p.margin_top_mm)),
            footer,
            gutter: 0,
        }
    }

    fn exact_pitch(&self) -> LineSpacing {
        LineSpacing::new().line_rule(LineSpacingType::Exact).line(self.pitch).before(0).after(0)
    }
}

fn pt_to_twips(pt: f32) -> i32 {
    let t = (pt * 20.0).round();
    if t.is_finite() { t as i32 } else { 0 }
}

/// Font sizes in DOCX are half-points.
fn half_points(pt: f32) -> usize {
    let h = (pt * 2.0).round();
    if h.is_finite() && h >= 1.0 { h as usize } else { 1 }
}

/// Word and WPS take the first family; they substitute on their own when it is missing.
fn family(role: &FontRole) -> &str {
    role.fonts.first().map(String::as_str).unwrap_or("")
}

fn fonts(role: &FontRole) -> RunFonts {
    let f = family(role);
    RunFonts::new().ascii(f).hi_ansi(f).east_asia(f).cs(f)
}

/// A run in a font role, with the text made safe for XML.
fn run(role: &FontRole, text: &str) -> DRun {
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
            let clean: String = piece.chars().filter(|&c| super::xml_char(c)).collect();
            if !clean.is_empty() {
                r = r.add_text(clean);
            }
        }
    }
    r
}

/// Sequential paragraph ids, so the same document always gives the same bytes.
#[derive(Default)]
struct ParaIds(u32);

impl ParaIds {
    fn id(&mut self) -> String {
        self.0 += 1;
        format!("{:08X}", self.0)
    }

    fn next(&mut self) -> DParagraph {
        DParagraph::new().id(self.id())
    }

    /// A paragraph with a prepared property set (see [`Kit`]).
    fn with(&mut self, property: &ParagraphProperty) -> DParagraph {
        DParagraph { id: self.id(), children: Vec::new(), property: property.clone(), has_numbering: false }
    }
}

/// Paragraph and run properties of the frequent kinds, built once per document and cloned:
/// docx-rs builders move their ~2.4 KB paragraph struct on every call, which made up most of the
/// writing time of a report.
struct Kit {
    body: ParagraphProperty,
    headings: [ParagraphProperty; 4],
    /// Table paragraphs: [left, centred] × [split allowed, keep with next].
    cells: [[ParagraphProperty; 2]; 2],
    body_run: RunProperty,
    heading_runs: [RunProperty; 4],
    table_run: RunProperty,
}

impl Kit {
    fn new(style: &Style, geo: &Geometry) -> Self {
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
    fn heading_run(&self, level: u8) -> &RunProperty {
        match level {
            1..=4 => &self.heading_runs[usize::from(level - 1)],
            _ => &self.body_run,
        }
    }
}

/// An empty run in a font role.
fn role_run(role: &FontRole) -> DRun {
    let r = DRun::new().fonts(fonts(role)).size(half_points(role.size_pt));
    if role.bold { r.bold() } else { r }
}

/// A run with prepared properties and the text made safe for XML.
fn text_run(props: &RunProperty, text: &str) -> DRun {
    add_text(DRun { run_property: props.clone(), children: Vec::new() }, text)
}

fn push_run(p: &mut DParagraph, r: DRun) {
    p.children.push(ParagraphChild::Run(Box::new(r)));
}

fn styles(style: &Style, geo: &Geometry) -> Vec<DStyle> {
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
fn title_spacing(style: &Style, geo: &Geometry) -> LineSpacing {
    // A title larger than the pitch would be clipped under an exact rule: use at-least then.
    let rule = if pt_to_twips(style.title.size_pt) > geo.pitch {
        LineSpacingType::AtLeast
    } else {
        LineSpacingType::Exact
    };
    LineSpacing::new().line_rule(rule).line(geo.pitch).before(0).after(geo.pitch.max(0) as u32)
}

/// Table text: single spacing, no space around paragraphs.
fn table_spacing() -> LineSpacing {
    LineSpacing::new().line_rule(LineSpacingType::Auto).line(240).before(0).after(0)
}

fn draft_mark(style: &Style, geo: &Geometry, ids: &mut ParaIds) -> DParagraph {
    let role = FontRole { bold: true, ..style.h1.clone() };
    ids.next()
        .style(DRAFT)
        .align(AlignmentType::Center)
        .indent(Some(0), Some(SpecialIndentType::FirstLine(0)), Some(0), None)
        .line_spacing(geo.exact_pitch())
        .widow_control(false)
        .add_run(run(&role, DRAFT_MARK).color("FF0000"))
}

fn title(lines: &[String], style: &Style, geo: &Geometry, ids: &mut ParaIds) -> DParagraph {
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

fn heading(level: u8, text: &str, kit: &Kit, ids: &mut ParaIds) -> DParagraph {
    let mut p = ids.with(&kit.headings[usize::from(level.clamp(1, 4) - 1)]);
    push_run(&mut p, text_run(kit.heading_run(level), text));
    p
}

/// A body paragraph; run-in headings take their level's font, condensed like the body.
fn paragraph(para: &Paragraph, kit: &Kit, ids: &mut ParaIds) -> DParagraph {
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
fn signature(
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

fn table_name(kind: TableKind) -> &'static str {
    match kind {
        TableKind::Proactive => "主动公开政府信息情况",
        TableKind::Requests => "收到和处理政府信息公开申请情况",
        TableKind::Appeals => "政府信息公开行政复议、行政诉讼情况",
    }
}

/// Scales relative widths to whole twips summing exactly to `total`.
fn grid_widths(t: &Table, total: i32) -> Result<Vec<i32>, DocxError> {
    let sum: f32 = t.widths.iter().sum();
    if t.widths.is_empty()
        || !sum.is_finite()
        || sum <= 0.0
        || t.widths.iter().any(|w| !w.is_finite() || *w <= 0.0)
    {
        return Err(DocxError::InvalidWidths { table: table_name(t.kind) });
    }
    let mut out: Vec<i32> = t.widths.iter().map(|w| ((w / sum) * total as f32).floor() as i32).collect();
    // Hand the rounding remainder to the widest columns first.
    let rest = total - out.iter().sum::<i32>();
    let mut order: Vec<usize> = (0..out.len()).collect();
    order.sort_by(|&a, &b| t.widths[b].total_cmp(&t.widths[a]));
    for &i in order.iter().cycle().take(rest.max(0) as usize) {
        out[i] += 1;
    }
    Ok(out)
}

/// Cell padding left/right: about 1 mm, less in very narrow columns so 5-digit figures fit.
fn cell_padding(grid: &[i32]) -> usize {
    let narrowest = grid.iter().copied().min().unwrap_or(0);
    if narrowest < mm_to_twips(12.0) { 40 } else { 57 }
}

fn table(t: &Table, kit: &Kit, geo: &Geometry, ids: &mut ParaIds) -> Result<DTable, DocxError> {
    let grid = grid_widths(t, geo.text_width)?;
    let slots = t.grid();
    let border = |pos| TableBorder::new(pos).size(4).color("000000");
    let borders = TableBorders::new()
        .set(border(TableBorderPosition::Top))
        .set(border(TableBorderPosition::Left))
        .set(border(TableBorderPosition::Bottom))
        .set(border(TableBorderPosition::Right))
        .set(border(TableBorderPosition::InsideH))
        .set(border(TableBorderPosition::InsideV));
    let pad = cell_padding(&grid);

    let mut rows = Vec::with_capacity(slots.len());
    for (r, row) in slots.iter().enumerate() {
        // Keep each row with the next: a table that fits on a page is not split, and a long one
        // never leaves its heading, a caption or a header row alone at the foot of a page.
        let keep = r + 1 < slots.len();
        let mut cells = Vec::new();
        let mut c = 0;
        while c < row.len() {
            match row[c] {
                Slot::Origin(cell) => {
                    let span = cell.colspan.clamp(1, row.len() - c);
                    let mut tc = table_cell(cell, kit, &grid[c..c + span], keep, ids);
                    if cell.rowspan > 1 && r + 1 < slots.len() {
                        tc = tc.vertical_merge(VMergeType::Restart);
                    }
                    cells.push(tc);
                    c += span;
                }
                Slot::Covered { row: or, col: oc } if or < r && oc == c => {
                    // Continuation of a cell merged from a row above: same column span.
                    let span = match slots[or][oc] {
                        Slot::Origin(cell) => cell.colspan.clamp(1, row.len() - c),
                        _ => 1,
                    };
                    let p = ids.with(&kit.cells[1][usize::from(keep)]);
                    cells.push(
                        DCell::new()
                            .width(grid[c..c + span].iter().sum::<i32>() as usize, WidthType::Dxa)
                            .grid_span_if(span)
                            .vertical_merge(VMergeType::Continue)
                            .vertical_align(VAlignType::Center)
                            .add_paragraph(p),
                    );
                    c += span;
                }
                Slot::Covered { .. } => c += 1,
                Slot::Empty => {
                    let p = ids.with(&kit.cells[1][usize::from(keep)]);
                    cells.push(DCell::new().width(grid[c] as usize, WidthType::Dxa).add_paragraph(p));
                    c += 1;
                }
            }
        }
        rows.push(TableRow::new(cells).cant_split());
    }

    Ok(DTable::new(rows)
        .set_grid(grid.iter().map(|w| *w as usize).collect())
        .width(geo.text_width as usize, WidthType::Dxa)
        .layout(TableLayoutType::Fixed)
        .align(TableAlignmentType::Center)
        .set_borders(borders)
        .margins(TableCellMargins::new().margin(0, pad, 0, pad)))
}

trait GridSpanIf {
    fn grid_span_if(self, span: usize) -> Self;
}

impl GridSpanIf for DCell {
    fn grid_span_if(self, span: usize) -> Self {
        if span > 1 { self.grid_span(span) } else { self }
    }
}

fn table_cell(cell: &Cell, kit: &Kit, widths: &[i32], keep: bool, ids: &mut ParaIds) -> DCell {
    let centred = !matches!(cell.role, CellRole::Label);
    let mut p = ids.with(&kit.cells[usize::from(centred)][usize::from(keep)]);
    push_run(&mut p, text_run(&kit.table_run, &cell.text));
    DCell::new()
        .width(widths.iter().sum::<i32>() as usize, WidthType::Dxa)
        .grid_span_if(widths.len())
        .vertical_align(VAlignType::Center)
        .add_paragraph(p)
}

/// Page numbers “— N —” in the page-number role: odd pages right and even pages left, one
/// character in (GB/T 9704 §7.5), or centred on every page.
fn add_footers(docx: Docx, style: &Style, ids: &mut ParaIds) -> Docx {
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

/// Adds `w:tblHeader` to the first `header_rows[i]` rows of the i-th table (docx-rs has no API for
/// it). Every row this writer emits carries exactly one `<w:cantSplit />`, and user text is
/// escaped, so the marker only matches row properties.
fn mark_header_rows(xml: &[u8], header_rows: &[usize]) -> Result<Vec<u8>, DocxError> {
    const TBL: &str = "<w:tbl>";
    const CANT_SPLIT: &str = "<w:cantSplit />";
    let text = std::str::from_utf8(xml).map_err(|e| DocxError::Internal(e.to_string()))?;
    let mut out = String::with_capacity(text.len() + header_rows.iter().sum::<usize>() * 16);
    let mut rest = text;
    for &n in header_rows {
        let start = rest
            .find(TBL)
            .ok_or_else(|| DocxError::Internal("document.xml 中表格数量与文档模型不符".into()))?;
        out.push_str(&rest[..start]);
        rest = &rest[start..];
        for _ in 0..n {
            let at = rest
                .find(CANT_SPLIT)
                .ok_or_else(|| DocxError::Internal("表格行缺少 cantSplit 标记".into()))?;
            let end = at + CANT_SPLIT.len();
            out.push_str(&rest[..end]);
            out.push_str("<w:tblHeader />");
            rest = &rest[end..];
        }
        // Skip to the end of this table so the next search starts after it.
        let close =
            rest.find("</w:tbl>").ok_or_else(|| DocxError::Internal("document.xml 中表格未闭合".into()))?
                + "</w:tbl>".len();
        out.push_str(&rest[..close]);
        rest = &rest[close..];
    }
    out.push_str(rest);
    Ok(out.into_bytes())
}

/// Finishes styles.xml: docx-rs always writes an empty `Normal` style before ours, which would
/// leave two styles with one id; drop it and mark ours as the default paragraph style. Then
/// declare the text language in the document defaults so Word and WPS use East Asian typography
/// rules and proofing language.
fn fix_styles(xml: &[u8], language: &str) -> Result<Vec<u8>, DocxError> {
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
fn font_table(style: &Style) -> Vec<u8> {
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

/// docProps/core.xml with title, author, language and, when there is one, the creation date
/// (docx-rs keeps these fields private, and would write the clock's time).
fn core_properties(doc: &Document, date: Option<Stamp>) -> Vec<u8> {
    let m = &doc.meta;
    let lang = if m.language.trim().is_empty() { "zh-CN" } else { m.language.trim() };
    let dates = date.map_or(String::new(), |d| {
        let at = d.iso();
        format!(
            concat!(
                r#"<dcterms:created xsi:type="dcterms:W3CDTF">{at}</dcterms:created>"#,
                r#"<dcterms:modified xsi:type="dcterms:W3CDTF">{at}</dcterms:modified>"#
            ),
            at = at
        )
    });
    format!(
        concat!(
            r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>"#,
            r#"<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" "#,
            r#"xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/" "#,
            r#"xmlns:dcmitype="http://purl.org/dc/dcmitype/" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">"#,
            "<dc:title>{title}</dc:title><dc:creator>{author}</dc:creator>",
            "<cp:lastModifiedBy>{author}</cp:lastModifiedBy><dc:language>{lang}</dc:language>",
            "<cp:revision>1</cp:revision>{dates}</cp:coreProperties>"
        ),
        dates = dates,
        title = xml_attr(&m.title),
        author = xml_attr(&m.author),
        lang = xml_attr(lang),
    )
    .into_bytes()
}

/// Escapes text for XML content and attribute values, dropping characters XML cannot carry.
fn xml_attr(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    super::escape_xml(&s.replace(['\n', '\t'], " "), &mut out);
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::doc::{Cell, CellRole};

    fn t(widths: Vec<f32>) -> Table {
        Table {
            kind: TableKind::Appeals,
            widths,
            header_rows: 0,
            rows: vec![vec![Cell::new("x", CellRole::Number)]],
        }
    }

    #[test]
    fn grid_widths_sum_to_text_width() {
        let g = grid_widths(&t(vec![1.0, 2.0, 3.0, 1.0, 1.0, 1.0, 1.0]), 8844).unwrap();
        assert_eq!(g.iter().sum::<i32>(), 8844);
        assert!(g[2] > g[1] && g[1] > g[0]);
    }

    #[test]
    fn bad_widths_are_an_error_not_a_panic() {
        for w in [vec![], vec![0.0], vec![1.0, f32::NAN], vec![-1.0, 2.0], vec![f32::INFINITY]] {
            assert!(matches!(grid_widths(&t(w), 8844), Err(DocxError::InvalidWidths { .. })));
        }
    }

    #[test]
    fn header_rows_marked_per_table() {
        let xml = b"<w:body><w:tbl><w:tr><w:trPr><w:cantSplit /></w:trPr></w:tr><w:tr><w:trPr><w:cantSplit /></w:trPr></w:tr></w:tbl><w:tbl><w:tr><w:trPr><w:cantSplit /></w:trPr></w:tr></w:tbl></w:body>";
        let out = String::from_utf8(mark_header_rows(xml, &[1, 1]).unwrap()).unwrap();
        assert_eq!(out.matches("<w:tblHeader />").count(), 2);
        assert!(out.starts_with("<w:body><w:tbl><w:tr><w:trPr><w:cantSplit /><w:tblHeader />"));
        assert!(mark_header_rows(xml, &[1, 1, 1]).is_err());
    }

    #[test]
    fn signature_date_starts_two_characters_right_of_unit() {
        assert_eq!(width_in_chars("2024年1月16日"), 7.75);
        assert_eq!(width_in_chars("某某市某某区人民政府办公室"), 13.0);
    }
}
