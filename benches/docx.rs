//! DOCX writing speed.
//!
//! - `docx/render_one`: one report to DOCX bytes.
//! - `docx/batch_1000_reports`: `xxgk render` of 1,000 distinct data files to DOCX in one process
//!   (load, check, template, write; all cores), the case of every agency of a province in one run.
//!   Target: under 5 s.

#[path = "common/batch.rs"]
mod batch;
#[path = "../tests/it/common/fixture.rs"]
mod fixture;

use std::hint::black_box;

use criterion::{Criterion, criterion_group, criterion_main};
use xxgk::render::Format;
use xxgk::style::Style;
use xxgk::write::{DocxWriter, Setup, Writer};

fn bench(c: &mut Criterion) {
    let doc = fixture::document();
    let style = Style::default();
    let setup = Setup::new(&style);
    c.bench_function("docx/render_one", |b| b.iter(|| DocxWriter.write(black_box(&doc), &setup).unwrap()));

    let dir = tempfile::tempdir().expect("temp dir");
    let files = batch::write_corpus(dir.path(), 1000);
    let request = batch::render_request(files, Format::Docx, &dir.path().join("out"));
    let mut g = c.benchmark_group("docx");
    g.sample_size(10);
    let fonts = xxgk::fonts::FontOptions::default();
    g.bench_function("batch_1000_reports", |b| b.iter(|| batch::run(&fonts, &request)));
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
