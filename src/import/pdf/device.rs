//! What a page draws, as far as reading it needs: each glyph with its text and box, the straight
//! horizontal and vertical strokes and thin bars a table is ruled with, and how much of the page
//! images cover. hayro-interpret runs the content streams (fonts, CMaps, forms, transforms); this
//! device only records.

use std::collections::HashMap;
use std::sync::Arc;

use hayro_cmap::BfString;
use hayro_interpret::font::Glyph;
use hayro_interpret::{BlendMode, ClipPath, Device, GlyphDrawMode, Image, Paint, PathDrawMode, SoftMask};
use kurbo::{Affine, BezPath, PathEl, Point, Shape};

/// One glyph in page coordinates (points, origin top left, y down).
#[derive(Debug, Clone)]
pub struct Glyph1 {
    /// What the glyph stands for (usually one character; a ligature gives several).
    pub text: String,
    /// Left and right of its advance.
    pub x0: f64,
    pub x1: f64,
    /// Baseline.
    pub y: f64,
    /// Font size on the page (the em, in points).
    pub size: f64,
}

/// A ruling segment: horizontal (`y`, from `a` to `b` in x) or vertical (`x`, `a` to `b` in y).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Segment {
    pub at: f64,
    pub a: f64,
    pub b: f64,
}

/// Everything recorded on one page.
#[derive(Debug, Default)]
pub struct PageContent {
    pub width: f64,
    pub height: f64,
    pub glyphs: Vec<Glyph1>,
    pub horizontal: Vec<Segment>,
    pub vertical: Vec<Segment>,
    /// Glyphs whose text could not be found (no ToUnicode, no usable CMap, no cmap in the font).
    pub unknown: usize,
    /// Share of the page area covered by images (a scanned page is one image).
    pub image_area: f64,
}

/// Bars thinner than this (points) are rules; wider filled rectangles are shading, not lines.
const MAX_RULE: f64 = 2.5;

pub struct Recorder {
    pub page: PageContent,
    /// Per embedded font: glyph id → character, from the font's own cmap (built once).
    reverse_cmaps: HashMap<u128, Arc<HashMap<u16, char>>>,
}

impl Recorder {
    pub fn new(width: f64, height: f64) -> Self {
        Recorder {
            page: PageContent { width, height, ..PageContent::default() },
            reverse_cmaps: HashMap::new(),
        }
    }

    /// When the PDF gives no ToUnicode: the embedded font's own Unicode cmap read backwards.
    fn char_from_font_cmap(&mut self, glyph: &Glyph<'_>) -> Option<char> {
        let Glyph::Outline(g) = glyph else { return None };
        let key = g.font_cache_key();
        let data = g.font_data()?.data;
        // A font the PDF does not embed is drawn with our stand-in: its cmap says nothing about
        // the PDF's codes.
        if std::ptr::eq((*data).as_ref().as_ptr(), crate::fonts::EMBEDDED_SANS_DATA.as_ptr()) {
            return None;
        }
        let map = match self.reverse_cmaps.get(&key) {
            Some(map) => map.clone(),
            None => {
                let map = Arc::new(reverse_cmap((*data).as_ref()));
                self.reverse_cmaps.insert(key, map.clone());
                map
            }
        };
        map.get(&(g.glyph_id().to_u32() as u16)).copied()
    }

    fn add_rule(&mut self, p0: Point, p1: Point, width: f64) {
        let (dx, dy) = ((p1.x - p0.x).abs(), (p1.y - p0.y).abs());
        if width > MAX_RULE {
            return;
        }
        if dy <= 0.5 && dx > 0.5 {
            let y = (p0.y + p1.y) / 2.0;
            self.page.horizontal.push(Segment { at: y, a: p0.x.min(p1.x), b: p0.x.max(p1.x) });
        } else if dx <= 0.5 && dy > 0.5 {
            let x = (p0.x + p1.x) / 2.0;
            self.page.vertical.push(Segment { at: x, a: p0.y.min(p1.y), b: p0.y.max(p1.y) });
        }
    }
}

/// Glyph id → character from a TrueType/OpenType font's Unicode cmap subtables.
fn reverse_cmap(data: &[u8]) -> HashMap<u16, char> {
    let mut map = HashMap::new();
    let Ok(face) = ttf_parser::Face::parse(data, 0) else { return map };
    let Some(cmap) = face.tables().cmap else { return map };
    for sub in cmap.subtables {
        if !sub.is_unicode() {
            continue;
        }
        sub.codepoints(|cp| {
            if let (Some(c), Some(gid)) = (char::from_u32(cp), sub.glyph_index(cp)) {
                // Keep the first (lowest) code point: a font mapping a glyph twice usually maps a
                // compatibility form second.
                map.entry(gid.0).or_insert(c);
            }
        });
    }
    map
}

impl<'a> Device<'a> for Recorder {
    fn set_soft_mask(&mut self, _: Option<SoftMask<'a>>) {}
    fn set_blend_mode(&mut self, _: BlendMode) {}
    fn push_clip_path(&mut self, _: &ClipPath) {}
    fn push_transparency_group(&mut self, _: f32, _: Option<SoftMask<'a>>, _: BlendMode) {}
    fn pop_clip_path(&mut self) {}
    fn pop_transparency_group(&mut self) {}

    fn draw_path(&mut self, path: &BezPath, transform: Affine, _: &Paint<'a>, mode: &PathDrawMode) {
        match mode {
            PathDrawMode::Stroke(props) => {
                // The stroke width in page units (the larger scale of the transform).
                let scale = transform.as_coeffs();
                let s = (scale[0].hypot(scale[1])).max(scale[2].hypot(scale[3]));
                let width = f64::from(props.line_width) * s;
                let mut start = Point::ZERO;
                let mut last = Point::ZERO;
                for el in path.elements() {
                    match *el {
                        PathEl::MoveTo(p) => {
                            start = transform * p;
                            last = start;
                        }
                        PathEl::LineTo(p) => {
                            let p = transform * p;
                            self.add_rule(last, p, width);
                            last = p;
                        }
                        PathEl::ClosePath => {
                            self.add_rule(last, start, width);
                            last = start;
                        }
                        PathEl::QuadTo(_, p) | PathEl::CurveTo(_, _, p) => last = transform * p,
                    }
                }
            }
            PathDrawMode::Fill(_) => {
                // A filled thin bar is a rule (WPS and Word draw table borders so); a filled box is
                // shading. Each closed subpath separately: one path may hold all the borders.
                let mut sub = BezPath::new();
                let flush = |sub: &mut BezPath, me: &mut Self| {
                    if sub.elements().is_empty() {
                        return;
                    }
                    let bbox = (transform * &*sub).bounding_box();
                    sub.truncate(0);
                    if bbox.height() <= MAX_RULE && bbox.width() > bbox.height() {
                        let y = (bbox.y0 + bbox.y1) / 2.0;
                        me.add_rule(Point::new(bbox.x0, y), Point::new(bbox.x1, y), bbox.height());
                    } else if bbox.width() <= MAX_RULE && bbox.height() > bbox.width() {
                        let x = (bbox.x0 + bbox.x1) / 2.0;
                        me.add_rule(Point::new(x, bbox.y0), Point::new(x, bbox.y1), bbox.width());
                    }
                };
                for el in path.elements() {
                    if matches!(el, PathEl::MoveTo(_)) {
                        flush(&mut sub, self);
                    }
                    sub.push(*el);
                }
                flush(&mut sub, self);
            }
        }
    }

    fn draw_glyph(
        &mut self,
        glyph: &Glyph<'a>,
        transform: Affine,
        glyph_transform: Affine,
        _: &Paint<'a>,
        _: &GlyphDrawMode,
    ) {
        // Invisible text (mode 3) is kept: it is the text layer of OCRed scans.
        let t = transform * glyph_transform;
        let origin = t * Point::ZERO;
        // Glyph space is 1000 units per em.
        let up = t * Point::new(0.0, 1000.0) - origin;
        let size = up.hypot();
        if !size.is_finite() || size < 0.5 {
            return;
        }
        let advance = match glyph {
            Glyph::Outline(g) => g.advance_width().map(f64::from).filter(|w| *w > 0.0),
            Glyph::Type3(_) => None,
        }
        .unwrap_or(500.0);
        let end = t * Point::new(advance, 0.0);
        let text = match glyph.as_unicode() {
            Some(BfString::Char(c)) => c.to_string(),
            Some(BfString::String(s)) => s,
            None => match self.char_from_font_cmap(glyph) {
                Some(c) => c.to_string(),
                None => {
                    self.page.unknown += 1;
                    char::REPLACEMENT_CHARACTER.to_string()
                }
            },
        };
        if !origin.x.is_finite() || !origin.y.is_finite() || !end.x.is_finite() {
            return;
        }
        self.page.glyphs.push(Glyph1 {
            text,
            x0: origin.x.min(end.x),
            x1: origin.x.max(end.x).max(origin.x.min(end.x) + 0.1),
            y: origin.y,
            size,
        });
    }

    fn draw_image(&mut self, _: Image<'a, '_>, transform: Affine) {
        // Images are drawn into the unit square.
        let bbox = (transform * kurbo::Rect::new(0.0, 0.0, 1.0, 1.0).to_path(0.1)).bounding_box();
        let page = kurbo::Rect::new(0.0, 0.0, self.page.width, self.page.height);
        let area = bbox.intersect(page).area();
        if area.is_finite() && page.area() > 0.0 {
            self.page.image_area += area / page.area();
        }
    }
}
