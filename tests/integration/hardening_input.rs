//! Input that must never crash or exhaust walkrun (issue 11): the steps
//! grammar's limits, exact decimal durations, plans that read back whatever
//! they hold, `plan --reschedule` editing the runner's file in place, and
//! text from files printed short and inert. Each runs the real binary.

use std::path::Path;
use std::time::Duration;

use crate::util::{walkrun, Walkrun};
use predicates::prelude::*;

/// walkrun with its data in `home`, run from there, given a minute.
fn in_home(home: &Path) -> Walkrun {
    let mut w = walkrun().home(home).in_home();
    // Not a performance target (bench/input.sh measures that): only so that
    // a parser that tries to expand a billion segments fails instead of
    // hanging the suite.
    w.timeout(Duration::from_secs(60));
    w
}

fn stderr_of(out: &std::process::Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

/// A bad-input failure: exit 2 and exactly one line on stderr, returned.
fn one_line_failure(out: &std::process::Output) -> String {
    let err = stderr_of(out);
    assert_eq!(out.status.code(), Some(2), "{err}");
    assert_eq!(err.lines().count(), 1, "{err}");
    err
}

fn plan_with_steps(steps: &str) -> String {
    format!("name = \"Mine\"\n\n[[week]]\n[[week.session]]\nday = \"tue\"\nsteps = \"{steps}\"\n")
}

mod grammar_limits {
    use super::*;

    #[test]
    fn thirty_thousand_nested_repeats_are_one_line_naming_the_depth() {
        let home = tempfile::tempdir().expect("tempdir");
        let steps = format!("{}run 1s{}", "1x(".repeat(30_000), ")".repeat(30_000));
        let out = in_home(home.path())
            .args(["render", "--steps", &steps, "-o", "s.wav"])
            .output()
            .expect("runs");
        let err = one_line_failure(&out);
        assert!(
            err.contains("column 25") && err.contains("nested at most 8 deep"),
            "{err}"
        );
        assert!(!home.path().join("s.wav").exists());

        // The same in a plan file names the file, line and column.
        std::fs::write(home.path().join("p.toml"), plan_with_steps(&steps)).expect("write");
        let out = in_home(home.path())
            .args(["check", "p.toml"])
            .output()
            .expect("runs");
        let err = one_line_failure(&out);
        assert!(
            err.contains("p.toml:6:34:") && err.contains("8 deep"),
            "{err}"
        );
    }

    #[test]
    fn a_billion_segments_are_refused_before_they_are_built() {
        let home = tempfile::tempdir().expect("tempdir");
        let out = in_home(home.path())
            .args([
                "render",
                "--steps",
                "200x(200x(200x(200x(run 1s))))",
                "-o",
                "s.wav",
            ])
            .output()
            .expect("runs");
        let err = one_line_failure(&out);
        assert!(
            err.contains("column 6") && err.contains("at most 5000 segments"),
            "{err}"
        );
        std::fs::write(
            home.path().join("p.toml"),
            plan_with_steps("warmup 5m, 100x(run 30s, walk 30s), 100x(run 1s, 100x(walk 1s))"),
        )
        .expect("write");
        let out = in_home(home.path())
            .args(["show", "p.toml"])
            .output()
            .expect("runs");
        let err = one_line_failure(&out);
        assert!(
            err.contains("p.toml:6:") && err.contains("5000 segments"),
            "{err}"
        );
    }

    #[test]
    fn the_largest_session_within_the_limits_still_plays() {
        let home = tempfile::tempdir().expect("tempdir");
        // 5000 segments in 2 h 10 min, under both limits.
        let steps = "24x(100x(run 1s, walk 2s)), 100x(run 3s, walk 3s)";
        std::fs::write(home.path().join("p.toml"), plan_with_steps(steps)).expect("write");
        in_home(home.path())
            .args(["show", "p.toml"])
            .assert()
            .success()
            .stdout(predicate::str::contains("2 h 10 min, running 45 min"));
        let over = format!("{steps}, walk 1s");
        std::fs::write(home.path().join("p.toml"), plan_with_steps(&over)).expect("write");
        let out = in_home(home.path())
            .args(["show", "p.toml"])
            .output()
            .expect("runs");
        let err = one_line_failure(&out);
        assert!(err.contains("segment 5001"), "{err}");
    }
}

mod exact_decimals {
    use super::*;

    #[test]
    fn decimal_minutes_and_hours_that_are_whole_seconds_are_accepted() {
        let home = tempfile::tempdir().expect("tempdir");
        std::fs::write(
            home.path().join("p.toml"),
            plan_with_steps("warmup 4.1m, run 0.05h, walk 2.5m"),
        )
        .expect("write");
        // 246 s + 180 s + 150 s, shown in the grammar's canonical form.
        in_home(home.path())
            .args(["show", "p.toml"])
            .assert()
            .success()
            .stdout(predicate::str::contains("warmup 4m6s, run 3m, walk 2m30s"))
            .stdout(predicate::str::contains("9:36 min, running 3 min"));
    }

    #[test]
    fn a_fraction_of_a_second_is_refused_saying_what_it_came_to() {
        let home = tempfile::tempdir().expect("tempdir");
        let out = in_home(home.path())
            .args(["render", "--steps", "walk 2m, run 1.01m", "-o", "s.wav"])
            .output()
            .expect("runs");
        let err = one_line_failure(&out);
        assert!(
            err.contains(
                "column 14: expected a duration in whole seconds, found '1.01m', which is 60.6 s"
            ),
            "{err}"
        );
    }
}

mod plans_read_back {
    use super::*;
    use walkrun::plan::Plan;

    /// A program whose every text field is hostile to naive TOML writing.
    const PROGRAM: &str = r#"
name = 'start = "2026-12-07" # not a date'
description = """Line one
[[week]]
name = "not a key"
end \u001b[2J"""
goal = "5k"

[[week]]
[[week.session]]
steps = "warmup 5m, 8x(run 60s, walk 90s), cooldown 5m"
note = "it's \"easy\" # honest"

[[week]]
[[week.session]]
steps = "warmup 5m, 8x(run 60s, walk 90s), cooldown 5m"
note = "ünïcödé 🏃 ''' \"\"\""
"#;

    #[test]
    fn a_plan_made_from_any_program_loads_with_the_same_texts() {
        let home = tempfile::tempdir().expect("tempdir");
        // A folder whose name holds a line break and an escape: the command
        // line lands in the header comment of the plan written.
        let dir = home.path().join("odd\nname\u{1b}[2J # folder");
        std::fs::create_dir(&dir).expect("mkdir");
        let program = dir.join("prog.toml");
        std::fs::write(&program, PROGRAM).expect("write");
        in_home(home.path())
            .args(["plan", "--program"])
            .arg(&program)
            .args([
                "--start",
                "2026-12-07",
                "--run-days",
                "tue,thu,sat",
                "-o",
                "out.toml",
            ])
            .assert()
            .success();
        let source = Plan::from_toml(PROGRAM, "prog.toml").expect("valid");
        let written = home.path().join("out.toml");
        let plan = Plan::load(&written).unwrap_or_else(|e| {
            panic!(
                "{e}\n{}",
                std::fs::read_to_string(&written).unwrap_or_default()
            )
        });
        assert_eq!(plan.name, source.name);
        assert_eq!(plan.description, source.description);
        let notes = |p: &Plan| {
            p.sessions()
                .map(|(_, s)| s.note.clone())
                .collect::<Vec<_>>()
        };
        assert_eq!(notes(&plan), notes(&source));
        assert_eq!(plan.start, chrono::NaiveDate::from_ymd_opt(2026, 12, 7));
        in_home(home.path())
            .args(["show", "out.toml"])
            .assert()
            .success();
    }
}

mod reschedule_edits_in_place {
    use super::*;

    /// The runner's own file: comments everywhere, a literal string, and a
    /// session an hour after a leg lift, which breaks `same-day-gap`.
    const MINE: &str = r#"# My plan, by hand. Notes to myself below.
name = "Morning \"runs\" # mine"
start = 2026-10-05          # a Monday; I was ill in October

# Monday is leg day at the gym.
[[lift]]
day = "mon"
at = "07:00"
minutes = 60
legs = true

[[week]]   # week one: easy
[[week.session]]
day = "mon"
at = "09:00"                # straight after the gym: too soon, I know
steps = "warmup 5m, 8x(run 60s, walk 90s), cooldown 5m"

[[week.session]]
day   = "thu"
steps = 'warmup 5m, 6x(run 90s, walk 2m), cooldown 5m'   # literal

[[week]]
[[week.session]]
day = "tue"
steps = "warmup 5m, 6x(run 90s, walk 2m), cooldown 5m"
# the end
"#;

    #[test]
    fn only_the_start_changes_and_a_plan_breaking_a_rule_still_moves() {
        let home = tempfile::tempdir().expect("tempdir");
        let path = home.path().join("mine.toml");
        std::fs::write(&path, MINE).expect("write");
        in_home(home.path())
            .args(["check", "mine.toml"])
            .assert()
            .code(1)
            .stdout(predicate::str::contains("error[same-day-gap]"));
        // Nothing done yet and today is Wed 25 Nov: W1D1 (a Monday) moves to
        // Mon 30 Nov, so week 1 starts then.
        in_home(home.path())
            .args(["plan", "--reschedule", "mine.toml", "--today", "2026-11-25"])
            .assert()
            .success()
            .stdout(predicate::str::contains("W1D1 is now on Mon 30 Nov"))
            .stderr(predicate::str::contains(
                "already breaks rules (1 error, 1 warning)",
            ));
        let after = std::fs::read_to_string(&path).expect("read");
        let expected = format!(
            "# Rescheduled by walkrun on 2026-11-25: W1D1 moved to Mon 30 Nov 2026.\n{}",
            MINE.replace("start = 2026-10-05", "start = 2026-11-30")
        );
        assert_eq!(after, expected);
        // The finding is the plan's own, and still there.
        in_home(home.path())
            .args(["check", "mine.toml"])
            .assert()
            .code(1)
            .stdout(predicate::str::contains("error[same-day-gap]"));

        // Again a week later: still one such line at the top, the latest.
        in_home(home.path())
            .args(["plan", "--reschedule", "mine.toml", "--today", "2026-12-02"])
            .assert()
            .success();
        let again = std::fs::read_to_string(&path).expect("read");
        let expected = format!(
            "# Rescheduled by walkrun on 2026-12-02: W1D1 moved to Mon 7 Dec 2026.\n{}",
            MINE.replace("start = 2026-10-05", "start = 2026-12-07")
        );
        assert_eq!(again, expected);
    }

    #[test]
    fn a_file_with_windows_line_endings_keeps_them() {
        let home = tempfile::tempdir().expect("tempdir");
        let crlf = MINE.replace('\n', "\r\n");
        std::fs::write(home.path().join("mine.toml"), &crlf).expect("write");
        in_home(home.path())
            .args(["plan", "--reschedule", "mine.toml", "--today", "2026-11-25"])
            .assert()
            .success();
        let after = std::fs::read_to_string(home.path().join("mine.toml")).expect("read");
        let expected = format!(
            "# Rescheduled by walkrun on 2026-11-25: W1D1 moved to Mon 30 Nov 2026.\r\n{}",
            crlf.replace("start = 2026-10-05", "start = 2026-11-30")
        );
        assert_eq!(after, expected);
    }

    #[test]
    fn to_another_file_the_source_stays_as_it_was() {
        let home = tempfile::tempdir().expect("tempdir");
        std::fs::write(home.path().join("mine.toml"), MINE).expect("write");
        in_home(home.path())
            .args([
                "plan",
                "--reschedule",
                "mine.toml",
                "--today",
                "2026-11-25",
                "-o",
                "new.toml",
            ])
            .assert()
            .success();
        assert_eq!(
            std::fs::read_to_string(home.path().join("mine.toml")).expect("read"),
            MINE
        );
        let new = std::fs::read_to_string(home.path().join("new.toml")).expect("read");
        assert!(
            new.contains("start = 2026-11-30          # a Monday; I was ill in October\n"),
            "{new}"
        );
        assert!(new.ends_with("# the end\n"), "{new}");
    }
}

mod shown_text {
    use super::*;

    fn no_terminal_controls(what: &str, bytes: &[u8]) {
        let text = String::from_utf8_lossy(bytes);
        assert!(
            !text
                .chars()
                .any(|c| c.is_control() && c != '\n' || c == '\u{202e}'),
            "{what} printed a control character: {text:?}"
        );
    }

    #[test]
    fn names_and_notes_from_files_are_printed_without_escapes() {
        let home = tempfile::tempdir().expect("tempdir");
        let plan = "name = \"\\u001b[2JCleared \\u202eevil\"\n\
                    description = \"bell\\u0007 and \\u009b CSI\"\n\
                    start = 2025-01-06\n\n\
                    [[week]]\n[[week.session]]\nday = \"tue\"\n\
                    steps = \"warmup 5m, 8x(run 60s, walk 90s), cooldown 5m\"\n\
                    note = \"\\u001b]0;title\\u0007\"\n";
        std::fs::write(home.path().join("p.toml"), plan).expect("write");
        let run = |args: &[&str]| {
            let out = in_home(home.path()).args(args).output().expect("runs");
            no_terminal_controls(&format!("{args:?} stdout"), &out.stdout);
            no_terminal_controls(&format!("{args:?} stderr"), &out.stderr);
            out
        };
        let show = run(&["show", "p.toml"]);
        assert!(show.status.success());
        let stdout = String::from_utf8_lossy(&show.stdout);
        assert!(
            stdout.starts_with("\\u{1b}[2JCleared \\u{202e}evil: bell\\u{7} and \\u{9b} CSI"),
            "{stdout}"
        );
        run(&["check", "p.toml"]);
        run(&["use", "p.toml"]);
        run(&["next", "--today", "2025-01-07"]);
        run(&[
            "log",
            "add",
            "W1D1",
            "--date",
            "2025-01-07",
            "--note",
            "\u{1b}[31mred\u{1b}[0m",
        ]);
        let log = run(&["log", "--today", "2025-01-08"]);
        assert!(String::from_utf8_lossy(&log.stdout).contains("\\u{1b}[31mred"));
    }

    #[test]
    fn ten_kilobytes_of_bad_steps_give_a_short_line() {
        let home = tempfile::tempdir().expect("tempdir");
        let junk = format!("run {}", "9".repeat(10_000));
        let out = in_home(home.path())
            .args(["render", "--steps", &junk, "-o", "s.wav"])
            .output()
            .expect("runs");
        let err = one_line_failure(&out);
        assert!(err.chars().count() < 200, "{} chars: {err}", err.len());
        assert!(err.contains("'9999") && err.contains('…'), "{err}");

        let junk = "walk\u{1b}[2J".repeat(1000);
        std::fs::write(
            home.path().join("p.toml"),
            plan_with_steps(&junk.replace('\u{1b}', "\\u001b")),
        )
        .expect("write");
        let out = in_home(home.path())
            .args(["check", "p.toml"])
            .output()
            .expect("runs");
        let err = one_line_failure(&out);
        assert!(err.chars().count() < 250, "{} chars: {err}", err.len());
        no_terminal_controls("check", err.as_bytes());
    }

    #[test]
    fn ten_kilobyte_keys_and_flags_are_quoted_short() {
        let home = tempfile::tempdir().expect("tempdir");
        let key = "k".repeat(10_000);
        std::fs::write(
            home.path().join("p.toml"),
            format!("{key} = 1\n{}", plan_with_steps("run 1m")),
        )
        .expect("write");
        let out = in_home(home.path())
            .args(["check", "p.toml"])
            .output()
            .expect("runs");
        let err = one_line_failure(&out);
        assert!(
            err.contains("unknown field `kkk") && err.chars().count() < 250,
            "{err}"
        );

        let lift = format!("mon@{}", "x".repeat(10_000));
        let out = in_home(home.path())
            .args(["check", "p.toml", "--lift", &lift])
            .output()
            .expect("runs");
        let err = one_line_failure(&out);
        assert!(err.chars().count() < 400, "{} chars: {err}", err.len());

        // Flags whose value is echoed back.
        let long = "x".repeat(10_000);
        for flag in ["--tz", "--remind"] {
            let out = in_home(home.path())
                .args(["export", "couch-to-5k", "--ics", "-", flag, &long])
                .output()
                .expect("runs");
            let err = one_line_failure(&out);
            assert!(err.chars().count() < 200, "{flag}: {err}");
        }
        let out = in_home(home.path())
            .args(["render", "--steps", "walk 1m", "-o"])
            .arg(format!("a.{}\u{1b}[2J", "x".repeat(100)))
            .output()
            .expect("runs");
        let err = one_line_failure(&out);
        assert!(err.contains('…') && !err.contains('\u{1b}'), "{err}");
    }
}

mod plan_limits {
    use super::*;

    fn weeks(n: usize, start: &str) -> String {
        let mut s = format!("name = \"Long\"\nstart = {start}\n");
        for _ in 0..n {
            s.push_str("\n[[week]]\n[[week.session]]\nday = \"tue\"\nsteps = \"walk 30m\"\n");
        }
        s
    }

    #[test]
    fn weeks_past_the_year_9999_are_refused_where_the_start_is() {
        let home = tempfile::tempdir().expect("tempdir");
        // Three weeks from 20 December 9999 would end in January 10000,
        // which no plan file (and no calendar export) can say.
        std::fs::write(home.path().join("p.toml"), weeks(3, "9999-12-20")).expect("write");
        for args in [
            &["show", "p.toml"][..],
            &["check", "p.toml"],
            &["export", "p.toml", "--ics", "p.ics"],
            &["plan", "--program", "p.toml", "-o", "q.toml"],
        ] {
            let out = in_home(home.path()).args(args).output().expect("runs");
            let err = one_line_failure(&out);
            assert!(
                err.contains("p.toml:2:9: start 9999-12-20") && err.contains("run past 9999-12-31"),
                "{args:?}: {err}"
            );
        }
        assert!(!home.path().join("p.ics").exists());
        // Two weeks end on 9999-12-31 itself: fine.
        std::fs::write(home.path().join("p.toml"), weeks(2, "9999-12-18")).expect("write");
        in_home(home.path())
            .args(["show", "p.toml"])
            .assert()
            .success();
    }

    #[test]
    fn a_plan_of_more_than_520_weeks_or_4_mb_is_refused() {
        let home = tempfile::tempdir().expect("tempdir");
        std::fs::write(home.path().join("p.toml"), weeks(520, "2026-12-07")).expect("write");
        in_home(home.path())
            .args(["check", "p.toml"])
            .assert()
            .success();
        std::fs::write(home.path().join("p.toml"), weeks(521, "2026-12-07")).expect("write");
        let out = in_home(home.path())
            .args(["check", "p.toml"])
            .output()
            .expect("runs");
        let err = one_line_failure(&out);
        // The 521st week's header: 2 lines of plan, 5 a week.
        assert!(
            err.contains(&format!(
                "p.toml:{}:1: week 521: expected a plan of at most 520 weeks",
                3 + 5 * 520 + 1
            )),
            "{err}"
        );
        // A file far larger than any plan is refused before it is read whole.
        let big = home.path().join("big.toml");
        let f = std::fs::File::create(&big).expect("create");
        f.set_len(1 << 30).expect("sparse file");
        let out = in_home(home.path())
            .args(["show", "big.toml"])
            .output()
            .expect("runs");
        let err = one_line_failure(&out);
        assert!(
            err.contains("big.toml: expected a plan file of at most 4 MB"),
            "{err}"
        );
    }

    #[test]
    fn a_plan_that_starts_far_ahead_is_on_schedule_not_refused() {
        let home = tempfile::tempdir().expect("tempdir");
        std::fs::write(home.path().join("p.toml"), weeks(3, "2031-01-06")).expect("write");
        in_home(home.path())
            .args(["plan", "--reschedule", "p.toml", "--today", "2026-12-06"])
            .assert()
            .success()
            .stdout(predicate::str::contains("on schedule, nothing to move"));
    }
}

mod endless_files {
    use super::*;

    /// A profile that never ends (a link to /dev/zero) is read no further
    /// than any profile could be long, and stops the command as any bad
    /// profile does: one line, exit 2.
    #[test]
    fn a_profile_or_plan_linked_to_dev_zero_is_refused_not_read_forever() {
        let home = tempfile::tempdir().expect("tempdir");
        std::os::unix::fs::symlink("/dev/zero", home.path().join("config.toml")).expect("link");
        let out = in_home(home.path())
            .args(["next", "couch-to-5k"])
            .output()
            .expect("runs");
        let err = one_line_failure(&out);
        assert!(
            err.contains("config.toml: cannot read: is a character device, not a regular file"),
            "{err}"
        );
        std::fs::remove_file(home.path().join("config.toml")).expect("rm");
        let out = in_home(home.path())
            .args(["show", "/dev/zero"])
            .output()
            .expect("runs");
        let err = one_line_failure(&out);
        assert!(err.contains("at most 4 MB"), "{err}");
    }
}

mod not_regular_files {
    use super::*;
    use crate::util::poll_until;
    use std::process::Stdio;

    fn mkfifo(path: &Path) {
        let c = std::ffi::CString::new(path.to_str().expect("utf8")).expect("c string");
        // SAFETY: a valid C string.
        assert_eq!(unsafe { libc::mkfifo(c.as_ptr(), 0o644) }, 0, "mkfifo");
    }

    /// `walkrun next couch-to-5k` (or `next` on the current plan) in `home`:
    /// its output once it has ended, which must be within a second.
    fn next_within_a_second(home: &Path, args: &[&str]) -> std::process::Output {
        let mut child = walkrun()
            .home(home)
            .std()
            .args(args)
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("starts");
        if poll_until(Duration::from_secs(1), || child.try_wait().expect("wait")).is_err() {
            let _ = child.kill();
            let _ = child.wait();
            panic!("walkrun {args:?} still running after a second");
        }
        child.wait_with_output().expect("output")
    }

    /// A FIFO as the profile or as the current-plan file would block the
    /// command in `open` until some writer came: it is refused at once, in
    /// one line that names the file and says what it is.
    #[test]
    fn a_fifo_as_the_profile_or_the_current_plan_is_refused_at_once() {
        let home = tempfile::tempdir().expect("tempdir");
        mkfifo(&home.path().join("config.toml"));
        let out = next_within_a_second(home.path(), &["next", "couch-to-5k"]);
        let err = one_line_failure(&out);
        assert!(
            err.contains("config.toml: cannot read: is a FIFO, not a regular file"),
            "{err}"
        );
        std::fs::remove_file(home.path().join("config.toml")).expect("rm");

        mkfifo(&home.path().join("current-plan.json"));
        let out = next_within_a_second(home.path(), &["next"]);
        let stderr = stderr_of(&out);
        assert_eq!(out.status.code(), Some(3), "{stderr}");
        assert_eq!(stderr.lines().count(), 1, "{stderr}");
        assert!(
            stderr.contains("current-plan.json: is a FIFO, not a regular file"),
            "{stderr}"
        );
    }
}

mod rule_numbers {
    use super::*;

    /// A threshold far out of range is refused with the range, and echoed as
    /// written (`1e308`), not as 309 digits.
    #[test]
    fn an_absurd_threshold_is_echoed_in_a_sane_form_with_the_range() {
        let home = tempfile::tempdir().expect("tempdir");
        for (value, echoed) in [("1e308", "found 1e308"), ("-2.5e-300", "found -2.5e-300")] {
            std::fs::write(
                home.path().join("p.toml"),
                format!(
                    "name = \"Gap\"\nstart = 2026-12-07\n\n[rules]\nsame_day_gap_hours = {value}\n\n\
                     [[week]]\n[[week.session]]\nday = \"tue\"\nat = \"07:00\"\nsteps = \"run 20m\"\n"
                ),
            )
            .expect("write");
            let out = in_home(home.path())
                .args(["check", "p.toml"])
                .output()
                .expect("runs");
            let err = one_line_failure(&out);
            assert!(
                err.contains(&format!(
                    "p.toml:5:1: [rules] same_day_gap_hours: expected 0 to 24 hours, {echoed}"
                )),
                "{err}"
            );
            assert!(err.len() < 200, "{err}");
        }
    }
}

mod lift_past_midnight {
    use super::*;

    /// `next` in the small hours after a lift that ran past midnight names
    /// that lift, not a session of a made-up week.
    #[test]
    fn next_after_midnight_names_last_nights_lift() {
        let home = tempfile::tempdir().expect("tempdir");
        std::fs::write(
            home.path().join("p.toml"),
            "name = \"Late lifts\"\nstart = 2026-12-07\n\n[[lift]]\nday = \"mon\"\nat = \"23:30\"\nminutes = 90\n\n[[week]]\n[[week.session]]\nday = \"tue\"\nat = \"07:00\"\nsteps = \"run 20m\"\n",
        )
        .expect("write");
        in_home(home.path())
            .args(["use", "p.toml"])
            .assert()
            .success();
        // The lift ends at 01:00 on Tuesday; 02:00 is an hour later.
        in_home(home.path())
            .args(["next", "--now", "2026-12-08T02:00"])
            .assert()
            .success()
            .stdout(predicate::str::contains(
                "Not now:\n  a run now starts 1 h after last night's 23:30 lift, which ends after midnight; keep at least 6 h between them.\n",
            ))
            .stdout(predicate::str::contains("W2D1").not());
    }
}
