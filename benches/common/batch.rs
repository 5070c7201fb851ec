//! A batch of distinct data files, as a province's agencies would hand in: both example editions
//! alternately, each with its own agency name (so every report differs and no two titles collide).

use std::path::{Path, PathBuf};

use xxgk::render::{Format, RenderArgs};

/// Writes `count` data files into `dir` and returns their paths.
pub fn write_corpus(dir: &Path, count: usize) -> Vec<PathBuf> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let sources: Vec<String> = ["examples/county-2021.yaml", "examples/kaifu-2019.yaml"]
        .iter()
        .map(|f| std::fs::read_to_string(root.join(f)).unwrap_or_else(|e| panic!("{f}: {e}")))
        .collect();
    (0..count)
        .map(|i| {
            let text = sources[i % 2].replacen("\n机关: ", &format!("\n机关: 第{i}号"), 1);
            let path = dir.join(format!("报告{i}.yaml"));
            std::fs::write(&path, text).expect("write corpus file");
            path
        })
        .collect()
}

/// `xxgk render FILES -f FORMAT -o OUT -q` as the command line runs it (all cores).
pub fn render_args(files: Vec<PathBuf>, format: Format, out: &Path) -> RenderArgs {
    RenderArgs { files, formats: vec![format], output: Some(out.to_path_buf()), ..RenderArgs::default() }
}

/// Runs the batch and checks that every file was written.
pub fn run(args: &RenderArgs) {
    let mut log = Vec::new();
    let code = xxgk::render::run(args, &mut log);
    assert_eq!(code, 0, "{}", String::from_utf8_lossy(&log));
}
