//! `walkrun run`: one session, live, with the sound card or without.

use std::io::{BufRead, IsTerminal, Write};
use std::sync::mpsc::{self, RecvTimeoutError};
use std::time::Duration;

use chrono::{DateTime, FixedOffset};
use walkrun::audio::music::MusicBed;
use walkrun::audio::AudioError;
use walkrun::coach;
use walkrun::coach::safety::Body;
use walkrun::coach::when::{self, AsOf};
use walkrun::cues::milestone;
use walkrun::cues::speech::Script;
use walkrun::cues::timeline::DEFAULT_SAMPLE_RATE;
use walkrun::history::{
    self, parse_effort_answer, parse_pain_answer, Pain, PlanRef, PlanSession, Recorder,
    SessionStart, TrialResult,
};
use walkrun::plan::pace::{Paces, Unit};
use walkrun::plan::steps::{self, format_duration, Session};
use walkrun::player::{
    self, AudioClock, AudioOut, Clock, End, Keys, Lines, NoKeys, Screen, SilentClock,
    TerminalGuard, TerminalKeys,
};
use walkrun::sys::interrupt::{self, Signal};
use walkrun::{Address, Plan};

use super::pick::{self, day_to_run};
use super::{settings, CmdResult, Ctx, Failure};
use crate::cli::RunArgs;

/// What is being played, and for which plan.
struct Chosen {
    session: Session,
    plan: Option<(PlanRef, Plan, Address)>,
    /// Played as the coach's gentler bridge version of the plan session.
    bridge: bool,
    /// The runner's pace, which timed its distances and gives its speeds.
    pace: settings::RunnerPace,
}

pub fn run(args: &RunArgs, ctx: &mut Ctx) -> CmdResult {
    let now = ctx.clock.now();
    // A malformed profile stops the session before anything is said or played.
    let profile = ctx.profile()?.clone();
    let chosen = choose(args, ctx)?;
    let title = match &chosen.plan {
        Some((_, plan, addr)) if chosen.bridge => {
            format!(
                "{addr} of {} (bridge)",
                walkrun::sys::safe_text::clean(&plan.name)
            )
        }
        Some((_, plan, addr)) => {
            format!("{addr} of {}", walkrun::sys::safe_text::clean(&plan.name))
        }
        None => "Session".to_string(),
    };

    // Checked before anything plays: a bad --music is bad input.
    let playlist = settings::playlist(&args.music, &profile)?;
    let out = if args.no_audio {
        None
    } else {
        match AudioOut::open_default() {
            Ok(out) => Some(out),
            Err(e) if args.require_audio => {
                return Err(Failure::runtime(format!("no audio device: {e}")))
            }
            Err(_) => {
                eprintln!("no audio device found: cues on screen and terminal bell");
                None
            }
        }
    };
    // Only a session that can start is worth a word about when to start it.
    if !clear_to_start(args, &chosen, ctx)? {
        return Ok(0);
    }
    let rate = out
        .as_ref()
        .map_or(DEFAULT_SAMPLE_RATE, |o| o.track_config().sample_rate);
    let bank = settings::cue_bank(args.voice.as_ref(), &profile, rate).map_err(audio_failure)?;
    let talk = settings::talk(args.talk, &profile);
    let mut script = match &chosen.plan {
        Some((_, plan, addr)) => Script::for_plan_session(plan, *addr, talk),
        None => Script::new(talk),
    };
    script.speeds = chosen.pace.speeds();
    // A time trial's distance is the runner's to end, not timed at a pace.
    let is_trial = script.purpose == Some(walkrun::plan::Purpose::TimeTrial);
    chosen
        .pace
        .warn_if_assumed(chosen.session.has_distance() && !is_trial);
    if let (settings::PaceFrom::Trial(_), Some(p)) = (chosen.pace.from, chosen.pace.known()) {
        outln!("Pace {p}, {}", chosen.pace.source_words())?;
    }
    // A trial's run lasts to a ceiling, not to a length the runner reaches.
    script.milestone = milestone::reached(
        ctx.history()?.longest_run_seconds(),
        chosen.session.longest_run_seconds(),
        chosen
            .plan
            .as_ref()
            .and_then(|(_, plan, _)| plan.goal_run_seconds()),
    )
    .filter(|_| !is_trial);
    let timeline = bank.timeline(&chosen.session, &script);
    if out.is_none() && playlist.is_some() {
        eprintln!("walkrun: warning: the music needs the sound card: the session runs without it");
    }
    let mut clock: Box<dyn Clock> = match out {
        Some(out) => {
            let clock = AudioClock::new(out, &timeline, &bank).map_err(audio_failure)?;
            Box::new(match &playlist {
                Some(p) => clock.with_music(MusicBed::new(
                    p,
                    &timeline,
                    args.music.music_volume as f32 / 100.0,
                )),
                None => clock,
            })
        }
        None => Box::new(SilentClock::new(&timeline)),
    };

    let heading = format!(
        "{title}: {}  ({} in all, {} of running)",
        chosen.session,
        format_duration(chosen.session.total_seconds()),
        format_duration(chosen.session.run_seconds())
    );
    outln!("{heading}")?;
    let mut recorder = start_recording(&chosen, now, ctx);
    let _awake = keep_awake(&chosen.session);

    let keys_on = std::io::stdin().is_terminal();
    let guard = if keys_on {
        TerminalGuard::raw().ok()
    } else {
        None
    };
    let keys_on = guard.is_some();
    let mut keys: Box<dyn Keys> = if keys_on {
        Box::new(TerminalKeys::default())
    } else {
        Box::new(NoKeys)
    };
    player::catch_interrupt();
    let mut journal_trouble = false;
    let mut on_progress = |p| {
        if let Ok(r) = recorder.as_mut() {
            if let Err(e) = r.update(p) {
                if !journal_trouble {
                    eprintln!("walkrun: warning: {e}");
                    journal_trouble = true;
                }
            }
        }
    };
    let report = {
        let mut screen;
        let mut lines;
        let display: &mut dyn player::Display = if std::io::stdout().is_terminal() {
            screen = Screen::new(&heading);
            &mut screen
        } else {
            lines = Lines::new(super::out::Stdout);
            &mut lines
        };
        player::play(
            &timeline,
            clock.as_mut(),
            keys.as_mut(),
            display,
            &mut on_progress,
        )
    };
    drop(keys);
    drop(clock);
    drop(guard);
    player::terminal_guard::detach_if_hung_up();

    // A time trial's run ended with `n` at its distance, as asked, was run
    // to its end, not skipped; and the session is judged by the time it took.
    let trial = report.trial.and_then(|t| trial_result(&chosen, t));
    let mut p = report.progress;
    let mut trial_planned = None;
    if let (Some(result), Some(run)) = (trial, report.trial) {
        p.segments_skipped = p.segments_skipped.saturating_sub(1);
        p.segments_completed += 1;
        let left = chosen
            .session
            .segments()
            .iter()
            .find(|g| g.kind.is_run() && g.distance.is_some())
            .map_or(0, |g| g.seconds.saturating_sub(run.seconds));

        p.run_seconds_skipped = p.run_seconds_skipped.saturating_sub(left);
        // Judged by the running as run: the trial's own time, not its
        // distance at its pace rounded up.
        trial_planned = Some(
            chosen
                .session
                .run_seconds()
                .saturating_sub(u64::from(left))
                .max(u64::from(result.seconds)),
        );
    }
    let completed = report.end == End::Finished && p.segments_skipped == 0;
    let how = match report.end {
        End::Finished if completed => "Session complete",
        // Played to the end, but not all of it: no "complete".
        End::Finished => "Session over, with skips",
        End::Quit => "Ended early",
        End::Interrupted => "Interrupted",
    };
    let spent = player::display::clock(u64::from(p.seconds_spent));
    let wall = player::display::clock(report.wall.as_secs());
    // Only pauses that were made (space, or a stall) earn the wall time: a
    // sound server slow to start or gone mid-session paused nothing.
    let paused = if (report.pauses == 0 && report.stalls == 0) || wall == spent {
        String::new()
    } else {
        format!(" ({wall} with pauses)")
    };
    // From here on a failed print must not keep the session out of the
    // journal: `out` remembers the failure and main reports it at the end.
    let _ = outln!(
        "{how}: {spent}{paused}, {} of running, {} completed, {} skipped",
        format_duration(u64::from(p.run_seconds_done)),
        walkrun::words::count(p.segments_completed as usize, "segment"),
        p.segments_skipped
    );
    if let Some(at) = report.device_lost {
        let _ = outln!(
            "The sound device went away at {}; the session went on with cues on screen.",
            player::display::clock(at.as_secs())
        );
    }
    if report.stalls > 0 {
        let _ = outln!(
            "The audio stalled {} and the session paused each time.",
            walkrun::words::count(report.stalls as usize, "time")
        );
    }
    let not_recorded = match recorder {
        Err(why) => Some(why),
        Ok(r) => {
            // Interrupted means stop now: no question.
            let (effort, note, pain) = if keys_on && report.end != End::Interrupted {
                ask_feedback()
            } else {
                (None, None, None)
            };
            player::terminal_guard::detach_if_hung_up();
            // Done is earned by running: 90 % of the running, skipped runs not counted.
            let outcome = match trial_planned {
                Some(planned) => p.judge_running(planned),
                None => p.judge(&chosen.session),
            };
            let mut r = r;
            r.set_trial(trial);
            match r.finish_with_pain(p, outcome, effort, note, pain) {
                Ok(entry) => {
                    let planned = trial_planned.unwrap_or_else(|| chosen.session.run_seconds());
                    let what = match &entry.plan {
                        Some(ps) => ps.address.to_string(),
                        None => "the session".to_string(),
                    };
                    let skipped = match p.run_seconds_skipped {
                        0 => String::new(),
                        s => format!(", {} skipped", format_duration(u64::from(s))),
                    };
                    let _ = outln!(
                        "Recorded {what} as {}{}{}: {} of {} of running{skipped}",
                        entry.outcome,
                        entry
                            .effort
                            .map(|e| format!(", effort {e}"))
                            .unwrap_or_default(),
                        // Pain is said when there was some.
                        entry
                            .pain
                            .filter(|p| *p != Pain::None)
                            .map(|p| format!(", pain: {p}"))
                            .unwrap_or_default(),
                        format_duration(u64::from(p.run_seconds_done)),
                        format_duration(planned),
                    );
                    if let Some(run) = report.trial {
                        say_trial(&entry, run, &chosen);
                    }
                    let end = now + chrono::Duration::from_std(report.wall).unwrap_or_default();
                    ctx.recorded(entry);
                    say_next(&chosen, end, ctx);
                    None
                }
                Err(e) => Some(e.to_string()),
            }
        }
    };
    let code = exit_code(report.end);
    if let Some(why) = not_recorded {
        let line = format!("the session was not recorded: {why}");
        // A signal's exit code says how the session ended and stays; a
        // session that ran its course but left no record is a failure.
        if code == 0 {
            return Err(Failure::runtime(line));
        }
        eprintln!("walkrun: {line}");
    }
    Ok(code)
}

/// The trial's result, when its run was ended by the runner's `n`,
/// undisturbed, in a time a trial could take.
fn trial_result(chosen: &Chosen, run: player::TrialRun) -> Option<TrialResult> {
    let seconds = run.timed()?;
    let metres = history::trial_metres(&chosen.session)?;
    history::easy_pace_from_trial(metres, seconds, Unit::Km)?;
    Some(TrialResult { metres, seconds })
}

/// What the trial just run means: the pace it sets, or why it sets none and
/// how to give its time by hand.
fn say_trial(entry: &history::Entry, run: player::TrialRun, chosen: &Chosen) {
    let by_hand = chosen.plan.as_ref().map_or_else(
        || "walkrun log add --steps ... --trial M:SS".to_string(),
        |(_, _, a)| format!("walkrun log add {a} --trial M:SS"),
    );
    let line = match entry.trial {
        Some(t) => {
            let time = player::display::clock(u64::from(t.seconds));
            match history::latest_trial([entry], entry.started.date_naive()) {
                Some(tp) => format!(
                    "Time trial: {} in {time} ({}): your easy pace is now {}, and distances and speeds follow it",
                    history::trial_distance_words(t.metres),
                    tp.trial,
                    tp.pace
                ),
                None => format!(
                    "Time trial: {} in {time}, but it sets no pace: {}",
                    history::trial_distance_words(t.metres),
                    history::untrusted_why(entry).unwrap_or("its time is not one a trial takes")
                ),
            }
        }
        None if run.disturbed => format!(
            "Time trial: paused or stepped back during the run, so its time is not the distance's; \
             no pace set (if your watch timed it: {by_hand})"
        ),
        None if !run.ended_by_key => format!(
            "Time trial: n was not pressed at the distance, so no time was taken; no pace set \
             (if your watch timed it: {by_hand})"
        ),
        None => "Time trial: that time is not one a trial takes; no pace set".to_string(),
    };
    let _ = outln!("{line}");
}

/// 0, or 128 + the signal that stopped the session (130 for Ctrl-C).
fn exit_code(end: End) -> u8 {
    match (end, interrupt::caught()) {
        (End::Interrupted, s) => s.unwrap_or(Signal::Interrupt).exit_code(),
        // Ctrl-C at the effort question only skips the question.
        (_, None | Some(Signal::Interrupt)) => 0,
        // The session is recorded as it ended, but walkrun was told to stop.
        (_, Some(s)) => s.exit_code(),
    }
}

/// What comes next and when, once the session is in the journal (the
/// entry the recorder wrote, kept with those read before).
fn say_next(chosen: &Chosen, end: DateTime<FixedOffset>, ctx: &Ctx) {
    let Ok(history) = ctx.history() else {
        return;
    };
    let now = end.naive_local();
    // What was just said about pain counts at once, heard with the rest of
    // the journal, whether or not there is a plan.
    let body = Body::hear(&history.entries, &history.checks);
    if let Some(r) = body.rest(now.date()) {
        let _ = outln!("Rest: {}", r.reason());
        let _ = outln!("{}", r.advice());
        return;
    }
    let Some((plan_ref, plan)) = plan_of(chosen, ctx) else {
        return;
    };
    let entries = history.for_plan(&plan_ref.key(), &plan.name);
    let decision = coach::next_session_with(&plan, entries, Some(&body), now.date());
    let Some(addr) = decision.next else {
        let _ = outln!("{decision}");
        return;
    };
    let day = day_to_run(
        ctx,
        &plan,
        &decision,
        when::runs_done(&history.entries),
        AsOf::Moment(now),
    )
    .ok()
    .flatten()
    .and_then(|w| w.day())
    .map(|d| when::say_day(d, now.date()))
    .unwrap_or_else(|| "when the rules allow".into());
    let _ = outln!("Next: {addr}, {day}. {decision}");
    if let Some(a) = decision.advice() {
        let _ = outln!("{a}");
    }
}

/// The plan a session belongs to, or the current plan for one outside any.
fn plan_of(chosen: &Chosen, ctx: &Ctx) -> Option<(PlanRef, Plan)> {
    if let Some((r, p, _)) = &chosen.plan {
        return Some((r.clone(), p.clone()));
    }
    let current = ctx.current().ok()??;
    let plan = current.plan.as_ref().ok()?;
    Some((current.plan_ref.clone(), plan.clone()))
}

/// Check now against the lifts and the journal. Each rule broken gets one
/// line with its id and a better time; on a terminal the runner chooses
/// whether to go on (`--force` goes on without asking). False: not started.
fn clear_to_start(args: &RunArgs, chosen: &Chosen, ctx: &Ctx) -> Result<bool, Failure> {
    // With no plan at all, the profile's lifts and the journal still count.
    let plan = match plan_of(chosen, ctx) {
        Some((_, plan)) => plan,
        None => match Plan::from_toml(
            "name = \"walkrun\"\n[[week]]\n[[week.session]]\nsteps = \"run 1s\"\n",
            "walkrun",
        ) {
            Ok(p) => p,
            Err(_) => return Ok(true),
        },
    };
    let history = ctx.history()?;
    let mut session = match &chosen.plan {
        Some((_, p, a)) => p.session(*a).cloned(),
        None => plan.sessions().next().map(|(_, s)| s.clone()),
    };
    let Some(session) = session.as_mut() else {
        return Ok(true);
    };
    session.steps = chosen.session.clone();
    let (plan, days) = settings::with_profile(&plan, ctx.profile()?);
    let situation = walkrun::rules::now::Situation::new(&plan, when::runs_done(&history.entries));
    let as_of = ctx.clock.as_of();
    let at = as_of.start();
    let w = when::when(&situation, session, as_of, days.as_deref(), None);
    if w.now.is_empty() {
        return Ok(true);
    }
    for a in &w.now {
        eprintln!("{}", a.line(at));
    }
    if args.force || !std::io::stdin().is_terminal() {
        return Ok(true);
    }
    eprint!("Start anyway? [y/N] ");
    let _ = std::io::stderr().flush();
    let mut line = String::new();
    let _ = std::io::stdin().lock().read_line(&mut line);
    if matches!(line.trim().to_ascii_lowercase().as_str(), "y" | "yes") {
        return Ok(true);
    }
    match w.at {
        Some(t) => outln!("Not started. Better: {}.", when::say_when(t, at))?,
        None => outln!("Not started.")?,
    }
    Ok(false)
}

/// Keep the screen on and the laptop awake for a session long enough to
/// outlast a screen-blank timeout; say once if the desktop will not.
fn keep_awake(session: &Session) -> Option<walkrun::sys::awake::Awake> {
    if session.total_seconds() < walkrun::sys::awake::WORTH_IT_SECONDS {
        return None;
    }
    let (awake, trouble) = walkrun::sys::awake::Awake::start("a walkrun session is playing");
    if let Some(why) = trouble {
        eprintln!("walkrun: {why}");
    }
    Some(awake)
}

fn choose(args: &RunArgs, ctx: &Ctx) -> Result<Chosen, Failure> {
    if let Some(text) = &args.steps {
        let pace = settings::runner_pace(args.pace.pace, ctx, None)?;
        let session = steps::parse(text)
            .map_err(|e| Failure::bad_input(format!("--steps: {e}")))?
            .at_pace(&pace.paces);
        if session.total_seconds() == 0 {
            return Err(Failure::bad_input("--steps: the session has no time in it"));
        }
        return Ok(Chosen {
            session,
            plan: None,
            bridge: false,
            pace,
        });
    }
    let (plan_ref, mut plan) = pick::session_plan(ctx, args.plan.as_deref())?;
    let pace = settings::runner_pace(args.pace.pace, ctx, Some(&plan))?;
    plan.at_pace(&pace.paces);
    let mut bridge = None;
    let addr = match &args.session {
        Some(text) => text
            .parse::<Address>()
            .map_err(|e| Failure::bad_input(format!("--session: {e}")))?,
        None => {
            let decision = pick::coach_pick(ctx, &plan_ref, &plan, ctx.clock.today())?;
            if decision.rest.is_some() {
                // The coach said rest (above): no session is chosen for the
                // runner. One named with --session still plays.
                return Err(Failure {
                    code: super::EXIT_FINDINGS,
                    message: "not started: rest first (see above); to play a session all the \
                              same, name it with --session"
                        .to_string(),
                });
            }
            bridge = decision.bridge.clone();
            match decision.next {
                Some(a) => a,
                None => {
                    return Err(Failure::bad_input(format!(
                        "{}: every session is done; choose one with --session, or a new plan",
                        plan.name
                    )))
                }
            }
        }
    };
    let session = plan.session(addr).map(|s| s.steps.clone()).ok_or_else(|| {
        Failure::bad_input(format!(
            "--session {addr}: {} has no such session",
            plan.name
        ))
    })?;
    // A time trial's run is ended by the runner at the distance: live, it
    // lasts as long as the slowest running would take, never less.
    let trial = plan
        .session(addr)
        .is_some_and(|s| s.purpose == Some(walkrun::plan::Purpose::TimeTrial));
    let bridged = bridge.is_some();
    let session = match bridge {
        Some(b) => b,
        None if trial => session.at_pace(&Paces {
            run: walkrun::planning::time_trial::LIVE_CEILING,
            walk: pace.paces.walk,
        }),
        None => session,
    };
    Ok(Chosen {
        bridge: bridged,
        session,
        plan: Some((plan_ref, plan, addr)),
        pace,
    })
}

/// The recorder, or why there is none (a line naming where it tried). The
/// session still plays: the runner is told now, and `run` fails at the end.
fn start_recording(
    chosen: &Chosen,
    now: DateTime<FixedOffset>,
    ctx: &Ctx,
) -> Result<Recorder, String> {
    let journal = match ctx.journal() {
        Ok(j) => j,
        Err(e) => {
            eprintln!(
                "walkrun: warning: this session cannot be recorded: {}",
                e.message
            );
            return Err(e.message);
        }
    };
    let start = SessionStart {
        plan: chosen
            .plan
            .as_ref()
            .map(|(plan_ref, plan, address)| PlanSession {
                name: plan.name.clone(),
                path: Some(plan_ref.key()),
                address: *address,
                bridge: chosen.bridge,
            }),
        steps: chosen.session.clone(),
        started: now,
    };
    match Recorder::start(journal, start) {
        Ok(r) => {
            for w in r.warnings() {
                eprintln!("walkrun: warning: {w}");
            }
            if let Some(why) = r.diverted() {
                eprintln!("walkrun: warning: {why}");
            }
            Ok(r)
        }
        Err(e) => {
            // The error names the file that failed last: the side file, when
            // the journal itself could not be opened. Say both.
            let tried = journal.path();
            let why = match &e {
                history::HistoryError::Write { path, .. } if *path != tried => {
                    format!("tried {}, then {e}", tried.display())
                }
                _ => e.to_string(),
            };
            eprintln!("walkrun: warning: this session cannot be recorded: {why}");
            Err(why)
        }
    }
}

/// Effort from 1 to 10 and an optional note after it, then any pain, or
/// nothing: Enter skips (the pain question too, at the first), and so do
/// Ctrl-C, a closed stdin, SIGTERM and a hang-up.
fn ask_feedback() -> (Option<u8>, Option<String>, Option<Pain>) {
    // A blocked read cannot see a signal, so the lines come from a thread and
    // the question waits on them and on the signals at once.
    let (tx, rx) = mpsc::channel();
    std::thread::spawn(move || loop {
        let mut line = String::new();
        let read = std::io::stdin().lock().read_line(&mut line).unwrap_or(0);
        if read == 0 || tx.send(line).is_err() {
            break;
        }
    });
    // A line, or None once the runner is gone (a signal, stdin closed).
    let answer = |question: &str| {
        eprint!("{question}");
        let _ = std::io::stderr().flush();
        loop {
            if interrupt::caught().is_some() {
                return None;
            }
            match rx.recv_timeout(Duration::from_millis(100)) {
                Ok(line) => return Some(line),
                Err(RecvTimeoutError::Timeout) => {}
                Err(RecvTimeoutError::Disconnected) => return None,
            }
        }
    };
    let mut heard = None;
    for _ in 0..3 {
        let Some(line) =
            answer("How hard was it, 1 (easy) to 10 (all out)? A note may follow. Enter to skip: ")
        else {
            return (None, None, None);
        };
        match parse_effort_answer(&line) {
            Ok(a) => {
                heard = Some((a, line.trim().is_empty()));
                break;
            }
            Err(e) => eprintln!("{e}"),
        }
    }
    let Some(((effort, mut note), skipped)) = heard else {
        return (None, None, None);
    };
    if skipped {
        return (None, None, None);
    }
    for _ in 0..3 {
        let Some(line) = answer(
            "Any pain? none, niggle (noticed, easing as you warm up) or sharp (or a limp); \
             a note may follow. Enter to skip: ",
        ) else {
            return (effort, note, None);
        };
        match parse_pain_answer(&line) {
            Ok((pain, more)) => {
                // The pain's own words join the note.
                note = match (note, more) {
                    (Some(n), Some(m)) => Some(format!("{n}; {m}")),
                    (n, m) => n.or(m),
                };
                return (effort, note, pain);
            }
            Err(e) => eprintln!("{e}"),
        }
    }
    (effort, note, None)
}

fn audio_failure(e: AudioError) -> Failure {
    if e.is_bad_input() {
        Failure::bad_input(e)
    } else {
        Failure::runtime(e)
    }
}
