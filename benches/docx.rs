//! DOCX writing speed: one report, and 1,000 report files written in one process (the batch case:
//! every agency of a province in one run). Target: 1,000 files in under 5 s.

#[path = "../tests/fixtures/docx_fixture.rs"]
mod fixture;

use std::hint::black_box;

use criterion::{Criterion, criterion_group, criterion_main};
use xxgk::style::Style;
use xxgk::write::docx::render;

fn bench(c: &mut Criterion) {
    let doc = fixture::document();
    let style = Style::default();

    c.bench_function("docx/render_one", |b| b.iter(|| render(black_box(&doc), &style).unwrap()));

    let dir = tempfile::tempdir().unwrap();
    let mut g = c.benchmark_group("docx");
    g.sample_size(10);
    g.bench_function("write_1000_files", |b| {
        b.iter(|| {
            for i in 0..1000 {
                let bytes = render(&doc, &style).unwrap();
                std::fs::write(dir.path().join(format!("report-{i}.docx")), bytes).unwrap();
            }
        })
    });
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
