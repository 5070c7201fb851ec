//! `xxgk check FILE --members …`: an existing roll-up against the sum of its members. The members
//! are summed by [`super::sum()`] (so the roll-up is held to the same cell-by-cell rules) and the two
//! reports compared with the comparison of [`super::diff()`]; each differing cell is a SUM-MISMATCH
//! finding at the cell in the roll-up's file, with both values.

use super::decimal::Decimal;
use super::diff::{self, CellChange};
use super::{Located, Member, SumError, SumOptions};
use crate::diag::{Finding, Rule, Severity};
use crate::model::*;

/// The roll-up checked against its members.
#[derive(Debug, Clone)]
pub struct SumCheck {
    /// SUM-MISMATCH findings in the roll-up's file, table by table in official order.
    pub findings: Vec<Finding>,
    /// Warnings about the members (SUM-MEMBER-ERRORS: a member's own errors, summed as a draft).
    pub notes: Vec<Located>,
}

/// Compares `rollup` with the sum of `members` (summed for `rollup`'s agency, as `xxgk sum` would).
/// Members that cannot be summed at all (other years, the same file twice) are refused.
pub fn check_sum(rollup: &Report, members: &[Member]) -> Result<SumCheck, SumError> {
    // A member with errors does not stop the comparison: the roll-up may be a draft on purpose.
    let options = SumOptions { agency: rollup.agency.value.clone(), draft: true };
    let sum = super::sum(members, &options)?;
    let notes = sum.notes.into_iter().filter(|l| l.finding.severity <= Severity::Warning).collect();
    let summed = &sum.report;
    let mut findings = Vec::new();
    if (summed.year.value, summed.edition) != (rollup.year.value, rollup.edition) {
        findings.push(Finding::new(
            Rule::SumMismatch,
            rollup.year.pos,
            format!(
                "汇总文件是{}年度、{}年版格式，各成员是{}年度、{}年版格式：不能逐格比较",
                rollup.year.value,
                rollup.edition.year(),
                summed.year.value,
                summed.edition.year()
            ),
        ));
        return Ok(SumCheck { findings, notes });
    }
    let mut cells = Vec::new();
    diff::table2(summed, rollup, &mut cells);
    diff::table3(summed, rollup, &mut cells);
    diff::table4(summed, rollup, &mut cells);
    // The 总计 columns follow from the others (and are not written): a wrong detail is named once.
    cells.retain(|c| c.table == "二" || c.column != "总计");
    findings.extend(cells.iter().map(|c| mismatch(rollup, c)));
    findings.extend(fee(rollup, summed));
    Ok(SumCheck { findings, notes })
}

fn mismatch(rollup: &Report, c: &CellChange) -> Finding {
    Finding::new(
        Rule::SumMismatch,
        c.pos,
        format!(
            "表{}“{}”“{}”列：汇总文件为 {}，各成员之和为 {}",
            c.table,
            row_name(rollup, c),
            c.column,
            c.this,
            c.last
        ),
    )
}

/// The row as the data file names it (`本年新收`, `不予公开”“属于国家秘密`), which the user finds
/// at the finding's line; the comparison names table 三's rows by their printed labels.
fn row_name(rollup: &Report, c: &CellChange) -> String {
    if c.table != "三" {
        return c.row.clone();
    }
    match rollup.requests.rows.iter().find(|r| r.def.label == c.row) {
        Some(r) => match r.def.group {
            Some(g) => format!("{g}”“{}", r.def.key),
            None => r.def.key.to_string(),
        },
        None => c.row.clone(),
    }
}

/// 信息处理费 (2021), which `sum` adds over the members that state it.
fn fee(rollup: &Report, summed: &Report) -> Option<Finding> {
    let figure = |f: &Option<Val<Money>>| f.as_ref().map(|v| Decimal::of(&v.value));
    let (this, sum) = (figure(&rollup.other.fee), figure(&summed.other.fee));
    let same = match (this, sum) {
        (Some(a), Some(b)) => b.sub(a).is_zero(),
        (None, None) => true,
        _ => false,
    };
    if same {
        return None;
    }
    let text = |d: Option<Decimal>| d.map_or("未填".to_string(), |d| d.text());
    let pos = rollup.other.fee.as_ref().map_or(rollup.other.pos, |v| v.pos);
    Some(Finding::new(
        Rule::SumMismatch,
        pos,
        format!("第六部分“信息处理费”：汇总文件为 {}，各成员之和为 {}", text(this), text(sum)),
    ))
}
