//! The 落款 date: only days of the calendar, each refusal saying why, at the date.

use xxgk::diag::Rule;

/// The book's D-DATE example with `日期: {date}`.
fn signed(date: &str) -> String {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("book/examples/d-date.yaml");
    std::fs::read_to_string(path).unwrap().replace("日期: 2024年1月\n", &format!("日期: {date}\n"))
}

#[test]
fn a_day_that_does_not_exist_is_d_date_at_the_date() {
    for (date, why) in [
        ("2024-02-30", "落款“日期”“2024-02-30”有误：2024年2月没有30日，这个月只有 29 天"),
        ("2023年2月29日", "2023年2月没有29日，这个月只有 28 天"),
        ("2024.4.31", "2024年4月没有31日"),
        ("2024-13-01", "没有13月"),
        ("2024年1月", "落款“日期”“2024年1月”无法识别：应写作 2024年1月16日 或 2024-01-16"),
    ] {
        let findings = xxgk::load::load_str(&signed(date)).expect_err(date);
        let f =
            findings.iter().find(|f| f.rule == Rule::DDate).unwrap_or_else(|| panic!("{date}: {findings:?}"));
        assert_eq!(f.pos.map(|p| (p.line, p.col)), Some((5, 7)), "{date}");
        assert!(f.message.contains(why), "{date}: {}", f.message);
    }
    // A leap day is a day.
    let report = xxgk::load::load_str(&signed("2024-02-29")).expect("29 February 2024");
    assert_eq!(report.signature.date.unwrap().value, "2024年2月29日");
}
