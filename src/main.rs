//! The `xxgk` command line: parses arguments and calls the library.

use clap::error::{ContextKind, ContextValue, ErrorKind};
use clap::{Arg, ArgAction, CommandFactory, FromArgMatches, Parser, Subcommand, ValueEnum};
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
        #[arg(long, value_name = "年度", value_parser = parse_year)]
        year: i64,
        /// 机关全称，如“长沙市开福区科学技术局”
        #[arg(long, value_name = "机关")]
        agency: String,
        /// 输出文件（默认“{机关}{年度}.yaml”）
        #[arg(short, long, value_name = "文件")]
        output: Option<PathBuf>,
        /// 覆盖已存在的文件
        #[arg(long)]
        force: bool,
    },
    /// 校验一个或多个数据文件，逐条指出错误所在的行和列
    Check {
        /// 数据文件
        #[arg(required = true, value_name = "数据文件")]
        files: Vec<PathBuf>,
        /// 上一年度的数据文件（校验“上年结转”与上年的“结转下年度”是否一致）
        #[arg(long, value_name = "文件")]
        previous: Option<PathBuf>,
        /// 结果格式：text（文字，默认）或 json（供其他程序读取）
        #[arg(long, value_enum, value_name = "格式", default_value_t = CheckFormat::Text)]
        format: CheckFormat,
    },
    /// 输出数据文件的 JSON Schema（供编辑器自动补全）
    Schema,
    /// 由数据文件生成年度报告（可一次处理多个文件、多种格式）
    Render {
        /// 数据文件
        #[arg(required = true, value_name = "数据文件")]
        files: Vec<PathBuf>,
        /// 输出格式：md、html、docx、typ、pdf（可重复或用逗号分隔，如 -f pdf,docx；默认取 -o 文件的扩展名，否则为 html）
        #[arg(short, long = "format", value_name = "格式", value_delimiter = ',', value_parser = parse_format)]
        formats: Vec<xxgk::render::Format>,
        /// 输出目录（默认与数据文件同目录，文件名取报告标题）；也可以是一个文件名（仅生成一个文件时）
        #[arg(short, long, value_name = "目录")]
        output: Option<PathBuf>,
        /// 地区模板（默认取数据文件中的“地区”，否则为 default）
        #[arg(long, value_name = "地区")]
        locality: Option<String>,
        /// 自定义模板目录（按文件覆盖内置模板，见 xxgk templates export）
        #[arg(long, value_name = "目录")]
        templates: Option<PathBuf>,
        /// 数据未通过校验时仍生成，并在报告上标注“草稿（数据未通过校验）”
        #[arg(long)]
        draft: bool,
        #[command(flatten)]
        fonts: FontArgs,
        /// PDF 标准：a-2b（PDF/A-2b，用于长期归档）
        #[arg(long, value_enum, value_name = "标准")]
        pdf_standard: Option<PdfStandardArg>,
        /// 不显示进度条
        #[arg(short, long)]
        quiet: bool,
        /// 同时生成的文件数（默认等于 CPU 核数）
        #[arg(short = 'j', long = "jobs", value_name = "数量", value_parser = parse_jobs)]
        jobs: Option<usize>,
    },
    /// 列出 PDF 各部分（标题、各级标题、正文、表格、页码）实际使用的字体及原因
    Fonts {
        #[command(flatten)]
        fonts: FontArgs,
        /// 地区模板（其样式文件决定各部分的字体；默认 default）
        #[arg(long, value_name = "地区", default_value = "default")]
        locality: String,
        /// 自定义模板目录
        #[arg(long, value_name = "目录")]
        templates: Option<PathBuf>,
    },
    /// 查看或导出地区模板
    Templates {
        #[command(subcommand)]
        action: TemplatesAction,
    },
}

#[derive(Subcommand)]
enum TemplatesAction {
    /// 列出可用的地区模板
    List {
        /// 自定义模板目录
        #[arg(long, value_name = "目录")]
        templates: Option<PathBuf>,
    },
    /// 把一个地区的模板导出到“目录/地区名/”，修改后用 --templates 目录 使用
    Export {
        /// 地区名，如 default、shanghai、shandong
        #[arg(value_name = "地区")]
        name: String,
        /// 导出到的目录
        #[arg(value_name = "目录")]
        dir: PathBuf,
        /// 从自定义模板目录导出
        #[arg(long, value_name = "目录")]
        templates: Option<PathBuf>,
        /// 覆盖已存在的文件
        #[arg(long)]
        force: bool,
    },
}

fn parse_year(s: &str) -> Result<i64, String> {
    s.trim().parse().map_err(|_| "年度应为四位数字，如 2024".to_string())
}

fn parse_jobs(s: &str) -> Result<usize, String> {
    s.trim().parse().ok().filter(|n| *n >= 1).ok_or_else(|| "应为 1 以上的整数".to_string())
}

fn parse_format(s: &str) -> Result<xxgk::render::Format, String> {
    xxgk::render::Format::parse(s).ok_or_else(|| format!("不支持的格式“{s}”：可用 md、html、docx、typ、pdf"))
}

/// Where PDF fonts come from.
#[derive(clap::Args)]
struct FontArgs {
    /// 字体目录（可重复；优先于系统字体）。也可用环境变量 XXGK_FONT_PATH 指定
    #[arg(long = "font-dir", value_name = "目录")]
    font_dirs: Vec<PathBuf>,
    /// 不使用系统字体（只用 --font-dir、XXGK_FONT_PATH 和内置字体）
    #[arg(long)]
    no_system_fonts: bool,
}

impl FontArgs {
    fn options(self) -> xxgk::fonts::FontOptions {
        xxgk::fonts::FontOptions { dirs: self.font_dirs, env: true, system: !self.no_system_fonts }
    }
}

#[derive(Clone, Copy, ValueEnum)]
enum PdfStandardArg {
    #[value(name = "a-2b")]
    A2b,
}

#[derive(Clone, Copy, ValueEnum)]
enum CheckFormat {
    Text,
    Json,
}

fn main() -> ExitCode {
    let cli = match chinese(Cli::command()).try_get_matches().and_then(|m| Cli::from_arg_matches(&m)) {
        Ok(cli) => cli,
        Err(e) => {
            let (code, text) = usage_message(&e);
            if code == commands::OK {
                print!("{text}");
            } else {
                eprint!("{text}");
            }
            return ExitCode::from(code);
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
            // A closed pipe (`xxgk schema | head`) is not an error worth a panic.
            let _ = std::io::Write::write_all(
                &mut std::io::stdout().lock(),
                xxgk::schema::schema_text().as_bytes(),
            );
            commands::OK
        }
        Command::Render {
            files,
            formats,
            output,
            locality,
            templates,
            draft,
            fonts,
            pdf_standard,
            quiet,
            jobs,
        } => {
            let pdf = xxgk::write::pdf::PdfOptions {
                standard: pdf_standard.map(|PdfStandardArg::A2b| xxgk::write::pdf::PdfStandard::A2b),
            };
            let args = xxgk::render::RenderArgs {
                files,
                formats,
                output,
                locality,
                templates,
                draft,
                fonts: fonts.options(),
                pdf,
                progress: !quiet,
                jobs,
            };
            xxgk::render::run(&args, &mut std::io::stderr())
        }
        Command::Fonts { fonts, locality, templates } => xxgk::render::list_fonts(
            fonts.options(),
            &locality,
            templates.as_deref(),
            &mut std::io::stdout().lock(),
        ),
        Command::Templates { action: TemplatesAction::List { templates } } => {
            xxgk::render::list_templates(templates.as_deref(), &mut std::io::stdout().lock())
        }
        Command::Templates { action: TemplatesAction::Export { name, dir, templates, force } } => {
            xxgk::render::export_templates(&name, &dir, templates.as_deref(), force, &mut std::io::stderr())
        }
    };
    ExitCode::from(code)
}

/// clap's help in Chinese: headings, value placeholders, the help and version flags (the `help`
/// subcommand is dropped: `xxgk 命令 --help` does the same).
fn chinese(cmd: clap::Command) -> clap::Command {
    let versioned = cmd.get_version().is_some();
    let mut cmd = cmd
        .help_template("{about-with-newline}\n用法：{usage}\n\n{all-args}{after-help}")
        .subcommand_help_heading("命令")
        .subcommand_value_name("命令")
        .disable_help_subcommand(true)
        .disable_help_flag(true)
        .disable_version_flag(true)
        .arg(Arg::new("help").short('h').long("help").action(ArgAction::Help).help("显示帮助"));
    if versioned {
        cmd = cmd
            .arg(Arg::new("version").short('V').long("version").action(ArgAction::Version).help("显示版本"));
    }
    // Default and possible values are written in each option's Chinese help text instead.
    // Listed in definition order, as without headings.
    let mut order = 0;
    cmd.mut_args(|a| {
        order += 1;
        let heading = if a.is_positional() { "参数" } else { "选项" };
        let takes_values = a.get_action().takes_values();
        a.help_heading(heading)
            .display_order(order)
            .hide_possible_values(takes_values)
            .hide_default_value(takes_values)
    })
    .mut_subcommands(chinese)
}

/// The exit code and text for a help request or a command-line mistake, in Chinese.
fn usage_message(e: &clap::Error) -> (u8, String) {
    let placeholders = |s: String| s.replace("[OPTIONS]", "[选项]").replace("<COMMAND>", "<命令>");
    match e.kind() {
        ErrorKind::DisplayHelp | ErrorKind::DisplayVersion => {
            (commands::OK, placeholders(e.render().to_string()))
        }
        ErrorKind::DisplayHelpOnMissingArgumentOrSubcommand => {
            (commands::USAGE, placeholders(e.render().to_string()))
        }
        kind => {
            let get = |k| match e.get(k) {
                Some(ContextValue::String(s)) => s.clone(),
                Some(ContextValue::Strings(v)) => v.join("、"),
                Some(other) => other.to_string(),
                None => String::new(),
            };
            let arg = get(ContextKind::InvalidArg);
            let value = get(ContextKind::InvalidValue);
            let mut text = match kind {
                ErrorKind::UnknownArgument => format!("错误：不认识的参数“{arg}”"),
                ErrorKind::InvalidSubcommand => {
                    format!(
                        "错误：没有“{}”这个命令（可用：init、check、schema、render、templates、fonts）",
                        get(ContextKind::InvalidSubcommand)
                    )
                }
                ErrorKind::MissingRequiredArgument => format!("错误：缺少必需的参数：{arg}"),
                ErrorKind::MissingSubcommand => "错误：缺少命令".to_string(),
                ErrorKind::InvalidValue | ErrorKind::ValueValidation => {
                    let reason = std::error::Error::source(e).map(|s| format!("：{s}")).unwrap_or_default();
                    let valid = get(ContextKind::ValidValue);
                    let valid = if valid.is_empty() { valid } else { format!("（可用：{valid}）") };
                    format!("错误：{arg} 的值“{value}”无效{reason}{valid}")
                }
                ErrorKind::ArgumentConflict => {
                    format!("错误：{arg} 不能与 {} 同时使用", get(ContextKind::PriorArg))
                }
                ErrorKind::TooManyValues | ErrorKind::WrongNumberOfValues | ErrorKind::TooFewValues => {
                    format!("错误：{arg} 的值个数不对")
                }
                ErrorKind::NoEquals => format!("错误：{arg} 的值要用“=”连接"),
                _ => format!("错误：命令行参数有误（{}）", e.kind()),
            };
            let suggested = get(ContextKind::SuggestedArg) + &get(ContextKind::SuggestedSubcommand);
            if !suggested.is_empty() {
                text.push_str(&format!("；是否想用“{suggested}”？"));
            }
            let usage = match e.get(ContextKind::Usage) {
                Some(ContextValue::StyledStr(u)) => placeholders(u.to_string()).replace("Usage: ", ""),
                _ => String::new(),
            };
            let usage = usage.trim();
            if usage.is_empty() {
                (commands::USAGE, format!("{text}\n\n用 xxgk --help 查看用法\n"))
            } else {
                (commands::USAGE, format!("{text}\n\n用法：{usage}\n用 --help 查看全部选项\n"))
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn command_line_definition_is_consistent() {
        chinese(Cli::command()).debug_assert();
    }
}
