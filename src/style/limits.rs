//! What a usable style is: every number finite and in a range that gives a readable page, and
//! the numbers that depend on each other (page and margins, line pitch and font sizes, page
//! number and bottom margin) consistent. Checked once, when a style is read, for every format.

use super::{FontRole, Style, keys::what};

/// Paper size, each way (a business card to a large poster).
pub const PAGE_MM: (f32, f32) = (50.0, 1000.0);
/// The text block (版心) the margins must leave, each way.
pub const MIN_TEXT_BLOCK_MM: f32 = 40.0;
/// Font sizes: 5 pt (小七号 is 5.25 pt) to 72 pt (初号 is 42 pt).
pub const SIZE_PT: (f32, f32) = (5.0, 72.0);
/// Line pitch: at most 100 pt, so that a text block of the least height (113 pt) holds a line.
pub const MAX_PITCH_PT: f32 = 100.0;
/// First-line indent, in characters (the geometry clamps to this too).
pub const INDENT_CHARS: (f32, f32) = (0.0, 10.0);

/// A problem of a style, with the settings it concerns, the likeliest culprit first.
#[derive(Debug)]
pub(super) struct Problem {
    pub keys: Vec<String>,
    pub message: String,
}

/// The range a numeric setting must be in.
#[derive(Debug, Clone, Copy)]
pub(super) struct Range {
    min: f32,
    max: Option<f32>,
    unit: &'static str,
}

impl Range {
    fn holds(&self, v: f32) -> bool {
        v.is_finite() && v >= self.min && self.max.is_none_or(|m| v <= m)
    }

    /// “50 到 1000 之间的数（毫米）”.
    pub(super) fn expected(&self) -> String {
        match self.max {
            Some(max) => format!("{} 到 {} 之间的数（{}）", num(self.min), num(max), self.unit),
            None => format!("不小于 {} 的数（{}）", num(self.min), self.unit),
        }
    }
}

/// The range of a numeric setting, by its dotted path.
pub(super) fn range(key: &str) -> Option<Range> {
    let r = |min, max, unit| Some(Range { min, max, unit });
    match key {
        "page.width_mm" | "page.height_mm" => r(PAGE_MM.0, Some(PAGE_MM.1), "毫米"),
        "page.margin_top_mm"
        | "page.margin_bottom_mm"
        | "page.margin_left_mm"
        | "page.margin_right_mm"
        | "page_number.below_text_mm" => r(0.0, None, "毫米"),
        "line_pitch_pt" => r(SIZE_PT.0, Some(MAX_PITCH_PT), "磅"),
        "first_line_indent_chars" => r(INDENT_CHARS.0, Some(INDENT_CHARS.1), "字"),
        k if k.ends_with(".size_pt") => r(SIZE_PT.0, Some(SIZE_PT.1), "磅"),
        _ => None,
    }
}

/// `s` after Chinese text: a space before Latin letters and digits, as the messages write them.
pub(super) fn spaced(s: &str) -> String {
    match s.chars().next() {
        Some(c) if c.is_ascii() => format!(" {s}"),
        _ => s.to_string(),
    }
}

/// `纸宽（page.width_mm）210 毫米`.
fn amount(key: &str, v: f32) -> String {
    format!("{}（{key}）{} 毫米", what(key), num(v))
}

/// A number as a clerk writes it: `16`, `28.95`, `.nan`.
pub(super) fn num(v: f32) -> String {
    if v.is_nan() {
        ".nan".into()
    } else if v.is_infinite() {
        if v > 0.0 { ".inf".into() } else { "-.inf".into() }
    } else {
        // Two decimals at most: f32 noise (28.950001) is not what anyone wrote.
        let s = format!("{:.2}", v);
        s.trim_end_matches('0').trim_end_matches('.').to_string()
    }
}

/// The font roles with their paths.
fn roles(s: &Style) -> [(&'static str, &FontRole); 8] {
    [
        ("title", &s.title),
        ("h1", &s.h1),
        ("h2", &s.h2),
        ("h3", &s.h3),
        ("h4", &s.h4),
        ("body", &s.body),
        ("table", &s.table),
        ("page_number.font", &s.page_number.font),
    ]
}

/// Everything wrong with `s`; empty when every writer can lay it out.
pub(super) fn problems(s: &Style) -> Vec<Problem> {
    let p = &s.page;
    let mut numbers = vec![
        ("page.width_mm".to_string(), p.width_mm),
        ("page.height_mm".into(), p.height_mm),
        ("page.margin_top_mm".into(), p.margin_top_mm),
        ("page.margin_bottom_mm".into(), p.margin_bottom_mm),
        ("page.margin_left_mm".into(), p.margin_left_mm),
        ("page.margin_right_mm".into(), p.margin_right_mm),
        ("line_pitch_pt".into(), s.line_pitch_pt),
        ("first_line_indent_chars".into(), s.first_line_indent_chars),
        ("page_number.below_text_mm".into(), s.page_number.below_text_mm),
    ];
    numbers.extend(roles(s).iter().map(|(k, r)| (format!("{k}.size_pt"), r.size_pt)));

    let mut out = Vec::new();
    let mut bad: Vec<String> = Vec::new();
    for (key, v) in numbers {
        let Some(range) = range(&key) else { continue };
        if !range.holds(v) {
            out.push(Problem {
                message: format!(
                    "{}（{key}）应为{}，这里是 {}",
                    what(&key),
                    spaced(&range.expected()),
                    num(v)
                ),
                keys: vec![key.clone()],
            });
            bad.push(key);
        }
    }
    for (key, role) in roles(s) {
        let key = format!("{key}.fonts");
        if role.fonts.is_empty() {
            out.push(Problem {
                message: format!("{}（{key}）是空的：应至少写一个字体名，如 [仿宋_GB2312, 仿宋]", what(&key)),
                keys: vec![key],
            });
        } else if role.fonts.iter().any(|f| f.trim().is_empty()) {
            out.push(Problem {
                message: format!("{}（{key}）中有空的字体名：请删去它或写上字体名", what(&key)),
                keys: vec![key],
            });
        }
    }
    // The checks below combine settings: only when each one is usable on its own.
    let usable = |keys: &[&str]| keys.iter().all(|k| !bad.iter().any(|b| b == k));

    for (size, left, right, each) in [
        ("page.width_mm", "page.margin_left_mm", "page.margin_right_mm", "宽"),
        ("page.height_mm", "page.margin_top_mm", "page.margin_bottom_mm", "高"),
    ] {
        if !usable(&[size, left, right]) {
            continue;
        }
        let get = |k: &str| match k {
            "page.width_mm" => p.width_mm,
            "page.height_mm" => p.height_mm,
            "page.margin_left_mm" => p.margin_left_mm,
            "page.margin_right_mm" => p.margin_right_mm,
            "page.margin_top_mm" => p.margin_top_mm,
            _ => p.margin_bottom_mm,
        };
        let block = get(size) - get(left) - get(right);
        if block < MIN_TEXT_BLOCK_MM {
            out.push(Problem {
                message: format!(
                    "页边距太大：{}减去{}和{}，版心只剩 {} 毫米{each}，应至少留 {} 毫米（GB/T 9704 的版心为 156 × 225 毫米）",
                    amount(size, get(size)),
                    amount(left, get(left)),
                    amount(right, get(right)),
                    num(block),
                    num(MIN_TEXT_BLOCK_MM),
                ),
                keys: [left, right, size].map(String::from).to_vec(),
            });
        }
    }

    // Body text and headings sit on one fixed pitch: a larger size is clipped (DOCX) or overlaps.
    if usable(&["line_pitch_pt"]) {
        let over: Vec<(String, f32)> = roles(s)[1..6]
            .iter()
            .map(|(k, r)| (format!("{k}.size_pt"), r.size_pt))
            .filter(|(k, v)| usable(&[k]) && *v > s.line_pitch_pt)
            .collect();
        if let Some((largest, size)) = over.iter().max_by(|a, b| a.1.total_cmp(&b.1)) {
            let names: Vec<String> =
                over.iter().map(|(k, _)| what(k).trim_end_matches("的字号").to_string()).collect();
            let mut keys: Vec<String> = over.iter().map(|(k, _)| k.clone()).collect();
            keys.push("line_pitch_pt".into());
            out.push(Problem {
                message: format!(
                    "行距（line_pitch_pt）{} 磅小于{}的字号（{} 为 {} 磅）：正文和各级标题用同一固定行距，行距小于字号时文字会被裁掉或重叠；请加大行距或减小字号",
                    num(s.line_pitch_pt),
                    names.join("、"),
                    largest,
                    num(*size),
                ),
                keys,
            });
        }
    }

    // The page number's line starts `below_text_mm` under the text block and must end on the paper.
    let number = ["page_number.below_text_mm", "page_number.font.size_pt", "page.margin_bottom_mm"];
    if usable(&number) {
        let height_mm = s.page_number.font.size_pt * 25.4 / 72.0;
        let needed = s.page_number.below_text_mm + height_mm;
        if needed > p.margin_bottom_mm {
            out.push(Problem {
                message: format!(
                    "页码放不下：页码距版心下边缘 {} 毫米，加上页码字高 {} 毫米，超出了下白边（page.margin_bottom_mm）{} 毫米，页码会印到纸外；请减小 page_number.below_text_mm 或加大下白边",
                    num(s.page_number.below_text_mm),
                    num(height_mm),
                    num(p.margin_bottom_mm),
                ),
                keys: number.map(String::from).to_vec(),
            });
        }
    }
    out
}
