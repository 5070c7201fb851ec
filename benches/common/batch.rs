//! A batch of distinct data files, as a province's agencies would hand in (`corpus.rs`: each with
//! its own agency, year, prose and figures, both editions, short and long), run as the CLI runs it.

use std::path::{Path, PathBuf};

use xxgk::fonts::FontOptions;
use xxgk::render::Format;
use xxgk::write::pdf::PdfOptions;
use xxgk::{RenderRequest, Renderer};

#[path = "corpus.rs"]
pub mod corpus;

/// Writes `count` distinct data files into `dir` (see `corpus.rs`) and returns their paths.
pub fn write_corpus(dir: &Path, count: usize) -> Vec<PathBuf> {
    corpus::write_corpus(dir, count)
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
