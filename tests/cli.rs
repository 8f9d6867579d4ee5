//! The binary's contract: listings, formats, typed text kept exactly, and
//! every kind of bad input answered with exit code 2 and a message that says
//! what is valid.

mod common;

use common::{NOW, bowout, home, run, said, stderr, stdout};

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

fn with<'a>(extra: &[&'a str]) -> Vec<&'a str> {
    CANCEL.iter().chain(extra).copied().collect()
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
        // A title goes with the surname.
        "Dear Ms Álvarez-李,",
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
        "Cancelling my interview: Data Analyst, 3 December – Zoë O'Brien-Ngata\n"
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
        "Cancelling my interview: Data Analyst, 27 November – Zoë O'Brien-Ngata"
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
    assert!(
        stdout(&out).contains("I am very sorry that I missed my interview"),
        "{}",
        stdout(&out)
    );
}

#[test]
fn the_phone_script_covers_the_same_call() {
    let h = home();
    let out = stdout(&run(h.path(), &with(&["--format", "phone"])));
    assert!(out.starts_with("What to say when you call\n"), "{out}");
    assert!(
        out.contains("\"Hello, this is Zoë O'Brien-Ngata. I'm unwell, so sadly I can't make our Data Analyst interview"),
        "{out}"
    );
    assert!(
        out.contains("If you get their voicemail (say it slowly; under 30 seconds):"),
        "{out}"
    );
    // Read aloud: the date as said, a number to call back, the name twice.
    assert!(out.contains("next Thursday, the third, at ten"), "{out}");
    assert!(!out.contains("10:00") && !out.contains("2026"), "{out}");
    assert!(out.contains("(say your number, slowly)"), "{out}");
    let voicemail = out.split("voicemail").nth(1).unwrap();
    assert_eq!(voicemail.matches("Zoë O'Brien-Ngata").count(), 2, "{out}");
    assert!(!out.contains("cancel,"), "no raw ids: {out}");
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

#[test]
fn every_way_of_asking_for_help_fits_fifty_columns() {
    let h = home();
    for ask in [&["-h"][..], &["help"], &["--help"]] {
        let out = bowout(h.path())
            .env("COLUMNS", "50")
            .args(ask)
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(0), "{ask:?}: {}", stderr(&out));
        let help = stdout(&out);
        // The examples and the answer keys, written for these columns.
        assert!(help.contains("Answers (for --set"), "{ask:?}: {help}");
        for line in help.lines() {
            assert!(
                line.chars().count() <= 50,
                "{ask:?} is wider than 50 columns: {line:?}\n{help}"
            );
        }
    }
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
fn an_invitation_not_yet_scheduled_needs_no_date() {
    let h = home();
    let out = run(
        h.path(),
        &[
            "--no-input",
            "--set",
            "situation=decline",
            "--set",
            "reason=timing",
            "--set",
            "company=Acme",
            "--set",
            "position=Analyst",
            "--set",
            "sender=Sam Lee",
        ],
    );
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let text = stdout(&out);
    assert!(
        text.contains("Thank you for inviting me to interview for the Analyst role at Acme. "),
        "{text}"
    );
}

#[test]
fn dates_are_written_as_given_with_no_invented_time() {
    let h = home();
    for (given, written) in [
        ("2026-12-04", "on Friday 4 December 2026 for"),
        ("tomorrow", "on Friday 27 November 2026 for"),
        ("tomorrow 9am", "on Friday 27 November 2026 at 09:00 for"),
    ] {
        let at = format!("interview_at={given}");
        let out = run(h.path(), &with(&["--set", &at]));
        assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
        assert!(stdout(&out).contains(written), "{given}: {}", stdout(&out));
        assert!(!stdout(&out).contains("00:00"), "{}", stdout(&out));
    }
    let out = run(
        h.path(),
        &with(&["--set", "interview_at=2026-12-04", "--set", "english=us"]),
    );
    assert!(
        stdout(&out).contains("on Friday, December 4 for"),
        "{}",
        stdout(&out)
    );
    let out = run(
        h.path(),
        &with(&[
            "--set",
            "interview_at=2026-12-04 14:30",
            "--set",
            "english=us",
        ]),
    );
    assert!(
        stdout(&out).contains("on Friday, December 4, at 2:30 p.m."),
        "{}",
        stdout(&out)
    );
}

#[test]
fn a_value_that_is_not_a_date_is_refused_with_an_example() {
    for bad in ["x", "soon", "nxt wednesday 10:00"] {
        fails_with(
            &[
                "--no-input",
                "--set",
                "situation=cancel",
                "--set",
                "reason=illness",
                "--set",
                "company=A",
                "--set",
                "position=B",
                "--set",
                "sender=C",
                "--set",
                &format!("interview_at={bad}"),
            ],
            "try `2026-12-03 10:00`",
        );
    }
}

#[test]
fn proposed_times_are_read_and_checked() {
    let h = home();
    let base = [
        "--no-input",
        "--now",
        NOW,
        "--set",
        "situation=reschedule",
        "--set",
        "reason=travel",
        "--set",
        "company=A",
        "--set",
        "position=B",
        "--set",
        "sender=C",
        "--set",
        "interview_at=2026-12-03 10:00",
        "--format",
        "body",
    ];
    let mut args: Vec<&str> = base.to_vec();
    args.extend(["--set", "alternatives=2026-12-07 10:00; Thursday 10 December, afternoon; 2026-11-20 10:00; 2026-12-07 10:00"]);
    let out = run(h.path(), &args);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let body = stdout(&out);
    assert!(body.contains("- Monday 7 December at 10:00\n"), "{body}");
    assert!(
        body.contains("- Thursday 10 December, afternoon\n"),
        "{body}"
    );
    assert_eq!(body.matches("Monday 7 December").count(), 1, "{body}");
    let err = stderr(&out);
    assert!(
        err.contains("`2026-11-20 10:00` has already passed"),
        "{err}"
    );
    assert!(
        err.contains("`2026-12-07 10:00` is proposed twice"),
        "{err}"
    );
    let mut args: Vec<&str> = base.to_vec();
    args.extend(["--set", "alternatives=nxt wednesday 10:00"]);
    let out = run(h.path(), &args);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out)
            .contains("`alternatives` has a time bowout cannot read: `nxt wednesday 10:00`"),
        "{}",
        stderr(&out)
    );
}

#[test]
fn english_is_uk_or_us_and_follows_the_locale() {
    fails_with(
        &["--no-input", "--set", "english=fr"],
        "`english` must be uk (British English) or us (American English), not `fr`",
    );
    let h = home();
    let mut args = with(&[]);
    args.retain(|a| *a != "--no-input");
    let out = bowout(h.path())
        .env("LANG", "en_US.UTF-8")
        .arg("--no-input")
        .args(&args)
        .output()
        .unwrap();
    assert!(
        stdout(&out).contains("I apologize") || stdout(&out).contains("Best regards"),
        "{}",
        stdout(&out)
    );
    let out = bowout(h.path())
        .env("LANG", "en_GB.UTF-8")
        .arg("--no-input")
        .args(&args)
        .output()
        .unwrap();
    assert!(stdout(&out).contains("Kind regards"), "{}", stdout(&out));
}

#[test]
fn greetings_are_the_ones_people_use() {
    let h = home();
    for (recipient, tone, greeting) in [
        ("Ms. Zoë Nakamura", "formal", "Dear Ms Nakamura,"),
        ("Ms. Zoë Nakamura", "warm", "Hello Zoë,"),
        ("Zoë Nakamura", "formal", "Dear Zoë Nakamura,"),
        ("Zoë Nakamura", "warm", "Hello Zoë,"),
        ("dr ngozi adeyemi", "formal", "Dear Dr adeyemi,"),
        ("Hiring Team", "warm", "Hello Hiring Team,"),
        ("", "warm", "Dear Hiring Manager,"),
    ] {
        let (r, t) = (format!("recipient={recipient}"), format!("tone={tone}"));
        let out = run(h.path(), &with(&["--set", &r, "--set", &t]));
        assert!(
            stdout(&out).contains(&format!("\n{greeting}\n")),
            "{recipient} {tone}: {}",
            stdout(&out)
        );
    }
    let out = run(
        h.path(),
        &with(&[
            "--set",
            "recipient=Ms. Zoë Nakamura",
            "--set",
            "greeting=Zoë-san",
        ]),
    );
    assert!(
        stdout(&out).contains("\nDear Zoë-san,\n"),
        "{}",
        stdout(&out)
    );
    let out = run(
        h.path(),
        &with(&["--set", "recipient=Ms. Zoë Nakamura", "--set", "english=us"]),
    );
    assert!(
        stdout(&out).contains("\nDear Ms. Nakamura,\n"),
        "{}",
        stdout(&out)
    );
}

#[test]
fn text_is_tidied_where_names_and_details_meet_the_wording() {
    let h = home();
    let out = run(
        h.path(),
        &with(&[
            "--set",
            "company=Smith & O'Brien Ltd.",
            "--set",
            "detail=my doctor said i should rest",
        ]),
    );
    let text = stdout(&out);
    assert!(!text.replace("...", "").contains(".."), "{text}");
    assert!(text.contains(" My doctor said I should rest."), "{text}");
    let out = run(h.path(), &with(&["--set", "detail= ... "]));
    assert!(
        stderr(&out).contains("The detail has no words in it"),
        "{}",
        stderr(&out)
    );
    assert!(!stdout(&out).contains(" ... "), "{}", stdout(&out));
}

#[test]
fn a_call_already_made_is_mentioned() {
    let h = home();
    for (called, says) in [
        (
            "spoke",
            "As promised on the phone earlier, I am confirming this in writing.",
        ),
        (
            "voicemail",
            "I tried to reach you by phone earlier and left a voicemail.",
        ),
    ] {
        let c = format!("called={called}");
        let out = run(
            h.path(),
            &with(&["--set", "interview_at=tomorrow 8am", "--set", &c]),
        );
        assert!(stdout(&out).contains(says), "{}", stdout(&out));
    }
    // With days of notice there was no call to mention.
    let out = run(h.path(), &with(&["--set", "called=spoke"]));
    assert!(!stdout(&out).contains("phone earlier"), "{}", stdout(&out));
}

#[test]
fn a_missing_answer_is_named_with_its_key() {
    fails_with(
        &[
            "--no-input",
            "--set",
            "situation=cancel",
            "--set",
            "reason=illness",
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
    let out = run::<&str>(h.path(), &[]);
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

#[test]
fn the_checklist_marks_what_does_not_apply_as_not_applicable() {
    let h = home();
    let out = run(
        h.path(),
        &[
            "--no-input",
            "--now",
            NOW,
            "--set",
            "situation=follow-up",
            "--set",
            "company=A",
            "--set",
            "position=B",
            "--set",
            "sender=C",
            "--format",
            "json",
        ],
    );
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    for step in ["timely", "reason", "apology"] {
        assert!(v["checklist"][step].is_null(), "{step}: {}", v["checklist"]);
    }
    for step in ["gratitude", "door_open", "sign_off"] {
        assert_eq!(v["checklist"][step], true, "{step}: {}", v["checklist"]);
    }
}

#[test]
fn a_detail_that_makes_a_brief_email_too_long_gets_a_warning() {
    let h = home();
    let detail = format!("detail={}", "Word ".repeat(60));
    let out = run(
        h.path(),
        &with(&["--set", "length=brief", "--set", &detail]),
    );
    said(&out, 0, "brief means 80 at most, so shorten the detail");
    let out = run(h.path(), &with(&["--set", "length=brief"]));
    assert_eq!(stderr(&out), "");
}

#[test]
fn output_flags_with_the_wizard_are_refused_not_ignored() {
    fails_with(
        &[
            "--set",
            "situation=cancel",
            "--format",
            "phone",
            "--output",
            "out.txt",
        ],
        "--format, --output are for running without the wizard; add --no-input",
    );
    fails_with(&["--copy"], "--copy is for running without the wizard");
}

#[test]
fn a_past_date_gets_the_warning_of_the_side_that_writes() {
    let h = home();
    let past = |situation: &str| {
        let out = run(
            h.path(),
            &[
                "--no-input",
                "--now",
                "2026-12-01 09:00",
                "--set",
                &format!("situation={situation}"),
                "--set",
                "reason=no-reason",
                "--set",
                "company=Acme",
                "--set",
                "position=Analyst",
                "--set",
                "sender=Sam",
                "--set",
                "recipient=Zoë",
                "--set",
                "interview_at=2026-11-30 10:00",
            ],
        );
        assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
        stderr(&out)
    };
    let candidate = past("cancel");
    assert!(
        candidate.contains("this is a missed interview"),
        "{candidate}"
    );
    for employer in ["withdraw-invitation", "employer-reschedule"] {
        let warned = past(employer);
        assert!(
            warned.contains("owns the late notice"),
            "{employer}: {warned}"
        );
        assert!(!warned.contains("missed interview"), "{employer}: {warned}");
    }
}

#[test]
fn the_version_names_the_commit_it_was_built_from() {
    let h = home();
    let out = run(h.path(), &["--version"]);
    assert_eq!(out.status.code(), Some(0));
    let version = stdout(&out);
    assert!(
        version.starts_with(&format!("bowout {}", env!("CARGO_PKG_VERSION"))),
        "{version}"
    );
    let dir = env!("CARGO_MANIFEST_DIR");
    let head = std::process::Command::new("git")
        .args(["-C", dir, "rev-parse", "--short=12", "HEAD"])
        .output()
        .ok()
        .filter(|o| o.status.success() && std::path::Path::new(dir).join(".git").exists());
    match head {
        Some(o) => {
            let commit = String::from_utf8_lossy(&o.stdout).trim().to_string();
            assert!(version.contains(&format!("(commit {commit}")), "{version}");
        }
        // Built from a packaged crate: the version alone.
        None => assert!(!version.contains("commit"), "{version}"),
    }
}

/// A cancel, a withdrawal or a move on 1 December at 09:00, with the date
/// given as `date`.
fn on_the_first(situation: &str, date: &str) -> Vec<String> {
    let reason = if situation == "employer-reschedule" {
        "no-reason"
    } else {
        "illness"
    };
    let reason = if situation == "withdraw-invitation" {
        "budget"
    } else {
        reason
    };
    [
        "--no-input",
        "--now",
        "2026-12-01 09:00",
        "--set",
        &format!("situation={situation}"),
        "--set",
        &format!("reason={reason}"),
        "--set",
        "company=Acme",
        "--set",
        "position=Analyst",
        "--set",
        "sender=Sam",
        "--set",
        "recipient=Kim Lee",
        "--set",
        &format!("interview_at={date}"),
    ]
    .map(String::from)
    .to_vec()
}

const MISSED: &[&str] = &[
    "Missed interview",
    "missed my interview",
    "couldn't hold",
    "could not hold",
    "could not go ahead",
    "tell you sooner",
    "already passed",
    "after the date we had set",
];

#[test]
fn a_day_without_a_time_is_past_only_when_it_is_over() {
    let h = home();
    for situation in [
        "cancel",
        "reschedule",
        "withdraw-invitation",
        "employer-reschedule",
    ] {
        for today in ["today", "2026-12-01", "1 December 2026"] {
            let out = run(h.path(), &on_the_first(situation, today));
            assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
            let all = format!("{}{}", stdout(&out), stderr(&out));
            for missed in MISSED {
                assert!(
                    !all.contains(missed),
                    "{situation} {today}: {missed}\n{all}"
                );
            }
            assert!(
                all.contains("The interview is today"),
                "{situation} {today}\n{all}"
            );
        }
        let out = run(h.path(), &on_the_first(situation, "tomorrow"));
        let all = format!("{}{}", stdout(&out), stderr(&out));
        assert!(
            all.contains("less than 24 hours away"),
            "{situation}\n{all}"
        );
        // The day before is over, and so is this morning's time.
        for past in ["2026-11-30", "yesterday", "today 08:00"] {
            let out = run(h.path(), &on_the_first(situation, past));
            let all = format!("{}{}", stdout(&out), stderr(&out));
            assert!(all.contains("already passed"), "{situation} {past}\n{all}");
        }
    }
    // An all-day event in an invitation is a whole day too.
    let ics = h.path().join("all-day.ics");
    common::write(
        &ics,
        "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//t//t//EN\r\nBEGIN:VEVENT\r\n\
         UID:day-1@acme.example\r\nDTSTAMP:20261127T120000Z\r\n\
         DTSTART;VALUE=DATE:20261201\r\nDTEND;VALUE=DATE:20261202\r\n\
         SUMMARY:Interview: Analyst at Acme\r\n\
         ORGANIZER;CN=Kim Lee:mailto:kim@acme.example\r\n\
         ATTENDEE;CN=Sam:mailto:sam@example.com\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n",
    );
    let mut args = on_the_first("cancel", "today");
    args.truncate(args.len() - 2); // the date comes from the invitation
    args.extend(["--invite".into(), ics.display().to_string()]);
    let out = run(h.path(), &args);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let all = format!("{}{}", stdout(&out), stderr(&out));
    for missed in MISSED {
        assert!(!all.contains(missed), "invitation: {missed}\n{all}");
    }
    assert!(all.contains("The interview is today"), "{all}");
}

/// A cancel on the given date, from 1 December 2026, in a locale.
fn dated(h: &std::path::Path, lang: &str, date: &str) -> std::process::Output {
    let mut cmd = bowout(h);
    cmd.env("LANG", lang).args(on_the_first("cancel", date));
    cmd.output().unwrap()
}

#[test]
fn a_numeric_date_that_reads_two_ways_is_refused_with_both_in_the_locales_order() {
    let h = home();
    let out = dated(h.path(), "en_GB.UTF-8", "5/12/2026 10:00");
    said(
        &out,
        2,
        "`interview_at` has a date that reads two ways: `5/12/2026` is Saturday 5 December \
         2026 (day first) or Tuesday 12 May 2026 (month first); give it year first, as \
         `2026-12-05` or `2026-05-12`",
    );
    assert!(stdout(&out).is_empty());
    let out = dated(h.path(), "en_US.UTF-8", "5/12/2026 10:00");
    said(
        &out,
        2,
        "`5/12/2026` is Tuesday 12 May 2026 (month first) or Saturday 5 December 2026 (day \
         first); give it year first, as `2026-05-12` or `2026-12-05`",
    );
    // LC_TIME speaks for dates over LANG, and LC_ALL over both.
    let mut cmd = bowout(h.path());
    cmd.env("LANG", "en_GB.UTF-8")
        .env("LC_TIME", "en_US.UTF-8")
        .args(on_the_first("cancel", "5.12.2026"));
    said(&cmd.output().unwrap(), 2, "(month first) or");
    // One reading only: read, in either locale.
    for lang in ["en_GB.UTF-8", "en_US.UTF-8"] {
        for typed in ["31/12/2026 10:00", "12/31/2026 10:00", "31.12.2026 10:00"] {
            let out = dated(h.path(), lang, typed);
            assert_eq!(out.status.code(), Some(0), "{typed}: {}", stderr(&out));
            assert!(
                stdout(&out).contains("Thursday 31 December 2026 at 10:00")
                    || stdout(&out).contains("Thursday, December 31, at 10:00 a.m."),
                "{lang} {typed}: {}",
                stdout(&out)
            );
        }
    }
}

#[test]
fn dates_that_cannot_be_right_are_refused_not_taken_silently() {
    let h = home();
    for (typed, message) in [
        (
            "Friday 5 December 2026 10:00",
            "5 December 2026 is a Saturday, not a Friday",
        ),
        ("friday 13", "13 December 2026, a Sunday, not a Friday"),
        ("0000-01-01 10:00", "bowout takes dates from 1970 to 2100"),
        ("0001-01-01 10:00", "falls in the year 1"),
        ("1969-12-01 10:00", "falls in the year 1969"),
        ("2026-12-05 10:00 PST", "letters that several zones share"),
        (
            "Thursday 9 December, afternoon",
            "is a Wednesday, not a Thursday",
        ),
        (
            "Thursday 10 December, afternoon",
            "needs a time, not a part of the day",
        ),
    ] {
        let out = dated(h.path(), "en_GB.UTF-8", typed);
        said(&out, 2, message);
        assert!(stdout(&out).is_empty(), "{typed}");
    }
    // A zone given as an offset or a name is used, and said in the email.
    for (typed, said_as) in [
        (
            "2026-12-05 10:00 +14:00",
            "Saturday 5 December 2026 at 10:00 (UTC+14)",
        ),
        (
            "2026-12-05 10:00 Europe/Paris",
            "Saturday 5 December 2026 at 10:00 (Paris time)",
        ),
    ] {
        let out = dated(h.path(), "en_GB.UTF-8", typed);
        assert_eq!(out.status.code(), Some(0), "{typed}: {}", stderr(&out));
        assert!(stdout(&out).contains(said_as), "{typed}: {}", stdout(&out));
    }
    // Proposed times in the past, or twice, are warned about.
    let mut args = on_the_first("reschedule", "2026-12-08 10:00");
    args.extend([
        "--set".into(),
        "alternatives=2026-11-26 10:00; 2026-12-10 10:00; 2026-12-10 10:00".into(),
    ]);
    let out = run(h.path(), &args);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let err = stderr(&out);
    assert!(
        err.contains("the proposed time `2026-11-26 10:00` has already passed")
            && err.contains("`2026-12-10 10:00` is proposed twice"),
        "{err}"
    );
}
#[test]
fn the_json_checklist_is_what_bowout_check_reads_in_the_email() {
    let h = home();
    for extra in [
        ["length=brief", "apology=true"],
        ["length=brief", "apology=false"],
        ["tone=warm", "door_open=false"],
    ] {
        let mut args = with(&["--format", "json"]);
        for e in &extra {
            args.extend(["--set", e]);
        }
        args.extend(["--set", "reason=family-emergency"]);
        let out = run(h.path(), &args);
        assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
        let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
        let file = h.path().join("email.txt");
        common::write(
            &file,
            &format!(
                "Subject: {}\n\n{}",
                v["subject"].as_str().unwrap(),
                v["body"].as_str().unwrap()
            ),
        );
        let checked = run(
            h.path(),
            &[
                "check",
                file.to_str().unwrap(),
                "--now",
                NOW,
                "--set",
                "situation=cancel",
                "--set",
                "interview_at=2026-12-03 10:00",
            ],
        );
        let report = stdout(&checked);
        let line = report
            .lines()
            .find(|l| l.starts_with("checklist:"))
            .unwrap_or_else(|| panic!("{report}"));
        for (name, key) in [
            ("timely", "timely"),
            ("reason", "reason"),
            ("gratitude", "gratitude"),
            ("apology", "apology"),
            ("door open", "door_open"),
            ("sign-off", "sign_off"),
        ] {
            let mark = match v["checklist"][key].as_bool() {
                Some(true) => format!("✔ {name}"),
                Some(false) => format!("✘ {name}"),
                None => format!("– {name}"),
            };
            assert!(line.contains(&mark), "{extra:?}: {mark} not in {line}");
        }
        // A brief email keeps the apology asked for.
        let apology = extra.contains(&"apology=true");
        if extra.contains(&"length=brief") {
            assert_eq!(v["checklist"]["apology"], apology, "{extra:?}");
        }
        assert_eq!(v["checklist"]["gratitude"], true, "{}", v["body"]);
    }
}
