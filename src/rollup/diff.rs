//! `xxgk diff`: one agency's report against last year's: the cells that changed, the large swings
//! (XY-SPIKE's test), the cross-year identities, and the paragraphs copied word for word.

use super::decimal::Decimal;
use crate::check::years::{jumped, key_figures};
use crate::model::*;
use serde::Serialize;

/// The comparison of two years' reports of one agency.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Diff {
    pub agency: String,
    pub last_year: i64,
    pub this_year: i64,
    /// Cells whose figure changed, table by table in official order.
    pub cells: Vec<CellChange>,
    /// XY-SPIKE's key figures that moved five times or more.
    pub spikes: Vec<Spike>,
    /// The cross-year identities, each with both sides (empty unless the years follow each other).
    pub identities: Vec<Identity>,
    /// Paragraphs of this year's prose found word for word in last year's (apart from the years).
    pub copied: Vec<Copied>,
}

/// A figure: a count (may be negative for 本年增减 and for changes) or an amount as written.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(untagged)]
pub enum Figure {
    Count(i64),
    Amount(String),
}

impl std::fmt::Display for Figure {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Figure::Count(n) => write!(f, "{n}"),
            Figure::Amount(s) => f.write_str(s),
        }
    }
}

impl Figure {
    /// A change with its sign: `+3`, `-2`, `+12.5`.
    pub fn signed(&self) -> String {
        let text = self.to_string();
        if text.starts_with('-') { text } else { format!("+{text}") }
    }
}

/// One changed cell.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CellChange {
    /// `二`, `三` or `四`.
    pub table: &'static str,
    /// The row's official label (`行政许可`, `（一）予以公开`).
    pub row: String,
    /// The column's label (`本年处理决定数量`, `自然人`, `总计`).
    pub column: String,
    pub last: Figure,
    pub this: Figure,
    pub change: Figure,
    /// Moved five times or more (XY-SPIKE's test).
    pub spike: bool,
    /// The line of this year's figure.
    pub line: u32,
    /// Where this year's figure is (for findings at the cell: `check --members`).
    #[serde(skip)]
    pub pos: Pos,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Spike {
    pub name: &'static str,
    pub last: u64,
    pub this: u64,
    pub line: u32,
}

/// One cross-year identity in one place: what this year's file says, what last year's gives.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Identity {
    /// `上年结转 = 上年度结转下年度` or `现行有效 = 上年度现行有效 + 本年制发 − 本年废止`.
    pub rule: String,
    /// The column (table 三) or row (table 二) it is about.
    pub of: String,
    pub actual: i64,
    pub expected: i64,
    pub holds: bool,
    pub line: u32,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Copied {
    /// `一、总体情况`, `五、存在的主要问题及改进情况`, `六、其他需要报告的事项`.
    pub section: &'static str,
    pub line: u32,
    pub text: String,
}

/// Why two reports cannot be compared.
#[derive(Debug, thiserror::Error)]
pub enum DiffError {
    #[error("两个文件不是同一机关的报告：上一年度为“{last}”，本年度为“{this}”")]
    Agency { last: String, this: String },
    #[error("第二个文件应为较晚年度的报告：上一年度文件是{last}年度，本年度文件是{this}年度")]
    Order { last: i64, this: i64 },
}

/// Paragraphs shorter than this are headings and set phrases, expected to repeat.
const MIN_COPIED_CHARS: usize = 20;

/// Compares `this` year's report with `last` year's of the same agency.
pub fn diff(last: &Report, this: &Report) -> Result<Diff, DiffError> {
    if last.agency.value.trim() != this.agency.value.trim() {
        return Err(DiffError::Agency { last: last.agency.value.clone(), this: this.agency.value.clone() });
    }
    if this.year.value <= last.year.value {
        return Err(DiffError::Order { last: last.year.value, this: this.year.value });
    }
    let mut cells = Vec::new();
    table2(last, this, &mut cells);
    table3(last, this, &mut cells);
    table4(last, this, &mut cells);
    let before = key_figures(last);
    let spikes = key_figures(this)
        .into_iter()
        .filter_map(|(name, now, pos)| {
            let &(_, was, _) = before.iter().find(|(n, ..)| *n == name)?;
            jumped(now, was).then_some(Spike { name, last: was, this: now, line: pos.line })
        })
        .collect();
    let identities = if this.year.value == last.year.value + 1 { identities(last, this) } else { Vec::new() };
    Ok(Diff {
        agency: this.agency.value.clone(),
        last_year: last.year.value,
        this_year: this.year.value,
        cells,
        spikes,
        identities,
        copied: copied(last, this),
    })
}

fn count_change(
    table: &'static str,
    row: &str,
    column: &str,
    was: i64,
    now: i64,
    pos: Pos,
) -> Option<CellChange> {
    (was != now).then(|| CellChange {
        table,
        row: row.to_string(),
        column: column.to_string(),
        last: Figure::Count(was),
        this: Figure::Count(now),
        change: Figure::Count(now - was),
        spike: now >= 0 && was >= 0 && jumped(now as u64, was as u64),
        line: pos.line,
        pos,
    })
}

/// Table 二: cells of the same row and column key (an edition change leaves the others out).
pub(super) fn table2(last: &Report, this: &Report, out: &mut Vec<CellChange>) {
    let before = last.proactive.rows();
    for (def, cells) in this.proactive.rows() {
        let Some((last_def, last_cells)) = before.iter().find(|(d, _)| d.id == def.id) else { continue };
        for (col, cell) in def.cols.iter().zip(&cells) {
            let Some(i) = last_def.cols.iter().position(|c| c.key == col.key) else { continue };
            let was = &last_cells[i];
            let change = match (was, cell) {
                (T2Cell::Money(a), T2Cell::Money(b)) => {
                    let (a, b) = (Decimal::of(&a.value), Decimal::of(&b.value));
                    let d = b.sub(a);
                    (!d.is_zero()).then(|| CellChange {
                        table: "二",
                        row: def.key.to_string(),
                        column: col.key.to_string(),
                        last: Figure::Amount(a.text()),
                        this: Figure::Amount(b.text()),
                        change: Figure::Amount(d.text()),
                        spike: false,
                        line: cell.pos().line,
                        pos: cell.pos(),
                    })
                }
                _ => count_change("二", def.key, col.key, as_i64(was), as_i64(cell), cell.pos()),
            };
            out.extend(change);
        }
    }
}

fn as_i64(c: &T2Cell) -> i64 {
    match c {
        T2Cell::Count(v) => v.value as i64,
        T2Cell::Signed(v) => v.value,
        T2Cell::Money(v) => (v.value.millionths / 1_000_000) as i64,
    }
}

fn column_name(c: usize) -> &'static str {
    APPLICANTS.get(c).map_or("总计", |(k, _)| k)
}

/// Table 三: rows present in both editions, six applicant columns and the 总计.
pub(super) fn table3(last: &Report, this: &Report, out: &mut Vec<CellChange>) {
    for row in &this.requests.rows {
        let Some(was) = last.requests.rows.iter().find(|r| r.def.id == row.def.id) else { continue };
        for (c, (now, before)) in row.with_total().into_iter().zip(was.with_total()).enumerate() {
            let pos = row.values.get(c).map_or(row.pos, |v| v.pos);
            out.extend(count_change("三", row.def.label, column_name(c), before as i64, now as i64, pos));
        }
    }
}

/// Table 四: four outcomes and the 总计 of each group.
pub(super) fn table4(last: &Report, this: &Report, out: &mut Vec<CellChange>) {
    for (((_, label, _), group), was) in
        APPEAL_GROUPS.iter().zip(&this.appeals.groups).zip(&last.appeals.groups)
    {
        for (c, (now, before)) in group.with_total().into_iter().zip(was.with_total()).enumerate() {
            let column = OUTCOMES.get(c).map_or("总计", |(k, _)| k);
            let pos = group.values.get(c).map_or(group.pos, |v| v.pos);
            out.extend(count_change("四", label, column, before as i64, now as i64, pos));
        }
    }
}

/// 上年结转 = last 结转下年度 (each column of table 三); 现行有效 = last 现行有效 + 制发 − 废止 (2021
/// edition both years, 规章 and 行政规范性文件).
fn identities(last: &Report, this: &Report) -> Vec<Identity> {
    let mut out = Vec::new();
    let cin = this.requests.rows_of(RowKind::CarriedIn).next();
    let cout = last.requests.rows_of(RowKind::CarriedOut).next();
    if let (Some(cin), Some(cout)) = (cin, cout) {
        let rule = format!("{} = 上年度{}", cin.def.key, cout.def.key);
        for (c, (now, before)) in cin.with_total().into_iter().zip(cout.with_total()).enumerate() {
            out.push(Identity {
                rule: rule.clone(),
                of: column_name(c).to_string(),
                actual: now as i64,
                expected: before as i64,
                holds: now == before,
                line: cin.values.get(c).map_or(cin.pos, |v| v.pos).line,
            });
        }
    }
    if (this.edition, last.edition) == (Edition::E2021, Edition::E2021) {
        for ((def, docs), (_, was)) in this.proactive.documents().into_iter().zip(last.proactive.documents())
        {
            let [made, repealed, valid] = &docs.values;
            let [made_key, repealed_key, valid_key] = [0, 1, 2].map(|c| def.cols[c].key);
            let expected = was.values[2].value as i64 + made.value as i64 - repealed.value as i64;
            out.push(Identity {
                rule: format!("{valid_key} = 上年度{valid_key} + {made_key} − {repealed_key}"),
                of: def.key.to_string(),
                actual: valid.value as i64,
                expected,
                holds: valid.value as i64 == expected,
                line: valid.pos.line,
            });
        }
    }
    out
}

/// A paragraph without its whitespace, its report's year and the year before written as words:
/// a paragraph copied with only “2022年” changed to “2023年” is still copied.
fn normalized(line: &str, year: i64) -> String {
    let text: String = line.chars().filter(|c| !c.is_whitespace()).collect();
    text.replace(&year.to_string(), "〈本年〉").replace(&(year - 1).to_string(), "〈上年〉")
}

/// Paragraphs (lines) of this year's prose that last year's prose holds word for word (apart from
/// the years).
fn copied(last: &Report, this: &Report) -> Vec<Copied> {
    let (y0, y1) = (last.year.value, this.year.value);
    let norm = |s: &str| normalized(s, y1);
    let before: std::collections::HashSet<String> = last
        .prose()
        .flat_map(|p| p.text.lines())
        .map(|l| normalized(l, y0))
        .filter(|l| !l.is_empty())
        .collect();
    let mut sections: Vec<(&'static str, &Prose)> =
        vec![("一、总体情况", &this.overview), ("五、存在的主要问题及改进情况", &this.problems)];
    sections.extend(this.other.texts().map(|p| ("六、其他需要报告的事项", p)));
    let mut out = Vec::new();
    for (section, p) in sections {
        let mut at = 0;
        for line in p.text.split_inclusive('\n') {
            let n = norm(line);
            if n.chars().count() >= MIN_COPIED_CHARS && !crate::init::is_prompt(line) && before.contains(&n) {
                out.push(Copied { section, line: p.pos_of(at).line, text: line.trim().to_string() });
            }
            at += line.len();
        }
    }
    out
}
