//! Many data files at once, as `xxgk check` and `xxgk render` take them. Each input comes back as
//! one [`FileReport`]: its text, its findings, the outputs written and what went wrong, for the
//! command line to print or a server to send as JSON.

mod parallel;
mod render;

pub use parallel::parallel_map;
pub use render::{Progress, RenderRequest, render_files};

use crate::check::{self, Finding};
use crate::load::{self, LoadError};
use crate::model::Report;
use crate::render::{Format, RenderError};
use serde::Serialize;
use std::path::{Path, PathBuf};

/// What became of one data file.
#[derive(Debug, Serialize)]
pub struct FileReport {
    /// The data file, as given.
    pub path: PathBuf,
    /// Its text, when it could be read (for the source lines shown under findings).
    pub source: Option<String>,
    /// Whose report it is, when it loaded.
    pub about: Option<About>,
    /// The loader's findings when the file did not load, else the checks' findings.
    pub findings: Vec<Finding>,
    /// One per format asked for, in format order (render only).
    pub outputs: Vec<OutputReport>,
    /// Why the file failed: not read, not loaded, failed the checks or could not be laid out.
    #[serde(serialize_with = "message")]
    pub error: Option<FileError>,
    /// For a workbook: the reader's own findings (kept beside the checks') and where each position
    /// of its data file came from.
    #[serde(skip)]
    workbook: Option<(Vec<Finding>, crate::xlsx::CellMap)>,
}

/// Whose report a data file is: what a reviewer's overview lists it under.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct About {
    /// 机关.
    pub agency: String,
    /// 年度.
    pub year: i64,
    /// The tables' edition, as its year (2019 or 2021).
    pub edition: u16,
}

impl About {
    pub fn of(report: &Report) -> Self {
        About { agency: report.agency.value.clone(), year: report.year.value, edition: report.edition.year() }
    }
}

/// Why a data file failed as a whole.
#[derive(Debug, thiserror::Error)]
pub enum FileError {
    /// It could not be read (missing, a folder, no permission).
    #[error(transparent)]
    Unreadable(LoadError),
    /// It is not a valid data file; the findings say where.
    #[error("数据文件有错误")]
    Invalid,
    /// It loaded but has errors; the findings say which (render renders it only as a draft).
    #[error("数据未通过校验")]
    FailsChecks,
    /// Its template failed (render only).
    #[error(transparent)]
    Render(RenderError),
}

/// One output of a data file.
#[derive(Debug, Serialize)]
pub struct OutputReport {
    pub path: PathBuf,
    pub format: Format,
    /// Rendered from data with errors, marked “草稿”.
    pub draft: bool,
    /// What the reader should know about it (font substitutions).
    pub notices: Vec<String>,
    /// Why it was not written.
    #[serde(serialize_with = "message")]
    pub error: Option<RenderError>,
}

impl FileReport {
    /// Reads and loads a data file: the file's report so far (its text; when it did not load, the
    /// loader's findings and the error) and the loaded report.
    pub fn load(path: &Path) -> (FileReport, Option<Report>) {
        let mut file = FileReport {
            path: path.to_path_buf(),
            source: None,
            about: None,
            findings: Vec::new(),
            outputs: Vec::new(),
            error: None,
            workbook: None,
        };
        let bytes = match load::read_bytes(path) {
            Ok(bytes) => bytes,
            Err(LoadError::Data { findings }) => {
                file.findings = findings;
                file.error = Some(FileError::Invalid);
                return (file, None);
            }
            Err(e) => {
                file.error = Some(FileError::Unreadable(e));
                return (file, None);
            }
        };
        if crate::xlsx::is_workbook(&bytes) {
            return file.load_workbook(&bytes);
        }
        match load::source_of(path, &bytes) {
            Ok(source) => file.source = Some(source.text),
            Err(LoadError::Data { findings }) => {
                file.findings = findings;
                file.error = Some(FileError::Invalid);
            }
            Err(e) => file.error = Some(FileError::Unreadable(e)),
        }
        let Some(text) = &file.source else { return (file, None) };
        match load::load_str(text) {
            Ok(report) => {
                file.about = Some(About::of(&report));
                (file, Some(report))
            }
            Err(findings) => {
                file.findings = findings;
                file.error = Some(FileError::Invalid);
                (file, None)
            }
        }
    }
}

impl FileReport {
    /// A workbook read into its report: the reader's findings at their cells (the file is invalid
    /// when one is an error), the source left empty (the lines of its data file are no one's).
    fn load_workbook(mut self, bytes: &[u8]) -> (FileReport, Option<Report>) {
        match crate::xlsx::read(bytes) {
            Err(e) => {
                let reason = e.to_string();
                self.error = Some(FileError::Unreadable(LoadError::Io {
                    path: self.path.display().to_string(),
                    reason,
                }));
                (self, None)
            }
            Ok(wb) => {
                self.findings = wb.findings.clone();
                if wb.report.is_none() || check::has_errors(&wb.findings) {
                    self.error = Some(FileError::Invalid);
                    return (self, None);
                }
                self.workbook = Some((wb.findings, wb.cells));
                (self, wb.report)
            }
        }
    }

    /// Sets the checks' findings: for a workbook, located at their cells after the reader's own.
    pub fn set_findings(&mut self, findings: Vec<Finding>) {
        self.findings = match &self.workbook {
            Some((own, cells)) => own.iter().cloned().chain(cells.locate(findings)).collect(),
            None => findings,
        };
    }

    /// The report of a file whose work panicked (a bug): nothing is known but that it failed.
    fn internal(path: &Path) -> FileReport {
        FileReport {
            path: path.to_path_buf(),
            source: None,
            about: None,
            findings: Vec::new(),
            outputs: Vec::new(),
            error: Some(FileError::Render(RenderError::Internal)),
            workbook: None,
        }
    }
}

/// Last year's data file, given to check against, cannot be used; its report says why.
#[derive(Debug, thiserror::Error)]
#[error("无法使用上年报告“{}”", .0.path.display())]
pub struct PreviousError(pub Box<FileReport>);

/// Loads and checks every file, against `previous` (last year's data file) when given.
pub fn check_files(files: &[PathBuf], previous: Option<&Path>) -> Result<Vec<FileReport>, PreviousError> {
    let previous = match previous.map(FileReport::load) {
        None => None,
        Some((_, Some(report))) => Some(report),
        Some((file, None)) => return Err(PreviousError(Box::new(file))),
    };
    // Files are independent: checked across the cores, reported in the order given.
    let checked = parallel_map(files, cores(), |path| {
        let (mut file, report) = FileReport::load(path);
        if let Some(report) = report {
            file.set_findings(check::check(&report, previous.as_ref()));
            if check::has_errors(&file.findings) {
                file.error = Some(FileError::FailsChecks);
            }
        }
        file
    });
    Ok(files
        .iter()
        .zip(checked)
        .map(|(path, file)| file.unwrap_or_else(|| FileReport::internal(path)))
        .collect())
}

fn cores() -> usize {
    std::thread::available_parallelism().map_or(1, |n| n.get())
}

/// An error in JSON is its Chinese message.
fn message<S: serde::Serializer, E: std::fmt::Display>(error: &Option<E>, s: S) -> Result<S::Ok, S::Error> {
    match error {
        Some(e) => s.serialize_some(&e.to_string()),
        None => s.serialize_none(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn check_files_stops_when_last_year_cannot_be_used() {
        let examples = Path::new(env!("CARGO_MANIFEST_DIR")).join("examples");
        let files = [examples.join("county-2021.yaml")];
        let ok = check_files(&files, Some(&examples.join("kaifu-2019.yaml"))).unwrap();
        assert_eq!(ok.len(), 1);
        let bad = examples.join("invalid/d-number.yaml");
        let PreviousError(previous) = check_files(&files, Some(&bad)).unwrap_err();
        assert_eq!(previous.path, bad);
        assert!(matches!(previous.error, Some(FileError::Invalid)) && !previous.findings.is_empty());
    }
}
