//! Rendering tests: the seed report comes out complete and in order, snapshots of both editions in
//! both formats, table grids, escaping, user templates.

use std::path::{Path, PathBuf};

use xxgk::model::Report;
use xxgk::render::{Format, Renderer};
use xxgk::template::{TemplateError, Templates};

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn load(rel: &str) -> Report {
    let path = root().join(rel);
    match xxgk::load::load_file(&path) {
        Ok((_, r)) => r,
        Err(findings) => panic!("{rel} does not load: {findings:?}"),
    }
}

fn load_str(src: &str) -> Report {
    match xxgk::load::load_str(src) {
        Ok(r) => r,
        Err(findings) => panic!("test data does not load: {findings:?}"),
    }
}

fn render(report: &Report, locality: Option<&str>, format: Format) -> String {
    let r = Renderer::new(None).unwrap();
    let doc = r.document(report, locality, false).unwrap();
    String::from_utf8(r.output(&doc, format, &xxgk::style::Style::default()).unwrap().bytes).unwrap()
}

/// Text a reader sees: tags dropped, entities and Markdown backslash escapes decoded, whitespace removed.
fn visible_text(s: &str) -> String {
    let mut out = String::new();
    let mut in_tag = false;
    let mut in_style = false;
    let mut chars = s.chars().peekable();
    while let Some(c) = chars.next() {
        if in_style {
            // Skip the embedded CSS up to </style>.
            if c == '<' && chars.clone().take(7).collect::<String>() == "/style>" {
                in_style = false;
                for _ in 0..7 {
                    chars.next();
                }
            }
            continue;
        }
        match c {
            '<' if !in_tag => {
                if chars.clone().take(6).collect::<String>() == "style>" {
                    in_style = true;
                }
                in_tag = true;
            }
            '>' if in_tag => in_tag = false,
            _ if in_tag => {}
            '\\' => {
                if let Some(&n) = chars.peek()
                    && n.is_ascii_punctuation()
                {
                    out.push(n);
                    chars.next();
                    continue;
                }
                out.push(c);
            }
            c if c.is_whitespace() => {}
            c => out.push(c),
        }
    }
    out.replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&amp;", "&")
}

#[test]
fn seed_report_renders_every_item_in_order() {
    let seed = std::fs::read_to_string(root().join("tests/fixtures/seed-kaifu-2019.txt")).unwrap();
    let items: Vec<String> = seed
        .split(['\n', '\t'])
        .map(|s| s.chars().filter(|c| !c.is_whitespace()).collect::<String>())
        .filter(|s| !s.is_empty())
        .collect();
    // The seed's own intro paragraph is replaced by the template's intro (the data file has no
    // intro key); everything else must appear verbatim.
    let intro = items.iter().position(|s| s.starts_with("本年报根据")).unwrap();
    let report = load("examples/kaifu-2019.yaml");
    for format in [Format::Markdown, Format::Html] {
        let text = visible_text(&render(&report, None, format));
        let mut at = 0;
        for (i, item) in items.iter().enumerate() {
            if i == intro {
                continue;
            }
            match text[at..].find(item.as_str()) {
                Some(p) => at += p + item.len(),
                None => panic!("{format:?}: seed item {i} “{item}” missing or out of order after byte {at}"),
            }
        }
        assert!(text.contains("本报告中所列数据的统计期限自2019年1月1日起至2019年12月31日止。"));
        assert!(text.contains("长沙市开福区科学技术局2019年政府信息公开工作年度报告"));
        // Every heading comes out as a heading.
        let out = render(&report, None, format);
        for h in ["一、总体情况", "（一）强化组织领导", "(四）公开政府信息", "六、其他需要报告的事项"]
        {
            let heading = match format {
                Format::Markdown => out.lines().any(|l| l.starts_with('#') && l.contains(h)),
                Format::Html => out.contains(&format!(">{h}</h")),
                other => unreachable!("{other:?} is not a text format"),
            };
            assert!(heading, "{format:?}: {h} is not a heading");
        }
    }
}

fn snapshot_name(rel: &str, loc: &str, format: Format) -> String {
    let stem = Path::new(rel).file_stem().unwrap().to_string_lossy().into_owned();
    format!("{stem}-{loc}.{}", format.extension())
}

#[test]
fn snapshots_of_both_editions_formats_and_localities() {
    for rel in ["examples/kaifu-2019.yaml", "examples/county-2021.yaml"] {
        let report = load(rel);
        for loc in ["default", "shanghai"] {
            for format in [Format::Markdown, Format::Html] {
                let out = render(&report, Some(loc), format);
                insta::assert_snapshot!(snapshot_name(rel, loc, format), out);
            }
        }
    }
}

/// The template context is the contract with every user template: a variable renamed or removed
/// breaks templates in the field, so any change to it shows here (keys sorted).
#[test]
fn snapshots_of_the_template_context() {
    for rel in ["examples/kaifu-2019.yaml", "examples/county-2021.yaml"] {
        let context = xxgk::template::context(&load(rel), "default", false);
        let json = serde_json::to_string_pretty(&serde_json::to_value(context).unwrap()).unwrap();
        let stem = Path::new(rel).file_stem().unwrap().to_string_lossy().into_owned();
        insta::assert_snapshot!(format!("context-{stem}.json"), json);
    }
}

/// Lays out an HTML table's cells on a grid; panics on overlap, returns each row's width.
fn grid_widths(table: &str) -> Vec<usize> {
    let attr = |tag: &str, name: &str| -> usize {
        tag.split(&format!("{name}=\""))
            .nth(1)
            .and_then(|r| r.split('"').next())
            .and_then(|n| n.parse().ok())
            .unwrap_or(1)
    };
    let rows: Vec<&str> = table.split("<tr>").skip(1).collect();
    let mut occupied: Vec<Vec<bool>> = vec![Vec::new(); rows.len()];
    for (r, row) in rows.iter().enumerate() {
        let mut c = 0;
        for cell in row.split('<').filter(|t| t.starts_with("td") || t.starts_with("th")) {
            let (rs, cs) = (attr(cell, "rowspan"), attr(cell, "colspan"));
            while occupied[r].get(c).copied().unwrap_or(false) {
                c += 1;
            }
            assert!(r + rs <= rows.len(), "rowspan runs past the table");
            for (rr, line) in occupied.iter_mut().enumerate().skip(r).take(rs) {
                for cc in c..c + cs {
                    if line.len() <= cc {
                        line.resize(cc + 1, false);
                    }
                    assert!(!line[cc], "cells overlap at {rr},{cc}");
                    line[cc] = true;
                }
            }
            c += cs;
        }
    }
    occupied.iter().map(|row| row.iter().filter(|o| **o).count()).collect()
}

#[test]
fn html_table_grids_are_rectangular() {
    for rel in ["examples/kaifu-2019.yaml", "examples/county-2021.yaml"] {
        let report = load(rel);
        for format in [Format::Markdown, Format::Html] {
            let out = render(&report, None, format);
            let tables: Vec<&str> =
                out.split("<table").skip(1).map(|t| t.split("</table>").next().unwrap()).collect();
            assert_eq!(tables.len(), 3);
            let expected = [if rel.contains("2019") { 7 } else { 4 }, 10, 15];
            for (t, want) in tables.iter().zip(expected) {
                let widths = grid_widths(t);
                assert!(
                    widths.iter().all(|w| *w == want),
                    "{rel} {format:?}: row widths {widths:?}, want {want}"
                );
            }
        }
    }
}

const NASTY: &str =
    "<script>alert(1)</script> *星号* #井号 |竖线| [x](y) {{ x }} {% if %} &amp; `代码` _下划线_ $x$";

fn nasty_report() -> Report {
    let src = std::fs::read_to_string(root().join("examples/county-2021.yaml")).unwrap();
    let src = src
        .replace("机关: 临江县人民政府", "机关: \"临江县人民政府{{ agency }}{% raw %}<b>*\"")
        .replace("  2023年，县人民政府坚持", &format!("  {NASTY}\n  # 不是标题\n  2023年，县人民政府坚持"))
        .replace("  地址: 临江县人民路1号县政府办公室", "  地址: \"人民路1号\\n@h1 注入 {{ title }}\"");
    load_str(&src)
}

#[test]
fn data_is_escaped_in_both_formats() {
    let report = nasty_report();
    let html = render(&report, None, Format::Html);
    assert!(!html.contains("<script>"));
    assert!(!html.contains("<b>"));
    assert!(html.contains("&lt;script&gt;alert(1)&lt;/script&gt; *星号* #井号 |竖线| [x](y) {{ x }} {% if %} &amp;amp; `代码` _下划线_ $x$"));
    assert!(html.contains("临江县人民政府{{ agency }}{% raw %}&lt;b&gt;*"));
    // A newline in a one-line value neither starts a new line nor becomes a heading.
    assert!(html.contains("人民路1号 @h1 注入 {{ title }}"));
    assert!(!html.contains("<h2>注入"));
    assert!(html.contains("<p># 不是标题</p>"));

    let md = render(&report, None, Format::Markdown);
    assert!(!md.contains("<script>"));
    assert!(!md.contains("<b>"));
    let line = md.lines().find(|l| l.contains("星号")).unwrap();
    assert_eq!(
        line,
        r"&lt;script&gt;alert(1)&lt;/script&gt; \*星号\* \#井号 \|竖线\| \[x\](y) {{ x }} {% if %} &amp;amp; \`代码\` \_下划线\_ \$x\$"
    );
    assert!(md.contains(r"\# 不是标题"));
    assert!(md.contains("临江县人民政府{{ agency }}{% raw %}&lt;b&gt;\\*"));
}

#[test]
fn exported_template_is_used_and_edits_change_the_output() {
    let report = load("examples/county-2021.yaml");
    let dir = tempfile::tempdir().unwrap();
    let written = Templates::builtin().unwrap().export("shanghai", dir.path(), false).unwrap();
    assert!(written.iter().any(|p| p.ends_with("shanghai/report.tera")));
    assert!(written.iter().any(|p| p.ends_with("shanghai/style.yaml")));

    let builtin = render(&report, Some("shanghai"), Format::Html);
    let user = Renderer::new(Some(dir.path())).unwrap();
    let doc = user.document(&report, Some("shanghai"), false).unwrap();
    assert_eq!(
        String::from_utf8(user.output(&doc, Format::Html, &xxgk::style::Style::default()).unwrap().bytes)
            .unwrap(),
        builtin,
        "unchanged export differs"
    );

    let file = dir.path().join("shanghai").join("report.tera");
    let text = std::fs::read_to_string(&file).unwrap();
    std::fs::write(&file, text.replace("本年度报告根据", "本年度报告（修改后的模板）根据")).unwrap();
    let user = Renderer::new(Some(dir.path())).unwrap();
    let doc = user.document(&report, Some("shanghai"), false).unwrap();
    let out =
        String::from_utf8(user.output(&doc, Format::Html, &xxgk::style::Style::default()).unwrap().bytes)
            .unwrap();
    assert!(out.contains("本年度报告（修改后的模板）根据"));
    // Other localities still use the built-ins.
    let doc = user.document(&report, Some("default"), false).unwrap();
    assert_eq!(
        String::from_utf8(user.output(&doc, Format::Html, &xxgk::style::Style::default()).unwrap().bytes)
            .unwrap(),
        render(&report, None, Format::Html)
    );
}

#[test]
fn broken_user_template_names_file_and_line() {
    let dir = tempfile::tempdir().unwrap();
    let loc = dir.path().join("default");
    std::fs::create_dir_all(&loc).unwrap();
    std::fs::write(loc.join("report.tera"), "@title {{ title }}\n\n{% if %}\n@h1 一、总体情况\n").unwrap();
    let report = load("examples/county-2021.yaml");
    let r = Renderer::new(Some(dir.path())).unwrap();
    let err = r.document(&report, None, false).unwrap_err().to_string();
    assert!(err.contains(&loc.join("report.tera").display().to_string()), "{err}");
    assert!(err.contains(":3:"), "{err}");
    // Localities extending the broken file fail with it too.
    assert!(r.document(&report, Some("shanghai"), false).is_err(), "shanghai extends the broken default");

    // A rendering error (unknown variable) also points at the user's file and line.
    std::fs::write(loc.join("report.tera"), "@title {{ title }}\n@p {{ no_such_variable.x }}\n").unwrap();
    let r = Renderer::new(Some(dir.path())).unwrap();
    let err = r.document(&report, None, false).unwrap_err().to_string();
    assert!(err.contains("report.tera:2:"), "{err}");
}

#[test]
fn unknown_locality_lists_the_available_ones() {
    let report = load("examples/county-2021.yaml");
    let err =
        Renderer::new(None).unwrap().document(&report, Some("atlantis"), false).unwrap_err().to_string();
    assert!(err.contains("atlantis") && err.contains("shanghai") && err.contains("default"), "{err}");
}

#[test]
fn draft_mark_is_visible() {
    let report = load("examples/county-2021.yaml");
    let r = Renderer::new(None).unwrap();
    let doc = r.document(&report, None, true).unwrap();
    for format in [Format::Markdown, Format::Html] {
        let out =
            String::from_utf8(r.output(&doc, format, &xxgk::style::Style::default()).unwrap().bytes).unwrap();
        assert!(out.contains(xxgk::doc::DRAFT_MARK), "{format:?}");
    }
}

#[test]
fn intro_signature_and_section_six_follow_the_data() {
    let report = load("examples/county-2021.yaml");
    let html = render(&report, None, Format::Html);
    for want in [
        "国办公开办函〔2021〕30号",
        "统计期限自2023年1月1日起至2023年12月31日止",
        "https://www.linjiang.example.gov.cn/zfxxgk/ndbg/",
        "电话：0712-1234567",
        "本年度共收取政府信息公开信息处理费200元",
        "<h3>（二）落实上级年度政务公开工作要点情况</h3>",
        "<h3>（四）政务公开工作创新情况</h3>",
        "<p class=\"unit\">临江县人民政府办公室</p>",
        "<p class=\"date\">2024年1月16日</p>",
    ] {
        assert!(html.contains(want), "missing {want}");
    }
    let sh = render(&report, Some("shanghai"), Format::Html);
    assert!(sh.contains("《上海市政府信息公开规定》"));
    for h in [
        "（一）主动公开方面",
        "（二）依申请公开方面",
        "（三）政府信息管理方面",
        "（四）平台建设方面",
        "（五）监督保障方面",
    ] {
        assert!(sh.contains(&format!("<h3>{h}</h3>")), "shanghai: {h}");
    }
    let sd = render(&report, Some("shandong"), Format::Html);
    assert!(sd.contains("以及相关指标统计附表等"));
}

#[test]
fn default_style_file_lists_the_gbt_9704_defaults() {
    let t = Templates::builtin().unwrap();
    assert_eq!(t.style("default").unwrap(), xxgk::style::Style::default());
    assert_eq!(t.style("shanghai").unwrap().page, xxgk::style::Style::default().page);
}

#[allow(dead_code)]
fn _error_type_is_public(e: TemplateError) -> String {
    e.to_string()
}

fn xxgk() -> assert_cmd::Command {
    assert_cmd::Command::cargo_bin("xxgk").unwrap()
}

#[test]
fn cli_renders_many_files_and_formats_named_after_the_title() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("输出 目录");
    xxgk()
        .arg("render")
        .arg(root().join("examples/kaifu-2019.yaml"))
        .arg(root().join("examples/county-2021.yaml"))
        .args(["-f", "md", "-f", "html", "-o"])
        .arg(&out)
        .assert()
        .code(0);
    for name in [
        "长沙市开福区科学技术局2019年政府信息公开工作年度报告",
        "临江县人民政府2023年政府信息公开工作年度报告",
    ] {
        for ext in ["md", "html"] {
            let p = out.join(format!("{name}.{ext}"));
            assert!(std::fs::metadata(&p).map(|m| m.len() > 1000).unwrap_or(false), "{}", p.display());
        }
    }
    // `-o FILE` names the one output; its extension gives the format.
    let file = dir.path().join("报告.html");
    xxgk().arg("render").arg(root().join("examples/county-2021.yaml")).arg("-o").arg(&file).assert().code(0);
    assert!(std::fs::read_to_string(&file).unwrap().starts_with("<!DOCTYPE html>"));
}

#[test]
fn cli_refuses_data_with_errors_unless_draft() {
    let dir = tempfile::tempdir().unwrap();
    let bad = root().join("examples/invalid/t3-ident.yaml");
    let assert = xxgk().arg("render").arg(&bad).arg("-o").arg(dir.path()).assert().code(1);
    assert!(String::from_utf8_lossy(&assert.get_output().stderr).contains("T3-IDENT"));
    assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 0);
    xxgk().arg("render").arg(&bad).args(["--draft", "-f", "md", "-o"]).arg(dir.path()).assert().code(0);
    let files: Vec<_> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| !p.ends_with(xxgk::output::RECORD_FILE))
        .collect();
    assert_eq!(files.len(), 1);
    assert!(std::fs::read_to_string(&files[0]).unwrap().contains(xxgk::doc::DRAFT_MARK));
}

#[test]
fn cli_export_edit_render_and_broken_template_exit_2() {
    let dir = tempfile::tempdir().unwrap();
    let tpl = dir.path().join("模板");
    xxgk().args(["templates", "export", "default"]).arg(&tpl).assert().code(0);
    // Exporting again does not overwrite without --force.
    xxgk().args(["templates", "export", "default"]).arg(&tpl).assert().code(2);
    let file = tpl.join("default").join("report.tera");
    let text = std::fs::read_to_string(&file).unwrap();
    std::fs::write(&file, text.replace("@h1 一、总体情况", "@h1 一、总体情况（自定义）")).unwrap();
    let out = dir.path().join("a.md");
    let render = || {
        xxgk()
            .arg("render")
            .arg(root().join("examples/county-2021.yaml"))
            .arg("--templates")
            .arg(&tpl)
            .arg("-o")
            .arg(&out)
            .assert()
    };
    render().code(0);
    assert!(std::fs::read_to_string(&out).unwrap().contains("## 一、总体情况（自定义）"));

    std::fs::write(&file, text.replace("@h1 一、总体情况", "{% if %}")).unwrap();
    let assert = render().code(2);
    let stderr = String::from_utf8_lossy(&assert.get_output().stderr).into_owned();
    let line = text.lines().position(|l| l.contains("@h1 一、总体情况")).unwrap() + 1;
    assert!(stderr.contains(&format!("{}:{line}:", file.display())), "{stderr}");

    let list = xxgk().args(["templates", "list"]).assert().code(0);
    let stdout = String::from_utf8_lossy(&list.get_output().stdout).into_owned();
    assert!(stdout.contains("shanghai") && stdout.contains("shandong") && stdout.contains("default"));
}

/// A user template whose loops run away (two nested `range(end=100000)` loops: 10¹⁰ turns; or a
/// loop writing far more than any report) stops with an error naming its file, exit code 2, and
/// writes nothing. The time bound is generous: it only turns a hang into a failure.
#[test]
fn cli_stops_a_runaway_template_and_names_it() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("loops").join("report.tera");
    std::fs::create_dir_all(file.parent().unwrap()).unwrap();
    let out = dir.path().join("out");
    for (body, want) in [
        (
            "{%- for i in range(end=100000) -%}{%- for j in range(end=100000) -%}{%- endfor -%}{%- endfor -%}",
            "超过 1000000 个数",
        ),
        (
            "{% for i in range(end=1000) %}{% for j in range(end=1000) %}@p {{ agency }}{{ title }}\n{% endfor %}{% endfor %}",
            "超过 16 MB",
        ),
    ] {
        let text = format!(
            "{{% extends \"default/report.tera\" %}}\n{{% block intro %}}\n{body}\n{{% endblock intro %}}\n"
        );
        std::fs::write(&file, text).unwrap();
        let assert = xxgk()
            .arg("render")
            .arg(root().join("examples/county-2021.yaml"))
            .arg("--templates")
            .arg(dir.path())
            .args(["--locality", "loops", "-f", "md", "-o"])
            .arg(&out)
            .timeout(std::time::Duration::from_secs(60))
            .assert()
            .code(2);
        let stderr = String::from_utf8_lossy(&assert.get_output().stderr).into_owned();
        assert!(stderr.contains(&file.display().to_string()) && stderr.contains(want), "{stderr}");
        assert!(std::fs::read_dir(&out).map_or(true, |mut d| d.next().is_none()), "nothing is written");
    }
}

#[test]
fn a_template_must_keep_the_six_sections_and_three_tables() {
    let report = load("examples/county-2021.yaml");
    let builtin = Templates::builtin().unwrap();
    let dir = tempfile::tempdir().unwrap();
    builtin.export("default", dir.path(), false).unwrap();
    let file = dir.path().join("default").join("report.tera");
    let original = std::fs::read_to_string(&file).unwrap();
    let with = |edit: &dyn Fn(&str) -> String| {
        std::fs::write(&file, edit(&original)).unwrap();
        Renderer::new(Some(dir.path())).unwrap().document(&report, None, false).map_err(|e| e.to_string())
    };
    assert!(with(&|t| t.to_string()).is_ok());
    // A locality may word a title its own way.
    assert!(
        with(&|t| t.replace("@h1 五、存在的主要问题及改进情况", "@h1 五、存在的主要问题和改进措施")).is_ok()
    );
    let err = with(&|t| t.replace("@h1 四、", "@h2 （四）")).unwrap_err();
    assert!(err.contains("不符合国家规定的格式") && err.contains("缺少以“四、”开头的一级标题"), "{err}");
    let err = with(&|t| t.replace("@table 三", "")).unwrap_err();
    assert!(err.contains("第三部分应有且只有一张法定统计表（@table 三）"), "{err}");
    let err = with(&|t| t.replace("@table 二", "@table 三")).unwrap_err();
    assert!(err.contains("第二部分"), "{err}");
}
