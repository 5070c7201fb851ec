//! `xxgk render`: renders the files, then prints what each one gave.

use super::fonts::FontArgs;
use super::progress::Bar;
use super::{Exit, term};
use clap::ValueEnum;
use std::io::Write;
use std::path::PathBuf;
use xxgk::batch::{FileError, FileReport, RenderRequest};
use xxgk::render::RenderError;
use xxgk::write::pdf::{PdfOptions, PdfStandard};
use xxgk::{Format, Renderer};

#[derive(clap::Args)]
pub struct RenderArgs {
    /// 数据文件
    #[arg(required = true, value_name = "数据文件")]
    files: Vec<PathBuf>,
    /// 输出格式：md、html、docx、typ、pdf（可重复或用逗号分隔，如 -f pdf,docx；默认取 -o 文件的扩展名，否则为 html）
    #[arg(short, long = "format", value_name = "格式", value_delimiter = ',', value_parser = parse_format)]
    formats: Vec<Format>,
    /// 输出目录（默认与数据文件同目录，文件名取报告标题）；也可以是一个文件名（仅生成一个文件时）
    #[arg(short, long, value_name = "目录")]
    output: Option<PathBuf>,
    /// 覆盖已存在的文件，即使它不是 xxgk 生成的或生成后被修改过
    #[arg(long)]
    force: bool,
    /// 地区模板（默认取数据文件中的“地区”，否则为 default）
    #[arg(long, value_name = "地区")]
    locality: Option<String>,
    /// 自定义模板目录（按文件覆盖内置模板，见 xxgk templates export）
    #[arg(long, value_name = "目录")]
    templates: Option<PathBuf>,
    /// 数据未通过校验时仍生成，并在报告上标注“草稿（数据未通过校验）”
    #[arg(long)]
    draft: bool,
    #[command(flatten)]
    fonts: FontArgs,
    /// PDF 标准：a-2b（PDF/A-2b，用于长期归档）
    #[arg(long, value_enum, value_name = "标准")]
    pdf_standard: Option<PdfStandardArg>,
    /// 不显示进度条
    #[arg(short, long)]
    quiet: bool,
    /// 同时生成的文件数（默认等于 CPU 核数）
    #[arg(short = 'j', long = "jobs", value_name = "数量", value_parser = parse_jobs)]
    jobs: Option<usize>,
}

#[derive(Clone, Copy, ValueEnum)]
enum PdfStandardArg {
    #[value(name = "a-2b")]
    A2b,
}

fn parse_format(s: &str) -> Result<Format, String> {
    Format::parse(s).ok_or_else(|| format!("不支持的格式“{s}”：可用 md、html、docx、typ、pdf"))
}

fn parse_jobs(s: &str) -> Result<usize, String> {
    s.trim().parse().ok().filter(|n| *n >= 1).ok_or_else(|| "应为 1 以上的整数".to_string())
}

impl RenderArgs {
    /// The renderer these options ask for, the request, and whether to show progress.
    fn into_parts(self) -> (Result<Renderer, RenderError>, RenderRequest, bool) {
        let pdf = PdfOptions { standard: self.pdf_standard.map(|PdfStandardArg::A2b| PdfStandard::A2b) };
        let renderer = Renderer::with_options(self.templates.as_deref(), self.fonts.options(), pdf);
        let request = RenderRequest {
            files: self.files,
            formats: self.formats,
            output: self.output,
            locality: self.locality,
            draft: self.draft,
            force: self.force,
            jobs: self.jobs,
        };
        (renderer, request, !self.quiet)
    }
}

pub fn run(args: RenderArgs) -> Exit {
    let (renderer, request, show_progress) = args.into_parts();
    let bar = Bar::new(show_progress);
    let files = renderer.and_then(|r| xxgk::render_files(&r, &request, &bar));
    bar.finish();
    let mut err = term::stderr();
    match files {
        Ok(files) => show(&files, &mut err),
        Err(e) => {
            let _ = writeln!(err, "错误：{e}");
            Exit::Usage
        }
    }
}

/// What was found while loading and laying out each file, then each output written or not, then a
/// summary: the order in which the work is done.
fn show(files: &[FileReport], err: &mut impl Write) -> Exit {
    let mut exit = Exit::Ok;
    for file in files {
        let name = file.path.display().to_string();
        let _ = write!(err, "{}", xxgk::diag::render_all(&file.findings, &name, file.source.as_deref()));
        if let Some(e) = &file.error {
            exit = exit.max(Exit::of(e));
            let _ = match e {
                FileError::Unreadable(e) => writeln!(err, "错误：{e}\n"),
                FileError::Invalid => writeln!(err, "“{name}”的数据有错误，未生成报告\n"),
                FileError::FailsChecks => writeln!(
                    err,
                    "“{name}”的数据未通过校验，未生成报告（加 --draft 可生成带“草稿”标记的版本）\n"
                ),
                FileError::Render(e) => writeln!(err, "错误：{e}"),
            };
        }
        // Two outputs with one name, or a file that must not be replaced, are found while planning,
        // before anything is written.
        for output in &file.outputs {
            if let Some(e) = output.error.as_ref().filter(|e| planned(e)) {
                let _ = writeln!(err, "错误：{e}");
                exit = Exit::Usage;
            }
        }
    }
    let mut written = 0;
    for output in files.iter().flat_map(|f| &f.outputs) {
        match &output.error {
            None => {
                written += 1;
                let mark = if output.draft { "（草稿）" } else { "" };
                let _ = writeln!(err, "已生成{mark}：{}", output.path.display());
                for notice in &output.notices {
                    let _ = writeln!(err, "  注意：{notice}");
                }
            }
            Some(e) if planned(e) => {}
            Some(e) => {
                exit = Exit::Usage;
                // A write error names its file already.
                let _ = match e {
                    RenderError::Write { .. } => writeln!(err, "错误：{e}"),
                    _ => writeln!(err, "错误：{}：{e}", output.path.display()),
                };
            }
        }
    }
    let failed = files.iter().filter(|f| f.error.is_some()).count();
    let _ = writeln!(
        err,
        "共 {} 个数据文件：生成 {written} 个文件{}",
        files.len(),
        if failed > 0 { format!("，{failed} 个数据文件未生成") } else { String::new() }
    );
    exit
}

/// An output refused while planning, shown with its data file.
fn planned(e: &RenderError) -> bool {
    matches!(e, RenderError::Collision { .. } | RenderError::Output(_))
}
