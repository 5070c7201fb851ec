//! Glyphs into text lines, and lines into text: spaces only where the page shows a gap between
//! Latin words or numbers, never next to a Chinese character (WPS puts space glyphs between digits
//! and CJK, “2024 年”, which would otherwise split numbers off their units).

use unicode_width::UnicodeWidthStr;

use super::device::{Glyph1, PageContent};

/// One line of text on a page.
#[derive(Debug, Clone)]
pub struct Line {
    pub text: String,
    pub x0: f64,
    pub x1: f64,
    /// Baseline.
    pub y: f64,
    /// The commonest glyph size on the line.
    pub size: f64,
}

/// Characters set solid in Chinese text: ideographs, CJK and full-width punctuation, and the
/// quotes and dashes Chinese text uses. No space is ever put next to one.
pub fn is_cjk(c: char) -> bool {
    matches!(c as u32,
        0x2E80..=0x9FFF | 0xF900..=0xFAFF | 0xFE30..=0xFE4F | 0xFF00..=0xFFEF | 0x20000..=0x3FFFF)
        || matches!(c, '“' | '”' | '‘' | '’' | '—' | '…' | '·' | '●' | '■' | '□' | '√' | '×')
}

/// Glyphs into lines, top to bottom, each line left to right. Glyphs belong to one line when
/// their baselines are closer than a third of their size.
pub fn build(glyphs: &[&Glyph1]) -> Vec<Line> {
    groups(glyphs).iter().filter_map(|group| line_of(group)).collect()
}

/// Glyphs grouped into lines, each sorted left to right, space glyphs kept (they mark gaps) and
/// fake bold (the same glyph drawn again a hair to the right) dropped.
fn groups<'g>(glyphs: &[&'g Glyph1]) -> Vec<Vec<&'g Glyph1>> {
    let mut sorted: Vec<&Glyph1> = glyphs.to_vec();
    sorted.sort_by(|a, b| a.y.total_cmp(&b.y).then(a.x0.total_cmp(&b.x0)));
    let mut groups: Vec<Vec<&Glyph1>> = Vec::new();
    for g in sorted {
        match groups.last_mut() {
            Some(group) if (g.y - group[0].y).abs() < group[0].size.max(g.size) / 3.0 => group.push(g),
            _ => groups.push(vec![g]),
        }
    }
    for group in &mut groups {
        group.sort_by(|a, b| a.x0.total_cmp(&b.x0));
        let mut kept: Vec<&Glyph1> = Vec::with_capacity(group.len());
        for &g in group.iter() {
            let bold =
                kept.iter().rev().take(3).any(|p| p.text == g.text && (g.x0 - p.x0).abs() < g.size * 0.2);
            if !bold {
                kept.push(g);
            }
        }
        *group = kept;
    }
    groups
}

fn line_of(glyphs: &[&Glyph1]) -> Option<Line> {
    let mut text = String::new();
    let mut prev: Option<&Glyph1> = None;
    let mut space_seen = false;
    let mut kept: Vec<&Glyph1> = Vec::new();
    for &g in glyphs {
        if g.text.trim().is_empty() {
            space_seen = true;
            continue;
        }
        if let Some(p) = prev {
            let gap = g.x0 - p.x1;
            if (space_seen || gap > g.size * 0.25) && needs_space(&text, &g.text) {
                text.push(' ');
            }
        }
        text.push_str(&g.text);
        prev = Some(g);
        space_seen = false;
        kept.push(g);
    }
    let first = kept.first()?;
    let last = kept.last()?;
    let mut sizes: Vec<f64> = kept.iter().map(|g| (g.size * 2.0).round() / 2.0).collect();
    sizes.sort_by(f64::total_cmp);
    Some(Line {
        text,
        x0: first.x0,
        x1: last.x1,
        y: kept.iter().map(|g| g.y).sum::<f64>() / kept.len() as f64,
        size: sizes[sizes.len() / 2],
    })
}

/// A space between two pieces of text only where neither side is Chinese.
fn needs_space(before: &str, after: &str) -> bool {
    match (before.chars().next_back(), after.chars().next()) {
        (Some(a), Some(b)) => !is_cjk(a) && !is_cjk(b),
        _ => false,
    }
}

/// Lines joined into one text as read: wrapped lines run on (a space only between Latin words,
/// none after a slash or hyphen where a URL or a compound was broken).
pub fn join(lines: &[Line]) -> String {
    let mut text = String::new();
    for line in lines {
        if needs_space(&text, &line.text) && !text.ends_with(['/', '-']) {
            text.push(' ');
        }
        text.push_str(&line.text);
    }
    text
}

/// A page as lines of text with its columns kept apart by spaces, like `pdftotext -layout`.
pub fn layout(page: &PageContent) -> Vec<String> {
    let glyphs: Vec<&Glyph1> = page.glyphs.iter().filter(|g| !g.text.trim().is_empty()).collect();
    let mut sizes: Vec<f64> = glyphs.iter().map(|g| g.size).collect();
    sizes.sort_by(f64::total_cmp);
    // One column is half the commonest em: a Chinese character takes two.
    let unit = sizes.get(sizes.len() / 2).copied().unwrap_or(10.0) / 2.0;
    let left = glyphs.iter().map(|g| g.x0).fold(f64::INFINITY, f64::min);
    let mut out = Vec::new();
    let mut last_y: Option<f64> = None;
    for group in groups(&glyphs) {
        let y = group[0].y;
        if let Some(prev) = last_y
            && y - prev > group[0].size * 2.5
        {
            out.push(String::new());
        }
        last_y = Some(y);
        let mut line = String::new();
        let mut col = 0usize;
        let mut prev_x1: Option<f64> = None;
        for g in group {
            let target = ((g.x0 - left) / unit).round().max(0.0) as usize;
            // Only a real gap moves text to its column: letter-spaced (justified) text drifts
            // from the grid without being apart.
            let gap = prev_x1.map_or(f64::INFINITY, |x| g.x0 - x);
            if gap > g.size * 0.6 {
                let pad = if prev_x1.is_some() { target.saturating_sub(col).max(1) } else { target };
                line.extend(std::iter::repeat_n(' ', pad));
                col += pad;
            } else if gap > g.size * 0.25 && needs_space(&line, &g.text) {
                line.push(' ');
                col += 1;
            }
            line.push_str(&g.text);
            col += g.text.width();
            prev_x1 = Some(g.x1);
        }
        out.push(line.trim_end().to_string());
    }
    out
}
