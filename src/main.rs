//! The `xxgk` command line. It lives in `cli/`, part of this binary only: the library never prints,
//! exits or draws progress bars.

mod cli;

// typst allocates and frees many small objects per report: mimalloc makes the PDF path about a
// tenth faster than the system allocator, and keeps a long batch's memory flatter.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> std::process::ExitCode {
    cli::run()
}

/// Keeps freed memory for reuse instead of returning it to the system (mimalloc's purge). A batch
/// allocates and frees much the same memory for every report; returned, it came back as fresh
/// pages that the kernel must zero first (60 PDFs: 3,000–5,000 page faults instead of 1,300). The
/// peak is unchanged; only a long-running `serve` keeps mimalloc's default and gives memory back
/// when idle.
///
/// Called before any other thread exists: `mi_option_set` is not thread-safe.
pub(crate) fn keep_freed_memory() {
    // mimalloc.h's `mi_option_purge_delay` (the same in its v2 and v3), which libmimalloc-sys
    // leaves unnamed; -1 never purges.
    const PURGE_DELAY: libmimalloc_sys::mi_option_t = 15;
    // SAFETY: a plain C call on an option slot; no other thread is running (see above).
    unsafe { libmimalloc_sys::mi_option_set(PURGE_DELAY, -1) }
}
