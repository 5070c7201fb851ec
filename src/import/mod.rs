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
pub mod pdf;
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
    /// A filled-in workbook (`xxgk init --xlsx`), read by its defined names.
    Workbook,
}

impl Form {
    /// The form's name as the user knows it.
    pub fn name(self) -> &'static str {
        match self {
            Form::Html => "HTML 网页",
            Form::Pdf => "PDF",
            Form::Docx => "Word 文档（DOCX）",
            Form::Text => "纯文本",
            Form::Workbook => "Excel 填报表",
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
    #[error(transparent)]
    Pdf(#[from] pdf::PdfError),
    #[error(transparent)]
    Workbook(#[from] crate::xlsx::ReadError),
    /// A workbook whose cells have errors: the first of them, each at its cell.
    #[error("填报表有错误，未导入（用 xxgk check 查看全部）：{0}")]
    WorkbookCells(String),
    #[error("无法读取 Word 文档：{0}")]
    Docx(String),
    #[error("不是可以导入的文件：只能导入网页（HTML）、PDF、Word（DOCX）或纯文本格式的年度报告")]
    NotText,
    #[error("不是政府信息公开工作年度报告：没有找到报告标题、“一、总体情况”等部分和统计表")]
    NotReport,
    #[error(
        "没有找到报告标题（应为“××××年……政府信息公开……年度报告”），无法确定机关和年度：请在文本开头补上标题后再导入"
    )]
    NoTitle,
    #[error("没有找到报告的统计表（主动公开、依申请公开、复议诉讼三张表）")]
    NoTables,
}

/// The form of a file by its content.
pub fn form_of(bytes: &[u8]) -> Option<Form> {
    if crate::xlsx::is_workbook(bytes) {
        return Some(Form::Workbook);
    }
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

/// Reads a file's bytes into blocks by its form.
pub fn read(bytes: &[u8]) -> Result<(Form, blocks::Blocks), ImportError> {
    match form_of(bytes) {
        Some(Form::Html) => Ok((Form::Html, html::read(bytes))),
        Some(Form::Pdf) => Ok((Form::Pdf, pdf::read(bytes)?)),
        Some(Form::Docx) => docx::read(bytes).map(|b| (Form::Docx, b)),
        Some(Form::Text) => Ok((Form::Text, text::read(bytes))),
        // A workbook is read cell by cell, not as blocks (see `import`).
        Some(Form::Workbook) | None => Err(ImportError::NotText),
    }
}

/// Imports one file's bytes.
pub fn import(bytes: &[u8]) -> Result<(Form, Imported), ImportError> {
    match form_of(bytes) {
        Some(Form::Workbook) => return workbook(bytes).map(|i| (Form::Workbook, i)),
        Some(Form::Pdf) => return pdf_report(bytes).map(|i| (Form::Pdf, i)),
        _ => {}
    }
    let (form, blocks) = read(bytes)?;
    interpret::interpret(&blocks).map(|i| (form, i))
}

/// A workbook: its cells are found by their defined names and checked against their labels; its
/// totals are recomputed. Its problems are located at cells, so it has nothing to note per value.
fn workbook(bytes: &[u8]) -> Result<Imported, ImportError> {
    let wb = crate::xlsx::read(bytes)?;
    match wb.report {
        Some(report) if !crate::diag::has_errors(&wb.findings) => Ok(Imported {
            report,
            notes: Vec::new(),
            counts: Counts { read: wb.cells.len(), ..Counts::default() },
            intro: Vec::new(),
        }),
        _ => {
            let errors: Vec<String> = wb
                .findings
                .iter()
                .filter(|f| f.severity == crate::diag::Severity::Error)
                .take(3)
                .map(|f| match &f.cell {
                    Some(cell) => format!("{cell}：{}", f.message),
                    None => f.message.clone(),
                })
                .collect();
            Err(ImportError::WorkbookCells(errors.join("；")))
        }
    }
}

/// A PDF's pages, interpreted once, read two ways, the better reading kept and its gaps filled
/// from the other: its ruled tables as drawn, and its page text as laid out through the text
/// reader, which rebuilds rows from lines. Drawn tables lose rows that a page break or a missing
/// rule cuts; the layout text loses columns that are not ruled apart. The reading with fewer
/// missing, then fewer uncertain, values wins (the drawn one on a tie: its cells are matched by
/// column labels).
fn pdf_report(bytes: &[u8]) -> Result<Imported, ImportError> {
    let pages = pdf::Pages::read(bytes)?;
    let drawn = interpret::interpret(&pages.blocks());
    if drawn.as_ref().is_ok_and(|i| i.counts.missing == 0 && i.counts.uncertain == 0) {
        return drawn;
    }
    let text = interpret::interpret(&text::read_str(&pages.layout_text().join("\n")));
    match (drawn, text) {
        (Ok(d), Ok(t)) => {
            let key = |i: &Imported| (i.counts.missing, i.counts.uncertain);
            let (mut best, other) = if key(&t) < key(&d) { (t, d) } else { (d, t) };
            fill_missing(&mut best, &other);
            Ok(best)
        }
        (Ok(d), Err(_)) => Ok(d),
        (Err(_), Ok(t)) => Ok(t),
        (Err(e), Err(_)) => Err(e),
    }
}

/// Fills the values of tables 三 and 四 that `best` could not read with those `other` did read.
/// Both readings find every row and column by its label, so a value either of them read is the
/// original's; a note `other` made on the value comes with it.
fn fill_missing(best: &mut Imported, other: &Imported) {
    use crate::datafile::NoteTable;
    use crate::model::APPEAL_GROUPS;
    let gaps: Vec<Note> = best
        .notes
        .iter()
        .filter(|n| n.missing && matches!(n.table, NoteTable::Requests | NoteTable::Appeals))
        .cloned()
        .collect();
    for gap in gaps {
        let Some(col) = gap.col else { continue };
        let same = |n: &Note| n.table == gap.table && n.row == gap.row && n.col == gap.col;
        if other.notes.iter().any(|n| same(n) && n.missing) {
            continue;
        }
        let group = || APPEAL_GROUPS.iter().position(|(key, _, _)| *key == gap.row);
        let found = match gap.table {
            NoteTable::Requests => {
                other.report.requests.rows.iter().find(|r| r.def.id == gap.row).map(|r| &r.values[..])
            }
            _ => group().map(|g| &other.report.appeals.groups[g].values[..]),
        };
        let Some(value) = found.and_then(|values| values.get(col)).map(|v| v.value) else { continue };
        let target = match gap.table {
            NoteTable::Requests => {
                best.report.requests.rows.iter_mut().find(|r| r.def.id == gap.row).map(|r| &mut r.values[..])
            }
            _ => group().map(|g| &mut best.report.appeals.groups[g].values[..]),
        };
        let Some(slot) = target.and_then(|values| values.get_mut(col)) else { continue };
        slot.value = value;
        best.notes.retain(|n| !same(n));
        let noted: Vec<Note> = other.notes.iter().filter(|n| same(n)).cloned().collect();
        best.counts.missing -= 1;
        if noted.is_empty() {
            best.counts.read += 1;
        } else {
            best.counts.uncertain += 1;
        }
        best.notes.extend(noted);
    }
}
