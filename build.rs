//! Writes the shell completions and the manual page from the command-line
//! definitions in src/cli.rs, so that the binary carries them as text rather
//! than the code that generates them.

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

fn main() -> std::io::Result<()> {
    println!("cargo:rerun-if-changed=src/cli.rs");
    println!("cargo:rerun-if-changed=src/questions.rs");
    println!("cargo:rerun-if-changed=src/wrap.rs");
    let out = PathBuf::from(std::env::var_os("OUT_DIR").expect("cargo sets OUT_DIR"));
    // The shells complete `--set KEY=` from the table of questions.
    let keys: Vec<clap::builder::PossibleValue> = questions::QUESTIONS
        .iter()
        .map(|q| clap::builder::PossibleValue::new(&*format!("{}=", q.key).leak()).help(q.help))
        .collect();
    let mut cmd = cli::command(Some(80)).mut_arg("set", |a| {
        a.value_parser(clap::builder::PossibleValuesParser::new(keys))
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
