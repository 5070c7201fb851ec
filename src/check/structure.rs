//! Rules on the report as a whole: its period and publication date, sections 五 and 六.

use std::sync::LazyLock;

use regex::Regex;

use crate::diag::{Finding, Rule};
use crate::model::*;

pub(super) fn check(r: &Report, out: &mut Vec<Finding>) {
    period(r, out);
    deadline(r, out);
    sections(r, out);
    unfilled(r, out);
}

/// S-FILL: the `（请填写……）` prompts `xxgk init` writes must not reach the published report. One
/// finding per section, at its first prompt.
fn unfilled(r: &Report, out: &mut Vec<Finding>) {
    let mut sections: Vec<(String, &Prose)> =
        vec![("一、总体情况".into(), &r.overview), ("五、存在的主要问题及改进情况".into(), &r.problems)];
    sections.extend(r.other.prose.iter().map(|p| ("六、其他需要报告的事项".into(), p)));
    for (id, p) in &r.other.topics {
        let key = other_topic(id).map_or(*id, |(k, _, _)| *k);
        sections.push((format!("其他事项·{key}"), p));
    }
    for (name, prose) in sections {
        let mut prompts = Vec::new();
        let mut at = 0;
        for line in prose.text.split_inclusive('\n') {
            if crate::model::is_prompt(line) {
                prompts.push((at + line.find('（').unwrap_or(0), line.trim()));
            }
            at += line.len();
        }
        let Some(&(first, text)) = prompts.first() else { continue };
        let more = if prompts.len() > 1 { format!("等 {} 行", prompts.len()) } else { String::new() };
        out.push(Finding::new(
            Rule::SFill,
            prose.pos_of(first),
            format!("“{name}”还留着填写提示“{text}”{more}：请换成本年度的实际情况，或删去这些行"),
        ));
    }
}

/// S-PERIOD: the title and any statement of the statistics period name the report year.
fn period(r: &Report, out: &mut Vec<Finding>) {
    static YEAR: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"([0-9]{4})\s*年").expect("valid regex"));
    static STATED: LazyLock<Regex> =
        LazyLock::new(|| Regex::new(r"统计(?:期限|时限|时间|期间|区间)[^。；]*").expect("valid regex"));
    let year = r.year.value;
    if let Some(title) = &r.title
        && let Some(other) =
            YEAR.captures_iter(&title.value).filter_map(|c| c[1].parse::<i64>().ok()).find(|y| *y != year)
    {
        out.push(Finding::new(
            Rule::SPeriod,
            title.pos,
            format!("标题写的是{other}年，但报告年度是{year}年：标题的年度应与“年度”一致"),
        ));
    }
    for p in r.prose() {
        for stated in STATED.find_iter(&p.text) {
            let wrong = YEAR
                .captures_iter(stated.as_str())
                .filter_map(|c| c[1].parse::<i64>().ok())
                .find(|y| *y != year);
            if let Some(other) = wrong {
                out.push(Finding::new(
                    Rule::SPeriod,
                    p.pos_of(stated.start()),
                    format!(
                        "正文所述统计期限含{other}年，但报告年度是{year}年：统计期限应为{year}年1月1日至{year}年12月31日"
                    ),
                ));
            }
        }
    }
    if let Some(date) = &r.signature.date
        && let Some((y, m, d)) = parse_date(&date.value)
        && i64::from(y) <= year
    {
        out.push(Finding::new(
            Rule::SPeriod,
            date.pos,
            format!("落款日期 {y}年{m}月{d}日 在统计期限（{year}年12月31日）结束之前：年度报告应在次年编制"),
        ));
    }
}

/// S-DEADLINE: published by 31 January (departments, towns and streets), or by 31 March for the
/// report of a people's government at county level or above (条例第四十九、五十条).
fn deadline(r: &Report, out: &mut Vec<Finding>) {
    let Some(date) = &r.signature.date else { return };
    let Some((y, m, d)) = parse_date(&date.value) else { return };
    let agency = r.agency.value.trim();
    let town = ["乡人民政府", "镇人民政府", "街道办事处"].iter().any(|s| agency.ends_with(s));
    let (last_month, last_day, who) = if agency.ends_with("人民政府") && !town {
        (3, 31, "县级以上人民政府的年度报告")
    } else {
        (1, 31, "政府部门和乡镇、街道的年度报告")
    };
    let due = r.year.value + 1;
    if i64::from(y) > due || (i64::from(y) == due && (m, d) > (last_month, last_day)) {
        out.push(Finding::new(
            Rule::SDeadline,
            date.pos,
            format!(
                "落款日期 {y}年{m}月{d}日 晚于法定期限：{who}应在{due}年{last_month}月{last_day}日前公开（《条例》第四十九、五十条；地方可能规定更早的日期）"
            ),
        ));
    }
}

fn sections(r: &Report, out: &mut Vec<Finding>) {
    // S-SEC5: section 五 says something, and under 2021 also covers last year's rectification.
    let five = r.problems.text.trim().trim_end_matches(['。', '.']);
    let pos = Pos { line: r.problems.first_line, col: r.problems.col };
    if five.is_empty() || five == "无" {
        out.push(Finding::new(
            Rule::SSec5,
            pos,
            "第五部分“存在的主要问题及改进情况”为空或只写了“无”：应写明工作中存在的主要问题和改进措施",
        ));
    } else if r.edition == Edition::E2021
        && !["整改", "上年", "上一年", "去年"].iter().any(|w| five.contains(w))
    {
        out.push(Finding::new(
            Rule::SSec5,
            pos,
            "第五部分未提及上一年度问题的整改情况：2021年版格式要求同时报告上年度报告所列问题的整改情况（如“上年度问题整改情况”）",
        ));
    }
    // S-SEC6-FEE: from 2021 on, section 六 states the 信息处理费 collected, 0 included.
    if r.edition == Edition::E2021 && r.other.fee.is_none() {
        let mentioned = r.other.texts().any(|p| p.text.contains("信息处理费"));
        if !mentioned {
            out.push(Finding::new(
                Rule::SSec6Fee,
                r.other.pos,
                "第六部分应说明本年度收取信息处理费的情况（没有收取也要写明 0 元）：可在“其他事项”下写“信息处理费: 0”",
            ));
        }
    }
    // S-SEC6-TOPICS: from 2021 on, section 六 also covers three topics, under their keys or in the text.
    if r.edition == Edition::E2021 {
        let words: [(&str, &[&str]); 3] =
            [("work_points", &["工作要点"]), ("proposals", &["建议", "提案"]), ("innovation", &["创新"])];
        let missing: Vec<&str> = words
            .iter()
            .filter(|(id, words)| {
                let keyed = r.other.topics.iter().any(|(t, _)| t == id);
                let said = r.other.prose.as_ref().is_some_and(|p| words.iter().any(|w| p.text.contains(w)));
                !keyed && !said
            })
            .filter_map(|(id, _)| other_topic(id).map(|(_, _, label)| *label))
            .collect();
        if !missing.is_empty() {
            out.push(Finding::new(
                Rule::SSec6Topics,
                r.other.pos,
                format!("2021年版格式的第六部分还应报告：{}；没有的可写“无”", missing.join("；")),
            ));
        }
    }
}
