use std::process::ExitCode;

use clap::Parser;

fn main() -> ExitCode {
    bowout::output::guard_standard_files();
    let cli = match bowout::cli::Cli::try_parse() {
        Ok(cli) => cli,
        Err(err) => return bowout::report_usage(&err),
    };
    match bowout::run(cli) {
        Ok(code) => code,
        Err(err) => bowout::report(&err),
    }
}
