//! One edit's round trip in `xxgk serve` for a full report: the form's state built into the data
//! file, loaded, checked, the findings placed and the HTML preview rendered.

use criterion::{Criterion, criterion_group, criterion_main};
use std::hint::black_box;
use xxgk::serve::{Form, form};

fn round_trip(c: &mut Criterion) {
    let renderer = xxgk::Renderer::new(None).expect("renderer");
    for name in ["county-2021.yaml", "kaifu-2019.yaml"] {
        let (_, report) = xxgk::load_file(format!("examples/{name}").as_ref()).expect("example");
        let mut state = Form::of(&report).state;
        let cell = "申请.本年新收.0".to_string();
        let n: u64 = state.values[&cell].parse().expect("a figure");
        let mut edit = 0;
        c.bench_function(&format!("serve_round_trip/{name}"), |b| {
            b.iter(|| {
                // A different figure each time, as a clerk typing.
                edit = (edit + 1) % 10;
                state.values.insert(cell.clone(), (n + edit).to_string());
                black_box(form::round_trip(&renderer, &state, None).expect("round trip"))
            })
        });
    }
}

criterion_group!(benches, round_trip);
criterion_main!(benches);
