//! `xxgk import`: published reports (HTML, PDF, DOCX, text) back into data files, then what was
//! read of each.

use super::progress::Bar;
use super::{Exit, term};
use std::io::Write;
use std::path::PathBuf;
use xxgk::import::files::{ImportReport, ImportRequest, import_files};

#[derive(clap::Args)]
pub struct ImportArgs {
    /// 已发布的年度报告（网页 HTML、PDF、Word DOCX 或纯文本），可一次给多个
    #[arg(required = true, value_name = "报告文件")]
    files: Vec<PathBuf>,
    /// 数据文件的输出目录（默认与报告文件同目录，文件名同报告文件，扩展名 .yaml）
    #[arg(short, long, value_name = "目录")]
    output: Option<PathBuf>,
    /// 覆盖已存在的数据文件
    #[arg(long)]
    force: bool,
    /// 不显示进度条
    #[arg(short, long)]
    quiet: bool,
    /// 同时导入的文件数（默认等于 CPU 核数）
    #[arg(short = 'j', long = "jobs", value_name = "数量", value_parser = parse_jobs)]
    jobs: Option<usize>,
}

fn parse_jobs(s: &str) -> Result<usize, String> {
    s.trim().parse().ok().filter(|n| *n >= 1).ok_or_else(|| "应为 1 以上的整数".to_string())
}

pub fn run(args: ImportArgs) -> Exit {
    let request =
        ImportRequest { files: args.files, output: args.output, force: args.force, jobs: args.jobs };
    let bar = Bar::new(!args.quiet);
    let files = import_files(&request, &bar);
    bar.finish();
    show(&files, &mut term::stderr())
}

/// Per file: where its data file went and how many table values were read, uncertain or missing;
/// then the batch in one line. Exit 1 when a value is missing or a file is not a report, 2 when a
/// file could not be read or written.
fn show(files: &[ImportReport], err: &mut impl Write) -> Exit {
    let mut exit = Exit::Ok;
    let mut written = 0;
    for f in files {
        if let Some(e) = &f.error {
            let _ = writeln!(err, "错误：{e}");
            exit = exit.max(if e.is_data() { Exit::DataErrors } else { Exit::Usage });
            continue;
        }
        let Some(out) = &f.output else { continue };
        written += 1;
        let c = f.counts;
        let form = f.form.map_or("", |f| f.name());
        let _ = writeln!(err, "已导入：{} → {}（{form}）", f.path.display(), out.display());
        let _ = writeln!(
            err,
            "  {}，{}年度，{}年版表格：读取 {} 格，存疑 {} 格，缺失 {} 格",
            f.agency.as_deref().unwrap_or(""),
            f.year.unwrap_or_default(),
            f.edition.unwrap_or_default(),
            c.read,
            c.uncertain,
            c.missing
        );
        if !f.notes.is_empty() {
            const SHOWN: usize = 5;
            for n in f.notes.iter().take(SHOWN) {
                let _ = writeln!(err, "  · {}：{}", n.place(), n.text);
            }
            if f.notes.len() > SHOWN {
                let _ = writeln!(err, "  ……另有 {} 条", f.notes.len() - SHOWN);
            }
            let _ = writeln!(
                err,
                "  各条已在数据文件中该数字所在行加注释（缺失的格写为 ~，须补填），请对照原文核对"
            );
        }
        if c.missing > 0 {
            exit = exit.max(Exit::DataErrors);
        }
    }
    let failed = files.len() - written;
    let _ = writeln!(
        err,
        "共 {} 个报告文件：生成 {written} 个数据文件{}",
        files.len(),
        if failed > 0 { format!("，{failed} 个未生成") } else { String::new() }
    );
    exit
}
