//! The calendar's answer to an invitation (iTIP, RFC 5546): a REPLY
//! declining it, a COUNTER proposing another time, or, from the employer, a
//! CANCEL or an updated REQUEST. An update repeats the original event with
//! only what changed changed, every other line as it was written (the
//! meeting link, the location, the alarms). Lines are folded at 75 octets
//! and end in CRLF, as RFC 5545 asks; no line carries an empty address.

use anyhow::Result;
use icalendar::parser::Property;
use jiff::{Timestamp, Zoned};

use crate::advice::Side;
use crate::answers::Resolved;
use crate::invite::{Event, Mailbox};
use crate::usage;

/// An iTIP message: its method (for the MIME type), its text, and what the
/// person should know about it.
#[derive(Debug, Clone, PartialEq)]
pub struct Answer {
    pub method: &'static str,
    pub text: String,
    pub warnings: Vec<String>,
}

/// The largest SEQUENCE: RFC 5545's integers are 32-bit.
const MAX_SEQUENCE: i64 = i32::MAX as i64;

/// `20261204T100000Z`.
fn utc(at: Timestamp) -> String {
    at.strftime("%Y%m%dT%H%M%SZ").to_string()
}

/// A parameter value: RFC 5545 allows no double quote or control in one,
/// and one with a colon, semicolon or comma is quoted.
fn param_text(text: &str) -> String {
    let clean: String = text
        .chars()
        .filter(|c| !c.is_control())
        .map(|c| if c == '"' { '\'' } else { c })
        .collect();
    if clean.contains([':', ';', ',']) {
        format!("\"{clean}\"")
    } else {
        clean
    }
}

/// An ORGANIZER or ATTENDEE line; never one without an address.
fn person(key: &str, who: &Mailbox, params: &[(&str, &str)]) -> String {
    debug_assert!(!who.address.is_empty());
    let mut line = key.to_string();
    if !who.name.is_empty() {
        line.push_str(";CN=");
        line.push_str(&param_text(&who.name));
    }
    for (k, v) in params {
        line.push_str(&format!(";{k}={v}"));
    }
    line.push_str(":mailto:");
    line.push_str(&who.address);
    line
}

/// The lines folded at 75 octets (at a character's boundary) and ended in
/// CRLF, without the control characters RFC 5545 allows in no line (an
/// original's line may have had some).
fn folded(lines: &[String]) -> String {
    let mut out = String::new();
    for line in lines {
        let clean: String;
        let mut rest = line.as_str();
        if rest.chars().any(|c| c.is_control() && c != '\t') {
            clean = rest
                .chars()
                .filter(|c| !c.is_control() || *c == '\t')
                .collect();
            rest = &clean;
        }
        let mut room = 75;
        loop {
            if rest.len() <= room {
                out.push_str(rest);
                out.push_str("\r\n");
                break;
            }
            let mut cut = room;
            while !rest.is_char_boundary(cut) {
                cut -= 1;
            }
            out.push_str(&rest[..cut]);
            out.push_str("\r\n ");
            rest = &rest[cut..];
            room = 74;
        }
    }
    out
}

/// Whether a content line names a zone with an empty id (`TZID=`).
fn empty_zone(line: &str) -> bool {
    Property::try_from(line).is_ok_and(|p| {
        p.params.iter().any(|q| {
            q.key.as_str().eq_ignore_ascii_case("TZID")
                && q.val
                    .as_ref()
                    .is_none_or(|v| v.as_str().trim().trim_matches('"').is_empty())
        })
    })
}

/// A content line's property name, in capitals.
fn name_of(line: &str) -> String {
    line[..line.find([';', ':']).unwrap_or(line.len())]
        .trim()
        .to_ascii_uppercase()
}

/// The calendar's answer for this email, or why there is none.
pub fn answer(event: &Event, a: &Resolved, now: &Zoned) -> Result<Answer> {
    let id = a.situation.id;
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
    if !(0..=MAX_SEQUENCE).contains(&event.sequence) {
        return Err(usage!(
            "the invitation's SEQUENCE is {}, outside the 0 to {MAX_SEQUENCE} that RFC 5545 \
             allows, so no calendar could place an answer to it",
            event.sequence
        ));
    }
    // The organizer's update must be newer than every copy of the event; a
    // reply repeats the sequence it answers.
    let sequence = match method {
        "CANCEL" | "REQUEST" if event.sequence == MAX_SEQUENCE => {
            return Err(usage!(
                "the invitation's SEQUENCE is already {MAX_SEQUENCE}, the largest RFC 5545 \
                 allows, so no update of it could be newer; send a new invitation instead"
            ));
        }
        "CANCEL" | "REQUEST" => event.sequence + 1,
        _ => event.sequence,
    };
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
    let mut warnings = Vec::new();
    let (zones, body) = match a.situation.side {
        Side::Candidate => (
            Vec::new(),
            candidate(
                event,
                a,
                now,
                method,
                sequence,
                (start, end),
                new_start.is_some(),
                &mut warnings,
            )?,
        ),
        Side::Employer => employer(
            event,
            a,
            now,
            method,
            sequence,
            (start, end),
            new_start.is_some(),
        )?,
    };
    let mut lines = vec![
        "BEGIN:VCALENDAR".to_string(),
        format!("PRODID:-//bowout//bowout {}//EN", env!("CARGO_PKG_VERSION")),
        "VERSION:2.0".to_string(),
        format!("METHOD:{method}"),
    ];
    lines.extend(zones);
    lines.extend(body);
    lines.push("END:VCALENDAR".to_string());
    Ok(Answer {
        method,
        text: folded(&lines),
        warnings,
    })
}

/// The UID as the invitation wrote it, byte for byte.
fn uid_line(event: &Event) -> String {
    format!("UID:{}", event.source.uid)
}

/// A candidate's REPLY or COUNTER: who answers, to whom, for which event.
#[allow(clippy::too_many_arguments)]
fn candidate(
    event: &Event,
    a: &Resolved,
    now: &Zoned,
    method: &str,
    sequence: i64,
    (start, end): (Timestamp, Timestamp),
    moved: bool,
    warnings: &mut Vec<String>,
) -> Result<Vec<String>> {
    let me = Mailbox {
        name: a.sender.clone(),
        address: a.sender_email.clone(),
    };
    let mine = attendee_of(event, &me, event.organizer.as_ref());
    if mine.address.is_empty() {
        return Err(usage!(
            "the calendar answer needs your address, to say who answers: give it with --set \
             sender_email=you@example.com"
        ));
    }
    let invited: Vec<&str> = event.invited().map(|m| m.address.as_str()).collect();
    if !invited.is_empty()
        && !invited
            .iter()
            .any(|m| m.eq_ignore_ascii_case(&mine.address))
    {
        let shown = invited.len().min(5);
        let more = match invited.len() - shown {
            0 => String::new(),
            n => format!(" and {n} more"),
        };
        warnings.push(format!(
            "your address {} is not among those invited ({}{more}), so the organizer's \
             calendar may not match the answer to anyone: give the address you were invited at \
             with --set sender_email=…",
            mine.address,
            invited[..shown].join(", ")
        ));
    }
    let organizer = match &event.organizer {
        Some(o) => o.clone(),
        None if !a.recipient_email.is_empty() => Mailbox {
            name: a.recipient.clone(),
            address: a.recipient_email.clone(),
        },
        None => {
            return Err(usage!(
                "the invitation names no organizer, and the calendar answer must say whom it \
                 answers: give their address with --set recipient_email=name@example.com"
            ));
        }
    };
    let mut lines = vec![
        "BEGIN:VEVENT".to_string(),
        uid_line(event),
        format!("DTSTAMP:{}", utc(now.timestamp())),
        format!("SEQUENCE:{sequence}"),
    ];
    if event.has_time || moved {
        lines.push(format!("DTSTART:{}", utc(start)));
        lines.push(format!("DTEND:{}", utc(end)));
    } else {
        lines.push(format!(
            "DTSTART;VALUE=DATE:{}",
            event.start.date().strftime("%Y%m%d")
        ));
    }
    // The title as the invitation wrote it.
    if let Some(summary) = event.source.event.iter().find(|l| name_of(l) == "SUMMARY") {
        lines.push(summary.clone());
    }
    lines.push(person("ORGANIZER", &organizer, &[]));
    let partstat = if method == "REPLY" {
        vec![("PARTSTAT", "DECLINED")]
    } else {
        Vec::new()
    };
    lines.push(person("ATTENDEE", &mine, &partstat));
    if method == "COUNTER" {
        lines.push("COMMENT:Proposing a new time for the interview.".to_string());
    }
    lines.push("END:VEVENT".to_string());
    Ok(lines)
}

/// The employer's CANCEL or updated REQUEST: the original event with only
/// what changed changed (its times when moved, SEQUENCE, DTSTAMP, and STATUS
/// when cancelled), and the zones its lines name. A CANCEL carries no
/// alarm (RFC 5546 §3.2.5).
fn employer(
    event: &Event,
    a: &Resolved,
    now: &Zoned,
    method: &str,
    sequence: i64,
    (start, end): (Timestamp, Timestamp),
    moved: bool,
) -> Result<(Vec<String>, Vec<String>)> {
    let original: &[String] = &event.source.event;
    // The event's own properties, not those of its alarms.
    let mut own = Vec::new();
    let mut level = 0;
    for line in original.iter().skip(1) {
        match name_of(line).as_str() {
            "BEGIN" => level += 1,
            "END" => level -= 1,
            key if level == 0 => own.push(key.to_string()),
            _ => {}
        }
    }
    let has = |key: &str| own.iter().any(|k| k == key);
    let mut lines = vec!["BEGIN:VEVENT".to_string()];
    let mut depth = 0;
    for line in original
        .iter()
        .skip(1)
        .take(original.len().saturating_sub(2))
    {
        let key = name_of(line);
        if key == "BEGIN" {
            depth += 1;
        }
        let nested = depth > 0;
        if key == "END" {
            depth -= 1;
        }
        if nested {
            if method == "REQUEST" {
                lines.push(line.clone());
            }
            continue;
        }
        match key.as_str() {
            "DTSTAMP" => lines.push(format!("DTSTAMP:{}", utc(now.timestamp()))),
            "SEQUENCE" => lines.push(format!("SEQUENCE:{sequence}")),
            // A time moved is written in UTC; so is one whose zone has an
            // empty name, which readers cannot look up.
            "DTSTART" if moved || empty_zone(line) => {
                lines.push(format!("DTSTART:{}", utc(start)));
            }
            "DTEND" if moved || empty_zone(line) => lines.push(format!("DTEND:{}", utc(end))),
            "STATUS" if method == "CANCEL" => lines.push("STATUS:CANCELLED".to_string()),
            _ => lines.push(line.clone()),
        }
    }
    if !has("UID") {
        lines.push(uid_line(event));
    }
    if !has("DTSTAMP") {
        lines.push(format!("DTSTAMP:{}", utc(now.timestamp())));
    }
    if !has("SEQUENCE") {
        lines.push(format!("SEQUENCE:{sequence}"));
    }
    if !has("DTSTART") {
        lines.push(format!("DTSTART:{}", utc(start)));
    }
    if moved && !has("DTEND") && !has("DURATION") {
        lines.push(format!("DTEND:{}", utc(end)));
    }
    if method == "CANCEL" && !has("STATUS") {
        lines.push("STATUS:CANCELLED".to_string());
    }
    if !has("ORGANIZER") {
        if a.sender_email.is_empty() {
            return Err(usage!(
                "the invitation names no organizer, and the calendar's {method} must come from \
                 one: give your address with --set sender_email=you@example.com"
            ));
        }
        lines.push(person(
            "ORGANIZER",
            &Mailbox {
                name: a.sender.clone(),
                address: a.sender_email.clone(),
            },
            &[],
        ));
    }
    if !has("ATTENDEE") {
        if a.recipient_email.is_empty() {
            return Err(usage!(
                "the invitation names no attendee, and the calendar's {method} must say whom it \
                 is for: give their address with --set recipient_email=name@example.com"
            ));
        }
        let mut params = vec![("PARTSTAT", "NEEDS-ACTION")];
        if method == "REQUEST" {
            params.push(("RSVP", "TRUE"));
        }
        lines.push(person(
            "ATTENDEE",
            &Mailbox {
                name: a.recipient.clone(),
                address: a.recipient_email.clone(),
            },
            &params,
        ));
    }
    lines.push("END:VEVENT".to_string());
    // The zones that the lines written name, as the invitation wrote them.
    let named: Vec<String> = lines
        .iter()
        .filter(|l| l.contains("TZID"))
        .filter_map(|l| Property::try_from(l.as_str()).ok())
        .flat_map(|p| {
            p.params
                .iter()
                .filter(|q| q.key.as_str().eq_ignore_ascii_case("TZID"))
                .map(|q| {
                    let id = q.val.as_ref().map_or("", |v| v.as_str());
                    id.trim().trim_matches('"').to_string()
                })
                .collect::<Vec<_>>()
        })
        .collect();
    let zones = event
        .source
        .zones
        .iter()
        .filter(|(id, _)| named.iter().any(|n| n.eq_ignore_ascii_case(id)))
        .flat_map(|(_, zone)| zone.iter().cloned())
        .collect();
    Ok((zones, lines))
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

    /// An event read from calendar text: `props` are its lines besides the
    /// UID, DTSTAMP and start.
    fn ics(props: &str) -> Event {
        let text = format!(
            "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:x\r\nBEGIN:VEVENT\r\nUID:u1@hooli.com\r\n\
             DTSTAMP:20261120T000000Z\r\nDTSTART:20261203T160000Z\r\n{props}END:VEVENT\r\n\
             END:VCALENDAR\r\n"
        );
        Event::from_ics(&text, "x.ics").unwrap()
    }

    fn event(attendees: &[(&str, &str)]) -> Event {
        let mut props = String::from(
            "SUMMARY:Interview\r\nSEQUENCE:3\r\nORGANIZER;CN=Alex Reyes:mailto:alex@hooli.com\r\n",
        );
        for (n, a) in attendees {
            props.push_str(&format!("ATTENDEE;CN={n}:mailto:{a}\r\n"));
        }
        ics(&props)
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
        text.split("\r\n")
            .filter(|l| l.starts_with(key) && name_of(l) == name_of(key))
            .collect()
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
        assert!(a.warnings.is_empty(), "{:?}", a.warnings);
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
        assert!(a.warnings.is_empty(), "{:?}", a.warnings);
        // An address not invited: their own, with a warning naming those invited.
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
        assert_eq!(a.warnings.len(), 1);
        assert!(
            a.warnings[0].contains("sam@work.example")
                && a.warnings[0].contains("(sam@home.example)")
                && !a.warnings[0].contains("alex@hooli.com"),
            "{:?}",
            a.warnings
        );
        // Two others invited and no address: who answers cannot be told.
        let two = event(&[("A", "a@x.example"), ("B", "b@x.example")]);
        let err = answer(&two, &resolved(&["situation=decline"]), &now()).unwrap_err();
        assert!(format!("{err}").contains("--set sender_email="), "{err}");
        // Many invited: five named, the rest counted.
        let many: Vec<(String, String)> = (0..7)
            .map(|i| (format!("P{i}"), format!("p{i}@x.example")))
            .collect();
        let refs: Vec<(&str, &str)> = many.iter().map(|(n, a)| (n.as_str(), a.as_str())).collect();
        let a = answer(
            &event(&refs),
            &resolved(&["situation=decline", "sender_email=sam@work.example"]),
            &now(),
        )
        .unwrap();
        assert!(
            a.warnings[0].contains("p4@x.example and 2 more)") && !a.warnings[0].contains("p5@"),
            "{:?}",
            a.warnings
        );
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
            assert_eq!(line(&a.text, "DTSTAMP"), ["DTSTAMP:20261126T090000Z"]);
            assert_eq!(line(&a.text, "SUMMARY"), ["SUMMARY:Interview"]);
        }
        // A reply without an end gives the hour the event is taken to last.
        let r = resolved(&["situation=cancel", "sender_email=sam@home.example"]);
        let a = answer(&e, &r, &now()).unwrap();
        assert_eq!(line(&a.text, "DTEND"), ["DTEND:20261203T170000Z"]);
        // The employer's CANCEL is the event's, from its organizer, to everyone.
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
            ["ATTENDEE;CN=S:mailto:sam@home.example"]
        );
        assert_eq!(line(&a.text, "STATUS"), ["STATUS:CANCELLED"]);
        let err = answer(&e, &resolved(&["situation=follow-up"]), &now()).unwrap_err();
        assert!(format!("{err}").contains("has no calendar answer"), "{err}");
    }

    #[test]
    fn an_employer_without_attendees_invites_the_recipient_and_organizes_it_themselves() {
        let e = ics("DURATION:PT1H\r\n");
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
        // The duration stays what it was, and says the end.
        assert_eq!(line(&a.text, "DURATION"), ["DURATION:PT1H"]);
        assert!(line(&a.text, "DTEND").is_empty());
        assert_eq!(line(&a.text, "SEQUENCE"), ["SEQUENCE:1"]);
        assert!(line(&a.text, "STATUS").is_empty());
        // Without an address for either side, no answer: never an empty one.
        for (missing, named) in [
            ("sender_email=", "--set sender_email="),
            ("recipient_email=", "--set recipient_email="),
        ] {
            let mut pairs = vec![
                "situation=employer-reschedule",
                "reason=interviewer-unavailable",
                "sender_email=hr@hooli.com",
                "recipient=Sam",
                "recipient_email=sam@home.example",
                "alternatives=2026-12-09 14:00",
            ];
            pairs.push(missing);
            let err = answer(&e, &resolved(&pairs), &now()).unwrap_err();
            assert!(format!("{err}").contains(named), "{err}");
        }
    }

    #[test]
    fn a_counter_proposes_the_first_alternative_without_declining() {
        let e = event(&[("S", "sam@home.example")]);
        let r = resolved(&[
            "situation=reschedule",
            "reason=illness",
            "sender_email=sam@home.example",
            "alternatives=2026-12-09 14:00",
        ]);
        let a = answer(&e, &r, &now()).unwrap();
        assert_eq!(a.method, "COUNTER");
        assert_eq!(line(&a.text, "DTSTART"), ["DTSTART:20261209T140000Z"]);
        assert_eq!(line(&a.text, "DTEND"), ["DTEND:20261209T150000Z"]);
        assert_eq!(line(&a.text, "SEQUENCE"), ["SEQUENCE:3"]);
        assert_eq!(
            line(&a.text, "ATTENDEE"),
            ["ATTENDEE;CN=Sam Lee:mailto:sam@home.example"]
        );
        assert_eq!(
            line(&a.text, "COMMENT"),
            ["COMMENT:Proposing a new time for the interview."]
        );
        let decline = answer(&e, &resolved(&["situation=decline"]), &now()).unwrap();
        assert!(line(&decline.text, "COMMENT").is_empty());
    }

    #[test]
    fn a_reply_without_an_organizer_goes_to_the_recipient_or_is_refused() {
        let e = ics("ATTENDEE:mailto:sam@home.example\r\n");
        let a = answer(
            &e,
            &resolved(&[
                "situation=decline",
                "recipient=Jo Park",
                "recipient_email=jo@acme.example",
            ]),
            &now(),
        )
        .unwrap();
        assert_eq!(
            line(&a.text, "ORGANIZER"),
            ["ORGANIZER;CN=Jo Park:mailto:jo@acme.example"]
        );
        let err = answer(&e, &resolved(&["situation=decline"]), &now()).unwrap_err();
        assert!(format!("{err}").contains("--set recipient_email="), "{err}");
    }

    #[test]
    fn a_sequence_never_goes_down_nor_out_of_range() {
        let decline = resolved(&["situation=decline", "sender_email=sam@home.example"]);
        let cancel = resolved(&[
            "situation=withdraw-invitation",
            "sender_email=hr@hooli.com",
            "recipient=Sam",
            "recipient_email=sam@home.example",
        ]);
        let top = ics("SEQUENCE:2147483647\r\nORGANIZER:mailto:a@hooli.com\r\n");
        let a = answer(&top, &decline, &now()).unwrap();
        assert_eq!(line(&a.text, "SEQUENCE"), ["SEQUENCE:2147483647"]);
        let err = answer(&top, &cancel, &now()).unwrap_err();
        assert!(format!("{err}").contains("largest"), "{err}");
        let below = ics("SEQUENCE:2147483646\r\nORGANIZER:mailto:a@hooli.com\r\n");
        let a = answer(&below, &cancel, &now()).unwrap();
        assert_eq!(line(&a.text, "SEQUENCE"), ["SEQUENCE:2147483647"]);
        for bad in ["-1", "2147483648", "99999999999999999999999"] {
            let e = ics(&format!(
                "SEQUENCE:{bad}\r\nORGANIZER:mailto:a@hooli.com\r\n"
            ));
            for r in [&decline, &cancel] {
                let err = answer(&e, r, &now()).unwrap_err();
                assert!(
                    format!("{err}").contains("outside the 0 to"),
                    "{bad}: {err}"
                );
            }
        }
        let zero = ics("SEQUENCE:0\r\nORGANIZER:mailto:a@hooli.com\r\n");
        assert_eq!(
            line(&answer(&zero, &cancel, &now()).unwrap().text, "SEQUENCE"),
            ["SEQUENCE:1"]
        );
        assert_eq!(
            line(&answer(&zero, &decline, &now()).unwrap().text, "SEQUENCE"),
            ["SEQUENCE:0"]
        );
    }

    #[test]
    fn the_uid_is_written_back_as_it_was_read() {
        let text = "BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\nUID:a\\,b\\;c\\\\d\\nend\r\n\
                    DTSTART:20261203T160000Z\r\nORGANIZER:mailto:a@hooli.com\r\n\
                    END:VEVENT\r\nEND:VCALENDAR\r\n";
        let e = Event::from_ics(text, "x").unwrap();
        assert_eq!(e.uid, "a,b;c\\d end");
        let a = answer(
            &e,
            &resolved(&["situation=decline", "sender_email=sam@home.example"]),
            &now(),
        )
        .unwrap();
        assert_eq!(line(&a.text, "UID"), ["UID:a\\,b\\;c\\\\d\\nend"]);
    }

    const MEETING: &str = "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:x\r\nMETHOD:REQUEST\r\n\
        BEGIN:VTIMEZONE\r\nTZID:Romance Standard Time\r\nBEGIN:STANDARD\r\n\
        DTSTART:16010101T030000\r\nTZOFFSETFROM:+0200\r\nTZOFFSETTO:+0100\r\n\
        RRULE:FREQ=YEARLY;BYDAY=-1SU;BYMONTH=10\r\nEND:STANDARD\r\nBEGIN:DAYLIGHT\r\n\
        DTSTART:16010101T020000\r\nTZOFFSETFROM:+0100\r\nTZOFFSETTO:+0200\r\n\
        RRULE:FREQ=YEARLY;BYDAY=-1SU;BYMONTH=3\r\nEND:DAYLIGHT\r\nEND:VTIMEZONE\r\n\
        BEGIN:VTIMEZONE\r\nTZID:Unused\r\nBEGIN:STANDARD\r\nDTSTART:16010101T000000\r\n\
        TZOFFSETFROM:+0000\r\nTZOFFSETTO:+0000\r\nEND:STANDARD\r\nEND:VTIMEZONE\r\n\
        BEGIN:VEVENT\r\nORGANIZER;CN=\"Reyes, Alex\":mailto:alex@hooli.com\r\n\
        ATTENDEE;ROLE=REQ-PARTICIPANT;PARTSTAT=ACCEPTED;CN=Sam:mailto:sam@home.example\r\n\
        DESCRIPTION;LANGUAGE=en-US:Join: https://teams.microsoft.com/l/meetup-join/19%3a\
        meeting_abc\\, then wait\\n\r\n\
        UID:040000008200E00074C5B7101A82E0080000000001\r\nSUMMARY;LANGUAGE=en-US:Interview\r\n\
        DTSTART;TZID=Romance Standard Time:20261203T170000\r\n\
        DTEND;TZID=Romance Standard Time:20261203T180000\r\nCLASS:PUBLIC\r\nPRIORITY:5\r\n\
        DTSTAMP:20261120T101010Z\r\nTRANSP:OPAQUE\r\nSTATUS:CONFIRMED\r\nSEQUENCE:2\r\n\
        LOCATION;LANGUAGE=en-US:Microsoft Teams Meeting\r\n\
        X-MICROSOFT-SKYPETEAMSMEETINGURL:https://teams.microsoft.com/l/meetup-join/19%3ameeting_abc\r\n\
        CONFERENCE;VALUE=URI;FEATURE=VIDEO;LABEL=Join:https://meet.example/abc\r\n\
        BEGIN:VALARM\r\nDESCRIPTION:REMINDER\r\nTRIGGER;RELATED=START:-PT15M\r\n\
        ACTION:DISPLAY\r\nEND:VALARM\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n";

    /// The text's content lines, unfolded.
    fn unfolded(text: &str) -> Vec<String> {
        text.replace("\r\n ", "")
            .split("\r\n")
            .map(str::to_string)
            .collect()
    }

    #[test]
    fn a_moved_or_cancelled_meeting_keeps_everything_but_what_changed() {
        let e = Event::from_ics(MEETING, "x").unwrap();
        let original = unfolded(MEETING);
        let changed = ["DTSTART", "DTEND", "DTSTAMP", "SEQUENCE", "STATUS"];
        let moved = resolved(&[
            "situation=employer-reschedule",
            "reason=interviewer-unavailable",
            "sender_email=hr@hooli.com",
            "recipient=Sam",
            "alternatives=2026-12-09 14:00",
        ]);
        let a = answer(&e, &moved, &now()).unwrap();
        let written = unfolded(&a.text);
        // Every line of the event, but those that change, as it was.
        let event_lines = original
            .iter()
            .skip_while(|l| !l.starts_with("BEGIN:VEVENT"))
            .filter(|l| !changed.contains(&name_of(l).as_str()))
            .filter(|l| !l.contains("Unused") && !l.starts_with("METHOD"))
            .filter(|l| !l.is_empty());
        for l in event_lines {
            assert!(written.contains(l), "{l} is missing from\n{}", a.text);
        }
        assert_eq!(line(&a.text, "DTSTART"), ["DTSTART:20261209T140000Z"]);
        assert_eq!(line(&a.text, "DTEND"), ["DTEND:20261209T150000Z"]);
        assert_eq!(line(&a.text, "SEQUENCE"), ["SEQUENCE:3"]);
        assert_eq!(line(&a.text, "DTSTAMP"), ["DTSTAMP:20261126T090000Z"]);
        assert_eq!(line(&a.text, "STATUS"), ["STATUS:CONFIRMED"]);
        // The new times are in UTC, so no zone is named and none comes along.
        assert!(!a.text.contains("VTIMEZONE"), "{}", a.text);
        assert!(a.text.contains("BEGIN:VALARM"));
        // Folded at 75 octets.
        assert!(a.text.split("\r\n").all(|l| l.len() <= 75), "{}", a.text);

        let cancel = resolved(&[
            "situation=withdraw-invitation",
            "sender_email=hr@hooli.com",
            "recipient=Sam",
        ]);
        let a = answer(&e, &cancel, &now()).unwrap();
        let written = unfolded(&a.text);
        assert_eq!(
            line(&a.text, "DTSTART").last(),
            Some(&"DTSTART;TZID=Romance Standard Time:20261203T170000")
        );
        assert_eq!(
            line(&a.text, "DTEND"),
            ["DTEND;TZID=Romance Standard Time:20261203T180000"]
        );
        assert_eq!(line(&a.text, "STATUS"), ["STATUS:CANCELLED"]);
        assert_eq!(line(&a.text, "SEQUENCE"), ["SEQUENCE:3"]);
        // The zone its times name comes with them, the unused one does not,
        // nor does an alarm (RFC 5546).
        assert!(a.text.contains("TZID:Romance Standard Time"), "{}", a.text);
        assert!(a.text.contains("TZOFFSETTO:+0200"), "{}", a.text);
        assert!(!a.text.contains("Unused"), "{}", a.text);
        assert!(!a.text.contains("VALARM"), "{}", a.text);
        for key in [
            "X-MICROSOFT-SKYPETEAMSMEETINGURL",
            "CONFERENCE",
            "LOCATION",
            "CLASS",
        ] {
            let kept = original.iter().find(|l| name_of(l) == key).unwrap();
            assert!(written.contains(kept), "{key}");
        }
    }

    #[test]
    fn a_time_in_a_zone_with_an_empty_name_is_cancelled_in_utc() {
        let text = "BEGIN:VCALENDAR\r\nBEGIN:VTIMEZONE\r\nTZID:\r\nBEGIN:STANDARD\r\n\
                    DTSTART:16010101T000000\r\nTZOFFSETFROM:+0100\r\nTZOFFSETTO:+0100\r\n\
                    END:STANDARD\r\nEND:VTIMEZONE\r\nBEGIN:VEVENT\r\nUID:z\r\n\
                    DTSTART;TZID=:20261203T100000\r\nDTEND;TZID=:20261203T110000\r\n\
                    ORGANIZER:mailto:a@hooli.com\r\nATTENDEE:mailto:sam@home.example\r\n\
                    END:VEVENT\r\nEND:VCALENDAR\r\n";
        let e = Event::from_ics(text, "x").unwrap();
        let r = resolved(&[
            "situation=withdraw-invitation",
            "sender_email=hr@hooli.com",
            "recipient=Sam",
        ]);
        let a = answer(&e, &r, &now()).unwrap();
        assert_eq!(line(&a.text, "DTSTART"), ["DTSTART:20261203T090000Z"]);
        assert_eq!(line(&a.text, "DTEND"), ["DTEND:20261203T100000Z"]);
        assert!(!a.text.contains("VTIMEZONE"), "{}", a.text);
        assert!(empty_zone("DTSTART;TZID=:1"));
        assert!(empty_zone("DTSTART;TZID=\"\":1"));
        assert!(!empty_zone("DTSTART;TZID=X:1"));
        assert!(!empty_zone("DTSTART;VALUE=DATE:1"));
        assert!(!empty_zone("DTSTART;X=;TZID=Y:1"));
    }

    #[test]
    fn an_alarms_attendee_is_not_the_events() {
        // Google writes the address an e-mail alarm goes to in the alarm.
        let e = ics(
            "BEGIN:VALARM\r\nACTION:EMAIL\r\nATTENDEE:mailto:me@gmail.example\r\n\
                     ORGANIZER:mailto:x@y.example\r\nTRIGGER:-PT15M\r\nEND:VALARM\r\n",
        );
        // What follows an alarm is the event's again.
        let after = ics(
            "BEGIN:VALARM\r\nACTION:DISPLAY\r\nTRIGGER:-PT15M\r\nEND:VALARM\r\n\
                         ORGANIZER:mailto:jo@acme.example\r\nATTENDEE:mailto:sam@home.example\r\n",
        );
        let r = resolved(&[
            "situation=withdraw-invitation",
            "sender_email=hr@hooli.com",
            "recipient=Sam",
            "recipient_email=sam@home.example",
        ]);
        let a = answer(&e, &r, &now()).unwrap();
        assert_eq!(
            line(&a.text, "ATTENDEE"),
            ["ATTENDEE;CN=Sam;PARTSTAT=NEEDS-ACTION:mailto:sam@home.example"]
        );
        assert_eq!(
            line(&a.text, "ORGANIZER"),
            ["ORGANIZER;CN=Sam Lee:mailto:hr@hooli.com"]
        );
        let a = answer(&after, &r, &now()).unwrap();
        assert_eq!(
            line(&a.text, "ATTENDEE"),
            ["ATTENDEE:mailto:sam@home.example"]
        );
        assert_eq!(
            line(&a.text, "ORGANIZER"),
            ["ORGANIZER:mailto:jo@acme.example"]
        );
    }

    #[test]
    fn long_lines_are_folded_at_character_boundaries() {
        let line = format!("DESCRIPTION:{}", "é".repeat(100));
        let text = folded(std::slice::from_ref(&line));
        assert!(text.split("\r\n").all(|l| l.len() <= 75), "{text}");
        assert_eq!(text.replace("\r\n ", ""), format!("{line}\r\n"));
        assert_eq!(folded(&["A".repeat(75)]), format!("{}\r\n", "A".repeat(75)));
        assert_eq!(folded(&["A\u{1b}[31m\tB\r".into()]), "A[31m\tB\r\n");
        assert_eq!(folded(&["A\u{7}B".into()]), "AB\r\n");
        assert_eq!(
            folded(&["A".repeat(76)]),
            format!("{}\r\n A\r\n", "A".repeat(75))
        );
    }

    #[test]
    fn an_all_day_event_is_answered_as_a_day() {
        let text = "BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\nUID:d\r\nDTSTART;VALUE=DATE:20261203\r\n\
                    ORGANIZER:mailto:a@hooli.com\r\nATTENDEE:mailto:sam@home.example\r\n\
                    END:VEVENT\r\nEND:VCALENDAR\r\n";
        let e = Event::from_ics(text, "x").unwrap();
        let a = answer(&e, &resolved(&["situation=decline"]), &now()).unwrap();
        assert_eq!(line(&a.text, "DTSTART"), ["DTSTART;VALUE=DATE:20261203"]);
        assert!(line(&a.text, "DTEND").is_empty());
    }

    #[test]
    fn names_in_parameters_lose_what_would_break_them() {
        assert_eq!(param_text("Jo \"JJ\" Smith\u{7}"), "Jo 'JJ' Smith");
        assert_eq!(param_text("Reyes, Alex"), "\"Reyes, Alex\"");
        assert_eq!(param_text("a:b"), "\"a:b\"");
        assert_eq!(param_text("a;b"), "\"a;b\"");
        assert_eq!(utc(Timestamp::UNIX_EPOCH), "19700101T000000Z");
    }
}
