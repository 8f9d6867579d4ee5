//! The wizard in a real pseudo-terminal, driven by keystrokes.

mod common;

use std::path::Path;
use std::process::Command;
use std::time::Duration;

use common::{NOW, bowout_in_terminal, run, stdout};
use expectrl::process::unix::WaitStatus;
use expectrl::{Expect, Session};

const DOWN: &str = "\x1b[B";
const ENTER: &str = "\r";

type Pty = expectrl::session::OsSession;

/// bowout in a pseudo-terminal, with the clock pinned and its own directories.
fn wizard<S: AsRef<std::ffi::OsStr>>(home: &Path, args: &[S]) -> Pty {
    let mut cmd: Command = bowout_in_terminal(home);
    cmd.env("TERM", "xterm")
        .env_remove("EDITOR")
        .env_remove("VISUAL")
        .current_dir(home);
    cmd.args(["--now", NOW]).args(args);
    // Wide enough that the review shows each paragraph on one line.
    let mut pty = common::in_terminal(&cmd, 400, 60);
    pty.set_expect_timeout(Some(Duration::from_secs(60)));
    pty
}

/// Waits for `text` on the screen, then types `keys`.
fn answer(pty: &mut Pty, text: &str, keys: &str) {
    pty.expect(text)
        .unwrap_or_else(|e| panic!("waiting for {text:?}: {e}"));
    // The prompt is drawn just before the terminal is switched to raw mode;
    // a person never types inside that gap, and neither should the test.
    common::until_reading_keys(&*pty);
    pty.send(keys).unwrap();
}

/// Everything the program writes until it exits, with the terminal's CRLF
/// turned back into LF.
fn rest(pty: &mut Pty) -> String {
    let found = pty.expect(expectrl::Eof).expect("bowout exits");
    String::from_utf8_lossy(found.get(0).unwrap_or_default()).replace("\r\n", "\n")
}

/// What the screen showed before `text` appeared, with CRLF turned into LF.
fn screen_until(pty: &mut Pty, text: &str) -> String {
    let found = pty
        .expect(text)
        .unwrap_or_else(|e| panic!("waiting for {text:?}: {e}"));
    String::from_utf8_lossy(found.before()).replace("\r\n", "\n")
}

/// Leaves the review with "Quit" and checks bowout ended well.
fn quit_from_review(pty: &mut Pty) {
    menu(pty, "Quit", 8);
    rest(pty);
    assert_eq!(exit_code(pty), 0);
}

fn exit_code(pty: &Pty) -> i32 {
    match pty.get_process().wait().unwrap() {
        WaitStatus::Exited(_, code) => code,
        other => panic!("bowout did not exit normally: {other:?}"),
    }
}

/// `--set` for every answer, so that the wizard goes straight to the
/// review; `over` adds `KEY=VALUE` answers that replace the usual ones.
fn answered(situation: &str, reason: &str, over: &[&str]) -> Vec<String> {
    let usual = [
        "interview_at=2026-12-03 10:00",
        "company=Initech",
        "position=Tester",
        "sender=Ann Lee",
        "recipient=",
        "recipient_email=",
        "sender_email=",
        "signature=",
        "detail=",
        "apology=true",
        "door_open=true",
        "tone=formal",
        "length=standard",
    ];
    let given = |pair: &&str| {
        over.iter()
            .any(|o| o.split('=').next() == pair.split('=').next())
    };
    [format!("situation={situation}"), format!("reason={reason}")]
        .into_iter()
        .chain(usual.iter().filter(|p| !given(p)).map(|p| p.to_string()))
        .chain(over.iter().map(|p| p.to_string()))
        .flat_map(|pair| ["--set".to_string(), pair])
        .collect()
}

fn menu(pty: &mut Pty, prompt: &str, downs: usize) {
    answer(pty, prompt, &format!("{}{ENTER}", DOWN.repeat(downs)));
}

#[test]
fn a_full_cancel_walk_reaches_the_review_with_the_email_on_screen() {
    let home = tempfile::tempdir().unwrap();
    let mut pty = wizard(home.path(), &[] as &[&str]);
    // Nothing was stopped earlier, so nothing is said to be waiting.
    let first = screen_until(&mut pty, "What do you need to write?");
    assert!(!first.contains("waiting"), "{first}");
    std::thread::sleep(Duration::from_millis(50));
    pty.send(format!("{DOWN}{ENTER}")).unwrap(); // cancel
    answer(&mut pty, "When is the interview?", "2026-12-03 10:00\r");
    pty.expect("Thursday 3 December 2026 at 10:00").unwrap();
    menu(&mut pty, "Which honest reason fits best?", 1); // illness
    answer(&mut pty, "A sentence of your own", ENTER);
    answer(&mut pty, "Apologise for the inconvenience?", "y");
    answer(&mut pty, "welcome future opportunities", "y");
    answer(&mut pty, "Who are you writing to?", "Ms Rivera\r");
    answer(&mut pty, "Their email address", ENTER);
    answer(&mut pty, "Company", "AT&T\r");
    answer(&mut pty, "Position", "Data Analyst\r");
    answer(&mut pty, "Your name, for the sign-off", "Zoë O'Brien\r");
    answer(&mut pty, "Your email address", ENTER);
    answer(&mut pty, "Lines under your name", ENTER);
    answer(&mut pty, "Remember your name and signature", "y");
    menu(&mut pty, "Tone", 0);
    menu(&mut pty, "Length", 0);

    let expected = stdout(&run(
        home.path(),
        &[
            "--no-input",
            "--now",
            NOW,
            "--set",
            "situation=cancel",
            "--set",
            "reason=illness",
            "--set",
            "interview_at=2026-12-03 10:00",
            "--set",
            "recipient=Ms Rivera",
            "--set",
            "company=AT&T",
            "--set",
            "position=Data Analyst",
            "--set",
            "sender=Zoë O'Brien",
        ],
    ));
    // That run kept its answers for --last; the wizard's own are wanted.
    std::fs::remove_file(home.path().join("state/bowout/last.toml")).unwrap();
    let screen = screen_until(&mut pty, "What next?");
    let body = expected.split_once("\n\n").unwrap().1;
    assert!(
        screen.contains("Subject: Cancelling my interview: Data Analyst, 3 December – Zoë O'Brien"),
        "{screen}"
    );
    assert!(
        screen.contains(body),
        "the review shows the email:\n{screen}"
    );
    assert!(screen.contains("✔ reason"), "{screen}");

    menu(&mut pty, "Quit", 7); // Print and quit
    let printed = rest(&mut pty);
    assert!(printed.contains(&expected), "printed email:\n{printed}");
    assert_eq!(exit_code(&pty), 0);
    // The finished wizard's answers come back with --last, whole.
    let last = run(home.path(), &["--no-input", "--now", NOW, "--last"]);
    assert_eq!(stdout(&last), expected, "{}", common::stderr(&last));

    // The offered profile was saved, and the next wizard does not ask for the name.
    let profile = std::fs::read_to_string(home.path().join("config/bowout/profile.toml")).unwrap();
    assert!(profile.contains("sender = \"Zoë O'Brien\""), "{profile}");
    let mut pty = wizard(
        home.path(),
        &[
            "--set",
            "situation=follow-up",
            "--set",
            "interview_at=2026-11-20 10:00",
            "--set",
            "detail=",
            "--set",
            "recipient=",
            "--set",
            "recipient_email=",
            "--set",
            "company=Initech",
            "--set",
            "position=QA",
            "--set",
            "door_open=true",
            "--set",
            "tone=formal",
            "--set",
            "length=brief",
        ],
    );
    let screen = screen_until(&mut pty, "What next?");
    assert!(!screen.contains("Your name, for the sign-off"), "{screen}");
    assert!(screen.contains("Kind regards,\nZoë O'Brien"), "{screen}");
    quit_from_review(&mut pty);
}

#[test]
fn changing_one_answer_at_the_review_keeps_the_others() {
    let home = tempfile::tempdir().unwrap();
    let mut pty = wizard(home.path(), &answered("decline", "another-offer", &[]));
    menu(&mut pty, "What next?", 3); // Change an answer
    menu(&mut pty, "Which answer?", 9); // company
    answer(
        &mut pty,
        "Company",
        &format!("{}Globex{ENTER}", "\x7f".repeat(7)),
    );
    let screen = screen_until(&mut pty, "What next?");
    assert!(
        screen.contains("Thursday 3 December") && screen.contains("Tester role at Globex"),
        "{screen}"
    );
    assert!(
        screen.contains("I have accepted another offer, so I must decline."),
        "{screen}"
    );
    assert!(screen.contains("Kind regards,\nAnn Lee"), "{screen}");
    assert!(
        !screen.contains("Which honest reason"),
        "no answer was asked again:\n{screen}"
    );
    quit_from_review(&mut pty);
}

#[test]
fn ctrl_c_keeps_the_answers_shows_the_cursor_and_resume_picks_up() {
    let home = tempfile::tempdir().unwrap();
    let mut pty = wizard(home.path(), &["--set", "company=Acme & Co"]);
    menu(&mut pty, "What do you need to write?", 2); // reschedule
    answer(&mut pty, "When is the interview?", "tomorrow 9am\r");
    answer(&mut pty, "Which honest reason fits best?", "\x03");
    let out = rest(&mut pty);
    assert_eq!(exit_code(&pty), 130);
    assert!(
        out.contains("\x1b[?25h"),
        "the cursor is shown again: {out:?}"
    );
    assert!(out.contains("bowout --resume"), "{out}");

    let kept = std::fs::read_to_string(home.path().join("state/bowout/resume.toml")).unwrap();
    assert!(kept.contains("situation = \"reschedule\""), "{kept}");
    assert!(
        kept.contains("interview_at = \"2026-11-27 09:00\""),
        "{kept}"
    );
    assert!(kept.contains("company = \"Acme & Co\""), "{kept}");
    // Stopped is not finished: nothing is kept for --last.
    assert!(!home.path().join("state/bowout/last.toml").exists());

    // --resume starts where the person stopped: the reason is the first question.
    let mut pty = wizard(home.path(), &["--resume"]);
    let first = pty.expect("Which honest reason fits best?").unwrap();
    let before = String::from_utf8_lossy(first.before()).to_string();
    assert!(!before.contains("What do you need to write?"), "{before}");
    assert!(!before.contains("When is the interview?"), "{before}");
    // What is known is said once, in one line, before the first question.
    assert!(
        before.contains("Picking up where you left off. Already answered:")
            && before.contains("Company: Acme & Co")
            && !before.contains("· Company:"),
        "{before}"
    );
    common::until_reading_keys(&pty);
    pty.send("\x03").unwrap();
    rest(&mut pty);
    assert_eq!(exit_code(&pty), 130);
}

#[test]
fn with_every_answer_but_one_only_that_one_is_asked() {
    let home = tempfile::tempdir().unwrap();
    let mut pty = wizard(
        home.path(),
        &[
            "--set",
            "situation=withdraw-invitation",
            "--set",
            "reason=position-filled",
            "--set",
            "interview_at=2026-12-03 10:00",
            "--set",
            "recipient=Zoë",
            "--set",
            "position=Engineer",
            "--set",
            "sender=Priya",
            "--set",
            "recipient_email=",
            "--set",
            "sender_email=",
            "--set",
            "signature=",
            "--set",
            "detail=",
            "--set",
            "apology=true",
            "--set",
            "door_open=false",
            "--set",
            "tone=formal",
            "--set",
            "length=brief",
        ],
    );
    let asked = pty.expect("Company").unwrap();
    let before = String::from_utf8_lossy(asked.before()).to_string();
    pty.send("Rivera & Søn\r").unwrap();
    let after = screen_until(&mut pty, "What next?");
    for other in [
        "What do you need",
        "When is the interview",
        "Which honest reason",
        "Apologise for the inconvenience?",
        "Offer to keep",
        "The candidate's name",
        "Your name, for the sign-off",
    ] {
        assert!(
            !before.contains(other) && !after.contains(other),
            "{other:?} was asked"
        );
    }
    assert!(after.contains("Engineer role at Rivera & Søn"), "{after}");
    // Answers already given are shown in words, not as keys and values.
    assert!(before.contains("· Apologise: yes"), "{before}");
    assert!(
        !before.contains("door_open") && !before.contains(": true"),
        "{before}"
    );
    quit_from_review(&mut pty);
}

#[test]
fn declining_first_weighs_interviewing_anyway() {
    let home = tempfile::tempdir().unwrap();
    let mut pty = wizard(home.path(), &[] as &[&str]);
    menu(&mut pty, "What do you need to write?", 0); // decline
    answer(&mut pty, "weigh whether to interview anyway?", "y");
    pty.expect("Practice:").unwrap();
    pty.expect("Contacts:").unwrap();
    answer(&mut pty, "Still decline?", "n");
    let out = rest(&mut pty);
    assert!(out.contains("Nothing to send."), "{out}");
    assert_eq!(exit_code(&pty), 0);
}

#[test]
fn keeping_the_interview_keeps_nothing_for_last() {
    let home = tempfile::tempdir().unwrap();
    // Every answer a decline needs but the situation, which is asked.
    let mut args = answered("decline", "another-offer", &[]);
    args.drain(..2);
    let mut pty = wizard(home.path(), &args);
    menu(&mut pty, "What do you need to write?", 0); // decline
    answer(&mut pty, "weigh whether to interview anyway?", "y");
    answer(&mut pty, "Still decline?", "n");
    let out = rest(&mut pty);
    assert!(out.contains("Nothing to send."), "{out}");
    assert_eq!(exit_code(&pty), 0);
    assert!(!home.path().join("state/bowout/last.toml").exists());
    assert!(!home.path().join("state/bowout/resume.toml").exists());
}

#[test]
fn a_negative_detail_gets_a_gentle_warning_and_can_be_dropped() {
    let home = tempfile::tempdir().unwrap();
    let mut pty = wizard(
        home.path(),
        &[
            "--set",
            "situation=decline",
            "--set",
            "reason=not-right-fit",
            "--set",
            "interview_at=2026-12-03 10:00",
            "--set",
            "company=Initech",
            "--set",
            "position=Tester",
            "--set",
            "sender=Ann",
            "--set",
            "recipient=",
            "--set",
            "recipient_email=",
            "--set",
            "sender_email=",
            "--set",
            "signature=",
            "--set",
            "apology=true",
            "--set",
            "door_open=true",
            "--set",
            "tone=formal",
            "--set",
            "length=brief",
        ],
    );
    answer(
        &mut pty,
        "A sentence of your own",
        "Honestly the salary was insulting.\r",
    );
    pty.expect("\"salary\" in your detail may read as negative")
        .unwrap();
    menu(&mut pty, "Leave the detail out", 2);
    let screen = screen_until(&mut pty, "What next?");
    assert!(
        !screen.contains("insulting."),
        "the detail was left out:\n{screen}"
    );
    quit_from_review(&mut pty);
}

#[test]
fn edit_with_no_editor_set_says_what_to_do_and_carries_on() {
    let home = tempfile::tempdir().unwrap();
    let mut cmd = bowout_in_terminal(home.path());
    cmd.env("TERM", "xterm")
        .env("EDITOR", "")
        .env("PATH", home.path()) // no vi to fall back on
        .args(["--now", NOW, "--answers"])
        .arg(common::fixtures().join("cancel-illness/answers.toml"))
        .args([
            "--set",
            "detail=",
            "--set",
            "recipient_email=",
            "--set",
            "signature=",
        ])
        .args(["--set", "apology=true", "--set", "door_open=true"]);
    let mut pty = Session::spawn(cmd).unwrap();
    pty.set_expect_timeout(Some(Duration::from_secs(60)));
    menu(&mut pty, "What next?", 2); // Edit in $EDITOR
    pty.expect("No editor is set. Set EDITOR").unwrap();
    menu(&mut pty, "What next?", 8);
    rest(&mut pty);
    assert_eq!(exit_code(&pty), 0);
}

#[test]
fn a_narrow_terminal_gets_advice_wrapped_at_spaces_every_word_kept() {
    let home = tempfile::tempdir().unwrap();
    let mut pty = wizard(home.path(), &[] as &[&str]);
    pty.expect("What do you need to write?").unwrap();
    pty.get_process_mut().set_window_size(40, 30).unwrap();
    common::until_reading_keys(&pty);
    pty.send(format!("{DOWN}{ENTER}")).unwrap(); // cancel
    let shown = screen_until(&mut pty, "When is the interview?");
    // "The sooner they hear, the easier their day is to rearrange: send it
    // once decided." in lines of at most 39 columns, broken at spaces.
    assert!(
        shown.contains(
            "The sooner they hear, the easier their\nday is to rearrange: send it once\ndecided."
        ),
        "{shown:?}"
    );
    assert!(!shown.contains('…'), "{shown}");
    common::until_reading_keys(&pty);
    pty.send("\x03").unwrap();
    rest(&mut pty);
    assert_eq!(exit_code(&pty), 130);
}

#[test]
fn ctrl_c_when_the_answers_cannot_be_kept_still_stops_with_130_and_says_so() {
    let home = tempfile::tempdir().unwrap();
    // A state directory that cannot be made: its parent is a regular file.
    std::fs::write(home.path().join("state"), "not a directory").unwrap();
    let mut pty = wizard(home.path(), &[] as &[&str]);
    answer(&mut pty, "What do you need to write?", "\x03");
    let out = rest(&mut pty);
    assert_eq!(exit_code(&pty), 130);
    assert!(
        out.contains("your answers could not be kept for --resume"),
        "{out}"
    );
}

#[test]
fn saving_the_answers_to_a_path_with_a_tilde_writes_in_the_home_directory() {
    let home = tempfile::tempdir().unwrap();
    let mut pty = wizard(
        home.path(),
        &answered("decline", "timing", &["interview_at="]),
    );
    menu(&mut pty, "What next?", 4); // Save these answers to a file
    let typed = format!(
        "{}~/kept.toml{ENTER}",
        "\x7f".repeat("bowout-answers.toml".len())
    );
    answer(&mut pty, "Save the answers as", &typed);
    screen_until(&mut pty, "Saved");
    let kept = std::fs::read_to_string(home.path().join("kept.toml")).unwrap();
    assert!(kept.contains("company = \"Initech\""), "{kept}");
    assert!(!home.path().join("~").exists(), "no folder named ~");
    quit_from_review(&mut pty);
}

#[test]
fn changing_the_situation_drops_and_names_the_answers_that_no_longer_apply() {
    let home = tempfile::tempdir().unwrap();
    let mut pty = wizard(home.path(), &answered("cancel", "illness", &[]));
    menu(&mut pty, "What next?", 3); // Change an answer
    let items = screen_until(&mut pty, "Under your name");
    assert!(items.contains("Which answer?"), "{items}");
    for label in [
        "What you are writing",
        "Interview",
        "Thursday 3 December 2026 at 10:00",
        "Apologise",
        "yes",
    ] {
        assert!(items.contains(label), "{label:?} in the menu:\n{items}");
    }
    for key in [
        "interview_at",
        "recipient_email",
        "door_open",
        "true",
        "Other times",
    ] {
        assert!(!items.contains(key), "{key:?} in the menu:\n{items}");
    }
    common::until_reading_keys(&pty);
    pty.send(ENTER).unwrap(); // the situation, first
    menu(&mut pty, "What do you need to write?", 2); // from cancel (1) to follow-up (3)
    let screen = screen_until(&mut pty, "What next?");
    assert!(
        screen.contains("No longer applies, so dropped: the reason, the apology."),
        "{screen}"
    );
    assert!(
        screen.contains("Subject: Thank you: Tester at Initech"),
        "{screen}"
    );
    assert!(!screen.contains("again for any inconvenience"), "{screen}");
    quit_from_review(&mut pty);
}

#[test]
fn proposed_times_are_checked_as_typed_and_kept_when_stopped() {
    let home = tempfile::tempdir().unwrap();
    let mut pty = wizard(
        home.path(),
        &[
            "--set",
            "situation=reschedule",
            "--set",
            "reason=travel",
            "--set",
            "interview_at=2026-12-03 10:00",
            "--set",
            "detail=",
            "--set",
            "apology=true",
            "--set",
            "door_open=true",
        ],
    );
    answer(&mut pty, "Time 1 to propose", "nxt wednesday 10:00\r");
    // The text stays for correcting; Ctrl-U clears it.
    answer(&mut pty, "cannot read", "\x152026-12-07 10:00\r");
    screen_until(&mut pty, "Monday 7 December at 10:00");
    answer(&mut pty, "Time 2 to propose", "\x03");
    rest(&mut pty);
    assert_eq!(exit_code(&pty), 130);
    let kept = std::fs::read_to_string(home.path().join("state/bowout/resume.toml")).unwrap();
    assert!(
        kept.contains("alternatives = [\"2026-12-07 10:00\"]"),
        "{kept}"
    );
}

#[test]
fn a_needed_answer_left_empty_says_so_and_a_waiting_resume_is_told() {
    let home = tempfile::tempdir().unwrap();
    let state = home.path().join("state/bowout");
    std::fs::create_dir_all(&state).unwrap();
    std::fs::write(state.join("resume.toml"), "situation = \"cancel\"\n").unwrap();
    let mut pty = wizard(
        home.path(),
        &[
            "--set",
            "situation=cancel",
            "--set",
            "reason=illness",
            "--set",
            "detail=",
        ],
    );
    let before = screen_until(&mut pty, "When is the interview?");
    assert!(
        before.contains("A wizard you stopped earlier is waiting"),
        "{before}"
    );
    common::until_reading_keys(&pty);
    pty.send("\r").unwrap();
    screen_until(&mut pty, "this one is needed");
    common::until_reading_keys(&pty);
    pty.send("x\r").unwrap();
    screen_until(&mut pty, "try `2026-12-03 10:00`");
    common::until_reading_keys(&pty);
    pty.send("\x03").unwrap();
    rest(&mut pty);
    assert_eq!(exit_code(&pty), 130);
}

#[test]
fn sigterm_and_sighup_keep_the_answers_and_give_the_terminal_back() {
    for (signal, code) in [("TERM", 143), ("HUP", 129)] {
        let home = tempfile::tempdir().unwrap();
        let mut pty = wizard(home.path(), &["--set", "company=Acme & Co"]);
        menu(&mut pty, "What do you need to write?", 2); // reschedule
        answer(&mut pty, "When is the interview?", "2026-12-03 10:00\r");
        screen_until(&mut pty, "Which honest reason fits best?");
        common::until_reading_keys(&pty);
        let pid = pty.get_process().pid().to_string();
        let sent = Command::new("kill")
            .args([format!("-{signal}"), pid])
            .status()
            .unwrap();
        assert!(sent.success());
        let out = rest(&mut pty);
        assert_eq!(exit_code(&pty), code, "SIG{signal}: {out}");
        assert!(
            out.contains("\x1b[?25h"),
            "the cursor is shown again: {out:?}"
        );
        let kept = std::fs::read_to_string(home.path().join("state/bowout/resume.toml")).unwrap();
        assert!(kept.contains("situation = \"reschedule\""), "{kept}");
        assert!(
            kept.contains("interview_at = \"2026-12-03 10:00\""),
            "{kept}"
        );
        assert!(kept.contains("company = \"Acme & Co\""), "{kept}");
    }
}

#[test]
fn a_terminal_too_small_for_the_menus_gets_one_clear_line() {
    let home = tempfile::tempdir().unwrap();
    let mut cmd: Command = bowout_in_terminal(home.path());
    cmd.env("TERM", "xterm").args(["--now", NOW]);
    // Sized before bowout can look: the pty starts small.
    let mut pty = common::in_terminal(&cmd, 30, 8);
    pty.set_expect_timeout(Some(Duration::from_secs(60)));
    let out = rest(&mut pty);
    assert_eq!(exit_code(&pty), 2, "{out}");
    assert!(
        out.contains("the terminal is 30 columns by 8 rows; the wizard needs at least 40 by 12"),
        "{out}"
    );
    assert!(!out.contains("Stopped"), "nothing to keep: {out}");
    assert!(!home.path().join("state/bowout/resume.toml").exists());
}

#[test]
fn each_step_says_where_the_person_is_and_far_dates_are_questioned() {
    let home = tempfile::tempdir().unwrap();
    let mut pty = wizard(home.path(), &["--set", "situation=cancel"]);
    let shown = screen_until(&mut pty, "When is the interview?");
    assert!(shown.contains("Step 2 of 8 · Timeliness"), "{shown}");
    common::until_reading_keys(&pty);
    pty.send("2025-12-03 10:00\r").unwrap();
    answer(
        &mut pty,
        "That is Wednesday 3 December 2025 at 10:00. Is that right?",
        "n",
    );
    answer(
        &mut pty,
        "When is the interview?",
        &format!("{}2026-12-03 10:00\r", "\x7f".repeat(16)),
    );
    let shown = screen_until(&mut pty, "Which honest reason fits best?");
    assert!(
        shown.contains("= Thursday 3 December 2026 at 10:00"),
        "{shown}"
    );
    assert!(shown.contains("Step 3 of 8 · Reason"), "{shown}");
    common::until_reading_keys(&pty);
    pty.send("\x03").unwrap();
    rest(&mut pty);
    assert_eq!(exit_code(&pty), 130);
}

#[test]
fn the_wizard_offers_its_own_actions_not_flags() {
    let home = tempfile::tempdir().unwrap();
    let mut pty = wizard(home.path(), &["--set", "situation=cancel"]);
    answer(&mut pty, "When is the interview?", "tomorrow 8am\r");
    let shown = screen_until(&mut pty, "Have you phoned them yet?");
    assert!(shown.contains("\"Phone script\" at the review"), "{shown}");
    assert!(!shown.contains("--format"), "{shown}");
    common::until_reading_keys(&pty);
    pty.send("\x03").unwrap();
    rest(&mut pty);
    assert_eq!(exit_code(&pty), 130);
}

#[test]
fn what_an_action_did_stays_on_screen_with_the_menu_at_80_by_24() {
    let home = tempfile::tempdir().unwrap();
    let mut pty = wizard(home.path(), &answered("cancel", "illness", &[]));
    pty.get_process_mut().set_window_size(80, 24).unwrap();
    menu(&mut pty, "What next?", 6); // Phone script
    screen_until(&mut pty, "What to say when you call");
    let after = screen_until(&mut pty, "What next?");
    assert!(after.contains("If you get their voicemail"), "{after}");
    // The email is not drawn again over the script, which stays in view
    // with the menu under it.
    assert!(!after.contains("Subject:"), "{after}");
    quit_from_review(&mut pty);
}

/// Everything bowout wrote until it exited, as the screen of a terminal
/// of `cols` × `rows` shows it at the end.
fn final_screen(pty: &mut Pty, rows: u16, cols: u16, seen: &[u8]) -> String {
    let found = pty.expect(expectrl::Eof).expect("bowout exits");
    let size = |n: u16| std::num::NonZeroU16::new(n).expect("a size");
    let mut parser = vt100::Parser::new(size(rows), size(cols), 0);
    parser.process(seen);
    parser.process(found.get(0).unwrap_or_default());
    // Row by row: a line the terminal wrapped on its own is two rows.
    let rows: Vec<String> = parser.screen().rows(0, cols).collect();
    rows.join("\n").trim_end().to_string()
}

#[test]
fn at_80_by_24_a_failed_copy_and_its_text_stay_on_the_screen() {
    let home = tempfile::tempdir().unwrap();
    let mut cmd: Command = bowout_in_terminal(home.path());
    cmd.env("TERM", "xterm")
        .current_dir(home.path())
        .args(["--now", NOW])
        .args(answered(
            "cancel",
            "illness",
            // Short enough that the copy's message and the body fit 24 rows.
            &["length=brief", "position=Data Tester", "apology=false"],
        ));
    let mut pty = common::in_terminal(&cmd, 80, 24);
    pty.set_expect_timeout(Some(Duration::from_secs(60)));
    let mut seen = Vec::new();
    for (wait, keys) in [
        ("What next?", ENTER.to_string()),
        ("What next?", format!("{}{ENTER}", DOWN.repeat(8))),
    ] {
        let found = pty.expect(wait).unwrap();
        seen.extend_from_slice(found.before());
        seen.extend_from_slice(found.get(0).unwrap_or_default());
        common::until_reading_keys(&pty);
        pty.send(keys).unwrap();
    }
    let screen = final_screen(&mut pty, 24, 80, &seen);
    // No display here, so the copy fails: what it says, and the body to
    // copy by hand, are what the person sees last.
    assert!(screen.contains("could not copy"), "{screen}");
    assert!(screen.contains("Copy it by hand:"), "{screen}");
    assert!(screen.contains("I am unwell"), "{screen}");
    for row in screen.lines() {
        assert!(!row.contains('…'), "a cut line: {row:?}\n{screen}");
    }
    assert_eq!(exit_code(&pty), 0);
    // Every word of the text to copy is whole on its row.
    let read = screen.split_whitespace().collect::<Vec<_>>().join(" ");
    let email = stdout(&run(
        home.path(),
        &["--no-input", "--last", "--now", NOW, "--format", "body"],
    ));
    for paragraph in email.split("\n\n").filter(|p| !p.trim().is_empty()) {
        let words = paragraph.split_whitespace().collect::<Vec<_>>().join(" ");
        assert!(read.contains(&words), "not whole: {words:?}\n{screen}");
    }
}

#[test]
fn the_change_menu_shows_labels_and_values_as_a_person_reads_them() {
    let home = tempfile::tempdir().unwrap();
    let mut pty = wizard(home.path(), &answered("cancel", "illness", &[]));
    menu(&mut pty, "What next?", 3); // Change an answer
    let menu_screen = screen_until(&mut pty, "Sign-off");
    for shown in [
        "What you are writing",
        "Interview",
        "Thursday 3 December 2026 at 10:00",
        "Apologise",
        "Leave the door open",
        "Company",
        "Initech",
        "Tone",
        "formal",
    ] {
        assert!(menu_screen.contains(shown), "{shown:?} in\n{menu_screen}");
    }
    for raw in ["interview_at", "door_open", "true", "recipient_email"] {
        assert!(!menu_screen.contains(raw), "{raw:?} in\n{menu_screen}");
    }
    // The last question, from the table alone: Up from the top wraps to it.
    common::until_reading_keys(&pty);
    pty.send(format!("\x1b[A{ENTER}")).unwrap();
    menu(&mut pty, "How to sign off?", 4); // Sincerely
    let screen = screen_until(&mut pty, "What next?");
    assert!(screen.contains("Sincerely,\nAnn Lee"), "{screen}");
    quit_from_review(&mut pty);
}

#[test]
fn a_follow_up_walks_only_its_steps_and_counts_them() {
    let home = tempfile::tempdir().unwrap();
    let mut pty = wizard(home.path(), &["--set", "situation=follow-up"]);
    let first = screen_until(&mut pty, "When is the interview?");
    // No reason and no apology: six steps, and the situation was given.
    assert!(first.contains("Step 2 of 6 · Timeliness"), "{first}");
    assert!(!first.contains("Step 1 of"), "{first}");
    common::until_reading_keys(&pty);
    pty.send(ENTER).unwrap(); // no date
    let next = screen_until(&mut pty, "Say you would welcome");
    assert!(next.contains("Step 3 of 6 · Gratitude"), "{next}");
    assert!(
        next.contains("Step 4 of 6 · Leaving the door open"),
        "{next}"
    );
    assert!(
        !next.contains("Reason") && !next.contains("Apology"),
        "{next}"
    );
    common::until_reading_keys(&pty);
    pty.send("\x03").unwrap();
    rest(&mut pty);
}

#[test]
fn at_60_columns_prompts_and_menus_fit_their_rows_and_leave_no_stale_lines() {
    let home = tempfile::tempdir().unwrap();
    let mut cmd: Command = bowout_in_terminal(home.path());
    cmd.env("TERM", "xterm")
        .current_dir(home.path())
        .args(["--now", NOW]);
    let mut pty = common::in_terminal(&cmd, 60, 24);
    pty.set_expect_timeout(Some(Duration::from_secs(60)));
    let mut seen = Vec::new();
    for (wait, keys) in [
        ("What do you need to write?", format!("{DOWN}{DOWN}{ENTER}")),
        ("Interview", format!("next tuesday 10:00{ENTER}")),
        ("Which honest reason", ENTER.to_string()),
        ("Your own sentence", ENTER.to_string()),
        ("Apologise", ENTER.to_string()),
        ("Propose other times?", ENTER.to_string()),
        ("Time 1", "\x03".to_string()),
    ] {
        let found = pty
            .expect(wait)
            .unwrap_or_else(|e| panic!("waiting for {wait:?}: {e}"));
        seen.extend_from_slice(found.before());
        seen.extend_from_slice(found.get(0).unwrap_or_default());
        common::until_reading_keys(&pty);
        pty.send(keys).unwrap();
    }
    let screen = final_screen(&mut pty, 24, 60, &seen);
    // Each prompt too long for its row is written above in full, wrapped
    // at spaces, and answered on a row of its own under its short name.
    assert!(
        screen.contains("A sentence of your own after the reason (optional, Enter to\nskip)"),
        "{screen}"
    );
    assert!(screen.contains("✔ Your own sentence ·"), "{screen}");
    assert!(
        screen.contains("Time 1 to propose (Enter when done)"),
        "{screen}"
    );
    for row in screen.lines() {
        // No prompt is left half-drawn, and no row ends mid-word.
        assert!(
            !row.starts_with("? A sentence"),
            "stale row {row:?}\n{screen}"
        );
        assert!(
            !row.starts_with("? Apologise"),
            "stale row {row:?}\n{screen}"
        );
        let last = row.trim_end().chars().last();
        assert!(
            row.chars().count() < 60 || last.is_some_and(|c| !c.is_alphanumeric()),
            "a row cut by the terminal: {row:?}\n{screen}"
        );
    }
}

#[test]
fn at_60_columns_the_review_keeps_each_checklist_mark_with_its_name() {
    let home = tempfile::tempdir().unwrap();
    let mut cmd: Command = bowout_in_terminal(home.path());
    cmd.env("TERM", "xterm")
        .current_dir(home.path())
        .args(["--now", NOW])
        .args(answered("cancel", "illness", &[]));
    let mut pty = common::in_terminal(&cmd, 60, 24);
    pty.set_expect_timeout(Some(Duration::from_secs(60)));
    let found = pty.expect("What next?").unwrap();
    let mut seen = found.before().to_vec();
    seen.extend_from_slice(found.get(0).unwrap_or_default());
    common::until_reading_keys(&pty);
    pty.send(format!("{}{ENTER}", DOWN.repeat(8))).unwrap(); // Quit
    let screen = final_screen(&mut pty, 24, 60, &seen);
    for name in [
        "timely",
        "reason",
        "gratitude",
        "apology",
        "door open",
        "sign-off",
    ] {
        assert!(screen.contains(&format!("✔ {name}")), "{name}:\n{screen}");
    }
    for row in screen.lines() {
        assert!(
            !row.trim_end().ends_with('✔'),
            "a mark alone: {row:?}\n{screen}"
        );
    }
    assert_eq!(exit_code(&pty), 0);
}

#[test]
fn at_60_columns_a_note_before_the_wizard_wraps_at_spaces() {
    let home = tempfile::tempdir().unwrap();
    let resume = home.path().join("state/bowout/resume.toml");
    std::fs::create_dir_all(resume.parent().unwrap()).unwrap();
    std::fs::write(&resume, "situation = \"cancel\"\n").unwrap();
    let mut cmd: Command = bowout_in_terminal(home.path());
    cmd.env("TERM", "xterm")
        .current_dir(home.path())
        .args(["--now", NOW]);
    let mut pty = common::in_terminal(&cmd, 60, 24);
    pty.set_expect_timeout(Some(Duration::from_secs(60)));
    let found = pty.expect("What do you need to write?").unwrap();
    let mut seen = found.before().to_vec();
    seen.extend_from_slice(found.get(0).unwrap_or_default());
    common::until_reading_keys(&pty);
    pty.send("\x03").unwrap();
    // Taller than the terminal, so that what scrolled off is read too.
    let screen = final_screen(&mut pty, 200, 60, &seen);
    assert!(
        screen.contains("A wizard you stopped earlier is waiting"),
        "{screen}"
    );
    for row in screen.lines() {
        let last = row.trim_end().chars().last();
        assert!(
            row.chars().count() < 60 || last.is_some_and(|c| !c.is_alphanumeric()),
            "a row cut by the terminal: {row:?}\n{screen}"
        );
    }
}

/// Keys sent to a wizard at `cols` × `rows`, each after its text appears;
/// then what the screen shows once bowout has exited.
fn walk(home: &Path, args: &[String], cols: u16, rows: u16, steps: &[(&str, &str)]) -> String {
    let mut cmd: Command = bowout_in_terminal(home);
    cmd.env("TERM", "xterm")
        .current_dir(home)
        .args(["--now", NOW])
        .args(args);
    let mut pty = common::in_terminal(&cmd, cols, rows);
    pty.set_expect_timeout(Some(Duration::from_secs(60)));
    let mut seen = Vec::new();
    for (wait, keys) in steps {
        let found = pty
            .expect(*wait)
            .unwrap_or_else(|e| panic!("waiting for {wait:?}: {e}"));
        seen.extend_from_slice(found.before());
        seen.extend_from_slice(found.get(0).unwrap_or_default());
        common::until_reading_keys(&pty);
        pty.send(keys).unwrap();
    }
    final_screen(&mut pty, rows, cols, &seen)
}

/// Every answer the wizard would ask but `left`.
fn answered_but(left: &[&str]) -> Vec<String> {
    answered("cancel", "illness", &[])
        .chunks(2)
        .filter(|pair| !left.iter().any(|k| pair[1].starts_with(&format!("{k}="))))
        .flatten()
        .cloned()
        .collect()
}

#[test]
fn at_80_by_24_a_long_answer_wraps_without_a_stale_prompt() {
    let home = tempfile::tempdir().unwrap();
    let long = "My doctor has advised me to rest for the remainder of the week and to avoid \
                any travel until then";
    let screen = walk(
        home.path(),
        &answered_but(&["detail", "apology"]),
        80,
        24,
        &[
            ("Your own sentence", &format!("{long}\r")),
            ("Apologise", "\x03"),
        ],
    );
    // The answered prompt is there once, as its report, with every word.
    assert_eq!(screen.matches("Your own sentence").count(), 1, "{screen}");
    assert!(
        !screen.contains("? Your own sentence"),
        "stale prompt:\n{screen}"
    );
    assert!(
        screen.contains("✔ Your own sentence · My doctor has advised"),
        "{screen}"
    );
    assert!(screen.contains("any travel until then"), "{screen}");
}

#[test]
fn ctrl_w_and_ctrl_u_clear_what_failed_its_check() {
    let home = tempfile::tempdir().unwrap();
    let screen = walk(
        home.path(),
        &answered_but(&["recipient_email", "signature"]),
        80,
        24,
        &[
            ("Their email address", "zoe@example\r"),
            (
                "does not look like",
                "\x17\x17zoe@exam\x15zoe@example.org\r",
            ),
            ("Under your name", "\x03"),
        ],
    );
    assert!(
        screen.contains("✔ Their email address (optional) · zoe@example.org"),
        "{screen}"
    );
    assert!(!screen.contains("? Their email"), "stale prompt:\n{screen}");
    assert!(
        !screen.contains("does not look like"),
        "stale reason:\n{screen}"
    );
}

#[test]
fn input_that_fails_its_check_stays_with_the_reason_under_it() {
    let home = tempfile::tempdir().unwrap();
    let screen = walk(
        home.path(),
        &["--set".to_string(), "situation=cancel".to_string()],
        80,
        24,
        &[
            ("Interview", "nxt friday 10:00\r"),
            ("did you mean", "\x03"),
        ],
    );
    let rows: Vec<&str> = screen.lines().collect();
    let at = rows
        .iter()
        .position(|r| r.contains("? Interview › nxt friday 10:00"))
        .unwrap_or_else(|| panic!("the typed text is gone:\n{screen}"));
    assert!(
        rows[at + 1].starts_with("✘ ") && screen.contains("did you mean `next friday 10:00`?"),
        "{screen}"
    ); // Stopped there: the message comes after the reason, a row apart.
    let mut end = at + 1;
    while !rows[end].trim().is_empty() {
        end += 1;
    }
    assert!(rows[end + 1].starts_with("Stopped."), "{screen}");
}

#[test]
fn esc_goes_back_to_the_previous_question_with_its_answer() {
    let home = tempfile::tempdir().unwrap();
    let mut pty = wizard(home.path(), &["--set", "situation=cancel"]);
    pty.get_process_mut().set_window_size(80, 24).unwrap();
    answer(&mut pty, "Esc goes back a question", "");
    answer(&mut pty, "? Interview", "2026-12-03 10:00\r");
    // Esc in a menu: the date again, starting from what was typed.
    answer(&mut pty, "Which honest reason fits best?", "\x1b");
    answer(&mut pty, "? Interview › 2026-12-03 10:00", "\x1b");
    // Esc in a text prompt: the situation, though it was given.
    let back = screen_until(&mut pty, "What do you need to write?");
    assert!(back.contains("Step 1 of 8 · Situation"), "{back}");
    answer(&mut pty, "employer-reschedule", ENTER);
    // Forward again, the date is kept and not asked.
    let forward = screen_until(&mut pty, "Which honest reason fits best?");
    assert!(
        forward.contains("· Interview: Thursday 3 December 2026 at 10:00"),
        "{forward}"
    );
    assert!(!forward.contains("? Interview"), "{forward}");
    common::until_reading_keys(&pty);
    pty.send("\x03").unwrap();
    rest(&mut pty);
    assert_eq!(exit_code(&pty), 130);
}

#[test]
fn esc_at_the_review_asks_the_last_question_again_and_comes_back() {
    let home = tempfile::tempdir().unwrap();
    let mut pty = wizard(home.path(), &answered("cancel", "illness", &[]));
    answer(&mut pty, "What next? (Esc goes back)", "\x1b");
    // The last question that applies is the length, offered as it is.
    answer(&mut pty, "Length", &format!("{DOWN}{ENTER}"));
    let screen = screen_until(&mut pty, "What next?");
    assert!(screen.contains("✔ Length · brief"), "{screen}");
    quit_from_review(&mut pty);
}

#[test]
fn after_a_failed_copy_the_terminals_clipboard_is_offered_and_used() {
    let home = tempfile::tempdir().unwrap();
    let mut pty = wizard(home.path(), &answered("cancel", "illness", &[]));
    answer(&mut pty, "What next?", ENTER); // Copy the body: no display here
    screen_until(&mut pty, "could not copy");
    // The failed copy's place in the menu is taken by the terminal's clipboard.
    answer(
        &mut pty,
        "❯ Copy the body through the terminal (OSC 52)",
        ENTER,
    );
    let found = pty
        .expect("clipboard with OSC 52, if your terminal supports it")
        .unwrap();
    let out = String::from_utf8_lossy(found.before()).to_string();
    assert!(out.contains("\x1b]52;c;"), "no OSC 52 sequence: {out:?}");
    answer(
        &mut pty,
        "What next?",
        &format!("{}{ENTER}", DOWN.repeat(8)),
    ); // Quit
    rest(&mut pty);
    assert_eq!(exit_code(&pty), 0);
}

#[test]
fn stopping_before_any_answer_keeps_the_wizard_that_was_waiting() {
    let home = tempfile::tempdir().unwrap();
    let resume = home.path().join("state/bowout/resume.toml");
    std::fs::create_dir_all(resume.parent().unwrap()).unwrap();
    std::fs::write(&resume, "company = \"Acme\"\n").unwrap();
    let mut pty = wizard(home.path(), &[] as &[&str]);
    answer(&mut pty, "What do you need to write?", "\x03");
    let out = rest(&mut pty);
    assert_eq!(exit_code(&pty), 130);
    assert!(out.contains("still waiting"), "{out}");
    let kept = std::fs::read_to_string(&resume).unwrap();
    assert_eq!(kept, "company = \"Acme\"\n");
    // Once something is answered, stopping keeps the new answers instead.
    let mut pty = wizard(home.path(), &[] as &[&str]);
    answer(&mut pty, "What do you need to write?", ENTER);
    answer(&mut pty, "weigh whether to interview anyway", "\x03");
    rest(&mut pty);
    let kept = std::fs::read_to_string(&resume).unwrap();
    assert!(kept.contains("situation = \"decline\""), "{kept}");
}

/// The screen at 80×24, and where its cursor is, once `wait` has appeared
/// after `keys` were typed at the prompt that shows `at`.
fn screen_after(args: &[String], at: &str, keys: &str, wait: &str) -> (Vec<String>, (u16, u16)) {
    let home = tempfile::tempdir().unwrap();
    let mut cmd: Command = bowout_in_terminal(home.path());
    cmd.env("TERM", "xterm")
        .current_dir(home.path())
        .args(["--now", NOW])
        .args(args);
    let mut pty = common::in_terminal(&cmd, 80, 24);
    pty.set_expect_timeout(Some(Duration::from_secs(60)));
    let mut seen = Vec::new();
    let found = pty.expect(at).unwrap();
    seen.extend_from_slice(found.before());
    seen.extend_from_slice(found.get(0).unwrap_or_default());
    common::until_reading_keys(&pty);
    pty.send(keys).unwrap();
    let found = pty.expect(wait).unwrap();
    seen.extend_from_slice(found.before());
    seen.extend_from_slice(found.get(0).unwrap_or_default());
    // The rest of the drawing: the reason's end and the cursor put back.
    common::until_reading_keys(&pty);
    let rest = pty.expect(expectrl::Regex("(?s).+")).unwrap();
    seen.extend_from_slice(rest.get(0).unwrap_or_default());
    pty.send("\x03").unwrap();
    let size = |n: u16| std::num::NonZeroU16::new(n).unwrap();
    let mut parser = vt100::Parser::new(size(24), size(80), 0);
    parser.process(&seen);
    let rows = parser.screen().rows(0, 80).collect();
    (rows, parser.screen().cursor_position())
}

#[test]
fn the_cursor_stays_where_the_person_is_typing() {
    let args = answered_but(&["recipient_email"]);
    let prompt = "? Their email address (optional) › ";
    // Three to the left of the end, with the reason for refusing under it.
    let (rows, (row, col)) = screen_after(
        &args,
        "Their email address",
        "zoe@exampleorg\x1b[D\x1b[D\x1b[D\r",
        "does not look like",
    );
    let at = rows
        .iter()
        .position(|r| r.starts_with(prompt))
        .unwrap_or_else(|| panic!("{rows:#?}"));
    assert_eq!(rows[at], format!("{prompt}zoe@exampleorg"));
    assert!(rows[at + 1].starts_with("✘ "), "{rows:#?}");
    assert_eq!(
        (usize::from(row), usize::from(col)),
        (at, prompt.chars().count() + "zoe@example".len()),
        "{rows:#?}"
    );
    // A text that fills the row to its last column: the cursor waits at
    // the start of the next row, and the reason goes under that.
    let fill = "x".repeat(80 - prompt.chars().count());
    let (rows, (row, col)) = screen_after(
        &args,
        "Their email address",
        &format!("{fill}\r"),
        "does not look like",
    );
    let at = rows
        .iter()
        .position(|r| r.starts_with(prompt))
        .unwrap_or_else(|| panic!("{rows:#?}"));
    assert_eq!(rows[at], format!("{prompt}{fill}"));
    assert!(rows[at + 1].trim().is_empty(), "{rows:#?}");
    assert!(rows[at + 2].starts_with("✘ "), "{rows:#?}");
    assert_eq!(
        (usize::from(row), usize::from(col)),
        (at + 1, 0),
        "{rows:#?}"
    );
}

#[test]
fn an_edited_email_is_checked_and_its_findings_shown_with_the_review() {
    let home = tempfile::tempdir().unwrap();
    // The "editor" writes the person's own version of the email.
    let editor = home.path().join("editor");
    common::write(
        &editor,
        "#!/bin/sh\ncat > \"$1\" <<'MAIL'\nSubject: Cancelling my interview\n\nDear Hiring \
         Manager,\n\nI have to cancel my interview, as the process has been awful.\n\nKind \
         regards,\n[Your Name]\nMAIL\n",
    );
    std::fs::set_permissions(&editor, std::os::unix::fs::PermissionsExt::from_mode(0o755)).unwrap();
    let mut cmd: Command = bowout_in_terminal(home.path());
    cmd.env("TERM", "xterm")
        .env("EDITOR", &editor)
        .current_dir(home.path())
        .args(["--now", NOW])
        .args(answered("cancel", "illness", &[]));
    let mut pty = common::in_terminal(&cmd, 80, 24);
    pty.set_expect_timeout(Some(Duration::from_secs(60)));
    let mut seen = Vec::new();
    for (wait, keys) in [
        ("What next?", format!("{}{ENTER}", DOWN.repeat(2))), // Edit in $EDITOR
        ("What next?", format!("{}{ENTER}", DOWN.repeat(8))), // Quit
    ] {
        let found = pty.expect(wait).unwrap();
        seen.extend_from_slice(found.before());
        seen.extend_from_slice(found.get(0).unwrap_or_default());
        common::until_reading_keys(&pty);
        pty.send(keys).unwrap();
    }
    let screen = final_screen(&mut pty, 24, 80, &seen);
    let read = screen.split_whitespace().collect::<Vec<_>>().join(" ");
    // The findings name the line in the file the person edited, whole.
    assert!(
        read.contains("Line 5: \"awful\" may read as negative; keep the reason short and neutral"),
        "{screen}"
    );
    assert!(
        read.contains("Line 8: \"[Your Name]\" is a placeholder"),
        "{screen}"
    );
    // The checklist is the edited email's: no thanks in it any more.
    assert!(read.contains("✘ gratitude"), "{screen}");
    assert_eq!(exit_code(&pty), 0);
}

#[test]
fn a_date_that_reads_two_ways_is_asked_about_and_past_or_repeated_times_refused() {
    let home = tempfile::tempdir().unwrap();
    let mut pty = wizard(
        home.path(),
        &[
            "--set",
            "situation=reschedule",
            "--set",
            "reason=travel",
            "--set",
            "detail=",
            "--set",
            "apology=true",
            "--set",
            "door_open=true",
        ],
    );
    answer(&mut pty, "When is the interview?", "7/12/2026 10:00\r");
    // Day first is offered first (no American locale or English given).
    let menu = screen_until(&mut pty, "Sunday 12 July 2026");
    assert!(menu.contains("`7/12/2026 10:00` reads two ways"), "{menu}");
    assert!(menu.contains("Monday 7 December 2026"), "{menu}");
    pty.send(ENTER).unwrap();
    screen_until(&mut pty, "Monday 7 December 2026 at 10:00");
    answer(&mut pty, "Time 1 to propose", "2026-11-20 10:00\r");
    answer(&mut pty, "that time has passed", "\x152026-12-09 10:00\r");
    screen_until(&mut pty, "Wednesday 9 December at 10:00");
    answer(&mut pty, "Time 2 to propose", "2026-12-09 10:00\r");
    answer(
        &mut pty,
        "that time is proposed already",
        "\x1510/12/2026 14:00\r",
    );
    // 12 October has passed: a proposed time can only be 10 December (kept
    // as typed, it reads the same way whenever it is read again).
    screen_until(&mut pty, "Thursday 10 December at 14:00");
    // Both readings to come: asked, and the one picked is kept.
    answer(&mut pty, "Time 3 to propose", "3/2/2027 10:00\r");
    menu_pick(&mut pty, "Tuesday 2 March 2027", 1);
    let shown = screen_until(&mut pty, "Tuesday 2 March at 10:00");
    assert!(
        !shown.contains("10/12/2026 14:00` reads two ways"),
        "{shown}"
    );
    answer(&mut pty, "Who are you writing to?", "\x03");
    rest(&mut pty);
    assert_eq!(exit_code(&pty), 130);
    let kept = std::fs::read_to_string(home.path().join("state/bowout/resume.toml")).unwrap();
    assert!(
        kept.contains("interview_at = \"2026-12-07 10:00\""),
        "{kept}"
    );
    assert!(
        kept.contains(
            "alternatives = [\"2026-12-09 10:00\", \"10/12/2026 14:00\", \"2027-03-02 10:00\"]"
        ),
        "{kept}"
    );
}

/// Waits for `text` (an item of a menu) and picks the item `downs` below
/// the first.
fn menu_pick(pty: &mut Pty, text: &str, downs: usize) {
    menu(pty, text, downs);
}
