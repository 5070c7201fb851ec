//! The typed report: one agency's figures and prose for one year, in one of the two table editions.
//!
//! Every value keeps the position it was read from so that checks can point at the line. The row and
//! column definitions of the official tables live here once (table 二: [`t2_rows`]; table 三:
//! [`t3_rows`], [`APPLICANTS`]; table 四: [`APPEAL_GROUPS`], [`OUTCOMES`]) and are used by loading,
//! checking, the JSON Schema, the data-file writer and the table builder alike. Nothing here reads
//! files, prints or knows the YAML syntax.

use std::fmt;

mod date;
mod table2;
mod table3;
pub use date::{DateError, gbt_date, parse_date, read_date, read_gbt_date};
pub use table2::*;
pub use table3::*;

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

    /// The edition before or after this one.
    pub fn other(self) -> Edition {
        match self {
            Edition::E2019 => Edition::E2021,
            Edition::E2021 => Edition::E2019,
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

/// Money with the decimal digits exactly as written (`7730.28` stays `7730.28`), and its exact
/// value in millionths of its unit: 万元 are published to the fen, six decimals. Never a binary
/// float, so that sums and comparisons are exact.
#[derive(Debug, Clone, PartialEq)]
pub struct Money {
    pub text: String,
    pub millionths: u64,
}

impl Money {
    /// Decimal places [`Money::millionths`] holds.
    pub const MAX_DECIMALS: usize = 6;

    pub fn zero() -> Money {
        Money { text: "0".into(), millionths: 0 }
    }

    /// Plain decimal digits (`4166.241619`, `12`, `0.5`) with at most [`Money::MAX_DECIMALS`]
    /// decimals and a whole part of at most 12 digits; anything else (signs, exponents, spaces)
    /// is `None`.
    pub fn parse(text: &str) -> Option<Money> {
        let (whole, frac) = text.split_once('.').unwrap_or((text, ""));
        let digits = |s: &str| s.bytes().all(|b| b.is_ascii_digit());
        if whole.is_empty()
            || whole.len() > 12
            || !digits(whole)
            || !digits(frac)
            || frac.len() > Self::MAX_DECIMALS
            || (text.contains('.') && frac.is_empty())
        {
            return None;
        }
        let frac = format!("{frac:0<6}");
        let millionths = whole.parse::<u64>().ok()? * 1_000_000 + frac.parse::<u64>().ok()?;
        Some(Money { text: text.to_string(), millionths })
    }

    /// Decimal places as written.
    pub fn decimals(&self) -> usize {
        self.text.split_once('.').map_or(0, |(_, d)| d.len())
    }

    /// The value divided by 10^`shift` (10⁴: 万元 to 亿元), exactly, without trailing zeros.
    pub fn shifted(&self, shift: u32) -> String {
        let scale = 1_000_000u128 * 10u128.pow(shift);
        let v = self.millionths as u128;
        let frac = format!("{:0width$}", v % scale, width = 6 + shift as usize);
        let frac = frac.trim_end_matches('0');
        if frac.is_empty() { format!("{}", v / scale) } else { format!("{}.{frac}", v / scale) }
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

/// Whether a line of prose is one of the `（请填写……）` prompts a new data file leaves for the
/// writer (`xxgk init`); the checks tell an unfilled prompt from written text by it.
pub fn is_prompt(line: &str) -> bool {
    let line = line.trim();
    line.starts_with("（请填写") && line.ends_with('）')
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
pub const TOP_KEYS: [&str; 15] = [
    "机关",
    "年度",
    "格式",
    "地区",
    "标题",
    "网址",
    "联系方式",
    "落款",
    INTRO_KEY,
    "总体情况",
    "主动公开",
    "申请",
    "复议诉讼",
    "问题及改进",
    "其他事项",
];

/// The optional key of an introduction in the report's own words.
pub const INTRO_KEY: &str = "引言";

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
    /// `引言`: the introduction in the report's own words, replacing the template's (a report
    /// imported from its published text keeps its wording).
    pub intro: Option<Prose>,
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
        self.intro.iter().chain([&self.overview, &self.problems]).chain(self.other.texts())
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
    /// All zeros (what `init` writes).
    pub fn zero() -> Appeals {
        let group = || AppealGroup {
            values: std::array::from_fn(|_| Val::new(0, Pos::default())),
            given_total: None,
            pos: Pos::default(),
        };
        Appeals { groups: std::array::from_fn(|_| group()) }
    }

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
/// The fee item in the report's own words (2021 map form), replacing the generated sentence.
pub const FEE_TEXT_KEY: &str = "信息处理费说明";

#[derive(Debug, Clone, PartialEq, Default)]
pub struct Other {
    /// Section 六 written as one prose text (2019, or 2021 without the map form).
    pub prose: Option<Prose>,
    /// 信息处理费 in 元 (2021 map form).
    pub fee: Option<Val<Money>>,
    /// `信息处理费说明`: the fee item in the report's own words.
    pub fee_text: Option<Prose>,
    /// Topics in [`OTHER_TOPICS`] order, when written.
    pub topics: Vec<(&'static str, Prose)>,
    pub pos: Pos,
}

impl Other {
    /// The section's texts: the one text, then the topics.
    pub fn texts(&self) -> impl Iterator<Item = &Prose> {
        self.prose.iter().chain(&self.fee_text).chain(self.topics.iter().map(|(_, p)| p))
    }
}

/// The [`OTHER_TOPICS`] entry of a topic id: (data key, id, heading wording).
pub fn other_topic(id: &str) -> Option<&'static (&'static str, &'static str, &'static str)> {
    OTHER_TOPICS.iter().find(|(_, i, _)| *i == id)
}
