//! Findings printed rustc-style, with the source line and a caret, or as JSON.

use crate::check::{Finding, Severity};
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

/// Terminal columns a string takes: CJK characters and full-width forms take two.
pub fn display_width(s: &str) -> usize {
    s.chars()
        .map(|c| {
            let c = c as u32;
            let wide = matches!(c,
                0x1100..=0x115F | 0x2E80..=0x303E | 0x3041..=0x33FF | 0x3400..=0x4DBF | 0x4E00..=0x9FFF
                | 0xA000..=0xA4CF | 0xAC00..=0xD7A3 | 0xF900..=0xFAFF | 0xFE30..=0xFE4F | 0xFF00..=0xFF60
                | 0xFFE0..=0xFFE6 | 0x20000..=0x3FFFD);
            if wide { 2 } else { 1 }
        })
        .sum()
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Pos;

    #[test]
    fn caret_under_the_column_with_wide_characters() {
        let f = Finding::error("T3-IDENT", Pos { line: 2, col: 6 }, "消息");
        let text = "a: 1\n申请: [1, 2]\n";
        let shown = render(&f, "d.yaml", Some(text));
        assert!(shown.contains("  --> d.yaml:2:6\n"), "{shown}");
        assert!(shown.contains("2 | 申请: [1, 2]\n"), "{shown}");
        // 申请 is 4 columns wide, then ": [" 3 more: the caret sits under "1".
        assert!(shown.ends_with(&format!(" | {}^\n", " ".repeat(7))), "{shown:?}");
    }
}
