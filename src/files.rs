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

/// A path for a person to read, as `shown`, with their home directory
/// written `~`: `~/.config/bowout/profile.toml`.
pub fn shown_short(path: &Path) -> String {
    match etcetera::home_dir()
        .ok()
        .and_then(|home| path.strip_prefix(home).ok().map(Path::to_path_buf))
    {
        Some(rest) if rest.as_os_str().is_empty() => "~".to_string(),
        Some(rest) => format!("~/{}", shown(&rest)),
        None => shown(path),
    }
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
/// directory, as in a shell (the rule every path on the command line follows).
pub fn expand_home(typed: &str) -> PathBuf {
    crate::cli::expand_home(typed)
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

/// Replaces `path` (one of bowout's own files, `what` naming it) with
/// `bytes`, as `write_atomic` does, but only if it still holds `before`
/// (`None`: there was no file): the compare and the swap are made under a
/// lock on its folder, so that of two edits begun from the same text, the
/// second to finish is told, not silently lost. `false` when the file had
/// changed, and was left as it was.
pub fn replace_if_unchanged(
    path: &Path,
    what: &str,
    before: Option<&str>,
    bytes: &[u8],
) -> Result<bool> {
    let dir = match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    };
    std::fs::create_dir_all(dir)
        .with_context(|| format!("cannot create the directory {}", shown(dir)))?;
    let _lock = FolderLock::take(dir)?;
    let now = read_text(path, what, Owner::Bowout, MAX_ANSWERS_FILE)?;
    if now.as_deref() != before {
        return Ok(false);
    }
    write_atomic(path, bytes, true)?;
    Ok(true)
}

/// A lock on a folder (flock on it), held until dropped; other bowout runs
/// taking it wait. Only bowout's own writes that compare first take it.
struct FolderLock(#[allow(dead_code)] Option<File>);

impl FolderLock {
    fn take(dir: &Path) -> Result<FolderLock> {
        #[cfg(unix)]
        {
            use std::os::fd::AsRawFd;
            let file = File::open(dir)
                .with_context(|| format!("cannot lock the folder {}", shown(dir)))?;
            loop {
                // SAFETY: flock only locks the descriptor this File owns.
                if unsafe { libc::flock(file.as_raw_fd(), libc::LOCK_EX) } == 0 {
                    return Ok(FolderLock(Some(file)));
                }
                let e = std::io::Error::last_os_error();
                if e.kind() != std::io::ErrorKind::Interrupted {
                    return Err(e)
                        .with_context(|| format!("cannot lock the folder {}", shown(dir)));
                }
            }
        }
        #[cfg(not(unix))]
        {
            let _ = dir;
            Ok(FolderLock(None))
        }
    }
}

/// The same as `write_atomic`, without waiting for the disk: a crash may
/// lose the file, never leave half of it. For many files at once (a batch's
/// folder), followed by one `flush_folder`.
pub fn write_whole(path: &Path, bytes: &[u8], overwrite: bool) -> Result<()> {
    write_via_temp(path, bytes, overwrite, false)
}

/// Waits until everything written into `dir` is on the disk: one flush of
/// its file system (Linux), or of the folder itself elsewhere.
pub fn flush_folder(dir: &Path) -> Result<()> {
    let folder = File::open(dir).with_context(|| format!("cannot flush {}", shown(dir)))?;
    #[cfg(target_os = "linux")]
    {
        use std::os::fd::AsRawFd;
        // SAFETY: syncfs only reads the descriptor this File owns.
        if unsafe { libc::syncfs(folder.as_raw_fd()) } == 0 {
            return Ok(());
        }
    }
    folder
        .sync_all()
        .with_context(|| format!("cannot flush {}", shown(dir)))
}

/// Replaces bowout's own state file (the last answers) atomically, without
/// waiting for the disk: a crash may lose the newest copy, never leave half
/// of one, and an ordinary run does not pay for a flush.
pub fn keep_state(path: &Path, bytes: &[u8]) -> Result<()> {
    write_via_temp(path, bytes, true, false)
}

/// Where a write to `path` really goes: the path itself, or the regular file
/// a symbolic link there points to (so that a linked profile stays linked).
/// Anything else already there (a directory, a device, a pipe, a link to
/// nothing or a loop of links, a file with other names) is refused: renaming
/// over it would replace or separate it. A path ending in `/` names a folder.
fn target(path: &Path) -> Result<PathBuf> {
    if ends_in_separator(path) {
        return Err(usage!(
            "{} ends in /, so it names a folder; give the path of a file (e.g. {}email.txt)",
            shown(path),
            shown(path)
        ));
    }
    let meta = match std::fs::symlink_metadata(path) {
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(path.to_path_buf()),
        other => other.with_context(|| format!("cannot write {}", shown(path)))?,
    };
    let (real, meta) = if meta.file_type().is_symlink() {
        match std::fs::metadata(path) {
            Ok(m) if m.is_file() => (
                std::fs::canonicalize(path)
                    .with_context(|| format!("cannot write {}", shown(path)))?,
                m,
            ),
            Ok(m) => {
                return Err(usage!(
                    "{} leads to {}, which bowout never replaces; give the path of a file",
                    shown(path),
                    kind_of(&m)
                ));
            }
            Err(e) => {
                let why = if e.kind() == std::io::ErrorKind::NotFound {
                    "a symbolic link to nothing"
                } else {
                    "a symbolic link that cannot be followed (a loop of links?)"
                };
                return Err(usage!(
                    "{} is {why}, which bowout never replaces, with --force or not; remove the \
                     link or give the path of a file",
                    shown(path)
                ));
            }
        }
    } else {
        (path.to_path_buf(), meta)
    };
    if !meta.is_file() {
        return Err(usage!(
            "{} is {}, which bowout never replaces, with --force or not; give the path of a file",
            shown(path),
            kind_of(&meta)
        ));
    }
    if has_other_names(&meta) {
        return Err(usage!(
            "{} has other names too (hard links), which replacing it would separate; bowout \
             leaves it as it is, with --force or not: give another path",
            shown(path)
        ));
    }
    Ok(real)
}

/// Whether the path as typed ends in `/` (a folder, maybe not there yet).
fn ends_in_separator(path: &Path) -> bool {
    let text = path.as_os_str().as_encoded_bytes();
    text.last()
        .is_some_and(|&b| std::path::is_separator(b as char))
}

/// Whether the file has other names (hard links) than this one.
fn has_other_names(meta: &std::fs::Metadata) -> bool {
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt;
        meta.nlink() > 1
    }
    #[cfg(not(unix))]
    {
        let _ = meta;
        false
    }
}

/// The beginning of every temporary file's name: bowout's prefix and the
/// process id, so that a later run can tell a killed run's file from one
/// that is still being written.
fn temp_prefix() -> String {
    format!("{TEMP_PREFIX}{}-", std::process::id())
}

const TEMP_PREFIX: &str = ".bowout-";

/// The process that wrote a temporary file named `name`, if the name is one
/// of bowout's (`.bowout-PID-…`).
fn temp_writer(name: &str) -> Option<u32> {
    let (pid, _) = name.strip_prefix(TEMP_PREFIX)?.split_once('-')?;
    // Digits only: `parse` would also take a sign.
    if !pid.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    pid.parse().ok()
}

/// Whether the process `pid` has ended. When in doubt (another user's
/// process, or a system where this cannot be asked), it has not.
fn is_gone(pid: u32) -> bool {
    #[cfg(unix)]
    {
        let Ok(pid) = libc::pid_t::try_from(pid) else {
            return false;
        };
        if pid <= 0 {
            return false;
        }
        // SAFETY: signal 0 only asks whether the process exists.
        if unsafe { libc::kill(pid, 0) } == 0 {
            return false;
        }
        std::io::Error::last_os_error().raw_os_error() == Some(libc::ESRCH)
    }
    #[cfg(not(unix))]
    {
        let _ = pid;
        false
    }
}

/// Removes the temporary files of bowout's that a killed run left in `dir`:
/// named `.bowout-PID-…` by a process that has ended, and more than an hour
/// old. Anything else (a run still going, a file of another program's
/// with a similar name) stays.
pub fn sweep_temp_files(dir: &Path) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    let now = SystemTime::now();
    for entry in entries.flatten() {
        let name = entry.file_name();
        let Some(pid) = temp_writer(&name.to_string_lossy()) else {
            continue;
        };
        let stale = entry.metadata().ok().filter(|m| m.is_file()).and_then(|m| {
            let age = now.duration_since(m.modified().ok()?).ok()?;
            Some(age > STALE_TEMP)
        });
        if stale == Some(true) && is_gone(pid) {
            let _ = std::fs::remove_file(entry.path());
        }
    }
}

/// Sweeps `dir` once in a run, however many files are written there.
fn sweep_once(dir: &Path) {
    static SWEPT: std::sync::Mutex<Vec<PathBuf>> = std::sync::Mutex::new(Vec::new());
    let Ok(mut swept) = SWEPT.lock() else {
        return;
    };
    if !swept.iter().any(|d| d == dir) {
        swept.push(dir.to_path_buf());
        drop(swept);
        sweep_temp_files(dir);
    }
}

/// A new temporary file in `dir` for a write that is renamed into place,
/// named so that a later run can sweep it if this one is killed (and
/// sweeping what killed runs left there first). In bowout's own
/// directories only its owner can read it; elsewhere the umask decides, as
/// for any file a program creates.
pub fn temp_file_in(dir: &Path) -> std::io::Result<tempfile::NamedTempFile> {
    sweep_once(dir);
    let mut builder = tempfile::Builder::new();
    let prefix = temp_prefix();
    builder.prefix(&prefix);
    #[cfg(unix)]
    if !is_own_dir(dir) {
        builder.permissions(std::os::unix::fs::PermissionsExt::from_mode(0o666));
    }
    builder.tempfile_in(dir)
}

/// Gives the file that replaces another the mode, and where allowed the
/// owner and group, of the one it replaces.
fn keep_mode_and_owner(file: &File, old: &std::fs::Metadata) -> std::io::Result<()> {
    #[cfg(unix)]
    {
        use std::os::unix::fs::{MetadataExt, PermissionsExt};
        // Only root may give a file away; anyone may keep a group they are
        // in. What is not allowed is left as it is.
        let _ = std::os::unix::fs::fchown(file, Some(old.uid()), Some(old.gid()));
        let _ = std::os::unix::fs::fchown(file, None, Some(old.gid()));
        file.set_permissions(std::fs::Permissions::from_mode(old.mode() & 0o7777))
    }
    #[cfg(not(unix))]
    file.set_permissions(old.permissions())
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
    let mut tmp = temp_file_in(dir).with_context(|| format!("cannot write in {}", shown(dir)))?;
    if overwrite && let Ok(old) = std::fs::metadata(path) {
        keep_mode_and_owner(tmp.as_file(), &old)
            .with_context(|| format!("cannot write {}", shown(path)))?;
    }
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
    fn temporary_files_carry_the_pid_of_their_writer() {
        let dir = tempfile::tempdir().unwrap();
        let tmp = temp_file_in(dir.path()).unwrap();
        let name = tmp
            .path()
            .file_name()
            .unwrap()
            .to_string_lossy()
            .into_owned();
        assert!(
            name.starts_with(&format!(".bowout-{}-", std::process::id())),
            "{name}"
        );
        assert_eq!(temp_writer(&name), Some(std::process::id()));
        for foreign in [
            ".bowout-+12-x",
            ".bowout--x",
            ".bowout-12",
            ".bowout-1a-x",
            "x-12-y",
        ] {
            assert_eq!(temp_writer(foreign), None, "{foreign}");
        }
        assert_eq!(temp_writer(".bowout-0012-x"), Some(12));
    }

    #[test]
    fn a_path_ending_in_a_separator_names_a_folder() {
        let dir = tempfile::tempdir().unwrap();
        for path in [dir.path().join("sub/"), PathBuf::from("/")] {
            let err = write_atomic(&path, b"x", true).unwrap_err();
            assert!(err.to_string().contains("ends in /"), "{err}");
        }
        assert!(!dir.path().join("sub").exists());
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
