//! `xxgk init`: a new data file, and the schema beside it.

use super::{Exit, term};
use std::io::Write;
use std::path::PathBuf;

#[derive(clap::Args)]
pub struct InitArgs {
    /// 报告年度，如 2024
    #[arg(long, value_name = "年度", value_parser = parse_year)]
    year: i64,
    /// 机关全称，如“长沙市开福区科学技术局”
    #[arg(long, value_name = "机关")]
    agency: String,
    /// 输出文件（默认“{机关}{年度}.yaml”，加 --xlsx 时为“{机关}{年度}.xlsx”）
    #[arg(short, long, value_name = "文件")]
    output: Option<PathBuf>,
    /// 生成 Excel 填报表（.xlsx，可用 Excel、WPS 表格、LibreOffice 填写），而不是数据文件
    #[arg(long)]
    xlsx: bool,
    /// 覆盖已存在的文件
    #[arg(long)]
    force: bool,
}

fn parse_year(s: &str) -> Result<i64, String> {
    s.trim().parse().map_err(|_| "年度应为四位数字，如 2024".to_string())
}

pub fn run(args: InitArgs) -> Exit {
    let mut err = term::stderr();
    if args.xlsx {
        return match xxgk::init::create_workbook(args.year, &args.agency, args.output.as_deref(), args.force)
        {
            Ok(path) => {
                let path = path.display();
                let _ = writeln!(
                    err,
                    "已生成填报表“{path}”（{}年度）。在浅黄色格子中填写后运行：xxgk check {path}",
                    args.year
                );
                Exit::Ok
            }
            Err(e) => {
                let _ = writeln!(err, "错误：{e}");
                Exit::Usage
            }
        };
    }
    match xxgk::init::create(args.year, &args.agency, args.output.as_deref(), args.force) {
        Ok(created) => {
            if let Some(e) = created.schema_error {
                let _ = writeln!(err, "警告：{e}");
            }
            let path = created.data_file.display();
            let _ =
                writeln!(err, "已生成数据文件“{path}”（{}年度）。填写后运行：xxgk check {path}", args.year);
            Exit::Ok
        }
        Err(e) => {
            let _ = writeln!(err, "错误：{e}");
            Exit::Usage
        }
    }
}
