//! Many files at once: each read, interpreted and written as a data file beside it (or into one
//! folder), on all cores; a file that cannot be read or is not a report is reported and the others
//! go on.

use super::{Counts, Form, ImportError, Imported};
use crate::batch::{Progress, parallel_map};
use crate::datafile::Note;
use crate::output::write_atomic;
use serde::Serialize;
use std::io::Read;
use std::path::{Path, PathBuf};

/// Largest input read: a report's PDF with its fonts is a few megabytes.
pub const MAX_INPUT_BYTES: u64 = 64 * 1024 * 1024;

/// What to import and where to.
#[derive(Debug, Clone, Default)]
pub struct ImportRequest {
    pub files: Vec<PathBuf>,
    /// Folder for the data files; default: beside each input.
    pub output: Option<PathBuf>,
    /// Replace existing data files.
    pub force: bool,
    /// Files at once; default: the number of cores.
    pub jobs: Option<usize>,
}

/// What became of one input.
#[derive(Debug, Serialize)]
pub struct ImportReport {
    pub path: PathBuf,
    pub form: Option<Form>,
    /// The data file written.
    pub output: Option<PathBuf>,
    pub counts: Counts,
    pub notes: Vec<Note>,
    /// Agency, year and edition found.
    pub agency: Option<String>,
    pub year: Option<i64>,
    pub edition: Option<u16>,
    #[serde(serialize_with = "message")]
    pub error: Option<ImportFileError>,
}

/// Why an input gave no data file.
#[derive(Debug, thiserror::Error)]
pub enum ImportFileError {
    #[error("无法读取“{path}”：{source}")]
    Read { path: PathBuf, source: std::io::Error },
    #[error("“{path}”超过 {} MB，不像是一份年度报告", MAX_INPUT_BYTES / 1_048_576)]
    TooLarge { path: PathBuf },
    #[error("“{path}”：{source}")]
    Import { path: PathBuf, source: ImportError },
    #[error("“{0}”已存在，未覆盖（确需覆盖请加 --force）")]
    Exists(PathBuf),
    #[error("“{0}”与输入文件相同，未写入：请用 -o 指定输出目录")]
    SameAsInput(PathBuf),
    #[error("无法写入“{path}”：{source}")]
    Write { path: PathBuf, source: std::io::Error },
}

impl ImportFileError {
    /// Whether the file itself is at fault (not a report), rather than reading or writing.
    pub fn is_data(&self) -> bool {
        matches!(self, ImportFileError::Import { .. })
    }
}

fn message<S: serde::Serializer>(e: &Option<ImportFileError>, s: S) -> Result<S::Ok, S::Error> {
    match e {
        Some(e) => s.serialize_some(&e.to_string()),
        None => s.serialize_none(),
    }
}

/// Imports every file of the request, in input order.
pub fn import_files(request: &ImportRequest, progress: &impl Progress) -> Vec<ImportReport> {
    let workers = request.jobs.unwrap_or_else(|| std::thread::available_parallelism().map_or(1, |n| n.get()));
    progress.start(request.files.len());
    let results = parallel_map(&request.files, workers, |path| {
        let r = import_one(path, request);
        progress.advance();
        r
    });
    results
        .into_iter()
        .zip(&request.files)
        .map(|(r, path)| {
            r.unwrap_or_else(|| {
                let mut report = empty(path);
                report.error =
                    Some(ImportFileError::Import { path: path.clone(), source: ImportError::NotReport });
                report
            })
        })
        .collect()
}

fn empty(path: &Path) -> ImportReport {
    ImportReport {
        path: path.to_path_buf(),
        form: None,
        output: None,
        counts: Counts::default(),
        notes: Vec::new(),
        agency: None,
        year: None,
        edition: None,
        error: None,
    }
}

/// The data file's path for an input: its name with `.yaml`, beside it or in `output`.
pub fn output_path(input: &Path, output: Option<&Path>) -> PathBuf {
    let name = input.file_stem().map_or_else(|| "报告".into(), |s| s.to_os_string());
    let mut name = PathBuf::from(name);
    name.set_extension("yaml");
    match output {
        Some(dir) => dir.join(name),
        None => crate::output::folder_of(input).join(name),
    }
}

fn read_capped(path: &Path) -> Result<Vec<u8>, ImportFileError> {
    let read = |e| ImportFileError::Read { path: path.to_path_buf(), source: e };
    let file = std::fs::File::open(path).map_err(read)?;
    let meta = file.metadata().map_err(read)?;
    if !meta.is_file() {
        return Err(read(std::io::Error::other("不是普通文件")));
    }
    let mut bytes = Vec::new();
    file.take(MAX_INPUT_BYTES + 1).read_to_end(&mut bytes).map_err(read)?;
    if bytes.len() as u64 > MAX_INPUT_BYTES {
        return Err(ImportFileError::TooLarge { path: path.to_path_buf() });
    }
    Ok(bytes)
}

fn import_one(path: &Path, request: &ImportRequest) -> ImportReport {
    let mut report = empty(path);
    let bytes = match read_capped(path) {
        Ok(b) => b,
        Err(e) => {
            report.error = Some(e);
            return report;
        }
    };
    report.form = super::form_of(&bytes);
    let imported: Imported = match super::import(&bytes) {
        Ok((_, i)) => i,
        Err(source) => {
            report.error = Some(ImportFileError::Import { path: path.to_path_buf(), source });
            return report;
        }
    };
    report.counts = imported.counts;
    report.agency = Some(imported.report.agency.value.clone());
    report.year = Some(imported.report.year.value);
    report.edition = Some(imported.report.edition.year());
    let out = output_path(path, request.output.as_deref());
    let same = |a: &Path, b: &Path| match (a.canonicalize(), b.canonicalize()) {
        (Ok(a), Ok(b)) => a == b,
        _ => a == b,
    };
    if request.files.iter().any(|f| same(f, &out)) {
        report.error = Some(ImportFileError::SameAsInput(out));
        return report;
    }
    match write_atomic(&out, imported.data_file().as_bytes(), request.force) {
        Ok(()) => report.output = Some(out),
        Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => {
            report.error = Some(ImportFileError::Exists(out))
        }
        Err(source) => report.error = Some(ImportFileError::Write { path: out, source }),
    }
    report.notes = imported.notes;
    report
}
