//! The email as mail tools take it: an RFC 5322 message for msmtp, mutt or
//! himalaya, and an RFC 6068 `mailto:` link for a desktop mail client. Pure
//! formatting; `handoff` does the opening.

use anyhow::Result;
use jiff::Zoned;
use mail_builder::MessageBuilder;
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

/// The message as RFC 5322 text with CRLF line endings. Header values come
/// from answers already cleaned of line breaks, and mail-builder encodes
/// anything that is not plain ASCII (RFC 2047), so no value can add a header.
pub fn eml(a: &Resolved, subject: &str, body: &str, now: &Zoned) -> Result<String> {
    let mut missing = Vec::new();
    if a.sender_email.is_empty() {
        missing.push("sender_email");
    }
    if a.recipient_email.is_empty() {
        missing.push("recipient_email");
    }
    if !missing.is_empty() {
        return Err(usage!(
            "--format eml needs {}: give {} with --set KEY=VALUE or in the --answers file",
            missing
                .iter()
                .map(|k| format!("`{k}`"))
                .collect::<Vec<_>>()
                .join(" and "),
            if missing.len() == 1 { "it" } else { "them" }
        ));
    }
    let to = if a.recipient.is_empty() {
        mail_builder::headers::address::Address::from(a.recipient_email.clone())
    } else {
        (a.recipient.clone(), a.recipient_email.clone()).into()
    };
    let text = MessageBuilder::new()
        .from((a.sender.clone(), a.sender_email.clone()))
        .to(to)
        .subject(subject.to_string())
        .date(now.timestamp().as_second())
        .text_body(body.replace('\n', "\r\n"))
        .write_to_string()?;
    Ok(text)
}

/// The `mailto:` URI, RFC 6068: subject and body percent-encoded as UTF-8,
/// line breaks as `%0D%0A`.
pub fn mailto(a: &Resolved, subject: &str, body: &str) -> String {
    let body = body.replace("\r\n", "\n").replace('\n', "\r\n");
    format!(
        "mailto:{}?subject={}&body={}",
        utf8_percent_encode(&a.recipient_email, ENCODE_ADDRESS),
        utf8_percent_encode(subject, ENCODE),
        utf8_percent_encode(&body, ENCODE),
    )
}
