//! The data-file writer: a report written and loaded again is the same report, for the examples, for
//! `init`'s blank reports, and for random figures and awkward prose.

use proptest::prelude::*;
use regex::Regex;
use std::path::Path;
use std::sync::LazyLock;
use xxgk::check::check;
use xxgk::datafile;
use xxgk::load::{load_file, load_str};
use xxgk::model::*;

const EXAMPLES: [&str; 2] = ["examples/kaifu-2019.yaml", "examples/county-2021.yaml"];

/// The report without the positions it was read from (which the written file moves), as text.
fn without_positions(r: &Report) -> String {
    static POS: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"Pos \{ line: \d+, col: \d+ \}").unwrap());
    static PROSE: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"first_line: \d+, col: \d+").unwrap());
    let text = format!("{r:?}");
    PROSE.replace_all(&POS.replace_all(&text, "Pos"), "first_line").into_owned()
}

/// Write, load, and compare; returns the written text.
fn round_trip(report: &Report) -> Result<String, String> {
    let text = datafile::write(report);
    let back = load_str(&text).map_err(|f| format!("written file does not load: {f:#?}\n{text}"))?;
    if without_positions(&back) != without_positions(report) {
        return Err(format!("loaded back differently:\n{report:#?}\n{back:#?}\n{text}"));
    }
    Ok(text)
}

/// Findings without their positions.
fn findings(r: &Report) -> Vec<String> {
    check(r, None).iter().map(|f| format!("{:?} {:?} {}", f.rule, f.severity, f.message)).collect()
}

#[test]
fn examples_round_trip_with_the_same_findings() {
    for example in EXAMPLES {
        let path = Path::new(env!("CARGO_MANIFEST_DIR")).join(example);
        let (_, report) = load_file(&path).expect("example loads");
        let text = round_trip(&report).unwrap_or_else(|e| panic!("{example}: {e}"));
        let back = load_str(&text).expect("loads");
        assert_eq!(findings(&back), findings(&report), "{example}");
        // Writing is a fixed point: the written file writes itself.
        assert_eq!(datafile::write(&back), text, "{example}");
    }
}

#[test]
fn init_is_the_blank_report_written() {
    for year in [2019, 2020, 2021, 2024] {
        let blank = xxgk::init::blank(year, "某某市某某局");
        let text = round_trip(&blank).unwrap_or_else(|e| panic!("{year}: {e}"));
        assert_eq!(text, xxgk::init::data_file(year, "某某市某某局"));
    }
}

/// Pieces of text that YAML could take for syntax.
const AWKWARD: &[&str] = &[
    "正文",
    "一、标题",
    "“引号”",
    "\"",
    "'",
    ": ",
    ":",
    "：",
    "#",
    " #注释",
    " ",
    "  ",
    "　　",
    "- ",
    "-",
    "\n",
    "\n\n",
    "|",
    ">",
    "[",
    "{",
    "}",
    "*",
    "&",
    "!",
    "%",
    "@",
    "`",
    "---",
    "...",
    "\\",
    "\t",
    "\r\n",
    "null",
    "12",
];

fn awkward_text() -> impl Strategy<Value = String> {
    prop::collection::vec(prop::sample::select(AWKWARD), 0..14).prop_map(|v| v.concat())
}

/// A one-line text as the loader keeps it: trimmed and not empty.
fn awkward_line() -> impl Strategy<Value = String> {
    awkward_text().prop_map(|t| {
        let t = t.trim();
        if t.is_empty() { "某某局".to_string() } else { t.to_string() }
    })
}

fn prose(text: String) -> Prose {
    Prose { text, first_line: 0, col: 0 }
}

fn money() -> impl Strategy<Value = Money> {
    (0u64..10_000_000, prop::option::of((1usize..=4, 0u64..10_000))).prop_map(|(whole, frac)| {
        let text = match frac {
            Some((digits, f)) => format!("{whole}.{:0digits$}", f % 10u64.pow(digits as u32)),
            None => whole.to_string(),
        };
        Money::parse(&text).unwrap()
    })
}

fn val<T>(value: T) -> Val<T> {
    Val::new(value, Pos::default())
}

/// Fills table 二's cells in definition order from `figures`.
fn fill_table_2(p: &Proactive, figures: &[(u64, i64, Money)]) -> Proactive {
    let mut next = figures.iter().cycle();
    let rows: Vec<(T2Id, Vec<T2Cell>)> = p
        .rows()
        .into_iter()
        .map(|(def, _)| {
            let cells = def
                .cols
                .iter()
                .map(|c| {
                    let (count, signed, money) = next.next().unwrap();
                    match c.kind {
                        T2Kind::Count => T2Cell::Count(val(*count)),
                        T2Kind::Signed => T2Cell::Signed(val(*signed)),
                        T2Kind::Money(_) => T2Cell::Money(val(money.clone())),
                    }
                })
                .collect();
            (def.id, cells)
        })
        .collect();
    Proactive::from_rows(p.edition(), &rows).unwrap()
}

prop_compose! {
    fn report()(
        year in 2019i64..=2030,
        given in any::<bool>(),
        agency in awkward_line(),
        title in prop::option::of(awkward_line()),
        url in prop::option::of(awkward_line()),
        contacts in prop::collection::vec(prop::option::of(awkward_line()), 5),
        unit in prop::option::of(awkward_line()),
        counts in prop::collection::vec((0u64..=10_000_000, prop::option::of(0u64..100)), 25),
        table2 in prop::collection::vec((0u64..1000, -500i64..500, money()), 1..20),
        appeals in prop::collection::vec((0u64..50, prop::option::of(0u64..200)), 3),
        texts in prop::collection::vec(awkward_text(), 6),
        topics in prop::collection::vec(any::<bool>(), 4),
        one_text in any::<bool>(),
        fee in money(),
        total in prop::option::of([0u64..100, 0..100, 0..100, 0..100, 0..100, 0..100, 0..700]),
    ) -> Report {
        let mut r = xxgk::init::blank(year, &agency);
        r.edition_given = given.then(|| val(r.edition.year()));
        r.title = title.map(val);
        r.url = url;
        let [address, postcode, phone, fax, email]: [Option<String>; 5] = contacts.try_into().unwrap();
        r.contacts = Contacts { address, postcode, phone, fax, email };
        r.signature.unit = unit;
        for (row, (c, t)) in r.requests.rows.iter_mut().zip(&counts) {
            row.values = std::array::from_fn(|i| val(c.saturating_sub(i as u64)));
            row.given_total = t.map(val);
        }
        r.requests.given_total = total.map(|t| {
            let mut row = Row::zero(&TOTAL_ROW, Pos::default());
            row.values = std::array::from_fn(|i| val(t[i]));
            row.given_total = Some(val(t[6]));
            row
        });
        r.proactive = fill_table_2(&r.proactive, &table2);
        for (g, (n, t)) in r.appeals.groups.iter_mut().zip(&appeals) {
            g.values = std::array::from_fn(|i| val(n + i as u64));
            g.given_total = t.map(val);
        }
        r.overview = prose(texts[0].clone());
        r.problems = prose(texts[1].clone());
        r.other = if r.edition == Edition::E2019 || one_text {
            Other { prose: Some(prose(texts[2].clone())), ..Other::default() }
        } else {
            Other {
                fee: Some(val(fee)),
                topics: OTHER_TOPICS
                    .iter()
                    .zip(&topics)
                    .zip(&texts[2..])
                    .filter(|((_, keep), _)| **keep)
                    .map(|(((_, id, _), _), text)| (*id, prose(text.clone())))
                    .collect(),
                ..Other::default()
            }
        };
        r
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(128))]

    #[test]
    fn any_report_round_trips(r in report()) {
        if let Err(e) = round_trip(&r) {
            prop_assert!(false, "{}", e);
        }
    }
}
