//! `walkrun init` on a real terminal (tmux): the questions answered with keys,
//! a profile and a plan written, the plan current and clean for `check`.
//! Without a terminal it names the flags that do the same.

use crate::util::tmux;
use tmux::Tmux;

use std::time::Duration;

use crate::util::{require, wait_until, walkrun};

#[test]
fn init_on_a_terminal_asks_writes_the_profile_and_a_plan_that_checks_clean() {
    if !require("tmux") {
        return;
    }
    let dir = tempfile::tempdir().expect("temp dir");
    let home = dir.path().join("home");
    let done = dir.path().join("done.txt");
    let plan = dir.path().join("plan.toml");
    // The shell keeps the pane (and its screen) once walkrun has ended.
    let script = format!(
        "{} init -o '{}'; echo $? > '{}'; sleep 30",
        walkrun().home(&home).shell(),
        plan.display(),
        done.display()
    );
    let tmux = Tmux {
        session: "init",
        socket: dir.path().join("tmux.sock"),
    };
    tmux.start(160, 50, &script);

    tmux.answer("How old are you?", &["52", "Enter"]);
    // A number typed is minutes.
    tmux.answer("How long can you run today", &["5", "Enter"]);
    // The pace is optional: Enter skips it.
    tmux.answer("Your easy running pace", &["Enter"]);
    tmux.answer("What is your goal?", &["Enter"]);
    tmux.answer("By when?", &["16", "Enter"]);
    tmux.answer("When do you start?", &["2026-12-07", "Enter"]);
    // Monday, Wednesday and Friday: Space picks, Down moves.
    tmux.answer(
        "Which days do you lift?",
        &[
            "Space", "Down", "Down", "Space", "Down", "Down", "Space", "Enter",
        ],
    );
    tmux.answer("lifting on Monday?", &["Enter"]);
    tmux.answer("lifting on Wednesday?", &["18:30", "Enter"]);
    // The last time given is the next day's default.
    tmux.answer("lifting on Friday?", &["Enter"]);
    tmux.answer("How long is a lift session", &["45", "Enter"]);
    tmux.answer("heavy leg day?", &["Enter"]);
    // The default is Tue, Thu, Sat: keep it.
    tmux.answer("Which days are you free to run?", &["Enter"]);
    tmux.answer("free on Tuesday?", &["18:00-20:00", "Enter"]);
    tmux.answer("free on Thursday?", &["Enter"]);
    tmux.answer("free on Saturday?", &["Enter"]);
    tmux.answer("How much should the coach talk", &["Down", "Enter"]);
    tmux.wait_for("16 weeks from Mon 7 Dec 2026");
    tmux.answer("make it your current plan?", &["Enter"]);

    wait_until("init to exit", Duration::from_secs(20), || {
        if std::fs::read_to_string(&done)
            .unwrap_or_default()
            .trim()
            .is_empty()
        {
            Err(tmux.screen())
        } else {
            Ok(())
        }
    });
    assert_eq!(
        std::fs::read_to_string(&done).expect("done").trim(),
        "0",
        "{}",
        tmux.screen()
    );

    // The profile holds the answers.
    let profile = std::fs::read_to_string(home.join("config.toml")).expect("profile");
    let p = walkrun::config::Profile::from_toml(&profile, "config.toml", &home)
        .unwrap_or_else(|e| panic!("{e}\n{profile}"));
    assert_eq!(p.age.map(|a| a.value), Some(52));
    let lifts: Vec<String> = p
        .lifts
        .map(|l| l.value.iter().map(|l| l.to_string()).collect())
        .unwrap_or_default();
    assert_eq!(
        lifts,
        ["mon@07:00+45m:legs", "wed@18:30+45m", "fri@18:30+45m"]
    );
    let days: Vec<String> = p
        .run_days
        .map(|d| d.value.iter().map(|d| d.to_string()).collect())
        .unwrap_or_default();
    assert_eq!(days, ["tue@18:00-20:00", "thu", "sat"]);
    assert_eq!(
        p.talk.map(|t| t.value),
        Some(walkrun::cues::speech::Talk::Chatty)
    );

    // The plan: 16 weeks from 5 minutes of running to 30, current, clean.
    let made = walkrun::Plan::load(&plan).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(made.weeks.len(), 16);
    assert_eq!(
        made.start.map(|d| d.to_string()).as_deref(),
        Some("2026-12-07")
    );
    walkrun()
        .home(&home)
        .arg("check")
        .arg(&plan)
        .args(["--deny", "warnings"])
        .assert()
        .success();
    walkrun()
        .home(&home)
        .args(["next", "--format", "json"])
        .assert()
        .success()
        .stdout(predicates::str::contains("\"next\": \"W1D1\""));
}

#[test]
fn without_a_terminal_init_names_the_flags_that_do_the_same() {
    let dir = tempfile::tempdir().expect("temp dir");
    let out = walkrun()
        .home(dir.path())
        .arg("init")
        .output()
        .expect("run");
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(err.lines().count(), 1, "{err}");
    for flag in [
        "--age",
        "--level",
        "--goal",
        "--weeks",
        "--lift",
        "--run-days",
        "--pace",
        "--talk",
    ] {
        assert!(err.contains(flag), "{flag} missing: {err}");
    }
    assert!(!dir.path().join("config.toml").exists());

    // The flags it names do the job with no terminal.
    walkrun()
        .home(dir.path())
        .args(["init", "--age", "47", "--level", "run 1m", "--goal", "5k"])
        .args([
            "--weeks",
            "13",
            "--start",
            "2026-12-07",
            "--lift",
            "mon@07:00:legs",
        ])
        .args(["--run-days", "tue,thu,sat", "-o", "plan.toml"])
        .current_dir(dir.path())
        .assert()
        .success()
        // The weeks it shows say the month where it changes.
        .stdout(predicates::str::contains(
            "Week 1   Tue 8 Dec, Thu 10, Sat 12: ",
        ))
        .stdout(predicates::str::contains(
            "Week 4   Tue 29, Thu 31, Sat 2 Jan: ",
        ));
    walkrun()
        .home(dir.path())
        .args(["check", "plan.toml", "--deny", "warnings"])
        .current_dir(dir.path())
        .assert()
        .success();
    // As the runner types it next: `check` and `show` take the current plan.
    walkrun()
        .home(dir.path())
        .args(["check", "--deny", "warnings"])
        .assert()
        .success()
        .stdout(predicates::str::contains(
            "0 errors, 0 warnings in 39 sessions",
        ));
    walkrun()
        .home(dir.path())
        .args(["show", "--week", "1"])
        .assert()
        .success()
        .stdout(predicates::str::contains("Starts Mon 7 Dec 2026"));
    let profile = std::fs::read_to_string(dir.path().join("config.toml")).expect("profile");
    assert!(profile.contains("age = 47"), "{profile}");
    walkrun()
        .home(dir.path())
        .args(["run", "--no-audio", "--steps", "run 1s"])
        .assert()
        .success();
}

/// `--pace` and `--talk` answer init's pace and talk questions: both go
/// into the profile, and the plan runs the 5K's distance at that pace (40
/// minutes at 8:00/km, not the 30 a faster runner needs).
#[test]
fn init_keeps_the_pace_and_the_talk_level_given_as_flags() {
    let dir = tempfile::tempdir().expect("temp dir");
    walkrun()
        .home(dir.path())
        .now("2026-12-07T10:00:00+00:00")
        .args(["init", "--age", "50", "--level", "run 1m", "--goal", "5k"])
        .args(["--pace", "8:00/km", "--talk", "chatty", "--no-lifts"])
        .args(["-o", "plan.toml"])
        .current_dir(dir.path())
        .assert()
        .success();
    let profile = std::fs::read_to_string(dir.path().join("config.toml")).expect("profile");
    assert!(profile.contains("pace = \"8:00/km\""), "{profile}");
    assert!(profile.contains("talk = \"chatty\""), "{profile}");
    let plan = std::fs::read_to_string(dir.path().join("plan.toml")).expect("plan");
    assert!(
        plan.contains("5 km, about 40 min of continuous running at 8:00/km"),
        "{plan}"
    );
    // The next plan takes the pace from the profile.
    walkrun()
        .home(dir.path())
        .now("2026-12-07T10:00:00+00:00")
        .args(["plan", "--goal", "5k", "--level", "run 1m"])
        .assert()
        .success()
        .stdout(predicates::str::contains("at 8:00/km"));
}

/// With lifts and no run days, `init` plans as `walkrun plan` does: the runs
/// go on the days without a lift (the runner lifts Tue, Thu with heavy legs,
/// and Sat, so four days are free), the profile names no days, and `config
/// show` offers those same lift-free days.
#[test]
fn init_without_run_days_puts_the_runs_on_lift_free_days() {
    let dir = tempfile::tempdir().expect("temp dir");
    walkrun()
        .home(dir.path())
        .now("2026-12-07T10:00:00+00:00")
        .args(["init", "--age", "52", "--level", "run 5m", "--goal", "10k"])
        .args(["--lift", "tue@18:00", "--lift", "thu@18:00:legs"])
        .args(["--lift", "sat@09:00", "-o", "plan.toml"])
        .current_dir(dir.path())
        .assert()
        .success()
        .stderr(predicates::str::contains("no run days given"));
    let plan = std::fs::read_to_string(dir.path().join("plan.toml")).expect("plan");
    // The day of each session: the first `day =` after its header.
    let days: Vec<&str> = plan
        .split("[[week.session]]")
        .skip(1)
        .filter_map(|s| s.lines().find_map(|l| l.strip_prefix("day = \"")))
        .map(|d| d.trim_end_matches('"'))
        .collect();
    assert!(days.len() > 50, "{plan}");
    for day in &days {
        assert!(
            ["mon", "wed", "fri", "sun"].contains(day),
            "a run on {day}, a lift day, though four days are free: {plan}"
        );
    }
    let profile = std::fs::read_to_string(dir.path().join("config.toml")).expect("profile");
    assert!(!profile.contains("run_days"), "{profile}");
    walkrun()
        .home(dir.path())
        .now("2026-12-07T10:00:00+00:00")
        .args(["config", "show"])
        .assert()
        .success()
        .stdout(predicates::str::is_match(r"run_days\s+wed, fri, sun\s+default").unwrap());
    walkrun()
        .home(dir.path())
        .args(["check", "--deny", "warnings"])
        .assert()
        .success();
}

/// Count of `text` on the screen.
fn seen(tmux: &Tmux, text: &str) -> usize {
    tmux.screen().matches(text).count()
}

#[test]
fn init_offers_a_beginners_levels_goes_back_a_question_and_closes_in_plain_words() {
    if !require("tmux") {
        return;
    }
    let dir = tempfile::tempdir().expect("temp dir");
    let home = dir.path().join("home");
    let done = dir.path().join("done.txt");
    let plan = dir.path().join("plan.toml");
    let script = format!(
        "{} init -o '{}' --no-lifts; echo $? > '{}'; sleep 30",
        walkrun()
            .home(&home)
            .now("2026-12-05T10:00:00+00:00")
            .shell(),
        plan.display(),
        done.display()
    );
    let tmux = Tmux {
        session: "init",
        socket: dir.path().join("tmux.sock"),
    };
    // 70 columns: the closing paragraph must wrap at words.
    tmux.start(70, 50, &script);
    tmux.answer("How old are you?", &["48", "Enter"]);
    // The menu has the small steps a beginner needs (waited for by its
    // last line: the question shows before its menu is drawn whole).
    let screen = tmux.wait_for("30 minutes or more");
    assert!(screen.contains("How long can you run today"), "{screen}");
    // The opening words wrap at words too.
    assert!(
        screen.contains("Ctrl-C cancels") && screen.lines().all(|l| l.chars().count() < 70),
        "a line reaches the edge:\n{screen}"
    );
    for level in [
        "Nothing yet: I walk",
        "1 minute",
        "2 minutes",
        "3 minutes",
        "5 minutes",
        "8 minutes",
        "10 minutes",
        "15 minutes",
        "20 minutes",
        "30 minutes or more",
    ] {
        assert!(screen.contains(level), "{level} offered:\n{screen}");
    }
    // Typing 2 is 2 minutes, not 20.
    tmux.send(&["2"]);
    let screen = wait_until("the menu filtered by 2", Duration::from_secs(20), || {
        let s = tmux.screen();
        if s.contains("20 minutes") {
            Err(s)
        } else {
            Ok(s)
        }
    });
    assert!(screen.contains("2 minutes"), "{screen}");
    // Backspace edits what was typed: 3 is 3 minutes.
    tmux.send(&["BSpace", "3", "Enter"]);
    // The pace is asked, and may be skipped.
    let screen = tmux.wait_for("Your easy running pace");
    assert!(screen.contains("Enter skips if you don't know"), "{screen}");
    tmux.send(&["6:00/km", "Enter"]);
    tmux.wait_for("What is your goal?");
    // Esc goes back one question, with the answer given as its default.
    let asked = seen(&tmux, "Your easy running pace");
    let goal_asked = seen(&tmux, "What is your goal?");
    tmux.send(&["Escape"]);
    wait_until("the pace asked again", Duration::from_secs(20), || {
        seen(&tmux, "Your easy running pace") > asked
    });
    assert!(tmux.screen().contains("(6:00/km)"), "{}", tmux.screen());
    let pace_asked = seen(&tmux, "Your easy running pace");
    let level_asked = seen(&tmux, "How long can you run today");
    tmux.send(&["Escape"]);
    wait_until("the level asked again", Duration::from_secs(20), || {
        seen(&tmux, "How long can you run today") > level_asked
    });
    assert!(tmux.screen().contains("(3 minutes)"), "{}", tmux.screen());
    tmux.send(&["Enter"]);
    wait_until("the pace asked once more", Duration::from_secs(20), || {
        seen(&tmux, "Your easy running pace") > pace_asked
    });
    tmux.send(&["Enter"]);
    wait_until("the goal asked again", Duration::from_secs(20), || {
        seen(&tmux, "What is your goal?") > goal_asked
    });
    tmux.send(&["Enter"]);
    tmux.answer("By when?", &["12", "Enter"]);
    tmux.answer("When do you start?", &["2026-12-07", "Enter"]);
    // Tuesday, Thursday, Saturday (the default) and Sunday too.
    tmux.answer(
        "Which days are you free to run?",
        &["End", "Space", "Enter"],
    );
    for day in ["Tuesday", "Thursday", "Saturday", "Sunday"] {
        tmux.answer(&format!("free on {day}?"), &["Enter"]);
    }
    tmux.answer("How much should the coach talk", &["Enter"]);
    let screen = tmux.wait_for("make it your current plan?");
    tmux.send(&["Enter"]);
    let screen_end = wait_until("init to exit", Duration::from_secs(20), || {
        if std::fs::read_to_string(&done)
            .unwrap_or_default()
            .trim()
            .is_empty()
        {
            Err(tmux.screen())
        } else {
            Ok(tmux.screen())
        }
    });
    assert_eq!(
        std::fs::read_to_string(&done).unwrap().trim(),
        "0",
        "{screen_end}"
    );
    // Every line of the closing words fits the 70 columns: nothing wraps
    // mid-word.
    // (The summary and the weeks, and the last words; the notes on stderr
    // between them are not init's.)
    let lines = || screen_end.lines();
    let closing: Vec<&str> = lines()
        .skip_while(|l| !l.contains("How much should the coach talk"))
        .skip(1)
        .take_while(|l| !l.starts_with("? Write your profile"))
        .chain(lines().skip_while(|l| !l.starts_with("Your first session")))
        .collect();
    assert!(closing.len() > 10, "{screen_end}");
    assert!(
        closing.iter().all(|l| l.chars().count() < 70),
        "a line reaches the edge:\n{screen_end}"
    );
    let words = screen.split_whitespace().collect::<Vec<_>>().join(" ");
    assert!(
        words.contains("You are free on Sunday too, but 3 runs a week"),
        "the unused day explained:\n{screen}"
    );
    let end = screen_end.split_whitespace().collect::<Vec<_>>().join(" ");
    assert!(
        end.contains("Your first session, Tue 8 Dec: `walkrun run`."),
        "{screen_end}"
    );
    let made = std::fs::read_to_string(&plan).expect("plan");
    assert!(made.contains("run 3m"), "the level typed: {made}");
    // The pace typed is the profile's, and the plan's.
    assert!(made.contains("pace = \"6:00/km\""), "{made}");
    let profile = std::fs::read_to_string(home.join("config.toml")).expect("profile");
    assert!(profile.contains("pace = \"6:00/km\""), "{profile}");
}
