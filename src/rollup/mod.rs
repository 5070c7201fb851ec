//! Roll-ups and comparisons across data files: [`sum()`] adds the reports of several units (the
//! members) into one data file for all of them (全县/全市 figures); [`diff()`] compares one agency's
//! report with last year's, cell by cell; [`check_sum`] holds an existing roll-up against the sum
//! of its members; [`overview()`] lists the members' key figures with the sum row (CSV, HTML).
//!
//! Both take loaded reports and return typed, `Serialize` results; they never read files except
//! through [`load_members`], and never print. The book's page 汇总与对比 (`book/src/rollup.md`)
//! gives the reasons for every cell's treatment.

mod decimal;
pub mod diff;
pub mod overview;
pub mod sum;
pub mod verify;

pub use diff::{Diff, DiffError, diff};
pub use overview::{Overview, OverviewRow, overview};
pub use sum::{Located, Sum, SumError, SumOptions, sum};
pub use verify::{SumCheck, check_sum};

use crate::diag::Finding;
use crate::load::{LoadError, Source};
use crate::model::Report;
use std::path::{Path, PathBuf};

/// One member of a roll-up: its file, as read, and its report.
#[derive(Debug, Clone)]
pub struct Member {
    pub path: PathBuf,
    pub source: Source,
    pub report: Report,
}

/// Why members could not be read.
#[derive(Debug, thiserror::Error)]
pub enum MembersError {
    /// A file could not be read at all: a usage problem.
    #[error("无法读取“{path}”：{reason}")]
    Io { path: String, reason: String },
    /// Files that were read but are not valid data files, with their findings.
    #[error("{} 个数据文件无法读入", .0.len())]
    Invalid(Vec<(Source, Vec<Finding>)>),
}

/// Reads and loads every member; all files that fail to load are reported together.
pub fn load_members(paths: &[PathBuf]) -> Result<Vec<Member>, MembersError> {
    let mut members = Vec::new();
    let mut invalid = Vec::new();
    for path in paths {
        let source = crate::load::read_source(path).map_err(|e| match e {
            LoadError::Io { path, reason } => MembersError::Io { path, reason },
            LoadError::Data { .. } => {
                MembersError::Io { path: path.display().to_string(), reason: e.to_string() }
            }
        })?;
        match crate::load::load_str(&source.text) {
            Ok(report) => members.push(Member { path: path.to_path_buf(), source, report }),
            Err(findings) => invalid.push((source, findings)),
        }
    }
    if invalid.is_empty() { Ok(members) } else { Err(MembersError::Invalid(invalid)) }
}

/// Whether two paths name the same file (the same file given twice under two spellings).
pub fn same_file(a: &Path, b: &Path) -> bool {
    match (a.canonicalize(), b.canonicalize()) {
        (Ok(a), Ok(b)) => a == b,
        _ => a == b,
    }
}
