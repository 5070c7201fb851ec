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
