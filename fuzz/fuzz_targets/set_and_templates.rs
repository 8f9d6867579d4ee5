//! Fuzzes `--set` pairs and a person's own template: the first line of the
//! input is a template for the `detail` partial, every later line a
//! `KEY=VALUE` pair. Whatever they hold, bowout answers with a value or an
//! error, never a panic, a stack overflow or a hang.
#![no_main]

use std::sync::LazyLock;

use bowout::answers::Answers;
use bowout::render::Renderer;
use libfuzzer_sys::fuzz_target;

static NOW: LazyLock<jiff::Zoned> = LazyLock::new(|| "2026-11-26T09:00[UTC]".parse().unwrap());
static DIR: LazyLock<tempfile::TempDir> = LazyLock::new(|| tempfile::tempdir().unwrap());

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let (template, pairs) = text.split_once('\n').unwrap_or((text, ""));
    let mut answers = Answers::default();
    for pair in [
        "situation=cancel",
        "reason=illness",
        "company=Acme",
        "position=Analyst",
        "sender=Sam",
        "interview_at=2026-12-03 10:00",
    ] {
        answers.set_pair(pair).unwrap();
    }
    for pair in pairs.lines() {
        let _ = answers.set_pair(pair);
    }
    let partials = DIR.path().join("partials");
    std::fs::create_dir_all(&partials).unwrap();
    std::fs::write(partials.join("detail.hbs"), template).unwrap();
    let Ok(renderer) = Renderer::with_overrides(Some(DIR.path())) else {
        return;
    };
    if let Ok(resolved) = answers.sanitized().resolve(&NOW) {
        let _ = renderer.render(&resolved);
    }
});
