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
            eprintln!("zhmine: {}", one_line(&e));
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

/// The error and its causes on one line, each cause once: library errors
/// already show their source (`path: reason`), so a cause whose text is in
/// the message so far is not repeated.
fn one_line(e: &anyhow::Error) -> String {
    let mut msg = e.to_string();
    for c in e.chain().skip(1) {
        let s = c.to_string();
        if !msg.contains(&s) {
            msg.push_str(": ");
            msg.push_str(&s);
        }
    }
    msg.replace('\n', " ")
}
