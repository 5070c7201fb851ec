//! Integration tests, in one binary: each test file linked on its own would carry its own copy of
//! typst, costing link time and disk for nothing.

mod book;
mod browser;
mod check;
mod cli;
mod common;
mod datafile;
mod dates;
mod docx;
mod docx_package;
mod examples;
mod fuzz;
mod hostile;
mod import;
mod import_docx;
mod import_pdf;
mod layers;
mod pdf;
mod render;
mod review;
mod rollup;
mod safety;
mod serve;
mod style;
mod xlsx;
