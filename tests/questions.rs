//! The table of questions is the one description of every answer: the
//! listings, the help, the completions and the answers file all follow it,
//! and a key is written out in the code in at most two places.

mod common;

use bowout::questions::QUESTIONS;
use common::{CANCEL, home, run, said, stdout};

/// A cancel by Sam Lee, its body alone.
fn cancel(extra: &[&str]) -> Vec<String> {
    let mut args = common::with(CANCEL, &["--format", "body", "--set", "sender=Sam Lee"]);
    args.extend(extra.iter().map(|s| s.to_string()));
    args
}

#[test]
fn bowout_keys_lists_every_question_with_its_help_in_the_wizards_order() {
    let h = home();
    let out = run(h.path(), &["keys"]);
    assert_eq!(out.status.code(), Some(0));
    let text = stdout(&out);
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(lines.len(), QUESTIONS.len(), "{text}");
    for (line, q) in lines.iter().zip(QUESTIONS) {
        let (key, help) = line.split_once(' ').unwrap();
        assert_eq!(key, q.key);
        assert_eq!(help.trim(), q.help);
    }
}

#[test]
fn help_the_manual_and_the_completions_name_every_key() {
    let h = home();
    let help = stdout(&run(h.path(), &["--help"]));
    let answers = help
        .split_once("Answers (for --set KEY=VALUE")
        .expect("the help has an answers section")
        .1;
    let man = stdout(&run(h.path(), &["manpage"]));
    let shells: Vec<String> = ["bash", "zsh", "fish"]
        .iter()
        .map(|s| stdout(&run(h.path(), &["completions", s])))
        .collect();
    for q in QUESTIONS {
        let first_words: String = q.help.split(' ').take(3).collect::<Vec<_>>().join(" ");
        assert!(
            answers.contains(&format!("  {}", q.key)) && answers.contains(&first_words),
            "{} in\n{answers}",
            q.key
        );
        assert!(man.contains(q.key), "{} in the manual page", q.key);
        for (shell, text) in ["bash", "zsh", "fish"].iter().zip(&shells) {
            assert!(
                text.contains(&format!("{}=", q.key)),
                "{shell} completes --set {}=",
                q.key
            );
        }
    }
}

#[test]
fn a_question_added_to_the_table_is_set_listed_and_rendered() {
    // `sign_off` is one table entry and one template change (sign-off.hbs).
    let h = home();
    let body = stdout(&run(h.path(), &cancel(&["--set", "sign_off=sincerely"])));
    assert!(body.ends_with("Sincerely,\nSam Lee\n"), "{body}");
    let usual = stdout(&run(h.path(), &cancel(&[])));
    assert!(usual.ends_with("Kind regards,\nSam Lee\n"), "{usual}");
    let file = h.path().join("a.toml");
    std::fs::write(&file, "sign_off = \"many-thanks\"\n").unwrap();
    let from_file = stdout(&run(
        h.path(),
        &cancel(&["--answers", file.to_str().unwrap()]),
    ));
    assert!(
        from_file.ends_with("Many thanks,\nSam Lee\n"),
        "{from_file}"
    );
    said(
        &run(h.path(), &cancel(&["--set", "sign_off=cheers"])),
        2,
        "`sign_off` must be usual (As the tone suggests), kind-regards, best-wishes, \
         many-thanks or sincerely, not `cheers`",
    );
}

#[test]
fn an_answers_file_error_names_the_key_its_line_and_what_is_valid() {
    let h = home();
    let file = h.path().join("a.toml");
    std::fs::write(
        &file,
        "situation = \"cancel\"\ncompany = \"Acme\"\ntone = \"loud\"\n",
    )
    .unwrap();
    said(
        &run(
            h.path(),
            &["--no-input", "--answers", file.to_str().unwrap()],
        ),
        2,
        "is not valid: line 3, column 8: `tone` must be formal or warm, not `loud`",
    );
    std::fs::write(&file, "apology = \"perhaps\"\n").unwrap();
    said(
        &run(
            h.path(),
            &["--no-input", "--answers", file.to_str().unwrap()],
        ),
        2,
        "line 1, column 11: `apology` must be true or false",
    );
    std::fs::write(&file, "door_open = 1\n").unwrap();
    said(
        &run(
            h.path(),
            &["--no-input", "--answers", file.to_str().unwrap()],
        ),
        2,
        "`door_open` must be true or false, not integer `1`",
    );
    std::fs::write(&file, "alternatives = \"2026-12-07 10:00; 2026-12-08\"\n").unwrap();
    let out = run(
        h.path(),
        &[
            "--no-input",
            "--answers",
            file.to_str().unwrap(),
            "--set",
            "situation=reschedule",
        ],
    );
    // Read as two times (then stopped only by the answers still missing).
    said(&out, 2, "missing answers:");
}

/// Words that are keys and also name something else in the code: a
/// template partial (`reason`, `greeting`), an item of the checklist
/// (`reason`, `apology`), or an address the eml format needs. A word that
/// also names one of `bowout check`'s checks (`reason`, `greeting`,
/// `apology`) may stand in the checks' table and their code too. `position`
/// is also a word read in invitations' titles ("the Analyst position").
const SHARED_WORDS: &[&str] = &[
    "position",
    "reason",
    "greeting",
    "apology",
    "sender_email",
    "recipient_email",
];

#[test]
fn no_key_is_written_out_in_more_than_two_files_of_the_code() {
    let src = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let files: Vec<(String, String)> = std::fs::read_dir(&src)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "rs"))
        .map(|p| {
            (
                p.file_name().unwrap().to_string_lossy().into_owned(),
                std::fs::read_to_string(&p).unwrap(),
            )
        })
        .collect();
    for q in QUESTIONS {
        let literal = format!("\"{}\"", q.key);
        let holding: Vec<&str> = files
            .iter()
            .filter(|(_, text)| text.contains(&literal))
            .map(|(name, _)| name.as_str())
            .collect();
        assert!(
            holding.contains(&"questions.rs"),
            "{} is in the table",
            q.key
        );
        let checks = bowout::check::RULES.iter().any(|r| r.id == q.key);
        let limit = match (SHARED_WORDS.contains(&q.key), checks) {
            (true, true) => 6,
            (true, false) => 4,
            _ => 2,
        };
        assert!(
            holding.len() <= limit,
            "`{}` is written out in {holding:?}; read it from the table",
            q.key
        );
    }
}

#[test]
fn the_readme_keys_table_is_the_table_of_questions() {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("README.md");
    let readme = std::fs::read_to_string(&path).unwrap();
    let (head, rest) = readme.split_once("<!-- keys -->\n").expect("a keys marker");
    let (shown, tail) = rest.split_once("<!-- /keys -->").expect("an end marker");
    let mut table = String::from("| key | what it takes |\n|---|---|\n");
    for q in QUESTIONS {
        table.push_str(&format!("| `{}` | {} |\n", q.key, q.help));
    }
    if std::env::var_os("BOWOUT_BLESS").is_some() {
        std::fs::write(
            &path,
            format!("{head}<!-- keys -->\n{table}<!-- /keys -->{tail}"),
        )
        .unwrap();
        return;
    }
    assert_eq!(
        shown, table,
        "README.md's keys table (BOWOUT_BLESS=1 rewrites it)"
    );
}

#[test]
fn the_help_fits_the_terminal_and_keeps_each_keys_help_under_it() {
    let h = home();
    for columns in [60usize, 80, 100] {
        let out = common::bowout(h.path())
            .env("COLUMNS", columns.to_string())
            .arg("--help")
            .output()
            .unwrap();
        let help = stdout(&out);
        for line in help.lines() {
            assert!(
                line.chars().count() <= columns,
                "wider than {columns}: {line:?}\n{help}"
            );
        }
        let answers = help
            .split_once("Answers (for --set")
            .unwrap()
            .1
            .split_once("\n\n")
            .unwrap()
            .0;
        for line in answers.lines().skip(1) {
            let key = line.split_whitespace().next().unwrap_or_default();
            let under = line.starts_with(&" ".repeat(19));
            assert!(
                under || QUESTIONS.iter().any(|q| q.key == key),
                "at {columns} columns, a line that is neither a key nor under one: {line:?}"
            );
        }
    }
}
