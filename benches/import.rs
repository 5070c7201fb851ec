//! Files imported per second, per input form: the corpus page as HTML (UTF-8 and GBK), as Word
//! (LibreOffice's conversion), the corpus PDF's `pdftotext -layout` text, and the PDF itself. Each iteration reads
//! the bytes into blocks, interprets them and writes the data file text.

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use std::hint::black_box;

fn bench(c: &mut Criterion) {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let read =
        |name: &str| std::fs::read(root.join("tests/fixtures/import").join(name)).expect("fixture present");
    let corpus =
        |name: &str| std::fs::read(root.join("tests/fixtures/corpus").join(name)).expect("corpus present");
    let html = corpus("005_pingtan_2024.html");
    let gbk_page = String::from_utf8(html.clone())
        .expect("UTF-8 page")
        .replace("<meta charset=\"utf-8\">", "<meta charset=\"gbk\">");
    let gbk = encoding_rs::GBK.encode(&gbk_page).0.into_owned();
    let forms: [(&str, Vec<u8>); 5] = [
        ("html", html),
        ("html-gbk", gbk),
        ("docx", read("005_pingtan_2024.docx")),
        ("text (pdftotext -layout)", read("001_huaian_city_2024.layout.txt")),
        ("pdf", corpus("001_huaian_city_2024.pdf")),
    ];
    let mut group = c.benchmark_group("import");
    group.sample_size(20);
    group.throughput(Throughput::Elements(1));
    for (name, bytes) in &forms {
        group.bench_function(*name, |b| {
            b.iter(|| {
                let (_, imported) = xxgk::import::import(black_box(bytes)).expect("imports");
                black_box(imported.data_file());
            })
        });
    }
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
