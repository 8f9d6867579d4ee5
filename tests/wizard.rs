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
    let mut pty = common::spawn_sized(&cmd, 400, 60);
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

/// Leaves the review with "Quit", nothing copied or saved (which is
/// questioned once), and checks bowout ended well.
fn quit_from_review(pty: &mut Pty) {
    menu(pty, MENU, 8);
    answer(pty, QUIT_ANYWAY, "y");
    rest(pty);
    assert_eq!(exit_code(pty), 0);
}

/// The review's menu, as drawn: its default item, the copy, first in view.
const MENU: &str = "❯ Copy";

/// The question when quitting with nothing copied or saved, at any width.
const QUIT_ANYWAY: &str = "saved. Quit";

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
    quit_from_review(&mut pty);
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
    // Something was saved: quitting is not questioned.
    menu(&mut pty, MENU, 8);
    rest(&mut pty);
    assert_eq!(exit_code(&pty), 0);
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
    let mut pty = common::spawn_sized(&cmd, 30, 8);
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

/// A wizard in a terminal of a given size, read through a terminal
/// emulator as a person sees it.
struct Screen {
    pty: Pty,
    seen: Vec<u8>,
    cols: u16,
    rows: u16,
}

impl Screen {
    fn start(home: &Path, cols: u16, rows: u16, args: &[String]) -> Screen {
        Screen::with(home, cols, rows, args, |_| {})
    }

    fn with(
        home: &Path,
        cols: u16,
        rows: u16,
        args: &[String],
        setup: impl FnOnce(&mut Command),
    ) -> Screen {
        let mut cmd: Command = bowout_in_terminal(home);
        cmd.env("TERM", "xterm")
            .env_remove("EDITOR")
            .env_remove("VISUAL")
            .current_dir(home)
            .args(["--now", NOW])
            .args(args);
        setup(&mut cmd);
        let mut pty = common::spawn_sized(&cmd, cols, rows);
        pty.set_expect_timeout(Some(Duration::from_secs(10)));
        Screen {
            pty,
            seen: Vec::new(),
            cols,
            rows,
        }
    }

    /// The screen's rows, once `done` holds for them (waiting for more
    /// output until it does).
    fn until(&mut self, what: &str, done: impl Fn(&[String]) -> bool) -> Vec<String> {
        let deadline = std::time::Instant::now() + Duration::from_secs(10);
        loop {
            let rows = self.rows();
            if done(&rows) {
                return rows;
            }
            assert!(
                std::time::Instant::now() < deadline,
                "waiting for {what}:\n{}",
                rows.join("\n")
            );
            let mut buf = [0u8; 4096];
            match self.pty.try_read(&mut buf) {
                Ok(n) if n > 0 => self.seen.extend_from_slice(&buf[..n]),
                _ => std::thread::sleep(Duration::from_millis(20)),
            }
        }
    }

    /// The screen once `text` is on it.
    fn at(&mut self, text: &str) -> Vec<String> {
        self.until(text, |rows| rows.iter().any(|r| r.contains(text)))
    }

    /// Waits for `text`, then types `keys`.
    fn send(&mut self, text: &str, keys: &str) -> Vec<String> {
        let rows = self.at(text);
        // The prompt is drawn just before the terminal goes to raw mode.
        std::thread::sleep(Duration::from_millis(50));
        self.pty.send(keys).unwrap();
        rows
    }

    fn rows(&self) -> Vec<String> {
        let size = |n: u16| std::num::NonZeroU16::new(n).unwrap();
        let mut parser = vt100::Parser::new(size(self.rows), size(self.cols), 0);
        parser.process(&self.seen);
        parser.screen().rows(0, self.cols).collect()
    }

    fn exit_code(&mut self) -> i32 {
        let _ = self.pty.expect(expectrl::Eof);
        match self.pty.get_process().wait().unwrap() {
            WaitStatus::Exited(_, code) => code,
            other => panic!("bowout did not exit normally: {other:?}"),
        }
    }
}

/// The rows as one text, each joined to the next by a space.
fn flat(rows: &[String]) -> String {
    rows.join(" ")
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

/// The longest email bowout writes: a reschedule proposing three times,
/// with a long reason of the person's own, a long role and a signature.
fn longest() -> Vec<String> {
    answered(
        "reschedule",
        "family-emergency",
        &[
            "position=Principal Site Reliability Engineer, Platform Infrastructure",
            "company=Initech International Holdings",
            "recipient=Dr Alexandra Montgomery-Smith",
            "detail=My father has been taken into hospital this morning and I need to be \
             with him for the next few days while the doctors decide what happens next",
            "alternatives=2026-12-07 10:00;2026-12-08 14:00;2026-12-09 09:30",
            "signature=Senior Engineer, Globex\n+44 20 7946 0000\nlinkedin.com/in/annlee",
        ],
    )
}

#[test]
fn the_review_shows_the_subject_and_the_last_outcome_on_a_small_screen() {
    let email = {
        let home = tempfile::tempdir().unwrap();
        let mut args = vec!["--no-input".to_string(), "--now".into(), NOW.into()];
        args.extend(longest());
        stdout(&run(home.path(), &args))
    };
    let subject = email.lines().next().unwrap().to_string();
    assert!(subject.starts_with("Subject: "), "{email}");
    for (cols, rows) in [(80, 24), (60, 20), (40, 12)] {
        let home = tempfile::tempdir().unwrap();
        let mut s = Screen::start(home.path(), cols, rows, &longest());
        let at = format!("{cols}×{rows}");
        // The subject, whole, at the top of what the review shows.
        let screen = s.at(MENU);
        assert!(
            flat(&screen).contains(&flat(std::slice::from_ref(&subject))),
            "{at}\n{}",
            screen.join("\n")
        );
        assert!(
            flat(&screen).contains("more rows"),
            "{at}\n{}",
            screen.join("\n")
        );
        // A copy with no display fails; what it says stays with the menu,
        // under the subject still on screen.
        s.send(MENU, ENTER);
        let screen = s.until("the outcome and the menu", |rows| {
            let all = rows.join("\n");
            all.contains("Could not copy") && all.contains("❯ Copy through")
        });
        let text = flat(&screen);
        assert!(
            text.contains(&flat(std::slice::from_ref(&subject))),
            "{at}\n{}",
            screen.join("\n")
        );
        assert!(
            text.contains("copy it by hand"),
            "{at}\n{}",
            screen.join("\n")
        );
        assert!(
            screen.iter().any(|r| r.contains("What next?")),
            "{at}\n{}",
            screen.join("\n")
        );
        // The whole email is read in the pager, a page at a time.
        s.send("❯ Copy through", &format!("{}{ENTER}", "\x1b[A"));
        let mut read = Vec::new();
        let mut last = String::new();
        loop {
            let screen = s.until("a page", |r| {
                r.last().is_some_and(|l| l.contains("q back") && *l != last)
            });
            last = screen.last().unwrap().clone();
            read.extend(screen[..screen.len() - 1].iter().cloned());
            // "The email · rows 1–23 of 30 · …": done at the last row.
            let (_, range) = last.split_once("rows ").unwrap();
            let (shown, rest) = range.split_once(" of ").unwrap();
            let total = rest.split(' ').next().unwrap();
            if shown.rsplit('–').next() == Some(total) {
                break;
            }
            s.pty.send("\x1b[6~").unwrap(); // PgDn
        }
        let text = flat(&read);
        for paragraph in email.split("\n\n").filter(|p| !p.trim().is_empty()) {
            assert!(
                text.contains(&flat(&[paragraph.to_string()])),
                "{at}: {paragraph:?} not read:\n{}",
                read.join("\n")
            );
        }
        s.pty.send("q").unwrap();
        let screen = s.at(MENU);
        assert!(
            flat(&screen).contains(&flat(std::slice::from_ref(&subject))),
            "{at}\n{}",
            screen.join("\n")
        );
        s.pty.send("\x03").unwrap();
        assert_eq!(s.exit_code(), 130);
    }
}

#[test]
fn the_phone_script_is_read_in_the_pager_and_q_goes_back_to_the_review() {
    let home = tempfile::tempdir().unwrap();
    let mut s = Screen::start(home.path(), 80, 24, &answered("cancel", "illness", &[]));
    s.send(MENU, &format!("{}{ENTER}", DOWN.repeat(6))); // Phone script
    let screen = s.at("The phone script");
    assert!(
        flat(&screen).contains("What to say when you call"),
        "{}",
        screen.join("\n")
    );
    s.send("q back", "q");
    let screen = s.at(MENU);
    assert!(
        screen.iter().any(|r| r.starts_with("Subject: ")),
        "{}",
        screen.join("\n")
    );
    s.pty.send("\x03").unwrap();
    assert_eq!(s.exit_code(), 130);
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
    let mut pty = common::spawn_sized(&cmd, 80, 24);
    pty.set_expect_timeout(Some(Duration::from_secs(60)));
    let mut seen = Vec::new();
    for (wait, keys) in [
        ("What next?", ENTER.to_string()),
        ("What next?", format!("{}{ENTER}", DOWN.repeat(8))),
        (QUIT_ANYWAY, "y".to_string()),
    ] {
        let found = pty.expect(wait).unwrap();
        seen.extend_from_slice(found.before());
        seen.extend_from_slice(found.get(0).unwrap_or_default());
        common::until_reading_keys(&pty);
        pty.send(keys).unwrap();
    }
    let screen = final_screen(&mut pty, 24, 80, &seen);
    // No display here, so the copy fails: what it says, and the email to
    // copy by hand, are what the person sees last.
    assert!(screen.contains("Could not copy"), "{screen}");
    assert!(screen.contains("copy it by hand"), "{screen}");
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
fn a_follow_up_walks_only_its_steps_and_counts_them_from_the_first_answer() {
    for (cols, rows) in [(80, 24), (60, 20)] {
        let home = tempfile::tempdir().unwrap();
        let mut s = Screen::start(home.path(), cols, rows, &[]);
        s.at("What do you need to write?");
        // The count depends on the answer to this first question: none yet.
        let drawn = String::from_utf8_lossy(&s.seen).to_string();
        assert!(drawn.contains("Step 1 · Situation"), "{drawn}");
        s.pty.send(format!("{}{ENTER}", DOWN.repeat(3))).unwrap(); // follow-up
        let next = s.at("Say you would welcome");
        let text = next.join("\n");
        // No reason, no apology and no timeliness (it is written after the
        // fact, so its date is not asked): five steps, counted from here.
        assert!(text.contains("Step 2 of 5 · Gratitude"), "{text}");
        assert!(
            text.contains("Step 3 of 5 · Leaving the door open"),
            "{text}"
        );
        for absent in [
            "Reason",
            "Apology",
            "Timeliness",
            "When is the interview",
            "of 8",
        ] {
            assert!(!text.contains(absent), "{absent} at {cols}×{rows}:\n{text}");
        }
        s.pty.send("\x03").unwrap();
        assert_eq!(s.exit_code(), 130);
    }
}

/// Moves the review's menu down to `item` and chooses it.
fn choose(s: &mut Screen, item: &str) {
    let marked = format!("❯ {item}");
    let current = |rows: &[String]| rows.iter().find(|r| r.contains("❯ ")).cloned();
    let mut was = current(&s.at("What next?"));
    std::thread::sleep(Duration::from_millis(50));
    for _ in 0..12 {
        if was.as_deref().is_some_and(|r| r.contains(&marked)) {
            s.pty.send(ENTER).unwrap();
            return;
        }
        s.pty.send(DOWN).unwrap();
        let rows = s.until("the next item", |rows| {
            current(rows).is_some_and(|r| Some(&r) != was.as_ref())
        });
        was = current(&rows);
    }
    panic!("no {item:?} in the menu:\n{}", s.rows().join("\n"));
}

#[test]
fn change_an_answer_shows_a_long_answer_by_its_start_and_its_length() {
    let detail = "My doctor has asked me to rest for the whole of next week and to stay at \
                  home until the infection has cleared, so I cannot come in on Thursday as \
                  we planned, however much I was looking forward to it";
    let n = detail.chars().count();
    for (cols, rows) in [(80, 24), (60, 20)] {
        let home = tempfile::tempdir().unwrap();
        let args = answered("cancel", "illness", &[&format!("detail={detail}")]);
        let mut s = Screen::start(home.path(), cols, rows, &args);
        choose(&mut s, "Change an answer");
        s.at("Which answer?");
        // The menu may show a few answers at a time: move down to it.
        let current = |rows: &[String]| rows.iter().find(|r| r.contains("❯ ")).cloned();
        let mut screen = s.until("the menu", |rows| current(rows).is_some());
        for _ in 0..15 {
            if screen.iter().any(|r| r.contains("Your own sentence")) {
                break;
            }
            let was = current(&screen);
            s.pty.send(DOWN).unwrap();
            screen = s.until("the next answer", |rows| {
                current(rows).is_some_and(|r| Some(&r) != was.as_ref())
            });
        }
        let row = screen
            .iter()
            .find(|r| r.contains("Your own sentence"))
            .unwrap_or_else(|| panic!("{cols}×{rows}:\n{}", screen.join("\n")));
        assert!(row.contains("My doctor has"), "{row:?}");
        assert!(row.contains(&format!("… ({n} characters)")), "{row:?}");
        assert!(
            row.trim_end().chars().count() < usize::from(cols),
            "{row:?}"
        );
        s.pty.send("\x03").unwrap();
        assert_eq!(s.exit_code(), 130);
    }
}

#[test]
fn remembering_the_name_says_where_it_is_kept() {
    for (cols, rows) in [(80, 24), (60, 20)] {
        let home = tempfile::tempdir().unwrap();
        let mut s = Screen::start(home.path(), cols, rows, &answered_but(&["sender"]));
        s.send("Your name", &format!("Ann Lee{ENTER}"));
        let screen = s.at("? Remember");
        // $XDG_CONFIG_HOME is ~/config here.
        assert!(
            flat(&screen).contains(
                "Remember your name and signature for next time, in \
                 ~/config/bowout/profile.toml?"
            ),
            "{cols}×{rows}:\n{}",
            screen.join("\n")
        );
        s.pty.send("y").unwrap();
        s.at("What next?");
        // Said before the review, which may scroll it away.
        let drawn = String::from_utf8_lossy(&s.seen).to_string();
        assert!(
            drawn.contains("Saved to ~/config/bowout/profile.toml"),
            "{drawn}"
        );
        assert!(home.path().join("config/bowout/profile.toml").exists());
        s.send(MENU, "\x03");
        assert_eq!(s.exit_code(), 130);
    }
}

#[test]
fn an_answer_left_empty_is_reported_as_none_not_blank() {
    for (cols, rows) in [(80, 24), (60, 20)] {
        let home = tempfile::tempdir().unwrap();
        let mut s = Screen::start(home.path(), cols, rows, &answered_but(&["sender_email"]));
        s.send("Your email", ENTER);
        let screen = s.at("What next?");
        let drawn = String::from_utf8_lossy(&s.seen).to_string();
        assert!(
            drawn.contains("✔ Your email address (optional) · none"),
            "{cols}×{rows}:\n{drawn}"
        );
        assert!(
            !screen.iter().any(|r| r.trim_end().ends_with('·')),
            "{cols}×{rows}:\n{}",
            screen.join("\n")
        );
        s.send(MENU, "\x03");
        assert_eq!(s.exit_code(), 130);
    }
}

#[test]
fn esc_at_the_offer_to_remember_goes_back_a_question_and_asks_it_again() {
    for (cols, rows) in [(80, 24), (60, 20)] {
        let home = tempfile::tempdir().unwrap();
        let at = format!("{cols}×{rows}");
        let mut s = Screen::start(home.path(), cols, rows, &answered_but(&["sender"]));
        s.send("Your name", &format!("Ann Lee{ENTER}"));
        s.send("? Remember", "\x1b");
        // Back at the question before, as if the offer had never come.
        let screen = s.at("? Under your name");
        assert!(
            !screen.iter().any(|r| r.contains("Remember")),
            "{at}:\n{}",
            screen.join("\n")
        );
        s.send("? Under your name", ENTER);
        // Offered again, since it was not answered.
        s.send("? Remember", "y");
        s.at("What next?");
        assert!(
            home.path().join("config/bowout/profile.toml").exists(),
            "{at}"
        );
        s.send(MENU, "\x03");
        assert_eq!(s.exit_code(), 130, "{at}");
    }
}

#[test]
fn the_wizard_names_a_refused_date_in_its_own_words_and_suggests_a_fix() {
    for (cols, rows) in [(80, 24), (60, 20)] {
        let home = tempfile::tempdir().unwrap();
        let args = answered_but(&["interview_at"]);
        let mut s = Screen::start(home.path(), cols, rows, &args);
        s.send("Interview", &format!("nxt fridy 10:00{ENTER}"));
        let screen = s.at("did you mean");
        let text = flat(&screen);
        assert!(
            text.contains("that is not a date and time bowout can read"),
            "{text}"
        );
        assert!(text.contains("did you mean `next friday 10:00`?"), "{text}");
        assert!(!text.contains("interview_at"), "{text}");
        s.pty.send("\x03").unwrap();
        assert_eq!(s.exit_code(), 130);

        // A proposed time with a part of the day gets its suggestion too.
        let home = tempfile::tempdir().unwrap();
        let args: Vec<String> = answered("reschedule", "illness", &[])
            .chunks(2)
            .filter(|pair| !pair[1].starts_with("door_open="))
            .flatten()
            .cloned()
            .collect();
        let mut s = Screen::start(home.path(), cols, rows, &args);
        s.send("Propose other times?", ENTER);
        s.send("Time 1", &format!("tusday afternoon{ENTER}"));
        let screen = s.at("did you mean");
        let text = flat(&screen);
        assert!(text.contains("that is a time bowout cannot read"), "{text}");
        assert!(text.contains("did you mean `tuesday afternoon`?"), "{text}");
        assert!(!text.contains("alternatives"), "{text}");
        s.pty.send("\x03").unwrap();
        assert_eq!(s.exit_code(), 130);
    }
}

#[test]
fn at_60_columns_prompts_and_menus_fit_their_rows_and_leave_no_stale_lines() {
    let home = tempfile::tempdir().unwrap();
    let mut cmd: Command = bowout_in_terminal(home.path());
    cmd.env("TERM", "xterm")
        .current_dir(home.path())
        .args(["--now", NOW]);
    let mut pty = common::spawn_sized(&cmd, 60, 24);
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
    let mut pty = common::spawn_sized(&cmd, 60, 24);
    pty.set_expect_timeout(Some(Duration::from_secs(60)));
    let found = pty.expect("What next?").unwrap();
    let mut seen = found.before().to_vec();
    seen.extend_from_slice(found.get(0).unwrap_or_default());
    common::until_reading_keys(&pty);
    pty.send(format!("{}{ENTER}", DOWN.repeat(8))).unwrap(); // Quit
    answer(&mut pty, QUIT_ANYWAY, "y");
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
    // Sized before bowout starts: the note is its first line.
    let mut pty = common::spawn_sized(&cmd, 60, 24);
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
    let mut pty = common::spawn_sized(&cmd, cols, rows);
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
        rows[at + 1].starts_with("✘ ")
            && screen
                .split_whitespace()
                .collect::<Vec<_>>()
                .join(" ")
                .contains("did you mean `next friday 10:00`?"),
        "{screen}"
    ); // Stopped there: the message comes after the reason, a row apart.
    let mut end = at + 1;
    while !rows[end].trim().is_empty() {
        end += 1;
    }
    assert!(rows[end + 1].starts_with("Stopped."), "{screen}");
}

#[test]
fn back_three_questions_and_forward_again_asks_each_with_its_answer() {
    for (cols, rows) in [(80, 24), (60, 20)] {
        let at = format!("{cols}×{rows}");
        let home = tempfile::tempdir().unwrap();
        let args = vec!["--set".to_string(), "situation=cancel".into()];
        let mut s = Screen::start(home.path(), cols, rows, &args);
        s.send("? Interview", "2026-12-03 10:00\r");
        s.send("Which honest reason", &format!("{DOWN}{ENTER}")); // illness
        s.send("own sentence", "I am unwell\r");
        // Back three questions: the apology, the detail, the reason.
        s.send("? Apologise", "\x1b");
        s.send("own sentence › I am unwell", "\x1b");
        s.send("❯ illness", "\x1b");
        let screen = s.until("the date again", |r| {
            r.iter()
                .any(|l| l.contains("? Interview › 2026-12-03 10:00"))
        });
        // As if the questions gone back past had never been answered.
        let all = screen.join("\n");
        for gone in [
            "Which honest reason",
            "own sentence",
            "Apologise",
            "✔ Interview",
        ] {
            assert!(!all.contains(gone), "{at}: {gone:?} left:\n{all}");
        }
        assert_eq!(all.matches("Step 2 of").count(), 1, "{at}:\n{all}");
        // Forward: each asked again, from its answer; Enter keeps it.
        s.pty.send(ENTER).unwrap();
        s.send("❯ illness", ENTER);
        s.send("own sentence › I am unwell", ENTER);
        let screen = s.at("? Apologise");
        let all = screen.join("\n");
        let height = rows;
        for (prompt, answer) in [
            ("Interview", "2026-12-03 10:00"),
            ("Which honest reason fits best?", "illness"),
            ("own sentence", "I am unwell"),
        ] {
            let rows: Vec<&String> = screen.iter().filter(|r| r.contains(prompt)).collect();
            // Once (at 60×20 the date has scrolled off by now), answered.
            let once = if prompt == "Interview" && height == 20 {
                0
            } else {
                1
            };
            assert_eq!(rows.len(), once, "{at}: {prompt:?} once:\n{all}");
            for row in rows {
                assert!(row.starts_with("✔ ") && row.contains(answer), "{at}: {all}");
            }
        }
        s.pty.send("\x03").unwrap();
        assert_eq!(s.exit_code(), 130);
        let kept = std::fs::read_to_string(home.path().join("state/bowout/resume.toml")).unwrap();
        assert!(kept.contains("detail = \"I am unwell\""), "{kept}");
    }
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
    screen_until(&mut pty, "Could not copy");
    // The failed copy's place in the menu is taken by the terminal's clipboard.
    answer(&mut pty, "❯ Copy through the terminal (OSC 52)", ENTER);
    let found = pty
        .expect("clipboard with OSC 52, if your terminal supports it")
        .unwrap();
    let out = String::from_utf8_lossy(found.before()).to_string();
    assert!(out.contains("\x1b]52;c;"), "no OSC 52 sequence: {out:?}");
    // Copied: quitting is not questioned.
    menu(&mut pty, MENU, 8);
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
    let mut pty = common::spawn_sized(&cmd, 80, 24);
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
    let mut pty = common::spawn_sized(&cmd, 80, 24);
    pty.set_expect_timeout(Some(Duration::from_secs(60)));
    let mut seen = Vec::new();
    for (wait, keys) in [
        ("What next?", format!("{}{ENTER}", DOWN.repeat(2))), // Edit in $EDITOR
        ("What next?", format!("{}{ENTER}", DOWN.repeat(8))), // Quit
        ("saved. Quit", "y".to_string()),
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
fn ctrl_backslash_keeps_the_answers_shows_the_cursor_and_exits_131() {
    let home = tempfile::tempdir().unwrap();
    let mut s = Screen::start(
        home.path(),
        80,
        24,
        &["--set".to_string(), "situation=cancel".into()],
    );
    s.send("? Interview", "2026-12-03 10:00\r");
    s.send("Which honest reason", &format!("{DOWN}{ENTER}")); // illness
    // Ctrl-\ at a text prompt, in raw mode: read as a key.
    s.send("own sentence", "\x1c");
    assert_eq!(s.exit_code(), 131);
    let kept = std::fs::read_to_string(home.path().join("state/bowout/resume.toml")).unwrap();
    assert!(kept.contains("reason = \"illness\""), "{kept}");
    assert!(kept.contains("interview_at"), "{kept}");
    let shown = String::from_utf8_lossy(&s.seen).to_string();
    assert!(shown.contains("\x1b[?25h"), "{shown:?}");
}

#[test]
fn sigquit_at_a_menu_keeps_the_answers_and_gives_the_terminal_back() {
    let home = tempfile::tempdir().unwrap();
    let mut pty = wizard(home.path(), &["--set", "situation=cancel"]);
    answer(&mut pty, "When is the interview?", "2026-12-03 10:00\r");
    pty.expect("Which honest reason").unwrap();
    let pid = pty.get_process().pid();
    // SAFETY: sends a signal to the child.
    unsafe {
        libc_kill(pid.as_raw(), 3);
    }
    let tail = rest(&mut pty);
    assert!(tail.contains("\x1b[?25h"), "the cursor is shown: {tail:?}");
    assert!(tail.contains("bowout --resume"), "{tail}");
    assert_eq!(exit_code(&pty), 131);
    let kept = std::fs::read_to_string(home.path().join("state/bowout/resume.toml")).unwrap();
    assert!(kept.contains("interview_at"), "{kept}");
}

unsafe extern "C" {
    #[link_name = "kill"]
    fn libc_kill(pid: i32, sig: i32) -> i32;
}

#[test]
fn an_edit_survives_ctrl_c_and_resume_and_is_asked_about_before_an_answer_replaces_it() {
    let home = tempfile::tempdir().unwrap();
    let editor = home.path().join("editor");
    common::write(
        &editor,
        "#!/bin/sh\nsed -i 's/I am unwell/I have come down with flu/' \"$1\"\n",
    );
    std::fs::set_permissions(&editor, std::os::unix::fs::PermissionsExt::from_mode(0o755)).unwrap();
    let args = answered("cancel", "illness", &[]);
    let with_editor = |cmd: &mut Command| {
        cmd.env("EDITOR", &editor);
    };
    for (cols, rows) in [(80, 24), (60, 20)] {
        let at = format!("{cols}×{rows}");
        let _ = std::fs::remove_dir_all(home.path().join("state"));
        let mut s = Screen::with(home.path(), cols, rows, &args, with_editor);
        s.send(MENU, &format!("{}{ENTER}", DOWN.repeat(2))); // Edit
        s.at("Your edits are kept");
        s.send(MENU, "\x03");
        assert_eq!(s.exit_code(), 130, "{at}");
        // Resumed: the edited email is back at the review.
        let mut resumed = args.clone();
        resumed.push("--resume".into());
        let mut s = Screen::with(home.path(), cols, rows, &resumed, with_editor);
        let screen = s.at(MENU);
        let text = flat(&screen);
        assert!(
            text.contains("Your edited email is back"),
            "{at}\n{}",
            screen.join("\n")
        );
        assert!(
            text.contains("I have come down with flu"),
            "{at}\n{}",
            screen.join("\n")
        );
        // Changing an answer asks first; keeping the edits keeps them.
        s.send(MENU, &format!("{}{ENTER}", DOWN.repeat(3)));
        s.send("Your edits will be replaced", ENTER); // Keep my edits
        let screen = s.at(MENU);
        assert!(
            flat(&screen).contains("I have come down with flu"),
            "{at}\n{}",
            screen.join("\n")
        );
        s.pty.send("\x03").unwrap();
        assert_eq!(s.exit_code(), 130, "{at}");
    }
}

#[test]
fn function_keys_and_ctrl_arrows_leave_the_typed_text_as_it_was() {
    let home = tempfile::tempdir().unwrap();
    let args = answered_but(&["company"]);
    let mut s = Screen::start(home.path(), 80, 24, &args);
    // F1–F4 (SS3 and the Linux console's), F5–F12, Insert, the keypad.
    let keys = [
        "\x1bOP",
        "\x1bOQ",
        "\x1bOR",
        "\x1bOS",
        "\x1b[[A",
        "\x1b[11~",
        "\x1b[15~",
        "\x1b[17~",
        "\x1b[18~",
        "\x1b[19~",
        "\x1b[20~",
        "\x1b[21~",
        "\x1b[23~",
        "\x1b[24~",
        "\x1b[1;2P",
        "\x1b[2~",
        "\x1b[E",
    ]
    .concat();
    s.send("? Company ›", &format!("Acme Widgets{keys}"));
    // Ctrl-Left twice, Alt-f, Home, Ctrl-E, Alt-b then Alt-Backspace.
    s.pty
        .send("\x1b[1;5D\x1b[1;5D\x1bf\x1b[H\x05\x1bbX\x1b\x7f")
        .unwrap();
    let screen = s.until("the text", |r| {
        r.iter().any(|l| l.contains("? Company › Acme Widgets"))
    });
    let row = screen.iter().find(|l| l.contains("? Company ›")).unwrap();
    assert_eq!(
        row.trim_end(),
        "? Company › Acme Widgets",
        "{}",
        screen.join("\n")
    );
    s.pty.send("\x03").unwrap();
    assert_eq!(s.exit_code(), 130);
}

/// bowout in a tmux window, which rewraps its rows when it is resized as
/// most terminals do (the vt100 crate does not): driven with `send-keys`,
/// resized with `resize-window` and read with `capture-pane`.
struct Tmux {
    socket: String,
    _home: tempfile::TempDir,
}

impl Tmux {
    fn start(cols: u16, rows: u16, args: &[String]) -> Tmux {
        let home = tempfile::tempdir().unwrap();
        let quote = |s: &str| format!("'{}'", s.replace('\'', "'\\''"));
        let mut script = String::from("#!/bin/sh\n");
        let cmd = bowout_in_terminal(home.path());
        for (key, value) in cmd.get_envs() {
            if let Some(value) = value {
                let value = value.to_string_lossy();
                script.push_str(&format!(
                    "export {}={}\n",
                    key.to_string_lossy(),
                    quote(&value)
                ));
            }
        }
        script.push_str(&format!(
            "export TERM=screen\ncd {}\nexec {} --now {}",
            quote(&home.path().display().to_string()),
            quote(env!("CARGO_BIN_EXE_bowout")),
            quote(NOW)
        ));
        for a in args {
            script.push(' ');
            script.push_str(&quote(a));
        }
        script.push('\n');
        let path = home.path().join("run.sh");
        std::fs::write(&path, script).unwrap();
        let socket = format!(
            "bowout-test-{}-{}",
            std::process::id(),
            home.path().file_name().unwrap().to_string_lossy()
        );
        let t = Tmux {
            socket,
            _home: home,
        };
        t.run(&[
            "-f",
            "/dev/null",
            "new-session",
            "-d",
            "-x",
            &cols.to_string(),
            "-y",
            &rows.to_string(),
            "-s",
            "w",
            // The window stays after bowout ends, for a last look.
            &format!("sh {}; sleep 60", quote(&path.display().to_string())),
        ]);
        t
    }

    fn run(&self, args: &[&str]) -> String {
        let out = Command::new("tmux")
            .arg("-L")
            .arg(&self.socket)
            .args(args)
            .output()
            .expect("tmux runs (the tests install it)");
        assert!(out.status.success(), "tmux {args:?}: {out:?}");
        String::from_utf8_lossy(&out.stdout).to_string()
    }

    fn rows(&self) -> Vec<String> {
        self.run(&["capture-pane", "-p", "-t", "w"])
            .lines()
            .map(|l| l.trim_end().to_string())
            .collect()
    }

    /// The screen once `done` holds for it.
    fn until(&self, what: &str, done: impl Fn(&[String]) -> bool) -> Vec<String> {
        let mut rows = Vec::new();
        let came = common::eventually(10, || {
            rows = self.rows();
            done(&rows)
        });
        assert!(came, "waiting for {what}:\n{}", rows.join("\n"));
        rows
    }

    fn at(&self, text: &str) -> Vec<String> {
        self.until(text, |rows| flat(rows).contains(text))
    }

    fn typed(&self, text: &str) {
        self.run(&["send-keys", "-t", "w", "-l", text]);
    }

    /// Resizes the window, and waits until its terminal has the new size
    /// as bowout reads it (tmux may apply it a moment later).
    fn resize(&self, cols: u16, rows: u16) {
        self.run(&[
            "resize-window",
            "-t",
            "w",
            "-x",
            &cols.to_string(),
            "-y",
            &rows.to_string(),
        ]);
        let tty = self.run(&["display", "-p", "-t", "w", "#{pane_tty}"]);
        let want = format!("{rows} {cols}");
        let mut size = String::new();
        let came = common::eventually(10, || {
            let out = Command::new("stty")
                .args(["-F", tty.trim(), "size"])
                .output()
                .expect("stty runs");
            size = String::from_utf8_lossy(&out.stdout).trim().to_string();
            size == want
        });
        assert!(came, "the terminal is {size}, not {want}");
    }
}

impl Drop for Tmux {
    fn drop(&mut self) {
        let _ = Command::new("tmux")
            .arg("-L")
            .arg(&self.socket)
            .arg("kill-server")
            .output();
    }
}

#[test]
fn resizing_while_typing_leaves_one_prompt_line() {
    let company = "Initech International Holdings and Partners Limited of Greater London";
    for (cols, rows) in [(80, 24), (60, 20)] {
        let t = Tmux::start(cols, rows, &answered_but(&["company", "position"]));
        let at = format!("{cols}×{rows}");
        t.at("? Company ›");
        t.typed(company);
        let prompt = |rows: &[String]| -> Vec<String> {
            rows.iter()
                .filter(|r| r.starts_with("? Company ›"))
                .cloned()
                .collect()
        };
        // Narrower, then wider, typing after each: the prompt is drawn
        // once, whole, however the terminal rewrapped the old rows.
        let mut typed = String::new();
        for (width, key) in [(40, "X"), (cols + 20, "Y"), (cols, "Z")] {
            t.resize(width, rows);
            t.typed(key);
            typed.push_str(key);
            let whole = format!("? Company › {company}{typed}");
            let full = whole.chars().count().min(usize::from(width));
            let mut screen = Vec::new();
            let came = common::eventually(10, || {
                screen = t.rows();
                let first = prompt(&screen);
                screen.concat().contains(&whole)
                    && first.len() == 1
                    && first[0].chars().count() == full
            });
            assert!(
                came,
                "{at} → {width}: one prompt, whole, at the new width:\n{}",
                screen.join("\n")
            );
        }
        t.typed("\r");
        let screen = t.at("? Position");
        assert!(prompt(&screen).is_empty(), "{at}:\n{}", screen.join("\n"));
        assert!(
            flat(&screen).contains(&format!("✔ Company · {company}XYZ")),
            "{at}:\n{}",
            screen.join("\n")
        );
        assert_eq!(
            screen.iter().filter(|r| r.starts_with("✔ Company")).count(),
            1,
            "{at}:\n{}",
            screen.join("\n")
        );
    }
}

#[test]
fn resizing_at_a_yes_or_no_or_a_menu_leaves_no_copy_of_its_prompt() {
    let left = |rows: &[String], prompt: &str| rows.iter().filter(|r| r.contains(prompt)).count();
    for (cols, rows) in [(80, 24), (60, 20)] {
        let at = format!("{cols}×{rows}");
        // A yes or no, narrowed while it waits.
        let args: Vec<String> = answered("cancel", "illness", &[])
            .chunks(2)
            .filter(|pair| !pair[1].starts_with("apology=") && !pair[1].starts_with("door_open="))
            .flatten()
            .cloned()
            .collect();
        let t = Tmux::start(cols, rows, &args);
        t.at("? Apologise");
        t.resize(40, rows);
        t.typed("y");
        let screen = t.at("? Leave the door open");
        assert_eq!(
            left(&screen, "? Apologise"),
            0,
            "{at}:\n{}",
            screen.join("\n")
        );
        drop(t);
        // A menu, the same.
        let t = Tmux::start(cols, rows, &[]);
        t.at("? What do you need to write?");
        t.resize(40, rows);
        t.typed("\r");
        let screen = t.at("? Weigh it first?");
        for stale in ["? What do you need to write?", "employer-reschedule"] {
            assert_eq!(left(&screen, stale), 0, "{at}:\n{}", screen.join("\n"));
        }
    }
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
