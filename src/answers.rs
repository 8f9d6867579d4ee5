//! The answers model: what a person tells bowout, from the wizard, an answers
//! file or `--set`, and its validation into what the renderer needs. Pure: the
//! clock comes in as an argument.

use std::collections::BTreeMap;

use anyhow::{Context, Result};
use jiff::Zoned;
use jiff::civil::Date;
use jiff::tz::TimeZone;
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
        English::of_locale(&locale(&["LC_ALL", "LC_MESSAGES", "LANG"]))
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

/// The locale named by the first of `keys` set in the environment, as
/// POSIX looks them up (`LC_ALL` first, `LANG` last); empty when none is.
fn locale(keys: &[&str]) -> String {
    keys.iter()
        .filter_map(|k| std::env::var(k).ok())
        .find(|v| !v.is_empty())
        .unwrap_or_default()
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
        self.interview(now).map(|w| w.notice(now))
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
                if let Some(c) = invisible_in(t) {
                    return Err(usage!(
                        "`{}` holds a character nobody can see, {c}; type the address again \
                         without it, e.g. name@example.com",
                        q.key
                    ));
                }
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
            if p.when.is_past(now) {
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
                .map_or(Notice::Ample, |w| w.notice(now)),
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
    /// The notice the email gives at `now`: to the moment when a time was
    /// given; for a day alone, see `advice::day_notice`.
    pub fn notice(&self, now: &Zoned) -> Notice {
        if self.has_time {
            advice::notice(now, &self.at)
        } else {
            advice::day_notice(now, self.at.date())
        }
    }

    /// Whether it is over at `now`: a day without a time only once the day
    /// has passed.
    pub fn is_past(&self, now: &Zoned) -> bool {
        self.notice(now) == Notice::Missed
    }

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

/// Years a date may fall in: one earlier or later is a slip of the keys,
/// not an interview.
pub const YEARS: std::ops::RangeInclusive<i16> = 1970..=2100;

/// Why typed text was not taken as a date.
enum Unread {
    /// It is not a date bowout can read.
    NoDate,
    /// It reads, but cannot be taken as it stands: what is wrong, in words
    /// (a weekday not its own, a year out of range, two readings, a zone).
    Wrong(anyhow::Error),
}

/// Reads a date and time as people type them, relative to `now`.
pub fn parse_when(key: &str, text: &str, now: &Zoned) -> Result<When> {
    when_named(&format!("`{key}`"), text, now)
}

/// The same, for the wizard: what is refused is "that", the text just
/// typed under the wizard's own question, not an answer's key.
pub fn typed_when(text: &str, now: &Zoned) -> Result<When> {
    when_named("that", text, now)
}

/// Reads a date, naming it `name` in a message.
fn when_named(key: &str, text: &str, now: &Zoned) -> Result<When> {
    let text = text.trim();
    match read_when(key, text, now) {
        Ok(when) => Ok(when),
        Err(Unread::Wrong(e)) => Err(e),
        Err(Unread::NoDate) => {
            // "Thursday 10 December, afternoon": a part of the day is not
            // a time, and bowout does not make one up.
            if let Some((date, part)) = part_of_day(text) {
                match read_when(key, date, now) {
                    Err(Unread::Wrong(e)) => return Err(e),
                    Ok(_) => {
                        return Err(usage!(
                            "{key} needs a time, not a part of the day (`{part}`): give the \
                             time the interview starts, e.g. `{} 14:00`, or the day alone, `{}`",
                            echo(date),
                            echo(date)
                        ));
                    }
                    Err(Unread::NoDate) => {}
                }
            }
            Err(unreadable(key, text, now))
        }
    }
}

/// The refusal of text that is not a date: with a misspelling put right
/// where one reads, and examples.
fn unreadable(key: &str, text: &str, now: &Zoned) -> anyhow::Error {
    let hint = date_typo(text, now)
        .map(|fixed| format!("; did you mean `{fixed}`?"))
        .unwrap_or_default();
    usage!(
        "{key} is not a date and time bowout can read: `{}`{hint}\n\
         try `2026-12-03 10:00`, `tomorrow 9am`, `today 14:00` or `next friday 10:00`",
        echo(text)
    )
}

/// Text that ends with a part of the day ("…, afternoon"): the text
/// before it, and the part.
fn part_of_day(text: &str) -> Option<(&str, &'static str)> {
    let lower = text.to_ascii_lowercase();
    let trimmed = lower.trim_end_matches('.');
    let part = PARTS_OF_DAY.iter().find(|p| trimmed.ends_with(*p))?;
    let date = text[..trimmed.len() - part.len()]
        .trim_end()
        .trim_end_matches(',')
        .trim();
    Some((date, part))
}

fn read_when(key: &str, text: &str, now: &Zoned) -> Result<When, Unread> {
    let text = text.trim();
    // A date read from an invitation carries its zone:
    // `2026-12-04T10:00:00+00:00[Europe/London]`.
    if let Some(at) = crate::invite::zoned_answer(text) {
        in_years(key, text, &at)?;
        return Ok(When {
            zone: zone_shown(&at, now),
            at,
            has_time: true,
        });
    }
    let n = text.chars().count();
    if n > MAX_DATE {
        return Err(Unread::Wrong(usage!(
            "{key} is {n} characters long; a date and time is at most {MAX_DATE}, e.g. \
             `2026-12-03 10:00`"
        )));
    }
    if text.is_empty() || !looks_like_a_date(text) {
        return Err(Unread::NoDate);
    }
    let (text, named) = named_zone(key, text)?;
    let typed = settled(text, now)
        .map_err(|(typed, day, month)| Unread::Wrong(two_readings(key, &typed, day, month)))?;
    let typed = weekday_and_day(key, &typed, now)?;
    let base = match &named {
        Some(tz) => now.with_time_zone(tz.clone()),
        None => now.clone(),
    };
    let at = parse_datetime::parse_datetime_at_date(base, &typed)
        .ok()
        .and_then(|p| p.into_zoned())
        .ok_or(Unread::NoDate)?;
    // A month named without a year ("5 January") is in the year nearest
    // today, not always this one: in December, next month's.
    let at = match nearest_year(at.month(), at.day(), now.date()) {
        Some(near) if !year_typed(&typed) && names_a_month(&typed) && near != at.date() => at
            .checked_add(jiff::Span::new().years(near.year() - at.year()))
            .map_err(|_| Unread::NoDate)?,
        _ => at,
    };
    in_years(key, text, &at)?;
    if let Some(wrong) = crate::check::weekday_mismatch(&typed, at.date()) {
        return Err(Unread::Wrong(usage!(
            "{key} has a weekday that is not its date's: {wrong}"
        )));
    }
    let has_time = mentions_time(&typed);
    let zoned = named.is_some() || at.time_zone() != now.time_zone();
    if zoned && !has_time {
        return Err(Unread::Wrong(usage!(
            "{key} names a time zone but no time: `{}`; give the time with it, e.g. \
             `2026-12-03 10:00 +01:00`, or leave the zone out",
            echo(text)
        )));
    }
    let iana = at.time_zone().iana_name().is_some_and(|n| n.contains('/'));
    if zoned && !iana && !offset_typed(&typed) {
        return Err(Unread::Wrong(usage!(
            "{key} gives its time zone in letters that several zones share (`{}` was read as \
             UTC{}); give the offset, e.g. `{}`, or the zone's name, e.g. `10:00 \
             America/Los_Angeles`",
            echo(text),
            at.strftime("%:z"),
            at.strftime("%Y-%m-%d %H:%M %:z")
        )));
    }
    // "tomorrow" alone is a day, not tomorrow at this time of day.
    let at = if has_time {
        at
    } else {
        at.start_of_day().map_err(|_| Unread::NoDate)?
    };
    Ok(When {
        zone: if zoned { zone_shown(&at, now) } else { None },
        at,
        has_time,
    })
}

/// How the email names the zone of `at`, when its clock differs from the
/// person's at that moment ("Paris time", "UTC+14:00"); else nothing.
fn zone_shown(at: &Zoned, now: &Zoned) -> Option<String> {
    let stamp = at.timestamp();
    let differs = at.time_zone().to_offset(stamp) != now.time_zone().to_offset(stamp);
    differs.then(|| crate::invite::zone_label(at.time_zone(), stamp))
}

/// A date in a year bowout takes (`YEARS`), or why not.
fn in_years(key: &str, text: &str, at: &Zoned) -> Result<(), Unread> {
    if YEARS.contains(&at.year()) {
        return Ok(());
    }
    Err(Unread::Wrong(usage!(
        "{key} falls in the year {}: `{}`; bowout takes dates from {} to {}",
        at.year(),
        echo(text),
        YEARS.start(),
        YEARS.end()
    )))
}

/// A time zone named at the end of the text (`10:00 Europe/Paris`): the
/// text without it, and the zone; a name that is no zone is refused.
fn named_zone<'t>(key: &str, text: &'t str) -> Result<(&'t str, Option<TimeZone>), Unread> {
    let Some((rest, last)) = text.rsplit_once(char::is_whitespace) else {
        return Ok((text, None));
    };
    if !last.contains('/') || !last.starts_with(|c: char| c.is_ascii_alphabetic()) {
        return Ok((text, None));
    }
    match jiff::tz::db().get(last) {
        Ok(tz) => Ok((rest.trim_end(), Some(tz))),
        Err(_) => Err(Unread::Wrong(usage!(
            "{key} names a time zone bowout does not know: `{}`; name one as `Europe/Paris` \
             or `America/New_York` are named, or give the offset, e.g. `+01:00`",
            echo(last)
        ))),
    }
}

/// Whether the text gives a zone as an offset or as UTC: `+14:00`, `-5`,
/// `UTC+1`, `GMT`, `10:00Z`, `2026-12-03T10:00-05:00`.
fn offset_typed(text: &str) -> bool {
    text.split_whitespace().any(|word| {
        let w = word.trim_end_matches([',', '.']).to_ascii_lowercase();
        let signed = |t: &str| {
            t.strip_prefix(['+', '-'])
                .is_some_and(|r| r.starts_with(|c: char| c.is_ascii_digit()))
        };
        let utc = ["utc", "gmt", "ut", "z"]
            .iter()
            .any(|z| w.strip_prefix(z).is_some_and(|r| r.is_empty() || signed(r)));
        let glued = w.find(':').is_some_and(|i| {
            let after = &w[i..];
            after.contains('+') || after.contains('-') || after.ends_with('z')
        });
        utc || signed(&w) || glued
    })
}

/// A date typed in numbers, `5/12/2026`, `31.12.26`, `5/12` or
/// `05-12-2026`: where it stands in the text, and how it reads day first
/// and month first (each where it is a date at all).
struct Numeric {
    start: usize,
    end: usize,
    day_first: Option<Date>,
    month_first: Option<Date>,
}

/// The dates typed in numbers in `text`. Slashes take two parts or three,
/// dots three (`10.30` is a time), dashes three with a four-digit year
/// last (`2026-12-05` is already year first); a two-digit year is this
/// century's, and a date without one is in `now`'s year.
fn numeric_dates(text: &str, now: &Zoned) -> Vec<Numeric> {
    let b = text.as_bytes();
    let mut found = Vec::new();
    let mut i = 0;
    while i < b.len() {
        if !b[i].is_ascii_digit() {
            i += 1;
            continue;
        }
        let start = i;
        while i < b.len() && (b[i].is_ascii_digit() || matches!(b[i], b'/' | b'.' | b'-')) {
            i += 1;
        }
        // A stop that ends the sentence is not part of the date.
        let run = text[start..i].trim_end_matches(['.', '/', '-']);
        let end = start + run.len();
        if start > 0 && matches!(b[start - 1], b'+' | b'-' | b':' | b'.' | b'/') {
            continue;
        }
        let Some(sep) = ['/', '.', '-'].into_iter().find(|c| run.contains(*c)) else {
            continue;
        };
        let parts: Vec<&str> = run.split(sep).collect();
        let shaped = match (sep, parts.len()) {
            ('/', 2) => true,
            ('/' | '.', 3) => matches!(parts[2].len(), 2 | 4),
            ('-', 3) => parts[2].len() == 4,
            _ => false,
        };
        if !shaped
            || parts[..2].iter().any(|p| p.is_empty() || p.len() > 2)
            || parts.iter().any(|p| !p.bytes().all(|c| c.is_ascii_digit()))
        {
            continue;
        }
        let (Ok(a), Ok(b2)) = (parts[0].parse::<i8>(), parts[1].parse::<i8>()) else {
            continue;
        };
        let on = |month: i8, day: i8| match parts.get(2) {
            Some(y) if y.len() == 2 => y
                .parse::<i16>()
                .ok()
                .and_then(|y| Date::new(2000 + y, month, day).ok()),
            Some(y) => y
                .parse::<i16>()
                .ok()
                .and_then(|y| Date::new(y, month, day).ok()),
            None => nearest_year(month, day, now.date()),
        };
        found.push(Numeric {
            start,
            end,
            day_first: on(b2, a),
            month_first: on(a, b2),
        });
    }
    found
}

/// A day and month without a year, in the year that puts it nearest
/// `today` (as `bowout check` reads such dates): in December, 5 January is
/// next month's, and 28 November last week's.
fn nearest_year(month: i8, day: i8, today: Date) -> Option<Date> {
    [today.year() - 1, today.year(), today.year() + 1]
        .into_iter()
        .filter_map(|y| Date::new(y, month, day).ok())
        .min_by_key(|d| (*d - today).get_days().abs())
}

/// The text with its numeric dates written year first (`2026-12-05`), as
/// the date parser reads them without a guess. A date that reads two ways
/// is read as `month_first` says; without that word, it is returned as
/// typed with both readings (day first, month first).
fn with_numeric_dates(
    text: &str,
    now: &Zoned,
    month_first: Option<bool>,
) -> Result<String, (String, Date, Date)> {
    let mut out = String::with_capacity(text.len());
    let mut last = 0;
    for n in numeric_dates(text, now) {
        let date = match (n.day_first, n.month_first, month_first) {
            (Some(d), Some(m), None) if d != m => {
                return Err((text[n.start..n.end].to_string(), d, m));
            }
            (Some(_), Some(m), Some(true)) => m,
            (Some(d), _, _) => d,
            (None, Some(m), _) => m,
            (None, None, _) => continue,
        };
        out.push_str(&text[last..n.start]);
        out.push_str(&date.to_string());
        last = n.end;
    }
    out.push_str(&text[last..]);
    Ok(out)
}

/// The text with its numeric dates written year first, where each reads
/// one way, or two ways but only one on the weekday written with it
/// (`Thu 10/12/2026` is 10 December); else the date that reads two ways,
/// with both readings.
fn settled(text: &str, now: &Zoned) -> Result<String, (String, Date, Date)> {
    let (typed, day, month) = match with_numeric_dates(text, now, None) {
        Ok(text) => return Ok(text),
        Err(two) => two,
    };
    let fits: Vec<String> = [false, true]
        .into_iter()
        .filter_map(|m| with_numeric_dates(text, now, Some(m)).ok())
        .filter(|t| crate::check::weekday_mismatch(t, now.date()).is_none())
        .collect();
    // Without a weekday both readings fit, and the date stays unsettled.
    match fits.as_slice() {
        [one] => Ok(one.clone()),
        _ => Err((typed, day, month)),
    }
}

/// A date typed in numbers that reads two ways (`5/12/2026`: 5 December
/// or 12 May): each reading, day first then month first, with the text as
/// it reads that way. Nothing when every date in the text reads one way,
/// or the weekday written with it settles which.
pub fn readings(text: &str, now: &Zoned) -> Option<[(Date, String); 2]> {
    let (_, day, month) = settled(text, now).err()?;
    Some([
        (day, with_numeric_dates(text, now, Some(false)).ok()?),
        (month, with_numeric_dates(text, now, Some(true)).ok()?),
    ])
}

/// The readings of a proposed time in numbers that reads two ways and is
/// not settled by one of them being past (see `proposed_time`).
pub fn proposed_readings(text: &str, now: &Zoned) -> Option<[(Date, String); 2]> {
    readings(text, now).filter(|_| proposed_time(text, now).is_err())
}

/// The refusal of a date that reads two ways: both readings, the person's
/// first, and the year-first forms to give instead.
fn two_readings(key: &str, typed: &str, day: Date, month: Date) -> anyhow::Error {
    let read = |d: Date, how: &str| format!("{} ({how} first)", d.strftime("%A %-d %B %Y"));
    let (first, second) = if month_first(None) {
        ((month, "month"), (day, "day"))
    } else {
        ((day, "day"), (month, "month"))
    };
    usage!(
        "{key} has a date that reads two ways: `{}` is {} or {}; give it year first, as `{}` \
         or `{}`",
        echo(typed),
        read(first.0, first.1),
        read(second.0, second.1),
        first.0,
        second.0
    )
}

/// Whether a date in numbers is read month first (`5/12` is 12 May), as
/// in the United States: by the English the person chose (`english=us`),
/// else by the locale's dates (`LC_ALL`, `LC_TIME`, then `LANG`, read as
/// `English::of_locale` reads them). Only the order in which two readings
/// are offered depends on it: a date that reads two ways is never guessed.
pub fn month_first(said: Option<English>) -> bool {
    said.unwrap_or_else(|| English::of_locale(&locale(&["LC_ALL", "LC_TIME", "LANG"])))
        == English::Us
}

/// Weekday names as a date may begin with them.
const WEEKDAYS: &[&str] = &[
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
];

/// "friday 13": a weekday and a day of the month, without the month. Read
/// as the next 13th from today, and taken when it is that weekday;
/// refused, naming both days, when it is not. A number followed by a
/// month is a whole date (read as such), and one with `:` or am/pm a time.
fn weekday_and_day(key: &str, text: &str, now: &Zoned) -> Result<String, Unread> {
    let words: Vec<(usize, &str)> = text
        .split_whitespace()
        .map(|w| (w.as_ptr() as usize - text.as_ptr() as usize, w))
        .collect();
    let bare = |w: &str| w.trim_end_matches([',', '.']).to_ascii_lowercase();
    for (i, (at, word)) in words.iter().enumerate() {
        let name = bare(word);
        let Some(said) = WEEKDAYS
            .contains(&name.as_str())
            .then(|| crate::check::weekday_of(&name))
            .flatten()
        else {
            continue;
        };
        let j = i + 1 + usize::from(words.get(i + 1).is_some_and(|(_, w)| bare(w) == "the"));
        let Some((number_at, number)) = words.get(j) else {
            continue;
        };
        let number = number.trim_end_matches([',', '.']);
        let digits = ["st", "nd", "rd", "th"]
            .iter()
            .find_map(|s| number.to_ascii_lowercase().strip_suffix(s).map(str::len))
            .map_or(number, |n| &number[..n]);
        if digits.is_empty() || digits.len() > 2 || !digits.bytes().all(|c| c.is_ascii_digit()) {
            continue;
        }
        let next = words.get(j + 1).map(|(_, w)| bare(w)).unwrap_or_default();
        if MONTHS.contains(&next.as_str()) || matches!(next.as_str(), "am" | "pm" | "a.m" | "p.m") {
            continue;
        }
        let Ok(day) = digits.parse::<i8>() else {
            continue;
        };
        let today = now.date();
        let Some(date) = (0..12)
            .filter_map(|k| {
                today
                    .first_of_month()
                    .checked_add(jiff::Span::new().months(k))
                    .ok()
            })
            .filter_map(|m| Date::new(m.year(), m.month(), day).ok())
            .find(|d| *d >= today)
        else {
            continue;
        };
        let typed = &text[*at..number_at + number.len()];
        if date.weekday() != said {
            let (before, after) = crate::check::nearest(date, said);
            return Err(Unread::Wrong(usage!(
                "{key} has a weekday that is not its date's: `{}`: the next {} is {}, a {}, \
                 not a {}; give the date in full ({} is {} or {}), or a time as `{} {day}:00`",
                echo(typed),
                ordinal(day),
                date.strftime("%-d %B %Y"),
                crate::check::day_name(date.weekday()),
                crate::check::day_name(said),
                crate::check::day_name(said),
                before.strftime("%-d %B"),
                after.strftime("%-d %B"),
                word.trim_end_matches([',', '.'])
            )));
        }
        let end = number_at + number.len();
        return Ok(format!("{}{date}{}", &text[..*at], &text[end..]));
    }
    Ok(text.to_string())
}

/// Whether the text gives a year: four digits in a row.
fn year_typed(text: &str) -> bool {
    text.split(|c: char| !c.is_ascii_digit())
        .any(|run| run.len() == 4)
}

/// Whether the text names a month by its name.
fn names_a_month(text: &str) -> bool {
    text.to_ascii_lowercase()
        .split(|c: char| !c.is_ascii_alphabetic())
        .any(|w| MONTHS.contains(&w))
}

/// `13th`, `1st`, `22nd`.
fn ordinal(n: i8) -> String {
    let suffix = match (n % 10, n % 100) {
        (_, 11..=13) => "th",
        (1, _) => "st",
        (2, _) => "nd",
        (3, _) => "rd",
        _ => "th",
    };
    format!("{n}{suffix}")
}

/// Month names as a date may spell them.
const MONTHS: &[&str] = &[
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
];

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
    proposed_named(text, now, "`alternatives`", "`alternatives` has a time")
}

/// The same, for the wizard, which asks for the times one at a time.
pub fn typed_proposed_time(text: &str, now: &Zoned) -> Result<Proposed> {
    proposed_named(text, now, "that", "that is a time")
}

/// Reads one proposed time, naming it `key` in a message; one bowout cannot
/// read is refused in a message that starts with `whose` ("that is a time").
fn proposed_named(text: &str, now: &Zoned, key: &str, whose: &str) -> Result<Proposed> {
    let refused = || {
        let hint = proposed_typo(text, now)
            .map(|fixed| format!("; did you mean `{fixed}`?"))
            .unwrap_or_default();
        usage!(
            "{whose} bowout cannot read: `{}`{hint}\n\
             write each like `2026-12-07 10:00`, `next wednesday 14:00` or `Thursday 10 \
             December, afternoon`",
            echo(text)
        )
    };
    // A date in numbers that reads two ways is settled when only one of
    // its readings is still to come: a time proposed is never in the past.
    if let Some(p) = readings(text, now).and_then(|both| {
        let ahead: Vec<Proposed> = both
            .iter()
            .filter_map(|(_, t)| proposed_time(t, now).ok())
            .filter(|p| !p.when.is_past(now))
            .collect();
        <[Proposed; 1]>::try_from(ahead).ok()
    }) {
        let [p] = p;
        return Ok(p);
    }
    // A date that reads but is wrong (a weekday not its own) is said so,
    // whichever shape it came in.
    match read_when(key, text, now) {
        Ok(when) => return Ok(Proposed { when, part: None }),
        Err(Unread::Wrong(e)) => return Err(e),
        Err(Unread::NoDate) => {}
    }
    // "Tuesday afternoon": a date, then a part of the day.
    if let Some((date, part)) = part_of_day(text) {
        match read_when(key, date, now) {
            Ok(when) => {
                return Ok(Proposed {
                    when,
                    part: Some(part.to_string()),
                });
            }
            Err(Unread::Wrong(e)) => return Err(e),
            Err(Unread::NoDate) => {}
        }
    }
    // "Tuesday 8 December, any time after 2pm": a date, then a note.
    let (date, note) = text.split_once(',').ok_or_else(refused)?;
    let when = match read_when(key, date.trim(), now) {
        Ok(when) => when,
        Err(Unread::Wrong(e)) => return Err(e),
        Err(Unread::NoDate) => return Err(refused()),
    };
    let note = note.trim();
    Ok(Proposed {
        when,
        part: (!note.is_empty()).then(|| note.to_string()),
    })
}

/// A proposed time with its misspelt date words put right, where that
/// reads: the whole of it, or the date before a part of the day or a note
/// ("tusday afternoon" is "tuesday afternoon"), the rest kept as typed.
fn proposed_typo(text: &str, now: &Zoned) -> Option<String> {
    if let Some(fixed) = date_typo(text, now) {
        return Some(fixed);
    }
    let body = text.trim_end().trim_end_matches('.');
    let cut = PARTS_OF_DAY
        .iter()
        .find_map(|p| {
            let at = body.len().checked_sub(p.len())?;
            (body.is_char_boundary(at) && body[at..].eq_ignore_ascii_case(p)).then_some(at)
        })
        .or_else(|| text.find(','))?;
    let date = text[..cut].trim_end().trim_end_matches(',').trim_end();
    let fixed = date_typo(date, now)?;
    Some(format!("{fixed}{}", &text[date.len()..]))
}

/// An RFC 5322 addr-spec (checked by the email_address crate) whose domain
/// has at least two labels, as every address on the internet does: no name,
/// no angle brackets, no comment, no domain literal.
pub fn plausible_email(s: &str) -> bool {
    use email_address::{EmailAddress, Options};
    if invisible_in(s).is_some() {
        return false;
    }
    let options = Options::default()
        .with_minimum_sub_domains(2)
        .without_display_text()
        .without_domain_literal();
    EmailAddress::parse_with_options(s, options).is_ok()
}

/// Characters nobody can see that change what an address is: Unicode's
/// format characters (category Cf: zero-width spaces and joiners, the byte
/// order mark, direction marks, the soft hyphen, tags), the fillers and
/// selectors that draw nothing, and every space but the ASCII one. Each
/// with its Unicode name, where it has one worth saying.
const INVISIBLE: &[(char, char, &str)] = &[
    ('\u{00A0}', '\u{00A0}', "NO-BREAK SPACE"),
    ('\u{00AD}', '\u{00AD}', "SOFT HYPHEN"),
    ('\u{034F}', '\u{034F}', "COMBINING GRAPHEME JOINER"),
    ('\u{0600}', '\u{0605}', "an Arabic format character"),
    ('\u{061C}', '\u{061C}', "ARABIC LETTER MARK"),
    ('\u{06DD}', '\u{06DD}', "ARABIC END OF AYAH"),
    ('\u{070F}', '\u{070F}', "SYRIAC ABBREVIATION MARK"),
    ('\u{0890}', '\u{0891}', "an Arabic format character"),
    ('\u{08E2}', '\u{08E2}', "an Arabic format character"),
    ('\u{115F}', '\u{1160}', "a HANGUL FILLER"),
    ('\u{1680}', '\u{1680}', "OGHAM SPACE MARK"),
    ('\u{17B4}', '\u{17B5}', "a KHMER INHERENT VOWEL"),
    (
        '\u{180B}',
        '\u{180D}',
        "a MONGOLIAN FREE VARIATION SELECTOR",
    ),
    ('\u{180E}', '\u{180E}', "MONGOLIAN VOWEL SEPARATOR"),
    (
        '\u{180F}',
        '\u{180F}',
        "MONGOLIAN FREE VARIATION SELECTOR FOUR",
    ),
    (
        '\u{2000}',
        '\u{200A}',
        "a typographic space (EN SPACE, THIN SPACE, …)",
    ),
    ('\u{200B}', '\u{200B}', "ZERO WIDTH SPACE"),
    ('\u{200C}', '\u{200C}', "ZERO WIDTH NON-JOINER"),
    ('\u{200D}', '\u{200D}', "ZERO WIDTH JOINER"),
    ('\u{200E}', '\u{200E}', "LEFT-TO-RIGHT MARK"),
    ('\u{200F}', '\u{200F}', "RIGHT-TO-LEFT MARK"),
    ('\u{2028}', '\u{2029}', "a LINE or PARAGRAPH SEPARATOR"),
    (
        '\u{202A}',
        '\u{202E}',
        "a bidirectional embedding or override",
    ),
    ('\u{202F}', '\u{202F}', "NARROW NO-BREAK SPACE"),
    ('\u{205F}', '\u{205F}', "MEDIUM MATHEMATICAL SPACE"),
    ('\u{2060}', '\u{2060}', "WORD JOINER"),
    (
        '\u{2061}',
        '\u{2064}',
        "an invisible operator (FUNCTION APPLICATION, INVISIBLE TIMES, …)",
    ),
    ('\u{2065}', '\u{206F}', "an invisible format character"),
    ('\u{2800}', '\u{2800}', "BRAILLE PATTERN BLANK"),
    ('\u{3000}', '\u{3000}', "IDEOGRAPHIC SPACE"),
    ('\u{3164}', '\u{3164}', "HANGUL FILLER"),
    ('\u{FE00}', '\u{FE0F}', "a VARIATION SELECTOR"),
    (
        '\u{FEFF}',
        '\u{FEFF}',
        "ZERO WIDTH NO-BREAK SPACE (the byte order mark)",
    ),
    ('\u{FFA0}', '\u{FFA0}', "HALFWIDTH HANGUL FILLER"),
    (
        '\u{FFF9}',
        '\u{FFFB}',
        "an INTERLINEAR ANNOTATION character",
    ),
    ('\u{110BD}', '\u{110BD}', "KAITHI NUMBER SIGN"),
    ('\u{110CD}', '\u{110CD}', "KAITHI NUMBER SIGN ABOVE"),
    (
        '\u{13430}',
        '\u{1343F}',
        "an EGYPTIAN HIEROGLYPH format character",
    ),
    ('\u{1BCA0}', '\u{1BCA3}', "a SHORTHAND FORMAT character"),
    (
        '\u{1D173}',
        '\u{1D17A}',
        "a MUSICAL SYMBOL format character",
    ),
    (
        '\u{E0000}',
        '\u{E0FFF}',
        "a TAG or VARIATION SELECTOR character",
    ),
];

/// The first invisible character in `text` (see `INVISIBLE`), named:
/// `U+200B ZERO WIDTH SPACE`.
pub fn invisible_in(text: &str) -> Option<String> {
    text.chars().find_map(|c| {
        INVISIBLE
            .iter()
            .find(|(from, to, _)| (*from..=*to).contains(&c))
            .map(|(_, _, name)| format!("U+{:04X} {name}", c as u32))
    })
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
        // Nor has today without a time: the day is not over.
        a.set("alternatives", "2026-12-01; today").unwrap();
        assert!(
            a.resolve(&now)
                .unwrap()
                .notes
                .iter()
                .all(|n| !n.contains("passed"))
        );
        a.set("alternatives", "2026-11-30").unwrap();
        assert!(a.resolve(&now).unwrap().notes[0].contains("has already passed"));
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
    fn a_misspelt_proposed_time_gets_a_suggestion_with_its_part_of_the_day() {
        let hint = |t: &str| {
            let err = proposed_time(t, &now()).unwrap_err().to_string();
            assert!(err.starts_with("`alternatives` has a time"), "{err}");
            err.split_once("did you mean `")
                .map(|(_, rest)| rest.split_once('`').unwrap().0.to_string())
        };
        assert_eq!(
            hint("nxt friday 10:00").as_deref(),
            Some("next friday 10:00")
        );
        assert_eq!(
            hint("tusday afternoon").as_deref(),
            Some("tuesday afternoon")
        );
        assert_eq!(
            hint("Thursdy 10 December, Afternoon.").as_deref(),
            Some("thursday 10 December, Afternoon.")
        );
        assert_eq!(
            hint("next fridy 10:00, after lunch").as_deref(),
            Some("next friday 10:00, after lunch")
        );
        assert_eq!(hint("whenever suits, afternoon"), None);
        assert_eq!(hint("afternoon"), None);
        // Each suggestion is itself a time bowout reads.
        for t in ["tusday afternoon", "next fridy 10:00, after lunch"] {
            assert!(proposed_time(&hint(t).unwrap(), &now()).is_ok(), "{t}");
        }
    }

    #[test]
    fn the_wizard_names_what_was_typed_not_a_key() {
        let err = typed_when("nxt wednesday 10:00", &now())
            .unwrap_err()
            .to_string();
        assert!(err.starts_with("that is not a date"), "{err}");
        assert!(!err.contains("interview_at"), "{err}");
        let err = typed_when(&"9".repeat(200), &now())
            .unwrap_err()
            .to_string();
        assert!(err.starts_with("that is 200 characters long"), "{err}");
        let err = typed_proposed_time("tusday afternoon", &now())
            .unwrap_err()
            .to_string();
        assert!(
            err.starts_with("that is a time bowout cannot read"),
            "{err}"
        );
        assert!(err.contains("did you mean `tuesday afternoon`?"), "{err}");
        assert!(!err.contains("alternatives"), "{err}");
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

    fn day(w: &When) -> String {
        w.at.date().to_string()
    }

    #[test]
    fn numeric_dates_that_read_two_ways_are_refused_with_both_readings() {
        let read = |t: &str| parse_when("interview_at", t, &now());
        let err = read("5/12/2026 10:00").unwrap_err().to_string();
        for part in [
            "`interview_at` has a date that reads two ways: `5/12/2026`",
            "Saturday 5 December 2026 (day first)",
            "Tuesday 12 May 2026 (month first)",
            "`2026-12-05` or `2026-05-12`",
        ] {
            assert!(err.contains(part), "{part}: {err}");
        }
        for two in [
            "5.12.2026",
            "05-12-2026",
            "5/12",
            "5/12/26 9am",
            "Monday 12 May, 5/12",
        ] {
            let err = read(two).unwrap_err().to_string();
            assert!(err.contains("reads two ways"), "{two}: {err}");
        }
        // One reading only, or both the same: read without a question.
        for (one, date, time) in [
            ("31/12/2026 10:00", "2026-12-31", true),
            ("12/31/2026", "2026-12-31", false),
            ("31.12.26", "2026-12-31", false),
            ("31-12-2026 9am", "2026-12-31", true),
            ("5/5/2027", "2027-05-05", false),
            ("13/5", "2027-05-13", false),
            ("2026/12/05", "2026-12-05", false),
            ("2026-12-05", "2026-12-05", false),
            // The weekday written with it settles which.
            ("Thu 10/12/2026", "2026-12-10", false),
            ("Monday 10/12/2026 10:00", "2026-10-12", true),
        ] {
            let w = read(one).unwrap_or_else(|e| panic!("{one}: {e}"));
            assert_eq!((day(&w).as_str(), w.has_time), (date, time), "{one}");
            assert!(readings(one, &now()).is_none(), "{one}");
        }
        assert!(
            read("31/13/2026")
                .unwrap_err()
                .to_string()
                .contains("not a date")
        );
        // Times and offsets with dots and dashes are not dates.
        for not in [
            "10.30",
            "10:00 -05:00",
            "2026-12-05 +05.30",
            "12/2026",
            "1/2/3/4",
            "5.12",
        ] {
            assert!(numeric_dates(not, &now()).is_empty(), "{not}");
        }
        let [(d1, t1), (d2, t2)] = readings("Fri 5/12/2026 10:00", &now()).unwrap();
        assert_eq!(
            (d1.to_string(), t1.as_str()),
            ("2026-12-05".into(), "Fri 2026-12-05 10:00")
        );
        assert_eq!(
            (d2.to_string(), t2.as_str()),
            ("2026-05-12".into(), "Fri 2026-05-12 10:00")
        );
        assert!(month_first(Some(English::Us)) && !month_first(Some(English::Uk)));
    }

    #[test]
    fn a_weekday_must_be_its_dates_own() {
        let read = |t: &str| parse_when("interview_at", t, &now());
        let err = read("Friday 5 December 2026 10:00")
            .unwrap_err()
            .to_string();
        assert!(
            err.contains("5 December 2026 is a Saturday, not a Friday")
                && err.contains("Friday is 4 December or 11 December"),
            "{err}"
        );
        let err = read("friday 13").unwrap_err().to_string();
        assert!(
            err.contains("`friday 13`: the next 13th is 13 December 2026, a Sunday, not a Friday")
                && err.contains("or a time as `friday 13:00`"),
            "{err}"
        );
        // A day of the month already past today is next month's.
        let err = read("Tue the 1st").unwrap();
        assert_eq!(day(&err), "2026-12-01");
        assert!(
            read("Sunday 1st")
                .unwrap_err()
                .to_string()
                .contains("the next 1st is 1 December 2026, a Tuesday")
        );
        for (ok, date, time) in [
            ("friday 11", "2026-12-11", false),
            ("Friday the 11th 10:00", "2026-12-11", true),
            ("friday 10 am", "2026-12-04", true),
            ("Fri 4 Dec 10:00", "2026-12-04", true),
            ("Friday, December 4", "2026-12-04", false),
            ("next friday", "2026-12-04", false),
        ] {
            let w = read(ok).unwrap_or_else(|e| panic!("{ok}: {e}"));
            assert_eq!((day(&w).as_str(), w.has_time), (date, time), "{ok}");
        }
        // "Thursday 9 December" is a Wednesday, whether an interview or a
        // proposed time, with a part of the day or not.
        for wrong in ["Thursday 9 December", "Thursday 9 December, afternoon"] {
            let err = read(wrong).unwrap_err().to_string();
            assert!(err.contains("is a Wednesday, not a Thursday"), "{err}");
            let err = proposed_time(wrong, &now()).unwrap_err().to_string();
            assert!(err.contains("is a Wednesday, not a Thursday"), "{err}");
        }
        let err = proposed_time("Thursday 9 December, if it suits", &now()).unwrap_err();
        assert!(err.to_string().contains("not a Thursday"), "{err}");
        // A part of the day is a proposed time's, not an interview's.
        let err = read("Thursday 10 December, afternoon")
            .unwrap_err()
            .to_string();
        assert!(
            err.contains("needs a time, not a part of the day (`afternoon`)")
                && err.contains(
                    "`Thursday 10 December 14:00`, or the day alone, `Thursday 10 December`"
                ),
            "{err}"
        );
        let err = read("whenever, afternoon").unwrap_err().to_string();
        assert!(err.contains("not a date"), "{err}");
        let p = proposed_time("Thursday 10 December, afternoon", &now()).unwrap();
        assert_eq!(p.part.as_deref(), Some("afternoon"));
    }

    #[test]
    fn a_date_without_a_year_is_the_nearest_one() {
        let read = |t: &str| day(&parse_when("interview_at", t, &now()).unwrap());
        assert_eq!(read("5 January 10:00"), "2027-01-05");
        assert_eq!(read("Tuesday 5 January"), "2027-01-05");
        assert_eq!(read("jan 5"), "2027-01-05");
        assert_eq!(read("13/1"), "2027-01-13");
        assert_eq!(read("28 November"), "2026-11-28");
        assert_eq!(read("30 June"), "2026-06-30");
        assert_eq!(read("1 June"), "2027-06-01");
        assert_eq!(read("5 January 2026"), "2026-01-05");
        assert_eq!(read("next friday"), "2026-12-04");
        let err = parse_when("interview_at", "Monday 5 January", &now()).unwrap_err();
        assert!(
            err.to_string().contains("5 January 2027 is a Tuesday"),
            "{err}"
        );
        assert_eq!(nearest_year(2, 29, now().date()), None, "no leap year near");
        assert!(year_typed("2026-12-05") && !year_typed("5 jan 10:00") && !year_typed("20261"));
        assert!(names_a_month("5-Dec") && !names_a_month("next friday"));
    }

    #[test]
    fn a_date_without_a_year_may_be_last_years() {
        let january: Zoned = "2026-01-05T09:00[UTC]".parse().unwrap();
        let w = parse_when("interview_at", "28 December 10:00", &january).unwrap();
        assert_eq!(day(&w), "2025-12-28");
        assert_eq!(w.notice(&january), Notice::Missed);
        let w = parse_when("interview_at", "2 February", &january).unwrap();
        assert_eq!(day(&w), "2026-02-02");
    }

    #[test]
    fn ordinals_are_written_as_people_write_them() {
        for (n, said) in [
            (1, "1st"),
            (2, "2nd"),
            (3, "3rd"),
            (4, "4th"),
            (11, "11th"),
            (12, "12th"),
            (13, "13th"),
            (21, "21st"),
            (22, "22nd"),
            (23, "23rd"),
            (30, "30th"),
            (31, "31st"),
        ] {
            assert_eq!(ordinal(n), said);
        }
    }

    #[test]
    fn every_answer_is_checked_by_its_kind_when_resolved() {
        let refused = |key: &str, value: &str| {
            let mut a = full();
            a.set(key, value).unwrap();
            a.resolve(&now()).err().map(|e| e.to_string())
        };
        let long = |n: usize| "x".repeat(n);
        assert!(
            refused("company", &long(MAX_LINE + 1))
                .unwrap()
                .contains("the limit is 500")
        );
        assert!(
            refused("detail", &long(MAX_TEXT + 1))
                .unwrap()
                .contains("the limit is 4000")
        );
        assert_eq!(refused("detail", &long(MAX_TEXT)), None);
        assert!(
            refused("recipient_email", "a@b")
                .unwrap()
                .contains("is not an email address")
        );
        assert_eq!(refused("recipient_email", ""), None);
        assert_eq!(refused("recipient_email", "kim@acme.example"), None);
    }

    #[test]
    fn years_outside_1970_to_2100_are_refused() {
        for bad in [
            "0000-01-01",
            "0001-01-01 10:00",
            "1969-12-31 23:59",
            "2101-01-01",
            "1/1/1969",
        ] {
            let err = parse_when("interview_at", bad, &now())
                .unwrap_err()
                .to_string();
            assert!(
                err.contains("bowout takes dates from 1970 to 2100"),
                "{bad}: {err}"
            );
        }
        for ok in ["1970-01-01", "2100-12-31 23:59"] {
            assert!(parse_when("interview_at", ok, &now()).is_ok(), "{ok}");
        }
        let from_invitation = "1969-12-31T10:00:00+00:00[Europe/London]";
        assert!(parse_when("interview_at", from_invitation, &now()).is_err());
    }

    #[test]
    fn a_typed_zone_is_used_and_said_or_refused() {
        let read = |t: &str| parse_when("interview_at", t, &now());
        for (typed, zone, utc) in [
            (
                "2026-12-05 10:00 +14:00",
                Some("UTC+14"),
                "2026-12-04T20:00:00Z",
            ),
            (
                "2026-12-05 10:00 -0530",
                Some("UTC-05:30"),
                "2026-12-05T15:30:00Z",
            ),
            (
                "2026-12-05T10:00-05:00",
                Some("UTC-05"),
                "2026-12-05T15:00:00Z",
            ),
            (
                "2026-12-05 10:00 UTC+1",
                Some("UTC+01"),
                "2026-12-05T09:00:00Z",
            ),
            (
                "2026-12-05 10:00 Europe/Paris",
                Some("Paris time"),
                "2026-12-05T09:00:00Z",
            ),
            (
                "tomorrow 9am America/New_York",
                Some("New York time"),
                "2026-12-02T14:00:00Z",
            ),
            ("2026-12-05 10:00 UTC", None, "2026-12-05T10:00:00Z"),
            ("2026-12-05 10:00Z", None, "2026-12-05T10:00:00Z"),
        ] {
            let w = read(typed).unwrap_or_else(|e| panic!("{typed}: {e}"));
            assert_eq!(w.zone.as_deref(), zone, "{typed}");
            assert_eq!(w.at.timestamp().to_string(), utc, "{typed}");
            assert!(w.has_time, "{typed}");
            // Kept for later, it reads back the same.
            assert_eq!(read(&w.pinned()).unwrap(), w, "{typed}");
        }
        assert!(
            long_date(&read("2026-12-05 10:00 +14:00").unwrap(), English::Uk)
                .ends_with("at 10:00 (UTC+14)")
        );
        for (typed, said) in [
            ("2026-12-05 10:00 PST", "letters that several zones share"),
            ("2026-12-05 10:00 IST", "was read as UTC+05:30"),
            ("2026-12-05 10:00 a", "letters that several zones share"),
            (
                "2026-12-05 10:00 Mars/Olympus",
                "names a time zone bowout does not know: `Mars/Olympus`",
            ),
            ("2026-12-05 CET", "names a time zone but no time"),
            ("2026-12-05 Europe/Paris", "names a time zone but no time"),
        ] {
            let err = read(typed).unwrap_err().to_string();
            assert!(err.contains(said), "{typed}: {err}");
        }
    }

    #[test]
    fn invisible_characters_in_an_address_are_named() {
        for (c, name) in [
            (
                '\u{FEFF}',
                "U+FEFF ZERO WIDTH NO-BREAK SPACE (the byte order mark)",
            ),
            ('\u{200B}', "U+200B ZERO WIDTH SPACE"),
            ('\u{00A0}', "U+00A0 NO-BREAK SPACE"),
            ('\u{2060}', "U+2060 WORD JOINER"),
            ('\u{00AD}', "U+00AD SOFT HYPHEN"),
            ('\u{200F}', "U+200F RIGHT-TO-LEFT MARK"),
            ('\u{E0041}', "U+E0041 a TAG or VARIATION SELECTOR character"),
        ] {
            for at in [0, 2, 8] {
                let mut e = String::from("hr@acme.com");
                e.insert(at, c);
                assert_eq!(invisible_in(&e).as_deref(), Some(name), "{e:?}");
                assert!(!plausible_email(&e), "{e:?}");
                let mut a = full();
                a.set("recipient_email", &e).unwrap();
                let err = a.resolve(&now()).unwrap_err().to_string();
                assert!(
                    err.contains(name) && err.contains("recipient_email"),
                    "{err}"
                );
            }
        }
        // The ends of the table, and what lies just outside it.
        for c in ['\u{E0000}', '\u{E0FFF}', '\u{2000}', '\u{200A}', '\u{3000}'] {
            assert!(invisible_in(&format!("a{c}b")).is_some(), "{c:?}");
        }
        for visible in [
            "hr@acme.com",
            "zoë@exämple.com",
            "李@例子.中国",
            "a\u{1FFF}b",
            "a\u{2010}b",
        ] {
            assert_eq!(invisible_in(visible), None, "{visible}");
        }
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
