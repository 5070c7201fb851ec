//! Decoding one field of the YAML tree into a typed value: a map checked against its known keys
//! (with the nearest key for a typo), required keys, one-line text, prose, counts, signed counts,
//! money, and rows of counts by column, each wrong value reported with its label and the form
//! expected, and with what was most likely typed (thousands separators, full-width digits, a number
//! in quotes, a dash for “none”).
//!
//! A wrong value becomes a finding and a zero, so that loading goes on and reports every mistake.
//! This module knows the forms of values, not the report: which keys exist where is `report`'s
//! (which it asks for the edition a stray key belongs to).

use super::MAX_COUNT;
use super::report::{edition_name, edition_of};
use super::yaml::{Node, Value};
use crate::diag::{Finding, Rule};
use crate::model::{Edition, Money, MoneyUnit, Pos, Prose, Val};

/// The conversion's state: the source text (for values as written) and the findings so far.
pub(super) struct Cx<'s> {
    src: &'s str,
    pub(super) findings: Vec<Finding>,
}

/// A map node's entries by key, checked against the known keys.
pub(super) struct Entries<'n> {
    entries: Vec<(&'n str, &'n Node)>,
    pub(super) pos: Pos,
    /// Known keys an unknown key was reported as a likely misspelling of: not reported missing too.
    suggested: Vec<String>,
}

impl<'n> Entries<'n> {
    pub(super) fn get(&self, key: &str) -> Option<&'n Node> {
        self.entries.iter().find(|(k, _)| *k == key).map(|(_, n)| *n)
    }
}

/// What a value is, in the words of a message (“实际是文字”).
pub(super) fn describe(v: &Value) -> &'static str {
    match v {
        Value::Null => "空白",
        Value::Bool(_) => "是/否（布尔值）",
        Value::Int(_) | Value::Float(_) => "数字",
        Value::Str(_) => "文字",
        Value::Seq(_) => "列表",
        Value::Map(_) => "映射（键: 值）",
    }
}

impl<'s> Cx<'s> {
    pub(super) fn new(src: &'s str) -> Self {
        Cx { src, findings: Vec::new() }
    }

    pub(super) fn err(&mut self, rule: Rule, pos: Pos, msg: impl Into<String>) {
        self.findings.push(Finding::new(rule, pos, msg));
    }

    /// The scalar as written in the file (for numbers: `12.0`, `+3`, `0010`).
    pub(super) fn raw(&self, n: &Node) -> Option<&'s str> {
        let (a, b) = n.bytes?;
        self.src.get(a..b).map(str::trim)
    }

    /// A key node as text (keys written as numbers are read as written).
    pub(super) fn key_text<'n>(&self, k: &'n Node) -> Option<&'n str> {
        match &k.value {
            Value::Str(s) => Some(s.as_str()),
            _ => None,
        }
    }

    /// Checks that `node` is a map whose keys are all in `known`; reports unknown keys with the
    /// nearest known key, or with the edition they belong to.
    pub(super) fn map<'n>(
        &mut self,
        node: &'n Node,
        label: &str,
        known: &[&str],
        edition: Option<Edition>,
    ) -> Option<Entries<'n>> {
        let Value::Map(pairs) = &node.value else {
            self.err(
                Rule::DType,
                node.pos,
                format!("“{label}”应为“键: 值”形式的映射，实际是{}", describe(&node.value)),
            );
            return None;
        };
        let mut entries = Vec::new();
        let mut suggested = Vec::new();
        for (k, v) in pairs {
            let Some(key) = self.key_text(k) else {
                let shown = self.raw(k).unwrap_or("?").to_string();
                self.err(
                    Rule::DUnknownKey,
                    k.pos,
                    format!("“{label}”下的字段名“{shown}”无效：字段名应为文字"),
                );
                continue;
            };
            if known.contains(&key) {
                entries.push((key, v));
                continue;
            }
            if let (Some(ed), Some(belongs)) = (edition, edition_of(key))
                && belongs != ed
            {
                self.err(
                    Rule::DEditionKey,
                    k.pos,
                    format!(
                        "字段“{key}”属于{}，本报告按{}填写（由“年度”或“格式”决定）",
                        edition_name(belongs),
                        edition_name(ed)
                    ),
                );
                continue;
            }
            let msg = match nearest(key, known) {
                Some(near) => {
                    suggested.push(near.to_string());
                    if key.contains('\u{3000}') {
                        format!("“{label}”下的字段“{key}”里有全角空格“　”：请删除，应为“{near}”")
                    } else {
                        format!("“{label}”下有未知字段“{key}”，是否应为“{near}”？")
                    }
                }
                None => format!("“{label}”下有未知字段“{key}”。可用的字段：{}", known.join("、")),
            };
            self.err(Rule::DUnknownKey, k.pos, msg);
        }
        Some(Entries { entries, pos: node.pos, suggested })
    }

    pub(super) fn required<'n>(&mut self, m: &Entries<'n>, key: &str, parent: &str) -> Option<&'n Node> {
        let found = m.get(key);
        if found.is_none() && !m.suggested.iter().any(|k| k == key) {
            let msg = if parent.is_empty() {
                format!("缺少必填字段“{key}”")
            } else {
                format!("“{parent}”下缺少必填字段“{key}”")
            };
            self.err(Rule::DMissing, m.pos, msg);
        }
        found
    }

    pub(super) fn text(&mut self, n: &Node, label: &str) -> Option<String> {
        match &n.value {
            Value::Str(s) if !s.trim().is_empty() => Some(s.trim().to_string()),
            Value::Int(_) | Value::Float(_) | Value::Bool(_) => self.raw(n).map(str::to_string),
            Value::Null | Value::Str(_) => {
                self.err(Rule::DMissing, n.pos, format!("“{label}”未填写：应为一段文字"));
                None
            }
            other => {
                self.err(Rule::DType, n.pos, format!("“{label}”应为文字，实际是{}", describe(other)));
                None
            }
        }
    }

    pub(super) fn opt_text(&mut self, m: &Entries, key: &str) -> Option<Val<String>> {
        let n = m.get(key)?;
        if matches!(n.value, Value::Null) {
            return None;
        }
        self.text(n, key).map(|t| Val::new(t, n.pos))
    }

    pub(super) fn prose(&mut self, n: &Node, label: &str) -> Prose {
        match &n.value {
            Value::Str(s) => {
                let raw = self.raw(n).unwrap_or("");
                // Block scalars (`|`, `>`) start their text on the next line.
                let block = raw.starts_with('|') || raw.starts_with('>');
                let (first_line, col) = if block {
                    let indent = self
                        .src
                        .lines()
                        .nth(n.pos.line as usize)
                        .map_or(1, |l| l.chars().take_while(|c| *c == ' ').count() as u32 + 1);
                    (n.pos.line + 1, indent)
                } else {
                    (n.pos.line, n.pos.col)
                };
                Prose { text: s.clone(), first_line, col }
            }
            Value::Null => {
                self.err(
                    Rule::DMissing,
                    n.pos,
                    format!("“{label}”未填写：应为一段或多段文字（没有可写“无。”）"),
                );
                Prose::default()
            }
            other => {
                self.err(
                    Rule::DType,
                    n.pos,
                    format!("“{label}”应为文字（建议用 `|` 开始多行文字），实际是{}", describe(other)),
                );
                Prose::default()
            }
        }
    }

    /// A count: an integer from 0 to [`MAX_COUNT`].
    pub(super) fn count(&mut self, n: &Node, label: &str) -> Val<u64> {
        let v = self.integer(n, label, false).unwrap_or(0);
        Val::new(v as u64, n.pos)
    }

    /// A signed integer (本年增减).
    pub(super) fn signed(&mut self, n: &Node, label: &str) -> Val<i64> {
        let v = self.integer(n, label, true).unwrap_or(0);
        Val::new(v, n.pos)
    }

    pub(super) fn integer(&mut self, n: &Node, label: &str, signed: bool) -> Option<i64> {
        let expected = if signed {
            "应为整数（增加写正数，减少写负数，不变写 0）"
        } else {
            "应为非负整数（没有请填 0）"
        };
        let raw = self.raw(n).unwrap_or("").to_string();
        let problem = match &n.value {
            // `09`, `0011`: YAML does not read these as the numbers they look like.
            Value::Int(_) | Value::Float(_)
                if raw.len() > 1 && raw.starts_with('0') && raw.bytes().all(|b| b.is_ascii_digit()) =>
            {
                let plain = raw.trim_start_matches('0');
                format!(
                    "“{label}”为 {raw}，以 0 开头：数字前面不要加 0，请写成 {}",
                    if plain.is_empty() { "0" } else { plain }
                )
            }
            Value::Int(i) if !signed && *i < 0 => format!("“{label}”为负数 {i}：{expected}"),
            Value::Int(i) if i.unsigned_abs() > MAX_COUNT as u128 => {
                format!("“{label}”为 {i}，超出合理范围（上限 {MAX_COUNT}）：请核对是否多写了数字")
            }
            Value::Int(i) => return Some(*i as i64),
            // Digits only, yet read as a float: too large for an integer.
            Value::Float(_) if raw.trim_start_matches(['-', '+']).bytes().all(|b| b.is_ascii_digit()) => {
                format!("“{label}”为 {raw}，超出合理范围（上限 {MAX_COUNT}）：请核对是否多写了数字")
            }
            Value::Float(_) => format!("“{label}”为小数 {raw}：{expected}"),
            other => not_a_number(other, label, &raw, expected),
        };
        self.err(Rule::DNumber, n.pos, problem);
        None
    }

    /// A money amount: a decimal ≥ 0, kept as written and exactly, with at most 4 decimal places in
    /// 元 and 6 in 万元 (to the fen: real reports publish 行政事业性收费 as `4166.241619` 万元).
    pub(super) fn money(&mut self, n: &Node, label: &str, unit: MoneyUnit) -> Val<Money> {
        let places = match unit {
            MoneyUnit::Yuan => 4,
            MoneyUnit::TenThousandYuan => Money::MAX_DECIMALS,
        };
        let unit = unit.name();
        let expected = format!("应为金额数字（单位：{unit}，最多 {places} 位小数，没有请填 0）");
        let raw = self.raw(n).unwrap_or("").to_string();
        let problem = match &n.value {
            Value::Int(i) if *i >= 0 && *i <= MAX_COUNT as i128 * 100 => {
                let text = i.to_string();
                let millionths = *i as u64 * 1_000_000;
                return Val::new(Money { text, millionths }, n.pos);
            }
            Value::Float(f) if *f >= 0.0 && f.is_finite() => {
                let decimals = raw.split_once('.').map_or(0, |(_, d)| d.len());
                if decimals <= places && raw.chars().all(|c| c.is_ascii_digit() || c == '.') {
                    if let Some(m) = Money::parse(&raw) {
                        return Val::new(m, n.pos);
                    }
                    format!("“{label}”为 {raw}，超出合理范围：请核对是否多写了数字")
                } else {
                    format!("“{label}”为 {raw}，小数位过多或写法不对：{expected}")
                }
            }
            Value::Int(_) | Value::Float(_) => format!("“{label}”为 {raw}：{expected}"),
            other => not_a_number(other, label, &raw, &expected),
        };
        self.err(Rule::DNumber, n.pos, problem);
        Val::new(Money::zero(), n.pos)
    }

    /// One count per column: a list of `N` numbers (`N + 1` with the 总计 last), or a map by column
    /// name. Cells that are missing or wrong are zeros (and reported).
    pub(super) fn counts<const N: usize>(
        &mut self,
        n: &Node,
        label: &str,
        columns: &[(&str, &str); N],
    ) -> ([Val<u64>; N], Option<Val<u64>>) {
        let mut values: [Val<u64>; N] = std::array::from_fn(|_| Val::new(0, n.pos));
        let mut total = None;
        let names: Vec<&str> = columns.iter().map(|(k, _)| *k).collect();
        match &n.value {
            Value::Seq(items) if items.len() == N || items.len() == N + 1 => {
                for (i, item) in items.iter().enumerate() {
                    let col = names.get(i).copied().unwrap_or("总计");
                    let v = self.count(item, &format!("{label}·{col}"));
                    match values.get_mut(i) {
                        Some(slot) => *slot = v,
                        None => total = Some(v),
                    }
                }
            }
            // `[0，0，0]`: full-width commas (or 顿号) make one text item.
            Value::Seq(items)
                if items.iter().any(|i| matches!(&i.value, Value::Str(s) if s.contains(['，', '、']))) =>
            {
                self.err(
                    Rule::DRowLen,
                    n.pos,
                    format!(
                        "“{label}”的数字之间用了中文逗号“，”或顿号“、”：请改为英文逗号“,”，如 [{}]",
                        vec!["0"; N].join(", ")
                    ),
                )
            }
            Value::Seq(items) => self.err(
                Rule::DRowLen,
                n.pos,
                format!(
                    "“{label}”有 {} 个数：应为 {N} 个数（{}），或 {} 个数（最后一个为总计）",
                    items.len(),
                    names.join("、"),
                    N + 1
                ),
            ),
            Value::Map(_) => {
                let mut keys = names.clone();
                keys.push("总计");
                if let Some(m) = self.map(n, label, &keys, None) {
                    for (i, name) in names.iter().enumerate() {
                        if let Some(x) = m.get(name) {
                            values[i] = self.count(x, &format!("{label}·{name}"));
                        }
                    }
                    total = m.get("总计").map(|x| self.count(x, &format!("{label}·总计")));
                }
            }
            other => self.err(
                Rule::DRowLen,
                n.pos,
                format!(
                    "“{label}”应为 {N} 个数的列表，如 [{}]（{}），实际是{}",
                    vec!["0"; N].join(", "),
                    names.join("、"),
                    describe(other)
                ),
            ),
        }
        (values, total)
    }
}

/// A number the YAML reader took as text, and what the clerk most likely meant: thousands
/// separators (“1,234”), full-width digits typed with a Chinese input method (“１２”), or a number
/// in quotes (`"12"`).
fn text_number(label: &str, s: &str, raw: &str) -> Option<String> {
    let t = s.trim();
    let groups: Vec<&str> = t.split(',').collect();
    if groups.len() > 1
        && groups.iter().all(|g| !g.is_empty() && g.bytes().all(|b| b.is_ascii_digit()))
        && groups[1..].iter().all(|g| g.len() == 3)
    {
        return Some(format!("“{label}”的值“{t}”带有千分位逗号：请直接写成 {}", groups.concat()));
    }
    let half: String = t
        .chars()
        .map(|c| match c {
            '０'..='９' | '．' | '－' | '＋' => char::from_u32(c as u32 - 0xFEE0).unwrap_or(c),
            c => c,
        })
        .collect();
    if t.is_empty() || !half.bytes().all(|b| b.is_ascii_digit() || b"+-.".contains(&b)) {
        return None;
    }
    if half != t {
        Some(format!("“{label}”的值“{t}”用了全角数字：请改为半角“{half}”"))
    } else if raw.starts_with(['"', '\'']) {
        Some(format!("“{label}”的值 {raw} 加了引号，是文字而不是数字：请去掉引号，写成 {t}"))
    } else {
        None
    }
}

/// A dash or “无” written for “none”, where a number belongs.
pub(super) fn is_dash(s: &str) -> bool {
    matches!(s.trim(), "/" | "／" | "—" | "——" | "-" | "－" | "–" | "无" | "")
}

/// The closest known key, when it is close enough to be a likely typo.
fn nearest<'k>(key: &str, known: &[&'k str]) -> Option<&'k str> {
    let best = known.iter().map(|k| (strsim::levenshtein(key, k), *k)).min_by_key(|(d, _)| *d)?;
    let limit = (key.chars().count().max(best.1.chars().count()) / 2).max(1);
    (best.0 <= limit).then_some(best.1)
}

/// Why a value that is not a number at all (blank, a dash, text, a list) cannot be a count or an
/// amount: the message both `integer` and `money` give.
fn not_a_number(value: &Value, label: &str, raw: &str, expected: &str) -> String {
    match value {
        Value::Null => format!("“{label}”未填写：{expected}"),
        Value::Str(s) if is_dash(s) => format!("“{label}”填写了“{}”：{expected}", s.trim()),
        Value::Str(s) => {
            text_number(label, s, raw).unwrap_or_else(|| format!("“{label}”的值“{s}”不是数字：{expected}"))
        }
        other => format!("“{label}”应为数字，实际是{}：{expected}", describe(other)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nearest_key_suggestion() {
        assert_eq!(nearest("部份公开", &["予以公开", "部分公开"]), Some("部分公开"));
        assert_eq!(nearest("完全无关的字段名字", &["机关", "年度"]), None);
    }
}
