//! Rebuilds when a folder or file is added under `templates/`: `include_dir!` embeds the built-in
//! localities, but the compiler only tracks the files that existed at the last build.

fn main() {
    println!("cargo:rerun-if-changed=templates");
}
