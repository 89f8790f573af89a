use std::time::{Duration, Instant};

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use walkrun::audio::{render_wav_file, AudioError, CueBank, CueTrack, TrackConfig};
use walkrun::plan::Address;
use walkrun::programs;
use walkrun::steps::{self, Session};

use super::{profile, CmdResult, Failure};
use crate::cli::RenderArgs;

/// Rendering shows a progress bar only once it has taken this long.
const QUIET_FOR: Duration = Duration::from_secs(1);

pub fn run(args: &RenderArgs) -> CmdResult {
    let session = session_of(args)?;
    let config = TrackConfig {
        sample_rate: args.rate,
        channels: args.channels,
    };
    let voice = profile::voice(args.voice.as_ref(), &profile::load()?);
    let bank = match &voice {
        None => CueBank::builtin(config.sample_rate).map_err(|e| audio_failure(e, args))?,
        Some(dir) => {
            let (bank, missing) =
                CueBank::with_voice(dir, config.sample_rate).map_err(|e| audio_failure(e, args))?;
            if !missing.is_empty() {
                let names: Vec<&str> = missing.iter().filter_map(|s| s.file_name()).collect();
                eprintln!(
                    "walkrun: warning: --voice {} has no {}: using the built-in clips for those",
                    dir.display(),
                    names.join(", ")
                );
            }
            bank
        }
    };
    let timeline = bank.timeline(&session);
    let track = CueTrack::new(&timeline, &bank, config).map_err(|e| audio_failure(e, args))?;

    let started = Instant::now();
    let bar = ProgressBar::with_draw_target(Some(timeline.len()), ProgressDrawTarget::hidden());
    bar.set_style(
        ProgressStyle::with_template("rendering {bar:40} {percent}%  {eta} left")
            .unwrap_or_else(|_| ProgressStyle::default_bar()),
    );
    let mut shown = false;
    let frames = render_wav_file(&args.output, track, |done, _| {
        if !shown && started.elapsed() >= QUIET_FOR {
            bar.set_draw_target(ProgressDrawTarget::stderr());
            shown = true;
        }
        bar.set_position(done);
    })
    .map_err(|e| audio_failure(e, args))?;
    bar.finish_and_clear();

    println!(
        "{}: {} ({} of session, then the final cue), {} Hz {}",
        args.output.display(),
        clock(frames, timeline.sample_rate),
        clock(timeline.session_len(), timeline.sample_rate),
        config.sample_rate,
        if config.channels == 1 {
            "mono"
        } else {
            "stereo"
        }
    );
    if args.verbose {
        for cue in &timeline.cues {
            println!("  {}  {}", clock(cue.at, timeline.sample_rate), cue.what);
        }
    }
    Ok(0)
}

fn session_of(args: &RenderArgs) -> Result<Session, Failure> {
    if let Some(text) = &args.steps {
        return steps::parse(text).map_err(|e| Failure::bad_input(format!("--steps: {e}")));
    }
    // clap guarantees PLAN and --session come together when --steps is absent.
    let (Some(plan), Some(addr)) = (&args.plan, &args.session) else {
        return Err(Failure::bad_input(
            "expected --steps, or a PLAN with --session",
        ));
    };
    let addr: Address = addr
        .parse()
        .map_err(|e| Failure::bad_input(format!("--session: {e}")))?;
    let plan = programs::load(plan)?;
    plan.session(addr).map(|s| s.steps.clone()).ok_or_else(|| {
        Failure::bad_input(format!(
            "--session {addr}: {plan} has no such session",
            plan = plan.name
        ))
    })
}

fn audio_failure(e: AudioError, args: &RenderArgs) -> Failure {
    match e {
        AudioError::SampleRate(_) => Failure::bad_input(format!("--rate {}: {e}", args.rate)),
        AudioError::Channels(_) => Failure::bad_input(format!("--channels {}: {e}", args.channels)),
        AudioError::Io { source, .. } => {
            Failure::runtime(format!("cannot write {}: {source}", args.output.display()))
        }
        AudioError::Wav(_) => {
            Failure::runtime(format!("cannot write {}: {e}", args.output.display()))
        }
        e if e.is_bad_input() => Failure::bad_input(e),
        e => Failure::runtime(e),
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
