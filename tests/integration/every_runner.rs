//! A plan for every runner (issue 25): the edges of the road, where beginners
//! over 40 are. Each test runs `walkrun` as the runner would and reads the
//! plan it writes.

use chrono::NaiveDate;
use walkrun::plan::{Plan, Purpose};

use crate::util::walkrun;

/// `walkrun plan ARGS --start 2026-12-14`: the plan it prints and what it
/// said on stderr.
fn plan(args: &[&str]) -> (Plan, String) {
    let out = walkrun()
        .arg("plan")
        .args(args)
        .args(["--start", "2026-12-14"])
        .env("WALKRUN_NOW", "2026-12-07T10:00")
        .output()
        .expect("runs");
    let err = String::from_utf8_lossy(&out.stderr).into_owned();
    assert!(out.status.success(), "{args:?}: {err}");
    let text = String::from_utf8_lossy(&out.stdout);
    let plan = Plan::from_toml(&text, "plan.toml").unwrap_or_else(|e| panic!("{e}\n{text}"));
    (plan, err)
}

/// The dates of the plan's runs (sessions with running), in order, with
/// whether each is the week's long run.
fn runs(plan: &Plan) -> Vec<(NaiveDate, bool)> {
    let mut out: Vec<(NaiveDate, bool)> = plan
        .sessions()
        .filter(|(_, s)| s.steps.run_seconds() > 0)
        .filter_map(|(a, s)| Some((plan.session_date(a)?, s.purpose == Some(Purpose::Long))))
        .collect();
    out.sort();
    out
}

/// Past 60 the plan is gentler than at 45, and says a doctor's check comes
/// first: a walker of 66 gets a week of brisk walks, then 30-second runs with
/// a minute's walk; a quarter more weeks; and two days without running after
/// every long run. The 45-year-old's plan, on the same days, has none of it.
#[test]
fn sixty_six_gets_a_gentler_plan_than_forty_five_and_a_doctor_first() {
    let days = [
        "--goal",
        "5k",
        "--level",
        "walk",
        "--run-days",
        "mon,wed,sat",
    ];
    let (young, young_said) = plan(&[&days[..], &["--age", "45"]].concat());
    let (old, old_said) = plan(&[&days[..], &["--age", "66"]].concat());

    assert!(!young_said.contains("doctor"), "{young_said}");
    assert!(
        old_said.contains("a doctor's check before you start is wise")
            && old_said.contains("NHS Couch to 5K"),
        "{old_said}"
    );
    assert!(
        old_said.contains("past 60, the plan is gentler"),
        "{old_said}"
    );

    // The first week walks; the second runs 30 seconds at a time, a minute's
    // walk between; at 45 the first week already runs a minute at a time.
    let week = |p: &Plan, w: usize| p.weeks[w - 1].sessions.clone();
    assert!(week(&old, 1).iter().all(|s| s.steps.run_seconds() == 0));
    assert!(week(&old, 1)
        .iter()
        .all(|s| s.note.as_deref().is_some_and(|n| n.contains("brisk walks"))));
    for s in week(&old, 2) {
        assert_eq!(s.steps.longest_run_seconds(), 30, "{}", s.steps);
        assert!(
            s.steps.to_string().contains("run 30s, walk 1m"),
            "{}",
            s.steps
        );
    }
    assert!(week(&young, 1).iter().all(|s| s.steps.run_seconds() > 0));

    // About a quarter longer.
    let (y, o) = (young.weeks.len(), old.weeks.len());
    assert!(o * 100 >= y * 120, "{o} weeks at 66, {y} at 45");

    // Two rest days after each long run at 66; at 45 Saturday's long run is
    // followed by Monday's run.
    let gaps_after_long = |p: &Plan| -> Vec<i64> {
        let r = runs(p);
        r.windows(2)
            .filter(|w| w[0].1)
            .map(|w| (w[1].0 - w[0].0).num_days() - 1)
            .collect()
    };
    let old_gaps = gaps_after_long(&old);
    assert!(!old_gaps.is_empty());
    assert!(old_gaps.iter().all(|g| *g >= 2), "{old_gaps:?}");
    assert!(gaps_after_long(&young).iter().any(|g| *g < 2));
}

/// A hand-written plan for a 66-year-old with a run the day after the long
/// run: `check` warns, naming the long run and the two days past 60 needs.
#[test]
fn check_wants_two_rest_days_after_the_long_run_from_sixty() {
    let dir = tempfile::tempdir().expect("tempdir");
    let file = dir.path().join("plan.toml");
    let text = |age: u32| {
        format!(
            "name = \"mine\"\nstart = 2026-12-14\nage = {age}\n\n[[week]]\n\n[[week.session]]\nday = \"wed\"\npurpose = \"long\"\nsteps = \"warmup 5m, run 10m, cooldown 5m\"\n\n[[week.session]]\nday = \"fri\"\npurpose = \"easy\"\nsteps = \"warmup 5m, run 6m, cooldown 5m\"\n"
        )
    };
    std::fs::write(&file, text(66)).expect("write");
    let out = walkrun()
        .arg("check")
        .arg(&file)
        .args(["--deny", "warnings"])
        .output()
        .expect("runs");
    let said = String::from_utf8_lossy(&out.stdout);
    assert_eq!(out.status.code(), Some(1), "{said}");
    assert!(
        said.contains("the week's long run") && said.contains("past 60 need 2 days"),
        "{said}"
    );
    std::fs::write(&file, text(55)).expect("write");
    walkrun()
        .arg("check")
        .arg(&file)
        .args(["--deny", "warnings"])
        .assert()
        .success();
}

/// `init` for a 66-year-old asks the screening questions and says a
/// doctor's check first, once, before anything is written; at 45 it asks the
/// questions without the age line.
#[test]
fn init_asks_the_screening_questions_and_says_a_doctor_first_past_sixty() {
    let init = |age: &str| {
        let out = walkrun()
            .args(["init", "--age", age, "--level", "walk", "--goal", "5k"])
            .args(["--run-days", "tue,thu,sat", "--start", "2026-12-14"])
            .env("WALKRUN_NOW", "2026-12-07T10:00")
            .output()
            .expect("runs");
        assert!(out.status.success());
        (
            String::from_utf8_lossy(&out.stdout).into_owned(),
            String::from_utf8_lossy(&out.stderr).into_owned(),
        )
    };
    let (out, err) = init("66");
    assert!(
        out.contains("heart condition or high blood pressure"),
        "{out}"
    );
    assert!(out.contains("pain in your chest"), "{out}");
    assert!(
        out.contains("Past 60, a doctor's check before you start is wise"),
        "{out}"
    );
    assert_eq!(format!("{out}{err}").matches("doctor's check").count(), 1);
    let (out, _) = init("45");
    assert!(
        out.contains("heart condition or high blood pressure"),
        "{out}"
    );
    assert!(!out.contains("Past 60"), "{out}");
}

/// `--ratio` picks the run-walk ratio (Galloway's 30 s / 30 s to 4:1, or
/// walking with 30-second jogs), and the plan file's first line remakes it;
/// a ratio walkrun cannot read is one line and exit 2.
#[test]
fn the_run_walk_ratio_is_the_runners_choice() {
    let (p, _) = plan(&["--goal", "5k", "--level", "walk", "--ratio", "30s:30s"]);
    let last = p
        .weeks
        .last()
        .and_then(|w| w.sessions.last())
        .expect("a session");
    assert!(
        last.steps.to_string().contains("x(run 30s, walk 30s)"),
        "{}",
        last.steps
    );
    assert_eq!(
        p.description.as_deref(),
        Some(&*format!(
            "{} weeks to 45 min on feet at 30 s run / 30 s walk",
            p.weeks.len()
        ))
    );
    let out = walkrun()
        .args([
            "plan", "--goal", "5k", "--level", "walk", "--ratio", "30s:2m",
        ])
        .output()
        .expect("runs");
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.contains("--run-walk --ratio 30s:2m"), "{text}");
    let out = walkrun()
        .args(["plan", "--goal", "5k", "--ratio", "4-1"])
        .output()
        .expect("runs");
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(err.trim().lines().count(), 1, "{err}");
    assert!(err.contains("30s:30s, 1:1, 2:1 or 4:1"), "{err}");
}

/// The suggestions of a refusal: each way's flags, as the message puts them
/// between backticks.
fn ways(message: &str) -> Vec<Vec<String>> {
    message
        .split('`')
        .skip(1)
        .step_by(2)
        .map(|w| w.split_whitespace().map(str::to_string).collect())
        .collect()
}

/// `args` with `way` applied: a flag it names replaces the one given.
fn with_way(args: &[&str], way: &[String]) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    let mut i = 0;
    while i < args.len() {
        let takes_value = args[i].starts_with("--") && args[i] != "--run-walk";
        if way.iter().any(|w| w == args[i]) {
            i += if takes_value { 2 } else { 1 };
            continue;
        }
        out.push(args[i].to_string());
        i += 1;
    }
    out.extend(way.iter().cloned());
    out
}

/// Every refusal names ways that work with the flags given, and each, applied,
/// makes a plan: more weeks, or a later race (never `--weeks` beside
/// `--race-date`), run-walk, a lower goal, or walking the race with
/// 30-second jogs. The weeks it says the goal takes do not depend on the
/// first day.
#[test]
fn each_refusals_suggestion_applied_makes_a_plan() {
    let cases: &[&[&str]] = &[
        &["--goal", "5k", "--level", "walk", "--weeks", "6"],
        &["--goal", "10k", "--level", "walk", "--weeks", "10"],
        &[
            "--goal",
            "10k",
            "--level",
            "run 5m",
            "--weeks",
            "8",
            "--run-walk",
        ],
        &[
            "--goal",
            "5k",
            "--level",
            "walk",
            "--race-date",
            "2027-01-17",
        ],
        &[
            "--goal",
            "5k",
            "--level",
            "run 1m",
            "--race-date",
            "2027-02-14",
        ],
        &[
            "--goal",
            "half",
            "--level",
            "run 20m",
            "--race-date",
            "2027-02-07",
        ],
        &[
            "--goal", "5k", "--level", "walk", "--weeks", "8", "--age", "66",
        ],
    ];
    for args in cases {
        let run = |args: &[String], start: &str| {
            walkrun()
                .arg("plan")
                .args(args)
                .args(["--start", start, "--run-days", "tue,thu,sat"])
                .env("WALKRUN_NOW", "2026-12-07T10:00")
                .output()
                .expect("runs")
        };
        let given: Vec<String> = args.iter().map(|a| a.to_string()).collect();
        let out = run(&given, "2026-12-14");
        assert_eq!(out.status.code(), Some(2), "{args:?}");
        let err = String::from_utf8_lossy(&out.stderr).into_owned();
        assert_eq!(err.trim().lines().count(), 1, "{err}");
        let found = ways(&err);
        assert!(!found.is_empty(), "{args:?}: no way named: {err}");
        for way in &found {
            if args.contains(&"--race-date") {
                assert!(!way.contains(&"--weeks".to_string()), "{err}");
            }
            let applied = with_way(args, way);
            let out = run(&applied, "2026-12-14");
            assert!(
                out.status.success(),
                "{applied:?} (from {err}): {}",
                String::from_utf8_lossy(&out.stderr)
            );
        }
        // The same goal from another first day takes the same weeks.
        let needed = |e: &str| {
            e.split("takes at least ")
                .nth(1)
                .and_then(|t| t.split(' ').next())
                .map(str::to_string)
        };
        let other = run(&given, "2026-12-10");
        let other_err = String::from_utf8_lossy(&other.stderr);
        if other.status.code() == Some(2) {
            assert_eq!(needed(&err), needed(&other_err), "{err}\n{other_err}");
        }
    }
    // A walker whose race is five weeks away is told to walk it with jogs,
    // and the plan that makes is one.
    let args = [
        "--goal",
        "5k",
        "--level",
        "walk",
        "--race-date",
        "2027-01-17",
    ];
    let out = walkrun()
        .arg("plan")
        .args(args)
        .args(["--start", "2026-12-14"])
        .env("WALKRUN_NOW", "2026-12-07T10:00")
        .output()
        .expect("runs");
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("walk it, with 30-second jogs (`--ratio 30s:2m`)"),
        "{err}"
    );
    let (p, _) = plan(
        &with_way(&args, &["--ratio".into(), "30s:2m".into()])
            .iter()
            .map(String::as_str)
            .collect::<Vec<_>>(),
    );
    let race = p
        .weeks
        .last()
        .and_then(|w| w.sessions.last())
        .expect("race");
    assert_eq!(race.purpose, Some(Purpose::Race));
    assert!(
        race.steps.to_string().contains("x(run 30s, walk 2m)"),
        "{}",
        race.steps
    );
}

/// A weekend runner gets a plan on Saturday and Sunday: back to back is fine
/// when those are the only days, with Sunday's run short and easy (at most
/// half of Saturday's) and the long run on Saturday, and the plan says so;
/// `check` agrees, since the plan's rules carry it.
#[test]
fn weekend_runners_get_a_plan_on_saturday_and_sunday() {
    let (p, said) = plan(&["--goal", "5k", "--level", "walk", "--run-days", "sat,sun"]);
    assert!(
        said.contains("your only run days, sat and sun, are back to back")
            && said.contains("sun's run short and easy"),
        "{said}"
    );
    for (i, w) in p.weeks.iter().enumerate() {
        let day = |d: chrono::Weekday| {
            w.sessions
                .iter()
                .find(|s| s.day == Some(d))
                .map(|s| s.steps.run_seconds())
        };
        let (sat, sun) = (day(chrono::Weekday::Sat), day(chrono::Weekday::Sun));
        assert!(sat.is_some() && sun.is_some(), "week {}", i + 1);
        assert!(
            sun.unwrap_or(0) * 2 <= sat.unwrap_or(0),
            "week {}: {sat:?} {sun:?}",
            i + 1
        );
        assert!(w
            .sessions
            .iter()
            .all(|s| s.purpose != Some(Purpose::Long) || s.day == Some(chrono::Weekday::Sat)));
    }
    let last = p
        .weeks
        .last()
        .and_then(|w| w.sessions.iter().max_by_key(|s| s.steps.run_seconds()))
        .expect("a run");
    assert_eq!(last.steps.longest_run_seconds(), 30 * 60);
    let dir = tempfile::tempdir().expect("tempdir");
    let file = dir.path().join("plan.toml");
    std::fs::write(&file, p.to_toml().expect("toml")).expect("write");
    walkrun()
        .arg("check")
        .arg(&file)
        .args(["--deny", "warnings"])
        .assert()
        .success();
}

/// Two runs a week never reach the goal sooner than three, and four runs a
/// week are refused with the reason rather than turned into three.
#[test]
fn two_runs_a_week_never_beat_three_and_four_are_refused_with_the_reason() {
    for (goal, level) in [
        ("5k", "walk"),
        ("5k", "run 1m"),
        ("10k", "run 5m"),
        ("10k", "run 20m"),
    ] {
        let weeks = |days: &str| {
            plan(&["--goal", goal, "--level", level, "--run-days", days])
                .0
                .weeks
                .len()
        };
        let (two, three) = (weeks("tue,sat"), weeks("tue,thu,sat"));
        assert!(
            two >= three,
            "{goal} from {level}: {two} weeks with 2 runs, {three} with 3"
        );
    }
    let out = walkrun()
        .args([
            "plan",
            "--goal",
            "5k",
            "--level",
            "run 20m",
            "--runs-per-week",
            "4",
        ])
        .args(["--run-days", "mon,tue,thu,sat"])
        .output()
        .expect("runs");
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(err.trim().lines().count(), 1, "{err}");
    assert!(
        err.contains("4 runs a week") && err.contains("past the beginner stage"),
        "{err}"
    );
}

/// The half builds continuous running for a runner who does not ask for
/// run-walk: a 20-minute runner reaches continuous runs past an hour (the
/// long run to two hours); with `--run-walk` it keeps Galloway's 4:1.
#[test]
fn the_half_is_continuous_unless_run_walk_is_asked() {
    let args = [
        "--goal",
        "half",
        "--level",
        "run 20m",
        "--run-days",
        "tue,thu,sat",
    ];
    let (p, _) = plan(&args);
    let longest = p
        .sessions()
        .map(|(_, s)| s.steps.longest_run_seconds())
        .max()
        .unwrap_or(0);
    assert!(longest > 60 * 60, "longest run {longest} s");
    assert_eq!(longest, 120 * 60);
    let (p, _) = plan(&[&args[..], &["--run-walk"]].concat());
    let longest = p
        .sessions()
        .map(|(_, s)| s.steps.longest_run_seconds())
        .max()
        .unwrap_or(0);
    assert_eq!(longest, 4 * 60);
}

/// A coach's words: walk-run sessions are `run-walk` (a plan file that says
/// `intervals` still reads), times are `1:30`, never `1.5 min`, numbers agree
/// with their nouns, `--priority`'s help lists its values, and `show` says
/// what the warm-up is and how easy the running should be.
#[test]
fn plans_read_in_a_coachs_words() {
    let dir = tempfile::tempdir().expect("tempdir");
    let file = dir.path().join("plan.toml");
    std::fs::write(
        &file,
        "name = \"mine\"\nstart = 2026-12-14\n\n[[week]]\n\n[[week.session]]\nday = \"tue\"\npurpose = \"intervals\"\nsteps = \"warmup 5m, 6x(run 1m30s, walk 2m), cooldown 5m\"\n\n[[week]]\n\n[[week.session]]\nday = \"tue\"\npurpose = \"easy\"\nsteps = \"warmup 5m, run 10m, cooldown 5m\"\n",
    )
    .expect("write");
    let show = walkrun().arg("show").arg(&file).output().expect("runs");
    let text = String::from_utf8_lossy(&show.stdout);
    assert!(show.status.success(), "{text}");
    assert!(text.contains(" run-walk "), "{text}");
    assert!(!text.contains("intervals"), "{text}");
    assert!(
        text.contains("warm-up and cool-down are brisk walking"),
        "{text}"
    );
    assert!(text.contains("slow enough to talk"), "{text}");
    let json = walkrun()
        .args(["show", "--format", "json"])
        .arg(&file)
        .output()
        .expect("runs");
    assert!(String::from_utf8_lossy(&json.stdout).contains("\"purpose\": \"run-walk\""));
    // `check`: the 10-minute run is up from 1:30, not 1.5.
    let check = walkrun().arg("check").arg(&file).output().expect("runs");
    let said = String::from_utf8_lossy(&check.stdout);
    assert!(said.contains("up from 1:30 min"), "{said}");
    assert!(!said.contains(".5 min"), "{said}");
    // The numbers agree with their nouns.
    let out = walkrun()
        .args([
            "plan",
            "--goal",
            "5k",
            "--run-days",
            "mon,tue,wed",
            "--runs-per-week",
            "3",
        ])
        .output()
        .expect("runs");
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("or run twice a week"), "{err}");
    let help = walkrun().args(["plan", "--help"]).output().expect("runs");
    let help = String::from_utf8_lossy(&help.stdout);
    let priority = help
        .lines()
        .find(|l| l.contains("--priority"))
        .unwrap_or_default();
    assert!(
        priority.contains("endurance") && priority.contains("strength"),
        "{priority}"
    );
}

/// A plan that builds 10 weeks with no lighter week: a note at 45, a warning
/// from 50.
#[test]
fn a_missed_deload_is_a_warning_from_fifty() {
    let dir = tempfile::tempdir().expect("tempdir");
    let file = dir.path().join("plan.toml");
    let mut text = String::from("name = \"mine\"\n");
    for w in 0..10 {
        text.push_str(&format!(
            "\n[[week]]\n\n[[week.session]]\nsteps = \"warmup 5m, run {}m, cooldown 5m\"\n",
            10 + w
        ));
    }
    std::fs::write(&file, text).expect("write");
    let check = |age: &str| {
        walkrun()
            .arg("check")
            .arg(&file)
            .args(["--age", age, "--deny", "warnings"])
            .output()
            .expect("runs")
    };
    let out = check("55");
    let said = String::from_utf8_lossy(&out.stdout);
    assert_eq!(out.status.code(), Some(1), "{said}");
    assert!(said.contains("warning[deload]"), "{said}");
    let out = check("45");
    let said = String::from_utf8_lossy(&out.stdout);
    assert_eq!(out.status.code(), Some(0), "{said}");
    assert!(said.contains("note[deload]"), "{said}");
}

/// A placed program counts only its own warnings as its own: 10K to half
/// has none, and the heavy-legs warnings of Saturdays after Friday legs are
/// the placing's, said apart; Couch to 5K's own four are its own.
#[test]
fn a_placed_program_counts_only_its_own_warnings() {
    let place = |args: &[&str]| {
        let out = walkrun()
            .args(["plan", "--start", "2026-12-14"])
            .args(args)
            .env("WALKRUN_NOW", "2026-12-07T10:00")
            .output()
            .expect("runs");
        assert!(out.status.success());
        String::from_utf8_lossy(&out.stderr).into_owned()
    };
    let err = place(&[
        "--program",
        "10k-to-half",
        "--lift",
        "fri@07:00:legs",
        "--run-days",
        "tue,thu,sat",
    ]);
    assert!(!err.contains("the program itself"), "{err}");
    assert!(
        err.contains("placed on your days it has 11 more warnings"),
        "{err}"
    );
    let err = place(&["--program", "couch-to-5k"]);
    assert!(err.contains("the program itself has 5 warnings"), "{err}");
    assert!(!err.contains("placed on your days"), "{err}");
}

/// The race's session and the long runs before the taper, in minutes of
/// running: a plan's race is its last session.
fn race_and_longest_before_taper(p: &Plan) -> (u64, u64) {
    let race = p
        .sessions()
        .find(|(_, s)| s.purpose == Some(Purpose::Race))
        .map(|(_, s)| s.steps.run_seconds())
        .expect("a race session");
    let longest = p
        .sessions()
        .filter(|(_, s)| s.purpose == Some(Purpose::Long))
        .filter(|(_, s)| !s.note.as_deref().unwrap_or("").starts_with("taper"))
        .map(|(_, s)| s.steps.longest_run_seconds())
        .max()
        .unwrap_or(0);
    (race, longest)
}

/// A race is a distance: a 5K at 8:00/km takes 40 minutes, so the race
/// session is 40 minutes (not the 30 a faster runner needs) and the long
/// runs before the taper reach at least 90 % of it, 36 minutes, so the
/// runner has been on their feet that long before race day. The pace in
/// miles, or the profile's, makes the same plan.
#[test]
fn a_5k_at_8_per_km_is_a_40_minute_race_after_a_36_minute_long_run() {
    let race = ["--goal", "5k", "--race-date", "2027-04-04"];
    let (p, _) = plan(&[&race[..], &["--pace", "8:00/km"]].concat());
    let (race_run, longest) = race_and_longest_before_taper(&p);
    assert_eq!(race_run, 40 * 60);
    assert!(
        longest >= 36 * 60,
        "longest run before the taper {longest} s"
    );
    // 12:52/mi is 7:59.7/km: the race is its distance (`run 5km`), timed
    // to the second at the pace, rounded up: 39:59.
    let (in_miles, _) = plan(&[&race[..], &["--pace", "12:52/mi"]].concat());
    assert_eq!(race_and_longest_before_taper(&in_miles).0, 40 * 60 - 1);
    // A slower runner runs a longer race.
    let (slow, _) = plan(&[&race[..], &["--pace", "9:00/km"]].concat());
    assert_eq!(race_and_longest_before_taper(&slow).0, 45 * 60);

    let dir = tempfile::tempdir().expect("dir");
    let profile = dir.path().join("config.toml");
    std::fs::write(&profile, "pace = \"8:00/km\"\n").expect("profile");
    let out = walkrun()
        .config(&profile)
        .arg("plan")
        .args(race)
        .args(["--start", "2026-12-14"])
        .env("WALKRUN_NOW", "2026-12-07T10:00")
        .output()
        .expect("runs");
    let text = String::from_utf8_lossy(&out.stdout);
    let from_profile = Plan::from_toml(&text, "plan.toml").expect("a plan");
    assert_eq!(race_and_longest_before_taper(&from_profile).0, 40 * 60);
    assert!(text.contains("--pace 8:00/km"), "{text}");
}

/// A pace that cannot be read is one line naming what was expected, exit 2,
/// from the flag and from the profile (with its line).
#[test]
fn a_pace_that_cannot_be_read_says_what_was_expected() {
    for bad in ["8:00", "8:75/km", "1:00/km"] {
        let out = walkrun()
            .args(["plan", "--goal", "5k", "--pace", bad])
            .output()
            .expect("runs");
        let err = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "{bad}: {err}");
        assert_eq!(err.trim().lines().count(), 1, "{err}");
        assert!(
            err.contains("--pace") && err.contains("expected a pace"),
            "{err}"
        );
    }
    let dir = tempfile::tempdir().expect("dir");
    let profile = dir.path().join("config.toml");
    std::fs::write(&profile, "age = 50\npace = \"fast\"\n").expect("profile");
    let out = walkrun()
        .config(&profile)
        .args(["plan", "--goal", "5k"])
        .output()
        .expect("runs");
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{err}");
    assert_eq!(err.trim().lines().count(), 1, "{err}");
    assert!(
        err.contains("config.toml:2:") && err.contains("pace: expected a pace"),
        "{err}"
    );
}

/// With a pace known, `show` gives each session's treadmill speeds: the runs
/// at the runner's pace (8:00/km is 7.5 km/h, 12:00/mi is 5.0 mph), the walks
/// at a brisk 5.5 km/h (3.4 mph), in the pace's own unit. The plan file
/// keeps the pace `plan --pace` was given; without one, no speeds are made up.
#[test]
fn show_gives_treadmill_speeds_in_the_paces_unit() {
    let dir = tempfile::tempdir().expect("dir");
    let file = dir.path().join("plan.toml");
    let show = |pace: Option<&str>| {
        let mut cmd = walkrun();
        cmd.args(["plan", "--goal", "5k", "--start", "2026-12-14", "-o"])
            .arg(&file)
            .env("WALKRUN_NOW", "2026-12-07T10:00");
        if let Some(p) = pace {
            cmd.args(["--pace", p]);
        }
        let out = cmd.output().expect("runs");
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        let out = walkrun()
            .arg("show")
            .arg(&file)
            .args(["--week", "1"])
            .output()
            .expect("runs");
        assert!(out.status.success());
        String::from_utf8_lossy(&out.stdout).into_owned()
    };
    let text = show(Some("8:00/km"));
    let speeds = text
        .lines()
        .filter(|l| l.contains("on a treadmill"))
        .count();
    assert!(speeds >= 2, "{text}");
    assert!(
        text.contains("on a treadmill: runs at 7.5 km/h, walks at 5.5 km/h"),
        "{text}"
    );
    let plan_text = std::fs::read_to_string(&file).expect("plan");
    assert!(plan_text.contains("pace = \"8:00/km\""), "{plan_text}");
    let text = show(Some("12:00/mi"));
    assert!(
        text.contains("on a treadmill: runs at 5.0 mph, walks at 3.4 mph"),
        "{text}"
    );
    let text = show(None);
    assert!(!text.contains("treadmill"), "{text}");

    // A pace in a plan file that cannot be read names the file and line.
    std::fs::write(&file, "name = \"x\"\npace = \"8 min\"\n").expect("plan");
    let out = walkrun().arg("show").arg(&file).output().expect("runs");
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{err}");
    assert!(
        err.contains("plan.toml:2:") && err.contains("pace: expected a pace"),
        "{err}"
    );
}

/// A placed built-in's long run goes to the freest day, away from heavy legs:
/// `10k-to-half` around Friday legs, on Tuesday, Thursday and Saturday, has
/// its long run (the week's session with the most running) on Tuesday every
/// week, never on Thursday (the day before legs) or Saturday (the day after),
/// and wherever the runner's days fall, never beside leg day when a day away
/// from it is free.
#[test]
fn a_placed_programs_long_run_goes_to_the_freest_day_away_from_heavy_legs() {
    use chrono::{Datelike, Weekday};
    let long_days = |args: &[&str]| -> Vec<Weekday> {
        let (p, _) = plan(args);
        p.weeks
            .iter()
            .enumerate()
            .filter_map(|(i, w)| {
                let long = w.sessions.iter().max_by_key(|s| s.steps.run_seconds())?;
                let address = walkrun::Address {
                    week: i + 1,
                    session: w.sessions.iter().position(|s| std::ptr::eq(s, long))? + 1,
                };
                p.session_date(address).map(|d| d.weekday())
            })
            .collect()
    };
    let program = ["--program", "10k-to-half", "--lift", "fri@07:00:legs"];
    let days = long_days(&[&program[..], &["--run-days", "tue,thu,sat"]].concat());
    assert_eq!(days.len(), 12, "{days:?}");
    assert!(days.iter().all(|d| *d == Weekday::Tue), "{days:?}");
    for run_days in ["mon,thu,sat", "mon,wed,sat", "tue,thu,sun"] {
        let days = long_days(&[&program[..], &["--run-days", run_days]].concat());
        assert!(
            days.iter()
                .all(|d| !matches!(d, Weekday::Thu | Weekday::Fri | Weekday::Sat)),
            "{run_days}: {days:?}"
        );
    }
}

/// A runner who can already run 8 minutes or more without stopping keeps
/// that run from the first week: no week of the plan halves it to fill a
/// session with walk breaks (issue 25: continuous unless run-walk is asked).
#[test]
fn a_runner_who_runs_ten_minutes_and_more_is_never_given_shorter_runs() {
    for level in ["run 8m", "run 10m", "run 12m", "run 15m"] {
        for age in ["45", "66"] {
            let (plan, _) = plan(&[
                "--goal", "5k", "--level", level, "--age", age, "--pace", "7:30/km",
            ]);
            let can: u64 = level[4..level.len() - 1].parse::<u64>().unwrap() * 60;
            for (addr, s) in plan.sessions() {
                let lighter = s
                    .note
                    .as_deref()
                    .is_some_and(|n| n.starts_with("lighter week"));
                let longest = s.steps.longest_run_seconds();
                assert!(
                    lighter || longest >= can,
                    "{level} at {age}: {addr} is {} (its longest run {longest} s, the runner's {can} s)",
                    s.steps
                );
            }
        }
    }
}
