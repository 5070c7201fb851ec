//! Published reports back into data files. A reader per input form turns the file into
//! [`blocks::Blocks`] (paragraphs and tables); [`interpret`] finds the report in them; the data file
//! is [`crate::datafile::write_noted`] of the result, every value not read as a plain number marked.
//!
//! The form is told by the content, not the file name: a PDF by its signature, a DOCX by its zip
//! parts, HTML by its markup, anything else that decodes as text is plain text.

pub mod blocks;
pub mod cells;
pub mod decode;
pub mod docx;
pub mod files;
pub mod html;
pub mod interpret;
pub mod tables;
pub mod text;

use crate::datafile::{self, Note};
use crate::model::Report;
use serde::Serialize;

/// The input forms import reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub enum Form {
    Html,
    Pdf,
    Docx,
    Text,
}

impl Form {
    /// The form's name as the user knows it.
    pub fn name(self) -> &'static str {
        match self {
            Form::Html => "HTML 网页",
            Form::Pdf => "PDF",
            Form::Docx => "Word 文档（DOCX）",
            Form::Text => "纯文本",
        }
    }
}

/// How many table values were read as plain numbers, read from something else (noted), and not
/// read at all (left unfilled).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct Counts {
    pub read: usize,
    pub uncertain: usize,
    pub missing: usize,
}

/// A report read from a published document.
#[derive(Debug, Clone)]
pub struct Imported {
    pub report: Report,
    /// Remarks on values, written as comments in the data file.
    pub notes: Vec<Note>,
    pub counts: Counts,
    /// The original's introduction (the paragraphs between the title and section 一).
    pub intro: Vec<String>,
}

impl Imported {
    /// The data file: every value, each note at its line.
    pub fn data_file(&self) -> String {
        datafile::write_noted(&self.report, &self.notes)
    }
}

/// Why a file could not be imported.
#[derive(Debug, thiserror::Error)]
pub enum ImportError {
    #[error(
        "这是 PDF 文件，但本版本尚不能读取 PDF：请用 PDF 阅读器“另存为文本”，或复制全文保存为 .txt 后再导入"
    )]
    PdfUnsupported,
    #[error(
        "PDF 文件没有文字层（可能是扫描件）：xxgk 不做文字识别，请向发布单位索取 Word 或网页版本，或手工录入"
    )]
    Scanned,
    #[error("无法读取 Word 文档：{0}")]
    Docx(String),
    #[error("不是可以导入的文件：只能导入网页（HTML）、PDF、Word（DOCX）或纯文本格式的年度报告")]
    NotText,
    #[error("不是政府信息公开工作年度报告：没有找到报告标题、“一、总体情况”等部分和统计表")]
    NotReport,
    #[error("没有找到报告标题（应为“××××年……政府信息公开……年度报告”），无法确定机关和年度")]
    NoTitle,
    #[error("没有找到报告的统计表（主动公开、依申请公开、复议诉讼三张表）")]
    NoTables,
}

/// The form of a file by its content.
pub fn form_of(bytes: &[u8]) -> Option<Form> {
    let head = &bytes[..bytes.len().min(1024)];
    if head.windows(5).any(|w| w == b"%PDF-") {
        return Some(Form::Pdf);
    }
    if bytes.starts_with(b"PK\x03\x04") {
        return Some(Form::Docx);
    }
    let probe: String = bytes[..bytes.len().min(4096)]
        .iter()
        .map(|b| if b.is_ascii() { b.to_ascii_lowercase() as char } else { ' ' })
        .collect();
    if ["<!doctype html", "<html", "<table", "<body", "<p>", "<p ", "<div", "<meta"]
        .iter()
        .any(|t| probe.contains(t))
    {
        return Some(Form::Html);
    }
    // Text: no NUL, few control characters.
    let controls = head.iter().filter(|b| **b < 0x20 && !matches!(b, b'\n' | b'\r' | b'\t' | 0x0c)).count();
    (controls * 100 <= head.len()).then_some(Form::Text)
}

/// A PDF that shows page images and names no font anywhere in its uncompressed structure: a scan.
/// (Fonts and images can hide in compressed object streams; then this says no and the PDF reader
/// decides.)
fn looks_scanned(bytes: &[u8]) -> bool {
    let has = |needle: &[u8]| bytes.windows(needle.len()).any(|w| w == needle);
    let image = has(b"/Subtype/Image") || has(b"/Subtype /Image");
    image && !has(b"/Font") && !has(b"/ObjStm")
}

/// Reads a file's bytes into blocks by its form.
pub fn read(bytes: &[u8]) -> Result<(Form, blocks::Blocks), ImportError> {
    match form_of(bytes) {
        Some(Form::Html) => Ok((Form::Html, html::read(bytes))),
        Some(Form::Pdf) if looks_scanned(bytes) => Err(ImportError::Scanned),
        Some(Form::Pdf) => Err(ImportError::PdfUnsupported),
        Some(Form::Docx) => docx::read(bytes).map(|b| (Form::Docx, b)),
        Some(Form::Text) => Ok((Form::Text, text::read(bytes))),
        None => Err(ImportError::NotText),
    }
}

/// Imports one file's bytes.
pub fn import(bytes: &[u8]) -> Result<(Form, Imported), ImportError> {
    let (form, blocks) = read(bytes)?;
    interpret::interpret(&blocks).map(|i| (form, i))
}
