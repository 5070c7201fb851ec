//! Plain text: a report copied from a page (one paragraph per line, table rows as tab-separated
//! cells or Markdown pipes) or extracted by `pdftotext` (lines wrapped at the page width, with or
//! without `-layout`; page numbers between lines; tables as lines of a label and its numbers).
//!
//! Text keeps no table grid, so a table is rebuilt from its lines: a row is a label followed by
//! numbers; a label broken over several lines (a wrapped cell) is joined from the lines around a
//! row of numbers; the header lines before the first row are kept only as one caption cell over
//! the whole table, since their words no longer stand over their columns. The interpretation
//! matches rows by their labels as for any table, and, with no usable column headers, reads the
//! columns in the official order and checks them against the row's own 总计.

use super::blocks::{Block, Blocks, Cell, Table};
use super::cells::{is_value_like, squeeze};
use super::decode;

/// Reads text in any encoding [`decode::decode`] knows.
pub fn read(bytes: &[u8]) -> Blocks {
    let (text, _) = decode::decode(bytes, None);
    read_str(&text)
}

#[derive(Debug, Clone, PartialEq)]
enum Line {
    Blank,
    /// Prose or a heading, with its leading indentation in characters.
    Text {
        text: String,
        indent: usize,
    },
    /// A row of a table: its label cells and its values.
    Row {
        labels: Vec<String>,
        values: Vec<String>,
    },
    /// A short line inside a table (part of a wrapped label or header).
    Fragment(String),
}

/// Section headings end a table; their keywords.
const SECTION_WORDS: [&str; 6] =
    ["总体情况", "主动公开", "收到和处理", "行政复议", "存在的主要问题", "其他需要报告"];

pub fn read_str(text: &str) -> Blocks {
    // Page numbers between the lines of a page break are dropped, so that what they cut joins up.
    let lines: Vec<Line> = text
        .split(['\n', '\x0c'])
        .map(|l| l.trim_end_matches('\r'))
        .filter(|l| !is_page_number(l.trim()))
        .map(classify)
        .collect();
    let mut blocks = Vec::new();
    let mut i = 0;
    let width = typical_width(&lines);
    // `pdftotext -layout` keeps each paragraph's first-line indent: then an unindented line goes
    // on the paragraph above, whatever its length.
    let indented =
        lines.iter().filter(|l| matches!(l, Line::Text { indent, .. } if *indent >= 2)).count() >= 3;
    while i < lines.len() {
        if matches!(lines[i], Line::Row { .. }) || (is_fragment(&lines, i) && next_row_near(&lines, i)) {
            let end = table_end(&lines, i);
            blocks.push(Block::Table(table(&lines[i..end])));
            i = end;
            continue;
        }
        match &lines[i] {
            Line::Text { text, .. } | Line::Fragment(text) => {
                let mut p = text.clone();
                let mut last = columns(text);
                i += 1;
                // A wrapped paragraph goes on while its lines are full and the next one is not
                // indented and starts no heading.
                loop {
                    // With indents to go by, a blank line (a page break) does not end a paragraph.
                    let mut k = i;
                    while indented && k < lines.len() && lines[k] == Line::Blank {
                        k += 1;
                    }
                    if k > i
                        && k < lines.len()
                        && matches!(&lines[k], Line::Text { indent, text } if *indent < 2 && !starts_heading(text))
                    {
                        i = k;
                    }
                    let Some(width) = width else { break };
                    let next = match lines.get(i) {
                        Some(Line::Text { text, indent })
                            if *indent < 2 && !starts_heading(text) && (indented || last + 4 >= width) =>
                        {
                            text
                        }
                        _ => break,
                    };
                    last = columns(next);
                    p.push_str(next);
                    i += 1;
                }
                blocks.push(Block::Paragraph(join_spaces(&p)));
            }
            _ => i += 1,
        }
    }
    Blocks { blocks }
}

fn classify(line: &str) -> Line {
    let indent = line.chars().take_while(|c| c.is_whitespace()).count();
    let t = line.trim();
    if t.is_empty() || is_page_number(t) || t.chars().all(|c| matches!(c, '|' | '-' | ':' | ' ')) {
        return Line::Blank;
    }
    // Cells set apart by “|”: a Markdown table (`| a | b |`), or cells a tool marked at their end
    // only (`a | b |`).
    let marked_at_end = !t.starts_with('|') && (t.ends_with('|') || t.contains(" | "));
    let cells: Vec<String> = if t.contains('\t') {
        t.split('\t').map(|c| c.trim().to_string()).collect()
    } else if t.starts_with('|') || marked_at_end {
        t.trim_matches('|').split('|').map(|c| c.trim().to_string()).collect()
    } else {
        // Cells of a layout are two or more spaces apart; numbers may be one space apart.
        let mut cells: Vec<String> = Vec::new();
        for part in split_wide(t) {
            let tokens: Vec<&str> = part.split_whitespace().collect();
            let values = tokens.iter().rev().take_while(|w| is_value_like(w)).count();
            if values > 0 && values < tokens.len() {
                cells.push(tokens[..tokens.len() - values].join(" "));
                cells.extend(tokens[tokens.len() - values..].iter().map(|s| s.to_string()));
            } else if values == tokens.len() {
                cells.extend(tokens.iter().map(|s| s.to_string()));
            } else {
                cells.push(part.to_string());
            }
        }
        cells
    };
    let cells: Vec<String> = cells.into_iter().filter(|c| !c.is_empty()).collect();
    // A line of cells marked at their end without numbers (a caption or header) reads as its
    // cells' text.
    let unmarked;
    let t = if marked_at_end {
        unmarked = cells.join(" ");
        unmarked.as_str()
    } else {
        t
    };
    let values = cells.iter().rev().take_while(|c| is_value_like(c) && !c.is_empty()).count();
    let labels: Vec<String> = cells[..cells.len() - values].iter().map(|c| join_spaces(c)).collect();
    let label_len: usize = labels.iter().map(|l| l.chars().count()).sum();
    let prose_like =
        labels.iter().any(|l| l.contains(['。', '；']) || l.contains('，') && l.chars().count() > 45);
    let heading = is_section_heading(t);
    if !heading && !prose_like && (values >= 2 || values == 1 && label_len > 0 && label_len <= 24) {
        return Line::Row { labels, values: cells[cells.len() - values..].to_vec() };
    }
    if t.starts_with("信息内容") {
        return if marked_at_end {
            Line::Row { labels: cells.iter().map(|c| join_spaces(c)).collect(), values: Vec::new() }
        } else {
            Line::Row { labels: vec![], values: Vec::new() }.header(t)
        };
    }
    // A table's footnote (“注：……”) does not end it.
    if t.starts_with("注：") || t.starts_with("注:") {
        return Line::Fragment(t.to_string());
    }
    // Short lines, and header lines of a layout (cells far apart), are parts of a table.
    let wide = (t.contains('\t') || split_wide(t).len() >= 2) && !t.contains('。');
    if !heading && (squeeze(t).chars().count() <= 24 || wide) && !t.ends_with(['。', '：']) {
        return Line::Fragment(t.to_string());
    }
    Line::Text { text: t.to_string(), indent }
}

impl Line {
    /// The 信息内容 header line of table 二 as a row of header cells.
    fn header(self, t: &str) -> Line {
        let mut cells: Vec<String> = t.split_whitespace().map(str::to_string).collect();
        if cells.len() == 1 && t.len() > "信息内容".len() {
            cells = vec!["信息内容".into(), t["信息内容".len()..].to_string()];
        }
        Line::Row { labels: cells, values: Vec::new() }
    }
}

fn split_wide(t: &str) -> Vec<&str> {
    let mut parts = Vec::new();
    let mut start = 0;
    let bytes = t.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        if t[i..].starts_with("  ") || t[i..].starts_with('\u{3000}') {
            let end = i + t[i..].find(|c: char| !c.is_whitespace()).unwrap_or(t.len() - i);
            if i > start {
                parts.push(&t[start..i]);
            }
            start = end;
            i = end;
        } else {
            i += t[i..].chars().next().map_or(1, char::len_utf8);
        }
    }
    if start < t.len() {
        parts.push(&t[start..]);
    }
    parts
}

fn is_page_number(t: &str) -> bool {
    let s = squeeze(t);
    let core = s.trim_matches(['-', '—', '－', '–', '第', '页']);
    !core.is_empty() && core.len() <= 3 && core.bytes().all(|b| b.is_ascii_digit()) && s != core
        || s.starts_with('第') && s.ends_with('页') && s.chars().count() <= 8
}

fn is_section_heading(t: &str) -> bool {
    let s = squeeze(t);
    let mut chars = s.chars();
    matches!(chars.next(), Some('一' | '二' | '三' | '四' | '五' | '六'))
        && matches!(chars.next(), Some('、' | '.' | '．'))
        && SECTION_WORDS.iter().any(|w| s.contains(w))
        && s.chars().count() <= 40
}

fn starts_heading(t: &str) -> bool {
    let s = squeeze(t);
    s.starts_with('（') || is_section_heading(t) || {
        let mut c = s.chars();
        c.next().is_some_and(|n| "一二三四五六七八九十".contains(n)) && matches!(c.next(), Some('、'))
    }
}

/// The width text was wrapped at, when it was (pdftotext): most prose lines are that long.
fn typical_width(lines: &[Line]) -> Option<usize> {
    let lens: Vec<usize> = lines
        .iter()
        .filter_map(|l| match l {
            Line::Text { text, .. } => Some(columns(text)),
            _ => None,
        })
        .collect();
    // Most lines of wrapped text are full: the width is the length three lines in four reach.
    let mut sorted = lens.clone();
    sorted.sort_unstable();
    let width = *sorted.get(sorted.len() * 3 / 4)?;
    let full = lens.iter().filter(|n| **n + 4 >= width).count();
    ((30..160).contains(&width) && full * 2 >= lens.len()).then_some(width)
}

/// Printed width of a line without its spaces: two columns for CJK, one for ASCII (digits set
/// half-width take half the room).
fn columns(t: &str) -> usize {
    squeeze(&join_spaces(t)).chars().map(|c| if c.is_ascii() { 1 } else { 2 }).sum()
}

fn is_fragment(lines: &[Line], i: usize) -> bool {
    matches!(lines[i], Line::Fragment(_))
}

/// Whether a table row follows within a few lines (header lines before a table).
fn next_row_near(lines: &[Line], i: usize) -> bool {
    lines[i..]
        .iter()
        .filter(|l| !matches!(l, Line::Blank))
        .take(12)
        .take_while(|l| !matches!(l, Line::Text { .. }))
        .any(|l| matches!(l, Line::Row { .. }))
}

/// Where the table starting at `start` ends: at prose or a section heading.
fn table_end(lines: &[Line], start: usize) -> usize {
    let mut end = start;
    for (i, l) in lines.iter().enumerate().skip(start) {
        match l {
            Line::Text { .. } => break,
            Line::Row { .. } => end = i + 1,
            Line::Fragment(_) | Line::Blank => {}
        }
    }
    // Fragments right after the last row finish its label.
    while end < lines.len() && matches!(lines[end], Line::Fragment(_)) {
        end += 1;
    }
    end
}

/// A table from its lines: the header lines before the first row as one caption, each row with the
/// label fragments around it.
fn table(lines: &[Line]) -> Table {
    let first = lines.iter().position(|l| matches!(l, Line::Row { .. })).unwrap_or(lines.len());
    let width = lines
        .iter()
        .filter_map(|l| match l {
            Line::Row { labels, values } => Some((labels.len() + values.len()).max(1)),
            _ => None,
        })
        .max()
        .unwrap_or(1);
    let mut caption_row: Vec<Vec<Cell>> = Vec::new();
    let mut rows: Vec<(usize, bool, Vec<Cell>)> = Vec::new();
    // The lines directly above a first row that has no label of its own are its label, not the
    // caption.
    let mut caption_end = first;
    if let Some(Line::Row { labels, .. }) = lines.get(first)
        && labels.is_empty()
    {
        while caption_end > 0 && matches!(lines[caption_end - 1], Line::Fragment(_)) {
            caption_end -= 1;
        }
    }
    let caption: Vec<String> = lines[..caption_end]
        .iter()
        .filter_map(|l| match l {
            Line::Fragment(t) => Some(join_spaces(t)),
            _ => None,
        })
        .collect();
    if !caption.is_empty() {
        caption_row.push(vec![Cell { text: caption.join(" "), rowspan: 1, colspan: width }]);
    }
    let mut i = first;
    while i < lines.len() {
        let Line::Row { labels, values } = &lines[i] else {
            i += 1;
            continue;
        };
        // Fragments directly above (no blank line between) start the label; directly below
        // finish it when the row's own label is cut or missing.
        let mut before: Vec<String> = Vec::new();
        let mut j = i;
        // (A header row of table 二 takes no fragments: they are captions.)
        while j > caption_end
            && !values.is_empty()
            && let Line::Fragment(t) = &lines[j - 1]
        {
            before.insert(0, join_spaces(t));
            j -= 1;
        }
        let mut after: Vec<String> = Vec::new();
        let mut k = i + 1;
        while k < lines.len()
            && !values.is_empty()
            && let Line::Fragment(t) = &lines[k]
        {
            after.push(join_spaces(t));
            k += 1;
        }
        let mut label_cells: Vec<String> = labels.clone();
        let own = label_cells.pop().unwrap_or_default();
        let before_used = own.is_empty() || !values.is_empty() && opens_unclosed(&before);
        let specific = format!(
            "{}{own}{}",
            if before_used { before.concat() } else { String::new() },
            if own.is_empty() || unfinished(&own) { after.concat() } else { String::new() }
        );
        let mut row: Vec<Cell> = label_cells.into_iter().map(Cell::new).collect();
        if !before_used {
            row.splice(0..0, before.into_iter().map(Cell::new));
        }
        if !specific.is_empty() {
            row.push(Cell::new(specific));
        }
        let labels = row.len();
        row.extend(values.iter().map(|v| Cell::new(v.clone())));
        rows.push((labels, !values.is_empty(), row));
        i += 1;
    }
    // Rows carry one to four label parts (merged group cells cut into lines): the first label
    // spans what a row lacks, so that the numbers of all rows stand in the same columns.
    let most = rows.iter().filter(|(_, v, _)| *v).map(|(l, _, _)| *l).max().unwrap_or(0);
    let mut out = caption_row;
    for (labels, has_values, mut row) in rows {
        if has_values && labels > 0 && labels < most {
            row[0].colspan += most - labels;
        }
        out.push(row);
    }
    Table { rows: out }
}

/// Fragments that open a bracket without closing it, or end mid-phrase: a cut label.
fn opens_unclosed(parts: &[String]) -> bool {
    parts.last().is_some_and(|p| unfinished(p))
}

fn unfinished(s: &str) -> bool {
    s.matches('（').count() > s.matches('）').count() || s.ends_with(['、', '，', '或', '和'])
}

/// Spaces that pdftotext puts between CJK and digits or Latin letters removed; runs of spaces
/// between Latin words kept as one.
pub fn join_spaces(s: &str) -> String {
    let chars: Vec<char> = s.trim().chars().collect();
    let mut out = String::new();
    for (i, c) in chars.iter().enumerate() {
        if c.is_whitespace() {
            let prev = out.chars().last();
            let next = chars[i + 1..].iter().find(|c| !c.is_whitespace());
            let wide = |c: Option<&char>| c.is_some_and(|c| !c.is_ascii());
            if prev.is_none() || out.ends_with(' ') || wide(prev.as_ref()) || wide(next) {
                continue;
            }
            out.push(' ');
        } else {
            out.push(*c);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rows_of_a_layout_and_wrapped_labels() {
        let t = read_str(
            "二、主动公开政府信息情况\n信息内容          本年制发件数     本年废止件数   现行有效件数\n规章            1          0        11\n\n\
             三、收到和处理政府信息公开申请情况\n      （二）部分公开（区分处理的，只计这一情\n                                447         7        0        0        0    0   454\n      形，不计其他情形）\n\n",
        );
        let tables: Vec<&Table> =
            t.blocks.iter().filter_map(|b| if let Block::Table(t) = b { Some(t) } else { None }).collect();
        assert_eq!(tables[0].grid()[1], vec!["规章", "1", "0", "11"]);
        assert_eq!(tables[1].grid()[0][0], "（二）部分公开（区分处理的，只计这一情形，不计其他情形）");
        assert_eq!(join_spaces("2024 年，全市共 3119 件 PDF file"), "2024年，全市共3119件PDF file");
    }
}
