//! The commands behind the CLI: each takes parsed arguments, does its work through the library and
//! returns the process exit code (0 ok, 1 the data has errors, 2 usage or I/O problems).

use crate::check::{self, Finding};
use crate::diag::{self, Tally};
use crate::load::{self, LoadError, Source};
use crate::model::Report;
use std::io::Write;
use std::path::{Path, PathBuf};

/// Exit codes.
pub const OK: u8 = 0;
pub const DATA_ERRORS: u8 = 1;
pub const USAGE: u8 = 2;

/// Writes `bytes` to `path` through a temporary file in the same folder and a rename, so a reader
/// never sees a partial file. With `overwrite` false an existing file is left alone and an error
/// of kind `AlreadyExists` is returned.
pub fn write_atomic(path: &Path, bytes: &[u8], overwrite: bool) -> std::io::Result<()> {
    let dir = match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d,
        _ => Path::new("."),
    };
    let mut tmp = tempfile::Builder::new().prefix(".xxgk-").suffix(".tmp").tempfile_in(dir)?;
    tmp.write_all(bytes)?;
    // Temporary files are private (0600); a report is an ordinary document.
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        tmp.as_file().set_permissions(std::fs::Permissions::from_mode(0o644))?;
    }
    tmp.as_file().sync_all()?;
    if overwrite {
        tmp.persist(path).map_err(|e| e.error)?;
    } else {
        tmp.persist_noclobber(path).map_err(|e| e.error)?;
    }
    Ok(())
}

/// `xxgk init`: writes a new data file (never overwriting one without `force`) and the JSON Schema
/// beside it when missing.
pub fn init(year: i64, agency: &str, output: Option<&Path>, force: bool, err: &mut dyn Write) -> u8 {
    if !(2019..=2100).contains(&year) {
        let _ = writeln!(
            err,
            "错误：--year 应为 2019 年及以后的年份（2019 年以前的报告使用旧格式），实际是 {year}"
        );
        return USAGE;
    }
    if agency.trim().is_empty() || agency.contains(['\n', '\r']) {
        let _ = writeln!(err, "错误：--agency 应为机关全称，如“长沙市开福区科学技术局”");
        return USAGE;
    }
    let path = output
        .map(Path::to_path_buf)
        .unwrap_or_else(|| PathBuf::from(format!("{}{year}.yaml", agency.trim())));
    let text = crate::init::data_file(year, agency.trim());
    match write_atomic(&path, text.as_bytes(), force) {
        Ok(()) => {}
        Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => {
            let _ = writeln!(err, "错误：“{}”已存在，未覆盖。确需覆盖请加 --force", path.display());
            return USAGE;
        }
        Err(e) => {
            let _ = writeln!(err, "错误：无法写入“{}”：{}", path.display(), crate::diag::io_reason(&e));
            return USAGE;
        }
    }
    let schema = path.with_file_name(crate::init::SCHEMA_FILE);
    match write_atomic(&schema, crate::schema::schema_text().as_bytes(), force) {
        Ok(()) => {}
        Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => {}
        Err(e) => {
            let _ = writeln!(err, "警告：无法写入“{}”：{}", schema.display(), crate::diag::io_reason(&e));
        }
    }
    let _ = writeln!(
        err,
        "已生成数据文件“{}”（{year}年度）。填写后运行：xxgk check {}",
        path.display(),
        path.display()
    );
    OK
}

/// A data file loaded for `check` or `render`, or why it could not be.
pub enum Loaded {
    Ok {
        source: Source,
        report: Box<Report>,
    },
    /// The content has errors (exit 1); the source is there when the file could be read.
    Invalid {
        source: Option<Source>,
        findings: Vec<Finding>,
    },
    /// The file could not be read (exit 2).
    Unreadable {
        message: String,
    },
}

pub fn load(path: &Path) -> Loaded {
    let source = match load::read_source(path) {
        Ok(s) => s,
        Err(e @ LoadError::Io { .. }) => return Loaded::Unreadable { message: e.to_string() },
        Err(LoadError::Data { findings }) => return Loaded::Invalid { source: None, findings },
    };
    match load::load_str(&source.text) {
        Ok(report) => Loaded::Ok { source, report: Box::new(report) },
        Err(findings) => Loaded::Invalid { source: Some(source), findings },
    }
}

/// `xxgk check`: checks every file, prints the findings and a summary line.
pub fn check_files(files: &[PathBuf], previous: Option<&Path>, json: bool, out: &mut dyn Write) -> u8 {
    let mut code = OK;
    let mut reports_json = Vec::new();
    let mut tally = Tally::default();
    let mut failed_files = 0;
    let prev = match previous.map(load) {
        None => None,
        Some(Loaded::Ok { report, .. }) => Some(report),
        Some(other) => {
            let name = previous.map(|p| p.display().to_string()).unwrap_or_default();
            let _ = writeln!(out, "无法使用 --previous 指定的上年报告“{name}”：");
            print_problem(&other, &name, json, out, &mut reports_json, &mut tally);
            if json {
                let _ = writeln!(out, "{}", serde_json::json!({ "files": reports_json }));
            }
            return if matches!(other, Loaded::Unreadable { .. }) { USAGE } else { DATA_ERRORS };
        }
    };
    for path in files {
        let name = path.display().to_string();
        let loaded = load(path);
        let (findings, source) = match &loaded {
            Loaded::Ok { source, report } => (check::check(report, prev.as_deref()), Some(source)),
            _ => {
                failed_files += 1;
                code =
                    code.max(if matches!(loaded, Loaded::Unreadable { .. }) { USAGE } else { DATA_ERRORS });
                print_problem(&loaded, &name, json, out, &mut reports_json, &mut tally);
                continue;
            }
        };
        if check::has_errors(&findings) {
            failed_files += 1;
            code = code.max(DATA_ERRORS);
        }
        tally.add(&findings);
        let text = source.map(|s| s.text.as_str());
        emit_findings(&findings, &name, text, json, out, &mut reports_json);
    }
    let summary = format!(
        "已检查 {} 个文件：{}，共 {} 个错误、{} 个警告、{} 个提示",
        files.len(),
        if failed_files == 0 {
            "全部通过".to_string()
        } else {
            format!("{failed_files} 个文件未通过")
        },
        tally.errors,
        tally.warnings,
        tally.infos
    );
    if json {
        let doc = serde_json::json!({
            "files": reports_json,
            "summary": {"files": files.len(), "failed": failed_files, "errors": tally.errors,
                        "warnings": tally.warnings, "infos": tally.infos, "message": summary},
        });
        let _ = writeln!(out, "{}", serde_json::to_string_pretty(&doc).unwrap_or_default());
    } else {
        let _ = writeln!(out, "{summary}");
    }
    code
}

fn print_problem(
    loaded: &Loaded,
    name: &str,
    json: bool,
    out: &mut dyn Write,
    reports_json: &mut Vec<serde_json::Value>,
    tally: &mut Tally,
) {
    match loaded {
        Loaded::Ok { .. } => {}
        Loaded::Unreadable { message } => {
            tally.errors += 1;
            if json {
                reports_json.push(serde_json::json!({"file": name, "error": message}));
            } else {
                let _ = writeln!(out, "错误：{message}\n");
            }
        }
        Loaded::Invalid { source, findings } => {
            tally.add(findings);
            let text = source.as_ref().map(|s| s.text.as_str());
            emit_findings(findings, name, text, json, out, reports_json);
        }
    }
}

/// One file's findings: printed rustc-style, or added to the JSON document.
fn emit_findings(
    findings: &[Finding],
    name: &str,
    source: Option<&str>,
    json: bool,
    out: &mut dyn Write,
    reports_json: &mut Vec<serde_json::Value>,
) {
    if json {
        let list: Vec<_> = findings.iter().map(|f| diag::to_json(f, name)).collect();
        reports_json.push(serde_json::json!({"file": name, "findings": list}));
    } else {
        let _ = write!(out, "{}", diag::render_all(findings, name, source));
    }
}
