//! What bowout writes for people and scripts: the email in each format, the
//! situation and reason listings, and warnings on stderr.

use std::io::{self, Write};
use std::sync::atomic::{AtomicBool, Ordering};

use anyhow::Result;
use jiff::Zoned;

use crate::advice::{self, SITUATIONS, Side};
use crate::answers::Resolved;
use crate::cli::Format;
use crate::mail;
use crate::render::{Rendered, Renderer};
use crate::usage;

/// Set when bowout started with its standard output closed.
static STDOUT_CLOSED: AtomicBool = AtomicBool::new(false);

/// Records that standard output was closed when bowout started (`bowout …
/// >&-`), so that printing to it fails loudly instead of silently. The
/// program asks the system before Rust's start-up code puts /dev/null in
/// the place of a closed descriptor; a standard output that is /dev/null
/// (`>/dev/null`, Python's subprocess.DEVNULL, systemd) is obeyed.
pub fn guard_standard_files(closed_at_start: bool) {
    STDOUT_CLOSED.store(closed_at_start, Ordering::Relaxed);
}

/// Standard output, which refuses to write when bowout started with it
/// closed: a run whose email went nowhere must not report success.
pub struct Stdout(io::StdoutLock<'static>);

impl Stdout {
    pub fn lock() -> Stdout {
        Stdout(io::stdout().lock())
    }

    fn closed() -> io::Result<()> {
        if STDOUT_CLOSED.load(Ordering::Relaxed) {
            return Err(io::Error::other(
                "standard output is closed, so nothing could be printed; give --output FILE or \
                 --copy instead",
            ));
        }
        Ok(())
    }
}

impl Write for Stdout {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        Stdout::closed()?;
        self.0.write(buf)
    }

    fn flush(&mut self) -> io::Result<()> {
        self.0.flush()
    }
}

/// Writes the email in `format`.
pub fn emit(
    w: &mut impl Write,
    format: Format,
    renderer: &Renderer,
    resolved: &Resolved,
    r: &Rendered,
    now: &Zoned,
    reply: Option<&mail::Reply>,
) -> Result<()> {
    match format {
        Format::Text => write!(w, "Subject: {}\n\n{}", r.subject, r.body)?,
        Format::Body => write!(w, "{}", r.body)?,
        Format::Subject => writeln!(w, "{}", r.subject)?,
        Format::Json => {
            let mut json = serde_json::to_value(r)?;
            // A reply carries its thread, as the .eml's headers do.
            if let (Some(reply), Some(fields)) = (reply, json.as_object_mut()) {
                fields.insert("in_reply_to".into(), reply.in_reply_to.clone().into());
                fields.insert("references".into(), reply.references.clone().into());
            }
            writeln!(w, "{}", serde_json::to_string_pretty(&json)?)?
        }
        Format::Phone => write!(w, "{}", renderer.phone(resolved)?)?,
        Format::Eml => write!(
            w,
            "{}",
            mail::eml(resolved, &r.subject, &r.body, now, reply)?
        )?,
        Format::Ics => match reply.and_then(|r| r.calendar.as_ref()) {
            Some(cal) => write!(w, "{}", cal.text)?,
            None => {
                return Err(usage!(
                    "--format ics answers a calendar invitation: give the invitation with \
                     --invite FILE.ics, or --reply-to a message that carries one"
                ));
            }
        },
        Format::Mailto => {
            let uri = mail::mailto(resolved, &r.subject, &r.body, reply);
            mailto_warning(&uri);
            writeln!(w, "{uri}")?
        }
    }
    Ok(())
}

/// Warns when a `mailto:` link is long enough for mail clients to cut it.
pub fn mailto_warning(uri: &str) {
    if uri.len() > mail::MAILTO_WARN_LEN {
        warn(&[format!(
            "the mailto: link is {} characters long; many mail clients cut links after about \
             {}, so check the body arrived whole (or use --copy)",
            uri.len(),
            mail::MAILTO_WARN_LEN
        )]);
    }
}

/// Warnings go to stderr, one line each, so that stdout stays the email.
pub fn warn(warnings: &[String]) {
    let mut err = io::stderr().lock();
    for w in warnings {
        let _ = writeln!(err, "{}", on_stderr(&format!("warning: {w}")));
    }
}

/// The columns `--help` is wrapped to, as clap finds them: the terminal's
/// (or `COLUMNS`), at most `cli::HELP_WIDTH`.
pub fn help_columns() -> usize {
    console::Term::stdout()
        .size_checked()
        .map(|(_, cols)| usize::from(cols))
        .or_else(|| std::env::var("COLUMNS").ok()?.parse().ok())
        .unwrap_or(crate::cli::HELP_WIDTH)
        .min(crate::cli::HELP_WIDTH)
}

/// A line for the person on stderr, keeping stdout for the output.
pub fn note(line: &str) {
    let _ = writeln!(io::stderr().lock(), "{}", on_stderr(line));
}

/// Text for stderr: wrapped at spaces to the terminal when it is one, so
/// that no word is cut at its edge; as it is for a file or a pipe.
fn on_stderr(text: &str) -> String {
    match console::Term::stderr().size_checked() {
        Some((_, cols)) => crate::wrap::wrap(
            text,
            usize::from(cols).saturating_sub(1).max(20),
            console::measure_text_width,
        ),
        None => text.to_string(),
    }
}

/// `bowout situations`.
pub fn situations(w: &mut impl Write) -> Result<()> {
    for s in SITUATIONS {
        let side = match s.side {
            Side::Candidate => "candidate",
            Side::Employer => "employer",
        };
        writeln!(w, "{:<21} {:<10} {}", s.id, side, s.summary)?;
    }
    Ok(())
}

/// `bowout keys`: every answer key with what it takes, one a line, in the
/// order the wizard asks them.
pub fn keys(w: &mut impl Write) -> Result<()> {
    let width = crate::questions::QUESTIONS
        .iter()
        .map(|q| q.key.len())
        .max()
        .unwrap_or(0);
    for q in crate::questions::QUESTIONS {
        writeln!(w, "{:<width$}  {}", q.key, q.help)?;
    }
    Ok(())
}

/// `bowout reasons [SITUATION]`.
pub fn reasons(w: &mut impl Write, situation: Option<&str>) -> Result<()> {
    let list: Vec<_> = match situation {
        Some(id) => vec![advice::situation(id).ok_or_else(|| {
            usage!(
                "unknown situation `{id}`; valid situations: {}",
                advice::situation_ids().join(", ")
            )
        })?],
        None => SITUATIONS.iter().collect(),
    };
    let many = list.len() > 1;
    for (i, s) in list.iter().enumerate() {
        if many {
            if i > 0 {
                writeln!(w)?;
            }
            writeln!(w, "{}:", s.id)?;
        }
        if s.reasons.is_empty() {
            writeln!(w, "  (no reason needed)")?;
        }
        for r in s.reasons {
            writeln!(w, "  {:<24} {}", r.id, r.label)?;
        }
    }
    Ok(())
}

/// `bowout check`'s report: one line a finding, in the shape compilers and
/// prose linters use, then the checklist and a count; or the findings as
/// JSON. Notes (a guessed situation) go to stderr, keeping stdout the report.
pub fn check_report(
    w: &mut impl Write,
    name: &str,
    report: &crate::check::Report,
    format: crate::cli::CheckFormat,
) -> Result<()> {
    use crate::check::Severity;
    use console::style;
    for n in &report.notes {
        note(&format!("note: {n}"));
    }
    if format == crate::cli::CheckFormat::Json {
        writeln!(w, "{}", serde_json::to_string_pretty(&report.findings)?)?;
        return Ok(());
    }
    // On a terminal, a finding wraps at spaces under a hanging indent, so
    // that no word is cut at the edge; to a file or a pipe, it stays one
    // line, as editors and scripts read it.
    let columns = console::Term::stdout()
        .size_checked()
        .map(|(_, cols)| usize::from(cols));
    for f in &report.findings {
        let severity = match f.severity {
            Severity::Error => style(f.severity.word()).red().bold(),
            Severity::Warning => style(f.severity.word()).yellow().bold(),
            Severity::Note => style(f.severity.word()).cyan(),
        };
        let line = format!(
            "{name}:{}:{}: {severity}[{}]: {}; {}",
            f.line, f.column, f.id, f.message, f.suggestion
        );
        match columns {
            Some(cols) => {
                let wrapped = crate::wrap::wrap(
                    &line,
                    cols.saturating_sub(5).max(20),
                    console::measure_text_width,
                );
                writeln!(w, "{}", wrapped.replace('\n', "\n    "))?;
            }
            None => writeln!(w, "{line}")?,
        }
    }
    let marks: Vec<String> = report
        .checklist
        .items()
        .iter()
        // A no-break space keeps each mark with its name when wrapped.
        .map(|(item, ok)| {
            let item = item.replace(' ', "\u{a0}");
            match ok {
                Some(true) => format!("{}\u{a0}{item}", style("✔").green()),
                Some(false) => format!("{}\u{a0}{item}", style("✘").yellow()),
                None => format!("{}", style(format!("–\u{a0}{item}\u{a0}(n/a)")).dim()),
            }
        })
        .collect();
    let checklist = format!("checklist: {}", marks.join("  "));
    match columns {
        Some(cols) => writeln!(
            w,
            "{}",
            crate::wrap::wrap(
                &checklist,
                cols.saturating_sub(1).max(20),
                console::measure_text_width
            )
            .replace('\n', "\n    ")
        )?,
        None => writeln!(w, "{}", checklist.replace('\u{a0}', " "))?,
    }
    let count = |s: Severity| report.findings.iter().filter(|f| f.severity == s).count();
    let plural = |n: usize, word: &str| format!("{n} {word}{}", if n == 1 { "" } else { "s" });
    let (errors, warnings, notes) = (
        count(Severity::Error),
        count(Severity::Warning),
        count(Severity::Note),
    );
    if errors + warnings + notes == 0 {
        writeln!(w, "{name}: nothing to change")?;
    } else {
        writeln!(
            w,
            "{name}: {}, {}, {}",
            plural(errors, "error"),
            plural(warnings, "warning"),
            plural(notes, "note")
        )?;
    }
    Ok(())
}
