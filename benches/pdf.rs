//! PDF rendering with one shared renderer (fonts loaded once), as in `xxgk render *.yaml -f pdf`.
//! Target: a warm batch at ≤ 30 ms per report on a 2-core machine.
//!
//! - `pdf_report_same`: the same report again (typst's cache holds nearly everything).
//! - `pdf_report_changed`: a different report each time on one thread (latency of one report).
//! - `pdf_batch_parallel_per_report`: 20 different reports across the cores with rayon, time per
//!   report.
//! - `pdf_batch_200_reports`: `xxgk render` of 200 distinct data files to PDF in one process (load,
//!   check, template, compile, write; all cores); divide by 200 for the per-report figure.

#[path = "common/batch.rs"]
mod batch;
#[path = "../tests/it/common/fixture.rs"]
mod fixture;

use std::time::{Duration, Instant};

use criterion::{Criterion, criterion_group, criterion_main};
use rayon::prelude::*;
use xxgk::doc::{Block, Document, Run};
use xxgk::fonts::FontOptions;
use xxgk::style::Style;
use xxgk::write::pdf::{PdfOptions, PdfRenderer};
use xxgk::write::{Setup, TypstWriter, Writer};

/// A report that differs from the fixture in its title, a sentence and every table figure.
fn variant(base: &Document, n: u32) -> Document {
    let mut doc = base.clone();
    doc.meta.title = format!("报告{n}");
    for block in &mut doc.blocks {
        match block {
            Block::Paragraph(p) => p.runs.push(Run::plain(format!("共{n}件。"))),
            Block::Table(t) => {
                for cell in t.rows.iter_mut().flatten() {
                    if let Ok(v) = cell.text.parse::<u32>() {
                        cell.text = (v + n).to_string();
                    }
                }
            }
            _ => {}
        }
    }
    doc
}

fn bench(c: &mut Criterion) {
    let renderer = PdfRenderer::new(&FontOptions::embedded_only());
    let doc = fixture::report();
    let style = Style::default();
    let options = PdfOptions::default();
    let (pdf, setup) = (renderer.writer(&options), Setup::new(&style));
    c.bench_function("pdf_report_same", |b| b.iter(|| pdf.write(&doc, &setup).expect("render").bytes.len()));
    let mut n = 0u32;
    c.bench_function("pdf_report_changed", |b| {
        b.iter(|| {
            n += 1;
            pdf.write(&variant(&doc, n), &setup).expect("render").bytes.len()
        })
    });
    const BATCH: u32 = 20;
    c.bench_function("pdf_batch_parallel_per_report", |b| {
        b.iter_custom(|iters| {
            let mut total = Duration::ZERO;
            for _ in 0..iters {
                let docs: Vec<Document> = (0..BATCH)
                    .map(|_| {
                        n += 1;
                        variant(&doc, n)
                    })
                    .collect();
                let start = Instant::now();
                docs.par_iter().for_each(|d| {
                    pdf.write(d, &setup).expect("render");
                });
                total += start.elapsed() / BATCH;
            }
            total
        })
    });
    let dir = tempfile::tempdir().expect("temp dir");
    let files = batch::write_corpus(dir.path(), 200);
    let request = batch::render_request(files, xxgk::render::Format::Pdf, &dir.path().join("out"));
    let mut g = c.benchmark_group("pdf");
    g.sample_size(10);
    g.bench_function("batch_200_reports", |b| b.iter(|| batch::run(&FontOptions::embedded_only(), &request)));
    g.finish();
    c.bench_function("typst_source", |b| {
        b.iter(|| TypstWriter.write(&doc, &setup).expect("typst").bytes.len())
    });
}

criterion_group! {
    name = benches;
    config = Criterion::default().sample_size(20);
    targets = bench
}
criterion_main!(benches);
