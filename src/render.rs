//! Turns resolved answers into an email: the handlebars registry (escaping
//! off, strict mode on), the templates embedded at build time, the notice
//! warnings and the advice checklist. No I/O.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::Mutex;

use anyhow::{Context as _, Result};
use handlebars::Handlebars;
use serde::Serialize;

use crate::advice::{Checklist, Notice, Side};
use crate::answers::{Length, Resolved, Tone, long_date, short_date};
use crate::usage;

/// A built-in template: its name, what it is for, and its source.
pub struct Template {
    pub name: &'static str,
    pub purpose: &'static str,
    pub source: &'static str,
}

macro_rules! template {
    ($name:literal, $purpose:literal) => {
        Template {
            name: $name,
            purpose: $purpose,
            source: include_str!(concat!("../templates/", $name, ".hbs")),
        }
    };
}

/// Every built-in template. Each email's template starts with its
/// `Subject:` line, so that one file holds all of an email's wording. Names
/// with a `partials/` prefix are partials, included as `{{> name}}`;
/// `reasons/<situation>/<reason>` is the `{{> reason}}` partial: the one
/// sentence for that reason, which sits in the middle of a line.
pub const TEMPLATES: &[Template] = &[
    template!("decline", "email: say no to an interview invitation"),
    template!("cancel", "email: call off a scheduled interview"),
    template!(
        "reschedule",
        "email: ask to move an interview, proposing times"
    ),
    template!("follow-up", "email: thank-you note after declining"),
    template!(
        "withdraw-invitation",
        "email: employer takes back an invitation"
    ),
    template!("employer-reschedule", "email: employer moves an interview"),
    template!("phone", "the call script (--format phone)"),
    template!("partials/greeting", "partial: the `Dear …,` line"),
    template!(
        "partials/detail",
        "partial: the person's own detail sentence"
    ),
    template!(
        "partials/apology",
        "partial: apology for the inconvenience or short notice"
    ),
    template!("partials/times", "partial: proposed times for a reschedule"),
    template!("partials/sign-off", "partial: sign-off, name and signature"),
    template!(
        "reasons/decline/another-offer",
        "partial `reason`: the sentence for this reason"
    ),
    template!(
        "reasons/decline/scheduling-conflict",
        "partial `reason`: the sentence for this reason"
    ),
    template!(
        "reasons/decline/staying-current-role",
        "partial `reason`: the sentence for this reason"
    ),
    template!(
        "reasons/decline/not-right-fit",
        "partial `reason`: the sentence for this reason"
    ),
    template!(
        "reasons/decline/different-field",
        "partial `reason`: the sentence for this reason"
    ),
    template!(
        "reasons/decline/timing",
        "partial `reason`: the sentence for this reason"
    ),
    template!(
        "reasons/decline/no-reason",
        "partial `reason`: the sentence for this reason"
    ),
    template!(
        "reasons/cancel/medical-emergency",
        "partial `reason`: the sentence for this reason"
    ),
    template!(
        "reasons/cancel/illness",
        "partial `reason`: the sentence for this reason"
    ),
    template!(
        "reasons/cancel/family-emergency",
        "partial `reason`: the sentence for this reason"
    ),
    template!(
        "reasons/cancel/another-offer",
        "partial `reason`: the sentence for this reason"
    ),
    template!(
        "reasons/cancel/conflicting-interview",
        "partial `reason`: the sentence for this reason"
    ),
    template!(
        "reasons/cancel/changed-mind",
        "partial `reason`: the sentence for this reason"
    ),
    template!(
        "reasons/cancel/no-reason",
        "partial `reason`: the sentence for this reason"
    ),
    template!(
        "reasons/reschedule/scheduling-conflict",
        "partial `reason`: the sentence for this reason"
    ),
    template!(
        "reasons/reschedule/illness",
        "partial `reason`: the sentence for this reason"
    ),
    template!(
        "reasons/reschedule/family-emergency",
        "partial `reason`: the sentence for this reason"
    ),
    template!(
        "reasons/reschedule/work-commitment",
        "partial `reason`: the sentence for this reason"
    ),
    template!(
        "reasons/reschedule/travel",
        "partial `reason`: the sentence for this reason"
    ),
    template!(
        "reasons/reschedule/no-reason",
        "partial `reason`: the sentence for this reason"
    ),
    template!(
        "reasons/withdraw-invitation/position-filled",
        "partial `reason`: the sentence for this reason"
    ),
    template!(
        "reasons/withdraw-invitation/position-on-hold",
        "partial `reason`: the sentence for this reason"
    ),
    template!(
        "reasons/withdraw-invitation/internal-candidate",
        "partial `reason`: the sentence for this reason"
    ),
    template!(
        "reasons/withdraw-invitation/requirements-changed",
        "partial `reason`: the sentence for this reason"
    ),
    template!(
        "reasons/withdraw-invitation/budget",
        "partial `reason`: the sentence for this reason"
    ),
    template!(
        "reasons/withdraw-invitation/no-reason",
        "partial `reason`: the sentence for this reason"
    ),
    template!(
        "reasons/employer-reschedule/interviewer-unavailable",
        "partial `reason`: the sentence for this reason"
    ),
    template!(
        "reasons/employer-reschedule/scheduling-conflict",
        "partial `reason`: the sentence for this reason"
    ),
    template!(
        "reasons/employer-reschedule/process-change",
        "partial `reason`: the sentence for this reason"
    ),
    template!(
        "reasons/employer-reschedule/no-reason",
        "partial `reason`: the sentence for this reason"
    ),
];

/// A finished email.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Email {
    pub subject: String,
    pub body: String,
}

/// What one render produces: the email and what to tell the person about it.
#[derive(Clone, Debug, Serialize)]
pub struct Rendered {
    pub subject: String,
    pub body: String,
    /// `Name <address>`, the address alone, or nothing.
    pub to: Option<String>,
    pub warnings: Vec<String>,
    pub checklist: Checklist,
}

/// The variables every template sees. Documented in docs/templates.md.
#[derive(Serialize)]
struct Vars<'a> {
    situation: &'a str,
    employer: bool,
    reason: &'a str,
    has_reason: bool,
    detail: &'a str,
    company: &'a str,
    position: &'a str,
    recipient: &'a str,
    sender: &'a str,
    signature: &'a str,
    date: String,
    date_short: String,
    notice: Notice,
    short_notice: bool,
    missed: bool,
    apology: bool,
    door_open: bool,
    alternatives: &'a [String],
    has_alternatives: bool,
    warm: bool,
    brief: bool,
}

/// The handlebars registry. Templates are compiled when first needed, and
/// only those the email at hand uses: compiling is most of the cost of a run.
pub struct Renderer {
    /// The person's own templates, which replace built-in ones of the same name.
    dir: Option<PathBuf>,
    registry: Mutex<Registry>,
}

struct Registry {
    hb: Handlebars<'static>,
    /// Registered name → the template compiled under it (`reason` is a
    /// different file for each situation) and its source.
    loaded: HashMap<&'static str, (&'static str, String)>,
    /// Registered name → the person's file, where it came from one.
    user: HashMap<&'static str, PathBuf>,
}

impl Renderer {
    /// The built-in templates.
    pub fn builtin() -> Result<Renderer> {
        Renderer::with_overrides(None)
    }

    /// The built-in templates, each replaced by a file of the same name in
    /// `dir` (e.g. `cancel.hbs`, `partials/door.hbs`) where there is one.
    pub fn with_overrides(dir: Option<&Path>) -> Result<Renderer> {
        let mut hb = Handlebars::new();
        hb.register_escape_fn(handlebars::no_escape);
        hb.set_strict_mode(true);
        Ok(Renderer {
            dir: dir.map(Path::to_path_buf),
            registry: Mutex::new(Registry {
                hb,
                loaded: HashMap::new(),
                user: HashMap::new(),
            }),
        })
    }

    /// Renders the email for `answers`.
    pub fn render(&self, a: &Resolved) -> Result<Rendered> {
        let vars = vars(a);
        let email = self.run(a, a.situation.id, &vars)?;
        let (first, body) = email.split_once('\n').unwrap_or((&email, ""));
        let Some(subject) = first.strip_prefix("Subject:") else {
            let file = self
                .registry
                .lock()
                .unwrap_or_else(|e| e.into_inner())
                .user
                .get(a.situation.id)
                .map_or_else(
                    || format!("{}.hbs", a.situation.id),
                    |p| p.display().to_string(),
                );
            return Err(usage!(
                "template {file} must start with a `Subject: …` line"
            ));
        };
        let subject = subject.split_whitespace().collect::<Vec<_>>().join(" ");
        let body = tidy(body);
        Ok(Rendered {
            subject,
            body,
            to: recipient_address(a),
            warnings: warnings(a),
            checklist: checklist(a, &vars),
        })
    }

    /// The call script for the same answers.
    pub fn phone(&self, a: &Resolved) -> Result<String> {
        Ok(tidy(&self.run(a, "phone", &vars(a))?))
    }

    /// Renders template `name` for answers `a`, compiling it and the
    /// partials it includes first.
    fn run(&self, a: &Resolved, name: &str, vars: &Vars) -> Result<String> {
        let mut reg = self.registry.lock().unwrap_or_else(|e| e.into_inner());
        let mut todo = vec![name.to_string()];
        let mut seen = Vec::new();
        while let Some(next) = todo.pop() {
            let full = match next.as_str() {
                "reason" => format!(
                    "reasons/{}/{}",
                    a.situation.id,
                    a.reason.map_or("", |r| r.id)
                ),
                n if n == name => n.to_string(),
                n => format!("partials/{n}"),
            };
            if seen.contains(&full) {
                continue;
            }
            let Some(t) = TEMPLATES.iter().find(|t| t.name == full) else {
                continue; // an unknown partial is reported by the render below
            };
            let source = self.load(&mut reg, t)?;
            todo.extend(partials_in(&source));
            seen.push(full);
        }
        reg.hb.render(name, vars).map_err(|e| {
            let failed = e.template_name.clone().unwrap_or_else(|| name.to_string());
            let pos = match (e.line_no, e.column_no) {
                (Some(l), Some(c)) => format!("line {l}, column {c}: "),
                _ => String::new(),
            };
            let reason = e.reason().to_string();
            match reg.user.get(failed.as_str()) {
                // A person's own template: they can fix it, so exit code 2.
                Some(path) => usage!("template {}: {pos}{reason}", path.display()),
                None => anyhow::anyhow!("built-in template {failed}: {pos}{reason}"),
            }
        })
    }

    /// Compiles `t` (or the person's file of the same name) unless it is
    /// already the one registered under its name, and returns its source.
    fn load(&self, reg: &mut Registry, t: &'static Template) -> Result<String> {
        let short = short_name(t.name);
        if let Some((_, source)) = reg.loaded.get(short).filter(|(name, _)| *name == t.name) {
            return Ok(source.clone());
        }
        let file = self
            .dir
            .as_ref()
            .map(|d| d.join(format!("{}.hbs", t.name)))
            .filter(|p| p.is_file());
        match file {
            Some(path) => {
                let source = std::fs::read_to_string(&path)
                    .with_context(|| format!("cannot read template {}", path.display()))?;
                reg.hb
                    .register_template_string(short, sentence(t.name, &source))
                    .map_err(|e| {
                        let pos = e
                            .pos()
                            .map(|(l, c)| format!("line {l}, column {c}: "))
                            .unwrap_or_default();
                        usage!("template {} is broken: {pos}{}", path.display(), e.reason())
                    })?;
                reg.user.insert(short, path);
                reg.loaded.insert(short, (t.name, source.clone()));
                Ok(source)
            }
            None => {
                reg.hb
                    .register_template_string(short, sentence(t.name, t.source))
                    .with_context(|| format!("built-in template {}.hbs", t.name))?;
                reg.user.remove(short);
                reg.loaded.insert(short, (t.name, t.source.to_string()));
                Ok(t.source.to_string())
            }
        }
    }
}

/// A reason is a sentence in the middle of a line: the line break that ends
/// its file (editors add one) must not end the line it is included in.
fn sentence<'s>(name: &str, source: &'s str) -> &'s str {
    if name.starts_with("reasons/") {
        source.strip_suffix('\n').unwrap_or(source)
    } else {
        source
    }
}

/// The partials a template includes: the names after `{{>` (or `{{~>`).
fn partials_in(source: &str) -> Vec<String> {
    source
        .split("{{")
        .skip(1)
        .filter_map(|tag| tag.trim_start_matches('~').trim_start().strip_prefix('>'))
        .map(|rest| {
            rest.trim_start()
                .chars()
                .take_while(|c| c.is_alphanumeric() || *c == '-' || *c == '_')
                .collect::<String>()
        })
        .filter(|n| !n.is_empty())
        .collect()
}

/// The name a template is registered and included under: partials drop
/// their folder, so `partials/greeting` is `{{> greeting}}`, and every
/// `reasons/<situation>/<reason>` is `{{> reason}}`.
fn short_name(name: &str) -> &str {
    if name.starts_with("reasons/") {
        return "reason";
    }
    name.strip_prefix("partials/").unwrap_or(name)
}

fn vars(a: &Resolved) -> Vars<'_> {
    // A follow-up is sent after the fact; its notice is never short.
    let notice = if a.situation.notice_matters() {
        a.notice
    } else {
        Notice::Ample
    };
    let reason = a.reason.map_or("", |r| r.id);
    Vars {
        situation: a.situation.id,
        employer: a.situation.side == Side::Employer,
        reason,
        has_reason: !reason.is_empty() && reason != crate::advice::NO_REASON,
        detail: a.detail.trim(),
        company: a.company.trim(),
        position: a.position.trim(),
        recipient: a.recipient.trim(),
        sender: a.sender.trim(),
        signature: a.signature.trim(),
        date: long_date(&a.interview_at),
        date_short: short_date(&a.interview_at),
        notice,
        short_notice: notice.is_short(),
        missed: notice == Notice::Missed,
        apology: a.apology,
        door_open: a.door_open,
        alternatives: &a.alternatives,
        has_alternatives: !a.alternatives.is_empty(),
        warm: a.tone == Tone::Warm,
        brief: a.length == Length::Brief,
    }
}

/// Trailing spaces go, runs of blank lines become one, and the body ends
/// with exactly one newline.
fn tidy(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut blank = 0;
    for line in text.trim().lines() {
        let line = line.trim_end();
        if line.is_empty() {
            blank += 1;
            continue;
        }
        if blank > 0 && !out.is_empty() {
            out.push('\n');
        }
        blank = 0;
        out.push_str(line);
        out.push('\n');
    }
    out
}

fn recipient_address(a: &Resolved) -> Option<String> {
    match (a.recipient.trim(), a.recipient_email.trim()) {
        (_, "") => None,
        ("", email) => Some(email.to_string()),
        (name, email) => Some(format!("{name} <{email}>")),
    }
}

fn warnings(a: &Resolved) -> Vec<String> {
    let mut w = Vec::new();
    if let Some(phrase) = crate::advice::negative_phrase(&a.detail) {
        w.push(crate::advice::negative_warning(phrase));
    }
    if a.situation.notice_matters() && a.notice != Notice::Ample {
        w.push(a.notice.meaning(a.situation.side).to_string());
    }
    if a.notice == Notice::SameDay
        && a.situation.id == "cancel"
        && a.reason
            .is_some_and(|r| !matches!(r.id, "medical-emergency" | "illness" | "family-emergency"))
    {
        w.push(
            "Your reason is not an emergency; if you can, keep the interview or ask to reschedule."
                .to_string(),
        );
    }
    w
}

fn checklist(a: &Resolved, v: &Vars) -> Checklist {
    Checklist {
        timely: !a.situation.notice_matters() || v.notice == Notice::Ample,
        reason: v.has_reason,
        gratitude: true,
        apology: v.apology || v.short_notice || v.missed,
        door_open: v.door_open,
        sign_off: !v.sender.is_empty(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tidy_collapses_blank_runs_and_trailing_space() {
        assert_eq!(tidy("\n a  \n\n\n\nb\n\n"), "a\n\nb\n");
    }

    #[test]
    fn partial_references_are_found() {
        assert_eq!(
            partials_in("{{> greeting}} x {{~> reason}}{{#if a}}{{>  sign-off }}{{/if}}"),
            ["greeting", "reason", "sign-off"]
        );
    }

    #[test]
    fn every_builtin_template_compiles() {
        for t in TEMPLATES {
            let mut hb = Handlebars::new();
            hb.register_template_string(t.name, t.source)
                .unwrap_or_else(|e| panic!("{}: {e}", t.name));
        }
    }
}
