use chrono::{Datelike, Days, NaiveDate};
use walkrun::calendar::{self, Week as RunnerWeek};
use walkrun::coach;
use walkrun::history::{self, Journal, PlanRef};
use walkrun::plan::{Plan, RuleSetting};
use walkrun::progression::{self, Goal, Level, Profile};
use walkrun::rules::{self, Settings, Severity};
use walkrun::{atomic_file, programs};

use super::use_plan::today;
use super::{profile, CmdResult, Failure};
use crate::cli::PlanArgs;

pub fn run(args: &PlanArgs) -> CmdResult {
    if let Some(name) = &args.reschedule {
        return reschedule(args, name);
    }
    let built = build(args, &profile::load()?)?;
    write(args, &built)
}

/// A plan made and placed, not yet written.
pub struct Built {
    pub plan: Plan,
    pub start: NaiveDate,
    generated: bool,
    report: rules::Report,
}

/// Make the plan the flags ask for, with `you` (the profile) under them.
pub fn build(args: &PlanArgs, you: &walkrun::config::Profile) -> Result<Built, Failure> {
    let start = args.start.unwrap_or_else(next_monday);
    let age = profile::age(args.age, you);
    let run_days = profile::run_days(&args.run_days, you);
    let settings = progression::settings_for_age(age);
    let (program, generated) = match &args.program {
        Some(name) => (programs::load(name)?, false),
        None => (generate(args, start, age, run_days.len(), &settings)?, true),
    };
    let week = RunnerWeek {
        start,
        run_days,
        lifts: profile::lifts(&args.lifts, you),
        priority: profile::priority(args.priority, you),
    };
    let mut plan =
        calendar::place(&program, &week, &settings, generated).map_err(Failure::bad_input)?;
    plan.age = age;
    plan.rules = settings
        .to_table(&Settings::for_age(age))
        .into_iter()
        .map(|(key, value)| RuleSetting {
            key,
            value,
            location: None,
        })
        .collect();
    let report = rules::check(&plan, &settings);
    if let Some(f) = report
        .findings
        .iter()
        .find(|f| generated && f.severity >= Severity::Warning)
    {
        // The engine and the checker share the rules; this is a bug, not input.
        return Err(Failure::runtime(format!(
            "internal error: the generated plan breaks {}: {}",
            f.rule, f.message
        )));
    }
    Ok(Built {
        plan,
        start,
        generated,
        report,
    })
}

/// Write the plan (or print it), and make it current when asked.
pub fn write(args: &PlanArgs, built: &Built) -> CmdResult {
    let Built {
        plan,
        start,
        generated,
        report,
    } = built;
    let (start, generated) = (*start, *generated);
    let worst = report.worst();
    let text = format!("{}{}", header(start), plan.to_toml());
    match &args.output {
        Some(path) => {
            atomic_file::write(path, text.as_bytes())
                .map_err(|e| Failure::runtime(format!("{}: cannot write: {e}", path.display())))?;
            eprintln!(
                "walkrun: wrote {} ({} weeks, {} sessions, from {})",
                path.display(),
                plan.weeks.len(),
                plan.session_count(),
                start.format("%a %-d %b %Y")
            );
        }
        None => print!("{text}"),
    }
    if let (true, Some(path)) = (args.use_it, &args.output) {
        let plan_ref = PlanRef::resolve(&path.display().to_string());
        history::set_current_plan(&history::data_dir()?, &plan_ref)?;
        eprintln!("walkrun: {} is now your current plan", path.display());
    }
    if !generated && worst.is_some_and(|w| w >= Severity::Warning) {
        eprintln!(
            "walkrun: note: the program itself has {} warnings (see `walkrun check`); repeat a week when one feels too hard",
            report.count(Severity::Warning)
        );
    }
    Ok(0)
}

fn generate(
    args: &PlanArgs,
    start: NaiveDate,
    age: Option<u32>,
    run_days: usize,
    settings: &Settings,
) -> Result<Plan, Failure> {
    let goal_text = args.goal.as_deref().unwrap_or("5k");
    let goal = Goal::parse(goal_text, args.run_walk)
        .map_err(|m| Failure::bad_input(format!("--goal: {m}")))?;
    let level: Level = args
        .level
        .parse()
        .map_err(|m| Failure::bad_input(format!("--level: {m}")))?;
    let (weeks, taper) = match (args.weeks, args.race_date) {
        (Some(0), _) => return Err(Failure::bad_input("--weeks 0: expected at least 2 weeks")),
        (Some(w), _) if w > 104 => {
            return Err(Failure::bad_input(format!(
                "--weeks {w}: expected at most 104 weeks"
            )))
        }
        (Some(w), None) => (w, false),
        (None, Some(race)) => {
            if race < start {
                return Err(Failure::bad_input(format!(
                    "--race-date {race} is before the start {start}: expected a later race date"
                )));
            }
            (((race - start).num_days() / 7 + 1) as usize, true)
        }
        _ => return Err(Failure::bad_input("expected --weeks N or --race-date DATE")),
    };
    let runs = args.runs_per_week.unwrap_or(run_days);
    let deload = progression::deload_for_age(age);
    let profile = Profile {
        goal,
        level,
        weeks,
        taper,
        runs_per_week: runs,
        deload,
    };
    progression::program(&profile, settings).map_err(Failure::bad_input)
}

/// The header comment that says how the plan was made.
fn header(start: NaiveDate) -> String {
    let args: Vec<String> = std::env::args()
        .skip(1)
        .map(|a| {
            if a.is_empty() || a.contains(|c: char| c.is_whitespace() || c == '"') {
                format!("'{a}'")
            } else {
                a
            }
        })
        .collect();
    format!(
        "# Made with: walkrun {}\n# Week 1 starts {}. Edit freely; `walkrun check` this file after.\n\n",
        args.join(" "),
        start.format("%a %-d %b %Y")
    )
}

fn next_monday() -> NaiveDate {
    let today = today();
    let ahead = 7 - today.weekday().num_days_from_monday();
    today
        .checked_add_days(Days::new(u64::from(ahead)))
        .unwrap_or(today)
}

/// `--reschedule PLAN`: the coach's next session moves to today or later.
fn reschedule(args: &PlanArgs, name: &str) -> CmdResult {
    let today = args.today.unwrap_or_else(today);
    let plan_ref = PlanRef::resolve(name);
    let PlanRef::File(path) = &plan_ref else {
        return Err(Failure::bad_input(format!(
            "--reschedule {name}: a built-in program has no dates; place it first with `walkrun plan --program {name} -o plan.toml`"
        )));
    };
    let plan = plan_ref.load()?;
    if plan.start.is_none() {
        return Err(Failure::bad_input(format!(
            "--reschedule {name}: the plan has no start date to move; place it with `walkrun plan --program {name}`"
        )));
    }
    let history = Journal::at(history::data_dir()?).read()?;
    let entries = history.for_plan(&plan_ref.key(), &plan.name);
    let decision = coach::next_session(&plan, &entries, today);
    let Some(next) = decision.next else {
        println!("{}: complete, nothing to move", plan.name);
        return Ok(0);
    };
    let moved = calendar::reschedule(&plan, next, today).ok_or_else(|| {
        Failure::bad_input(format!("--reschedule {name}: {next} has no day to keep"))
    })?;
    let settings = Settings::from_plan(&moved, &path.display().to_string())?;
    let report = rules::check(&moved, &settings);
    if report.worst() == Some(Severity::Error) {
        return Err(Failure::runtime(
            "internal error: the rescheduled plan breaks a rule",
        ));
    }
    let target = args.output.clone().unwrap_or_else(|| path.clone());
    let text = format!(
        "# Rescheduled by walkrun on {today}: {next} moved to {}.\n{}",
        moved
            .session_date(next)
            .map_or_else(String::new, |d| d.format("%a %-d %b %Y").to_string()),
        moved.to_toml()
    );
    atomic_file::write(&target, text.as_bytes())
        .map_err(|e| Failure::runtime(format!("{}: cannot write: {e}", target.display())))?;
    match (plan.start, moved.start) {
        (Some(a), Some(b)) if a == b => println!("{}: on schedule, nothing to move", plan.name),
        (_, Some(b)) => println!(
            "{}: {next} is now on {}; week 1 now starts {} (written to {})",
            plan.name,
            moved
                .session_date(next)
                .map_or_else(String::new, |d| d.format("%a %-d %b").to_string()),
            b,
            target.display()
        ),
        _ => {}
    }
    Ok(0)
}
