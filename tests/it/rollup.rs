//! Roll-ups (`xxgk sum`) and year-on-year comparisons (`xxgk diff`): members of both editions made
//! from the examples with changed numbers, the sums cell by cell, every refusal, the property that
//! a sum of consistent members is consistent, a known diff, and the commands' exit codes.

use proptest::prelude::*;
use std::path::{Path, PathBuf};
use std::process::Command;
use xxgk::diag::{Rule, Severity};
use xxgk::model::*;
use xxgk::rollup::{self, Member, SumError, SumOptions};

const BIN: &str = env!("CARGO_BIN_EXE_xxgk");

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn example(edition: Edition) -> Report {
    let file = match edition {
        Edition::E2019 => "examples/kaifu-2019.yaml",
        Edition::E2021 => "examples/county-2021.yaml",
    };
    xxgk::load_file(&root().join(file)).expect("example loads").1
}

/// The example with every figure times `k` (which keeps every identity), plus `extra` applications
/// granted to natural persons (新收 and 予以公开 alike), a money amount of `cents` and a new name.
fn variant(edition: Edition, agency: &str, k: u64, extra: u64, cents: u64) -> Report {
    let mut r = example(edition);
    r.agency.value = agency.to_string();
    r.signature = Signature::default();
    let amount = Money::parse(&format!("{}.{:02}", cents / 100, cents % 100)).expect("amount");
    let rows: Vec<(T2Id, Vec<T2Cell>)> = r
        .proactive
        .rows()
        .into_iter()
        .map(|(def, cells)| {
            let cells = cells
                .into_iter()
                .map(|c| match c {
                    T2Cell::Count(v) => T2Cell::Count(Val::new(v.value * k, v.pos)),
                    T2Cell::Signed(v) => T2Cell::Signed(Val::new(v.value * k as i64, v.pos)),
                    T2Cell::Money(v) => T2Cell::Money(Val::new(amount.clone(), v.pos)),
                })
                .collect();
            (def.id, cells)
        })
        .collect();
    r.proactive = Proactive::from_rows(edition, &rows).expect("same layout");
    for row in r.requests.rows.iter_mut().chain(r.requests.given_total.as_mut()) {
        for v in row.values.iter_mut() {
            v.value *= k;
        }
        row.given_total = None;
        if matches!(row.def.id, "new" | "granted") {
            row.values[0].value += extra;
        }
    }
    r.requests.given_total = None;
    for g in r.appeals.groups.iter_mut() {
        for v in g.values.iter_mut() {
            v.value *= k;
        }
        g.given_total = None;
    }
    // Written and read back, so the member has the positions of a real file.
    xxgk::load::load_str(&xxgk::datafile::write(&r)).expect("a variant loads")
}

fn member(name: &str, report: Report) -> Member {
    let text = xxgk::datafile::write(&report);
    let report = xxgk::load::load_str(&text).expect("loads");
    Member { path: PathBuf::from(name), source: xxgk::load::Source { name: name.to_string(), text }, report }
}

fn members(edition: Edition, n: u64) -> Vec<Member> {
    (1..=n)
        .map(|i| member(&format!("m{i}.yaml"), variant(edition, &format!("临江县第{i}局"), i, i, i * 5)))
        .collect()
}

fn options(agency: &str) -> SumOptions {
    SumOptions { agency: agency.to_string(), draft: false }
}

fn errors(r: &Report) -> Vec<String> {
    xxgk::check(r, None)
        .into_iter()
        .filter(|f| f.severity == Severity::Error)
        .map(|f| f.to_string())
        .collect()
}

#[test]
fn five_members_of_each_edition_sum_cell_by_cell() {
    for edition in [Edition::E2019, Edition::E2021] {
        let ms = members(edition, 5);
        let sum = rollup::sum(&ms, &options("临江县人民政府")).expect("sums");
        let r = &sum.report;
        assert_eq!((r.year.value, r.edition), (ms[0].report.year.value, edition));
        assert!(errors(r).is_empty(), "{:?}", errors(r));
        // Table 三 and 四: every cell.
        for (i, row) in r.requests.rows.iter().enumerate() {
            for c in 0..6 {
                let want: u64 = ms.iter().map(|m| m.report.requests.rows[i].values[c].value).sum();
                assert_eq!(row.values[c].value, want, "{} column {c}", row.def.key);
            }
        }
        for (g, group) in r.appeals.groups.iter().enumerate() {
            for c in 0..4 {
                let want: u64 = ms.iter().map(|m| m.report.appeals.groups[g].values[c].value).sum();
                assert_eq!(group.values[c].value, want);
            }
        }
        // Table 二: counts and signed changes add; amounts are exact (5 + 10 + … + 25 cents).
        for (def, cells) in r.proactive.rows() {
            for (c, cell) in cells.iter().enumerate() {
                match cell {
                    T2Cell::Money(v) => assert_eq!(v.value.text, "0.75", "{}", def.key),
                    T2Cell::Count(v) => {
                        let want: u64 = ms
                            .iter()
                            .map(|m| {
                                match &m
                                    .report
                                    .proactive
                                    .rows()
                                    .into_iter()
                                    .find(|(d, _)| d.id == def.id)
                                    .unwrap()
                                    .1[c]
                                {
                                    T2Cell::Count(x) => x.value,
                                    _ => unreachable!(),
                                }
                            })
                            .sum();
                        assert_eq!(v.value, want, "{}", def.key);
                    }
                    T2Cell::Signed(v) => {
                        let want: i64 = ms
                            .iter()
                            .map(|m| {
                                match &m
                                    .report
                                    .proactive
                                    .rows()
                                    .into_iter()
                                    .find(|(d, _)| d.id == def.id)
                                    .unwrap()
                                    .1[c]
                                {
                                    T2Cell::Signed(x) => x.value,
                                    _ => unreachable!(),
                                }
                            })
                            .sum();
                        assert_eq!(v.value, want, "{}", def.key);
                    }
                }
            }
        }
        // The prose names every member; the text is a data file like any other.
        for m in &ms {
            assert!(r.overview.text.contains(&m.report.agency.value));
        }
        assert_eq!(xxgk::load::load_str(&sum.text).as_ref(), Ok(r));
    }
}

#[test]
fn members_of_another_year_or_edition_are_refused() {
    let mut ms = members(Edition::E2021, 2);
    let mut other_year = variant(Edition::E2021, "临江县第3局", 1, 0, 0);
    other_year.year.value -= 1;
    ms.push(member("m3.yaml", other_year));
    let mut old = variant(Edition::E2019, "临江县第4局", 1, 0, 0);
    old.year.value = ms[0].report.year.value;
    old.edition_given = Some(Val::new(2019, Pos::default()));
    ms.push(member("m4.yaml", old));
    let Err(SumError::Refused(found)) = rollup::sum(&ms, &options("临江县人民政府")) else {
        panic!("refused")
    };
    let year: Vec<_> = found.iter().filter(|l| l.finding.rule == Rule::SumYear).collect();
    assert_eq!(year.len(), 2, "{found:?}");
    assert_eq!((year[0].file.as_str(), year[1].file.as_str()), ("m3.yaml", "m4.yaml"));
    assert!(year.iter().all(|l| l.finding.severity == Severity::Error && l.finding.pos.is_some()));
    assert!(year[1].finding.message.contains("2019年版"), "{}", year[1].finding.message);
}

#[test]
fn the_same_agency_or_file_twice_is_refused() {
    let mut ms = members(Edition::E2021, 2);
    ms.push(member("again.yaml", ms[0].report.clone()));
    let mut same_name = variant(Edition::E2021, "临江县第2局", 3, 0, 0);
    same_name.year = ms[0].report.year.clone();
    ms.push(member("m2b.yaml", same_name));
    let Err(SumError::Refused(found)) = rollup::sum(&ms, &options("临江县人民政府")) else {
        panic!("refused")
    };
    let dup: Vec<_> = found.iter().filter(|l| l.finding.rule == Rule::SumDup).collect();
    assert_eq!(dup.len(), 2, "{found:?}");
    assert!(dup[0].finding.message.contains("同一个文件") && dup[0].file == "again.yaml");
    assert!(dup[1].finding.message.contains("临江县第2局") && dup[1].finding.pos.is_some());
}

#[test]
fn a_member_with_errors_is_refused_unless_draft() {
    let mut ms = members(Edition::E2021, 3);
    let mut broken = ms[1].report.clone();
    broken.requests.rows[0].values[2].value += 1; // 本年新收 without a result: T3-IDENT
    ms[1] = member("m2.yaml", broken);
    let Err(SumError::Refused(found)) = rollup::sum(&ms, &options("临江县人民政府")) else {
        panic!("refused")
    };
    assert_eq!(found[0].finding.rule, Rule::SumMemberErrors);
    assert!(found.iter().any(|l| l.finding.rule == Rule::T3Ident && l.file == "m2.yaml"), "{found:?}");
    let draft = SumOptions { draft: true, ..options("临江县人民政府") };
    let sum = rollup::sum(&ms, &draft).expect("a draft sums");
    let note = sum.notes.iter().find(|l| l.finding.rule == Rule::SumMemberErrors).expect("noted");
    assert_eq!(note.finding.severity, Severity::Warning);
}

#[test]
fn joint_cases_and_rules_without_power_are_noted() {
    let mut ms = members(Edition::E2021, 2);
    let mut city = variant(Edition::E2021, "临江市人民政府", 1, 0, 0);
    city.year = ms[0].report.year.clone();
    city.overview.text.push_str("本年度与市司法局作为共同被告应诉1件。\n");
    let mut rows: Vec<(T2Id, Vec<T2Cell>)> =
        city.proactive.rows().into_iter().map(|(d, c)| (d.id, c)).collect();
    rows[0].1 = [2, 0, 7].map(|n| T2Cell::Count(Val::new(n, Pos::default()))).to_vec();
    city.proactive = Proactive::from_rows(Edition::E2021, &rows).unwrap();
    ms.push(member("city.yaml", city));
    let sum = rollup::sum(&ms, &options("临江县人民政府")).expect("sums");
    let rules: Vec<_> = sum.notes.iter().filter(|l| l.finding.rule == Rule::SumRules).collect();
    assert_eq!(rules.len(), 1, "{:?}", sum.notes);
    assert!(rules[0].finding.message.contains("现行有效 7"), "{}", rules[0].finding.message);
    assert_eq!(sum.report.proactive.documents()[0].1.values[2].value, 0, "规章 left out");
    let joint: Vec<_> = sum.notes.iter().filter(|l| l.finding.rule == Rule::SumJoint).collect();
    assert!(
        joint.iter().any(|l| l.file == "city.yaml" && l.finding.message.contains("共同被告")),
        "{joint:?}"
    );
    assert!(joint.iter().all(|l| l.finding.severity == Severity::Info));
    // Into a city's roll-up, the city government's own 规章 count.
    let sum = rollup::sum(&ms[2..], &options("临江市人民政府汇总")).expect("sums");
    assert_eq!(sum.report.proactive.documents()[0].1.values[2].value, 7);
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 24, ..ProptestConfig::default() })]

    /// The sum of members that pass every one-file rule passes them too.
    #[test]
    fn a_sum_of_consistent_members_is_consistent(
        e2021 in any::<bool>(),
        figures in prop::collection::vec((0u64..6, 0u64..40, 0u64..100_000), 2..6),
    ) {
        let edition = if e2021 { Edition::E2021 } else { Edition::E2019 };
        let ms: Vec<Member> = figures
            .iter()
            .enumerate()
            .map(|(i, (k, extra, cents))| member(&format!("m{i}.yaml"), variant(edition, &format!("临江县第{i}局"), *k, *extra, *cents)))
            .collect();
        for m in &ms {
            prop_assume!(errors(&m.report).is_empty());
        }
        let sum = rollup::sum(&ms, &options("临江县人民政府")).expect("consistent members sum");
        prop_assert!(errors(&sum.report).is_empty(), "{:?}", errors(&sum.report));
        // No table rule warns of the sum unless it warned of a member.
        let member_rules: std::collections::BTreeSet<Rule> =
            ms.iter().flat_map(|m| xxgk::check(&m.report, None)).map(|f| f.rule).collect();
        for f in xxgk::check(&sum.report, None) {
            let table = ["T2-", "T3-", "T4-"].iter().any(|p| f.rule.id().starts_with(p));
            prop_assert!(!table || member_rules.contains(&f.rule), "{f}");
        }
    }
}

// ---------------------------------------------------------------------------------------------
// diff

fn load(path: &str) -> Report {
    xxgk::load_file(&root().join(path)).expect("loads").1
}

#[test]
fn diff_of_a_known_pair() {
    let last = load("book/examples/xy-spike-2022.yaml");
    let this = load("book/examples/xy-spike-2023.yaml");
    let d = rollup::diff(&last, &this).expect("same agency");
    assert_eq!((d.last_year, d.this_year), (2022, 2023));
    assert_eq!(d.cells.len(), 1, "{:?}", d.cells);
    let c = &d.cells[0];
    assert_eq!((c.table, c.row.as_str(), c.column.as_str()), ("二", "行政许可", "本年处理决定数量"));
    assert_eq!(
        (c.last.to_string(), c.this.to_string(), c.change.signed()),
        ("120".into(), "1200".into(), "+1080".into())
    );
    assert!(c.spike);
    assert_eq!(d.spikes.len(), 1);
    assert!(d.identities.iter().all(|i| i.holds));
    let json = serde_json::to_value(&d).unwrap();
    assert_eq!(json["cells"][0]["change"], serde_json::json!(1080));
}

#[test]
fn diff_finds_broken_identities_and_copied_paragraphs() {
    let carry =
        rollup::diff(&load("book/examples/xy-carry-2022.yaml"), &load("book/examples/xy-carry-2023.yaml"))
            .unwrap();
    assert!(
        carry.identities.iter().any(|i| !i.holds && i.rule.starts_with("上年结转")),
        "{:?}",
        carry.identities
    );
    let roll = rollup::diff(
        &load("book/examples/t2-valid-roll-2022.yaml"),
        &load("book/examples/t2-valid-roll-2023.yaml"),
    )
    .unwrap();
    assert!(
        roll.identities.iter().any(|i| !i.holds && i.rule.starts_with("现行有效")),
        "{:?}",
        roll.identities
    );
    let copy =
        rollup::diff(&load("book/examples/xy-copy-2022.yaml"), &load("book/examples/xy-copy-2023.yaml"))
            .unwrap();
    assert!(!copy.copied.is_empty());
    assert!(copy.copied.iter().all(|c| c.line > 0 && c.text.chars().count() >= 20));
    // Another agency, or the years the wrong way round, cannot be compared.
    let other = load("examples/county-2021.yaml");
    assert!(rollup::diff(&load("book/examples/xy-copy-2022.yaml"), &other).is_err());
    assert!(
        rollup::diff(&load("book/examples/xy-copy-2023.yaml"), &load("book/examples/xy-copy-2022.yaml"))
            .is_err()
    );
}

// ---------------------------------------------------------------------------------------------
// The commands

fn xxgk(args: &[&str], dir: &Path) -> (i32, String) {
    let out = Command::new(BIN).args(args).current_dir(dir).output().expect("runs");
    let mut text = String::from_utf8_lossy(&out.stdout).into_owned();
    text.push_str(&String::from_utf8_lossy(&out.stderr));
    (out.status.code().unwrap_or(-1), text)
}

#[test]
fn exit_codes_of_sum_and_diff() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let r = root();
    let book = |f: &str| r.join("book/examples").join(f).display().to_string();
    let members = ["rollup/jiaoyu.yaml", "rollup/caizheng.yaml", "rollup/chengguan.yaml"].map(book);
    let mut args = vec!["sum", "--agency", "临江县人民政府", "-o", "sum.yaml"];
    args.extend(members.iter().map(String::as_str));
    let (code, out) = xxgk(&args, d);
    assert_eq!(code, 0, "{out}");
    assert!(out.contains("已汇总 3 个单位的数据"), "{out}");
    let (code, out) = xxgk(&["check", "sum.yaml"], d);
    assert_eq!(code, 0, "{out}");
    // Again: the file exists (2), unless --force.
    assert_eq!(xxgk(&args, d).0, 2);
    args.push("--force");
    assert_eq!(xxgk(&args, d).0, 0);
    // A refused member (1), a missing file (2), no --agency (2).
    let twice = [members[0].as_str(), members[0].as_str()];
    let (code, out) = xxgk(&[&["sum", "--agency", "某县人民政府", "-o", "x.yaml"][..], &twice].concat(), d);
    assert_eq!(code, 1, "{out}");
    assert!(out.contains("错误[SUM-DUP]"), "{out}");
    assert_eq!(xxgk(&["sum", "--agency", "某县人民政府", "nothing.yaml"], d).0, 2);
    assert_eq!(xxgk(&["sum", members[0].as_str()], d).0, 2);
    // diff: Markdown by default, HTML and JSON on request; another agency is refused (1).
    let (last, this) = (book("xy-spike-2022.yaml"), book("xy-spike-2023.yaml"));
    let (code, md) = xxgk(&["diff", &last, &this], d);
    assert_eq!(code, 0, "{md}");
    assert!(md.contains("| 二 | 行政许可 | 本年处理决定数量 | 120 | 1200 | +1080（变化较大） | "), "{md}");
    let (code, html) = xxgk(&["diff", &last, &this, "--format", "html"], d);
    assert!(
        code == 0 && html.starts_with("<!DOCTYPE html>") && html.contains("<td>+1080（变化较大）</td>"),
        "{html}"
    );
    let (code, json) = xxgk(&["diff", &last, &this, "--format", "json"], d);
    assert_eq!(code, 0);
    let v: serde_json::Value = serde_json::from_str(&json).expect("JSON");
    assert_eq!(v["agency"], "某某市某某局");
    let county = r.join("examples/county-2021.yaml").display().to_string();
    assert_eq!(xxgk(&["diff", &last, &county], d).0, 1);
    assert_eq!(xxgk(&["diff", &last, "nothing.yaml"], d).0, 2);
}

// ---------------------------------------------------------------------------------------------
// `check --members` and the members' overview.

/// The 1-based line of the first line of `text` that starts (after indentation) with `key`.
fn line_of(text: &str, key: &str) -> u32 {
    text.lines().position(|l| l.trim_start().starts_with(key)).expect("key in text") as u32 + 1
}

#[test]
fn a_roll_up_equal_to_its_members_passes_and_a_changed_cell_is_named_with_both_values() {
    for edition in [Edition::E2019, Edition::E2021] {
        let ms = members(edition, 5);
        let sum = rollup::sum(&ms, &options("临江县人民政府")).expect("sums");
        let exact = rollup::check_sum(&sum.report, &ms).expect("compares");
        assert_eq!(exact.findings, vec![], "{edition:?}");
        assert!(exact.notes.is_empty(), "{:?}", exact.notes);

        // One cell of table 三 and one of table 四 changed (and written, for real positions).
        let mut r = sum.report.clone();
        let new = r.requests.rows.iter().position(|row| row.def.id == "new").unwrap();
        let was = r.requests.rows[new].values[1].value;
        r.requests.rows[new].values[1].value = was + 7;
        let review = r.appeals.groups[0].values[3].value;
        r.appeals.groups[0].values[3].value = review + 1;
        let text = xxgk::datafile::write(&r);
        let changed = xxgk::load::load_str(&text).expect("loads");
        let found = rollup::check_sum(&changed, &ms).expect("compares").findings;
        let messages: Vec<&str> = found.iter().map(|f| f.message.as_str()).collect();
        assert_eq!(
            messages,
            vec![
                format!("表三“本年新收”“{}”列：汇总文件为 {}，各成员之和为 {was}", APPLICANTS[1].0, was + 7),
                format!("表四“行政复议”“尚未审结”列：汇总文件为 {}，各成员之和为 {review}", review + 1),
            ],
            "{edition:?}"
        );
        assert!(found.iter().all(|f| f.rule == Rule::SumMismatch && f.severity == Severity::Error));
        assert_eq!(found[0].pos.map(|p| p.line), Some(line_of(&text, "本年新收:")));
        assert_eq!(found[1].pos.map(|p| p.line), Some(line_of(&text, "行政复议:")));
    }
}

#[test]
fn a_roll_up_of_another_edition_or_with_a_changed_fee_is_named() {
    let ms = members(Edition::E2021, 3);
    let sum = rollup::sum(&ms, &options("临江县人民政府")).expect("sums");
    let mut r = sum.report.clone();
    let fee = r.other.fee.clone().expect("the members state their fees");
    r.other.fee = Some(Val::new(Money::parse("1").expect("amount"), fee.pos));
    let found = rollup::check_sum(&r, &ms).expect("compares").findings;
    assert_eq!(found.len(), 1, "{found:?}");
    assert!(found[0].message.starts_with("第六部分“信息处理费”：汇总文件为 1，各成员之和为 "), "{found:?}");
    let other = members(Edition::E2019, 3);
    let found = rollup::check_sum(&sum.report, &other).expect("compares").findings;
    assert_eq!(found.len(), 1, "{found:?}");
    assert!(found[0].message.contains("不能逐格比较"), "{found:?}");
}

/// A minimal RFC 4180 reader: quoted fields, doubled quotes, CRLF line ends.
fn parse_csv(text: &str) -> Vec<Vec<String>> {
    let (mut rows, mut row, mut field, mut quoted) = (Vec::new(), Vec::new(), String::new(), false);
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        match (quoted, c) {
            (true, '"') if chars.peek() == Some(&'"') => {
                chars.next();
                field.push('"');
            }
            (true, '"') => quoted = false,
            (true, c) => field.push(c),
            (false, '"') => quoted = true,
            (false, ',') => row.push(std::mem::take(&mut field)),
            (false, '\r') => {}
            (false, '\n') => {
                row.push(std::mem::take(&mut field));
                rows.push(std::mem::take(&mut row));
            }
            (false, c) => field.push(c),
        }
    }
    assert!(field.is_empty() && row.is_empty(), "the CSV ends with a line end");
    rows
}

#[test]
fn the_overview_as_csv_parses_back_and_its_sum_row_is_the_sum() {
    for edition in [Edition::E2019, Edition::E2021] {
        let mut ms = members(edition, 5);
        let mut odd = ms[4].report.clone();
        odd.agency.value = "临江县“第五”局,分局".to_string();
        ms[4] = member("m5.yaml", odd);
        let sum = rollup::sum(&ms, &options("临江县人民政府")).expect("sums");
        let csv = rollup::overview(&ms, &sum).to_csv();
        let body = csv.strip_prefix('\u{feff}').expect("a byte-order mark for Excel and WPS");
        let rows = parse_csv(body);
        assert_eq!(rows.len(), 1 + 5 + 1);
        assert_eq!(rows[0][..3], ["单位", "数据文件", "本年新收"]);
        assert_eq!(rows[5][0], "临江县“第五”局,分局");
        assert_eq!(rows[6][0], "合计");
        let r = &sum.report;
        let q = &r.requests;
        let carried = |kind| q.rows_of(kind).map(|row| row.sum()).sum::<u64>();
        let [review, direct, after] = &r.appeals.groups;
        let expected = [
            q.row("new").sum(),
            carried(RowKind::CarriedIn),
            q.row("granted").sum(),
            q.total()[6],
            carried(RowKind::CarriedOut),
            review.sum(),
            direct.sum() + after.sum(),
        ];
        let total: Vec<u64> = rows[6][2..9].iter().map(|c| c.parse().expect("a count")).collect();
        assert_eq!(total, expected, "{edition:?}");
        // Each count column of the sum row is the column's sum.
        for c in 2..9 {
            let column: u64 = rows[1..6].iter().map(|row| row[c].parse::<u64>().unwrap()).sum();
            assert_eq!(column, total[c - 2], "{edition:?} column {}", rows[0][c]);
        }
        // The amount as the sum wrote it (2019 reports state no amount of fees: blank).
        let fee = &rows[6][rows[0].iter().position(|h| h.starts_with("行政事业性收费")).unwrap()];
        let rows2 = r.proactive.rows();
        let cells = &rows2.iter().find(|(d, _)| d.id == T2Id::Fees).unwrap().1;
        let amount = cells.iter().find_map(|c| match c {
            T2Cell::Money(v) => Some(v.value.text.clone()),
            _ => None,
        });
        assert_eq!(*fee, amount.unwrap_or_default(), "{edition:?}");
    }
}

#[test]
fn the_overview_as_html_escapes_the_agencies() {
    let mut ms = members(Edition::E2021, 2);
    let mut odd = ms[1].report.clone();
    odd.agency.value = "<script>alert(1)</script>局".to_string();
    ms[1] = member("m2.yaml", odd);
    let sum = rollup::sum(&ms, &options("临江县人民政府")).expect("sums");
    let html = rollup::overview(&ms, &sum).to_html();
    assert!(html.starts_with("<!DOCTYPE html>"), "{html}");
    assert!(html.contains("<td>&lt;script&gt;alert(1)&lt;/script&gt;局</td>"), "{html}");
    assert!(!html.contains("<script>"), "{html}");
    assert!(html.contains("<tr class=\"total\"><td>合计</td>"), "{html}");
}

#[test]
fn exit_codes_of_check_members_and_sum_overview() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let r = root();
    let book = |f: &str| r.join("book/examples").join(f).display().to_string();
    let members = ["rollup/jiaoyu.yaml", "rollup/caizheng.yaml", "rollup/chengguan.yaml"].map(book);
    let mut args = vec!["sum", "--agency", "临江县人民政府", "-o", "sum.yaml", "--overview", "o.html"];
    args.extend(members.iter().map(String::as_str));
    let (code, out) = xxgk(&args, d);
    assert_eq!(code, 0, "{out}");
    let html = std::fs::read_to_string(d.join("o.html")).expect("the overview is written");
    assert!(html.contains("<td>合计</td>"), "{html}");
    // The overview's format comes from its extension: another is a usage error (2), before summing.
    let mut bad = vec!["sum", "--agency", "临江县人民政府", "-o", "other.yaml", "--overview", "o.txt"];
    bad.extend(members.iter().map(String::as_str));
    assert_eq!(xxgk(&bad, d).0, 2);
    assert!(!d.join("other.yaml").exists());

    let mut check = vec!["check", "sum.yaml", "--members"];
    check.extend(members.iter().map(String::as_str));
    let (code, out) = xxgk(&check, d);
    assert_eq!(code, 0, "{out}");
    let text = std::fs::read_to_string(d.join("sum.yaml")).unwrap();
    std::fs::write(d.join("sum.yaml"), text.replace("  行政许可: 8 ", "  行政许可: 9 ")).unwrap();
    let (code, out) = xxgk(&check, d);
    assert_eq!(code, 1, "{out}");
    let line = line_of(&text, "行政许可:");
    assert!(
        out.contains(&format!(
            "错误[SUM-MISMATCH]: 表二“行政许可”“本年处理决定数量”列：汇总文件为 9，各成员之和为 8\n  --> sum.yaml:{line}:"
        )),
        "{out}"
    );
    // Members that cannot be summed (1); --members with two files (2).
    let twice = ["check", "sum.yaml", "--members", members[0].as_str(), members[0].as_str()];
    let (code, out) = xxgk(&twice, d);
    assert_eq!(code, 1, "{out}");
    assert!(out.contains("错误[SUM-DUP]") && out.contains("无法核对汇总文件"), "{out}");
    let two = ["check", "sum.yaml", "sum.yaml", "--members", members[0].as_str()];
    assert_eq!(xxgk(&two, d).0, 2);
}
