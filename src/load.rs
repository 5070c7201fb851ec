//! Loading a data file: YAML → [`Report`], keeping the line and column of every value.
//!
//! The YAML is first read by serde-saphyr into a small spanned tree ([`Node`]) and then converted
//! by hand, so that every mistake gets its own Chinese message with the official label and the
//! expected form, and so that all mistakes of a file are reported at once rather than the first.

use crate::diag::{Finding, Rule};
use crate::model::*;
use serde::de::{self, Deserialize, Deserializer, MapAccess, SeqAccess, Visitor};
use serde_saphyr::Spanned;
use std::fmt;
use std::path::Path;

/// Larger data files are refused before parsing (a real one is a few kilobytes).
pub const MAX_FILE_BYTES: u64 = 5 * 1024 * 1024;
/// Largest count accepted in any cell.
pub const MAX_COUNT: u64 = 10_000_000;

/// A data file read into memory, for loading and for showing source lines in diagnostics.
#[derive(Debug, Clone)]
pub struct Source {
    /// The path as the user gave it.
    pub name: String,
    pub text: String,
}

/// Why a data file could not be loaded.
#[derive(Debug, thiserror::Error)]
pub enum LoadError {
    /// The file could not be read at all (missing, a directory, no permission): a usage problem.
    #[error("无法读取“{path}”：{reason}")]
    Io { path: String, reason: String },
    /// The file was read but its content is not a valid data file.
    #[error("数据文件有 {} 处错误", .findings.len())]
    Data { findings: Vec<Finding> },
}

/// Reads a data file as UTF-8 text. Missing files and directories are [`LoadError::Io`]; a file
/// that is too large or not UTF-8 is [`LoadError::Data`].
pub fn read_source(path: &Path) -> Result<Source, LoadError> {
    let name = path.display().to_string();
    let io = |reason: String| LoadError::Io { path: name.clone(), reason };
    let meta = std::fs::metadata(path).map_err(|e| io(crate::diag::io_reason(&e)))?;
    if meta.is_dir() {
        return Err(io("这是一个文件夹，不是数据文件".into()));
    }
    if meta.len() > MAX_FILE_BYTES {
        return Err(LoadError::Data {
            findings: vec![Finding::new(
                Rule::DTooLarge,
                None,
                format!(
                    "数据文件过大（{:.1} MB）：一个年度报告的数据文件通常只有几 KB，上限为 {} MB",
                    meta.len() as f64 / 1_048_576.0,
                    MAX_FILE_BYTES / 1_048_576
                ),
            )],
        });
    }
    let bytes = std::fs::read(path).map_err(|e| io(crate::diag::io_reason(&e)))?;
    let text = decode(&bytes).map_err(|f| LoadError::Data { findings: vec![f] })?;
    Ok(Source { name, text })
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

/// UTF-8 (with or without BOM) or UTF-16 with its BOM (Notepad's “Unicode”; YAML allows both) to
/// text; anything else is D-ENCODING with the position of the first bad byte (GBK files saved by old
/// editors are the usual cause: guessing that encoding could misread figures, so the user re-saves).
fn decode(bytes: &[u8]) -> Result<String, Finding> {
    match bytes {
        [0xFF, 0xFE, rest @ ..] => return decode_utf16(rest, u16::from_le_bytes),
        [0xFE, 0xFF, rest @ ..] => return decode_utf16(rest, u16::from_be_bytes),
        _ => {}
    }
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    match std::str::from_utf8(bytes) {
        Ok(s) => Ok(s.to_string()),
        Err(e) => {
            let good = &bytes[..e.valid_up_to()];
            // valid_up_to() is a char boundary, so this is valid UTF-8.
            let good = std::str::from_utf8(good).unwrap_or_default();
            let line = good.matches('\n').count() as u32 + 1;
            let col = good.rsplit('\n').next().map_or(0, |l| l.chars().count()) as u32 + 1;
            Err(Finding::new(
                Rule::DEncoding,
                Pos { line, col },
                "文件不是 UTF-8 编码（可能是 GBK/GB2312）：请在编辑器中以“UTF-8”编码另存后再试",
            ))
        }
    }
}

/// UTF-16 after its BOM; a bad unit (or an odd last byte) is D-ENCODING at its line and column.
fn decode_utf16(bytes: &[u8], unit: fn([u8; 2]) -> u16) -> Result<String, Finding> {
    // An odd trailing byte becomes a lone surrogate, so it is reported like any other bad unit.
    let units = bytes.chunks(2).map(|c| if let [a, b] = *c { unit([a, b]) } else { 0xDC00 });
    let mut text = String::with_capacity(bytes.len());
    let (mut line, mut col) = (1, 1);
    for c in char::decode_utf16(units) {
        let Ok(c) = c else {
            return Err(Finding::new(
                Rule::DEncoding,
                Pos { line, col },
                "文件以 UTF-16 标记开头，但内容不是有效的 UTF-16：请在编辑器中以“UTF-8”编码另存后再试",
            ));
        };
        text.push(c);
        (line, col) = if c == '\n' { (line + 1, 1) } else { (line, col + 1) };
    }
    Ok(text)
}

/// Reads and loads a data file.
pub fn load_file(path: &Path) -> Result<(Source, Report), LoadError> {
    let source = read_source(path)?;
    match load_str(&source.text) {
        Ok(report) => Ok((source, report)),
        Err(findings) => Err(LoadError::Data { findings }),
    }
}

/// Loads a data file's text. On failure returns every problem found, sorted by position.
pub fn load_str(text: &str) -> Result<Report, Vec<Finding>> {
    if text.trim().is_empty() || text.lines().all(|l| l.trim().is_empty() || l.trim_start().starts_with('#'))
    {
        return Err(vec![Finding::new(
            Rule::DEmpty,
            None,
            "数据文件为空：可用 `xxgk init` 生成一个完整的数据文件",
        )]);
    }
    let root = parse_tree(text).map_err(|f| vec![f])?;
    let mut cx = Cx { src: text, findings: Vec::new() };
    let report = cx.report(&root);
    let mut findings = cx.findings;
    crate::diag::sort(&mut findings);
    match report {
        Some(r) if findings.is_empty() => Ok(r),
        _ => Err(findings),
    }
}

// ---------------------------------------------------------------------------------------------
// The spanned YAML tree

#[derive(Debug)]
enum Value {
    Null,
    Bool,
    Int(i128),
    Float(f64),
    Str(String),
    Seq(Vec<Node>),
    Map(Vec<(Node, Node)>),
}

#[derive(Debug)]
struct Node {
    value: Value,
    pos: Pos,
    /// Byte range of the node in the source, when known (scalars: the scalar as written).
    bytes: Option<(usize, usize)>,
}

impl<'de> Deserialize<'de> for Node {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = Spanned::<Value>::deserialize(d)?;
        let span = s.referenced.span();
        let bytes = match (span.byte_offset(), span.byte_len()) {
            (Some(o), Some(l)) => Some((o as usize, (o + l) as usize)),
            _ => None,
        };
        let pos = Pos { line: s.referenced.line() as u32, col: s.referenced.column() as u32 };
        Ok(Node { value: s.value, pos, bytes })
    }
}

impl<'de> Deserialize<'de> for Value {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        d.deserialize_any(ValueVisitor)
    }
}

struct ValueVisitor;

impl<'de> Visitor<'de> for ValueVisitor {
    type Value = Value;
    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a YAML value")
    }
    fn visit_unit<E: de::Error>(self) -> Result<Value, E> {
        Ok(Value::Null)
    }
    fn visit_none<E: de::Error>(self) -> Result<Value, E> {
        Ok(Value::Null)
    }
    fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<Value, D::Error> {
        Value::deserialize(d)
    }
    fn visit_bool<E: de::Error>(self, v: bool) -> Result<Value, E> {
        {
            let _ = v;
            Ok(Value::Bool)
        }
    }
    fn visit_i64<E: de::Error>(self, v: i64) -> Result<Value, E> {
        Ok(Value::Int(v.into()))
    }
    fn visit_u64<E: de::Error>(self, v: u64) -> Result<Value, E> {
        Ok(Value::Int(v.into()))
    }
    fn visit_i128<E: de::Error>(self, v: i128) -> Result<Value, E> {
        Ok(Value::Int(v))
    }
    fn visit_u128<E: de::Error>(self, v: u128) -> Result<Value, E> {
        Ok(Value::Int(i128::try_from(v).unwrap_or(i128::MAX)))
    }
    fn visit_f64<E: de::Error>(self, v: f64) -> Result<Value, E> {
        Ok(Value::Float(v))
    }
    fn visit_str<E: de::Error>(self, v: &str) -> Result<Value, E> {
        Ok(Value::Str(v.to_string()))
    }
    fn visit_string<E: de::Error>(self, v: String) -> Result<Value, E> {
        Ok(Value::Str(v))
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Value, A::Error> {
        let mut items = Vec::new();
        while let Some(n) = seq.next_element::<Node>()? {
            items.push(n);
        }
        Ok(Value::Seq(items))
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Value, A::Error> {
        let mut entries = Vec::new();
        while let Some(k) = map.next_key::<Node>()? {
            let v = map.next_value::<Node>()?;
            entries.push((k, v));
        }
        Ok(Value::Map(entries))
    }
}

fn parse_tree(text: &str) -> Result<Node, Finding> {
    let mut options = serde_saphyr::Options::default();
    // A report has a few hundred values: a small replay budget stops alias bombs early.
    options.alias_limits.max_total_replayed_events = 20_000;
    options.alias_limits.max_replay_stack_depth = 16;
    options.with_snippet = false;
    serde_saphyr::from_str_with_options::<Node>(text, options).map_err(|e| yaml_error(text, &e))
}

/// Line `n` (1-based) of the source, for the syntax-error hints below.
fn source_line(text: &str, n: u32) -> Option<&str> {
    text.lines().nth((n as usize).checked_sub(1)?)
}

/// A syntax error at or just after a line like `本年新收：[…]` (a colon typed with a Chinese input
/// method, which YAML reads as part of the text) is reported at that colon, as what it is. The
/// line before the error counts only at the error line's indentation: a sibling key, not a line
/// of prose that happens to hold a “：”.
fn fullwidth_colon(text: &str, pos: Pos) -> Option<Finding> {
    let indent = |l: &str| l.len() - l.trim_start_matches(' ').len();
    let at = source_line(text, pos.line)?;
    [pos.line, pos.line - 1].into_iter().find_map(|n| {
        let line = source_line(text, n)?;
        if n != pos.line && indent(line) != indent(at) {
            return None;
        }
        let body = line.trim_start().trim_start_matches("- ");
        let i = body.find('：')?;
        let key = &body[..i];
        if key.is_empty() || key.chars().count() > 20 || key.contains([':', '"', '\'', '#', ' ', '[', '{']) {
            return None;
        }
        let col = line[..line.len() - body.len() + i].chars().count() as u32 + 1;
        Some(Finding::new(
            Rule::DSyntax,
            Pos { line: n, col },
            format!(
                "YAML 语法错误：“{key}”后面用了中文冒号“：”：字段名后应为英文冒号加一个空格，如“{key}: …”"
            ),
        ))
    })
}

/// A full-width space (U+3000, typed in a Chinese input method's full-width mode) where YAML needs
/// a plain one: at the very start of the error line or the line before it (no YAML line may begin
/// with it; text pasted with a “　　” paragraph indent is the usual case), or at the error itself.
fn fullwidth_space(text: &str, pos: Pos) -> Option<Finding> {
    if let Some(n) = [pos.line, pos.line - 1]
        .into_iter()
        .find(|&n| source_line(text, n).is_some_and(|l| l.starts_with('\u{3000}')))
    {
        return Some(Finding::new(
            Rule::DSyntax,
            Pos { line: n, col: 1 },
            "YAML 语法错误：这一行开头是全角空格“　”：缩进只能用半角空格（多行文字的每一行前面要有至少两个半角空格）",
        ));
    }
    let at = source_line(text, pos.line)?.chars().nth((pos.col as usize).checked_sub(1)?)?;
    (at == '\u{3000}').then(|| {
        Finding::new(
            Rule::DSyntax,
            pos,
            "YAML 语法错误：这里有一个全角空格“　”：YAML 只认半角空格，请删除它或改为半角空格",
        )
    })
}

/// `{本年制发: 0，本年废止: 0}`: Chinese commas inside brackets or braces on the error line.
fn fullwidth_comma(text: &str, pos: Pos) -> Option<Finding> {
    let line = source_line(text, pos.line)?;
    let open = line.find(['[', '{'])?;
    let i = open + line[open..].find(['，', '、'])?;
    Some(Finding::new(
        Rule::DSyntax,
        Pos { line: pos.line, col: line[..i].chars().count() as u32 + 1 },
        "YAML 语法错误：括号里用了中文逗号“，”或顿号“、”：各项之间应为英文逗号“,”",
    ))
}

/// `总体情况: 一是: 加强领导`: a second “: ” in a one-line text value reads as another key.
fn colon_in_text(text: &str, pos: Pos) -> Option<Finding> {
    let line = source_line(text, pos.line)?;
    let body = line.trim_start().trim_start_matches("- ");
    let (key, value) = body.split_once(": ")?;
    // The error must lie inside the value, not at the key.
    let value_start = line.len() - value.len();
    let value_col = line[..value_start].chars().count() as u32 + 1;
    if key.is_empty()
        || key.contains(['"', '\'', '#', '[', '{'])
        || value.starts_with(['"', '\'', '[', '{', '|', '>'])
        || pos.col <= value_col
    {
        return None;
    }
    Some(Finding::new(
        Rule::DSyntax,
        pos,
        format!(
            "YAML 语法错误：“{key}”的文字里有英文冒号加空格“: ”，会被当作新的字段：请改用中文冒号“：”，或在“{key}: ”后写“|”，把文字另起一行缩进书写"
        ),
    ))
}

/// A serde-saphyr error in Chinese, with its position.
fn yaml_error(text: &str, e: &serde_saphyr::Error) -> Finding {
    use serde_saphyr::Error as E;
    let pos =
        e.location().filter(|l| l.line() > 0).map(|l| Pos { line: l.line() as u32, col: l.column() as u32 });
    let mut inner = e;
    while let E::WithSnippet { error, .. } | E::AliasError { error, .. } = inner {
        inner = error;
    }
    match inner {
        E::DuplicateMappingKey { key, .. } => Finding::new(
            Rule::DDupKey,
            pos,
            match key {
                Some(k) => format!("字段“{k}”在同一层重复出现：每个字段只能写一次，请删除或合并重复的一处"),
                None => "同一层有重复的字段：每个字段只能写一次".to_string(),
            },
        ),
        E::AliasReplayLimitExceeded { .. }
        | E::AliasExpansionLimitExceeded { .. }
        | E::AliasReplayStackDepthExceeded { .. }
        | E::AliasReplayCounterOverflow { .. }
        | E::Budget { .. } => Finding::new(
            Rule::DAlias,
            pos,
            "锚点（&）与别名（*）展开过多，已停止读取：数据文件请直接写出每个值，不要使用别名",
        ),
        E::UnknownAnchor { .. } => {
            Finding::new(Rule::DSyntax, pos, "YAML 语法错误：引用了未定义的锚点（*别名）")
        }
        E::MultipleDocuments { .. } => Finding::new(
            Rule::DSyntax,
            pos,
            "YAML 语法错误：一个数据文件只能有一份文档（请删除多余的 `---`）",
        ),
        other => {
            let english = other.to_string();
            let typed = pos.and_then(|p| {
                fullwidth_colon(text, p)
                    .or_else(|| fullwidth_space(text, p))
                    .or_else(|| fullwidth_comma(text, p))
                    .or_else(|| {
                        english
                            .contains("mapping values are not allowed")
                            .then(|| colon_in_text(text, p))
                            .flatten()
                    })
            });
            typed.unwrap_or_else(|| {
                Finding::new(Rule::DSyntax, pos, format!("YAML 语法错误：{}", syntax_message(&english)))
            })
        }
    }
}

/// The parser's English message in Chinese, for the mistakes people make by hand.
fn syntax_message(english: &str) -> String {
    const KNOWN: &[(&str, &str)] = &[
        ("unclosed bracket", "方括号“[”或花括号“{”没有闭合：请检查同一行末尾是否缺少“]”或“}”"),
        ("did not find expected ',' or ']'", "列表中缺少逗号“,”或结尾的“]”"),
        ("did not find expected ',' or '}'", "映射中缺少逗号“,”或结尾的“}”"),
        ("found a tab", "出现了 Tab 字符：YAML 的缩进只能用空格"),
        ("tabs", "出现了 Tab 字符：YAML 的缩进只能用空格"),
        (
            "mapping values are not allowed",
            "这里不能出现“键: 值”：通常是这一行的缩进与上一行不一致，或上一行的值没有写完",
        ),
        ("unclosed quote", "引号没有闭合：请检查这一行的引号是否成对"),
        ("did not find expected key", "缩进不一致或缺少“键:”：同一层的字段应左对齐"),
        ("could not find expected ':'", "缺少冒号：字段名后应为“: ”（英文冒号加空格）"),
        (
            "simple key expected ':'",
            "冒号后缺空格或用了中文冒号：字段名后应为英文冒号加一个空格，如“行政许可: 0”",
        ),
        ("invalid indentation", "缩进不一致：同一层的字段应左对齐，下一层多缩进两个空格"),
    ];
    let first = english.lines().next().unwrap_or(english);
    // Positions are given separately.
    let detail = first.split(" at line ").next().unwrap_or(first).trim_end_matches('.');
    match KNOWN.iter().find(|(k, _)| detail.contains(k)) {
        Some((_, zh)) => zh.to_string(),
        None => {
            format!("{detail}。常见原因：冒号后缺空格、缩进不一致（请用空格，不要用 Tab）、引号或括号未配对")
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Conversion

struct Cx<'s> {
    src: &'s str,
    findings: Vec<Finding>,
}

/// A map node's entries by key, checked against the known keys.
struct Entries<'n> {
    entries: Vec<(&'n str, &'n Node)>,
    pos: Pos,
    /// Known keys an unknown key was reported as a likely misspelling of: not reported missing too.
    suggested: Vec<String>,
}

impl<'n> Entries<'n> {
    fn get(&self, key: &str) -> Option<&'n Node> {
        self.entries.iter().find(|(k, _)| *k == key).map(|(_, n)| *n)
    }
}

fn describe(v: &Value) -> &'static str {
    match v {
        Value::Null => "空白",
        Value::Bool => "是/否（布尔值）",
        Value::Int(_) | Value::Float(_) => "数字",
        Value::Str(_) => "文字",
        Value::Seq(_) => "列表",
        Value::Map(_) => "映射（键: 值）",
    }
}

/// Keys of one edition that are wrong in the other: (key, edition where it belongs).
const EDITION_ONLY_KEYS: &[(&str, Edition)] = &[
    ("规范性文件", Edition::E2019),
    ("其他对外管理服务事项", Edition::E2019),
    ("政府集中采购", Edition::E2019),
    ("本年新制作", Edition::E2019),
    ("本年新公开", Edition::E2019),
    ("对外公开总数", Edition::E2019),
    ("上一年项目数量", Edition::E2019),
    ("本年增减", Edition::E2019),
    ("处理决定数量", Edition::E2019),
    ("行政规范性文件", Edition::E2021),
    ("本年制发", Edition::E2021),
    ("本年废止", Edition::E2021),
    ("现行有效", Edition::E2021),
    ("逾期不补正", Edition::E2021),
    ("逾期未缴费", Edition::E2021),
    ("信息处理费", Edition::E2021),
];

fn edition_name(e: Edition) -> String {
    format!("{}年版格式（{}）", e.year(), e.notice())
}

impl<'s> Cx<'s> {
    fn err(&mut self, rule: Rule, pos: Pos, msg: impl Into<String>) {
        self.findings.push(Finding::new(rule, pos, msg));
    }

    /// The scalar as written in the file (for numbers: `12.0`, `+3`, `0010`).
    fn raw(&self, n: &Node) -> Option<&'s str> {
        let (a, b) = n.bytes?;
        self.src.get(a..b).map(str::trim)
    }

    /// A key node as text (keys written as numbers are read as written).
    fn key_text<'n>(&self, k: &'n Node) -> Option<&'n str> {
        match &k.value {
            Value::Str(s) => Some(s.as_str()),
            _ => None,
        }
    }

    /// Checks that `node` is a map whose keys are all in `known`; reports unknown keys with the
    /// nearest known key, or with the edition they belong to.
    fn map<'n>(
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
            if let (Some(ed), Some((_, belongs))) =
                (edition, EDITION_ONLY_KEYS.iter().find(|(k2, _)| *k2 == key))
                && *belongs != ed
            {
                self.err(
                    Rule::DEditionKey,
                    k.pos,
                    format!(
                        "字段“{key}”属于{}，本报告按{}填写（由“年度”或“格式”决定）",
                        edition_name(*belongs),
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

    fn required<'n>(&mut self, m: &Entries<'n>, key: &str, parent: &str) -> Option<&'n Node> {
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

    fn text(&mut self, n: &Node, label: &str) -> Option<String> {
        match &n.value {
            Value::Str(s) if !s.trim().is_empty() => Some(s.trim().to_string()),
            Value::Int(_) | Value::Float(_) | Value::Bool => self.raw(n).map(str::to_string),
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

    fn opt_text(&mut self, m: &Entries, key: &str) -> Option<Val<String>> {
        let n = m.get(key)?;
        if matches!(n.value, Value::Null) {
            return None;
        }
        self.text(n, key).map(|t| Val::new(t, n.pos))
    }

    fn prose(&mut self, n: &Node, label: &str) -> Prose {
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
    fn count(&mut self, n: &Node, label: &str) -> Val<u64> {
        let v = self.integer(n, label, false).unwrap_or(0);
        Val::new(v as u64, n.pos)
    }

    /// A signed integer (本年增减).
    fn signed(&mut self, n: &Node, label: &str) -> Val<i64> {
        let v = self.integer(n, label, true).unwrap_or(0);
        Val::new(v, n.pos)
    }

    fn integer(&mut self, n: &Node, label: &str, signed: bool) -> Option<i64> {
        let expected = if signed {
            "应为整数（增加写正数，减少写负数，不变写 0）"
        } else {
            "应为非负整数（没有请填 0）"
        };
        let raw = self.raw(n).unwrap_or("").to_string();
        let problem = match &n.value {
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
            Value::Null => format!("“{label}”未填写：{expected}"),
            Value::Str(s) if is_dash(s) => format!("“{label}”填写了“{}”：{expected}", s.trim()),
            Value::Str(s) => text_number(label, s, &raw)
                .unwrap_or_else(|| format!("“{label}”的值“{s}”不是数字：{expected}")),
            other => format!("“{label}”应为数字，实际是{}：{expected}", describe(other)),
        };
        self.err(Rule::DNumber, n.pos, problem);
        None
    }

    /// A money amount: a decimal ≥ 0 with at most 4 decimal places, kept as written.
    fn money(&mut self, n: &Node, label: &str, unit: &str) -> Val<Money> {
        let expected = format!("应为金额数字（单位：{unit}，最多 4 位小数，没有请填 0）");
        let raw = self.raw(n).unwrap_or("").to_string();
        let problem = match &n.value {
            Value::Int(i) if *i >= 0 && *i <= MAX_COUNT as i128 * 100 => {
                return Val::new(Money { text: i.to_string(), value: *i as f64 }, n.pos);
            }
            Value::Float(f) if *f >= 0.0 && f.is_finite() => {
                let decimals = raw.split_once('.').map_or(0, |(_, d)| d.len());
                if decimals <= 4 && raw.chars().all(|c| c.is_ascii_digit() || c == '.') {
                    return Val::new(Money { text: raw, value: *f }, n.pos);
                }
                format!("“{label}”为 {raw}，小数位过多或写法不对：{expected}")
            }
            Value::Int(_) | Value::Float(_) => format!("“{label}”为 {raw}：{expected}"),
            Value::Null => format!("“{label}”未填写：{expected}"),
            Value::Str(s) if is_dash(s) => format!("“{label}”填写了“{}”：{expected}", s.trim()),
            Value::Str(s) => text_number(label, s, &raw)
                .unwrap_or_else(|| format!("“{label}”的值“{s}”不是数字：{expected}")),
            other => format!("“{label}”应为数字，实际是{}：{expected}", describe(other)),
        };
        self.err(Rule::DNumber, n.pos, problem);
        Val::new(Money::zero(), n.pos)
    }

    fn report(&mut self, root: &Node) -> Option<Report> {
        if !matches!(root.value, Value::Map(_)) {
            self.err(
                Rule::DType,
                root.pos,
                "数据文件应由“字段: 值”组成（如“机关: 某某局”），可用 `xxgk init` 生成模板",
            );
            return None;
        }
        let m = self.map(root, "数据文件", &TOP_KEYS, None)?;
        let agency =
            self.required(&m, "机关", "").and_then(|n| self.text(n, "机关").map(|t| Val::new(t, n.pos)));
        let year = self.required(&m, "年度", "").and_then(|n| self.year(n));
        let edition_given = m.get("格式").and_then(|n| self.edition(n));
        let edition = match (&year, &edition_given) {
            (_, Some(e)) => match e.value {
                2019 => Edition::E2019,
                _ => Edition::E2021,
            },
            (Some(y), None) => Edition::for_year(y.value),
            // Without a usable year, follow the shape of the tables to avoid follow-on errors.
            (None, None) => match m.get("主动公开") {
                Some(p) if !foreign_keys(p, Edition::E2021).is_empty() => Edition::E2019,
                _ => Edition::E2021,
            },
        };
        if let (Some(y), Some(e)) = (&year, &edition_given)
            && y.value < 2021
            && e.value == 2021
        {
            self.err(
                Rule::DEdition,
                e.pos,
                format!("{}年度的报告不能使用2021年版格式：该格式自2021年度报告起使用，请改为“格式: 2019”或删除此行", y.value),
            );
        }
        let locality = self.opt_text(&m, "地区");
        let title = self.opt_text(&m, "标题");
        let url = self.opt_text(&m, "网址").map(|v| v.value);
        let contacts = m.get("联系方式").map(|n| self.contacts(n)).unwrap_or_default();
        let signature = m.get("落款").map(|n| self.signature(n)).unwrap_or_default();
        let overview =
            self.required(&m, "总体情况", "").map(|n| self.prose(n, "总体情况")).unwrap_or_default();
        let proactive = self.required(&m, "主动公开", "").and_then(|n| self.proactive(n, edition));
        let requests = self.required(&m, "申请", "").and_then(|n| self.requests(n, edition));
        let appeals = self.required(&m, "复议诉讼", "").and_then(|n| self.appeals(n));
        let problems =
            self.required(&m, "问题及改进", "").map(|n| self.prose(n, "问题及改进")).unwrap_or_default();
        let other = self.required(&m, "其他事项", "").map(|n| self.other(n, edition)).unwrap_or_default();
        Some(Report {
            agency: agency?,
            year: year?,
            edition,
            edition_given,
            locality,
            title,
            url,
            contacts,
            signature,
            overview,
            proactive: proactive?,
            requests: requests?,
            appeals: appeals?,
            problems,
            other,
        })
    }

    fn year(&mut self, n: &Node) -> Option<Val<i64>> {
        match &n.value {
            Value::Int(y) if (2019..=2100).contains(y) => Some(Val::new(*y as i64, n.pos)),
            Value::Int(y) if *y < 2019 && *y > 1900 => {
                self.err(
                    Rule::DYear,
                    n.pos,
                    format!("“年度”为 {y}：本工具支持 2019 年度及以后的报告（2019 年以前的报告使用旧格式）"),
                );
                None
            }
            other => {
                let shown = self.raw(n).unwrap_or("").to_string();
                let _ = other;
                self.err(Rule::DYear, n.pos, format!("“年度”应为四位数的年份（如 2024），实际是“{shown}”"));
                None
            }
        }
    }

    fn edition(&mut self, n: &Node) -> Option<Val<u16>> {
        match &n.value {
            Value::Int(2019) => Some(Val::new(2019, n.pos)),
            Value::Int(2021) => Some(Val::new(2021, n.pos)),
            _ => {
                let shown = self.raw(n).unwrap_or("").to_string();
                self.err(
                    Rule::DEdition,
                    n.pos,
                    format!(
                        "“格式”应为 2019（国办公开办函〔2019〕60号）或 2021（国办公开办函〔2021〕30号），实际是“{shown}”；不写则按年度自动选择"
                    ),
                );
                None
            }
        }
    }

    fn contacts(&mut self, n: &Node) -> Contacts {
        let keys: Vec<&str> = CONTACT_KEYS.iter().map(|(k, _)| *k).collect();
        let Some(m) = self.map(n, "联系方式", &keys, None) else { return Contacts::default() };
        let mut get = |k: &str| self.opt_text(&m, k).map(|v| v.value);
        Contacts {
            address: get("地址"),
            postcode: get("邮编"),
            phone: get("电话"),
            fax: get("传真"),
            email: get("电子邮箱"),
        }
    }

    fn signature(&mut self, n: &Node) -> Signature {
        let Some(m) = self.map(n, "落款", &["单位", "日期"], None) else { return Signature::default() };
        let unit = self.opt_text(&m, "单位").map(|v| v.value);
        let date = self.opt_text(&m, "日期").and_then(|d| match read_gbt_date(&d.value) {
            Ok(s) => Some(Val::new(s, d.pos)),
            Err(why) => {
                self.err(Rule::DDate, d.pos, format!("落款“日期”“{}”{why}", d.value));
                None
            }
        });
        Signature { unit, date }
    }

    fn proactive(&mut self, n: &Node, edition: Edition) -> Option<Proactive> {
        // A block written in the other edition's shape gets one message, not one per key.
        let foreign = foreign_keys(n, edition);
        if foreign.len() >= 2 {
            let other = if edition == Edition::E2019 { Edition::E2021 } else { Edition::E2019 };
            self.err(
                Rule::DEditionKey,
                n.pos,
                format!(
                    "“主动公开”按{}填写（有“{}”等字段），但本报告应按{}填写（由“年度”或“格式”决定）：请按 `xxgk init` 生成的当年模板改写这一部分",
                    edition_name(other),
                    foreign[..2].join("”“"),
                    edition_name(edition)
                ),
            );
            return None;
        }
        match edition {
            Edition::E2019 => {
                let keys = [
                    "规章",
                    "规范性文件",
                    "行政许可",
                    "其他对外管理服务事项",
                    "行政处罚",
                    "行政强制",
                    "行政事业性收费",
                    "政府集中采购",
                ];
                let m = self.map(n, "主动公开", &keys, Some(edition))?;
                let rules = self.docs3(&m, "规章", &DOCS3_KEYS_2019, edition);
                let norms = self.docs3(&m, "规范性文件", &DOCS3_KEYS_2019, edition);
                let licensing = self.items(&m, "行政许可", true);
                let other_services = self.items(&m, "其他对外管理服务事项", true);
                let punishment = self.items(&m, "行政处罚", true);
                let coercion = self.items(&m, "行政强制", true);
                let fees = self.items(&m, "行政事业性收费", false);
                let proc = self.required(&m, "政府集中采购", "主动公开");
                let proc = proc.and_then(|p| self.map(p, "政府集中采购", &PROCUREMENT_KEYS, Some(edition)));
                let (count, amount) = match proc {
                    Some(pm) => {
                        let c = self
                            .required(&pm, "采购项目数量", "政府集中采购")
                            .map(|x| self.count(x, "政府集中采购·采购项目数量"));
                        let a = self
                            .required(&pm, "采购总金额", "政府集中采购")
                            .map(|x| self.money(x, "政府集中采购·采购总金额", "元"));
                        (c, a)
                    }
                    None => (None, None),
                };
                Some(Proactive::E2019(Proactive2019 {
                    rules: rules?,
                    norms: norms?,
                    licensing: licensing?,
                    other_services: other_services?,
                    punishment: punishment?,
                    coercion: coercion?,
                    fees: fees?,
                    procurement_count: count?,
                    procurement_amount: amount?,
                }))
            }
            Edition::E2021 => {
                let keys = ["规章", "行政规范性文件", "行政许可", "行政处罚", "行政强制", "行政事业性收费"];
                let m = self.map(n, "主动公开", &keys, Some(edition))?;
                let rules = self.docs3(&m, "规章", &DOCS3_KEYS_2021, edition);
                let norms = self.docs3(&m, "行政规范性文件", &DOCS3_KEYS_2021, edition);
                let mut one = |key: &str| {
                    self.required(&m, key, "主动公开")
                        .map(|x| self.count(x, &format!("{key}·本年处理决定数量")))
                };
                let licensing = one("行政许可");
                let punishment = one("行政处罚");
                let coercion = one("行政强制");
                let fee = self
                    .required(&m, "行政事业性收费", "主动公开")
                    .map(|x| self.money(x, "行政事业性收费·本年收费金额", "万元"));
                Some(Proactive::E2021(Proactive2021 {
                    rules: rules?,
                    norms: norms?,
                    licensing: licensing?,
                    punishment: punishment?,
                    coercion: coercion?,
                    fee: fee?,
                }))
            }
        }
    }

    fn docs3(&mut self, m: &Entries, key: &str, cols: &[&str; 3], edition: Edition) -> Option<Docs3> {
        let n = self.required(m, key, "主动公开")?;
        let row = self.map(n, key, cols, Some(edition))?;
        let mut vals = Vec::new();
        for c in cols {
            let v = self.required(&row, c, key).map(|x| self.count(x, &format!("{key}·{c}")));
            vals.push(v.unwrap_or(Val::new(0, row.pos)));
        }
        let values: [Val<u64>; 3] = vals.try_into().ok()?;
        Some(Docs3 { values })
    }

    fn items(&mut self, m: &Entries, key: &str, with_decisions: bool) -> Option<Items2019> {
        let n = self.required(m, key, "主动公开")?;
        let cols: &[&str] = if with_decisions { &ITEMS_KEYS_2019 } else { &ITEMS_KEYS_2019[..2] };
        let row = self.map(n, key, cols, Some(Edition::E2019))?;
        let previous = self
            .required(&row, "上一年项目数量", key)
            .map(|x| self.count(x, &format!("{key}·上一年项目数量")));
        let change = self.required(&row, "本年增减", key).map(|x| self.signed(x, &format!("{key}·本年增减")));
        let decisions = if with_decisions {
            Some(
                self.required(&row, "处理决定数量", key)
                    .map(|x| self.count(x, &format!("{key}·处理决定数量")))?,
            )
        } else {
            None
        };
        Some(Items2019 { previous: previous?, change: change?, decisions })
    }

    fn requests(&mut self, n: &Node, edition: Edition) -> Option<Requests> {
        let defs = t3_rows(edition);
        let mut top: Vec<&str> = defs.iter().filter(|d| d.group.is_none()).map(|d| d.key).collect();
        for (g, _) in T3_GROUPS {
            if !top.contains(&g) {
                top.push(g);
            }
        }
        top.push(TOTAL_KEY);
        let m = self.map(n, "申请", &top, Some(edition))?;
        // Group maps, read once each.
        let mut groups: Vec<(&str, Option<Entries>)> = Vec::new();
        for (g, _) in T3_GROUPS {
            let sub: Vec<&str> = defs.iter().filter(|d| d.group == Some(g)).map(|d| d.key).collect();
            let entries = match m.get(g) {
                Some(gn) if !sub.is_empty() => {
                    if edition == Edition::E2021 && g == "其他处理" && is_row_form(gn) {
                        self.err(
                            Rule::DEditionKey,
                            gn.pos,
                            "2021年版格式的“其他处理”分为三行：逾期不补正、逾期未缴费、其他（一行的写法属于2019年版格式）",
                        );
                        None
                    } else {
                        self.map(gn, g, &sub, Some(edition))
                    }
                }
                _ => None,
            };
            groups.push((g, entries));
        }
        let mut rows = Vec::new();
        for def in defs {
            let (node, parent_pos) = match def.group {
                None => {
                    let node = m.get(def.key);
                    if edition == Edition::E2019
                        && def.key == "其他处理"
                        && node.is_some_and(|x| !is_row_form(x))
                    {
                        let x = node.expect("checked above");
                        self.err(
                            Rule::DEditionKey,
                            x.pos,
                            "2019年版格式的“其他处理”只有一行（六个数），分三行的写法属于2021年版格式",
                        );
                        (None, x.pos)
                    } else {
                        (node, m.pos)
                    }
                }
                Some(g) => match groups.iter().find(|(k, _)| *k == g).and_then(|(_, e)| e.as_ref()) {
                    Some(e) => (e.get(def.key), e.pos),
                    None => (None, m.get(g).map_or(m.pos, |x| x.pos)),
                },
            };
            let label = def.label.to_string();
            rows.push(match node {
                Some(x) => self.row(x, def, &label),
                None => zero_row(def, parent_pos),
            });
        }
        let given_total = m.get(TOTAL_KEY).map(|x| {
            static TOTAL_DEF: RowDef = RowDef {
                id: "total",
                group: None,
                key: TOTAL_KEY,
                label: TOTAL_LABEL,
                kind: RowKind::Result,
            };
            self.row(x, &TOTAL_DEF, TOTAL_LABEL)
        });
        Some(Requests { rows, given_total, pos: n.pos })
    }

    /// One row of table 三: a list of 6 (or 7 with 总计) numbers, or a map by applicant.
    fn row(&mut self, n: &Node, def: &'static RowDef, label: &str) -> Row {
        let mut row = zero_row(def, n.pos);
        row.present = true;
        (row.values, row.given_total) = self.counts(n, label, &APPLICANTS);
        row
    }

    fn appeals(&mut self, n: &Node) -> Option<Appeals> {
        let keys: Vec<&str> = APPEAL_GROUPS.iter().map(|(k, _, _)| *k).collect();
        let m = self.map(n, "复议诉讼", &keys, None)?;
        let mut groups = Vec::new();
        for (key, label, _) in APPEAL_GROUPS {
            let g = match m.get(key) {
                Some(x) => {
                    let (values, given_total) = self.counts(x, label, &OUTCOMES);
                    AppealGroup { values, given_total, pos: x.pos }
                }
                None => AppealGroup {
                    values: std::array::from_fn(|_| Val::new(0, m.pos)),
                    given_total: None,
                    pos: m.pos,
                },
            };
            groups.push(g);
        }
        Some(Appeals { groups: groups.try_into().ok()? })
    }

    /// One count per column: a list of `N` numbers (`N + 1` with the 总计 last), or a map by column
    /// name. Cells that are missing or wrong are zeros (and reported).
    fn counts<const N: usize>(
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

    fn other(&mut self, n: &Node, edition: Edition) -> Other {
        let mut other = Other { pos: n.pos, ..Other::default() };
        match &n.value {
            Value::Map(_) if edition == Edition::E2019 => {
                self.err(
                    Rule::DEditionKey,
                    n.pos,
                    format!(
                        "按{}，“其他事项”为一段文字；分项写法（信息处理费等）属于{}",
                        edition_name(Edition::E2019),
                        edition_name(Edition::E2021)
                    ),
                );
            }
            Value::Map(_) => {
                let mut keys = vec![FEE_KEY];
                keys.extend(OTHER_TOPICS.iter().map(|(k, _, _)| *k));
                if let Some(m) = self.map(n, "其他事项", &keys, Some(edition)) {
                    other.fee = self
                        .required(&m, FEE_KEY, "其他事项")
                        .map(|x| self.money(x, "其他事项·信息处理费", "元"));
                    for (key, id, _) in OTHER_TOPICS {
                        if let Some(x) = m.get(key) {
                            let p = self.prose(x, &format!("其他事项·{key}"));
                            other.topics.push((id, p));
                        }
                    }
                }
            }
            _ => other.prose = Some(self.prose(n, "其他事项")),
        }
        other
    }
}

/// Keys under `n` (two levels deep) that belong to the other edition.
fn foreign_keys<'n>(n: &'n Node, edition: Edition) -> Vec<&'n str> {
    let mut out = Vec::new();
    let Value::Map(pairs) = &n.value else { return out };
    let mut visit = |k: &'n Node| {
        if let Value::Str(key) = &k.value
            && EDITION_ONLY_KEYS.iter().any(|(k2, e)| k2 == key && *e != edition)
            && !out.contains(&key.as_str())
        {
            out.push(key.as_str());
        }
    };
    for (k, v) in pairs {
        visit(k);
        if let Value::Map(inner) = &v.value {
            inner.iter().for_each(|(k2, _)| visit(k2));
        }
    }
    out
}

/// A row written as a list, or as a map by applicant (not a map of sub-rows).
fn is_row_form(n: &Node) -> bool {
    match &n.value {
        Value::Seq(_) => true,
        Value::Map(pairs) => pairs
            .iter()
            .all(|(k, _)| matches!(&k.value, Value::Str(s) if APPLICANTS.iter().any(|(a, _)| a == s) || s == "总计")),
        _ => false,
    }
}

fn zero_row(def: &'static RowDef, pos: Pos) -> Row {
    Row { def, values: std::array::from_fn(|_| Val::new(0, pos)), given_total: None, pos, present: false }
}

fn is_dash(s: &str) -> bool {
    matches!(s.trim(), "/" | "／" | "—" | "——" | "-" | "－" | "–" | "无" | "")
}

/// The closest known key, when it is close enough to be a likely typo.
fn nearest<'k>(key: &str, known: &[&'k str]) -> Option<&'k str> {
    let best = known.iter().map(|k| (strsim::levenshtein(key, k), *k)).min_by_key(|(d, _)| *d)?;
    let limit = (key.chars().count().max(best.1.chars().count()) / 2).max(1);
    (best.0 <= limit).then_some(best.1)
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
