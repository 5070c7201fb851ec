//! Shared helpers of the PDF tests: the fixture report and text pieces read from laid-out pages.
#![allow(dead_code)]

pub mod fixture;

use typst::layout::{Frame, FrameItem, Point};
use typst_layout::PagedDocument;

/// A run of text as placed on a page (baseline position in points from the top-left corner).
#[derive(Debug, Clone)]
pub struct Piece {
    pub x: f64,
    pub y: f64,
    /// Right end of the run.
    pub right: f64,
    pub size: f64,
    pub family: String,
    pub text: String,
}

fn collect(frame: &Frame, origin: Point, out: &mut Vec<Piece>) {
    for (pos, item) in frame.items() {
        let at = origin + *pos;
        match item {
            FrameItem::Group(g) => collect(&g.frame, at + Point::new(g.transform.tx, g.transform.ty), out),
            FrameItem::Text(t) => out.push(Piece {
                x: at.x.to_pt(),
                y: at.y.to_pt(),
                right: (at.x + t.width()).to_pt(),
                size: t.size.to_pt(),
                family: t.font.font().info().family.clone(),
                text: t.text.to_string(),
            }),
            _ => {}
        }
    }
}

/// Text pieces of each page, in the order typst placed them (the PDF content order).
pub fn pages(doc: &PagedDocument) -> Vec<Vec<Piece>> {
    doc.pages()
        .iter()
        .map(|p| {
            let mut out = Vec::new();
            collect(&p.frame, Point::zero(), &mut out);
            out
        })
        .collect()
}

/// Lines of one page: pieces grouped by baseline (rounded to 0.1 pt), top to bottom, each line's
/// pieces left to right.
pub fn lines(page: &[Piece], keep: impl Fn(&Piece) -> bool) -> Vec<(f64, String)> {
    let mut pieces: Vec<&Piece> = page.iter().filter(|p| keep(p)).collect();
    pieces.sort_by(|a, b| a.y.total_cmp(&b.y).then(a.x.total_cmp(&b.x)));
    let mut out: Vec<(f64, String)> = Vec::new();
    for p in pieces {
        match out.last_mut() {
            Some((y, text)) if (p.y - *y).abs() < 0.1 => text.push_str(&p.text),
            _ => out.push((p.y, p.text.clone())),
        }
    }
    out
}

/// Whether a piece is a page number “— N —”.
pub fn is_page_number(p: &Piece) -> bool {
    let t = p.text.trim();
    t.starts_with('—') && t.ends_with('—') && t.chars().any(|c| c.is_ascii_digit())
}

/// All text of the document in placement order, page numbers and whitespace removed.
pub fn flat_text(doc: &PagedDocument) -> String {
    pages(doc)
        .iter()
        .flatten()
        .filter(|p| !is_page_number(p))
        .flat_map(|p| p.text.chars())
        .filter(|c| !c.is_whitespace())
        .collect()
}

/// Asserts that `needles` occur in `hay` in this order (whitespace in needles ignored).
pub fn assert_in_order(hay: &str, needles: &[String], what: &str) {
    let mut from = 0;
    for n in needles {
        let n: String = n.chars().filter(|c| !c.is_whitespace()).collect();
        match hay[from..].find(&n) {
            Some(i) => from += i + n.len(),
            None => {
                let anywhere = hay.contains(&n);
                panic!("{what}: “{n}” not found after byte {from} (present elsewhere: {anywhere})");
            }
        }
    }
}
