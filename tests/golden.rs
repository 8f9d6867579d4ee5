//! Whole emails against golden files: tests/fixtures/<case>/answers.toml is
//! rendered with the clock pinned, and stdout must equal expected.txt and
//! stderr warnings.txt (absent when there are none).

mod common;

use common::{NOW, fixtures, golden, run, stderr, stdout};

#[test]
fn every_fixture_renders_its_golden_email() {
    let home = tempfile::tempdir().unwrap();
    let mut cases = 0;
    for entry in std::fs::read_dir(fixtures()).unwrap() {
        let dir = entry.unwrap().path();
        let answers = dir.join("answers.toml");
        if !answers.is_file() {
            continue;
        }
        let out = run(
            home.path(),
            &[
                "--no-input",
                "--answers",
                answers.to_str().unwrap(),
                "--now",
                NOW,
            ],
        );
        assert!(out.status.success(), "{}: {}", dir.display(), stderr(&out));
        golden(&dir.join("expected.txt"), &stdout(&out));
        golden(&dir.join("warnings.txt"), &stderr(&out));
        cases += 1;
    }
    assert!(cases >= 31, "only {cases} fixtures found");
}
