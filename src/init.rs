//! `xxgk init`: a complete data file for one agency-year, every key present with zeros and a
//! comment giving the full official label, that passes `check` as it is.
//!
//! The file is [`crate::datafile::write`] of a blank report ([`blank`]) whose prose holds the
//! `（请填写……）` prompts. This module builds text; it never reads or writes files.

use crate::model::*;

pub use crate::datafile::SCHEMA_FILE;

/// Whether a line is one of the `（请填写……）` prompts this file leaves for the writer.
pub fn is_prompt(line: &str) -> bool {
    let line = line.trim();
    line.starts_with("（请填写") && line.ends_with('）')
}

/// The text of a new data file.
pub fn data_file(year: i64, agency: &str) -> String {
    crate::datafile::write(&blank(year, agency))
}

/// A report of zeros for one agency-year, its prose the prompts of a new data file.
pub fn blank(year: i64, agency: &str) -> Report {
    let edition = Edition::for_year(year);
    let pos = Pos::default();
    let prose = |lines: &[String]| Prose {
        text: lines.iter().map(|l| format!("{l}\n")).collect(),
        first_line: 0,
        col: 0,
    };
    let parts = ["主动公开", "依申请公开", "政府信息管理", "政府信息公开平台建设", "监督保障"];
    let overview: Vec<String> = ["（一）", "（二）", "（三）", "（四）", "（五）"]
        .iter()
        .zip(parts)
        .flat_map(|(n, part)| [format!("{n}{part}"), format!("（请填写本年度{part}工作情况。）")])
        .collect();
    let mut problems = vec!["（请填写本年度政府信息公开工作存在的主要问题和改进措施。）".to_string()];
    if edition == Edition::E2021 {
        problems.push("（请填写上年度报告所列问题的整改情况。）".to_string());
    }
    let other = match edition {
        Edition::E2019 => Other { prose: Some(prose(&["无。".to_string()])), ..Other::default() },
        Edition::E2021 => Other {
            fee: Some(Val::new(Money::zero(), pos)),
            topics: OTHER_TOPICS
                .iter()
                .map(|(_, id, heading)| (*id, prose(&[format!("（请填写{heading}；没有可写“无。”）")])))
                .collect(),
            ..Other::default()
        },
    };
    Report {
        agency: Val::new(agency.to_string(), pos),
        year: Val::new(year, pos),
        edition,
        edition_given: None,
        locality: None,
        title: None,
        url: None,
        contacts: Contacts::default(),
        signature: Signature {
            unit: Some(agency.to_string()),
            date: Some(Val::new(format!("{}年1月20日", year + 1), pos)),
        },
        overview: prose(&overview),
        proactive: Proactive::zero(edition),
        requests: Requests::zero(edition),
        appeals: Appeals::zero(),
        problems: prose(&problems),
        other,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn both_editions_load_and_pass_check() {
        for (year, agency) in [(2019, "某某市某某局"), (2024, "某某县人民政府: \"办公室\" #1")]
        {
            let text = data_file(year, agency);
            let report = crate::load::load_str(&text).unwrap_or_else(|f| panic!("{year}: {f:?}\n{text}"));
            assert_eq!(report.agency.value, agency);
            let findings = crate::check::check(&report, None);
            assert!(!crate::check::has_errors(&findings), "{findings:?}");
        }
    }
}
