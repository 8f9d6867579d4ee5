//! The email as mail tools take it: an RFC 5322 message for msmtp, mutt or
//! himalaya, and an RFC 6068 `mailto:` link for a desktop mail client. Pure
//! formatting; `handoff` does the opening.

use anyhow::Result;
use base64::Engine as _;
use jiff::Zoned;
use mail_builder::MessageBuilder;
use mail_builder::headers::address::Address;
use mail_builder::headers::content_type::ContentType;
use mail_builder::headers::message_id::MessageId;
use mail_builder::headers::raw::Raw;
use mail_builder::mime::MimePart;
use percent_encoding::{AsciiSet, NON_ALPHANUMERIC, utf8_percent_encode};

use crate::answers::Resolved;
use crate::usage;

/// Mail clients commonly cut `mailto:` links longer than this.
pub const MAILTO_WARN_LEN: usize = 2000;

/// RFC 3986 unreserved characters stay; everything else is percent-encoded,
/// so a space is `%20`, never `+`.
const ENCODE: &AsciiSet = &NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'.')
    .remove(b'_')
    .remove(b'~');

/// An address part keeps its `@`.
const ENCODE_ADDRESS: &AsciiSet = &ENCODE.remove(b'@');

/// What makes a message a reply: the message it answers, and the
/// calendar's answer to go with it.
#[derive(Clone, Debug, Default)]
pub struct Reply {
    /// The Message-ID answered, without angle brackets.
    pub in_reply_to: Option<String>,
    /// The answered message's References and its Message-ID.
    pub references: Vec<String>,
    /// The iTIP answer, sent as a `text/calendar; method=…` alternative.
    pub calendar: Option<crate::itip::Answer>,
}

/// The message as RFC 5322 text with CRLF line endings. Header values come
/// from answers already cleaned of line breaks, and mail-builder encodes
/// anything that is not plain ASCII (RFC 2047), so no value can add a header.
/// A reply threads under the message it answers (RFC 5322 §3.6.4) and
/// carries the calendar's answer (RFC 6047).
pub fn eml(
    a: &Resolved,
    subject: &str,
    body: &str,
    now: &Zoned,
    reply: Option<&Reply>,
) -> Result<String> {
    addressed(a)?;
    let mut message = MessageBuilder::new();
    // Text that looks like an RFC 2047 encoded word would be decoded by the
    // reader's mail program into something nobody typed (a line break and a
    // Bcc, say), so such text is itself encoded and decodes to what was typed.
    message = if looks_encoded(&a.sender) {
        message.header(
            "From",
            Raw::new(encoded_mailbox(&a.sender, &a.sender_email)),
        )
    } else {
        message.from((a.sender.clone(), a.sender_email.clone()))
    };
    message = if a.recipient.is_empty() {
        message.to(Address::from(a.recipient_email.clone()))
    } else if looks_encoded(&a.recipient) {
        message.header(
            "To",
            Raw::new(encoded_mailbox(&a.recipient, &a.recipient_email)),
        )
    } else {
        message.to((a.recipient.clone(), a.recipient_email.clone()))
    };
    message = if looks_encoded(subject) {
        message.header("Subject", Raw::new(encoded_words(subject)))
    } else {
        message.subject(subject.to_string())
    };
    message = message.date(now.timestamp().as_second());
    let body = body.replace('\n', "\r\n");
    let Some(reply) = reply else {
        return Ok(message.text_body(body).write_to_string()?);
    };
    if let Some(id) = &reply.in_reply_to {
        message = message.in_reply_to(MessageId::new(id.clone()));
    }
    if !reply.references.is_empty() {
        message = message.references(MessageId::from(reply.references.clone()));
    }
    message = match &reply.calendar {
        None => message.text_body(body),
        Some(cal) => message.body(MimePart::new(
            "multipart/alternative",
            vec![
                MimePart::new("text/plain", body),
                MimePart::new(
                    ContentType::new("text/calendar")
                        .attribute("method", cal.method)
                        .attribute("charset", "utf-8"),
                    cal.text.clone(),
                ),
            ],
        )),
    };
    Ok(message.write_to_string()?)
}

/// The answers a message needs beyond those of its email: its two
/// addresses, as `addressed` checks them.
pub const ADDRESS_KEYS: [&str; 2] = ["sender_email", "recipient_email"];

/// Refuses answers without the two addresses a message needs, naming them.
pub fn addressed(a: &Resolved) -> Result<()> {
    let mut missing = Vec::new();
    if a.sender_email.is_empty() {
        missing.push("sender_email");
    }
    if a.recipient_email.is_empty() {
        missing.push("recipient_email");
    }
    if missing.is_empty() {
        return Ok(());
    }
    Err(usage!(
        "--format eml needs {}: give {} with --set KEY=VALUE or in the --answers file",
        missing
            .iter()
            .map(|k| format!("`{k}`"))
            .collect::<Vec<_>>()
            .join(" and "),
        if missing.len() == 1 { "it" } else { "them" }
    ))
}

/// Whether text holds something a mail program would decode as an RFC
/// 2047 encoded word (`=?charset?q?…?=`).
fn looks_encoded(text: &str) -> bool {
    text.contains("=?")
}

/// `text` as RFC 2047 encoded words (UTF-8, base64), none longer than 75
/// characters, on folded lines.
fn encoded_words(text: &str) -> String {
    // 45 bytes make 60 base64 characters; with `=?utf-8?b?` and `?=`, 72.
    const CHUNK: usize = 45;
    let mut words = Vec::new();
    let mut start = 0;
    while start < text.len() {
        let mut end = (start + CHUNK).min(text.len());
        while !text.is_char_boundary(end) {
            end -= 1;
        }
        let encoded = base64::engine::general_purpose::STANDARD.encode(&text[start..end]);
        words.push(format!("=?utf-8?b?{encoded}?="));
        start = end;
    }
    words.join("\r\n ")
}

fn encoded_mailbox(name: &str, email: &str) -> String {
    format!("{}\r\n <{email}>", encoded_words(name))
}

/// `Name <address>` as mail programs read it, for the JSON `to`: a name
/// with any of RFC 5322's specials (a comma, angle brackets, quotes…) is
/// quoted, as in the .eml, so that it cannot read as more recipients.
pub fn mailbox(name: &str, email: &str) -> String {
    const SPECIALS: &str = "()<>[]:;@\\,.\"";
    if name.is_empty() {
        email.to_string()
    } else if name.chars().any(|c| SPECIALS.contains(c)) || looks_encoded(name) {
        let quoted = name.replace('\\', "\\\\").replace('"', "\\\"");
        format!("\"{quoted}\" <{email}>")
    } else {
        format!("{name} <{email}>")
    }
}

/// The `mailto:` URI, RFC 6068: subject and body percent-encoded as UTF-8,
/// line breaks as `%0D%0A`; a reply names the message it answers in an
/// `In-Reply-To` field, so that the mail client threads it.
pub fn mailto(a: &Resolved, subject: &str, body: &str, reply: Option<&Reply>) -> String {
    let body = body.replace("\r\n", "\n").replace('\n', "\r\n");
    let thread = reply
        .and_then(|r| r.in_reply_to.as_deref())
        .map(|id| {
            format!(
                "In-Reply-To={}&",
                utf8_percent_encode(&format!("<{id}>"), ENCODE)
            )
        })
        .unwrap_or_default();
    format!(
        "mailto:{}?{thread}subject={}&body={}",
        utf8_percent_encode(&a.recipient_email, ENCODE_ADDRESS),
        utf8_percent_encode(subject, ENCODE),
        utf8_percent_encode(&body, ENCODE),
    )
}
