//! Handing the finished email on: the system clipboard (arboard for X11,
//! wl-clipboard-rs for Wayland) and the OSC 52 terminal escape. The only
//! module that sees either crate.
//!
//! On X11 and Wayland the program that copied owns the clipboard, so a copy
//! would vanish when bowout exits. bowout therefore starts a detached child of
//! its own (`bowout __serve-clipboard wayland|x11`, in a new session, with the
//! text sent over a pipe, never on its command line) that serves the text
//! until another program takes the clipboard, then exits, as xclip and
//! wl-copy do. It never takes the clipboard back, so a second copy simply
//! replaces the first helper, and it sleeps while idle.

use std::io::{self, Read, Write};
use std::time::Duration;

use anyhow::{Context, Result, anyhow, bail};
use base64::Engine as _;

/// The name of the hidden subcommand that serves the clipboard.
pub const SERVE_COMMAND: &str = "__serve-clipboard";

/// Many terminals drop OSC 52 sequences longer than this (xterm's limit).
pub const OSC52_LIMIT: usize = 74_994;

/// A desktop clipboard bowout can serve.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Desktop {
    /// A Wayland compositor with the data-control protocol.
    Wayland,
    /// An X server, XWayland included.
    X11,
    /// The clipboard of macOS or Windows, which outlives the program.
    Native,
}

impl Desktop {
    /// The word the helper's command line uses.
    pub fn id(self) -> &'static str {
        match self {
            Desktop::Wayland => "wayland",
            Desktop::X11 => "x11",
            Desktop::Native => "native",
        }
    }

    /// The desktop named by the helper's command line.
    pub fn from_id(id: &str) -> Option<Desktop> {
        [Desktop::Wayland, Desktop::X11, Desktop::Native]
            .into_iter()
            .find(|d| d.id() == id)
    }
}

/// How a copy reached the clipboard.
#[derive(Debug, PartialEq, Eq)]
pub enum Copied {
    /// A system clipboard holds it. `instead` says why an earlier choice
    /// (Wayland, before XWayland) did not work.
    System {
        desktop: Desktop,
        instead: Option<String>,
    },
    /// An OSC 52 escape went to the terminal, which may or may not honour it.
    /// `instead` says why the system clipboard was not used.
    Osc52 {
        to_stdout: bool,
        instead: Option<String>,
    },
}

impl Copied {
    /// Whether the copy may have gone nowhere: OSC 52 sent to a terminal,
    /// which may ignore it, because nothing else worked (not because the
    /// person asked for it). The email is then shown as well.
    pub fn unsure(&self) -> bool {
        matches!(
            self,
            Copied::Osc52 {
                to_stdout: false,
                instead: Some(_)
            }
        )
    }
}

/// Copies `text`. `osc52` forces the terminal escape.
///
/// The system clipboard comes first: Wayland's when `WAYLAND_DISPLAY` is
/// set (where a Wayland desktop's own programs paste from), then X11's. When
/// neither works, the copy goes through the terminal with OSC 52 over SSH, or
/// when a display was there but refused; otherwise the error says why.
pub fn copy(text: &str, osc52: bool) -> Result<Copied> {
    if osc52 {
        return send_osc52(text, None);
    }
    let over_ssh = set("SSH_TTY") || set("SSH_CONNECTION");
    match system_copy(text) {
        Ok(copied) => Ok(copied),
        Err(e) if over_ssh || (has_display() && has_terminal()) => {
            let why = format!("{e:#}");
            send_osc52(text, Some(why))
                .with_context(|| format!("the system clipboard failed too: {e:#}"))
        }
        Err(e) => Err(e),
    }
}

/// Whether an environment variable is set to something.
fn set(name: &str) -> bool {
    std::env::var_os(name).is_some_and(|v| !v.is_empty())
}

fn has_display() -> bool {
    set("DISPLAY") || set("WAYLAND_DISPLAY")
}

/// Whether bowout has a controlling terminal to send OSC 52 to.
fn has_terminal() -> bool {
    std::fs::OpenOptions::new()
        .write(true)
        .open("/dev/tty")
        .is_ok()
}

/// Hands a `mailto:` link to the desktop's mail client (xdg-open on Linux,
/// open on macOS, the shell on Windows).
pub fn open_mail_client(uri: &str) -> Result<()> {
    #[cfg(all(unix, not(target_os = "macos")))]
    if !has_display() {
        bail!("there is no desktop here (DISPLAY and WAYLAND_DISPLAY are unset)");
    }
    // open's own error repeats the whole link and a raw exit status; say
    // what happened in words instead.
    open::that(uri).map_err(|e| {
        let opener = if cfg!(target_os = "macos") {
            "open"
        } else if cfg!(windows) {
            "the shell"
        } else {
            "xdg-open"
        };
        if e.kind() == io::ErrorKind::NotFound {
            anyhow!("there is no program here to open links ({opener} is not installed)")
        } else {
            anyhow!("the desktop's link opener ({opener}) could not open it")
        }
    })
}

/// What to tell the person after a copy, e.g.
/// `Copied the body (142 words) to the Wayland clipboard.`
pub fn describe(copied: &Copied, what: &str, text: &str) -> String {
    let words = text.split_whitespace().count();
    let (instead, mut line) = match copied {
        Copied::System { desktop, instead } => {
            let which = match desktop {
                Desktop::Wayland => "the Wayland clipboard",
                Desktop::X11 if set("WAYLAND_DISPLAY") => "the X11 clipboard (XWayland)",
                Desktop::X11 => "the X11 clipboard",
                Desktop::Native => "the clipboard",
            };
            (instead, format!("Copied {what} ({words} words) to {which}"))
        }
        Copied::Osc52 { to_stdout, instead } => {
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
            if copied.unsure() {
                line.push_str(&format!(
                    ". In case it does not, {what} is printed below too"
                ));
            }
            (instead, line)
        }
    };
    line.push('.');
    match instead {
        Some(why) => format!("{}. {line}", capitalised(why)),
        None => line,
    }
}

fn capitalised(text: &str) -> String {
    let mut chars = text.chars();
    chars.next().map_or_else(String::new, |c| {
        c.to_uppercase().chain(chars).collect::<String>()
    })
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
fn send_osc52(text: &str, instead: Option<String>) -> Result<Copied> {
    let seq = osc52_sequence(text)?;
    if let Ok(mut tty) = std::fs::OpenOptions::new().write(true).open("/dev/tty") {
        tty.write_all(seq.as_bytes())
            .and_then(|()| tty.flush())
            .context("cannot write to the terminal")?;
        return Ok(Copied::Osc52 {
            to_stdout: false,
            instead,
        });
    }
    let mut out = io::stdout().lock();
    out.write_all(seq.as_bytes())?;
    out.flush()?;
    Ok(Copied::Osc52 {
        to_stdout: true,
        instead,
    })
}

/// Copies through a helper of bowout's own, on Wayland first when both are
/// there: on a Wayland desktop, its own programs paste from Wayland's
/// clipboard, and XWayland's is only a bridge to it.
#[cfg(all(unix, not(target_os = "macos")))]
fn system_copy(text: &str) -> Result<Copied> {
    let desktops: Vec<Desktop> = [
        (set("WAYLAND_DISPLAY"), Desktop::Wayland),
        (set("DISPLAY"), Desktop::X11),
    ]
    .into_iter()
    .filter_map(|(there, d)| there.then_some(d))
    .collect();
    if desktops.is_empty() {
        bail!(
            "no display is reachable (DISPLAY and WAYLAND_DISPLAY are unset); over SSH, try --osc52"
        );
    }
    let mut failed: Vec<String> = Vec::new();
    for desktop in desktops {
        match start_helper(desktop, text) {
            Ok(()) => {
                let instead = (!failed.is_empty()).then(|| failed.join("; "));
                return Ok(Copied::System { desktop, instead });
            }
            Err(e) => failed.push(format!("{e:#}")),
        }
    }
    Err(anyhow!(failed.join("; ")))
}

/// How long bowout waits for its clipboard helper to say how the copy went:
/// longer than the helper waits for its own paste to prove the copy, so
/// that a slow, busy machine hears the helper's own words.
#[cfg(all(unix, not(target_os = "macos")))]
const HELPER_ANSWER: Duration = Duration::from_secs(CONFIRM_SECS + 10);

/// How long the helper waits for a paste of its own to get the text back.
/// It answers as soon as one does, in milliseconds on an idle machine.
#[cfg(all(unix, not(target_os = "macos")))]
const CONFIRM_SECS: u64 = 10;

/// Starts `bowout __serve-clipboard DESKTOP` in a session of its own, hands
/// it the text on a pipe, and waits for it to say the clipboard is taken.
#[cfg(all(unix, not(target_os = "macos")))]
fn start_helper(desktop: Desktop, text: &str) -> Result<()> {
    use std::os::unix::process::CommandExt;
    use std::process::{Command, Stdio};

    let exe =
        std::env::current_exe().context("cannot find the bowout program to serve the clipboard")?;
    let mut cmd = Command::new(exe);
    cmd.args([SERVE_COMMAND, desktop.id()])
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
    let mut stdin = child
        .stdin
        .take()
        .context("the clipboard helper has no input")?;
    stdin.write_all(text.as_bytes())?;
    drop(stdin);
    let mut stdout = child
        .stdout
        .take()
        .context("the clipboard helper has no output")?;
    let (tx, rx) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        let mut status = String::new();
        let _ = stdout.read_to_string(&mut status);
        let _ = tx.send(status);
    });
    let status = rx.recv_timeout(HELPER_ANSWER).unwrap_or_default();
    match status.trim() {
        "ok" => Ok(()),
        "" => {
            let _ = child.kill();
            let _ = child.wait();
            Err(anyhow!(
                "the clipboard helper for {} did not answer",
                desktop_name(desktop)
            ))
        }
        err => {
            let _ = child.wait();
            Err(anyhow!("{err}"))
        }
    }
}

#[cfg(all(unix, not(target_os = "macos")))]
fn desktop_name(desktop: Desktop) -> String {
    let var = |name: &str| std::env::var(name).unwrap_or_default();
    match desktop {
        Desktop::Wayland => format!("the Wayland compositor {}", var("WAYLAND_DISPLAY")),
        Desktop::X11 => format!("the X server {}", var("DISPLAY")),
        Desktop::Native => "the clipboard".into(),
    }
}

#[cfg(not(all(unix, not(target_os = "macos"))))]
fn system_copy(text: &str) -> Result<Copied> {
    // The clipboards of macOS and Windows outlive the program that copied.
    arboard::Clipboard::new()
        .and_then(|mut c| c.set_text(text))
        .map_err(|e| anyhow!("cannot use the clipboard: {e}"))?;
    Ok(Copied::System {
        desktop: Desktop::Native,
        instead: None,
    })
}

/// The hidden `__serve-clipboard DESKTOP` subcommand: reads the text from
/// stdin, takes the clipboard, reports `ok` (or what went wrong) on stdout,
/// closes stdout so that the parent can exit, and serves the text until
/// another program takes the clipboard. It never takes it back.
#[cfg(all(unix, not(target_os = "macos")))]
pub fn serve(desktop: &str) -> Result<()> {
    close_inherited_files();
    let mut text = String::new();
    io::stdin().read_to_string(&mut text)?;
    match Desktop::from_id(desktop) {
        Some(Desktop::Wayland) => serve_wayland(text),
        Some(Desktop::X11) => serve_x11(text),
        _ => report(&format!("cannot serve a clipboard named `{desktop}`")),
    }
    // Whoever owns the clipboard now, it is not bowout: leave at once,
    // without handing anything to a clipboard manager on the way out.
    std::process::exit(0)
}

/// Closes every file descriptor but the three standard ones. A helper that
/// kept, say, the write end of a shell's pipe open (`bowout --copy 3>&1 |
/// cat`) would keep its reader waiting for as long as it serves.
#[cfg(all(unix, not(target_os = "macos")))]
fn close_inherited_files() {
    #[cfg(target_os = "linux")]
    // SAFETY: close_range only closes descriptors; nothing in this process
    // has opened any yet.
    unsafe {
        if libc::syscall(libc::SYS_close_range, 3u32, u32::MAX, 0u32) == 0 {
            return;
        }
    }
    // SAFETY: as above, one descriptor at a time, for kernels without it.
    let max = unsafe { libc::sysconf(libc::_SC_OPEN_MAX) };
    let max = if max <= 0 { 1024 } else { max.min(65_536) };
    for fd in 3..max as libc::c_int {
        unsafe {
            libc::close(fd);
        }
    }
}

/// Tells the parent how the copy went, then points stdout at /dev/null so
/// that the parent's pipe closes and it can exit.
#[cfg(all(unix, not(target_os = "macos")))]
fn report(msg: &str) {
    let mut out = io::stdout();
    let _ = writeln!(out, "{msg}");
    let _ = out.flush();
    // SAFETY: replaces fd 1 with /dev/null; no other thread writes to it.
    unsafe {
        let null = libc::open(c"/dev/null".as_ptr(), libc::O_WRONLY);
        if null >= 0 {
            libc::dup2(null, 1);
            libc::close(null);
        }
    }
}

/// Waits (polling briefly, for at most `CONFIRM_SECS`) until `taken` says a
/// paste now gets the text or `ended` has news from the serving thread.
#[cfg(all(unix, not(target_os = "macos")))]
fn confirm<T>(
    ended: &std::sync::mpsc::Receiver<T>,
    mut taken: impl FnMut() -> bool,
) -> Result<(), Option<T>> {
    let deadline = std::time::Instant::now() + Duration::from_secs(CONFIRM_SECS);
    loop {
        if let Ok(news) = ended.try_recv() {
            return Err(Some(news));
        }
        if taken() {
            return Ok(());
        }
        if std::time::Instant::now() > deadline {
            return Err(None);
        }
        std::thread::sleep(Duration::from_millis(5));
    }
}

/// What the helper tells bowout when its copy was not confirmed: the serving
/// thread's error in words, or that it ended (the only way it ends without
/// an error is that another program took the clipboard), or that no paste
/// got the text back in time. The same words on X11 and Wayland.
#[cfg(all(unix, not(target_os = "macos")))]
fn unconfirmed<E>(
    news: Option<std::result::Result<(), E>>,
    server: &str,
    error: impl FnOnce(E) -> String,
) -> String {
    match news {
        Some(Err(e)) => error(e),
        Some(Ok(())) => "another program took the clipboard at once".to_string(),
        None => {
            format!("{server} did not hand the copy back to a paste within {CONFIRM_SECS} seconds")
        }
    }
}

/// Serves the copy on Wayland through the data-control protocol: one
/// connection, one data source, and a blocking dispatch that returns when
/// the compositor cancels the source (another program copied) or goes away.
#[cfg(all(unix, not(target_os = "macos")))]
fn serve_wayland(text: String) {
    use wl_clipboard_rs::copy::{ClipboardType, MimeType, Options, Seat, Source};
    use wl_clipboard_rs::paste;

    let mut options = Options::new();
    options
        .foreground(true)
        .clipboard(ClipboardType::Regular)
        .seat(Seat::All);
    let prepared = match options.prepare_copy(Source::Bytes(text.as_bytes().into()), MimeType::Text)
    {
        Ok(p) => p,
        Err(e) => return report(&wayland_error(&e)),
    };
    let (tx, rx) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        let _ = tx.send(prepared.serve());
    });
    // The source reaches the compositor with the first dispatch; a paste of
    // our own, on another connection, proves it is there before "ok".
    let pasted = || {
        paste::get_contents(
            paste::ClipboardType::Regular,
            paste::Seat::Unspecified,
            paste::MimeType::Text,
        )
        .ok()
        .and_then(|(mut pipe, _)| {
            let mut got = String::new();
            pipe.read_to_string(&mut got).ok().map(|_| got)
        })
        .is_some_and(|got| got == text)
    };
    match confirm(&rx, pasted) {
        Ok(()) => report("ok"),
        Err(news) => {
            return report(&unconfirmed(news, "the Wayland compositor", |e| {
                wayland_error(&e)
            }));
        }
    }
    let _ = rx.recv();
}

#[cfg(all(unix, not(target_os = "macos")))]
fn wayland_error(e: &wl_clipboard_rs::copy::Error) -> String {
    use wl_clipboard_rs::copy::Error;
    match e {
        Error::MissingProtocol { .. } => {
            "the Wayland compositor does not let programs without a window use the clipboard \
             (it lacks the data-control protocol that clipboard tools such as wl-copy need)"
                .to_string()
        }
        Error::WaylandConnection(err) => format!(
            "cannot reach the Wayland compositor {}: {err}",
            std::env::var("WAYLAND_DISPLAY").unwrap_or_default()
        ),
        Error::NoSeats | Error::SeatNotFound => {
            "the Wayland compositor has no seat to copy to".to_string()
        }
        other => format!("the Wayland clipboard failed: {other}"),
    }
}

/// Serves the copy on X11 through arboard: a thread sets the text and waits
/// until the X server says another program owns the clipboard.
#[cfg(all(unix, not(target_os = "macos")))]
fn serve_x11(text: String) {
    use arboard::SetExtLinux;
    use std::sync::mpsc::RecvTimeoutError;

    let (mut serving, mut probe) =
        match arboard::Clipboard::new().and_then(|a| arboard::Clipboard::new().map(|b| (a, b))) {
            Ok(pair) => pair,
            Err(_) => {
                return report(&format!(
                    "cannot reach {} (is DISPLAY right, and is the X server running?)",
                    desktop_name(Desktop::X11)
                ));
            }
        };
    let (tx, rx) = std::sync::mpsc::channel();
    let owned = text.clone();
    std::thread::spawn(move || {
        let _ = tx.send(serving.set().wait().text(owned));
    });
    match confirm(&rx, || probe.get_text().is_ok_and(|got| got == text)) {
        Ok(()) => report("ok"),
        Err(news) => return report(&unconfirmed(news, "the X server", |e| x11_error(&e))),
    }
    // Sleep until the X server says another program owns the clipboard.
    // Every ten seconds one round trip checks that the X server is still
    // there, since a helper whose display has gone would wait for ever.
    loop {
        match rx.recv_timeout(Duration::from_secs(10)) {
            Err(RecvTimeoutError::Timeout) if probe.get_text().is_ok() => continue,
            _ => return,
        }
    }
}

/// An X11 clipboard error in bowout's words: arboard's own say "Unknown
/// error while interacting with the clipboard" for most of them.
#[cfg(all(unix, not(target_os = "macos")))]
fn x11_error(e: &arboard::Error) -> String {
    let server = desktop_name(Desktop::X11);
    match e {
        arboard::Error::ClipboardOccupied => {
            format!("another program is holding the clipboard of {server}; try again")
        }
        arboard::Error::Unknown { .. } => format!("{server} stopped answering during the copy"),
        _ => format!("{server} would not take the text for its clipboard"),
    }
}

#[cfg(not(all(unix, not(target_os = "macos"))))]
pub fn serve(_desktop: &str) -> Result<()> {
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

    #[cfg(all(unix, not(target_os = "macos")))]
    #[test]
    fn a_copy_not_confirmed_is_told_the_same_on_x11_and_wayland() {
        let taken: Option<std::result::Result<(), String>> = Some(Ok(()));
        assert_eq!(
            unconfirmed(taken, "the X server", |e| e),
            "another program took the clipboard at once"
        );
        assert_eq!(
            unconfirmed(Some(Err("it broke".to_string())), "the X server", |e| e),
            "it broke"
        );
        assert_eq!(
            unconfirmed::<String>(None, "the Wayland compositor", |e| e),
            format!(
                "the Wayland compositor did not hand the copy back to a paste within \
                 {CONFIRM_SECS} seconds"
            )
        );
    }

    #[cfg(all(unix, not(target_os = "macos")))]
    #[test]
    fn x11_errors_are_said_in_bowouts_words() {
        let said = |e: arboard::Error| x11_error(&e);
        assert!(said(arboard::Error::ClipboardOccupied).contains("another program is holding"));
        let unknown = said(arboard::Error::Unknown {
            description: "X11 server connection timed out".into(),
        });
        assert!(
            unknown.contains("stopped answering during the copy"),
            "{unknown}"
        );
        assert!(!unknown.contains("Unknown error"), "{unknown}");
        assert!(said(arboard::Error::ConversionFailure).contains("would not take the text"));
    }

    #[test]
    fn osc52_refuses_what_terminals_would_drop() {
        let err = osc52_sequence(&"x".repeat(60_000)).unwrap_err();
        assert!(err.to_string().contains("too long for OSC 52"), "{err}");
    }
}
