//! `xxgk sum`: the reports of several units (the members) added cell by cell into one data file.
//!
//! What is summed and why is stated in the book (`book/src/rollup.md`); in short: every count of
//! tables 二, 三 and 四 adds up, as does 本年增减 (signed) and every amount (exact decimals);
//! 规章 come only from members that may make them; the prose is a generated paragraph naming the
//! members, for the clerk to rewrite. Before summing, the members are checked against each other
//! (SUM-YEAR, SUM-DUP) and each on its own (SUM-MEMBER-ERRORS); what may be counted twice is noted
//! (SUM-RULES, SUM-JOINT).

use super::Member;
use super::decimal::Decimal;
use crate::check::tables::{RulePower, rule_power};
use crate::diag::{Finding, Rule, Severity};
use crate::model::*;

/// What the roll-up is for.
#[derive(Debug, Clone)]
pub struct SumOptions {
    /// The agency the roll-up reports for (`某某县人民政府`).
    pub agency: String,
    /// Sum members whose own check has errors (a draft), instead of refusing them.
    pub draft: bool,
}

/// A finding in one member's file.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct Located {
    /// The member's file, as the user named it.
    pub file: String,
    pub finding: Finding,
}

/// The roll-up: its data file's text and report, and notes about the members.
#[derive(Debug, Clone, serde::Serialize)]
pub struct Sum {
    /// The data file, in `init`'s layout.
    pub text: String,
    /// The report the data file loads as (positions are those of `text`).
    #[serde(skip)]
    pub report: Report,
    /// The members' agencies, in the order given.
    pub members: Vec<String>,
    /// Warnings and notes (SUM-RULES, SUM-JOINT, SUM-MEMBER-ERRORS under `--draft`).
    pub notes: Vec<Located>,
}

/// Why no roll-up was made.
#[derive(Debug, thiserror::Error)]
pub enum SumError {
    #[error("没有指定参加汇总的数据文件")]
    NoMembers,
    #[error("--agency 应为汇总单位的全称，如“某某县人民政府”")]
    Agency,
    /// The members cannot be summed: the errors first, then any notes.
    #[error("参加汇总的数据文件有 {} 处错误，未汇总", .0.iter().filter(|l| l.finding.severity == Severity::Error).count())]
    Refused(Vec<Located>),
    /// The sum does not fit a data file (a figure beyond the loader's limits).
    #[error("汇总结果超出数据文件的范围，无法写出：{}", .0.first().map_or(String::new(), |f| f.message.clone()))]
    Invalid(Vec<Finding>),
}

/// Sums the members into one report for `options.agency`.
pub fn sum(members: &[Member], options: &SumOptions) -> Result<Sum, SumError> {
    let agency = options.agency.trim();
    if agency.is_empty() {
        return Err(SumError::Agency);
    }
    let Some(first) = members.first() else { return Err(SumError::NoMembers) };
    let mut found = refusals(members, options.draft);
    if found.iter().any(|l| l.finding.severity == Severity::Error) {
        return Err(SumError::Refused(found));
    }
    let (proactive, rule_notes) = proactive(members, agency);
    found.extend(rule_notes);
    found.extend(joint(members));
    let r0 = &first.report;
    let (year, edition) = (r0.year.value, r0.edition);
    let names: Vec<&str> = members.iter().map(|m| m.report.agency.value.as_str()).collect();
    let locality = r0
        .locality
        .as_ref()
        .filter(|l| members.iter().all(|m| m.report.locality.as_ref().map(|x| &x.value) == Some(&l.value)));
    let at = Pos::default();
    let report = Report {
        agency: Val::new(agency.to_string(), at),
        year: Val::new(year, at),
        edition,
        edition_given: (Edition::for_year(year) != edition).then(|| Val::new(edition.year(), at)),
        locality: locality.map(|l| Val::new(l.value.clone(), at)),
        title: None,
        url: None,
        contacts: Contacts::default(),
        signature: Signature { unit: Some(agency.to_string()), date: None },
        intro: None,
        overview: prose(&format!(
            "本报告汇总了{}共{}个单位的{year}年度政府信息公开工作数据，第二、三、四部分各表的数字为各单位数字之和。\n本段由汇总程序生成，请根据各单位的年度报告改写为本地区的总体情况。\n",
            names.join("、"),
            names.len()
        )),
        proactive,
        requests: requests(members, edition),
        appeals: appeals(members),
        problems: prose(
            "各单位上年度问题的整改情况、存在的主要问题和改进措施见其年度报告，汇总后请在此概括。\n",
        ),
        other: other(members, edition),
    };
    let text = crate::datafile::write(&report);
    let report = crate::load::load_str(&text).map_err(SumError::Invalid)?;
    Ok(Sum { text, report, members: names.iter().map(|n| n.to_string()).collect(), notes: found })
}

fn located(m: &Member, finding: Finding) -> Located {
    Located { file: m.source.name.clone(), finding }
}

/// SUM-YEAR, SUM-DUP and SUM-MEMBER-ERRORS (with the member's errors listed after it).
fn refusals(members: &[Member], draft: bool) -> Vec<Located> {
    let mut out = Vec::new();
    let first = &members[0];
    let (r0, name0) = (&first.report, &first.source.name);
    for (i, m) in members.iter().enumerate() {
        let r = &m.report;
        if r.year.value != r0.year.value {
            out.push(located(
                m,
                Finding::new(
                    Rule::SumYear,
                    r.year.pos,
                    format!(
                        "“{}”是{}年度的报告，而第一个文件“{name0}”是{}年度：参加汇总的应为同一年度的报告",
                        r.agency.value, r.year.value, r0.year.value
                    ),
                ),
            ));
        } else if r.edition != r0.edition {
            let pos = r.edition_given.as_ref().map_or(r.year.pos, |e| e.pos);
            out.push(located(m, Finding::new(
                Rule::SumYear,
                pos,
                format!(
                    "“{}”按{}年版格式填写，而第一个文件“{name0}”按{}年版：表格不同，不能逐格相加，请统一格式",
                    r.agency.value,
                    r.edition.year(),
                    r0.edition.year()
                ),
            )));
        }
        let earlier = members[..i]
            .iter()
            .find(|e| super::same_file(&e.path, &m.path) || e.source.text == m.source.text);
        if let Some(e) = earlier {
            out.push(located(
                m,
                Finding::new(
                    Rule::SumDup,
                    None,
                    format!("与“{}”是同一个文件：每个单位只能汇总一次", e.source.name),
                ),
            ));
        } else if let Some(e) =
            members[..i].iter().find(|e| e.report.agency.value.trim() == r.agency.value.trim())
        {
            out.push(located(
                m,
                Finding::new(
                    Rule::SumDup,
                    r.agency.pos,
                    format!(
                        "机关“{}”已由“{}”汇总过：同一单位只能汇总一次（是否多加了它的另一个文件？）",
                        r.agency.value, e.source.name
                    ),
                ),
            ));
        }
        let errors: Vec<Finding> =
            crate::check(r, None).into_iter().filter(|f| f.severity == Severity::Error).collect();
        if !errors.is_empty() {
            let tail = if draft {
                "按草稿汇总，汇总结果也须在改正后重新生成"
            } else {
                "请先改正（或加 --draft 汇总草稿）"
            };
            let summary = Finding::new(
                Rule::SumMemberErrors,
                errors[0].pos,
                format!("“{}”的数据文件自身校验有 {} 个错误：{tail}", r.agency.value, errors.len()),
            );
            if draft {
                out.push(located(m, summary.with_severity(Severity::Warning)));
            } else {
                out.push(located(m, summary));
                out.extend(errors.into_iter().map(|f| located(m, f)));
            }
        }
    }
    out
}

/// Whether an agency may make 规章 as far as its name tells (the test of T2-REG-POWER).
fn may_make_rules(agency: &str) -> bool {
    matches!(rule_power(agency), RulePower::Unknown)
}

/// Table 二, cell by cell; 规章 only from members that may make them, and only when the roll-up's
/// agency may.
fn proactive(members: &[Member], agency: &str) -> (Proactive, Vec<Located>) {
    let edition = members[0].report.edition;
    let mut notes = Vec::new();
    let mut rows: Vec<(T2Id, Vec<T2Cell>)> = Vec::new();
    for (def_index, def) in t2_rows(edition).iter().enumerate() {
        let at = Pos::default();
        let mut counts = vec![0u64; def.cols.len()];
        let mut signed = vec![0i64; def.cols.len()];
        let mut money = vec![Decimal::ZERO; def.cols.len()];
        for m in members {
            let cells = &m.report.proactive.rows()[def_index].1;
            if def.id == T2Id::Rules && cells.iter().any(|c| c.data_text() != "0") {
                let reason = if !may_make_rules(agency) {
                    Some(format!("汇总单位“{agency}”没有规章制定权"))
                } else if !may_make_rules(&m.report.agency.value) {
                    Some(format!("“{}”没有规章制定权", m.report.agency.value))
                } else {
                    None
                };
                if let Some(reason) = reason {
                    let figures: Vec<String> = def
                        .cols
                        .iter()
                        .zip(cells)
                        .map(|(c, v)| format!("{} {}", c.key, v.data_text()))
                        .collect();
                    notes.push(located(
                        m,
                        Finding::new(
                            Rule::SumRules,
                            cells[0].pos(),
                            format!(
                                "{reason}，“{}”所填“{}”（{}）不计入汇总",
                                m.report.agency.value,
                                def.key,
                                figures.join("、")
                            ),
                        ),
                    ));
                    continue;
                }
            }
            for (c, cell) in cells.iter().enumerate() {
                match cell {
                    T2Cell::Count(v) => counts[c] += v.value,
                    T2Cell::Signed(v) => signed[c] += v.value,
                    T2Cell::Money(v) => money[c] = money[c].add(Decimal::of(&v.value)),
                }
            }
        }
        let cells = def
            .cols
            .iter()
            .enumerate()
            .map(|(c, col)| match col.kind {
                T2Kind::Count => T2Cell::Count(Val::new(counts[c], at)),
                T2Kind::Signed => T2Cell::Signed(Val::new(signed[c], at)),
                T2Kind::Money(_) => T2Cell::Money(Val::new(money[c].money(), at)),
            })
            .collect();
        rows.push((def.id, cells));
    }
    let table = Proactive::from_rows(edition, &rows).expect("the sum has the edition's rows and columns");
    (table, notes)
}

/// Table 三: every cell of every row, 上年结转 and 结转下年度 included (the identity is linear).
fn requests(members: &[Member], edition: Edition) -> Requests {
    let mut q = Requests::zero(edition);
    for m in members {
        for (row, theirs) in q.rows.iter_mut().zip(&m.report.requests.rows) {
            for (v, t) in row.values.iter_mut().zip(&theirs.values) {
                v.value += t.value;
            }
        }
    }
    q
}

/// Table 四: every outcome of every group.
fn appeals(members: &[Member]) -> Appeals {
    let mut a = Appeals::zero();
    for m in members {
        for (group, theirs) in a.groups.iter_mut().zip(&m.report.appeals.groups) {
            for (v, t) in group.values.iter_mut().zip(&theirs.values) {
                v.value += t.value;
            }
        }
    }
    a
}

/// 六: the 信息处理费 (2021) summed over the members that state it, and short generated texts.
fn other(members: &[Member], edition: Edition) -> Other {
    let ask = "汇总后请在此概括。";
    if edition == Edition::E2019 {
        return Other {
            prose: Some(prose(&format!("各单位其他需要报告的事项见其年度报告，{ask}\n"))),
            ..Other::default()
        };
    }
    let given: Vec<&Money> =
        members.iter().filter_map(|m| m.report.other.fee.as_ref().map(|f| &f.value)).collect();
    let fee = given.iter().fold(Decimal::ZERO, |t, f| t.add(Decimal::of(f)));
    let missing: Vec<&str> = members
        .iter()
        .filter(|m| m.report.other.fee.is_none())
        .map(|m| m.report.agency.value.as_str())
        .collect();
    let mut topics: Vec<(&'static str, Prose)> = OTHER_TOPICS[..3]
        .iter()
        .map(|(_, id, heading)| (*id, prose(&format!("各单位{heading}见其年度报告，{ask}\n"))))
        .collect();
    if !missing.is_empty() {
        let text =
            format!("{}未在数据文件中填写信息处理费，上面的金额不含其数额：请核对。\n", missing.join("、"));
        topics.push((OTHER_TOPICS[3].1, prose(&text)));
    }
    Other {
        prose: None,
        fee: (!given.is_empty()).then(|| Val::new(fee.money(), Pos::default())),
        fee_text: None,
        topics,
        pos: Pos::default(),
    }
}

fn prose(text: &str) -> Prose {
    Prose { text: text.to_string(), ..Prose::default() }
}

/// Words in a member's prose that tell of cases or documents shared with another unit.
const JOINT_WORDS: [&str; 5] = ["共同被申请人", "共同被告", "联合发文", "联合印发", "联合制发"];

/// SUM-JOINT: what may be counted by more than one member.
fn joint(members: &[Member]) -> Vec<Located> {
    let mut out = Vec::new();
    for m in members {
        'texts: for p in m.report.prose() {
            for word in JOINT_WORDS {
                if let Some(at) = p.text.find(word) {
                    out.push(located(m, Finding::new(
                        Rule::SumJoint,
                        p.pos_of(at),
                        format!(
                            "“{}”的正文提到“{word}”：同一案件或文件如也由其他参加汇总的单位填报，汇总数会重复计算，请核对",
                            m.report.agency.value
                        ),
                    )));
                    break 'texts;
                }
            }
        }
    }
    let with_cases: Vec<&Member> =
        members.iter().filter(|m| m.report.appeals.groups.iter().any(|g| g.sum() > 0)).collect();
    if let [_, second, ..] = with_cases.as_slice() {
        let names: Vec<&str> = with_cases.iter().take(3).map(|m| m.report.agency.value.as_str()).collect();
        let etc = if with_cases.len() > 3 { "等" } else { "" };
        out.push(located(second, Finding::new(
            Rule::SumJoint,
            second.report.appeals.groups[0].pos,
            format!(
                "{}{etc} {} 个单位都有行政复议或行政诉讼案件：以几个单位为共同被申请人或共同被告的案件，每个单位各计一件，汇总数会多计，请核对并在正文说明",
                names.join("、"),
                with_cases.len()
            ),
        )));
    }
    out
}
