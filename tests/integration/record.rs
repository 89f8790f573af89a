//! A truthful record, through the real binary: a session skipped through is
//! partial with what was run and skipped; sessions outside the plan are
//! journalled as extra sessions; the effort question takes a note, and the
//! pain question after it (a sharp answer is rest at once); on a
//! terminal `run` asks before a session that breaks a rule, and `--force`
//! does not. Keys and answers go through tmux, as a runner would type them.

use crate::util::tmux;
use tmux::Tmux;

use std::path::Path;
use std::process::Command as Proc;
use std::time::Duration;

use crate::util::{require, wait_until, walkrun};
use predicates::prelude::*;
use serde_json::Value;

fn entries(home: &Path) -> Vec<Value> {
    let out = walkrun()
        .home(home)
        .args(["log", "--format", "json"])
        .output()
        .expect("runs");
    assert!(out.status.success());
    let doc: Value = serde_json::from_slice(&out.stdout).expect("JSON");
    doc["entries"].as_array().cloned().unwrap_or_default()
}

#[test]
fn steps_sessions_are_journalled_as_extra_sessions() {
    let home = tempfile::tempdir().expect("tempdir");
    walkrun()
        .home(home.path())
        .args(["use", "couch-to-5k"])
        .assert()
        .success();
    walkrun()
        .home(home.path())
        .now("2026-12-09T07:00")
        .args(["run", "--steps", "walk 1s, run 2s", "--no-audio"])
        .assert()
        .success()
        .stdout(predicate::str::contains(
            "Recorded the session as done: 2s of 2s of running",
        ))
        .stdout(predicate::str::contains("Next: W1D1, "));
    walkrun()
        .home(home.path())
        .now("2026-12-09T19:00")
        .args(["log", "add", "--steps", "run 20m", "--effort", "5"])
        .args(["--date", "2026-12-06", "--note", "parkrun, walked the hill"])
        .assert()
        .success()
        .stdout(predicate::str::contains(
            "Logged an extra session (run 20m) on Sun 6 Dec 2026: done, effort 5",
        ));
    let e = entries(home.path());
    assert_eq!(e.len(), 2);
    for x in &e {
        assert_eq!(x["extra"], true, "{x}");
        assert_eq!(x["address"], Value::Null);
        assert_eq!(x["plan"], Value::Null);
    }
    assert_eq!(e[0]["steps"], "run 20m");
    assert_eq!(e[0]["run_seconds_done"], 1200);
    assert_eq!(e[0]["note"], "parkrun, walked the hill");
    assert_eq!(e[1]["steps"], "walk 1s, run 2s");
    assert_eq!(e[1]["run_seconds_done"], 2);
    // Never mistaken for a plan session: the plan still starts at W1D1,
    // and the log says "extra".
    walkrun()
        .home(home.path())
        .args(["next", "--today", "2026-12-10"])
        .assert()
        .success()
        .stdout(predicate::str::contains("W1D1 is the first session"));
    walkrun()
        .home(home.path())
        .args(["log"])
        .assert()
        .success()
        // The first 20 minutes without a walk: a milestone, marked.
        .stdout(
            predicate::str::is_match(
                r"extra\s+done\s+20\s+5\s+milestone: 20 minutes without a walk; run 20m; parkrun",
            )
            .expect("re"),
        )
        .stdout(predicate::str::contains("0 of 27 sessions done"));
}

#[test]
fn log_add_steps_refuses_bad_steps_in_one_line() {
    let home = tempfile::tempdir().expect("tempdir");
    walkrun()
        .home(home.path())
        .args(["log", "add", "--steps", "run fast"])
        .assert()
        .code(2)
        .stderr(predicate::str::starts_with("walkrun: --steps: "))
        .stderr(predicate::function(|s: &str| s.lines().count() == 1));
    walkrun()
        .home(home.path())
        .args(["log", "add", "W1D1", "--steps", "run 1m"])
        .assert()
        .code(2);
    assert!(!home.path().join("journal.jsonl").exists());
}

/// Wait (at most 30 s) until `file` holds `text` at least `n` times.
fn wait_for(file: &Path, text: &str, n: usize) -> String {
    wait_until(
        format_args!("'{text}' (x{n}) in {}", file.display()),
        Duration::from_secs(30),
        || {
            let s = std::fs::read_to_string(file).unwrap_or_default();
            if s.matches(text).count() >= n {
                Ok(s)
            } else {
                Err(s)
            }
        },
    )
}

const LIFT_PLAN: &str = r#"name = "Keys"

[[lift]]
day = "mon"
at = "07:00"
minutes = 60

[[week]]
[[week.session]]
steps = "walk 20s, run 20s, walk 20s, run 20s, walk 20s"
"#;

#[test]
fn on_a_terminal_run_asks_force_does_not_and_a_skip_through_is_partial_with_its_note() {
    if !require("tmux") {
        return;
    }
    let dir = tempfile::tempdir().expect("tempdir");
    let d = dir.path();
    let plan = d.join("keys.toml");
    std::fs::write(&plan, LIFT_PLAN).expect("plan");
    let data = d.join("data");
    // Monday 09:00, an hour after the lift: a run breaks same-day-gap.
    let run = |n: u32, extra: &str| {
        format!(
            "{} run '{}' --session W1D1 \
             --no-audio {extra} > '{d}/out{n}' 2> '{d}/err{n}'; echo $? > '{d}/rc{n}'",
            walkrun().home(&data).now("2026-12-07T09:00").shell(),
            plan.display(),
            d = d.display()
        )
    };
    let script = format!("{}; {}; sleep 60", run(1, ""), run(2, "--force"));
    let tmux = Tmux {
        session: "rec",
        socket: d.join("tmux.sock"),
    };
    tmux.start(120, 40, &script);

    // Asked, and declined: not started, a better time given, nothing recorded.
    let err = wait_for(&d.join("err1"), "Start anyway? [y/N]", 1);
    assert!(
        err.contains("error[same-day-gap]: a run now starts 1 h after today's 07:00 lift"),
        "{err}"
    );
    tmux.send(&["n", "Enter"]);
    wait_for(&d.join("rc1"), "0", 1);
    let out = std::fs::read_to_string(d.join("out1")).expect("out1");
    assert!(
        out.contains("Not started. Better: today (Mon 7 Dec) from 14:00."),
        "{out}"
    );

    // --force: the same lines, no question, and the session plays. Every
    // segment skipped with `n`.
    let out2 = d.join("out2");
    wait_for(&out2, "WALK 20s", 1);
    for n in 1..=5 {
        tmux.send(&["n"]);
        if n < 5 {
            wait_for(&out2, "skipped to", n);
        } else {
            wait_for(&out2, "session over, with skips", 1);
        }
    }
    wait_for(&d.join("err2"), "How hard was it", 1);
    tmux.send(&["8 legs heavy", "Enter"]);
    wait_for(&d.join("err2"), "Any pain?", 1);
    tmux.send(&["none", "Enter"]);
    wait_for(&d.join("rc2"), "0", 1);
    let err2 = std::fs::read_to_string(d.join("err2")).expect("err2");
    assert!(!err2.contains("Start anyway"), "{err2}");
    assert!(err2.contains("error[same-day-gap]"), "{err2}");
    let out2 = std::fs::read_to_string(&out2).expect("out2");
    assert!(
        out2.contains("Recorded W1D1 as partial, effort 8: "),
        "{out2}"
    );

    let e = entries(&data);
    assert_eq!(e.len(), 1, "the declined session left nothing: {e:?}");
    let e = &e[0];
    assert_eq!(e["outcome"], "partial");
    assert_eq!(e["note"], "legs heavy");
    assert_eq!(e["effort"], 8);
    assert_eq!(e["pain"], "none");
    assert_eq!(e["run_seconds_planned"], 40);
    let run = e["run_seconds_done"].as_u64().expect("run");
    let skipped = e["run_seconds_skipped"].as_u64().expect("skipped");
    // Skipped and done running add up to the session's running, and only
    // a session played through is "complete".
    assert!(run <= 2 && run + skipped == 40, "{e}");
    assert!(out2.contains("Session over, with skips: "), "{out2}");
    assert!(!out2.to_lowercase().contains("session complete"), "{out2}");
    assert_eq!(e["segments_skipped"], 5);
    // The coach repeats it, and says the running was skipped.
    walkrun()
        .home(&data)
        .arg("next")
        .arg(&plan)
        .args(["--today", "2026-12-09"])
        .assert()
        .success()
        .stdout(predicate::str::contains("Repeating W1D1: last try ran "))
        .stdout(predicate::str::contains("and skipped"));
}

#[test]
fn a_session_that_cannot_be_recorded_ends_with_one_line_naming_where_and_exit_3() {
    let dir = tempfile::tempdir().expect("tempdir");
    let data = dir.path().join("data");
    std::fs::create_dir(&data).expect("data folder");
    let session = format!(
        "{} run --steps 'walk 1s, run 1s' --no-audio",
        walkrun().home(&data).shell()
    );
    // A read-only data folder: a read-only bind mount in a private mount
    // namespace (root writes through a folder's mode bits), else the mode.
    let as_root = Proc::new("unshare")
        .args(["-m", "sh", "-c", "mount -t tmpfs none /mnt"])
        .stderr(std::process::Stdio::null())
        .status()
        .is_ok_and(|s| s.success());
    let out = if as_root {
        let d = data.display();
        Proc::new("unshare")
            .args(["-m", "sh", "-c"])
            .arg(format!(
                "mount --bind '{d}' '{d}' && mount -o remount,ro,bind '{d}' && {session}"
            ))
            .output()
            .expect("runs")
    } else {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(&data, std::fs::Permissions::from_mode(0o555)).expect("chmod");
        Proc::new("sh")
            .args(["-c", &session])
            .output()
            .expect("runs")
    };
    let stdout = String::from_utf8_lossy(&out.stdout);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(3), "{stdout}{stderr}");
    // The session played, then the last word says it left no record, and where.
    assert!(stdout.contains("RUN 1s"), "{stdout}");
    assert!(!stdout.contains("Recorded"), "{stdout}");
    let last = stderr.lines().last().unwrap_or_default();
    assert!(
        last.starts_with("walkrun: the session was not recorded: ")
            && last.contains(&data.join("journal.jsonl").display().to_string()),
        "{stderr}"
    );
    assert_eq!(
        stderr.matches("not recorded").count(),
        1,
        "one line at the end: {stderr}"
    );
}

#[test]
fn the_question_after_a_session_asks_about_pain_and_a_sharp_answer_means_rest() {
    if !require("tmux") {
        return;
    }
    let dir = tempfile::tempdir().expect("tempdir");
    let d = dir.path();
    let data = d.join("data");
    let script = format!(
        "{} run --steps 'walk 1s, run 1s' --no-audio > '{d}/out' 2> '{d}/err'; \
         echo $? > '{d}/rc'; sleep 60",
        walkrun().home(&data).now("2026-12-08T19:00").shell(),
        d = d.display()
    );
    let tmux = Tmux {
        session: "pain",
        socket: d.join("tmux.sock"),
    };
    tmux.start(120, 40, &script);
    wait_for(&d.join("err"), "How hard was it", 1);
    tmux.send(&["9 calves burning", "Enter"]);
    wait_for(&d.join("err"), "Any pain? none, niggle", 1);
    tmux.send(&["sharp, left shin", "Enter"]);
    wait_for(&d.join("rc"), "0", 1);
    let out = std::fs::read_to_string(d.join("out")).expect("out");
    assert!(
        out.contains("Recorded the session as done, effort 9, pain: sharp"),
        "{out}"
    );
    assert!(
        out.contains("Rest: no running until the pain has gone, and not before Fri 11 Dec"),
        "{out}"
    );
    let e = entries(&data);
    assert_eq!(e[0]["pain"], "sharp", "{e:?}");
    assert_eq!(e[0]["note"], "calves burning; left shin");
    walkrun()
        .home(&data)
        .now("2026-12-09T08:00")
        .args(["next"])
        .assert()
        .success()
        .stdout(predicate::str::starts_with("Rest: "));
}
