//! The progress bar of `xxgk render`, fed by the library's [`Progress`] calls.

use indicatif::{ProgressBar, ProgressStyle};
use std::io::IsTerminal;
use std::sync::OnceLock;
use xxgk::batch::Progress;

/// A bar on stderr, made when the outputs start: hidden when asked (`-q`), for fewer than two
/// outputs, or when stderr is not a terminal.
pub struct Bar {
    show: bool,
    bar: OnceLock<ProgressBar>,
}

impl Bar {
    pub fn new(show: bool) -> Bar {
        Bar { show, bar: OnceLock::new() }
    }

    /// Removes the bar before the results are printed.
    pub fn finish(&self) {
        if let Some(bar) = self.bar.get() {
            bar.finish_and_clear();
        }
    }
}

impl Progress for Bar {
    fn start(&self, total: usize) {
        let _ = self.bar.set(progress_bar(self.show, total));
    }

    fn advance(&self) {
        if let Some(bar) = self.bar.get() {
            bar.inc(1);
        }
    }
}

fn progress_bar(show: bool, len: usize) -> ProgressBar {
    if !show || len < 2 || !std::io::stderr().is_terminal() {
        return ProgressBar::hidden();
    }
    let bar = ProgressBar::new(len as u64);
    if let Ok(style) = ProgressStyle::with_template("{bar:40} {pos}/{len} 正在生成 {elapsed}") {
        bar.set_style(style);
    }
    bar
}
