//! Reading a filled workbook back: every cell found by its defined name and checked against its row
//! label, each value decoded as the loader would, totals recomputed (cached formula results are
//! never read), and every problem located at its sheet and cell.

use super::layout::*;
use super::value::{Value, data_text, decode, number_of, parse_ref};
use super::write::cell_name;
use crate::diag::{Cell, Finding, Rule, Severity};
use crate::model::*;
use calamine::{Data, Range, Reader};
use std::collections::HashMap;
use std::io::Cursor;

/// Why a file could not be read as a workbook at all.
#[derive(Debug, thiserror::Error)]
#[error("无法读取工作簿：{0}（文件是否损坏，或不是 Excel/WPS/LibreOffice 表格？）")]
pub struct ReadError(String);

impl ReadError {
    pub(super) fn new(reason: String) -> ReadError {
        ReadError(reason)
    }
}

/// A cell of the workbook, for messages.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct At {
    pub sheet: String,
    /// Row and column; `None` for a whole sheet.
    pub cell: Option<(u32, u16)>,
    pub label: String,
}

impl At {
    pub fn to_cell(&self) -> Cell {
        Cell {
            sheet: self.sheet.clone(),
            cell: self.cell.map(|(r, c)| cell_name(r, c)),
            label: self.label.clone(),
        }
    }
}

fn at(sheet: &str, cell: Option<(u32, u16)>, label: &str) -> At {
    At { sheet: sheet.into(), cell, label: label.into() }
}

/// A finding at a cell.
pub(super) fn located(rule: Rule, at: &At, message: String) -> Finding {
    Finding::new(rule, None, message).at_cell(at.to_cell())
}

/// One sheet's values and formulas.
struct Sheet {
    values: Range<Data>,
    formulas: Range<String>,
}

impl Sheet {
    fn value(&self, row: u32, col: u16) -> &Data {
        self.values.get_value((row, col as u32)).unwrap_or(&Data::Empty)
    }

    fn formula(&self, row: u32, col: u16) -> &str {
        self.formulas.get_value((row, col as u32)).map_or("", |s| s.as_str())
    }

    fn text(&self, row: u32, col: u16) -> String {
        data_text(self.value(row, col)).trim().to_string()
    }

    fn last_row(&self) -> u32 {
        self.values.end().map_or(0, |(r, _)| r).max(self.formulas.end().map_or(0, |(r, _)| r))
    }

    /// Rows of column `col` whose text is `text`.
    fn find_in_col(&self, col: u16, text: &str) -> Vec<u32> {
        (0..=self.last_row()).filter(|r| self.text(*r, col) == text).collect()
    }
}

/// What the reader made of a workbook: the report's parts, or findings at cells.
pub(super) struct Cells {
    pub report: Option<Report>,
    pub findings: Vec<Finding>,
    /// Where each figure and heading field was read.
    pub at: HashMap<Key, At>,
    /// Where each paragraph of each prose section was read (its data key → rows).
    pub prose: Vec<(Section, At, Vec<u32>)>,
    /// The 信息处理费 cell.
    pub fee: Option<At>,
}

/// Reads the workbook in `bytes` (xlsx, xls or ods).
pub(super) fn read_cells(bytes: &[u8]) -> Result<Cells, ReadError> {
    let mut wb =
        calamine::open_workbook_auto_from_rs(Cursor::new(bytes)).map_err(|e| ReadError(e.to_string()))?;
    let sheet_names = wb.sheet_names();
    let names: HashMap<String, (String, u32, u16)> =
        wb.defined_names().iter().filter_map(|(n, f)| Some((n.clone(), parse_ref(f)?))).collect();
    let mut sheets: HashMap<String, Sheet> = HashMap::new();
    for name in &sheet_names {
        let values = wb.worksheet_range(name).map_err(|e| ReadError(e.to_string()))?;
        let formulas = wb.worksheet_formula(name).unwrap_or_else(|_| Range::empty());
        sheets.insert(name.clone(), Sheet { values, formulas });
    }
    let mut out =
        Cells { report: None, findings: Vec::new(), at: HashMap::new(), prose: Vec::new(), fee: None };

    // The edition decides the layout: read it first, by name or label.
    let edition_cell = locate_basic(&names, &sheets, "表格格式");
    let edition = match &edition_cell {
        Some((sheet, row, col)) => {
            let text = sheets[sheet].text(*row, *col);
            if text.contains("2019") {
                Some(Edition::E2019)
            } else if text.contains("2021") {
                Some(Edition::E2021)
            } else {
                let where_ = at(sheet, Some((*row, *col)), "表格格式");
                out.findings.push(located(
                    Rule::DEdition,
                    &where_,
                    format!("“表格格式”应为“2019年版”或“2021年版”，实际是“{text}”：请勿修改此格"),
                ));
                None
            }
        }
        None => {
            let where_ = at(SHEET_BASICS, None, "表格格式");
            let why = if sheets.contains_key(SHEET_BASICS) {
                "找不到“表格格式”一行"
            } else {
                "缺少工作表“基本信息”"
            };
            out.findings.push(located(
                Rule::DMissing,
                &where_,
                format!("{why}：不是 xxgk 生成的填报表，或被删除了；请用 xxgk init --xlsx 重新生成"),
            ));
            None
        }
    };
    let Some(edition) = edition else { return Ok(out) };
    let layout = Layout::new(edition);
    let mut reader =
        FieldReader { names: &names, sheets: &sheets, out: &mut out, missing_sheets: Vec::new() };

    let mut values: HashMap<Key, Value> = HashMap::new();
    for field in &layout.fields {
        if let Some((at, v)) = reader.field(field) {
            reader.out.at.insert(field.key, at.clone());
            if field.key == Key::Fee {
                reader.out.fee = Some(at);
            }
            values.insert(field.key, v);
        }
    }
    reader.formulas(&layout, &values);
    let prose = reader.prose(edition);
    if crate::diag::has_errors(&out.findings) {
        return Ok(out);
    }
    out.report = Some(build(edition, &values, &prose));
    out.prose = prose.into_iter().map(|(s, at, _, rows)| (s, at, rows)).collect();
    Ok(out)
}

struct FieldReader<'a> {
    names: &'a HashMap<String, (String, u32, u16)>,
    sheets: &'a HashMap<String, Sheet>,
    out: &'a mut Cells,
    missing_sheets: Vec<String>,
}

fn locate_basic(
    names: &HashMap<String, (String, u32, u16)>,
    sheets: &HashMap<String, Sheet>,
    label: &str,
) -> Option<(String, u32, u16)> {
    let layout_name = format!("{SHEET_BASICS}_{label}");
    if let Some((sheet, row, col)) = names.get(&layout_name)
        && let Some(s) = sheets.get(sheet)
        && s.text(*row, col.saturating_sub(1)) == label
    {
        return Some((sheet.clone(), *row, *col));
    }
    let s = sheets.get(SHEET_BASICS)?;
    let row = *s.find_in_col(0, label).first()?;
    Some((SHEET_BASICS.to_string(), row, 1))
}

impl FieldReader<'_> {
    /// Where a field is: its name, checked against its label; else its label.
    fn find(&mut self, field: &Field) -> Option<(String, u32, u16)> {
        let named = self.names.get(&field.name).filter(|(s, ..)| self.sheets.contains_key(s)).cloned();
        let (sheet, row, col) = match named {
            Some(found) => found,
            None if self.sheets.contains_key(field.sheet) && field.sheet != SHEET_PROSE => {
                (field.sheet.to_string(), field.row, field.col)
            }
            None => {
                if !self.missing_sheets.iter().any(|s| s == field.sheet) {
                    self.missing_sheets.push(field.sheet.to_string());
                    let what = if field.sheet == SHEET_PROSE {
                        "信息处理费和正文"
                    } else {
                        "这张表的数字"
                    };
                    self.out.findings.push(located(
                        Rule::DMissing,
                        &at(field.sheet, None, field.sheet),
                        format!(
                            "缺少工作表“{}”（被删除或改名了？）：{what}无法读取。请从原工作簿复制回来，或用 xxgk export 重新生成",
                            field.sheet
                        ),
                    ));
                }
                return None;
            }
        };
        let Some(guard) = &field.guard else { return Some((sheet, row, col)) };
        let s = &self.sheets[&sheet];
        // The label keeps its offset from the cell (a column inserted moves both).
        let (grow, gcol) = if guard.same_row {
            (row, (col as i32 - field.col as i32 + guard.col as i32).max(0) as u16)
        } else {
            ((row as i32 - field.row as i32 + guard.row as i32).max(0) as u32, col)
        };
        let found = s.text(grow, gcol);
        if found == guard.text {
            return Some((sheet, row, col));
        }
        let here = at(&sheet, Some((row, col)), &field.label);
        let candidates = if guard.same_row { s.find_in_col(gcol, &guard.text) } else { Vec::new() };
        if let [moved] = candidates[..] {
            let there = at(&sheet, Some((moved, col)), &field.label);
            let message = format!(
                "“{}”行不在原来的位置：名称“{}”指向第 {} 行（标签是“{found}”），而“{}”在第 {} 行。已按行标签读取第 {} 行，请核对",
                guard.text,
                field.name,
                row + 1,
                guard.text,
                moved + 1,
                moved + 1
            );
            self.out.findings.push(located(Rule::XMoved, &there, message));
            return Some((sheet, moved, col));
        }
        let message = format!(
            "这一格应属于“{}”，但所在行（列）的标签是“{found}”，也找不到“{}”{}：表格被改动过，请恢复原样或用 xxgk export 重新生成工作簿",
            guard.text,
            guard.text,
            if guard.same_row { "行" } else { "列" }
        );
        self.out.findings.push(located(Rule::XMoved, &here, message).with_severity(Severity::Error));
        None
    }

    fn field(&mut self, field: &Field) -> Option<(At, Value)> {
        let (sheet, row, col) = if field.sheet == SHEET_BASICS {
            match locate_basic(self.names, self.sheets, &field.label) {
                Some(found) => found,
                None => {
                    let message = if self.sheets.contains_key(SHEET_BASICS) {
                        format!("找不到“{}”一行（A 列的名称被改动了？）", field.label)
                    } else {
                        "缺少工作表“基本信息”（被删除或改名了？）".to_string()
                    };
                    if field.input || field.key == Key::Year {
                        self.out.findings.push(located(
                            Rule::DMissing,
                            &at(SHEET_BASICS, None, &field.label),
                            message,
                        ));
                    }
                    return None;
                }
            }
        } else {
            self.find(field)?
        };
        let s = &self.sheets[&sheet];
        let here = at(&sheet, Some((row, col)), &field.label);
        let formula = s.formula(row, col);
        if !formula.is_empty() && field.kind != Kind::Text {
            self.out.findings.push(located(
                Rule::DNumber,
                &here,
                format!("“{}”填写了公式“={formula}”：请直接填写数字", field.label),
            ));
            return None;
        }
        match decode(field, s.value(row, col)) {
            Ok(v) => Some((here, v)),
            Err(message) => {
                self.out.findings.push(located(Rule::DNumber, &here, message));
                None
            }
        }
    }

    /// Every total must still be a formula; a number typed over it is reported, compared with the
    /// sum xxgk computes.
    fn formulas(&mut self, layout: &Layout, values: &HashMap<Key, Value>) {
        for c in &layout.computed {
            let (sheet, row, col) = match self.names.get(&c.name) {
                Some(found) if self.sheets.contains_key(&found.0) => found.clone(),
                _ if self.sheets.contains_key(c.sheet) => (c.sheet.to_string(), c.row, c.col),
                _ => continue,
            };
            let s = &self.sheets[&sheet];
            if !s.formula(row, col).is_empty() {
                continue;
            }
            let Some(expected) = computed_value(layout, c, values) else { continue };
            let here = at(&sheet, Some((row, col)), &c.label);
            let shown = match s.value(row, col) {
                Data::Empty => "空白".to_string(),
                v => format!("“{}”", data_text(v)),
            };
            let same = number_of(s.value(row, col)) == Some(expected as f64);
            let message = format!(
                "“{}”应为自动计算的公式，现在是{shown}：xxgk 按各项之和计算为 {expected}{}。请撤销修改，或从原工作簿复制这一格",
                c.label,
                if same { "，与所填相同" } else { "，与所填不符" }
            );
            let severity = if same { Severity::Warning } else { Severity::Error };
            self.out.findings.push(located(Rule::XFormula, &here, message).with_severity(severity));
        }
    }

    /// Each prose section: its heading (by name, else by its text in column A) and the texts of
    /// column B below it, one paragraph per line, up to the next heading.
    #[allow(clippy::type_complexity)]
    fn prose(&mut self, edition: Edition) -> Vec<(Section, At, String, Vec<u32>)> {
        let Some(s) = self.sheets.get(SHEET_PROSE) else {
            if !self.missing_sheets.iter().any(|m| m == SHEET_PROSE) {
                self.out.findings.push(located(
                    Rule::DMissing,
                    &at(SHEET_PROSE, None, SHEET_PROSE),
                    "缺少工作表“正文”（被删除或改名了？）：正文无法读取".into(),
                ));
            }
            return Vec::new();
        };
        let mut heads: Vec<(Section, u32)> = Vec::new();
        for section in Section::all(edition) {
            let heading = section.heading();
            let by_name = self
                .names
                .get(&section.name())
                .filter(|(sheet, row, col)| sheet == SHEET_PROSE && s.text(*row, *col) == heading)
                .map(|(_, row, _)| *row);
            match by_name.or_else(|| s.find_in_col(0, &heading).first().copied()) {
                Some(row) => heads.push((section, row)),
                None => self.out.findings.push(located(
                    Rule::DMissing,
                    &at(SHEET_PROSE, None, &heading),
                    format!("“正文”表中找不到“{heading}”（A 列的部分名称被改动了？）"),
                )),
            }
        }
        let mut rows: Vec<u32> = heads.iter().map(|(_, r)| *r).collect();
        rows.sort_unstable();
        let last = s.last_row();
        let mut out = Vec::new();
        for (section, head) in heads {
            let end = rows.iter().copied().find(|r| *r > head).unwrap_or(last + 1);
            let mut text = String::new();
            let mut lines = Vec::new();
            for row in head + 1..end {
                let cell = data_text(s.value(row, 1));
                if cell.trim().is_empty() || !s.text(row, 0).is_empty() {
                    continue;
                }
                if !section.has_text() {
                    self.out.findings.push(located(
                        Rule::DUnknownKey,
                        &at(SHEET_PROSE, Some((row, 1)), &section.heading()),
                        "这里不填段落：请填在下面各专题（六（一）至六（四））中".into(),
                    ));
                    continue;
                }
                for line in cell.replace("\r\n", "\n").replace('\r', "\n").split('\n') {
                    if !line.trim().is_empty() {
                        text.push_str(line.trim_end());
                        text.push('\n');
                        lines.push(row);
                    }
                }
            }
            out.push((section, at(SHEET_PROSE, Some((head, 0)), &section.heading()), text, lines));
        }
        out
    }
}

/// The sum a computed cell stands for, from the figures read (`None` when one is missing).
fn computed_value(layout: &Layout, c: &Computed, values: &HashMap<Key, Value>) -> Option<u64> {
    let mut sum = 0;
    for (row, col) in &c.terms {
        if let Some(f) = layout.fields.iter().find(|f| f.sheet == c.sheet && f.row == *row && f.col == *col) {
            match values.get(&f.key)? {
                Value::Count(n) => sum += n,
                _ => return None,
            }
        } else {
            let inner =
                layout.computed.iter().find(|x| x.sheet == c.sheet && x.row == *row && x.col == *col)?;
            sum += computed_value(layout, inner, values)?;
        }
    }
    Some(sum)
}

/// The report from the decoded cells: every value at the default position (the data file written
/// from it gives the positions).
#[allow(clippy::type_complexity)]
fn build(
    edition: Edition,
    values: &HashMap<Key, Value>,
    prose: &[(Section, At, String, Vec<u32>)],
) -> Report {
    let pos = Pos::default();
    let text = |k: Key| match values.get(&k) {
        Some(Value::Text(t)) if !t.is_empty() => Some(t.clone()),
        _ => None,
    };
    let count = |k: Key| match values.get(&k) {
        Some(Value::Count(n)) => *n,
        _ => 0,
    };
    let year = text(Key::Year).and_then(|y| y.parse::<i64>().ok()).unwrap_or(0);
    let section = |s: Section| {
        prose.iter().find(|(x, ..)| *x == s).map(|(_, _, t, _)| Prose {
            text: t.clone(),
            first_line: 0,
            col: 0,
        })
    };
    let mut r = crate::init::blank(if year >= 2019 { year } else { 2019 }, "");
    r.year = Val::new(year, pos);
    r.edition = edition;
    r.edition_given = (Edition::for_year(year) != edition).then(|| Val::new(edition.year(), pos));
    r.agency = Val::new(text(Key::Agency).unwrap_or_default(), pos);
    r.locality = text(Key::Locality).map(|v| Val::new(v, pos));
    r.title = text(Key::Title).map(|v| Val::new(v, pos));
    r.url = text(Key::Url);
    r.contacts = Contacts {
        address: text(Key::Contact(0)),
        postcode: text(Key::Contact(1)),
        phone: text(Key::Contact(2)),
        fax: text(Key::Contact(3)),
        email: text(Key::Contact(4)),
    };
    r.signature =
        Signature { unit: text(Key::SignUnit), date: text(Key::SignDate).map(|v| Val::new(v, pos)) };
    let rows: Vec<(T2Id, Vec<T2Cell>)> = t2_rows(edition)
        .iter()
        .enumerate()
        .map(|(ri, def)| {
            let cells = def
                .cols
                .iter()
                .enumerate()
                .map(|(ci, c)| match (c.kind, values.get(&Key::T2(ri, ci))) {
                    (T2Kind::Signed, Some(Value::Signed(n))) => T2Cell::Signed(Val::new(*n, pos)),
                    (T2Kind::Money(_), Some(Value::Money(m))) => T2Cell::Money(Val::new(m.clone(), pos)),
                    (T2Kind::Count, Some(Value::Count(n))) => T2Cell::Count(Val::new(*n, pos)),
                    (kind, _) => T2Cell::zero(kind, pos),
                })
                .collect();
            (def.id, cells)
        })
        .collect();
    r.proactive = Proactive::from_rows(edition, &rows).unwrap_or_else(|| Proactive::zero(edition));
    r.requests = Requests::zero(edition);
    for (ri, row) in r.requests.rows.iter_mut().enumerate() {
        for (ci, v) in row.values.iter_mut().enumerate() {
            v.value = count(Key::T3(ri, ci));
        }
    }
    r.appeals = Appeals::zero();
    for (gi, g) in r.appeals.groups.iter_mut().enumerate() {
        for (oi, v) in g.values.iter_mut().enumerate() {
            v.value = count(Key::T4(gi, oi));
        }
    }
    r.overview = section(Section::Overview).unwrap_or_default();
    r.problems = section(Section::Problems).unwrap_or_default();
    r.other = match edition {
        Edition::E2019 => {
            Other { prose: Some(section(Section::Other).unwrap_or_default()), ..Other::default() }
        }
        Edition::E2021 => Other {
            fee: match values.get(&Key::Fee) {
                Some(Value::Money(m)) => Some(Val::new(m.clone(), pos)),
                _ => None,
            },
            topics: (0..OTHER_TOPICS.len())
                .filter_map(|i| {
                    Some((OTHER_TOPICS[i].1, section(Section::Topic(i)).filter(|p| !p.is_blank())?))
                })
                .collect(),
            ..Other::default()
        },
    };
    r
}
