//! Rules on the sections as a whole: section 五 and section 六.

use super::Finding;
use crate::model::*;

pub(super) fn check(r: &Report, out: &mut Vec<Finding>) {
    // S-SEC5: section 五 says something, and under 2021 also covers last year's rectification.
    let five = r.problems.text.trim().trim_end_matches(['。', '.']);
    let pos = Pos { line: r.problems.first_line, col: r.problems.col };
    if five.is_empty() || five == "无" {
        out.push(Finding::warning(
            "S-SEC5",
            pos,
            "第五部分“存在的主要问题及改进情况”为空或只写了“无”：应写明工作中存在的主要问题和改进措施",
        ));
    } else if r.edition == Edition::E2021
        && !["整改", "上年", "上一年", "去年"].iter().any(|w| five.contains(w))
    {
        out.push(Finding::warning(
            "S-SEC5",
            pos,
            "第五部分未提及上一年度问题的整改情况：2021年版格式要求同时报告上年度报告所列问题的整改情况（如“上年度问题整改情况”）",
        ));
    }
    // S-SEC6-FEE: from 2021 on, section 六 states the 信息处理费 collected, 0 included.
    if r.edition == Edition::E2021 && r.other.fee.is_none() {
        let mentioned = r.other.prose.as_ref().is_some_and(|p| p.text.contains("信息处理费"))
            || r.other.topics.iter().any(|(_, p)| p.text.contains("信息处理费"));
        if !mentioned {
            out.push(Finding::warning(
                "S-SEC6-FEE",
                r.other.pos,
                "第六部分应说明本年度收取信息处理费的情况（没有收取也要写明 0 元）：可在“其他事项”下写“信息处理费: 0”",
            ));
        }
    }
}
