//! The examples as a user renders them: `xxgk render` to PDF (in-process, embedded fonts only) and
//! DOCX (opened by LibreOffice), then every heading, table label and figure is found, in order, in
//! the text of the resulting PDF.

use std::path::{Path, PathBuf};
use std::process::Command;
use xxgk::doc::{Block, Document};

const EXAMPLES: [&str; 2] = ["examples/kaifu-2019.yaml", "examples/county-2021.yaml"];

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// What must appear: text blocks in order; a table's cells all inside the table (PDF writers may
/// emit the cells of merged headers in any order).
enum Piece {
    Text(String),
    Table(Vec<String>),
}

/// The document the examples render to: headings, paragraphs and every table cell.
fn expected(example: &str) -> (Document, Vec<Piece>) {
    let (_, report) = xxgk::load::load_file(&root().join(example)).expect("example loads");
    let renderer = xxgk::render::Renderer::new(None).expect("templates");
    let doc = renderer.document(&report, None, false).expect("document");
    let mut pieces = Vec::new();
    for block in &doc.blocks {
        match block {
            Block::Title(lines) => pieces.extend(lines.iter().cloned().map(Piece::Text)),
            Block::Heading { text, .. } => pieces.push(Piece::Text(text.clone())),
            Block::Paragraph(p) => pieces.push(Piece::Text(p.text())),
            Block::Table(t) => pieces.push(Piece::Table(
                t.rows.iter().flatten().map(|c| c.text.clone()).filter(|t| !t.is_empty()).collect(),
            )),
            Block::Signature { unit, date } => pieces.extend([unit.clone(), date.clone()].map(Piece::Text)),
        }
    }
    (doc, pieces)
}

/// Text without whitespace, page numbers (“— 3 —”) or punctuation: PDFs break lines anywhere, page
/// numbers interleave with a paragraph that runs over a page, and LibreOffice hangs a line-final
/// comma into the margin where text extraction loses it.
fn squash(s: &str) -> String {
    let no_page_numbers = PAGE_NUMBER.replace_all(s, "");
    no_page_numbers.chars().filter(|c| !c.is_whitespace() && !"，。、；：！？,.;:".contains(*c)).collect()
}

static PAGE_NUMBER: std::sync::LazyLock<regex::Regex> =
    std::sync::LazyLock::new(|| regex::Regex::new(r"(?m)^\s*—\s*\d+\s*—\s*$").unwrap());

/// Every piece appears in `text`, in order.
fn assert_in_order(text: &str, pieces: &[Piece], what: &str) {
    let text = squash(text);
    let mut at = 0;
    let find = |at: usize, piece: &str| {
        let p = squash(piece);
        match text[at..].find(&p) {
            Some(i) => at + i + p.len(),
            None => panic!("{what}: “{piece}” missing or out of order after byte {at}"),
        }
    };
    for piece in pieces {
        match piece {
            Piece::Text(t) => at = find(at, t),
            Piece::Table(cells) => at = cells.iter().map(|c| find(at, c)).max().unwrap_or(at),
        }
    }
}

fn pdftotext(pdf: &Path) -> String {
    let out = Command::new("pdftotext")
        .args(["-raw", "-enc", "UTF-8"])
        .arg(pdf)
        .arg("-")
        .output()
        .expect("pdftotext (poppler-utils) is installed");
    assert!(out.status.success(), "pdftotext failed on {}", pdf.display());
    String::from_utf8_lossy(&out.stdout).into_owned()
}

fn pages(pdf: &Path) -> usize {
    let out = Command::new("pdfinfo").arg(pdf).output().expect("pdfinfo (poppler-utils) is installed");
    let info = String::from_utf8_lossy(&out.stdout).into_owned();
    info.lines()
        .find_map(|l| l.strip_prefix("Pages:"))
        .and_then(|n| n.trim().parse().ok())
        .expect("page count")
}

fn render(example: &str, format: &str, dir: &Path) -> PathBuf {
    let out = Command::new(env!("CARGO_BIN_EXE_xxgk"))
        .current_dir(root())
        .args(["render", example, "-f", format, "--no-system-fonts", "-q", "-o"])
        .arg(dir)
        .env_remove("XXGK_FONT_PATH")
        .output()
        .expect("xxgk runs");
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let (doc, _) = expected(example);
    dir.join(format!("{}.{format}", xxgk::output::file_stem(&doc.meta.title)))
}

#[test]
fn pdf_holds_every_heading_label_and_figure_in_order() {
    let dir = tempfile::tempdir().unwrap();
    for example in EXAMPLES {
        let pdf = render(example, "pdf", dir.path());
        let (_, pieces) = expected(example);
        assert_in_order(&pdftotext(&pdf), &pieces, example);
        assert!((4..=7).contains(&pages(&pdf)), "{example}: {} pages", pages(&pdf));
    }
}

#[test]
fn pdf_a_2b_identifies_itself() {
    let dir = tempfile::tempdir().unwrap();
    let out = Command::new(env!("CARGO_BIN_EXE_xxgk"))
        .current_dir(root())
        .args(["render", EXAMPLES[1], "-f", "pdf", "--pdf-standard", "a-2b", "--no-system-fonts", "-q", "-o"])
        .arg(dir.path())
        .output()
        .unwrap();
    assert!(out.status.success());
    let pdf = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().path())
        .find(|p| p.extension().is_some_and(|e| e == "pdf"))
        .unwrap();
    let bytes = std::fs::read(pdf).unwrap();
    let text = String::from_utf8_lossy(&bytes);
    assert!(text.contains("<pdfaid:part>2</pdfaid:part>"), "no PDF/A part");
    assert!(text.contains("<pdfaid:conformance>B</pdfaid:conformance>"), "no PDF/A conformance");
}

#[test]
fn docx_opened_by_libreoffice_holds_every_label_and_figure() {
    let installed = Command::new("soffice").arg("--version").output().is_ok();
    if !available(
        installed,
        "XXGK_SKIP_LIBREOFFICE",
        "LibreOffice (soffice): apt-get install libreoffice-writer-nogui",
    ) {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    for example in EXAMPLES {
        let docx = render(example, "docx", dir.path());
        let status = Command::new("soffice")
            .env("HOME", dir.path())
            .args(["--headless", "--convert-to", "pdf", "--outdir"])
            .arg(dir.path())
            .arg(&docx)
            .output()
            .expect("soffice runs");
        assert!(status.status.success(), "{}", String::from_utf8_lossy(&status.stderr));
        let pdf = docx.with_extension("pdf");
        let (_, pieces) = expected(example);
        assert_in_order(&pdftotext(&pdf), &pieces, example);
        // Both editions fit on five to seven pages in the official layout.
        assert!((5..=7).contains(&pages(&pdf)), "{example}: {} pages", pages(&pdf));
    }
}

/// Whether a tool a test needs is there. A missing tool fails the test unless `skip` is set in the
/// environment (a test that silently passes without its tool would prove nothing).
fn available(installed: bool, skip: &str, what: &str) -> bool {
    if !installed {
        assert!(std::env::var_os(skip).is_some(), "not installed: {what}; or set {skip}=1 to skip this test");
    }
    installed
}

/// A Python with the `typst` package (the typst 0.15 compiler), for checking that the `.typ`
/// output compiles on its own: `XXGK_TYPST_PYTHON`, else `python3` if it has the package.
fn typst_python() -> Option<String> {
    let python = std::env::var("XXGK_TYPST_PYTHON").unwrap_or_else(|_| "python3".into());
    let ok = Command::new(&python).args(["-c", "import typst"]).output().is_ok_and(|o| o.status.success());
    ok.then_some(python)
}

#[test]
fn typ_output_compiles_standalone_to_the_same_pdf() {
    let Some(python) = typst_python() else {
        let hint = "a Python with the typst package: pip install typst==0.15.2 (and set XXGK_TYPST_PYTHON)";
        available(false, "XXGK_SKIP_TYPST", hint);
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    for example in EXAMPLES {
        let ours = render(example, "pdf", dir.path());
        let typ = render(example, "typ", dir.path());
        let theirs = dir.path().join("standalone.pdf");
        // The same fonts as `--no-system-fonts`: the embedded ones, as files.
        let script = "import sys, typst; typst.compile(sys.argv[1], output=sys.argv[2], font_paths=[sys.argv[3]], ignore_system_fonts=True)";
        let out = Command::new(&python)
            .args(["-c", script])
            .arg(&typ)
            .arg(&theirs)
            .arg(root().join("assets/fonts"))
            .output()
            .expect("python runs");
        assert!(out.status.success(), "{example}: {}", String::from_utf8_lossy(&out.stderr));
        assert_eq!(pages(&theirs), pages(&ours), "{example}: page count");
        assert_eq!(pdftotext(&theirs), pdftotext(&ours), "{example}: text");
    }
}

const ALL_FORMATS: &str = "md,html,docx,typ,pdf";

/// `xxgk render example -f md,html,docx,typ,pdf` into `dir`, with `SOURCE_DATE_EPOCH` as given
/// (unset otherwise); returns what it told the user.
fn render_all(example: &str, dir: &Path, source_date_epoch: Option<&str>) -> String {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_xxgk"));
    cmd.current_dir(root())
        .args(["render", example, "-f", ALL_FORMATS, "--no-system-fonts", "-o"])
        .arg(dir)
        .env_remove("XXGK_FONT_PATH")
        .env_remove("SOURCE_DATE_EPOCH");
    if let Some(epoch) = source_date_epoch {
        cmd.env("SOURCE_DATE_EPOCH", epoch);
    }
    let out = cmd.output().expect("xxgk runs");
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    String::from_utf8_lossy(&out.stderr).into_owned()
}

/// Every file in `dir`, by name.
fn files(dir: &Path) -> std::collections::BTreeMap<String, Vec<u8>> {
    std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .map(|p| (p.file_name().unwrap().to_string_lossy().into_owned(), std::fs::read(&p).unwrap()))
        .collect()
}

/// Each example in every format, rendered in this process.
fn render_in_process() -> Vec<(String, Vec<u8>)> {
    use xxgk::render::{Format, Renderer};
    let renderer =
        Renderer::with_options(None, xxgk::fonts::FontOptions::embedded_only(), Default::default()).unwrap();
    let mut out = Vec::new();
    for example in EXAMPLES {
        let (_, report) = xxgk::load::load_file(&root().join(example)).expect("example loads");
        let doc = renderer.document(&report, None, false).expect("document");
        let style = renderer.style(&report, None).expect("style");
        for format in [Format::Markdown, Format::Html, Format::Docx, Format::Typst, Format::Pdf] {
            let bytes = renderer.output(&doc, format, &style).expect("output").bytes;
            out.push((format!("{example} as {format:?}"), bytes));
        }
    }
    out
}

#[test]
fn the_same_data_gives_the_same_bytes_in_every_format() {
    let dirs = [tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap()];
    let mut in_process = Vec::new();
    for (i, dir) in dirs.iter().enumerate() {
        if i > 0 {
            // Past the next second, so that a clock in any output shows.
            std::thread::sleep(std::time::Duration::from_millis(1100));
        }
        for example in EXAMPLES {
            render_all(example, dir.path(), None);
        }
        in_process.push(render_in_process());
    }
    let (first, second) = (files(dirs[0].path()), files(dirs[1].path()));
    // Every format of every example, and the record of what xxgk wrote (the same bytes, too).
    assert_eq!(first.len(), EXAMPLES.len() * 5 + 1, "{:?}", first.keys());
    assert!(first.contains_key(xxgk::output::RECORD_FILE));
    for (name, bytes) in &first {
        assert!(second.get(name) == Some(bytes), "{name} differs between two runs of xxgk");
    }
    for ((what, a), (_, b)) in in_process[0].iter().zip(&in_process[1]) {
        assert!(a == b, "{what} differs between two renders");
    }
}

/// The PDF export keeps what it worked out for one report's fonts (each glyph's program and box,
/// see vendor/README.md) for the next one: a report rendered after others, from those caches, is
/// the same file as the one a fresh process writes. With the embedded fonts and with the system's
/// (Noto CJK's large CID-keyed fonts where installed, as in CI).
#[test]
fn a_pdf_is_the_same_alone_and_after_other_reports() {
    let [first, second] = EXAMPLES;
    for fonts in [&["--no-system-fonts"][..], &[]] {
        let render = |data: &[&str], dir: &Path| {
            let out = Command::new(env!("CARGO_BIN_EXE_xxgk"))
                .current_dir(root())
                .args(["render", "-f", "pdf", "-j", "1", "-o"])
                .arg(dir)
                .args(data)
                .args(fonts)
                .env_remove("XXGK_FONT_PATH")
                .env_remove("SOURCE_DATE_EPOCH")
                .output()
                .expect("xxgk runs");
            assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
            let mut pdfs = files(dir);
            pdfs.retain(|name, _| name.ends_with(".pdf"));
            pdfs
        };
        let (alone, after) = (tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap());
        let alone = render(&[second], alone.path());
        let after = render(&[first, second], after.path());
        assert_eq!(alone.len(), 1, "{:?}", alone.keys());
        for (name, bytes) in &alone {
            assert!(after.get(name) == Some(bytes), "{name} ({fonts:?}) differs after another report");
        }
    }
}

#[test]
fn source_date_epoch_else_the_signature_dates_pdf_and_docx() {
    let pdf_date = |dir: &Path| -> Option<String> {
        let pdf = std::fs::read_dir(dir)
            .unwrap()
            .map(|e| e.unwrap().path())
            .find(|p| p.extension() == Some("pdf".as_ref()))?;
        let bytes = std::fs::read(pdf).unwrap();
        let raw = String::from_utf8_lossy(&bytes);
        let at = raw.find("/CreationDate (D:").or_else(|| raw.find("/CreationDate(D:"))?;
        let rest = &raw[at..];
        let start = rest.find("D:")? + 2;
        Some(rest[start..start + 14].to_string())
    };
    let docx_created = |dir: &Path| -> Option<String> {
        let docx = std::fs::read_dir(dir)
            .unwrap()
            .map(|e| e.unwrap().path())
            .find(|p| p.extension() == Some("docx".as_ref()))?;
        let mut zip = zip::ZipArchive::new(std::fs::File::open(docx).unwrap()).unwrap();
        let mut core = String::new();
        std::io::Read::read_to_string(&mut zip.by_name("docProps/core.xml").unwrap(), &mut core).unwrap();
        let start = core.find("<dcterms:created")?;
        let start = start + core[start..].find('>')? + 1;
        Some(core[start..start + 20].to_string())
    };
    // county-2021 is signed 2024-01-16; kaifu-2019 has no 落款 date.
    let [county, kaifu] = [EXAMPLES[1], EXAMPLES[0]];
    let dir = tempfile::tempdir().unwrap();
    let printed = render_all(county, dir.path(), Some("1705372245"));
    assert!(printed.contains("已生成") && !printed.contains("SOURCE_DATE_EPOCH"), "{printed}");
    assert_eq!(pdf_date(dir.path()).as_deref(), Some("20240116023045"));
    assert_eq!(docx_created(dir.path()).as_deref(), Some("2024-01-16T02:30:45Z"));

    let dir = tempfile::tempdir().unwrap();
    render_all(county, dir.path(), None);
    assert_eq!(pdf_date(dir.path()).as_deref(), Some("20240116000000"));
    assert_eq!(docx_created(dir.path()).as_deref(), Some("2024-01-16T00:00:00Z"));

    let dir = tempfile::tempdir().unwrap();
    render_all(kaifu, dir.path(), None);
    assert_eq!(pdf_date(dir.path()), None, "no date to record");
    assert_eq!(docx_created(dir.path()), None, "no date to record");
    let dir = tempfile::tempdir().unwrap();
    render_all(kaifu, dir.path(), Some("0"));
    assert_eq!(pdf_date(dir.path()).as_deref(), Some("19700101000000"));

    // A value that is not a number of seconds is ignored, and said so.
    let dir = tempfile::tempdir().unwrap();
    let printed = render_all(county, dir.path(), Some("2024-01-16"));
    assert!(printed.contains("注意：环境变量 SOURCE_DATE_EPOCH 的值“2024-01-16”"), "{printed}");
    assert_eq!(pdf_date(dir.path()).as_deref(), Some("20240116000000"));
}
