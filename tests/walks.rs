//! A whole walk of every situation through the wizard, typed as a person
//! would, at 80×24, 60×20 and 120×40, read back through a terminal
//! emulator: every line whole (no word cut at the edge, nothing cut with
//! "…"), no prompt left behind once answered, every step's advice and the
//! whole email on screen.

mod common;

use std::path::Path;
use std::process::Command;
use std::time::Duration;

use bowout::advice::{SITUATIONS, Side};
use common::{NOW, bowout_in_terminal, run, stdout};
use expectrl::{Any, Expect};

const DOWN: &str = "\x1b[B";
const ENTER: &str = "\r";

/// What to type at each prompt, found by the start of the prompt as it is
/// drawn: in full where it fits its row, by its short name where not.
fn keys_for(prompt: &str, situation: usize) -> String {
    let detail = "I have enjoyed every conversation with the team so far and hope to meet \
                  them another time";
    match prompt {
        "? What do you need to write?" => format!("{}{ENTER}", DOWN.repeat(situation)),
        "? When is the interview?" | "? Interview" => format!("2026-12-10 10:00{ENTER}"),
        "? A sentence of your own" | "? Your own sentence" => format!("{detail}{ENTER}"),
        "? Time 1" => format!("2026-12-14 10:00{ENTER}"),
        "? Who are you writing to?" | "? To ›" | "? The candidate's name" => {
            format!("Ms Zoë Rivera{ENTER}")
        }
        "? Company" => format!("Rivera & Søn{ENTER}"),
        "? Position" => format!("Backend Engineer{ENTER}"),
        "? Your name" => format!("Sam Lee{ENTER}"),
        "? Remember" => "n".into(),
        "? What next?" => format!("{}{ENTER}", DOWN.repeat(8)), // Quit
        _ => ENTER.into(),                                      // the default, or nothing
    }
}

const PROMPTS: &[&str] = &[
    "? What do you need to write?",
    "? Before you decline",
    "? Weigh it first?",
    "? When is the interview?",
    "? Interview",
    "? Have you phoned",
    "? Phoned already",
    "? Which honest reason",
    "? A sentence of your own",
    "? Your own sentence",
    "? Apologise",
    "? Propose other times?",
    "? Say you would welcome",
    "? Offer to keep",
    "? Leave the door open",
    "? Time 1",
    "? Time 2",
    "? Time 3",
    "? Who are you writing to?",
    "? To ›",
    "? The candidate's name",
    "? Their email",
    "? Company",
    "? Position",
    "? Your name",
    "? Your email",
    "? Lines under your name",
    "? Under your name",
    "? Remember",
    "? Tone",
    "? Length",
    "? What next?",
];

/// Walks the situation at `cols` × `rows` and returns every row the
/// person saw, top to bottom (the emulator is tall enough that nothing
/// scrolls away), and the email as bowout wrote it.
fn walk(home: &Path, situation: usize, cols: u16, rows: u16) -> (Vec<String>, String) {
    let mut cmd: Command = bowout_in_terminal(home);
    cmd.env("TERM", "xterm")
        .current_dir(home)
        .args(["--now", NOW]);
    let mut pty = common::spawn_sized(&cmd, cols, rows);
    pty.set_expect_timeout(Some(Duration::from_secs(60)));
    let mut seen = Vec::new();
    let id = SITUATIONS[situation].id;
    loop {
        let found = pty.expect(Any(PROMPTS)).unwrap_or_else(|e| {
            panic!(
                "{id} at {cols}×{rows}: no prompt: {e}\n{}",
                String::from_utf8_lossy(&seen)
            )
        });
        seen.extend_from_slice(found.before());
        let prompt = String::from_utf8_lossy(found.get(0).unwrap()).to_string();
        seen.extend_from_slice(found.get(0).unwrap());
        common::until_reading_keys(&pty);
        pty.send(keys_for(&prompt, situation)).unwrap();
        if prompt == "? What next?" {
            // Quitting with nothing copied is questioned once.
            let asked = pty
                .expect("? Nothing")
                .unwrap_or_else(|e| panic!("{id}: {e}"));
            seen.extend_from_slice(asked.before());
            seen.extend_from_slice(asked.get(0).unwrap());
            std::thread::sleep(Duration::from_millis(50));
            pty.send("y").unwrap();
            break;
        }
        // The answer's report, before the next prompt is looked for.
        let done = pty
            .expect("✔")
            .unwrap_or_else(|e| panic!("{id} at {cols}×{rows}: {prompt:?} not answered: {e}"));
        seen.extend_from_slice(done.before());
        seen.extend_from_slice(done.get(0).unwrap());
    }
    let end = pty.expect(expectrl::Eof).unwrap();
    seen.extend_from_slice(end.get(0).unwrap_or_default());
    let size = |n: u16| std::num::NonZeroU16::new(n).unwrap();
    let mut screen = vt100::Parser::new(size(2000), size(cols), 0);
    screen.process(&seen);
    // Row by row, as the eye reads them: a line the terminal wrapped on
    // its own is two rows here.
    let mut shown: Vec<String> = screen
        .screen()
        .rows(0, cols)
        .map(|l| l.trim_end().to_string())
        .collect();
    while shown.last().is_some_and(String::is_empty) {
        shown.pop();
    }
    let email = stdout(&run(
        home,
        &["--no-input", "--last", "--now", NOW, "--format", "body"],
    ));
    (shown, email)
}

/// The rows as one text, each joined to the next by a space: a word the
/// terminal cut at the edge reads as two.
fn as_read(rows: &[String]) -> String {
    rows.iter()
        .map(|r| r.trim())
        .filter(|r| !r.is_empty())
        .collect::<Vec<_>>()
        .join(" ")
}

fn words(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

#[test]
fn every_situation_reads_whole_at_80_by_24_60_by_20_and_120_by_40() {
    let advice: toml::Table = toml::from_str(include_str!("../assets/advice.toml")).unwrap();
    let said = |key: &str| words(advice[key].as_str().unwrap());
    for (cols, rows) in [(80u16, 24u16), (60, 20), (120, 40)] {
        for (i, s) in SITUATIONS.iter().enumerate() {
            let home = tempfile::tempdir().unwrap();
            let (shown, email) = walk(home.path(), i, cols, rows);
            let at = format!("{} at {cols}×{rows}", s.id);
            let all = shown.join("\n");
            let read = as_read(&shown);
            for row in &shown {
                assert!(!row.contains('…'), "{at}: a cut row {row:?}\n{all}");
                assert!(
                    !row.starts_with("? "),
                    "{at}: a prompt left behind {row:?}\n{all}"
                );
            }
            // The count of steps, known from the first answer, never changes.
            assert!(
                shown.iter().any(|r| r == "Step 1 · Situation"),
                "{at}: the first step counts steps it cannot know yet\n{all}"
            );
            let totals: std::collections::BTreeSet<&str> = shown
                .iter()
                .filter_map(|r| r.strip_prefix("Step ")?.split_once(" of "))
                .filter_map(|(_, rest)| rest.split(' ').next())
                .collect();
            assert_eq!(totals.len(), 1, "{at}: {totals:?}\n{all}");
            let mut steps = vec!["situation", "gratitude", "particulars"];
            // A follow-up, written after the fact, has no timeliness step.
            if s.notice_matters() {
                steps.push("timeliness");
            }
            steps.push(match (s.proposes_times(), s.side) {
                (true, _) => "times",
                (false, Side::Employer) => "door_employer",
                (false, Side::Candidate) => "door",
            });
            if !s.reasons.is_empty() {
                steps.push("reason");
            }
            if s.inconveniences() {
                steps.push("apology");
            }
            steps.extend(["tone", "review"]);
            for key in steps {
                assert!(
                    read.contains(&said(key)),
                    "{at}: the {key} advice is not whole:\n{all}"
                );
            }
            // The email, every paragraph of it, as it will be sent, where
            // the screen holds it; else its subject, whole, and the rest a
            // choice away (the pager is tested in tests/wizard.rs).
            assert!(!email.is_empty(), "{at}: no email kept");
            if read.contains("more rows: Read the whole email") {
                let subject = words(&stdout(&run(
                    home.path(),
                    &["--no-input", "--last", "--now", NOW, "--format", "subject"],
                )));
                assert!(read.contains(&subject), "{at}: {subject:?}\n{all}");
                continue;
            }
            for paragraph in email.split("\n\n").filter(|p| !p.trim().is_empty()) {
                assert!(
                    read.contains(&words(paragraph)),
                    "{at}: not whole on screen: {paragraph:?}\n{all}"
                );
            }
        }
    }
}
