//! The reviewer's overview (`xxgk check FILES --format html|csv`): one row per report with its
//! agency, year, edition and findings by rule, and in HTML each finding at its place.

use assert_cmd::Command;
use std::path::{Path, PathBuf};

fn xxgk() -> Command {
    Command::cargo_bin("xxgk").expect("binary built")
}

/// A folder of three reports as a reviewer gets them: one good, one whose table 三 does not add up
/// and whose agency name holds markup, and one that is missing.
fn folder(dir: &Path) -> Vec<PathBuf> {
    let good = dir.join("甲.yaml");
    std::fs::copy("examples/county-2021.yaml", &good).unwrap();
    let bad = dir.join("乙.yaml");
    let text = xxgk::init::data_file(2022, "某某局<script>alert(1)</script>")
        .replace("  本年新收: [0, 0, 0, 0, 0, 0]", "  本年新收: [0, 0, 2, 0, 0, 0]");
    std::fs::write(&bad, text).unwrap();
    vec![good, bad, dir.join("丙.yaml")]
}

#[test]
fn csv_lists_each_report_with_its_findings_by_rule() {
    let dir = tempfile::tempdir().unwrap();
    let files = folder(dir.path());
    let out = xxgk().arg("check").args(&files).args(["--format", "csv"]).output().unwrap();
    assert_eq!(out.status.code(), Some(2), "a missing file is an I/O problem");
    let csv = String::from_utf8(out.stdout).unwrap();
    let rows: Vec<Vec<&str>> =
        csv.trim_start_matches('\u{feff}').lines().map(|l| l.split(',').collect()).collect();
    assert_eq!(rows.len(), 4, "{csv}");
    let header = &rows[0];
    assert_eq!(header[..8], ["单位", "年度", "表格版本", "数据文件", "结果", "错误", "警告", "提示"]);
    let ident = header.iter().position(|h| *h == "T3-IDENT").expect("a column for the rule found");
    assert_eq!(rows[1][..3], ["临江县人民政府", "2023", "2021年版"]);
    assert_eq!((rows[1][4], rows[1][5], rows[1][ident]), ("通过", "0", ""));
    assert_eq!(rows[2][..3], ["某某局<script>alert(1)</script>", "2022", "2021年版"]);
    assert_eq!((rows[2][4], rows[2][ident]), ("数据未通过校验", "1"));
    assert!(rows[3][0].is_empty() && rows[3][4].contains("丙.yaml"), "{csv}");
}

#[test]
fn html_page_shows_each_finding_at_its_line_escaped() {
    let dir = tempfile::tempdir().unwrap();
    let files = folder(dir.path());
    let page = dir.path().join("审核一览.html");
    let out =
        xxgk().arg("check").args(&files[..2]).args(["--format", "html", "-o"]).arg(&page).output().unwrap();
    assert_eq!(out.status.code(), Some(1), "a report with errors");
    assert!(String::from_utf8_lossy(&out.stdout).contains("已检查 2 个文件，1 个未通过"));
    let html = std::fs::read_to_string(&page).unwrap();
    assert!(!html.contains("<script>"), "data is never markup");
    assert!(html.contains("某某局&lt;script&gt;alert(1)&lt;/script&gt;"));
    let bad = std::fs::read_to_string(&files[1]).unwrap();
    let line = bad.lines().position(|l| l.contains("本年新收: [0, 0, 2")).unwrap() + 1;
    let item = html.split("<li class=\"error\">").nth(1).expect("the finding is listed");
    assert!(item.contains("错误[T3-IDENT]</span> “科研机构”列"), "{item}");
    assert!(item.contains(&format!("第 {line} 行第 ")), "{item}");
    assert!(item.contains("<code>本年新收: [0, 0, 2, 0, 0, 0]"), "{item}");
    // Each agency links to its section.
    assert!(html.contains("<a href=\"#file-2\">") && html.contains("<section id=\"file-2\">"));
}

#[test]
fn output_must_be_named_for_its_format() {
    let dir = tempfile::tempdir().unwrap();
    let files = folder(dir.path());
    let out =
        xxgk().arg("check").arg(&files[0]).args(["--format", "csv", "-o"]).arg(&files[1]).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("应以 .csv 结尾"));
    assert!(
        std::fs::read_to_string(&files[1]).unwrap().contains("本年新收: [0, 0, 2"),
        "data file untouched"
    );
    let out = xxgk().arg("check").arg(&files[0]).args(["-o", "x.html"]).output().unwrap();
    assert_eq!(out.status.code(), Some(2), "-o needs an overview format");
}
