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

/// Sets the process up for a batch of renders. Two things cost a batch time in the kernel:
///
/// - mimalloc's purge: freed memory returned to the system came back as fresh pages that the
///   kernel must zero first (60 PDFs: 3,000–5,000 page faults instead of 1,300). It is kept
///   instead; the peak is unchanged.
/// - Transparent huge pages, which mimalloc asks for: each first touch of one zeroes 2 MB, and
///   when the kernel has none free it compacts memory in the fault first. 60 PDFs spent 0.05–0.4 s
///   of system time on it (varying run to run) and peaked 30–40 MB higher; without them, 0.07 s.
///
/// Only a long-running `serve` keeps mimalloc's defaults and gives memory back when idle.
/// Called before any other thread exists: `mi_option_set` is not thread-safe.
pub(crate) fn tune_memory_for_batch() {
    // mimalloc.h's `mi_option_purge_delay` (the same in its v2 and v3), which libmimalloc-sys
    // leaves unnamed; -1 never purges.
    const PURGE_DELAY: libmimalloc_sys::mi_option_t = 15;
    // SAFETY: a plain C call on an option slot; no other thread is running (see above).
    unsafe { libmimalloc_sys::mi_option_set(PURGE_DELAY, -1) }
    // mimalloc's own option (`allow_thp`) is read when it starts, before `main`; the process-wide
    // switch also covers the memory it has already mapped. A failure leaves them on: harmless.
    #[cfg(target_os = "linux")]
    // SAFETY: prctl with integer arguments only; it changes no memory.
    unsafe {
        libc::prctl(libc::PR_SET_THP_DISABLE, 1, 0, 0, 0);
    }
}
