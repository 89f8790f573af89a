//! Progress you can see: `walkrun log --chart` over a small journal and
//! `walkrun show --chart`, as snapshots, at a narrow width, and with and
//! without colour.

use std::path::Path;

use crate::util::walkrun;
use assert_cmd::Command;

/// The charts' clock: Wednesday of the journal's third week.
const NOW: &str = "2026-12-16T20:00";

/// Three weeks of Couch to 5K: a full first week, a second week with a
/// session skipped through, a missed one and a run outside the plan, and
/// this week so far.
fn small_journal(home: &Path) {
    walkrun()
        .home(home)
        .now(NOW)
        .args(["use", "couch-to-5k"])
        .assert()
        .success();
    for (args, date) in [
        (&["W1D1", "--effort", "5"][..], "2026-11-30"),
        (&["W1D2", "--effort", "6"], "2026-12-02"),
        (&["W1D3", "--effort", "6"], "2026-12-04"),
        (&["W2D1", "--effort", "7"], "2026-12-07"),
        (
            &["W2D2", "--outcome", "partial", "--time", "14m"],
            "2026-12-09",
        ),
        (&["--steps", "run 12m", "--note", "easy"], "2026-12-12"),
        (&["W2D2", "--effort", "7"], "2026-12-14"),
    ] {
        walkrun()
            .home(home)
            .now(NOW)
            .args(["log", "add"])
            .args(args)
            .args(["--date", date])
            .assert()
            .success();
    }
}

fn stdout(c: &mut Command) -> String {
    let out = c.output().expect("runs");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).expect("utf8")
}

#[test]
fn log_chart_of_a_small_journal() {
    let home = tempfile::tempdir().expect("tempdir");
    small_journal(home.path());
    let text = stdout(
        walkrun()
            .home(home.path())
            .now(NOW)
            .args(["log", "--chart", "--weeks", "4"])
            .env("COLUMNS", "60"),
    );
    insta::assert_snapshot!(text);
}

#[test]
fn log_chart_starts_at_the_first_week_with_running() {
    let home = tempfile::tempdir().expect("tempdir");
    small_journal(home.path());
    // Twelve weeks asked, three with sessions: no empty weeks before them.
    let text = stdout(
        walkrun()
            .home(home.path())
            .now(NOW)
            .args(["log", "--chart"]),
    );
    let rows: Vec<&str> = text.lines().skip(1).take_while(|l| !l.is_empty()).collect();
    assert_eq!(rows.len(), 3, "{text}");
    assert!(rows[0].starts_with("30 Nov"), "{text}");
    // A journal with nothing in the weeks asked still draws this week.
    let empty = tempfile::tempdir().expect("tempdir");
    let text = stdout(
        walkrun()
            .home(empty.path())
            .now(NOW)
            .args(["log", "--chart"]),
    );
    assert!(text.contains("14 Dec"), "{text}");
}

#[test]
fn show_chart_of_couch_to_5k() {
    let home = tempfile::tempdir().expect("tempdir");
    let text = stdout(
        walkrun()
            .home(home.path())
            .now(NOW)
            .args(["show", "couch-to-5k", "--chart"])
            .env("COLUMNS", "60"),
    );
    insta::assert_snapshot!(text);
}

#[test]
fn charts_fit_a_narrow_terminal_and_colour_only_when_allowed() {
    let home = tempfile::tempdir().expect("tempdir");
    small_journal(home.path());
    for width in ["24", "33"] {
        for args in [&["log", "--chart"][..], &["show", "couch-to-5k", "--chart"]] {
            let text = stdout(
                walkrun()
                    .home(home.path())
                    .now(NOW)
                    .args(args)
                    .env("COLUMNS", width),
            );
            let w: usize = width.parse().expect("width");
            for line in text.lines() {
                assert!(line.chars().count() <= w, "{args:?} at {width}: '{line}'");
            }
        }
    }
    let plain = stdout(
        walkrun()
            .home(home.path())
            .now(NOW)
            .args(["log", "--chart"]),
    );
    assert!(!plain.contains('\x1b'), "NO_COLOR: {plain}");
    let forced = stdout(
        walkrun()
            .home(home.path())
            .now(NOW)
            .args(["log", "--chart"])
            .env("CLICOLOR_FORCE", "1")
            .env_remove("NO_COLOR"),
    );
    assert!(forced.contains("\x1b[32m"), "{forced}");
    let both = stdout(
        walkrun()
            .home(home.path())
            .now(NOW)
            .args(["log", "--chart"])
            .env("CLICOLOR_FORCE", "1"),
    );
    assert!(!both.contains('\x1b'), "NO_COLOR wins: {both}");
}
