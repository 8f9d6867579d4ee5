//! The checks `bowout check` makes, by id: pure data, also read by
//! build.rs for the help, the manual page and the completions of `--allow`
//! and `--deny`.

/// How much a finding matters: an error makes `bowout check` exit 1.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Severity {
    Note,
    Warning,
    Error,
}

impl Severity {
    pub fn word(self) -> &'static str {
        match self {
            Severity::Note => "note",
            Severity::Warning => "warning",
            Severity::Error => "error",
        }
    }
}

/// One kind of finding: its id (for `--allow` and `--deny`), how much it
/// matters unless the person says otherwise, and what it looks for.
#[derive(Debug)]
pub struct Rule {
    pub id: &'static str,
    pub severity: Severity,
    pub about: &'static str,
}

const fn rule(id: &'static str, severity: Severity, about: &'static str) -> Rule {
    Rule {
        id,
        severity,
        about,
    }
}

use Severity::{Error as E, Note as N, Warning as W};

pub const RULES: &[Rule] = &[
    rule("greeting", W, "no greeting to open the email"),
    rule(
        "greeting-title",
        W,
        "a title with a first name (\"Dear Ms Jordan\")",
    ),
    rule("thanks", W, "no thanks anywhere"),
    rule("reason", N, "no reason given (leaving it out is a choice)"),
    rule(
        "negative-detail",
        W,
        "complaints about pay, the company or its people",
    ),
    rule(
        "over-sharing",
        W,
        "medical details, pay figures, private matters",
    ),
    rule("apology", W, "no apology when the notice is short"),
    rule(
        "door-shut",
        W,
        "the door left shut where it would stay open",
    ),
    rule("too-long", W, "longer than the situation needs"),
    rule("sign-off", W, "no sign-off, or no name under it"),
    rule("weekday", E, "a weekday that does not match its date"),
    rule("past-date", W, "a date that has already passed"),
    rule("time-without-day", W, "a time with no day"),
    rule("mixed-spelling", W, "British and American spelling mixed"),
    rule("shouting", W, "words in capitals, or \"!!\""),
    rule("placeholder", E, "a placeholder left in, e.g. [Your Name]"),
];

/// The checks for `bowout check --help`: one a line, with its severity
/// where it is not a warning.
pub fn help_section() -> String {
    let width = RULES.iter().map(|r| r.id.len()).max().unwrap_or(0);
    let mut out =
        String::from("Checks (turn one off with --allow ID, make one an error with --deny ID):\n");
    for r in RULES {
        let level = match r.severity {
            Severity::Warning => String::new(),
            other => format!(" ({})", other.word()),
        };
        out.push_str(&format!("  {:<width$}  {}{level}\n", r.id, r.about));
    }
    out
}
