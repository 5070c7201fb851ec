//! `xxgk fonts`: which font serves each part of the PDF, and why.

use super::{Exit, term};
use std::io::Write;
use std::path::PathBuf;
use xxgk::Renderer;
use xxgk::fonts::FontOptions;
use xxgk::write::pdf::PdfOptions;

#[derive(clap::Args)]
pub struct FontsArgs {
    #[command(flatten)]
    fonts: FontArgs,
    /// 地区模板（其样式文件决定各部分的字体；默认 default）
    #[arg(long, value_name = "地区", default_value = "default")]
    locality: String,
    /// 自定义模板目录
    #[arg(long, value_name = "目录")]
    templates: Option<PathBuf>,
}

/// Where PDF fonts come from (`fonts` and `render`).
#[derive(clap::Args)]
pub struct FontArgs {
    /// 字体目录（可重复；优先于系统字体）。也可用环境变量 XXGK_FONT_PATH 指定
    #[arg(long = "font-dir", value_name = "目录")]
    font_dirs: Vec<PathBuf>,
    /// 不使用系统字体（只用 --font-dir、XXGK_FONT_PATH 和内置字体）
    #[arg(long)]
    no_system_fonts: bool,
}

impl FontArgs {
    pub fn options(self) -> FontOptions {
        FontOptions { dirs: self.font_dirs, system: !self.no_system_fonts, ..FontOptions::default() }
    }
}

pub fn run(args: FontsArgs) -> Exit {
    let mut out = term::stdout();
    let renderer =
        Renderer::with_options(args.templates.as_deref(), args.fonts.options(), PdfOptions::default());
    match renderer.and_then(|r| r.font_report(&args.locality)) {
        Ok(report) => {
            let _ = write!(out, "{report}");
            Exit::Ok
        }
        Err(e) => {
            let _ = writeln!(out, "错误：{e}");
            Exit::Usage
        }
    }
}
