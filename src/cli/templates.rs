//! `xxgk templates list|export`.

use super::{Exit, term};
use std::io::Write;
use std::path::PathBuf;
use xxgk::Renderer;
use xxgk::template::{BUILTIN_DESCRIPTIONS, Origin};

#[derive(clap::Subcommand)]
pub enum TemplatesAction {
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

pub fn run(action: TemplatesAction) -> Exit {
    match action {
        TemplatesAction::List { templates } => list(templates),
        TemplatesAction::Export { name, dir, templates, force } => export(&name, dir, templates, force),
    }
}

/// The localities available, built in or from `--templates` (stdout).
fn list(templates: Option<PathBuf>) -> Exit {
    let mut out = term::stdout();
    let renderer = match Renderer::new(templates.as_deref()) {
        Ok(r) => r,
        Err(e) => {
            let _ = writeln!(out, "错误：{e}");
            return Exit::Usage;
        }
    };
    for (locality, origin) in renderer.templates.localities() {
        let about = BUILTIN_DESCRIPTIONS.iter().find(|(l, _)| *l == locality).map_or("", |(_, d)| d);
        let from = match origin {
            Origin::BuiltIn => "内置".to_string(),
            Origin::User(p) => p.display().to_string(),
        };
        let _ = writeln!(out, "{locality:<10} {from}  {about}");
    }
    Exit::Ok
}

/// Writes `DIR/NAME/report.tera` and `style.yaml` (messages on stderr).
fn export(name: &str, dir: PathBuf, templates: Option<PathBuf>, force: bool) -> Exit {
    let mut err = term::stderr();
    let result =
        Renderer::new(templates.as_deref()).and_then(|r| Ok(r.templates.export(name, &dir, force)?));
    match result {
        Ok(files) => {
            for f in &files {
                let _ = writeln!(err, "已导出：{}", f.display());
            }
            let _ = writeln!(err, "修改后用 --templates {} 生成报告", dir.display());
            Exit::Ok
        }
        Err(e) => {
            let _ = writeln!(err, "错误：{e}");
            Exit::Usage
        }
    }
}
