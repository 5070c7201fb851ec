//! The official tables of sections 二, 三 and 四, laid out once per edition exactly as the national
//! format prints them (国办公开办函〔2019〕60号 and 〔2021〕30号; their rows are listed in the book,
//! `book/src/data.md`) and filled from a [`Report`]. Rows, keys, labels and headers come from
//! [`crate::model`]; this module adds only the layout.
//!
//! Every writer draws these same cells: caption rows, the 3×3 勾稽关系 note cell, the 申请人情况 /
//! 法人或其他组织 header nesting, the 20-row (2019) or 22-row (2021) 本年度办理结果 block, the computed
//! 总计 column and （七）总计 row, and the 15 columns of table 四 under three header rows.
//!
//! Column widths are relative millimetres chosen for the 156 mm GB/T 9704 text block at 10.5 pt
//! (五号, ≈3.7 mm a character): label columns wide enough for their words, figure columns narrow.

use crate::doc::{Cell, CellRole, Table, TableKind};
use crate::model::{
    APPEAL_GROUPS, APPLICANTS, Edition, OUTCOMES, Report, Requests, RowKind, T2_CONTENT_HEADER, T2Cell,
    T3_NOTE, TOTAL_LABEL, t3_group_label, t3_rows,
};

pub const T3_APPLICANTS_HEADER: &str = "申请人情况";
pub const T3_ORGS_HEADER: &str = "法人或其他组织";
pub const T3_TOTAL_HEADER: &str = "总计";
pub const T3_RESULTS_LABEL: &str = "三、本年度办理结果";
pub const T4_REVIEW_HEADER: &str = "行政复议";
pub const T4_SUIT_HEADER: &str = "行政诉讼";
pub const T4_TOTAL_HEADER: &str = "总计";

/// The three official tables of a report: 二, 三 and 四.
pub fn build(report: &Report) -> [Table; 3] {
    [proactive(report), requests(report), appeals(report)]
}

/// A signed change as printed in table 二 (2019): `+3`, `-4`, `0`.
pub fn signed(n: i64) -> String {
    if n > 0 { format!("+{n}") } else { n.to_string() }
}

fn num(n: u64) -> Cell {
    Cell::new(n.to_string(), CellRole::Number)
}

fn text(s: impl Into<String>, role: CellRole) -> Cell {
    Cell::new(s, role)
}

/// Table 二: 主动公开政府信息情况, block by block as [`crate::model::t2_rows`] defines it.
///
/// Every block fills the same width: the label column, then as many sub-columns as every row's
/// column count divides (2019: six, for rows of three and of two values; 2021: three, for rows of
/// three values and of one), each value spanning its share.
pub fn proactive(report: &Report) -> Table {
    let h = CellRole::Header;
    let rows = report.proactive.rows();
    let sub = rows.iter().map(|(d, _)| d.cols.len()).fold(1, lcm);
    let mut out = Vec::new();
    let mut item = None;
    for (def, cells) in &rows {
        let span = sub / def.cols.len();
        if item != Some(def.item) {
            item = Some(def.item);
            out.push(vec![text(def.caption(), CellRole::Caption).span(1, sub + 1)]);
            let mut header = vec![text(T2_CONTENT_HEADER, h)];
            header.extend(def.cols.iter().map(|c| text(c.header, h).span(1, span)));
            out.push(header);
        }
        let mut row = vec![text(def.label(), CellRole::Label)];
        row.extend(cells.iter().map(|c| text(cell_text(c), CellRole::Number).span(1, span)));
        out.push(row);
    }
    // Label column wide enough for 其他对外管理服务事项 (2019) or 行政规范性文件 (2021).
    let label = match report.proactive.edition() {
        Edition::E2019 => 48.0,
        Edition::E2021 => 54.0,
    };
    let mut widths = vec![label];
    widths.extend(vec![(156.0 - label) / sub as f32; sub]);
    Table { kind: TableKind::Proactive, widths, header_rows: 0, rows: out }
}

fn lcm(a: usize, b: usize) -> usize {
    let gcd = |mut x: usize, mut y: usize| {
        while y != 0 {
            (x, y) = (y, x % y);
        }
        x
    };
    a / gcd(a, b) * b
}

/// A figure of table 二 as printed: counts as they are, changes with their sign, money as written.
fn cell_text(cell: &T2Cell) -> String {
    match cell {
        T2Cell::Count(v) => v.value.to_string(),
        T2Cell::Signed(v) => signed(v.value),
        T2Cell::Money(v) => v.value.text.clone(),
    }
}

/// Table 三: 收到和处理政府信息公开申请情况.
pub fn requests(report: &Report) -> Table {
    requests_table(report.edition, &report.requests)
}

fn requests_table(edition: Edition, req: &Requests) -> Table {
    let h = CellRole::Header;
    let l = CellRole::Label;
    let mut rows: Vec<Vec<Cell>> = Vec::new();

    rows.push(vec![text(T3_NOTE, h).span(3, 3), text(T3_APPLICANTS_HEADER, h).span(1, 7)]);
    rows.push(vec![
        text(APPLICANTS[0].0, h).span(2, 1),
        text(T3_ORGS_HEADER, h).span(1, 5),
        text(T3_TOTAL_HEADER, h).span(2, 1),
    ]);
    rows.push(APPLICANTS[1..].iter().map(|(label, _)| text(*label, h)).collect());

    let values = |v: [u64; 7]| v.into_iter().map(num).collect::<Vec<_>>();
    let defs = t3_rows(edition);
    // Rows of 三、本年度办理结果: the result rows plus （七）总计.
    let results_rows = defs.iter().filter(|d| d.kind.is_result()).count() + 1;
    let mut results_started = false;
    let mut group_started: Option<&str> = None;

    for row in &req.rows {
        let def = row.def;
        let mut cells = Vec::new();
        match def.kind {
            // A written （七）总计 is never one of `rows`.
            RowKind::New | RowKind::CarriedIn | RowKind::Total => {
                cells.push(text(def.label, l).span(1, 3));
            }
            RowKind::CarriedOut => {
                // （七）总计 closes the results block just before 四、结转下年度继续办理.
                let mut total = vec![text(TOTAL_LABEL, l).span(1, 2)];
                total.extend(values(req.total()));
                rows.push(total);
                cells.push(text(def.label, l).span(1, 3));
            }
            RowKind::Result(_) => {
                if !results_started {
                    results_started = true;
                    cells.push(text(T3_RESULTS_LABEL, l).span(results_rows, 1));
                }
                match def.group {
                    None => cells.push(text(def.label, l).span(1, 2)),
                    Some(group) => {
                        if group_started != Some(group) {
                            group_started = Some(group);
                            let size = defs.iter().filter(|d| d.group == Some(group)).count();
                            cells.push(text(t3_group_label(group), l).span(size, 1));
                        }
                        cells.push(text(def.label, l));
                    }
                }
            }
        }
        cells.extend(values(row.with_total()));
        rows.push(cells);
    }

    let mut widths = vec![12.0, 22.0, 52.0];
    widths.extend([10.0; 7]);
    Table { kind: TableKind::Requests, widths, header_rows: 3, rows }
}

/// Table 四: 政府信息公开行政复议、行政诉讼情况.
pub fn appeals(report: &Report) -> Table {
    let h = CellRole::Header;
    let outcome_cells = |rowspan: usize| {
        OUTCOMES
            .iter()
            .map(|(label, _)| *label)
            .chain([T4_TOTAL_HEADER])
            .map(|t| text(t, h).span(rowspan, 1))
            .collect::<Vec<_>>()
    };
    let mut rows = vec![vec![text(T4_REVIEW_HEADER, h).span(1, 5), text(T4_SUIT_HEADER, h).span(1, 10)]];
    let mut second = outcome_cells(2);
    second.push(text(APPEAL_GROUPS[1].1, h).span(1, 5));
    second.push(text(APPEAL_GROUPS[2].1, h).span(1, 5));
    rows.push(second);
    let mut third = outcome_cells(1);
    third.extend(outcome_cells(1));
    rows.push(third);
    rows.push(report.appeals.groups.iter().flat_map(|g| g.with_total()).map(num).collect());
    Table { kind: TableKind::Appeals, widths: vec![10.4; 15], header_rows: 3, rows }
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use crate::doc::Slot;
    use crate::model::*;

    fn v<T>(value: T) -> Val<T> {
        Val::new(value, Pos::default())
    }

    fn docs(a: u64, b: u64, c: u64) -> Docs3 {
        Docs3 { values: [v(a), v(b), v(c)] }
    }

    fn items(p: u64, c: i64, d: Option<u64>) -> Items2019 {
        Items2019 { previous: v(p), change: v(c), decisions: d.map(v) }
    }

    fn money(s: &str) -> Money {
        Money::parse(s).expect("plain decimal")
    }

    fn prose(s: &str) -> Prose {
        Prose { text: s.into(), first_line: 1, col: 1 }
    }

    /// A report built by hand: `fill(row index, column)` gives table 三's figures.
    pub(crate) fn sample(edition: Edition, fill: impl Fn(usize, usize) -> u64) -> Report {
        let rows = t3_rows(edition)
            .iter()
            .enumerate()
            .map(|(i, def)| Row {
                def,
                values: std::array::from_fn(|c| v(fill(i, c))),
                given_total: None,
                pos: Pos::default(),
            })
            .collect();
        let proactive = match edition {
            Edition::E2019 => Proactive::E2019(Proactive2019 {
                rules: docs(0, 0, 0),
                norms: docs(1, 2, 3),
                licensing: items(0, 0, Some(0)),
                other_services: items(3, 3, Some(531)),
                punishment: items(4, -4, Some(0)),
                coercion: items(1, -1, Some(0)),
                fees: items(0, 0, None),
                procurement_count: v(14),
                procurement_amount: v(money("129014")),
            }),
            Edition::E2021 => Proactive::E2021(Proactive2021 {
                rules: docs(0, 0, 0),
                norms: docs(2, 0, 5),
                licensing: v(10),
                punishment: v(12),
                coercion: v(0),
                fee: v(money("190.457379")),
            }),
        };
        let group = |a: [u64; 4]| AppealGroup { values: a.map(v), given_total: None, pos: Pos::default() };
        Report {
            agency: v("测试县人民政府".into()),
            year: v(if edition == Edition::E2019 { 2019 } else { 2022 }),
            edition,
            edition_given: None,
            locality: None,
            title: None,
            url: None,
            contacts: Contacts::default(),
            signature: Signature::default(),
            intro: None,
            overview: prose("总体情况。"),
            proactive,
            requests: Requests { rows, given_total: None, pos: Pos::default() },
            appeals: Appeals { groups: [group([1, 0, 0, 1]), group([0, 1, 0, 0]), group([0, 0, 0, 0])] },
            problems: prose("问题。"),
            other: Other { prose: Some(prose("无。")), ..Default::default() },
        }
    }

    fn rectangular(t: &Table) {
        let grid = t.grid();
        for (r, row) in grid.iter().enumerate() {
            for (c, slot) in row.iter().enumerate() {
                assert!(!matches!(slot, Slot::Empty), "{:?} empty slot at {r},{c}", t.kind);
            }
        }
        // No cell may run past the last row or column.
        for (r, row) in t.rows.iter().enumerate() {
            for cell in row {
                assert!(r + cell.rowspan <= t.rows.len(), "{:?} cell {} overflows rows", t.kind, cell.text);
            }
            let covered: usize = grid[r].iter().filter(|s| matches!(s, Slot::Origin(_))).count();
            assert_eq!(covered, row.len(), "{:?} row {r} has cells that do not fit", t.kind);
        }
    }

    #[test]
    fn tables_are_rectangular_in_both_editions() {
        for e in [Edition::E2019, Edition::E2021] {
            for t in build(&sample(e, |r, c| (r * 7 + c) as u64)) {
                rectangular(&t);
            }
        }
    }

    #[test]
    fn results_block_spans_20_or_22_rows() {
        for (e, span, rows) in [(Edition::E2019, 20, 3 + 23), (Edition::E2021, 22, 3 + 25)] {
            let t = requests(&sample(e, |_, _| 0));
            let cell = t.rows.iter().flatten().find(|c| c.text == T3_RESULTS_LABEL).unwrap();
            assert_eq!(cell.rowspan, span);
            assert_eq!(t.rows.len(), rows);
            assert_eq!(t.rows[0][0].text, T3_NOTE);
            assert_eq!((t.rows[0][0].rowspan, t.rows[0][0].colspan), (3, 3));
        }
    }

    #[test]
    fn total_column_and_row_are_computed() {
        let r = sample(Edition::E2021, |row, c| if row >= 2 && c == 1 { 1 } else { 0 });
        let t = requests(&r);
        let total_row = t.rows.iter().find(|row| row[0].text == TOTAL_LABEL).unwrap();
        let figures: Vec<&str> = total_row[1..].iter().map(|c| c.text.as_str()).collect();
        // 21 result rows (22 minus （七）总计) carry 1 in 商业企业, and the 总计 column follows.
        assert_eq!(figures, ["0", "21", "0", "0", "0", "0", "21"]);
    }

    #[test]
    fn table_two_prints_signed_changes_and_money_as_written() {
        let t = proactive(&sample(Edition::E2019, |_, _| 0));
        let texts: Vec<&str> = t.rows.iter().flatten().map(|c| c.text.as_str()).collect();
        for want in ["+3", "-4", "-1", "129014", "采购总金额（元）", "第二十条第（九）项"] {
            assert!(texts.contains(&want), "{want} missing");
        }
        let t = proactive(&sample(Edition::E2021, |_, _| 0));
        let texts: Vec<&str> = t.rows.iter().flatten().map(|c| c.text.as_str()).collect();
        assert!(texts.contains(&"190.457379"));
        assert!(!texts.iter().any(|t| t.contains("第（九）项")));
    }

    #[test]
    fn appeals_has_fifteen_columns() {
        let t = appeals(&sample(Edition::E2021, |_, _| 0));
        assert_eq!(t.columns(), 15);
        assert_eq!(t.rows[3].len(), 15);
        assert_eq!(t.rows[3][4].text, "2");
    }
}
