//! A report-shaped document for the Typst/PDF tests and benches: title, four heading levels,
//! several pages of body text, a run-in heading, a 10-column table shaped like section 三's
//! (3×3 note cell, a colspan-7 header, rowspan-2 headers, a rowspan-22 block label) and a
//! 15-column table shaped like section 四's, and a signature.

use xxgk::doc::{Block, Cell, CellRole, Document, Meta, Paragraph, Run, Table, TableKind};

/// Body text made of GB2312 hanzi, deterministic, without punctuation (so line fill is exact).
pub fn hanzi(n: usize, seed: usize) -> String {
    const POOL: &str = "政府信息公开工作年度报告根据中华人民共和国条例要求本机关编制现将有关情况说明如下主动依申请办理结果行政复议诉讼监督保障制度建设平台";
    let pool: Vec<char> = POOL.chars().collect();
    (0..n).map(|i| pool[(i * 7 + seed * 13) % pool.len()]).collect()
}

fn h(text: &str) -> Cell {
    Cell::new(text, CellRole::Header)
}

fn label(text: &str) -> Cell {
    Cell::new(text, CellRole::Label)
}

fn num(v: u32) -> Cell {
    Cell::new(v.to_string(), CellRole::Number)
}

/// Figures are unique (row * 100 + column) so their order can be checked in the output.
fn numbers(row: u32, count: u32) -> Vec<Cell> {
    (0..count).map(|c| num(1000 + row * 100 + c)).collect()
}

/// Row labels of the 办理结果 block, with their spans in the label columns (cols 1–2).
pub const RESULT_ROWS: &[&str] = &[
    "（一）予以公开",
    "（二）部分公开（区分处理的，只计这一情形，不计其他情形）",
    "1.属于国家秘密",
    "2.其他法律行政法规禁止公开",
    "3.危及“三安全一稳定”",
    "4.保护第三方合法权益",
    "5.属于三类内部事务信息",
    "6.属于四类过程性信息",
    "7.属于行政执法案卷",
    "8.属于行政查询事项",
];

pub fn requests_table() -> Table {
    let mut rows = vec![
        vec![
            h("（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）").span(3, 3),
            h("申请人情况").span(1, 7),
        ],
        vec![h("自然人").span(2, 1), h("法人或其他组织").span(1, 5), h("总计").span(2, 1)],
        vec![h("商业企业"), h("科研机构"), h("社会公益组织"), h("法律服务机构"), h("其他")],
    ];
    let mut first = vec![label("一、本年新收政府信息公开申请数量").span(1, 3)];
    first.extend(numbers(1, 7));
    rows.push(first);
    let mut second = vec![label("二、上年结转政府信息公开申请数量").span(1, 3)];
    second.extend(numbers(2, 7));
    rows.push(second);
    // 三、本年度办理结果: one label spanning every result row.
    let block_rows = 2 + 8; // 予以公开, 部分公开, then 8 rows of 不予公开
    for (i, text) in RESULT_ROWS.iter().enumerate() {
        let mut row = Vec::new();
        if i == 0 {
            row.push(label("三、本年度办理结果").span(block_rows, 1));
        }
        if i < 2 {
            row.push(label(text).span(1, 2));
        } else {
            if i == 2 {
                row.push(label("（三）不予公开").span(8, 1));
            }
            row.push(label(text));
        }
        row.extend(numbers(3 + i as u32, 7));
        rows.push(row);
    }
    let mut total = vec![label("四、结转下年度继续办理").span(1, 3)];
    total.extend(numbers(20, 7));
    rows.push(total);
    Table {
        kind: TableKind::Requests,
        widths: vec![1.6, 1.6, 3.4, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0],
        header_rows: 3,
        rows,
    }
}

pub fn appeals_table() -> Table {
    let mut third = Vec::new();
    for _ in 0..2 {
        for t in ["结果维持", "结果纠正", "其他结果", "尚未审结", "总计"] {
            third.push(h(t));
        }
    }
    let mut second: Vec<Cell> =
        ["结果维持", "结果纠正", "其他结果", "尚未审结", "总计"].iter().map(|t| h(t).span(2, 1)).collect();
    second.push(h("未经复议直接起诉").span(1, 5));
    second.push(h("复议后起诉").span(1, 5));
    Table {
        kind: TableKind::Appeals,
        widths: vec![1.0; 15],
        header_rows: 3,
        rows: vec![vec![h("行政复议").span(1, 5), h("行政诉讼").span(1, 10)], second, third, numbers(30, 15)],
    }
}

pub fn body_paragraphs(count: usize, chars: usize) -> Vec<Block> {
    (0..count).map(|i| Block::Paragraph(Paragraph::plain(hanzi(chars, i)))).collect()
}

/// The whole fixture report.
pub fn report() -> Document {
    let mut blocks = vec![
        Block::Title(vec!["某某市某某局".into(), "2023年政府信息公开工作年度报告".into()]),
        Block::Paragraph(Paragraph::plain(
            "本报告根据《中华人民共和国政府信息公开条例》（以下简称《条例》）和国务院办公厅政府信息与政务公开办公室有关要求编制。",
        )),
        Block::Heading { level: 1, text: "一、总体情况".into() },
        Block::Heading { level: 2, text: "（一）主动公开情况".into() },
        Block::Paragraph(Paragraph {
            runs: vec![Run::heading(3, "1.规章制度。"), Run::plain(hanzi(90, 1))]
        }),
        Block::Heading { level: 3, text: "2.政府信息管理".into() },
        Block::Heading { level: 4, text: "（1）制度建设".into() },
    ];
    blocks.extend(body_paragraphs(12, 230));
    blocks.push(Block::Heading {
        level: 1, text: "三、收到和处理政府信息公开申请情况".into()
    });
    blocks.push(Block::Table(requests_table()));
    blocks.push(Block::Heading {
        level: 1, text: "四、政府信息公开行政复议、行政诉讼情况".into()
    });
    blocks.push(Block::Table(appeals_table()));
    blocks.push(Block::Paragraph(Paragraph::plain(hanzi(120, 5))));
    blocks.push(Block::Signature { unit: "某某市某某局".into(), date: "2024年1月16日".into() });
    Document {
        meta: Meta {
            title: "某某市某某局2023年政府信息公开工作年度报告".into(),
            author: "某某市某某局".into(),
            language: "zh-CN".into(),
            draft: false,
        },
        blocks,
    }
}
