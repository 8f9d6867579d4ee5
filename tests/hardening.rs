//! Hostile and oversized input, closed pipes: bowout never crashes, never
//! lets pasted text drive the terminal, and says what is wrong.

mod common;

use std::process::Stdio;
use std::time::{Duration, Instant};

use common::{NOW, bowout, run, said, stderr, stdout, write};

const BASE: &[&str] = &[
    "--no-input",
    "--now",
    NOW,
    "--set",
    "situation=cancel",
    "--set",
    "reason=illness",
    "--set",
    "position=Analyst",
    "--set",
    "sender=Sam",
    "--set",
    "interview_at=2026-12-03 10:00",
];

#[test]
fn escape_sequences_never_reach_the_output_but_unicode_does() {
    let h = tempfile::tempdir().unwrap();
    let out = run(
        h.path(),
        &common::with(
            BASE,
            &[
                "--set",
                "company=Acme\x1b]0;pwned\x07\x1b[2J Ltd\u{202e}",
                "--set",
                "recipient=שרה כהן",
                "--set",
                "detail=Thank you 🙏 — 東京\x1b[31m.\u{9b}1m",
                "--set",
                "signature=Line one\\nLine\ttwo\x08",
            ],
        ),
    );
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let text = stdout(&out);
    for bad in ['\x1b', '\x07', '\x08', '\u{202e}', '\u{9b}'] {
        assert!(!text.contains(bad), "{bad:?} reached the output:\n{text:?}");
    }
    assert!(text.contains("Acme]0;pwned[2J Ltd"), "{text}");
    assert!(text.contains("Dear שרה כהן,"), "{text}");
    assert!(text.contains("Thank you 🙏 — 東京[31m.1m"), "{text}");
    assert!(text.contains("Sam\nLine one\nLine\ttwo\n"), "{text:?}");
}

#[test]
fn text_echoed_in_an_error_is_shown_not_obeyed() {
    let h = tempfile::tempdir().unwrap();
    let file = h.path().join("a.toml");
    std::fs::write(&file, "situation = \"x\\u001b[2Jy\"\n\u{1b}[31m = 1\n").unwrap();
    let out = run(
        h.path(),
        &["--no-input", "--answers", file.to_str().unwrap()],
    );
    assert_eq!(out.status.code(), Some(2));
    let err = stderr(&out);
    assert!(!err.contains('\x1b'), "{err:?}");
    assert!(err.contains("\\u{1b}"), "{err}");
}

#[test]
fn an_answers_file_over_a_mebibyte_is_refused_at_once() {
    let h = tempfile::tempdir().unwrap();
    let file = h.path().join("big.toml");
    std::fs::write(
        &file,
        format!("detail = \"{}\"\n", "a".repeat(2 * 1024 * 1024)),
    )
    .unwrap();
    let started = Instant::now();
    let out = run(
        h.path(),
        &["--no-input", "--answers", file.to_str().unwrap()],
    );
    assert!(started.elapsed() < Duration::from_secs(30));
    said(&out, 2, "is larger than 1 MiB, the limit");
}

#[test]
fn an_overlong_answer_is_refused_naming_the_key_and_the_limit() {
    let h = tempfile::tempdir().unwrap();
    let long = format!("company={}", "x".repeat(501));
    let out = run(h.path(), &common::with(BASE, &["--set", &long]));
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(
        stderr(&out),
        "bowout: `company` is 501 characters long; the limit is 500\n"
    );
    let long = format!("detail={}", "y".repeat(4001));
    let out = run(
        h.path(),
        &common::with(BASE, &["--set", "company=A", "--set", &long]),
    );
    assert!(
        stderr(&out).contains("`detail` is 4001 characters long; the limit is 4000"),
        "{}",
        stderr(&out)
    );
}

#[test]
fn a_closed_pipe_ends_quietly_with_success() {
    let h = tempfile::tempdir().unwrap();
    let mut args = common::with(BASE, &["--set", "company=A", "--format", "json"]);
    args.extend(["--set".into(), format!("detail={}", "word ".repeat(700))]);
    for _ in 0..5 {
        let mut child = bowout(h.path())
            .args(&args)
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        drop(child.stdout.take()); // the reader is gone before bowout writes
        let out = child.wait_with_output().unwrap();
        assert_eq!(
            out.status.code(),
            Some(0),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        assert_eq!(String::from_utf8_lossy(&out.stderr), "");
    }
}

#[test]
fn templates_that_include_each_other_are_refused_naming_the_files() {
    let h = tempfile::tempdir().unwrap();
    let dir = h.path().join("config/bowout/templates/partials");
    write(&dir.join("greeting.hbs"), "Hello {{> sign-off}}\n");
    write(&dir.join("sign-off.hbs"), "Bye {{> greeting}}\n");
    let out = run(h.path(), &common::with(BASE, &["--set", "company=A"]));
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    let err = stderr(&out);
    assert!(
        err.contains("templates include each other without end")
            && err.contains(&dir.join("greeting.hbs").display().to_string())
            && err.contains(&dir.join("sign-off.hbs").display().to_string()),
        "{err}"
    );

    let h = tempfile::tempdir().unwrap();
    let file = h.path().join("config/bowout/templates/partials/detail.hbs");
    write(
        &file,
        "{{#*inline \"again\"}}x{{> again}}{{/inline}}{{> again}}\n",
    );
    let out = run(h.path(), &common::with(BASE, &["--set", "company=A"]));
    said(
        &out,
        2,
        "inline partial `again` includes inline partial `again`",
    );
}

#[test]
fn template_mistakes_are_told_in_plain_words_at_the_right_line() {
    let h = tempfile::tempdir().unwrap();
    let file = h.path().join("config/bowout/templates/cancel.hbs");
    write(&file, "Subject: x\n\nDear {{recipient}},\n{{postion}}\n");
    let out = run(h.path(), &common::with(BASE, &["--set", "company=A"]));
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(
        stderr(&out),
        format!(
            "bowout: template {}: line 4, column 1: `postion` is not a variable bowout gives \
             templates (did you mean `position`?); docs/templates.md lists them\n",
            file.display()
        )
    );
    write(&file, "Subject: x\n\n{{#if warm}}\nHi\n\nBye\n");
    let out = run(h.path(), &common::with(BASE, &["--set", "company=A"]));
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(
        stderr(&out),
        format!(
            "bowout: template {} is broken: line 3, column 1: `{{{{#if}}}}` is never closed; \
             add `{{{{/if}}}}` where it ends\n",
            file.display()
        )
    );
}

#[test]
fn addresses_mail_software_would_misread_are_refused_with_an_example() {
    let h = tempfile::tempdir().unwrap();
    for bad in [
        "a:b@c.com",
        "a@b@acme.com",
        "a@x..com",
        "a@b.c?bcc=e@x.com",
        "hr(comment)@acme.com",
        "Boss <boss@acme.com>",
        "a@localhost",
        ".a@acme.com",
    ] {
        let out = run(
            h.path(),
            &common::with(
                BASE,
                &[
                    "--set",
                    "company=A",
                    "--set",
                    &format!("recipient_email={bad}"),
                ],
            ),
        );
        assert_eq!(out.status.code(), Some(2), "{bad}: {}", stderr(&out));
        assert!(
            stderr(&out).contains("e.g. name@example.com"),
            "{bad}: {}",
            stderr(&out)
        );
    }
    for good in [
        "a.b+c@example.co.uk",
        "\"a b\"@example.com",
        "o'brien@example.ie",
    ] {
        let out = run(
            h.path(),
            &common::with(
                BASE,
                &[
                    "--set",
                    "company=A",
                    "--set",
                    &format!("recipient_email={good}"),
                ],
            ),
        );
        assert_eq!(out.status.code(), Some(0), "{good}: {}", stderr(&out));
    }
}

#[test]
fn text_that_looks_like_an_encoded_word_decodes_to_what_was_typed() {
    let h = tempfile::tempdir().unwrap();
    let sneaky = "=?utf-8?q?=0D=0ABcc:_evil@x.com?=";
    let out = run(
        h.path(),
        &common::with(
            BASE,
            &[
                "--set",
                &format!("position={sneaky}"),
                "--set",
                &format!("recipient={sneaky}"),
                "--set",
                "company=A",
                "--set",
                "sender_email=sam@example.com",
                "--set",
                "recipient_email=hr@acme.com",
                "--format",
                "eml",
            ],
        ),
    );
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let raw = out.stdout;
    let msg = mail_parser::MessageParser::default().parse(&raw).unwrap();
    assert_eq!(
        msg.subject().unwrap(),
        format!("Cancelling my interview: {sneaky}, 3 December – Sam")
    );
    assert_eq!(msg.to().unwrap().first().unwrap().name().unwrap(), sneaky);
    assert!(msg.bcc().is_none(), "no Bcc was forged");
    let head = String::from_utf8_lossy(&raw);
    let head = head.split("\r\n\r\n").next().unwrap();
    assert!(!head.contains(sneaky), "the look-alike is encoded:\n{head}");
}

#[test]
fn unicode_line_separators_become_spaces_in_one_line_answers() {
    let h = tempfile::tempdir().unwrap();
    let out = run(
        h.path(),
        &common::with(
            BASE,
            &[
                "--set",
                "company=Acme\u{2028}Bcc: x@evil.com\u{2029}Ltd\u{85}Co",
                "--format",
                "body",
            ],
        ),
    );
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let body = stdout(&out);
    assert!(body.contains("Acme Bcc: x@evil.com Ltd Co"), "{body}");
    for c in ['\u{2028}', '\u{2029}', '\u{85}'] {
        assert!(!body.contains(c), "{c:?}");
    }
}

#[test]
fn the_json_recipient_is_quoted_as_in_the_eml() {
    let h = tempfile::tempdir().unwrap();
    let name = "Boss <boss@acme.com>, x@evil.com \"the\" \\ boss";
    let out = run(
        h.path(),
        &common::with(
            BASE,
            &[
                "--set",
                "company=A",
                "--set",
                &format!("recipient={name}"),
                "--set",
                "recipient_email=hr@acme.com",
                "--format",
                "json",
            ],
        ),
    );
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let to = json["to"].as_str().unwrap();
    let header = format!("To: {to}\r\nSubject: x\r\n\r\nbody\r\n");
    let msg = mail_parser::MessageParser::default()
        .parse(header.as_bytes())
        .unwrap();
    let list = msg.to().unwrap();
    assert_eq!(list.iter().count(), 1, "one recipient: {to}");
    let only = list.first().unwrap();
    assert_eq!(only.address().unwrap(), "hr@acme.com");
    assert_eq!(only.name().unwrap(), name);
}

#[test]
fn an_editor_that_cannot_run_or_fails_saves_nothing() {
    let h = tempfile::tempdir().unwrap();
    let profile = h.path().join("config/bowout/profile.toml");
    write(&profile, "sender = \"Before\"\n");
    for (editor, code, says) in [
        ("#", 2, "the editor command `#` names no program"),
        ("'unclosed", 2, "cannot be read"),
        ("false", 1, "the editor `false` exited with code 1"),
        (
            "sh -c 'echo sender = \\\"After\\\" > \"$0\"; exit 3'",
            1,
            "exited with code 3",
        ),
        ("/nonexistent/editor", 1, "could not run the editor"),
    ] {
        let out = bowout(h.path())
            .env("EDITOR", editor)
            .args(["profile", "edit"])
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(code), "{editor}: {}", stderr(&out));
        let err = stderr(&out);
        assert!(err.contains(says), "{editor}: {err}");
        assert!(err.contains("was left as it was"), "{editor}: {err}");
        assert!(!err.contains("Saved"), "{err}");
        assert_eq!(
            std::fs::read_to_string(&profile).unwrap(),
            "sender = \"Before\"\n"
        );
    }
}

#[test]
fn a_huge_unknown_key_is_echoed_short() {
    let h = tempfile::tempdir().unwrap();
    let key = "k".repeat(100_000);
    let out = run(
        h.path(),
        &common::with(BASE, &["--set", &format!("{key}=1")]),
    );
    assert_eq!(out.status.code(), Some(2));
    let err = stderr(&out);
    assert!(err.len() < 1000, "{} bytes of message", err.len());
    assert!(err.contains("(100000 characters)"), "{err}");
    // A megabyte key in an answers file.
    let file = h.path().join("a.toml");
    write(&file, &format!("{} = 1\n", "k".repeat(1_000_000)));
    let out = run(
        h.path(),
        &common::with(BASE, &["--answers", file.to_str().unwrap()]),
    );
    assert_eq!(out.status.code(), Some(2));
    let err = stderr(&out);
    assert!(err.len() < 3000, "{} bytes of message", err.len());
    // The same for clap's own messages.
    let value = format!("\u{1b}[31m{}", "x".repeat(100_000));
    let out = run(h.path(), &["--format".to_string(), value]);
    assert_eq!(out.status.code(), Some(2));
    let err = stderr(&out);
    assert!(err.len() < 2000, "{} bytes of message", err.len());
    assert!(!err.contains('\x1b'), "{err}");
}

#[test]
fn open_failing_says_so_in_words_without_the_link_or_a_raw_status() {
    let h = tempfile::tempdir().unwrap();
    let bin = h.path().join("bin");
    std::fs::create_dir(&bin).unwrap();
    let fake = bin.join("xdg-open");
    std::fs::write(&fake, "#!/bin/sh\nexit 2\n").unwrap();
    use std::os::unix::fs::PermissionsExt;
    std::fs::set_permissions(&fake, std::fs::Permissions::from_mode(0o755)).unwrap();
    let out = bowout(h.path())
        .env("PATH", bin.display().to_string())
        .env("DISPLAY", ":0")
        .args(common::with(BASE, &["--set", "company=A", "--open"]))
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    let err = stderr(&out);
    assert!(
        !err.contains("mailto:?") && !err.contains("ExitStatus"),
        "{err}"
    );
    assert!(err.contains("could not open a mail client"), "{err}");
    assert!(
        err.contains("the desktop's link opener (xdg-open) could not open it"),
        "{err}"
    );
}

#[test]
fn a_toml_date_is_read_and_a_bad_profile_is_named() {
    let h = tempfile::tempdir().unwrap();
    let file = h.path().join("a.toml");
    write(
        &file,
        "interview_at = 2026-12-03T10:00:00\ncompany = \"A\"\n",
    );
    let out = run(
        h.path(),
        &[
            "--no-input",
            "--now",
            NOW,
            "--set",
            "situation=cancel",
            "--set",
            "reason=illness",
            "--set",
            "position=Analyst",
            "--set",
            "sender=Sam",
            "--answers",
            file.to_str().unwrap(),
            "--format",
            "subject",
        ]
        .map(String::from),
    );
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert_eq!(
        stdout(&out),
        "Cancelling my interview: Analyst, 3 December – Sam\n"
    );

    let profile = h.path().join("config/bowout/profile.toml");
    write(&profile, "tone = \"shouty\"\n");
    let out = run(h.path(), &common::with(BASE, &["--set", "company=A"]));
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains(&format!("your profile {}", profile.display())),
        "{}",
        stderr(&out)
    );
}

#[test]
fn the_date_limit_is_stated() {
    let h = tempfile::tempdir().unwrap();
    let long = format!("interview_at={}", "9".repeat(101));
    let out = run(
        h.path(),
        &common::with(BASE, &["--set", "company=A", "--set", &long]),
    );
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out)
            .contains("`interview_at` is 101 characters long; a date and time is at most 100"),
        "{}",
        stderr(&out)
    );
}

#[test]
fn paths_echoed_back_never_carry_raw_escapes() {
    let h = tempfile::tempdir().unwrap();
    let weird = h.path().join("out\u{1b}[2J.txt");
    let out = run(
        h.path(),
        &common::with(
            BASE,
            &["--set", "company=A", "--output", weird.to_str().unwrap()],
        ),
    );
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(!stderr(&out).contains('\x1b'), "{:?}", stderr(&out));
    assert!(
        stderr(&out).contains("out\\u{1b}[2J.txt"),
        "{}",
        stderr(&out)
    );

    let dir = h.path().join("exp\u{1b}]0;x\u{7}");
    let out = run(
        h.path(),
        &["templates", "export", dir.to_str().unwrap()].map(String::from),
    );
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(!stderr(&out).contains('\x1b'), "{:?}", stderr(&out));

    let profile = h.path().join("config/bowout/profile.toml");
    write(&profile, "# \u{1b}[31m red\nsender = \"Sam\"\n");
    let out = run(h.path(), &["profile", "show"].map(String::from));
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(!stdout(&out).contains('\x1b'), "{:?}", stdout(&out));
    assert!(stdout(&out).contains("sender = \"Sam\""));
}

#[test]
fn open_with_no_link_opener_installed_says_so() {
    let h = tempfile::tempdir().unwrap();
    let empty = h.path().join("empty-bin");
    std::fs::create_dir(&empty).unwrap();
    let out = bowout(h.path())
        .env("PATH", empty.display().to_string())
        .env("DISPLAY", ":0")
        .args(common::with(BASE, &["--set", "company=A", "--open"]))
        .output()
        .unwrap();
    said(
        &out,
        1,
        "there is no program here to open links (xdg-open is not installed)",
    );
}

#[test]
fn partial_blocks_that_include_each_other_are_refused_too() {
    let h = tempfile::tempdir().unwrap();
    let dir = h.path().join("config/bowout/templates/partials");
    write(
        &dir.join("greeting.hbs"),
        "Hello {{#> sign-off}}x{{/sign-off}}\n",
    );
    write(
        &dir.join("sign-off.hbs"),
        "Bye {{#> greeting}}y{{/greeting}}\n",
    );
    let out = run(h.path(), &common::with(BASE, &["--set", "company=A"]));
    said(&out, 2, "templates include each other without end");
    write(
        &dir.join("sign-off.hbs"),
        "{{#> (lookup this \"situation\")}}{{/lookup}}\n",
    );
    std::fs::remove_file(dir.join("greeting.hbs")).unwrap();
    let out = run(h.path(), &common::with(BASE, &["--set", "company=A"]));
    said(&out, 2, "names a partial with an expression");
}

#[test]
fn deeply_nested_templates_are_refused_quickly_naming_the_file_and_line() {
    let h = tempfile::tempdir().unwrap();
    let file = h.path().join("config/bowout/templates/cancel.hbs");
    let nest = |n: usize| format!("{}x{}", "{{#if true}}".repeat(n), "{{/if}}".repeat(n));
    let args = common::with(BASE, &["--set", "company=A"]);
    // At the limit, the email is written.
    write(
        &file,
        &format!("Subject: s\n\nDear {{{{recipient}}}},\n{}\n", nest(64)),
    );
    let out = run(h.path(), &args);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(stdout(&out).contains("\nx\n"), "{}", stdout(&out));
    // Above it, and at the size limit for templates, refused at once.
    for n in [65, 8_000, (256 * 1024 - 100) / "{{#if true}}{{/if}}".len()] {
        write(&file, &format!("Subject: s\n\n{}\n", nest(n)));
        let started = Instant::now();
        let out = run(h.path(), &args);
        let took = started.elapsed();
        said(
            &out,
            2,
            &format!(
                "template {} is nested too deeply: line 3, column {}:",
                file.display(),
                "{{#if true}}".len() * 64 + 1
            ),
        );
        assert!(took < Duration::from_secs(10), "{n} levels took {took:?}");
    }
}

#[test]
fn invisible_characters_in_addresses_are_refused_by_name() {
    let h = tempfile::tempdir().unwrap();
    for key in ["recipient_email", "sender_email"] {
        for (typed, name) in [
            ("\u{FEFF}hr@acme.com", "U+FEFF ZERO WIDTH NO-BREAK SPACE"),
            ("hr\u{200B}@acme.com", "U+200B ZERO WIDTH SPACE"),
            ("hr@acme.com\u{00A0}", "U+00A0 NO-BREAK SPACE"),
            ("hr@ac\u{2060}me.com", "U+2060 WORD JOINER"),
        ] {
            let set = format!("{key}={typed}");
            for format in ["text", "eml"] {
                let out = run(
                    h.path(),
                    &common::with(
                        BASE,
                        &["--set", "company=A", "--set", &set, "--format", format],
                    ),
                );
                said(
                    &out,
                    2,
                    &format!("`{key}` holds a character nobody can see, {name}"),
                );
                assert!(stdout(&out).is_empty(), "{}", stdout(&out));
            }
        }
    }
    // A byte order mark inside a spreadsheet's cell is named with its row.
    let csv = h.path().join("rows.csv");
    write(
        &csv,
        "recipient,recipient_email\nAnn,ann@example.com\nBob,\u{FEFF}bob@example.com\n",
    );
    let out = bowout(h.path())
        .args(["batch", csv.to_str().unwrap(), "--dry-run"])
        .args(&BASE[1..])
        .args(["--set", "company=A"])
        .output()
        .unwrap();
    // (A dry run lists the rows it would skip on standard output.)
    let said = format!("{}{}", stdout(&out), stderr(&out));
    assert!(
        said.contains(
            "row 2 (line 3), column recipient_email: `recipient_email` holds a character \
             nobody can see, U+FEFF"
        ),
        "{said}"
    );
}
