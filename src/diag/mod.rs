//! Findings and the rules they are reported under, and their printing: rustc-style, with the source
//! line and a caret, or as JSON.
//!
//! This module sits below both the loader and the checks, which make findings; it depends on
//! nothing but [`crate::model`] (for [`Pos`](crate::model::Pos)).

mod finding;
mod rule;

pub use finding::{Finding, Severity, has_errors, sort};
pub use rule::Rule;

use std::fmt::Write;

/// Renders one finding:
/// ```text
/// 错误[T3-IDENT]: “科研机构”列：本年新收(2) + 上年结转(0) = 2，但办理结果总计(1) + 结转下年度(0) = 1
///   --> data.yaml:48:5
///    |
/// 48 |   本年新收: [0, 0, 2, 0, 0, 0]
///    |   ^
/// ```
pub fn render(finding: &Finding, file: &str, source: Option<&str>) -> String {
    let mut out = format!("{finding}\n");
    let Some(pos) = finding.pos else {
        let _ = writeln!(out, "  --> {file}");
        return out;
    };
    snippet(&mut out, file, source, pos.line, pos.col);
    out
}

/// Appends ` --> file:line:col`, the source line and a caret under the column (1-based, in
/// characters).
pub fn snippet(out: &mut String, file: &str, source: Option<&str>, line: u32, col: u32) {
    let _ = writeln!(out, "  --> {file}:{line}:{col}");
    let text = source.and_then(|s| s.lines().nth(line.saturating_sub(1) as usize));
    if let Some(text) = text {
        let num = line.to_string();
        let pad = " ".repeat(num.len());
        let text = text.trim_end();
        let before: String = text.chars().take(col.saturating_sub(1) as usize).collect();
        let _ = writeln!(out, "{pad} |");
        let _ = writeln!(out, "{num} | {text}");
        let _ = writeln!(out, "{pad} | {}^", " ".repeat(display_width(&before)));
    }
}

/// Terminal columns a string takes: CJK characters and full-width forms take two, combining marks
/// none (Unicode's East Asian Width; ambiguous characters such as “ ” count one, as most terminals
/// show them).
pub fn display_width(s: &str) -> usize {
    unicode_width::UnicodeWidthStr::width(s)
}

/// Renders all findings of one file.
/// Renders every finding of one file, each followed by a blank line.
pub fn render_all(findings: &[Finding], file: &str, source: Option<&str>) -> String {
    findings.iter().map(|f| render(f, file, source) + "\n").collect()
}

/// Counts per severity.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct Tally {
    pub errors: usize,
    pub warnings: usize,
    pub infos: usize,
}

impl Tally {
    pub fn add(&mut self, findings: &[Finding]) {
        for f in findings {
            match f.severity {
                Severity::Error => self.errors += 1,
                Severity::Warning => self.warnings += 1,
                Severity::Info => self.infos += 1,
            }
        }
    }
}

/// One finding as a JSON object (for `--format json`).
pub fn to_json(finding: &Finding, file: &str) -> serde_json::Value {
    serde_json::json!({
        "file": file,
        "rule": finding.rule,
        "severity": finding.severity.as_str(),
        "line": finding.pos.map(|p| p.line),
        "column": finding.pos.map(|p| p.col),
        "message": finding.message,
    })
}

/// Why a file could not be read or written, in words a clerk can act on. The operating system's
/// own message (English on most systems) is kept only for rare causes, and without the temporary
/// file's name that the writer's error carries.
pub fn io_reason(e: &std::io::Error) -> String {
    use std::io::ErrorKind as K;
    match e.kind() {
        K::NotFound => "文件或文件夹不存在".into(),
        K::PermissionDenied => "没有权限（文件是否只读，或正在 Word/WPS 中打开？）".into(),
        K::ResourceBusy => "文件正被其他程序占用（是否正在 Word/WPS 中打开？关闭后再试）".into(),
        K::AlreadyExists => "文件已存在".into(),
        K::StorageFull => "磁盘空间不足".into(),
        K::ReadOnlyFilesystem => "所在磁盘或文件夹只读".into(),
        K::NotADirectory => "路径中有一级不是文件夹".into(),
        K::IsADirectory => "这是一个文件夹".into(),
        K::InvalidFilename => "文件名无效（太长，或含有不允许的字符）".into(),
        // `ErrorKind::FilesystemLoop` is not stable yet; its name is.
        k if format!("{k:?}") == "FilesystemLoop" => "符号链接形成了循环（链接直接或间接指向自己）".into(),
        // tempfile wraps the OS error to add its temporary path; show the OS error alone.
        _ => std::error::Error::source(e).map_or_else(|| e.to_string(), ToString::to_string),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Pos;

    #[test]
    fn caret_under_the_column_with_wide_characters() {
        let f = Finding::new(Rule::T3Ident, Pos { line: 2, col: 6 }, "消息");
        let text = "a: 1\n申请: [1, 2]\n";
        let shown = render(&f, "d.yaml", Some(text));
        assert!(shown.contains("  --> d.yaml:2:6\n"), "{shown}");
        assert!(shown.contains("2 | 申请: [1, 2]\n"), "{shown}");
        // 申请 is 4 columns wide, then ": [" 3 more: the caret sits under "1".
        assert!(shown.ends_with(&format!(" | {}^\n", " ".repeat(7))), "{shown:?}");
    }

    #[test]
    fn display_width_counts_terminal_columns() {
        assert_eq!(display_width("申请: [1"), 8);
        // Full-width punctuation is wide; curly quotes are ambiguous and count one.
        assert_eq!(display_width("（一），“x”"), 11);
        // A combining mark and a byte order mark take no column; an emoji takes two.
        assert_eq!(display_width("e\u{301}\u{feff}😀"), 3);
    }

    #[test]
    fn io_reasons_are_chinese_and_drop_the_temporary_path() {
        use std::io::{Error, ErrorKind};
        assert_eq!(io_reason(&Error::from(ErrorKind::NotFound)), "文件或文件夹不存在");
        assert!(io_reason(&Error::from(ErrorKind::StorageFull)).contains("磁盘空间不足"));
        // A rare cause keeps the OS message, without the wrapper that names tempfile's path.
        #[derive(Debug)]
        struct AtPath(Error);
        impl std::fmt::Display for AtPath {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                write!(f, "{} at path \"/out/.xxgk-abc.tmp\"", self.0)
            }
        }
        impl std::error::Error for AtPath {
            fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
                Some(&self.0)
            }
        }
        let wrapped = Error::other(AtPath(Error::other("quota exceeded")));
        assert_eq!(io_reason(&wrapped), "quota exceeded");
    }
}
