//! Nothing a user has is lost, and nothing a data file holds takes over the terminal: outputs never
//! replace an input or an edited file, generated names stay where they belong, and an interrupted
//! batch leaves no temporary file.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

const BIN: &str = env!("CARGO_BIN_EXE_xxgk");

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn xxgk(dir: &Path) -> Command {
    let mut cmd = Command::new(BIN);
    cmd.current_dir(dir).env_remove("XXGK_FONT_PATH");
    cmd
}

/// Exit code, standard output and standard error.
fn run(cmd: &mut Command) -> (i32, String, String) {
    let Output { status, stdout, stderr } = cmd.output().expect("xxgk runs");
    let text = |b: Vec<u8>| String::from_utf8(b).expect("UTF-8 output");
    (status.code().unwrap_or(-1), text(stdout), text(stderr))
}

fn kaifu() -> String {
    std::fs::read_to_string(root().join("examples/kaifu-2019.yaml")).unwrap()
}

const KAIFU_TITLE: &str = "长沙市开福区科学技术局2019年政府信息公开工作年度报告";

/// Every file name in `dir`, sorted.
fn names(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}

fn temporaries(dir: &Path) -> Vec<String> {
    let Ok(entries) = std::fs::read_dir(dir) else { return Vec::new() };
    entries
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.starts_with(".xxgk-") && n.ends_with(".tmp"))
        .collect()
}

#[test]
fn an_output_never_replaces_a_data_file_of_the_same_run() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    // A data file whose name looks like a report.
    std::fs::write(d.join("r.html"), kaifu()).unwrap();
    std::fs::write(d.join("r.md"), kaifu()).unwrap();
    for args in [&["render", "r.html", "-o", "r.html"][..], &["render", "r.md", "-f", "md", "-o", "./r.md"]] {
        let (code, _, err) = run(xxgk(d).args(args));
        assert_eq!(code, 2, "{args:?}: {err}");
        assert!(err.contains("是本次要读取的数据文件，不能同时作为输出文件"), "{args:?}: {err}");
        assert_eq!(std::fs::read_to_string(d.join(args[1])).unwrap(), kaifu(), "{args:?}");
    }
    // Not even with --force, nor when it is another data file of the batch, named as the output of
    // the first would be.
    let out = d.join("out");
    std::fs::create_dir(&out).unwrap();
    let other = out.join(format!("{KAIFU_TITLE}.md"));
    std::fs::write(&other, kaifu()).unwrap();
    let (code, _, err) =
        run(xxgk(d).args(["render", "r.md"]).arg(&other).args(["-f", "md", "--force", "-o", "out"]));
    assert_eq!(code, 2, "{err}");
    assert!(err.contains("是本次要读取的数据文件"), "{err}");
    assert_eq!(std::fs::read_to_string(&other).unwrap(), kaifu());
    // A hard link is the same file under another name.
    #[cfg(unix)]
    {
        std::fs::hard_link(d.join("r.md"), d.join("link.md")).unwrap();
        let (code, _, err) = run(xxgk(d).args(["render", "r.md", "--force", "-o", "link.md"]));
        assert_eq!(code, 2, "{err}");
        assert_eq!(std::fs::read_to_string(d.join("r.md")).unwrap(), kaifu());
    }
}

#[test]
fn render_never_replaces_a_file_it_did_not_write_or_that_was_edited_since() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    std::fs::write(d.join("kaifu.yaml"), kaifu()).unwrap();
    std::fs::copy(root().join("examples/county-2021.yaml"), d.join("county.yaml")).unwrap();
    let render = |extra: &[&str]| {
        run(xxgk(d)
            .args(["render", "kaifu.yaml", "county.yaml", "-f", "docx,md", "-q", "-o", "out"])
            .args(extra))
    };
    // Two data files, two formats, one folder: all four are recorded, so all are replaced again.
    let (code, _, err) = render(&[]);
    assert_eq!(code, 0, "{err}");
    let (code, _, err) = render(&[]);
    assert_eq!(code, 0, "a second run replaces what the first wrote: {err}");
    assert_eq!(names(&d.join("out")).len(), 5, "{:?}", names(&d.join("out")));

    // Someone edits the DOCX (Word saves it anew).
    let docx = d.join("out").join(format!("{KAIFU_TITLE}.docx"));
    let mut edited = std::fs::read(&docx).unwrap();
    edited.extend_from_slice(b"edited");
    std::fs::write(&docx, &edited).unwrap();
    let (code, _, err) = render(&[]);
    assert_eq!(code, 2, "{err}");
    assert!(err.contains(&format!("错误：“out/{KAIFU_TITLE}.docx”在 xxgk 生成后被修改过，未覆盖")), "{err}");
    assert!(err.contains("改名或移走") && err.contains("--force"), "{err}");
    assert_eq!(std::fs::read(&docx).unwrap(), edited, "the edited copy is kept");
    // The other three are written as usual.
    assert!(err.contains("共 2 个数据文件：生成 3 个文件"), "{err}");
    assert!(!err.contains(&format!("已生成：out/{KAIFU_TITLE}.docx")), "{err}");

    // --force replaces it; afterwards it is ours again.
    let (code, _, err) = render(&["--force"]);
    assert_eq!(code, 0, "{err}");
    assert_ne!(std::fs::read(&docx).unwrap(), edited);
    assert_eq!(render(&[]).0, 0);

    // A file xxgk did not write, with the name an output would take.
    let html = d.join("out").join(format!("{KAIFU_TITLE}.html"));
    std::fs::write(&html, "<p>手写的</p>").unwrap();
    let (code, _, err) = run(xxgk(d).args(["render", "kaifu.yaml", "-o", "out"]));
    assert_eq!(code, 2, "{err}");
    assert!(err.contains("已存在，但不是 xxgk 生成的"), "{err}");
    assert_eq!(std::fs::read_to_string(&html).unwrap(), "<p>手写的</p>");
    // -o FILE too.
    std::fs::write(d.join("手写.html"), "<p>手写的</p>").unwrap();
    let (code, _, err) = run(xxgk(d).args(["render", "kaifu.yaml", "-o", "手写.html"]));
    assert_eq!(code, 2, "{err}");
    assert_eq!(std::fs::read_to_string(d.join("手写.html")).unwrap(), "<p>手写的</p>");

    // Without the record nothing existing is known to be ours.
    let record = d.join("out").join(".xxgk-outputs.json");
    assert!(serde_json::from_slice::<serde_json::Value>(&std::fs::read(&record).unwrap()).is_ok());
    std::fs::remove_file(&record).unwrap();
    let (code, _, err) = render(&[]);
    assert_eq!(code, 2, "{err}");
    assert!(err.contains("共 2 个数据文件：生成 0 个文件"), "{err}");
    assert!(temporaries(&d.join("out")).is_empty());
}

/// A data file can hold any character; these would clear the screen, retitle the window, move the
/// cursor back over a line and reverse the text.
const EVIL: &str = "\u{1b}[2J\u{1b}]0;被改的标题\u{7}\r已检查 1 个文件：全部通过\u{9b}31m\u{202e}";

/// The unsafe characters of a text that reach the terminal as they are.
fn raw_controls(text: &str) -> Vec<char> {
    text.chars()
        .filter(|&c| (c.is_control() && c != '\n' && c != '\t') || ('\u{202a}'..='\u{202e}').contains(&c))
        .collect()
}

/// A YAML double-quoted scalar with every control character escaped.
fn yaml_quoted(s: &str) -> String {
    let inner: String = s
        .chars()
        .map(|c| match c {
            '"' | '\\' => format!("\\{c}"),
            c if !raw_controls(&c.to_string()).is_empty() => format!("\\u{:04x}", u32::from(c)),
            c => c.to_string(),
        })
        .collect();
    format!("\"{inner}\"")
}

#[test]
fn control_characters_of_a_data_file_are_shown_not_obeyed() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    // In a key (echoed by the unknown-key message), through YAML escapes…
    let escaped = yaml_quoted(EVIL);
    std::fs::write(d.join("key.yaml"), format!("{}{escaped}: 1\n", kaifu())).unwrap();
    // …and raw in the file (the source line is shown under the finding).
    std::fs::write(d.join("raw.yaml"), kaifu().replacen("\n年度:", &format!("\n# {EVIL}\n年度:"), 1))
        .unwrap();
    let value = kaifu().replacen("\n机关: 长沙市开福区科学技术局", &format!("\n机关: {escaped}"), 1);
    std::fs::write(d.join("value.yaml"), value).unwrap();

    for file in ["key.yaml", "raw.yaml", "value.yaml"] {
        for args in [&["check"][..], &["render", "-f", "md", "--draft", "-o", "out"]] {
            let (_, out, err) = run(xxgk(d).args(args).arg(file));
            assert_eq!(raw_controls(&out), Vec::<char>::new(), "{file} {args:?}: {out}");
            assert_eq!(raw_controls(&err), Vec::<char>::new(), "{file} {args:?}: {err}");
        }
    }
    let (code, out, _) = run(xxgk(d).args(["check", "key.yaml"]));
    assert_eq!(code, 1);
    assert!(
        out.contains(r"\u{1b}[2J\u{1b}]0;被改的标题\u{7}\r已检查 1 个文件：全部通过\u{9b}31m\u{202e}"),
        "{out}"
    );

    // JSON stays valid and holds the very key.
    let (_, out, _) = run(xxgk(d).args(["check", "--format", "json", "key.yaml"]));
    assert_eq!(raw_controls(&out), Vec::<char>::new(), "{out}");
    let json: serde_json::Value = serde_json::from_str(&out).expect("valid JSON");
    let message = json["files"][0]["findings"].as_array().unwrap().iter().find_map(|f| {
        let m = f["message"].as_str().unwrap();
        m.contains("被改的标题").then(|| m.to_string())
    });
    assert!(message.expect("the key is named").contains(EVIL));

    // A command-line argument is quoted back too.
    let (code, _, err) = run(xxgk(d).args(["render", "a.yaml", &format!("--x{EVIL}")]));
    assert_eq!(code, 2);
    assert_eq!(raw_controls(&err), Vec::<char>::new(), "{err}");
}

#[test]
fn init_names_its_file_from_the_agency_as_render_does() {
    let dir = tempfile::tempdir().unwrap();
    let work = dir.path().join("a").join("b");
    std::fs::create_dir_all(&work).unwrap();
    let init = |agency: &str| run(xxgk(&work).args(["init", "--year", "2024", "--agency", agency]));

    // A path in the agency stays in the current folder.
    let (code, _, err) = init("../../evil");
    assert_eq!(code, 0, "{err}");
    assert_eq!(names(dir.path()), ["a"]);
    assert_eq!(names(&dir.path().join("a")), ["b"]);
    assert_eq!(names(&work), ["_.._evil2024.yaml", "xxgk.schema.json"]);
    assert!(err.contains("已生成数据文件“_.._evil2024.yaml”"), "{err}");

    // Characters Windows forbids, and invisible ones that would disguise the name.
    let (code, _, err) = init("某局:办公室\u{202e}lmth.\u{200b}");
    assert_eq!(code, 0, "{err}");
    assert!(work.join("某局_办公室lmth.2024.yaml").is_file(), "{:?}", names(&work));
    // The data file keeps the agency as written.
    let text = std::fs::read_to_string(work.join("_.._evil2024.yaml")).unwrap();
    assert!(text.contains("机关: ../../evil\n"), "{text}");

    // A long agency of four-byte characters is cut by bytes into a name that can be written.
    let (code, _, err) = init(&"😀".repeat(100));
    assert_eq!(code, 0, "{err}");
    let emoji = names(&work).into_iter().find(|n| n.starts_with('😀')).expect("written");
    assert!(emoji.len() <= 255 && emoji.ends_with(".yaml"), "{} bytes", emoji.len());

    // render names its outputs the same way.
    let data = work.join("机关.yaml");
    let text = kaifu().replacen("\n机关: 长沙市开福区科学技术局", "\n机关: \"某局\\u202elmth.\"", 1);
    std::fs::write(&data, text).unwrap();
    let (code, _, err) = run(xxgk(&work).args(["render", "机关.yaml", "-f", "md", "-o", "out"]));
    assert_eq!(code, 0, "{err}");
    assert_eq!(
        names(&work.join("out")),
        [".xxgk-outputs.json", "某局lmth.2019年政府信息公开工作年度报告.md"]
    );
}

#[test]
fn an_output_file_must_have_the_extension_of_its_format() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    std::fs::write(d.join("data.yaml"), kaifu()).unwrap();
    let (code, _, err) = run(xxgk(d).args(["render", "data.yaml", "-f", "pdf", "-o", "z.md"]));
    assert_eq!(code, 2, "{err}");
    assert!(err.starts_with("错误：-o z.md 的扩展名与输出格式 pdf 不符"), "{err}");
    assert_eq!(names(d), ["data.yaml"]);
    // The same format spelled otherwise is fine.
    for (format, file) in [("md", "z.MD"), ("markdown", "y.md"), ("html", "x.htm"), ("typst", "w.typ")] {
        let (code, _, err) = run(xxgk(d).args(["render", "data.yaml", "-f", format, "-o", file]));
        assert_eq!(code, 0, "{format} {file}: {err}");
    }
}

/// `-o 报告` naming an existing file (no output extension) is read as a folder: say that it is a
/// file, once, instead of one “文件已存在” per output.
#[test]
fn an_output_folder_that_is_a_file_is_named_as_such() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    std::fs::write(d.join("data.yaml"), kaifu()).unwrap();
    std::fs::write(d.join("报告"), "a note").unwrap();
    let (code, _, err) = run(xxgk(d).args(["render", "data.yaml", "-f", "md,html", "-o", "报告"]));
    assert_eq!(code, 2, "{err}");
    assert_eq!(
        err,
        "错误：-o 报告 是一个已有的文件，不是文件夹；请用 -o 指定文件夹，或写出带扩展名的输出文件名\n"
    );
    assert_eq!(std::fs::read_to_string(d.join("报告")).unwrap(), "a note");
}

/// A batch of PDFs, each from its own agency (so every title differs).
fn pdf_batch(dir: &Path, count: usize) -> Vec<PathBuf> {
    (0..count)
        .map(|i| {
            let path = dir.join(format!("数据{i}.yaml"));
            std::fs::write(&path, kaifu().replacen("\n机关: ", &format!("\n机关: 第{i}号"), 1)).unwrap();
            path
        })
        .collect()
}

#[test]
fn a_later_run_removes_stale_temporary_files_of_its_own() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out");
    std::fs::create_dir(&out).unwrap();
    let hours_ago = std::time::SystemTime::now() - std::time::Duration::from_secs(2 * 60 * 60);
    for name in [".xxgk-killed.tmp", ".other-tool.tmp"] {
        std::fs::File::create(out.join(name)).unwrap().set_modified(hours_ago).unwrap();
    }
    // A run that is writing right now.
    std::fs::write(out.join(".xxgk-running.tmp"), "").unwrap();
    let files = pdf_batch(dir.path(), 1);
    let (code, _, err) = run(xxgk(dir.path()).arg("render").args(&files).args(["-f", "md", "-o", "out"]));
    assert_eq!(code, 0, "{err}");
    assert_eq!(temporaries(&out), [".xxgk-running.tmp"]);
    assert!(out.join(".other-tool.tmp").exists());
}

/// Sends `signal` (`INT`, `TERM`, `STOP`, `CONT`) to a process.
#[cfg(unix)]
fn kill(signal: &str, pid: u32) {
    let status = Command::new("kill").arg(format!("-{signal}")).arg(pid.to_string()).status().expect("kill");
    assert!(status.success(), "kill -{signal} {pid}");
}

#[cfg(unix)]
#[test]
fn an_interrupted_batch_leaves_no_temporary_file_and_no_partial_report() {
    use std::process::Stdio;
    let dir = tempfile::tempdir().unwrap();
    let files = pdf_batch(dir.path(), 12);
    for signal in ["INT", "TERM"] {
        let mut caught = false;
        for attempt in 0..10 {
            let out = dir.path().join(format!("{signal}{attempt}"));
            let mut child = xxgk(dir.path())
                .arg("render")
                .args(&files)
                .args(["-f", "pdf", "-j", "2", "--no-system-fonts", "-q", "-o"])
                .arg(&out)
                .stdout(Stdio::null())
                .stderr(Stdio::null())
                .spawn()
                .expect("xxgk starts");
            // Wait until a report is being written; hold the process there and signal it.
            let status = loop {
                if let Some(status) = child.try_wait().unwrap() {
                    break status;
                }
                if temporaries(&out).is_empty() {
                    continue;
                }
                kill("STOP", child.id());
                if temporaries(&out).is_empty() {
                    kill("CONT", child.id());
                    continue;
                }
                caught = true;
                kill(signal, child.id());
                kill("CONT", child.id());
                break child.wait().unwrap();
            };
            if !caught {
                continue;
            }
            assert_eq!(status.code(), Some(130), "SIG{signal}: {status:?}");
            assert_eq!(temporaries(&out), Vec::<String>::new(), "SIG{signal}");
            for name in names(&out).iter().filter(|n| n.ends_with(".pdf")) {
                let bytes = std::fs::read(out.join(name)).unwrap();
                assert!(bytes.starts_with(b"%PDF-"), "{name}");
                assert!(bytes.trim_ascii_end().ends_with(b"%%EOF"), "{name} is cut short");
            }
            // What was written before the interruption is recorded: running again needs no --force.
            let (code, _, err) = run(xxgk(dir.path())
                .arg("render")
                .args(&files)
                .args(["-f", "pdf", "--no-system-fonts", "-q", "-o"])
                .arg(&out));
            assert_eq!(code, 0, "SIG{signal}: {err}");
            assert_eq!(names(&out).iter().filter(|n| n.ends_with(".pdf")).count(), files.len());
            break;
        }
        assert!(caught, "SIG{signal}: never caught the batch while it was writing a report");
    }
}
