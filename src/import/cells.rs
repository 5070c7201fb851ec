//! The text of one table cell as a number, and labels as comparable text. Every reading that is not
//! a plain number says so in a note (the data file carries it as a comment at the value's line).

use crate::model::Money;

/// What one cell gave.
#[derive(Debug, Clone, PartialEq)]
pub enum Got<T> {
    /// A plain number.
    Plain(T),
    /// A number read from something else (a dash, a note inside the cell, a unit): why.
    Uncertain(T, String),
    /// Nothing usable: why. The data file leaves the value unfilled.
    Missing(String),
}

impl<T> Got<T> {
    pub fn map<U>(self, f: impl FnOnce(T) -> U) -> Got<U> {
        match self {
            Got::Plain(v) => Got::Plain(f(v)),
            Got::Uncertain(v, n) => Got::Uncertain(f(v), n),
            Got::Missing(n) => Got::Missing(n),
        }
    }
}

/// Spaces of every kind, which cells and labels carry from the page's layout.
pub fn is_space(c: char) -> bool {
    c.is_whitespace() || matches!(c, '\u{200b}' | '\u{feff}')
}

/// Full-width digits, letters and signs as ASCII; every kind of space removed.
pub fn squeeze(s: &str) -> String {
    s.chars()
        .filter(|c| !is_space(*c))
        .map(|c| match c {
            '０'..='９' | 'Ａ'..='Ｚ' | 'ａ'..='ｚ' | '．' | '，' | '－' | '＋' | '％' => {
                char::from_u32(c as u32 - 0xFEE0).unwrap_or(c)
            }
            c => c,
        })
        .collect()
}

/// A label as compared with the official one: no spaces, no quotes, ASCII brackets as full-width,
/// and no leading numbering (“一、”“（三）”“1.”“2、”).
pub fn label(s: &str) -> String {
    let s: String = squeeze(s)
        .chars()
        .filter(|c| !matches!(c, '“' | '”' | '"' | '‘' | '’' | '\'' | '「' | '」'))
        .map(|c| match c {
            '(' => '（',
            ')' => '）',
            ':' => '：',
            c => c,
        })
        .collect();
    strip_numbering(&without_year(&s)).to_string()
}

/// A label without a year put in brackets inside it (“本年（2023）制发件数”, “本年（2023年）…”):
/// the official labels have none.
fn without_year(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    while let Some(open) = rest.find('（') {
        let after = &rest[open + '（'.len_utf8()..];
        let year_len = after.chars().take_while(char::is_ascii_digit).count();
        let tail = after[year_len..].strip_prefix('年').unwrap_or(&after[year_len..]);
        if year_len == 4
            && let Some(close) = tail.strip_prefix('）')
        {
            out.push_str(&rest[..open]);
            rest = close;
        } else {
            out.push_str(&rest[..open + '（'.len_utf8()]);
            rest = after;
        }
    }
    out.push_str(rest);
    out
}

/// The text after a leading numbering marker.
pub fn strip_numbering(s: &str) -> &str {
    const NUMERALS: &str = "一二三四五六七八九十";
    let mut rest = s;
    if let Some(r) = rest.strip_prefix('（')
        && let Some(end) = r.find('）')
        && r[..end].chars().all(|c| NUMERALS.contains(c) || c.is_ascii_digit())
        && end > 0
    {
        return &r[end + '）'.len_utf8()..];
    }
    let lead: usize =
        rest.chars().take_while(|c| NUMERALS.contains(*c) || c.is_ascii_digit()).map(char::len_utf8).sum();
    if lead > 0 {
        let after = &rest[lead..];
        for sep in ['、', '.', '．', '，', ','] {
            if let Some(r) = after.strip_prefix(sep) {
                rest = r;
                return rest;
            }
        }
    }
    rest
}

/// How alike two labels are, 0 to 1: 1 when equal, high when one holds the other, else by edit
/// distance (misspellings, OCR's look-alike characters).
pub fn likeness(a: &str, b: &str) -> f64 {
    if a == b {
        return 1.0;
    }
    if a.is_empty() || b.is_empty() {
        return 0.0;
    }
    let (short, long) = if a.chars().count() <= b.chars().count() { (a, b) } else { (b, a) };
    if short.chars().count() >= 2 && long.contains(short) {
        // “规范性文件” in “行政规范性文件”: close, but less than equal.
        return 0.8 + 0.15 * short.chars().count() as f64 / long.chars().count() as f64;
    }
    // Labels are short; a long text is no label (and would make the edit distance quadratic).
    if long.chars().count() > 120 {
        return 0.0;
    }
    strsim::normalized_levenshtein(a, b)
}

/// Dashes and words that stand for “none” in a number cell.
fn is_dash(s: &str) -> bool {
    matches!(s, "/" | "／" | "\\" | "—" | "——" | "-" | "--" | "–" | "―" | "无" | "空" | "暂无" | "×" | "x")
}

/// Whether a cell's text belongs in a number position (a number, a dash, blank, or a number with
/// a note or unit), as opposed to a label.
pub fn is_value_like(s: &str) -> bool {
    let t = squeeze(s);
    if t.is_empty() || is_dash(&t) {
        return true;
    }
    let digits =
        t.bytes().take_while(|b| b.is_ascii_digit() || matches!(b, b'.' | b',' | b'-' | b'+')).count();
    if digits == 0 || !t.as_bytes()[0].is_ascii_digit() && !t.starts_with(['-', '+']) {
        return false;
    }
    // “1.属于国家秘密”, “2、重复申请”: numbering, not a number.
    let rest = &t[digits..];
    // After the number: nothing, a note in brackets or a unit; “1.属于…”, “2、重复申请” and
    // “100%。” are not values.
    if t[..digits].ends_with('.') && !rest.is_empty() {
        return false;
    }
    rest.is_empty()
        || rest.starts_with(['（', '('])
        || ["元", "万元", "件", "个", "项", "次", "条"].contains(&rest)
}

/// The leading decimal number of a squeezed cell text (thousands separators dropped) and the rest.
fn leading_number(t: &str) -> Option<(String, &str)> {
    let mut end = 0;
    let bytes = t.as_bytes();
    if bytes.first().is_some_and(|b| *b == b'-' || *b == b'+') {
        end = 1;
    }
    let start = end;
    while end < bytes.len() && (bytes[end].is_ascii_digit() || bytes[end] == b',' || bytes[end] == b'.') {
        end += 1;
    }
    let num: String = t[..end].chars().filter(|c| *c != ',').collect();
    let num = num.trim_end_matches('.').to_string();
    if end == start || !num[start..].starts_with(|c: char| c.is_ascii_digit()) || num.matches('.').count() > 1
    {
        return None;
    }
    Some((num, &t[end..]))
}

fn blank_note() -> String {
    "原文为空白，未填写，请核对".into()
}

/// A count (an integer ≥ 0), or a signed integer when `signed`.
pub fn integer(text: &str, signed: bool) -> Got<i64> {
    let t = squeeze(text);
    if t.is_empty() {
        return Got::Missing(blank_note());
    }
    if is_dash(&t) {
        return Got::Uncertain(0, format!("原文为“{}”，已按 0 填写，请核对", t));
    }
    let Some((num, rest)) = leading_number(&t) else {
        return Got::Missing(format!("原文为“{}”，不是数字，未填写", shown(text)));
    };
    let Ok(v) = num.parse::<i64>() else {
        return Got::Missing(format!("原文为“{}”，不是整数，未填写", shown(text)));
    };
    if v < 0 && !signed || v > 10_000_000 {
        return Got::Missing(format!("原文为“{}”，不在有效范围内，未填写", shown(text)));
    }
    match rest {
        "" => Got::Plain(v),
        "件" | "个" | "项" | "次" | "条" => {
            Got::Uncertain(v, format!("原文为“{}”，已按 {v} 填写", shown(text)))
        }
        _ => Got::Uncertain(v, format!("原文为“{}”，已按 {v} 填写，请核对", shown(text))),
    }
}

/// Money in `unit` (元 or 万元) from a cell whose column says `header_unit`: a cell or header in 元
/// where 万元 belongs is converted exactly, and says so.
pub fn money(text: &str, want_wan: bool, header_in_yuan: bool) -> Got<Money> {
    let t = squeeze(text);
    if t.is_empty() {
        return Got::Missing(blank_note());
    }
    if is_dash(&t) {
        return Got::Uncertain(Money::zero(), format!("原文为“{t}”，已按 0 填写，请核对"));
    }
    let Some((num, rest)) = leading_number(&t) else {
        return Got::Missing(format!("原文为“{}”，不是金额，未填写", shown(text)));
    };
    let in_yuan = match rest {
        "元" => true,
        "万元" => false,
        _ => header_in_yuan,
    };
    let value = if want_wan && in_yuan { shift_left(&num, 4) } else { num.clone() };
    let Some(m) = Money::parse(&value) else {
        return Got::Missing(format!("原文为“{}”，不是金额，未填写", shown(text)));
    };
    if want_wan && in_yuan {
        Got::Uncertain(
            m.clone(),
            format!("原文为“{}”（单位：元），已换算为 {} 万元，请核对", shown(text), m.text),
        )
    } else if rest.is_empty() {
        Got::Plain(m)
    } else {
        Got::Uncertain(m.clone(), format!("原文为“{}”，已按 {} 填写，请核对", shown(text), m.text))
    }
}

/// A decimal divided by 10^`places`, exactly, as text without trailing zeros.
fn shift_left(num: &str, places: usize) -> String {
    let (whole, frac) = num.split_once('.').unwrap_or((num, ""));
    let padded = format!("{}{whole}", "0".repeat(places));
    let cut = padded.len() - places;
    let whole = padded[..cut].trim_start_matches('0');
    let frac = format!("{}{frac}", &padded[cut..]);
    let frac = frac.trim_end_matches('0');
    let whole = if whole.is_empty() { "0" } else { whole };
    if frac.is_empty() { whole.to_string() } else { format!("{whole}.{frac}") }
}

/// A cell's text as quoted in a note: one line, not too long.
pub fn shown(text: &str) -> String {
    let t: String = text.split_whitespace().collect::<Vec<_>>().join(" ");
    if t.chars().count() > 30 { format!("{}…", t.chars().take(30).collect::<String>()) } else { t }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_and_what_is_not() {
        assert_eq!(integer("２１７", false), Got::Plain(217));
        assert_eq!(integer(" 1,234 ", false), Got::Plain(1234));
        assert_eq!(integer("\u{a0}", false), Got::Missing("原文为空白，未填写，请核对".into()));
        assert_eq!(integer("/", false), Got::Uncertain(0, "原文为“/”，已按 0 填写，请核对".into()));
        assert_eq!(integer("—", false), Got::Uncertain(0, "原文为“—”，已按 0 填写，请核对".into()));
        assert_eq!(integer("无", false), Got::Uncertain(0, "原文为“无”，已按 0 填写，请核对".into()));
        assert_eq!(
            integer("22（其中修订 16 件）", false),
            Got::Uncertain(22, "原文为“22（其中修订 16 件）”，已按 22 填写，请核对".into())
        );
        assert_eq!(integer("-4", true), Got::Plain(-4));
        assert!(matches!(integer("-4", false), Got::Missing(_)));
        assert!(matches!(integer("若干", false), Got::Missing(_)));
    }

    #[test]
    fn a_year_in_brackets_is_not_part_of_a_label() {
        assert_eq!(label("本年(2023)制发件数"), "本年制发件数");
        assert_eq!(label("本年（2023年）废止件数"), "本年废止件数");
        assert_eq!(label("（一）予以公开"), "予以公开");
        assert_eq!(label("本年增/减（含12项）"), "本年增/减（含12项）");
    }

    #[test]
    fn money_in_yuan_becomes_wan_exactly() {
        assert_eq!(money("18651.06", true, false), Got::Plain(Money::parse("18651.06").unwrap()));
        let Got::Uncertain(m, note) = money("251000元", true, false) else { panic!() };
        assert_eq!((m.text.as_str(), note.contains("元")), ("25.1", true));
        let Got::Uncertain(m, _) = money("3940", true, true) else { panic!() };
        assert_eq!(m.text, "0.394");
        assert_eq!(shift_left("12.5", 4), "0.00125");
    }

    #[test]
    fn labels_and_values() {
        assert_eq!(label("（三）不予公开"), "不予公开");
        assert_eq!(label("1.属于国家秘密"), "属于国家秘密");
        assert_eq!(label("3.危及“三安全一稳定”"), "危及三安全一稳定");
        assert_eq!(label("一、本年新收政府信息公开申请数量"), "本年新收政府信息公开申请数量");
        assert_eq!(label("商业\n企业"), "商业企业");
        assert!(is_value_like("22（其中修订 16 件）") && is_value_like("") && is_value_like("/"));
        assert!(!is_value_like("1.属于国家秘密") && !is_value_like("2、重复申请") && !is_value_like("总计"));
        assert!(likeness("规范性文件", "行政规范性文件") > 0.8);
        assert!(likeness("其他法律行政止公开", "其他法律行政法规禁止公开") > 0.6);
    }
}
