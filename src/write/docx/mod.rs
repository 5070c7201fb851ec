//! DOCX writer: one [`Document`] laid out per GB/T 9704 with the locality's [`Style`].
//!
//! Writes WordprocessingML directly, every property element's children in schema order
//! (ECMA-376 Part 1, §17): fonts in both the ASCII and East Asian slots, exact 28.95 pt line pitch,
//! explicit grid and cell widths, merged cells, repeated header rows, odd/even page number
//! footers, the text language and the core document properties. Strict readers (WPS versions,
//! validators, archiving systems) get what the schema prescribes; nothing is parsed back.
//!
//! The same document and setup give the same bytes: paragraph ids count up, and the only date (core
//! properties and ZIP entry times) is the [`Setup`]'s, never the clock.
//!
//! Split by part of the job: this module holds the writer, the order of the work and the page
//! geometry in twips; `xml` the escaping markup writer, `run` properties, runs and paragraph ids,
//! `styles` the parts built from the style alone (styles, fonts, settings), `paragraph` and `table`
//! the content and footers, `package` the content types, relationships, properties and the ZIP.

mod package;
mod paragraph;
mod run;
mod styles;
mod table;
mod xml;

use crate::doc::{Block, Document};
use crate::style::{Style, mm_to_twips};
use crate::write::{Output, Setup, WriteError, Writer};

use package::{
    Part, app_properties, content_types, core_properties, document_rels, numbering, pack, package_rels,
};
use paragraph::{XML_DECLARATION, draft_mark, footers, heading, paragraph, signature, title};
use run::{Kit, ParaIds};
use styles::{font_table, settings, styles};
use table::table;
use xml::Xml;

/// Errors while writing a DOCX file.
#[derive(Debug, thiserror::Error)]
pub enum DocxError {
    /// A table's relative column widths cannot be scaled to the text width.
    #[error("表格“{table}”的列宽无效：需要至少一列，且每列宽度为大于 0 的有限数")]
    InvalidWidths { table: &'static str },
    /// The page geometry leaves no room for text.
    #[error("版面设置无效：页面宽 {width_mm} mm、左右边距 {left_mm} mm 与 {right_mm} mm 之后没有正文宽度")]
    NoTextWidth { width_mm: f32, left_mm: f32, right_mm: f32 },
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
    // Footers first: their paragraphs take the first ids.
    let footers = footers(style, &mut ids);
    let document = document(doc, style, &geo, footers.len(), &mut ids)?;
    let n = footers.len();
    let mut parts: Vec<Part> = vec![
        ("[Content_Types].xml".into(), content_types(n).into_bytes()),
        ("_rels/.rels".into(), package_rels().into_bytes()),
        ("docProps/app.xml".into(), app_properties().into_bytes()),
        ("docProps/core.xml".into(), core_properties(doc, setup.date).into_bytes()),
        ("word/_rels/document.xml.rels".into(), document_rels(n).into_bytes()),
        ("word/document.xml".into(), document.into_bytes()),
        ("word/styles.xml".into(), styles(style, &geo, &doc.meta.language).into_bytes()),
        ("word/settings.xml".into(), settings(style, &geo).into_bytes()),
        ("word/fontTable.xml".into(), font_table(style).into_bytes()),
        ("word/numbering.xml".into(), numbering().into_bytes()),
    ];
    for (i, footer) in footers.into_iter().enumerate() {
        parts.push((format!("word/footer{}.xml", i + 1), footer.into_bytes()));
    }
    pack(&parts, setup.date).map_err(|e| DocxError::Pack(e.to_string()))
}

/// word/document.xml: the blocks in order, then the section (page size, margins, footers).
fn document(
    doc: &Document,
    style: &Style,
    geo: &Geometry,
    footers: usize,
    ids: &mut ParaIds,
) -> Result<String, DocxError> {
    let kit = Kit::new(style, geo);
    let mut x = Xml::with_capacity(32 * 1024 + doc.blocks.len() * 1024);
    x.raw(XML_DECLARATION).raw(DOCUMENT_OPEN).raw("<w:body>");
    if doc.meta.draft {
        draft_mark(&mut x, style, geo, ids);
    }
    for block in &doc.blocks {
        match block {
            Block::Title(lines) => title(&mut x, lines, style, geo, ids),
            Block::Heading { level, text } => heading(&mut x, *level, text, &kit, ids),
            Block::Paragraph(p) => paragraph(&mut x, p, &kit, ids),
            Block::Table(t) => table(&mut x, t, &kit, geo, ids)?,
            Block::Signature { unit, date } => signature(&mut x, unit, date, &kit, geo, ids),
        }
    }
    x.raw("<w:sectPr>");
    x.empty("w:footerReference", &[("w:type", "default".into()), ("r:id", "rIdFooter1".into())]);
    if footers > 1 {
        x.empty("w:footerReference", &[("w:type", "even".into()), ("r:id", "rIdFooter2".into())]);
    }
    let page = &style.page;
    x.empty(
        "w:pgSz",
        &[
            ("w:w", mm_to_twips(page.width_mm).max(1).into()),
            ("w:h", mm_to_twips(page.height_mm).max(1).into()),
        ],
    );
    geo.page_margin(&mut x, style);
    x.empty("w:cols", &[("w:space", 425.into()), ("w:num", 1.into())]);
    x.raw("</w:sectPr></w:body></w:document>");
    Ok(x.finish())
}

const DOCUMENT_OPEN: &str = concat!(
    r#"<w:document xmlns:o="urn:schemas-microsoft-com:office:office" "#,
    r#"xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships" "#,
    r#"xmlns:v="urn:schemas-microsoft-com:vml" "#,
    r#"xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" "#,
    r#"xmlns:w10="urn:schemas-microsoft-com:office:word" "#,
    r#"xmlns:wp="http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing" "#,
    r#"xmlns:wps="http://schemas.microsoft.com/office/word/2010/wordprocessingShape" "#,
    r#"xmlns:wpg="http://schemas.microsoft.com/office/word/2010/wordprocessingGroup" "#,
    r#"xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006" "#,
    r#"xmlns:wp14="http://schemas.microsoft.com/office/word/2010/wordprocessingDrawing" "#,
    r#"xmlns:w14="http://schemas.microsoft.com/office/word/2010/wordml" "#,
    r#"xmlns:w15="http://schemas.microsoft.com/office/word/2012/wordml" mc:Ignorable="w14 wp14">"#
);

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

    /// `<w:pgMar>`: the margins, and the footer distance that puts the page number where
    /// GB/T 9704 wants it.
    fn page_margin(&self, x: &mut Xml, style: &Style) {
        let p = &style.page;
        let bottom = mm_to_twips(p.margin_bottom_mm);
        // The number's line box starts `below_text_mm` under the text block; Word measures the
        // footer distance from the page edge to the bottom of the footer.
        let number_line = pt_to_twips(style.page_number.font.size_pt);
        let footer = (bottom - mm_to_twips(style.page_number.below_text_mm) - number_line).max(0);
        x.empty(
            "w:pgMar",
            &[
                ("w:top", mm_to_twips(p.margin_top_mm).into()),
                ("w:right", mm_to_twips(p.margin_right_mm).into()),
                ("w:bottom", bottom.into()),
                ("w:left", mm_to_twips(p.margin_left_mm).into()),
                ("w:header", mm_to_twips(15.0).min(mm_to_twips(p.margin_top_mm)).into()),
                ("w:footer", footer.into()),
                ("w:gutter", 0.into()),
            ],
        );
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
