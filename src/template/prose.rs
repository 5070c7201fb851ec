//! Prose splitting: how the free text of a report section (一、总体情况, 五, 六) becomes headings and
//! paragraphs, and where its `（一）` parts begin.
//!
//! These are pure functions of the text, with no template, style or file in sight, so that other
//! readers of prose (the checks, an importer reading an existing report) can share them. They must
//! stay that way: no Tera, no [`Report`](crate::model::Report), no I/O.
//!
//! The rules are those of the book (数据文件 › 书写规则, `book/src/data.md`): every non-empty line is a
//! paragraph; a line starting with `一、`, `（一）`, `1.` or `（1）` is a heading of level 1–4; a
//! numbered line that goes on after its first `。` is a run-in heading with its paragraph.

use crate::doc::{Block, Paragraph, Run};

/// The numbering marker at the start of a prose line: (level, marker length in bytes).
/// `一、` level 1, `（一）` level 2, `1.`/`1．` level 3, `（1）` level 4; ASCII parentheses are
/// accepted too, since text pasted from Word mixes them (`(四）`).
pub fn heading_marker(line: &str) -> Option<(u8, usize)> {
    const CN: &str = "一二三四五六七八九十百零〇";
    let mut chars = line.char_indices().peekable();
    let (_, first) = *chars.peek()?;
    if first == '（' || first == '(' {
        chars.next();
        let mut kind = None;
        for (count, (i, c)) in chars.enumerate() {
            if c == '）' || c == ')' {
                return match (kind, count) {
                    (Some(level), 1..=3) => Some((level, i + c.len_utf8())),
                    _ => None,
                };
            }
            let k = if CN.contains(c) {
                2
            } else if c.is_ascii_digit() || ('０'..='９').contains(&c) {
                4
            } else {
                return None;
            };
            if kind.is_some_and(|l| l != k) {
                return None;
            }
            kind = Some(k);
        }
        return None;
    }
    if CN.contains(first) {
        for (count, (i, c)) in chars.enumerate() {
            if c == '、' && count > 0 && count <= 3 {
                return Some((1, i + c.len_utf8()));
            }
            if !CN.contains(c) {
                return None;
            }
        }
        return None;
    }
    let mut count = 0;
    while let Some(&(i, c)) = chars.peek() {
        if c.is_ascii_digit() || ('０'..='９').contains(&c) {
            count += 1;
            chars.next();
            continue;
        }
        if (c == '.' || c == '．') && (1..=2).contains(&count) {
            chars.next();
            let next = chars.peek().map(|&(_, n)| n);
            return match next {
                Some(n) if !n.is_ascii_digit() && !('０'..='９').contains(&n) => {
                    Some((3, i + c.len_utf8()))
                }
                _ => None,
            };
        }
        return None;
    }
    None
}

/// One prose line as a block: a heading, a run-in heading paragraph, or a plain paragraph.
pub fn prose_line(line: &str) -> Block {
    match heading_marker(line) {
        Some((level, len)) => {
            // A numbered line that goes on after its first 。 is a run-in heading.
            if let Some(p) = line[len..].find('。').map(|p| len + p + '。'.len_utf8()) {
                let rest = line[p..].trim();
                if !rest.is_empty() {
                    return Block::Paragraph(Paragraph {
                        runs: vec![Run::heading(level, &line[..p]), Run::plain(rest)],
                    });
                }
            }
            Block::Heading { level, text: line.to_string() }
        }
        None => Block::Paragraph(Paragraph::plain(line)),
    }
}

/// Prose → blocks (the book, 数据文件 › 书写规则): every non-empty line a paragraph; numbered
/// lines headings of their level.
pub fn prose_blocks(text: &str) -> Vec<Block> {
    text.lines().map(str::trim).filter(|l| !l.is_empty()).map(prose_line).collect()
}

/// One part of a prose text, split at its level-2 (`（一）`) lines.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Part<'a> {
    /// (normalised marker `（一）`, heading text without marker and final `。`); none for part 0.
    pub heading: Option<(String, String)>,
    /// The part's non-empty lines, trimmed, its heading line first.
    pub lines: Vec<&'a str>,
}

/// Splits prose at its level-2 lines: part 0 is the text before the first, then one part each.
pub fn split_parts(text: &str) -> Vec<Part<'_>> {
    let mut parts = vec![Part { heading: None, lines: Vec::new() }];
    for line in text.lines().map(str::trim).filter(|l| !l.is_empty()) {
        if let Some((2, len)) = heading_marker(line) {
            let inner: String =
                line[..len].chars().filter(|c| !matches!(c, '（' | '(' | '）' | ')')).collect();
            let rest = &line[len..];
            let head = rest.split_once('。').map_or(rest, |(h, _)| h).trim().to_string();
            parts.push(Part { heading: Some((format!("（{inner}）"), head)), lines: vec![line] });
        } else if let Some(last) = parts.last_mut() {
            last.lines.push(line);
        }
    }
    parts
}

/// Chinese numerals for markers: 1 → 一, 12 → 十二, 20 → 二十.
pub fn cn_number(n: usize) -> String {
    const D: [&str; 10] = ["零", "一", "二", "三", "四", "五", "六", "七", "八", "九"];
    match n {
        0..=9 => D[n].into(),
        10..=19 => format!("十{}", if n == 10 { "" } else { D[n - 10] }),
        20..=99 => format!("{}十{}", D[n / 10], if n.is_multiple_of(10) { "" } else { D[n % 10] }),
        _ => n.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markers_give_levels() {
        let cases = [
            ("一、总体情况", Some(1)),
            ("十二、其他", Some(1)),
            ("（一）强化组织领导", Some(2)),
            ("(四）公开政府信息", Some(2)),
            ("1.属于国家秘密", Some(3)),
            ("2．重复申请", Some(3)),
            ("（1）细项", Some(4)),
            ("一是提高认识", None),
            ("2019年，区科技局", None),
            ("2019.5月", None),
            ("3.5万元", None),
            ("（本列数据）", None),
        ];
        for (line, want) in cases {
            assert_eq!(heading_marker(line).map(|(l, _)| l), want, "{line}");
        }
    }

    #[test]
    fn run_in_heading_splits_at_first_full_stop() {
        let blocks = prose_blocks("（一）主动公开情况。本年度公开信息84条。\n（二）强化组织领导\n正文。");
        assert_eq!(
            blocks[0],
            Block::Paragraph(Paragraph {
                runs: vec![Run::heading(2, "（一）主动公开情况。"), Run::plain("本年度公开信息84条。")]
            })
        );
        assert_eq!(blocks[1], Block::Heading { level: 2, text: "（二）强化组织领导".into() });
        assert_eq!(blocks[2], Block::Paragraph(Paragraph::plain("正文。")));
    }

    #[test]
    fn parts_split_at_level_two_lines() {
        let parts = split_parts("引言。\n(一）组织领导。加强了。\n正文。\n（二）平台建设\n");
        assert_eq!(parts.len(), 3);
        assert_eq!(parts[0], Part { heading: None, lines: vec!["引言。"] });
        assert_eq!(parts[1].heading, Some(("（一）".into(), "组织领导".into())));
        assert_eq!(parts[1].lines, ["(一）组织领导。加强了。", "正文。"]);
        assert_eq!(parts[2].heading, Some(("（二）".into(), "平台建设".into())));
    }

    #[test]
    fn numbers_in_chinese() {
        assert_eq!(cn_number(1), "一");
        assert_eq!(cn_number(10), "十");
        assert_eq!(cn_number(12), "十二");
        assert_eq!(cn_number(20), "二十");
    }
}
