//! `xxgk init`: a complete data file for one agency-year, every key present with zeros and a
//! comment giving the full official label, that passes `check` as it is.
//!
//! The file is [`crate::datafile::write`] of a blank report ([`blank`]) whose prose holds the
//! `（请填写……）` prompts. This module builds text; it never reads or writes files.

use crate::model::*;
use crate::output::write_atomic;
use std::path::{Path, PathBuf};

pub use crate::datafile::SCHEMA_FILE;
pub use crate::model::is_prompt;

/// Why no data file was created.
#[derive(Debug, thiserror::Error)]
pub enum InitError {
    #[error("--year 应为 2019 年及以后的年份（2019 年以前的报告使用旧格式），实际是 {0}")]
    Year(i64),
    #[error("--agency 应为机关全称，如“长沙市开福区科学技术局”")]
    Agency,
    #[error("“{}”已存在，未覆盖。确需覆盖请加 --force", .0.display())]
    Exists(PathBuf),
    #[error("无法写入“{}”：{}", path.display(), crate::diag::io_reason(source))]
    Write { path: PathBuf, source: std::io::Error },
    #[error(transparent)]
    Workbook(#[from] crate::xlsx::WriteError),
}

/// What [`create`] wrote.
#[derive(Debug)]
pub struct Created {
    pub data_file: PathBuf,
    pub schema_file: PathBuf,
    /// The schema could not be written; the data file is fine without it (an existing schema is
    /// kept silently).
    pub schema_error: Option<InitError>,
}

/// Writes a new data file for `agency` and `year` to `path` (default `{机关}{年度}.yaml` in the
/// current folder, named as `render` names its outputs), never replacing one unless `overwrite`, and
/// the JSON Schema beside it when missing.
pub fn create(year: i64, agency: &str, output: Option<&Path>, overwrite: bool) -> Result<Created, InitError> {
    if !(2019..=2100).contains(&year) {
        return Err(InitError::Year(year));
    }
    if agency.trim().is_empty() || agency.contains(['\n', '\r']) {
        return Err(InitError::Agency);
    }
    let agency = agency.trim();
    // The agency is text, not a path: `../x` or `a:b` must not choose where the file goes.
    let default = || PathBuf::from(format!("{}.yaml", crate::output::file_stem(&format!("{agency}{year}"))));
    let path = output.map_or_else(default, Path::to_path_buf);
    match write_atomic(&path, data_file(year, agency).as_bytes(), overwrite) {
        Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => return Err(InitError::Exists(path)),
        Err(source) => return Err(InitError::Write { path, source }),
        Ok(()) => {}
    }
    let schema_file = path.with_file_name(SCHEMA_FILE);
    let schema_error = match write_atomic(&schema_file, crate::schema::schema_text().as_bytes(), overwrite) {
        Err(e) if e.kind() != std::io::ErrorKind::AlreadyExists => {
            Some(InitError::Write { path: schema_file.clone(), source: e })
        }
        _ => None,
    };
    Ok(Created { data_file: path, schema_file, schema_error })
}

/// Writes a new fill-in workbook ([`crate::xlsx::write`] of [`blank`]) for `agency` and `year` to
/// `path` (default `{机关}{年度}.xlsx`), never replacing a file unless `overwrite`.
pub fn create_workbook(
    year: i64,
    agency: &str,
    output: Option<&Path>,
    overwrite: bool,
) -> Result<PathBuf, InitError> {
    if !(2019..=2100).contains(&year) {
        return Err(InitError::Year(year));
    }
    if agency.trim().is_empty() || agency.contains(['\n', '\r']) {
        return Err(InitError::Agency);
    }
    let agency = agency.trim();
    let default = || PathBuf::from(format!("{}.xlsx", crate::output::file_stem(&format!("{agency}{year}"))));
    let path = output.map_or_else(default, Path::to_path_buf);
    let bytes = crate::xlsx::write(&blank(year, agency))?;
    match write_atomic(&path, &bytes, overwrite) {
        Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => Err(InitError::Exists(path)),
        Err(source) => Err(InitError::Write { path, source }),
        Ok(()) => Ok(path),
    }
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
        intro: None,
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
