//! How a table is laid out, decided before typst lays it out: whether it fits on one page, and
//! which of its rows are one line high.
//!
//! A table that fits on a page is kept whole. Asking typst (`measure`) lays the whole table out
//! twice, and with unbreakable cells typst also simulates every row group: together about half of
//! a report's PDF time. The tables' markup is ours (fixed insets, leading, line box of one em), so
//! their height follows from the cells' lines, which a greedy fill of character advances counts
//! closely. Only a table whose estimate is near the page height is left to typst's `measure`.
//!
//! Rows whose cells surely take one line whatever the fonts are written with that line's height,
//! which is exactly what typst would measure: it then lays each such row out once rather than
//! twice (measure, then place). The estimate's test (`write::pdf`) also checks that the PDF is
//! the same both ways.

use super::span;
use crate::doc::{Slot, Table};

/// The table markup's lengths, in ems of the table text (see `table` in the parent module).
pub(super) const INSET_X_EM: f32 = 0.25;
pub(super) const INSET_Y_EM: f32 = 0.3;
pub(super) const LEADING_EM: f32 = 0.3;

/// Kept whole without measuring below this share of the page's text height; broken without
/// measuring above the second. Between them typst measures. The estimate is within a few percent
/// of typst's height on every official table; the margins leave room for fonts whose Western
/// characters are wider than assumed.
const SURELY_FITS: f32 = 0.93;
const SURELY_TOO_TALL: f32 = 1.10;

/// The height of a row of one-line cells, in ems: a line box of one em and the insets.
pub(super) const ONE_LINE_EM: f32 = 1.0 + 2.0 * INSET_Y_EM;

/// How a table is laid out: whether it is kept whole, and which rows are known to be one line
/// high (written as fixed heights, so typst lays them out once instead of measuring them first).
#[derive(Debug, Clone, PartialEq)]
pub(super) struct Plan {
    pub fit: Fit,
    pub one_line: Vec<bool>,
}

/// The plan for `t` (resolved as `grid`) laid out `width_pt` wide in text of `size_pt`, on a text
/// block `height_pt` high.
pub(super) fn plan(t: &Table, grid: &[Vec<Slot<'_>>], width_pt: f32, size_pt: f32, height_pt: f32) -> Plan {
    Plan {
        fit: fit(t, grid, width_pt, size_pt, height_pt),
        one_line: one_line_rows(t, grid, width_pt, size_pt),
    }
}

/// What to do with a table: keep it whole, let it break, or measure it to decide.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Fit {
    Whole,
    Breaks,
    Measure,
}

/// The decision for `t` (resolved as `grid`) laid out `width_pt` wide in text of `size_pt`, on a
/// text block `height_pt` high.
pub(super) fn fit(t: &Table, grid: &[Vec<Slot<'_>>], width_pt: f32, size_pt: f32, height_pt: f32) -> Fit {
    let estimate = height(t, grid, width_pt, size_pt);
    if !estimate.is_finite() || !height_pt.is_finite() {
        Fit::Measure
    } else if estimate <= SURELY_FITS * height_pt {
        Fit::Whole
    } else if estimate > SURELY_TOO_TALL * height_pt {
        Fit::Breaks
    } else {
        Fit::Measure
    }
}

/// The estimated height (pt) of `t` (resolved as `grid`) laid out `width_pt` wide in text of
/// `size_pt`.
pub(super) fn height(t: &Table, grid: &[Vec<Slot<'_>>], width_pt: f32, size_pt: f32) -> f32 {
    let Some(column_em) = column_ems(t, width_pt, size_pt) else { return f32::NAN };
    // A cell of n lines: n line boxes of one em, leading between them, insets above and below.
    let cell_em =
        |lines: usize| lines as f32 + (lines.saturating_sub(1)) as f32 * LEADING_EM + 2.0 * INSET_Y_EM;

    let mut rows = vec![cell_em(1); grid.len()];
    let mut spanning = Vec::new();
    for (r, row) in grid.iter().enumerate() {
        for (c, slot) in row.iter().enumerate() {
            let Slot::Origin(cell) = slot else { continue };
            let (colspan, rowspan) = span(grid, r, c, grid.len());
            let need = cell_em(lines(&cell.text, room(&column_em, c, colspan)));
            if rowspan == 1 {
                rows[r] = rows[r].max(need);
            } else {
                spanning.push((r, rowspan, need));
            }
        }
    }
    // typst grows the last row a cell spans when the rows are too short for it.
    for (r, span, need) in spanning {
        let have: f32 = rows[r..r + span].iter().sum();
        if need > have {
            rows[r + span - 1] += need - have;
        }
    }
    rows.iter().sum::<f32>() * size_pt
}

/// The rows whose height is one line's whatever the fonts: every cell starting in the row spans
/// only it and surely takes one line ([`surely_one_line`]), at least one of them has text, and the
/// row does not end a cell spanning rows (typst grows that row when the spanned rows are too short
/// for the cell, so it stays measured). Spans are the ones the table's markup writes: a header
/// cell ends with the header rows.
pub(super) fn one_line_rows(t: &Table, grid: &[Vec<Slot<'_>>], width_pt: f32, size_pt: f32) -> Vec<bool> {
    let Some(column_em) = column_ems(t, width_pt, size_pt).filter(|_| width_pt.is_finite()) else {
        return vec![false; grid.len()];
    };
    let header_rows = t.header_rows.min(grid.len());
    let mut measured = vec![false; grid.len()];
    let mut has_text = vec![false; grid.len()];
    for (r, row) in grid.iter().enumerate() {
        let limit = if r < header_rows { header_rows } else { grid.len() };
        for (c, slot) in row.iter().enumerate() {
            let Slot::Origin(cell) = slot else { continue };
            let (colspan, rowspan) = span(grid, r, c, limit);
            if rowspan > 1 {
                measured[r + rowspan - 1] = true;
            } else if surely_one_line(&cell.text, room(&column_em, c, colspan)) {
                has_text[r] |= !cell.text.trim().is_empty();
            } else {
                measured[r] = true;
            }
        }
    }
    measured.iter().zip(&has_text).map(|(m, t)| !m && *t).collect()
}

/// Whether `text` takes one line in a cell `room` ems wide in any font: it has no line break and
/// would fit even if each character were an em wide. CJK characters are an em; the digits, Latin
/// letters and punctuation allowed here are no wider in any text font. Anything else (a symbol, a
/// character of another script) may be wider, and leaves the row to be measured.
pub(super) fn surely_one_line(text: &str, room: f32) -> bool {
    let mut ems = 0.0;
    for c in text.chars() {
        let at_most_an_em = matches!(c as u32,
            0x20..=0x7E               // ASCII letters, digits and punctuation
            | 0x2010..=0x2027         // dashes, quotation marks, ellipsis
            | 0x3000..=0x303F         // CJK punctuation
            | 0x3400..=0x4DBF | 0x4E00..=0x9FFF // CJK ideographs
            | 0xFF01..=0xFF5E); // full-width forms
        if !at_most_an_em {
            return false;
        }
        ems += 1.0;
    }
    // A hair of room to spare: lengths are rounded on the way to typst.
    ems <= room - 0.01
}

/// Each column's width in ems of the table text, or `None` for a table without usable widths.
fn column_ems(t: &Table, width_pt: f32, size_pt: f32) -> Option<Vec<f32>> {
    let total: f32 = t.widths.iter().map(|w| fr(*w)).sum();
    (t.columns() > 0 && total > 0.0 && size_pt > 0.0)
        .then(|| t.widths.iter().map(|w| fr(*w) / total * width_pt / size_pt).collect())
}

/// The room for text (ems) in a cell from column `c` spanning `colspan` columns.
fn room(column_em: &[f32], c: usize, colspan: usize) -> f32 {
    column_em[c..c + colspan].iter().sum::<f32>() - 2.0 * INSET_X_EM
}

fn fr(w: f32) -> f32 {
    if w.is_finite() && w > 0.0 { w } else { 1.0 }
}

/// Lines a text takes in a cell `room` ems wide, filled greedily as typst's simple line breaker
/// does: a line breaks before any CJK character except closing punctuation and after any except
/// opening punctuation; a run of Western characters breaks only at spaces; a unit wider than the
/// line takes a line of its own.
pub(super) fn lines(text: &str, room: f32) -> usize {
    let mut count = 0;
    for line in text.split('\n') {
        count += 1;
        let mut used = 0.0;
        for (width, breakable_before) in units(line) {
            if breakable_before && used > 0.0 && used + width > room + 1e-3 {
                count += 1;
                used = 0.0;
            }
            used += width;
        }
    }
    count.max(1)
}

/// The text as (advance in ems, may a line break before it) units.
fn units(text: &str) -> Vec<(f32, bool)> {
    let mut out: Vec<(f32, bool)> = Vec::new();
    let mut prev: Option<char> = None;
    for c in text.chars() {
        let narrow = is_narrow(c);
        let width = if c == ' ' {
            0.25
        } else if narrow {
            WESTERN_EM
        } else {
            1.0
        };
        let breakable = match prev {
            None => true,
            Some(p) => {
                let glued = (is_narrow(p) && narrow && p != ' ' && c != ' ')
                    || CLOSING.contains(c)
                    || OPENING.contains(p);
                !glued
            }
        };
        match out.last_mut() {
            Some(last) if !breakable => last.0 += width,
            _ => out.push((width, true)),
        }
        prev = Some(c);
    }
    out
}

/// The advance assumed for a Western character: digits and Latin letters of the CJK fonts in
/// use are half an em or a little more.
const WESTERN_EM: f32 = 0.62;

/// Characters no line starts with, and characters no line ends with (as typst's Chinese rules).
const CLOSING: &str = "，。、；：？！）》」』】〕〉”’…—·%,.;:?!)]}%";
const OPENING: &str = "（《「『【〔〈“‘([{";

fn is_narrow(c: char) -> bool {
    (c as u32) < 0x1100 || ('\u{FF61}'..='\u{FFDC}').contains(&c)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lines_fill_cjk_and_keep_western_runs_and_punctuation_together() {
        assert_eq!(lines("社会公益组织", 2.2), 3);
        assert_eq!(lines("社会公益组织", 6.0), 1);
        assert_eq!(lines("129014", 2.2), 1, "a number is one unit, even when it overflows");
        // “，” may not start a line: it goes with the character before it.
        assert_eq!(lines("一二，三", 3.0), 2);
        assert_eq!(lines("一二，三", 2.0), 3);
        assert_eq!(lines("一二\n三", 10.0), 2);
        assert_eq!(lines("", 3.0), 1);
    }

    #[test]
    fn one_line_only_when_every_character_fits_at_an_em() {
        assert!(surely_one_line("予以公开", 4.5));
        assert!(!surely_one_line("予以公开", 4.0), "no room to spare");
        assert!(surely_one_line("129014", 6.5), "digits counted as wide as ideographs");
        assert!(!surely_one_line("一二\n三", 10.0), "a line break");
        assert!(!surely_one_line("①", 10.0), "a symbol of unknown width");
        assert!(surely_one_line("", 1.0));
    }
}
