//! Where bowout keeps its files (config and state directories), how it
//! reads any file (through one capped reader, whatever the file's kind) and
//! how it writes one: atomically, so that a crash never leaves half of one,
//! and never in place of anything but a regular file.

use std::fs::File;
use std::io::Read;
use std::path::{Path, PathBuf};
use std::time::{Duration, SystemTime};

use anyhow::{Context, Result};
use etcetera::BaseStrategy;

use crate::answers::visible;
use crate::usage;

/// Largest answers file, profile, last or resume file read, in bytes.
pub const MAX_ANSWERS_FILE: u64 = 1024 * 1024;
/// Largest template read, in bytes.
pub const MAX_TEMPLATE_FILE: u64 = 256 * 1024;
/// Largest time zone file read, in bytes (real ones are a few KiB).
pub const MAX_TIME_ZONE_FILE: u64 = 256 * 1024;

/// A temporary file of bowout's older than this was left by a run that was
/// killed, and is swept away.
const STALE_TEMP: Duration = Duration::from_secs(60 * 60);

/// Whose file is being read, which decides what kinds of file are accepted.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Owner {
    /// A file the person named, such as `--answers`: a regular file, a pipe
    /// or a device such as `/dev/stdin`, read up to the limit; never a
    /// directory.
    Person,
    /// bowout's own file (profile, last answers, resume, templates): a
    /// regular file only. Anything else there is refused, never waited on.
    Bowout,
}

/// A path for a message: control characters shown as escapes, so that a
/// file name can never drive the terminal.
pub fn shown(path: &Path) -> String {
    visible(&path.display().to_string())
}

/// `1 MiB`, `256 KiB`.
fn size(bytes: u64) -> String {
    if bytes.is_multiple_of(1024 * 1024) {
        format!("{} MiB", bytes / (1024 * 1024))
    } else {
        format!("{} KiB", bytes / 1024)
    }
}

/// What kind of thing `meta` describes, in words.
fn kind_of(meta: &std::fs::Metadata) -> &'static str {
    let t = meta.file_type();
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt;
        if t.is_fifo() {
            return "a named pipe";
        }
        if t.is_char_device() || t.is_block_device() {
            return "a device";
        }
        if t.is_socket() {
            return "a socket";
        }
    }
    if t.is_dir() {
        "a directory"
    } else if t.is_symlink() {
        "a symbolic link"
    } else if t.is_file() {
        "a regular file"
    } else {
        "not a regular file"
    }
}

/// Reads the text of `path`, `what` naming it in messages ("answers file"),
/// through one capped reader whatever the file's kind: at most `limit`
/// bytes, UTF-8 only. `None` when there is no such file.
pub fn read_text(path: &Path, what: &str, owner: Owner, limit: u64) -> Result<Option<String>> {
    let named = || format!("{what} {}", shown(path));
    read_bytes(path, what, owner, limit)?
        .map(|bytes| utf8(bytes, &named()))
        .transpose()
}

/// The same capped read, for a file that is not text (a time zone file).
pub fn read_bytes(path: &Path, what: &str, owner: Owner, limit: u64) -> Result<Option<Vec<u8>>> {
    let meta = match std::fs::metadata(path) {
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
        other => other.with_context(|| format!("cannot read {what} {}", shown(path)))?,
    };
    let refuse = |meta: &std::fs::Metadata| {
        usage!(
            "{what} {} is {}, not a file bowout can read; {}",
            shown(path),
            kind_of(meta),
            match owner {
                Owner::Person => "give the path of a text file",
                Owner::Bowout => "bowout keeps only regular files there: move it aside",
            }
        )
    };
    if !readable(&meta, owner) {
        return Err(refuse(&meta));
    }
    let file = if owner == Owner::Person && is_pipe(&meta) {
        open_pipe(path, what)?
    } else {
        open_for_reading(path, owner)
            .with_context(|| format!("cannot read {what} {}", shown(path)))?
    };
    // The path may have been swapped between the look and the open.
    let opened = file
        .metadata()
        .with_context(|| format!("cannot read {what} {}", shown(path)))?;
    if !readable(&opened, owner) {
        return Err(refuse(&opened));
    }
    read_capped(file, &format!("{what} {}", shown(path)), limit).map(Some)
}

fn utf8(bytes: Vec<u8>, named: &str) -> Result<String> {
    String::from_utf8(bytes).map_err(|e| {
        usage!(
            "{named} is not UTF-8 text (byte {} is not valid UTF-8); save it as UTF-8",
            e.utf8_error().valid_up_to() + 1
        )
    })
}

/// Whether bowout reads a file of this kind: its own files must be regular
/// files; a person may also give a pipe or a character device such as
/// `/dev/stdin`, but not a directory, a socket or a disk.
fn readable(meta: &std::fs::Metadata, owner: Owner) -> bool {
    if meta.is_file() {
        return true;
    }
    #[cfg(unix)]
    if owner == Owner::Person {
        use std::os::unix::fs::FileTypeExt;
        let t = meta.file_type();
        return t.is_fifo() || t.is_char_device();
    }
    let _ = owner;
    false
}

/// Reads standard input (`--answers -`) with the same cap.
pub fn read_stdin(what: &str, limit: u64) -> Result<String> {
    let named = format!("{what} on standard input");
    utf8(read_capped(std::io::stdin().lock(), &named, limit)?, &named)
}

/// Reads standard input's bytes with the same cap, for a caller that
/// tells text from other bytes itself.
pub fn read_stdin_bytes(what: &str, limit: u64) -> Result<Vec<u8>> {
    read_capped(
        std::io::stdin().lock(),
        &format!("{what} on standard input"),
        limit,
    )
}

/// Reads at most `limit` bytes; more is refused, not cut.
fn read_capped(reader: impl Read, named: &str, limit: u64) -> Result<Vec<u8>> {
    let mut bytes = Vec::new();
    reader
        .take(limit + 1)
        .read_to_end(&mut bytes)
        .with_context(|| format!("cannot read {named}"))?;
    if bytes.len() as u64 > limit {
        return Err(usage!(
            "{named} is larger than {}, the limit; is it the right file?",
            size(limit)
        ));
    }
    Ok(bytes)
}

/// How long bowout waits for a program to start writing to a named pipe
/// the person gave it.
const PIPE_WAIT: Duration = Duration::from_secs(5);

fn is_pipe(meta: &std::fs::Metadata) -> bool {
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt;
        meta.file_type().is_fifo()
    }
    #[cfg(not(unix))]
    {
        let _ = meta;
        false
    }
}

/// Opens a named pipe the person gave, which blocks until a program opens
/// it for writing; after a few seconds with none, it is refused rather than
/// waited on for ever. (A shell's `<(command)` has its writer already.)
pub fn open_pipe(path: &Path, what: &str) -> Result<File> {
    let (tx, rx) = std::sync::mpsc::channel();
    let owned = path.to_path_buf();
    std::thread::spawn(move || {
        let _ = tx.send(File::open(owned));
    });
    match rx.recv_timeout(PIPE_WAIT) {
        Ok(opened) => opened.with_context(|| format!("cannot read {what} {}", shown(path))),
        Err(_) => Err(usage!(
            "{what} {} is a named pipe, and nothing wrote to it within {} seconds",
            shown(path),
            PIPE_WAIT.as_secs()
        )),
    }
}

/// Opens for reading. bowout's own files are opened without waiting, so
/// that a named pipe put in their place cannot hang it.
fn open_for_reading(path: &Path, owner: Owner) -> std::io::Result<File> {
    let mut options = std::fs::OpenOptions::new();
    options.read(true);
    #[cfg(unix)]
    if owner == Owner::Bowout {
        use std::os::unix::fs::OpenOptionsExt;
        options.custom_flags(libc::O_NONBLOCK);
    }
    #[cfg(not(unix))]
    let _ = owner;
    options.open(path)
}

fn strategy() -> Result<impl BaseStrategy> {
    etcetera::choose_base_strategy().context("cannot find your home directory")
}

/// `<config dir>/bowout`, e.g. `~/.config/bowout` (or `$XDG_CONFIG_HOME/bowout`).
pub fn config_dir() -> Result<PathBuf> {
    Ok(strategy()?.config_dir().join("bowout"))
}

/// `<state dir>/bowout`, e.g. `~/.local/state/bowout`, where bowout keeps the
/// last answers and an interrupted wizard's answers.
pub fn state_dir() -> Result<PathBuf> {
    let s = strategy()?;
    Ok(s.state_dir().unwrap_or_else(|| s.data_dir()).join("bowout"))
}

/// A path as a person types it: a leading `~/` (or `~` alone) is their home
/// directory, as in a shell.
pub fn expand_home(typed: &str) -> PathBuf {
    let home = || etcetera::home_dir().ok();
    match typed.strip_prefix('~') {
        Some("") => home().unwrap_or_else(|| PathBuf::from(typed)),
        Some(rest) if rest.starts_with('/') => home()
            .map(|h| h.join(rest.trim_start_matches('/')))
            .unwrap_or_else(|| PathBuf::from(typed)),
        _ => PathBuf::from(typed),
    }
}

/// The profile: defaults for any answer.
pub fn profile_file() -> Result<PathBuf> {
    Ok(config_dir()?.join("profile.toml"))
}

/// The person's own templates, which replace the built-in ones.
pub fn templates_dir() -> Result<PathBuf> {
    Ok(config_dir()?.join("templates"))
}

/// The answers of the last successful run, for `--last`.
pub fn last_file() -> Result<PathBuf> {
    Ok(state_dir()?.join("last.toml"))
}

/// Marks that the wizard has offered to start a profile, so it asks once.
pub fn profile_offered_file() -> Result<PathBuf> {
    Ok(state_dir()?.join("profile-offered"))
}

/// Where an interrupted wizard keeps its answers for `--resume`.
pub fn resume_file() -> Result<PathBuf> {
    Ok(state_dir()?.join("resume.toml"))
}

/// Writes `bytes` to `path` through a temporary file in the same directory,
/// flushed to disk, and a rename. Without `overwrite`, an existing file is
/// left untouched and the error (exit code 2) says how to replace it.
pub fn write_atomic(path: &Path, bytes: &[u8], overwrite: bool) -> Result<()> {
    write_via_temp(path, bytes, overwrite, true)
}

/// The same, for a file too large to hold in memory (a batch's mbox): its
/// bytes are copied from `from`.
pub fn write_atomic_from(path: &Path, from: impl Read, overwrite: bool) -> Result<()> {
    write_via_temp(path, from, overwrite, true)
}

/// Refuses, before any work is done, a path that `write_atomic` would
/// refuse to replace: the same rule (nothing there, a regular file, or a
/// link to one).
pub fn replaceable(path: &Path) -> Result<()> {
    target(path).map(drop)
}

/// Replaces bowout's own state file (the last answers) atomically, without
/// waiting for the disk: a crash may lose the newest copy, never leave half
/// of one, and an ordinary run does not pay for a flush.
pub fn keep_state(path: &Path, bytes: &[u8]) -> Result<()> {
    write_via_temp(path, bytes, true, false)
}

/// Where a write to `path` really goes: the path itself, or the regular file
/// a symbolic link there points to (so that a linked profile stays linked).
/// Anything else already there (a directory, a device, a pipe) is refused:
/// renaming over it would replace it.
fn target(path: &Path) -> Result<PathBuf> {
    let meta = match std::fs::symlink_metadata(path) {
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(path.to_path_buf()),
        other => other.with_context(|| format!("cannot write {}", shown(path)))?,
    };
    if meta.file_type().is_symlink() {
        return match std::fs::metadata(path) {
            Ok(m) if m.is_file() => {
                std::fs::canonicalize(path).with_context(|| format!("cannot write {}", shown(path)))
            }
            Ok(m) => Err(usage!(
                "{} leads to {}, which bowout never replaces; give the path of a file",
                shown(path),
                kind_of(&m)
            )),
            // A link to nothing yet: the file is created where it points.
            Err(_) => Ok(path.to_path_buf()),
        };
    }
    if !meta.is_file() {
        return Err(usage!(
            "{} is {}, which bowout never replaces, with --force or not; give the path of a file",
            shown(path),
            kind_of(&meta)
        ));
    }
    Ok(path.to_path_buf())
}

/// Removes temporary files of bowout's that a killed run left in `dir`
/// (one of bowout's own directories) more than an hour ago.
pub fn sweep_temp_files(dir: &Path) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    let now = SystemTime::now();
    for entry in entries.flatten() {
        if !entry.file_name().to_string_lossy().starts_with(".bowout-") {
            continue;
        }
        let stale = entry.metadata().ok().filter(|m| m.is_file()).and_then(|m| {
            let age = now.duration_since(m.modified().ok()?).ok()?;
            Some(age > STALE_TEMP)
        });
        if stale == Some(true) {
            let _ = std::fs::remove_file(entry.path());
        }
    }
}

/// Whether `dir` is bowout's own config or state directory.
fn is_own_dir(dir: &Path) -> bool {
    [config_dir(), state_dir()]
        .into_iter()
        .flatten()
        .any(|own| own == dir)
}

fn write_via_temp(path: &Path, mut bytes: impl Read, overwrite: bool, durable: bool) -> Result<()> {
    let target = target(path)?;
    let path = target.as_path();
    let dir = match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    };
    std::fs::create_dir_all(dir)
        .with_context(|| format!("cannot create the directory {}", shown(dir)))?;
    if is_own_dir(dir) {
        sweep_temp_files(dir);
    }
    let mut tmp = tempfile::Builder::new()
        .prefix(".bowout-")
        .tempfile_in(dir)
        .with_context(|| format!("cannot write in {}", shown(dir)))?;
    std::io::copy(&mut bytes, &mut tmp)
        .and_then(|_| {
            if durable {
                tmp.as_file().sync_all()
            } else {
                Ok(())
            }
        })
        .with_context(|| format!("cannot write {}", shown(path)))?;
    if overwrite {
        tmp.persist(path)
            .map_err(|e| anyhow::Error::new(e.error))
            .with_context(|| format!("cannot write {}", shown(path)))?;
    } else {
        tmp.persist_noclobber(path).map_err(|e| {
            if e.error.kind() == std::io::ErrorKind::AlreadyExists {
                usage!(
                    "{} already exists; it was left as it is (use --force to replace it)",
                    shown(path)
                )
            } else {
                anyhow::Error::new(e.error).context(format!("cannot write {}", shown(path)))
            }
        })?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_leading_tilde_is_the_home_directory() {
        let home = etcetera::home_dir().unwrap();
        assert_eq!(expand_home("~/a/b.toml"), home.join("a/b.toml"));
        assert_eq!(expand_home("~"), home);
        assert_eq!(expand_home("~user/x"), PathBuf::from("~user/x"));
        assert_eq!(expand_home("a/~/b"), PathBuf::from("a/~/b"));
    }

    #[test]
    fn an_existing_file_is_never_replaced_without_overwrite() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("a.txt");
        write_atomic(&path, b"first", false).unwrap();
        let err = write_atomic(&path, b"second", false).unwrap_err();
        assert!(err.to_string().contains("already exists"), "{err}");
        assert_eq!(std::fs::read(&path).unwrap(), b"first");
        write_atomic(&path, b"second", true).unwrap();
        assert_eq!(std::fs::read(&path).unwrap(), b"second");
        assert_eq!(
            std::fs::read_dir(dir.path()).unwrap().count(),
            1,
            "no temporary left"
        );
    }
}
