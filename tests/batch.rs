//! `bowout batch`: one email per CSV row, to a folder of .eml files, an
//! mbox, JSON lines or a mail command, with every row checked first.

mod common;

use std::path::Path;
use std::process::Output;

use common::{bowout, home, said, stderr, stdout, write};

const SHARED: &[&str] = &[
    "--now",
    "2026-11-29 12:00",
    "--set",
    "situation=withdraw-invitation",
    "--set",
    "reason=position-filled",
    "--set",
    "company=Acme & Co",
    "--set",
    "position=Data Analyst",
    "--set",
    "sender=Kim Park",
    "--set",
    "sender_email=kim@acme.example",
];

/// Thirty candidates for one filled position, as a spreadsheet exports
/// them: a BOM, CRLF, quoted names with commas, one with a line break.
fn thirty() -> String {
    let mut csv = String::from("\u{feff}recipient,recipient_email,interview_at\r\n");
    for i in 1..=30 {
        let name = match i {
            2 => "\"Lee, Sam\"".to_string(),
            3 => "\"Zoë \"\"Z\"\" O'Brien\"".to_string(),
            4 => "\"Ana\nRuiz\"".to_string(),
            _ => format!("Candidate {i}"),
        };
        csv.push_str(&format!(
            "{name},c{i}@example.com,2026-12-{:02} {}:00\r\n",
            1 + i % 28,
            9 + i % 8
        ));
    }
    csv
}

fn batch(home: &Path, csv: &str, args: &[&str]) -> Output {
    let path = home.join("filled.csv");
    write(&path, csv);
    bowout(home)
        .current_dir(home)
        .arg("batch")
        .arg(&path)
        .args(SHARED)
        .args(args)
        .output()
        .unwrap()
}

fn emails_in(dir: &Path) -> Vec<std::path::PathBuf> {
    let mut files: Vec<_> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    files.sort();
    files
}

#[test]
fn thirty_invitations_become_thirty_whole_messages_in_a_folder() {
    let home = home();
    let out = batch(home.path(), &thirty(), &["--output-dir", "out"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(
        stderr(&out).contains("wrote 30 emails to out"),
        "{}",
        stderr(&out)
    );
    let files = emails_in(&home.path().join("out"));
    assert_eq!(files.len(), 30, "{files:?}");
    assert!(files[0].ends_with("0001-c1@example.com.eml"), "{files:?}");
    let mut ids = std::collections::HashSet::new();
    for (i, file) in files.iter().enumerate() {
        let raw = std::fs::read(file).unwrap();
        let msg = mail_parser::MessageParser::default().parse(&raw).unwrap();
        let to = msg.to().unwrap().first().unwrap();
        assert_eq!(
            to.address(),
            Some(format!("c{}@example.com", i + 1).as_str())
        );
        // The date is the rows' own, relative to today.
        let subject = msg.subject().unwrap();
        assert!(
            subject.starts_with("Interview cancelled: Data Analyst, ")
                && subject.ends_with(" – Acme & Co"),
            "{subject}"
        );
        assert!(msg.date().is_some());
        assert!(ids.insert(msg.message_id().unwrap().to_string()));
        let body = msg.body_text(0).unwrap();
        assert!(body.contains("Kim Park"), "{body}");
    }
    // Quoted fields arrive whole: the comma, the quotes, the line break.
    let second = std::fs::read_to_string(&files[1]).unwrap();
    assert!(second.contains("\"Lee, Sam\" <c2@example.com>"), "{second}");
    let third = mail_parser::MessageParser::default()
        .parse(&std::fs::read(&files[2]).unwrap())
        .unwrap()
        .to()
        .unwrap()
        .first()
        .unwrap()
        .name()
        .unwrap()
        .to_string();
    assert_eq!(third, "Zoë \"Z\" O'Brien");
    // A line break in a name is no header's end.
    let fourth = std::fs::read_to_string(&files[3]).unwrap();
    assert!(fourth.contains("Ana Ruiz"), "{fourth}");
    // Nothing half-written is left.
    assert!(
        files
            .iter()
            .all(|f| !f.to_string_lossy().contains(".bowout-part"))
    );
}

#[test]
fn a_rows_own_values_win_over_the_shared_ones() {
    let home = home();
    let csv = "recipient,recipient_email,position,reason\nAnn,c1@example.com,,\nBo,c2@example.com,Data Engineer,budget\n";
    let out = batch(home.path(), csv, &["--format", "json"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let rows: Vec<serde_json::Value> = stdout(&out)
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(rows.len(), 2);
    assert_eq!(rows[0]["row"], 1);
    assert!(
        rows[0]["subject"]
            .as_str()
            .unwrap()
            .contains("Data Analyst")
    );
    assert!(
        rows[1]["subject"]
            .as_str()
            .unwrap()
            .contains("Data Engineer")
    );
    assert!(rows[1]["body"].as_str().unwrap().contains("budget"));
    // Each line carries the whole message too.
    let message = rows[1]["message"].as_str().unwrap();
    assert!(message.contains("Message-ID: <"), "{message}");
    assert!(message.contains("<c2@example.com>"), "{message}");
}

#[test]
fn bad_rows_are_named_with_row_column_and_reason_and_the_rest_go_on() {
    let home = home();
    let csv = "\
recipient,recipient_email,interview_at,reason
Ann,ann@example.com,2026-12-03 10:00,
Bob,bob@example.com,someday,
Cy,cy@example,2026-12-03 11:00,
Di,di@example.com,2026-12-03 12:00,bored
Ed,ed@example.com,2026-12-03 13:00,,extra
Fay,ann@example.com,2026-12-03 14:00,
";
    let out = batch(home.path(), csv, &["--output-dir", "out"]);
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    let err = stderr(&out);
    assert!(err.contains("wrote 2 emails to out"), "{err}");
    assert!(err.contains("skipped 4 bad rows:"), "{err}");
    assert!(
        err.contains("row 2 (line 3), column interview_at: `interview_at` is not a date"),
        "{err}"
    );
    assert!(
        err.contains(
            "row 3 (line 4), column recipient_email: `recipient_email` is not an email address"
        ),
        "{err}"
    );
    assert!(
        err.contains(
            "row 4 (line 5), column reason: `bored` is not a reason for withdraw-invitation"
        ),
        "{err}"
    );
    assert!(
        err.contains("row 5 (line 6): 5 fields, where the header has 4"),
        "{err}"
    );
    // The same person twice is a warning, not a skip.
    assert!(
        err.contains("row 6 writes to ann@example.com again (as row 1 does)"),
        "{err}"
    );
    assert_eq!(emails_in(&home.path().join("out")).len(), 2);
}

#[test]
fn a_message_without_an_address_names_the_column_it_needs() {
    let home = home();
    let csv = "recipient,recipient_email\nAnn,\nBob,bob@example.com\n";
    let out = batch(home.path(), csv, &["--output-dir", "out"]);
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    assert!(
        stderr(&out)
            .contains("row 1 (line 2), column recipient_email: a message needs `recipient_email`"),
        "{}",
        stderr(&out)
    );
    // JSON lines need no address: the row is written, without a message.
    let out = batch(home.path(), csv, &["--format", "json"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let first: serde_json::Value =
        serde_json::from_str(stdout(&out).lines().next().unwrap()).unwrap();
    assert_eq!(first["message"], serde_json::Value::Null);
}

#[test]
fn a_missing_required_answer_names_its_column() {
    let home = home();
    let path = home.path().join("filled.csv");
    write(&path, "recipient,recipient_email\nAnn,ann@example.com\n");
    let out = bowout(home.path())
        .args(["batch", "--dry-run", "--now", "2026-11-29 12:00"])
        .arg(&path)
        .args([
            "--set",
            "situation=withdraw-invitation",
            "--set",
            "reason=budget",
        ])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    assert!(
        stdout(&out).contains("row 1 (line 2), column company: missing answers"),
        "{}",
        stdout(&out)
    );
}

#[test]
fn strict_writes_nothing_when_a_row_is_bad_and_dry_run_never_writes() {
    let home = home();
    let csv = "recipient,recipient_email,interview_at\nAnn,ann@example.com,2026-12-03 10:00\nBob,bob@example.com,soon\n";
    let out = batch(home.path(), csv, &["--output-dir", "out", "--strict"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(stderr(&out).contains("nothing was written (--strict): 1 of 2 rows is bad"));
    assert!(emails_in(&home.path().join("out")).is_empty());
    let out = batch(home.path(), csv, &["--dry-run"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        stdout(&out).starts_with("1 email would be written (dry run: nothing was written)"),
        "{}",
        stdout(&out)
    );
    assert!(
        !home
            .path()
            .join("out")
            .join("0001-ann@example.com.eml")
            .exists()
    );
}

#[test]
fn a_column_that_is_not_a_key_is_refused_naming_the_closest() {
    let home = home();
    let out = batch(
        home.path(),
        "recipient,recipent_email\nAnn,ann@example.com\n",
        &["--dry-run"],
    );
    said(
        &out,
        2,
        "column 2 is `recipent_email`, which is not an answer key (did you mean `recipient_email`?)",
    );
}

#[test]
fn what_is_not_csv_is_refused_in_one_line() {
    let home = home();
    for (bytes, message) in [
        (
            &b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR"[..],
            "is a binary file, not CSV",
        ),
        (
            &b"{\"situation\": \"cancel\"}\n"[..],
            "which is not an answer key",
        ),
        (&b""[..], "is empty"),
        (
            &b"recipient_email\n"[..],
            "has a header row but no rows under it",
        ),
        (
            &b"recipient,recipient\nA,B\n"[..],
            "the column `recipient` is there twice",
        ),
    ] {
        let path = home.path().join("in.csv");
        std::fs::write(&path, bytes).unwrap();
        let out = bowout(home.path())
            .args(["batch", "--dry-run"])
            .arg(&path)
            .output()
            .unwrap();
        said(&out, 2, message);
        assert!(stderr(&out).contains("in.csv"), "{}", stderr(&out));
        assert_eq!(stderr(&out).lines().count(), 1, "{}", stderr(&out));
    }
    let out = bowout(home.path())
        .args(["batch", "-", "--dry-run"])
        .output()
        .unwrap();
    said(&out, 2, "standard input is empty");
    let out = bowout(home.path())
        .args(["batch", "--dry-run"])
        .arg(home.path())
        .output()
        .unwrap();
    said(&out, 2, "is not a regular file");
    let out = bowout(home.path())
        .args(["batch"])
        .arg(home.path().join("in.csv"))
        .output()
        .unwrap();
    said(&out, 2, "say where the emails go");
}

#[test]
fn a_huge_field_skips_its_row_only() {
    let home = home();
    let csv = format!(
        "recipient,recipient_email\n{},big@example.com\nAnn,ann@example.com\n",
        "x".repeat(10 * 1024 * 1024)
    );
    let out = batch(home.path(), &csv, &["--format", "json"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        stderr(&out).contains(
            "row 1 (line 2), column recipient: 10485760 bytes long; a row is at most 64 KiB"
        ),
        "{}",
        stderr(&out)
    );
    assert_eq!(stdout(&out).lines().count(), 1);
}

#[test]
fn the_mbox_reads_back_with_pythons_mailbox() {
    let home = home();
    let mut csv = thirty();
    // A body line starting "From " must not start a new message.
    csv = csv.replace("Candidate 5", "From Here");
    let out = batch(
        home.path(),
        &csv,
        &[
            "--mbox",
            "out.mbox",
            "--set",
            "detail=From now on, all is well.",
        ],
    );
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let read = std::process::Command::new("python3")
        .arg("-c")
        .arg(
            "import mailbox,sys\n\
             for m in mailbox.mbox(sys.argv[1]):\n\
             \x20   print(m['To'].replace('\\n',' '), '|', m['Message-ID'], '|', m.get_payload(decode=True).decode().count('Kim Park'))",
        )
        .arg(home.path().join("out.mbox"))
        .output()
        .expect("python3 (scripts/test installs it)");
    let listed = String::from_utf8(read.stdout).unwrap();
    let lines: Vec<&str> = listed.lines().collect();
    assert_eq!(
        lines.len(),
        30,
        "{listed}{}",
        String::from_utf8_lossy(&read.stderr)
    );
    assert!(lines[0].contains("<c1@example.com> | <"), "{}", lines[0]);
    assert!(lines.iter().all(|l| l.ends_with("| 1")), "{listed}");
    // An mbox already there is kept unless --force.
    let out = batch(home.path(), &csv, &["--mbox", "out.mbox"]);
    said(&out, 2, "out.mbox is already there; give --force");
}

/// A mail command that takes the first two messages, then fails on the
/// third, until `fixed` exists; it keeps what it was given in `sent/`.
const MAILER: &str = "#!/bin/sh\n\
dir=$(dirname \"$0\")\n\
mkdir -p \"$dir/sent\"\n\
n=$(ls \"$dir/sent\" | wc -l)\n\
if [ \"$n\" -eq 2 ] && [ ! -e \"$dir/fixed\" ]; then cat >/dev/null; exit 75; fi\n\
cat > \"$dir/sent/$n.eml\"\n";

#[test]
fn a_failed_send_stops_keeps_the_journal_and_a_rerun_sends_nothing_twice() {
    let home = home();
    let mailer = home.path().join("mailer");
    write(&mailer, MAILER);
    std::fs::set_permissions(&mailer, std::os::unix::fs::PermissionsExt::from_mode(0o755)).unwrap();
    let csv: String = thirty()
        .lines()
        .filter(|l| !l.contains("Ana") && !l.contains("Ruiz"))
        .take(6)
        .map(|l| format!("{l}\n"))
        .collect();
    let pipe = mailer.to_str().unwrap();
    let out = batch(home.path(), &csv, &["--pipe", pipe]);
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    assert!(stderr(&out).contains("sent 2 emails"), "{}", stderr(&out));
    assert!(!stderr(&out).contains("already sent"), "{}", stderr(&out));
    assert!(
        stderr(&out).contains("stopped at row 3"),
        "{}",
        stderr(&out)
    );
    let journal = std::fs::read_to_string(home.path().join("filled.csv.sent")).unwrap();
    assert_eq!(journal.lines().count(), 2, "{journal}");
    // Mended, the same command carries on from row 3.
    write(&home.path().join("fixed"), "");
    let out = batch(home.path(), &csv, &["--pipe", pipe]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(
        stderr(&out).contains("sent 3 emails through"),
        "{}",
        stderr(&out)
    );
    assert!(stderr(&out).contains("2 rows were already sent before"));
    let sent = emails_in(&home.path().join("sent"));
    assert_eq!(sent.len(), 5);
    let mut to: Vec<String> = sent
        .iter()
        .map(|f| {
            let raw = std::fs::read(f).unwrap();
            let m = mail_parser::MessageParser::default().parse(&raw).unwrap();
            m.to()
                .unwrap()
                .first()
                .unwrap()
                .address()
                .unwrap()
                .to_string()
        })
        .collect();
    to.sort();
    assert_eq!(
        to,
        [
            "c1@example.com",
            "c2@example.com",
            "c3@example.com",
            "c5@example.com",
            "c6@example.com"
        ]
    );
    // A third run sends nothing.
    let out = batch(home.path(), &csv, &["--pipe", pipe]);
    assert!(stderr(&out).contains("sent 0 emails"), "{}", stderr(&out));
    assert_eq!(emails_in(&home.path().join("sent")).len(), 5);
}

#[test]
fn a_mail_command_that_hangs_is_stopped_at_the_timeout() {
    let home = home();
    let csv = "recipient,recipient_email\nAnn,ann@example.com\nBob,bob@example.com\n";
    let started = std::time::Instant::now();
    let out = batch(home.path(), csv, &["--pipe", "sleep 30", "--timeout", "1"]);
    assert!(started.elapsed().as_secs() < 20);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        stderr(&out).contains("stopped at row 1: `sleep 30` did not finish within 1 seconds"),
        "{}",
        stderr(&out)
    );
    assert!(!home.path().join("filled.csv.sent").exists());
}

#[test]
fn the_csv_comes_from_standard_input_too() {
    let home = home();
    let mut cmd = bowout(home.path());
    cmd.args(["batch", "-", "--format", "json"]).args(SHARED);
    let out = common::fed(cmd, thirty().as_bytes());
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert_eq!(stdout(&out).lines().count(), 30);
    // With --pipe, the journal needs a file to live beside.
    let out = bowout(home.path())
        .args(["batch", "-", "--pipe", "cat"])
        .output()
        .unwrap();
    said(&out, 2, "--pipe needs the CSV as a file");
}

#[test]
fn no_progress_bar_when_not_a_terminal() {
    let home = home();
    let mut csv = String::from("recipient,recipient_email\n");
    for i in 0..400 {
        csv.push_str(&format!("C {i},c{i}@example.com\n"));
    }
    let out = batch(home.path(), &csv, &["--output-dir", "out"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert_eq!(stderr(&out), "wrote 400 emails to out\n");
}

#[test]
fn a_long_run_on_a_terminal_shows_a_progress_bar() {
    let home = home();
    let mut csv = String::from("recipient,recipient_email\n");
    for i in 0..3000 {
        csv.push_str(&format!("C {i},c{i}@example.com\n"));
    }
    let path = home.path().join("filled.csv");
    write(&path, &csv);
    let mut cmd = common::bowout_in_terminal(home.path());
    cmd.env("TERM", "xterm")
        .arg("batch")
        .arg(&path)
        .args(SHARED)
        .args(["--output-dir"])
        .arg(home.path().join("out"));
    let mut pty = expectrl::Session::spawn(cmd).unwrap();
    pty.set_expect_timeout(Some(std::time::Duration::from_secs(60)));
    let found = expectrl::Expect::expect(&mut pty, expectrl::Eof).unwrap();
    let seen = String::from_utf8_lossy(found.get(0).unwrap_or_default()).into_owned();
    assert!(seen.contains("/3000 emails"), "{seen:?}");
    assert!(seen.contains("wrote 3000 emails"), "{seen:?}");
}

#[test]
fn files_already_there_are_kept_unless_forced_and_leftovers_are_swept() {
    let home = home();
    let csv = "recipient,recipient_email\nAnn,ann@example.com\nBob,bob@example.com\n";
    let out = batch(home.path(), csv, &["--output-dir", "out"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    // What a killed run left half-written goes at the next start.
    let leftover = home.path().join("out/.bowout-part1234");
    write(&leftover, "half a mess");
    let first = home.path().join("out/0001-ann@example.com.eml");
    write(&first, "mine");
    let out = batch(home.path(), csv, &["--output-dir", "out"]);
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    assert!(
        stderr(&out).contains("0001-ann@example.com.eml is already there; give --force"),
        "{}",
        stderr(&out)
    );
    assert_eq!(std::fs::read_to_string(&first).unwrap(), "mine");
    assert!(!leftover.exists());
    let out = batch(home.path(), csv, &["--output-dir", "out", "--force"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(
        std::fs::read_to_string(&first)
            .unwrap()
            .contains("Message-ID:")
    );
}

#[test]
fn a_journal_that_cannot_be_read_stops_before_sending() {
    let home = home();
    std::fs::create_dir_all(home.path().join("filled.csv.sent")).unwrap();
    let csv = "recipient,recipient_email\nAnn,ann@example.com\n";
    let out = batch(home.path(), csv, &["--pipe", "cat > sent.eml"]);
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    assert!(
        stderr(&out).contains("cannot read the journal"),
        "{}",
        stderr(&out)
    );
    assert!(!home.path().join("sent.eml").exists());
}

#[test]
fn an_output_that_is_the_wrong_kind_of_file_is_refused() {
    let home = home();
    let csv = "recipient,recipient_email\nAnn,ann@example.com\n";
    write(&home.path().join("taken"), "a file");
    let out = batch(home.path(), csv, &["--output-dir", "taken"]);
    said(&out, 2, "--output-dir taken is not a folder");
    std::fs::create_dir_all(home.path().join("box")).unwrap();
    let out = batch(home.path(), csv, &["--mbox", "box"]);
    said(&out, 2, "--mbox box is a folder");
}
