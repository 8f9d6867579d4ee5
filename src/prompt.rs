//! The interactive wizard: walks the advice step by step, asks only for the
//! answers still missing, and ends at a review screen. The only module that
//! touches dialoguer. Everything it asks is an `Answers` key, so every answer
//! can come from flags or a file instead.

use std::io::{self, Write};

use anyhow::{Context, Result};
use console::{Term, style};
use dialoguer::theme::ColorfulTheme;
use dialoguer::{Confirm, Input, Select};
use jiff::Zoned;
use serde::Deserialize;

use crate::Cancelled;
use crate::advice::{self, NO_REASON, Notice, SITUATIONS, Side};
use crate::answers::{self, Answers, KEYS, MAX_LINE, Resolved};
use crate::files::{self, Owner};
use crate::handoff;
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

/// Whether the wizard can run: it needs a terminal to read from and to draw on.
pub fn has_terminal() -> bool {
    use std::io::IsTerminal;
    io::stdin().is_terminal() && Term::stderr().is_term()
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

/// Esc (or q) in a menu stops the wizard, as Ctrl-C does.
fn chosen<T>(r: dialoguer::Result<Option<T>>) -> Result<T> {
    r.map_err(prompt_err)?
        .ok_or_else(|| anyhow::Error::new(Cancelled))
}

/// What a question is called where a person sees it.
fn label(key: &str) -> &'static str {
    match key {
        "situation" => "What you are writing",
        "interview_at" => "Interview",
        "reason" => "Reason",
        "detail" => "Your own sentence",
        "apology" => "Apologise",
        "door_open" => "Leave the door open",
        "alternatives" => "Other times",
        "recipient" => "To",
        "greeting" => "Greeting name",
        "recipient_email" => "Their email",
        "company" => "Company",
        "position" => "Position",
        "sender" => "Your name",
        "sender_email" => "Your email",
        "signature" => "Under your name",
        "tone" => "Tone",
        "length" => "Length",
        "english" => "English",
        "called" => "Phoned already",
        _ => "Answer",
    }
}

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

/// The answers as they stand, shared with the thread that keeps them when a
/// signal (SIGTERM, SIGHUP) stops the wizard from outside.
pub type Shared = std::sync::Arc<std::sync::Mutex<Answers>>;

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
    /// Whether the person typed their name in this run (and so may want it
    /// remembered).
    typed_sender: bool,
}

impl Wizard {
    pub fn new(answers: Answers, now: Zoned, renderer: Renderer) -> Result<Wizard> {
        let advice: Advice = toml::from_str(include_str!("../assets/advice.toml"))
            .context("assets/advice.toml is not valid")?;
        Ok(Wizard {
            shared: std::sync::Arc::new(std::sync::Mutex::new(answers.clone())),
            term: Term::stderr(),
            theme: ColorfulTheme::default(),
            advice,
            now,
            renderer,
            answers,
            edited: None,
            walk: true,
            typed_sender: false,
        })
    }

    /// The answers as they stand, for `stop_on_signals`.
    pub fn shared(&self) -> Shared {
        self.shared.clone()
    }

    /// Walks every step, then the review.
    pub fn run(&mut self) -> Result<End> {
        self.line(&format!(
            "{} writes the email that bows out of an interview gracefully.",
            style("bowout").bold()
        ));
        self.line(&format!(
            "{}",
            style("Esc or Ctrl-C stops at any time; bowout --resume picks up where you left off.")
                .dim()
        ));
        if self.answers.situation().is_none() {
            self.step("Situation", &self.advice.situation.clone());
            self.ask("situation")?;
            if self.answers.situation.as_deref() == Some("decline") && !self.weigh()? {
                self.line("Good luck with the interview. Nothing to send.");
                return Ok(End::KeptInterview);
            }
        }
        self.fill(true)?;
        self.review()
    }

    /// Asks, in the advice's order, every answer still missing. With `walk`
    /// every step is shown; without it, only the steps that ask something.
    fn fill(&mut self, walk: bool) -> Result<()> {
        self.walk = walk;
        let situation = self.situation();
        let timeliness = self.advice.timeliness.clone();
        self.step("Timeliness", &timeliness);
        let asked_date = self.needs("interview_at");
        self.maybe_ask("interview_at")?;
        if self.walk || asked_date {
            let notice = self.show_notice();
            if notice.is_some_and(Notice::call_first) {
                self.maybe_ask("called")?;
            }
        }
        if !situation.reasons.is_empty() {
            let reason = self.advice.reason.clone();
            self.step("Reason", &reason);
            self.maybe_ask("reason")?;
            self.maybe_ask("detail")?;
        }
        let gratitude = self.advice.gratitude.clone();
        self.step("Gratitude", &gratitude);
        if self.walk {
            self.line(&format!(
                "{} The email thanks them for their time.",
                style("✔").green()
            ));
        }
        if situation.inconveniences() {
            let apology = self.advice.apology.clone();
            self.step("Apology", &apology);
            self.maybe_ask("apology")?;
        }
        let door = if situation.proposes_times() {
            self.advice.times.clone()
        } else {
            self.advice.door.clone()
        };
        self.step("Leaving the door open", &door);
        self.maybe_ask("door_open")?;
        if situation.proposes_times() && self.answers.door_open != Some(false) {
            self.maybe_ask("alternatives")?;
        }
        let particulars = self.advice.particulars.clone();
        self.step("Particulars", &particulars);
        for key in [
            "recipient",
            "recipient_email",
            "company",
            "position",
            "sender",
            "sender_email",
            "signature",
        ] {
            self.maybe_ask(key)?;
        }
        self.offer_profile()?;
        let tone = self.advice.tone.clone();
        self.step("Tone and length", &tone);
        self.maybe_ask("tone")?;
        self.maybe_ask("length")?;
        Ok(())
    }

    fn situation(&self) -> &'static advice::Situation {
        self.answers.situation().unwrap_or(&SITUATIONS[0])
    }

    /// The terminal's width, in columns.
    fn width(&self) -> usize {
        usize::from(self.term.size().1).max(20)
    }

    fn line(&self, text: &str) {
        // Wrapped at spaces one column short of the width, so that every
        // word can be read and no line fills the row (a full row makes the
        // terminal wrap on its own, which the prompts' redraws do not count).
        let width = self.width().saturating_sub(1).max(20);
        for l in text.lines() {
            for piece in wrap(l, width).lines() {
                let _ = self.term.write_line(piece);
            }
        }
    }

    fn step(&self, title: &str, advice: &str) {
        if !self.walk {
            return;
        }
        let _ = self.term.write_line("");
        let steps = self.steps();
        let heading = match steps.iter().position(|s| *s == title) {
            Some(i) => format!("Step {} of {} · {title}", i + 1, steps.len()),
            None => title.to_string(),
        };
        self.line(&format!("{}", style(heading).bold().cyan()));
        self.line(&format!("{}", style(advice).dim()));
    }

    /// The steps this situation walks, in order: reason and apology only
    /// where they apply.
    fn steps(&self) -> Vec<&'static str> {
        let s = self.situation();
        let mut steps = vec!["Situation", "Timeliness"];
        if !s.reasons.is_empty() {
            steps.push("Reason");
        }
        steps.push("Gratitude");
        if s.inconveniences() {
            steps.push("Apology");
        }
        steps.extend(["Leaving the door open", "Particulars", "Tone and length"]);
        steps
    }

    /// Asks `key` only when it has no answer yet; shows the given one otherwise.
    fn maybe_ask(&mut self, key: &'static str) -> Result<()> {
        if self.needs(key) {
            return self.ask(key);
        }
        if self.walk && self.value(key).is_some_and(|v| !v.is_empty()) {
            self.line(&format!(
                "{} {}: {}",
                style("·").dim(),
                label(key),
                self.shown(key)
            ));
        }
        Ok(())
    }

    fn needs(&self, key: &str) -> bool {
        if self.answers.missing().contains(&key) {
            return true;
        }
        let a = &self.answers;
        match key {
            "detail" => a.detail.is_none(),
            "recipient" => a.recipient.is_none(),
            "recipient_email" => a.recipient_email.is_none(),
            "sender_email" => a.sender_email.is_none(),
            "signature" => a.signature.is_none(),
            "apology" => a.apology.is_none(),
            "door_open" => a.door_open.is_none(),
            "alternatives" => a.alternatives.is_none(),
            "tone" => a.tone.is_none(),
            "length" => a.length.is_none(),
            "interview_at" => a.interview_at.is_none(),
            "called" => a.called.is_none(),
            _ => false,
        }
    }

    /// Whether the question `key` applies to the situation and answers as
    /// they stand.
    fn applies(&self, key: &str) -> bool {
        let s = self.situation();
        match key {
            "reason" | "detail" => !s.reasons.is_empty(),
            "apology" => s.inconveniences(),
            "alternatives" => s.proposes_times() && self.answers.door_open != Some(false),
            "called" => answers::parse_when(
                "interview_at",
                self.answers.interview_at.as_deref().unwrap_or_default(),
                &self.now,
            )
            .is_ok_and(|w| advice::notice(&self.now, &w.at).call_first()),
            _ => true,
        }
    }

    /// The current answer for `key` as a person reads it: yes or no, a date
    /// in full, "British English".
    fn shown(&self, key: &str) -> String {
        let Some(v) = self.value(key) else {
            return String::new();
        };
        let english = self.english();
        match key {
            "apology" | "door_open" => if v == "true" { "yes" } else { "no" }.into(),
            "interview_at" => answers::parse_when(key, &v, &self.now)
                .map(|w| answers::long_date(&w, english))
                .unwrap_or(v),
            "alternatives" => self
                .answers
                .alternatives
                .iter()
                .flatten()
                .map(|t| {
                    answers::proposed_time(t, &self.now)
                        .map(|p| answers::proposed_date(&p, english))
                        .unwrap_or_else(|_| t.clone())
                })
                .collect::<Vec<_>>()
                .join("; "),
            "english" => match v.as_str() {
                "us" => "American English".into(),
                _ => "British English".into(),
            },
            "called" => match v.as_str() {
                "spoke" => "yes, spoke to them".into(),
                "voicemail" => "left a voicemail".into(),
                _ => "not yet".into(),
            },
            _ => v,
        }
    }

    /// The current answer for `key`, as text.
    fn value(&self, key: &str) -> Option<String> {
        let a = &self.answers;
        let text = |v: &Option<String>| v.clone();
        match key {
            "situation" => text(&a.situation),
            "reason" => text(&a.reason),
            "detail" => text(&a.detail),
            "company" => text(&a.company),
            "position" => text(&a.position),
            "recipient" => text(&a.recipient),
            "recipient_email" => text(&a.recipient_email),
            "sender" => text(&a.sender),
            "sender_email" => text(&a.sender_email),
            "signature" => a.signature.as_ref().map(|s| s.replace('\n', "\\n")),
            "interview_at" => text(&a.interview_at),
            "alternatives" => a.alternatives.as_ref().map(|v| v.join("; ")),
            "door_open" => a.door_open.map(|b| b.to_string()),
            "apology" => a.apology.map(|b| b.to_string()),
            "tone" => a.tone.map(|t| t.to_string()),
            "length" => a.length.map(|l| l.to_string()),
            "english" => a.english.map(|e| e.to_string()),
            "greeting" => text(&a.greeting),
            "called" => a.called.map(|c| c.to_string()),
            _ => None,
        }
    }

    /// Asks one answer, offering the current one as the starting point.
    fn ask(&mut self, key: &'static str) -> Result<()> {
        let situation = self.situation();
        let employer = situation.side == Side::Employer;
        match key {
            "situation" => {
                let items: Vec<String> = SITUATIONS
                    .iter()
                    .map(|s| format!("{:<20} {}", s.id, s.summary))
                    .collect();
                let current = self.answers.situation().map_or(0, |s| {
                    SITUATIONS.iter().position(|x| x.id == s.id).unwrap_or(0)
                });
                let i = self.choose("What do you need to write?", &items, current, |i| {
                    SITUATIONS[i].id.to_string()
                })?;
                let before = self.answers.situation.clone();
                self.answers.situation = Some(SITUATIONS[i].id.to_string());
                if before.as_deref() != Some(SITUATIONS[i].id) {
                    let dropped = self.answers.drop_what_does_not_apply();
                    if !dropped.is_empty() {
                        self.line(&format!(
                            "{} No longer applies, so dropped: {}.",
                            style("·").dim(),
                            dropped.join(", ")
                        ));
                    }
                }
            }
            "interview_at" => {
                let now = self.now.clone();
                let optional = !situation.needs_date();
                let prompt = if optional {
                    "When is the interview? (e.g. 2026-12-03 10:00; Enter if none is set)"
                } else {
                    "When is the interview? (e.g. 2026-12-03 10:00, tomorrow 9am)"
                };
                let v = loop {
                    let check_now = now.clone();
                    let v = self.text(prompt, key, optional, move |s: &str| {
                        if optional && s.trim().is_empty() {
                            return Ok(());
                        }
                        answers::parse_when("interview_at", s, &check_now).map(|_| ())
                    })?;
                    // A date far in the past or the future is more often a
                    // typo (a year, a month) than the truth: ask once.
                    let far = answers::parse_when("interview_at", &v, &now)
                        .ok()
                        .filter(|w| {
                            let days = (w.at.timestamp().as_second() - now.timestamp().as_second())
                                / 86_400;
                            !(-31..=365).contains(&days)
                        });
                    match far {
                        Some(w) => {
                            let question = format!(
                                "That is {}. Is that right?",
                                answers::long_date(&w, self.english())
                            );
                            if self.confirm(&question, false)? {
                                break v;
                            }
                            self.answers.interview_at = Some(v);
                        }
                        None => break v,
                    }
                };
                // Kept as a calendar date, so that "tomorrow" still means the
                // same day when the answers are resumed or reused.
                self.answers.interview_at = Some(v);
                self.answers.pin_dates(&self.now);
            }
            "reason" => {
                let items: Vec<String> = situation
                    .reasons
                    .iter()
                    .map(|r| format!("{:<24} {}", r.id, r.label))
                    .collect();
                let current = self
                    .answers
                    .reason
                    .as_deref()
                    .and_then(|r| situation.reasons.iter().position(|x| x.id == r))
                    .unwrap_or(0);
                let i = self.choose("Which honest reason fits best?", &items, current, |i| {
                    situation.reasons[i].id.to_string()
                })?;
                self.answers.reason = Some(situation.reasons[i].id.to_string());
            }
            "detail" => self.ask_detail()?,
            "apology" => {
                let v = self.confirm(
                    "Apologise for the inconvenience?",
                    self.answers.apology.unwrap_or(situation.inconveniences()),
                )?;
                self.answers.apology = Some(v);
            }
            "door_open" => {
                let prompt = match (situation.proposes_times(), employer) {
                    (true, _) => "Propose other times?",
                    (false, true) => "Offer to keep their details on file for future roles?",
                    (false, false) => "Say you would welcome future opportunities with them?",
                };
                let v = self.confirm(prompt, self.answers.door_open.unwrap_or(true))?;
                self.answers.door_open = Some(v);
            }
            "alternatives" => self.ask_alternatives()?,
            "recipient" => {
                let prompt = if employer {
                    "The candidate's name"
                } else {
                    "Who are you writing to? (Enter for \"Dear Hiring Manager\")"
                };
                let v = self.text(prompt, key, !employer, |s| required(s, employer))?;
                self.answers.recipient = Some(v);
            }
            "recipient_email" | "sender_email" => {
                let prompt = if key == "sender_email" {
                    "Your email address (optional)"
                } else {
                    "Their email address (optional)"
                };
                let v = self.text(prompt, key, true, |s| {
                    let s = s.trim();
                    if s.is_empty() || answers::plausible_email(s) {
                        Ok(())
                    } else {
                        Err(crate::usage!(
                            "that does not look like an email address, e.g. name@example.com"
                        ))
                    }
                })?;
                let v = v.trim().to_string();
                match key {
                    "sender_email" => self.answers.sender_email = Some(v),
                    _ => self.answers.recipient_email = Some(v),
                }
            }
            "company" | "position" | "sender" => {
                if key == "sender" {
                    self.typed_sender = true;
                }
                let prompt = match key {
                    "company" => "Company",
                    "position" => "Position (the role, e.g. Data Analyst)",
                    _ => "Your name, for the sign-off",
                };
                let v = self.text(prompt, key, false, |s| required(s, true))?;
                self.answers.set(key, &v)?;
            }
            "signature" => {
                let v = self.text(
                    "Lines under your name, e.g. a phone number (optional; \\n starts a new line)",
                    key,
                    true,
                    |_| Ok(()),
                )?;
                self.answers.set(key, &v)?;
            }
            "called" => {
                let choices = [
                    ("no", "Not yet"),
                    ("spoke", "Yes, I spoke to them"),
                    ("voicemail", "I left a voicemail"),
                ];
                let items: Vec<String> = choices.iter().map(|(_, l)| l.to_string()).collect();
                let current = choices
                    .iter()
                    .position(|(id, _)| self.value(key).as_deref() == Some(*id))
                    .unwrap_or(0);
                let i = self.choose("Have you phoned them yet?", &items, current, |i| {
                    choices[i].1.to_string()
                })?;
                self.answers.set(key, choices[i].0)?;
            }
            "english" => {
                let choices = [("uk", "British English"), ("us", "American English")];
                let items: Vec<String> = choices.iter().map(|(_, l)| l.to_string()).collect();
                let current = usize::from(self.english() == answers::English::Us);
                let i = self.choose("Which English?", &items, current, |i| {
                    choices[i].1.to_string()
                })?;
                self.answers.set(key, choices[i].0)?;
            }
            "greeting" => {
                let v = self.text(
                    "What follows Dear or Hello (Enter to let bowout choose from the name)",
                    key,
                    true,
                    |_| Ok(()),
                )?;
                self.answers.set(key, v.trim())?;
            }
            "tone" | "length" => {
                let (prompt, choices) = if key == "tone" {
                    (
                        "Tone",
                        [
                            ("formal", "for a first contact"),
                            ("warm", "if you have already spoken"),
                        ],
                    )
                } else {
                    ("Length", [("standard", ""), ("brief", "80 words at most")])
                };
                let items: Vec<String> = choices
                    .iter()
                    .map(|(id, note)| format!("{id:<8} {note}").trim_end().to_string())
                    .collect();
                let current = choices
                    .iter()
                    .position(|(id, _)| self.value(key).as_deref() == Some(*id))
                    .unwrap_or(0);
                let i = self.choose(prompt, &items, current, |i| choices[i].0.to_string())?;
                self.answers.set(key, choices[i].0)?;
            }
            _ => unreachable!("every key has a prompt"),
        }
        // Pasted text can carry escape sequences; none may reach the screen.
        self.answers = std::mem::take(&mut self.answers).sanitized();
        if let Ok(mut shared) = self.shared.lock() {
            *shared = self.answers.clone();
        }
        Ok(())
    }

    /// A line of text, re-asked with the reason until `check` accepts it.
    fn text(
        &self,
        prompt: &str,
        key: &str,
        allow_empty: bool,
        check: impl Fn(&str) -> Result<()>,
    ) -> Result<String> {
        let current = self.value(key).unwrap_or_default();
        // Empty input reaches the check too, so that a needed answer left
        // empty says so instead of silently asking again.
        Input::<String>::with_theme(&self.theme)
            .with_prompt(prompt)
            .with_initial_text(current)
            .allow_empty(true)
            .validate_with(|s: &String| -> std::result::Result<(), String> {
                if s.chars().count() > MAX_LINE {
                    return Err(format!("please keep it under {MAX_LINE} characters"));
                }
                if !allow_empty && s.trim().is_empty() {
                    return Err("this one is needed: type it, or press Esc to stop".into());
                }
                check(s).map_err(|e| e.to_string().replace('\n', "; "))
            })
            .interact_text_on(&self.term)
            .map_err(prompt_err)
    }

    /// A menu whose answer is reported as `short(i)`, so that a long item
    /// never wraps the report line (a wrapped line breaks the redraws).
    fn choose(
        &self,
        prompt: &str,
        items: &[String],
        default: usize,
        short: impl Fn(usize) -> String,
    ) -> Result<usize> {
        let i = chosen(
            Select::with_theme(&self.theme)
                .with_prompt(prompt)
                .items(items)
                .default(default)
                .report(false)
                .interact_on_opt(&self.term),
        )?;
        self.line(&format!(
            "{} {prompt} {} {}",
            style("✔").green(),
            style("·").dim(),
            short(i)
        ));
        Ok(i)
    }

    fn confirm(&self, prompt: &str, default: bool) -> Result<bool> {
        chosen(
            Confirm::with_theme(&self.theme)
                .with_prompt(prompt)
                .default(default)
                .interact_on_opt(&self.term),
        )
    }

    /// The optional detail, with a gentle warning about negative specifics.
    fn ask_detail(&mut self) -> Result<()> {
        if self.answers.reason.as_deref() == Some(NO_REASON) {
            self.answers.detail.get_or_insert_with(String::new);
            return Ok(());
        }
        loop {
            let v = self.text(
                "A sentence of your own after the reason (optional, Enter to skip)",
                "detail",
                true,
                |_| Ok(()),
            )?;
            self.answers.detail = Some(v.clone());
            let Some(word) = advice::negative_phrase(&v) else {
                return Ok(());
            };
            self.line(&format!(
                "{} {}",
                style("Careful:").yellow().bold(),
                advice::negative_warning(word)
            ));
            let i = chosen(
                Select::with_theme(&self.theme)
                    .items(["Rephrase it", "Keep it as it is", "Leave the detail out"])
                    .default(0)
                    .interact_on_opt(&self.term),
            )?;
            match i {
                0 => continue,
                1 => return Ok(()),
                _ => {
                    self.answers.detail = Some(String::new());
                    return Ok(());
                }
            }
        }
    }

    fn ask_alternatives(&mut self) -> Result<()> {
        let mut times = Vec::new();
        let previous = self.answers.alternatives.clone().unwrap_or_default();
        for n in 1..=3 {
            let now = self.now.clone();
            let asked = Input::<String>::with_theme(&self.theme)
                .with_prompt(format!("Time {n} to propose (Enter when done)"))
                .with_initial_text(previous.get(n - 1).cloned().unwrap_or_default())
                .allow_empty(true)
                .validate_with(move |s: &String| -> std::result::Result<(), String> {
                    if s.trim().is_empty() {
                        return Ok(());
                    }
                    answers::proposed_time(s.trim(), &now)
                        .map(|_| ())
                        .map_err(|e| e.to_string().replace('\n', "; "))
                })
                .interact_text_on(&self.term)
                .map_err(prompt_err);
            let v = match asked {
                Ok(v) => v.trim().to_string(),
                Err(e) => {
                    // Stopped part-way: the times already given are kept.
                    if !times.is_empty() {
                        self.answers.alternatives = Some(times);
                    }
                    return Err(e);
                }
            };
            if v.is_empty() {
                break;
            }
            if let Ok(p) = answers::proposed_time(&v, &self.now) {
                self.line(&format!(
                    "{} {}",
                    style("  =").dim(),
                    answers::proposed_date(&p, self.english())
                ));
            }
            times.push(v);
        }
        self.answers.alternatives = Some(times);
        Ok(())
    }

    /// For `decline`: weighs whether to interview anyway. False when the
    /// person decides to keep the interview.
    fn weigh(&mut self) -> Result<bool> {
        let look = self.confirm(
            "Before you decline: weigh whether to interview anyway?",
            false,
        )?;
        if !look {
            return Ok(true);
        }
        for point in self.advice.weigh.clone() {
            self.line(&format!("  {} {point}", style("•").cyan()));
        }
        self.confirm("Still decline?", true)
    }

    /// The English the email will be written in.
    fn english(&self) -> answers::English {
        self.answers
            .english
            .unwrap_or_else(answers::English::from_locale)
    }

    /// Shows the date as read and what the notice means. Returns the
    /// notice, when there is a date.
    fn show_notice(&self) -> Option<Notice> {
        let resolved_at = answers::parse_when(
            "interview_at",
            self.answers.interview_at.as_deref().unwrap_or_default(),
            &self.now,
        )
        .ok()?;
        let situation = self.situation();
        self.line(&format!(
            "{} {}",
            style("  =").dim(),
            answers::long_date(&resolved_at, self.english())
        ));
        if !situation.notice_matters() {
            return None;
        }
        let notice = advice::notice(&self.now, &resolved_at.at);
        let meaning = notice.meaning(situation.side, advice::CALL_SCRIPT_REVIEW);
        let styled = match notice {
            Notice::Ample => style(meaning).green(),
            Notice::Soon => style(meaning).yellow(),
            _ => style(meaning).red().bold(),
        };
        self.line(&format!("{styled}"));
        if notice.call_first() {
            self.line("At the review, \"Phone script\" gives you what to say on the call.");
        }
        Some(notice)
    }

    /// The review screen: the email, the checklist, and what to do with it.
    fn review(&mut self) -> Result<End> {
        // The email is shown again only when it changed, so that what an
        // action did (a copy, a saved file, the call script) stays on the
        // screen above the menu.
        let mut show = true;
        loop {
            self.walk = true;
            let (resolved, rendered) = match self.render() {
                Ok(r) => r,
                Err(e) => {
                    self.line(&format!("{} {e:#}", style("Problem:").red().bold()));
                    self.change()?;
                    show = true;
                    continue;
                }
            };
            let (subject, body) = self
                .edited
                .clone()
                .unwrap_or((rendered.subject.clone(), rendered.body.clone()));
            if show {
                self.show_email(&subject, &body, &rendered);
            } else {
                let _ = self.term.write_line("");
            }
            show = false;
            let actions = [
                "Copy the body",
                "Copy the subject",
                "Edit in $EDITOR",
                "Change an answer",
                "Save these answers to a file",
                "Open in your mail client",
                "Phone script",
                "Print and quit",
                "Quit",
            ];
            let i = chosen(
                Select::with_theme(&self.theme)
                    .with_prompt("What next?")
                    .items(actions)
                    .default(0)
                    .interact_on_opt(&self.term),
            )?;
            match i {
                0 => self.copy("the body", &body),
                1 => self.copy("the subject", &format!("{subject}\n")),
                2 => {
                    self.edit(&subject, &body)?;
                    show = true;
                }
                3 => {
                    self.change()?;
                    show = true;
                }
                4 => self.save()?,
                5 => self.open(&subject, &body)?,
                6 => {
                    // Rendered only when asked for: its template is the largest.
                    let phone = self.renderer.phone(&resolved)?;
                    let _ = self.term.write_line("");
                    let _ = self.term.write_str(&wrap(&phone, self.width()));
                }
                7 => {
                    let mut out = io::stdout().lock();
                    write!(out, "Subject: {subject}\n\n{body}")?;
                    out.flush()?;
                    return Ok(End::Done);
                }
                _ => return Ok(End::Done),
            }
        }
    }

    /// The review's email: subject, body wrapped to the terminal, the
    /// advice checklist and any warnings.
    fn show_email(&self, subject: &str, body: &str, rendered: &Rendered) {
        let review = self.advice.review.clone();
        self.step("Review", &review);
        let _ = self.term.write_line("");
        let _ = self
            .term
            .write_line(&format!("{} {subject}", style("Subject:").bold()));
        let _ = self.term.write_line("");
        let _ = self.term.write_str(&wrap(body, self.width()));
        let _ = self.term.write_line("");
        let checks: Vec<String> = rendered
            .checklist
            .items()
            .iter()
            .map(|(name, ok)| match ok {
                Some(true) => format!("{} {name}", style("✔").green()),
                Some(false) => format!("{} {name}", style("✘").yellow()),
                None => format!("{}", style(format!("– {name} (n/a)")).dim()),
            })
            .collect();
        self.line(&checks.join("  "));
        for w in &rendered.warnings {
            self.line(&format!("{} {}", style("!").yellow().bold(), w));
        }
    }

    fn render(&self) -> Result<(Resolved, Rendered)> {
        let resolved = self.answers.resolve(&self.now)?;
        let rendered = self.renderer.render(&resolved)?;
        Ok((resolved, rendered))
    }

    fn copy(&self, what: &str, text: &str) {
        match handoff::copy(text, false) {
            Ok(how) => self.line(&format!(
                "{} {}",
                style("✔").green(),
                handoff::describe(&how, what, text)
            )),
            Err(e) => {
                // One short row, so that the text and the menu under it still
                // fit a 24-row terminal: the reason's first clause only.
                let reason = format!("{e:#}");
                let reason = reason
                    .split([';', '('])
                    .next()
                    .unwrap_or_default()
                    .trim()
                    .to_string();
                self.line(&format!(
                    "{} could not copy ({reason}). Copy it by hand:",
                    style("✘").red()
                ));
                let _ = self.term.write_str(text);
            }
        }
    }

    /// Offers, once ever, to remember the sender's particulars.
    fn offer_profile(&mut self) -> Result<()> {
        let (Ok(profile), Ok(marker)) = (files::profile_file(), files::profile_offered_file())
        else {
            return Ok(());
        };
        if !self.typed_sender || profile.exists() || marker.exists() {
            return Ok(());
        }
        let _ = files::write_atomic(&marker, b"", true);
        if !self.confirm("Remember your name and signature for next time?", true)? {
            return Ok(());
        }
        let kept = Answers {
            sender: self.answers.sender.clone(),
            sender_email: self.answers.sender_email.clone(),
            signature: self.answers.signature.clone(),
            ..Answers::default()
        };
        match files::write_atomic(&profile, kept.to_toml().as_bytes(), false) {
            Ok(()) => self.line(&format!(
                "{} Saved to {}; change it with bowout profile edit.",
                style("✔").green(),
                profile.display()
            )),
            Err(e) => self.line(&format!("{} {e:#}", style("✘").red())),
        }
        Ok(())
    }

    fn open(&self, subject: &str, body: &str) -> Result<()> {
        let resolved = self.answers.resolve(&self.now)?;
        let uri = crate::mail::mailto(&resolved, subject, body);
        match handoff::open_mail_client(&uri) {
            Ok(()) => self.line(&format!(
                "{} Opened in your mail client.",
                style("✔").green()
            )),
            Err(e) => self.line(&format!(
                "{} could not open a mail client: {e:#}. Copy the body instead.",
                style("✘").red()
            )),
        }
        Ok(())
    }

    fn edit(&mut self, subject: &str, body: &str) -> Result<()> {
        let Some(editor) = editor_command() else {
            self.line(
                "No editor is set. Set EDITOR (or VISUAL), e.g. EDITOR=nano, and try again; \
                 or copy the email and edit it in your mail client.",
            );
            return Ok(());
        };
        let text = format!("Subject: {subject}\n\n{body}");
        match edit_text(&editor, &text, ".txt") {
            Ok(Some(new)) => {
                let (s, b) = split_edited(&new, subject);
                self.edited = Some((s, b));
            }
            Ok(None) => self.line("No changes saved."),
            Err(e) => self.line(&format!(
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
        let keys: Vec<&'static str> = KEYS
            .iter()
            .map(|(k, _)| *k)
            .filter(|k| self.applies(k))
            .collect();
        let width = keys.iter().map(|k| label(k).len()).max().unwrap_or(0);
        let items: Vec<String> = keys
            .iter()
            .map(|k| format!("{:<width$}  {}", label(k), self.shown(k)))
            .collect();
        let Some(i) = Select::with_theme(&self.theme)
            .with_prompt("Which answer? (Esc to go back)")
            .items(&items)
            .default(0)
            .interact_on_opt(&self.term)
            .map_err(prompt_err)?
        else {
            return Ok(());
        };
        let key = keys[i];
        self.ask(key)?;
        if self.edited.take().is_some() {
            self.line("Your edits were replaced by the new answer's email.");
        }
        // A new situation may need answers the old one did not.
        self.fill(false)?;
        self.walk = true;
        Ok(())
    }

    fn save(&mut self) -> Result<()> {
        let path: String = Input::with_theme(&self.theme)
            .with_prompt("Save the answers as")
            .with_initial_text("bowout-answers.toml")
            .interact_text_on(&self.term)
            .map_err(prompt_err)?;
        let path = files::expand_home(path.trim());
        let overwrite = path.exists()
            && self.confirm(&format!("{} exists. Replace it?", path.display()), false)?;
        if path.exists() && !overwrite {
            return Ok(());
        }
        match files::write_atomic(&path, self.answers.to_toml().as_bytes(), overwrite) {
            Ok(()) => self.line(&format!(
                "{} Saved. Reuse them with: bowout --answers {}",
                style("✔").green(),
                path.display()
            )),
            Err(e) => self.line(&format!("{} {e:#}", style("✘").red())),
        }
        Ok(())
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
    let current = files::read_text(path, "profile", Owner::Bowout, files::MAX_ANSWERS_FILE)?
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
    files::write_atomic(path, text.as_bytes(), true)?;
    crate::output::note(&format!("Saved your profile at {}.", path.display()));
    Ok(())
}

/// Wraps text at spaces to fit `width` columns, for showing the email; the
/// email itself keeps its long lines.
fn wrap(text: &str, width: usize) -> String {
    let mut out = String::with_capacity(text.len() + text.len() / width.max(1));
    for line in text.split_inclusive('\n') {
        let (content, end) = match line.strip_suffix('\n') {
            Some(c) => (c, "\n"),
            None => (line, ""),
        };
        let mut used = 0;
        for (i, word) in content.split(' ').enumerate() {
            let w = console::measure_text_width(word);
            if i > 0 {
                if used + 1 + w > width && used > 0 {
                    out.push('\n');
                    used = 0;
                } else {
                    out.push(' ');
                    used += 1;
                }
            }
            out.push_str(word);
            used += w;
        }
        out.push_str(end);
    }
    out
}

fn required(s: &str, required: bool) -> Result<()> {
    if required && s.trim().is_empty() {
        Err(crate::usage!("this one is needed"))
    } else {
        Ok(())
    }
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

/// SIGTERM or SIGHUP (the terminal closed) while the wizard runs: the
/// terminal is put back as it was, the answers so far are handed to `keep`,
/// and bowout exits with 128 + the signal's number (143, 129). The handler
/// only writes a byte to a pipe; a thread does the rest.
#[cfg(unix)]
pub fn stop_on_signals(shared: Shared, keep: impl Fn(Answers) + Send + 'static) {
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
    }
    let read_end = fds[0];
    std::thread::spawn(move || {
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
        let answers = shared.lock().map(|a| a.clone()).unwrap_or_default();
        keep(answers);
        std::process::exit(128 + i32::from(byte));
    });
}

#[cfg(not(unix))]
pub fn stop_on_signals(_shared: Shared, _keep: impl Fn(Answers) + Send + 'static) {}

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
        extern "C" fn ignore(_: libc::c_int) {}
        // SAFETY: installs a handler that does nothing, which is async-signal-safe.
        unsafe {
            libc::signal(libc::SIGINT, ignore as *const () as libc::sighandler_t);
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
    fn an_edited_email_splits_into_subject_and_body() {
        let (s, b) = split_edited("Subject: New\n\nHello,\nBye\n\n", "Old");
        assert_eq!((s.as_str(), b.as_str()), ("New", "Hello,\nBye\n"));
        let (s, b) = split_edited("Just a body", "Old");
        assert_eq!((s.as_str(), b.as_str()), ("Old", "Just a body\n"));
    }
}
