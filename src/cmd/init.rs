//! `walkrun init`: the first run. On a terminal it asks what a coach would ask
//! (age, what you can run today, goal, by when, lifts and leg day, when you are
//! free), shows the plan it would make, then writes the profile and the plan
//! and makes the plan current. Every question has a flag; with the three that
//! have no sensible default (--age, --level, --goal) it needs no terminal.

use std::io::IsTerminal;

use chrono::{Datelike, Days, NaiveDate, Weekday};
use inquire::validator::Validation;
use inquire::{Confirm, CustomType, InquireError, MultiSelect, Select, Text};
use walkrun::config::{Profile, RunDay, Set};
use walkrun::cues::speech::Talk;
use walkrun::export::{main_set, plan_id, words};
use walkrun::plan::pace::Pace;
use walkrun::plan::{parse_time, weekday_name, Lift, Plan, Priority, AGES, LIFT_MINUTES};
use walkrun::planning::engine::MAX_WEEKS;
use walkrun::planning::placing::WeekPattern;
use walkrun::planning::request::{self, Built, PlanRequest, Source};
use walkrun::planning::{engine, Horizon, Said};

use super::settings::{self, next_monday};
use super::{CmdResult, Ctx, Failure, PlanOutput};
use crate::cli::{parse_date, GoalArgs, InitArgs, OutputFormat};

/// What the answers fill in.
struct Answers {
    age: u32,
    level: String,
    goal: String,
    run_walk: bool,
    weeks: Option<usize>,
    race_date: Option<NaiveDate>,
    start: NaiveDate,
    lifts: Vec<Lift>,
    run_days: Vec<RunDay>,
    priority: Option<Priority>,
    /// How much the coach says; `None` keeps the profile's.
    talk: Option<Talk>,
    /// The runner's easy pace; `None` keeps the profile's (or none).
    pace: Option<Pace>,
}

const FLAGS_HINT: &str = "walkrun init asks its questions on a terminal; without one, give the answers as flags: \
     walkrun init --age 47 --level 'run 1m' --goal 5k [--weeks 12 | --race-date 2027-05-01] \
     [--lift mon@07:00:legs ... | --no-lifts] [--run-days tue,thu@18:00-20:00,sat] [--priority endurance] \
     [--pace 8:00/km] [--talk quiet|normal|chatty] [-o plan.toml]";

pub fn run(args: &InitArgs, ctx: &mut Ctx) -> CmdResult {
    let flags = &args.goal;
    let terminal = std::io::stdin().is_terminal() && std::io::stderr().is_terminal();
    if !terminal && (flags.age.is_none() || flags.level.is_none() || flags.goal.is_none()) {
        return Err(Failure::bad_input(FLAGS_HINT));
    }
    let old = ctx.profile()?.clone();
    let config_path = ctx.config_path()?.to_path_buf();
    let today = ctx.clock.today();
    let world_today = ctx.world_today;
    loop {
        let answers = if terminal {
            ask(args, &old, today)?
        } else {
            from_flags(args, &old, ctx)?
        };
        let you = new_profile(&answers, &old);
        let pace = answers.pace.or(old.pace.as_ref().map(|p| p.value));
        // No pace known, from the answers, the profile or the journal: the
        // plan opens with a time trial.
        let trial = match pace {
            Some(_) => None,
            None => settings::time_trial_unit(None, ctx)?,
        };
        let (req, mut built) = match make(&answers, flags, pace, trial, world_today) {
            Ok(made) => made,
            Err(f) if terminal => {
                eprintln!("walkrun: {}", f.message);
                eprintln!("Let's try other answers.\n");
                continue;
            }
            Err(f) => return Err(f),
        };
        let plan_path = match &args.output {
            Some(p) => p.clone(),
            None => ctx
                .data_dir()?
                .join("plans")
                .join(format!("{}.toml", plan_id(&built.plan.name))),
        };
        let width = text_width();
        let mut closing = summary(&answers, &built.plan);
        if let Some(unused) = unused_days(&answers, &built.plan) {
            closing.push(' ');
            closing.push_str(&unused);
        }
        outln!("\n{}\n", textwrap::fill(&closing, width))?;
        let week_lines = textwrap::Options::new(width)
            .initial_indent("  ")
            .subsequent_indent("            ");
        for line in weeks(&built.plan) {
            outln!("{}", textwrap::fill(&line, &week_lines))?;
        }
        outln!()?;
        // init says the doctor's check with its questions, before anything
        // is written, rather than as the planner's note after.
        built.said.retain(|s| *s != Said::DoctorFirst);
        // A question's second line goes under its text, not under its dash.
        let question = textwrap::Options::new(width).subsequent_indent("    ");
        for line in screening(answers.age) {
            let wrapped = if line.starts_with("  - ") {
                textwrap::fill(&line, &question)
            } else {
                textwrap::fill(&line, width)
            };
            outln!("{wrapped}")?;
        }
        outln!()?;
        if terminal {
            let go = Confirm::new(&format!(
                "Write your profile to {} and the plan to {}, and make it your current plan?",
                config_path.display(),
                plan_path.display()
            ))
            .with_default(true)
            .prompt()
            .map_err(cancelled)?;
            if !go {
                outln!("Nothing written.")?;
                return Ok(0);
            }
        }
        for dir in [config_path.parent(), plan_path.parent()]
            .into_iter()
            .flatten()
        {
            if !dir.as_os_str().is_empty() {
                std::fs::create_dir_all(dir).map_err(|e| {
                    Failure::runtime(format!("{}: cannot create: {e}", dir.display()))
                })?;
            }
        }
        walkrun::sys::atomic_file::write(&config_path, you.to_toml().as_bytes())?;
        eprintln!("walkrun: wrote your profile to {}", config_path.display());
        super::write_plan(
            ctx,
            &req,
            &built,
            PlanOutput {
                path: Some(&plan_path),
                format: OutputFormat::Text,
                make_current: true,
            },
        )?;
        let first = built
            .plan
            .session_date(walkrun::Address {
                week: 1,
                session: 1,
            })
            .map(|d| format!(", {}", d.format("%a %-d %b")))
            .unwrap_or_default();
        let last = format!(
            "Your first session{first}: `walkrun run`. See it in your calendar: `walkrun export --ics plan.ics`."
        );
        outln!("{}", textwrap::fill(&last, width))?;
        return Ok(0);
    }
}

fn cancelled(e: InquireError) -> Failure {
    match e {
        InquireError::OperationCanceled | InquireError::OperationInterrupted => Failure {
            code: 130,
            message: "init cancelled; nothing written".to_string(),
        },
        InquireError::NotTTY => Failure::bad_input(FLAGS_HINT),
        e => Failure::runtime(format!("cannot ask: {e}")),
    }
}

/// The width init's words wrap at, so no word is cut at the terminal's
/// edge: one column short of it, where some terminals wrap.
fn text_width() -> usize {
    super::chart_style().width.max(20) - 1
}

/// The answers the flags give, the old profile filling in the rest. Only
/// called with --age, --level and --goal given (see [`run`]).
fn from_flags(args: &InitArgs, old: &Profile, ctx: &Ctx) -> Result<Answers, Failure> {
    let flags = &args.goal;
    Ok(Answers {
        age: flags.age.unwrap_or(40),
        level: flags
            .level
            .clone()
            .unwrap_or_else(|| crate::cli::DEFAULT_LEVEL.into()),
        goal: flags.goal.clone().unwrap_or_else(|| "5k".into()),
        run_walk: flags.run_walk,
        weeks: flags.weeks,
        race_date: flags.race_date.map(|d| ctx.clock.date(d)).transpose()?,
        start: match flags.start {
            Some(d) => ctx.clock.date(d)?,
            None => next_monday(ctx.clock.today()),
        },
        lifts: if args.no_lifts {
            Vec::new()
        } else {
            settings::lifts(&flags.lifts, old)
        },
        // None named, none in the profile: the planner chooses around the
        // lifts, as `walkrun plan` does.
        run_days: settings::plan_run_days(&flags.run_days, old),
        priority: settings::priority(flags.priority, old),
        talk: args.talk.map(|t| settings::talk(Some(t), old)),
        pace: args.pace,
    })
}

const GOALS: &[(&str, &str, bool)] = &[
    ("5K: 30 minutes of running without stopping", "5k", false),
    ("5K with walk breaks (run 4 min, walk 1 min)", "5k", true),
    ("10K: an hour of running", "10k", false),
    ("Half marathon, with walk breaks", "half", true),
];

const DAYS: [Weekday; 7] = [
    Weekday::Mon,
    Weekday::Tue,
    Weekday::Wed,
    Weekday::Thu,
    Weekday::Fri,
    Weekday::Sat,
    Weekday::Sun,
];

/// "Monday", as chrono writes a day's name.
fn day_word(d: Weekday) -> String {
    // Any week has every day: the first ISO week of 2001 stands in.
    NaiveDate::from_isoywd_opt(2001, 1, d)
        .map_or_else(|| d.to_string(), |date| date.format("%A").to_string())
}

/// The questions, skipping any a flag answers (the answers to the flags'
/// dates count from `today`).
fn ask(args: &InitArgs, old: &Profile, today: NaiveDate) -> Result<Answers, Failure> {
    // Dates a flag gives are resolved as the flags' are; a question's
    // answer is checked as it is typed.
    let date = |d: Option<crate::cli::DateArg>| {
        d.map(|d| d.on(today).map_err(Failure::bad_input))
            .transpose()
    };
    let race_flag = date(args.goal.race_date)?;
    let start_flag = date(args.goal.start)?;
    ask_all(args, old, today, race_flag, start_flag).map_err(cancelled)
}

/// The questions in order; Esc on one goes back to the one before.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Step {
    Age,
    Level,
    Pace,
    Goal,
    ByWhen,
    Start,
    Lifts,
    RunDays,
    Priority,
    Talk,
}

const STEPS: [Step; 10] = [
    Step::Age,
    Step::Level,
    Step::Pace,
    Step::Goal,
    Step::ByWhen,
    Step::Start,
    Step::Lifts,
    Step::RunDays,
    Step::Priority,
    Step::Talk,
];

/// A later question of a step, where Esc asks the step again from its first
/// question: `None` for Esc.
fn again<T>(answer: Result<T, InquireError>) -> Result<Option<T>, InquireError> {
    match answer {
        Ok(v) => Ok(Some(v)),
        Err(InquireError::OperationCanceled) => Ok(None),
        Err(e) => Err(e),
    }
}

fn ask_all(
    args: &InitArgs,
    old: &Profile,
    today: NaiveDate,
    race_flag: Option<NaiveDate>,
    start_flag: Option<NaiveDate>,
) -> Result<Answers, InquireError> {
    let flags: &GoalArgs = &args.goal;
    let width = text_width();
    eprintln!(
        "{}\n",
        textwrap::fill(
            "A few questions, as a coach would ask them. Esc goes back a question, \
             Ctrl-C cancels; nothing is written until the end.",
            width
        )
    );
    let mut a = Answers {
        age: flags
            .age
            .or(old.age.as_ref().map(|a| a.value))
            .unwrap_or(40),
        level: flags
            .level
            .clone()
            .unwrap_or_else(|| crate::cli::DEFAULT_LEVEL.into()),
        goal: flags.goal.clone().unwrap_or_else(|| "5k".into()),
        run_walk: flags.run_walk,
        weeks: flags.weeks,
        race_date: race_flag,
        start: start_flag.unwrap_or_else(|| next_monday(today)),
        lifts: if args.no_lifts {
            Vec::new()
        } else {
            flags.lifts.clone()
        },
        run_days: flags.run_days.clone(),
        priority: flags.priority,
        talk: args.talk.map(|t| settings::talk(Some(t), old)),
        pace: args.pace,
    };
    // The steps asked so far, to go back through.
    let mut asked: Vec<usize> = Vec::new();
    let mut i = 0;
    // Once answered, the age is the default when the runner comes back to it.
    let mut age_seen = old.age.is_some();
    while let Some(&step) = STEPS.get(i) {
        let answered = match step {
            Step::Age => flags.age.is_none().then(|| {
                let asked = ask_age(&mut a, age_seen);
                age_seen = true;
                asked
            }),
            Step::Level => flags.level.is_none().then(|| ask_level(&mut a)),
            Step::Pace => args.pace.is_none().then(|| ask_pace(&mut a, old)),
            Step::Goal => flags.goal.is_none().then(|| ask_goal(&mut a)),
            Step::ByWhen => {
                (flags.weeks.is_none() && race_flag.is_none()).then(|| ask_by_when(&mut a, today))
            }
            Step::Start => start_flag.is_none().then(|| ask_start(&mut a, today)),
            Step::Lifts => (!args.no_lifts && flags.lifts.is_empty())
                .then(|| ask_lifts(old).map(|l| l.map(|l| a.lifts = l))),
            Step::RunDays => flags
                .run_days
                .is_empty()
                .then(|| ask_run_days(old, &a.lifts, today).map(|d| d.map(|d| a.run_days = d))),
            Step::Priority => flags.priority.is_none().then(|| ask_priority(&mut a, old)),
            Step::Talk => args.talk.is_none().then(|| ask_talk(&mut a, old)),
        };
        match answered {
            // Answered by a flag: not asked, and not gone back to.
            None => i += 1,
            Some(Ok(Some(()))) => {
                asked.push(i);
                i += 1;
            }
            // Esc on a later question of the step: the step again.
            Some(Ok(None)) => {}
            Some(Err(InquireError::OperationCanceled)) => match asked.pop() {
                Some(before) => i = before,
                None => return Err(InquireError::OperationCanceled),
            },
            Some(Err(e)) => return Err(e),
        }
    }
    Ok(a)
}

/// What a step's question gives: `Some(())` answered, `None` to ask again.
type Asked = Result<Option<()>, InquireError>;

fn ask_age(a: &mut Answers, with_default: bool) -> Asked {
    let mut q = CustomType::<u32>::new("How old are you?")
        .with_help_message(
            "from 40, every fourth week is lighter: masters runners recover better that way",
        )
        .with_error_message("a whole number of years, please")
        .with_validator(|a: &u32| {
            Ok(if AGES.contains(a) {
                Validation::Valid
            } else {
                Validation::Invalid(
                    format!("between {} and {}, please", AGES.start(), AGES.end()).into(),
                )
            })
        });
    if with_default {
        q = q.with_default(a.age);
    }
    a.age = q.prompt()?;
    Ok(Some(()))
}

/// The levels offered, in minutes of running without stopping (0: not yet):
/// the steps a beginner's first weeks make.
const LEVEL_MINUTES: [u32; 10] = [0, 1, 2, 3, 5, 8, 10, 15, 20, 30];
/// The longest a typed level may be, in minutes.
const MAX_LEVEL_MINUTES: u32 = 180;

fn level_label(minutes: u32) -> String {
    match minutes {
        0 => "Nothing yet: I walk".to_string(),
        1 => "1 minute".to_string(),
        30 => "30 minutes or more".to_string(),
        m => format!("{m} minutes"),
    }
}

/// A level typed or picked: `walk` (or 0), or a number, which is minutes
/// ("2" is 2 minutes, "8 minutes" 8). The level in the steps grammar.
fn typed_level(text: &str) -> Result<String, String> {
    let t = text.trim().to_ascii_lowercase();
    if t == "walk" || t.starts_with("nothing") {
        return Ok("walk".to_string());
    }
    let number = t.split_whitespace().next().unwrap_or("");
    match number.parse::<u32>() {
        Ok(0) => Ok("walk".to_string()),
        Ok(m) if m <= MAX_LEVEL_MINUTES => Ok(format!("run {m}m")),
        _ => Err(format!(
            "the minutes you can run without stopping, like 2 or 15 (at most {MAX_LEVEL_MINUTES}), or 0 if you walk for now"
        )),
    }
}

/// The level question's default, from the level answered before (or the
/// flags' default): "1 minute" for `run 1m`.
fn level_default(level: &str) -> String {
    if level == "walk" {
        return level_label(0);
    }
    let minutes = level
        .strip_prefix("run ")
        .and_then(|m| m.strip_suffix('m'))
        .and_then(|m| m.parse::<u32>().ok());
    match minutes {
        Some(m) if LEVEL_MINUTES.contains(&m) => level_label(m),
        Some(m) => format!("{m} minutes"),
        None => level_label(1),
    }
}

/// The level menu under the question: every level, or those a typed word
/// matches; a typed number matches only its own minutes (2 is not 20).
#[derive(Debug, Clone)]
struct LevelMenu;

impl inquire::Autocomplete for LevelMenu {
    fn get_suggestions(&mut self, input: &str) -> Result<Vec<String>, inquire::CustomUserError> {
        let t = input.trim().to_ascii_lowercase();
        let labels = LEVEL_MINUTES.iter().map(|&m| (m, level_label(m)));
        Ok(match t.parse::<u32>() {
            Ok(n) => labels.filter(|(m, _)| *m == n).map(|(_, l)| l).collect(),
            Err(_) => labels
                .filter(|(_, l)| l.to_ascii_lowercase().contains(&t))
                .map(|(_, l)| l)
                .collect(),
        })
    }

    fn get_completion(
        &mut self,
        _: &str,
        highlighted: Option<String>,
    ) -> Result<inquire::autocompletion::Replacement, inquire::CustomUserError> {
        Ok(highlighted)
    }
}

fn ask_level(a: &mut Answers) -> Asked {
    let text = Text::new("How long can you run today without stopping?")
        .with_autocomplete(LevelMenu)
        .with_page_size(LEVEL_MINUTES.len())
        .with_default(&level_default(&a.level))
        .with_help_message(
            "type the minutes (2 is 2 minutes) or pick with ↑↓; 0 if you walk for now",
        )
        .with_validator(|t: &str| {
            Ok(match typed_level(t) {
                Ok(_) => Validation::Valid,
                Err(m) => Validation::Invalid(m.into()),
            })
        })
        .prompt()?;
    a.level = typed_level(&text).unwrap_or_else(|_| crate::cli::DEFAULT_LEVEL.into());
    Ok(Some(()))
}

/// The runner's easy pace, optional: a race plan then runs the race's
/// distance at it (a 5K at 8:00/km is 40 minutes, not 30). Enter skips.
fn ask_pace(a: &mut Answers, old: &Profile) -> Asked {
    let known = a.pace.or(old.pace.as_ref().map(|p| p.value));
    let mut q = Text::new("Your easy running pace, if you know it?")
        .with_help_message("M:SS a km or a mile, like 8:00/km; Enter skips if you don't know")
        .with_validator(|t: &str| {
            Ok(match t.trim() {
                "" => Validation::Valid,
                t => match t.parse::<Pace>() {
                    Ok(_) => Validation::Valid,
                    Err(e) => Validation::Invalid(e.to_string().into()),
                },
            })
        });
    let shown = known.map(|p| p.to_string());
    if let Some(p) = &shown {
        q = q.with_default(p);
    }
    let text = q.prompt()?;
    a.pace = text.trim().parse::<Pace>().ok();
    Ok(Some(()))
}

fn ask_goal(a: &mut Answers) -> Asked {
    let names: Vec<&str> = GOALS.iter().map(|g| g.0).collect();
    let pick = Select::new("What is your goal?", names).prompt()?;
    let g = GOALS.iter().find(|g| g.0 == pick).unwrap_or(&GOALS[0]);
    (a.goal, a.run_walk) = (g.1.to_string(), g.2);
    Ok(Some(()))
}

fn ask_by_when(a: &mut Answers, today: NaiveDate) -> Asked {
    let text = Text::new(
        "By when? A race date (YYYY-MM-DD), a number of weeks, or Enter for no deadline:",
    )
    .with_validator(move |t: &str| {
        Ok(match by_when(t, today) {
            Ok(_) => Validation::Valid,
            Err(m) => Validation::Invalid(m.into()),
        })
    })
    .prompt()?;
    (a.weeks, a.race_date) = by_when(&text, today).unwrap_or((None, None));
    Ok(Some(()))
}

fn ask_start(a: &mut Answers, today: NaiveDate) -> Asked {
    let default = next_monday(today);
    let text = Text::new("When do you start? (YYYY-MM-DD)")
        .with_default(&default.format("%Y-%m-%d").to_string())
        .with_validator(move |t: &str| {
            Ok(match typed_date(t, today) {
                Ok(_) => Validation::Valid,
                Err(m) => Validation::Invalid(m.into()),
            })
        })
        .prompt()?;
    a.start = typed_date(&text, today).unwrap_or(default);
    Ok(Some(()))
}

/// How much the coach should talk during a run, the profile's answer (else
/// normal) offered first.
fn ask_talk(a: &mut Answers, old: &Profile) -> Asked {
    const TALK: [(&str, Talk); 3] = [
        (
            "Quiet: each change and the time left, little else",
            Talk::Quiet,
        ),
        (
            "Normal: also what the session is, and a word every few minutes in long runs",
            Talk::Normal,
        ),
        (
            "Chatty: also encouragement in the shorter runs",
            Talk::Chatty,
        ),
    ];
    let now = a
        .talk
        .or(old.talk.as_ref().map(|t| t.value))
        .unwrap_or(Talk::Normal);
    let names: Vec<&str> = TALK.iter().map(|t| t.0).collect();
    let pick = Select::new("How much should the coach talk during a run?", names)
        .with_starting_cursor(TALK.iter().position(|t| t.1 == now).unwrap_or(1))
        .prompt()?;
    a.talk = Some(TALK.iter().find(|t| t.0 == pick).map_or(now, |t| t.1));
    Ok(Some(()))
}

fn ask_priority(a: &mut Answers, old: &Profile) -> Asked {
    let shared = a
        .run_days
        .iter()
        .any(|r| a.lifts.iter().any(|l| l.day == r.day));
    if !shared {
        a.priority = old.priority.as_ref().map(|p| p.value);
        // Not asked: nothing to go back to.
        return Ok(Some(()));
    }
    let pick = Select::new(
        "When a run and a lift fall on one day, which matters more to you?",
        vec![
            "Running: run first, keep them 6 hours apart",
            "Strength: lift first, keep the run short",
        ],
    )
    .prompt()?;
    a.priority = Some(if pick.starts_with("Strength") {
        Priority::Strength
    } else {
        Priority::Endurance
    });
    Ok(Some(()))
}

/// A date typed at a question: `YYYY-MM-DD`, `today` or `tomorrow`.
fn typed_date(text: &str, today: NaiveDate) -> Result<NaiveDate, String> {
    parse_date(text.trim())?.on(today)
}

/// `2027-05-01` (a race), `12` or `12 weeks`, or nothing (no deadline).
fn by_when(text: &str, today: NaiveDate) -> Result<(Option<usize>, Option<NaiveDate>), String> {
    let t = text.trim();
    if t.is_empty() {
        return Ok((None, None));
    }
    if let Ok(date) = typed_date(t, today) {
        return Ok((None, Some(date)));
    }
    let n = t.trim_end_matches("weeks").trim_end_matches("week").trim();
    match n.parse::<usize>() {
        Ok(w) if (2..=MAX_WEEKS).contains(&w) => Ok((Some(w), None)),
        _ => Err(format!(
            "a date like 2027-05-01, a number of weeks from 2 to {MAX_WEEKS}, or nothing"
        )),
    }
}

/// The lifts; `None` for Esc after the first question (the days).
fn ask_lifts(old: &Profile) -> Result<Option<Vec<Lift>>, InquireError> {
    let had: Vec<Lift> = old
        .lifts
        .as_ref()
        .map_or_else(Vec::new, |l| l.value.clone());
    let defaults: Vec<usize> = DAYS
        .iter()
        .enumerate()
        .filter(|(_, d)| had.iter().any(|l| l.day == **d))
        .map(|(i, _)| i)
        .collect();
    let names: Vec<String> = DAYS.iter().map(|d| day_word(*d)).collect();
    let picked = MultiSelect::new(
        "Which days do you lift? (Space picks, Enter when done; none is fine)",
        names,
    )
    .with_default(&defaults)
    .prompt()?;
    let days: Vec<Weekday> = DAYS
        .iter()
        .copied()
        .filter(|d| picked.contains(&day_word(*d)))
        .collect();
    if days.is_empty() {
        return Ok(Some(Vec::new()));
    }
    let mut lifts = Vec::new();
    let mut last = "07:00".to_string();
    for day in &days {
        let before = had
            .iter()
            .find(|l| l.day == *day)
            .map_or(last.clone(), |l| l.at.format("%H:%M").to_string());
        let Some(at) = again(
            Text::new(&format!(
                "What time do you start lifting on {}? (HH:MM)",
                day_word(*day)
            ))
            .with_default(&before)
            .with_validator(|t: &str| {
                Ok(match parse_time(t.trim()) {
                    Ok(_) => Validation::Valid,
                    Err(m) => Validation::Invalid(m.into()),
                })
            })
            .prompt(),
        )?
        else {
            return Ok(None);
        };
        last = at.trim().to_string();
        lifts.push(Lift {
            day: *day,
            at: parse_time(at.trim()).unwrap_or_default(),
            minutes: walkrun::plan::DEFAULT_LIFT_MINUTES,
            legs: false,
        });
    }
    let Some(minutes) = again(
        CustomType::<u32>::new("How long is a lift session, in minutes?")
            .with_default(
                had.first()
                    .map_or(walkrun::plan::DEFAULT_LIFT_MINUTES, |l| l.minutes),
            )
            .with_validator(|m: &u32| {
                Ok(if LIFT_MINUTES.contains(m) {
                    Validation::Valid
                } else {
                    Validation::Invalid(
                        format!(
                            "from {} to {} minutes, please",
                            LIFT_MINUTES.start(),
                            LIFT_MINUTES.end()
                        )
                        .into(),
                    )
                })
            })
            .prompt(),
    )?
    else {
        return Ok(None);
    };
    let mut options: Vec<String> = days.iter().map(|d| day_word(*d)).collect();
    options.push("None of them is heavy on the legs".into());
    let start = had
        .iter()
        .find(|l| l.legs)
        .and_then(|l| days.iter().position(|d| *d == l.day))
        .unwrap_or(0);
    let Some(legs) = again(
        Select::new(
            "Which is your heavy leg day? (no long run goes on it or the day after)",
            options,
        )
        .with_starting_cursor(start)
        .prompt(),
    )?
    else {
        return Ok(None);
    };
    for l in &mut lifts {
        l.minutes = minutes;
        l.legs = day_word(l.day) == legs;
    }
    Ok(Some(lifts))
}

fn ask_run_days(
    old: &Profile,
    lifts: &[Lift],
    today: NaiveDate,
) -> Result<Option<Vec<RunDay>>, InquireError> {
    // Offered: the profile's days, else the planner's own choice around the
    // lifts just given (lift-free days first).
    let had: Vec<Weekday> = match &old.run_days {
        Some(days) => days.value.iter().map(|r| r.day).collect(),
        None => settings::suggested_run_days(lifts, today),
    };
    let defaults: Vec<usize> = DAYS
        .iter()
        .enumerate()
        .filter(|(_, d)| had.contains(d))
        .map(|(i, _)| i)
        .collect();
    let names: Vec<String> = DAYS.iter().map(|d| day_word(*d)).collect();
    let lift_days: Vec<&str> = lifts.iter().map(|l| weekday_name(l.day)).collect();
    let help = if lift_days.is_empty() {
        "three days with a rest day between them suit most beginners".to_string()
    } else {
        format!(
            "days without a lift ({} are taken) are best; three with a rest day between them suit most beginners",
            lift_days.join(", ")
        )
    };
    let picked = MultiSelect::new("Which days are you free to run?", names)
        .with_default(&defaults)
        .with_help_message(&help)
        .with_validator(|p: &[inquire::list_option::ListOption<&String>]| {
            Ok(if p.is_empty() {
                Validation::Invalid("pick at least one day".into())
            } else {
                Validation::Valid
            })
        })
        .prompt()?;
    let mut days = Vec::new();
    for day in DAYS
        .iter()
        .copied()
        .filter(|d| picked.contains(&day_word(*d)))
    {
        let before = old
            .run_days
            .iter()
            .flat_map(|days| days.value.iter())
            .find(|r| r.day == day)
            .and_then(|r| r.window)
            .map(|(a, b)| format!("{}-{}", a.format("%H:%M"), b.format("%H:%M")));
        let question = format!(
            "When are you free on {}? (HH:MM-HH:MM, or Enter for any time)",
            day_word(day)
        );
        let mut q = Text::new(&question).with_validator(move |t: &str| {
            Ok(match window(day, t) {
                Ok(_) => Validation::Valid,
                Err(m) => Validation::Invalid(m.into()),
            })
        });
        if let Some(b) = &before {
            q = q.with_initial_value(b);
        }
        let Some(text) = again(q.prompt())? else {
            return Ok(None);
        };
        days.push(window(day, &text).unwrap_or(RunDay { day, window: None }));
    }
    Ok(Some(days))
}

fn window(day: Weekday, text: &str) -> Result<RunDay, String> {
    let t = text.trim();
    if t.is_empty() {
        return Ok(RunDay { day, window: None });
    }
    format!("{}@{t}", weekday_name(day)).parse()
}

/// The profile the answers make, keeping what init does not ask about.
fn new_profile(a: &Answers, old: &Profile) -> Profile {
    let set = |value| Some(Set { value, line: 0 });
    Profile {
        lifts: if a.lifts.is_empty() {
            None
        } else {
            set(a.lifts.clone())
        },
        // None given: the profile says nothing, and each plan chooses its
        // days around the lifts (an empty list is no day at all).
        run_days: (!a.run_days.is_empty()).then(|| Set {
            value: a.run_days.clone(),
            line: 0,
        }),
        age: Some(Set {
            value: a.age,
            line: 0,
        }),
        priority: a.priority.map(|value| Set { value, line: 0 }),
        voice: old.voice.clone(),
        music: old.music.clone(),
        talk: match a.talk {
            Some(value) => Some(Set { value, line: 0 }),
            None => old.talk.clone(),
        },
        max_hr: old.max_hr.clone(),
        pace: match a.pace {
            Some(value) => Some(Set { value, line: 0 }),
            None => old.pace.clone(),
        },
    }
}

/// The plan the answers make, and the request it was made from. The
/// answers stand in for the profile: they are what init writes to it.
fn make(
    a: &Answers,
    flags: &GoalArgs,
    pace: Option<Pace>,
    time_trial: Option<walkrun::plan::pace::Unit>,
    world_today: NaiveDate,
) -> Result<(PlanRequest, Built), Failure> {
    settings::check_start(a.start, world_today)?;
    let goal = settings::goal(&a.goal, a.run_walk, flags.ratio)?;
    // A race is a distance: at the runner's pace, its time.
    let goal = match pace {
        Some(p) => goal.at_pace(p),
        None => goal,
    };
    let mut req = PlanRequest {
        source: Source::Goal {
            goal,
            level: settings::level(&a.level)?,
            horizon: settings::horizon(a.weeks, a.race_date),
            runs_per_week: flags.runs_per_week,
        },
        week: WeekPattern {
            start: a.start,
            run_days: a.run_days.clone(),
            lifts: a.lifts.clone(),
            priority: a.priority,
            cooldown_jog: flags.cooldown_jog,
        },
        age: Some(a.age),
        time_trial,
    };
    let built = match (a.weeks, a.race_date) {
        (None, None) => no_deadline(&mut req)?,
        _ => request::build(&req)?,
    };
    Ok((req, built))
}

/// With no deadline: the fewest weeks the rules allow, and a quarter more, so
/// that a week can be repeated without falling behind.
fn no_deadline(req: &mut PlanRequest) -> Result<Built, Failure> {
    let weeks_of = |req: &mut PlanRequest, weeks| {
        if let Source::Goal { horizon, .. } = &mut req.source {
            *horizon = Horizon::Weeks(weeks);
        }
    };
    let mut first_error = None;
    for weeks in 2..=MAX_WEEKS {
        weeks_of(req, weeks);
        match request::build(req) {
            Ok(_) => {
                weeks_of(req, (weeks + weeks.div_ceil(4)).min(MAX_WEEKS));
                return Ok(request::build(req)?);
            }
            Err(e) => {
                first_error.get_or_insert(Failure::from(e));
            }
        }
    }
    Err(first_error.unwrap_or_else(|| Failure::bad_input("no plan fits these answers")))
}

/// The questions to answer before starting, short and in the spirit of the
/// PAR-Q+ (the physical activity readiness questionnaire), and the doctor's
/// check they (or an age past 60, as the NHS Couch to 5K says) call for.
fn screening(age: u32) -> Vec<String> {
    const QUESTIONS: [&str; 6] = [
        "Has a doctor ever said you have a heart condition or high blood pressure?",
        "Do you feel pain in your chest at rest, in daily life or when you are active?",
        "Do you lose your balance from dizziness, or have you fainted in the last year?",
        "Do you have another long-term condition, or take medicine for one?",
        "Do you have a bone, joint or muscle problem that more activity could make worse?",
        "Has a doctor said you should only exercise under medical supervision?",
    ];
    let mut out = vec!["Before you start, answer these for yourself:".to_string()];
    out.extend(QUESTIONS.iter().map(|q| format!("  - {q}")));
    out.push(if engine::gentler_for_age(Some(age)) {
        "Past 60, a doctor's check before you start is wise whatever your answers, as the NHS Couch to 5K advises; with a yes, see your doctor before your first session and show them the plan.".to_string()
    } else {
        "With a yes, see your doctor before your first session and show them the plan.".to_string()
    });
    out
}

/// The one-paragraph summary a coach would give.
fn summary(a: &Answers, plan: &Plan) -> String {
    let weeks = plan.weeks.len();
    let runs = plan.weeks.first().map_or(0, |w| w.sessions.len());
    let days: Vec<String> = plan
        .weeks
        .first()
        .map(|w| {
            w.sessions
                .iter()
                .filter_map(|s| s.day)
                .map(short_day)
                .collect()
        })
        .unwrap_or_default();
    let first = plan
        .weeks
        .first()
        .and_then(|w| w.sessions.first())
        .map(|s| words::session(&main_set(&s.steps)))
        .unwrap_or_default();
    let last = plan
        .weeks
        .last()
        .and_then(|w| w.sessions.last())
        .map(|s| words::session(&main_set(&s.steps)))
        .unwrap_or_default();
    let end = a.start + Days::new(7 * weeks as u64 - 1);
    let mut p = format!(
        "{}: {} from {} to {}, {} a week ({}). You start with \"{first}\" and finish with \"{last}\". Each week's running grows by no more than the rules allow",
        plan.name,
        walkrun::words::count(weeks, "week"),
        a.start.format("%a %-d %b %Y"),
        end.format("%a %-d %b %Y"),
        walkrun::words::count(runs, "run"),
        days.join(", "),
    );
    if a.age >= 40 {
        p.push_str(&format!(
            ", and every fourth week is lighter because at {} you recover better that way",
            a.age
        ));
    }
    p.push('.');
    if let Some(race) = a.race_date {
        p.push_str(&format!(
            " The last week eases off before your race on {}.",
            race.format("%a %-d %b")
        ));
    }
    if let Some(legs) = a.lifts.iter().find(|l| l.legs) {
        p.push_str(&format!(
            " Runs stay off your lift days where they can, and no long run comes the day after {} legs.",
            day_word(legs.day)
        ));
    } else if !a.lifts.is_empty() {
        p.push_str(" Runs stay off your lift days where they can.");
    }
    p.push_str(" If a week feels too hard, repeat it: `walkrun next` will.");
    p
}

/// The run days offered that the plan leaves free, and why: a coach says
/// why a day given goes unused rather than leave the runner wondering.
fn unused_days(a: &Answers, plan: &Plan) -> Option<String> {
    let used: Vec<Weekday> = plan
        .weeks
        .iter()
        .flat_map(|w| w.sessions.iter().filter_map(|s| s.day))
        .collect();
    let unused: Vec<String> = a
        .run_days
        .iter()
        .map(|r| r.day)
        .filter(|d| !used.contains(d))
        .map(day_word)
        .collect();
    let days = match unused.as_slice() {
        [] => return None,
        [one] => one.clone(),
        [rest @ .., last] => format!("{} and {last}", rest.join(", ")),
    };
    let runs = plan.weeks.first().map_or(0, |w| w.sessions.len());
    let verb = if unused.len() == 1 {
        "stays a rest day"
    } else {
        "stay rest days"
    };
    Some(format!(
        "You are free on {days} too, but {} a week is what your legs are ready for, so {days} {verb}: the days between runs are when they grow stronger.",
        walkrun::words::count(runs, "run")
    ))
}

/// A line a week: its first day and its sessions, the same ones together.
fn weeks(plan: &Plan) -> Vec<String> {
    // The month is said with the first date and wherever it changes, so
    // "Tue 29, Thu 31, Sat 2" reads as "Tue 29 Dec, Thu 31, Sat 2 Jan".
    let mut month = None;
    plan.weeks
        .iter()
        .enumerate()
        .map(|(i, week)| {
            let mut groups: Vec<(Vec<String>, String)> = Vec::new();
            for (d, s) in week.sessions.iter().enumerate() {
                let addr = walkrun::Address {
                    week: i + 1,
                    session: d + 1,
                };
                let when = plan.session_date(addr).map_or_else(
                    || addr.to_string(),
                    |d| {
                        if month.replace(d.month()) == Some(d.month()) {
                            d.format("%a %-d").to_string()
                        } else {
                            d.format("%a %-d %b").to_string()
                        }
                    },
                );
                let what = words::session(&main_set(&s.steps));
                match groups.iter_mut().find(|g| g.1 == what) {
                    Some(g) => g.0.push(when),
                    None => groups.push((vec![when], what)),
                }
            }
            let body: Vec<String> = groups
                .into_iter()
                .map(|(when, what)| format!("{}: {what}", when.join(", ")))
                .collect();
            format!("Week {:<2}  {}", i + 1, body.join(" | "))
        })
        .collect()
}

/// "Mon", as chrono writes a day.
fn short_day(d: Weekday) -> String {
    d.to_string()
}
