//! The typed report: one agency's figures and prose for one year, in one of the two table editions.
//!
//! Every value keeps the position it was read from so that checks can point at the line. The row and
//! column definitions of the official tables live here once ([`t3_rows`], [`APPLICANTS`], …) and are
//! used by loading, checking, the JSON Schema, `init` and the table builder alike.

use std::fmt;

mod date;
pub use date::{DateError, gbt_date, parse_date, read_date, read_gbt_date};

/// A 1-based line and column in the data file.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Default, Hash)]
pub struct Pos {
    pub line: u32,
    pub col: u32,
}

impl fmt::Display for Pos {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}", self.line, self.col)
    }
}

/// A value with the position it was read from.
#[derive(Debug, Clone, PartialEq)]
pub struct Val<T> {
    pub value: T,
    pub pos: Pos,
}

impl<T> Val<T> {
    pub fn new(value: T, pos: Pos) -> Self {
        Val { value, pos }
    }
}

/// The edition of the national format the tables follow.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Edition {
    /// 国办公开办函〔2019〕60号, reports on 2019 and 2020.
    E2019,
    /// 国办公开办函〔2021〕30号, reports on 2021 and later.
    E2021,
}

impl Edition {
    /// The edition a report year uses by default.
    pub fn for_year(year: i64) -> Edition {
        if year >= 2021 { Edition::E2021 } else { Edition::E2019 }
    }

    pub fn year(self) -> u16 {
        match self {
            Edition::E2019 => 2019,
            Edition::E2021 => 2021,
        }
    }

    /// The notice that issued this edition.
    pub fn notice(self) -> &'static str {
        match self {
            Edition::E2019 => "国办公开办函〔2019〕60号",
            Edition::E2021 => "国办公开办函〔2021〕30号",
        }
    }
}

/// Money with the decimal digits exactly as written (`7730.28` stays `7730.28`).
#[derive(Debug, Clone, PartialEq)]
pub struct Money {
    pub text: String,
    pub value: f64,
}

impl Money {
    pub fn zero() -> Money {
        Money { text: "0".into(), value: 0.0 }
    }
}

/// Free text of a prose section: every non-empty line is a paragraph or a heading.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Prose {
    pub text: String,
    /// Line of the text's first line in the data file (the line after `|` for block scalars).
    pub first_line: u32,
    /// Column of the text's first character.
    pub col: u32,
}

impl Prose {
    /// Position of the byte offset `at` inside `text` (exact for block scalars, the usual form).
    pub fn pos_of(&self, at: usize) -> Pos {
        let before = &self.text[..at.min(self.text.len())];
        let newlines = before.matches('\n').count() as u32;
        Pos { line: self.first_line + newlines, col: if newlines == 0 { self.col } else { self.col.max(1) } }
    }

    pub fn is_blank(&self) -> bool {
        self.text.trim().is_empty()
    }
}

/// Contact details printed in the intro paragraph.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Contacts {
    pub address: Option<String>,
    pub postcode: Option<String>,
    pub phone: Option<String>,
    pub fax: Option<String>,
    pub email: Option<String>,
}

/// Keys of `联系方式` with their English field names.
pub const CONTACT_KEYS: [(&str, &str); 5] =
    [("地址", "address"), ("邮编", "postcode"), ("电话", "phone"), ("传真", "fax"), ("电子邮箱", "email")];

#[derive(Debug, Clone, PartialEq, Default)]
pub struct Signature {
    pub unit: Option<String>,
    /// As written; rendered in GB/T 9704 style (`2024年1月16日`).
    pub date: Option<Val<String>>,
}

/// The top-level keys of a data file, in the order `init` writes them.
pub const TOP_KEYS: [&str; 14] = [
    "机关",
    "年度",
    "格式",
    "地区",
    "标题",
    "网址",
    "联系方式",
    "落款",
    "总体情况",
    "主动公开",
    "申请",
    "复议诉讼",
    "问题及改进",
    "其他事项",
];

/// One agency's report for one year.
#[derive(Debug, Clone, PartialEq)]
pub struct Report {
    pub agency: Val<String>,
    pub year: Val<i64>,
    pub edition: Edition,
    /// `格式` when written in the file.
    pub edition_given: Option<Val<u16>>,
    pub locality: Option<Val<String>>,
    pub title: Option<Val<String>>,
    pub url: Option<String>,
    pub contacts: Contacts,
    pub signature: Signature,
    /// 一、总体情况
    pub overview: Prose,
    /// 二、主动公开政府信息情况
    pub proactive: Proactive,
    /// 三、收到和处理政府信息公开申请情况
    pub requests: Requests,
    /// 四、政府信息公开行政复议、行政诉讼情况
    pub appeals: Appeals,
    /// 五、存在的主要问题及改进情况
    pub problems: Prose,
    /// 六、其他需要报告的事项
    pub other: Other,
}

impl Report {
    /// The report's title: `标题`, or `{机关}{年度}年政府信息公开工作年度报告`.
    pub fn title(&self) -> String {
        match &self.title {
            Some(t) => t.value.clone(),
            None => format!("{}{}年政府信息公开工作年度报告", self.agency.value, self.year.value),
        }
    }

    /// Every prose text: 一, 五, and 六 as one text or by topic.
    pub fn prose(&self) -> impl Iterator<Item = &Prose> {
        [&self.overview, &self.problems].into_iter().chain(self.other.texts())
    }
}

// ---------------------------------------------------------------------------------------------
// Section 二

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

/// Keys of the three columns of block 第二十条第（一）项 per edition.
pub const DOCS3_KEYS_2019: [&str; 3] = ["本年新制作", "本年新公开", "对外公开总数"];
pub const DOCS3_KEYS_2021: [&str; 3] = ["本年制发", "本年废止", "现行有效"];
/// Keys of a 2019 item row of blocks (五)(六)(八).
pub const ITEMS_KEYS_2019: [&str; 3] = ["上一年项目数量", "本年增减", "处理决定数量"];
pub const PROCUREMENT_KEYS: [&str; 2] = ["采购项目数量", "采购总金额"];

// ---------------------------------------------------------------------------------------------
// Section 三

/// The six applicant columns in official order, with their English names.
pub const APPLICANTS: [(&str, &str); 6] = [
    ("自然人", "natural_person"),
    ("商业企业", "business"),
    ("科研机构", "research"),
    ("社会公益组织", "public_interest"),
    ("法律服务机构", "legal_service"),
    ("其他", "other"),
];

/// What a row of table 三 is, for the arithmetic.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RowKind {
    /// 一、本年新收
    New,
    /// 二、上年结转
    CarriedIn,
    /// A detail row of 三、本年度办理结果 (summed into （七）总计)
    Result,
    /// 四、结转下年度继续办理
    CarriedOut,
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

/// Groups of result rows with their official labels (the middle label column).
pub const T3_GROUPS: [(&str, &str); 4] = [
    ("不予公开", "（三）不予公开"),
    ("无法提供", "（四）无法提供"),
    ("不予处理", "（五）不予处理"),
    ("其他处理", "（六）其他处理"),
];

macro_rules! row {
    ($id:literal, $group:expr, $key:literal, $label:literal, $kind:ident) => {
        RowDef { id: $id, group: $group, key: $key, label: $label, kind: RowKind::$kind }
    };
}

static NEW: RowDef = row!("new", None, "本年新收", "一、本年新收政府信息公开申请数量", New);
static CIN: RowDef = row!("carried_in", None, "上年结转", "二、上年结转政府信息公开申请数量", CarriedIn);
static COUT: RowDef = row!("carried_out", None, "结转下年度", "四、结转下年度继续办理", CarriedOut);
static R_COMMON: [RowDef; 18] = [
    row!("granted", None, "予以公开", "（一）予以公开", Result),
    row!("partial", None, "部分公开", "（二）部分公开（区分处理的，只计这一情形，不计其他情形）", Result),
    row!("refused_secret", Some("不予公开"), "属于国家秘密", "1.属于国家秘密", Result),
    row!("refused_law", Some("不予公开"), "其他法律行政法规禁止公开", "2.其他法律行政法规禁止公开", Result),
    row!("refused_safety", Some("不予公开"), "危及三安全一稳定", "3.危及“三安全一稳定”", Result),
    row!("refused_third_party", Some("不予公开"), "保护第三方合法权益", "4.保护第三方合法权益", Result),
    row!("refused_internal", Some("不予公开"), "属于三类内部事务信息", "5.属于三类内部事务信息", Result),
    row!("refused_process", Some("不予公开"), "属于四类过程性信息", "6.属于四类过程性信息", Result),
    row!("refused_case_file", Some("不予公开"), "属于行政执法案卷", "7.属于行政执法案卷", Result),
    row!("refused_query", Some("不予公开"), "属于行政查询事项", "8.属于行政查询事项", Result),
    row!(
        "unable_not_held",
        Some("无法提供"),
        "本机关不掌握相关政府信息",
        "1.本机关不掌握相关政府信息",
        Result
    ),
    row!(
        "unable_needs_making",
        Some("无法提供"),
        "没有现成信息需要另行制作",
        "2.没有现成信息需要另行制作",
        Result
    ),
    row!("unable_unclear", Some("无法提供"), "补正后申请内容仍不明确", "3.补正后申请内容仍不明确", Result),
    row!("ignored_petition", Some("不予处理"), "信访举报投诉类申请", "1.信访举报投诉类申请", Result),
    row!("ignored_repeat", Some("不予处理"), "重复申请", "2.重复申请", Result),
    row!("ignored_publication", Some("不予处理"), "要求提供公开出版物", "3.要求提供公开出版物", Result),
    row!("ignored_mass", Some("不予处理"), "无正当理由大量反复申请", "4.无正当理由大量反复申请", Result),
    row!(
        "ignored_confirm",
        Some("不予处理"),
        "要求行政机关确认或重新出具已获取信息",
        "5.要求行政机关确认或重新出具已获取信息",
        Result
    ),
];
static OTHER_2019: [RowDef; 1] = [row!("other", None, "其他处理", "（六）其他处理", Result)];
static OTHER_2021: [RowDef; 3] = [
    row!(
        "other_overdue_fix",
        Some("其他处理"),
        "逾期不补正",
        "1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请",
        Result
    ),
    row!(
        "other_overdue_fee",
        Some("其他处理"),
        "逾期未缴费",
        "2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请",
        Result
    ),
    row!("other_other", Some("其他处理"), "其他", "3.其他", Result),
];

/// The (七)总计 row: computed from the result rows; when the file gives it, it is checked.
pub const TOTAL_KEY: &str = "总计";
pub const TOTAL_LABEL: &str = "（七）总计";
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
    /// False when the row was left out of the file (all zeros).
    pub present: bool,
}

impl Row {
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
    pub fn row(&self, id: &str) -> &Row {
        self.rows.iter().find(|r| r.def.id == id).unwrap_or_else(|| panic!("no table 三 row {id}"))
    }

    pub fn rows_of(&self, kind: RowKind) -> impl Iterator<Item = &Row> {
        self.rows.iter().filter(move |r| r.def.kind == kind)
    }

    /// （七）总计 computed from the detail rows: seven values (six columns and the total).
    pub fn total(&self) -> [u64; 7] {
        let mut out = [0; 7];
        for row in self.rows_of(RowKind::Result) {
            for (o, v) in out.iter_mut().zip(row.with_total()) {
                *o += v;
            }
        }
        out
    }

    /// Sum of the 总计 column over the result rows whose id starts with `prefix`
    /// (`refused`, `unable`, `ignored`, `other`, `granted`, `partial`).
    pub fn group_total(&self, prefix: &str) -> u64 {
        self.rows_of(RowKind::Result).filter(|r| r.def.id.starts_with(prefix)).map(Row::sum).sum()
    }
}

// ---------------------------------------------------------------------------------------------
// Section 四

/// The four outcome columns of each group in official order, and the 总计 label.
pub const OUTCOMES: [(&str, &str); 4] =
    [("结果维持", "upheld"), ("结果纠正", "corrected"), ("其他结果", "other"), ("尚未审结", "pending")];

/// The three groups of table 四: data key, official label, English id.
pub const APPEAL_GROUPS: [(&str, &str, &str); 3] = [
    ("行政复议", "行政复议", "review"),
    ("未经复议直接起诉", "未经复议直接起诉", "direct_suit"),
    ("复议后起诉", "复议后起诉", "suit_after_review"),
];

#[derive(Debug, Clone, PartialEq)]
pub struct AppealGroup {
    pub values: [Val<u64>; 4],
    pub given_total: Option<Val<u64>>,
    pub pos: Pos,
}

impl AppealGroup {
    pub fn sum(&self) -> u64 {
        self.values.iter().map(|v| v.value).sum()
    }

    /// The five printed values: four outcomes and their sum.
    pub fn with_total(&self) -> [u64; 5] {
        let v = &self.values;
        [v[0].value, v[1].value, v[2].value, v[3].value, self.sum()]
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct Appeals {
    /// 行政复议, 未经复议直接起诉, 复议后起诉 (in [`APPEAL_GROUPS`] order).
    pub groups: [AppealGroup; 3],
}

impl Appeals {
    pub fn review(&self) -> &AppealGroup {
        &self.groups[0]
    }

    /// 行政诉讼 in total: direct suits plus suits after review.
    pub fn lawsuits(&self) -> u64 {
        self.groups[1].sum() + self.groups[2].sum()
    }
}

// ---------------------------------------------------------------------------------------------
// Section 六

/// Optional prose topics of section 六 (2021): data key, English id, heading wording.
pub const OTHER_TOPICS: [(&str, &str, &str); 4] = [
    ("工作要点落实", "work_points", "落实上级年度政务公开工作要点情况"),
    ("建议提案办理", "proposals", "人大代表建议和政协提案办理结果公开情况"),
    ("工作创新", "innovation", "政务公开工作创新情况"),
    ("其他", "other", "其他需要报告的事项"),
];
pub const FEE_KEY: &str = "信息处理费";

#[derive(Debug, Clone, PartialEq, Default)]
pub struct Other {
    /// Section 六 written as one prose text (2019, or 2021 without the map form).
    pub prose: Option<Prose>,
    /// 信息处理费 in 元 (2021 map form).
    pub fee: Option<Val<Money>>,
    /// Topics in [`OTHER_TOPICS`] order, when written.
    pub topics: Vec<(&'static str, Prose)>,
    pub pos: Pos,
}

impl Other {
    /// The section's texts: the one text, then the topics.
    pub fn texts(&self) -> impl Iterator<Item = &Prose> {
        self.prose.iter().chain(self.topics.iter().map(|(_, p)| p))
    }
}

/// The [`OTHER_TOPICS`] entry of a topic id: (data key, id, heading wording).
pub fn other_topic(id: &str) -> Option<&'static (&'static str, &'static str, &'static str)> {
    OTHER_TOPICS.iter().find(|(_, i, _)| *i == id)
}
