//! Hostile input that must neither hang nor crash: megabytes of prose without a full stop, damaged
//! font files in a font folder.

use std::time::{Duration, Instant};

use xxgk::check::{Finding, check};
use xxgk::load::load_str;

fn example(name: &str) -> String {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    std::fs::read_to_string(root.join("examples").join(name)).expect("example present")
}

/// The 2021 example with its 总体情况 replaced by `unit` repeated `times` times on one line.
fn with_overview(unit: &str, times: usize) -> String {
    let text = example("county-2021.yaml");
    let lines: Vec<&str> = text.lines().collect();
    let start = lines.iter().position(|l| l.starts_with("总体情况: |")).expect("block") + 1;
    let end = start + lines[start..].iter().take_while(|l| l.starts_with("  ") || l.is_empty()).count();
    let body = format!("  {}", unit.repeat(times));
    [&lines[..start], &[body.as_str()], &lines[end..]].concat().join("\n") + "\n"
}

/// Loads and checks `text`, failing if that takes longer than `limit`.
fn check_within(text: &str, limit: Duration) -> Vec<Finding> {
    let started = Instant::now();
    let report = load_str(text).expect("loads");
    let findings = check(&report, None);
    let took = started.elapsed();
    assert!(took < limit, "load+check of {} bytes took {took:?}", text.len());
    findings
}

fn count(findings: &[Finding], rule: &str) -> usize {
    findings.iter().filter(|f| f.rule == rule).count()
}

/// 3 MB of “收到政府信息公开申请63件，” without a full stop took 18 s (release) in `check`: each match
/// searched to the end of its sentence, i.e. to the end of the text. Every prose rule gets such a
/// text, stating the table's number (no finding) or another one (a finding per repetition). The
/// bound is generous for a debug build; the point is "not quadratic".
#[test]
fn megabytes_of_prose_without_a_full_stop_are_checked_in_linear_time() {
    const TIMES: usize = 80_000;
    const LIMIT: Duration = Duration::from_secs(10);
    let agrees = with_overview("收到政府信息公开申请63件，", TIMES);
    assert!(agrees.len() > 3_000_000);
    assert_eq!(count(&check_within(&agrees, LIMIT), "PRO-NEW"), 0);
    let differs = check_within(&with_overview("收到政府信息公开申请62件，", TIMES), LIMIT);
    assert_eq!(count(&differs, "PRO-NEW"), TIMES);
    // “结转” at the very end belongs to the one sentence: every statement may count carried cases.
    let carried =
        with_overview("收到政府信息公开申请67件，", TIMES).replacen("67件，\n", "67件，上年结转\n", 1);
    assert_eq!(count(&check_within(&carried, LIMIT), "PRO-NEW"), 0);
    for (unit, rule) in [
        ("予以公开5件，", "PRO-RESULTS"),
        ("上年结转9件，", "PRO-CIN"),
        ("结转下年度9件，", "PRO-COUT"),
        ("被申请行政复议9件，", "PRO-T4"),
        ("共3件，其中甲1件，乙1件，", "PRO-SUM"),
    ] {
        let findings = check_within(&with_overview(unit, TIMES), LIMIT);
        assert!(count(&findings, rule) >= 1, "{unit}: {rule}");
    }
    // One long sentence on 复议 said to be upheld, table 四 showing other results.
    let upheld = with_overview("被申请行政复议4件，均获维持，", TIMES);
    assert_eq!(count(&check_within(&upheld, LIMIT), "PRO-T4-OUTCOME"), 1);
}
