//! Fuzzes the answers-file parser and everything after it: any file that
//! parses and resolves must render, and the .eml and mailto: forms with it.
#![no_main]

use std::sync::LazyLock;

use bowout::answers::Answers;
use bowout::render::Renderer;
use libfuzzer_sys::fuzz_target;

static RENDERER: LazyLock<Renderer> = LazyLock::new(|| Renderer::builtin().unwrap());
static NOW: LazyLock<jiff::Zoned> = LazyLock::new(|| "2026-11-26T09:00[UTC]".parse().unwrap());

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let Ok(answers) = Answers::from_toml(text) else {
        return;
    };
    let Ok(resolved) = answers.sanitized().resolve(&NOW) else {
        return;
    };
    let r = RENDERER.render(&resolved).expect("resolved answers always render");
    let _ = RENDERER.phone(&resolved).expect("and have a call script");
    let _ = bowout::mail::mailto(&resolved, &r.subject, &r.body);
    if let Ok(eml) = bowout::mail::eml(&resolved, &r.subject, &r.body, &NOW) {
        let head = eml.split("\r\n\r\n").next().unwrap_or_default();
        assert!(!head.lines().any(|l| l.starts_with("Bcc:")), "a header was forged");
    }
});
