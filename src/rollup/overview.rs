//! The members' overview: one row per member with its key figures, and the roll-up's row, so the
//! compiler of a roll-up sees where each number comes from. Written as CSV (UTF-8 with a byte-order
//! mark, which Excel and WPS need to read Chinese) or as a standalone HTML page.

use super::diff::Figure;
use super::{Member, Sum};
use crate::model::*;
use serde::Serialize;

/// The key figures' column headings, in the order of [`OverviewRow::figures`].
pub const COLUMNS: [&str; 10] = [
    "本年新收",
    "上年结转",
    "予以公开",
    "办理结果总计",
    "结转下年度",
    "行政复议",
    "行政诉讼",
    "行政许可",
    "行政事业性收费（万元）",
    "信息处理费（元）",
];

/// Agency × key figures, with the sum row.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Overview {
    /// The roll-up's agency and year.
    pub agency: String,
    pub year: i64,
    /// The headings of the figures ([`COLUMNS`]).
    pub columns: Vec<&'static str>,
    /// One row per member, in the order given.
    pub members: Vec<OverviewRow>,
    /// The roll-up's own figures (what `sum` wrote: 合计).
    pub total: OverviewRow,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct OverviewRow {
    pub agency: String,
    /// The member's file as the user named it (empty for the sum row).
    pub file: String,
    /// One per column; `None` where the report has no such figure (a 2019 report's 信息处理费, a
    /// fee left out).
    pub figures: Vec<Option<Figure>>,
}

/// The overview of `members` and their roll-up `sum`.
pub fn overview(members: &[Member], sum: &Sum) -> Overview {
    Overview {
        agency: sum.report.agency.value.clone(),
        year: sum.report.year.value,
        columns: COLUMNS.to_vec(),
        members: members
            .iter()
            .map(|m| OverviewRow {
                agency: m.report.agency.value.clone(),
                file: m.source.name.clone(),
                figures: figures(&m.report),
            })
            .collect(),
        total: OverviewRow {
            agency: "合计".to_string(), file: String::new(), figures: figures(&sum.report)
        },
    }
}

/// A report's figures in [`COLUMNS`] order.
fn figures(r: &Report) -> Vec<Option<Figure>> {
    let q = &r.requests;
    let rows_sum = |kind| q.rows_of(kind).map(|row| row.sum()).sum::<u64>();
    let [review, direct, after] = &r.appeals.groups;
    let count = |n: u64| Some(Figure::Count(n as i64));
    let table2 = r.proactive.rows();
    let cell = |id: T2Id, pick: &dyn Fn(&T2Cell) -> Option<Figure>| {
        table2.iter().find(|(d, _)| d.id == id).and_then(|(_, cells)| cells.iter().find_map(pick))
    };
    vec![
        count(q.row("new").sum()),
        count(rows_sum(RowKind::CarriedIn)),
        count(q.row("granted").sum()),
        count(q.total()[6]),
        count(rows_sum(RowKind::CarriedOut)),
        count(review.sum()),
        count(direct.sum() + after.sum()),
        // 2021: the year's decisions; 2019 counts items in several columns, not one figure.
        cell(T2Id::Licensing, &|c| match c {
            T2Cell::Count(v) if r.edition == Edition::E2021 => Some(Figure::Count(v.value as i64)),
            _ => None,
        }),
        cell(T2Id::Fees, &|c| match c {
            T2Cell::Money(v) => Some(Figure::Amount(v.value.text.clone())),
            _ => None,
        }),
        r.other.fee.as_ref().map(|f| Figure::Amount(f.value.text.clone())),
    ]
}

impl Overview {
    /// The header row and every row's cells as text (blank where a figure is missing).
    fn table(&self) -> (Vec<String>, Vec<Vec<String>>) {
        let mut header = vec!["单位".to_string(), "数据文件".to_string()];
        header.extend(self.columns.iter().map(|c| c.to_string()));
        let rows = self
            .members
            .iter()
            .chain([&self.total])
            .map(|row| {
                let mut cells = vec![row.agency.clone(), row.file.clone()];
                cells.extend(row.figures.iter().map(|f| f.as_ref().map_or(String::new(), Figure::to_string)));
                cells
            })
            .collect();
        (header, rows)
    }

    /// CSV with a UTF-8 byte-order mark (see [`crate::csv::write`]).
    pub fn to_csv(&self) -> String {
        let (header, mut rows) = self.table();
        rows.insert(0, header);
        crate::csv::write(&rows)
    }

    /// A standalone HTML page with one table, every text escaped.
    pub fn to_html(&self) -> String {
        let esc = |s: &str| {
            let mut out = String::new();
            crate::write::escape_xml(s, &mut out);
            out
        };
        let title = esc(&format!("{}{}年度汇总：各单位主要数字", self.agency, self.year));
        let (header, rows) = self.table();
        let mut s = format!(
            "<!DOCTYPE html>\n<html lang=\"zh-CN\">\n<head>\n<meta charset=\"utf-8\">\n<title>{title}</title>\n\
             <style>table{{border-collapse:collapse}}td,th{{border:1px solid #999;padding:2px 6px}}\
             td.n{{text-align:right}}tr.total{{font-weight:bold}}</style>\n</head>\n<body>\n<h1>{title}</h1>\n<table>\n<tr>"
        );
        for h in &header {
            s += &format!("<th>{}</th>", esc(h));
        }
        s += "</tr>\n";
        let last = rows.len() - 1;
        for (i, row) in rows.iter().enumerate() {
            s += if i == last { "<tr class=\"total\">" } else { "<tr>" };
            for (c, cell) in row.iter().enumerate() {
                s += if c < 2 { "<td>" } else { "<td class=\"n\">" };
                s += &esc(cell);
                s += "</td>";
            }
            s += "</tr>\n";
        }
        s += "</table>\n</body>\n</html>\n";
        s
    }
}
