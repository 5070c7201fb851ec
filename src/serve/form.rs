//! The form of a report and the way back: the page's state (every field as the clerk typed it) →
//! the data file's text → the loader and the checks, with each finding placed beside its field.
//!
//! The text is [`crate::datafile::write`]'s layout filled with the form's text fields, then the
//! figures exactly as typed put in at their places, so a figure that is not a number gets the
//! loader's message, and what is saved is what was checked.

use super::fields::{self, Field, Span};
use crate::diag::{Finding, Rule};
use crate::doc::{CellRole, Table};
use crate::model::*;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::sync::OnceLock;

/// What the page sends: the form's shape and every field's text by id.
#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq)]
pub struct FormState {
    /// The table edition: 2019 or 2021.
    pub edition: u16,
    /// Whether the file writes `格式` (an edition other than the year's default).
    #[serde(default)]
    pub edition_given: bool,
    /// Whether 六 is one text rather than (2021) the fee and topics.
    #[serde(default)]
    pub other_prose: bool,
    pub values: BTreeMap<String, String>,
}

/// The form for a report: its fields, the grids of its tables, and its current state.
#[derive(Debug, Clone, Serialize)]
pub struct Form {
    pub state: FormState,
    pub heading: Vec<Field>,
    pub prose: Vec<Field>,
    pub tables: &'static [Grid; 3],
}

/// One official table as the rendered report draws it, figures as inputs or computed cells.
#[derive(Debug, Clone, Serialize)]
pub struct Grid {
    pub title: &'static str,
    pub rows: Vec<Vec<GridCell>>,
}

#[derive(Debug, Clone, Serialize)]
pub struct GridCell {
    pub text: String,
    pub rowspan: usize,
    pub colspan: usize,
    /// `header`, `caption`, `label`, `input` (a figure the clerk types) or `computed` (a total).
    pub role: &'static str,
    /// The field of an input cell.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub field: Option<String>,
    /// The label of an input cell, for the list of findings.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub label: Option<String>,
    /// The index of the cell among the table's figures (inputs and totals alike), by which the
    /// totals of a check are returned.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub n: Option<usize>,
}

const TABLE_TITLES: [&str; 3] = [
    "二、主动公开政府信息情况",
    "三、收到和处理政府信息公开申请情况",
    "四、政府信息公开行政复议、行政诉讼情况",
];

impl Form {
    /// The form of a loaded report.
    pub fn of(r: &Report) -> Form {
        let heading = fields::heading(r);
        let prose = fields::prose(r);
        let mut values: BTreeMap<String, String> =
            heading.iter().chain(&prose).map(|f| (f.id.clone(), f.value.clone())).collect();
        values.extend(fields::cells(r).into_iter().map(|c| (c.id, c.text)));
        let state = FormState {
            edition: r.edition.year(),
            edition_given: r.edition_given.is_some(),
            other_prose: r.other.prose.is_some(),
            values,
        };
        Form { state, heading, prose, tables: grids(r.edition) }
    }
}

/// The grids of an edition, built once: the official tables of a report whose every figure is a
/// distinct probe value, so that each printed cell holding one is that figure's input and every
/// other figure is a total the program computes.
pub fn grids(edition: Edition) -> &'static [Grid; 3] {
    static GRIDS: [OnceLock<[Grid; 3]>; 2] = [OnceLock::new(), OnceLock::new()];
    let i = usize::from(edition == Edition::E2021);
    GRIDS[i].get_or_init(|| build_grids(edition))
}

fn build_grids(edition: Edition) -> [Grid; 3] {
    const PROBE: u64 = 1_000_000;
    let year = i64::from(edition.year());
    let mut blank = crate::init::blank(year, "某机关");
    blank.edition_given = Some(Val::new(edition.year(), Pos::default()));
    let text = crate::datafile::write(&blank);
    let zero = crate::load::load_str(&text).expect("a blank report loads");
    let cells = fields::cells(&zero);
    let edits: Vec<_> = cells
        .iter()
        .enumerate()
        .map(|(k, c)| (c.id.clone(), c.pos, (PROBE + k as u64).to_string()))
        .collect();
    let (probed, _) = fields::splice(&text, &edits);
    let probe = crate::load::load_str(&probed).expect("probe values are valid figures");
    let tables = crate::tables::build(&probe);
    let mut out = tables.iter().zip(TABLE_TITLES).map(|(table, title)| {
        let mut n = 0;
        let rows = table
            .rows
            .iter()
            .map(|row| {
                row.iter()
                    .map(|c| {
                        let mut cell = GridCell {
                            text: c.text.clone(),
                            rowspan: c.rowspan,
                            colspan: c.colspan,
                            role: match c.role {
                                CellRole::Header => "header",
                                CellRole::Caption => "caption",
                                CellRole::Label => "label",
                                CellRole::Number => "computed",
                            },
                            field: None,
                            label: None,
                            n: None,
                        };
                        if c.role == CellRole::Number {
                            cell.n = Some(n);
                            n += 1;
                            let value = c.text.trim_start_matches('+').parse::<u64>().ok();
                            let k = value.and_then(|v| v.checked_sub(PROBE)).map(|k| k as usize);
                            if let Some(input) = k.and_then(|k| cells.get(k)) {
                                cell.role = "input";
                                cell.field = Some(input.id.clone());
                                cell.label = Some(input.label.clone());
                            }
                            cell.text.clear();
                        }
                        cell
                    })
                    .collect()
            })
            .collect();
        Grid { title, rows }
    });
    [(); 3].map(|_| out.next().expect("three tables"))
}

/// The figures of a report's tables in [`GridCell::n`] order, for the computed totals.
pub fn figures(r: &Report) -> [Vec<String>; 3] {
    crate::tables::build(r).map(|t: Table| {
        t.rows.iter().flatten().filter(|c| c.role == CellRole::Number).map(|c| c.text.clone()).collect()
    })
}

/// The form's state as a data file: its text, what the loader made of it, and where each field is.
#[derive(Debug)]
pub struct Built {
    /// The text that was loaded: the data file as the form stands.
    pub text: String,
    pub report: Result<Report, Vec<Finding>>,
    spans: Vec<Span>,
    paths: Vec<Option<String>>,
}

/// A finding with the field it concerns (and the paragraph, for prose).
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Placed {
    pub rule: Rule,
    /// `error`, `warning` or `info`.
    pub severity: &'static str,
    pub message: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub field: Option<String>,
    /// 1-based paragraph (line) of a prose field.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub para: Option<u32>,
    /// Line in the data file's text.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub line: Option<u32>,
}

/// Why a state cannot be made into a data file at all.
#[derive(Debug, thiserror::Error, PartialEq)]
pub enum StateError {
    #[error("表格格式“{0}”无效：应为 2019 或 2021")]
    Edition(u16),
}

/// Builds the data file of a form's state and loads it.
pub fn build(state: &FormState) -> Result<Built, StateError> {
    let edition = match state.edition {
        2019 => Edition::E2019,
        2021 => Edition::E2021,
        e => return Err(StateError::Edition(e)),
    };
    let get = |id: &str| state.values.get(id).map(String::as_str).unwrap_or("");
    let opt = |id: &str| Some(get(id).trim()).filter(|s| !s.is_empty()).map(str::to_string);
    let pos = Pos::default();
    let year = get("年度").trim().parse().unwrap_or(i64::from(edition.year()));
    let mut r = crate::init::blank(year, get("机关").trim());
    r.edition = edition;
    r.edition_given = state.edition_given.then(|| Val::new(edition.year(), pos));
    r.proactive = Proactive::zero(edition);
    r.requests = Requests::zero(edition);
    r.locality = opt("地区").map(|v| Val::new(v, pos));
    r.title = opt("标题").map(|v| Val::new(v, pos));
    r.url = opt("网址");
    let contact = |key: &str| opt(&format!("联系方式.{key}"));
    let c = &mut r.contacts;
    [c.address, c.postcode, c.phone, c.fax, c.email] = CONTACT_KEYS.map(|(k, _)| contact(k));
    r.signature.unit = opt("落款.单位");
    r.signature.date = opt("落款.日期").map(|v| Val::new(v, pos));
    let prose = |id: &str| Prose { text: paragraphs(get(id)), first_line: 0, col: 0 };
    r.overview = prose("总体情况");
    r.problems = prose("问题及改进");
    let fee_id = format!("其他事项.{FEE_KEY}");
    r.other = if state.other_prose || edition == Edition::E2019 {
        Other { prose: Some(prose("其他事项")), ..Other::default() }
    } else {
        Other {
            fee: opt(&fee_id).map(|_| Val::new(Money::zero(), pos)),
            topics: OTHER_TOPICS
                .iter()
                .map(|(key, id, _)| (*id, prose(&format!("其他事项.{key}"))))
                .filter(|(_, p)| !p.is_blank())
                .collect(),
            ..Other::default()
        }
    };

    let text = crate::datafile::write(&r);
    let written = match crate::load::load_str(&text) {
        Ok(written) => written,
        Err(findings) => {
            let paths = fields::line_paths(&text);
            return Ok(Built { text, report: Err(findings), spans: Vec::new(), paths });
        }
    };
    let mut edits: Vec<(String, Pos, String)> = fields::cells(&written)
        .into_iter()
        .map(|c| {
            let typed = state.values.get(&c.id).map_or(c.text, |v| v.clone());
            (c.id, c.pos, fields::scalar(&typed))
        })
        .collect();
    edits.push(("年度".into(), written.year.pos, fields::scalar(get("年度"))));
    if let Some(fee) = &written.other.fee {
        edits.push((fee_id, fee.pos, fields::scalar(get(&format!("其他事项.{FEE_KEY}")))));
    }
    let (text, spans) = fields::splice(&text, &edits);
    let report = crate::load::load_str(&text);
    let paths = fields::line_paths(&text);
    Ok(Built { text, report, spans, paths })
}

/// A text area's text as prose: Windows line breaks as `\n`, one final line break.
fn paragraphs(text: &str) -> String {
    let text = text.replace("\r\n", "\n").replace('\r', "\n");
    let text = text.trim_end();
    if text.is_empty() { String::new() } else { format!("{text}\n") }
}

impl Built {
    /// The text to save: the report as `init` lays a data file out when it loads, else the text
    /// as the form stands (so that nothing typed is lost; the file then opens as text).
    pub fn file_text(&self) -> String {
        match &self.report {
            Ok(r) => crate::datafile::write(r),
            Err(_) => self.text.clone(),
        }
    }

    /// Every finding, placed beside its field.
    pub fn place(&self, findings: &[Finding]) -> Vec<Placed> {
        findings.iter().map(|f| self.place_one(f)).collect()
    }

    fn place_one(&self, f: &Finding) -> Placed {
        let mut placed = Placed {
            rule: f.rule,
            severity: f.severity.as_str(),
            message: f.message.clone(),
            field: None,
            para: None,
            line: f.pos.map(|p| p.line),
        };
        let Some(pos) = f.pos else { return placed };
        let on_line: Vec<&Span> = self.spans.iter().filter(|s| s.line == pos.line).collect();
        if !on_line.is_empty() {
            // The figure under the column, else the row's first figure (a row's key).
            let span = on_line
                .iter()
                .find(|s| s.col <= pos.col && pos.col < s.end)
                .or_else(|| on_line.iter().filter(|s| s.col >= pos.col).min_by_key(|s| s.col))
                .or_else(|| on_line.iter().min_by_key(|s| s.col))
                .expect("a span on the line");
            placed.field = Some(span.id.clone());
            return placed;
        }
        let index = pos.line as usize - 1;
        let Some(Some(path)) = self.paths.get(index) else { return placed };
        // Lines of a prose block after its key line are its paragraphs.
        let para = self.paths[..index].iter().rev().take_while(|p| p.as_deref() == Some(path)).count();
        placed.field = Some(path.clone());
        placed.para = (para > 0).then_some(para as u32);
        placed
    }
}

/// One edit's round trip: the state built into a data file, loaded, checked (against last year's
/// report when given), the findings placed, the totals computed and the report previewed as HTML.
/// The JSON the page receives.
pub fn round_trip(
    renderer: &crate::Renderer,
    state: &FormState,
    last: Option<&Report>,
) -> Result<serde_json::Value, StateError> {
    use crate::diag::Severity;
    use serde_json::json;
    let built = build(state)?;
    let (findings, figures, preview) = match &built.report {
        Ok(report) => {
            let findings = crate::check::check(report, last);
            let draft = crate::check::has_errors(&findings);
            let preview = renderer
                .document(report, None, draft)
                .and_then(|doc| renderer.output(&doc, crate::Format::Html, &renderer.style(report, None)?));
            let preview = match preview {
                Ok(out) => json!({ "html": String::from_utf8_lossy(&out.bytes) }),
                Err(e) => json!({ "error": e.to_string() }),
            };
            (findings, Some(figures(report)), preview)
        }
        Err(findings) => (findings.clone(), None, json!({ "error": "数据有误，修正标出的格子后显示预览" })),
    };
    let count = |s: Severity| findings.iter().filter(|f| f.severity == s).count();
    Ok(json!({
        "loaded": built.report.is_ok(),
        "findings": built.place(&findings),
        "errors": count(Severity::Error),
        "warnings": count(Severity::Warning),
        "figures": figures,
        "preview": preview,
    }))
}

/// 上年结转 from last year's 结转下年度, and (2021) each 现行有效 from last year's plus this year's
/// 制发 less 废止: field id → value, for the form to fill in.
pub fn carried_over(last: &Report, state: &FormState) -> BTreeMap<String, String> {
    let mut out = BTreeMap::new();
    let edition = if state.edition == 2019 { Edition::E2019 } else { Edition::E2021 };
    let carried_out = last.requests.rows_of(RowKind::CarriedOut).next();
    let carried_in = t3_rows(edition).iter().find(|d| d.kind == RowKind::CarriedIn);
    if let (Some(row), Some(def)) = (carried_out, carried_in) {
        let path = match def.group {
            Some(g) => format!("申请.{g}.{}", def.key),
            None => format!("申请.{}", def.key),
        };
        for (i, v) in row.values.iter().enumerate() {
            out.insert(format!("{path}.{i}"), v.value.to_string());
        }
    }
    if edition == Edition::E2021 && last.edition == Edition::E2021 {
        let now = Proactive::zero(edition);
        for ((def, _), (_, before)) in now.documents().into_iter().zip(last.proactive.documents()) {
            let id = |c: usize| format!("主动公开.{}.{}", def.key, def.cols[c].key);
            let typed = |c: usize| state.values.get(&id(c)).and_then(|v| v.trim().parse::<i64>().ok());
            if let (Some(made), Some(repealed)) = (typed(0), typed(1)) {
                let valid = before.values[2].value as i64 + made - repealed;
                out.insert(id(2), valid.max(0).to_string());
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn example(name: &str) -> Report {
        let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("examples").join(name);
        crate::load::load_file(&path).expect("example loads").1
    }

    #[test]
    fn the_form_of_a_report_builds_the_same_report() {
        for name in ["kaifu-2019.yaml", "county-2021.yaml"] {
            let r = example(name);
            let form = Form::of(&r);
            let built = build(&form.state).unwrap();
            let again = built.report.as_ref().expect("loads");
            assert_eq!(crate::check::check(again, None), crate::check::check(&r, None), "{name}");
            assert_eq!(figures(again), figures(&r), "{name}");
            assert_eq!(
                crate::datafile::write(again),
                crate::datafile::write(&without_given_totals(r)),
                "{name}"
            );
        }
    }

    /// The form computes totals; a total the file wrote is not one of its fields.
    fn without_given_totals(mut r: Report) -> Report {
        r.requests.given_total = None;
        r.requests.rows.iter_mut().for_each(|row| row.given_total = None);
        r.appeals.groups.iter_mut().for_each(|g| g.given_total = None);
        r
    }

    #[test]
    fn every_figure_has_one_input_and_totals_are_computed() {
        for edition in [Edition::E2019, Edition::E2021] {
            let grids = grids(edition);
            let inputs: Vec<&str> = grids
                .iter()
                .flat_map(|g| g.rows.iter().flatten())
                .filter_map(|c| c.field.as_deref())
                .collect();
            let r = crate::init::blank(i64::from(edition.year()), "某局");
            let cells = fields::cells(&r);
            assert_eq!(inputs.len(), cells.len());
            assert!(cells.iter().all(|c| inputs.contains(&c.id.as_str())));
            let computed = grids[1].rows.iter().flatten().filter(|c| c.role == "computed").count();
            // 总计 of every row of table 三, and the seven of （七）总计 less the one shared.
            assert_eq!(computed, t3_rows(edition).len() + 7);
        }
    }

    #[test]
    fn a_wrong_figure_is_placed_in_its_cell() {
        let r = example("county-2021.yaml");
        let mut state = Form::of(&r).state;
        let id = "申请.本年新收.0".to_string();
        let n: u64 = state.values[&id].parse().unwrap();
        state.values.insert(id.clone(), (n + 5).to_string());
        let built = build(&state).unwrap();
        let report = built.report.as_ref().unwrap();
        let placed = built.place(&crate::check::check(report, None));
        let ident = placed.iter().find(|p| p.rule == Rule::T3Ident).expect("T3-IDENT");
        assert_eq!(ident.field.as_deref(), Some(id.as_str()));

        state.values.insert(id.clone(), "１２x".into());
        let built = build(&state).unwrap();
        let findings = built.report.as_ref().expect_err("not a number");
        let placed = built.place(findings);
        assert!(placed.iter().any(|p| p.field.as_deref() == Some(id.as_str())), "{placed:?}");
    }

    #[test]
    fn prose_findings_name_their_paragraph() {
        let r = example("county-2021.yaml");
        let mut state = Form::of(&r).state;
        state.values.insert("问题及改进".into(), "第一段。\n（请填写本年度存在的问题。）\n".into());
        let built = build(&state).unwrap();
        let placed = built.place(&crate::check::check(built.report.as_ref().unwrap(), None));
        let p = placed.iter().find(|p| p.rule == Rule::SFill).expect("a prompt left");
        assert_eq!(p.field.as_deref(), Some("问题及改进"));
        assert_eq!(p.para, Some(2), "{placed:?}");
    }
}
