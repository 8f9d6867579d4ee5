//! Hand-offs to mail tools: the .eml parsed back with a real mail parser, the
//! mailto: link decoded by Python's URL parser, files that are never
//! clobbered, and the desktop mail client.

mod common;

use std::os::unix::fs::PermissionsExt;
use std::path::Path;

use common::{NOW, bowout, run, said, stderr, stdout};

const BASE: &[&str] = &[
    "--no-input",
    "--now",
    NOW,
    "--set",
    "situation=reschedule",
    "--set",
    "reason=travel",
    "--set",
    "company=Rivera & Søn",
    "--set",
    "position=Backend Engineer",
    "--set",
    "sender=Zoë O'Brien",
    "--set",
    "sender_email=zoe@example.com",
    "--set",
    "recipient=Ms Nakamura",
    "--set",
    "recipient_email=hiring@rivera.example",
    "--set",
    "interview_at=2026-12-03 10:00",
    "--set",
    "alternatives=2026-12-07 10:00; Tuesday afternoon",
];

fn with(extra: &[&'static str]) -> Vec<&'static str> {
    BASE.iter().chain(extra).copied().collect()
}

fn part(home: &Path, format: &str) -> String {
    let mut args = with(&[]);
    args.extend(["--format", format]);
    stdout(&run(home, &args))
}

#[test]
fn the_eml_parses_back_to_the_same_subject_addresses_and_body() {
    let h = tempfile::tempdir().unwrap();
    let out = run(h.path(), &with(&["--format", "eml"]));
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let raw = out.stdout;
    assert!(
        raw.windows(2).filter(|w| w == b"\r\n").count() > 10
            && !raw.windows(2).any(|w| w[1] == b'\n' && w[0] != b'\r'),
        "every line ends in CRLF"
    );
    let msg = mail_parser::MessageParser::default()
        .parse(&raw)
        .expect("a valid message");
    assert_eq!(msg.subject().unwrap(), part(h.path(), "subject").trim_end());
    let from = msg.from().unwrap().first().unwrap();
    assert_eq!(from.name().unwrap(), "Zoë O'Brien");
    assert_eq!(from.address().unwrap(), "zoe@example.com");
    let to = msg.to().unwrap().first().unwrap();
    assert_eq!(
        (to.name().unwrap(), to.address().unwrap()),
        ("Ms Nakamura", "hiring@rivera.example")
    );
    assert!(msg.date().is_some() && msg.message_id().is_some());
    let body = msg.body_text(0).unwrap().replace("\r\n", "\n");
    assert_eq!(body, part(h.path(), "body"));
}

#[test]
fn no_line_break_in_an_answer_can_forge_a_header() {
    let h = tempfile::tempdir().unwrap();
    let file = h.path().join("evil.toml");
    std::fs::write(
        &file,
        "situation = \"cancel\"\nreason = \"illness\"\ninterview_at = \"2026-12-03 10:00\"\n\
         sender = \"Zoë\\r\\nReply-To: thief@example.net\"\nsender_email = \"zoe@example.com\"\n\
         recipient_email = \"hiring@example.com\"\n\
         position = \"Dev\\r\\nBcc: victim@example.net\"\n\
         recipient = \"Sam\\nX-Injected: yes\"\n\
         company = \"Acme\\rCc: other@example.net\"\n",
    )
    .unwrap();
    let args = [
        "--no-input",
        "--now",
        NOW,
        "--format",
        "eml",
        "--answers",
        file.to_str().unwrap(),
    ];
    let out = run(h.path(), &args);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let msg = mail_parser::MessageParser::default()
        .parse(&out.stdout)
        .unwrap();
    let names: Vec<String> = msg
        .headers()
        .iter()
        .map(|h| h.name().to_lowercase())
        .collect();
    for forged in ["bcc", "cc", "x-injected", "reply-to"] {
        assert!(
            !names.iter().any(|n| n == forged),
            "{forged} header forged: {names:?}"
        );
    }
    // The text stays, on one line: only the line break went.
    assert!(
        msg.subject()
            .unwrap()
            .contains("Dev Bcc: victim@example.net"),
        "{:?}",
        msg.subject()
    );
}

#[test]
fn an_implausible_address_is_refused_naming_the_key() {
    let h = tempfile::tempdir().unwrap();
    let out = run(
        h.path(),
        &with(&["--format", "eml", "--set", "sender_email=zoe at example"]),
    );
    said(&out, 2, "`sender_email` is not an email address");
    let out = run(
        h.path(),
        &with(&["--format", "eml", "--set", "recipient_email="]),
    );
    said(&out, 2, "--format eml needs `recipient_email`");
}

/// Decodes a mailto: URI with Python's standard URL parser.
fn python_decode(uri: &str) -> (String, String, String) {
    let script = "import sys, urllib.parse as u\n\
                  p = u.urlsplit(sys.argv[1])\n\
                  assert p.scheme == 'mailto'\n\
                  q = u.parse_qs(p.query, keep_blank_values=True, strict_parsing=True)\n\
                  sys.stdout.write(u.unquote(p.path) + '\\0' + q['subject'][0] + '\\0' + q['body'][0])";
    let out = std::process::Command::new("python3")
        .args(["-c", script, uri])
        .output()
        .expect("python3 runs");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let text = String::from_utf8(out.stdout).unwrap();
    let mut parts = text.split('\0').map(String::from);
    (
        parts.next().unwrap(),
        parts.next().unwrap(),
        parts.next().unwrap(),
    )
}

#[test]
fn the_mailto_link_decodes_to_the_same_subject_and_body() {
    let h = tempfile::tempdir().unwrap();
    let uri = part(h.path(), "mailto");
    let uri = uri.trim_end();
    assert!(
        !uri.contains('+') && !uri.contains(' ') && uri.contains("%0D%0A"),
        "{uri}"
    );
    let (to, subject, body) = python_decode(uri);
    assert_eq!(to, "hiring@rivera.example");
    assert_eq!(subject, part(h.path(), "subject").trim_end());
    assert_eq!(body.replace("\r\n", "\n"), part(h.path(), "body"));
}

#[test]
fn a_long_mailto_link_warns_that_clients_may_cut_it() {
    let h = tempfile::tempdir().unwrap();
    let detail = format!("detail={}", "Ünïcödé words take room. ".repeat(30));
    let mut args = with(&["--format", "mailto", "--set"]);
    args.push(&detail);
    let out = run(h.path(), &args);
    said(&out, 0, "many mail clients cut links after about 2000");
}

#[test]
fn osc52_alone_copies_through_the_terminal_instead_of_printing() {
    // The full check, the sequence decoded, is in tests/clipboard.rs.
    let h = tempfile::tempdir().unwrap();
    let out = run(h.path(), &with(&["--format", "subject", "--osc52"]));
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    // No controlling terminal here, so the sequence comes out on stdout,
    // and it is all that does.
    let sent = stdout(&out);
    assert!(
        sent.starts_with("\x1b]52;c;") && sent.ends_with('\x07'),
        "{sent:?}"
    );
    assert!(!sent.contains("Request to reschedule"), "{sent:?}");
}

#[test]
fn output_never_replaces_a_file_without_force() {
    let h = tempfile::tempdir().unwrap();
    let path = h.path().join("email.txt");
    let p = path.to_str().unwrap();
    let mut args = with(&["--output"]);
    args.push(p);
    let out = run(h.path(), &args);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert_eq!(stdout(&out), "", "--output alone prints nothing");
    assert_eq!(
        std::fs::read_to_string(&path).unwrap(),
        part(h.path(), "text")
    );

    std::fs::write(&path, "my own notes").unwrap();
    let out = run(h.path(), &args);
    said(&out, 2, "already exists; it was left as it is (use --force");
    assert_eq!(std::fs::read_to_string(&path).unwrap(), "my own notes");

    args.push("--force");
    let out = run(h.path(), &args);
    assert_eq!(out.status.code(), Some(0));
    assert_eq!(
        std::fs::read_to_string(&path).unwrap(),
        part(h.path(), "text")
    );
    assert_eq!(
        std::fs::read_dir(h.path())
            .unwrap()
            .filter(|e| e
                .as_ref()
                .unwrap()
                .file_name()
                .to_string_lossy()
                .starts_with(".bowout"))
            .count(),
        0
    );
}

#[test]
fn open_hands_the_mailto_link_to_the_desktop() {
    let h = tempfile::tempdir().unwrap();
    let bin = h.path().join("bin");
    std::fs::create_dir(&bin).unwrap();
    let log = h.path().join("opened.txt");
    let fake = bin.join("xdg-open");
    std::fs::write(
        &fake,
        format!("#!/bin/sh\nprintf '%s' \"$1\" > '{}'\n", log.display()),
    )
    .unwrap();
    std::fs::set_permissions(&fake, std::fs::Permissions::from_mode(0o755)).unwrap();
    let out = bowout(h.path())
        .env("PATH", format!("{}:/usr/bin:/bin", bin.display()))
        .env("DISPLAY", ":0")
        .args(with(&["--open"]))
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert_eq!(
        std::fs::read_to_string(&log).unwrap(),
        part(h.path(), "mailto").trim_end()
    );
}

#[test]
fn open_with_no_desktop_says_so_and_prints_the_link() {
    let h = tempfile::tempdir().unwrap();
    let out = run(h.path(), &with(&["--open"]));
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(
        stderr(&out),
        "bowout: could not open a mail client: there is no desktop here (DISPLAY and \
         WAYLAND_DISPLAY are unset); here is the mailto: link instead\n"
    );
    assert_eq!(stdout(&out), part(h.path(), "mailto"));
}

#[test]
fn completions_and_the_manual_page_come_from_the_same_definitions() {
    let h = tempfile::tempdir().unwrap();
    let bash = stdout(&run(h.path(), &["completions", "bash"]));
    assert!(
        bash.contains("--no-input") && bash.contains("complete -F"),
        "{bash}"
    );
    let man = stdout(&run(h.path(), &["manpage"]));
    assert!(
        man.contains(".TH bowout") && man.contains("no\\-input"),
        "{man}"
    );
}
