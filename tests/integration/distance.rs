//! Distances and treadmill speeds (issue 25): `run 5km` in the steps
//! grammar, timed at the runner's pace wherever the session is played,
//! shown or exported, and said by the coach; each run and walk's treadmill
//! speed once the pace is known.

use std::path::Path;

use predicates::prelude::*;
use serde_json::Value;

use crate::util::recordings::{self, Outing, Part};
use crate::util::walkrun;

const RACE: &str = "warmup 5m, run 5km, cooldown 5m";

/// A plan of one distance session, written to `dir`.
/// `walkrun show PLAN --format json` with `args`, in `home`, as JSON.
fn show_json(home: &Path, plan: &Path, args: &[&str]) -> Value {
    let out = walkrun()
        .home(home)
        .arg("show")
        .arg(plan)
        .args(["--format", "json"])
        .args(args)
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    serde_json::from_slice(&out).expect("JSON")
}

fn distance_plan(dir: &Path) -> std::path::PathBuf {
    let path = dir.join("plan.toml");
    std::fs::write(
        &path,
        format!(
            "name = \"Distances\"\n[[week]]\n[[week.session]]\nsteps = \"{RACE}\"\n\
             [[week.session]]\nsteps = \"warmup 5m, 4x(run 400 metres, walk 2m), cooldown 5m\"\n"
        ),
    )
    .expect("the plan");
    path
}

/// `render --verbose`'s cue lines, without their times.
fn cue_texts(stdout: &[u8]) -> Vec<String> {
    String::from_utf8_lossy(stdout)
        .lines()
        .filter_map(|l| l.trim_start().split_once("  ").map(|(_, t)| t.to_string()))
        .collect()
}

#[test]
fn a_5k_at_8_per_km_renders_as_a_40_minute_run() {
    let w = walkrun();
    let out = w.home_dir().join("race.wav");
    let assert = walkrun()
        .args([
            "render", "--steps", RACE, "--pace", "8:00/km", "--rate", "8000", "-v", "-o",
        ])
        .arg(&out)
        .assert()
        .success();
    let stdout = &assert.get_output().stdout;
    let head = String::from_utf8_lossy(stdout);
    // 5 + 40 + 5 minutes of session.
    assert!(head.contains("(50:00.000 of session"), "{head}");
    let cues = cue_texts(stdout);
    // The race's one run is said as its distance, with its treadmill speed.
    assert!(
        cues.iter()
            .any(|c| c == "Run to the finish, five kilometres, at seven point five."),
        "{cues:#?}"
    );
    // A known pace says nothing of an assumed one.
    assert!(!String::from_utf8_lossy(&assert.get_output().stderr).contains("assumed"));
}

#[test]
fn without_a_pace_a_distance_is_timed_at_an_assumed_one_and_it_says_so() {
    let w = walkrun();
    let out = w.home_dir().join("race.wav");
    walkrun()
        .args(["render", "--steps", RACE, "--rate", "8000", "-o"])
        .arg(&out)
        .assert()
        .success()
        // 8:30/km: 42:30 for 5 km.
        .stdout(predicate::str::contains("(52:30.000 of session"))
        .stderr(predicate::str::contains(
            "distances at an assumed 8:30/km; give --pace",
        ));
}

/// A 16-bit mono WAV clip of a tone, as a runner's own recording would be.
fn clip(path: &Path) {
    let rate = 22_050u32;
    let samples: Vec<i16> = (0..rate / 4)
        .map(|i| ((i as f32 * 0.07).sin() * 12_000.0) as i16)
        .collect();
    let data: Vec<u8> = samples.iter().flat_map(|s| s.to_le_bytes()).collect();
    let mut v = Vec::new();
    v.extend_from_slice(b"RIFF");
    v.extend_from_slice(&(36 + data.len() as u32).to_le_bytes());
    v.extend_from_slice(b"WAVEfmt ");
    v.extend_from_slice(&16u32.to_le_bytes());
    v.extend_from_slice(&1u16.to_le_bytes());
    v.extend_from_slice(&1u16.to_le_bytes());
    v.extend_from_slice(&rate.to_le_bytes());
    v.extend_from_slice(&(rate * 2).to_le_bytes());
    v.extend_from_slice(&2u16.to_le_bytes());
    v.extend_from_slice(&16u16.to_le_bytes());
    v.extend_from_slice(b"data");
    v.extend_from_slice(&(data.len() as u32).to_le_bytes());
    v.extend_from_slice(&data);
    std::fs::write(path, v).expect("a clip");
}

#[test]
fn with_clips_for_the_new_words_the_coach_says_the_distance_and_the_speed() {
    let w = walkrun();
    let voice = w.home_dir().join("voice");
    std::fs::create_dir_all(&voice).expect("the folder");
    for id in ["to-the-finish", "kilometres", "metres", "at", "point"] {
        clip(&voice.join(format!("{id}.wav")));
    }
    let out = w.home_dir().join("race.wav");
    let assert = walkrun()
        .args([
            "render",
            "--steps",
            "warmup 1m, run 400 metres, walk 1m, run 5km",
            "--pace",
            "8:00/km",
            "--rate",
            "8000",
            "-v",
            "--voice",
        ])
        .arg(&voice)
        .arg("-o")
        .arg(&out)
        .assert()
        .success();
    let cues = cue_texts(&assert.get_output().stdout);
    for said in [
        "Warm up, one minute of brisk walking, at five point five.",
        "Run, four hundred metres, at seven point five.",
        "Walk, one minute, at five point five.",
        "Run to the finish, five kilometres, at seven point five. You've got this.",
    ] {
        assert!(cues.iter().any(|c| c == said), "no {said:?} in {cues:#?}");
    }
}

#[test]
fn metres_written_as_m_are_refused_in_one_line_with_the_fix() {
    let w = walkrun();
    let out = w.home_dir().join("x.wav");
    let assert = walkrun()
        .args([
            "render",
            "--steps",
            "warmup 5m, 4x(run 400m, walk 2m)",
            "-o",
        ])
        .arg(&out)
        .assert()
        .code(2);
    let stderr = String::from_utf8_lossy(&assert.get_output().stderr).into_owned();
    assert_eq!(stderr.lines().count(), 1, "{stderr}");
    assert!(
        stderr.contains("column 19")
            && stderr.contains("'400 metres' or '0.4km' for a distance")
            && stderr.contains("'400m', which could be metres or minutes"),
        "{stderr}"
    );
    // The same in a plan file names the file and line.
    let plan = w.home_dir().join("bad.toml");
    std::fs::write(
        &plan,
        "name = \"Bad\"\n[[week]]\n[[week.session]]\nsteps = \"run 800m\"\n",
    )
    .expect("plan");
    walkrun()
        .arg("show")
        .arg(&plan)
        .assert()
        .code(2)
        .stderr(predicate::str::contains("bad.toml:4").and(predicate::str::contains("0.8km")));
}

#[test]
fn show_times_distances_at_the_pace_and_gives_treadmill_speeds() {
    let w = walkrun();
    let plan = distance_plan(w.home_dir());
    walkrun()
        .arg("show")
        .arg(&plan)
        .args(["--pace", "8:00/km"])
        .assert()
        .success()
        .stdout(
            predicate::str::contains("warmup 5m, run 5km, cooldown 5m")
                .and(predicate::str::contains("50 min, running 40 min"))
                .and(predicate::str::contains(
                    "on a treadmill: runs at 7.5 km/h, walks at 5.5 km/h",
                )),
        );
    // Without a pace: the assumed one, said, and no speeds.
    walkrun().arg("show").arg(&plan).assert().success().stdout(
        predicate::str::contains("Distances at an assumed 8:30/km")
            .and(predicate::str::contains("52:30 min"))
            .and(predicate::str::contains("on a treadmill").not()),
    );
}

#[test]
fn the_profiles_pace_is_used_when_no_flag_gives_one_and_its_unit_sets_the_speeds() {
    let w = walkrun();
    let plan = distance_plan(w.home_dir());
    std::fs::write(w.home_dir().join("config.toml"), "pace = \"12:00/mi\"\n").expect("profile");
    let doc = show_json(w.home_dir(), &plan, &[]);
    assert_eq!(doc["pace"]["pace"], "12:00/mi");
    assert_eq!(doc["pace"]["from"], "profile");
    assert_eq!(doc["pace"]["run_speed"], 5.0);
    assert_eq!(doc["pace"]["walk_speed"], 3.4);
    assert_eq!(doc["pace"]["speed_unit"], "mph");
    let race = &doc["weeks"][0]["sessions"][0];
    assert_eq!(race["distance_metres"], 5000);
    // 5 km at 12:00/mi is 37:17 (rounded up), with 10 minutes of walking.
    assert_eq!(race["run_seconds"], 37 * 60 + 17);
    assert_eq!(doc["weeks"][0]["sessions"][1]["distance_metres"], 1600);
    // The flag beats the profile.
    let doc = show_json(w.home_dir(), &plan, &["--pace", "8:00/km"]);
    assert_eq!(doc["pace"]["from"], "flag");
    assert_eq!(doc["weeks"][0]["sessions"][0]["run_seconds"], 2400);
}

#[test]
fn a_plans_own_pace_times_its_distances() {
    let w = walkrun();
    let path = w.home_dir().join("paced.toml");
    std::fs::write(
        &path,
        format!("name = \"Paced\"\npace = \"8:00/km\"\n[[week]]\n[[week.session]]\nsteps = \"{RACE}\"\n"),
    )
    .expect("plan");
    walkrun().arg("show").arg(&path).assert().success().stdout(
        predicate::str::contains("Pace 8:00/km (plan)")
            .and(predicate::str::contains("50 min, running 40 min")),
    );
}

#[test]
fn the_exports_carry_distances_and_speeds() {
    let w = walkrun();
    let plan = distance_plan(w.home_dir());
    walkrun()
        .args(["export"])
        .arg(&plan)
        .args(["--markdown", "-", "--pace", "8:00/km"])
        .assert()
        .success()
        .stdout(
            predicate::str::contains("run 5 km (about 40 min)")
                .and(predicate::str::contains("run 400 m (about 3 min 12 s)"))
                .and(predicate::str::contains(
                    "On a treadmill, at your pace of 8:00/km: runs at 7.5 km/h, walks at 5.5 km/h.",
                )),
        );
    let dated = w.home_dir().join("dated.toml");
    std::fs::write(
        &dated,
        format!(
            "name = \"Dated\"\nstart = 2026-12-07\n[[week]]\n[[week.session]]\nday = \"tue\"\nsteps = \"{RACE}\"\n"
        ),
    )
    .expect("plan");
    let ics = walkrun()
        .args(["export"])
        .arg(&dated)
        .args(["--ics", "-", "--pace", "8:00/km"])
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    // Unfolded, the description says the speeds.
    let ics = String::from_utf8_lossy(&ics).replace("\r\n ", "");
    assert!(
        ics.contains("On a treadmill\\, at 8:00/km: runs at 7.5 km/h\\, walks at 5.5 km/h."),
        "{ics}"
    );
    assert!(ics.contains("50 min in all"), "{ics}");
}

#[test]
fn a_watch_workout_ends_a_distance_step_on_its_distance_with_a_speed_target() {
    let python = Path::new(env!("CARGO_MANIFEST_DIR")).join("target/venv-fit/bin/python");
    let ready = python.is_file()
        && std::process::Command::new(&python)
            .args(["-c", "import garmin_fit_sdk"])
            .status()
            .is_ok_and(|s| s.success());
    if !crate::util::require_that(ready, "Garmin's FIT SDK is not in target/venv-fit") {
        return;
    }
    let w = walkrun();
    let plan = distance_plan(w.home_dir());
    let file = w.home_dir().join("race.fit");
    walkrun()
        .args(["export"])
        .arg(&plan)
        .args(["--session", "W1D1", "--pace", "8:00/km", "--fit"])
        .arg(&file)
        .assert()
        .success();
    let out = std::process::Command::new(&python)
        .arg(Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fit_decode.py"))
        .arg(&file)
        .output()
        .expect("the decoder");
    let doc: Value = serde_json::from_slice(&out.stdout).expect("JSON");
    let steps = &doc["files"][0]["messages"]["workout_step_mesgs"];
    let run = &steps[1];
    assert_eq!(run["wkt_step_name"], "Run 5 km");
    assert_eq!(run["duration_type"], "distance");
    assert_eq!(run["duration_distance"], 5000.0);
    assert_eq!(run["target_type"], "speed");
    // 7.5 km/h is 2.083 m/s: the target is a band around it.
    let low = run["custom_target_speed_low"].as_f64().expect("low");
    let high = run["custom_target_speed_high"].as_f64().expect("high");
    assert!(
        low < 2.083 && 2.083 < high && high - low < 0.3,
        "{low}..{high}"
    );
    assert_eq!(steps[0]["duration_type"], "time");
    assert_eq!(steps[0]["target_type"], "speed");
}

#[test]
fn with_no_pace_given_the_journals_recordings_give_it() {
    let w = walkrun();
    let plan = distance_plan(w.home_dir());
    // A 20-minute jog recorded by a watch at 2.1 m/s: 7:56/km.
    let fit = w.home_dir().join("jog.fit");
    let outing = Outing::new(
        1_796_000_000,
        vec![Part::Walk(300), Part::Run(1200), Part::Walk(300)],
    );
    std::fs::write(&fit, recordings::fit(&outing)).expect("the recording");
    walkrun()
        .home(w.home_dir())
        .args(["log", "import"])
        .arg(&fit)
        .assert()
        .success();
    let doc = show_json(w.home_dir(), &plan, &[]);
    assert_eq!(doc["pace"]["from"], "journal", "{doc:#}");
    let pace = doc["pace"]["pace"].as_str().expect("a pace");
    assert!(("7:50/km"..="8:02/km").contains(&pace), "{pace}");
    let speed = doc["pace"]["run_speed"].as_f64().expect("a speed");
    assert!((7.4..=7.7).contains(&speed), "{speed}");
    // The text says where it came from, and gives the treadmill's speeds.
    walkrun()
        .home(w.home_dir())
        .arg("show")
        .arg(&plan)
        .assert()
        .success()
        .stdout(
            predicate::str::contains("(journal)")
                .and(predicate::str::contains("on a treadmill: runs at 7.")),
        );
}

#[test]
fn a_5k_race_planned_at_a_pace_is_the_races_distance() {
    let w = walkrun();
    let plan = w.home_dir().join("race.toml");
    walkrun()
        .home(w.home_dir())
        .args([
            "plan",
            "--goal",
            "5k",
            "--level",
            "run 20m",
            "--race-date",
            "2027-03-06",
            "--pace",
            "8:00/km",
            "--now",
            "2026-12-08T09:00",
            "-o",
        ])
        .arg(&plan)
        .assert()
        .success();
    let text = std::fs::read_to_string(&plan).expect("the plan");
    assert!(
        text.contains("purpose = \"race\"\nsteps = \"warmup 5m, run 5km, cooldown 5m\""),
        "{text}"
    );
    let doc = show_json(w.home_dir(), &plan, &[]);
    let race = doc["weeks"]
        .as_array()
        .and_then(|w| w.last())
        .and_then(|w| w["sessions"].as_array())
        .and_then(|s| s.last())
        .expect("the race")
        .clone();
    assert_eq!(race["purpose"], "race");
    assert_eq!(race["run_seconds"], 40 * 60);
    assert_eq!(race["distance_metres"], 5000);
    // A slower runner's pace makes the same race longer.
    let doc = show_json(w.home_dir(), &plan, &["--pace", "9:00/km"]);
    let last = doc["weeks"]
        .as_array()
        .and_then(|w| w.last())
        .expect("a week");
    let race = last["sessions"]
        .as_array()
        .and_then(|s| s.last())
        .expect("the race");
    assert_eq!(race["run_seconds"], 45 * 60);
}

#[test]
fn a_live_session_shows_each_segments_treadmill_speed() {
    // Piped, the live display is one stamped line a change.
    let out = walkrun()
        .args([
            "run",
            "--no-audio",
            "--steps",
            "walk 1s, run 1s",
            "--pace",
            "12:00/mi",
        ])
        .output()
        .expect("run");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(stdout.contains("WALK 1s at 3.4 mph"), "{stdout}");
    assert!(
        stdout.contains("RUN 1s (run 1 of 1) at 5.0 mph"),
        "{stdout}"
    );
}
