//! The DOCX writer checked the way a clerk would: unzip the file and compare word/document.xml with
//! the document model (merged cells, every figure, fonts, sizes, margins, page numbers), then let
//! LibreOffice lay it out and read the PDF back.

use std::collections::HashMap;
use std::io::{Cursor, Read};
use std::path::Path;
use std::process::Command;

use roxmltree::{Document as Xml, Node};

use crate::common::fixture;
use xxgk::doc::{Block, Cell, CellRole, DRAFT_MARK, Document, Meta, Paragraph, Run, Table, TableKind};
use xxgk::style::{PageNumberPosition, Style};
use xxgk::write::{DocxWriter, Setup, Stamp, WriteError, Writer};

/// The DOCX bytes of `doc` in `style`.
fn render(doc: &Document, style: &Style) -> Result<Vec<u8>, WriteError> {
    DocxWriter.write(doc, &Setup::new(style)).map(|out| out.bytes)
}

const W: &str = "http://schemas.openxmlformats.org/wordprocessingml/2006/main";

/// All parts of a DOCX as strings.
fn unzip(bytes: &[u8]) -> HashMap<String, String> {
    let mut zip = zip::ZipArchive::new(Cursor::new(bytes)).expect("DOCX is a ZIP archive");
    let mut parts = HashMap::new();
    for i in 0..zip.len() {
        let mut f = zip.by_index(i).unwrap();
        if f.is_dir() {
            continue;
        }
        let mut s = String::new();
        f.read_to_string(&mut s).unwrap_or_else(|e| panic!("{} is not UTF-8: {e}", f.name()));
        parts.insert(f.name().to_string(), s);
    }
    parts
}

fn parse(xml: &str) -> Xml<'_> {
    Xml::parse(xml).unwrap_or_else(|e| panic!("XML not well-formed: {e}"))
}

fn w<'a>(n: Node<'a, 'a>, name: &str) -> Option<Node<'a, 'a>> {
    n.children().find(|c| c.has_tag_name((W, name)))
}

fn ws<'a>(n: Node<'a, 'a>, name: &'a str) -> impl Iterator<Item = Node<'a, 'a>> + 'a {
    n.children().filter(move |c| c.has_tag_name((W, name)))
}

fn attr<'a>(n: Node<'a, 'a>, name: &str) -> Option<&'a str> {
    n.attribute((W, name))
}

/// Value of `w:val` on a property child (`pPr/jc`, `rPr/sz` …).
fn val<'a>(props: Option<Node<'a, 'a>>, name: &str) -> Option<&'a str> {
    props.and_then(|p| w(p, name)).and_then(|n| attr(n, "val"))
}

fn text(n: Node) -> String {
    n.descendants().filter(|d| d.has_tag_name((W, "t"))).filter_map(|t| t.text()).collect()
}

fn body<'a>(x: &'a Xml<'a>) -> Node<'a, 'a> {
    let doc = x.root_element();
    w(doc, "body").expect("w:body")
}

fn paragraph_with<'a>(x: &'a Xml<'a>, needle: &str) -> Node<'a, 'a> {
    body(x)
        .children()
        .filter(|c| c.has_tag_name((W, "p")))
        .find(|p| text(*p).contains(needle))
        .unwrap_or_else(|| panic!("no paragraph containing {needle}"))
}

/// (ascii font, eastAsia font, size in half-points) of a run.
fn run_font(r: Node) -> (String, String, String) {
    let rpr = w(r, "rPr").expect("run has rPr");
    let f = w(rpr, "rFonts").expect("run sets rFonts");
    (
        attr(f, "ascii").unwrap_or("").to_string(),
        attr(f, "eastAsia").unwrap_or("").to_string(),
        val(Some(rpr), "sz").unwrap_or("").to_string(),
    )
}

fn text_runs<'a>(p: Node<'a, 'a>) -> Vec<Node<'a, 'a>> {
    ws(p, "r").filter(|r| w(*r, "t").is_some()).collect()
}

fn fixture_docx() -> (Document, HashMap<String, String>) {
    let doc = fixture::document();
    let bytes = render(&doc, &Style::default()).expect("render");
    (doc, unzip(&bytes))
}

fn model_tables(doc: &Document) -> Vec<&Table> {
    doc.blocks.iter().filter_map(|b| if let Block::Table(t) = b { Some(t) } else { None }).collect()
}

#[test]
fn package_has_the_parts_word_needs() {
    let (_, parts) = fixture_docx();
    for name in [
        "[Content_Types].xml",
        "word/document.xml",
        "word/styles.xml",
        "word/settings.xml",
        "docProps/core.xml",
    ] {
        let xml = parts.get(name).unwrap_or_else(|| panic!("missing {name}"));
        parse(xml);
    }
}

#[test]
fn tables_match_the_model_spans_widths_and_text() {
    let (doc, parts) = fixture_docx();
    let x = parse(&parts["word/document.xml"]);
    let tables: Vec<Node> = body(&x).children().filter(|c| c.has_tag_name((W, "tbl"))).collect();
    let models = model_tables(&doc);
    assert_eq!(tables.len(), models.len());

    for (tbl, model) in tables.iter().zip(&models) {
        let name = format!("{:?}", model.kind);
        // Explicit grid summing to the 156 mm text width (8844 twips), one column per model column.
        let grid: Vec<i64> = ws(w(*tbl, "tblGrid").expect("tblGrid"), "gridCol")
            .map(|g| attr(g, "w").unwrap().parse().unwrap())
            .collect();
        assert_eq!(grid.len(), model.columns(), "{name}: gridCol count");
        assert_eq!(grid.iter().sum::<i64>(), 8844, "{name}: table fills the text width exactly");
        let tblpr = w(*tbl, "tblPr").unwrap();
        assert_eq!(
            val(Some(tblpr), "tblLayout").or(attr(w(tblpr, "tblLayout").unwrap(), "type")),
            Some("fixed")
        );
        let borders = w(tblpr, "tblBorders").expect("table borders");
        for side in ["top", "left", "bottom", "right", "insideH", "insideV"] {
            assert_eq!(val(Some(borders), side), Some("single"), "{name}: {side} border");
        }

        // Expected merge counts straight from the model's spans.
        let mut want_span = 0;
        let mut want_restart = 0;
        let mut want_continue = 0;
        for cell in model.rows.iter().flatten() {
            if cell.colspan > 1 {
                want_span += cell.rowspan;
            }
            if cell.rowspan > 1 {
                want_restart += 1;
                want_continue += cell.rowspan - 1;
            }
        }
        let cells: Vec<Node> = tbl.descendants().filter(|d| d.has_tag_name((W, "tc"))).collect();
        let span_count = cells.iter().filter(|c| val(w(**c, "tcPr"), "gridSpan").is_some()).count();
        let vmerge = |kind: Option<&str>| {
            cells
                .iter()
                .filter(|c| {
                    let v = w(**c, "tcPr").and_then(|p| w(p, "vMerge"));
                    v.is_some() && attr(v.unwrap(), "val").unwrap_or("continue") == kind.unwrap_or("continue")
                })
                .count()
        };
        assert_eq!(span_count, want_span, "{name}: gridSpan cells");
        assert_eq!(vmerge(Some("restart")), want_restart, "{name}: vMerge restart cells");
        assert_eq!(vmerge(None), want_continue, "{name}: vMerge continue cells");

        // Every row fills the grid exactly; each tcW equals the grid columns it spans.
        let rows: Vec<Node> = ws(*tbl, "tr").collect();
        assert_eq!(rows.len(), model.rows.len(), "{name}: row count");
        for (ri, tr) in rows.iter().enumerate() {
            let mut col = 0usize;
            for tc in ws(*tr, "tc") {
                let span: usize = val(w(tc, "tcPr"), "gridSpan").map_or(1, |s| s.parse().unwrap());
                let tcw: i64 =
                    attr(w(w(tc, "tcPr").unwrap(), "tcW").expect("tcW"), "w").unwrap().parse().unwrap();
                assert_eq!(tcw, grid[col..col + span].iter().sum::<i64>(), "{name} row {ri}: tcW");
                assert!(w(tc, "p").is_some(), "{name} row {ri}: every cell holds a paragraph");
                col += span;
            }
            assert_eq!(col, grid.len(), "{name} row {ri}: cells cover the grid");
            let trpr = w(*tr, "trPr").expect("trPr");
            assert!(w(trpr, "cantSplit").is_some(), "{name} row {ri}: rows must not split");
            assert_eq!(w(trpr, "tblHeader").is_some(), ri < model.header_rows, "{name} row {ri}: tblHeader");
        }

        // Every model cell's text, in order, is the text of a cell with the right alignment and size.
        let origin_cells: Vec<Node> = cells.iter().copied().filter(|c| !text(*c).is_empty()).collect();
        let model_cells: Vec<&Cell> = model.rows.iter().flatten().collect();
        assert_eq!(origin_cells.len(), model_cells.len(), "{name}: non-empty cells");
        for (tc, cell) in origin_cells.iter().zip(&model_cells) {
            assert_eq!(text(*tc), cell.text, "{name}: cell text");
            let p = w(*tc, "p").unwrap();
            let want = if cell.role == CellRole::Label { "left" } else { "center" };
            assert_eq!(val(w(p, "pPr"), "jc"), Some(want), "{name}: alignment of {}", cell.text);
            for r in text_runs(p) {
                assert_eq!(run_font(r), ("宋体".into(), "宋体".into(), "21".into()), "{name}: {}", cell.text);
            }
        }
    }
}

#[test]
fn fonts_and_sizes_follow_gbt_9704() {
    let (_, parts) = fixture_docx();
    let x = parse(&parts["word/document.xml"]);

    let title = paragraph_with(&x, "2023年政府信息公开工作年度报告");
    assert_eq!(val(w(title, "pPr"), "jc"), Some("center"));
    assert_eq!(val(w(title, "pPr"), "pStyle"), Some("Title"));
    for r in text_runs(title) {
        assert_eq!(run_font(r), ("方正小标宋简体".into(), "方正小标宋简体".into(), "44".into()));
    }
    assert!(
        text_runs(title).len() == 2 && title.descendants().any(|d| d.has_tag_name((W, "br"))),
        "two title lines"
    );

    let fonts = ["黑体", "楷体_GB2312", "仿宋_GB2312", "仿宋_GB2312"];
    for ((level, heading), font) in fixture::INTRO_HEADINGS.iter().zip(fonts) {
        let p = paragraph_with(&x, heading);
        let ppr = w(p, "pPr");
        assert_eq!(val(ppr, "pStyle"), Some(format!("Heading{level}").as_str()));
        assert_eq!(val(ppr, "outlineLvl"), Some((level - 1).to_string().as_str()));
        for r in text_runs(p) {
            assert_eq!(run_font(r), (font.into(), font.into(), "32".into()), "{heading}");
        }
    }

    let body_p = paragraph_with(&x, "第101项工作");
    let ppr = w(body_p, "pPr").unwrap();
    assert_eq!(val(Some(ppr), "jc"), Some("both"));
    assert_eq!(attr(w(ppr, "ind").unwrap(), "firstLine"), Some("640"), "two 16 pt characters");
    let spacing = w(ppr, "spacing").unwrap();
    assert_eq!((attr(spacing, "line"), attr(spacing, "lineRule")), (Some("579"), Some("exact")));
    assert!(matches!(val(Some(ppr), "widowControl"), Some("0" | "false")), "widow control off");
    for r in text_runs(body_p) {
        assert_eq!(run_font(r), ("仿宋_GB2312".into(), "仿宋_GB2312".into(), "32".into()));
    }

    // Run-in heading: level-3 font on the heading run, body font after it.
    let runin = text_runs(paragraph_with(&x, "2.制度建设。"));
    assert_eq!(run_font(runin[0]).1, "仿宋_GB2312");
    assert_eq!(text(runin[0]), "2.制度建设。");

    // Every text run in the document sets both font slots.
    for r in x.descendants().filter(|d| d.has_tag_name((W, "r")) && w(*d, "t").is_some()) {
        let (ascii, east, size) = run_font(r);
        assert!(!ascii.is_empty() && ascii == east && !size.is_empty(), "run {:?}", text(r));
    }

    // Signature: right-aligned, unit then date, date starting two characters right of the unit.
    let unit = paragraph_with(&x, fixture::UNIT);
    let date = paragraph_with(&x, fixture::DATE);
    assert!(unit.next_sibling_element() == Some(date), "date right under the unit");
    let right =
        |p: Node| attr(w(w(p, "pPr").unwrap(), "ind").unwrap(), "right").unwrap().parse::<i32>().unwrap();
    assert_eq!(val(w(unit, "pPr"), "jc"), Some("right"));
    assert_eq!(right(unit), 640, "unit two characters in from the right");
    // Unit 13 characters wide; date 6.5 (digits half width) + 5 × ¼ CJK/Latin autospace = 7.75:
    // 2 + 13 − 2 − 7.75 = 5.25 characters of 320 twips.
    assert_eq!(right(date), 1680);
}

#[test]
fn styles_page_setup_and_properties() {
    let (_, parts) = fixture_docx();
    let x = parse(&parts["word/document.xml"]);
    let sect = w(body(&x), "sectPr").expect("sectPr");
    let size = w(sect, "pgSz").unwrap();
    assert_eq!((attr(size, "w"), attr(size, "h")), (Some("11906"), Some("16838")), "A4");
    let m = w(sect, "pgMar").unwrap();
    let get = |k| attr(m, k).unwrap();
    assert_eq!(
        (get("top"), get("bottom"), get("left"), get("right")),
        ("2098", "1984", "1587", "1474"),
        "margins 37/35/28/26 mm"
    );
    // Number line: 35 mm − 7 mm − 14 pt from the page edge.
    assert_eq!(get("footer"), (1984 - 397 - 280).to_string());

    let s = parse(&parts["word/styles.xml"]);
    let style = |id: &str| {
        s.root_element()
            .children()
            .find(|c| c.has_tag_name((W, "style")) && attr(*c, "styleId") == Some(id))
            .unwrap_or_else(|| panic!("style {id}"))
    };
    let normals: Vec<Node> = s
        .root_element()
        .children()
        .filter(|c| c.has_tag_name((W, "style")) && attr(*c, "styleId") == Some("Normal"))
        .collect();
    assert_eq!(normals.len(), 1, "one Normal (正文) style");
    let normal = style("Normal");
    assert_eq!(val(Some(normal), "name"), Some("Normal"));
    assert_eq!(attr(normal, "default"), Some("1"), "Normal is the default paragraph style");
    let nppr = w(normal, "pPr").unwrap();
    assert_eq!(attr(w(nppr, "ind").unwrap(), "firstLine"), Some("640"));
    assert_eq!(attr(w(nppr, "spacing").unwrap(), "line"), Some("579"));
    let nfonts = w(w(normal, "rPr").unwrap(), "rFonts").unwrap();
    assert_eq!((attr(nfonts, "ascii"), attr(nfonts, "eastAsia")), (Some("仿宋_GB2312"), Some("仿宋_GB2312")));
    for level in 1..=4 {
        let st = style(&format!("Heading{level}"));
        assert_eq!(val(Some(st), "name"), Some(format!("heading {level}").as_str()));
        assert_eq!(val(w(st, "pPr"), "outlineLvl"), Some((level - 1).to_string().as_str()));
    }
    let lang = s.descendants().find(|d| d.has_tag_name((W, "lang"))).expect("w:lang in defaults");
    assert_eq!(attr(lang, "eastAsia"), Some("zh-CN"));

    // Substitution hints for machines without the official fonts.
    let fonts = parse(&parts["word/fontTable.xml"]);
    let fang = fonts
        .descendants()
        .find(|d| d.has_tag_name((W, "font")) && attr(*d, "name") == Some("仿宋_GB2312"))
        .expect("仿宋_GB2312 in the font table");
    assert_eq!(val(Some(fang), "altName"), Some("仿宋"));
    assert_eq!(val(Some(fang), "charset"), Some("86"));

    let core = parse(&parts["docProps/core.xml"]);
    let dc = |n: &str| {
        core.descendants()
            .find(|d| d.has_tag_name(("http://purl.org/dc/elements/1.1/", n)))
            .and_then(|d| d.text())
            .unwrap_or_default()
            .to_string()
    };
    assert_eq!(dc("title"), "某某市某某区人民政府2023年政府信息公开工作年度报告");
    assert_eq!(dc("creator"), fixture::UNIT);
    assert_eq!(dc("language"), "zh-CN");
}

fn footer_paragraph(parts: &HashMap<String, String>, kind: &str) -> (String, String, String) {
    let x = parse(&parts["word/document.xml"]);
    let sect = w(body(&x), "sectPr").unwrap();
    let rid = ws(sect, "footerReference")
        .find(|f| attr(*f, "type") == Some(kind))
        .and_then(|f| {
            f.attribute(("http://schemas.openxmlformats.org/officeDocument/2006/relationships", "id"))
        })
        .unwrap_or_else(|| panic!("no {kind} footer"));
    let rels = parse(&parts["word/_rels/document.xml.rels"]);
    let target = rels
        .descendants()
        .find(|d| d.attribute("Id") == Some(rid))
        .and_then(|d| d.attribute("Target"))
        .unwrap();
    let f = &parts[&format!("word/{target}")];
    let fx = parse(f);
    let p = fx.descendants().find(|d| d.has_tag_name((W, "p"))).unwrap();
    let ppr = w(p, "pPr");
    let instr: String =
        fx.descendants().filter(|d| d.has_tag_name((W, "instrText"))).filter_map(|d| d.text()).collect();
    assert_eq!(instr.trim(), "PAGE", "PAGE field");
    assert!(
        fx.descendants().any(|d| d.has_tag_name((W, "fldChar")) && attr(d, "fldCharType") == Some("begin"))
    );
    let t = text(p);
    assert!(t.starts_with("— ") && t.ends_with(" —"), "one-character dashes around the number: {t}");
    for r in ws(p, "r") {
        assert_eq!(run_font(r), ("宋体".into(), "宋体".into(), "28".into()), "4号宋体");
    }
    let ind = ppr.and_then(|p| w(p, "ind"));
    let side = |k| ind.and_then(|i| attr(i, k)).unwrap_or("0").to_string();
    (val(ppr, "jc").unwrap_or("").to_string(), side("left"), side("right"))
}

#[test]
fn page_numbers_outside_on_odd_and_even_pages() {
    let (_, parts) = fixture_docx();
    assert_eq!(footer_paragraph(&parts, "default"), ("right".into(), "0".into(), "280".into()));
    assert_eq!(footer_paragraph(&parts, "even"), ("left".into(), "280".into(), "0".into()));
    assert!(parts["word/settings.xml"].contains("evenAndOddHeaders"));
}

#[test]
fn page_numbers_centred_when_the_locality_says_so() {
    let mut style = Style::default();
    style.page_number.position = PageNumberPosition::Center;
    let parts = unzip(&render(&fixture::document(), &style).unwrap());
    assert_eq!(footer_paragraph(&parts, "default").0, "center");
    assert!(!parts["word/document.xml"].contains(r#"w:type="even""#));
    assert!(!parts["word/settings.xml"].contains("evenAndOddHeaders"));
}

#[test]
fn locality_style_changes_fonts_and_margins() {
    let style =
        Style::from_yaml("page:\n  margin_left_mm: 30\nbody:\n  fonts: [仿宋]\n  size_pt: 15\n").unwrap();
    let parts = unzip(&render(&fixture::document(), &style).unwrap());
    let x = parse(&parts["word/document.xml"]);
    assert_eq!(attr(w(w(body(&x), "sectPr").unwrap(), "pgMar").unwrap(), "left"), Some("1701"));
    let p = paragraph_with(&x, "第101项工作");
    assert_eq!(run_font(text_runs(p)[0]), ("仿宋".into(), "仿宋".into(), "30".into()));
    assert_eq!(attr(w(w(p, "pPr").unwrap(), "ind").unwrap(), "firstLine"), Some("600"));
}

#[test]
fn draft_mark_is_red_and_first() {
    let mut doc = fixture::document();
    doc.meta.draft = true;
    let parts = unzip(&render(&doc, &Style::default()).unwrap());
    let x = parse(&parts["word/document.xml"]);
    let first = body(&x).children().find(|c| c.is_element()).unwrap();
    assert_eq!(text(first), DRAFT_MARK);
    let rpr = w(text_runs(first)[0], "rPr");
    assert_eq!(val(rpr, "color"), Some("FF0000"));
    // Not a draft: no mark anywhere.
    let (_, clean) = fixture_docx();
    assert!(!clean["word/document.xml"].contains(DRAFT_MARK));
}

#[test]
fn data_is_escaped_never_markup() {
    let nasty = r#"a < b && c > "d" 'e' ]]> <w:p/> &amp; </w:t>"#;
    let doc = Document {
        meta: Meta { title: nasty.into(), author: nasty.into(), language: "zh-CN".into(), draft: false },
        blocks: vec![
            Block::Title(vec![nasty.into()]),
            Block::Heading { level: 1, text: nasty.into() },
            Block::Paragraph(Paragraph {
                runs: vec![Run::heading(2, nasty), Run::plain(format!("{nasty}\u{1}\u{FFFF}x"))],
            }),
            Block::Table(Table {
                kind: TableKind::Appeals,
                widths: vec![1.0, 1.0],
                header_rows: 1,
                rows: vec![
                    vec![Cell::new(nasty, CellRole::Header).span(1, 2)],
                    vec![Cell::new(nasty, CellRole::Label), Cell::new("1", CellRole::Number)],
                ],
            }),
            Block::Signature { unit: nasty.into(), date: nasty.into() },
        ],
    };
    let parts = unzip(&render(&doc, &Style::default()).unwrap());
    let x = parse(&parts["word/document.xml"]);
    let texts: Vec<String> = body(&x).descendants().filter(|d| d.has_tag_name((W, "p"))).map(text).collect();
    assert_eq!(texts.iter().filter(|t| t.as_str() == nasty).count(), 6, "{texts:?}");
    assert!(texts.iter().any(|t| *t == format!("{nasty}{nasty}x")), "control characters dropped, text kept");
    let core = parse(&parts["docProps/core.xml"]);
    assert!(core.descendants().any(|d| d.text() == Some(nasty)));
}

#[test]
fn bad_table_widths_are_an_error() {
    let mut doc = fixture::document();
    doc.blocks.push(Block::Table(Table {
        kind: TableKind::Requests,
        widths: vec![],
        header_rows: 0,
        rows: vec![],
    }));
    let err = render(&doc, &Style::default()).unwrap_err().to_string();
    assert!(err.contains("收到和处理政府信息公开申请情况"), "{err}");
}

#[test]
fn same_document_same_bytes() {
    let doc = fixture::document();
    let a = render(&doc, &Style::default()).unwrap();
    std::thread::sleep(std::time::Duration::from_millis(1100));
    assert!(a == render(&doc, &Style::default()).unwrap(), "two renders differ");
}

#[test]
fn creation_date_is_the_setups_in_core_properties_and_zip_entries() {
    let doc = fixture::document();
    let style = Style::default();
    let write = |setup: &Setup| DocxWriter.write(&doc, setup).unwrap().bytes;
    let entry_years = |bytes: &[u8]| {
        let mut zip = zip::ZipArchive::new(Cursor::new(bytes)).unwrap();
        (0..zip.len()).map(|i| zip.by_index(i).unwrap().last_modified().map(|t| t.year())).collect::<Vec<_>>()
    };

    let dated = write(&Setup::new(&style).with_date(Stamp::date(2024, 1, 16)));
    let core = &unzip(&dated)["docProps/core.xml"];
    assert!(
        core.contains(r#"<dcterms:created xsi:type="dcterms:W3CDTF">2024-01-16T00:00:00Z</dcterms:created>"#)
    );
    assert!(
        core.contains(
            r#"<dcterms:modified xsi:type="dcterms:W3CDTF">2024-01-16T00:00:00Z</dcterms:modified>"#
        )
    );
    assert!(entry_years(&dated).iter().all(|y| *y == Some(2024)));

    let undated = write(&Setup::new(&style));
    assert!(!unzip(&undated)["docProps/core.xml"].contains("dcterms:created"), "no date to record");
    assert!(entry_years(&undated).iter().all(|y| *y == Some(1980)), "the earliest time a ZIP holds");
}

// ---------------------------------------------------------------------------------------------
// LibreOffice round trip.

fn run_ok(cmd: &mut Command) -> String {
    let out = cmd.output().unwrap_or_else(|e| panic!("cannot run {cmd:?}: {e}"));
    assert!(out.status.success(), "{cmd:?} failed: {}", String::from_utf8_lossy(&out.stderr));
    String::from_utf8_lossy(&out.stdout).into_owned()
}

fn has_soffice() -> bool {
    Command::new("soffice").arg("--version").output().map(|o| o.status.success()).unwrap_or(false)
}

/// Converts a DOCX to PDF with LibreOffice; `None` when skipping is allowed.
fn libreoffice_pdf(docx: &Path, dir: &Path) -> Option<std::path::PathBuf> {
    if !has_soffice() {
        if std::env::var("XXGK_SKIP_LIBREOFFICE").as_deref() == Ok("1") {
            eprintln!("soffice not found; skipping the LibreOffice check (XXGK_SKIP_LIBREOFFICE=1)");
            return None;
        }
        panic!(
            "LibreOffice (soffice) is not on PATH: install libreoffice-writer-nogui, \
             or set XXGK_SKIP_LIBREOFFICE=1 to skip this check"
        );
    }
    let home = dir.join("home");
    std::fs::create_dir_all(&home).unwrap();
    run_ok(
        Command::new("soffice")
            .env("HOME", &home)
            .args(["--headless", "--convert-to", "pdf", "--outdir"])
            .arg(dir)
            .arg(docx),
    );
    let pdf = docx.with_extension("pdf");
    let pdf = dir.join(pdf.file_name().unwrap());
    assert!(pdf.exists(), "LibreOffice produced no PDF");
    Some(pdf)
}

fn pdftotext(pdf: &Path, args: &[&str]) -> String {
    run_ok(Command::new("pdftotext").args(args).arg(pdf).arg("-"))
}

fn page_count(pdf: &Path) -> usize {
    let info = run_ok(Command::new("pdfinfo").arg(pdf));
    info.lines()
        .find_map(|l| l.strip_prefix("Pages:"))
        .and_then(|n| n.trim().parse().ok())
        .expect("page count")
}

#[test]
fn libreoffice_keeps_every_label_figure_and_22_lines_a_page() {
    let dir = tempfile::tempdir().unwrap();
    let doc = fixture::document();
    let docx = dir.path().join("report.docx");
    std::fs::write(&docx, render(&doc, &Style::default()).unwrap()).unwrap();
    let Some(pdf) = libreoffice_pdf(&docx, dir.path()) else {
        return;
    };

    // Every table text survives (cells may wrap: compare without whitespace); figures as words.
    let raw: String = pdftotext(&pdf, &["-raw"]).chars().filter(|c| !c.is_whitespace()).collect();
    let layout = pdftotext(&pdf, &["-layout"]);
    let words: Vec<&str> = layout.split_whitespace().collect();
    for table in model_tables(&doc) {
        for cell in table.rows.iter().flatten() {
            if cell.role == CellRole::Number {
                assert!(words.contains(&cell.text.as_str()), "figure {} lost in the PDF", cell.text);
            } else {
                let want: String = cell.text.chars().filter(|c| !c.is_whitespace()).collect();
                assert!(raw.contains(&want), "label {} lost in the PDF", cell.text);
            }
        }
    }
    for (_, heading) in fixture::INTRO_HEADINGS {
        assert!(raw.contains(heading), "heading {heading} lost");
    }

    // Table 四's 15 figures sit on one line, in order: no column wrapped or was pushed out.
    let appeals = layout.lines().find(|l| l.contains("4001")).expect("table 四 data row");
    let figures: Vec<&str> = appeals.split_whitespace().collect();
    let want: Vec<String> = (4001..=4015).map(|n| n.to_string()).collect();
    assert_eq!(figures, want, "table 四 data row");

    // Nothing crosses the text block (28 mm from the left, 26 mm from the right of 210 mm),
    // allowing one hanging punctuation mark at the right.
    let bbox = pdftotext(&pdf, &["-bbox"]);
    let mm = |v: f64| v * 72.0 / 25.4;
    let num = |tag: &str, key: &str| -> f64 {
        let i = tag.find(key).unwrap() + key.len();
        tag[i..].split('"').next().unwrap().parse().unwrap()
    };
    for tag in bbox.split("<word ").skip(1) {
        let (x0, x1) = (num(tag, "xMin=\""), num(tag, "xMax=\""));
        assert!(x0 >= mm(28.0) - 1.0 && x1 <= mm(210.0 - 26.0) + 16.5, "word outside the text block: {tag}");
    }

    // Pages 2 and 3 hold only body text: 22 lines each, plus the page number.
    let pages = page_count(&pdf);
    // Five and a half pages of text, then the three tables kept whole with their headings (9 with
    // LibreOffice 7.4 and Noto CJK); allow a page either way for other versions and fonts.
    assert!((8..=10).contains(&pages), "unexpected page count {pages}");
    for page in [2, 3] {
        let n = page.to_string();
        let page_text = pdftotext(&pdf, &["-layout", "-f", &n, "-l", &n]);
        let lines: Vec<&str> = page_text.lines().map(str::trim).filter(|l| !l.is_empty()).collect();
        let (number, body): (Vec<&str>, Vec<&str>) = lines.iter().partition(|l| l.starts_with('—'));
        let number: Vec<String> = number.iter().map(|l| l.split_whitespace().collect()).collect();
        assert_eq!(number, vec![format!("—{page}—")], "page {page} number");
        for b in &doc.blocks {
            if let Block::Heading { text: h, .. } = b {
                assert!(!page_text.contains(h.as_str()), "page {page} is body text only, found {h}");
            }
        }
        assert_eq!(body.len(), 22, "page {page} holds {} lines:\n{}", body.len(), body.join("\n"));
    }
}

#[test]
fn property_elements_list_their_children_in_schema_order() {
    // (element, children in the order ECMA-376 requires): a sample of the pairs a strict reader checks.
    let rules: [(&str, &[&str]); 6] = [
        ("pPr", &["pStyle", "keepNext", "widowControl", "spacing", "ind", "jc", "outlineLvl", "rPr"]),
        ("rPr", &["rFonts", "b", "color", "spacing", "sz", "szCs", "lang"]),
        ("sectPr", &["footerReference", "pgSz", "pgMar", "cols", "titlePg", "docGrid"]),
        ("tblPr", &["tblW", "jc", "tblBorders", "tblLayout", "tblCellMar"]),
        ("tcPr", &["tcW", "gridSpan", "vMerge", "vAlign"]),
        ("style", &["name", "basedOn", "next", "qFormat", "pPr", "rPr"]),
    ];
    let parts = unzip(&render(&fixture::document(), &Style::default()).unwrap());
    let mut checked = 0;
    for name in ["word/document.xml", "word/styles.xml", "word/footer1.xml", "word/numbering.xml"] {
        let xml = parse(&parts[name]);
        for node in xml.descendants().filter(Node::is_element) {
            let Some((_, order)) = rules.iter().find(|(tag, _)| *tag == node.tag_name().name()) else {
                continue;
            };
            let ranks: Vec<usize> = node
                .children()
                .filter(Node::is_element)
                .filter_map(|c| order.iter().position(|t| *t == c.tag_name().name()))
                .collect();
            assert!(
                ranks.is_sorted(),
                "{name}: <{}> children out of order: {ranks:?}",
                node.tag_name().name()
            );
            checked += 1;
        }
    }
    assert!(checked > 100, "only {checked} elements checked");
}
