use chrono::{Datelike, Days, NaiveDate};
use walkrun::coach;
use walkrun::export::words::count;
use walkrun::history::{self, Journal, PlanRef};
use walkrun::plan::programs;
use walkrun::plan::{self, weekday_name, Plan, Purpose, RuleSetting};
use walkrun::planning::engine::{self, Goal, Level};
use walkrun::planning::knob::Knob;
use walkrun::planning::placing::{self, WeekPattern};
use walkrun::planning::{self, Horizon, Request};
use walkrun::rules::{self, Settings, Severity};
use walkrun::sys::{atomic_file, safe_text};

use super::use_plan::today;
use super::{profile, CmdResult, Failure};
use crate::cli::{OutputFormat, PlanArgs};

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
    /// What the planner decided on its own, to say on stderr.
    said: Vec<String>,
}

/// The furthest ahead a plan may start or end, as `--weeks` is capped: a
/// plan years away is a typo, and its dates must stay ones a plan file can
/// hold.
const HORIZON_WEEKS: i64 = engine::MAX_WEEKS as i64;

/// Make the plan the flags ask for, with `you` (the profile) under them.
pub fn build(args: &PlanArgs, you: &walkrun::config::Profile) -> Result<Built, Failure> {
    let start = args.start.unwrap_or_else(next_monday);
    let ahead = (start - today()).num_days();
    if ahead > HORIZON_WEEKS * 7 {
        return Err(Failure::bad_input(format!(
            "--start {start} is {} weeks from today: expected a start within {HORIZON_WEEKS} weeks",
            ahead / 7
        )));
    }
    let age = profile::age(args.age, you);
    let settings = engine::settings_for_age(age);
    let week = WeekPattern {
        start,
        run_days: profile::run_days(&args.run_days, you),
        lifts: profile::lifts(&args.lifts, you),
        priority: profile::priority(args.priority, you),
        cooldown_jog: args.cooldown_jog,
    };
    let (mut plan, generated, mut said) = match &args.program {
        Some(name) => {
            let program = programs::load(name)?;
            let plan = placing::place(&program, &week, &settings, false)
                .map_err(|e| Failure::bad_input(e.say(&flag)))?;
            (plan, false, Vec::new())
        }
        None => {
            let (plan, said) = generate(args, &week, age, &settings)?;
            (plan, true, said)
        }
    };
    said.extend(chosen_times(&plan, &week));
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
    // A generated plan already passed the checker in the planner
    // (`planning::promise`); a program's findings are for the note below.
    let report = rules::check(&plan, &settings);
    Ok(Built {
        plan,
        start,
        generated,
        report,
        said,
    })
}

/// Write the plan (or print it), and make it current when asked.
pub fn write(args: &PlanArgs, built: &Built) -> CmdResult {
    let Built {
        plan,
        start,
        generated,
        report,
        said,
    } = built;
    let (start, generated) = (*start, *generated);
    let worst = report.worst();
    let text = format!("{}{}", header(start, plan.race), plan.to_toml()?);
    for line in said {
        eprintln!("walkrun: {line}");
    }
    match &args.output {
        Some(path) => {
            atomic_file::write(path, text.as_bytes())?;
            eprintln!(
                "walkrun: wrote {} ({}, {}, from {})",
                path.display(),
                count(plan.weeks.len(), "week"),
                count(plan.session_count(), "session"),
                start.format("%a %-d %b %Y")
            );
        }
        None if args.format == OutputFormat::Json => {
            super::print_json(&walkrun::export::json::plan_doc(plan, None))?
        }
        None => out!("{text}")?,
    }
    if let (true, Some(path)) = (args.use_it, &args.output) {
        let plan_ref = PlanRef::resolve(&path.display().to_string());
        history::set_current_plan(&history::data_dir()?, &plan_ref)?;
        eprintln!("walkrun: {} is now your current plan", path.display());
    }
    if !generated && worst.is_some_and(|w| w >= Severity::Warning) {
        eprintln!(
            "walkrun: note: the program itself has {} (see `walkrun check`); repeat a week when one feels too hard",
            count(report.count(Severity::Warning), "warning")
        );
    }
    Ok(0)
}

/// The engine's weeks for the flags, placed on the runner's week (and
/// tapered into the race); with what it decided on its own.
fn generate(
    args: &PlanArgs,
    week: &WeekPattern,
    age: Option<u32>,
    settings: &Settings,
) -> Result<(Plan, Vec<String>), Failure> {
    let goal_text = args.goal.as_deref().unwrap_or("5k");
    let goal = Goal::parse(goal_text, args.run_walk)
        .map_err(|m| Failure::bad_input(format!("--goal: {m}")))?;
    let level: Level = args
        .level
        .parse()
        .map_err(|m| Failure::bad_input(format!("--level: {m}")))?;
    let horizon = match (args.weeks, args.race_date) {
        (Some(w), _) => Horizon::Weeks(w),
        (None, Some(race)) => Horizon::Race(race),
        (None, None) => Horizon::Needed,
    };
    let request = Request {
        goal,
        level,
        horizon,
        week: week.clone(),
        runs_per_week: args.runs_per_week,
        age,
    };
    match planning::make(&request, settings) {
        Ok(made) => Ok((made.plan, made.said.iter().map(|s| s.say(&flag)).collect())),
        Err(e) if e.is_input() => Err(Failure::bad_input(e.say(&flag))),
        Err(e) => Err(Failure::runtime(e.say(&flag))),
    }
}

/// A knob of the request as the flag that sets it: the planner's messages
/// name what to change, and here it becomes what to type.
fn flag(knob: &Knob) -> String {
    match knob {
        Knob::Weeks(Some(n)) => format!("--weeks {n}"),
        Knob::Weeks(None) => "--weeks N".into(),
        Knob::RaceDate(d) => format!("--race-date {d}"),
        Knob::RunDays(None) => "--run-days".into(),
        Knob::RunDays(Some(d)) => format!("--run-days {d}"),
    }
}

/// "runs at 18:00 on tue and thu, 09:00 on sat", for the days the runner gave
/// no time for.
fn chosen_times(plan: &Plan, week: &WeekPattern) -> Option<String> {
    let mut by_time: Vec<(chrono::NaiveTime, Vec<chrono::Weekday>)> = Vec::new();
    for d in week.run_days.iter().filter(|d| d.window.is_none()) {
        let times: Vec<chrono::NaiveTime> = plan
            .sessions()
            .filter(|(_, s)| s.day == Some(d.day) && s.purpose != Some(Purpose::Cooldown))
            .filter(|(_, s)| s.purpose != Some(Purpose::Race))
            .filter_map(|(_, s)| s.at)
            .collect();
        let Some(&first) = times.first() else {
            continue;
        };
        match by_time.iter_mut().find(|(t, _)| *t == first) {
            Some((_, days)) => days.push(d.day),
            None => by_time.push((first, vec![d.day])),
        }
    }
    if by_time.is_empty() {
        return None;
    }
    let parts: Vec<String> = by_time
        .iter()
        .map(|(t, days)| {
            let names: Vec<&str> = days.iter().map(|d| weekday_name(*d)).collect();
            let names = match names.len() {
                1 => names[0].to_string(),
                n => format!("{} and {}", names[..n - 1].join(", "), names[n - 1]),
            };
            format!("{} on {names}", t.format("%H:%M"))
        })
        .collect();
    Some(format!(
        "runs at {} (no time given: evenings on workdays, mornings at the weekend, clear of your lifts; choose with --run-days tue@07:00 or tue@06:00-08:00)",
        parts.join(", ")
    ))
}

/// The header comment that says how the plan was made.
fn header(start: NaiveDate, race: Option<NaiveDate>) -> String {
    // A TOML comment ends at a line break and may hold no control
    // characters: an argument with either would break the file.
    let args: Vec<String> = std::env::args_os()
        .skip(1)
        .map(|a| {
            let a = safe_text::clean(&a.to_string_lossy()).into_owned();
            if a.is_empty() || a.contains(|c: char| c.is_whitespace() || c == '"') {
                format!("'{a}'")
            } else {
                a
            }
        })
        .collect();
    let race = race
        .map(|r| format!(" The race is on {}.", r.format("%a %-d %b %Y")))
        .unwrap_or_default();
    format!(
        "# Made with: walkrun {}\n# Week 1 starts {}.{race} Edit freely; `walkrun check` this file after.\n\n",
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
/// The file is edited, not rewritten: only `start` changes, and the runner's
/// comments and layout stay.
fn reschedule(args: &PlanArgs, name: &str) -> CmdResult {
    let today = args.today.unwrap_or_else(today);
    let plan_ref = PlanRef::resolve(name);
    let PlanRef::File(path) = &plan_ref else {
        return Err(Failure::bad_input(format!(
            "--reschedule {name}: a built-in program has no dates; place it first with `walkrun plan --program {name} -o plan.toml`"
        )));
    };
    let shown = path.display().to_string();
    let text = plan::read_text(path)?;
    let plan = Plan::from_toml(&text, &shown)?;
    let plan_name = safe_text::clean(&plan.name);
    if plan.start.is_none() {
        return Err(Failure::bad_input(format!(
            "--reschedule {shown}: the plan has no start date to move; place it with `walkrun plan --program {shown} -o plan.toml`"
        )));
    }
    let history = Journal::at(history::data_dir()?).read()?;
    let entries = history.for_plan(&plan_ref.key(), &plan.name);
    let decision = coach::next_session(&plan, &entries, today);
    let Some(next) = decision.next else {
        outln!("{plan_name}: complete, nothing to move")?;
        return Ok(0);
    };
    let moved = placing::reschedule(&plan, next, today).ok_or_else(|| {
        Failure::bad_input(format!("--reschedule {shown}: {next} has no day to keep"))
    })?;
    // A move years ahead is a typo, and the dates written must stay ones the
    // file can hold and read back. A plan that already starts that far ahead
    // is not moved at all: it is on schedule.
    if let Some(moved_start) = moved.start.filter(|s| Some(*s) != plan.start) {
        let ahead = (moved_start - super::use_plan::today()).num_days();
        if ahead > HORIZON_WEEKS * 7 {
            return Err(Failure::bad_input(format!(
                "--reschedule {shown}: moving {next} to {today} would start week 1 on {moved_start}, {} weeks from today: expected a date within {HORIZON_WEEKS} weeks",
                ahead / 7
            )));
        }
    }
    // Weeks move whole and keep their days and times, so the rules find what
    // they found before: a plan that already broke one is still moved (and
    // told so), and only a finding the move itself brings stops it.
    let settings = Settings::from_plan(&plan, &shown)?;
    let before = rules::check(&plan, &settings);
    let after = rules::check(&moved, &settings);
    let known = |f: &rules::Finding| {
        before
            .findings
            .iter()
            .any(|b| b.rule == f.rule && b.severity == f.severity && b.address == f.address)
    };
    if let Some(f) = after
        .findings
        .iter()
        .find(|f| f.severity == Severity::Error && !known(f))
    {
        return Err(Failure::bad_input(format!(
            "--reschedule {shown}: moving {next} to {today} or later would break {f}; the plan is left as it was"
        )));
    }
    let moved_start = moved.start.unwrap_or(today);
    let target = args.output.clone().unwrap_or_else(|| path.clone());
    let on_schedule = plan.start == moved.start;
    if !on_schedule || args.output.is_some() {
        let edited = plan::move_start(&text, &shown, moved_start)?;
        let note = format!(
            "# Rescheduled by walkrun on {today}: {next} moved to {}.\n",
            moved
                .session_date(next)
                .map_or_else(String::new, |d| d.format("%a %-d %b %Y").to_string()),
        );
        // One such line at the top, the latest: the runner's own comments
        // below it stay as they are.
        let body = match edited.split_once('\n') {
            Some((first, rest)) if first.starts_with("# Rescheduled by walkrun on ") => rest,
            _ => edited.as_str(),
        };
        let out = if on_schedule {
            edited.clone()
        } else {
            format!("{note}{body}")
        };
        // toml_edit writes bare newlines; a file kept with Windows line
        // endings keeps them.
        let out = if text.contains("\r\n") {
            out.replace("\r\n", "\n").replace('\n', "\r\n")
        } else {
            out
        };
        atomic_file::write(&target, out.as_bytes())?;
    }
    if on_schedule {
        outln!("{plan_name}: on schedule, nothing to move")?;
    } else {
        outln!(
            "{plan_name}: {next} is now on {}; week 1 now starts {moved_start} (written to {})",
            moved
                .session_date(next)
                .map_or_else(String::new, |d| d.format("%a %-d %b").to_string()),
            target.display()
        )?;
    }
    let (errors, warnings) = (
        before.count(Severity::Error),
        before.count(Severity::Warning),
    );
    if errors + warnings > 0 {
        eprintln!(
            "walkrun: note: the plan already breaks rules ({}, {}), moved or not; see `walkrun check {}`",
            count(errors, "error"),
            count(warnings, "warning"),
            target.display()
        );
    }
    Ok(0)
}
