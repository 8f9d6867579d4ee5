//! Renders every combination of situation, reason, tone, length, notice,
//! apology, door and proposed times, and fails on anything a careful reader
//! would catch: a leftover placeholder, an empty greeting, an HTML entity, a
//! doubled word, a sentence that starts in lower case, or a brief email of
//! 120 words or more.

use bowout::advice::SITUATIONS;
use bowout::answers::Answers;
use bowout::render::Renderer;

const NOW: &str = "2026-11-26T09:00[UTC]";
/// Ample notice, under 48 hours, under 24 hours, the same day, and missed.
const WHEN: &[&str] = &[
    "2026-12-03 10:00",
    "2026-11-27 16:00",
    "2026-11-27 08:00",
    "2026-11-26 15:00",
    "2026-11-25 14:00",
];

fn problems(text: &str, brief: bool) -> Vec<String> {
    let mut found = Vec::new();
    for bad in [
        "{{", "}}", "[Your", "&amp;", "&lt;", "&gt;", "&quot;", "&#", "  ", " .", " ,", "..", ",,",
        "Dear ,", "Hello ,",
    ] {
        if text.contains(bad) {
            found.push(format!("contains {bad:?}"));
        }
    }
    let first = text.lines().nth(2).unwrap_or_default();
    if !(first.starts_with("Dear ") || first.starts_with("Hello "))
        || !first.ends_with(',')
        || first.len() < 7
    {
        found.push(format!("greeting {first:?}"));
    }
    let words: Vec<String> = text
        .split_whitespace()
        .map(|w| {
            w.trim_matches(|c: char| !c.is_alphanumeric())
                .to_lowercase()
        })
        .collect();
    for pair in words.windows(2) {
        if !pair[0].is_empty() && pair[0] == pair[1] {
            found.push(format!("doubled word {:?}", pair[0]));
        }
    }
    for (i, _) in text.match_indices(". ") {
        let next = text[i + 2..].chars().next().unwrap_or('A');
        if next.is_lowercase() {
            found.push(format!("lower-case sentence start at {i}"));
        }
    }
    let body_words = text.lines().skip(2).flat_map(str::split_whitespace).count();
    if brief && body_words >= 120 {
        found.push(format!("brief email has {body_words} words"));
    }
    found
}

#[test]
fn every_combination_reads_cleanly() {
    let renderer = Renderer::builtin().unwrap();
    let now: jiff::Zoned = NOW.parse().unwrap();
    let mut rendered = 0;
    let mut failures = Vec::new();
    for s in SITUATIONS {
        let reasons: Vec<Option<&str>> = if s.reasons.is_empty() {
            vec![None]
        } else {
            s.reasons.iter().map(|r| Some(r.id)).collect()
        };
        for reason in &reasons {
            for tone in ["formal", "warm"] {
                for length in ["brief", "standard"] {
                    for when in WHEN {
                        for flags in 0..8u8 {
                            let mut a = Answers::default();
                            let mut set = |k: &str, v: &str| a.set(k, v).unwrap();
                            set("situation", s.id);
                            if let Some(r) = reason {
                                set("reason", r);
                            }
                            set("tone", tone);
                            set("length", length);
                            set("interview_at", when);
                            set("company", "Müller & Söhne");
                            set("position", "Senior Site Reliability Engineer");
                            set("recipient", "Dr Ngozi Okonkwo-Adeyemi");
                            set("sender", "Siobhán O'Connor");
                            set("signature", "+353 1 555 0100");
                            set("apology", if flags & 1 == 0 { "true" } else { "false" });
                            set("door_open", if flags & 2 == 0 { "true" } else { "false" });
                            if flags & 4 == 0 {
                                set(
                                    "alternatives",
                                    "2026-12-07 10:00; 2026-12-08 14:30; Wednesday morning",
                                );
                            }
                            let resolved = a.resolve(&now).unwrap();
                            let r = renderer.render(&resolved).unwrap();
                            let phone = renderer.phone(&resolved).unwrap();
                            let text = format!("Subject: {}\n\n{}", r.subject, r.body);
                            let label = format!(
                                "{} {:?} {tone} {length} {when} flags={flags}",
                                s.id, reason
                            );
                            for p in problems(&text, length == "brief") {
                                failures.push(format!("{label}: {p}\n{text}"));
                            }
                            for bad in ["{{", "}}", "&amp;", "  ", " ."] {
                                if phone.contains(bad) {
                                    failures
                                        .push(format!("{label}: phone contains {bad:?}\n{phone}"));
                                }
                            }
                            assert!(text.contains("Müller & Söhne"), "{label}");
                            assert!(text.contains("Senior Site Reliability Engineer"), "{label}");
                            assert!(
                                r.body
                                    .trim_end()
                                    .ends_with("Siobhán O'Connor\n+353 1 555 0100"),
                                "{label}"
                            );
                            rendered += 1;
                        }
                    }
                }
            }
        }
    }
    assert!(
        failures.is_empty(),
        "{} problems; first:\n{}",
        failures.len(),
        failures[0]
    );
    assert_eq!(rendered, 31 * 2 * 2 * WHEN.len() * 8);
}

#[test]
fn the_checker_catches_what_it_looks_for() {
    // The checks above must be able to fail.
    assert!(!problems("Subject: x\n\nDear ,\n\nok", false).is_empty());
    assert!(!problems("Subject: x\n\nDear Sam,\n\nWe we met.", false).is_empty());
    assert!(!problems("Subject: x\n\nDear Sam,\n\nAT&amp;T", false).is_empty());
    assert!(!problems("Subject: x\n\nDear Sam,\n\nHi. there", false).is_empty());
    let long = format!("Subject: x\n\nDear Sam,\n\n{}", "word ".repeat(130));
    assert!(!problems(&long, true).is_empty());
    assert!(problems("Subject: x\n\nDear Sam,\n\nAll fine here.", true).is_empty());
}
