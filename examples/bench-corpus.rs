//! Writes the distinct data files of the benches (`benches/common/corpus.rs`) for `scripts/bench.sh`:
//! `cargo run --example bench-corpus -- DIR COUNT`.

#[path = "../benches/common/corpus.rs"]
mod corpus;

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let [dir, count] = args.as_slice() else {
        eprintln!("usage: bench-corpus DIR COUNT");
        std::process::exit(2);
    };
    let count: usize = count.parse().unwrap_or_else(|_| {
        eprintln!("COUNT must be a number: {count}");
        std::process::exit(2);
    });
    std::fs::create_dir_all(dir).expect("create DIR");
    corpus::write_corpus(std::path::Path::new(dir), count);
}
