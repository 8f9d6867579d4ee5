//! Turns resolved answers into an email: the handlebars registry (escaping
//! off, strict mode on), the templates embedded at build time, the notice
//! warnings and the advice checklist. No I/O.

use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};
use std::sync::Mutex;

use anyhow::{Context as _, Result};
use handlebars::Handlebars;
use serde::Serialize;

use crate::advice::{Checklist, Notice, Side};
use crate::answers::{
    Called, English, Length, Resolved, Tone, Value, long_date_in, proposed_date_in, short_date_in,
};
use crate::files::{self, Owner};
use crate::questions::QUESTIONS;
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
            source: include_str!(concat!("../templates/en/", $name, ".hbs")),
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
        "partials/when",
        "partial: ` on <the interview date>`, if there is one"
    ),
    template!(
        "partials/called",
        "partial: a reference to the call or voicemail that came first"
    ),
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

/// The names of the variables templates get: every variable, and each
/// answer as `answers.<key>`.
fn variables(vars: &Vars) -> Vec<String> {
    let json = serde_json::to_value(vars).unwrap_or_default();
    let mut names: Vec<String> = json
        .as_object()
        .into_iter()
        .flatten()
        .filter(|(_, value)| !value.is_object())
        .map(|(name, _)| name.clone())
        .collect();
    names.extend(QUESTIONS.iter().map(|q| format!("answers.{}", q.key)));
    names
}

/// The answers the templates in `sources` read: those they name as
/// `answers.<key>`, or all of them where they reach `answers` some other
/// way (`{{#with answers}}`). Templates are given only these, since every
/// partial called with parameters copies its whole context.
#[cfg(test)]
fn answers_read<'a>(
    given: &'a BTreeMap<&'static str, Value>,
    sources: &[String],
) -> BTreeMap<&'static str, &'a Value> {
    answers_given(given, keys_read(sources).as_deref())
}

/// The keys of the answers `sources` name as `answers.<key>`, or `None`
/// where they reach `answers` some other way.
fn keys_read(sources: &[String]) -> Option<Vec<&'static str>> {
    let named = |s: &str, at: usize| {
        QUESTIONS
            .iter()
            .find(|q| s[at..].starts_with(&format!("answers.{}", q.key)))
            .map(|q| q.key)
    };
    let mut keys = Vec::new();
    for s in sources {
        for (at, _) in s.match_indices("answers") {
            keys.push(named(s, at)?);
        }
    }
    Some(keys)
}

/// The answers a template is given: those of `keys`, or all of them.
fn answers_given<'a>(
    given: &'a BTreeMap<&'static str, Value>,
    keys: Option<&[&'static str]>,
) -> BTreeMap<&'static str, &'a Value> {
    given
        .iter()
        .filter(|(k, _)| keys.is_none_or(|keys| keys.contains(k)))
        .map(|(k, v)| (*k, v))
        .collect()
}

/// The variables every template sees. Documented in docs/templates.md.
#[derive(Serialize)]
struct Vars<'a> {
    situation: &'a str,
    employer: bool,
    reason: &'a str,
    has_reason: bool,
    detail: String,
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
    alternatives: Vec<String>,
    has_alternatives: bool,
    warm: bool,
    brief: bool,
    /// Whether an interview date was given.
    has_date: bool,
    /// American English (else British).
    us: bool,
    /// What follows Dear or Hello.
    greeting: String,
    /// "Hello" rather than "Dear": a warm email to someone named.
    hello: bool,
    /// Less than a day's notice: the advice says to phone first.
    call_first: bool,
    same_day: bool,
    /// The person phoned and spoke to someone, or left a voicemail.
    spoke: bool,
    voicemail: bool,
    /// The telephone number in the signature, or empty.
    callback: String,
    /// Words to be said aloud (the call script): dates as people say them.
    spoken: bool,
    /// Every answer by its key, as given or by default: `answers.tone`.
    answers: BTreeMap<&'static str, &'a Value>,
}

/// The handlebars registry. Templates are compiled when first needed, and
/// only those the email at hand uses: compiling is most of the cost of a run.
pub struct Renderer {
    /// The person's own templates, which replace built-in ones of the same name.
    dir: Option<PathBuf>,
    /// How warnings point to the call script: a flag on the command line,
    /// the review's action in the wizard.
    call_script: &'static str,
    registry: Mutex<Registry>,
}

struct Registry {
    hb: Handlebars<'static>,
    /// Registered name → the template compiled under it (`reason` is a
    /// different file for each situation) and its source.
    loaded: HashMap<&'static str, (&'static str, String)>,
    /// Registered name → the person's file, where it came from one.
    user: HashMap<&'static str, PathBuf>,
    /// A template and the partials it includes, found once: (registered
    /// name, template) pairs and the answers they read, by the template's
    /// name, situation and reason. Rendering the same kind of email again
    /// (a batch) skips finding them.
    plans: HashMap<(String, &'static str, &'static str), Plan>,
}

struct Plan {
    templates: Vec<(&'static str, &'static str)>,
    keys: Option<Vec<&'static str>>,
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
        hb.register_helper("sp", Box::new(spelling));
        Ok(Renderer {
            dir: dir.map(Path::to_path_buf),
            call_script: crate::advice::CALL_SCRIPT_FLAG,
            registry: Mutex::new(Registry {
                hb,
                loaded: HashMap::new(),
                plans: HashMap::new(),
                user: HashMap::new(),
            }),
        })
    }

    /// The same renderer, its warnings worded for the wizard.
    pub fn for_the_wizard(mut self) -> Renderer {
        self.call_script = crate::advice::CALL_SCRIPT_REVIEW;
        self
    }

    /// Renders the email for `answers`.
    pub fn render(&self, a: &Resolved) -> Result<Rendered> {
        let mut vars = vars(a);
        let email = self.run(a, a.situation.id, &mut vars)?;
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
        let subject = single_stops(&subject.split_whitespace().collect::<Vec<_>>().join(" "));
        let body = tidy_stops(&tidy(body), vars.sender);
        let mut warnings = warnings(a, self.call_script);
        // Counted only where a limit can be passed: a brief email with the
        // person's own detail in it.
        if vars.brief && !vars.detail.is_empty() {
            let mut units = vec![
                vars.company.to_string(),
                vars.position.to_string(),
                vars.recipient.to_string(),
                vars.greeting.clone(),
                vars.date.clone(),
            ];
            units.extend(vars.alternatives.iter().cloned());
            let words = writing_words(&body, vars.sender, &units);
            if words > BRIEF_WORDS {
                warnings.push(format!(
                    "This brief email is {words} words; brief means {BRIEF_WORDS} at most, so \
                     shorten the detail or choose standard."
                ));
            }
        }
        // What the email says, read from its text as `bowout check` reads
        // a draft: never what the answers asked for.
        let checklist = crate::check::checklist(
            &format!("Subject: {subject}\n\n{body}"),
            Some(a.situation),
            vars.has_date.then_some(vars.notice),
        );
        Ok(Rendered {
            subject,
            body,
            to: recipient_address(a),
            warnings,
            checklist,
        })
    }

    /// The call script for the same answers.
    pub fn phone(&self, a: &Resolved) -> Result<String> {
        // Read aloud: the dates as people say them.
        let mut v = vars(a);
        v.spoken = true;
        v.date = a
            .interview_at
            .as_ref()
            .map(|w| spoken_date(w, a.today, a.english))
            .unwrap_or_default();
        v.alternatives = a
            .alternatives
            .iter()
            .map(|p| {
                // In a list, a date needs no "on".
                let said = spoken_date(&p.when, a.today, a.english);
                let mut said = said.strip_prefix("on ").unwrap_or(&said).to_string();
                if let Some(part) = &p.part {
                    said.push_str(", ");
                    said.push_str(part);
                }
                said
            })
            .collect();
        let script = tidy(&self.run(a, "phone", &mut v)?);
        Ok(script.split_inclusive('\n').map(single_stops).collect())
    }

    /// Renders template `name` for answers `a`, compiling it and the
    /// partials it includes first.
    fn run<'a>(&self, a: &'a Resolved, name: &str, vars: &mut Vars<'a>) -> Result<String> {
        let mut reg = self.registry.lock().unwrap_or_else(|e| e.into_inner());
        let plan_key = (
            name.to_string(),
            a.situation.id,
            a.reason.map_or("", |r| r.id),
        );
        // The plan holds while every template in it is still the one
        // registered under its name.
        let planned = reg.plans.get(&plan_key).is_some_and(|plan| {
            plan.templates
                .iter()
                .all(|(short, full)| reg.loaded.get(short).is_some_and(|(n, _)| n == full))
        });
        if !planned {
            let mut todo = vec![name.to_string()];
            let mut seen = Vec::new();
            let mut sources = Vec::new();
            let mut templates = Vec::new();
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
                sources.push(source);
                templates.push((short_name(t.name), t.name));
            }
            let keys = keys_read(&sources);
            reg.plans.insert(plan_key.clone(), Plan { templates, keys });
        }
        let keys = reg.plans.get(&plan_key).and_then(|p| p.keys.as_deref());
        vars.answers = answers_given(&a.given, keys);
        if !reg.user.is_empty() {
            check_cycles(&reg)?;
        }
        reg.hb.render(name, vars).map_err(|e| {
            let failed = e.template_name.clone().unwrap_or_else(|| name.to_string());
            let pos = match (e.line_no, e.column_no) {
                (Some(l), Some(c)) => format!("line {l}, column {c}: "),
                _ => String::new(),
            };
            let reason = render_reason(e.reason(), vars);
            match reg.user.get(failed.as_str()) {
                // A person's own template: they can fix it, so exit code 2.
                Some(path) => usage!("template {}: {pos}{reason}", files::shown(path)),
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
        let file = match &self.dir {
            Some(d) => {
                let path = d.join(format!("{}.hbs", t.name));
                files::read_text(&path, "template", Owner::Bowout, files::MAX_TEMPLATE_FILE)?
                    .map(|source| (path, source))
            }
            None => None,
        };
        match file {
            Some((path, source)) => {
                if let Some((line, column)) = too_deep(&source) {
                    return Err(usage!(
                        "template {} is nested too deeply: line {line}, column {column}: \
                         blocks and brackets inside each other go more than {MAX_NESTING} \
                         deep there; bowout takes at most {MAX_NESTING}",
                        files::shown(&path)
                    ));
                }
                if partial_tags(&source).any(|rest| rest.starts_with('(')) {
                    return Err(usage!(
                        "template {} names a partial with an expression (`{{{{> (…)}}}}`); \
                         bowout takes partials by name only, e.g. `{{{{> greeting}}}}`",
                        files::shown(&path)
                    ));
                }
                reg.hb
                    .register_template_string(short, sentence(t.name, &source))
                    .map_err(|e| {
                        usage!(
                            "template {} is broken: {}",
                            files::shown(&path),
                            syntax_problem(&e, &source)
                        )
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

/// British spellings the built-in templates use, with their American
/// forms. `{{sp "apologise"}}` writes the one the email's English takes;
/// `bowout check` reads the same table for mixed spelling.
pub(crate) const SPELLINGS: &[(&str, &str)] = &[
    ("apologise", "apologize"),
    ("apologised", "apologized"),
    ("apologising", "apologizing"),
    ("travelling", "traveling"),
    ("organise", "organize"),
    ("organised", "organized"),
    ("organisation", "organization"),
    ("prioritise", "prioritize"),
    ("realise", "realize"),
    ("realised", "realized"),
    ("recognise", "recognize"),
    ("honour", "honor"),
    ("favour", "favor"),
    ("programme", "program"),
    ("cancelled", "canceled"),
    ("cancelling", "canceling"),
];

/// British words and phrases the built-in templates use, with the ones an
/// American writes instead (hunspell's `en_US` knows the British ones, so
/// only this table keeps them out). `{{sp "keen to"}}` is "eager to" in
/// American English; a phrase keeps what follows it right ("keen on the
/// role" is "excited about the role").
pub(crate) const VOCABULARY: &[(&str, &str)] = &[
    ("keen on", "excited about"),
    ("keen to", "eager to"),
    ("keen", "eager"),
    ("unwell", "sick"),
    ("ill", "sick"),
    ("rearrange", "reschedule"),
    ("diary", "calendar"),
    ("a clash", "a conflict"),
    ("clash", "conflict"),
    ("clashes with", "conflicts with"),
    ("took over", "took with"),
    ("at present", "right now"),
];

/// The `sp` helper: a word in the email's English, from the spelling table
/// and the vocabulary table. An unknown word is written as given.
fn spelling(
    h: &handlebars::Helper,
    _: &Handlebars,
    ctx: &handlebars::Context,
    _: &mut handlebars::RenderContext,
    out: &mut dyn handlebars::Output,
) -> handlebars::HelperResult {
    let word = h
        .param(0)
        .and_then(|p| p.value().as_str())
        .unwrap_or_default();
    let us = ctx.data().get("us").and_then(|v| v.as_bool()) == Some(true);
    let lower = word.to_lowercase();
    let written = match SPELLINGS
        .iter()
        .chain(VOCABULARY)
        .find(|(uk, _)| *uk == lower)
    {
        Some((_, american)) if us => {
            let mut s = american.to_string();
            if word.starts_with(char::is_uppercase) {
                s[..1].make_ascii_uppercase();
            }
            s
        }
        _ => word.to_string(),
    };
    out.write(&written)?;
    Ok(())
}

/// Refuses templates that include each other in a circle (or an inline
/// partial that includes itself), which would render for ever. Only the
/// person's own templates can do that; the built-in ones are checked by a
/// test.
fn check_cycles(reg: &Registry) -> Result<()> {
    // Who includes whom: each template and each inline partial it defines.
    let mut edges: Vec<(String, Vec<String>)> = Vec::new();
    for (short, (_, source)) in &reg.loaded {
        edges.push((short.to_string(), partials_in(source)));
        for (name, body) in inline_partials(source) {
            edges.push((name, partials_in(body)));
        }
    }
    let next = |node: &str| -> Vec<String> {
        edges
            .iter()
            .filter(|(n, _)| n == node)
            .flat_map(|(_, to)| to.iter().cloned())
            .collect()
    };
    // Depth-first from every node, with the path so far.
    fn walk(
        node: &str,
        path: &mut Vec<String>,
        next: &dyn Fn(&str) -> Vec<String>,
    ) -> Option<Vec<String>> {
        if let Some(i) = path.iter().position(|n| n == node) {
            let mut cycle = path[i..].to_vec();
            cycle.push(node.to_string());
            return Some(cycle);
        }
        path.push(node.to_string());
        for to in next(node) {
            if let Some(cycle) = walk(&to, path, next) {
                return Some(cycle);
            }
        }
        path.pop();
        None
    }
    for (start, _) in &edges {
        if let Some(cycle) = walk(start, &mut Vec::new(), &next) {
            let named: Vec<String> = cycle
                .iter()
                .map(|n| match reg.user.get(n.as_str()) {
                    Some(path) => files::shown(path),
                    None if reg.loaded.contains_key(n.as_str()) => format!("{n} (built in)"),
                    None => format!("inline partial `{n}`"),
                })
                .collect();
            return Err(usage!(
                "templates include each other without end: {}; remove one of these `{{{{> …}}}}`",
                named.join(" includes ")
            ));
        }
    }
    Ok(())
}

/// The inline partials a template defines: `{{#*inline "name"}}…{{/inline}}`,
/// as (name, body).
fn inline_partials(source: &str) -> Vec<(String, &str)> {
    let mut found = Vec::new();
    let mut rest = source;
    while let Some(i) = rest.find("{{#*inline") {
        let after = &rest[i + "{{#*inline".len()..];
        let name: String = after
            .trim_start()
            .trim_start_matches(['"', '\''])
            .chars()
            .take_while(|c| !matches!(c, '"' | '\'' | '}' | ' '))
            .collect();
        let body_start = after.find("}}").map_or(after.len(), |j| j + 2);
        let body = &after[body_start..];
        let end = body.find("{{/inline").unwrap_or(body.len());
        found.push((name, &body[..end]));
        rest = &body[end..];
    }
    found
}

/// What went wrong in a render, in plain words.
fn render_reason(reason: &handlebars::RenderErrorReason, vars: &Vars) -> String {
    use handlebars::RenderErrorReason as R;
    match reason {
        R::MissingVariable(Some(name)) => {
            let known = variables(vars);
            let known = known
                .iter()
                .filter(|v| crate::answers::edit_distance(name, v) <= 2)
                .map(|v| format!(" (did you mean `{v}`?)"))
                .next()
                .unwrap_or_default();
            format!(
                "`{}` is not a variable bowout gives templates{known}; docs/templates.md lists them",
                crate::answers::echo(name)
            )
        }
        R::MissingVariable(None) => {
            "a variable bowout does not give templates; docs/templates.md lists them".into()
        }
        R::PartialNotFound(name) => format!(
            "there is no partial `{}`; `bowout templates list` shows those there are",
            crate::answers::echo(name)
        ),
        R::HelperNotFound(name) => format!(
            "there is no helper `{}`; templates may use handlebars' built-in helpers (if, \
             unless, each, with, lookup, eq, ne, and, or, not)",
            crate::answers::echo(name)
        ),
        R::CannotIncludeSelf => "a template includes itself".into(),
        other => crate::answers::echo(&other.to_string()),
    }
}

/// What is wrong with a template's syntax, in plain words, and where.
fn syntax_problem(e: &handlebars::TemplateError, source: &str) -> String {
    use handlebars::TemplateErrorReason as T;
    let at = |line: usize, column: usize| format!("line {line}, column {column}: ");
    match e.reason() {
        T::MismatchingClosedHelper(open, close) | T::MismatchingClosedDecorator(open, close) => {
            let pos = e.pos().map(|(l, c)| at(l, c)).unwrap_or_default();
            format!(
                "{pos}`{{{{#{}}}}}` is closed by `{{{{/{}}}}}`; close it with `{{{{/{}}}}}`",
                crate::answers::echo(open),
                crate::answers::echo(close),
                crate::answers::echo(open)
            )
        }
        T::InvalidSyntax(_) => match unclosed_block(source) {
            // The parser only notices at the end of the file; the block
            // left open is what needs the fix.
            Some((line, column, name)) if e.pos().is_none_or(|(l, _)| l >= line) => format!(
                "{}`{{{{#{name}}}}}` is never closed; add `{{{{/{name}}}}}` where it ends",
                at(line, column)
            ),
            _ => format!(
                "{}this is not handlebars syntax; check that each `{{{{` has its `}}}}`",
                e.pos().map(|(l, c)| at(l, c)).unwrap_or_default()
            ),
        },
        other => format!(
            "{}{}",
            e.pos().map(|(l, c)| at(l, c)).unwrap_or_default(),
            crate::answers::echo(&other.to_string())
        ),
    }
}

/// How deep a person's template may nest blocks (`{{#if}}` inside
/// `{{#if}}`) and brackets inside a tag (`(…)`, `[…]`, `{…}`), counted
/// together. The template parser recurses once a level, so a deeper file
/// could exhaust the stack; real templates stay under five.
const MAX_NESTING: usize = 64;

/// Where a template first nests deeper than `MAX_NESTING`, as its line and
/// column; one pass over the text, before the parser sees it. Comments and
/// the text of raw blocks are skipped as the parser skips them, so that a
/// closing tag there does not hide an open block.
fn too_deep(source: &str) -> Option<(usize, usize)> {
    let b = source.as_bytes();
    let at = |i: usize| {
        let before = &source[..i];
        let line = before.matches('\n').count() + 1;
        let column = before[before.rfind('\n').map_or(0, |n| n + 1)..]
            .chars()
            .count()
            + 1;
        (line, column)
    };
    let mut blocks = 0usize;
    let mut i = 0;
    while let Some(found) = source[i..].find("{{") {
        let start = i + found;
        let rest = &source[start..];
        if start > 0 && b[start - 1] == b'\\' {
            i = start + 2; // `\{{` is text
            continue;
        }
        if rest.starts_with("{{!--") {
            i = rest.find("--}}").map_or(b.len(), |e| start + e + 4);
            continue;
        }
        if rest.starts_with("{{!") {
            i = rest.find("}}").map_or(b.len(), |e| start + e + 2);
            continue;
        }
        let raw = rest.starts_with("{{{{");
        let head = rest[2..].trim_start_matches(['{', '~']).trim_start();
        if raw {
            // A raw block holds no blocks; its end tag closes none.
        } else if head.starts_with('#') {
            blocks += 1;
        } else if head.starts_with('/') {
            blocks = blocks.saturating_sub(1);
        }
        if blocks > MAX_NESTING {
            return Some(at(start));
        }
        // The tag itself: brackets (outside quotes) until its `}}`.
        let mut depth = 0usize;
        let mut quote: Option<u8> = None;
        let mut j = start + 2;
        while j < b.len() {
            let c = b[j];
            match quote {
                Some(_) if c == b'\\' => j += 1,
                Some(q) if c == q => quote = None,
                Some(_) => {}
                None => match c {
                    b'"' | b'\'' => quote = Some(c),
                    b'(' | b'[' | b'{' => {
                        depth += 1;
                        if blocks + depth > MAX_NESTING {
                            return Some(at(j));
                        }
                    }
                    b')' | b']' => depth = depth.saturating_sub(1),
                    b'}' if depth > 0 => depth -= 1,
                    b'}' if b.get(j + 1) == Some(&b'}') => break,
                    _ => {}
                },
            }
            j += 1;
        }
        i = (j + 2).min(b.len());
        // A raw block's text is not parsed: skip to its end tag.
        if raw && !head.starts_with('/') {
            i = source[i..].find("{{{{/").map_or(b.len(), |e| i + e);
        }
    }
    None
}

/// The last block (`{{#name …}}`) a template opens and never closes, with
/// its line and column.
fn unclosed_block(source: &str) -> Option<(usize, usize, String)> {
    let mut open: Vec<(usize, String)> = Vec::new();
    let mut offset = 0;
    for tag in source.split("{{").skip(1) {
        offset = source[offset..].find("{{").map_or(offset, |i| offset + i) + 2;
        let inner = tag.trim_start_matches('~').trim_start();
        let word = |s: &str| -> String {
            s.chars()
                .take_while(|c| !c.is_whitespace() && *c != '}' && *c != '~')
                .collect()
        };
        if let Some(name) = inner
            .strip_prefix('#')
            .map(|s| word(s.trim_start_matches(['*', '>'])))
        {
            open.push((offset - 2, name));
        } else if let Some(name) = inner.strip_prefix('/').map(word)
            && let Some(i) = open.iter().rposition(|(_, n)| *n == name)
        {
            open.truncate(i);
        }
    }
    let (at, name) = open.pop()?;
    let before = &source[..at];
    let line = before.matches('\n').count() + 1;
    let column = before.rfind('\n').map_or(at, |i| at - i - 1) + 1;
    Some((line, column, name))
}

/// Partials that sit in the middle of a line.
const INLINE: &[&str] = &[
    "partials/when",
    "partials/detail",
    "partials/apology",
    "partials/called",
];

/// A reason, and the partials in `INLINE`, are sentences in the middle of
/// a line: the line break that ends the file (editors add one) must not end
/// the line it is included in.
fn sentence<'s>(name: &str, source: &'s str) -> &'s str {
    if name.starts_with("reasons/") || INLINE.contains(&name) {
        source.strip_suffix('\n').unwrap_or(source)
    } else {
        source
    }
}

/// The partials a template includes: the names after `{{>` (or `{{~>`).
fn partials_in(source: &str) -> Vec<String> {
    partial_tags(source)
        .map(|rest| {
            rest.trim_start_matches(['"', '\''])
                .chars()
                .take_while(|c| c.is_alphanumeric() || *c == '-' || *c == '_')
                .collect::<String>()
        })
        .filter(|n| !n.is_empty())
        .collect()
}

/// What follows `>` in each partial tag: `{{> name}}`, `{{~> name}}` and
/// the partial blocks `{{#> name}}…{{/name}}`.
fn partial_tags(source: &str) -> impl Iterator<Item = &str> {
    source.split("{{").skip(1).filter_map(|tag| {
        tag.trim_start_matches('~')
            .trim_start()
            .trim_start_matches('#')
            .strip_prefix('>')
            .map(str::trim_start)
    })
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
    let english = a.english;
    let warm = a.tone == Tone::Warm;
    Vars {
        situation: a.situation.id,
        employer: a.situation.side == Side::Employer,
        reason,
        has_reason: !reason.is_empty() && reason != crate::advice::NO_REASON,
        detail: detail_sentence(a.detail.trim()),
        company: a.company.trim(),
        position: a.position.trim(),
        recipient: a.recipient.trim(),
        sender: a.sender.trim(),
        signature: a.signature.trim(),
        date: a
            .interview_at
            .as_ref()
            .map(|w| long_date_in(w, english, a.today.year()))
            .unwrap_or_default(),
        date_short: a
            .interview_at
            .as_ref()
            .map(|w| short_date_in(w, english, a.today.year()))
            .unwrap_or_default(),
        notice,
        short_notice: notice.is_short(),
        missed: notice == Notice::Missed,
        apology: a.apology,
        door_open: a.door_open,
        alternatives: a
            .alternatives
            .iter()
            .map(|p| proposed_date_in(p, english, a.today.year()))
            .collect(),
        has_alternatives: !a.alternatives.is_empty(),
        warm,
        brief: a.length == Length::Brief,
        has_date: a.interview_at.is_some(),
        us: english == English::Us,
        greeting: greeting_name(a.recipient.trim(), &a.greeting, warm, english),
        hello: warm && !(a.recipient.trim().is_empty() && a.greeting.is_empty()),
        call_first: notice.call_first(),
        same_day: notice == Notice::SameDay,
        spoke: notice.call_first() && a.called == Called::Spoke,
        voicemail: notice.call_first() && a.called == Called::Voicemail,
        callback: callback_number(&a.signature),
        spoken: false,
        answers: BTreeMap::new(),
    }
}

/// The telephone number in a signature: the first line's run of digits
/// (with spaces, `+`, `-`, `.`, brackets) that holds at least seven of
/// them; empty when there is none.
pub fn callback_number(signature: &str) -> String {
    for line in signature.lines() {
        let mut best = String::new();
        let mut run = String::new();
        for c in line.chars().chain(std::iter::once('\n')) {
            if c.is_ascii_digit() || (!run.is_empty() && " -.)".contains(c)) || "+(".contains(c) {
                run.push(c);
            } else {
                let digits = run.chars().filter(char::is_ascii_digit).count();
                if (7..=15).contains(&digits) && best.is_empty() {
                    best = run.trim_end_matches([' ', '-', '.', '(']).to_string();
                }
                run.clear();
            }
        }
        if !best.is_empty() {
            return best;
        }
    }
    String::new()
}

const NUMBERS: &[&str] = &[
    "zero",
    "one",
    "two",
    "three",
    "four",
    "five",
    "six",
    "seven",
    "eight",
    "nine",
    "ten",
    "eleven",
    "twelve",
    "thirteen",
    "fourteen",
    "fifteen",
    "sixteen",
    "seventeen",
    "eighteen",
    "nineteen",
];
const TENS: &[&str] = &["", "", "twenty", "thirty", "forty", "fifty"];
const ORDINALS: &[&str] = &[
    "",
    "first",
    "second",
    "third",
    "fourth",
    "fifth",
    "sixth",
    "seventh",
    "eighth",
    "ninth",
    "tenth",
    "eleventh",
    "twelfth",
    "thirteenth",
    "fourteenth",
    "fifteenth",
    "sixteenth",
    "seventeenth",
    "eighteenth",
    "nineteenth",
    "twentieth",
];

/// A number under sixty in words: "twenty-five".
fn number_words(n: i8) -> String {
    let n = n.clamp(0, 59) as usize;
    if n < 20 {
        NUMBERS[n].to_string()
    } else if n.is_multiple_of(10) {
        TENS[n / 10].to_string()
    } else {
        format!("{}-{}", TENS[n / 10], NUMBERS[n % 10])
    }
}

/// A day of the month as said: "the second", "the twenty-first".
fn ordinal_words(day: i8) -> String {
    let d = day.clamp(1, 31) as usize;
    let word = match d {
        1..=20 => ORDINALS[d].to_string(),
        30 => "thirtieth".to_string(),
        _ => format!("{}-{}", TENS[d / 10], ORDINALS[d % 10]),
    };
    format!("the {word}")
}

/// A time as said: "ten", "half past two" ("two thirty" in American
/// English), "quarter to eleven", "noon", "seven in the evening".
pub fn spoken_time(hour: i8, minute: i8, english: English) -> String {
    if minute == 0 && hour == 12 {
        return "noon".to_string();
    }
    if minute == 0 && hour == 0 {
        return "midnight".to_string();
    }
    let twelve = |h: i8| match h % 12 {
        0 => 12,
        h => h,
    };
    let h = twelve(hour);
    let clock = match (minute, english) {
        (0, _) => number_words(h),
        (15, English::Uk) => format!("quarter past {}", number_words(h)),
        (30, English::Uk) => format!("half past {}", number_words(h)),
        (45, English::Uk) => format!("quarter to {}", number_words(twelve(hour + 1))),
        (m, _) if m < 10 => format!("{} oh {}", number_words(h), number_words(m)),
        (m, _) => format!("{} {}", number_words(h), number_words(m)),
    };
    // Office hours need no part of the day; early and late ones do.
    let hour_said = if minute == 45 && english == English::Uk {
        hour + 1
    } else {
        hour
    };
    match hour_said {
        8..=18 => clock,
        0..=7 => format!("{clock} in the morning"),
        _ => format!("{clock} in the evening"),
    }
}

/// A date as said aloud, relative to `today`: "today at ten", "tomorrow
/// at half past two", "this Wednesday, the second, at ten", "next Monday,
/// the seventh", "on Friday the eighth of January at ten" (American: "on
/// Friday, January eighth"); the year only when it is not this one.
pub fn spoken_date(w: &crate::answers::When, today: jiff::civil::Date, english: English) -> String {
    let date = w.at.date();
    let days = (date - today).get_days();
    let weekday = w.at.strftime("%A").to_string();
    let month = w.at.strftime("%B").to_string();
    let day = ordinal_words(date.day());
    let mut said = match days {
        0 => "today".to_string(),
        1 => "tomorrow".to_string(),
        -1 => "yesterday".to_string(),
        2..=6 => format!("this {weekday}, {day},"),
        7..=13 => format!("next {weekday}, {day},"),
        _ => match english {
            English::Uk => format!("on {weekday} {day} of {month}"),
            English::Us => format!("on {weekday}, {month} {},", &day[4..]),
        },
    };
    if date.year() != today.year() {
        said = match english {
            English::Uk => format!("{} {}", said.trim_end_matches(','), date.year()),
            English::Us => format!("{}, {},", said.trim_end_matches(','), date.year()),
        };
    }
    if w.has_time {
        said = format!(
            "{} at {}",
            said,
            spoken_time(w.at.hour(), w.at.minute(), english)
        );
    } else {
        said = said.trim_end_matches(',').to_string();
    }
    if let Some(zone) = &w.zone {
        said.push_str(&format!(" ({zone})"));
    }
    said
}

/// Titles that go with a surname in a formal greeting, as written in
/// British English; American English adds a full stop to the abbreviations.
const TITLES: &[(&str, &str)] = &[
    ("mr", "Mr"),
    ("mrs", "Mrs"),
    ("ms", "Ms"),
    ("miss", "Miss"),
    ("mx", "Mx"),
    ("dr", "Dr"),
    ("prof", "Prof"),
    ("professor", "Professor"),
];

/// Whether `word` ("Ms", "Dr.") is a title that goes with a surname.
pub(crate) fn is_title(word: &str) -> bool {
    let key = word.trim_end_matches('.').to_lowercase();
    TITLES.iter().any(|(k, _)| *k == key)
}

/// Words that show the recipient is a team or a role, not a person, so the
/// name is used whole in every tone.
const NOT_A_PERSON: &[&str] = &[
    "team",
    "manager",
    "managers",
    "department",
    "recruiting",
    "recruitment",
    "hr",
    "talent",
    "hiring",
    "people",
    "committee",
    "panel",
    "office",
    "partner",
    "partners",
];

/// Words that join a surname and are part of it: "van der Berg", "de la
/// Cruz", "al Sayed", "bin Talal", "Mac Donald".
const PARTICLES: &[&str] = &[
    "van", "von", "der", "den", "de", "del", "della", "di", "da", "das", "dos", "du", "la", "le",
    "al", "el", "bin", "bint", "ibn", "mac", "ter", "ten", "st", "st.",
];

/// What follows a surname and is not one: "King Jr.", "Smith III", "Lee,
/// PhD".
const SUFFIXES: &[&str] = &[
    "jr", "sr", "ii", "iii", "iv", "v", "phd", "ph.d", "md", "m.d", "esq", "mba", "cpa", "obe",
    "mbe", "cbe", "frs", "dds", "rn",
];

/// Titles that go with the first name, not the surname: "Sir John".
const FIRST_NAME_TITLES: &[&str] = &["Sir", "Dame"];

/// Whether a name is an initial ("J", "J."): not a first name to greet by.
fn is_initial(name: &str) -> bool {
    let letters: Vec<char> = name.chars().filter(|c| *c != '.').collect();
    letters.len() == 1 && letters[0].is_alphabetic()
}

/// An initial as people write one: a capital ("a" is "A").
fn initial_capital(name: &str) -> String {
    if is_initial(name) {
        name.to_uppercase()
    } else {
        name.to_string()
    }
}

/// What follows "Dear" or "Hello": the person's own words when given;
/// otherwise, formally, title and surname ("Ms Nakamura", "Mr van der
/// Berg", never a suffix such as "Jr.") or the full name, and warmly the
/// first name ("Zoë") unless it is an initial; "Sir John" in both tones; a
/// team as a name ("Hiring Team", not "the hiring team"); "Hiring Manager"
/// when nobody is named.
pub fn greeting_name(recipient: &str, given: &str, warm: bool, english: English) -> String {
    if !given.is_empty() {
        return given.to_string();
    }
    if recipient.is_empty() {
        return "Hiring Manager".to_string();
    }
    let words: Vec<&str> = recipient.split_whitespace().collect();
    if words.iter().any(|w| {
        NOT_A_PERSON.contains(
            &w.trim_matches(|c: char| !c.is_alphanumeric())
                .to_lowercase()
                .as_str(),
        )
    }) {
        return team_name(&words);
    }
    // The name without what follows it: "Jr.", "III", ", PhD".
    let mut words: Vec<&str> = words;
    while words.len() > 1 {
        let last = words[words.len() - 1]
            .trim_matches(|c: char| c == ',' || c == '.')
            .to_lowercase();
        if SUFFIXES.contains(&last.as_str()) {
            words.pop();
        } else {
            break;
        }
    }
    let n = words.len();
    if let Some(w) = words.last_mut() {
        *w = w.trim_end_matches(',');
    }
    if let Some(first_title) = FIRST_NAME_TITLES
        .iter()
        .find(|t| words[0].trim_end_matches('.').eq_ignore_ascii_case(t))
        && n >= 2
    {
        return format!("{first_title} {}", words[1]);
    }
    let title = words.first().and_then(|w| {
        let key = w.trim_end_matches('.').to_lowercase();
        TITLES.iter().find(|(k, _)| *k == key).map(|(_, t)| *t)
    });
    match title {
        Some(title) if n >= 2 => {
            let title = match english {
                English::Us if ABBREVIATED.contains(&title) => format!("{title}."),
                _ => title.to_string(),
            };
            let names = &words[1..];
            if warm && names.len() >= 2 && !is_initial(names[0]) {
                names[0].to_string()
            } else {
                format!("{title} {}", surname(names))
            }
        }
        _ if warm && !is_initial(words[0]) => words[0].to_string(),
        _ => words
            .iter()
            .map(|w| initial_capital(w))
            .collect::<Vec<_>>()
            .join(" "),
    }
}

/// Titles that are abbreviations, and take a full stop in American English.
const ABBREVIATED: &[&str] = &["Mr", "Mrs", "Ms", "Mx", "Dr", "Prof"];

/// The surname among names after a title: the last name, with the
/// particles before it ("van der Berg"); the first name is never one.
fn surname(names: &[&str]) -> String {
    let last = names.len() - 1;
    let mut from = last;
    while from > 1 && PARTICLES.contains(&names[from - 1].to_lowercase().as_str()) {
        from -= 1;
    }
    // With only a particle and a name after the title ("Mr de Souza"),
    // the particle is the surname's.
    if from == 1 && names.len() == 2 && PARTICLES.contains(&names[0].to_lowercase().as_str()) {
        from = 0;
    }
    names[from..]
        .iter()
        .map(|w| initial_capital(w))
        .collect::<Vec<_>>()
        .join(" ")
}

/// A team or a role as a greeting names it: "the hiring team" is "Hiring
/// Team" (no "Dear the"), and words typed in lower case get capitals.
fn team_name(words: &[&str]) -> String {
    let words = match words.first() {
        Some(w) if words.len() > 1 && w.eq_ignore_ascii_case("the") => &words[1..],
        _ => words,
    };
    words
        .iter()
        .map(|w| {
            if w.chars().all(|c| !c.is_uppercase()) && !matches!(*w, "of" | "and" | "for") {
                let mut c = w.chars();
                c.next()
                    .map(|f| f.to_uppercase().chain(c).collect())
                    .unwrap_or_default()
            } else {
                w.to_string()
            }
        })
        .collect::<Vec<_>>()
        .join(" ")
}

/// A detail as a sentence: it starts with a capital, a lone "i" is "I", and
/// it ends with punctuation. Anything else stays as typed.
fn detail_sentence(detail: &str) -> String {
    if detail
        .chars()
        .all(|c| c.is_whitespace() || is_punctuation(c))
    {
        return String::new();
    }
    let mut out = String::with_capacity(detail.len() + 1);
    let mut chars = detail.chars();
    if let Some(first) = chars.next() {
        out.extend(first.to_uppercase());
    }
    out.push_str(chars.as_str());
    let mut out = out
        .split(' ')
        .map(|w| if w == "i" { "I" } else { w })
        .collect::<Vec<_>>()
        .join(" ");
    // A sentence that ends in a word gets its full stop; one that ends in
    // punctuation or an emoji is left as it is.
    if out.chars().last().is_some_and(char::is_alphanumeric) {
        out.push('.');
    }
    out
}

/// Punctuation, ASCII or typographic: a detail made only of it holds no
/// words.
fn is_punctuation(c: char) -> bool {
    c.is_ascii_punctuation()
        || matches!(c, '\u{2010}'..='\u{2027}' | '\u{2030}'..='\u{205E}' | '\u{3000}'..='\u{303F}')
        || "¡¿«»·".contains(c)
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

/// `single_stops` over the email down to the sender's name; the signature
/// under it is the person's own, kept as typed.
fn tidy_stops(body: &str, sender: &str) -> String {
    let end = body
        .rfind(&format!("\n{sender}\n"))
        .map_or(body.len(), |i| i + 1);
    let (words, signature) = body.split_at(end);
    let mut out: String = words.split_inclusive('\n').map(single_stops).collect();
    out.push_str(signature);
    out
}

/// One full stop where a name that ends in one meets the end of a
/// sentence ("Ltd." + "." is "Ltd."), and none after "!" or "?"; an
/// ellipsis stays.
pub fn single_stops(line: &str) -> String {
    // Most lines have nothing to change.
    if !(line.contains("..") || line.contains("!.") || line.contains("?.")) {
        return line.to_string();
    }
    let chars: Vec<char> = line.chars().collect();
    let mut out = String::with_capacity(line.len());
    for (i, &c) in chars.iter().enumerate() {
        let prev = i.checked_sub(1).map(|j| chars[j]);
        let next = chars.get(i + 1).copied();
        let before_prev = i.checked_sub(2).map(|j| chars[j]);
        let doubled =
            c == '.' && prev == Some('.') && before_prev != Some('.') && next != Some('.');
        let after_mark = c == '.' && matches!(prev, Some('!' | '?')) && next != Some('.');
        if !(doubled || after_mark) {
            out.push(c);
        }
    }
    out
}

fn recipient_address(a: &Resolved) -> Option<String> {
    match (a.recipient.trim(), a.recipient_email.trim()) {
        (_, "") => None,
        ("", email) => Some(email.to_string()),
        (name, email) => Some(crate::mail::mailbox(name, email)),
    }
}

/// Most words from the greeting to the sender's name in a brief email, and
/// in a standard one. docs/writing.md explains the limits.
pub const BRIEF_WORDS: usize = 80;
pub const STANDARD_WORDS: usize = 150;

/// Words from the greeting to the sender's name (the signature under it
/// does not count).
pub fn words_to_name(body: &str, sender: &str) -> usize {
    let end = if sender.is_empty() {
        body.len()
    } else {
        body.rfind(sender).map_or(body.len(), |i| i + sender.len())
    };
    body[..end].split_whitespace().count()
}

/// Words from the greeting to the sender's name, where each of `units`
/// (names, the role, dates) counts as one: the limits are about the writing,
/// not the length of someone's job title.
pub fn writing_words(body: &str, sender: &str, units: &[String]) -> usize {
    let mut body = body.to_string();
    let mut units: Vec<&String> = units.iter().filter(|u| !u.is_empty()).collect();
    units.sort_by_key(|u| std::cmp::Reverse(u.len()));
    for unit in units {
        if unit != sender {
            body = body.replace(unit.as_str(), "X");
        }
    }
    words_to_name(&body, sender)
}

fn warnings(a: &Resolved, call_script: &str) -> Vec<String> {
    let mut w = a.notes.clone();
    if !a.detail.trim().is_empty() && detail_sentence(&a.detail).is_empty() {
        w.push("The detail has no words in it, so it was left out.".to_string());
    }
    if let Some(phrase) = crate::advice::negative_phrase(&a.detail) {
        w.push(crate::advice::negative_warning(phrase));
    }
    if a.situation.notice_matters() && a.notice != Notice::Ample {
        w.push(a.notice.meaning(a.situation, call_script));
    }
    if !a.door_open && a.situation.proposes_times() && !a.alternatives.is_empty() {
        w.push(
            "You chose not to propose times, but gave some; the email keeps them. Leave \
             `alternatives` empty to send none."
                .to_string(),
        );
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nesting_is_measured_before_parsing_and_cannot_be_hidden() {
        let nest = |n: usize| format!("{}x{}", "{{#if a}}".repeat(n), "{{/if}}".repeat(n));
        assert_eq!(too_deep(&nest(MAX_NESTING)), None);
        assert_eq!(
            too_deep(&nest(MAX_NESTING + 1)),
            Some((1, 9 * MAX_NESTING + 1))
        );
        // Blocks side by side are not nested.
        assert_eq!(too_deep(&nest(40).repeat(3)), None);
        let deep_on_line_3 = format!("Subject: x\n\n{}", nest(MAX_NESTING + 1));
        assert_eq!(too_deep(&deep_on_line_3).map(|(l, _)| l), Some(3));
        // Brackets inside a tag count with the blocks around it.
        let parens = |n: usize| {
            format!(
                "{{{{#if a}}}}{{{{x {}y{}}}}}{{{{/if}}}}",
                "(".repeat(n),
                ")".repeat(n)
            )
        };
        assert_eq!(too_deep(&parens(MAX_NESTING - 1)), None);
        assert!(too_deep(&parens(MAX_NESTING)).is_some());
        assert!(too_deep(&format!("{{{{x {}}}}}", "[".repeat(MAX_NESTING + 1))).is_some());
        // Brackets in quotes or in plain text are not nesting.
        let quoted = format!("{{{{x \"{}\"}}}} {}", "(".repeat(100), "(".repeat(100));
        assert_eq!(too_deep(&quoted), None);
        // A closing tag in a comment, a raw block or after `\{{` closes nothing.
        for hide in [
            "{{!-- {{/if}} --}}",
            "{{! {{/if}}",
            "{{{{raw}}}}{{/if}}{{{{/raw}}}}",
            "\\{{/if}}",
        ] {
            let t = format!("{}{hide}", "{{#if a}}").repeat(MAX_NESTING + 1);
            assert!(too_deep(&t).is_some(), "{hide}");
        }
        // ...and an opening one there opens nothing.
        let t = format!("{{{{!-- {} --}}}}{}", "{{#if a}}".repeat(100), nest(3));
        assert_eq!(too_deep(&t), None);
    }

    #[test]
    fn greetings_are_the_ones_people_use() {
        let g = |r: &str, warm: bool, e: English| greeting_name(r, "", warm, e);
        assert_eq!(g("Ms. Zoë Nakamura", false, English::Uk), "Ms Nakamura");
        assert_eq!(g("Ms. Zoë Nakamura", false, English::Us), "Ms. Nakamura");
        assert_eq!(g("Ms Zoë Nakamura", true, English::Uk), "Zoë");
        assert_eq!(g("Ms Nakamura", true, English::Uk), "Ms Nakamura");
        assert_eq!(g("Miss Ada Lee", false, English::Us), "Miss Lee");
        assert_eq!(g("Professor Ada Lee", false, English::Us), "Professor Lee");
        assert_eq!(g("dr ada lee", false, English::Uk), "Dr lee");
        assert_eq!(g("Zoë Nakamura", false, English::Uk), "Zoë Nakamura");
        assert_eq!(g("Zoë Nakamura", true, English::Uk), "Zoë");
        assert_eq!(g("The Hiring Team", true, English::Uk), "Hiring Team");
        assert_eq!(g("the hiring team", false, English::Uk), "Hiring Team");
        assert_eq!(g("Head of People", false, English::Uk), "Head of People");
        // Particles are the surname's; suffixes are not surnames.
        let vdb = "Mr. Jean-Luc van der Berg";
        assert_eq!(g(vdb, false, English::Uk), "Mr van der Berg");
        assert_eq!(g(vdb, false, English::Us), "Mr. van der Berg");
        assert_eq!(g(vdb, true, English::Uk), "Jean-Luc");
        assert_eq!(g("Ms Ana de Souza", false, English::Uk), "Ms de Souza");
        assert_eq!(g("Mr de Souza", false, English::Uk), "Mr de Souza");
        assert_eq!(g("Dr Omar bin Talal", false, English::Uk), "Dr bin Talal");
        assert_eq!(g("Mr Ian Mac Donald", false, English::Uk), "Mr Mac Donald");
        assert_eq!(
            g("Dr. Martin Luther King Jr.", false, English::Us),
            "Dr. King"
        );
        assert_eq!(g("Mr John Smith III", false, English::Uk), "Mr Smith");
        assert_eq!(g("Dr Ada Lee, PhD", false, English::Uk), "Dr Lee");
        assert_eq!(g("Ada Lee PhD", false, English::Uk), "Ada Lee");
        // A name that is only a suffix's letters is kept.
        assert_eq!(g("PhD", false, English::Uk), "PhD");
        // "Sir" and "Dame" go with the first name, in either tone.
        assert_eq!(g("Sir John Smith", true, English::Uk), "Sir John");
        assert_eq!(g("Sir John Smith", false, English::Uk), "Sir John");
        assert_eq!(g("Dame Judi Dench", false, English::Us), "Dame Judi");
        // "Prof." keeps its full stop in American English.
        assert_eq!(g("Prof. Ada Lee", false, English::Us), "Prof. Lee");
        assert_eq!(g("Prof Ada Lee", false, English::Uk), "Prof Lee");
        // An initial is not a first name to greet by.
        assert_eq!(g("mr i a", true, English::Uk), "Mr A");
        assert_eq!(g("Mr J. Smith", true, English::Uk), "Mr Smith");
        assert_eq!(g("J. Smith", true, English::Uk), "J. Smith");
        assert_eq!(g("j smith", true, English::Uk), "J smith");
        assert_eq!(
            g("Talent Acquisition", false, English::Uk),
            "Talent Acquisition"
        );
        assert_eq!(g("Ms", false, English::Uk), "Ms");
        assert_eq!(g("", true, English::Uk), "Hiring Manager");
        assert_eq!(
            greeting_name("Ms Zoë Nakamura", "Zoë-san", false, English::Uk),
            "Zoë-san"
        );
    }

    /// Answers from `key=value` pairs; `when=` is the interview's date.
    fn resolved(pairs: &[&str], now: &str) -> Resolved {
        let mut a = crate::answers::Answers::default();
        for pair in pairs {
            let pair = match pair.strip_prefix("when=") {
                Some(date) => format!("{}={date}", crate::answers::INTERVIEW_KEY),
                None => pair.to_string(),
            };
            a.set_pair(&pair).unwrap();
        }
        let now: jiff::Zoned = now.parse().unwrap();
        a.resolve(&now).unwrap()
    }

    #[test]
    fn dates_are_said_as_people_say_them() {
        let today = jiff::civil::date(2026, 11, 29);
        let when = |s: &str| {
            let now: jiff::Zoned = "2026-11-29T09:00[UTC]".parse().unwrap();
            crate::answers::parse_when(crate::answers::INTERVIEW_KEY, s, &now).unwrap()
        };
        let uk = |s: &str| spoken_date(&when(s), today, English::Uk);
        let us = |s: &str| spoken_date(&when(s), today, English::Us);
        assert_eq!(uk("2026-12-02 10:00"), "this Wednesday, the second, at ten");
        assert_eq!(uk("2026-11-29 14:30"), "today at half past two");
        assert_eq!(us("2026-11-29 14:30"), "today at two thirty");
        assert_eq!(uk("2026-11-30 10:45"), "tomorrow at quarter to eleven");
        assert_eq!(uk("2026-11-30 09:15"), "tomorrow at quarter past nine");
        assert_eq!(uk("2026-11-30 12:00"), "tomorrow at noon");
        assert_eq!(
            uk("2026-11-30 07:05"),
            "tomorrow at seven oh five in the morning"
        );
        assert_eq!(
            uk("2026-11-30 19:20"),
            "tomorrow at seven twenty in the evening"
        );
        assert_eq!(uk("2026-11-30"), "tomorrow");
        assert_eq!(uk("2026-12-09 10:00"), "next Wednesday, the ninth, at ten");
        assert_eq!(uk("2026-12-21"), "on Monday the twenty-first of December");
        assert_eq!(us("2026-12-21"), "on Monday, December twenty-first");
        assert_eq!(
            uk("2027-01-04 09:00"),
            "on Monday the fourth of January 2027 at nine"
        );
        assert_eq!(
            us("2027-01-04 09:00"),
            "on Monday, January fourth, 2027, at nine"
        );
        assert_eq!(number_words(45), "forty-five");
        assert_eq!(ordinal_words(30), "the thirtieth");
        assert_eq!(ordinal_words(31), "the thirty-first");
        assert_eq!(spoken_time(0, 0, English::Uk), "midnight");
        assert_eq!(
            spoken_time(23, 45, English::Uk),
            "quarter to twelve in the evening"
        );
    }

    #[test]
    fn the_number_to_call_back_is_read_from_the_signature() {
        assert_eq!(
            callback_number("Data Analyst\nMobile: +44 7700 900123"),
            "+44 7700 900123"
        );
        assert_eq!(
            callback_number("(555) 123-4567 | sam@x.org"),
            "(555) 123-4567"
        );
        assert_eq!(callback_number("Tel. 020 7946 0958."), "020 7946 0958");
        assert_eq!(callback_number("Flat 12, 221B Baker Street"), "");
        assert_eq!(callback_number("Class of 2019"), "");
        assert_eq!(callback_number(""), "");
    }

    #[test]
    fn a_date_in_another_year_gives_its_year_in_both_englishes() {
        let pairs = [
            "situation=reschedule",
            "reason=travel",
            "company=A",
            "position=B",
            "sender=C",
            "when=2027-01-04 10:00",
            "alternatives=2027-01-06 10:00; 2026-12-30 09:00",
        ];
        for (english, date, other, same) in [
            (
                "english=us",
                "Monday, January 4, 2027, at 10:00 a.m.",
                "Wednesday, January 6, 2027, at 10:00 a.m.",
                "Wednesday, December 30, at 9:00 a.m.",
            ),
            (
                "english=uk",
                "Monday 4 January 2027 at 10:00",
                "Wednesday 6 January 2027 at 10:00",
                "Wednesday 30 December at 09:00",
            ),
        ] {
            let mut pairs = pairs.to_vec();
            pairs.push(english);
            let r = Renderer::builtin()
                .unwrap()
                .render(&resolved(&pairs, "2026-12-01T09:00[UTC]"))
                .unwrap();
            for want in [date, other, same] {
                assert!(r.body.contains(want), "{want} in\n{}", r.body);
            }
            assert!(r.subject.contains("2027"), "{}", r.subject);
        }
        // In this year's, the American date has none.
        let r = Renderer::builtin()
            .unwrap()
            .render(&resolved(
                &[
                    "situation=cancel",
                    "reason=illness",
                    "company=A",
                    "position=B",
                    "sender=C",
                    "english=us",
                    "when=2026-12-07 10:00",
                ],
                "2026-12-01T09:00[UTC]",
            ))
            .unwrap();
        assert!(
            r.body.contains("Monday, December 7, at 10:00 a.m."),
            "{}",
            r.body
        );
        assert!(!r.subject.contains("2026"), "{}", r.subject);
    }

    #[test]
    fn times_typed_for_a_reschedule_are_kept_whatever_the_door() {
        for situation in ["reschedule", "employer-reschedule"] {
            let a = resolved(
                &[
                    &format!("situation={situation}"),
                    "reason=no-reason",
                    "recipient=Kim Lee",
                    "company=A",
                    "position=B",
                    "sender=C",
                    "when=2026-12-03 10:00",
                    "alternatives=2026-12-07 10:00",
                    "door_open=false",
                ],
                "2026-11-26T09:00[UTC]",
            );
            let r = Renderer::builtin().unwrap().render(&a).unwrap();
            assert!(r.body.contains("Monday 7 December at 10:00"), "{}", r.body);
            assert!(
                r.warnings
                    .iter()
                    .any(|w| w.contains("the email keeps them")),
                "{:?}",
                r.warnings
            );
        }
        // Without times, a closed door says nothing of them.
        let a = resolved(
            &[
                "situation=reschedule",
                "reason=no-reason",
                "company=A",
                "position=B",
                "sender=C",
                "when=2026-12-03 10:00",
                "door_open=false",
            ],
            "2026-11-26T09:00[UTC]",
        );
        let r = Renderer::builtin().unwrap().render(&a).unwrap();
        assert!(r.warnings.iter().all(|w| !w.contains("keeps them")));
        assert!(!r.body.contains("Would any of these"), "{}", r.body);
    }

    #[test]
    fn the_checklist_is_read_from_the_emails_text() {
        // A brief email keeps the apology asked for, and says so.
        let base = [
            "situation=cancel",
            "reason=family-emergency",
            "company=A",
            "position=B",
            "sender=C",
            "when=2026-12-10 10:00",
            "length=brief",
            "tone=warm",
            "apology=true",
        ];
        let r = Renderer::builtin()
            .unwrap()
            .render(&resolved(&base, "2026-11-26T09:00[UTC]"))
            .unwrap();
        assert!(r.body.contains("sorry"), "{}", r.body);
        assert_eq!(r.checklist.apology, Some(true));
        assert_eq!(r.checklist.gratitude, Some(true));
        // Without it, the checklist says there is none: it reads the text.
        let mut no = base.to_vec();
        no.push("apology=false");
        let r = Renderer::builtin()
            .unwrap()
            .render(&resolved(&no, "2026-11-26T09:00[UTC]"))
            .unwrap();
        assert_eq!(r.checklist.apology, Some(false), "{}", r.body);
        let text = format!("Subject: {}\n\n{}", r.subject, r.body);
        assert_eq!(
            r.checklist,
            crate::check::checklist(
                &text,
                crate::advice::situation("cancel"),
                Some(Notice::Ample)
            )
        );
        // No reason given is no reason ticked.
        let r = Renderer::builtin()
            .unwrap()
            .render(&resolved(
                &[
                    "situation=decline",
                    "reason=no-reason",
                    "recipient=Kim Lee",
                    "company=A",
                    "position=B",
                    "sender=C",
                ],
                "2026-11-26T09:00[UTC]",
            ))
            .unwrap();
        assert_eq!(r.checklist.reason, Some(false), "{}", r.body);
    }

    #[test]
    fn a_detail_becomes_a_sentence() {
        assert_eq!(
            detail_sentence("my doctor said i should rest"),
            "My doctor said I should rest."
        );
        assert_eq!(detail_sentence("Thank you!"), "Thank you!");
        assert_eq!(detail_sentence("so sorry 🙏"), "So sorry 🙏");
        assert_eq!(detail_sentence("éclair time"), "Éclair time.");
        assert_eq!(detail_sentence(" ... "), "");
        assert_eq!(detail_sentence("—!?"), "");
        assert_eq!(detail_sentence("《》"), "");
        assert_eq!(detail_sentence("it is 5"), "It is 5.");
        assert!(is_punctuation('¿') && is_punctuation('…') && !is_punctuation('a'));
    }

    #[test]
    fn one_full_stop_where_a_name_meets_a_sentence() {
        assert_eq!(single_stops("at Acme Ltd.."), "at Acme Ltd.");
        assert_eq!(single_stops("at Acme Ltd.. Then"), "at Acme Ltd. Then");
        assert_eq!(single_stops("Wait... then"), "Wait... then");
        assert_eq!(single_stops("Yahoo!. Next"), "Yahoo! Next");
        assert_eq!(single_stops("Why?. Next"), "Why? Next");
        assert_eq!(single_stops("a.b.c"), "a.b.c");
        assert_eq!(
            tidy_stops("Thanks..\nSam\nLine..\n", "Sam"),
            "Thanks.\nSam\nLine..\n"
        );
        let body = "Dear A,\n\nAt B Ltd..\n\nKind regards,\nSam\nLine..\n";
        assert_eq!(
            tidy_stops(body, "Sam"),
            "Dear A,\n\nAt B Ltd.\n\nKind regards,\nSam\nLine..\n"
        );
    }

    #[test]
    fn names_and_dates_count_as_one_word() {
        let body = "Dear Ms Nakamura,\n\nThe Senior Data Analyst role.\n\nKind regards,\nSam Lee\nline two\n";
        assert_eq!(words_to_name(body, "Sam Lee"), 12);
        assert_eq!(
            writing_words(
                body,
                "Sam Lee",
                &["Senior Data Analyst".into(), "Ms Nakamura".into()]
            ),
            9
        );
    }

    #[test]
    fn the_sp_helper_writes_the_emails_english() {
        let mut hb = Handlebars::new();
        hb.register_helper("sp", Box::new(spelling));
        hb.register_template_string(
            "t",
            "{{sp \"apologise\"}} {{sp \"Cancelling\"}} {{sp \"other\"}} {{sp \"A clash\"}} {{sp \"keen on\"}}",
        )
        .unwrap();
        let us = hb.render("t", &serde_json::json!({"us": true})).unwrap();
        assert_eq!(us, "apologize Canceling other A conflict excited about");
        let uk = hb.render("t", &serde_json::json!({"us": false})).unwrap();
        assert_eq!(uk, "apologise Cancelling other A clash keen on");
    }

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
        assert_eq!(
            partials_in("{{#> times}}x{{/times}} {{~#> \"when\"}}{{/when}} {{#if a}}{{/if}}"),
            ["times", "when"]
        );
        assert!(partial_tags("{{#> (lookup this 'a')}}").any(|r| r.starts_with('(')));
    }

    #[test]
    fn the_list_of_variables_is_the_variables_templates_get() {
        let mut a = crate::answers::Answers::default();
        for pair in [
            "situation=cancel",
            "reason=illness",
            "company=A",
            "position=B",
            "sender=C",
            "interview_at=2026-12-03 10:00",
        ] {
            a.set_pair(pair).unwrap();
        }
        let now: jiff::Zoned = "2026-11-26T09:00[UTC]".parse().unwrap();
        let resolved = a.resolve(&now).unwrap();
        let mut given: Vec<String> = variables(&vars(&resolved))
            .into_iter()
            .filter(|v| !v.starts_with("answers."))
            .collect();
        given.push("answers".into());
        // The first column of the docs' table: `a`, `b` | …
        let docs = include_str!("../docs/templates.md");
        let mut listed: Vec<String> = docs
            .lines()
            .filter(|l| l.starts_with("| `"))
            .flat_map(|l| l.split('|').nth(1).unwrap_or_default().split(','))
            .map(|v| {
                let v = v.trim().trim_matches('`');
                v.split('.').next().unwrap_or(v).to_string()
            })
            .collect();
        given.sort_unstable();
        listed.sort_unstable();
        assert_eq!(
            given, listed,
            "docs/templates.md's table and the variables differ"
        );
        // Every question's answer is given, and templates get those they read.
        let keys: Vec<&str> = QUESTIONS.iter().map(|q| q.key).collect();
        let all = answers_read(&resolved.given, &["{{#with answers}}{{/with}}".into()]);
        assert_eq!(all.keys().copied().collect::<Vec<_>>().len(), keys.len());
        for k in &keys {
            assert!(all.contains_key(k), "answers.{k} is missing");
        }
        let (first, last) = (keys[0], keys[keys.len() - 1]);
        let source = format!("{{{{answers.{last}}}}} {{{{#if answers.{first}}}}}{{{{/if}}}}");
        let read = answers_read(&resolved.given, &[source]);
        let mut expected = vec![first, last];
        expected.sort_unstable();
        assert_eq!(read.keys().copied().collect::<Vec<_>>(), expected);
        let plain = format!("{{{{{first}}}}}");
        assert!(answers_read(&resolved.given, &[plain]).is_empty());
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
