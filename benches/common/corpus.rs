#![allow(dead_code)] // each bench uses a part of it

//! Distinct reports for the benches and `scripts/bench.sh`: every data file has its own agency,
//! year, prose and figures, so that no cache (typst's memoisation, shaping, templates) can serve one
//! report from the work done for another, as in a real batch of a province's agencies.
//!
//! The reports cycle through four kinds: 2021 edition short, 2019 edition short, 2021 edition long,
//! 2019 edition long (a long report has about five times the prose, several pages). Each one passes
//! `xxgk check` without errors: table 三 is generated column by column so that 本年新收 + 上年结转 =
//! 总计 + 结转下年度, and the prose states the figures of the tables.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

/// Writes data files `0..count` into `dir` (file names `报告{i}.yaml`) and returns their paths.
pub fn write_corpus(dir: &Path, count: usize) -> Vec<PathBuf> {
    (0..count)
        .map(|i| {
            let path = dir.join(format!("报告{i}.yaml"));
            std::fs::write(&path, report(i)).expect("write corpus file");
            path
        })
        .collect()
}

/// The text of data file `i`: the same `i` always gives the same file.
pub fn report(i: usize) -> String {
    let mut rng = Rng(0x9e37_79b9_7f4a_7c15 ^ (i as u64).wrapping_mul(0x2545_f491_4f6c_dd1d));
    let edition_2021 = i.is_multiple_of(2);
    let long = i % 4 >= 2;
    let agency = agency(i);
    let year = if edition_2021 { 2021 + (i / 4 % 4) as u32 } else { 2019 + (i / 4 % 2) as u32 };
    let table = Applications::generate(&mut rng, edition_2021);
    let mut out = String::with_capacity(8 * 1024);
    let _ = writeln!(out, "# 基准测试用的生成报告 {i}（数据虚构，各表与正文一致）。");
    let _ = writeln!(out, "机关: {}", agency.name);
    let _ = writeln!(out, "年度: {year}");
    if edition_2021 {
        let _ = writeln!(out, "网址: https://www.{}.example.gov.cn/zfxxgk/ndbg/", agency.domain);
        let _ = writeln!(
            out,
            "联系方式:\n  地址: {}人民路{}号\n  电话: 0712-{}",
            agency.place,
            1 + i % 300,
            1_000_000 + i % 9_000_000
        );
        let _ = writeln!(out, "落款:\n  单位: {}\n  日期: {}-01-{:02}", agency.name, year + 1, 5 + i % 20);
    }
    out.push_str("\n总体情况: |\n");
    overview(&mut out, &mut rng, &agency, year, &table, long);
    out.push('\n');
    active(&mut out, &mut rng, edition_2021);
    out.push('\n');
    table.write(&mut out, edition_2021);
    out.push_str("\n问题及改进: |\n");
    problems(&mut out, &mut rng, year, long);
    if edition_2021 {
        let fee = [0, 0, 0, 120, 200, 350][rng.below(6) as usize];
        let _ = writeln!(out, "\n其他事项:\n  信息处理费: {fee}");
        let _ = writeln!(out, "  工作要点落实: |\n    {}", pick(&mut rng, OTHER_SENTENCES));
        let _ = writeln!(
            out,
            "  建议提案办理: |\n    全年承办人大代表建议{}件、政协提案{}件，办理结果均已按要求公开。",
            5 + rng.below(80),
            5 + rng.below(90)
        );
        let _ = writeln!(out, "  工作创新: |\n    {}", pick(&mut rng, OTHER_SENTENCES));
    } else {
        let _ = writeln!(out, "\n其他事项: |\n  {}", pick(&mut rng, OTHER_SENTENCES));
    }
    out
}

struct Agency {
    name: String,
    place: String,
    domain: String,
}

const PLACE_FIRST: &[&str] = &[
    "临", "青", "白", "东", "西", "南", "北", "长", "永", "安", "宁", "平", "新", "云", "清", "华", "丰",
    "兴", "泰", "明", "江", "山", "河", "金", "玉", "龙", "凤", "嘉", "德", "恩",
];
const PLACE_SECOND: &[&str] = &[
    "江", "山", "沙", "湖", "阳", "川", "宁", "源", "和", "丰", "城", "林", "溪", "桥", "台", "乐", "州",
    "原", "康", "泉",
];
const PLACE_KIND: &[&str] = &["县", "区", "市"];
const AGENCY_KIND: &[&str] = &[
    "人民政府",
    "教育局",
    "财政局",
    "自然资源局",
    "生态环境局",
    "卫生健康委员会",
    "市场监督管理局",
    "交通运输局",
    "住房和城乡建设局",
    "农业农村局",
    "人力资源和社会保障局",
    "民政局",
    "应急管理局",
    "文化旅游体育局",
];

/// A distinct agency for every `i` below 25,200 (places × kinds of agency).
fn agency(i: usize) -> Agency {
    let places = PLACE_FIRST.len() * PLACE_SECOND.len() * PLACE_KIND.len();
    // A prime stride, so that neighbouring reports differ in both characters of the place.
    let p = i * 7919 % places;
    let place = format!(
        "{}{}{}",
        PLACE_FIRST[p % PLACE_FIRST.len()],
        PLACE_SECOND[p / PLACE_FIRST.len() % PLACE_SECOND.len()],
        PLACE_KIND[p / (PLACE_FIRST.len() * PLACE_SECOND.len())]
    );
    let kind = AGENCY_KIND[(i / places + i) % AGENCY_KIND.len()];
    Agency { name: format!("{place}{kind}"), domain: format!("a{i}"), place }
}

/// Table 三: six applicant columns, each row generated so that the sums hold.
struct Applications {
    /// Leaf rows in the order of the data file, per column.
    leaves: Vec<[u64; 6]>,
    carried_in: [u64; 6],
    carried_out: [u64; 6],
    /// 行政复议, 未经复议直接起诉, 复议后起诉: [维持, 纠正, 其他, 尚未审结].
    reviews: [[u64; 4]; 3],
}

/// The leaf rows of 三 (label, group) in data-file order; 其他处理 has three rows in 2021 only.
const LEAVES: &[(&str, &str)] = &[
    ("予以公开", ""),
    ("部分公开", ""),
    ("属于国家秘密", "不予公开"),
    ("其他法律行政法规禁止公开", "不予公开"),
    ("危及三安全一稳定", "不予公开"),
    ("保护第三方合法权益", "不予公开"),
    ("属于三类内部事务信息", "不予公开"),
    ("属于四类过程性信息", "不予公开"),
    ("属于行政执法案卷", "不予公开"),
    ("属于行政查询事项", "不予公开"),
    ("本机关不掌握相关政府信息", "无法提供"),
    ("没有现成信息需要另行制作", "无法提供"),
    ("补正后申请内容仍不明确", "无法提供"),
    ("信访举报投诉类申请", "不予处理"),
    ("重复申请", "不予处理"),
    ("要求提供公开出版物", "不予处理"),
    ("无正当理由大量反复申请", "不予处理"),
    ("要求行政机关确认或重新出具已获取信息", "不予处理"),
    ("逾期不补正", "其他处理"),
    ("逾期未缴费", "其他处理"),
    ("其他", "其他处理"),
];

impl Applications {
    fn generate(rng: &mut Rng, edition_2021: bool) -> Self {
        // Natural persons apply most; some agencies receive almost nothing.
        let scale = [40, 12, 3, 2, 3, 4];
        let busy = 1 + rng.below(6);
        let leaves = LEAVES
            .iter()
            .enumerate()
            .map(|(row, (_, group))| {
                let weight = match (row, *group) {
                    (0, _) => 6,
                    (1, _) | (10, _) => 2,
                    (_, "其他处理") if !edition_2021 && row > 18 => 0,
                    _ => 1,
                };
                std::array::from_fn(|c| {
                    let most = scale[c] * weight * busy / 6;
                    if most == 0 || rng.below(3) == 0 { 0 } else { rng.below(most + 1) }
                })
            })
            .collect();
        let carried_in = std::array::from_fn(|c| rng.below(1 + scale[c] / 8));
        let carried_out = std::array::from_fn(|c| rng.below(1 + scale[c] / 8));
        let mut reviews: [[u64; 4]; 3] =
            std::array::from_fn(|_| std::array::from_fn(|k| rng.below([4, 2, 2, 2][k])));
        // Suits after a review come from reviews decided this year.
        reviews[2] = std::array::from_fn(|k| if k < 3 { rng.below(reviews[0][k] + 1) } else { 0 });
        Applications { leaves, carried_in, carried_out, reviews }
    }

    fn total(&self, c: usize) -> u64 {
        self.leaves.iter().map(|row| row[c]).sum()
    }

    /// 本年新收 per column: 总计 + 结转下年度 − 上年结转, raised where that would go below zero.
    fn received(&self, c: usize) -> u64 {
        (self.total(c) + self.carried_out[c]).saturating_sub(self.carried_in[c])
    }

    fn carried_in(&self, c: usize) -> u64 {
        self.carried_in[c].min(self.total(c) + self.carried_out[c])
    }

    fn group(&self, group: &str) -> u64 {
        LEAVES
            .iter()
            .zip(&self.leaves)
            .filter(|((label, g), _)| *g == group || (g.is_empty() && *label == group))
            .map(|(_, row)| row.iter().sum::<u64>())
            .sum()
    }

    fn sum(&self, f: impl Fn(&Self, usize) -> u64) -> u64 {
        (0..6).map(|c| f(self, c)).sum()
    }

    fn write(&self, out: &mut String, edition_2021: bool) {
        let row = |values: &mut dyn Iterator<Item = u64>| {
            let v: Vec<String> = values.map(|v| v.to_string()).collect();
            format!("[{}]", v.join(", "))
        };
        out.push_str("申请:\n");
        let _ = writeln!(out, "  本年新收: {}", row(&mut (0..6).map(|c| self.received(c))));
        let _ = writeln!(out, "  上年结转: {}", row(&mut (0..6).map(|c| self.carried_in(c))));
        let mut open = "";
        for ((label, group), values) in LEAVES.iter().zip(&self.leaves) {
            if *group == "其他处理" && !edition_2021 {
                if *label == "逾期不补正" {
                    let merged =
                        std::array::from_fn::<u64, 6, _>(|c| self.leaves[18..].iter().map(|r| r[c]).sum());
                    let _ = writeln!(out, "  其他处理: {}", row(&mut merged.into_iter()));
                }
                continue;
            }
            if group.is_empty() {
                let _ = writeln!(out, "  {label}: {}", row(&mut values.iter().copied()));
                continue;
            }
            if *group != open {
                let _ = writeln!(out, "  {group}:");
                open = group;
            }
            let _ = writeln!(out, "    {label}: {}", row(&mut values.iter().copied()));
        }
        let totals: Vec<u64> = (0..6).map(|c| self.total(c)).collect();
        let all: u64 = totals.iter().sum();
        let _ = writeln!(out, "  总计: {}", row(&mut totals.into_iter().chain([all])));
        let _ = writeln!(out, "  结转下年度: {}", row(&mut self.carried_out.iter().copied()));
        out.push_str("\n复议诉讼:\n");
        for (label, values) in ["行政复议", "未经复议直接起诉", "复议后起诉"].iter().zip(&self.reviews)
        {
            let _ = writeln!(out, "  {label}: {}", row(&mut values.iter().copied()));
        }
    }
}

fn overview(out: &mut String, rng: &mut Rng, agency: &Agency, year: u32, t: &Applications, long: bool) {
    let short_name = agency.name.trim_start_matches(&agency.place);
    let _ = writeln!(
        out,
        "  {year}年，{}{}认真贯彻落实《中华人民共和国政府信息公开条例》，{}",
        agency.place,
        short_name,
        pick(rng, OPENINGS)
    );
    let sections =
        ["主动公开情况", "依申请公开情况", "政府信息管理情况", "政府信息公开平台建设情况", "监督保障情况"];
    for (n, title) in sections.iter().enumerate() {
        let _ = write!(out, "  （{}）{title}。", NUMERALS[n]);
        match n {
            0 => {
                let _ = write!(
                    out,
                    "全年主动公开政府信息{}条，其中政策文件{}条，工作动态{}条。",
                    100 + rng.below(3000),
                    rng.below(90),
                    rng.below(900)
                );
            }
            1 => {
                let (new, cin, cout) = (
                    t.sum(Applications::received),
                    t.sum(Applications::carried_in),
                    t.sum(|t, c| t.carried_out[c]),
                );
                let _ = write!(
                    out,
                    "全年收到政府信息公开申请{new}件，上年结转{cin}件。办结申请{}件，",
                    t.sum(Applications::total)
                );
                let _ = write!(
                    out,
                    "其中予以公开{}件，部分公开{}件，不予公开{}件，无法提供{}件，不予处理{}件，其他处理{}件；结转下年度继续办理{cout}件。",
                    t.group("予以公开"),
                    t.group("部分公开"),
                    t.group("不予公开"),
                    t.group("无法提供"),
                    t.group("不予处理"),
                    t.group("其他处理")
                );
                let review: u64 = t.reviews[0].iter().sum();
                let suits: u64 = t.reviews[1].iter().chain(&t.reviews[2]).sum();
                let _ = write!(out, "因政府信息公开工作被申请行政复议{review}件，被提起行政诉讼{suits}件。");
            }
            _ => {}
        }
        let sentences = if long { 6 + rng.below(6) } else { 1 + rng.below(2) };
        for _ in 0..sentences {
            out.push_str(pick(rng, BODY_SENTENCES));
        }
        out.push('\n');
        if long {
            for _ in 0..3 + rng.below(3) {
                out.push_str("  ");
                for _ in 0..3 + rng.below(4) {
                    out.push_str(pick(rng, BODY_SENTENCES));
                }
                out.push('\n');
            }
        }
    }
}

fn problems(out: &mut String, rng: &mut Rng, year: u32, long: bool) {
    let _ = writeln!(
        out,
        "  （一）上年度问题整改情况\n  针对{}年度报告中提出的问题，{}",
        year - 1,
        pick(rng, OTHER_SENTENCES)
    );
    let _ = writeln!(out, "  （二）存在的主要问题\n  {}", pick(rng, PROBLEMS));
    let _ = write!(out, "  （三）改进措施\n  ");
    for _ in 0..if long { 8 } else { 2 } {
        out.push_str(pick(rng, BODY_SENTENCES));
    }
    out.push('\n');
}

fn active(out: &mut String, rng: &mut Rng, edition_2021: bool) {
    out.push_str("主动公开:\n");
    if edition_2021 {
        let (made, dropped) = (rng.below(12), rng.below(4));
        out.push_str("  规章: {本年制发: 0, 本年废止: 0, 现行有效: 0}\n");
        let _ = writeln!(
            out,
            "  行政规范性文件: {{本年制发: {made}, 本年废止: {dropped}, 现行有效: {}}}",
            made + rng.below(40)
        );
        let _ = writeln!(out, "  行政许可: {}", rng.below(3000));
        let _ = writeln!(out, "  行政处罚: {}", rng.below(800));
        let _ = writeln!(out, "  行政强制: {}", rng.below(40));
        let _ = writeln!(out, "  行政事业性收费: {}.{:02}", rng.below(900), rng.below(100));
    } else {
        out.push_str("  规章: {本年新制作: 0, 本年新公开: 0, 对外公开总数: 0}\n");
        let made = rng.below(6);
        let _ = writeln!(
            out,
            "  规范性文件: {{本年新制作: {made}, 本年新公开: {made}, 对外公开总数: {}}}",
            made + rng.below(30)
        );
        for label in ["行政许可", "其他对外管理服务事项", "行政处罚", "行政强制"] {
            let before = rng.below(20);
            let change = rng.below(2 * before + 1) as i64 - before as i64;
            let _ = writeln!(
                out,
                "  {label}: {{上一年项目数量: {before}, 本年增减: {change}, 处理决定数量: {}}}",
                rng.below(600)
            );
        }
        let _ = writeln!(out, "  行政事业性收费: {{上一年项目数量: {}, 本年增减: 0}}", rng.below(5));
        let _ = writeln!(
            out,
            "  政府集中采购: {{采购项目数量: {}, 采购总金额: {}}}",
            rng.below(30),
            rng.below(500_000)
        );
    }
}

const NUMERALS: &[&str] = &["一", "二", "三", "四", "五", "六"];

const OPENINGS: &[&str] = &[
    "坚持以公开为常态、不公开为例外，持续深化政务公开。",
    "围绕中心工作，全面推进决策、执行、管理、服务、结果公开。",
    "以群众需求为导向，不断提升政务公开的质量和实效。",
    "把政务公开作为建设法治政府的重要抓手，各项工作有序推进。",
];

const BODY_SENTENCES: &[&str] = &[
    "严格落实公开前保密审查制度，做到应公开尽公开。",
    "及时更新政府信息公开指南和目录，方便群众查询。",
    "加强政策解读，采用图解、视频等形式解读重要政策文件。",
    "依托门户网站和政务新媒体同步发布各类信息，扩大信息覆盖面。",
    "健全依申请公开受理、登记、审查、答复全流程管理。",
    "组织政务公开业务培训，提高工作人员的业务能力。",
    "开展政务公开第三方评议，广泛听取社会各方面意见。",
    "将政务公开工作纳入年度绩效考核，压实工作责任。",
    "规范政府信息发布审核流程，确保信息准确、及时、完整。",
    "推进重点领域信息公开，主动回应社会关切。",
    "在政务服务中心设立政务公开专区，提供查阅和咨询服务。",
    "清理规范性文件，及时公开清理结果。",
    "完善政务公开考核评价机制，定期通报各单位工作情况。",
    "做好人大代表建议和政协提案办理结果公开工作。",
    "强化网站内容保障，对栏目进行全面检查和整改。",
    "按照“谁公开、谁审查、谁负责”的原则，层层落实审查责任。",
];

const PROBLEMS: &[&str] = &[
    "一是部分单位信息发布不够及时；二是依申请公开答复的规范性有待提高。",
    "一是政策解读形式仍较单一；二是基层政务公开标准化规范化建设有待加强。",
    "一是信息公开的深度和广度还需拓展；二是工作人员业务水平参差不齐。",
];

const OTHER_SENTENCES: &[&str] = &[
    "按照上级年度政务公开工作要点，逐项明确责任单位和完成时限，各项任务均已落实。",
    "建立信息发布提醒和通报制度，按季度通报各单位信息发布情况，已完成整改。",
    "在政务服务中心设立政务公开专区，提供政府信息查阅、政策咨询等服务。",
    "无。",
];

fn pick<'a>(rng: &mut Rng, from: &[&'a str]) -> &'a str {
    from[rng.below(from.len() as u64) as usize]
}

/// SplitMix64: a fixed, dependency-free sequence, so that a corpus is the same on every machine.
struct Rng(u64);

impl Rng {
    fn below(&mut self, n: u64) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        (z ^ (z >> 31)) % n.max(1)
    }
}
