//! The fields of the form, named by their key path in the data file (`申请.本年新收.0`,
//! `联系方式.电话`), and the figures' places in a data file's text.
//!
//! The form holds text, never a typed report: a figure is put back into the data file as the clerk
//! typed it and read by the loader, so that a wrong figure gets the loader's own message and rule id.

use crate::model::*;
use serde::Serialize;

/// What a field holds, which decides its input element.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Kind {
    /// One line of text.
    Text,
    /// Prose: one paragraph a line.
    Prose,
    /// A figure of a table (or the year).
    Number,
}

/// One field of the form.
#[derive(Debug, Clone, Serialize)]
pub struct Field {
    /// The key path in the data file, which is also the field's id in the page.
    pub id: String,
    /// The label shown beside the input.
    pub label: String,
    pub kind: Kind,
    /// The value as the data file holds it.
    pub value: String,
    /// A hint shown under an empty input.
    #[serde(skip_serializing_if = "str::is_empty")]
    pub hint: &'static str,
}

impl Field {
    fn new(id: impl Into<String>, label: impl Into<String>, kind: Kind, value: impl Into<String>) -> Field {
        Field { id: id.into(), label: label.into(), kind, value: value.into(), hint: "" }
    }

    fn hint(mut self, hint: &'static str) -> Field {
        self.hint = hint;
        self
    }
}

/// One-line fields of the heading, in the order `init` writes them (年度 first among them is a
/// figure). The optional ones are left out of the data file when empty.
pub fn heading(r: &Report) -> Vec<Field> {
    let opt = |v: &Option<Val<String>>| v.as_ref().map(|v| v.value.clone()).unwrap_or_default();
    let c = &r.contacts;
    let mut out = vec![
        Field::new("机关", "机关名称", Kind::Text, r.agency.value.clone()),
        Field::new("年度", "报告年度", Kind::Number, r.year.value.to_string()),
        Field::new("地区", "地区模板", Kind::Text, opt(&r.locality))
            .hint("不填则用通用模板，如 shanghai、shandong"),
        Field::new("标题", "标题", Kind::Text, opt(&r.title))
            .hint("不填则为“机关名称+年度+年政府信息公开工作年度报告”"),
        Field::new("网址", "报告网址", Kind::Text, r.url.clone().unwrap_or_default())
            .hint("报告电子版的查阅网址"),
    ];
    let contacts = [&c.address, &c.postcode, &c.phone, &c.fax, &c.email];
    for ((key, _), value) in CONTACT_KEYS.iter().zip(contacts) {
        out.push(Field::new(format!("联系方式.{key}"), *key, Kind::Text, value.clone().unwrap_or_default()));
    }
    out.push(Field::new("落款.单位", "落款单位", Kind::Text, r.signature.unit.clone().unwrap_or_default()));
    let date = r.signature.date.as_ref().map(|d| d.value.clone()).unwrap_or_default();
    out.push(Field::new("落款.日期", "落款日期", Kind::Text, date).hint("如 2025年1月20日"));
    out
}

/// The prose sections: 一, 五, and 六 as one text or (2021) by topic, with the fee.
pub fn prose(r: &Report) -> Vec<Field> {
    let mut out = vec![Field::new("总体情况", "一、总体情况", Kind::Prose, r.overview.text.clone())];
    out.push(Field::new("问题及改进", "五、存在的主要问题及改进情况", Kind::Prose, r.problems.text.clone()));
    match &r.other.prose {
        Some(p) => out.push(Field::new("其他事项", "六、其他需要报告的事项", Kind::Prose, p.text.clone())),
        None => {
            let fee = r.other.fee.as_ref().map(|f| f.value.text.clone()).unwrap_or_default();
            out.push(
                Field::new(format!("其他事项.{FEE_KEY}"), "六、信息处理费（元）", Kind::Number, fee)
                    .hint("本年收取的信息处理费，没有收取填 0"),
            );
            for (key, id, heading) in OTHER_TOPICS {
                let text = r.other.topics.iter().find(|(t, _)| *t == id).map(|(_, p)| p.text.clone());
                out.push(Field::new(
                    format!("其他事项.{key}"),
                    heading,
                    Kind::Prose,
                    text.unwrap_or_default(),
                ));
            }
        }
    }
    out
}

/// A figure of the tables: its field id, its label and where the data file holds it.
#[derive(Debug, Clone)]
pub struct Cell {
    pub id: String,
    pub label: String,
    pub text: String,
    pub pos: Pos,
}

/// Every figure of tables 二, 三 and 四 in data-file order, as the loaded report holds it.
pub fn cells(r: &Report) -> Vec<Cell> {
    let mut out = Vec::new();
    for (def, cells) in r.proactive.rows() {
        for (col, cell) in def.cols.iter().zip(&cells) {
            let (id, label) = if def.is_scalar() {
                (format!("主动公开.{}", def.key), def.key.to_string())
            } else {
                (format!("主动公开.{}.{}", def.key, col.key), format!("{}·{}", def.key, col.header))
            };
            out.push(Cell { id, label, text: cell.data_text(), pos: cell.pos() });
        }
    }
    for row in &r.requests.rows {
        let path = match row.def.group {
            Some(g) => format!("申请.{g}.{}", row.def.key),
            None => format!("申请.{}", row.def.key),
        };
        for (i, v) in row.values.iter().enumerate() {
            let label = format!("{}·{}", row.def.label, APPLICANTS[i].0);
            out.push(Cell { id: format!("{path}.{i}"), label, text: v.value.to_string(), pos: v.pos });
        }
    }
    for ((key, label, _), group) in APPEAL_GROUPS.iter().zip(&r.appeals.groups) {
        for (i, v) in group.values.iter().enumerate() {
            let label = format!("{label}·{}", OUTCOMES[i].0);
            out.push(Cell {
                id: format!("复议诉讼.{key}.{i}"),
                label,
                text: v.value.to_string(),
                pos: v.pos,
            });
        }
    }
    out
}

/// The key path of every line of a data file written by [`crate::datafile::write`]: a key line
/// names its key under its parents, lines of a `|` block belong to their key, comments and blank
/// lines to nothing. Findings are put beside a field by their line through it.
pub fn line_paths(text: &str) -> Vec<Option<String>> {
    let mut stack: Vec<(usize, String)> = Vec::new();
    let mut block: Option<(usize, String)> = None;
    let mut out = Vec::new();
    for line in text.split('\n') {
        let indent = line.len() - line.trim_start_matches(' ').len();
        let body = &line[indent..];
        if let Some((key_indent, path)) = &block {
            if body.is_empty() || indent > *key_indent {
                out.push((!body.is_empty()).then(|| path.clone()));
                continue;
            }
            block = None;
        }
        if body.is_empty() || body.starts_with('#') {
            out.push(None);
            continue;
        }
        let Some((key, rest)) = body.split_once(':') else {
            out.push(None);
            continue;
        };
        while stack.last().is_some_and(|(i, _)| *i >= indent) {
            stack.pop();
        }
        let path = match stack.last() {
            Some((_, parent)) => format!("{parent}.{}", key.trim()),
            None => key.trim().to_string(),
        };
        stack.push((indent, path.clone()));
        if rest.trim_start().starts_with('|') {
            block = Some((indent, path.clone()));
        }
        out.push(Some(path));
    }
    out
}

/// A figure as the clerk typed it, as a YAML scalar that keeps the line's structure: digits as
/// they are, anything else quoted so that the loader reads it as text and says what is wrong.
pub fn scalar(typed: &str) -> String {
    let t = typed.trim();
    let plain = !t.is_empty()
        && t.trim_start_matches('-').chars().all(|c| c.is_ascii_digit() || c == '.')
        && t.trim_start_matches('-').starts_with(|c: char| c.is_ascii_digit());
    if plain { t.to_string() } else { serde_json::to_string(t).unwrap_or_else(|_| "\"\"".into()) }
}

/// The end (exclusive, in characters) of the scalar that starts at character `start` of `line`:
/// a number or a quoted string, as [`crate::datafile::write`] and [`scalar`] write them.
fn token_end(line: &[char], start: usize) -> usize {
    let mut i = start;
    if line.get(i) == Some(&'"') {
        i += 1;
        while i < line.len() && line[i] != '"' {
            i += if line[i] == '\\' { 2 } else { 1 };
        }
        return (i + 1).min(line.len());
    }
    while i < line.len() && !matches!(line[i], ',' | ']' | '}' | ' ' | '#') {
        i += 1;
    }
    i
}

/// A figure's place in a text: line, first column and the column after it (1-based characters).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Span {
    pub id: String,
    pub line: u32,
    pub col: u32,
    pub end: u32,
}

/// Replaces the scalars at the given positions (the loaded report's positions in `text`) by new
/// scalars, and returns the text with where each one now is.
pub fn splice(text: &str, edits: &[(String, Pos, String)]) -> (String, Vec<Span>) {
    let mut lines: Vec<Vec<char>> = text.split('\n').map(|l| l.chars().collect()).collect();
    let mut spans = Vec::with_capacity(edits.len());
    let mut order: Vec<&(String, Pos, String)> = edits.iter().collect();
    // Right to left on each line, so that earlier columns stay where the report found them.
    order.sort_by_key(|(_, p, _)| std::cmp::Reverse(*p));
    for (id, pos, new) in order {
        let Some(line) = lines.get_mut((pos.line as usize).wrapping_sub(1)) else { continue };
        let start = (pos.col as usize).saturating_sub(1).min(line.len());
        let end = token_end(line, start);
        let new: Vec<char> = new.chars().collect();
        let shift = new.len() as i64 - (end - start) as i64;
        line.splice(start..end, new.iter().copied());
        // Spans already placed to the right on this line move with the edit.
        for s in spans.iter_mut().filter(|s: &&mut Span| s.line == pos.line && s.col as usize > start) {
            s.col = (s.col as i64 + shift) as u32;
            s.end = (s.end as i64 + shift) as u32;
        }
        spans.push(Span {
            id: id.clone(),
            line: pos.line,
            col: start as u32 + 1,
            end: (start + new.len()) as u32 + 1,
        });
    }
    let text: Vec<String> = lines.into_iter().map(|l| l.into_iter().collect()).collect();
    (text.join("\n"), spans)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn figures_are_quoted_unless_digits() {
        assert_eq!(scalar(" 12 "), "12");
        assert_eq!(scalar("-3"), "-3");
        assert_eq!(scalar("7730.28"), "7730.28");
        assert_eq!(scalar("１２"), "\"１２\"");
        assert_eq!(scalar("1, 2]"), "\"1, 2]\"");
        assert_eq!(scalar(""), "\"\"");
        assert_eq!(scalar("-"), "\"-\"");
    }

    #[test]
    fn splicing_keeps_the_other_cells_in_place() {
        let text = "a: [1, 22, 3]    # x\nb: 4";
        let edits = vec![
            ("a.0".to_string(), Pos { line: 1, col: 5 }, "100".to_string()),
            ("a.1".to_string(), Pos { line: 1, col: 8 }, "\"x, y\"".to_string()),
            ("b".to_string(), Pos { line: 2, col: 4 }, "5".to_string()),
        ];
        let (out, spans) = splice(text, &edits);
        assert_eq!(out, "a: [100, \"x, y\", 3]    # x\nb: 5");
        let a1 = spans.iter().find(|s| s.id == "a.1").unwrap();
        assert_eq!((a1.col, a1.end), (10, 16));
        let a0 = spans.iter().find(|s| s.id == "a.0").unwrap();
        assert_eq!((a0.col, a0.end), (5, 8));
    }

    #[test]
    fn lines_know_their_key_path() {
        let paths = line_paths(
            "# c\n机关: 某局\n联系方式:\n  电话: 1\n总体情况: |\n  一段\n\n  二段\n申请:\n  不予公开:\n    保密: [0]\n",
        );
        let p = |i: usize| paths[i].as_deref();
        assert_eq!(p(0), None);
        assert_eq!(p(1), Some("机关"));
        assert_eq!(p(3), Some("联系方式.电话"));
        assert_eq!((p(5), p(6), p(7)), (Some("总体情况"), None, Some("总体情况")));
        assert_eq!(p(10), Some("申请.不予公开.保密"));
    }
}
