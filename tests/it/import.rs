//! `xxgk import`: the real published reports of the corpus come back cell by cell as their
//! transcribed data files say, in every encoding; the cases real reports show (blank and “/”
//! cells, a 小计 column, a misspelt row label, a table split in two, notes in number cells, fees
//! in 元) are read by label and marked; a file that is not a report is refused.

use std::path::PathBuf;
use xxgk::datafile::{Note, NoteTable};
use xxgk::import::blocks::{Block, Blocks, Cell, Table};
use xxgk::import::{self, Imported};
use xxgk::model::*;
use xxgk::render::{Format, Renderer};

/// The corpus of real reports: `XXGK_CORPUS` when set (another set of the same shape), else the
/// copy kept in the repository.
pub(crate) fn corpus() -> PathBuf {
    std::env::var_os("XXGK_CORPUS").map_or_else(committed_corpus, PathBuf::from)
}

fn committed_corpus() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/corpus")
}

pub(crate) fn fixtures() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/import")
}

/// The corpus original and its transcribed data file (from the committed corpus when another one
/// lacks it).
pub(crate) fn corpus_pair(stem: &str, ext: &str) -> (Vec<u8>, Report) {
    let dir = if corpus().join(format!("{stem}.yaml")).exists() { corpus() } else { committed_corpus() };
    let original = std::fs::read(dir.join(format!("{stem}.{ext}"))).unwrap();
    let (_, expected) =
        xxgk::load::load_file(&dir.join(format!("{stem}.yaml"))).unwrap_or_else(|e| panic!("{stem}: {e:?}"));
    (original, expected)
}

pub(crate) fn import(bytes: &[u8]) -> Imported {
    import::import(bytes).unwrap_or_else(|e| panic!("import failed: {e}")).1
}

fn note<'a>(i: &'a Imported, table: NoteTable, row: &str, col: usize) -> Option<&'a Note> {
    i.notes.iter().find(|n| n.table == table && n.row == row && n.col == Some(col))
}

/// Every table value of `got` against `expected`: (label, expected, imported, note).
fn cells(got: &Imported, expected: &Report) -> Vec<(String, String, String, Option<Note>)> {
    let mut out = Vec::new();
    for ((def, e), (_, g)) in expected.proactive.rows().into_iter().zip(got.report.proactive.rows()) {
        for (i, col) in def.cols.iter().enumerate() {
            let n = note(got, NoteTable::Proactive, def.key, i).cloned();
            out.push((format!("{}·{}", def.key, col.key), e[i].data_text(), g[i].data_text(), n));
        }
    }
    for (e, g) in expected.requests.rows.iter().zip(&got.report.requests.rows) {
        for (i, (name, _)) in APPLICANTS.iter().enumerate() {
            let n = note(got, NoteTable::Requests, e.def.id, i).cloned();
            out.push((
                format!("{}·{name}", e.def.key),
                e.values[i].value.to_string(),
                g.values[i].value.to_string(),
                n,
            ));
        }
    }
    for (((key, _, _), e), g) in
        APPEAL_GROUPS.iter().zip(&expected.appeals.groups).zip(&got.report.appeals.groups)
    {
        for (i, (name, _)) in OUTCOMES.iter().enumerate() {
            let n = note(got, NoteTable::Appeals, key, i).cloned();
            out.push((
                format!("{key}·{name}"),
                e.values[i].value.to_string(),
                g.values[i].value.to_string(),
                n,
            ));
        }
    }
    out
}

/// Compares every cell and prints the share right. A cell the original leaves blank is right when
/// the import leaves it unfilled with a note and the transcription (which had to write a number)
/// wrote 0 for it.
fn assert_cells(name: &str, got: &Imported, expected: &Report) {
    let cells = cells(got, expected);
    let mut right = 0;
    let mut blank = 0;
    let mut wrong = Vec::new();
    for (label, e, g, n) in &cells {
        match n {
            Some(n) if n.missing && n.text.contains("空白") && e == "0" => blank += 1,
            Some(n) if n.missing => wrong.push(format!("{label}: 应为 {e}，未读出（{}）", n.text)),
            _ if e == g => right += 1,
            _ => wrong.push(format!("{label}: 应为 {e}，读出 {g}")),
        }
    }
    println!(
        "{name}: {}/{} 格与转录一致（{right} 格读出相同的数，{blank} 格原文空白、按未填写导出），{:.1}%",
        right + blank,
        cells.len(),
        100.0 * (right + blank) as f64 / cells.len() as f64
    );
    assert!(wrong.is_empty(), "{name}: {} 格不一致：\n{}", wrong.len(), wrong.join("\n"));
}

fn lines(p: &Prose) -> Vec<String> {
    p.text.lines().map(|l| l.split_whitespace().collect()).filter(|l: &String| !l.is_empty()).collect()
}

pub(crate) fn assert_report(name: &str, got: &Imported, expected: &Report) {
    assert_eq!(got.report.agency.value, expected.agency.value, "{name}: 机关");
    assert_eq!(got.report.year.value, expected.year.value, "{name}: 年度");
    assert_eq!(got.report.edition, expected.edition, "{name}: 格式");
    assert_eq!(got.report.title(), expected.title(), "{name}: 标题");
    assert_eq!(lines(&got.report.overview), lines(&expected.overview), "{name}: 总体情况");
    assert_eq!(lines(&got.report.problems), lines(&expected.problems), "{name}: 问题及改进");
    assert_eq!(
        got.report.other.fee.as_ref().map(|f| f.value.millionths),
        expected.other.fee.as_ref().map(|f| f.value.millionths),
        "{name}: 信息处理费"
    );
    assert_cells(name, got, expected);
}

/// Markdown without the inline HTML it uses for run-in headings, and autolinks as their text.
fn strip_tags(s: &str) -> String {
    let s = s.replace("<http", "http").replace("/>）", "/）");
    let mut out = String::new();
    let mut in_tag = false;
    for c in s.chars() {
        match c {
            '<' => in_tag = true,
            '>' if in_tag => in_tag = false,
            c if !in_tag => out.push(c),
            _ => {}
        }
    }
    out
}

/// Text without any whitespace.
fn squeezed(s: &str) -> String {
    s.chars().filter(|c| !c.is_whitespace()).collect()
}

/// The imported file rendered to Markdown holds the published paragraphs (the introduction, sections
/// 一 and 五, section 六's own sentence) in their order.
fn assert_renders_paragraphs(name: &str, got: &Imported, original: &Blocks) {
    let r = Renderer::new(None).unwrap();
    let doc = r.document(&got.report, None, false).unwrap();
    let md =
        String::from_utf8(r.output(&doc, Format::Markdown, &xxgk::style::Style::default()).unwrap().bytes)
            .unwrap();
    let md = squeezed(&strip_tags(&md).replace(['\\', '*', '_'], ""));
    let r = &got.report;
    let published: Vec<String> = r
        .intro
        .iter()
        .chain([&r.overview, &r.problems])
        .chain(&r.other.fee_text)
        .flat_map(|p| p.text.lines().map(squeezed))
        .filter(|l| !l.is_empty())
        .collect();
    // Each of them is a paragraph of the original …
    let original: Vec<String> = original
        .blocks
        .iter()
        .filter_map(|b| match b {
            Block::Paragraph(p) => Some(squeezed(p)),
            Block::Table(_) => None,
        })
        .collect();
    let mut from = 0;
    for p in &published {
        let at = original[from..]
            .iter()
            .position(|o| o == p)
            .unwrap_or_else(|| panic!("{name}: 不是原文段落：{p}"));
        from += at + 1;
    }
    // … and the Markdown has them all, in order.
    let mut at = 0;
    for p in &published {
        let i =
            md[at..].find(p.as_str()).unwrap_or_else(|| panic!("{name}: Markdown 中没有（或顺序不对）：{p}"));
        at += i + p.len();
    }
    assert!(published.len() >= 3, "{name}: {} paragraphs", published.len());
    assert!(r.intro.is_some() && r.other.fee_text.is_some(), "{name}: 引言和第六部分原文");
}

#[test]
fn corpus_html_reports_come_back_cell_by_cell() {
    for stem in ["005_pingtan_2024", "010_shuyang_fgj_2023"] {
        let (html, expected) = corpus_pair(stem, "html");
        let got = import(&html);
        assert_report(stem, &got, &expected);
        assert_renders_paragraphs(stem, &got, &import::html::read(&html));
    }
}

#[test]
fn corpus_005_is_read_without_doubt_and_its_data_file_loads_as_the_transcription() {
    let (html, expected) = corpus_pair("005_pingtan_2024", "html");
    let got = import(&html);
    assert_eq!(got.counts, import::Counts { read: 166, uncertain: 0, missing: 0 });
    let written = xxgk::load::load_str(&got.data_file()).expect("the imported data file loads");
    assert_eq!(written.requests.total(), expected.requests.total());
    assert_eq!(
        written.appeals.groups.map(|g| g.with_total()),
        expected.appeals.groups.map(|g| g.with_total())
    );
}

/// A text copy of a published report in the committed corpus, imported.
fn text_copy(name: &str) -> Result<Imported, String> {
    let bytes = std::fs::read(committed_corpus().join("text").join(name)).unwrap();
    import::import(&bytes).map(|(_, i)| i).map_err(|e| e.to_string())
}

/// The data file's line for `key` (its first occurrence), without the comment.
fn line_of(data: &str, key: &str) -> String {
    let line = data.lines().find(|l| l.trim_start().starts_with(&format!("{key}:"))).unwrap_or_default();
    line.split("    #").next().unwrap_or_default().trim().to_string()
}

#[test]
fn text_copies_of_reports_are_read_as_far_as_they_go() {
    // Cells marked by a “|” after each (a 2023 report in the 2019 table-二 columns, cut inside
    // table 二): every cell there is read.
    let cut = text_copy("102_xixian_dizhang_subdistrict_2023_partial.txt").unwrap();
    assert_eq!((cut.report.agency.value.as_str(), cut.report.year.value), ("西咸新区底张街道办事处", 2023));
    assert_eq!(cut.report.edition, Edition::E2019);
    let data = cut.data_file();
    assert_eq!(line_of(&data, "规章"), "规章: {本年新制作: 0, 本年新公开: 0, 对外公开总数: 0}");
    assert_eq!(line_of(&data, "行政许可"), "行政许可: {上一年项目数量: 0, 本年增减: 0, 处理决定数量: 0}");
    assert_eq!(cut.counts.read, 9);

    // No title line: the agency and year come from the sentence that names the report, and the
    // data file says so; a year in the column headers (“本年(2023)制发件数”) is not in the way.
    let untitled = text_copy("104_yuecheng_donghu_subdistrict_2023_partial.txt").unwrap();
    assert_eq!(
        (untitled.report.agency.value.as_str(), untitled.report.year.value),
        ("绍兴市越城区东湖街道", 2023)
    );
    let data = untitled.data_file();
    let agency = data.lines().find(|l| l.starts_with("机关:")).unwrap();
    assert!(
        agency.contains("原文没有标题") && agency.contains("特编制2023年政府信息公开年度报告"),
        "{agency}"
    );
    assert_eq!(line_of(&data, "行政规范性文件"), "行政规范性文件: {本年制发: 0, 本年废止: 1, 现行有效: 0}");

    // Nothing names the report: the message says what to do.
    let nameless = text_copy("103_haizhu_guanzhou_subdistrict_2023_partial.txt").unwrap_err();
    assert!(nameless.contains("没有找到报告标题") && nameless.contains("补上标题"), "{nameless}");

    // Whole reports copied as text keep what they gave.
    for (name, at_least) in [
        ("007_shanghai_stcsm_2024_pdftext.txt", 118),
        ("008_shanghai_govoffice_2025_pdftext.txt", 148),
        ("009_shuyang_county_2025_ocr.txt", 48),
    ] {
        let got = text_copy(name).unwrap();
        assert!(got.counts.read >= at_least, "{name}: {} cells read", got.counts.read);
    }
}

#[test]
fn blank_legal_person_columns_are_left_unfilled_with_a_comment() {
    // 010 leaves the five 法人 columns of table 三 blank in every row.
    let (html, _) = corpus_pair("010_shuyang_fgj_2023", "html");
    let got = import(&html);
    assert_eq!(got.counts.missing, 24 * 5, "{:?}", got.counts);
    let text = got.data_file();
    let line = text.lines().find(|l| l.trim_start().starts_with("本年新收:")).unwrap();
    assert!(line.starts_with("  本年新收: [26, ~, ~, ~, ~, ~]"), "{line}");
    assert!(
        line.contains("商业企业、科研机构、社会公益组织、法律服务机构、其他：原文为空白，未填写，请核对"),
        "{line}"
    );
    // Loading says each one is not filled, at its place.
    let findings = xxgk::load::load_str(&text).unwrap_err();
    assert!(findings.iter().any(|f| f.message.contains("本年新收") && f.message.contains("未填写")));
    // The renamed row is read by its label and says so.
    let line = text.lines().find(|l| l.trim_start().starts_with("行政规范性文件:")).unwrap();
    assert!(line.contains("原表此行标为“规范性文件”"), "{line}");
}

/// The corpus page re-encoded: GBK declared in `<meta>`, GB18030 undeclared.
#[test]
fn gbk_and_gb18030_pages_read_as_the_utf8_one() {
    let (html, expected) = corpus_pair("005_pingtan_2024", "html");
    let text = String::from_utf8(html).unwrap();
    let gbk_page = text.replace(
        "<meta charset=\"utf-8\">",
        "<meta http-equiv=\"Content-Type\" content=\"text/html; charset=gbk\">",
    );
    let (gbk, _, lossy) = encoding_rs::GBK.encode(&gbk_page);
    assert!(!lossy);
    let undeclared = text.replace("<meta charset=\"utf-8\">", "");
    let (gb18030, _, _) = encoding_rs::GB18030.encode(&undeclared);
    for (name, bytes) in [("GBK", gbk.to_vec()), ("GB18030", gb18030.to_vec())] {
        assert!(std::str::from_utf8(&bytes).is_err(), "{name} fixture is not UTF-8");
        assert_report(name, &import(&bytes), &expected);
    }
}

fn cell(t: &str) -> Cell {
    Cell::new(t)
}

fn span(t: &str, rowspan: usize, colspan: usize) -> Cell {
    Cell { text: t.into(), rowspan, colspan }
}

/// A 2021 table 三 as reports draw it, with `extra` columns after 其他 (e.g. 小计 before 总计 is
/// placed by `subtotal`), the applicant values of each row given by `value(row, col)`.
fn t3_table(subtotal: bool, rename: &[(&str, &str)], value: impl Fn(usize, usize) -> String) -> Table {
    let legal = if subtotal { 6 } else { 5 };
    let mut rows = vec![
        vec![
            span("（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）", 3, 3),
            span("申请人情况", 1, 2 + legal),
        ],
        vec![span("自然人", 2, 1), span("法人或其他组织", 1, legal), span("总计", 2, 1)],
        {
            let mut r: Vec<Cell> = ["商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他"]
                .iter()
                .map(|t| cell(t))
                .collect();
            if subtotal {
                r.push(cell("小计"));
            }
            r
        },
    ];
    let defs = t3_rows(Edition::E2021);
    let results = defs.iter().filter(|d| d.kind.is_result()).count();
    let mut first_result = true;
    let mut group_seen: Option<&str> = None;
    for (i, d) in defs.iter().enumerate() {
        let mut r = Vec::new();
        let label = rename.iter().find(|(from, _)| *from == d.label).map_or(d.label, |(_, to)| to);
        match d.kind {
            RowKind::Result(_) => {
                if first_result {
                    r.push(span("三、本年度办理结果", results, 1));
                    first_result = false;
                }
                match d.group {
                    Some(g) if group_seen != Some(g) => {
                        let n = defs.iter().filter(|x| x.group == Some(g)).count();
                        r.push(span(t3_group_label(g), n, 1));
                        r.push(cell(label));
                        group_seen = Some(g);
                    }
                    Some(_) => r.push(cell(label)),
                    None => r.push(span(label, 1, 2)),
                }
            }
            _ => r.push(span(d.label, 1, 3)),
        }
        let vals: Vec<String> = (0..6).map(|c| value(i, c)).collect();
        let n = |s: &String| s.parse::<u64>().unwrap_or(0);
        r.extend(vals.iter().map(|v| cell(v)));
        if subtotal {
            r.push(cell(&vals[1..].iter().map(n).sum::<u64>().to_string()));
        }
        r.push(cell(&vals.iter().map(n).sum::<u64>().to_string()));
        rows.push(r);
    }
    Table { rows }
}

fn t2_table(fee_header: &str, fee: &str) -> Table {
    let rows = vec![
        vec![span("第二十条第（一）项", 1, 4)],
        ["信息内容", "本年制发件数", "本年废止件数", "现行有效件数"].map(cell).to_vec(),
        ["规章", "1", "0", "3"].map(cell).to_vec(),
        ["行政规范性文件", "5", "2", "30"].map(cell).to_vec(),
        vec![span("第二十条第（五）项", 1, 4)],
        vec![cell("信息内容"), span("本年处理决定数量", 1, 3)],
        vec![cell("行政许可"), span("120", 1, 3)],
        vec![span("第二十条第（六）项", 1, 4)],
        vec![cell("信息内容"), span("本年处理决定数量", 1, 3)],
        vec![cell("行政处罚"), span("22（其中简易程序 16 件）", 1, 3)],
        vec![cell("行政强制"), span("—", 1, 3)],
        vec![span("第二十条第（八）项", 1, 4)],
        vec![cell("信息内容"), span(fee_header, 1, 3)],
        vec![cell("行政事业性收费"), span(fee, 1, 3)],
    ];
    Table { rows }
}

fn t4_table() -> Table {
    let mut rows = vec![
        vec![span("行政复议", 1, 5), span("行政诉讼", 1, 10)],
        vec![
            span("结果维持", 2, 1),
            span("结果纠正", 2, 1),
            span("其他结果", 2, 1),
            span("尚未审结", 2, 1),
            span("总计", 2, 1),
            span("未经复议直接起诉", 1, 5),
            span("复议后起诉", 1, 5),
        ],
    ];
    rows.push(
        ["结果维持", "结果纠正", "其他结果", "尚未审结", "总计"].repeat(2).into_iter().map(cell).collect(),
    );
    rows.push(["1", "0", "0", "0", "1", "0", "1", "0", "0", "1", "0", "0", "0", "0", "0"].map(cell).to_vec());
    Table { rows }
}

fn report(tables: Vec<Table>) -> Blocks {
    let mut blocks = vec![
        Block::Paragraph("某某县某某局2024年政府信息公开工作年度报告".into()),
        Block::Paragraph("一、总体情况".into()),
        Block::Paragraph("2024年，本局认真落实条例。".into()),
        Block::Paragraph("二、主动公开政府信息情况".into()),
    ];
    let mut tables = tables.into_iter();
    blocks.extend(tables.next().map(Block::Table));
    blocks.push(Block::Paragraph("三、收到和处理政府信息公开申请情况".into()));
    blocks.extend(tables.by_ref().take_while(|t| !t.rows.is_empty()).map(Block::Table));
    blocks.push(Block::Paragraph("四、政府信息公开行政复议、行政诉讼情况".into()));
    blocks.extend(tables.map(Block::Table));
    blocks.push(Block::Paragraph("五、存在的主要问题及改进情况".into()));
    blocks.push(Block::Paragraph("公开质量有待提高。".into()));
    blocks.push(Block::Paragraph("六、其他需要报告的事项".into()));
    blocks.push(Block::Paragraph("本年度未收取信息处理费。".into()));
    Blocks { blocks }
}

fn value_of(i: usize, c: usize) -> String {
    ((i * 7 + c * 3) % 5).to_string()
}

#[test]
fn tables_are_read_by_labels_with_a_subtotal_column_a_misspelt_row_and_marked_cells() {
    let t3 = t3_table(
        true,
        &[("2.其他法律行政法规禁止公开", "2.其他法律行政止公开")],
        |i, c| match (i, c) {
            (0, 1) => "/".into(),
            (1, 2) => String::new(),
            _ => value_of(i, c),
        },
    );
    let blocks =
        report(vec![t2_table("本年收费金额（单位：元）", "251000"), t3, Table::default(), t4_table()]);
    let got = xxgk::import::interpret::interpret(&blocks).unwrap();
    let r = &got.report;
    assert_eq!((r.agency.value.as_str(), r.year.value, r.edition), ("某某县某某局", 2024, Edition::E2021));
    // Table 三: every row by its label, 小计 not taken for 其他.
    for (i, row) in r.requests.rows.iter().enumerate() {
        for c in 0..6 {
            let want: u64 = match (i, c) {
                (0, 1) | (1, 2) => 0,
                _ => value_of(i, c).parse().unwrap(),
            };
            assert_eq!(row.values[c].value, want, "{}·{c}", row.def.key);
        }
    }
    let slash = note(&got, NoteTable::Requests, "new", 1).unwrap();
    assert_eq!((slash.missing, slash.text.as_str()), (false, "原文为“/”，已按 0 填写，请核对"));
    let blank = note(&got, NoteTable::Requests, "carried_in", 2).unwrap();
    assert!(blank.missing && blank.text.contains("空白"));
    let misspelt = got.notes.iter().find(|n| n.row == "refused_law" && n.col.is_none()).unwrap();
    assert!(misspelt.text.contains("其他法律行政止公开"), "{}", misspelt.text);
    // Table 二: a note inside a number cell, a dash, a fee in 元.
    let Proactive::E2021(p) = &r.proactive else { panic!() };
    assert_eq!((p.punishment.value, p.coercion.value, p.fee.value.text.as_str()), (22, 0, "25.1"));
    assert!(
        note(&got, NoteTable::Proactive, "行政事业性收费", 0).unwrap().text.contains("已换算为 25.1 万元")
    );
    assert!(note(&got, NoteTable::Proactive, "行政处罚", 0).unwrap().text.contains("其中简易程序"));
    // Table 四 by its headers.
    assert_eq!(r.appeals.groups.each_ref().map(|g| g.sum()), [1, 1, 0]);
    assert_eq!(got.counts, import::Counts { read: 166 - 5, uncertain: 4, missing: 1 });
    // The data file: comments at the lines, the blank one unfilled.
    let text = got.data_file();
    let line = text.lines().find(|l| l.trim_start().starts_with("上年结转:")).unwrap();
    assert!(line.contains(", ~,") && line.contains("科研机构：原文为空白"), "{line}");
    let line = text.lines().find(|l| l.trim_start().starts_with("行政事业性收费:")).unwrap();
    assert!(line.contains("25.1") && line.contains("单位：元"), "{line}");
}

#[test]
fn a_table_split_in_two_is_joined_by_its_labels() {
    // Cut table 三 after its 12th row, as a page break does: the second piece has no header and
    // lacks the merged “三、本年度办理结果” column.
    let whole = t3_table(false, &[], value_of);
    let mut first = whole.clone();
    let second_rows: Vec<Vec<Cell>> = first.rows.split_off(3 + 12);
    let second = Table {
        rows: second_rows
            .into_iter()
            .map(|r| r.into_iter().filter(|c| c.text != "三、本年度办理结果").collect())
            .collect(),
    };
    let got = xxgk::import::interpret::interpret(&report(vec![
        t2_table("本年收费金额（单位：万元）", "0"),
        first,
        second,
        Table::default(),
        t4_table(),
    ]))
    .unwrap();
    for (i, row) in got.report.requests.rows.iter().enumerate() {
        assert_eq!(
            row.values.each_ref().map(|v| v.value.to_string()).to_vec(),
            (0..6).map(|c| value_of(i, c)).collect::<Vec<_>>(),
            "{}",
            row.def.key
        );
    }
    assert_eq!(got.counts.missing, 0);
}

#[test]
fn what_is_not_a_report_is_refused_with_a_reason() {
    // A page image and no text (the PDF reader's own fixture of a scan).
    let scan = &std::fs::read(fixtures().join("pdf/scanned.pdf")).unwrap()[..];
    let cases: [(&[u8], &str); 5] = [
        (scan, "扫描件"),
        (
            b"<html><body><p>\xe9\xa6\x96\xe9\xa1\xb5</p><p>hello</p></body></html>",
            "不是政府信息公开工作年度报告",
        ),
        (b"\x00\x01\x02\x03\x04binary\x00\x00\x00\x00\x00\x00\x00\x00", "不是可以导入的文件"),
        (b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n", "PDF"),
        (b"PK\x03\x04not really a zip", "Word"),
    ];
    for (bytes, want) in cases {
        let e = import::import(bytes).err().unwrap_or_else(|| panic!("{want}: imported"));
        assert!(e.to_string().contains(want), "{want}: {e}");
    }
}

#[test]
fn import_command_writes_data_files_and_counts_cells() {
    let dir = tempfile::tempdir().unwrap();
    let (html, _) = corpus_pair("005_pingtan_2024", "html");
    let (html10, _) = corpus_pair("010_shuyang_fgj_2023", "html");
    let a = dir.path().join("平潭2024.html");
    let b = dir.path().join("沭阳发改局2023.htm");
    let c = dir.path().join("说明.txt");
    std::fs::write(&a, html).unwrap();
    std::fs::write(&b, html10).unwrap();
    std::fs::write(&c, "这不是年度报告。\n").unwrap();
    let out = dir.path().join("数据");
    let run = |force: bool| {
        let mut cmd = assert_cmd::Command::cargo_bin("xxgk").unwrap();
        cmd.arg("import").args([&a, &b, &c]).arg("-o").arg(&out);
        if force {
            cmd.arg("--force");
        }
        cmd.output().unwrap()
    };
    let first = run(false);
    let err = String::from_utf8_lossy(&first.stderr);
    assert_eq!(first.status.code(), Some(1), "{err}");
    assert!(err.contains("读取 166 格，存疑 0 格，缺失 0 格"), "{err}");
    assert!(err.contains("缺失 120 格"), "{err}");
    assert!(err.contains("说明.txt"), "{err}");
    assert!(err.contains("共 3 个报告文件：生成 2 个数据文件，1 个未生成"), "{err}");
    assert!(out.join("平潭2024.yaml").exists() && out.join("沭阳发改局2023.yaml").exists());
    // Not replaced without --force …
    let again = run(false);
    assert!(
        String::from_utf8_lossy(&again.stderr).contains("已存在"),
        "{}",
        String::from_utf8_lossy(&again.stderr)
    );
    assert_eq!(again.status.code(), Some(2));
    // … and with it.
    let forced = run(true);
    assert_eq!(forced.status.code(), Some(1));
    let checked = assert_cmd::Command::cargo_bin("xxgk")
        .unwrap()
        .arg("check")
        .arg(out.join("平潭2024.yaml"))
        .output()
        .unwrap();
    assert_eq!(checked.status.code(), Some(0), "{}", String::from_utf8_lossy(&checked.stderr));
}

/// The corpus PDF as `pdftotext -layout` gives it (made now when poppler is installed, else the
/// committed output of the same command): the text path reads every cell and paragraph.
#[test]
fn corpus_pdf_text_from_pdftotext_layout_comes_back_cell_by_cell() {
    let (_, expected) = corpus_pair("001_huaian_city_2024", "yaml");
    // (the pair's “original” here is the data file itself)
    let pdf = corpus().join("001_huaian_city_2024.pdf");
    let fresh = std::process::Command::new("pdftotext")
        .arg("-layout")
        .arg(&pdf)
        .arg("-")
        .output()
        .ok()
        .filter(|o| o.status.success() && pdf.exists())
        .map(|o| o.stdout);
    let text =
        fresh.unwrap_or_else(|| std::fs::read(fixtures().join("001_huaian_city_2024.layout.txt")).unwrap());
    let (form, got) = import::import(&text).unwrap();
    assert_eq!(form, import::Form::Text);
    assert_report("001 (pdftotext -layout)", &got, &expected);
    assert_eq!(got.report.other.fee.as_ref().unwrap().value.text, "3940");
    assert_renders_paragraphs("001", &got, &import::text::read(&text));
}

/// A page copied from the browser: paragraphs one per line, table rows as tab-separated cells.
#[test]
fn text_copied_from_a_page_reads_as_the_page() {
    let (html, expected) = corpus_pair("005_pingtan_2024", "html");
    let mut text = String::new();
    for b in import::html::read(&html).blocks {
        match b {
            Block::Paragraph(p) => text.push_str(&format!("{p}\n")),
            Block::Table(t) => {
                for row in &t.rows {
                    let cells: Vec<String> = row.iter().map(|c| c.text.replace('\n', "")).collect();
                    text.push_str(&format!("{}\n", cells.join("\t")));
                }
            }
        }
    }
    let (form, got) = import::import(text.as_bytes()).unwrap();
    assert_eq!(form, import::Form::Text);
    assert_report("005 (copied text)", &got, &expected);
}

/// The corpus PDF itself, read by xxgk's own PDF reader (no poppler), as drawn tables and as page
/// text: every value comes back as transcribed (each reading alone misses some: the drawn table
/// loses the rows after its page break, the page text a row whose figures sit off its label's
/// line), and the rendered report gives the published paragraphs in order.
#[test]
fn corpus_pdf_comes_back_without_a_wrong_cell() {
    let (pdf, expected) = corpus_pair("001_huaian_city_2024", "pdf");
    let (form, got) = import::import(&pdf).unwrap();
    assert_eq!(form, import::Form::Pdf);
    assert_eq!((got.report.agency.value.as_str(), got.report.year.value), ("淮安市人民政府", 2024));
    assert_eq!(got.report.edition, Edition::E2021);
    let cells = cells(&got, &expected);
    let mut right = 0;
    for (label, e, g, n) in &cells {
        match n {
            // Written as `~` with the note at its line (the data file's “not filled”).
            Some(n) if n.missing => {}
            _ => {
                assert_eq!(e, g, "{label}");
                right += 1;
            }
        }
    }
    println!("001 (PDF): {right}/{} 格与转录一致", cells.len());
    assert_eq!(right, cells.len(), "001 (PDF): values not read");
    assert_renders_paragraphs("001 (PDF)", &got, &import::pdf::read(&pdf).unwrap());
}
