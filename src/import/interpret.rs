//! A reader's [`Blocks`] as a [`Report`]: the title (agency, year), the six sections found by their
//! headings, their prose, the three tables (see [`super::tables`]) and the notes on every value not
//! read as a plain number.

use super::blocks::{Block, Blocks, Table};
use super::cells::{self, Got, squeeze};
use super::tables::{self, Found, Kind, T2Value};
use super::{Counts, ImportError, Imported};
use crate::datafile::{Note, NoteTable};
use crate::model::*;
use regex::Regex;
use std::sync::LazyLock;

/// The official headings of the six sections (after “一、” … “六、”).
const SECTIONS: [&str; 6] = [
    "总体情况",
    "主动公开政府信息情况",
    "收到和处理政府信息公开申请情况",
    "政府信息公开行政复议、行政诉讼情况",
    "存在的主要问题及改进情况",
    "其他需要报告的事项",
];
const NUMERALS: [char; 6] = ['一', '二', '三', '四', '五', '六'];

/// Text after the report that belongs to the page around it.
const CHROME: [&str; 16] = [
    "版权所有",
    "主办单位",
    "承办单位",
    "网站标识码",
    "ICP",
    "备案号",
    "扫一扫",
    "【打印",
    "打印本页",
    "关闭窗口",
    "分享到",
    "上一篇",
    "下一篇",
    "责任编辑",
    "相关链接",
    "【关闭",
];

pub fn interpret(b: &Blocks) -> Result<Imported, ImportError> {
    let paragraphs: Vec<(usize, String)> = b
        .blocks
        .iter()
        .enumerate()
        .filter_map(|(i, b)| match b {
            Block::Paragraph(p) => Some((i, tidy(p))),
            Block::Table(_) => None,
        })
        .filter(|(_, p)| !p.is_empty())
        .collect();
    let table_list: Vec<(Kind, &Table)> = b
        .blocks
        .iter()
        .filter_map(|b| match b {
            Block::Table(t) => tables::kind(t).map(|k| (k, t)),
            Block::Paragraph(_) => None,
        })
        .collect();
    // A title may be set on two lines (agency, then year and name), as in many PDFs.
    let title = paragraphs.iter().enumerate().find_map(|(k, (i, p))| {
        let joined = || {
            let (_, prev) = paragraphs.get(k.checked_sub(1)?)?;
            (prev.chars().count() <= 30).then(|| title_of(&format!("{prev}{p}")))?
        };
        title_of(p).or_else(joined).map(|t| (*i, t))
    });
    let headings = headings(&paragraphs);
    if title.is_none() && table_list.is_empty() && headings.len() < 3 {
        return Err(ImportError::NotReport);
    }
    // Without a title line (a page's body copied without its heading), the text may name the
    // report elsewhere; the data file then says where the agency and year came from.
    let mut notes: Vec<Note> = Vec::new();
    let (title_at, title, agency, year) = match title {
        Some((at, (title, agency, year))) => (Some(at), Some(title), agency, year),
        None => {
            let (agency, year, evidence) = named_in_text(&paragraphs).ok_or(ImportError::NoTitle)?;
            notes.push(Note {
                table: NoteTable::Basics,
                row: "机关",
                col: None,
                missing: false,
                text: format!("原文没有标题，机关和年度按正文“{evidence}”填写，请核对"),
            });
            (None, None, agency, year)
        }
    };
    let edition = tables::edition_of(&table_list).unwrap_or(Edition::for_year(year));
    let found = tables::read(&table_list, edition);
    if !found.seen.iter().any(|s| *s) {
        return Err(ImportError::NoTables);
    }

    // Prose: the paragraphs between one heading and the next (tables in between are skipped).
    let section = |n: usize| -> Vec<String> {
        let Some(&(start, _)) = headings.iter().find(|(_, k)| *k == n) else { return Vec::new() };
        let end = headings.iter().map(|(i, _)| *i).find(|i| *i > start).unwrap_or(usize::MAX);
        paragraphs.iter().filter(|(i, _)| *i > start && *i < end).map(|(_, p)| p.clone()).collect()
    };
    let intro: Vec<String> = {
        let first = headings.first().map_or(usize::MAX, |(i, _)| *i);
        paragraphs
            .iter()
            .filter(|(i, _)| title_at.is_none_or(|t| *i > t) && *i < first)
            .map(|(_, p)| p.clone())
            .collect()
    };
    let mut six = section(5);
    let signature = take_signature(&mut six);
    let pos = Pos::default();
    notes.extend(found.notes.iter().cloned());
    let mut counts = Counts::default();
    let proactive = proactive(&found, edition, &mut notes, &mut counts);
    let requests = requests(&found, edition, &mut notes, &mut counts);
    let appeals = appeals(&found, &mut notes, &mut counts);
    let other = other(&six, edition, &mut notes);
    let default_title = format!("{agency}{year}年政府信息公开工作年度报告");
    let mut report = Report {
        agency: Val::new(agency, pos),
        year: Val::new(year, pos),
        edition,
        edition_given: (edition != Edition::for_year(year)).then(|| Val::new(edition.year(), pos)),
        locality: None,
        title: title.filter(|t| *t != default_title).map(|t| Val::new(t, pos)),
        url: None,
        contacts: Contacts::default(),
        signature,
        intro: (!intro.is_empty()).then(|| prose(&intro)),
        overview: prose(&section(0)),
        proactive,
        requests,
        appeals,
        problems: prose(&section(4)),
        other,
    };
    contacts(&intro.join("\n"), &mut report);
    Ok(Imported { report, notes, counts, intro })
}

/// Spaces at either end removed, no-break and ideographic spaces inside as plain ones.
fn tidy(p: &str) -> String {
    let lines: Vec<String> = p
        .split('\n')
        .map(|l| l.replace(['\u{a0}', '\u{3000}', '\u{2002}', '\u{2003}'], " ").trim().to_string())
        .filter(|l| !l.is_empty())
        .collect();
    lines.join("\n")
}

/// A title line: `{机关}{年度}年[度]政府信息公开[工作]年度报告` (or the year first): its text, the
/// agency and the year.
fn title_of(p: &str) -> Option<(String, String, i64)> {
    // A Markdown heading (text copied as Markdown) keeps its “#”.
    let t = squeeze(p).trim_start_matches('#').to_string();
    if t.chars().count() > 60 || !t.contains("政府信息公开") || !t.ends_with("报告") {
        return None;
    }
    let at = t.find("年")?;
    let digits: String = t[..at]
        .chars()
        .rev()
        .take_while(|c| c.is_ascii_digit())
        .collect::<Vec<_>>()
        .into_iter()
        .rev()
        .collect();
    let year: i64 = digits.parse().ok().filter(|y| (2008..=2100).contains(y))?;
    let before = &t[..at - digits.len()];
    let agency = if before.is_empty() {
        let after = t[at + '年'.len_utf8()..].trim_start_matches('度');
        after[..after.find("政府信息公开")?].to_string()
    } else {
        before.to_string()
    };
    // A page title often carries the site's name after a separator.
    let title = t.split(['_', '|']).next().unwrap_or(&t).to_string();
    (!agency.is_empty()).then_some((title, agency, year))
}

/// The agency and year a text without a title line names, and the words that name them: the
/// report's name in 《》 (“编制《××2023年度政府信息公开工作年度报告》”), or a sentence saying who
/// compiled the year's report (“××街道特编制2023年政府信息公开年度报告”).
fn named_in_text(paragraphs: &[(usize, String)]) -> Option<(String, i64, String)> {
    static QUOTED: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"《([^》]{6,60})》").expect("valid regex"));
    static COMPILED: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"([^，,。；;：:、（(《》\s]{2,30}?)(?:特此|特|现将|现)?编制了?(\d{4})年度?(?:政府信息公开|政务公开)(?:工作)?年度报告")
            .expect("valid regex")
    });
    paragraphs.iter().find_map(|(_, p)| {
        let quoted = QUOTED.captures_iter(p).find_map(|c| {
            let (_, agency, year) = title_of(&c[1])?;
            Some((agency, year, c[1].to_string()))
        });
        quoted.or_else(|| {
            let c = COMPILED.captures(p)?;
            let year: i64 = c[2].parse().ok().filter(|y| (2008..=2100).contains(y))?;
            Some((c[1].to_string(), year, c[0].to_string()))
        })
    })
}

/// Paragraph index and section number (0–5) of each section heading, in order.
fn headings(paragraphs: &[(usize, String)]) -> Vec<(usize, usize)> {
    let mut out: Vec<(usize, usize)> = Vec::new();
    for (i, p) in paragraphs {
        let t = squeeze(p);
        let Some(first) = t.chars().next() else { continue };
        let Some(n) = NUMERALS.iter().position(|c| *c == first) else { continue };
        let rest = &t[first.len_utf8()..];
        let Some(rest) = rest.strip_prefix(['、', '.', '．']) else { continue };
        let expected_next = out.last().map_or(0, |(_, k)| k + 1);
        let like = cells::likeness(&cells::label(rest), &cells::label(SECTIONS[n]));
        // A heading is short; its wording varies (“…及整改措施”), its number goes up.
        if n >= expected_next
            && rest.chars().count() <= 40
            && !rest.ends_with('。')
            && (like >= 0.4 || n == expected_next)
        {
            out.push((*i, n));
        }
    }
    out
}

/// Prose: one line per paragraph.
fn prose(paragraphs: &[String]) -> Prose {
    let mut text = paragraphs.iter().map(|p| p.replace('\n', "")).collect::<Vec<_>>().join("\n");
    if !text.is_empty() {
        text.push('\n');
    }
    Prose { text, first_line: 0, col: 0 }
}

/// The signature at the end of section 六 (a line naming the unit, a line with the date) and the
/// page's own text after it, removed from the section.
fn take_signature(six: &mut Vec<String>) -> Signature {
    if let Some(end) = six.iter().position(|p| CHROME.iter().any(|c| p.contains(c))) {
        six.truncate(end);
    }
    let mut sig = Signature::default();
    let date_at = six.iter().rposition(|p| {
        let t = squeeze(p);
        t.chars().count() <= 14 && parse_date(&t).is_some() && t.ends_with('日')
    });
    if let Some(at) = date_at {
        let (y, m, d) = parse_date(&squeeze(&six[at])).unwrap_or_default();
        sig.date = Some(Val::new(format!("{y}-{m:02}-{d:02}"), Pos::default()));
        if at > 0 {
            let unit = squeeze(&six[at - 1]);
            if unit.chars().count() <= 30 && !unit.contains(['。', '，', '；']) {
                sig.unit = Some(unit);
                six.truncate(at - 1);
                return sig;
            }
        }
        six.truncate(at);
    }
    sig
}

/// 网址 and 联系方式 named in the introduction.
fn contacts(intro: &str, r: &mut Report) {
    let t = squeeze(intro);
    let after = |keys: &[&str]| -> Option<String> {
        keys.iter().find_map(|k| {
            let i = t.find(k)? + k.len();
            let rest = t[i..].trim_start_matches(['：', ':']);
            let v: String = rest
                .chars()
                .take_while(|c| !matches!(c, '，' | '；' | '。' | '）' | ')' | '、' | ',' | ';'))
                .collect();
            (!v.is_empty() && v.chars().count() <= 60).then_some(v)
        })
    };
    r.contacts.address = after(&["地址：", "地址:"]);
    r.contacts.postcode = after(&["邮编：", "邮政编码：", "邮编:"]);
    r.contacts.phone = after(&["电话：", "联系电话：", "电话:"]);
    r.contacts.fax = after(&["传真：", "传真:"]);
    r.contacts.email = after(&["电子邮箱：", "邮箱：", "电子邮件："]);
    if let Some(i) = t.find("http") {
        let url: String =
            t[i..].chars().take_while(|c| c.is_ascii() && !matches!(c, ')' | ',' | ';')).collect();
        if url.len() > 10 {
            r.url = Some(url);
        }
    }
}

fn note(table: NoteTable, row: &'static str, col: usize, got: &Got<impl Sized>) -> Option<Note> {
    match got {
        Got::Plain(_) => None,
        Got::Uncertain(_, text) => {
            Some(Note { table, row, col: Some(col), missing: false, text: text.clone() })
        }
        Got::Missing(text) => Some(Note { table, row, col: Some(col), missing: true, text: text.clone() }),
    }
}

impl Counts {
    fn add<T>(&mut self, got: &Got<T>) {
        match got {
            Got::Plain(_) => self.read += 1,
            Got::Uncertain(..) => self.uncertain += 1,
            Got::Missing(_) => self.missing += 1,
        }
    }
}

fn proactive(found: &Found, edition: Edition, notes: &mut Vec<Note>, counts: &mut Counts) -> Proactive {
    let pos = Pos::default();
    let mut rows: Vec<(T2Id, Vec<T2Cell>)> = Vec::new();
    for def in t2_rows(edition) {
        let mut cells = Vec::new();
        for (i, col) in def.cols.iter().enumerate() {
            let got = found
                .t2
                .iter()
                .find(|(k, c, _)| *k == def.key && *c == i)
                .map(|(_, _, g)| g.clone())
                .unwrap_or_else(|| {
                    Got::Missing(if found.seen[0] {
                        "原表没有此行，未填写".into()
                    } else {
                        "未找到表二，未填写".into()
                    })
                });
            counts.add(&got);
            notes.extend(note(NoteTable::Proactive, def.key, i, &got));
            let value = match got {
                Got::Plain(v) | Got::Uncertain(v, _) => Some(v),
                Got::Missing(_) => None,
            };
            cells.push(match (col.kind, value) {
                (T2Kind::Count, Some(T2Value::Int(v))) => T2Cell::Count(Val::new(v.max(0) as u64, pos)),
                (T2Kind::Signed, Some(T2Value::Int(v))) => T2Cell::Signed(Val::new(v, pos)),
                (T2Kind::Money(_), Some(T2Value::Money(m))) => T2Cell::Money(Val::new(m, pos)),
                (kind, _) => T2Cell::zero(kind, pos),
            });
        }
        rows.push((def.id, cells));
    }
    Proactive::from_rows(edition, &rows).unwrap_or_else(|| Proactive::zero(edition))
}

fn value(got: &Got<i64>) -> Option<u64> {
    match got {
        Got::Plain(v) | Got::Uncertain(v, _) => Some((*v).max(0) as u64),
        Got::Missing(_) => None,
    }
}

/// Six values read for a table 三 row, and its 总计 when the original's differs from their sum
/// (so that `check` reports it).
fn t3_row(
    found: &Found,
    def: &'static RowDef,
    counted: bool,
    notes: &mut Vec<Note>,
    counts: &mut Counts,
) -> Row {
    let pos = Pos::default();
    let mut row = Row::zero(def, pos);
    let mut complete = true;
    for i in 0..6 {
        let got = found
            .t3
            .iter()
            .find(|(id, c, _)| *id == def.id && *c == i)
            .map(|(_, _, g)| g.clone())
            .unwrap_or_else(|| {
                Got::Missing(if found.seen[1] {
                    "原表没有此行，未填写".into()
                } else {
                    "未找到表三，未填写".into()
                })
            });
        if counted {
            counts.add(&got);
        }
        notes.extend(note(NoteTable::Requests, def.id, i, &got));
        match value(&got) {
            Some(v) => row.values[i] = Val::new(v, pos),
            None => complete = false,
        }
    }
    if let Some((_, _, got)) = found.t3.iter().find(|(id, c, _)| *id == def.id && *c == 6)
        && let Some(total) = value(got)
        && complete
        && (total != row.sum() || def.kind == RowKind::Total)
    {
        notes.extend(note(NoteTable::Requests, def.id, 6, got));
        row.given_total = Some(Val::new(total, pos));
    }
    row
}

fn requests(found: &Found, edition: Edition, notes: &mut Vec<Note>, counts: &mut Counts) -> Requests {
    let rows = t3_rows(edition).iter().map(|def| t3_row(found, def, true, notes, counts)).collect();
    let given_total = found
        .t3
        .iter()
        .any(|(id, _, _)| *id == TOTAL_ROW.id)
        .then(|| t3_row(found, &TOTAL_ROW, false, notes, counts));
    Requests { rows, given_total, pos: Pos::default() }
}

fn appeals(found: &Found, notes: &mut Vec<Note>, counts: &mut Counts) -> Appeals {
    let mut appeals = Appeals::zero();
    for (g, (key, _, _)) in APPEAL_GROUPS.iter().enumerate() {
        let group = &mut appeals.groups[g];
        let mut complete = true;
        for i in 0..4 {
            let got = found
                .t4
                .iter()
                .find(|(k, c, _)| k == key && *c == i)
                .map(|(_, _, g)| g.clone())
                .unwrap_or_else(|| {
                    Got::Missing(if found.seen[2] {
                        "原表没有此列，未填写".into()
                    } else {
                        "未找到表四，未填写".into()
                    })
                });
            counts.add(&got);
            notes.extend(note(NoteTable::Appeals, key, i, &got));
            match value(&got) {
                Some(v) => group.values[i].value = v,
                None => complete = false,
            }
        }
        if let Some((_, _, got)) = found.t4.iter().find(|(k, c, _)| k == key && *c == 4)
            && let Some(total) = value(got)
            && complete
            && total != group.sum()
        {
            notes.extend(note(NoteTable::Appeals, key, 4, got));
            group.given_total = Some(Val::new(total, Pos::default()));
        }
    }
    appeals
}

/// Section 六: the fee a one-sentence section states, else its text.
fn other(six: &[String], edition: Edition, notes: &mut Vec<Note>) -> Other {
    let pos = Pos::default();
    let text = six.join("");
    if edition == Edition::E2021 && six.len() == 1 && text.contains('费') {
        let t = squeeze(&text);
        let none = [
            "无收取",
            "未收取",
            "没有收取",
            "未发生收费",
            "不收取",
            "未产生",
            "未收费",
            "无收费",
            "没有发生收费",
        ]
        .iter()
        .any(|w| t.contains(w));
        let amount = t.find("元").and_then(|end| {
            let digits: String =
                t[..end].chars().rev().take_while(|c| c.is_ascii_digit() || *c == '.').collect();
            let digits: String = digits.chars().rev().collect();
            let wan = t[..end].ends_with('万');
            Money::parse(&digits).filter(|_| !wan)
        });
        let fee = if none { Some(Money::zero()) } else { amount };
        if let Some(fee) = fee {
            // The sentence itself is kept: rendering gives the published words, not the template's.
            let fee_text = Some(prose(six));
            return Other { prose: None, fee: Some(Val::new(fee, pos)), fee_text, topics: Vec::new(), pos };
        }
        notes.push(Note {
            table: NoteTable::Other,
            row: FEE_KEY,
            col: None,
            missing: false,
            text: "原文第六部分未写明信息处理费金额，全文保留为文字".into(),
        });
    }
    Other { prose: Some(prose(six)), fee: None, fee_text: None, topics: Vec::new(), pos }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn titles() {
        let t = title_of("平潭综合实验区2024年度政府信息公开工作年度报告").unwrap();
        assert_eq!((t.1.as_str(), t.2), ("平潭综合实验区", 2024));
        let t = title_of("2023年沭阳县发展和改革局政府信息公开年度报告").unwrap();
        assert_eq!((t.1.as_str(), t.2), ("沭阳县发展和改革局", 2023));
        assert_eq!(title_of("一、总体情况"), None);
    }
}
