//! The profile a runner sets once (config.toml): commands read it, flags
//! override it, and a malformed one is reported at its place and refused.
//! Also the shell completions and the manual page made from the same
//! definitions.

use std::path::{Path, PathBuf};
use std::process::Command as Std;

use crate::util::{walkrun, Walkrun};
use walkrun::Plan;

/// A walkrun with its own data folder and profile file.
struct Home {
    dir: tempfile::TempDir,
}

impl Home {
    fn new() -> Home {
        Home {
            dir: tempfile::tempdir().expect("temp dir"),
        }
    }

    fn config(&self) -> PathBuf {
        self.dir.path().join("profile.toml")
    }

    fn write_config(&self, text: &str) {
        std::fs::write(self.config(), text).expect("write config");
    }

    fn walkrun(&self) -> Walkrun {
        walkrun()
            .home(self.dir.path().join("data"))
            .config(self.config())
            .in_dir(self.dir.path())
    }

    fn path(&self, name: &str) -> PathBuf {
        self.dir.path().join(name)
    }
}

const PROFILE: &str = "\
# my profile
age = 47
priority = \"strength\"
run_days = [\"tue\", \"thu\", \"sun\"]

[[lift]]
day = \"mon\"
at = \"07:00\"
legs = true

[[lift]]
day = \"wed\"
at = \"18:30\"
minutes = 45
";

fn plan_at(path: &Path) -> Plan {
    Plan::load(path).unwrap_or_else(|e| panic!("{e}"))
}

fn days(plan: &Plan) -> Vec<String> {
    plan.weeks[0]
        .sessions
        .iter()
        .filter_map(|s| s.day.map(|d| walkrun::plan::weekday_name(d).to_string()))
        .collect()
}

#[test]
fn plan_reads_lifts_run_days_age_and_priority_from_the_profile() {
    let home = Home::new();
    home.write_config(PROFILE);
    home.walkrun()
        .args([
            "plan",
            "--goal",
            "5k",
            "--weeks",
            "13",
            "--start",
            "2026-12-07",
        ])
        .args(["-o", "plan.toml"])
        .assert()
        .success();
    let plan = plan_at(&home.path("plan.toml"));
    let lifts: Vec<String> = plan.lifts.iter().map(|l| l.to_string()).collect();
    assert_eq!(lifts, ["mon@07:00+60m:legs", "wed@18:30+45m"]);
    assert_eq!(days(&plan), ["tue", "thu", "sun"]);
    assert_eq!(
        plan.priority.map(|p| p.to_string()).as_deref(),
        Some("strength")
    );
    // Age 47 brings the masters runner's lighter weeks: week 4 runs less than week 3.
    let running = |w: usize| -> u64 {
        plan.weeks[w - 1]
            .sessions
            .iter()
            .map(|s| s.steps.run_seconds())
            .sum()
    };
    assert!(
        running(4) < running(3),
        "no lighter week 4 for a 47-year-old"
    );
}

#[test]
fn flags_override_the_profile() {
    let home = Home::new();
    home.write_config(PROFILE);
    home.walkrun()
        .args([
            "plan",
            "--goal",
            "5k",
            "--weeks",
            "13",
            "--start",
            "2026-12-07",
        ])
        .args([
            "--lift",
            "fri@06:00",
            "--run-days",
            "mon,wed,sat",
            "--age",
            "30",
        ])
        .args(["--priority", "endurance", "-o", "plan.toml"])
        .assert()
        .success();
    let plan = plan_at(&home.path("plan.toml"));
    let lifts: Vec<String> = plan.lifts.iter().map(|l| l.to_string()).collect();
    assert_eq!(
        lifts,
        ["fri@06:00+60m"],
        "the flag replaces the profile's lifts"
    );
    assert_eq!(days(&plan), ["mon", "wed", "sat"]);
    assert_eq!(
        plan.priority.map(|p| p.to_string()).as_deref(),
        Some("endurance")
    );
    // Under 40: no lighter weeks; the plan keeps the age, which tells the
    // checker the same.
    assert_eq!(plan.age, Some(30));
}

#[test]
fn check_adds_the_profile_lifts_the_plan_lacks() {
    let home = Home::new();
    // A run at 08:00 on Monday: fine with no lifts, an error after a 07:00 lift.
    std::fs::write(
        home.path("coach.toml"),
        "name = \"Coach's plan\"\nstart = 2026-12-07\n[[week]]\n[[week.session]]\nday = \"mon\"\nat = \"08:00\"\nsteps = \"run 20m\"\n",
    )
    .expect("write plan");
    home.walkrun()
        .args(["check", "coach.toml"])
        .assert()
        .code(0);
    home.write_config(PROFILE);
    home.walkrun()
        .args(["check", "coach.toml"])
        .assert()
        .code(1)
        .stdout(predicates::str::contains("error[same-day-gap]"));
    // A flag replaces the profile's lifts: a Friday lift leaves Monday free.
    home.walkrun()
        .args(["check", "coach.toml", "--lift", "fri@07:00"])
        .assert()
        .code(0);
}

#[test]
fn a_plan_made_from_the_profile_checks_clean_against_it() {
    let home = Home::new();
    home.write_config(PROFILE);
    home.walkrun()
        .args([
            "plan",
            "--goal",
            "5k",
            "--weeks",
            "13",
            "--start",
            "2026-12-07",
        ])
        .args(["-o", "plan.toml"])
        .assert()
        .success();
    let out = home
        .walkrun()
        .args(["check", "plan.toml", "--format", "json"])
        .output()
        .expect("run");
    let doc: serde_json::Value = serde_json::from_slice(&out.stdout).expect("json");
    assert_eq!(doc["summary"]["errors"], 0);
    assert_eq!(doc["summary"]["warnings"], 0, "{doc}");
}

#[test]
fn a_bad_profile_exits_2_naming_file_line_and_column() {
    let home = Home::new();
    home.write_config("age = 47\nrun_days = [\"tue\", \"fryday\"]\n");
    let config = home.config().display().to_string();
    for args in [
        vec!["plan", "--goal", "5k", "--weeks", "13"],
        vec!["check", "couch-to-5k"],
        vec!["config", "show"],
    ] {
        let out = home.walkrun().args(&args).output().expect("run");
        assert_eq!(out.status.code(), Some(2), "{args:?}");
        let err = String::from_utf8_lossy(&out.stderr);
        assert_eq!(err.lines().count(), 1, "{args:?}: {err}");
        assert!(
            err.starts_with(&format!(
                "walkrun: {config}:2:20: run_days: expected a weekday"
            )),
            "{args:?}: {err}"
        );
    }
    home.write_config("age = 47\nmood = \"keen\"\n");
    home.walkrun()
        .args(["config", "show"])
        .assert()
        .code(2)
        .stderr(predicates::str::contains(format!(
            "{config}:2:1: unknown field `mood`"
        )));
}

/// The pace the plans are made at is a setting like the others: shown with
/// the line it came from.
#[test]
fn config_show_lists_the_pace() {
    let home = Home::new();
    home.write_config("age = 47\npace = \"8:00/km\"\n");
    let out = home
        .walkrun()
        .args(["config", "show", "--format", "json"])
        .output()
        .expect("run");
    let doc: serde_json::Value = serde_json::from_slice(&out.stdout).expect("json");
    assert_eq!(doc["settings"]["pace"]["value"], "8:00/km", "{doc}");
    assert_eq!(doc["settings"]["pace"]["line"], 2, "{doc}");
}

#[test]
fn config_show_says_where_each_setting_comes_from() {
    let home = Home::new();
    home.walkrun()
        .args(["config", "path"])
        .assert()
        .success()
        .stdout(format!("{}\n", home.config().display()));
    home.write_config(PROFILE);
    let out = home
        .walkrun()
        .args(["config", "show", "--format", "json"])
        .output()
        .expect("run");
    let doc: serde_json::Value = serde_json::from_slice(&out.stdout).expect("json");
    let s = &doc["settings"];
    assert_eq!(s["age"]["value"], 47);
    assert_eq!(s["age"]["source"], "file");
    assert_eq!(s["age"]["line"], 2);
    assert_eq!(s["lift"]["line"], 6);
    assert_eq!(s["lift"]["value"][1], "wed@18:30+45m");
    assert_eq!(s["music"]["source"], "unset");
    assert_eq!(s["pace"]["source"], "unset");
    assert_eq!(doc["exists"], true);
    let text = home
        .walkrun()
        .args(["config", "show"])
        .output()
        .expect("run");
    let text = String::from_utf8_lossy(&text.stdout);
    assert!(
        text.lines()
            .any(|l| l.contains("age") && l.contains("47") && l.ends_with("profile.toml:2")),
        "{text}"
    );
    assert!(
        text.lines()
            .any(|l| l.contains("voice") && l.ends_with("unset")),
        "{text}"
    );
}

#[test]
fn walkrun_home_holds_the_profile_when_no_config_path_is_given() {
    let dir = tempfile::tempdir().expect("temp dir");
    // The builder leaves WALKRUN_CONFIG unset.
    walkrun()
        .home(dir.path())
        .args(["config", "path"])
        .assert()
        .success()
        .stdout(format!("{}\n", dir.path().join("config.toml").display()));
}

#[test]
fn bash_completion_loads_and_completes_subcommands() {
    let w = walkrun();
    let completions = format!("{} completions bash", w.shell());
    // Source the script, then ask its function what follows `walkrun ex`.
    let script = format!(
        "set -e; source <({completions}); \
         COMP_WORDS=(walkrun ex); COMP_CWORD=1; COMP_LINE='walkrun ex'; COMP_POINT=10; \
         _walkrun walkrun ex walkrun; printf '%s\\n' \"${{COMPREPLY[@]}}\""
    );
    let out = Std::new("bash")
        .arg("-c")
        .arg(&script)
        .output()
        .expect("bash");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{stderr}");
    assert!(stderr.is_empty(), "{stderr}");
    let words: Vec<&str> = std::str::from_utf8(&out.stdout)
        .expect("utf8")
        .lines()
        .collect();
    assert!(words.contains(&"explain"), "{words:?}");
    assert!(words.contains(&"export"), "{words:?}");
    // The plain form the README gives.
    let plain = Std::new("bash")
        .arg("-c")
        .arg(format!("source <({completions})"))
        .output()
        .expect("bash");
    assert!(plain.status.success() && plain.stderr.is_empty());
}

#[test]
fn every_shell_gets_a_script() {
    for shell in ["zsh", "fish", "powershell"] {
        let out = walkrun()
            .args(["completions", shell])
            .output()
            .expect("run");
        assert!(out.status.success(), "{shell}");
        let text = String::from_utf8_lossy(&out.stdout);
        assert!(
            text.contains("walkrun") && text.contains("render"),
            "{shell}"
        );
    }
    walkrun().args(["completions", "tcsh"]).assert().code(2);
}

#[test]
fn the_manual_page_is_roff_with_every_command() {
    let out = walkrun().arg("manpage").output().expect("run");
    assert!(out.status.success());
    let page = String::from_utf8_lossy(&out.stdout);
    assert!(
        page.starts_with(".ie") || page.contains(".TH walkrun 1"),
        "{page}"
    );
    for sub in ["plan", "check", "run", "render", "config", "completions"] {
        assert!(page.contains(sub), "{sub} missing");
    }
    let dir = tempfile::tempdir().expect("temp dir");
    walkrun()
        .args(["manpage", "--dir"])
        .arg(dir.path())
        .assert()
        .success();
    let plan = std::fs::read_to_string(dir.path().join("walkrun-plan.1")).expect("plan page");
    assert!(
        plan.contains("walkrun\\-plan") && plan.contains("\\-\\-run\\-days"),
        "{plan}"
    );
    // man itself reads it, where man is installed.
    if Std::new("man").arg("--version").output().is_ok() {
        let shown = Std::new("man")
            .arg("-l")
            .arg(dir.path().join("walkrun.1"))
            .env("MANPAGER", "cat")
            .env("MANWIDTH", "80")
            .output()
            .expect("man");
        assert!(
            shown.status.success(),
            "{}",
            String::from_utf8_lossy(&shown.stderr)
        );
    }
}

/// The cue lines `render -v` prints, without the file's own line.
fn cues(home: &Home, extra: &[&str]) -> String {
    let out = home
        .walkrun()
        .args(["render", "--steps", "warmup 1m, run 2m, cooldown 1m", "-v"])
        .args(["-o", &home.path("s.wav").display().to_string()])
        .args(extra)
        .output()
        .expect("render");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout)
        .lines()
        .skip(1)
        .collect::<Vec<_>>()
        .join("\n")
}

#[test]
fn the_profiles_talk_level_is_used_and_the_flag_wins() {
    let home = Home::new();
    home.write_config("talk = \"quiet\"\n");
    let quiet = cues(&home, &[]);
    assert!(!quiet.contains("Thirty seconds to go"), "{quiet}");
    assert!(quiet.contains("Run, two minutes."), "{quiet}");
    let normal = cues(&home, &["--talk", "normal"]);
    assert!(normal.contains("Thirty seconds to go"), "{normal}");
    home.write_config("talk = \"chatty\"\n");
    assert_ne!(cues(&home, &[]), normal, "chatty says more than normal");
    home.walkrun()
        .args(["config", "show", "--format", "json"])
        .assert()
        .success()
        .stdout(predicates::str::contains("\"chatty\""));
}

/// A two-second 440 Hz tone, as the runner's music.
fn music_folder(home: &Home) -> PathBuf {
    let dir = home.path("music");
    std::fs::create_dir_all(&dir).expect("music dir");
    let spec = hound::WavSpec {
        channels: 1,
        sample_rate: 44_100,
        bits_per_sample: 16,
        sample_format: hound::SampleFormat::Int,
    };
    let mut w = hound::WavWriter::create(dir.join("tone.wav"), spec).expect("wav");
    for i in 0..88_200u32 {
        let t = f64::from(i) / 44_100.0;
        let v = (t * 440.0 * std::f64::consts::TAU).sin() * 8_000.0;
        w.write_sample(v as i16).expect("sample");
    }
    w.finalize().expect("finalize");
    dir
}

#[test]
fn the_profiles_music_plays_under_the_cues_unless_no_music() {
    let home = Home::new();
    let dir = music_folder(&home);
    home.write_config(&format!("music = \"{}\"\n", dir.display()));
    let out = home.path("s.wav");
    let render = |extra: &[&str]| {
        home.walkrun()
            .args(["render", "--steps", "walk 10s", "-o"])
            .arg(&out)
            .args(extra)
            .assert()
            .success();
        let r = hound::WavReader::open(&out).expect("wav");
        let channels = r.spec().channels;
        // The loudness of the whole track: cues alike, so music makes the difference.
        let samples: Vec<i16> = r.into_samples().map(|s| s.expect("sample")).collect();
        let energy: f64 = samples.iter().map(|&s| f64::from(s).powi(2)).sum();
        let rms = (energy / samples.len() as f64).sqrt();
        (channels, rms)
    };
    let (channels, rms) = render(&[]);
    assert_eq!(channels, 2, "music makes the track stereo");
    let (plain_channels, _) = render(&["--no-music"]);
    assert_eq!(
        plain_channels, 1,
        "--no-music leaves the profile's music out"
    );
    let (_, louder) = render(&["--music-volume", "200"]);
    assert!(louder > rms, "--music-volume works on the profile's music");
}

#[test]
fn a_bad_talk_level_or_profile_stops_next_and_run_too() {
    let home = Home::new();
    home.write_config("talk = \"loud\"\n");
    let config = home.config().display().to_string();
    for args in [
        vec!["render", "--steps", "run 1s", "-o", "x.wav"],
        vec!["run", "--steps", "run 1s", "--no-audio"],
        vec!["next", "couch-to-5k"],
    ] {
        let out = home.walkrun().args(&args).output().expect("run");
        assert_eq!(out.status.code(), Some(2), "{args:?}");
        let err = String::from_utf8_lossy(&out.stderr);
        assert_eq!(err.lines().count(), 1, "{args:?}: {err}");
        assert!(
            err.starts_with(&format!(
                "walkrun: {config}:1:8: talk: expected quiet, normal or chatty, found 'loud'"
            )),
            "{args:?}: {err}"
        );
        assert!(!home.path("x.wav").exists());
    }
    assert!(
        !home.path("data").join("journal.jsonl").exists(),
        "a session refused for its profile is not journalled"
    );
}
