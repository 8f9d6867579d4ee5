//! Hostile and oversized input, closed pipes: bowout never crashes, never
//! lets pasted text drive the terminal, and says what is wrong.

mod common;

use std::process::Stdio;
use std::time::{Duration, Instant};

use common::{NOW, bowout, run, stderr, stdout};

const BASE: &[&str] = &[
    "--no-input",
    "--now",
    NOW,
    "--set",
    "situation=cancel",
    "--set",
    "reason=illness",
    "--set",
    "position=Analyst",
    "--set",
    "sender=Sam",
    "--set",
    "interview_at=2026-12-03 10:00",
];

fn with(extra: &[&str]) -> Vec<String> {
    BASE.iter().chain(extra).map(|s| s.to_string()).collect()
}

fn run_owned(home: &std::path::Path, args: &[String]) -> std::process::Output {
    let refs: Vec<&str> = args.iter().map(String::as_str).collect();
    run(home, &refs)
}

#[test]
fn escape_sequences_never_reach_the_output_but_unicode_does() {
    let h = tempfile::tempdir().unwrap();
    let out = run_owned(
        h.path(),
        &with(&[
            "--set",
            "company=Acme\x1b]0;pwned\x07\x1b[2J Ltd\u{202e}",
            "--set",
            "recipient=שרה כהן",
            "--set",
            "detail=Thank you 🙏 — 東京\x1b[31m.\u{9b}1m",
            "--set",
            "signature=Line one\\nLine\ttwo\x08",
        ]),
    );
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let text = stdout(&out);
    for bad in ['\x1b', '\x07', '\x08', '\u{202e}', '\u{9b}'] {
        assert!(!text.contains(bad), "{bad:?} reached the output:\n{text:?}");
    }
    assert!(text.contains("Acme]0;pwned[2J Ltd"), "{text}");
    assert!(text.contains("Dear שרה כהן,"), "{text}");
    assert!(text.contains("Thank you 🙏 — 東京[31m.1m"), "{text}");
    assert!(text.contains("Sam\nLine one\nLine\ttwo\n"), "{text:?}");
}

#[test]
fn text_echoed_in_an_error_is_shown_not_obeyed() {
    let h = tempfile::tempdir().unwrap();
    let file = h.path().join("a.toml");
    std::fs::write(&file, "situation = \"x\\u001b[2Jy\"\n\u{1b}[31m = 1\n").unwrap();
    let out = run(
        h.path(),
        &["--no-input", "--answers", file.to_str().unwrap()],
    );
    assert_eq!(out.status.code(), Some(2));
    let err = stderr(&out);
    assert!(!err.contains('\x1b'), "{err:?}");
    assert!(err.contains("\\u{1b}"), "{err}");
}

#[test]
fn an_answers_file_over_a_mebibyte_is_refused_at_once() {
    let h = tempfile::tempdir().unwrap();
    let file = h.path().join("big.toml");
    std::fs::write(
        &file,
        format!("detail = \"{}\"\n", "a".repeat(2 * 1024 * 1024)),
    )
    .unwrap();
    let started = Instant::now();
    let out = run(
        h.path(),
        &["--no-input", "--answers", file.to_str().unwrap()],
    );
    assert_eq!(out.status.code(), Some(2));
    assert!(started.elapsed() < Duration::from_secs(5));
    assert!(
        stderr(&out).contains("is larger than 1 MiB, the limit"),
        "{}",
        stderr(&out)
    );
}

#[test]
fn an_overlong_answer_is_refused_naming_the_key_and_the_limit() {
    let h = tempfile::tempdir().unwrap();
    let long = format!("company={}", "x".repeat(501));
    let out = run_owned(h.path(), &with(&["--set", &long]));
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(
        stderr(&out),
        "bowout: `company` is 501 characters long; the limit is 500\n"
    );
    let long = format!("detail={}", "y".repeat(4001));
    let out = run_owned(h.path(), &with(&["--set", "company=A", "--set", &long]));
    assert!(
        stderr(&out).contains("`detail` is 4001 characters long; the limit is 4000"),
        "{}",
        stderr(&out)
    );
}

#[test]
fn a_closed_pipe_ends_quietly_with_success() {
    let h = tempfile::tempdir().unwrap();
    let mut args = with(&["--set", "company=A", "--format", "json"]);
    args.extend(["--set".into(), format!("detail={}", "word ".repeat(700))]);
    for _ in 0..5 {
        let mut child = bowout(h.path())
            .args(&args)
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        drop(child.stdout.take()); // the reader is gone before bowout writes
        let out = child.wait_with_output().unwrap();
        assert_eq!(
            out.status.code(),
            Some(0),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        assert_eq!(String::from_utf8_lossy(&out.stderr), "");
    }
}
