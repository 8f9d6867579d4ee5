//! Renders every combination of situation, reason, tone, length, English,
//! notice (ample, under 48 hours, under 24 hours, the same day, past, no
//! date), apology, door and proposed times, and fails on anything a careful
//! reader would catch: a leftover placeholder or entity, a doubled word or
//! phrase, "..", a time nobody typed, a greeting with a title and a first
//! name, a brief email over 80 words or a standard one over 150, two
//! reasons' emails more than 85% alike, or a word outside the dictionary of
//! the email's own English (hunspell, which scripts/test installs).

use std::collections::{BTreeSet, HashMap};
use std::io::Write;
use std::process::{Command, Stdio};

use bowout::advice::{Notice, SITUATIONS};
use bowout::answers::{Answers, long_date, proposed_date};
use bowout::check::{self, Severity};
use bowout::render::{BRIEF_WORDS, Renderer, STANDARD_WORDS, greeting_name, words_to_name};

const NOW: &str = "2026-11-26T09:00[UTC]";
/// Ample notice, under 48 hours, under 24 hours, the same day, missed, a
/// date with no time, and no date at all.
const WHEN: &[&str] = &[
    "2026-12-03 10:00",
    "2026-11-27 16:00",
    "2026-11-27 08:00",
    "2026-11-26 15:00",
    "2026-11-25 14:00",
    "2026-11-26",
    "2026-12-04",
    "",
];

const COMPANY: &str = "Smith & O'Brien Ltd.";
const POSITION: &str = "Senior Site Reliability Engineer";
const RECIPIENT: &str = "Dr. Ngozi Okonkwo-Adeyemi";
const SENDER: &str = "Siobhán O'Connor";
const SIGNATURE: &str = "+353 1 555 0100";

/// What a careful reader would catch in one email.
/// `units` are names and dates, which count as one word each: the limits
/// are about the writing, not the length of someone's job title.
fn problems(text: &str, brief: bool, sender: &str, units: &[String]) -> Vec<String> {
    let mut found = Vec::new();
    for bad in [
        "{{",
        "}}",
        "[Your",
        "&amp;",
        "&lt;",
        "&gt;",
        "&quot;",
        "&#",
        "  ",
        " .",
        " ,",
        ",,",
        "Dear ,",
        "Hello ,",
        "00:00",
        "12:00 a.m.",
        "?.",
        "!.",
    ] {
        if text.contains(bad) {
            found.push(format!("contains {bad:?}"));
        }
    }
    // ".." but not an ellipsis.
    if text.replace("...", "").contains("..") {
        found.push("contains \"..\"".into());
    }
    let chars: Vec<char> = text
        .replace("a.m.", "am")
        .replace("p.m.", "pm")
        .chars()
        .collect();
    for w in chars.windows(2) {
        if matches!(w[0], '.' | '!' | '?' | ';' | ',') && w[1].is_alphabetic() {
            found.push(format!("no space after {:?}", w[0]));
        }
    }
    let first = text.lines().nth(2).unwrap_or_default();
    if !(first.starts_with("Dear ") || first.starts_with("Hello "))
        || !first.ends_with(',')
        || first.len() < 7
    {
        found.push(format!("greeting {first:?}"));
    }
    // A title goes with a surname, never with a first name.
    let greeted: Vec<&str> = first
        .trim_end_matches(',')
        .split_whitespace()
        .skip(1)
        .collect();
    if greeted.len() > 2
        && ["Mr", "Mrs", "Ms", "Mx", "Dr", "Prof"].contains(&greeted[0].trim_end_matches('.'))
    {
        found.push(format!("title with a first name: {first:?}"));
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
    // No phrase of four words twice (the typed names aside).
    let mut plain = text.lines().skip(2).collect::<Vec<_>>().join(" ");
    for typed in [COMPANY, POSITION, RECIPIENT, SENDER, SIGNATURE] {
        plain = plain.replace(typed, "·");
    }
    let plain: Vec<String> = plain
        .split_whitespace()
        .map(|w| {
            w.trim_matches(|c: char| !c.is_alphanumeric())
                .to_lowercase()
        })
        .filter(|w| !w.is_empty())
        .collect();
    let mut seen = BTreeSet::new();
    for gram in plain.windows(4) {
        if gram.iter().any(|w| w == "·") {
            continue;
        }
        if !seen.insert(gram.join(" ")) {
            found.push(format!("phrase twice: {:?}", gram.join(" ")));
        }
    }
    // At most two sentences of thanks (an opening and a closing) and one
    // of apology; "to my regret" and "forgive me" are apologies too.
    let sentences = sentences_of(text);
    let thanks = sentences
        .iter()
        .filter(|s| THANKS.iter().any(|w| s.contains(w)))
        .count();
    if thanks > 2 {
        found.push(format!("{thanks} sentences of thanks"));
    }
    let apologies = sentences
        .iter()
        .filter(|s| APOLOGIES.iter().any(|w| s.contains(w)))
        .count();
    if apologies > 1 {
        found.push(format!("{apologies} sentences of apology"));
    }
    // No word family twice: "flexible … flexibility".
    for family in WORD_FAMILIES {
        let n = sentences
            .iter()
            .filter(|s| family.iter().any(|w| s.contains(w)))
            .count();
        if n > 1 {
            found.push(format!("{:?} in {n} sentences", family[0]));
        }
    }
    // A name that ends in a full stop ("Ltd.") may be followed by a
    // lower-case word.
    let unnamed = text
        .replace(COMPANY, "Company")
        .replace("a.m.", "am")
        .replace("p.m.", "pm");
    for (i, _) in unnamed.match_indices(". ") {
        let next = unnamed[i + 2..].chars().next().unwrap_or('A');
        if next.is_lowercase() {
            found.push(format!("lower-case sentence start at {i}"));
        }
    }
    let mut body = text.split_once("\n\n").map_or("", |(_, b)| b).to_string();
    let mut units = units.to_vec();
    units.sort_by_key(|u| std::cmp::Reverse(u.len()));
    for unit in units
        .iter()
        .filter(|u| !u.is_empty() && u.as_str() != sender)
    {
        body = body.replace(unit.as_str(), "X");
    }
    let n = words_to_name(&body, sender);
    let limit = if brief { BRIEF_WORDS } else { STANDARD_WORDS };
    if n > limit {
        found.push(format!("{n} words; the limit is {limit}"));
    }
    found
}

/// Words that thank, and words that apologise, as a reader hears them.
const THANKS: &[&str] = &["thank", "grateful", "appreciate", "gratitude"];
const APOLOGIES: &[&str] = &["sorry", "apolog", "regret", "forgive", "pardon"];

/// Words of one family, which an email says once.
const WORD_FAMILIES: &[&[&str]] = &[
    &["flexib"],
    &["work around", "working around", "fit around"],
    &["patien"],
];

/// British words an American reader would not use (hunspell's `en_US`
/// accepts most of them, so a list it is).
const BRITISH_ONLY: &[&str] = &[
    "keen",
    "diary",
    "diaries",
    "unwell",
    "rearrange",
    "rearranged",
    "rearranging",
    "clash",
    "clashes",
    "clashed",
    "took over",
    "whilst",
    "amongst",
    "fortnight",
    "learnt",
    "straight away",
    "cv",
    "mobile",
    "ring you",
    "holiday",
    "cheers",
    "lovely",
    "brilliant",
    "sorted",
    "timetable",
    "in future",
    "at present",
    "at weekends",
];

/// The British-only words (`BRITISH_ONLY`) in an American email's built-in
/// wording.
fn british_words(text: &str) -> Vec<&'static str> {
    let lower = format!(" {} ", text.to_lowercase());
    let spaced: String = lower
        .chars()
        .map(|c| if c.is_alphanumeric() { c } else { ' ' })
        .collect();
    let spaced = spaced.split_whitespace().collect::<Vec<_>>().join(" ");
    let spaced = format!(" {spaced} ");
    BRITISH_ONLY
        .iter()
        .filter(|w| spaced.contains(&format!(" {w} ")))
        .copied()
        .collect()
}

/// The body's sentences, in lower case, from the greeting to the sign-off
/// (the subject and the sign-off's own words aside).
fn sentences_of(text: &str) -> Vec<String> {
    let body = text.split_once("\n\n").map_or(text, |(_, b)| b);
    let mut lines: Vec<&str> = body.lines().skip(1).collect();
    // From the sign-off on: "Kind regards," and the name.
    if let Some(end) = lines.iter().rposition(|l| l.ends_with(',')) {
        lines.truncate(end);
    }
    let joined = lines.join(" ").to_lowercase();
    joined
        .replace("a.m.", "am")
        .replace("p.m.", "pm")
        .split(['.', '!', '?'])
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(String::from)
        .collect()
}

struct Case {
    situation: &'static str,
    reason: Option<&'static str>,
    tone: &'static str,
    length: &'static str,
    english: &'static str,
    when: &'static str,
    flags: u8,
}

/// The typed answers: the long ones the reading checks use, or short ones
/// for the likeness check, which is about the wording.
struct Typed {
    company: &'static str,
    position: &'static str,
    recipient: &'static str,
    sender: &'static str,
    signature: &'static str,
}

const LONG: Typed = Typed {
    company: COMPANY,
    position: POSITION,
    recipient: RECIPIENT,
    sender: SENDER,
    signature: SIGNATURE,
};

const SHORT: Typed = Typed {
    company: "Acme",
    position: "Analyst",
    recipient: "Ms Rivera",
    sender: "Sam Lee",
    signature: "",
};

fn answers(c: &Case) -> Answers {
    answers_with(c, &LONG)
}

fn answers_with(c: &Case, t: &Typed) -> Answers {
    let mut a = Answers::default();
    let mut set = |k: &str, v: &str| a.set(k, v).unwrap();
    set("situation", c.situation);
    if let Some(r) = c.reason {
        set("reason", r);
    }
    set("tone", c.tone);
    set("length", c.length);
    set("english", c.english);
    if !c.when.is_empty() {
        set("interview_at", c.when);
    }
    set("company", t.company);
    set("position", t.position);
    set("recipient", t.recipient);
    set("sender", t.sender);
    set("signature", t.signature);
    set("apology", if c.flags & 1 == 0 { "true" } else { "false" });
    set("door_open", if c.flags & 2 == 0 { "true" } else { "false" });
    if c.flags & 4 == 0 {
        set(
            "alternatives",
            "2026-12-07 10:00; 2026-12-08 14:30; 2026-12-09, morning",
        );
    }
    set(
        "called",
        ["no", "spoke", "voicemail"][usize::from(c.flags) % 3],
    );
    a
}

/// Every case, the date left out only where a situation allows it.
fn cases() -> Vec<Case> {
    let mut all = Vec::new();
    for s in SITUATIONS {
        let reasons: Vec<Option<&str>> = if s.reasons.is_empty() {
            vec![None]
        } else {
            s.reasons.iter().map(|r| Some(r.id)).collect()
        };
        for &reason in &reasons {
            for tone in ["formal", "warm"] {
                for length in ["brief", "standard"] {
                    for english in ["uk", "us"] {
                        for &when in WHEN {
                            if when.is_empty() && s.needs_date() {
                                continue;
                            }
                            for flags in 0..8u8 {
                                all.push(Case {
                                    situation: s.id,
                                    reason,
                                    tone,
                                    length,
                                    english,
                                    when,
                                    flags,
                                });
                            }
                        }
                    }
                }
            }
        }
    }
    all
}

/// The words of the built-in wording: the typed names taken out.
fn wording_words(text: &str, into: &mut BTreeSet<String>) {
    let mut plain = text.to_string();
    for typed in [
        COMPANY,
        POSITION,
        RECIPIENT,
        SENDER,
        SIGNATURE,
        "Ngozi",
        "Okonkwo-Adeyemi",
    ] {
        plain = plain.replace(typed, " ");
    }
    for w in plain.split(|c: char| !(c.is_alphabetic() || c == '\'' || c == '’')) {
        let w = w.trim_matches('\'');
        if !w.is_empty() {
            into.insert(w.to_string());
        }
    }
}

/// The words hunspell does not know in `dictionary`.
fn misspelt(dictionary: &str, words: &BTreeSet<String>) -> Vec<String> {
    let mut child = Command::new("hunspell")
        .args(["-d", dictionary, "-l"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .expect("hunspell is installed with its en_US and en_GB dictionaries (scripts/test installs them)");
    let mut input = child.stdin.take().unwrap();
    for w in words {
        writeln!(input, "{w}").unwrap();
    }
    drop(input);
    let out = child.wait_with_output().unwrap();
    String::from_utf8(out.stdout)
        .unwrap()
        .lines()
        .map(String::from)
        .collect()
}

/// What a listener would catch in a call script: a clock time or this
/// year read out ("10:00", "2026"), a voicemail over about 60 spoken words
/// (each typed name one word) or without the number to call back and the
/// name twice, and more than two sentences of thanks when they answer.
fn phone_problems(phone: &str) -> Vec<String> {
    let mut found = Vec::new();
    let digits: Vec<char> = phone.replace(SIGNATURE, "").chars().collect();
    for w in digits.windows(5) {
        if w[0].is_ascii_digit() && w[1].is_ascii_digit() && w[2] == ':' && w[3].is_ascii_digit() {
            found.push(format!(
                "reads a clock time: {}",
                w.iter().collect::<String>()
            ));
        }
    }
    if phone.contains("2026") {
        found.push("says this year".into());
    }
    let voicemail = phone
        .split("voicemail")
        .nth(1)
        .and_then(|v| v.split_once('"'))
        .map(|(_, said)| said.trim_end().trim_end_matches('"'))
        .unwrap_or_default();
    let mut counted = voicemail.to_string();
    for typed in [COMPANY, POSITION, SENDER, SIGNATURE] {
        counted = counted.replace(typed, "X");
    }
    let words = counted.split_whitespace().count();
    if words > 60 {
        found.push(format!("voicemail of {words} words"));
    }
    if voicemail.matches(SIGNATURE).count() != 2 || voicemail.matches(SENDER).count() != 2 {
        found.push("voicemail without the number and the name twice".into());
    }
    let answered = phone
        .split("If they answer:")
        .nth(1)
        .and_then(|a| a.split("If you get").next())
        .unwrap_or_default()
        .to_lowercase();
    let thanks = answered
        .split(['.', '!', '?'])
        .filter(|s| THANKS.iter().any(|w| s.contains(w)))
        .count();
    if thanks > 2 {
        found.push(format!("{thanks} sentences of thanks when they answer"));
    }
    found
}

/// The steps the person asked for, as the checklist must show them:
/// thanks always; the reason unless they chose none; an apology when they
/// asked for one or the notice is short; the door left open when they
/// asked for it.
fn asked_steps(
    c: &Case,
    a: &bowout::answers::Resolved,
    list: &bowout::advice::Checklist,
) -> Vec<(&'static str, bool, Option<bool>)> {
    let s = a.situation;
    let mut steps = vec![("gratitude", true, list.gratitude)];
    if !s.reasons.is_empty() {
        steps.push(("reason", c.reason != Some("no-reason"), list.reason));
    }
    let notice = a.notice;
    if s.inconveniences() && (a.apology || (s.notice_matters() && notice != Notice::Ample)) {
        steps.push(("apology", true, list.apology));
    }
    if a.door_open {
        steps.push(("door open", true, list.door_open));
    }
    steps
}

#[test]
fn every_combination_reads_cleanly() {
    let renderer = Renderer::builtin().unwrap();
    let now: jiff::Zoned = NOW.parse().unwrap();
    let mut failures = Vec::new();
    let mut words: HashMap<&str, BTreeSet<String>> = HashMap::new();
    let all = cases();
    for c in &all {
        let resolved = answers(c).resolve(&now).unwrap();
        let r = renderer.render(&resolved).unwrap();
        let phone = renderer.phone(&resolved).unwrap();
        let text = format!("Subject: {}\n\n{}", r.subject, r.body);
        let label = format!(
            "{} {:?} {} {} {} {:?} flags={}",
            c.situation, c.reason, c.tone, c.length, c.english, c.when, c.flags
        );
        let english = resolved.english;
        let mut units: Vec<String> = [COMPANY, POSITION, RECIPIENT]
            .iter()
            .map(|s| s.to_string())
            .collect();
        units.extend(resolved.interview_at.iter().map(|w| long_date(w, english)));
        units.extend(
            resolved
                .alternatives
                .iter()
                .map(|p| proposed_date(p, english)),
        );
        units.push(greeting_name(RECIPIENT, "", c.tone == "warm", english));
        for p in problems(&text, c.length == "brief", SENDER, &units) {
            failures.push(format!("{label}: {p}\n{text}"));
        }
        // `bowout check`, given the same answers, finds nothing to warn of.
        let context = check::Context::from_answers(&answers(c), &now).unwrap();
        let draft = check::Draft::read(text.as_bytes(), "email").unwrap();
        let report = check::check(&draft, &context, &check::Levels::default());
        // The email's checklist is what `bowout check` reads in its text,
        // and each step the person asked for is there.
        if r.checklist != report.checklist {
            failures.push(format!(
                "{label}: checklist {:?}, but check reads {:?}\n{text}",
                r.checklist, report.checklist
            ));
        }
        for (step, wanted, got) in asked_steps(c, &resolved, &r.checklist) {
            if got != Some(wanted) {
                failures.push(format!(
                    "{label}: {step} asked for ({wanted}) but the checklist says {got:?}\n{text}"
                ));
            }
        }
        if c.english == "us" {
            let mut wording = text.clone();
            for typed in [COMPANY, POSITION, RECIPIENT, SENDER, SIGNATURE] {
                wording = wording.replace(typed, " ");
            }
            for w in british_words(&wording)
                .into_iter()
                .chain(british_words(&phone))
            {
                failures.push(format!(
                    "{label}: British {w:?} in American English\n{text}"
                ));
            }
        }
        // A missed interview is one whose time is over: for a date without
        // a time, the whole day.
        if let Some(w) = &resolved.interview_at {
            let over = if w.has_time {
                w.at <= now
            } else {
                w.at.date().tomorrow().unwrap() <= now.date()
            };
            let lower = text.to_lowercase();
            let says_missed = ["missed", "did not attend", "didn't come", "kept me from"]
                .iter()
                .any(|m| lower.contains(m));
            if !over && says_missed {
                failures.push(format!("{label}: a missed interview not yet over\n{text}"));
            }
        }
        // And with nothing but the clock, it tells the situation from the
        // text; only an email that leaves the door shut by choice (which
        // it cannot know) is warned of.
        let bare = check::check(
            &draft,
            &check::Context::bare(now.clone()),
            &check::Levels::default(),
        );
        if bare.situation.map(|s| s.id) != Some(c.situation) {
            failures.push(format!(
                "{label}: check took it for {:?}: {:?}\n{text}",
                bare.situation.map(|s| s.id),
                bare.notes
            ));
        }
        let door_shut = c.flags & 2 != 0;
        for f in bare
            .findings
            .iter()
            .filter(|f| f.severity > Severity::Note && !(door_shut && f.id == "door-shut"))
        {
            failures.push(format!(
                "{label}: check without answers: {}:{}: {}[{}]: {}\n{text}",
                f.line,
                f.column,
                f.severity.word(),
                f.id,
                f.message
            ));
        }
        for f in report
            .findings
            .iter()
            .filter(|f| f.severity > Severity::Note)
        {
            failures.push(format!(
                "{label}: check: {}:{}: {}[{}]: {}\n{text}",
                f.line,
                f.column,
                f.severity.word(),
                f.id,
                f.message
            ));
        }
        for bad in ["{{", "}}", "&amp;", "  ", " .", "..", "00:00"] {
            if phone.contains(bad) {
                failures.push(format!("{label}: phone contains {bad:?}\n{phone}"));
            }
        }
        for p in phone_problems(&phone) {
            failures.push(format!("{label}: phone {p}\n{phone}"));
        }
        for typed in [POSITION, SENDER] {
            assert!(text.contains(typed), "{label}: {typed} is missing\n{text}");
        }
        assert!(
            r.body
                .trim_end()
                .ends_with(&format!("{SENDER}\n{SIGNATURE}")),
            "{label}"
        );
        let dict = words.entry(c.english).or_default();
        wording_words(&text, dict);
        wording_words(&phone, dict);
    }
    if std::env::var_os("BOWOUT_PROBLEMS").is_some() {
        for f in &failures {
            eprintln!("PROBLEM {}", f.lines().next().unwrap_or_default());
        }
    }
    assert!(
        failures.is_empty(),
        "{} problems; the first three:\n{}",
        failures.len(),
        failures
            .iter()
            .take(3)
            .cloned()
            .collect::<Vec<_>>()
            .join("\n\n")
    );
    for (english, dictionary) in [("uk", "en_GB"), ("us", "en_US")] {
        let wrong = misspelt(dictionary, &words[english]);
        assert!(
            wrong.is_empty(),
            "words outside the {dictionary} dictionary: {wrong:?}"
        );
    }
    // 17 reasons with 7 dates, 14 with 8 (follow-up and the two situations
    // whose date is optional add "no date"), each × tone × length ×
    // English × 8 flags.
    let with_date: usize = SITUATIONS
        .iter()
        .map(|s| s.reasons.len().max(1) * if s.needs_date() { 7 } else { 8 })
        .sum();
    assert_eq!(all.len(), with_date * 2 * 2 * 2 * 8);
}

#[test]
fn no_two_reasons_write_emails_more_than_85_percent_alike() {
    let renderer = Renderer::builtin().unwrap();
    let now: jiff::Zoned = NOW.parse().unwrap();
    let mut groups: HashMap<String, Vec<(String, String)>> = HashMap::new();
    for c in cases().into_iter().filter(|c| c.flags == 0 || c.flags == 3) {
        let Some(reason) = c.reason else { continue };
        let r = renderer
            .render(&answers_with(&c, &SHORT).resolve(&now).unwrap())
            .unwrap();
        let key = format!(
            "{} {} {} {} {:?} {}",
            c.situation, c.tone, c.length, c.english, c.when, c.flags
        );
        // The proposed times are the person's answers, listed the same way
        // whatever the reason: the likeness is measured on the wording.
        let wording: String = r
            .body
            .lines()
            .filter(|l| !l.starts_with("- "))
            .map(|l| format!("{l}\n"))
            .collect();
        groups
            .entry(key)
            .or_default()
            .push((reason.to_string(), wording));
    }
    let mut worst = (0.0f32, String::new());
    let mut over: Vec<String> = Vec::new();
    for (key, emails) in &groups {
        for (i, (ra, a)) in emails.iter().enumerate() {
            for (rb, b) in &emails[i + 1..] {
                let ratio = similar::TextDiff::from_chars(a.as_str(), b.as_str()).ratio();
                if ratio > 0.85 {
                    over.push(format!("{:.0}% {key}: {ra} ~ {rb}", ratio * 100.0));
                }
                if ratio > worst.0 {
                    worst = (ratio, format!("{key}: {ra} and {rb}\n{a}\n{b}"));
                }
            }
        }
    }
    over.sort();
    assert!(
        worst.0 <= 0.85,
        "{} pairs over 85%:\n{}\nthe worst, {:.0}% alike: {}",
        over.len(),
        over.join("\n"),
        worst.0 * 100.0,
        worst.1
    );
}

#[test]
fn the_checker_catches_what_it_looks_for() {
    // The checks above must be able to fail.
    let ok = "Subject: x\n\nDear Sam,\n\nAll fine here.\n\nKind regards,\nSiobhán O'Connor\n";
    assert!(
        problems(ok, true, SENDER, &[]).is_empty(),
        "{:?}",
        problems(ok, true, SENDER, &[])
    );
    for bad in [
        "Subject: x\n\nDear ,\n\nok",
        "Subject: x\n\nDear Sam,\n\nWe we met.",
        "Subject: x\n\nDear Sam,\n\nAT&amp;T",
        "Subject: x\n\nDear Sam,\n\nHi. there",
        "Subject: x\n\nDear Sam,\n\nAt Acme Ltd.. Then",
        "Subject: x\n\nDear Sam,\n\nOn Friday at 00:00.",
        "Subject: x\n\nDear Ms Zoë Nakamura,\n\nHi.",
        "Subject: x\n\nDear Sam,\n\nThanks for your time. Thanks for your time.",
        "Subject: x\n\nDear Sam,\n\nDone.Next",
        "Subject: x\n\nDear Sam,\n\nI am sorry. I apologise.",
        "Subject: x\n\nDear Sam,\n\nTo my regret, I cannot come. I apologise for the short notice.",
        "Subject: x\n\nDear Sam,\n\nThanks for the call. Thank you for inviting me. I appreciate it.",
        "Subject: x\n\nDear Sam,\n\nI can be flexible. Thank you for your flexibility.",
    ] {
        assert!(!problems(bad, false, SENDER, &[]).is_empty(), "{bad}");
    }
    let long = format!(
        "Subject: x\n\nDear Sam,\n\n{}\n{SENDER}\n",
        "word ".repeat(81)
    );
    assert!(!problems(&long, true, SENDER, &[]).is_empty());
    // A long name counts once.
    let words: String = (0..75).map(|i| format!("w{i} ")).collect();
    let named = format!("Subject: x\n\nDear Sam,\n\n{words}Very Long Name Indeed\n{SENDER}\n");
    assert!(problems(&named, true, SENDER, &["Very Long Name Indeed".into()]).is_empty());
    assert!(!problems(&named, true, SENDER, &[]).is_empty());
    assert_eq!(
        british_words("I am keen to rearrange; a clash in my diary. I took over."),
        ["keen", "diary", "rearrange", "clash", "took over"]
    );
    assert!(british_words("I am eager to reschedule; a conflict in my calendar.").is_empty());
    assert_eq!(
        sentences_of(
            "Subject: a. b\n\nDear Sam,\n\nOne. Two at 10 a.m. today!\n\nKind regards,\nSam\n"
        ),
        ["one", "two at 10 am today"]
    );
    assert!(!misspelt("en_US", &BTreeSet::from(["apologise".to_string()])).is_empty());
    assert!(misspelt("en_GB", &BTreeSet::from(["apologise".to_string()])).is_empty());
}
