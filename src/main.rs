//! The `xxgk` command line: parses arguments and calls the library.

use clap::{Parser, Subcommand, ValueEnum};
use std::path::PathBuf;
use std::process::ExitCode;
use xxgk::commands;

#[derive(Parser)]
#[command(name = "xxgk", version, about = "政府信息公开工作年度报告：数据校验与排版生成")]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// 生成一个完整的数据文件（所有字段齐全、数字为 0），可直接通过 check
    Init {
        /// 报告年度，如 2024
        #[arg(long)]
        year: i64,
        /// 机关全称，如“长沙市开福区科学技术局”
        #[arg(long)]
        agency: String,
        /// 输出文件（默认“{机关}{年度}.yaml”）
        #[arg(short, long)]
        output: Option<PathBuf>,
        /// 覆盖已存在的文件
        #[arg(long)]
        force: bool,
    },
    /// 校验一个或多个数据文件，逐条指出错误所在的行和列
    Check {
        /// 数据文件
        #[arg(required = true)]
        files: Vec<PathBuf>,
        /// 上一年度的数据文件（校验“上年结转”与上年的“结转下年度”是否一致）
        #[arg(long)]
        previous: Option<PathBuf>,
        /// 输出格式
        #[arg(long, value_enum, default_value_t = CheckFormat::Text)]
        format: CheckFormat,
    },
    /// 输出数据文件的 JSON Schema（供编辑器自动补全）
    Schema,
}

#[derive(Clone, Copy, ValueEnum)]
enum CheckFormat {
    Text,
    Json,
}

fn main() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) => {
            let _ = e.print();
            return ExitCode::from(if e.use_stderr() { commands::USAGE } else { commands::OK });
        }
    };
    let code = match cli.command {
        Command::Init { year, agency, output, force } => {
            commands::init(year, &agency, output.as_deref(), force, &mut std::io::stderr())
        }
        Command::Check { files, previous, format } => commands::check_files(
            &files,
            previous.as_deref(),
            matches!(format, CheckFormat::Json),
            &mut std::io::stdout().lock(),
        ),
        Command::Schema => {
            print!("{}", xxgk::schema::schema_text());
            commands::OK
        }
    };
    ExitCode::from(code)
}
