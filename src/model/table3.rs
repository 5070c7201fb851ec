//! Table 三 (收到和处理政府信息公开申请情况), defined once per edition: its applicant columns, its
//! rows with their data keys, official labels and English ids, and the six result groups.
//!
//! Loading, the JSON Schema, `init`'s data file, the rendered table and the checks all read these
//! definitions; none of them may spell a row key or label of its own.

use super::{Edition, Pos, Val};

/// The six applicant columns in official order, with their English names.
pub const APPLICANTS: [(&str, &str); 6] = [
    ("自然人", "natural_person"),
    ("商业企业", "business"),
    ("科研机构", "research"),
    ("社会公益组织", "public_interest"),
    ("法律服务机构", "legal_service"),
    ("其他", "other"),
];

/// The six groups of 三、本年度办理结果, （一） to （六）: what the report's prose sums by.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ResultGroup {
    Granted,
    Partial,
    Refused,
    Unable,
    Ignored,
    Other,
}

impl ResultGroup {
    /// The groups in official order.
    pub const ALL: [ResultGroup; 6] = [
        ResultGroup::Granted,
        ResultGroup::Partial,
        ResultGroup::Refused,
        ResultGroup::Unable,
        ResultGroup::Ignored,
        ResultGroup::Other,
    ];

    /// English id, used by templates (`requests.groups.refused`).
    pub const fn id(self) -> &'static str {
        match self {
            ResultGroup::Granted => "granted",
            ResultGroup::Partial => "partial",
            ResultGroup::Refused => "refused",
            ResultGroup::Unable => "unable",
            ResultGroup::Ignored => "ignored",
            ResultGroup::Other => "other",
        }
    }

    /// The key in the data file: of the row (予以公开) or of the map holding the group's rows.
    pub const fn key(self) -> &'static str {
        match self {
            ResultGroup::Granted => "予以公开",
            ResultGroup::Partial => "部分公开",
            ResultGroup::Refused => "不予公开",
            ResultGroup::Unable => "无法提供",
            ResultGroup::Ignored => "不予处理",
            ResultGroup::Other => "其他处理",
        }
    }

    /// The official label of the group (the middle label column of table 三).
    pub const fn label(self) -> &'static str {
        match self {
            ResultGroup::Granted => "（一）予以公开",
            ResultGroup::Partial => "（二）部分公开",
            ResultGroup::Refused => "（三）不予公开",
            ResultGroup::Unable => "（四）无法提供",
            ResultGroup::Ignored => "（五）不予处理",
            ResultGroup::Other => "（六）其他处理",
        }
    }
}

/// What a row of table 三 is, for the arithmetic.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RowKind {
    /// 一、本年新收
    New,
    /// 二、上年结转
    CarriedIn,
    /// A detail row of 三、本年度办理结果 (summed into （七）总计), in its group.
    Result(ResultGroup),
    /// 四、结转下年度继续办理
    CarriedOut,
    /// （七）总计 as the file writes it: never one of an edition's rows, only checked against them.
    Total,
}

impl RowKind {
    pub fn is_result(self) -> bool {
        matches!(self, RowKind::Result(_))
    }
}

/// One data row of table 三 as the data file names it and the table prints it.
#[derive(Debug, PartialEq, Eq)]
pub struct RowDef {
    /// English id, used by templates (`requests.granted`).
    pub id: &'static str,
    /// The group key in the data file (`不予公开`), if the row is nested.
    pub group: Option<&'static str>,
    /// The row key in the data file.
    pub key: &'static str,
    /// The official label printed in the table.
    pub label: &'static str,
    pub kind: RowKind,
}

/// Groups that nest their rows in the data file (2021 adds 其他处理), with their official labels.
pub const T3_GROUPS: [(&str, &str); 4] = {
    use ResultGroup::*;
    [
        (Refused.key(), Refused.label()),
        (Unable.key(), Unable.label()),
        (Ignored.key(), Ignored.label()),
        (Other.key(), Other.label()),
    ]
};

/// The official label of a nesting group key of [`T3_GROUPS`] (the key itself if unknown).
pub fn t3_group_label(key: &str) -> &str {
    T3_GROUPS.iter().find(|(k, _)| *k == key).map_or(key, |(_, l)| *l)
}

macro_rules! row {
    ($id:literal, $key:literal, $label:literal, $kind:ident) => {
        RowDef { id: $id, group: None, key: $key, label: $label, kind: RowKind::$kind }
    };
}

/// A result row: written at the top level of `申请`, or `in` its group's map.
macro_rules! result {
    ($id:literal, $group:ident, $key:literal, $label:literal) => {
        RowDef { id: $id, group: None, key: $key, label: $label, kind: RowKind::Result(ResultGroup::$group) }
    };
    ($id:literal, in $group:ident, $key:literal, $label:literal) => {
        RowDef {
            id: $id,
            group: Some(ResultGroup::$group.key()),
            key: $key,
            label: $label,
            kind: RowKind::Result(ResultGroup::$group),
        }
    };
}

static NEW: RowDef = row!("new", "本年新收", "一、本年新收政府信息公开申请数量", New);
static CIN: RowDef = row!("carried_in", "上年结转", "二、上年结转政府信息公开申请数量", CarriedIn);
static COUT: RowDef = row!("carried_out", "结转下年度", "四、结转下年度继续办理", CarriedOut);
static R_COMMON: [RowDef; 18] = [
    result!("granted", Granted, "予以公开", "（一）予以公开"),
    result!("partial", Partial, "部分公开", "（二）部分公开（区分处理的，只计这一情形，不计其他情形）"),
    result!("refused_secret", in Refused, "属于国家秘密", "1.属于国家秘密"),
    result!("refused_law", in Refused, "其他法律行政法规禁止公开", "2.其他法律行政法规禁止公开"),
    result!("refused_safety", in Refused, "危及三安全一稳定", "3.危及“三安全一稳定”"),
    result!("refused_third_party", in Refused, "保护第三方合法权益", "4.保护第三方合法权益"),
    result!("refused_internal", in Refused, "属于三类内部事务信息", "5.属于三类内部事务信息"),
    result!("refused_process", in Refused, "属于四类过程性信息", "6.属于四类过程性信息"),
    result!("refused_case_file", in Refused, "属于行政执法案卷", "7.属于行政执法案卷"),
    result!("refused_query", in Refused, "属于行政查询事项", "8.属于行政查询事项"),
    result!("unable_not_held", in Unable, "本机关不掌握相关政府信息", "1.本机关不掌握相关政府信息"),
    result!("unable_needs_making", in Unable, "没有现成信息需要另行制作", "2.没有现成信息需要另行制作"),
    result!("unable_unclear", in Unable, "补正后申请内容仍不明确", "3.补正后申请内容仍不明确"),
    result!("ignored_petition", in Ignored, "信访举报投诉类申请", "1.信访举报投诉类申请"),
    result!("ignored_repeat", in Ignored, "重复申请", "2.重复申请"),
    result!("ignored_publication", in Ignored, "要求提供公开出版物", "3.要求提供公开出版物"),
    result!("ignored_mass", in Ignored, "无正当理由大量反复申请", "4.无正当理由大量反复申请"),
    result!(
        "ignored_confirm",
        in Ignored,
        "要求行政机关确认或重新出具已获取信息",
        "5.要求行政机关确认或重新出具已获取信息"
    ),
];
static OTHER_2019: [RowDef; 1] = [result!("other", Other, "其他处理", "（六）其他处理")];
static OTHER_2021: [RowDef; 3] = [
    result!(
        "other_overdue_fix",
        in Other,
        "逾期不补正",
        "1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请"
    ),
    result!(
        "other_overdue_fee",
        in Other,
        "逾期未缴费",
        "2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请"
    ),
    result!("other_other", in Other, "其他", "3.其他"),
];

/// The (七)总计 row: computed from the result rows; when the file gives it, it is checked.
pub const TOTAL_KEY: &str = "总计";
pub const TOTAL_LABEL: &str = "（七）总计";
/// The row definition of a （七）总计 row the file writes.
pub static TOTAL_ROW: RowDef =
    RowDef { id: "total", group: None, key: TOTAL_KEY, label: TOTAL_LABEL, kind: RowKind::Total };
/// The 勾稽关系 note printed in table 三's top-left cell.
pub const T3_NOTE: &str = "（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）";

/// Table 三's data rows for an edition: 本年新收, 上年结转, the common result rows, the edition's
/// 其他处理 rows, 结转下年度.
const fn edition_rows<const N: usize>(other: &'static [RowDef]) -> [&'static RowDef; N] {
    assert!(N == R_COMMON.len() + other.len() + 3);
    let mut rows = [&NEW; N];
    rows[1] = &CIN;
    let mut i = 0;
    while i < R_COMMON.len() {
        rows[2 + i] = &R_COMMON[i];
        i += 1;
    }
    let mut j = 0;
    while j < other.len() {
        rows[2 + i + j] = &other[j];
        j += 1;
    }
    rows[N - 1] = &COUT;
    rows
}

static T3_2019: [&RowDef; 22] = edition_rows(&OTHER_2019);
static T3_2021: [&RowDef; 24] = edition_rows(&OTHER_2021);

/// The data rows of table 三 in official order (without the computed （七）总计).
pub fn t3_rows(edition: Edition) -> &'static [&'static RowDef] {
    match edition {
        Edition::E2019 => &T3_2019,
        Edition::E2021 => &T3_2021,
    }
}

/// One row of table 三: six applicant columns, and the 总计 the file gave, if any.
#[derive(Debug, Clone, PartialEq)]
pub struct Row {
    pub def: &'static RowDef,
    pub values: [Val<u64>; 6],
    pub given_total: Option<Val<u64>>,
    /// Where the row is written (its key), or its parent's when left out.
    pub pos: Pos,
}

impl Row {
    /// A row of zeros at `pos` (a row the file leaves out).
    pub fn zero(def: &'static RowDef, pos: Pos) -> Row {
        Row { def, values: std::array::from_fn(|_| Val::new(0, pos)), given_total: None, pos }
    }

    pub fn sum(&self) -> u64 {
        self.values.iter().map(|v| v.value).sum()
    }

    /// The seven printed values: six columns and their sum.
    pub fn with_total(&self) -> [u64; 7] {
        let mut out = [0; 7];
        for (o, v) in out.iter_mut().zip(&self.values) {
            *o = v.value;
        }
        out[6] = self.sum();
        out
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct Requests {
    /// Every data row in [`t3_rows`] order.
    pub rows: Vec<Row>,
    /// The （七）总计 row when the file writes it.
    pub given_total: Option<Row>,
    pub pos: Pos,
}

impl Requests {
    /// All zeros, every row present (what `init` writes).
    pub fn zero(edition: Edition) -> Requests {
        let pos = Pos::default();
        Requests {
            rows: t3_rows(edition).iter().map(|d| Row::zero(d, pos)).collect(),
            given_total: None,
            pos,
        }
    }

    pub fn row(&self, id: &str) -> &Row {
        self.rows.iter().find(|r| r.def.id == id).unwrap_or_else(|| panic!("no table 三 row {id}"))
    }

    pub fn rows_of(&self, kind: RowKind) -> impl Iterator<Item = &Row> {
        self.rows.iter().filter(move |r| r.def.kind == kind)
    }

    /// The detail rows of 三、本年度办理结果, in every group.
    pub fn results(&self) -> impl Iterator<Item = &Row> {
        self.rows.iter().filter(|r| r.def.kind.is_result())
    }

    /// （七）总计 computed from the detail rows: seven values (six columns and the total).
    pub fn total(&self) -> [u64; 7] {
        let mut out = [0; 7];
        for row in self.results() {
            for (o, v) in out.iter_mut().zip(row.with_total()) {
                *o += v;
            }
        }
        out
    }

    /// Sum of the 总计 column over the result rows of one group.
    pub fn group_total(&self, group: ResultGroup) -> u64 {
        self.rows_of(RowKind::Result(group)).map(Row::sum).sum()
    }
}
