//! Loading and checking 1,000 data files in one process (the reviewer's batch).

use criterion::{Criterion, criterion_group, criterion_main};
use std::hint::black_box;

fn bench(c: &mut Criterion) {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let texts: Vec<String> = ["examples/kaifu-2019.yaml", "examples/county-2021.yaml"]
        .iter()
        .map(|p| std::fs::read_to_string(root.join(p)).expect("example present"))
        .collect();
    let mut group = c.benchmark_group("check");
    group.sample_size(10);
    group.bench_function("load+check 1000 files", |b| {
        b.iter(|| {
            for i in 0..1000 {
                let report = xxgk::load::load_str(&texts[i % 2]).expect("valid example");
                black_box(xxgk::check::check(&report, None));
            }
        })
    });
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
