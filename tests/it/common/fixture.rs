//! Report-shaped documents for the PDF and DOCX tests and benches.
//!
//! - [`report`] (PDF): title, four heading levels, pages of punctuation-free body text (so line
//!   fill is exact), a run-in heading, tables 三 and 四, a signature.
//! - [`document`] (DOCX): the same parts with realistic sentences, and all three tables.
//!
//! The tables have the official shapes of the 2021 edition (国办公开办函〔2021〕30号; the book's
//! `book/src/data.md`, sections 二 to 四), with the same merged cells. Figures are distinct
//! four-digit numbers (2xxx in 二, 3xxx in 三, 4xxx in 四) so a test can tell that each one
//! survived, in order.

#![allow(dead_code)]

use xxgk::doc::{Block, Cell, CellRole, Document, Meta, Paragraph, Run, Table, TableKind};

/// Body text made of GB2312 hanzi, deterministic, without punctuation (so line fill is exact).
pub fn hanzi(n: usize, seed: usize) -> String {
    const POOL: &str = "政府信息公开工作年度报告根据中华人民共和国条例要求本机关编制现将有关情况说明如下主动依申请办理结果行政复议诉讼监督保障制度建设平台";
    let pool: Vec<char> = POOL.chars().collect();
    (0..n).map(|i| pool[(i * 7 + seed * 13) % pool.len()]).collect()
}

pub fn body_paragraphs(count: usize, chars: usize) -> Vec<Block> {
    (0..count).map(|i| Block::Paragraph(Paragraph::plain(hanzi(chars, i)))).collect()
}

pub const UNIT: &str = "某某市某某区人民政府办公室";
pub const DATE: &str = "2024年1月16日";
pub const INTRO_HEADINGS: [(u8, &str); 4] =
    [(1, "一、总体情况"), (2, "（一）主动公开情况"), (3, "1.平台建设"), (4, "（1）网站集约化建设")];

/// A body paragraph of about `sentences` × 40 characters, different for each `seed`.
pub fn long_text(seed: usize, sentences: usize) -> String {
    const PARTS: [&str; 6] = [
        "本机关坚持以公开为常态、不公开为例外，围绕中心工作稳步推进政务公开",
        "全年在政府门户网站累计发布政务信息并及时更新法定主动公开内容",
        "进一步规范政府信息公开申请的受理、登记、办理和答复流程",
        "严格落实公开属性源头认定和保密审查制度，确保公开内容合法规范",
        "通过政策解读、在线访谈和新闻发布会等方式回应社会关切",
        "加强工作人员业务培训，提升依申请公开办理质量和答复规范化水平",
    ];
    let mut s = String::new();
    for i in 0..sentences {
        s.push_str(PARTS[(seed + i) % PARTS.len()]);
        s.push_str(&format!("，第{}项工作按期完成。", seed * 100 + i + 1));
    }
    s
}

fn h(text: &str) -> Cell {
    Cell::new(text, CellRole::Header)
}

fn label(text: &str) -> Cell {
    Cell::new(text, CellRole::Label)
}

fn num(n: usize) -> Cell {
    Cell::new(n.to_string(), CellRole::Number)
}

/// Section 二's shape: caption rows across all four columns, header rows, figures.
pub fn proactive_table() -> Table {
    let cap = |t: &str| Cell::new(t, CellRole::Caption).span(1, 4);
    let mut n = 2000;
    let mut next = || {
        n += 1;
        num(n)
    };
    let rows = vec![
        vec![cap("第二十条第（一）项")],
        vec![h("信息内容"), h("本年制发件数"), h("本年废止件数"), h("现行有效件数")],
        vec![label("规章"), next(), next(), next()],
        vec![label("行政规范性文件"), next(), next(), next()],
        vec![cap("第二十条第（五）项")],
        vec![h("信息内容"), h("本年处理决定数量").span(1, 3)],
        vec![label("行政许可"), next().span(1, 3)],
        vec![cap("第二十条第（八）项")],
        vec![h("信息内容"), h("本年收费金额（单位：万元）").span(1, 3)],
        vec![label("行政事业性收费"), Cell::new("7730.28", CellRole::Number).span(1, 3)],
    ];
    Table { kind: TableKind::Proactive, widths: vec![3.0, 2.0, 2.0, 2.0], header_rows: 0, rows }
}

/// Section 三's shape: 3 label columns + 7 data columns, 3 header rows, 25 data rows.
pub fn requests_table() -> Table {
    let mut rows: Vec<Vec<Cell>> = vec![
        vec![
            h("（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）").span(3, 3),
            h("申请人情况").span(1, 7),
        ],
        vec![h("自然人").span(2, 1), h("法人或其他组织").span(1, 5), h("总计").span(2, 1)],
        vec![h("商业企业"), h("科研机构"), h("社会公益组织"), h("法律服务机构"), h("其他")],
    ];
    // (labels that start in this row) for the 25 data rows.
    let body: Vec<Vec<Cell>> = vec![
        vec![label("一、本年新收政府信息公开申请数量").span(1, 3)],
        vec![label("二、上年结转政府信息公开申请数量").span(1, 3)],
        vec![label("三、本年度办理结果").span(22, 1), label("（一）予以公开").span(1, 2)],
        vec![label("（二）部分公开（区分处理的，只计这一情形，不计其他情形）").span(1, 2)],
        vec![label("（三）不予公开").span(8, 1), label("1.属于国家秘密")],
        vec![label("2.其他法律行政法规禁止公开")],
        vec![label("3.危及“三安全一稳定”")],
        vec![label("4.保护第三方合法权益")],
        vec![label("5.属于三类内部事务信息")],
        vec![label("6.属于四类过程性信息")],
        vec![label("7.属于行政执法案卷")],
        vec![label("8.属于行政查询事项")],
        vec![label("（四）无法提供").span(3, 1), label("1.本机关不掌握相关政府信息")],
        vec![label("2.没有现成信息需要另行制作")],
        vec![label("3.补正后申请内容仍不明确")],
        vec![label("（五）不予处理").span(5, 1), label("1.信访举报投诉类申请")],
        vec![label("2.重复申请")],
        vec![label("3.要求提供公开出版物")],
        vec![label("4.无正当理由大量反复申请")],
        vec![label("5.要求行政机关确认或重新出具已获取信息")],
        vec![
            label("（六）其他处理").span(3, 1),
            label("1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请"),
        ],
        vec![label("2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请")],
        vec![label("3.其他")],
        vec![label("（七）总计").span(1, 2)],
        vec![label("四、结转下年度继续办理").span(1, 3)],
    ];
    let mut n = 3000;
    for mut row in body {
        for _ in 0..7 {
            n += 1;
            row.push(num(n));
        }
        rows.push(row);
    }
    let mut widths = vec![11.0, 15.0, 46.0];
    widths.extend([12.0; 7]);
    Table { kind: TableKind::Requests, widths, header_rows: 3, rows }
}

/// Section 四's shape: 15 data columns under three header rows.
pub fn appeals_table() -> Table {
    let results = ["结果维持", "结果纠正", "其他结果", "尚未审结", "总计"];
    let mut h2: Vec<Cell> = results.iter().map(|t| h(t).span(2, 1)).collect();
    h2.push(h("未经复议直接起诉").span(1, 5));
    h2.push(h("复议后起诉").span(1, 5));
    let h3: Vec<Cell> = results.iter().chain(results.iter()).map(|t| h(t)).collect();
    let data: Vec<Cell> = (4001..=4015).map(num).collect();
    Table {
        kind: TableKind::Appeals,
        widths: vec![1.0; 15],
        header_rows: 3,
        rows: vec![vec![h("行政复议").span(1, 5), h("行政诉讼").span(1, 10)], h2, h3, data],
    }
}

/// Headings 三 and 四, each followed by its table.
fn sections_three_and_four() -> [Block; 4] {
    [
        Block::Heading { level: 1, text: "三、收到和处理政府信息公开申请情况".into() },
        Block::Table(requests_table()),
        Block::Heading { level: 1, text: "四、政府信息公开行政复议、行政诉讼情况".into() },
        Block::Table(appeals_table()),
    ]
}

pub fn document() -> Document {
    let mut blocks = vec![
        Block::Title(vec!["某某市某某区人民政府".into(), "2023年政府信息公开工作年度报告".into()]),
        Block::Paragraph(Paragraph::plain(long_text(0, 4))),
    ];
    for (level, text) in INTRO_HEADINGS {
        blocks.push(Block::Heading { level, text: text.into() });
    }
    // Several pages of plain body text: pages 2 and 3 hold nothing else.
    for seed in 1..=8 {
        blocks.push(Block::Paragraph(Paragraph::plain(long_text(seed, 9))));
    }
    blocks.push(Block::Paragraph(Paragraph {
        runs: vec![Run::heading(3, "2.制度建设。"), Run::plain(long_text(9, 2))],
    }));
    blocks.push(Block::Heading { level: 1, text: "二、主动公开政府信息情况".into() });
    blocks.push(Block::Table(proactive_table()));
    blocks.extend(sections_three_and_four());
    blocks.push(Block::Heading { level: 1, text: "五、存在的主要问题及改进情况".into() });
    blocks.push(Block::Paragraph(Paragraph::plain(long_text(10, 3))));
    blocks.push(Block::Signature { unit: UNIT.into(), date: DATE.into() });
    Document {
        meta: Meta {
            title: "某某市某某区人民政府2023年政府信息公开工作年度报告".into(),
            author: UNIT.into(),
            language: "zh-CN".into(),
            draft: false,
        },
        blocks,
    }
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
    blocks.extend(sections_three_and_four());
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
