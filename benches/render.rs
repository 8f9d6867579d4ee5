//! `render()` alone, for scripts/bench.sh: cold (a new registry, as each run
//! of bowout has) and warm (the registry reused, as the wizard does).

use bowout::answers::{Answers, Resolved};
use bowout::render::Renderer;

fn main() {
    divan::main();
}

fn answers() -> Resolved {
    let text = include_str!("../tests/fixtures/cancel-illness/answers.toml");
    let now: jiff::Zoned = "2026-11-26T09:00[UTC]".parse().unwrap();
    Answers::from_toml(text).unwrap().resolve(&now).unwrap()
}

#[divan::bench]
fn render_cold(bencher: divan::Bencher) {
    let a = answers();
    bencher.bench_local(|| {
        let r = Renderer::builtin().unwrap();
        divan::black_box(r.render(&a).unwrap())
    });
}

#[divan::bench]
fn render_warm(bencher: divan::Bencher) {
    let a = answers();
    let r = Renderer::builtin().unwrap();
    r.render(&a).unwrap();
    bencher.bench_local(|| divan::black_box(r.render(&a).unwrap()));
}
