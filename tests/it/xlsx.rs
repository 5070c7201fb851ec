//! The fill-in workbook: a new workbook filled cell by cell (found by defined name, as a clerk's
//! office tool would) with the examples' data reads back as the example; a LibreOffice re-save reads
//! the same; a text in a number cell, a total typed over its formula, a deleted sheet and a moved row
//! are each reported at their cell.

use assert_cmd::Command;
use regex::Regex;
use std::collections::BTreeMap;
use std::io::{Read, Write};
use std::path::Path;
use xxgk::model::*;

const EXAMPLES: [&str; 2] = ["examples/county-2021.yaml", "examples/kaifu-2019.yaml"];

/// The parts of an xlsx file, by name.
type Parts = BTreeMap<String, Vec<u8>>;

fn unzip(bytes: &[u8]) -> Parts {
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes)).unwrap();
    let mut parts = Parts::new();
    for i in 0..zip.len() {
        let mut f = zip.by_index(i).unwrap();
        let mut data = Vec::new();
        f.read_to_end(&mut data).unwrap();
        parts.insert(f.name().to_string(), data);
    }
    parts
}

fn rezip(parts: &Parts) -> Vec<u8> {
    let mut out = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let options =
        zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Deflated);
    // [Content_Types].xml first, as Office writes it.
    let mut names: Vec<&String> = parts.keys().collect();
    names.sort_by_key(|n| (n.as_str() != "[Content_Types].xml", n.as_str()));
    for name in names {
        out.start_file(name.as_str(), options).unwrap();
        out.write_all(&parts[name]).unwrap();
    }
    out.finish().unwrap().into_inner()
}

fn text(parts: &Parts, name: &str) -> String {
    String::from_utf8(parts[name].clone()).unwrap()
}

/// Defined names → (sheet, cell) from xl/workbook.xml.
fn names(parts: &Parts) -> BTreeMap<String, (String, String)> {
    let wb = text(parts, "xl/workbook.xml");
    let re = Regex::new(r#"<definedName name="([^"]+)"[^>]*>'?([^'!<]+)'?!\$([A-Z]+)\$(\d+)</definedName>"#)
        .unwrap();
    re.captures_iter(&wb)
        .map(|c| (c[1].to_string(), (c[2].to_string(), format!("{}{}", &c[3], &c[4]))))
        .collect()
}

/// The part of a sheet, by its name (through the workbook's relationships).
fn sheet_part(parts: &Parts, sheet: &str) -> String {
    let wb = text(parts, "xl/workbook.xml");
    let re = Regex::new(&format!(r#"<sheet name="{sheet}" sheetId="\d+" r:id="(rId\d+)""#)).unwrap();
    let rid = re.captures(&wb).unwrap_or_else(|| panic!("no sheet {sheet}"))[1].to_string();
    let rels = text(parts, "xl/_rels/workbook.xml.rels");
    let re = Regex::new(&format!(r#"Id="{rid}"[^>]*Target="([^"]+)""#)).unwrap();
    let re2 = Regex::new(&format!(r#"Target="([^"]+)"[^>]*Id="{rid}""#)).unwrap();
    let target = re.captures(&rels).or_else(|| re2.captures(&rels)).unwrap()[1].to_string();
    format!("xl/{}", target.trim_start_matches("/xl/"))
}

/// Sets a cell that exists in the sheet (every input cell does) to a number or a text, keeping its
/// style; a formula in it goes.
fn set(parts: &mut Parts, sheet: &str, cell: &str, value: &str, number: bool) {
    let part = sheet_part(parts, sheet);
    let xml = text(parts, &part);
    let re = Regex::new(&format!(r#"<c r="{cell}"( s="\d+")?[^>]*?(/>|>.*?</c>)"#)).unwrap();
    let caps = re.captures(&xml).unwrap_or_else(|| panic!("no cell {sheet}!{cell}"));
    let style = caps.get(1).map_or("", |m| m.as_str());
    let escaped = value.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;");
    let new = if number {
        format!(r#"<c r="{cell}"{style}><v>{value}</v></c>"#)
    } else {
        format!(r#"<c r="{cell}"{style} t="inlineStr"><is><t xml:space="preserve">{escaped}</t></is></c>"#)
    };
    let xml = xml.replacen(&caps[0], &new, 1);
    parts.insert(part, xml.into_bytes());
}

fn set_named(parts: &mut Parts, name: &str, value: &str, number: bool) {
    let (sheet, cell) = names(parts).get(name).cloned().unwrap_or_else(|| panic!("no name {name}"));
    set(parts, &sheet, &cell, value, number);
}

fn split_cell(cell: &str) -> (String, u32) {
    let letters: String = cell.chars().take_while(|c| c.is_ascii_alphabetic()).collect();
    (letters.clone(), cell[letters.len()..].parse().unwrap())
}

/// Writes a section's paragraphs into column B below its heading, blanking the rest of the section.
fn set_prose(parts: &mut Parts, name: &str, text: &str, rows_until_next: u32) {
    let (_, head) = names(parts)[name].clone();
    let (_, row) = split_cell(&head);
    let lines: Vec<&str> = text.lines().filter(|l| !l.trim().is_empty()).collect();
    assert!(
        lines.len() as u32 <= rows_until_next,
        "{name}: {} paragraphs, {rows_until_next} rows",
        lines.len()
    );
    for i in 0..rows_until_next {
        let value = lines.get(i as usize).copied().unwrap_or("");
        set(parts, "正文", &format!("B{}", row + 1 + i), value, false);
    }
}

/// Rows between a section heading and the next one (or the sheet's last row + 1).
fn section_rows(parts: &Parts, name: &str) -> u32 {
    let all = names(parts);
    let row_of = |n: &str| split_cell(&all[n].1).1;
    let head = row_of(name);
    let next = all
        .iter()
        .filter(|(n, (s, c))| s == "正文" && n.as_str() != name && c.starts_with('A'))
        .map(|(n, _)| row_of(n))
        .filter(|r| *r > head)
        .min();
    let next = next.unwrap_or_else(|| {
        let xml = text(parts, &sheet_part(parts, "正文"));
        let re = Regex::new(r#"<row r="(\d+)""#).unwrap();
        re.captures_iter(&xml).map(|c| c[1].parse::<u32>().unwrap()).max().unwrap() + 1
    });
    // The fee row of 六 (2021) is not a paragraph row.
    let fee = all.get("正文_信息处理费").map(|(_, c)| split_cell(c).1).filter(|r| *r > head && *r < next);
    next - head - 1 - u32::from(fee.is_some())
}

/// A new workbook for the example's agency and year, filled from the example by defined names.
fn filled(example: &Report) -> Parts {
    let blank = xxgk::init::blank(example.year.value, &example.agency.value);
    let mut parts = unzip(&xxgk::xlsx::write(&blank).unwrap());
    let basics = [
        ("机关", Some(example.agency.value.clone())),
        ("地区", example.locality.as_ref().map(|v| v.value.clone())),
        ("标题", example.title.as_ref().map(|v| v.value.clone())),
        ("网址", example.url.clone()),
        ("地址", example.contacts.address.clone()),
        ("邮编", example.contacts.postcode.clone()),
        ("电话", example.contacts.phone.clone()),
        ("传真", example.contacts.fax.clone()),
        ("电子邮箱", example.contacts.email.clone()),
        ("落款单位", example.signature.unit.clone()),
        ("落款日期", example.signature.date.as_ref().map(|v| v.value.clone())),
    ];
    for (label, value) in basics {
        set_named(&mut parts, &format!("基本信息_{label}"), &value.unwrap_or_default(), false);
    }
    for (def, cells) in example.proactive.rows() {
        for (col, cell) in def.cols.iter().zip(&cells) {
            set_named(&mut parts, &format!("表二_{}_{}", def.key, col.key), &cell.data_text(), true);
        }
    }
    for row in &example.requests.rows {
        let path = match row.def.group {
            Some(group) => format!("{group}_{}", row.def.key),
            None => row.def.key.to_string(),
        };
        for ((applicant, _), v) in APPLICANTS.iter().zip(&row.values) {
            set_named(&mut parts, &format!("表三_{path}_{applicant}"), &v.value.to_string(), true);
        }
    }
    for ((_, group, _), g) in APPEAL_GROUPS.iter().zip(&example.appeals.groups) {
        for ((outcome, _), v) in OUTCOMES.iter().zip(&g.values) {
            set_named(&mut parts, &format!("表四_{group}_{outcome}"), &v.value.to_string(), true);
        }
    }
    let mut sections = vec![
        ("正文_总体情况", example.overview.text.clone()),
        ("正文_问题及改进", example.problems.text.clone()),
    ];
    match example.edition {
        Edition::E2019 => {
            sections.push(("正文_其他事项", example.other.prose.as_ref().unwrap().text.clone()))
        }
        Edition::E2021 => {
            let fee = example.other.fee.as_ref().map_or(String::new(), |f| f.value.text.clone());
            set_named(&mut parts, "正文_信息处理费", &fee, true);
            for (key, id, _) in OTHER_TOPICS {
                let t = example
                    .other
                    .topics
                    .iter()
                    .find(|(t, _)| *t == id)
                    .map_or(String::new(), |(_, p)| p.text.clone());
                sections.push((Box::leak(format!("正文_{key}").into_boxed_str()), t));
            }
        }
    }
    for (name, t) in sections {
        let rows = section_rows(&parts, name);
        set_prose(&mut parts, name, &t, rows);
    }
    parts
}

/// The data file of a report, 总计 the file gave left out (the workbook always computes them).
fn data_text(report: &Report) -> String {
    let mut r = report.clone();
    r.requests.given_total = None;
    for row in &mut r.requests.rows {
        row.given_total = None;
    }
    for g in &mut r.appeals.groups {
        g.given_total = None;
    }
    xxgk::datafile::write(&r)
}

fn load(path: &str) -> Report {
    xxgk::load_file(path.as_ref()).unwrap().1
}

#[test]
fn a_new_workbook_filled_with_the_examples_reads_back_as_the_examples() {
    for example in EXAMPLES {
        let report = load(example);
        let bytes = rezip(&filled(&report));
        let wb = xxgk::xlsx::read(&bytes).unwrap();
        assert!(wb.findings.is_empty(), "{example}: {:?}", wb.findings);
        let read = wb.report.unwrap_or_else(|| panic!("{example}: no report"));
        assert_eq!(data_text(&read), data_text(&report), "{example}");
        assert_eq!(wb.text.as_deref(), Some(data_text(&read).as_str()));
        // And export → read gives the same report again.
        let exported = xxgk::xlsx::read(&xxgk::xlsx::write(&report).unwrap()).unwrap();
        assert_eq!(data_text(&exported.report.unwrap()), data_text(&report), "{example} exported");
    }
}

#[test]
fn a_new_workbook_has_protected_sheets_validated_inputs_and_formulas() {
    let bytes = xxgk::xlsx::write(&xxgk::init::blank(2024, "某某县某某局")).unwrap();
    let parts = unzip(&bytes);
    let n = names(&parts);
    for sheet in ["基本信息", "表二", "表三", "表四", "正文"] {
        let xml = text(&parts, &sheet_part(&parts, sheet));
        assert!(xml.contains("<sheetProtection"), "{sheet} is protected");
        assert!(!xml.contains("password"), "{sheet}: no password");
        assert!(xml.contains("<dataValidation "), "{sheet} validates its inputs");
    }
    let t3 = text(&parts, &sheet_part(&parts, "表三"));
    let (_, total) = &n["表三_本年新收_总计"];
    let (_, first) = &n["表三_本年新收_自然人"];
    let (_, last) = &n["表三_本年新收_其他"];
    assert!(t3.contains(&format!(r#"<c r="{total}""#)), "{t3}");
    assert!(
        t3.contains(&format!("<f>SUM({first}:{last})</f>")),
        "the row total is a formula over its six cells"
    );
    assert!(t3.contains("showErrorMessage=\"1\"") && t3.contains("数字不符合要求"), "Chinese error messages");
    // Merged headers as in the official table.
    assert!(t3.contains("<mergeCell ref=\"A4:C6\"/>"), "the 3×3 勾稽关系 note cell");
    // A one-figure row of table 二 spans its block, like its header.
    let t2 = text(&parts, &sheet_part(&parts, "表二"));
    let (_, licensing) = &n["表二_行政许可_本年处理决定数量"];
    let (col, row) = split_cell(licensing);
    assert_eq!(col, "B");
    assert!(t2.contains(&format!("<mergeCell ref=\"B{row}:D{row}\"/>")), "{t2}");
    // Every figure of the three tables has its name.
    let figures = n
        .keys()
        .filter(|k| k.starts_with("表二_") || k.starts_with("表三_") || k.starts_with("表四_"))
        .count();
    assert_eq!(figures, 10 + 24 * 7 + 7 + 15);
}

/// Whether LibreOffice with Calc is installed: `soffice` opens a spreadsheet (Writer alone, as
/// the DOCX tests need, cannot).
fn has_calc(dir: &Path) -> bool {
    let csv = dir.join("probe.csv");
    std::fs::write(&csv, "1,2\n").unwrap();
    let out = dir.join("probe");
    let ok = std::process::Command::new("soffice")
        .env("HOME", dir.join("home"))
        .args(["--headless", "--convert-to", "xlsx", "--outdir"])
        .arg(&out)
        .arg(&csv)
        .output()
        .is_ok_and(|o| o.status.success());
    ok && out.join("probe.xlsx").exists()
}

fn soffice_convert(file: &Path, to: &str, dir: &Path) -> Option<Vec<u8>> {
    if !has_calc(dir) {
        if std::env::var("XXGK_SKIP_LIBREOFFICE").as_deref() == Ok("1") {
            eprintln!("LibreOffice Calc not found; skipping the LibreOffice check (XXGK_SKIP_LIBREOFFICE=1)");
            return None;
        }
        panic!(
            "LibreOffice Calc (soffice) cannot open spreadsheets here: install libreoffice-calc-nogui, \
             or set XXGK_SKIP_LIBREOFFICE=1 to skip this check"
        );
    }
    let out = dir.join(format!("out-{to}"));
    let status = std::process::Command::new("soffice")
        .env("HOME", dir.join("home"))
        .args(["--headless", "--convert-to", to, "--outdir"])
        .arg(&out)
        .arg(file)
        .output()
        .unwrap();
    assert!(status.status.success(), "{}", String::from_utf8_lossy(&status.stderr));
    let name = file.with_extension(to);
    Some(std::fs::read(out.join(name.file_name().unwrap())).unwrap())
}

#[test]
fn a_workbook_saved_again_by_libreoffice_reads_the_same() {
    let dir = tempfile::tempdir().unwrap();
    for example in EXAMPLES {
        let report = load(example);
        let file = dir.path().join("填报表.xlsx");
        std::fs::write(&file, rezip(&filled(&report))).unwrap();
        for to in ["xlsx", "ods"] {
            let Some(bytes) = soffice_convert(&file, to, dir.path()) else { return };
            let wb = xxgk::xlsx::read(&bytes).unwrap();
            assert!(wb.findings.is_empty(), "{example} via LibreOffice {to}: {:?}", wb.findings);
            assert_eq!(data_text(&wb.report.unwrap()), data_text(&report), "{example} via LibreOffice {to}");
        }
    }
}

/// `xxgk check` on a workbook: its exit code and what it printed.
fn check(parts: &Parts) -> (i32, String) {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("报告.xlsx");
    std::fs::write(&file, rezip(parts)).unwrap();
    let out = Command::cargo_bin("xxgk")
        .unwrap()
        .current_dir(dir.path())
        .args(["check", "报告.xlsx"])
        .output()
        .unwrap();
    (out.status.code().unwrap(), String::from_utf8(out.stdout).unwrap())
}

#[test]
fn a_text_in_a_number_cell_is_reported_at_its_cell() {
    let mut parts = filled(&load(EXAMPLES[0]));
    set_named(&mut parts, "表三_上年结转_商业企业", "一件", false);
    let cell = &names(&parts)["表三_上年结转_商业企业"].1;
    let (code, out) = check(&parts);
    assert_eq!(code, 1, "{out}");
    assert!(
        out.contains(&format!(
            "错误[D-NUMBER]: “上年结转·商业企业”填写了“一件”：应为非负整数（没有请填 0）\n  --> 报告.xlsx 表三!{cell}（上年结转·商业企业）\n"
        )),
        "{out}"
    );
}

#[test]
fn a_total_typed_over_its_formula_is_reported_at_its_cell() {
    let mut parts = filled(&load(EXAMPLES[0]));
    // 本年新收 of the example: 46 + 9 + 2 + 1 + 3 + 2 = 63.
    let (sheet, cell) = names(&parts)["表三_本年新收_总计"].clone();
    set(&mut parts, &sheet, &cell, "60", true);
    let (code, out) = check(&parts);
    assert_eq!(code, 1, "{out}");
    assert!(out.contains("错误[X-FORMULA]: “本年新收·总计”应为自动计算的公式，现在是“60”：xxgk 按各项之和计算为 63，与所填不符"), "{out}");
    assert!(out.contains(&format!("  --> 报告.xlsx 表三!{cell}（本年新收·总计）\n")), "{out}");
}

#[test]
fn a_deleted_sheet_is_reported() {
    let mut parts = filled(&load(EXAMPLES[0]));
    // What Excel does on deleting a sheet: the sheet leaves the workbook, its names become #REF!.
    let wb = text(&parts, "xl/workbook.xml");
    let wb = Regex::new(r#"<sheet name="表四"[^>]*/>"#).unwrap().replace(&wb, "").to_string();
    let wb = Regex::new(r#"'表四'!\$[A-Z]+\$\d+"#).unwrap().replace_all(&wb, "#REF!").to_string();
    parts.insert("xl/workbook.xml".into(), wb.into_bytes());
    let (code, out) = check(&parts);
    assert_eq!(code, 1, "{out}");
    assert!(out.contains("错误[D-MISSING]: 缺少工作表“表四”（被删除或改名了？）"), "{out}");
    assert!(out.contains("  --> 报告.xlsx 表四\n"), "{out}");
}

/// Swaps the contents of two rows of a sheet (what sorting or cutting and pasting without the names
/// does), the defined names left where they were.
fn swap_rows(parts: &mut Parts, sheet: &str, a: u32, b: u32) {
    let part = sheet_part(parts, sheet);
    let xml = text(parts, &part);
    let row_re = |n: u32| Regex::new(&format!(r#"(?s)<row r="{n}"[^>]*>(.*?)</row>"#)).unwrap();
    let inner = |n: u32| row_re(n).captures(&xml).unwrap()[1].to_string();
    let (ra, rb) = (inner(a), inner(b));
    let renumber = |s: &str, from: u32, to: u32| {
        Regex::new(&format!(r"([A-Z]{{1,2}}){from}\b"))
            .unwrap()
            .replace_all(s, format!("${{1}}{to}"))
            .to_string()
    };
    let new_a = renumber(&rb, b, a);
    let new_b = renumber(&ra, a, b);
    let xml = xml.replacen(&ra, "\u{0}A", 1).replacen(&rb, "\u{0}B", 1);
    let xml = xml.replacen("\u{0}A", &new_a, 1).replacen("\u{0}B", &new_b, 1);
    parts.insert(part, xml.into_bytes());
}

#[test]
fn a_moved_row_is_read_by_its_label_and_reported_at_its_cell() {
    let report = load(EXAMPLES[0]);
    let mut parts = filled(&report);
    let n = names(&parts);
    let row_of = |name: &str| split_cell(&n[name].1).1;
    let (new, carried) = (row_of("表三_本年新收_自然人"), row_of("表三_上年结转_自然人"));
    swap_rows(&mut parts, "表三", new, carried);
    let wb = xxgk::xlsx::read(&rezip(&parts)).unwrap();
    // Both rows read by their labels: the same figures as before.
    assert_eq!(data_text(wb.report.as_ref().unwrap()), data_text(&report));
    let moved: Vec<String> = wb
        .findings
        .iter()
        .filter(|f| f.rule == xxgk::diag::Rule::XMoved)
        .map(|f| f.cell.as_ref().unwrap().to_string())
        .collect();
    assert_eq!(moved.len(), 12, "{:?}", wb.findings);
    assert!(moved.contains(&format!("表三!D{carried}（本年新收·自然人）")), "{moved:?}");
    let (code, out) = check(&parts);
    assert_eq!(code, 0, "warnings only: {out}");
    let (a, b) = ("一、本年新收政府信息公开申请数量", "二、上年结转政府信息公开申请数量");
    assert!(
        out.contains(&format!(
            "警告[X-MOVED]: “{a}”行不在原来的位置：名称“表三_本年新收_自然人”指向第 {new} 行（标签是“{b}”），而“{a}”在第 {carried} 行。已按行标签读取第 {carried} 行，请核对\n  --> 报告.xlsx 表三!D{carried}（本年新收·自然人）\n"
        )),
        "{out}"
    );
}

#[test]
fn check_findings_on_a_workbook_point_at_cells_and_render_works_from_it() {
    let mut parts = filled(&load(EXAMPLES[0]));
    // One more 本年新收 breaks 本年新收 + 上年结转 = 总计 + 结转下年度 in its column.
    set_named(&mut parts, "表三_本年新收_科研机构", "3", true);
    let (code, out) = check(&parts);
    assert_eq!(code, 1, "{out}");
    assert!(out.contains("错误[T3-IDENT]"), "{out}");
    assert!(out.contains("  --> 报告.xlsx 表三!"), "{out}");

    let parts = filled(&load(EXAMPLES[0]));
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("报告.xlsx"), rezip(&parts)).unwrap();
    let out = Command::cargo_bin("xxgk")
        .unwrap()
        .current_dir(dir.path())
        .args(["render", "报告.xlsx", "-f", "md", "-o", "out"])
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let md = std::fs::read_dir(dir.path().join("out")).unwrap().next().unwrap().unwrap().path();
    let md = std::fs::read_to_string(md).unwrap();
    assert!(md.contains("临江县人民政府2023年政府信息公开工作年度报告"), "{md}");
    assert!(md.contains("全年收到政府信息公开申请63件"), "{md}");
}

#[test]
fn init_and_export_write_workbooks_on_the_command_line() {
    let dir = tempfile::tempdir().unwrap();
    let run = |args: &[&str]| {
        Command::cargo_bin("xxgk").unwrap().current_dir(dir.path()).args(args).output().unwrap()
    };
    let out = run(&["init", "--xlsx", "--year", "2024", "--agency", "某某县某某局"]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let path = dir.path().join("某某县某某局2024.xlsx");
    let wb = xxgk::xlsx::read_file(&path).unwrap();
    let report = wb.report.unwrap();
    assert_eq!((report.agency.value.as_str(), report.year.value), ("某某县某某局", 2024));
    // A new workbook is never written over an existing file.
    let again = run(&["init", "--xlsx", "--year", "2024", "--agency", "某某县某某局"]);
    assert_eq!(again.status.code(), Some(2));
    // `check` reads it like a data file: the blank report passes, with the prompts still to fill.
    let out = run(&["check", "某某县某某局2024.xlsx"]);
    assert_eq!(out.status.code(), Some(0), "{}", String::from_utf8_lossy(&out.stdout));
    let stdout = String::from_utf8(out.stdout).unwrap();
    assert!(
        stdout.contains("警告[S-FILL]") && stdout.contains("--> 某某县某某局2024.xlsx 正文!B"),
        "{stdout}"
    );

    std::fs::copy(xxgk_root().join(EXAMPLES[1]), dir.path().join("kaifu.yaml")).unwrap();
    let out = run(&["export", "kaifu.yaml", "--xlsx"]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let wb = xxgk::xlsx::read_file(&dir.path().join("kaifu.xlsx")).unwrap();
    assert_eq!(data_text(&wb.report.unwrap()), data_text(&load(EXAMPLES[1])));
}

fn xxgk_root() -> std::path::PathBuf {
    std::path::PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// LibreOffice and converters show a formula's cached result without recalculating: an exported
/// workbook must carry each total's value, not 0.
#[test]
fn exported_totals_carry_their_values() {
    let report = load("examples/county-2021.yaml");
    let parts = unzip(&xxgk::xlsx::write(&report).unwrap());
    let n = names(&parts);
    let (sheet, cell) = &n["表三_本年新收_总计"];
    let xml = text(&parts, &sheet_part(&parts, sheet));
    let re = Regex::new(&format!(r#"<c r="{cell}"[^>]*><f>([^<]+)</f><v>([^<]+)</v>"#)).unwrap();
    let c = re.captures(&xml).unwrap_or_else(|| panic!("{cell}: no formula with a value"));
    let new = &report.requests.row("new").values;
    let sum: u64 = new.iter().map(|v| v.value).sum();
    assert!(c[1].starts_with("SUM("), "{}", &c[1]);
    assert_eq!(c[2].parse::<u64>().unwrap(), sum);
    assert!(sum > 0);
}

/// `xxgk import 填报表.xlsx` reads a workbook like `check` does: the data file it writes is the
/// report's, and a workbook with an error in a cell is refused, naming the cell.
#[test]
fn import_reads_a_workbook_and_refuses_a_wrong_cell() {
    let report = load("examples/kaifu-2019.yaml");
    let bytes = xxgk::xlsx::write(&report).unwrap();
    let (form, imported) = xxgk::import::import(&bytes).unwrap();
    assert_eq!(form, xxgk::import::Form::Workbook);
    assert_eq!(data_text(&imported.report), data_text(&report));
    let mut parts = unzip(&bytes);
    set_named(&mut parts, "表三_本年新收_自然人", "十二", false);
    let e = xxgk::import::import(&rezip(&parts)).expect_err("refused");
    assert!(e.to_string().contains("表三!"), "{e}");
}
