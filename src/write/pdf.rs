//! PDF writer: compiles the Typst source of [`crate::write::typst`] in-process with typst 0.15.
//!
//! A [`PdfRenderer`] loads fonts once ([`Fonts::load`]) and is `Send + Sync`: one instance serves
//! every thread of a batch. Each render runs in a sandboxed [`World`] that serves the generated
//! sources (the body as `/main.typ`, importing the preamble from `/xxgk.typ`: see
//! `write::typst::Parts`) and the fonts only: any other file access (`read`, `include`,
//! `image`, packages) fails.
//!
//! Fonts: each role is resolved through its chain ([`Fonts::resolve`]); every substitute in use, any
//! character no font covers (it would print as a blank box, "tofu") and any character borrowed from
//! an unrelated fallback font is reported in the output's notices, in Chinese. Nothing is silent.
//!
//! The PDF's creation date is the [`Setup`]'s (see [`crate::write::date`]), never the clock, so the
//! same data gives the same bytes.
//!
//! Memory: typst memoizes layout work in a process-wide cache (comemo). Every [`EVICT_EVERY`]
//! renders the renderer evicts the entries unused for [`CACHE_MAX_AGE`] evictions, so a long batch
//! stays flat while consecutive reports still share cached work. (An eviction walks every cached
//! entry: after each render it was a tenth of a report's time.) A caller that is done rendering
//! for a while can call [`PdfRenderer::clear_cache`] to release everything.

use std::collections::BTreeMap;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Mutex, PoisonError};

use thiserror::Error;
use typst::diag::{FileError, FileResult, Severity, SourceDiagnostic};
use typst::foundations::{Bytes, Datetime, Duration, Smart};
use typst::layout::{Frame, FrameItem};
use typst::syntax::{FileId, RootedPath, Source, VirtualPath, VirtualRoot};
use typst::text::{Font, FontBook, TextItem};
use typst::utils::LazyHash;
use typst::{Library, LibraryExt, World};
use typst_layout::PagedDocument;

use crate::doc::Document;
use crate::fonts::{FontOptions, FontReport, Fonts};
use crate::style::Style;
use crate::write::typst::{Parts, render_resolved};
use crate::write::{Output, Setup, Stamp, WriteError, Writer};

/// Cached typst work unused for this many evictions is dropped (see the module docs).
pub const CACHE_MAX_AGE: usize = 2;
/// Renders between two evictions of typst's cache.
pub const EVICT_EVERY: usize = 4;

/// A PDF standard to conform to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PdfStandard {
    /// PDF/A-2b, for long-term archiving (`--pdf-standard a-2b`).
    A2b,
}

/// Options of one PDF render.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct PdfOptions {
    /// `None`: plain PDF 1.7.
    pub standard: Option<PdfStandard>,
}

/// A laid-out document before PDF export (pages with positioned text, for inspection and tests).
pub struct Layout {
    pub document: PagedDocument,
    pub notices: Vec<String>,
}

#[derive(Debug, Error)]
pub enum PdfError {
    #[error("PDF 排版失败：{}", first_few(.0))]
    Compile(Vec<String>),
    #[error("PDF 导出失败：{}", first_few(.0))]
    Export(Vec<String>),
}

/// The first messages of a list: one mistake in a template can cause hundreds of follow-on errors.
fn first_few(messages: &[String]) -> String {
    const SHOWN: usize = 3;
    let mut out = messages.iter().take(SHOWN).cloned().collect::<Vec<_>>().join("；");
    if messages.len() > SHOWN {
        out.push_str(&format!("……（共 {} 处）", messages.len()));
    }
    out
}

/// PDF with title, author (the agency), language and creation date metadata.
#[derive(Debug, Clone)]
pub struct PdfWriter<'a> {
    renderer: &'a PdfRenderer,
    options: PdfOptions,
}

impl Writer for PdfWriter<'_> {
    fn write(&self, doc: &Document, setup: &Setup<'_>) -> Result<Output, WriteError> {
        let result = self.renderer.layout(doc, setup).and_then(|layout| {
            let bytes = export(&layout.document, &self.options, setup.date)?;
            let mut notices = layout.notices;
            notices.extend(setup.date_notice.clone());
            Ok(Output { bytes, notices })
        });
        self.renderer.evict();
        Ok(result?)
    }
}

/// Compiles documents to PDF in-process. Create once, share across threads.
pub struct PdfRenderer {
    fonts: Fonts,
    library: LazyHash<Library>,
    /// Renders so far, for evicting every [`EVICT_EVERY`].
    renders: AtomicUsize,
    /// The last preamble parsed: the reports of a batch share one style, and so its text (see
    /// [`Parts`]); parsing it again for each was a third of a render's parsing.
    preamble: Mutex<Option<Source>>,
}

impl std::fmt::Debug for PdfRenderer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("PdfRenderer").field("fonts", &self.fonts).finish()
    }
}

impl PdfRenderer {
    /// Loads fonts from the sources `options` allows (once; with system fonts 60–200 ms when they
    /// are first scanned, 10–20 ms from the font cache).
    pub fn new(options: &FontOptions) -> PdfRenderer {
        PdfRenderer::with_fonts(Fonts::load(options))
    }

    pub fn with_fonts(fonts: Fonts) -> PdfRenderer {
        PdfRenderer {
            fonts,
            library: LazyHash::new(Library::default()),
            renders: AtomicUsize::new(0),
            preamble: Mutex::default(),
        }
    }

    pub fn fonts(&self) -> &Fonts {
        &self.fonts
    }

    /// Which font serves each role of `style` (as `xxgk fonts` prints it).
    pub fn font_report(&self, style: &Style) -> FontReport {
        self.fonts.resolve(style)
    }

    /// Lays `doc` out without exporting (pages, positioned text; notices as the PDF's).
    pub fn layout(&self, doc: &Document, setup: &Setup<'_>) -> Result<Layout, PdfError> {
        let report = self.fonts.resolve(setup.style);
        self.fonts.warm(&self.fonts.faces_serving(setup.style, &report));
        let parts = render_resolved(doc, setup, &report);
        let mut notices = report.substitution_notices();
        let document = self.compile(Sandbox::new(self, parts), &mut notices)?;
        coverage_notices(&document, &report, &mut notices);
        Ok(Layout { document, notices })
    }

    /// The PDF writer with these options.
    pub fn writer(&self, options: &PdfOptions) -> PdfWriter<'_> {
        PdfWriter { renderer: self, options: options.clone() }
    }

    /// Drops all of typst's cached work (e.g. at the end of a batch).
    pub fn clear_cache(&self) {
        typst::comemo::evict(0);
    }

    fn evict(&self) {
        if self.renders.fetch_add(1, Ordering::Relaxed) % EVICT_EVERY == EVICT_EVERY - 1 {
            typst::comemo::evict(CACHE_MAX_AGE);
        }
    }

    /// Compiles in the sandbox. Warnings become notices.
    fn compile(&self, world: Sandbox<'_>, notices: &mut Vec<String>) -> Result<PagedDocument, PdfError> {
        let warned = typst::compile::<PagedDocument>(&world);
        for w in &warned.warnings {
            notices.push(format!("排版提示：{}", diagnostic(w)));
        }
        warned.output.map_err(|errors| PdfError::Compile(errors.iter().map(diagnostic).collect()))
    }

    /// The preamble `text` parsed, reusing the last one when the text is the same.
    fn preamble(&self, text: String) -> Source {
        let last = self.preamble.lock().unwrap_or_else(PoisonError::into_inner).clone();
        if let Some(source) = last.filter(|s| s.text() == text) {
            return source;
        }
        let source = Source::new(file_id(PREAMBLE_PATH), text);
        *self.preamble.lock().unwrap_or_else(PoisonError::into_inner) = Some(source.clone());
        source
    }

    #[cfg(test)]
    fn compile_raw(&self, source: &str) -> Result<PagedDocument, PdfError> {
        let parts = Parts { preamble: String::new(), body: source.to_string() };
        self.compile(Sandbox::new(self, parts), &mut Vec::new())
    }
}

fn diagnostic(d: &SourceDiagnostic) -> String {
    let mut out = d.message.to_string();
    for hint in &d.hints {
        out.push('（');
        out.push_str(&hint.v);
        out.push('）');
    }
    if d.severity == Severity::Error && out.is_empty() {
        out.push_str("未知错误");
    }
    out
}

fn export(document: &PagedDocument, options: &PdfOptions, date: Option<Stamp>) -> Result<Vec<u8>, PdfError> {
    let standards = match options.standard {
        None => typst_pdf::PdfStandards::default(),
        Some(PdfStandard::A2b) => typst_pdf::PdfStandards::new(&[typst_pdf::PdfStandard::A_2b])
            .map_err(|e| PdfError::Export(vec![e.message().to_string()]))?,
    };
    let pdf_options = typst_pdf::PdfOptions {
        ident: Smart::Auto,
        creator: Smart::Custom(Some(format!("xxgk {}", env!("CARGO_PKG_VERSION")))),
        // PDF/A requires a date.
        timestamp: date
            .or(options.standard.map(|_| Stamp::FIXED))
            .and_then(datetime)
            .map(typst_pdf::Timestamp::new_utc),
        standards,
        ..typst_pdf::PdfOptions::default()
    };
    typst_pdf::pdf(document, &pdf_options)
        .map_err(|errors| PdfError::Export(errors.iter().map(diagnostic).collect()))
}

fn datetime(s: Stamp) -> Option<Datetime> {
    Datetime::from_ymd_hms(i32::from(s.year), s.month, s.day, s.hour, s.minute, s.second)
}

/// Reports characters drawn as blank boxes (no font has them) and characters typst had to take from
/// a font outside the role chains (e.g. a symbol font), both never silent.
fn coverage_notices(document: &PagedDocument, report: &FontReport, notices: &mut Vec<String>) {
    let known: Vec<String> =
        report.roles.iter().flat_map(|r| r.families.iter().map(|f| f.to_lowercase())).collect();
    let mut missing: Vec<char> = Vec::new();
    let mut borrowed: BTreeMap<String, Vec<char>> = BTreeMap::new();
    let add = |list: &mut Vec<char>, text: &str| {
        for c in text.chars().filter(|c| !c.is_whitespace()) {
            if !list.contains(&c) {
                list.push(c);
            }
        }
    };
    for page in document.pages() {
        walk(&page.frame, &mut |item: &TextItem| {
            let family = &item.font.font().info().family;
            let is_known = known.iter().any(|k| k.eq_ignore_ascii_case(family));
            for glyph in &item.glyphs {
                let Some(text) = item.text.get(glyph.range()) else { continue };
                if glyph.id == 0 {
                    add(&mut missing, text);
                } else if !is_known {
                    add(borrowed.entry(family.clone()).or_default(), text);
                }
            }
        });
    }
    if !missing.is_empty() {
        let list: String = missing.iter().map(|c| format!("“{c}”(U+{:04X}) ", *c as u32)).collect();
        notices.push(format!(
            "以下字符没有任何已安装字体能显示，PDF 中将显示为空白方框：{}；请安装含这些字符的字体（--font-dir）",
            list.trim_end()
        ));
    }
    for (family, chars) in borrowed {
        let list: String = chars.iter().collect();
        notices.push(format!("以下字符不在样式指定的字体中，改由“{family}”显示：{list}"));
    }
}

fn walk(frame: &Frame, f: &mut impl FnMut(&TextItem)) {
    for (_, item) in frame.items() {
        match item {
            FrameItem::Group(group) => walk(&group.frame, f),
            FrameItem::Text(text) => f(text),
            _ => {}
        }
    }
}

/// The World of one render: the generated sources and the fonts, nothing else.
struct Sandbox<'a> {
    renderer: &'a PdfRenderer,
    main: Source,
    /// The preamble, imported by the main source from [`PREAMBLE_PATH`] (see [`Parts`]).
    preamble: Source,
}

/// Where the main source finds the preamble.
const PREAMBLE_PATH: &str = "/xxgk.typ";

impl<'a> Sandbox<'a> {
    fn new(renderer: &'a PdfRenderer, parts: Parts) -> Sandbox<'a> {
        let main = format!("#import \"{PREAMBLE_PATH}\": *\n{}", parts.body);
        Sandbox {
            renderer,
            main: Source::new(file_id("/main.typ"), main),
            preamble: renderer.preamble(parts.preamble),
        }
    }

    fn find(&self, id: FileId) -> Option<&Source> {
        [&self.main, &self.preamble].into_iter().find(|s| s.id() == id)
    }
}

fn file_id(path: &str) -> FileId {
    // Both paths are valid virtual paths; the fallback keeps this panic-free regardless.
    match VirtualPath::new(path) {
        Ok(path) => RootedPath::new(VirtualRoot::Project, path).intern(),
        Err(_) => Source::detached("").id(),
    }
}

impl World for Sandbox<'_> {
    fn library(&self) -> &LazyHash<Library> {
        &self.renderer.library
    }

    fn book(&self) -> &LazyHash<FontBook> {
        self.renderer.fonts.book()
    }

    fn main(&self) -> FileId {
        self.main.id()
    }

    fn source(&self, id: FileId) -> FileResult<Source> {
        self.find(id).cloned().ok_or(FileError::AccessDenied)
    }

    fn file(&self, id: FileId) -> FileResult<Bytes> {
        self.find(id).map(|s| Bytes::from_string(s.clone())).ok_or(FileError::AccessDenied)
    }

    fn font(&self, index: usize) -> Option<Font> {
        self.renderer.fonts.font(index)
    }

    fn today(&self, _offset: Option<Duration>) -> Option<Datetime> {
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::fonts::EMBEDDED_SERIF;

    fn renderer() -> PdfRenderer {
        PdfRenderer::new(&FontOptions::embedded_only())
    }

    #[test]
    fn renderer_is_shareable_across_threads() {
        fn assert_send_sync<T: Send + Sync>() {}
        assert_send_sync::<PdfRenderer>();
    }

    #[test]
    fn sandbox_refuses_every_file() {
        let r = renderer();
        for source in [
            "#read(\"/etc/passwd\")",
            "#include \"x.typ\"",
            "#image(\"/etc/hosts\")",
            "#import \"@preview/x:1.0.0\": *",
        ] {
            let err = r.compile_raw(source).err().unwrap_or_else(|| panic!("{source} compiled"));
            assert!(matches!(err, PdfError::Compile(_)), "{source}: {err}");
        }
        assert!(r.compile_raw("正文").is_ok());
    }

    #[test]
    fn portable_source_compiles_with_only_unknown_family_warnings() {
        use crate::doc::{Block, Cell, CellRole, Meta, Paragraph, Table, TableKind};
        let doc = Document {
            meta: Meta {
                title: "标题".into(), author: "单位".into(), language: "zh-CN".into(), draft: true
            },
            blocks: vec![
                Block::Title(vec!["单位".into(), "报告".into()]),
                Block::Heading { level: 1, text: "一、总体情况".into() },
                Block::Paragraph(Paragraph::plain("正文")),
                Block::Table(Table {
                    kind: TableKind::Appeals,
                    widths: vec![1.0, 1.0],
                    header_rows: 1,
                    rows: vec![
                        vec![Cell::new("表头", CellRole::Header).span(1, 2)],
                        vec![Cell::new("1", CellRole::Number), Cell::new("2", CellRole::Number)],
                    ],
                }),
                Block::Signature { unit: "单位".into(), date: "2024年1月16日".into() },
            ],
        };
        let style = Style::default();
        let typst = crate::write::TypstWriter.write(&doc, &Setup::new(&style)).expect("typst source");
        let source = String::from_utf8(typst.bytes).expect("UTF-8");
        let mut notices = Vec::new();
        let r = renderer();
        let parts = Parts { preamble: String::new(), body: source };
        let compiled = r.compile(Sandbox::new(&r, parts), &mut notices);
        assert!(compiled.is_ok(), "{:?}", compiled.err());
        assert!(
            !notices.is_empty() && notices.iter().all(|n| n.contains("unknown font family")),
            "{notices:?}"
        );
    }

    /// The page-fit estimate of every table of both examples, in every locality, is close to the
    /// height typst lays it out at: a table it keeps whole without measuring must fit.
    #[test]
    fn table_height_estimate_is_close_to_typst_layout() {
        use crate::doc::Block;
        use crate::template::Templates;
        let templates = Templates::builtin().expect("templates");
        let r = renderer();
        let examples = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("examples");
        let mut compared = 0;
        for file in ["county-2021.yaml", "kaifu-2019.yaml"] {
            let text = std::fs::read_to_string(examples.join(file)).expect("example");
            let report = crate::load::load_str(&text).expect("loads");
            for locality in ["default", "shanghai", "shandong"] {
                let style = templates.style(locality).expect("style");
                let g = crate::style::Geometry::new(&style);
                let doc = templates.render(&report, locality, false).expect("renders");
                let tables =
                    doc.blocks.iter().filter_map(|b| if let Block::Table(t) = b { Some(t) } else { None });
                // The locality's width, and a narrower one where labels wrap more.
                for (t, width) in tables.flat_map(|t| [(t, g.text_width_pt), (t, 0.6 * g.text_width_pt)]) {
                    let page = |fixed_rows| {
                        let (markup, estimate) =
                            crate::write::typst::table_alone(t, width, style.table.size_pt, fixed_rows);
                        let source = format!(
                            "#let role-table = (font: (\"{EMBEDDED_SERIF}\",), size: {}pt, weight: \"regular\")\n{}#set page(width: {width}pt, height: auto, margin: 0pt)\n{markup}",
                            style.table.size_pt,
                            crate::write::typst::table_helpers(g.text_height_pt),
                        );
                        (r.compile_raw(&source).expect("table compiles"), estimate, markup)
                    };
                    let (laid, estimate, _) = page(false);
                    let actual = laid.pages()[0].frame.height().to_pt() as f32;
                    // One-line rows written with their height are laid out exactly as measured.
                    let (fixed, _, markup) = page(true);
                    assert!(markup.contains("1.6em"), "{file} {locality}: no row is one line\n{markup}");
                    let pdf = |doc| typst_pdf::pdf(doc, &typst_pdf::PdfOptions::default()).expect("exports");
                    assert!(
                        pdf(&fixed) == pdf(&laid),
                        "{file} {locality} {:?} {width} pt wide: fixed one-line rows changed the PDF",
                        t.kind
                    );
                    assert!(
                        (0.98 * actual..=1.05 * actual).contains(&estimate),
                        "{file} {locality} {:?} {width} pt wide: estimate {estimate} pt, typst {actual} pt",
                        t.kind
                    );
                    compared += 1;
                }
            }
        }
        assert_eq!(compared, 36);
    }

    #[test]
    fn a_broken_source_reports_its_first_errors_only() {
        let err = renderer().compile_raw(&"#{ 《》".repeat(40)).expect_err("must fail").to_string();
        assert!(err.starts_with("PDF 排版失败："), "{err}");
        assert!(err.contains("处）") && err.matches('；').count() == 2, "{err}");
    }
}
