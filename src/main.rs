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
