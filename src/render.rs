//! The renderer: a report through its locality's template into one [`Document`], and that document
//! into the bytes of each output [`Format`]. Built once, it serves many reports from many threads;
//! [`crate::batch`] drives it over files and writes the outputs.

use std::path::{Path, PathBuf};

use std::sync::OnceLock;

use crate::doc::Document;
use crate::fonts::{FontOptions, FontReport};
use crate::model::Report;
use crate::style::Style;
use crate::template::{DEFAULT_LOCALITY, TemplateError, Templates};
use crate::write;
use crate::write::pdf::{PdfOptions, PdfRenderer};

pub use crate::write::Format;

#[derive(Debug, thiserror::Error)]
pub enum RenderError {
    #[error(transparent)]
    Template(#[from] TemplateError),
    /// A typo in a font folder would silently fall back to other fonts.
    #[error("字体目录“{}”不存在或不是文件夹（--font-dir）", .0.display())]
    FontDir(PathBuf),
    #[error("无法写入 {}：{}", path.display(), crate::diag::io_reason(.source))]
    Write { path: PathBuf, source: std::io::Error },
    #[error("-o {} 是一个文件名，但本次要生成 {count} 个文件；请用 -o 指定目录", path.display())]
    OutputNotDir { path: PathBuf, count: usize },
    #[error("-o {} 是一个已有的文件，不是文件夹；请用 -o 指定文件夹，或写出带扩展名的输出文件名", path.display())]
    OutputIsFile { path: PathBuf },
    #[error("{} 会被生成两次（两个报告的标题相同？）", path.display())]
    Collision { path: PathBuf },
    #[error(transparent)]
    Output(#[from] crate::output::OutputError),
    #[error(transparent)]
    Writer(#[from] write::WriteError),
    #[error("程序内部错误，未生成此文件（其他文件不受影响）；请把数据文件和上面的错误信息报告给维护者")]
    Internal,
}

pub use crate::write::Output;

/// The locality a report renders with: `--locality`, else `地区`, else `default`.
pub fn locality_of<'a>(report: &'a Report, cli: Option<&'a str>) -> &'a str {
    cli.filter(|s| !s.trim().is_empty())
        .or_else(|| report.locality.as_ref().map(|l| l.value.as_str()).filter(|s| !s.trim().is_empty()))
        .unwrap_or(DEFAULT_LOCALITY)
}

/// Templates, fonts and the rendering steps; build once, render many reports (from many threads).
#[derive(Debug)]
pub struct Renderer {
    pub templates: Templates,
    font_options: FontOptions,
    pdf_options: PdfOptions,
    /// Fonts are loaded on the first PDF, once per process.
    pdf: OnceLock<PdfRenderer>,
}

impl Renderer {
    /// Built-in templates, overridden by `templates_dir` when given; default fonts and PDF options.
    pub fn new(templates_dir: Option<&Path>) -> Result<Renderer, RenderError> {
        Renderer::with_options(templates_dir, FontOptions::default(), PdfOptions::default())
    }

    /// Fails when a font folder of `font_options` is missing, or the templates cannot be read.
    pub fn with_options(
        templates_dir: Option<&Path>,
        font_options: FontOptions,
        pdf_options: PdfOptions,
    ) -> Result<Renderer, RenderError> {
        if let Some(dir) = font_options.dirs.iter().find(|d| !d.is_dir()) {
            return Err(RenderError::FontDir(dir.clone()));
        }
        let templates = match templates_dir {
            Some(dir) => Templates::with_user_dir(dir)?,
            None => Templates::builtin()?,
        };
        Ok(Renderer { templates, font_options, pdf_options, pdf: OnceLock::new() })
    }

    /// The PDF compiler with its fonts (loaded on first use).
    pub fn pdf(&self) -> &PdfRenderer {
        self.pdf.get_or_init(|| PdfRenderer::new(&self.font_options))
    }

    /// Which font serves each role (title, headings, body, tables, page numbers) of a locality's
    /// style, and why.
    pub fn font_report(&self, locality: &str) -> Result<FontReport, RenderError> {
        let style = self.templates.style(locality)?;
        Ok(self.pdf().font_report(&style))
    }

    /// The page and type style of the report's locality.
    pub fn style(&self, report: &Report, locality: Option<&str>) -> Result<Style, RenderError> {
        Ok(self.templates.style(locality_of(report, locality))?)
    }

    /// Report → Document through the locality's template.
    pub fn document(
        &self,
        report: &Report,
        locality: Option<&str>,
        draft: bool,
    ) -> Result<Document, RenderError> {
        Ok(self.templates.render(report, locality_of(report, locality), draft)?)
    }

    /// Document → the bytes of one format, laid out on `style`'s geometry and dated as
    /// [`write::creation_date`] decides (`SOURCE_DATE_EPOCH`, else the 落款 date, else none).
    pub fn output(&self, doc: &Document, format: Format, style: &Style) -> Result<Output, RenderError> {
        use write::Writer;
        let pdf;
        let writer: &dyn Writer = match format.writer() {
            Some(writer) => writer,
            None => {
                pdf = self.pdf().writer(&self.pdf_options);
                &pdf
            }
        };
        Ok(writer.write(doc, &write::Setup::for_document(style, doc))?)
    }
}
