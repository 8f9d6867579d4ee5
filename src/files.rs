//! Where bowout keeps its files (config and state directories) and how it
//! writes any file: atomically, so that a crash never leaves half of one.

use std::io::Write;
use std::path::{Path, PathBuf};

use anyhow::{Context, Result};
use etcetera::BaseStrategy;

use crate::usage;

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

/// Replaces bowout's own state file (the last answers) atomically, without
/// waiting for the disk: a crash may lose the newest copy, never leave half
/// of one, and an ordinary run does not pay for a flush.
pub fn keep_state(path: &Path, bytes: &[u8]) -> Result<()> {
    write_via_temp(path, bytes, true, false)
}

fn write_via_temp(path: &Path, bytes: &[u8], overwrite: bool, durable: bool) -> Result<()> {
    let dir = match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    };
    std::fs::create_dir_all(dir)
        .with_context(|| format!("cannot create the directory {}", dir.display()))?;
    let mut tmp = tempfile::Builder::new()
        .prefix(".bowout-")
        .tempfile_in(dir)
        .with_context(|| format!("cannot write in {}", dir.display()))?;
    tmp.write_all(bytes)
        .and_then(|()| {
            if durable {
                tmp.as_file().sync_all()
            } else {
                Ok(())
            }
        })
        .with_context(|| format!("cannot write {}", path.display()))?;
    if overwrite {
        tmp.persist(path)
            .with_context(|| format!("cannot write {}", path.display()))?;
    } else {
        tmp.persist_noclobber(path).map_err(|e| {
            if e.error.kind() == std::io::ErrorKind::AlreadyExists {
                usage!(
                    "{} already exists; it was left as it is (use --force to replace it)",
                    path.display()
                )
            } else {
                anyhow::Error::new(e.error).context(format!("cannot write {}", path.display()))
            }
        })?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

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
