//! Table 二 (主动公开政府信息情况), defined once per edition: its rows (规章 … 政府集中采购) with
//! their data keys, official labels and 第二十条 items, each row's columns with their keys,
//! headers and units, and which edition has which ([`t2_rows`]).
//!
//! Loading, the JSON Schema, `init`'s data file, the rendered table and the checks all read this
//! definition; none of them may spell a row key, column key, header or unit of table 二 of its own.
//! The figures themselves are kept in typed structs ([`Proactive2019`], [`Proactive2021`]);
//! [`Proactive::rows`] and [`Proactive::from_rows`] pass between those and the definition.
//! The book describes the keys for users: `book/src/data.md`, 二、主动公开政府信息情况.

use super::{Edition, Money, Pos, Val};

// One per report: the size difference between the editions does not matter.
#[allow(clippy::large_enum_variant)]
#[derive(Debug, Clone, PartialEq)]
pub enum Proactive {
    E2019(Proactive2019),
    E2021(Proactive2021),
}

/// Three counts of one row of block 第二十条第（一）项.
#[derive(Debug, Clone, PartialEq)]
pub struct Docs3 {
    pub values: [Val<u64>; 3],
}

/// 2019: 上一年项目数量 / 本年增减 / 处理决定数量 (the last absent for 行政事业性收费).
#[derive(Debug, Clone, PartialEq)]
pub struct Items2019 {
    pub previous: Val<u64>,
    pub change: Val<i64>,
    pub decisions: Option<Val<u64>>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Proactive2019 {
    /// 规章: 本年新制作 / 本年新公开 / 对外公开总数
    pub rules: Docs3,
    /// 规范性文件
    pub norms: Docs3,
    pub licensing: Items2019,
    pub other_services: Items2019,
    pub punishment: Items2019,
    pub coercion: Items2019,
    /// 行政事业性收费 (no 处理决定数量)
    pub fees: Items2019,
    pub procurement_count: Val<u64>,
    pub procurement_amount: Val<Money>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Proactive2021 {
    /// 规章: 本年制发 / 本年废止 / 现行有效
    pub rules: Docs3,
    /// 行政规范性文件
    pub norms: Docs3,
    pub licensing: Val<u64>,
    pub punishment: Val<u64>,
    pub coercion: Val<u64>,
    /// 本年收费金额, 万元
    pub fee: Val<Money>,
}

// ---------------------------------------------------------------------------------------------
// The definition

/// The unit of a money column.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MoneyUnit {
    /// 元 (政府集中采购, 2019).
    Yuan,
    /// 万元 (行政事业性收费, 2021).
    TenThousandYuan,
}

impl MoneyUnit {
    pub fn name(self) -> &'static str {
        match self {
            MoneyUnit::Yuan => "元",
            MoneyUnit::TenThousandYuan => "万元",
        }
    }
}

/// What a column of table 二 holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum T2Kind {
    /// A count from 0.
    Count,
    /// A change that may be negative (本年增减), printed with its sign (`+3`).
    Signed,
    /// An amount kept as written.
    Money(MoneyUnit),
}

/// One column of a row of table 二.
#[derive(Debug, PartialEq, Eq)]
pub struct T2Col {
    /// The key in the data file (in a row's map) and in messages (`行政许可·本年处理决定数量`).
    pub key: &'static str,
    /// The official column header printed in the table.
    pub header: &'static str,
    pub kind: T2Kind,
}

impl T2Col {
    /// The unit of a money column.
    pub fn unit(&self) -> Option<MoneyUnit> {
        match self.kind {
            T2Kind::Money(unit) => Some(unit),
            _ => None,
        }
    }
}

/// The rows of table 二, across both editions.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum T2Id {
    /// 规章
    Rules,
    /// 规范性文件 (2019), 行政规范性文件 (2021)
    Norms,
    /// 行政许可
    Licensing,
    /// 其他对外管理服务事项 (2019)
    OtherServices,
    /// 行政处罚
    Punishment,
    /// 行政强制
    Coercion,
    /// 行政事业性收费
    Fees,
    /// 政府集中采购 (2019)
    Procurement,
}

/// One row of table 二 in one edition.
#[derive(Debug, PartialEq, Eq)]
pub struct T2RowDef {
    pub id: T2Id,
    /// The key in the data file, which is also the official label the table prints.
    pub key: &'static str,
    /// The item of 第二十条 whose block holds the row: `一`, `五`, `六`, `八`, `九`.
    pub item: &'static str,
    /// The columns in official order. A row of one column is written as a bare value
    /// (`行政许可: 0`), any other as a map by column key.
    pub cols: &'static [T2Col],
}

impl T2RowDef {
    /// The official label printed in the table.
    pub fn label(&self) -> &'static str {
        self.key
    }

    /// Whether the data file writes the row as one bare value rather than a map.
    pub fn is_scalar(&self) -> bool {
        self.cols.len() == 1
    }

    /// The caption of the row's block: `第二十条第（一）项`.
    pub fn caption(&self) -> String {
        t2_caption(self.item)
    }
}

/// The caption of a block of table 二: `第二十条第（一）项`.
pub fn t2_caption(item: &str) -> String {
    format!("第二十条第（{item}）项")
}

/// The header of table 二's label column.
pub const T2_CONTENT_HEADER: &str = "信息内容";

const fn col(key: &'static str, header: &'static str, kind: T2Kind) -> T2Col {
    T2Col { key, header, kind }
}

use T2Kind::{Count, Signed};

static DOCS_2019: [T2Col; 3] = [
    col("本年新制作", "本年新制作数量", Count),
    col("本年新公开", "本年新公开数量", Count),
    col("对外公开总数", "对外公开总数量", Count),
];
static DOCS_2021: [T2Col; 3] = [
    col("本年制发", "本年制发件数", Count),
    col("本年废止", "本年废止件数", Count),
    col("现行有效", "现行有效件数", Count),
];
static ITEMS_2019: [T2Col; 3] = [
    col("上一年项目数量", "上一年项目数量", Count),
    col("本年增减", "本年增/减", Signed),
    col("处理决定数量", "处理决定数量", Count),
];
static PROCUREMENT_2019: [T2Col; 2] = [
    col("采购项目数量", "采购项目数量", Count),
    col("采购总金额", "采购总金额（元）", T2Kind::Money(MoneyUnit::Yuan)),
];
static DECISIONS_2021: [T2Col; 1] = [col("本年处理决定数量", "本年处理决定数量", Count)];
static FEE_2021: [T2Col; 1] =
    [col("本年收费金额", "本年收费金额（单位：万元）", T2Kind::Money(MoneyUnit::TenThousandYuan))];

// Row keys both editions share.
const RULES: &str = "规章";
const LICENSING: &str = "行政许可";
const PUNISHMENT: &str = "行政处罚";
const COERCION: &str = "行政强制";
const FEES: &str = "行政事业性收费";

const fn row(id: T2Id, key: &'static str, item: &'static str, cols: &'static [T2Col]) -> T2RowDef {
    T2RowDef { id, key, item, cols }
}

static T2_2019: [T2RowDef; 8] = [
    row(T2Id::Rules, RULES, "一", &DOCS_2019),
    row(T2Id::Norms, "规范性文件", "一", &DOCS_2019),
    row(T2Id::Licensing, LICENSING, "五", &ITEMS_2019),
    row(T2Id::OtherServices, "其他对外管理服务事项", "五", &ITEMS_2019),
    row(T2Id::Punishment, PUNISHMENT, "六", &ITEMS_2019),
    row(T2Id::Coercion, COERCION, "六", &ITEMS_2019),
    // Item 八 has no 处理决定数量 column.
    row(T2Id::Fees, FEES, "八", ITEMS_2019.split_at(2).0),
    row(T2Id::Procurement, "政府集中采购", "九", &PROCUREMENT_2019),
];

static T2_2021: [T2RowDef; 6] = [
    row(T2Id::Rules, RULES, "一", &DOCS_2021),
    row(T2Id::Norms, "行政规范性文件", "一", &DOCS_2021),
    row(T2Id::Licensing, LICENSING, "五", &DECISIONS_2021),
    row(T2Id::Punishment, PUNISHMENT, "六", &DECISIONS_2021),
    row(T2Id::Coercion, COERCION, "六", &DECISIONS_2021),
    row(T2Id::Fees, FEES, "八", &FEE_2021),
];

/// The rows of table 二 in official order.
pub fn t2_rows(edition: Edition) -> &'static [T2RowDef] {
    match edition {
        Edition::E2019 => &T2_2019,
        Edition::E2021 => &T2_2021,
    }
}

/// The definition of a row in an edition, if the edition has it.
pub fn t2_row(edition: Edition, id: T2Id) -> Option<&'static T2RowDef> {
    t2_rows(edition).iter().find(|d| d.id == id)
}

// ---------------------------------------------------------------------------------------------
// Figures by definition

/// One figure of table 二, of its column's kind.
#[derive(Debug, Clone, PartialEq)]
pub enum T2Cell {
    Count(Val<u64>),
    Signed(Val<i64>),
    Money(Val<Money>),
}

impl T2Cell {
    /// A zero of the column's kind.
    pub fn zero(kind: T2Kind, pos: Pos) -> T2Cell {
        match kind {
            T2Kind::Count => T2Cell::Count(Val::new(0, pos)),
            T2Kind::Signed => T2Cell::Signed(Val::new(0, pos)),
            T2Kind::Money(_) => T2Cell::Money(Val::new(Money::zero(), pos)),
        }
    }

    pub fn pos(&self) -> Pos {
        match self {
            T2Cell::Count(v) => v.pos,
            T2Cell::Signed(v) => v.pos,
            T2Cell::Money(v) => v.pos,
        }
    }

    /// The figure as a data file writes it: digits, a leading `-` when negative, money as written.
    pub fn data_text(&self) -> String {
        match self {
            T2Cell::Count(v) => v.value.to_string(),
            T2Cell::Signed(v) => v.value.to_string(),
            T2Cell::Money(v) => v.value.text.clone(),
        }
    }

    fn count(&self) -> Option<Val<u64>> {
        match self {
            T2Cell::Count(v) => Some(v.clone()),
            _ => None,
        }
    }

    fn signed(&self) -> Option<Val<i64>> {
        match self {
            T2Cell::Signed(v) => Some(v.clone()),
            _ => None,
        }
    }

    fn money(&self) -> Option<Val<Money>> {
        match self {
            T2Cell::Money(v) => Some(v.clone()),
            _ => None,
        }
    }
}

fn docs_cells(d: &Docs3) -> Vec<T2Cell> {
    d.values.iter().cloned().map(T2Cell::Count).collect()
}

fn items_cells(it: &Items2019) -> Vec<T2Cell> {
    let mut cells = vec![T2Cell::Count(it.previous.clone()), T2Cell::Signed(it.change.clone())];
    cells.extend(it.decisions.clone().map(T2Cell::Count));
    cells
}

impl Proactive {
    pub fn edition(&self) -> Edition {
        match self {
            Proactive::E2019(_) => Edition::E2019,
            Proactive::E2021(_) => Edition::E2021,
        }
    }

    /// The two rows of block 第二十条第（一）项 (规章 and 规范性文件 or 行政规范性文件).
    pub fn documents(&self) -> [(&'static T2RowDef, &Docs3); 2] {
        let (rules, norms) = match self {
            Proactive::E2019(p) => (&p.rules, &p.norms),
            Proactive::E2021(p) => (&p.rules, &p.norms),
        };
        let def = |id| t2_row(self.edition(), id).expect("both editions have block 一");
        [(def(T2Id::Rules), rules), (def(T2Id::Norms), norms)]
    }

    /// Every row of the edition in official order, with exactly one figure per column.
    pub fn rows(&self) -> Vec<(&'static T2RowDef, Vec<T2Cell>)> {
        t2_rows(self.edition())
            .iter()
            .map(|def| {
                let mut cells = self.cells(def.id);
                // 行政事业性收费 (2019) has no 处理决定数量 column whatever the struct holds.
                cells.truncate(def.cols.len());
                (def, cells)
            })
            .collect()
    }

    fn cells(&self, id: T2Id) -> Vec<T2Cell> {
        match self {
            Proactive::E2019(p) => match id {
                T2Id::Rules => docs_cells(&p.rules),
                T2Id::Norms => docs_cells(&p.norms),
                T2Id::Licensing => items_cells(&p.licensing),
                T2Id::OtherServices => items_cells(&p.other_services),
                T2Id::Punishment => items_cells(&p.punishment),
                T2Id::Coercion => items_cells(&p.coercion),
                T2Id::Fees => items_cells(&p.fees),
                T2Id::Procurement => vec![
                    T2Cell::Count(p.procurement_count.clone()),
                    T2Cell::Money(p.procurement_amount.clone()),
                ],
            },
            Proactive::E2021(p) => match id {
                T2Id::Rules => docs_cells(&p.rules),
                T2Id::Norms => docs_cells(&p.norms),
                T2Id::Licensing => vec![T2Cell::Count(p.licensing.clone())],
                T2Id::Punishment => vec![T2Cell::Count(p.punishment.clone())],
                T2Id::Coercion => vec![T2Cell::Count(p.coercion.clone())],
                T2Id::Fees => vec![T2Cell::Money(p.fee.clone())],
                T2Id::OtherServices | T2Id::Procurement => Vec::new(),
            },
        }
    }

    /// The table from its rows' figures (by row id, each in column order), as [`Proactive::rows`]
    /// gives them. `None` when a row of the edition is missing or its figures do not fit its columns.
    pub fn from_rows(edition: Edition, rows: &[(T2Id, Vec<T2Cell>)]) -> Option<Proactive> {
        let row = |id: T2Id| {
            let cells = rows.iter().find(|(i, _)| *i == id).map(|(_, c)| c.as_slice())?;
            (cells.len() == t2_row(edition, id)?.cols.len()).then_some(cells)
        };
        let docs = |id| match row(id)? {
            [a, b, c] => Some(Docs3 { values: [a.count()?, b.count()?, c.count()?] }),
            _ => None,
        };
        let items = |id| match row(id)? {
            [previous, change, rest @ ..] => Some(Items2019 {
                previous: previous.count()?,
                change: change.signed()?,
                decisions: match rest {
                    [d] => Some(d.count()?),
                    _ => None,
                },
            }),
            _ => None,
        };
        let one = |id| match row(id)? {
            [c] => Some(c),
            _ => None,
        };
        Some(match edition {
            Edition::E2019 => {
                let [count, amount] = row(T2Id::Procurement)? else { return None };
                Proactive::E2019(Proactive2019 {
                    rules: docs(T2Id::Rules)?,
                    norms: docs(T2Id::Norms)?,
                    licensing: items(T2Id::Licensing)?,
                    other_services: items(T2Id::OtherServices)?,
                    punishment: items(T2Id::Punishment)?,
                    coercion: items(T2Id::Coercion)?,
                    fees: items(T2Id::Fees)?,
                    procurement_count: count.count()?,
                    procurement_amount: amount.money()?,
                })
            }
            Edition::E2021 => Proactive::E2021(Proactive2021 {
                rules: docs(T2Id::Rules)?,
                norms: docs(T2Id::Norms)?,
                licensing: one(T2Id::Licensing)?.count()?,
                punishment: one(T2Id::Punishment)?.count()?,
                coercion: one(T2Id::Coercion)?.count()?,
                fee: one(T2Id::Fees)?.money()?,
            }),
        })
    }

    /// The edition's table with every figure zero (what `init` writes).
    pub fn zero(edition: Edition) -> Proactive {
        let rows: Vec<(T2Id, Vec<T2Cell>)> = t2_rows(edition)
            .iter()
            .map(|d| (d.id, d.cols.iter().map(|c| T2Cell::zero(c.kind, Pos::default())).collect()))
            .collect();
        Proactive::from_rows(edition, &rows).expect("zeros fit every column")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rows_and_from_rows_agree_in_both_editions() {
        for edition in [Edition::E2019, Edition::E2021] {
            let zero = Proactive::zero(edition);
            let rows: Vec<(T2Id, Vec<T2Cell>)> = zero.rows().into_iter().map(|(d, c)| (d.id, c)).collect();
            assert_eq!(Proactive::from_rows(edition, &rows).as_ref(), Some(&zero));
            for (def, cells) in zero.rows() {
                assert_eq!(cells.len(), def.cols.len(), "{}", def.key);
                for (cell, col) in cells.iter().zip(def.cols) {
                    assert_eq!(cell, &T2Cell::zero(col.kind, Pos::default()), "{}·{}", def.key, col.key);
                }
            }
            assert_eq!(zero.documents().map(|(d, _)| d.id), [T2Id::Rules, T2Id::Norms]);
        }
    }

    #[test]
    fn figures_of_the_wrong_kind_do_not_fit() {
        let mut rows: Vec<(T2Id, Vec<T2Cell>)> =
            Proactive::zero(Edition::E2021).rows().into_iter().map(|(d, c)| (d.id, c)).collect();
        rows[5].1 = vec![T2Cell::Count(Val::new(1, Pos::default()))];
        assert_eq!(Proactive::from_rows(Edition::E2021, &rows), None);
    }
}
