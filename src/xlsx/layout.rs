//! Where every field of the report lives in the workbook: its sheet, cell, defined name and official
//! label. The writer and the reader both read this one layout, so that they cannot disagree.
//!
//! Tables 二, 三 and 四 are laid out by [`crate::tables`], the very cells the rendered report prints
//! (merged headers, row labels, the computed 总计 column and （七）总计 row): the layout builds the
//! tables of a report whose every figure is a distinct marker number and finds each marker in the
//! grid. A number cell holding no marker is a computed total, a formula over the cells it sums.

use crate::doc::{CellRole, Table};
use crate::model::*;

/// The sheets, in workbook order.
pub const SHEET_BASICS: &str = "基本信息";
pub const SHEET_T2: &str = "表二";
pub const SHEET_T3: &str = "表三";
pub const SHEET_T4: &str = "表四";
pub const SHEET_PROSE: &str = "正文";

/// Row of a table's first grid row (below the sheet's title and its note).
pub const TABLE_TOP: u32 = 3;

/// Markers start here: far above any sum of real figures, and every sum of two or more markers is
/// above every marker.
const MARKER: u64 = 1_000_000_000;

/// What a field is, in the report.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Key {
    Agency,
    Year,
    Edition,
    Locality,
    Title,
    Url,
    /// 联系方式, by index into [`CONTACT_KEYS`].
    Contact(usize),
    SignUnit,
    SignDate,
    /// Table 二: row index into [`t2_rows`], column index.
    T2(usize, usize),
    /// Table 三: row index into [`t3_rows`], applicant index.
    T3(usize, usize),
    /// Table 四: group index into [`APPEAL_GROUPS`], outcome index.
    T4(usize, usize),
    /// 信息处理费 (2021).
    Fee,
}

/// What a cell holds, for validation and decoding.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Count,
    Signed,
    Money(MoneyUnit),
    Text,
}

/// One named cell the reader reads.
#[derive(Debug, Clone)]
pub struct Field {
    pub key: Key,
    pub kind: Kind,
    /// The defined name (`表三_本年新收_自然人`).
    pub name: String,
    /// The official label, as the loader's messages write it (`本年新收·自然人`).
    pub label: String,
    pub sheet: &'static str,
    pub row: u32,
    pub col: u16,
    /// Columns the cell spans (table 二's figures share the width of their block).
    pub cols: u16,
    /// The clerk fills it in (unlocked); otherwise it is set by whoever made the workbook.
    pub input: bool,
    /// The label cell that must stay in the same row as the field (the row's label in the tables,
    /// the outcome header in table 四): where it is tells the reader a row was moved.
    pub guard: Option<Guard>,
}

/// A label cell tied to a field: same row (`same_row`) or same column.
#[derive(Debug, Clone)]
pub struct Guard {
    pub row: u32,
    pub col: u16,
    pub text: String,
    pub same_row: bool,
}

/// A computed total: a formula summing other cells, locked.
#[derive(Debug, Clone)]
pub struct Computed {
    pub name: String,
    pub label: String,
    pub sheet: &'static str,
    pub row: u32,
    pub col: u16,
    /// The cells summed (each an input field or another computed cell of the same sheet).
    pub terms: Vec<(u32, u16)>,
}

/// A fixed cell: a header, label or caption, merged over its span.
#[derive(Debug, Clone)]
pub struct Fixed {
    pub row: u32,
    pub col: u16,
    pub rows: u32,
    pub cols: u16,
    pub text: String,
    pub role: CellRole,
}

/// One table sheet.
#[derive(Debug, Clone)]
pub struct TableSheet {
    pub name: &'static str,
    pub title: String,
    pub fixed: Vec<Fixed>,
    /// Column widths in Excel character units.
    pub widths: Vec<f64>,
}

/// The layout of one edition's tables and heading fields (the prose sheet, whose length depends on
/// the text, is laid out by the writer and found by its section names).
#[derive(Debug, Clone)]
pub struct Layout {
    pub fields: Vec<Field>,
    pub computed: Vec<Computed>,
    pub tables: Vec<TableSheet>,
}

/// The fields of the 基本信息 sheet: key, label, kind of input.
pub fn basics() -> Vec<(Key, &'static str, bool)> {
    let mut out = vec![
        (Key::Agency, "机关", true),
        (Key::Year, "年度", false),
        (Key::Edition, "表格格式", false),
        (Key::Locality, "地区", true),
        (Key::Title, "标题", true),
        (Key::Url, "网址", true),
    ];
    out.extend(CONTACT_KEYS.iter().enumerate().map(|(i, (k, _))| (Key::Contact(i), *k, true)));
    out.push((Key::SignUnit, "落款单位", true));
    out.push((Key::SignDate, "落款日期", true));
    out
}

/// The label of a heading field (column A of 基本信息).
pub fn basic_label(key: Key) -> &'static str {
    basics().into_iter().find(|(k, _, _)| *k == key).map_or("", |(_, l, _)| l)
}

/// A prose section of the 正文 sheet: its heading (column A), its defined name and what it holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Section {
    Overview,
    Problems,
    /// Section 六 as one text (2019).
    Other,
    /// Section 六's heading (2021): the fee and the topics follow.
    OtherHead,
    /// A topic of 六 (2021), by index into [`OTHER_TOPICS`].
    Topic(usize),
}

impl Section {
    pub fn all(edition: Edition) -> Vec<Section> {
        let mut out = vec![Section::Overview, Section::Problems];
        match edition {
            Edition::E2019 => out.push(Section::Other),
            Edition::E2021 => {
                out.push(Section::OtherHead);
                out.extend((0..OTHER_TOPICS.len()).map(Section::Topic));
            }
        }
        out
    }

    pub fn heading(self) -> String {
        match self {
            Section::Overview => "一、总体情况".into(),
            Section::Problems => "五、存在的主要问题及改进情况".into(),
            Section::Other | Section::OtherHead => "六、其他需要报告的事项".into(),
            Section::Topic(i) => format!("六（{}）{}", ["一", "二", "三", "四"][i], OTHER_TOPICS[i].2),
        }
    }

    pub fn name(self) -> String {
        match self {
            Section::Overview => "正文_总体情况".into(),
            Section::Problems => "正文_问题及改进".into(),
            Section::Other | Section::OtherHead => "正文_其他事项".into(),
            Section::Topic(i) => format!("正文_{}", OTHER_TOPICS[i].0),
        }
    }

    /// Whether paragraphs follow the heading (section 六's heading in 2021 has only the fee).
    pub fn has_text(self) -> bool {
        self != Section::OtherHead
    }
}

/// Defined name of the fee cell (2021).
pub const FEE_NAME: &str = "正文_信息处理费";
/// Label of the fee row.
pub const FEE_LABEL: &str = "信息处理费（元）";

/// A defined name from its parts: letters, digits and CJK kept, anything else dropped.
fn name(parts: &[&str]) -> String {
    let clean = |s: &str| s.chars().filter(|c| c.is_alphanumeric() || *c == '_').collect::<String>();
    parts.iter().map(|p| clean(p)).collect::<Vec<_>>().join("_")
}

impl Layout {
    pub fn new(edition: Edition) -> Layout {
        let (marker, keys) = marker_report(edition);
        let mut fields = Vec::new();
        for (row, (key, label, input)) in basics().into_iter().enumerate() {
            let row = row as u32 + 2;
            let guard = Guard { row, col: 0, text: label.into(), same_row: true };
            fields.push(Field {
                key,
                kind: Kind::Text,
                name: name(&[SHEET_BASICS, label]),
                label: label.into(),
                sheet: SHEET_BASICS,
                row,
                col: 1,
                cols: 1,
                input,
                guard: Some(guard),
            });
        }
        let [t2, t3, t4] = crate::tables::build(&marker);
        let mut computed = Vec::new();
        let titles = [
            (SHEET_T2, "二、主动公开政府信息情况"),
            (SHEET_T3, "三、收到和处理政府信息公开申请情况"),
            (SHEET_T4, "四、政府信息公开行政复议、行政诉讼情况"),
        ];
        let mut tables = Vec::new();
        for (table, (sheet, title)) in [t2, t3, t4].iter().zip(titles) {
            let grid = Grid::of(table);
            let mut fixed = Vec::new();
            let mut sheet_fields = Vec::new();
            let mut sums = Vec::new();
            for c in &grid.cells {
                let (row, col) = (c.row as u32 + TABLE_TOP, c.col as u16);
                let number = (c.cell.role == CellRole::Number)
                    .then(|| c.cell.text.trim_start_matches('+').parse::<u64>().ok())
                    .flatten();
                match number {
                    Some(n) if (MARKER..MARKER + keys.len() as u64).contains(&n) => {
                        let key = keys[(n - MARKER) as usize];
                        sheet_fields.push((key, row, col, c.row, c.cell.colspan as u16));
                    }
                    Some(_) => sums.push((row, col, c.row)),
                    None => fixed.push(Fixed {
                        row,
                        col,
                        rows: c.cell.rowspan as u32,
                        cols: c.cell.colspan as u16,
                        text: c.cell.text.clone(),
                        role: c.cell.role,
                    }),
                }
            }
            for (key, row, col, grid_row, cols) in &sheet_fields {
                let (kind, label, guard) = describe(edition, *key, &grid, *grid_row, *col);
                let name = name(&[sheet, &label.replace('·', "_")]);
                fields.push(Field {
                    key: *key,
                    kind,
                    name,
                    label,
                    sheet,
                    row: *row,
                    col: *col,
                    cols: *cols,
                    input: true,
                    guard,
                });
            }
            // A total in a row with inputs sums the inputs since the previous total of that row
            // (三's 总计 column, 四's three 总计); one in a row without inputs ((七)总计) sums its
            // column over table 三's result rows.
            let result_rows: Vec<u32> = sheet_fields
                .iter()
                .filter(|(k, ..)| matches!(k, Key::T3(r, _) if t3_rows(edition)[*r].kind.is_result()))
                .map(|(_, r, ..)| *r)
                .collect();
            for (row, col, grid_row) in sums {
                let in_row: Vec<u16> =
                    sheet_fields.iter().filter(|(_, r, ..)| *r == row).map(|(_, _, c, ..)| *c).collect();
                let terms: Vec<(u32, u16)> = if in_row.is_empty() {
                    let mut rows: Vec<u32> = result_rows.clone();
                    rows.sort_unstable();
                    rows.dedup();
                    rows.into_iter().map(|r| (r, col)).collect()
                } else {
                    let before = sums_before(&grid, grid_row, col);
                    in_row
                        .into_iter()
                        .filter(|c| *c < col && before.is_none_or(|b| *c > b))
                        .map(|c| (row, c))
                        .collect()
                };
                let row_key = sheet_fields.iter().find(|(_, r, ..)| *r == row).map(|(k, ..)| *k);
                let label = total_label(edition, sheet, row_key, col);
                computed.push(Computed {
                    name: name(&[sheet, &label.replace('·', "_")]),
                    label,
                    sheet,
                    row,
                    col,
                    terms,
                });
            }
            let widths = table.widths.iter().map(|w| (*w as f64 * 0.62).max(9.0)).collect();
            tables.push(TableSheet { name: sheet, title: title.into(), fixed, widths });
        }
        if edition == Edition::E2021 {
            // Placed by the writer on the prose sheet; row and column are found by name.
            fields.push(Field {
                key: Key::Fee,
                kind: Kind::Money(MoneyUnit::Yuan),
                name: FEE_NAME.into(),
                label: FEE_KEY.into(),
                sheet: SHEET_PROSE,
                row: 0,
                col: 1,
                cols: 1,
                input: true,
                guard: None,
            });
        }
        Layout { fields, computed, tables }
    }

    pub fn field(&self, key: Key) -> Option<&Field> {
        self.fields.iter().find(|f| f.key == key)
    }
}

/// Column of the last total left of `col` in the same grid row.
fn sums_before(grid: &Grid, grid_row: usize, col: u16) -> Option<u16> {
    grid.cells
        .iter()
        .filter(|c| c.row == grid_row && (c.col as u16) < col && c.cell.role == CellRole::Number)
        .filter(|c| c.cell.text.trim_start_matches('+').parse::<u64>().is_ok_and(|n| n >= 2 * MARKER))
        .map(|c| c.col as u16)
        .max()
}

/// Kind, label and guard of an input field.
fn describe(
    edition: Edition,
    key: Key,
    grid: &Grid,
    grid_row: usize,
    col: u16,
) -> (Kind, String, Option<Guard>) {
    let row_guard = |text: &str| {
        grid.cells
            .iter()
            .find(|c| c.row == grid_row && c.cell.role == CellRole::Label && c.cell.text == text)
            .map(|c| Guard {
                row: c.row as u32 + TABLE_TOP,
                col: c.col as u16,
                text: text.into(),
                same_row: true,
            })
    };
    match key {
        Key::T2(r, c) => {
            let def = &t2_rows(edition)[r];
            let column = &def.cols[c];
            let kind = match column.kind {
                T2Kind::Count => Kind::Count,
                T2Kind::Signed => Kind::Signed,
                T2Kind::Money(unit) => Kind::Money(unit),
            };
            (kind, format!("{}·{}", def.key, column.key), row_guard(def.label()))
        }
        Key::T3(r, c) => {
            let def = t3_rows(edition)[r];
            (Kind::Count, format!("{}·{}", t3_row_name(def), APPLICANTS[c].0), row_guard(def.label))
        }
        Key::T4(g, o) => {
            // The outcome header sits in the header row just above, in the same column.
            let header = grid
                .cells
                .iter()
                .filter(|c| c.col as u16 == col && c.row < grid_row && c.cell.role == CellRole::Header)
                .max_by_key(|c| c.row)
                .map(|c| Guard {
                    row: c.row as u32 + TABLE_TOP,
                    col,
                    text: c.cell.text.clone(),
                    same_row: false,
                });
            (Kind::Count, format!("{}·{}", APPEAL_GROUPS[g].1, OUTCOMES[o].0), header)
        }
        _ => (Kind::Text, String::new(), None),
    }
}

/// A row of table 三 in labels and names: its key, under its group (`不予公开·属于国家秘密`).
fn t3_row_name(def: &RowDef) -> String {
    match def.group {
        Some(g) => format!("{g}·{}", def.key),
        None => def.key.to_string(),
    }
}

/// `本年新收·总计`, `（七）总计·自然人`, `行政复议·总计`.
fn total_label(edition: Edition, sheet: &str, row_key: Option<Key>, col: u16) -> String {
    if sheet == SHEET_T4 {
        let group = APPEAL_GROUPS[(col as usize) / 5].1;
        return format!("{group}·总计");
    }
    let row = match row_key {
        Some(Key::T3(r, _)) => t3_row_name(t3_rows(edition)[r]),
        _ => TOTAL_LABEL.to_string(),
    };
    let header = APPLICANTS.get((col as usize).wrapping_sub(3)).map_or("总计", |a| a.0);
    format!("{row}·{header}")
}

/// A report whose every input figure is a distinct marker, and the key of each marker.
fn marker_report(edition: Edition) -> (Report, Vec<Key>) {
    let year = if edition == Edition::E2019 { 2019 } else { 2021 };
    let mut r = crate::init::blank(year, "x");
    let mut keys = Vec::new();
    let mut next = |key: Key| {
        keys.push(key);
        MARKER + keys.len() as u64 - 1
    };
    let pos = Pos::default();
    let rows: Vec<(T2Id, Vec<T2Cell>)> = t2_rows(edition)
        .iter()
        .enumerate()
        .map(|(ri, def)| {
            let cells = def
                .cols
                .iter()
                .enumerate()
                .map(|(ci, c)| {
                    let m = next(Key::T2(ri, ci));
                    match c.kind {
                        T2Kind::Count => T2Cell::Count(Val::new(m, pos)),
                        T2Kind::Signed => T2Cell::Signed(Val::new(m as i64, pos)),
                        T2Kind::Money(_) => {
                            T2Cell::Money(Val::new(Money { text: m.to_string(), millionths: 0 }, pos))
                        }
                    }
                })
                .collect();
            (def.id, cells)
        })
        .collect();
    r.proactive = Proactive::from_rows(edition, &rows).expect("markers fit every column");
    for (ri, row) in r.requests.rows.iter_mut().enumerate() {
        for (ci, v) in row.values.iter_mut().enumerate() {
            v.value = next(Key::T3(ri, ci));
        }
    }
    for (gi, group) in r.appeals.groups.iter_mut().enumerate() {
        for (oi, v) in group.values.iter_mut().enumerate() {
            v.value = next(Key::T4(gi, oi));
        }
    }
    (r, keys)
}

/// A table's cells at their grid positions, spans resolved.
pub(crate) struct Grid<'t> {
    pub cells: Vec<Placed<'t>>,
}

pub(crate) struct Placed<'t> {
    pub row: usize,
    pub col: usize,
    pub cell: &'t crate::doc::Cell,
}

impl<'t> Grid<'t> {
    pub fn of(table: &'t Table) -> Grid<'t> {
        let mut taken: Vec<Vec<bool>> = Vec::new();
        let mut cells = Vec::new();
        for (r, row) in table.rows.iter().enumerate() {
            let mut col = 0;
            for cell in row {
                while taken.get(r).and_then(|t| t.get(col)).copied().unwrap_or(false) {
                    col += 1;
                }
                for rr in r..r + cell.rowspan {
                    if taken.len() <= rr {
                        taken.resize(rr + 1, Vec::new());
                    }
                    if taken[rr].len() < col + cell.colspan {
                        taken[rr].resize(col + cell.colspan, false);
                    }
                    taken[rr][col..col + cell.colspan].fill(true);
                }
                cells.push(Placed { row: r, col, cell });
                col += cell.colspan;
            }
        }
        Grid { cells }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_figure_has_one_named_cell_and_every_total_a_formula() {
        for (edition, t2, t3, t4_totals) in [(Edition::E2019, 22, 22 * 6, 3), (Edition::E2021, 10, 24 * 6, 3)]
        {
            let l = Layout::new(edition);
            let count = |f: fn(&Key) -> bool| l.fields.iter().filter(|x| f(&x.key)).count();
            assert_eq!(count(|k| matches!(k, Key::T2(..))), t2, "{edition:?}");
            assert_eq!(count(|k| matches!(k, Key::T3(..))), t3);
            assert_eq!(count(|k| matches!(k, Key::T4(..))), 12);
            let names: std::collections::HashSet<&str> = l
                .fields
                .iter()
                .map(|f| f.name.as_str())
                .chain(l.computed.iter().map(|c| c.name.as_str()))
                .collect();
            assert_eq!(names.len(), l.fields.len() + l.computed.len(), "names are distinct");
            // 三: a 总计 per data row and the seven cells of （七）总计; 四: three 总计.
            let rows = t3_rows(edition).len();
            assert_eq!(l.computed.iter().filter(|c| c.sheet == SHEET_T3).count(), rows + 7);
            assert_eq!(l.computed.iter().filter(|c| c.sheet == SHEET_T4).count(), t4_totals);
            for c in &l.computed {
                assert!(c.terms.len() >= 4, "{}: {:?}", c.label, c.terms);
            }
            let new = l.field(Key::T3(0, 0)).unwrap();
            assert_eq!((new.label.as_str(), new.name.as_str()), ("本年新收·自然人", "表三_本年新收_自然人"));
            assert_eq!(new.guard.as_ref().unwrap().text, "一、本年新收政府信息公开申请数量");
            let secret = l.field(Key::T3(4, 1)).unwrap();
            assert_eq!(secret.name, "表三_不予公开_属于国家秘密_商业企业");
        }
    }
}
