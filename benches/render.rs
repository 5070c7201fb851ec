//! Rendering speed: 1,000 distinct reports (`common/corpus.rs`) to Markdown and HTML in one process,
//! templates built once as the CLI does for a batch.

#[path = "common/corpus.rs"]
mod corpus;

use std::hint::black_box;

use criterion::{Criterion, criterion_group, criterion_main};
use xxgk::render::{Format, Renderer};

fn bench(c: &mut Criterion) {
    let reports: Vec<_> = (0..1000)
        .map(|i| xxgk::load::load_str(&corpus::report(i)).unwrap_or_else(|e| panic!("report {i}: {e:?}")))
        .collect();
    let renderer = Renderer::new(None).expect("built-in templates");
    let mut group = c.benchmark_group("render");
    group.sample_size(10);
    group.bench_function("1000 distinct reports to md+html", |b| {
        b.iter(|| {
            let mut bytes = 0;
            for report in &reports {
                let doc = renderer.document(report, None, false).expect("render");
                bytes += renderer
                    .output(&doc, Format::Markdown, &xxgk::style::Style::default())
                    .unwrap()
                    .bytes
                    .len();
                bytes +=
                    renderer.output(&doc, Format::Html, &xxgk::style::Style::default()).unwrap().bytes.len();
            }
            black_box(bytes)
        })
    });
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
