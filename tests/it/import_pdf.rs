//! The PDF reader of `xxgk import` on real published reports and on PDFs made by office suites and
//! by xxgk itself.

use std::path::{Path, PathBuf};

use serde_json::Value;
use xxgk::import::blocks::{Block, Blocks, Table};
use xxgk::import::pdf::{self, PdfError};

/// A file of the corpus of real published reports, kept in the repository.
fn corpus_path(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/corpus").join(name)
}

fn corpus(name: &str) -> Vec<u8> {
    let path = corpus_path(name);
    std::fs::read(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

fn fixture(name: &str) -> Vec<u8> {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/import/pdf").join(name);
    std::fs::read(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// A data file (the expected answer) as a JSON value.
fn data_file(path: &Path) -> Value {
    let text = std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    serde_saphyr::from_str(&text).unwrap()
}

fn tables(blocks: &Blocks) -> Vec<&Table> {
    blocks.blocks.iter().filter_map(|b| if let Block::Table(t) = b { Some(t) } else { None }).collect()
}

fn paragraphs(blocks: &Blocks) -> Vec<&str> {
    blocks
        .blocks
        .iter()
        .filter_map(|b| if let Block::Paragraph(p) = b { Some(p.as_str()) } else { None })
        .collect()
}

/// The rows of table 三 in the official order: a key of the data file's 申请 (and the item inside
/// a group), and a word of the row's label in the report.
const TABLE3_ROWS: &[(&str, Option<&str>, &str)] = &[
    ("本年新收", None, "本年新收"),
    ("上年结转", None, "上年结转"),
    ("予以公开", None, "予以公开"),
    ("部分公开", None, "部分公开"),
    ("不予公开", Some("属于国家秘密"), "国家秘密"),
    ("不予公开", Some("其他法律行政法规禁止公开"), "其他法律行政法规禁止公开"),
    ("不予公开", Some("危及三安全一稳定"), "三安全一稳定"),
    ("不予公开", Some("保护第三方合法权益"), "保护第三方合法权益"),
    ("不予公开", Some("属于三类内部事务信息"), "三类内部事务信息"),
    ("不予公开", Some("属于四类过程性信息"), "四类过程性信息"),
    ("不予公开", Some("属于行政执法案卷"), "行政执法案卷"),
    ("不予公开", Some("属于行政查询事项"), "行政查询事项"),
    ("无法提供", Some("本机关不掌握相关政府信息"), "本机关不掌握相关政府信息"),
    ("无法提供", Some("没有现成信息需要另行制作"), "没有现成信息需要另行制作"),
    ("无法提供", Some("补正后申请内容仍不明确"), "补正后申请内容仍不明确"),
    ("不予处理", Some("信访举报投诉类申请"), "信访举报投诉类申请"),
    ("不予处理", Some("重复申请"), "重复申请"),
    ("不予处理", Some("要求提供公开出版物"), "要求提供公开出版物"),
    ("不予处理", Some("无正当理由大量反复申请"), "无正当理由大量反复申请"),
    ("不予处理", Some("要求行政机关确认或重新出具已获取信息"), "确认或重新出具已获取信息"),
    ("其他处理", Some("逾期不补正"), "逾期不补正"),
    ("其他处理", Some("逾期未缴费"), "逾期未按收费通知要求缴纳费用"),
    ("其他处理", Some("其他"), "其他"),
    ("总计", None, "总计"),
    ("结转下年度", None, "结转下年度"),
];

/// The numbers rows of table 三 as read, across its pieces: (label cells joined, the seven cells
/// 自然人, five 法人 columns, 总计). A numbers row is one whose last seven cells are numbers or blank
/// and whose first cell is a label.
fn table3_rows(blocks: &Blocks) -> Vec<(String, Vec<String>)> {
    let mut rows = Vec::new();
    for t in tables(blocks) {
        for row in t.grid() {
            if row.len() < 8 {
                continue;
            }
            let (labels, cells) = row.split_at(row.len() - 7);
            let numeric = cells.iter().all(|c| c.is_empty() || c.chars().all(|ch| ch.is_ascii_digit()));
            let has_number = cells.iter().any(|c| !c.is_empty());
            let labelled = labels.iter().any(|c| c.chars().any(|ch| !ch.is_ascii_digit()));
            if numeric && has_number && labelled {
                rows.push((labels.join("|"), cells.to_vec()));
            }
        }
    }
    rows
}

/// The expected row of table 三 from the data file: six applicant columns and the total.
fn expected_row(data: &Value, key: &str, item: Option<&str>) -> Vec<u64> {
    let mut v = &data["申请"][key];
    if let Some(item) = item {
        v = &v[item];
    }
    let mut nums: Vec<u64> = v.as_array().unwrap().iter().map(|n| n.as_u64().unwrap()).collect();
    if nums.len() == 6 {
        nums.push(nums.iter().sum());
    }
    nums
}

/// Checks every numbers row of table 三 against the data file, labels in order; `blank_legal`:
/// the five 法人 columns are blank in the report (the data file records them as 0).
fn assert_table3(blocks: &Blocks, data: &Value, blank_legal: bool) {
    let rows = table3_rows(blocks);
    assert_eq!(rows.len(), TABLE3_ROWS.len(), "rows of table 三: {rows:#?}");
    for ((labels, cells), (key, item, word)) in rows.iter().zip(TABLE3_ROWS) {
        assert!(labels.contains(word), "row {key}/{item:?}: label {labels}");
        let expected = expected_row(data, key, *item);
        for (col, (cell, want)) in cells.iter().zip(&expected).enumerate() {
            if blank_legal && (1..=5).contains(&col) {
                assert_eq!(cell, "", "row {key}/{item:?} column {col}");
            } else {
                assert_eq!(cell, &want.to_string(), "row {key}/{item:?} column {col}");
            }
        }
    }
}

/// The header of table 三: the applicant columns in order, each header cell's lines joined.
fn assert_table3_header(blocks: &Blocks) {
    let header = tables(blocks)
        .into_iter()
        .flat_map(|t| t.grid())
        .find(|row| row.iter().any(|c| c == "商业企业"))
        .expect("a header row with 商业企业");
    let tail: Vec<&str> = header[header.len() - 7..].iter().map(String::as_str).collect();
    assert_eq!(tail, ["自然人", "商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他", "总计"]);
}

/// The paragraphs after the heading that starts with `heading`, up to the next numbered heading.
fn section<'b>(blocks: &'b Blocks, heading: &str) -> Vec<&'b str> {
    let ps = paragraphs(blocks);
    let start =
        ps.iter().position(|p| p.starts_with(heading)).unwrap_or_else(|| panic!("no {heading} in {ps:#?}"));
    let heads = ["一、", "二、", "三、", "四、", "五、", "六、"];
    ps[start + 1..].iter().take_while(|p| !heads.iter().any(|h| p.starts_with(h))).copied().collect()
}

fn prose_lines(data: &Value, key: &str) -> Vec<String> {
    data[key].as_str().unwrap().lines().map(str::to_string).collect()
}

#[test]
fn huaian_table_three_reads_every_row_and_number() {
    let blocks = pdf::read(&corpus("001_huaian_city_2024.pdf")).unwrap();
    let data = data_file(&corpus_path("001_huaian_city_2024.yaml"));
    assert_table3_header(&blocks);
    assert_table3(&blocks, &data, false);
}

#[test]
fn huaian_table_three_split_across_pages_comes_as_two_pieces_without_the_page_number() {
    let blocks = pdf::read(&corpus("001_huaian_city_2024.pdf")).unwrap();
    let pieces: Vec<usize> = blocks
        .blocks
        .iter()
        .enumerate()
        .filter(|(_, b)| matches!(b, Block::Table(t) if t.grid().iter().any(|r| r.iter().any(|c| c.contains("本机关不掌握") || c.contains("没有现成信息")))))
        .map(|(i, _)| i)
        .collect();
    assert_eq!(pieces.len(), 2, "table 三 in two pieces");
    assert_eq!(pieces[1], pieces[0] + 1, "nothing between the pieces (the page number “-4-” is dropped)");
    let (Block::Table(first), Block::Table(second)) = (&blocks.blocks[pieces[0]], &blocks.blocks[pieces[1]])
    else {
        unreachable!()
    };
    let last = first.grid().last().unwrap().clone();
    assert!(last.iter().any(|c| c.contains("本机关不掌握相关政府信息")), "{last:?}");
    assert_eq!(last.last().unwrap(), "769");
    let top = second.grid()[0].clone();
    assert!(top.iter().any(|c| c.contains("没有现成信息需要另行制作")), "{top:?}");
    assert_eq!(top.last().unwrap(), "11");
    // No page number anywhere: not as a paragraph, not in a cell.
    let page_number = regex::Regex::new(r"^\s*-\s*\d+\s*-\s*$").unwrap();
    for p in paragraphs(&blocks) {
        assert!(!page_number.is_match(p), "page number kept: {p}");
    }
    for t in tables(&blocks) {
        for row in t.grid() {
            assert!(row.iter().all(|c| !page_number.is_match(c)), "{row:?}");
        }
    }
}

#[test]
fn huaian_paragraphs_come_out_whole_and_in_order() {
    let blocks = pdf::read(&corpus("001_huaian_city_2024.pdf")).unwrap();
    let data = data_file(&corpus_path("001_huaian_city_2024.yaml"));
    // Section 一 runs over pages 1–3: each paragraph whole, spaces WPS put around digits gone.
    assert_eq!(section(&blocks, "一、总体情况"), prose_lines(&data, "总体情况"));
    assert_eq!(section(&blocks, "五、存在的主要问题"), prose_lines(&data, "问题及改进"));
    assert_eq!(
        section(&blocks, "六、其他需要报告的事项"),
        ["2024年，市政府严格落实《政府信息公开信息处理费管理办法》，全年收取政府信息公开信息处理费3940元。"]
    );
    let ps = paragraphs(&blocks);
    assert_eq!(ps[..2], ["淮安市人民政府", "2024年政府信息公开工作年度报告"]);
    assert!(
        ps[2].starts_with("本报告由淮安市人民政府办公室") && ps[2].ends_with("电子邮箱：hazwgkc@163.com）。"),
        "{}",
        ps[2]
    );
    assert!(ps[2].contains("（国令第711号）") && ps[2].contains("电话：0517-83605210"), "{}", ps[2]);
}

#[test]
fn huaian_tables_two_and_four_hold_their_numbers() {
    let blocks = pdf::read(&corpus("001_huaian_city_2024.pdf")).unwrap();
    let grids: Vec<Vec<Vec<String>>> = tables(&blocks).into_iter().map(Table::grid).collect();
    let row = |label: &str| -> Vec<String> {
        grids.iter().flatten().find(|r| r[0] == label).unwrap_or_else(|| panic!("no row {label}")).clone()
    };
    assert_eq!(row("规章")[1..], ["1", "0", "11"]);
    assert_eq!(row("行政规范性文件")[1..], ["8", "26", "66"]);
    assert_eq!(row("行政许可")[1], "447228");
    assert_eq!(row("行政处罚")[1], "3985758");
    assert_eq!(row("行政强制")[1], "88283");
    assert_eq!(row("行政事业性收费")[1], "96171.6");
    // Table 四: three header rows (the merged 行政复议 / 行政诉讼 / 未经复议直接起诉 cells) and a row
    // of 15 numbers.
    let four = grids.iter().find(|g| g[0][0] == "行政复议").expect("table 四");
    assert_eq!(four[0][5], "行政诉讼");
    assert_eq!(four[1][5], "未经复议直接起诉");
    assert_eq!(four[1][10], "复议后起诉");
    assert_eq!(four[2][..5], ["结果维持", "结果纠正", "其他结果", "尚未审结", "总计"]);
    assert_eq!(four[3].join(" "), "72 64 178 37 351 13 4 8 1 26 12 1 1 6 20");
}

#[test]
fn huaian_merged_cells_keep_their_spans() {
    let blocks = pdf::read(&corpus("001_huaian_city_2024.pdf")).unwrap();
    let t = tables(&blocks).into_iter().find(|t| t.rows[0].iter().any(|c| c.text == "申请人情况")).unwrap();
    // The corner note spans 3 rows × 3 columns; 申请人情况 the 7 applicant columns.
    assert_eq!((t.rows[0][0].rowspan, t.rows[0][0].colspan), (3, 3));
    assert!(t.rows[0][0].text.starts_with("（本列数据的勾稽关系为"));
    assert_eq!((t.rows[0][1].rowspan, t.rows[0][1].colspan), (1, 7));
    // 三、本年度办理结果, printed one character per line, is one merged cell read as one text.
    let grid = t.grid();
    assert!(grid.iter().any(|r| r[0] == "三、本年度办理结果"), "{grid:#?}");
}

fn dump(blocks: &Blocks) -> String {
    let mut s = String::new();
    for b in &blocks.blocks {
        match b {
            Block::Paragraph(p) => s.push_str(&format!("P: {p}\n")),
            Block::Table(t) => {
                s.push_str("TABLE\n");
                for row in t.grid() {
                    s.push_str(&format!("  | {}\n", row.join(" | ")));
                }
            }
        }
    }
    s
}

#[test]
#[ignore = "writes the blocks and the layout text of 001 to /tmp for a look"]
fn dump_001() {
    let blocks = pdf::read(&corpus("001_huaian_city_2024.pdf")).unwrap();
    std::fs::write("/tmp/dump001.txt", dump(&blocks)).unwrap();
    let text = pdf::read_layout_text(&corpus("001_huaian_city_2024.pdf")).unwrap();
    std::fs::write("/tmp/layout001.txt", text.join("\n")).unwrap();
}

#[test]
#[ignore = "writes the blocks of the PDF named by $PDF to /tmp/dump.txt"]
fn dump_fixture() {
    let name = std::env::var("PDF").unwrap();
    let bytes = std::fs::read(&name).unwrap();
    match pdf::read(&bytes) {
        Ok(blocks) => std::fs::write("/tmp/dump.txt", dump(&blocks)).unwrap(),
        Err(e) => std::fs::write("/tmp/dump.txt", format!("ERR {e:?}: {e}")).unwrap(),
    }
}

/// The hand-made report in a font that is not embedded and has no ToUnicode: the text comes only
/// from the predefined CMap (GBK-EUC-H, or UniGB-UCS2-H) and Adobe-GB1's CID → Unicode table.
fn assert_synthetic(name: &str) {
    let blocks = pdf::read(&fixture(name)).unwrap();
    assert_eq!(
        paragraphs(&blocks),
        [
            "某县人民政府2024年政府信息公开工作年度报告",
            "一、总体情况",
            // Wrapped over two lines, a space glyph on each side of 2024 and 123.
            "2024年，全县共受理政府信息公开申请123件，均在法定期限内按时予以答复。",
            "（一）主动公开情况。全年公开信息4500条。",
            "二、其他需要报告的事项",
        ],
        "{name}: running header “某县政务公开” and page numbers left out"
    );
    let t = tables(&blocks);
    assert_eq!(t.len(), 2, "{name}: one table piece per page");
    assert_eq!(t[0].rows[0][0].text, "信息内容");
    assert_eq!((t[0].rows[0][0].rowspan, t[0].rows[0][0].colspan), (2, 1));
    assert_eq!((t[0].rows[0][1].rowspan, t[0].rows[0][1].colspan), (1, 3));
    assert_eq!(
        t[0].grid(),
        [
            ["信息内容", "本年情况", "本年情况", "本年情况"],
            ["信息内容", "制发", "废止", "有效"],
            ["规章", "1", "0", "11"],
            ["规范性文件", "8", "26", "66"],
        ]
    );
    // On page 2 no rule divides the three right-hand columns: the piece has two columns.
    assert_eq!(t[1].grid(), [["行政许可", "447228"], ["收费（万元）", "96.5"]]);
}

#[test]
fn predefined_cmap_gbk_euc_h() {
    assert_synthetic("cmap-gbk.pdf");
}

#[test]
fn predefined_cmap_unigb_ucs2_h() {
    assert_synthetic("cmap-ucs2.pdf");
}

#[test]
fn office_suite_pdf_of_pingtan_reads_table_three() {
    // Made by `soffice --headless --convert-to pdf` from the corpus page: Type 1 and TrueType
    // fonts with WinAnsi and built-in encodings, table borders as filled bars.
    let blocks = pdf::read(&fixture("soffice-005-pingtan.pdf")).unwrap();
    let data = data_file(&corpus_path("005_pingtan_2024.yaml"));
    assert_table3_header(&blocks);
    assert_table3(&blocks, &data, false);
    assert_eq!(section(&blocks, "一、总体情况"), prose_lines(&data, "总体情况"));
}

#[test]
fn office_suite_pdf_of_shuyang_keeps_blank_cells_blank() {
    // The five 法人 columns are blank in every row of the original: blank, not 0.
    let blocks = pdf::read(&fixture("soffice-010-shuyang.pdf")).unwrap();
    let data = data_file(&corpus_path("010_shuyang_fgj_2023.yaml"));
    assert_table3_header(&blocks);
    assert_table3(&blocks, &data, true);
    // A URL wrapped at the line's end stays in its paragraph, unbroken.
    let ps = paragraphs(&blocks);
    assert!(ps[0].contains("网站（http://www.shuyang.gov.cn/）公布。如对年度报告有疑问"), "{}", ps[0]);
    assert_eq!(section(&blocks, "一、总体情况"), prose_lines(&data, "总体情况"));
}

#[test]
fn xxgk_own_pdf_reads_back() {
    // xxgk's PDF (typst, Identity-H fonts with ToUnicode) of examples/county-2021.yaml.
    let blocks = pdf::read(&fixture("xxgk-county-2021.pdf")).unwrap();
    let data = data_file(&Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/county-2021.yaml"));
    assert_table3_header(&blocks);
    assert_table3(&blocks, &data, false);
    let grids: Vec<Vec<Vec<String>>> = tables(&blocks).into_iter().map(Table::grid).collect();
    let row = |label: &str| grids.iter().flatten().find(|r| r[0] == label).unwrap().clone();
    assert_eq!(row("行政规范性文件")[1..], ["3", "1", "18"]);
    assert_eq!(row("行政事业性收费")[1], "326.58");
    let four = grids.iter().find(|g| g[0][0] == "行政复议").expect("table 四");
    assert_eq!(four[3].join(" "), "2 1 0 1 4 1 0 0 1 2 1 0 0 0 1");
    let ps = paragraphs(&blocks);
    assert_eq!(ps[..2], ["临江县人民政府", "2023年政府信息公开工作年度报告"]);
    assert_eq!(section(&blocks, "五、存在的主要问题"), prose_lines(&data, "问题及改进"));
}

#[test]
fn a_scan_without_text_layer_says_no_ocr() {
    let err = pdf::read(&fixture("scanned.pdf")).unwrap_err();
    assert_eq!(err, PdfError::NoTextLayer { pages: 1 });
    let msg = err.to_string();
    assert!(
        msg.contains("没有文字层") && msg.contains("扫描件") && msg.contains("不做文字识别（OCR）"),
        "{msg}"
    );
}

#[test]
fn a_file_that_is_not_a_pdf_is_refused() {
    for bytes in
        [corpus("001_huaian_city_2024.yaml"), corpus("005_pingtan_2024.html"), Vec::new(), b"%PD".to_vec()]
    {
        let err = pdf::read(&bytes).unwrap_err();
        assert_eq!(err, PdfError::NotPdf);
        assert!(err.to_string().contains("不是 PDF 文件"));
    }
    // A PDF header and nothing readable after it is a damaged PDF.
    let err = pdf::read(b"%PDF-1.7\n1 0 obj\n<< /Type /Catalog").unwrap_err();
    assert!(matches!(err, PdfError::Damaged(_) | PdfError::NoPages), "{err:?}");
}

#[test]
fn truncated_and_mutated_pdfs_never_panic() {
    // Cut the real report and a hand-made one at many lengths, and flip bytes all over them
    // (a fixed pseudo-random sequence: the same cases on every run). Every result is a value.
    for bytes in [corpus("001_huaian_city_2024.pdf"), fixture("cmap-gbk.pdf")] {
        let n = bytes.len();
        for k in 1..=24 {
            let cut = n * k / 25;
            let _ = pdf::read(&bytes[..cut]);
        }
        let mut seed: u64 = 0x9E37_79B9_7F4A_7C15;
        let mut next = move || {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            seed
        };
        for _ in 0..24 {
            let mut m = bytes.clone();
            for _ in 0..16 {
                let at = (next() % n as u64) as usize;
                m[at] = next() as u8;
            }
            if let Ok(blocks) = pdf::read(&m) {
                // Whatever was read is well formed: every span at least 1.
                for t in tables(&blocks) {
                    assert!(t.rows.iter().flatten().all(|c| c.rowspan >= 1 && c.colspan >= 1));
                }
            }
        }
    }
}

#[test]
fn a_font_without_any_mapping_to_text_is_named_not_guessed() {
    // Codes in a font that is not embedded, without ToUnicode or a character collection.
    let err = pdf::read(&fixture("unknown-encoding.pdf")).unwrap_err();
    let PdfError::UnknownEncoding { unknown, total } = err else { panic!("{err:?}") };
    assert_eq!(unknown, total);
    assert!(total > 100, "{total}");
    assert!(err.to_string().contains(&format!("有 {unknown} 个字")), "{err}");
}

#[test]
fn an_encrypted_pdf_asks_for_the_password_to_be_removed() {
    let err = pdf::read(&fixture("encrypted.pdf")).unwrap_err();
    assert_eq!(err, PdfError::Encrypted);
    assert!(err.to_string().contains("已加密"), "{err}");
}

/// The characters of a text without whitespace, sorted: the same multiset whatever the order.
fn char_multiset(text: &str) -> Vec<char> {
    let mut v: Vec<char> = text.chars().filter(|c| !c.is_whitespace() && *c != '\u{c}').collect();
    v.sort_unstable();
    v
}

#[test]
fn layout_text_matches_pdftotext_character_for_character() {
    let bytes = corpus("001_huaian_city_2024.pdf");
    let lines = pdf::read_layout_text(&bytes).unwrap();
    // Every row of table 三 on one line, its numbers apart, as `pdftotext -layout` prints them.
    let row = lines.iter().find(|l| l.contains("一、本年新收政府信息公开申请数量")).unwrap();
    let tail: Vec<&str> = row.split_whitespace().skip(1).collect();
    assert_eq!(tail, ["3001", "53", "0", "0", "61", "4", "3119"]);
    assert_eq!(lines.iter().filter(|l| l.as_str() == "\u{c}").count(), 5, "six pages");
    assert!(lines.iter().any(|l| l.trim() == "- 1 -"), "page numbers are kept in the page text");
    // Poppler, where installed, as the reference for the text layer: the same characters per
    // page (poppler's spaces between digits and CJK aside).
    let Ok(out) = std::process::Command::new("pdftotext")
        .args(["-layout", "-enc", "UTF-8"])
        .arg(corpus_path("001_huaian_city_2024.pdf"))
        .arg("-")
        .output()
    else {
        return;
    };
    let reference = String::from_utf8(out.stdout).unwrap();
    let ours = lines.join("\n");
    let ref_pages: Vec<&str> = reference.split('\u{c}').filter(|p| !p.trim().is_empty()).collect();
    let our_pages: Vec<&str> = ours.split('\u{c}').collect();
    assert_eq!(our_pages.len(), ref_pages.len());
    for (i, (a, b)) in our_pages.iter().zip(&ref_pages).enumerate() {
        assert_eq!(char_multiset(a), char_multiset(b), "page {}", i + 1);
    }
}

#[test]
#[ignore = "prints how many times a second 001 is read (cargo test [--release] -- --ignored read_speed)"]
fn read_speed() {
    let bytes = corpus("001_huaian_city_2024.pdf");
    let start = std::time::Instant::now();
    let mut n = 0;
    while start.elapsed().as_secs_f64() < 5.0 {
        pdf::read(&bytes).unwrap();
        n += 1;
    }
    let secs = start.elapsed().as_secs_f64();
    println!("001_huaian_city_2024.pdf: {n} reads in {secs:.2} s = {:.1} files/s", n as f64 / secs);
}

#[test]
fn a_table_without_outer_vertical_rules_keeps_its_first_and_last_columns() {
    // Its header row is closed by a double rule: one border, not an empty row.
    let blocks = pdf::read(&fixture("open-sides.pdf")).unwrap();
    assert_eq!(paragraphs(&blocks), ["二、主动公开政府信息情况", "三、收到和处理政府信息公开申请情况"]);
    let t = tables(&blocks);
    assert_eq!(t.len(), 1);
    assert_eq!(
        t[0].grid(),
        [
            ["信息内容", "本年制发件数", "本年废止件数", "现行有效件数"],
            ["规章", "1", "0", "11"],
            ["行政规范性文件", "8", "26", "66"],
        ]
    );
}

#[test]
fn an_embedded_font_without_tounicode_is_read_through_its_own_cmap() {
    // Poppler prints nothing for this file; the embedded font's cmap gives every character.
    let blocks = pdf::read(&fixture("embedded-no-tounicode.pdf")).unwrap();
    assert_eq!(paragraphs(&blocks), ["一、总体情况", "全年共受理申请123件，答复120件。"]);
}

#[test]
fn a_frame_round_the_page_is_not_a_table() {
    let blocks = pdf::read(&fixture("boxed.pdf")).unwrap();
    assert_eq!(paragraphs(&blocks), ["二、主动公开政府信息情况", "三、收到和处理政府信息公开申请情况"]);
    let t = tables(&blocks);
    assert_eq!(t.len(), 1);
    assert_eq!(t[0].grid(), [["信息内容", "本年处理决定数量"], ["行政许可", "447228"]]);
}
