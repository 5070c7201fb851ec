//! The library never prints, exits or knows about terminals: that is the command line's job, in
//! `src/cli/` and `src/main.rs`, so that a server or an importer can call the library as it is.

use std::path::{Path, PathBuf};

/// What only the command line may use (a line is reported for the first it contains).
const CLI_ONLY: &[&str] = &[
    "eprintln!",
    "println!",
    "eprint!(",
    "print!(",
    "std::process::exit",
    "ExitCode",
    "indicatif",
    "io::stdout",
    "io::stderr",
    "IsTerminal",
];

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).unwrap_or_else(|e| panic!("{}: {e}", dir.display())) {
        let path = entry.expect("directory entry").path();
        if path.is_dir() {
            rust_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

/// Every use of a command-line-only item in a library file, as `file:line: item`.
fn violations(src: &Path) -> Vec<String> {
    let mut files = Vec::new();
    rust_files(src, &mut files);
    files.sort();
    let mut found = Vec::new();
    for file in files {
        let rel = file.strip_prefix(src).expect("under src").to_string_lossy().replace('\\', "/");
        if rel == "main.rs" || rel.starts_with("cli/") {
            continue;
        }
        let text = std::fs::read_to_string(&file).unwrap_or_else(|e| panic!("{}: {e}", file.display()));
        for (n, line) in text.lines().enumerate() {
            if let Some(item) = CLI_ONLY.iter().find(|item| line.contains(*item)) {
                found.push(format!("src/{rel}:{}: {item}", n + 1));
            }
        }
    }
    found
}

#[test]
fn only_the_command_line_prints_exits_or_draws_progress() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let found = violations(&src);
    assert!(
        found.is_empty(),
        "the library must return data and leave printing, exit codes and progress bars to src/cli/:\n{}",
        found.join("\n")
    );
}

#[test]
fn a_library_file_that_prints_is_named_with_its_line() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(dir.path().join("cli")).unwrap();
    std::fs::write(dir.path().join("main.rs"), "fn main() { println!(\"ok\"); }\n").unwrap();
    std::fs::write(dir.path().join("cli/mod.rs"), "use indicatif::ProgressBar;\n").unwrap();
    std::fs::write(dir.path().join("batch.rs"), "fn f() {\n    eprintln!(\"no\");\n}\n").unwrap();
    assert_eq!(violations(dir.path()), ["src/batch.rs:2: eprintln!"]);
}
