//! Rendering speed: 1,000 reports (both example editions alternately) to Markdown and HTML in one
//! process, templates built once as the CLI does for a batch.

use std::hint::black_box;
use std::path::Path;

use criterion::{Criterion, criterion_group, criterion_main};
use xxgk::render::{Format, Renderer};

fn bench(c: &mut Criterion) {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let reports: Vec<_> = ["examples/kaifu-2019.yaml", "examples/county-2021.yaml"]
        .iter()
        .map(|f| xxgk::load::load_file(&root.join(f)).unwrap_or_else(|e| panic!("{f}: {e:?}")).1)
        .collect();
    let renderer = Renderer::new(None).expect("built-in templates");
    let mut group = c.benchmark_group("render");
    group.sample_size(10);
    group.bench_function("1000 reports to md+html", |b| {
        b.iter(|| {
            let mut bytes = 0;
            for i in 0..1000 {
                let doc = renderer.document(&reports[i % 2], None, false).expect("render");
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
