//! A batch of distinct data files, as a province's agencies would hand in: both example editions
//! alternately, each with its own agency name (so every report differs and no two titles collide).

use std::path::{Path, PathBuf};

use xxgk::fonts::FontOptions;
use xxgk::render::Format;
use xxgk::write::pdf::PdfOptions;
use xxgk::{RenderRequest, Renderer};

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
pub fn render_request(files: Vec<PathBuf>, format: Format, out: &Path) -> RenderRequest {
    RenderRequest {
        files,
        formats: vec![format],
        output: Some(out.to_path_buf()),
        ..RenderRequest::default()
    }
}

/// Runs the batch as the command line does (templates and fonts loaded anew) and checks that every
/// file was written.
pub fn run(fonts: &FontOptions, request: &RenderRequest) {
    let renderer = Renderer::with_options(None, fonts.clone(), PdfOptions::default()).expect("renderer");
    let files = xxgk::render_files(&renderer, request, &()).expect("batch");
    for file in &files {
        assert!(file.error.is_none(), "{}: {:?}", file.path.display(), file.error);
        for output in &file.outputs {
            assert!(output.error.is_none(), "{}: {:?}", output.path.display(), output.error);
        }
    }
}
