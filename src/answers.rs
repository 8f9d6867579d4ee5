//! The answers model: what a person tells bowout, from the wizard, an answers
//! file or `--set`, and its validation into what the renderer needs. Pure: the
//! clock comes in as an argument.

use std::collections::BTreeMap;

use anyhow::{Context, Result};
use jiff::Zoned;
use serde::{Deserialize, Serialize};

use crate::advice::{self, NO_REASON, Notice, Reason, Side, Situation};
use crate::questions::{self, For, Kind, Need, QUESTIONS, Question, When as Asked};
use crate::usage;

/// Longest single-line answer, in characters.
pub const MAX_LINE: usize = 500;
/// Longest multi-line answer (`detail`, `signature`), in characters.
pub const MAX_TEXT: usize = 4000;
/// Longest date and time, in characters.
pub const MAX_DATE: usize = 100;
/// Most alternative times a reschedule may propose.
pub const MAX_ALTERNATIVES: usize = 5;

// The choices below are typed from their ids in the table of questions
// (`questions.rs`), which has already read any other word for them.

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Tone {
    #[default]
    Formal,
    Warm,
}

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Length {
    Brief,
    #[default]
    Standard,
}

/// Which English the email is written in.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum English {
    /// British English: "apologise", "Thursday 3 December 2026 at 10:00".
    #[default]
    Uk,
    /// American English: "apologize", "Thursday, December 3, 2026, at 10:00 a.m.".
    Us,
}

impl English {
    /// The English of the person's locale (`LC_ALL`, `LC_MESSAGES`, then
    /// `LANG`): `en_US` gives American English; anything else British.
    pub fn from_locale() -> English {
        let locale = ["LC_ALL", "LC_MESSAGES", "LANG"]
            .iter()
            .filter_map(|k| std::env::var(k).ok())
            .find(|v| !v.is_empty())
            .unwrap_or_default();
        English::of_locale(&locale)
    }

    /// The English of a locale name such as `en_US.UTF-8`.
    pub fn of_locale(locale: &str) -> English {
        if locale.starts_with("en_US") {
            English::Us
        } else {
            English::Uk
        }
    }
}

/// Whether the person has already phoned about a short-notice change.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Called {
    /// Not yet (or not needed).
    #[default]
    No,
    /// They spoke to someone.
    Spoke,
    /// They left a voicemail.
    Voicemail,
}

/// A choice's id, as serde names it: `English::Us` is `us`.
fn id_of(choice: impl Serialize) -> String {
    match serde_json::to_value(choice) {
        Ok(serde_json::Value::String(id)) => id,
        _ => String::new(),
    }
}

/// The interview date's key.
pub const INTERVIEW_KEY: &str = "interview_at";
/// The company's key, which an invitation may suggest.
pub const COMPANY_KEY: &str = "company";
/// The role's key, which an invitation may suggest.
pub const POSITION_KEY: &str = "position";

/// One answer, typed by its question's kind.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(untagged)]
pub enum Value {
    /// Text, a date as typed, or a choice's id.
    Text(String),
    /// Proposed times as typed.
    List(Vec<String>),
    /// Yes or no.
    Flag(bool),
}

impl Value {
    /// The value as `--set` would take it back: `true`, `a; b`, a line
    /// break as `\n`.
    pub fn as_set(&self) -> String {
        match self {
            Value::Text(t) => t.replace('\n', "\\n"),
            Value::List(l) => l.join("; "),
            Value::Flag(b) => b.to_string(),
        }
    }

    fn as_toml(&self) -> toml::Value {
        match self {
            Value::Text(t) => toml::Value::String(t.clone()),
            Value::List(l) => {
                toml::Value::Array(l.iter().cloned().map(toml::Value::String).collect())
            }
            Value::Flag(b) => toml::Value::Boolean(*b),
        }
    }

    /// Whether it holds nothing a person wrote: empty or blank text.
    fn is_blank(&self) -> bool {
        match self {
            Value::Text(t) => t.trim().is_empty(),
            Value::List(l) => l.iter().all(|t| t.trim().is_empty()),
            Value::Flag(_) => false,
        }
    }
}

/// Everything a person may answer, keyed by the questions of
/// `questions::QUESTIONS`. Every answer is optional here; `missing` says
/// which must still be given and `resolve` checks them all.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Answers {
    values: BTreeMap<&'static str, Value>,
}

fn question_or_err(key: &str) -> Result<&'static Question> {
    questions::question(key).ok_or_else(|| {
        usage!(
            "unknown key `{}`{}; valid keys: {}",
            echo(key),
            suggest(key),
            questions::key_list()
        )
    })
}

fn parse_bool(key: &str, value: &str) -> Result<bool> {
    match value.trim().to_ascii_lowercase().as_str() {
        "true" | "yes" | "y" | "on" | "1" => Ok(true),
        "false" | "no" | "n" | "off" | "0" => Ok(false),
        _ => Err(usage!(
            "`{key}` must be true or false (or yes or no), not `{}`",
            echo(value)
        )),
    }
}

/// A choice's id from what was typed: the id or one of its other words.
fn parse_choice(q: &Question, value: &str) -> Result<String> {
    let typed = value.trim().to_ascii_lowercase();
    let choices = q.choices();
    if let Some(c) = choices
        .iter()
        .find(|c| c.id == typed || c.aliases.contains(&typed.as_str()))
    {
        return Ok(c.id.to_string());
    }
    let named: Vec<String> = choices
        .iter()
        .map(|c| {
            // "Kind regards" says no more than kind-regards does.
            let spelt = c.label.to_ascii_lowercase().replace(' ', "-");
            if spelt == c.id {
                c.id.to_string()
            } else {
                format!("{} ({})", c.id, c.label)
            }
        })
        .collect();
    Err(usage!(
        "`{}` must be {}, not `{}`",
        q.key,
        or_list(&named),
        echo(value)
    ))
}

/// "a, b or c".
fn or_list(items: &[String]) -> String {
    match items {
        [] => String::new(),
        [one] => one.clone(),
        [rest @ .., last] => format!("{} or {last}", rest.join(", ")),
    }
}

impl Question {
    /// Types a value given as text (`--set`, the wizard).
    pub fn parse(&self, value: &str) -> Result<Value> {
        Ok(match self.kind {
            Kind::YesNo => Value::Flag(parse_bool(self.key, value)?),
            Kind::Choice(_) => Value::Text(parse_choice(self, value)?),
            Kind::Lines => Value::Text(value.replace("\\n", "\n")),
            Kind::Dates => Value::List(
                value
                    .split(';')
                    .map(str::trim)
                    .filter(|s| !s.is_empty())
                    .map(String::from)
                    .collect(),
            ),
            Kind::Situation | Kind::Reason | Kind::Line | Kind::Email | Kind::Date => {
                Value::Text(value.to_string())
            }
        })
    }

    /// Types a value from an answers file: TOML's own booleans, arrays and
    /// dates, or text as `--set` takes it.
    fn read_toml(&self, value: toml::Value) -> Result<Value> {
        let wrong = |expected: &str, got: &toml::Value| {
            usage!(
                "`{}` must be {expected}, not {} `{}`",
                self.key,
                got.type_str(),
                echo(&got.to_string())
            )
        };
        let date = |v: toml::Value| match v {
            toml::Value::String(s) => Ok(s),
            toml::Value::Datetime(d) => Ok(d.to_string().replace('T', " ")),
            other => Err(wrong("a date and time, e.g. \"2026-12-03 10:00\"", &other)),
        };
        Ok(match (self.kind, value) {
            (Kind::YesNo, toml::Value::Boolean(b)) => Value::Flag(b),
            (Kind::Date, v) => Value::Text(date(v)?),
            (Kind::Dates, toml::Value::Array(items)) => {
                Value::List(items.into_iter().map(date).collect::<Result<_>>()?)
            }
            (Kind::Lines, toml::Value::String(s)) => Value::Text(s),
            (_, toml::Value::String(s)) => self.parse(&s)?,
            (Kind::YesNo, other) => return Err(wrong("true or false", &other)),
            (Kind::Choice(_), other) => self.parse(&other.to_string())?,
            (Kind::Dates, other) => {
                return Err(wrong(
                    "a list of times, e.g. [\"2026-12-07 10:00\"]",
                    &other,
                ));
            }
            (_, other) => return Err(wrong("text in quotes", &other)),
        })
    }
}

/// Line and column (from 1) of a byte offset.
fn line_and_column(text: &str, at: usize) -> (usize, usize) {
    let before = &text[..at.min(text.len())];
    let line = before.matches('\n').count() + 1;
    let column = before.rsplit('\n').next().unwrap_or("").chars().count() + 1;
    (line, column)
}

/// Whether a situation (or none yet) falls within `f`.
pub fn within(f: For, s: &Situation) -> bool {
    match f {
        For::All => true,
        For::WithReasons => !s.reasons.is_empty(),
        For::Inconveniencing => s.inconveniences(),
        For::ProposingTimes => s.proposes_times(),
        For::NoticeMatters => s.notice_matters(),
    }
}

/// Whether the answer is needed, for a situation not yet known too.
pub fn needed(need: Need, s: Option<&Situation>) -> bool {
    match need {
        Need::No => false,
        Need::Yes => true,
        Need::WhereDated => s.is_none_or(Situation::needs_date),
        Need::WhereReasons => s.is_none_or(|s| !s.reasons.is_empty()),
        Need::FromEmployer => s.is_some_and(|s| s.side == Side::Employer),
    }
}

impl Answers {
    /// Reads an answers file's text. An error names the line and column.
    pub fn from_toml(text: &str) -> Result<Answers> {
        use toml::Spanned;
        let table: BTreeMap<Spanned<String>, Spanned<toml::Value>> =
            toml::from_str(text).map_err(|e| {
                // The message quotes the offending line: keep it readable.
                let msg: Vec<String> = e.to_string().trim_end().lines().map(echo_line).collect();
                usage!("{}", msg.join("\n"))
            })?;
        let mut answers = Answers::default();
        for (key, value) in table {
            let at = |span: std::ops::Range<usize>| {
                let (line, column) = line_and_column(text, span.start);
                format!("line {line}, column {column}")
            };
            let q = question_or_err(key.get_ref()).with_context(|| at(key.span()))?;
            let span = value.span();
            let v = q.read_toml(value.into_inner()).with_context(|| at(span))?;
            answers.values.insert(q.key, v);
        }
        Ok(answers)
    }

    /// The answers as an answers file, in the order of the questions.
    pub fn to_toml(&self) -> String {
        let mut table = toml::Table::new();
        for q in QUESTIONS {
            if let Some(v) = self.values.get(q.key) {
                table.insert(q.key.to_string(), v.as_toml());
            }
        }
        toml::to_string(&table).expect("answers always serialise")
    }

    /// Applies one `KEY=VALUE` from the command line.
    pub fn set_pair(&mut self, pair: &str) -> Result<()> {
        let Some((key, value)) = pair.split_once('=') else {
            return Err(usage!(
                "--set takes KEY=VALUE, not `{}`; valid keys: {}",
                echo(pair),
                questions::key_list()
            ));
        };
        self.set(key.trim(), value)
    }

    /// Sets one answer by key, from text.
    pub fn set(&mut self, key: &str, value: &str) -> Result<()> {
        let q = question_or_err(key)?;
        let v = q.parse(value)?;
        self.values.insert(q.key, v);
        Ok(())
    }

    /// Sets one answer, already typed.
    pub fn put(&mut self, key: &'static str, value: Value) {
        debug_assert!(questions::question(key).is_some(), "no question `{key}`");
        self.values.insert(key, value);
    }

    /// Forgets one answer.
    pub fn remove(&mut self, key: &str) -> Option<Value> {
        self.values.remove(key)
    }

    /// The answer given for `key`, if any.
    pub fn get(&self, key: &str) -> Option<&Value> {
        debug_assert!(questions::question(key).is_some(), "no question `{key}`");
        self.values.get(key)
    }

    /// The text given for `key`, if any.
    pub fn text(&self, key: &str) -> Option<&str> {
        match self.get(key) {
            Some(Value::Text(t)) => Some(t),
            _ => None,
        }
    }

    /// The answer for `key`, or its default.
    pub fn or_default(&self, key: &str) -> Option<Value> {
        self.get(key)
            .cloned()
            .or_else(|| questions::question(key).and_then(|q| self.default_of(q)))
    }

    /// A question's default, for these answers.
    pub fn default_of(&self, q: &Question) -> Option<Value> {
        match q.default {
            questions::Default::None => None,
            questions::Default::Yes => Some(Value::Flag(true)),
            questions::Default::WhereInconveniencing => Some(Value::Flag(
                self.situation().is_none_or(Situation::inconveniences),
            )),
            questions::Default::Choice(id) => Some(Value::Text(id.to_string())),
            questions::Default::Locale => Some(Value::Text(id_of(English::from_locale()))),
        }
    }

    /// Yes or no for `key`, with its default.
    fn flag(&self, key: &str) -> bool {
        matches!(self.or_default(key), Some(Value::Flag(true)))
    }

    /// A choice for `key` (with its default), typed from its id.
    fn chosen<T: serde::de::DeserializeOwned + std::default::Default>(&self, key: &str) -> T {
        use serde::de::IntoDeserializer;
        match self.or_default(key) {
            Some(Value::Text(id)) => {
                let id: serde::de::value::StrDeserializer<serde::de::value::Error> =
                    id.as_str().into_deserializer();
                T::deserialize(id).unwrap_or_default()
            }
            _ => T::default(),
        }
    }

    /// Lays the sources on top of each other, strongest last, then cleans
    /// every answer once.
    pub fn layered(layers: impl IntoIterator<Item = Answers>) -> Answers {
        layers
            .into_iter()
            .fold(Answers::default(), Answers::merged)
            .sanitized()
    }

    /// Lays `over` on top of `self`: every answer `over` has wins.
    pub fn merged(mut self, over: Answers) -> Answers {
        self.values.extend(over.values);
        self
    }

    /// The same answers with every control character that could reach the
    /// terminal removed, whatever their source. Lengths are checked later,
    /// by `resolve`.
    pub fn sanitized(mut self) -> Answers {
        for (key, value) in self.values.iter_mut() {
            let lines = questions::question(key).is_some_and(|q| q.kind == Kind::Lines);
            match value {
                Value::Text(t) if lines => *t = strip_text(t),
                Value::Text(t) => *t = strip_line(t),
                Value::List(list) => list.iter_mut().for_each(|t| *t = strip_line(t)),
                Value::Flag(_) => {}
            }
        }
        self
    }

    /// Writes relative dates ("tomorrow 9am") out as the calendar dates they
    /// mean now, so that answers kept for later keep meaning the same day. A
    /// date that does not parse is left for `resolve` to report.
    pub fn pin_dates(&mut self, now: &Zoned) {
        for q in QUESTIONS.iter().filter(|q| q.kind == Kind::Date) {
            if let Some(when) = self
                .text(q.key)
                .and_then(|t| parse_when(q.key, t, now).ok())
            {
                self.values.insert(q.key, Value::Text(when.pinned()));
            }
        }
    }

    /// Drops the answers the situation does not take (after it changed), and
    /// says which, in words: a reason from another situation, an apology
    /// where nothing inconveniences, proposed times where none are proposed.
    /// Text the person wrote in their own words is kept.
    pub fn drop_what_does_not_apply(&mut self) -> Vec<&'static str> {
        let Some(s) = self.situation() else {
            return Vec::new();
        };
        let mut dropped = Vec::new();
        for q in QUESTIONS {
            let foreign_reason =
                q.kind == Kind::Reason && self.text(q.key).is_some_and(|r| s.reason(r).is_none());
            let moot = !within(q.situations, s) && !matches!(q.kind, Kind::Lines | Kind::Line);
            if (foreign_reason || moot) && self.values.remove(q.key).is_some_and(|v| !v.is_blank())
            {
                dropped.push(q.noun);
            }
        }
        dropped
    }

    /// The situation, if it is given and valid.
    pub fn situation(&self) -> Option<&'static Situation> {
        self.situation_id().and_then(advice::situation)
    }

    // The answers the engines themselves reason about, each named once here.
    fn situation_id(&self) -> Option<&str> {
        self.text("situation")
    }

    fn reason_id(&self) -> Option<&str> {
        self.text("reason")
    }

    fn interview_text(&self) -> Option<&str> {
        self.text(INTERVIEW_KEY)
    }

    /// Whether to leave the door open (or propose times): yes unless said.
    pub fn door_open(&self) -> bool {
        self.flag("door_open")
    }

    /// What `bowout check` reads from the answers: the English only when
    /// it was said, and whether a brief email was asked for.
    pub fn said_english(&self) -> Option<English> {
        self.get("english").map(|_| self.english())
    }

    pub fn brief(&self) -> bool {
        self.chosen::<Length>("length") == Length::Brief
    }

    /// `Some(false)` when the person chose to give no reason.
    pub fn reason_given(&self) -> Option<bool> {
        self.reason_id().map(|r| r.trim() != NO_REASON)
    }

    /// The recipient as typed.
    pub fn recipient(&self) -> Option<&str> {
        self.text("recipient")
            .map(str::trim)
            .filter(|t| !t.is_empty())
    }

    /// The names typed on one line (people, the company, the role).
    pub fn names(&self) -> Vec<String> {
        QUESTIONS
            .iter()
            .filter(|q| matches!(q.kind, Kind::Line))
            .filter_map(|q| self.text(q.key))
            .map(str::trim)
            .filter(|t| !t.is_empty())
            .map(String::from)
            .collect()
    }

    /// The interview date, read; one that cannot be read is refused.
    pub fn interview_read(&self, now: &Zoned) -> Result<Option<When>> {
        self.interview_text()
            .filter(|t| !t.trim().is_empty())
            .map(|t| parse_when(INTERVIEW_KEY, t, now))
            .transpose()
    }

    /// The English the email is written in: as said, else the locale's.
    pub fn english(&self) -> English {
        self.chosen("english")
    }

    /// Whether a question applies to the answers as they stand: to their
    /// situation, and in its case (times proposed, a short notice).
    pub fn applies(&self, q: &Question, now: &Zoned) -> bool {
        let s = self.situation();
        if s.is_some_and(|s| !within(q.situations, s)) {
            return false;
        }
        match q.when {
            Asked::Unanswered | Asked::OnRequest => true,
            Asked::ReasonGiven => self.reason_id().is_none_or(|r| r.trim() != NO_REASON),
            Asked::TimesProposed => self.door_open(),
            Asked::CallFirst => self.notice(now).is_some_and(Notice::call_first),
        }
    }

    /// The interview date, read, where one is given and readable.
    pub fn interview(&self, now: &Zoned) -> Option<When> {
        self.interview_text()
            .and_then(|t| parse_when(INTERVIEW_KEY, t, now).ok())
    }

    /// The notice the email gives, where the interview date is known.
    pub fn notice(&self, now: &Zoned) -> Option<Notice> {
        self.interview(now).map(|w| advice::notice(now, &w.at))
    }

    /// The keys that must still be answered before an email can be rendered.
    pub fn missing(&self) -> Vec<&'static str> {
        let s = self.situation();
        QUESTIONS
            .iter()
            .filter(|q| needed(q.need, s) && self.get(q.key).is_none_or(Value::is_blank))
            .map(|q| q.key)
            .collect()
    }

    /// The current answer for `key` as a person reads it: yes or no, a date
    /// in full, "British English"; empty when there is none.
    pub fn shown(&self, q: &Question, now: &Zoned) -> String {
        let english = self.english();
        let Some(v) = self.get(q.key) else {
            return String::new();
        };
        match (q.kind, v) {
            (_, Value::Flag(b)) => if *b { "yes" } else { "no" }.into(),
            (Kind::Date, Value::Text(t)) => parse_when(q.key, t, now)
                .map(|w| long_date(&w, english))
                .unwrap_or_else(|_| t.clone()),
            (Kind::Choice(choices), Value::Text(t)) => choices
                .iter()
                .find(|c| c.id == t)
                .map_or_else(|| t.clone(), |c| c.label.to_string()),
            (_, Value::List(list)) => list
                .iter()
                .map(|t| {
                    proposed_time(t, now)
                        .map(|p| proposed_date(&p, english))
                        .unwrap_or_else(|_| t.clone())
                })
                .collect::<Vec<_>>()
                .join("; "),
            (_, Value::Text(t)) => t.replace('\n', " / "),
        }
    }

    /// Checks one answer's text as `resolve` does before reading it: its
    /// length, an email address, how many times are proposed. Dates are
    /// read (and so checked) where `resolve` uses them.
    fn check(q: &Question, value: &Value) -> Result<()> {
        match (q.kind, value) {
            (Kind::Line | Kind::Situation | Kind::Reason | Kind::Choice(_), Value::Text(t)) => {
                check_len(q.key, t, MAX_LINE)
            }
            (Kind::Lines, Value::Text(t)) => check_len(q.key, t, MAX_TEXT),
            (Kind::Email, Value::Text(t)) => {
                check_len(q.key, t, MAX_LINE)?;
                let e = t.trim();
                if !e.is_empty() && !plausible_email(e) {
                    return Err(usage!(
                        "`{}` is not an email address: `{}`; write the address alone, e.g. \
                         name@example.com",
                        q.key,
                        echo(e)
                    ));
                }
                Ok(())
            }
            (Kind::Dates, Value::List(list)) => {
                if list.len() > MAX_ALTERNATIVES {
                    return Err(usage!(
                        "`{}` has {} times; propose at most {MAX_ALTERNATIVES} (2 or 3 is best)",
                        q.key,
                        list.len()
                    ));
                }
                list.iter().try_for_each(|t| check_len(q.key, t, MAX_LINE))
            }
            _ => Ok(()),
        }
    }

    /// The situation, if one is given; one that is not a situation is
    /// refused, listing those that are.
    fn situation_checked(&self) -> Result<Option<&'static Situation>> {
        let Some(id) = self.situation_id().map(str::trim).filter(|t| !t.is_empty()) else {
            return Ok(None);
        };
        advice::situation(id).map(Some).ok_or_else(|| {
            usage!(
                "unknown situation `{}`; valid situations: {}",
                echo(id),
                advice::situation_ids().join(", ")
            )
        })
    }

    /// The reason for `situation`, if it takes one; one it does not take is
    /// refused, listing those it does.
    fn reason_checked(&self, situation: &Situation) -> Result<Option<&'static Reason>> {
        match (self.reason_id(), situation.reasons.is_empty()) {
            (Some(r), true) if !r.trim().is_empty() && r.trim() != NO_REASON => Err(usage!(
                "`{}` takes no reason; leave `reason` out",
                situation.id
            )),
            (_, true) => Ok(None),
            (r, false) => {
                let id = r.unwrap_or_default().trim();
                situation.reason(id).map(Some).ok_or_else(|| {
                    usage!(
                        "`{}` is not a reason for {}; valid reasons: {}",
                        echo(id),
                        situation.id,
                        situation.reason_ids().join(", ")
                    )
                })
            }
        }
    }

    /// Every answer checked in one pass, in the order of the questions.
    fn check_each(&self) -> Result<()> {
        for q in QUESTIONS {
            if let Some(v) = self.get(q.key) {
                Answers::check(q, v)?;
            }
        }
        Ok(())
    }

    /// Whom the email answers, as an invitation names them: a name (which
    /// may be empty) and an address.
    pub fn address_to(&mut self, name: &str, email: &str) {
        if !name.is_empty() {
            let _ = self.set("recipient", name);
        }
        let _ = self.set("recipient_email", email);
    }

    /// Checks the answers that are given, as `resolve` would, without
    /// asking for the rest: for `bowout check`, whose answers are context.
    pub fn check_given(&self) -> Result<()> {
        if let Some(s) = self.situation_checked()?
            && self.reason_id().is_some()
        {
            self.reason_checked(s)?;
        }
        self.check_each()
    }

    /// Checks every answer and works out what the email needs, against the
    /// clock `now`.
    pub fn resolve(&self, now: &Zoned) -> Result<Resolved> {
        let missing = self.missing();
        if !missing.is_empty() {
            return Err(missing_error(
                &missing,
                ("missing an answer", "missing answers"),
                |_| String::new(),
            ));
        }
        let situation = self
            .situation_checked()?
            .expect("a situation: missing answers were refused above");
        let reason = self.reason_checked(situation)?;
        self.check_each()?;
        let interview_at = match self.interview_text().map(str::trim) {
            Some(text) if !text.is_empty() => Some(parse_when(INTERVIEW_KEY, text, now)?),
            _ => None,
        };
        let mut notes = Vec::new();
        let mut alternatives: Vec<Proposed> = Vec::new();
        let typed = match self.get("alternatives") {
            Some(Value::List(l)) => l.as_slice(),
            _ => &[],
        };
        for text in typed {
            let p = proposed_time(strip_line(text).trim(), now)?;
            if p.when.at < *now {
                notes.push(format!(
                    "the proposed time `{}` has already passed; propose one still to come",
                    echo(text.trim())
                ));
            }
            if alternatives.contains(&p) {
                notes.push(format!(
                    "`{}` is proposed twice; once is enough",
                    echo(text.trim())
                ));
                continue;
            }
            alternatives.push(p);
        }
        // When the reader is in another time zone (the invitation's), the
        // times proposed are said in theirs too, as the interview is.
        if let Some(reader) = interview_at.as_ref().filter(|w| w.zone.is_some()) {
            for p in alternatives.iter_mut().filter(|p| p.when.has_time) {
                p.when.at = p.when.at.with_time_zone(reader.at.time_zone().clone());
                p.when.zone = reader.zone.clone();
            }
        }
        let line = |key: &str| strip_line(self.text(key).unwrap_or_default());
        let lines = |key: &str| strip_text(self.text(key).unwrap_or_default());
        Ok(Resolved {
            situation,
            reason,
            detail: lines("detail"),
            company: line(COMPANY_KEY),
            position: line(POSITION_KEY),
            recipient: line("recipient"),
            recipient_email: line("recipient_email").trim().to_string(),
            sender: line("sender"),
            sender_email: line("sender_email").trim().to_string(),
            signature: lines("signature"),
            notice: interview_at
                .as_ref()
                .map_or(Notice::Ample, |w| advice::notice(now, &w.at)),
            interview_at,
            alternatives,
            notes,
            door_open: self.door_open(),
            apology: self.flag("apology"),
            tone: self.chosen("tone"),
            length: self.chosen("length"),
            english: self.english(),
            greeting: line("greeting").trim().to_string(),
            called: self.chosen("called"),
            given: self.given(),
            today: now.date(),
        })
    }

    /// Every answer, or its default, cleaned, as the templates see it
    /// under `answers`: so that a template reaches a new question's answer
    /// with no code in between.
    fn given(&self) -> BTreeMap<&'static str, Value> {
        QUESTIONS
            .iter()
            .map(|q| {
                let v = match self.or_default(q.key) {
                    Some(Value::Text(t)) if q.kind == Kind::Lines => Value::Text(strip_text(&t)),
                    Some(Value::Text(t)) => Value::Text(strip_line(&t)),
                    Some(Value::List(l)) => Value::List(l.iter().map(|t| strip_line(t)).collect()),
                    Some(v) => v,
                    None if q.kind == Kind::YesNo => Value::Flag(false),
                    None if q.kind == Kind::Dates => Value::List(Vec::new()),
                    None => Value::Text(String::new()),
                };
                (q.key, v)
            })
            .collect()
    }
}

/// The error naming missing answers, one a line with its help and what
/// `more` adds for it, after `lead` (for one answer, for several).
pub fn missing_error(
    missing: &[&str],
    lead: (&str, &str),
    more: impl Fn(&str) -> String,
) -> anyhow::Error {
    let lines: Vec<String> = missing
        .iter()
        .filter_map(|k| questions::question(k))
        .map(|q| format!("  {}: {}{}", q.key, q.help, more(q.key)))
        .collect();
    let one = missing.len() == 1;
    usage!(
        "{}:\n{}\ngive {} with --set KEY=VALUE or in the --answers file",
        if one { lead.0 } else { lead.1 },
        lines.join("\n"),
        if one { "it" } else { "them" },
    )
}

/// Answers checked and ready for the renderer. Text fields are cleaned of
/// control characters; an empty string means "not given".
#[derive(Clone, Debug)]
pub struct Resolved {
    pub situation: &'static Situation,
    pub reason: Option<&'static Reason>,
    pub detail: String,
    pub company: String,
    pub position: String,
    pub recipient: String,
    pub recipient_email: String,
    pub sender: String,
    pub sender_email: String,
    pub signature: String,
    /// None where the situation allows no date (an invitation not yet
    /// scheduled).
    pub interview_at: Option<When>,
    pub notice: Notice,
    pub alternatives: Vec<Proposed>,
    /// Warnings found while checking the answers (a proposed time passed).
    pub notes: Vec<String>,
    pub door_open: bool,
    pub apology: bool,
    pub tone: Tone,
    pub length: Length,
    pub english: English,
    /// What follows Dear or Hello, when the person said; else empty.
    pub greeting: String,
    pub called: Called,
    /// Every answer by its key, or its default, cleaned: for templates.
    pub given: BTreeMap<&'static str, Value>,
    /// The day it is: a date in another year is written with its year, and
    /// a phone script says "tomorrow" or "this Wednesday".
    pub today: jiff::civil::Date,
}

/// A date as the person gave it: with a time only when they typed one.
#[derive(Clone, Debug, PartialEq)]
pub struct When {
    /// The moment; midnight at the start of the day when no time was given.
    pub at: Zoned,
    pub has_time: bool,
    /// The reader's time zone, as the email names it ("London time"), when
    /// the date came from an invitation in a zone other than the person's.
    pub zone: Option<String>,
}

impl When {
    /// The date as an answers file keeps it, so that "tomorrow" still means
    /// the same day later: `2026-12-03 10:00`, or `2026-12-03` alone.
    pub fn pinned(&self) -> String {
        if self.zone.is_some() {
            self.at.to_string()
        } else if self.has_time {
            self.at.strftime("%Y-%m-%d %H:%M").to_string()
        } else {
            self.at.strftime("%Y-%m-%d").to_string()
        }
    }
}

/// A proposed time: a date, and a part of the day ("afternoon") or a time.
#[derive(Clone, Debug, PartialEq)]
pub struct Proposed {
    pub when: When,
    /// What the person wrote after the date: `afternoon`, or after a
    /// comma, e.g. `any time after 2pm`.
    pub part: Option<String>,
}

/// Parts of the day that may follow a proposed date.
const PARTS_OF_DAY: &[&str] = &["morning", "afternoon", "evening"];

/// Words that make text a date even without a digit.
const DATE_WORDS: &[&str] = &[
    "today",
    "tomorrow",
    "yesterday",
    "tonight",
    "noon",
    "midnight",
    "monday",
    "tuesday",
    "wednesday",
    "thursday",
    "friday",
    "saturday",
    "sunday",
    "mon",
    "tue",
    "tues",
    "wed",
    "thu",
    "thur",
    "thurs",
    "fri",
    "sat",
    "sun",
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
    "jan",
    "feb",
    "mar",
    "apr",
    "jun",
    "jul",
    "aug",
    "sep",
    "sept",
    "oct",
    "nov",
    "dec",
    "week",
    "month",
];

/// Whether the text names a time of day, not only a date: `10:00`,
/// `9am`, `3 p.m.`, `noon`, or an ISO `T10`.
fn mentions_time(text: &str) -> bool {
    let lower = text.to_lowercase();
    let chars: Vec<char> = lower.chars().collect();
    let digit = |c: Option<&char>| c.is_some_and(char::is_ascii_digit);
    // `10:00`, and the `T` of `2026-12-03T10:00`.
    let between_digits = (1..chars.len()).any(|i| {
        matches!(chars[i], ':' | 't') && digit(chars.get(i - 1)) && digit(chars.get(i + 1))
    });
    // `9am`, `9:30pm`, `9 am`, `3 p.m.`
    let meridiem = |t: &str| matches!(t.trim_end_matches(['.', ',']), "am" | "pm" | "a.m" | "p.m");
    let tokens: Vec<&str> = lower.split_whitespace().collect();
    let clock = tokens.iter().enumerate().any(|(i, t)| {
        let after_digits = t.trim_start_matches(|c: char| c.is_ascii_digit() || c == ':');
        let glued = after_digits.len() < t.len() && meridiem(after_digits);
        let apart = meridiem(t) && i > 0 && tokens[i - 1].ends_with(|c: char| c.is_ascii_digit());
        glued || apart
    });
    let named = lower
        .split(|c: char| !c.is_alphanumeric())
        .any(|w| matches!(w, "noon" | "midnight" | "tonight"));
    between_digits || clock || named
}

/// Words a date may hold besides `DATE_WORDS`, for spotting typos.
const DATE_GLUE: &[&str] = &[
    "next", "last", "this", "at", "on", "in", "ago", "day", "days", "weeks", "hour", "hours",
];

/// A typed date with its misspelt words put right ("nxt friday" is "next
/// friday"), when that reads as a date; else nothing.
fn date_typo(text: &str, now: &Zoned) -> Option<String> {
    if text.len() > 60 {
        return None;
    }
    let mut changed = false;
    let fixed: Vec<String> = text
        .split_whitespace()
        .map(|word| {
            let lower = word.to_lowercase();
            let known = |w: &&str| *w == lower;
            if !lower.chars().all(char::is_alphabetic)
                || DATE_WORDS.iter().any(known)
                || DATE_GLUE.iter().any(known)
            {
                return word.to_string();
            }
            let best = DATE_WORDS
                .iter()
                .chain(DATE_GLUE)
                .map(|w| (*w, edit_distance(&lower, w)))
                .filter(|(w, d)| *d <= 2 && *d * 3 <= w.len())
                .min_by_key(|(_, d)| *d);
            match best {
                Some((w, _)) => {
                    changed = true;
                    w.to_string()
                }
                None => word.to_string(),
            }
        })
        .collect();
    let fixed = fixed.join(" ");
    (changed
        && parse_datetime::parse_datetime_at_date(now.clone(), &fixed)
            .ok()
            .and_then(|p| p.into_zoned())
            .is_some())
    .then_some(fixed)
}

/// Whether the text could be a date at all: it has a digit or a date word.
/// (The date parser reads a lone letter as a military time zone, "now".)
fn looks_like_a_date(text: &str) -> bool {
    let lower = text.to_lowercase();
    lower.chars().any(|c| c.is_ascii_digit())
        || lower
            .split(|c: char| !c.is_alphanumeric())
            .any(|w| DATE_WORDS.contains(&w))
}

/// Reads a date and time as people type them, relative to `now`.
pub fn parse_when(key: &str, text: &str, now: &Zoned) -> Result<When> {
    let text = text.trim();
    // A date read from an invitation carries its zone:
    // `2026-12-04T10:00:00+00:00[Europe/London]`.
    if let Some(at) = crate::invite::zoned_answer(text) {
        let stamp = at.timestamp();
        let differs = at.time_zone().to_offset(stamp) != now.time_zone().to_offset(stamp);
        let zone = differs.then(|| crate::invite::zone_label(at.time_zone(), stamp));
        return Ok(When {
            at,
            has_time: true,
            zone,
        });
    }
    let n = text.chars().count();
    if n > MAX_DATE {
        return Err(usage!(
            "`{key}` is {n} characters long; a date and time is at most {MAX_DATE}, e.g. \
             `2026-12-03 10:00`"
        ));
    }
    let bad = || {
        let hint = date_typo(text, now)
            .map(|fixed| format!("; did you mean `{fixed}`?"))
            .unwrap_or_default();
        usage!(
            "`{key}` is not a date and time bowout can read: `{}`{hint}\n\
             try `2026-12-03 10:00`, `tomorrow 9am`, `today 14:00` or `next friday 10:00`",
            echo(text)
        )
    };
    if text.is_empty() || !looks_like_a_date(text) {
        return Err(bad());
    }
    let at = parse_datetime::parse_datetime_at_date(now.clone(), text)
        .ok()
        .and_then(|p| p.into_zoned())
        .ok_or_else(bad)?;
    let has_time = mentions_time(text);
    // "tomorrow" alone is a day, not tomorrow at this time of day.
    let at = if has_time {
        at
    } else {
        at.start_of_day().map_err(|_| bad())?
    };
    Ok(When {
        at,
        has_time,
        zone: None,
    })
}

/// The interview date in full: `Thursday 3 December 2026 at 10:00`, or
/// in American English `Thursday, December 3, at 10:00 a.m.`; without a
/// time when none was given.
pub fn long_date(w: &When, english: English) -> String {
    long_date_in(w, english, w.at.year())
}

/// The interview date in full, written in the year `year`: American
/// English gives the year of a date in another one (`Monday, January 4,
/// 2027, at 10:00 a.m.`); British English always gives it.
pub fn long_date_in(w: &When, english: English, year: i16) -> String {
    let day = match english {
        English::Uk => w.at.strftime("%A %-d %B %Y").to_string(),
        English::Us if w.at.year() != year => w.at.strftime("%A, %B %-d, %Y").to_string(),
        English::Us => w.at.strftime("%A, %B %-d").to_string(),
    };
    let zone = match &w.zone {
        Some(z) => format!(" ({z})"),
        None => String::new(),
    };
    match (w.has_time, english) {
        (false, _) => day,
        (true, English::Uk) => format!("{day} at {}{zone}", clock(w, english)),
        (true, English::Us) => format!("{day}, at {}{zone}", clock(w, english)),
    }
}

/// A proposed time in a list: the same, without the year, and with a part
/// of the day where one was named: `Thursday 10 December, afternoon`.
pub fn proposed_date(p: &Proposed, english: English) -> String {
    proposed_date_in(p, english, p.when.at.year())
}

/// A proposed time in a list, written in the year `year`: a date in
/// another year gives it (`Monday 4 January 2027 at 10:00`).
pub fn proposed_date_in(p: &Proposed, english: English, year: i16) -> String {
    let other_year = p.when.at.year() != year;
    let day = match (english, other_year) {
        (English::Uk, false) => p.when.at.strftime("%A %-d %B").to_string(),
        (English::Uk, true) => p.when.at.strftime("%A %-d %B %Y").to_string(),
        (English::Us, false) => p.when.at.strftime("%A, %B %-d").to_string(),
        (English::Us, true) => p.when.at.strftime("%A, %B %-d, %Y").to_string(),
    };
    let zone = match &p.when.zone {
        Some(z) => format!(" ({z})"),
        None => String::new(),
    };
    let mut out = match (p.when.has_time, english) {
        (false, _) => day,
        (true, English::Uk) => format!("{day} at {}{zone}", clock(&p.when, english)),
        (true, English::Us) => format!("{day}, at {}{zone}", clock(&p.when, english)),
    };
    if let Some(part) = &p.part {
        out.push_str(", ");
        out.push_str(part);
    }
    out
}

/// `10:00`, or `10:00 a.m.` in American English.
fn clock(w: &When, english: English) -> String {
    match english {
        English::Uk => w.at.strftime("%H:%M").to_string(),
        English::Us => {
            let h = w.at.hour();
            let half = if h < 12 { "a.m." } else { "p.m." };
            let h12 = match h % 12 {
                0 => 12,
                h => h,
            };
            format!("{h12}:{:02} {half}", w.at.minute())
        }
    }
}

/// `3 December`, or `December 3`.
pub fn short_date(w: &When, english: English) -> String {
    short_date_in(w, english, w.at.year())
}

/// `3 December`, or `December 3`, written in the year `year`: with the
/// date's year when it is another (`4 January 2027`, `January 4, 2027`).
pub fn short_date_in(w: &When, english: English, year: i16) -> String {
    match (english, w.at.year() != year) {
        (English::Uk, false) => w.at.strftime("%-d %B").to_string(),
        (English::Uk, true) => w.at.strftime("%-d %B %Y").to_string(),
        (English::Us, false) => w.at.strftime("%B %-d").to_string(),
        (English::Us, true) => w.at.strftime("%B %-d, %Y").to_string(),
    }
}

/// Reads one proposed time: a date (with or without a time), perhaps
/// followed by a part of the day ("Thursday 10 December, afternoon"). One
/// that cannot be read is refused, with examples.
pub fn proposed_time(text: &str, now: &Zoned) -> Result<Proposed> {
    let refused = || {
        let hint = date_typo(text, now)
            .map(|fixed| format!("; did you mean `{fixed}`?"))
            .unwrap_or_default();
        usage!(
            "`alternatives` has a time bowout cannot read: `{}`{hint}\n\
             write each like `2026-12-07 10:00`, `next wednesday 14:00` or `Thursday 10 \
             December, afternoon`",
            echo(text)
        )
    };
    if let Ok(when) = parse_when("alternatives", text, now) {
        return Ok(Proposed { when, part: None });
    }
    // "Tuesday afternoon": a date, then a part of the day.
    let lower = text.to_lowercase();
    let trimmed = lower.trim_end_matches('.');
    if let Some(p) = PARTS_OF_DAY.iter().find(|p| trimmed.ends_with(*p)) {
        let date = text[..trimmed.len() - p.len()]
            .trim_end()
            .trim_end_matches(',');
        if let Ok(when) = parse_when("alternatives", date.trim(), now) {
            return Ok(Proposed {
                when,
                part: Some(p.to_string()),
            });
        }
    }
    // "Tuesday 8 December, any time after 2pm": a date, then a note.
    let (date, note) = text.split_once(',').ok_or_else(refused)?;
    let when = parse_when("alternatives", date.trim(), now).map_err(|_| refused())?;
    let note = note.trim();
    Ok(Proposed {
        when,
        part: (!note.is_empty()).then(|| note.to_string()),
    })
}

/// An RFC 5322 addr-spec (checked by the email_address crate) whose domain
/// has at least two labels, as every address on the internet does: no name,
/// no angle brackets, no comment, no domain literal.
pub fn plausible_email(s: &str) -> bool {
    use email_address::{EmailAddress, Options};
    let options = Options::default()
        .with_minimum_sub_domains(2)
        .without_display_text()
        .without_domain_literal();
    EmailAddress::parse_with_options(s, options).is_ok()
}

/// Characters that must never reach the terminal or the email: C0 and C1
/// controls (escape sequences start with these) and the bidirectional
/// overrides that can make text read differently from what it is.
fn is_hostile(c: char) -> bool {
    c.is_control() || matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}')
}

fn check_len(key: &str, text: &str, max: usize) -> Result<()> {
    let n = text.chars().count();
    if n > max {
        return Err(usage!("`{key}` is {n} characters long; the limit is {max}"));
    }
    Ok(())
}

/// A one-line answer, checked for length: see `strip_line`.
pub fn clean_line(key: &str, text: &str) -> Result<String> {
    check_len(key, text, MAX_LINE)?;
    Ok(strip_line(text))
}

/// A multi-line answer, checked for length: see `strip_text`.
pub fn clean_text(key: &str, text: &str) -> Result<String> {
    check_len(key, text, MAX_TEXT)?;
    Ok(strip_text(text))
}

/// Whether `c` ends a line somewhere: ASCII's line breaks, NEL, and
/// Unicode's line and paragraph separators.
fn is_line_break(c: char) -> bool {
    matches!(
        c,
        '\n' | '\r' | '\u{0B}' | '\u{0C}' | '\u{85}' | '\u{2028}' | '\u{2029}'
    )
}

/// Line breaks of every kind and tabs become spaces (a `\r\n` one space);
/// other controls go.
pub fn strip_line(text: &str) -> String {
    // Most answers have nothing to strip.
    if !text
        .chars()
        .any(|c| c == '\t' || is_line_break(c) || is_hostile(c))
    {
        return text.to_string();
    }
    text.replace("\r\n", "\n")
        .chars()
        .filter_map(|c| match c {
            '\t' => Some(' '),
            c if is_line_break(c) => Some(' '),
            c if is_hostile(c) => None,
            c => Some(c),
        })
        .collect()
}

/// Line breaks of every kind become `\n` (a `\r\n` one `\n`) and tabs
/// stay; other controls go.
pub fn strip_text(text: &str) -> String {
    text.replace("\r\n", "\n")
        .chars()
        .filter_map(|c| match c {
            '\t' => Some('\t'),
            c if is_line_break(c) => Some('\n'),
            c if is_hostile(c) => None,
            c => Some(c),
        })
        .collect()
}

/// Shows control characters in text meant for the terminal as visible
/// escapes (`\u{1b}`), so that echoing what someone typed can never drive
/// the terminal. Line breaks and tabs stay.
pub fn visible(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        if is_hostile(c) && c != '\n' && c != '\t' {
            out.push_str(&c.escape_unicode().to_string());
        } else {
            out.push(c);
        }
    }
    out
}

/// Longest echo of a typed value in a message, in characters.
const ECHO_LEN: usize = 60;
/// Longest line of a message from the command-line parser, in characters.
const ECHO_LINE_LEN: usize = 300;

/// A value the person typed, as a message repeats it: control characters as
/// escapes, and cut to a readable length with its full length said.
pub fn echo(value: &str) -> String {
    cut(&visible(value), ECHO_LEN)
}

/// A whole line of a message that may repeat typed text, shown safely and
/// cut to a readable length.
pub fn echo_line(line: &str) -> String {
    cut(&visible(line), ECHO_LINE_LEN)
}

fn cut(text: &str, max: usize) -> String {
    let n = text.chars().count();
    if n <= max {
        return text.to_string();
    }
    let head: String = text.chars().take(max).collect();
    format!("{head}… ({n} characters)")
}

/// "did you mean `x`?" for a mistyped key, or nothing.
pub fn suggest(key: &str) -> String {
    if key.len() > 40 {
        return String::new(); // no key is anywhere near that long
    }
    QUESTIONS
        .iter()
        .map(|q| (q.key, edit_distance(key, q.key)))
        .filter(|(_, d)| *d <= 3)
        .min_by_key(|(_, d)| *d)
        .map(|(k, _)| format!(" (did you mean `{k}`?)"))
        .unwrap_or_default()
}

pub fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut prev = row[0];
        row[0] = i + 1;
        for (j, cb) in b.iter().enumerate() {
            let cur = row[j + 1];
            row[j + 1] = (prev + usize::from(ca != *cb)).min(row[j] + 1).min(cur + 1);
            prev = cur;
        }
    }
    row[b.len()]
}

#[cfg(test)]
mod tests {
    use super::*;

    fn now() -> Zoned {
        "2026-12-01T09:00[UTC]".parse().unwrap()
    }

    fn full() -> Answers {
        let mut a = Answers::default();
        for pair in [
            "situation=cancel",
            "reason=illness",
            "company=AT&T",
            "position=Analyst",
            "sender=Zoë O'Brien",
            "interview_at=2026-12-03 10:00",
        ] {
            a.set_pair(pair).unwrap();
        }
        a
    }

    #[test]
    fn set_beats_what_was_there() {
        let base = full();
        let mut over = Answers::default();
        over.set("company", "Initech").unwrap();
        let m = base.merged(over);
        assert_eq!(m.text("company"), Some("Initech"));
        assert_eq!(m.text("position"), Some("Analyst"));
    }

    #[test]
    fn missing_answers_are_named() {
        let mut a = full();
        a.remove("company");
        a.set("sender", "  ").unwrap();
        assert_eq!(a.missing(), vec!["company", "sender"]);
        let err = a.resolve(&now()).unwrap_err().to_string();
        assert!(err.contains("company:") && err.contains("sender:"), "{err}");
    }

    #[test]
    fn with_nothing_given_every_needed_answer_is_missing_in_the_wizards_order() {
        assert_eq!(
            Answers::default().missing(),
            [
                "situation",
                "interview_at",
                "reason",
                "company",
                "position",
                "sender"
            ]
        );
        let mut follow_up = Answers::default();
        follow_up.set("situation", "follow-up").unwrap();
        assert_eq!(follow_up.missing(), ["company", "position", "sender"]);
    }

    #[test]
    fn values_read_back_as_set_takes_them_and_put_sets_them() {
        assert_eq!(Value::Text("a\nb".into()).as_set(), "a\\nb");
        assert_eq!(Value::List(vec!["x".into(), "y".into()]).as_set(), "x; y");
        assert_eq!(Value::Flag(false).as_set(), "false");
        let mut a = Answers::default();
        a.put("apology", Value::Flag(false));
        assert_eq!(a.get("apology"), Some(&Value::Flag(false)));
        // What --set takes back is what was set.
        let mut b = Answers::default();
        b.set("signature", &Value::Text("+1 555\nLondon".into()).as_set())
            .unwrap();
        assert_eq!(b.text("signature"), Some("+1 555\nLondon"));
    }

    #[test]
    fn cleaning_keeps_line_breaks_only_where_several_lines_are_taken() {
        let mut a = Answers::default();
        a.put("company", Value::Text("Acme\nLtd\u{1b}".into()));
        a.put("signature", Value::Text("Sam\nLondon\u{1b}".into()));
        a.put("alternatives", Value::List(vec!["Monday\n10:00".into()]));
        let a = a.sanitized();
        assert_eq!(a.text("company"), Some("Acme Ltd"));
        assert_eq!(a.text("signature"), Some("Sam\nLondon"));
        assert_eq!(
            a.get("alternatives"),
            Some(&Value::List(vec!["Monday 10:00".into()]))
        );
    }

    fn q(key: &str) -> &'static Question {
        questions::question(key).unwrap()
    }

    #[test]
    fn a_question_applies_in_its_situations_and_its_case() {
        let mut a = full(); // a cancel, on 3 December, two days ahead
        let now = now();
        assert!(a.applies(q("apology"), &now));
        assert!(
            !a.applies(q("alternatives"), &now),
            "a cancel proposes no times"
        );
        assert!(
            !a.applies(q("called"), &now),
            "two days' notice needs no call"
        );
        assert!(
            a.applies(q("english"), &now),
            "asked on request, still applies"
        );
        a.set("reason", NO_REASON).unwrap();
        assert!(
            !a.applies(q("detail"), &now),
            "no reason, no sentence after it"
        );
        a.set("situation", "reschedule").unwrap();
        assert!(a.applies(q("alternatives"), &now));
        a.set("door_open", "false").unwrap();
        assert!(
            !a.applies(q("alternatives"), &now),
            "no times when none are proposed"
        );
        a.set("interview_at", "2026-12-01 15:00").unwrap();
        assert!(a.applies(q("called"), &now), "the same day: phone first");
        assert_eq!(a.notice(&now), Some(Notice::SameDay));
        a.set("situation", "follow-up").unwrap();
        assert!(!a.applies(q("apology"), &now));
        assert!(!a.applies(q("reason"), &now));
        assert_eq!(Answers::default().notice(&now), None);
    }

    #[test]
    fn answers_read_as_a_person_reads_them() {
        let now = now();
        let mut a = full();
        a.set("apology", "yes").unwrap();
        a.set("door_open", "no").unwrap();
        a.set("english", "us").unwrap();
        a.set("signature", "Sam\\nLondon").unwrap();
        a.set("alternatives", "2026-12-07 10:00; 2026-12-08, afternoon")
            .unwrap();
        assert_eq!(a.shown(q("apology"), &now), "yes");
        assert_eq!(a.shown(q("door_open"), &now), "no");
        assert_eq!(a.shown(q("english"), &now), "American English");
        assert_eq!(a.shown(q("signature"), &now), "Sam / London");
        assert_eq!(
            a.shown(q("interview_at"), &now),
            "Thursday, December 3, at 10:00 a.m."
        );
        assert_eq!(
            a.shown(q("alternatives"), &now),
            "Monday, December 7, at 10:00 a.m.; Tuesday, December 8, afternoon"
        );
        assert_eq!(a.shown(q("greeting"), &now), "", "nothing given");
        a.set("interview_at", "not a date").unwrap();
        assert_eq!(a.shown(q("interview_at"), &now), "not a date");
    }

    #[test]
    fn resolving_checks_the_count_of_times_and_a_reason_where_none_is_taken() {
        let now = now();
        let mut a = full();
        a.set("situation", "reschedule").unwrap();
        a.set("reason", "travel").unwrap();
        let five = "2026-12-07; 2026-12-08; 2026-12-09; 2026-12-10; 2026-12-11";
        a.set("alternatives", five).unwrap();
        assert_eq!(a.resolve(&now).unwrap().alternatives.len(), 5);
        a.set("alternatives", &format!("{five}; 2026-12-14"))
            .unwrap();
        let err = a.resolve(&now).unwrap_err().to_string();
        assert!(err.contains("has 6 times; propose at most 5"), "{err}");
        // A follow-up takes no reason, but "prefer not to say" or none is fine.
        let mut f = full();
        f.set("situation", "follow-up").unwrap();
        for ok in [NO_REASON, "", " "] {
            f.set("reason", ok).unwrap();
            assert!(f.resolve(&now).unwrap().reason.is_none(), "{ok:?}");
        }
        f.set("reason", "illness").unwrap();
        let err = f.resolve(&now).unwrap_err().to_string();
        assert!(err.contains("`follow-up` takes no reason"), "{err}");
        // A decline may leave its date empty.
        let mut d = full();
        d.set("situation", "decline").unwrap();
        d.set("reason", "another-offer").unwrap();
        d.set("interview_at", "  ").unwrap();
        assert!(d.resolve(&now).unwrap().interview_at.is_none());
        // A time proposed for this very moment has not passed.
        a.set("alternatives", "2026-12-01 09:00").unwrap();
        assert!(a.resolve(&now).unwrap().notes.is_empty());
    }

    #[test]
    fn templates_get_every_answer_or_its_default_cleaned() {
        let mut a = full();
        a.set("detail", "one\\ntwo").unwrap();
        a.put("company", Value::Text("A\nB".into()));
        let given = a.given();
        assert_eq!(given["detail"], Value::Text("one\ntwo".into()));
        assert_eq!(given["company"], Value::Text("A B".into()));
        assert_eq!(given["alternatives"], Value::List(Vec::new()));
        assert_eq!(given["apology"], Value::Flag(true), "a cancel apologises");
        assert_eq!(given["signature"], Value::Text(String::new()));
        assert_eq!(given["tone"], Value::Text("formal".into()));
    }

    #[test]
    fn odd_date_text_is_read_without_a_fault() {
        assert!(!mentions_time("pm tomorrow"));
        assert!(mentions_time("tomorrow 3 pm"));
        let long = format!("{}nxt friday", " ".repeat(60));
        assert_eq!(date_typo(&long, &now()), None, "too long to guess at");
        assert_eq!(
            date_typo("nxt friday", &now()).as_deref(),
            Some("next friday")
        );
    }

    #[test]
    fn limits_hold_at_their_edges() {
        assert!(clean_line("company", &"x".repeat(MAX_LINE)).is_ok());
        let err = clean_line("company", &"x".repeat(MAX_LINE + 1)).unwrap_err();
        assert!(err.to_string().contains("501 characters long"), "{err}");
        let over = format!("{}2026-12-03", "x".repeat(MAX_DATE - 9));
        let err = parse_when("interview_at", &over, &now())
            .unwrap_err()
            .to_string();
        assert!(err.contains("is 101 characters long"), "{err}");
        let at = format!("{}2026-12-03", "x".repeat(MAX_DATE - 10));
        let err = parse_when("interview_at", &at, &now())
            .unwrap_err()
            .to_string();
        assert!(!err.contains("characters long"), "{err}");
    }

    #[test]
    fn edit_distance_counts_the_fewest_changes() {
        assert_eq!(edit_distance("kitten", "sitting"), 3);
        assert_eq!(edit_distance("", "abc"), 3);
        assert_eq!(edit_distance("abc", ""), 3);
        assert_eq!(edit_distance("flaw", "lawn"), 2);
        assert_eq!(edit_distance("same", "same"), 0);
    }

    #[test]
    fn a_short_misspelt_date_word_is_put_right_but_not_a_guess() {
        assert_eq!(date_typo("tux 10:00", &now()).as_deref(), Some("tue 10:00"));
        assert_eq!(date_typo("abt 10:00", &now()), None);
    }

    #[test]
    fn employer_situations_need_a_recipient() {
        let mut a = full();
        a.set("situation", "withdraw-invitation").unwrap();
        a.set("reason", "budget").unwrap();
        assert_eq!(a.missing(), vec!["recipient"]);
    }

    #[test]
    fn control_characters_are_dropped_but_unicode_stays() {
        let s = clean_line("sender", "Zoë\u{1b}[31m 李\u{202E} 🙂\nx").unwrap();
        assert_eq!(s, "Zoë[31m 李 🙂 x");
        let t = clean_text("detail", "a\n\tb\u{7}").unwrap();
        assert_eq!(t, "a\n\tb");
    }

    #[test]
    fn a_mistyped_key_gets_a_suggestion() {
        let err = Answers::default()
            .set("recipent_email", "x")
            .unwrap_err()
            .to_string();
        assert!(err.contains("did you mean `recipient_email`?"), "{err}");
    }

    #[test]
    fn relative_dates_are_pinned_to_the_day_they_meant() {
        let mut a = full();
        a.set("interview_at", "tomorrow 9am").unwrap();
        a.pin_dates(&now());
        assert_eq!(a.text("interview_at"), Some("2026-12-02 09:00"));
        a.set("interview_at", "not a date").unwrap();
        a.pin_dates(&now());
        assert_eq!(a.text("interview_at"), Some("not a date"));
    }

    #[test]
    fn the_answers_file_round_trips() {
        let a = full();
        assert_eq!(Answers::from_toml(&a.to_toml()).unwrap(), a);
    }

    #[test]
    fn answers_that_no_longer_apply_are_dropped_and_named() {
        let mut a = full();
        a.set("apology", "true").unwrap();
        a.set("alternatives", "2026-12-07 10:00").unwrap();
        a.set("called", "spoke").unwrap();
        a.set("situation", "follow-up").unwrap();
        assert_eq!(
            a.drop_what_does_not_apply(),
            [
                "the call you made",
                "the reason",
                "the apology",
                "the proposed times",
            ]
        );
        for key in ["reason", "apology", "called", "alternatives"] {
            assert_eq!(a.get(key), None, "{key}");
        }
        let mut b = full();
        b.set("situation", "reschedule").unwrap();
        b.set("reason", "illness").unwrap();
        b.set("apology", "true").unwrap();
        assert!(b.drop_what_does_not_apply().is_empty());
        assert_eq!(b.get("apology"), Some(&Value::Flag(true)));
    }

    #[test]
    fn a_time_is_only_what_was_typed() {
        for (text, has) in [
            ("2026-12-03 10:00", true),
            ("tomorrow 9am", true),
            ("friday 3 p.m.", true),
            ("2026-12-03T10:00", true),
            ("today 12:00", true),
            ("2026-12-03", false),
            ("tomorrow", false),
            ("next friday", false),
            ("3 december", false),
        ] {
            assert_eq!(mentions_time(text), has, "{text}");
            let w = parse_when("interview_at", text, &now()).unwrap();
            assert_eq!(w.has_time, has, "{text}");
            if !has {
                assert_eq!(w.at.time(), jiff::civil::Time::midnight(), "{text}");
            }
        }
    }

    #[test]
    fn a_time_is_told_from_a_date_alone() {
        for text in [
            "10:00",
            "9am",
            "9:30pm",
            "9 am",
            "3 p.m.",
            "12pm,",
            "2026-12-03t10",
            "at noon",
            "midnight",
            "tonight",
        ] {
            assert!(mentions_time(text), "{text}");
        }
        for text in [
            "2026-12-03",
            "tomorrow",
            "i am",
            "9 amsterdam",
            "10:",
            ":30",
            "t10",
            "2026-12-03 t",
            "afternoon",
            "monday 3",
        ] {
            assert!(!mentions_time(text), "{text}");
        }
    }

    #[test]
    fn a_misspelt_date_gets_a_suggestion() {
        assert_eq!(
            date_typo("nxt friday 10:00", &now()).as_deref(),
            Some("next friday 10:00")
        );
        assert_eq!(
            date_typo("tomorow 9am", &now()).as_deref(),
            Some("tomorrow 9am")
        );
        assert_eq!(
            date_typo("next fridya", &now()).as_deref(),
            Some("next friday")
        );
        assert_eq!(date_typo("next friday", &now()), None);
        assert_eq!(date_typo("soon", &now()), None);
        let err = parse_when("interview_at", "nxt wednesday 10:00", &now())
            .unwrap_err()
            .to_string();
        assert!(
            err.contains("did you mean `next wednesday 10:00`?"),
            "{err}"
        );
    }

    #[test]
    fn text_that_is_not_a_date_is_refused() {
        for text in ["x", "z", "soon", "asap", "", "nxt wednesday 10:00"] {
            assert!(parse_when("interview_at", text, &now()).is_err(), "{text}");
        }
        assert!(looks_like_a_date("Mon 7th"));
        assert!(looks_like_a_date("10"));
        assert!(!looks_like_a_date("whenever"));
    }

    #[test]
    fn dates_are_written_in_each_english() {
        let at = |t: &str| parse_when("interview_at", t, &now()).unwrap();
        assert_eq!(
            long_date(&at("2026-12-03 10:05"), English::Uk),
            "Thursday 3 December 2026 at 10:05"
        );
        assert_eq!(
            long_date(&at("2026-12-03 10:05"), English::Us),
            "Thursday, December 3, at 10:05 a.m."
        );
        assert_eq!(
            long_date(&at("2026-12-03 12:30"), English::Us),
            "Thursday, December 3, at 12:30 p.m."
        );
        assert_eq!(
            long_date(&at("2026-12-03 00:15"), English::Us),
            "Thursday, December 3, at 12:15 a.m."
        );
        assert_eq!(
            long_date(&at("2026-12-03 23:00"), English::Us),
            "Thursday, December 3, at 11:00 p.m."
        );
        assert_eq!(
            long_date(&at("2026-12-03"), English::Uk),
            "Thursday 3 December 2026"
        );
        assert_eq!(
            long_date(&at("2026-12-03"), English::Us),
            "Thursday, December 3"
        );
        assert_eq!(short_date(&at("2026-12-03"), English::Uk), "3 December");
        assert_eq!(short_date(&at("2026-12-03"), English::Us), "December 3");
        assert_eq!(at("2026-12-03").pinned(), "2026-12-03");
        assert_eq!(at("2026-12-03 10:00").pinned(), "2026-12-03 10:00");
    }

    #[test]
    fn proposed_times_take_a_part_of_the_day_or_a_note() {
        let p = |t: &str| proposed_time(t, &now()).unwrap();
        assert_eq!(
            proposed_date(&p("2026-12-07 10:00"), English::Uk),
            "Monday 7 December at 10:00"
        );
        assert_eq!(
            proposed_date(&p("2026-12-07 14:00"), English::Us),
            "Monday, December 7, at 2:00 p.m."
        );
        assert_eq!(
            proposed_date(&p("2026-12-10, afternoon"), English::Uk),
            "Thursday 10 December, afternoon"
        );
        assert_eq!(
            proposed_date(&p("2026-12-10 morning"), English::Us),
            "Thursday, December 10, morning"
        );
        assert_eq!(
            proposed_date(&p("2026-12-08, any time after 2pm"), English::Uk),
            "Tuesday 8 December, any time after 2pm"
        );
        assert_eq!(
            proposed_date(&p("2026-12-08 09:30, if that suits"), English::Uk),
            "Tuesday 8 December at 09:30, if that suits"
        );
        assert_eq!(
            proposed_date(&p("2026-12-08"), English::Uk),
            "Tuesday 8 December"
        );
        for bad in ["nxt wednesday", "whenever, afternoon", "soon afternoon"] {
            let err = proposed_time(bad, &now()).unwrap_err().to_string();
            assert!(err.contains("cannot read"), "{bad}: {err}");
        }
    }

    #[test]
    fn english_follows_the_locale_and_takes_its_names() {
        assert_eq!(English::of_locale("en_US.UTF-8"), English::Us);
        assert_eq!(English::of_locale("en_GB.UTF-8"), English::Uk);
        assert_eq!(English::of_locale("en_AU"), English::Uk);
        assert_eq!(English::of_locale(""), English::Uk);
        let english = |typed: &str| {
            let mut a = Answers::default();
            a.set("english", typed).map(|()| a.english())
        };
        let called = |typed: &str| {
            let mut a = Answers::default();
            a.set("called", typed)
                .map(|()| a.chosen::<Called>("called"))
        };
        assert_eq!(english("US").unwrap(), English::Us);
        assert_eq!(english("british").unwrap(), English::Uk);
        assert!(english("fr").is_err());
        assert_eq!(called("voicemail").unwrap(), Called::Voicemail);
        assert_eq!(called("yes").unwrap(), Called::Spoke);
        assert_eq!(called("false").unwrap(), Called::No);
        assert_eq!(called("message").unwrap(), Called::Voicemail);
        assert_eq!(english("american").unwrap(), English::Us);
        assert!(called("maybe").is_err());
    }

    #[test]
    fn implausible_emails_are_rejected() {
        assert!(plausible_email("a.b@example.co.uk"));
        for bad in [
            "",
            "a",
            "a@b",
            "@b.com",
            "a b@c.com",
            "a@b.com\r\nBcc: x@y.z",
        ] {
            assert!(!plausible_email(bad), "{bad}");
        }
    }
}
