//! `xxgk serve`: the data file as a form in the browser, checked and previewed as the clerk types.
//!
//! A local web server (axum on a current-thread tokio runtime) over one folder of data files. The
//! page is plain JavaScript and CSS built into the binary (`assets/`); it sends the form's state as
//! JSON, and the server makes it into the data file's text, loads and checks it with the library and
//! returns the findings placed beside their fields with the HTML preview ([`form`]). Saving writes
//! that same text, laid out by [`crate::datafile::write`].
//!
//! Safe by default: it listens on 127.0.0.1 only, refuses a request whose `Host` or `Origin` is not
//! that address (another web page the clerk visits cannot reach it, even by DNS rebinding), every
//! POST needs the token the page was given, only plain file names inside the opened folder are
//! read or written, and request bodies are limited. Every text the page shows is set as text.

mod api;
pub mod fields;
pub mod form;
mod guard;

use crate::render::{RenderError, Renderer};
use std::net::{Ipv4Addr, SocketAddr, TcpListener};
use std::path::{Path, PathBuf};
use std::sync::Arc;

pub use form::{Form, FormState, Placed};

/// Largest request body accepted: a data file at its largest, as form fields.
pub const MAX_BODY_BYTES: usize = crate::load::MAX_FILE_BYTES as usize + 1024 * 1024;

/// Why the server cannot start.
#[derive(Debug, thiserror::Error)]
pub enum ServeError {
    #[error("无法打开“{path}”：{reason}")]
    Open { path: String, reason: String },
    #[error("“{0}”不是数据文件：应为 .yaml 文件或包含数据文件的文件夹")]
    NotDataFile(String),
    #[error("无法在 127.0.0.1:{port} 上启动服务：{reason}")]
    Bind { port: u16, reason: String },
    #[error(transparent)]
    Render(#[from] RenderError),
}

/// What `xxgk serve` opens.
#[derive(Debug, Clone)]
pub struct Options {
    /// A data file, or a folder of data files.
    pub path: PathBuf,
    /// The port on 127.0.0.1; 0 picks a free one.
    pub port: u16,
    /// A folder of user templates, as for `render`.
    pub templates: Option<PathBuf>,
}

/// A server bound to its address, not yet serving.
pub struct Server {
    listener: TcpListener,
    app: Arc<App>,
}

/// What every request shares: the folder, the token, the renderer (built once).
pub(crate) struct App {
    /// The opened folder, canonical.
    folder: PathBuf,
    /// The file opened on its own, if a file was given.
    file: Option<String>,
    token: String,
    /// The accepted `Host` values (`127.0.0.1:PORT`, `localhost:PORT`).
    hosts: [String; 2],
    renderer: Renderer,
}

impl Server {
    /// Checks the path, builds the renderer and binds 127.0.0.1.
    pub fn bind(options: &Options) -> Result<Server, ServeError> {
        let shown = options.path.display().to_string();
        let open =
            |e: std::io::Error| ServeError::Open { path: shown.clone(), reason: crate::diag::io_reason(&e) };
        let path = std::fs::canonicalize(&options.path).map_err(open)?;
        let (folder, file) = if path.is_dir() {
            (path, None)
        } else {
            let name = path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
            if !is_data_file_name(&name) {
                return Err(ServeError::NotDataFile(shown));
            }
            (path.parent().map(Path::to_path_buf).unwrap_or_default(), Some(name))
        };
        let renderer = Renderer::new(options.templates.as_deref())?;
        let addr = SocketAddr::from((Ipv4Addr::LOCALHOST, options.port));
        let bind_error =
            |e: std::io::Error| ServeError::Bind { port: options.port, reason: crate::diag::io_reason(&e) };
        let listener = TcpListener::bind(addr).map_err(bind_error)?;
        listener.set_nonblocking(true).map_err(bind_error)?;
        let port = listener.local_addr().map_err(bind_error)?.port();
        let hosts = [format!("127.0.0.1:{port}"), format!("localhost:{port}")];
        let app = App { folder, file, token: guard::new_token(), hosts, renderer };
        Ok(Server { listener, app: Arc::new(app) })
    }

    /// The address the page opens at.
    pub fn url(&self) -> String {
        let port = self.listener.local_addr().map(|a| a.port()).unwrap_or_default();
        match &self.app.file {
            Some(name) => format!("http://127.0.0.1:{port}/edit?file={}", api::query_escape(name)),
            None => format!("http://127.0.0.1:{port}/"),
        }
    }

    /// Serves until the process ends, on a current-thread runtime (one clerk, one browser).
    pub fn run(self) -> std::io::Result<()> {
        let runtime = tokio::runtime::Builder::new_current_thread().enable_all().build()?;
        runtime.block_on(async move {
            let listener = tokio::net::TcpListener::from_std(self.listener)?;
            axum::serve(listener, api::router(self.app)).await
        })
    }
}

/// A plain `.yaml` / `.yml` file name: no folder, no drive, nothing hidden.
pub(crate) fn is_data_file_name(name: &str) -> bool {
    let lower = name.to_lowercase();
    (lower.ends_with(".yaml") || lower.ends_with(".yml"))
        && !name.starts_with('.')
        && !name.contains(['/', '\\', ':', '\0'])
        && !name.chars().any(char::is_control)
}
