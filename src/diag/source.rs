//! The source line under a finding, as it is shown: indexed once per file, and cut to a window
//! around the column when it is long, so that showing a finding takes time and space bounded by
//! what is shown, not by the file or the line (a 3 MB line with 80,000 findings was printed whole
//! 80,000 times, each located by counting lines from the top).

use super::display_width;
use std::collections::HashMap;

/// Display columns of a source line shown whole; a longer line is cut to at most this many
/// around the column, with “…” on each cut side.
pub const WINDOW: usize = 120;
/// Lines longer than this (in bytes) get their characters indexed on first use; shorter ones are
/// walked for each finding.
const LONG: usize = 4096;
/// A long line's index holds the byte offset of every `STEP`-th character.
const STEP: usize = 64;

/// One source text with the starts of its lines.
pub(super) struct Source<'a> {
    text: &'a str,
    starts: Vec<usize>,
    /// Long lines met so far, by 0-based line number.
    long: HashMap<usize, LongLine>,
}

/// A long line without its trailing whitespace, with the byte offset of every `STEP`-th character.
struct LongLine {
    trimmed: usize,
    marks: Vec<usize>,
}

/// A line as shown: the window's text and the display column of the caret within it.
pub(super) struct Shown {
    pub text: String,
    pub caret: usize,
}

impl<'a> Source<'a> {
    pub fn new(text: &'a str) -> Self {
        let starts = std::iter::once(0).chain(text.match_indices('\n').map(|(i, _)| i + 1)).collect();
        Source { text, starts, long: HashMap::new() }
    }

    /// Line `line` (1-based, as [`str::lines`] counts them) without trailing whitespace, cut
    /// around the 1-based character column `col`; `None` past the last line.
    pub fn show(&mut self, line: u32, col: u32) -> Option<Shown> {
        let k = line.saturating_sub(1) as usize;
        let start = *self.starts.get(k).filter(|&&s| s < self.text.len())?;
        let end = self.starts.get(k + 1).map_or(self.text.len(), |&s| s - 1);
        let raw = &self.text[start..end];
        let n = col.saturating_sub(1) as usize;
        if raw.len() <= LONG {
            let text = raw.trim_end();
            return Some(window(text, char_offset(text, 0, n)));
        }
        let long = self.long.entry(k).or_insert_with(|| {
            let text = raw.trim_end();
            LongLine {
                trimmed: text.len(),
                marks: text.char_indices().step_by(STEP).map(|(i, _)| i).collect(),
            }
        });
        let text = &raw[..long.trimmed];
        let at = match long.marks.get(n / STEP) {
            Some(&mark) => char_offset(text, mark, n % STEP),
            // Past the last mark: at most `STEP` characters remain.
            None => long.marks.last().map_or(0, |&mark| char_offset(text, mark, STEP)),
        };
        Some(window(text, at))
    }
}

/// The byte offset `n` characters after byte `from`, or the end of `text`.
fn char_offset(text: &str, from: usize, n: usize) -> usize {
    text[from..].char_indices().nth(n).map_or(text.len(), |(i, _)| from + i)
}

/// `text` whole when it fits in [`WINDOW`] columns, else a window of it around byte `at`: half
/// before, half after, or more on one side when the other ends sooner.
fn window(text: &str, at: usize) -> Shown {
    let (left, right) = text.split_at(at);
    if fits(text) {
        return Shown { text: text.to_string(), caret: display_width(left) };
    }
    let (end, width) = forward(right, WINDOW);
    let left_budget = if end == right.len() { WINDOW - width } else { WINDOW / 2 };
    let (start, left_width) = backward(left, left_budget);
    let (end, _) = forward(right, WINDOW - left_width);
    let mut shown = String::new();
    if start > 0 {
        shown.push('…');
    }
    shown.push_str(&left[start..]);
    shown.push_str(&right[..end]);
    if end < right.len() {
        shown.push('…');
    }
    Shown { text: shown, caret: usize::from(start > 0) + left_width }
}

/// Whether `text` takes at most [`WINDOW`] columns (looking at no more than that many characters).
fn fits(text: &str) -> bool {
    let mut width = 0;
    text.chars().all(|c| {
        width += char_width(c);
        width <= WINDOW
    })
}

fn char_width(c: char) -> usize {
    display_width(c.encode_utf8(&mut [0; 4]))
}

/// The end of the longest start of `s` that fits in `budget` columns, and its width.
fn forward(s: &str, budget: usize) -> (usize, usize) {
    let mut width = 0;
    for (i, c) in s.char_indices() {
        let w = char_width(c);
        if width + w > budget {
            return (i, width);
        }
        width += w;
    }
    (s.len(), width)
}

/// The start of the longest end of `s` that fits in `budget` columns, and its width.
fn backward(s: &str, budget: usize) -> (usize, usize) {
    let mut width = 0;
    for (i, c) in s.char_indices().rev() {
        let w = char_width(c);
        if width + w > budget {
            return (i + c.len_utf8(), width);
        }
        width += w;
    }
    (0, width)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// What the window shows of `line` with the caret at character `n` (0-based): the text, the
    /// caret's column and the character under the caret.
    fn shown(line: &str, n: usize) -> (String, usize, Option<char>) {
        let text = format!("a: 1\n{line}\nz: 2\n");
        let s = Source::new(&text).show(2, n as u32 + 1).unwrap();
        let mut col = 0;
        let under = s.text.chars().find(|&c| {
            col += char_width(c);
            col > s.caret
        });
        (s.text, s.caret, under)
    }

    #[test]
    fn short_lines_are_shown_whole() {
        let (text, _, under) = shown("申请: [1, 2]   ", 5);
        assert_eq!(text, "申请: [1, 2]");
        assert_eq!(under, Some('1'));
        // Exactly the window's width.
        let line = "申".repeat(WINDOW / 2);
        assert_eq!(shown(&line, 3).0, line);
    }

    #[test]
    fn long_lines_are_cut_around_the_caret() {
        for line in [
            "0123456789".repeat(1000),
            "收到政府信息公开申请62件，".repeat(2000),
            "x申".repeat(3000),
            format!("{}{}", "a".repeat(5000), "申".repeat(5000)),
        ] {
            let chars: Vec<char> = line.chars().collect();
            for n in [0, 1, 59, 60, 61, 63, 64, 65, 127, 128, 129, 3333, chars.len() - 61, chars.len() - 1] {
                let (text, caret, under) = shown(&line, n);
                let width = display_width(&text);
                assert!(width <= WINDOW + 2, "{n}: {width} {text}");
                assert!(width >= WINDOW - 2, "{n}: {width} {text}");
                assert_eq!(under, Some(chars[n]), "{n}: {text}");
                // Cut on the left when what precedes does not fit in half the window (or in
                // what the right leaves); on the right when the rest does not fit.
                let left: String = chars[..n].iter().collect();
                let (lw, rw) = (display_width(&left), display_width(&line) - display_width(&left));
                let left_cut = lw > if rw <= WINDOW { WINDOW - rw } else { WINDOW / 2 };
                let right_cut = if left_cut { rw > WINDOW } else { lw + rw > WINDOW };
                assert_eq!(text.starts_with('…'), left_cut, "{n}: {text}");
                assert_eq!(text.ends_with('…'), right_cut, "{n}: {text}");
                if left_cut && right_cut {
                    assert!((WINDOW / 2 - 1..=WINDOW / 2 + 1).contains(&caret), "{n}: {text}");
                }
            }
            // Past the end: the caret after the line's last character.
            let (text, _, under) = shown(&line, chars.len() + 5);
            assert!(text.starts_with('…') && text.ends_with(*chars.last().unwrap()), "{text}");
            assert_eq!(under, None);
        }
    }

    #[test]
    fn lines_are_counted_as_str_lines_counts_them() {
        for text in ["", "a", "a\n", "a\r\nb\r\n\nc", "\n\n", &format!("{}\n\nb  \r\n", "长".repeat(3000))] {
            let mut source = Source::new(text);
            for (k, line) in text.lines().enumerate() {
                let s = source.show(k as u32 + 1, 1).unwrap();
                let line = line.trim_end();
                if display_width(line) <= WINDOW {
                    assert_eq!(s.text, line, "{text:?} line {k}");
                } else {
                    assert!(line.starts_with(s.text.trim_end_matches('…')), "{text:?} line {k}");
                }
            }
            assert!(source.show(text.lines().count() as u32 + 1, 1).is_none(), "{text:?}");
        }
    }
}
