//! Rendering orchestration: locality resolution, Report → Document through the locality template,
//! Document → each output format, output naming after the report's title, atomic writes.

use std::io::Write;
use std::path::{Path, PathBuf};

use std::sync::OnceLock;

use crate::doc::Document;
use crate::fonts::FontOptions;
use crate::model::Report;
use crate::style::Style;
use crate::template::{DEFAULT_LOCALITY, TemplateError, Templates};
use crate::write;
use crate::write::pdf::{PdfOptions, PdfRenderer};

/// An output format.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Format {
    Markdown,
    Html,
    Docx,
    Typst,
    Pdf,
}

impl Format {
    /// The file extension (without dot).
    pub fn extension(self) -> &'static str {
        match self {
            Format::Markdown => "md",
            Format::Html => "html",
            Format::Docx => "docx",
            Format::Typst => "typ",
            Format::Pdf => "pdf",
        }
    }

    /// Parses a `-f` value: `md`, `markdown`, `html`, `htm`, `docx`, `typ`, `typst`, `pdf`.
    pub fn parse(s: &str) -> Option<Format> {
        match s.to_ascii_lowercase().as_str() {
            "md" | "markdown" => Some(Format::Markdown),
            "html" | "htm" => Some(Format::Html),
            "docx" => Some(Format::Docx),
            "typ" | "typst" => Some(Format::Typst),
            "pdf" => Some(Format::Pdf),
            _ => None,
        }
    }

    /// The format a file name's extension asks for.
    pub fn from_path(path: &Path) -> Option<Format> {
        path.extension().and_then(|e| e.to_str()).and_then(Format::parse)
    }
}

#[derive(Debug, thiserror::Error)]
pub enum RenderError {
    #[error(transparent)]
    Template(#[from] TemplateError),
    #[error("无法写入 {}：{}", path.display(), crate::diag::io_reason(.source))]
    Write { path: PathBuf, source: std::io::Error },
    #[error("-o {} 是一个文件名，但本次要生成 {count} 个文件；请用 -o 指定目录", path.display())]
    OutputNotDir { path: PathBuf, count: usize },
    #[error("{} 会被生成两次（两个报告的标题相同？）", path.display())]
    Collision { path: PathBuf },
    #[error("生成 DOCX 失败：{0}")]
    Docx(#[from] write::docx::DocxError),
    #[error(transparent)]
    Pdf(#[from] write::pdf::PdfError),
    #[error("程序内部错误，未生成此文件（其他文件不受影响）；请把数据文件和上面的错误信息报告给维护者")]
    Internal,
}

/// The bytes of one output, and what the user should know about them (font substitutions).
#[derive(Debug, Clone)]
pub struct Output {
    pub bytes: Vec<u8>,
    pub notices: Vec<String>,
}

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

    pub fn with_options(
        templates_dir: Option<&Path>,
        font_options: FontOptions,
        pdf_options: PdfOptions,
    ) -> Result<Renderer, RenderError> {
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
        let writer: &dyn Writer = match format {
            Format::Markdown => &write::MarkdownWriter,
            Format::Html => &write::HtmlWriter,
            Format::Docx => &write::DocxWriter,
            Format::Typst => &write::TypstWriter,
            Format::Pdf => {
                pdf = self.pdf().writer(&self.pdf_options);
                &pdf
            }
        };
        match writer.write(doc, &write::Setup::for_document(style, doc)) {
            Ok(out) => Ok(Output { bytes: out.bytes, notices: out.notices }),
            Err(write::WriteError::Docx(e)) => Err(RenderError::Docx(e)),
            Err(write::WriteError::Pdf(e)) => Err(RenderError::Pdf(e)),
        }
    }
}

/// A file name from a report title: characters Windows or Unix forbid become `_`, and the name is
/// kept short enough for every file system (Chinese names stay as they are).
pub fn file_stem(title: &str) -> String {
    let mut s: String = title
        .chars()
        .map(|c| match c {
            '<' | '>' | ':' | '"' | '/' | '\\' | '|' | '?' | '*' => '_',
            c if c.is_control() => '_',
            c => c,
        })
        .collect();
    // Windows drops trailing dots and spaces; names must not be empty or reserved device names.
    while s.ends_with(['.', ' ']) {
        s.pop();
    }
    let s = s.trim_start().to_string();
    let mut s = if s.is_empty() { "报告".to_string() } else { s };
    let upper = s.split('.').next().unwrap_or("").to_ascii_uppercase();
    let reserved = ["CON", "PRN", "AUX", "NUL"].contains(&upper.as_str())
        || (upper.len() == 4
            && (upper.starts_with("COM") || upper.starts_with("LPT"))
            && upper.as_bytes()[3].is_ascii_digit());
    if reserved {
        s.insert(0, '_');
    }
    // 80 characters (≤ 240 bytes in UTF-8) leaves room for the folder and the extension.
    if s.chars().count() > 80 {
        s = s.chars().take(80).collect();
    }
    s
}

/// Where one output goes: `-o FILE` as given; `-o DIR` or next to the input otherwise, named
/// after the title with the format's extension.
pub fn output_path(input: &Path, title: &str, format: Format, out: Option<&OutTarget>) -> PathBuf {
    let name = format!("{}.{}", file_stem(title), format.extension());
    match out {
        Some(OutTarget::File(f)) => f.clone(),
        Some(OutTarget::Dir(d)) => d.join(name),
        None => input.parent().map_or_else(|| PathBuf::from(&name), |p| p.join(&name)),
    }
}

/// What `-o` names.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum OutTarget {
    Dir(PathBuf),
    File(PathBuf),
}

impl OutTarget {
    /// An existing directory, a path ending in a separator, or a path without a known output
    /// extension is a directory; `report.html` is a file.
    pub fn classify(path: &Path) -> OutTarget {
        let s = path.as_os_str().to_string_lossy();
        if path.is_dir() || s.ends_with('/') || s.ends_with('\\') || Format::from_path(path).is_none() {
            OutTarget::Dir(path.to_path_buf())
        } else {
            OutTarget::File(path.to_path_buf())
        }
    }
}

/// Writes `bytes` to `path` atomically (a temporary file in the same folder, then a rename), so a
/// reader never sees half a file and a failed run leaves the old file in place. Creates the folder.
pub fn write_atomic(path: &Path, bytes: &[u8]) -> Result<(), RenderError> {
    let err = |source| RenderError::Write { path: path.to_path_buf(), source };
    if let Some(dir) = path.parent().filter(|p| !p.as_os_str().is_empty()) {
        std::fs::create_dir_all(dir).map_err(err)?;
    }
    crate::commands::write_atomic(path, bytes, true).map_err(err)
}

/// What `xxgk render` was asked to do.
#[derive(Debug, Clone, Default)]
pub struct RenderArgs {
    pub files: Vec<PathBuf>,
    /// Formats; empty means the `-o` file's extension, else HTML.
    pub formats: Vec<Format>,
    pub output: Option<PathBuf>,
    pub locality: Option<String>,
    pub templates: Option<PathBuf>,
    pub draft: bool,
    pub fonts: FontOptions,
    pub pdf: PdfOptions,
    /// Show a progress bar (on a terminal).
    pub progress: bool,
    /// How many outputs are produced at once; `None`: one per core.
    pub jobs: Option<usize>,
}

/// `xxgk render`: loads and checks each file, renders it to every format and writes the outputs
/// atomically. Messages go to `out`; returns the exit code (0 all written, 1 data errors, 2 usage,
/// template or I/O problems).
pub fn run(args: &RenderArgs, out: &mut dyn Write) -> u8 {
    use crate::commands::{DATA_ERRORS, Loaded, OK, USAGE};
    if let Some(dir) = missing_font_dir(&args.fonts) {
        let _ = writeln!(out, "错误：字体目录“{}”不存在或不是文件夹（--font-dir）", dir.display());
        return USAGE;
    }
    let renderer =
        match Renderer::with_options(args.templates.as_deref(), args.fonts.clone(), args.pdf.clone()) {
            Ok(r) => r,
            Err(e) => {
                let _ = writeln!(out, "错误：{e}");
                return USAGE;
            }
        };
    let target = args.output.as_deref().map(OutTarget::classify);
    let mut formats = args.formats.clone();
    if formats.is_empty() {
        formats.push(match &target {
            Some(OutTarget::File(f)) => Format::from_path(f).unwrap_or(Format::Html),
            _ => Format::Html,
        });
    }
    formats.sort();
    formats.dedup();
    let count = args.files.len() * formats.len();
    if let Some(OutTarget::File(f)) = &target
        && count > 1
    {
        let _ = writeln!(out, "错误：{}", RenderError::OutputNotDir { path: f.clone(), count });
        return USAGE;
    }

    // Loading, checking and templating are cheap and print in file order; the outputs (PDF is the
    // slow one) are then produced across the cores.
    let mut code = OK;
    let mut failed = 0;
    let mut jobs: Vec<Job> = Vec::new();
    let mut planned: std::collections::HashSet<PathBuf> = std::collections::HashSet::new();
    for path in &args.files {
        let name = path.display().to_string();
        let (source, report) = match crate::commands::load(path) {
            Loaded::Ok { source, report } => (source, report),
            Loaded::Unreadable { message } => {
                let _ = writeln!(out, "错误：{message}\n");
                code = code.max(USAGE);
                failed += 1;
                continue;
            }
            Loaded::Invalid { source, findings } => {
                let text = source.as_ref().map(|s| s.text.as_str());
                let _ = write!(out, "{}", crate::diag::render_all(&findings, &name, text));
                let _ = writeln!(out, "“{name}”的数据有错误，未生成报告\n");
                code = code.max(DATA_ERRORS);
                failed += 1;
                continue;
            }
        };
        let findings = crate::check::check(&report, None);
        let has_errors = crate::check::has_errors(&findings);
        let _ = write!(out, "{}", crate::diag::render_all(&findings, &name, Some(&source.text)));
        if has_errors && !args.draft {
            let _ = writeln!(
                out,
                "“{name}”的数据未通过校验，未生成报告（加 --draft 可生成带“草稿”标记的版本）\n"
            );
            code = code.max(DATA_ERRORS);
            failed += 1;
            continue;
        }
        let prepared = renderer
            .document(&report, args.locality.as_deref(), has_errors)
            .and_then(|doc| Ok((renderer.style(&report, args.locality.as_deref())?, doc)));
        let (style, doc) = match prepared {
            Ok(p) => p,
            Err(e) => {
                let _ = writeln!(out, "错误：{e}");
                code = code.max(USAGE);
                failed += 1;
                continue;
            }
        };
        let doc = std::sync::Arc::new((doc, style));
        for &format in &formats {
            let dest = output_path(path, &doc.0.meta.title, format, target.as_ref());
            if !planned.insert(dest.clone()) {
                let _ = writeln!(out, "错误：{}", RenderError::Collision { path: dest });
                code = code.max(USAGE);
                continue;
            }
            jobs.push(Job { doc: doc.clone(), format, dest, draft: has_errors });
        }
    }

    let bar = progress_bar(args.progress, jobs.len());
    let workers = args.jobs.unwrap_or_else(|| std::thread::available_parallelism().map_or(1, |n| n.get()));
    let results = parallel_map(&jobs, workers, |job| {
        let (doc, style) = &*job.doc;
        let result = renderer
            .output(doc, job.format, style)
            .and_then(|o| write_atomic(&job.dest, &o.bytes).map(|()| o.notices));
        bar.inc(1);
        result
    });
    let results = results.into_iter().map(|r| r.unwrap_or(Err(RenderError::Internal)));
    bar.finish_and_clear();
    if jobs.iter().any(|j| j.format == Format::Pdf) {
        renderer.pdf().clear_cache();
    }
    let mut written = 0;
    for (job, result) in jobs.iter().zip(results) {
        match result {
            Ok(notices) => {
                let mark = if job.draft { "（草稿）" } else { "" };
                let _ = writeln!(out, "已生成{mark}：{}", job.dest.display());
                for n in notices {
                    let _ = writeln!(out, "  注意：{n}");
                }
                written += 1;
            }
            Err(e) => {
                // A write error names its file already.
                let _ = match e {
                    RenderError::Write { .. } => writeln!(out, "错误：{e}"),
                    _ => writeln!(out, "错误：{}：{e}", job.dest.display()),
                };
                code = code.max(USAGE);
            }
        }
    }
    let _ = writeln!(
        out,
        "共 {} 个数据文件：生成 {written} 个文件{}",
        args.files.len(),
        if failed > 0 { format!("，{failed} 个数据文件未生成") } else { String::new() }
    );
    code
}

/// One output to produce: a document (shared by its formats), the format and where it goes.
struct Job {
    doc: std::sync::Arc<(Document, Style)>,
    format: Format,
    dest: PathBuf,
    draft: bool,
}

/// Stack of a batch worker: typst lays out nested content recursively; this is a Linux main thread's
/// stack (Windows gives its main thread only 1 MiB, so rendering never runs there).
const WORKER_STACK: usize = 8 << 20;

/// `f` over `items` on `workers` plain threads, results in input order; `None` where `f` panicked
/// (a bug), so that one failing report does not take the others down.
///
/// Not rayon: typst parallelizes inside one compilation on rayon's global pool, and a rayon
/// worker waiting for that inner work steals other reports onto its own stack. Renders then nest,
/// memory grows with the batch and a large batch overflows the stack. Plain threads only wait.
fn parallel_map<T: Sync, R: Send>(items: &[T], workers: usize, f: impl Fn(&T) -> R + Sync) -> Vec<Option<R>> {
    use std::sync::Mutex;
    use std::sync::atomic::{AtomicUsize, Ordering};
    let next = AtomicUsize::new(0);
    let results: Mutex<Vec<Option<R>>> = Mutex::new(items.iter().map(|_| None).collect());
    let work = || {
        loop {
            let i = next.fetch_add(1, Ordering::Relaxed);
            let Some(item) = items.get(i) else { break };
            let r = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| f(item))).ok();
            results.lock().unwrap_or_else(|e| e.into_inner())[i] = r;
        }
    };
    std::thread::scope(|scope| {
        let spawned = (0..workers.clamp(1, items.len().max(1)))
            .filter(|_| {
                std::thread::Builder::new().stack_size(WORKER_STACK).spawn_scoped(scope, work).is_ok()
            })
            .count();
        if spawned == 0 {
            work();
        }
    });
    results.into_inner().unwrap_or_else(|e| e.into_inner())
}

/// A progress bar on a terminal; hidden when asked, or when stderr is not a terminal.
fn progress_bar(show: bool, len: usize) -> indicatif::ProgressBar {
    use std::io::IsTerminal;
    if !show || len < 2 || !std::io::stderr().is_terminal() {
        return indicatif::ProgressBar::hidden();
    }
    let bar = indicatif::ProgressBar::new(len as u64);
    if let Ok(style) = indicatif::ProgressStyle::with_template("{bar:40} {pos}/{len} 正在生成 {elapsed}")
    {
        bar.set_style(style);
    }
    bar
}

/// The first `--font-dir` that is not a folder: a typo there would silently fall back to other fonts.
fn missing_font_dir(fonts: &FontOptions) -> Option<&Path> {
    fonts.dirs.iter().find(|d| !d.is_dir()).map(PathBuf::as_path)
}

/// `xxgk fonts`: which font serves each role of a locality's style, and why.
pub fn list_fonts(fonts: FontOptions, locality: &str, templates: Option<&Path>, out: &mut dyn Write) -> u8 {
    if let Some(dir) = missing_font_dir(&fonts) {
        let _ = writeln!(out, "错误：字体目录“{}”不存在或不是文件夹（--font-dir）", dir.display());
        return crate::commands::USAGE;
    }
    let renderer = Renderer::with_options(templates, fonts, PdfOptions::default());
    let style = renderer.map_err(|e| e.to_string()).and_then(|r| {
        let style = r.templates.style(locality).map_err(|e| e.to_string())?;
        Ok((r, style))
    });
    match style {
        Ok((r, style)) => {
            let _ = write!(out, "{}", r.pdf().font_report(&style));
            crate::commands::OK
        }
        Err(e) => {
            let _ = writeln!(out, "错误：{e}");
            crate::commands::USAGE
        }
    }
}

/// `xxgk templates list`: the localities available, built in or from `--templates`.
pub fn list_templates(templates: Option<&Path>, out: &mut dyn Write) -> u8 {
    let renderer = match Renderer::new(templates) {
        Ok(r) => r,
        Err(e) => {
            let _ = writeln!(out, "错误：{e}");
            return crate::commands::USAGE;
        }
    };
    for (locality, origin) in renderer.templates.localities() {
        let about =
            crate::template::BUILTIN_DESCRIPTIONS.iter().find(|(l, _)| *l == locality).map_or("", |(_, d)| d);
        let from = match origin {
            crate::template::Origin::BuiltIn => "内置".to_string(),
            crate::template::Origin::User(p) => p.display().to_string(),
        };
        let _ = writeln!(out, "{locality:<10} {from}  {about}");
    }
    crate::commands::OK
}

/// `xxgk templates export NAME DIR`: writes `DIR/NAME/report.tera` and `style.yaml`.
pub fn export_templates(
    name: &str,
    dir: &Path,
    templates: Option<&Path>,
    force: bool,
    out: &mut dyn Write,
) -> u8 {
    let result = Renderer::new(templates).and_then(|r| Ok(r.templates.export(name, dir, force)?));
    match result {
        Ok(files) => {
            for f in &files {
                let _ = writeln!(out, "已导出：{}", f.display());
            }
            let _ = writeln!(out, "修改后用 --templates {} 生成报告", dir.display());
            crate::commands::OK
        }
        Err(e) => {
            let _ = writeln!(out, "错误：{e}");
            crate::commands::USAGE
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parallel_map_keeps_input_order_for_any_worker_count() {
        let items: Vec<u32> = (0..50).collect();
        for workers in [0, 1, 2, 7, 100] {
            let out = parallel_map(&items, workers, |n| n * 2);
            assert_eq!(out, items.iter().map(|n| Some(n * 2)).collect::<Vec<_>>(), "{workers} workers");
        }
        assert!(parallel_map(&[] as &[u32], 4, |n| *n).is_empty());
    }

    #[test]
    fn parallel_map_survives_a_panicking_item() {
        let out = parallel_map(&[1, 2, 3], 2, |n| if *n == 2 { panic!("bug") } else { *n });
        assert_eq!(out, vec![Some(1), None, Some(3)]);
    }

    #[test]
    fn parallel_map_runs_on_threads_with_a_full_stack() {
        // Deep recursion that a 2 MiB thread (Rust's and rayon's default) could not hold.
        fn depth(n: u32) -> u32 {
            let pad = std::hint::black_box([0u8; 1024]);
            if n == 0 { u32::from(pad[0]) } else { depth(n - 1) + 1 }
        }
        assert_eq!(parallel_map(&[2500u32], 1, |n| depth(*n)), vec![Some(2500)]);
    }

    #[test]
    fn file_names_are_safe_everywhere() {
        assert_eq!(
            file_stem("开福区科学技术局2019年政府信息公开工作年度报告"),
            "开福区科学技术局2019年政府信息公开工作年度报告"
        );
        assert_eq!(file_stem("a/b\\c:d*e?f\"g<h>i|j"), "a_b_c_d_e_f_g_h_i_j");
        assert_eq!(file_stem("报告. "), "报告");
        assert_eq!(file_stem("CON"), "_CON");
        assert_eq!(file_stem("  "), "报告");
        assert_eq!(file_stem(&"长".repeat(200)).chars().count(), 80);
    }

    #[test]
    fn out_target_is_dir_unless_it_names_an_output_file() {
        assert_eq!(OutTarget::classify(Path::new("out/报告.html")), OutTarget::File("out/报告.html".into()));
        assert_eq!(OutTarget::classify(Path::new("输出")), OutTarget::Dir("输出".into()));
        assert_eq!(OutTarget::classify(Path::new("out/")), OutTarget::Dir("out/".into()));
    }

    #[test]
    fn atomic_write_replaces_and_leaves_no_temp_files() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("中文目录").join("报告.md");
        write_atomic(&p, b"one").unwrap();
        write_atomic(&p, "二".as_bytes()).unwrap();
        assert_eq!(std::fs::read_to_string(&p).unwrap(), "二");
        let names: Vec<_> = std::fs::read_dir(p.parent().unwrap()).unwrap().collect();
        assert_eq!(names.len(), 1);
    }
}
