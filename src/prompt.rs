//! The interactive wizard: walks the advice step by step, asks only for the
//! answers still missing, and ends at a review screen. The only module that
//! touches dialoguer. Everything it asks is an `Answers` key, so every answer
//! can come from flags or a file instead.

use std::io::{self, Write};
use std::path::PathBuf;

use anyhow::{Context, Result};
use console::{Key, Term, style};
use dialoguer::theme::{ColorfulTheme, Theme};
use dialoguer::{Confirm, Select};
use jiff::Zoned;
use serde::Deserialize;

use crate::Cancelled;
use crate::advice::{self, Notice, SITUATIONS, Side};
use crate::answers::{self, Answers, MAX_LINE, Resolved, Value};
use crate::files::{self, Owner};
use crate::handoff;
use crate::line;
use crate::questions::{Case, Hook, Kind, QUESTIONS, Question, Step, When};
use crate::render::{Rendered, Renderer};

/// The advice shown along the way, from `assets/advice.toml`.
#[derive(Deserialize)]
struct Advice {
    situation: String,
    timeliness: String,
    reason: String,
    gratitude: String,
    apology: String,
    door: String,
    door_employer: String,
    times: String,
    particulars: String,
    tone: String,
    review: String,
    weigh: Vec<String>,
}

/// How the wizard ended.
#[derive(Debug, PartialEq, Eq)]
pub enum End {
    /// The person finished at the review screen.
    Done,
    /// The person chose to keep the interview: nothing to send.
    KeptInterview,
}

/// What the review offers to do with the email.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Action {
    Read,
    CopyBody,
    CopySubject,
    Terminal,
    Edit,
    Change,
    Save,
    SaveReply,
    Open,
    Phone,
    Print,
    Quit,
}

impl Action {
    fn label(self) -> &'static str {
        match self {
            Action::CopyBody => "Copy the body",
            Action::CopySubject => "Copy the subject",
            // Each fits a row of 40 columns after the menu's "❯ ".
            Action::Terminal => "Copy through the terminal (OSC 52)",
            Action::Edit => "Edit in $EDITOR",
            Action::Change => "Change an answer",
            Action::Save => "Save these answers to a file",
            Action::SaveReply => "Save the reply (.eml, in its thread)",
            Action::Open => "Open in your mail client",
            Action::Phone => "Phone script",
            Action::Print => "Print and quit",
            Action::Read => "Read the whole email",
            Action::Quit => "Quit",
        }
    }
}

/// Whether the walk goes on.
#[derive(Debug, PartialEq, Eq)]
enum Flow {
    Go,
    /// The person chose to keep the interview.
    KeptInterview,
}

/// Whether the wizard can run: it needs a terminal to read from and to draw on.
/// Whether the wizard can talk to a person: on standard error, with keys
/// from standard input, or, when standard input carried the message
/// replied to (`--reply-to -` from a mail reader), from the terminal itself.
pub fn has_terminal(stdin_read: bool) -> bool {
    use std::io::IsTerminal;
    let keys = io::stdin().is_terminal()
        || stdin_read
            && std::fs::OpenOptions::new()
                .read(true)
                .write(true)
                .open("/dev/tty")
                .is_ok_and(|tty| tty.is_terminal());
    keys && Term::stderr().is_term()
}

/// Turns a prompt's error into `Cancelled` when the person pressed Ctrl-C.
fn prompt_err(e: dialoguer::Error) -> anyhow::Error {
    let io: io::Error = e.into();
    if io.kind() == io::ErrorKind::Interrupted {
        anyhow::Error::new(Cancelled)
    } else {
        anyhow::Error::new(io).context("cannot talk to the terminal")
    }
}

/// Esc in any prompt: the person wants the previous question. Carried as
/// an error up to the walk, which asks that question again.
#[derive(Debug)]
struct GoBack;

impl std::fmt::Display for GoBack {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("back")
    }
}

impl std::error::Error for GoBack {}

fn is_back(e: &anyhow::Error) -> bool {
    e.is::<GoBack>()
}

/// Esc (or q) in a menu goes back; Ctrl-C stops.
fn chosen<T>(r: dialoguer::Result<Option<T>>) -> Result<T> {
    r.map_err(prompt_err)?
        .ok_or_else(|| anyhow::Error::new(GoBack))
}

/// How many terminal columns text takes.
fn measure(text: &str) -> usize {
    console::measure_text_width(text)
}

/// Joins words that `Wizard::line` keeps on one row; shown as a space.
const KEEP: char = '\u{a0}';

/// Columns left on a prompt's row for typing an answer, and for a yes or no.
const TYPING_ROOM: usize = 20;
const CONFIRM_ROOM: usize = 12;

/// The smallest terminal the wizard draws its menus in.
const MIN_COLUMNS: u16 = 40;
const MIN_ROWS: u16 = 12;

/// Refuses a terminal too small to draw the menus in, in one clear line,
/// before the wizard starts.
pub fn check_size() -> Result<()> {
    let (rows, cols) = Term::stderr().size();
    if rows < MIN_ROWS || cols < MIN_COLUMNS {
        return Err(crate::usage!(
            "the terminal is {cols} columns by {rows} rows; the wizard needs at least \
             {MIN_COLUMNS} by {MIN_ROWS}: make it larger, or run without the wizard \
             (--no-input, see bowout --help)"
        ));
    }
    Ok(())
}

/// The answers as they stand, and the email as the person edited it,
/// shared with the thread that keeps them when a signal (SIGTERM, SIGHUP,
/// SIGQUIT) stops the wizard from outside.
pub type Shared = std::sync::Arc<std::sync::Mutex<Kept>>;

/// What a stopped or finished wizard keeps: its answers, and the email as
/// the person edited it (with the answers it was written from).
#[derive(Clone, Debug, Default)]
pub struct Kept {
    pub answers: Answers,
    pub edit: Option<KeptEdit>,
}

/// An email edited by hand, kept beside the answers (`--resume`, `--last`)
/// with the answers it was written from: it comes back only for those.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize, Deserialize)]
pub struct KeptEdit {
    subject: String,
    body: String,
    answers: String,
}

/// Where the edited email kept beside an answers file (resume.toml,
/// last.toml) is: resume.edit.json, last.edit.json.
pub fn edit_file(answers_file: &std::path::Path) -> PathBuf {
    answers_file.with_extension("edit.json")
}

/// Keeps `edit` beside `answers_file`, or removes an old one when there
/// is none. Failing to keep it must not fail the run: it is said.
pub fn keep_edit(answers_file: &std::path::Path, edit: Option<&KeptEdit>) {
    let path = edit_file(answers_file);
    let kept = match edit {
        Some(edit) => serde_json::to_vec(edit)
            .map_err(anyhow::Error::new)
            .and_then(|bytes| files::keep_state(&path, &bytes)),
        None => match std::fs::remove_file(&path) {
            Err(e) if e.kind() != io::ErrorKind::NotFound => {
                Err(anyhow::Error::new(e).context(format!("cannot remove {}", files::shown(&path))))
            }
            _ => Ok(()),
        },
    };
    if let Err(e) = kept {
        crate::output::note(&format!(
            "bowout: note: your edited email could not be kept: {}",
            answers::visible(&format!("{e:#}"))
        ));
    }
}

/// The edited email kept beside `answers_file`, if there is one that reads.
pub fn kept_edit(answers_file: &std::path::Path) -> Option<KeptEdit> {
    let path = edit_file(answers_file);
    let text = files::read_text(
        &path,
        "the edited email",
        Owner::Bowout,
        files::MAX_ANSWERS_FILE,
    )
    .ok()??;
    serde_json::from_str(&text).ok()
}

/// The answers as an edit records them: dates pinned, as they are kept.
fn fingerprint(answers: &Answers, now: &Zoned) -> String {
    let mut a = answers.clone();
    a.pin_dates(now);
    a.to_toml()
}

/// How the review fits a screen: how many rows of the email's head (its
/// subject and body) it shows, whether its tail (the checklist and any
/// findings) is shown, and how many menu items at a time (all where `None`).
#[derive(Debug, PartialEq, Eq)]
struct Fit {
    head: usize,
    tail: bool,
    menu: Option<usize>,
}

/// The review's layout for an email of `head` rows and `tail` rows, the
/// last action's `outcome` rows and `items` menu items, on a screen
/// `height` rows tall, everything above the last row: all of it if it
/// fits; else the whole email over a shorter menu; else a menu of three,
/// the checklist if it takes less than half the room, and the first
/// rows of the email (its `subject` rows at least, the menu shrinking for
/// them) over a row saying how many more there are.
fn fit_review(
    height: usize,
    (head, subject, tail): (usize, usize, usize),
    outcome: usize,
    items: usize,
) -> Fit {
    const FEWEST: usize = 3;
    let room = height.saturating_sub(1);
    let below = outcome + 1;
    let all = head + tail;
    if all + below + items <= room {
        return Fit {
            head,
            tail: true,
            menu: None,
        };
    }
    if all + below + FEWEST <= room {
        return Fit {
            head,
            tail: true,
            menu: Some(room - all - below),
        };
    }
    // The subject stays whole, the menu giving up rows for it; one row
    // says how many more there are.
    let menu = FEWEST.min(room.saturating_sub(below + 1 + subject)).max(1);
    let left = room.saturating_sub(below + menu + 1);
    let tail_shown = tail * 2 < left;
    let rows = if tail_shown { left - tail } else { left };
    Fit {
        head: rows.max(subject).clamp(1, head),
        tail: tail_shown,
        menu: Some(menu),
    }
}

pub struct Wizard {
    /// A copy of `answers`, brought up to date after every question.
    shared: Shared,
    term: Term,
    theme: ColorfulTheme,
    advice: Advice,
    now: Zoned,
    renderer: Renderer,
    /// Everything answered so far, from any source. Kept when the wizard is
    /// interrupted, for `--resume`.
    pub answers: Answers,
    /// The email as the person edited it, until an answer changes.
    edited: Option<(String, String)>,
    /// Whether every step is being shown (the first walk) or only the ones
    /// that ask something (after changing an answer).
    walk: bool,
    /// Whether the person typed a needed profile answer (their name) in
    /// this run, and so may want it remembered.
    typed_profile: bool,
    /// Whether answers already given go unsaid in the walk (resuming: they
    /// were said in one line at the start).
    quiet_given: bool,
    /// Whether a copy failed, so that the review offers the terminal's
    /// clipboard (OSC 52) instead.
    offer_terminal: bool,
    /// The invitation being answered, if any.
    origin: Option<crate::invite::Origin>,
    /// Whether the invitation's date still waits for the person's word.
    confirm_date: bool,
    /// Rows written since the wizard started, as the terminal shows them:
    /// what going back and the review's redraws erase is counted in them.
    rows: std::cell::Cell<usize>,
    /// What the review's last action did, shown with the menu until the next.
    outcome: std::cell::RefCell<Vec<String>>,
    /// An edited email kept from a stopped or finished run, with the
    /// answers it was written from; used at the review if they still match.
    kept_edit: Option<KeptEdit>,
}

impl Wizard {
    pub fn new(answers: Answers, now: Zoned, renderer: Renderer) -> Result<Wizard> {
        let advice: Advice = toml::from_str(include_str!("../assets/advice.toml"))
            .context("assets/advice.toml is not valid")?;
        Ok(Wizard {
            shared: std::sync::Arc::new(std::sync::Mutex::new(Kept {
                answers: answers.clone(),
                edit: None,
            })),
            term: Term::stderr(),
            theme: ColorfulTheme::default(),
            advice,
            now,
            renderer,
            answers,
            edited: None,
            walk: true,
            typed_profile: false,
            offer_terminal: false,
            quiet_given: false,
            origin: None,
            confirm_date: false,
            rows: std::cell::Cell::new(0),
            outcome: std::cell::RefCell::new(Vec::new()),
            kept_edit: None,
        })
    }

    /// Answers an invitation: its particulars are the starting point, its
    /// date is shown for confirmation, and its company and role are offered
    /// as the answers' starting text.
    pub fn replying(&mut self, origin: crate::invite::Origin) {
        self.confirm_date = self.answers.text(answers::INTERVIEW_KEY).is_some_and(|t| {
            t.trim()
                == origin
                    .answers()
                    .text(answers::INTERVIEW_KEY)
                    .unwrap_or("")
                    .trim()
        });
        self.origin = Some(origin);
    }

    /// The answers as they stand, for `stop_on_signals`.
    pub fn shared(&self) -> Shared {
        self.shared.clone()
    }

    /// Walks every step, then the review.
    pub fn run(&mut self, resuming: bool) -> Result<End> {
        self.line(&format!(
            "{} writes the email that bows out of an interview gracefully.",
            style("bowout").bold()
        ));
        self.line(&format!(
            "{}",
            style("Esc goes back a question. Ctrl-C stops; bowout --resume carries on later.")
                .dim()
        ));
        if let Some(origin) = &self.origin {
            if let Some(banner) = origin.banner() {
                self.line(&format!("{} {banner}", style("↩").cyan()));
            }
            if let Some(note) = &origin.date_note {
                self.line(&format!("{} {}.", style("·").dim(), answers::visible(note)));
            }
            for note in origin.notes() {
                self.line(&format!("{} {}.", style("·").dim(), answers::visible(note)));
            }
            for problem in &origin.problems {
                self.line(&format!(
                    "{} {}; the wizard asks instead.",
                    style("!").yellow(),
                    answers::visible(problem)
                ));
            }
        }
        if resuming {
            // What is known, in one line, instead of a step for each.
            let known: Vec<String> = QUESTIONS
                .iter()
                .filter(|q| self.answers.get(q.key).is_some())
                .map(|q| (q.label, self.answers.shown(q, &self.now)))
                .filter(|(_, shown)| !shown.is_empty())
                .map(|(label, shown)| format!("{label}: {shown}"))
                .collect();
            if !known.is_empty() {
                self.line(&format!(
                    "Picking up where you left off. Already answered: {}.",
                    known.join("; ")
                ));
            }
            self.quiet_given = true;
        }
        if self.fill(true)? == Flow::KeptInterview {
            self.line("Good luck with the interview. Nothing to send.");
            return Ok(End::KeptInterview);
        }
        self.review()
    }

    /// Walks the questions in the advice's order, asking every answer
    /// still missing. With `walk` every step is shown with the answers
    /// already given; without it, only the questions that ask something.
    fn fill(&mut self, walk: bool) -> Result<Flow> {
        self.walk = walk;
        self.walk_from(0, false)
    }

    /// Walks the questions from the one at `at`; with `back`, first goes
    /// back to the question before it. Esc at any question goes back to
    /// the one before that applies, asked again from its answer, and what
    /// was written since it was asked is erased. Going forward again, every
    /// question gone back past is asked again, prefilled with its answer,
    /// as a form's Back and Next do.
    fn walk_from(&mut self, mut at: usize, mut back: bool) -> Result<Flow> {
        let mut shown: Option<usize> = None;
        // The questions gone back past, to be asked again going forward.
        let mut revisit = std::collections::BTreeSet::new();
        // Where each question's rows began (its step's heading included),
        // and the step on screen before it.
        let mut marks: Vec<(usize, usize, Option<usize>)> = Vec::new();
        // Esc at a question that came before the one at `at` was asked.
        let mut unasked = false;
        loop {
            if back {
                back = false;
                if at < QUESTIONS.len() && !std::mem::take(&mut unasked) {
                    revisit.insert(at);
                }
                at = self.previous(at).unwrap_or(at.min(QUESTIONS.len() - 1));
                revisit.insert(at);
                if let Some(k) = marks.iter().position(|&(q, _, _)| q >= at) {
                    let (_, row, step) = marks[k];
                    self.erase_since(row);
                    shown = step;
                    marks.truncate(k);
                }
            }
            let Some(q) = QUESTIONS.get(at) else {
                // The offer to remember the person, when the walk ends
                // with the particulars: Esc there goes back too.
                match self.leave_particulars(shown) {
                    Err(e) if is_back(&e) => {
                        back = true;
                        continue;
                    }
                    done => return done,
                }
            };
            let force = revisit.contains(&at);
            if !self.walks(q) || (q.step == Step::Situation && !force && !self.needs(q)) {
                at += 1;
                continue;
            }
            marks.push((at, self.rows.get(), shown));
            // A step's heading may come with a question of its own (the
            // offer to remember the person, before the tone): Esc there
            // goes back from before this question, which was not asked.
            if let Err(e) = self.enter_step(q.step, &mut shown) {
                if !is_back(&e) {
                    return Err(e);
                }
                back = true;
                unasked = true;
                continue;
            }
            match self.maybe_ask(q, force) {
                Ok(Flow::Go) => {
                    revisit.remove(&at);
                    at += 1;
                }
                Ok(Flow::KeptInterview) => return Ok(Flow::KeptInterview),
                Err(e) if is_back(&e) => back = true,
                Err(e) => return Err(e),
            }
        }
    }

    /// The question before `at` that the person can be asked again.
    fn previous(&self, at: usize) -> Option<usize> {
        (0..at.min(QUESTIONS.len())).rev().find(|&j| {
            let q = &QUESTIONS[j];
            q.when != When::OnRequest && self.walks(q)
        })
    }

    /// Whether the walk comes to `q`: it applies, and its step is one this
    /// situation walks (a follow-up has no timeliness step, so its date,
    /// optional, is asked only from "Change an answer").
    fn walks(&self, q: &Question) -> bool {
        self.answers.applies(q, &self.now) && answers::within(q.step.situations(), self.situation())
    }

    /// Shows the headings of the steps from the one on screen up to `step`
    /// (a step with no question, such as gratitude, included); going back,
    /// the heading of `step` alone.
    fn enter_step(&mut self, step: Step, shown: &mut Option<usize>) -> Result<()> {
        let to = Step::ALL.iter().position(|s| *s == step).unwrap_or(0);
        if *shown == Some(to) {
            return Ok(());
        }
        let from = match *shown {
            Some(s) if s < to => s + 1,
            _ => to,
        };
        for k in from..=to {
            let s = Step::ALL[k];
            if s == Step::Tone {
                self.leave_particulars(*shown)?;
            }
            let skipped = s == Step::Situation && k != to;
            if skipped || !answers::within(s.situations(), self.situation()) {
                continue;
            }
            self.step(s);
            if s == Step::Gratitude && self.walk {
                self.line(&format!(
                    "{} The email thanks them for their time.",
                    style("✔").green()
                ));
            }
        }
        *shown = Some(to);
        Ok(())
    }

    /// After the particulars, once: the offer to remember the person.
    fn leave_particulars(&mut self, shown: Option<usize>) -> Result<Flow> {
        let particulars = Step::ALL.iter().position(|s| *s == Step::Particulars);
        if shown.is_some() && shown <= particulars {
            self.offer_profile()?;
        }
        Ok(Flow::Go)
    }

    fn situation(&self) -> &'static advice::Situation {
        self.answers.situation().unwrap_or(&SITUATIONS[0])
    }

    /// The terminal's width, in columns.
    fn width(&self) -> usize {
        usize::from(self.term.size().1).max(20)
    }

    fn line(&self, text: &str) {
        for row in self.rows_of(text) {
            self.row(&row);
        }
    }

    /// `text` as the rows `line` writes: wrapped at spaces one column short
    /// of the width, so that every word can be read and no line fills the
    /// row (a full row makes the terminal wrap on its own, which the
    /// prompts' redraws do not count). Words joined by `KEEP` stay on one
    /// row; a line starting with a bullet ("• ", "- ") or a mark and a
    /// space continues under its text.
    fn rows_of(&self, text: &str) -> Vec<String> {
        let width = self.width().saturating_sub(1).max(20);
        let mut rows = Vec::new();
        for l in text.split('\n') {
            let l = l.strip_suffix('\r').unwrap_or(l);
            let indent = hanging_indent(l);
            let room = if indent * 3 < width {
                width - indent
            } else {
                width
            };
            let wrapped = wrap(l, room);
            if wrapped.is_empty() {
                rows.push(String::new());
            }
            for (k, piece) in wrapped.lines().enumerate() {
                let pad = if k > 0 && room < width {
                    " ".repeat(indent)
                } else {
                    String::new()
                };
                rows.push(format!("{pad}{}", piece.replace(KEEP, " ")));
            }
        }
        rows
    }

    /// Writes one row and counts the rows it takes on the terminal.
    fn row(&self, text: &str) {
        let _ = self.term.write_line(text);
        let cols = self.width();
        let taken = measure(text).div_ceil(cols).max(1);
        self.rows.set(self.rows.get() + taken);
    }

    /// Erases every row written since `mark` (a count of `rows`), or what
    /// of them is still on the screen, and puts the cursor where they began.
    fn erase_since(&self, mark: usize) {
        let written = self.rows.get().saturating_sub(mark);
        if written == 0 {
            return;
        }
        let height = usize::from(self.term.size().0).max(2);
        let _ = self.term.move_cursor_up(written.min(height - 1));
        let _ = self.term.write_str("\r");
        let _ = self.term.clear_to_end_of_screen();
        let _ = self.term.flush();
        self.rows.set(mark);
    }

    /// A step's heading, "Step 3 of 8 · Reason", and its advice.
    fn step(&self, step: Step) {
        let a = &self.advice;
        let advice = match step {
            Step::Situation => &a.situation,
            Step::Timeliness => &a.timeliness,
            Step::Reason => &a.reason,
            Step::Gratitude => &a.gratitude,
            Step::Apology => &a.apology,
            Step::Door if self.situation().proposes_times() => &a.times,
            Step::Door if self.situation().side == Side::Employer => &a.door_employer,
            Step::Door => &a.door,
            Step::Particulars => &a.particulars,
            Step::Tone => &a.tone,
        };
        let steps = self.steps();
        // The count depends on the situation: the first step, which asks
        // it, has none, so that the count once shown never changes.
        let heading = match steps.iter().position(|s| *s == step) {
            Some(0) => format!("Step 1 · {}", step.title()),
            Some(i) => format!("Step {} of {} · {}", i + 1, steps.len(), step.title()),
            None => step.title().to_string(),
        };
        self.heading(&heading, &advice.clone());
    }

    fn heading(&self, title: &str, advice: &str) {
        if !self.walk {
            return;
        }
        self.row("");
        self.line(&format!("{}", style(title).bold().cyan()));
        self.line(&format!("{}", style(advice).dim()));
    }

    /// The steps this situation walks, in order: reason and apology only
    /// where they apply.
    fn steps(&self) -> Vec<Step> {
        Step::ALL
            .into_iter()
            .filter(|s| answers::within(s.situations(), self.situation()))
            .collect()
    }

    /// Asks a question that applies only when it has no answer yet; shows
    /// the given one otherwise. Then runs the question's own hook.
    fn maybe_ask(&mut self, q: &'static Question, again: bool) -> Result<Flow> {
        if !self.answers.applies(q, &self.now) {
            return Ok(Flow::Go);
        }
        let confirming = self.confirm_date && q.kind == Kind::Date && !again;
        if confirming {
            self.confirm_date = false;
        }
        let asked = again || self.needs(q) || confirming && !self.date_confirmed(q)?;
        if asked {
            self.ask(q)?;
        } else if self.walk && !self.quiet_given && !confirming {
            let shown = self.answers.shown(q, &self.now);
            if !shown.is_empty() {
                self.line(&format!("{} {}: {shown}", style("·").dim(), q.label));
            }
        }
        match q.hook {
            Hook::Notice if asked || self.walk => {
                self.show_notice();
            }
            Hook::Weigh
                if asked
                    && self.walk
                    && self.situation().id == "decline"
                    && self.answers.situation().is_some()
                    && !self.weigh()? =>
            {
                return Ok(Flow::KeptInterview);
            }
            _ => {}
        }
        Ok(Flow::Go)
    }

    /// Shows the invitation's date in full and in the person's own time,
    /// and asks whether it is the interview.
    fn date_confirmed(&mut self, q: &Question) -> Result<bool> {
        let Some(when) = self.answers.interview(&self.now) else {
            return Ok(false);
        };
        let english = self.answers.english();
        let mut said = answers::long_date(&when, english);
        if when.zone.is_some() {
            let here = answers::When {
                at: when.at.with_time_zone(self.now.time_zone().clone()),
                has_time: true,
                zone: None,
            };
            said = format!(
                "{said}, which is {} your time",
                answers::long_date(&here, english)
            );
        }
        // A date read from the message's text is the message's word, not
        // a calendar's.
        let source = match self.origin.as_ref().map(|o| o.event.is_some()) {
            Some(false) => "The message says",
            _ => "The invitation says",
        };
        self.line(&format!("{} {source}: {said}.", style("·").dim()));
        self.confirm("Is that the interview?", Some(q.label), true)
    }

    /// Whether the wizard must ask `q`: it has no answer, a needed one is
    /// blank, or a situation or reason is not one bowout knows.
    fn needs(&self, q: &Question) -> bool {
        if q.when == When::OnRequest || !self.answers.applies(q, &self.now) {
            return false;
        }
        let Some(v) = self.answers.get(q.key) else {
            return true;
        };
        let unknown = match (q.kind, v) {
            (Kind::Situation, _) => self.answers.situation().is_none(),
            (Kind::Reason, Value::Text(r)) => self.situation().reason(r.trim()).is_none(),
            _ => false,
        };
        unknown || self.answers.missing().contains(&q.key)
    }

    /// Which wording of a prompt fits the situation.
    fn prompt(&self, q: &Question) -> &'static str {
        let s = self.situation();
        q.prompt(|case| match case {
            Case::Any => true,
            Case::ProposingTimes => s.proposes_times(),
            Case::Employer => s.side == Side::Employer,
            Case::Undated => !s.needs_date(),
        })
    }

    /// Whether the answer to `q` must be given in this situation.
    fn required(&self, q: &Question) -> bool {
        answers::needed(q.need, self.answers.situation())
    }

    /// Asks one answer, offering the current one (or its default) as the
    /// starting point.
    fn ask(&mut self, q: &'static Question) -> Result<()> {
        let prompt = self.prompt(q);
        let situation = self.situation();
        match q.kind {
            Kind::Situation => {
                let items: Vec<(String, String)> = SITUATIONS
                    .iter()
                    .map(|s| (s.id.to_string(), s.summary.to_string()))
                    .collect();
                let current = self.answers.situation().map_or(0, |s| {
                    SITUATIONS.iter().position(|x| x.id == s.id).unwrap_or(0)
                });
                let i = self.choose(prompt, &items, current)?;
                self.answers
                    .put(q.key, Value::Text(SITUATIONS[i].id.to_string()));
                let dropped = self.answers.drop_what_does_not_apply();
                if !dropped.is_empty() {
                    self.line(&format!(
                        "{} No longer applies, so dropped: {}.",
                        style("·").dim(),
                        dropped.join(", ")
                    ));
                }
            }
            Kind::Reason => {
                let items: Vec<(String, String)> = situation
                    .reasons
                    .iter()
                    .map(|r| (r.id.to_string(), r.label.to_string()))
                    .collect();
                let current = self
                    .answers
                    .text(q.key)
                    .and_then(|r| situation.reasons.iter().position(|x| x.id == r))
                    .unwrap_or(0);
                let i = self.choose(prompt, &items, current)?;
                self.answers
                    .put(q.key, Value::Text(situation.reasons[i].id.to_string()));
            }
            Kind::Choice(choices) => {
                let items: Vec<(String, String)> = choices
                    .iter()
                    .map(|c| (c.label.to_string(), c.note.to_string()))
                    .collect();
                let current = match self.answers.or_default(q.key) {
                    Some(Value::Text(id)) => choices.iter().position(|c| c.id == id),
                    _ => None,
                }
                .unwrap_or(0);
                let i = self.choose(prompt, &items, current)?;
                self.answers
                    .put(q.key, Value::Text(choices[i].id.to_string()));
            }
            Kind::YesNo => {
                let default = matches!(self.answers.or_default(q.key), Some(Value::Flag(true)));
                let v = self.confirm(prompt, Some(q.label), default)?;
                self.answers.put(q.key, Value::Flag(v));
            }
            Kind::Line | Kind::Email => {
                let needed = self.required(q);
                if q.profile && needed {
                    self.typed_profile = true;
                }
                let email = q.kind == Kind::Email;
                let v = self.text(prompt, q, !needed, |s| {
                    if let Some(c) = answers::invisible_in(s).filter(|_| email) {
                        return Err(crate::usage!(
                            "that holds a character nobody can see, {c}; type the address \
                             again without it"
                        ));
                    }
                    if email && !s.trim().is_empty() && !answers::plausible_email(s.trim()) {
                        return Err(crate::usage!(
                            "that does not look like an email address, e.g. name@example.com"
                        ));
                    }
                    Ok(())
                })?;
                let v = if email || needed { v.trim() } else { &v };
                self.answers.put(q.key, Value::Text(v.to_string()));
            }
            Kind::Lines => self.ask_lines(q, prompt)?,
            Kind::Date => self.ask_date(q, prompt)?,
            Kind::Dates => self.ask_dates(q, prompt)?,
        }
        // Pasted text can carry escape sequences; none may reach the screen.
        self.answers = std::mem::take(&mut self.answers).sanitized();
        self.share();
        Ok(())
    }

    /// Brings the copy kept for a signal up to date.
    fn share(&self) {
        if let Ok(mut shared) = self.shared.lock() {
            *shared = self.kept();
        }
    }

    /// The answers, and the email as the person edited it, to be kept.
    pub fn kept(&self) -> Kept {
        let edit = self.edited.as_ref().map(|(subject, body)| KeptEdit {
            subject: subject.clone(),
            body: body.clone(),
            answers: fingerprint(&self.answers, &self.now),
        });
        // One not yet back (stopped before the review) is kept as it was.
        let edit = edit.or_else(|| self.kept_edit.clone());
        Kept {
            answers: self.answers.clone(),
            edit,
        }
    }

    /// An email edited in an earlier run, kept with its answers; it comes
    /// back at the review if the answers are still those.
    pub fn restoring(&mut self, edit: Option<KeptEdit>) {
        self.kept_edit = edit;
    }

    /// A line of text, re-asked with the reason until `check` accepts it.
    fn text(
        &self,
        prompt: &str,
        q: &Question,
        allow_empty: bool,
        check: impl Fn(&str) -> Result<()>,
    ) -> Result<String> {
        let suggested = self
            .origin
            .as_ref()
            .map(|o| o.suggestions())
            .unwrap_or_default()
            .into_iter()
            .find(|(key, _, _)| *key == q.key);
        let current = match (self.answers.get(q.key), suggested) {
            (Some(v), _) if q.kind == Kind::Date => self.as_typed(&v.as_set()),
            (Some(v), _) => v.as_set(),
            (None, Some((_, value, from))) => {
                self.line(&format!(
                    "{} Suggested from {}: Enter keeps it, or type over it.",
                    style("·").dim(),
                    answers::visible(&from)
                ));
                value
            }
            (None, None) => String::new(),
        };
        self.input(prompt, Some(q.label), current, allow_empty, check)
    }

    /// A line of text starting from `current`, fitted to the terminal's
    /// width, re-asked with the reason until `check` accepts it.
    fn input(
        &self,
        prompt: &str,
        short: Option<&str>,
        current: String,
        allow_empty: bool,
        check: impl Fn(&str) -> Result<()>,
    ) -> Result<String> {
        let prompt = self.fitted(prompt, TYPING_ROOM, short);
        // Empty input reaches the check too, so that a needed answer left
        // empty says so instead of silently asking again.
        let outcome = line::read_line(&self.term, &self.theme, &prompt, &current, |s| {
            if s.chars().count() > MAX_LINE {
                return Err(format!("please keep it under {MAX_LINE} characters"));
            }
            if !allow_empty && s.trim().is_empty() {
                return Err("this one is needed: type it, or press Esc to go back".into());
            }
            check(s).map_err(|e| e.to_string().replace('\n', "; "))
        })
        .context("cannot talk to the terminal")?;
        match outcome {
            line::Outcome::Entered(text) => {
                // Left empty, it says so: a blank after the prompt reads
                // as a line left over.
                let said = match answers::visible(&text) {
                    shown if shown.trim().is_empty() => style("none").dim().to_string(),
                    shown => shown,
                };
                let mut report = String::new();
                let _ = self
                    .theme
                    .format_input_prompt_selection(&mut report, &prompt, &said);
                self.line(&report);
                Ok(text)
            }
            line::Outcome::Back => Err(anyhow::Error::new(GoBack)),
            line::Outcome::Stop => Err(anyhow::Error::new(Cancelled)),
            line::Outcome::Quit => {
                quit_as_sigquit();
                Err(anyhow::Error::new(Cancelled))
            }
        }
    }

    /// The prompt as it fits on its row with `room` columns left to answer
    /// in. One that does not fit is written above in full, wrapped at
    /// spaces, and the row asks with the question's `short` name (or the
    /// prompt's last wrapped line): a prompt that wraps on its own leaves
    /// stale rows when it is redrawn.
    fn fitted(&self, prompt: &str, room: usize, short: Option<&str>) -> String {
        let width = self.width().saturating_sub(1).max(20);
        // "? " before the prompt and " › " after it.
        let fits = width.saturating_sub(room + 5).max(10);
        if console::measure_text_width(prompt) <= fits {
            return prompt.to_string();
        }
        if let Some(short) = short {
            self.line(prompt);
            return short.to_string();
        }
        let wrapped = wrap(prompt, fits);
        let mut lines: Vec<&str> = wrapped.lines().collect();
        let last = lines.pop().unwrap_or_default().to_string();
        for l in lines {
            self.line(l);
        }
        last
    }

    /// A menu with its prompt fitted to one row; the callers' items each
    /// fit one. `None` when the person pressed Esc.
    fn select(
        &self,
        prompt: Option<&str>,
        items: &[String],
        default: usize,
        report: bool,
    ) -> dialoguer::Result<Option<usize>> {
        let mut menu = Select::with_theme(&self.theme);
        let fitted = prompt.map(|p| self.fitted(p, 2, None));
        if let Some(p) = &fitted {
            menu = menu.with_prompt(p);
        }
        let chosen = self.shown_menu(menu, items, default)?;
        // The choice is reported as `line` writes, wrapped at spaces: a long
        // item after its prompt would otherwise be cut by the terminal.
        if let (true, Some(p), Some(i)) = (report, &fitted, chosen) {
            let mut said = String::new();
            let _ = self
                .theme
                .format_select_prompt_selection(&mut said, p, &items[i]);
            self.line(&said);
        }
        Ok(chosen)
    }

    /// The review's menu: `max` items at a time where the screen is short
    /// (the arrows scroll through the rest), unreported.
    fn select_at_most(
        &self,
        prompt: Option<&str>,
        items: &[String],
        default: usize,
        max: Option<usize>,
    ) -> dialoguer::Result<Option<usize>> {
        let mut menu = Select::with_theme(&self.theme);
        let fitted = prompt.map(|p| self.fitted(p, 14, None));
        if let Some(p) = &fitted {
            menu = menu.with_prompt(p);
        }
        if let Some(max) = max {
            menu = menu.max_length(max);
        }
        self.shown_menu(menu, items, default)
    }

    fn shown_menu(
        &self,
        menu: Select<'_>,
        items: &[String],
        default: usize,
    ) -> dialoguer::Result<Option<usize>> {
        let width = self.term.size().1;
        let chosen = menu
            .items(items)
            .default(default)
            .report(false)
            .interact_on_opt(&self.term);
        self.clear_if_resized(width);
        chosen
    }

    /// A menu or a yes/no of dialoguer's erases the rows it drew as they
    /// were at the width it drew them: where a resize rewrapped them, some
    /// would stay. The screen is cleared instead, as a text prompt does.
    fn clear_if_resized(&self, width: u16) {
        if self.term.size().1 != width {
            let _ = self.term.clear_screen();
        }
    }

    /// A menu of (name, note) items, reported by the chosen item's name.
    /// Where an item and its note do not fit one row, the items are listed
    /// above in full, wrapped, and the menu shows their names alone: a
    /// menu item that wraps leaves stale rows when the menu is redrawn.
    fn choose(&self, prompt: &str, items: &[(String, String)], default: usize) -> Result<usize> {
        let width = items.iter().map(|(n, _)| measure(n)).max().unwrap_or(0) + 2;
        let full: Vec<String> = items
            .iter()
            .map(|(name, note)| {
                let pad = " ".repeat(width - measure(name));
                format!("{name}{pad}{note}").trim_end().to_string()
            })
            .collect();
        let fits = full.iter().all(|f| measure(f) + 3 <= self.width());
        let shown: Vec<String> = if fits {
            full
        } else {
            let room = self.width().saturating_sub(5).max(20);
            for (name, note) in items.iter().filter(|(_, note)| !note.is_empty()) {
                let entry = wrap(&format!("{}: {note}", style(name).bold()), room);
                for (k, row) in entry.lines().enumerate() {
                    self.row(&format!("{}{row}", if k == 0 { "  " } else { "    " }));
                }
            }
            items.iter().map(|(name, _)| name.clone()).collect()
        };
        let i = chosen(self.select(Some(prompt), &shown, default, false))?;
        self.line(&format!(
            "{} {prompt} {} {}",
            style("✔").green(),
            style("·").dim(),
            items[i].0
        ));
        Ok(i)
    }

    /// A yes or no, asked as `short` where the prompt does not fit its row.
    /// Its answer is reported as `line` writes, so that its row is counted;
    /// Esc leaves nothing behind.
    fn confirm(&self, prompt: &str, short: Option<&str>, default: bool) -> Result<bool> {
        let fitted = self.fitted(prompt, CONFIRM_ROOM, short);
        let width = self.term.size().1;
        let answer = Confirm::with_theme(&self.theme)
            .with_prompt(&fitted)
            .default(default)
            .report(false)
            .interact_on_opt(&self.term);
        self.clear_if_resized(width);
        let yes = chosen(answer)?;
        let mut said = String::new();
        let _ = self
            .theme
            .format_confirm_prompt_selection(&mut said, &fitted, Some(yes));
        self.line(&said);
        Ok(yes)
    }

    /// Lines of text on one line (`\n` starts a new one); with the coach,
    /// a gentle warning about negative specifics and a chance to rephrase.
    fn ask_lines(&mut self, q: &'static Question, prompt: &str) -> Result<()> {
        loop {
            let v = self.text(prompt, q, true, |_| Ok(()))?;
            self.answers.put(q.key, q.parse(&v)?);
            let word = match q.hook {
                Hook::Coach => advice::negative_phrase(&v),
                _ => None,
            };
            let Some(word) = word else {
                return Ok(());
            };
            self.line(&format!(
                "{} {}",
                style("Careful:").yellow().bold(),
                advice::negative_warning(word)
            ));
            let choices = ["Rephrase it", "Keep it as it is", "Leave the detail out"];
            let i = chosen(self.select(None, &choices.map(String::from), 0, true))?;
            match i {
                0 => continue,
                1 => return Ok(()),
                _ => {
                    self.answers.put(q.key, Value::Text(String::new()));
                    return Ok(());
                }
            }
        }
    }

    /// A date, checked as typed; one far in the past or the future is
    /// questioned once. Kept as a calendar date, so that "tomorrow" still
    /// means the same day when the answers are resumed or reused.
    fn ask_date(&mut self, q: &'static Question, prompt: &str) -> Result<()> {
        let now = self.now.clone();
        let optional = !self.required(q);
        // An invitation's date, offered as a person types it; kept as it
        // was (with its time zone) if Enter keeps it.
        let given = self.answers.text(q.key).map(str::to_string);
        if given
            .as_deref()
            .and_then(crate::invite::zoned_answer)
            .is_some()
        {
            self.line(&format!(
                "{} Type the date as your own clock reads it.",
                style("·").dim()
            ));
        }
        let v = loop {
            let check_now = now.clone();
            let v = self.text(prompt, q, optional, move |s: &str| {
                if optional && s.trim().is_empty() || answers::readings(s, &check_now).is_some() {
                    return Ok(());
                }
                answers::typed_when(s, &check_now).map(|_| ())
            })?;
            let both = answers::readings(&v, &now);
            let v = self.which_reading(v, both)?;
            // A date far in the past or the future is more often a typo (a
            // year, a month) than the truth: ask once.
            let far = answers::parse_when(q.key, &v, &now).ok().filter(|w| {
                let days = (w.at.timestamp().as_second() - now.timestamp().as_second()) / 86_400;
                !(-31..=365).contains(&days)
            });
            match far {
                Some(w) => {
                    let question = format!(
                        "That is {}. Is that right?",
                        answers::long_date(&w, self.answers.english())
                    );
                    let right = match self.confirm(&question, Some("Is that right?"), false) {
                        Err(e) if is_back(&e) => false,
                        r => r?,
                    };
                    if right {
                        break v;
                    }
                    self.answers.put(q.key, Value::Text(v));
                }
                None => break v,
            }
        };
        let v = match given {
            Some(given) if v.trim() == self.as_typed(&given) => given,
            _ => v,
        };
        self.answers.put(q.key, Value::Text(v));
        self.answers.pin_dates(&self.now);
        Ok(())
    }

    /// A date answer as a person types it: one read from an invitation,
    /// `2026-12-04T10:00:00+00:00[Europe/London]`, is written
    /// `2026-12-04 10:00` by the person's own clock, as they would type it.
    fn as_typed(&self, text: &str) -> String {
        match crate::invite::zoned_answer(text) {
            Some(at) => at
                .with_time_zone(self.now.time_zone().clone())
                .strftime("%Y-%m-%d %H:%M")
                .to_string(),
            None => text.to_string(),
        }
    }

    /// Up to three times, each checked as typed and shown as read.
    fn ask_dates(&mut self, q: &'static Question, prompt: &str) -> Result<()> {
        let mut times = Vec::new();
        let previous = match self.answers.get(q.key) {
            Some(Value::List(l)) => l.clone(),
            _ => Vec::new(),
        };
        // A reader in another time zone (the invitation's) reads the times
        // in theirs: the person types their own, and sees both.
        let reader = self
            .answers
            .interview(&self.now)
            .filter(|w| w.zone.is_some());
        if let Some(r) = &reader {
            self.line(&format!(
                "{} Type times as your own clock reads them; the email gives them in {}.",
                style("·").dim(),
                r.zone.as_deref().unwrap_or_default()
            ));
        }
        for n in 1..=3 {
            let asked = self.input(
                &prompt.replace("{n}", &n.to_string()),
                Some(&format!("Time {n}")),
                previous.get(n - 1).cloned().unwrap_or_default(),
                true,
                |s| {
                    if s.trim().is_empty()
                        || answers::proposed_readings(s.trim(), &self.now).is_some()
                    {
                        return Ok(());
                    }
                    let p = answers::typed_proposed_time(s.trim(), &self.now)?;
                    if p.when.is_past(&self.now) {
                        return Err(crate::usage!("that time has passed; propose one to come"));
                    }
                    let same =
                        |t: &String| answers::proposed_time(t, &self.now).ok() == Some(p.clone());
                    if times.iter().any(same) {
                        return Err(crate::usage!("that time is proposed already"));
                    }
                    Ok(())
                },
            );
            let v = match asked {
                Ok(v) => v.trim().to_string(),
                Err(e) => {
                    // Stopped part-way: the times already given are kept.
                    if !times.is_empty() {
                        self.answers.put(q.key, Value::List(times));
                    }
                    return Err(e);
                }
            };
            if v.is_empty() {
                break;
            }
            let both = answers::proposed_readings(&v, &self.now);
            let v = self.which_reading(v, both)?;
            if let Ok(p) = answers::proposed_time(&v, &self.now) {
                let english = self.answers.english();
                let mut said = answers::proposed_date(&p, english);
                if let Some(r) = reader.as_ref().filter(|_| p.when.has_time) {
                    let theirs = answers::Proposed {
                        when: answers::When {
                            at: p.when.at.with_time_zone(r.at.time_zone().clone()),
                            has_time: true,
                            zone: r.zone.clone(),
                        },
                        part: p.part.clone(),
                    };
                    said = format!(
                        "{said}; in the email, {}",
                        answers::proposed_date(&theirs, english)
                    );
                }
                self.line(&format!("{} {said}", style("  =").dim()));
            }
            times.push(v);
        }
        self.answers.put(q.key, Value::List(times));
        Ok(())
    }

    /// A date typed in numbers that reads two ways (`5/12/2026`) is never
    /// guessed: the person picks the reading, the one of their English or
    /// locale first. The text comes back with the date as picked.
    fn which_reading(
        &self,
        typed: String,
        both: Option<[(jiff::civil::Date, String); 2]>,
    ) -> Result<String> {
        let Some(both) = both else {
            return Ok(typed);
        };
        let order = if answers::month_first(self.answers.said_english()) {
            [1, 0]
        } else {
            [0, 1]
        };
        let items: Vec<(String, String)> = order
            .iter()
            .map(|&i| {
                let how = if i == 0 { "day first" } else { "month first" };
                (
                    both[i].0.strftime("%A %-d %B %Y").to_string(),
                    how.to_string(),
                )
            })
            .collect();
        let question = format!(
            "`{}` reads two ways. Which is it?",
            answers::echo(typed.trim())
        );
        let i = self.choose(&question, &items, 0)?;
        Ok(both[order[i]].1.clone())
    }

    /// For `decline`: weighs whether to interview anyway. False when the
    /// person decides to keep the interview.
    fn weigh(&mut self) -> Result<bool> {
        let look = self.confirm(
            "Before you decline: weigh whether to interview anyway?",
            Some("Weigh it first?"),
            false,
        )?;
        if !look {
            return Ok(true);
        }
        for point in self.advice.weigh.clone() {
            self.line(&format!("  {} {point}", style("•").cyan()));
        }
        self.confirm("Still decline?", None, true)
    }

    /// Shows the date as read and what the notice means.
    fn show_notice(&self) {
        let Some(when) = self.answers.interview(&self.now) else {
            return;
        };
        let situation = self.situation();
        self.line(&format!(
            "{} {}",
            style("  =").dim(),
            answers::long_date(&when, self.answers.english())
        ));
        if !situation.notice_matters() {
            return;
        }
        let notice = when.notice(&self.now);
        let meaning = notice.meaning(situation, advice::CALL_SCRIPT_REVIEW);
        let styled = match notice {
            Notice::Ample => style(meaning).green(),
            Notice::Soon => style(meaning).yellow(),
            _ => style(meaning).red().bold(),
        };
        // The meaning says where the call script is: once is enough.
        self.line(&format!("{styled}"));
    }

    /// The review: the email from its subject on, its checklist, what the
    /// last action did, and a menu, drawn to fit the screen and drawn again
    /// in place after every action, so that the subject and the outcome
    /// are always in view. An email too long for the screen is read whole
    /// in a pager ("Read the whole email"), as the phone script is.
    fn review(&mut self) -> Result<End> {
        self.walk = true;
        let review = self.advice.review.clone();
        self.heading("Review", &review);
        let start = self.rows.get();
        // Whether the email went anywhere (copied, saved, opened), and
        // whether quitting without that was already questioned.
        let mut handed_off = false;
        let mut questioned = false;
        let mut size = self.term.size();
        loop {
            self.walk = true;
            if self.term.size() == size {
                self.erase_since(start);
            } else {
                // Resized: the terminal may have rewrapped the rows drawn,
                // so that they cannot be counted back; the screen is drawn
                // afresh instead.
                let _ = self.term.clear_screen();
                self.rows.set(start);
                size = self.term.size();
            }
            let (resolved, rendered) = match self.render() {
                Ok(r) => r,
                Err(e) => {
                    self.line(&format!("{} {e:#}", style("Problem:").red().bold()));
                    self.change()?;
                    continue;
                }
            };
            self.restore_edit();
            let (subject, body) = self
                .edited
                .clone()
                .unwrap_or((rendered.subject.clone(), rendered.body.clone()));
            let (head_lines, tail) = self.email_lines(&subject, &body, &rendered);
            let head: Vec<String> = head_lines.iter().flat_map(|l| self.rows_of(l)).collect();
            let tail_rows: Vec<String> = tail.iter().flat_map(|l| self.rows_of(l)).collect();
            let outcome: Vec<String> = self
                .outcome
                .borrow()
                .iter()
                .flat_map(|t| self.rows_of(t))
                .collect();
            // After a failed copy, the terminal's own clipboard (OSC 52) is
            // offered in its place: in the wizard nobody can type --osc52.
            let copy = if self.offer_terminal {
                Action::Terminal
            } else {
                Action::CopyBody
            };
            let mut actions = vec![copy, Action::CopySubject];
            actions.extend([Action::Edit, Action::Change, Action::Save]);
            if self.origin.is_some() {
                actions.push(Action::SaveReply);
            }
            actions.extend([Action::Open, Action::Phone, Action::Print, Action::Quit]);
            let subject_rows = self.rows_of(&head_lines[0]).len();
            let fit = fit_review(
                usize::from(self.term.size().0),
                (head.len(), subject_rows, tail_rows.len()),
                outcome.len(),
                actions.len(),
            );
            for row in &head[..fit.head] {
                self.row(row);
            }
            let mut default = 0;
            if fit.head < head.len() {
                // The rest is one choice away; the copy stays the default.
                actions.insert(0, Action::Read);
                default = 1;
                self.row(&format!(
                    "{}",
                    // Short enough for one row at 40 columns.
                    style(format!(
                        "↓ {} more rows: Read the whole email",
                        head.len() - fit.head
                    ))
                    .dim()
                ));
            }
            if fit.tail {
                for row in &tail_rows {
                    self.row(row);
                }
            }
            for row in &outcome {
                self.row(row);
            }
            let labels: Vec<String> = actions.iter().map(|a| a.label().to_string()).collect();
            let prompt = if fit.menu.is_some() {
                "What next?"
            } else {
                "What next? (Esc goes back)"
            };
            let chosen = chosen(self.select_at_most(Some(prompt), &labels, default, fit.menu));
            self.outcome.borrow_mut().clear();
            let i = match chosen {
                Ok(i) => i,
                // Back from the review is the last question, asked again.
                Err(e) if is_back(&e) => {
                    if !self.edits_may_go()? {
                        continue;
                    }
                    self.erase_since(start);
                    let before = self.answers.clone();
                    self.walk_from(QUESTIONS.len(), true)?;
                    if self.answers != before {
                        self.drop_edit();
                    }
                    continue;
                }
                Err(e) => return Err(e),
            };
            match actions[i] {
                Action::Read => {
                    let all: Vec<String> = head_lines.into_iter().chain(tail).collect();
                    self.page("The email", &all.join("\n"))?;
                }
                Action::CopyBody => handed_off |= self.copy("the body", &body, false),
                Action::CopySubject => {
                    handed_off |= self.copy("the subject", &format!("{subject}\n"), false);
                }
                Action::Terminal => handed_off |= self.copy("the body", &body, true),
                Action::Edit => self.edit(&subject, &body)?,
                Action::Change => {
                    if self.edits_may_go()? {
                        self.change()?;
                    }
                }
                Action::Save => handed_off |= self.save()?,
                Action::SaveReply => handed_off |= self.save_reply(&resolved, &subject, &body)?,
                Action::Open => handed_off |= self.open(&subject, &body)?,
                Action::Phone => {
                    // Rendered only when asked for: its template is the largest.
                    let phone = self.renderer.phone(&resolved)?;
                    self.page("The phone script", &phone)?;
                }
                Action::Print => {
                    let mut out = io::stdout().lock();
                    write!(out, "Subject: {subject}\n\n{body}")?;
                    out.flush()?;
                    return Ok(End::Done);
                }
                Action::Quit => {
                    if handed_off || questioned {
                        return Ok(End::Done);
                    }
                    questioned = true;
                    let quit = match self.confirm(
                        "Nothing was copied or saved. Quit anyway? (bowout --last brings \
                         these answers back)",
                        Some("Nothing copied or saved. Quit?"),
                        false,
                    ) {
                        Err(e) if is_back(&e) => false,
                        r => r?,
                    };
                    if quit {
                        return Ok(End::Done);
                    }
                }
            }
        }
    }

    /// The email as the review shows it, line by line (each wrapped to the
    /// screen where shown): the subject, the body, the advice checklist and
    /// any warnings or findings.
    fn email_lines(
        &self,
        subject: &str,
        body: &str,
        rendered: &Rendered,
    ) -> (Vec<String>, Vec<String>) {
        let mut head = vec![format!("{} {subject}", style("Subject:").bold())];
        head.push(String::new());
        head.extend(body.trim_end().lines().map(str::to_string));
        let mut rows = vec![String::new()];
        // An email the person edited is checked as `bowout check` would,
        // with the wizard's answers as its context: its checklist and
        // findings are the edited email's, not the template's.
        let report = self.edited.is_some().then(|| {
            let text = format!("Subject: {subject}\n\n{body}");
            let context = crate::check::Context::from_answers(&self.answers, &self.now).ok()?;
            let draft = crate::check::Draft::read(text.as_bytes(), "the email").ok()?;
            Some(crate::check::check(
                &draft,
                &context,
                &crate::check::Levels::default(),
            ))
        });
        let report = report.flatten();
        let checklist = report
            .as_ref()
            .map_or(&rendered.checklist, |r| &r.checklist);
        let checks: Vec<String> = checklist
            .items()
            .iter()
            .map(|(name, ok)| match ok {
                // Each mark stays on the row of its name (see `line`).
                Some(true) => format!("{}{KEEP}{name}", style("✔").green()),
                Some(false) => format!("{}{KEEP}{name}", style("✘").yellow()),
                None => format!("{}", style(format!("–{KEEP}{name}{KEEP}(n/a)")).dim()),
            })
            .collect();
        rows.push(checks.join("  "));
        match &report {
            Some(r) if r.findings.is_empty() => rows.push(format!(
                "{} Your edits pass bowout check.",
                style("✔").green()
            )),
            Some(r) => {
                for f in &r.findings {
                    let mark = match f.severity {
                        crate::check::Severity::Error => style("✘").red().bold(),
                        crate::check::Severity::Warning => style("!").yellow().bold(),
                        crate::check::Severity::Note => style("·").dim(),
                    };
                    rows.push(format!(
                        "{mark} Line {}: {}; {}",
                        f.line, f.message, f.suggestion
                    ));
                }
            }
            None => {
                for w in &rendered.warnings {
                    rows.push(format!("{} {}", style("!").yellow().bold(), w));
                }
            }
        }
        (head, rows)
    }

    /// Shows `text` on a screen of its own, a page at a time: the arrows,
    /// PgUp, PgDn, Home and End move; q, Esc or Enter at the end go back.
    /// The terminal's alternate screen keeps the review as it was.
    fn page(&self, title: &str, text: &str) -> Result<()> {
        let term = &self.term;
        let talk = |r: io::Result<()>| r.context("cannot talk to the terminal");
        talk(term.write_str("\x1b[?1049h"))?;
        talk(term.hide_cursor())?;
        let mut top = 0usize;
        let ended = loop {
            let (height, cols) = term.size();
            let view = usize::from(height).saturating_sub(1).max(1);
            let width = usize::from(cols).saturating_sub(1).max(20);
            let rows: Vec<String> = text
                .lines()
                .flat_map(|l| {
                    let w = wrap(l, width);
                    if w.is_empty() {
                        vec![String::new()]
                    } else {
                        w.lines().map(|r| r.replace(KEEP, " ")).collect()
                    }
                })
                .collect();
            let last = rows.len().saturating_sub(view);
            top = top.min(last);
            let mut screen = String::from("\x1b[H\x1b[2J");
            for row in rows.iter().skip(top).take(view) {
                screen.push_str(row);
                screen.push_str("\r\n");
            }
            let end = (top + view).min(rows.len());
            let status = format!(
                "{title}: rows {}–{end} of {} · q back · ↑↓ PgUp PgDn",
                top + 1,
                rows.len()
            );
            let status = console::truncate_str(&status, width, "");
            screen.push_str(&format!("\x1b[{height};1H{}", style(status).reverse()));
            talk(term.write_str(&screen))?;
            talk(term.flush())?;
            match line::read_key(term) {
                Ok(key) => match key {
                    Key::ArrowUp | Key::Char('k') => top = top.saturating_sub(1),
                    Key::ArrowDown | Key::Char('j') => top += 1,
                    Key::PageUp | Key::Char('b') => top = top.saturating_sub(view),
                    Key::PageDown | Key::Char(' ') => top += view,
                    Key::Home | Key::Char('g') => top = 0,
                    Key::End | Key::Char('G') => top = last,
                    Key::Enter if top >= last => break Ok(()),
                    Key::Enter => top += view,
                    Key::Escape | Key::Char('q') | Key::Char('Q') => break Ok(()),
                    Key::CtrlC => break Err(anyhow::Error::new(Cancelled)),
                    Key::Char('\u{1c}') => {
                        quit_as_sigquit();
                        break Err(anyhow::Error::new(Cancelled));
                    }
                    _ => {}
                },
                Err(e) => break Err(anyhow::Error::new(e).context("cannot talk to the terminal")),
            }
        };
        let _ = term.write_str("\x1b[?1049l");
        let _ = term.show_cursor();
        let _ = term.flush();
        ended
    }

    /// Before an answer changes: edits made by hand would be replaced by a
    /// fresh email, so the person says whether that is what they want.
    fn edits_may_go(&mut self) -> Result<bool> {
        if self.edited.is_none() {
            return Ok(true);
        }
        let items = [
            "Go on: change an answer".to_string(),
            "Keep my edits".to_string(),
        ];
        let go = self.select(
            Some("Your edits will be replaced by a fresh email:"),
            &items,
            1,
            false,
        );
        Ok(matches!(go.map_err(prompt_err)?, Some(0)))
    }

    /// The person's edits give way to the email of new answers.
    fn drop_edit(&mut self) {
        if self.edited.take().is_some() {
            self.tell("· Your edits were replaced by the new answers' email.".to_string());
        }
        self.share();
    }

    /// An edit kept from an earlier run comes back when the answers it was
    /// written from are still the answers.
    fn restore_edit(&mut self) {
        let Some(kept) = self.kept_edit.take() else {
            return;
        };
        if self.edited.is_none() && kept.answers == fingerprint(&self.answers, &self.now) {
            self.edited = Some((kept.subject, kept.body));
            self.tell(format!("{} Your edited email is back.", style("✔").green()));
            self.share();
        }
    }

    /// Says what an action did, with the review's menu.
    fn tell(&self, text: String) {
        self.outcome.borrow_mut().push(text);
    }

    fn render(&self) -> Result<(Resolved, Rendered)> {
        let resolved = self.answers.resolve(&self.now)?;
        let mut rendered = self.renderer.render(&resolved)?;
        if let Some(subject) = self.origin.as_ref().and_then(|o| o.subject()) {
            rendered.subject = subject;
        }
        Ok((resolved, rendered))
    }

    /// Copies `text`; whether it was copied.
    fn copy(&mut self, what: &str, text: &str, through_terminal: bool) -> bool {
        match handoff::copy(text, through_terminal) {
            Ok(how) => {
                self.tell(format!(
                    "{} {}",
                    style("✔").green(),
                    handoff::describe(&how, what, text)
                ));
                true
            }
            Err(e) => {
                // Short, so that the email and the menu still fit: the
                // reason's first clause only.
                let reason = format!("{e:#}");
                let reason = reason
                    .split([';', '('])
                    .next()
                    .unwrap_or_default()
                    .trim()
                    .to_string();
                let instead = if through_terminal {
                    "copy it by hand"
                } else {
                    "copy it by hand, or through the terminal"
                };
                self.tell(format!(
                    "{} Could not copy {what} ({reason}): {instead}.",
                    style("✘").red()
                ));
                self.offer_terminal = !through_terminal;
                false
            }
        }
    }

    /// Offers, once ever, to remember the sender's particulars.
    fn offer_profile(&mut self) -> Result<()> {
        let (Ok(profile), Ok(marker)) = (files::profile_file(), files::profile_offered_file())
        else {
            return Ok(());
        };
        if !self.typed_profile || profile.exists() || marker.exists() {
            return Ok(());
        }
        let remember = self.confirm(
            &format!(
                "Remember your name and signature for next time, in {}?",
                files::shown_short(&profile)
            ),
            Some("Remember them?"),
            true,
        )?;
        // Offered once ever, once answered (Esc goes back and asks again).
        let _ = files::write_atomic(&marker, b"", true);
        if !remember {
            return Ok(());
        }
        let mut kept = Answers::default();
        for q in QUESTIONS.iter().filter(|q| q.profile) {
            if let Some(v) = self.answers.get(q.key) {
                kept.put(q.key, v.clone());
            }
        }
        match files::write_atomic(&profile, kept.to_toml().as_bytes(), false) {
            Ok(()) => self.line(&format!(
                "{} Saved to {}; change it with bowout profile edit.",
                style("✔").green(),
                files::shown_short(&profile)
            )),
            Err(e) => self.line(&format!("{} {e:#}", style("✘").red())),
        }
        Ok(())
    }

    /// Opens the email in the mail client; whether it opened.
    fn open(&self, subject: &str, body: &str) -> Result<bool> {
        let resolved = self.answers.resolve(&self.now)?;
        let reply = self
            .origin
            .as_ref()
            .map(|o| o.reply(&resolved, &self.now).0);
        let uri = crate::mail::mailto(&resolved, subject, body, reply.as_ref());
        Ok(match handoff::open_mail_client(&uri) {
            Ok(()) => {
                self.tell(format!(
                    "{} Opened in your mail client.",
                    style("✔").green()
                ));
                true
            }
            Err(e) => {
                self.tell(format!(
                    "{} Could not open a mail client: {e:#}. Copy the body instead.",
                    style("✘").red()
                ));
                false
            }
        })
    }

    fn edit(&mut self, subject: &str, body: &str) -> Result<()> {
        let Some(editor) = editor_command() else {
            self.tell(
                "No editor is set. Set EDITOR (or VISUAL), e.g. EDITOR=nano, and try again; \
                 or copy the email and edit it in your mail client."
                    .to_string(),
            );
            return Ok(());
        };
        let text = format!("Subject: {subject}\n\n{body}");
        match edit_text(&editor, &text, ".txt") {
            Ok(Some(new)) => {
                let (s, b) = split_edited(&new, subject);
                self.edited = Some((s, b));
                self.tell(format!(
                    "{} Your edits are kept, also if you stop (bowout --resume).",
                    style("✔").green()
                ));
                self.share();
            }
            Ok(None) => self.tell("No changes saved.".to_string()),
            Err(e) => self.tell(format!(
                "{} {}. The email is as it was.",
                style("✘").red(),
                crate::answers::visible(&format!("{e:#}"))
            )),
        }
        Ok(())
    }

    /// Changes one answer and comes back, keeping every other answer.
    fn change(&mut self) -> Result<()> {
        // Only the questions that apply, with their labels and values as a
        // person reads them.
        let questions: Vec<&'static Question> = QUESTIONS
            .iter()
            .filter(|q| self.answers.applies(q, &self.now))
            .collect();
        let width = questions.iter().map(|q| q.label.len()).max().unwrap_or(0);
        let items: Vec<String> = questions
            .iter()
            .map(|q| {
                let shown = match self.answers.shown(q, &self.now) {
                    s if s.is_empty() => match self.answers.default_of(q) {
                        Some(_) => self.shown_default(q),
                        None => String::new(),
                    },
                    s => s,
                };
                // A value too long for the row shows its start and its
                // length: a menu item that wraps leaves stale rows when
                // redrawn, and one left blank reads as unanswered.
                let room = self.width().saturating_sub(width + 5);
                match abridged(&shown, room) {
                    Some(shown) => format!("{:<width$}  {shown}", q.label),
                    None => q.label.to_string(),
                }
            })
            .collect();
        let Some(i) = self
            .select(Some("Which answer? (Esc to go back)"), &items, 0, true)
            .map_err(prompt_err)?
        else {
            return Ok(());
        };
        let before = self.answers.clone();
        match self.ask(questions[i]) {
            // Esc while changing it: the answer stays as it was.
            Err(e) if is_back(&e) => return Ok(()),
            r => r?,
        }
        if self.answers != before {
            self.drop_edit();
        }
        // A new situation may need answers the old one did not.
        self.fill(false)?;
        self.walk = true;
        Ok(())
    }

    /// A question's default as a person reads it.
    fn shown_default(&self, q: &Question) -> String {
        let mut probe = self.answers.clone();
        if let Some(v) = probe.default_of(q) {
            probe.put(q.key, v);
        }
        probe.shown(q, &self.now)
    }

    /// When a candidate answers an invitation that names several people and
    /// their address is none of them, asks which is theirs: the calendar
    /// answer must come from an address the organizer invited. `None` when
    /// the person pressed Esc.
    fn which_is_you(&mut self, resolved: &Resolved) -> Result<Option<Resolved>> {
        let invited: Vec<String> = match self.origin.as_ref().and_then(|o| o.event.as_ref()) {
            Some(e) if resolved.situation.side == crate::advice::Side::Candidate => {
                e.invited().map(|m| answers::visible(&m.address)).collect()
            }
            _ => Vec::new(),
        };
        let mine = &resolved.sender_email;
        if invited.len() < 2 || invited.iter().any(|a| a.eq_ignore_ascii_case(mine)) {
            return Ok(Some(resolved.clone()));
        }
        let mut items = invited.clone();
        items.push(format!("None of these: answer as {mine}"));
        let Some(i) = self.select(Some("Which of these is you?"), &items, 0, true)? else {
            return Ok(None);
        };
        if i == invited.len() {
            return Ok(Some(resolved.clone()));
        }
        self.answers.set("sender_email", &invited[i])?;
        Ok(Some(self.answers.resolve(&self.now)?))
    }

    /// Saves the reply as a message for the person's mail program: in the
    /// invitation's thread, with the calendar's answer when there is one.
    fn save_reply(&mut self, resolved: &Resolved, subject: &str, body: &str) -> Result<bool> {
        if self.origin.is_none() {
            return Ok(false);
        }
        if let Err(e) = crate::mail::addressed(resolved) {
            self.tell(format!(
                "{} {}; add it with \"Change an answer\".",
                style("✘").red(),
                format!("{e:#}").replace("--format eml", "the reply")
            ));
            return Ok(false);
        }
        let Some(resolved) = &self.which_is_you(resolved)? else {
            return Ok(false);
        };
        let Some(origin) = &self.origin else {
            return Ok(false);
        };
        let (reply, left_out) = origin.reply(resolved, &self.now);
        let has_event = origin.event.is_some();
        let text = crate::mail::eml(resolved, subject, body, &self.now, Some(&reply))?;
        let Some(path) = self.save_file("Save the reply as", "reply.eml", text.as_bytes())? else {
            return Ok(false);
        };
        let what = match reply.calendar.as_ref().map(|c| c.method) {
            Some("REPLY") => "declining the calendar event",
            Some("COUNTER") => "proposing the new time to their calendar",
            Some("CANCEL") => "cancelling the calendar event",
            Some(_) => "moving the calendar event",
            // A calendar that could not be answered: the reason follows.
            None if has_event => "with no calendar answer",
            None => "in its thread",
        };
        self.tell(format!(
            "{} Saved {}, {what}. Send it with your mail program (e.g. msmtp -t < {}).",
            style("✔").green(),
            files::shown(&path),
            files::shown(&path)
        ));
        if let Some(why) = left_out {
            self.tell(format!(
                "{} {}",
                style("!").yellow(),
                answers::visible(&format!("{why:#}"))
            ));
        }
        for warning in reply.calendar.iter().flat_map(|c| &c.warnings) {
            self.tell(format!(
                "{} {}",
                style("!").yellow(),
                answers::visible(warning)
            ));
        }
        Ok(true)
    }

    /// Saves the answers; whether they were saved.
    fn save(&mut self) -> Result<bool> {
        let text = self.answers.to_toml();
        if let Some(path) = self.save_file(
            "Save the answers as",
            "bowout-answers.toml",
            text.as_bytes(),
        )? {
            self.tell(format!(
                "{} Saved. Reuse them with: bowout --answers {}",
                style("✔").green(),
                path.display()
            ));
            return Ok(true);
        }
        Ok(false)
    }

    /// Asks where to save `bytes` (`~` is the home directory), confirms
    /// replacing a file already there, and writes it whole. The path it
    /// was written to; none when the person went back (Esc), kept the
    /// file there, or the write failed, which is said.
    fn save_file(&mut self, prompt: &str, default: &str, bytes: &[u8]) -> Result<Option<PathBuf>> {
        let path = match self.input(prompt, None, default.to_string(), false, |_| Ok(())) {
            Err(e) if is_back(&e) => return Ok(None),
            typed => files::expand_home(typed?.trim()),
        };
        let overwrite = path.exists()
            && self.confirm(
                &format!("{} exists. Replace it?", path.display()),
                Some("Replace it?"),
                false,
            )?;
        if path.exists() && !overwrite {
            return Ok(None);
        }
        match files::write_atomic(&path, bytes, overwrite) {
            Ok(()) => Ok(Some(path)),
            Err(e) => {
                self.tell(format!("{} {e:#}", style("✘").red()));
                Ok(None)
            }
        }
    }
}

const PROFILE_TEMPLATE: &str = "\
# bowout profile: defaults for any answer; the keys are those of bowout --help.
# Anything given with --set or --answers still wins.
# sender = \"Your Name\"
# sender_email = \"you@example.com\"
# signature = \"+1 555 0100\"
# tone = \"formal\"
";

/// `bowout profile edit`: edits the profile in $EDITOR and saves it only if
/// it is valid; otherwise the text is kept beside it as a draft.
pub fn edit_profile(path: &std::path::Path) -> Result<()> {
    let before = files::read_text(path, "profile", Owner::Bowout, files::MAX_ANSWERS_FILE)?;
    let current = before
        .clone()
        .unwrap_or_else(|| PROFILE_TEMPLATE.to_string());
    let Some(editor) = editor_command() else {
        return Err(crate::usage!(
            "no editor is set; set EDITOR (e.g. EDITOR=nano) or edit {} yourself",
            path.display()
        ));
    };
    let edited = edit_text(&editor, &current, ".toml")
        .with_context(|| format!("the profile {} was left as it was", files::shown(path)))?;
    let Some(mut text) = edited else {
        crate::output::note("No changes saved.");
        return Ok(());
    };
    if !text.ends_with('\n') {
        text.push('\n');
    }
    if let Err(e) = Answers::from_toml(&text) {
        let draft = path.with_extension("toml.draft");
        files::write_atomic(&draft, text.as_bytes(), true)?;
        return Err(e.context(format!(
            "the profile was not saved; your text is kept in {}",
            draft.display()
        )));
    }
    // Another edit may have been saved while this one was open: then this
    // one is kept aside and said, never laid over it.
    if !files::replace_if_unchanged(path, "profile", before.as_deref(), text.as_bytes())? {
        let kept = keep_aside(path, &text)?;
        return Err(anyhow::anyhow!(
            "the profile {} changed while you edited it (another edit was saved first), so \
             yours was not saved; your text is kept in {}: run bowout profile edit again and \
             add your changes",
            files::shown(path),
            files::shown(&kept)
        ));
    }
    crate::output::note(&format!("Saved your profile at {}.", path.display()));
    Ok(())
}

/// An answer as it fits `room` columns: whole, or its start (cut at a
/// space where one is near) and its length, "My doctor has asked me to
/// rest… (227 characters)"; nothing where not even a few words fit.
fn abridged(text: &str, room: usize) -> Option<String> {
    if measure(text) <= room {
        return Some(text.to_string());
    }
    let tail = format!("… ({} characters)", text.chars().count());
    let left = room.checked_sub(measure(&tail))?;
    let mut start = String::new();
    for c in text.chars() {
        let mut next = start.clone();
        next.push(c);
        if measure(&next) > left {
            break;
        }
        start = next;
    }
    let start = match start.rfind(' ') {
        Some(i) if i * 3 >= start.len() * 2 => &start[..i],
        _ => &start,
    };
    let start = start.trim_end();
    (start.chars().count() >= 4).then(|| format!("{start}{tail}"))
}

/// How far a wrapped line's later rows are indented: under the text of a
/// bullet or a mark ("  • point", "✔ answer"), none for plain text.
fn hanging_indent(line: &str) -> usize {
    let plain = console::strip_ansi_codes(line);
    let text = plain.trim_start_matches(' ');
    let lead = plain.len() - text.len();
    let mut chars = text.chars();
    match (chars.next(), chars.next()) {
        (Some('•' | '-' | '*' | '✔' | '✘' | '!' | '·' | '='), Some(' ')) => lead + 2,
        _ => 0,
    }
}

/// Keeps an edit that could not be saved beside the file, in the first of
/// `FILE.draft`, `FILE.draft.2`, … not already there: edits kept aside at
/// the same moment never replace each other.
fn keep_aside(path: &std::path::Path, text: &str) -> Result<PathBuf> {
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    for n in 1..=1000 {
        let draft = path.with_file_name(match n {
            1 => format!("{name}.draft"),
            n => format!("{name}.draft.{n}"),
        });
        match files::write_atomic(&draft, text.as_bytes(), false) {
            Ok(()) => return Ok(draft),
            Err(_) if draft.exists() => continue,
            Err(e) => return Err(e),
        }
    }
    Err(anyhow::anyhow!(
        "the profile was not saved, and there are too many drafts beside it to keep yours; \
         remove the old ones in {}",
        files::shown(path.parent().unwrap_or(path))
    ))
}

/// Wraps text at spaces to fit `width` terminal columns, for showing the
/// email; the email itself keeps its long lines.
fn wrap(text: &str, width: usize) -> String {
    crate::wrap::wrap(text, width, console::measure_text_width)
}

/// Edits `text` in `editor` (a command line such as `code --wait`) through
/// a temporary file ending in `extension`. `None` when nothing changed. An
/// editor that cannot start, or that exits with a failure (vim's `:cq`),
/// is an error, and its text is not used.
fn edit_text(editor: &str, text: &str, extension: &str) -> Result<Option<String>> {
    let shown = crate::answers::echo(editor);
    let words = shell_words::split(editor).map_err(|e| {
        crate::usage!("the editor command `{shown}` cannot be read: {e}; set EDITOR to e.g. nano")
    })?;
    let Some((program, args)) = words.split_first() else {
        return Err(crate::usage!(
            "the editor command `{shown}` names no program; set EDITOR to an editor you have, \
             e.g. EDITOR=nano"
        ));
    };
    let mut file = tempfile::Builder::new()
        .prefix("bowout-")
        .suffix(extension)
        .tempfile()
        .context("cannot make a temporary file to edit")?;
    file.write_all(text.as_bytes())
        .and_then(|()| file.flush())
        .context("cannot write the temporary file to edit")?;
    let status = with_sigint_ignored(|| {
        std::process::Command::new(program)
            .args(args)
            .arg(file.path())
            .status()
    })
    .map_err(|e| {
        anyhow::anyhow!(
            "could not run the editor `{shown}`: {e}; set EDITOR to an editor you have, e.g. \
             EDITOR=nano"
        )
    })?;
    if !status.success() {
        let how = match status.code() {
            Some(code) => format!("exited with code {code}"),
            None => "was stopped by a signal".to_string(),
        };
        return Err(anyhow::anyhow!(
            "the editor `{shown}` {how}, so its text was not used"
        ));
    }
    let edited = files::read_text(
        file.path(),
        "the edited text",
        Owner::Bowout,
        files::MAX_ANSWERS_FILE,
    )?
    .unwrap_or_default();
    Ok((edited != text).then_some(edited))
}

/// VISUAL, then EDITOR, ignoring blank values; None when neither is usable.
fn editor_command() -> Option<String> {
    ["VISUAL", "EDITOR"]
        .iter()
        .filter_map(|k| std::env::var(k).ok())
        .map(|v| v.trim().to_string())
        .find(|v| !v.is_empty())
        .or_else(|| which("vi").then(|| "vi".to_string()))
}

fn which(program: &str) -> bool {
    std::env::var_os("PATH")
        .is_some_and(|paths| std::env::split_paths(&paths).any(|dir| dir.join(program).is_file()))
}

/// Splits an edited `Subject: …` + body text; a removed subject line keeps
/// the old subject.
fn split_edited(text: &str, old_subject: &str) -> (String, String) {
    let mut body = text;
    let mut subject = old_subject.to_string();
    if let Some(rest) = text.strip_prefix("Subject:") {
        let (first, after) = rest.split_once('\n').unwrap_or((rest, ""));
        subject = first.trim().to_string();
        body = after.trim_start_matches(['\n', '\r']);
    }
    let mut body = body.trim_end().to_string();
    body.push('\n');
    (subject, body)
}

/// Runs `f` (an editor in the foreground) with Ctrl-C left to it alone.
fn with_sigint_ignored<T>(f: impl FnOnce() -> T) -> T {
    #[cfg(unix)]
    {
        // SAFETY: swapping a signal disposition and restoring it afterwards.
        let old = unsafe { libc::signal(libc::SIGINT, libc::SIG_IGN) };
        let out = f();
        unsafe { libc::signal(libc::SIGINT, old) };
        out
    }
    #[cfg(not(unix))]
    f()
}

/// Shows the cursor again, whatever prompt was drawing when the wizard stopped.
pub fn restore_terminal() {
    let _ = Term::stderr().show_cursor();
}

/// SIGTERM, SIGHUP (the terminal closed) or SIGQUIT (Ctrl-\\) while the
/// wizard runs: the terminal is put back as it was, the answers so far are
/// handed to `keep`, and bowout exits with 128 + the signal's number (143,
/// 129, 131). The handler
/// only writes a byte to a pipe; a thread does the rest.
#[cfg(unix)]
pub fn stop_on_signals(shared: Shared, keep: impl Fn(Kept) + Send + 'static) {
    use std::sync::atomic::{AtomicI32, Ordering};
    static PIPE: AtomicI32 = AtomicI32::new(-1);
    extern "C" fn on_signal(sig: libc::c_int) {
        SIGNALLED.store(sig, std::sync::atomic::Ordering::Relaxed);
        let fd = PIPE.load(Ordering::Relaxed);
        if fd >= 0 {
            let byte = sig as u8;
            // SAFETY: write is async-signal-safe.
            unsafe {
                libc::write(fd, (&byte as *const u8).cast(), 1);
            }
        }
    }
    let mut fds = [0 as libc::c_int; 2];
    // SAFETY: pipe fills the two descriptors; both are closed on exec, so
    // no editor or clipboard helper inherits them.
    unsafe {
        if libc::pipe(fds.as_mut_ptr()) != 0 {
            return;
        }
        for fd in fds {
            libc::fcntl(fd, libc::F_SETFD, libc::FD_CLOEXEC);
        }
    }
    // The terminal as it is between prompts; a signal in the middle of one
    // would otherwise leave it in raw mode.
    // SAFETY: tcgetattr writes into the zeroed struct.
    let saved = unsafe {
        let mut t: libc::termios = std::mem::zeroed();
        (libc::tcgetattr(0, &mut t) == 0).then_some(t)
    };
    PIPE.store(fds[1], Ordering::Relaxed);
    // SAFETY: the handler only writes to a pipe.
    unsafe {
        libc::signal(libc::SIGTERM, on_signal as *const () as libc::sighandler_t);
        libc::signal(libc::SIGHUP, on_signal as *const () as libc::sighandler_t);
        libc::signal(libc::SIGQUIT, on_signal as *const () as libc::sighandler_t);
    }
    let read_end = fds[0];
    // The thread below is born with SIGINT blocked, so that a Ctrl-C that
    // comes as a signal always reaches the wizard's own thread, where it
    // interrupts the wait for a key; in this thread it would be lost.
    // SAFETY: sigset operations on a zeroed set, and the calling thread's
    // own mask, restored once the thread has started.
    let old = unsafe {
        let mut set: libc::sigset_t = std::mem::zeroed();
        let mut old: libc::sigset_t = std::mem::zeroed();
        libc::sigemptyset(&mut set);
        libc::sigaddset(&mut set, libc::SIGINT);
        libc::pthread_sigmask(libc::SIG_BLOCK, &set, &mut old);
        old
    };
    let watcher = std::thread::spawn(move || {
        let mut byte = 0u8;
        // SAFETY: reads one byte into `byte`.
        if unsafe { libc::read(read_end, (&mut byte as *mut u8).cast(), 1) } != 1 {
            return;
        }
        if let Some(t) = saved {
            // SAFETY: puts back the settings read above.
            unsafe {
                libc::tcsetattr(0, libc::TCSANOW, &t);
            }
        }
        restore_terminal();
        let kept = shared.lock().map(|k| k.clone()).unwrap_or_default();
        keep(kept);
        std::process::exit(128 + i32::from(byte));
    });
    drop(watcher);
    // SAFETY: puts back this thread's own mask, as it was.
    unsafe {
        libc::pthread_sigmask(libc::SIG_SETMASK, &old, std::ptr::null_mut());
    }
}

#[cfg(not(unix))]
pub fn stop_on_signals(_shared: Shared, _keep: impl Fn(Kept) + Send + 'static) {}

/// Ctrl-\\ read as a key (a prompt has the terminal in raw mode, where it
/// sends no signal): stops the wizard as the SIGQUIT it stands for does.
fn quit_as_sigquit() {
    #[cfg(unix)]
    // SAFETY: raising a signal whose handler only writes to a pipe.
    unsafe {
        libc::raise(libc::SIGQUIT);
    }
}

/// The signal that stopped the wizard from outside, if one did.
static SIGNALLED: std::sync::atomic::AtomicI32 = std::sync::atomic::AtomicI32::new(0);

/// When the wizard ends because a signal interrupted a prompt, the thread
/// `stop_on_signals` started is already keeping the answers and will exit
/// with the signal's code: the wizard's own thread waits for it rather than
/// racing it with a code of its own.
pub fn wait_if_signalled() {
    let sig = SIGNALLED.load(std::sync::atomic::Ordering::Relaxed);
    if sig != 0 {
        std::thread::sleep(std::time::Duration::from_secs(5));
        std::process::exit(128 + sig);
    }
}

/// While the wizard runs, Ctrl-C must not kill bowout outright: the prompt
/// that reads it then returns an interruption, and the answers are kept.
pub fn catch_ctrl_c() {
    #[cfg(unix)]
    {
        extern "C" fn note(_: libc::c_int) {
            crate::line::INTERRUPTED.store(true, std::sync::atomic::Ordering::Relaxed);
        }
        // SAFETY: installs a handler that only stores to an atomic, which is
        // async-signal-safe.
        unsafe {
            libc::signal(libc::SIGINT, note as *const () as libc::sighandler_t);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_advice_asset_parses() {
        let a: Advice = toml::from_str(include_str!("../assets/advice.toml")).unwrap();
        assert_eq!(a.weigh.len(), 3);
    }

    #[test]
    fn the_shown_email_wraps_at_spaces() {
        assert_eq!(wrap("aaa bbb ccc\n\nd\n", 7), "aaa bbb\nccc\n\nd\n");
        assert_eq!(wrap("東京 東京 東京", 9), "東京 東京\n東京");
    }

    #[test]
    fn the_review_fits_its_screen_with_the_subject_in_view() {
        // Everything fits: the whole menu.
        let all = Fit {
            head: 10,
            tail: true,
            menu: None,
        };
        assert_eq!(fit_review(24, (10, 1, 2), 0, 10), all);
        // The whole email over a shorter menu.
        let short = Fit {
            head: 14,
            tail: true,
            menu: Some(5),
        };
        assert_eq!(fit_review(24, (14, 1, 2), 1, 10), short);
        // Too long: three items, the checklist, the email's first rows.
        let cut = Fit {
            head: 16,
            tail: true,
            menu: Some(3),
        };
        assert_eq!(fit_review(24, (30, 1, 2), 0, 10), cut);
        // A small screen: the checklist gives way, then the menu, for a
        // whole subject.
        let small = Fit {
            head: 4,
            tail: false,
            menu: Some(2),
        };
        assert_eq!(fit_review(12, (30, 4, 3), 3, 10), small);
        let tiny = Fit {
            head: 6,
            tail: false,
            menu: Some(3),
        };
        assert_eq!(fit_review(12, (30, 2, 3), 0, 10), tiny);
    }

    #[test]
    fn a_long_answer_shows_its_start_and_its_length() {
        let detail = "My doctor has asked me to rest for the whole of next week, so I cannot \
                      come in on Thursday as planned";
        let n = detail.chars().count();
        let shown = abridged(detail, 50).unwrap();
        assert_eq!(
            shown,
            format!("My doctor has asked me to rest… ({n} characters)")
        );
        assert!(measure(&shown) <= 50);
        // Whole where it fits, to the column.
        assert_eq!(abridged("Acme", 4).as_deref(), Some("Acme"));
        assert_eq!(abridged(detail, n).as_deref(), Some(detail));
        // No space near the cut: cut inside the word.
        let word = "x".repeat(60);
        assert_eq!(abridged(&word, 25).unwrap(), "xxxxxxxx… (60 characters)");
        // A space near the cut is cut at; one far back is not.
        let late = format!("{} {}", "x".repeat(40), "x".repeat(20));
        assert_eq!(
            abridged(&late, 60).unwrap(),
            format!("{}… (61 characters)", "x".repeat(40))
        );
        let early = format!("Hello {}", "x".repeat(40));
        assert_eq!(
            abridged(&early, 30).unwrap(),
            "Hello xxxxxxx… (46 characters)"
        );
        // Too narrow for a few characters and the length.
        assert_eq!(abridged(detail, 20), None);
        assert_eq!(abridged(detail, 0), None);
        // Wide characters count by their columns.
        let wide = "日本語のテキスト".repeat(5);
        let shown = abridged(&wide, 30).unwrap();
        assert!(measure(&shown) <= 30, "{shown}");
        assert!(shown.ends_with("… (40 characters)"), "{shown}");
    }

    #[test]
    fn bullets_and_marks_hang_under_their_text() {
        assert_eq!(hanging_indent("  • point"), 4);
        assert_eq!(hanging_indent("✔ Company · Acme"), 2);
        assert_eq!(hanging_indent("- a time"), 2);
        assert_eq!(hanging_indent("Plain text"), 0);
        assert_eq!(hanging_indent("•no space"), 0);
    }

    #[test]
    fn an_edited_email_splits_into_subject_and_body() {
        let (s, b) = split_edited("Subject: New\n\nHello,\nBye\n\n", "Old");
        assert_eq!((s.as_str(), b.as_str()), ("New", "Hello,\nBye\n"));
        let (s, b) = split_edited("Just a body", "Old");
        assert_eq!((s.as_str(), b.as_str()), ("Old", "Just a body\n"));
    }
}
