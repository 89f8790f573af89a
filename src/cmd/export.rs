//! `walkrun export [PLAN] --ics FILE --markdown FILE`: the plan for a calendar
//! app and for the fridge.

use std::path::Path;

use walkrun::export::words::count;
use walkrun::export::{ics, markdown, ExportError};
use walkrun::plan::steps::parse_duration;
use walkrun::sys::{atomic_file, safe_text};

use super::pick::chosen_plan;
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
    let (_, mut plan) = chosen_plan(ctx, args.plan.as_deref())?;
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
    Ok(0)
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
