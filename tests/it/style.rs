//! Locality styles: a partial `style.yaml` is laid over the defaults and renders; a style no page
//! can be laid out on is refused once, for every format, in Chinese, at its line and column.

use std::io::Read;
use std::path::{Path, PathBuf};

use xxgk::fonts::FontOptions;
use xxgk::render::{Format, Renderer};
use xxgk::style::{Style, StyleError};
use xxgk::write::pdf::PdfOptions;

use crate::common::pages;

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn xxgk() -> assert_cmd::Command {
    assert_cmd::Command::cargo_bin("xxgk").unwrap()
}

/// A template folder with a locality `mycity` (the book's template) whose style file is `style`;
/// the path of that style file.
fn mycity(dir: &Path, style: &str) -> PathBuf {
    let locality = dir.join("mycity");
    std::fs::create_dir_all(&locality).unwrap();
    std::fs::copy(root().join("book/examples/templates/mycity/report.tera"), locality.join("report.tera"))
        .unwrap();
    let file = locality.join("style.yaml");
    std::fs::write(&file, style).unwrap();
    file
}

fn error(text: &str) -> StyleError {
    match Style::from_yaml(text) {
        Ok(s) => panic!("{text:?} was accepted: {s:?}"),
        Err(e) => e,
    }
}

#[test]
fn a_partial_style_keeps_every_other_default() {
    let s = Style::from_yaml("body: {size_pt: 18}\n").expect("partial style");
    let mut expected = Style::default();
    expected.body.size_pt = 18.0;
    assert_eq!(s, expected);
    let s = Style::from_yaml("page:\n  margin_left_mm: 30\npage_number:\n  font:\n    bold: true\n").unwrap();
    assert_eq!((s.page.margin_left_mm, s.page.width_mm, s.page_number.font.bold), (30.0, 210.0, true));
    assert_eq!(s.page_number.font.fonts, Style::default().page_number.font.fonts);
    // One font may be written without brackets; a key with nothing under it changes nothing.
    assert_eq!(Style::from_yaml("h1:\n  fonts: 黑体\n").unwrap().h1.fonts, ["黑体"]);
    assert_eq!(Style::from_yaml("h1:\n# size_pt: 18\n").unwrap(), Style::default());
    assert_eq!(Style::from_yaml("# 沿用默认值\n").unwrap(), Style::default());
}

#[test]
fn every_built_in_style_is_valid() {
    assert_eq!(Style::default().validate(), Ok(()));
    for file in ["default", "shanghai", "shandong"] {
        let text = std::fs::read_to_string(root().join("templates").join(file).join("style.yaml")).unwrap();
        Style::from_yaml(&text).unwrap_or_else(|e| panic!("{file}: {e}"));
    }
    let book = std::fs::read_to_string(root().join("book/examples/templates/mycity/style.yaml")).unwrap();
    Style::from_yaml(&book).unwrap();
}

#[test]
fn unusable_numbers_are_refused_at_their_line_and_column() {
    for (text, (line, col), key, words) in [
        (
            "page:\n  width_mm: 0\n",
            (2, 13),
            "page.width_mm",
            &["纸宽", "50 到 1000 之间的数（毫米）", "这里是 0"][..],
        ),
        ("page:\n  height_mm: .nan\n", (2, 14), "page.height_mm", &["纸高", "这里是 .nan"]),
        ("body:\n  size_pt: -16\n", (2, 12), "body.size_pt", &["正文的字号", "5 到 72 之间的数（磅）"]),
        ("title: {size_pt: .inf}\n", (1, 18), "title.size_pt", &["标题的字号", ".inf"]),
        ("page:\n  margin_top_mm: -5\n", (2, 18), "page.margin_top_mm", &["上白边", "不小于 0 的数（毫米）"]),
        ("first_line_indent_chars: 40\n", (1, 26), "first_line_indent_chars", &["首行缩进", "0 到 10"]),
        ("line_pitch_pt: 500\n", (1, 16), "line_pitch_pt", &["行距", "5 到 100"]),
        // Margins wider than the page leave no text block (the page of 3 pt that lost the text).
        (
            "page:\n  width_mm: 210\n  margin_left_mm: 120\n  margin_right_mm: 90\n",
            (3, 19),
            "page.margin_left_mm",
            &["版心只剩 0 毫米宽", "应至少留 40 毫米"],
        ),
        (
            "page:\n  height_mm: 100\n",
            (2, 14),
            "page.height_mm",
            &["纸高（page.height_mm）100 毫米", "版心只剩 28 毫米高"],
        ),
        // Body text and headings share the fixed pitch.
        ("h1:\n  size_pt: 30\n", (2, 12), "h1.size_pt", &["行距（line_pitch_pt）28.95 磅小于一级标题的字号"]),
        (
            "page:\n  margin_bottom_mm: 10\n",
            (2, 21),
            "page.margin_bottom_mm",
            &["页码放不下", "页码会印到纸外"],
        ),
        ("body:\n  fonts: []\n", (2, 10), "body.fonts", &["正文的字体", "至少写一个字体名"]),
    ] {
        let e = error(text);
        assert_eq!(e.problems.len(), 1, "{text:?}: {e}");
        let p = &e.problems[0];
        assert_eq!(p.key, key, "{text:?}: {e}");
        assert_eq!(p.pos.map(|p| (p.line, p.col)), Some((line, col)), "{text:?}: {e}");
        let shown = e.to_string();
        assert!(shown.starts_with(&format!("第 {line} 行第 {col} 列：")), "{shown}");
        assert!(shown.contains(key), "{shown}");
        for w in words {
            assert!(shown.contains(w), "{text:?}: {shown} lacks {w}");
        }
    }
}

#[test]
fn wrong_kinds_and_unknown_keys_are_refused_with_a_suggestion() {
    for (text, words) in [
        (
            "page:\n  widht_mm: 200\n",
            &["第 2 行第 3 列", "“page”下没有“widht_mm”这一设置项", "是不是“width_mm”（纸宽）"][..],
        ),
        ("titel:\n  size_pt: 20\n", &["第 1 行第 1 列", "没有“titel”", "是不是“title”"]),
        ("width_mm: 200\n", &["应写在“page:”下面", "page.width_mm"]),
        (
            "page_number:\n  position: left\n",
            &["页码位置（page_number.position）应为 outside 或 center", "文字“left”"],
        ),
        ("body: {size_pt: 十六}\n", &["正文的字号（body.size_pt）应为 5 到 72 之间的数（磅）", "文字“十六”"]),
        ("body:\n  bold: 是\n", &["正文是否加粗（body.bold）应为 true 或 false"]),
        ("page: 210\n", &["纸张与页边距（page）应为一组设置"]),
        ("page:\n  width_mm: 1\n  width_mm: 2\n", &["第 3 行", "“width_mm”在同一层重复出现"]),
        ("page:\n\twidth_mm: 1\n", &["第 2 行", "YAML 语法错误", "Tab"]),
        ("- 1\n", &["样式文件应由“设置项: 值”组成"]),
    ] {
        let shown = error(text).to_string();
        for w in words {
            assert!(shown.contains(w), "{text:?}: {shown} lacks {w}");
        }
        // Chinese throughout: no English sentence from a parser.
        assert!(
            !shown.contains("expected") && !shown.contains("missing") && !shown.contains("line"),
            "{shown}"
        );
    }
    // Every problem of a file, in file order.
    let e = error("page:\n  width_mm: 0\n  height_mm: -1\nbody:\n  size_pt: 99\n");
    let lines: Vec<u32> = e.problems.iter().filter_map(|p| p.pos.map(|p| p.line)).collect();
    assert_eq!(lines, [2, 3, 5], "{e}");
    assert!(e.to_string().starts_with("共 3 处\n  第 2 行"), "{e}");
}

#[test]
fn a_style_built_in_code_is_checked_the_same_way() {
    let mut s = Style::default();
    s.page.width_mm = f32::NAN;
    s.table.size_pt = 0.0;
    let e = s.validate().unwrap_err();
    let keys: Vec<&str> = e.problems.iter().map(|p| p.key.as_str()).collect();
    assert_eq!(keys, ["page.width_mm", "table.size_pt"], "{e}");
    assert!(e.problems.iter().all(|p| p.pos.is_none()));
}

#[test]
fn cli_refuses_a_broken_style_for_every_format_with_file_and_line() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out");
    for (style, words) in [
        ("page:\n  width_mm: 0\n", &["第 2 行第 13 列", "纸宽（page.width_mm）"][..]),
        ("# 地区版式\npage:\n  margin_left_mm: 150\n", &["第 3 行第 19 列", "页边距太大"]),
        ("page:\n  widht_mm: 200\n", &["第 2 行第 3 列", "是不是“width_mm”"]),
    ] {
        let file = mycity(&dir.path().join("模板"), style);
        let assert = xxgk()
            .arg("render")
            .arg(root().join("examples/county-2021.yaml"))
            .arg("--templates")
            .arg(dir.path().join("模板"))
            .args(["--locality", "mycity", "-f", "typ,pdf,docx,html,md", "--no-system-fonts", "-q", "-o"])
            .arg(&out)
            .assert()
            .code(2);
        let stderr = String::from_utf8_lossy(&assert.get_output().stderr).into_owned();
        assert!(stderr.contains(&format!("样式文件 {} 有误：", file.display())), "{stderr}");
        for w in words {
            assert!(stderr.contains(w), "{style:?}: {stderr} lacks {w}");
        }
        // Nothing written in any format.
        let written = std::fs::read_dir(&out).map(|d| d.count()).unwrap_or(0);
        assert_eq!(written, 0, "{style:?}: {stderr}");
    }
}

#[test]
fn cli_renders_pdf_and_docx_with_a_partial_style() {
    let dir = tempfile::tempdir().unwrap();
    let templates = dir.path().join("模板");
    mycity(&templates, "body: {size_pt: 18}\n");
    let out = dir.path().join("out");
    xxgk()
        .arg("render")
        .arg(root().join("examples/county-2021.yaml"))
        .arg("--templates")
        .arg(&templates)
        .args(["--locality", "mycity", "-f", "pdf,docx", "--no-system-fonts", "-q", "-o"])
        .arg(&out)
        .assert()
        .code(0);
    let files: Vec<PathBuf> = std::fs::read_dir(&out).unwrap().map(|e| e.unwrap().path()).collect();
    let by_ext = |ext: &str| files.iter().find(|f| f.extension().is_some_and(|e| e == ext)).cloned();
    let pdf = std::fs::read(by_ext("pdf").expect("a PDF")).unwrap();
    assert!(pdf.starts_with(b"%PDF"));
    // The DOCX body is 18 pt (36 half-points), the rest as by default (tables at 10.5 pt).
    let docx = std::fs::File::open(by_ext("docx").expect("a DOCX")).unwrap();
    let mut styles = String::new();
    zip::ZipArchive::new(docx)
        .unwrap()
        .by_name("word/styles.xml")
        .unwrap()
        .read_to_string(&mut styles)
        .unwrap();
    assert!(styles.contains(r#"<w:sz w:val="36""#), "body size 18 pt missing");
    assert!(styles.contains(r#"<w:sz w:val="21""#), "table size 10.5 pt missing");

    // The PDF lays body text at 18 pt (headings keep 16 pt) on the default page.
    let renderer =
        Renderer::with_options(Some(&templates), FontOptions::embedded_only(), PdfOptions::default())
            .unwrap();
    let (_, report) = xxgk::load::load_file(&root().join("examples/county-2021.yaml")).unwrap();
    let style = renderer.style(&report, Some("mycity")).unwrap();
    assert_eq!((style.body.size_pt, style.page.width_mm), (18.0, 210.0));
    let doc = renderer.document(&report, Some("mycity"), false).unwrap();
    let layout = renderer.pdf().layout(&doc, &xxgk::write::Setup::new(&style)).unwrap();
    let sizes: Vec<f64> = pages(&layout.document).iter().flatten().map(|p| p.size).collect();
    assert!(sizes.iter().any(|s| (s - 18.0).abs() < 0.01), "no 18 pt text in the PDF");
    assert!(renderer.output(&doc, Format::Docx, &style).is_ok());
}
