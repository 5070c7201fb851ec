//! Markdown writer: CommonMark that GitHub and common CMS editors render. The merged official
//! tables are HTML `<table>` blocks with rowspan/colspan (Markdown tables cannot merge cells);
//! run-in headings are `<strong>` (CommonMark's `**` does not close after `。` before a CJK letter).

use crate::doc::{Block, DRAFT_MARK, Document, Paragraph};
use crate::write::{Output, Setup, WriteError, Writer, html};

/// Markdown: the setup does not matter (the reader's editor lays the text out).
#[derive(Debug, Clone, Copy, Default)]
pub struct MarkdownWriter;

impl Writer for MarkdownWriter {
    fn write(&self, doc: &Document, _setup: &Setup<'_>) -> Result<Output, WriteError> {
        Ok(Output::plain(render(doc)))
    }
}

/// Escapes text for a Markdown paragraph or heading so that it renders literally: inline
/// punctuation with a backslash, `&`/`<`/`>` for HTML, and what would start a block at line start.
pub fn escape(s: &str, out: &mut String) {
    escape_from(s, true, out);
}

/// As [`escape`]; `line_start` says whether `s` begins a line (where block markers matter).
fn escape_from(s: &str, line_start: bool, out: &mut String) {
    let mut at_start = line_start;
    let mut digits = 0usize;
    for c in s.chars() {
        match c {
            '\\' | '`' | '*' | '_' | '[' | ']' | '#' | '|' | '~' | '$' | '!' => {
                out.push('\\');
                out.push(c);
            }
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            // Block starts: `- x`, `+ x`, `= ` (setext), `1. x`, `1) x`.
            '-' | '+' | '=' if at_start => {
                out.push('\\');
                out.push(c);
            }
            '.' | ')' if digits > 0 && at_start => {
                out.push('\\');
                out.push(c);
            }
            c => out.push(c),
        }
        if c.is_ascii_digit() && at_start {
            digits += 1;
        } else {
            at_start = false;
        }
    }
}

fn esc(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 8);
    escape(s, &mut out);
    out
}

fn escape_html(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 8);
    super::escape_xml(s, &mut out);
    out
}

fn paragraph(p: &Paragraph, out: &mut String) {
    for (i, run) in p.runs.iter().enumerate() {
        match run.heading {
            Some(_) => {
                out.push_str("<strong>");
                out.push_str(&escape_html(&run.text));
                out.push_str("</strong>");
            }
            None => {
                // Web addresses become CommonMark autolinks `<…>`, so that GitHub's extended
                // autolinking does not run on into the Chinese text after them.
                for (j, (is_url, part)) in html::split_urls(&run.text).into_iter().enumerate() {
                    if is_url && !part.contains(['&', '<', '>', ' ']) {
                        out.push('<');
                        out.push_str(part);
                        out.push('>');
                    } else {
                        escape_from(part, i == 0 && j == 0, out);
                    }
                }
            }
        }
    }
}

/// Renders the document as Markdown.
fn render(doc: &Document) -> String {
    let mut out = String::with_capacity(24 * 1024);
    if doc.meta.draft {
        out.push_str("> **");
        out.push_str(&esc(DRAFT_MARK));
        out.push_str("**\n\n");
    }
    for block in &doc.blocks {
        match block {
            Block::Title(lines) => {
                out.push_str("# ");
                out.push_str(&esc(&lines.concat()));
                out.push_str("\n\n");
            }
            Block::Heading { level, text } => {
                for _ in 0..=(*level).clamp(1, 4) {
                    out.push('#');
                }
                out.push(' ');
                out.push_str(&esc(text));
                out.push_str("\n\n");
            }
            Block::Paragraph(p) => {
                let mut line = String::new();
                paragraph(p, &mut line);
                out.push_str(&line);
                out.push_str("\n\n");
            }
            Block::Table(t) => {
                html::table(t, false, &mut out);
                out.push('\n');
            }
            Block::Signature { unit, date } => {
                out.push_str("<p align=\"right\">");
                out.push_str(&escape_html(unit));
                if !unit.is_empty() && !date.is_empty() {
                    out.push_str("<br>");
                }
                out.push_str(&escape_html(date));
                out.push_str("</p>\n\n");
            }
        }
    }
    while out.ends_with("\n\n") {
        out.pop();
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markdown_specials_are_escaped() {
        let e = |s: &str| {
            let mut o = String::new();
            escape(s, &mut o);
            o
        };
        assert_eq!(e("*强调* #号 |竖线| [x](y)"), r"\*强调\* \#号 \|竖线\| \[x\](y)");
        assert_eq!(e("<script>&"), "&lt;script&gt;&amp;");
        assert_eq!(e("1. 列表"), r"1\. 列表");
        assert_eq!(e("2019.5"), r"2019\.5");
        assert_eq!(e("- 项"), r"\- 项");
        assert_eq!(e("共3.5万元"), "共3.5万元");
        assert_eq!(e("{{ x }} {% if %}"), "{{ x }} {% if %}");
    }
}
