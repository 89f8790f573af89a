//! `walkrun run`: one session, live, with the sound card or without.

use std::io::{BufRead, IsTerminal, Write};

use walkrun::audio::{AudioError, CueBank};
use walkrun::coach;
use walkrun::history::{self, Journal, Outcome, PlanRef, Recorder, SessionStart};
use walkrun::player::{
    self, AudioClock, AudioOut, Clock, End, Lines, NoKeys, Screen, SilentClock, TerminalGuard,
    TerminalKeys,
};
use walkrun::steps::{self, format_duration, Session};
use walkrun::timeline::DEFAULT_SAMPLE_RATE;
use walkrun::{Address, Plan};

use super::use_plan::today;
use super::{CmdResult, Failure};
use crate::cli::RunArgs;

/// The program a new machine starts with.
const FIRST_PROGRAM: &str = "couch-to-5k";

/// What is being played, and for which plan.
struct Chosen {
    session: Session,
    plan: Option<(PlanRef, Plan, Address)>,
}

pub fn run(args: &RunArgs) -> CmdResult {
    let chosen = choose(args)?;
    let title = match &chosen.plan {
        Some((_, plan, addr)) => format!("{addr} of {}", walkrun::safe_text::clean(&plan.name)),
        None => "Session".to_string(),
    };

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
    let rate = out
        .as_ref()
        .map_or(DEFAULT_SAMPLE_RATE, |o| o.track_config().sample_rate);
    let bank = CueBank::builtin(rate).map_err(audio_failure)?;
    let timeline = bank.timeline(&chosen.session);
    let mut clock: Box<dyn Clock> = match out {
        Some(out) => Box::new(AudioClock::new(out, &timeline, &bank).map_err(audio_failure)?),
        None => Box::new(SilentClock::new(&timeline)),
    };

    println!(
        "{title}: {}  ({} in all, {} of running)",
        chosen.session,
        format_duration(chosen.session.total_seconds()),
        format_duration(chosen.session.run_seconds())
    );
    let mut recorder = chosen
        .plan
        .as_ref()
        .and_then(|(plan_ref, plan, addr)| start_recording(plan_ref, plan, *addr));

    let keys_on = std::io::stdin().is_terminal();
    let guard = if keys_on {
        TerminalGuard::raw().ok()
    } else {
        None
    };
    let keys_on = guard.is_some();
    player::catch_interrupt();
    let mut journal_trouble = false;
    let mut on_progress = |p| {
        if let Some(r) = recorder.as_mut() {
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
            screen = Screen::new(&timeline);
            &mut screen
        } else {
            lines = Lines::new(std::io::stdout().lock());
            &mut lines
        };
        if keys_on {
            player::play(
                &timeline,
                clock.as_mut(),
                &mut TerminalKeys,
                true,
                display,
                &mut on_progress,
            )
        } else {
            player::play(
                &timeline,
                clock.as_mut(),
                &mut NoKeys,
                false,
                display,
                &mut on_progress,
            )
        }
    };
    drop(clock);
    drop(guard);

    let p = report.progress;
    let how = match report.end {
        End::Finished => "Session complete",
        End::Quit => "Ended early",
        End::Interrupted => "Interrupted",
    };
    println!(
        "{how}: {} ({} with pauses), {} of running, {} segments completed, {} skipped",
        player::display::clock(u64::from(p.seconds_spent)),
        player::display::clock(report.wall.as_secs()),
        format_duration(u64::from(p.run_seconds_done)),
        p.segments_completed,
        p.segments_skipped
    );
    if report.stalls > 0 {
        println!(
            "The audio stalled {} time(s) and the session paused each time.",
            report.stalls
        );
    }
    if let Some(r) = recorder {
        let effort = if keys_on { ask_effort() } else { None };
        let outcome = match report.end {
            End::Finished => Outcome::Done,
            End::Quit | End::Interrupted => Outcome::Partial,
        };
        match r.finish(p, outcome, effort, None) {
            Ok(entry) => println!(
                "Recorded {} as {}{}",
                entry.address,
                entry.outcome,
                entry
                    .effort
                    .map(|e| format!(", effort {e}"))
                    .unwrap_or_default()
            ),
            Err(e) => eprintln!("walkrun: warning: the journal: {e}"),
        }
    }
    Ok(0)
}

fn choose(args: &RunArgs) -> Result<Chosen, Failure> {
    if let Some(text) = &args.steps {
        let session =
            steps::parse(text).map_err(|e| Failure::bad_input(format!("--steps: {e}")))?;
        if session.total_seconds() == 0 {
            return Err(Failure::bad_input("--steps: the session has no time in it"));
        }
        return Ok(Chosen {
            session,
            plan: None,
        });
    }
    let plan_ref = match &args.plan {
        Some(p) => PlanRef::resolve(p),
        None => history::current_plan(&history::data_dir()?)?
            .unwrap_or_else(|| PlanRef::Builtin(FIRST_PROGRAM.to_string())),
    };
    let plan = plan_ref.load()?;
    let addr = match &args.session {
        Some(text) => text
            .parse::<Address>()
            .map_err(|e| Failure::bad_input(format!("--session: {e}")))?,
        None => {
            let journal = Journal::at(history::data_dir()?);
            let history = journal.read()?;
            for w in &history.warnings {
                eprintln!("walkrun: warning: {w}");
            }
            let entries = history.for_plan(&plan_ref.key(), &plan.name);
            let decision = coach::next_session(&plan, &entries, today());
            println!("{decision}");
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
    Ok(Chosen {
        session,
        plan: Some((plan_ref, plan, addr)),
    })
}

fn start_recording(plan_ref: &PlanRef, plan: &Plan, address: Address) -> Option<Recorder> {
    let dir = match history::data_dir() {
        Ok(d) => d,
        Err(e) => {
            eprintln!("walkrun: warning: not recorded: {e}");
            return None;
        }
    };
    let start = SessionStart {
        plan: plan.name.clone(),
        plan_path: Some(plan_ref.key()),
        address,
        started: chrono::Local::now().fixed_offset(),
    };
    match Recorder::start(&Journal::at(dir), start) {
        Ok(r) => {
            for w in r.warnings() {
                eprintln!("walkrun: warning: {w}");
            }
            if let Some(why) = r.diverted() {
                eprintln!("walkrun: warning: {why}");
            }
            Some(r)
        }
        Err(e) => {
            eprintln!("walkrun: warning: not recorded: {e}");
            None
        }
    }
}

/// Effort from 1 to 10, or nothing (Enter skips).
fn ask_effort() -> Option<u8> {
    let stdin = std::io::stdin();
    for _ in 0..3 {
        eprint!("How hard was it, 1 (easy) to 10 (all out)? Enter to skip: ");
        let _ = std::io::stderr().flush();
        let mut line = String::new();
        if stdin.lock().read_line(&mut line).unwrap_or(0) == 0 {
            return None;
        }
        let line = line.trim();
        if line.is_empty() {
            return None;
        }
        match line.parse::<u8>() {
            Ok(n) if (1..=10).contains(&n) => return Some(n),
            _ => eprintln!("expected a number from 1 to 10, found '{line}'"),
        }
    }
    None
}

fn audio_failure(e: AudioError) -> Failure {
    Failure::runtime(e)
}
