//! Writers: one [`Document`] to each output format.
//!
//! Every format is a [`Writer`]: the document and a [`Setup`] (the locality's style, the page
//! geometry computed from it once, the creation date) in, bytes and notices out. A new format is a
//! module here with one `impl Writer`, plus its variant in [`Format`] (names and writer).

pub mod date;
pub mod docx;
pub mod format;
pub mod html;
pub mod markdown;
pub mod pdf;
pub mod typst;

pub use date::{Stamp, creation_date};
pub use docx::DocxWriter;
pub use format::Format;
pub use html::HtmlWriter;
pub use markdown::MarkdownWriter;
pub use pdf::PdfWriter;
pub use typst::TypstWriter;

use crate::doc::Document;
use crate::style::{Geometry, Style};

/// One output format.
pub trait Writer {
    /// Writes `doc` laid out as `setup` says.
    fn write(&self, doc: &Document, setup: &Setup<'_>) -> Result<Output, WriteError>;
}

/// What a writer needs besides the document. The same setup gives the same bytes.
#[derive(Debug, Clone)]
pub struct Setup<'a> {
    /// The locality's page and type style.
    pub style: &'a Style,
    /// Lengths computed from `style`: text width, characters per line, tracking, pitch, indent.
    pub geometry: Geometry,
    /// The creation date DOCX and PDF record; `None` records none (see [`creation_date`]).
    pub date: Option<Stamp>,
    /// Why `SOURCE_DATE_EPOCH` was ignored, told with every output that records a date.
    pub date_notice: Option<String>,
}

impl<'a> Setup<'a> {
    /// `style` and its geometry, without a date.
    pub fn new(style: &'a Style) -> Setup<'a> {
        Setup { style, geometry: Geometry::new(style), date: None, date_notice: None }
    }

    /// `style` and its geometry, dated as [`creation_date`] decides for `doc` with this process's
    /// `SOURCE_DATE_EPOCH`.
    pub fn for_document(style: &'a Style, doc: &Document) -> Setup<'a> {
        let epoch = std::env::var("SOURCE_DATE_EPOCH").ok();
        let (date, date_notice) = creation_date(doc, epoch.as_deref());
        Setup { date, date_notice, ..Setup::new(style) }
    }

    /// This setup with another creation date.
    pub fn with_date(self, date: Option<Stamp>) -> Setup<'a> {
        Setup { date, date_notice: None, ..self }
    }
}

/// The bytes of one output, and what the user should know about them (font substitutions).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Output {
    pub bytes: Vec<u8>,
    pub notices: Vec<String>,
}

impl Output {
    /// Bytes with nothing to tell.
    pub fn plain(bytes: impl Into<Vec<u8>>) -> Output {
        Output { bytes: bytes.into(), notices: Vec::new() }
    }
}

/// Why a writer produced nothing.
#[derive(Debug, thiserror::Error)]
pub enum WriteError {
    #[error("生成 DOCX 失败：{0}")]
    Docx(#[from] docx::DocxError),
    #[error(transparent)]
    Pdf(#[from] pdf::PdfError),
}

/// Whether XML 1.0 allows `c` in a document (tab and newline aside, which callers handle).
pub fn xml_char(c: char) -> bool {
    matches!(c, '\u{20}'..='\u{D7FF}' | '\u{E000}'..='\u{FFFD}' | '\u{10000}'..='\u{10FFFF}')
}

/// Appends `s` escaped for XML and HTML text and attribute values. Tab and newline are kept;
/// other characters XML forbids (control characters) are dropped.
pub fn escape_xml(s: &str, out: &mut String) {
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            '\n' | '\t' => out.push(c),
            c if xml_char(c) => out.push(c),
            _ => {}
        }
    }
}
