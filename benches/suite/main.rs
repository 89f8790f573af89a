//! Every walkrun benchmark in one run, printed as one table (or `--json`):
//! live cue timing through a PulseAudio null sink, quiet and under load; the
//! same session played by two terminal interval timers (cali-workout and
//! termdown); what a live session costs; and the engine's commands as whole
//! processes. Not part of `cargo test`: run `bench/run`, which installs the
//! tools and the peers, then calls `cargo bench --bench suite`.

mod capture;
mod cost;
mod engine;
#[path = "../../tests/integration/util/fit_file.rs"]
#[allow(dead_code)]
mod fit_file;
mod measure;
mod music;
#[path = "../../tests/integration/util/onsets.rs"]
#[allow(dead_code)]
mod onsets;
mod pulse;
mod report;
mod session;
mod tmux;

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

use clap::Parser;

use capture::{change_lateness, cue_timing, percentile, CueTiming};
use measure::Measured;
use pulse::Pulse;
use report::{Report, Row};
use session::Shape;
use tmux::Tmux;

/// Targets, from the issues that set them.
const CUE_MAX_MS: f64 = 5.0;
const TOTAL_MS: f64 = 20.0;
const CPU_PER_MIN_S: f64 = 0.3;
const RSS_MB: f64 = 30.0;
const PLAN_MS: f64 = 20.0;
const CHECK_MS: f64 = 10.0;
const CHECK_LIB_MS: f64 = 1.0;
const LOG_MS: f64 = 50.0;
const LOG_MEMORY_MB: f64 = 100.0;
const IMPORT_MS: f64 = 50.0;
const RENDER_S: f64 = 1.0;
const RENDER_MB: f64 = 50.0;
/// Issue 21: a 5-hour render to any format stays under 100 MB.
const LONG_RENDER_MB: f64 = 100.0;
/// Issue 14: a 30-minute session to MP3 or Opus in under 5 s, so 60 in 10.
const ENCODED_S: f64 = 10.0;
/// Issue 14: decoded by an ordinary player, every cue within 10 ms of the WAV's.
const DECODED_MS: f64 = 10.0;
/// Issue 27: rendering with music to MP3 or Opus, against ffmpeg's wall
/// time for the music's decode and encode alone.
const MUSIC_VS_FFMPEG: f64 = 0.75;
const SIDE_BY_SIDE: &str =
    "Side by side: the same session, each on its own null sink, at the same time";
/// What `walkrun run` asks at the end of a session (answered with Enter).
const EFFORT_PROMPT: &str = "How hard was it";
/// One sample of a capture: the finest it can tell.
const SAMPLE_MS: f64 = 1000.0 / pulse::RATE as f64;

#[derive(Parser, Debug)]
#[command(
    name = "bench/run",
    about = "Run every walkrun benchmark and print one table"
)]
struct Args {
    /// Print the results as JSON instead of the table
    #[arg(long)]
    json: bool,
    /// Length of the live session, quiet and side by side with the peers
    #[arg(long, default_value_t = 10)]
    minutes: u32,
    /// Length of the live session with both cores busy
    #[arg(long, default_value_t = 3)]
    load_minutes: u32,
    /// A short run for trying the harness: 1-minute sessions, fewer repeats
    #[arg(long)]
    quick: bool,
    /// Only these parts (comma-separated): live, cost, load, engine, music, long, import
    #[arg(long, value_delimiter = ',', value_parser = ["live", "cost", "load", "engine", "music", "long", "import"])]
    only: Vec<String>,
    /// The Python virtual environment holding cali-workout and termdown
    #[arg(long, default_value = "target/bench/venv")]
    venv: PathBuf,
    /// Where to keep the JSON of the last run
    #[arg(long, default_value = "target/bench/latest.json")]
    save: PathBuf,
    /// Ignored: cargo bench passes it
    #[arg(long, hide = true)]
    bench: bool,
}

struct Ctx {
    walkrun: PathBuf,
    dir: tempfile::TempDir,
    venv: PathBuf,
    repo: PathBuf,
    quick: bool,
}

impl Ctx {
    fn path(&self, name: &str) -> PathBuf {
        self.dir.path().join(name)
    }

    fn walkrun_help(&self, sub: &str) -> String {
        Command::new(&self.walkrun)
            .args([sub, "--help"])
            .output()
            .map(|o| String::from_utf8_lossy(&o.stdout).to_lowercase())
            .unwrap_or_default()
    }

    fn render(&self, steps: &str, out: &Path) -> Result<Vec<f32>, String> {
        let status = Command::new(&self.walkrun)
            // At the device's rate, as the capture is (see pulse::RATE).
            .args(["render", "--rate", &pulse::RATE.to_string()])
            .args(["--steps", steps, "-o"])
            .arg(out)
            .stdout(Stdio::null())
            .status()
            .map_err(|e| e.to_string())?;
        if !status.success() {
            return Err("walkrun render failed".into());
        }
        let mut reader = hound::WavReader::open(out).map_err(|e| e.to_string())?;
        match reader.spec().sample_format {
            hound::SampleFormat::Float => reader
                .samples::<f32>()
                .collect::<Result<_, _>>()
                .map_err(|e| e.to_string()),
            hound::SampleFormat::Int => reader
                .samples::<i16>()
                .map(|s| s.map(|v| f32::from(v) / 32768.0))
                .collect::<Result<_, _>>()
                .map_err(|e| e.to_string()),
        }
    }
}

fn main() {
    let mut argv: Vec<String> = std::env::args().collect();
    if argv.get(1).map(String::as_str) == Some("measure") {
        let out = argv.get(2).cloned().unwrap_or_default();
        let cmd: Vec<String> = argv.drain(3..).skip_while(|a| a == "--").collect();
        if let Err(e) = measure::main(Path::new(&out), &cmd) {
            eprintln!("{e}");
            std::process::exit(1);
        }
        return;
    }
    let args = Args::parse();
    match run(&args) {
        Ok(report) => {
            let json = serde_json::to_string_pretty(&report).unwrap_or_default();
            if let Some(parent) = args.save.parent() {
                let _ = std::fs::create_dir_all(parent);
            }
            if let Err(e) = std::fs::write(&args.save, &json) {
                eprintln!("bench: {}: {e}", args.save.display());
            }
            if args.json {
                println!("{json}");
            } else {
                print!("{}", report.table());
            }
            // A row left empty (a peer or a tool missing, a capture that
            // could not be read) must not pass for a complete run.
            let missing: Vec<&str> = report
                .rows
                .iter()
                .filter(|r| r.verdict == report::Verdict::NotMeasured)
                .map(|r| r.name.as_str())
                .collect();
            if !missing.is_empty() {
                eprintln!("bench: not measured: {}", missing.join("; "));
                std::process::exit(1);
            }
        }
        Err(e) => {
            eprintln!("bench: {e}");
            std::process::exit(1);
        }
    }
}

fn say(what: &str) {
    eprintln!("bench: {what}");
}

fn run(args: &Args) -> Result<Report, String> {
    let started = Instant::now();
    let repo = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let ctx = Ctx {
        walkrun: PathBuf::from(env!("CARGO_BIN_EXE_walkrun")),
        dir: tempfile::Builder::new()
            .prefix("walkrun-bench-")
            .tempdir()
            .map_err(|e| e.to_string())?,
        venv: repo.join(&args.venv),
        repo,
        quick: args.quick,
    };
    // No profile, journal or current plan of the user's may change a figure.
    std::env::set_var("WALKRUN_HOME", ctx.path("home"));
    let (minutes, load_minutes) = if args.quick {
        (1, 1)
    } else {
        (args.minutes, args.load_minutes)
    };
    let want = |part: &str| args.only.is_empty() || args.only.iter().any(|p| p == part);
    let shape = Shape::of_minutes(minutes);
    let load_before = load_average();
    let mut rows = Vec::new();
    if want("live") {
        rows.extend(live_together(&ctx, shape)?);
    }
    if want("cost") {
        say("cost: aplay of the rendered session, then walkrun run of it, on one sink");
        let music = music_file(&ctx)?;
        rows.extend(cost::rows(
            &ctx.walkrun,
            &ctx.path("cost"),
            shape,
            music.as_deref(),
        )?);
    }
    if want("load") {
        rows.extend(live_under_load(&ctx, Shape::of_minutes(load_minutes))?);
    }
    if want("engine") {
        rows.extend(engine(&ctx)?);
    }
    if want("music") {
        rows.extend(music_part(&ctx)?);
    }
    if want("long") {
        rows.extend(long_renders(&ctx)?);
    }
    if want("import") {
        rows.extend(import_hour(&ctx)?);
    }
    Ok(Report {
        date: chrono::Local::now().format("%Y-%m-%d %H:%M %Z").to_string(),
        machine: machine(),
        walkrun: version(&ctx),
        session: format!("{} ({} min)", shape.steps(), shape.total_s() / 60),
        load_average: format!("{load_before} at the start, {} at the end", load_average()),
        took_s: started.elapsed().as_secs_f64(),
        rows,
    })
}

/// Phase one: the session played at once by walkrun (with audio, without,
/// with music), cali-workout and termdown, each on its own terminal and sink.
fn live_together(ctx: &Ctx, shape: Shape) -> Result<Vec<Row>, String> {
    let steps = shape.steps();
    let nominal = f64::from(shape.total_s());
    say(&format!(
        "live: playing a {}-minute session with walkrun and the peers at once",
        shape.total_s() / 60
    ));
    let music_path = music_file(ctx)?;
    let pulse = Pulse::start(ctx.dir.path(), &["walkrun", "cali", "music"])?;
    let mut env = pulse.env();
    env.push((
        "WALKRUN_HOME".into(),
        ctx.path("data").display().to_string(),
    ));
    let tmux = Tmux::start(ctx.dir.path(), &env)?;
    let rec_walkrun = pulse.record("walkrun", &ctx.path("walkrun.raw"))?;
    let python = ctx.venv.join("bin/python");
    let peers = python.exists() && which("mpv");
    let rec_cali = if peers {
        Some(pulse.record("cali", &ctx.path("cali.raw"))?)
    } else {
        None
    };
    let walkrun = ctx.walkrun.display().to_string();
    let run = |extra: &[&str]| {
        let mut v = vec![walkrun.clone(), "run".into()];
        v.extend(extra.iter().map(|s| s.to_string()));
        v.extend(["--steps".to_string(), steps.clone()]);
        v
    };
    let home = |name: &str| {
        (
            "WALKRUN_HOME",
            ctx.path(&format!("home-{name}")).display().to_string(),
        )
    };
    let audio = tmux.spawn(
        "walkrun",
        &[("PULSE_SINK", "walkrun".into()), home("walkrun")],
        &run(&["--require-audio"]),
        &ctx.path("walkrun.json"),
    )?;
    let silent = tmux.spawn(
        "silent",
        &[home("silent")],
        &run(&["--no-audio"]),
        &ctx.path("silent.json"),
    )?;
    let music = match music_path {
        Some(file) => Some(tmux.spawn(
            "music",
            &[("PULSE_SINK", "music".into()), home("music")],
            &run(&["--require-audio", "--music", &file.display().to_string()]),
            &ctx.path("music.json"),
        )?),
        None => None,
    };
    let (cali, termdown) = if peers {
        let s = shape;
        let cali = tmux.spawn(
            "cali",
            &[("PULSE_SINK", "cali".into())],
            &[
                python.display().to_string(),
                ctx.repo
                    .join("bench/peers/cali_session.py")
                    .display()
                    .to_string(),
                s.warmup_s.to_string(),
                s.rounds.to_string(),
                s.run_s.to_string(),
                s.walk_s.to_string(),
                s.cooldown_s.to_string(),
            ],
            &ctx.path("cali.json"),
        )?;
        let td = ctx.venv.join("bin/termdown").display().to_string();
        let chain: Vec<String> = shape
            .segments()
            .iter()
            .map(|s| format!("{} {s}s", tmux::quote(&td)))
            .collect();
        let termdown = tmux.spawn(
            "termdown",
            &[],
            &["sh".into(), "-c".into(), chain.join(" && ")],
            &ctx.path("termdown.json"),
        )?;
        (Some(cali), Some(termdown))
    } else {
        (None, None)
    };

    let limit = Duration::from_secs_f64(nominal * 1.3 + 120.0);
    // Each walkrun asks how hard the session was; the runner presses Enter.
    let watch = Duration::from_secs_f64((nominal - 10.0).max(0.0));
    // All at once: a player that stalls or asks while another still plays
    // is answered at once.
    let answer = Some((EFFORT_PROMPT, "Enter"));
    let has_music = music.is_some();
    let has_peers = cali.is_some() && termdown.is_some();
    let mut jobs: Vec<tmux::Waited> = vec![
        (audio, limit, watch, answer),
        (silent, limit, watch, answer),
    ];
    jobs.extend(music.map(|j| (j, limit, watch, answer)));
    jobs.extend(cali.map(|j| (j, limit, limit, None)));
    jobs.extend(termdown.map(|j| (j, limit, limit, None)));
    let mut done = tmux::wait_all(jobs)?.into_iter();
    let mut next = || {
        done.next()
            .ok_or_else(|| "a player left no figures".to_string())
    };
    let audio_done = next()?;
    let silent = next()?.measured;
    let music_done = if has_music { Some(next()?) } else { None };
    let music_stalls = music_done.as_ref().map_or(0, |d| d.stalls);
    let music = music_done.map(|d| d.measured);
    let (cali, termdown) = if has_peers {
        (Some(next()?.measured), Some(next()?.measured))
    } else {
        (None, None)
    };
    let audio = audio_done.measured.clone();
    // When the session was over for the runner: the question on the screen,
    // or the exit where there is none.
    let over_unix = audio_done
        .prompt_unix
        .unwrap_or(audio.ended_unix)
        .min(audio.ended_unix);
    let heard_walkrun = rec_walkrun.finish()?;
    let heard_cali = rec_cali.map(|r| r.finish()).transpose()?;
    drop(tmux);
    drop(pulse);
    if audio.code != 0 {
        return Err(format!("walkrun run exited with {}", audio.code));
    }

    let rendered = ctx.render(&steps, &ctx.path("reference.wav"))?;
    let timing = cue_timing(&heard_walkrun, &rendered)?;
    keep(
        "live",
        &[&ctx.path("walkrun.raw"), &ctx.path("reference.wav")],
    );
    say_worst("live", &timing);
    let minutes = nominal / 60.0;
    let mut rows = vec![
        stalled(
            timing_row("Live cue timing, no load added", shape, &timing),
            audio_done.stalls,
        ),
        stalled(
            total_row("Live cue timing, no load added", &timing),
            audio_done.stalls,
        ),
    ];

    // Side by side.
    let section = SIDE_BY_SIDE;
    // What a runner waits for at the end, start-up and lead-in included.
    let overrun_ms = (over_unix - audio.started_unix - nominal) * 1000.0;
    rows.push(
        Row::new(
            section,
            "walkrun: every cue late by",
            format!(
                "p50 {:.2} / p99 {:.2} / max {:.2} ms, end {}",
                timing.p50_ms,
                timing.p99_ms,
                timing.max_ms,
                signed_ms(timing.total_ms),
            ),
        )
        .values(&timing),
    );
    rows.push(
        Row::new(
            section,
            "walkrun: the session is over",
            format!("{} after nominal", secs(overrun_ms / 1000.0)),
        )
        .values(serde_json::json!({ "over_s": overrun_ms / 1000.0, "wall_s": audio.wall_s, "nominal_s": nominal })),
    );
    rows.push(cost_row(section, "walkrun: cost", &audio, minutes));
    if let (Some(heard), Some(cali)) = (heard_cali, cali) {
        match change_lateness(&heard, &shape.boundaries_s(), 5.0) {
            Ok(late) => {
                let mut sorted: Vec<f64> = late.iter().map(|l| l.abs()).collect();
                sorted.sort_by(f64::total_cmp);
                let end = late.last().copied().unwrap_or(f64::NAN);
                let max = sorted.last().copied().unwrap_or(f64::NAN);
                rows.push(
                    Row::new(
                        section,
                        "cali-workout 1.0.0: each change late by",
                        format!(
                            "p50 {:.2} / p99 {:.2} / max {:.2} s, end {}",
                            percentile(&sorted, 50.0),
                            percentile(&sorted, 99.0),
                            max,
                            signed_secs(end)
                        ),
                    )
                    .values(serde_json::json!({ "lateness_s": late, "end_drift_s": end })),
                );
                rows.push(cost_row(
                    section,
                    "cali-workout: cost (with its mpv, clear)",
                    &cali,
                    minutes,
                ));
                rows.push(ratio_row(
                    "ratio cali-workout/walkrun: latest change",
                    max * 1000.0,
                    timing.max_ms,
                    SAMPLE_MS,
                ));
                rows.push(ratio_row(
                    "ratio cali-workout/walkrun: end drift",
                    end.abs() * 1000.0,
                    timing.total_ms.abs(),
                    SAMPLE_MS,
                ));
                rows.push(ratio_row(
                    "ratio cali-workout/walkrun: CPU",
                    cali.cpu_s,
                    audio.cpu_s,
                    0.0,
                ));
                rows.push(ratio_row(
                    "ratio cali-workout/walkrun: memory",
                    cali.peak_mb(),
                    audio.peak_mb(),
                    0.0,
                ));
            }
            Err(e) => rows.push(Row::not_measured(section, "cali-workout", &e)),
        }
    } else {
        rows.push(Row::not_measured(
            section,
            "cali-workout",
            "not installed: run bench/run",
        ));
    }
    if let Some(td) = termdown {
        let calls = shape.segments().len();
        let drift = td.wall_s - nominal;
        rows.push(
            Row::new(
                section,
                format!("termdown 2.0.0, {calls} calls: the last ends"),
                format!("{} after nominal", secs(drift)),
            )
            .values(serde_json::json!({ "calls": calls, "end_drift_s": drift, "measured": td })),
        );
        rows.push(cost_row(section, "termdown: cost", &td, minutes));
        rows.push(ratio_row(
            "ratio termdown/walkrun: end",
            drift * 1000.0,
            overrun_ms,
            SAMPLE_MS,
        ));
    } else {
        rows.push(Row::not_measured(
            section,
            "termdown",
            "not installed: run bench/run",
        ));
    }

    // Cost.
    let section = "Cost of a live session (CPU seconds per session minute; peak memory)";
    rows.push(stalled(
        cost_target_row(section, "with audio", &audio, minutes),
        audio_done.stalls,
    ));
    rows.push(cost_target_row(section, "--no-audio", &silent, minutes));
    rows.push(match &music {
        Some(m) => stalled(
            cost_target_row(section, "--music", m, minutes),
            music_stalls,
        ),
        None => Row::not_measured(section, "--music", "not built"),
    });
    Ok(rows)
}

/// Phase two: walkrun alone with every core kept busy by the bench's own
/// spinning threads, at the same priority as the player.
fn live_under_load(ctx: &Ctx, shape: Shape) -> Result<Vec<Row>, String> {
    let steps = shape.steps();
    let cores = std::thread::available_parallelism().map_or(2, |n| n.get());
    say(&format!(
        "load: a {}-minute session with {cores} busy threads",
        shape.total_s() / 60
    ));
    let dir = ctx.path("load");
    std::fs::create_dir_all(&dir).map_err(|e| e.to_string())?;
    let pulse = Pulse::start(&dir, &["walkrun"])?;
    let mut env = pulse.env();
    env.push((
        "WALKRUN_HOME".into(),
        ctx.path("data").display().to_string(),
    ));
    let tmux = Tmux::start(&dir, &env)?;
    let rec = pulse.record("walkrun", &dir.join("walkrun.raw"))?;
    let stop = Arc::new(AtomicBool::new(false));
    let spinners: Vec<_> = (0..cores)
        .map(|i| {
            let stop = Arc::clone(&stop);
            std::thread::spawn(move || {
                let mut x = i as u64 + 1;
                while !stop.load(Ordering::Relaxed) {
                    for _ in 0..10_000 {
                        x = std::hint::black_box(
                            x.wrapping_mul(6364136223846793005).wrapping_add(1),
                        );
                    }
                }
            })
        })
        .collect();
    let job = tmux.spawn(
        "walkrun",
        &[
            ("PULSE_SINK", "walkrun".into()),
            ("WALKRUN_HOME", dir.join("home").display().to_string()),
        ],
        &[
            ctx.walkrun.display().to_string(),
            "run".into(),
            "--require-audio".into(),
            "--steps".into(),
            steps.clone(),
        ],
        &dir.join("walkrun.json"),
    );
    let measured = job.and_then(|j| {
        j.wait(
            Duration::from_secs(u64::from(shape.total_s()) * 2 + 60),
            Duration::from_secs(u64::from(shape.total_s().saturating_sub(10))),
            Some((EFFORT_PROMPT, "Enter")),
        )
    });
    stop.store(true, Ordering::Relaxed);
    for s in spinners {
        let _ = s.join();
    }
    let done = measured?;
    let (measured, stalls) = (done.measured, done.stalls);
    let heard = rec.finish()?;
    drop(tmux);
    drop(pulse);
    if measured.code != 0 {
        return Err(format!(
            "walkrun run under load exited with {}",
            measured.code
        ));
    }
    let rendered = ctx.render(&steps, &dir.join("reference.wav"))?;
    let timing = cue_timing(&heard, &rendered)?;
    keep(
        "load",
        &[&dir.join("walkrun.raw"), &dir.join("reference.wav")],
    );
    say_worst("load", &timing);
    let section = "Live cue timing, both cores busy";
    Ok(vec![
        stalled(timing_row(section, shape, &timing), stalls),
        stalled(total_row(section, &timing), stalls),
        cost_row(
            section,
            "cost under load",
            &measured,
            f64::from(shape.total_s()) / 60.0,
        ),
    ])
}

/// Name the cue furthest from the timeline, so a figure off target can be
/// looked at (every cue's error is in the JSON, `per_cue`).
fn say_worst(part: &str, t: &CueTiming) {
    if let Some((at, e)) = t.worst() {
        say(&format!(
            "{part}: the furthest cue is {at:.3} s after the first, {} from the timeline",
            signed_ms(e)
        ));
    }
}

/// With WALKRUN_BENCH_KEEP set to a folder, copy a part's capture and its
/// rendered reference there (the run's own folder is removed at the end).
fn keep(part: &str, files: &[&Path]) {
    let Some(to) = std::env::var_os("WALKRUN_BENCH_KEEP") else {
        return;
    };
    let to = PathBuf::from(to).join(part);
    if let Err(e) = std::fs::create_dir_all(&to) {
        say(&format!("{}: {e}", to.display()));
        return;
    }
    for f in files {
        if let Some(name) = f.file_name() {
            if let Err(e) = std::fs::copy(f, to.join(name)) {
                say(&format!("{}: {e}", f.display()));
            }
        }
    }
}

/// A player whose audio stalled paused (and was resumed with space by the
/// harness): say so in its rows, and no target counts as met.
fn stalled(mut row: Row, stalls: usize) -> Row {
    if stalls > 0 {
        row.figure
            .push_str(&format!("; audio stalled {stalls}x, resumed with space"));
        if row.verdict == report::Verdict::Met {
            row.verdict = report::Verdict::Missed;
        }
        row.values = serde_json::json!({ "stalls": stalls, "values": row.values });
    }
    row
}

fn timing_row(section: &'static str, shape: Shape, t: &CueTiming) -> Row {
    let missed = if t.missed > 0 {
        format!(", {} MISSED", t.missed)
    } else {
        String::new()
    };
    Row::new(
        section,
        format!(
            "{} cues of a {}-min session vs the timeline",
            t.cues,
            shape.total_s() / 60
        ),
        format!(
            "p50 {:.2} / p99 {:.2} / max {:.2} ms{missed}",
            t.p50_ms, t.p99_ms, t.max_ms
        ),
    )
    .target(
        format!("max < {CUE_MAX_MS} ms"),
        t.missed == 0 && t.max_ms < CUE_MAX_MS,
    )
    .values(t)
}

fn total_row(section: &'static str, t: &CueTiming) -> Row {
    Row::new(
        section,
        format!("first to last cue ({:.0} s nominal)", t.nominal_s),
        signed_ms(t.total_ms),
    )
    .target(format!("within {TOTAL_MS} ms"), t.total_ms.abs() < TOTAL_MS)
}

fn cost_row(section: &'static str, name: &str, m: &Measured, minutes: f64) -> Row {
    Row::new(
        section,
        name,
        format!("{:.3} CPU s/min, {:.1} MB", m.cpu_s / minutes, m.peak_mb()),
    )
    .values(m)
}

fn cost_target_row(section: &'static str, name: &str, m: &Measured, minutes: f64) -> Row {
    let per_min = m.cpu_s / minutes;
    cost_row(section, name, m, minutes).target(
        format!("< {CPU_PER_MIN_S} s/min, < {RSS_MB} MB"),
        m.code == 0 && per_min < CPU_PER_MIN_S && m.peak_mb() < RSS_MB,
    )
}

/// Peer over walkrun. A walkrun timing below one sample, the finest the
/// capture resolves, counts as one sample: the ratio is then a lower bound.
fn ratio_row(name: &str, peer: f64, walkrun: f64, floor: f64) -> Row {
    let bound = walkrun < floor;
    let ratio = peer / walkrun.max(floor);
    let figure = if !ratio.is_finite() {
        "n/a".to_string()
    } else if bound {
        format!(">= {}x (walkrun < 1 sample)", thousands(ratio))
    } else {
        format!("{}x", thousands(ratio))
    };
    Row::new(SIDE_BY_SIDE, name, figure)
        .values(serde_json::json!({ "peer": peer, "walkrun": walkrun, "ratio": ratio, "lower_bound": bound }))
}

/// A ratio rounded to what matters, with thousands separated.
fn thousands(v: f64) -> String {
    if v < 10.0 {
        return format!("{v:.1}");
    }
    let digits = format!("{:.0}", v);
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(c);
    }
    out
}

/// Phase three: the commands a runner types, as whole processes.
fn engine(ctx: &Ctx) -> Result<Vec<Row>, String> {
    say("engine: plan, check, log, render");
    let section = "Engine: whole processes (hyperfine)";
    let walkrun = ctx.walkrun.display().to_string();
    let cmd = |args: &[&str]| {
        let mut v = vec![walkrun.clone()];
        v.extend(args.iter().map(|s| s.to_string()));
        v
    };
    let runs = |n: u32| if ctx.quick { 3 } else { n };
    let mut rows = Vec::new();
    let dir = ctx.path("engine");
    std::fs::create_dir_all(&dir).map_err(|e| e.to_string())?;
    let home = [("WALKRUN_HOME", dir.join("home").display().to_string())];

    let plan = cmd(&[
        "plan",
        "--goal",
        "half",
        "--level",
        "run 5m",
        "--weeks",
        "34",
        "--start",
        "2027-01-04",
        "--run-days",
        "tue,thu,sat,sun",
        "--lift",
        "mon@07:00:legs",
        "--lift",
        "wed@18:00",
        "--lift",
        "fri@07:00",
        "--age",
        "52",
    ]);
    let t = engine::hyperfine(&dir, &plan, &home, 3, runs(30), false)?;
    rows.push(timed_row(
        section,
        "plan: 34 weeks to a half, 3 lifts",
        &t,
        PLAN_MS,
    ));

    let year = dir.join("year.toml");
    std::fs::write(&year, engine::year_plan()).map_err(|e| e.to_string())?;
    let check = cmd(&["check", &year.display().to_string()]);
    let out = Command::new(&check[0])
        .args(&check[1..])
        .output()
        .map_err(|e| e.to_string())?;
    if out.status.code().is_none_or(|c| c > 1) {
        return Err(format!(
            "walkrun check of the 52-week plan: {}",
            String::from_utf8_lossy(&out.stderr).trim()
        ));
    }
    // Exit 1 means findings, which this plan has: checked above.
    let t = engine::hyperfine(&dir, &check, &home, 3, runs(30), true)?;
    rows.push(timed_row(
        section,
        "check: 52 weeks x 4 sessions",
        &t,
        CHECK_MS,
    ));
    rows.push(check_library(section, &year)?);

    let home_dir = dir.join("home");
    std::fs::create_dir_all(&home_dir).map_err(|e| e.to_string())?;
    std::fs::write(home_dir.join("journal.jsonl"), engine::journal(10_000))
        .map_err(|e| e.to_string())?;
    let status = Command::new(&walkrun)
        .args(["use", "couch-to-5k"])
        .env("WALKRUN_HOME", &home_dir)
        .stdout(Stdio::null())
        .status()
        .map_err(|e| e.to_string())?;
    if !status.success() {
        return Err("walkrun use couch-to-5k failed".into());
    }
    let t = engine::hyperfine(&dir, &cmd(&["log"]), &home, 3, runs(20), false)?;
    rows.push(timed_row(section, "log: 10,000 sessions", &t, LOG_MS));
    let (big, sessions) = engine::big_journal(if ctx.quick { 5 << 20 } else { 50 << 20 });
    std::fs::write(home_dir.join("journal.jsonl"), &big).map_err(|e| e.to_string())?;
    let megabytes = big.len() >> 20;
    drop(big);
    for what in [
        &["log", "--format", "json"][..],
        &["log"],
        &["log", "--chart"],
    ] {
        let m = measure_once(ctx, &cmd(what), &home)?;
        rows.push(
            Row::new(
                section,
                format!(
                    "{}: {megabytes} MB journal ({sessions} sessions)",
                    what.join(" ")
                ),
                format!(
                    "{:.2} s, CPU {:.2} s, {:.1} MB",
                    m.wall_s,
                    m.cpu_s,
                    m.peak_mb()
                ),
            )
            .target(
                format!("< {LOG_MEMORY_MB} MB"),
                m.code == 0 && m.peak_mb() < LOG_MEMORY_MB,
            )
            .values(&m),
        );
    }
    let _ = std::fs::remove_file(home_dir.join("journal.jsonl"));

    let hour = "warmup 5m, 20x(run 90s, walk 1m), cooldown 5m";
    let help = ctx.walkrun_help("render");
    // Each file rendered, kept for the decoding rows below: (format, path,
    // median wall seconds).
    let mut files: Vec<(&str, PathBuf, f64)> = Vec::new();
    for (format, ext) in [("WAV", "wav"), ("MP3", "mp3"), ("Opus", "opus")] {
        let name = format!("render: 60 minutes to {format}");
        if ext != "wav" && !help.contains(ext) {
            rows.push(Row::not_measured(section, name, "not built"));
            continue;
        }
        let out = dir.join(format!("hour.{ext}"));
        let render = cmd(&["render", "--steps", hour, "-o", &out.display().to_string()]);
        // Each run measured whole (wall, CPU, memory); a few suffice at
        // seconds a run.
        let runs: Vec<Measured> = (0..if ctx.quick { 2 } else { 3 })
            .map(|_| measure_once(ctx, &render, &home))
            .collect::<Result<_, _>>()?;
        if let Some(bad) = runs.iter().find(|m| m.code != 0) {
            return Err(format!(
                "walkrun render to {format} exited with {}",
                bad.code
            ));
        }
        let mut walls: Vec<f64> = runs.iter().map(|m| m.wall_s).collect();
        walls.sort_by(f64::total_cmp);
        let mut cpus: Vec<f64> = runs.iter().map(|m| m.cpu_s).collect();
        cpus.sort_by(f64::total_cmp);
        let wall = walls[walls.len() / 2];
        let mb = runs.iter().map(Measured::peak_mb).fold(0.0, f64::max);
        let size_mb = std::fs::metadata(&out).map_or(0.0, |m| m.len() as f64 / 1e6);
        let row = Row::new(
            section,
            name,
            format!(
                "{} (min {}, max {}), CPU {}, {mb:.1} MB; file {size_mb:.1} MB",
                secs_or_ms(wall),
                secs_or_ms(walls[0]),
                secs_or_ms(walls[walls.len() - 1]),
                secs_or_ms(cpus[cpus.len() / 2]),
            ),
        )
        .values(serde_json::json!({ "runs": runs, "file_bytes": size_mb * 1e6 }));
        rows.push(if ext == "wav" {
            row.target(
                format!("< {RENDER_S} s, < {RENDER_MB} MB"),
                wall < RENDER_S && mb < RENDER_MB,
            )
        } else {
            row.target(
                format!("< {ENCODED_S} s (5 s per 30 min)"),
                wall < ENCODED_S,
            )
        });
        files.push((format, out, wall));
    }
    let decoded = decoded_rows(ctx, section, &dir, &files, &home);
    for (_, path, _) in &files {
        let _ = std::fs::remove_file(path);
    }
    rows.extend(decoded?);
    rows.extend(hostile(ctx, &dir, &home)?);
    Ok(rows)
}

/// A format the music part renders to, and ffmpeg's way to the same file
/// from the music alone.
struct MusicFormat {
    name: &'static str,
    ext: &'static str,
    /// ffmpeg's codec and bitrate, walkrun's for music (stereo).
    codec: &'static [&'static str],
    /// The rate walkrun renders this format at (its WAVs too, so that the
    /// music taken away is the very music coded).
    rate: &'static str,
}

const MUSIC_FORMATS: [MusicFormat; 2] = [
    MusicFormat {
        name: "MP3",
        ext: "mp3",
        codec: &["-b:a", "128k"],
        rate: "44100",
    },
    // At walkrun's effort (libopus complexity 5; ffmpeg's default of 10
    // takes four times as long).
    MusicFormat {
        name: "Opus",
        ext: "opus",
        codec: &["-c:a", "libopus", "-b:a", "96k", "-compression_level", "5"],
        rate: "48000",
    },
];

/// Its own part (`--only music`): rendering with music to MP3 and to Opus,
/// each beside ffmpeg.
fn music_part(ctx: &Ctx) -> Result<Vec<Row>, String> {
    let mut rows = Vec::new();
    for format in &MUSIC_FORMATS {
        say(&format!(
            "music: 30 minutes with music to {}, beside ffmpeg",
            format.name
        ));
        let section: &'static str = match format.ext {
            "mp3" => "Music to MP3: beside ffmpeg's decode and encode of the music alone",
            _ => "Music to Opus: beside ffmpeg's decode and encode of the music alone",
        };
        let Some(song) = music_file(ctx)? else {
            rows.push(Row::not_measured(section, "render --music", "not built"));
            continue;
        };
        let dir = ctx.path("music");
        std::fs::create_dir_all(&dir).map_err(|e| e.to_string())?;
        let home = [("WALKRUN_HOME", dir.join("home").display().to_string())];
        rows.extend(music_render(ctx, section, format, &dir, &home, &song)?);
    }
    Ok(rows)
}

/// Issue 27: W1D1 of Couch to 5K (30 minutes) with music to `format`, beside
/// ffmpeg doing only the music's part (the bench song decoded, looped to
/// the same length and encoded at the same bitrate), run in turns in the
/// same run, the figure the median of the turns' ratios; then the file as ffmpeg decodes it, its cue onsets against
/// the WAV's. Music is never silent, so the onsets are found in what is
/// left once the music (the WAV with music less the WAV without) is taken
/// away.
fn music_render(
    ctx: &Ctx,
    section: &'static str,
    format: &MusicFormat,
    dir: &Path,
    home: &[(&str, String)],
    song: &Path,
) -> Result<Vec<Row>, String> {
    const SONG_S: u64 = 180;
    let (session, seconds, name): (Vec<&str>, u64, String) = if ctx.quick {
        let steps = "warmup 60s, 3x(run 20s, walk 20s), cooldown 60s";
        (vec!["--steps", steps], 240, "4 minutes".to_string())
    } else {
        (
            vec!["couch-to-5k", "--session", "W1D1"],
            1800,
            "30 minutes of W1D1".to_string(),
        )
    };
    let song_arg = song.display().to_string();
    let render = |out: &Path, music: bool| -> Vec<String> {
        let mut v = vec![ctx.walkrun.display().to_string(), "render".to_string()];
        v.extend(session.iter().map(|s| s.to_string()));
        if music {
            v.extend(["--music".to_string(), song_arg.clone()]);
        }
        v.extend(["--rate".to_string(), format.rate.to_string()]);
        v.extend(["-o".to_string(), out.display().to_string()]);
        v
    };
    let mp3 = dir.join(format!("music.{}", format.ext));
    let peer_out = dir.join(format!("music-ffmpeg.{}", format.ext));
    let mut ffmpeg: Vec<String> = ["ffmpeg", "-v", "error", "-y", "-stream_loop"]
        .into_iter()
        .map(String::from)
        .collect();
    ffmpeg.extend([
        (seconds.div_ceil(SONG_S) - 1).to_string(),
        "-i".to_string(),
        song_arg.clone(),
        "-t".to_string(),
        seconds.to_string(),
    ]);
    ffmpeg.extend(format.codec.iter().map(|s| s.to_string()));
    ffmpeg.push(peer_out.display().to_string());
    let has_ffmpeg = which("ffmpeg");
    // In turns, so both see the same machine.
    let mut ours: Vec<Measured> = Vec::new();
    let mut theirs: Vec<Measured> = Vec::new();
    for _ in 0..if ctx.quick { 1 } else { 3 } {
        let m = measure_once(ctx, &render(&mp3, true), home)?;
        if m.code != 0 {
            return Err(format!("walkrun render --music exited with {}", m.code));
        }
        ours.push(m);
        if has_ffmpeg {
            let m = measure_once(ctx, &ffmpeg, &[])?;
            let _ = std::fs::remove_file(&peer_out);
            if m.code != 0 {
                return Err(format!("ffmpeg of the music alone exited with {}", m.code));
            }
            theirs.push(m);
        }
    }
    let median = |runs: &[Measured], f: fn(&Measured) -> f64| {
        let mut v: Vec<f64> = runs.iter().map(f).collect();
        v.sort_by(f64::total_cmp);
        v.get(v.len() / 2).copied().unwrap_or(f64::NAN)
    };
    let wall = median(&ours, |m| m.wall_s);
    let cpu = median(&ours, |m| m.cpu_s);
    let mb = ours.iter().map(Measured::peak_mb).fold(0.0, f64::max);
    let size_mb = std::fs::metadata(&mp3).map_or(0.0, |f| f.len() as f64 / 1e6);
    let mut rows = Vec::new();
    let name = format!("render: {name} to {} with --music", format.name);
    let figure = format!(
        "{} (CPU {}, {mb:.1} MB; file {size_mb:.1} MB)",
        secs_or_ms(wall),
        secs_or_ms(cpu)
    );
    let target = format!("< {MUSIC_VS_FFMPEG}x ffmpeg");
    rows.push(if theirs.is_empty() {
        Row::new(section, name, format!("{figure}; ffmpeg not installed"))
            .target(target, false)
            .values(serde_json::json!({ "walkrun": ours }))
    } else {
        let peer = median(&theirs, |m| m.wall_s);
        let peer_cpu = median(&theirs, |m| m.cpu_s);
        // Each turn's ratio, walkrun's run against the ffmpeg run right
        // after it: on a loaded machine the two of a turn see the same load,
        // and the median of those is the figure.
        let mut ratios: Vec<f64> = ours
            .iter()
            .zip(&theirs)
            .map(|(o, t)| o.wall_s / t.wall_s)
            .collect();
        ratios.sort_by(f64::total_cmp);
        let ratio = ratios[ratios.len() / 2];
        let each: Vec<String> = ratios.iter().map(|r| format!("{r:.2}")).collect();
        Row::new(
            section,
            name,
            format!(
                "{figure}; ffmpeg, the music alone: {} (CPU {}); {ratio:.2}x (turns {})",
                secs_or_ms(peer),
                secs_or_ms(peer_cpu),
                each.join(", ")
            ),
        )
        .target(target, ratio < MUSIC_VS_FFMPEG)
        .values(serde_json::json!({ "walkrun": ours, "ffmpeg": theirs, "ratio": ratio }))
    });
    if !has_ffmpeg {
        let _ = std::fs::remove_file(&mp3);
        return Ok(rows);
    }
    let with = dir.join("music.wav");
    let without = dir.join("voice.wav");
    for (out, music) in [(&with, true), (&without, false)] {
        let m = measure_once(ctx, &render(out, music), home)?;
        if m.code != 0 {
            return Err(format!(
                "walkrun render -o {} exited with {}",
                out.display(),
                m.code
            ));
        }
    }
    let (from_s, to_s) = if ctx.quick {
        (30.0, 210.0)
    } else {
        (299.5, 599.5)
    };
    let decoded = engine::decode(&mp3, from_s, to_s)?;
    let voice = engine::decode(&without, from_s, to_s)?;
    let mixed = engine::decode(&with, from_s, to_s)?;
    for f in [&mp3, &with, &without] {
        let _ = std::fs::remove_file(f);
    }
    // The file less the music as the WAV has it: the voice and the codec's noise.
    let left: Vec<f32> = decoded
        .iter()
        .zip(mixed.iter().zip(&voice))
        .map(|(d, (m, v))| d - (m - v))
        .collect();
    let (mut errors, missed) = capture::onset_errors(&left, &voice, engine::DECODE_RATE);
    errors.sort_by(f64::total_cmp);
    let max = errors.last().copied().unwrap_or(f64::NAN);
    let missed_note = if missed > 0 {
        format!(", {missed} MISSED")
    } else {
        String::new()
    };
    rows.push(
        Row::new(
            section,
            format!(
                "{} with --music decoded by ffmpeg: cue onsets vs the WAV",
                format.name
            ),
            format!(
                "max {max:.2} ms over {} onsets (from {} to {} s){missed_note}",
                errors.len(),
                from_s,
                to_s
            ),
        )
        .target(
            format!("within {DECODED_MS} ms"),
            missed == 0 && !errors.is_empty() && max <= DECODED_MS,
        )
        .values(serde_json::json!({ "errors_ms": errors, "missed": missed })),
    );
    Ok(rows)
}

/// Issue 21: a 5-hour session rendered to each format, walkrun's peak memory
/// beside ffmpeg's encoding the same session (walkrun's WAV of it) to the
/// same format at the same bitrate, measured in the same run. Before the
/// encoders streamed, walkrun held the whole file: 603 MB for FLAC.
fn long_renders(ctx: &Ctx) -> Result<Vec<Row>, String> {
    say("long: 5-hour renders, peak memory per format, beside ffmpeg");
    let section = "Long renders: peak memory, beside ffmpeg from the WAV";
    let dir = ctx.path("long");
    std::fs::create_dir_all(&dir).map_err(|e| e.to_string())?;
    let home = [("WALKRUN_HOME", dir.join("home").display().to_string())];
    let (steps, length) = if ctx.quick {
        ("warmup 5m, 10x(run 1m, walk 1m), cooldown 5m", "30 minutes")
    } else {
        ("warmup 5m, 145x(run 1m, walk 1m), cooldown 5m", "5 hours")
    };
    let walkrun = ctx.walkrun.display().to_string();
    let render = |out: &Path| -> Result<Measured, String> {
        let argv: Vec<String> = [
            walkrun.as_str(),
            "render",
            "--steps",
            steps,
            "-o",
            &out.display().to_string(),
        ]
        .iter()
        .map(|s| s.to_string())
        .collect();
        let m = measure_once(ctx, &argv, &home)?;
        if m.code != 0 {
            return Err(format!(
                "walkrun render -o {} exited with {}",
                out.display(),
                m.code
            ));
        }
        Ok(m)
    };
    let figure = |m: &Measured| format!("{:.1} MB in {}", m.peak_mb(), secs_or_ms(m.wall_s));
    // The WAV first: walkrun's own row, and what ffmpeg encodes.
    let wav = dir.join("long.wav");
    let mut rendered = vec![("WAV", render(&wav)?)];
    let mut peers: Vec<Result<Measured, String>> = Vec::new();
    let ffmpeg = which("ffmpeg");
    let peer = |codec: &[&str], out: &Path| -> Result<Measured, String> {
        if !ffmpeg {
            return Err("ffmpeg is not installed".into());
        }
        let mut argv: Vec<String> = ["ffmpeg", "-v", "error", "-y", "-i"]
            .iter()
            .map(|s| s.to_string())
            .collect();
        argv.push(wav.display().to_string());
        argv.extend(codec.iter().map(|s| s.to_string()));
        argv.push(out.display().to_string());
        let m = measure_once(ctx, &argv, &[])?;
        let _ = std::fs::remove_file(out);
        if m.code != 0 {
            return Err(format!("ffmpeg {} exited with {}", codec.join(" "), m.code));
        }
        Ok(m)
    };
    peers.push(peer(&["-c:a", "pcm_s16le"], &dir.join("peer.wav")));
    // At walkrun's bitrates for a voice track, mono, and for Opus at
    // walkrun's effort (libopus complexity 5; ffmpeg's default of 10 takes
    // four times as long for the same memory).
    for (format, ext, codec) in [
        ("FLAC", "flac", &["-c:a", "flac"][..]),
        ("MP3", "mp3", &["-c:a", "libmp3lame", "-b:a", "64k"][..]),
        (
            "Opus",
            "opus",
            &["-c:a", "libopus", "-b:a", "32k", "-compression_level", "5"][..],
        ),
    ] {
        let out = dir.join(format!("long.{ext}"));
        let m = render(&out)?;
        let _ = std::fs::remove_file(&out);
        rendered.push((format, m));
        peers.push(peer(codec, &dir.join(format!("peer.{ext}"))));
    }
    let _ = std::fs::remove_file(&wav);
    let mut rows = Vec::new();
    for ((format, m), peer) in rendered.into_iter().zip(peers) {
        let beside = match &peer {
            Ok(p) => format!("; ffmpeg from the WAV {}", figure(p)),
            Err(e) => format!("; ffmpeg not measured: {e}"),
        };
        rows.push(
            Row::new(
                section,
                format!("render: {length} to {format}, peak memory"),
                format!("walkrun {}{beside}", figure(&m)),
            )
            .target(
                format!("< {LONG_RENDER_MB} MB"),
                m.peak_mb() < LONG_RENDER_MB,
            )
            .values(serde_json::json!({ "walkrun": m, "ffmpeg": peer.ok() })),
        );
    }
    Ok(rows)
}

/// What bench/encode.sh measured, folded in: the rendered MP3 and Opus as an
/// ordinary player decodes them (ffmpeg), every cue onset of minutes 5 to 10
/// against the WAV's; and the two-step way a user without walkrun's encoders
/// would take (the WAV, then `ffmpeg -b:a 64k`), beside walkrun's own MP3.
fn decoded_rows(
    ctx: &Ctx,
    section: &'static str,
    dir: &Path,
    files: &[(&str, PathBuf, f64)],
    home: &[(&str, String)],
) -> Result<Vec<Row>, String> {
    let mut rows = Vec::new();
    let Some((_, wav, wav_wall)) = files.iter().find(|(f, _, _)| *f == "WAV") else {
        return Ok(rows);
    };
    if !which("ffmpeg") {
        rows.push(Row::not_measured(
            section,
            "render: cues after decoding",
            "ffmpeg not installed: run bench/run",
        ));
        return Ok(rows);
    }
    let (from_s, to_s) = (299.5, 599.5);
    let reference = engine::decode(wav, from_s, to_s)?;
    for (format, path, _) in files.iter().filter(|(f, _, _)| *f != "WAV") {
        let decoded = engine::decode(path, from_s, to_s)?;
        let (mut errors, missed) = capture::onset_errors(&decoded, &reference, engine::DECODE_RATE);
        errors.sort_by(f64::total_cmp);
        let max = errors.last().copied().unwrap_or(f64::NAN);
        let missed_note = if missed > 0 {
            format!(", {missed} MISSED")
        } else {
            String::new()
        };
        rows.push(
            Row::new(
                section,
                format!("{format} decoded by ffmpeg: cue onsets vs the WAV"),
                format!(
                    "max {max:.2} ms over {} onsets (minutes 5 to 10){missed_note}",
                    errors.len()
                ),
            )
            .target(
                format!("within {DECODED_MS} ms"),
                missed == 0 && !errors.is_empty() && max <= DECODED_MS,
            )
            .values(serde_json::json!({ "errors_ms": errors, "missed": missed })),
        );
    }
    let two_step = dir.join("two-step.mp3");
    let ffmpeg: Vec<String> = ["ffmpeg", "-v", "error", "-y", "-i"]
        .into_iter()
        .map(String::from)
        .chain([wav.display().to_string()])
        .chain(["-b:a".into(), "64k".into(), two_step.display().to_string()])
        .collect();
    let m = measure_once(ctx, &ffmpeg, home)?;
    let size_mb = std::fs::metadata(&two_step).map_or(0.0, |f| f.len() as f64 / 1e6);
    let _ = std::fs::remove_file(&two_step);
    if m.code != 0 {
        return Err(format!("ffmpeg -b:a 64k exited with {}", m.code));
    }
    let total = wav_wall + m.wall_s;
    let direct = files.iter().find(|(f, _, _)| *f == "MP3").map(|f| f.2);
    let versus = direct.map_or(String::new(), |d| {
        format!("; {} the time of walkrun's own MP3", ratio(total / d))
    });
    rows.push(
        Row::new(
            section,
            "two steps: the WAV, then ffmpeg -b:a 64k to MP3",
            format!(
                "{} ({} + ffmpeg {}, CPU {}), {:.1} MB; file {size_mb:.1} MB{versus}",
                secs_or_ms(total),
                secs_or_ms(*wav_wall),
                secs_or_ms(m.wall_s),
                secs_or_ms(m.cpu_s),
                m.peak_mb()
            ),
        )
        .values(serde_json::json!({ "wav_s": wav_wall, "ffmpeg": m, "total_s": total, "walkrun_mp3_s": direct })),
    );
    Ok(rows)
}

fn ratio(v: f64) -> String {
    format!("{}x", thousands(v))
}

/// Steps no one should write: refused in one line (exit 2), quickly and in
/// little memory; and the largest session the limits allow, accepted.
fn hostile(ctx: &Ctx, dir: &Path, home: &[(&str, String)]) -> Result<Vec<Row>, String> {
    let section = "Hostile input: steps past the grammar's limits (walkrun check)";
    let walkrun = ctx.walkrun.display().to_string();
    let mut rows = Vec::new();
    for (file, steps, what, refused) in engine::hostile_plans() {
        let path = dir.join(file);
        std::fs::write(&path, engine::plan_with_steps(&steps)).map_err(|e| e.to_string())?;
        let argv = vec![walkrun.clone(), "check".into(), path.display().to_string()];
        let out = Command::new(&argv[0])
            .args(&argv[1..])
            .envs(home.iter().map(|(k, v)| (k, v)))
            .output()
            .map_err(|e| e.to_string())?;
        let stderr = String::from_utf8_lossy(&out.stderr);
        let code = out.status.code().unwrap_or(-1);
        let (ok, target) = if refused {
            (
                code == 2 && stderr.trim_end().lines().count() == 1,
                "exit 2, one line",
            )
        } else {
            (code == 0, "exit 0")
        };
        let t = engine::hyperfine(dir, &argv, home, 2, if ctx.quick { 3 } else { 10 }, true)?;
        let m = measure_once(ctx, &argv, home)?;
        rows.push(
            Row::new(
                section,
                what.to_string(),
                format!(
                    "{}, CPU {}, {:.1} MB, exit {code}",
                    secs_or_ms(t.median_s),
                    secs_or_ms(t.cpu_s),
                    m.peak_mb()
                ),
            )
            .target(target, ok)
            .values(serde_json::json!({ "timing": t, "measured": m, "stderr": stderr.trim_end() })),
        );
    }
    Ok(rows)
}

fn timed_row(section: &'static str, name: &str, t: &engine::Timing, target_ms: f64) -> Row {
    Row::new(
        section,
        name,
        format!(
            "{} (min {}, max {}), CPU {}",
            secs_or_ms(t.median_s),
            secs_or_ms(t.min_s),
            secs_or_ms(t.max_s),
            secs_or_ms(t.cpu_s)
        ),
    )
    .target(format!("< {target_ms} ms"), t.median_s * 1000.0 < target_ms)
    .values(t)
}

/// An hour's 1 Hz FIT (speed, cadence, heart rate, positions, distance):
/// `log import` as a whole process, each run into an empty journal; beside
/// it, in this process, walkrun's reading and finding alone, and
/// rustyfit's bare decode of the same file, what the reading is built on.
fn import_hour(ctx: &Ctx) -> Result<Vec<Row>, String> {
    use fit_file::{fit_activity, FitItem, FitRecord};
    say("import: an hour's FIT");
    let section = "Import: recorded runs";
    let dir = ctx.path("import");
    let home = dir.join("home");
    std::fs::create_dir_all(&home).map_err(|e| e.to_string())?;
    let home = home.as_path();
    let import = [
        ctx.walkrun.display().to_string(),
        "log".into(),
        "import".into(),
    ];
    let start = 1_796_799_600;
    let items: Vec<FitItem> = (0..3600)
        .map(|i: i64| {
            let run = i >= 300 && (i - 300) % 150 < 90;
            let v = if run { 2.2 } else { 1.6 };
            FitItem::Record(FitRecord {
                unix: start + i,
                speed_mps: Some(v),
                cadence_rpm: Some(if run { 80 } else { 57 }),
                heart_rate: Some(if run { 150 } else { 120 }),
                lat_lon: Some((51.53 + i as f64 * 1e-5, -0.157)),
                distance_m: Some(i as f64 * 1.9),
            })
        })
        .collect();
    let bytes = fit_activity(1, &items);
    let file = dir.join("hour.fit");
    std::fs::write(&file, &bytes).map_err(|e| e.to_string())?;
    let mut argv = import.to_vec();
    argv.push(file.display().to_string());
    let env = [("WALKRUN_HOME", home.display().to_string())];
    let mut walls = Vec::new();
    for _ in 0..if ctx.quick { 3 } else { 15 } {
        let _ = std::fs::remove_file(home.join("journal.jsonl"));
        let m = measure_once(ctx, &argv, &env)?;
        if m.code != 0 {
            return Err(format!("walkrun log import exited with {}", m.code));
        }
        walls.push(m.wall_s);
    }
    let _ = std::fs::remove_file(home.join("journal.jsonl"));
    walls.sort_by(f64::total_cmp);
    let wall = walls[walls.len() / 2];
    let in_process = |f: &dyn Fn()| {
        let mut t: Vec<f64> = (0..20)
            .map(|_| {
                let at = Instant::now();
                f();
                at.elapsed().as_secs_f64()
            })
            .collect();
        t.sort_by(f64::total_cmp);
        t[t.len() / 2]
    };
    let ours = in_process(&|| {
        let r = walkrun::recording::read(&bytes).expect("the hour reads");
        std::hint::black_box(walkrun::recording::find(&r, Some(180)).expect("runs found"));
    });
    let bare = in_process(&|| {
        let mut input: &[u8] = &bytes;
        std::hint::black_box(
            rustyfit::Decoder::new()
                .decode(&mut input)
                .expect("the hour decodes"),
        );
    });
    let kb = bytes.len() / 1000;
    Ok(vec![
        Row::new(
            section,
            format!("log import: an hour's FIT ({kb} kB, 3,600 records)"),
            format!("{} (min {})", secs_or_ms(wall), secs_or_ms(walls[0])),
        )
        .target(format!("< {IMPORT_MS} ms"), wall * 1000.0 < IMPORT_MS)
        .values(serde_json::json!({ "walls_s": walls })),
        Row::new(
            section,
            "  the same, read and found in the library (no process)",
            secs_or_ms(ours),
        ),
        Row::new(
            section,
            "  the same, rustyfit's bare decode (no process)",
            secs_or_ms(bare),
        ),
    ])
}

/// The check alone, in this process: parse once, check 300 times.
fn check_library(section: &'static str, year: &Path) -> Result<Row, String> {
    let text = std::fs::read_to_string(year).map_err(|e| e.to_string())?;
    let plan = walkrun::Plan::from_toml(&text, "year.toml").map_err(|e| e.to_string())?;
    let settings = walkrun::rules::Settings::default();
    let mut times: Vec<f64> = (0..300)
        .map(|_| {
            let t = Instant::now();
            std::hint::black_box(walkrun::rules::check(&plan, &settings));
            t.elapsed().as_secs_f64()
        })
        .collect();
    times.sort_by(f64::total_cmp);
    let median = times[times.len() / 2];
    Ok(Row::new(
        section,
        "check, in the library (no process)",
        secs_or_ms(median),
    )
    .target(
        format!("< {CHECK_LIB_MS} ms"),
        median * 1000.0 < CHECK_LIB_MS,
    )
    .values(serde_json::json!({ "median_s": median, "runs": times.len() })))
}

/// Run `argv` once under `suite measure` and read its figures.
fn measure_once(ctx: &Ctx, argv: &[String], env: &[(&str, String)]) -> Result<Measured, String> {
    let out = ctx.path("measure-once.json");
    let _ = std::fs::remove_file(&out);
    measure::run_measured(
        &out,
        argv,
        env.iter().map(|(k, v)| (k, v)),
        Stdio::inherit(),
    )
}

/// A music file for `--music`, when this walkrun has the flag (made once
/// and kept under target/bench/).
fn music_file(ctx: &Ctx) -> Result<Option<PathBuf>, String> {
    if !ctx.walkrun_help("run").contains("--music") {
        return Ok(None);
    }
    let path = ctx.repo.join("target/bench/song.mp3");
    music::song(&path)?;
    Ok(Some(path))
}

fn which(bin: &str) -> bool {
    Command::new("sh")
        .args(["-c", &format!("command -v {bin}")])
        .stdout(Stdio::null())
        .status()
        .is_ok_and(|s| s.success())
}

fn signed_ms(v: f64) -> String {
    format!("{v:+.2} ms")
}

fn secs(v: f64) -> String {
    format!("{v:.2} s")
}

fn signed_secs(v: f64) -> String {
    format!("{v:+.2} s")
}

fn secs_or_ms(v: f64) -> String {
    if v >= 1.0 {
        format!("{v:.2} s")
    } else {
        format!("{:.1} ms", v * 1000.0)
    }
}

fn load_average() -> String {
    std::fs::read_to_string("/proc/loadavg")
        .ok()
        .and_then(|s| s.split_whitespace().next().map(str::to_string))
        .unwrap_or_else(|| "?".into())
}

fn machine() -> String {
    let cpu = std::fs::read_to_string("/proc/cpuinfo")
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with("model name"))
                .and_then(|l| l.split(':').nth(1))
                .map(|s| s.trim().to_string())
        })
        .unwrap_or_else(|| "unknown CPU".into());
    let cores = std::thread::available_parallelism().map_or(0, |n| n.get());
    let mem_gb = std::fs::read_to_string("/proc/meminfo")
        .ok()
        .and_then(|s| {
            s.lines()
                .next()?
                .split_whitespace()
                .nth(1)?
                .parse::<f64>()
                .ok()
        })
        .map_or(0.0, |kb| kb / 1024.0 / 1024.0);
    let os = std::fs::read_to_string("/etc/os-release")
        .ok()
        .and_then(|s| {
            s.lines()
                .find_map(|l| l.strip_prefix("PRETTY_NAME="))
                .map(|v| v.trim_matches('"').to_string())
        })
        .unwrap_or_default();
    format!("{cpu}, {cores} cores, {mem_gb:.0} GB, {os}")
}

fn version(ctx: &Ctx) -> String {
    let v = Command::new(&ctx.walkrun)
        .arg("--version")
        .output()
        .map(|o| String::from_utf8_lossy(&o.stdout).trim().to_string())
        .unwrap_or_default();
    let rev = Command::new("git")
        .args(["rev-parse", "--short", "HEAD"])
        .current_dir(&ctx.repo)
        .output()
        .ok()
        .filter(|o| o.status.success())
        .map(|o| format!(" ({})", String::from_utf8_lossy(&o.stdout).trim()))
        .unwrap_or_default();
    format!("{}{rev}", v.trim_start_matches("walkrun "))
}
