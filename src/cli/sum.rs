//! `xxgk sum`: the members' findings and notes, then the roll-up's data file written.

use super::{Exit, term};
use std::io::Write;
use std::path::PathBuf;
use xxgk::batch::{FileError, FileReport};
use xxgk::diag;
use xxgk::rollup::{self, Located, Member, MembersError, SumError, SumOptions};

#[derive(clap::Args)]
pub struct SumArgs {
    /// 参加汇总的各单位数据文件（同一年度、同一格式）
    #[arg(required = true, value_name = "数据文件")]
    members: Vec<PathBuf>,
    /// 汇总单位的全称，如“某某县人民政府”
    #[arg(long, value_name = "机关")]
    agency: String,
    /// 输出文件（默认“{机关}{年度}.yaml”）
    #[arg(short, long, value_name = "文件")]
    output: Option<PathBuf>,
    /// 覆盖已存在的文件
    #[arg(long)]
    force: bool,
    /// 各单位数据文件自身有错误时仍然汇总（草稿）
    #[arg(long)]
    draft: bool,
    /// 另写一份各单位主要数字的概览表（.csv 或 .html），末行为合计
    #[arg(long, value_name = "文件")]
    overview: Option<PathBuf>,
}

/// The overview's format, from its file's extension.
#[derive(Clone, Copy)]
enum OverviewFormat {
    Csv,
    Html,
}

fn overview_format(path: &std::path::Path) -> Option<OverviewFormat> {
    match path.extension()?.to_str()?.to_ascii_lowercase().as_str() {
        "csv" => Some(OverviewFormat::Csv),
        "html" | "htm" => Some(OverviewFormat::Html),
        _ => None,
    }
}

pub fn run(args: SumArgs) -> Exit {
    let mut out = term::stdout();
    let mut err = term::stderr();
    let overview = match &args.overview {
        None => None,
        Some(path) => match overview_format(path) {
            Some(format) => Some((path, format)),
            None => {
                let _ = writeln!(err, "错误：概览表“{}”应以 .csv 或 .html 结尾", path.display());
                return Exit::Usage;
            }
        },
    };
    let members = match load(&args.members, "未汇总", &mut out, &mut err) {
        Ok(m) => m,
        Err(exit) => return exit,
    };
    let options = SumOptions { agency: args.agency.clone(), draft: args.draft };
    let sum = match rollup::sum(&members, &options) {
        Ok(sum) => sum,
        Err(SumError::Refused(found)) => {
            show(&mut out, &found, &members);
            let _ = writeln!(err, "错误：{}", SumError::Refused(found));
            return Exit::DataErrors;
        }
        Err(e @ SumError::Invalid(_)) => {
            let _ = writeln!(err, "错误：{e}");
            return Exit::DataErrors;
        }
        Err(e) => {
            let _ = writeln!(err, "错误：{e}");
            return Exit::Usage;
        }
    };
    show(&mut out, &sum.notes, &members);
    let year = sum.report.year.value;
    let path = args.output.unwrap_or_else(|| {
        PathBuf::from(format!("{}{year}.yaml", xxgk::output::file_stem(options.agency.trim())))
    });
    if members.iter().any(|m| rollup::same_file(&m.path, &path)) {
        let _ = writeln!(err, "错误：输出文件“{}”是参加汇总的数据文件之一，未覆盖", path.display());
        return Exit::Usage;
    }
    if let Some((at, _)) = overview
        && (members.iter().any(|m| rollup::same_file(&m.path, at)) || rollup::same_file(&path, at))
    {
        let _ = writeln!(err, "错误：概览表“{}”不能与数据文件同名，未写入", at.display());
        return Exit::Usage;
    }
    if let Err(exit) = write(&path, sum.text.as_bytes(), args.force, &mut err) {
        return exit;
    }
    let shown = path.display();
    let _ = writeln!(
        err,
        "已汇总 {} 个单位的数据，写入“{shown}”（{year}年度）。改写正文后运行：xxgk check {shown}",
        sum.members.len()
    );
    if let Some((at, format)) = overview {
        let table = rollup::overview(&members, &sum);
        let text = match format {
            OverviewFormat::Csv => table.to_csv(),
            OverviewFormat::Html => table.to_html(),
        };
        if let Err(exit) = write(at, text.as_bytes(), args.force, &mut err) {
            return exit;
        }
        let _ = writeln!(err, "各单位主要数字的概览表写入“{}”。", at.display());
    }
    Exit::Ok
}

/// Writes a whole file or none of it; an existing file only with `--force`.
fn write(path: &std::path::Path, bytes: &[u8], force: bool, err: &mut impl Write) -> Result<(), Exit> {
    let shown = path.display();
    match xxgk::output::write_atomic(path, bytes, force) {
        Ok(()) => Ok(()),
        Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => {
            let _ = writeln!(err, "错误：“{shown}”已存在，未覆盖。确需覆盖请加 --force");
            Err(Exit::Usage)
        }
        Err(e) => {
            let _ = writeln!(err, "错误：无法写入“{shown}”：{}", diag::io_reason(&e));
            Err(Exit::Usage)
        }
    }
}

/// Reads the members; files that fail are shown, and the exit code returned.
fn load(
    paths: &[PathBuf],
    not_done: &str,
    out: &mut impl Write,
    err: &mut impl Write,
) -> Result<Vec<Member>, Exit> {
    match rollup::load_members(paths) {
        Ok(m) => Ok(m),
        Err(MembersError::Io { path, reason }) => {
            let _ = writeln!(err, "错误：无法读取“{path}”：{reason}");
            Err(Exit::Usage)
        }
        Err(MembersError::Invalid(files)) => {
            for (source, findings) in &files {
                let _ = write!(out, "{}", diag::render_all(findings, &source.name, Some(&source.text)));
            }
            let _ = writeln!(err, "错误：{} 个数据文件无法读入，{not_done}", files.len());
            Err(Exit::DataErrors)
        }
    }
}

/// `xxgk check FILE --members …`: the roll-up's SUM-MISMATCH findings join its own findings; the
/// members' problems are shown first. An exit code when the check cannot be made.
pub fn check_members(files: &mut [FileReport], paths: &[PathBuf]) -> Result<(), Exit> {
    let mut out = term::stdout();
    let mut err = term::stderr();
    let [file] = files else {
        let _ = writeln!(err, "错误：--members 只能用于一个汇总文件");
        return Err(Exit::Usage);
    };
    if matches!(file.error, Some(FileError::Unreadable(_) | FileError::Invalid)) {
        return Ok(());
    }
    let Ok((_, report)) = xxgk::load_file(&file.path) else { return Ok(()) };
    let members = load(paths, "无法核对汇总文件", &mut out, &mut err)?;
    match rollup::check_sum(&report, &members) {
        Ok(check) => {
            show(&mut out, &check.notes, &members);
            file.findings.extend(check.findings);
            if file.findings.iter().any(|f| f.severity == diag::Severity::Error) {
                file.error = Some(FileError::FailsChecks);
            }
            Ok(())
        }
        Err(SumError::Refused(found)) => {
            show(&mut out, &found, &members);
            let errors = found.iter().filter(|l| l.finding.severity == diag::Severity::Error).count();
            let _ = writeln!(err, "错误：参加汇总的数据文件有 {errors} 处错误，无法核对汇总文件");
            Err(Exit::DataErrors)
        }
        Err(e) => {
            let _ = writeln!(err, "错误：{e}");
            Err(Exit::DataErrors)
        }
    }
}

/// Findings in the members' files, rustc-style with their source lines.
fn show(out: &mut impl Write, found: &[Located], members: &[Member]) {
    for l in found {
        let source = members.iter().find(|m| m.source.name == l.file).map(|m| m.source.text.as_str());
        let _ = writeln!(out, "{}", diag::render(&l.finding, &l.file, source));
    }
}
