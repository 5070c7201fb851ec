//! The command line as a user meets it: exit codes, messages, files written and never clobbered.

use assert_cmd::Command;
use std::path::Path;

fn xxgk() -> Command {
    Command::cargo_bin("xxgk").expect("binary built")
}

fn stdout(cmd: &mut Command) -> (i32, String, String) {
    let out = cmd.output().expect("runs");
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

#[test]
fn init_then_check_passes_and_init_never_clobbers() {
    let dir = tempfile::tempdir().unwrap();
    // Chinese folder and file names.
    let sub = dir.path().join("年报");
    std::fs::create_dir(&sub).unwrap();
    let file = sub.join("某某县人民政府2024.yaml");
    let (code, _, err) =
        stdout(xxgk().args(["init", "--year", "2024", "--agency", "某某县人民政府", "-o"]).arg(&file));
    assert_eq!(code, 0, "{err}");
    let text = std::fs::read_to_string(&file).unwrap();
    assert!(text.starts_with("# yaml-language-server: $schema=./xxgk.schema.json\n"));
    assert!(sub.join("xxgk.schema.json").exists());
    assert!(text.contains("# 一、本年新收政府信息公开申请数量"), "official labels in comments");

    let (code, out, _) = stdout(xxgk().arg("check").arg(&file));
    assert_eq!(code, 0, "{out}");
    // No errors; the only warnings are the prompts still to be filled in (S-FILL).
    assert!(out.trim_end().ends_with("已检查 1 个文件：全部通过，共 0 个错误、6 个警告、0 个提示"), "{out}");
    assert_eq!(out.matches("警告[").count(), out.matches("警告[S-FILL]").count(), "{out}");

    // A second init does not overwrite the edited file without --force.
    std::fs::write(&file, text.replace("行政许可: 0 ", "行政许可: 7 ")).unwrap();
    let (code, _, err) =
        stdout(xxgk().args(["init", "--year", "2024", "--agency", "某某县人民政府", "-o"]).arg(&file));
    assert_eq!(code, 2);
    assert!(err.contains("已存在，未覆盖"), "{err}");
    assert!(std::fs::read_to_string(&file).unwrap().contains("行政许可: 7 "));
    let (code, _, _) = stdout(
        xxgk().args(["init", "--year", "2024", "--agency", "某某县人民政府", "--force", "-o"]).arg(&file),
    );
    assert_eq!(code, 0);
    assert!(std::fs::read_to_string(&file).unwrap().contains("行政许可: 0 "));
    // No temporary files are left behind.
    let names: Vec<String> = std::fs::read_dir(&sub)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert_eq!(names.len(), 2, "{names:?}");
}

#[test]
fn check_exit_codes_and_rustc_style_messages() {
    let dir = tempfile::tempdir().unwrap();
    let good = dir.path().join("good.yaml");
    std::fs::write(&good, xxgk::init::data_file(2022, "某某市某某局")).unwrap();
    let bad = dir.path().join("bad.yaml");
    let text = xxgk::init::data_file(2022, "某某市某某局")
        .replace("  本年新收: [0, 0, 0, 0, 0, 0]", "  本年新收: [0, 0, 2, 0, 0, 0]");
    std::fs::write(&bad, &text).unwrap();
    let line = text.lines().position(|l| l.starts_with("  本年新收")).unwrap() + 1;

    let (code, out, _) = stdout(xxgk().arg("check").arg(&good).arg(&bad));
    assert_eq!(code, 1, "{out}");
    assert!(out.contains("错误[T3-IDENT]: “科研机构”列：本年新收(2) + 上年结转(0) = 2，但办理结果总计(0) + 结转下年度(0) = 0"), "{out}");
    assert!(out.contains(&format!("  --> {}:{line}:16\n", bad.display())), "{out}");
    assert!(out.contains(&format!("{line} |   本年新收: [0, 0, 2, 0, 0, 0]")), "{out}");
    assert!(out.contains("已检查 2 个文件：1 个文件未通过，共 1 个错误"), "{out}");

    // Missing file and a directory: exit 2 even beside data errors.
    let (code, out, _) = stdout(xxgk().arg("check").arg(&bad).arg(dir.path().join("无.yaml")));
    assert_eq!(code, 2);
    assert!(out.contains("文件或文件夹不存在"), "{out}");
    let (code, _, _) = stdout(xxgk().arg("check").arg(dir.path()));
    assert_eq!(code, 2);
    // Usage errors.
    assert_eq!(stdout(xxgk().arg("check")).0, 2);
    assert_eq!(stdout(xxgk().arg("frobnicate")).0, 2);
    assert_eq!(stdout(xxgk().args(["init", "--year", "2018", "--agency", "某局"])).0, 2);
    // A mistyped font folder is reported, not silently ignored.
    let (code, _, err) =
        stdout(xxgk().arg("render").arg(&good).args(["-f", "pdf", "--font-dir", "无此字体目录"]));
    assert_eq!(code, 2);
    assert!(err.contains("字体目录“无此字体目录”不存在"), "{err}");
}

#[test]
fn check_json_output() {
    let dir = tempfile::tempdir().unwrap();
    let bad = dir.path().join("bad.yaml");
    std::fs::write(&bad, xxgk::init::data_file(2022, "某某局").replace("行政许可: 0 ", "行政许可: 十 "))
        .unwrap();
    let (code, out, _) = stdout(xxgk().args(["check", "--format", "json"]).arg(&bad));
    assert_eq!(code, 1);
    let v: serde_json::Value = serde_json::from_str(&out).expect("valid JSON");
    let f = &v["files"][0]["findings"][0];
    assert_eq!(f["rule"], "D-NUMBER");
    assert_eq!(f["severity"], "error");
    assert!(f["line"].as_u64().unwrap() > 1);
    assert_eq!(v["summary"]["errors"], 1);
}

#[test]
fn check_previous_year() {
    let dir = tempfile::tempdir().unwrap();
    let prev = dir.path().join("2021.yaml");
    let text = xxgk::init::data_file(2021, "某某局")
        .replace("  本年新收: [0, 0, 0, 0, 0, 0]", "  本年新收: [1, 0, 0, 0, 0, 0]")
        .replace("  结转下年度: [0, 0, 0, 0, 0, 0]", "  结转下年度: [1, 0, 0, 0, 0, 0]");
    std::fs::write(&prev, text).unwrap();
    let now = dir.path().join("2022.yaml");
    std::fs::write(&now, xxgk::init::data_file(2022, "某某局")).unwrap();
    let (code, out, _) = stdout(xxgk().arg("check").arg(&now).arg("--previous").arg(&prev));
    assert_eq!(code, 1);
    assert!(out.contains("错误[XY-CARRY]"), "{out}");
}

#[test]
fn schema_is_json_schema_with_every_top_level_key() {
    let (code, out, _) = stdout(xxgk().arg("schema"));
    assert_eq!(code, 0);
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(v["$schema"], "http://json-schema.org/draft-07/schema#");
    for key in ["机关", "年度", "主动公开", "申请", "复议诉讼", "其他事项"] {
        assert!(v["properties"][key].is_object(), "{key}");
    }
}

#[test]
fn invalid_examples_each_produce_exactly_their_rule() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/invalid");
    let mut seen = 0;
    for entry in std::fs::read_dir(&dir).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_none_or(|e| e != "yaml") {
            continue;
        }
        // File names are RULE-ID.yaml (lower case) or RULE-ID.description.yaml.
        let stem = path.file_stem().unwrap().to_string_lossy().into_owned();
        let rule = stem.split('.').next().unwrap().to_uppercase();
        let (_, out, _) = stdout(xxgk().args(["check", "--format", "json"]).arg(&path));
        let v: serde_json::Value = serde_json::from_str(&out).unwrap();
        let rules: Vec<&str> = v["files"][0]["findings"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|f| f["severity"] != "info")
            .map(|f| f["rule"].as_str().unwrap())
            .collect();
        assert_eq!(rules, vec![rule.as_str()], "{}", path.display());
        seen += 1;
    }
    assert!(seen >= 7, "only {seen} invalid examples");
}

#[test]
fn help_and_command_line_mistakes_are_in_chinese() {
    for args in [&["--help"][..], &["render", "--help"], &["templates", "export", "--help"]] {
        let (code, out, _) = stdout(xxgk().args(args));
        assert_eq!(code, 0, "{args:?}");
        assert!(out.contains("用法：") && out.contains("显示帮助"), "{args:?}: {out}");
        for english in ["Usage:", "Options:", "Arguments:", "Commands:", "Print help", "[OPTIONS]"] {
            assert!(!out.contains(english), "{args:?} shows “{english}”: {out}");
        }
    }
    let mistakes: [(&[&str], &str); 5] = [
        (&["render", "a.yaml", "--formt", "pdf"], "不认识的参数“--formt”；是否想用“--format”？"),
        (&["frobnicate"], "没有“frobnicate”这个命令"),
        (&["check"], "缺少必需的参数：<数据文件>"),
        (&["render", "a.yaml", "-f", "pdff"], "不支持的格式“pdff”"),
        (&["render", "a.yaml", "-j", "0"], "--jobs <数量> 的值“0”无效：应为 1 以上的整数"),
    ];
    for (args, expected) in mistakes {
        let (code, _, err) = stdout(xxgk().args(args));
        assert_eq!(code, 2, "{args:?}");
        assert!(err.starts_with("错误：") && err.contains(expected), "{args:?}: {err}");
        assert!(!err.contains("error:"), "{args:?}: {err}");
    }
}

#[test]
fn a_failed_write_says_why_in_chinese_and_leaves_nothing_behind() {
    let dir = tempfile::tempdir().unwrap();
    let data = Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/kaifu-2019.yaml");
    // The output folder's parent is a file, so the folder cannot be made.
    let blocker = dir.path().join("报告");
    std::fs::write(&blocker, "").unwrap();
    let (code, _, err) =
        stdout(xxgk().arg("render").arg(&data).args(["-f", "md", "-o"]).arg(blocker.join("子目录")));
    assert_eq!(code, 2, "{err}");
    assert!(err.contains("错误：无法写入 "), "{err}");
    assert!(err.contains("共 1 个数据文件：生成 0 个文件"), "{err}");
    // The reason is ours, not the OS's English, and the path is not printed twice.
    assert!(!err.contains("os error") && err.matches("子目录").count() == 1, "{err}");
    assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 1, "nothing but the blocking file");
}
