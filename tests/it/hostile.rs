//! Hostile input that must neither hang nor crash: megabytes of prose without a full stop (and
//! tens of thousands of findings on it), a megabyte number, damaged font files in a font folder.

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
    findings.iter().filter(|f| f.rule.id() == rule).count()
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
        ("予以公开及部分公开5件，", "PRO-RESULTS"),
        ("（一）（二）两项合计5件，", "PRO-RESULTS"),
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

/// Runs `xxgk check` on `data` (plus `args`), failing if it takes more than `limit`; the exit code
/// and standard output.
fn run_check(data: &std::path::Path, args: &[&str], limit: Duration) -> (Option<i32>, String) {
    let started = Instant::now();
    let out = assert_cmd::Command::cargo_bin("xxgk")
        .expect("binary built")
        .arg("check")
        .arg(data)
        .args(args)
        .timeout(limit)
        .output()
        .expect("runs");
    assert!(started.elapsed() < limit, "check {args:?} took {:?}", started.elapsed());
    (out.status.code(), String::from_utf8(out.stdout).expect("UTF-8"))
}

/// The longest line of `text`, in characters.
fn widest(text: &str) -> usize {
    text.lines().map(|l| l.chars().count()).max().unwrap_or(0)
}

/// 80,000 findings on one 3 MB line: `check` printed the whole line under each finding, locating
/// it by counting lines from the top each time (23 GB of memory in 300 s). Now the line is shown
/// around the column, 50 findings of a rule are shown and the rest counted, the summary counts
/// them all; JSON lists them all, in linear size.
#[test]
fn eighty_thousand_findings_on_a_3_mb_line_print_in_bounded_output() {
    const TIMES: usize = 80_000;
    const LIMIT: Duration = Duration::from_secs(30);
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data.yaml");
    std::fs::write(&data, with_overview("收到政府信息公开申请62件，", TIMES)).unwrap();

    let (code, text) = run_check(&data, &[], LIMIT);
    assert_eq!(code, Some(0), "{}", &text[..text.len().min(2000)]);
    assert!(text.len() < 64 * 1024, "{} bytes", text.len());
    assert!(widest(&text) < 200, "a line of {} characters", widest(&text));
    assert_eq!(text.matches("警告[PRO-NEW]").count(), 50);
    assert_eq!(
        text.matches("……另有 79950 条同类问题（PRO-NEW）未逐条列出，本文件共 80000 条").count(),
        1,
        "{text}"
    );
    assert!(text.ends_with("共 0 个错误、80000 个警告、0 个提示\n"), "{text}");
    // The line's start, cut, and the caret under the column of the prose.
    assert!(text.contains("|   收到政府信息公开申请62件，收到"), "{text}");
    assert!(text.contains("收到政府信息公…\n   |   ^\n"), "{text}");

    let (code, json) = run_check(&data, &["--format", "json"], LIMIT);
    assert_eq!(code, Some(0));
    assert!(json.len() < TIMES * 400, "{} bytes", json.len());
    let doc: serde_json::Value = serde_json::from_str(&json).expect("valid JSON");
    assert_eq!(doc["files"][0]["findings"].as_array().unwrap().len(), TIMES);
    assert_eq!(doc["summary"]["warnings"], TIMES);
}

/// A 1 MB number was echoed whole in the message and in the source line (2 MB of output): both
/// are cut, keeping the message's start and its end (the reason), in text and JSON alike.
#[test]
fn a_megabyte_number_is_cut_in_messages_and_source_lines() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data.yaml");
    let huge = "9".repeat(1_000_000);
    std::fs::write(
        &data,
        example("county-2021.yaml").replacen("行政许可: 1265", &format!("行政许可: {huge}"), 1),
    )
    .unwrap();
    let (code, text) = run_check(&data, &[], Duration::from_secs(30));
    assert_eq!(code, Some(1), "{}", &text[..text.len().min(2000)]);
    assert!(text.len() < 4096, "{} bytes", text.len());
    // The loader names the number by its length; diag would cut any message still too long.
    assert!(text.contains("（1000000 位）"), "{text}");
    assert!(text.contains("|   行政许可: 999") && text.contains("999…\n"), "{text}");
    let first = text.lines().next().unwrap();
    assert!(first.chars().count() < 400, "{first}");

    let (_, json) = run_check(&data, &["--format", "json"], Duration::from_secs(30));
    assert!(json.len() < 4096, "{} bytes", json.len());
    let doc: serde_json::Value = serde_json::from_str(&json).expect("valid JSON");
    let message = doc["files"][0]["findings"][0]["message"].as_str().unwrap();
    assert_eq!(message, first.split_once("]: ").unwrap().1);
}

/// The embedded sans-serif font, to damage.
fn embedded_font() -> Vec<u8> {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    std::fs::read(root.join("assets/fonts/XXGKNotoSansSC-Regular.otf")).expect("font present")
}

fn be32(data: &[u8], at: usize) -> usize {
    u32::from_be_bytes(data[at..at + 4].try_into().unwrap()) as usize
}

/// Offset of the first subtable of the font's character map (`cmap`).
fn cmap_subtable(font: &[u8]) -> usize {
    let tables = u16::from_be_bytes([font[4], font[5]]) as usize;
    let record = (0..tables).map(|i| 12 + 16 * i).find(|&r| &font[r..r + 4] == b"cmap").expect("cmap");
    let cmap = be32(font, record + 8);
    cmap + be32(font, cmap + 4 + 4)
}

/// Damaged fonts as a clerk may download them:
/// - a collection header of 12 bytes claiming 4,294,967,295 faces, and one claiming 16M: fontdb
///   tried each claimed face in turn (16M took half a second, 4 billion would take minutes; in a
///   debug build the larger claim trips an assertion in ttf-parser and the run ends);
/// - the embedded font with a one-group format-12 character map whose end code lost its high byte
///   to 0xFF: typst listed all 4 billion characters (an allocation of gigabytes, then an abort).
///   The embedded fonts carry format 4 maps, where one byte can list at most ~19M characters;
/// - the embedded font with one byte of its format 4 map changed (the segment count): 18.7M
///   characters.
fn damaged_fonts(dir: &std::path::Path) -> Vec<std::path::PathBuf> {
    let mut collection = b"ttcf\x00\x01\x00\x00".to_vec();
    let huge = [collection.clone(), u32::MAX.to_be_bytes().to_vec()].concat();
    collection.extend(0x00FF_FFFFu32.to_be_bytes());
    let font = embedded_font();
    let sub = cmap_subtable(&font);
    let mut wide = font.clone();
    // format 12, reserved, length, language, 1 group: U+0020..U+007E from glyph 1.
    let header = [12u16.to_be_bytes(), [0; 2]].concat();
    let group = [28u32, 0, 1, 0x20, 0x7E, 1].iter().flat_map(|v| v.to_be_bytes()).collect::<Vec<u8>>();
    wide[sub..sub + 4].copy_from_slice(&header);
    wide[sub + 4..sub + 28].copy_from_slice(&group);
    wide[sub + 20] = 0xFF;
    let mut segments = font.clone();
    segments[sub + 6] = 20;
    let files = [
        ("损坏的集合.ttc", huge),
        ("collection-16m.TTC", collection),
        ("wide-cmap.otf", wide),
        ("segments.ttf", segments),
    ];
    files
        .into_iter()
        .map(|(name, data)| {
            let path = dir.join(name);
            std::fs::write(&path, data).unwrap();
            path
        })
        .collect()
}

/// A PDF render and `xxgk fonts` with damaged fonts in `--font-dir`: each damaged file is skipped
/// and named, in bounded time.
#[test]
fn damaged_fonts_in_a_font_folder_are_skipped_and_named() {
    let dir = tempfile::tempdir().unwrap();
    let fonts = dir.path().join("字体");
    std::fs::create_dir(&fonts).unwrap();
    let files = damaged_fonts(&fonts);
    let data = dir.path().join("data.yaml");
    std::fs::write(&data, example("county-2021.yaml")).unwrap();
    let run = |args: &[&str]| {
        let out = assert_cmd::Command::cargo_bin("xxgk")
            .expect("binary built")
            .args(args)
            .arg("--font-dir")
            .arg(&fonts)
            .args(["--no-system-fonts"])
            .env_remove("XXGK_FONT_PATH")
            .timeout(Duration::from_secs(120))
            .output()
            .expect("runs");
        // `render` reports on stderr, `fonts` on stdout.
        let text = String::from_utf8_lossy(&[out.stdout, out.stderr].concat()).into_owned();
        assert_eq!(out.status.code(), Some(0), "{text}");
        text
    };
    let out_dir = dir.path().join("out");
    std::fs::create_dir(&out_dir).unwrap();
    let rendered =
        run(&["render", data.to_str().unwrap(), "-f", "pdf", "-q", "-o", out_dir.to_str().unwrap()]);
    let listed = run(&["fonts"]);
    for out in [&rendered, &listed] {
        for file in &files {
            let notice = format!("已跳过字体文件“{}”（--font-dir 目录）：", file.display());
            assert_eq!(out.matches(&notice).count(), 1, "{notice}\n{out}");
        }
        assert!(out.contains("声明含 4294967295 个字体"), "{out}");
        assert!(out.contains("超过上限"), "{out}");
    }
    // The same files found through XXGK_FONT_PATH.
    let out = assert_cmd::Command::cargo_bin("xxgk")
        .expect("binary built")
        .args(["fonts", "--no-system-fonts"])
        .env("XXGK_FONT_PATH", &fonts)
        .timeout(Duration::from_secs(120))
        .output()
        .expect("runs");
    let listed = String::from_utf8_lossy(&out.stdout);
    assert_eq!(out.status.code(), Some(0), "{listed}");
    assert_eq!(listed.matches("（环境变量 XXGK_FONT_PATH 目录）：").count(), files.len(), "{listed}");
    assert!(rendered.contains("已生成"), "{rendered}");
    let pdf = std::fs::read_dir(&out_dir).unwrap().next().expect("a PDF written").unwrap().path();
    assert!(std::fs::read(pdf).unwrap().starts_with(b"%PDF"));
}

/// Loads `path` on another thread, failing if that does not end within a few seconds.
#[cfg(unix)]
fn load_within(path: &std::path::Path) -> Result<(), xxgk::load::LoadError> {
    let (tx, rx) = std::sync::mpsc::channel();
    let path = path.to_path_buf();
    std::thread::spawn(move || tx.send(xxgk::load::load_file(&path).map(|_| ())));
    rx.recv_timeout(Duration::from_secs(10)).expect("loading ended")
}

/// `check /dev/zero` read forever (the size cap looked only at the reported size, 0), and a FIFO
/// without a writer blocked in `open`: what is not a regular file is refused before it is opened,
/// in Chinese; a symlink to a data file is read as that file; a symlink loop is named in Chinese.
#[cfg(unix)]
#[test]
fn devices_pipes_and_symlink_loops_are_refused_at_once() {
    use xxgk::load::LoadError;
    let dir = tempfile::tempdir().unwrap();
    let fifo = dir.path().join("管道.yaml");
    let made = std::process::Command::new("mkfifo").arg(&fifo).status().expect("mkfifo runs");
    assert!(made.success());
    for path in [std::path::Path::new("/dev/zero"), &fifo] {
        match load_within(path) {
            Err(LoadError::Io { reason, .. }) => assert!(reason.contains("不是普通文件"), "{reason}"),
            other => panic!("{}: {other:?}", path.display()),
        }
    }
    let looped = dir.path().join("loop.yaml");
    std::os::unix::fs::symlink(&looped, &looped).unwrap();
    match load_within(&looped) {
        Err(LoadError::Io { reason, .. }) => assert!(reason.contains("循环"), "{reason}"),
        other => panic!("{other:?}"),
    }
    let linked = dir.path().join("link.yaml");
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    std::os::unix::fs::symlink(root.join("examples/county-2021.yaml"), &linked).unwrap();
    load_within(&linked).expect("a symlink to a data file loads");
    // The command line: an I/O error, exit 2, in Chinese.
    let out = assert_cmd::Command::cargo_bin("xxgk").unwrap().args(["check", "/dev/zero"]).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    let said = String::from_utf8_lossy(&out.stdout) + String::from_utf8_lossy(&out.stderr);
    assert!(said.contains("不是普通文件"), "{said}");
}
