//! What can go wrong with a template, in Chinese, located in the template's file: [`TemplateError`],
//! and the translation of Tera's own (English) messages for the mistakes template writers make most.
//!
//! This module only builds errors; it never prints them and never decides an exit code (the command
//! line maps every [`TemplateError`] to exit code 2).

use std::path::PathBuf;
use std::sync::LazyLock;

use regex::Regex;
use tera::ErrorKind;

use super::Templates;
use crate::diag::Rule;

#[derive(Debug, thiserror::Error)]
pub enum TemplateError {
    /// A Tera syntax or rendering error, located in a template file.
    #[error("模板有误：{message}\n{snippet}")]
    Tera { file: String, line: usize, col: usize, message: String, snippet: String },
    /// A Tera error without a position (missing parent, circular extends, …).
    #[error("模板有误（{file}）：{message}")]
    TeraOther { file: String, message: String },
    #[error("没有名为“{name}”的地区模板；可用的地区：{available}")]
    UnknownLocality { name: String, available: String },
    #[error("模板“{file}”输出的第 {line} 行有误：{message}")]
    Markup { file: String, line: usize, message: String },
    #[error("无法读取模板 {}：{}", path.display(), crate::diag::io_reason(.source))]
    Read { path: PathBuf, source: std::io::Error },
    #[error("模板文件 {} 不是 UTF-8 编码", path.display())]
    NotUtf8 { path: PathBuf },
    #[error("无法写出模板 {}：{}", path.display(), crate::diag::io_reason(.source))]
    Write { path: PathBuf, source: std::io::Error },
    #[error("{} 已存在，未覆盖；确需覆盖请加 --force", path.display())]
    Exists { path: PathBuf },
    #[error("样式文件 {file} 有误：{message}")]
    Style { file: String, message: String },
    /// The template's report lacks a section or table the national format requires
    /// ([`Rule::SSix`], [`Rule::STables`]).
    #[error("模板“{file}”生成的报告不符合国家规定的格式：{message}")]
    Structure { file: String, rule: Rule, message: String },
    /// The template's output grew past [`MAX_OUTPUT_BYTES`](super::MAX_OUTPUT_BYTES): a loop that
    /// runs far more often than a report needs, stopped instead of filling the memory.
    #[error(
        "模板“{file}”输出的内容超过 {} MB，已停止生成：是否写了次数过多或嵌套的循环（如 range(end=100000)）？",
        limit / (1024 * 1024)
    )]
    TooLarge { file: String, limit: usize },
}

impl Templates {
    /// A Tera error as a [`TemplateError`] located in the user's file (or the built-in one);
    /// `fallback` names the template being rendered, for errors without a location.
    pub(super) fn tera_error(&self, e: tera::Error, fallback: Option<&str>) -> TemplateError {
        let fallback = fallback.map(|f| self.display(f)).unwrap_or_else(|| "模板".into());
        match e.kind() {
            ErrorKind::SyntaxError(r) | ErrorKind::RenderingError(r) => {
                let file = self.display(r.filename());
                let (line, col) = (r.span().start_line, r.span().start_col + 1);
                let mut snippet = String::new();
                let source = self.files.get(r.filename()).map(|s| s.text.as_str());
                crate::diag::snippet(&mut snippet, &file, source, line as u32, col as u32);
                TemplateError::Tera { file, line, col, message: tera_message(r.message()), snippet }
            }
            ErrorKind::MissingParent { current, parent } => TemplateError::TeraOther {
                file: self.display(current),
                message: format!("继承的模板“{parent}”不存在"),
            },
            ErrorKind::CircularExtend { tpl, inheritance_chain } => TemplateError::TeraOther {
                file: self.display(tpl),
                message: format!("模板循环继承：{}", inheritance_chain.join(" → ")),
            },
            ErrorKind::TemplateNotFound(name) => {
                TemplateError::TeraOther { file: fallback, message: format!("找不到模板“{name}”") }
            }
            _ => {
                // Aggregated reports name templates by their internal name: show the files.
                let mut message: String = e
                    .to_string()
                    .lines()
                    .map(|l| l.strip_prefix("error: ").map_or_else(|| l.to_string(), tera_message))
                    .collect::<Vec<_>>()
                    .join("\n");
                for name in self.files.keys() {
                    message =
                        message.replace(&format!("--> {name}:"), &format!("--> {}:", self.display(name)));
                }
                TemplateError::TeraOther { file: fallback, message }
            }
        }
    }
}

/// Tera's message in Chinese for the mistakes template writers make most; others stay as Tera
/// wrote them.
fn tera_message(english: &str) -> String {
    static PATTERNS: LazyLock<Vec<(Regex, &str)>> = LazyLock::new(|| {
        [
            (r"^Found (.+?) but (?:expected|was expecting) (.+?)\.?$", "这里是 $1，应为 $2"),
            (r"^Unexpected end of input", "模板在此意外结束：是否少写了 }}、%} 或 {% end… %}？"),
            (r"^Variable `(.+?)` is not defined", "变量“$1”不存在（可用的变量见使用手册“模板与地区”）"),
            (r"^Variable `(.+?)` exists but its value is undefined", "变量“$1”没有值"),
            (r"^Field `(.+?)` is not defined", "字段“$1”不存在（可用的变量见使用手册“模板与地区”）"),
            (r"^Unknown filter `(.+?)`", "没有名为“$1”的过滤器"),
            (r"^Unknown tag", "不认识的标签"),
            (r"^Closing tag '(.+?)' doesn't match opening tag '(.+?)'", "结束标签“$1”与开始标签“$2”不匹配"),
        ]
        .into_iter()
        .filter_map(|(re, zh)| Regex::new(re).ok().map(|re| (re, zh)))
        .collect()
    });
    // Tera's own messages are English; a message that starts otherwise is one of xxgk's functions
    // (or a template's `throw`), and is shown as written.
    if english.chars().next().is_some_and(|c| !c.is_ascii()) {
        return english.to_string();
    }
    for (re, zh) in PATTERNS.iter() {
        if let Some(caps) = re.captures(english) {
            let mut out = String::new();
            caps.expand(zh, &mut out);
            return out;
        }
    }
    format!("{english}（Tera 模板引擎的提示）")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn common_tera_messages_are_chinese() {
        assert_eq!(tera_message("Variable `titel` is not defined"), tera_message_zh("titel"));
        assert_eq!(tera_message("Unknown filter `upcase`"), "没有名为“upcase”的过滤器");
        assert!(tera_message("Something new").ends_with("（Tera 模板引擎的提示）"));
        assert_eq!(tera_message("函数 range() 的 step_by 不能为 0"), "函数 range() 的 step_by 不能为 0");
    }

    fn tera_message_zh(name: &str) -> String {
        format!("变量“{name}”不存在（可用的变量见使用手册“模板与地区”）")
    }
}
