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
    assert!(body.contains("Tuesday 8 December 2026 at 14:00 for"), "{body}");
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
            "REQUEST" => Value::from("CONFIRMED"),
            _ => Value::Null,
        };
        assert_eq!(got["status"], status, "{situation}");
        if method == "COUNTER" || method == "REQUEST" {
            assert_eq!(got["dtend"], "20261209T144500Z", "{situation}");
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
}

mod wizard {
    //! The wizard answering an invitation, in a real pseudo-terminal of
    //! 80 × 24, read through a terminal emulator.

    use super::*;
    use std::time::Duration;

    use common::{after_a_moment, after_a_moment_reading, bowout_in_terminal};
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
            let cmd = match input {
                Some(input) => after_a_moment_reading(&cmd, input),
                None => after_a_moment(&cmd),
            };
            let mut pty = expectrl::Session::spawn(cmd).expect("bowout starts in a pty");
            pty.get_process_mut().set_window_size(cols, 24).unwrap();
            pty.set_expect_timeout(Some(Duration::from_secs(10)));
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
            std::thread::sleep(Duration::from_millis(60));
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
        let screen = s.send("Quit", &format!("{}\r", DOWN.repeat(5)));
        assert!(
            screen.contains("Save the reply as an .eml, in its thread"),
            "{screen}"
        );
        assert!(screen.contains("(London time)"), "{screen}");
        s.at("? Save the reply as");
        s.send("reply.eml", "\r");
        s.at("Saved reply.eml");
        let screen = s.at("Quit");
        assert!(
            screen.contains("Saved reply.eml, declining the calendar event."),
            "{screen}"
        );
        rows_whole(&screen);
        std::thread::sleep(Duration::from_millis(60));
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
            let screen = s.send("Quit", &format!("{}\r", DOWN.repeat(5)));
            assert!(
                flat(&screen).contains(&format!("{position} role at {company}")),
                "{screen}"
            );
            s.at("? Save the reply as");
            s.send("reply.eml", "\r");
            let screen = s.at("Quit");
            assert!(
                flat(&screen).contains(&format!("Saved reply.eml, {saved}.")),
                "{screen}"
            );
            std::thread::sleep(Duration::from_millis(60));
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
        s.send("Quit", &format!("{}\r", DOWN.repeat(5)));
        s.at("? Save the reply as");
        s.send("reply.eml", "\r");
        s.at("Saved reply.eml");
        let screen = s.at("Quit");
        // The choice's report wraps at a space, not where the row ends.
        assert!(
            screen.contains(
                "✔ What next? (Esc goes back) · Save the reply as an .eml,\nin its thread"
            ),
            "{screen}"
        );
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
            s.send("Quit", &format!("{}\r", DOWN.repeat(downs)));
            s.send(default, "\x1b");
        }
        s.at("What next?");
        s.send("Quit", &format!("{}\r", DOWN.repeat(9)));
        assert_eq!(s.exit_code(), 0);
        assert!(!home.path().join("reply.eml").exists());
        assert!(!home.path().join("bowout-answers.toml").exists());
    }

    #[test]
    fn a_date_the_person_says_is_wrong_is_asked_for() {
        let home = home();
        let mut args = given();
        args.extend([
            "--invite".into(),
            invitation("hooli.ics").display().to_string(),
        ]);
        let mut s = Screen::start(home.path(), None, &args);
        s.send("Is that the interview?", "n");
        let screen = s.send("? Interview", "\x03");
        assert!(screen.contains("Is that the interview? · no"), "{screen}");
        assert_eq!(s.exit_code(), 130);
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
        "calendar part is not a calendar bowout can read: its VEVENT from line 4 is not valid \
         iCalendar",
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
