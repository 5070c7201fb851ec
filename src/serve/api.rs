//! The endpoints: the page (a folder's list of data files, or one file's form), and the JSON API
//! the page calls (check, save, download, last year's figures, a new file).

use super::form::{self, Form, FormState};
use super::{App, MAX_BODY_BYTES, guard, is_data_file_name};
use crate::check::{Severity, check};
use crate::model::Report;
use crate::render::Format;
use axum::extract::{DefaultBodyLimit, Query, State};
use axum::http::{StatusCode, header};
use axum::response::{Html, IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use axum::{Json, Router};
use serde::Deserialize;
use serde_json::{Value, json};
use std::path::PathBuf;
use std::sync::Arc;

const PAGE: &str = include_str!("assets/page.html");
const SCRIPT: &str = include_str!("assets/app.js");
const STYLE: &str = include_str!("assets/app.css");

pub(crate) fn router(app: Arc<App>) -> Router {
    Router::new()
        .route("/", get(index))
        .route("/edit", get(edit))
        .route(
            "/assets/app.js",
            get(|| async { ([(header::CONTENT_TYPE, "text/javascript; charset=utf-8")], SCRIPT) }),
        )
        .route(
            "/assets/app.css",
            get(|| async { ([(header::CONTENT_TYPE, "text/css; charset=utf-8")], STYLE) }),
        )
        .route("/api/check", post(check_form))
        .route("/api/save", post(save))
        .route("/api/download", post(download))
        .route("/api/last", post(last_year))
        .route("/api/new", post(new_file))
        .layer(axum::middleware::from_fn_with_state(app.clone(), guard::check))
        .layer(DefaultBodyLimit::max(MAX_BODY_BYTES))
        .with_state(app)
}

/// An error the page shows: a status and a Chinese message.
pub(crate) struct ApiError(StatusCode, String);

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        (self.0, Json(json!({ "error": self.1 }))).into_response()
    }
}

type ApiResult<T> = Result<T, ApiError>;

fn bad(message: impl Into<String>) -> ApiError {
    ApiError(StatusCode::BAD_REQUEST, message.into())
}

/// `%`-escapes a file name for a query string.
pub(crate) fn query_escape(s: &str) -> String {
    s.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => (b as char).to_string(),
            _ => format!("%{b:02X}"),
        })
        .collect()
}

impl App {
    /// The path of a data file named by the page: a plain name of a file in the opened folder.
    fn resolve(&self, name: &str) -> ApiResult<PathBuf> {
        if !is_data_file_name(name) || name == "." || name == ".." {
            return Err(ApiError(
                StatusCode::FORBIDDEN,
                format!("拒绝访问“{name}”：只能打开所在文件夹中的 .yaml 数据文件"),
            ));
        }
        let path = self.folder.join(name);
        // A link may not lead out of the folder.
        if let Ok(real) = std::fs::canonicalize(&path)
            && real.parent() != Some(self.folder.as_path())
        {
            return Err(ApiError(StatusCode::FORBIDDEN, format!("拒绝访问“{name}”：它指向文件夹以外")));
        }
        Ok(path)
    }

    fn read(&self, name: &str) -> ApiResult<(PathBuf, String)> {
        let path = self.resolve(name)?;
        match crate::load::read_source(&path) {
            Ok(source) => Ok((path, source.text)),
            Err(e) => Err(ApiError(StatusCode::NOT_FOUND, e.to_string())),
        }
    }

    /// The data files of the folder, sorted by name.
    fn data_files(&self) -> Vec<String> {
        let mut names: Vec<String> = std::fs::read_dir(&self.folder)
            .into_iter()
            .flatten()
            .flatten()
            .filter(|e| e.file_type().is_ok_and(|t| t.is_file()))
            .map(|e| e.file_name().to_string_lossy().into_owned())
            .filter(|n| is_data_file_name(n))
            .collect();
        names.sort();
        names
    }

    fn load(&self, name: &str) -> ApiResult<Report> {
        let (_, text) = self.read(name)?;
        crate::load::load_str(&text).map_err(|f| bad(format!("“{name}”有 {} 处错误，无法读取", f.len())))
    }
}

/// The page with its boot data, as JSON inside a script element that is never run.
fn page(boot: Value) -> Html<String> {
    let json = boot.to_string().replace('<', "\\u003c").replace('>', "\\u003e").replace('&', "\\u0026");
    Html(PAGE.replace("{{BOOT}}", &json))
}

/// The folder's data files with agency, year and state, or the one file's form.
async fn index(State(app): State<Arc<App>>) -> Response {
    if let Some(file) = &app.file {
        return Redirect::to(&format!("/edit?file={}", query_escape(file))).into_response();
    }
    let files: Vec<Value> = app
        .data_files()
        .iter()
        .map(|name| {
            let loaded = app.read(name).ok().map(|(_, text)| crate::load::load_str(&text));
            match loaded {
                Some(Ok(r)) => {
                    let errors = check(&r, None).iter().filter(|f| f.severity == Severity::Error).count();
                    json!({ "name": name, "agency": r.agency.value, "year": r.year.value, "errors": errors })
                }
                Some(Err(f)) => json!({ "name": name, "errors": f.len(), "broken": true }),
                None => json!({ "name": name, "broken": true }),
            }
        })
        .collect();
    let folder = app.folder.display().to_string();
    page(json!({ "view": "list", "token": app.token, "folder": folder, "files": files })).into_response()
}

#[derive(Deserialize)]
struct FileQuery {
    file: String,
}

/// One file: the form, or (when it does not load) its text with the loader's messages.
async fn edit(State(app): State<Arc<App>>, Query(q): Query<FileQuery>) -> ApiResult<Html<String>> {
    let (_, text) = app.read(&q.file)?;
    let digest = crate::output::digest(text.as_bytes());
    let others: Vec<String> = app.data_files().into_iter().filter(|n| *n != q.file).collect();
    let common = json!({ "token": app.token, "file": q.file, "digest": digest, "others": others,
        "single": app.file.is_some() });
    let mut boot = match crate::load::load_str(&text) {
        Ok(report) => json!({ "view": "form", "form": Form::of(&report) }),
        Err(findings) => {
            let messages: Vec<Value> = findings
                .iter()
                .map(|f| {
                    json!({ "rule": f.rule, "line": f.pos.map(|p| p.line), "col": f.pos.map(|p| p.col),
                    "message": f.message })
                })
                .collect();
            json!({ "view": "text", "text": text, "findings": messages })
        }
    };
    if let (Value::Object(b), Value::Object(c)) = (&mut boot, common) {
        b.extend(c);
    }
    Ok(page(boot))
}

#[derive(Deserialize)]
struct CheckRequest {
    state: FormState,
    /// Last year's data file, for the cross-year checks.
    #[serde(default)]
    last: Option<String>,
}

/// The form's findings placed beside their fields, the computed totals and the HTML preview.
async fn check_form(State(app): State<Arc<App>>, Json(req): Json<CheckRequest>) -> ApiResult<Json<Value>> {
    let last = match req.last.as_deref().filter(|l| !l.is_empty()) {
        Some(name) => Some(app.load(name)?),
        None => None,
    };
    Ok(Json(check_state(&app, &req.state, last.as_ref())?))
}

/// One edit's round trip ([`form::round_trip`]).
pub(crate) fn check_state(app: &App, state: &FormState, last: Option<&Report>) -> ApiResult<Value> {
    form::round_trip(&app.renderer, state, last).map_err(|e| bad(e.to_string()))
}

#[derive(Deserialize)]
struct SaveRequest {
    file: String,
    /// The form's state, or (text view) the file's text as typed.
    #[serde(default)]
    state: Option<FormState>,
    #[serde(default)]
    text: Option<String>,
    /// The digest of the file as the page opened it.
    base: String,
    /// Replace a file that changed on disk since.
    #[serde(default)]
    force: bool,
}

/// Writes the data file atomically, the previous version kept as `FILE.bak`.
async fn save(State(app): State<Arc<App>>, Json(req): Json<SaveRequest>) -> ApiResult<Json<Value>> {
    let path = app.resolve(&req.file)?;
    let text = match (&req.state, req.text) {
        (Some(state), _) => form::build(state).map_err(|e| bad(e.to_string()))?.file_text(),
        (None, Some(text)) => text,
        (None, None) => return Err(bad("没有要保存的内容")),
    };
    if text.len() as u64 > crate::load::MAX_FILE_BYTES {
        return Err(ApiError(StatusCode::PAYLOAD_TOO_LARGE, "数据文件过大".into()));
    }
    let io = |e: std::io::Error| {
        ApiError(
            StatusCode::INTERNAL_SERVER_ERROR,
            format!("无法保存“{}”：{}", req.file, crate::diag::io_reason(&e)),
        )
    };
    let mut backup = None;
    if let Ok(old) = std::fs::read(&path) {
        if crate::output::digest(&old) != req.base && !req.force {
            return Err(ApiError(
                StatusCode::CONFLICT,
                format!(
                    "“{}”在打开之后已被其他程序修改。仍要保存，将覆盖那些修改（原文件另存为备份）",
                    req.file
                ),
            ));
        }
        let name = format!("{}.bak", req.file);
        crate::output::write_atomic(&app.folder.join(&name), &old, true).map_err(io)?;
        backup = Some(name);
    }
    crate::output::write_atomic(&path, text.as_bytes(), true).map_err(io)?;
    Ok(Json(json!({ "saved": req.file, "backup": backup, "digest": crate::output::digest(text.as_bytes()) })))
}

#[derive(Deserialize)]
struct DownloadRequest {
    file: String,
    state: FormState,
    /// `docx`, `pdf` or `md`.
    format: String,
    /// Write the output beside the data file rather than send it.
    #[serde(default)]
    beside: bool,
}

/// The report in one format, as a download or written beside the data file.
async fn download(State(app): State<Arc<App>>, Json(req): Json<DownloadRequest>) -> ApiResult<Response> {
    let format = match Format::parse(&req.format) {
        Some(f @ (Format::Docx | Format::Pdf | Format::Markdown | Format::Html)) => f,
        _ => return Err(bad(format!("不支持的格式“{}”：可选 docx、pdf、md", req.format))),
    };
    let path = app.resolve(&req.file)?;
    let built = form::build(&req.state).map_err(|e| bad(e.to_string()))?;
    let report = built.report.map_err(|f| bad(format!("数据有 {} 处错误，修正后才能生成", f.len())))?;
    let draft = crate::check::has_errors(&check(&report, None));
    let render = || -> Result<_, crate::render::RenderError> {
        let doc = app.renderer.document(&report, None, draft)?;
        app.renderer.output(&doc, format, &app.renderer.style(&report, None)?)
    };
    let output = render().map_err(|e| bad(e.to_string()))?;
    let target = crate::output::output_path(&path, &report.title(), format, None);
    let name = target.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
    if req.beside {
        let record = crate::output::Record::load(&app.folder);
        record.may_replace(&target).map_err(|e| ApiError(StatusCode::CONFLICT, e.to_string()))?;
        let io = |e: std::io::Error| {
            ApiError(
                StatusCode::INTERNAL_SERVER_ERROR,
                format!("无法写入“{name}”：{}", crate::diag::io_reason(&e)),
            )
        };
        crate::output::write_output(&target, &output.bytes).map_err(io)?;
        crate::output::save_records([app.folder.as_path()]);
        return Ok(Json(json!({ "written": name, "draft": draft })).into_response());
    }
    let mime = match format {
        Format::Docx => "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        Format::Pdf => "application/pdf",
        Format::Html => "text/html; charset=utf-8",
        _ => "text/markdown; charset=utf-8",
    };
    let disposition = format!(
        "attachment; filename=\"report.{}\"; filename*=UTF-8''{}",
        format.extension(),
        query_escape(&name)
    );
    let disposition = header::HeaderValue::from_str(&disposition).map_err(|_| bad("文件名无效"))?;
    Ok((
        [
            (header::CONTENT_TYPE, header::HeaderValue::from_static(mime)),
            (header::CONTENT_DISPOSITION, disposition),
        ],
        output.bytes,
    )
        .into_response())
}

#[derive(Deserialize)]
struct LastRequest {
    last: String,
    state: FormState,
}

/// Last year's file: the values to fill in (上年结转, 现行有效) and its agency and year.
async fn last_year(State(app): State<Arc<App>>, Json(req): Json<LastRequest>) -> ApiResult<Json<Value>> {
    let last = app.load(&req.last)?;
    let values = form::carried_over(&last, &req.state);
    Ok(Json(json!({ "agency": last.agency.value, "year": last.year.value, "values": values })))
}

#[derive(Deserialize)]
struct NewRequest {
    agency: String,
    year: i64,
}

/// A new data file in the folder with `init`'s content, named `{机关}{年度}.yaml`.
async fn new_file(State(app): State<Arc<App>>, Json(req): Json<NewRequest>) -> ApiResult<Json<Value>> {
    let name = format!("{}.yaml", crate::output::file_stem(&format!("{}{}", req.agency.trim(), req.year)));
    let path = app.resolve(&name)?;
    match crate::init::create(req.year, &req.agency, Some(&path), false) {
        Ok(_) => Ok(Json(json!({ "file": name }))),
        Err(e) => Err(bad(e.to_string())),
    }
}
