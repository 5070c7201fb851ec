//! Loading a data file: bytes → text → YAML tree → [`Report`], keeping the line and column of every
//! value.
//!
//! The YAML is first read by serde-saphyr into a small spanned tree and then converted by hand, so
//! that every mistake gets its own Chinese message with the official label and the expected form,
//! and so that all mistakes of a file are reported at once rather than the first.
//!
//! - `source`: reading and decoding the bytes (size cap, UTF-8/UTF-16, D-ENCODING);
//! - `yaml`: the spanned YAML tree and the syntax-error messages with their typing hints;
//! - `fields`: decoding one field (text, prose, counts, money) with its typed-character hints;
//! - `report`: the walk over the report, edition by edition, against the model's definitions.
//!
//! The loader checks the form of the file, never the arithmetic between figures (that is
//! [`mod@crate::check`]); it never prints, and all it knows of the tables it reads from [`crate::model`].

use crate::diag::{Finding, Rule};
use crate::model::Report;
use std::path::Path;

mod fields;
mod report;
mod source;
pub(crate) mod yaml;

pub use source::{read_bytes, read_source, source_of};

/// Larger data files are refused before parsing (a real one is a few kilobytes).
pub const MAX_FILE_BYTES: u64 = 5 * 1024 * 1024;
/// Largest count accepted in any cell.
pub const MAX_COUNT: u64 = 10_000_000;

/// A data file read into memory, for loading and for showing source lines in diagnostics.
#[derive(Debug, Clone)]
pub struct Source {
    /// The path as the user gave it.
    pub name: String,
    pub text: String,
}

/// Why a data file could not be loaded.
#[derive(Debug, thiserror::Error)]
pub enum LoadError {
    /// The file could not be read at all (missing, a directory, no permission): a usage problem.
    #[error("无法读取“{path}”：{reason}")]
    Io { path: String, reason: String },
    /// The file was read but its content is not a valid data file.
    #[error("数据文件有 {} 处错误", .findings.len())]
    Data { findings: Vec<Finding> },
}

/// Reads and loads a data file.
pub fn load_file(path: &Path) -> Result<(Source, Report), LoadError> {
    let source = read_source(path)?;
    match load_str(&source.text) {
        Ok(report) => Ok((source, report)),
        Err(findings) => Err(LoadError::Data { findings }),
    }
}

/// Loads a data file's text. On failure returns every problem found, sorted by position.
pub fn load_str(text: &str) -> Result<Report, Vec<Finding>> {
    let text = &*source::lone_cr_to_lf(text);
    if text.trim().is_empty() || text.lines().all(|l| l.trim().is_empty() || l.trim_start().starts_with('#'))
    {
        return Err(vec![Finding::new(
            Rule::DEmpty,
            None,
            "数据文件为空：可用 `xxgk init` 生成一个完整的数据文件",
        )]);
    }
    let root = yaml::parse_tree(text)?;
    let mut cx = fields::Cx::new(text);
    let report = cx.report(&root);
    let mut findings = cx.findings;
    crate::diag::sort(&mut findings);
    match report {
        Some(r) if findings.is_empty() => Ok(r),
        _ => Err(findings),
    }
}
