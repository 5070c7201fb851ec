//! The page geometry every page writer lays text on, computed once from a [`Style`].
//!
//! GB/T 9704 §5.2.3 sets 22 lines a page and 28 characters a line “并撑满版心”: a full line holds a
//! whole number of characters and fills the text block. At 16 pt, 156 mm holds 27.6 characters, so
//! every character is condensed a little (tracking) until 28 fit. DOCX, Typst (and so the PDF) and
//! the HTML print styles all take these numbers from here, so they break lines at the same places.

use super::{Style, mm_to_pt};

/// Tracking comes in quarter points: the steps Word's font dialog offers (5 twips), so DOCX can
/// carry the exact value and Word shows it as a round number.
const TRACKING_STEP_PT: f32 = 0.25;

/// Room left on a full line per character, so rounding in a line breaker never pushes the last
/// character to the next line (28 × 15.75 pt = 441 pt ≤ 442.2 pt for GB/T 9704).
const FIT_MARGIN_PT: f32 = 0.04;

/// Condensing a character by more than this share of its size makes glyphs touch; a line then
/// holds one character less instead (happens only with fewer than about 10 characters a line).
const MAX_CONDENSE: f32 = 0.05;

/// Used when a style gives no usable body size (GB/T 9704: 3号 = 16 pt).
const DEFAULT_BODY_PT: f32 = 16.0;

/// Lengths derived from a style, in points.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Geometry {
    /// Width of the text block (版心): page width minus the left and right margins.
    pub text_width_pt: f32,
    /// Height of the text block: page height minus the top and bottom margins.
    pub text_height_pt: f32,
    /// Body text size: the style's, or 16 pt when that is not a positive number.
    pub body_size_pt: f32,
    /// Fixed line pitch of body text and headings: the style's, or 1.8 body sizes when that is
    /// smaller than the body size.
    pub pitch_pt: f32,
    /// Whole body characters a full line holds (28 for GB/T 9704).
    pub chars_per_line: u32,
    /// Spacing added after every body character (negative: condensed) so that `chars_per_line`
    /// characters fill the line; never positive, justification stretches full lines.
    pub tracking_pt: f32,
    /// First-line indent of body paragraphs and headings (the style's characters, 0–10, of the
    /// body size).
    pub indent_pt: f32,
}

impl Geometry {
    pub fn new(style: &Style) -> Geometry {
        let page = &style.page;
        let size = style.body.size_pt;
        let size = if size.is_finite() && size > 0.0 { size } else { DEFAULT_BODY_PT };
        let pitch = style.line_pitch_pt;
        let pitch = if pitch.is_finite() && pitch >= size { pitch } else { size * 1.8 };
        let text_width_pt = mm_to_pt(style.text_width_mm());
        let (chars_per_line, tracking_pt) = fit(text_width_pt, size);
        Geometry {
            text_width_pt,
            text_height_pt: mm_to_pt(page.height_mm - page.margin_top_mm - page.margin_bottom_mm),
            body_size_pt: size,
            pitch_pt: pitch,
            chars_per_line,
            tracking_pt,
            indent_pt: size * style.first_line_indent_chars.clamp(0.0, 10.0),
        }
    }

    /// Space between two lines: the pitch less one line box of the body size.
    pub fn leading_pt(&self) -> f32 {
        self.pitch_pt - self.body_size_pt
    }

    /// Body lines a full page holds (22 for GB/T 9704): n lines take n sizes and n − 1 leadings.
    pub fn lines_per_page(&self) -> u32 {
        let lines = ((self.text_height_pt + self.leading_pt()) / self.pitch_pt).floor();
        if lines.is_finite() && lines >= 1.0 { lines as u32 } else { 1 }
    }
}

/// Characters a line of `width` holds at `size`, and the tracking that makes them fill it: the
/// nearest whole number of characters, condensed to fit (GB/T 9704 “撑满版心”); one fewer when
/// that would condense too much.
fn fit(width: f32, size: f32) -> (u32, f32) {
    let exact = width / size;
    if !exact.is_finite() || exact < 1.0 {
        return (1, 0.0);
    }
    for chars in [exact.round(), exact.floor()] {
        let spare = width / chars - size - FIT_MARGIN_PT;
        let tracking = if spare >= 0.0 { 0.0 } else { (spare / TRACKING_STEP_PT).floor() * TRACKING_STEP_PT };
        if -tracking <= size * MAX_CONDENSE {
            return (chars as u32, tracking);
        }
    }
    (exact.floor() as u32, 0.0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn gbt_9704_is_28_characters_by_22_lines() {
        let g = Geometry::new(&Style::default());
        assert_eq!((g.chars_per_line, g.lines_per_page()), (28, 22));
        assert_eq!(g.tracking_pt, -0.25);
        assert_eq!((g.body_size_pt, g.pitch_pt, g.indent_pt), (16.0, 28.95, 32.0));
        assert!((g.leading_pt() - 12.95).abs() < 1e-4);
        assert!(28.0 * (g.body_size_pt + g.tracking_pt) <= g.text_width_pt);
    }

    #[test]
    fn lines_are_filled_with_whole_characters() {
        // 154 mm at 15 pt holds 29.1 characters: 29 without condensing, never stretched.
        assert_eq!(fit(mm_to_pt(154.0), 15.0), (29, 0.0));
        // 27.5 characters: 28, condensed by half a point.
        assert_eq!(fit(27.5 * 16.0, 16.0), (28, -0.5));
        // 3.5 characters: 4 would squeeze each by 2 pt (12 %), so 3.
        assert_eq!(fit(3.5 * 16.0, 16.0), (3, 0.0));
        // Just under a whole count: condensed a step so rounding cannot drop the last one.
        assert_eq!(fit(27.99 * 16.0, 16.0), (28, -0.25));
        assert_eq!(fit(0.0, 16.0), (1, 0.0));
    }

    #[test]
    fn unusable_sizes_fall_back() {
        let mut s = Style::default();
        s.body.size_pt = f32::NAN;
        s.line_pitch_pt = 10.0;
        s.first_line_indent_chars = 99.0;
        let g = Geometry::new(&s);
        assert_eq!((g.body_size_pt, g.pitch_pt, g.indent_pt), (16.0, 16.0 * 1.8, 160.0));
    }
}
