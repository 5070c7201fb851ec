//! xxgk: the annual report on government information disclosure (政府信息公开工作年度报告), from one
//! YAML data file to checked Markdown, HTML, DOCX, Typst and PDF.
//!
//! The flow: [`load`] a data file into a typed [`model::Report`], [`check`] it against the
//! consistency rules, render it through a locality [`template`] into a [`doc::Document`], and hand that
//! one document to each writer in [`write`].

pub mod check;
pub mod commands;
pub mod datafile;
pub mod diag;
pub mod doc;
pub mod fonts;
pub mod init;
pub mod load;
pub mod model;
pub mod render;
pub mod schema;
pub mod style;
pub mod tables;
pub mod template;
pub mod write;
