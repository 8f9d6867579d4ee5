//! The clipboard against a real X server (Xvfb) and real Wayland compositors
//! (sway with the data-control protocol, weston without it): bowout copies,
//! exits, and the copy is read back with xclip or wl-paste afterwards; then
//! another program takes the clipboard and bowout's serving child must go
//! away. Needs Xvfb, xclip, sway, weston and wl-clipboard (scripts/test
//! installs them).

mod common;

use std::process::{Child, Command, Stdio};
use std::time::Duration;

use common::{NOW, bowout, eventually, stderr, stdout};

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
}

/// Pids of the bowout clipboard servers started by one test, known by the
/// HOME each test gives bowout. (A display number may be reused by the next
/// test's X server while an earlier helper is still on its way out.)
fn servers(home: &std::path::Path) -> Vec<u32> {
    servers_with(&format!("HOME={}", home.display()))
}

/// Pids of bowout clipboard servers whose environment holds `var` (e.g.
/// `DISPLAY=:3`), so that tests side by side never count each other's.
fn servers_with(var: &str) -> Vec<u32> {
    let mut pids = Vec::new();
    for entry in std::fs::read_dir("/proc").unwrap().flatten() {
        let Ok(pid) = entry.file_name().to_string_lossy().parse::<u32>() else {
            continue;
        };
        let cmdline = std::fs::read(entry.path().join("cmdline")).unwrap_or_default();
        let environ = std::fs::read(entry.path().join("environ")).unwrap_or_default();
        let has = |hay: &[u8], needle: &[u8]| hay.windows(needle.len()).any(|w| w == needle);
        let var = format!("{var}\0");
        if has(&cmdline, b"__serve-clipboard") && has(&environ, var.as_bytes()) && !zombie(pid) {
            pids.push(pid);
        }
    }
    pids
}

/// Whether a process has ended and only waits for its parent to reap it.
fn zombie(pid: u32) -> bool {
    std::fs::read_to_string(format!("/proc/{pid}/stat")).map_or(true, |s| s.contains(") Z "))
}

/// CPU time a process has used, in clock ticks (user + system).
fn cpu_ticks(pid: u32) -> u64 {
    let stat = std::fs::read_to_string(format!("/proc/{pid}/stat")).unwrap();
    // The command name may hold spaces; the fields after it are fixed.
    let after = &stat[stat.rfind(')').unwrap() + 2..];
    let fields: Vec<&str> = after.split(' ').collect();
    fields[11].parse::<u64>().unwrap() + fields[12].parse::<u64>().unwrap()
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
            "Copied the body ({words} words) to the X11 clipboard."
        )),
        "{}",
        stderr(&copied)
    );

    // bowout has exited; the copy must still be there, byte for byte.
    assert_eq!(x.clipboard(), stdout(&printed));
    let pids = servers(home.path());
    assert_eq!(pids.len(), 1, "one serving child: {pids:?}");

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
        eventually(30, || servers(home.path()).is_empty()),
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
        eventually(30, || servers(home.path()).is_empty()),
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
    let pids = servers(home.path());
    assert_eq!(pids.len(), 1);
    let _ = x.child.kill();
    let _ = x.child.wait();
    assert!(
        eventually(60, || zombie(pids[0])),
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
        "Request to reschedule: Backend Engineer interview, 3 December – Zoë O'Brien 🙂\n"
    );
    assert!(
        stderr(&out).contains("set -g set-clipboard on"),
        "{}",
        stderr(&out)
    );
}

/// Runs bowout with `args` against a desktop given by `env`, and returns
/// what it printed on stderr after checking it succeeded.
fn copy_with(env: &[(&str, &str)], home: &std::path::Path, extra: &[&'static str]) -> String {
    let mut cmd = bowout(home);
    for (k, v) in env {
        cmd.env(k, v);
    }
    let out = cmd.args(args(extra)).output().unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    stderr(&out)
}

/// What `--print` gives for the same answers and format.
fn printed(home: &std::path::Path, format: &'static str) -> String {
    let out = bowout(home)
        .args(args(&["--format", format]))
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    stdout(&out)
}

#[test]
fn two_copies_in_a_row_then_another_programs_copy_leaves_the_other_text_and_no_helper() {
    let x = Xvfb::start();
    let home = tempfile::tempdir().unwrap();
    let env = [("DISPLAY", x.display.as_str())];
    copy_with(&env, home.path(), &["--format", "body", "--copy"]);
    copy_with(&env, home.path(), &["--format", "subject", "--copy"]);
    assert_eq!(x.clipboard(), printed(home.path(), "subject"));
    assert!(
        eventually(30, || servers(home.path()).len() == 1),
        "the first helper did not give way to the second: {:?}",
        servers(home.path())
    );
    x.xclip(&["-selection", "clipboard", "-i"])
        .stdin(Stdio::piped())
        .spawn()
        .and_then(|mut c| {
            use std::io::Write;
            c.stdin.take().unwrap().write_all(b"mine")?;
            c.wait()
        })
        .unwrap();
    assert!(
        eventually(30, || servers(home.path()).is_empty()),
        "a helper is still running: {:?}",
        servers(home.path())
    );
    // Long enough for a helper that takes the clipboard back to have done so.
    std::thread::sleep(Duration::from_secs(2));
    assert_eq!(x.clipboard(), "mine");
}

#[test]
fn the_same_text_copied_twice_still_lets_another_program_take_the_clipboard() {
    let x = Xvfb::start();
    let home = tempfile::tempdir().unwrap();
    let env = [("DISPLAY", x.display.as_str())];
    for _ in 0..3 {
        copy_with(&env, home.path(), &["--format", "subject", "--copy"]);
    }
    assert!(
        eventually(30, || servers(home.path()).len() == 1),
        "{:?}",
        servers(home.path())
    );
    x.xclip(&["-selection", "clipboard", "-i", "/dev/null"])
        .status()
        .unwrap();
    assert!(
        eventually(30, || servers(home.path()).is_empty()),
        "{:?}",
        servers(home.path())
    );
    std::thread::sleep(Duration::from_secs(2));
    assert_eq!(x.clipboard(), "");
}

#[test]
fn an_idle_x11_helper_uses_no_cpu() {
    let x = Xvfb::start();
    let home = tempfile::tempdir().unwrap();
    copy_with(
        &[("DISPLAY", x.display.as_str())],
        home.path(),
        &["--format", "body", "--copy"],
    );
    let pid = servers(home.path())[0];
    let before = cpu_ticks(pid);
    std::thread::sleep(Duration::from_secs(2));
    let used = cpu_ticks(pid) - before;
    assert!(used <= 1, "the idle helper used {used} ticks in 2 s");
}

#[test]
fn the_helper_keeps_no_file_of_the_shell_open() {
    // With the helper holding fd 3 (the pipe to `cat`), cat would wait for as
    // long as the helper serves.
    let x = Xvfb::start();
    let home = tempfile::tempdir().unwrap();
    let mut cmd = Command::new("sh");
    cmd.arg("-c")
        .arg("\"$0\" \"$@\" 3>&1 | cat; echo done")
        .arg(env!("CARGO_BIN_EXE_bowout"))
        .args(args(&["--format", "subject", "--copy"]))
        .env_clear()
        .env("PATH", std::env::var_os("PATH").unwrap_or_default())
        .env("TZ", "UTC")
        .env("HOME", home.path())
        .env("XDG_CONFIG_HOME", home.path().join("config"))
        .env("XDG_STATE_HOME", home.path().join("state"))
        .env("DISPLAY", &x.display)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::null());
    let mut child = cmd.spawn().unwrap();
    let finished = eventually(30, || child.try_wait().unwrap().is_some());
    if !finished {
        let _ = child.kill();
    }
    assert!(finished, "the pipeline waited for the clipboard helper");
    assert_eq!(servers(home.path()).len(), 1, "the copy is still served");
}

/// A Wayland compositor running headless in a runtime directory of its own,
/// stopped when dropped. sway refuses to run as root, so as root it runs as
/// `nobody`; bowout and wl-clipboard, as root, may still use its socket.
struct Compositor {
    runtime: tempfile::TempDir,
    socket: String,
    child: Child,
}

impl Compositor {
    /// sway, a wlroots compositor with the data-control protocol.
    fn sway() -> Compositor {
        let runtime = tempfile::tempdir().unwrap();
        let config = runtime.path().join("config");
        std::fs::write(&config, "").unwrap();
        let root = is_root();
        if root {
            std::os::unix::fs::chown(runtime.path(), Some(65534), Some(65534)).unwrap();
        }
        let mut cmd = if root {
            let mut c = Command::new("setpriv");
            c.args(["--reuid=65534", "--regid=65534", "--clear-groups", "sway"]);
            c
        } else {
            Command::new("sway")
        };
        cmd.arg("-c").arg(&config);
        Compositor::start(runtime, cmd, "sway")
    }

    /// weston, whose headless backend has no data-control protocol.
    fn weston() -> Compositor {
        let runtime = tempfile::tempdir().unwrap();
        let mut cmd = Command::new("weston");
        cmd.args([
            "--backend=headless-backend.so",
            "--socket=wayland-test",
            "--idle-time=0",
            "--no-config",
        ]);
        Compositor::start(runtime, cmd, "weston")
    }

    fn start(runtime: tempfile::TempDir, mut cmd: Command, name: &str) -> Compositor {
        let child = cmd
            .env_clear()
            .env("XDG_RUNTIME_DIR", runtime.path())
            .env("HOME", runtime.path())
            .env("WLR_BACKENDS", "headless")
            .env("WLR_LIBINPUT_NO_DEVICES", "1")
            .env("WLR_RENDERER", "pixman")
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap_or_else(|e| panic!("{name} is installed (scripts/test installs it): {e}"));
        let mut socket = String::new();
        let found = eventually(60, || {
            let names = std::fs::read_dir(runtime.path()).unwrap().flatten();
            for entry in names {
                let n = entry.file_name().to_string_lossy().into_owned();
                if n.starts_with("wayland-") && !n.ends_with(".lock") {
                    socket = n;
                    return true;
                }
            }
            false
        });
        let mut compositor = Compositor {
            runtime,
            socket,
            child,
        };
        assert!(found, "{name} did not start");
        // The socket exists before the compositor serves it; a first client
        // that gets an answer shows it is ready.
        assert!(
            eventually(60, || {
                compositor
                    .wl("wl-paste", &["--list-types"])
                    .output()
                    .is_ok_and(|o| !String::from_utf8_lossy(&o.stderr).contains("connect"))
            }),
            "{name} does not answer"
        );
        let _ = compositor.child.try_wait();
        compositor
    }

    fn env(&self) -> [(&str, &str); 2] {
        [
            ("XDG_RUNTIME_DIR", self.runtime.path().to_str().unwrap()),
            ("WAYLAND_DISPLAY", self.socket.as_str()),
        ]
    }

    fn wl(&self, program: &str, args: &[&str]) -> Command {
        let mut cmd = Command::new(program);
        cmd.env_clear()
            .env("PATH", std::env::var_os("PATH").unwrap_or_default())
            .envs(self.env())
            .args(args)
            .stdin(Stdio::null());
        cmd
    }

    fn clipboard(&self) -> String {
        let out = self
            .wl("wl-paste", &["--no-newline"])
            .output()
            .expect("wl-paste is installed (scripts/test installs wl-clipboard)");
        assert!(
            out.status.success(),
            "wl-paste failed: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8(out.stdout).unwrap()
    }
}

impl Drop for Compositor {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
        for pid in servers_with(&format!(
            "XDG_RUNTIME_DIR={}",
            self.runtime.path().display()
        )) {
            let _ = Command::new("kill").arg(pid.to_string()).status();
        }
    }
}

fn is_root() -> bool {
    Command::new("id")
        .arg("-u")
        .output()
        .is_ok_and(|o| String::from_utf8_lossy(&o.stdout).trim() == "0")
}

#[test]
fn on_wayland_the_copy_is_there_after_one_second_and_after_ten() {
    let wl = Compositor::sway();
    let home = tempfile::tempdir().unwrap();
    let said = copy_with(&wl.env(), home.path(), &["--format", "body", "--copy"]);
    assert!(
        said.contains("to the Wayland clipboard."),
        "says which clipboard: {said}"
    );
    let body = printed(home.path(), "body");
    std::thread::sleep(Duration::from_secs(1));
    assert_eq!(wl.clipboard(), body);
    std::thread::sleep(Duration::from_secs(9));
    assert_eq!(wl.clipboard(), body);
    assert_eq!(servers(home.path()).len(), 1, "{:?}", servers(home.path()));
}

#[test]
fn on_wayland_another_programs_copy_stays_and_no_helper_is_left() {
    let wl = Compositor::sway();
    let home = tempfile::tempdir().unwrap();
    copy_with(&wl.env(), home.path(), &["--format", "body", "--copy"]);
    let status = wl.wl("wl-copy", &["other"]).status().unwrap();
    assert!(status.success());
    assert!(
        eventually(30, || servers(home.path()).is_empty()),
        "the helper is still running: {:?}",
        servers(home.path())
    );
    std::thread::sleep(Duration::from_secs(2));
    assert_eq!(wl.clipboard(), "other");
}

#[test]
fn on_wayland_the_second_of_two_copies_wins_and_replaces_the_first_helper() {
    let wl = Compositor::sway();
    let home = tempfile::tempdir().unwrap();
    copy_with(&wl.env(), home.path(), &["--format", "body", "--copy"]);
    copy_with(&wl.env(), home.path(), &["--format", "subject", "--copy"]);
    let subject = printed(home.path(), "subject");
    assert!(
        eventually(30, || wl.clipboard() == subject),
        "{}",
        wl.clipboard()
    );
    assert!(
        eventually(30, || servers(home.path()).len() == 1),
        "{:?}",
        servers(home.path())
    );
    wl.wl("wl-copy", &["mine"]).status().unwrap();
    assert!(
        eventually(30, || servers(home.path()).is_empty()),
        "{:?}",
        servers(home.path())
    );
    std::thread::sleep(Duration::from_secs(2));
    assert_eq!(wl.clipboard(), "mine");
}

#[test]
fn on_wayland_another_program_copying_at_the_same_moment_is_named_as_on_x11() {
    // Another program copies again and again while bowout copies: whoever
    // wins, bowout says what happened. When the other program takes the
    // clipboard before bowout's helper has seen its own copy pasted back,
    // that is "another program took the clipboard at once", as on X11,
    // never a compositor too slow to hand the copy back.
    let wl = Compositor::sway();
    let home = tempfile::tempdir().unwrap();
    // Three programs copying in a loop; bowout copies until one of them
    // has won at least once (at least ten times, for a minute at most).
    let mut fighters: Vec<_> = (0..3)
        .map(|_| {
            wl.wl("sh", &["-c", "while :; do wl-copy theirs; done"])
                .stdout(Stdio::null())
                .stderr(Stdio::null())
                .spawn()
                .unwrap()
        })
        .collect();
    let mut taken = 0;
    let mut outcomes = Vec::new();
    let deadline = std::time::Instant::now() + Duration::from_secs(60);
    while outcomes.len() < 10
        || (std::time::Instant::now() < deadline
            && !outcomes.iter().any(|(code, _)| *code == Some(1)))
    {
        let out = bowout(home.path())
            .envs(wl.env())
            .args(args(&["--format", "subject", "--copy"]))
            .output()
            .unwrap();
        outcomes.push((out.status.code(), stderr(&out)));
    }
    for fighter in &mut fighters {
        let _ = fighter.kill();
        let _ = fighter.wait();
    }
    for (code, err) in &outcomes {
        assert!(!err.contains("did not hand the copy back"), "{err}");
        match code {
            Some(0) => assert!(err.contains("to the Wayland clipboard."), "{err}"),
            Some(1) => {
                assert!(
                    err.contains("another program took the clipboard at once"),
                    "{err}"
                );
                taken += 1;
            }
            other => panic!("exit {other:?}: {err}"),
        }
    }
    assert!(taken > 0, "the other program never won: {outcomes:?}");
}

#[test]
fn an_idle_wayland_helper_uses_no_cpu() {
    let wl = Compositor::sway();
    let home = tempfile::tempdir().unwrap();
    copy_with(&wl.env(), home.path(), &["--format", "body", "--copy"]);
    let pid = servers(home.path())[0];
    let before = cpu_ticks(pid);
    std::thread::sleep(Duration::from_secs(2));
    let used = cpu_ticks(pid) - before;
    assert!(used <= 1, "the idle helper used {used} ticks in 2 s");
}

#[test]
fn a_compositor_without_data_control_is_named_and_the_email_printed() {
    let wl = Compositor::weston();
    let home = tempfile::tempdir().unwrap();
    let mut cmd = bowout(home.path());
    let out = cmd
        .envs(wl.env())
        .args(args(&["--format", "subject", "--copy"]))
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    assert_eq!(
        stderr(&out),
        "bowout: could not copy to the clipboard: the Wayland compositor does not let programs \
         without a window use the clipboard (it lacks the data-control protocol that clipboard \
         tools such as wl-copy need); here is the email instead\n"
    );
    assert_eq!(stdout(&out), printed(home.path(), "subject"));
    assert!(servers(home.path()).is_empty());
}

#[test]
fn without_data_control_the_copy_falls_back_to_xwayland_and_says_so() {
    let wl = Compositor::weston();
    let x = Xvfb::start();
    let home = tempfile::tempdir().unwrap();
    let mut env = wl.env().to_vec();
    env.push(("DISPLAY", x.display.as_str()));
    let said = copy_with(&env, home.path(), &["--format", "subject", "--copy"]);
    assert_eq!(
        said,
        "The Wayland compositor does not let programs without a window use the clipboard (it \
         lacks the data-control protocol that clipboard tools such as wl-copy need). Copied the \
         subject (12 words) to the X11 clipboard (XWayland).\n"
    );
    assert_eq!(x.clipboard(), printed(home.path(), "subject"));
}

#[test]
fn without_data_control_or_x_the_copy_goes_through_the_terminal() {
    use expectrl::Expect;
    let wl = Compositor::weston();
    let home = tempfile::tempdir().unwrap();
    let mut cmd = common::bowout_in_terminal(home.path());
    cmd.envs(wl.env())
        .args(args(&["--format", "subject", "--copy"]));
    let mut pty = expectrl::Session::spawn(cmd).unwrap();
    pty.set_expect_timeout(Some(Duration::from_secs(60)));
    let seen = pty.expect(expectrl::Eof).unwrap();
    let seen = String::from_utf8_lossy(seen.get(0).unwrap_or_default()).to_string();
    let start = seen.find("\x1b]52;c;").expect("an OSC 52 sequence");
    let end = start + seen[start..].find('\x07').unwrap() + 1;
    assert_eq!(
        decode_osc52(&seen[start..end]),
        printed(home.path(), "subject")
    );
    assert!(
        seen.contains("lacks the data-control protocol") && seen.contains("with OSC 52"),
        "{seen}"
    );
    // A terminal may ignore OSC 52: the email is printed too, and said so.
    assert!(
        seen.replace("\r\n", " ")
            .contains("In case it does not, the subject is printed below too."),
        "{seen}"
    );
    let subject = printed(home.path(), "subject");
    assert!(
        seen[end..].contains(subject.trim_end()),
        "the subject is printed after the sequence: {seen}"
    );
}

#[test]
fn osc52_asked_for_on_a_terminal_sends_the_sequence_alone() {
    use expectrl::Expect;
    let home = tempfile::tempdir().unwrap();
    let mut cmd = common::bowout_in_terminal(home.path());
    cmd.args(args(&["--format", "subject", "--osc52"]));
    let mut pty = expectrl::Session::spawn(cmd).unwrap();
    pty.set_expect_timeout(Some(Duration::from_secs(60)));
    let seen = pty.expect(expectrl::Eof).unwrap();
    let seen = String::from_utf8_lossy(seen.get(0).unwrap_or_default()).to_string();
    assert!(seen.contains("\x1b]52;c;"), "{seen:?}");
    let subject = printed(home.path(), "subject");
    assert!(!seen.contains(subject.trim_end()), "{seen}");
    assert!(!seen.contains("printed below"), "{seen}");
}

#[test]
fn with_no_display_even_on_a_terminal_the_copy_fails_in_one_line() {
    // A terminal alone is no reason to guess at OSC 52: locally, with no
    // display at all, the copy fails and says why.
    use expectrl::Expect;
    let home = tempfile::tempdir().unwrap();
    let mut cmd = common::bowout_in_terminal(home.path());
    cmd.args(args(&["--format", "subject", "--copy"]));
    let mut pty = expectrl::Session::spawn(cmd).unwrap();
    pty.set_expect_timeout(Some(Duration::from_secs(60)));
    let seen = pty.expect(expectrl::Eof).unwrap();
    let seen = String::from_utf8_lossy(seen.get(0).unwrap_or_default()).to_string();
    assert!(!seen.contains("\x1b]52;"), "{seen:?}");
    assert!(seen.contains("no display is reachable"), "{seen}");
}

#[test]
fn when_every_desktop_refuses_each_one_is_named() {
    let wl = Compositor::weston();
    let home = tempfile::tempdir().unwrap();
    let out = bowout(home.path())
        .envs(wl.env())
        .env("DISPLAY", ":4093")
        .args(args(&["--format", "subject", "--copy"]))
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    let err = stderr(&out);
    assert!(err.contains("it lacks the data-control protocol"), "{err}");
    assert!(
        err.contains(
            "cannot reach the X server :4093 (is DISPLAY right, and is the X server running?)"
        ),
        "{err}"
    );
    assert!(!err.contains("Unknown error"), "in bowout's words: {err}");
    assert_eq!(err.lines().count(), 1, "one line: {err}");
}

#[test]
fn on_x11_the_copy_is_still_there_after_its_helper_has_checked_the_display() {
    // The X11 helper looks at its display every ten seconds; a display that
    // is there must not end it.
    let x = Xvfb::start();
    let home = tempfile::tempdir().unwrap();
    copy_with(
        &[("DISPLAY", x.display.as_str())],
        home.path(),
        &["--format", "body", "--copy"],
    );
    std::thread::sleep(Duration::from_secs(12));
    assert_eq!(x.clipboard(), printed(home.path(), "body"));
    assert_eq!(servers(home.path()).len(), 1);
}

#[test]
fn with_wayland_and_x11_both_there_the_copy_goes_to_wayland_and_says_so() {
    let wl = Compositor::sway();
    let x = Xvfb::start();
    let home = tempfile::tempdir().unwrap();
    let mut env = wl.env().to_vec();
    env.push(("DISPLAY", x.display.as_str()));
    let said = copy_with(&env, home.path(), &["--format", "subject", "--copy"]);
    assert!(said.contains("to the Wayland clipboard."), "{said}");
    assert_eq!(wl.clipboard(), printed(home.path(), "subject"));
    let helpers = servers(home.path());
    assert_eq!(helpers.len(), 1, "{helpers:?}");
    let cmdline = std::fs::read(format!("/proc/{}/cmdline", helpers[0])).unwrap();
    assert!(
        String::from_utf8_lossy(&cmdline).contains("wayland"),
        "the helper serves Wayland"
    );
}
