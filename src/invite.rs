//! The invitation a reply answers: the recruiter's message (`--reply-to`)
//! and its calendar event (`--invite`, or a `text/calendar` part of the
//! message), read by real parsers (mail-parser, icalendar). What is read
//! becomes answers, suggestions and threading; nothing read is trusted as a
//! template, a header or a terminal sequence.

use std::path::Path;

use anyhow::Result;
use icalendar::parser::{Component, Property};
use jiff::civil::{Date, DateTime};
use jiff::tz::{Offset, TimeZone};
use jiff::{Timestamp, Zoned};
use mail_parser::MimeHeaders as _;

use crate::answers::{Answers, COMPANY_KEY, POSITION_KEY, strip_line, visible};
use crate::files::{self, Owner};
use crate::usage;
use crate::windows_zones::WINDOWS_ZONES;

/// Largest invitation read, in bytes: a message with its attachments.
pub const MAX_MESSAGE: u64 = 10 * 1024 * 1024;
/// Largest calendar read, in bytes.
pub const MAX_CALENDAR: usize = 1024 * 1024;

/// Everything read from the invitation.
#[derive(Clone, Debug, Default)]
pub struct Origin {
    /// The message replied to, when one was given.
    pub letter: Option<Letter>,
    /// The calendar event, from `--invite` or the message's calendar part.
    pub event: Option<Event>,
    /// A date read from the message's text when it had no calendar part:
    /// `2026-12-04 10:00`, or a day alone.
    pub date_in_text: Option<String>,
    /// What could not be read, said to the person in the wizard; a run
    /// without it fails on the first.
    pub problems: Vec<String>,
    /// Why no date was taken from the message's text, when it names several.
    pub date_note: Option<String>,
}

/// The message replied to.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Letter {
    /// Whom the reply goes to: Reply-To, else From.
    pub name: String,
    pub address: String,
    /// The original subject, cleaned.
    pub subject: String,
    /// Its Message-ID, without angle brackets.
    pub message_id: Option<String>,
    /// Its References, then its Message-ID: the reply's References.
    pub references: Vec<String>,
    /// The domain of the sender's address.
    pub domain: String,
}

/// The calendar event.
#[derive(Clone, Debug, PartialEq)]
pub struct Event {
    /// The start, in the event's own time zone.
    pub start: Zoned,
    /// Whether the start has a time (an all-day event has none).
    pub has_time: bool,
    pub end: Option<Zoned>,
    /// The zone's name as a person reads it: `Europe/London`.
    pub zone: String,
    pub organizer: Option<Mailbox>,
    pub attendees: Vec<Mailbox>,
    pub summary: String,
    /// The UID unescaped, as a person reads it.
    pub uid: String,
    /// As written, however far outside RFC 5545's range; the answer checks it.
    pub sequence: i64,
    /// The event's and its zones' lines as they were written.
    pub source: Source,
    /// What was left out while reading, for `--verbose` and the wizard.
    pub notes: Vec<String>,
}

/// The calendar's own text, for an answer that repeats the event.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Source {
    /// The VEVENT, BEGIN to END, each content line unfolded as it was
    /// written; lines that were not valid iCalendar left out.
    pub event: Vec<String>,
    /// Each VTIMEZONE: its TZID and its lines.
    pub zones: Vec<(String, Vec<String>)>,
    /// The UID's value as written, escapes and all.
    pub uid: String,
}

/// A name and address, as a calendar names people.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Mailbox {
    pub name: String,
    pub address: String,
}

impl Origin {
    /// Reads `--reply-to` (a path, or `-` for standard input) and
    /// `--invite`, either of which may be absent.
    pub fn read(reply_to: Option<&Path>, invite: Option<&Path>, now: &Zoned) -> Result<Origin> {
        let mut origin = Origin::default();
        if let Some(path) = reply_to {
            let (name, bytes) = read_file(path, "message")?;
            origin = Origin::from_message(&bytes, &name, now)?;
        }
        if let Some(path) = invite {
            let (name, bytes) = read_file(path, "invitation")?;
            if bytes.len() > MAX_CALENDAR {
                return Err(usage!(
                    "invitation {name} is larger than 1 MiB; a calendar invitation is a few KiB"
                ));
            }
            let text = String::from_utf8(bytes)
                .map_err(|_| usage!("invitation {name} is not text; give an .ics file"))?;
            origin.event = Some(Event::from_ics(&text, &name)?);
            origin.date_in_text = None;
            origin.date_note = None;
            origin.problems.clear();
        }
        Ok(origin)
    }

    /// Reads a message (or the first of an mbox, or a calendar file given
    /// where a message was expected).
    pub fn from_message(bytes: &[u8], name: &str, now: &Zoned) -> Result<Origin> {
        if bytes.trim_ascii().is_empty() {
            return Err(usage!(
                "{name} is empty; give the invitation as an .eml file, e.g. saved with your mail \
                 program's \"Save as\""
            ));
        }
        if bytes.iter().take(8192).any(|&b| b == 0) {
            return Err(usage!(
                "{name} is not an email message (it holds binary data); give the invitation as \
                 an .eml file, e.g. saved with your mail program's \"Save as\""
            ));
        }
        let start = String::from_utf8_lossy(&bytes[..bytes.len().min(64)]);
        if start
            .trim_start()
            .to_ascii_uppercase()
            .starts_with("BEGIN:VCALENDAR")
        {
            let text = String::from_utf8(bytes.to_vec())
                .map_err(|_| usage!("{name} is not text; give an .ics file"))?;
            return Ok(Origin {
                event: Some(Event::from_ics(&text, name)?),
                ..Origin::default()
            });
        }
        let first;
        let bytes = if bytes.starts_with(b"From ") {
            first = mail_parser::mailbox::mbox::MessageIterator::new(bytes)
                .next()
                .and_then(|m| m.ok())
                .ok_or_else(|| usage!("{name} is an mbox with no message in it"))?;
            first.contents()
        } else {
            bytes
        };
        let message = mail_parser::MessageParser::default()
            .parse(bytes)
            .filter(|m| m.from().is_some() || m.reply_to().is_some())
            .ok_or_else(|| {
                usage!(
                    "{name} is not an email message: it has no From or Reply-To header; give the \
                     invitation as an .eml file (or an mbox), or a calendar file with --invite"
                )
            })?;
        // Reply-To when it has an address, else From.
        let (header, who) = match message
            .reply_to()
            .and_then(|a| a.first())
            .filter(|a| a.address().is_some())
        {
            Some(reply_to) => ("Reply-To", reply_to),
            None => (
                "From",
                message.from().and_then(|a| a.first()).ok_or_else(|| {
                    usage!("{name} names no one to reply to (no address in From)")
                })?,
            ),
        };
        let address = field(&format!("{header} address"), who.address().unwrap_or(""))?;
        if !crate::answers::plausible_email(&address) {
            return Err(usage!(
                "{name}: its {header} address `{}` is not an email address bowout can reply to",
                crate::answers::echo(&address)
            ));
        }
        let person = natural_name(&field(&format!("{header} name"), who.name().unwrap_or(""))?);
        let subject = field("Subject", message.subject().unwrap_or(""))?;
        let message_id = match message.message_id() {
            Some(id) => Some(message_id_of(id, "Message-ID")?),
            None => None,
        };
        let mut references = Vec::new();
        for id in message.references().as_text_list().unwrap_or_default() {
            references.push(message_id_of(id, "References")?);
        }
        references.extend(message_id.clone());
        let domain = address
            .rsplit_once('@')
            .map(|(_, d)| d.to_ascii_lowercase())
            .unwrap_or_default();
        let mut origin = Origin {
            letter: Some(Letter {
                name: person,
                address,
                subject,
                message_id,
                references,
                domain,
            }),
            ..Origin::default()
        };
        let calendars: Vec<_> = message
            .parts
            .iter()
            .filter(|p| {
                p.content_type().is_some_and(|c| {
                    c.ctype().eq_ignore_ascii_case("text")
                        && c.subtype()
                            .is_some_and(|s| s.eq_ignore_ascii_case("calendar"))
                        || c.ctype().eq_ignore_ascii_case("application")
                            && c.subtype().is_some_and(|s| s.eq_ignore_ascii_case("ics"))
                })
            })
            .collect();
        // A calendar part sent twice (inline and as invite.ics) is one event.
        if let Some(part) = calendars.first() {
            let contents = part.contents();
            let event = if contents.len() > MAX_CALENDAR {
                Err(usage!(
                    "{name}: its calendar part is larger than 1 MiB; a calendar invitation is a \
                     few KiB"
                ))
            } else {
                std::str::from_utf8(contents)
                    .map_err(|_| usage!("{name}: its calendar part is not UTF-8 text"))
                    .and_then(|text| Event::from_ics(text, &format!("{name}'s calendar part")))
            };
            match event {
                Ok(e) => origin.event = Some(e),
                Err(e) => origin.problems.push(format!("{e:#}")),
            }
        }
        if origin.event.is_none() {
            let body = message.body_text(0).unwrap_or_default();
            let mut found = crate::check::dates_ahead(&body, now);
            match found.len() {
                0 => {}
                1 => origin.date_in_text = found.pop(),
                n => {
                    origin.date_note = Some(format!(
                        "the message names {n} dates ({}), so which is the interview is yours \
                         to say",
                        found.join(", ")
                    ));
                }
            }
        }
        Ok(origin)
    }

    /// The answers read from the invitation: whom to reply to, and when the
    /// interview is.
    pub fn answers(&self) -> Answers {
        let mut a = Answers::default();
        if let Some(l) = &self.letter {
            a.address_to(&l.name, &l.address);
        } else if let Some(o) = self.event.as_ref().and_then(|e| e.organizer.as_ref()) {
            a.address_to(&o.name, &o.address);
        }
        if let Some(e) = &self.event {
            let _ = a.set(crate::answers::INTERVIEW_KEY, &e.when());
        } else if let Some(d) = &self.date_in_text {
            let _ = a.set(crate::answers::INTERVIEW_KEY, d);
        }
        a
    }

    /// Company and role as the invitation suggests them, never taken
    /// without the person's word: `(key, value, where it was read)`.
    pub fn suggestions(&self) -> Vec<(&'static str, String, String)> {
        let mut out = Vec::new();
        let title = self
            .event
            .as_ref()
            .map(|e| e.summary.clone())
            .filter(|s| !s.is_empty())
            .or_else(|| self.letter.as_ref().map(|l| l.subject.clone()))
            .unwrap_or_default();
        let (position, company) = read_title(&title);
        let from = if self.event.as_ref().is_some_and(|e| !e.summary.is_empty()) {
            "the event's title"
        } else {
            "the subject"
        };
        if let Some(p) = position {
            out.push((POSITION_KEY, p, from.to_string()));
        }
        let from_domain = self
            .letter
            .as_ref()
            .map(|l| l.domain.clone())
            .or_else(|| {
                let o = self.event.as_ref()?.organizer.as_ref()?;
                Some(o.address.rsplit_once('@')?.1.to_ascii_lowercase())
            })
            .and_then(|d| company_of_domain(&d).map(|c| (c, d)));
        match (company, from_domain) {
            (Some(c), _) => out.push((COMPANY_KEY, c, from.to_string())),
            (None, Some((c, d))) => out.push((COMPANY_KEY, c, format!("the address's domain {d}"))),
            (None, None) => {}
        }
        out
    }

    /// One line saying what is being replied to: `Replying to Jordan Smith
    /// <jordan@acme.com> · Interview: Senior Data Analyst · Friday 4
    /// December 10:00 (Europe/London)`.
    pub fn banner(&self) -> Option<String> {
        let mut parts = Vec::new();
        let who = match (
            &self.letter,
            self.event.as_ref().and_then(|e| e.organizer.as_ref()),
        ) {
            (Some(l), _) => Some((l.name.as_str(), l.address.as_str())),
            (None, Some(o)) => Some((o.name.as_str(), o.address.as_str())),
            (None, None) => None,
        };
        if let Some((name, address)) = who {
            parts.push(if name.is_empty() {
                format!("Replying to {address}")
            } else {
                format!("Replying to {name} <{address}>")
            });
        }
        let title = self
            .event
            .as_ref()
            .map(|e| e.summary.as_str())
            .filter(|s| !s.is_empty())
            .or(self.letter.as_ref().map(|l| l.subject.as_str()))
            .unwrap_or("");
        if !title.is_empty() {
            parts.push(title.to_string());
        }
        if let Some(e) = &self.event {
            parts.push(e.shown());
        }
        (!parts.is_empty()).then(|| visible(&parts.join(" · ")))
    }

    /// What makes the email a reply: the thread it joins, and the
    /// calendar's answer, or why there is none (a follow-up, say).
    pub fn reply(
        &self,
        resolved: &crate::answers::Resolved,
        now: &Zoned,
    ) -> (crate::mail::Reply, Option<anyhow::Error>) {
        let (calendar, left_out) = match self
            .event
            .as_ref()
            .map(|e| crate::itip::answer(e, resolved, now))
        {
            Some(Ok(answer)) => (Some(answer), None),
            Some(Err(e)) => (None, Some(e)),
            None => (None, None),
        };
        let letter = self.letter.as_ref();
        let reply = crate::mail::Reply {
            in_reply_to: letter.and_then(|l| l.message_id.clone()),
            references: letter.map(|l| l.references.clone()).unwrap_or_default(),
            calendar,
        };
        (reply, left_out)
    }

    /// What was left out while reading the invitation's calendar.
    pub fn notes(&self) -> &[String] {
        self.event.as_ref().map_or(&[], |e| &e.notes)
    }

    /// The reply's subject: `Re: ` and the original, not doubled.
    pub fn subject(&self) -> Option<String> {
        let l = self.letter.as_ref()?;
        if l.subject.trim().is_empty() {
            return None;
        }
        let lower = l.subject.trim_start().to_ascii_lowercase();
        Some(if lower.starts_with("re:") || lower.starts_with("re :") {
            l.subject.trim().to_string()
        } else {
            format!("Re: {}", l.subject.trim())
        })
    }
}

/// A path's bytes, or standard input's for `-`.
fn read_file(path: &Path, what: &str) -> Result<(String, Vec<u8>)> {
    if path == Path::new("-") {
        return Ok((
            "<stdin>".to_string(),
            files::read_stdin_bytes(&format!("the {what}"), MAX_MESSAGE)?,
        ));
    }
    let bytes = files::read_bytes(path, what, Owner::Person, MAX_MESSAGE)?.ok_or_else(|| {
        usage!(
            "{what} {} does not exist; give the path of the invitation",
            files::shown(path)
        )
    })?;
    Ok((files::shown(path), bytes))
}

/// A header field's text: one with a control character in it is refused,
/// since a mail program decoded it from something meant to mislead.
fn field(what: &str, text: &str) -> Result<String> {
    if let Some(c) = text.chars().find(|c| c.is_control()) {
        return Err(usage!(
            "the invitation's {what} holds a control character ({}), which no real message \
             has; bowout does not use it. Give the answer yourself with --set",
            c.escape_unicode()
        ));
    }
    // Then cleaned and bounded as a typed answer is.
    Ok(
        crate::answers::clean_line(&format!("the invitation's {what}"), text.trim())?
            .trim()
            .to_string(),
    )
}

/// A Message-ID as the reply repeats it: an RFC 5322 msg-id without its
/// angle brackets, `left@right`, each side dot-atom text (the right may be
/// a `[literal]`), so nothing in it can end the header or the brackets.
fn message_id_of(id: &str, what: &str) -> Result<String> {
    let trimmed = id.trim();
    let id = trimmed.strip_prefix('<').unwrap_or(trimmed);
    let id = id.strip_suffix('>').unwrap_or(id);
    if id.len() > 998 || !is_msg_id(id) {
        return Err(usage!(
            "the invitation's {what} `{}` is not a message id (like <abc@example.com>); bowout \
             cannot thread the reply under it",
            crate::answers::echo(id)
        ));
    }
    Ok(id.to_string())
}

/// RFC 5322 §3.6.4: `id-left "@" id-right`.
fn is_msg_id(id: &str) -> bool {
    let atext = |c: char| c.is_ascii_alphanumeric() || "!#$%&'*+-/=?^_`{|}~".contains(c);
    let dot_atom =
        |s: &str| !s.is_empty() && s.split('.').all(|a| !a.is_empty() && a.chars().all(atext));
    let literal = |s: &str| {
        s.strip_prefix('[')
            .and_then(|s| s.strip_suffix(']'))
            .is_some_and(|d| {
                d.bytes()
                    .all(|b| (33..=90).contains(&b) || (94..=126).contains(&b))
            })
    };
    match id.split_once('@') {
        Some((left, right)) => dot_atom(left) && (dot_atom(right) || literal(right)),
        None => false,
    }
}

impl Event {
    /// Reads the one event of an iCalendar text: the first VCALENDAR, with
    /// anything after it ignored. A line bowout does not use that is not
    /// valid iCalendar is left out with a note; one it needs is an error.
    pub fn from_ics(text: &str, name: &str) -> Result<Event> {
        let lines = content_lines(text);
        let calendar = read_tree(&lines, name)?;
        let mut notes = calendar.notes;
        let events: Vec<&Part> = calendar
            .parts
            .iter()
            .filter(|p| p.component.name.as_str().eq_ignore_ascii_case("VEVENT"))
            .collect();
        let part = match events.as_slice() {
            [] => {
                return Err(usage!(
                    "{name} holds no event (no VEVENT); give the invitation's calendar file"
                ));
            }
            [one] => *one,
            many => {
                return Err(usage!(
                    "{name} holds {} events; bowout answers one interview at a time, so give a \
                     calendar file with just that invitation",
                    many.len()
                ));
            }
        };
        let event = &part.component;
        for repeat in ["RRULE", "RDATE", "RECURRENCE-ID"] {
            if prop(event, repeat).is_some() {
                return Err(usage!(
                    "{name} is a recurring event ({repeat}); an interview happens once, so give \
                     the invitation for that one meeting"
                ));
            }
        }
        let start_prop = prop(event, "DTSTART").ok_or_else(|| {
            usage!("{name}'s event has no start (DTSTART), so bowout cannot tell when it is")
        })?;
        let zones: Vec<&Component> = calendar
            .parts
            .iter()
            .map(|p| &p.component)
            .filter(|c| c.name.as_str().eq_ignore_ascii_case("VTIMEZONE"))
            .collect();
        let (start, has_time, zone) = moment(start_prop, &zones, name)?;
        let end = match prop(event, "DTEND") {
            Some(p) => Some(moment(p, &zones, name)?.0),
            None => match prop(event, "DURATION") {
                Some(d) => Some(
                    d.val
                        .as_str()
                        .trim()
                        .parse::<jiff::Span>()
                        .ok()
                        .and_then(|d| start.checked_add(d).ok())
                        .ok_or_else(|| {
                            usage!(
                                "{name}: the event's DURATION `{}` is not an iCalendar duration \
                                 (like PT45M)",
                                crate::answers::echo(d.val.as_str())
                            )
                        })?,
                ),
                None => None,
            },
        };
        if let Some(end) = &end
            && *end < start
        {
            return Err(usage!(
                "{name}: the event ends ({}) before it starts ({}), which no calendar can \
                 hold; give the invitation as its calendar sent it",
                end.strftime("%Y-%m-%d %H:%M %Z"),
                start.strftime("%Y-%m-%d %H:%M %Z"),
            ));
        }
        let uid_line = part
            .lines
            .iter()
            .find(|l| property_name(l).eq_ignore_ascii_case("UID"));
        let uid_raw = uid_line
            .and_then(|l| raw_value(l))
            .unwrap_or_default()
            .to_string();
        let uid = strip_line(&icalendar_text(&uid_raw)).trim().to_string();
        if uid.is_empty() {
            return Err(usage!(
                "{name}'s event has no UID, so no calendar could match an answer to it"
            ));
        }
        let summary = prop(event, "SUMMARY")
            .map(|p| strip_line(p.val.as_str()).trim().to_string())
            .unwrap_or_default();
        let sequence = match prop(event, "SEQUENCE") {
            None => 0,
            Some(p) => sequence_of(p.val.as_str()).ok_or_else(|| {
                usage!(
                    "{name}: the event's SEQUENCE `{}` is not a whole number",
                    crate::answers::echo(p.val.as_str())
                )
            })?,
        };
        let organizer = prop(event, "ORGANIZER").and_then(mailbox);
        let attendees = event
            .properties
            .iter()
            .filter(|p| p.name.as_str().eq_ignore_ascii_case("ATTENDEE"))
            .filter_map(mailbox)
            .collect();
        let zones_raw = calendar
            .parts
            .iter()
            .filter(|p| p.component.name.as_str().eq_ignore_ascii_case("VTIMEZONE"))
            .map(|p| {
                let id = prop(&p.component, "TZID")
                    .map(|t| t.val.as_str().trim().to_string())
                    .unwrap_or_default();
                (id, p.lines.clone())
            })
            .collect();
        notes.shrink_to_fit();
        Ok(Event {
            start,
            has_time,
            end,
            zone,
            organizer,
            attendees,
            summary,
            uid,
            sequence,
            source: Source {
                event: part.lines.clone(),
                zones: zones_raw,
                uid: uid_raw,
            },
            notes,
        })
    }

    /// The start as an answer: with its zone, so that the email can say it
    /// in the reader's time (`2026-12-04T10:00:00+00:00[Europe/London]`).
    pub fn when(&self) -> String {
        if self.has_time {
            self.start.to_string()
        } else {
            self.start.date().to_string()
        }
    }

    /// `Friday 4 December 10:00 (Europe/London)`.
    pub fn shown(&self) -> String {
        if self.has_time {
            format!("{} ({})", self.start.strftime("%A %-d %B %H:%M"), self.zone)
        } else {
            self.start.strftime("%A %-d %B").to_string()
        }
    }

    /// The attendees besides the organizer: those invited.
    pub fn invited(&self) -> impl Iterator<Item = &Mailbox> {
        self.attendees.iter().filter(|m| {
            self.organizer
                .as_ref()
                .is_none_or(|o| !m.address.eq_ignore_ascii_case(&o.address))
        })
    }

    /// How long the event lasts, for a new time proposed for it.
    pub fn length(&self) -> jiff::SignedDuration {
        self.end
            .as_ref()
            .map(|e| self.start.duration_until(e))
            .filter(|d| d.is_positive())
            .unwrap_or(jiff::SignedDuration::from_hours(1))
    }
}

/// Deepest nesting of components read: a calendar, an event, an alarm
/// and a little more; a file nested deeper is not an invitation.
pub const MAX_DEPTH: usize = 8;

/// One content line, unfolded, with the number of the line it starts on.
struct ContentLine {
    number: usize,
    text: String,
}

/// The content lines of a text: lines end in CRLF, LF or a bare CR (the
/// last may have no ending), and a line that starts with a space or a tab
/// continues the one before (RFC 5545 §3.1). Blank lines are dropped.
fn content_lines(text: &str) -> Vec<ContentLine> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let mut out: Vec<ContentLine> = Vec::new();
    let mut number = 0;
    let mut rest = text;
    while !rest.is_empty() {
        number += 1;
        let end = rest.find(['\r', '\n']).unwrap_or(rest.len());
        let line = &rest[..end];
        rest = &rest[end..];
        rest = rest
            .strip_prefix("\r\n")
            .or_else(|| rest.strip_prefix('\r'))
            .or_else(|| rest.strip_prefix('\n'))
            .unwrap_or(rest);
        match (line.strip_prefix([' ', '\t']), out.last_mut()) {
            _ if line.trim().is_empty() => {}
            (Some(more), Some(last)) => last.text.push_str(more),
            _ => out.push(ContentLine {
                number,
                text: line.to_string(),
            }),
        }
    }
    out
}

/// A component of the calendar (an event, a zone) as read, with its own
/// content lines as they were written, for an answer that repeats it.
struct Part<'a> {
    component: Component<'a>,
    /// BEGIN to END, each unfolded; lines that could not be read left out.
    lines: Vec<String>,
}

/// The first VCALENDAR of a text.
struct Tree<'a> {
    parts: Vec<Part<'a>>,
    notes: Vec<String>,
}

/// The properties an answer is made of, by the component they are in: one
/// of these that is not valid iCalendar makes the calendar unreadable.
fn needed(component: &str, property: &str) -> bool {
    let event = [
        "UID",
        "DTSTART",
        "DTEND",
        "DURATION",
        "SEQUENCE",
        "ORGANIZER",
        "ATTENDEE",
        "RRULE",
        "RDATE",
        "RECURRENCE-ID",
    ];
    let zone = [
        "TZID",
        "TZOFFSETTO",
        "TZOFFSETFROM",
        "DTSTART",
        "RRULE",
        "X-LIC-LOCATION",
    ];
    let any = |list: &[&str]| list.iter().any(|p| p.eq_ignore_ascii_case(property));
    match component.to_ascii_uppercase().as_str() {
        "VEVENT" => any(&event),
        "VTIMEZONE" | "STANDARD" | "DAYLIGHT" => any(&zone),
        _ => false,
    }
}

/// A content line's property name: what comes before its parameters or
/// its value.
fn property_name(line: &str) -> &str {
    line[..line.find([';', ':']).unwrap_or(line.len())].trim()
}

/// A content line's value as written: what follows the first colon that is
/// not inside a quoted parameter value.
fn raw_value(line: &str) -> Option<&str> {
    let mut quoted = false;
    for (i, c) in line.char_indices() {
        match c {
            '"' => quoted = !quoted,
            ':' if !quoted => return Some(&line[i + 1..]),
            _ => {}
        }
    }
    None
}

/// Whether the parser read the whole line as a property. Where its
/// parameters or its colon cannot be read, the parser falls back on a
/// property with the name alone (no parameters, no value) and leaves the
/// rest of the line unread; a line with no name is no property either.
fn whole(p: &Property, line: &str) -> bool {
    let name = p.name.as_str();
    let fallback =
        p.params.is_empty() && p.val.as_str().is_empty() && line.trim_end().len() != name.len() + 1;
    !name.is_empty() && raw_value(line).is_some() && !fallback
}

/// A SEQUENCE as a number, however large or small it is written.
fn sequence_of(text: &str) -> Option<i64> {
    let text = text.trim();
    let digits = text.strip_prefix(['+', '-']).unwrap_or(text);
    if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    Some(text.parse::<i64>().unwrap_or(if text.starts_with('-') {
        i64::MIN
    } else {
        i64::MAX
    }))
}

/// The first VCALENDAR: its components with their properties, each
/// content line read by the icalendar crate's parser on its own (so the
/// reading takes time in proportion to the text), nesting at most
/// `MAX_DEPTH` deep.
fn read_tree<'a>(lines: &'a [ContentLine], name: &str) -> Result<Tree<'a>> {
    let starts_calendar = lines.first().is_some_and(|l| {
        l.text
            .trim()
            .get(..15)
            .is_some_and(|b| b.eq_ignore_ascii_case("BEGIN:VCALENDAR"))
    });
    if !starts_calendar {
        return Err(usage!(
            "{name} is not a calendar file: it does not start with BEGIN:VCALENDAR; give the \
             .ics file of the invitation"
        ));
    }
    struct Open<'a> {
        component: Component<'a>,
        number: usize,
        lines: Vec<String>,
    }
    let mut stack: Vec<Open<'a>> = Vec::new();
    let mut tree = Tree {
        parts: Vec::new(),
        notes: Vec::new(),
    };
    for line in lines {
        let text = line.text.trim_end();
        let head = |tag: &str| {
            text.get(..tag.len())
                .filter(|h| h.eq_ignore_ascii_case(tag))
                .map(|_| text[tag.len()..].trim())
        };
        if let Some(component) = head("BEGIN:") {
            if stack.len() >= MAX_DEPTH {
                return Err(usage!(
                    "{name} nests components more than {MAX_DEPTH} deep (line {}); an \
                     invitation nests three (calendar, event, alarm), so this is not one",
                    line.number
                ));
            }
            stack.push(Open {
                component: Component {
                    name: component.into(),
                    properties: Vec::new(),
                    components: Vec::new(),
                },
                number: line.number,
                lines: vec![text.to_string()],
            });
            continue;
        }
        if let Some(component) = head("END:") {
            let Some(mut open) = stack.pop() else {
                break;
            };
            if !open.component.name.as_str().eq_ignore_ascii_case(component) {
                return Err(usage!(
                    "{name}: line {} ends {} but the {} from line {} is still open; the \
                     calendar is not valid iCalendar",
                    line.number,
                    crate::answers::echo(component),
                    crate::answers::echo(open.component.name.as_str()),
                    open.number
                ));
            }
            open.lines.push(text.to_string());
            let depth = stack.len();
            match stack.last_mut() {
                None => return Ok(tree),
                Some(_) if depth == 1 => tree.parts.push(Part {
                    component: open.component,
                    lines: open.lines,
                }),
                Some(parent) => {
                    parent.lines.append(&mut open.lines);
                    parent.component.components.push(open.component);
                }
            }
            continue;
        }
        let Some(open) = stack.last_mut() else {
            break;
        };
        let property_name = property_name(&line.text);
        let parsed = Property::try_from(line.text.as_str())
            .ok()
            .filter(|p| whole(p, &line.text));
        match parsed {
            Some(p) => {
                open.lines.push(line.text.clone());
                open.component.properties.push(p);
            }
            None if needed(open.component.name.as_str(), property_name) => {
                return Err(usage!(
                    "{name}: line {} is not valid iCalendar, and bowout needs its {}: `{}`",
                    line.number,
                    crate::answers::echo(property_name),
                    crate::answers::echo(&line.text.chars().take(200).collect::<String>())
                ));
            }
            None => tree.notes.push(format!(
                "{name}: line {} ({}) is not valid iCalendar; bowout does not need it and left \
                 it out",
                line.number,
                crate::answers::echo(&property_name.chars().take(60).collect::<String>())
            )),
        }
    }
    match stack.last() {
        Some(open) => Err(usage!(
            "{name} ends before the {} from line {} does (no END:{}); the file is cut short",
            crate::answers::echo(open.component.name.as_str()),
            open.number,
            crate::answers::echo(open.component.name.as_str())
        )),
        None => Ok(tree),
    }
}

fn prop<'a>(c: &'a Component, key: &str) -> Option<&'a Property<'a>> {
    c.properties
        .iter()
        .find(|p| p.name.as_str().eq_ignore_ascii_case(key))
}

fn param<'a>(p: &'a Property, key: &str) -> Option<&'a str> {
    p.params
        .iter()
        .find(|q| q.key.as_str().eq_ignore_ascii_case(key))
        // `TZID=` with nothing after it is there, and empty.
        .map(|q| q.val.as_ref().map_or("", |v| v.as_str().trim_matches('"')))
}

/// A TEXT value unescaped (`\,` is a comma, `\n` a line break).
fn icalendar_text(value: &str) -> String {
    icalendar::parser::ParseString::from(value)
        .unescape_text()
        .as_str()
        .to_string()
}

/// An ORGANIZER or ATTENDEE: its CN and its mailto: address.
fn mailbox(p: &Property) -> Option<Mailbox> {
    let value = p.val.as_str().trim();
    let address = value
        .get(..7)
        .filter(|s| s.eq_ignore_ascii_case("mailto:"))
        .map(|_| &value[7..])?;
    let address = strip_line(address).trim().to_string();
    if !crate::answers::plausible_email(&address) {
        return None;
    }
    let name = param(p, "CN").map(strip_line).unwrap_or_default();
    // Calendars often put the address itself as the name.
    let name = if name.trim().eq_ignore_ascii_case(&address) {
        String::new()
    } else {
        natural_name(name.trim().trim_matches('\''))
    };
    Some(Mailbox { name, address })
}

/// A name as a greeting says it: directories write "Patel, Priya", which
/// is Priya Patel. A comma before a suffix ("Acme, Inc.") stays.
pub fn natural_name(name: &str) -> String {
    let name = name.trim();
    let Some((last, first)) = name.split_once(',') else {
        return name.to_string();
    };
    let (last, first) = (last.trim(), first.trim());
    let words = |s: &str| s.split_whitespace().count();
    let suffix = first.ends_with('.')
        || [
            "inc", "ltd", "llc", "jr", "sr", "phd", "gmbh", "plc", "ii", "iii",
        ]
        .contains(&first.to_ascii_lowercase().as_str());
    if first.contains(',')
        || suffix
        || !(1..=3).contains(&words(last))
        || !(1..=3).contains(&words(first))
        || name.contains('@')
    {
        return name.to_string();
    }
    format!("{first} {last}")
}

/// A DTSTART or DTEND as a moment in its zone: `(moment, has a time, the
/// zone's name)`.
fn moment(p: &Property, zones: &[&Component], name: &str) -> Result<(Zoned, bool, String)> {
    let value = p.val.as_str().trim();
    let date_only = param(p, "VALUE").is_some_and(|v| v.eq_ignore_ascii_case("DATE"))
        || (value.len() == 8 && value.bytes().all(|b| b.is_ascii_digit()));
    let bad = || {
        usage!(
            "{name}: the event's {} `{}` is not an iCalendar date-time (like 20261204T100000)",
            p.name.as_str(),
            crate::answers::echo(value)
        )
    };
    if date_only {
        let date = Date::strptime("%Y%m%d", value).map_err(|_| bad())?;
        let here = crate::system_time_zone();
        let name = here.iana_name().unwrap_or("local time").to_string();
        let at = date.to_zoned(here).map_err(|_| bad())?;
        return Ok((at, false, name));
    }
    if let Some(utc) = value.strip_suffix(['Z', 'z']) {
        let civil = DateTime::strptime("%Y%m%dT%H%M%S", utc).map_err(|_| bad())?;
        let at = civil.to_zoned(TimeZone::UTC).map_err(|_| bad())?;
        return Ok((at, true, "UTC".to_string()));
    }
    let civil = DateTime::strptime("%Y%m%dT%H%M%S", value).map_err(|_| bad())?;
    let (zone, zone_name) = match param(p, "TZID") {
        Some(tzid) => zone_of(tzid, zones, civil, name)?,
        // A floating time is the same wall-clock time everywhere: the
        // person's own.
        None => {
            let here = crate::system_time_zone();
            let n = here.iana_name().unwrap_or("local time").to_string();
            (here, n)
        }
    };
    let at = civil.to_zoned(zone).map_err(|_| bad())?;
    Ok((at, true, zone_name))
}

/// The zone a TZID names: an IANA name, a Windows name (CLDR's table), a
/// path ending in an IANA name, or the calendar's own VTIMEZONE.
fn zone_of(
    tzid: &str,
    zones: &[&Component],
    civil: DateTime,
    name: &str,
) -> Result<(TimeZone, String)> {
    let tzid = tzid.trim();
    if let Some(found) = iana(tzid) {
        return Ok(found);
    }
    if let Some((_, iana_name)) = WINDOWS_ZONES
        .iter()
        .find(|(w, _)| w.eq_ignore_ascii_case(tzid))
        && let Some(found) = iana(iana_name)
    {
        return Ok(found);
    }
    // `/mozilla.org/20050126_1/America/New_York`, `/citadel.org/…/Europe/Paris`.
    if tzid.contains('/') {
        let parts: Vec<&str> = tzid.split('/').collect();
        for i in 0..parts.len() {
            if let Some(found) = iana(&parts[i..].join("/")) {
                return Ok(found);
            }
        }
    }
    let own = zones.iter().find(|z| {
        prop(z, "TZID").is_some_and(|p| p.val.as_str().trim().eq_ignore_ascii_case(tzid))
    });
    if let Some(z) = own {
        if let Some(found) = prop(z, "X-LIC-LOCATION").and_then(|p| iana(p.val.as_str().trim())) {
            return Ok(found);
        }
        if let Some(offset) = vtimezone_offset(z, civil) {
            return Ok((TimeZone::fixed(offset), format!("{tzid}, UTC{offset}")));
        }
    }
    Err(usage!(
        "{name}: the time zone `{}` is not one bowout knows: neither an IANA name (like \
         Europe/London) nor a Windows name (like GMT Standard Time), and the calendar has no \
         VTIMEZONE that says its offsets; answer without it: leave out the invitation and give \
         --set interview_at=…",
        crate::answers::echo(tzid)
    ))
}

/// An IANA zone by name, from the system's time zone database.
fn iana(name: &str) -> Option<(TimeZone, String)> {
    if name.is_empty() || name.contains("..") || name.starts_with('/') {
        return None;
    }
    let tz = jiff::tz::db().get(name).ok()?;
    let shown = tz.iana_name().unwrap_or(name).to_string();
    Some((tz, shown))
}

/// The offset a VTIMEZONE gives at a wall-clock time: of its STANDARD and
/// DAYLIGHT parts, the one that began last before it. Each part's start is
/// its DTSTART, moved to the year in question by its yearly rule
/// (`FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU`, the rule zones use).
fn vtimezone_offset(zone: &Component, at: DateTime) -> Option<Offset> {
    let mut best: Option<(DateTime, Offset)> = None;
    for part in &zone.components {
        let to = offset(prop(part, "TZOFFSETTO")?.val.as_str())?;
        let first =
            DateTime::strptime("%Y%m%dT%H%M%S", prop(part, "DTSTART")?.val.as_str().trim()).ok()?;
        let onsets: Vec<DateTime> = match prop(part, "RRULE") {
            Some(rule) => [at.year() - 1, at.year()]
                .into_iter()
                .filter_map(|y| yearly_onset(rule.val.as_str(), y, first))
                .filter(|d| *d >= first)
                .collect(),
            None => vec![first],
        };
        for onset in onsets.into_iter().filter(|d| *d <= at) {
            if best.is_none_or(|(b, _)| onset > b) {
                best = Some((onset, to));
            }
        }
    }
    best.map(|(_, o)| o)
}

/// `+0100` or `-0530`.
fn offset(text: &str) -> Option<Offset> {
    let text = text.trim();
    let (sign, digits) = match text.split_at_checked(1)? {
        ("+", d) => (1, d),
        ("-", d) => (-1, d),
        _ => return None,
    };
    if !(digits.len() == 4 || digits.len() == 6) || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let hours: i32 = digits[..2].parse().ok()?;
    let minutes: i32 = digits[2..4].parse().ok()?;
    Offset::from_seconds(sign * (hours * 3600 + minutes * 60)).ok()
}

/// When a yearly rule's change falls in `year`, at the DTSTART's time of
/// day: the nth (or nth last) weekday of the month.
fn yearly_onset(rule: &str, year: i16, first: DateTime) -> Option<DateTime> {
    let mut month = None;
    let mut by_day = None;
    for pair in rule.split(';') {
        match pair.split_once('=')? {
            (k, v) if k.eq_ignore_ascii_case("FREQ") && !v.eq_ignore_ascii_case("YEARLY") => {
                return None;
            }
            (k, v) if k.eq_ignore_ascii_case("BYMONTH") => month = v.parse::<i8>().ok(),
            (k, v) if k.eq_ignore_ascii_case("BYDAY") => by_day = Some(v.to_ascii_uppercase()),
            (k, v) if k.eq_ignore_ascii_case("UNTIL") => {
                let until = v.trim_end_matches('Z');
                let end = DateTime::strptime("%Y%m%dT%H%M%S", until)
                    .or_else(|_| {
                        Date::strptime("%Y%m%d", until)
                            .map(|d| d.to_datetime(jiff::civil::Time::midnight()))
                    })
                    .ok()?;
                if end.year() < year {
                    return None;
                }
            }
            _ => {}
        }
    }
    let month = month.unwrap_or(first.month());
    let by_day = by_day?;
    let (nth, day) = by_day.split_at(by_day.len().checked_sub(2)?);
    let weekday = match day {
        "MO" => jiff::civil::Weekday::Monday,
        "TU" => jiff::civil::Weekday::Tuesday,
        "WE" => jiff::civil::Weekday::Wednesday,
        "TH" => jiff::civil::Weekday::Thursday,
        "FR" => jiff::civil::Weekday::Friday,
        "SA" => jiff::civil::Weekday::Saturday,
        "SU" => jiff::civil::Weekday::Sunday,
        _ => return None,
    };
    let nth: i8 = if nth.is_empty() { 1 } else { nth.parse().ok()? };
    let date = Date::new(year, month, 1)
        .ok()?
        .nth_weekday_of_month(nth, weekday)
        .ok()?;
    Some(date.to_datetime(first.time()))
}

/// Words around a role or company in a title that are neither.
const TITLE_WORDS: &[&str] = &[
    "your application",
    "application",
    "first-round",
    "second-round",
    "final-round",
    "first round",
    "second round",
    "final round",
    "phone screen",
    "interview",
    "invitation",
    "for the",
    "for",
    "the",
    "role",
    "position",
    "of",
];

/// Position and company from an invitation's title: "Interview: Senior Data
/// Analyst at Acme", "Senior Data Analyst interview – Acme", "Invitation:
/// Interview with Acme @ Fri 4 Dec 2026 10am".
pub fn read_title(title: &str) -> (Option<String>, Option<String>) {
    let mut t = title.trim().to_string();
    // Mail and calendar prefixes, as many as there are.
    loop {
        let lower = t.to_ascii_lowercase();
        let prefix = [
            "re:",
            "fwd:",
            "fw:",
            "invitation:",
            "updated invitation:",
            "updated invitation with note:",
            "invitation from google calendar:",
            "accepted:",
        ]
        .iter()
        .find(|p| lower.starts_with(*p));
        match prefix {
            Some(p) => t = t[p.len()..].trim_start().to_string(),
            None => break,
        }
    }
    // Google Calendar adds " @ the date (the invitee)".
    if let Some((before, _)) = t.split_once(" @ ") {
        t = before.trim().to_string();
    }
    let clean = |s: &str| {
        let s = s
            .trim()
            .trim_matches(|c: char| matches!(c, '-' | '–' | '—' | ':' | '|' | ',' | '"'))
            .trim();
        let s = strip_words(s, TITLE_WORDS);
        (!s.is_empty() && s.chars().count() <= 80).then(|| s.to_string())
    };
    let lower = t.to_lowercase();
    // "… with Acme for Senior Data Analyst", "Interview with Acme".
    if let Some(i) = lower
        .find(" with ")
        .or(lower.starts_with("with ").then_some(0))
    {
        let after = &t[i + if i == 0 { 5 } else { 6 }..];
        let before = &t[..i];
        let lower_after = after.to_lowercase();
        if let Some(j) = lower_after.find(" for ") {
            return (clean(&after[j + 5..]), clean(&after[..j]));
        }
        return (clean(before), clean(after));
    }
    // "… Data Analyst at Acme".
    if let Some(i) = lower.rfind(" at ") {
        return (clean(&t[..i]), clean(&t[i + 4..]));
    }
    // "Acme – Senior Data Analyst interview", "Senior Data Analyst | Acme".
    for sep in [" – ", " — ", " - ", " | "] {
        if let Some((a, b)) = t.split_once(sep) {
            let a_interview = a.to_lowercase().contains("interview");
            return if a_interview {
                (clean(a), clean(b))
            } else {
                (clean(b), clean(a))
            };
        }
    }
    (None, None)
}

/// Text without the given words at either end ("Interview: Data Analyst
/// role" is "Data Analyst"); a word counts only whole.
fn strip_words<'a>(text: &'a str, words: &[&str]) -> &'a str {
    let punct = |c: char| matches!(c, '-' | '–' | '—' | ':' | '|' | ',' | '"' | '\'');
    let mut s = text.trim_matches(punct).trim();
    loop {
        let before = s;
        for w in words {
            let lower = s.to_lowercase();
            if lower.len() != s.len() {
                // Lowercase changed the length: compare no further.
                return s;
            }
            if lower.starts_with(w) && !lower[w.len()..].starts_with(char::is_alphanumeric) {
                s = s[w.len()..].trim_start_matches(punct).trim_start();
                continue;
            }
            if lower.ends_with(w)
                && !lower[..lower.len() - w.len()].ends_with(char::is_alphanumeric)
            {
                s = s[..s.len() - w.len()].trim_end_matches(punct).trim_end();
            }
        }
        s = s.trim_matches(punct).trim();
        if s == before {
            return s;
        }
    }
}

/// Mail providers and recruiting systems whose domain says nothing of the
/// company.
const SHARED_DOMAINS: &[&str] = &[
    "gmail",
    "googlemail",
    "google",
    "outlook",
    "hotmail",
    "live",
    "msn",
    "yahoo",
    "icloud",
    "me",
    "aol",
    "proton",
    "protonmail",
    "gmx",
    "mail",
    "fastmail",
    "zoho",
    "yandex",
    "greenhouse",
    "lever",
    "workday",
    "myworkday",
    "smartrecruiters",
    "ashbyhq",
    "icims",
    "teamtailor",
    "workable",
    "bamboohr",
    "jobvite",
    "calendly",
    "linkedin",
    "indeed",
    "example",
];

/// A company name from a sender's domain: `talent.acme-corp.co.uk` is
/// "Acme Corp".
fn company_of_domain(domain: &str) -> Option<String> {
    let labels: Vec<&str> = domain.split('.').filter(|l| !l.is_empty()).collect();
    if labels.len() < 2 {
        return None;
    }
    // The label before the public suffix: co.uk, com.au and the like count
    // as one suffix.
    let second_level = ["co", "com", "org", "net", "ac", "gov", "ltd", "plc"];
    let n = labels.len();
    let name = if n >= 3 && second_level.contains(&labels[n - 2]) && labels[n - 1].len() == 2 {
        labels[n - 3]
    } else {
        labels[n - 2]
    };
    if SHARED_DOMAINS.contains(&name) || name.len() < 2 {
        return None;
    }
    let words: Vec<String> = name
        .split(['-', '_'])
        .filter(|w| !w.is_empty())
        .map(|w| {
            let mut c = w.chars();
            c.next()
                .map(|f| f.to_uppercase().collect::<String>() + c.as_str())
                .unwrap_or_default()
        })
        .collect();
    Some(words.join(" "))
}

/// Reads the zone an answer's date may carry: `…[Europe/London]`.
pub fn zoned_answer(text: &str) -> Option<Zoned> {
    let text = text.trim();
    (text.ends_with(']') && text.contains('[')).then(|| text.parse::<Zoned>().ok())?
}

/// How the email names a zone: "London time", "New York time", "UTC".
pub fn zone_label(tz: &TimeZone, at: Timestamp) -> String {
    // UTC and the Etc/ zones are named by their offset.
    match tz.iana_name() {
        Some(name) if name.contains('/') && !name.starts_with("Etc/") => {
            let city = name.rsplit('/').next().unwrap_or(name).replace('_', " ");
            format!("{city} time")
        }
        _ => {
            let offset = tz.to_offset(at);
            if offset.seconds() == 0 {
                "UTC".to_string()
            } else {
                format!("UTC{offset}")
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn titles_give_role_and_company_in_the_ways_invitations_put_them() {
        let cases = [
            (
                "Interview: Senior Data Analyst at Acme",
                Some("Senior Data Analyst"),
                Some("Acme"),
            ),
            (
                "Invitation: Interview: Senior Data Analyst at Acme @ Fri 4 Dec 2026 10am - 11am (GMT) (sam@example.com)",
                Some("Senior Data Analyst"),
                Some("Acme"),
            ),
            (
                "Product Designer interview – Globex",
                Some("Product Designer"),
                Some("Globex"),
            ),
            (
                "Globex - Product Designer",
                Some("Product Designer"),
                Some("Globex"),
            ),
            (
                "Interview with Hooli for Site Reliability Engineer",
                Some("Site Reliability Engineer"),
                Some("Hooli"),
            ),
            ("Interview with Hooli", None, Some("Hooli")),
            (
                "RE: Your application: Backend Engineer at Initech",
                Some("Backend Engineer"),
                Some("Initech"),
            ),
            (
                "Fwd: Second round interview for the Analyst role at Initrode",
                Some("Analyst"),
                Some("Initrode"),
            ),
            ("Catch-up", None, None),
            ("", None, None),
        ];
        for (title, position, company) in cases {
            let (p, c) = read_title(title);
            assert_eq!(p.as_deref(), position, "{title}");
            assert_eq!(c.as_deref(), company, "{title}");
        }
    }

    #[test]
    fn names_written_surname_first_are_turned_round() {
        assert_eq!(natural_name("Patel, Priya"), "Priya Patel");
        assert_eq!(natural_name(" Reyes,  Alex "), "Alex Reyes");
        assert_eq!(
            natural_name("van der Berg, Anna Maria"),
            "Anna Maria van der Berg"
        );
        assert_eq!(natural_name("Jordan Smith"), "Jordan Smith");
        assert_eq!(natural_name("Acme, Inc."), "Acme, Inc.");
        assert_eq!(natural_name("Smith, Jr"), "Smith, Jr");
        assert_eq!(natural_name("a, b, c"), "a, b, c");
        assert_eq!(natural_name("Recruiting, "), "Recruiting,");
        assert_eq!(natural_name("x@y.com, Bo"), "x@y.com, Bo");
        assert_eq!(
            natural_name("Talent Acquisition Team Europe, Acme"),
            "Talent Acquisition Team Europe, Acme"
        );
    }

    #[test]
    fn a_company_is_read_from_its_own_domain_only() {
        assert_eq!(company_of_domain("acme.com").as_deref(), Some("Acme"));
        assert_eq!(
            company_of_domain("talent.acme-corp.co.uk").as_deref(),
            Some("Acme Corp")
        );
        assert_eq!(
            company_of_domain("mail.initech.com.au").as_deref(),
            Some("Initech")
        );
        assert_eq!(company_of_domain("gmail.com"), None);
        assert_eq!(company_of_domain("greenhouse.io"), None);
        assert_eq!(company_of_domain("localhost"), None);
        assert_eq!(
            company_of_domain("jobs.eu.acme.co.uk").as_deref(),
            Some("Acme")
        );
        assert_eq!(
            company_of_domain("a.b.c.initech.com").as_deref(),
            Some("Initech")
        );
        assert_eq!(company_of_domain("hp.com").as_deref(), Some("Hp"));
        assert_eq!(company_of_domain("x.io"), None);
    }

    #[test]
    fn suggestions_say_where_they_come_from() {
        let origin = Origin {
            letter: Some(Letter {
                subject: "Catch-up".into(),
                domain: "mail.acme.com".into(),
                ..Letter::default()
            }),
            ..Origin::default()
        };
        assert_eq!(
            origin.suggestions(),
            vec![(
                COMPANY_KEY,
                "Acme".to_string(),
                "the address's domain mail.acme.com".to_string()
            )]
        );
        let origin = Origin {
            letter: Some(Letter {
                subject: "Analyst interview – Initech".into(),
                domain: "acme.com".into(),
                ..Letter::default()
            }),
            ..Origin::default()
        };
        assert_eq!(
            origin.suggestions(),
            vec![
                (
                    POSITION_KEY,
                    "Analyst".to_string(),
                    "the subject".to_string()
                ),
                (
                    COMPANY_KEY,
                    "Initech".to_string(),
                    "the subject".to_string()
                ),
            ]
        );
    }

    #[test]
    fn the_reply_subject_gets_one_re() {
        let with = |s: &str| Origin {
            letter: Some(Letter {
                subject: s.into(),
                ..Letter::default()
            }),
            ..Origin::default()
        };
        assert_eq!(
            with("Interview").subject().as_deref(),
            Some("Re: Interview")
        );
        assert_eq!(
            with("Re: Interview").subject().as_deref(),
            Some("Re: Interview")
        );
        assert_eq!(
            with("RE: Interview").subject().as_deref(),
            Some("RE: Interview")
        );
        assert_eq!(with("re : x").subject().as_deref(), Some("re : x"));
        assert_eq!(
            with("Regarding x").subject().as_deref(),
            Some("Re: Regarding x")
        );
        assert_eq!(with("  ").subject(), None);
        assert_eq!(Origin::default().subject(), None);
    }

    #[test]
    fn message_ids_are_taken_bare_and_refused_when_they_could_break_a_header() {
        assert_eq!(message_id_of("<a.b@c>", "x").unwrap(), "a.b@c");
        assert_eq!(message_id_of(" a@c ", "x").unwrap(), "a@c");
        for bad in [
            "",
            "<>",
            "a b@c",
            "a\r\nBcc: x@y",
            "a\"@c",
            "a<b@c",
            "a\\b@c",
        ] {
            assert!(message_id_of(bad, "x").is_err(), "{bad:?}");
        }
        assert!(message_id_of(&format!("{}@b", "a".repeat(997)), "x").is_err());
        assert!(message_id_of(&format!("{}@b", "a".repeat(996)), "x").is_ok());
        // RFC 5322's msg-id: dot-atom text on each side, or a literal on the right.
        for good in ["a.b+c=d@mail.example.com", "x$y@[127.0.0.1]", "<1@2>"] {
            assert!(message_id_of(good, "x").is_ok(), "{good}");
        }
        for bad in [
            "a:b@c", "a@b:c", "ab", "a@@b", "a..b@c", ".a@c", "a@c.", "a@[b]c", "@c", "a@",
            "a@b@c", "<<a@b>>", "a@[x\\]",
        ] {
            assert!(message_id_of(bad, "x").is_err(), "{bad}");
        }
    }

    #[test]
    fn header_fields_with_controls_are_refused_and_long_ones_too() {
        assert_eq!(
            field("Subject", "  Interview\u{2028}today ").unwrap(),
            "Interview today"
        );
        assert!(field("Subject", "a\u{1b}[2Jb").is_err());
        assert!(field("Subject", "a\nBcc: b").is_err());
        assert!(field("Subject", &"a".repeat(crate::answers::MAX_LINE)).is_ok());
        assert!(field("Subject", &"a".repeat(crate::answers::MAX_LINE + 1)).is_err());
    }

    #[test]
    fn offsets_and_yearly_rules_are_read_as_zones_write_them() {
        assert_eq!(offset("+0100").unwrap().seconds(), 3600);
        assert_eq!(offset("-0530").unwrap().seconds(), -(5 * 3600 + 30 * 60));
        assert_eq!(offset("+053000").unwrap().seconds(), 5 * 3600 + 30 * 60);
        for bad in ["0100", "+1", "+01:00", "", "+ab00"] {
            assert!(offset(bad).is_none(), "{bad}");
        }
        let first = DateTime::strptime("%Y%m%dT%H%M%S", "16010101T020000").unwrap();
        let last_sunday_of_march = yearly_onset("FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU", 2026, first);
        assert_eq!(
            last_sunday_of_march.unwrap().to_string(),
            "2026-03-29T02:00:00"
        );
        let second_sunday = yearly_onset("FREQ=YEARLY;INTERVAL=1;BYDAY=2SU;BYMONTH=3", 2026, first);
        assert_eq!(second_sunday.unwrap().to_string(), "2026-03-08T02:00:00");
        assert_eq!(yearly_onset("FREQ=MONTHLY;BYDAY=1SU", 2026, first), None);
        assert_eq!(
            yearly_onset(
                "FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU;UNTIL=20061029T060000Z",
                2026,
                first
            ),
            None
        );
        assert!(
            yearly_onset(
                "FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU;UNTIL=20301029T060000Z",
                2026,
                first
            )
            .is_some()
        );
    }

    #[test]
    fn a_vtimezone_of_its_own_gives_the_offset_in_force() {
        let text = std::fs::read_to_string(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/tests/fixtures/invitations/lotus.ics"
        ))
        .unwrap();
        let event = Event::from_ics(&text, "lotus.ics").unwrap();
        // 10:00 in July is daylight time, four hours behind UTC.
        assert_eq!(event.start.timestamp().to_string(), "2026-07-07T14:00:00Z");
        assert_eq!(event.zone, "Eastern, UTC-04");
        // The same zone in winter is five hours behind.
        let winter = text.replace("20260707T", "20261207T");
        let event = Event::from_ics(&winter, "lotus.ics").unwrap();
        assert_eq!(event.start.timestamp().to_string(), "2026-12-07T15:00:00Z");
        assert_eq!(event.length(), jiff::SignedDuration::from_hours(1));
        assert_eq!(event.organizer.unwrap().name, "Lee Chair");
    }

    #[test]
    fn windows_and_path_shaped_zone_names_are_found() {
        let civil = DateTime::strptime("%Y%m%dT%H%M%S", "20261208T140000").unwrap();
        let (tz, name) = zone_of("Pacific Standard Time", &[], civil, "x").unwrap();
        assert_eq!(name, "America/Los_Angeles");
        assert_eq!(
            tz.to_offset(civil.to_zoned(tz.clone()).unwrap().timestamp())
                .seconds(),
            -8 * 3600
        );
        assert_eq!(
            zone_of("gmt standard time", &[], civil, "x").unwrap().1,
            "Europe/London"
        );
        assert_eq!(
            zone_of("/mozilla.org/20050126_1/America/New_York", &[], civil, "x")
                .unwrap()
                .1,
            "America/New_York"
        );
        assert!(zone_of("Atlantis Standard Time", &[], civil, "x").is_err());
        assert!(zone_of("../../etc/passwd", &[], civil, "x").is_err());
    }

    #[test]
    fn every_windows_zone_maps_to_a_zone_this_system_knows() {
        let unknown: Vec<&str> = WINDOWS_ZONES
            .iter()
            .filter(|(_, iana_name)| iana(iana_name).is_none())
            .map(|(w, _)| *w)
            .collect();
        assert!(unknown.is_empty(), "{unknown:?}");
        assert!(WINDOWS_ZONES.len() > 130);
    }

    #[test]
    fn zones_are_named_as_a_reader_says_them() {
        let at = Timestamp::UNIX_EPOCH;
        let tz = |n: &str| jiff::tz::db().get(n).unwrap();
        assert_eq!(zone_label(&tz("Europe/London"), at), "London time");
        assert_eq!(zone_label(&tz("America/New_York"), at), "New York time");
        assert_eq!(
            zone_label(&tz("America/Argentina/Buenos_Aires"), at),
            "Buenos Aires time"
        );
        assert_eq!(zone_label(&TimeZone::UTC, at), "UTC");
        assert_eq!(zone_label(&tz("Etc/GMT+5"), at), "UTC-05");
        let fixed = TimeZone::fixed(Offset::from_seconds(5 * 3600 + 1800).unwrap());
        assert_eq!(zone_label(&fixed, at), "UTC+05:30");
    }

    fn message_with(parts: &str) -> Vec<u8> {
        format!(
            "From: Jo <jo@acme.com>\r\nSubject: Interview\r\nMessage-ID: <m@acme.com>\r\n\
             Content-Type: multipart/mixed; boundary=b\r\n\r\n--b\r\nContent-Type: \
             text/plain\r\n\r\nSee you on 3 December 2026 at 4pm.\r\n{parts}--b--\r\n"
        )
        .into_bytes()
    }

    const ICS: &str = "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:x\r\nBEGIN:VEVENT\r\n\
                       UID:u@acme.com\r\nDTSTAMP:20261127T120000Z\r\n\
                       DTSTART:20261203T160000Z\r\nSUMMARY:Interview\r\n\
                       END:VEVENT\r\nEND:VCALENDAR\r\n";

    fn now() -> Zoned {
        "2026-11-26T09:00:00+00:00[UTC]".parse().unwrap()
    }

    #[test]
    fn a_calendar_attached_as_application_ics_is_read_and_other_parts_are_not() {
        let attached = message_with(&format!(
            "--b\r\nContent-Type: application/ics; name=invite.ics\r\n\r\n{ICS}"
        ));
        let origin = Origin::from_message(&attached, "m", &now()).unwrap();
        assert_eq!(origin.event.unwrap().uid, "u@acme.com");
        assert_eq!(origin.date_in_text, None);
        // A part of another type is not a calendar: the date comes from the text.
        let other = message_with(&format!(
            "--b\r\nContent-Type: application/octet-stream\r\n\r\n{ICS}"
        ));
        let origin = Origin::from_message(&other, "m", &now()).unwrap();
        assert!(origin.event.is_none());
        assert_eq!(origin.date_in_text.as_deref(), Some("2026-12-03 16:00"));
        let text_ics = message_with(&format!("--b\r\nContent-Type: text/ics\r\n\r\n{ICS}"));
        assert!(
            Origin::from_message(&text_ics, "m", &now())
                .unwrap()
                .event
                .is_none()
        );
    }

    #[test]
    fn a_calendar_part_over_1_mib_is_a_problem_not_a_failure() {
        let big = ICS.replace(
            "SUMMARY:Interview",
            &format!("SUMMARY:{}", "x".repeat(MAX_CALENDAR)),
        );
        let message = message_with(&format!(
            "--b\r\nContent-Type: text/calendar; method=REQUEST\r\n\r\n{big}"
        ));
        let origin = Origin::from_message(&message, "m", &now()).unwrap();
        assert!(origin.event.is_none());
        assert!(
            origin.problems[0].contains("larger than 1 MiB"),
            "{:?}",
            origin.problems
        );
        assert_eq!(
            origin.letter.unwrap().message_id.as_deref(),
            Some("m@acme.com")
        );
    }

    #[test]
    fn a_start_of_eight_digits_is_a_day() {
        let ics = ICS.replace("DTSTART:20261203T160000Z", "DTSTART:20261203");
        let e = Event::from_ics(&ics, "x").unwrap();
        assert!(!e.has_time);
        assert_eq!(e.start.date().to_string(), "2026-12-03");
        assert_eq!(e.when(), "2026-12-03");
        let e = Event::from_ics(ICS, "x").unwrap();
        assert!(e.has_time);
        assert_eq!(e.when(), "2026-12-03T16:00:00+00:00[UTC]");
        assert_eq!(e.shown(), "Thursday 3 December 16:00 (UTC)");
    }

    #[test]
    fn zone_names_that_reach_outside_the_database_are_not_looked_up() {
        for name in ["", "/etc/localtime", "../zoneinfo/UTC", "Europe/../UTC"] {
            assert!(iana(name).is_none(), "{name}");
        }
        assert_eq!(iana("UTC").unwrap().1, "UTC");
    }

    #[test]
    fn a_january_date_takes_the_change_of_the_autumn_before() {
        let text = std::fs::read_to_string(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/tests/fixtures/invitations/lotus.ics"
        ))
        .unwrap()
        .replace("20260707T", "20260115T");
        let event = Event::from_ics(&text, "lotus.ics").unwrap();
        assert_eq!(event.start.timestamp().to_string(), "2026-01-15T15:00:00Z");
    }

    #[test]
    fn every_weekday_of_a_yearly_rule_is_read() {
        let first = DateTime::strptime("%Y%m%dT%H%M%S", "19700101T020000").unwrap();
        // The first of each weekday in March 2026 (the 1st is a Sunday).
        for (day, date) in [
            ("MO", 2),
            ("TU", 3),
            ("WE", 4),
            ("TH", 5),
            ("FR", 6),
            ("SA", 7),
            ("SU", 1),
        ] {
            let rule = format!("FREQ=YEARLY;BYMONTH=3;BYDAY=1{day}");
            let onset = yearly_onset(&rule, 2026, first).unwrap();
            assert_eq!(onset.day(), date, "{day}");
        }
        assert_eq!(
            yearly_onset("FREQ=YEARLY;BYMONTH=3;BYDAY=1XX", 2026, first),
            None
        );
        // A rule that ends within the year still holds for it.
        assert!(
            yearly_onset(
                "FREQ=YEARLY;BYMONTH=3;BYDAY=1SU;UNTIL=20261101T000000Z",
                2026,
                first
            )
            .is_some()
        );
    }

    #[test]
    fn a_title_may_start_with_the_company() {
        assert_eq!(read_title("With Acme"), (None, Some("Acme".to_string())));
    }

    #[test]
    fn an_event_without_a_title_leaves_the_subject_to_suggest() {
        let origin = Origin {
            letter: Some(Letter {
                subject: "Analyst interview – Initech".into(),
                ..Letter::default()
            }),
            event: Some(Event {
                summary: String::new(),
                ..Event::from_ics(ICS, "x").unwrap()
            }),
            ..Origin::default()
        };
        assert_eq!(
            origin.suggestions()[0],
            (
                POSITION_KEY,
                "Analyst".to_string(),
                "the subject".to_string()
            )
        );
    }

    #[test]
    fn an_answer_with_a_zone_is_read_as_one() {
        let z = zoned_answer("2026-12-04T10:00:00+00:00[Europe/London]").unwrap();
        assert_eq!(z.time_zone().iana_name(), Some("Europe/London"));
        assert!(zoned_answer("2026-12-04 10:00").is_none());
        assert!(zoned_answer("[x]").is_none());
    }

    fn lines_of(text: &str) -> Vec<(usize, String)> {
        content_lines(text)
            .into_iter()
            .map(|l| (l.number, l.text))
            .collect()
    }

    #[test]
    fn content_lines_end_in_any_line_break_and_folds_are_joined() {
        let expected = vec![
            (1, "A:1".to_string()),
            (2, "B:23".to_string()),
            (4, "C:4".to_string()),
        ];
        for text in [
            "A:1\r\nB:2\r\n 3\r\nC:4\r\n",
            "A:1\nB:2\n\t3\nC:4",
            "A:1\rB:2\r 3\rC:4\r",
            "\u{feff}A:1\r\nB:2\n 3\rC:4",
        ] {
            assert_eq!(lines_of(text), expected, "{text:?}");
        }
        // Blank lines are dropped, but counted.
        assert_eq!(
            lines_of("A:1\r\n\r\n  \r\nB:2"),
            vec![(1, "A:1".to_string()), (4, "B:2".to_string())]
        );
        // A fold with nothing before it starts a line of its own.
        assert_eq!(lines_of(" A:1"), vec![(1, " A:1".to_string())]);
        assert!(lines_of("").is_empty());
    }

    #[test]
    fn a_value_starts_after_the_first_colon_outside_quotes() {
        assert_eq!(raw_value("A:b:c"), Some("b:c"));
        assert_eq!(raw_value("A;X=\"a:b\":c"), Some("c"));
        assert_eq!(raw_value("A;X=\"a:b"), None);
        assert_eq!(raw_value("A"), None);
        assert_eq!(raw_value("A:"), Some(""));
        assert_eq!(property_name("DTSTART;TZID=X:1"), "DTSTART");
        assert_eq!(property_name("UID:1"), "UID");
        assert_eq!(property_name("X-NO-VALUE"), "X-NO-VALUE");
    }

    #[test]
    fn a_line_is_a_property_only_when_the_parser_read_all_of_it() {
        let read = |l: &str| Property::try_from(l).is_ok_and(|p| whole(&p, l));
        assert!(read("UID:a"));
        assert!(read("X-EMPTY:"));
        assert!(read("ATTENDEE;CN=\"a:b\";X=1:mailto:a@b.c"));
        assert!(read("RELATED-TO;RELTYPE=:x"));
        assert!(!read("ORGANIZER;CN=\"Jo \"x\"\":mailto:jo@acme.com"));
        assert!(!read(
            "X-APPLE-STRUCTURED-LOCATION;X-TITLE=Hauptstraße 1-5\\; 4041 Linz:geo:48.3,14.3"
        ));
        // The parser takes `; b` for a parameter with no value: so does bowout.
        assert!(read("X-TITLE;A=a\\; b:c"));
        assert!(!read("NO-COLON"));
        assert!(!read(":value"));
        assert!(!read("A B:c"));
    }

    #[test]
    fn a_sequence_is_read_however_large() {
        assert_eq!(sequence_of(" 7 "), Some(7));
        assert_eq!(sequence_of("+7"), Some(7));
        assert_eq!(sequence_of("-3"), Some(-3));
        assert_eq!(sequence_of("99999999999999999999999"), Some(i64::MAX));
        assert_eq!(sequence_of("-99999999999999999999999"), Some(i64::MIN));
        for bad in ["", "+", "-", "1.5", "x", "1 2"] {
            assert_eq!(sequence_of(bad), None, "{bad}");
        }
    }

    #[test]
    fn what_an_answer_needs_is_named_by_component() {
        for p in [
            "UID",
            "dtstart",
            "DTEND",
            "DURATION",
            "SEQUENCE",
            "ORGANIZER",
            "ATTENDEE",
        ] {
            assert!(needed("VEVENT", p), "{p}");
            assert!(!needed("VALARM", p), "{p}");
            assert!(!needed("VCALENDAR", p), "{p}");
        }
        for p in ["RRULE", "RDATE", "RECURRENCE-ID"] {
            assert!(needed("vevent", p), "{p}");
        }
        for c in ["VTIMEZONE", "STANDARD", "daylight"] {
            for p in [
                "TZID",
                "TZOFFSETTO",
                "TZOFFSETFROM",
                "DTSTART",
                "RRULE",
                "X-LIC-LOCATION",
            ] {
                assert!(needed(c, p), "{c} {p}");
            }
            assert!(!needed(c, "TZNAME"), "{c}");
        }
        for p in [
            "SUMMARY",
            "LOCATION",
            "DESCRIPTION",
            "GEO",
            "X-APPLE-STRUCTURED-LOCATION",
        ] {
            assert!(!needed("VEVENT", p), "{p}");
        }
    }

    /// A calendar of one event with `props`, nested in `wrap` components.
    fn nested(depth: usize) -> String {
        format!(
            "BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\nUID:n\r\nDTSTART:20261203T160000Z\r\n{}{}\
             END:VEVENT\r\nEND:VCALENDAR\r\n",
            "BEGIN:VALARM\r\n".repeat(depth),
            "END:VALARM\r\n".repeat(depth)
        )
    }

    #[test]
    fn components_nest_at_most_max_depth_deep() {
        // The calendar and the event are two levels.
        assert!(Event::from_ics(&nested(MAX_DEPTH - 2), "x").is_ok());
        let err = Event::from_ics(&nested(MAX_DEPTH - 1), "x").unwrap_err();
        assert!(
            format!("{err}").contains(&format!(
                "more than {MAX_DEPTH} deep (line {})",
                MAX_DEPTH + 3
            )),
            "{err}"
        );
        // Each alarm's lines stay with the event, for an update to repeat.
        let e = Event::from_ics(&nested(2), "x").unwrap();
        assert_eq!(e.source.event.len(), 8);
        assert_eq!(e.source.event[0], "BEGIN:VEVENT");
        assert_eq!(e.source.event[7], "END:VEVENT");
    }

    #[test]
    fn a_calendar_is_read_to_its_end_and_no_further() {
        let ok = format!("{ICS}X-COMMENT: after\r\nBEGIN:VEVENT\r\n");
        assert_eq!(Event::from_ics(&ok, "x").unwrap().uid, "u@acme.com");
        let cut = ICS.replace("END:VEVENT\r\nEND:VCALENDAR\r\n", "");
        let err = Event::from_ics(&cut, "x").unwrap_err();
        assert!(
            format!("{err}").contains("ends before the VEVENT from line 4 does (no END:VEVENT)"),
            "{err}"
        );
        let crossed = ICS.replace("END:VEVENT\r\nEND:VCALENDAR", "END:VCALENDAR\r\nEND:VEVENT");
        let err = Event::from_ics(&crossed, "x").unwrap_err();
        assert!(
            format!("{err}")
                .contains("line 9 ends VCALENDAR but the VEVENT from line 4 is still open"),
            "{err}"
        );
        let err = Event::from_ics("X:1\r\nBEGIN:VCALENDAR\r\n", "x").unwrap_err();
        assert!(
            format!("{err}").contains("does not start with BEGIN:VCALENDAR"),
            "{err}"
        );
        // Lower case and trailing spaces are the same words.
        let loose = ICS
            .replace("BEGIN:VEVENT", "begin:vevent  ")
            .replace("END:VCALENDAR", "end:VCalendar\t");
        assert_eq!(Event::from_ics(&loose, "x").unwrap().uid, "u@acme.com");
    }

    #[test]
    fn lines_that_cannot_be_read_are_left_out_unless_needed() {
        let text = ICS.replace(
            "SUMMARY:Interview\r\n",
            "SUMMARY:Interview\r\nGEO;X=\"a:1\r\nLOCATION:Room 1\r\n",
        );
        let e = Event::from_ics(&text, "x.ics").unwrap();
        assert_eq!(
            e.notes,
            ["x.ics: line 9 (GEO) is not valid iCalendar; bowout does not need it and left it out"]
        );
        assert!(e.source.event.contains(&"LOCATION:Room 1".to_string()));
        assert!(!e.source.event.iter().any(|l| l.starts_with("GEO")));
        let origin = Origin {
            event: Some(e),
            ..Origin::default()
        };
        assert_eq!(origin.notes().len(), 1);
        assert!(Origin::default().notes().is_empty());
        // In a zone, what gives the offset is needed; its name is not.
        let zone = "BEGIN:VTIMEZONE\r\nTZID:Z\r\nBEGIN:STANDARD\r\nDTSTART:19700101T000000\r\n\
                    TZOFFSETTO:+0100\r\nTZNAME;X=\"a:CET\r\nEND:STANDARD\r\nEND:VTIMEZONE\r\n";
        let text = ICS
            .replace("BEGIN:VEVENT", &format!("{zone}BEGIN:VEVENT"))
            .replace("DTSTART:20261203T160000Z", "DTSTART;TZID=Z:20261203T160000");
        let e = Event::from_ics(&text, "x").unwrap();
        assert_eq!(e.start.timestamp().to_string(), "2026-12-03T15:00:00Z");
        assert_eq!(e.notes.len(), 1);
        let broken = text.replace("TZOFFSETTO:+0100", "TZOFFSETTO;X=\"a:+0100");
        let err = Event::from_ics(&broken, "x").unwrap_err();
        assert!(
            format!("{err}").contains("bowout needs its TZOFFSETTO"),
            "{err}"
        );
    }

    #[test]
    fn an_empty_tzid_is_a_zone_named_by_nothing() {
        let zone = "BEGIN:VTIMEZONE\r\nTZID:\r\nBEGIN:STANDARD\r\nDTSTART:19700101T000000\r\n\
                    TZOFFSETTO:+0200\r\nEND:STANDARD\r\nEND:VTIMEZONE\r\n";
        for tzid in ["TZID=", "TZID=\"\""] {
            let text = ICS
                .replace("BEGIN:VEVENT", &format!("{zone}BEGIN:VEVENT"))
                .replace(
                    "DTSTART:20261203T160000Z",
                    &format!("DTSTART;{tzid}:20261203T160000"),
                );
            let e = Event::from_ics(&text, "x").unwrap();
            assert_eq!(
                e.start.timestamp().to_string(),
                "2026-12-03T14:00:00Z",
                "{tzid}"
            );
        }
        let p = Property::try_from("DTSTART;TZID=;VALUE=DATE-TIME:1").unwrap();
        assert_eq!(param(&p, "TZID"), Some(""));
        assert_eq!(param(&p, "CN"), None);
    }

    #[test]
    fn the_end_may_be_the_start_but_never_before_it() {
        let same = ICS.replace("SUMMARY", "DTEND:20261203T160000Z\r\nSUMMARY");
        assert!(Event::from_ics(&same, "x").is_ok());
        let before = ICS.replace("SUMMARY", "DTEND:20261203T155959Z\r\nSUMMARY");
        let err = Event::from_ics(&before, "x").unwrap_err();
        assert!(
            format!("{err}").contains("ends (2026-12-03 15:59 UTC) before it starts"),
            "{err}"
        );
        let duration = ICS.replace("SUMMARY", "DURATION:PT45M\r\nSUMMARY");
        let e = Event::from_ics(&duration, "x").unwrap();
        assert_eq!(e.length(), jiff::SignedDuration::from_mins(45));
        let bad = ICS.replace("SUMMARY", "DURATION:forty-five\r\nSUMMARY");
        let err = Event::from_ics(&bad, "x").unwrap_err();
        assert!(
            format!("{err}").contains("DURATION `forty-five` is not"),
            "{err}"
        );
        let bad = ICS.replace("SUMMARY", "SEQUENCE:two\r\nSUMMARY");
        let err = Event::from_ics(&bad, "x").unwrap_err();
        assert!(
            format!("{err}").contains("SEQUENCE `two` is not a whole number"),
            "{err}"
        );
    }

    #[test]
    fn the_uid_and_summary_are_unescaped_once() {
        let text = ICS
            .replace("UID:u@acme.com", "UID:a\\\\n\\,b")
            .replace("SUMMARY:Interview", "SUMMARY:A\\, B\\\\n");
        let e = Event::from_ics(&text, "x").unwrap();
        assert_eq!(e.uid, "a\\n,b");
        assert_eq!(e.source.uid, "a\\\\n\\,b");
        assert_eq!(e.summary, "A, B\\n");
        let none = ICS.replace("UID:u@acme.com\r\n", "");
        assert!(format!("{}", Event::from_ics(&none, "x").unwrap_err()).contains("has no UID"));
        let blank = ICS.replace("UID:u@acme.com", "UID: ");
        assert!(Event::from_ics(&blank, "x").is_err());
    }

    #[test]
    fn those_invited_are_the_attendees_but_the_organizer() {
        let text = ICS.replace(
            "SUMMARY",
            "ORGANIZER:mailto:o@acme.com\r\nATTENDEE:mailto:O@acme.com\r\n\
             ATTENDEE:mailto:a@x.example\r\nATTENDEE:mailto:b@x.example\r\nSUMMARY",
        );
        let e = Event::from_ics(&text, "x").unwrap();
        let invited: Vec<&str> = e.invited().map(|m| m.address.as_str()).collect();
        assert_eq!(invited, ["a@x.example", "b@x.example"]);
        let text = ICS.replace("SUMMARY", "ATTENDEE:mailto:a@x.example\r\nSUMMARY");
        assert_eq!(Event::from_ics(&text, "x").unwrap().invited().count(), 1);
    }
}
