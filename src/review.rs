//! The reviewer's overview: many checked reports in one table (agency, year, edition, findings by
//! severity and by rule id), as CSV for a spreadsheet or as one HTML page that also lists each
//! finding with its message and its place in the data file, so that a 政务公开办 can work down a
//! folder of fifty reports in one page.

use crate::batch::{About, FileError, FileReport};
use crate::diag::{Finding, Rule, Severity, Tally, shorten};
use serde::Serialize;

/// The overview of a set of checked files.
#[derive(Debug, Clone, Serialize)]
pub struct Review {
    /// The rules that have findings in any file, in the book's order: the per-rule columns.
    pub rules: Vec<Rule>,
    /// One row per file, in the order given.
    pub rows: Vec<ReviewRow>,
}

/// One file of the overview.
#[derive(Debug, Clone, Serialize)]
pub struct ReviewRow {
    /// The data file as the user named it.
    pub file: String,
    /// Whose report it is (`None`: it did not load).
    pub about: Option<About>,
    /// Why the file failed as a whole, in Chinese (`None`: it passed).
    pub error: Option<String>,
    pub errors: usize,
    pub warnings: usize,
    pub infos: usize,
    /// Findings per rule, aligned with [`Review::rules`].
    pub by_rule: Vec<usize>,
    /// Each finding with the text of the line it points at.
    pub findings: Vec<Placed>,
}

/// A finding and the data-file line it is about.
#[derive(Debug, Clone, Serialize)]
pub struct Placed {
    #[serde(flatten)]
    pub finding: Finding,
    /// The line's text (trimmed, cut to a readable length), when the finding has a position.
    pub line_text: Option<String>,
}

/// How long a quoted data-file line may be, in characters.
const LINE_CHARS: usize = 80;

impl Review {
    /// The overview of `files` as [`check_files`](crate::check_files) returned them.
    pub fn of(files: &[FileReport]) -> Review {
        let mut rules: Vec<Rule> = files.iter().flat_map(|f| f.findings.iter().map(|x| x.rule)).collect();
        rules.sort_by_key(|r| Rule::ALL.iter().position(|x| x == r));
        rules.dedup();
        let rows = files
            .iter()
            .map(|file| {
                let mut tally = Tally::default();
                tally.add(&file.findings);
                let unreadable = matches!(file.error, Some(FileError::Unreadable(_)));
                let lines: Vec<&str> = file.source.as_deref().map_or_else(Vec::new, |s| s.lines().collect());
                ReviewRow {
                    file: file.path.display().to_string(),
                    about: file.about.clone(),
                    error: file.error.as_ref().map(ToString::to_string),
                    errors: tally.errors + usize::from(unreadable),
                    warnings: tally.warnings,
                    infos: tally.infos,
                    by_rule: rules
                        .iter()
                        .map(|r| file.findings.iter().filter(|f| f.rule == *r).count())
                        .collect(),
                    findings: file
                        .findings
                        .iter()
                        .map(|f| Placed {
                            finding: f.clone(),
                            line_text: f.pos.and_then(|p| lines.get(p.line.checked_sub(1)? as usize)).map(
                                |l| {
                                    let l = l.trim();
                                    match l.char_indices().nth(LINE_CHARS) {
                                        Some((cut, _)) => format!("{}……", &l[..cut]),
                                        None => l.to_string(),
                                    }
                                },
                            ),
                        })
                        .collect(),
                }
            })
            .collect();
        Review { rules, rows }
    }

    /// The header and one row per file, as text.
    fn table(&self) -> Vec<Vec<String>> {
        let mut header: Vec<String> =
            ["单位", "年度", "表格版本", "数据文件", "结果", "错误", "警告", "提示"].map(String::from).into();
        header.extend(self.rules.iter().map(|r| r.id().to_string()));
        let mut rows = vec![header];
        for row in &self.rows {
            let (agency, year, edition) = match &row.about {
                Some(a) => (a.agency.clone(), a.year.to_string(), format!("{}年版", a.edition)),
                None => Default::default(),
            };
            let mut cells = vec![
                agency,
                year,
                edition,
                row.file.clone(),
                row.error.clone().unwrap_or_else(|| "通过".into()),
                row.errors.to_string(),
                row.warnings.to_string(),
                row.infos.to_string(),
            ];
            cells.extend(row.by_rule.iter().map(|n| if *n == 0 { String::new() } else { n.to_string() }));
            rows.push(cells);
        }
        rows
    }

    /// The table as CSV (UTF-8 with a byte-order mark), a row per file; a rule's column is blank
    /// where the file has no finding of it.
    pub fn to_csv(&self) -> String {
        crate::csv::write(&self.table())
    }

    /// One standalone HTML page: the table, each row linked to its file's findings below.
    pub fn to_html(&self) -> String {
        let mut s = String::new();
        let failed = self.rows.iter().filter(|r| r.error.is_some()).count();
        let title = "政府信息公开工作年度报告审核一览";
        s += "<!DOCTYPE html>\n<html lang=\"zh-CN\">\n<head>\n<meta charset=\"utf-8\">\n";
        s += &format!("<title>{title}</title>\n<style>{STYLE}</style>\n</head>\n<body>\n<h1>{title}</h1>\n");
        s += &format!(
            "<p>共 {} 份报告，{} 份未通过（有错误或无法读取）。点击单位名称查看该报告的每一条问题。</p>\n",
            self.rows.len(),
            failed
        );
        let table = self.table();
        s += "<table class=\"overview\">\n<tr><th>序号</th>";
        for (i, h) in table[0].iter().enumerate() {
            match self.rules.get(i.wrapping_sub(8)) {
                Some(rule) => s += &format!("<th title=\"{}\">{}</th>", esc(rule.summary()), esc(h)),
                None => s += &format!("<th>{}</th>", esc(h)),
            }
        }
        s += "</tr>\n";
        for (n, (row, cells)) in self.rows.iter().zip(&table[1..]).enumerate() {
            let class = if row.errors > 0 {
                "fail"
            } else if row.warnings > 0 {
                "warn"
            } else {
                "pass"
            };
            s += &format!("<tr class=\"{class}\"><td class=\"n\">{}</td>", n + 1);
            for (i, cell) in cells.iter().enumerate() {
                let text = if cell.is_empty() && i == 0 { "（未能读出）" } else { cell };
                match i {
                    0 => s += &format!("<td><a href=\"#file-{}\">{}</a></td>", n + 1, esc(text)),
                    1 | 5.. => s += &format!("<td class=\"n\">{}</td>", esc(text)),
                    2 => s += &format!("<td class=\"ed\">{}</td>", esc(text)),
                    _ => s += &format!("<td>{}</td>", esc(text)),
                }
            }
            s += "</tr>\n";
        }
        s += "</table>\n";
        for (n, row) in self.rows.iter().enumerate() {
            let name = row.about.as_ref().map_or("（未能读出单位）", |a| a.agency.as_str());
            s += &format!(
                "<section id=\"file-{}\">\n<h2>{}. {}</h2>\n<p class=\"file\">{}</p>\n",
                n + 1,
                n + 1,
                esc(name),
                esc(&row.file)
            );
            if let Some(e) = &row.error {
                s += &format!("<p class=\"state\">{}</p>\n", esc(e));
            }
            if row.findings.is_empty() {
                if row.error.is_none() {
                    s += "<p class=\"state\">未发现问题。</p>\n";
                }
            } else {
                s += "<ol class=\"findings\">\n";
                for p in &row.findings {
                    let f = &p.finding;
                    let class = match f.severity {
                        Severity::Error => "error",
                        Severity::Warning => "warning",
                        Severity::Info => "info",
                    };
                    s += &format!(
                        "<li class=\"{class}\"><span class=\"sev\">{}[{}]</span> {}",
                        f.severity.label(),
                        f.rule.id(),
                        esc(&shorten(&f.message))
                    );
                    if let Some(pos) = f.pos {
                        s += &format!("<div class=\"place\">第 {} 行第 {} 列", pos.line, pos.col);
                        if let Some(line) = &p.line_text {
                            s += &format!("：<code>{}</code>", esc(line));
                        }
                        s += "</div>";
                    }
                    s += "</li>\n";
                }
                s += "</ol>\n";
            }
            s += "<p class=\"top\"><a href=\"#\">回到一览表</a></p>\n</section>\n";
        }
        s += "</body>\n</html>\n";
        s
    }
}

const STYLE: &str = "body{font-family:sans-serif;margin:1.5em;color:#222}\
table{border-collapse:collapse;font-size:14px}td,th{border:1px solid #aaa;padding:3px 6px}th,td.n,td.ed{white-space:nowrap}\
th{background:#eee}td.n{text-align:right}tr.fail td:nth-child(6){color:#b00;font-weight:bold}\
tr.fail{background:#fdecec}tr.warn{background:#fff8e1}section{margin-top:1.5em}\
p.file{color:#666;font-size:13px}li{margin:.4em 0}li.error .sev{color:#b00;font-weight:bold}\
li.warning .sev{color:#a60}li.info .sev{color:#06c}div.place{color:#555;font-size:13px}\
code{background:#f4f4f4;padding:0 3px}";

fn esc(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    crate::write::escape_xml(s, &mut out);
    out
}
