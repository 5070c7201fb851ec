//! `xxgk check`: each file's findings rustc-style (or as JSON), and a summary line.

use super::{Exit, term};
use clap::ValueEnum;
use std::io::Write;
use std::path::PathBuf;
use xxgk::batch::{FileError, FileReport, PreviousError};
use xxgk::diag::{self, Tally};

#[derive(clap::Args)]
pub struct CheckArgs {
    /// 数据文件
    #[arg(required = true, value_name = "数据文件")]
    files: Vec<PathBuf>,
    /// 上一年度的数据文件（校验“上年结转”与上年的“结转下年度”是否一致）
    #[arg(long, value_name = "文件")]
    previous: Option<PathBuf>,
    /// 结果格式：text（文字，默认）、json（供其他程序读取）、html（审核一览网页）或 csv（审核一览表）
    #[arg(long, value_enum, value_name = "格式", default_value_t = CheckFormat::Text)]
    format: CheckFormat,
    /// 把 html 或 csv 一览写入此文件（不指定则输出到屏幕）
    #[arg(short, long, value_name = "文件")]
    output: Option<PathBuf>,
    /// 核对汇总文件：其各表数字应等于这些单位的数据文件之和
    #[arg(long, num_args = 1.., value_name = "数据文件")]
    members: Vec<PathBuf>,
}

#[derive(Clone, Copy, ValueEnum)]
enum CheckFormat {
    Text,
    Json,
    Html,
    Csv,
}

pub fn run(args: CheckArgs) -> Exit {
    if matches!(args.format, CheckFormat::Html | CheckFormat::Csv) {
        return overview(args);
    }
    if args.output.is_some() {
        let _ = writeln!(term::stderr(), "错误：-o/--output 只用于 --format html 或 csv");
        return Exit::Usage;
    }
    let json = matches!(args.format, CheckFormat::Json);
    let mut out = if json { term::stdout_json() } else { term::stdout() };
    let mut shown = Vec::new();
    let mut tally = Tally::default();
    let mut files = match xxgk::check_files(&args.files, args.previous.as_deref()) {
        Ok(files) => files,
        Err(PreviousError(file)) => {
            let _ = writeln!(out, "无法使用 --previous 指定的上年报告“{}”：", file.path.display());
            show(&file, json, &mut out, &mut shown, &mut tally);
            if json {
                let _ = writeln!(out, "{}", serde_json::json!({ "files": shown }));
            }
            return file.error.as_ref().map_or(Exit::DataErrors, Exit::of);
        }
    };
    if !args.members.is_empty()
        && let Err(exit) = super::sum::check_members(&mut files, &args.members)
    {
        return exit;
    }
    let mut exit = Exit::Ok;
    for file in &files {
        show(file, json, &mut out, &mut shown, &mut tally);
        exit = exit.max(file.error.as_ref().map_or(Exit::Ok, Exit::of));
    }
    let failed = files.iter().filter(|f| f.error.is_some()).count();
    let summary = format!(
        "已检查 {} 个文件：{}，共 {} 个错误、{} 个警告、{} 个提示",
        files.len(),
        if failed == 0 { "全部通过".to_string() } else { format!("{failed} 个文件未通过") },
        tally.errors,
        tally.warnings,
        tally.infos
    );
    if json {
        let doc = serde_json::json!({
            "files": shown,
            "summary": {"files": files.len(), "failed": failed, "errors": tally.errors,
                        "warnings": tally.warnings, "infos": tally.infos, "message": summary},
        });
        let _ = writeln!(out, "{}", serde_json::to_string_pretty(&doc).unwrap_or_default());
    } else {
        let _ = writeln!(out, "{summary}");
    }
    exit
}

/// One file: printed rustc-style, or added to the JSON document's files; counted in `tally`.
fn show(
    file: &FileReport,
    json: bool,
    out: &mut impl Write,
    shown: &mut Vec<serde_json::Value>,
    tally: &mut Tally,
) {
    let name = file.path.display().to_string();
    if let Some(FileError::Unreadable(e)) = &file.error {
        tally.errors += 1;
        if json {
            shown.push(serde_json::json!({"file": name, "error": e.to_string()}));
        } else {
            let _ = writeln!(out, "错误：{e}\n");
        }
        return;
    }
    tally.add(&file.findings);
    if json {
        let list: Vec<_> = file.findings.iter().map(|f| diag::to_json(f, &name)).collect();
        shown.push(serde_json::json!({"file": name, "findings": list}));
    } else {
        let _ = write!(out, "{}", diag::render_all(&file.findings, &name, file.source.as_deref()));
    }
}

/// `--format html|csv`: the reviewer's overview of all files, on standard output or in `-o`'s file.
fn overview(args: CheckArgs) -> Exit {
    let files = match xxgk::check_files(&args.files, args.previous.as_deref()) {
        Ok(files) => files,
        Err(PreviousError(file)) => {
            let mut err = term::stderr();
            let _ = writeln!(err, "无法使用 --previous 指定的上年报告“{}”：", file.path.display());
            show(&file, false, &mut err, &mut Vec::new(), &mut Tally::default());
            return file.error.as_ref().map_or(Exit::DataErrors, Exit::of);
        }
    };
    let (ext, name) = match args.format {
        CheckFormat::Csv => (&["csv"][..], "CSV"),
        _ => (&["html", "htm"][..], "HTML"),
    };
    if let Some(path) = &args.output
        && !path
            .extension()
            .and_then(|e| e.to_str())
            .is_some_and(|e| ext.contains(&e.to_ascii_lowercase().as_str()))
    {
        let _ = writeln!(
            term::stderr(),
            "错误：一览是 {name} 文件，-o 指定的“{}”应以 .{} 结尾（以免覆盖数据文件或其他文件）",
            path.display(),
            ext[0]
        );
        return Exit::Usage;
    }
    let review = xxgk::review::Review::of(&files);
    let text = match args.format {
        CheckFormat::Csv => review.to_csv(),
        _ => review.to_html(),
    };
    let exit = files.iter().map(|f| f.error.as_ref().map_or(Exit::Ok, Exit::of)).max().unwrap_or(Exit::Ok);
    let failed = review.rows.iter().filter(|r| r.error.is_some()).count();
    match &args.output {
        Some(path) => {
            if let Err(e) = xxgk::output::write_atomic(path, text.as_bytes(), true) {
                let _ = writeln!(
                    term::stderr(),
                    "错误：无法写入“{}”：{}",
                    path.display(),
                    xxgk::diag::io_reason(&e)
                );
                return Exit::Usage;
            }
            let _ = writeln!(
                term::stdout(),
                "已检查 {} 个文件，{failed} 个未通过；一览已写入 {}",
                files.len(),
                path.display()
            );
        }
        // Line ends as LF on a terminal or pipe (the escaping writer shows a CR); `-o` keeps CSV's CRLF.
        None => {
            let _ = write!(term::stdout(), "{}", text.replace("\r\n", "\n"));
        }
    }
    exit
}
