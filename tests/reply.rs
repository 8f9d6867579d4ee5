//! Replying to an invitation: the message and its calendar event read with
//! `--reply-to` and `--invite`, the reply threaded under it, and the
//! calendar answered. What bowout writes is read back by other parsers
//! (Python's email and icalendar packages) and checked field by field.

mod common;

use std::path::{Path, PathBuf};
use std::process::Output;

use common::{NOW, bowout, fed, golden, home, run, said, stderr, stdout};
use serde_json::Value;

fn invitation(name: &str) -> PathBuf {
    common::fixtures().join("invitations").join(name)
}

/// `--set` for each `KEY=VALUE`.
fn sets(pairs: &[&str]) -> Vec<String> {
    pairs
        .iter()
        .flat_map(|p| ["--set".to_string(), p.to_string()])
        .collect()
}

/// The answers bowout cannot read from an invitation: who is writing, what
/// about and why, and the company and role (only ever suggested).
fn answers(situation: &str, reason: &str) -> Vec<String> {
    let mut args: Vec<String> = vec!["--no-input".into(), "--now".into(), NOW.into()];
    for pair in [
        format!("situation={situation}"),
        format!("reason={reason}"),
        "sender=Sam Lee".into(),
        "sender_email=sam.lee@example.com".into(),
        "company=Acme".into(),
        "position=Senior Data Analyst".into(),
    ] {
        args.push("--set".into());
        args.push(pair);
    }
    args
}

fn reply(home: &Path, fixture: &str, situation: &str, extra: &[&str]) -> Output {
    let mut args = answers(
        situation,
        if situation == "reschedule" {
            "illness"
        } else {
            "another-offer"
        },
    );
    let flag = if fixture.ends_with(".ics") {
        "--invite"
    } else {
        "--reply-to"
    };
    args.extend([flag.to_string(), invitation(fixture).display().to_string()]);
    args.extend(extra.iter().map(|s| s.to_string()));
    run(home, &args)
}

/// Reads a message or calendar with Python's own parsers.
fn read_back(dir: &Path, text: &str) -> Value {
    let path = dir.join("written");
    std::fs::write(&path, text).unwrap();
    let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/support/read_reply.py");
    let out = std::process::Command::new("python3")
        .arg(script)
        .arg(&path)
        .output()
        .expect("python3 runs");
    assert!(
        out.status.success(),
        "Python could not read it: {}\n{text}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).unwrap()
}

/// The Message-ID and References of a fixture, as mail-parser reads them.
fn original_ids(fixture: &str) -> (String, Vec<String>) {
    let bytes = std::fs::read(invitation(fixture)).unwrap();
    let m = mail_parser::MessageParser::default()
        .parse(&bytes[..])
        .unwrap();
    let refs = m
        .references()
        .as_text_list()
        .unwrap_or_default()
        .iter()
        .map(|s| s.to_string())
        .collect();
    (m.message_id().unwrap().to_string(), refs)
}

#[test]
fn each_reply_threads_under_its_invitation_and_declines_its_event() {
    let home = home();
    // (fixture, Reply-To or From, subject, UID, start in UTC, sequence)
    let cases = [
        (
            "google.eml",
            "Jordan Smith <jordan.smith@acme.com>",
            "Re: Invitation: Interview: Senior Data Analyst at Acme @ Fri 4 Dec 2026 10am - 11am (GMT) (sam.lee@example.com)",
            Some((
                "5q7h2k9c1m3v8n0b4x6z2l8p0r@google.com",
                "20261204T100000Z",
                0,
            )),
        ),
        (
            "outlook.eml",
            "Zoë Martín <zoe.martin@globex.com>",
            "Re: Product Designer interview – Globex",
            // 14:00 Pacific Standard Time is 22:00 UTC.
            Some((
                "040000008200E00074C5B7101A82E00800000000D0B6B5C2F0C5DC01000000000000000010000000A1B2C3D4E5F60718293A4B5C6D7E8F90",
                "20261208T220000Z",
                2,
            )),
        ),
        (
            // Reply-To wins over From, and "RE:" is not doubled.
            "plain.eml",
            "Priya Patel <priya.patel@initech.co.uk>",
            "RE: Your application: Backend Engineer at Initech",
            None,
        ),
    ];
    for (fixture, to, subject, event) in cases {
        let out = reply(home.path(), fixture, "decline", &["--format", "eml"]);
        assert_eq!(out.status.code(), Some(0), "{fixture}: {}", stderr(&out));
        let got = read_back(home.path(), &stdout(&out));
        assert_eq!(got["to"], to, "{fixture}");
        assert_eq!(got["subject"], subject, "{fixture}");
        let (id, refs) = original_ids(fixture);
        assert_eq!(got["in_reply_to"], format!("<{id}>"), "{fixture}");
        let mut want: Vec<String> = refs.iter().map(|r| format!("<{r}>")).collect();
        want.push(format!("<{id}>"));
        assert_eq!(got["references"], serde_json::json!(want), "{fixture}");
        match event {
            Some((uid, start, sequence)) => {
                assert_eq!(got["content_type"], "multipart/alternative", "{fixture}");
                assert_eq!(got["calendar_method_param"], "REPLY", "{fixture}");
                assert_eq!(got["method"], "REPLY", "{fixture}");
                assert_eq!(got["events"], 1, "{fixture}");
                assert_eq!(got["uid"], uid, "{fixture}");
                assert_eq!(got["dtstart"], start, "{fixture}");
                assert_eq!(got["sequence"], sequence, "{fixture}");
                assert_eq!(got["attendees"][0]["address"], "sam.lee@example.com");
                assert_eq!(got["attendees"][0]["partstat"], "DECLINED");
                assert_eq!(got["attendees"].as_array().unwrap().len(), 1);
                assert!(got["crlf"].as_bool().unwrap(), "{fixture}");
                assert!(got["longest_line"].as_u64().unwrap() <= 75, "{fixture}");
            }
            None => {
                assert_eq!(got["content_type"], "text/plain", "{fixture}");
                assert!(got.get("method").is_none(), "{fixture}");
            }
        }
    }
}

#[test]
fn each_calendar_invitation_can_be_countered_with_a_new_time() {
    let home = home();
    for (fixture, uid, sequence) in [
        ("google.eml", "5q7h2k9c1m3v8n0b4x6z2l8p0r@google.com", 0),
        (
            "outlook.eml",
            "040000008200E00074C5B7101A82E00800000000D0B6B5C2F0C5DC01000000000000000010000000A1B2C3D4E5F60718293A4B5C6D7E8F90",
            2,
        ),
        ("hooli.ics", "interview-8841@hooli.example", 1),
    ] {
        let out = reply(
            home.path(),
            fixture,
            "reschedule",
            &["--set", "alternatives=2026-12-09 15:30", "--format", "eml"],
        );
        assert_eq!(out.status.code(), Some(0), "{fixture}: {}", stderr(&out));
        let got = read_back(home.path(), &stdout(&out));
        assert_eq!(got["method"], "COUNTER", "{fixture}");
        assert_eq!(got["calendar_method_param"], "COUNTER", "{fixture}");
        assert_eq!(got["uid"], uid, "{fixture}");
        assert_eq!(got["sequence"], sequence, "{fixture}");
        assert_eq!(got["dtstart"], "20261209T153000Z", "{fixture}");
        assert_eq!(
            got["attendees"][0]["address"], "sam.lee@example.com",
            "{fixture}"
        );
    }
}

#[test]
fn the_particulars_come_from_the_invitation_and_the_email_is_whole() {
    let home = home();
    // Each with the company and role its invitation suggests.
    for (fixture, name, company, position) in [
        ("google.eml", "google", "Acme", "Senior Data Analyst"),
        ("outlook.eml", "outlook", "Globex", "Product Designer"),
        ("plain.eml", "plain", "Initech", "Backend Engineer"),
        ("hooli.ics", "hooli", "Hooli", "Site Reliability Engineer"),
    ] {
        let company = format!("company={company}");
        let position = format!("position={position}");
        let out = reply(
            home.path(),
            fixture,
            "decline",
            &["--set", &company, "--set", &position],
        );
        assert_eq!(out.status.code(), Some(0), "{fixture}: {}", stderr(&out));
        golden(
            &common::fixtures().join(format!("invitations/{name}.reply.txt")),
            &stdout(&out),
        );
    }
}

#[test]
fn the_email_says_the_time_in_the_readers_zone_when_it_differs() {
    let home = home();
    // bowout's tests run in UTC; the Outlook invitation is in Pacific time.
    let out = reply(home.path(), "outlook.eml", "decline", &["--format", "body"]);
    assert!(
        stdout(&out).contains("Tuesday 8 December 2026 at 14:00 (Los Angeles time)"),
        "{}",
        stdout(&out)
    );
    // The same invitation read by someone in Los Angeles: no zone to name.
    let mut cmd = bowout(home.path());
    let mut args = answers("decline", "another-offer");
    args.extend([
        "--reply-to".into(),
        invitation("outlook.eml").display().to_string(),
    ]);
    args.extend(["--format".into(), "body".into()]);
    cmd.args(&args).env("TZ", "America/Los_Angeles");
    let out = cmd.output().unwrap();
    let body = stdout(&out);
    assert!(
        body.contains("Tuesday 8 December 2026 at 14:00 for"),
        "{body}"
    );
    assert!(!body.contains("time)"), "{body}");
}

#[test]
fn the_calendar_answer_fits_each_situation() {
    let home = home();
    // (situation, reason, method, sequence, partstat, start)
    let cases = [
        (
            "cancel",
            "illness",
            "REPLY",
            1,
            Some("DECLINED"),
            "20261203T160000Z",
        ),
        // The first alternative, for the event's 45 minutes.
        (
            "reschedule",
            "illness",
            "COUNTER",
            1,
            None,
            "20261209T140000Z",
        ),
        (
            "withdraw-invitation",
            "position-filled",
            "CANCEL",
            2,
            Some("NEEDS-ACTION"),
            "20261203T160000Z",
        ),
        (
            "employer-reschedule",
            "interviewer-unavailable",
            "REQUEST",
            2,
            Some("NEEDS-ACTION"),
            "20261209T140000Z",
        ),
    ];
    for (situation, reason, method, sequence, partstat, start) in cases {
        let mut args = answers(situation, reason);
        args.extend(
            [
                "--set",
                "alternatives=2026-12-09 14:00; 2026-12-10 afternoon",
                "--invite",
                &invitation("hooli.ics").display().to_string(),
                "--format",
                "ics",
            ]
            .map(String::from),
        );
        let out = run(home.path(), &args);
        assert_eq!(out.status.code(), Some(0), "{situation}: {}", stderr(&out));
        let got = read_back(home.path(), &stdout(&out));
        assert_eq!(got["method"], method, "{situation}");
        assert_eq!(got["uid"], "interview-8841@hooli.example", "{situation}");
        assert_eq!(got["sequence"], sequence, "{situation}");
        assert_eq!(got["dtstart"], start, "{situation}");
        assert_eq!(got["dtstamp"], "20261126T090000Z", "{situation}");
        assert_eq!(
            got["organizer"]["address"], "alex.reyes@hooli.com",
            "{situation}"
        );
        assert_eq!(
            got["attendees"][0]["address"], "sam.lee@example.com",
            "{situation}"
        );
        assert_eq!(
            got["attendees"][0]["partstat"],
            partstat.map_or(Value::Null, Value::from),
            "{situation}"
        );
        let status = match method {
            "CANCEL" => Value::from("CANCELLED"),
            // The update keeps the event's own status: it had none.
            _ => Value::Null,
        };
        assert_eq!(got["status"], status, "{situation}");
        if method == "COUNTER" || method == "REQUEST" {
            assert_eq!(got["end_utc"], "20261209T144500Z", "{situation}");
        }
        golden(
            &common::fixtures().join(format!("invitations/hooli.{situation}.ics")),
            &stdout(&out),
        );
    }
}

#[test]
fn long_lines_of_the_calendar_answer_are_folded_at_75_octets() {
    let home = home();
    let out = reply(home.path(), "outlook.eml", "decline", &["--format", "ics"]);
    let text = stdout(&out);
    // The UID alone is 112 characters, and the organizer's name is not ASCII.
    assert!(text.contains("\r\n "), "{text}");
    for line in text.split("\r\n") {
        assert!(line.len() <= 75, "a line of {} octets: {line}", line.len());
    }
    let got = read_back(home.path(), &text);
    assert_eq!(got["organizer"]["cn"], "Zoë Martín");
    assert_eq!(got["summary"], "Product Designer interview – Globex");
}

#[test]
fn what_cannot_be_read_is_named_and_company_and_role_only_suggested() {
    let home = home();
    let out = run(
        home.path(),
        &[
            "--no-input",
            "--now",
            NOW,
            "--set",
            "situation=decline",
            "--set",
            "reason=another-offer",
            "--set",
            "sender=Sam Lee",
            "--reply-to",
            &invitation("google.eml").display().to_string(),
        ],
    );
    said(&out, 2, "the invitation does not give these answers:");
    let err = stderr(&out);
    assert!(
        err.contains("company: the company; the event's title suggests `Acme`: --set company=Acme"),
        "{err}"
    );
    assert!(
        err.contains("--set position='Senior Data Analyst'"),
        "{err}"
    );
    // From the address's domain when the title says nothing of it.
    let out = run(
        home.path(),
        &[
            "--no-input",
            "--now",
            NOW,
            "--set",
            "situation=decline",
            "--set",
            "reason=another-offer",
            "--set",
            "sender=Sam Lee",
            "--set",
            "position=Designer",
            "--reply-to",
            &invitation("outlook.eml").display().to_string(),
        ],
    );
    said(
        &out,
        2,
        "company: the company; the event's title suggests `Globex`",
    );
}

#[test]
fn bad_invitations_are_refused_with_what_is_wrong() {
    let home = home();
    let cases = [
        ("bad-not-mail.txt", "--reply-to", "is not an email message"),
        (
            "bad-control.eml",
            "--reply-to",
            "From name holds a control character",
        ),
        ("bad-no-event.ics", "--invite", "holds no event"),
        ("bad-no-start.ics", "--invite", "has no start (DTSTART)"),
        ("bad-two-events.ics", "--invite", "holds 2 events"),
        (
            "bad-recurring.ics",
            "--invite",
            "is a recurring event (RRULE)",
        ),
        (
            "bad-unknown-zone.ics",
            "--invite",
            "the time zone `Atlantis Standard Time` is not one",
        ),
        ("bad-not-mail.txt", "--invite", "is not a calendar file"),
        ("google.eml", "--invite", "is not a calendar file"),
    ];
    for (fixture, flag, message) in cases {
        let mut args = answers("decline", "another-offer");
        args.extend([flag.to_string(), invitation(fixture).display().to_string()]);
        let out = run(home.path(), &args);
        said(&out, 2, message);
        assert!(stdout(&out).is_empty(), "{fixture}");
        assert!(
            !stderr(&out).contains('\x1b'),
            "{fixture}: {}",
            stderr(&out)
        );
    }
    // An empty file, and one of random bytes.
    let empty = home.path().join("empty.eml");
    std::fs::write(&empty, "\r\n \n").unwrap();
    let noise = home.path().join("noise.eml");
    std::fs::write(
        &noise,
        (0..4096u32)
            .map(|i| (i * 7919 % 251) as u8)
            .collect::<Vec<u8>>(),
    )
    .unwrap();
    for (path, message) in [(&empty, "is empty"), (&noise, "holds binary data")] {
        let mut args = answers("decline", "another-offer");
        args.extend(["--reply-to".into(), path.display().to_string()]);
        said(&run(home.path(), &args), 2, message);
    }
    // A recurring event inside a message is named too.
    let message = std::fs::read_to_string(invitation("google.eml")).unwrap();
    let recurring = message.replacen("SEQUENCE:0", "RRULE:FREQ=DAILY;COUNT=2\r\nSEQUENCE:0", 1);
    let path = home.path().join("recurring.eml");
    std::fs::write(&path, recurring).unwrap();
    let mut args = answers("decline", "another-offer");
    args.extend(["--reply-to".into(), path.display().to_string()]);
    said(&run(home.path(), &args), 2, "is a recurring event");
}

#[test]
fn a_20_mb_attachment_is_refused_not_read() {
    let home = home();
    let message = std::fs::read_to_string(invitation("plain.eml")).unwrap();
    let big = message.replace(
        "Content-Type: text/plain; charset=utf-8",
        "Content-Type: multipart/mixed; boundary=b",
    );
    let (head, _) = big.split_once("\r\n\r\n").unwrap();
    let mut text = format!(
        "{head}\r\n\r\n--b\r\nContent-Type: text/plain\r\n\r\nHello\r\n--b\r\nContent-Type: \
         application/pdf\r\nContent-Transfer-Encoding: base64\r\n\r\n"
    );
    let line = "QUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFB\r\n";
    while text.len() < 20 * 1024 * 1024 {
        text.push_str(line);
    }
    text.push_str("--b--\r\n");
    let path = home.path().join("big.eml");
    std::fs::write(&path, text).unwrap();
    let mut args = answers("decline", "another-offer");
    args.extend(["--reply-to".into(), path.display().to_string()]);
    said(&run(home.path(), &args), 2, "is larger than 10 MiB");
}

#[test]
fn a_mail_reader_can_pipe_the_message_in_and_an_mbox_gives_its_first() {
    let home = home();
    let message = std::fs::read(invitation("plain.eml")).unwrap();
    let mut cmd = bowout(home.path());
    let mut args = answers("decline", "another-offer");
    args.extend(["--reply-to", "-", "--format", "eml"].map(String::from));
    cmd.args(&args);
    let out = fed(cmd, &message);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let got = read_back(home.path(), &stdout(&out));
    assert_eq!(
        got["in_reply_to"],
        "<CAF3x9Yd+2b7kPq0Lw@mail.greenhouse.io>"
    );

    let mut mbox = b"From priya.patel@initech.co.uk Fri Nov 27 11:02:13 2026\n".to_vec();
    mbox.extend(
        String::from_utf8(message)
            .unwrap()
            .replace("\r\n", "\n")
            .as_bytes(),
    );
    mbox.extend(b"\nFrom other@example.com Fri Nov 27 12:00:00 2026\nFrom: Other <other@example.com>\nSubject: Lunch\nMessage-ID: <lunch@example.com>\n\nHi\n");
    let path = home.path().join("inbox.mbox");
    std::fs::write(&path, mbox).unwrap();
    let mut args = answers("decline", "another-offer");
    args.extend([
        "--reply-to".into(),
        path.display().to_string(),
        "--format".into(),
        "eml".into(),
    ]);
    let out = run(home.path(), &args);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let got = read_back(home.path(), &stdout(&out));
    assert_eq!(
        got["in_reply_to"],
        "<CAF3x9Yd+2b7kPq0Lw@mail.greenhouse.io>"
    );
    assert_eq!(got["to"], "Priya Patel <priya.patel@initech.co.uk>");

    // Standard input is read once.
    let mut args = answers("decline", "another-offer");
    args.extend(["--reply-to", "-", "--answers", "-"].map(String::from));
    said(
        &run(home.path(), &args),
        2,
        "standard input can be read once",
    );
}

#[test]
fn a_date_in_the_text_is_taken_only_when_it_is_the_only_one() {
    let home = home();
    let out = reply(home.path(), "plain.eml", "cancel", &["--format", "body"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(
        stdout(&out).contains("Thursday 10 December 2026 at 15:00"),
        "{}",
        stdout(&out)
    );
    // Two dates: which is the interview is a guess, so it is asked for.
    let message = std::fs::read_to_string(invitation("plain.eml")).unwrap();
    let two = message.replace(
        "Let me know if that works.",
        "Or Friday 11 December 2026 at 11:00.",
    );
    let path = home.path().join("two.eml");
    std::fs::write(&path, two).unwrap();
    let mut args = answers("cancel", "illness");
    args.extend(["--reply-to".into(), path.display().to_string()]);
    said(
        &run(home.path(), &args),
        2,
        "(the message names 2 dates (2026-12-10 15:00, 2026-12-11 11:00), so which is the \
         interview is yours to say)",
    );
    // With another answer missing too, what the message says of its dates
    // is said on the interview's line only.
    for a in args.iter_mut().filter(|a| *a == "sender=Sam Lee") {
        *a = "sender=".into();
    }
    let out = run(home.path(), &args);
    said(&out, 2, "the invitation does not give these answers");
    let err = stderr(&out);
    let line = |key: &str| {
        err.lines()
            .find(|l| l.trim_start().starts_with(&format!("{key}:")))
            .unwrap_or_else(|| panic!("no line for {key}: {err}"))
    };
    assert!(line("interview_at").contains("names 2 dates"), "{err}");
    assert!(!line("sender").contains("names 2 dates"), "{err}");
    assert_eq!(err.matches("names 2 dates").count(), 1, "{err}");
}

#[test]
fn calendar_answers_need_a_calendar_and_a_time_to_propose() {
    let home = home();
    let out = reply(home.path(), "plain.eml", "decline", &["--format", "ics"]);
    said(&out, 2, "--format ics answers a calendar invitation");
    // A first alternative without a time cannot be proposed to a calendar;
    // the email still goes, without the calendar part, and says so.
    let out = reply(
        home.path(),
        "hooli.ics",
        "reschedule",
        &[
            "--set",
            "alternatives=2026-12-10 afternoon",
            "--format",
            "eml",
        ],
    );
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(
        stderr(&out).contains("the calendar answer is left out")
            && stderr(&out).contains("has no time of day"),
        "{}",
        stderr(&out)
    );
    let got = read_back(home.path(), &stdout(&out));
    assert_eq!(got["content_type"], "text/plain");
    let out = reply(
        home.path(),
        "hooli.ics",
        "reschedule",
        &[
            "--set",
            "alternatives=2026-12-10 afternoon",
            "--format",
            "ics",
        ],
    );
    said(&out, 2, "has no time of day");
    // The calendar answer was what was asked for: the error is why it
    // cannot be written, with no warning and nothing printed.
    assert!(!stderr(&out).contains("left out"), "{}", stderr(&out));
    assert!(
        !stderr(&out).contains("--format ics answers"),
        "{}",
        stderr(&out)
    );
    assert_eq!(stdout(&out), "");
}

mod wizard {
    //! The wizard answering an invitation, in a real pseudo-terminal of
    //! 80 × 24, read through a terminal emulator.

    use super::*;
    use std::time::Duration;

    use common::{bowout_in_terminal, spawn_sized, spawn_sized_reading};
    use expectrl::Expect;
    use expectrl::process::unix::WaitStatus;

    type Pty = expectrl::session::OsSession;
    const DOWN: &str = "\x1b[B";

    struct Screen {
        pty: Pty,
        seen: Vec<u8>,
        cols: u16,
    }

    impl Screen {
        /// bowout at 80 × 24, in New York; with `input`, its standard input
        /// is that file.
        fn start(home: &Path, input: Option<&Path>, args: &[String]) -> Screen {
            Screen::sized(home, 80, input, args)
        }

        fn sized(home: &Path, cols: u16, input: Option<&Path>, args: &[String]) -> Screen {
            let mut cmd = bowout_in_terminal(home);
            cmd.env("TERM", "xterm")
                .env("TZ", "America/New_York")
                .env_remove("EDITOR")
                .current_dir(home)
                .args(["--now", NOW])
                .args(args);
            let mut pty = match input {
                Some(input) => spawn_sized_reading(&cmd, input, cols, 24),
                None => spawn_sized(&cmd, cols, 24),
            };
            pty.set_expect_timeout(Some(Duration::from_secs(60)));
            Screen {
                pty,
                seen: Vec::new(),
                cols,
            }
        }

        /// Waits for `text`, and returns the screen as it stands.
        fn at(&mut self, text: &str) -> String {
            let found = self
                .pty
                .expect(text)
                .unwrap_or_else(|e| panic!("waiting for {text:?}: {e}\n{}", self.shown()));
            self.seen.extend_from_slice(found.before());
            self.seen
                .extend_from_slice(found.get(0).unwrap_or_default());
            self.shown()
        }

        fn shown(&self) -> String {
            let size = |n: u16| std::num::NonZeroU16::new(n).unwrap();
            let mut parser = vt100::Parser::new(size(24), size(self.cols), 0);
            parser.process(&self.seen);
            let rows: Vec<String> = parser.screen().rows(0, self.cols).collect();
            rows.join("\n")
        }

        fn send(&mut self, wait: &str, keys: &str) -> String {
            let screen = self.at(wait);
            common::until_reading_keys(&self.pty);
            self.pty.send(keys).unwrap();
            screen
        }

        fn exit_code(&mut self) -> i32 {
            let _ = self.pty.expect(expectrl::Eof);
            match self.pty.get_process().wait().unwrap() {
                WaitStatus::Exited(_, code) => code,
                other => panic!("bowout did not exit normally: {other:?}"),
            }
        }
    }

    /// No row of an 80-column screen ends in the middle of a word.
    fn rows_whole(screen: &str) {
        rows_whole_at(screen, 80);
    }

    fn rows_whole_at(screen: &str, cols: usize) {
        for row in screen.lines() {
            let last = row.trim_end().chars().last();
            assert!(
                row.chars().count() < cols || last.is_some_and(|c| !c.is_alphanumeric()),
                "a row cut by the terminal: {row:?}\n{screen}"
            );
        }
    }

    /// The screen's words in one line, as a person reads them across rows.
    fn flat(screen: &str) -> String {
        screen.split_whitespace().collect::<Vec<_>>().join(" ")
    }

    /// Every answer but the date, so that the wizard goes to the review
    /// once the invitation's date is confirmed.
    const READY: &[&str] = &[
        "situation=decline",
        "reason=another-offer",
        "sender=Sam Lee",
        "sender_email=sam.lee@example.com",
        "company=Acme",
        "position=Senior Data Analyst",
        "detail=",
        "apology=true",
        "door_open=true",
        "signature=",
        "tone=formal",
        "length=standard",
    ];

    fn given() -> Vec<String> {
        sets(&[
            "situation=decline",
            "reason=another-offer",
            "sender=Sam Lee",
            "sender_email=sam.lee@example.com",
        ])
    }

    #[test]
    fn the_wizard_starts_from_the_invitation_and_saves_a_threaded_reply() {
        let home = home();
        let mut args = given();
        args.extend([
            "--reply-to".into(),
            invitation("google.eml").display().to_string(),
        ]);
        let mut s = Screen::start(home.path(), None, &args);
        let screen = s.send("Is that the interview?", "\r");
        assert!(
            screen.contains(
                "↩ Replying to Jordan Smith <jordan.smith@acme.com> · Interview: Senior Data"
            ),
            "{screen}"
        );
        assert!(
            screen.contains("Friday 4 December 10:00 (Europe/London)"),
            "{screen}"
        );
        // Shown in London's time and in the person's own (New York).
        assert!(
            screen.contains("The invitation says: Friday 4 December 2026 at 10:00 (London time)"),
            "{screen}"
        );
        assert!(screen.contains("05:00 your time."), "{screen}");
        rows_whole(&screen);
        s.send("Your own sentence", "\r");
        s.send("Apologise", "\r");
        s.send("future opportunities", "\r");
        // Company and role are offered, not taken: the person keeps them.
        s.at("? Company");
        let screen = s.send("Acme", "\r");
        assert!(
            screen.contains("Suggested from the event's title"),
            "{screen}"
        );
        assert!(screen.contains("? Company › Acme"), "{screen}");
        s.at("? Position");
        let screen = s.send("Senior Data Analyst", "\r");
        assert!(screen.contains("Senior Data Analyst"), "{screen}");
        s.send("Under your name", "\r");
        s.send("? Tone", "\r");
        s.send("? Length", "\r");
        s.at("What next?");
        let screen = s.send("❯ Copy", &format!("{}\r", DOWN.repeat(5)));
        assert!(screen.contains("(London time)"), "{screen}");
        s.at("❯ Save the reply (.eml, in its thread)");
        s.at("? Save the reply as");
        s.send("reply.eml", "\r");
        s.at("Saved reply.eml");
        let screen = s.at("❯ Copy");
        assert!(
            screen.contains("Saved reply.eml, declining the calendar event."),
            "{screen}"
        );
        rows_whole(&screen);
        common::until_reading_keys(&s.pty);
        s.pty.send(format!("{}\r", DOWN.repeat(9))).unwrap();
        assert_eq!(s.exit_code(), 0);
        let written = std::fs::read_to_string(home.path().join("reply.eml")).unwrap();
        let got = read_back(home.path(), &written);
        assert_eq!(
            got["in_reply_to"],
            "<000000000000a1b2c3d40598f1e2@google.com>"
        );
        assert_eq!(got["method"], "REPLY");
        assert_eq!(got["attendees"][0]["partstat"], "DECLINED");
        assert!(
            got["subject"]
                .as_str()
                .unwrap()
                .starts_with("Re: Invitation: Interview")
        );
    }

    #[test]
    fn the_wizard_asks_which_of_several_invited_addresses_is_the_persons() {
        let home = home();
        let message = "From: Jo Park <jo@acme.example>\r\nTo: sam@home.example\r\n\
            Subject: Interview\r\nMessage-ID: <w1@acme.example>\r\n\
            Content-Type: text/calendar; method=REQUEST\r\n\r\nBEGIN:VCALENDAR\r\n\
            VERSION:2.0\r\nPRODID:x\r\nBEGIN:VEVENT\r\nUID:w1@acme.example\r\n\
            DTSTAMP:20261120T000000Z\r\nDTSTART:20261204T100000Z\r\n\
            SUMMARY:Interview\r\nORGANIZER:mailto:jo@acme.example\r\n\
            ATTENDEE:mailto:jo@acme.example\r\nATTENDEE:mailto:sam@home.example\r\n\
            ATTENDEE:mailto:sam@work.example\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n";
        let path = home.path().join("invite.eml");
        std::fs::write(&path, message).unwrap();
        let mut args = given();
        args.extend(sets(&["company=Acme", "position=Analyst"]));
        args.extend(["--reply-to".into(), path.display().to_string()]);
        let mut s = Screen::start(home.path(), None, &args);
        s.send("Is that the interview?", "\r");
        s.send("Your own sentence", "\r");
        s.send("Apologise", "\r");
        s.send("future opportunities", "\r");
        s.send("Under your name", "\r");
        s.send("? Tone", "\r");
        s.send("? Length", "\r");
        s.at("What next?");
        s.send("❯ Copy", &format!("{}\r", DOWN.repeat(5)));
        s.at("Which of these is you?");
        let screen = s.at("None of these: answer as sam.lee@example.com");
        assert!(screen.contains("sam@home.example"), "{screen}");
        assert!(
            screen.contains("None of these: answer as sam.lee@example.com"),
            "{screen}"
        );
        assert!(!screen.contains("  jo@acme.example"), "{screen}");
        common::until_reading_keys(&s.pty);
        s.pty.send(format!("{DOWN}\r")).unwrap();
        s.at("? Save the reply as");
        s.send("reply.eml", "\r");
        s.at("Saved reply.eml");
        let screen = s.at("❯ Copy");
        assert!(
            flat(&screen).contains("Saved reply.eml, declining the calendar event."),
            "{screen}"
        );
        assert!(!screen.contains("not among those invited"), "{screen}");
        common::until_reading_keys(&s.pty);
        s.pty.send(format!("{}\r", DOWN.repeat(9))).unwrap();
        assert_eq!(s.exit_code(), 0);
        let written = std::fs::read_to_string(home.path().join("reply.eml")).unwrap();
        let got = read_back(home.path(), &written);
        assert_eq!(got["attendees"][0]["address"], "sam@work.example");
        assert_eq!(got["attendees"][0]["partstat"], "DECLINED");
    }

    #[test]
    fn the_other_invitations_give_threaded_replies_in_the_wizard_too() {
        // (fixture, company, role, what the save says, the calendar method)
        let cases = [
            (
                "outlook.eml",
                "Globex",
                "Product Designer",
                "declining the calendar event",
                Some("REPLY"),
            ),
            (
                "plain.eml",
                "Initech",
                "Backend Engineer",
                "in its thread",
                None,
            ),
        ];
        for (fixture, company, position, saved, method) in cases {
            let home = home();
            let mut args = given();
            args.extend([
                "--reply-to".into(),
                invitation(fixture).display().to_string(),
            ]);
            let mut s = Screen::start(home.path(), None, &args);
            s.send("Is that the interview?", "\r");
            s.send("Your own sentence", "\r");
            s.send("Apologise", "\r");
            s.send("future opportunities", "\r");
            s.at("? Company");
            s.send(company, "\r");
            s.at("? Position");
            s.send(position, "\r");
            s.send("Under your name", "\r");
            s.send("? Tone", "\r");
            s.send("? Length", "\r");
            s.at("What next?");
            let screen = s.send("❯ Copy", &format!("{}\r", DOWN.repeat(5)));
            assert!(
                flat(&screen).contains(&format!("{position} role at {company}")),
                "{screen}"
            );
            s.at("? Save the reply as");
            s.send("reply.eml", "\r");
            let screen = s.at("❯ Copy");
            assert!(
                flat(&screen).contains(&format!("Saved reply.eml, {saved}.")),
                "{screen}"
            );
            common::until_reading_keys(&s.pty);
            s.pty.send(format!("{}\r", DOWN.repeat(9))).unwrap();
            assert_eq!(s.exit_code(), 0, "{fixture}");
            let written = std::fs::read_to_string(home.path().join("reply.eml")).unwrap();
            let got = read_back(home.path(), &written);
            let (id, _) = original_ids(fixture);
            assert_eq!(got["in_reply_to"], format!("<{id}>"), "{fixture}");
            assert_eq!(
                got.get("method").and_then(Value::as_str),
                method,
                "{fixture}"
            );
        }
    }

    #[test]
    fn times_typed_in_the_persons_zone_are_shown_as_the_email_gives_them() {
        let home = home();
        let mut args: Vec<String> = sets(&[
            "situation=reschedule",
            "reason=illness",
            "detail=",
            "apology=true",
            "sender=Sam Lee",
        ]);
        args.extend([
            "--reply-to".into(),
            invitation("outlook.eml").display().to_string(),
        ]);
        let mut s = Screen::start(home.path(), None, &args);
        s.send("Is that the interview?", "\r");
        s.send("Propose other times?", "\r");
        s.send("? Time 1", "2026-12-09 13:00\r");
        let screen = s.send("? Time 2", "\x03");
        let words = flat(&screen);
        assert!(
            words.contains(
                "Type times as your own clock reads them; the email gives them in Los Angeles time."
            ),
            "{screen}"
        );
        // 13:00 in New York is 10:00 in Los Angeles.
        assert!(
            words.contains("= Wednesday 9 December at 13:00; in the email, Wednesday 9 December at 10:00 (Los Angeles time)"),
            "{screen}"
        );
        rows_whole(&screen);
        assert_eq!(s.exit_code(), 130);
    }

    #[test]
    fn at_60_columns_the_saved_reply_and_its_menu_stay_whole() {
        let home = home();
        let mut args = sets(READY);
        args.extend([
            "--reply-to".into(),
            invitation("google.eml").display().to_string(),
        ]);
        let mut s = Screen::sized(home.path(), 60, None, &args);
        let screen = s.send("Is that the interview?", "\r");
        rows_whole_at(&screen, 60);
        s.at("What next?");
        s.send("❯ Copy", &format!("{}\r", DOWN.repeat(5)));
        s.at("? Save the reply as");
        s.send("reply.eml", "\r");
        s.at("Saved reply.eml");
        let screen = s.at("❯ Copy");
        assert!(
            flat(&screen).contains("Saved reply.eml, declining the calendar event."),
            "{screen}"
        );
        rows_whole_at(&screen, 60);
        s.pty.send("\x03").unwrap();
        s.exit_code();
    }

    #[test]
    fn esc_at_a_save_prompt_goes_back_to_the_menu() {
        let home = home();
        let mut args = sets(READY);
        args.extend([
            "--reply-to".into(),
            invitation("google.eml").display().to_string(),
        ]);
        let mut s = Screen::start(home.path(), None, &args);
        s.send("Is that the interview?", "\r");
        // The reply's path, then the answers' path: Esc at each.
        for (downs, default) in [(5, "reply.eml"), (4, "bowout-answers.toml")] {
            s.at("What next?");
            s.send("❯ Copy", &format!("{}\r", DOWN.repeat(downs)));
            s.send(default, "\x1b");
        }
        s.at("What next?");
        s.send("❯ Copy", &format!("{}\r", DOWN.repeat(9)));
        // Nothing saved: quitting is questioned once.
        s.send("saved. Quit", "y");
        assert_eq!(s.exit_code(), 0);
        assert!(!home.path().join("reply.eml").exists());
        assert!(!home.path().join("bowout-answers.toml").exists());
    }

    #[test]
    fn a_date_the_person_says_is_wrong_is_asked_for() {
        let mut args = given();
        args.extend([
            "--invite".into(),
            invitation("hooli.ics").display().to_string(),
        ]);
        for cols in [80, 60] {
            let home = home();
            let mut s = Screen::sized(home.path(), cols, None, &args);
            s.send("Is that the interview?", "n");
            // Offered as a person types it, by their own clock (16:00 UTC
            // is 11:00 in New York), not as bowout keeps it.
            let screen = s.at("2026-12-03 11:00");
            assert!(
                screen.contains("? Interview › 2026-12-03 11:00"),
                "{screen}"
            );
            assert!(screen.contains("Is that the interview? · no"), "{screen}");
            assert!(!screen.contains("[UTC]"), "{screen}");
            assert!(
                flat(&screen).contains("Type the date as your own clock reads it"),
                "{screen}"
            );
            // Enter keeps it: the invitation's own, with its zone.
            std::thread::sleep(Duration::from_millis(60));
            s.pty.send("\r").unwrap();
            s.send("Your own sentence", "\x03");
            assert_eq!(s.exit_code(), 130);
            let kept =
                std::fs::read_to_string(home.path().join("state/bowout/resume.toml")).unwrap();
            assert!(
                kept.contains("interview_at = \"2026-12-03T16:00:00+00:00[UTC]\""),
                "{kept}"
            );
        }
    }

    #[test]
    fn a_message_piped_in_leaves_the_keyboard_to_the_terminal() {
        let home = home();
        let mut args = given();
        args.extend(["--reply-to".into(), "-".into()]);
        let input = invitation("plain.eml");
        let mut s = Screen::start(home.path(), Some(&input), &args);
        let screen = s.send("Is that the interview?", "\x03");
        assert!(
            screen.contains("↩ Replying to Priya Patel <priya.patel@initech.co.uk>"),
            "{screen}"
        );
        assert!(
            screen.contains("Thursday 10 December 2026 at 15:00"),
            "{screen}"
        );
        assert_eq!(s.exit_code(), 130);
    }

    #[test]
    fn an_invitation_that_cannot_be_read_is_a_note_and_the_wizard_asks() {
        let home = home();
        let mut args = given();
        args.extend([
            "--invite".into(),
            invitation("bad-recurring.ics").display().to_string(),
        ]);
        let mut s = Screen::start(home.path(), None, &args);
        let screen = s.send("? Interview", "\x03");
        let words = flat(&screen);
        assert!(words.contains("is a recurring event (RRULE)"), "{screen}");
        assert!(
            words.contains("The wizard asks for what the invitation would have given."),
            "{screen}"
        );
        rows_whole(&screen);
        assert_eq!(s.exit_code(), 130);

        // A message whose calendar part cannot be read keeps the rest.
        let message = std::fs::read_to_string(invitation("google.eml")).unwrap();
        let recurring = message.replacen("SEQUENCE:0", "RRULE:FREQ=DAILY;COUNT=2\r\nSEQUENCE:0", 1);
        let path = home.path().join("recurring.eml");
        std::fs::write(&path, recurring).unwrap();
        let mut args = given();
        args.extend(["--reply-to".into(), path.display().to_string()]);
        let mut s = Screen::start(home.path(), None, &args);
        // The date then comes from the message's text, to be confirmed.
        let screen = s.send("Is that the interview?", "\x03");
        assert!(screen.contains("↩ Replying to Jordan Smith"), "{screen}");
        assert!(
            flat(&screen).contains("The message says: Friday 4 December 2026 at 10:00"),
            "{screen}"
        );
        assert!(screen.contains("! "), "{screen}");
        assert!(flat(&screen).contains("is a recurring event"), "{screen}");
        assert_eq!(s.exit_code(), 130);
    }
}

#[test]
fn nothing_read_from_an_invitation_is_taken_as_a_template_or_a_terminal_sequence() {
    let home = home();
    let message = "From: \"{{answers.sender}} {{> signature}}\" <jordan@acme.com>\r\n\
                   To: sam.lee@example.com\r\n\
                   Subject: {{#each answers}}{{this}}{{/each}} interview\r\n\
                   Message-ID: <t1@acme.com>\r\n\
                   Content-Type: multipart/alternative; boundary=x\r\n\r\n\
                   --x\r\nContent-Type: text/plain\r\n\r\nHello\r\n\
                   --x\r\nContent-Type: text/calendar; method=REQUEST\r\n\r\n\
                   BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:x\r\nBEGIN:VEVENT\r\n\
                   UID:t1@acme.com\r\nDTSTAMP:20261127T120000Z\r\nDTSTART:20261203T160000Z\r\n\
                   SUMMARY:Interview \\u{1b}[31m{{answers.reason}}\r\n\
                   ORGANIZER;CN=\"Jo {{x}}\":mailto:jordan@acme.com\r\n\
                   END:VEVENT\r\nEND:VCALENDAR\r\n--x--\r\n"
        .replace("\\u{1b}", "\u{1b}");
    let path = home.path().join("template.eml");
    std::fs::write(&path, message).unwrap();
    let mut args = answers("decline", "another-offer");
    args.extend(["--reply-to".into(), path.display().to_string()]);
    let out = run(home.path(), &args);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let text = stdout(&out);
    assert!(
        text.starts_with("Subject: Re: {{#each answers}}{{this}}{{/each}} interview\n"),
        "{text}"
    );
    assert!(
        text.contains("Dear {{answers.sender}} {{> signature}},"),
        "{text}"
    );
    assert!(!text.contains('\u{1b}'), "{text}");
    let mut args = answers("decline", "another-offer");
    args.extend(["--reply-to".into(), path.display().to_string()]);
    args.extend(["--format".into(), "ics".into()]);
    let out = run(home.path(), &args);
    let ics = stdout(&out);
    assert!(!ics.contains('\u{1b}'), "{ics}");
    let got = read_back(home.path(), &ics);
    assert_eq!(got["summary"], "Interview [31m{{answers.reason}}");
    assert_eq!(got["organizer"]["cn"], "Jo {{x}}");

    // A calendar the parser cannot read is named with its line.
    let broken = std::fs::read_to_string(&path)
        .unwrap()
        .replace("ORGANIZER;CN=\"Jo {{x}}\"", "ORGANIZER;CN=\"Jo \"x\"\"");
    std::fs::write(&path, broken).unwrap();
    let mut args = answers("decline", "another-offer");
    args.extend(["--reply-to".into(), path.display().to_string()]);
    said(
        &run(home.path(), &args),
        2,
        "calendar part: line 9 is not valid iCalendar, and bowout needs its ORGANIZER: \
         `ORGANIZER;CN=\"Jo \"x\"\":mailto:jordan@acme.com`",
    );
}

#[test]
fn times_proposed_to_a_reader_in_another_zone_are_said_in_theirs() {
    let home = home();
    // The person is in UTC; the Outlook invitation is in Pacific time.
    let out = reply(
        home.path(),
        "outlook.eml",
        "reschedule",
        &[
            "--set",
            "alternatives=2026-12-09 18:00; 2026-12-10 afternoon",
            "--format",
            "body",
        ],
    );
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let body = stdout(&out);
    assert!(
        body.contains("Wednesday 9 December at 10:00 (Los Angeles time)"),
        "{body}"
    );
    // A part of the day is the reader's to read as theirs.
    assert!(body.contains("Thursday 10 December, afternoon"), "{body}");
    // The calendar proposes the same moment.
    let out = reply(
        home.path(),
        "outlook.eml",
        "reschedule",
        &["--set", "alternatives=2026-12-09 18:00", "--format", "ics"],
    );
    let got = read_back(home.path(), &stdout(&out));
    assert_eq!(got["dtstart"], "20261209T180000Z");
    assert_eq!(got["dtend"], "20261209T184500Z");
}

#[test]
fn a_calendar_file_given_as_the_message_is_read_as_the_invitation() {
    let home = home();
    let mut args = answers("decline", "another-offer");
    args.extend(
        [
            "--reply-to",
            &invitation("hooli.ics").display().to_string(),
            "--format",
            "ics",
        ]
        .map(String::from),
    );
    let out = run(home.path(), &args);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let got = read_back(home.path(), &stdout(&out));
    assert_eq!(got["uid"], "interview-8841@hooli.example");
}

#[test]
fn an_invitation_of_up_to_1_mib_is_read_and_a_larger_one_refused() {
    let home = home();
    let base = std::fs::read_to_string(invitation("hooli.ics")).unwrap();
    let sized = |size: usize| {
        // A long description, folded as a calendar folds it, to reach `size`.
        let head = base.replace("SEQUENCE:1\r\n", "SEQUENCE:1\r\nDESCRIPTION:");
        let room = size - head.len() - 2;
        let mut description = String::new();
        let mut line = 12; // "DESCRIPTION:"
        while description.len() < room {
            if line == 75 {
                description.push_str("\r\n ");
                line = 1;
            } else {
                description.push('x');
                line += 1;
            }
        }
        description.truncate(room);
        let text = head.replacen("DESCRIPTION:", &format!("DESCRIPTION:{description}\r\n"), 1);
        assert_eq!(text.len(), size);
        text
    };
    for (size, ok) in [(1024 * 1024, true), (1024 * 1024 + 1, false)] {
        let path = home.path().join("sized.ics");
        std::fs::write(&path, sized(size)).unwrap();
        let mut args = answers("decline", "another-offer");
        args.extend([
            "--invite".into(),
            path.display().to_string(),
            "--format".into(),
            "ics".into(),
        ]);
        let out = run(home.path(), &args);
        if ok {
            assert_eq!(out.status.code(), Some(0), "{size}: {}", stderr(&out));
        } else {
            said(&out, 2, "is larger than 1 MiB");
        }
    }
}

/// Answers a calendar written out here: `--invite` with `text`, the answers
/// for `situation` and `extra`, as `--format ics` unless `extra` says.
fn answer_text(home: &Path, text: &[u8], situation: &str, extra: &[&str]) -> Output {
    let path = home.join("given.ics");
    std::fs::write(&path, text).unwrap();
    let reason = match situation {
        "reschedule" => "illness",
        "withdraw-invitation" => "position-filled",
        "employer-reschedule" => "interviewer-unavailable",
        _ => "another-offer",
    };
    let mut args = answers(situation, reason);
    args.extend(["--invite".into(), path.display().to_string()]);
    if !extra.contains(&"--format") {
        args.extend(["--format".into(), "ics".into()]);
    }
    args.extend(extra.iter().map(|s| s.to_string()));
    run(home, &args)
}

/// A calendar of one event: `props` are its lines besides UID, DTSTAMP and
/// DTSTART; `zones` comes before it.
fn calendar(zones: &str, props: &str) -> String {
    format!(
        "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//Test//EN\r\nMETHOD:REQUEST\r\n{zones}\
         BEGIN:VEVENT\r\nUID:odd-1@acme.example\r\nDTSTAMP:20261120T000000Z\r\n\
         DTSTART:20261203T160000Z\r\n{props}END:VEVENT\r\nEND:VCALENDAR\r\n"
    )
}

const INVITED: &str = "ORGANIZER;CN=Jo Park:mailto:jo@acme.example\r\n\
                       ATTENDEE;CN=Sam Lee:mailto:sam.lee@example.com\r\n";

#[test]
fn without_an_organizer_the_answer_goes_to_the_recipient_or_is_refused_never_empty() {
    let home = home();
    let text = calendar("", "ATTENDEE;CN=Sam Lee:mailto:sam.lee@example.com\r\n");
    // The address the email goes to is the calendar's organizer too.
    let out = answer_text(
        home.path(),
        text.as_bytes(),
        "decline",
        &["--set", "recipient_email=jo@acme.example"],
    );
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let got = read_back(home.path(), &stdout(&out));
    assert_eq!(got["organizer"]["address"], "jo@acme.example");
    // With no one to answer to, no answer: exit 2 naming the answer to give.
    let out = answer_text(home.path(), text.as_bytes(), "decline", &[]);
    said(&out, 2, "--set recipient_email=");
    assert!(stdout(&out).is_empty());
    // A message without an organizer in its calendar: its Reply-To or From.
    let message = format!(
        "From: Jo Park <jo@acme.example>\r\nTo: sam.lee@example.com\r\nSubject: Interview\r\n\
         Message-ID: <m1@acme.example>\r\nContent-Type: text/calendar; method=REQUEST\r\n\r\n{text}"
    );
    let path = home.path().join("m.eml");
    std::fs::write(&path, message).unwrap();
    let mut args = answers("decline", "another-offer");
    args.extend(["--reply-to", &path.display().to_string(), "--format", "eml"].map(String::from));
    let out = run(home.path(), &args);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let got = read_back(home.path(), &stdout(&out));
    assert_eq!(got["organizer"]["address"], "jo@acme.example");
    assert!(!stdout(&out).contains("mailto:\r\n"));
}

#[test]
fn a_malformed_line_bowout_does_not_need_is_left_out_with_a_note() {
    let home = home();
    // As an iPhone writes it: a parameter value with `\;` and no quotes.
    let apple = "X-APPLE-STRUCTURED-LOCATION;VALUE=URI;X-ADDRESS=Hauptstraße 1-5\\; 4041 \
                 Linz;X-APPLE-RADIUS=70;X-TITLE=Hauptstraße 1-5\\; 4041 Linz:geo:48.3,14.3\r\n";
    let text = calendar("", &format!("{INVITED}{apple}LOCATION:Linz\r\n"));
    let out = answer_text(home.path(), text.as_bytes(), "decline", &[]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(stderr(&out).is_empty(), "{}", stderr(&out));
    let got = read_back(home.path(), &stdout(&out));
    assert_eq!(got["uid"], "odd-1@acme.example");
    // --verbose says what was left out, and where.
    let out = answer_text(home.path(), text.as_bytes(), "decline", &["--verbose"]);
    said(
        &out,
        0,
        "line 11 (X-APPLE-STRUCTURED-LOCATION) is not valid iCalendar; bowout does not need it",
    );
    // An update keeps the rest of the event, and never the malformed line.
    let out = answer_text(
        home.path(),
        text.as_bytes(),
        "employer-reschedule",
        &["--set", "alternatives=2026-12-09 14:00"],
    );
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(stdout(&out).contains("LOCATION:Linz"));
    assert!(!stdout(&out).contains("X-APPLE"));
    // A line the answer is made of must be read: it is named.
    let bad = calendar(
        "",
        "ORGANIZER;CN=Jo:mailto:jo@acme.example\r\nATTENDEE;CN=\"Sam Lee:mailto:s@x.example\r\n",
    );
    said(
        &answer_text(home.path(), bad.as_bytes(), "decline", &[]),
        2,
        "line 10 is not valid iCalendar, and bowout needs its ATTENDEE",
    );
}

#[test]
fn text_after_the_calendar_blank_lines_and_any_line_ending_are_read() {
    let home = home();
    let text = calendar("", INVITED);
    let expected = stdout(&answer_text(home.path(), text.as_bytes(), "decline", &[]));
    assert!(expected.contains("METHOD:REPLY"), "{expected}");
    let lf = text.replace("\r\n", "\n");
    let variants = [
        ("LF", lf.clone()),
        ("bare CR", text.replace("\r\n", "\r")),
        ("no final line break", text.trim_end().to_string()),
        ("a final bare CR", format!("{}\r", text.trim_end())),
        (
            "text after END:VCALENDAR",
            format!("{text}X-COMMENT: exported by Podio\r\nmore words\r\n"),
        ),
        (
            "blank lines",
            text.replace("\r\nBEGIN:VEVENT", "\r\n\r\n  \r\nBEGIN:VEVENT"),
        ),
        (
            "trailing whitespace",
            text.replace("END:VEVENT\r\n", "END:VEVENT \t\r\n")
                .replace("END:VCALENDAR\r\n", "END:VCALENDAR  \r\n"),
        ),
        ("leading blank lines", format!("\r\n\r\n{lf}")),
    ];
    for (what, variant) in variants {
        let out = answer_text(home.path(), variant.as_bytes(), "decline", &[]);
        assert_eq!(out.status.code(), Some(0), "{what}: {}", stderr(&out));
        assert_eq!(stdout(&out), expected, "{what}");
    }
}

/// A Teams meeting as Outlook sends it, with what an update must keep.
const TEAMS: &str = "BEGIN:VCALENDAR\r\nMETHOD:REQUEST\r\nPRODID:Microsoft Exchange Server 2010\r\n\
    VERSION:2.0\r\nBEGIN:VTIMEZONE\r\nTZID:W. Europe Standard Time\r\nBEGIN:STANDARD\r\n\
    DTSTART:16010101T030000\r\nTZOFFSETFROM:+0200\r\nTZOFFSETTO:+0100\r\n\
    RRULE:FREQ=YEARLY;INTERVAL=1;BYDAY=-1SU;BYMONTH=10\r\nEND:STANDARD\r\nBEGIN:DAYLIGHT\r\n\
    DTSTART:16010101T020000\r\nTZOFFSETFROM:+0100\r\nTZOFFSETTO:+0200\r\n\
    RRULE:FREQ=YEARLY;INTERVAL=1;BYDAY=-1SU;BYMONTH=3\r\nEND:DAYLIGHT\r\nEND:VTIMEZONE\r\n\
    BEGIN:VEVENT\r\nORGANIZER;CN=Jo Park:mailto:jo@acme.example\r\n\
    ATTENDEE;ROLE=REQ-PARTICIPANT;PARTSTAT=NEEDS-ACTION;RSVP=TRUE;CN=Sam Lee:mailto:sam.lee@e\r\n \
    xample.com\r\nDESCRIPTION;LANGUAGE=en-US:Microsoft Teams meeting\\nJoin: https://teams.mi\r\n \
    crosoft.com/l/meetup-join/19%3ameeting_abc%40thread.v2/0\\n\r\n\
    UID:040000008200E00074C5B7101A82E00800000000A0B1C2D3\r\nSUMMARY;LANGUAGE=en-US:Interview\r\n\
    DTSTART;TZID=W. Europe Standard Time:20261203T170000\r\n\
    DTEND;TZID=W. Europe Standard Time:20261203T174500\r\nCLASS:PUBLIC\r\nPRIORITY:5\r\n\
    DTSTAMP:20261120T101010Z\r\nTRANSP:OPAQUE\r\nSTATUS:CONFIRMED\r\nSEQUENCE:0\r\n\
    LOCATION;LANGUAGE=en-US:Microsoft Teams Meeting\r\n\
    X-MICROSOFT-CDO-APPT-SEQUENCE:0\r\nX-MICROSOFT-CDO-BUSYSTATUS:TENTATIVE\r\n\
    X-MICROSOFT-SKYPETEAMSMEETINGURL:https://teams.microsoft.com/l/meetup-join/19%3ameetin\r\n \
    g_abc%40thread.v2/0\r\nCONFERENCE;VALUE=URI;FEATURE=VIDEO;LABEL=Join:https://meet.exam\r\n \
    ple/abc\r\nBEGIN:VALARM\r\nDESCRIPTION:REMINDER\r\nTRIGGER;RELATED=START:-PT15M\r\n\
    ACTION:DISPLAY\r\nEND:VALARM\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n";

/// Reads an answer back with Python, beside the invitation it answers.
fn read_against(dir: &Path, answer: &str, original: &Path) -> Value {
    let path = dir.join("written");
    std::fs::write(&path, answer).unwrap();
    let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/support/read_reply.py");
    let out = std::process::Command::new("python3")
        .arg(script)
        .arg(&path)
        .arg(original)
        .output()
        .expect("python3 runs");
    assert!(
        out.status.success(),
        "Python could not read it: {}\n{answer}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).unwrap()
}

#[test]
fn a_moved_or_withdrawn_interview_keeps_its_meeting_link_and_everything_else() {
    let home = home();
    let original = home.path().join("given.ics");
    let moved = answer_text(
        home.path(),
        TEAMS.as_bytes(),
        "employer-reschedule",
        &["--set", "alternatives=2026-12-09 14:00"],
    );
    assert_eq!(moved.status.code(), Some(0), "{}", stderr(&moved));
    let got = read_against(home.path(), &stdout(&moved), &original);
    assert_eq!(got["method"], "REQUEST");
    assert_eq!(got["original"]["not_kept"], serde_json::json!([]), "{got}");
    assert_eq!(got["alarms"], 1);
    assert_eq!(
        got["uid_raw"],
        "040000008200E00074C5B7101A82E00800000000A0B1C2D3"
    );
    assert_eq!(got["sequence"], 1);
    assert_eq!(got["start_utc"], "20261209T140000Z");
    assert_eq!(got["end_utc"], "20261209T144500Z");
    assert_eq!(got["status"], "CONFIRMED");
    let withdrawn = answer_text(home.path(), TEAMS.as_bytes(), "withdraw-invitation", &[]);
    assert_eq!(withdrawn.status.code(), Some(0), "{}", stderr(&withdrawn));
    let got = read_against(home.path(), &stdout(&withdrawn), &original);
    assert_eq!(got["method"], "CANCEL");
    assert_eq!(got["original"]["not_kept"], serde_json::json!([]), "{got}");
    // The original times, in the zone the invitation sent (RFC 5546 §3.2.5:
    // the UID, a greater SEQUENCE, the attendees; no alarm).
    assert_eq!(got["start_utc"], got["original"]["start_utc"]);
    assert_eq!(got["start_utc"], "20261203T160000Z");
    assert_eq!(got["end_utc"], "20261203T164500Z");
    assert_eq!(got["alarms"], 0);
    assert_eq!(got["status"], "CANCELLED");
    assert_eq!(got["sequence"], 1);
    assert_eq!(got["attendees"][0]["address"], "sam.lee@example.com");
}

#[test]
fn answering_for_an_address_not_invited_warns_with_those_that_were() {
    let home = home();
    let text = calendar(
        "",
        "ORGANIZER:mailto:jo@acme.example\r\nATTENDEE:mailto:sam@home.example\r\n\
         ATTENDEE:mailto:sam@work.example\r\n",
    );
    let out = answer_text(home.path(), text.as_bytes(), "decline", &[]);
    said(
        &out,
        0,
        "warning: your address sam.lee@example.com is not among those invited \
         (sam@home.example, sam@work.example)",
    );
    let out = answer_text(
        home.path(),
        text.as_bytes(),
        "decline",
        &["--set", "sender_email=SAM@work.example"],
    );
    assert_eq!(out.status.code(), Some(0));
    assert!(stderr(&out).is_empty(), "{}", stderr(&out));
}

#[test]
fn an_empty_tzid_is_read_through_its_own_vtimezone() {
    let home = home();
    let zone = "BEGIN:VTIMEZONE\r\nTZID:\r\nBEGIN:STANDARD\r\nDTSTART:19700101T000000\r\n\
                TZOFFSETFROM:+0000\r\nTZOFFSETTO:+0000\r\nEND:STANDARD\r\nEND:VTIMEZONE\r\n";
    let text = calendar(zone, INVITED)
        .replace("DTSTART:20261203T160000Z", "DTSTART;TZID=:20261203T100000");
    let path = home.path().join("given.ics");
    std::fs::write(&path, &text).unwrap();
    let mut args = answers("decline", "another-offer");
    args.extend(["--invite", &path.display().to_string(), "--format", "ics"].map(String::from));
    // The person's own zone is not the event's.
    let mut cmd = bowout(home.path());
    cmd.args(&args).env("TZ", "America/Los_Angeles");
    let out = cmd.output().unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let got = read_back(home.path(), &stdout(&out));
    assert_eq!(got["dtstart"], "20261203T100000Z");
}

#[test]
fn odd_sequences_uids_ends_and_message_ids_are_answered_rightly_or_refused() {
    let home = home();
    let at = |sequence: &str| calendar("", &format!("{INVITED}SEQUENCE:{sequence}\r\n"));
    // The largest sequence is echoed by a reply, and cannot grow for an update.
    let out = answer_text(home.path(), at("2147483647").as_bytes(), "decline", &[]);
    assert_eq!(
        read_back(home.path(), &stdout(&out))["sequence"],
        2147483647i64
    );
    said(
        &answer_text(
            home.path(),
            at("2147483647").as_bytes(),
            "withdraw-invitation",
            &[],
        ),
        2,
        "SEQUENCE is already 2147483647",
    );
    // Outside RFC 5545's range, neither.
    for bad in ["-1", "2147483648", "99999999999999999999"] {
        for situation in ["decline", "withdraw-invitation"] {
            said(
                &answer_text(home.path(), at(bad).as_bytes(), situation, &[]),
                2,
                &format!("SEQUENCE is {}", bad.parse::<i64>().unwrap_or(i64::MAX)),
            );
        }
    }
    // The UID as it was written, escapes and all.
    let uid = "a\\,b\\;c\\\\d@acme.example";
    let text = calendar("", INVITED).replace("odd-1@acme.example", uid);
    let out = answer_text(home.path(), text.as_bytes(), "decline", &[]);
    let got = read_back(home.path(), &stdout(&out));
    assert_eq!(got["uid_raw"], uid);
    assert_eq!(got["uid"], "a,b;c\\d@acme.example");
    // An end before the start is named.
    let text = calendar("", &format!("{INVITED}DTEND:20261203T150000Z\r\n"));
    said(
        &answer_text(home.path(), text.as_bytes(), "decline", &[]),
        2,
        "the event ends (2026-12-03 15:00 UTC) before it starts (2026-12-03 16:00 UTC)",
    );
    // A Message-ID that is not an RFC 5322 msg-id is not repeated.
    let message = format!(
        "From: Jo <jo@acme.example>\r\nSubject: Interview\r\nMessage-ID: <a:b@acme.example>\r\n\
         Content-Type: text/calendar; method=REQUEST\r\n\r\n{}",
        calendar("", INVITED)
    );
    let path = home.path().join("m.eml");
    std::fs::write(&path, message).unwrap();
    let mut args = answers("decline", "another-offer");
    args.extend(["--reply-to", &path.display().to_string(), "--format", "eml"].map(String::from));
    said(
        &run(home.path(), &args),
        2,
        "Message-ID `a:b@acme.example` is not a message id",
    );
}

#[test]
fn deep_nesting_is_refused_and_a_big_calendar_is_read_in_time() {
    let home = home();
    let nested = format!(
        "BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\nUID:n@x\r\nDTSTART:20261203T160000Z\r\n{}{}\
         END:VEVENT\r\nEND:VCALENDAR\r\n",
        "BEGIN:VALARM\r\n".repeat(5000),
        "END:VALARM\r\n".repeat(5000)
    );
    said(
        &answer_text(home.path(), nested.as_bytes(), "decline", &[]),
        2,
        "nests components more than 8 deep (line 11)",
    );
    // Inside a message, the same.
    let message = format!(
        "From: Jo <jo@acme.example>\r\nSubject: Interview\r\n\
         Content-Type: text/calendar; method=REQUEST\r\n\r\n{nested}"
    );
    let path = home.path().join("m.eml");
    std::fs::write(&path, message).unwrap();
    let mut args = answers("decline", "another-offer");
    args.extend(["--reply-to".into(), path.display().to_string()]);
    said(
        &run(home.path(), &args),
        2,
        "nests components more than 8 deep",
    );
    // 10,000 attendees, and 10,000 events: read in time, in a debug build.
    let attendees: String = (0..10_000)
        .map(|i| {
            format!("ATTENDEE;CN=Person {i};PARTSTAT=NEEDS-ACTION:mailto:p{i}@example.com\r\n")
        })
        .collect();
    let many = calendar(
        "",
        &format!("ORGANIZER:mailto:jo@acme.example\r\n{attendees}"),
    );
    let events: String = (0..10_000)
        .map(|i| {
            format!("BEGIN:VEVENT\r\nUID:u{i}@x\r\nDTSTART:20261203T160000Z\r\nEND:VEVENT\r\n")
        })
        .collect();
    let several = format!("BEGIN:VCALENDAR\r\nVERSION:2.0\r\n{events}END:VCALENDAR\r\n");
    for (text, code) in [(many, 0), (several, 2)] {
        assert!(
            text.len() > 500_000 && text.len() < 1024 * 1024,
            "{}",
            text.len()
        );
        let started = std::time::Instant::now();
        let out = answer_text(
            home.path(),
            text.as_bytes(),
            "decline",
            &["--set", "sender_email=p9999@example.com"],
        );
        let took = started.elapsed();
        assert_eq!(out.status.code(), Some(code), "{}", stderr(&out));
        assert!(took.as_secs_f64() < 3.0, "{took:?}");
    }
}

#[test]
fn json_and_mailto_carry_the_thread_as_the_eml_does() {
    let home = home();
    let (id, refs) = original_ids("google.eml");
    let out = reply(home.path(), "google.eml", "decline", &["--format", "json"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let json: Value = serde_json::from_str(&stdout(&out)).unwrap();
    assert_eq!(json["in_reply_to"], id.as_str());
    let mut expected = refs.clone();
    expected.push(id.clone());
    assert_eq!(json["references"], serde_json::json!(expected));
    let out = reply(
        home.path(),
        "google.eml",
        "decline",
        &["--format", "mailto"],
    );
    let uri = stdout(&out);
    let encoded: String = format!("<{id}>")
        .bytes()
        .map(|b| {
            if b.is_ascii_alphanumeric() || b"-._~".contains(&b) {
                (b as char).to_string()
            } else {
                format!("%{b:02X}")
            }
        })
        .collect();
    assert!(
        uri.contains(&format!("?In-Reply-To={encoded}&subject=Re")),
        "{uri}"
    );
    // Without a message, no thread.
    let out = reply(home.path(), "hooli.ics", "decline", &["--format", "mailto"]);
    assert!(!stdout(&out).contains("In-Reply-To"), "{}", stdout(&out));
}

/// Real invitations from other projects' test data: each file, who wrote
/// it, and why it is refused, if it is. The files are not kept in this
/// repository (tests/fixtures/invitations/real/SOURCES.md says where each
/// comes from); the test reads them from the folder named by
/// `BOWOUT_REAL_INVITATIONS`.
const REAL: &[(&str, &str, Option<&str>)] = &[
    (
        "thunderbird-meet-meeting-invite.eml",
        "Google Calendar (Meet)",
        None,
    ),
    (
        "thunderbird-teams-meeting-invite.eml",
        "Microsoft Teams",
        None,
    ),
    (
        "thunderbird-outlook-test-invite.eml",
        "Outlook / Exchange",
        None,
    ),
    ("thunderbird-single-event.eml", "Thunderbird tests", None),
    ("thunderbird-update-minor.eml", "Thunderbird tests", None),
    ("thunderbird-update-major.eml", "Thunderbird tests", None),
    (
        "thunderbird-cancel-single-event.eml",
        "Thunderbird tests",
        None,
    ),
    (
        "thunderbird-event-with-file-attachment.eml",
        "Thunderbird tests",
        None,
    ),
    (
        "thunderbird-message-containing-event.eml",
        "Thunderbird tests",
        None,
    ),
    (
        "thunderbird-repeat-event.eml",
        "Thunderbird tests",
        Some("is a recurring event (RRULE)"),
    ),
    ("icalendar-alarm_google_future.ics", "Google Calendar", None),
    (
        "icalendar-x_location.ics",
        "Google Calendar",
        Some("is a recurring event (RRULE)"),
    ),
    ("icalendar-timezone_same_start.ics", "Exchange 2010", None),
    (
        "icalendar-issue_836_do_not_quote_tzid.ics",
        "Exchange 2010",
        None,
    ),
    (
        "icalendar-issue_165_missing_event.ics",
        "Exchange CDO",
        Some("is a recurring event (RRULE)"),
    ),
    ("icalendar-property_params.ics", "BlackBerry", None),
    ("icalendar-issue_350.ics", "Podio", None),
    ("ical4j-blankTzid.ics", "Exchange 2010", None),
    ("ical4j-evolution2.ics", "Evolution", None),
    ("ical4j-bitfire1.ics", "DAVx5", None),
    ("ical4j-sogo-geo-escaped-semicolon.ics", "SOGo", None),
    (
        "ical4j-zidestoreical4jbomb.ics",
        "OpenGroupware ZideStore",
        None,
    ),
    ("ical4j-groupwise.ics", "GroupWise", None),
    ("calcard-001.ics", "Apple iCal", None),
    ("calcard-002.ics", "Apple iCal", None),
    (
        "calcard-026.ics",
        "Apple Calendar",
        Some("holds 4 events; bowout answers one interview at a time"),
    ),
    ("calcard-022.ics", "SabreDAV (Nextcloud)", None),
    ("calcard-045.ics", "Outlook 16", None),
    ("calcard-166.ics", "Exchange CDO", None),
];

/// What the independent reader cannot check itself: the start of a file
/// whose zone it cannot read (an empty TZID), worked out from its VTIMEZONE.
const STARTS: &[(&str, &str)] = &[("ical4j-blankTzid.ics", "20150826T090000Z")];

#[test]
#[ignore = "needs the real invitations: BOWOUT_REAL_INVITATIONS=DIR cargo test --test reply -- --ignored"]
fn every_real_invitation_is_answered_or_refused_for_a_stated_reason() {
    let home = home();
    let dir = std::path::PathBuf::from(
        std::env::var_os("BOWOUT_REAL_INVITATIONS")
            .expect("BOWOUT_REAL_INVITATIONS names the folder holding the files SOURCES.md lists"),
    );
    let sources = std::fs::read_to_string(invitation("real").join("SOURCES.md")).unwrap();
    let listed: Vec<&str> = REAL.iter().map(|(f, _, _)| *f).collect();
    let mut files: Vec<String> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|f| f != "SOURCES.md")
        .collect();
    files.sort();
    let mut sorted = listed.clone();
    sorted.sort();
    assert_eq!(files, sorted, "every file is in the table, and only those");
    let producers: std::collections::BTreeSet<&str> = REAL.iter().map(|(_, p, _)| *p).collect();
    assert!(REAL.len() >= 20 && producers.len() >= 6);
    // (situation, method, how the sequence moves, whether the time moves)
    let situations = [
        ("decline", "REPLY", 0, false),
        ("reschedule", "COUNTER", 0, true),
        ("withdraw-invitation", "CANCEL", 1, false),
        ("employer-reschedule", "REQUEST", 1, true),
    ];
    for (file, _, refused) in REAL {
        assert!(
            sources.contains(&format!("| {file} |")),
            "{file} is not in SOURCES.md"
        );
        let path = dir.join(file);
        for (situation, method, step, moves) in situations {
            let what = format!("{file}, {situation}");
            let reason = match situation {
                "reschedule" => "illness",
                "withdraw-invitation" => "position-filled",
                "employer-reschedule" => "interviewer-unavailable",
                _ => "another-offer",
            };
            let mut args = answers(situation, reason);
            let flag = if file.ends_with(".eml") {
                "--reply-to"
            } else {
                "--invite"
            };
            args.extend(
                [
                    flag,
                    &path.display().to_string(),
                    "--format",
                    "ics",
                    "--set",
                    "recipient=Jo Park",
                    "--set",
                    "recipient_email=jo@acme.example",
                    "--set",
                    "alternatives=2026-12-09 14:00",
                    "--set",
                    "interview_at=2026-12-03 10:00",
                ]
                .map(String::from),
            );
            let out = run(home.path(), &args);
            if let Some(reason) = refused {
                said(&out, 2, reason);
                assert!(stdout(&out).is_empty(), "{what}");
                continue;
            }
            assert_eq!(out.status.code(), Some(0), "{what}: {}", stderr(&out));
            let got = read_against(home.path(), &stdout(&out), &path);
            let original = &got["original"];
            assert_eq!(got["crlf"], true, "{what}");
            assert!(got["longest_line"].as_u64().unwrap() <= 75, "{what}");
            assert_eq!(got["events"], 1, "{what}");
            assert_eq!(got["method"], method, "{what}");
            // The UID as written, byte for byte.
            assert_eq!(got["uid_raw"], original["uid_raw"], "{what}");
            assert!(
                got["uid_raw"].as_str().is_some_and(|u| !u.is_empty()),
                "{what}"
            );
            // Never an empty address.
            let organizer = got["organizer"]["address"].as_str().unwrap_or("");
            assert!(organizer.contains('@'), "{what}: organizer {organizer:?}");
            let attendees = got["attendees"].as_array().unwrap();
            assert!(!attendees.is_empty(), "{what}");
            for a in attendees {
                assert!(
                    a["address"].as_str().unwrap_or("").contains('@'),
                    "{what}: {a}"
                );
            }
            if method == "REPLY" {
                assert_eq!(attendees[0]["partstat"], "DECLINED", "{what}");
            }
            let started = STARTS.iter().find(|(f, _)| f == file).map(|(_, s)| *s);
            if let Some(error) = original.get("error") {
                // The independent reader cannot read this original: its start
                // is checked against the one worked out by hand.
                let start = started.unwrap_or_else(|| panic!("{what}: {error}"));
                if !moves {
                    assert_eq!(got["start_utc"], start, "{what}");
                }
            } else {
                let sequence = original["sequence"].as_i64().unwrap();
                assert_eq!(got["sequence"].as_i64().unwrap(), sequence + step, "{what}");
                let has_time = original["start_utc"].as_str().is_some_and(|s| s.len() > 8);
                if moves {
                    assert_eq!(got["start_utc"], "20261209T140000Z", "{what}");
                    if has_time && !original["length"].is_null() {
                        assert_eq!(got["length"], original["length"], "{what}");
                    }
                } else {
                    assert_eq!(got["start_utc"], original["start_utc"], "{what}");
                    if has_time || method == "CANCEL" {
                        assert_eq!(got["end_utc"], original["end_utc"], "{what}");
                    }
                }
                if method == "REQUEST" || method == "CANCEL" {
                    // The original event, every other property and parameter kept.
                    assert_eq!(original["not_kept"], serde_json::json!([]), "{what}");
                    let alarms = if method == "CANCEL" {
                        0
                    } else {
                        original["alarms"].as_i64().unwrap()
                    };
                    assert_eq!(got["alarms"], alarms, "{what}");
                }
            }
        }
    }
}
