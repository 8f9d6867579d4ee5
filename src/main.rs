use std::process::ExitCode;

use clap::FromArgMatches;

fn main() -> ExitCode {
    bowout::output::guard_standard_files();
    // The help's long text is written only for a run that shows it.
    let help = std::env::args_os()
        .skip(1)
        .any(|a| a == "-h" || a == "--help" || a == "help");
    let parsed = bowout::cli::command(help.then(bowout::output::help_columns))
        .version(bowout::VERSION)
        .try_get_matches()
        .and_then(|m| bowout::cli::Cli::from_arg_matches(&m));
    let cli = match parsed {
        Ok(cli) => cli,
        Err(err) => return bowout::report_usage(&err),
    };
    match bowout::run(cli) {
        Ok(code) => code,
        Err(err) => bowout::report(&err),
    }
}
