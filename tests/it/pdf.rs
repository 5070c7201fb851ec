//! Typst source and in-process PDF: layout grid, tables, fonts, escaping, metadata, PDF/A.
//!
//! Every renderer here uses only the embedded fonts (system fonts and XXGK_FONT_PATH off), so the
//! results do not depend on the machine.

use std::sync::OnceLock;

use crate::common::{
    self, assert_in_order,
    fixture::{self, hanzi},
    flat_text, lines, pages,
};
use xxgk::doc::{Block, CellRole, Document, Meta, Paragraph, Run, Slot, Table};
use xxgk::fonts::{EMBEDDED_SANS, EMBEDDED_SERIF, FontOptions};
use xxgk::style::{PageNumberPosition, Style, mm_to_pt};
use xxgk::write::pdf::{Layout, PdfError, PdfOptions, PdfRenderer, PdfStandard};
use xxgk::write::typst::escape_markup;
use xxgk::write::{Output, Setup, Stamp, TypstWriter, WriteError, Writer};

fn renderer() -> &'static PdfRenderer {
    static R: OnceLock<PdfRenderer> = OnceLock::new();
    R.get_or_init(|| PdfRenderer::new(&FontOptions::embedded_only()))
}

/// The Typst source `-f typ` writes.
fn render(doc: &Document, style: &Style) -> String {
    let out = TypstWriter.write(doc, &Setup::new(style)).expect("typst source");
    String::from_utf8(out.bytes).expect("UTF-8")
}

fn layout(doc: &Document, style: &Style) -> Result<Layout, PdfError> {
    renderer().layout(doc, &Setup::new(style))
}

fn pdf(doc: &Document, style: &Style, options: &PdfOptions) -> Result<Output, WriteError> {
    renderer().writer(options).write(doc, &Setup::new(style))
}

fn doc(blocks: Vec<Block>) -> Document {
    Document {
        meta: Meta {
            title: "测试报告".into(),
            author: "某某局".into(),
            language: "zh-CN".into(),
            draft: false,
        },
        blocks,
    }
}

fn style() -> Style {
    Style::default()
}

/// Body-size text lines inside the text block of a page.
fn body_lines(page: &[common::Piece], style: &Style) -> Vec<(f64, String)> {
    let top = mm_to_pt(style.page.margin_top_mm) as f64;
    let bottom = mm_to_pt(style.page.height_mm - style.page.margin_bottom_mm) as f64;
    lines(page, |p| (p.size - 16.0).abs() < 0.01 && p.y > top && p.y <= bottom + 0.01)
}

#[test]
fn full_page_of_body_text_has_22_lines() {
    let style = style();
    let layout = layout(&doc(fixture::body_paragraphs(14, 230)), &style).expect("layout");
    let pages = pages(&layout.document);
    assert!(pages.len() >= 3, "fixture should fill several pages, got {}", pages.len());
    // Every page but the last is full.
    for (i, page) in pages.iter().enumerate().take(pages.len() - 1) {
        let lines = body_lines(page, &style);
        assert_eq!(lines.len(), 22, "page {} has {} lines", i + 1, lines.len());
        // Baselines on the 28.95 pt pitch.
        for pair in lines.windows(2) {
            let pitch = pair[1].0 - pair[0].0;
            assert!((pitch - 28.95).abs() < 0.02, "page {} pitch {pitch}", i + 1);
        }
    }
}

#[test]
fn full_line_holds_28_characters_and_first_line_is_indented_two() {
    let style = style();
    let text = hanzi(26 + 28 * 5, 3);
    let layout = layout(&doc(vec![Block::Paragraph(Paragraph::plain(text.clone()))]), &style).unwrap();
    let lines = body_lines(&pages(&layout.document)[0], &style);
    let counts: Vec<usize> = lines.iter().map(|(_, t)| t.chars().count()).collect();
    assert_eq!(counts, vec![26, 28, 28, 28, 28, 28], "{lines:?}");
    // The first line starts two characters in; a full line spans the 156 mm text block.
    let page = &pages(&layout.document)[0];
    let left = mm_to_pt(style.page.margin_left_mm) as f64;
    let first = page.iter().filter(|p| (p.size - 16.0).abs() < 0.01).map(|p| p.x).fold(f64::MAX, f64::min);
    assert!((first - left).abs() < 0.5, "continuation lines start at the margin ({first} vs {left})");
    let second_line_y = lines[1].0;
    let right =
        page.iter().filter(|p| (p.y - second_line_y).abs() < 0.1).map(|p| p.right).fold(0.0, f64::max);
    let text_right = mm_to_pt(style.page.width_mm - style.page.margin_right_mm) as f64;
    assert!(
        (right - text_right).abs() < 1.0,
        "a full line ends at the right margin ({right} vs {text_right})"
    );
    assert_eq!(lines.iter().map(|(_, t)| t.as_str()).collect::<String>(), text);
}

#[test]
fn text_holds_every_label_and_figure_in_order() {
    let doc = fixture::report();
    let layout = layout(&doc, &style()).expect("layout");
    let text = flat_text(&layout.document);

    // Every block's text, in document order.
    let mut blocks = Vec::new();
    for b in &doc.blocks {
        match b {
            Block::Title(lines) => blocks.extend(lines.iter().cloned()),
            Block::Heading { text, .. } => blocks.push(text.clone()),
            Block::Paragraph(p) => blocks.push(p.text()),
            Block::Table(t) => blocks.push(rows(t).concat().first().cloned().unwrap_or_default()),
            Block::Signature { unit, date } => blocks.extend([unit.clone(), date.clone()]),
        }
    }
    assert_in_order(&text, &blocks, "blocks");

    // Tables: every row's single-row cells in row order (labels and figures), and every spanning
    // cell somewhere.
    for t in doc.blocks.iter().filter_map(|b| if let Block::Table(t) = b { Some(t) } else { None }) {
        let grid_rows = rows(t);
        let body: Vec<String> = grid_rows.iter().skip(t.header_rows).flatten().cloned().collect();
        assert_in_order(&text, &body, "table rows");
        for row in &t.rows {
            for cell in row {
                let needle: String = cell.text.chars().filter(|c| !c.is_whitespace()).collect();
                assert!(text.contains(&needle), "cell “{}” missing", cell.text);
            }
        }
    }

    // The PDF itself (when poppler's pdftotext is installed): same labels and figures.
    let pdf = pdf(&doc, &style(), &PdfOptions::default()).expect("pdf");
    if let Some(pdf_text) = pdftotext(&pdf.bytes) {
        assert_in_order(&pdf_text, &blocks, "pdftotext blocks");
        for t in doc.blocks.iter().filter_map(|b| if let Block::Table(t) = b { Some(t) } else { None }) {
            for cell in t.rows.iter().flatten().filter(|c| c.role == CellRole::Number) {
                assert!(pdf_text.contains(&cell.text), "pdftotext lacks {}", cell.text);
            }
        }
    }
}

/// Cells of each row whose row span is 1, in column order (what reads left to right on a line).
fn rows(t: &Table) -> Vec<Vec<String>> {
    t.grid()
        .iter()
        .map(|row| {
            row.iter()
                .filter_map(|s| match s {
                    Slot::Origin(c) if c.rowspan == 1 => Some(c.text.clone()),
                    _ => None,
                })
                .collect()
        })
        .collect()
}

fn pdftotext(pdf: &[u8]) -> Option<String> {
    let dir = tempfile::tempdir().ok()?;
    let path = dir.path().join("t.pdf");
    std::fs::write(&path, pdf).ok()?;
    let out = std::process::Command::new("pdftotext").arg("-raw").arg(&path).arg("-").output().ok()?;
    let text: String = String::from_utf8_lossy(&out.stdout).chars().filter(|c| !c.is_whitespace()).collect();
    // Drop the page numbers “— N —” that fall between a paragraph's lines across pages.
    let numbers = regex::Regex::new(r"—\d+—").ok()?;
    out.status.success().then(|| numbers.replace_all(&text, "").into_owned())
}

#[test]
fn markup_characters_in_data_come_out_literally() {
    let cases = [
        "#read(\"/etc/passwd\")",
        "#include \"x\"",
        "$x$",
        "@ref",
        "<label>",
        "a\\b",
        "]",
        "[",
        "a // b",
        "/* c */",
        "*bold*",
        "_emph_",
        "`raw`",
        "= 标题",
        "- 列表",
        "+ 编号",
        "1. 第一",
        "~ -- --- ... 'q' \"q\"",
        "#{1+1}",
        "\\u{41}",
        "https://example.org/a//b",
        "/ 术语: 说明",
    ];
    let mut blocks: Vec<Block> = cases.iter().map(|c| Block::Paragraph(Paragraph::plain(*c))).collect();
    // Table cells and headings without white space are written as strings, the others as markup.
    let cells = cases.iter().map(|c| vec![xxgk::doc::Cell::new(format!("格{c}"), CellRole::Label)]).collect();
    blocks.push(Block::Table(Table {
        kind: xxgk::doc::TableKind::Appeals,
        widths: vec![1.0],
        header_rows: 0,
        rows: cells,
    }));
    blocks.push(Block::Heading { level: 2, text: "#panic(\"y\")=*h*\\".into() });
    let mut d = doc(blocks);
    d.blocks.push(Block::Heading { level: 1, text: "#panic(\"x\") = *h*".into() });
    d.blocks.push(Block::Signature { unit: "]#x".into(), date: "$2024$".into() });
    d.meta.title = "标题 \" #x \\ ]".into();
    let layout = layout(&d, &style()).expect("escaped data must compile");
    let pages = pages(&layout.document);
    let all: Vec<(f64, String)> = pages.iter().flat_map(|p| lines(p, |_| true)).collect();
    let text: String = all.iter().map(|(_, t)| t.as_str()).collect::<Vec<_>>().join("\n");
    for case in cases.iter().chain(&["#panic(\"x\") = *h*", "#panic(\"y\")=*h*\\", "]#x", "$2024$"]) {
        assert!(text.contains(case), "“{case}” did not come out literally in:\n{text}");
    }
    for case in cases {
        assert!(
            text.contains(&format!("格{case}")),
            "the cell “{case}” did not come out literally in:\n{text}"
        );
    }
    // Each case is its own line, not merged into a list, heading or code result.
    assert!(!text.contains('2') || text.contains("#{1+1}"));
}

#[test]
fn escape_markup_escapes_all_ascii_punctuation() {
    assert_eq!(escape_markup("a#b"), "a\\#b");
    assert_eq!(escape_markup("中文，。"), "中文，。");
    assert_eq!(escape_markup("x\ny"), "x#linebreak();y");
    assert_eq!(escape_markup("\u{7}"), "");
}

#[test]
fn cli_source_lists_style_chain_then_embedded_font() {
    let source = render(&fixture::report(), &style());
    assert!(source.contains("\"仿宋_GB2312\""));
    assert!(source.contains(&format!("\"{EMBEDDED_SERIF}\", )")), "embedded family closes the chain");
    assert!(source.contains("table.header(repeat: true"));
    assert!(!source.contains("#read"));
}

#[test]
fn pdf_a_2b_is_identified_and_metadata_written() {
    let d = fixture::report();
    let pdf = pdf(&d, &style(), &PdfOptions { standard: Some(PdfStandard::A2b) }).expect("PDF/A-2b export");
    let raw = String::from_utf8_lossy(&pdf.bytes);
    assert!(raw.starts_with("%PDF-1.7"), "PDF/A-2 is based on PDF 1.7");
    let part = raw.contains("<pdfaid:part>2</pdfaid:part>") || raw.contains("pdfaid:part=\"2\"");
    let conformance = raw.contains("<pdfaid:conformance>B</pdfaid:conformance>")
        || raw.contains("pdfaid:conformance=\"B\"");
    assert!(part && conformance, "XMP lacks the PDF/A-2b identification");
    assert!(raw.contains(&d.meta.title), "XMP dc:title");
    assert!(raw.contains(&d.meta.author), "XMP dc:creator");
    assert!(raw.contains("zh-CN"), "document language");
}

#[test]
fn notices_name_substitutes_and_uncovered_characters() {
    // 堃 is outside GB2312 (not in the embedded fonts); 😀 is in no font here.
    let d = doc(vec![Block::Paragraph(Paragraph::plain("张堃同志😀"))]);
    let out = pdf(&d, &style(), &PdfOptions::default()).expect("render");
    let notices = out.notices.join("\n");
    assert!(notices.contains("仿宋_GB2312") && notices.contains(EMBEDDED_SERIF), "{notices}");
    assert!(notices.contains("方正小标宋简体"), "{notices}");
    assert!(notices.contains("堃") && notices.contains("U+5803"), "{notices}");
    assert!(notices.contains("😀"), "{notices}");
    assert!(!notices.contains("“张”"), "covered characters are not listed: {notices}");
}

#[test]
fn heading_levels_and_run_in_headings_use_their_fonts() {
    let d = doc(vec![
        Block::Heading { level: 1, text: "一、黑体标题".into() },
        Block::Heading { level: 2, text: "（一）楷体标题".into() },
        Block::Paragraph(Paragraph {
            runs: vec![Run::heading(1, "一是黑体引领。"), Run::plain("正文仿宋内容")],
        }),
    ]);
    let layout = layout(&d, &style()).unwrap();
    let page = &pages(&layout.document)[0];
    let family = |needle: &str| {
        page.iter().find(|p| p.text.contains(needle)).map(|p| p.family.clone()).unwrap_or_default()
    };
    assert_eq!(family("黑体标题"), EMBEDDED_SANS);
    assert_eq!(family("一是黑体引领"), EMBEDDED_SANS);
    assert_eq!(family("正文仿宋内容"), EMBEDDED_SERIF);
    // Headings are indented two characters like body paragraphs.
    let left = mm_to_pt(28.0) as f64;
    let x = page.iter().find(|p| p.text.contains("黑体标题")).map(|p| p.x).unwrap_or_default();
    assert!((x - left - 32.0).abs() < 0.5, "heading x {x}");
}

#[test]
fn page_numbers_sit_outside_on_odd_and_even_pages_or_centred() {
    let body = fixture::body_paragraphs(8, 230);
    let number = |position: PageNumberPosition| {
        let mut style = style();
        style.page_number.position = position;
        let layout = layout(&doc(body.clone()), &style).unwrap();
        pages(&layout.document)
            .iter()
            .map(|page| {
                let numbers: Vec<&common::Piece> =
                    page.iter().filter(|p| (p.size - 14.0).abs() < 0.01).collect();
                let text: String = numbers.iter().map(|p| p.text.as_str()).collect();
                let left = numbers.iter().map(|p| p.x).fold(f64::MAX, f64::min);
                let right = numbers.iter().map(|p| p.right).fold(0.0, f64::max);
                (text, left, right, numbers.first().map(|p| p.y).unwrap_or_default())
            })
            .collect::<Vec<_>>()
    };
    let outside = number(PageNumberPosition::Outside);
    assert!(outside.len() >= 2);
    let text_left = mm_to_pt(28.0) as f64;
    let text_right = mm_to_pt(210.0 - 26.0) as f64;
    let (t1, _, r1, y1) = &outside[0];
    assert_eq!(t1.replace(' ', ""), "—1—");
    // (typst lets the closing dash's advance overhang its line by ~2.5 pt)
    assert!((text_right - r1 - 14.0).abs() < 3.0, "odd page: right, one character in ({r1})");
    let (t2, l2, _, _) = &outside[1];
    assert_eq!(t2.replace(' ', ""), "—2—");
    assert!((l2 - text_left - 14.0).abs() < 1.0, "even page: left, one character in ({l2})");
    // 7 mm below the text block (top of the number's em box), baseline 0.8 em lower.
    let block_bottom = mm_to_pt(297.0 - 35.0) as f64;
    assert!((y1 - block_bottom - mm_to_pt(7.0) as f64 - 0.8 * 14.0).abs() < 0.5, "number baseline {y1}");

    let centred = number(PageNumberPosition::Center);
    let (_, l, r, _) = &centred[1];
    let mid = (text_left + text_right) / 2.0;
    assert!(((l + r) / 2.0 - mid).abs() < 2.0, "centred number");
}

#[test]
fn long_table_repeats_its_header_rows_on_every_page() {
    let mut t = fixture::requests_table();
    let template = t.rows[3].clone();
    for _ in 0..60 {
        t.rows.push(template.clone());
    }
    let layout = layout(&doc(vec![Block::Table(t)]), &style()).unwrap();
    let pages = pages(&layout.document);
    assert!(pages.len() >= 2, "table should break across pages");
    for (i, page) in pages.iter().enumerate() {
        let text: String = page.iter().map(|p| p.text.as_str()).collect();
        assert!(
            text.contains("申请人情况") && text.contains("社会公益组织"),
            "page {} lacks the header",
            i + 1
        );
    }
}

#[test]
fn tables_fit_the_text_width() {
    let layout = layout(&fixture::report(), &style()).unwrap();
    let left = mm_to_pt(28.0) as f64;
    let right = mm_to_pt(210.0 - 26.0) as f64;
    for page in pages(&layout.document) {
        for p in page.iter().filter(|p| (p.size - 10.5).abs() < 0.01) {
            assert!(p.x >= left - 0.1 && p.right <= right + 0.1, "table text outside the text block: {p:?}");
        }
    }
}

#[test]
fn signature_sits_right_with_date_below() {
    let d = doc(vec![
        Block::Paragraph(Paragraph::plain(hanzi(40, 1))),
        Block::Signature { unit: "某某市某某局".into(), date: "2024年1月16日".into() },
    ]);
    let layout = layout(&d, &style()).unwrap();
    let page = &pages(&layout.document)[0];
    let unit = page.iter().find(|p| p.text.contains("某某局")).expect("unit");
    let date = page.iter().find(|p| p.text.contains("1")).expect("date");
    let right = mm_to_pt(210.0 - 26.0) as f64;
    assert!(date.y > unit.y + 28.0, "date on the line below");
    let date_right = page.iter().filter(|p| (p.y - date.y).abs() < 0.1).map(|p| p.right).fold(0.0, f64::max);
    let unit_right = page.iter().filter(|p| (p.y - unit.y).abs() < 0.1).map(|p| p.right).fold(0.0, f64::max);
    assert!(unit_right.max(date_right) <= right - 30.0 && unit_right.max(date_right) >= right - 33.0);
    assert!(
        (date.x - unit.x - 32.0).abs() < 1.0 || date_right > unit_right,
        "date starts two characters right"
    );
}

#[test]
fn draft_documents_carry_a_visible_mark() {
    let mut d = doc(vec![Block::Paragraph(Paragraph::plain("正文"))]);
    d.meta.draft = true;
    let layout = layout(&d, &style()).unwrap();
    let text: String = pages(&layout.document)[0].iter().map(|p| p.text.as_str()).collect();
    assert!(text.contains("草稿"), "{text}");
}

#[test]
fn one_renderer_serves_many_threads() {
    let d = fixture::report();
    let sizes: Vec<usize> = std::thread::scope(|s| {
        let handles: Vec<_> = (0..4)
            .map(|_| s.spawn(|| pdf(&d, &style(), &PdfOptions::default()).map(|o| o.bytes.len())))
            .collect();
        handles.into_iter().map(|h| h.join().expect("thread").expect("render")).collect()
    });
    assert!(sizes.iter().all(|&n| n > 10_000));
}

#[test]
fn malformed_tables_still_render_every_cell() {
    use xxgk::doc::{Cell, TableKind};
    // A short row (a hole), an overlong row (a dropped cell) and a header cell reaching below the
    // header: coordinates are written explicitly and nothing panics or errors.
    let t = Table {
        kind: TableKind::Appeals,
        widths: vec![1.0, 1.0, 1.0],
        header_rows: 1,
        rows: vec![
            vec![Cell::new("甲", CellRole::Header).span(2, 1), Cell::new("乙", CellRole::Header).span(1, 2)],
            vec![Cell::new("丙", CellRole::Number)],
            vec![
                Cell::new("丁", CellRole::Label),
                Cell::new("戊", CellRole::Number),
                Cell::new("己", CellRole::Number),
                Cell::new("庚", CellRole::Number),
            ],
        ],
    };
    let source = render(&doc(vec![Block::Table(t.clone())]), &style());
    assert!(source.contains("x: 0, y: 0"), "explicit coordinates for a malformed table");
    let layout = layout(&doc(vec![Block::Table(t)]), &style()).expect("layout");
    let text = flat_text(&layout.document);
    for c in ["甲", "乙", "丙", "丁", "戊", "己"] {
        assert!(text.contains(c), "{c} missing from {text}");
    }
}

/// Every piece of text except the page number lies inside the text block (nothing runs over the
/// foot of a page).
fn assert_inside_text_block(layout: &typst_layout::PagedDocument, style: &Style, what: &str) {
    let top = mm_to_pt(style.page.margin_top_mm) as f64;
    let bottom = mm_to_pt(style.page.height_mm - style.page.margin_bottom_mm) as f64;
    for (i, page) in pages(layout).iter().enumerate() {
        for p in page.iter().filter(|p| !common::is_page_number(p)) {
            assert!(
                p.y > top && p.y <= bottom + 0.01,
                "{what}: “{}” on page {} at {:.1} pt, outside the text block ({top:.1}–{bottom:.1} pt)",
                p.text,
                i + 1,
                p.y
            );
        }
    }
}

#[test]
fn a_table_taller_than_a_page_breaks_instead_of_running_over_the_foot() {
    // 28 rows (kept whole when they fit), but labels long enough to make it taller than a page.
    let mut t = fixture::requests_table();
    for cell in t.rows.iter_mut().skip(t.header_rows).flatten().filter(|c| c.role == CellRole::Label) {
        cell.text = cell.text.repeat(3);
    }
    assert!(t.rows.len() <= 32);
    let layout = layout(&doc(vec![Block::Table(t)]), &style()).unwrap();
    assert!(pages(&layout.document).len() >= 2, "the table should break across pages");
    assert_inside_text_block(&layout.document, &style(), "tall table");
}

#[test]
fn examples_stay_inside_the_text_block_with_table_three_whole() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let renderer =
        xxgk::render::Renderer::with_options(None, FontOptions::embedded_only(), PdfOptions::default())
            .expect("templates");
    for example in ["examples/county-2021.yaml", "examples/kaifu-2019.yaml"] {
        let (_, report) = xxgk::load::load_file(&root.join(example)).expect("example loads");
        let document = renderer.document(&report, None, false).expect("template");
        let style = renderer.style(&report, None).expect("style");
        let layout = renderer.pdf().layout(&document, &Setup::new(&style)).expect("layout");
        assert_inside_text_block(&layout.document, &style, example);
        // Table 三 fits on one page, so it is not split: its first and last rows share a page.
        let page_of = |needle: &str| {
            pages(&layout.document)
                .iter()
                .position(|page| page.iter().map(|p| p.text.as_str()).collect::<String>().contains(needle))
        };
        let first = page_of("一、本年新收政府信息公开申请数量");
        assert!(first.is_some(), "{example}: table 三 missing");
        assert_eq!(first, page_of("四、结转下年度继续办理"), "{example}: table 三 split across pages");
    }
}

#[test]
fn the_creation_date_is_the_setups_never_the_clock() {
    let d = doc(vec![Block::Paragraph(Paragraph::plain("正文"))]);
    let style = style();
    let write = |setup: &Setup, options: &PdfOptions| {
        let bytes = renderer().writer(options).write(&d, setup).expect("pdf").bytes;
        String::from_utf8_lossy(&bytes).into_owned()
    };
    let plain = PdfOptions::default();
    let dated = write(&Setup::new(&style).with_date(Stamp::date(2024, 1, 16)), &plain);
    assert!(dated.contains("/CreationDate(D:20240116000000Z)"), "info dictionary");
    assert!(dated.contains("<xmp:CreateDate>2024-01-16T00:00:00+00:00</xmp:CreateDate>"), "XMP");

    let undated = write(&Setup::new(&style), &plain);
    assert!(!undated.contains("CreationDate") && !undated.contains("CreateDate"), "no date to record");
    std::thread::sleep(std::time::Duration::from_millis(1100));
    assert!(undated == write(&Setup::new(&style), &plain), "two renders differ");

    // PDF/A requires a date: the fixed one.
    let archival = write(&Setup::new(&style), &PdfOptions { standard: Some(PdfStandard::A2b) });
    assert!(archival.contains("/CreationDate(D:19800101000000Z)"), "PDF/A without a date");
}
