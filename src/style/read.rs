//! Reading a locality's `style.yaml`: the file is laid key by key over the default style (so a
//! locality writes only what it changes), every setting is checked for its type and range, and
//! every problem is placed at its line and column.

use super::error::{StyleError, StyleProblem};
use super::keys::what;
use super::{Style, limits};
use crate::load::yaml::{Node, Value as Yaml};
use crate::model::Pos;
use serde_json::Value as Json;
use std::collections::HashMap;

/// The settings that take one of a few words, with those words.
const CHOICES: &[(&str, &[&str])] = &[("page_number.position", &["outside", "center"])];

/// A style file → the default style with the file's settings laid over it, or every problem.
pub(super) fn from_yaml(text: &str) -> Result<Style, StyleError> {
    let tree = parse(text).map_err(|p| StyleError { problems: vec![p] })?;
    let default = Style::default();
    let mut merged = serde_json::to_value(&default).map_err(|e| internal(e.to_string()))?;
    let mut cx = Cx::default();
    // Empty, or comments only: nothing changed.
    if let Some(tree) = &tree {
        cx.overlay(&mut merged, tree, "");
    }
    let style: Style = serde_json::from_value(merged).map_err(|e| internal(e.to_string()))?;
    let mut problems = cx.problems;
    for p in limits::problems(&style) {
        // The first of the settings concerned that this file writes (a default is never the cause).
        let (key, pos) = p
            .keys
            .iter()
            .find_map(|k| cx.written.get(k).map(|pos| (k.clone(), Some(*pos))))
            .unwrap_or_else(|| (p.keys.first().cloned().unwrap_or_default(), None));
        problems.push(StyleProblem { key, pos, message: p.message });
    }
    if problems.is_empty() {
        return Ok(style);
    }
    problems.sort_by_key(|p| p.pos.map(|p| (p.line, p.col)));
    Err(StyleError { problems })
}

/// A failure of this code, not of the file (the default style always converts).
fn internal(detail: String) -> StyleError {
    StyleError {
        problems: vec![StyleProblem {
            key: String::new(),
            pos: None,
            message: format!("内部错误：{detail}"),
        }],
    }
}

fn parse(text: &str) -> Result<Option<Node>, StyleProblem> {
    let mut options = serde_saphyr::Options::default();
    // A style has a few dozen values: a small budget stops alias bombs at once.
    options.alias_limits.max_total_replayed_events = 2_000;
    options.alias_limits.max_replay_stack_depth = 8;
    options.with_snippet = false;
    // NaN and infinities reach the range check, which names the setting.
    options.non_finite_float_policy = serde_saphyr::NonFiniteFloatPolicy::PassThrough;
    serde_saphyr::from_str_with_options::<Option<Node>>(text, options).map_err(|e| yaml_error(&e))
}

/// A parser error in Chinese, at its position.
fn yaml_error(e: &serde_saphyr::Error) -> StyleProblem {
    use serde_saphyr::Error as E;
    let pos =
        e.location().filter(|l| l.line() > 0).map(|l| Pos { line: l.line() as u32, col: l.column() as u32 });
    let mut inner = e;
    while let E::WithSnippet { error, .. } | E::AliasError { error, .. } = inner {
        inner = error;
    }
    let message = match inner {
        E::DuplicateMappingKey { key: Some(k), .. } => {
            format!("设置项“{k}”在同一层重复出现：每项只能写一次，请删除或合并重复的一处")
        }
        E::DuplicateMappingKey { key: None, .. } => "同一层有重复的设置项：每项只能写一次".to_string(),
        E::AliasReplayLimitExceeded { .. }
        | E::AliasExpansionLimitExceeded { .. }
        | E::AliasReplayStackDepthExceeded { .. }
        | E::AliasReplayCounterOverflow { .. }
        | E::Budget { .. } => "锚点（&）与别名（*）展开过多：请直接写出每个值".to_string(),
        E::UnknownAnchor { .. } => "YAML 语法错误：引用了未定义的锚点（*别名）".to_string(),
        E::MultipleDocuments { .. } => {
            "YAML 语法错误：样式文件只能有一份文档（请删除多余的 `---`）".to_string()
        }
        other => format!("YAML 语法错误：{}", syntax_hint(&other.to_string())),
    };
    StyleProblem { key: String::new(), pos, message }
}

/// The usual cause of a parser message, in Chinese.
fn syntax_hint(english: &str) -> &'static str {
    const KNOWN: &[(&str, &str)] = &[
        ("tab", "出现了 Tab 字符：YAML 的缩进只能用空格"),
        ("unclosed bracket", "方括号“[”或花括号“{”没有闭合"),
        ("did not find expected ','", "列表或花括号中缺少逗号“,”或结尾的括号"),
        ("unclosed quote", "引号没有闭合：请检查这一行的引号是否成对"),
        ("mapping values are not allowed", "这里不能出现“键: 值”：通常是缩进与上一行不一致"),
        ("did not find expected key", "缩进不一致：同一层的设置项应左对齐"),
        ("invalid indentation", "缩进不一致：同一层的设置项应左对齐，下一层多缩进两个空格"),
        ("expected ':'", "缺少冒号：设置项名后应为英文冒号加一个空格，如“size_pt: 16”"),
    ];
    let lower = english.to_lowercase();
    KNOWN.iter().find(|(k, _)| lower.contains(k)).map_or(
        "常见原因：冒号后缺空格、用了中文冒号、缩进不一致（请用空格，不要用 Tab）、引号或括号未配对",
        |(_, zh)| zh,
    )
}

#[derive(Default)]
struct Cx {
    problems: Vec<StyleProblem>,
    /// Settings this file writes (dotted path → position of the value).
    written: HashMap<String, Pos>,
}

impl Cx {
    fn problem(&mut self, key: &str, pos: Pos, message: String) {
        self.problems.push(StyleProblem { key: key.to_string(), pos: Some(pos), message });
    }

    /// Lays `user` over the default value `def` of the setting `key`: maps key by key, any other
    /// value whole. A value of the wrong kind leaves the default and is a problem.
    fn overlay(&mut self, def: &mut Json, user: &Node, key: &str) {
        if !key.is_empty() {
            self.written.insert(key.to_string(), user.pos);
        }
        match (&mut *def, &user.value) {
            // `body:` with nothing under it (all of it commented out) changes nothing.
            (Json::Object(_), Yaml::Null) => {}
            (Json::Object(fields), Yaml::Map(entries)) => {
                for (k, v) in entries {
                    let Yaml::Str(name) = &k.value else {
                        self.unknown(fields, &describe(&k.value), key, k.pos);
                        continue;
                    };
                    let path = if key.is_empty() { name.clone() } else { format!("{key}.{name}") };
                    match fields.get_mut(name) {
                        Some(field) => self.overlay(field, v, &path),
                        None => self.unknown(fields, name, key, k.pos),
                    }
                }
            }
            (Json::Number(_), Yaml::Int(_) | Yaml::Float(_)) => {
                match serde_json::Number::from_f64(number(&user.value)) {
                    Some(n) => *def = Json::Number(n),
                    None => self.wrong(key, user),
                }
            }
            (Json::Bool(_), Yaml::Bool(b)) => *def = Json::Bool(*b),
            // One font may be written without brackets.
            (Json::Array(_), Yaml::Str(s)) => *def = Json::Array(vec![Json::String(s.clone())]),
            (Json::Array(_), Yaml::Seq(items)) => {
                let mut fonts = Vec::new();
                let mut all = true;
                for item in items {
                    match &item.value {
                        Yaml::Str(s) => fonts.push(Json::String(s.clone())),
                        other => {
                            all = false;
                            self.problem(
                                key,
                                item.pos,
                                format!(
                                    "{}（{key}）的每一项应为字体名，这里是{}",
                                    what(key),
                                    limits::spaced(&describe(other))
                                ),
                            );
                        }
                    }
                }
                if all {
                    *def = Json::Array(fonts);
                }
            }
            (Json::String(_), Yaml::Str(s)) => {
                let choices = CHOICES.iter().find(|(k, _)| *k == key).map(|(_, c)| *c);
                match choices {
                    Some(c) if !c.contains(&s.trim()) => self.wrong(key, user),
                    _ => *def = Json::String(s.trim().to_string()),
                }
            }
            _ => self.wrong(key, user),
        }
    }

    /// A value of the wrong kind (or a number that is not finite) for `key`.
    fn wrong(&mut self, key: &str, user: &Node) {
        let expected = expected(key);
        let got = describe(&user.value);
        let message = if key.is_empty() {
            format!(
                "样式文件应由“设置项: 值”组成（如 page_number: 换行后缩进写 position: center），这里是{}",
                limits::spaced(&got)
            )
        } else {
            format!("{}（{key}）应为{}，这里是{}", what(key), limits::spaced(&expected), limits::spaced(&got))
        };
        self.problem(key, user.pos, message);
    }

    /// A setting `name` under `parent` that styles do not have, with the likeliest intended one.
    fn unknown(&mut self, fields: &serde_json::Map<String, Json>, name: &str, parent: &str, pos: Pos) {
        let full = |k: &str| if parent.is_empty() { k.to_string() } else { format!("{parent}.{k}") };
        let here: Vec<&str> = fields.keys().map(String::as_str).collect();
        let hint = if let Some(near) = nearest(name, &here) {
            format!("，是不是“{near}”（{}）？", what(&full(near)))
        } else if let [path, ..] = elsewhere(name).as_slice() {
            let parents: Vec<String> = elsewhere(name)
                .iter()
                .map(|p| p.rsplit_once('.').map_or(String::new(), |(up, _)| up.to_string()))
                .collect();
            match parents.as_slice() {
                [up] => format!("：它应写在“{up}:”下面（下一行起缩进两格），即 {path}"),
                all => format!("：它应写在 {} 之一的下面（下一行起缩进两格），如 {path}", all.join("、")),
            }
        } else {
            format!(
                "；{}可写的设置项有：{}",
                if parent.is_empty() { "最外层" } else { "这一层" },
                here.join("、")
            )
        };
        let at = if parent.is_empty() { String::new() } else { format!("“{parent}”下") };
        self.problem(&full(name), pos, format!("{at}没有“{name}”这一设置项{hint}"));
    }
}

/// What a setting's value should be, from its default.
fn expected(key: &str) -> String {
    if let Some((_, c)) = CHOICES.iter().find(|(k, _)| *k == key) {
        return c.join(" 或 ");
    }
    if let Some(r) = limits::range(key) {
        return r.expected();
    }
    match default_at(key) {
        Some(Json::Bool(_)) => "true 或 false".into(),
        Some(Json::Array(_)) => "字体名的列表，如 [仿宋_GB2312, 仿宋]".into(),
        Some(Json::Object(_)) => "一组设置（换行后缩进两格写出其中的项）".into(),
        Some(Json::Number(_)) => "数".into(),
        _ => "文字".into(),
    }
}

/// The default value of a setting.
fn default_at(key: &str) -> Option<Json> {
    let mut v = serde_json::to_value(Style::default()).ok()?;
    for part in key.split('.') {
        v = v.get_mut(part)?.take();
    }
    Some(v)
}

/// The full paths of the settings named `name` at other levels (`width_mm` → `page.width_mm`).
fn elsewhere(name: &str) -> Vec<String> {
    fn walk(v: &Json, prefix: &str, name: &str, out: &mut Vec<String>) {
        let Json::Object(fields) = v else { return };
        for (k, v) in fields {
            let path = if prefix.is_empty() { k.clone() } else { format!("{prefix}.{k}") };
            if k == name {
                out.push(path.clone());
            }
            walk(v, &path, name, out);
        }
    }
    let mut out = Vec::new();
    if let Ok(v) = serde_json::to_value(Style::default()) {
        walk(&v, "", name, &mut out);
    }
    out
}

/// The closest known key, when it is close enough to be a likely typo.
fn nearest<'k>(key: &str, known: &[&'k str]) -> Option<&'k str> {
    let best = known.iter().map(|k| (strsim::levenshtein(key, k), *k)).min_by_key(|(d, _)| *d)?;
    let limit = (key.chars().count().max(best.1.chars().count()) / 2).max(1);
    (best.0 <= limit).then_some(best.1)
}

/// A value as the messages name it.
fn describe(v: &Yaml) -> String {
    match v {
        Yaml::Null => "空值（冒号后没有写）".into(),
        Yaml::Bool(b) => b.to_string(),
        Yaml::Int(_) | Yaml::Float(_) => limits::num(number(v) as f32),
        Yaml::Str(s) => {
            let cut: String = s.chars().take(20).collect();
            let more = if cut.len() < s.len() { "…" } else { "" };
            format!("文字“{cut}{more}”")
        }
        Yaml::Seq(_) => "一个列表".into(),
        Yaml::Map(_) => "一组设置".into(),
    }
}

/// A number as the style's settings hold it (every one fits an `f64` closely enough).
fn number(v: &Yaml) -> f64 {
    match v {
        Yaml::Int(i) => *i as f64,
        Yaml::Float(f) => *f,
        _ => f64::NAN,
    }
}
