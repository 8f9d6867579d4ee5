//! The table of questions: every answer bowout takes, described once. The
//! answers model (`--set`, the answers file, what is missing, validation),
//! the wizard (its steps, prompts and menus), the review's "Change an
//! answer", `bowout keys`, `--help` and the shell completions all read it.
//!
//! Pure data with no dependency on the rest of bowout, so that build.rs can
//! read it too. The conditions are named here and worked out by the engines
//! that walk the table: `answers.rs` and `prompt.rs`.

/// What sort of answer a question takes, and so how it is typed, checked,
/// asked and shown.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    /// A situation id (`bowout situations`).
    Situation,
    /// A reason id of the situation (`bowout reasons SITUATION`).
    Reason,
    /// One of a fixed list.
    Choice(&'static [Choice]),
    /// true or false (yes or no).
    YesNo,
    /// One line of text.
    Line,
    /// An email address, or nothing.
    Email,
    /// Several lines of text; with `--set`, `\n` starts a new line.
    Lines,
    /// A date, with or without a time.
    Date,
    /// Dates to propose; with `--set`, separated by `;`.
    Dates,
}

/// One item of a `Kind::Choice`.
#[derive(Debug, PartialEq, Eq)]
pub struct Choice {
    /// What `--set` and the answers file take.
    pub id: &'static str,
    /// How it reads in a menu and in the review.
    pub label: &'static str,
    /// A note beside it in the menu, if any.
    pub note: &'static str,
    /// Other words taken for it (`--set called=yes`).
    pub aliases: &'static [&'static str],
}

/// Which situations a question belongs to. Where a situation changes, an
/// answer that no longer belongs is dropped (except text the person wrote).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum For {
    All,
    /// Situations with reasons to give.
    WithReasons,
    /// Situations that cause the reader trouble (an apology fits).
    Inconveniencing,
    /// Situations that propose other times.
    ProposingTimes,
    /// Situations about an interview still to come.
    NoticeMatters,
}

/// Whether an email can be written without the answer.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Need {
    /// It may be left out.
    No,
    /// Always needed.
    Yes,
    /// Needed where the situation needs a date (or is not yet known).
    WhereDated,
    /// Needed where the situation has reasons (or is not yet known).
    WhereReasons,
    /// Needed when the employer writes.
    FromEmployer,
}

/// When the wizard asks it, within its situations.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum When {
    /// Whenever it has no answer yet.
    Unanswered,
    /// When a reason other than "prefer not to say" is given.
    ReasonGiven,
    /// When the person chose to propose times.
    TimesProposed,
    /// When the notice is under 24 hours (phone first).
    CallFirst,
    /// Only from the review's "Change an answer": the default nearly always fits.
    OnRequest,
}

/// The answer when none is given.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Default {
    None,
    Yes,
    /// Yes where the situation inconveniences the reader.
    WhereInconveniencing,
    /// This choice's id.
    Choice(&'static str),
    /// The English of the person's locale.
    Locale,
}

/// Behaviour of the wizard's own, beyond asking, for one question.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Hook {
    None,
    /// After the date: show it in full and what its notice means.
    Notice,
    /// After choosing to decline: offer to weigh interviewing anyway.
    Weigh,
    /// Warn gently about negative specifics, and offer to rephrase.
    Coach,
}

/// The wizard's steps, in the order of the advice.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Step {
    Situation,
    Timeliness,
    Reason,
    Gratitude,
    Apology,
    Door,
    Particulars,
    Tone,
}

impl Step {
    pub const ALL: [Step; 8] = [
        Step::Situation,
        Step::Timeliness,
        Step::Reason,
        Step::Gratitude,
        Step::Apology,
        Step::Door,
        Step::Particulars,
        Step::Tone,
    ];

    pub fn title(self) -> &'static str {
        match self {
            Step::Situation => "Situation",
            Step::Timeliness => "Timeliness",
            Step::Reason => "Reason",
            Step::Gratitude => "Gratitude",
            Step::Apology => "Apology",
            Step::Door => "Leaving the door open",
            Step::Particulars => "Particulars",
            Step::Tone => "Tone and length",
        }
    }

    /// Which situations walk this step.
    pub fn situations(self) -> For {
        match self {
            Step::Reason => For::WithReasons,
            // A follow-up is written after the fact: no notice to weigh,
            // and its date (optional) is left to "Change an answer".
            Step::Timeliness => For::NoticeMatters,
            Step::Apology => For::Inconveniencing,
            _ => For::All,
        }
    }
}

/// Which wording of a prompt fits; the first that matches is used.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Case {
    Any,
    /// The situation proposes other times.
    ProposingTimes,
    /// The employer writes.
    Employer,
    /// The situation may have no date.
    Undated,
}

/// One question.
#[derive(Debug)]
pub struct Question {
    /// The `--set` key and the answers file's key.
    pub key: &'static str,
    /// What it is called where a person sees it: "Apologise".
    pub label: &'static str,
    /// What it is called in a sentence: "the apology".
    pub noun: &'static str,
    /// One line for `bowout keys`, `--help` and error messages.
    pub help: &'static str,
    /// The wizard's question, by case.
    pub prompts: &'static [(Case, &'static str)],
    pub kind: Kind,
    pub step: Step,
    pub situations: For,
    pub need: Need,
    pub when: When,
    pub default: Default,
    pub hook: Hook,
    /// Kept in the profile when the person agrees to be remembered.
    pub profile: bool,
}

impl Question {
    /// The wizard's question for a case: `matches` says which cases hold.
    pub fn prompt(&self, matches: impl Fn(Case) -> bool) -> &'static str {
        self.prompts
            .iter()
            .find(|(case, _)| matches(*case))
            .map_or(self.label, |(_, p)| p)
    }

    /// The choices a fixed-list question takes.
    pub fn choices(&self) -> &'static [Choice] {
        match self.kind {
            Kind::Choice(c) => c,
            _ => &[],
        }
    }
}

const fn choice(id: &'static str, label: &'static str, note: &'static str) -> Choice {
    Choice {
        id,
        label,
        note,
        aliases: &[],
    }
}

/// A question with the usual settings; each entry below says what differs.
const Q: Question = Question {
    key: "",
    label: "",
    noun: "",
    help: "",
    prompts: &[],
    kind: Kind::Line,
    step: Step::Particulars,
    situations: For::All,
    need: Need::No,
    when: When::Unanswered,
    default: Default::None,
    hook: Hook::None,
    profile: false,
};

/// Every question, in the order the wizard asks them.
pub static QUESTIONS: &[Question] = &[
    Question {
        key: "situation",
        label: "What you are writing",
        noun: "the situation",
        help: "what you need to write: decline, cancel, reschedule, follow-up, \
               withdraw-invitation or employer-reschedule (see `bowout situations`)",
        prompts: &[(Case::Any, "What do you need to write?")],
        kind: Kind::Situation,
        step: Step::Situation,
        need: Need::Yes,
        hook: Hook::Weigh,
        ..Q
    },
    Question {
        key: "interview_at",
        label: "Interview",
        noun: "the interview date",
        help: "when the interview is, e.g. `2026-12-03 10:00`, `tomorrow 9am` or \
               `next friday 10:00`; a date alone has no time; decline, \
               withdraw-invitation and follow-up may leave it out",
        prompts: &[
            (
                Case::Undated,
                "When is the interview? (e.g. 2026-12-03 10:00; Enter if none is set)",
            ),
            (
                Case::Any,
                "When is the interview? (e.g. 2026-12-03 10:00, tomorrow 9am)",
            ),
        ],
        kind: Kind::Date,
        step: Step::Timeliness,
        need: Need::WhereDated,
        hook: Hook::Notice,
        ..Q
    },
    Question {
        key: "called",
        label: "Phoned already",
        noun: "the call you made",
        help: "with under 24 hours' notice, whether you have already phoned: no, spoke \
               or voicemail",
        prompts: &[(Case::Any, "Have you phoned them yet?")],
        kind: Kind::Choice(&[
            Choice {
                aliases: &["false", "n"],
                ..choice("no", "Not yet", "")
            },
            Choice {
                aliases: &["yes", "true", "y"],
                ..choice("spoke", "Yes, I spoke to them", "")
            },
            Choice {
                aliases: &["message"],
                ..choice("voicemail", "I left a voicemail", "")
            },
        ]),
        step: Step::Timeliness,
        situations: For::NoticeMatters,
        when: When::CallFirst,
        default: Default::Choice("no"),
        ..Q
    },
    Question {
        key: "reason",
        label: "Reason",
        noun: "the reason",
        help: "why, as a reason id (see `bowout reasons SITUATION`)",
        prompts: &[(Case::Any, "Which honest reason fits best?")],
        kind: Kind::Reason,
        step: Step::Reason,
        situations: For::WithReasons,
        need: Need::WhereReasons,
        ..Q
    },
    Question {
        key: "detail",
        label: "Your own sentence",
        noun: "your own sentence",
        help: "an optional sentence of your own after the reason",
        prompts: &[(
            Case::Any,
            "A sentence of your own after the reason (optional, Enter to skip)",
        )],
        kind: Kind::Lines,
        step: Step::Reason,
        situations: For::WithReasons,
        when: When::ReasonGiven,
        hook: Hook::Coach,
        ..Q
    },
    Question {
        key: "apology",
        label: "Apologise",
        noun: "the apology",
        help: "apologise for the inconvenience: true or false (default true, false for \
               follow-up)",
        prompts: &[(Case::Any, "Apologise for the inconvenience?")],
        kind: Kind::YesNo,
        step: Step::Apology,
        situations: For::Inconveniencing,
        default: Default::WhereInconveniencing,
        ..Q
    },
    Question {
        key: "door_open",
        label: "Leave the door open",
        noun: "leaving the door open",
        help: "leave the door open (or propose times): true or false (default true)",
        prompts: &[
            (Case::ProposingTimes, "Propose other times?"),
            (
                Case::Employer,
                "Offer to keep their details on file for future roles?",
            ),
            (
                Case::Any,
                "Say you would welcome future opportunities with them?",
            ),
        ],
        kind: Kind::YesNo,
        step: Step::Door,
        default: Default::Yes,
        ..Q
    },
    Question {
        key: "alternatives",
        label: "Other times",
        noun: "the proposed times",
        help: "other times to propose, e.g. `2026-12-07 10:00` or `Thursday 10 December, \
               afternoon`; with --set, separate them with `;`",
        prompts: &[(Case::Any, "Time {n} to propose (Enter when done)")],
        kind: Kind::Dates,
        step: Step::Door,
        situations: For::ProposingTimes,
        when: When::TimesProposed,
        ..Q
    },
    Question {
        key: "recipient",
        label: "To",
        noun: "who it is to",
        help: "who you are writing to, e.g. `Ms Zoë Rivera`",
        prompts: &[
            (Case::Employer, "The candidate's name"),
            (
                Case::Any,
                "Who are you writing to? (Enter for \"Dear Hiring Manager\")",
            ),
        ],
        need: Need::FromEmployer,
        ..Q
    },
    Question {
        key: "greeting",
        label: "Greeting name",
        noun: "the greeting",
        help: "exactly what follows Dear or Hello, when the guess from `recipient` is wrong",
        prompts: &[(
            Case::Any,
            "What follows Dear or Hello (Enter to let bowout choose from the name)",
        )],
        when: When::OnRequest,
        ..Q
    },
    Question {
        key: "recipient_email",
        label: "Their email",
        noun: "their email address",
        help: "their email address",
        prompts: &[(Case::Any, "Their email address (optional)")],
        kind: Kind::Email,
        ..Q
    },
    Question {
        key: "company",
        label: "Company",
        noun: "the company",
        help: "the company",
        prompts: &[(Case::Any, "Company")],
        need: Need::Yes,
        ..Q
    },
    Question {
        key: "position",
        label: "Position",
        noun: "the position",
        help: "the role, e.g. `Data Analyst`",
        prompts: &[(Case::Any, "Position (the role, e.g. Data Analyst)")],
        need: Need::Yes,
        ..Q
    },
    Question {
        key: "sender",
        label: "Your name",
        noun: "your name",
        help: "your name, for the sign-off",
        prompts: &[(Case::Any, "Your name, for the sign-off")],
        need: Need::Yes,
        profile: true,
        ..Q
    },
    Question {
        key: "sender_email",
        label: "Your email",
        noun: "your email address",
        help: "your email address",
        prompts: &[(Case::Any, "Your email address (optional)")],
        kind: Kind::Email,
        profile: true,
        ..Q
    },
    Question {
        key: "signature",
        label: "Under your name",
        noun: "the lines under your name",
        help: "lines under your name, e.g. a phone number; with --set, `\\n` starts a new line",
        prompts: &[(
            Case::Any,
            "Lines under your name, e.g. a phone number (optional; \\n starts a new line)",
        )],
        kind: Kind::Lines,
        profile: true,
        ..Q
    },
    Question {
        key: "tone",
        label: "Tone",
        noun: "the tone",
        help: "formal (default) or warm",
        prompts: &[(Case::Any, "Tone")],
        kind: Kind::Choice(&[
            choice("formal", "formal", "for a first contact"),
            choice("warm", "warm", "if you have already spoken"),
        ]),
        step: Step::Tone,
        default: Default::Choice("formal"),
        ..Q
    },
    Question {
        key: "length",
        label: "Length",
        noun: "the length",
        help: "standard (default, 150 words at most) or brief (80 at most)",
        prompts: &[(Case::Any, "Length")],
        kind: Kind::Choice(&[
            choice("standard", "standard", ""),
            choice("brief", "brief", "80 words at most"),
        ]),
        step: Step::Tone,
        default: Default::Choice("standard"),
        ..Q
    },
    Question {
        key: "english",
        label: "English",
        noun: "the English",
        help: "uk or us (default from LANG: en_US gives us, else uk)",
        prompts: &[(Case::Any, "Which English?")],
        kind: Kind::Choice(&[
            Choice {
                aliases: &["gb", "en-gb", "en_gb", "british"],
                ..choice("uk", "British English", "")
            },
            Choice {
                aliases: &["en-us", "en_us", "american"],
                ..choice("us", "American English", "")
            },
        ]),
        step: Step::Tone,
        when: When::OnRequest,
        default: Default::Locale,
        ..Q
    },
    Question {
        key: "sign_off",
        label: "Sign-off",
        noun: "the sign-off",
        help: "the words before your name: usual (default: by tone and English), \
               kind-regards, best-wishes, many-thanks or sincerely",
        prompts: &[(Case::Any, "How to sign off?")],
        kind: Kind::Choice(&[
            choice("usual", "As the tone suggests", ""),
            choice("kind-regards", "Kind regards", ""),
            choice("best-wishes", "Best wishes", ""),
            choice("many-thanks", "Many thanks", ""),
            choice("sincerely", "Sincerely", ""),
        ]),
        step: Step::Tone,
        when: When::OnRequest,
        default: Default::Choice("usual"),
        ..Q
    },
];

/// The question with this key.
pub fn question(key: &str) -> Option<&'static Question> {
    QUESTIONS.iter().find(|q| q.key == key)
}

/// The keys, for messages: "situation, interview_at, …".
pub fn key_list() -> String {
    QUESTIONS
        .iter()
        .map(|q| q.key)
        .collect::<Vec<_>>()
        .join(", ")
}

/// The answers section of `--help` and the manual page: each key with its
/// help, wrapped under it to fit `columns`.
pub fn help_section(columns: usize) -> String {
    let width = QUESTIONS.iter().map(|q| q.key.len()).max().unwrap_or(0) + 2;
    let mut out = String::from("Answers (for --set KEY=VALUE and the TOML --answers file):\n");
    let indent = " ".repeat(width + 2);
    let fits = columns.saturating_sub(indent.len()).max(20);
    for q in QUESTIONS {
        let help = crate::wrap::wrap(q.help, fits, |w| w.chars().count());
        out.push_str(&format!("  {:<width$}", q.key));
        out.push_str(&help.replace('\n', &format!("\n{indent}")));
        out.push('\n');
    }
    out
}
