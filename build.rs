//! Rebuilds when a folder or file is added under `templates/`: `include_dir!` embeds the built-in
//! localities, but the compiler only tracks the files that existed at the last build.
//!
//! On Linux the binary is linked as a fixed-position (non-PIE) executable. A position-independent
//! one must have its 1.9 MB of relocated read-only data (mostly typst's static tables) patched by
//! the loader at every start, about 480 copy-on-write page faults: 2–3 ms, a third of a cold
//! `xxgk check`. `XXGK_PIE=1` at build time keeps the platform's default (PIE).

use std::env;

fn main() {
    println!("cargo:rerun-if-changed=templates");
    println!("cargo:rerun-if-env-changed=XXGK_PIE");
    let linux = env::var("CARGO_CFG_TARGET_OS").is_ok_and(|os| os == "linux");
    if linux && env::var_os("XXGK_PIE").is_none_or(|v| v.is_empty() || v == "0") {
        println!("cargo:rustc-link-arg-bin=xxgk=-no-pie");
    }
}
