//! Whole-process timings with hyperfine, and the inputs they need: a 52-week
//! plan to check and a 10,000-entry journal to read.

use std::fmt::Write as _;
use std::path::Path;
use std::process::{Command, Stdio};

use crate::tmux::quote;

/// The rate ffmpeg decodes rendered files at for the onset rows (the renders'
/// own, so no resampler moves an onset).
pub const DECODE_RATE: u32 = 44_100;

#[derive(Debug, Clone, serde::Serialize)]
pub struct Timing {
    pub runs: usize,
    pub median_s: f64,
    pub mean_s: f64,
    pub min_s: f64,
    pub max_s: f64,
    /// User + system CPU, mean per run: what the command itself costs, which
    /// a busy machine does not inflate as it does wall time.
    pub cpu_s: f64,
}

/// Time `argv` with hyperfine (no shell in between), with `env` set.
pub fn hyperfine(
    dir: &Path,
    argv: &[String],
    env: &[(&str, String)],
    warmup: u32,
    runs: u32,
    ignore_failure: bool,
) -> Result<Timing, String> {
    let json = dir.join("hyperfine.json");
    let command: Vec<String> = argv.iter().map(|a| quote(a)).collect();
    let status = Command::new("hyperfine")
        .args(["-N", "--style", "none", "--warmup"])
        .arg(warmup.to_string())
        .arg("--runs")
        .arg(runs.to_string())
        .arg("--export-json")
        .arg(&json)
        .args(ignore_failure.then_some("--ignore-failure"))
        .arg(command.join(" "))
        .envs(env.iter().map(|(k, v)| (k, v)))
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .output()
        .map_err(|e| format!("hyperfine: {e}"))?;
    if !status.status.success() {
        return Err(format!(
            "hyperfine failed on: {}: {}",
            command.join(" "),
            String::from_utf8_lossy(&status.stderr).trim()
        ));
    }
    let text = std::fs::read_to_string(&json).map_err(|e| e.to_string())?;
    let v: serde_json::Value = serde_json::from_str(&text).map_err(|e| e.to_string())?;
    let r = &v["results"][0];
    let f = |k: &str| r[k].as_f64().ok_or(format!("hyperfine's JSON has no {k}"));
    Ok(Timing {
        runs: r["times"].as_array().map_or(0, Vec::len),
        median_s: f("median")?,
        mean_s: f("mean")?,
        min_s: f("min")?,
        max_s: f("max")?,
        cpu_s: f("user")? + f("system")?,
    })
}

/// A year of training: 52 weeks of 4 sessions around 3 lifts, one of them
/// sharing a day with a lift.
pub fn year_plan() -> String {
    let mut t = String::from(
        "name = \"Year\"\nstart = 2027-01-04\npriority = \"endurance\"\n\
         [[lift]]\nday = \"mon\"\nat = \"07:00\"\nlegs = true\n\
         [[lift]]\nday = \"wed\"\nat = \"07:00\"\n\
         [[lift]]\nday = \"fri\"\nat = \"18:00\"\n",
    );
    for w in 0..52u32 {
        let run = 60 + 30 * (w % 9);
        t.push_str("[[week]]\n");
        for (day, at) in [
            ("tue", None),
            ("wed", Some("18:00")),
            ("thu", None),
            ("sat", None),
        ] {
            let _ = write!(t, "[[week.session]]\nday = \"{day}\"\n");
            if let Some(at) = at {
                let _ = writeln!(t, "at = \"{at}\"");
            }
            let _ = writeln!(
                t,
                "steps = \"warmup 5m, {}x(run {run}s, walk 60s), cooldown 5m\"",
                4 + w % 5
            );
        }
    }
    t
}

/// The journal records of session `i` of years of logging: the 27 sessions
/// of Couch to 5K over and over, one a day, with efforts and an occasional
/// note. A session played live has `progress` records before its final one,
/// as the recorder writes them.
fn journal_session(i: usize, progress: usize) -> String {
    let (w, d) = ((i % 27) / 3 + 1, i % 3 + 1);
    let (day, month, year) = (i % 28 + 1, (i / 28) % 12 + 1, 2000 + i / 336);
    let common = format!(
        "\"v\":1,\"session\":\"bench-{i}\",\"plan\":\"Couch to 5K\",\"plan_path\":\"builtin:couch-to-5k\",\
         \"address\":\"W{w}D{d}\",\"steps\":\"warmup 5m, 8x(run 1m, walk 1m30s), cooldown 5m\",\
         \"started\":\"{year:04}-{month:02}-{day:02}T18:{:02}:00+01:00\",\"run_seconds_planned\":480",
        i % 60
    );
    let mut out = String::new();
    for p in 1..=progress {
        let _ = writeln!(
            out,
            "{{{common},\"kind\":\"progress\",\"seconds_spent\":{},\"run_seconds_done\":{},\
             \"segments_completed\":{},\"segments_skipped\":0,\"longest_run_seconds\":60}}",
            600 * p,
            240 * p,
            6 * p
        );
    }
    let note = if i.is_multiple_of(7) {
        ",\"note\":\"hills, then a headwind on the way back\""
    } else {
        ""
    };
    let outcome = if i.is_multiple_of(13) {
        "partial"
    } else {
        "done"
    };
    let _ = writeln!(
        out,
        "{{{common},\"kind\":\"final\",\"seconds_spent\":1800,\"run_seconds_done\":480,\
         \"segments_completed\":18,\"segments_skipped\":0,\"longest_run_seconds\":60,\
         \"outcome\":\"{outcome}\",\"effort\":{}{note}}}",
        i % 10 + 1
    );
    out
}

/// A journal of `sessions` sessions, every tenth played live.
pub fn journal(sessions: usize) -> String {
    (0..sessions)
        .map(|i| journal_session(i, if i.is_multiple_of(10) { 1 } else { 0 }))
        .collect()
}

/// A journal of at least `bytes`, every session played live (two progress
/// records each), and how many sessions it holds.
pub fn big_journal(bytes: usize) -> (String, usize) {
    let mut out = String::new();
    let mut i = 0;
    while out.len() < bytes {
        out.push_str(&journal_session(i, 2));
        i += 1;
    }
    (out, i)
}

/// Steps a hostile or careless file may hold, written as plans: what walkrun
/// must refuse in one line at once, and the largest it must accept. Each is
/// (file, steps, what it is, refused?).
pub fn hostile_plans() -> Vec<(&'static str, String, &'static str, bool)> {
    let nest = |n: usize| format!("{}run 1s{}", "1x(".repeat(n), ")".repeat(n));
    vec![
        ("deep.toml", nest(30_000), "30,000 nested 1x(", true),
        (
            "huge.toml",
            "200x(200x(200x(200x(run 1s))))".to_string(),
            "200x(200x(200x(200x(run 1s))))",
            true,
        ),
        (
            "noise.toml",
            // Under the 4 MB a plan file may hold, so the parser meets it.
            format!("walk {}", "9".repeat(3_000_000)),
            "a 3 MB duration",
            true,
        ),
        (
            "many.toml",
            vec!["run 1s"; 200_000].join(", "),
            "200,000 segments in a row",
            true,
        ),
        (
            "largest.toml",
            "24x(100x(run 1s, walk 2s)), 100x(run 3s, walk 3s)".to_string(),
            "5,000 segments (the limit, accepted)",
            false,
        ),
    ]
}

pub fn plan_with_steps(steps: &str) -> String {
    format!("name = \"bench\"\n\n[[week]]\n[[week.session]]\nday = \"tue\"\nsteps = \"{steps}\"\n")
}

/// Minutes `from_s` to `to_s` of an audio file as an ordinary player decodes
/// it (ffmpeg), mono at the onset detector's rate.
pub fn decode(path: &Path, from_s: f64, to_s: f64) -> Result<Vec<f32>, String> {
    let out = Command::new("ffmpeg")
        .args(["-v", "error", "-i"])
        .arg(path)
        .args(["-af", &format!("atrim=start={from_s}:end={to_s}")])
        .args([
            "-f",
            "f32le",
            "-ac",
            "1",
            "-ar",
            &DECODE_RATE.to_string(),
            "-",
        ])
        .stdin(Stdio::null())
        .output()
        .map_err(|e| format!("ffmpeg: {e}"))?;
    if !out.status.success() {
        return Err(format!(
            "ffmpeg could not decode {}: {}",
            path.display(),
            String::from_utf8_lossy(&out.stderr).trim()
        ));
    }
    Ok(out
        .stdout
        .chunks_exact(4)
        .map(|b| f32::from_le_bytes([b[0], b[1], b[2], b[3]]))
        .collect())
}
