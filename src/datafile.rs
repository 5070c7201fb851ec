//! Writing a data file from a [`Report`]: the layout `xxgk init` writes (every key in official
//! order, with a comment giving its full label), filled with the report's values and prose.
//!
//! Loading the written text gives the same report back (apart from positions): text is quoted when
//! plain YAML could change it, prose is a `|` block when one can hold it exactly and a quoted string
//! otherwise, optional keys the report leaves out are written commented out. Row and column keys
//! come from [`crate::model`]. This module builds text; it never reads or writes files.

use crate::model::*;
use std::fmt::Write;

/// File name of the JSON Schema written beside a new data file.
pub const SCHEMA_FILE: &str = "xxgk.schema.json";

/// Appends one line to the text (writing to a `String` cannot fail).
macro_rules! line {
    ($s:expr) => {
        $s.push('\n')
    };
    ($s:expr, $($arg:tt)*) => {{
        let _ = write!($s, $($arg)*);
        $s.push('\n');
    }};
}

/// Which table a [`Note`] is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize)]
pub enum NoteTable {
    /// 主动公开: `row` is the row's data key, `col` the index into its columns.
    Proactive,
    /// 申请: `row` is the row's id ([`RowDef::id`], `total` for （七）总计), `col` 0–5 the applicant
    /// columns, 6 the 总计 column.
    Requests,
    /// 复议诉讼: `row` is the group's data key, `col` 0–3 the outcomes, 4 the 总计 column.
    Appeals,
    /// 其他事项: `row` is [`FEE_KEY`].
    Other,
    /// The report's basics: `row` is `机关` (the agency and year, read from somewhere other than
    /// the title).
    Basics,
}

/// A remark on one value (or, without `col`, one row) of a data file written from a document: how
/// it was read, or that it could not be. Written as a comment at the value's line.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct Note {
    pub table: NoteTable,
    pub row: &'static str,
    pub col: Option<usize>,
    /// The value could not be read: the file leaves it unfilled (`~`), for a person to fill.
    pub missing: bool,
    pub text: String,
}

impl Note {
    /// Where the note belongs, in the data file's words: `申请·本年新收·商业企业`.
    pub fn place(&self) -> String {
        let (table, row, cols): (&str, String, Vec<&str>) = match self.table {
            NoteTable::Proactive => {
                let def = [Edition::E2021, Edition::E2019]
                    .iter()
                    .flat_map(|e| t2_rows(*e))
                    .find(|d| d.key == self.row);
                (
                    "主动公开",
                    self.row.to_string(),
                    def.map_or(Vec::new(), |d| d.cols.iter().map(|c| c.key).collect()),
                )
            }
            NoteTable::Requests => {
                let def = [Edition::E2021, Edition::E2019]
                    .iter()
                    .flat_map(|e| t3_rows(*e).iter().copied())
                    .chain([&TOTAL_ROW])
                    .find(|d| d.id == self.row);
                let mut cols: Vec<&str> = APPLICANTS.iter().map(|(k, _)| *k).collect();
                cols.push(TOTAL_KEY);
                ("申请", def.map_or(self.row.to_string(), |d| d.key.to_string()), cols)
            }
            NoteTable::Appeals => {
                let mut cols: Vec<&str> = OUTCOMES.iter().map(|(k, _)| *k).collect();
                cols.push(TOTAL_KEY);
                ("复议诉讼", self.row.to_string(), cols)
            }
            NoteTable::Other => ("其他事项", self.row.to_string(), Vec::new()),
            NoteTable::Basics => ("基本信息", self.row.to_string(), Vec::new()),
        };
        match self.col.and_then(|c| cols.get(c)) {
            Some(col) if cols.len() > 1 => format!("{table}·{row}·{col}"),
            _ => format!("{table}·{row}"),
        }
    }
}

/// The data file of a report.
pub fn write(r: &Report) -> String {
    write_noted(r, &[])
}

/// The data file of a report with remarks on its values: each note is a comment at its value's
/// line, and a value whose note says `missing` is written unfilled (`~`), so that loading the file
/// says it is not filled instead of taking a guess for a figure. Without notes, [`write()`].
pub fn write_noted(r: &Report, notes: &[Note]) -> String {
    let mut s = String::new();
    let edition = r.edition;
    line!(s, "# yaml-language-server: $schema=./{SCHEMA_FILE}");
    line!(s, "# {} · 数据文件", comment_text(&r.title()));
    line!(s, "# 表格格式：{}年版（{}）。填好后运行：xxgk check 本文件", edition.year(), edition.notice());
    line!(s, "# 数字没有请填 0，不要留空或写“/”；文字部分每一行是一个段落，");
    line!(s, "# 以“一、”“（一）”“1.”“（1）”开头的行是各级标题。");
    line!(s);
    basics(&mut s, r, notes);
    line!(s);
    if let Some(intro) = &r.intro {
        line!(s, "# 引言（按原文；不写时由模板生成）");
        prose(&mut s, "", INTRO_KEY, &intro.text, "");
        line!(s);
    }
    line!(s, "# 一、总体情况");
    prose(&mut s, "", "总体情况", &r.overview.text, "");
    line!(s);
    line!(s, "# 二、主动公开政府信息情况");
    line!(s, "主动公开:");
    proactive(&mut s, &r.proactive, notes);
    line!(s);
    line!(s, "# 三、收到和处理政府信息公开申请情况");
    let names: Vec<&str> = APPLICANTS.iter().map(|(k, _)| *k).collect();
    line!(s, "# 每行六个数依次为：{}", names.join("、"));
    line!(s, "# {T3_NOTE}");
    line!(s, "申请:");
    requests(&mut s, &r.requests, notes);
    line!(s);
    line!(s, "# 四、政府信息公开行政复议、行政诉讼情况");
    let outcomes: Vec<&str> = OUTCOMES.iter().map(|(k, _)| *k).collect();
    line!(s, "# 每组四个数依次为：{}（总计自动计算）", outcomes.join("、"));
    line!(s, "复议诉讼:");
    for ((key, _, _), group) in APPEAL_GROUPS.iter().zip(&r.appeals.groups) {
        let what = if *key == "行政复议" { "行政复议" } else { "行政诉讼" };
        let n = Noted::of(notes, NoteTable::Appeals, key);
        let values = n.list(&group.values, &group.given_total);
        line!(s, "  {key}: {values}    # {what}{}", n.comment(&OUTCOMES.map(|(k, _)| k)));
    }
    line!(s);
    line!(s, "# 五、存在的主要问题及改进情况");
    prose(&mut s, "", "问题及改进", &r.problems.text, "");
    line!(s);
    line!(s, "# 六、其他需要报告的事项");
    other(&mut s, &r.other, notes);
    s
}

/// The notes of one row.
struct Noted<'n> {
    notes: Vec<&'n Note>,
}

impl<'n> Noted<'n> {
    fn of(notes: &'n [Note], table: NoteTable, row: &str) -> Self {
        Noted { notes: notes.iter().filter(|n| n.table == table && n.row == row).collect() }
    }

    fn missing(&self, col: usize) -> bool {
        self.notes.iter().any(|n| n.col == Some(col) && n.missing)
    }

    /// A value, or `~` when it is missing.
    fn value(&self, col: usize, text: String) -> String {
        if self.missing(col) { "~".into() } else { text }
    }

    /// `[1, ~, 3]`, with the given 总计 last when there is one.
    fn list(&self, values: &[Val<u64>], total: &Option<Val<u64>>) -> String {
        let all: Vec<String> =
            values.iter().chain(total).enumerate().map(|(i, v)| self.value(i, v.value.to_string())).collect();
        format!("[{}]", all.join(", "))
    }

    /// `；` and the notes, columns with the same note named together (`商业企业、科研机构：…`), or
    /// nothing.
    fn comment(&self, cols: &[&str]) -> String {
        let mut texts: Vec<(&str, Vec<String>)> = Vec::new();
        for n in &self.notes {
            let name = match n.col {
                Some(c) => cols.get(c).map_or_else(|| TOTAL_KEY.to_string(), |k| k.to_string()),
                None => String::new(),
            };
            match texts.iter_mut().find(|(t, _)| *t == n.text) {
                Some((_, names)) => names.push(name),
                None => texts.push((&n.text, vec![name])),
            }
        }
        let parts: Vec<String> = texts
            .into_iter()
            .map(|(t, names)| {
                let names: Vec<String> = names.into_iter().filter(|n| !n.is_empty()).collect();
                let t = comment_text(t);
                if names.is_empty() || cols.len() <= 1 { t } else { format!("{}：{t}", names.join("、")) }
            })
            .collect();
        if parts.is_empty() { String::new() } else { format!("；{}", parts.join("；")) }
    }

    /// The notes as a comment ending a line with nothing else in it (`    # …`), or nothing.
    fn line_comment(&self, cols: &[&str]) -> String {
        self.comment(cols).strip_prefix('；').map_or(String::new(), |c| format!("    # {c}"))
    }
}

/// 机关 to 落款. Optional keys the report leaves out are written commented out, as hints.
fn basics(s: &mut String, r: &Report, notes: &[Note]) {
    let remark = Noted::of(notes, NoteTable::Basics, "机关").line_comment(&[]);
    line!(s, "机关: {}{remark}", yaml_str(&r.agency.value));
    line!(s, "年度: {}", r.year.value);
    if let Some(e) = &r.edition_given {
        line!(s, "格式: {}", e.value);
    }
    let locality = r.locality.as_ref().map(|v| v.value.as_str());
    optional(s, "地区", locality, "default", "地区模板，如 shanghai、shandong");
    if let Some(t) = &r.title {
        line!(s, "标题: {}", yaml_str(&t.value));
    }
    optional(s, "网址", r.url.as_deref(), "http://", "报告电子版的查阅网址");
    let c = &r.contacts;
    let contacts = [&c.address, &c.postcode, &c.phone, &c.fax, &c.email];
    let contacts = CONTACT_KEYS.iter().map(|(k, _)| *k).zip(contacts.map(Option::as_deref));
    submap(s, "联系方式", contacts.collect());
    let date = r.signature.date.as_ref().map(|d| d.value.as_str());
    submap(s, "落款", vec![("单位", r.signature.unit.as_deref()), ("日期", date)]);
}

/// `key: value  # comment`, or the line commented out with an example value.
fn optional(s: &mut String, key: &str, value: Option<&str>, example: &str, comment: &str) {
    match value {
        Some(v) => line!(s, "{}# {comment}", pad(&format!("{key}: {}", yaml_str(v)), 23)),
        None => line!(s, "{}# {comment}", pad(&format!("# {key}: {example}"), 23)),
    }
}

/// A map of one-line texts; entries left out (or the whole map) commented out.
fn submap(s: &mut String, key: &str, entries: Vec<(&str, Option<&str>)>) {
    let any = entries.iter().any(|(_, v)| v.is_some());
    line!(s, "{}{key}:", if any { "" } else { "# " });
    for (k, v) in entries {
        match v {
            Some(v) => line!(s, "  {k}: {}", yaml_str(v)),
            None => line!(s, "#   {k}: "),
        }
    }
}

/// Table 二 as [`t2_rows`] defines it: a one-column row as a bare value with its caption and header
/// in a comment, other rows as maps under a comment naming the block and, where they change, the
/// column headers.
fn proactive(s: &mut String, p: &Proactive, notes: &[Note]) {
    let mut item = None;
    let mut headed: Option<&[T2Col]> = None;
    let mut signed_noted = false;
    for (def, cells) in p.rows() {
        let new_block = item != Some(def.item);
        item = Some(def.item);
        let n = Noted::of(notes, NoteTable::Proactive, def.key);
        let names: Vec<&str> = def.cols.iter().map(|c| c.key).collect();
        if let [col] = def.cols {
            let row = format!("  {}: {}", def.key, n.value(0, cells[0].data_text()));
            line!(s, "{}# {} {}{}", pad(&row, 23), def.caption(), col.header, n.comment(&names));
            continue;
        }
        if new_block {
            let mut comment = format!("  # {}", def.caption());
            if headed != Some(def.cols) {
                comment.push('：');
                for (i, c) in def.cols.iter().enumerate() {
                    // No space between a full-width bracket and the slash.
                    if i > 0 {
                        comment.push_str(if comment.ends_with('）') { "/ " } else { " / " });
                    }
                    comment.push_str(c.header);
                    if c.kind == T2Kind::Signed && !signed_noted {
                        signed_noted = true;
                        comment.push_str("（可为负数）");
                    }
                }
                headed = Some(def.cols);
            }
            line!(s, "{comment}");
        }
        let values: Vec<String> = def
            .cols
            .iter()
            .zip(&cells)
            .enumerate()
            .map(|(i, (c, v))| format!("{}: {}", c.key, n.value(i, v.data_text())))
            .collect();
        line!(s, "  {}: {{{}}}{}", def.key, values.join(", "), n.line_comment(&names));
    }
}

/// Table 三: every row as a list of six numbers (seven with a 总计 the file gave), nested rows
/// under their group, and a written （七）总计 before 结转下年度.
fn requests(s: &mut String, q: &Requests, notes: &[Note]) {
    let mut group = None;
    let applicants: Vec<&str> = APPLICANTS.iter().map(|(k, _)| *k).collect();
    for row in &q.rows {
        let def = row.def;
        if def.kind == RowKind::CarriedOut
            && let Some(total) = &q.given_total
        {
            let n = Noted::of(notes, NoteTable::Requests, TOTAL_ROW.id);
            let values = n.list(&total.values, &total.given_total);
            line!(
                s,
                "  {TOTAL_KEY}: {values}    # 三、本年度办理结果 {TOTAL_LABEL}{}",
                n.comment(&applicants)
            );
        }
        if def.group != group {
            if let Some(g) = def.group {
                line!(s, "  {g}:                 # {}", t3_group_label(g));
            }
            group = def.group;
        }
        let indent = if def.group.is_some() { "    " } else { "  " };
        let label = if def.kind.is_result() && def.group.is_none() {
            format!("三、本年度办理结果 {}", def.label)
        } else {
            def.label.to_string()
        };
        let n = Noted::of(notes, NoteTable::Requests, def.id);
        let values = n.list(&row.values, &row.given_total);
        line!(s, "{indent}{}: {values}    # {label}{}", def.key, n.comment(&applicants));
    }
}

/// 六: one text, or (2021) the fee and the topics, topics left out commented out.
fn other(s: &mut String, o: &Other, notes: &[Note]) {
    if let Some(p) = &o.prose {
        prose(s, "", "其他事项", &p.text, "");
        return;
    }
    line!(s, "其他事项:");
    let fee = o.fee.as_ref().map(|f| f.value.text.as_str());
    let fee_line = format!("  {}{FEE_KEY}: {}", if fee.is_some() { "" } else { "# " }, fee.unwrap_or("0"));
    let n = Noted::of(notes, NoteTable::Other, FEE_KEY);
    let fee_line = if fee.is_some() && n.missing(0) { format!("  {FEE_KEY}: ~") } else { fee_line };
    line!(
        s,
        "{}# 本年收取的政府信息公开信息处理费（元），没有收取填 0{}",
        pad(&fee_line, 21),
        n.comment(&[FEE_KEY])
    );
    if let Some(text) = &o.fee_text {
        prose(s, "  ", FEE_TEXT_KEY, &text.text, "    # 信息处理费一项的原文，代替模板生成的句子");
    }
    for (key, id, heading) in OTHER_TOPICS {
        let comment = format!("           # {heading}");
        match o.topics.iter().find(|(t, _)| *t == id) {
            Some((_, p)) => prose(s, "  ", key, &p.text, &comment),
            None => line!(s, "  # {key}: |{comment}"),
        }
    }
}

/// `text` followed by spaces up to display column `col` (at least two), for a trailing comment.
/// Keys and labels are CJK, two columns each.
fn pad(text: &str, col: usize) -> String {
    let width: usize = text.chars().map(|c| if c.is_ascii() { 1 } else { 2 }).sum();
    format!("{text}{}", " ".repeat(col.saturating_sub(width).max(2)))
}

/// Text inside a `#` comment: one line.
fn comment_text(s: &str) -> String {
    s.chars().map(|c| if c == '\n' || needs_escape(c) { ' ' } else { c }).collect()
}

/// A prose value: a literal block (`|`) holding the text exactly, or a quoted string when no
/// block can (control characters, lines of spaces only, more than one trailing line break).
fn prose(s: &mut String, indent: &str, key: &str, text: &str, comment: &str) {
    let Some(header) = block_header(text) else {
        line!(s, "{indent}{key}: {}{comment}", quoted(text));
        return;
    };
    line!(s, "{indent}{key}: {header}{comment}");
    for l in text.strip_suffix('\n').unwrap_or(text).split('\n') {
        if l.is_empty() {
            line!(s);
        } else {
            line!(s, "{indent}  {l}");
        }
    }
}

/// The header of a literal block that holds `text` exactly, if one can: `|` with an indentation
/// indicator when the first line starts with a space, and `-` when there is no final line break.
fn block_header(text: &str) -> Option<String> {
    let lines: Vec<&str> = text.strip_suffix('\n').unwrap_or(text).split('\n').collect();
    let representable = !text.chars().any(|c| c == '\t' || needs_escape(c))
        && !text.ends_with("\n\n")
        && lines.iter().any(|l| !l.is_empty())
        && lines.iter().all(|l| l.is_empty() || !l.chars().all(|c| c == ' '));
    if !representable {
        return None;
    }
    let first = lines.iter().find(|l| !l.is_empty()).map_or("", |l| l);
    let indicator = if first.starts_with(' ') { "2" } else { "" };
    let chomp = if text.ends_with('\n') { "" } else { "-" };
    Some(format!("|{indicator}{chomp}"))
}

/// Characters a YAML file may not hold as they are (line breaks other than `\n` among them).
fn needs_escape(c: char) -> bool {
    (c.is_control() && c != '\n') || matches!(c, '\u{85}' | '\u{2028}' | '\u{2029}' | '\u{FEFF}')
}

/// A one-line YAML scalar: plain when plain style keeps it text as written, else double-quoted.
fn yaml_str(s: &str) -> String {
    let plain = !s.is_empty()
        && !s.starts_with([
            ' ', '-', '?', ':', ',', '[', ']', '{', '}', '#', '&', '*', '!', '|', '>', '\'', '"', '%', '@',
            '`',
        ])
        && !s.contains(": ")
        && !s.contains(" #")
        && !s.ends_with([' ', ':'])
        && !s.contains('\n')
        && !s.chars().any(needs_escape)
        && s.parse::<f64>().is_err()
        && !matches!(
            s,
            "true"
                | "True"
                | "TRUE"
                | "false"
                | "False"
                | "FALSE"
                | "null"
                | "Null"
                | "NULL"
                | "~"
                | "yes"
                | "no"
        );
    if plain { s.to_string() } else { quoted(s) }
}

/// A double-quoted YAML scalar (JSON's escapes, which YAML shares, plus the characters YAML does
/// not allow as they are).
fn quoted(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            '\u{8}' => out.push_str("\\b"),
            '\u{c}' => out.push_str("\\f"),
            c if needs_escape(c) => {
                let _ = write!(out, "\\u{:04x}", c as u32);
            }
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn block_headers() {
        assert_eq!(block_header("一段。\n").as_deref(), Some("|"));
        assert_eq!(block_header("一段。").as_deref(), Some("|-"));
        assert_eq!(block_header("  缩进\n").as_deref(), Some("|2"));
        assert_eq!(block_header("\n  缩进").as_deref(), Some("|2-"));
        assert_eq!(block_header("两个换行\n\n"), None);
        assert_eq!(block_header("   "), None);
        assert_eq!(block_header("a\n  \nb"), None);
        assert_eq!(block_header("制表\t符"), None);
        assert_eq!(block_header(""), None);
    }

    #[test]
    fn one_line_scalars() {
        assert_eq!(yaml_str("某某局"), "某某局");
        assert_eq!(yaml_str("某某县人民政府: \"办公室\" #1"), r#""某某县人民政府: \"办公室\" #1""#);
        assert_eq!(yaml_str("432100"), r#""432100""#);
        assert_eq!(yaml_str("Null"), r#""Null""#);
        assert_eq!(yaml_str("a\u{2028}b"), r#""a\u2028b""#);
    }

    #[test]
    fn comments_stay_on_one_line() {
        assert_eq!(comment_text("甲\n乙\r丙"), "甲 乙 丙");
    }
}
