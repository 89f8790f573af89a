use walkrun::export::json::{plan_doc_at, PaceDoc};
use walkrun::plan::steps::format_minutes;
use walkrun::plan::Address;
use walkrun::sys::safe_text::clean;

use super::pick::plan_arg;
use super::{print_json, settings, CmdResult, Ctx, Failure};
use crate::cli::{OutputFormat, ShowArgs};

pub fn run(args: &ShowArgs, ctx: &mut Ctx) -> CmdResult {
    let (mut plan, _) = plan_arg(ctx, args.plan.as_deref())?;
    let pace = settings::runner_pace(args.pace.pace, ctx, Some(&plan))?;
    plan.at_pace(&pace.paces);
    if let Some(w) = args.week {
        if w == 0 || w > plan.weeks.len() {
            return Err(Failure::bad_input(format!(
                "--week {w}: expected a week from 1 to {}",
                plan.weeks.len()
            )));
        }
    }
    if args.chart {
        let mut panels = walkrun::chart::plan_panels(&plan);
        if let Some(p) = panels.first_mut() {
            p.title = walkrun::sys::safe_text::clean(&p.title).into_owned();
        }
        for line in walkrun::chart::draw(&panels, super::chart_style()) {
            outln!("{line}")?;
        }
        return Ok(0);
    }
    if args.format == OutputFormat::Json {
        // No pace known: `null`, and distances are at the assumed one.
        let doc = pace
            .known()
            .map(|_| PaceDoc::new(&pace.paces, pace.source_word()));
        print_json(&plan_doc_at(&plan, args.week, doc))?;
        return Ok(0);
    }
    let name = clean(&plan.name);
    match &plan.description {
        Some(d) => outln!("{name}: {}", clean(d))?,
        None => outln!("{name}")?,
    }
    if let Some(start) = plan.start {
        outln!("Starts {}", start.format("%a %-d %b %Y"))?;
    }
    if let Some(race) = plan.race {
        outln!("Race {}", race.format("%a %-d %b %Y"))?;
    }
    for lift in &plan.lifts {
        outln!(
            "Lift {} {} for {} min{}",
            walkrun::plan::weekday_name(lift.day),
            lift.at.format("%H:%M"),
            lift.minutes,
            if lift.legs { ", heavy legs" } else { "" }
        )?;
        // The dates the plan changes it (race week's, say), and why.
        for e in plan.lift_exceptions.iter().filter(|e| e.is_for(lift)) {
            match &e.note {
                Some(note) => outln!("  {}: {}", e.describe(), clean(note))?,
                None => outln!("  {}", e.describe())?,
            }
        }
    }
    if let Some(how) = walkrun::export::words::how_to_run(&plan) {
        outln!("{how}")?;
    }
    let trial = plan
        .sessions()
        .find(|(_, s)| s.purpose == Some(walkrun::plan::Purpose::TimeTrial))
        .map(|(a, _)| a);
    match (pace.known(), trial) {
        (Some(p), _) => outln!("Pace {p} ({})", pace.source_words())?,
        // The plan's time trial will give the pace.
        (None, Some(a)) => outln!(
            "Distances at an assumed {} until your time trial, {a}, sets your pace \
             (or give --pace, as 8:00/km)",
            pace.paces.run
        )?,
        (None, None) if plan.has_distance() => outln!(
            "Distances at an assumed {}: give --pace (as 8:00/km), set pace in your profile, \
             or import a run (walkrun log import)",
            pace.paces.run
        )?,
        (None, None) => {}
    }
    // A column for what each session is for, when the plan says.
    let purpose_width = plan
        .sessions()
        .filter_map(|(_, s)| s.purpose)
        .map(|p| p.as_str().len().max("run-walk".len()) + 1)
        .max()
        .unwrap_or(0);
    for (i, week) in plan.weeks.iter().enumerate() {
        let w = i + 1;
        if args.week.is_some_and(|only| only != w) {
            continue;
        }
        outln!("\nWeek {w}")?;
        let (mut total, mut running) = (0, 0);
        for (d, s) in week.sessions.iter().enumerate() {
            let addr = Address {
                week: w,
                session: d + 1,
            };
            let when = match (plan.session_date(addr), s.day) {
                (Some(date), _) => date.format("%a %d %b").to_string(),
                (None, Some(day)) => walkrun::plan::weekday_name(day).to_string(),
                (None, None) => String::new(),
            };
            let at =
                s.at.map(|t| t.format("%H:%M").to_string())
                    .unwrap_or_default();
            total += s.steps.total_seconds();
            running += s.steps.run_seconds();
            let purpose = s.purpose.map(|p| p.as_str()).unwrap_or_default();
            outln!(
                "  {addr:<6} {when:<10} {at:<5}  {purpose:<purpose_width$}{}",
                s.steps
            )?;
            outln!(
                "  {:<6} {:<10} {:<5}  {:<purpose_width$}{} min, running {} min, longest run {} min",
                "",
                "",
                "",
                "",
                format_minutes(s.steps.total_seconds()),
                format_minutes(s.steps.run_seconds()),
                format_minutes(s.steps.longest_run_seconds())
            )?;
            let speeds = pace
                .known()
                .and_then(|_| walkrun::export::words::treadmill(&s.steps, &pace.paces));
            if let Some(speeds) = speeds {
                outln!(
                    "  {:<6} {:<10} {:<5}  {:<purpose_width$}{speeds}",
                    "",
                    "",
                    "",
                    ""
                )?;
            }
            // What the coach wrote for this session, under its figures.
            if let Some(note) = &s.note {
                outln!(
                    "  {:<6} {:<10} {:<5}  {:<purpose_width$}{}",
                    "",
                    "",
                    "",
                    "",
                    clean(note)
                )?;
            }
        }
        outln!(
            "  Week {w}: {}, {} min in all, {} min running",
            walkrun::words::count(week.sessions.len(), "session"),
            format_minutes(total),
            format_minutes(running)
        )?;
    }
    Ok(0)
}
