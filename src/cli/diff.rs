//! `xxgk diff`: last year's report against this year's, as Markdown (default), HTML or JSON.

use super::{Exit, term};
use clap::ValueEnum;
use std::io::Write;
use std::path::PathBuf;
use xxgk::diag;
use xxgk::load::LoadError;
use xxgk::rollup::{self, Diff};

#[derive(clap::Args)]
pub struct DiffArgs {
    /// 上一年度的数据文件
    #[arg(value_name = "上年文件")]
    last: PathBuf,
    /// 本年度的数据文件
    #[arg(value_name = "本年文件")]
    this: PathBuf,
    /// 结果格式：md（Markdown，默认）、html 或 json
    #[arg(long, value_enum, value_name = "格式", default_value_t = DiffFormat::Md)]
    format: DiffFormat,
}

#[derive(Clone, Copy, ValueEnum)]
enum DiffFormat {
    Md,
    Html,
    Json,
}

pub fn run(args: DiffArgs) -> Exit {
    let mut out = if matches!(args.format, DiffFormat::Json) { term::stdout_json() } else { term::stdout() };
    let mut err = term::stderr();
    let mut reports = Vec::new();
    let mut exit = Exit::Ok;
    for path in [&args.last, &args.this] {
        match xxgk::load_file(path) {
            Ok((_, report)) => reports.push(report),
            Err(LoadError::Io { path, reason }) => {
                let _ = writeln!(err, "错误：无法读取“{path}”：{reason}");
                return Exit::Usage;
            }
            Err(LoadError::Data { findings }) => {
                let name = path.display().to_string();
                let text = std::fs::read_to_string(path).ok();
                let _ = write!(out, "{}", diag::render_all(&findings, &name, text.as_deref()));
                exit = Exit::DataErrors;
            }
        }
    }
    let [last, this] = reports.as_slice() else {
        let _ = writeln!(err, "错误：数据文件有错误，无法对比");
        return exit;
    };
    let diff = match rollup::diff(last, this) {
        Ok(d) => d,
        Err(e) => {
            let _ = writeln!(err, "错误：{e}");
            return Exit::DataErrors;
        }
    };
    let text = match args.format {
        DiffFormat::Json => serde_json::to_string_pretty(&diff).unwrap_or_default() + "\n",
        DiffFormat::Md => markdown(&diff),
        DiffFormat::Html => html(&diff),
    };
    let _ = out.write_all(text.as_bytes());
    Exit::Ok
}

/// One part of the comparison: a heading, and a table or the words for “nothing”.
struct Part {
    title: &'static str,
    headers: Vec<String>,
    rows: Vec<Vec<String>>,
    none: &'static str,
}

fn parts(d: &Diff) -> (String, Vec<Part>) {
    let (ly, ty) = (format!("{}年度", d.last_year), format!("{}年度", d.this_year));
    let title = format!("{}：{}与{}对比", d.agency, ly, ty);
    let cells = Part {
        title: "表格数字的变化",
        headers: ["表", "行", "列", &ly, &ty, "变化", "行号"].map(String::from).to_vec(),
        rows: d
            .cells
            .iter()
            .map(|c| {
                let change = if c.spike {
                    format!("{}（变化较大）", c.change.signed())
                } else {
                    c.change.signed()
                };
                vec![
                    c.table.to_string(),
                    c.row.clone(),
                    c.column.clone(),
                    c.last.to_string(),
                    c.this.to_string(),
                    change,
                    c.line.to_string(),
                ]
            })
            .collect(),
        none: "各表数字与上年完全相同。",
    };
    let spikes = Part {
        title: "变化五倍以上的主要数字",
        headers: ["数字", &ly, &ty, "行号"].map(String::from).to_vec(),
        rows: d
            .spikes
            .iter()
            .map(|s| vec![s.name.to_string(), s.last.to_string(), s.this.to_string(), s.line.to_string()])
            .collect(),
        none: "无。",
    };
    let identities = Part {
        title: "跨年度勾稽关系",
        headers: ["关系", "项目", "本年度", "应为", "结果", "行号"].map(String::from).to_vec(),
        rows: d
            .identities
            .iter()
            .map(|i| {
                vec![
                    i.rule.clone(),
                    i.of.clone(),
                    i.actual.to_string(),
                    i.expected.to_string(),
                    if i.holds { "一致" } else { "不一致" }.to_string(),
                    i.line.to_string(),
                ]
            })
            .collect(),
        none: "两个报告的年度不相邻，不核对跨年度关系。",
    };
    let copied = Part {
        title: "与上年相同的段落",
        headers: ["部分", "行号", "段落"].map(String::from).to_vec(),
        rows: d
            .copied
            .iter()
            .map(|c| vec![c.section.to_string(), c.line.to_string(), c.text.clone()])
            .collect(),
        none: "无。",
    };
    (title, vec![cells, spikes, identities, copied])
}

fn markdown(d: &Diff) -> String {
    let cell = |s: &str| s.replace('|', "\\|").replace('\n', " ");
    let (title, parts) = parts(d);
    let mut s = format!("# {}\n", cell(&title));
    for p in parts {
        s += &format!("\n## {}\n\n", p.title);
        if p.rows.is_empty() {
            s += &format!("{}\n", p.none);
            continue;
        }
        s += &format!("| {} |\n", p.headers.join(" | "));
        s += &format!("|{}\n", "---|".repeat(p.headers.len()));
        for row in &p.rows {
            let row: Vec<String> = row.iter().map(|c| cell(c)).collect();
            s += &format!("| {} |\n", row.join(" | "));
        }
    }
    s
}

fn html(d: &Diff) -> String {
    let esc = |s: &str| {
        s.chars()
            .map(|c| match c {
                '&' => "&amp;".to_string(),
                '<' => "&lt;".to_string(),
                '>' => "&gt;".to_string(),
                '"' => "&quot;".to_string(),
                c if c.is_control() => " ".to_string(),
                c => c.to_string(),
            })
            .collect::<String>()
    };
    let (title, parts) = parts(d);
    let mut s = format!(
        "<!DOCTYPE html>\n<html lang=\"zh-CN\">\n<head>\n<meta charset=\"utf-8\">\n<title>{0}</title>\n\
         <style>table{{border-collapse:collapse}}td,th{{border:1px solid #999;padding:2px 6px}}</style>\n\
         </head>\n<body>\n<h1>{0}</h1>\n",
        esc(&title)
    );
    for p in parts {
        s += &format!("<h2>{}</h2>\n", p.title);
        if p.rows.is_empty() {
            s += &format!("<p>{}</p>\n", p.none);
            continue;
        }
        s += "<table>\n<tr>";
        for h in &p.headers {
            s += &format!("<th>{}</th>", esc(h));
        }
        s += "</tr>\n";
        for row in &p.rows {
            s += "<tr>";
            for c in row {
                s += &format!("<td>{}</td>", esc(c));
            }
            s += "</tr>\n";
        }
        s += "</table>\n";
    }
    s + "</body>\n</html>\n"
}
