use std::process::ExitCode;
use std::sync::atomic::{AtomicBool, Ordering};

use clap::FromArgMatches;

/// Set when standard output was closed as the program started (`>&-`).
static STDOUT_CLOSED: AtomicBool = AtomicBool::new(false);

/// Asks whether descriptor 1 is open before Rust's start-up code puts
/// /dev/null in the place of a closed one, after which a closed standard
/// output and one a supervisor pointed at /dev/null (opened for reading and
/// writing, as Python's subprocess.DEVNULL and systemd do) look the same.
/// Only "no such descriptor" means closed: nothing is guessed.
#[cfg(any(
    target_os = "linux",
    target_os = "android",
    target_os = "freebsd",
    target_os = "netbsd",
    target_os = "openbsd",
    target_os = "dragonfly",
    target_os = "macos"
))]
extern "C" fn notice_closed_stdout() {
    // SAFETY: fcntl(F_GETFD) only asks about descriptor 1.
    if unsafe { libc::fcntl(1, libc::F_GETFD) } != -1 {
        return;
    }
    let closed = std::io::Error::last_os_error().raw_os_error() == Some(libc::EBADF);
    STDOUT_CLOSED.store(closed, Ordering::Relaxed);
}

/// Run by the loader before `main` and before Rust's own start-up code.
#[cfg(any(
    target_os = "linux",
    target_os = "android",
    target_os = "freebsd",
    target_os = "netbsd",
    target_os = "openbsd",
    target_os = "dragonfly"
))]
#[used]
#[unsafe(link_section = ".init_array")]
static NOTICE_CLOSED_STDOUT: extern "C" fn() = notice_closed_stdout;

#[cfg(target_os = "macos")]
#[used]
#[unsafe(link_section = "__DATA,__mod_init_func")]
static NOTICE_CLOSED_STDOUT: extern "C" fn() = notice_closed_stdout;

fn main() -> ExitCode {
    bowout::output::guard_standard_files(STDOUT_CLOSED.load(Ordering::Relaxed));
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
