//! Warm PDF rendering of a report-sized document with one shared renderer (fonts loaded once).
//! Target: ≤ 30 ms per report on a 2-core machine.

#[path = "../tests/common/fixture.rs"]
mod fixture;

use criterion::{Criterion, criterion_group, criterion_main};
use xxgk::fonts::FontOptions;
use xxgk::style::Style;
use xxgk::write::pdf::{PdfOptions, PdfRenderer};

fn bench(c: &mut Criterion) {
    let renderer = PdfRenderer::new(&FontOptions::embedded_only());
    let doc = fixture::report();
    let style = Style::default();
    let options = PdfOptions::default();
    c.bench_function("pdf_report_warm", |b| {
        b.iter(|| renderer.render(&doc, &style, &options).expect("render").bytes.len())
    });
    // A different document each time (the figures change), as in a batch of reports.
    let mut n = 0u32;
    c.bench_function("pdf_report_batch", |b| {
        b.iter(|| {
            n += 1;
            let mut doc = doc.clone();
            doc.meta.title = format!("报告{n}");
            if let Some(xxgk::doc::Block::Paragraph(p)) = doc.blocks.get_mut(1) {
                p.runs.push(xxgk::doc::Run::plain(n.to_string()));
            }
            renderer.render(&doc, &style, &options).expect("render").bytes.len()
        })
    });
    c.bench_function("typst_source", |b| b.iter(|| xxgk::write::typst::render(&doc, &style).len()));
}

criterion_group! {
    name = benches;
    config = Criterion::default().sample_size(20);
    targets = bench
}
criterion_main!(benches);
