//! The user guide (`book/`) kept true by the program it describes:
//!
//! 1. every ```` ```console ```` block of the book is run and its output compared: each `$ xxgk …`
//!    line is run with the built binary in a scratch copy of the repository's `examples/` and
//!    `book/examples/` (one scratch folder per page, so the steps of a page build on each other), and
//!    what it prints (standard output, then standard error) must match the lines that follow it. A
//!    line `...` stands for any number of lines and `[..]` for any text within a line. The exit code
//!    must be 0 unless the block's info string says otherwise (```` ```console,exit=1 ````);
//!    a block ```` ```text,file=PATH ```` shows (part of) a file the commands above it wrote, and must
//!    match that file the same way;
//! 2. every rule of `xxgk::diag::Rule::ALL` has its own section in 校验规则 (`rules.md`), stating its
//!    severity, in the order of `Rule::ALL`, and there is no section for a rule the program does not
//!    have;
//! 3. every key of the data file has its entry in 数据文件 (`data.md`);
//! 4. every relative link in the book leads to a page (and heading) that exists;
//! 5. every variable a template sees is listed in 模板与地区 (`templates.md`).

use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::process::Command;
use xxgk::diag::Rule;

const BIN: &str = env!("CARGO_BIN_EXE_xxgk");

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn book_src() -> PathBuf {
    root().join("book").join("src")
}

/// Every page of the book: file name and text.
fn pages() -> BTreeMap<String, String> {
    let mut out = BTreeMap::new();
    for entry in std::fs::read_dir(book_src()).expect("book/src exists") {
        let path = entry.expect("readable entry").path();
        if path.extension().is_some_and(|e| e == "md") {
            let name = path.file_name().expect("file name").to_string_lossy().into_owned();
            let text = std::fs::read_to_string(&path).expect("page is UTF-8");
            out.insert(name, text);
        }
    }
    assert!(out.len() >= 8, "the book has its pages: {:?}", out.keys());
    out
}

fn page(name: &str) -> String {
    std::fs::read_to_string(book_src().join(name)).unwrap_or_else(|e| panic!("book/src/{name}: {e}"))
}

// ---------------------------------------------------------------------------------------------
// Fenced code blocks

struct Block {
    /// 1-based line of the opening fence.
    line: usize,
    info: String,
    lines: Vec<String>,
}

/// Fenced code blocks; a block indented inside a list item has that indentation removed.
fn code_blocks(text: &str) -> Vec<Block> {
    let mut out = Vec::new();
    let mut open: Option<(String, usize, Block)> = None;
    for (i, line) in text.lines().enumerate() {
        let trimmed = line.trim_start();
        match &mut open {
            None => {
                if let Some(rest) = trimmed.strip_prefix("```") {
                    let ticks = 3 + rest.chars().take_while(|c| *c == '`').count();
                    let info = rest.trim_start_matches('`').trim().to_string();
                    let indent = line.len() - trimmed.len();
                    open = Some(("`".repeat(ticks), indent, Block { line: i + 1, info, lines: Vec::new() }));
                }
            }
            Some((fence, indent, block)) => {
                if trimmed.starts_with(fence.as_str()) && trimmed.trim_matches('`').is_empty() {
                    let (_, _, block) = open.take().expect("open block");
                    out.push(block);
                } else {
                    let spaces = line.len() - line.trim_start_matches(' ').len();
                    block.lines.push(line[spaces.min(*indent)..].to_string());
                }
            }
        }
    }
    assert!(open.is_none(), "an unclosed code block");
    out
}

/// Text outside code blocks, line by line (1-based line numbers).
fn prose_lines(text: &str) -> Vec<(usize, &str)> {
    let mut out = Vec::new();
    let mut fence: Option<String> = None;
    for (i, line) in text.lines().enumerate() {
        let trimmed = line.trim_start();
        match &fence {
            None if trimmed.starts_with("```") => {
                let ticks = trimmed.chars().take_while(|c| *c == '`').count();
                fence = Some("`".repeat(ticks));
            }
            None => out.push((i + 1, line)),
            Some(f) => {
                if trimmed.starts_with(f.as_str()) && trimmed.trim_matches('`').is_empty() {
                    fence = None;
                }
            }
        }
    }
    out
}

// ---------------------------------------------------------------------------------------------
// 1. Console examples

struct Example {
    line: usize,
    command: String,
    expected: Vec<String>,
    exit: i32,
}

fn examples_of(block: &Block) -> Vec<Example> {
    let mut info = block.info.split(',').map(str::trim);
    assert_eq!(info.next(), Some("console"));
    let mut exit = 0;
    for attr in info {
        match attr.strip_prefix("exit=").and_then(|n| n.parse().ok()) {
            Some(n) => exit = n,
            None => panic!("line {}: unknown console attribute “{attr}”", block.line),
        }
    }
    let mut out: Vec<Example> = Vec::new();
    for (i, line) in block.lines.iter().enumerate() {
        if let Some(cmd) = line.strip_prefix("$ ") {
            out.push(Example {
                line: block.line + 1 + i,
                command: cmd.to_string(),
                expected: Vec::new(),
                exit,
            });
        } else {
            match out.last_mut() {
                Some(ex) => ex.expected.push(line.clone()),
                None => {
                    panic!("line {}: a console block must start with a `$ xxgk …` line", block.line + 1 + i)
                }
            }
        }
    }
    out
}

/// The file a code block shows: ```` ```text,file=PATH ```` (PATH relative to the scratch folder).
fn file_of(block: &Block) -> Option<String> {
    block.info.split(',').map(str::trim).find_map(|a| a.strip_prefix("file=")).map(str::to_string)
}

/// Splits a command line into words the way a shell would for the simple commands the book uses:
/// spaces separate words, single or double quotes keep spaces. Pipes, redirections and command
/// chains are refused so every example is a single xxgk call a reader can type as it is.
fn words(cmd: &str) -> Result<Vec<String>, String> {
    let mut out = Vec::new();
    let mut cur = String::new();
    let mut in_word = false;
    let mut quote: Option<char> = None;
    for c in cmd.chars() {
        match quote {
            Some(q) if c == q => quote = None,
            Some(_) => cur.push(c),
            None if c == '"' || c == '\'' => {
                quote = Some(c);
                in_word = true;
            }
            None if c.is_whitespace() => {
                if in_word {
                    out.push(std::mem::take(&mut cur));
                    in_word = false;
                }
            }
            None if "|<>;&`$*?".contains(c) => return Err(format!("shell syntax “{c}” is not supported")),
            None => {
                cur.push(c);
                in_word = true;
            }
        }
    }
    if quote.is_some() {
        return Err("unclosed quote".into());
    }
    if in_word {
        out.push(cur);
    }
    Ok(out)
}

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).expect("create scratch folder");
    for entry in std::fs::read_dir(from).expect("readable folder") {
        let entry = entry.expect("readable entry");
        let target = to.join(entry.file_name());
        if entry.file_type().expect("file type").is_dir() {
            copy_dir(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), &target).expect("copy example file");
        }
    }
}

/// A scratch folder laid out like the repository root, holding copies of the example files.
fn scratch() -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("temp dir");
    copy_dir(&root().join("examples"), &dir.path().join("examples"));
    copy_dir(&root().join("book").join("examples"), &dir.path().join("book").join("examples"));
    dir
}

/// Runs one book command; returns its exit code and what it printed (stdout, then stderr).
fn run(cmd: &[String], dir: &Path) -> (i32, String) {
    let out = Command::new(BIN)
        .args(&cmd[1..])
        .current_dir(dir)
        .env("NO_COLOR", "1")
        // Font folders of the machine running the tests must not change what the book shows.
        .env_remove("XXGK_FONT_PATH")
        .env("COLUMNS", "100")
        .output()
        .expect("xxgk runs");
    let mut text = String::from_utf8_lossy(&out.stdout).into_owned();
    text.push_str(&String::from_utf8_lossy(&out.stderr));
    (out.status.code().unwrap_or(-1), text)
}

fn trimmed_lines(text: &str) -> Vec<String> {
    let mut lines: Vec<String> = text.lines().map(|l| l.trim_end().to_string()).collect();
    while lines.last().is_some_and(|l| l.is_empty()) {
        lines.pop();
    }
    while lines.first().is_some_and(|l| l.is_empty()) {
        lines.remove(0);
    }
    lines
}

/// One expected line against one actual line: `[..]` matches any text.
fn line_matches(expected: &str, actual: &str) -> bool {
    let parts: Vec<&str> = expected.split("[..]").collect();
    if parts.len() == 1 {
        return expected == actual;
    }
    let (first, last) = (parts[0], parts[parts.len() - 1]);
    if !actual.starts_with(first) || actual.len() < first.len() + last.len() || !actual.ends_with(last) {
        return false;
    }
    let mut rest = &actual[first.len()..actual.len() - last.len()];
    for part in &parts[1..parts.len() - 1] {
        match rest.find(part) {
            Some(at) => rest = &rest[at + part.len()..],
            None => return false,
        }
    }
    true
}

/// Expected lines against actual lines: a line `...` matches any number of lines.
fn lines_match(expected: &[String], actual: &[String]) -> bool {
    match expected.split_first() {
        None => actual.is_empty(),
        Some((e, rest)) if e.trim() == "..." => {
            (0..=actual.len()).any(|skip| lines_match(rest, &actual[skip..]))
        }
        Some((e, rest)) => {
            actual.split_first().is_some_and(|(a, more)| line_matches(e, a) && lines_match(rest, more))
        }
    }
}

#[test]
fn console_examples_match_the_program() {
    let mut failures = String::new();
    let mut ran = 0;
    let mut files_checked = 0;
    let mut subcommands_run = BTreeSet::new();
    for (name, text) in pages() {
        let blocks: Vec<Block> = code_blocks(&text)
            .into_iter()
            .filter(|b| b.info.split(',').next() == Some("console") || file_of(b).is_some())
            .collect();
        if blocks.is_empty() {
            continue;
        }
        let dir = scratch();
        for block in &blocks {
            if let Some(file) = file_of(block) {
                // A file the commands above it wrote, shown (in part) in the book.
                files_checked += 1;
                let expected = trimmed_lines(&block.lines.join("\n"));
                match std::fs::read_to_string(dir.path().join(&file)) {
                    Ok(written) if lines_match(&expected, &trimmed_lines(&written)) => {}
                    Ok(written) => {
                        let _ = writeln!(
                            failures,
                            "\n{name}:{}: {file} as written:\n{written}\n--- the book shows:\n{}\n",
                            block.line,
                            expected.join("\n")
                        );
                    }
                    Err(e) => {
                        let _ = writeln!(failures, "{name}:{}: {file} was not written: {e}", block.line);
                    }
                }
                continue;
            }
            for ex in examples_of(block) {
                let cmd = match words(&ex.command) {
                    Ok(w) if w.first().is_some_and(|w| w == "xxgk") => w,
                    Ok(_) => {
                        let _ =
                            writeln!(failures, "{name}:{}: only `xxgk …` commands can be examples", ex.line);
                        continue;
                    }
                    Err(e) => {
                        let _ = writeln!(failures, "{name}:{}: {e}", ex.line);
                        continue;
                    }
                };
                if let Some(sub) = cmd.get(1) {
                    subcommands_run.insert(sub.clone());
                }
                let (code, output) = run(&cmd, dir.path());
                ran += 1;
                let expected = trimmed_lines(&ex.expected.join("\n"));
                let actual = trimmed_lines(&output);
                if code != ex.exit || !lines_match(&expected, &actual) {
                    let _ = writeln!(
                        failures,
                        "\n{name}:{}: `{}` exited {code} (book says {}); its output:\n{}\n--- the book shows:\n{}\n",
                        ex.line,
                        ex.command,
                        ex.exit,
                        actual.join("\n"),
                        expected.join("\n")
                    );
                }
            }
        }
    }
    assert!(failures.is_empty(), "console examples in the book differ from the program:\n{failures}");
    assert!(ran >= 20, "the book runs its examples ({ran} found)");
    assert!(files_checked >= 1, "the book shows files the examples write ({files_checked} found)");

    // Every subcommand the program lists in its help is shown at work somewhere in the book.
    let (_, help) = run(&["xxgk".to_string(), "--help".to_string()], &root());
    let listed: Vec<String> = help
        .lines()
        .skip_while(|l| !l.starts_with("命令:"))
        .skip(1)
        .take_while(|l| !l.trim().is_empty())
        .filter_map(|l| l.split_whitespace().next().map(str::to_string))
        .filter(|c| c != "help")
        .collect();
    assert!(!listed.is_empty(), "--help lists the commands:\n{help}");
    for sub in listed {
        assert!(subcommands_run.contains(&sub), "no console example in the book runs `xxgk {sub}`");
    }
}

#[test]
fn the_example_matcher_is_strict() {
    let l = |s: &str| trimmed_lines(s);
    assert!(lines_match(&l("a\n...\nd"), &l("a\nb\nc\nd")));
    assert!(lines_match(&l("a\n...\nd"), &l("a\nd")));
    assert!(!lines_match(&l("a\n...\nd"), &l("a\nb\nc")));
    assert!(!lines_match(&l("a\nb"), &l("a\nb\nc")), "no silent extra output");
    assert!(line_matches("已写入 [..].pdf", "已写入 out/某局2024年报告.pdf"));
    assert!(!line_matches("已写入 [..].pdf", "已写入 out/某局2024年报告.docx"));
    assert!(!line_matches("错误[T3-IDENT]: x", "错误[T3-IDENT]: y"));
    assert_eq!(
        words("xxgk init --agency \"某 县\" -o a.yaml").unwrap(),
        ["xxgk", "init", "--agency", "某 县", "-o", "a.yaml"]
    );
    assert!(words("xxgk schema > x.json").is_err());
}

// ---------------------------------------------------------------------------------------------
// 2. Rule sections

/// Headings of a page: (line, level, text).
fn headings(text: &str) -> Vec<(usize, usize, String)> {
    prose_lines(text)
        .into_iter()
        .filter_map(|(n, line)| {
            let level = line.chars().take_while(|c| *c == '#').count();
            let rest = &line[level..];
            (level > 0 && level <= 6 && rest.starts_with(' ')).then(|| (n, level, rest.trim().to_string()))
        })
        .collect()
}

/// The rule id a heading is about: its first word, when that looks like a rule id (`T3-IDENT`,
/// `D-DUP-KEY`).
fn rule_id_of(heading: &str) -> Option<String> {
    let first = heading.split(|c: char| c.is_whitespace() || c == '\u{3000}').next()?;
    let mut parts = first.split('-');
    let head = parts.next()?;
    let looks = head.chars().next().is_some_and(|c| c.is_ascii_uppercase())
        && head.chars().all(|c| c.is_ascii_uppercase() || c.is_ascii_digit())
        && first.contains('-')
        && parts.all(|p| !p.is_empty() && p.chars().all(|c| c.is_ascii_uppercase() || c.is_ascii_digit()));
    looks.then(|| first.to_string())
}

#[test]
fn every_rule_has_its_section_in_the_rules_chapter() {
    let text = page("rules.md");
    let heads = headings(&text);
    let lines: Vec<&str> = text.lines().collect();
    let known: BTreeSet<&str> = Rule::ALL.iter().map(|r| r.id()).collect();
    let mut missing = Vec::new();
    for rule in Rule::ALL {
        let (id, severity) = (rule.id(), rule.severity());
        let Some(pos) = heads.iter().position(|(_, _, h)| rule_id_of(h).as_deref() == Some(id)) else {
            missing.push(id);
            continue;
        };
        // The section runs to the next heading of the same or a higher level.
        let (start, level, _) = &heads[pos];
        let end = heads[pos + 1..].iter().find(|(_, l, _)| l <= level).map_or(lines.len(), |(n, _, _)| n - 1);
        let body = lines[*start..end].join("\n");
        let stated = format!("级别：{}", severity.label());
        assert!(body.contains(&stated), "rules.md: the section of {id} must state “{stated}”");
        for what in ["检查什么", "怎样改正"] {
            assert!(body.contains(what), "rules.md: the section of {id} lacks “{what}”");
        }
    }
    assert!(missing.is_empty(), "rules.md has no section for: {missing:?}");
    let mut in_book = Vec::new();
    for (n, _, h) in &heads {
        if let Some(id) = rule_id_of(h) {
            assert!(
                known.contains(id.as_str()),
                "rules.md:{n}: section for “{id}”, which the program does not have"
            );
            in_book.push(id);
        }
    }
    let in_code: Vec<&str> = Rule::ALL.iter().map(|r| r.id()).collect();
    assert_eq!(in_book, in_code, "rules.md: the sections must follow the order of `Rule::ALL`");
}

// ---------------------------------------------------------------------------------------------
// 3. Data keys

/// Every key the data file can hold: the property names of the JSON Schema at any depth, and the
/// model's key tables (so neither can grow a key the book does not describe).
fn data_keys() -> BTreeSet<String> {
    fn walk(v: &serde_json::Value, out: &mut BTreeSet<String>) {
        match v {
            serde_json::Value::Object(m) => {
                if let Some(serde_json::Value::Object(props)) = m.get("properties") {
                    out.extend(props.keys().cloned());
                }
                m.values().for_each(|x| walk(x, out));
            }
            serde_json::Value::Array(a) => a.iter().for_each(|x| walk(x, out)),
            _ => {}
        }
    }
    use xxgk::model::*;
    let schema: serde_json::Value =
        serde_json::from_str(&xxgk::schema::schema_text()).expect("schema is JSON");
    let mut keys = BTreeSet::new();
    walk(&schema, &mut keys);
    let mut add = |k: &str| {
        keys.insert(k.to_string());
    };
    for edition in [Edition::E2019, Edition::E2021] {
        for def in t3_rows(edition) {
            add(def.key);
            if let Some(g) = def.group {
                add(g);
            }
        }
    }
    APPLICANTS.iter().for_each(|(k, _)| add(k));
    OUTCOMES.iter().for_each(|(k, _)| add(k));
    APPEAL_GROUPS.iter().for_each(|(k, _, _)| add(k));
    OTHER_TOPICS.iter().for_each(|(k, _, _)| add(k));
    CONTACT_KEYS.iter().for_each(|(k, _)| add(k));
    for edition in [Edition::E2019, Edition::E2021] {
        for def in t2_rows(edition) {
            add(def.key);
            // A one-column row is a bare value: its column key is not written in the file.
            if !def.is_scalar() {
                def.cols.iter().for_each(|c| add(c.key));
            }
        }
    }
    T3_GROUPS.iter().for_each(|(k, _)| add(k));
    add(TOTAL_KEY);
    add(FEE_KEY);
    for top in xxgk::model::TOP_KEYS {
        add(top);
    }
    keys
}

/// Keys described in 数据文件: the `key` in the first cell of the rows of tables whose header
/// starts with “字段”.
fn documented_keys(text: &str) -> BTreeMap<String, usize> {
    let mut out = BTreeMap::new();
    let mut in_key_table = false;
    for (n, line) in prose_lines(text) {
        let line = line.trim();
        if !line.starts_with('|') {
            in_key_table = false;
            continue;
        }
        let cells: Vec<&str> = line.trim_matches('|').split('|').map(str::trim).collect();
        if cells.first().is_some_and(|c| *c == "字段") {
            in_key_table = true;
            continue;
        }
        if !in_key_table || cells.iter().all(|c| c.chars().all(|ch| "-: ".contains(ch))) {
            continue;
        }
        for part in cells[0].split('`').skip(1).step_by(2) {
            out.entry(part.to_string()).or_insert(n);
        }
    }
    out
}

#[test]
fn every_data_key_has_its_entry_in_the_data_chapter() {
    let keys = data_keys();
    assert!(keys.len() > 60, "the model has its keys: {keys:?}");
    let documented = documented_keys(&page("data.md"));
    let missing: Vec<&String> = keys.iter().filter(|k| !documented.contains_key(*k)).collect();
    assert!(
        missing.is_empty(),
        "data.md has no entry (a table row whose first cell is `key`) for: {missing:?}"
    );
    let stale: Vec<String> = documented
        .iter()
        .filter(|(k, _)| !keys.contains(*k))
        .map(|(k, n)| format!("{k} (line {n})"))
        .collect();
    assert!(stale.is_empty(), "data.md describes keys the program does not know: {stale:?}");
}

// ---------------------------------------------------------------------------------------------
// 4. Links

/// The id mdBook gives a heading: the `{#id}` written after it, or else the text in lower case with
/// spaces turned into `-` and only letters, digits, `_` and `-` kept.
fn heading_id(text: &str) -> String {
    if let Some(start) = text.rfind("{#")
        && text.ends_with('}')
    {
        return text[start + 2..text.len() - 1].trim().to_string();
    }
    let plain: String = text.chars().filter(|c| *c != '`' && *c != '*').collect();
    plain
        .chars()
        .filter_map(|c| {
            if c.is_alphanumeric() || c == '_' || c == '-' {
                Some(c.to_ascii_lowercase())
            } else if c.is_whitespace() {
                Some('-')
            } else {
                None
            }
        })
        .collect()
}

fn anchors(text: &str) -> BTreeSet<String> {
    let mut seen: BTreeMap<String, usize> = BTreeMap::new();
    let mut out = BTreeSet::new();
    for (_, _, h) in headings(text) {
        let id = heading_id(&h);
        let n = seen.entry(id.clone()).or_insert(0);
        out.insert(if *n == 0 { id.clone() } else { format!("{id}-{n}") });
        *n += 1;
    }
    out
}

/// Targets of inline links `[text](target)` outside code.
fn links(line: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut rest = line;
    while let Some(at) = rest.find("](") {
        let after = &rest[at + 2..];
        match after.find(')') {
            Some(end) => {
                out.push(after[..end].trim().to_string());
                rest = &after[end..];
            }
            None => break,
        }
    }
    out
}

#[test]
fn every_link_in_the_book_resolves() {
    let pages = pages();
    let summary = pages.get("SUMMARY.md").expect("SUMMARY.md");
    let mut broken = Vec::new();
    for (name, text) in &pages {
        for (n, line) in prose_lines(text) {
            // Inline code can show link-like text; only real links count.
            let outside_code: String = line.split('`').step_by(2).collect::<Vec<_>>().join(" ");
            for target in links(&outside_code) {
                if target.contains("://") || target.starts_with("mailto:") {
                    continue;
                }
                let (file, anchor) = match target.split_once('#') {
                    Some((f, a)) => (f, Some(a)),
                    None => (target.as_str(), None),
                };
                let file = if file.is_empty() { name.as_str() } else { file };
                let Some(target_text) = pages.get(file) else {
                    if !book_src().join(file).exists() {
                        broken.push(format!("{name}:{n}: {target} (no such page)"));
                    }
                    continue;
                };
                if let Some(a) = anchor
                    && !anchors(target_text).contains(a)
                {
                    broken.push(format!("{name}:{n}: {target} (no such heading in {file})"));
                }
            }
        }
    }
    assert!(broken.is_empty(), "broken links in the book:\n{}", broken.join("\n"));
    // Every page is in the table of contents.
    for name in pages.keys().filter(|n| *n != "SUMMARY.md") {
        assert!(summary.contains(&format!("]({name})")), "SUMMARY.md does not list {name}");
    }
}

// ---------------------------------------------------------------------------------------------
// 5. Template variables

/// Every name in a template context, at any depth (object keys; the keys of array items too).
fn context_names(v: &serde_json::Value, out: &mut BTreeSet<String>) {
    match v {
        serde_json::Value::Object(m) => {
            for (k, x) in m {
                out.insert(k.clone());
                context_names(x, out);
            }
        }
        serde_json::Value::Array(a) => a.iter().for_each(|x| context_names(x, out)),
        _ => {}
    }
}

#[test]
fn every_template_variable_is_documented() {
    let text = page("templates.md");
    // Words inside inline code: `contacts.phone` documents `contacts` and `phone`.
    let documented: BTreeSet<String> = prose_lines(&text)
        .into_iter()
        .flat_map(|(_, line)| line.split('`').skip(1).step_by(2).map(str::to_string).collect::<Vec<_>>())
        .flat_map(|code| code.split(['.', '、', ' ']).map(str::to_string).collect::<Vec<_>>())
        .collect();
    let mut names = BTreeSet::new();
    for example in ["examples/county-2021.yaml", "examples/kaifu-2019.yaml"] {
        let (_, report) = xxgk::load::load_file(&root().join(example)).expect("example loads");
        let context = serde_json::to_value(xxgk::template::context(&report, "default", false)).unwrap();
        context_names(&context, &mut names);
    }
    assert!(names.len() > 40, "the context has its variables: {names:?}");
    let missing: Vec<&String> = names.iter().filter(|n| !documented.contains(*n)).collect();
    assert!(missing.is_empty(), "templates.md does not document the template variables: {missing:?}");
}

/// A field of a context struct, as written in `src/template/context.rs`.
struct ContextField {
    /// The struct it belongs to.
    owner: String,
    name: String,
    doc: String,
    /// The field's type as written (`Vec<ProsePart>`).
    ty: String,
    /// `#[serde(flatten)]`: its map's keys are variables themselves (`requests.<row>`).
    flatten: bool,
}

/// The structs of the template context (with their fields) and its enums (with their variants'
/// types), read from the source text of `src/template/context.rs` up to its tests.
fn context_types(src: &str) -> (Vec<ContextField>, BTreeMap<String, Vec<String>>) {
    let mut fields = Vec::new();
    let mut enums: BTreeMap<String, Vec<String>> = BTreeMap::new();
    let (mut doc, mut attrs) = (Vec::<String>::new(), Vec::<String>::new());
    let mut open: Option<(bool, String)> = None; // (is an enum, name)
    for line in src.lines().take_while(|l| !l.starts_with("#[cfg(test)]")) {
        let t = line.trim();
        if let Some(d) = t.strip_prefix("///") {
            doc.push(d.trim().to_string());
            continue;
        }
        if t.starts_with("#[") {
            attrs.push(t.to_string());
            continue;
        }
        let item = t.strip_prefix("pub ").unwrap_or(t);
        if open.is_none() {
            for (kw, is_enum) in [("struct ", false), ("enum ", true)] {
                if let Some(rest) = item.strip_prefix(kw).filter(|_| t.ends_with('{')) {
                    let name: String =
                        rest.chars().take_while(|c| c.is_alphanumeric() || *c == '_').collect();
                    open = Some((is_enum, name));
                }
            }
        } else if line.starts_with('}') {
            open = None;
        } else if let Some((is_enum, owner)) = &open {
            if *is_enum {
                if let Some((_, ty)) = item.split_once('(') {
                    let ty = ty.trim_end_matches([',', ')']).to_string();
                    enums.entry(owner.clone()).or_default().push(ty);
                }
            } else if let Some((name, ty)) = item.split_once(": ") {
                let rename = attrs.iter().find_map(|a| a.split_once("rename = \"")).map(|(_, r)| r);
                let name = rename.map_or(name, |r| r.split('"').next().unwrap_or(r));
                fields.push(ContextField {
                    owner: owner.clone(),
                    name: name.to_string(),
                    doc: doc.join(" "),
                    ty: ty.trim_end_matches(',').to_string(),
                    flatten: attrs.iter().any(|a| a.contains("flatten")),
                });
            }
        }
        if !t.is_empty() {
            doc.clear();
            attrs.clear();
        }
    }
    (fields, enums)
}

/// Every variable a template sees: (path from the root, the field). A flattened map's keys are `*`.
fn context_variables<'a>(
    fields: &'a [ContextField],
    enums: &BTreeMap<String, Vec<String>>,
) -> Vec<(String, &'a ContextField)> {
    fn walk<'a>(
        owner: &str,
        prefix: &str,
        fields: &'a [ContextField],
        enums: &BTreeMap<String, Vec<String>>,
        out: &mut Vec<(String, &'a ContextField)>,
    ) {
        for f in fields.iter().filter(|f| f.owner == owner) {
            let segment = if f.flatten { "*" } else { f.name.as_str() };
            let path = if prefix.is_empty() { segment.to_string() } else { format!("{prefix}.{segment}") };
            out.push((path.clone(), f));
            // The context's own types the field's type names (`Vec<Part>` → `Part`), through enums.
            let words: Vec<&str> = f.ty.split(|c: char| !c.is_alphanumeric() && c != '_').collect();
            for word in words {
                let inner = enums.get(word).cloned().unwrap_or_else(|| vec![word.to_string()]);
                for ty in inner.iter().filter(|ty| fields.iter().any(|g| &g.owner == *ty)) {
                    walk(ty, &path, fields, enums, out);
                }
            }
        }
    }
    let mut out = Vec::new();
    walk("Context", "", fields, enums, &mut out);
    out
}

/// The rows of a Markdown table of variables: (the variables of the first column as paths, with a
/// placeholder such as `<row>` or `行名` as `*`; every word in code anywhere in the row).
fn variable_rows<'a>(lines: impl Iterator<Item = &'a str>) -> Vec<(Vec<String>, BTreeSet<String>)> {
    let code = |s: &str| s.split('`').skip(1).step_by(2).map(str::to_string).collect::<Vec<_>>();
    let ident = |s: &str| !s.is_empty() && s.chars().all(|c| c.is_ascii_lowercase() || c == '_');
    lines
        .map(str::trim)
        .skip_while(|l| !l.starts_with('|'))
        .take_while(|l| l.starts_with('|'))
        .skip(2)
        .map(|row| {
            let cells: Vec<&str> = row.split('|').collect();
            let vars = code(cells.get(1).copied().unwrap_or(""))
                .iter()
                .map(|v| v.split('.').map(|s| if ident(s) { s } else { "*" }).collect::<Vec<_>>().join("."))
                .collect();
            let words = code(row)
                .iter()
                .flat_map(|c| {
                    c.split(['.', '、', ' ', ',', '{', '}']).map(str::to_string).collect::<Vec<_>>()
                })
                .filter(|w| !w.is_empty())
                .collect();
            (vars, words)
        })
        .collect()
}

/// What is wrong between the context's fields (`context_rs`, the source of
/// `src/template/context.rs`), their doc comments and the two tables of variables: the one in that
/// file's module documentation and the one in the book (`templates_md`, 模板变量).
fn context_doc_problems(context_rs: &str, templates_md: &str) -> Vec<String> {
    let (fields, enums) = context_types(context_rs);
    let variables = context_variables(&fields, &enums);
    let mut problems = Vec::new();
    if variables.len() < 40 {
        problems.push(format!(
            "only {} variables read from context.rs: has its layout changed?",
            variables.len()
        ));
    }
    for f in fields.iter().filter(|f| f.doc.is_empty()) {
        problems.push(format!(
            "{}.{} has no doc comment: say what it means to a template author",
            f.owner, f.name
        ));
    }
    let module_doc: Vec<&str> = context_rs.lines().filter_map(|l| l.strip_prefix("//!")).collect();
    let book = templates_md.lines().skip_while(|l| l.trim() != "## 模板变量");
    let localities: Vec<String> = std::fs::read_dir(root().join("templates"))
        .expect("templates/")
        .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
        .collect();
    for (table, rows) in [
        ("the module documentation of src/template/context.rs", variable_rows(module_doc.into_iter())),
        ("book/src/templates.md (模板变量)", variable_rows(book)),
    ] {
        if rows.is_empty() {
            problems.push(format!("{table}: no table of variables found"));
            continue;
        }
        // Each field is listed: its path (or a child's) in the first column, or its name in a row
        // of a parent.
        for f in &fields {
            let listed = variables.iter().filter(|(_, v)| std::ptr::eq(*v, f)).any(|(path, _)| {
                let leaf = path.rsplit('.').next().unwrap_or(path);
                rows.iter().any(|(vars, words)| {
                    vars.iter().any(|v| v == path || v.starts_with(&format!("{path}.")))
                        || (words.contains(leaf) && vars.iter().any(|v| path.starts_with(&format!("{v}."))))
                })
            });
            if !listed {
                problems.push(format!("{table} does not list {}.{} ({})", f.owner, f.name, f.doc));
            }
        }
        // The table lists nothing else.
        for (vars, words) in &rows {
            for v in vars.iter().filter(|v| !variables.iter().any(|(p, _)| p == *v)) {
                problems.push(format!("{table} lists `{v}`, which the template context does not have"));
            }
            let ident = |w: &str| w.chars().all(|c| c.is_ascii_lowercase() || c == '_');
            for w in words.iter().filter(|w| ident(w) && !localities.contains(w)) {
                if !fields.iter().any(|f| f.name == *w) {
                    problems.push(format!("{table} names `{w}`, which is no field of the template context"));
                }
            }
        }
    }
    problems
}

#[test]
fn every_context_field_is_documented_in_both_tables() {
    let src = std::fs::read_to_string(root().join("src/template/context.rs")).expect("context.rs");
    let problems = context_doc_problems(&src, &page("templates.md"));
    assert!(
        problems.is_empty(),
        "template variables and their documentation differ:\n{}",
        problems.join("\n")
    );
}

/// The check above catches a field added without documentation, or documented in the code only,
/// and a variable the tables list that the context does not have.
#[test]
fn the_context_documentation_check_is_strict() {
    let src = std::fs::read_to_string(root().join("src/template/context.rs")).expect("context.rs");
    let book = page("templates.md");
    let anchor = "    pub draft: bool,\n";
    assert!(src.contains(anchor));
    let undocumented = src.replacen(anchor, &format!("{anchor}    pub extra_flag: bool,\n"), 1);
    let problems = context_doc_problems(&undocumented, &book).join("\n");
    assert!(problems.contains("Context.extra_flag has no doc comment"), "{problems}");
    assert!(
        problems.contains("book/src/templates.md (模板变量) does not list Context.extra_flag"),
        "{problems}"
    );
    assert!(
        problems.contains("module documentation of src/template/context.rs does not list Context.extra_flag")
    );

    let in_code_only =
        src.replacen(anchor, &format!("{anchor}    /// Something new.\n    pub extra_flag: bool,\n"), 1);
    let problems = context_doc_problems(&in_code_only, &book).join("\n");
    assert!(!problems.contains("no doc comment"), "{problems}");
    assert!(problems.contains("does not list Context.extra_flag (Something new.)"), "{problems}");

    // A nested field counts too, and so does its name in a parent's row.
    let nested = src.replacen(
        "    pub has_lead: bool,\n",
        "    pub has_lead: bool,\n    /// Words.\n    pub words: u64,\n",
        1,
    );
    let problems = context_doc_problems(&nested, &book).join("\n");
    assert!(problems.contains("does not list ProseOutline.words"), "{problems}");

    let stale = book.replacen("| `draft` |", "| `draft`、`drafts` |", 1);
    let problems = context_doc_problems(&src, &stale).join("\n");
    assert!(problems.contains("lists `drafts`, which the template context does not have"), "{problems}");
    let stale = book.replacen("`label`（", "`labels`（", 1);
    let problems = context_doc_problems(&src, &stale).join("\n");
    assert!(problems.contains("names `labels`"), "{problems}");
}
