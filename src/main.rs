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
    /// 由数据文件生成年度报告（可一次处理多个文件、多种格式）
    Render {
        /// 数据文件
        #[arg(required = true)]
        files: Vec<PathBuf>,
        /// 输出格式：md、html、docx、typ、pdf（可重复或用逗号分隔，如 -f pdf,docx；默认取 -o 文件的扩展名，否则为 html）
        #[arg(short, long = "format", value_delimiter = ',', value_parser = parse_format)]
        formats: Vec<xxgk::render::Format>,
        /// 输出目录（默认与数据文件同目录，文件名取报告标题）；也可以是一个文件名（仅生成一个文件时）
        #[arg(short, long)]
        output: Option<PathBuf>,
        /// 地区模板（默认取数据文件中的“地区”，否则为 default）
        #[arg(long)]
        locality: Option<String>,
        /// 自定义模板目录（按文件覆盖内置模板，见 xxgk templates export）
        #[arg(long)]
        templates: Option<PathBuf>,
        /// 数据未通过校验时仍生成，并在报告上标注“草稿（数据未通过校验）”
        #[arg(long)]
        draft: bool,
        #[command(flatten)]
        fonts: FontArgs,
        /// PDF 标准：a-2b（PDF/A-2b，用于长期归档）
        #[arg(long, value_enum)]
        pdf_standard: Option<PdfStandardArg>,
        /// 不显示进度条
        #[arg(short, long)]
        quiet: bool,
        /// 同时生成的文件数（默认等于 CPU 核数）
        #[arg(short = 'j', long = "jobs", value_parser = clap::value_parser!(u16).range(1..))]
        jobs: Option<u16>,
    },
    /// 列出 PDF 各部分（标题、各级标题、正文、表格、页码）实际使用的字体及原因
    Fonts {
        #[command(flatten)]
        fonts: FontArgs,
        /// 地区模板（其样式文件决定各部分的字体）
        #[arg(long, default_value = "default")]
        locality: String,
        /// 自定义模板目录
        #[arg(long)]
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
        #[arg(long)]
        templates: Option<PathBuf>,
    },
    /// 把一个地区的模板导出到目录 DIR/NAME/，修改后用 --templates DIR 使用
    Export {
        /// 地区名，如 default、shanghai、shandong
        name: String,
        /// 导出到的目录
        dir: PathBuf,
        /// 从自定义模板目录导出
        #[arg(long)]
        templates: Option<PathBuf>,
        /// 覆盖已存在的文件
        #[arg(long)]
        force: bool,
    },
}

fn parse_format(s: &str) -> Result<xxgk::render::Format, String> {
    xxgk::render::Format::parse(s).ok_or_else(|| format!("不支持的格式“{s}”：可用 md、html、docx、typ、pdf"))
}

/// Where PDF fonts come from.
#[derive(clap::Args)]
struct FontArgs {
    /// 字体目录（可重复；优先于系统字体）。也可用环境变量 XXGK_FONT_PATH 指定
    #[arg(long = "font-dir", value_name = "DIR")]
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
                jobs: jobs.map(usize::from),
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
