//! What a live session costs beside the plainest player of the same samples:
//! `aplay` of the session rendered to WAV, then `walkrun run` of the session,
//! one after the other on one null sink of one private PulseAudio server
//! (recorded throughout, so the sink is running for both alike), through the
//! same ALSA pulse plugin. The same again with `--music`, against `aplay` of
//! the session rendered with the same music.

use std::path::Path;
use std::process::{Command, Stdio};

use crate::measure::{run_measured, Measured};
use crate::pulse::Pulse;
use crate::report::Row;
use crate::session::Shape;

const SECTION: &str = "Cost of a live session beside aplay of its samples (same sink, same run)";
/// walkrun's CPU over aplay's: without music, and with it.
const CPU_RATIO: f64 = 1.5;
const MUSIC_CPU_RATIO: f64 = 2.5;
/// Peak memory, MB: without music, and with it.
const RSS_MB: f64 = 16.0;
const MUSIC_RSS_MB: f64 = 24.0;
/// walkrun's wall time, start to exit, over aplay's.
const WALL_EXTRA_S: f64 = 0.5;

/// Run `argv` under `suite measure`, stdin closed (no keys, no questions).
fn measure(
    dir: &Path,
    name: &str,
    argv: &[String],
    env: &[(String, String)],
) -> Result<Measured, String> {
    let out = dir.join(format!("{name}.json"));
    let m = run_measured(&out, argv, env.iter().map(|(k, v)| (k, v)), Stdio::null())?;
    if m.code != 0 {
        return Err(format!("{} exited with {}", argv.join(" "), m.code));
    }
    Ok(m)
}

fn figure(m: &Measured) -> String {
    format!(
        "{:.3} CPU s, {:.1} MB, {:.2} s wall",
        m.cpu_s,
        m.peak_mb(),
        m.wall_s
    )
}

/// The rows: aplay, walkrun, and walkrun against aplay, for one pair.
fn pair(what: &str, aplay: &Measured, walkrun: &Measured, cpu_ratio: f64, rss_mb: f64) -> Vec<Row> {
    let ratio = walkrun.cpu_s / aplay.cpu_s.max(1e-3);
    let extra = walkrun.wall_s - aplay.wall_s;
    vec![
        Row::new(SECTION, format!("aplay of the rendered WAV{what}"), figure(aplay)).values(aplay),
        Row::new(SECTION, format!("walkrun run --require-audio{what}"), figure(walkrun))
            .values(walkrun),
        Row::new(SECTION, format!("walkrun/aplay CPU{what}"), format!("{ratio:.2}x"))
            .target(format!("<= {cpu_ratio}x"), ratio <= cpu_ratio)
            .values(serde_json::json!({ "walkrun_s": walkrun.cpu_s, "aplay_s": aplay.cpu_s, "ratio": ratio })),
        Row::new(
            SECTION,
            format!("walkrun peak memory{what}"),
            format!("{:.1} MB (aplay {:.1} MB)", walkrun.peak_mb(), aplay.peak_mb()),
        )
        .target(format!("< {rss_mb} MB"), walkrun.peak_mb() < rss_mb),
        Row::new(
            SECTION,
            format!("walkrun wall, start to exit, beyond aplay's{what}"),
            format!("{extra:+.2} s ({:.2} s vs {:.2} s)", walkrun.wall_s, aplay.wall_s),
        )
        .target(format!("<= +{WALL_EXTRA_S} s"), extra <= WALL_EXTRA_S)
        .values(serde_json::json!({ "walkrun_s": walkrun.wall_s, "aplay_s": aplay.wall_s, "extra_s": extra })),
    ]
}

/// `walkrun render` of `steps` (and `extra` flags) to `out`.
fn render(walkrun: &Path, steps: &str, extra: &[String], out: &Path) -> Result<(), String> {
    let status = Command::new(walkrun)
        .args(["render", "--steps", steps])
        .args(extra)
        .arg("-o")
        .arg(out)
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .map_err(|e| e.to_string())?;
    if !status.success() {
        return Err(format!("walkrun render {}: failed", extra.join(" ")));
    }
    Ok(())
}

pub fn rows(
    walkrun: &Path,
    dir: &Path,
    shape: Shape,
    music: Option<&Path>,
) -> Result<Vec<Row>, String> {
    if !crate::which("aplay") {
        return Ok(vec![Row::not_measured(
            SECTION,
            "aplay",
            "not installed (alsa-utils): run bench/run",
        )]);
    }
    std::fs::create_dir_all(dir).map_err(|e| e.to_string())?;
    let steps = shape.steps();
    let pulse = Pulse::start(dir, &["cost"])?;
    let mut env = pulse.env();
    env.push(("PULSE_SINK".into(), "cost".into()));
    env.push((
        "WALKRUN_HOME".into(),
        dir.join("data").display().to_string(),
    ));
    let _rec = pulse.record("cost", &dir.join("cost.raw"))?;
    let wav = dir.join("session.wav");
    render(walkrun, &steps, &[], &wav)?;
    let aplay = |wav: &Path| vec!["aplay".to_string(), "-q".into(), wav.display().to_string()];
    let run = |extra: &[String]| {
        let mut v = vec![
            walkrun.display().to_string(),
            "run".into(),
            "--require-audio".into(),
        ];
        v.extend(extra.iter().cloned());
        v.extend(["--steps".to_string(), steps.clone()]);
        v
    };
    let a = measure(dir, "aplay", &aplay(&wav), &env)?;
    let w = measure(dir, "walkrun", &run(&[]), &env)?;
    let mut rows = pair("", &a, &w, CPU_RATIO, RSS_MB);
    match music {
        Some(song) => {
            let flags = vec!["--music".to_string(), song.display().to_string()];
            let mixed = dir.join("session-music.wav");
            render(walkrun, &steps, &flags, &mixed)?;
            let a = measure(dir, "aplay-music", &aplay(&mixed), &env)?;
            let w = measure(dir, "walkrun-music", &run(&flags), &env)?;
            rows.extend(pair(", --music", &a, &w, MUSIC_CPU_RATIO, MUSIC_RSS_MB));
        }
        None => rows.push(Row::not_measured(
            SECTION,
            "--music",
            "this walkrun has no --music",
        )),
    }
    Ok(rows)
}
