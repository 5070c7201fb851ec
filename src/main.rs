//! The `xxgk` command line. It lives in `cli/`, part of this binary only: the library never prints,
//! exits or draws progress bars.

mod cli;

fn main() -> std::process::ExitCode {
    cli::run()
}
