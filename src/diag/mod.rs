//! Findings and the rules they are reported under, and their printing: rustc-style, with the source
//! line and a caret, or as JSON.
//!
//! This module sits below both the loader and the checks, which make findings; it depends on
//! nothing but [`crate::model`] (for [`Pos`](crate::model::Pos)).

mod finding;
mod rule;
mod source;

pub use finding::{Cell, Finding, Severity, has_errors, sort};
pub use rule::Rule;

use source::Source;
use std::borrow::Cow;
use std::collections::HashMap;
use std::fmt::Write;

/// Renders one finding:
/// ```text
/// 错误[T3-IDENT]: “科研机构”列：本年新收(2) + 上年结转(0) = 2，但办理结果总计(1) + 结转下年度(0) = 1
///   --> data.yaml:48:5
///    |
/// 48 |   本年新收: [0, 0, 2, 0, 0, 0]
///    |   ^
/// ```
/// A long message is cut ([`shorten`]), a long source line shown around the column only.
pub fn render(finding: &Finding, file: &str, source: Option<&str>) -> String {
    let mut out = String::new();
    render_into(&mut out, finding, file, source.map(Source::new).as_mut());
    out
}

fn render_into(out: &mut String, finding: &Finding, file: &str, source: Option<&mut Source>) {
    let _ = writeln!(out, "{}[{}]: {}", finding.severity.label(), finding.rule, shorten(&finding.message));
    if let Some(cell) = &finding.cell {
        let _ = writeln!(out, "  --> {file} {cell}");
        return;
    }
    let Some(pos) = finding.pos else {
        let _ = writeln!(out, "  --> {file}");
        return;
    };
    source_lines(out, file, source, pos.line, pos.col);
}

/// Appends ` --> file:line:col`, the source line and a caret under the column (1-based, in
/// characters). A line wider than 120 columns is shown around the column, “…” marking the cuts.
pub fn snippet(out: &mut String, file: &str, source: Option<&str>, line: u32, col: u32) {
    source_lines(out, file, source.map(Source::new).as_mut(), line, col);
}

fn source_lines(out: &mut String, file: &str, source: Option<&mut Source>, line: u32, col: u32) {
    let _ = writeln!(out, "  --> {file}:{line}:{col}");
    if let Some(shown) = source.and_then(|s| s.show(line, col)) {
        let num = line.to_string();
        let pad = " ".repeat(num.len());
        let _ = writeln!(out, "{pad} |");
        let _ = writeln!(out, "{num} | {}", shown.text);
        let _ = writeln!(out, "{pad} | {}^", " ".repeat(shown.caret));
    }
}

/// Characters of a message shown whole; a longer one keeps its start and its end.
pub const MESSAGE_CHARS: usize = 300;
const MESSAGE_HEAD: usize = 200;
const MESSAGE_TAIL: usize = 80;

/// `message` cut to its first 200 and last 80 characters when it is longer than
/// [`MESSAGE_CHARS`]: a value echoed in a message can be megabytes long (a 1 MB number), while
/// what the message says about it is at its start and end.
pub fn shorten(message: &str) -> Cow<'_, str> {
    // Not more bytes than the limit: not more characters either.
    if message.len() <= MESSAGE_CHARS {
        return Cow::Borrowed(message);
    }
    let total = message.chars().count();
    if total <= MESSAGE_CHARS {
        return Cow::Borrowed(message);
    }
    let head = message.char_indices().nth(MESSAGE_HEAD).map_or(message.len(), |(i, _)| i);
    let tail = message.char_indices().rev().nth(MESSAGE_TAIL - 1).map_or(0, |(i, _)| i);
    Cow::Owned(format!(
        "{}…（此处略去 {} 个字符，全文共 {total} 个字符）…{}",
        &message[..head],
        total - MESSAGE_HEAD - MESSAGE_TAIL,
        &message[tail..]
    ))
}

/// Terminal columns a string takes: CJK characters and full-width forms take two, combining marks
/// none (Unicode's East Asian Width; ambiguous characters such as “ ” count one, as most terminals
/// show them).
pub fn display_width(s: &str) -> usize {
    unicode_width::UnicodeWidthStr::width(s)
}

/// Findings of one rule shown in full per file; the rest are counted in one line.
pub const SHOWN_PER_RULE: usize = 50;

/// Renders every finding of one file, each followed by a blank line, in time linear in the
/// file's size and the findings' number. After [`SHOWN_PER_RULE`] findings of one rule, one line
/// says how many more of that rule there are: 80,000 findings of one rule, printed whole, were
/// gigabytes nobody reads.
pub fn render_all(findings: &[Finding], file: &str, source: Option<&str>) -> String {
    let mut of_rule: HashMap<Rule, usize> = HashMap::new();
    for f in findings {
        *of_rule.entry(f.rule).or_default() += 1;
    }
    let mut source = source.map(Source::new);
    let mut shown: HashMap<Rule, usize> = HashMap::new();
    let mut out = String::new();
    for f in findings {
        let n = shown.entry(f.rule).or_default();
        *n += 1;
        if *n > SHOWN_PER_RULE {
            continue;
        }
        render_into(&mut out, f, file, source.as_mut());
        out.push('\n');
        let total = of_rule[&f.rule];
        if *n == SHOWN_PER_RULE && total > SHOWN_PER_RULE {
            let _ = writeln!(
                out,
                "……另有 {} 条同类问题（{}）未逐条列出，本文件共 {total} 条\n",
                total - SHOWN_PER_RULE,
                f.rule
            );
        }
    }
    out
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
    let mut json = serde_json::json!({
        "file": file,
        "rule": finding.rule,
        "severity": finding.severity.as_str(),
        "line": finding.pos.map(|p| p.line),
        "column": finding.pos.map(|p| p.col),
        "message": shorten(&finding.message),
    });
    if let Some(cell) = &finding.cell {
        json["cell"] = serde_json::json!(cell);
    }
    json
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
    fn long_messages_keep_their_start_and_end() {
        assert_eq!(shorten("短消息"), "短消息");
        let exact = "数".repeat(MESSAGE_CHARS);
        assert_eq!(shorten(&exact), exact);
        let long = format!("“行政许可”的值“{}”超出范围", "9".repeat(1_000_000));
        let cut = shorten(&long);
        assert!(cut.starts_with("“行政许可”的值“999"), "{cut}");
        assert!(cut.ends_with("999”超出范围"), "{cut}");
        assert!(cut.contains("…（此处略去 999734 个字符，全文共 1000014 个字符）…"), "{cut}");
        assert_eq!(
            cut.chars().count() - "…（此处略去 999734 个字符，全文共 1000014 个字符）…".chars().count(),
            280
        );
    }

    #[test]
    fn fifty_findings_of_a_rule_are_shown_and_the_rest_counted() {
        let text = "a: 1\n".repeat(200);
        let mut findings: Vec<Finding> = (1..=120)
            .map(|line| Finding::new(Rule::T3Ident, Pos { line, col: 1 }, format!("第{line}行")))
            .collect();
        findings.push(Finding::new(Rule::ProNew, Pos { line: 150, col: 1 }, "另一条"));
        let shown = render_all(&findings, "d.yaml", Some(&text));
        assert_eq!(shown.matches("错误[T3-IDENT]").count(), SHOWN_PER_RULE);
        assert!(shown.contains("第50行\n") && !shown.contains("第51行\n"), "{shown}");
        assert_eq!(
            shown.matches("……另有 70 条同类问题（T3-IDENT）未逐条列出，本文件共 120 条\n\n").count(),
            1
        );
        assert!(
            shown.ends_with("警告[PRO-NEW]: 另一条\n  --> d.yaml:150:1\n    |\n150 | a: 1\n    | ^\n\n"),
            "{shown}"
        );
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
