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
//!
//! Split by part of the job: this module holds the writer, the order of the work and the page
//! geometry in twips; `run` builds runs and paragraph shells, `styles` the named styles, `paragraph`
//! and `table` the content, `package` the finishing of the XML and the ZIP, `order` the schema order
//! of property children.

mod order;
mod package;
mod paragraph;
mod run;
mod styles;
mod table;

use docx_rs::{DocumentChild, Docx, LineSpacing, LineSpacingType, PageMargin, Paragraph as DParagraph};

use crate::doc::{Block, Document};
use crate::style::{Style, mm_to_twips};
use crate::write::{Output, Setup, WriteError, Writer};

use package::{core_properties, mark_header_rows, pack};
use paragraph::{add_footers, draft_mark, heading, paragraph, signature, title};
use run::{Kit, ParaIds, fonts};
use styles::{fix_styles, font_table, styles};
use table::table;

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
