//! Loading and checking: every rule fires on a broken file and stays quiet on a good one; every bad
//! input gets its line, column and message; the property that consistent reports pass and any one
//! changed cell of table 三 or 四 is caught.

use proptest::prelude::*;
use xxgk::check::check;
use xxgk::diag::{Finding, Rule, Severity};
use xxgk::load::load_str;

/// A valid 2021 report with the given table 三 rows (24 rows of six) and table 四 groups (3 × 4).
fn report_2021(agency: &str, rows: &[[u64; 6]], appeals: &[[u64; 4]; 3], totals: bool) -> String {
    let defs = xxgk::model::t3_rows(xxgk::model::Edition::E2021);
    assert_eq!(rows.len(), defs.len());
    let fmt_row = |r: &[u64; 6]| {
        let mut v: Vec<String> = r.iter().map(u64::to_string).collect();
        if totals {
            v.push(r.iter().sum::<u64>().to_string());
        }
        format!("[{}]", v.join(", "))
    };
    let mut s = format!(
        "机关: {agency}\n年度: 2022\n总体情况: |\n  本年度工作情况。\n主动公开:\n  规章: {{本年制发: 0, 本年废止: 0, 现行有效: 0}}\n  \
         行政规范性文件: {{本年制发: 1, 本年废止: 0, 现行有效: 3}}\n  行政许可: 5\n  行政处罚: 2\n  行政强制: 0\n  行政事业性收费: 1.5\n申请:\n"
    );
    let mut group = None;
    for (def, row) in defs.iter().zip(rows) {
        if def.group != group {
            if let Some(g) = def.group {
                s += &format!("  {g}:\n");
            }
            group = def.group;
        }
        let indent = if def.group.is_some() { "    " } else { "  " };
        s += &format!("{indent}{}: {}\n", def.key, fmt_row(row));
    }
    s += "复议诉讼:\n";
    for (g, key) in appeals.iter().zip(["行政复议", "未经复议直接起诉", "复议后起诉"]) {
        let mut v: Vec<String> = g.iter().map(u64::to_string).collect();
        if totals {
            v.push(g.iter().sum::<u64>().to_string());
        }
        s += &format!("  {key}: [{}]\n", v.join(", "));
    }
    s += "问题及改进: |\n  存在问题。上年度问题已整改。\n其他事项:\n  信息处理费: 0\n";
    s += "  工作要点落实: 无。\n  建议提案办理: 无。\n  工作创新: 无。\n";
    s
}

fn zero_rows() -> Vec<[u64; 6]> {
    vec![[0; 6]; 24]
}

fn findings(text: &str) -> Vec<Finding> {
    match load_str(text) {
        Ok(r) => check(&r, None),
        Err(f) => f,
    }
}

fn rules(text: &str) -> Vec<Rule> {
    findings(text).iter().map(|f| f.rule).collect()
}

fn only(text: &str, rule: Rule) -> Finding {
    let f = findings(text);
    let errs: Vec<&Finding> = f.iter().filter(|f| f.severity != Severity::Info).collect();
    assert_eq!(errs.len(), 1, "expected only {rule}, got {f:#?}");
    assert_eq!(errs[0].rule, rule, "{f:#?}");
    errs[0].clone()
}

#[test]
fn consistent_report_is_clean() {
    let mut rows = zero_rows();
    rows[0] = [3, 1, 0, 0, 0, 0]; // 新收
    rows[1] = [1, 0, 0, 0, 0, 0]; // 上年结转
    rows[2] = [2, 1, 0, 0, 0, 0]; // 予以公开
    rows[23] = [2, 0, 0, 0, 0, 0]; // 结转下年度
    let text = report_2021("某某市某某局", &rows, &[[1, 0, 0, 0], [0; 4], [0; 4]], true);
    assert_eq!(rules(&text), Vec::<Rule>::new());
}

#[test]
fn t3_ident_names_the_column_and_both_sides() {
    let mut rows = zero_rows();
    rows[0] = [0, 0, 2, 0, 0, 0];
    rows[2] = [0, 0, 1, 0, 0, 0];
    let text = report_2021("某某市某某局", &rows, &[[0; 4]; 3], false);
    let f = only(&text, Rule::T3Ident);
    assert_eq!(f.severity, Severity::Error);
    assert_eq!(
        f.message,
        "“科研机构”列：本年新收(2) + 上年结转(0) = 2，但办理结果总计(1) + 结转下年度(0) = 1"
    );
    let line = text.lines().position(|l| l.starts_with("  本年新收")).unwrap() as u32 + 1;
    assert_eq!(f.pos.unwrap().line, line);
    assert_eq!(f.pos.unwrap().col, 16, "points at the 科研机构 value");
}

#[test]
fn t3_row_total_and_r7_sum() {
    let text = report_2021("某某市某某局", &zero_rows(), &[[0; 4]; 3], false)
        .replace("  本年新收: [0, 0, 0, 0, 0, 0]", "  本年新收: [1, 0, 0, 0, 0, 0, 2]")
        .replace("  予以公开: [0, 0, 0, 0, 0, 0]", "  予以公开: [1, 0, 0, 0, 0, 0]");
    let f = only(&text, Rule::T3RowTot);
    assert!(f.message.contains("总计填为 2，但六类申请人之和为 1 + 0 + 0 + 0 + 0 + 0 = 1"), "{}", f.message);

    let text = report_2021("某某市某某局", &zero_rows(), &[[0; 4]; 3], false)
        .replace("  结转下年度:", "  总计: [0, 1, 0, 0, 0, 0]\n  结转下年度:");
    let f = only(&text, Rule::T3R7Sum);
    assert!(f.message.contains("“商业企业”列：（七）总计填为 1，但21项办理结果之和为 0"), "{}", f.message);
}

#[test]
fn t4_sums() {
    for (i, rule) in [Rule::T4RvSum, Rule::T4LdSum, Rule::T4LrSum].into_iter().enumerate() {
        // Two concluded reviews, so that suits after review do not outnumber them (T4-LR-LE-RV).
        let mut groups = [[2u64, 0, 0, 0], [0; 4], [0; 4]];
        groups[i] = [1, 1, 0, 0];
        let text = report_2021("某某市某某局", &zero_rows(), &groups, true);
        let key = ["行政复议", "未经复议直接起诉", "复议后起诉"][i];
        let text = text.replace(&format!("{key}: [1, 1, 0, 0, 2]"), &format!("{key}: [1, 1, 0, 0, 3]"));
        let f = only(&text, rule);
        assert!(
            f.message.contains("总计填为 3，但结果维持(1) + 结果纠正(1) + 其他结果(0) + 尚未审结(0) = 2"),
            "{}",
            f.message
        );
    }
}

#[test]
fn t2_rules() {
    // A report of `agency` that made one 规章, with `valid` in force.
    let with_rules = |agency: &str, valid: u32| {
        report_2021(agency, &zero_rows(), &[[0; 4]; 3], false).replace(
            "规章: {本年制发: 0, 本年废止: 0, 现行有效: 0}",
            &format!("规章: {{本年制发: 1, 本年废止: 0, 现行有效: {valid}}}"),
        )
    };
    let f = only(&with_rules("某某县人民政府", 1), Rule::T2RegPower);
    assert_eq!(f.severity, Severity::Error);
    let f = only(&with_rules("某某县教育局", 1), Rule::T2RegPower);
    assert_eq!(f.severity, Severity::Warning);
    // A city government may make 规章: quiet.
    assert!(rules(&with_rules("某某市人民政府", 4)).is_empty());

    let base = report_2021("某某县人民政府", &zero_rows(), &[[0; 4]; 3], false);
    only(
        &base.replace(
            "行政规范性文件: {本年制发: 1, 本年废止: 0, 现行有效: 3}",
            "行政规范性文件: {本年制发: 4, 本年废止: 0, 现行有效: 3}",
        ),
        Rule::T2ValidGeMade,
    );
    let f = only(&base.replace("行政事业性收费: 1.5", "行政事业性收费: 1250000"), Rule::T2FeeUnit);
    assert!(f.message.contains("万元"));
}

#[test]
fn t2_cols_2021_warns_on_old_tables_for_new_years() {
    let text = filled(&xxgk::init::data_file(2019, "某某市某某局"))
        .replace("年度: 2019", "年度: 2022\n格式: 2019")
        .replace("2020年1月20日", "2023年1月20日");
    let f = only(&text, Rule::T2Cols2021);
    assert_eq!(f.severity, Severity::Warning);
    assert_eq!(f.pos.unwrap().line, text.lines().position(|l| l.starts_with("格式")).unwrap() as u32 + 1);
}

#[test]
fn sections_five_and_six() {
    let base = report_2021("某某市某某局", &zero_rows(), &[[0; 4]; 3], false);
    only(&base.replace("存在问题。上年度问题已整改。", "无。"), Rule::SSec5);
    only(&base.replace("存在问题。上年度问题已整改。", "存在问题。"), Rule::SSec5);
    let six = "其他事项:\n  信息处理费: 0\n  工作要点落实: 无。\n  建议提案办理: 无。\n  工作创新: 无。\n";
    let topics = "没有需要报告的工作要点落实、建议提案办理和工作创新情况。";
    only(&base.replace(six, &format!("其他事项: |\n  {topics}\n")), Rule::SSec6Fee);
    assert!(
        rules(&base.replace(six, &format!("其他事项: |\n  本年度未收取信息处理费。{topics}\n"))).is_empty()
    );
    // S-SEC6-TOPICS names the topics that are neither keyed nor mentioned.
    let f = findings(&base.replace(six, "其他事项: |\n  本年度未收取信息处理费。推进政务公开工作创新。\n"));
    assert_eq!(
        f.iter().map(|f| (f.rule, f.severity)).collect::<Vec<_>>(),
        vec![(Rule::SSec6Topics, Severity::Info)]
    );
    assert!(
        f[0].message
            .contains("落实上级年度政务公开工作要点情况；人大代表建议和政协提案办理结果公开情况；没有"),
        "{}",
        f[0].message
    );
}

#[test]
fn prose_numbers_against_tables() {
    let mut rows = zero_rows();
    rows[0] = [12, 3, 1, 0, 0, 1];
    rows[1] = [1, 0, 0, 0, 0, 0];
    rows[2] = [6, 1, 0, 0, 0, 0];
    rows[12] = [6, 2, 1, 0, 0, 1]; // 无法提供·本机关不掌握
    rows[23] = [1, 0, 0, 0, 0, 0];
    let base = report_2021("某某市某某局", &rows, &[[1, 0, 0, 0], [0, 0, 0, 1], [0; 4]], false);
    let good = "本年度共收到政府信息公开申请17件，上年结转1件。予以公开7件，无法提供10件，结转下年度继续办理1件。发生行政复议1件，行政诉讼1件。";
    let with = |p: &str| base.replace("本年度工作情况。", p);
    assert!(rules(&with(good)).is_empty(), "{:?}", findings(&with(good)));
    let f = only(&with("本年度共收到政府信息公开申请16件。"), Rule::ProNew);
    assert!(f.message.contains("17"), "{}", f.message);
    assert_eq!(
        f.pos.unwrap().line,
        base.lines().position(|l| l.contains("本年度工作情况")).unwrap() as u32 + 1
    );
    assert!(rules(&with("共收到申请18件（含上年结转）。")).is_empty());
    only(&with("上年结转2件。"), Rule::ProCin);
    only(&with("结转下年度继续办理3件。"), Rule::ProCout);
    only(&with("其中予以公开5件。"), Rule::ProResults);
    only(&with("无法提供9件。"), Rule::ProResults);
    only(&with("发生行政复议2件。"), Rule::ProT4);
    only(&with("行政诉讼0件。"), Rule::ProT4);
    only(&with("主动公开政府信息共84条。其中机构介绍4条，工作动态53条，其他信息5条。"), Rule::ProSum);
    // A breakdown of applications by outcome is PRO-RESULTS' business, not a sum to check.
    assert!(rules(&with("共收到申请17件，其中予以公开7件，无法提供10件。")).is_empty());
    assert!(rules(&with("主动公开政府信息62条，其中机构介绍4条，工作动态53条，其他信息5条。")).is_empty());
}

/// Prose that states one number for several outcome groups of table 三 together is compared with
/// the sum of their 总计: groups named and joined with 及/和/与/、, or by their numbers.
#[test]
fn prose_combining_outcome_groups() {
    let mut rows = zero_rows();
    rows[0] = [20, 0, 0, 0, 0, 0];
    rows[2] = [7, 0, 0, 0, 0, 0]; // （一）予以公开 7
    rows[3] = [3, 0, 0, 0, 0, 0]; // （二）部分公开 3
    rows[7] = [2, 0, 0, 0, 0, 0]; // （三）不予公开·保护第三方合法权益 2
    rows[12] = [4, 0, 0, 0, 0, 0]; // （四）无法提供·本机关不掌握 4
    rows[15] = [1, 0, 0, 0, 0, 0]; // （五）不予处理·信访举报投诉类申请 1
    rows[21] = [3, 0, 0, 0, 0, 0]; // （六）其他处理 3
    let base = report_2021("某某市某某局", &rows, &[[0; 4]; 3], false);
    let with = |p: &str| base.replace("本年度工作情况。", p);
    for agrees in [
        "予以公开及部分公开10件。",
        "其中予以公开和部分公开共10件，不予公开和无法提供共6件。",
        "予以公开与部分公开的共计10件。",
        "予以公开、部分公开及不予公开合计为12件。",
        "不予公开、无法提供以及不予处理7件。",
        "（一）（二）两项合计10件。",
        "（三）、（四）两项共6件。",
        "（一）（二）（三）三项合计12件。",
        "（五）和（六）项合计4件。",
        "（一）予以公开和（二）部分公开共10件。",
        // Each group stated on its own, and right.
        "予以公开7件，部分公开3件。",
        // Not understood: the count says three, two numbers follow; a list that starts with other
        // words; the law's items cited by number. Not checked, and not as single groups either.
        "（一）（二）三项合计99件。",
        "同意公开、部分公开和不予公开共99件。",
        "依据第二十条第（一）（二）项共公开99件，第（五）（六）项共99件。",
    ] {
        assert!(rules(&with(agrees)).is_empty(), "{agrees}: {:?}", findings(&with(agrees)));
    }
    let f = only(&with("予以公开及部分公开12件。"), Rule::ProResults);
    assert_eq!(
        f.message,
        "正文写“予以公开及部分公开12件”，但表三“（一）予以公开”7 件与“（二）部分公开”3 件合计为 10 件"
    );
    let f = only(&with("不予公开和无法提供共5件。"), Rule::ProResults);
    assert_eq!(
        f.message,
        "正文写“不予公开和无法提供共5件”，但表三“（三）不予公开”2 件与“（四）无法提供”4 件合计为 6 件"
    );
    let f = only(&with("（一）（二）两项合计9件。"), Rule::ProResults);
    assert_eq!(
        f.message,
        "正文写“（一）（二）两项合计9件”，但表三“（一）予以公开”7 件与“（二）部分公开”3 件合计为 10 件"
    );
    let f = only(&with("其中予以公开、部分公开和不予公开共计13件。"), Rule::ProResults);
    assert!(
        f.message.ends_with("“（一）予以公开”7 件、“（二）部分公开”3 件与“（三）不予公开”2 件合计为 12 件"),
        "{}",
        f.message
    );
    let f = only(&with("（五）（六）两项共5件。"), Rule::ProResults);
    assert!(f.message.ends_with("“（五）不予处理”1 件与“（六）其他处理”3 件合计为 4 件"), "{}", f.message);
    // The numbered names: the last one is not taken for a group on its own.
    only(&with("（一）予以公开和（二）部分公开共3件。"), Rule::ProResults);
    // A combination and a single group in one sentence: each checked.
    let f = findings(&with("予以公开和部分公开共10件，其他处理4件。"));
    assert_eq!(f.len(), 1, "{f:#?}");
    assert!(f[0].message.contains("“（六）其他处理”总计为 3 件"), "{}", f[0].message);
}

/// A 2022 report of [`report_2021`] made into the year before: 2021, with 2 documents in force so
/// that this year's 1 made and 3 in force roll over (T2-VALID-ROLL).
fn last_year(text: String) -> String {
    text.replace("年度: 2022", "年度: 2021").replace(
        "行政规范性文件: {本年制发: 1, 本年废止: 0, 现行有效: 3}",
        "行政规范性文件: {本年制发: 1, 本年废止: 0, 现行有效: 2}",
    )
}

#[test]
fn last_year_of_another_agency_is_only_a_note() {
    let prev = load_str(&last_year(report_2021("某某市另一局", &zero_rows(), &[[0; 4]; 3], false))).unwrap();
    let now = load_str(&report_2021("某某市某某局", &zero_rows(), &[[0; 4]; 3], false)).unwrap();
    let f = check(&now, Some(&prev));
    assert_eq!(
        f.iter().map(|f| (f.rule, f.severity)).collect::<Vec<_>>(),
        vec![(Rule::XyCarry, Severity::Info)]
    );
    assert!(f[0].message.contains("用于对照的上年报告是“某某市另一局”2021年度"), "{}", f[0].message);
}

#[test]
fn carry_over_from_last_year() {
    let mut last = zero_rows();
    last[0] = [2, 0, 0, 0, 0, 0];
    last[2] = [1, 0, 0, 0, 0, 0];
    last[23] = [1, 0, 0, 0, 0, 0];
    let prev = load_str(&last_year(report_2021("某某市某某局", &last, &[[0; 4]; 3], false))).unwrap();
    let now = load_str(&report_2021("某某市某某局", &zero_rows(), &[[0; 4]; 3], false)).unwrap();
    let f = check(&now, Some(&prev));
    assert_eq!(f.iter().map(|f| f.rule).collect::<Vec<_>>(), vec![Rule::XyCarry], "{f:#?}");
    assert!(
        f[0].message.contains("“自然人”列：本年“上年结转”为 0，但2021年度报告的“结转下年度”为 1"),
        "{}",
        f[0].message
    );
    let mut rows = zero_rows();
    rows[1] = [1, 0, 0, 0, 0, 0];
    rows[2] = [1, 0, 0, 0, 0, 0];
    let ok = load_str(&report_2021("某某市某某局", &rows, &[[0; 4]; 3], false)).unwrap();
    assert!(check(&ok, Some(&prev)).is_empty());
}

// ---------------------------------------------------------------------------------------------
// Bad input: each gets its line, column and message.

fn load_error(text: &str) -> Finding {
    let f = load_str(text).expect_err("should not load");
    f.into_iter().next().unwrap()
}

fn at(f: &Finding) -> (u32, u32) {
    let p = f.pos.expect("has a position");
    (p.line, p.col)
}

fn good_2021() -> String {
    report_2021("某某市某某局", &zero_rows(), &[[0; 4]; 3], false)
}

#[test]
fn unknown_key_names_the_nearest() {
    let text = good_2021().replace("  予以公开:", "  部份公开: [0, 0, 0, 0, 0, 0]\n  予以公开:");
    let f = load_error(&text);
    assert_eq!(f.rule, Rule::DUnknownKey);
    assert_eq!(f.message, "“申请”下有未知字段“部份公开”，是否应为“部分公开”？");
    assert_eq!(at(&f), (text.lines().position(|l| l.contains("部份公开")).unwrap() as u32 + 1, 3));
    // A misspelt required key is one mistake: it is not also reported missing.
    let Err(f) = load_str(&good_2021().replace("问题及改进:", "问题和改进:")) else {
        panic!("loads")
    };
    assert_eq!(f.iter().map(|f| f.rule).collect::<Vec<_>>(), vec![Rule::DUnknownKey], "{f:#?}");
    assert!(f[0].message.contains("是否应为“问题及改进”"), "{}", f[0].message);
}

#[test]
fn duplicate_key() {
    let text = good_2021().replace("年度: 2022\n", "年度: 2022\n年度: 2023\n");
    let f = load_error(&text);
    assert_eq!(f.rule, Rule::DDupKey);
    assert!(f.message.contains("“年度”"), "{}", f.message);
    assert_eq!(at(&f).0, 3);
}

/// The first finding once `from` is replaced by `to` in a good file, and the line that changed.
fn typed(from: &str, to: &str) -> (Finding, u32) {
    let good = good_2021();
    let text = good.replace(from, to);
    let line = good.lines().zip(text.lines()).position(|(a, b)| a != b).expect("the fixture has `from`");
    (load_error(&text), line as u32 + 1)
}

fn assert_named(f: &Finding, rule: Rule, says: &str, at_pos: (u32, u32)) {
    assert_eq!(f.rule, rule, "{}", f.message);
    assert!(f.message.contains(says), "{}", f.message);
    assert_eq!(at(f), at_pos, "{}", f.message);
}

/// A colon, commas or spaces typed with a Chinese input method: the error names the character and
/// sits on it, not on the next line where YAML notices the damage.
#[test]
fn full_width_characters_are_named() {
    let (f, line) = typed("  行政许可: 5\n", "  行政许可：5\n");
    assert_named(&f, Rule::DSyntax, "“行政许可”后面用了中文冒号“：”", (line, 7));
    // At the top level, and on the last line of the file.
    let f = load_error("机关: 某局\n年度：2021\n");
    assert_named(&f, Rule::DSyntax, "“年度”后面用了中文冒号", (2, 3));
    // A “：” in prose before an unrelated syntax error is not blamed.
    let f = load_error("机关: 某局\n总体情况: |\n  一是：工作情况。\n 年度: 2021\n");
    assert_eq!((f.rule, at(&f).0), (Rule::DSyntax, 4));
    assert!(!f.message.contains("中文冒号"), "{}", f.message);

    // An English “: ” inside one-line text reads as a second key.
    let f = load_error("机关: 某局\n年度: 2021\n总体情况: 一是: 加强领导。\n");
    assert_named(&f, Rule::DSyntax, "“总体情况”的文字里有英文冒号加空格“: ”", (3, 9));

    // Full-width spaces: as indentation (prose pasted with its “　　” indent), inside a key, at the
    // end of a line.
    let f = load_error("机关: 某局\n年度: 2021\n总体情况: |\n　　本年度工作情况。\n主动公开: 1\n");
    assert_named(&f, Rule::DSyntax, "这一行开头是全角空格“　”", (4, 1));
    let row = "  本年新收: [0, 0, 0, 0, 0, 0]";
    let (f, line) = typed(row, &format!("  　{}", row.trim_start()));
    assert_named(&f, Rule::DUnknownKey, "里有全角空格“　”：请删除，应为“本年新收”", (line, 3));
    let (f, line) = typed(row, &format!("{row}　"));
    assert_named(&f, Rule::DSyntax, "这里有一个全角空格“　”", (line, 27));
    // Inside indented prose a “　　” paragraph indent is text, and loads.
    let text = good_2021().replace("  本年度工作情况。\n", "  　　本年度工作情况。\n");
    assert!(load_str(&text).is_ok());

    // Chinese commas in braces (a syntax error) and in a row (one text item).
    let (f, line) = typed("规章: {本年制发: 0, 本年废止: 0,", "规章: {本年制发: 0，本年废止: 0,");
    assert_named(&f, Rule::DSyntax, "括号里用了中文逗号“，”", (line, 15));
    let (f, line) = typed(row, "  本年新收: [0，0，0，0，0，0]");
    assert_named(&f, Rule::DRowLen, "用了中文逗号“，”或顿号“、”：请改为英文逗号“,”", (line, 9));
}

#[test]
fn missing_required_key() {
    let text = good_2021().replace("问题及改进: |\n  存在问题。上年度问题已整改。\n", "");
    let f = load_error(&text);
    assert_eq!((f.rule, f.message.as_str()), (Rule::DMissing, "缺少必填字段“问题及改进”"));
    assert_eq!(at(&f), (1, 1));
}

#[test]
fn bad_numbers_in_counts() {
    let cases = [
        ("十二", "的值“十二”不是数字"),
        ("1.5", "为小数 1.5"),
        ("-3", "为负数 -3"),
        ("", "未填写"),
        ("/", "填写了“/”"),
        ("—", "填写了“—”"),
        ("20000000", "超出合理范围"),
        ("99999999999999999999", "为 99999999999999999999，超出合理范围"),
        // What a Chinese input method types, named for what it is.
        ("１２", "的值“１２”用了全角数字：请改为半角“12”"),
        ("\"12\"", "的值 \"12\" 加了引号，是文字而不是数字：请去掉引号，写成 12"),
        ("1,234", "的值“1,234”带有千分位逗号：请直接写成 1234"),
    ];
    for (value, expect) in cases {
        let text = good_2021().replace("  行政处罚: 2\n", &format!("  行政处罚: {value}\n"));
        let f = load_error(&text);
        assert_eq!(f.rule, Rule::DNumber, "{value}: {f:?}");
        assert!(f.message.starts_with("“行政处罚·本年处理决定数量”"), "{}", f.message);
        assert!(f.message.contains(expect), "{value}: {}", f.message);
        let line = text.lines().position(|l| l.starts_with("  行政处罚")).unwrap() as u32 + 1;
        assert_eq!(at(&f).0, line, "{value}");
        if !value.is_empty() {
            assert_eq!(at(&f).1, 9, "{value}");
        }
    }
    // In a table 三 row the label names the row and the column.
    let text = good_2021().replace("  本年新收: [0, 0, 0, 0, 0, 0]", "  本年新收: [0, 0, x, 0, 0, 0]");
    let f = load_error(&text);
    assert!(f.message.starts_with("“一、本年新收政府信息公开申请数量·科研机构”"), "{}", f.message);
    assert_eq!(at(&f).1, 16);
}

#[test]
fn rows_of_wrong_length() {
    for (row, n) in [("[0, 0, 0, 0, 0]", 5), ("[0, 0, 0, 0, 0, 0, 0, 0]", 8)] {
        let text = good_2021().replace("  本年新收: [0, 0, 0, 0, 0, 0]", &format!("  本年新收: {row}"));
        let f = load_error(&text);
        assert_eq!(f.rule, Rule::DRowLen);
        assert!(f.message.contains(&format!("有 {n} 个数：应为 6 个数")), "{}", f.message);
        assert_eq!(at(&f).1, 9);
    }
}

#[test]
fn years_and_editions() {
    let f = load_error(&good_2021().replace("年度: 2022", "年度: 2018"));
    assert_eq!((f.rule, at(&f)), (Rule::DYear, (2, 5)));
    assert!(f.message.contains("2019 年度及以后"), "{}", f.message);
    // 2019-only keys in a 2021 file.
    let text = xxgk::init::data_file(2019, "某某局").replace("年度: 2019", "年度: 2023");
    let f = load_str(&text).unwrap_err();
    // One message per block written in the other edition's shape, not one per key.
    assert_eq!(
        f.iter().map(|f| f.rule).collect::<Vec<_>>(),
        vec![Rule::DEditionKey, Rule::DEditionKey],
        "{f:#?}"
    );
    assert!(f[0].message.contains("“主动公开”按2019年版格式"), "{}", f[0].message);
    assert!(f[1].message.contains("“其他处理”分为三行"), "{}", f[1].message);
    // 2021-only keys in a 2019 file.
    let text = good_2021().replace("年度: 2022", "年度: 2020");
    let f = load_str(&text).unwrap_err();
    assert!(f.iter().all(|f| f.rule == Rule::DEditionKey), "{f:#?}");
    assert!(f[0].message.contains("“主动公开”按2021年版格式"), "{f:#?}");
}

#[test]
fn yaml_syntax_error_has_position() {
    let text = "机关: 某局\n年度: 2022\n申请: [1, 2\n";
    let f = load_error(text);
    assert_eq!(f.rule, Rule::DSyntax);
    assert!(f.pos.is_some());
    assert!(f.message.starts_with("YAML 语法错误"), "{}", f.message);
}

#[test]
fn empty_file() {
    for text in ["", "\n\n", "# 只有注释\n"] {
        assert_eq!(load_error(text).rule, Rule::DEmpty);
    }
}

#[test]
fn top_level_not_a_map() {
    let f = load_error("- 1\n- 2\n");
    assert_eq!((f.rule, at(&f)), (Rule::DType, (1, 1)));
}

#[test]
fn alias_bomb_fails_fast() {
    let mut text =
        String::from("a: &a [\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\"]\n");
    for (i, c) in "bcdefghi".chars().enumerate() {
        let prev = (b'a' + i as u8) as char;
        text +=
            &format!("{c}: &{c} [*{prev},*{prev},*{prev},*{prev},*{prev},*{prev},*{prev},*{prev},*{prev}]\n");
    }
    let f = load_error(&text);
    assert_eq!(f.rule, Rule::DAlias);
}

#[test]
fn file_level_problems() {
    let dir = tempfile::tempdir().unwrap();
    // Invalid UTF-8 (GBK bytes for 机关) on line 2.
    let p = dir.path().join("gbk.yaml");
    std::fs::write(&p, b"a: 1\nb: \xbb\xfa\xb9\xd8\n").unwrap();
    match xxgk::load::load_file(&p) {
        Err(xxgk::load::LoadError::Data { findings }) => {
            assert_eq!(findings[0].rule, Rule::DEncoding);
            assert_eq!(at(&findings[0]), (2, 4));
        }
        other => panic!("{other:?}"),
    }
    // A directory and a missing file are I/O errors.
    assert!(matches!(xxgk::load::load_file(dir.path()), Err(xxgk::load::LoadError::Io { .. })));
    let missing = xxgk::load::load_file(&dir.path().join("无此文件.yaml")).unwrap_err();
    assert!(missing.to_string().contains("文件或文件夹不存在"), "{missing}");
    // 50 MB is refused before parsing.
    let big = dir.path().join("big.yaml");
    let f = std::fs::File::create(&big).unwrap();
    f.set_len(50 * 1024 * 1024).unwrap();
    match xxgk::load::load_file(&big) {
        Err(xxgk::load::LoadError::Data { findings }) => assert_eq!(findings[0].rule, Rule::DTooLarge),
        other => panic!("{other:?}"),
    }
}

/// Windows Notepad's “Unicode” and “Unicode big endian” are UTF-16 with a BOM: read as such, with
/// error positions in characters as for UTF-8.
#[test]
fn utf16_files_with_a_bom_load_like_utf8() {
    let dir = tempfile::tempdir().unwrap();
    let text = good_2021();
    let expected = load_str(&text).unwrap();
    let write = |name: &str, bom: [u8; 2], unit: fn(u16) -> [u8; 2], text: &str| {
        let mut bytes = bom.to_vec();
        bytes.extend(text.encode_utf16().flat_map(unit));
        let p = dir.path().join(name);
        std::fs::write(&p, bytes).unwrap();
        p
    };
    for (bom, unit) in
        [([0xFF, 0xFE], u16::to_le_bytes as fn(u16) -> [u8; 2]), ([0xFE, 0xFF], u16::to_be_bytes)]
    {
        let p = write("unicode.yaml", bom, unit, &text);
        let (source, report) = xxgk::load::load_file(&p).unwrap();
        assert_eq!(report, expected);
        assert_eq!(source.text, text);
        // A data error in such a file is placed by line and column like in a UTF-8 one.
        let bad = text.replace("  行政处罚: 2\n", "  行政处罚: 两\n");
        let line = bad.lines().position(|l| l.contains("两")).unwrap() as u32 + 1;
        let p = write("bad.yaml", bom, unit, &bad);
        match xxgk::load::load_file(&p) {
            Err(xxgk::load::LoadError::Data { findings }) => {
                assert_eq!((findings[0].rule, at(&findings[0])), (Rule::DNumber, (line, 9)));
            }
            other => panic!("{other:?}"),
        }
    }
    // A lone surrogate on line 2, column 4.
    let mut bytes = vec![0xFF, 0xFE];
    bytes.extend("a: 1\nb: ".encode_utf16().chain([0xD800, u16::from(b'x')]).flat_map(u16::to_le_bytes));
    let p = dir.path().join("broken.yaml");
    std::fs::write(&p, bytes).unwrap();
    match xxgk::load::load_file(&p) {
        Err(xxgk::load::LoadError::Data { findings }) => {
            assert_eq!((findings[0].rule, at(&findings[0])), (Rule::DEncoding, (2, 4)));
        }
        other => panic!("{other:?}"),
    }
}

#[test]
fn all_errors_of_a_file_at_once() {
    let text = good_2021()
        .replace("  行政处罚: 2\n", "  行政处罚: /\n")
        .replace("  本年新收: [0, 0, 0, 0, 0, 0]", "  本年新收: [0, 0, 0, 0, 0]");
    let f = load_str(&text).unwrap_err();
    assert_eq!(f.iter().map(|f| f.rule).collect::<Vec<_>>(), vec![Rule::DNumber, Rule::DRowLen]);
}

#[test]
fn every_rule_is_listed() {
    let ids: Vec<&str> = Rule::ALL.iter().map(|r| r.id()).collect();
    for id in ["T3-IDENT", "T3-R7-SUM", "T3-ROW-TOT", "T4-RV-SUM", "XY-CARRY", "PRO-SUM", "D-ALIAS"] {
        assert!(ids.contains(&id), "{id}");
    }
}

// ---------------------------------------------------------------------------------------------
// Property: consistent reports pass; any one changed cell of table 三 or 四 is caught.

fn consistent() -> impl Strategy<Value = (Vec<[u64; 6]>, [[u64; 4]; 3])> {
    let row = || prop::array::uniform6(0u64..40);
    (row(), prop::collection::vec(row(), 21), prop::array::uniform3(prop::array::uniform4(0u64..9))).prop_map(
        |(cin, results, appeals)| {
            // 新收 = results + 结转下年度 − 上年结转, with 结转下年度 chosen so 新收 ≥ 0.
            let mut cout = [0u64; 6];
            let mut new = [0u64; 6];
            for c in 0..6 {
                let done: u64 = results.iter().map(|r| r[c]).sum();
                cout[c] = cin[c] % 3;
                let need = done + cout[c];
                if need < cin[c] {
                    cout[c] += cin[c] - need;
                }
                new[c] = done + cout[c] - cin[c];
            }
            let mut rows = vec![new, cin];
            rows.extend(results);
            rows.push(cout);
            (rows, appeals)
        },
    )
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(48))]

    #[test]
    fn consistent_reports_pass((rows, appeals) in consistent(), totals in any::<bool>()) {
        let text = report_2021("某某市某某局", &rows, &appeals, totals);
        let r = load_str(&text).expect("loads");
        let f = check(&r, None);
        prop_assert!(!xxgk::check::has_errors(&f), "{:#?}", f);
    }

    #[test]
    fn one_changed_cell_of_table_3_is_caught((rows, appeals) in consistent(), r in 0usize..24, c in 0usize..7, up in any::<bool>()) {
        let mut text = report_2021("某某市某某局", &rows, &appeals, true);
        // Rewrite the chosen cell in the text (the seventh is the written 总计).
        let def = xxgk::model::t3_rows(xxgk::model::Edition::E2021)[r];
        let mut cells: Vec<u64> = rows[r].to_vec();
        cells.push(rows[r].iter().sum());
        let old = format!("{}: [{}]", def.key, cells.iter().map(u64::to_string).collect::<Vec<_>>().join(", "));
        cells[c] = if up || cells[c] == 0 { cells[c] + 1 } else { cells[c] - 1 };
        let new = format!("{}: [{}]", def.key, cells.iter().map(u64::to_string).collect::<Vec<_>>().join(", "));
        text = text.replacen(&format!(" {old}\n"), &format!(" {new}\n"), 1);
        let rep = load_str(&text).expect("loads");
        let f = check(&rep, None);
        let fired: Vec<_> = f.iter().filter(|f| f.severity == Severity::Error).map(|f| f.rule).collect();
        prop_assert!(fired.iter().any(|r| [Rule::T3Ident, Rule::T3RowTot].contains(r)), "{:?}", fired);
    }

    #[test]
    fn one_changed_cell_of_table_4_is_caught((rows, appeals) in consistent(), g in 0usize..3, c in 0usize..5) {
        let text = report_2021("某某市某某局", &rows, &appeals, true);
        let key = ["行政复议", "未经复议直接起诉", "复议后起诉"][g];
        let mut cells: Vec<u64> = appeals[g].to_vec();
        cells.push(appeals[g].iter().sum());
        let old = format!("{key}: [{}]", cells.iter().map(u64::to_string).collect::<Vec<_>>().join(", "));
        cells[c] += 1;
        let new = format!("{key}: [{}]", cells.iter().map(u64::to_string).collect::<Vec<_>>().join(", "));
        let rep = load_str(&text.replacen(&old, &new, 1)).expect("loads");
        let f = check(&rep, None);
        let rule = [Rule::T4RvSum, Rule::T4LdSum, Rule::T4LrSum][g];
        prop_assert!(f.iter().any(|f| f.rule == rule), "{:?}", f);
    }
}

// ---------------------------------------------------------------------------------------------
// Heuristics: T4-LR-LE-RV, PRO-T4-OUTCOME, S-PERIOD, S-DEADLINE and the cross-year rules.

#[test]
fn suits_after_review_exceeding_concluded_reviews() {
    let base = report_2021("某某市某某局", &zero_rows(), &[[1, 0, 0, 1], [0; 4], [1, 0, 0, 0]], false);
    assert!(rules(&base).is_empty(), "{:?}", findings(&base));
    let f = only(&base.replace("复议后起诉: [1, 0, 0, 0]", "复议后起诉: [1, 1, 0, 0]"), Rule::T4LrLeRv);
    assert_eq!(f.severity, Severity::Warning);
    assert!(f.message.contains("“复议后起诉”共 2 件，多于本年已审结的行政复议 1 件"), "{}", f.message);
}

#[test]
fn all_upheld_in_prose_against_table_four() {
    let base = report_2021("某某市某某局", &zero_rows(), &[[2, 0, 0, 1], [1, 0, 0, 0], [0; 4]], false);
    let said = |s: &str| base.replace("本年度工作情况。", s);
    let f = only(&said("被申请行政复议3件，均获维持。"), Rule::ProT4Outcome);
    assert!(f.message.contains("行政复议尚未审结 1 件"), "{}", f.message);
    // The lawsuits were all upheld: a sentence on them alone is right.
    assert!(rules(&said("被提起行政诉讼1件，法院判决均维持原行为。")).is_empty());
    assert!(rules(&said("被申请行政复议3件，其中2件维持。")).is_empty());
}

#[test]
fn period_of_title_prose_and_date() {
    let base = report_2021("某某市某某局", &zero_rows(), &[[0; 4]; 3], false);
    let titled =
        base.replace("年度: 2022\n", "年度: 2022\n标题: 某某市某某局2021年政府信息公开工作年度报告\n");
    let f = only(&titled, Rule::SPeriod);
    assert_eq!((f.severity, f.pos.unwrap().line), (Severity::Error, 3));
    assert!(rules(&titled.replace("2021年政府", "2022年政府")).is_empty());
    let f = only(
        &base.replace("本年度工作情况。", "本报告统计期限自2021年1月1日至2021年12月31日。"),
        Rule::SPeriod,
    );
    assert!(f.message.contains("统计期限应为2022年1月1日至2022年12月31日"), "{}", f.message);
    // Dates that are not the statistics period are not.
    assert!(rules(&base.replace("本年度工作情况。", "《条例》自2019年5月15日起施行。")).is_empty());
    let signed = |date: &str| base.replace("年度: 2022\n", &format!("年度: 2022\n落款:\n  日期: {date}\n"));
    assert_eq!(only(&signed("2022-12-20"), Rule::SPeriod).severity, Severity::Error);
    assert!(rules(&signed("2023-01-16")).is_empty());
}

#[test]
fn publication_deadline_by_kind_of_agency() {
    let signed = |agency: &str, date: &str| {
        report_2021(agency, &zero_rows(), &[[0; 4]; 3], false)
            .replace("年度: 2022\n", &format!("年度: 2022\n落款:\n  日期: {date}\n"))
    };
    let f = only(&signed("某某市某某局", "2023年2月1日"), Rule::SDeadline);
    assert_eq!(f.severity, Severity::Warning);
    assert!(f.message.contains("应在2023年1月31日前公开"), "{}", f.message);
    assert!(rules(&signed("某某市某某局", "2023年1月31日")).is_empty());
    // The report of a people's government (county level and above) is due by 31 March; a town's is not.
    assert!(rules(&signed("某某县人民政府", "2023年3月20日")).is_empty());
    only(&signed("某某县人民政府", "2023年4月1日"), Rule::SDeadline);
    only(&signed("某某县某某镇人民政府", "2023年2月10日"), Rule::SDeadline);
}

/// Last year's (2021) and this year's (2022) report of the same agency, edited by `edit_*`.
fn pair(edit_prev: impl Fn(String) -> String, edit_now: impl Fn(String) -> String) -> Vec<Finding> {
    let text = report_2021("某某市某某局", &zero_rows(), &[[0; 4]; 3], false);
    let prev = load_str(&edit_prev(last_year(text.clone()))).unwrap();
    let now = load_str(&edit_now(text)).unwrap();
    check(&now, Some(&prev))
}

#[test]
fn documents_in_force_roll_over_from_last_year() {
    let norms = |made: u32, repealed: u32, valid: u32| {
        move |t: String| {
            let to = format!("行政规范性文件: {{本年制发: {made}, 本年废止: {repealed}, 现行有效: {valid}}}");
            t.replace("行政规范性文件: {本年制发: 1, 本年废止: 0, 现行有效: 3}", &to)
                .replace("行政规范性文件: {本年制发: 1, 本年废止: 0, 现行有效: 2}", &to)
        }
    };
    let f = pair(norms(2, 0, 10), norms(3, 1, 11));
    assert_eq!(f.iter().map(|f| f.rule).collect::<Vec<_>>(), vec![Rule::T2ValidRoll], "{f:#?}");
    assert!(f[0].message.contains("2021年度现行有效 10 + 本年制发 3 − 本年废止 1 = 12"), "{}", f[0].message);
    assert!(pair(norms(2, 0, 10), norms(3, 1, 12)).is_empty());
}

#[test]
fn figures_that_jump_year_on_year() {
    let licensing = |n: u32| move |t: String| t.replace("行政许可: 5", &format!("行政许可: {n}"));
    let f = pair(licensing(20), licensing(100));
    assert_eq!(
        f.iter().map(|f| (f.rule, f.severity)).collect::<Vec<_>>(),
        vec![(Rule::XySpike, Severity::Info)]
    );
    assert!(f[0].message.contains("“行政许可”由2021年度的 20 变为 100"), "{}", f[0].message);
    assert!(pair(licensing(20), licensing(99)).is_empty());
    // Small numbers are left alone.
    assert!(pair(licensing(1), licensing(9)).is_empty());
}

#[test]
fn sections_copied_from_last_year() {
    let said = |s: &'static str| move |t: String| t.replace("本年度工作情况。", s);
    const LAST: &str = "2021年，本局坚持以公开为常态、不公开为例外，认真贯彻落实《中华人民共和国政府信息公开条例》，围绕中心工作持续深化政务公开，全面推进决策、执行、管理、服务、结果公开。";
    const SAME: &str = "2022年，本局坚持以公开为常态、不公开为例外，认真贯彻落实《中华人民共和国政府信息公开条例》，围绕中心工作持续深化政务公开，全面推进决策、执行、管理、服务、结果公开。";
    const NEW: &str = "2022年，本局围绕优化营商环境，新建政策文件库，集中公开现行有效行政规范性文件，开展政策解读二十余次，依申请公开办理质量明显提升，全年未发生行政复议纠错。";
    let f = pair(said(LAST), said(SAME));
    assert_eq!(f.iter().map(|f| f.rule).collect::<Vec<_>>(), vec![Rule::XyCopy], "{f:#?}");
    assert!(f[0].message.contains("“一、总体情况”与2021年度报告的同一部分几乎相同"), "{}", f[0].message);
    assert!(pair(said(LAST), said(NEW)).is_empty());
}

#[test]
fn prompts_left_from_init_are_pointed_out_once_per_section() {
    let fresh = xxgk::init::data_file(2023, "某某市某某局");
    let f = findings(&fresh);
    assert!(f.iter().all(|f| f.rule == Rule::SFill && f.severity == Severity::Warning), "{f:#?}");
    // 一, 五 and the four topics of 六.
    assert_eq!(f.len(), 6, "{f:#?}");
    let first = fresh.lines().position(|l| l.trim().starts_with("（请填写")).unwrap() as u32 + 1;
    assert_eq!(f[0].pos.unwrap().line, first);
    assert!(f[0].message.contains("“一、总体情况”还留着填写提示“（请填写本年度主动公开工作情况。）”等 5 行"));
    assert!(!rules(&filled(&fresh)).contains(&Rule::SFill));
}

/// A data file from `xxgk init` with its `（请填写……）` prompts answered.
fn filled(text: &str) -> String {
    let lines: Vec<String> = text
        .lines()
        .map(|l| match l.find("（请填写") {
            Some(at) => format!("{}本年度工作按计划完成，上年度问题已整改。", &l[..at]),
            None => l.to_string(),
        })
        .collect();
    lines.join("\n") + "\n"
}

/// Real reports publish 行政事业性收费 in 万元 with six decimals, exact to the fen: accepted, kept
/// exactly as written (in the model, a rendered report and a written data file); seven are not,
/// and 元 amounts keep their four.
#[test]
fn fees_in_ten_thousand_yuan_take_six_decimals_exactly() {
    use xxgk::model::{Money, Proactive};
    let text = good_2021().replace("行政事业性收费: 1.5", "行政事业性收费: 4166.241619");
    assert!(text.contains("4166.241619"));
    let report = load_str(&text).unwrap_or_else(|f| panic!("{f:?}"));
    let Proactive::E2021(p) = &report.proactive else { panic!("2021 edition") };
    assert_eq!(p.fee.value, Money { text: "4166.241619".into(), millionths: 4_166_241_619 });
    assert!(check(&report, None).iter().all(|f| f.rule.id() != "T2-FEE-UNIT"));
    let r = xxgk::render::Renderer::new(None).unwrap();
    let doc = r.document(&report, None, false).unwrap();
    let md = r.output(&doc, xxgk::render::Format::Markdown, &xxgk::style::Style::default()).unwrap().bytes;
    assert!(String::from_utf8(md).unwrap().contains("4166.241619"));
    let written = xxgk::datafile::write(&report);
    assert!(written.contains("行政事业性收费: 4166.241619"), "{written}");
    let Ok(back) = load_str(&written) else { panic!("written file loads") };
    let Proactive::E2021(q) = &back.proactive else { panic!("2021 edition") };
    assert_eq!(q.fee.value, p.fee.value);

    let seven = load_error(&good_2021().replace("行政事业性收费: 1.5", "行政事业性收费: 4166.2416191"));
    assert_eq!(seven.rule, Rule::DNumber);
    assert!(seven.message.contains("最多 6 位小数"), "{}", seven.message);
    // Exact: 0.1 + 0.2 is 0.3 here, as on paper.
    assert_eq!(Money::parse("0.1").unwrap().millionths + Money::parse("0.2").unwrap().millionths, 300_000);
    assert_eq!(Money::parse("1234567.8").unwrap().shifted(4), "123.45678");
    let yuan = good_2021().replace("信息处理费: 0", "信息处理费: 12.34567");
    assert!(load_str(&yuan).is_err());
}

/// Three or more ASCII words in a row: the parser's English leaking into a message.
pub(crate) fn english(message: &str) -> Option<String> {
    static WORDS: std::sync::LazyLock<regex::Regex> = std::sync::LazyLock::new(|| {
        regex::Regex::new(r"[A-Za-z]{2,}(?:[ \-'`,.]+[A-Za-z]{2,}){2,}").unwrap()
    });
    WORDS.find(message).map(|m| m.as_str().to_string())
}

/// Mutations that got the YAML parser's English (or the wrong reason) now get a Chinese message with
/// a rule id and the reason: nesting, the number of values, odd characters, non-finite numbers,
/// tags (all refused alike), directives, a BOM inside the file, leading zeros.
#[test]
fn parser_messages_are_chinese_with_the_right_reason() {
    let good = good_2021();
    let with = |from: &str, to: &str| {
        assert!(good.contains(from), "{from}");
        good.replacen(from, to, 1)
    };
    let deep_flow = format!("行政许可: {}{}", "[".repeat(3000), "]".repeat(3000));
    let deep_block: String = (1..200).map(|i| format!("{}a{i}:\n", "  ".repeat(i))).collect::<String>()
        + &"  ".repeat(200)
        + "b: 1\n";
    let many = format!("x:\n{}", "- 1\n".repeat(260_000));
    let cases: Vec<(String, Rule, &str)> = vec![
        (with("行政许可: 5", &deep_flow), Rule::DSyntax, "嵌套过深"),
        (format!("{good}x:\n{deep_block}"), Rule::DSyntax, "嵌套过深"),
        (format!("{good}{many}"), Rule::DSyntax, "条目过多"),
        (with("行政许可: 5", "行政许可: @5"), Rule::DSyntax, "不能出现在此处的字符"),
        (with("行政许可: 5", "行政许可: 5\u{1}"), Rule::DSyntax, "控制字符"),
        (with("行政许可: 5", "行政许可: .nan"), Rule::DNumber, "不是有效的数字"),
        (with("行政许可: 5", &format!("行政许可: {}", "9".repeat(400))), Rule::DNumber, "过大"),
        (with("行政许可: 5", "行政许可: !!str 5"), Rule::DSyntax, "“!!str”"),
        (with("行政许可: 5", "行政许可: !!python/object 5"), Rule::DSyntax, "“!!python/object”"),
        (with("行政许可: 5", "行政许可: !!int 99999999999999999999999"), Rule::DSyntax, "“!!int”"),
        (with("主动公开:", "主动公开: !!map"), Rule::DSyntax, "标签"),
        (with("年度: 2022\n", "年度: 2022\n...\n%YAML 1.2\n---\nx: 1\n"), Rule::DSyntax, "---"),
        (with("年度: 2022\n", "年度: 2022\n\u{feff}x: 1\n"), Rule::DSyntax, "BOM"),
        (with("行政许可: 5", "行政许可: 09"), Rule::DNumber, "以 0 开头：数字前面不要加 0，请写成 9"),
        (with("行政许可: 5", "行政许可: 0011"), Rule::DNumber, "请写成 11"),
    ];
    for (text, rule, says) in &cases {
        let f = load_error(text);
        assert_eq!(f.rule, *rule, "{says}: {}", f.message);
        assert!(f.message.contains(says), "{says}: {}", f.message);
        assert!(f.pos.is_some(), "{says}: no position");
        assert_eq!(english(&f.message), None, "{}", f.message);
    }
    // Any other parser message is a Chinese sentence too, never the parser's English.
    for broken in ["a: 'x' y\n", "a: \"\\q\"\n", "a: |0\n  x\n", "a: &\n", "%FOO\n---\na: 1\n", "a: [1, 2}\n"]
    {
        let f = load_error(broken);
        assert_eq!(english(&f.message), None, "{broken:?}: {}", f.message);
    }
}

/// Every `init` file starts with a comment; saved with old Mac line endings (a CR alone) it read as
/// one comment line, “数据文件为空”. A lone CR is a line break, with lines and columns right.
#[test]
fn lone_carriage_returns_are_line_breaks() {
    let text = format!("# 注释\n{}", good_2021().replace("行政许可: 5", "行政许可: -5")).replace('\n', "\r");
    let f = load_error(&text);
    assert_eq!((f.rule, at(&f)), (Rule::DNumber, (9, 9)), "{}", f.message);
    assert!(load_str(&format!("# 注释\n{}", good_2021()).replace('\n', "\r")).is_ok());
}

/// UTF-32 (with or without its BOM) is D-ENCODING saying so, not a syntax error in UTF-16.
#[test]
fn utf32_files_are_an_encoding_error() {
    let dir = tempfile::tempdir().unwrap();
    let text = good_2021();
    let utf32 = |be: bool| -> Vec<u8> {
        ['\u{feff}']
            .into_iter()
            .chain(text.chars())
            .flat_map(|c| if be { (c as u32).to_be_bytes() } else { (c as u32).to_le_bytes() })
            .collect()
    };
    for (name, bytes, says) in [
        ("le.yaml", utf32(false), "UTF-32"),
        ("be.yaml", utf32(true), "UTF-32"),
        ("nobom.yaml", utf32(false)[4..].to_vec(), "空字符"),
    ] {
        let p = dir.path().join(name);
        std::fs::write(&p, bytes).unwrap();
        match xxgk::load::load_file(&p) {
            Err(xxgk::load::LoadError::Data { findings }) => {
                assert_eq!(findings[0].rule, Rule::DEncoding, "{name}: {}", findings[0].message);
                assert!(findings[0].message.contains(says), "{name}: {}", findings[0].message);
            }
            other => panic!("{name}: {other:?}"),
        }
    }
}
