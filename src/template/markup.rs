//! The line markup a template outputs, read into a [`Document`]; the escaping that keeps data out
//! of it; and the official-structure rule every rendered document must meet.
//!
//! # The markup
//!
//! Each non-blank line of the template's output is one item (leading and trailing spaces ignored):
//!
//! | line | becomes |
//! |---|---|
//! | `@title TEXT` | a title line; consecutive `@title` lines form one title of several lines |
//! | `@h1 TEXT` … `@h4 TEXT` | a heading of that level (TEXT includes its `一、` / `（一）` marker) |
//! | `@p TEXT`, or any line not starting with `@` | a body paragraph |
//! | `@runin N TEXT` | a run-in heading of level N, joined with the paragraph on the next line |
//! | `@table 二` / `三` / `四` | the official table of that section ([`crate::tables`]) |
//! | `@prose NAME` | a prose text of the report, parsed by [`prose_blocks`] |
//! | `@prose-part NAME K` / `@prose-body NAME K` | part K (1-based, split at `（一）` headings; 0 is the text before the first) with / without its heading |
//! | `@signature UNIT` then `@date DATE` | the signature block |
//!
//! Prose names: `overview` (一), `problems` (五), `other` (六 as one text), and the section 六 topics
//! `other.work_points`, `other.proposals`, `other.innovation`, `other.other`.
//!
//! # Data is never markup or template code
//!
//! Every `{{ value }}` is escaped by Tera's autoescape with [`escape_literal`]: the value is wrapped
//! in the private-use delimiters U+E000 … U+E001, which the markup parser reads as literal text (so
//! a value can never start a directive), with those two characters removed from the data and line
//! breaks turned into spaces (so a value can never start a new line). The `safe` filter is disabled
//! for the same reason. Prose comes in only through `@prose`, never through Tera, so Tera never sees
//! data as template code. Writers escape the resulting plain text for their own target.
//!
//! This module knows nothing of Tera or of template files: it reads text and returns positions in
//! it, and the store ([`super::Templates`]) names the file.

use std::io::Write;

use super::prose::{prose_blocks, prose_line, split_parts};
use super::topic_text;
use crate::diag::Rule;
use crate::doc::{Block, Document, Meta, Paragraph, Run, Table, TableKind};
use crate::model::{OTHER_TOPICS, Report};
use crate::tables;

/// Start and end of a literal (data) segment in the template's output.
pub const LIT_START: char = '\u{E000}';
pub const LIT_END: char = '\u{E001}';

/// Tera's escape function for this markup: data becomes one literal segment on one line.
pub fn escape_literal(input: &str, out: &mut dyn Write) -> std::io::Result<()> {
    let mut buf = String::with_capacity(input.len() + 6);
    buf.push(LIT_START);
    push_literal(&mut buf, input);
    buf.push(LIT_END);
    out.write_all(buf.as_bytes())
}

fn push_literal(buf: &mut String, input: &str) {
    for c in input.chars() {
        match c {
            LIT_START | LIT_END => {}
            '\r' | '\n' | '\u{2028}' | '\u{2029}' | '\u{85}' | '\u{b}' | '\u{c}' => buf.push(' '),
            c if c.is_control() && c != '\t' => {}
            c => buf.push(c),
        }
    }
}

/// The text a `@prose` name stands for; none for an unknown name.
fn prose_source<'a>(report: &'a Report, name: &str) -> Option<&'a str> {
    match name {
        "overview" => Some(&report.overview.text),
        "problems" => Some(&report.problems.text),
        "other" => Some(report.other.prose.as_ref().map_or("", |p| p.text.as_str())),
        "intro" => Some(report.intro.as_ref().map_or("", |p| p.text.as_str())),
        "other.fee_text" => Some(report.other.fee_text.as_ref().map_or("", |p| p.text.as_str())),
        _ => {
            let id = name.strip_prefix("other.")?;
            let (_, id, _) = OTHER_TOPICS.iter().find(|(_, i, _)| *i == id)?;
            Some(topic_text(&report.other, id).map_or("", |p| p.text.as_str()))
        }
    }
}

#[derive(Debug, PartialEq)]
enum Seg<'a> {
    Markup(&'a str),
    Literal(&'a str),
}

/// Splits one output line into markup and literal segments.
fn segments(line: &str) -> Result<Vec<Seg<'_>>, String> {
    let mut out = Vec::new();
    let mut rest = line;
    while !rest.is_empty() {
        match rest.find(LIT_START) {
            Some(start) => {
                if start > 0 {
                    out.push(Seg::Markup(&rest[..start]));
                }
                let after = &rest[start + LIT_START.len_utf8()..];
                let end = after.find(LIT_END).ok_or("数据值没有结束标记（模板内部错误）")?;
                out.push(Seg::Literal(&after[..end]));
                rest = &after[end + LIT_END.len_utf8()..];
            }
            None => {
                out.push(Seg::Markup(rest));
                rest = "";
            }
        }
    }
    Ok(out)
}

fn seg_text(segs: &[Seg<'_>]) -> String {
    let mut s = String::new();
    for seg in segs {
        match seg {
            // Stray delimiters in template text are dropped like in data.
            Seg::Markup(m) => s.extend(m.chars().filter(|c| *c != LIT_END)),
            Seg::Literal(l) => s.push_str(l),
        }
    }
    s.trim().to_string()
}

/// Parses the template's output into a document; errors are (1-based output line, message).
pub fn parse_markup(markup: &str, report: &Report, draft: bool) -> Result<Document, (usize, String)> {
    let mut blocks: Vec<Block> = Vec::new();
    let mut tables: Option<[Table; 3]> = None;
    let mut pending_runin: Option<(u8, String, usize)> = None;

    for (i, raw) in markup.lines().enumerate() {
        let lineno = i + 1;
        let mut segs = segments(raw).map_err(|m| (lineno, m))?;
        if let Some(Seg::Markup(m)) = segs.first_mut() {
            *m = m.trim_start();
        }
        let directive = match segs.first() {
            Some(Seg::Markup(m)) if m.starts_with('@') => {
                let end = m.find(char::is_whitespace).unwrap_or(m.len());
                let word = &m[1..end];
                segs[0] = Seg::Markup(&m[end..]);
                Some(word)
            }
            _ => None,
        };
        let text = seg_text(&segs);
        if directive.is_none() && text.is_empty() {
            continue;
        }
        if let Some((level, head, _)) = pending_runin.take() {
            if directive.is_some_and(|d| d != "p") {
                return Err((lineno, "“@runin”之后应紧跟一个段落".into()));
            }
            let mut runs = vec![Run::heading(level, head)];
            if !text.is_empty() {
                runs.push(Run::plain(text));
            }
            blocks.push(Block::Paragraph(Paragraph { runs }));
            continue;
        }
        match directive {
            None | Some("p") => {
                if !text.is_empty() {
                    blocks.push(Block::Paragraph(Paragraph::plain(text)));
                }
            }
            Some("title") => match blocks.last_mut() {
                Some(Block::Title(lines)) => lines.push(text),
                _ => blocks.push(Block::Title(vec![text])),
            },
            Some(h @ ("h1" | "h2" | "h3" | "h4")) => {
                let level = h.as_bytes()[1] - b'0';
                blocks.push(Block::Heading { level, text });
            }
            Some("runin") => {
                let (level, head) = text.split_once(char::is_whitespace).unwrap_or((&text, ""));
                let level = match level {
                    "1" => 1,
                    "2" => 2,
                    "3" => 3,
                    "4" => 4,
                    _ => return Err((lineno, format!("“@runin”的级别应为 1–4，而不是“{level}”"))),
                };
                pending_runin = Some((level, head.trim().to_string(), lineno));
            }
            Some("table") => {
                let idx = match text.as_str() {
                    "二" | "2" => 0,
                    "三" | "3" => 1,
                    "四" | "4" => 2,
                    _ => return Err((lineno, format!("没有“{text}”号统计表：只有 二、三、四"))),
                };
                let all = tables.get_or_insert_with(|| tables::build(report));
                blocks.push(Block::Table(all[idx].clone()));
            }
            Some(d @ ("prose" | "prose-part" | "prose-body")) => {
                let mut args = text.split_whitespace();
                let name = args.next().unwrap_or("");
                let src =
                    prose_source(report, name).ok_or_else(|| (lineno, format!("没有名为“{name}”的正文")))?;
                if d == "prose" {
                    blocks.extend(prose_blocks(src));
                    continue;
                }
                let k: usize = args
                    .next()
                    .and_then(|k| k.parse().ok())
                    .ok_or_else(|| (lineno, format!("“@{d}”需要部分序号，如“@{d} {name} 1”")))?;
                let parts = split_parts(src);
                let Some(part) = parts.get(k) else { continue };
                let mut lines = part.lines.iter();
                if d == "prose-body" && part.heading.is_some() {
                    // Drop the heading line; keep what a run-in heading line goes on with.
                    if let Some(first) = lines.next()
                        && let Block::Paragraph(p) = prose_line(first)
                        && p.runs.len() == 2
                    {
                        blocks.push(Block::Paragraph(Paragraph::plain(p.runs[1].text.clone())));
                    }
                }
                blocks.extend(lines.map(|l| prose_line(l)));
            }
            Some("signature") => blocks.push(Block::Signature { unit: text, date: String::new() }),
            Some("date") => match blocks.last_mut() {
                Some(Block::Signature { date, .. }) if date.is_empty() => *date = text,
                _ => blocks.push(Block::Signature { unit: String::new(), date: text }),
            },
            Some(other) => return Err((lineno, format!("未知的标记“@{other}”"))),
        }
    }
    if let Some((_, _, line)) = pending_runin {
        return Err((line, "“@runin”之后应紧跟一个段落".into()));
    }
    let title = blocks
        .iter()
        .find_map(|b| match b {
            Block::Title(lines) => Some(lines.concat()),
            _ => None,
        })
        .unwrap_or_else(|| report.title());
    Ok(Document {
        meta: Meta { title, author: report.agency.value.clone(), language: "zh-CN".into(), draft },
        blocks,
    })
}

/// The six numbered sections in order (a locality may word their titles its own way), and the
/// tables of sections 二, 三 and 四 each once, in its section ([`Rule::SSix`], [`Rule::STables`]).
/// Prose may hold further numbered headings; only the first 一、…六、 sequence counts.
pub fn official_structure(doc: &Document) -> Result<(), (Rule, String)> {
    const NUMERALS: [&str; 6] = ["一、", "二、", "三、", "四、", "五、", "六、"];
    let tables = [(1, TableKind::Proactive), (2, TableKind::Requests), (3, TableKind::Appeals)];
    let mut section: Option<usize> = None;
    let mut seen: Vec<(usize, TableKind)> = Vec::new();
    for block in &doc.blocks {
        match block {
            Block::Heading { level: 1, text } => {
                let next = section.map_or(0, |s| s + 1);
                if NUMERALS.get(next).is_some_and(|n| text.trim_start().starts_with(n)) {
                    section = Some(next);
                }
            }
            Block::Table(t) => match section {
                Some(s) => seen.push((s, t.kind)),
                None => return Err((Rule::STables, "统计表出现在“一、”之前".into())),
            },
            _ => {}
        }
    }
    let reached = section.map_or(0, |s| s + 1);
    if reached < NUMERALS.len() {
        return Err((
            Rule::SSix,
            format!(
                "缺少以“{}”开头的一级标题（六个部分应依次为一、至六、，每个都用 @h1 写出）",
                NUMERALS[reached]
            ),
        ));
    }
    for (s, kind) in tables {
        let count = seen.iter().filter(|(_, k)| *k == kind).count();
        let placed = seen.iter().any(|(at, k)| *k == kind && *at == s);
        if count != 1 || !placed {
            return Err((
                Rule::STables,
                format!(
                    "第{}部分应有且只有一张法定统计表（@table {}）",
                    &NUMERALS[s][..3],
                    &NUMERALS[s][..3]
                ),
            ));
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Edition;
    use crate::tables::tests::sample;

    #[test]
    fn data_cannot_become_markup() {
        let mut out = Vec::new();
        escape_literal("x\n@h1 注入\u{E001}@table 三", &mut out).unwrap();
        let line = format!("@p 前{}后", String::from_utf8(out).unwrap());
        let r = sample(Edition::E2021, |_, _| 0);
        let doc = parse_markup(&line, &r, false).unwrap();
        assert_eq!(doc.blocks, vec![Block::Paragraph(Paragraph::plain("前x @h1 注入@table 三后"))]);
        // A value at the start of a line is still literal text.
        let mut out = Vec::new();
        escape_literal("@h1 标题", &mut out).unwrap();
        let doc = parse_markup(&String::from_utf8(out).unwrap(), &r, false).unwrap();
        assert_eq!(doc.blocks, vec![Block::Paragraph(Paragraph::plain("@h1 标题"))]);
    }
}
