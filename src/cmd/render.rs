//! `walkrun render`: sessions to files for a phone, one or a batch.

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use walkrun::audio::encode::{self, Encoding, Pcm, Tags};
use walkrun::audio::music::MusicPcm;
use walkrun::audio::{AudioError, CueTrack, Format, TrackConfig};
use walkrun::cues::milestone;
use walkrun::cues::speech::Script;
use walkrun::cues::timeline::Timeline;
use walkrun::history::PlanRef;
use walkrun::plan::steps::{self, Session};
use walkrun::sys::safe_text;
use walkrun::{Address, Plan};

use super::{pick, settings, CmdResult, Ctx, Failure};
use crate::cli::{AudioFormat, RenderArgs};

/// Rendering shows a progress bar only once it has taken this long.
const QUIET_FOR: Duration = Duration::from_secs(1);

/// One file to write.
struct Job {
    session: Session,
    /// What the coach knows of it: the plan session it is, what follows.
    script: Script,
    path: PathBuf,
    title: String,
    album: Option<String>,
    track: Option<u32>,
    /// The plan's goal run (its longest), for the goal's milestone.
    goal: Option<u64>,
}

pub fn run(args: &RenderArgs, ctx: &mut Ctx) -> CmdResult {
    let batch = args.week.is_some() || args.all;
    let into_folder = batch || is_folder(&args.output);
    let format = match args.format {
        Some(f) => format_of(f),
        None if into_folder => Format::Mp3,
        None => Format::of_path(&args.output).ok_or_else(|| {
            let ext = args
                .output
                .extension()
                .map(|e| format!("'.{}'", safe_text::quote(&e.to_string_lossy())))
                .unwrap_or_else(|| "no extension".to_string());
            Failure::bad_input(format!(
                "-o {}: {ext} is not a format walkrun writes: expected {}, or --format",
                safe_text::clean(&args.output.display().to_string()),
                Format::EXTENSIONS
            ))
        })?,
    };
    let rate = args.rate.unwrap_or_else(|| format.default_rate());
    format
        .check_rate(rate)
        .map_err(|e| Failure::bad_input(format!("--rate {rate}: {e}")))?;
    let profile = ctx.profile()?;
    let playlist = settings::playlist(&args.music, profile)?;
    let with_music = playlist.is_some();
    let config = TrackConfig {
        sample_rate: rate,
        channels: args.channels.unwrap_or(if with_music { 2 } else { 1 }),
    };
    let encoding = Encoding {
        format,
        bitrate_kbps: format.bitrate_kbps(config.channels, with_music),
    };
    let volume = args.music.music_volume as f32 / 100.0;
    let bank = settings::cue_bank(args.voice.as_ref(), profile, config.sample_rate)
        .map_err(|e| audio_failure(e, args))?;
    let mut jobs = jobs(args, ctx, format, into_folder)?;
    // Each file says the milestones it reaches first, counting the journal
    // and the files before it (a week rendered ahead is run in order).
    let mut longest = ctx.history()?.longest_run_seconds();
    for job in &mut jobs {
        let this = job.session.longest_run_seconds();
        job.script.milestone = milestone::reached(longest, this, job.goal);
        longest = longest.max(this);
    }
    if into_folder {
        std::fs::create_dir_all(&args.output).map_err(|e| {
            Failure::runtime(format!("cannot write {}: {e}", args.output.display()))
        })?;
    }

    let timelines: Vec<Timeline> = jobs
        .iter()
        .map(|j| bank.timeline(&j.session, &j.script))
        .collect();
    let total: u64 = timelines.iter().map(Timeline::len).sum();
    let started = Instant::now();
    let bar = ProgressBar::with_draw_target(Some(total), ProgressDrawTarget::hidden());
    bar.set_style(
        ProgressStyle::with_template("rendering {msg} {bar:40} {percent}%  {eta} left")
            .unwrap_or_else(|_| ProgressStyle::default_bar()),
    );
    let mut shown = false;
    let mut before = 0u64;
    // A long render stops cleanly on Ctrl-C, SIGTERM or SIGHUP.
    walkrun::sys::interrupt::catch();
    let mut bytes = 0u64;
    for (job, timeline) in jobs.iter().zip(&timelines) {
        // Between the files of a batch: a signal stops it before the next.
        if let Some(signal) = walkrun::sys::interrupt::caught() {
            bar.finish_and_clear();
            return Err(stopped(signal, &job.path));
        }
        let track = CueTrack::new(timeline, &bank, config).map_err(|e| audio_failure(e, args))?;
        let tags = Tags::new(timeline, job.title.clone(), job.album.clone(), job.track);
        if batch {
            bar.set_message(
                job.path
                    .file_name()
                    .map(|n| n.to_string_lossy().into_owned())
                    .unwrap_or_default(),
            );
        }
        let music_pcm;
        let pcm: &dyn Pcm = match &playlist {
            Some(playlist) => {
                music_pcm = MusicPcm {
                    track: &track,
                    playlist,
                    timeline,
                    volume,
                };
                &music_pcm
            }
            None => &track,
        };
        let written = encode::render_file(&job.path, encoding, pcm, &tags, |done, _| {
            if !shown && started.elapsed() >= QUIET_FOR {
                bar.set_draw_target(ProgressDrawTarget::stderr());
                shown = true;
            }
            bar.set_position(before + done);
        })
        .map_err(|e| {
            bar.finish_and_clear();
            audio_failure_at(e, &job.path)
        })?;
        before += timeline.len();
        bytes += written.bytes;
        bar.suspend(|| -> Result<(), Failure> {
            outln!(
                "{}: {} ({} of session, then the final cue), {}, {} Hz {}, {}",
                job.path.display(),
                clock(written.frames, timeline.sample_rate),
                clock(timeline.session_len(), timeline.sample_rate),
                match written.bitrate_kbps {
                    // A voice track's silence is coded at the format's
                    // lowest rate: the size line would not add up otherwise.
                    Some(k) if format == Format::Mp3 && !with_music => {
                        format!("{format} {k} kbps (32 in silence)")
                    }
                    Some(k) => format!("{format} {k} kbps"),
                    None => format.to_string(),
                },
                config.sample_rate,
                if config.channels == 1 {
                    "mono"
                } else {
                    "stereo"
                },
                size(written.bytes, written.frames, timeline.sample_rate)
            )?;
            if args.verbose {
                for cue in &timeline.cues {
                    outln!(
                        "  {}  {}",
                        clock(cue.onset(), timeline.sample_rate),
                        cue.text()
                    )?;
                }
            }
            Ok(())
        })
        .inspect_err(|_| bar.finish_and_clear())?;
    }
    bar.finish_and_clear();
    if batch {
        outln!(
            "{}, {:.1} MB in {}",
            walkrun::words::count(jobs.len(), "file"),
            bytes as f64 / 1e6,
            args.output.display()
        )?;
    }
    Ok(0)
}

/// `-o DIR/` names a folder for a single session too. Without the slash an
/// existing folder is a target that cannot be replaced, as for any file.
fn is_folder(path: &Path) -> bool {
    let text = path.as_os_str().to_string_lossy();
    text.ends_with('/') || text.ends_with(std::path::MAIN_SEPARATOR)
}

fn format_of(f: AudioFormat) -> Format {
    match f {
        AudioFormat::Mp3 => Format::Mp3,
        AudioFormat::Opus | AudioFormat::Ogg => Format::Opus,
        AudioFormat::Flac => Format::Flac,
        AudioFormat::Wav => Format::Wav,
    }
}

/// The files to write: one session (from --steps, --session, or the coach's
/// pick), or a week's or a plan's sessions into a folder.
fn jobs(
    args: &RenderArgs,
    ctx: &Ctx,
    format: Format,
    into_folder: bool,
) -> Result<Vec<Job>, Failure> {
    let talk = settings::talk(args.talk, ctx.profile()?);
    if let Some(text) = &args.steps {
        let pace = settings::runner_pace(args.pace.pace, ctx, None)?;
        let session = steps::parse(text)
            .map_err(|e| Failure::bad_input(format!("--steps: {e}")))?
            .at_pace(&pace.paces);
        pace.warn_if_assumed(session.has_distance());
        if session.total_seconds() == 0 {
            return Err(Failure::bad_input("--steps: the session has no time in it"));
        }
        let path = if into_folder {
            args.output.join(format!("session.{}", format.extension()))
        } else {
            args.output.clone()
        };
        return Ok(vec![Job {
            title: session.to_string(),
            session,
            script: Script {
                speeds: pace.speeds(),
                ..Script::new(talk)
            },
            path,
            album: None,
            track: None,
            goal: None,
        }]);
    }
    let (plan_ref, mut plan) = pick::session_plan(ctx, args.plan.as_deref())?;
    let pace = settings::runner_pace(args.pace.pace, ctx, Some(&plan))?;
    plan.at_pace(&pace.paces);
    pace.warn_if_assumed(plan.has_distance());
    // The coach's pick may be the gentler bridge version of a session.
    let mut bridge = None;
    if args.all || args.week.is_some() || args.session.is_some() {
        // The coach's pick says a rest itself; sessions chosen by hand too.
        pick::say_rest(ctx, ctx.clock.today())?;
    }
    let addresses: Vec<Address> = if args.all {
        plan.sessions().map(|(a, _)| a).collect()
    } else if let Some(named) = pick::named_sessions(&plan, args.week, args.session.as_deref())? {
        named
    } else {
        let (addr, b) = coach_pick(ctx, &plan_ref, &plan)?;
        bridge = b;
        vec![addr]
    };
    let order: Vec<Address> = plan.sessions().map(|(a, _)| a).collect();
    let goal = plan.goal_run_seconds();
    addresses
        .into_iter()
        .map(|addr| {
            let planned = plan
                .session(addr)
                .map(|s| s.steps.clone())
                .ok_or_else(|| Failure::bad_input(format!("{addr}: no such session")))?;
            let (session, title) = match bridge.take() {
                Some(b) => (b, format!("{addr} (bridge) · {}", plan.name)),
                None => (planned, format!("{addr} · {}", plan.name)),
            };
            let name = walkrun::export::session_file_name(&plan, addr, format.extension());
            let path = if into_folder {
                args.output.join(name)
            } else {
                args.output.clone()
            };
            Ok(Job {
                session,
                script: Script {
                    speeds: pace.speeds(),
                    ..Script::for_plan_session(&plan, addr, talk)
                },
                path,
                title,
                album: Some(plan.name.clone()),
                track: order
                    .iter()
                    .position(|&a| a == addr)
                    .and_then(|i| u32::try_from(i + 1).ok()),
                goal,
            })
        })
        .collect()
}

/// The session `walkrun next` would pick, said the same way, with the bridge
/// steps to play instead of the plan's when the coach eases a week.
fn coach_pick(
    ctx: &Ctx,
    plan_ref: &PlanRef,
    plan: &Plan,
) -> Result<(Address, Option<Session>), Failure> {
    let decision = pick::coach_pick(ctx, plan_ref, plan, ctx.clock.today())?;
    let bridge = decision.bridge.clone();
    decision.next.map(|a| (a, bridge)).ok_or_else(|| {
        Failure::bad_input(format!(
            "{}: every session is done; choose one with --session or --all, or a new plan",
            plan.name
        ))
    })
}

fn audio_failure(e: AudioError, args: &RenderArgs) -> Failure {
    audio_failure_at(e, &args.output)
}

fn audio_failure_at(e: AudioError, path: &Path) -> Failure {
    if let Some(signal) = walkrun::sys::interrupt::caught() {
        return stopped(signal, path);
    }
    match e {
        AudioError::SampleRate(r) => Failure::bad_input(format!("--rate {r}: {e}")),
        AudioError::Channels(c) => Failure::bad_input(format!("--channels {c}: {e}")),
        AudioError::Io { source, .. } => {
            Failure::runtime(format!("cannot write {}: {source}", path.display()))
        }
        AudioError::Wav(_) | AudioError::Encode { .. } => {
            Failure::runtime(format!("cannot write {}: {e}", path.display()))
        }
        AudioError::Write(e) => e.into(),
        e if e.is_bad_input() => Failure::bad_input(e),
        e => Failure::runtime(e),
    }
}

/// A render stopped by a signal: `path` is as it was.
fn stopped(signal: walkrun::sys::interrupt::Signal, path: &Path) -> Failure {
    Failure {
        code: signal.exit_code(),
        message: format!(
            "{}: stopped by {}; left as it was",
            path.display(),
            signal.name()
        ),
    }
}

/// `m:ss.mmm`, or `h:mm:ss.mmm` past an hour.
fn clock(frames: u64, rate: u32) -> String {
    let rate = u64::from(rate);
    let ms = frames * 1000 / rate;
    let (h, m, s, ms) = (ms / 3_600_000, ms / 60_000 % 60, ms / 1000 % 60, ms % 1000);
    if h > 0 {
        format!("{h}:{m:02}:{s:02}.{ms:03}")
    } else {
        format!("{m}:{s:02}.{ms:03}")
    }
}

/// "14.4 MB (0.48 MB a minute)".
fn size(bytes: u64, frames: u64, rate: u32) -> String {
    let minutes = frames as f64 / f64::from(rate) / 60.0;
    let mb = bytes as f64 / 1e6;
    if minutes > 0.0 {
        format!("{mb:.1} MB ({:.2} MB a minute)", mb / minutes)
    } else {
        format!("{mb:.1} MB")
    }
}
