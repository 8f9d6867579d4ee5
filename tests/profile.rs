//! Remembering the person: the profile, --last, and templates they make their
//! own, each in config and state directories of the test's own.

mod common;

use std::path::Path;

use common::{NOW, run, said, stderr, stdout, write};

const CORE: &[&str] = &[
    "--no-input",
    "--now",
    NOW,
    "--set",
    "situation=decline",
    "--set",
    "reason=timing",
    "--set",
    "company=Initech",
    "--set",
    "position=Tester",
    "--set",
    "interview_at=2026-12-03 10:00",
];

fn profile(home: &Path) -> std::path::PathBuf {
    home.join("config/bowout/profile.toml")
}

#[test]
fn the_profile_supplies_the_sender_and_answers_beat_it() {
    let h = tempfile::tempdir().unwrap();
    write(
        &profile(h.path()),
        "sender = \"Pat Profile\"\nsignature = \"Pat's line\"\ntone = \"warm\"\n",
    );
    let body = stdout(&run(h.path(), CORE));
    assert!(
        body.contains("Best wishes,\nPat Profile\nPat's line\n"),
        "{body}"
    );

    let file = h.path().join("answers.toml");
    write(&file, "sender = \"Ann Answers\"\n");
    let mut args = CORE.to_vec();
    args.extend(["--answers", file.to_str().unwrap()]);
    let body = stdout(&run(h.path(), &args));
    assert!(
        body.contains("Best wishes,\nAnn Answers\nPat's line\n"),
        "{body}"
    );

    args.extend(["--set", "sender=Sam Set", "--set", "tone=formal"]);
    let body = stdout(&run(h.path(), &args));
    assert!(body.contains("Kind regards,\nSam Set\n"), "{body}");
}

#[test]
fn profile_path_and_show_say_where_it_is_and_what_it_holds() {
    let h = tempfile::tempdir().unwrap();
    assert_eq!(
        stdout(&run(h.path(), &["profile", "path"])),
        format!("{}\n", profile(h.path()).display())
    );
    let out = run(h.path(), &["profile", "show"]);
    assert!(
        stderr(&out).contains("There is no profile yet"),
        "{}",
        stderr(&out)
    );
    write(&profile(h.path()), "sender = \"Pat\"\n");
    assert_eq!(
        stdout(&run(h.path(), &["profile", "show"])),
        "sender = \"Pat\"\n"
    );
}

#[test]
fn profile_edit_saves_valid_text_and_keeps_invalid_text_as_a_draft() {
    let h = tempfile::tempdir().unwrap();
    let editor = h.path().join("editor.sh");
    write(
        &editor,
        "#!/bin/sh\nprintf 'sender = \"Edited\"\\n' > \"$1\"\n",
    );
    std::fs::set_permissions(&editor, std::os::unix::fs::PermissionsExt::from_mode(0o755)).unwrap();
    let out = common::bowout(h.path())
        .env("EDITOR", &editor)
        .args(["profile", "edit"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert_eq!(
        std::fs::read_to_string(profile(h.path())).unwrap(),
        "sender = \"Edited\"\n"
    );

    write(
        &editor,
        "#!/bin/sh\nprintf 'sender = \"unterminated\\n' > \"$1\"\n",
    );
    let out = common::bowout(h.path())
        .env("EDITOR", &editor)
        .args(["profile", "edit"])
        .output()
        .unwrap();
    said(&out, 2, "the profile was not saved; your text is kept in");
    assert_eq!(
        std::fs::read_to_string(profile(h.path())).unwrap(),
        "sender = \"Edited\"\n"
    );
    let draft = h.path().join("config/bowout/profile.toml.draft");
    assert_eq!(
        std::fs::read_to_string(draft).unwrap(),
        "sender = \"unterminated\n"
    );
}

#[test]
fn last_reuses_the_previous_run_for_another_company() {
    let h = tempfile::tempdir().unwrap();
    let mut first = CORE.to_vec();
    first.extend([
        "--set",
        "sender=Lee",
        "--set",
        "interview_at=tomorrow 10:00",
    ]);
    let out = run(h.path(), &first);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let kept = std::fs::read_to_string(h.path().join("state/bowout/last.toml")).unwrap();
    assert!(
        kept.contains("interview_at = \"2026-11-27 10:00\""),
        "dates are kept as dates: {kept}"
    );

    let again = stdout(&run(
        h.path(),
        &[
            "--no-input",
            "--now",
            NOW,
            "--last",
            "--set",
            "company=Globex",
            "--format",
            "body",
        ],
    ));
    assert!(
        again.contains("on Friday 27 November 2026 at 10:00 for the Tester role at Globex"),
        "{again}"
    );
    assert!(again.contains("Lee\n"), "{again}");
}

#[test]
fn last_brings_back_the_latest_run_not_the_first() {
    let h = tempfile::tempdir().unwrap();
    for company in ["Initech", "Globex"] {
        let mut args = CORE.to_vec();
        args.extend(["--set", "sender=Lee"]);
        let set = format!("company={company}");
        args.extend(["--set", &set]);
        let out = run(h.path(), &args);
        assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    }
    let again = stdout(&run(
        h.path(),
        &["--no-input", "--now", NOW, "--last", "--format", "body"],
    ));
    assert!(again.contains("Tester role at Globex"), "{again}");
    assert!(!again.contains("Initech"), "{again}");
}

#[test]
fn last_with_no_previous_run_says_so() {
    let h = tempfile::tempdir().unwrap();
    let out = run(h.path(), &["--no-input", "--last"]);
    said(&out, 2, "there is no last run to start from yet");
}

#[test]
fn templates_list_aligns_the_purposes_two_spaces_after_the_longest_name() {
    let h = tempfile::tempdir().unwrap();
    let out = run(h.path(), &["templates", "list"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let list = stdout(&out).replace(&h.path().display().to_string(), "HOME");
    common::golden(&common::fixtures().join("templates-list.txt"), &list);
}

#[test]
fn an_exported_and_edited_template_replaces_the_built_in_one() {
    let h = tempfile::tempdir().unwrap();
    let export = h.path().join("export");
    let out = run(h.path(), &["templates", "export", export.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let list = stdout(&run(h.path(), &["templates", "list"]));
    for line in list.lines().take_while(|l| !l.is_empty()) {
        let name = line.split_whitespace().next().unwrap();
        assert!(export.join(name).is_file(), "{name} was not exported");
    }

    let timing = std::fs::read_to_string(export.join("reasons/decline/timing.hbs")).unwrap();
    let mine = timing.replace(
        "I would be glad to hear from you again in the future.",
        "I have long admired {{company}} and would welcome news of other roles.",
    );
    assert_ne!(
        timing, mine,
        "the exported template has the built-in wording"
    );
    write(
        &h.path()
            .join("config/bowout/templates/reasons/decline/timing.hbs"),
        &mine,
    );
    let mut args = CORE.to_vec();
    args.extend(["--set", "sender=Lee"]);
    let body = stdout(&run(h.path(), &args));
    assert!(
        body.contains("I have long admired Initech and would welcome"),
        "{body}"
    );

    // Exporting again over the same files needs --force.
    let out = run(h.path(), &["templates", "export", export.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(2));
}

#[test]
fn a_broken_template_names_the_file_and_the_line() {
    let h = tempfile::tempdir().unwrap();
    let file = h.path().join("config/bowout/templates/decline.hbs");
    write(&file, "{{> greeting}}\n\n{{#if warm}}Hi there\n");
    let mut args = CORE.to_vec();
    args.extend(["--set", "sender=Lee"]);
    let out = run(h.path(), &args);
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    let err = stderr(&out);
    assert!(
        err.contains(&format!("template {} is broken: line", file.display())),
        "{err}"
    );
}

#[test]
fn a_template_with_an_unknown_variable_is_reported_not_rendered_with_a_gap() {
    let h = tempfile::tempdir().unwrap();
    let file = h.path().join("config/bowout/templates/decline.hbs");
    write(
        &file,
        "Subject: Thanks\n\n{{> greeting}}\n\nThanks for the {{postion}} interview.\n\n{{> sign-off}}\n",
    );
    let mut args = CORE.to_vec();
    args.extend(["--set", "sender=Lee"]);
    let out = run(h.path(), &args);
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    assert_eq!(stdout(&out), "");
    let err = stderr(&out);
    assert!(
        err.contains(&format!("template {}: line 5", file.display())),
        "{err}"
    );
    assert!(err.contains("postion"), "{err}");
}

#[test]
fn a_template_without_its_subject_line_says_what_it_needs() {
    let h = tempfile::tempdir().unwrap();
    let file = h.path().join("config/bowout/templates/decline.hbs");
    write(
        &file,
        "{{> greeting}}\n\nNo, thank you.\n\n{{> sign-off}}\n",
    );
    let mut args = CORE.to_vec();
    args.extend(["--set", "sender=Lee"]);
    let out = run(h.path(), &args);
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(
        stderr(&out),
        format!(
            "bowout: template {} must start with a `Subject: …` line\n",
            file.display()
        )
    );
}

/// An editor script at `path` running `body` (its file is "$1").
fn editor_script(path: &Path, body: &str) {
    write(path, &format!("#!/bin/sh\n{body}\n"));
    std::fs::set_permissions(path, std::os::unix::fs::PermissionsExt::from_mode(0o755)).unwrap();
}

#[test]
fn an_edit_saved_while_another_was_open_is_not_laid_over_it() {
    // The first edit waits in its editor until the second has been saved.
    let h = tempfile::tempdir().unwrap();
    write(&profile(h.path()), "sender = \"Pat\"\n");
    let fifo = h.path().join("go");
    assert!(
        std::process::Command::new("mkfifo")
            .arg(&fifo)
            .status()
            .unwrap()
            .success()
    );
    let slow = h.path().join("slow.sh");
    editor_script(
        &slow,
        &format!(
            "read line < '{}'\necho 'tone = \"warm\"' >> \"$1\"",
            fifo.display()
        ),
    );
    let quick = h.path().join("quick.sh");
    editor_script(&quick, "echo 'signature = \"Pat'\"'\"'s line\"' >> \"$1\"");
    let first = common::bowout(h.path())
        .env("EDITOR", &slow)
        .args(["profile", "edit"])
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let second = common::bowout(h.path())
        .env("EDITOR", &quick)
        .args(["profile", "edit"])
        .output()
        .unwrap();
    assert_eq!(second.status.code(), Some(0), "{}", stderr(&second));
    assert!(stderr(&second).contains("Saved"), "{}", stderr(&second));
    std::fs::write(&fifo, "go\n").unwrap();
    let first = first.wait_with_output().unwrap();
    said(
        &first,
        1,
        "changed while you edited it (another edit was saved first), so yours was not saved",
    );
    assert!(!stderr(&first).contains("Saved"), "{}", stderr(&first));
    assert_eq!(
        std::fs::read_to_string(profile(h.path())).unwrap(),
        "sender = \"Pat\"\nsignature = \"Pat's line\"\n",
        "the saved edit stays"
    );
    let draft = h.path().join("config/bowout/profile.toml.draft");
    assert_eq!(
        std::fs::read_to_string(&draft).unwrap(),
        "sender = \"Pat\"\ntone = \"warm\"\n",
        "the other is kept, where the message says"
    );
    assert!(stderr(&first).contains(&draft.display().to_string()));
}

#[test]
fn twenty_edits_at_once_each_either_saved_and_kept_or_said_lost() {
    let h = tempfile::tempdir().unwrap();
    write(&profile(h.path()), "sender = \"Pat\"\n");
    let editor = h.path().join("append.sh");
    // Each edit adds a line of its own after a moment, so that they overlap.
    editor_script(&editor, "sleep 0.3\necho \"# edit $EDIT\" >> \"$1\"");
    let children: Vec<_> = (0..20)
        .map(|n| {
            common::bowout(h.path())
                .env("EDITOR", &editor)
                .env("EDIT", n.to_string())
                .args(["profile", "edit"])
                .stdout(std::process::Stdio::piped())
                .stderr(std::process::Stdio::piped())
                .spawn()
                .unwrap()
        })
        .collect();
    let outs: Vec<_> = children
        .into_iter()
        .map(|c| c.wait_with_output().unwrap())
        .collect();
    let saved_text = std::fs::read_to_string(profile(h.path())).unwrap();
    let drafts: String = std::fs::read_dir(h.path().join("config/bowout"))
        .unwrap()
        .flatten()
        .filter(|e| e.file_name().to_string_lossy().contains(".draft"))
        .map(|e| std::fs::read_to_string(e.path()).unwrap())
        .collect();
    let mut saved = 0;
    for (n, out) in outs.iter().enumerate() {
        let line = format!("# edit {n}\n");
        if out.status.code() == Some(0) {
            assert!(stderr(out).contains("Saved"), "{}", stderr(out));
            assert!(
                saved_text.contains(&line),
                "edit {n} said Saved: {saved_text}"
            );
            saved += 1;
        } else {
            said(out, 1, "changed while you edited it");
            assert!(!saved_text.contains(&line), "edit {n}: {saved_text}");
            assert!(drafts.contains(&line), "edit {n} is kept aside: {drafts}");
        }
    }
    assert!(saved >= 1);
    assert_eq!(saved_text.lines().count(), 1 + saved, "{saved_text}");
}
