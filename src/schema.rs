//! `xxgk schema`: a JSON Schema (draft-07, what YAML editors understand) of the data file, built
//! from the same key and label definitions the loader uses.

use crate::model::*;
use serde_json::{Map, Value, json};

fn count(label: &str) -> Value {
    json!({"type": "integer", "minimum": 0, "maximum": crate::load::MAX_COUNT, "description": label})
}

fn money(label: &str) -> Value {
    json!({"type": "number", "minimum": 0, "description": label})
}

fn prose(label: &str) -> Value {
    json!({"type": "string", "description": format!("{label}（每行一段；“一、”“（一）”“1.”“（1）”开头的行为标题）")})
}

fn object(description: &str, props: Vec<(&str, Value)>, required: &[&str]) -> Value {
    let mut m = Map::new();
    for (k, v) in props {
        m.insert(k.to_string(), v);
    }
    json!({"type": "object", "description": description, "properties": m, "required": required, "additionalProperties": false})
}

/// Counts under named columns, written as a list in column order (an optional last number is the
/// 总计) or as a map by column name.
fn counts(label: &str, columns: &[(&str, &str)], count_zh: &str) -> Value {
    let names: Vec<&str> = columns.iter().map(|(k, _)| *k).collect();
    let mut props: Vec<(&str, Value)> = names.iter().map(|n| (*n, count(n))).collect();
    props.push(("总计", count("总计（可省略，填写则校验）")));
    let n = names.len();
    json!({
        "description": format!("{label}：{count_zh}个数依次为{}（最后一个数为总计，可省略）", names.join("、")),
        "oneOf": [
            {"type": "array", "items": {"type": "integer", "minimum": 0}, "minItems": n, "maxItems": n + 1},
            object(label, props, &[]),
        ]
    })
}

/// A row of table 三: one count per applicant column.
fn row(label: &str) -> Value {
    counts(label, &APPLICANTS, "六")
}

/// A group of table 四: one count per outcome column.
fn appeal_group(label: &str) -> Value {
    counts(label, &OUTCOMES, "四")
}

fn requests() -> Value {
    let mut props: Vec<(&str, Value)> = Vec::new();
    let mut groups: Vec<(&str, Vec<(&str, Value)>)> = Vec::new();
    for edition in [Edition::E2019, Edition::E2021] {
        for def in t3_rows(edition) {
            match def.group {
                None if !props.iter().any(|(k, _)| *k == def.key) => props.push((def.key, row(def.label))),
                Some(g) => {
                    let idx = match groups.iter().position(|(k, _)| *k == g) {
                        Some(i) => i,
                        None => {
                            groups.push((g, Vec::new()));
                            groups.len() - 1
                        }
                    };
                    if !groups[idx].1.iter().any(|(k, _)| *k == def.key) {
                        groups[idx].1.push((def.key, row(def.label)));
                    }
                }
                None => {}
            }
        }
    }
    for (g, rows) in groups {
        let label = T3_GROUPS.iter().find(|(k, _)| *k == g).map_or(g, |(_, l)| *l);
        let group = object(label, rows, &[]);
        if let Some(i) = props.iter().position(|(k, _)| *k == g) {
            // 其他处理 is one row in 2019 and a group of three in 2021.
            let single = props.remove(i).1;
            props.insert(i, (g, json!({"description": format!("{label}（2019年版为一行，2021年版分三行）"), "anyOf": [single, group]})));
        } else {
            props.push((g, group));
        }
    }
    props.push((TOTAL_KEY, row("（七）总计（可省略，自动计算；填写则校验）")));
    object("三、收到和处理政府信息公开申请情况", props, &[])
}

/// One row of table 二 in one edition: a bare value for a one-column row, else a map of all its
/// columns.
fn t2_row(def: &T2RowDef, edition: Edition) -> Value {
    let year = edition.year();
    if let [c] = def.cols {
        let what = format!("{} {}", def.key, c.key);
        return match c.unit() {
            Some(unit) => money(&format!("{what}，单位：{}（{year}年版）", unit.name())),
            None => count(&format!("{what}（{year}年版）")),
        };
    }
    let props = def
        .cols
        .iter()
        .map(|c| {
            let v = match c.kind {
                T2Kind::Count => count(c.key),
                T2Kind::Signed => {
                    json!({"type": "integer", "description": format!("{}（减少写负数）", c.header)})
                }
                T2Kind::Money(unit) => money(&format!("{}（{}）", c.key, unit.name())),
            };
            (c.key, v)
        })
        .collect();
    let keys: Vec<&str> = def.cols.iter().map(|c| c.key).collect();
    object(&format!("{}（{year}年版）", def.key), props, &keys)
}

/// Table 二: every row of either edition, in the form of each edition that has it.
fn proactive() -> Value {
    let editions = [Edition::E2019, Edition::E2021];
    let mut props: Vec<(&str, Value)> = Vec::new();
    for def in editions.iter().flat_map(|&e| t2_rows(e)) {
        if props.iter().any(|(k, _)| *k == def.key) {
            continue;
        }
        let mut forms: Vec<Value> = editions
            .iter()
            .filter_map(|&e| t2_rows(e).iter().find(|d| d.key == def.key).map(|d| t2_row(d, e)))
            .collect();
        let value = if forms.len() == 1 { forms.remove(0) } else { json!({"anyOf": forms}) };
        props.push((def.key, value));
    }
    object("二、主动公开政府信息情况（键随格式版本而不同）", props, &[])
}

fn other() -> Value {
    let mut props = vec![(FEE_KEY, money("本年收取的信息处理费（元），没有收取填 0"))];
    props.push((FEE_TEXT_KEY, prose("信息处理费一项的原文，代替模板生成的句子")));
    props.extend(OTHER_TOPICS.iter().map(|(k, _, heading)| (*k, prose(heading))));
    json!({
        "description": "六、其他需要报告的事项",
        "oneOf": [prose("其他需要报告的事项"), object("六、其他需要报告的事项（2021年版分项写法）", props, &[FEE_KEY])]
    })
}

/// The JSON Schema of the data file.
pub fn schema() -> Value {
    let contacts: Vec<(&str, Value)> = CONTACT_KEYS
        .iter()
        .map(|(k, _)| (*k, json!({"type": ["string", "integer"], "description": k})))
        .collect();
    let appeals: Vec<(&str, Value)> = APPEAL_GROUPS.iter().map(|(k, l, _)| (*k, appeal_group(l))).collect();
    let mut root = object(
        "政府信息公开工作年度报告数据文件（xxgk）",
        vec![
            ("机关", json!({"type": "string", "description": "机关全称，如 长沙市开福区科学技术局"})),
            ("年度", json!({"type": "integer", "minimum": 2019, "description": "报告年度"})),
            (
                "格式",
                json!({"enum": [2019, 2021], "description": "表格格式版本；不写则按年度：2019–2020 年用 2019 年版，2021 年起用 2021 年版"}),
            ),
            (
                "地区",
                json!({"type": "string", "description": "地区模板，如 shanghai、shandong；默认 default"}),
            ),
            (
                "标题",
                json!({"type": "string", "description": "报告标题；默认“{机关}{年度}年政府信息公开工作年度报告”"}),
            ),
            ("网址", json!({"type": "string", "description": "报告电子版的查阅网址"})),
            ("联系方式", object("联系方式", contacts, &[])),
            (
                "落款",
                object(
                    "落款",
                    vec![
                        ("单位", json!({"type": "string", "description": "署名单位"})),
                        ("日期", json!({"type": "string", "description": "成文日期，如 2024年1月16日"})),
                    ],
                    &[],
                ),
            ),
            (INTRO_KEY, prose("引言（按原文；不写时由模板生成）")),
            ("总体情况", prose("一、总体情况")),
            ("主动公开", proactive()),
            ("申请", requests()),
            ("复议诉讼", object("四、政府信息公开行政复议、行政诉讼情况", appeals, &[])),
            ("问题及改进", prose("五、存在的主要问题及改进情况")),
            ("其他事项", other()),
        ],
        &["机关", "年度", "总体情况", "主动公开", "申请", "复议诉讼", "问题及改进", "其他事项"],
    );
    root["$schema"] = json!("http://json-schema.org/draft-07/schema#");
    root["title"] = json!("xxgk 数据文件");
    root
}

/// The schema as pretty-printed JSON text.
pub fn schema_text() -> String {
    serde_json::to_string_pretty(&schema()).unwrap_or_default() + "\n"
}
