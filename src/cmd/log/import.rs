//! `walkrun log import FILE...`: recorded runs into the journal. Every file
//! is read and judged first; only when all of them are recordings of a run
//! is anything written, one journal entry each, matched to the plan. A
//! recording already in the journal (the same run, by
//! [`matching::same_run`]: the same file, or another device's recording of
//! it) is said and skipped.

use std::io::Read;
use std::path::{Path, PathBuf};

use chrono::{DateTime, FixedOffset, Local, Utc};
use walkrun::coach::{self, TALK_TEST};
use walkrun::history::{
    self, Covered, HeartRate, Outcome, PlanSession, Record, RecordKind, TrialResult,
};
use walkrun::plan::pace::Unit;
use walkrun::plan::steps::Session;
use walkrun::plan::Address;
use walkrun::plan::Purpose;
use walkrun::recording::{self, matching, segments, Found, Recording};
use walkrun::sys::safe_text;
use walkrun::words::duration;

use super::super::pick::session_plan;
use super::super::{out, CmdResult, Ctx, Failure};
use crate::cli::LogImportArgs;

/// The largest recording read: an hour's 1 Hz FIT is a few hundred
/// kilobytes, a day's GPX a few megabytes.
const MAX_RECORDING_BYTES: u64 = 64 << 20;

/// The file names a folder is searched for.
const EXTENSIONS: [&str; 3] = ["fit", "gpx", "tcx"];

/// A file read and judged, waiting to be written.
struct Judged {
    path: PathBuf,
    recording: Recording,
    found: Found,
}

pub fn run(args: &LogImportArgs, ctx: &mut Ctx) -> CmdResult {
    let session: Option<Address> = match &args.session {
        Some(text) => Some(
            text.parse()
                .map_err(|m| Failure::bad_input(format!("--session: {m}")))?,
        ),
        None => None,
    };
    let max_hr = ctx.profile()?.max_heart_rate();
    let mut files: Vec<PathBuf> = Vec::new();
    for path in &args.files {
        files.extend(recordings_in(path)?);
    }
    // Every file first: one that is not a run stops them all, unwritten.
    let mut read: Vec<Judged> = Vec::new();
    for path in files {
        let bytes = read_file(&path)?;
        let bad = |e: recording::RecordingError| {
            Failure::bad_input(format!(
                "{}: {e}",
                safe_text::clean(&path.display().to_string())
            ))
        };
        let rec = recording::read(&bytes).map_err(bad)?;
        let found = recording::find(&rec, max_hr).map_err(bad)?;
        read.push(Judged {
            path,
            recording: rec,
            found,
        });
    }
    if read.len() > 1 && session.is_some() {
        return Err(Failure::bad_input(
            "--session names one session: import one recording with it",
        ));
    }
    read.sort_by_key(|r| r.recording.start);
    let (plan_ref, plan) = session_plan(ctx, args.plan.as_deref())?;
    if let Some(a) = session {
        if plan.session(a).is_none() {
            return Err(Failure::bad_input(format!(
                "--session {a}: {} has no such session (see `walkrun show`)",
                safe_text::clean(&plan.name)
            )));
        }
    }
    let key = plan_ref.key();
    for r in &read {
        let started: DateTime<FixedOffset> = r.recording.start.with_timezone(&Local).fixed_offset();
        let shown = safe_text::clean(&r.path.display().to_string()).into_owned();
        let day = started.format("%a %-d %b %Y %H:%M");
        // The journal as it is now, with what this command wrote so far.
        let scan = ctx.scan()?;
        let span = matching::Span {
            start: r.recording.start,
            seconds: r.found.moving_seconds(),
        };
        let twin = scan.entries().find(|e| {
            e.recording.is_some()
                && matching::same_run(
                    span,
                    matching::Span {
                        start: e.started.with_timezone(&Utc),
                        seconds: e.progress.seconds_spent,
                    },
                )
        });
        if let Some(e) = twin {
            if e.started == started {
                outln!("Already in the journal: {shown} ({day}).")?;
            } else {
                // Another device's recording of the same run.
                let other = e
                    .recording
                    .as_deref()
                    .map(Path::new)
                    .and_then(Path::file_name)
                    .map(|n| safe_text::clean(&n.to_string_lossy()).into_owned())
                    .unwrap_or_default();
                outln!(
                    "Already in the journal: {shown} ({day}) is the run {other} recorded \
                     from {}.",
                    e.started.with_timezone(&Local).format("%H:%M:%S")
                )?;
            }
            continue;
        }
        let (address, bridge) = match session {
            Some(a) => (Some(a), None),
            None => advised(scan, &key, &plan, started),
        };
        let planned: Option<(Address, Session, bool)> = address.and_then(|a| {
            let s = bridge
                .clone()
                .or_else(|| plan.session(a).map(|s| s.steps.clone()))?;
            // Named by the runner, it is that session whatever it holds.
            (session.is_some() || matching::fits(&r.found, &s)).then_some((a, s, bridge.is_some()))
        });
        let (plan_session, steps, progress) = match &planned {
            Some((a, s, b)) => (
                Some(PlanSession {
                    name: plan.name.clone(),
                    path: Some(key.clone()),
                    address: *a,
                    bridge: *b,
                }),
                s.clone(),
                matching::progress(&r.found, s),
            ),
            None => {
                let s = matching::as_steps(&r.found);
                let p = matching::progress(&r.found, &s);
                (None, s, p)
            }
        };
        let outcome = progress.judge(&steps);
        let mut record = Record::new(plan_session, &steps, started);
        record.kind = RecordKind::Final;
        record.set_progress(progress);
        record.outcome = Some(outcome);
        // Named in full, so it says which file wherever `log` is read from.
        let named = std::path::absolute(&r.path).unwrap_or_else(|_| r.path.clone());
        record.recording = Some(named.display().to_string());
        // m/s to seconds a kilometre; a standing start says nothing.
        record.run_seconds_per_km = r
            .found
            .run_speed
            .filter(|&v| v > 0.5)
            .map(|v| (1000.0 / v).round() as u32);
        record.heart_rate = r.found.heart.map(|h| HeartRate {
            average: h.average,
            highest: h.highest,
            limit: h.limit,
            over_seconds: h.over_seconds,
        });
        record.distance = r.found.distance.map(|d| Covered {
            metres: d.metres.round() as u32,
            run_metres: d.run_metres.round() as u32,
        });
        // A time trial matched: its time over the distance, from its run.
        let trial = planned
            .as_ref()
            .filter(|(a, _, bridge)| {
                !bridge
                    && plan
                        .session(*a)
                        .is_some_and(|s| s.purpose == Some(Purpose::TimeTrial))
            })
            .and_then(|(_, s, _)| history::trial_metres(s))
            .and_then(|metres| {
                let seconds = segments::time_to_cover(&r.recording, &r.found, f64::from(metres))?;
                history::easy_pace_from_trial(metres, seconds, Unit::Km)?;
                Some(TrialResult { metres, seconds })
            });
        record.trial = trial;
        let target = ctx.append(&record)?;
        for w in &target.warnings {
            eprintln!("walkrun: warning: {w}");
        }
        if let Some(why) = &target.diverted {
            eprintln!("walkrun: warning: {why}");
        }
        let what = match &planned {
            Some((a, _, true)) => format!(
                "{a} of {} (the bridge version the coach advised)",
                safe_text::clean(&plan.name)
            ),
            Some((a, _, false)) => format!("{a} of {}", safe_text::clean(&plan.name)),
            None => match address {
                Some(a) => format!(
                    "an extra session (it is not {a} of {}, which the coach had next)",
                    safe_text::clean(&plan.name)
                ),
                None => "an extra session".to_string(),
            },
        };
        outln!(
            "Imported {shown} ({day}, {}): {what}, {outcome}.",
            r.recording.format
        )?;
        if let Some(t) = trial {
            let easy = history::easy_pace_from_trial(t.metres, t.seconds, Unit::Km);
            if let Some((easy, _)) = easy.filter(|_| outcome == Outcome::Done) {
                outln!(
                    "Time trial: {} in {} by the recording; your easy pace is now {easy}",
                    history::trial_distance_words(t.metres),
                    recording::segments::clock(t.seconds)
                )?;
            }
        }
        let mut line = r.found.runs_in_words();
        let run = u64::from(r.found.run_seconds());
        if planned.is_some() {
            line.push_str(&format!(
                "; {} of running of {} planned",
                duration(run),
                duration(steps.run_seconds())
            ));
        }
        if r.found.paused_seconds >= 10 {
            line.push_str(&format!(
                "; {} paused, not counted",
                duration(u64::from(r.found.paused_seconds))
            ));
        }
        outln!("  {line}.")?;
        if let Some(d) = r.found.distance.filter(|d| d.metres >= 1.0) {
            let pace = |seconds: u32, metres: f64| {
                let p = (f64::from(seconds) / metres * 1000.0).round() as u64;
                format!("{}:{:02}/km", p / 60, p % 60)
            };
            let mut said = format!(
                "  {:.1} km at {}",
                d.metres / 1000.0,
                pace(r.found.moving_seconds(), d.metres)
            );
            if d.run_metres >= 1.0 {
                said.push_str(&format!(
                    "; the runs at {}",
                    pace(r.found.run_seconds(), d.run_metres)
                ));
            }
            outln!("{said}.")?;
        }
        if let Some(h) = &record.heart_rate {
            outln!(
                "  Heart rate on the runs: average {}, highest {}.",
                h.average,
                h.highest
            )?;
            if let (true, Some(limit)) = (h.too_hard(), h.limit) {
                outln!(
                    "  It went above {limit} (about 85 % of your maximum) for {}: {TALK_TEST}.",
                    duration(u64::from(h.over_seconds))
                )?;
            }
        }
        if outcome == Outcome::Partial {
            if let Some((a, _, _)) = &planned {
                outln!("  Ended early: the coach has {a} again (`walkrun next`).")?;
            }
        }
    }
    if read.is_empty() {
        outln!("No recordings to import (.fit, .gpx or .tcx files).")?;
    }
    out::flush()?;
    Ok(0)
}

/// The session the coach advised on the day of `started`, from what the
/// journal held before it (and the bridge steps, if it advised those); else
/// the first session not done.
fn advised(
    scan: &walkrun::history::Scan,
    key: &str,
    plan: &walkrun::Plan,
    started: DateTime<FixedOffset>,
) -> (Option<Address>, Option<Session>) {
    let before = || {
        scan.entries()
            .filter(move |e| e.is_for(key, &plan.name) && e.started < started)
    };
    let d = coach::next_session_of(plan, before(), started.date_naive());
    match d.next {
        Some(a) => (Some(a), d.bridge),
        None => {
            let tried: Vec<_> = before().collect();
            let done = coach::done_addresses(&tried);
            (
                plan.sessions().map(|(a, _)| a).find(|a| !done.contains(a)),
                None,
            )
        }
    }
}

/// A file, or the recordings in a folder (its .fit, .gpx and .tcx files,
/// by name, in order).
fn recordings_in(path: &Path) -> Result<Vec<PathBuf>, Failure> {
    let shown = || safe_text::clean(&path.display().to_string()).into_owned();
    let meta = std::fs::metadata(path).map_err(|e| match e.kind() {
        std::io::ErrorKind::NotFound => Failure::bad_input(format!("{}: no such file", shown())),
        _ => Failure::bad_input(format!("{}: cannot read: {e}", shown())),
    })?;
    if !meta.is_dir() {
        return Ok(vec![path.to_path_buf()]);
    }
    let entries = std::fs::read_dir(path)
        .map_err(|e| Failure::bad_input(format!("{}: cannot read the folder: {e}", shown())))?;
    let mut files: Vec<PathBuf> = entries
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.is_file())
        .filter(|p| {
            p.extension()
                .and_then(|x| x.to_str())
                .is_some_and(|x| EXTENSIONS.contains(&x.to_ascii_lowercase().as_str()))
        })
        .collect();
    files.sort();
    Ok(files)
}

/// A recording's bytes: a regular file, and not too large.
fn read_file(path: &Path) -> Result<Vec<u8>, Failure> {
    let shown = || safe_text::clean(&path.display().to_string()).into_owned();
    let file = std::fs::File::open(path)
        .map_err(|e| Failure::bad_input(format!("{}: cannot read: {e}", shown())))?;
    let meta = file
        .metadata()
        .map_err(|e| Failure::bad_input(format!("{}: cannot read: {e}", shown())))?;
    if !meta.is_file() {
        return Err(Failure::bad_input(format!(
            "{}: not a regular file; expected a recording (.fit, .gpx, .tcx)",
            shown()
        )));
    }
    let mut bytes = Vec::new();
    file.take(MAX_RECORDING_BYTES + 1)
        .read_to_end(&mut bytes)
        .map_err(|e| Failure::bad_input(format!("{}: cannot read: {e}", shown())))?;
    if bytes.len() as u64 > MAX_RECORDING_BYTES {
        return Err(Failure::bad_input(format!(
            "{}: larger than {} MB; a recording of a session is far smaller",
            shown(),
            MAX_RECORDING_BYTES >> 20
        )));
    }
    Ok(bytes)
}
