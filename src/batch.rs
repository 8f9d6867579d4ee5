//! `bowout batch`: one email per row of a CSV file whose columns are answer
//! keys, with the shared answers (profile, `--answers`, `--set`) under each
//! row's own. Rows are streamed, twice: once to check every row before
//! anything is written, once to write. Nothing a row holds is kept past its
//! turn, and no row is read past 64 KiB, so memory does not grow with the
//! rows or their length. Files are written through `files.rs`, under the
//! rules `--output` keeps. A `--pipe` run notes each row in its journal
//! before its command starts and again when it ends, so that no row is sent
//! twice and none is silently lost.

use std::collections::{BinaryHeap, HashMap};
use std::fs::File;
use std::io::{self, BufRead, BufReader, Read, Seek, SeekFrom, Write};
use std::path::{Path, PathBuf};
use std::process::{Command, ExitCode, Stdio};
use std::sync::atomic::{AtomicI32, Ordering};
use std::time::{Duration, Instant};

use anyhow::{Context, Result};
use jiff::Zoned;
use serde::Serialize;

use crate::answers::{Answers, Resolved, Value, suggest};
use crate::files::{self, Owner, shown};
use crate::render::{Rendered, Renderer};
use crate::usage;

/// The largest row bowout reads: an email's answers are a few KiB.
pub const MAX_ROW: usize = 64 * 1024;

/// The most fields a row is read with; more is a bad row.
const MAX_FIELDS: usize = 1024;

/// The largest `--pipe` journal read: a line a row sent, about a million.
pub const MAX_JOURNAL: u64 = 64 * 1024 * 1024;

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
    /// Rows to send through `--pipe` whatever the journal says of them.
    pub resend: Vec<u64>,
    /// Rows a stopped run may have sent are left unsent, and so noted.
    pub skip_unsure: bool,
}

/// Where a row is: its number among the rows (the header is not one) and
/// the line of the file it starts on. Both passes count alike.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
struct At {
    row: u64,
    line: u64,
}

impl At {
    fn said(self) -> String {
        format!("row {} (line {})", self.row, self.line)
    }
}

/// A row that cannot become an email, and why.
#[derive(Debug)]
struct Bad {
    at: At,
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
        format!("{}{column}: {}", self.at.said(), self.reason)
    }

    /// What kind of trouble it is, whatever the row's own values: the
    /// column, and the reason without quoted values or numbers.
    fn kind(&self) -> String {
        let mut kind = self.column.clone().unwrap_or_default();
        kind.push('|');
        let mut quoted = false;
        for c in self.reason.chars() {
            if c == '`' {
                quoted = !quoted;
            } else if !quoted && !c.is_ascii_digit() {
                kind.push(c);
            }
        }
        kind
    }
}

/// The bad rows, told in full for the first few of each kind and then
/// counted, in memory that does not grow with them.
#[derive(Default)]
struct Skipped {
    told: Vec<Bad>,
    kinds: Vec<Kind>,
    total: u64,
    /// Rows of kinds past the ones kept.
    other: u64,
}

struct Kind {
    key: String,
    told: usize,
    /// The last row told, which the others are like.
    like: u64,
    more: u64,
}

impl Skipped {
    /// Rows told of each kind, and in all.
    const EACH: usize = 3;
    const TOLD: usize = 20;
    const KINDS: usize = 50;

    fn push(&mut self, bad: Bad) {
        self.total += 1;
        let key = bad.kind();
        let i = match self.kinds.iter().position(|k| k.key == key) {
            Some(i) => i,
            None if self.kinds.len() < Skipped::KINDS => {
                self.kinds.push(Kind {
                    key,
                    told: 0,
                    like: 0,
                    more: 0,
                });
                self.kinds.len() - 1
            }
            None => {
                self.other += 1;
                return;
            }
        };
        let kind = &mut self.kinds[i];
        if kind.told < Skipped::EACH && self.told.len() < Skipped::TOLD {
            kind.told += 1;
            kind.like = bad.at.row;
            self.told.push(bad);
        } else {
            kind.more += 1;
        }
    }

    fn is_empty(&self) -> bool {
        self.total == 0
    }

    fn lines(&self) -> Vec<String> {
        let mut lines: Vec<String> = self
            .told
            .iter()
            .map(|b| format!("  {}", b.said()))
            .collect();
        for k in self.kinds.iter().filter(|k| k.more > 0) {
            lines.push(if k.told == 0 {
                format!("  … and {} more bad rows", number(k.more))
            } else {
                format!(
                    "  … and {} more {} like row {}",
                    number(k.more),
                    if k.more == 1 { "row" } else { "rows" },
                    k.like
                )
            });
        }
        if self.other > 0 {
            lines.push(format!(
                "  … and {} more bad {} of other kinds",
                number(self.other),
                if self.other == 1 { "row" } else { "rows" }
            ));
        }
        lines
    }
}

/// `1234567` as `1,234,567`.
fn number(n: u64) -> String {
    let digits = n.to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

/// One row's answers, checked.
struct Made {
    at: At,
    resolved: Resolved,
    /// The row's bytes, to know it again in the journal.
    fingerprint: u64,
}

/// The header row: the answer keys, in their columns.
struct Header {
    keys: Vec<&'static str>,
}

/// The input, readable twice: a file is opened again; standard input, a
/// pipe or a device is kept in an unnamed temporary file.
enum Input {
    File(PathBuf),
    Spooled(File, String),
}

impl Input {
    fn open(&mut self) -> Result<Box<dyn Read>> {
        match self {
            Input::File(path) => Ok(Box::new(
                File::open(&*path).with_context(|| format!("cannot read {}", shown(path)))?,
            )),
            Input::Spooled(file, _) => {
                file.rewind()?;
                Ok(Box::new(file.try_clone()?))
            }
        }
    }

    fn name(&self) -> String {
        match self {
            Input::File(path) => shown(path),
            Input::Spooled(_, name) => name.clone(),
        }
    }
}

/// Keeps what `from` holds in an unnamed temporary file, to read it twice;
/// what starts like a binary file is refused before more is read.
fn spool(mut from: impl Read, name: &str) -> Result<File> {
    let mut head = Vec::new();
    (&mut from)
        .take(HEAD)
        .read_to_end(&mut head)
        .with_context(|| format!("cannot read {name}"))?;
    refuse_binary(&head, name)?;
    let mut spool = tempfile::tempfile().with_context(|| format!("cannot keep {name}"))?;
    spool.write_all(&head)?;
    io::copy(&mut from, &mut spool).with_context(|| format!("cannot read {name}"))?;
    Ok(spool)
}

/// How much of the input is looked at to tell a binary file.
const HEAD: u64 = 8192;

/// One row as read: its fields' bytes one after another, and where each
/// ends. The buffers are kept from row to row.
#[derive(Default)]
struct Row {
    at: At,
    fields: Vec<u8>,
    ends: Vec<usize>,
    len: usize,
}

impl Row {
    fn field(&self, i: usize) -> &[u8] {
        let start = if i == 0 { 0 } else { self.ends[i - 1] };
        &self.fields[start..self.ends[i]]
    }

    fn iter(&self) -> impl Iterator<Item = &[u8]> {
        (0..self.len).map(|i| self.field(i))
    }

    /// The fields' bytes together, as the csv crate's `as_slice` gave them
    /// (so a journal written before still knows its rows).
    fn bytes(&self) -> &[u8] {
        match self.len {
            0 => &[],
            n => &self.fields[..self.ends[n - 1]],
        }
    }
}

/// What reading a row found.
enum Next {
    Row,
    /// A row past `MAX_ROW` bytes or `MAX_FIELDS` fields, read past and not
    /// kept: its longest field (index, bytes) and how many fields it has.
    TooLong {
        at: At,
        longest: (usize, u64),
        fields: usize,
    },
    End,
}

/// The rows of a CSV file, parsed by csv-core into buffers of a bounded
/// size: a row longer than `MAX_ROW` is read past, never held whole.
struct Rows {
    input: BufReader<Box<dyn Read>>,
    core: csv_core::Reader,
    /// Rows read so far, the header being row 0.
    read: u64,
    scratch: Vec<u8>,
    scratch_ends: Vec<usize>,
}

impl Rows {
    fn new(input: Box<dyn Read>) -> Rows {
        Rows {
            input: BufReader::with_capacity(64 * 1024, input),
            core: csv_core::Reader::new(),
            read: 0,
            scratch: vec![0; 8192],
            scratch_ends: vec![0; 256],
        }
    }

    fn next(&mut self, row: &mut Row) -> io::Result<Next> {
        // Blank lines between rows are skipped here, so that a row's line
        // is the one its text starts on.
        loop {
            let buf = self.input.fill_buf()?;
            let all = buf.len();
            let blank = buf
                .iter()
                .take_while(|b| matches!(b, b'\r' | b'\n'))
                .count();
            let newlines = buf[..blank].iter().filter(|b| **b == b'\n').count() as u64;
            self.input.consume(blank);
            self.core.set_line(self.core.line() + newlines);
            if blank < all || all == 0 {
                break;
            }
        }
        let at = At {
            row: self.read,
            line: self.core.line(),
        };
        let (mut out, mut ends) = (0, 0);
        let mut over = false;
        let (mut end, mut fields) = (0usize, 0usize);
        let mut longest = (0usize, 0u64);
        loop {
            if !over && out == row.fields.len() {
                if out > MAX_ROW {
                    over = true;
                } else {
                    row.fields.resize((out * 2).clamp(1024, MAX_ROW + 1), 0);
                }
            }
            if !over && ends == row.ends.len() {
                if ends >= MAX_FIELDS {
                    over = true;
                } else {
                    row.ends.resize((ends * 2).clamp(16, MAX_FIELDS), 0);
                }
            }
            let input = self.input.fill_buf()?;
            let (res, nin, nout, nend) = if over {
                self.core
                    .read_record(input, &mut self.scratch, &mut self.scratch_ends)
            } else {
                self.core
                    .read_record(input, &mut row.fields[out..], &mut row.ends[ends..])
            };
            self.input.consume(nin);
            let new = if over {
                &self.scratch_ends[..nend]
            } else {
                &row.ends[ends..ends + nend]
            };
            for &e in new {
                let len = (e - end) as u64;
                if len > longest.1 {
                    longest = (fields, len);
                }
                end = e;
                fields += 1;
            }
            if !over {
                out += nout;
                ends += nend;
            }
            match res {
                csv_core::ReadRecordResult::InputEmpty
                | csv_core::ReadRecordResult::OutputFull
                | csv_core::ReadRecordResult::OutputEndsFull => {}
                csv_core::ReadRecordResult::Record => {
                    self.read += 1;
                    if over {
                        return Ok(Next::TooLong {
                            at,
                            longest,
                            fields,
                        });
                    }
                    row.at = at;
                    row.len = ends;
                    return Ok(Next::Row);
                }
                csv_core::ReadRecordResult::End => return Ok(Next::End),
            }
        }
    }
}

/// The recipients of the rows, to tell of anyone written to more than once:
/// exact (the addresses themselves are compared), in memory that does not
/// grow with the rows. Recipients are counted in memory up to a bound, then
/// spilled to a temporary file in runs sorted by address; the runs are
/// merged at the end.
#[derive(Default)]
struct Seen {
    recent: HashMap<Box<str>, Sighting>,
    bytes: usize,
    spill: Option<File>,
    /// Each run's start and end in the spill file.
    runs: Vec<(u64, u64)>,
    spilled: u64,
}

/// The rows that write to one address: the first two, and how many.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct Sighting {
    first: u64,
    second: Option<u64>,
    count: u64,
}

impl Sighting {
    fn one(row: u64) -> Sighting {
        Sighting {
            first: row,
            second: None,
            count: 1,
        }
    }

    /// The sightings of one address in two runs, as one.
    fn join(self, other: Sighting) -> Sighting {
        let mut rows = [
            Some(self.first),
            self.second,
            Some(other.first),
            other.second,
        ];
        rows.sort_by_key(|r| r.unwrap_or(u64::MAX));
        Sighting {
            first: rows[0].unwrap_or(self.first),
            second: rows[1],
            count: self.count + other.count,
        }
    }
}

/// An address written to more than once.
#[derive(Debug, PartialEq, Eq, PartialOrd, Ord)]
struct Repeat {
    second: u64,
    first: u64,
    count: u64,
    who: String,
}

/// What `Seen` found: the first few addresses written to more than once (by
/// the row that first writes again), and how many there are in all.
#[derive(Debug, Default)]
struct Repeats {
    first: Vec<Repeat>,
    addresses: u64,
}

impl Repeats {
    const TOLD: usize = 10;

    fn note(&mut self, who: &str, s: Sighting, heap: &mut BinaryHeap<Repeat>) {
        let Some(second) = s.second else {
            return;
        };
        self.addresses += 1;
        if heap.len() < Repeats::TOLD || heap.peek().is_some_and(|r| second < r.second) {
            heap.push(Repeat {
                second,
                first: s.first,
                count: s.count,
                who: who.to_string(),
            });
            if heap.len() > Repeats::TOLD {
                heap.pop();
            }
        }
    }

    fn warnings(&self) -> Vec<String> {
        let mut lines: Vec<String> = self
            .first
            .iter()
            .map(|r| {
                let mut line = format!(
                    "row {} writes to {} again (as row {} does)",
                    r.second, r.who, r.first
                );
                if r.count > 2 {
                    line.push_str(&format!(
                        ", and {} more {} to the same address",
                        number(r.count - 2),
                        if r.count == 3 { "row" } else { "rows" }
                    ));
                }
                line
            })
            .collect();
        let untold = self.addresses - self.first.len() as u64;
        if untold > 0 {
            lines.push(format!(
                "… and {} more {} written to by more than one row",
                number(untold),
                if untold == 1 {
                    "address is"
                } else {
                    "addresses are"
                }
            ));
        }
        lines
    }
}

impl Seen {
    /// Bytes of recipients held in memory before a spill.
    const BOUND: usize = 4 * 1024 * 1024;

    fn note(&mut self, who: &str, row: u64) -> Result<()> {
        if who.is_empty() {
            return Ok(());
        }
        match self.recent.get_mut(who) {
            Some(s) => *s = s.join(Sighting::one(row)),
            None => {
                self.bytes += who.len() + 64;
                self.recent.insert(who.into(), Sighting::one(row));
            }
        }
        if self.bytes > Seen::BOUND {
            self.spill()?;
        }
        Ok(())
    }

    /// Writes the recipients in memory as one sorted run.
    fn spill(&mut self) -> Result<()> {
        let mut recent: Vec<(Box<str>, Sighting)> = self.recent.drain().collect();
        self.bytes = 0;
        if recent.is_empty() {
            return Ok(());
        }
        recent.sort_unstable_by(|a, b| a.0.cmp(&b.0));
        if self.spill.is_none() {
            self.spill = Some(tempfile::tempfile().context("cannot keep the recipients")?);
        }
        let file = self.spill.as_mut().expect("just made");
        let mut w = io::BufWriter::new(file);
        let start = self.spilled;
        for (who, s) in &recent {
            let record = record(who, *s);
            w.write_all(&record)?;
            self.spilled += record.len() as u64;
        }
        w.flush().context("cannot keep the recipients")?;
        self.runs.push((start, self.spilled));
        Ok(())
    }

    /// Every address written to more than once.
    fn repeats(mut self) -> Result<Repeats> {
        let mut repeats = Repeats::default();
        let mut heap = BinaryHeap::new();
        if self.runs.is_empty() {
            for (who, s) in &self.recent {
                repeats.note(who, *s, &mut heap);
            }
        } else {
            self.spill()?;
            let file = self.spill.take().expect("spilled");
            let mut runs: Vec<Run> = self
                .runs
                .iter()
                .map(|&(start, end)| Run {
                    at: start,
                    end,
                    buf: Vec::new(),
                    used: 0,
                })
                .collect();
            // The smallest address of each run, merged in order.
            let mut next: BinaryHeap<std::cmp::Reverse<Packed>> = BinaryHeap::new();
            let mut file = file;
            for (i, run) in runs.iter_mut().enumerate() {
                if let Some((who, s)) = run.next(&mut file)? {
                    next.push(std::cmp::Reverse(packed(who, i, s)));
                }
            }
            let mut current: Option<(String, Sighting)> = None;
            while let Some(std::cmp::Reverse((who, i, first, second, count))) = next.pop() {
                let s = Sighting {
                    first,
                    second: (second != u64::MAX).then_some(second),
                    count,
                };
                current = match current {
                    Some((w, c)) if w == who => Some((w, c.join(s))),
                    Some((w, c)) => {
                        repeats.note(&w, c, &mut heap);
                        Some((who, s))
                    }
                    None => Some((who, s)),
                };
                if let Some((who, s)) = runs[i].next(&mut file)? {
                    next.push(std::cmp::Reverse(packed(who, i, s)));
                }
            }
            if let Some((w, c)) = current {
                repeats.note(&w, c, &mut heap);
            }
        }
        repeats.first = heap.into_sorted_vec();
        Ok(repeats)
    }
}

/// A run's next recipient, as the merge orders them: by address, then run.
type Packed = (String, usize, u64, u64, u64);

fn packed(who: String, run: usize, s: Sighting) -> Packed {
    (who, run, s.first, s.second.unwrap_or(u64::MAX), s.count)
}

/// A recipient as the spill file keeps it: its length, its bytes, and its
/// sighting's three numbers.
fn record(who: &str, s: Sighting) -> Vec<u8> {
    let mut r = Vec::with_capacity(who.len() + 28);
    r.extend_from_slice(&(who.len() as u32).to_le_bytes());
    r.extend_from_slice(who.as_bytes());
    for n in [s.first, s.second.unwrap_or(u64::MAX), s.count] {
        r.extend_from_slice(&n.to_le_bytes());
    }
    r
}

/// One sorted run of the spill file, read in pieces.
struct Run {
    at: u64,
    end: u64,
    buf: Vec<u8>,
    used: usize,
}

impl Run {
    fn fill(&mut self, file: &mut File, need: usize) -> Result<()> {
        if self.buf.len() - self.used >= need {
            return Ok(());
        }
        self.buf.drain(..self.used);
        self.used = 0;
        let want = (64 * 1024).max(need) - self.buf.len();
        let want = want.min((self.end - self.at) as usize);
        let old = self.buf.len();
        self.buf.resize(old + want, 0);
        file.seek(SeekFrom::Start(self.at))?;
        file.read_exact(&mut self.buf[old..])
            .context("cannot read back the recipients")?;
        self.at += want as u64;
        Ok(())
    }

    fn next(&mut self, file: &mut File) -> Result<Option<(String, Sighting)>> {
        if self.buf.len() == self.used && self.at == self.end {
            return Ok(None);
        }
        self.fill(file, 4)?;
        let len = u32::from_le_bytes(self.buf[self.used..self.used + 4].try_into()?) as usize;
        self.fill(file, 4 + len + 24)?;
        let mut at = self.used + 4;
        let who = String::from_utf8_lossy(&self.buf[at..at + len]).into_owned();
        at += len;
        let mut n = [0u64; 3];
        for x in &mut n {
            *x = u64::from_le_bytes(self.buf[at..at + 8].try_into()?);
            at += 8;
        }
        self.used = at;
        Ok(Some((
            who,
            Sighting {
                first: n[0],
                second: (n[1] != u64::MAX).then_some(n[1]),
                count: n[2],
            },
        )))
    }
}

/// FNV-1a: a stable fingerprint of a row, for the journal.
fn fingerprint(bytes: &[u8]) -> u64 {
    bytes.iter().fold(0xcbf2_9ce4_8422_2325, |h, b| {
        (h ^ u64::from(*b)).wrapping_mul(0x0100_0000_01b3)
    })
}

/// Reads the header row: every column must be an answer key.
fn header(rows: &mut Rows, row: &mut Row, name: &str) -> Result<Header> {
    let not_csv = |why: String| {
        usage!(
            "{name} is not a CSV file bowout can read ({why}); give a CSV file whose first row \
             names the answer keys"
        )
    };
    let no_header = || {
        usage!(
            "{name} has no header row; its first row names the answer keys, e.g. \
             situation,reason,recipient,recipient_email,interview_at"
        )
    };
    match rows
        .next(row)
        .with_context(|| format!("cannot read {name}"))?
    {
        Next::Row => {}
        Next::TooLong { .. } => {
            return Err(not_csv(format!(
                "its first row is longer than {} KiB",
                MAX_ROW / 1024
            )));
        }
        Next::End => return Err(no_header()),
    }
    let mut headers = Vec::new();
    for (i, field) in row.iter().enumerate() {
        let h = std::str::from_utf8(field)
            .map_err(|_| not_csv(format!("column {} of its first row is not UTF-8", i + 1)))?;
        headers.push(h.trim().to_string());
    }
    if headers.iter().all(String::is_empty) {
        return Err(no_header());
    }
    let mut keys = Vec::new();
    for (i, h) in headers.iter().enumerate() {
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

/// An answer that no row can have (it is not a column, and the shared
/// answers do not give it) is one usage error, before any row is read, not
/// the same error for every row.
fn lacking_everywhere(header: &Header, shared: &Answers, sink: &Sink, name: &str) -> Result<()> {
    let mut probe = shared.clone();
    for key in &header.keys {
        probe.put(key, Value::Text("x".into()));
    }
    let situation = crate::questions::QUESTIONS
        .iter()
        .find(|q| matches!(q.kind, crate::questions::Kind::Situation))
        .map(|q| q.key);
    let mut lacking = match situation {
        // Each row may name its own situation: what every one would lack.
        Some(key) if header.keys.contains(&key) => {
            let mut common: Option<Vec<&'static str>> = None;
            for s in crate::advice::SITUATIONS {
                probe.put(key, Value::Text(s.id.into()));
                let missing = probe.missing();
                common = Some(match common {
                    None => missing,
                    Some(c) => c.into_iter().filter(|k| missing.contains(k)).collect(),
                });
            }
            common.unwrap_or_default()
        }
        _ => probe.missing(),
    };
    if needs_message(sink) {
        for key in crate::mail::ADDRESS_KEYS {
            if !header.keys.contains(&key)
                && shared.text(key).is_none_or(|t| t.trim().is_empty())
                && !lacking.contains(&key)
            {
                lacking.push(key);
            }
        }
    }
    if lacking.is_empty() {
        return Ok(());
    }
    let one = lacking.len() == 1;
    let listed: Vec<String> = lacking.iter().map(|k| format!("`{k}`")).collect();
    let sets: Vec<String> = lacking.iter().map(|k| format!("--set {k}=…")).collect();
    Err(usage!(
        "every row of {name} lacks {}: {} not a column, and no answer every row shares gives {}. \
         Give {} for every row with {}, or add {} to the file",
        and_list(&listed),
        if one { "it is" } else { "they are" },
        if one { "it" } else { "them" },
        if one { "it" } else { "them" },
        sets.join(" "),
        if one {
            format!("a column {}", lacking[0])
        } else {
            format!("columns {}", lacking.join(","))
        },
    ))
}

/// `a`, `a and b`, `a, b and c`.
fn and_list(items: &[String]) -> String {
    match items {
        [] => String::new(),
        [one] => one.clone(),
        [rest @ .., last] => format!("{} and {last}", rest.join(", ")),
    }
}

/// Whether the sink takes whole messages, which need both addresses.
fn needs_message(sink: &Sink) -> bool {
    matches!(
        sink,
        Sink::Dir { .. } | Sink::Mbox { .. } | Sink::Pipe { .. }
    )
}

/// Reads the next row and checks it: `None` at the end. Both passes read
/// through here, so they number rows alike.
fn next_made(
    rows: &mut Rows,
    row: &mut Row,
    header: &Header,
    shared: &Answers,
    now: &Zoned,
) -> Result<Option<Result<Made, Bad>>> {
    match rows.next(row).context("cannot read the CSV")? {
        Next::End => Ok(None),
        Next::Row => Ok(Some(make(header, row, shared, now))),
        Next::TooLong {
            at,
            longest,
            fields,
        } => Ok(Some(Err(if fields != header.keys.len() {
            unequal(header, at, fields)
        } else {
            Bad {
                at,
                column: header.keys.get(longest.0).map(|k| k.to_string()),
                reason: format!(
                    "{} bytes long; a row is at most {} KiB",
                    longest.1,
                    MAX_ROW / 1024
                ),
            }
        }))),
    }
}

fn unequal(header: &Header, at: At, fields: usize) -> Bad {
    Bad {
        at,
        column: None,
        reason: format!(
            "{fields} fields, where the header has {} ({}); quote a field that holds a comma",
            header.keys.len(),
            header.keys.join(",")
        ),
    }
}

/// Reads and checks one row's answers, or says why they cannot make an
/// email. The email itself is rendered only where it is written.
fn make(header: &Header, row: &Row, shared: &Answers, now: &Zoned) -> Result<Made, Bad> {
    let at = row.at;
    let bad = |column: Option<&str>, reason: String| Bad {
        at,
        column: column.map(String::from),
        reason,
    };
    if row.len != header.keys.len() {
        return Err(unequal(header, at, row.len));
    }
    let mut own = Answers::default();
    for (i, field) in row.iter().enumerate() {
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
            .zip(row.iter())
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
        at,
        resolved,
        fingerprint: fingerprint(row.bytes()),
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
    format!("{:04}-{}.eml", made.at.row, slug.trim_matches(['-', '.']))
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

/// The journal of a `--pipe` run lives beside the input.
fn journal_path(input: &Path) -> PathBuf {
    let mut name = input.file_name().unwrap_or_default().to_os_string();
    name.push(".sent");
    input.with_file_name(name)
}

/// What the journal last says of a row.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum State {
    /// Its command was started, and bowout never learnt how it ended: the
    /// message may have gone.
    Sending,
    Sent,
    /// Its command failed: not sent, and tried again on a rerun.
    Failed,
    /// The person said to leave it (--skip-unsure).
    Skipped,
}

impl State {
    const ALL: [State; 4] = [State::Sending, State::Sent, State::Failed, State::Skipped];

    fn word(self) -> &'static str {
        match self {
            State::Sending => "sending",
            State::Sent => "sent",
            State::Failed => "failed",
            State::Skipped => "skipped",
        }
    }
}

/// The journal of a `--pipe` run, `FILE.csv.sent` beside the CSV: one line
/// a record, `ROW<tab>FINGERPRINT<tab>RECIPIENT<tab>STATE`, written ahead:
/// a row is noted `sending` (on disk) before its command starts, then
/// `sent`, `failed` or `skipped`; the last line on a row wins. A line of
/// three fields, as bowout wrote before, says `sent`. It is bowout's own
/// file: read through the capped reader, a regular file only.
struct Journal {
    path: PathBuf,
    said: HashMap<u64, State>,
    file: Option<File>,
}

impl Journal {
    fn read(path: &Path) -> Result<Journal> {
        let bytes =
            files::read_bytes(path, "the journal", Owner::Bowout, MAX_JOURNAL)?.unwrap_or_default();
        let mut said = HashMap::new();
        for (i, line) in bytes.split(|b| *b == b'\n').enumerate() {
            if line.is_empty() {
                continue;
            }
            let bad = |what: String| {
                usage!(
                    "the journal {} is not one bowout wrote: line {} {what}, so nothing was \
                     sent. If it was edited, put it back as it was; or move it aside to send \
                     every row again (rows it lists as sent would then go out twice)",
                    shown(path),
                    i + 1
                )
            };
            let text = std::str::from_utf8(line).map_err(|_| bad("is not UTF-8 text".into()))?;
            let (fingerprint, state) = journal_line(text).ok_or_else(|| {
                bad(format!(
                    "is `{}`, where bowout writes a row number, a fingerprint, a recipient and \
                     what became of the row",
                    crate::answers::echo(text)
                ))
            })?;
            said.insert(fingerprint, state);
        }
        Ok(Journal {
            path: path.to_path_buf(),
            said,
            file: None,
        })
    }

    /// Notes what became of a row, on disk before it returns.
    fn note(&mut self, made: &Made, state: State) -> Result<()> {
        let path = &self.path;
        let failed = || format!("cannot write the journal {}", shown(path));
        if self.file.is_none() {
            let new = std::fs::symlink_metadata(path).is_err();
            let mut options = std::fs::OpenOptions::new();
            options.create(true).append(true);
            #[cfg(unix)]
            std::os::unix::fs::OpenOptionsExt::custom_flags(&mut options, libc::O_NONBLOCK);
            let file = options.open(path).with_context(failed)?;
            if new {
                // The journal's name, on disk too.
                let dir = match path.parent() {
                    Some(d) if !d.as_os_str().is_empty() => d,
                    _ => Path::new("."),
                };
                let _ = File::open(dir).and_then(|d| d.sync_all());
            }
            self.file = Some(file);
        }
        let file = self.file.as_mut().expect("opened above");
        let who: String = recipient(made)
            .chars()
            .map(|c| if c.is_control() { ' ' } else { c })
            .collect();
        writeln!(
            file,
            "{}\t{:016x}\t{who}\t{}",
            made.at.row,
            made.fingerprint,
            state.word()
        )
        .and_then(|()| file.sync_data())
        .with_context(failed)?;
        Ok(())
    }
}

/// A journal line's fingerprint and state, if it is one.
fn journal_line(line: &str) -> Option<(u64, State)> {
    let fields: Vec<&str> = line.split('\t').collect();
    if !(3..=4).contains(&fields.len()) || fields[0].parse::<u64>().is_err() {
        return None;
    }
    if fields[1].len() != 16 {
        return None;
    }
    let fingerprint = u64::from_str_radix(fields[1], 16).ok()?;
    let state = match fields.get(3) {
        None => State::Sent,
        Some(word) => *State::ALL.iter().find(|s| s.word() == *word)?,
    };
    Some((fingerprint, state))
}

/// The signal that asked a `--pipe` run to stop, or 0.
static STOP: AtomicI32 = AtomicI32::new(0);

/// From here on SIGTERM, SIGHUP and Ctrl-C (SIGINT) stop a `--pipe` run
/// between rows: the handler only notes the signal; the send under way
/// finishes (or times out) and is noted, then bowout says what it did and
/// exits with 128 + the signal's number. The mail command runs in a process
/// group of its own, so a Ctrl-C at the terminal does not cut it off.
fn stop_between_rows() {
    #[cfg(unix)]
    {
        extern "C" fn on_signal(sig: libc::c_int) {
            STOP.store(sig, Ordering::Relaxed);
        }
        for sig in [libc::SIGTERM, libc::SIGHUP, libc::SIGINT] {
            // SAFETY: the handler only stores to an atomic, which is
            // async-signal-safe.
            unsafe {
                libc::signal(sig, on_signal as *const () as libc::sighandler_t);
            }
        }
    }
}

/// The signal's name, as a person knows it.
fn signal_name(sig: i32) -> String {
    #[cfg(unix)]
    {
        match sig {
            libc::SIGTERM => return "SIGTERM".into(),
            libc::SIGHUP => return "SIGHUP".into(),
            libc::SIGINT => return "Ctrl-C (SIGINT)".into(),
            _ => {}
        }
    }
    format!("signal {sig}")
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

/// Opens the CSV the person named: a regular file is read twice where it
/// is; a pipe (`<(command)`) or a device is kept as standard input is.
fn open_input(batch: &Batch) -> Result<Input> {
    let Some(path) = &batch.input else {
        return Ok(Input::Spooled(
            spool(io::stdin().lock(), "standard input")?,
            "standard input".into(),
        ));
    };
    let meta = std::fs::metadata(path).map_err(|_| {
        usage!(
            "{} does not exist; give the path of a CSV file",
            shown(path)
        )
    })?;
    if meta.is_file() {
        return Ok(Input::File(path.clone()));
    }
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt;
        let kind = meta.file_type();
        if kind.is_fifo() || kind.is_char_device() {
            if matches!(batch.sink, Sink::Pipe { .. }) {
                return Err(usage!(
                    "--pipe needs the CSV as a file, so that the journal of what was sent can \
                     live beside it; {} is a pipe or a device: save it to a file and give its path",
                    shown(path)
                ));
            }
            let file = if kind.is_fifo() {
                files::open_pipe(path, "the CSV")?
            } else {
                File::open(path).with_context(|| format!("cannot read {}", shown(path)))?
            };
            let name = shown(path);
            return Ok(Input::Spooled(spool(file, &name)?, name));
        }
    }
    Err(usage!(
        "{} is not a regular file; give the path of a CSV file",
        shown(path)
    ))
}

/// The rows the journal has in flight, which are not sent again without
/// the person's word.
#[derive(Default)]
struct Unsure {
    first: Vec<(At, String)>,
    count: u64,
}

impl Unsure {
    const TOLD: usize = 10;

    fn push(&mut self, at: At, who: String) {
        self.count += 1;
        if self.first.len() < Unsure::TOLD {
            self.first.push((at, who));
        }
    }

    fn refusal(&self, command: &str) -> anyhow::Error {
        let one = self.count == 1;
        let mut listed: Vec<String> = self
            .first
            .iter()
            .map(|(at, who)| format!("{} (to {who}, line {})", at.row, at.line))
            .collect();
        let more = self.count - self.first.len() as u64;
        if more > 0 {
            listed.push(format!("{} more", number(more)));
        }
        let rows: Vec<String> = self
            .first
            .iter()
            .map(|(at, _)| at.row.to_string())
            .collect();
        usage!(
            "{} {} may have been sent: a run was stopped while `{command}` had {}, so nothing \
             was sent this time. Check your Sent folder, then run again with --resend {} to send \
             {} again, or with --skip-unsure to leave {} unsent",
            if one { "row" } else { "rows" },
            and_list(&listed),
            if one { "it" } else { "them" },
            rows.join(","),
            if one { "it" } else { "them" },
            if one { "it" } else { "them" },
        )
    }
}

/// Runs a batch. Returns the exit code: 0 when every row became an email,
/// 1 when some were skipped (or a send failed), 128 + a signal's number
/// when one stopped a `--pipe` run.
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
    let mut input = open_input(batch)?;
    let name = input.name();
    {
        let mut head = Vec::new();
        input.open()?.take(HEAD).read_to_end(&mut head)?;
        refuse_binary(&head, &name)?;
    }
    match &batch.sink {
        Sink::Dir { dir, .. } => {
            if dir.exists() && !dir.is_dir() {
                return Err(usage!(
                    "--output-dir {} is not a folder; give a folder (it is made if missing)",
                    shown(dir)
                ));
            }
            std::fs::create_dir_all(dir)
                .with_context(|| format!("cannot make the folder {}", shown(dir)))?;
            files::sweep_temp_files(dir);
        }
        Sink::Mbox { path, force } => {
            if path.is_dir() {
                return Err(usage!(
                    "--mbox {} is a folder; give the path of the mbox file to write",
                    shown(path)
                ));
            }
            files::replaceable(path)?;
            if std::fs::symlink_metadata(path).is_ok() && !force {
                return Err(usage!(
                    "{} is already there; give --force to replace it, or another --mbox",
                    shown(path)
                ));
            }
        }
        _ => {}
    }
    let mut journal = match (&batch.sink, &batch.input) {
        (Sink::Pipe { .. }, Some(path)) => Some(Journal::read(&journal_path(path))?),
        _ => None,
    };

    let mut rows = Rows::new(input.open()?);
    let mut row = Row::default();
    let header = header(&mut rows, &mut row, &name)?;

    // First pass: every row checked, nothing written.
    let mut bad = Skipped::default();
    let mut good = 0u64;
    let mut seen = Seen::default();
    let mut unsure = Unsure::default();
    while let Some(made) = next_made(&mut rows, &mut row, &header, shared, now)? {
        if good + bad.total == 0 {
            // Once there is a row (a file of a header alone is told so).
            lacking_everywhere(&header, shared, &batch.sink, &name)?;
        }
        // Only a regular file is ever replaced, --force or not: anything
        // else where a message would go stops the run before it writes.
        if let (Ok(m), Sink::Dir { dir, .. }) = (&made, &batch.sink) {
            files::replaceable(&dir.join(file_name(m)))?;
        }
        let made = match made.and_then(|m| writable(&batch.sink, &m).map(|()| m)) {
            Ok(m) => m,
            Err(b) => {
                bad.push(b);
                continue;
            }
        };
        if let Some(j) = &journal
            && j.said.get(&made.fingerprint) == Some(&State::Sending)
            && !batch.skip_unsure
            && !batch.resend.contains(&made.at.row)
        {
            unsure.push(made.at, recipient(&made));
        }
        good += 1;
        seen.note(&recipient(&made), made.at.row)?;
    }
    crate::output::warn(&seen.repeats()?.warnings());

    let total = good + bad.total;
    if total == 0 {
        return Err(usage!("{name} has a header row but no rows under it"));
    }
    if let Some(r) = batch.resend.iter().find(|r| **r == 0 || **r > total) {
        return Err(usage!(
            "--resend {r}: {name} has {} (numbered from 1, the header not counted)",
            if total == 1 {
                "1 row".to_string()
            } else {
                format!("{} rows", number(total))
            }
        ));
    }
    if let Sink::Pipe { command, .. } = &batch.sink
        && unsure.count > 0
    {
        return Err(unsure.refusal(command));
    }
    let write_nothing = matches!(batch.sink, Sink::DryRun) || (batch.strict && !bad.is_empty());
    let mut done = Done::default();
    if !write_nothing {
        if journal.is_some() {
            stop_between_rows();
        }
        let pass = Pass {
            batch,
            header: &header,
            shared,
            renderer,
            now,
        };
        done = pass.write(&mut input, journal.as_mut(), out, good)?;
    }
    let summary = summary(batch, &bad, good, &done, write_nothing);
    if matches!(batch.sink, Sink::DryRun) {
        writeln!(out, "{summary}")?;
        out.flush()?;
    } else {
        out.flush()?;
        crate::output::note(&summary);
    }
    Ok(if let Some(sig) = done.stopped {
        ExitCode::from(u8::try_from(128 + sig).unwrap_or(1))
    } else if bad.is_empty() && done.failed.is_none() {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    })
}

/// Refuses what is not text before it is read as CSV: `head` is its start.
fn refuse_binary(head: &[u8], name: &str) -> Result<()> {
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

/// A row that makes an email but cannot go where it is asked to: no
/// addresses for a message, or a file already there.
fn writable(sink: &Sink, made: &Made) -> Result<(), Bad> {
    let bad = |column: Option<&str>, reason: String| Bad {
        at: made.at,
        column: column.map(String::from),
        reason,
    };
    if needs_message(sink)
        && let Err(e) = crate::mail::addressed(&made.resolved)
    {
        let said = one_line(&format!("{e:#}")).replace("--format eml", "a message");
        return Err(bad(named_key(&said), said));
    }
    if let Sink::Dir { dir, force: false } = sink {
        let path = dir.join(file_name(made));
        if std::fs::symlink_metadata(&path).is_ok() {
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

/// What the second pass did.
#[derive(Default)]
struct Done {
    written: u64,
    /// Rows a `--pipe` run found in the journal.
    already_sent: u64,
    /// Rows a stopped run may have sent, left unsent (--skip-unsure).
    left_unsure: u64,
    /// The row whose send failed, and why: the run stops there.
    failed: Option<(At, String)>,
    /// Whether that send may have gone all the same (its command was
    /// stopped at the timeout).
    may_have_gone: bool,
    /// The last row handed to the mail command.
    last: Option<At>,
    /// The signal that stopped the run.
    stopped: Option<i32>,
}

/// What both the second pass and its rows need.
struct Pass<'a> {
    batch: &'a Batch,
    header: &'a Header,
    shared: &'a Answers,
    renderer: &'a Renderer,
    now: &'a Zoned,
}

impl Pass<'_> {
    /// Second pass: the good rows written to the sink.
    fn write(
        &self,
        input: &mut Input,
        mut journal: Option<&mut Journal>,
        out: &mut impl Write,
        good: u64,
    ) -> Result<Done> {
        let (batch, now) = (self.batch, self.now);
        let mut done = Done::default();
        let bar = progress(good);
        let mut rows = Rows::new(input.open()?);
        let mut row = Row::default();
        rows.next(&mut row).context("cannot read the CSV")?;
        let mut mbox = match &batch.sink {
            Sink::Mbox { path, .. } => Some(Mbox::create(path)?),
            _ => None,
        };
        let mut json = io::BufWriter::new(&mut *out);
        while let Some(made) = next_made(&mut rows, &mut row, self.header, self.shared, now)? {
            // Bad rows were told in the first pass, and are skipped.
            let Ok(made) = made else {
                continue;
            };
            if writable(&batch.sink, &made).is_err() {
                continue;
            }
            let rendered = match self.renderer.render(&made.resolved) {
                Ok(r) => r,
                // A template that fails fails for every row alike.
                Err(e) => return Err(e.context(made.at.said())),
            };
            match &batch.sink {
                Sink::Dir { dir, force } => {
                    let text = message(&made, &rendered, now)?;
                    // Each file is whole or absent; the folder is flushed
                    // once at the end rather than once a file.
                    files::write_whole(&dir.join(file_name(&made)), text.as_bytes(), *force)?;
                }
                Sink::Mbox { .. } => {
                    let text = message(&made, &rendered, now)?;
                    if let Some(m) = mbox.as_mut() {
                        m.add(&made.resolved.sender_email, &text, now)?;
                    }
                }
                Sink::Json => {
                    let line = JsonLine {
                        row: made.at.row,
                        rendered: &rendered,
                        message: message(&made, &rendered, now).ok(),
                    };
                    serde_json::to_writer(&mut json, &line)?;
                    json.write_all(b"\n")?;
                }
                Sink::Pipe { command, timeout } => {
                    let Some(journal) = journal.as_deref_mut() else {
                        continue;
                    };
                    let resend = batch.resend.contains(&made.at.row);
                    match journal.said.get(&made.fingerprint) {
                        Some(State::Sent | State::Skipped) if !resend => {
                            done.already_sent += 1;
                            bar.inc(1);
                            continue;
                        }
                        Some(State::Sending) if !resend => {
                            // Only with --skip-unsure does the run get here.
                            journal.note(&made, State::Skipped)?;
                            done.left_unsure += 1;
                            bar.inc(1);
                            continue;
                        }
                        _ => {}
                    }
                    if STOP.load(Ordering::Relaxed) != 0 {
                        break;
                    }
                    let text = message(&made, &rendered, now)?;
                    journal.note(&made, State::Sending)?;
                    done.last = Some(made.at);
                    match send(command, &text, *timeout) {
                        Sent::Yes => journal.note(&made, State::Sent)?,
                        Sent::No(why) => {
                            journal.note(&made, State::Failed)?;
                            done.failed = Some((made.at, why));
                            break;
                        }
                        // Left `sending` in the journal: a rerun asks.
                        Sent::Unsure(why) => {
                            done.failed = Some((made.at, why));
                            done.may_have_gone = true;
                            break;
                        }
                    }
                }
                Sink::DryRun => {}
            }
            done.written += 1;
            bar.inc(1);
        }
        let sig = STOP.load(Ordering::Relaxed);
        if sig != 0 {
            done.stopped = Some(sig);
        }
        json.flush()?;
        drop(json);
        bar.finish_and_clear();
        if let (Some(m), Sink::Mbox { path, force }) = (mbox, &batch.sink) {
            m.finish(path, *force)?;
        }
        if let Sink::Dir { dir, .. } = &batch.sink {
            files::flush_folder(dir)?;
        }
        Ok(done)
    }
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

/// An mbox file (mboxrd, as mutt and Thunderbird read it), built in an
/// unnamed temporary file (nothing is left behind if bowout is killed) and
/// put in place whole at the end by `files::write_atomic_from`, under the
/// rules every file bowout writes keeps.
struct Mbox {
    temp: io::BufWriter<File>,
}

impl Mbox {
    fn create(path: &Path) -> Result<Mbox> {
        let dir = match path.parent() {
            Some(d) if !d.as_os_str().is_empty() => d,
            _ => Path::new("."),
        };
        let temp = tempfile::tempfile_in(dir)
            .or_else(|_| tempfile::tempfile())
            .with_context(|| format!("cannot write in {}", shown(dir)))?;
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

    fn finish(self, path: &Path, force: bool) -> Result<()> {
        let mut temp = self
            .temp
            .into_inner()
            .map_err(|e| e.into_error())
            .with_context(|| format!("cannot write {}", shown(path)))?;
        temp.rewind()
            .with_context(|| format!("cannot write {}", shown(path)))?;
        files::write_atomic_from(path, BufReader::new(temp), force)
    }
}

/// What became of a send.
#[derive(Debug, PartialEq, Eq)]
enum Sent {
    Yes,
    /// The command failed, or could not start: nothing was sent.
    No(String),
    /// The command was stopped at the timeout: it may have sent.
    Unsure(String),
}

/// Hands one message to the mail command on its standard input. A command
/// that fails is a failed send; one that takes longer than `timeout` is
/// stopped, and may have sent.
fn send(command: &str, message: &str, timeout: Duration) -> Sent {
    let mut cmd = Command::new("sh");
    cmd.args(["-c", command])
        .stdin(Stdio::piped())
        .stdout(Stdio::null());
    // In a group of its own, so that a timeout stops whatever it started,
    // and a Ctrl-C at the terminal does not cut a send in half.
    #[cfg(unix)]
    std::os::unix::process::CommandExt::process_group(&mut cmd, 0);
    let mut child = match cmd.spawn() {
        Ok(child) => child,
        Err(e) => return Sent::No(format!("`{command}` could not start: {e}")),
    };
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
                return Sent::Unsure(format!(
                    "`{command}` did not finish within {} seconds (--timeout), and was stopped",
                    timeout.as_secs()
                ));
            }
            Ok(None) => std::thread::sleep(Duration::from_millis(5)),
            Err(e) => return Sent::Unsure(format!("`{command}`: {e}")),
        }
    };
    let _ = writer.join();
    if status.success() {
        Sent::Yes
    } else {
        Sent::No(format!("`{command}` failed ({status})"))
    }
}

/// What happened, for the person: written, skipped and why.
fn summary(batch: &Batch, bad: &Skipped, good: u64, done: &Done, nothing: bool) -> String {
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
            bad.total,
            good + bad.total,
            if bad.total == 1 { "is" } else { "are" }
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
            if done.left_unsure > 0 {
                s.push_str(&format!(
                    "; {} that a stopped run may have sent left unsent (--skip-unsure)",
                    plural(done.left_unsure, "row", "rows")
                ));
            }
            s
        }
    };
    lines.push(head);
    if let Some(sig) = done.stopped {
        lines.push(match done.last {
            Some(at) => format!(
                "stopped by {}: the send under way (row {}) was let finish and noted in the \
                 journal, and no row after it was started. Running the same command again \
                 carries on",
                signal_name(sig),
                at.row
            ),
            None => format!(
                "stopped by {} before any row was sent. Running the same command again carries on",
                signal_name(sig)
            ),
        });
    }
    if let Some((at, why)) = &done.failed {
        let row = at.row;
        lines.push(if done.may_have_gone {
            format!(
                "stopped at row {row}: {why}, so it may have been sent. Nothing after it was \
                 sent. Check your Sent folder, then run the same command again with --resend \
                 {row} to send it again, or with --skip-unsure to leave it unsent"
            )
        } else {
            format!(
                "stopped at row {row}: {why}. Nothing after it was sent; the journal keeps what \
                 was, so running the same command again carries on from row {row}"
            )
        });
    }
    if !bad.is_empty() {
        lines.push(format!(
            "skipped {}:",
            plural(bad.total, "bad row", "bad rows")
        ));
        lines.extend(bad.lines());
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

    fn repeats(rows: impl IntoIterator<Item = (String, u64)>, bound_spills: bool) -> Repeats {
        let mut seen = Seen::default();
        for (who, row) in rows {
            seen.note(&who, row).unwrap();
            if bound_spills && row % 7 == 0 {
                seen.spill().unwrap();
            }
        }
        seen.repeats().unwrap()
    }

    #[test]
    fn repeated_recipients_are_found_exactly_in_memory_and_across_spills() {
        for spills in [false, true] {
            let rows = (1..=5000u64).map(|i| {
                // c7 again at row 4000; c1 three times more; no other repeats.
                let who = match i {
                    4000 => "c7@x".to_string(),
                    4500 | 4600 | 4700 => "c1@x".to_string(),
                    _ => format!("c{i}@x"),
                };
                (who, i)
            });
            let r = repeats(rows, spills);
            assert_eq!(r.addresses, 2, "{r:?}");
            assert_eq!(
                r.warnings(),
                [
                    "row 4000 writes to c7@x again (as row 7 does)",
                    "row 4500 writes to c1@x again (as row 1 does), and 2 more rows to the same address"
                ]
            );
        }
    }

    #[test]
    fn three_hundred_thousand_unique_recipients_raise_no_warning() {
        let mut seen = Seen::default();
        for i in 1..=300_000u64 {
            seen.note(&format!("candidate{i}@example.com"), i).unwrap();
        }
        assert!(
            seen.runs.len() > 1,
            "spilled to disk, {} runs",
            seen.runs.len()
        );
        assert!(seen.recent.len() < 300_000);
        let r = seen.repeats().unwrap();
        assert_eq!(r.addresses, 0);
        assert!(r.warnings().is_empty());
    }

    #[test]
    fn many_repeated_addresses_are_told_a_few_then_counted() {
        let rows = (1..=100u64).map(|i| (format!("c{}@x", i % 30), i));
        let r = repeats(rows, true);
        assert_eq!(r.addresses, 30);
        let w = r.warnings();
        assert_eq!(w.len(), Repeats::TOLD + 1);
        assert_eq!(
            w[0],
            "row 31 writes to c1@x again (as row 1 does), and 2 more rows to the same address"
        );
        assert_eq!(
            w[Repeats::TOLD],
            "… and 20 more addresses are written to by more than one row"
        );
    }

    #[test]
    fn one_address_on_every_row_is_one_entry_and_one_line() {
        let mut seen = Seen::default();
        for i in 1..=100_000u64 {
            seen.note("same@x", i).unwrap();
        }
        assert_eq!(seen.recent.len(), 1);
        assert!(seen.runs.is_empty());
        assert_eq!(
            seen.repeats().unwrap().warnings(),
            [
                "row 2 writes to same@x again (as row 1 does), and 99,998 more rows to the same address"
            ]
        );
    }

    #[test]
    fn sightings_join_keeping_the_first_two_rows() {
        let a = Sighting {
            first: 5,
            second: Some(9),
            count: 4,
        };
        let b = Sighting {
            first: 2,
            second: None,
            count: 1,
        };
        assert_eq!(
            a.join(b),
            Sighting {
                first: 2,
                second: Some(5),
                count: 5
            }
        );
        assert_eq!(
            b.join(Sighting::one(3)),
            Sighting {
                first: 2,
                second: Some(3),
                count: 2
            }
        );
    }

    #[test]
    fn numbers_have_thousands_separators() {
        assert_eq!(number(0), "0");
        assert_eq!(number(999), "999");
        assert_eq!(number(1000), "1,000");
        assert_eq!(number(999_998), "999,998");
        assert_eq!(number(1_234_567), "1,234,567");
    }

    #[test]
    fn bad_rows_of_one_kind_are_told_a_few_times_then_counted() {
        let mut s = Skipped::default();
        for row in 1..=1000 {
            s.push(Bad {
                at: At { row, line: row + 1 },
                column: Some("when".into()),
                reason: format!("`day {row}` is not a date"),
            });
        }
        s.push(Bad {
            at: At {
                row: 1001,
                line: 1002,
            },
            column: None,
            reason: "3 fields, where the header has 2".into(),
        });
        assert_eq!(s.total, 1001);
        assert_eq!(
            s.lines(),
            [
                "  row 1 (line 2), column when: `day 1` is not a date",
                "  row 2 (line 3), column when: `day 2` is not a date",
                "  row 3 (line 4), column when: `day 3` is not a date",
                "  row 1001 (line 1002): 3 fields, where the header has 2",
                "  … and 997 more rows like row 3",
            ]
        );
    }

    #[test]
    fn kinds_past_the_bound_are_counted_together() {
        let mut s = Skipped::default();
        for row in 1..=200u64 {
            s.push(Bad {
                at: At { row, line: row + 1 },
                column: Some(format!("c{}", row % 100)),
                reason: "bad".into(),
            });
        }
        assert_eq!(s.told.len(), Skipped::TOLD);
        assert_eq!(s.kinds.len(), Skipped::KINDS);
        assert_eq!(s.other, 100);
        assert!(
            s.lines()
                .last()
                .unwrap()
                .contains("100 more bad rows of other kinds")
        );
    }

    #[test]
    fn the_journal_lives_beside_the_input() {
        assert_eq!(
            journal_path(Path::new("/tmp/x/filled.csv")),
            PathBuf::from("/tmp/x/filled.csv.sent")
        );
    }

    #[test]
    fn journal_lines_old_and_new_are_read_and_others_are_not() {
        assert_eq!(
            journal_line("3\t00000000000000ff\tc3@x"),
            Some((255, State::Sent))
        );
        for s in State::ALL {
            assert_eq!(
                journal_line(&format!("3\t00000000000000ff\tc3@x\t{}", s.word())),
                Some((255, s))
            );
        }
        for bad in [
            "",
            "3\t00000000000000ff",
            "x\t00000000000000ff\tc3@x",
            "3\tff\tc3@x",
            "3\t00000000000000fg\tc3@x",
            "3\t00000000000000ff\tc3@x\tmaybe",
            "3\t00000000000000ff\tc3@x\tsent\textra",
        ] {
            assert_eq!(journal_line(bad), None, "{bad:?}");
        }
    }

    type Read1 = Result<(At, Vec<String>), (At, (usize, u64), usize)>;

    fn read_all(text: &[u8]) -> Vec<Read1> {
        let mut rows = Rows::new(Box::new(std::io::Cursor::new(text.to_vec())));
        let mut row = Row::default();
        let mut out = Vec::new();
        loop {
            match rows.next(&mut row).unwrap() {
                Next::End => return out,
                Next::Row => out.push(Ok((
                    row.at,
                    row.iter()
                        .map(|f| String::from_utf8_lossy(f).into_owned())
                        .collect(),
                ))),
                Next::TooLong {
                    at,
                    longest,
                    fields,
                } => out.push(Err((at, longest, fields))),
            }
        }
    }

    #[test]
    fn rows_are_numbered_by_the_line_they_start_on() {
        let rows = read_all(b"\xef\xbb\xbfa,b\r\n1,\"x\ny\"\r\n\r\n\n2,\"q\"\"\"\n3,z");
        let at = |row, line| At { row, line };
        assert_eq!(
            rows.into_iter().map(Result::unwrap).collect::<Vec<_>>(),
            [
                (at(0, 1), vec!["a".into(), "b".into()]),
                (at(1, 2), vec!["1".into(), "x\ny".into()]),
                (at(2, 6), vec!["2".into(), "q\"".into()]),
                (at(3, 7), vec!["3".into(), "z".into()]),
            ]
        );
    }

    #[test]
    fn a_row_past_the_limit_is_read_past_and_the_next_row_is_whole() {
        let mut text = b"a,b\n".to_vec();
        text.extend_from_slice(b"1,");
        text.extend(std::iter::repeat_n(b'x', MAX_ROW + 1));
        text.extend_from_slice(b"\n2,y\n");
        text.extend_from_slice(b"3,");
        text.extend(std::iter::repeat_n(b'z', MAX_ROW - 2));
        text.extend_from_slice(b"\n");
        let mut many = b"4".to_vec();
        many.extend(std::iter::repeat_n(&b",4"[..], MAX_FIELDS).flatten());
        text.extend_from_slice(&many);
        text.extend_from_slice(b"\n5,w\n");
        let rows = read_all(&text);
        assert_eq!(rows.len(), 6);
        assert_eq!(
            rows[1].as_ref().unwrap_err(),
            &(At { row: 1, line: 2 }, (1, MAX_ROW as u64 + 1), 2)
        );
        assert_eq!(rows[2].as_ref().unwrap().1, ["2", "y"]);
        assert_eq!(rows[3].as_ref().unwrap().1[1].len(), MAX_ROW - 2);
        assert_eq!(
            rows[4].as_ref().unwrap_err(),
            &(At { row: 4, line: 5 }, (0, 1), MAX_FIELDS + 1)
        );
        assert_eq!(
            rows[5].as_ref().unwrap(),
            &(At { row: 5, line: 6 }, vec!["5".into(), "w".into()])
        );
    }

    #[test]
    fn the_kind_of_a_bad_row_leaves_out_quoted_values_and_numbers() {
        let bad = |column: Option<&str>, reason: &str| Bad {
            at: At::default(),
            column: column.map(String::from),
            reason: reason.into(),
        };
        let kind = |column, reason| bad(column, reason).kind();
        assert_eq!(
            kind(Some("when"), "`someday` is not a date"),
            "when| is not a date"
        );
        assert_eq!(
            kind(Some("when"), "`soon 2` is not a date"),
            kind(Some("when"), "`someday` is not a date")
        );
        assert_eq!(kind(None, "10485760 bytes long"), "| bytes long");
        assert_ne!(kind(Some("a"), "x"), kind(Some("b"), "x"));
    }

    /// A reader that hands over one byte at a time, as a slow pipe may.
    struct Trickle(std::io::Cursor<Vec<u8>>);

    impl Read for Trickle {
        fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
            let n = buf.len().min(1);
            self.0.read(&mut buf[..n])
        }
    }

    #[test]
    fn rows_read_a_byte_at_a_time_are_numbered_alike() {
        let text = b"a,b\n\n\n1,2\r\n\r\n\"x\ny\",3\n\n4,5".to_vec();
        let whole = read_all(&text);
        let mut rows = Rows::new(Box::new(Trickle(std::io::Cursor::new(text))));
        let mut row = Row::default();
        let mut trickled = Vec::new();
        while let Next::Row = rows.next(&mut row).unwrap() {
            trickled.push(row.at);
        }
        let at = |row, line| At { row, line };
        assert_eq!(trickled, [at(0, 1), at(1, 4), at(2, 6), at(3, 9)]);
        assert_eq!(
            whole
                .iter()
                .map(|r| r.as_ref().unwrap().0)
                .collect::<Vec<_>>(),
            trickled
        );
    }

    #[test]
    fn a_row_of_exactly_the_limit_is_kept() {
        let mut text = b"a,b\n1,".to_vec();
        text.extend(std::iter::repeat_n(b'z', MAX_ROW - 1));
        text.extend_from_slice(b"\n2,");
        text.extend(std::iter::repeat_n(b'z', MAX_ROW));
        text.extend_from_slice(b"\n");
        let rows = read_all(&text);
        assert_eq!(rows[1].as_ref().unwrap().1[1].len(), MAX_ROW - 1);
        assert_eq!(
            rows[2].as_ref().unwrap_err(),
            &(At { row: 2, line: 3 }, (1, MAX_ROW as u64), 2)
        );
    }

    #[test]
    fn many_rows_in_flight_are_listed_ten_then_counted() {
        let mut unsure = Unsure::default();
        unsure.push(At { row: 7, line: 8 }, "c7@x".into());
        let one = unsure.refusal("msmtp -t").to_string();
        assert!(
            one.starts_with("row 7 (to c7@x, line 8) may have been sent: a run was stopped while `msmtp -t` had it"),
            "{one}"
        );
        assert!(one.contains("--resend 7 to send it again"), "{one}");
        for row in 8..=18 {
            unsure.push(At { row, line: row + 1 }, format!("c{row}@x"));
        }
        let many = unsure.refusal("msmtp -t").to_string();
        assert!(
            many.starts_with("rows 7 (to c7@x, line 8), 8 (to c8@x, line 9)"),
            "{many}"
        );
        assert!(
            many.contains("16 (to c16@x, line 17) and 2 more may have been sent"),
            "{many}"
        );
        assert!(
            many.contains("--resend 7,8,9,10,11,12,13,14,15,16 to send them again"),
            "{many}"
        );
    }

    #[test]
    fn row_bytes_are_the_fields_together_as_the_journal_has_them() {
        let mut rows = Rows::new(Box::new(std::io::Cursor::new(b"a,b\n\"x,y\",z\n".to_vec())));
        let mut row = Row::default();
        rows.next(&mut row).unwrap();
        rows.next(&mut row).unwrap();
        assert_eq!(row.bytes(), b"x,yz");
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

    #[test]
    fn lists_read_as_english() {
        let s = |v: &[&str]| v.iter().map(|x| x.to_string()).collect::<Vec<_>>();
        assert_eq!(and_list(&s(&[])), "");
        assert_eq!(and_list(&s(&["a"])), "a");
        assert_eq!(and_list(&s(&["a", "b"])), "a and b");
        assert_eq!(and_list(&s(&["a", "b", "c"])), "a, b and c");
    }
}
