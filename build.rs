//! Writes the shell completions and the manual page from the command-line
//! definitions in src/cli.rs, so that the binary carries them as text rather
//! than the code that generates them; and the version `--version` prints,
//! with the commit it was built from when built from a git checkout.

use std::path::PathBuf;

use clap_complete::Shell;

#[path = "src/cli.rs"]
#[allow(dead_code)]
mod cli;

#[path = "src/questions.rs"]
#[allow(dead_code)]
mod questions;

#[path = "src/wrap.rs"]
mod wrap;

#[path = "src/rules.rs"]
mod rules;

fn main() -> std::io::Result<()> {
    println!("cargo:rerun-if-changed=src/cli.rs");
    println!("cargo:rerun-if-changed=src/questions.rs");
    println!("cargo:rerun-if-changed=src/wrap.rs");
    println!("cargo:rerun-if-changed=src/rules.rs");
    let out = PathBuf::from(std::env::var_os("OUT_DIR").expect("cargo sets OUT_DIR"));
    let version = version();
    std::fs::write(out.join("version.txt"), &version)?;
    // The shells complete `--set KEY=` from the table of questions.
    let keys: Vec<clap::builder::PossibleValue> = questions::QUESTIONS
        .iter()
        .map(|q| clap::builder::PossibleValue::new(&*format!("{}=", q.key).leak()).help(q.help))
        .collect();
    let mut cmd = cli::command(Some(80))
        .version(&*version.leak())
        .mut_arg("set", |a| {
            a.value_parser(clap::builder::PossibleValuesParser::new(keys))
        })
        // `--allow` and `--deny` complete the ids of the checks.
        .mut_subcommand("check", |c| {
            let ids = || {
                clap::builder::PossibleValuesParser::new(
                    rules::RULES
                        .iter()
                        .map(|r| clap::builder::PossibleValue::new(r.id).help(r.about)),
                )
            };
            c.mut_arg("allow", |a| a.value_parser(ids()))
                .mut_arg("deny", |a| a.value_parser(ids()))
        });
    for shell in [
        Shell::Bash,
        Shell::Zsh,
        Shell::Fish,
        Shell::PowerShell,
        Shell::Elvish,
    ] {
        clap_complete::generate_to(shell, &mut cmd, "bowout", &out)?;
    }
    let mut man = Vec::new();
    clap_mangen::Man::new(cmd).render(&mut man)?;
    std::fs::write(out.join("bowout.1"), man)
}

/// `0.1.0`, or `0.1.0 (commit 1a2b3c4d5e6f)` in a git checkout, with
/// `-modified` when files differ from that commit.
fn version() -> String {
    let package = std::env::var("CARGO_PKG_VERSION").unwrap_or_default();
    if std::path::Path::new(".git").exists() {
        println!("cargo:rerun-if-changed=.git/HEAD");
        println!("cargo:rerun-if-changed=.git/refs/heads");
        println!("cargo:rerun-if-changed=.git/index");
    }
    let git = |args: &[&str]| {
        std::process::Command::new("git")
            .args(args)
            .output()
            .ok()
            .filter(|o| o.status.success())
            .map(|o| String::from_utf8_lossy(&o.stdout).trim().to_string())
    };
    // Only a checkout of bowout itself: a crate unpacked inside some other
    // repository has no commit of its own.
    let top = git(&["rev-parse", "--show-toplevel"]).map(PathBuf::from);
    let here = std::env::current_dir().ok();
    let ours = top.is_some()
        && top.as_deref().and_then(|t| t.canonicalize().ok())
            == here.and_then(|h| h.canonicalize().ok());
    match git(&["rev-parse", "--short=12", "HEAD"]).filter(|_| ours) {
        Some(commit) => {
            let modified = git(&["status", "--porcelain", "--untracked-files=no"])
                .is_some_and(|s| !s.is_empty());
            let mark = if modified { "-modified" } else { "" };
            format!("{package} (commit {commit}{mark})")
        }
        None => package,
    }
}
