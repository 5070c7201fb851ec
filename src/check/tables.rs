//! Arithmetic of tables 二, 三 and 四, and the carry-over between two years.

use crate::diag::{Finding, Rule, Severity};
use crate::model::*;

/// Column names of table 三's seven data columns.
fn column_name(c: usize) -> &'static str {
    APPLICANTS.get(c).map_or("总计", |(name, _)| name)
}

fn short(def: &RowDef) -> &'static str {
    def.key
}

pub(super) fn check_requests(r: &Report, out: &mut Vec<Finding>) {
    let q = &r.requests;
    // T3-ROW-TOT: a 总计 written in a row equals the sum of its six columns.
    for row in q.rows.iter().chain(q.given_total.as_ref()) {
        if let Some(t) = &row.given_total
            && t.value != row.sum()
        {
            let parts: Vec<String> = row.values.iter().map(|v| v.value.to_string()).collect();
            out.push(Finding::new(
                Rule::T3RowTot,
                t.pos,
                format!(
                    "“{}”行：总计填为 {}，但六类申请人之和为 {} = {}",
                    row.def.label,
                    t.value,
                    parts.join(" + "),
                    row.sum()
                ),
            ));
        }
    }
    let total = q.total();
    // T3-R7-SUM: a （七）总计 row written in the file equals the sum of the result rows.
    if let Some(given) = &q.given_total {
        let detail = q.results().count();
        for (c, g) in given.values.iter().enumerate() {
            if g.value != total[c] {
                out.push(Finding::new(
                    Rule::T3R7Sum,
                    g.pos,
                    format!(
                        "“{}”列：（七）总计填为 {}，但{}项办理结果之和为 {}",
                        column_name(c),
                        g.value,
                        detail,
                        total[c]
                    ),
                ));
            }
        }
    }
    // T3-IDENT: in every column, 新收 + 上年结转 = 办理结果总计 + 结转下年度.
    let new = q.rows_of(RowKind::New).next().map(Row::with_total).unwrap_or_default();
    let cin = q.rows_of(RowKind::CarriedIn).next().map(Row::with_total).unwrap_or_default();
    let cout = q.rows_of(RowKind::CarriedOut).next().map(Row::with_total).unwrap_or_default();
    let new_row = q.rows_of(RowKind::New).next();
    let mut failed = false;
    for c in 0..7 {
        let (lhs, rhs) = (new[c] + cin[c], total[c] + cout[c]);
        // The 总计 column follows from the others: report it only when they all hold.
        if lhs == rhs || (c == 6 && failed) {
            continue;
        }
        failed = true;
        let pos = new_row.map(|row| if c < 6 { row.values[c].pos } else { row.pos }).unwrap_or(q.pos);
        out.push(Finding::new(
            Rule::T3Ident,
            pos,
            format!(
                "“{}”列：本年新收({}) + 上年结转({}) = {}，但办理结果总计({}) + 结转下年度({}) = {}",
                column_name(c),
                new[c],
                cin[c],
                lhs,
                total[c],
                cout[c],
                rhs
            ),
        ));
    }
}

pub(super) fn check_appeals(r: &Report, out: &mut Vec<Finding>) {
    const RULES: [Rule; 3] = [Rule::T4RvSum, Rule::T4LdSum, Rule::T4LrSum];
    for ((group, (_, label, _)), rule) in r.appeals.groups.iter().zip(APPEAL_GROUPS).zip(RULES) {
        if let Some(t) = &group.given_total
            && t.value != group.sum()
        {
            let v = &group.values;
            out.push(Finding::new(
                rule,
                t.pos,
                format!(
                    "“{label}”：总计填为 {}，但结果维持({}) + 结果纠正({}) + 其他结果({}) + 尚未审结({}) = {}",
                    t.value,
                    v[0].value,
                    v[1].value,
                    v[2].value,
                    v[3].value,
                    group.sum()
                ),
            ));
        }
    }
    // T4-LR-LE-RV: a suit after review follows a concluded review (this year's or an earlier one's).
    let [review, _, after_review] = &r.appeals.groups;
    let concluded: u64 = review.values[..3].iter().map(|v| v.value).sum();
    if after_review.sum() > concluded {
        out.push(Finding::new(
            Rule::T4LrLeRv,
            after_review.pos,
            format!(
                "“复议后起诉”共 {} 件，多于本年已审结的行政复议 {concluded} 件（结果维持 + 结果纠正 + 其他结果）：复议后起诉的案件应先经过行政复议，请核对；如含以前年度复议的案件，可不理会本提示",
                after_review.sum()
            ),
        ));
    }
}

/// Whether the agency is a county-, district- or town-level people's government (no power to make
/// 规章 under the 立法法), or some other body below the level of 设区的市.
pub(crate) enum RulePower {
    /// 县/区/乡/镇/街道 level government: never makes 规章.
    LocalGovernment,
    /// A department of a county or district: does not make 规章 itself.
    CountyDepartment,
    /// Anything else (ministries, provinces, cities and their departments): not decidable here.
    Unknown,
}

pub(crate) fn rule_power(agency: &str) -> RulePower {
    let a = agency.trim();
    let gov = a.ends_with("人民政府") || a.ends_with("人民政府办公室") || a.ends_with("街道办事处");
    let below_city = |s: &str| {
        let s = s.replace("自治区", "").replace("特别行政区", "");
        s.contains('县') || s.contains('区') || s.contains('乡') || s.contains('镇') || s.contains("街道")
    };
    let head = a.trim_end_matches("办公室").trim_end_matches("人民政府");
    let autonomous = head.ends_with("自治区") || head.ends_with("特别行政区");
    if a.ends_with("街道办事处")
        || (gov
            && !autonomous
            && (head.ends_with('县')
                || head.ends_with('区')
                || head.ends_with('乡')
                || head.ends_with('镇')
                || head.ends_with("旗")))
    {
        RulePower::LocalGovernment
    } else if !gov && below_city(a) && !a.starts_with("国务院") {
        RulePower::CountyDepartment
    } else {
        RulePower::Unknown
    }
}

pub(super) fn check_proactive(r: &Report, out: &mut Vec<Finding>) {
    let [(rules_def, rules), (norms_def, norms)] = r.proactive.documents();
    // T2-REG-POWER
    if let Some(v) = rules.values.iter().find(|v| v.value > 0) {
        let figures: Vec<String> =
            rules_def.cols.iter().zip(&rules.values).map(|(c, v)| format!("{} {}", c.key, v.value)).collect();
        let figures = figures.join("、");
        let rules_name = rules_def.key;
        match rule_power(&r.agency.value) {
            RulePower::LocalGovernment => out.push(Finding::new(
                Rule::T2RegPower,
                v.pos,
                format!(
                    "“{}”没有规章制定权（县级、乡镇人民政府和街道不能制定规章），但“{rules_name}”填了 {figures}：应全部为 0，本机关的文件请填在“规范性文件”一行",
                    r.agency.value
                ),
            )),
            // A department's name says less about its powers than a government's: only a warning.
            RulePower::CountyDepartment => out.push(
                Finding::new(
                    Rule::T2RegPower,
                    v.pos,
                    format!(
                        "“{}”看来是县级或区级部门，通常没有规章制定权，但“{rules_name}”填了 {figures}：请核对是否应填在“规范性文件”一行",
                        r.agency.value
                    ),
                )
                .with_severity(Severity::Warning),
            ),
            RulePower::Unknown => {}
        }
    }
    // T2-VALID-GE-MADE: the in-force (2021) or published total (2019) column against the first.
    let (made_label, valid_label) = (rules_def.cols[0].header, rules_def.cols[2].header);
    for (def, docs) in [(rules_def, rules), (norms_def, norms)] {
        let [made, _, valid] = &docs.values;
        if valid.value < made.value {
            out.push(Finding::new(
                Rule::T2ValidGeMade,
                valid.pos,
                format!(
                    "“{}”：{valid_label}({}) 少于{made_label}({})：本年制发的文件一般仍然有效，请核对",
                    def.key, valid.value, made.value
                ),
            ));
        }
    }
    // T2-FEE-UNIT: 10亿元 in a year is implausible; such a figure was written in 元.
    if let Proactive::E2021(p) = &r.proactive
        && p.fee.value.millionths >= 100_000 * 1_000_000
        && let Some(def) = t2_row(Edition::E2021, T2Id::Fees)
        && let Some(unit) = def.cols[0].unit()
    {
        out.push(Finding::new(
            Rule::T2FeeUnit,
            p.fee.pos,
            format!(
                "{}金额 {} 的单位是{unit}（即 {} 亿元），数额异常：是否按“{}”填写了？请换算为{unit}",
                def.key,
                p.fee.value.text,
                p.fee.value.shifted(4),
                MoneyUnit::Yuan.name(),
                unit = unit.name()
            ),
        ));
    }
    // T2-COLS-2021
    if r.edition == Edition::E2019 && r.year.value >= 2021 {
        let pos = r.edition_given.as_ref().map_or(r.year.pos, |e| e.pos);
        out.push(Finding::new(
            Rule::T2Cols2021,
            pos,
            format!(
                "{}年度的报告应使用2021年版格式（国办公开办函〔2021〕30号），本文件按2019年版格式填写：请删除“格式: 2019”并按新表格填报",
                r.year.value
            ),
        ));
    }
}

pub(super) fn check_carry(r: &Report, prev: &Report, out: &mut Vec<Finding>) {
    let cin = r.requests.rows_of(RowKind::CarriedIn).next();
    let cout = prev.requests.rows_of(RowKind::CarriedOut).next();
    let (Some(cin), Some(cout)) = (cin, cout) else { return };
    let mut failed = false;
    for c in 0..7 {
        let (now, before) = (cin.with_total()[c], cout.with_total()[c]);
        if now == before || (c == 6 && failed) {
            continue;
        }
        failed = true;
        let pos = if c < 6 { cin.values[c].pos } else { cin.pos };
        out.push(Finding::new(
            Rule::XyCarry,
            pos,
            format!(
                "“{}”列：本年“{}”为 {now}，但{}年度报告的“{}”为 {before}：两者应相等",
                column_name(c),
                short(cin.def),
                prev.year.value,
                short(cout.def)
            ),
        ));
    }
    if prev.year.value + 1 != r.year.value || prev.agency.value != r.agency.value {
        // Not an error of this report: the comparison itself may be with the wrong file.
        out.push(
            Finding::new(
                Rule::XyCarry,
                r.year.pos,
                format!(
                    "用于对照的上年报告是“{}”{}年度，本报告是“{}”{}年度：请确认是同一机关的上一年度报告",
                    prev.agency.value, prev.year.value, r.agency.value, r.year.value
                ),
            )
            .with_severity(Severity::Info),
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rule_power_from_agency_name() {
        assert!(matches!(rule_power("某某县人民政府"), RulePower::LocalGovernment));
        assert!(matches!(rule_power("某某镇人民政府"), RulePower::LocalGovernment));
        assert!(matches!(rule_power("某某区人民政府办公室"), RulePower::LocalGovernment));
        assert!(matches!(rule_power("某某街道办事处"), RulePower::LocalGovernment));
        assert!(matches!(rule_power("长沙市开福区科学技术局"), RulePower::CountyDepartment));
        assert!(matches!(rule_power("长沙市人民政府"), RulePower::Unknown));
        assert!(matches!(rule_power("广西壮族自治区人民政府"), RulePower::Unknown));
        assert!(matches!(rule_power("国务院办公厅"), RulePower::Unknown));
    }
}
