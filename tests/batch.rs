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
        let day = 1 + (i + 1) % 28;
        assert_eq!(
            msg.subject(),
            Some(format!("Interview cancelled: Data Analyst, {day} December – Acme & Co").as_str())
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
    write(
        &path,
        "recipient,recipient_email,company,position,sender\nAnn,ann@example.com,,Analyst,Kim\n",
    );
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
        stdout(&out).contains("row 1 (line 2), column company: missing an answer: company"),
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
        (&b",,\nAnn,ann@example.com,\n"[..], "has no header row"),
        (&b" , \nAnn,ann@example.com\n"[..], "has no header row"),
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
fn a_row_of_exactly_the_limit_is_read_and_one_byte_more_is_not() {
    let home = home();
    // The fields' bytes, as the limit counts them: a name, an address and
    // a blank signature padded to the limit.
    let fixed = "Ann".len() + "ann@example.com".len();
    for (pad, ok) in [
        (bowout::batch::MAX_ROW - fixed, true),
        (bowout::batch::MAX_ROW - fixed + 1, false),
    ] {
        let csv = format!(
            "recipient,recipient_email,signature\nAnn,ann@example.com,{}\n",
            " ".repeat(pad)
        );
        let out = batch(home.path(), &csv, &["--format", "json"]);
        if ok {
            assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
            assert_eq!(stdout(&out).lines().count(), 1);
        } else {
            assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
            assert!(
                stderr(&out).contains(&format!("column signature: {pad} bytes long")),
                "{}",
                stderr(&out)
            );
        }
    }
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
    // Each row noted before its command started, and after it ended.
    let journal = std::fs::read_to_string(home.path().join("filled.csv.sent")).unwrap();
    let states: Vec<(&str, &str)> = journal
        .lines()
        .map(|l| {
            let f: Vec<&str> = l.split('\t').collect();
            (f[0], f[3])
        })
        .collect();
    assert_eq!(
        states,
        [
            ("1", "sending"),
            ("1", "sent"),
            ("2", "sending"),
            ("2", "sent"),
            ("3", "sending"),
            ("3", "failed")
        ],
        "{journal}"
    );
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
    // Stopped, the command may have sent: a rerun asks first, and sends nothing.
    assert!(
        stderr(&out).contains("so it may have been sent"),
        "{}",
        stderr(&out)
    );
    let out = batch(home.path(), csv, &["--pipe", "cat >> sent.txt"]);
    said(
        &out,
        2,
        "row 1 (to ann@example.com, line 2) may have been sent: a run was stopped while \
         `cat >> sent.txt` had it, so nothing was sent this time. Check your Sent folder, then \
         run again with --resend 1 to send it again, or with --skip-unsure to leave it unsent",
    );
    assert!(!home.path().join("sent.txt").exists());
    // The person's word: send it again.
    let out = batch(
        home.path(),
        csv,
        &["--pipe", "cat >> sent.txt", "--resend", "1"],
    );
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let sent = std::fs::read_to_string(home.path().join("sent.txt")).unwrap();
    assert_eq!(sent.matches("Message-ID:").count(), 2, "{sent}");
    // A row the journal has as sent goes again too, when the person says so.
    let out = batch(
        home.path(),
        csv,
        &["--pipe", "cat >> sent.txt", "--resend", "2"],
    );
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(
        stderr(&out).contains("sent 1 email through"),
        "{}",
        stderr(&out)
    );
    let sent = std::fs::read_to_string(home.path().join("sent.txt")).unwrap();
    assert_eq!(sent.matches("<bob@example.com>").count(), 2, "{sent}");
    // A row number the file has not is refused.
    let out = batch(
        home.path(),
        csv,
        &["--pipe", "cat >> sent.txt", "--resend", "3"],
    );
    said(&out, 2, "--resend 3: ");
    assert!(stderr(&out).contains("has 2 rows"), "{}", stderr(&out));
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
    // What a killed run left half-written goes at the next start, once it
    // is old enough not to be another run's.
    let leftover = home
        .path()
        .join(format!("out/.bowout-{}-part", common::gone_pid()));
    write(&leftover, "half a mess");
    common::age(&leftover, 7200);
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
    said(&out, 2, "the journal ");
    assert!(
        stderr(&out).contains("is a directory, not a file bowout can read"),
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

fn mkfifo(path: &Path) {
    let status = std::process::Command::new("mkfifo")
        .arg(path)
        .status()
        .unwrap();
    assert!(status.success());
}

/// A character device of the test's own (as root, a copy of /dev/null made
/// with mknod), so that a regression could never replace the system's.
fn mknod(path: &Path) -> bool {
    std::process::Command::new("mknod")
        .args([path.to_str().unwrap(), "c", "1", "3"])
        .stderr(std::process::Stdio::null())
        .status()
        .is_ok_and(|s| s.success())
}

fn kind_of(path: &Path) -> &'static str {
    use std::os::unix::fs::FileTypeExt;
    let t = std::fs::symlink_metadata(path).unwrap().file_type();
    if t.is_symlink() {
        "link"
    } else if t.is_fifo() {
        "fifo"
    } else if t.is_char_device() {
        "device"
    } else if t.is_file() {
        "file"
    } else {
        "other"
    }
}

#[test]
fn force_never_replaces_a_device_a_pipe_or_a_link_to_one_at_the_mbox() {
    let home = home();
    let csv = "recipient,recipient_email\nAnn,ann@example.com\n";
    let device = home.path().join("device");
    let mut odd = vec![];
    if mknod(&device) {
        odd.push(("device", "a device, which bowout never replaces"));
    }
    mkfifo(&home.path().join("fifo"));
    odd.push(("fifo", "a named pipe, which bowout never replaces"));
    std::os::unix::fs::symlink("/dev/null", home.path().join("to-null")).unwrap();
    odd.push(("to-null", "leads to a device, which bowout never replaces"));
    for (name, message) in odd {
        let before = kind_of(&home.path().join(name));
        for force in [true, false] {
            let mut args = vec!["--mbox", name];
            if force {
                args.push("--force");
            }
            let mut cmd = bowout(home.path());
            cmd.current_dir(home.path())
                .arg("batch")
                .arg(write_csv(home.path(), csv))
                .args(SHARED)
                .args(&args);
            let out = common::within(cmd, 60).expect("bowout hung");
            said(&out, 2, message);
            assert_eq!(kind_of(&home.path().join(name)), before, "{name}");
        }
    }
    // A link to a regular file stays a link; the file is replaced.
    write(&home.path().join("real.mbox"), "old");
    std::os::unix::fs::symlink("real.mbox", home.path().join("link.mbox")).unwrap();
    let out = batch(home.path(), csv, &["--mbox", "link.mbox", "--force"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert_eq!(kind_of(&home.path().join("link.mbox")), "link");
    let mbox = std::fs::read_to_string(home.path().join("real.mbox")).unwrap();
    assert!(mbox.starts_with("From kim@acme.example "), "{mbox}");
    // Nothing half-written is left beside it.
    let names: Vec<String> = std::fs::read_dir(home.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.starts_with(".bowout"))
        .collect();
    assert!(names.is_empty(), "{names:?}");
}

fn write_csv(home: &Path, csv: &str) -> std::path::PathBuf {
    let path = home.join("filled.csv");
    write(&path, csv);
    path
}

#[test]
fn force_never_replaces_a_device_or_a_pipe_in_the_output_dir() {
    let home = home();
    let csv = "recipient,recipient_email\nAnn,ann@example.com\nBob,bob@example.com\n";
    let out_dir = home.path().join("out");
    std::fs::create_dir_all(&out_dir).unwrap();
    let second = out_dir.join("0002-bob@example.com.eml");
    let mut odd = vec![];
    if mknod(&second) {
        odd.push("a device");
    } else {
        mkfifo(&second);
        odd.push("a named pipe");
    }
    for force in [true, false] {
        let mut args = vec!["--output-dir", "out"];
        if force {
            args.push("--force");
        }
        let mut cmd = bowout(home.path());
        cmd.current_dir(home.path())
            .arg("batch")
            .arg(write_csv(home.path(), csv))
            .args(SHARED)
            .args(&args);
        let out = common::within(cmd, 60).expect("bowout hung");
        said(&out, 2, "0002-bob@example.com.eml is ");
        assert!(stderr(&out).contains(odd[0]), "{}", stderr(&out));
        // Refused before anything was written.
        assert!(!out_dir.join("0001-ann@example.com.eml").exists());
    }
    assert_ne!(kind_of(&second), "file");
    std::fs::remove_file(&second).unwrap();
    mkfifo(&second);
    let out = common::within(
        {
            let mut cmd = bowout(home.path());
            cmd.current_dir(home.path())
                .arg("batch")
                .arg(write_csv(home.path(), csv))
                .args(SHARED)
                .args(["--output-dir", "out", "--force"]);
            cmd
        },
        60,
    )
    .expect("bowout hung");
    said(&out, 2, "a named pipe, which bowout never replaces");
    assert_eq!(kind_of(&second), "fifo");
    // A link to a regular file there stays a link; the file is replaced.
    std::fs::remove_file(&second).unwrap();
    write(&home.path().join("mine.eml"), "old");
    std::os::unix::fs::symlink(home.path().join("mine.eml"), &second).unwrap();
    let out = batch(home.path(), csv, &["--output-dir", "out", "--force"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert_eq!(kind_of(&second), "link");
    assert!(
        std::fs::read_to_string(home.path().join("mine.eml"))
            .unwrap()
            .contains("<bob@example.com>")
    );
}

/// Runs a --pipe batch with a hang limit.
fn piped(home: &Path, csv: &str, args: &[&str]) -> Output {
    let mut cmd = bowout(home);
    cmd.current_dir(home)
        .arg("batch")
        .arg(write_csv(home, csv))
        .args(SHARED)
        .args(args);
    common::within(cmd, 60).expect("bowout hung")
}

#[test]
fn a_journal_that_is_not_a_file_is_refused_at_once() {
    let home = home();
    let csv = "recipient,recipient_email\nAnn,ann@example.com\n";
    let journal = home.path().join("filled.csv.sent");
    mkfifo(&journal);
    let started = std::time::Instant::now();
    let out = piped(home.path(), csv, &["--pipe", "cat >> sent.txt"]);
    said(&out, 2, "the journal ");
    assert!(stderr(&out).contains("is a named pipe"), "{}", stderr(&out));
    std::fs::remove_file(&journal).unwrap();
    std::os::unix::fs::symlink("/dev/zero", &journal).unwrap();
    let out = piped(home.path(), csv, &["--pipe", "cat >> sent.txt"]);
    said(&out, 2, "is a device");
    assert!(started.elapsed().as_secs() < 30);
    assert!(!home.path().join("sent.txt").exists());
}

#[test]
fn a_journal_bowout_did_not_write_is_named_with_its_line_and_nothing_is_sent() {
    let home = home();
    let csv = "recipient,recipient_email\nAnn,ann@example.com\nBob,bob@example.com\n";
    let journal = home.path().join("filled.csv.sent");
    let good = "1\t0123456789abcdef\tann@example.com\tsent\n";
    for (text, line, what) in [
        (
            [good.as_bytes(), b"2\t0123456789abcdef\tbob@\xff\tsent\n"].concat(),
            2,
            "is not UTF-8 text",
        ),
        (
            format!("{good}{good}Ann,ann@example.com\n").into_bytes(),
            3,
            "is `Ann,ann@example.com`",
        ),
        (
            format!("{good}1\t0123456789abcdef\tann@example.com\tmaybe\n").into_bytes(),
            2,
            "is `1\t0123456789abcdef\tann@example.com\tmaybe`, where bowout writes a row number",
        ),
    ] {
        std::fs::write(&journal, &text).unwrap();
        let out = piped(home.path(), csv, &["--pipe", "cat >> sent.txt"]);
        said(
            &out,
            2,
            &format!(
                "the journal {} is not one bowout wrote: line {line} {what}",
                journal.display()
            ),
        );
        assert!(
            stderr(&out).contains("nothing was sent")
                && stderr(&out).contains("move it aside to send every row again"),
            "{}",
            stderr(&out)
        );
        assert!(!home.path().join("sent.txt").exists());
        assert_eq!(std::fs::read(&journal).unwrap(), text, "left as it was");
    }
}

#[test]
fn a_journal_written_before_is_still_read() {
    let home = home();
    let csv = "recipient,recipient_email\nAnn,ann@example.com\nBob,bob@example.com\n";
    // Sent by an older bowout: three fields a line, no state.
    let out = piped(home.path(), csv, &["--pipe", "cat >> sent.txt"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let journal = home.path().join("filled.csv.sent");
    let old: String = std::fs::read_to_string(&journal)
        .unwrap()
        .lines()
        .filter(|l| l.ends_with("\tsent") && l.starts_with("1\t"))
        .map(|l| format!("{}\n", l.trim_end_matches("\tsent")))
        .collect();
    assert_eq!(old.lines().count(), 1, "{old}");
    std::fs::write(&journal, &old).unwrap();
    std::fs::remove_file(home.path().join("sent.txt")).unwrap();
    let out = piped(home.path(), csv, &["--pipe", "cat >> sent.txt"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(
        stderr(&out).contains("sent 1 email through `cat >> sent.txt`; 1 row was already sent"),
        "{}",
        stderr(&out)
    );
    let sent = std::fs::read_to_string(home.path().join("sent.txt")).unwrap();
    assert!(sent.contains("<bob@example.com>") && !sent.contains("<ann@example.com>"));
}

/// A mail command that keeps each message in `sent/`, and on its third
/// holds (when `hold` exists): it says so in `started`, then waits for a
/// line on the named pipe `go`, as a slow mail server would.
const HOLDING_MAILER: &str = "#!/bin/sh\n\
dir=$(dirname \"$0\")\n\
mkdir -p \"$dir/sent\"\n\
n=$(ls \"$dir/sent\" | wc -l)\n\
cat > \"$dir/sent/$n.eml\"\n\
if [ \"$n\" -eq 2 ] && [ -e \"$dir/hold\" ]; then rm \"$dir/hold\"; touch \"$dir/started\"; read x < \"$dir/go\"; fi\n";

fn five() -> String {
    let mut csv = String::from("recipient,recipient_email\n");
    for i in 1..=5 {
        csv.push_str(&format!("C {i},c{i}@example.com\n"));
    }
    csv
}

/// Who the messages in `sent/` went to, sorted.
fn sent_to(home: &Path) -> Vec<String> {
    let mut to: Vec<String> = emails_in(&home.join("sent"))
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
    to
}

/// Starts a --pipe batch whose third send holds, and waits until it does.
fn held_batch(home: &Path) -> std::process::Child {
    let mailer = home.join("mailer");
    write(&mailer, HOLDING_MAILER);
    std::fs::set_permissions(&mailer, std::os::unix::fs::PermissionsExt::from_mode(0o755)).unwrap();
    mkfifo(&home.join("go"));
    write(&home.join("hold"), "");
    let mut cmd = bowout(home);
    cmd.current_dir(home)
        .arg("batch")
        .arg(write_csv(home, &five()))
        .args(SHARED)
        .args(["--pipe", mailer.to_str().unwrap()])
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped());
    let child = cmd.spawn().unwrap();
    let started = std::time::Instant::now();
    while !home.join("started").exists() {
        assert!(
            started.elapsed().as_secs() < 60,
            "the third send never started"
        );
        std::thread::sleep(std::time::Duration::from_millis(20));
    }
    child
}

/// Lets the held send finish.
fn release(home: &Path) {
    std::fs::write(home.join("go"), "\n").unwrap();
}

fn signal(pid: u32, name: &str) {
    let status = std::process::Command::new("kill")
        .args(["-s", name, &pid.to_string()])
        .status()
        .unwrap();
    assert!(status.success());
}

#[test]
fn a_signal_during_a_send_lets_it_finish_notes_it_and_a_rerun_sends_the_rest_once() {
    for (name, code, said_as) in [
        ("TERM", 143, "stopped by SIGTERM"),
        ("HUP", 129, "stopped by SIGHUP"),
        ("INT", 130, "stopped by Ctrl-C (SIGINT)"),
    ] {
        let home = home();
        let child = held_batch(home.path());
        signal(child.id(), name);
        release(home.path());
        let out = child.wait_with_output().unwrap();
        assert_eq!(out.status.code(), Some(code), "{name}: {}", stderr(&out));
        let err = stderr(&out);
        assert!(err.contains("sent 3 emails through"), "{err}");
        assert!(
            err.contains(&format!(
                "{said_as}: the send under way (row 3) was let finish and noted in the journal, \
                 and no row after it was started"
            )),
            "{err}"
        );
        assert_eq!(sent_to(home.path()).len(), 3);
        // The rerun sends the other two, and nothing twice.
        let mailer = home.path().join("mailer");
        let out = piped(home.path(), &five(), &["--pipe", mailer.to_str().unwrap()]);
        assert_eq!(out.status.code(), Some(0), "{name}: {}", stderr(&out));
        assert!(
            stderr(&out).contains("sent 2 emails through"),
            "{}",
            stderr(&out)
        );
        assert_eq!(
            sent_to(home.path()),
            (1..=5)
                .map(|i| format!("c{i}@example.com"))
                .collect::<Vec<_>>(),
            "{name}"
        );
    }
}

#[test]
fn a_send_cut_off_by_kill_is_never_sent_again_without_the_persons_word() {
    let home = home();
    let mut child = held_batch(home.path());
    child.kill().unwrap(); // SIGKILL: no chance to note anything
    child.wait().unwrap();
    // The mail command, in a group of its own, finishes the send all the same.
    release(home.path());
    assert_eq!(sent_to(home.path()).len(), 3);
    let mailer = home.path().join("mailer");
    let pipe = mailer.to_str().unwrap();
    let out = piped(home.path(), &five(), &["--pipe", pipe]);
    said(
        &out,
        2,
        "row 3 (to c3@example.com, line 4) may have been sent: a run was stopped while",
    );
    assert!(
        stderr(&out).contains("--resend 3 to send it again, or with --skip-unsure"),
        "{}",
        stderr(&out)
    );
    assert_eq!(sent_to(home.path()).len(), 3, "nothing sent");
    // The person checked: it went. The rest go once.
    let out = piped(home.path(), &five(), &["--pipe", pipe, "--skip-unsure"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(
        stderr(&out).contains(
            "sent 2 emails through"
        ) && stderr(&out).contains("2 rows were already sent before (in the journal); 1 row that a stopped run may have sent left unsent (--skip-unsure)"),
        "{}",
        stderr(&out)
    );
    assert_eq!(
        sent_to(home.path()),
        (1..=5)
            .map(|i| format!("c{i}@example.com"))
            .collect::<Vec<_>>()
    );
    // And is not asked about again.
    let out = piped(home.path(), &five(), &["--pipe", pipe]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(stderr(&out).contains("sent 0 emails"), "{}", stderr(&out));
    assert_eq!(sent_to(home.path()).len(), 5);
}

#[test]
fn resend_and_skip_unsure_need_pipe() {
    let home = home();
    let csv = "recipient,recipient_email\nAnn,ann@example.com\n";
    for extra in [&["--resend", "1"][..], &["--skip-unsure"][..]] {
        let mut args = vec!["--output-dir", "out"];
        args.extend_from_slice(extra);
        let out = batch(home.path(), csv, &args);
        said(&out, 2, "--pipe");
    }
}

#[test]
fn one_recipient_on_every_row_is_one_warning_line() {
    let home = home();
    let mut csv = String::from("recipient,recipient_email\n");
    for i in 0..5000 {
        csv.push_str(&format!("C {i},Same@Example.com\n"));
    }
    let out = batch(home.path(), &csv, &["--dry-run"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert_eq!(
        stderr(&out),
        "warning: row 2 writes to same@example.com again (as row 1 does), and 4,998 more rows \
         to the same address\n"
    );
}

#[test]
fn unique_recipients_past_the_first_thousand_are_never_taken_for_repeats() {
    let home = home();
    let mut csv = String::from("recipient,recipient_email\n");
    for i in 0..3000 {
        csv.push_str(&format!("C {i},c{i}@example.com\n"));
    }
    csv.push_str("Again,c2500@example.com\n");
    let out = batch(home.path(), &csv, &["--dry-run"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    // The earlier row is named, wherever it is.
    assert_eq!(
        stderr(&out),
        "warning: row 3001 writes to c2500@example.com again (as row 2501 does)\n"
    );
}

#[test]
fn a_200_mb_field_is_read_past_in_little_memory() {
    let home = home();
    let path = home.path().join("filled.csv");
    {
        use std::io::Write;
        let mut f = std::io::BufWriter::new(std::fs::File::create(&path).unwrap());
        f.write_all(b"recipient,recipient_email\n\"").unwrap();
        let chunk = vec![b'x'; 1024 * 1024];
        for _ in 0..200 {
            f.write_all(&chunk).unwrap();
        }
        f.write_all(b"\",big@example.com\nAnn,ann@example.com\n")
            .unwrap();
    }
    // Under a 256 MiB address-space limit, reading the field whole aborts.
    let mut cmd = std::process::Command::new("sh");
    cmd.arg("-c")
        .arg("ulimit -v 262144; exec \"$0\" \"$@\"")
        .arg(env!("CARGO_BIN_EXE_bowout"))
        .arg("batch")
        .arg(&path)
        .args(SHARED)
        .args(["--format", "json"])
        .env_clear()
        .env("TZ", "UTC")
        .env("HOME", home.path())
        .env("XDG_CONFIG_HOME", home.path().join("config"))
        .env("XDG_STATE_HOME", home.path().join("state"))
        .stdin(std::process::Stdio::null());
    let out = common::within(cmd, 120).expect("bowout hung");
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    assert!(
        stderr(&out).contains(
            "row 1 (line 2), column recipient: 209715200 bytes long; a row is at most 64 KiB"
        ),
        "{}",
        stderr(&out)
    );
    assert_eq!(stdout(&out).lines().count(), 1);
}

#[test]
fn an_answer_no_row_has_is_one_usage_error_before_any_row_is_written() {
    let home = home();
    let mut csv = String::from("recipient,recipient_email\n");
    for i in 0..2000 {
        csv.push_str(&format!("C {i},c{i}@example.com\n"));
    }
    let shared: Vec<&str> = SHARED
        .iter()
        .copied()
        .filter(|a| !a.starts_with("sender_email="))
        .collect();
    let path = write_csv(home.path(), &csv);
    let out = bowout(home.path())
        .current_dir(home.path())
        .arg("batch")
        .arg(&path)
        .args(&shared[..shared.len() - 1])
        .args(["--mbox", "out.mbox"])
        .output()
        .unwrap();
    said(
        &out,
        2,
        "lacks `sender_email`: it is not a column, and no answer every row shares gives it. \
         Give it for every row with --set sender_email=…, or add a column sender_email to the file",
    );
    assert_eq!(stderr(&out).lines().count(), 1, "{}", stderr(&out));
    assert!(!home.path().join("out.mbox").exists());
    // So is a needed answer no row gives, whatever each row's situation.
    let out = batch(
        home.path(),
        "situation,recipient_email\nwithdraw-invitation,a@example.com\ncancel,b@example.com\n",
        &["--dry-run", "--set", "company="],
    );
    said(&out, 2, "lacks `company`");
    // And one the shared situation needs, which another would not.
    let out = batch(
        home.path(),
        "recipient,recipient_email\nAnn,a@example.com\nBo,b@example.com\n",
        &[
            "--dry-run",
            "--set",
            "situation=cancel",
            "--set",
            "reason=illness",
        ],
    );
    said(&out, 2, "lacks `interview_at`");
}

#[test]
fn many_bad_rows_of_one_kind_are_told_a_few_times_then_counted() {
    let home = home();
    let mut csv = String::from("recipient,recipient_email,interview_at\n");
    for i in 0..500 {
        csv.push_str(&format!("C {i},c{i}@example.com,someday {i}\n"));
    }
    csv.push_str("Ann,ann@example.com,2026-12-03 10:00\n");
    let out = batch(home.path(), &csv, &["--output-dir", "out"]);
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    let err = stderr(&out);
    assert!(err.contains("skipped 500 bad rows:"), "{err}");
    assert!(
        err.contains("  row 1 (line 2), column interview_at: `interview_at` is not a date"),
        "{err}"
    );
    assert!(
        err.contains("  row 3 (line 4), column interview_at:"),
        "{err}"
    );
    assert!(!err.contains("row 4 (line 5)"), "{err}");
    assert!(err.contains("  … and 497 more rows like row 3"), "{err}");
    assert!(err.lines().count() < 10, "{err}");
}

#[test]
fn rows_are_numbered_alike_when_checked_and_when_written() {
    let home = home();
    // A quoted line break in row 1 and a blank line before row 2: each
    // row's line is the one it starts on, in every message.
    let csv = "recipient,recipient_email\n\"Ann\nRuiz\",ann@example.com\n\nBob,bob@example.com\nCy,cy@example\n";
    let out = batch(home.path(), csv, &["--format", "json"]);
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    assert!(
        stderr(&out).contains("row 3 (line 6), column recipient_email"),
        "{}",
        stderr(&out)
    );
    let rows: Vec<u64> = stdout(&out)
        .lines()
        .map(|l| {
            serde_json::from_str::<serde_json::Value>(l).unwrap()["row"]
                .as_u64()
                .unwrap()
        })
        .collect();
    assert_eq!(rows, [1, 2]);
    // A template that fails while writing names the row as the check does.
    let templates = home.path().join("config/bowout/templates");
    write(
        &templates.join("withdraw-invitation.hbs"),
        "Subject: x\n\n{{nonexistent}}\n",
    );
    let out = batch(home.path(), csv, &["--format", "json"]);
    said(&out, 2, "row 1 (line 2): template ");
}

#[test]
fn a_pipe_or_process_substitution_is_read_as_standard_input_is() {
    let home = home();
    let csv_path = write_csv(home.path(), &thirty());
    // bash's <(cat rows.csv) hands bowout /dev/fd/N, a pipe.
    let script = format!("exec \"$0\" batch <(cat '{}') \"$@\"", csv_path.display());
    let mut cmd = std::process::Command::new("bash");
    cmd.arg("-c")
        .arg(&script)
        .arg(env!("CARGO_BIN_EXE_bowout"))
        .args(SHARED)
        .args(["--format", "json"])
        .env_clear()
        .env("PATH", std::env::var_os("PATH").unwrap_or_default())
        .env("TZ", "UTC")
        .env("HOME", home.path())
        .env("XDG_CONFIG_HOME", home.path().join("config"))
        .env("XDG_STATE_HOME", home.path().join("state"))
        .stdin(std::process::Stdio::null());
    let out = common::within(cmd, 60).expect("bowout hung");
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert_eq!(stdout(&out).lines().count(), 30);
    // A named pipe too.
    let fifo = home.path().join("rows.fifo");
    mkfifo(&fifo);
    let feeder = {
        let fifo = fifo.clone();
        let text = thirty();
        std::thread::spawn(move || std::fs::write(fifo, text))
    };
    let mut cmd = bowout(home.path());
    cmd.arg("batch")
        .arg(&fifo)
        .args(SHARED)
        .args(["--format", "json"]);
    let out = common::within(cmd, 60).expect("bowout hung");
    feeder.join().unwrap().unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert_eq!(stdout(&out).lines().count(), 30);
    // The journal needs a file to live beside.
    let script = format!("exec \"$0\" batch <(cat '{}') \"$@\"", csv_path.display());
    let mut cmd = std::process::Command::new("bash");
    cmd.arg("-c")
        .arg(&script)
        .arg(env!("CARGO_BIN_EXE_bowout"))
        .args(SHARED)
        .args(["--pipe", "cat"])
        .env_clear()
        .env("HOME", home.path())
        .stdin(std::process::Stdio::null());
    let out = common::within(cmd, 60).expect("bowout hung");
    said(&out, 2, "--pipe needs the CSV as a file");
    // An endless device is refused at its start, not kept.
    let out = common::within(
        {
            let mut cmd = bowout(home.path());
            cmd.args(["batch", "/dev/zero", "--dry-run"]);
            cmd
        },
        60,
    )
    .expect("bowout hung");
    said(&out, 2, "/dev/zero is a binary file, not CSV");
}
