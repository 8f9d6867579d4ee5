//! Handing the finished email on: the system clipboard (through arboard) and
//! the OSC 52 terminal escape. The only module that sees arboard.
//!
//! On X11 and Wayland the program that copied owns the clipboard, so a copy
//! would vanish when bowout exits. bowout therefore starts a detached child of
//! its own (`bowout __serve-clipboard`, in a new session, with the text sent
//! over a pipe, never on its command line) that keeps serving the text until
//! another program takes the clipboard, as xclip does.

use std::io::{self, Read, Write};
use std::time::Duration;

use anyhow::{Context, Result, anyhow, bail};
use base64::Engine as _;

/// The name of the hidden subcommand that serves the clipboard.
pub const SERVE_COMMAND: &str = "__serve-clipboard";

/// Many terminals drop OSC 52 sequences longer than this (xterm's limit).
pub const OSC52_LIMIT: usize = 74_994;

/// How a copy reached the clipboard.
#[derive(Debug, PartialEq, Eq)]
pub enum Copied {
    /// The system clipboard holds it.
    System,
    /// An OSC 52 escape went to the terminal, which may or may not honour it.
    Osc52 { to_stdout: bool },
}

/// Copies `text`. `osc52` forces the terminal escape.
pub fn copy(text: &str, osc52: bool) -> Result<Copied> {
    if osc52 {
        return send_osc52(text);
    }
    let over_ssh = set("SSH_TTY") || set("SSH_CONNECTION");
    match system_copy(text) {
        Ok(()) => Ok(Copied::System),
        Err(e) if over_ssh => {
            send_osc52(text).with_context(|| format!("the system clipboard failed too: {e:#}"))
        }
        Err(e) => Err(e),
    }
}

/// Whether an environment variable is set to something.
fn set(name: &str) -> bool {
    std::env::var_os(name).is_some_and(|v| !v.is_empty())
}

/// Hands a `mailto:` link to the desktop's mail client (xdg-open on Linux,
/// open on macOS, the shell on Windows).
pub fn open_mail_client(uri: &str) -> Result<()> {
    #[cfg(all(unix, not(target_os = "macos")))]
    if !set("DISPLAY") && !set("WAYLAND_DISPLAY") {
        bail!("there is no desktop here (DISPLAY and WAYLAND_DISPLAY are unset)");
    }
    open::that(uri).map_err(|e| anyhow!("{e}"))
}

/// What to tell the person after a copy, e.g.
/// `Copied the body (142 words) to the clipboard.`
pub fn describe(copied: &Copied, what: &str, text: &str) -> String {
    let words = text.split_whitespace().count();
    match copied {
        Copied::System => format!("Copied {what} ({words} words) to the clipboard."),
        Copied::Osc52 { to_stdout } => {
            let mut line = format!(
                "Sent {what} ({words} words) to your terminal's clipboard with OSC 52, if your \
                 terminal supports it"
            );
            if *to_stdout {
                line.push_str(" (written to stdout: there is no terminal)");
            }
            if set("TMUX") {
                line.push_str("; inside tmux this needs `set -g set-clipboard on`");
            }
            line.push('.');
            line
        }
    }
}

/// The OSC 52 sequence that sets the clipboard to `text`.
pub fn osc52_sequence(text: &str) -> Result<String> {
    let encoded = base64::engine::general_purpose::STANDARD.encode(text);
    if encoded.len() > OSC52_LIMIT {
        bail!(
            "the text is too long for OSC 52 ({} bytes encoded; terminals accept about {OSC52_LIMIT})",
            encoded.len()
        );
    }
    Ok(format!("\x1b]52;c;{encoded}\x07"))
}

/// Writes the sequence to the controlling terminal, never into a pipe; with
/// no terminal at all, to stdout, so that scripts and tests can see it.
fn send_osc52(text: &str) -> Result<Copied> {
    let seq = osc52_sequence(text)?;
    if let Ok(mut tty) = std::fs::OpenOptions::new().write(true).open("/dev/tty") {
        tty.write_all(seq.as_bytes())
            .and_then(|()| tty.flush())
            .context("cannot write to the terminal")?;
        return Ok(Copied::Osc52 { to_stdout: false });
    }
    let mut out = io::stdout().lock();
    out.write_all(seq.as_bytes())?;
    out.flush()?;
    Ok(Copied::Osc52 { to_stdout: true })
}

#[cfg(all(unix, not(target_os = "macos")))]
fn system_copy(text: &str) -> Result<()> {
    use std::os::unix::process::CommandExt;
    use std::process::{Command, Stdio};

    if !set("DISPLAY") && !set("WAYLAND_DISPLAY") {
        bail!(
            "no display is reachable (DISPLAY and WAYLAND_DISPLAY are unset); over SSH, try --osc52"
        );
    }
    let exe =
        std::env::current_exe().context("cannot find the bowout program to serve the clipboard")?;
    let mut cmd = Command::new(exe);
    cmd.arg(SERVE_COMMAND)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .current_dir("/");
    // SAFETY: setsid is async-signal-safe; it detaches the child from our
    // terminal so that closing it, or Ctrl-C, does not end the copy.
    unsafe {
        cmd.pre_exec(|| {
            libc::setsid();
            Ok(())
        });
    }
    let mut child = cmd.spawn().context("cannot start the clipboard helper")?;
    let mut stdin = child.stdin.take().expect("stdin is piped");
    stdin.write_all(text.as_bytes())?;
    drop(stdin);
    let mut stdout = child.stdout.take().expect("stdout is piped");
    let (tx, rx) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        let mut status = String::new();
        let _ = stdout.read_to_string(&mut status);
        let _ = tx.send(status);
    });
    let status = rx.recv_timeout(Duration::from_secs(5)).unwrap_or_default();
    match status.trim() {
        "ok" => Ok(()),
        "" => {
            let _ = child.kill();
            let _ = child.wait();
            Err(anyhow!("the clipboard helper did not answer"))
        }
        err => {
            let _ = child.wait();
            Err(anyhow!("{err}"))
        }
    }
}

#[cfg(not(all(unix, not(target_os = "macos"))))]
fn system_copy(text: &str) -> Result<()> {
    // The clipboards of macOS and Windows outlive the program that copied.
    arboard::Clipboard::new()
        .and_then(|mut c| c.set_text(text))
        .map_err(|e| anyhow!("cannot use the clipboard: {e}"))
}

/// The hidden `__serve-clipboard` subcommand: reads the text from stdin,
/// takes the clipboard, reports `ok` (or the error) on stdout, closes stdout
/// so that the parent can exit, and serves the text until another program
/// takes the clipboard.
#[cfg(all(unix, not(target_os = "macos")))]
pub fn serve() -> Result<()> {
    use arboard::SetExtLinux;

    let mut text = String::new();
    io::stdin().read_to_string(&mut text)?;
    let report = |msg: &str| {
        let mut out = io::stdout();
        let _ = writeln!(out, "{msg}");
        let _ = out.flush();
        // SAFETY: replaces fd 1 with /dev/null so the parent's pipe closes.
        unsafe {
            let null = libc::open(c"/dev/null".as_ptr(), libc::O_WRONLY);
            if null >= 0 {
                libc::dup2(null, 1);
                libc::close(null);
            }
        }
    };
    let mut clipboard = match arboard::Clipboard::new() {
        Ok(c) => c,
        Err(e) => {
            report(&format!("cannot open the clipboard: {e}"));
            return Ok(());
        }
    };
    // Take the clipboard first, so that the parent can say it is done; the
    // waiting set below keeps the same owner, so no paste can fall between.
    if let Err(e) = clipboard.set_text(text.as_str()) {
        report(&format!("cannot set the clipboard: {e}"));
        return Ok(());
    }
    report("ok");
    // Serve until another program takes the clipboard. Waking now and then
    // also ends the helper when the display itself has gone away, which
    // would otherwise leave it waiting for ever.
    loop {
        let deadline = std::time::Instant::now() + Duration::from_secs(10);
        if clipboard
            .set()
            .wait_until(deadline)
            .text(text.as_str())
            .is_err()
        {
            return Ok(());
        }
        match clipboard.get_text() {
            Ok(now) if now == text => continue,
            _ => return Ok(()),
        }
    }
}

#[cfg(not(all(unix, not(target_os = "macos"))))]
pub fn serve() -> Result<()> {
    bail!("{SERVE_COMMAND} is only used on Linux and the BSDs")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn osc52_carries_the_text_in_base64() {
        let seq = osc52_sequence("Zoë & 李").unwrap();
        assert_eq!(seq, "\x1b]52;c;Wm/DqyAmIOadjg==\x07");
    }

    #[test]
    fn osc52_refuses_what_terminals_would_drop() {
        let err = osc52_sequence(&"x".repeat(60_000)).unwrap_err();
        assert!(err.to_string().contains("too long for OSC 52"), "{err}");
    }
}
