//! `bowout batch`: one email per row of a CSV file whose columns are answer
//! keys, with the shared answers (profile, `--answers`, `--set`) under each
//! row's own. Rows are streamed, twice: once to check every row before
//! anything is written, once to write. Nothing a row holds is kept past its
//! turn, so memory does not grow with the number of rows.

use std::collections::HashSet;
use std::fs::File;
use std::io::{self, BufRead, BufReader, Read, Seek, Write};
use std::path::{Path, PathBuf};
use std::process::{Command, ExitCode, Stdio};
use std::time::{Duration, Instant};

use anyhow::{Context, Result};
use jiff::Zoned;
use serde::Serialize;

use crate::answers::{Answers, Resolved, suggest};
use crate::files::shown;
use crate::render::{Rendered, Renderer};
use crate::usage;

/// The largest row bowout reads: an email's answers are a few KiB.
pub const MAX_ROW: usize = 64 * 1024;

/// Where the emails go.
#[derive(Debug)]
pub enum Sink {
    /// One .eml file a row in this directory.
    Dir { dir: PathBuf, force: bool },
    /// One mbox file holding them all.
    Mbox { path: PathBuf, force: bool },
    /// JSON lines on standard output.
    Json,
    /// Each message handed to a command on its standard input.
    Pipe { command: String, timeout: Duration },
    /// Nothing: the summary alone.
    DryRun,
}

/// What one run is asked to do.
#[derive(Debug)]
pub struct Batch {
    /// The CSV file, or `None` for standard input.
    pub input: Option<PathBuf>,
    pub sink: Sink,
    pub strict: bool,
}

/// A row that cannot become an email, and why.
#[derive(Debug)]
struct Bad {
    row: u64,
    line: u64,
    column: Option<String>,
    reason: String,
}

impl Bad {
    fn said(&self) -> String {
        let column = self
            .column
            .as_deref()
            .map(|c| format!(", column {c}"))
            .unwrap_or_default();
        format!(
            "row {} (line {}){column}: {}",
            self.row, self.line, self.reason
        )
    }
}

/// One row's answers, checked.
struct Made {
    row: u64,
    line: u64,
    resolved: Resolved,
    /// The row's bytes, to know it again in the journal.
    fingerprint: u64,
}

/// The header row: the answer keys, in their columns.
struct Header {
    keys: Vec<&'static str>,
}

/// The input, readable twice: a file is opened again, standard input is
/// kept in an unnamed temporary file.
enum Input {
    File(PathBuf),
    Spooled(File),
}

impl Input {
    fn open(&mut self) -> Result<Box<dyn Read>> {
        match self {
            Input::File(path) => Ok(Box::new(
                File::open(&*path).with_context(|| format!("cannot read {}", shown(path)))?,
            )),
            Input::Spooled(file) => {
                file.rewind()?;
                Ok(Box::new(file.try_clone()?))
            }
        }
    }

    fn name(&self) -> String {
        match self {
            Input::File(path) => shown(path),
            Input::Spooled(_) => "standard input".into(),
        }
    }
}

/// The recipients seen so far, in memory that does not grow with the
/// rows: the first thousand exactly (to name the earlier row), and all of
/// them in a fixed 1 MiB of bits (a Bloom filter with four probes, which at
/// 100,000 recipients takes about one in 40,000 for a repeat it is not).
struct Seen {
    first: std::collections::HashMap<String, u64>,
    bits: Vec<u64>,
}

impl Seen {
    const BITS: u64 = 1 << 23;
    const EXACT: usize = 1000;

    fn new() -> Seen {
        Seen {
            first: std::collections::HashMap::new(),
            bits: vec![0; (Seen::BITS / 64) as usize],
        }
    }

    /// Notes `who` on `row`; when it was seen before, which row (or that
    /// an earlier one did).
    fn again(&mut self, who: &str, row: u64) -> Option<String> {
        if who.is_empty() {
            return None;
        }
        if let Some(first) = self.first.get(who) {
            return Some(format!("as row {first} does"));
        }
        let h1 = fingerprint(who.as_bytes());
        let h2 = h1.rotate_left(32) | 1;
        let mut present = true;
        for i in 0..4u64 {
            let bit = h1.wrapping_add(i.wrapping_mul(h2)) % Seen::BITS;
            let (word, mask) = ((bit / 64) as usize, 1u64 << (bit % 64));
            present &= self.bits[word] & mask != 0;
            self.bits[word] |= mask;
        }
        if self.first.len() < Seen::EXACT {
            self.first.insert(who.to_string(), row);
            // Not among the first thousand, so any earlier sighting was
            // a probe's false match.
            return None;
        }
        present.then(|| "as an earlier row does".to_string())
    }
}

/// FNV-1a: a stable fingerprint of a row, for the journal.
fn fingerprint(bytes: &[u8]) -> u64 {
    bytes.iter().fold(0xcbf2_9ce4_8422_2325, |h, b| {
        (h ^ u64::from(*b)).wrapping_mul(0x0100_0000_01b3)
    })
}

fn reader(input: Box<dyn Read>) -> csv::Reader<Box<dyn Read>> {
    csv::ReaderBuilder::new()
        .has_headers(true)
        .flexible(false)
        .from_reader(input)
}

/// Reads the header row: every column must be an answer key.
fn header(csv: &mut csv::Reader<Box<dyn Read>>, name: &str) -> Result<Header> {
    let headers = csv.headers().map_err(|e| {
        usage!("{name} is not a CSV file bowout can read ({e}); give a CSV file whose first row names the answer keys")
    })?;
    if headers.is_empty() || headers.iter().all(|h| h.trim().is_empty()) {
        return Err(usage!(
            "{name} has no header row; its first row names the answer keys, e.g. \
             situation,reason,recipient,recipient_email,interview_at"
        ));
    }
    let mut keys = Vec::new();
    for (i, h) in headers.iter().enumerate() {
        let h = h.trim();
        match crate::questions::question(h) {
            Some(q) if keys.contains(&q.key) => {
                return Err(usage!(
                    "{name}: the column `{h}` is there twice (columns {} and {}); keep one",
                    keys.iter().position(|k| *k == q.key).unwrap_or(0) + 1,
                    i + 1
                ));
            }
            Some(q) => keys.push(q.key),
            None => {
                return Err(usage!(
                    "{name}: column {} is `{}`, which is not an answer key{}; the columns are \
                     answer keys (bowout keys lists them)",
                    i + 1,
                    crate::answers::echo(h),
                    suggest(h)
                ));
            }
        }
    }
    Ok(Header { keys })
}

/// Reads and checks one row's answers, or says why they cannot make an
/// email. The email itself is rendered only where it is written.
fn make(
    header: &Header,
    record: &csv::ByteRecord,
    shared: &Answers,
    now: &Zoned,
) -> Result<Made, Bad> {
    let position = record.position();
    let line = position.map_or(0, |p| p.line());
    let row = position.map_or(0, |p| p.record());
    let bad = |column: Option<&str>, reason: String| Bad {
        row,
        line,
        column: column.map(String::from),
        reason,
    };
    if record.as_slice().len() > MAX_ROW {
        let (i, longest) = record
            .iter()
            .enumerate()
            .max_by_key(|(_, f)| f.len())
            .unwrap_or((0, b""));
        return Err(bad(
            header.keys.get(i).copied(),
            format!(
                "{} bytes long; a row is at most {} KiB",
                longest.len(),
                MAX_ROW / 1024
            ),
        ));
    }
    let mut own = Answers::default();
    for (i, field) in record.iter().enumerate() {
        let key = header.keys[i];
        let text = std::str::from_utf8(field).map_err(|e| {
            bad(
                Some(key),
                format!(
                    "not UTF-8 text (byte {} is not valid UTF-8); save the file as UTF-8",
                    e.valid_up_to() + 1
                ),
            )
        })?;
        if text.trim().is_empty() {
            continue;
        }
        own.set(key, text)
            .map_err(|e| bad(Some(key), one_line(&format!("{e:#}"))))?;
    }
    let answers = Answers::layered([shared.clone(), own]);
    let resolved = answers.resolve(now).map_err(|e| {
        let said = one_line(&format!("{e:#}"));
        // The column whose value the message quotes, else the key it names.
        let quoted = header
            .keys
            .iter()
            .zip(record.iter())
            .find(|(_, field)| {
                let field = String::from_utf8_lossy(field);
                !field.trim().is_empty() && said.contains(&format!("`{}`", field.trim()))
            })
            .map(|(k, _)| *k);
        let column = quoted
            .or_else(|| {
                header
                    .keys
                    .iter()
                    .chain(crate::questions::QUESTIONS.iter().map(|q| &q.key))
                    .find(|k| said.contains(&format!("`{k}`")) || said.contains(&format!("{k}:")))
                    .copied()
            })
            .or_else(|| named_key(&said));
        bad(column, said)
    })?;
    Ok(Made {
        row,
        line,
        resolved,
        fingerprint: fingerprint(record.as_slice()),
    })
}

/// The first answer key a message names in backticks.
fn named_key(said: &str) -> Option<&'static str> {
    crate::questions::QUESTIONS
        .iter()
        .map(|q| q.key)
        .filter(|k| !k.is_empty())
        .filter_map(|k| said.find(&format!("`{k}`")).map(|at| (at, k)))
        .min()
        .map(|(_, k)| k)
}

/// A message on one line, for a row's report, its advice worded for a
/// batch: an answer goes in its column, or in --set for every row.
fn one_line(text: &str) -> String {
    let mut out = String::new();
    for line in text.lines().map(str::trim).filter(|l| !l.is_empty()) {
        if !out.is_empty() {
            out.push_str(if out.ends_with(':') { " " } else { "; " });
        }
        out.push_str(line);
    }
    out.replace(
        "with --set KEY=VALUE or in the --answers file",
        "in a column, or for every row with --set",
    )
}

/// A file name for a row's message: its number and whom it is for.
fn file_name(made: &Made) -> String {
    let r = &made.resolved;
    let who = [&r.recipient_email, &r.recipient, &r.company]
        .into_iter()
        .find(|s| !s.trim().is_empty())
        .map(|s| s.as_str())
        .unwrap_or("email");
    let mut slug = String::new();
    for c in who.chars() {
        if c.is_ascii_alphanumeric() || c == '@' || c == '.' {
            slug.push(c.to_ascii_lowercase());
        } else if !slug.ends_with('-') {
            slug.push('-');
        }
        if slug.len() >= 48 {
            break;
        }
    }
    format!("{:04}-{}.eml", made.row, slug.trim_matches(['-', '.']))
}

/// Whom a row writes to, to notice the same person twice.
fn recipient(made: &Made) -> String {
    let r = &made.resolved;
    if r.recipient_email.is_empty() {
        r.recipient.to_lowercase()
    } else {
        r.recipient_email.to_lowercase()
    }
}

/// The journal of rows a `--pipe` command has taken: beside the input, one
/// line a row (its number, fingerprint and recipient), appended as each is
/// sent, so that a rerun after a failure sends nothing twice.
fn journal_path(input: &Path) -> PathBuf {
    let mut name = input.file_name().unwrap_or_default().to_os_string();
    name.push(".sent");
    input.with_file_name(name)
}

fn read_journal(path: &Path) -> Result<HashSet<u64>> {
    let file = match File::open(path) {
        Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(HashSet::new()),
        other => other.with_context(|| format!("cannot read the journal {}", shown(path)))?,
    };
    let mut sent = HashSet::new();
    for line in BufReader::new(file).lines() {
        let line = line.with_context(|| format!("cannot read the journal {}", shown(path)))?;
        if let Some(f) = line
            .split('\t')
            .nth(1)
            .and_then(|f| u64::from_str_radix(f, 16).ok())
        {
            sent.insert(f);
        }
    }
    Ok(sent)
}

/// The message as mail programs take it.
fn message(made: &Made, rendered: &Rendered, now: &Zoned) -> Result<String> {
    crate::mail::eml(&made.resolved, &rendered.subject, &rendered.body, now, None)
}

#[derive(Serialize)]
struct JsonLine<'a> {
    row: u64,
    #[serde(flatten)]
    rendered: &'a Rendered,
    /// The whole RFC 5322 message, where both addresses are given.
    message: Option<String>,
}

/// Runs a batch. Returns the exit code: 0 when every row became an email,
/// 1 when some were skipped (or a send failed).
pub fn run(
    batch: &Batch,
    shared: &Answers,
    renderer: &Renderer,
    now: &Zoned,
    out: &mut impl Write,
) -> Result<ExitCode> {
    if matches!(batch.sink, Sink::Pipe { .. }) && batch.input.is_none() {
        return Err(usage!(
            "--pipe needs the CSV as a file, so that the journal of what was sent can live \
             beside it; save it and give its path"
        ));
    }
    let mut input = match &batch.input {
        Some(path) => {
            let meta = std::fs::metadata(path).map_err(|_| {
                usage!(
                    "{} does not exist; give the path of a CSV file",
                    shown(path)
                )
            })?;
            if !meta.is_file() {
                return Err(usage!(
                    "{} is not a regular file; give the path of a CSV file",
                    shown(path)
                ));
            }
            Input::File(path.clone())
        }
        None => {
            let mut spool = tempfile::tempfile().context("cannot keep standard input")?;
            io::copy(&mut io::stdin().lock(), &mut spool).context("cannot read standard input")?;
            Input::Spooled(spool)
        }
    };
    let name = input.name();
    refuse_binary(&mut input, &name)?;
    if let Sink::Dir { dir, .. } = &batch.sink {
        if dir.exists() && !dir.is_dir() {
            return Err(usage!(
                "--output-dir {} is not a folder; give a folder (it is made if missing)",
                shown(dir)
            ));
        }
        std::fs::create_dir_all(dir)
            .with_context(|| format!("cannot make the folder {}", shown(dir)))?;
        sweep(dir);
    }

    // First pass: every row checked, nothing written.
    let mut csv = reader(input.open()?);
    let header = header(&mut csv, &name)?;
    let mut bad: Vec<Bad> = Vec::new();
    let mut good = 0u64;
    let mut seen = Seen::new();
    let mut warnings = Vec::new();
    let mut record = csv::ByteRecord::new();
    loop {
        match csv.read_byte_record(&mut record) {
            Ok(false) => break,
            Ok(true) => match make(&header, &record, shared, now) {
                Ok(made) => {
                    if let Err(b) = writable(&batch.sink, &made) {
                        bad.push(b);
                        continue;
                    }
                    good += 1;
                    let who = recipient(&made);
                    if let Some(earlier) = seen.again(&who, made.row) {
                        warnings.push(format!(
                            "row {} writes to {who} again ({earlier})",
                            made.row
                        ));
                    }
                }
                Err(b) => bad.push(b),
            },
            Err(e) => bad.push(csv_error(&e, &header)?),
        }
    }
    drop(seen);
    crate::output::warn(&warnings);

    let total = good + bad.len() as u64;
    if total == 0 {
        return Err(usage!("{name} has a header row but no rows under it"));
    }
    let write_nothing = matches!(batch.sink, Sink::DryRun) || (batch.strict && !bad.is_empty());
    let mut done = Done::default();
    if !write_nothing {
        done = write(batch, &mut input, &header, shared, renderer, now, out, good)?;
    }
    let summary = summary(batch, &bad, good, &done, write_nothing);
    if matches!(batch.sink, Sink::DryRun) {
        writeln!(out, "{summary}")?;
        out.flush()?;
    } else {
        out.flush()?;
        crate::output::note(&summary);
    }
    Ok(if bad.is_empty() && done.failed.is_none() {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    })
}

/// Refuses a file that is not text before it is read as CSV.
fn refuse_binary(input: &mut Input, name: &str) -> Result<()> {
    let mut head = Vec::new();
    input.open()?.take(8192).read_to_end(&mut head)?;
    if head.contains(&0) {
        return Err(usage!(
            "{name} is a binary file, not CSV; export the spreadsheet as CSV (UTF-8)"
        ));
    }
    if head.iter().all(u8::is_ascii_whitespace) {
        return Err(usage!(
            "{name} is empty; give a CSV file whose first row names the answer keys"
        ));
    }
    Ok(())
}

/// Removes what a killed run left half-written in the output folder.
fn sweep(dir: &Path) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for e in entries.flatten() {
        if e.file_name().to_string_lossy().starts_with(".bowout-part") {
            let _ = std::fs::remove_file(e.path());
        }
    }
}

/// A row that makes an email but cannot go where it is asked to: no
/// addresses for a message, or a file already there.
fn writable(sink: &Sink, made: &Made) -> Result<(), Bad> {
    let bad = |column: Option<&str>, reason: String| Bad {
        row: made.row,
        line: made.line,
        column: column.map(String::from),
        reason,
    };
    let needs_message = matches!(
        sink,
        Sink::Dir { .. } | Sink::Mbox { .. } | Sink::Pipe { .. }
    );
    if needs_message && let Err(e) = crate::mail::addressed(&made.resolved) {
        let said = one_line(&format!("{e:#}")).replace("--format eml", "a message");
        return Err(bad(named_key(&said), said));
    }
    if let Sink::Dir { dir, force: false } = sink {
        let path = dir.join(file_name(made));
        if path.exists() {
            return Err(bad(
                None,
                format!(
                    "{} is already there; give --force to replace it, or another --output-dir",
                    shown(&path)
                ),
            ));
        }
    }
    Ok(())
}

fn csv_error(e: &csv::Error, header: &Header) -> Result<Bad> {
    let position = e.position();
    let row = position.map_or(0, |p| p.record());
    let line = position.map_or(0, |p| p.line());
    match e.kind() {
        csv::ErrorKind::UnequalLengths {
            expected_len, len, ..
        } => Ok(Bad {
            row,
            line,
            column: None,
            reason: format!(
                "{len} fields, where the header has {expected_len} ({}); quote a field that \
                 holds a comma",
                header.keys.join(",")
            ),
        }),
        csv::ErrorKind::Io(err) => Err(anyhow::anyhow!("cannot read the CSV: {err}")),
        _ => Ok(Bad {
            row,
            line,
            column: None,
            reason: one_line(&e.to_string()),
        }),
    }
}

/// What the second pass did.
#[derive(Default)]
struct Done {
    written: u64,
    /// Rows a `--pipe` run found in the journal.
    already_sent: u64,
    /// The row whose send failed, and why: the run stops there.
    failed: Option<(u64, String)>,
}

/// Second pass: the good rows written to the sink.
#[allow(clippy::too_many_arguments)]
fn write(
    batch: &Batch,
    input: &mut Input,
    header: &Header,
    shared: &Answers,
    renderer: &Renderer,
    now: &Zoned,
    out: &mut impl Write,
    good: u64,
) -> Result<Done> {
    let mut done = Done::default();
    let bar = progress(good);
    let mut csv = reader(input.open()?);
    csv.headers()?;
    let mut record = csv::ByteRecord::new();
    let mut mbox = match &batch.sink {
        Sink::Mbox { path, force } => Some(Mbox::create(path, *force)?),
        _ => None,
    };
    let (journal, sent) = match (&batch.sink, &batch.input) {
        (Sink::Pipe { .. }, Some(path)) => {
            let journal = journal_path(path);
            let sent = read_journal(&journal)?;
            (Some(journal), sent)
        }
        _ => (None, HashSet::new()),
    };
    let mut json = io::BufWriter::new(&mut *out);
    loop {
        match csv.read_byte_record(&mut record) {
            Ok(true) => {}
            Ok(false) => break,
            // Told in the first pass, and skipped.
            Err(e) if !matches!(e.kind(), csv::ErrorKind::Io(_)) => continue,
            Err(e) => return Err(anyhow::anyhow!("cannot read the CSV: {e}")),
        }
        let Ok(made) = make(header, &record, shared, now) else {
            continue;
        };
        if writable(&batch.sink, &made).is_err() {
            continue;
        }
        let rendered = match renderer.render(&made.resolved) {
            Ok(r) => r,
            // A template that fails fails for every row alike.
            Err(e) => return Err(e.context(format!("row {}", made.row))),
        };
        match &batch.sink {
            Sink::Dir { dir, .. } => {
                let text = message(&made, &rendered, now)?;
                write_file(&dir.join(file_name(&made)), text.as_bytes())?;
            }
            Sink::Mbox { .. } => {
                let text = message(&made, &rendered, now)?;
                if let Some(m) = mbox.as_mut() {
                    m.add(&made.resolved.sender_email, &text, now)?;
                }
            }
            Sink::Json => {
                let line = JsonLine {
                    row: made.row,
                    rendered: &rendered,
                    message: message(&made, &rendered, now).ok(),
                };
                serde_json::to_writer(&mut json, &line)?;
                json.write_all(b"\n")?;
            }
            Sink::Pipe { command, timeout } => {
                if sent.contains(&made.fingerprint) {
                    done.already_sent += 1;
                    bar.inc(1);
                    continue;
                }
                let text = message(&made, &rendered, now)?;
                if let Err(e) = send(command, &text, *timeout) {
                    done.failed = Some((made.row, e));
                    break;
                }
                if let Some(journal) = &journal {
                    record_sent(journal, &made)?;
                }
            }
            Sink::DryRun => {}
        }
        done.written += 1;
        bar.inc(1);
    }
    json.flush()?;
    drop(json);
    bar.finish_and_clear();
    if let (Some(m), Sink::Mbox { path, .. }) = (mbox, &batch.sink) {
        m.finish(path)?;
    }
    Ok(done)
}

/// A progress bar on a terminal for a long run; nothing anywhere else.
fn progress(total: u64) -> indicatif::ProgressBar {
    if total < 200 || !io::IsTerminal::is_terminal(&io::stderr()) {
        return indicatif::ProgressBar::hidden();
    }
    let bar = indicatif::ProgressBar::new(total);
    if let Ok(style) =
        indicatif::ProgressStyle::with_template("{bar:30} {pos}/{len} emails, {eta} left")
    {
        bar.set_style(style);
    }
    bar
}

/// A hidden temporary file in `dir`, readable as a written file is
/// (the umask decides), for a rename into place.
fn part_file(dir: &Path) -> io::Result<tempfile::NamedTempFile> {
    let mut builder = tempfile::Builder::new();
    builder.prefix(".bowout-part");
    #[cfg(unix)]
    builder.permissions(std::os::unix::fs::PermissionsExt::from_mode(0o666));
    builder.tempfile_in(dir)
}

/// Writes a file whole or not at all: a hidden temporary file in the same
/// folder, renamed into place.
fn write_file(path: &Path, bytes: &[u8]) -> Result<()> {
    let dir = path.parent().unwrap_or(Path::new("."));
    let mut temp = part_file(dir).with_context(|| format!("cannot write in {}", shown(dir)))?;
    temp.write_all(bytes)
        .with_context(|| format!("cannot write {}", shown(path)))?;
    temp.persist(path)
        .map_err(|e| e.error)
        .with_context(|| format!("cannot write {}", shown(path)))?;
    Ok(())
}

/// An mbox file (mboxrd, as mutt and Thunderbird read it), built in a
/// temporary file beside it and put in place whole at the end.
struct Mbox {
    temp: io::BufWriter<tempfile::NamedTempFile>,
}

impl Mbox {
    fn create(path: &Path, force: bool) -> Result<Mbox> {
        if path.is_dir() {
            return Err(usage!(
                "--mbox {} is a folder; give the path of the mbox file to write",
                shown(path)
            ));
        }
        if path.exists() && !force {
            return Err(usage!(
                "{} is already there; give --force to replace it, or another --mbox",
                shown(path)
            ));
        }
        let dir = match path.parent() {
            Some(d) if !d.as_os_str().is_empty() => d,
            _ => Path::new("."),
        };
        let temp = part_file(dir).with_context(|| format!("cannot write in {}", shown(dir)))?;
        Ok(Mbox {
            temp: io::BufWriter::new(temp),
        })
    }

    fn add(&mut self, sender: &str, message: &str, now: &Zoned) -> Result<()> {
        let w = &mut self.temp;
        // The separator line: "From address asctime-date".
        writeln!(
            w,
            "From {} {}",
            if sender.is_empty() {
                "MAILER-DAEMON"
            } else {
                sender
            },
            now.strftime("%a %b %e %H:%M:%S %Y")
        )?;
        for line in message.split("\r\n") {
            // mboxrd: a line starting ">*From " gains one more ">".
            if line.trim_start_matches('>').starts_with("From ") {
                w.write_all(b">")?;
            }
            w.write_all(line.as_bytes())?;
            w.write_all(b"\n")?;
        }
        w.write_all(b"\n")?;
        Ok(())
    }

    fn finish(self, path: &Path) -> Result<()> {
        let temp = self
            .temp
            .into_inner()
            .map_err(|e| e.into_error())
            .with_context(|| format!("cannot write {}", shown(path)))?;
        temp.persist(path)
            .map_err(|e| e.error)
            .with_context(|| format!("cannot write {}", shown(path)))?;
        Ok(())
    }
}

/// Hands one message to the mail command on its standard input. A command
/// that fails, or takes longer than `timeout`, is a failed send.
fn send(command: &str, message: &str, timeout: Duration) -> Result<(), String> {
    let mut cmd = Command::new("sh");
    cmd.args(["-c", command])
        .stdin(Stdio::piped())
        .stdout(Stdio::null());
    // In a group of its own, so that a timeout stops whatever it started.
    #[cfg(unix)]
    std::os::unix::process::CommandExt::process_group(&mut cmd, 0);
    let mut child = cmd
        .spawn()
        .map_err(|e| format!("`{command}` could not start: {e}"))?;
    let mut stdin = child.stdin.take().expect("a piped stdin");
    let bytes = message.as_bytes().to_vec();
    // Written from a thread, so that a command that never reads cannot
    // stop the clock.
    let writer = std::thread::spawn(move || {
        let _ = stdin.write_all(&bytes);
    });
    let started = Instant::now();
    let status = loop {
        match child.try_wait() {
            Ok(Some(status)) => break status,
            Ok(None) if started.elapsed() >= timeout => {
                #[cfg(unix)]
                if let Ok(pid) = i32::try_from(child.id()) {
                    // SAFETY: signals the group this run started, and only it.
                    unsafe {
                        libc::kill(-pid, libc::SIGKILL);
                    }
                }
                let _ = child.kill();
                let _ = child.wait();
                return Err(format!(
                    "`{command}` did not finish within {} seconds (--timeout)",
                    timeout.as_secs()
                ));
            }
            Ok(None) => std::thread::sleep(Duration::from_millis(5)),
            Err(e) => return Err(format!("`{command}`: {e}")),
        }
    };
    let _ = writer.join();
    if status.success() {
        Ok(())
    } else {
        Err(format!("`{command}` failed ({status})"))
    }
}

/// Notes in the journal that a row was sent, on disk before the next.
fn record_sent(journal: &Path, made: &Made) -> Result<()> {
    let mut file = std::fs::OpenOptions::new()
        .create(true)
        .append(true)
        .open(journal)
        .with_context(|| format!("cannot write the journal {}", shown(journal)))?;
    writeln!(
        file,
        "{}\t{:016x}\t{}",
        made.row,
        made.fingerprint,
        recipient(made)
    )?;
    file.sync_data()
        .with_context(|| format!("cannot write the journal {}", shown(journal)))?;
    Ok(())
}

/// What happened, for the person: written, skipped and why.
fn summary(batch: &Batch, bad: &[Bad], good: u64, done: &Done, nothing: bool) -> String {
    let plural = |n: u64, one: &str, many: &str| format!("{n} {}", if n == 1 { one } else { many });
    let mut lines = Vec::new();
    let emails = |n| plural(n, "email", "emails");
    let head = match (&batch.sink, nothing) {
        (Sink::DryRun, _) => format!(
            "{} would be written (dry run: nothing was written)",
            emails(good)
        ),
        (_, true) => format!(
            "nothing was written (--strict): {} of {} rows {} bad",
            bad.len(),
            good + bad.len() as u64,
            if bad.len() == 1 { "is" } else { "are" }
        ),
        (Sink::Dir { dir, .. }, _) => format!("wrote {} to {}", emails(done.written), shown(dir)),
        (Sink::Mbox { path, .. }, _) => {
            format!("wrote {} to {}", emails(done.written), shown(path))
        }
        (Sink::Json, _) => format!("wrote {} as JSON lines", emails(done.written)),
        (Sink::Pipe { command, .. }, _) => {
            let mut s = format!("sent {} through `{command}`", emails(done.written));
            if done.already_sent > 0 {
                s.push_str(&format!(
                    "; {} already sent before (in the journal)",
                    plural(done.already_sent, "row was", "rows were")
                ));
            }
            s
        }
    };
    lines.push(head);
    if let Some((row, why)) = &done.failed {
        lines.push(format!(
            "stopped at row {row}: {why}. Nothing after it was sent; the journal keeps what was, \
             so running the same command again carries on from row {row}"
        ));
    }
    if !bad.is_empty() {
        lines.push(format!(
            "skipped {}:",
            plural(bad.len() as u64, "bad row", "bad rows")
        ));
        for b in bad {
            lines.push(format!("  {}", b.said()));
        }
    }
    lines.join("\n")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_fingerprint_is_stable_and_tells_rows_apart() {
        assert_eq!(fingerprint(b""), 0xcbf2_9ce4_8422_2325);
        assert_eq!(fingerprint(b"a"), 0xaf63_dc4c_8601_ec8c);
        assert_ne!(fingerprint(b"ab"), fingerprint(b"ba"));
    }

    #[test]
    fn a_repeated_recipient_is_noticed_past_the_exact_thousand() {
        let mut seen = Seen::new();
        assert_eq!(seen.again("a@x", 1), None);
        assert_eq!(seen.again("a@x", 2).as_deref(), Some("as row 1 does"));
        assert_eq!(seen.again("", 3), None);
        for i in 0..2000 {
            assert_eq!(seen.again(&format!("c{i}@x"), 10 + i), None, "{i}");
        }
        assert_eq!(
            seen.again("c1500@x", 5000).as_deref(),
            Some("as an earlier row does")
        );
        assert_eq!(seen.again("c10@x", 5001).as_deref(), Some("as row 20 does"));
        assert_eq!(seen.first.len(), Seen::EXACT);
    }

    #[test]
    fn the_journal_lives_beside_the_input() {
        assert_eq!(
            journal_path(Path::new("/tmp/x/filled.csv")),
            PathBuf::from("/tmp/x/filled.csv.sent")
        );
    }

    #[test]
    fn messages_are_one_line() {
        assert_eq!(
            one_line(
                "missing:\n  company: x\n\n give it with --set KEY=VALUE or in the --answers file"
            ),
            "missing: company: x; give it in a column, or for every row with --set"
        );
    }
}
