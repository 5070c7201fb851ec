//! The command line: clap's definitions, the dispatch to one module per command, and the exit code.
//! Every message a user reads on the terminal is printed here, from what the library returns.

mod check;
mod diff;
mod export;
mod fonts;
mod help;
mod import;
mod init;
mod progress;
mod render;
mod serve;
mod sum;
mod templates;
mod term;

use clap::{CommandFactory, FromArgMatches, Parser, Subcommand};
use std::io::Write;
use std::process::ExitCode;
use xxgk::batch::FileError;

#[derive(Parser)]
#[command(name = "xxgk", version, about = "政府信息公开工作年度报告：数据校验与排版生成")]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// 生成一个完整的数据文件（所有字段齐全、数字为 0），可直接通过 check
    Init(init::InitArgs),
    /// 校验一个或多个数据文件，逐条指出错误所在的行和列
    Check(check::CheckArgs),
    /// 输出数据文件的 JSON Schema（供编辑器自动补全）
    Schema,
    /// 由数据文件生成年度报告（可一次处理多个文件、多种格式）
    Render(render::RenderArgs),
    /// 列出 PDF 各部分（标题、各级标题、正文、表格、页码）实际使用的字体及原因
    Fonts(fonts::FontsArgs),
    /// 查看或导出地区模板
    Templates {
        #[command(subcommand)]
        action: templates::TemplatesAction,
    },
    /// 把各单位的数据文件逐格相加，生成汇总单位（全县、全市）的数据文件
    Sum(sum::SumArgs),
    /// 对比同一机关上一年度和本年度的报告：变化的数字、跨年度勾稽关系、照搬的段落
    Diff(diff::DiffArgs),
    /// 把数据文件导出为 Excel 填报表（.xlsx）
    Export(export::ExportArgs),
    /// 在浏览器中按表格填写数据文件：边填边检查、预览，保存为同一个数据文件
    Serve(serve::ServeArgs),
    /// 把已发布的年度报告（网页、PDF、Word、纯文本）导入为数据文件，逐格标注存疑和缺失
    Import(import::ImportArgs),
}

/// How the process ends; a batch ends with the worst of its files.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Exit {
    Ok = 0,
    /// A data file has errors.
    DataErrors = 1,
    /// A command-line mistake, or a file, template or font folder that cannot be used.
    Usage = 2,
}

impl Exit {
    /// The exit code for a data file that failed.
    fn of(error: &FileError) -> Exit {
        match error {
            FileError::Invalid | FileError::FailsChecks => Exit::DataErrors,
            FileError::Unreadable(_) | FileError::Render(_) => Exit::Usage,
        }
    }
}

impl From<Exit> for ExitCode {
    fn from(exit: Exit) -> ExitCode {
        ExitCode::from(exit as u8)
    }
}

/// Exit code of a process ended by Ctrl-C or a termination signal (128 + SIGINT, as shells do).
const INTERRUPTED: i32 = 130;

/// On Ctrl-C or SIGTERM, the temporary files of writes under way are removed, and the outputs
/// already written recorded, before the process ends: a batch of PDFs takes a while.
fn clean_up_when_interrupted() {
    // Without a handler (none could be set) the signal ends the process as before; a later render
    // removes what is left (`output::remove_stale_temporary_files`).
    let _ = ctrlc::set_handler(|| {
        let message = if xxgk::output::on_interrupt() > 0 {
            "已中断：未写完的文件已删除，已生成的文件完好"
        } else {
            "已中断"
        };
        // Below a progress bar or the shell's `^C`.
        let _ = writeln!(term::stderr(), "\n{message}");
        std::process::exit(INTERRUPTED);
    });
}

/// Parses the command line and runs the command.
pub fn run() -> ExitCode {
    let matches = help::chinese(Cli::command()).try_get_matches();
    let cli = match matches.and_then(|m| Cli::from_arg_matches(&m)) {
        Ok(cli) => cli,
        Err(e) => return help::show(&e).into(),
    };
    if !matches!(cli.command, Command::Serve(_)) {
        crate::tune_memory_for_batch();
    }
    // After the option above: the handler runs on a thread of its own.
    clean_up_when_interrupted();
    let exit = match cli.command {
        Command::Init(args) => init::run(args),
        Command::Check(args) => check::run(args),
        Command::Schema => {
            // A closed pipe (`xxgk schema | head`) is not an error worth a panic.
            let _ = term::stdout_json().write_all(xxgk::schema::schema_text().as_bytes());
            Exit::Ok
        }
        Command::Render(args) => render::run(args),
        Command::Fonts(args) => fonts::run(args),
        Command::Templates { action } => templates::run(action),
        Command::Sum(args) => sum::run(args),
        Command::Diff(args) => diff::run(args),
        Command::Export(args) => export::run(args),
        Command::Serve(args) => serve::run(args),
        Command::Import(args) => import::run(args),
    };
    // A write failed because Ctrl-C or SIGTERM came: the handler is recording what was written and
    // ends the process with its own code; returning now would end it first, with this one.
    while xxgk::output::interrupted() {
        std::thread::park();
    }
    exit.into()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn command_line_definition_is_consistent() {
        help::chinese(Cli::command()).debug_assert();
    }
}
