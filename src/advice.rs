//! The etiquette bowout teaches: the situations and their reasons, the notice
//! policy, and the checklist of advice steps an email covers. Pure data and
//! pure functions; nothing here does I/O.

use jiff::Zoned;
use serde::Serialize;

/// Who is writing.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Side {
    Candidate,
    Employer,
}

/// One of the situations bowout writes for.
#[derive(Debug)]
pub struct Situation {
    pub id: &'static str,
    pub side: Side,
    /// One line for `bowout situations` and the wizard's first menu.
    pub summary: &'static str,
    pub reasons: &'static [Reason],
}

/// An honest, concise reason a person may give.
#[derive(Debug)]
pub struct Reason {
    pub id: &'static str,
    pub label: &'static str,
}

/// The reason id that means "prefer not to say"; every situation with reasons has it.
pub const NO_REASON: &str = "no-reason";

const fn r(id: &'static str, label: &'static str) -> Reason {
    Reason { id, label }
}

pub const SITUATIONS: &[Situation] = &[
    Situation {
        id: "decline",
        side: Side::Candidate,
        summary: "say no to an interview invitation",
        reasons: &[
            r("another-offer", "I have accepted another offer"),
            r("scheduling-conflict", "my commitments leave no room for it"),
            r("staying-current-role", "I am staying in my current role"),
            r("not-right-fit", "the role is not the right fit"),
            r("different-field", "I am moving into a different field"),
            r("timing", "the timing is not right"),
            r(NO_REASON, "prefer not to say"),
        ],
    },
    Situation {
        id: "cancel",
        side: Side::Candidate,
        summary: "call off an interview that is already scheduled",
        reasons: &[
            r("medical-emergency", "a medical emergency"),
            r("illness", "I am ill"),
            r("family-emergency", "a family emergency"),
            r("another-offer", "I have accepted another offer"),
            r("conflicting-interview", "another interview clashes with it"),
            r("changed-mind", "I no longer want to go ahead"),
            r(NO_REASON, "prefer not to say"),
        ],
    },
    Situation {
        id: "reschedule",
        side: Side::Candidate,
        summary: "cannot attend at the set time; propose other times",
        reasons: &[
            r("scheduling-conflict", "a clash I cannot move"),
            r("illness", "I am ill"),
            r("family-emergency", "a family emergency"),
            r("work-commitment", "a commitment at my current job"),
            r("travel", "I am travelling"),
            r(NO_REASON, "prefer not to say"),
        ],
    },
    Situation {
        id: "follow-up",
        side: Side::Candidate,
        summary: "a thank-you note after declining, to keep in touch",
        reasons: &[],
    },
    Situation {
        id: "withdraw-invitation",
        side: Side::Employer,
        summary: "take back an interview invitation (employer)",
        reasons: &[
            r("position-filled", "the position has been filled"),
            r("position-on-hold", "the position is on hold"),
            r("internal-candidate", "an internal candidate was chosen"),
            r("requirements-changed", "the requirements changed"),
            r("budget", "budget changes"),
            r(NO_REASON, "prefer not to say"),
        ],
    },
    Situation {
        id: "employer-reschedule",
        side: Side::Employer,
        summary: "move an interview you set (employer)",
        reasons: &[
            r("interviewer-unavailable", "the interviewer is unavailable"),
            r("scheduling-conflict", "a scheduling conflict on our side"),
            r("process-change", "our interview process changed"),
            r(NO_REASON, "prefer not to say"),
        ],
    },
];

/// Looks up a situation by id.
pub fn situation(id: &str) -> Option<&'static Situation> {
    SITUATIONS.iter().find(|s| s.id == id)
}

/// The ids of all situations, for messages that list what is valid.
pub fn situation_ids() -> Vec<&'static str> {
    SITUATIONS.iter().map(|s| s.id).collect()
}

impl Situation {
    pub fn reason(&self, id: &str) -> Option<&'static Reason> {
        self.reasons.iter().find(|r| r.id == id)
    }

    pub fn reason_ids(&self) -> Vec<&'static str> {
        self.reasons.iter().map(|r| r.id).collect()
    }

    /// Whether the email is about an interview still to come, so that the
    /// notice it gives matters. A follow-up is written after the fact.
    /// Whether the email needs the interview's date: a scheduled interview
    /// does; an invitation may not be scheduled yet, and a follow-up may
    /// leave it out.
    pub fn needs_date(&self) -> bool {
        matches!(self.id, "cancel" | "reschedule" | "employer-reschedule")
    }

    pub fn notice_matters(&self) -> bool {
        self.id != "follow-up"
    }

    /// Whether the email causes the reader any trouble, so that an apology
    /// is on by default.
    pub fn inconveniences(&self) -> bool {
        self.id != "follow-up"
    }

    /// Whether "leaving the door open" means proposing other times.
    pub fn proposes_times(&self) -> bool {
        matches!(self.id, "reschedule" | "employer-reschedule")
    }
}

/// How much notice the email gives before the interview.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Notice {
    /// More than 48 hours: fine.
    Ample,
    /// Under 48 hours: send it now.
    Soon,
    /// Under 24 hours: call first, then confirm by email.
    Short,
    /// The interview is today.
    SameDay,
    /// The interview time has passed.
    Missed,
}

/// Where the call script is, as the command line says it.
pub const CALL_SCRIPT_FLAG: &str = "--format phone gives a call script";
/// The same, as the wizard says it: nobody can type a flag inside it.
pub const CALL_SCRIPT_REVIEW: &str = "\"Phone script\" at the review gives you what to say";

/// The notice policy: how long before `at` the email goes out at `now`.
pub fn notice(now: &Zoned, at: &Zoned) -> Notice {
    if at < now {
        return Notice::Missed;
    }
    // The same day as the person counts days, wherever the interview is.
    if at.with_time_zone(now.time_zone().clone()).date() == now.date() {
        return Notice::SameDay;
    }
    let hours = at.timestamp().as_second() - now.timestamp().as_second();
    match hours / 3600 {
        h if h < 24 => Notice::Short,
        h if h < 48 => Notice::Soon,
        _ => Notice::Ample,
    }
}

/// The notice policy for an interview on `day` at a time not given: a
/// whole day, over only once it has passed where the person is (`now`'s
/// zone). On the day itself it is same-day notice, not a missed interview;
/// before it, notice is counted to the day's start, the earliest the
/// interview could be.
pub fn day_notice(now: &Zoned, day: jiff::civil::Date) -> Notice {
    let today = now.date();
    if day < today {
        return Notice::Missed;
    }
    if day == today {
        return Notice::SameDay;
    }
    match day.to_zoned(now.time_zone().clone()) {
        Ok(start) => notice(now, &start),
        Err(_) => Notice::Ample,
    }
}

impl Notice {
    /// The email apologises for short notice.
    pub fn is_short(self) -> bool {
        matches!(self, Notice::Soon | Notice::Short | Notice::SameDay)
    }

    /// A call should come before the email.
    pub fn call_first(self) -> bool {
        matches!(self, Notice::Short | Notice::SameDay)
    }

    /// What this notice means, in plain words for the person writing.
    pub fn meaning(self, situation: &Situation, call_script: &str) -> String {
        let side = situation.side;
        let call = match side {
            Side::Candidate => "call first",
            Side::Employer => "call the candidate first",
        };
        match (self, side) {
            (Notice::Ample, _) => "There is more than two days' notice, which is fine.".into(),
            (Notice::Soon, _) => {
                "The interview is less than 48 hours away: send this today.".into()
            }
            (Notice::Short, _) => format!(
                "The interview is less than 24 hours away: {call}, then confirm by email \
                 ({call_script})."
            ),
            (Notice::SameDay, Side::Candidate) => {
                let doing = match situation.id {
                    "decline" => "Declining on the day leaves the interviewer waiting",
                    "reschedule" => {
                        "Asking to move an interview on the day is seen as unprofessional \
                         unless it is a genuine emergency"
                    }
                    _ => {
                        "Cancelling on the day is seen as unprofessional unless it is a genuine \
                         emergency"
                    }
                };
                format!(
                    "The interview is today. {doing}; {call}, then confirm by email \
                     ({call_script})."
                )
            }
            (Notice::SameDay, Side::Employer) => {
                format!("The interview is today: {call}, then confirm by email ({call_script}).")
            }
            (Notice::Missed, Side::Candidate) if situation.id == "decline" => "The interview \
                 date has already passed: the email apologises for not replying in time."
                .into(),
            (Notice::Missed, Side::Candidate) => "The interview time has already passed: this \
                 is a missed interview, and the email apologises for it."
                .into(),
            (Notice::Missed, Side::Employer) => "The interview time has already passed: the \
                 email owns the late notice and apologises for it."
                .into(),
        }
    }
}

/// Phrases that often make a reason's detail read as negative: complaints
/// about pay, or criticism of the company or its people.
pub const NEGATIVE: &[&str] = &[
    "salary",
    "pay is",
    "underpaid",
    "lowball",
    "low ball",
    "offer was low",
    "compensation",
    "rude",
    "unprofessional",
    "disorganised",
    "disorganized",
    "toxic",
    "terrible",
    "awful",
    "horrible",
    "incompetent",
    "waste of time",
    "wasted my time",
    "bad reviews",
    "glassdoor",
    "your manager",
    "the recruiter was",
    "the interviewer was",
    "hate",
    "boring",
    "ridiculous",
    "cheaper",
    "too expensive",
    "weak",
    "weaker",
    "poor",
    "not good enough",
    "not strong enough",
    "underqualified",
    "unqualified",
    "lacked",
    "lacking",
    "disappointing",
    "disappointed with",
    "unimpressed",
];

/// The first negative phrase in `text` as a whole word or words, ignoring
/// case ("hate" is found in "I hate it", not in "whatever").
pub fn negative_phrase(text: &str) -> Option<&'static str> {
    let lower = text.to_ascii_lowercase();
    NEGATIVE
        .iter()
        .copied()
        .find(|p| !whole_words(&lower, p).is_empty())
}

/// Where `phrase` stands in `lower` (lower-cased text) as a whole word or
/// words, as byte offsets.
pub fn whole_words(lower: &str, phrase: &str) -> Vec<usize> {
    let word = |c: Option<char>| c.is_some_and(char::is_alphanumeric);
    lower
        .match_indices(phrase)
        .filter(|(i, m)| {
            !word(lower[..*i].chars().next_back()) && !word(lower[i + m.len()..].chars().next())
        })
        .map(|(i, _)| i)
        .collect()
}

/// What to tell the person about a detail with negative specifics.
pub fn negative_warning(phrase: &str) -> String {
    format!(
        "\"{phrase}\" in your detail may read as negative; the advice is to keep the reason \
         honest but free of complaints about pay, the company or its people."
    )
}

/// Which advice steps an email covers: `Some(true)` covered, `Some(false)`
/// missing, `None` not applicable to this situation (`null` in JSON).
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Checklist {
    pub timely: Option<bool>,
    pub reason: Option<bool>,
    pub gratitude: Option<bool>,
    pub apology: Option<bool>,
    pub door_open: Option<bool>,
    pub sign_off: Option<bool>,
}

impl Checklist {
    /// The steps as (label, covered) pairs, in the advice's order.
    pub fn items(&self) -> [(&'static str, Option<bool>); 6] {
        [
            ("timely", self.timely),
            ("reason", self.reason),
            ("gratitude", self.gratitude),
            ("apology", self.apology),
            ("door open", self.door_open),
            ("sign-off", self.sign_off),
        ]
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(s: &str) -> Zoned {
        format!("{s}[UTC]").parse().unwrap()
    }

    #[test]
    fn every_situation_with_reasons_offers_prefer_not_to_say() {
        for s in SITUATIONS {
            if !s.reasons.is_empty() {
                assert!(s.reason(NO_REASON).is_some(), "{}", s.id);
            }
        }
    }

    #[test]
    fn a_same_day_warning_names_what_the_situation_does() {
        let meaning = |id: &str, n: Notice| n.meaning(situation(id).unwrap(), "script");
        assert!(meaning("cancel", Notice::SameDay).contains("Cancelling on the day"));
        assert!(meaning("decline", Notice::SameDay).contains("Declining on the day"));
        assert!(meaning("reschedule", Notice::SameDay).contains("Asking to move"));
        for id in ["decline", "reschedule"] {
            assert!(!meaning(id, Notice::SameDay).contains("Cancelling"), "{id}");
        }
        assert!(meaning("withdraw-invitation", Notice::SameDay).contains("call the candidate"));
        assert!(meaning("decline", Notice::Missed).contains("not replying in time"));
        assert!(meaning("cancel", Notice::Missed).contains("missed interview"));
        // The call script is named once.
        let short = meaning("cancel", Notice::Short);
        assert_eq!(short.matches("script").count(), 1, "{short}");
    }

    #[test]
    fn negative_specifics_are_spotted() {
        assert_eq!(negative_phrase("The SALARY was low"), Some("salary"));
        assert_eq!(
            negative_phrase("We found someone cheaper and your CV was weak."),
            Some("cheaper")
        );
        assert_eq!(negative_phrase("Your CV was weak."), Some("weak"));
        assert_eq!(negative_phrase("I found a role nearer home"), None);
        assert_eq!(negative_phrase("whatever happens, thank you"), None);
        assert_eq!(negative_phrase("I hate to do this"), Some("hate"));
        // A phrase is a whole word on both sides: at the start of a longer
        // word, or at its end, it is not there.
        assert_eq!(whole_words("hateful", "hate"), Vec::<usize>::new());
        assert_eq!(whole_words("the salary", "salary"), vec![4]);
        assert_eq!(whole_words("unsalary", "salary"), Vec::<usize>::new());
    }

    #[test]
    fn notice_follows_the_policy() {
        let now = at("2026-12-01T09:00");
        assert_eq!(notice(&now, &at("2026-12-04T09:00")), Notice::Ample);
        assert_eq!(notice(&now, &at("2026-12-03T08:00")), Notice::Soon);
        assert_eq!(notice(&now, &at("2026-12-02T08:59")), Notice::Short);
        assert_eq!(notice(&now, &at("2026-12-01T17:00")), Notice::SameDay);
        assert_eq!(notice(&now, &at("2026-12-01T08:00")), Notice::Missed);
        // At this very minute it is today's interview, not a missed one.
        assert_eq!(notice(&now, &now), Notice::SameDay);
        assert_eq!(notice(&now, &at("2026-12-03T09:00")), Notice::Ample);
    }

    #[test]
    fn a_day_without_a_time_is_over_only_when_the_day_is() {
        let day = |s: &str| s.parse::<jiff::civil::Date>().unwrap();
        for now in ["2026-12-01T00:00", "2026-12-01T09:00", "2026-12-01T23:59"] {
            let now = at(now);
            assert_eq!(day_notice(&now, day("2026-12-01")), Notice::SameDay);
            assert_eq!(day_notice(&now, day("2026-11-30")), Notice::Missed);
            assert_eq!(day_notice(&now, day("2026-12-05")), Notice::Ample);
        }
        // The day after: counted to its start, the earliest it could be.
        assert_eq!(
            day_notice(&at("2026-12-01T09:00"), day("2026-12-02")),
            Notice::Short
        );
        assert_eq!(
            day_notice(&at("2026-12-01T23:00"), day("2026-12-03")),
            Notice::Soon
        );
        assert_eq!(
            day_notice(&at("2026-12-01T00:00"), day("2026-12-03")),
            Notice::Ample
        );
        // The person's day, wherever UTC is.
        let tokyo: Zoned = "2026-12-02T08:00[Asia/Tokyo]".parse().unwrap(); // 1 December in UTC
        assert_eq!(day_notice(&tokyo, day("2026-12-02")), Notice::SameDay);
        assert_eq!(day_notice(&tokyo, day("2026-12-01")), Notice::Missed);
    }
}
