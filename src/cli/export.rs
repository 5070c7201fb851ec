//! `xxgk export`: a data file (or a workbook) written as a fill-in workbook.

use super::{Exit, term};
use std::io::Write;
use std::path::PathBuf;
use xxgk::batch::{FileError, FileReport};

#[derive(clap::Args)]
pub struct ExportArgs {
    /// 数据文件
    #[arg(value_name = "数据文件")]
    file: PathBuf,
    /// 导出为 Excel 填报表（.xlsx）
    #[arg(long, required = true)]
    xlsx: bool,
    /// 输出文件（默认与数据文件同名、扩展名为 .xlsx）
    #[arg(short, long, value_name = "文件")]
    output: Option<PathBuf>,
    /// 覆盖已存在的文件
    #[arg(long)]
    force: bool,
}

pub fn run(args: ExportArgs) -> Exit {
    let _ = args.xlsx;
    let mut err = term::stderr();
    let (file, report) = FileReport::load(&args.file);
    let Some(report) = report else {
        let name = file.path.display().to_string();
        match &file.error {
            Some(FileError::Unreadable(e)) => {
                let _ = writeln!(err, "错误：{e}");
                return Exit::Usage;
            }
            _ => {
                let _ =
                    write!(err, "{}", xxgk::diag::render_all(&file.findings, &name, file.source.as_deref()));
                let _ = writeln!(err, "“{name}”有错误，未导出：请先改正");
                return Exit::DataErrors;
            }
        }
    };
    let path = args.output.unwrap_or_else(|| args.file.with_extension("xlsx"));
    if xxgk::output::FileId::of(&path).is_some_and(|id| xxgk::output::FileId::of(&args.file) == Some(id)) {
        let _ = writeln!(err, "错误：输出文件“{}”就是输入文件，未覆盖", path.display());
        return Exit::Usage;
    }
    let bytes = match xxgk::xlsx::write(&report) {
        Ok(bytes) => bytes,
        Err(e) => {
            let _ = writeln!(err, "错误：{e}");
            return Exit::Usage;
        }
    };
    match xxgk::output::write_atomic(&path, &bytes, args.force) {
        Ok(()) => {
            let _ = writeln!(err, "已导出填报表“{}”", path.display());
            Exit::Ok
        }
        Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => {
            let _ = writeln!(err, "错误：“{}”已存在，未覆盖。确需覆盖请加 --force", path.display());
            Exit::Usage
        }
        Err(e) => {
            let _ = writeln!(err, "错误：无法写入“{}”：{}", path.display(), xxgk::diag::io_reason(&e));
            Exit::Usage
        }
    }
}
