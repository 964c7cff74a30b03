//! The `zhmine` binary: parses the command line into plain requests, runs the
//! library, prints tables or JSON, and turns errors into one-line messages and
//! exit codes (0 all good, 1 ran but some inputs failed, 2 usage or fatal
//! error). A closed pipe (`zhmine … | head`) is not an error.

mod cli;

use std::process::ExitCode;

fn main() -> ExitCode {
    match cli::run() {
        Ok(code) => code,
        Err(e) => {
            if is_broken_pipe(&e) {
                return ExitCode::SUCCESS;
            }
            eprintln!("zhmine: {e:#}");
            ExitCode::from(2)
        }
    }
}

fn is_broken_pipe(e: &anyhow::Error) -> bool {
    e.chain().any(|c| {
        c.downcast_ref::<std::io::Error>()
            .is_some_and(|io| io.kind() == std::io::ErrorKind::BrokenPipe)
    })
}
