//! A published report's PDF read into [`Blocks`]: tables from their ruling lines (merged cells as
//! spans, a table split across pages as one table per page), running text into paragraphs, page
//! numbers and running headers left out. Needs a text layer: a scan gets [`PdfError::NoTextLayer`]
//! (no OCR is done).
//!
//! hayro (pure Rust, already built for typst) parses the file and interprets the content streams;
//! `device` records glyphs and rules, `lines` builds text lines, `grid` the tables, `flow`
//! the reading order and the paragraphs.

mod device;
mod flow;
mod grid;
mod lines;

use std::panic::{AssertUnwindSafe, catch_unwind};
use std::sync::Arc;

use hayro_interpret::{Context, InterpreterCache, InterpreterSettings, interpret_page};
use hayro_syntax::{LoadPdfError, Pdf};

use super::blocks::Blocks;
use device::{PageContent, Recorder};

/// Why a PDF could not be read.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum PdfError {
    #[error("不是 PDF 文件（文件开头没有“%PDF-”标记）")]
    NotPdf,
    #[error("PDF 文件已加密，需要密码才能打开；请先在阅读器中去除密码（另存为不加密的 PDF）后再导入")]
    Encrypted,
    #[error("PDF 文件已损坏，无法读取其结构（{0}）")]
    Damaged(&'static str),
    #[error("PDF 文件没有页面")]
    NoPages,
    #[error(
        "PDF 没有文字层（共 {pages} 页，页面是图片），应是扫描件：xxgk 不做文字识别（OCR），\
         请改用该报告的网页版或 Word 版，或先用 OCR 软件生成带文字层的 PDF"
    )]
    NoTextLayer { pages: usize },
    #[error(
        "PDF 中有 {unknown} 个字（共 {total} 个）的字体编码无法识别，读不出是什么字\
         （字体既无 ToUnicode 映射，也无可用的编码表）；请改用该报告的网页版或 Word 版"
    )]
    UnknownEncoding { unknown: usize, total: usize },
}

/// Above this share of unreadable glyphs the text is not worth interpreting; below it, each
/// unreadable glyph stays in the text as U+FFFD, which the interpretation reports as unreadable.
const MAX_UNKNOWN_SHARE: f64 = 0.02;

/// The report's paragraphs and tables in reading order.
pub fn read(bytes: &[u8]) -> Result<Blocks, PdfError> {
    Ok(Pages::read(bytes)?.blocks())
}

/// The text of every page in reading order (see [`Pages::layout_text`]).
pub fn read_layout_text(bytes: &[u8]) -> Result<Vec<String>, PdfError> {
    Ok(Pages::read(bytes)?.layout_text())
}

/// A PDF's pages as interpreted once (the costly part), to be read as blocks, as layout text or
/// both.
#[derive(Debug)]
pub struct Pages(Vec<PageContent>);

impl Pages {
    /// Every page's glyphs and rules, or why there are none to read.
    pub fn read(bytes: &[u8]) -> Result<Pages, PdfError> {
        pages(bytes).map(Pages)
    }

    /// The report's paragraphs and tables in reading order.
    pub fn blocks(&self) -> Blocks {
        flow::blocks(&self.0)
    }

    /// The text of every page in reading order, one string per line, columns kept apart by spaces
    /// as they stand on the page (like `pdftotext -layout`); pages are separated by a form feed
    /// line (`"\u{c}"`). Page numbers and running headers are left in: this is the page as printed.
    pub fn layout_text(&self) -> Vec<String> {
        let mut out = Vec::new();
        for (i, page) in self.0.iter().enumerate() {
            if i > 0 {
                out.push("\u{c}".to_string());
            }
            out.extend(lines::layout(page));
        }
        out
    }
}

/// Every page's glyphs and rules, or why there are none to read.
fn pages(bytes: &[u8]) -> Result<Vec<PageContent>, PdfError> {
    let head = &bytes[..bytes.len().min(1024)];
    if !head.windows(5).any(|w| w == b"%PDF-") {
        return Err(PdfError::NotPdf);
    }
    // hayro is written not to panic on bad input; a panic inside it is still a damaged file to
    // the user, never a crash of a batch.
    let result = catch_unwind(AssertUnwindSafe(|| interpret(bytes)));
    let pages = result.map_err(|_| PdfError::Damaged("解析时出错"))??;
    if pages.is_empty() {
        return Err(PdfError::NoPages);
    }
    let total: usize = pages.iter().map(|p| p.glyphs.len()).sum();
    let unknown: usize = pages.iter().map(|p| p.unknown).sum();
    let visible = total - unknown;
    // A scanned page: covered by an image, next to no text on it. Most pages so: a scan (a typed
    // cover page on a scanned report does not make it readable).
    let scans = pages.iter().filter(|p| p.image_area > 0.5 && p.glyphs.len() - p.unknown < 20).count();
    if visible == 0 || scans * 2 > pages.len() {
        if unknown > 0 {
            return Err(PdfError::UnknownEncoding { unknown, total });
        }
        return Err(PdfError::NoTextLayer { pages: pages.len() });
    }
    if unknown as f64 > MAX_UNKNOWN_SHARE * total as f64 {
        return Err(PdfError::UnknownEncoding { unknown, total });
    }
    Ok(pages)
}

fn interpret(bytes: &[u8]) -> Result<Vec<PageContent>, PdfError> {
    let pdf = Pdf::new(bytes.to_vec()).map_err(|e| match e {
        LoadPdfError::Decryption(_) => PdfError::Encrypted,
        LoadPdfError::Invalid => PdfError::Damaged("找不到有效的交叉引用表或页面树"),
    })?;
    let settings = InterpreterSettings {
        // Fonts a PDF names without embedding them (STSong-Light and the like): any font will do
        // for reading, since positions come from the PDF's widths and text from its CMaps.
        font_resolver: Arc::new(|_| {
            Some((Arc::new(crate::fonts::EMBEDDED_SANS_DATA) as hayro_interpret::font::FontData, 0))
        }),
        cmap_resolver: Arc::new(hayro_cmap::load_embedded),
        warning_sink: Arc::new(|_| {}),
        render_annotations: false,
    };
    let cache = InterpreterCache::new();
    let mut out = Vec::new();
    for page in pdf.pages().iter() {
        let (w, h) = page.render_dimensions();
        let (w, h) = (f64::from(w), f64::from(h));
        let mut context = Context::new(
            kurbo::Affine::new(page.initial_transform(true).as_coeffs()),
            kurbo::Rect::new(0.0, 0.0, w, h),
            &cache,
            pdf.xref(),
            settings.clone(),
        );
        let mut recorder = Recorder::new(w, h);
        interpret_page(page, &mut context, &mut recorder);
        out.push(recorder.page);
    }
    Ok(out)
}
