//! Shared test helpers: the bowout binary, run in a clean environment.
#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

/// The clock every test pins, so that notice and dates never drift.
pub const NOW: &str = "2026-11-26 09:00";

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

/// Runs `bowout ARGS` with stdin closed and returns what it did.
pub fn run(home: &Path, args: &[&str]) -> Output {
    bowout(home).args(args).output().expect("bowout runs")
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
