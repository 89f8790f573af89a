//! `walkrun export [PLAN] --ics FILE --markdown FILE --fit DIR/`: the plan for
//! a calendar app, for the fridge and for the watch.

use std::path::{Path, PathBuf};

use walkrun::export::fit::{self, FitError, Workout};
use walkrun::export::{ics, markdown, session_file_name, ExportError};
use walkrun::plan::steps::parse_duration;
use walkrun::plan::Address;
use walkrun::sys::{atomic_file, safe_text};
use walkrun::words::count;
use walkrun::Plan;

use super::pick::{self, chosen_plan, session_plan};
use super::{settings, CmdResult, Ctx, Failure};
use crate::cli::ExportArgs;

/// The longest reminder that still means "before this session".
const MAX_REMIND_SECONDS: u32 = 24 * 3600;

pub fn run(args: &ExportArgs, ctx: &mut Ctx) -> CmdResult {
    let tz = match &args.tz {
        None => None,
        Some(name) => Some(name.parse::<chrono_tz::Tz>().map_err(|_| {
            Failure::bad_input(format!(
                "--tz {}: expected an IANA time zone such as Europe/London or America/New_York",
                safe_text::quote(name)
            ))
        })?),
    };
    let remind = match &args.remind {
        None => None,
        Some(text) => {
            let shown = safe_text::quote(text);
            let seconds = parse_duration(text)
                .map_err(|m| Failure::bad_input(format!("--remind {shown}: expected {m}")))?;
            if seconds > MAX_REMIND_SECONDS {
                return Err(Failure::bad_input(format!(
                    "--remind {shown}: expected at most 24h before the session"
                )));
            }
            Some(chrono::Duration::seconds(i64::from(seconds)))
        }
    };
    // Sessions alone (the watch's) follow Couch to 5K before a plan is
    // chosen, as `run` and `render` do; a calendar or a page needs a plan.
    let sessions_only = args.ics.is_none() && args.markdown.is_none();
    let (_, mut plan) = if sessions_only {
        session_plan(ctx, args.plan.as_deref())?
    } else {
        chosen_plan(ctx, args.plan.as_deref())?
    };
    // Distances timed at the runner's pace; the exports' speeds come from
    // the plan's pace, which is now the runner's when it is known.
    let pace = settings::runner_pace(args.pace.pace, ctx, Some(&plan))?;
    plan.at_pace(&pace.paces);
    plan.pace = pace.known();
    pace.warn_if_assumed(plan.has_distance());
    if args.with_lifts {
        let extra = settings::extra_lifts(&plan, &[], ctx.profile()?);
        plan.lifts.extend(extra);
        if plan.lifts.is_empty() {
            eprintln!(
                "walkrun: note: --with-lifts: the plan has no lifts, and neither has your profile"
            );
        }
    }
    if let Some(path) = &args.ics {
        let opts = ics::Options {
            tz,
            with_lifts: args.with_lifts,
            remind,
            stamp: ctx.clock.now().with_timezone(&chrono::Utc),
        };
        let text = ics::calendar(&plan, &opts).map_err(export_failure)?;
        write(path, text.as_bytes())?;
        let lifts = if args.with_lifts {
            format!(
                " and {}",
                count(plan.lifts.len() * plan.weeks.len(), "lift")
            )
        } else {
            String::new()
        };
        note(
            path,
            &format!(
                "{}{lifts}; import it into your calendar app, and again after a change: the events update",
                count(plan.session_count(), "session")
            ),
        );
    }
    if let Some(path) = &args.markdown {
        write(path, markdown::document(&plan).as_bytes())?;
        note(path, &count(plan.weeks.len(), "week"));
    }
    if let Some(target) = &args.fit {
        watch_workouts(args, target, &plan, ctx)?;
    }
    Ok(0)
}

/// `--fit`: a workout file a session, into a folder, or one file.
fn watch_workouts(args: &ExportArgs, target: &Path, plan: &Plan, ctx: &Ctx) -> Result<(), Failure> {
    let into_folder = is_folder(target);
    let shown = target.display().to_string();
    if !into_folder {
        let is_fit = target
            .extension()
            .is_some_and(|e| e.eq_ignore_ascii_case("fit"));
        if !is_fit {
            return Err(Failure::bad_input(format!(
                "--fit {}: expected a folder (ending in /) or a .fit file",
                safe_text::quote(&shown)
            )));
        }
        if args.session.is_none() {
            return Err(Failure::bad_input(format!(
                "--fit {}: one file holds one session: add --session W3D2, or give a folder (ending in /) for them all",
                safe_text::quote(&shown)
            )));
        }
    }
    let addresses = chosen_sessions(args, plan)?;
    let created = ctx.clock.now().with_timezone(&chrono::Utc);
    let mut files: Vec<(PathBuf, Vec<u8>)> = Vec::with_capacity(addresses.len());
    // Sessions longer than many watches run, said once after the files.
    let mut long: Vec<String> = Vec::new();
    let mut most = 0;
    for addr in addresses {
        let session = plan
            .session(addr)
            .ok_or_else(|| Failure::bad_input(format!("{addr}: no such session")))?;
        let steps = fit::watch_steps(&session.steps).len();
        if steps > fit::WATCH_STEP_LIMIT {
            long.push(addr.to_string());
            most = most.max(steps);
        }
        let workout = Workout::for_plan_session(plan, addr, created);
        let bytes = fit::workout_file(&session.steps, &workout).map_err(|e| match e {
            FitError::Encode(_) => Failure::runtime(format!("{addr}: {e}")),
            FitError::Empty | FitError::TooManySteps { .. } => {
                Failure::bad_input(format!("{addr}: {e}"))
            }
        })?;
        let path = if into_folder {
            target.join(session_file_name(plan, addr, "fit"))
        } else {
            target.to_path_buf()
        };
        files.push((path, bytes));
    }
    if into_folder {
        std::fs::create_dir_all(target)
            .map_err(|e| Failure::runtime(format!("cannot write {shown}: {e}")))?;
    }
    for (path, bytes) in &files {
        atomic_file::write(path, bytes)?;
    }
    if !long.is_empty() {
        eprintln!(
            "walkrun: warning: {} {} up to {most} watch steps; many watches (Garmin's among them) run at most {} and stop there: write repeats as 8x(run 1m, walk 90s) to keep it shorter",
            long.join(", "),
            if long.len() == 1 { "needs" } else { "need" },
            fit::WATCH_STEP_LIMIT
        );
    }
    match files.as_slice() {
        [(path, _)] => note(
            path,
            "a workout for your watch; copy it into GARMIN/NewFiles",
        ),
        _ => eprintln!(
            "walkrun: wrote {} into {shown}; copy them into GARMIN/NewFiles on your watch",
            count(files.len(), "workout")
        ),
    }
    Ok(())
}

/// `DIR/` names a folder, as does a folder that is there already.
fn is_folder(path: &Path) -> bool {
    let text = path.as_os_str().to_string_lossy();
    text.ends_with('/') || text.ends_with(std::path::MAIN_SEPARATOR) || path.is_dir()
}

/// The sessions `--week` or `--session` chose, else every one, in plan order.
fn chosen_sessions(args: &ExportArgs, plan: &Plan) -> Result<Vec<Address>, Failure> {
    Ok(
        pick::named_sessions(plan, args.week, args.session.as_deref())?
            .unwrap_or_else(|| plan.sessions().map(|(a, _)| a).collect()),
    )
}

fn export_failure(e: ExportError) -> Failure {
    Failure::bad_input(e)
}

fn write(path: &Path, bytes: &[u8]) -> Result<(), Failure> {
    if path == Path::new("-") {
        return super::out::write_all(bytes);
    }
    atomic_file::write(path, bytes).map_err(Failure::from)
}

fn note(path: &Path, what: &str) {
    if path != Path::new("-") {
        eprintln!("walkrun: wrote {} ({what})", path.display());
    }
}
