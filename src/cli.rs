//! The command line: clap definitions only, no behaviour. build.rs includes
//! this file too, to write the shell completions and the manual page.

use std::path::PathBuf;

use clap::{CommandFactory, Parser, Subcommand, ValueEnum};

// Written to read at any width from 60 columns: the help is wrapped to the
// terminal, and a line wrapped there would lose its indent.
const EXAMPLES: &str = "\
Examples:
  Start the wizard:
    bowout
  Write the email from an answers file:
    bowout --no-input --answers cancel.toml
  Give every answer on the command line:
    bowout --no-input --set situation=decline \\
      --set reason=another-offer --set company='Acme & Co' \\
      --set position='Data Analyst' --set sender='Sam Lee' \\
      --set interview_at='next friday 10:00'
  Reply to an invitation in its thread, answering its
  calendar event too:
    bowout --reply-to invitation.eml
    bowout --no-input --reply-to invitation.eml \\
      --set situation=decline --set reason=another-offer \\
      --set company=Acme --format eml | msmtp -t
  List the reasons for cancelling, and every answer key:
    bowout reasons cancel
    bowout keys";

// One paragraph a line, for the help to wrap to the terminal.
const AFTER_ANSWERS: &str = "\
Where answers come from, strongest first: --set, --answers, --resume, the invitation \
(--reply-to, --invite), --last, your profile \
(bowout profile path), then the defaults.

Exit codes: 0 done, 1 failed, 2 bad usage or input, 130 cancelled.";

/// Write the email that cancels, declines or reschedules a job interview,
/// without burning bridges.
///
/// Run with no arguments in a terminal for a step-by-step wizard. Scripts pass
/// every answer with --no-input and --answers or --set.
#[derive(Debug, Parser)]
#[command(name = "bowout", version)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Option<Command>,

    /// Never prompt; fail with exit code 2 naming any missing answer.
    #[arg(long)]
    pub no_input: bool,

    /// Read answers from a TOML file whose keys are the --set keys (- reads
    /// standard input).
    #[arg(long, value_name = "FILE", value_parser = path)]
    pub answers: Option<PathBuf>,

    /// Start from the answers of a wizard that was stopped with Ctrl-C (or a signal).
    #[arg(long)]
    pub resume: bool,

    /// Start from the answers of the last successful run.
    #[arg(long)]
    pub last: bool,

    /// Give one answer, e.g. --set company='Acme & Co'; beats --answers.
    #[arg(long = "set", value_name = "KEY=VALUE")]
    pub set: Vec<String>,

    /// Pretend the time is now DATETIME, e.g. '2026-12-01 09:00'.
    #[arg(long, value_name = "DATETIME")]
    pub now: Option<String>,

    /// What to produce.
    #[arg(long, value_enum, default_value_t = Format::Text)]
    pub format: Format,

    /// Print the output to stdout (the default when nothing else is asked for).
    #[arg(long)]
    pub print: bool,

    /// Copy the output to the clipboard; the copy stays after bowout exits.
    #[arg(long)]
    pub copy: bool,

    /// Copy through the terminal (OSC 52 escape), e.g. over SSH; implies --copy.
    #[arg(long)]
    pub osc52: bool,

    /// Write the output to FILE (- is standard output); an existing file is
    /// replaced only with --force, and never anything but a regular file.
    #[arg(long, value_name = "FILE", value_parser = file_path)]
    pub output: Option<PathBuf>,

    /// Let --output replace an existing file.
    #[arg(long, requires = "output")]
    pub force: bool,

    /// Open the email in your desktop mail client (through a mailto: link).
    #[arg(long)]
    pub open: bool,

    /// Reply to this message (.eml, or an mbox's first; - reads standard
    /// input): whom to answer, the subject and the thread come from it, and
    /// its calendar invitation is answered too.
    #[arg(long, value_name = "FILE", value_parser = path)]
    pub reply_to: Option<PathBuf>,

    /// Answer this calendar invitation (.ics): when the interview is, and
    /// the calendar's answer (--format ics, or inside --format eml).
    #[arg(long, value_name = "FILE.ics", value_parser = path)]
    pub invite: Option<PathBuf>,

    /// Say what was left out while reading the invitation (lines of its
    /// calendar that are not valid iCalendar and that bowout does not need).
    #[arg(long)]
    pub verbose: bool,
}

/// The widest the help is wrapped to, in columns.
pub const HELP_WIDTH: usize = 100;

/// A path as a person types it: a leading `~/` (or `~` alone) is their home
/// directory, as in a shell, also after `=` (`--output=~/y.txt`), where the
/// shell leaves it. `~user` and a `~` anywhere else stay as typed.
pub fn expand_home(typed: &str) -> PathBuf {
    let home = std::env::home_dir;
    match typed.strip_prefix('~') {
        Some("") => home().unwrap_or_else(|| PathBuf::from(typed)),
        Some(rest) if rest.starts_with('/') => home()
            .map(|h| h.join(rest.trim_start_matches('/')))
            .unwrap_or_else(|| PathBuf::from(typed)),
        _ => PathBuf::from(typed),
    }
}

/// Every path bowout takes on its command line, `~/` expanded.
fn path(typed: &str) -> Result<PathBuf, String> {
    Ok(expand_home(typed))
}

/// A path for a file bowout writes: `~/` expanded; one ending in `/` names a
/// folder, which is a mistake here.
fn file_path(typed: &str) -> Result<PathBuf, String> {
    if typed.ends_with(std::path::is_separator) {
        return Err(format!(
            "it ends in /, so it names a folder; give the path of a file (e.g. \
             {typed}email.txt)"
        ));
    }
    path(typed)
}

/// The command line. With `help`, the columns to wrap it to (the
/// terminal's, at most `HELP_WIDTH`), it carries the examples and the list of
/// answer keys read from the table of questions: built only when the help is
/// asked for, since every run parses its command line.
pub fn command(help: Option<usize>) -> clap::Command {
    let cmd = Cli::command().max_term_width(HELP_WIDTH);
    match help {
        // The checks are listed from their table, like the answer keys.
        Some(columns) => cmd
            .mut_subcommand("check", |c| {
                c.after_long_help(format!("{}\n{CHECK_AFTER}", crate::rules::help_section()))
            })
            .after_help(format!(
                "{EXAMPLES}\n\n{}\n{AFTER_ANSWERS}",
                crate::questions::help_section(columns.min(HELP_WIDTH))
            )),
        None => cmd,
    }
}

impl Format {
    /// How to name this output in a sentence: "Copied the body …".
    pub fn noun(self) -> &'static str {
        match self {
            Format::Text => "the email",
            Format::Body => "the body",
            Format::Subject => "the subject",
            Format::Json => "the JSON",
            Format::Phone => "the call script",
            Format::Eml => "the message",
            Format::Mailto => "the mailto link",
            Format::Ics => "the calendar answer",
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum Format {
    /// `Subject: …`, a blank line, then the body.
    Text,
    /// The body alone.
    Body,
    /// The subject line alone.
    Subject,
    /// {subject, body, to, warnings, checklist} as JSON.
    Json,
    /// A short call script for the same situation.
    Phone,
    /// An RFC 5322 message for msmtp -t, mutt -H - or himalaya.
    Eml,
    /// A mailto: link for a desktop mail client.
    Mailto,
    /// The calendar's answer to the invitation (iCalendar, RFC 5546):
    /// needs --invite or --reply-to.
    Ics,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Serves a copy to the clipboard until another program takes it.
    #[command(name = "__serve-clipboard", hide = true)]
    ServeClipboard {
        /// wayland or x11.
        desktop: String,
    },
    /// List the situations bowout writes for.
    Situations,
    /// List every answer key (for --set and the answers file) with what it takes.
    Keys,
    /// List the reason ids for one situation, or for all.
    Reasons {
        /// A situation id, e.g. cancel.
        situation: Option<String>,
    },
    /// Print a shell completion script, e.g. bowout completions bash > /etc/bash_completion.d/bowout
    Completions {
        #[arg(value_enum)]
        shell: Shell,
    },
    /// Print the manual page (roff), e.g. bowout manpage > bowout.1
    Manpage,
    /// One email per row of a CSV file, e.g. to withdraw every invitation
    /// for a filled position.
    #[command(long_about = BATCH_ABOUT, after_long_help = BATCH_AFTER)]
    Batch(BatchArgs),
    /// Check an email you wrote yourself against the advice, like a linter.
    #[command(long_about = CHECK_ABOUT)]
    Check(CheckArgs),
    /// Your profile: defaults for any answer, e.g. your name and signature.
    Profile {
        #[command(subcommand)]
        action: ProfileAction,
    },
    /// The email templates: list them, or export them to make them your own.
    Templates {
        #[command(subcommand)]
        action: TemplatesAction,
    },
}

const BATCH_ABOUT: &str = "\
One email per row of a CSV file, e.g. to withdraw every invitation for a position that has \
been filled, or to withdraw from every other process after accepting an offer.

The first row names the columns, which are answer keys (bowout keys lists them); each row \
below is one email. Answers every row shares come from your profile, --answers and --set, \
and a row's own values win. An empty cell leaves the shared answer.

Every row is checked before anything is written: a bad row is reported with its row number, \
column and reason, and skipped while the others go on (exit 1), unless --strict, which writes \
nothing when any row is bad.";

const BATCH_AFTER: &str = "\
Examples:
  Preview, then write one .eml a row:
    bowout batch filled.csv --set situation=withdraw-invitation \\
      --set reason=position-filled --dry-run
    bowout batch filled.csv --set situation=withdraw-invitation \\
      --set reason=position-filled --output-dir out/
  Send each through your own mail command, safe to run again:
    bowout batch filled.csv --answers shared.toml --pipe 'msmtp -t'

With --pipe, each row is noted in a journal beside the CSV (FILE.csv.sent) before its command \
starts and again when it ends; running the same command again after a failure skips the rows \
already sent. Every row goes out at most once, and none is silently lost: a row whose send was \
cut off (bowout killed, or the command stopped at --timeout) is not sent again without your \
word. The rerun names it; check your Sent folder, then give --resend ROWS or --skip-unsure. \
Ctrl-C, SIGTERM or SIGHUP lets the send under way finish, then stops.

Exit codes: 0 every row written, 1 some rows skipped or a send failed, 2 bad usage or input \
(nothing sent), 130/143/129 stopped by Ctrl-C, SIGTERM or SIGHUP.";

/// Answers given on the command line for a subcommand: the context of
/// `check`, and what every row of a `batch` shares.
#[derive(Debug, clap::Args)]
pub struct Given {
    /// Give one answer, e.g. --set situation=cancel; beats --answers.
    #[arg(long = "set", value_name = "KEY=VALUE")]
    pub set: Vec<String>,

    /// Read answers from a TOML file whose keys are the --set keys.
    #[arg(long, value_name = "FILE", value_parser = path)]
    pub answers: Option<PathBuf>,

    /// Pretend the time is now DATETIME, e.g. '2026-12-01 09:00'.
    #[arg(long, value_name = "DATETIME")]
    pub now: Option<String>,
}

/// `bowout batch`'s arguments.
#[derive(Debug, clap::Args)]
#[command(group(clap::ArgGroup::new("sink").args(["output_dir", "mbox", "format", "pipe"])))]
pub struct BatchArgs {
    /// The CSV file; - reads standard input.
    #[arg(value_name = "FILE.csv", value_parser = path)]
    pub file: PathBuf,

    /// Write one .eml file a row into DIR, named after the row.
    #[arg(long, value_name = "DIR", value_parser = path)]
    pub output_dir: Option<PathBuf>,

    /// Write every message into one mbox FILE (for mutt or Thunderbird).
    #[arg(long, value_name = "FILE", value_parser = file_path)]
    pub mbox: Option<PathBuf>,

    /// Print one JSON object a row on standard output.
    #[arg(long, value_enum, value_name = "FORMAT")]
    pub format: Option<BatchFormat>,

    /// Hand each message to COMMAND on its standard input, e.g. 'msmtp -t'.
    #[arg(long, value_name = "COMMAND")]
    pub pipe: Option<String>,

    /// Seconds to wait for the --pipe command, for each message.
    #[arg(long, value_name = "SECONDS", default_value_t = 60, requires = "pipe")]
    pub timeout: u64,

    /// Print what would be written, and write nothing.
    #[arg(long)]
    pub dry_run: bool,

    /// Write nothing if any row is bad.
    #[arg(long)]
    pub strict: bool,

    /// Replace files already in --output-dir, or the --mbox file.
    #[arg(long)]
    pub force: bool,

    /// Send these rows through --pipe again, e.g. --resend 7 or --resend 3,7: rows a stopped
    /// run may have sent, or rows the journal has as sent. Check your Sent folder first.
    #[arg(long, value_name = "ROWS", value_delimiter = ',', requires = "pipe")]
    pub resend: Vec<u64>,

    /// Leave unsent the rows a stopped --pipe run may have sent (check your Sent folder
    /// first); the journal notes them, and later runs skip them too.
    #[arg(long, requires = "pipe")]
    pub skip_unsure: bool,

    /// The answers every row shares.
    #[command(flatten)]
    pub given: Given,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum BatchFormat {
    /// One object a row: {row, subject, body, to, warnings, checklist, message}.
    Json,
}

const CHECK_ABOUT: &str = "\
Check an email you wrote yourself (or copied, or had a chatbot write) against the advice \
bowout teaches, the way a linter checks code: each finding has its line and column, an id, \
and a suggestion, and the wizard's checklist ends the report.

Tell it what the email is for with --set situation=ID (and --set interview_at=… for the \
notice); without a situation, bowout guesses one from the text and says so.";

const CHECK_AFTER: &str = "\
Examples:
  bowout check draft.txt
  pbpaste | bowout check - --set situation=cancel \\
    --set interview_at='2026-12-04 10:00'
  bowout check reply.eml --format json --deny too-long

Exit codes: 0 nothing at error level, 1 something at error level, 2 bad usage or input.";

/// `bowout check`'s arguments.
#[derive(Debug, clap::Args)]
pub struct CheckArgs {
    /// The draft: plain text (with or without a Subject: line) or an .eml
    /// message; - (or nothing, from a pipe) reads standard input.
    #[arg(value_name = "FILE", value_parser = path)]
    pub file: Option<PathBuf>,

    /// What the draft is for: its situation, the interview's date.
    #[command(flatten)]
    pub given: Given,

    /// Turn a check off (repeat it, or separate ids with commas).
    #[arg(long, value_name = "ID", value_delimiter = ',')]
    pub allow: Vec<String>,

    /// Make a check an error, so that it fails the run.
    #[arg(long, value_name = "ID", value_delimiter = ',')]
    pub deny: Vec<String>,

    /// How to report: lines for people, or JSON for editors and scripts.
    #[arg(long, value_enum, default_value_t = CheckFormat::Human)]
    pub format: CheckFormat,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum CheckFormat {
    /// file:line:column: severity[id]: message; suggestion
    Human,
    /// A JSON array: {id, severity, line, column, message, suggestion} each.
    Json,
}

/// The shells bowout has completions for (written at build time by build.rs).
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum Shell {
    Bash,
    Zsh,
    Fish,
    Powershell,
    Elvish,
}

#[derive(Debug, Subcommand)]
pub enum ProfileAction {
    /// Print the profile.
    Show,
    /// Edit the profile in $EDITOR.
    Edit,
    /// Print where the profile lives.
    Path,
}

#[derive(Debug, Subcommand)]
pub enum TemplatesAction {
    /// One line per template with what it is for.
    List,
    /// Write the built-in templates to DIR. Copy the ones you change to the
    /// templates folder shown by `bowout templates list`; they replace the built-in ones.
    Export {
        /// The folder to write into.
        #[arg(value_parser = path)]
        dir: PathBuf,
        /// Replace files that already exist there.
        #[arg(long)]
        force: bool,
    },
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parsed(args: &[&str]) -> Cli {
        Cli::try_parse_from(std::iter::once("bowout").chain(args.iter().copied())).unwrap()
    }

    #[test]
    fn every_path_on_the_command_line_is_read_with_a_leading_tilde_as_home() {
        let home = std::env::home_dir().unwrap();
        let at = |p: &str| Some(home.join(p));
        let cli = parsed(&[
            "--answers=~/a.toml",
            "--output=~/y.txt",
            "--reply-to=~/r.eml",
            "--invite=~/i.ics",
        ]);
        assert_eq!(cli.answers, at("a.toml"));
        assert_eq!(cli.output, at("y.txt"));
        assert_eq!(cli.reply_to, at("r.eml"));
        assert_eq!(cli.invite, at("i.ics"));
        let batch = |args: &[&str]| match parsed(args).command {
            Some(Command::Batch(b)) => b,
            other => panic!("{other:?}"),
        };
        let b = batch(&[
            "batch",
            "~/rows.csv",
            "--output-dir=~/out",
            "--answers=~/b.toml",
        ]);
        assert_eq!(Some(b.file), at("rows.csv"));
        assert_eq!(b.output_dir, at("out"));
        assert_eq!(b.given.answers, at("b.toml"));
        assert_eq!(batch(&["batch", "-", "--mbox=~/m.mbox"]).mbox, at("m.mbox"));
        match parsed(&["check", "~/draft.txt", "--answers=~/c.toml"]).command {
            Some(Command::Check(c)) => {
                assert_eq!(c.file, at("draft.txt"));
                assert_eq!(c.given.answers, at("c.toml"));
            }
            other => panic!("{other:?}"),
        }
        match parsed(&["templates", "export", "~/t"]).command {
            Some(Command::Templates {
                action: TemplatesAction::Export { dir, .. },
            }) => assert_eq!(Some(dir), at("t")),
            other => panic!("{other:?}"),
        }
        // Only a leading ~/ (or ~ alone) is home; `-` stays standard input.
        assert_eq!(parsed(&["--output=~"]).output, Some(home.clone()));
        assert_eq!(parsed(&["--output=a/~/b"]).output, Some("a/~/b".into()));
        assert_eq!(parsed(&["--output=~user/x"]).output, Some("~user/x".into()));
        assert_eq!(parsed(&["--answers=-"]).answers, Some("-".into()));
    }

    #[test]
    fn a_file_to_write_that_ends_in_a_slash_is_refused() {
        for args in [&["--output=out/"][..], &["batch", "-", "--mbox", "~/m/"]] {
            let err = Cli::try_parse_from(std::iter::once("bowout").chain(args.iter().copied()))
                .unwrap_err();
            assert_eq!(err.exit_code(), 2);
            assert!(err.to_string().contains("ends in /"), "{err}");
        }
        assert_eq!(parsed(&["--output=a/b"]).output, Some("a/b".into()));
    }
}
