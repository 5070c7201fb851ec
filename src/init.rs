//! `xxgk init`: a complete data file for one agency-year, every key present with zeros and a
//! comment giving the full official label, that passes `check` as it is.

use crate::model::*;
use crate::output::write_atomic;
use std::fmt::Write;
use std::path::{Path, PathBuf};

/// File name of the JSON Schema written beside a new data file.
pub const SCHEMA_FILE: &str = "xxgk.schema.json";

/// Whether a line is one of the `（请填写……）` prompts this file leaves for the writer.
pub fn is_prompt(line: &str) -> bool {
    let line = line.trim();
    line.starts_with("（请填写") && line.ends_with('）')
}

/// Why no data file was created.
#[derive(Debug, thiserror::Error)]
pub enum InitError {
    #[error("--year 应为 2019 年及以后的年份（2019 年以前的报告使用旧格式），实际是 {0}")]
    Year(i64),
    #[error("--agency 应为机关全称，如“长沙市开福区科学技术局”")]
    Agency,
    #[error("“{}”已存在，未覆盖。确需覆盖请加 --force", .0.display())]
    Exists(PathBuf),
    #[error("无法写入“{}”：{}", path.display(), crate::diag::io_reason(source))]
    Write { path: PathBuf, source: std::io::Error },
}

/// What [`create`] wrote.
#[derive(Debug)]
pub struct Created {
    pub data_file: PathBuf,
    pub schema_file: PathBuf,
    /// The schema could not be written; the data file is fine without it (an existing schema is
    /// kept silently).
    pub schema_error: Option<InitError>,
}

/// Writes a new data file for `agency` and `year` to `path` (default `{机关}{年度}.yaml` in the
/// current folder, named as `render` names its outputs), never replacing one unless `overwrite`, and
/// the JSON Schema beside it when missing.
pub fn create(year: i64, agency: &str, output: Option<&Path>, overwrite: bool) -> Result<Created, InitError> {
    if !(2019..=2100).contains(&year) {
        return Err(InitError::Year(year));
    }
    if agency.trim().is_empty() || agency.contains(['\n', '\r']) {
        return Err(InitError::Agency);
    }
    let agency = agency.trim();
    // The agency is text, not a path: `../x` or `a:b` must not choose where the file goes.
    let default = || PathBuf::from(format!("{}.yaml", crate::output::file_stem(&format!("{agency}{year}"))));
    let path = output.map_or_else(default, Path::to_path_buf);
    match write_atomic(&path, data_file(year, agency).as_bytes(), overwrite) {
        Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => return Err(InitError::Exists(path)),
        Err(source) => return Err(InitError::Write { path, source }),
        Ok(()) => {}
    }
    let schema_file = path.with_file_name(SCHEMA_FILE);
    let schema_error = match write_atomic(&schema_file, crate::schema::schema_text().as_bytes(), overwrite) {
        Err(e) if e.kind() != std::io::ErrorKind::AlreadyExists => {
            Some(InitError::Write { path: schema_file.clone(), source: e })
        }
        _ => None,
    };
    Ok(Created { data_file: path, schema_file, schema_error })
}

/// The text of a new data file.
pub fn data_file(year: i64, agency: &str) -> String {
    let edition = Edition::for_year(year);
    let mut s = String::new();
    let w = &mut s;
    let _ = writeln!(w, "# yaml-language-server: $schema=./{SCHEMA_FILE}");
    let _ = writeln!(w, "# {agency}{year}年政府信息公开工作年度报告 · 数据文件");
    let _ = writeln!(
        w,
        "# 表格格式：{}年版（{}）。填好后运行：xxgk check 本文件",
        edition.year(),
        edition.notice()
    );
    let _ = writeln!(w, "# 数字没有请填 0，不要留空或写“/”；文字部分每一行是一个段落，");
    let _ = writeln!(w, "# 以“一、”“（一）”“1.”“（1）”开头的行是各级标题。");
    let _ = writeln!(w);
    let _ = writeln!(w, "机关: {}", yaml_str(agency));
    let _ = writeln!(w, "年度: {year}");
    let _ = writeln!(w, "# 地区: default        # 地区模板，如 shanghai、shandong");
    let _ = writeln!(w, "# 网址: http://        # 报告电子版的查阅网址");
    let _ = writeln!(w, "# 联系方式:");
    let _ = writeln!(w, "#   地址: ");
    let _ = writeln!(w, "#   邮编: ");
    let _ = writeln!(w, "#   电话: ");
    let _ = writeln!(w, "#   传真: ");
    let _ = writeln!(w, "#   电子邮箱: ");
    let _ = writeln!(w, "落款:");
    let _ = writeln!(w, "  单位: {}", yaml_str(agency));
    let _ = writeln!(w, "  日期: {}年1月20日", year + 1);
    let _ = writeln!(w);
    let _ = writeln!(w, "# 一、总体情况");
    let _ = writeln!(w, "总体情况: |");
    let parts = ["主动公开", "依申请公开", "政府信息管理", "政府信息公开平台建设", "监督保障"];
    for (n, part) in ["（一）", "（二）", "（三）", "（四）", "（五）"].iter().zip(parts) {
        let _ = writeln!(w, "  {n}{part}");
        let _ = writeln!(w, "  （请填写本年度{part}工作情况。）");
    }
    let _ = writeln!(w);
    let _ = writeln!(w, "# 二、主动公开政府信息情况");
    let _ = writeln!(w, "主动公开:");
    match edition {
        Edition::E2019 => {
            let _ = writeln!(w, "  # 第二十条第（一）项：本年新制作数量 / 本年新公开数量 / 对外公开总数量");
            let _ = writeln!(w, "  规章: {{本年新制作: 0, 本年新公开: 0, 对外公开总数: 0}}");
            let _ = writeln!(w, "  规范性文件: {{本年新制作: 0, 本年新公开: 0, 对外公开总数: 0}}");
            let _ =
                writeln!(w, "  # 第二十条第（五）项：上一年项目数量 / 本年增/减（可为负数）/ 处理决定数量");
            let _ = writeln!(w, "  行政许可: {{上一年项目数量: 0, 本年增减: 0, 处理决定数量: 0}}");
            let _ =
                writeln!(w, "  其他对外管理服务事项: {{上一年项目数量: 0, 本年增减: 0, 处理决定数量: 0}}");
            let _ = writeln!(w, "  # 第二十条第（六）项");
            let _ = writeln!(w, "  行政处罚: {{上一年项目数量: 0, 本年增减: 0, 处理决定数量: 0}}");
            let _ = writeln!(w, "  行政强制: {{上一年项目数量: 0, 本年增减: 0, 处理决定数量: 0}}");
            let _ = writeln!(w, "  # 第二十条第（八）项：上一年项目数量 / 本年增/减");
            let _ = writeln!(w, "  行政事业性收费: {{上一年项目数量: 0, 本年增减: 0}}");
            let _ = writeln!(w, "  # 第二十条第（九）项：采购项目数量 / 采购总金额（元）");
            let _ = writeln!(w, "  政府集中采购: {{采购项目数量: 0, 采购总金额: 0}}");
        }
        Edition::E2021 => {
            let _ = writeln!(w, "  # 第二十条第（一）项：本年制发件数 / 本年废止件数 / 现行有效件数");
            let _ = writeln!(w, "  规章: {{本年制发: 0, 本年废止: 0, 现行有效: 0}}");
            let _ = writeln!(w, "  行政规范性文件: {{本年制发: 0, 本年废止: 0, 现行有效: 0}}");
            let _ = writeln!(w, "  行政许可: 0          # 第二十条第（五）项 本年处理决定数量");
            let _ = writeln!(w, "  行政处罚: 0          # 第二十条第（六）项 本年处理决定数量");
            let _ = writeln!(w, "  行政强制: 0          # 第二十条第（六）项 本年处理决定数量");
            let _ = writeln!(w, "  行政事业性收费: 0    # 第二十条第（八）项 本年收费金额（单位：万元）");
        }
    }
    let _ = writeln!(w);
    let _ = writeln!(w, "# 三、收到和处理政府信息公开申请情况");
    let names: Vec<&str> = APPLICANTS.iter().map(|(k, _)| *k).collect();
    let _ = writeln!(w, "# 每行六个数依次为：{}", names.join("、"));
    let _ = writeln!(w, "# {T3_NOTE}");
    let _ = writeln!(w, "申请:");
    let mut group = None;
    for def in t3_rows(edition) {
        if def.group != group {
            if let Some(g) = def.group {
                let label = T3_GROUPS.iter().find(|(k, _)| *k == g).map_or(g, |(_, l)| *l);
                let _ = writeln!(w, "  {g}:                 # {label}");
            }
            group = def.group;
        }
        let indent = if def.group.is_some() { "    " } else { "  " };
        let zeros = "[0, 0, 0, 0, 0, 0]";
        let label = if def.kind == RowKind::Result && def.group.is_none() {
            format!("三、本年度办理结果 {}", def.label)
        } else {
            def.label.to_string()
        };
        let _ = writeln!(w, "{indent}{}: {zeros}    # {label}", def.key);
    }
    let _ = writeln!(w);
    let _ = writeln!(w, "# 四、政府信息公开行政复议、行政诉讼情况");
    let outcomes: Vec<&str> = OUTCOMES.iter().map(|(k, _)| *k).collect();
    let _ = writeln!(w, "# 每组四个数依次为：{}（总计自动计算）", outcomes.join("、"));
    let _ = writeln!(w, "复议诉讼:");
    for (key, _, _) in APPEAL_GROUPS {
        let what = if key == "行政复议" { "行政复议" } else { "行政诉讼" };
        let _ = writeln!(w, "  {key}: [0, 0, 0, 0]    # {what}");
    }
    let _ = writeln!(w);
    let _ = writeln!(w, "# 五、存在的主要问题及改进情况");
    let _ = writeln!(w, "问题及改进: |");
    let _ = writeln!(w, "  （请填写本年度政府信息公开工作存在的主要问题和改进措施。）");
    if edition == Edition::E2021 {
        let _ = writeln!(w, "  （请填写上年度报告所列问题的整改情况。）");
    }
    let _ = writeln!(w);
    let _ = writeln!(w, "# 六、其他需要报告的事项");
    match edition {
        Edition::E2019 => {
            let _ = writeln!(w, "其他事项: |");
            let _ = writeln!(w, "  无。");
        }
        Edition::E2021 => {
            let _ = writeln!(w, "其他事项:");
            let _ =
                writeln!(w, "  信息处理费: 0      # 本年收取的政府信息公开信息处理费（元），没有收取填 0");
            for (key, _, heading) in OTHER_TOPICS {
                let _ = writeln!(w, "  {key}: |           # {heading}");
                let _ = writeln!(w, "    （请填写{heading}；没有可写“无。”）");
            }
        }
    }
    s
}

/// A one-line YAML scalar: quoted when plain style could change its meaning.
fn yaml_str(s: &str) -> String {
    let plain = !s.is_empty()
        && !s.starts_with([
            ' ', '-', '?', ':', '[', ']', '{', '}', '#', '&', '*', '!', '|', '>', '\'', '"', '%', '@', '`',
        ])
        && !s.contains(": ")
        && !s.contains(" #")
        && !s.ends_with([' ', ':'])
        && !s.chars().any(char::is_control)
        && s.parse::<f64>().is_err()
        && !matches!(s, "true" | "false" | "null" | "~" | "yes" | "no");
    if plain { s.to_string() } else { serde_json::to_string(s).unwrap_or_default() }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn both_editions_load_and_pass_check() {
        for (year, agency) in [(2019, "某某市某某局"), (2024, "某某县人民政府: \"办公室\" #1")]
        {
            let text = data_file(year, agency);
            let report = crate::load::load_str(&text).unwrap_or_else(|f| panic!("{year}: {f:?}\n{text}"));
            assert_eq!(report.agency.value, agency);
            let findings = crate::check::check(&report, None);
            assert!(!crate::check::has_errors(&findings), "{findings:?}");
        }
    }
}
