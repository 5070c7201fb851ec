//! Tables from their ruling lines: the rules of a page grouped into connected frames, each frame's
//! distinct rule positions giving the grid, a missing rule between two grid cells merging them
//! (so merged cells come out with their spans), each glyph put into the cell it stands in.

use super::device::{Glyph1, Segment};
use super::lines;
use crate::import::blocks::{Cell, Table};

/// Rules closer than this (points) are one rule: a border drawn as a thin box has two edges.
const SAME: f64 = 2.5;
/// Grid lines closer than this are one: a double rule is a border, not a row or column.
const MIN_CELL: f64 = 4.5;
/// Rules shorter than this are marks, not borders.
const MIN_RULE: f64 = 4.0;

/// One ruled table found on a page, with the area it covers.
#[derive(Debug)]
pub struct Frame {
    pub top: f64,
    pub bottom: f64,
    pub left: f64,
    pub right: f64,
    xs: Vec<f64>,
    ys: Vec<f64>,
    horizontal: Vec<Segment>,
    vertical: Vec<Segment>,
}

impl Frame {
    /// Whether a glyph stands inside the frame.
    pub fn contains(&self, g: &Glyph1) -> bool {
        let (x, y) = centre(g);
        x > self.left && x < self.right && y > self.top && y < self.bottom
    }

    /// The table: cells from the grid, merged where a rule is missing, holding their glyphs.
    pub fn table(&self, glyphs: &[&Glyph1]) -> Table {
        let (nr, nc) = (self.ys.len() - 1, self.xs.len() - 1);
        // owner[r][c] = index of the cell covering grid position (r, c).
        let mut owner = vec![vec![usize::MAX; nc]; nr];
        let mut cells: Vec<(usize, usize, usize, usize)> = Vec::new(); // r, c, rowspan, colspan
        for r in 0..nr {
            for c in 0..nc {
                if owner[r][c] != usize::MAX {
                    continue;
                }
                let mut cs = 1;
                while c + cs < nc && owner[r][c + cs] == usize::MAX && !self.v_rule(r, c + cs) {
                    cs += 1;
                }
                let mut rs = 1;
                while r + rs < nr
                    && (c..c + cs).all(|k| owner[r + rs][k] == usize::MAX && !self.h_rule(r + rs, k))
                {
                    rs += 1;
                }
                for line in owner.iter_mut().skip(r).take(rs) {
                    for slot in &mut line[c..c + cs] {
                        *slot = cells.len();
                    }
                }
                cells.push((r, c, rs, cs));
            }
        }
        let mut content: Vec<Vec<&Glyph1>> = vec![Vec::new(); cells.len()];
        for &g in glyphs {
            let (x, y) = centre(g);
            let c = self.xs.partition_point(|&v| v < x).saturating_sub(1).min(nc - 1);
            let r = self.ys.partition_point(|&v| v < y).saturating_sub(1).min(nr - 1);
            content[owner[r][c]].push(g);
        }
        let mut rows: Vec<Vec<Cell>> = vec![Vec::new(); nr];
        for (i, &(r, _, rowspan, colspan)) in cells.iter().enumerate() {
            let text = lines::join(&lines::build(&content[i]));
            rows[r].push(Cell { text, rowspan, colspan });
        }
        Table { rows }
    }

    /// Is there a rule at column boundary `i` (1..nc) beside row `r`?
    fn v_rule(&self, r: usize, i: usize) -> bool {
        let (x, y) = (self.xs[i], (self.ys[r] + self.ys[r + 1]) / 2.0);
        self.vertical.iter().any(|s| (s.at - x).abs() <= MIN_CELL && s.a <= y && s.b >= y)
    }

    /// Is there a rule at row boundary `i` (1..nr) above column `c`?
    fn h_rule(&self, i: usize, c: usize) -> bool {
        let (y, x) = (self.ys[i], (self.xs[c] + self.xs[c + 1]) / 2.0);
        self.horizontal.iter().any(|s| (s.at - y).abs() <= MIN_CELL && s.a <= x && s.b >= x)
    }
}

/// Where a glyph is taken to stand: the middle of its advance, a third of its size above the
/// baseline (inside the ink of a Chinese character, clear of the rules above and below).
fn centre(g: &Glyph1) -> (f64, f64) {
    ((g.x0 + g.x1) / 2.0, g.y - g.size * 0.3)
}

/// Collinear pieces of one rule joined (a rule is often drawn cell by cell).
fn merge(mut segs: Vec<Segment>) -> Vec<Segment> {
    segs.sort_by(|p, q| p.at.total_cmp(&q.at).then(p.a.total_cmp(&q.a)));
    let mut out: Vec<Segment> = Vec::new();
    // Group by position first, then join overlapping spans within the group.
    let mut i = 0;
    while i < segs.len() {
        let mut j = i + 1;
        while j < segs.len() && segs[j].at - segs[j - 1].at <= SAME / 2.0 {
            j += 1;
        }
        let mut group: Vec<Segment> = segs[i..j].to_vec();
        let at = group.iter().map(|s| s.at).sum::<f64>() / group.len() as f64;
        group.sort_by(|p, q| p.a.total_cmp(&q.a));
        let mut cur = group[0];
        for s in &group[1..] {
            if s.a <= cur.b + SAME {
                cur.b = cur.b.max(s.b);
            } else {
                out.push(Segment { at, ..cur });
                cur = *s;
            }
        }
        out.push(Segment { at, ..cur });
        i = j;
    }
    out.retain(|s| s.b - s.a >= MIN_RULE);
    out
}

/// Distinct positions, near ones taken as one.
fn positions(mut v: Vec<f64>) -> Vec<f64> {
    v.sort_by(f64::total_cmp);
    let mut out: Vec<f64> = Vec::new();
    for x in v {
        match out.last() {
            Some(&last) if x - last <= MIN_CELL => {}
            _ => out.push(x),
        }
    }
    out
}

/// The ruled tables of a page, top to bottom.
pub fn frames(horizontal: &[Segment], vertical: &[Segment]) -> Vec<Frame> {
    let h = merge(horizontal.to_vec());
    let v = merge(vertical.to_vec());
    // Union-find over rules: a horizontal and a vertical rule that touch are one frame.
    let n = h.len() + v.len();
    let mut parent: Vec<usize> = (0..n).collect();
    fn find(p: &mut [usize], mut i: usize) -> usize {
        while p[i] != i {
            p[i] = p[p[i]];
            i = p[i];
        }
        i
    }
    for (i, hs) in h.iter().enumerate() {
        for (j, vs) in v.iter().enumerate() {
            if vs.at >= hs.a - SAME && vs.at <= hs.b + SAME && hs.at >= vs.a - SAME && hs.at <= vs.b + SAME {
                let (a, b) = (find(&mut parent, i), find(&mut parent, h.len() + j));
                parent[a] = b;
            }
        }
    }
    let mut groups: std::collections::BTreeMap<usize, (Vec<Segment>, Vec<Segment>)> = Default::default();
    for (i, s) in h.iter().enumerate() {
        groups.entry(find(&mut parent, i)).or_default().0.push(*s);
    }
    for (j, s) in v.iter().enumerate() {
        groups.entry(find(&mut parent, h.len() + j)).or_default().1.push(*s);
    }
    let mut out: Vec<Frame> = groups
        .into_values()
        .filter(|(h, v)| h.len() >= 2 && v.len() >= 2)
        .filter_map(|(horizontal, vertical)| {
            // A table open at the sides (no outer vertical rules) ends where its horizontal
            // rules end; open at the top or bottom, where its vertical rules end.
            let mut ys: Vec<f64> = horizontal.iter().map(|s| s.at).collect();
            ys.extend(vertical.iter().flat_map(|s| [s.a, s.b]));
            let mut xs: Vec<f64> = vertical.iter().map(|s| s.at).collect();
            xs.extend(horizontal.iter().flat_map(|s| [s.a, s.b]));
            let (ys, xs) = (positions(ys), positions(xs));
            // A single box (a frame round the page, a boxed note) is not a table: its text is
            // running text.
            if ys.len() < 2 || xs.len() < 2 || (ys.len() == 2 && xs.len() == 2) {
                return None;
            }
            Some(Frame {
                top: ys[0],
                bottom: ys[ys.len() - 1],
                left: xs[0],
                right: xs[xs.len() - 1],
                xs,
                ys,
                horizontal,
                vertical,
            })
        })
        .collect();
    out.sort_by(|a, b| a.top.total_cmp(&b.top));
    out
}
