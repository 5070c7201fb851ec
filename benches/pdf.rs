//! PDF rendering with one shared renderer (fonts loaded once), as in `xxgk render *.yaml -f pdf`.
//! Target: a warm batch at ≤ 30 ms per report on a 2-core machine.
//!
//! - `cache_hit/pdf_report_same`: the same report again (typst's cache holds nearly everything);
//!   not a figure of a real batch, only of what the cache saves.
//! - `pdf_report_distinct`: a distinct report (`common/corpus.rs`) each time on one thread
//!   (latency of one report).
//! - `pdf_batch_parallel_per_report`: 20 distinct reports across the cores with rayon, time per
//!   report.
//! - `pdf_batch_200_reports`: `xxgk render` of 200 distinct data files to PDF in one process (load,
//!   check, template, compile, write; all cores); divide by 200 for the per-report figure.

#[path = "common/batch.rs"]
mod batch;
#[path = "../tests/it/common/fixture.rs"]
mod fixture;

use std::time::{Duration, Instant};

use batch::corpus;
use criterion::{Criterion, criterion_group, criterion_main};
use rayon::prelude::*;
use xxgk::doc::Document;
use xxgk::fonts::FontOptions;
use xxgk::render::Renderer;
use xxgk::style::Style;
use xxgk::write::pdf::{PdfOptions, PdfRenderer};
use xxgk::write::{Setup, TypstWriter, Writer};

/// Distinct report `n` of the corpus as a document (the work before the PDF writer, not timed).
fn distinct(renderer: &Renderer, n: usize) -> Document {
    let report = xxgk::load::load_str(&corpus::report(n)).expect("valid generated report");
    renderer.document(&report, None, false).expect("document")
}

fn bench(c: &mut Criterion) {
    let renderer = PdfRenderer::new(&FontOptions::embedded_only());
    let doc = fixture::report();
    let style = Style::default();
    let options = PdfOptions::default();
    let (pdf, setup) = (renderer.writer(&options), Setup::new(&style));
    c.bench_function("cache_hit/pdf_report_same", |b| {
        b.iter(|| pdf.write(&doc, &setup).expect("render").bytes.len())
    });
    let documents = Renderer::new(None).expect("built-in templates");
    let mut n = 0usize;
    c.bench_function("pdf_report_distinct", |b| {
        b.iter_batched(
            || {
                n += 1;
                distinct(&documents, n)
            },
            |d| pdf.write(&d, &setup).expect("render").bytes.len(),
            criterion::BatchSize::SmallInput,
        )
    });
    const BATCH: u32 = 20;
    c.bench_function("pdf_batch_parallel_per_report", |b| {
        b.iter_custom(|iters| {
            let mut total = Duration::ZERO;
            for _ in 0..iters {
                let docs: Vec<Document> = (0..BATCH)
                    .map(|_| {
                        n += 1;
                        distinct(&documents, n)
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
