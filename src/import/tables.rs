//! Tables 二, 三 and 四 from the tables a reader found: each table (or piece of one) is recognised
//! by its labels, each row by its row label and each value by its column's headers, never by
//! position. A piece without headers (a table continued on the next page, or cut by its author)
//! takes the headers of the piece before it.

use super::blocks::Table;
use super::cells::{self, Got, label, likeness};
use crate::datafile::{Note, NoteTable};
use crate::model::*;

/// Below this likeness a label is not taken as the official one.
const LIKE: f64 = 0.6;

/// Which official table a table (piece) is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    T2,
    T3,
    T4,
}

/// A table's grid with its cells' labels normalised.
struct Grid {
    raw: Vec<Vec<String>>,
    norm: Vec<Vec<String>>,
}

impl Grid {
    fn new(t: &Table) -> Grid {
        let raw = t.grid();
        let norm = raw.iter().map(|r| r.iter().map(|c| label(c)).collect()).collect();
        Grid { raw, norm }
    }

    /// A row's label: its distinct leading label cells (text that is not a value), and where its
    /// values start.
    fn row_label(&self, r: usize) -> (Vec<&str>, usize) {
        let mut labels: Vec<&str> = Vec::new();
        let mut c = 0;
        while c < self.raw[r].len() && !cells::is_value_like(&self.raw[r][c]) {
            let l = self.norm[r][c].as_str();
            if labels.last() != Some(&l) {
                labels.push(l);
            }
            c += 1;
        }
        (labels, c)
    }

    fn has_values(&self, r: usize, from: usize) -> bool {
        from < self.raw[r].len()
    }
}

/// The header path of column `c`: the distinct texts above it, leaving out captions (rows of one
/// text across the whole table, which name the table, not a column).
fn header_path(g: &Grid, rows: &[usize], c: usize) -> Vec<String> {
    let mut path: Vec<String> = Vec::new();
    for &h in rows {
        let row = &g.norm[h];
        if row.iter().all(|t| *t == row[0]) && row.len() > 1 {
            continue;
        }
        let t = &row[c];
        if !t.is_empty() && path.last() != Some(t) {
            path.push(t.clone());
        }
    }
    path
}

/// Which official table `t` is, by the labels it holds.
pub fn kind(t: &Table) -> Option<Kind> {
    let text: String = t.grid().iter().flatten().map(|c| label(c)).collect::<Vec<_>>().join("|");
    let has = |words: &[&str]| words.iter().any(|w| text.contains(w));
    if has(&["结果维持", "结果纠正", "尚未审结", "复议后起诉", "未经复议"]) {
        Some(Kind::T4)
    } else if has(&[
        "本年新收",
        "上年结转",
        "予以公开",
        "部分公开",
        "不予公开",
        "无法提供",
        "不予处理",
        "结转下年度",
        "商业企业",
        "自然人",
    ]) {
        Some(Kind::T3)
    } else if has(&[
        "第二十条",
        "信息内容",
        "规章",
        "行政许可",
        "行政处罚",
        "行政事业性收费",
        "本年制发",
        "新制作",
    ]) {
        Some(Kind::T2)
    } else {
        None
    }
}

/// The edition table 二's column headers (or table 三's rows) show, if they show one.
pub fn edition_of(tables: &[(Kind, &Table)]) -> Option<Edition> {
    let text = |k: Kind| -> String {
        tables
            .iter()
            .filter(|(tk, _)| *tk == k)
            .flat_map(|(_, t)| t.grid())
            .flatten()
            .map(|c| label(&c))
            .collect()
    };
    let t2 = text(Kind::T2);
    if ["本年制发", "本年废止", "现行有效"].iter().any(|w| t2.contains(w)) {
        return Some(Edition::E2021);
    }
    if ["新制作", "新公开", "对外公开总数", "上一年项目数量", "政府集中采购"].iter().any(|w| t2.contains(w))
    {
        return Some(Edition::E2019);
    }
    let t3 = text(Kind::T3);
    if ["逾期不补正", "逾期未按收费通知", "无正当理由逾期"].iter().any(|w| t3.contains(w))
    {
        return Some(Edition::E2021);
    }
    None
}

/// What the tables gave: each value as read, keyed like the notes.
#[derive(Debug, Default)]
pub struct Found {
    /// Table 二: (row key, column index) → value text for the model (counts, signed, money).
    pub t2: Vec<(&'static str, usize, Got<T2Value>)>,
    /// Table 三: (row id, column 0–5, 6 = 总计) → value.
    pub t3: Vec<(&'static str, usize, Got<i64>)>,
    /// Table 四: (group key, column 0–3, 4 = 总计) → value.
    pub t4: Vec<(&'static str, usize, Got<i64>)>,
    /// Row notes (a label read as a near official one, a 小计 that does not add up).
    pub notes: Vec<Note>,
    /// Tables recognised, per kind.
    pub seen: [bool; 3],
}

#[derive(Debug, Clone, PartialEq)]
pub enum T2Value {
    Int(i64),
    Money(Money),
}

/// Reads every table piece in order.
pub fn read(tables: &[(Kind, &Table)], edition: Edition) -> Found {
    let mut found = Found::default();
    let mut t3_cols: Option<Vec<Option<T3Col>>> = None;
    let mut t4_cols: Option<Vec<Option<(usize, usize)>>> = None;
    for (kind, t) in tables {
        let g = Grid::new(t);
        match kind {
            Kind::T2 => {
                found.seen[0] = true;
                read_t2(&g, edition, &mut found);
            }
            Kind::T3 => {
                found.seen[1] = true;
                read_t3(&g, edition, &mut t3_cols, &mut found);
            }
            Kind::T4 => {
                found.seen[2] = true;
                read_t4(&g, &mut t4_cols, &mut found);
            }
        }
    }
    found
}

fn row_note(table: NoteTable, row: &'static str, text: String) -> Note {
    Note { table, row, col: None, missing: false, text }
}

/// The official label a row label matches, by likeness of its most specific part, within the
/// group its other parts name.
fn best<'d, D>(
    labels: &[&str],
    defs: &'d [D],
    names: impl Fn(&D) -> Vec<String>,
    group: impl Fn(&D) -> Option<&str>,
) -> Option<(&'d D, f64)> {
    let specific = *labels.last()?;
    let context = &labels[..labels.len() - 1];
    let names_group = |g: &str| context.iter().any(|l| likeness(l, &label(g)) >= 0.75);
    // A row within a named group is read only among that group's rows; a row whose group is not
    // named (text that lost its merged group cell) among all.
    let named: Vec<&str> = defs.iter().filter_map(&group).filter(|g| names_group(g)).collect();
    let mut best: Option<(&D, f64)> = None;
    for d in defs {
        if let Some(g) = group(d)
            && !named.is_empty()
            && !named.contains(&g)
        {
            continue;
        }
        let score = names(d).iter().map(|n| likeness(specific, &label(n))).fold(0.0, f64::max);
        if score >= LIKE && best.is_none_or(|(_, s)| score > s) {
            best = Some((d, score));
        }
    }
    best
}

fn read_t2(g: &Grid, edition: Edition, found: &mut Found) {
    let defs = t2_rows(edition);
    let mut headers: Option<Vec<String>> = None;
    for r in 0..g.raw.len() {
        let (labels, from) = g.row_label(r);
        let Some(first) = labels.first() else { continue };
        if likeness(first, T2_CONTENT_HEADER) >= 0.75 {
            headers = Some(g.norm[r].clone());
            continue;
        }
        let Some((def, score)) = best(&labels, defs, |d: &T2RowDef| vec![d.key.to_string()], |_| None) else {
            continue;
        };
        if !g.has_values(r, from) || found.t2.iter().any(|(k, _, _)| *k == def.key) {
            continue;
        }
        if score < 1.0 {
            let text =
                format!("原表此行标为“{}”，已按“{}”读取，请核对", cells::shown(&g.raw[r][from - 1]), def.key);
            found.notes.push(row_note(NoteTable::Proactive, def.key, text));
        }
        for (i, col) in def.cols.iter().enumerate() {
            // The column whose header is most like this one's (本年制发件数 and 本年废止件数 are
            // alike enough that the first one above the threshold would do for both).
            let at = headers.as_ref().and_then(|h| {
                (from..g.raw[r].len())
                    .filter_map(|c| {
                        h.get(c).map(|hc| {
                            (c, likeness(&label(col.header), hc).max(likeness(&label(col.key), hc)))
                        })
                    })
                    .filter(|(_, score)| *score >= LIKE)
                    .fold(
                        None,
                        |best: Option<(usize, f64)>, x| {
                            if best.is_none_or(|b| x.1 > b.1) { Some(x) } else { best }
                        },
                    )
                    .map(|(c, _)| c)
            });
            // Without headers (text), a row with exactly as many numbers as columns: in order.
            let at = at.or_else(|| {
                (headers.is_none() && g.raw[r].len() - from == def.cols.len()).then_some(from + i)
            });
            let got = match at {
                None => Got::Missing(format!("原表没有“{}”列，未填写", col.header)),
                Some(c) => {
                    let text = &g.raw[r][c];
                    match col.kind {
                        T2Kind::Count => cells::integer(text, false).map(T2Value::Int),
                        T2Kind::Signed => cells::integer(text, true).map(T2Value::Int),
                        T2Kind::Money(unit) => {
                            let header = headers.as_ref().map_or("", |h| h[c].as_str());
                            let header_in_yuan = header.contains('元') && !header.contains("万元");
                            let header_in_yuan = match unit {
                                MoneyUnit::TenThousandYuan => header_in_yuan,
                                MoneyUnit::Yuan => false,
                            };
                            cells::money(text, unit == MoneyUnit::TenThousandYuan, header_in_yuan)
                                .map(T2Value::Money)
                        }
                    }
                }
            };
            found.t2.push((def.key, i, got));
        }
    }
}

/// A column of table 三: an applicant (0–5), the 法人或其他组织 小计, or 总计.
#[derive(Debug, Clone, Copy, PartialEq)]
enum T3Col {
    Applicant(usize),
    Subtotal,
    Total,
}

fn t3_col(path: &[String]) -> Option<T3Col> {
    // The lowest header names the column; the ones above only group it.
    let own: Vec<String> = path
        .iter()
        .map(|p| p.replace("法人或其他组织", "").replace("申请人情况", ""))
        .filter(|p| !p.is_empty())
        .collect();
    let last = own.last()?;
    if last.contains("小计") {
        return Some(T3Col::Subtotal);
    }
    if last.contains("总计") || last.contains("合计") {
        return Some(T3Col::Total);
    }
    let (i, score) = APPLICANTS
        .iter()
        .enumerate()
        .map(|(i, (k, _))| (i, likeness(last, k)))
        .fold((0, 0.0), |a, b| if b.1 > a.1 { b } else { a });
    (score >= LIKE).then_some(T3Col::Applicant(i))
}

fn t3_def(labels: &[&str], edition: Edition) -> Option<(&'static RowDef, f64)> {
    let mut defs: Vec<&'static RowDef> = t3_rows(edition).to_vec();
    defs.push(&TOTAL_ROW);
    best(labels, &defs, |d: &&RowDef| vec![d.key.to_string(), d.label.to_string()], |d| d.group)
        .map(|(d, s)| (*d, s))
}

fn read_t3(g: &Grid, edition: Edition, cols: &mut Option<Vec<Option<T3Col>>>, found: &mut Found) {
    let mut header_rows: Vec<usize> = Vec::new();
    let mut mapped = false;
    for r in 0..g.raw.len() {
        let (labels, from) = g.row_label(r);
        let matched = t3_def(&labels, edition).filter(|_| g.has_values(r, from));
        let Some((def, score)) = matched else {
            if !mapped {
                header_rows.push(r);
            }
            continue;
        };
        if !mapped && !header_rows.is_empty() {
            let width = g.raw[r].len();
            let map: Vec<Option<T3Col>> =
                (0..width).map(|c| t3_col(&header_path(g, &header_rows, c))).collect();
            // Relative to where the values start: a continued piece may lack the merged label
            // column of the first (a rowspan cut by the page break).
            let map = map[from.min(map.len())..].to_vec();
            *cols = map.iter().any(Option::is_some).then_some(map);
        }
        if cols.is_none() {
            // No column headers to go by (text, where header words no longer stand over their
            // columns): the official order, if the count of numbers is one the table can have.
            use T3Col::*;
            let n = g.raw[r].len() - from;
            let official =
                [Applicant(0), Applicant(1), Applicant(2), Applicant(3), Applicant(4), Applicant(5)];
            let map: Option<Vec<T3Col>> = match n {
                6 => Some(official.to_vec()),
                7 => Some([&official[..], &[Total]].concat()),
                8 => Some([&official[..], &[Subtotal, Total]].concat()),
                _ => None,
            };
            if let Some(map) = map {
                *cols = Some(map.into_iter().map(Some).collect());
                let text =
                    "原文表格没有可辨认的列标题，各列按官方表格的列序读取，已用各行的总计核对".to_string();
                found.notes.push(row_note(NoteTable::Requests, t3_rows(edition)[0].id, text));
            }
        }
        mapped = true;
        let Some(map) = cols.as_ref() else { continue };
        if found.t3.iter().any(|(id, _, _)| *id == def.id) {
            continue;
        }
        if score < 1.0 && !likeness_exact_by_label(&labels, def) {
            let text = format!(
                "原表此行标为“{}”，已按“{}”读取，请核对",
                cells::shown(&g.raw[r][from - 1]),
                def.label
            );
            found.notes.push(row_note(NoteTable::Requests, def.id, text));
        }
        let at = |want: T3Col| {
            (from..g.raw[r].len()).find(|&c| map.get(c - from).copied().flatten() == Some(want))
        };
        for (i, (name, _)) in APPLICANTS.iter().enumerate() {
            let got = match at(T3Col::Applicant(i)) {
                Some(c) => cells::integer(&g.raw[r][c], false),
                None => Got::Missing(format!("原表没有“{name}”列，未填写")),
            };
            found.t3.push((def.id, i, got));
        }
        if let Some(c) = at(T3Col::Total) {
            found.t3.push((def.id, 6, cells::integer(&g.raw[r][c], false)));
        }
        if let Some(c) = at(T3Col::Subtotal)
            && let Got::Plain(sub) | Got::Uncertain(sub, _) = cells::integer(&g.raw[r][c], false)
        {
            let legal: i64 = found
                .t3
                .iter()
                .filter(|(id, i, _)| *id == def.id && (1..6).contains(i))
                .filter_map(|(_, _, g)| match g {
                    Got::Plain(v) | Got::Uncertain(v, _) => Some(*v),
                    Got::Missing(_) => None,
                })
                .sum();
            if legal != sub {
                let text = format!("原表“法人或其他组织 小计”为 {sub}，与其各列之和 {legal} 不符，请核对");
                found.notes.push(row_note(NoteTable::Requests, def.id, text));
            }
        }
    }
}

/// Whether the row's most specific label is the official label or key exactly.
fn likeness_exact_by_label(labels: &[&str], def: &RowDef) -> bool {
    labels.last().is_some_and(|l| *l == label(def.key) || *l == label(def.label))
}

fn t4_col(path: &[String]) -> Option<(usize, usize)> {
    let joined = path.join("|");
    let group = if joined.contains("未经复议") || joined.contains("直接起诉") {
        1
    } else if joined.contains("复议后") {
        2
    } else if joined.contains("复议") {
        0
    } else {
        return None;
    };
    let last = path.last()?;
    if last.contains("总计") || last.contains("合计") {
        return Some((group, 4));
    }
    let (i, score) = OUTCOMES
        .iter()
        .enumerate()
        .map(|(i, (k, _))| (i, likeness(last, k)))
        .fold((0, 0.0), |a, b| if b.1 > a.1 { b } else { a });
    (score >= LIKE).then_some((group, i))
}

fn read_t4(g: &Grid, cols: &mut Option<Vec<Option<(usize, usize)>>>, found: &mut Found) {
    let mut header_rows: Vec<usize> = Vec::new();
    for r in 0..g.raw.len() {
        let value_like = g.raw[r].iter().filter(|c| cells::is_value_like(c)).count();
        let filled =
            g.raw[r].iter().filter(|c| !cells::squeeze(c).is_empty() && cells::is_value_like(c)).count();
        if filled == 0 || value_like * 2 < g.raw[r].len() {
            header_rows.push(r);
            continue;
        }
        if !header_rows.is_empty() {
            let width = g.raw[r].len();
            let map: Vec<Option<(usize, usize)>> =
                (0..width).map(|c| t4_col(&header_path(g, &header_rows, c))).collect();
            *cols = map.iter().any(Option::is_some).then_some(map);
            header_rows.clear();
        }
        if cols.is_none() {
            // No usable headers (text): the official order, with or without the 总计 columns.
            let values: Vec<usize> =
                (0..g.raw[r].len()).filter(|&c| cells::is_value_like(&g.raw[r][c])).collect();
            let per = match values.len() {
                15 => Some(5),
                12 => Some(4),
                _ => None,
            };
            if let Some(per) = per {
                let mut map = vec![None; g.raw[r].len()];
                for (i, &c) in values.iter().enumerate() {
                    map[c] = Some((i / per, i % per));
                }
                *cols = Some(map);
                let text =
                    "原文表格没有可辨认的列标题，各列按官方表格的列序读取，已用各组的总计核对".to_string();
                found.notes.push(row_note(NoteTable::Appeals, APPEAL_GROUPS[0].0, text));
            }
        }
        let Some(map) = cols.as_ref() else { continue };
        for (c, slot) in map.iter().enumerate() {
            let Some((group, col)) = slot else { continue };
            let key = APPEAL_GROUPS[*group].0;
            if c < g.raw[r].len() && !found.t4.iter().any(|(k, i, _)| *k == key && i == col) {
                found.t4.push((key, *col, cells::integer(&g.raw[r][c], false)));
            }
        }
    }
}
