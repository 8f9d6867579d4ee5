//! Files that are not regular files, and files too large or not text: every
//! file bowout reads goes through one capped reader, bowout's own files are
//! refused when they are not regular files (never waited on), and nothing but
//! a regular file is ever replaced.

mod common;

use std::io::Write;
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, SystemTime};

use common::{CANCEL, NOW, age, bowout, gone_pid, run, said, stderr, stdout, within};

/// bowout run by `sh -c SCRIPT`, where the script ends in `exec "$0" "$@"`
/// and may first set a limit or close a descriptor; `TZ` as given.
fn through_shell(home: &Path, script: &str, tz: &str, args: &[String]) -> Command {
    let mut cmd = Command::new("sh");
    cmd.arg("-c")
        .arg(script)
        .arg(env!("CARGO_BIN_EXE_bowout"))
        .args(args)
        .env_clear()
        .env("TZ", tz)
        .env("HOME", home)
        .env("XDG_CONFIG_HOME", home.join("config"))
        .env("XDG_STATE_HOME", home.join("state"))
        .stdin(Stdio::null());
    cmd
}

/// Caps the address space at 256 MiB: reading an endless file whole aborts.
const SMALL_MEMORY: &str = "ulimit -v 262144; exec \"$0\" \"$@\"";
/// Closes standard output first.
const CLOSED_STDOUT: &str = "exec \"$0\" \"$@\" >&-";

fn mkfifo(path: &Path) {
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    let status = Command::new("mkfifo").arg(path).status().unwrap();
    assert!(status.success());
}

fn is_char_device(path: &Path) -> bool {
    use std::os::unix::fs::FileTypeExt;
    std::fs::metadata(path)
        .unwrap()
        .file_type()
        .is_char_device()
}

#[test]
fn output_never_replaces_a_device_with_force_or_without() {
    let h = tempfile::tempdir().unwrap();
    // A device of the test's own (as root, a copy of /dev/null made with
    // mknod), so that a regression could never replace the system's; and a
    // link to /dev/null, which anyone can make.
    let own = h.path().join("null");
    let made = Command::new("mknod")
        .args([own.to_str().unwrap(), "c", "1", "3"])
        .stderr(Stdio::null())
        .status()
        .is_ok_and(|s| s.success());
    let link = h.path().join("null-link");
    std::os::unix::fs::symlink("/dev/null", &link).unwrap();
    let mut targets = vec![link.clone()];
    if made {
        targets.push(own.clone());
    }
    for target in &targets {
        for force in [true, false] {
            let mut args = common::with(CANCEL, &["--output", target.to_str().unwrap()]);
            if force {
                args.push("--force".into());
            }
            let out = run(h.path(), &args);
            assert_eq!(
                out.status.code(),
                Some(2),
                "{}: {}",
                target.display(),
                stderr(&out)
            );
            assert!(
                stderr(&out).contains("a device, which bowout never replaces"),
                "{}",
                stderr(&out)
            );
        }
    }
    if made {
        assert!(is_char_device(&own));
    }
    assert!(
        std::fs::symlink_metadata(&link)
            .unwrap()
            .file_type()
            .is_symlink()
    );
}

#[test]
fn output_never_replaces_a_directory_or_a_pipe() {
    let h = tempfile::tempdir().unwrap();
    let dir = h.path().join("dir");
    std::fs::create_dir(&dir).unwrap();
    let fifo = h.path().join("fifo");
    mkfifo(&fifo);
    for (path, kind) in [(&dir, "a directory"), (&fifo, "a named pipe")] {
        let out = run(
            h.path(),
            &common::with(CANCEL, &["--output", path.to_str().unwrap(), "--force"]),
        );
        assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
        let err = stderr(&out);
        assert!(
            err.contains(&format!("is {kind}, which bowout never replaces")),
            "{err}"
        );
        assert_eq!(err.lines().count(), 1, "one line: {err}");
        assert_eq!(
            err.matches("irectory").count(),
            usize::from(kind == "a directory"),
            "{err}"
        );
    }
    assert!(dir.is_dir());
    assert!(std::fs::metadata(&fifo).unwrap().file_type().is_fifo_like());
}

trait FifoLike {
    fn is_fifo_like(&self) -> bool;
}

impl FifoLike for std::fs::FileType {
    fn is_fifo_like(&self) -> bool {
        use std::os::unix::fs::FileTypeExt;
        self.is_fifo()
    }
}

#[test]
fn output_through_a_link_to_a_file_replaces_the_file_and_keeps_the_link() {
    let h = tempfile::tempdir().unwrap();
    let real = h.path().join("real.txt");
    std::fs::write(&real, "old").unwrap();
    let link = h.path().join("link.txt");
    std::os::unix::fs::symlink(&real, &link).unwrap();
    let out = run(
        h.path(),
        &common::with(
            CANCEL,
            &[
                "--format",
                "subject",
                "--output",
                link.to_str().unwrap(),
                "--force",
            ],
        ),
    );
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(
        std::fs::symlink_metadata(&link)
            .unwrap()
            .file_type()
            .is_symlink()
    );
    assert_eq!(
        std::fs::read_to_string(&real).unwrap(),
        "Cancelling my interview: Analyst, 3 December – Sam\n"
    );
}

#[test]
fn output_dash_is_standard_output() {
    let h = tempfile::tempdir().unwrap();
    let out = Command::new(env!("CARGO_BIN_EXE_bowout"))
        .current_dir(h.path())
        .env_clear()
        .env("TZ", "UTC")
        .env("HOME", h.path())
        .env("XDG_CONFIG_HOME", h.path().join("config"))
        .env("XDG_STATE_HOME", h.path().join("state"))
        .args(common::with(
            CANCEL,
            &["--format", "subject", "--output", "-"],
        ))
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert_eq!(
        stdout(&out),
        "Cancelling my interview: Analyst, 3 December – Sam\n"
    );
    assert!(!h.path().join("-").exists(), "no file named -");
}

#[test]
fn endless_or_huge_answers_are_refused_without_growing_memory() {
    let h = tempfile::tempdir().unwrap();
    // Under a 256 MiB address-space limit, reading any of these whole would
    // abort; read through the cap, each is refused with exit code 2.
    for source in ["/dev/zero", "/dev/urandom"] {
        let args = ["--no-input", "--answers", source].map(String::from);
        let cmd = through_shell(h.path(), SMALL_MEMORY, "UTC", &args);
        let out = within(cmd, 60).expect("bowout hung");
        said(&out, 2, "is larger than 1 MiB, the limit");
    }
}

#[test]
fn a_50_mb_pipe_on_standard_input_is_refused_at_the_cap() {
    let h = tempfile::tempdir().unwrap();
    for answers in ["-", "/dev/stdin"] {
        let mut child = bowout(h.path())
            .args(["--no-input", "--answers", answers])
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        let mut stdin = child.stdin.take().unwrap();
        let writer = std::thread::spawn(move || {
            let chunk = vec![b'a'; 1024 * 1024];
            for _ in 0..50 {
                if stdin.write_all(&chunk).is_err() {
                    break; // bowout stopped reading: that is the point
                }
            }
        });
        let out = child.wait_with_output().unwrap();
        writer.join().unwrap();
        said(&out, 2, "larger than 1 MiB, the limit");
    }
}

#[test]
fn answers_from_standard_input_are_read() {
    let h = tempfile::tempdir().unwrap();
    let mut child = bowout(h.path())
        .args([
            "--no-input",
            "--now",
            NOW,
            "--format",
            "subject",
            "--answers",
            "-",
        ])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    child
        .stdin
        .take()
        .unwrap()
        .write_all(
            b"situation = \"cancel\"\nreason = \"illness\"\ncompany = \"A\"\nposition = \"Analyst\"\n\
              sender = \"S\"\ninterview_at = 2026-12-03T10:00:00\n",
        )
        .unwrap();
    let out = child.wait_with_output().unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert_eq!(
        stdout(&out),
        "Cancelling my interview: Analyst, 3 December – S\n"
    );
}

#[test]
fn a_time_zone_that_is_a_device_or_a_pipe_does_not_hang_or_grow() {
    let h = tempfile::tempdir().unwrap();
    let fifo = h.path().join("tz-fifo");
    mkfifo(&fifo);
    for tz in ["/dev/zero", ":/dev/urandom", fifo.to_str().unwrap()] {
        let cmd = through_shell(
            h.path(),
            SMALL_MEMORY,
            tz,
            &common::with(CANCEL, &["--format", "subject"]),
        );
        let out = within(cmd, 60).unwrap_or_else(|| panic!("TZ={tz} hung"));
        assert_eq!(out.status.code(), Some(0), "TZ={tz}: {}", stderr(&out));
    }
}

#[test]
fn bowouts_own_files_that_are_pipes_are_refused_not_waited_on() {
    let cases = [
        ("state/bowout/last.toml", "--last", "the last answers"),
        (
            "state/bowout/resume.toml",
            "--resume",
            "the stopped wizard's answers",
        ),
        ("config/bowout/profile.toml", "", "profile"),
        ("config/bowout/templates/cancel.hbs", "", "template"),
    ];
    for (file, flag, named) in cases {
        let h = tempfile::tempdir().unwrap();
        let path = h.path().join(file);
        mkfifo(&path);
        let mut args = common::with(CANCEL, &["--format", "subject"]);
        if !flag.is_empty() {
            args.push(flag.into());
        }
        let out = run(h.path(), &args);
        assert_eq!(out.status.code(), Some(2), "{file}: {}", stderr(&out));
        let err = stderr(&out);
        assert!(
            err.contains(&format!("{named} {} is a named pipe", path.display())),
            "{file}: {err}"
        );
        assert!(err.contains("move it aside"), "{err}");
    }
}

#[test]
fn a_pipe_at_the_last_answers_path_does_not_hang_an_ordinary_run() {
    let h = tempfile::tempdir().unwrap();
    let last = h.path().join("state/bowout/last.toml");
    mkfifo(&last);
    let out = run(h.path(), &common::with(CANCEL, &["--format", "subject"]));
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert_eq!(
        stdout(&out),
        "Cancelling my interview: Analyst, 3 December – Sam\n"
    );
    assert!(
        stderr(&out).contains("could not keep these answers for --last"),
        "{}",
        stderr(&out)
    );
    use std::os::unix::fs::FileTypeExt;
    assert!(std::fs::metadata(&last).unwrap().file_type().is_fifo());
}

#[test]
fn text_that_is_not_utf8_is_bad_input_wherever_it_is() {
    let h = tempfile::tempdir().unwrap();
    let answers = h.path().join("a.toml");
    std::fs::write(&answers, b"company = \"\xff\xfe\"\n").unwrap();
    let out = run(
        h.path(),
        &common::with(CANCEL, &["--answers", answers.to_str().unwrap()]),
    );
    said(&out, 2, "is not UTF-8 text (byte 12 is not valid UTF-8)");

    let profile = h.path().join("config/bowout/profile.toml");
    std::fs::create_dir_all(profile.parent().unwrap()).unwrap();
    std::fs::write(&profile, b"sender = \"\xc3\"\n").unwrap();
    let out = run(h.path(), &common::with(CANCEL, &[]));
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    assert!(stderr(&out).contains("profile"), "{}", stderr(&out));
    std::fs::remove_file(&profile).unwrap();

    let template = h.path().join("config/bowout/templates/cancel.hbs");
    std::fs::create_dir_all(template.parent().unwrap()).unwrap();
    std::fs::write(&template, b"Subject: \xff\n").unwrap();
    let out = run(h.path(), &common::with(CANCEL, &[]));
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    assert!(
        stderr(&out).contains(&format!("template {} is not UTF-8", template.display())),
        "{}",
        stderr(&out)
    );
}

#[test]
fn an_answers_path_that_is_a_directory_is_bad_input() {
    let h = tempfile::tempdir().unwrap();
    let out = run(
        h.path(),
        &common::with(CANCEL, &["--answers", h.path().to_str().unwrap()]),
    );
    said(&out, 2, "is a directory, not a file bowout can read");
}

#[test]
fn stale_temporary_files_in_bowouts_own_directories_are_swept() {
    let h = tempfile::tempdir().unwrap();
    let state = h.path().join("state/bowout");
    std::fs::create_dir_all(&state).unwrap();
    // Named by a process that has ended, as every temporary file is.
    let stale = state.join(format!(".bowout-{}-AbC123", gone_pid()));
    let fresh = state.join(".bowout-XyZ789");
    let recent = state.join(".bowout-Recent");
    let other = state.join("notes.txt");
    for f in [&stale, &fresh, &recent, &other] {
        std::fs::write(f, "x").unwrap();
    }
    std::fs::File::options()
        .write(true)
        .open(&recent)
        .unwrap()
        .set_modified(SystemTime::now() - Duration::from_secs(10 * 60))
        .unwrap();
    let two_hours_ago = SystemTime::now() - Duration::from_secs(2 * 60 * 60);
    for f in [&stale, &other] {
        std::fs::File::options()
            .write(true)
            .open(f)
            .unwrap()
            .set_modified(two_hours_ago)
            .unwrap();
    }
    let out = run(h.path(), &common::with(CANCEL, &["--format", "subject"]));
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(state.join("last.toml").is_file());
    assert!(
        !stale.exists(),
        "a temporary file left by a killed run is swept"
    );
    assert!(
        fresh.exists(),
        "one that may belong to a run going on now stays"
    );
    assert!(
        other.exists(),
        "files that are not bowout's temporary files stay"
    );
}

#[test]
fn a_closed_standard_output_fails_loudly() {
    let h = tempfile::tempdir().unwrap();
    let cmd = through_shell(h.path(), CLOSED_STDOUT, "UTC", &common::with(CANCEL, &[]));
    let out = within(cmd, 60).expect("bowout hung");
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    assert_eq!(
        stderr(&out),
        "bowout: standard output is closed, so nothing could be printed; give --output FILE \
         or --copy instead\n"
    );
    // With somewhere else to go, a closed stdout is no problem.
    let file = h.path().join("out.txt");
    let cmd = through_shell(
        h.path(),
        CLOSED_STDOUT,
        "UTC",
        &common::with(CANCEL, &["--output", file.to_str().unwrap()]),
    );
    let out = within(cmd, 60).expect("bowout hung");
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(
        std::fs::read_to_string(&file)
            .unwrap()
            .starts_with("Subject: ")
    );
}

/// Every kind of file, in every place bowout reads or writes one: it never
/// hangs, never crashes, never exits with anything but 0, 1 or 2, and never
/// replaces what is there unless it is a regular file.
#[test]
fn every_kind_of_file_in_every_place_is_handled_calmly() {
    #[derive(Clone, Copy, Debug)]
    enum Kind {
        Fifo,
        Directory,
        LinkToZero,
        LinkToNull,
        LinkToDirectory,
        LinkToFifo,
        Dangling,
        NotUtf8,
        Empty,
    }
    let kinds = [
        Kind::Fifo,
        Kind::Directory,
        Kind::LinkToZero,
        Kind::LinkToNull,
        Kind::LinkToDirectory,
        Kind::LinkToFifo,
        Kind::Dangling,
        Kind::NotUtf8,
        Kind::Empty,
    ];
    // (path under the home, extra arguments; `{}` is the path)
    let places: &[(&str, &[&str])] = &[
        ("given/answers.toml", &["--answers", "{}"]),
        ("config/bowout/profile.toml", &[]),
        ("state/bowout/last.toml", &["--last"]),
        ("state/bowout/resume.toml", &["--resume"]),
        ("config/bowout/templates/cancel.hbs", &[]),
        ("config/bowout/templates/partials/greeting.hbs", &[]),
        ("out/email.txt", &["--output", "{}", "--force"]),
    ];
    for (place, extra) in places {
        for kind in kinds {
            let h = tempfile::tempdir().unwrap();
            let path = h.path().join(place);
            std::fs::create_dir_all(path.parent().unwrap()).unwrap();
            let side = h.path().join("side");
            // Devices of the test's own, made with mknod (root only), so
            // that a regression could never replace the system's.
            let device = |name: &str, minor: &str| {
                let dev = h.path().join(name);
                Command::new("mknod")
                    .args([dev.to_str().unwrap(), "c", "1", minor])
                    .stderr(Stdio::null())
                    .status()
                    .is_ok_and(|s| s.success())
                    .then_some(dev)
            };
            match kind {
                Kind::Fifo => mkfifo(&path),
                Kind::Directory => std::fs::create_dir(&path).unwrap(),
                Kind::LinkToZero => match device("zero", "5") {
                    Some(dev) => std::os::unix::fs::symlink(dev, &path).unwrap(),
                    None => continue,
                },
                Kind::LinkToNull => match device("null", "3") {
                    Some(dev) => std::os::unix::fs::symlink(dev, &path).unwrap(),
                    None => continue,
                },
                Kind::LinkToDirectory => {
                    std::fs::create_dir(&side).unwrap();
                    std::os::unix::fs::symlink(&side, &path).unwrap();
                }
                Kind::LinkToFifo => {
                    mkfifo(&side);
                    std::os::unix::fs::symlink(&side, &path).unwrap();
                }
                Kind::Dangling => std::os::unix::fs::symlink(&side, &path).unwrap(),
                Kind::NotUtf8 => std::fs::write(&path, b"\xff\xfe\xfd").unwrap(),
                Kind::Empty => std::fs::write(&path, b"").unwrap(),
            }
            let before = std::fs::symlink_metadata(&path).unwrap().file_type();
            let mut args = common::with(CANCEL, &["--format", "subject"]);
            args.extend(
                extra
                    .iter()
                    .map(|a| a.replace("{}", path.to_str().unwrap())),
            );
            let mut cmd = bowout(h.path());
            cmd.args(&args);
            let out = within(cmd, 60).unwrap_or_else(|| panic!("{kind:?} at {place}: bowout hung"));
            let code = out.status.code();
            assert!(
                matches!(code, Some(0..=2)),
                "{kind:?} at {place}: exit {code:?}\n{}",
                stderr(&out)
            );
            assert!(
                !stderr(&out).contains("panicked"),
                "{kind:?} at {place}: {}",
                stderr(&out)
            );
            let after = std::fs::symlink_metadata(&path).unwrap().file_type();
            let replaceable = matches!(kind, Kind::NotUtf8 | Kind::Empty | Kind::Dangling);
            if !replaceable {
                assert_eq!(before, after, "{kind:?} at {place} was replaced");
            }
            if matches!(kind, Kind::Fifo | Kind::Directory | Kind::LinkToZero)
                && place.contains("bowout/")
            {
                assert_eq!(code, Some(2), "{kind:?} at {place}: {}", stderr(&out));
            }
        }
    }
}

#[test]
fn a_real_time_zone_file_is_read_whole() {
    // Clocks in New York go back an hour on 1 November 2026: from 09:00 on
    // the 31st to 08:30 on the 2nd is 47.5 hours on the clock but 48.5
    // hours in fact, which is more than 48 hours' notice. Read as UTC (a
    // zone file refused or cut), it would be short notice.
    let h = tempfile::tempdir().unwrap();
    let out = bowout(h.path())
        .env("TZ", "America/New_York")
        .args([
            "--no-input",
            "--now",
            "2026-10-31 09:00",
            "--set",
            "situation=cancel",
            "--set",
            "reason=illness",
            "--set",
            "company=Acme",
            "--set",
            "position=Analyst",
            "--set",
            "sender=Sam",
            "--set",
            "interview_at=2026-11-02 08:30",
            "--format",
            "subject",
        ])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert_eq!(stderr(&out), "", "no short-notice warning");
}

#[test]
fn a_template_of_your_own_is_read_up_to_its_limit() {
    let h = tempfile::tempdir().unwrap();
    let file = h.path().join("config/bowout/templates/partials/detail.hbs");
    std::fs::create_dir_all(file.parent().unwrap()).unwrap();
    // 200 KiB of comment is a large but acceptable template.
    let comment = format!("{{{{!-- {} --}}}}", "x".repeat(200 * 1024));
    std::fs::write(&file, &comment).unwrap();
    let out = run(h.path(), &common::with(CANCEL, &["--format", "subject"]));
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let comment = format!("{{{{!-- {} --}}}}", "x".repeat(300 * 1024));
    std::fs::write(&file, &comment).unwrap();
    let out = run(h.path(), &common::with(CANCEL, &["--format", "subject"]));
    said(&out, 2, "is larger than 256 KiB, the limit");
}

#[test]
fn an_answers_file_of_exactly_the_limit_is_read() {
    let h = tempfile::tempdir().unwrap();
    let file = h.path().join("a.toml");
    let head = "company = \"Acme\"\n#";
    let mut text = head.to_string();
    text.push_str(&"x".repeat(1024 * 1024 - head.len() - 1));
    text.push('\n');
    assert_eq!(text.len(), 1024 * 1024);
    std::fs::write(&file, &text).unwrap();
    let out = run(
        h.path(),
        &common::with(
            CANCEL,
            &["--answers", file.to_str().unwrap(), "--format", "subject"],
        ),
    );
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    text.push('\n');
    std::fs::write(&file, &text).unwrap();
    let out = run(
        h.path(),
        &common::with(CANCEL, &["--answers", file.to_str().unwrap()]),
    );
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
}

#[test]
fn a_state_directory_that_cannot_be_read_is_an_error_not_a_missing_file() {
    let h = tempfile::tempdir().unwrap();
    // The state directory's place is taken by a file: reading anything in
    // it fails, which must not pass for "there is no last run".
    std::fs::write(h.path().join("state"), "a file").unwrap();
    let out = run(h.path(), &common::with(CANCEL, &["--last"]));
    said(&out, 1, "cannot read the last answers");
}

#[test]
fn a_socket_given_as_answers_is_bad_input() {
    let h = tempfile::tempdir().unwrap();
    let path = h.path().join("answers.sock");
    let _listener = std::os::unix::net::UnixListener::bind(&path).unwrap();
    let out = run(
        h.path(),
        &common::with(CANCEL, &["--answers", path.to_str().unwrap()]),
    );
    said(&out, 2, "is a socket, not a file bowout can read");
}

/// The mode bits of a file.
fn mode(path: &Path) -> u32 {
    use std::os::unix::fs::PermissionsExt;
    std::fs::metadata(path).unwrap().permissions().mode() & 0o7777
}

/// `--output FILE --force` for the cancel, in `home`.
fn forced_output(home: &Path, file: &Path) -> std::process::Output {
    run(
        home,
        &common::with(
            CANCEL,
            &[
                "--format",
                "subject",
                "--output",
                file.to_str().unwrap(),
                "--force",
            ],
        ),
    )
}

#[test]
fn a_replaced_file_keeps_its_mode_and_owner() {
    use std::os::unix::fs::{MetadataExt, PermissionsExt};
    let h = tempfile::tempdir().unwrap();
    for bits in [0o644, 0o640, 0o664, 0o600] {
        let file = h.path().join(format!("out-{bits:o}.txt"));
        std::fs::write(&file, "old").unwrap();
        std::fs::set_permissions(&file, std::fs::Permissions::from_mode(bits)).unwrap();
        let out = forced_output(h.path(), &file);
        assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
        assert!(
            std::fs::read_to_string(&file)
                .unwrap()
                .starts_with("Cancelling")
        );
        assert_eq!(mode(&file), bits, "the mode of {}", file.display());
    }
    // As root, the owner and group stay too (here nobody's).
    let root = Command::new("id")
        .arg("-u")
        .output()
        .is_ok_and(|o| String::from_utf8_lossy(&o.stdout).trim() == "0");
    if root {
        let file = h.path().join("theirs.txt");
        std::fs::write(&file, "old").unwrap();
        std::os::unix::fs::chown(&file, Some(65534), Some(65534)).unwrap();
        let out = forced_output(h.path(), &file);
        assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
        let meta = std::fs::metadata(&file).unwrap();
        assert_eq!((meta.uid(), meta.gid()), (65534, 65534));
    }
}

#[test]
fn a_file_with_other_names_is_not_separated_from_them() {
    use std::os::unix::fs::MetadataExt;
    let h = tempfile::tempdir().unwrap();
    let file = h.path().join("out.txt");
    let other = h.path().join("other-name.txt");
    std::fs::write(&file, "old").unwrap();
    std::fs::hard_link(&file, &other).unwrap();
    let out = forced_output(h.path(), &file);
    said(&out, 2, "hard link");
    assert_eq!(stderr(&out).lines().count(), 1, "{}", stderr(&out));
    assert_eq!(std::fs::read_to_string(&file).unwrap(), "old");
    assert_eq!(
        std::fs::metadata(&other).unwrap().nlink(),
        2,
        "still one file"
    );
    // Through a symbolic link to it, the same.
    let link = h.path().join("link.txt");
    std::os::unix::fs::symlink(&file, &link).unwrap();
    said(&forced_output(h.path(), &link), 2, "hard link");
    assert_eq!(std::fs::read_to_string(&other).unwrap(), "old");
}

#[test]
fn a_link_to_nothing_or_a_loop_of_links_is_never_replaced() {
    let h = tempfile::tempdir().unwrap();
    let dangling = h.path().join("dangling.txt");
    std::os::unix::fs::symlink(h.path().join("nowhere/at/all"), &dangling).unwrap();
    let (a, b) = (h.path().join("a.txt"), h.path().join("b.txt"));
    std::os::unix::fs::symlink(&b, &a).unwrap();
    std::os::unix::fs::symlink(&a, &b).unwrap();
    for (link, words) in [
        (&dangling, "a symbolic link to nothing"),
        (&a, "a symbolic link that cannot be followed"),
    ] {
        for force in [true, false] {
            let mut args = common::with(
                CANCEL,
                &["--format", "subject", "--output", link.to_str().unwrap()],
            );
            if force {
                args.push("--force".into());
            }
            let out = run(h.path(), &args);
            said(&out, 2, words);
            assert!(
                std::fs::symlink_metadata(link)
                    .unwrap()
                    .file_type()
                    .is_symlink(),
                "{} is still a link",
                link.display()
            );
        }
    }
    assert!(!h.path().join("nowhere").exists());
}

#[test]
fn an_output_path_ending_in_a_slash_is_bad_usage() {
    let h = tempfile::tempdir().unwrap();
    for path in ["newdir/", "sub/dir/"] {
        let out = run(
            h.path(),
            &common::with(CANCEL, &["--output", path, "--force"]),
        );
        said(&out, 2, "ends in /, so it names a folder");
        assert!(!h.path().join(path).exists(), "{path} was not made");
    }
}

#[test]
fn the_next_write_into_a_folder_sweeps_temporary_files_a_killed_run_left_there() {
    let h = tempfile::tempdir().unwrap();
    let dir = h.path().join("letters");
    std::fs::create_dir_all(&dir).unwrap();
    let dead = gone_pid();
    let live = std::process::id();
    let stale = dir.join(format!(".bowout-{dead}-AbC123"));
    let running = dir.join(format!(".bowout-{live}-XyZ789"));
    let young = dir.join(format!(".bowout-{dead}-Recent"));
    let foreign = [
        dir.join(".bowout-notes"),
        dir.join(".bowout-12ab-x"),
        dir.join(format!(".bowoutx-{dead}-x")),
        dir.join(format!("bowout-{dead}-x")),
    ];
    for f in [&stale, &running, &young].into_iter().chain(&foreign) {
        std::fs::write(f, "x").unwrap();
    }
    for f in [&stale, &running].into_iter().chain(&foreign) {
        age(f, 2 * 60 * 60);
    }
    age(&young, 10 * 60);
    // One left in bowout's own state folder too, which the same run writes.
    let state = h.path().join("state/bowout");
    std::fs::create_dir_all(&state).unwrap();
    let stale_state = state.join(format!(".bowout-{dead}-Old"));
    std::fs::write(&stale_state, "x").unwrap();
    age(&stale_state, 2 * 60 * 60);
    let file = dir.join("out.txt");
    let out = run(
        h.path(),
        &common::with(CANCEL, &["--output", file.to_str().unwrap()]),
    );
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(file.is_file());
    assert!(!stale.exists(), "a killed run's temporary file is swept");
    assert!(!stale_state.exists(), "every folder written to is swept");
    assert!(running.exists(), "one of a run still going stays");
    assert!(young.exists(), "one less than an hour old stays");
    for f in &foreign {
        assert!(f.exists(), "{} is not bowout's: it stays", f.display());
    }
}

#[test]
fn a_standard_output_of_dev_null_opened_for_reading_and_writing_is_obeyed() {
    // Python's subprocess.DEVNULL, like systemd and many supervisors, opens
    // /dev/null for reading and writing.
    let h = tempfile::tempdir().unwrap();
    let out = Command::new("python3")
        .arg("-c")
        .arg(
            "import subprocess, sys\n\
             sys.exit(subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL).returncode)",
        )
        .arg(env!("CARGO_BIN_EXE_bowout"))
        .args(common::with(CANCEL, &[]))
        .env_clear()
        .env("TZ", "UTC")
        .env("HOME", h.path())
        .env("XDG_CONFIG_HOME", h.path().join("config"))
        .env("XDG_STATE_HOME", h.path().join("state"))
        .stdin(Stdio::null())
        .output()
        .expect("python3 is installed (scripts/test installs it)");
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert_eq!(stderr(&out), "");
    // The same from a shell.
    let cmd = through_shell(
        h.path(),
        "exec \"$0\" \"$@\" 1<>/dev/null",
        "UTC",
        &common::with(CANCEL, &[]),
    );
    let out = within(cmd, 60).expect("bowout hung");
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
}

#[test]
fn a_leading_tilde_is_the_home_directory_in_every_path_given_with_equals() {
    let h = tempfile::tempdir().unwrap();
    let home = h.path().join("home");
    let work = h.path().join("work");
    std::fs::create_dir_all(&home).unwrap();
    std::fs::create_dir_all(&work).unwrap();
    std::fs::write(
        home.join("a.toml"),
        "situation = \"cancel\"\nreason = \"illness\"\n",
    )
    .unwrap();
    let cmd = |args: &[&str]| {
        let mut c = Command::new(env!("CARGO_BIN_EXE_bowout"));
        c.current_dir(&work)
            .env_clear()
            .env("TZ", "UTC")
            .env("HOME", &home)
            .env("XDG_CONFIG_HOME", h.path().join("config"))
            .env("XDG_STATE_HOME", h.path().join("state"))
            .stdin(Stdio::null())
            .args(args);
        within(c, 60).expect("bowout hung")
    };
    let out = cmd(&[
        "--no-input",
        "--now",
        NOW,
        "--answers=~/a.toml",
        "--set",
        "company=Acme",
        "--set",
        "position=Analyst",
        "--set",
        "sender=Sam",
        "--set",
        "interview_at=2026-12-03 10:00",
        "--format=subject",
        "--output=~/y.txt",
    ]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(home.join("y.txt").is_file());
    assert!(!work.join("~").exists(), "no folder named ~");
    // The draft bowout check reads.
    std::fs::write(home.join("draft.txt"), "Subject: Hello\n\nHello.\n").unwrap();
    let out = cmd(&["check", "~/draft.txt", "--set", "situation=cancel"]);
    assert_ne!(out.status.code(), Some(2), "{}", stderr(&out));
    assert!(!stderr(&out).contains("~/draft"), "{}", stderr(&out));
    assert!(!work.join("~").exists(), "no folder named ~");
}

#[test]
fn a_new_file_follows_the_umask_and_bowouts_own_files_stay_private() {
    let h = tempfile::tempdir().unwrap();
    let file = h.path().join("new.txt");
    let cmd = through_shell(
        h.path(),
        "umask 022; exec \"$0\" \"$@\"",
        "UTC",
        &common::with(CANCEL, &["--output", file.to_str().unwrap()]),
    );
    let out = within(cmd, 60).expect("bowout hung");
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert_eq!(mode(&file), 0o644, "as a shell's > would make it");
    assert_eq!(mode(&h.path().join("state/bowout/last.toml")), 0o600);
}

#[test]
fn a_bare_file_name_is_written_in_the_current_folder() {
    let h = tempfile::tempdir().unwrap();
    let out = Command::new(env!("CARGO_BIN_EXE_bowout"))
        .current_dir(h.path())
        .env_clear()
        .env("TZ", "UTC")
        .env("HOME", h.path())
        .env("XDG_CONFIG_HOME", h.path().join("config"))
        .env("XDG_STATE_HOME", h.path().join("state"))
        .args(common::with(
            CANCEL,
            &["--format", "subject", "--output", "out.txt"],
        ))
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert_eq!(
        std::fs::read_to_string(h.path().join("out.txt")).unwrap(),
        "Cancelling my interview: Analyst, 3 December – Sam\n"
    );
}
