//! The clipboard against a real X server: bowout copies, exits, and the copy
//! is read back with xclip afterwards; then another program takes the
//! clipboard and bowout's serving child must go away. Needs Xvfb and xclip
//! (scripts/test installs them).

mod common;

use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use common::{NOW, bowout, stderr, stdout};

/// An Xvfb on a display of its own, stopped when dropped.
struct Xvfb {
    display: String,
    child: Child,
}

impl Xvfb {
    /// Xvfb picks a free display itself (-displayfd) and writes its number
    /// once it is ready, so tests running side by side never share one.
    fn start() -> Xvfb {
        use std::io::BufRead;
        let mut child = Command::new("Xvfb")
            .args([
                "-displayfd",
                "1",
                "-screen",
                "0",
                "320x240x24",
                "-nolisten",
                "tcp",
            ])
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .expect("Xvfb is installed (scripts/test installs it)");
        let mut line = String::new();
        std::io::BufReader::new(child.stdout.take().unwrap())
            .read_line(&mut line)
            .unwrap();
        let n: u32 = line.trim().parse().expect("Xvfb reports its display");
        Xvfb {
            display: format!(":{n}"),
            child,
        }
    }

    fn xclip(&self, args: &[&str]) -> Command {
        let mut cmd = Command::new("xclip");
        cmd.env("DISPLAY", &self.display).args(args);
        cmd
    }

    fn clipboard(&self) -> String {
        let out = self
            .xclip(&["-o", "-selection", "clipboard"])
            .output()
            .expect("xclip is installed (scripts/test installs it)");
        assert!(
            out.status.success(),
            "xclip -o failed: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8(out.stdout).unwrap()
    }

    /// Pids of bowout clipboard servers attached to this display.
    fn servers(&self) -> Vec<u32> {
        let mut pids = Vec::new();
        for entry in std::fs::read_dir("/proc").unwrap().flatten() {
            let Ok(pid) = entry.file_name().to_string_lossy().parse::<u32>() else {
                continue;
            };
            let cmdline = std::fs::read(entry.path().join("cmdline")).unwrap_or_default();
            let environ = std::fs::read(entry.path().join("environ")).unwrap_or_default();
            let has = |hay: &[u8], needle: &[u8]| hay.windows(needle.len()).any(|w| w == needle);
            let display = format!("DISPLAY={}\0", self.display);
            if has(&cmdline, b"__serve-clipboard") && has(&environ, display.as_bytes()) {
                pids.push(pid);
            }
        }
        pids
    }
}

/// Waits up to `secs` for `done`, checking every 50 ms; returns whether it came.
fn eventually(secs: u64, done: impl Fn() -> bool) -> bool {
    let deadline = Instant::now() + Duration::from_secs(secs);
    while !done() {
        if Instant::now() > deadline {
            return false;
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    true
}

impl Drop for Xvfb {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

const ANSWERS: &[&str] = &[
    "--no-input",
    "--now",
    NOW,
    "--set",
    "situation=reschedule",
    "--set",
    "reason=work-commitment",
    "--set",
    "company=Rivera & Søn",
    "--set",
    "position=Backend Engineer",
    "--set",
    "sender=Zoë O'Brien 🙂",
    "--set",
    "interview_at=2026-12-03 10:00",
    "--set",
    "alternatives=2026-12-07 10:00; Tuesday afternoon",
];

fn args(extra: &[&'static str]) -> Vec<&'static str> {
    ANSWERS.iter().chain(extra).copied().collect()
}

#[test]
fn a_copied_body_outlives_bowout_until_another_program_takes_the_clipboard() {
    let x = Xvfb::start();
    let home = tempfile::tempdir().unwrap();
    let printed = bowout(home.path())
        .args(args(&["--format", "body", "--print"]))
        .output()
        .unwrap();
    assert!(printed.status.success());

    let copied = bowout(home.path())
        .env("DISPLAY", &x.display)
        .args(args(&["--format", "body", "--copy"]))
        .output()
        .unwrap();
    assert_eq!(copied.status.code(), Some(0), "{}", stderr(&copied));
    assert_eq!(stdout(&copied), "", "--copy alone prints nothing");
    let words = stdout(&printed).split_whitespace().count();
    assert!(
        stderr(&copied).contains(&format!(
            "Copied the body ({words} words) to the clipboard."
        )),
        "{}",
        stderr(&copied)
    );

    // bowout has exited; the copy must still be there, byte for byte.
    assert_eq!(x.clipboard(), stdout(&printed));
    let servers = x.servers();
    assert_eq!(servers.len(), 1, "one serving child: {servers:?}");

    // Another program takes the clipboard: the serving child must exit.
    let mut taker = x
        .xclip(&["-selection", "clipboard", "-i"])
        .stdin(Stdio::piped())
        .spawn()
        .unwrap();
    {
        use std::io::Write;
        taker
            .stdin
            .take()
            .unwrap()
            .write_all(b"something else")
            .unwrap();
    }
    taker.wait().unwrap();
    assert!(
        eventually(5, || x.servers().is_empty()),
        "the serving child is still running"
    );
    assert_eq!(x.clipboard(), "something else");
}

#[test]
fn copy_takes_the_chosen_format_and_can_print_too() {
    let x = Xvfb::start();
    let home = tempfile::tempdir().unwrap();
    let subject = bowout(home.path())
        .args(args(&["--format", "subject"]))
        .output()
        .unwrap();
    let out = bowout(home.path())
        .env("DISPLAY", &x.display)
        .args(args(&["--format", "subject", "--copy", "--print"]))
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert_eq!(stdout(&out), stdout(&subject));
    assert_eq!(x.clipboard(), stdout(&subject));
    // Another program takes the clipboard: nothing of bowout's stays behind.
    x.xclip(&["-selection", "clipboard", "-i", "/dev/null"])
        .status()
        .unwrap();
    assert!(
        eventually(5, || x.servers().is_empty()),
        "the serving child is still running"
    );
}

#[test]
fn the_serving_child_ends_when_the_display_goes_away() {
    let mut x = Xvfb::start();
    let home = tempfile::tempdir().unwrap();
    let out = bowout(home.path())
        .env("DISPLAY", &x.display)
        .args(args(&["--format", "subject", "--copy"]))
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let servers = x.servers();
    assert_eq!(servers.len(), 1);
    let _ = x.child.kill();
    let _ = x.child.wait();
    let gone = |pid: u32| {
        std::fs::read_to_string(format!("/proc/{pid}/stat")).map_or(true, |s| s.contains(") Z "))
    };
    assert!(
        eventually(20, || gone(servers[0])),
        "the serving child outlived the X server"
    );
}

#[test]
fn with_no_display_the_copy_fails_in_one_line_and_the_email_is_printed() {
    let home = tempfile::tempdir().unwrap();
    let out = bowout(home.path())
        .args(args(&["--copy"]))
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(
        stderr(&out),
        "bowout: could not copy to the clipboard: no display is reachable (DISPLAY and \
         WAYLAND_DISPLAY are unset); over SSH, try --osc52; here is the email instead\n"
    );
    let printed = bowout(home.path()).args(args(&[])).output().unwrap();
    assert_eq!(stdout(&out), stdout(&printed));
}

fn decode_osc52(out: &str) -> String {
    let payload = out
        .strip_prefix("\x1b]52;c;")
        .and_then(|s| s.strip_suffix('\x07'))
        .unwrap_or_else(|| panic!("not an OSC 52 sequence: {out:?}"));
    let bytes = base64_decode(payload);
    String::from_utf8(bytes).unwrap()
}

/// A decoder written apart from the encoder under test.
fn base64_decode(s: &str) -> Vec<u8> {
    let alphabet = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut bits = 0u32;
    let mut n = 0;
    let mut out = Vec::new();
    for c in s.bytes().filter(|&c| c != b'=') {
        let v = alphabet
            .iter()
            .position(|&a| a == c)
            .expect("base64 character") as u32;
        bits = (bits << 6) | v;
        n += 6;
        if n >= 8 {
            n -= 8;
            out.push((bits >> n) as u8);
            bits &= (1 << n) - 1;
        }
    }
    out
}

#[test]
fn osc52_sends_the_body_through_the_terminal() {
    let home = tempfile::tempdir().unwrap();
    let body = bowout(home.path())
        .args(args(&["--format", "body"]))
        .output()
        .unwrap();
    // No controlling terminal here, so the sequence comes out on stdout.
    let out = bowout(home.path())
        .args(args(&["--format", "body", "--osc52"]))
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert_eq!(decode_osc52(&stdout(&out)), stdout(&body));
    assert!(
        stderr(&out).contains("if your terminal supports it"),
        "{}",
        stderr(&out)
    );
}

#[test]
fn over_ssh_with_no_display_the_copy_goes_through_the_terminal() {
    let home = tempfile::tempdir().unwrap();
    let out = bowout(home.path())
        .env("SSH_CONNECTION", "10.0.0.1 5000 10.0.0.2 22")
        .env("TMUX", "/tmp/tmux-0/default,1,0")
        .args(args(&["--format", "subject", "--copy"]))
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert_eq!(
        decode_osc52(&stdout(&out)),
        "Request to reschedule my interview: Backend Engineer, 3 December\n"
    );
    assert!(
        stderr(&out).contains("set -g set-clipboard on"),
        "{}",
        stderr(&out)
    );
}
