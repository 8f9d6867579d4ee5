//! The calendar's answer to an invitation (iTIP, RFC 5546), written with
//! the icalendar crate: a REPLY declining it, a COUNTER proposing another
//! time, or, from the employer, a CANCEL or an updated REQUEST. Lines are
//! folded at 75 octets and end in CRLF, as RFC 5545 asks.

use anyhow::Result;
use icalendar::{Calendar, Component as _, Event as VEvent, Property};
use jiff::{Timestamp, Zoned};

use crate::advice::Side;
use crate::answers::Resolved;
use crate::invite::{Event, Mailbox};
use crate::usage;

/// An iTIP message: its method (for the MIME type) and its text.
#[derive(Debug, Clone, PartialEq)]
pub struct Answer {
    pub method: &'static str,
    pub text: String,
}

/// `20261204T100000Z`.
fn utc(at: Timestamp) -> String {
    at.strftime("%Y%m%dT%H%M%SZ").to_string()
}

/// A parameter value: RFC 5545 allows no double quote or control in one.
fn param_text(text: &str) -> String {
    text.chars()
        .filter(|c| !c.is_control())
        .map(|c| if c == '"' { '\'' } else { c })
        .collect()
}

fn person(key: &str, who: &Mailbox, partstat: Option<&str>) -> Property {
    let mut p = Property::new(key, format!("mailto:{}", who.address));
    if !who.name.is_empty() {
        p.add_parameter("CN", &param_text(&who.name));
    }
    if let Some(s) = partstat {
        p.add_parameter("PARTSTAT", s);
    }
    p.done()
}

/// The calendar's answer for this email, or why there is none.
pub fn answer(event: &Event, a: &Resolved, now: &Zoned) -> Result<Answer> {
    let me = Mailbox {
        name: a.sender.clone(),
        address: a.sender_email.clone(),
    };
    let organizer = event.organizer.clone();
    let id = a.situation.id;
    let mine = match a.situation.side {
        Side::Candidate => attendee_of(event, &me, organizer.as_ref()),
        Side::Employer => organizer.clone().unwrap_or(me.clone()),
    };
    if mine.address.is_empty() {
        return Err(usage!(
            "the calendar answer needs your address, to say who answers: give it with --set \
             sender_email=you@example.com"
        ));
    }
    let (method, new_start) = match (a.situation.side, id) {
        (Side::Candidate, "decline" | "cancel") => ("REPLY", None),
        (Side::Candidate, "reschedule") => ("COUNTER", Some(first_time(a)?)),
        (Side::Employer, "withdraw-invitation") => ("CANCEL", None),
        (Side::Employer, "employer-reschedule") => ("REQUEST", Some(first_time(a)?)),
        _ => {
            return Err(usage!(
                "a {id} email has no calendar answer: the invitation stays as it is (calendar \
                 answers are for decline, cancel, reschedule, withdraw-invitation and \
                 employer-reschedule)"
            ));
        }
    };
    let mut cal = Calendar::empty();
    cal.append_property(Property::new(
        "PRODID",
        format!("-//bowout//bowout {}//EN", env!("CARGO_PKG_VERSION")),
    ));
    cal.append_property(Property::new("VERSION", "2.0"));
    cal.append_property(Property::new("METHOD", method));
    let mut ev = VEvent::new();
    ev.add_property("UID", &event.uid);
    ev.add_property("DTSTAMP", utc(now.timestamp()));
    let sequence = match method {
        "CANCEL" | "REQUEST" => event.sequence + 1,
        _ => event.sequence,
    };
    ev.add_property("SEQUENCE", sequence.to_string());
    let (start, end) = match &new_start {
        Some(start) => (start.timestamp(), start.timestamp() + event.length()),
        None => (
            event.start.timestamp(),
            event
                .end
                .as_ref()
                .map_or(event.start.timestamp() + event.length(), |e| e.timestamp()),
        ),
    };
    if event.has_time || new_start.is_some() {
        ev.add_property("DTSTART", utc(start));
        ev.add_property("DTEND", utc(end));
    } else {
        let mut p = Property::new("DTSTART", event.start.date().strftime("%Y%m%d").to_string());
        p.add_parameter("VALUE", "DATE");
        ev.append_property(p.done());
    }
    if !event.summary.is_empty() {
        ev.add_property("SUMMARY", &event.summary);
    }
    match a.situation.side {
        Side::Candidate => {
            let organizer = organizer.unwrap_or_else(|| Mailbox {
                name: a.recipient.clone(),
                address: a.recipient_email.clone(),
            });
            ev.append_property(person("ORGANIZER", &organizer, None));
            let partstat = (method == "REPLY").then_some("DECLINED");
            ev.append_multi_property(person("ATTENDEE", &mine, partstat));
            if method == "COUNTER" {
                ev.add_property("COMMENT", "Proposing a new time for the interview.");
            }
        }
        Side::Employer => {
            let organizer = mine;
            ev.append_property(person("ORGANIZER", &organizer, None));
            let mut attendees: Vec<Mailbox> = event
                .attendees
                .iter()
                .filter(|m| !m.address.eq_ignore_ascii_case(&organizer.address))
                .cloned()
                .collect();
            if attendees.is_empty() {
                attendees.push(Mailbox {
                    name: a.recipient.clone(),
                    address: a.recipient_email.clone(),
                });
            }
            for who in &attendees {
                let mut p = person("ATTENDEE", who, Some("NEEDS-ACTION"));
                if method == "REQUEST" {
                    p.add_parameter("RSVP", "TRUE");
                }
                ev.append_multi_property(p.done());
            }
            ev.add_property(
                "STATUS",
                if method == "CANCEL" {
                    "CANCELLED"
                } else {
                    "CONFIRMED"
                },
            );
        }
    }
    cal.push(ev.done());
    Ok(Answer {
        method,
        text: cal.to_string(),
    })
}

/// Who answers: the attendee with the sender's address; else the one
/// attendee who is not the organizer; else the sender.
fn attendee_of(event: &Event, me: &Mailbox, organizer: Option<&Mailbox>) -> Mailbox {
    if let Some(found) = event
        .attendees
        .iter()
        .find(|m| !me.address.is_empty() && m.address.eq_ignore_ascii_case(&me.address))
    {
        return Mailbox {
            name: if me.name.is_empty() {
                found.name.clone()
            } else {
                me.name.clone()
            },
            address: found.address.clone(),
        };
    }
    let others: Vec<&Mailbox> = event
        .attendees
        .iter()
        .filter(|m| organizer.is_none_or(|o| !m.address.eq_ignore_ascii_case(&o.address)))
        .collect();
    match (others.as_slice(), me.address.is_empty()) {
        ([one], true) => Mailbox {
            name: if me.name.is_empty() {
                one.name.clone()
            } else {
                me.name.clone()
            },
            address: one.address.clone(),
        },
        _ => me.clone(),
    }
}

/// The first proposed time, which the calendar answer proposes; it needs a
/// time of day.
fn first_time(a: &Resolved) -> Result<Zoned> {
    let first = a.alternatives.first().ok_or_else(|| {
        usage!(
            "the calendar answer proposes the first of the alternatives, and none is given: add \
             one with --set alternatives='2026-12-08 14:00'"
        )
    })?;
    if !first.when.has_time {
        return Err(usage!(
            "the calendar answer proposes the first alternative, `{}`, which has no time of day; \
             give it with one, e.g. `{} 14:00`",
            crate::answers::proposed_date(first, a.english),
            first.when.at.date()
        ));
    }
    Ok(first.when.at.clone())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::answers::Answers;

    fn now() -> Zoned {
        "2026-11-26T09:00:00+00:00[UTC]".parse().unwrap()
    }

    fn event(attendees: &[(&str, &str)]) -> Event {
        let start: Zoned = "2026-12-03T16:00:00+00:00[UTC]".parse().unwrap();
        Event {
            end: None,
            start,
            has_time: true,
            zone: "UTC".into(),
            organizer: Some(Mailbox {
                name: "Alex Reyes".into(),
                address: "alex@hooli.com".into(),
            }),
            attendees: attendees
                .iter()
                .map(|(n, a)| Mailbox {
                    name: n.to_string(),
                    address: a.to_string(),
                })
                .collect(),
            summary: "Interview".into(),
            uid: "u1@hooli.com".into(),
            sequence: 3,
        }
    }

    fn resolved(pairs: &[&str]) -> Resolved {
        let mut a = Answers::default();
        for pair in [
            "reason=no-reason",
            "company=Hooli",
            "position=SRE",
            "sender=Sam Lee",
            "interview_at=2026-12-03 16:00",
        ]
        .iter()
        .chain(pairs)
        {
            a.set_pair(pair).unwrap();
        }
        a.resolve(&now()).unwrap()
    }

    fn line<'a>(text: &'a str, key: &str) -> Vec<&'a str> {
        text.split("\r\n").filter(|l| l.starts_with(key)).collect()
    }

    #[test]
    fn the_attendee_is_the_sender_or_the_one_invited() {
        let e = event(&[
            ("Alex Reyes", "alex@hooli.com"),
            ("S. Lee", "sam@home.example"),
        ]);
        // No address of their own: the one attendee who is not the organizer.
        let a = answer(&e, &resolved(&["situation=decline"]), &now()).unwrap();
        assert_eq!(
            line(&a.text, "ATTENDEE"),
            ["ATTENDEE;CN=Sam Lee;PARTSTAT=DECLINED:mailto:sam@home.example"]
        );
        // Their address among the attendees: that one, with their name.
        let a = answer(
            &e,
            &resolved(&["situation=decline", "sender_email=SAM@home.example"]),
            &now(),
        )
        .unwrap();
        assert_eq!(
            line(&a.text, "ATTENDEE"),
            ["ATTENDEE;CN=Sam Lee;PARTSTAT=DECLINED:mailto:sam@home.example"]
        );
        // An address not invited: their own.
        let a = answer(
            &e,
            &resolved(&["situation=decline", "sender_email=sam@work.example"]),
            &now(),
        )
        .unwrap();
        assert_eq!(
            line(&a.text, "ATTENDEE"),
            ["ATTENDEE;CN=Sam Lee;PARTSTAT=DECLINED:mailto:sam@work.example"]
        );
        // Two others invited and no address: who answers cannot be told.
        let two = event(&[("A", "a@x.example"), ("B", "b@x.example")]);
        let err = answer(&two, &resolved(&["situation=decline"]), &now()).unwrap_err();
        assert!(format!("{err}").contains("sender_email"), "{err}");
    }

    #[test]
    fn each_side_answers_with_its_own_method_and_sequence() {
        let e = event(&[("S", "sam@home.example")]);
        let cases = [
            ("situation=cancel", "REPLY", "SEQUENCE:3"),
            ("situation=withdraw-invitation", "CANCEL", "SEQUENCE:4"),
        ];
        for (situation, method, sequence) in cases {
            let r = resolved(&[situation, "sender_email=hr@hooli.com", "recipient=Sam"]);
            let a = answer(&e, &r, &now()).unwrap();
            assert_eq!(a.method, method);
            assert_eq!(
                line(&a.text, "METHOD"),
                [format!("METHOD:{method}").as_str()]
            );
            assert_eq!(line(&a.text, "SEQUENCE"), [sequence], "{situation}");
            assert_eq!(line(&a.text, "UID"), ["UID:u1@hooli.com"]);
            assert_eq!(line(&a.text, "DTSTART"), ["DTSTART:20261203T160000Z"]);
            assert_eq!(line(&a.text, "DTEND"), ["DTEND:20261203T170000Z"]);
            assert_eq!(line(&a.text, "DTSTAMP"), ["DTSTAMP:20261126T090000Z"]);
        }
        // The employer's CANCEL is from the event's organizer, to everyone else.
        let r = resolved(&[
            "situation=withdraw-invitation",
            "sender_email=hr@hooli.com",
            "recipient=Sam",
        ]);
        let a = answer(&e, &r, &now()).unwrap();
        assert_eq!(
            line(&a.text, "ORGANIZER"),
            ["ORGANIZER;CN=Alex Reyes:mailto:alex@hooli.com"]
        );
        assert_eq!(
            line(&a.text, "ATTENDEE"),
            ["ATTENDEE;CN=S;PARTSTAT=NEEDS-ACTION:mailto:sam@home.example"]
        );
        assert_eq!(line(&a.text, "STATUS"), ["STATUS:CANCELLED"]);
        let err = answer(&e, &resolved(&["situation=follow-up"]), &now()).unwrap_err();
        assert!(format!("{err}").contains("has no calendar answer"), "{err}");
    }

    #[test]
    fn an_employer_without_attendees_invites_the_recipient_and_organizes_it_themselves() {
        let mut e = event(&[]);
        e.organizer = None;
        let r = resolved(&[
            "situation=employer-reschedule",
            "reason=interviewer-unavailable",
            "sender_email=hr@hooli.com",
            "recipient=Sam Lee",
            "recipient_email=sam@home.example",
            "alternatives=2026-12-09 14:00",
        ]);
        let a = answer(&e, &r, &now()).unwrap();
        assert_eq!(a.method, "REQUEST");
        assert_eq!(
            line(&a.text, "ORGANIZER"),
            ["ORGANIZER;CN=Sam Lee:mailto:hr@hooli.com"]
        );
        assert_eq!(
            line(&a.text, "ATTENDEE"),
            ["ATTENDEE;CN=Sam Lee;PARTSTAT=NEEDS-ACTION;RSVP=TRUE:mailto:sam@home.example"]
        );
        assert_eq!(line(&a.text, "DTSTART"), ["DTSTART:20261209T140000Z"]);
        assert_eq!(line(&a.text, "DTEND"), ["DTEND:20261209T150000Z"]);
        assert_eq!(line(&a.text, "SEQUENCE"), ["SEQUENCE:4"]);
        assert_eq!(line(&a.text, "STATUS"), ["STATUS:CONFIRMED"]);
    }

    #[test]
    fn an_all_day_event_is_answered_as_a_day() {
        let mut e = event(&[("S", "sam@home.example")]);
        e.has_time = false;
        let a = answer(&e, &resolved(&["situation=decline"]), &now()).unwrap();
        assert_eq!(line(&a.text, "DTSTART"), ["DTSTART;VALUE=DATE:20261203"]);
        assert!(line(&a.text, "DTEND").is_empty());
    }

    #[test]
    fn names_in_parameters_lose_what_would_break_them() {
        assert_eq!(param_text("Jo \"JJ\" Smith\u{7}"), "Jo 'JJ' Smith");
        assert_eq!(utc(Timestamp::UNIX_EPOCH), "19700101T000000Z");
    }
}
