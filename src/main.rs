use std::process::ExitCode;

use clap::Parser;

fn main() -> ExitCode {
    let cli = bowout::cli::Cli::parse();
    match bowout::run(cli) {
        Ok(code) => code,
        Err(err) => bowout::report(&err),
    }
}
