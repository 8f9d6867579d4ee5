//! bowout writes the email that cancels, declines or reschedules a job
//! interview. `run` is the whole program behind a parsed command line; `main`
//! only maps its result to an exit code.

/// The version `--version` prints: the package's, and the commit it was
/// built from when built from a git checkout.
pub const VERSION: &str = include_str!(concat!(env!("OUT_DIR"), "/version.txt"));

pub mod advice;
pub mod answers;
pub mod batch;
pub mod check;
pub mod cli;
pub mod files;
pub mod handoff;
pub mod invite;
pub mod itip;
mod line;
pub mod mail;
pub mod output;
pub mod prompt;
pub mod questions;
pub mod render;
mod rules;
mod windows_zones;
mod wrap;

use std::fmt;
use std::io::{self, Write};
use std::path::Path;
use std::process::ExitCode;

use anyhow::{Context, Result};
use jiff::Zoned;

use crate::answers::Answers;

use crate::cli::{Cli, Command};
use crate::files::Owner;
use crate::render::Renderer;

/// Bad usage or input: the person can fix it. Exit code 2.
#[derive(Debug)]
pub struct UsageError(pub String);

impl fmt::Display for UsageError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for UsageError {}

/// Builds an `anyhow::Error` that exits with code 2.
#[macro_export]
macro_rules! usage {
    ($($arg:tt)*) => { anyhow::Error::new($crate::UsageError(format!($($arg)*))) };
}

/// The person stopped the program. Exit code 130.
#[derive(Debug)]
pub struct Cancelled;

impl fmt::Display for Cancelled {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("cancelled")
    }
}

impl std::error::Error for Cancelled {}

/// Prints an error once, as a chain, and picks the exit code.
pub fn report(err: &anyhow::Error) -> ExitCode {
    if is_broken_pipe(err) {
        return ExitCode::SUCCESS;
    }
    if err.downcast_ref::<Cancelled>().is_some() {
        return ExitCode::from(130);
    }
    let message = answers::visible(&format!("{err:#}"));
    let _ = writeln!(io::stderr(), "bowout: {message}");
    if err.chain().any(|e| e.is::<UsageError>()) {
        ExitCode::from(2)
    } else {
        ExitCode::FAILURE
    }
}

/// Prints a command-line error from clap (or its help and version text),
/// with anything it echoes shown safely and cut to a readable length.
pub fn report_usage(err: &clap::Error) -> ExitCode {
    if !err.use_stderr() {
        let _ = err.print();
        return ExitCode::SUCCESS;
    }
    let text = err.render().to_string();
    let mut stderr = io::stderr().lock();
    for line in text.lines() {
        let _ = writeln!(stderr, "{}", answers::echo_line(line));
    }
    ExitCode::from(u8::try_from(err.exit_code()).unwrap_or(2))
}

fn is_broken_pipe(err: &anyhow::Error) -> bool {
    err.chain().any(|e| {
        e.downcast_ref::<io::Error>()
            .is_some_and(|io| io.kind() == io::ErrorKind::BrokenPipe)
    })
}

/// Runs the parsed command line.
pub fn run(cli: Cli) -> Result<ExitCode> {
    let mut stdout = output::Stdout::lock();
    match &cli.command {
        Some(Command::ServeClipboard { desktop }) => handoff::serve(desktop)?,
        Some(Command::Situations) => output::situations(&mut stdout)?,
        Some(Command::Keys) => output::keys(&mut stdout)?,
        Some(Command::Completions { shell }) => {
            // Written from the same definitions by build.rs.
            stdout.write_all(
                match shell {
                    cli::Shell::Bash => include_str!(concat!(env!("OUT_DIR"), "/bowout.bash")),
                    cli::Shell::Zsh => include_str!(concat!(env!("OUT_DIR"), "/_bowout")),
                    cli::Shell::Fish => include_str!(concat!(env!("OUT_DIR"), "/bowout.fish")),
                    cli::Shell::Powershell => {
                        include_str!(concat!(env!("OUT_DIR"), "/_bowout.ps1"))
                    }
                    cli::Shell::Elvish => include_str!(concat!(env!("OUT_DIR"), "/bowout.elv")),
                }
                .as_bytes(),
            )?;
        }
        Some(Command::Check(args)) => return check(args, &mut stdout),
        Some(Command::Batch(args)) => return batch(args, &mut stdout),
        Some(Command::Profile { action }) => profile(action, &mut stdout)?,
        Some(Command::Templates { action }) => templates(action, &mut stdout)?,
        Some(Command::Manpage) => {
            stdout.write_all(include_str!(concat!(env!("OUT_DIR"), "/bowout.1")).as_bytes())?
        }
        Some(Command::Reasons { situation }) => output::reasons(&mut stdout, situation.as_deref())?,
        None => return compose(&cli, &mut stdout),
    }
    stdout.flush()?;
    Ok(ExitCode::SUCCESS)
}

fn profile(action: &cli::ProfileAction, out: &mut impl Write) -> Result<()> {
    let path = files::profile_file()?;
    match action {
        cli::ProfileAction::Path => writeln!(out, "{}", files::shown(&path))?,
        cli::ProfileAction::Show => {
            match files::read_text(&path, "profile", Owner::Bowout, files::MAX_ANSWERS_FILE)? {
                Some(text) => write!(out, "{}", answers::visible(&text))?,
                None => output::note(&format!(
                    "There is no profile yet; `bowout profile edit` starts one at {}.",
                    files::shown(&path)
                )),
            }
        }
        cli::ProfileAction::Edit => prompt::edit_profile(&path)?,
    }
    Ok(())
}

fn templates(action: &cli::TemplatesAction, out: &mut impl Write) -> Result<()> {
    match action {
        cli::TemplatesAction::List => {
            let width = render::TEMPLATES
                .iter()
                .map(|t| t.name.len() + 4)
                .max()
                .unwrap_or(0);
            for t in render::TEMPLATES {
                writeln!(out, "{:<width$}  {}", format!("{}.hbs", t.name), t.purpose)?;
            }
            writeln!(
                out,
                "\nYour own copies in {} replace these (bowout templates export DIR writes them).",
                files::shown(&files::templates_dir()?)
            )?;
        }
        cli::TemplatesAction::Export { dir, force } => {
            for t in render::TEMPLATES {
                files::write_atomic(
                    &dir.join(format!("{}.hbs", t.name)),
                    t.source.as_bytes(),
                    *force,
                )?;
            }
            output::note(&format!(
                "Wrote {} templates to {}. Edit any of them, then put it in {} (same name) to use it.",
                render::TEMPLATES.len(),
                files::shown(dir),
                files::shown(&files::templates_dir()?)
            ));
        }
    }
    Ok(())
}

/// The clock: `--now` when given, else the system's.
pub fn clock(now: Option<&str>) -> Result<Zoned> {
    let system = jiff::Timestamp::now().to_zoned(system_time_zone());
    match now {
        Some(text) => answers::parse_when("--now", text, &system).map(|w| w.at),
        None => Ok(system),
    }
}

/// The local time zone, read as the C library reads it: `TZ`, else
/// `/etc/localtime`. jiff's own lookup first lists the whole time zone
/// database, which would be a quarter of a render's work; jiff's way remains
/// the fallback.
#[cfg(unix)]
pub(crate) fn system_time_zone() -> jiff::tz::TimeZone {
    let tz = std::env::var("TZ").ok();
    let dir = std::env::var_os("TZDIR");
    zone_of(tz.as_deref(), dir.as_deref(), Path::new("/etc/localtime"))
        .unwrap_or_else(jiff::tz::TimeZone::system)
}

/// The zone `tz` (the value of `TZ`) names, looked up in `tzdir` (else the
/// system's database); with `TZ` unset or empty, the zone of the file
/// `localtime`, named after the file it links to.
#[cfg(unix)]
fn zone_of(
    tz: Option<&str>,
    tzdir: Option<&std::ffi::OsStr>,
    localtime: &Path,
) -> Option<jiff::tz::TimeZone> {
    use jiff::tz::TimeZone;
    // A time zone file is read like any other: capped, and a regular file
    // only, so that TZ=/dev/zero or a named pipe cannot hang bowout.
    let read = |name: &str, path: &Path| {
        let bytes = files::read_bytes(
            path,
            "time zone file",
            Owner::Bowout,
            files::MAX_TIME_ZONE_FILE,
        )
        .ok()
        .flatten()?;
        TimeZone::tzif(name, &bytes).ok()
    };
    match tz {
        Some(tz) if !tz.is_empty() => {
            let tz = tz.strip_prefix(':').unwrap_or(tz);
            if tz.starts_with('/') {
                // As the C library does, a TZ file that is unusable means UTC.
                read(tz, Path::new(tz)).or(Some(TimeZone::UTC))
            } else {
                let dir = tzdir.unwrap_or("/usr/share/zoneinfo".as_ref());
                let named = (!tz.contains(".."))
                    .then(|| read(tz, &Path::new(dir).join(tz)))
                    .flatten();
                // As the C library does, a TZ that names nothing usable means UTC.
                named
                    .or_else(|| TimeZone::posix(tz).ok())
                    .or(Some(TimeZone::UTC))
            }
        }
        _ => {
            let link = std::fs::read_link(localtime).ok();
            let name = link
                .as_deref()
                .and_then(|l| l.to_str())
                .and_then(|l| l.split_once("zoneinfo/"))
                .map_or("Local", |(_, name)| name);
            read(name, localtime)
        }
    }
}

#[cfg(not(unix))]
pub(crate) fn system_time_zone() -> jiff::tz::TimeZone {
    jiff::tz::TimeZone::system()
}

/// Collects the answers from the profile, `--last`, `--resume`,
/// `--answers` and `--set`, each later one winning, with what an invitation
/// gave laid over the profile and the last run's answers, and under
/// `--resume`, `--answers` and `--set`.
fn gather_with(cli: &Cli, origin: Option<&invite::Origin>) -> Result<Answers> {
    let mut layers: Vec<Answers> = profile_answers()?.into_iter().collect();
    if cli.last {
        let path = files::last_file()?;
        let text = files::read_text(
            &path,
            "the last answers",
            Owner::Bowout,
            files::MAX_ANSWERS_FILE,
        )?
        .ok_or_else(|| {
            usage!(
                "there is no last run to start from yet ({} does not exist)",
                files::shown(&path)
            )
        })?;
        layers.push(parse_answers(&text, &path)?);
    }
    // The invitation beats the last run's answers, and a stopped wizard's
    // answers (the person's own corrections) beat the invitation.
    layers.extend(origin.map(invite::Origin::answers));
    if cli.resume {
        let path = files::resume_file()?;
        let text = files::read_text(
            &path,
            "the stopped wizard's answers",
            Owner::Bowout,
            files::MAX_ANSWERS_FILE,
        )?
        .ok_or_else(|| {
            usage!(
                "there is nothing to resume: no wizard was stopped part-way ({} does not exist)",
                files::shown(&path)
            )
        })?;
        layers.push(parse_answers(&text, &path)?);
    }
    layers.extend(given_layers(cli.answers.as_deref(), &cli.set)?);
    // Laid over each other in one step, strongest last, and cleaned once;
    // `resolve` then checks them all in one pass.
    Ok(Answers::layered(layers))
}

/// The profile's answers, if there is a profile.
fn profile_answers() -> Result<Option<Answers>> {
    let profile = files::profile_file()?;
    let Some(text) = files::read_text(&profile, "profile", Owner::Bowout, files::MAX_ANSWERS_FILE)?
    else {
        return Ok(None);
    };
    Answers::from_toml(&text).map(Some).with_context(|| {
        format!(
            "your profile {} (bowout profile edit fixes it)",
            files::shown(&profile)
        )
    })
}

/// The answers given besides the wizard's: the profile, an answers file
/// and `--set`, each later one winning.
fn shared_answers(answers: Option<&Path>, set: &[String]) -> Result<Answers> {
    let mut layers: Vec<Answers> = profile_answers()?.into_iter().collect();
    layers.extend(given_layers(answers, set)?);
    Ok(Answers::layered(layers))
}

/// The strongest layers, in order: an answers file, then `--set`.
fn given_layers(answers: Option<&Path>, set: &[String]) -> Result<Vec<Answers>> {
    let mut layers = Vec::new();
    if let Some(path) = answers {
        layers.push(read_answers(path)?);
    }
    let mut given = Answers::default();
    for pair in set {
        given.set_pair(pair)?;
    }
    layers.push(given);
    Ok(layers)
}

/// `bowout batch`: one email per row of a CSV file.
fn batch(args: &cli::BatchArgs, out: &mut impl Write) -> Result<ExitCode> {
    let now = clock(args.given.now.as_deref())?;
    let shared = shared_answers(args.given.answers.as_deref(), &args.given.set)?;
    let force = args.force;
    if args.pipe.is_none() && (args.skip_unsure || !args.resend.is_empty()) {
        return Err(usage!(
            "--resend and --skip-unsure are for --pipe, whose journal they answer to"
        ));
    }
    let sink = if args.dry_run {
        batch::Sink::DryRun
    } else if let Some(dir) = &args.output_dir {
        batch::Sink::Dir {
            dir: dir.clone(),
            force,
        }
    } else if let Some(path) = &args.mbox {
        batch::Sink::Mbox {
            path: path.clone(),
            force,
        }
    } else if let Some(command) = &args.pipe {
        batch::Sink::Pipe {
            command: command.clone(),
            timeout: std::time::Duration::from_secs(args.timeout.max(1)),
        }
    } else if args.format.is_some() {
        batch::Sink::Json
    } else {
        return Err(usage!(
            "say where the emails go: --output-dir DIR, --mbox FILE, --format json or --pipe \
             COMMAND (or --dry-run to check the rows and write nothing)"
        ));
    };
    let job = batch::Batch {
        input: (args.file != Path::new("-")).then(|| args.file.clone()),
        sink,
        strict: args.strict,
        resend: args.resend.clone(),
        skip_unsure: args.skip_unsure,
    };
    batch::run(&job, &shared, &renderer()?, &now, out)
}

/// `bowout check`: reads the draft and its context, and reports.
fn check(args: &cli::CheckArgs, out: &mut impl Write) -> Result<ExitCode> {
    let now = clock(args.given.now.as_deref())?;
    let levels = check::Levels::new(&args.allow, &args.deny)?;
    let answers = shared_answers(args.given.answers.as_deref(), &args.given.set)?;
    let context = check::Context::from_answers(&answers, &now)?;
    let (name, bytes) = match args.file.as_deref() {
        Some(path) if path != Path::new("-") => (
            files::shown(path),
            files::read_bytes(path, "draft", Owner::Person, check::MAX_DRAFT)?.ok_or_else(
                || {
                    usage!(
                        "draft {} does not exist; give the path of the email to check",
                        files::shown(path)
                    )
                },
            )?,
        ),
        given => {
            if given.is_none() && std::io::IsTerminal::is_terminal(&std::io::stdin()) {
                return Err(usage!(
                    "give the draft to check: bowout check draft.txt, or - to read standard input"
                ));
            }
            (
                "<stdin>".to_string(),
                files::read_stdin_bytes("the draft", check::MAX_DRAFT)?,
            )
        }
    };
    let draft = check::Draft::read(&bytes, &name)?;
    let report = check::check(&draft, &context, &levels);
    output::check_report(out, &name, &report, args.format)?;
    out.flush()?;
    Ok(if report.failed() {
        ExitCode::FAILURE
    } else {
        ExitCode::SUCCESS
    })
}

/// Reads and parses an answers file (`-` for standard input), refusing one
/// too large to be answers, or one that is not text.
pub fn read_answers(path: &Path) -> Result<Answers> {
    let text = if path == Path::new("-") {
        files::read_stdin("answers", files::MAX_ANSWERS_FILE)?
    } else {
        files::read_text(path, "answers file", Owner::Person, files::MAX_ANSWERS_FILE)?.ok_or_else(
            || {
                usage!(
                    "answers file {} does not exist; give the path of a TOML file of answers",
                    files::shown(path)
                )
            },
        )?
    };
    parse_answers(&text, path)
}

fn parse_answers(text: &str, path: &Path) -> Result<Answers> {
    Answers::from_toml(text)
        .with_context(|| format!("answers file {} is not valid", files::shown(path)))
}

/// The wizard's review decides what happens to the email, so output flags
/// given with it would be ignored: they are refused before the first
/// question instead, saying how to use them.
fn refuse_output_flags(cli: &Cli) -> Result<()> {
    let given: Vec<&str> = [
        (cli.format != cli::Format::Text, "--format"),
        (cli.output.is_some(), "--output"),
        (cli.force, "--force"),
        (cli.print, "--print"),
        (cli.copy, "--copy"),
        (cli.osc52, "--osc52"),
        (cli.open, "--open"),
    ]
    .into_iter()
    .filter_map(|(on, flag)| on.then_some(flag))
    .collect();
    if given.is_empty() {
        return Ok(());
    }
    Err(usage!(
        "{} {} for running without the wizard; add --no-input (with --answers, --set or \
         --last), or leave {} out and choose at the wizard's review",
        given.join(", "),
        if given.len() == 1 { "is" } else { "are" },
        if given.len() == 1 { "it" } else { "them" }
    ))
}

/// The invitation `--reply-to` or `--invite` names, if any. In the wizard,
/// one that cannot be read is said in a note and the wizard asks instead.
fn origin(cli: &Cli, now: &Zoned) -> Result<Option<invite::Origin>> {
    if cli.reply_to.is_none() && cli.invite.is_none() {
        return Ok(None);
    }
    let stdin = |p: &Option<std::path::PathBuf>| p.as_deref() == Some(Path::new("-"));
    if stdin(&cli.reply_to) && (stdin(&cli.invite) || stdin(&cli.answers)) {
        return Err(usage!(
            "standard input can be read once: give only one of --reply-to, --invite and \
             --answers as -"
        ));
    }
    match invite::Origin::read(cli.reply_to.as_deref(), cli.invite.as_deref(), now) {
        Ok(origin) => {
            if cli.verbose {
                for note in origin.notes() {
                    output::note(&format!("bowout: note: {}", answers::visible(note)));
                }
            }
            Ok(Some(origin))
        }
        Err(e) if !cli.no_input && e.chain().any(|c| c.is::<UsageError>()) => {
            output::note(&format!(
                "bowout: note: {}\nThe wizard asks for what the invitation would have given.",
                answers::visible(&format!("{e:#}"))
            ));
            Ok(None)
        }
        Err(e) => Err(e),
    }
}

/// What a run without the wizard still lacks after the invitation, each
/// with what the invitation suggests for it; or the first thing in the
/// invitation that could not be read.
fn refuse_incomplete(answers: &Answers, origin: &invite::Origin) -> Result<()> {
    if let Some(problem) = origin.problems.first() {
        return Err(usage!("{problem}"));
    }
    let missing = answers.missing();
    if missing.is_empty() {
        return Ok(());
    }
    let suggestions = origin.suggestions();
    Err(answers::missing_error(
        &missing,
        (
            "the invitation does not give this answer",
            "the invitation does not give these answers",
        ),
        |key| {
            let hint = suggestions
                .iter()
                .find(|(k, _, _)| *k == key)
                .map(|(key, value, from)| {
                    format!(
                        "; {from} suggests `{}`: --set {key}={}",
                        answers::visible(value),
                        answers::visible(&shell_words::quote(value))
                    )
                })
                .unwrap_or_default();
            let note = match &origin.date_note {
                Some(note) if key == answers::INTERVIEW_KEY => format!(" ({note})"),
                _ => String::new(),
            };
            format!("{hint}{note}")
        },
    ))
}

/// The threading and calendar answer of a reply. A calendar answer that
/// cannot be written is said in a warning, and the email goes without it,
/// unless the calendar answer is what was asked for.
fn reply_of(
    origin: &invite::Origin,
    resolved: &answers::Resolved,
    now: &Zoned,
    format: cli::Format,
) -> Result<mail::Reply> {
    let (reply, left_out) = origin.reply(resolved, now);
    if let Some(calendar) = &reply.calendar {
        output::warn(
            &calendar
                .warnings
                .iter()
                .map(|w| answers::visible(w))
                .collect::<Vec<_>>(),
        );
    }
    match left_out {
        Some(e) if format == cli::Format::Ics => Err(e),
        Some(e) => {
            output::warn(&[format!(
                "the calendar answer is left out: {}",
                answers::visible(&format!("{e:#}"))
            )]);
            Ok(reply)
        }
        None => Ok(reply),
    }
}

fn compose(cli: &Cli, out: &mut impl Write) -> Result<ExitCode> {
    let now = clock(cli.now.as_deref())?;
    if !cli.no_input {
        refuse_output_flags(cli)?;
    }
    let origin = origin(cli, &now)?;
    let answers = gather_with(cli, origin.as_ref())?;
    if !cli.no_input {
        let piped = cli.reply_to.as_deref() == Some(Path::new("-"));
        return wizard(answers, now, cli.resume, origin, piped, cli.last);
    }
    if let Some(o) = &origin {
        refuse_incomplete(&answers, o)?;
    }
    let resolved = answers.resolve(&now)?;
    let renderer = renderer()?;
    let mut rendered = renderer.render(&resolved)?;
    output::warn(&rendered.warnings);
    let reply = match &origin {
        Some(o) => {
            if let Some(subject) = o.subject() {
                rendered.subject = subject;
            }
            Some(reply_of(o, &resolved, &now, cli.format)?)
        }
        None => None,
    };
    let mut text = Vec::new();
    output::emit(
        &mut text,
        cli.format,
        &renderer,
        &resolved,
        &rendered,
        &now,
        reply.as_ref(),
    )?;
    let text = String::from_utf8(text).expect("rendered text is UTF-8");
    let mailto = cli
        .open
        .then(|| mail::mailto(&resolved, &rendered.subject, &rendered.body, reply.as_ref()));
    let code = deliver(cli, out, &text, mailto.as_deref())?;
    keep_last(answers, &now);
    Ok(code)
}

/// The renderer with the person's own templates, if any, in place.
pub fn renderer() -> Result<Renderer> {
    let dir = files::templates_dir().ok();
    Renderer::with_overrides(dir.as_deref())
}

/// Keeps the answers of a successful run for `--last`, with the interview
/// date written out so that "tomorrow" keeps meaning the same day. Failing to
/// keep them must not fail the run.
fn keep_last(mut answers: Answers, now: &Zoned) {
    answers.pin_dates(now);
    let text = answers.to_toml();
    let kept = files::last_file().and_then(|path| {
        // The same answers again (a script re-running) need no new write.
        let old = files::read_text(
            &path,
            "the last answers",
            Owner::Bowout,
            files::MAX_ANSWERS_FILE,
        )?;
        if old.is_some_and(|old| old == text) {
            return Ok(());
        }
        files::keep_state(&path, text.as_bytes())
    });
    if let Err(e) = kept {
        output::note(&format!(
            "bowout: note: could not keep these answers for --last: {e:#}"
        ));
    }
}

/// Runs the wizard. When the person stops it, the answers so far are kept
/// for `--resume`.
fn wizard(
    answers: Answers,
    now: Zoned,
    resuming: bool,
    origin: Option<invite::Origin>,
    stdin_read: bool,
    last: bool,
) -> Result<ExitCode> {
    if !prompt::has_terminal(stdin_read) {
        return Err(usage!(
            "the wizard needs a terminal, and stdin or stderr is not one; to run without it, \
             pass --no-input with --answers FILE or --set KEY=VALUE (see bowout --help)"
        ));
    }
    prompt::check_size()?;
    if !resuming && files::resume_file().is_ok_and(|p| p.is_file()) {
        output::note(
            "A wizard you stopped earlier is waiting: Ctrl-C now and run `bowout --resume` to \
             pick it up, or carry on to start afresh (finishing replaces it).",
        );
    }
    prompt::catch_ctrl_c();
    let started = answers.clone();
    let mut wizard = prompt::Wizard::new(answers, now.clone(), renderer()?.for_the_wizard())?;
    if let Some(origin) = origin {
        wizard.replying(origin);
    }
    // An email edited by hand comes back with the answers it was kept with.
    let kept_beside = if resuming {
        files::resume_file().ok()
    } else if last {
        files::last_file().ok()
    } else {
        None
    };
    wizard.restoring(kept_beside.as_deref().and_then(prompt::kept_edit));
    let at = now.clone();
    let from = started.clone();
    prompt::stop_on_signals(wizard.shared(), move |kept| {
        keep_for_resume(kept, &from, &at)
    });
    let result = wizard.run(resuming);
    if result.is_err() {
        prompt::wait_if_signalled();
    }
    prompt::restore_terminal();
    let resume = files::resume_file()?;
    match result {
        Ok(end) => {
            let _ = std::fs::remove_file(&resume);
            prompt::keep_edit(&resume, None);
            if end == prompt::End::Done && wizard.answers.resolve(&now).is_ok() {
                keep_last(wizard.answers.clone(), &now);
                if let Ok(last) = files::last_file() {
                    prompt::keep_edit(&last, wizard.kept().edit.as_ref());
                }
            }
            Ok(ExitCode::SUCCESS)
        }
        // Stopped, or stopped by an error: either way the answers so far
        // are kept, so that nothing the person typed is lost.
        Err(e) => {
            keep_for_resume(wizard.kept(), &started, &now);
            Err(e)
        }
    }
}

/// Keeps a stopped wizard's answers for `--resume`, with its dates pinned,
/// and the email as the person edited it, and says so; or says why they
/// could not be kept. Stopping still stops.
fn keep_for_resume(kept: prompt::Kept, started: &Answers, now: &Zoned) {
    let mut answers = kept.answers;
    // Stopped before answering anything: a wizard stopped earlier and still
    // waiting is not replaced by nothing.
    let waiting = files::resume_file().is_ok_and(|p| p.is_file());
    if answers == *started && waiting {
        output::note("\nStopped. The wizard stopped earlier is still waiting: `bowout --resume`.");
        return;
    }
    answers.pin_dates(now);
    let written = files::resume_file().and_then(|path| {
        files::write_atomic(&path, answers.to_toml().as_bytes(), true)?;
        prompt::keep_edit(&path, kept.edit.as_ref());
        Ok(())
    });
    match written {
        Ok(()) => output::note(
            "\nStopped. Your answers are kept: `bowout --resume` picks up where you left off.",
        ),
        Err(e) => output::note(&format!(
            "\nStopped. bowout: warning: your answers could not be kept for --resume: {}",
            answers::visible(&format!("{e:#}"))
        )),
    }
}

/// Copies and prints the output as asked. A copy that fails never loses the
/// email: it is printed instead, and the exit code says the copy failed.
fn deliver(cli: &Cli, out: &mut impl Write, text: &str, mailto: Option<&str>) -> Result<ExitCode> {
    let copy = cli.copy || cli.osc52;
    let mut print = cli.print || !(copy || cli.output.is_some() || cli.open);
    let mut code = ExitCode::SUCCESS;
    match &cli.output {
        // `--output -` is standard output, as for most tools.
        Some(path) if path == Path::new("-") => print = true,
        Some(path) => {
            files::write_atomic(path, text.as_bytes(), cli.force)?;
            output::note(&format!(
                "Wrote {} to {}.",
                cli.format.noun(),
                files::shown(path)
            ));
        }
        None => {}
    }
    if let Some(uri) = mailto {
        output::mailto_warning(uri);
        match handoff::open_mail_client(uri) {
            Ok(()) => output::note("Opened the email in your mail client."),
            Err(e) => {
                output::note(&format!(
                    "bowout: could not open a mail client: {e:#}; here is the mailto: link instead"
                ));
                out.write_all(format!("{uri}\n").as_bytes())?;
                code = ExitCode::FAILURE;
            }
        }
    }
    if copy {
        match handoff::copy(text, cli.osc52) {
            Ok(how) => {
                output::note(&handoff::describe(&how, cli.format.noun(), text));
                // A terminal that ignores OSC 52 would leave the person
                // with nothing: the email is shown too.
                print |= how.unsure();
            }
            Err(e) => {
                output::note(&format!(
                    "bowout: could not copy to the clipboard: {e:#}; here is the email instead"
                ));
                print = true;
                code = ExitCode::FAILURE;
            }
        }
    }
    if print {
        out.write_all(text.as_bytes())?;
        out.flush()?;
    }
    Ok(code)
}

#[cfg(test)]
#[cfg(unix)]
mod tests {
    use super::*;
    use jiff::Timestamp;

    const NEW_YORK: &str = "/usr/share/zoneinfo/America/New_York";

    /// The zone's offset from UTC in hours, on a winter day.
    fn hours(zone: &jiff::tz::TimeZone) -> i32 {
        let winter: Timestamp = "2026-12-01T12:00:00Z".parse().unwrap();
        zone.to_offset(winter).seconds() / 3600
    }

    #[test]
    fn each_kind_of_error_has_its_exit_code() {
        assert_eq!(report(&usage!("bad input")), ExitCode::from(2));
        let deep = usage!("bad input").context("reading the answers");
        assert_eq!(report(&deep), ExitCode::from(2));
        assert_eq!(report(&anyhow::Error::new(Cancelled)), ExitCode::from(130));
        let pipe = anyhow::Error::new(io::Error::from(io::ErrorKind::BrokenPipe));
        assert_eq!(report(&pipe.context("writing")), ExitCode::SUCCESS);
        let other = anyhow::Error::new(io::Error::from(io::ErrorKind::PermissionDenied));
        assert_eq!(report(&other), ExitCode::FAILURE);
        // What each says, were it ever shown under another error.
        assert_eq!(UsageError("bad input".into()).to_string(), "bad input");
        assert_eq!(Cancelled.to_string(), "cancelled");
    }

    #[test]
    fn tz_unset_or_empty_means_the_zone_of_etc_localtime() {
        let dir = tempfile::tempdir().unwrap();
        let link = dir.path().join("localtime");
        std::os::unix::fs::symlink(NEW_YORK, &link).unwrap();
        for tz in [None, Some("")] {
            let zone = zone_of(tz, None, &link).expect("the zone of the link");
            assert_eq!(hours(&zone), -5, "TZ={tz:?}");
            assert_eq!(zone.iana_name(), Some("America/New_York"), "TZ={tz:?}");
        }
        // A copy, not a link, has no name to give: it is the local zone.
        let copy = dir.path().join("copy");
        std::fs::copy(NEW_YORK, &copy).unwrap();
        let zone = zone_of(Some(""), None, &copy).unwrap();
        assert_eq!((hours(&zone), zone.iana_name()), (-5, Some("Local")));
        // No such file: jiff's own lookup decides.
        assert!(zone_of(None, None, &dir.path().join("none")).is_none());
    }

    #[test]
    fn tz_names_a_zone_a_file_or_a_rule_and_anything_else_is_utc() {
        let nowhere = Path::new("/nonexistent/localtime");
        let zone = |tz: &str, dir: Option<&str>| {
            let zone = zone_of(Some(tz), dir.map(std::ffi::OsStr::new), nowhere)
                .expect("TZ set always gives a zone");
            (hours(&zone), zone.iana_name().map(String::from))
        };
        let new_york = (-5, Some("America/New_York".to_string()));
        assert_eq!(zone("America/New_York", None), new_york);
        assert_eq!(zone(":America/New_York", None), new_york);
        assert_eq!(
            zone("America/New_York", Some("/usr/share/zoneinfo")),
            new_york
        );
        assert_eq!(zone(NEW_YORK, None).0, -5);
        assert_eq!(zone(&format!(":{NEW_YORK}"), None).0, -5);
        // A database of its own is where names are looked up.
        let empty = tempfile::tempdir().unwrap();
        let elsewhere = empty.path().to_str().unwrap();
        assert_eq!(zone("America/New_York", Some(elsewhere)).0, 0);
        // A POSIX rule when it names no file.
        assert_eq!(zone("EST5EDT,M3.2.0,M11.1.0", Some(elsewhere)).0, -5);
        // Nothing usable is UTC, as the C library has it; nothing outside
        // the database is read through `..`.
        assert_eq!(zone("/nonexistent/zone", None).0, 0);
        assert_eq!(zone("Not/A_Zone", None).0, 0);
        assert_eq!(zone("../zoneinfo/America/New_York", None).0, 0);
    }
}
