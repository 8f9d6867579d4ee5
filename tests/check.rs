//! `bowout check`: the drafts in `tests/drafts/` against their expected
//! findings (golden files), the JSON report, `--allow` and `--deny`, the
//! exit codes, and input that is not a draft.

mod common;

use std::path::{Path, PathBuf};

use common::{bowout, golden, home, said, stderr, stdout, write};

/// The clock every draft is checked against.
const TODAY: &str = "2026-11-29 12:00";

fn drafts() -> Vec<PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/drafts");
    let mut found: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| matches!(p.extension().and_then(|e| e.to_str()), Some("txt" | "eml")))
        .collect();
    found.sort();
    found
}

/// The arguments a draft is checked with: `NAME.args`, one a line.
fn args_of(draft: &Path) -> Vec<String> {
    std::fs::read_to_string(draft.with_extension("args"))
        .map(|t| t.lines().map(String::from).collect())
        .unwrap_or_default()
}

#[test]
fn every_draft_gets_its_expected_findings() {
    let home = home();
    let all = drafts();
    assert!(all.len() >= 12, "the corpus has {} drafts", all.len());
    for draft in all {
        let dir = draft.parent().unwrap();
        let name = draft.file_name().unwrap().to_str().unwrap();
        let out = bowout(home.path())
            .current_dir(dir)
            .args(["check", name, "--now", TODAY])
            .args(args_of(&draft))
            .output()
            .unwrap();
        let report = format!(
            "{}--- stderr\n{}--- exit {}\n",
            stdout(&out),
            stderr(&out),
            out.status.code().unwrap_or(-1)
        );
        golden(&draft.with_extension("expected"), &report);
    }
}

/// The flaws each draft was written with, found at the line they are on:
/// (draft, id, line).
const FLAWS: &[(&str, &str, usize)] = &[
    ("careers-site.txt", "greeting-title", 3),
    ("careers-site.txt", "mixed-spelling", 13),
    ("careers-site.txt", "too-long", 19),
    ("chatbot.txt", "placeholder", 1),
    ("chatbot.txt", "placeholder", 3),
    ("chatbot.txt", "placeholder", 6),
    ("chatbot.txt", "placeholder", 9),
    ("chatbot.txt", "placeholder", 13),
    ("terse.txt", "greeting", 1),
    ("terse.txt", "thanks", 1),
    ("terse.txt", "sign-off", 1),
    ("terse.txt", "door-shut", 1),
    ("over-sharing.txt", "over-sharing", 5),
    ("over-sharing.txt", "over-sharing", 6),
    ("over-sharing.txt", "negative-detail", 7),
    ("over-sharing.txt", "over-sharing", 7),
    ("over-sharing.txt", "negative-detail", 8),
    ("wrong-weekday.txt", "weekday", 6),
    ("wrong-weekday.txt", "past-date", 9),
    ("wrong-weekday.txt", "time-without-day", 11),
    ("mixed-spelling.txt", "mixed-spelling", 7),
    ("mixed-spelling.txt", "mixed-spelling", 8),
    ("mixed-spelling.txt", "shouting", 10),
    ("door-shut.txt", "door-shut", 6),
    ("short-notice.txt", "apology", 5),
    ("context-notice.txt", "apology", 5),
    ("first-name-title.txt", "greeting-title", 3),
    ("recruiter-reply.eml", "negative-detail", 14),
    ("recruiter-reply.eml", "door-shut", 17),
    ("sign-off-no-name.txt", "sign-off", 11),
    ("no-reason-decline.txt", "reason", 5),
    ("private-family.txt", "over-sharing", 6),
    ("employer-negative.txt", "negative-detail", 6),
    ("double-bracket.txt", "placeholder", 1),
    ("double-bracket.txt", "placeholder", 3),
    ("no-sign-off.txt", "sign-off", 8),
    ("unfilled-variables.txt", "placeholder", 1),
    ("unfilled-variables.txt", "placeholder", 12),
    ("stock-decline.txt", "reason", 5),
    ("stock-decline.txt", "door-shut", 12),
    ("stock-decline.txt", "placeholder", 13),
    ("employer-cancelled.txt", "door-shut", 11),
    ("reschedule-tomorrow.txt", "apology", 5),
];

/// Drafts with nothing to change.
const GOOD: &[&str] = &[
    "good-cancel.txt",
    "good-reschedule.txt",
    "employer-withdraw.txt",
    "spanish.txt",
    "sub-label.txt",
    "subject-line-label.txt",
    "us-cancel.txt",
    "employer-move.txt",
    "missed-owned.txt",
];

fn findings(draft: &str) -> Vec<serde_json::Value> {
    let home = home();
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/drafts")
        .join(draft);
    let out = bowout(home.path())
        .args(["check", "--format", "json", "--now", TODAY])
        .arg(&path)
        .args(args_of(&path))
        .output()
        .unwrap();
    assert!(matches!(out.status.code(), Some(0 | 1)), "{}", stderr(&out));
    serde_json::from_str::<Vec<serde_json::Value>>(&stdout(&out)).unwrap()
}

#[test]
fn every_flaw_in_the_corpus_is_found_at_its_line() {
    for (draft, id, line) in FLAWS {
        let found = findings(draft);
        assert!(
            found
                .iter()
                .any(|f| f["id"] == *id && f["line"] == *line as u64),
            "{draft}: no {id} on line {line}: {found:#?}"
        );
    }
    for draft in GOOD {
        assert_eq!(findings(draft), Vec::<serde_json::Value>::new(), "{draft}");
    }
}

#[test]
fn json_gives_every_field_of_a_finding() {
    let found = findings("over-sharing.txt");
    let awful = found
        .iter()
        .find(|f| f["message"].as_str().unwrap().contains("\"awful\""))
        .unwrap();
    assert_eq!(awful["id"], "negative-detail");
    assert_eq!(awful["severity"], "warning");
    assert_eq!(awful["line"], 8);
    assert_eq!(awful["column"], 1);
    assert!(
        awful["suggestion"]
            .as_str()
            .unwrap()
            .contains("short and neutral")
    );
}

fn check(home: &Path, args: &[&str], draft: &str) -> std::process::Output {
    let path = home.join("draft.txt");
    write(&path, draft);
    bowout(home)
        .args(["check", "--now", TODAY])
        .args(args)
        .arg(&path)
        .output()
        .unwrap()
}

const PLACEHOLDER: &str = "Dear [Name],\n\nThank you for the invitation. I must decline, as I \
have accepted another offer. I hope our paths cross again.\n\nKind regards,\nSam\n";

#[test]
fn exit_codes_follow_the_severity() {
    let home = home();
    // A placeholder is an error: exit 1.
    let out = check(home.path(), &[], PLACEHOLDER);
    assert_eq!(out.status.code(), Some(1), "{}", stdout(&out));
    assert!(stdout(&out).contains(":1:6: error[placeholder]: \"[Name]\""));
    // Allowed, it is not reported at all, and the run passes.
    let out = check(home.path(), &["--allow", "placeholder"], PLACEHOLDER);
    assert_eq!(out.status.code(), Some(0), "{}", stdout(&out));
    assert!(!stdout(&out).contains("placeholder"), "{}", stdout(&out));
    // A warning passes, unless it is denied.
    let shouty = PLACEHOLDER
        .replace("[Name]", "Ms Lee")
        .replace("decline", "DECLINE!!");
    let out = check(home.path(), &[], &shouty);
    assert_eq!(out.status.code(), Some(0), "{}", stdout(&out));
    assert!(stdout(&out).contains("warning[shouting]"));
    let out = check(home.path(), &["--deny", "shouting"], &shouty);
    assert_eq!(out.status.code(), Some(1), "{}", stdout(&out));
    assert!(stdout(&out).contains("error[shouting]"));
    // Several at once, with commas.
    let out = check(home.path(), &["--allow", "shouting,placeholder"], &shouty);
    assert!(!stdout(&out).contains("shouting"), "{}", stdout(&out));
}

#[test]
fn an_unknown_check_is_refused_with_the_closest() {
    let home = home();
    let out = check(home.path(), &["--allow", "shoutin"], PLACEHOLDER);
    said(
        &out,
        2,
        "there is no check `shoutin`; did you mean `shouting`?",
    );
    let out = check(
        home.path(),
        &["--allow", "shouting", "--deny", "shouting"],
        PLACEHOLDER,
    );
    said(&out, 2, "`shouting` is given to both --allow and --deny");
}

#[test]
fn context_comes_from_the_answers() {
    let home = home();
    let draft = "Dear Ms Rivera,\n\nI need to cancel my interview for the Analyst role, as I \
have accepted another offer. I hope our paths cross again.\n\nThank you for your time.\n\n\
Kind regards,\nSam Lee\n";
    // Two days away, no apology is needed; tomorrow, one is.
    let out = check(
        home.path(),
        &["--set", "interview_at=2026-12-04 10:00"],
        draft,
    );
    assert!(!stdout(&out).contains("apology]"), "{}", stdout(&out));
    let out = check(
        home.path(),
        &["--set", "interview_at=tomorrow 10:00"],
        draft,
    );
    assert!(
        stdout(&out).contains(":3:1: warning[apology]"),
        "{}",
        stdout(&out)
    );
    // From an answers file too.
    let answers = home.path().join("a.toml");
    write(
        &answers,
        "situation = \"cancel\"\ninterview_at = \"tomorrow 10:00\"\n",
    );
    let out = check(
        home.path(),
        &["--answers", answers.to_str().unwrap()],
        draft,
    );
    assert!(
        stdout(&out).contains("warning[apology]"),
        "{}",
        stdout(&out)
    );
    // The situation guessed is said, on stderr.
    let out = check(home.path(), &[], draft);
    assert!(
        stderr(&out).contains("this reads as `cancel`"),
        "{}",
        stderr(&out)
    );
    let out = check(home.path(), &["--set", "situation=cancel"], draft);
    assert!(!stderr(&out).contains("reads as"), "{}", stderr(&out));
    // Bad answers are refused as anywhere else.
    let out = check(home.path(), &["--set", "situation=cancle"], draft);
    said(&out, 2, "unknown situation `cancle`");
    let out = check(home.path(), &["--set", "interview_at=soonish"], draft);
    said(&out, 2, "`interview_at` is not a date and time");
}

#[test]
fn the_draft_comes_from_standard_input_too() {
    let home = home();
    // As `-`, and with no file at all when standard input is not a terminal.
    for given in [&["-"][..], &[]] {
        let mut cmd = bowout(home.path());
        cmd.arg("check").args(given).args(["--now", TODAY]);
        let out = common::fed(cmd, PLACEHOLDER.as_bytes());
        assert_eq!(out.status.code(), Some(1), "{given:?}: {}", stderr(&out));
        assert!(
            stdout(&out).starts_with("<stdin>:1:6: error[placeholder]"),
            "{given:?}: {}",
            stdout(&out)
        );
    }
}

#[test]
fn what_is_not_a_draft_is_refused_in_one_line() {
    let home = home();
    let dir = home.path();
    let cases: Vec<(PathBuf, &str)> = vec![
        (dir.join("empty.txt"), "is empty"),
        (dir.join("binary"), "is a binary file"),
        (dir.join("latin1.txt"), "is not UTF-8 text (byte 7"),
        (dir.join("big.txt"), "is larger than 1 MiB"),
        (dir.join("blank.txt"), "is empty"),
        (dir.to_path_buf(), "is a directory"),
        (dir.join("missing.txt"), "does not exist"),
    ];
    std::fs::write(dir.join("empty.txt"), b"").unwrap();
    std::fs::write(dir.join("binary"), b"\x7fELF\x02\x01\x01\x00\x00\x00\x00").unwrap();
    std::fs::write(dir.join("latin1.txt"), b"Dear M\xfcller,\n").unwrap();
    std::fs::write(dir.join("big.txt"), "Thank you. ".repeat(100_000)).unwrap();
    std::fs::write(dir.join("blank.txt"), b"\n  \n\t\n").unwrap();
    for (path, message) in cases {
        let out = bowout(dir).arg("check").arg(&path).output().unwrap();
        said(&out, 2, message);
        assert_eq!(stderr(&out).lines().count(), 1, "{}", stderr(&out));
        assert!(stdout(&out).is_empty());
    }
}

#[test]
fn a_draft_in_another_language_gets_one_note() {
    let home = home();
    let out = check(
        home.path(),
        &[],
        "Sehr geehrte Frau Weber,\n\nleider muss ich mein Vorstellungsgespräch am Freitag \
absagen, da ich ein anderes Angebot angenommen habe. Vielen Dank für Ihre Zeit und Ihr \
Verständnis.\n\nMit freundlichen Grüßen\nJonas Richter\n",
    );
    assert_eq!(out.status.code(), Some(0));
    assert_eq!(stderr(&out).matches("note:").count(), 1, "{}", stderr(&out));
    assert!(stderr(&out).contains("does not read as English"));
    assert!(!stdout(&out).contains("warning"), "{}", stdout(&out));
}

/// `bowout check` on a draft in a pseudo-terminal: everything it printed.
fn in_terminal(home: &Path, no_color: bool) -> String {
    let path = home.join("draft.txt");
    write(&path, PLACEHOLDER);
    let mut cmd = common::bowout_in_terminal(home);
    cmd.env("TERM", "xterm")
        .args(["check", "--now", TODAY])
        .arg(&path);
    if !no_color {
        cmd.env_remove("NO_COLOR");
    }
    let mut pty = expectrl::Session::spawn(cmd).unwrap();
    pty.set_expect_timeout(Some(std::time::Duration::from_secs(60)));
    let found = expectrl::Expect::expect(&mut pty, expectrl::Eof).unwrap();
    String::from_utf8_lossy(found.get(0).unwrap_or_default()).into_owned()
}

#[test]
fn colour_on_a_terminal_unless_no_color_and_never_in_a_pipe() {
    let home = home();
    let coloured = in_terminal(home.path(), false);
    assert!(
        coloured.contains("\x1b[31m") || coloured.contains("\x1b[1m"),
        "{coloured:?}"
    );
    assert!(coloured.contains("[placeholder]"), "{coloured:?}");
    let plain = in_terminal(home.path(), true);
    assert!(!plain.contains('\x1b'), "{plain:?}");
    assert!(plain.contains("error[placeholder]"), "{plain:?}");
    // Piped, there is no colour even when NO_COLOR is not set.
    let path = home.path().join("draft.txt");
    let out = bowout(home.path())
        .env_remove("NO_COLOR")
        .args(["check", "--now", TODAY])
        .arg(&path)
        .output()
        .unwrap();
    assert!(!stdout(&out).contains('\x1b'), "{:?}", stdout(&out));
}

#[test]
fn the_readme_shows_what_bowout_check_prints_for_its_draft() {
    let readme =
        std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("README.md")).unwrap();
    let shown = readme
        .split_once("<!-- check -->\n```\n")
        .and_then(|(_, rest)| rest.split_once("```\n<!-- /check -->"))
        .map(|(block, _)| block)
        .expect("the README's check example");
    let home = home();
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/drafts");
    let out = bowout(home.path())
        .current_dir(&dir)
        .args(["check", "draft.txt", "--now", TODAY])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    // A terminal shows the note (stderr) before the findings.
    let draft = std::fs::read_to_string(dir.join("draft.txt")).unwrap();
    assert_eq!(
        shown,
        format!(
            "$ cat draft.txt\n{draft}$ bowout check draft.txt\n{}{}",
            stderr(&out),
            stdout(&out)
        )
    );
}

#[test]
fn help_and_completions_list_every_check_from_its_table() {
    let home = home();
    let help = stdout(
        &bowout(home.path())
            .args(["check", "--help"])
            .output()
            .unwrap(),
    );
    let bash = stdout(
        &bowout(home.path())
            .args(["completions", "bash"])
            .output()
            .unwrap(),
    );
    for rule in bowout::check::RULES {
        let line = help
            .lines()
            .find(|l| l.trim_start().starts_with(&format!("{} ", rule.id)))
            .unwrap_or_else(|| panic!("{} is not in the help:\n{help}", rule.id));
        assert!(line.contains(rule.about), "{line}");
        assert!(bash.contains(rule.id), "{} is not completed", rule.id);
    }
    // A check's level is named where it is not a warning.
    assert!(
        help.contains("(error)") && help.contains("(note)"),
        "{help}"
    );
}

#[test]
fn at_60_columns_findings_wrap_at_spaces_and_every_word_is_whole() {
    let home = home();
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/drafts");
    // The size is set while a shell waits, so that bowout reads 60 columns.
    let mut cmd = common::bowout_in_terminal(home.path());
    cmd.env("TERM", "xterm")
        .current_dir(&dir)
        .args(["check", "draft.txt", "--now", TODAY]);
    let mut pty = common::spawn_sized(&cmd, 60, 40);
    pty.set_expect_timeout(Some(std::time::Duration::from_secs(60)));
    let found = expectrl::Expect::expect(&mut pty, expectrl::Eof).unwrap();
    let size = |n: u16| std::num::NonZeroU16::new(n).unwrap();
    let mut parser = vt100::Parser::new(size(40), size(60), 0);
    parser.process(found.get(0).unwrap_or_default());
    let rows: Vec<String> = parser.screen().rows(0, 60).collect();
    let screen = rows.join("\n");
    // What the same run prints to a pipe, one finding a line.
    let piped = stdout(
        &bowout(home.path())
            .current_dir(&dir)
            .args(["check", "draft.txt", "--now", TODAY])
            .output()
            .unwrap(),
    );
    let read = screen.split_whitespace().collect::<Vec<_>>().join(" ");
    for line in piped.lines() {
        let words = line.split_whitespace().collect::<Vec<_>>().join(" ");
        assert!(read.contains(&words), "not whole: {words:?}\n{screen}");
    }
    // A finding's later rows hang under its first.
    assert!(rows.iter().any(|r| r.starts_with("    ")), "{screen}");
}

#[test]
fn a_huge_match_is_quoted_short_with_its_length() {
    let h = home();
    let email = |greeting: &str, middle: &str| {
        format!(
            "{greeting},\n\nThank you for the invitation. I am sorry, but I cannot come to the \
             interview, as I have accepted another offer.{middle}\n\nI hope our paths cross \
             again.\n\nKind regards,\nSam\n"
        )
    };
    let long = "x".repeat(10_000);
    for (draft, id, n) in [
        (email("Dear Sam", &"!".repeat(200_000)), "shouting", 200_000),
        (
            email("Dear Sam", &format!(" {}SORRY.", "THIS IS ".repeat(2_000))),
            "shouting",
            16_005,
        ),
        (
            email("Dear Sam", &format!(" [[{long}]]")),
            "placeholder",
            10_000,
        ),
    ] {
        for format in ["human", "json"] {
            let out = check(h.path(), &["--format", format], &draft);
            let text = stdout(&out);
            assert!(
                text.contains(id),
                "{format}: {id}: {}{}",
                &text[..text.len().min(300)],
                stderr(&out)
            );
            assert!(
                text.contains(&format!("… ({n} characters)")),
                "{format}: {id}: {}{}",
                &text[..text.len().min(300)],
                stderr(&out)
            );
            for line in text.lines() {
                assert!(line.len() < 1000, "{format}: {}…", &line[..300]);
            }
        }
    }
}
