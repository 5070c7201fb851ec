//! The YAML layer: serde-saphyr reads the text into a small tree whose every node keeps its line,
//! column and byte range ([`Node`]), and a syntax error becomes one finding in Chinese.
//!
//! Syntax errors name what the clerk most likely typed rather than what the parser saw: a colon,
//! comma or space typed with a Chinese input method (“：”, “，”, “　”), or a “: ” inside a one-line
//! text; other parser messages are translated. This module knows nothing of the report's keys.

use crate::diag::{Finding, Rule};
use crate::model::Pos;
use serde::de::{self, Deserialize, Deserializer, MapAccess, SeqAccess, Visitor};
use serde_saphyr::{Spanned, Tagged};
use std::fmt;

/// A YAML value, without the details no reader uses (tags are kept on the [`Node`], styles dropped).
/// The style reader (`style::read`) reads its file through the same tree.
#[derive(Debug)]
pub(crate) enum Value {
    Null,
    Bool(bool),
    Int(i128),
    Float(f64),
    Str(String),
    Seq(Vec<Node>),
    Map(Vec<(Node, Node)>),
}

/// A YAML node with where it is written.
#[derive(Debug)]
pub(crate) struct Node {
    pub(crate) value: Value,
    pub(crate) pos: Pos,
    /// Byte range of the node in the source, when known (scalars: the scalar as written).
    pub(crate) bytes: Option<(usize, usize)>,
    /// An explicit tag (`!!str`, `!foo`), refused by [`parse_tree`].
    tag: Option<String>,
}

impl<'de> Deserialize<'de> for Node {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = Spanned::<Tagged<Value>>::deserialize(d)?;
        let span = s.referenced.span();
        let bytes = match (span.byte_offset(), span.byte_len()) {
            (Some(o), Some(l)) => Some((o as usize, (o + l) as usize)),
            _ => None,
        };
        let pos = Pos { line: s.referenced.line() as u32, col: s.referenced.column() as u32 };
        let Tagged(value, tag) = s.value;
        Ok(Node { value, pos, bytes, tag })
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
        Ok(Value::Bool(v))
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

/// The text as a tree, or its first syntax error, or every explicit tag.
///
/// Tags (`!!str 12`, `!!python/object …`) are refused, all alike: a data file is written by hand
/// or by `xxgk init`, neither of which needs one, and a tag would change what a value means
/// (`!!str 12` is text, not a number) without showing it.
pub(super) fn parse_tree(text: &str) -> Result<Node, Vec<Finding>> {
    let mut options = serde_saphyr::Options::default();
    // A report has a few hundred values: a small replay budget stops alias bombs early.
    options.alias_limits.max_total_replayed_events = 20_000;
    options.alias_limits.max_replay_stack_depth = 16;
    options.with_snippet = false;
    // A report nests four levels at most. The tree is built recursively, some 60 KB of stack a
    // level in a debug build: the parser's default limits (64 levels, 255 of brackets) overflowed
    // a 2 MB thread's stack; 12 levels fit in well under 1 MB.
    let mut budget = options.budget.take().unwrap_or_default();
    budget.max_depth = 12;
    budget.flow_nesting_limit = 12;
    options.budget = Some(budget);
    let root =
        serde_saphyr::from_str_with_options::<Node>(text, options).map_err(|e| vec![yaml_error(text, &e)])?;
    let mut tagged = Vec::new();
    collect_tags(&root, &mut tagged);
    if tagged.is_empty() { Ok(root) } else { Err(tagged) }
}

/// A finding for every node of the tree written with an explicit tag.
fn collect_tags(n: &Node, out: &mut Vec<Finding>) {
    if let Some(tag) = &n.tag {
        out.push(tag_finding(n.pos, tag));
    }
    match &n.value {
        Value::Seq(items) => items.iter().for_each(|i| collect_tags(i, out)),
        Value::Map(pairs) => pairs.iter().for_each(|(k, v)| {
            collect_tags(k, out);
            collect_tags(v, out);
        }),
        _ => {}
    }
}

fn tag_finding(pos: impl Into<Option<Pos>>, tag: &str) -> Finding {
    Finding::new(
        Rule::DSyntax,
        pos,
        format!(
            "YAML 语法错误：数据文件不使用以“!”开头的标签（这里是“{}”）：请删除它，直接写值；要写以“!”开头的文字，请加引号",
            cut(&shown_tag(tag), 40)
        ),
    )
}

/// A tag as written: the parser expands `!!str` to `tag:yaml.org,2002:str`.
fn shown_tag(tag: &str) -> String {
    tag.strip_prefix("tag:yaml.org,2002:").map_or_else(|| tag.to_string(), |t| format!("!!{t}"))
}

/// At most `max` characters of `s`, with “…” when cut (a value echoed in a message may be huge).
fn cut(s: &str, max: usize) -> String {
    match s.char_indices().nth(max) {
        Some((i, _)) => format!("{}…", &s[..i]),
        None => s.to_string(),
    }
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
        | E::AliasReplayCounterOverflow { .. } => alias_finding(pos),
        E::Budget { breach, .. } => budget_finding(pos, breach),
        E::NonFiniteFloat { value, .. } => {
            let digits = value.trim_start_matches(['+', '-']);
            let msg = if !digits.is_empty() && digits.bytes().all(|b| b.is_ascii_digit() || b == b'.') {
                format!(
                    "数字“{}”（{} 位）过大，超出合理范围：请核对是否多写了数字",
                    cut(value, 20),
                    value.len()
                )
            } else {
                format!("“{}”不是有效的数字（无穷大或非数）：请填写实际的数，没有请填 0", cut(value, 20))
            };
            Finding::new(Rule::DNumber, pos, msg)
        }
        E::UnsupportedTag { tag, .. } => tag_finding(pos, tag),
        // A value that its tag (`!!int 99…9`) says it is not.
        E::InvalidScalar { .. }
        | E::TaggedScalarCannotDeserializeIntoString { .. }
        | E::InvalidBinaryBase64 { .. }
        | E::BinaryNotUtf8 { .. } => {
            let tag = pos.and_then(|p| written_tag(text, p)).unwrap_or_else(|| "!".into());
            tag_finding(pos, &tag)
        }
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

fn alias_finding(pos: Option<Pos>) -> Finding {
    Finding::new(
        Rule::DAlias,
        pos,
        "锚点（&）与别名（*）展开过多，已停止读取：数据文件请直接写出每个值，不要使用别名",
    )
}

/// A parser budget exceeded: aliases are D-ALIAS; nesting, sheer number of values or of text are
/// D-SYNTAX saying which (a report has a few levels and a few hundred values).
fn budget_finding(pos: Option<Pos>, breach: &serde_saphyr::budget::BudgetBreach) -> Finding {
    use serde_saphyr::budget::BudgetBreach as B;
    let msg = match breach {
        B::Aliases { .. } | B::Anchors { .. } | B::AliasAnchorRatio { .. } | B::MergeKeys { .. } => {
            return alias_finding(pos);
        }
        B::Depth { .. } => return Finding::new(Rule::DSyntax, pos, format!("YAML 语法错误：{NESTING}")),
        B::Documents { .. } => "YAML 语法错误：一个数据文件只能有一份文档（请删除多余的 `---`）",
        B::InputBytes { .. } | B::ScalarBytes { .. } => {
            "数据文件的文字过多，已停止读取：一个年度报告的数据文件通常只有几 KB"
        }
        _ => {
            "数据文件的条目过多（几十万个值），已停止读取：一个年度报告只有几百个值，请检查是否误粘贴了大量内容"
        }
    };
    Finding::new(Rule::DSyntax, pos, msg)
}

const NESTING: &str =
    "层次嵌套过深（方括号、花括号或缩进层层套叠），已停止读取：数据文件最多只有三四层，请检查括号是否配对";

/// The tag written just before `pos` on its line (`!!int` in `a: !!int 9…`).
fn written_tag(text: &str, pos: Pos) -> Option<String> {
    let line = source_line(text, pos.line)?;
    let before: String = line.chars().take((pos.col as usize).saturating_sub(1)).collect();
    let at = before.rfind('!')?;
    let start = before[..at].rfind(|c: char| c != '!').map_or(0, |i| i + 1);
    before[start..].split_whitespace().next().map(str::to_string)
}

/// The parser's English message in Chinese, for the mistakes people make by hand.
fn syntax_message(english: &str) -> String {
    const KNOWN: &[(&str, &str)] = &[
        ("recursion limit exceeded", NESTING),
        ("unclosed bracket", "方括号“[”或花括号“{”没有闭合：请检查同一行末尾是否缺少“]”或“}”"),
        ("mismatched bracket", "括号不配对：“[”应以“]”结束，“{”应以“}”结束"),
        ("misplaced bracket", "多了一个右括号“]”或“}”：请删除，或补上对应的左括号"),
        ("expected ',' or ']'", "列表中缺少逗号“,”或结尾的“]”"),
        ("expected ',' or '}'", "映射中缺少逗号“,”或结尾的“}”"),
        ("found a tab", "出现了 Tab 字符：YAML 的缩进只能用空格"),
        ("tab", "出现了 Tab 字符：YAML 的缩进只能用空格"),
        (
            "mapping values are not allowed",
            "这里不能出现“键: 值”：通常是这一行的缩进与上一行不一致，或上一行的值没有写完",
        ),
        ("mapping keys are not allowed", "这里不能出现字段名：通常是这一行的缩进与上一行不一致"),
        ("block sequence entries are not allowed", "这里不能出现列表项“- ”：请检查这一行的缩进"),
        ("only valid inside a block", "方括号里不能用“- ”列出各项：请用逗号“,”分隔"),
        ("expected '-' indicator", "列表的各项应以“- ”开头并左对齐"),
        ("unclosed quote", "引号没有闭合：请检查这一行的引号是否成对"),
        ("invalid trailing content after", "引号闭合后还有内容：整段文字应都写在引号里"),
        ("quoted scalar", "双引号里的反斜杠“\\”写法不对：双引号里的反斜杠要写成两个“\\\\”，或改用单引号"),
        ("did not find expected key", "缩进不一致或缺少“键:”：同一层的字段应左对齐"),
        ("could not find expected ':'", "缺少冒号：字段名后应为“: ”（英文冒号加空格）"),
        (
            "simple key expected ':'",
            "冒号后缺空格或用了中文冒号：字段名后应为英文冒号加一个空格，如“行政许可: 0”",
        ),
        ("simple key is no longer valid", "字段名过长或跨行：字段名和它的冒号应写在同一行"),
        ("must be followed by a valid YAML whitespace", "“-”或“:”后面应有一个空格"),
        ("expected whitespace", "这里应有一个空格"),
        ("may not precede", "冒号“:”后面应有一个空格，再写“[”或“{”"),
        ("placement of ':'", "这里的冒号“:”位置不对：字段名后应为英文冒号加一个空格"),
        ("cannot start with '-'", "文字不能以“-”紧接逗号或括号开头：请给这段文字加引号"),
        (
            "wrongly indented line in block scalar",
            "多行文字（| 或 >）中有一行缩进不够：每行前面至少要有与第一行相同的空格",
        ),
        ("block scalar", "多行文字的写法不对：“|”后面应直接换行，文字每行前至少缩进两个空格"),
        ("comment intercepting", "多行文字中间插入了以“#”开头的注释：请删除注释，或给文字加引号"),
        (
            "comments must be separated",
            "“#”前面应有一个空格，才是注释；若“#”是文字的一部分，请给整段文字加引号",
        ),
        ("invalid indentation", "缩进不一致：同一层的字段应左对齐，下一层多缩进两个空格"),
        (
            "BOM must not appear",
            "文件中间有一个看不见的字节顺序标记（BOM，U+FEFF）：请删除这一行开头看不见的字符",
        ),
        (
            "unexpected character",
            "这里有一个不能出现在此处的字符（如 @、`、% 或控制字符）：请删除它；若是文字的一部分，请给整段文字加引号",
        ),
        ("<document start>", "文档结束标记“...”或指令之后还有内容：请删除多余的“---”“...”或以“%”开头的行"),
        ("document end marker", "文档结束标记“...”之后还有内容：请删除“...”这一行"),
        ("document indicator", "引号里的文字中有一行以“---”或“...”开头：请改写这一行，或改用“|”书写多行文字"),
        ("did not find expected node content", "这里缺少值：请在冒号后写上值，或删除多余的符号"),
        ("unexpected eof", "文件意外结束：请检查最后几行的括号、引号是否配对"),
        ("unexpected EOF", "文件意外结束：请检查最后几行的括号、引号是否配对"),
        ("unexpected end of plain scalar", "文字意外结束：请检查括号、引号是否配对"),
        ("anchor", "“&”或“*”是 YAML 的锚点与别名，后面缺少名字：若是文字的一部分，请给整段文字加引号"),
        ("alias", "“&”或“*”是 YAML 的锚点与别名，后面缺少名字：若是文字的一部分，请给整段文字加引号"),
        ("tag", "以“!”开头的是 YAML 标签，写法不对：数据文件不使用标签，请删除；文字以“!”开头时请加引号"),
        ("handle", "以“!”开头的是 YAML 标签，写法不对：数据文件不使用标签，请删除；文字以“!”开头时请加引号"),
        ("directive", "以“%”开头的行是 YAML 指令：数据文件不需要，请删除这一行；文字以“%”开头时请加引号"),
        ("YAML major version", "以“%”开头的行是 YAML 指令：数据文件不需要，请删除这一行"),
        ("encoding", "文件编码无法识别：请在编辑器中以“UTF-8”编码另存后再试"),
        ("utf-8", "文件编码无法识别：请在编辑器中以“UTF-8”编码另存后再试"),
    ];
    let first = english.lines().next().unwrap_or(english);
    // Positions are given separately.
    let detail = first.split(" at line ").next().unwrap_or(first).trim_end_matches('.');
    match KNOWN.iter().find(|(k, _)| detail.contains(k)) {
        Some((_, zh)) => zh.to_string(),
        // Never the parser's English: the position is given with the finding.
        None => {
            "这里的写法无法识别。常见原因：冒号后缺空格、缩进不一致（请用空格，不要用 Tab）、引号或括号未配对"
                .to_string()
        }
    }
}
