//! `xxgk sum`: the members' findings and notes, then the roll-up's data file written.

use super::{Exit, term};
use std::io::Write;
use std::path::PathBuf;
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
}

pub fn run(args: SumArgs) -> Exit {
    let mut out = term::stdout();
    let mut err = term::stderr();
    let members = match rollup::load_members(&args.members) {
        Ok(m) => m,
        Err(MembersError::Io { path, reason }) => {
            let _ = writeln!(err, "错误：无法读取“{path}”：{reason}");
            return Exit::Usage;
        }
        Err(MembersError::Invalid(files)) => {
            for (source, findings) in &files {
                let _ = write!(out, "{}", diag::render_all(findings, &source.name, Some(&source.text)));
            }
            let _ = writeln!(err, "错误：{} 个数据文件无法读入，未汇总", files.len());
            return Exit::DataErrors;
        }
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
    let shown = path.display();
    match xxgk::output::write_atomic(&path, sum.text.as_bytes(), args.force) {
        Ok(()) => {
            let _ = writeln!(
                err,
                "已汇总 {} 个单位的数据，写入“{shown}”（{year}年度）。改写正文后运行：xxgk check {shown}",
                sum.members.len()
            );
            Exit::Ok
        }
        Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => {
            let _ = writeln!(err, "错误：“{shown}”已存在，未覆盖。确需覆盖请加 --force");
            Exit::Usage
        }
        Err(e) => {
            let _ = writeln!(err, "错误：无法写入“{shown}”：{}", diag::io_reason(&e));
            Exit::Usage
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
