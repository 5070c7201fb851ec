//! The template context: every variable a template sees, as typed structs that serialise to what
//! Tera gets.
//!
//! Each field's doc comment is the meaning a template author needs. The table below and the book's
//! (模板与地区 › 模板变量, `book/src/templates.md`) list the same variables; a test reads this file
//! and fails when a field has no doc comment or is missing from either table, or when a table lists
//! a variable that is not here (`tests/it/book.rs`). The context is the contract with every user
//! template: renaming or removing a field breaks templates in the field, so only add.
//!
//! This module reads a [`Report`] and nothing else: it must not parse markup, call Tera, or format
//! for a particular writer.
//!
//! | variable | meaning |
//! |---|---|
//! | `title` | the report's title: `标题`, or `{机关}{年度}年政府信息公开工作年度报告` |
//! | `title_given` | true when the file sets `标题` (the default template then prints it on one line; otherwise the agency and `{年度}年政府信息公开工作年度报告` on two) |
//! | `agency` | `机关` |
//! | `year` | `年度` (number) |
//! | `edition` | table edition, `2019` or `2021` |
//! | `notice` | the edition's notice, `国办公开办函〔2019〕60号` / `国办公开办函〔2021〕30号` |
//! | `format_name` | `《中华人民共和国政府信息公开工作年度报告格式（试行）》` (2019) / `…格式》` (2021) |
//! | `locality` | the locality key in use (`default`, `shanghai`, …) |
//! | `draft` | true when rendering with `--draft` |
//! | `url` | `网址`, or none |
//! | `contacts.address`, `contacts.postcode`, `contacts.phone`, `contacts.fax`, `contacts.email` | `联系方式` fields, or none |
//! | `contacts_list` | the given contact fields in order, each `{label, value}` (`label` = `地址`, `邮编`, `电话`, `传真`, `电子邮箱`) |
//! | `signature.given` | true when `落款` is in the file |
//! | `signature.unit` | `落款.单位`, defaulting to `机关` |
//! | `signature.date` | `落款.日期` in GB/T 9704 style (`2024年1月16日`), or none |
//! | `overview.has_lead` | section 一 has text before its first `（一）` heading |
//! | `overview.parts` | section 一's `（一）` parts, each `{index, marker, heading, topic}`: `index` for `@prose-part`, `marker` normalised (`（一）`), `heading` without marker and final `。`, `topic` one of `主动公开` `依申请公开` `政府信息管理` `平台建设` `监督保障` or none |
//! | `problems.has_lead`, `problems.parts` | the same for section 五 |
//! | `proactive.rules`, `proactive.norms` | 规章 / 规范性文件: 2021 `{issued, repealed, in_force}`; 2019 `{made, published, total}` |
//! | `proactive.licensing`, `proactive.punishment`, `proactive.coercion` | 2021: numbers; 2019: `{previous, change, decisions}` (`change` signed text `+3`) |
//! | `proactive.other_services` | 2019: `{previous, change, decisions}` |
//! | `proactive.fee` | 2021: 行政事业性收费 (万元, text as written) |
//! | `proactive.fees` | 2019: 行政事业性收费 `{previous, change}` |
//! | `proactive.procurement` | 2019: `{count, amount}` (amount in 元, text) |
//! | `requests.<row>` | each row of table 三 as `{natural_person, business, research, public_interest, legal_service, other, total}` (rows below) |
//! | `requests.results` | （七）总计, computed, as a row |
//! | `requests.groups` | 总计-column sums of the result groups: `granted`, `partial`, `refused`, `unable`, `ignored`, `other` |
//! | `appeals.review`, `appeals.direct_suit`, `appeals.suit_after_review` | `{upheld, corrected, other, pending, total}` |
//! | `appeals.lawsuits` | 行政诉讼 in total (direct + after review) |
//! | `intro_given` | true when the file sets `引言` (the templates then print it with @prose intro instead of their introduction) |
//! | `other.has_prose` | section 六 is written as one text (`@prose other`) |
//! | `other.fee_text_given` | true when the file sets `信息处理费说明` (printed with @prose other.fee_text instead of the fee sentence) |
//! | `other.fee` | 信息处理费 in 元 (text as written), or none |
//! | `other.topics` | the section 六 topics written, each `{id, marker, heading, source}`: `marker` numbered after the fee item (`（二）`…), `source` the name for `@prose` |
//!
//! The rows of `requests.<row>` are the ids of the edition's rows ([`crate::model::t3_rows`]): `new`,
//! `carried_in`, `granted`, `partial`, `refused_secret` … `refused_query`, `unable_not_held`,
//! `unable_needs_making`, `unable_unclear`, `ignored_petition` … `ignored_confirm`, `other` (2019) or
//! `other_overdue_fix`, `other_overdue_fee`, `other_other` (2021), `carried_out`.

use std::collections::BTreeMap;

use serde::Serialize;

use super::prose::{cn_number, split_parts};
use super::topic_text;
use crate::model::{self, CONTACT_KEYS, Edition, OTHER_TOPICS, Report, ResultGroup};
use crate::tables;

/// Every variable a template sees (the table in the module documentation).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Context {
    /// The report's title: `标题`, or `{机关}{年度}年政府信息公开工作年度报告`.
    pub title: String,
    /// True when the file sets `标题`.
    pub title_given: bool,
    /// `引言` is in the file: the templates print it instead of their introduction.
    pub intro_given: bool,
    /// `机关`, the agency's full name.
    pub agency: String,
    /// `年度`, the year reported on (a number).
    pub year: i64,
    /// The table edition: 2019 or 2021.
    pub edition: u16,
    /// The edition's notice: `国办公开办函〔2019〕60号` or `国办公开办函〔2021〕30号`.
    pub notice: &'static str,
    /// The edition's full name, in 《》.
    pub format_name: &'static str,
    /// The locality key in use (`default`, `shanghai`, …).
    pub locality: String,
    /// True when rendering a draft (`--draft`).
    pub draft: bool,
    /// `网址`, the report's web address, or none.
    pub url: Option<String>,
    /// `联系方式` by field, each none when not written.
    pub contacts: Contacts,
    /// The contact fields written (not blank), in order.
    pub contacts_list: Vec<ContactItem>,
    /// `落款`: the signature block.
    pub signature: Signature,
    /// The outline of section 一 (总体情况).
    pub overview: ProseOutline,
    /// The outline of section 五 (问题及改进).
    pub problems: ProseOutline,
    /// Table 二 by block; its fields depend on the edition.
    pub proactive: Proactive,
    /// Table 三 by row.
    pub requests: Requests,
    /// Table 四 by group.
    pub appeals: Appeals,
    /// Section 六 (其他需要报告的事项).
    pub other: Other,
}

/// `联系方式`, field by field.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Contacts {
    /// `地址`, or none.
    pub address: Option<String>,
    /// `邮编`, or none.
    pub postcode: Option<String>,
    /// `电话`, or none.
    pub phone: Option<String>,
    /// `传真`, or none.
    pub fax: Option<String>,
    /// `电子邮箱`, or none.
    pub email: Option<String>,
}

/// One written contact field.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ContactItem {
    /// The field's Chinese name: `地址`, `邮编`, `电话`, `传真` or `电子邮箱`.
    pub label: &'static str,
    /// The value as written.
    pub value: String,
}

/// `落款`.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Signature {
    /// True when `落款` is in the file.
    pub given: bool,
    /// `落款.单位`, defaulting to `机关`.
    pub unit: String,
    /// `落款.日期` in GB/T 9704 style (`2024年1月16日`), or none.
    pub date: Option<String>,
}

/// How a prose section is divided into `（一）` parts.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ProseOutline {
    /// True when there is text before the first `（一）` heading.
    pub has_lead: bool,
    /// The `（一）` parts in order.
    pub parts: Vec<ProsePart>,
}

/// One `（一）` part of a prose section.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ProsePart {
    /// The part's number for `@prose-part` / `@prose-body` (1 for the first).
    pub index: usize,
    /// The marker, normalised to full-width parentheses: `（一）`.
    pub marker: String,
    /// The heading without its marker and final `。`.
    pub heading: String,
    /// The topic the heading names (`主动公开`, `依申请公开`, `政府信息管理`, `平台建设`, `监督保障`), or none.
    pub topic: Option<&'static str>,
}

/// Table 二 (主动公开), in the report's edition.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(untagged)]
#[allow(clippy::large_enum_variant)]
pub enum Proactive {
    E2021(Proactive2021),
    E2019(Proactive2019),
}

/// Table 二, 2021 edition.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Proactive2021 {
    /// 规章.
    pub rules: Docs2021,
    /// 行政规范性文件.
    pub norms: Docs2021,
    /// 行政许可: decisions this year.
    pub licensing: u64,
    /// 行政处罚: decisions this year.
    pub punishment: u64,
    /// 行政强制: decisions this year.
    pub coercion: u64,
    /// 行政事业性收费 this year, in 万元, as written.
    pub fee: String,
}

/// A 规章 / 规范性文件 row, 2021 edition.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Docs2021 {
    /// 本年制发.
    pub issued: u64,
    /// 本年废止.
    pub repealed: u64,
    /// 现行有效.
    pub in_force: u64,
}

/// Table 二, 2019 edition.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Proactive2019 {
    /// 规章.
    pub rules: Docs2019,
    /// 规范性文件.
    pub norms: Docs2019,
    /// 行政许可.
    pub licensing: Items2019,
    /// 其他对外管理服务事项.
    pub other_services: Items2019,
    /// 行政处罚.
    pub punishment: Items2019,
    /// 行政强制.
    pub coercion: Items2019,
    /// 行政事业性收费.
    pub fees: Fees2019,
    /// 政府集中采购.
    pub procurement: Procurement2019,
}

/// A 规章 / 规范性文件 row, 2019 edition.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Docs2019 {
    /// 本年新制作.
    pub made: u64,
    /// 本年新公开.
    pub published: u64,
    /// 对外公开总数量.
    pub total: u64,
}

/// An item row of table 二, 2019 edition.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Items2019 {
    /// 上一年项目数量.
    pub previous: u64,
    /// 本年增减, as signed text (`+3`, `0`, `-2`).
    pub change: String,
    /// 处理决定数量.
    pub decisions: Option<u64>,
}

/// 行政事业性收费, 2019 edition.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Fees2019 {
    /// 上一年项目数量.
    pub previous: u64,
    /// 本年增减, as signed text.
    pub change: String,
}

/// 政府集中采购, 2019 edition.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Procurement2019 {
    /// 采购项目数量.
    pub count: u64,
    /// 采购总金额, in 元, as written.
    pub amount: String,
}

/// Table 三.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Requests {
    /// Each row of the edition by its English id (`new`, `granted`, … the book lists them).
    #[serde(flatten)]
    pub rows: BTreeMap<&'static str, Row>,
    /// （七）总计, computed from the result rows.
    pub results: Row,
    /// The 总计 column summed over each group of result rows.
    pub groups: Groups,
}

/// One row of table 三: the six applicant columns and their total.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Row {
    /// 自然人.
    pub natural_person: u64,
    /// 商业企业.
    pub business: u64,
    /// 科研机构.
    pub research: u64,
    /// 社会公益组织.
    pub public_interest: u64,
    /// 法律服务机构.
    pub legal_service: u64,
    /// 其他.
    pub other: u64,
    /// 总计.
    pub total: u64,
}

/// The 总计 column summed over each group of result rows of table 三.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Groups {
    /// （一）予以公开.
    pub granted: u64,
    /// （二）部分公开.
    pub partial: u64,
    /// （三）不予公开.
    pub refused: u64,
    /// （四）无法提供.
    pub unable: u64,
    /// （五）不予处理.
    pub ignored: u64,
    /// （六）其他处理.
    pub other: u64,
}

/// Table 四.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Appeals {
    /// 行政复议.
    pub review: Outcomes,
    /// 行政诉讼, 未经复议直接起诉.
    pub direct_suit: Outcomes,
    /// 行政诉讼, 复议后起诉.
    pub suit_after_review: Outcomes,
    /// 行政诉讼 in total: direct suits plus suits after review.
    pub lawsuits: u64,
}

/// One group of table 四.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Outcomes {
    /// 结果维持.
    pub upheld: u64,
    /// 结果纠正.
    pub corrected: u64,
    /// 其他结果.
    pub other: u64,
    /// 尚未审结.
    pub pending: u64,
    /// 总计.
    pub total: u64,
}

/// Section 六.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Other {
    /// True when section 六 is written as one text (`@prose other`).
    pub has_prose: bool,
    /// 信息处理费 in 元, as written, or none.
    pub fee: Option<String>,
    /// True when `信息处理费说明` gives the fee item in the report's own words.
    pub fee_text_given: bool,
    /// The topics written, in order.
    pub topics: Vec<Topic>,
}

/// A section 六 topic that the file writes.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Topic {
    /// The topic's English id (`work_points`, `proposals`, `innovation`, `other`).
    pub id: &'static str,
    /// Its marker, numbered after the fee item: `（二）`, `（三）`, ….
    pub marker: String,
    /// Its heading in the national wording.
    pub heading: &'static str,
    /// The name to give `@prose` for its text: `other.<id>`.
    pub source: String,
}

/// The template context of a report (see the module documentation for every variable).
pub fn context(report: &Report, locality: &str, draft: bool) -> Context {
    let edition = report.edition;
    let format_name = match edition {
        Edition::E2019 => "《中华人民共和国政府信息公开工作年度报告格式（试行）》",
        Edition::E2021 => "《中华人民共和国政府信息公开工作年度报告格式》",
    };
    let c = &report.contacts;
    let contacts_list = CONTACT_KEYS
        .iter()
        .zip([&c.address, &c.postcode, &c.phone, &c.fax, &c.email])
        .filter_map(|((label, _), v)| {
            let value = v.as_deref().filter(|s| !s.trim().is_empty())?;
            Some(ContactItem { label, value: value.to_string() })
        })
        .collect();
    let sig = &report.signature;
    Context {
        title: report.title(),
        title_given: report.title.is_some(),
        intro_given: report.intro.as_ref().is_some_and(|p| !p.is_blank()),
        agency: report.agency.value.clone(),
        year: report.year.value,
        edition: edition.year(),
        notice: edition.notice(),
        format_name,
        locality: locality.to_string(),
        draft,
        url: report.url.as_deref().filter(|s| !s.trim().is_empty()).map(str::to_string),
        contacts: Contacts {
            address: c.address.clone(),
            postcode: c.postcode.clone(),
            phone: c.phone.clone(),
            fax: c.fax.clone(),
            email: c.email.clone(),
        },
        contacts_list,
        signature: Signature {
            given: sig.unit.is_some() || sig.date.is_some(),
            unit: sig.unit.clone().unwrap_or_else(|| report.agency.value.clone()),
            date: sig
                .date
                .as_ref()
                .map(|d| model::gbt_date(&d.value).unwrap_or_else(|| d.value.trim().to_string())),
        },
        overview: outline(&report.overview.text),
        problems: outline(&report.problems.text),
        proactive: proactive(&report.proactive),
        requests: requests(report),
        appeals: appeals(report),
        other: other(report),
    }
}

/// Words in a `（一）` heading that name one of the five usual topics of section 一.
const TOPICS: [(&str, &str); 5] = [
    ("依申请", "依申请公开"),
    ("主动公开", "主动公开"),
    ("信息管理", "政府信息管理"),
    ("平台", "平台建设"),
    ("监督", "监督保障"),
];

fn outline(text: &str) -> ProseOutline {
    let parts = split_parts(text);
    ProseOutline {
        has_lead: parts.first().is_some_and(|p| !p.lines.is_empty()),
        parts: parts
            .iter()
            .enumerate()
            .skip(1)
            .map(|(index, part)| {
                let (marker, heading) = part.heading.clone().unwrap_or_default();
                let topic = TOPICS.iter().find(|(k, _)| heading.contains(k)).map(|(_, t)| *t);
                ProsePart { index, marker, heading, topic }
            })
            .collect(),
    }
}

fn proactive(p: &model::Proactive) -> Proactive {
    match p {
        model::Proactive::E2021(p) => {
            let docs = |d: &model::Docs3| {
                let [issued, repealed, in_force] = d.values.each_ref().map(|v| v.value);
                Docs2021 { issued, repealed, in_force }
            };
            Proactive::E2021(Proactive2021 {
                rules: docs(&p.rules),
                norms: docs(&p.norms),
                licensing: p.licensing.value,
                punishment: p.punishment.value,
                coercion: p.coercion.value,
                fee: p.fee.value.text.clone(),
            })
        }
        model::Proactive::E2019(p) => {
            let docs = |d: &model::Docs3| {
                let [made, published, total] = d.values.each_ref().map(|v| v.value);
                Docs2019 { made, published, total }
            };
            let items = |it: &model::Items2019| Items2019 {
                previous: it.previous.value,
                change: tables::signed(it.change.value),
                decisions: it.decisions.as_ref().map(|d| d.value),
            };
            Proactive::E2019(Proactive2019 {
                rules: docs(&p.rules),
                norms: docs(&p.norms),
                licensing: items(&p.licensing),
                other_services: items(&p.other_services),
                punishment: items(&p.punishment),
                coercion: items(&p.coercion),
                fees: Fees2019 {
                    previous: p.fees.previous.value,
                    change: tables::signed(p.fees.change.value),
                },
                procurement: Procurement2019 {
                    count: p.procurement_count.value,
                    amount: p.procurement_amount.value.text.clone(),
                },
            })
        }
    }
}

/// A row's seven printed values, in [`APPLICANTS`](model::APPLICANTS) order and then the total.
fn row(values: [u64; 7]) -> Row {
    let [natural_person, business, research, public_interest, legal_service, other, total] = values;
    Row { natural_person, business, research, public_interest, legal_service, other, total }
}

fn requests(report: &Report) -> Requests {
    let req = &report.requests;
    Requests {
        rows: req.rows.iter().map(|r| (r.def.id, row(r.with_total()))).collect(),
        results: row(req.total()),
        groups: Groups {
            granted: req.group_total(ResultGroup::Granted),
            partial: req.group_total(ResultGroup::Partial),
            refused: req.group_total(ResultGroup::Refused),
            unable: req.group_total(ResultGroup::Unable),
            ignored: req.group_total(ResultGroup::Ignored),
            other: req.group_total(ResultGroup::Other),
        },
    }
}

fn appeals(report: &Report) -> Appeals {
    let [review, direct_suit, suit_after_review] = report.appeals.groups.each_ref().map(|g| {
        let [upheld, corrected, other, pending, total] = g.with_total();
        Outcomes { upheld, corrected, other, pending, total }
    });
    Appeals { review, direct_suit, suit_after_review, lawsuits: report.appeals.lawsuits() }
}

fn other(report: &Report) -> Other {
    let o = &report.other;
    let fee = o.fee.as_ref().map(|f| f.value.text.clone());
    let mut n = usize::from(fee.is_some());
    let topics = OTHER_TOPICS
        .iter()
        .filter(|(_, id, _)| topic_text(o, id).is_some_and(|p| !p.is_blank()))
        .map(|(_, id, heading)| {
            n += 1;
            Topic { id, marker: format!("（{}）", cn_number(n)), heading, source: format!("other.{id}") }
        })
        .collect();
    Other {
        has_prose: o.prose.as_ref().is_some_and(|p| !p.is_blank()),
        fee,
        fee_text_given: o.fee_text.as_ref().is_some_and(|p| !p.is_blank()),
        topics,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{APPEAL_GROUPS, APPLICANTS, OUTCOMES};
    use crate::tables::tests::sample;

    fn keys(v: &serde_json::Value) -> Vec<String> {
        v.as_object().map(|m| m.keys().cloned().collect()).unwrap_or_default()
    }

    /// The field names spelt here are the ids the model defines once: they must not drift apart.
    #[test]
    fn names_follow_the_model() {
        for e in [Edition::E2019, Edition::E2021] {
            let ctx = serde_json::to_value(context(&sample(e, |_, _| 1), "default", false)).unwrap();
            let mut row: Vec<_> = APPLICANTS.iter().map(|(_, id)| id.to_string()).collect();
            row.push("total".into());
            row.sort();
            assert_eq!(keys(&ctx["requests"]["results"]), row);
            let mut contacts: Vec<_> = CONTACT_KEYS.iter().map(|(_, id)| id.to_string()).collect();
            contacts.sort();
            assert_eq!(keys(&ctx["contacts"]), contacts);
            let mut groups: Vec<_> = APPEAL_GROUPS.iter().map(|(_, _, id)| id.to_string()).collect();
            groups.push("lawsuits".into());
            groups.sort();
            assert_eq!(keys(&ctx["appeals"]), groups);
            let mut outcomes: Vec<_> = OUTCOMES.iter().map(|(_, id)| id.to_string()).collect();
            outcomes.push("total".into());
            outcomes.sort();
            assert_eq!(keys(&ctx["appeals"]["review"]), outcomes);
        }
    }
}
