//! Property tests over arbitrary answers: rendering never panics, what was
//! typed survives exactly (once control characters are stripped), no
//! placeholder or HTML entity appears, and no header of the .eml can be
//! forged.

use bowout::advice::SITUATIONS;
use bowout::answers::{Answers, Value, strip_line, strip_text};
use bowout::mail;
use bowout::render::Renderer;
use proptest::prelude::*;

/// Text as people paste it: letters from many scripts, punctuation that
/// means something to HTML or handlebars, emoji, and control characters.
fn typed() -> impl Strategy<Value = String> {
    let ch = prop_oneof![
        8 => proptest::char::range('a', 'z'),
        2 => proptest::char::range('À', 'ſ'),
        2 => proptest::char::range('一', '龥'),
        1 => proptest::char::range('א', 'ת'),
        1 => proptest::char::range('😀', '🙏'),
        2 => prop::sample::select(vec![' ', '&', '<', '>', '"', '\'', '{', '}', '[', ']', '.', '-', '=', '?', ',', '@']),
        1 => prop::sample::select(vec!['\x1b', '\x07', '\r', '\n', '\t', '\u{202e}', '\u{85}', '\0', '\u{2028}', '\u{2029}']),
    ];
    prop::collection::vec(ch, 1..40).prop_map(|v| v.into_iter().collect())
}

static RENDERER: std::sync::LazyLock<Renderer> =
    std::sync::LazyLock::new(|| Renderer::builtin().unwrap());

fn visible(s: &str) -> bool {
    !strip_line(s).trim().is_empty()
}

/// One case of arbitrary answers: what the property checks.
#[allow(clippy::too_many_arguments)]
fn renders_and_keeps_what_was_typed(
    sit: usize,
    reason: usize,
    company: String,
    position: String,
    recipient: String,
    sender: String,
    detail: String,
    signature: String,
    warm: bool,
    brief: bool,
    apology: bool,
    door: bool,
    day: u8,
) -> Result<(), TestCaseError> {
    let s = &SITUATIONS[sit];
    let mut a = Answers::default();
    a.set("situation", s.id).unwrap();
    if !s.reasons.is_empty() {
        a.set("reason", s.reasons[reason % s.reasons.len()].id)
            .unwrap();
    }
    a.set("interview_at", &format!("2026-11-{day} 10:00"))
        .unwrap();
    a.put("company", Value::Text(company.clone()));
    a.put("position", Value::Text(position.clone()));
    a.put("recipient", Value::Text(recipient.clone()));
    a.put("sender", Value::Text(sender.clone()));
    a.put("detail", Value::Text(detail.clone()));
    a.put("signature", Value::Text(signature.clone()));
    a.set("tone", if warm { "warm" } else { "formal" }).unwrap();
    a.set("length", if brief { "brief" } else { "standard" })
        .unwrap();
    a.put("apology", Value::Flag(apology));
    a.put("door_open", Value::Flag(door));
    a.set("sender_email", "me@example.com").unwrap();
    a.set("recipient_email", "them@example.com").unwrap();

    let now: jiff::Zoned = "2026-11-25T09:00[UTC]".parse().unwrap();
    let resolved = a.resolve(&now).unwrap();
    let r = RENDERER.render(&resolved).unwrap();

    // Where a typed name's full stop meets the sentence's, one stays.
    let one_line = |t: &str| bowout::render::single_stops(strip_line(t).trim());
    // A warm email may leave the company out; a formal one names it.
    if !warm {
        prop_assert!(r.body.contains(&one_line(&company)), "company lost");
    }
    prop_assert!(r.body.contains(&one_line(&position)), "position lost");
    // The greeting uses the name as people do: whole, the first name
    // (warm), or a title with the surname, an initial or a team's name in
    // capitals; never an empty one.
    let name = one_line(&recipient);
    let words: Vec<&str> = name.split_whitespace().collect();
    let greeting = r.body.lines().next().unwrap_or_default();
    prop_assert!(
        greeting.ends_with(',')
            && words
                .iter()
                .any(|w| greeting.to_lowercase().contains(&w.to_lowercase())),
        "recipient lost: {greeting:?} for {name:?}"
    );
    // The sign-off is the person's own, kept exactly as typed.
    prop_assert!(
        r.body
            .contains(&format!("\n{}\n", strip_line(&sender).trim())),
        "sender lost"
    );
    let sig = strip_text(&signature);
    for line in sig
        .trim()
        .lines()
        .map(str::trim_end)
        .filter(|l| !l.trim().is_empty())
    {
        prop_assert!(r.body.contains(line), "signature line {line:?} lost");
    }
    let det = strip_text(&detail);
    let det_first = det.trim().lines().next().unwrap_or("").trim_end();
    // A detail of punctuation alone holds no words and is dropped.
    let has_words = det
        .chars()
        .any(|c| !c.is_whitespace() && !c.is_ascii_punctuation());
    if has_words
        && (s.reasons.is_empty()
            || resolved.reason.is_some_and(|r| r.id != "no-reason")
            || s.id == "follow-up")
    {
        // Its first letter may be made a capital, and a lone "i" an "I".
        let det_first = bowout::render::single_stops(det_first);
        let mut chars = det_first.chars();
        let first: String = chars
            .next()
            .map(|c| c.to_uppercase().collect())
            .unwrap_or_default();
        let rest = chars.as_str().to_lowercase();
        prop_assert!(
            r.body.contains(&first) && r.body.to_lowercase().contains(&rest),
            "detail lost"
        );
    }
    for c in [
        '\x1b', '\x07', '\r', '\0', '\u{202e}', '\u{85}', '\u{2028}', '\u{2029}',
    ] {
        prop_assert!(
            !r.body.contains(c) && !r.subject.contains(c),
            "control {c:?} passed"
        );
    }
    prop_assert!(!r.subject.contains('\n'));
    // Built-in wording carries no placeholder or entity; typed text may.
    let typed_all = [
        &company, &position, &recipient, &sender, &detail, &signature,
    ];
    for bad in ["{{", "&amp;", "&lt;", "&quot;", "&#"] {
        if !typed_all.iter().any(|t| t.contains(&bad[..1])) {
            prop_assert!(!r.body.contains(bad), "{bad} in body");
        }
    }

    // No value can add a header to the message.
    let eml = mail::eml(&resolved, &r.subject, &r.body, &now, None).unwrap();
    let head = eml.split("\r\n\r\n").next().unwrap();
    for line in head.split("\r\n") {
        let folded = line.starts_with(' ') || line.starts_with('\t');
        let known = [
            "From:",
            "To:",
            "Subject:",
            "Date:",
            "Message-ID:",
            "MIME-Version:",
            "Content-Type:",
            "Content-Transfer-Encoding:",
        ]
        .iter()
        .any(|h| line.starts_with(h));
        prop_assert!(folded || known, "unexpected header line {line:?}");
        prop_assert!(!line.contains('\r') && !line.contains('\n'));
    }
    // And every header reads back as exactly what was typed.
    let msg = mail_parser::MessageParser::default()
        .parse(eml.as_bytes())
        .unwrap();
    prop_assert_eq!(msg.subject().unwrap_or_default(), r.subject.as_str());
    let to = msg
        .to()
        .and_then(|t| t.first())
        .and_then(|a| a.name())
        .unwrap_or_default();
    prop_assert_eq!(to, resolved.recipient.as_str());
    let from = msg
        .from()
        .and_then(|t| t.first())
        .and_then(|a| a.name())
        .unwrap_or_default();
    prop_assert_eq!(from, resolved.sender.as_str());
    Ok(())
}

/// Cases the property once found, run every time whatever proptest's seeds
/// (tests/properties.proptest-regressions keeps those).
#[test]
fn cases_found_before_still_pass() {
    // An initial is not a first name: "mr i a", warmly, is "Hello Mr A,".
    let t = |s: &str| s.to_string();
    renders_and_keeps_what_was_typed(
        0,
        0,
        t("a"),
        t("a"),
        t("mr i a"),
        t("a"),
        t("a"),
        t("a"),
        true,
        false,
        false,
        false,
        20,
    )
    .unwrap();
    let r = RENDERER
        .render(&{
            let mut a = Answers::default();
            for pair in [
                "situation=decline",
                "reason=timing",
                "company=A",
                "position=B",
                "sender=C",
                "recipient=mr i a",
                "tone=warm",
            ] {
                a.set_pair(pair).unwrap();
            }
            a.resolve(&"2026-11-25T09:00[UTC]".parse().unwrap())
                .unwrap()
        })
        .unwrap();
    assert!(r.body.starts_with("Hello Mr A,\n"), "{}", r.body);
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(300))]

    #[test]
    fn any_answers_render_and_keep_what_was_typed(
        sit in 0..SITUATIONS.len(),
        reason in 0usize..8,
        company in typed(),
        position in typed(),
        recipient in typed(),
        sender in typed(),
        detail in typed(),
        signature in typed(),
        warm in any::<bool>(),
        brief in any::<bool>(),
        apology in any::<bool>(),
        door in any::<bool>(),
        day in 20u8..30,
    ) {
        prop_assume!(visible(&company) && visible(&position) && visible(&sender) && visible(&recipient));
        renders_and_keeps_what_was_typed(
            sit, reason, company, position, recipient, sender, detail, signature, warm, brief,
            apology, door, day,
        )?;
    }

    #[test]
    fn any_answers_file_text_is_read_or_refused_without_panicking(text in ".{0,200}") {
        let _ = Answers::from_toml(&text);
    }
}
