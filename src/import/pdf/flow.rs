//! Pages into reading order: the ruled tables and the lines around them, page numbers and running
//! headers and footers left out, lines into paragraphs across page breaks.

use std::collections::HashMap;
use std::sync::LazyLock;

use regex::Regex;

use super::device::{Glyph1, PageContent};
use super::grid;
use super::lines::{self, Line};
use crate::import::blocks::{Block, Blocks, Table};

enum Item {
    Line(Line),
    Table(Table),
}

/// A line that is only a page number: “-3-”, “— 3 —”, “3”, “第 3 页”, “第3页 共6页”, “3 / 6”.
static PAGE_NUMBER: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"^[-—–－‒―\s]*(?:第\s*)?[0-9０-９]{1,4}\s*(?:页)?\s*(?:(?:共|/|／)\s*[0-9０-９]{1,4}\s*页?)?[-—–－‒―\s]*$",
    )
    .expect("valid regex")
});

/// The start of a numbered heading: “一、”, “（一）”, “(一)”, “第一章”.
static HEADING: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^(?:[一二三四五六七八九十]{1,3}[、.．]|[（(][一二三四五六七八九十]{1,3}[)）]|第[一二三四五六七八九十]{1,3}[章节部分])")
        .expect("valid regex")
});

/// The share of the page height at the top and bottom where headers, footers and page numbers stand.
const MARGIN: f64 = 0.1;

pub fn blocks(pages: &[PageContent]) -> Blocks {
    let mut per_page: Vec<Vec<Item>> = pages.iter().map(page_items).collect();
    drop_furniture(pages, &mut per_page);
    Blocks { blocks: paragraphs(per_page) }
}

/// A page's tables and the lines outside them, top to bottom.
fn page_items(page: &PageContent) -> Vec<Item> {
    let frames = grid::frames(&page.horizontal, &page.vertical);
    let mut inside: Vec<Vec<&Glyph1>> = vec![Vec::new(); frames.len()];
    let mut outside: Vec<&Glyph1> = Vec::new();
    for g in &page.glyphs {
        match frames.iter().position(|f| f.contains(g)) {
            Some(i) => inside[i].push(g),
            None => outside.push(g),
        }
    }
    let mut items: Vec<(f64, Item)> = Vec::new();
    for (frame, glyphs) in frames.iter().zip(&inside) {
        // A frame with nothing in it is a box or a rule drawn for looks.
        if !glyphs.is_empty() {
            items.push((frame.top, Item::Table(frame.table(glyphs))));
        }
    }
    for line in lines::build(&outside) {
        items.push((line.y - line.size, Item::Line(line)));
    }
    items.sort_by(|a, b| a.0.total_cmp(&b.0));
    items.into_iter().map(|(_, item)| item).collect()
}

/// Page numbers and running headers/footers out: a page-number-only line in the top or bottom
/// margin, and a line in those margins that repeats (digits aside) on other pages.
fn drop_furniture(pages: &[PageContent], items: &mut [Vec<Item>]) {
    let key = |text: &str| -> String {
        text.chars().filter(|c| !c.is_ascii_digit() && !c.is_whitespace()).collect()
    };
    let in_margin = |l: &Line, h: f64| l.y < h * MARGIN + l.size || l.y > h * (1.0 - MARGIN);
    let mut seen: HashMap<String, usize> = HashMap::new();
    for (page, list) in pages.iter().zip(items.iter()) {
        let mut here: Vec<String> = list
            .iter()
            .filter_map(|i| match i {
                Item::Line(l) if in_margin(l, page.height) => Some(key(&l.text)),
                _ => None,
            })
            .collect();
        here.sort();
        here.dedup();
        for k in here {
            *seen.entry(k).or_default() += 1;
        }
    }
    for (page, list) in pages.iter().zip(items.iter_mut()) {
        list.retain(|i| match i {
            Item::Line(l) if in_margin(l, page.height) => {
                let repeated = pages.len() >= 2 && seen.get(&key(&l.text)).is_some_and(|&n| n >= 2);
                !(PAGE_NUMBER.is_match(&l.text)
                    || repeated && !key(&l.text).is_empty() && l.text.chars().count() < 40)
            }
            _ => true,
        });
    }
}

/// The left edge and the right edge of the running text on one page: where most lines start, and
/// where full lines end.
fn margins(list: &[Item]) -> Option<(f64, f64)> {
    let lines: Vec<&Line> = list
        .iter()
        .filter_map(|i| match i {
            Item::Line(l) => Some(l),
            Item::Table(_) => None,
        })
        .collect();
    let right = lines.iter().map(|l| l.x1).fold(f64::NEG_INFINITY, f64::max);
    let full: Vec<&&Line> = lines.iter().filter(|l| l.x1 > right - 2.0 * l.size).collect();
    if full.is_empty() {
        return None;
    }
    let mut counts: HashMap<i64, usize> = HashMap::new();
    for l in &full {
        *counts.entry(l.x0.round() as i64).or_default() += 1;
    }
    let left = counts.into_iter().max_by_key(|&(x, n)| (n, -x)).map(|(x, _)| x as f64)?;
    Some((left, right))
}

fn paragraphs(pages: Vec<Vec<Item>>) -> Vec<Block> {
    let mut out = Vec::new();
    let mut current: Vec<Line> = Vec::new();
    let mut prev_margins: Option<(f64, f64)> = None;
    // The previous line and the right edge of its page: whether it ended short.
    let mut last: Option<(Line, f64)> = None;
    let flush = |current: &mut Vec<Line>, out: &mut Vec<Block>| {
        if !current.is_empty() {
            out.push(Block::Paragraph(lines::join(current)));
            current.clear();
        }
    };
    for list in pages {
        let (left, right) = margins(&list).or(prev_margins).unwrap_or((0.0, f64::INFINITY));
        prev_margins = Some((left, right));
        let mut same_page_prev: Option<f64> = None;
        for item in list {
            match item {
                Item::Table(t) => {
                    flush(&mut current, &mut out);
                    last = None;
                    same_page_prev = None;
                    out.push(Block::Table(t));
                }
                Item::Line(line) => {
                    let starts = match &last {
                        None => true,
                        Some((prev, prev_right)) => {
                            let indented = line.x0 > left + 0.8 * line.size;
                            let heading = HEADING.is_match(&line.text);
                            // Ended short: there was room for the next line's first word
                            // (one character of Chinese, a whole Latin word or URL).
                            let word = first_word_width(&line);
                            let short = prev.x1 < prev_right - (1.5 * prev.size).max(word + 0.5 * prev.size);
                            let resized = (line.size - prev.size).abs() > 0.15 * prev.size;
                            let gap = same_page_prev.is_some_and(|y| line.y - y > 2.5 * line.size);
                            indented || heading || short || resized || gap
                        }
                    };
                    if starts {
                        flush(&mut current, &mut out);
                    }
                    same_page_prev = Some(line.y);
                    current.push(line.clone());
                    last = Some((line, right));
                }
            }
        }
    }
    flush(&mut current, &mut out);
    out
}

/// The width of a line's first unbreakable piece: one Chinese character, or a run of Latin
/// letters, digits and URL punctuation (half an em a character), with the closing punctuation
/// that may not start a line.
fn first_word_width(line: &Line) -> f64 {
    let closing = |c: char| "）》」』”’，。、；：！？".contains(c);
    let mut width = 0.0;
    for (i, c) in line.text.chars().enumerate() {
        if c.is_whitespace() || (lines::is_cjk(c) && i > 0 && !closing(c)) {
            break;
        }
        width += if lines::is_cjk(c) { 1.0 } else { 0.5 };
        if i == 0 && lines::is_cjk(c) && !closing(c) {
            break;
        }
    }
    width * line.size
}
