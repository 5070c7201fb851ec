//! Locality templates: a Tera template produces the report's words and their order as a small
//! line-based document markup, which [`parse_markup`] turns into a [`Document`].
//!
//! # Where templates come from
//!
//! Built-in templates (`templates/<locality>/report.tera` and `style.yaml`) are embedded in the
//! binary. A user folder given with `--templates DIR` overrides them file by file: `DIR/shanghai/report.tera`
//! replaces the built-in one, `DIR/mycity/report.tera` adds a locality. A locality template usually
//! starts with `{% extends "default/report.tera" %}` and overrides blocks; `extends` resolves to the
//! user's `default/report.tera` when there is one. `xxgk templates export NAME DIR` writes
//! `DIR/NAME/report.tera` and `DIR/NAME/style.yaml`, which `--templates DIR` then uses unchanged.
//!
//! # The markup
//!
//! Each non-blank line of the template's output is one item (leading and trailing spaces ignored):
//!
//! | line | becomes |
//! |---|---|
//! | `@title TEXT` | a title line; consecutive `@title` lines form one title of several lines |
//! | `@h1 TEXT` … `@h4 TEXT` | a heading of that level (TEXT includes its `一、` / `（一）` marker) |
//! | `@p TEXT`, or any line not starting with `@` | a body paragraph |
//! | `@runin N TEXT` | a run-in heading of level N, joined with the paragraph on the next line |
//! | `@table 二` / `三` / `四` | the official table of that section ([`crate::tables`]) |
//! | `@prose NAME` | a prose text of the report, parsed by [`prose_blocks`] |
//! | `@prose-part NAME K` / `@prose-body NAME K` | part K (1-based, split at `（一）` headings; 0 is the text before the first) with / without its heading |
//! | `@signature UNIT` then `@date DATE` | the signature block |
//!
//! Prose names: `overview` (一), `problems` (五), `other` (六 as one text), and the section 六 topics
//! `other.work_points`, `other.proposals`, `other.innovation`, `other.other`.
//!
//! # Data is never markup or template code
//!
//! Every `{{ value }}` is escaped by Tera's autoescape with [`escape_literal`]: the value is wrapped
//! in the private-use delimiters U+E000 … U+E001, which the markup parser reads as literal text (so
//! a value can never start a directive), with those two characters removed from the data and line
//! breaks turned into spaces (so a value can never start a new line). The `safe` filter is disabled
//! for the same reason. Prose comes in only through `@prose`, never through Tera, so Tera never sees
//! data as template code. Writers escape the resulting plain text for their own target.
//!
//! # Context: every variable a template sees
//!
//! | variable | meaning |
//! |---|---|
//! | `title` | the report's title: `标题`, or `{机关}{年度}年政府信息公开工作年度报告` |
//! | `title_given` | true when the file sets `标题` (the default template then prints it on one line; otherwise the agency and `{年度}年政府信息公开工作年度报告` on two) |
//! | `agency` | `机关` |
//! | `year` | `年度` (number) |
//! | `edition` | table edition, `2019` or `2021` |
//! | `notice` | the edition's notice, `国办公开办函〔2019〕60号` / `国办公开办函〔2021〕30号` |
//! | `format_name` | `《中华人民共和国政府信息公开工作年度报告格式（试行）》` (2019) / `…格式》` (2021) |
//! | `locality` | the locality key in use (`default`, `shanghai`, …) |
//! | `draft` | true when rendering with `--draft` |
//! | `url` | `网址`, or none |
//! | `contacts.address` `.postcode` `.phone` `.fax` `.email` | `联系方式` fields, or none |
//! | `contacts_list` | the given contact fields in order, each `{label, value}` (`label` = `地址`, `邮编`, `电话`, `传真`, `电子邮箱`) |
//! | `signature.given` | true when `落款` is in the file |
//! | `signature.unit` | `落款.单位`, defaulting to `机关` |
//! | `signature.date` | `落款.日期` in GB/T 9704 style (`2024年1月16日`), or none |
//! | `overview.has_lead` | section 一 has text before its first `（一）` heading |
//! | `overview.parts` | section 一's `（一）` parts, each `{index, marker, heading, topic}`: `index` for `@prose-part`, `marker` normalised (`（一）`), `heading` without marker and final `。`, `topic` one of `主动公开` `依申请公开` `政府信息管理` `平台建设` `监督保障` or none |
//! | `problems.has_lead`, `problems.parts` | the same for section 五 |
//! | `proactive.*` (2021) | `rules` / `norms` `{issued, repealed, in_force}`; `licensing`, `punishment`, `coercion` (numbers); `fee` (万元, text as written) |
//! | `proactive.*` (2019) | `rules` / `norms` `{made, published, total}`; `licensing`, `other_services`, `punishment`, `coercion` `{previous, change, decisions}` (`change` signed text `+3`); `fees` `{previous, change}`; `procurement` `{count, amount}` (amount in 元, text) |
//! | `requests.<row>` | each row of table 三 as `{natural_person, business, research, public_interest, legal_service, other, total}`; rows: `new`, `carried_in`, `granted`, `partial`, `refused_secret` … `refused_query`, `unable_not_held`, `unable_needs_making`, `unable_unclear`, `ignored_petition` … `ignored_confirm`, `other` (2019) or `other_overdue_fix`, `other_overdue_fee`, `other_other` (2021), `carried_out`, and `results` (（七）总计, computed) |
//! | `requests.groups` | 总计-column sums of the result groups: `granted`, `partial`, `refused`, `unable`, `ignored`, `other` |
//! | `appeals.review` `.direct_suit` `.suit_after_review` | `{upheld, corrected, other, pending, total}` |
//! | `appeals.lawsuits` | 行政诉讼 in total (direct + after review) |
//! | `other.has_prose` | section 六 is written as one text (`@prose other`) |
//! | `other.fee` | 信息处理费 in 元 (text as written), or none |
//! | `other.topics` | the section 六 topics written, each `{id, marker, heading, source}`: `marker` numbered after the fee item (`（二）`…), `source` the name for `@prose` |

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::{Arc, LazyLock, Mutex};

use regex::Regex;
use serde_json::{Value, json};
use tera::{Context, ErrorKind, Kwargs, State, Tera};

use crate::diag::Rule;
use crate::doc::{Block, Document, Meta, Paragraph, Run, Table, TableKind};
use crate::model::{
    APPEAL_GROUPS, APPLICANTS, CONTACT_KEYS, Edition, OTHER_TOPICS, OUTCOMES, Other, Proactive, Prose, Report,
};
use crate::style::Style;
use crate::tables;

/// Start and end of a literal (data) segment in the template's output.
pub const LIT_START: char = '\u{E000}';
pub const LIT_END: char = '\u{E001}';

/// The file every locality renders from.
pub const REPORT_FILE: &str = "report.tera";
/// The style file of a locality (DOCX/PDF page and fonts).
pub const STYLE_FILE: &str = "style.yaml";
/// The locality every other one falls back to.
pub const DEFAULT_LOCALITY: &str = "default";

/// Built-in files: (locality, file name, contents).
pub const BUILTIN: &[(&str, &str, &str)] = &[
    ("default", REPORT_FILE, include_str!("../templates/default/report.tera")),
    ("default", STYLE_FILE, include_str!("../templates/default/style.yaml")),
    ("shanghai", REPORT_FILE, include_str!("../templates/shanghai/report.tera")),
    ("shanghai", STYLE_FILE, include_str!("../templates/shanghai/style.yaml")),
    ("shandong", REPORT_FILE, include_str!("../templates/shandong/report.tera")),
    ("shandong", STYLE_FILE, include_str!("../templates/shandong/style.yaml")),
];

/// One-line descriptions of the built-in localities (for `xxgk templates list`).
pub const BUILTIN_DESCRIPTIONS: &[(&str, &str)] = &[
    ("default", "全国通用：按国办公开办函格式，引言、六个部分、统计表、落款"),
    ("shandong", "山东：全省统一的引言写法（含“以及相关指标统计附表等”）"),
    (
        "shanghai",
        "上海：引言援引《上海市政府信息公开规定》，第一部分按“（一）主动公开方面…（五）监督保障方面”",
    ),
];

#[derive(Debug, thiserror::Error)]
pub enum TemplateError {
    /// A Tera syntax or rendering error, located in a template file.
    #[error("模板有误：{message}\n{snippet}")]
    Tera { file: String, line: usize, col: usize, message: String, snippet: String },
    /// A Tera error without a position (missing parent, circular extends, …).
    #[error("模板有误（{file}）：{message}")]
    TeraOther { file: String, message: String },
    #[error("没有名为“{name}”的地区模板；可用的地区：{available}")]
    UnknownLocality { name: String, available: String },
    #[error("模板“{file}”输出的第 {line} 行有误：{message}")]
    Markup { file: String, line: usize, message: String },
    #[error("无法读取模板 {}：{}", path.display(), crate::diag::io_reason(.source))]
    Read { path: PathBuf, source: std::io::Error },
    #[error("模板文件 {} 不是 UTF-8 编码", path.display())]
    NotUtf8 { path: PathBuf },
    #[error("无法写出模板 {}：{}", path.display(), crate::diag::io_reason(.source))]
    Write { path: PathBuf, source: std::io::Error },
    #[error("{} 已存在，未覆盖；确需覆盖请加 --force", path.display())]
    Exists { path: PathBuf },
    #[error("样式文件 {file} 有误：{message}")]
    Style { file: String, message: String },
    /// The template's report lacks a section or table the national format requires
    /// ([`Rule::SSix`], [`Rule::STables`]).
    #[error("模板“{file}”生成的报告不符合国家规定的格式：{message}")]
    Structure { file: String, rule: Rule, message: String },
}

/// Where a template file came from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Origin {
    BuiltIn,
    User(PathBuf),
}

#[derive(Debug, Clone)]
struct Source {
    text: String,
    origin: Origin,
}

/// The set of templates in use: the built-ins, overridden file by file by a user folder.
///
/// Each locality is compiled on first use together with `default/`, so that one broken or
/// incompatible locality never stops the others from rendering.
pub struct Templates {
    /// `locality/file` → source, for error locations, styles and export.
    files: BTreeMap<String, Source>,
    compiled: Mutex<HashMap<String, Arc<Tera>>>,
    /// Parsed style files, by file key (parsed once per process, not once per report).
    styles: Mutex<HashMap<String, Style>>,
}

impl Clone for Templates {
    fn clone(&self) -> Self {
        Templates { files: self.files.clone(), compiled: Mutex::default(), styles: Mutex::default() }
    }
}

impl std::fmt::Debug for Templates {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Templates").field("files", &self.files.keys().collect::<Vec<_>>()).finish()
    }
}

/// Tera's escape function for this markup: data becomes one literal segment on one line.
pub fn escape_literal(input: &str, out: &mut dyn Write) -> std::io::Result<()> {
    let mut buf = String::with_capacity(input.len() + 6);
    buf.push(LIT_START);
    push_literal(&mut buf, input);
    buf.push(LIT_END);
    out.write_all(buf.as_bytes())
}

fn push_literal(buf: &mut String, input: &str) {
    for c in input.chars() {
        match c {
            LIT_START | LIT_END => {}
            '\r' | '\n' | '\u{2028}' | '\u{2029}' | '\u{85}' | '\u{b}' | '\u{c}' => buf.push(' '),
            c if c.is_control() && c != '\t' => {}
            c => buf.push(c),
        }
    }
}

/// Name of a template inside Tera: `locality/file`.
fn key(locality: &str, file: &str) -> String {
    format!("{locality}/{file}")
}

impl Templates {
    /// The built-in templates only.
    pub fn builtin() -> Result<Templates, TemplateError> {
        Templates::build(builtin_files())
    }

    /// The built-ins overridden by the files of `dir` (`dir/<locality>/<file>`).
    pub fn with_user_dir(dir: &Path) -> Result<Templates, TemplateError> {
        let mut files = builtin_files();
        let entries =
            std::fs::read_dir(dir).map_err(|source| TemplateError::Read { path: dir.into(), source })?;
        for entry in entries {
            let entry = entry.map_err(|source| TemplateError::Read { path: dir.into(), source })?;
            let path = entry.path();
            if !path.is_dir() {
                continue;
            }
            let Some(locality) = path.file_name().and_then(|n| n.to_str()).map(str::to_owned) else {
                continue;
            };
            let inner = std::fs::read_dir(&path)
                .map_err(|source| TemplateError::Read { path: path.clone(), source })?;
            for file in inner {
                let file = file.map_err(|source| TemplateError::Read { path: path.clone(), source })?;
                let fpath = file.path();
                let Some(name) = fpath.file_name().and_then(|n| n.to_str()).map(str::to_owned) else {
                    continue;
                };
                if !fpath.is_file() || !(name.ends_with(".tera") || name == STYLE_FILE) {
                    continue;
                }
                let bytes = std::fs::read(&fpath)
                    .map_err(|source| TemplateError::Read { path: fpath.clone(), source })?;
                let text =
                    String::from_utf8(bytes).map_err(|_| TemplateError::NotUtf8 { path: fpath.clone() })?;
                files.insert(key(&locality, &name), Source { text, origin: Origin::User(fpath) });
            }
        }
        Templates::build(files)
    }

    fn build(files: BTreeMap<String, Source>) -> Result<Templates, TemplateError> {
        Ok(Templates { files, compiled: Mutex::default(), styles: Mutex::default() })
    }

    /// The compiled templates of `locality` and `default`.
    fn tera(&self, locality: &str) -> Result<Arc<Tera>, TemplateError> {
        let mut cache = self.compiled.lock().unwrap_or_else(|e| e.into_inner());
        if let Some(t) = cache.get(locality) {
            return Ok(t.clone());
        }
        let mut tera = Tera::new();
        tera.autoescape_on([".tera"]);
        tera.set_escape_fn(escape_literal);
        // `safe` would let data through unescaped, where it could become markup: make it a no-op.
        tera.register_filter("safe", |s: std::borrow::Cow<'_, str>, _: Kwargs, _: &State| s.into_owned());
        let prefixes = [format!("{DEFAULT_LOCALITY}/"), format!("{locality}/")];
        let sources = self
            .files
            .iter()
            .filter(|(name, _)| {
                name.ends_with(".tera") && prefixes.iter().any(|p| name.starts_with(p.as_str()))
            })
            .map(|(n, s)| (n, &s.text));
        tera.add_raw_templates(sources).map_err(|e| self.tera_error(e, Some(&key(locality, REPORT_FILE))))?;
        let tera = Arc::new(tera);
        cache.insert(locality.to_string(), tera.clone());
        Ok(tera)
    }

    /// Every locality that has a report template, sorted, with where it comes from.
    pub fn localities(&self) -> Vec<(String, Origin)> {
        self.files
            .iter()
            .filter_map(|(k, s)| {
                let (loc, file) = k.split_once('/')?;
                (file == REPORT_FILE).then(|| (loc.to_string(), s.origin.clone()))
            })
            .collect()
    }

    fn locality_names(&self) -> String {
        self.localities().into_iter().map(|(l, _)| l).collect::<Vec<_>>().join("、")
    }

    /// Checks that `locality` has a template.
    pub fn resolve(&self, locality: &str) -> Result<String, TemplateError> {
        let name = key(locality, REPORT_FILE);
        if self.files.contains_key(&name) {
            Ok(name)
        } else {
            Err(TemplateError::UnknownLocality {
                name: locality.to_string(),
                available: self.locality_names(),
            })
        }
    }

    /// The display path of a template: the user's file, or `内置模板 locality/file`.
    fn display(&self, name: &str) -> String {
        match self.files.get(name).map(|s| &s.origin) {
            Some(Origin::User(p)) => p.display().to_string(),
            _ => format!("内置模板 {name}"),
        }
    }

    fn tera_error(&self, e: tera::Error, fallback: Option<&str>) -> TemplateError {
        let fallback = fallback.map(|f| self.display(f)).unwrap_or_else(|| "模板".into());
        match e.kind() {
            ErrorKind::SyntaxError(r) | ErrorKind::RenderingError(r) => {
                let file = self.display(r.filename());
                let (line, col) = (r.span().start_line, r.span().start_col + 1);
                let mut snippet = String::new();
                let source = self.files.get(r.filename()).map(|s| s.text.as_str());
                crate::diag::snippet(&mut snippet, &file, source, line as u32, col as u32);
                TemplateError::Tera { file, line, col, message: tera_message(r.message()), snippet }
            }
            ErrorKind::MissingParent { current, parent } => TemplateError::TeraOther {
                file: self.display(current),
                message: format!("继承的模板“{parent}”不存在"),
            },
            ErrorKind::CircularExtend { tpl, inheritance_chain } => TemplateError::TeraOther {
                file: self.display(tpl),
                message: format!("模板循环继承：{}", inheritance_chain.join(" → ")),
            },
            ErrorKind::TemplateNotFound(name) => {
                TemplateError::TeraOther { file: fallback, message: format!("找不到模板“{name}”") }
            }
            _ => {
                // Aggregated reports name templates by their internal name: show the files.
                let mut message: String = e
                    .to_string()
                    .lines()
                    .map(|l| l.strip_prefix("error: ").map_or_else(|| l.to_string(), tera_message))
                    .collect::<Vec<_>>()
                    .join("\n");
                for name in self.files.keys() {
                    message =
                        message.replace(&format!("--> {name}:"), &format!("--> {}:", self.display(name)));
                }
                TemplateError::TeraOther { file: fallback, message }
            }
        }
    }

    /// The locality's style: its `style.yaml`, else the default locality's.
    pub fn style(&self, locality: &str) -> Result<Style, TemplateError> {
        let name = [key(locality, STYLE_FILE), key(DEFAULT_LOCALITY, STYLE_FILE)]
            .into_iter()
            .find(|n| self.files.contains_key(n));
        let Some(name) = name else {
            return Ok(Style::default());
        };
        if let Some(style) = self.styles.lock().unwrap_or_else(|e| e.into_inner()).get(&name) {
            return Ok(style.clone());
        }
        let style = Style::from_yaml(&self.files[&name].text)
            .map_err(|e| TemplateError::Style { file: self.display(&name), message: e.to_string() })?;
        self.styles.lock().unwrap_or_else(|e| e.into_inner()).insert(name, style.clone());
        Ok(style)
    }

    /// The raw markup a locality's template produces for a report (for debugging templates).
    pub fn render_markup(
        &self,
        report: &Report,
        locality: &str,
        draft: bool,
    ) -> Result<String, TemplateError> {
        let name = self.resolve(locality)?;
        let tera = self.tera(locality)?;
        let ctx = Context::from_serialize(&context(report, locality, draft))
            .map_err(|e| self.tera_error(e, Some(&name)))?;
        tera.render(&name, &ctx).map_err(|e| self.tera_error(e, Some(&name)))
    }

    /// Renders a report through a locality's template into the document every writer uses.
    pub fn render(&self, report: &Report, locality: &str, draft: bool) -> Result<Document, TemplateError> {
        let markup = self.render_markup(report, locality, draft)?;
        let file = || self.display(&key(locality, REPORT_FILE));
        let doc = parse_markup(&markup, report, draft).map_err(|(line, message)| TemplateError::Markup {
            file: file(),
            line,
            message,
        })?;
        official_structure(&doc).map_err(|(rule, message)| TemplateError::Structure {
            file: file(),
            rule,
            message,
        })?;
        Ok(doc)
    }

    /// Writes a locality's files to `dir/<locality>/` (for `xxgk templates export`). Files the
    /// locality inherits from `default` are not copied: `--templates dir` still finds them built in.
    /// Existing files are kept unless `force`.
    pub fn export(&self, locality: &str, dir: &Path, force: bool) -> Result<Vec<PathBuf>, TemplateError> {
        self.resolve(locality)?;
        let out = dir.join(locality);
        std::fs::create_dir_all(&out).map_err(|source| TemplateError::Write { path: out.clone(), source })?;
        let prefix = format!("{locality}/");
        let files: Vec<(PathBuf, &str)> = self
            .files
            .iter()
            .filter_map(|(name, src)| Some((out.join(name.strip_prefix(&prefix)?), src.text.as_str())))
            .collect();
        if !force && let Some((path, _)) = files.iter().find(|(p, _)| p.exists()) {
            return Err(TemplateError::Exists { path: path.clone() });
        }
        let mut written = Vec::new();
        for (path, text) in files {
            crate::commands::write_atomic(&path, text.as_bytes(), true)
                .map_err(|source| TemplateError::Write { path: path.clone(), source })?;
            written.push(path);
        }
        Ok(written)
    }
}

fn builtin_files() -> BTreeMap<String, Source> {
    BUILTIN
        .iter()
        .map(|(loc, file, text)| {
            (key(loc, file), Source { text: (*text).to_string(), origin: Origin::BuiltIn })
        })
        .collect()
}

// ---------------------------------------------------------------------------------------------
// Context

/// The template context of a report (see the module documentation for every variable).
pub fn context(report: &Report, locality: &str, draft: bool) -> Value {
    let edition = report.edition;
    let format_name = match edition {
        Edition::E2019 => "《中华人民共和国政府信息公开工作年度报告格式（试行）》",
        Edition::E2021 => "《中华人民共和国政府信息公开工作年度报告格式》",
    };
    let c = &report.contacts;
    let contact_values = [&c.address, &c.postcode, &c.phone, &c.fax, &c.email];
    let contacts_list: Vec<Value> = CONTACT_KEYS
        .iter()
        .zip(contact_values)
        .filter_map(|((label, _), v)| {
            v.as_deref().filter(|s| !s.trim().is_empty()).map(|v| json!({"label": label, "value": v}))
        })
        .collect();
    let contacts: serde_json::Map<String, Value> =
        CONTACT_KEYS.iter().zip(contact_values).map(|((_, id), v)| (id.to_string(), json!(v))).collect();
    let sig = &report.signature;
    let signature = json!({
        "given": sig.unit.is_some() || sig.date.is_some(),
        "unit": sig.unit.clone().unwrap_or_else(|| report.agency.value.clone()),
        "date": sig.date.as_ref().map(|d| crate::model::gbt_date(&d.value).unwrap_or_else(|| d.value.trim().to_string())),
    });
    json!({
        "title": report.title(),
        "title_given": report.title.is_some(),
        "agency": report.agency.value,
        "year": report.year.value,
        "edition": edition.year(),
        "notice": edition.notice(),
        "format_name": format_name,
        "locality": locality,
        "draft": draft,
        "url": report.url.as_deref().filter(|s| !s.trim().is_empty()),
        "contacts": contacts,
        "contacts_list": contacts_list,
        "signature": signature,
        "overview": prose_context(&report.overview),
        "problems": prose_context(&report.problems),
        "proactive": proactive_context(&report.proactive),
        "requests": requests_context(report),
        "appeals": appeals_context(report),
        "other": other_context(report),
    })
}

const TOPICS: [(&str, &str); 5] = [
    ("依申请", "依申请公开"),
    ("主动公开", "主动公开"),
    ("信息管理", "政府信息管理"),
    ("平台", "平台建设"),
    ("监督", "监督保障"),
];

fn prose_context(p: &Prose) -> Value {
    let parts = split_parts(&p.text);
    let list: Vec<Value> = parts
        .iter()
        .enumerate()
        .skip(1)
        .map(|(i, part)| {
            let (marker, heading) = part.heading.clone().unwrap_or_default();
            let topic = TOPICS.iter().find(|(k, _)| heading.contains(k)).map(|(_, t)| *t);
            json!({"index": i, "marker": marker, "heading": heading, "topic": topic})
        })
        .collect();
    json!({"has_lead": parts.first().is_some_and(|p| !p.lines.is_empty()), "parts": list})
}

fn docs_json(d: &crate::model::Docs3, names: [&str; 3]) -> Value {
    let m: serde_json::Map<String, Value> =
        names.iter().zip(&d.values).map(|(n, v)| (n.to_string(), json!(v.value))).collect();
    Value::Object(m)
}

fn proactive_context(p: &Proactive) -> Value {
    match p {
        Proactive::E2021(p) => json!({
            "rules": docs_json(&p.rules, ["issued", "repealed", "in_force"]),
            "norms": docs_json(&p.norms, ["issued", "repealed", "in_force"]),
            "licensing": p.licensing.value,
            "punishment": p.punishment.value,
            "coercion": p.coercion.value,
            "fee": p.fee.value.text,
        }),
        Proactive::E2019(p) => {
            let items = |it: &crate::model::Items2019| {
                json!({
                    "previous": it.previous.value,
                    "change": tables::signed(it.change.value),
                    "decisions": it.decisions.as_ref().map(|d| d.value),
                })
            };
            json!({
                "rules": docs_json(&p.rules, ["made", "published", "total"]),
                "norms": docs_json(&p.norms, ["made", "published", "total"]),
                "licensing": items(&p.licensing),
                "other_services": items(&p.other_services),
                "punishment": items(&p.punishment),
                "coercion": items(&p.coercion),
                "fees": {"previous": p.fees.previous.value, "change": tables::signed(p.fees.change.value)},
                "procurement": {"count": p.procurement_count.value, "amount": p.procurement_amount.value.text},
            })
        }
    }
}

fn row_json(values: [u64; 7]) -> Value {
    let mut m: serde_json::Map<String, Value> =
        APPLICANTS.iter().zip(values).map(|((_, id), v)| (id.to_string(), json!(v))).collect();
    m.insert("total".into(), json!(values[6]));
    Value::Object(m)
}

fn requests_context(report: &Report) -> Value {
    let req = &report.requests;
    let mut m: serde_json::Map<String, Value> =
        req.rows.iter().map(|r| (r.def.id.to_string(), row_json(r.with_total()))).collect();
    m.insert("results".into(), row_json(req.total()));
    let groups: serde_json::Map<String, Value> = crate::model::ResultGroup::ALL
        .iter()
        .map(|g| (g.id().to_string(), json!(req.group_total(*g))))
        .collect();
    m.insert("groups".into(), Value::Object(groups));
    Value::Object(m)
}

fn appeals_context(report: &Report) -> Value {
    let mut m = serde_json::Map::new();
    for ((_, _, id), g) in APPEAL_GROUPS.iter().zip(&report.appeals.groups) {
        let mut o: serde_json::Map<String, Value> =
            OUTCOMES.iter().zip(&g.values).map(|((_, k), v)| (k.to_string(), json!(v.value))).collect();
        o.insert("total".into(), json!(g.sum()));
        m.insert(id.to_string(), Value::Object(o));
    }
    m.insert("lawsuits".into(), json!(report.appeals.lawsuits()));
    Value::Object(m)
}

fn other_context(report: &Report) -> Value {
    let o = &report.other;
    let fee = o.fee.as_ref().map(|f| f.value.text.clone());
    let mut n = usize::from(fee.is_some());
    let topics: Vec<Value> = OTHER_TOPICS
        .iter()
        .filter(|(key, id, _)| topic(o, key, id).is_some_and(|p| !p.is_blank()))
        .map(|(_, id, heading)| {
            n += 1;
            json!({"id": id, "marker": format!("（{}）", cn_number(n)), "heading": heading, "source": format!("other.{id}")})
        })
        .collect();
    json!({
        "has_prose": o.prose.as_ref().is_some_and(|p| !p.is_blank()),
        "fee": fee,
        "topics": topics,
    })
}

/// Chinese numerals for markers: 1 → 一, 12 → 十二, 20 → 二十.
pub fn cn_number(n: usize) -> String {
    const D: [&str; 10] = ["零", "一", "二", "三", "四", "五", "六", "七", "八", "九"];
    match n {
        0..=9 => D[n].into(),
        10..=19 => format!("十{}", if n == 10 { "" } else { D[n - 10] }),
        20..=99 => format!("{}十{}", D[n / 10], if n.is_multiple_of(10) { "" } else { D[n % 10] }),
        _ => n.to_string(),
    }
}

// ---------------------------------------------------------------------------------------------
// Prose

/// The numbering marker at the start of a prose line: (level, marker length in bytes).
/// `一、` level 1, `（一）` level 2, `1.`/`1．` level 3, `（1）` level 4; ASCII parentheses are
/// accepted too, since text pasted from Word mixes them (`(四）`).
pub fn heading_marker(line: &str) -> Option<(u8, usize)> {
    const CN: &str = "一二三四五六七八九十百零〇";
    let mut chars = line.char_indices().peekable();
    let (_, first) = *chars.peek()?;
    if first == '（' || first == '(' {
        chars.next();
        let mut kind = None;
        for (count, (i, c)) in chars.enumerate() {
            if c == '）' || c == ')' {
                return match (kind, count) {
                    (Some(level), 1..=3) => Some((level, i + c.len_utf8())),
                    _ => None,
                };
            }
            let k = if CN.contains(c) {
                2
            } else if c.is_ascii_digit() || ('０'..='９').contains(&c) {
                4
            } else {
                return None;
            };
            if kind.is_some_and(|l| l != k) {
                return None;
            }
            kind = Some(k);
        }
        return None;
    }
    if CN.contains(first) {
        for (count, (i, c)) in chars.enumerate() {
            if c == '、' && count > 0 && count <= 3 {
                return Some((1, i + c.len_utf8()));
            }
            if !CN.contains(c) {
                return None;
            }
        }
        return None;
    }
    let mut count = 0;
    while let Some(&(i, c)) = chars.peek() {
        if c.is_ascii_digit() || ('０'..='９').contains(&c) {
            count += 1;
            chars.next();
            continue;
        }
        if (c == '.' || c == '．') && (1..=2).contains(&count) {
            chars.next();
            let next = chars.peek().map(|&(_, n)| n);
            return match next {
                Some(n) if !n.is_ascii_digit() && !('０'..='９').contains(&n) => {
                    Some((3, i + c.len_utf8()))
                }
                _ => None,
            };
        }
        return None;
    }
    None
}

/// One prose line as a block: a heading, a run-in heading paragraph, or a plain paragraph.
fn prose_line(line: &str) -> Block {
    match heading_marker(line) {
        Some((level, len)) => {
            // A numbered line that goes on after its first 。 is a run-in heading.
            if let Some(p) = line[len..].find('。').map(|p| len + p + '。'.len_utf8()) {
                let rest = line[p..].trim();
                if !rest.is_empty() {
                    return Block::Paragraph(Paragraph {
                        runs: vec![Run::heading(level, &line[..p]), Run::plain(rest)],
                    });
                }
            }
            Block::Heading { level, text: line.to_string() }
        }
        None => Block::Paragraph(Paragraph::plain(line)),
    }
}

/// Prose → blocks (DATA.md): every non-empty line a paragraph; numbered lines headings of their level.
pub fn prose_blocks(text: &str) -> Vec<Block> {
    text.lines().map(str::trim).filter(|l| !l.is_empty()).map(prose_line).collect()
}

struct Part<'a> {
    /// (normalised marker `（一）`, heading text without marker and final `。`)
    heading: Option<(String, String)>,
    lines: Vec<&'a str>,
}

/// Splits prose at its level-2 lines: part 0 is the text before the first, then one part each.
fn split_parts(text: &str) -> Vec<Part<'_>> {
    let mut parts = vec![Part { heading: None, lines: Vec::new() }];
    for line in text.lines().map(str::trim).filter(|l| !l.is_empty()) {
        if let Some((2, len)) = heading_marker(line) {
            let inner: String =
                line[..len].chars().filter(|c| !matches!(c, '（' | '(' | '）' | ')')).collect();
            let rest = &line[len..];
            let head = rest.split_once('。').map_or(rest, |(h, _)| h).trim().to_string();
            parts.push(Part { heading: Some((format!("（{inner}）"), head)), lines: vec![line] });
        } else if let Some(last) = parts.last_mut() {
            last.lines.push(line);
        }
    }
    parts
}

/// A section 六 topic's prose, whether stored under its data key or its English id.
fn topic<'a>(o: &'a Other, key: &str, id: &str) -> Option<&'a Prose> {
    o.topics.iter().find(|(k, _)| *k == key || *k == id).map(|(_, p)| p)
}

fn prose_source<'a>(report: &'a Report, name: &str) -> Option<&'a str> {
    match name {
        "overview" => Some(&report.overview.text),
        "problems" => Some(&report.problems.text),
        "other" => Some(report.other.prose.as_ref().map_or("", |p| p.text.as_str())),
        _ => {
            let id = name.strip_prefix("other.")?;
            let (key, id, _) = OTHER_TOPICS.iter().find(|(_, i, _)| *i == id)?;
            Some(topic(&report.other, key, id).map_or("", |p| p.text.as_str()))
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Markup

#[derive(Debug, PartialEq)]
enum Seg<'a> {
    Markup(&'a str),
    Literal(&'a str),
}

/// Splits one output line into markup and literal segments.
fn segments(line: &str) -> Result<Vec<Seg<'_>>, String> {
    let mut out = Vec::new();
    let mut rest = line;
    while !rest.is_empty() {
        match rest.find(LIT_START) {
            Some(start) => {
                if start > 0 {
                    out.push(Seg::Markup(&rest[..start]));
                }
                let after = &rest[start + LIT_START.len_utf8()..];
                let end = after.find(LIT_END).ok_or("数据值没有结束标记（模板内部错误）")?;
                out.push(Seg::Literal(&after[..end]));
                rest = &after[end + LIT_END.len_utf8()..];
            }
            None => {
                out.push(Seg::Markup(rest));
                rest = "";
            }
        }
    }
    Ok(out)
}

fn seg_text(segs: &[Seg<'_>]) -> String {
    let mut s = String::new();
    for seg in segs {
        match seg {
            // Stray delimiters in template text are dropped like in data.
            Seg::Markup(m) => s.extend(m.chars().filter(|c| *c != LIT_END)),
            Seg::Literal(l) => s.push_str(l),
        }
    }
    s.trim().to_string()
}

/// Parses the template's output into a document; errors are (1-based output line, message).
pub fn parse_markup(markup: &str, report: &Report, draft: bool) -> Result<Document, (usize, String)> {
    let mut blocks: Vec<Block> = Vec::new();
    let mut tables: Option<[Table; 3]> = None;
    let mut pending_runin: Option<(u8, String, usize)> = None;

    for (i, raw) in markup.lines().enumerate() {
        let lineno = i + 1;
        let mut segs = segments(raw).map_err(|m| (lineno, m))?;
        if let Some(Seg::Markup(m)) = segs.first_mut() {
            *m = m.trim_start();
        }
        let directive = match segs.first() {
            Some(Seg::Markup(m)) if m.starts_with('@') => {
                let end = m.find(char::is_whitespace).unwrap_or(m.len());
                let word = &m[1..end];
                segs[0] = Seg::Markup(&m[end..]);
                Some(word)
            }
            _ => None,
        };
        let text = seg_text(&segs);
        if directive.is_none() && text.is_empty() {
            continue;
        }
        if let Some((level, head, _)) = pending_runin.take() {
            if directive.is_some_and(|d| d != "p") {
                return Err((lineno, "“@runin”之后应紧跟一个段落".into()));
            }
            let mut runs = vec![Run::heading(level, head)];
            if !text.is_empty() {
                runs.push(Run::plain(text));
            }
            blocks.push(Block::Paragraph(Paragraph { runs }));
            continue;
        }
        match directive {
            None | Some("p") => {
                if !text.is_empty() {
                    blocks.push(Block::Paragraph(Paragraph::plain(text)));
                }
            }
            Some("title") => match blocks.last_mut() {
                Some(Block::Title(lines)) => lines.push(text),
                _ => blocks.push(Block::Title(vec![text])),
            },
            Some(h @ ("h1" | "h2" | "h3" | "h4")) => {
                let level = h.as_bytes()[1] - b'0';
                blocks.push(Block::Heading { level, text });
            }
            Some("runin") => {
                let (level, head) = text.split_once(char::is_whitespace).unwrap_or((&text, ""));
                let level = match level {
                    "1" => 1,
                    "2" => 2,
                    "3" => 3,
                    "4" => 4,
                    _ => return Err((lineno, format!("“@runin”的级别应为 1–4，而不是“{level}”"))),
                };
                pending_runin = Some((level, head.trim().to_string(), lineno));
            }
            Some("table") => {
                let idx = match text.as_str() {
                    "二" | "2" => 0,
                    "三" | "3" => 1,
                    "四" | "4" => 2,
                    _ => return Err((lineno, format!("没有“{text}”号统计表：只有 二、三、四"))),
                };
                let all = tables.get_or_insert_with(|| tables::build(report));
                blocks.push(Block::Table(all[idx].clone()));
            }
            Some(d @ ("prose" | "prose-part" | "prose-body")) => {
                let mut args = text.split_whitespace();
                let name = args.next().unwrap_or("");
                let src =
                    prose_source(report, name).ok_or_else(|| (lineno, format!("没有名为“{name}”的正文")))?;
                if d == "prose" {
                    blocks.extend(prose_blocks(src));
                    continue;
                }
                let k: usize = args
                    .next()
                    .and_then(|k| k.parse().ok())
                    .ok_or_else(|| (lineno, format!("“@{d}”需要部分序号，如“@{d} {name} 1”")))?;
                let parts = split_parts(src);
                let Some(part) = parts.get(k) else { continue };
                let mut lines = part.lines.iter();
                if d == "prose-body" && part.heading.is_some() {
                    // Drop the heading line; keep what a run-in heading line goes on with.
                    if let Some(first) = lines.next()
                        && let Block::Paragraph(p) = prose_line(first)
                        && p.runs.len() == 2
                    {
                        blocks.push(Block::Paragraph(Paragraph::plain(p.runs[1].text.clone())));
                    }
                }
                blocks.extend(lines.map(|l| prose_line(l)));
            }
            Some("signature") => blocks.push(Block::Signature { unit: text, date: String::new() }),
            Some("date") => match blocks.last_mut() {
                Some(Block::Signature { date, .. }) if date.is_empty() => *date = text,
                _ => blocks.push(Block::Signature { unit: String::new(), date: text }),
            },
            Some(other) => return Err((lineno, format!("未知的标记“@{other}”"))),
        }
    }
    if let Some((_, _, line)) = pending_runin {
        return Err((line, "“@runin”之后应紧跟一个段落".into()));
    }
    let title = blocks
        .iter()
        .find_map(|b| match b {
            Block::Title(lines) => Some(lines.concat()),
            _ => None,
        })
        .unwrap_or_else(|| report.title());
    Ok(Document {
        meta: Meta { title, author: report.agency.value.clone(), language: "zh-CN".into(), draft },
        blocks,
    })
}

/// The built-in and user localities' names, for messages.
pub fn builtin_localities() -> BTreeSet<&'static str> {
    BUILTIN.iter().map(|(l, _, _)| *l).collect()
}

/// The six numbered sections in order (a locality may word their titles its own way), and the
/// tables of sections 二, 三 and 四 each once, in its section ([`Rule::SSix`], [`Rule::STables`]).
/// Prose may hold further numbered headings; only the first 一、…六、 sequence counts.
fn official_structure(doc: &Document) -> Result<(), (Rule, String)> {
    const NUMERALS: [&str; 6] = ["一、", "二、", "三、", "四、", "五、", "六、"];
    let tables = [(1, TableKind::Proactive), (2, TableKind::Requests), (3, TableKind::Appeals)];
    let mut section: Option<usize> = None;
    let mut seen: Vec<(usize, TableKind)> = Vec::new();
    for block in &doc.blocks {
        match block {
            Block::Heading { level: 1, text } => {
                let next = section.map_or(0, |s| s + 1);
                if NUMERALS.get(next).is_some_and(|n| text.trim_start().starts_with(n)) {
                    section = Some(next);
                }
            }
            Block::Table(t) => match section {
                Some(s) => seen.push((s, t.kind)),
                None => return Err((Rule::STables, "统计表出现在“一、”之前".into())),
            },
            _ => {}
        }
    }
    let reached = section.map_or(0, |s| s + 1);
    if reached < NUMERALS.len() {
        return Err((
            Rule::SSix,
            format!(
                "缺少以“{}”开头的一级标题（六个部分应依次为一、至六、，每个都用 @h1 写出）",
                NUMERALS[reached]
            ),
        ));
    }
    for (s, kind) in tables {
        let count = seen.iter().filter(|(_, k)| *k == kind).count();
        let placed = seen.iter().any(|(at, k)| *k == kind && *at == s);
        if count != 1 || !placed {
            return Err((
                Rule::STables,
                format!(
                    "第{}部分应有且只有一张法定统计表（@table {}）",
                    &NUMERALS[s][..3],
                    &NUMERALS[s][..3]
                ),
            ));
        }
    }
    Ok(())
}

/// Tera's message in Chinese for the mistakes template writers make most; others stay as Tera
/// wrote them.
fn tera_message(english: &str) -> String {
    static PATTERNS: LazyLock<Vec<(Regex, &str)>> = LazyLock::new(|| {
        [
            (r"^Found (.+?) but (?:expected|was expecting) (.+?)\.?$", "这里是 $1，应为 $2"),
            (r"^Unexpected end of input", "模板在此意外结束：是否少写了 }}、%} 或 {% end… %}？"),
            (r"^Variable `(.+?)` is not defined", "变量“$1”不存在（可用的变量见使用手册“模板与地区”）"),
            (r"^Variable `(.+?)` exists but its value is undefined", "变量“$1”没有值"),
            (r"^Field `(.+?)` is not defined", "字段“$1”不存在（可用的变量见使用手册“模板与地区”）"),
            (r"^Unknown filter `(.+?)`", "没有名为“$1”的过滤器"),
            (r"^Unknown tag", "不认识的标签"),
            (r"^Closing tag '(.+?)' doesn't match opening tag '(.+?)'", "结束标签“$1”与开始标签“$2”不匹配"),
        ]
        .into_iter()
        .filter_map(|(re, zh)| Regex::new(re).ok().map(|re| (re, zh)))
        .collect()
    });
    for (re, zh) in PATTERNS.iter() {
        if let Some(caps) = re.captures(english) {
            let mut out = String::new();
            caps.expand(zh, &mut out);
            return out;
        }
    }
    format!("{english}（Tera 模板引擎的提示）")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Edition;
    use crate::tables::tests::sample;

    #[test]
    fn markers_give_levels() {
        let cases = [
            ("一、总体情况", Some(1)),
            ("十二、其他", Some(1)),
            ("（一）强化组织领导", Some(2)),
            ("(四）公开政府信息", Some(2)),
            ("1.属于国家秘密", Some(3)),
            ("2．重复申请", Some(3)),
            ("（1）细项", Some(4)),
            ("一是提高认识", None),
            ("2019年，区科技局", None),
            ("2019.5月", None),
            ("3.5万元", None),
            ("（本列数据）", None),
        ];
        for (line, want) in cases {
            assert_eq!(heading_marker(line).map(|(l, _)| l), want, "{line}");
        }
    }

    #[test]
    fn run_in_heading_splits_at_first_full_stop() {
        let blocks = prose_blocks("（一）主动公开情况。本年度公开信息84条。\n（二）强化组织领导\n正文。");
        assert_eq!(
            blocks[0],
            Block::Paragraph(Paragraph {
                runs: vec![Run::heading(2, "（一）主动公开情况。"), Run::plain("本年度公开信息84条。")]
            })
        );
        assert_eq!(blocks[1], Block::Heading { level: 2, text: "（二）强化组织领导".into() });
        assert_eq!(blocks[2], Block::Paragraph(Paragraph::plain("正文。")));
    }

    #[test]
    fn data_cannot_become_markup() {
        let mut out = Vec::new();
        escape_literal("x\n@h1 注入\u{E001}@table 三", &mut out).unwrap();
        let line = format!("@p 前{}后", String::from_utf8(out).unwrap());
        let r = sample(Edition::E2021, |_, _| 0);
        let doc = parse_markup(&line, &r, false).unwrap();
        assert_eq!(doc.blocks, vec![Block::Paragraph(Paragraph::plain("前x @h1 注入@table 三后"))]);
        // A value at the start of a line is still literal text.
        let mut out = Vec::new();
        escape_literal("@h1 标题", &mut out).unwrap();
        let doc = parse_markup(&String::from_utf8(out).unwrap(), &r, false).unwrap();
        assert_eq!(doc.blocks, vec![Block::Paragraph(Paragraph::plain("@h1 标题"))]);
    }

    #[test]
    fn numbers_in_chinese() {
        assert_eq!(cn_number(1), "一");
        assert_eq!(cn_number(10), "十");
        assert_eq!(cn_number(12), "十二");
        assert_eq!(cn_number(20), "二十");
    }

    #[test]
    fn every_builtin_locality_renders() {
        let t = Templates::builtin().unwrap();
        for e in [Edition::E2019, Edition::E2021] {
            let r = sample(e, |_, _| 0);
            for (loc, _) in t.localities() {
                let doc = t.render(&r, &loc, false).unwrap();
                let tables = doc.blocks.iter().filter(|b| matches!(b, Block::Table(_))).count();
                assert_eq!(tables, 3, "{loc}");
                assert!(t.style(&loc).is_ok(), "{loc}");
            }
        }
    }
}
