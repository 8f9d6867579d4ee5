//! The binary's contract: listings, formats, typed text kept exactly, and
//! every kind of bad input answered with exit code 2 and a message that says
//! what is valid.

mod common;

use common::{NOW, run, stderr, stdout};

const CANCEL: &[&str] = &[
    "--no-input",
    "--now",
    NOW,
    "--set",
    "situation=cancel",
    "--set",
    "reason=illness",
    "--set",
    "company=AT&T Labs",
    "--set",
    "position=Data Analyst",
    "--set",
    "sender=Zoë O'Brien-Ngata",
    "--set",
    "interview_at=2026-12-03 10:00",
];

fn with(extra: &[&'static str]) -> Vec<&'static str> {
    CANCEL.iter().chain(extra).copied().collect()
}

fn home() -> tempfile::TempDir {
    tempfile::tempdir().unwrap()
}

#[test]
fn typed_text_arrives_exactly_as_typed() {
    let h = home();
    let out = run(
        h.path(),
        &with(&[
            "--set",
            "recipient=Ms “Ana” Álvarez-李",
            "--set",
            "detail=I'm sorry — truly 🙏 <3 & thanks.",
        ]),
    );
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let text = stdout(&out);
    for typed in [
        "AT&T Labs",
        "Zoë O'Brien-Ngata",
        "Dear Ms “Ana” Álvarez-李,",
        "I'm sorry — truly 🙏 <3 & thanks.",
    ] {
        assert!(text.contains(typed), "{typed:?} missing from\n{text}");
    }
    assert!(!text.contains("&amp;") && !text.contains("&#"), "{text}");
}

#[test]
fn text_is_subject_blank_line_then_body() {
    let h = home();
    let text = stdout(&run(h.path(), &with(&[])));
    let subject = stdout(&run(h.path(), &with(&["--format", "subject"])));
    let body = stdout(&run(h.path(), &with(&["--format", "body"])));
    assert_eq!(
        subject,
        "Cancelling my interview: Data Analyst, 3 December\n"
    );
    assert_eq!(text, format!("Subject: {subject}\n{body}"));
    assert!(body.starts_with("Dear Hiring Manager,\n\n"), "{body}");
}

#[test]
fn json_has_subject_body_to_warnings_and_checklist() {
    let h = home();
    let out = run(
        h.path(),
        &with(&[
            "--format",
            "json",
            "--set",
            "recipient=Sam Lee",
            "--set",
            "recipient_email=sam@example.com",
            "--set",
            "interview_at=2026-11-27 08:00",
            "--set",
            "door_open=false",
        ]),
    );
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["to"], "Sam Lee <sam@example.com>");
    assert_eq!(
        v["subject"],
        "Cancelling my interview: Data Analyst, 27 November"
    );
    assert!(v["body"].as_str().unwrap().contains("short notice"));
    assert_eq!(v["checklist"]["timely"], false);
    assert_eq!(v["checklist"]["door_open"], false);
    assert_eq!(v["checklist"]["apology"], true);
    assert_eq!(v["checklist"]["reason"], true);
    assert!(
        v["warnings"][0]
            .as_str()
            .unwrap()
            .contains("less than 24 hours")
    );
}

#[test]
fn short_notice_warns_on_stderr_and_apologises_in_the_email() {
    let h = home();
    let out = run(h.path(), &with(&["--set", "interview_at=today 15:00"]));
    assert_eq!(out.status.code(), Some(0));
    assert_eq!(
        stderr(&out),
        "warning: The interview is today. Cancelling on the day is seen as unprofessional \
         unless it is a genuine emergency; call first, then confirm by email (--format phone \
         gives a call script).\n"
    );
    assert!(stdout(&out).contains("I apologise for the short notice"));
}

#[test]
fn a_past_interview_is_a_missed_one() {
    let h = home();
    let out = run(h.path(), &with(&["--set", "interview_at=yesterday 10:00"]));
    assert_eq!(out.status.code(), Some(0));
    assert!(stderr(&out).contains("missed interview"));
    assert!(stdout(&out).contains("apologies for missing my interview"));
}

#[test]
fn the_phone_script_covers_the_same_call() {
    let h = home();
    let out = stdout(&run(h.path(), &with(&["--format", "phone"])));
    assert!(
        out.starts_with("Call script: cancel, Data Analyst at AT&T Labs"),
        "{out}"
    );
    assert!(out.contains("I have fallen ill"), "{out}");
}

#[test]
fn situations_and_reasons_are_listed() {
    let h = home();
    let out = stdout(&run(h.path(), &["situations"]));
    assert_eq!(out.lines().count(), 6);
    assert!(
        out.starts_with("decline               candidate  say no to an interview invitation\n")
    );
    let out = stdout(&run(h.path(), &["reasons", "employer-reschedule"]));
    assert_eq!(
        out,
        "  interviewer-unavailable  the interviewer is unavailable\n  \
         scheduling-conflict      a scheduling conflict on our side\n  \
         process-change           our interview process changed\n  \
         no-reason                prefer not to say\n"
    );
}

fn fails_with(args: &[&str], message: &str) {
    let h = home();
    let out = run(h.path(), args);
    assert_eq!(out.status.code(), Some(2), "{args:?}: {}", stderr(&out));
    assert!(out.stdout.is_empty(), "{args:?} printed to stdout");
    let err = stderr(&out);
    assert!(
        err.contains(message),
        "{args:?}: expected {message:?} in\n{err}"
    );
    assert!(
        !err.contains("panicked") && !err.contains("backtrace"),
        "{err}"
    );
}

#[test]
fn a_missing_answer_is_named_with_its_key() {
    fails_with(
        &[
            "--no-input",
            "--set",
            "situation=decline",
            "--set",
            "reason=timing",
        ],
        "missing answers:\n  interview_at: when the interview is",
    );
    let h = home();
    let no_company: Vec<&str> = CANCEL
        .chunks(2)
        .filter(|c| !c.iter().any(|a| a.starts_with("company=")))
        .flatten()
        .copied()
        .collect();
    let out = run(h.path(), &no_company);
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(
        stderr(&out),
        "bowout: missing an answer:\n  company: the company\n\
         give it with --set KEY=VALUE or in the --answers file\n"
    );
}

#[test]
fn an_employer_email_needs_the_candidates_name() {
    fails_with(
        &with(&[
            "--set",
            "situation=withdraw-invitation",
            "--set",
            "reason=budget",
        ]),
        "recipient: who you are writing to",
    );
}

#[test]
fn an_unknown_reason_lists_the_valid_ones() {
    fails_with(
        &with(&["--set", "reason=bored"]),
        "`bored` is not a reason for cancel; valid reasons: medical-emergency, illness, \
         family-emergency, another-offer, conflicting-interview, changed-mind, no-reason",
    );
}

#[test]
fn an_unknown_situation_lists_the_valid_ones() {
    fails_with(
        &with(&["--set", "situation=ghost"]),
        "unknown situation `ghost`; valid situations: decline, cancel, reschedule, follow-up, \
         withdraw-invitation, employer-reschedule",
    );
    fails_with(&["reasons", "ghost"], "valid situations: decline, cancel");
}

#[test]
fn a_follow_up_takes_no_reason() {
    fails_with(
        &with(&["--set", "situation=follow-up"]),
        "`follow-up` takes no reason",
    );
}

#[test]
fn a_date_that_does_not_parse_shows_one_that_does() {
    fails_with(
        &with(&["--set", "interview_at=the thirty-second of Smarch"]),
        "try `2026-12-03 10:00`, `tomorrow 9am`",
    );
    fails_with(
        &["--no-input", "--now", "whenever"],
        "`--now` is not a date and time",
    );
}

#[test]
fn bad_keys_and_values_say_what_is_valid() {
    fails_with(
        &with(&["--set", "compnay=x"]),
        "unknown key `compnay` (did you mean `company`?)",
    );
    fails_with(&with(&["--set", "novalue"]), "--set takes KEY=VALUE");
    fails_with(
        &with(&["--set", "tone=loud"]),
        "`tone` must be formal or warm, not `loud`",
    );
    fails_with(
        &with(&["--set", "door_open=maybe"]),
        "`door_open` must be true or false",
    );
    fails_with(
        &with(&["--set", "recipient_email=not an address"]),
        "`recipient_email` is not an email address",
    );
    fails_with(
        &with(&["--format", "xml"]),
        "possible values: text, body, subject, json, phone",
    );
}

#[test]
fn a_broken_answers_file_names_the_line_and_column() {
    let h = home();
    let file = h.path().join("answers.toml");
    std::fs::write(&file, "situation = \"cancel\"\ncompany = \n").unwrap();
    fails_with(
        &["--no-input", "--answers", file.to_str().unwrap()],
        "TOML parse error at line 2, column 11",
    );
    std::fs::write(
        &file,
        "situation = \"cancel\"\nrecipent_email = \"a@b.c\"\n",
    )
    .unwrap();
    fails_with(
        &["--no-input", "--answers", file.to_str().unwrap()],
        "(did you mean `recipient_email`?)",
    );
    fails_with(
        &[
            "--no-input",
            "--answers",
            h.path().join("nope.toml").to_str().unwrap(),
        ],
        "nope.toml does not exist",
    );
}

#[test]
fn set_beats_the_answers_file() {
    let h = home();
    let file = h.path().join("answers.toml");
    std::fs::write(
        &file,
        "situation = \"decline\"\nreason = \"timing\"\ncompany = \"Initech\"\n\
         position = \"Tester\"\nsender = \"Ann\"\ninterview_at = \"2026-12-10 10:00\"\n",
    )
    .unwrap();
    let out = run(
        h.path(),
        &[
            "--no-input",
            "--now",
            NOW,
            "--answers",
            file.to_str().unwrap(),
            "--set",
            "company=Globex",
            "--format",
            "body",
        ],
    );
    let body = stdout(&out);
    assert!(body.contains("Tester role at Globex"), "{body}");
    assert!(!body.contains("Initech"), "{body}");
}

#[test]
fn the_wizard_without_a_terminal_points_to_no_input() {
    let h = home();
    let out = run(h.path(), &[]);
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(
        stderr(&out),
        "bowout: the wizard needs a terminal, and stdin or stderr is not one; to run without \
         it, pass --no-input with --answers FILE or --set KEY=VALUE (see bowout --help)\n"
    );
}

#[test]
fn resume_with_nothing_to_resume_says_so() {
    fails_with(&["--no-input", "--resume"], "there is nothing to resume");
}

#[test]
fn a_negative_detail_is_gently_warned_about_without_the_wizard_too() {
    let h = home();
    let out = run(
        h.path(),
        &with(&["--set", "detail=Frankly the team seemed disorganised."]),
    );
    assert_eq!(out.status.code(), Some(0));
    assert_eq!(
        stderr(&out),
        "warning: \"disorganised\" in your detail may read as negative; the advice is to keep \
         the reason honest but free of complaints about pay, the company or its people.\n"
    );
    assert!(
        stdout(&out).contains("Frankly the team seemed disorganised."),
        "the email keeps it"
    );
}
