//! Shared test helpers: the bowout binary, run in a clean environment.
#![allow(dead_code)]

use std::ffi::OsStr;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::time::{Duration, Instant, SystemTime};

/// The clock every test pins, so that notice and dates never drift.
pub const NOW: &str = "2026-11-26 09:00";

/// A cancel with every needed answer, from the command line.
pub const CANCEL: &[&str] = &[
    "--no-input",
    "--now",
    NOW,
    "--set",
    "situation=cancel",
    "--set",
    "reason=illness",
    "--set",
    "company=Acme",
    "--set",
    "position=Analyst",
    "--set",
    "sender=Sam",
    "--set",
    "interview_at=2026-12-03 10:00",
];

/// A `bowout` command with a fixed time zone, no colour, and config and state
/// directories of its own, so that nothing on this machine leaks in.
pub fn bowout(home: &Path) -> Command {
    let mut cmd = bowout_in_terminal(home);
    cmd.stdin(Stdio::null());
    cmd
}

/// The same, leaving stdin alone, for a pseudo-terminal to take over.
pub fn bowout_in_terminal(home: &Path) -> Command {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_bowout"));
    cmd.env_clear()
        .env("PATH", std::env::var_os("PATH").unwrap_or_default())
        .env("TZ", "UTC")
        .env("NO_COLOR", "1")
        .env("HOME", home)
        .env("XDG_CONFIG_HOME", home.join("config"))
        .env("XDG_STATE_HOME", home.join("state"));
    cmd
}

/// Runs `bowout ARGS` with stdin closed and returns what it did; one that
/// hangs for 60 s fails the test.
pub fn run<S: AsRef<OsStr>>(home: &Path, args: &[S]) -> Output {
    let mut cmd = bowout(home);
    cmd.args(args);
    within(cmd, 60).expect("bowout hung")
}

/// Runs `cmd` with `input` on its standard input and returns what it did.
#[allow(dead_code)] // not every test binary feeds standard input
pub fn fed(mut cmd: Command, input: &[u8]) -> Output {
    use std::io::Write;
    let mut child = cmd
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    child.stdin.take().unwrap().write_all(input).unwrap();
    child.wait_with_output().unwrap()
}

/// `cmd` in a pseudo-terminal of `cols` × `rows` from its very start.
/// expectrl gives every new terminal 80 × 24 once the child has started,
/// so that a size set before (or from inside the child) may be undone: a
/// shell waits for a line, and the line is sent only once the terminal is
/// sized; then the program starts, whatever the machine's load.
#[allow(dead_code)] // only the pseudo-terminal tests need it
pub fn spawn_sized(cmd: &Command, cols: u16, rows: u16) -> expectrl::session::OsSession {
    cued(cmd, "", cols, rows)
}

/// The same, with standard input read from `input`, as a mail reader pipes
/// a message to a program that still talks to the terminal.
#[allow(dead_code)] // only the pseudo-terminal tests need it
pub fn spawn_sized_reading(
    cmd: &Command,
    input: &Path,
    cols: u16,
    rows: u16,
) -> expectrl::session::OsSession {
    let quoted = input.display().to_string().replace('\'', "'\\''");
    cued(cmd, &format!(" < '{quoted}'"), cols, rows)
}

fn cued(cmd: &Command, redirect: &str, cols: u16, rows: u16) -> expectrl::session::OsSession {
    use expectrl::Expect;
    let waiting = wrapped(cmd, &format!("read _ && exec \"$0\" \"$@\"{redirect}"));
    let mut pty = expectrl::Session::spawn(waiting).expect("bowout starts in a pty");
    pty.get_process_mut()
        .set_window_size(cols, rows)
        .expect("the pty is sized");
    pty.send("\n").expect("the shell is told to go on");
    pty.set_expect_timeout(Some(Duration::from_secs(60)));
    pty
}

/// `spawn_sized`, by the name the older tests use.
#[allow(dead_code)] // only the pseudo-terminal tests need it
pub fn in_terminal(cmd: &Command, cols: u16, rows: u16) -> expectrl::session::OsSession {
    spawn_sized(cmd, cols, rows)
}

/// `spawn_sized_reading`, by the name the older tests use.
#[allow(dead_code)] // only the pseudo-terminal tests need it
pub fn in_terminal_reading(
    cmd: &Command,
    input: &Path,
    cols: u16,
    rows: u16,
) -> expectrl::session::OsSession {
    spawn_sized_reading(cmd, input, cols, rows)
}

fn wrapped(cmd: &Command, script: &str) -> Command {
    let mut late = Command::new("sh");
    late.env_clear();
    for (key, value) in cmd.get_envs() {
        if let Some(value) = value {
            late.env(key, value);
        }
    }
    if let Some(dir) = cmd.get_current_dir() {
        late.current_dir(dir);
    }
    late.arg("-c")
        .arg(script)
        .arg(cmd.get_program())
        .args(cmd.get_args());
    late
}

/// A home directory of its own for one test.
pub fn home() -> tempfile::TempDir {
    tempfile::tempdir().unwrap()
}

/// The base arguments followed by more, as owned strings.
pub fn with(base: &[&str], extra: &[&str]) -> Vec<String> {
    base.iter().chain(extra).map(|s| s.to_string()).collect()
}

/// Writes a file, making its folder first.
pub fn write(path: &Path, text: &str) {
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(path, text).unwrap();
}

/// Runs `cmd`, killing it after `secs`: `None` means it hung.
pub fn within(mut cmd: Command, secs: u64) -> Option<Output> {
    let mut child = cmd
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let deadline = Instant::now() + Duration::from_secs(secs);
    while child.try_wait().unwrap().is_none() {
        if Instant::now() > deadline {
            let _ = child.kill();
            let _ = child.wait();
            return None;
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    Some(child.wait_with_output().unwrap())
}

/// Waits up to `secs` for `done`, checking every 50 ms; returns whether it came.
pub fn eventually(secs: u64, mut done: impl FnMut() -> bool) -> bool {
    let deadline = Instant::now() + Duration::from_secs(secs);
    while !done() {
        if Instant::now() > deadline {
            return false;
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    true
}

pub fn stdout(o: &Output) -> String {
    String::from_utf8(o.stdout.clone()).expect("stdout is UTF-8")
}

pub fn stderr(o: &Output) -> String {
    String::from_utf8(o.stderr.clone()).expect("stderr is UTF-8")
}

/// The folder of golden fixtures.
pub fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures")
}

/// Compares `actual` with the golden file at `path`, or rewrites the file
/// when BOWOUT_BLESS=1.
pub fn golden(path: &Path, actual: &str) {
    if std::env::var_os("BOWOUT_BLESS").is_some() {
        if actual.is_empty() {
            let _ = std::fs::remove_file(path);
        } else {
            std::fs::write(path, actual).unwrap();
        }
        return;
    }
    let expected = std::fs::read_to_string(path).unwrap_or_default();
    assert_eq!(
        actual,
        expected,
        "output differs from {} (BOWOUT_BLESS=1 rewrites it)",
        path.display()
    );
}

/// Checks that bowout exited with `code` and said `message` on stderr.
#[track_caller]
pub fn said(out: &Output, code: i32, message: &str) {
    assert_eq!(out.status.code(), Some(code), "{}", stderr(out));
    assert!(stderr(out).contains(message), "{}", stderr(out));
}

/// Waits until the program in the pseudo-terminal is reading keys: a prompt
/// is drawn just before the terminal is switched to raw mode (no canonical
/// line editing), and keys sent inside that gap would be read as a line. A
/// person never types inside that gap, and neither should a test, however
/// slow the machine. A prompt that reads whole lines never leaves canonical
/// mode: after 30 seconds the test goes on anyway (and its next wait says
/// what is missing).
#[allow(dead_code)] // only the pseudo-terminal tests need it
pub fn until_reading_keys(pty: &impl std::os::fd::AsRawFd) {
    let fd = pty.as_raw_fd();
    eventually(30, || {
        // SAFETY: tcgetattr writes into the zeroed struct; the descriptor
        // is the pseudo-terminal's, which the session keeps open.
        let mut t: libc::termios = unsafe { std::mem::zeroed() };
        unsafe { libc::tcgetattr(fd, &mut t) == 0 && t.c_lflag & libc::ICANON == 0 }
    });
}

/// A process id that has ended: a child that has been waited for.
pub fn gone_pid() -> u32 {
    let mut child = Command::new("true").spawn().unwrap();
    let pid = child.id();
    child.wait().unwrap();
    pid
}

/// Sets a file's modification time `secs` seconds back.
pub fn age(path: &Path, secs: u64) {
    std::fs::File::options()
        .write(true)
        .open(path)
        .unwrap()
        .set_modified(SystemTime::now() - Duration::from_secs(secs))
        .unwrap();
}
