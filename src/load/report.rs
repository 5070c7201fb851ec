//! The walk over a data file, edition by edition: the top-level keys, the contact details and
//! signature, the prose sections, and tables 二, 三 and 四 read against the model's definitions
//! ([`t2_rows`], [`t3_rows`], [`APPEAL_GROUPS`]), with one message for a block written in the
//! other edition's shape.
//!
//! Every key and label comes from [`crate::model`]; how a single value is decoded is `fields`'.
//! This module does no arithmetic between figures (that is [`crate::check`]).

use super::fields::{Cx, Entries};
use super::yaml::{Node, Value};
use crate::diag::Rule;
use crate::model::*;

/// The edition a key belongs to when it is written in only one: the keys of table 二 that tell
/// the editions apart (a row only one edition has, or a column of a row both have in different
/// forms), the 2021 rows of 其他处理 and the 2021 map form of 其他事项.
pub(super) fn edition_of(key: &str) -> Option<Edition> {
    const OTHER_KEYS_2021: [&str; 3] = ["逾期不补正", "逾期未缴费", FEE_KEY];
    if OTHER_KEYS_2021.contains(&key) {
        return Some(Edition::E2021);
    }
    [Edition::E2019, Edition::E2021].into_iter().find(|&e| {
        t2_rows(e).iter().any(|d| match t2_rows(e.other()).iter().find(|o| o.key == d.key) {
            None => d.key == key,
            Some(o) => !d.is_scalar() && d.cols.iter().any(|c| c.key == key) && !map_keys(o).contains(&key),
        })
    })
}

/// The column keys of a row written as a map (none for a bare value).
fn map_keys(d: &T2RowDef) -> Vec<&'static str> {
    if d.is_scalar() { Vec::new() } else { d.cols.iter().map(|c| c.key).collect() }
}

/// `2019年版格式（国办公开办函〔2019〕60号）`
pub(super) fn edition_name(e: Edition) -> String {
    format!("{}年版格式（{}）", e.year(), e.notice())
}

impl Cx<'_> {
    /// The report, or `None` when a required part is missing or wrong (the findings say why).
    pub(super) fn report(&mut self, root: &Node) -> Option<Report> {
        if !matches!(root.value, Value::Map(_)) {
            self.err(
                Rule::DType,
                root.pos,
                "数据文件应由“字段: 值”组成（如“机关: 某某局”），可用 `xxgk init` 生成模板",
            );
            return None;
        }
        let m = self.map(root, "数据文件", &TOP_KEYS, None)?;
        let agency =
            self.required(&m, "机关", "").and_then(|n| self.text(n, "机关").map(|t| Val::new(t, n.pos)));
        let year = self.required(&m, "年度", "").and_then(|n| self.year(n));
        let edition_given = m.get("格式").and_then(|n| self.edition(n));
        let edition = match (&year, &edition_given) {
            (_, Some(e)) => match e.value {
                2019 => Edition::E2019,
                _ => Edition::E2021,
            },
            (Some(y), None) => Edition::for_year(y.value),
            // Without a usable year, follow the shape of the tables to avoid follow-on errors.
            (None, None) => match m.get("主动公开") {
                Some(p) if !foreign_keys(p, Edition::E2021).is_empty() => Edition::E2019,
                _ => Edition::E2021,
            },
        };
        if let (Some(y), Some(e)) = (&year, &edition_given)
            && y.value < 2021
            && e.value == 2021
        {
            self.err(
                Rule::DEdition,
                e.pos,
                format!("{}年度的报告不能使用2021年版格式：该格式自2021年度报告起使用，请改为“格式: 2019”或删除此行", y.value),
            );
        }
        let locality = self.opt_text(&m, "地区");
        let title = self.opt_text(&m, "标题");
        let url = self.opt_text(&m, "网址").map(|v| v.value);
        let contacts = m.get("联系方式").map(|n| self.contacts(n)).unwrap_or_default();
        let signature = m.get("落款").map(|n| self.signature(n)).unwrap_or_default();
        let intro = m.get(INTRO_KEY).map(|n| self.prose(n, INTRO_KEY));
        let overview =
            self.required(&m, "总体情况", "").map(|n| self.prose(n, "总体情况")).unwrap_or_default();
        let proactive = self.required(&m, "主动公开", "").and_then(|n| self.proactive(n, edition));
        let requests = self.required(&m, "申请", "").and_then(|n| self.requests(n, edition));
        let appeals = self.required(&m, "复议诉讼", "").and_then(|n| self.appeals(n));
        let problems =
            self.required(&m, "问题及改进", "").map(|n| self.prose(n, "问题及改进")).unwrap_or_default();
        let other = self.required(&m, "其他事项", "").map(|n| self.other(n, edition)).unwrap_or_default();
        Some(Report {
            agency: agency?,
            year: year?,
            edition,
            edition_given,
            locality,
            title,
            url,
            contacts,
            signature,
            intro,
            overview,
            proactive: proactive?,
            requests: requests?,
            appeals: appeals?,
            problems,
            other,
        })
    }

    fn year(&mut self, n: &Node) -> Option<Val<i64>> {
        match &n.value {
            Value::Int(y) if (2019..=2100).contains(y) => Some(Val::new(*y as i64, n.pos)),
            Value::Int(y) if *y < 2019 && *y > 1900 => {
                self.err(
                    Rule::DYear,
                    n.pos,
                    format!("“年度”为 {y}：本工具支持 2019 年度及以后的报告（2019 年以前的报告使用旧格式）"),
                );
                None
            }
            _ => {
                let shown = self.raw(n).unwrap_or("").to_string();
                self.err(Rule::DYear, n.pos, format!("“年度”应为四位数的年份（如 2024），实际是“{shown}”"));
                None
            }
        }
    }

    fn edition(&mut self, n: &Node) -> Option<Val<u16>> {
        match &n.value {
            Value::Int(2019) => Some(Val::new(2019, n.pos)),
            Value::Int(2021) => Some(Val::new(2021, n.pos)),
            _ => {
                let shown = self.raw(n).unwrap_or("").to_string();
                self.err(
                    Rule::DEdition,
                    n.pos,
                    format!(
                        "“格式”应为 2019（国办公开办函〔2019〕60号）或 2021（国办公开办函〔2021〕30号），实际是“{shown}”；不写则按年度自动选择"
                    ),
                );
                None
            }
        }
    }

    fn contacts(&mut self, n: &Node) -> Contacts {
        let keys: Vec<&str> = CONTACT_KEYS.iter().map(|(k, _)| *k).collect();
        let Some(m) = self.map(n, "联系方式", &keys, None) else { return Contacts::default() };
        let mut get = |k: &str| self.opt_text(&m, k).map(|v| v.value);
        Contacts {
            address: get("地址"),
            postcode: get("邮编"),
            phone: get("电话"),
            fax: get("传真"),
            email: get("电子邮箱"),
        }
    }

    fn signature(&mut self, n: &Node) -> Signature {
        let Some(m) = self.map(n, "落款", &["单位", "日期"], None) else { return Signature::default() };
        let unit = self.opt_text(&m, "单位").map(|v| v.value);
        let date = self.opt_text(&m, "日期").and_then(|d| match read_gbt_date(&d.value) {
            Ok(s) => Some(Val::new(s, d.pos)),
            Err(why) => {
                self.err(Rule::DDate, d.pos, format!("落款“日期”“{}”{why}", d.value));
                None
            }
        });
        Signature { unit, date }
    }

    fn proactive(&mut self, n: &Node, edition: Edition) -> Option<Proactive> {
        // A block written in the other edition's shape gets one message, not one per key.
        let foreign = foreign_keys(n, edition);
        if foreign.len() >= 2 {
            let other = edition.other();
            self.err(
                Rule::DEditionKey,
                n.pos,
                format!(
                    "“主动公开”按{}填写（有“{}”等字段），但本报告应按{}填写（由“年度”或“格式”决定）：请按 `xxgk init` 生成的当年模板改写这一部分",
                    edition_name(other),
                    foreign[..2].join("”“"),
                    edition_name(edition)
                ),
            );
            return None;
        }
        let defs = t2_rows(edition);
        let keys: Vec<&str> = defs.iter().map(|d| d.key).collect();
        let m = self.map(n, "主动公开", &keys, Some(edition))?;
        // Every row is read (and its mistakes reported) before any missing one ends the table.
        let rows: Vec<Option<(T2Id, Vec<T2Cell>)>> =
            defs.iter().map(|d| self.t2_row(&m, d, edition).map(|cells| (d.id, cells))).collect();
        let rows: Vec<(T2Id, Vec<T2Cell>)> = rows.into_iter().collect::<Option<_>>()?;
        Proactive::from_rows(edition, &rows)
    }

    /// One row of table 二: a bare value for a one-column row, else a map by column key.
    fn t2_row(&mut self, m: &Entries, def: &T2RowDef, edition: Edition) -> Option<Vec<T2Cell>> {
        let n = self.required(m, def.key, "主动公开")?;
        if let [col] = def.cols {
            return Some(vec![self.t2_cell(n, def, col)]);
        }
        let keys: Vec<&str> = def.cols.iter().map(|c| c.key).collect();
        let row = self.map(n, def.key, &keys, Some(edition))?;
        let cells: Vec<Option<T2Cell>> = def
            .cols
            .iter()
            .map(|c| self.required(&row, c.key, def.key).map(|x| self.t2_cell(x, def, c)))
            .collect();
        cells.into_iter().collect()
    }

    fn t2_cell(&mut self, n: &Node, def: &T2RowDef, col: &T2Col) -> T2Cell {
        let label = format!("{}·{}", def.key, col.key);
        match col.kind {
            T2Kind::Count => T2Cell::Count(self.count(n, &label)),
            T2Kind::Signed => T2Cell::Signed(self.signed(n, &label)),
            T2Kind::Money(unit) => T2Cell::Money(self.money(n, &label, unit)),
        }
    }

    fn requests(&mut self, n: &Node, edition: Edition) -> Option<Requests> {
        let defs = t3_rows(edition);
        let mut top: Vec<&str> = defs.iter().filter(|d| d.group.is_none()).map(|d| d.key).collect();
        for (g, _) in T3_GROUPS {
            if !top.contains(&g) {
                top.push(g);
            }
        }
        top.push(TOTAL_KEY);
        let m = self.map(n, "申请", &top, Some(edition))?;
        // Group maps, read once each.
        let mut groups: Vec<(&str, Option<Entries>)> = Vec::new();
        for (g, _) in T3_GROUPS {
            let sub: Vec<&str> = defs.iter().filter(|d| d.group == Some(g)).map(|d| d.key).collect();
            let entries = match m.get(g) {
                Some(gn) if !sub.is_empty() => {
                    if edition == Edition::E2021 && g == ResultGroup::Other.key() && is_row_form(gn) {
                        self.err(
                            Rule::DEditionKey,
                            gn.pos,
                            "2021年版格式的“其他处理”分为三行：逾期不补正、逾期未缴费、其他（一行的写法属于2019年版格式）",
                        );
                        None
                    } else {
                        self.map(gn, g, &sub, Some(edition))
                    }
                }
                _ => None,
            };
            groups.push((g, entries));
        }
        let mut rows = Vec::new();
        for def in defs {
            let (node, parent_pos) = match def.group {
                None => {
                    let node = m.get(def.key);
                    if edition == Edition::E2019
                        && def.key == ResultGroup::Other.key()
                        && node.is_some_and(|x| !is_row_form(x))
                    {
                        let x = node.expect("checked above");
                        self.err(
                            Rule::DEditionKey,
                            x.pos,
                            "2019年版格式的“其他处理”只有一行（六个数），分三行的写法属于2021年版格式",
                        );
                        (None, x.pos)
                    } else {
                        (node, m.pos)
                    }
                }
                Some(g) => match groups.iter().find(|(k, _)| *k == g).and_then(|(_, e)| e.as_ref()) {
                    Some(e) => (e.get(def.key), e.pos),
                    None => (None, m.get(g).map_or(m.pos, |x| x.pos)),
                },
            };
            rows.push(match node {
                Some(x) => self.row(x, def),
                None => Row::zero(def, parent_pos),
            });
        }
        let given_total = m.get(TOTAL_KEY).map(|x| self.row(x, &TOTAL_ROW));
        Some(Requests { rows, given_total, pos: n.pos })
    }

    /// One row of table 三: a list of 6 (or 7 with 总计) numbers, or a map by applicant.
    fn row(&mut self, n: &Node, def: &'static RowDef) -> Row {
        let mut row = Row::zero(def, n.pos);
        (row.values, row.given_total) = self.counts(n, def.label, &APPLICANTS);
        row
    }

    fn appeals(&mut self, n: &Node) -> Option<Appeals> {
        let keys: Vec<&str> = APPEAL_GROUPS.iter().map(|(k, _, _)| *k).collect();
        let m = self.map(n, "复议诉讼", &keys, None)?;
        let mut groups = Vec::new();
        for (key, label, _) in APPEAL_GROUPS {
            let g = match m.get(key) {
                Some(x) => {
                    let (values, given_total) = self.counts(x, label, &OUTCOMES);
                    AppealGroup { values, given_total, pos: x.pos }
                }
                None => AppealGroup {
                    values: std::array::from_fn(|_| Val::new(0, m.pos)),
                    given_total: None,
                    pos: m.pos,
                },
            };
            groups.push(g);
        }
        Some(Appeals { groups: groups.try_into().ok()? })
    }

    /// 六: one text, or (2021) the map of 信息处理费 and topics.
    fn other(&mut self, n: &Node, edition: Edition) -> Other {
        let mut other = Other { pos: n.pos, ..Other::default() };
        match &n.value {
            Value::Map(_) if edition == Edition::E2019 => {
                self.err(
                    Rule::DEditionKey,
                    n.pos,
                    format!(
                        "按{}，“其他事项”为一段文字；分项写法（信息处理费等）属于{}",
                        edition_name(Edition::E2019),
                        edition_name(Edition::E2021)
                    ),
                );
            }
            Value::Map(_) => {
                let mut keys = vec![FEE_KEY, FEE_TEXT_KEY];
                keys.extend(OTHER_TOPICS.iter().map(|(k, _, _)| *k));
                if let Some(m) = self.map(n, "其他事项", &keys, Some(edition)) {
                    other.fee = self
                        .required(&m, FEE_KEY, "其他事项")
                        .map(|x| self.money(x, "其他事项·信息处理费", MoneyUnit::Yuan));
                    other.fee_text =
                        m.get(FEE_TEXT_KEY).map(|x| self.prose(x, &format!("其他事项·{FEE_TEXT_KEY}")));
                    for (key, id, _) in OTHER_TOPICS {
                        if let Some(x) = m.get(key) {
                            let p = self.prose(x, &format!("其他事项·{key}"));
                            other.topics.push((id, p));
                        }
                    }
                }
            }
            _ => other.prose = Some(self.prose(n, "其他事项")),
        }
        other
    }
}

/// Keys under `n` (two levels deep) that belong to the other edition.
fn foreign_keys<'n>(n: &'n Node, edition: Edition) -> Vec<&'n str> {
    let mut out = Vec::new();
    let Value::Map(pairs) = &n.value else { return out };
    let mut visit = |k: &'n Node| {
        if let Value::Str(key) = &k.value
            && edition_of(key).is_some_and(|e| e != edition)
            && !out.contains(&key.as_str())
        {
            out.push(key.as_str());
        }
    };
    for (k, v) in pairs {
        visit(k);
        if let Value::Map(inner) = &v.value {
            inner.iter().for_each(|(k2, _)| visit(k2));
        }
    }
    out
}

/// A row written as a list, or as a map by applicant (not a map of sub-rows).
fn is_row_form(n: &Node) -> bool {
    match &n.value {
        Value::Seq(_) => true,
        Value::Map(pairs) => pairs
            .iter()
            .all(|(k, _)| matches!(&k.value, Value::Str(s) if APPLICANTS.iter().any(|(a, _)| a == s) || s == "总计")),
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_of_one_edition_follow_from_the_definitions() {
        let of = |e: Edition| {
            let mut keys: Vec<&str> = t2_rows(e)
                .iter()
                .flat_map(|d| std::iter::once(d.key).chain(d.cols.iter().map(|c| c.key)))
                .chain(["逾期不补正", "逾期未缴费", FEE_KEY, "其他", "本年处理决定数量", "本年收费金额"])
                .filter(|k| edition_of(k) == Some(e))
                .collect();
            keys.sort();
            keys.dedup();
            keys
        };
        let mut e2019 = vec![
            "规范性文件",
            "其他对外管理服务事项",
            "政府集中采购",
            "本年新制作",
            "本年新公开",
            "对外公开总数",
            "上一年项目数量",
            "本年增减",
            "处理决定数量",
        ];
        let mut e2021 = vec![
            "行政规范性文件",
            "本年制发",
            "本年废止",
            "现行有效",
            "逾期不补正",
            "逾期未缴费",
            "信息处理费",
        ];
        e2019.sort();
        e2021.sort();
        assert_eq!(of(Edition::E2019), e2019);
        assert_eq!(of(Edition::E2021), e2021);
    }
}
