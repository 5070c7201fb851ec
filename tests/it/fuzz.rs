//! A mutation harness: the example data files, damaged in the ways a clerk's editor, a copy and
//! paste or an attacker would (bytes flipped, lines dropped or doubled, full-width characters, YAML
//! tags, deep nesting, huge numbers, control characters, odd line endings), through loading,
//! checking, the JSON and text output and rendering to Markdown, in-process, and a sample through
//! the command line. Asserts: no panic, exit codes 0/1/2 only, valid JSON, and no English sentence
//! (three ASCII words in a row) in any message.
//!
//! `fuzz_briefly` runs ~10 s in every test run; `cargo test -- --ignored fuzz` runs `fuzz_long`
//! for `XXGK_FUZZ_SECS` seconds (default 60). `XXGK_FUZZ_SEED` repeats a run. Failing cases are
//! written to `target/fuzz-failures/`, and the case being run to `target/fuzz-last.bin` (a stack
//! overflow aborts the process before anything else can be said).

use crate::check::english;
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};
use xxgk::render::{Format, Renderer};

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// The data files to mutate: the examples and the book's examples.
fn seeds() -> Vec<Vec<u8>> {
    let mut out = Vec::new();
    for dir in ["examples", "examples/invalid", "book/examples"] {
        let mut paths: Vec<PathBuf> = std::fs::read_dir(root().join(dir))
            .map(|d| d.flatten().map(|e| e.path()).collect())
            .unwrap_or_default();
        paths.sort();
        out.extend(
            paths
                .iter()
                .filter(|p| p.extension().is_some_and(|e| e == "yaml"))
                .filter_map(|p| std::fs::read(p).ok()),
        );
    }
    assert!(out.len() >= 3, "seed files found");
    out
}

/// xorshift64*: small, reproducible, good enough to pick mutations.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }
    fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len())]
    }
}

const INSERTS: &[&str] = &[
    "：",
    "，",
    "、",
    "　",
    "１２",
    "．",
    "－",
    "“",
    "\u{200b}",
    "\u{202e}",
    "\u{feff}",
    "!!str ",
    "!!int ",
    "!!python/object ",
    "!foo ",
    "!!map ",
    "&a ",
    "*a",
    "*b ",
    "<<: ",
    "%YAML 1.2\n",
    "---\n",
    "...\n",
    "? ",
    "- ",
    ": ",
    "#",
    "|",
    ">",
    "\"",
    "'",
    "[",
    "]",
    "{",
    "}",
    ",",
    "@",
    "`",
    "\t",
    "\r",
    "\r\n",
    "\u{0}",
    "\u{1}",
    "\u{1b}[2J",
    "\u{7f}",
    ".nan",
    ".inf",
    "-.inf",
    "1e999",
    "0x1F",
    "0o17",
    "09",
    "0011",
    "-0",
    "+5",
    "1_000",
    "12.3456789",
    "~",
    "null",
    "true",
    "NO",
    "2024-02-30",
    "\\u0000",
];

/// One random damage to `data`.
fn mutate(rng: &mut Rng, data: &mut Vec<u8>) {
    let at = |rng: &mut Rng, data: &Vec<u8>| rng.below(data.len() + 1);
    let line_starts = |data: &Vec<u8>| -> Vec<usize> {
        std::iter::once(0)
            .chain(data.iter().enumerate().filter(|(_, b)| **b == b'\n').map(|(i, _)| i + 1))
            .collect()
    };
    match rng.below(12) {
        0 if !data.is_empty() => {
            let i = rng.below(data.len());
            data[i] ^= 1 << rng.below(8);
        }
        1 if !data.is_empty() => {
            let i = rng.below(data.len());
            data[i] = rng.next() as u8;
        }
        2 | 3 => {
            // Delete or duplicate a line.
            let starts = line_starts(data);
            let k = rng.below(starts.len());
            let (a, b) = (starts[k], starts.get(k + 1).copied().unwrap_or(data.len()));
            if rng.below(2) == 0 {
                data.drain(a..b);
            } else {
                let line = data[a..b].to_vec();
                data.splice(a..a, line);
            }
        }
        4..=6 => {
            let s = rng.pick(INSERTS).as_bytes().to_vec();
            let i = at(rng, data);
            data.splice(i..i, s);
        }
        7 => {
            // Deep nesting, in brackets or by indentation.
            let n = 1 + rng.below(400);
            let i = line_starts(data)[rng.below(line_starts(data).len())];
            let s = if rng.below(2) == 0 {
                format!("x: {}{}\n", "[".repeat(n), "]".repeat(n * rng.below(2)))
            } else {
                (0..n.min(120)).map(|k| format!("{}k{k}:\n", "  ".repeat(k))).collect()
            };
            data.splice(i..i, s.into_bytes());
        }
        8 => {
            // A huge or odd number where a value is.
            let s = match rng.below(3) {
                0 => "9".repeat(1 + rng.below(5000)),
                1 => format!("{}.{}", rng.next(), "5".repeat(rng.below(12))),
                _ => format!("-{}", rng.next()),
            };
            let spots: Vec<usize> =
                data.windows(2).enumerate().filter(|(_, w)| *w == b": ").map(|(i, _)| i + 2).collect();
            if !spots.is_empty() {
                let i = *rng.pick(&spots);
                let end = data[i..].iter().position(|&b| b == b'\n').map_or(data.len(), |p| i + p);
                data.splice(i..end, s.into_bytes());
            }
        }
        9 => {
            // Line endings: all CR, all CRLF.
            let text = String::from_utf8_lossy(data).replace("\r\n", "\n");
            *data = if rng.below(2) == 0 { text.replace('\n', "\r") } else { text.replace('\n', "\r\n") }
                .into_bytes();
        }
        10 => {
            // Many list items.
            let n = rng.below(300_000);
            data.extend(format!("\n列表:\n{}", "- 1\n".repeat(n)).into_bytes());
        }
        _ => {
            // Truncate.
            let n = rng.below(data.len() + 1);
            data.truncate(n);
        }
    }
}

/// Three ASCII words in a row, outside the quoted parts of a message (values echoed from the file)
/// and outside brackets (a rule id such as `[T2-VALID-GE-MADE]` is not English).
fn english_in(message: &str) -> Option<String> {
    let mut unquoted = String::new();
    let mut depth = 0usize;
    for c in message.chars() {
        match c {
            '“' | '[' => depth += 1,
            '”' | ']' => depth = depth.saturating_sub(1),
            _ if depth == 0 => unquoted.push(c),
            _ => {}
        }
    }
    english(&unquoted)
}

#[derive(Default)]
struct Tally {
    cases: usize,
    cli: usize,
    loaded: usize,
    exits: [usize; 3],
    failures: Vec<String>,
    slowest: Duration,
}

/// Loads, checks and renders one case in-process; what went wrong, if anything.
fn in_process(path: &Path, renderer: &Renderer, tally: &mut Tally) -> Result<(), String> {
    let result = catch_unwind(AssertUnwindSafe(|| -> Result<bool, String> {
        let mut messages = Vec::new();
        let loaded = match xxgk::load::load_file(path) {
            Ok((source, report)) => {
                let findings = xxgk::check::check(&report, None);
                let _ = xxgk::diag::render_all(&findings, "case.yaml", Some(&source.text));
                messages.extend(findings.iter().map(|f| f.message.clone()));
                let json: Vec<_> = findings.iter().map(|f| xxgk::diag::to_json(f, "case.yaml")).collect();
                serde_json::from_str::<serde_json::Value>(&serde_json::to_string(&json).unwrap())
                    .map_err(|e| format!("JSON: {e}"))?;
                match renderer.document(&report, None, false) {
                    Ok(doc) => {
                        if let Err(e) =
                            renderer.output(&doc, Format::Markdown, &xxgk::style::Style::default())
                        {
                            messages.push(e.to_string());
                        }
                    }
                    Err(e) => messages.push(e.to_string()),
                }
                true
            }
            Err(xxgk::load::LoadError::Data { findings }) => {
                let _ = xxgk::diag::render_all(&findings, "case.yaml", None);
                messages.extend(findings.iter().map(|f| f.message.clone()));
                false
            }
            Err(e) => {
                messages.push(e.to_string());
                false
            }
        };
        for m in &messages {
            if let Some(words) = english_in(m) {
                return Err(format!("English “{words}” in: {m}"));
            }
        }
        Ok(loaded)
    }));
    match result {
        Ok(Ok(loaded)) => {
            tally.loaded += usize::from(loaded);
            Ok(())
        }
        Ok(Err(e)) => Err(e),
        Err(panic) => Err(format!(
            "panic: {}",
            panic
                .downcast_ref::<String>()
                .cloned()
                .or(panic.downcast_ref::<&str>().map(|s| s.to_string()))
                .unwrap_or_default()
        )),
    }
}

/// `check`, `check --format json` and `render -f md` through the command line.
fn through_cli(path: &Path, out: &Path, tally: &mut Tally) -> Result<(), String> {
    let run = |args: &[&str]| {
        let o = assert_cmd::Command::cargo_bin("xxgk")
            .unwrap()
            .args(args)
            .arg(path)
            .timeout(Duration::from_secs(60))
            .output()
            .map_err(|e| format!("xxgk did not run: {e}"))?;
        Ok::<_, String>((
            o.status.code(),
            String::from_utf8_lossy(&o.stdout).into_owned(),
            String::from_utf8_lossy(&o.stderr).into_owned(),
        ))
    };
    // A fresh folder each time: render never replaces a file it did not just write.
    let _ = std::fs::remove_dir_all(out);
    std::fs::create_dir_all(out).map_err(|e| e.to_string())?;
    let out_dir = out.to_string_lossy().into_owned();
    for args in
        [&["check"][..], &["check", "--format", "json"], &["render", "-q", "-f", "md", "-o", &out_dir]]
    {
        let (code, stdout, stderr) = run(args)?;
        match code {
            Some(c @ 0..=2) => tally.exits[c as usize] += 1,
            other => return Err(format!("{args:?}: exit {other:?}\n{stderr}")),
        }
        if args.contains(&"json") {
            let v: serde_json::Value =
                serde_json::from_str(&stdout).map_err(|e| format!("invalid JSON ({e}):\n{stdout}"))?;
            let mut found = Vec::new();
            collect_messages(&v, &mut found);
            if let Some(m) = found.iter().find(|m| english_in(m).is_some()) {
                return Err(format!("{args:?}: English in JSON message: {m}"));
            }
        } else {
            // Messages only: source lines (` 12 | …`, `  --> …`) echo the file itself.
            for line in stdout.lines().chain(stderr.lines()) {
                if line.starts_with([' ', '0', '1', '2', '3', '4', '5', '6', '7', '8', '9']) {
                    continue;
                }
                if let Some(words) = english_in(line) {
                    return Err(format!("{args:?}: English “{words}” in: {line}"));
                }
            }
        }
    }
    tally.cli += 1;
    Ok(())
}

fn collect_messages(v: &serde_json::Value, out: &mut Vec<String>) {
    match v {
        serde_json::Value::Object(m) => m.iter().for_each(|(k, v)| match v {
            serde_json::Value::String(s) if k == "message" => out.push(s.clone()),
            _ => collect_messages(v, out),
        }),
        serde_json::Value::Array(a) => a.iter().for_each(|v| collect_messages(v, out)),
        _ => {}
    }
}

/// Runs mutated cases for `budget`, one in `cli_every` also through the command line.
fn fuzz(budget: Duration, cli_every: usize) -> Tally {
    let seed = std::env::var("XXGK_FUZZ_SEED").ok().and_then(|s| s.parse().ok()).unwrap_or_else(|| {
        std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map_or(1, |d| d.as_nanos() as u64)
            | 1
    });
    eprintln!("fuzz: XXGK_FUZZ_SEED={seed}");
    let mut rng = Rng(seed);
    let seeds = seeds();
    let renderer = Renderer::new(None).unwrap();
    let dir = tempfile::tempdir().unwrap();
    let (case, out) = (dir.path().join("case.yaml"), dir.path().join("out"));
    let target = root().join("target");
    let failures = target.join("fuzz-failures");
    let mut tally = Tally::default();
    let started = Instant::now();
    while started.elapsed() < budget {
        let mut data = rng.pick(&seeds).clone();
        for _ in 0..1 + rng.below(4) {
            mutate(&mut rng, &mut data);
        }
        std::fs::write(&case, &data).unwrap();
        let _ = std::fs::write(target.join("fuzz-last.bin"), &data);
        let t = Instant::now();
        let mut result = in_process(&case, &renderer, &mut tally);
        if result.is_ok() && tally.cases % cli_every == 0 {
            result = through_cli(&case, &out, &mut tally);
        }
        tally.slowest = tally.slowest.max(t.elapsed());
        if let Err(why) = result {
            let _ = std::fs::create_dir_all(&failures);
            let name = failures.join(format!("case-{seed}-{}.yaml", tally.cases));
            let _ = std::fs::write(&name, &data);
            tally.failures.push(format!("{}: {why}", name.display()));
        }
        tally.cases += 1;
    }
    eprintln!(
        "fuzz: {} cases ({} loaded, {} through the CLI, exits 0/1/2: {:?}), slowest {:?}, {} failures",
        tally.cases,
        tally.loaded,
        tally.cli,
        tally.exits,
        tally.slowest,
        tally.failures.len()
    );
    tally
}

fn assert_clean(tally: &Tally) {
    let shown: Vec<&String> = tally.failures.iter().take(20).collect();
    assert!(tally.failures.is_empty(), "{} failing cases:\n{shown:#?}", tally.failures.len());
}

/// A short run in every `cargo test`.
#[test]
fn fuzz_briefly() {
    let tally = fuzz(Duration::from_secs(10), 40);
    // A busy machine runs few cases (some take seconds in a debug build); some is the point.
    assert!(tally.cases > 0);
    assert_clean(&tally);
}

/// `cargo test -- --ignored fuzz`, for `XXGK_FUZZ_SECS` seconds (default 60).
#[test]
#[ignore = "long-running; cargo test -- --ignored fuzz"]
fn fuzz_long() {
    let secs = std::env::var("XXGK_FUZZ_SECS").ok().and_then(|s| s.parse().ok()).unwrap_or(60);
    let tally = fuzz(Duration::from_secs(secs), 25);
    assert_clean(&tally);
}

/// Rule ids are hyphenated ASCII words; a long fuzz run flagged them as English.
#[test]
fn rule_ids_are_not_english() {
    for message in [
        "警告[T2-VALID-GE-MADE]: “行政规范性文件”：现行有效件数(3) 少于本年制发件数(5)",
        "警告[T4-LR-LE-RV]: “复议后起诉”共 3 件，多于本年已审结的行政复议 1 件",
    ] {
        assert_eq!(english_in(message), None, "{message}");
    }
    assert!(english_in("错误[D-SYNTAX]: did not find expected key").is_some());
}
