//! Loading and checking 1,000 distinct data files in one process (the reviewer's batch), and one
//! data file with 3 MB of prose without a full stop (the prose checks must stay linear).

#[path = "common/corpus.rs"]
mod corpus;

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
    let distinct: Vec<String> = (0..1000).map(corpus::report).collect();
    group.bench_function("load+check 1000 distinct files", |b| {
        b.iter(|| {
            for text in &distinct {
                let report = xxgk::load::load_str(text).expect("valid generated report");
                black_box(xxgk::check::check(&report, None));
            }
        })
    });
    let big = long_overview(&texts[1], "收到政府信息公开申请63件，", 80_000);
    group.bench_function("load+check 3 MB of prose without a full stop", |b| {
        b.iter(|| {
            let report = xxgk::load::load_str(&big).expect("valid data file");
            black_box(xxgk::check::check(&report, None));
        })
    });
    group.finish();
}

/// `example` with its 总体情况 replaced by `unit` repeated `times` times on one line.
fn long_overview(example: &str, unit: &str, times: usize) -> String {
    let lines: Vec<&str> = example.lines().collect();
    let start = lines.iter().position(|l| l.starts_with("总体情况: |")).expect("block") + 1;
    let end = start + lines[start..].iter().take_while(|l| l.starts_with("  ") || l.is_empty()).count();
    let body = format!("  {}", unit.repeat(times));
    [&lines[..start], &[body.as_str()], &lines[end..]].concat().join("\n") + "\n"
}

criterion_group!(benches, bench);
criterion_main!(benches);
