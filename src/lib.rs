//! xxgk: the annual report on government information disclosure (政府信息公开工作年度报告), from one
//! YAML data file to checked Markdown, HTML, DOCX, Typst and PDF.
//!
//! The flow: [`load_file`] reads a data file into a typed [`model::Report`]; [`check()`] returns its
//! findings against the consistency rules; a [`Renderer`], built once, lays the report out through a
//! locality [`template`] into one [`doc::Document`] and turns that into the bytes of each [`Format`].
//! For many files at once, [`check_files`] and [`render_files`] return one [`FileReport`] per input.
//! The library never prints; the `xxgk` command line (`src/cli/`) shows what it returns.
//!
//! ```
//! let (_source, report) = xxgk::load_file("examples/kaifu-2019.yaml".as_ref())?;
//! let findings = xxgk::check(&report, None);
//! let draft = xxgk::check::has_errors(&findings);
//! let renderer = xxgk::Renderer::new(None)?;
//! let doc = renderer.document(&report, None, draft)?;
//! let style = renderer.style(&report, None)?;
//! let html = renderer.output(&doc, xxgk::Format::Html, &style)?;
//! let docx = renderer.output(&doc, xxgk::Format::Docx, &style)?;
//! assert!(!draft && !html.bytes.is_empty() && !docx.bytes.is_empty());
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

pub mod batch;
pub mod check;
pub mod csv;
pub mod datafile;
pub mod diag;
pub mod doc;
pub mod fonts;
pub mod import;
pub mod init;
pub mod load;
pub mod model;
pub mod output;
pub mod render;
pub mod review;
pub mod rollup;
pub mod schema;
pub mod serve;
pub mod style;
pub mod tables;
pub mod template;
pub mod write;
pub mod xlsx;

pub use batch::{FileReport, RenderRequest, check_files, render_files};
pub use check::check;
pub use load::load_file;
pub use render::{Format, Renderer};
