//! `bowout check`: a draft someone wrote themselves (or copied, or had a
//! chatbot write), checked against the advice the wizard teaches, the way a
//! linter checks code. Each finding has a stable id, a line and column, and
//! a suggestion; the summary is the wizard's checklist.
//!
//! The checks read prose, so they look for phrases, not grammar: each list
//! below says what it stands for, and `tests/drafts/` holds the drafts they
//! are measured against. Every email bowout writes passes with no warning
//! (`tests/combinations.rs`).

use std::sync::LazyLock;

use anyhow::Result;
use jiff::Zoned;
use jiff::civil::{Date, Weekday};
use regex_lite::Regex;
use serde::Serialize;

use crate::advice::{self, Checklist, Notice, Situation};
use crate::answers::{Answers, English, When};
use crate::usage;

pub use crate::rules::{RULES, Rule, Severity};

impl Serialize for Severity {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.word())
    }
}

/// The rule with this id.
pub fn rule_of(id: &str) -> Option<&'static Rule> {
    RULES.iter().find(|r| r.id == id)
}

/// What the person asked of the rules: some turned off, some made errors.
#[derive(Debug, Default)]
pub struct Levels {
    pub allowed: Vec<&'static str>,
    pub denied: Vec<&'static str>,
}

impl Levels {
    /// Reads `--allow` and `--deny`; an unknown id is refused, naming the
    /// closest one and where the list is.
    pub fn new(allow: &[String], deny: &[String]) -> Result<Levels> {
        let known = |id: &String| {
            let id = id.trim();
            rule_of(id).map(|r| r.id).ok_or_else(|| {
                let closest = RULES
                    .iter()
                    .min_by_key(|r| crate::answers::edit_distance(r.id, id))
                    .map(|r| r.id)
                    .unwrap_or_default();
                usage!(
                    "there is no check `{}`; did you mean `{closest}`? The checks are: {}",
                    crate::answers::echo(id),
                    RULES.iter().map(|r| r.id).collect::<Vec<_>>().join(", ")
                )
            })
        };
        let allowed = allow.iter().map(known).collect::<Result<Vec<_>>>()?;
        let denied = deny.iter().map(known).collect::<Result<Vec<_>>>()?;
        if let Some(both) = allowed.iter().find(|id| denied.contains(id)) {
            return Err(usage!(
                "`{both}` is given to both --allow and --deny; give it to one"
            ));
        }
        Ok(Levels { allowed, denied })
    }

    fn of(&self, rule: &Rule) -> Option<Severity> {
        if self.allowed.contains(&rule.id) {
            None
        } else if self.denied.contains(&rule.id) {
            Some(Severity::Error)
        } else {
            Some(rule.severity)
        }
    }
}

/// One thing found in a draft. Lines and columns count from 1; a column
/// counts characters.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Finding {
    pub id: &'static str,
    pub severity: Severity,
    pub line: usize,
    pub column: usize,
    pub message: String,
    pub suggestion: String,
}

/// What is known besides the draft, from the same answers the wizard uses.
#[derive(Clone, Debug)]
pub struct Context {
    pub now: Zoned,
    pub situation: Option<&'static Situation>,
    /// `Some(false)`: the person chose to give no reason.
    pub reason: Option<bool>,
    pub interview: Option<When>,
    /// The English the person writes, when they said.
    pub english: Option<English>,
    pub brief: bool,
    pub door_open: bool,
    /// The recipient as the person typed them (for the greeting's title).
    pub recipient: Option<String>,
    /// Names, the role and the company: each counts as one word, and
    /// capitals in them are not shouting.
    pub names: Vec<String>,
}

impl Context {
    /// Only `now`: everything else is read from the draft.
    pub fn bare(now: Zoned) -> Context {
        Context {
            now,
            situation: None,
            reason: None,
            interview: None,
            english: None,
            brief: false,
            door_open: true,
            recipient: None,
            names: Vec::new(),
        }
    }

    /// The context the answers give; a date that cannot be read is refused
    /// as it is everywhere else.
    pub fn from_answers(a: &Answers, now: &Zoned) -> Result<Context> {
        a.check_given()?;
        Ok(Context {
            now: now.clone(),
            situation: a.situation(),
            reason: a.reason_given(),
            interview: a.interview_read(now)?,
            english: a.said_english(),
            brief: a.brief(),
            door_open: a.door_open(),
            recipient: a.recipient().map(String::from),
            names: a.names(),
        })
    }
}

/// A draft, ready to check: its text (line ends made `\n`) and the file's
/// line number of each of its lines.
#[derive(Debug)]
pub struct Draft {
    text: String,
    numbers: Vec<usize>,
    /// The file's lines, when the body was encoded: a finding's word is
    /// found there, to give its column in the file.
    raw: Option<Vec<String>>,
    /// Said once, with the findings: how the file was read.
    pub notes: Vec<String>,
}

/// The largest draft read: a long email is a few KiB.
pub const MAX_DRAFT: u64 = 1024 * 1024;

/// Header names that make a file a message rather than a draft with a
/// `Subject:` line.
const MESSAGE_HEADERS: &[&str] = &[
    "from",
    "to",
    "cc",
    "date",
    "message-id",
    "mime-version",
    "content-type",
    "reply-to",
    "received",
    "return-path",
];

impl Draft {
    /// Reads a draft from the bytes of a file named `name`: plain text, with
    /// or without a `Subject:` line, or a whole message (.eml). Bytes that
    /// are not a draft are refused, saying what they are.
    pub fn read(bytes: &[u8], name: &str) -> Result<Draft> {
        let sample = &bytes[..bytes.len().min(8192)];
        let controls = sample
            .iter()
            .filter(|&&b| b < 0x20 && !matches!(b, b'\n' | b'\r' | b'\t' | 0x0c))
            .count();
        if sample.contains(&0) || controls * 20 > sample.len() {
            return Err(usage!(
                "{name} is a binary file, not a draft email; give a plain-text draft or an .eml \
                 message"
            ));
        }
        let text = std::str::from_utf8(bytes).map_err(|e| {
            usage!(
                "{name} is not UTF-8 text (byte {} is not valid UTF-8); save it as UTF-8",
                e.valid_up_to() + 1
            )
        })?;
        let text = text.strip_prefix('\u{feff}').unwrap_or(text);
        if text.trim().is_empty() {
            return Err(usage!(
                "{name} is empty; give the draft email to check, e.g. bowout check draft.txt"
            ));
        }
        let text = text.replace("\r\n", "\n").replace('\r', "\n");
        if is_message(&text) {
            return Draft::message(bytes, &text, name);
        }
        let numbers = (1..=text.lines().count().max(1)).collect();
        Ok(Draft {
            text,
            numbers,
            raw: None,
            notes: Vec::new(),
        })
    }

    /// A whole message: its subject and text body, decoded by a real
    /// parser, each line numbered as it stands in the file where it can be
    /// found there.
    fn message(bytes: &[u8], raw: &str, name: &str) -> Result<Draft> {
        let parsed = mail_parser::MessageParser::default()
            .parse(bytes)
            .ok_or_else(|| {
                usage!("{name} looks like an email message but cannot be read as one")
            })?;
        let body = parsed
            .body_text(0)
            .map(|b| b.replace("\r\n", "\n"))
            .filter(|b| !b.trim().is_empty())
            .ok_or_else(|| {
                usage!("{name} is an email message with no text in it; give one with a text body")
            })?;
        let raw_lines: Vec<&str> = raw.lines().collect();
        let subject_line = raw_lines
            .iter()
            .position(|l| l.to_ascii_lowercase().starts_with("subject:"))
            .map(|i| i + 1);
        let headers_end = raw_lines
            .iter()
            .position(|l| l.is_empty())
            .unwrap_or(raw_lines.len());
        let notes = Vec::new();
        let mut encoded = false;
        let body_lines: Vec<&str> = body.lines().collect();
        let numbers_of_body: Vec<usize> = match raw.find(body.trim_end()) {
            Some(at) => {
                let first = raw[..at].matches('\n').count() + 1;
                (0..body_lines.len()).map(|i| first + i).collect()
            }
            None => {
                // Encoded (quoted-printable or base64): each decoded line is
                // found where it starts in the file when it can be, and its
                // columns count in the decoded text.
                encoded = true;
                let mut line = headers_end + 1;
                body_lines
                    .iter()
                    .map(|l| {
                        let prefix: String = l.trim().chars().take(24).collect();
                        let found = (!prefix.is_empty() && prefix.is_ascii())
                            .then(|| {
                                (line..raw_lines.len())
                                    .find(|&i| raw_lines[i].trim_start().starts_with(&prefix))
                            })
                            .flatten();
                        line = found.map_or(line + 1, |i| i + 1);
                        line
                    })
                    .collect()
            }
        };
        let mut text = String::new();
        let mut numbers = Vec::new();
        if let Some(subject) = parsed.subject() {
            text.push_str(&format!("Subject: {}\n\n", subject.replace('\n', " ")));
            numbers.push(subject_line.unwrap_or(1));
            numbers.push(subject_line.unwrap_or(1));
        }
        text.push_str(&body);
        numbers.extend(numbers_of_body);
        Ok(Draft {
            text,
            numbers,
            raw: encoded.then(|| raw_lines.iter().map(|l| l.to_string()).collect()),
            notes,
        })
    }

    pub fn text(&self) -> &str {
        &self.text
    }
}

/// Whether text starts with a message's headers (more than a `Subject:`
/// line) followed by a blank line.
fn is_message(text: &str) -> bool {
    let mut names = Vec::new();
    for line in text.lines() {
        if line.is_empty() {
            break;
        }
        if line.starts_with([' ', '\t']) && !names.is_empty() {
            continue;
        }
        let Some((name, _)) = line.split_once(':') else {
            return false;
        };
        if name.is_empty() || !name.chars().all(|c| c.is_ascii_alphanumeric() || c == '-') {
            return false;
        }
        names.push(name.to_ascii_lowercase());
    }
    names.iter().any(|n| MESSAGE_HEADERS.contains(&n.as_str()))
}

/// What `check` found, and the checklist the wizard's review shows.
#[derive(Debug)]
pub struct Report {
    pub findings: Vec<Finding>,
    pub checklist: Checklist,
    /// The situation, as given or as guessed.
    pub situation: Option<&'static Situation>,
    /// Things to tell the person once: a guessed situation, a draft not in
    /// English, how the file was read.
    pub notes: Vec<String>,
}

impl Report {
    /// Whether a finding is at error level.
    pub fn failed(&self) -> bool {
        self.findings.iter().any(|f| f.severity == Severity::Error)
    }
}

fn re(pattern: &str) -> Regex {
    Regex::new(pattern).expect("a valid pattern")
}

macro_rules! pattern {
    ($name:ident, $re:expr) => {
        static $name: LazyLock<Regex> = LazyLock::new(|| re($re));
    };
}

const WEEKDAY: &str = r"(?P<weekday>monday|tuesday|wednesday|thursday|friday|saturday|sunday|mon|tues|tue|wed|thurs|thur|thu|fri|sat|sun)\.?";
const MONTH: &str = r"(?P<month>january|february|march|april|may|june|july|august|september|october|november|december|jan|feb|mar|apr|jun|jul|aug|sept|sep|oct|nov|dec)\.?";

// A date as people write one in an email: "Friday 4 December 2026",
// "Friday, December 4", "4th of Dec", "2026-12-04".
static DAY_MONTH: LazyLock<Regex> = LazyLock::new(|| {
    re(&format!(
        r"(?i)\b(?:{WEEKDAY},?\s+(?:the\s+)?)?(?P<day>\d{{1,2}})(?:st|nd|rd|th)?\s+(?:of\s+)?{MONTH}(?:,?\s+(?P<year>\d{{4}}))?\b"
    ))
});
static MONTH_DAY: LazyLock<Regex> = LazyLock::new(|| {
    re(&format!(
        r"(?i)\b(?:{WEEKDAY},?\s+)?{MONTH}\s+(?:the\s+)?(?P<day>\d{{1,2}})(?:st|nd|rd|th)?\b(?:,?\s+(?P<year>\d{{4}})\b)?"
    ))
});
static ISO_DATE: LazyLock<Regex> = LazyLock::new(|| {
    re(&format!(
        r"(?i)\b(?:{WEEKDAY},?\s+)?(?P<year>\d{{4}})-(?P<month>\d{{2}})-(?P<day>\d{{2}})\b"
    ))
});

pattern!(
    TIME,
    r"(?i)\b(?:\d{1,2}(?:[:.]\d{2})?\s?(?:am|pm|a\.m\.|p\.m\.)|\d{1,2}:\d{2})(?:\W|$)"
);
pattern!(
    DAY_WORD,
    r"(?i)\b(?:today|tomorrow|tonight|this (?:morning|afternoon|evening|week)|next week|same day|that day|monday|tuesday|wednesday|thursday|friday|saturday|sunday|mondays|weekday|weekdays)\b"
);
pattern!(
    MISSED,
    r"(?i)\b(?:missed|late|in\s+time|belated|was|were|had)\b"
);
// The first line as a label for the subject: "Subject:", "Sub :",
// "Subject line:", "Email Subject line:".
pattern!(
    SUBJECT_LABEL,
    r"(?i)^\s*(?:e-?mail\s+)?(?:sub|subj|subject)(?:\s+line)?\s*:"
);
pattern!(
    GREETING,
    r"(?i)^\s*(?:dear|hello|hi|hey|hiya|greetings|good (?:morning|afternoon|evening)|to whom it may concern)\b"
);
pattern!(
    TITLED,
    r"(?i)^\s*(?:dear|hello|hi|hey)\s+(?P<title>mr|mrs|ms|miss|mx|dr|prof|professor)\.?\s+(?P<first>[^\s,:!]+)(?:\s+(?P<last>[^\s,:!]+))?\s*[,:!]?\s*$"
);
pattern!(
    SIGN_OFF,
    r"(?i)^\s*(?:(?:with\s+)?(?:kind|kindest|best|warm|warmest|many)?\s*(?:regards|wishes)|best|all the best|many thanks|thanks|thank you|thanks again|thank you again|with thanks|with gratitude|gratefully|sincerely|yours sincerely|yours faithfully|yours truly|sincerely yours|respectfully|cheers|take care|warmly|kind regards|speak soon)\s*[,.!]?\s*$"
);
pattern!(
    THANKS,
    r"(?i)\b(?:thank|thanks|thankful|grateful|gratitude|appreciate|appreciated|appreciation)\b"
);
pattern!(
    APOLOGY,
    r"(?i)\b(?:sorry|apolog\w*|regret\w*|forgive|pardon)\b"
);
pattern!(
    REASON,
    r"(?i)\b(?:because|as i|as we|since|due to|owing to|accepted|(?:another|other|job|an)\s+offer|offer\s+elsewhere|unwell|ill|sick|illness|recover\w*|emergency|clash\w*|conflict\w*|another interview|no longer|filled|on hold|budget|internal|requirements|process\s+has\s+changed|chang\w*\s+our\s+(?:interview\s+)?process|interview\s+process|from\s+within|offered|someone\s+else|another\s+candidate|pause\w*|rethink\w*|at\s+work|same\s+time|stay\s+where\s+i\s+am|unavailable|travel\w*|commitments?|current role|current job|staying|stay in my|(?:right|good|best|great)\s+fit|fits?\s+(?:my|me)|fit\s+for\s+me|right\s+for\s+me|field|timing|circumstances|changes?|family|personal|elsewhere|another\s+(?:role|job|position|company|opportunity)|new\s+(?:role|job|position)|changed\s+my\s+mind|change\s+of\s+heart|reconsider\w*|different\s+direction|career|relocat\w*|moving\s+(?:away|abroad|to))\b"
);
pattern!(
    DOOR_OPEN,
    r"(?i)\b(?:in touch|paths cross|cross paths|future|another time|other time|other roles|other opportunities|other openings|rearrange|reschedul\w*|on file|keep your details|come back to you|contact you|hear(?:ing)? (?:from|about)|keen|interested|look forward|looking forward|down the line|later date|considered|reopen\w*|opportunit\w*|apply again|reconnect\w*|when\s+circumstances\s+allow|stay\s+connected|another\s+chance|second\s+chance)\b"
);
pattern!(
    DOOR_SHUT,
    r"(?i)\b(?:(?:please\s+)?(?:do not|don't|dont) (?:contact|email|call) me|never (?:again|apply|work)|remove (?:me|my details)|(?:no longer|not) interested in (?:working|hearing|any)|unsubscribe|no further contact|any future contact)\b"
);
pattern!(
    MONEY,
    r"(?i)(?:[£$€]\s?\d[\d,.]*\s?k?\b|\b\d[\d,.]*\s?k\b|\b\d[\d,.]*\s?(?:pounds|dollars|euros|per (?:year|annum|hour)|an hour|a year)\b)"
);
pattern!(
    PLACEHOLDER,
    r"(?i)(?:\[\[[^\]\n]{1,60}\]\]|\$\{[^}\n]{1,40}\}|\[[^\]\n]{1,60}\]|\{\{[^}\n]*\}\}|\{[a-z_][a-z _]{0,40}\}|<[a-z][^<>\n@/:.]{0,40}>|\bx{2,}(?:[/.-]x{2,})*\b|_{3,}|\blorem ipsum\b)"
);
pattern!(SHOUT_MARKS, r"[!?]*!![!?]*|\?!|!\?");

/// Details nobody needs to know to rearrange an interview: the wizard's
/// advice keeps a reason short ("I am unwell").
const MEDICAL: &[&str] = &[
    "diagnosed",
    "diagnosis",
    "surgery",
    "hospital",
    "hospitalised",
    "hospitalized",
    "emergency room",
    "my doctor",
    "the doctor said",
    "flu",
    "covid",
    "fever",
    "migraine",
    "vomiting",
    "throwing up",
    "diarrhoea",
    "diarrhea",
    "food poisoning",
    "stomach bug",
    "infection",
    "chemo",
    "chemotherapy",
    "cancer",
    "pregnant",
    "pregnancy",
    "miscarriage",
    "depression",
    "anxiety",
    "panic attack",
    "mental health",
    "therapist",
    "medication",
    "antibiotics",
    "broke my",
    "broken leg",
    "broken arm",
];

/// Common first names that are seldom surnames: "Dear Ms Sarah" is a title
/// with a first name even when the recipient is not given.
const FIRST_NAMES: &[&str] = &[
    "aaron",
    "adam",
    "alex",
    "alexander",
    "alice",
    "alison",
    "amanda",
    "amy",
    "andrea",
    "angela",
    "anna",
    "anne",
    "ashley",
    "barbara",
    "ben",
    "benjamin",
    "beth",
    "brian",
    "carol",
    "caroline",
    "catherine",
    "charlotte",
    "chloe",
    "chris",
    "christine",
    "christopher",
    "claire",
    "dave",
    "deborah",
    "donna",
    "elizabeth",
    "ellie",
    "emily",
    "emma",
    "eric",
    "fiona",
    "gary",
    "hannah",
    "heather",
    "helen",
    "jack",
    "jacob",
    "jane",
    "jason",
    "jennifer",
    "jessica",
    "joanne",
    "jonathan",
    "joshua",
    "julie",
    "karen",
    "kate",
    "katherine",
    "katie",
    "kelly",
    "kevin",
    "laura",
    "lauren",
    "linda",
    "lisa",
    "lucy",
    "maria",
    "mary",
    "matt",
    "matthew",
    "megan",
    "melissa",
    "michelle",
    "mike",
    "natalie",
    "nicholas",
    "nick",
    "nicole",
    "olivia",
    "patricia",
    "rachel",
    "rebecca",
    "sam",
    "samantha",
    "sarah",
    "sophie",
    "stephanie",
    "steve",
    "steven",
    "susan",
    "tom",
    "victoria",
    "zoe",
    "zoë",
];

/// Private matters nobody needs to know to rearrange an interview: "a
/// family matter" is enough.
const PRIVATE: &[&str] = &[
    "divorce",
    "custody",
    "rehab",
    "my ex",
    "court case",
    "eviction",
    "my parents",
    "my mother",
    "my father",
    "my mum",
    "my mom",
    "my dad",
    "my husband",
    "my wife",
    "my boyfriend",
    "my girlfriend",
    "elderly",
    "very aged",
    "living alone",
    "lives alone",
    "passed away",
    "funeral",
    "breakup",
    "break-up",
    "debt",
    "debts",
    "financial difficulties",
    "money problems",
];

/// British and American spellings check knows besides those the templates
/// use (`render::SPELLINGS`).
const MORE_SPELLINGS: &[(&str, &str)] = &[
    ("organising", "organizing"),
    ("organisations", "organizations"),
    ("recognised", "recognized"),
    ("prioritised", "prioritized"),
    ("specialise", "specialize"),
    ("specialised", "specialized"),
    ("summarise", "summarize"),
    ("finalise", "finalize"),
    ("finalised", "finalized"),
    ("utilise", "utilize"),
    ("emphasise", "emphasize"),
    ("colour", "color"),
    ("favourable", "favorable"),
    ("behaviour", "behavior"),
    ("honoured", "honored"),
    ("labour", "labor"),
    ("centre", "center"),
    ("travelled", "traveled"),
    ("traveller", "traveler"),
    ("enrolment", "enrollment"),
    ("fulfil", "fulfill"),
    ("analyse", "analyze"),
    ("catalogue", "catalog"),
    ("defence", "defense"),
    ("grey", "gray"),
];

// Words that say who is writing: an employer writes of "your interview"
// and "our interviewer", a candidate of "my interview".
pattern!(
    EMPLOYER,
    r"(?i)\b(?:withdraw\w*\s+your\s+invitation|your\s+invitation\s+to\s+interview\b[^.]{0,60}\bis\s+withdrawn|your\s+(?:interview|(?-i:[A-Z])[\w-]*(?:\s+(?-i:[A-Z])[\w-]*){0,3}\s+interview|application|candidacy)|our\s+(?:interviewer|invitation|budget|diary|interview\s+process|team|hiring|side)|another\s+candidate|someone\s+else|from\s+within|(?:we|i)\s+(?:must|need\s+to|have\s+to)\s+(?:call\s+off|withdraw|move)\s+your)\b"
);
pattern!(
    CANDIDATE,
    r"(?i)\b(?:my\s+(?:interview|application|candidacy)|invit(?:ing|ed)\s+me|considering\s+me|thinking\s+of\s+me|for\s+me|accepted\s+(?:another|an|a\s+\w+)\s+offer|i\s+must\s+decline|interview\s+invitation)\b"
);
pattern!(
    MOVED,
    r"(?i)\b(?:reschedul\w*|new\s+time|move\s+(?:it|your\s+\w*\s*interview|the\s+interview)|another\s+time|would\s+any\s+of\s+these)"
);

/// Phrases that name each situation a candidate writes; the earliest in
/// the draft decides.
static GUESSES: LazyLock<Vec<(&'static str, Regex)>> = LazyLock::new(|| {
    [
        (
            "follow-up",
            r"(?i)\b(?:following\s+up|follow\s+up|follow-up|wanted\s+to\s+say\s+thanks?|thanks?\s+(?:you\s+)?(?:again|once\s+more)\s+for\s+(?:considering|thinking)|i\s+decided\s+not\s+to)",
        ),
        (
            "reschedule",
            r"(?i)\b(?:reschedul\w*|move\s+(?:our|the|my)\s+interview|a\s+(?:different|new|later)\s+(?:time|date)|other\s+times|alternative\s+times|would\s+any\s+of\s+these)",
        ),
        (
            "cancel",
            r"(?i)\b(?:cancel\w*|call\s+off|cannot\s+attend|can[’']?t\s+attend|can\s+no\s+longer\s+attend|unable\s+to\s+attend|won[’']?t\s+be\s+able\s+to\s+(?:attend|make)|can[’']?t\s+make|cannot\s+make|can\s+not\s+make|missed)",
        ),
        (
            "decline",
            r"(?i)\b(?:declin\w*|turn\s+down|say\s+no|withdraw\s+(?:my\s+application|from)|not\s+(?:be\s+)?(?:moving|proceeding|going)\s+forward|not\s+to\s+go\s+ahead|not\s+pursue|pass\s+on|no\s+longer\s+be\s+considered|late\s+reply|reply\s+in\s+time|not\s+answering|invitation|inviting\s+me|thinking\s+of\s+me)",
        ),
    ]
    .into_iter()
    .map(|(id, p)| (id, re(p)))
    .collect()
});

/// Common English words: a draft with few of them is in another language.
const ENGLISH_WORDS: &[&str] = &[
    "the", "and", "of", "you", "your", "for", "my", "is", "are", "was", "would", "with", "this",
    "that", "have", "be", "it", "we", "our", "not", "thank", "thanks", "please", "to", "i", "if",
    "but",
];

/// A date found in the text, read.
#[derive(Debug)]
struct Dated {
    start: usize,
    end: usize,
    date: Date,
    weekday: Option<Weekday>,
    /// The weekday that was written, as written.
    weekday_text: Option<String>,
}

pub(crate) fn weekday_of(word: &str) -> Option<Weekday> {
    let w = word.to_ascii_lowercase();
    let w = w.trim_end_matches('.');
    Some(match &w[..w.len().min(3)] {
        "mon" => Weekday::Monday,
        "tue" => Weekday::Tuesday,
        "wed" => Weekday::Wednesday,
        "thu" => Weekday::Thursday,
        "fri" => Weekday::Friday,
        "sat" => Weekday::Saturday,
        "sun" => Weekday::Sunday,
        _ => return None,
    })
}

fn month_of(word: &str) -> Option<i8> {
    if let Ok(n) = word.parse::<i8>() {
        return (1..=12).contains(&n).then_some(n);
    }
    let w = word.to_ascii_lowercase();
    let months = [
        "jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec",
    ];
    months
        .iter()
        .position(|m| w.starts_with(m))
        .map(|i| i as i8 + 1)
}

/// The dates written in `text`. A date without a year is taken in the year
/// that puts it nearest to today.
fn dates(text: &str, today: Date) -> Vec<Dated> {
    let mut found: Vec<Dated> = Vec::new();
    // Whether the year comes last, where it may be the next date's.
    for (pattern, year_last) in [
        (&*DAY_MONTH, true),
        (&*MONTH_DAY, true),
        (&*ISO_DATE, false),
    ] {
        for c in pattern.captures_iter(text) {
            let whole = c.get(0).expect("a match");
            let (Some(day), Some(month)) = (
                c.name("day").and_then(|d| d.as_str().parse::<i8>().ok()),
                c.name("month").and_then(|m| month_of(m.as_str())),
            ) else {
                continue;
            };
            // "December 8, 2026-12-09": the number is the next date's year.
            let mut end = whole.end();
            let mut year = c.name("year");
            if let Some(y) = year
                && year_last
                && text[y.end()..].starts_with('-')
            {
                end = text[..y.start()].trim_end_matches([',', ' ', '\n']).len();
                year = None;
            }
            let year = year.and_then(|y| y.as_str().parse::<i16>().ok());
            let date = match year {
                Some(y) => Date::new(y, month, day).ok(),
                None => [today.year() - 1, today.year(), today.year() + 1]
                    .into_iter()
                    .filter_map(|y| Date::new(y, month, day).ok())
                    .min_by_key(|d| (*d - today).get_days().abs()),
            };
            let Some(date) = date else { continue };
            if found.iter().any(|d| d.start < end && whole.start() < d.end) {
                continue;
            }
            let weekday_text = c.name("weekday").map(|w| w.as_str().to_string());
            found.push(Dated {
                start: whole.start(),
                end,
                date,
                weekday: weekday_text.as_deref().and_then(weekday_of),
                weekday_text,
            });
        }
    }
    found.sort_by_key(|d| d.start);
    found
}

/// The dates a message's text names from today on, each once, as answers
/// (`2026-12-04 10:00`, or the day alone); the same day with and without
/// its time is one date.
pub fn dates_ahead(text: &str, now: &Zoned) -> Vec<String> {
    let today = now.date();
    let mut seen: Vec<(Date, Option<(i8, i8)>)> = Vec::new();
    for d in dates(text, today) {
        if d.date < today {
            continue;
        }
        let time = time_after(text, d.end).map(|(h, m, _)| (h, m));
        if !seen.contains(&(d.date, time)) {
            seen.push((d.date, time));
        }
    }
    let timed: Vec<Date> = seen.iter().filter(|s| s.1.is_some()).map(|s| s.0).collect();
    seen.retain(|s| s.1.is_some() || !timed.contains(&s.0));
    seen.iter()
        .map(|(date, time)| match time {
            Some((h, m)) => format!("{date} {h:02}:{m:02}"),
            None => date.to_string(),
        })
        .collect()
}

/// The time written just after a date ("… at 10:00", ", 2pm"), as hour
/// and minute, and where it ends.
fn time_after(text: &str, at: usize) -> Option<(i8, i8, usize)> {
    let rest = &text[at..];
    let lead = rest.len() - rest.trim_start_matches([',', ' ', '\n']).len();
    let rest = &rest[lead..];
    let (rest, lead) = match rest.strip_prefix("at ") {
        Some(r) => (r, lead + 3),
        None => (rest, lead),
    };
    let m = TIME.find(rest).filter(|m| m.start() == 0)?;
    let t = m.as_str().to_ascii_lowercase();
    let t = trimmed_time(&t);
    let digits: String = t
        .chars()
        .take_while(|c| c.is_ascii_digit() || *c == ':' || *c == '.')
        .collect();
    let mut parts = digits.split([':', '.']);
    let mut hour: i8 = parts.next()?.parse().ok()?;
    let minute: i8 = parts.next().and_then(|m| m.parse().ok()).unwrap_or(0);
    let afternoon = t.contains('p');
    if afternoon && hour < 12 {
        hour += 12;
    } else if !afternoon && t.contains('a') && hour == 12 {
        hour = 0;
    }
    (hour < 24 && minute < 60).then_some((hour, minute, at + lead + t.len()))
}

/// A time as matched, without what follows it: "3pm." is "3pm", and
/// "10 a.m." keeps its stops.
fn trimmed_time(t: &str) -> &str {
    let end = t
        .char_indices()
        .rev()
        .find(|(i, c)| c.is_alphanumeric() || t[..*i + 1].to_ascii_lowercase().ends_with(".m."))
        .map_or(0, |(i, c)| i + c.len_utf8());
    &t[..end]
}

/// The body's lines as the checks see them.
struct Layout {
    /// Index of the first line of the body.
    body: usize,
    /// The body's first line with words, and whether it is a greeting.
    first: Option<usize>,
    greeting: Option<usize>,
    /// The sign-off's line ("Kind regards,") and the name under it.
    sign_off: Option<usize>,
    name: Option<usize>,
}

fn layout(lines: &[&str]) -> Layout {
    let mut body = 0;
    let subject = lines
        .iter()
        .position(|l| !l.trim().is_empty())
        .filter(|&i| SUBJECT_LABEL.is_match(lines[i]));
    if let Some(s) = subject {
        body = s + 1;
    }
    let first = (body..lines.len()).find(|&i| !lines[i].trim().is_empty());
    let greeting = first.filter(|&i| GREETING.is_match(lines[i]));
    let from = greeting.map_or(body, |g| g + 1);
    let sign_off = (from..lines.len())
        .rev()
        .find(|&i| SIGN_OFF.is_match(lines[i]));
    // The name is the first line under the sign-off with words in it:
    // a telephone number, an address or a link alone is no name.
    let name = sign_off.and_then(|s| {
        (s + 1..lines.len())
            .find(|&i| !lines[i].trim().is_empty())
            .filter(|&i| !is_contact(lines[i]))
    });
    Layout {
        body,
        first,
        greeting,
        sign_off,
        name,
    }
}

/// The advice's steps a text takes, read by the detectors: what the
/// checklist is made of, for a draft and for an email bowout wrote alike.
#[derive(Clone, Copy, Debug)]
struct Steps {
    thanks: bool,
    apology: bool,
    reason: bool,
    door: bool,
    signed: bool,
}

impl Steps {
    /// Reads the steps from a whole text: a `Subject:` line, if any, is
    /// not the email's writing.
    fn read(text: &str) -> Steps {
        let lines: Vec<&str> = text.split('\n').collect();
        let layout = layout(&lines);
        let start: usize = lines[..layout.body].iter().map(|l| l.len() + 1).sum();
        let body = &text[start.min(text.len())..];
        let lower = body.to_ascii_lowercase();
        Steps {
            thanks: THANKS.is_match(body),
            apology: APOLOGY.is_match(body),
            // A complaint is a reason too, if not a good one (the
            // negative-detail check says so).
            reason: REASON.is_match(body)
                || advice::negative_phrase(body).is_some()
                || MEDICAL
                    .iter()
                    .chain(PRIVATE)
                    .any(|p| !advice::whole_words(&lower, p).is_empty()),
            door: DOOR_OPEN.is_match(body) && !DOOR_SHUT.is_match(body),
            signed: layout.sign_off.is_some() && layout.name.is_some(),
        }
    }

    /// The checklist for these steps: each step the situation has, and
    /// without a situation, each one but timeliness.
    fn checklist(self, s: Option<&Situation>, notice: Option<Notice>) -> Checklist {
        match s {
            Some(s) => Checklist {
                timely: if s.notice_matters() {
                    notice.map(|n| n == Notice::Ample)
                } else {
                    None
                },
                reason: (!s.reasons.is_empty()).then_some(self.reason),
                gratitude: Some(self.thanks),
                apology: s.inconveniences().then_some(self.apology),
                door_open: Some(self.door || s.proposes_times()),
                sign_off: Some(self.signed),
            },
            None => Checklist {
                timely: None,
                reason: Some(self.reason),
                gratitude: Some(self.thanks),
                apology: Some(self.apology),
                door_open: Some(self.door),
                sign_off: Some(self.signed),
            },
        }
    }
}

/// The checklist of an email's text (`Subject: …`, a blank line, then the
/// body), read by the same detectors as `bowout check`: the one function
/// both the renderer's checklist and `check`'s go through.
pub fn checklist(text: &str, situation: Option<&Situation>, notice: Option<Notice>) -> Checklist {
    Steps::read(text).checklist(situation, notice)
}

/// Whether a line is contact details only (a telephone number, an email
/// address, a link, and labels such as "Tel."), with no name in it.
fn is_contact(line: &str) -> bool {
    const LABELS: &[&str] = &[
        "tel", "phone", "mobile", "mob", "cell", "email", "e-mail", "fax", "web", "m", "t", "e",
        "p", "f", "w",
    ];
    // An address or a link is never all letters, so never taken for a name.
    let named = line
        .split(|c: char| c.is_whitespace() || matches!(c, '|' | ',' | ';' | '·'))
        .map(|t| {
            t.trim_matches(|c: char| !c.is_alphanumeric())
                .to_lowercase()
        })
        .any(|w| {
            w.chars().any(char::is_alphabetic)
                && w.chars()
                    .all(|c| c.is_alphabetic() || matches!(c, '-' | '\'' | '’'))
                && !LABELS.contains(&w.as_str())
        });
    // A line that is one initial alone ("C", "J.") is a name too.
    let initial = {
        let t = line.trim().trim_end_matches('.');
        t.chars().count() == 1 && t.chars().all(char::is_alphabetic)
    };
    !(named || initial)
}

/// Checks a draft. `levels` turns rules off or makes them errors.
pub fn check(draft: &Draft, ctx: &Context, levels: &Levels) -> Report {
    let mut c = Checker::new(draft, ctx, levels);
    c.run();
    let Checker {
        findings,
        checklist,
        situation,
        notes,
        ..
    } = c;
    let mut findings = findings;
    findings.sort_by_key(|f| (f.line, f.column));
    Report {
        findings,
        checklist,
        situation,
        notes,
    }
}

struct Checker<'a> {
    text: &'a str,
    draft: &'a Draft,
    ctx: &'a Context,
    levels: &'a Levels,
    lines: Vec<&'a str>,
    starts: Vec<usize>,
    layout: Layout,
    findings: Vec<Finding>,
    checklist: Checklist,
    situation: Option<&'static Situation>,
    notes: Vec<String>,
}

impl<'a> Checker<'a> {
    fn new(draft: &'a Draft, ctx: &'a Context, levels: &'a Levels) -> Checker<'a> {
        let text = draft.text.as_str();
        let lines: Vec<&str> = text.split('\n').collect();
        let mut starts = Vec::with_capacity(lines.len());
        let mut at = 0;
        for l in &lines {
            starts.push(at);
            at += l.len() + 1;
        }
        let layout = layout(&lines);
        Checker {
            text,
            draft,
            ctx,
            levels,
            lines,
            starts,
            layout,
            findings: Vec::new(),
            checklist: Checklist {
                timely: None,
                reason: None,
                gratitude: None,
                apology: None,
                door_open: None,
                sign_off: None,
            },
            situation: ctx.situation,
            notes: draft.notes.clone(),
        }
    }

    /// The file's line and column of a byte in the text.
    fn position(&self, at: usize) -> (usize, usize) {
        let i = self.starts.partition_point(|&s| s <= at).saturating_sub(1);
        let column = self.text[self.starts[i]..at].chars().count() + 1;
        let line = self.draft.numbers.get(i).copied().unwrap_or(i + 1);
        self.in_file(i, at).unwrap_or((line, column))
    }

    /// Where the word at `at` (in line `i` of an encoded body) stands in
    /// the file: the same occurrence of it, among the file's lines that
    /// line was decoded from.
    fn in_file(&self, i: usize, at: usize) -> Option<(usize, usize)> {
        let raw = self.draft.raw.as_ref()?;
        let from = *self.draft.numbers.get(i)?;
        // The lines it was decoded from are the next few; occurrences of
        // the word keep their order.
        let to = (from + 200).min(raw.len() + 1);
        let word: String = self.text[at..]
            .chars()
            .take_while(|c| c.is_alphanumeric())
            .collect();
        if word.is_empty() {
            return None;
        }
        let nth = self.text[self.starts[i]..at].matches(word.as_str()).count();
        raw.get(from - 1..(to - 1).min(raw.len()))?
            .iter()
            .enumerate()
            .flat_map(|(k, l)| l.match_indices(word.as_str()).map(move |(c, _)| (k, l, c)))
            .nth(nth)
            .map(|(k, l, c)| (from + k, l[..c].chars().count() + 1))
    }

    fn line_start(&self, i: usize) -> usize {
        self.starts[i.min(self.starts.len() - 1)]
    }

    fn add(&mut self, id: &'static str, at: usize, message: String, suggestion: &str) {
        let rule = rule_of(id).expect("a known rule");
        let Some(severity) = self.levels.of(rule) else {
            return;
        };
        let (line, column) = self.position(at);
        self.findings.push(Finding {
            id,
            severity,
            line,
            column,
            message,
            suggestion: suggestion.to_string(),
        });
    }

    /// Where the body's writing starts and ends: from the greeting to the
    /// name under the sign-off.
    fn body_range(&self) -> (usize, usize) {
        let start = self.line_start(self.layout.body);
        (start, self.text.len())
    }

    fn is_english(&self) -> bool {
        let (start, _) = self.body_range();
        let body = &self.text[start..];
        let letters = body.chars().filter(|c| c.is_alphabetic()).count();
        let latin = body
            .chars()
            .filter(|c| c.is_alphabetic() && u32::from(*c) <= 0x24f)
            .count();
        if latin * 2 < letters {
            return false;
        }
        let words: Vec<String> = words(body).iter().map(|(_, w)| w.to_lowercase()).collect();
        if words.len() < 8 {
            return true;
        }
        let english = words
            .iter()
            .filter(|w| ENGLISH_WORDS.contains(&w.as_str()))
            .count();
        english * 10 >= words.len()
    }

    fn run(&mut self) {
        self.placeholders();
        if !self.is_english() {
            self.notes.push(
                "this draft does not read as English; bowout checks emails written in English, \
                 so only placeholders were looked for"
                    .into(),
            );
            return;
        }
        if self.situation.is_none() {
            self.guess_situation();
        }
        let today = self.ctx.now.date();
        let dated = dates(self.text, today);
        self.greeting();
        self.shouting();
        self.spelling();
        self.details();
        let owned = self.owned(&dated);
        self.dates(&dated, &owned);
        self.times(&dated);
        let notice = self.notice(&dated, &owned);
        let steps = Steps::read(self.text);
        let s = self.situation;
        let content = self.content_line();
        let closing = self.layout.sign_off.unwrap_or_else(|| self.last_line());
        if !steps.thanks {
            self.add(
                "thanks",
                self.line_start(closing),
                "no thanks anywhere in the email".into(),
                "thank them for their time or the invitation, in a sentence before the sign-off",
            );
        }
        if let Some(s) = s {
            let reasons = !s.reasons.is_empty() && self.ctx.reason != Some(false);
            if reasons && !steps.reason {
                self.add(
                    "reason",
                    self.line_start(content),
                    "no reason given".into(),
                    "a short, honest reason helps (\"I have accepted another offer\"); leaving \
                     it out is your choice",
                );
            }
            if s.notice_matters() && notice.is_some_and(|n| n != Notice::Ample) && !steps.apology {
                let why = if notice == Some(Notice::Missed) {
                    "the interview time has passed"
                } else {
                    "the interview is less than 48 hours away"
                };
                self.add(
                    "apology",
                    self.line_start(content),
                    format!("{why}, and the email does not apologise"),
                    "say sorry once, for the short notice (\"I am sorry for the short notice.\")",
                );
            }
            self.door(s, steps.door);
        }
        self.checklist = steps.checklist(s, notice);
        self.sign_off();
        self.length(&dated);
    }

    /// The first line after the greeting with words: where the opening is.
    fn content_line(&self) -> usize {
        let from = match self.layout.greeting {
            Some(g) => g + 1,
            None => self.layout.first.unwrap_or(self.layout.body),
        };
        (from..self.lines.len())
            .find(|&i| !self.lines[i].trim().is_empty())
            .or(self.layout.first)
            .unwrap_or(0)
    }

    fn guess_situation(&mut self) {
        let employer =
            EMPLOYER.find_iter(self.text).count() > CANDIDATE.find_iter(self.text).count();
        let guess = if employer {
            let moved = MOVED.find(self.text);
            let id = if moved.is_some() {
                "employer-reschedule"
            } else {
                "withdraw-invitation"
            };
            moved
                .or_else(|| EMPLOYER.find(self.text))
                .map(|m| (m.start(), m.as_str(), id))
        } else {
            let mut best: Option<(usize, &str, &'static str)> = None;
            for (id, pattern) in GUESSES.iter() {
                if let Some(m) = pattern.find(self.text)
                    && best.is_none_or(|(at, _, _)| m.start() < at)
                {
                    best = Some((m.start(), m.as_str(), id));
                }
            }
            best
        };
        match guess {
            Some((at, said, id)) => {
                let (line, _) = self.position(at);
                let said = said.split_whitespace().collect::<Vec<_>>().join(" ");
                self.situation = advice::situation(id);
                self.notes.push(format!(
                    "no situation was given; this reads as `{id}` (from \"{said}\" on line \
                     {line}); --set situation=ID says which it is"
                ));
            }
            None => self.notes.push(
                "no situation was given, and the draft does not say which it is, so the checks \
                 that depend on it were left out; --set situation=ID says which it is"
                    .into(),
            ),
        }
    }

    fn greeting(&mut self) {
        let Some(first) = self.layout.first else {
            return;
        };
        let Some(g) = self.layout.greeting else {
            self.add(
                "greeting",
                self.line_start(first),
                "the email does not open with a greeting".into(),
                "start with \"Dear\" and the name (\"Dear Ms Rivera,\"), or \"Dear Hiring \
                 Manager,\" when you do not know it",
            );
            return;
        };
        let line = self.lines[g];
        let Some(c) = TITLED.captures(line) else {
            return;
        };
        let title = &c["title"];
        let first = &c["first"];
        let surname = match c.name("last") {
            Some(last) => Some(last.as_str().to_string()),
            None => {
                let from_recipient = self.ctx.recipient.as_deref().and_then(|r| {
                    let names: Vec<&str> = r
                        .split_whitespace()
                        .filter(|n| !crate::render::is_title(n))
                        .collect();
                    (names.len() >= 2 && names[0].eq_ignore_ascii_case(first))
                        .then(|| names[names.len() - 1].to_string())
                });
                // Without the recipient, a common first name is taken as one.
                from_recipient.or_else(|| {
                    (self.ctx.recipient.is_none()
                        && FIRST_NAMES.contains(&first.to_lowercase().as_str()))
                    .then(|| "and the surname".to_string())
                })
            }
        };
        if let Some(surname) = surname {
            let at = self.line_start(g) + c.name("title").expect("a title").start();
            self.add(
                "greeting-title",
                at,
                format!(
                    "{} goes with a surname, not with the first name {}",
                    quoted(title),
                    quoted(first)
                ),
                &if surname == "and the surname" {
                    format!(
                        "write {} and the surname, or {} alone",
                        quoted(title),
                        quoted(first)
                    )
                } else {
                    format!(
                        "write {}, or the first name alone",
                        quoted(&format!("{title} {surname}"))
                    )
                },
            );
        }
    }

    fn door(&mut self, s: &Situation, open: bool) {
        if !self.ctx.door_open || !matches!(s.id, "decline" | "cancel" | "withdraw-invitation") {
            return;
        }
        if let Some(m) = DOOR_SHUT.find(self.text) {
            let phrase = m.as_str().to_string();
            self.add(
                "door-shut",
                m.start(),
                format!("\"{phrase}\" shuts the door"),
                "people move between companies; a neutral close keeps your options open",
            );
        } else if !open {
            let at = self.layout.sign_off.unwrap_or_else(|| self.last_line());
            self.add(
                "door-shut",
                self.line_start(at),
                "nothing leaves the door open".into(),
                "one sentence such as \"I hope our paths cross again\" keeps it open",
            );
        }
    }

    /// The last line with words.
    fn last_line(&self) -> usize {
        (0..self.lines.len())
            .rev()
            .find(|&i| !self.lines[i].trim().is_empty())
            .unwrap_or(0)
    }

    fn sign_off(&mut self) {
        let last = self.last_line();
        match (self.layout.sign_off, self.layout.name) {
            (None, _) => self.add(
                "sign-off",
                self.line_start(last),
                "no sign-off at the end".into(),
                "end with \"Kind regards,\" (or \"Best wishes,\") and your name under it",
            ),
            (Some(s), None) => self.add(
                "sign-off",
                self.line_start(s),
                "no name under the sign-off".into(),
                "put your name on the line under it",
            ),
            _ => {}
        }
    }

    fn placeholders(&mut self) {
        let found: Vec<(usize, String)> = PLACEHOLDER
            .find_iter(self.text)
            .map(|m| (m.start(), m.as_str().to_string()))
            .collect();
        for (at, p) in found {
            self.add(
                "placeholder",
                at,
                format!("{} is a placeholder", quoted(&p)),
                "put the real words in its place, or take it out",
            );
        }
    }

    fn shouting(&mut self) {
        let marks: Vec<(usize, String)> = SHOUT_MARKS
            .find_iter(self.text)
            .map(|m| (m.start(), m.as_str().to_string()))
            .collect();
        for (at, m) in marks {
            self.add(
                "shouting",
                at,
                format!("{} reads as shouting", quoted(&m)),
                "one full stop, or at most one \"!\", is enough",
            );
        }
        let names: Vec<String> = self.ctx.names.iter().map(|n| n.to_uppercase()).collect();
        let mut shouted = Vec::new();
        for (i, line) in self.lines.iter().enumerate() {
            let words = words(line);
            let capital = |w: &str| {
                w.chars().filter(|c| c.is_alphabetic()).count() >= 2
                    && w.chars().all(|c| !c.is_lowercase())
                    && !names.iter().any(|n| n.split_whitespace().any(|p| p == w))
            };
            let mut k = 0;
            while k < words.len() {
                if !capital(words[k].1) {
                    k += 1;
                    continue;
                }
                // A run of words in capitals, with only spaces between.
                let mut end = k;
                while end + 1 < words.len()
                    && capital(words[end + 1].1)
                    && line[words[end].0 + words[end].1.len()..words[end + 1].0]
                        .chars()
                        .all(|c| c == ' ')
                {
                    end += 1;
                }
                let run = &line[words[k].0..words[end].0 + words[end].1.len()];
                // "HR" and "UK" are names; five letters in capitals are not.
                if run.chars().filter(|c| c.is_alphabetic()).count() >= 5 {
                    shouted.push((self.starts[i] + words[k].0, run.to_string()));
                }
                k = end + 1;
            }
        }
        for (at, run) in shouted {
            self.add(
                "shouting",
                at,
                format!("{} in capitals reads as shouting", quoted(&run)),
                "write it in ordinary letters",
            );
        }
    }

    fn spelling(&mut self) {
        let mut uk = Vec::new();
        let mut us = Vec::new();
        for (at, word) in words(self.text) {
            let word = word
                .strip_suffix("'s")
                .or_else(|| word.strip_suffix("’s"))
                .unwrap_or(word);
            let w = word.to_lowercase();
            // "program" is British too, for software: not a sign of either.
            let pairs = crate::render::SPELLINGS
                .iter()
                .chain(MORE_SPELLINGS)
                .filter(|(gb, _)| *gb != "programme");
            for (gb, am) in pairs {
                if w == *gb {
                    uk.push((at, word, *am));
                } else if w == *am {
                    us.push((at, word, *gb));
                }
            }
        }
        if uk.is_empty() || us.is_empty() {
            return;
        }
        // The person's own English decides; else the spelling used more
        // (or first) is taken as meant.
        let keep_uk = match self.ctx.english {
            Some(English::Uk) => true,
            Some(English::Us) => false,
            None => uk.len() > us.len() || (uk.len() == us.len() && uk[0].0 < us[0].0),
        };
        let (kept, odd, kind, other) = if keep_uk {
            (&uk, &us, "American", "British")
        } else {
            (&us, &uk, "British", "American")
        };
        let (first_at, first_word, _) = kept[0];
        let (first_line, _) = self.position(first_at);
        let odd: Vec<(usize, String, &str)> = odd
            .iter()
            .map(|(at, w, fix)| (*at, w.to_string(), *fix))
            .collect();
        let first_word = first_word.to_string();
        for (at, w, fix) in odd {
            self.add(
                "mixed-spelling",
                at,
                format!(
                    "\"{w}\" is {kind} spelling, but the email spells in {other} English \
                     (\"{first_word}\", line {first_line})"
                ),
                &format!("write \"{fix}\", to spell one way throughout"),
            );
        }
    }

    fn details(&mut self) {
        let (start, _) = self.body_range();
        let lower = self.text.to_ascii_lowercase();
        let mut found = Vec::new();
        for phrase in advice::NEGATIVE {
            for at in advice::whole_words(&lower, phrase) {
                if at >= start {
                    found.push((
                        "negative-detail",
                        at,
                        format!(
                            "\"{}\" may read as negative",
                            &self.text[at..at + phrase.len()]
                        ),
                        "keep the reason short and neutral, with no complaint about pay, the \
                         company or its people",
                    ));
                }
            }
        }
        for (list, what, fix) in [
            (
                MEDICAL,
                "is a medical detail",
                "\"I am unwell\" is enough; the reader does not need the details",
            ),
            (
                PRIVATE,
                "is a private matter",
                "\"a personal matter\" is enough; the reader does not need the details",
            ),
        ] {
            for phrase in list {
                for at in advice::whole_words(&lower, phrase) {
                    if at >= start {
                        found.push((
                            "over-sharing",
                            at,
                            format!("\"{}\" {what}", &self.text[at..at + phrase.len()]),
                            fix,
                        ));
                    }
                }
            }
        }
        for m in MONEY.find_iter(self.text) {
            if m.start() >= start {
                found.push((
                    "over-sharing",
                    m.start(),
                    format!("{} is a figure about pay", quoted(m.as_str().trim())),
                    "leave pay out of it; a figure reads as a bargaining point",
                ));
            }
        }
        for (id, at, message, fix) in found {
            self.add(id, at, message, fix);
        }
    }

    fn dates(&mut self, dated: &[Dated], owned: &[Date]) {
        let today = self.ctx.now.date();
        let interview = self.ctx.interview.as_ref().map(|w| w.at.date());
        let looking_back = self.situation.is_some_and(|s| s.id == "follow-up")
            || self
                .ctx
                .interview
                .as_ref()
                .is_some_and(|w| w.is_past(&self.ctx.now));
        for d in dated {
            let written = self.text[d.start..d.end].to_string();
            if let Some((message, fix)) = wrong_weekday(self.text, d) {
                self.add("weekday", d.start, message, &fix);
            }
            if d.date < today
                && Some(d.date) != interview
                && !looking_back
                && !owned.contains(&d.date)
            {
                self.add(
                    "past-date",
                    d.start,
                    format!(
                        "{} has passed (today is {})",
                        quoted(&written),
                        today.strftime("%A %-d %B %Y")
                    ),
                    "check the date; if the interview was missed, say so and apologise",
                );
            }
        }
    }

    /// The dates in a paragraph that owns them as missed ("I am sorry I
    /// missed our interview on …"): not mistakes, there or in the subject.
    fn owned(&self, dated: &[Dated]) -> Vec<Date> {
        dated
            .iter()
            .filter(|d| {
                let from = self.text[..d.start].rfind("\n\n").map_or(0, |i| i + 2);
                let to = self.text[d.end..]
                    .find("\n\n")
                    .map_or(self.text.len(), |i| d.end + i);
                let paragraph = &self.text[from..to];
                APOLOGY.is_match(paragraph) || MISSED.is_match(paragraph)
            })
            .map(|d| d.date)
            .collect()
    }

    fn times(&mut self, dated: &[Dated]) {
        let mut lonely = Vec::new();
        for m in TIME.find_iter(self.text) {
            // The paragraph the time is in.
            let from = self.text[..m.start()].rfind("\n\n").map_or(0, |i| i + 2);
            let to = self.text[m.end()..]
                .find("\n\n")
                .map_or(self.text.len(), |i| m.end() + i);
            let named = DAY_WORD.is_match(&self.text[from..to])
                || dated.iter().any(|d| d.start >= from && d.end <= to);
            if !named {
                lonely.push((m.start(), trimmed_time(m.as_str()).to_string()));
            }
        }
        for (at, t) in lonely {
            self.add(
                "time-without-day",
                at,
                format!("\"{t}\" has no day with it"),
                "name the day too (\"Thursday 3 December at 10:00\"), so nobody has to guess",
            );
        }
    }

    /// The notice the email gives: from the interview date given, else the
    /// first date (or "today", "tomorrow") the draft names.
    fn notice(&self, dated: &[Dated], owned: &[Date]) -> Option<Notice> {
        let now = &self.ctx.now;
        if let Some(w) = &self.ctx.interview {
            return Some(w.notice(now));
        }
        let (start, _) = self.body_range();
        let lower = self.text[start..].to_ascii_lowercase();
        let word = |w: &str| advice::whole_words(&lower, w).first().map(|at| start + at);
        let same_day = [
            "today",
            "tonight",
            "this morning",
            "this afternoon",
            "this evening",
        ]
        .iter()
        .filter_map(|w| word(w))
        .min();
        let tomorrow = word("tomorrow");
        // A past date nobody owns as missed is taken for a mistake (and
        // said so), not for the interview.
        let first = dated
            .iter()
            .find(|d| d.start >= start && (d.date >= now.date() || owned.contains(&d.date)));
        // "Tomorrow at 10:00 … could we move it to Thursday 3 December?":
        // a day named before the first date is the interview's.
        let before = |at: Option<usize>| at.is_some_and(|at| first.is_none_or(|d| at < d.start));
        if before(same_day) {
            return Some(Notice::SameDay);
        }
        if before(tomorrow) {
            return Some(Notice::Short);
        }
        if let Some(d) = first {
            let (h, m, _) = time_after(self.text, d.end).unwrap_or((12, 0, d.end));
            let at = d
                .date
                .at(h, m, 0, 0)
                .to_zoned(now.time_zone().clone())
                .ok()?;
            return Some(advice::notice(now, &at));
        }
        None
    }

    fn length(&mut self, dated: &[Dated]) {
        let (Some(g), Some(end)) = (
            self.layout.greeting.or(self.layout.first),
            self.layout.name.or(self.layout.sign_off),
        ) else {
            return;
        };
        let limit = if self.ctx.brief {
            crate::render::BRIEF_WORDS
        } else {
            crate::render::STANDARD_WORDS
        };
        // Names, the role and dates (with their times) count as one word
        // each, as they do for the emails bowout writes.
        let mut units: Vec<String> = self.ctx.names.clone();
        units.extend(dated.iter().map(|d| {
            let end = time_after(self.text, d.end).map_or(d.end, |(_, _, end)| end);
            self.text[d.start..end].to_string()
        }));
        if let Some(name) = GREETING
            .find(self.lines[g])
            .map(|m| {
                self.lines[g][m.end()..]
                    .trim()
                    .trim_end_matches([',', ':', '!'])
            })
            .filter(|n| !n.is_empty())
        {
            units.push(name.to_string());
        }
        let mut total = 0;
        for i in g..=end {
            let n = crate::render::writing_words(self.lines[i], "", &units);
            if total <= limit && total + n > limit {
                let words: usize = (g..=end)
                    .map(|i| crate::render::writing_words(self.lines[i], "", &units))
                    .sum();
                self.add(
                    "too-long",
                    self.line_start(i),
                    format!("{words} words, where {limit} is plenty for this email"),
                    "say what is happening, the reason, thanks and one line leaving the door \
                     open; cut the rest",
                );
                return;
            }
            total += n;
        }
    }
}

/// The words of `text` (letters, with inner apostrophes and hyphens) and
/// where each starts.
fn words(text: &str) -> Vec<(usize, &str)> {
    let mut found = Vec::new();
    let mut start = None;
    let mut last = 0;
    for (i, c) in text.char_indices() {
        let inner = matches!(c, '\'' | '’' | '-') && start.is_some();
        if c.is_alphabetic() || inner {
            if start.is_none() {
                start = Some(i);
            }
            if c.is_alphabetic() {
                last = i + c.len_utf8();
            }
        } else if let Some(s) = start.take() {
            found.push((s, &text[s..last]));
        }
    }
    if let Some(s) = start {
        found.push((s, &text[s..last]));
    }
    found
}

/// A date written with a weekday that is not its own ("Friday 5 December
/// 2026", a Saturday): what is wrong, naming both days, and the fix.
fn wrong_weekday(text: &str, d: &Dated) -> Option<(String, String)> {
    let (said, wd) = (d.weekday?, d.weekday_text.as_ref()?);
    let real = d.date.weekday();
    if said == real {
        return None;
    }
    let (before, after) = nearest(d.date, said);
    Some((
        format!(
            "{}: {} is a {}, not a {}",
            quoted(&text[d.start..d.end]),
            d.date.strftime("%-d %B %Y"),
            day_name(real),
            day_name(said)
        ),
        format!(
            "check the date: {wd} is {} or {}",
            before.strftime("%-d %B"),
            after.strftime("%-d %B")
        ),
    ))
}

/// The first date in `text` written with a weekday that is not its own,
/// said as `bowout check` says it; a date without a year is taken in the
/// year nearest `near`.
pub(crate) fn weekday_mismatch(text: &str, near: Date) -> Option<String> {
    dates(text, near)
        .iter()
        .find_map(|d| wrong_weekday(text, d))
        .map(|(message, fix)| format!("{message}; {fix}"))
}

/// Text from the draft as a finding quotes it: in quotation marks, shown
/// safely and cut to a readable length with its full length said.
fn quoted(text: &str) -> String {
    format!("\"{}\"", crate::answers::echo(text))
}

pub(crate) fn day_name(w: Weekday) -> &'static str {
    match w {
        Weekday::Monday => "Monday",
        Weekday::Tuesday => "Tuesday",
        Weekday::Wednesday => "Wednesday",
        Weekday::Thursday => "Thursday",
        Weekday::Friday => "Friday",
        Weekday::Saturday => "Saturday",
        Weekday::Sunday => "Sunday",
    }
}

/// The dates nearest `date` that fall on `weekday`, before and after it.
pub(crate) fn nearest(date: Date, weekday: Weekday) -> (Date, Date) {
    let after = date.nth_weekday(1, weekday).unwrap_or(date);
    let before = date.nth_weekday(-1, weekday).unwrap_or(date);
    (before, after)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn today() -> Date {
        Date::new(2026, 11, 29).unwrap()
    }

    fn now() -> Zoned {
        "2026-11-29T12:00[UTC]".parse().unwrap()
    }

    fn run(text: &str, ctx: &Context) -> Report {
        let draft = Draft::read(text.as_bytes(), "draft").unwrap();
        check(&draft, ctx, &Levels::default())
    }

    fn ids(text: &str) -> Vec<&'static str> {
        run(text, &Context::bare(now()))
            .findings
            .iter()
            .map(|f| f.id)
            .collect()
    }

    #[test]
    fn the_dates_ahead_are_each_named_once() {
        let now: Zoned = "2026-11-26T09:00:00+00:00[UTC]".parse().unwrap();
        let text = "Come on Thursday 10 December 2026 at 15:00. To recap, 10 December \
                    it is. Your last visit was 2 November 2026.";
        assert_eq!(dates_ahead(text, &now), ["2026-12-10 15:00"]);
        assert_eq!(dates_ahead("On 3 December.", &now), ["2026-12-03"]);
        assert_eq!(
            dates_ahead("3 December at 9am or 4 December at 2pm", &now),
            ["2026-12-03 09:00", "2026-12-04 14:00"]
        );
        assert_eq!(dates_ahead("Today is 26 November.", &now), ["2026-11-26"]);
        assert!(dates_ahead("Nothing dated here.", &now).is_empty());
    }

    #[test]
    fn dates_are_read_in_both_orders_with_the_nearest_year() {
        let d = dates(
            "on Friday 4 December, then Tuesday, December 8th, 2026-12-09 and 3rd of Jan",
            today(),
        );
        let got: Vec<(Date, Option<Weekday>)> = d.iter().map(|d| (d.date, d.weekday)).collect();
        assert_eq!(
            got,
            vec![
                (Date::new(2026, 12, 4).unwrap(), Some(Weekday::Friday)),
                (Date::new(2026, 12, 8).unwrap(), Some(Weekday::Tuesday)),
                (Date::new(2026, 12, 9).unwrap(), None),
                (Date::new(2027, 1, 3).unwrap(), None),
            ]
        );
        // A date without a year is taken in the year it is nearest in.
        let d = dates("on 20 March", today());
        assert_eq!(d[0].date, Date::new(2027, 3, 20).unwrap());
        let d = dates("on 20 October", today());
        assert_eq!(d[0].date, Date::new(2026, 10, 20).unwrap());
        let d = dates("on 28 December", Date::new(2026, 1, 10).unwrap());
        assert_eq!(d[0].date, Date::new(2025, 12, 28).unwrap());
        let d = dates("on 20 May 2025", today());
        assert_eq!(d[0].date, Date::new(2025, 5, 20).unwrap());
        // What is not a date is not read as one.
        assert!(dates("I decided on 4 options; March 2026; 31 February", today()).is_empty());
        let d = dates("Friday 4 December", today());
        assert_eq!((d[0].start, d[0].end), (0, 17));
    }

    #[test]
    fn a_time_after_a_date_is_read_in_either_clock() {
        let t = |s: &str| time_after(s, 0).map(|(h, m, _)| (h, m));
        assert_eq!(t(" at 10:00"), Some((10, 0)));
        assert_eq!(t(", at 2:30 p.m."), Some((14, 30)));
        assert_eq!(t(" 9am"), Some((9, 0)));
        assert_eq!(t(" at 12am"), Some((0, 0)));
        assert_eq!(t(" at 12pm"), Some((12, 0)));
        assert_eq!(t(" at 25:00"), None);
        assert_eq!(t(" in the morning"), None);
        assert_eq!(time_after("x at 10:00.", 1).map(|t| t.2), Some(10));
    }

    #[test]
    fn a_time_is_trimmed_of_what_follows_it_but_keeps_its_stops() {
        assert_eq!(trimmed_time("3pm."), "3pm");
        assert_eq!(trimmed_time("10 a.m. "), "10 a.m.");
        assert_eq!(trimmed_time("2:30 P.M.,"), "2:30 P.M.");
        assert_eq!(trimmed_time("10:00,"), "10:00");
        assert_eq!(time_after(" at 24:00", 0), None);
        assert_eq!(time_after(" at 23:60", 0), None);
        assert_eq!(
            time_after(" at 23:59", 0).map(|t| (t.0, t.1)),
            Some((23, 59))
        );
    }

    #[test]
    fn the_checklist_is_the_drafts_own() {
        let ctx = Context::bare(now());
        let named = run("Dear Kim,\n\nThanks.\n\nBest,\nSam\n", &ctx);
        assert_eq!(named.checklist.sign_off, Some(true));
        assert_eq!(named.checklist.gratitude, Some(true));
        let unnamed = run("Dear Kim,\n\nI decline.\n\nBest,\n", &ctx);
        assert_eq!(unnamed.checklist.sign_off, Some(false));
        assert_eq!(unnamed.checklist.gratitude, Some(false));
        // A shut door is not an open one, whatever else the email says.
        let shut = run(
            "Dear Kim,\n\nThanks. I decline; do not contact me about future roles.\n\nBest,\nSam\n",
            &ctx,
        );
        assert_eq!(shut.checklist.door_open, Some(false));
    }

    #[test]
    fn the_checklist_reads_each_step_from_the_text() {
        let cancel = advice::situation("cancel");
        let body = "Dear Kim,\n\nI must cancel my interview.\n\nBest,\nSam\n";
        // Timeliness is the notice's; without a date there is none to judge.
        assert_eq!(
            checklist(body, cancel, Some(Notice::Ample)).timely,
            Some(true)
        );
        assert_eq!(
            checklist(body, cancel, Some(Notice::Short)).timely,
            Some(false)
        );
        assert_eq!(checklist(body, cancel, None).timely, None);
        // Any kind of reason counts: a plain one, a medical or private
        // detail, or a complaint.
        for reason in [
            "I have accepted another offer.",
            "I was diagnosed with flu.",
            "My parents need me.",
            "The pay is low.",
        ] {
            let text = format!("Dear Kim,\n\n{reason}\n\nBest,\nSam\n");
            assert_eq!(
                checklist(&text, cancel, None).reason,
                Some(true),
                "{reason}"
            );
        }
        assert_eq!(checklist(body, cancel, None).reason, Some(false));
        // A reschedule leaves the door open by proposing times, with or
        // without the words for it; a decline needs them.
        let reschedule = advice::situation("reschedule");
        assert_eq!(checklist(body, reschedule, None).door_open, Some(true));
        assert_eq!(
            checklist(body, advice::situation("decline"), None).door_open,
            Some(false)
        );
        let open = "Dear Kim,\n\nI decline; I hope our paths cross again.\n\nBest,\nSam\n";
        assert_eq!(
            checklist(open, advice::situation("decline"), None).door_open,
            Some(true)
        );
        // The subject is not the email's writing, wherever it starts.
        let subject =
            "\n\n\n\n\n\n\n\n\n\n\n\nSubject: Thank you\n\nDear Kim,\n\nI decline.\n\nBest,\nSam\n";
        assert_eq!(checklist(subject, None, None).gratitude, Some(false));
        let subject = "Subject: Thank you, sorry\n\nDear Kim,\n\nI decline.\n\nBest,\nSam\n";
        let list = checklist(subject, None, None);
        assert_eq!((list.gratitude, list.apology), (Some(false), Some(false)));
    }

    #[test]
    fn false_alarms_and_misses_found_on_real_drafts() {
        let ctx = Context::bare(now());
        let with = |text: &str, id: &str| run(text, &ctx).findings.iter().any(|f| f.id == id);
        // A label other than "Subject:" is still the subject line.
        for label in [
            "Sub : Interview",
            "Email Subject line: Interview",
            "SUBJECT LINE: x",
        ] {
            let text = format!("{label}\n\nDear Sir,\n\nThanks. I decline.\n\nBest,\nSam\n");
            assert!(!with(&text, "greeting"), "{label}");
        }
        assert!(with(
            "Subjects we covered\n\nThanks.\n\nBest,\nSam\n",
            "greeting"
        ));
        // Reconnecting later leaves the door open.
        let text = "Dear Kim,\n\nThank you, but I must decline as I am staying in my current \
                    role. I hope to reconnect when circumstances allow.\n\nBest,\nSam\n";
        let ctx_decline = Context {
            situation: advice::situation("decline"),
            ..Context::bare(now())
        };
        let r = run(text, &ctx_decline);
        assert!(
            r.findings.iter().all(|f| f.id != "door-shut"),
            "{:?}",
            r.findings
        );
        // A sign-off with only a telephone number under it has no name.
        let r = run(
            "Dear Kim,\n\nThanks.\n\nBest regards,\n+44 7700 900123\n",
            &ctx,
        );
        assert!(
            r.findings.iter().any(|f| f.id == "sign-off"),
            "{:?}",
            r.findings
        );
        assert_eq!(r.checklist.sign_off, Some(false));
        for contact in [
            "sam@example.com",
            "https://example.com/sam",
            "(555) 123-4567",
        ] {
            assert!(is_contact(contact), "{contact}");
        }
        assert!(!is_contact("Sam Lee") && !is_contact("Flat 2, 10 Downing Street"));
        assert!(!is_contact("Sam <sam@example.com>, HR") && !is_contact("Jo"));
        assert!(!is_contact("C") && !is_contact("J.") && is_contact("M:"));
        assert!(is_contact("Tel. 020 7946 0958 | jo@example.com") && is_contact("M: +1 555"));
        // "After careful consideration" is no reason.
        let r = run(
            "Dear Kim,\n\nThank you for the invitation. After careful consideration, I have \
             decided to decline.\n\nBest,\nSam\n",
            &ctx_decline,
        );
        assert_eq!(r.checklist.reason, Some(false));
        assert!(r.findings.iter().any(|f| f.id == "reason"));
        // Family details are private; a weak CV is negative.
        assert!(with(
            "Dear Kim,\n\nMy parents are very aged and living alone.\n\nBest,\nSam\n",
            "over-sharing"
        ));
        assert!(with(
            "Dear Kim,\n\nWe found someone cheaper and your CV was weak.\n\nBest,\nSam\n",
            "negative-detail"
        ));
        // A double-bracket placeholder is quoted whole.
        let r = run("Dear [[Hiring Manager]],\n\nThanks.\n\nBest,\nSam\n", &ctx);
        let p = r.findings.iter().find(|f| f.id == "placeholder").unwrap();
        assert!(
            p.message.starts_with("\"[[Hiring Manager]]\""),
            "{}",
            p.message
        );
        // "It means a lot" alone is no thanks.
        let r = run(
            "Dear Kim,\n\nIt means a lot that you understand.\n\nBest,\nSam\n",
            &ctx,
        );
        assert_eq!(r.checklist.gratitude, Some(false));
    }

    #[test]
    fn a_draft_in_another_script_is_not_read_as_english() {
        let ctx = Context::bare(now());
        for text in [
            "李先生，\n\n很抱歉，我需要取消下周五的面试。感谢您的理解。\n\n此致\n王明\n",
            "Уважаемая Анна,\n\nК сожалению, я не смогу прийти на собеседование в пятницу. \
             Спасибо за понимание.\n\nС уважением,\nИван\n",
        ] {
            let r = run(text, &ctx);
            assert!(r.findings.is_empty(), "{:?}", r.findings);
            assert!(
                r.notes[0].contains("does not read as English"),
                "{:?}",
                r.notes
            );
        }
        // A short English note is still English.
        let r = run("Hi Kim,\n\nThanks!\n\nSam\n", &ctx);
        assert!(
            r.notes.iter().all(|n| !n.contains("English")),
            "{:?}",
            r.notes
        );
    }

    #[test]
    fn the_earliest_phrase_decides_the_situation_and_the_majority_the_spelling() {
        let ctx = Context::bare(now());
        let r = run(
            "Dear Kim,\n\nI must cancel my interview. Could we find another time?\n\nBest,\nSam\n",
            &ctx,
        );
        assert_eq!(r.situation.map(|s| s.id), Some("cancel"));
        let r = run(
            "Dear Kim,\n\nCould we move the interview? I cannot attend on Friday.\n\nBest,\nSam\n",
            &ctx,
        );
        assert_eq!(r.situation.map(|s| s.id), Some("reschedule"));
        let r = run(
            "Dear Kim,\n\nThanks. I apologise; our organisation chose a new colour, not a \
             color.\n\nBest,\nSam\n",
            &ctx,
        );
        let odd: Vec<&str> = r
            .findings
            .iter()
            .filter(|f| f.id == "mixed-spelling")
            .map(|f| f.message.as_str())
            .collect();
        assert_eq!(odd.len(), 1, "{odd:?}");
        assert!(odd[0].starts_with("\"color\" is American"), "{odd:?}");
    }

    #[test]
    fn what_is_missing_at_the_end_is_found_on_the_last_line() {
        let r = run(
            "Dear Kim,\n\nI decline.\n\nI hope we stay in touch.\n\n",
            &Context::bare(now()),
        );
        let line = |id: &str| r.findings.iter().find(|f| f.id == id).map(|f| f.line);
        assert_eq!(line("sign-off"), Some(5));
        assert_eq!(line("thanks"), Some(5));
    }

    #[test]
    fn a_missed_date_owned_in_its_paragraph_is_no_mistake() {
        let ctx = Context::bare(now());
        let missed = "Subject: Missed interview, 23 November\n\nDear Kim,\n\nI am sorry I \
                      missed our interview on Monday 23 November. Thank you for your \
                      patience.\n\nI hope we stay in touch.\n\nBest,\nSam\n";
        let r = run(missed, &ctx);
        assert!(
            r.findings.iter().all(|f| f.id != "past-date"),
            "{:?}",
            r.findings
        );
        // Without owning it, the same date is a mistake, in both places.
        let r = run(
            &missed
                .replace("I am sorry I missed our interview", "Let us meet")
                .replace("Missed interview", "Interview"),
            &ctx,
        );
        let past: Vec<usize> = r
            .findings
            .iter()
            .filter(|f| f.id == "past-date")
            .map(|f| f.line)
            .collect();
        assert_eq!(past, vec![1, 5]);
    }

    #[test]
    fn a_titled_recipient_still_tells_the_first_name() {
        let mut ctx = Context::bare(now());
        ctx.recipient = Some("Dr. Jordan Smith".into());
        let r = run(
            "Dear Dr Jordan,\n\nThanks. I decline, and hope we stay in touch.\n\nBest,\nSam\n",
            &ctx,
        );
        let f = r
            .findings
            .iter()
            .find(|f| f.id == "greeting-title")
            .unwrap();
        assert!(f.suggestion.contains("\"Dr Smith\""), "{}", f.suggestion);
    }

    #[test]
    fn words_keep_inner_apostrophes_and_hyphens() {
        let w: Vec<&str> = words("I'm O'Brien-Smith's, 'quoted' — ok")
            .iter()
            .map(|w| w.1)
            .collect();
        assert_eq!(w, vec!["I'm", "O'Brien-Smith's", "quoted", "ok"]);
        assert_eq!(words("  Zoë")[0], (2, "Zoë"));
    }

    #[test]
    fn weekdays_and_months_are_read_from_their_names() {
        for (name, day) in [
            ("Monday", Weekday::Monday),
            ("tue", Weekday::Tuesday),
            ("Wednesday", Weekday::Wednesday),
            ("Thurs.", Weekday::Thursday),
            ("Fri", Weekday::Friday),
            ("Saturday", Weekday::Saturday),
            ("sun", Weekday::Sunday),
        ] {
            assert_eq!(weekday_of(name), Some(day), "{name}");
        }
        assert_eq!(weekday_of("SUNDAY"), Some(Weekday::Sunday));
        assert_eq!(weekday_of("Mo"), None);
        assert_eq!(month_of("Sept"), Some(9));
        assert_eq!(month_of("12"), Some(12));
        assert_eq!(month_of("13"), None);
        assert_eq!(month_of("0"), None);
        assert_eq!(month_of("Smarch"), None);
        let (before, after) = nearest(Date::new(2026, 12, 5).unwrap(), Weekday::Friday);
        assert_eq!(before, Date::new(2026, 12, 4).unwrap());
        assert_eq!(after, Date::new(2026, 12, 11).unwrap());
    }

    #[test]
    fn a_message_is_told_from_a_draft_with_a_subject() {
        assert!(is_message("From: a@b.c\nSubject: x\n\nHi"));
        assert!(is_message("X-Mailer: y\nTo: a@b.c\n  folded\n\nHi"));
        assert!(!is_message("Subject: x\n\nHi"));
        assert!(!is_message("Dear Ms Lee,\nFrom: me\n\nHi"));
        assert!(!is_message("To whom it may concern:\n\nHi"));
        assert!(!is_message("Re ply: x\nFrom: a@b.c\n\nHi"));
        assert!(!is_message(": x\nFrom: a@b.c\n\nHi"));
    }

    #[test]
    fn the_layout_finds_subject_greeting_sign_off_and_name() {
        let lines = [
            "Subject: x",
            "",
            "Dear Ms Lee,",
            "",
            "Text.",
            "",
            "Best wishes,",
            "Sam",
            "+1 555",
        ];
        let l = layout(&lines);
        assert_eq!(
            (l.body, l.first, l.greeting, l.sign_off, l.name),
            (1, Some(2), Some(2), Some(6), Some(7))
        );
        let l = layout(&["Text.", "Thanks,"]);
        assert_eq!(
            (l.body, l.first, l.greeting, l.sign_off, l.name),
            (0, Some(0), None, Some(1), None)
        );
    }

    #[test]
    fn levels_turn_checks_off_or_make_them_errors() {
        let levels = Levels::new(&["shouting".into()], &[" thanks".into()]).unwrap();
        assert_eq!(levels.of(rule_of("shouting").unwrap()), None);
        assert_eq!(levels.of(rule_of("thanks").unwrap()), Some(Severity::Error));
        assert_eq!(levels.of(rule_of("reason").unwrap()), Some(Severity::Note));
        assert!(Levels::new(&["nope".into()], &[]).is_err());
        assert!(Levels::new(&["thanks".into()], &["thanks".into()]).is_err());
    }

    #[test]
    fn bad_bytes_are_refused_saying_what_they_are() {
        let err = |b: &[u8]| format!("{:#}", Draft::read(b, "f").unwrap_err());
        assert!(err(b"ab\0cd").contains("binary"));
        assert!(err(b"\x01\x02\x03\x04 hello").contains("binary"));
        assert!(err(b"Dear \xff").contains("byte 6"));
        assert!(err(b" \n\t").contains("empty"));
        assert!(err("\u{feff}\n".as_bytes()).contains("empty"));
        // A BOM and CRLF line ends are read as text.
        let d = Draft::read("\u{feff}Dear Ms Lee,\r\nThanks\r\n".as_bytes(), "f").unwrap();
        assert_eq!(d.text(), "Dear Ms Lee,\nThanks\n");
    }

    #[test]
    fn each_flaw_is_found_and_a_clean_email_passes() {
        let good = "Dear Ms Lee,\n\nThank you for the invitation to interview. I have \
                    accepted another offer, so I must decline. I hope our paths cross \
                    again.\n\nKind regards,\nSam\n";
        assert_eq!(ids(good), Vec::<&str>::new());
        let with = |from: &str, to: &str| ids(&good.replace(from, to));
        assert_eq!(with("Dear Ms Lee,", "Ms Lee,"), vec!["greeting"]);
        assert_eq!(with("Ms Lee", "Ms Ada Lee"), vec!["greeting-title"]);
        assert_eq!(with("Ms Lee", "Ms. Sarah"), vec!["greeting-title"]);
        // A first name that is also a surname is not guessed at.
        assert_eq!(with("Ms Lee", "Mr Thomas"), Vec::<&str>::new());
        assert_eq!(with("Thank you for", "Re"), vec!["thanks"]);
        assert_eq!(
            with("I have accepted another offer, so I", "I"),
            vec!["reason"]
        );
        assert_eq!(
            with("offer", "offer (the pay was awful)"),
            vec!["negative-detail"]
        );
        assert_eq!(
            with("offer", "offer after my surgery"),
            vec!["over-sharing"]
        );
        assert_eq!(with("offer", "offer at $90k"), vec!["over-sharing"]);
        assert_eq!(with("I hope our paths cross again.", ""), vec!["door-shut"]);
        assert_eq!(
            with("I hope our paths cross again.", "Never contact me again."),
            vec!["door-shut"]
        );
        assert_eq!(with("Kind regards,\n", ""), vec!["sign-off"]);
        assert_eq!(with("Sam\n", ""), vec!["sign-off"]);
        assert_eq!(
            with("interview.", "interview on Friday 5 December 2026."),
            vec!["weekday"]
        );
        assert_eq!(
            with("interview.", "interview on 3 November."),
            vec!["past-date"]
        );
        assert_eq!(
            with("interview.", "interview at 3pm."),
            vec!["time-without-day"]
        );
        assert_eq!(
            with("interview.", "interview tomorrow at 3pm."),
            vec!["apology"]
        );
        assert_eq!(
            with("interview.", "interview, sorry, at 3pm today."),
            Vec::<&str>::new()
        );
        assert_eq!(
            with("invitation", "kind invitation (I apologise, I realize)"),
            vec!["mixed-spelling"]
        );
        assert_eq!(with("decline", "DECLINE"), vec!["shouting"]);
        assert_eq!(with("decline", "decline!!"), vec!["shouting"]);
        assert_eq!(with("Sam", "[Your Name]"), vec!["placeholder"]);
        assert_eq!(with("Ms Lee", "{{name}}"), vec!["placeholder"]);
        assert_eq!(with("Ms Lee", "<Name>"), vec!["placeholder"]);
        assert_eq!(with("Ms Lee", "XXX"), vec!["placeholder"]);
        // An address in angle brackets and an acronym are not flagged.
        assert_eq!(with("Sam", "Sam <sam@example.com>, HR"), Vec::<&str>::new());
        let long = good.replace("again.", &"and again. ".repeat(80));
        assert_eq!(ids(&long), vec!["too-long"]);
    }

    #[test]
    fn a_message_is_read_with_its_lines_numbered_as_in_the_file() {
        let plain = "From: Sam <sam@example.com>\r\nTo: kim@example.com\r\nSubject: Re: \
                     Interview\r\nMIME-Version: 1.0\r\nContent-Type: text/plain; \
                     charset=utf-8\r\n\r\nDear Kim,\r\n\r\nThanks. It was awful.\r\n\r\n\
                     Best,\r\nSam\r\n";
        let r = run(plain, &Context::bare(now()));
        let f = r
            .findings
            .iter()
            .find(|f| f.id == "negative-detail")
            .unwrap();
        assert_eq!((f.line, f.column), (9, 16));
        // The subject's findings are on its header's line.
        let r = run(
            &plain.replace("Re: Interview", "Re: [Role]"),
            &Context::bare(now()),
        );
        let f = r.findings.iter().find(|f| f.id == "placeholder").unwrap();
        assert_eq!(f.line, 3);
        let quoted = "From: sam@example.com\nSubject: Interview\nContent-Transfer-Encoding: \
                      quoted-printable\n\nDear Kim,\n\nThanks. It was a long =\nand awful \
                      proc=\ness.\n\nGreat!!\n\nBest,\nSam\n";
        let d = Draft::read(quoted.as_bytes(), "m").unwrap();
        assert!(
            d.text().contains("a long and awful process."),
            "{}",
            d.text()
        );
        let r = check(&d, &Context::bare(now()), &Levels::default());
        let f = r
            .findings
            .iter()
            .find(|f| f.id == "negative-detail")
            .unwrap();
        // Found where it stands in the file, not in the decoded line.
        assert_eq!((f.line, f.column), (8, 5));
        // A finding with no word to look for is on its decoded line's own.
        let f = r.findings.iter().find(|f| f.id == "shouting").unwrap();
        assert_eq!((f.line, f.column), (11, 6));
        // The subject is the message's, on its header's line.
        assert!(d.text().starts_with("Subject: Interview\n\nDear Kim,"));
        let err = format!(
            "{:#}",
            Draft::read(b"From: a@b.c\nContent-Type: text/html\n\n", "m").unwrap_err()
        );
        assert!(err.contains("no text"), "{err}");
    }

    #[test]
    fn findings_name_the_line_and_column_in_characters() {
        let r = run(
            "Dear Zoë,\n\nThanks. Ça va, it was awful.\n\nBest,\nSam\n",
            &Context::bare(now()),
        );
        let f = r
            .findings
            .iter()
            .find(|f| f.id == "negative-detail")
            .unwrap();
        assert_eq!((f.line, f.column), (3, 23));
    }

    #[test]
    fn the_context_decides_length_spelling_and_what_is_chosen() {
        let a = Answers::from_toml(
            "situation = 'decline'\nlength = 'brief'\nenglish = 'us'\nreason = 'no-reason'\n\
             door_open = false\n",
        )
        .unwrap();
        let ctx = Context::from_answers(&a, &now()).unwrap();
        assert!(ctx.brief && !ctx.door_open && ctx.reason == Some(false));
        let text = format!(
            "Dear Ms Lee,\n\nThank you for the invitation. I must decline. I apologise, and I \
             realize it is late. {}\n\nKind regards,\nSam\n",
            "More words here. ".repeat(20)
        );
        let found: Vec<&str> = run(&text, &ctx).findings.iter().map(|f| f.id).collect();
        // Brief: over 80 words; American: "apologise" is the odd one out;
        // no reason and a shut door were chosen, so neither is flagged.
        assert_eq!(found, vec!["mixed-spelling", "too-long"]);
        let f = run(&text, &ctx).findings;
        assert!(
            f[0].message.contains("\"apologise\" is British"),
            "{}",
            f[0].message
        );
    }

    #[test]
    fn the_situation_is_told_from_the_text_and_said() {
        let r = run(
            "Hello Sam,\n\nOur interviewer is unavailable, so we need a new time for your \
             interview.\n\nBest,\nKim\n",
            &Context::bare(now()),
        );
        assert_eq!(r.situation.map(|s| s.id), Some("employer-reschedule"));
        assert!(
            r.notes[0].contains("(from \"new time\" on line 3)"),
            "{:?}",
            r.notes
        );
        let r = run(
            "Dear Kim,\n\nThank you.\n\nBest,\nSam\n",
            &Context::bare(now()),
        );
        assert!(r.situation.is_none());
        assert!(r.notes[0].contains("does not say which it is"));
    }
}
