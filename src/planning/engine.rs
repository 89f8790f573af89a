//! The engine that builds a runner's weeks: from what they can do today to
//! their goal, growing no faster than the rules allow (`progression-rate`,
//! `longest-jump`), in sessions a coach would write (`shape`), with lighter
//! weeks for masters runners (`deload`).
//!
//! A week has one of two forms. Until the runner's runs reach about 20
//! minutes, its sessions are alike: walk-run intervals, as Couch to 5K's are.
//! From there it has a purpose: one long run, about 1.3 to 1.5 times the
//! running of each easy run, and easy runs; toward a continuous goal every run
//! is then continuous, toward a run-walk goal the ratio stays and the session
//! grows. A race plan holds its peak after the build, for [`super::race_week`] to shape
//! once the sessions are on days. Pure: a profile in, weeks of sessions out.

use std::fmt;
use std::str::FromStr;

use thiserror::Error;

use crate::plan::pace::Pace;
use crate::plan::steps::{self, format_minutes, Session};
use crate::plan::{Plan, PlannedSession, Purpose, Week};
use crate::planning::knob::{in_words, Knob, Names};
use crate::planning::shape::{self, round_run, Body, GRAIN};
use crate::rules::{longest_allowed, progression_allowance, Settings};

/// The run from which a week's runs are continuous (two of them fill a
/// session): a runner who can already run this long starts there.
const CONTINUOUS_FROM: u64 = 8 * 60;

/// The longest continuous goal, in minutes.
const MAX_CONTINUOUS_MINUTES: u64 = 180;
/// Runs a week: with a rest day between runs, three is what a week holds.
pub const MAX_RUNS_PER_WEEK: usize = 3;
/// The longest plan the engine builds: two years; a longer horizon is a typo.
pub const MAX_WEEKS: usize = 104;
/// From runs of this long, a week has a long run and easy runs.
const LONG_RUN_FROM: u64 = 20 * 60;
/// Running in each session while sessions are alike: enough to build on,
/// short enough that an easy session may follow leg day.
const ALIKE_CAP: u64 = 25 * 60;
/// The long run is at least this many times an easy run's running (and the
/// goal asks about 1.5; goals whose long run outgrows an easy run's cap, a
/// half or a continuous run past 67 minutes, ask more: see `Goal::parse`).
const LONG_OVER_EASY: f64 = 1.3;
/// The walking week's load: no running (see `Engine::body`).
const WALK_WEEK: Load = Load {
    interval: 0,
    easy: 0,
    long: 0,
    purposeful: false,
    at_goal: false,
};
/// The brisk walk between the warm-up and cool-down of the walking week:
/// half an hour on feet, as the NHS Couch to 5K's first sessions are.
const WALK_WEEK_SECONDS: u64 = 20 * 60;
/// A deload week runs this share of the week before it.
const DELOAD_SHARE: f64 = 0.8;

/// Where the runner wants to get.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Goal {
    /// As the runner wrote it: `5k`, `10k`, `half`, `30min`.
    pub name: String,
    /// The run interval of the goal session: the whole run for a continuous
    /// goal, the running part of each run-walk repeat otherwise.
    pub interval_seconds: u64,
    /// Running in the goal's long session (the race, for a race plan).
    pub long_run_seconds: u64,
    /// Running in each easy session at the goal.
    pub easy_run_seconds: u64,
    /// Walk breaks kept on purpose (run-walk-run).
    pub run_walk: bool,
    /// The walk of each run-walk repeat (with `interval_seconds`, the ratio).
    pub walk_seconds: u64,
    /// The runner's pace, when known: a race goal is then its distance's time.
    pub pace: Option<Pace>,
}

/// A run-walk ratio: `4:1` (minutes), `30s:30s`, `30s:2m`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Ratio {
    pub run_seconds: u64,
    pub walk_seconds: u64,
}

impl Ratio {
    /// Galloway's 4 minutes run, 1 minute walk.
    pub const GALLOWAY: Ratio = Ratio {
        run_seconds: 4 * 60,
        walk_seconds: 60,
    };
    /// Walking a race with 30-second jogs: what a coach offers a walker
    /// whose race is too near to run.
    pub const WALK_WITH_JOGS: Ratio = Ratio {
        run_seconds: 30,
        walk_seconds: 2 * 60,
    };
}

impl fmt::Display for Ratio {
    /// As the runner writes it: `4:1`, `30s:30s`, `30s:2m`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let (r, w) = (self.run_seconds, self.walk_seconds);
        if r % 60 == 0 && w % 60 == 0 {
            write!(f, "{}:{}", r / 60, w / 60)
        } else {
            write!(
                f,
                "{}:{}",
                steps::format_duration(r),
                steps::format_duration(w)
            )
        }
    }
}

impl FromStr for Ratio {
    type Err = String;
    /// `RUN:WALK`, each minutes (`4:1`) or a duration (`30s:30s`, `30s:2m`).
    fn from_str(text: &str) -> Result<Ratio, String> {
        let bad = || {
            format!(
                "expected a run-walk ratio RUN:WALK such as 30s:30s, 1:1, 2:1 or 4:1 (minutes, or durations like 30s:2m), found {}",
                crate::sys::safe_text::quoted(text)
            )
        };
        let side = |t: &str| -> Option<u64> {
            let t = t.trim();
            let secs = match t.parse::<u64>() {
                Ok(m) => m.checked_mul(60)?,
                Err(_) => u64::from(steps::parse_duration(t).ok()?),
            };
            // Whole half minutes, a run of 30 s to 10 min, a walk to 5 min.
            (secs % 30 == 0).then_some(secs)
        };
        let (r, w) = text.split_once(':').ok_or_else(bad)?;
        let (run_seconds, walk_seconds) = (side(r).ok_or_else(bad)?, side(w).ok_or_else(bad)?);
        if !(30..=600).contains(&run_seconds) || !(30..=300).contains(&walk_seconds) {
            return Err(bad());
        }
        Ok(Ratio {
            run_seconds,
            walk_seconds,
        })
    }
}

/// The most repeats in a run-walk goal's easy run: 40 minutes of running,
/// 50 on feet, an hour with the walks either side, the top of the 30 to 50
/// minute midweek runs of novice half plans (Hal Higdon's). A half's long
/// run of 28 repeats is then 2.8 times an easy run, not 1.5: a coach lets the
/// long run carry the distance rather than ask a beginner who lifts three
/// times a week for 75-minute weekday runs.
const EASY_REPEATS_MAX: u64 = 10;
/// The most time on feet in a run-walk goal's easy run, walks included:
/// `EASY_REPEATS_MAX` repeats of Galloway's 4:1.
const EASY_ON_FEET_MAX: u64 = EASY_REPEATS_MAX * 5 * 60;

impl Goal {
    /// `5k`, `10k`, `half`, or a continuous run like `30min` / `45m`;
    /// `run_walk` asks for a run-walk-run goal instead of continuous running.
    pub fn parse(text: &str, run_walk: bool) -> Result<Goal, String> {
        Goal::parse_at(text, run_walk.then_some(Ratio::GALLOWAY))
    }

    /// The same, run-walk at `ratio` when one is given. A run-walk goal keeps
    /// the time on feet of Galloway's 4:1 (35 minutes for a 5K) at any ratio.
    pub fn parse_at(text: &str, ratio: Option<Ratio>) -> Result<Goal, String> {
        let run_walk = ratio.is_some();
        let ratio = ratio.unwrap_or(Ratio::GALLOWAY);
        let (run, walk) = (ratio.run_seconds, ratio.walk_seconds);
        let t = text.trim().to_ascii_lowercase();
        // The long run at the goal is about 1.5 times an easy run, and an easy
        // run holds at most 45 minutes: an hour on a weekday with the walks
        // either side is what a beginner who lifts has room for, so a
        // longer goal's long run is more than 1.5 times it (as in novice
        // half plans, where 30 to 50 minute midweek runs sit beside a long
        // run of up to 2 hours).
        let continuous = |minutes: u64| Goal {
            name: t.clone(),
            interval_seconds: minutes * 60,
            long_run_seconds: minutes * 60,
            easy_run_seconds: (minutes * 60 * 2 / 3 / 60 * 60).min(45 * 60),
            run_walk: false,
            walk_seconds: 0,
            pace: None,
        };
        // `reps` repeats of Galloway's 4:1, as time on feet at the ratio.
        let galloway = |reps: u64| {
            let on_feet = reps * 5 * 60;
            let reps = on_feet.div_ceil(run + walk);
            let long = reps * run;
            let most_easy = (EASY_ON_FEET_MAX / (run + walk)).max(1) * run;
            Goal {
                name: t.clone(),
                interval_seconds: run,
                long_run_seconds: long,
                easy_run_seconds: ((long as f64 / 1.4) as u64 / run * run).clamp(run, most_easy),
                run_walk: true,
                walk_seconds: walk,
                pace: None,
            }
        };
        let goal = match t.as_str() {
            // 7 x (4 min run, 1 min walk): 35 minutes of run-walk-run.
            "5k" if run_walk => galloway(7),
            "5k" => continuous(30),
            "10k" if run_walk => galloway(14),
            "10k" => continuous(60),
            // 28 x (4 min, 1 min) is 2 h 20 min, 2 h 30 min on feet with the
            // warm-up and cool-down walks.
            "half" if run_walk => galloway(28),
            // Continuous unless run-walk is asked: the long run to two hours
            // without stopping, about 10 miles for a beginner, the longest
            // run of novice half plans; the race itself is the rest.
            "half" => continuous(120),
            other => {
                let minutes = other
                    .strip_suffix("min")
                    .or_else(|| other.strip_suffix('m'))
                    .and_then(|m| m.trim().parse::<u64>().ok())
                    .filter(|m| (10..=MAX_CONTINUOUS_MINUTES).contains(m))
                    .ok_or_else(|| {
                        format!(
                            "expected a goal: 5k, 10k, half, or minutes of continuous running from 10min to 180min, found {}",
                            crate::sys::safe_text::quoted(text)
                        )
                    })?;
                if run_walk {
                    galloway(minutes.div_ceil(5))
                } else {
                    continuous(minutes)
                }
            }
        };
        Ok(goal)
    }

    /// The race's distance in metres, for a goal that is a race.
    pub fn race_metres(&self) -> Option<u64> {
        match self.name.as_str() {
            "5k" => Some(5_000),
            "10k" => Some(10_000),
            "half" => Some(21_098),
            _ => None,
        }
    }

    /// The goal for a runner of `pace`: a continuous 5K or 10K is the time
    /// the distance takes at it (a 5K at 8:00/km is 40 minutes, not the
    /// 30 a faster runner needs), so the long runs grow toward the race the
    /// runner will run. A run-walk goal keeps its time on feet, and a half
    /// its two-hour long run (about 10 miles for a beginner): neither is
    /// run at the whole distance in training.
    pub fn at_pace(mut self, pace: Pace) -> Goal {
        self.pace = Some(pace);
        if self.run_walk || !matches!(self.name.as_str(), "5k" | "10k") {
            return self;
        }
        if let Some(metres) = self.race_metres() {
            // Whole minutes, rounded up, within the longest continuous goal.
            let race = pace.seconds_for_metres(metres).div_ceil(60) * 60;
            let race = race.min(MAX_CONTINUOUS_MINUTES * 60);
            self.interval_seconds = race;
            self.long_run_seconds = race;
            self.easy_run_seconds = (race * 2 / 3 / 60 * 60).min(45 * 60);
        }
        self
    }

    /// "30 min of continuous running", "2 h 30 min on feet at 4 min run / 1 min walk".
    pub fn describe(&self) -> String {
        if self.run_walk {
            let reps = self.long_run_seconds / self.interval_seconds.max(1);
            let on_feet =
                reps * (self.interval_seconds + self.walk_seconds) + 2 * shape::FRAME_SECONDS;
            format!(
                "{} min on feet at {} run / {} walk",
                format_minutes(on_feet),
                span_words(self.interval_seconds),
                span_words(self.walk_seconds)
            )
        } else if let (Some(pace), Some(km @ ("5" | "10"))) =
            (self.pace, self.name.strip_suffix('k'))
        {
            // A race is a distance: say it, and the time it takes at the pace.
            format!(
                "{km} km, about {} min of continuous running at {pace}",
                format_minutes(self.long_run_seconds)
            )
        } else {
            format!(
                "{} min of continuous running",
                format_minutes(self.long_run_seconds)
            )
        }
    }

    /// The race itself: a 5K or 10K run at a known pace is its distance
    /// (`run 5km`, timed at the pace, so the coach says "to the finish, five
    /// kilometres"); any other goal is its body, timed.
    pub fn race_session(&self) -> crate::plan::steps::Session {
        use crate::plan::pace::Paces;
        use crate::plan::steps::{self as st, Distance, Kind, Segment, Session, Step};
        let (Some(pace), Some(metres), false) = (self.pace, self.race_metres(), self.run_walk)
        else {
            return self.body().session();
        };
        if !matches!(self.name.as_str(), "5k" | "10k") {
            return self.body().session();
        }
        let distance = Distance::km(metres / 1000);
        let seconds = st::distance_seconds(Kind::Run, distance, &Paces::running(pace));
        let frame = |kind| Step::Segment(Segment::timed(kind, shape::FRAME_SECONDS as u32));
        Session::new(vec![
            frame(Kind::Warmup),
            Step::Segment(Segment {
                kind: Kind::Run,
                seconds,
                distance: Some(distance),
            }),
            frame(Kind::Cooldown),
        ])
    }

    /// The goal session itself, as the race or the last long run.
    pub fn body(&self) -> Body {
        if self.run_walk {
            shape::repeats(
                self.long_run_seconds / self.interval_seconds,
                self.interval_seconds,
                self.walk_seconds,
            )
        } else {
            Body::Continuous(self.long_run_seconds)
        }
    }
}

/// "4 min", "30 s", "1 min 30 s": a part of a ratio as a coach says it.
fn span_words(seconds: u64) -> String {
    match (seconds / 60, seconds % 60) {
        (0, s) => format!("{s} s"),
        (m, 0) => format!("{m} min"),
        (m, s) => format!("{m} min {s} s"),
    }
}

/// What the runner can do today: the longest run they can manage without
/// stopping (0 for brisk walking only).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Level {
    pub longest_run_seconds: u64,
}

impl FromStr for Level {
    type Err = String;
    /// `walk`, or a run in the steps grammar: `run 1m`, `run 20m`, `jog 90s`.
    fn from_str(text: &str) -> Result<Level, String> {
        let t = text.trim().to_ascii_lowercase();
        if t == "walk" || t == "walking" {
            return Ok(Level {
                longest_run_seconds: 0,
            });
        }
        let bad = |e: String| {
            format!(
                "expected a level: walk, or the run you can do now like 'run 1m' or 'run 20m' ({e}), found {}",
                crate::sys::safe_text::quoted(text)
            )
        };
        let session = steps::parse(&t).map_err(|e| bad(e.to_string()))?;
        match session.longest_run_seconds() {
            0 => Err(bad("no run in it".into())),
            s => Ok(Level {
                longest_run_seconds: s,
            }),
        }
    }
}

/// Everything the engine needs to know about the runner.
#[derive(Debug, Clone, PartialEq)]
pub struct Runner {
    pub goal: Goal,
    pub level: Level,
    /// All the weeks of the plan.
    pub weeks: usize,
    /// The last weeks that a race's taper makes lighter (0 without a race):
    /// they hold the peak here, and no deload week is planned among them.
    pub taper_weeks: usize,
    /// The week by which the goal is reached; `None` for the last week
    /// before the taper. The weeks after it hold the goal.
    pub goal_by: Option<usize>,
    pub runs_per_week: usize,
    /// A lighter week every fourth week or so (masters runners).
    pub deload: bool,
    /// The most running an easy run may hold; `None` for the goal's.
    pub easy_cap_seconds: Option<u64>,
    /// Easy runs a week held to `held_cap_seconds` of running (0: none): the
    /// ones the planner puts the day after heavy legs, where `heavy-legs`
    /// asks for less. Only they are held; the week's other easy runs grow
    /// beside the long run.
    pub held_runs: usize,
    pub held_cap_seconds: u64,
    /// Of the held runs, how many stay held once the goal is reached: the
    /// ones for the day after heavy legs. The others were held only so the
    /// long run could reach the goal in time (a short horizon); from the goal
    /// on they grow again within `progression-rate`, so the long run comes
    /// back to about 1.5 times them instead of staying twice an easy run.
    pub held_at_goal: usize,
    /// A walker past 60: a first week of brisk walks only, then runs of
    /// 30 seconds with a minute's walk between (the gentler start).
    pub walk_first: bool,
    /// Two run days back to back are the runner's only ones: the second
    /// day's run is short and easy, at most half the first's.
    pub back_to_back: bool,
}

impl Runner {
    /// The weeks in which the goal is reached.
    pub fn build_weeks(&self) -> usize {
        self.goal_by
            .unwrap_or(self.weeks.saturating_sub(self.taper_weeks))
            .min(self.weeks)
    }

    /// A profile with the engine's defaults for the rest.
    pub fn new(goal: Goal, level: Level, weeks: usize) -> Runner {
        Runner {
            goal,
            level,
            weeks,
            taper_weeks: 0,
            goal_by: None,
            runs_per_week: MAX_RUNS_PER_WEEK,
            deload: false,
            easy_cap_seconds: None,
            held_runs: 0,
            held_cap_seconds: 0,
            held_at_goal: 0,
            walk_first: false,
            back_to_back: false,
        }
    }
}

/// What a week is for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum WeekKind {
    Build,
    Deload,
    /// At the goal, holding it (and, in a race plan, the weeks the taper
    /// reshapes).
    Hold,
}

/// One generated week: its sessions in order, the long one last.
#[derive(Debug, Clone, PartialEq)]
pub struct ProgramWeek {
    pub kind: WeekKind,
    pub sessions: Vec<(Session, Purpose)>,
}

#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum ProgressionError {
    /// The goal takes `needed` weeks and the horizon gives `given`.
    TooFewWeeks {
        goal: String,
        level: String,
        needed: usize,
        given: usize,
        reachable: String,
    },
    TooShort {
        min: usize,
        given: usize,
    },
    TooLong {
        max: usize,
        given: usize,
    },
    TooFewRuns(usize),
    /// More runs a week than a beginner's plan holds.
    TooManyRuns(usize),
    Unreachable {
        goal: String,
        level: String,
        weeks: usize,
    },
}

impl ProgressionError {
    /// The message, with the knob it asks the runner to change named by
    /// `name` (the command line names its flag).
    pub fn say(&self, name: Names) -> String {
        match self {
            ProgressionError::TooFewWeeks {
                goal,
                level,
                needed,
                given,
                reachable,
            } => format!(
                "{goal} from '{level}' takes at least {needed} weeks within the rules, and {given} were given; give {} (or a later race date), or aim lower: in {given} weeks you can safely reach {reachable}",
                name(&Knob::Weeks(Some(*needed)))
            ),
            ProgressionError::TooShort { min, given } => {
                format!("a plan needs at least {min} weeks, found {given}")
            }
            ProgressionError::TooLong { max, given } => {
                format!("a plan has at most {max} weeks, found {given}")
            }
            ProgressionError::TooFewRuns(runs) => {
                format!("a plan needs at least 2 runs a week to build endurance, found {runs}")
            }
            ProgressionError::TooManyRuns(runs) => format!(
                "{runs} runs a week: a beginner's plan holds at most {MAX_RUNS_PER_WEEK}, with a day without running between them, as the NHS Couch to 5K has; a 4th run is for a runner past the beginner stage, after months of 3 runs a week, and walkrun does not plan it: ask for {MAX_RUNS_PER_WEEK} runs a week"
            ),
            ProgressionError::Unreachable { goal, level, weeks } => format!(
                "{goal} from '{level}' takes more than {weeks} weeks within the rules; aim for a shorter goal first"
            ),
        }
    }
}

impl fmt::Display for ProgressionError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.say(&in_words))
    }
}

/// A week's load: the longest run it may hold, and the running of its easy
/// and long sessions (equal while the sessions are alike).
#[derive(Debug, Clone, Copy, PartialEq)]
struct Load {
    interval: u64,
    easy: u64,
    long: u64,
    /// Sessions have a purpose: a long run and easy runs.
    purposeful: bool,
    /// A week after the goal was reached: its easy runs are held as
    /// `Engine::at_goal` says, not as while building.
    at_goal: bool,
}

/// The weeks the engine needs for this profile at the fastest pace the rules
/// allow (taper weeks included), for a goal given without a horizon.
pub fn weeks_needed(profile: &Runner, settings: &Settings) -> Result<usize, ProgressionError> {
    let after = profile.weeks.saturating_sub(profile.build_weeks());
    let unreachable = || ProgressionError::Unreachable {
        goal: profile.goal.describe(),
        level: profile.level.to_string(),
        weeks: MAX_WEEKS,
    };
    // Without lighter weeks first, for a lower bound; then the first length
    // whose own lighter weeks still let the goal arrive in time.
    let mut quick = profile.clone();
    quick.deload = false;
    quick.weeks = MAX_WEEKS;
    quick.goal_by = None;
    quick.taper_weeks = 0;
    let least = Engine::new(&quick, settings)?
        .simulate(1.0, MAX_WEEKS)
        .reached
        .ok_or_else(unreachable)?;
    for build in least..=MAX_WEEKS.saturating_sub(after) {
        let mut p = profile.clone();
        p.weeks = build + after;
        if p.goal_by.is_some() {
            p.goal_by = Some(build);
        }
        if Engine::new(&p, settings)?
            .simulate(1.0, build)
            .reached
            .is_some()
        {
            return Ok(build + after);
        }
    }
    Err(unreachable())
}

/// Build the weeks for a profile, never breaking a rule to fit.
pub fn build(profile: &Runner, settings: &Settings) -> Result<Vec<ProgramWeek>, ProgressionError> {
    let mut engine = Engine::new(profile, settings)?;
    let after = profile.weeks.saturating_sub(profile.build_weeks());
    if profile.build_weeks() < 1 || profile.weeks < 2 {
        return Err(ProgressionError::TooShort {
            min: (after + 1).max(2),
            given: profile.weeks,
        });
    }
    if profile.weeks > MAX_WEEKS {
        return Err(ProgressionError::TooLong {
            max: MAX_WEEKS,
            given: profile.weeks,
        });
    }
    let build_weeks = profile.build_weeks();
    let fastest = engine.simulate(1.0, build_weeks);
    if fastest.reached.is_none() {
        let needed = weeks_needed(profile, settings)?;
        let reachable = describe_load(fastest.weeks.last().map(|w| &w.1), &profile.goal);
        return Err(ProgressionError::TooFewWeeks {
            goal: profile.goal.describe(),
            level: level_text(profile.level),
            needed,
            given: profile.weeks,
            reachable,
        });
    }
    // With room in the horizon, the long run keeps to about 1.5 times the
    // easy runs all the way; without, it grows as fast as the rules allow.
    engine.keep_ratio = true;
    if engine.simulate(1.0, build_weeks).reached.is_none() {
        engine.keep_ratio = false;
    }
    // The gentlest pace that still arrives on time: a slower climb is kinder to
    // a beginner's tendons than arriving early and marking time.
    let (mut lo, mut hi) = (0.0_f64, 1.0_f64);
    for _ in 0..20 {
        let mid = (lo + hi) / 2.0;
        if engine.simulate(mid, build_weeks).reached.is_some() {
            hi = mid;
        } else {
            lo = mid;
        }
    }
    let weeks = engine.simulate(hi, profile.weeks).weeks;
    Ok(weeks
        .into_iter()
        .map(|(kind, load)| ProgramWeek {
            kind,
            sessions: engine.sessions(&load),
        })
        .collect())
}

struct Simulation {
    weeks: Vec<(WeekKind, Load)>,
    /// The week (from 1) the goal was first reached.
    reached: Option<usize>,
}

/// How a week's easy runs are held: how many stop at `Engine::held_cap`,
/// and the most running any easy run holds.
#[derive(Debug, Clone, Copy, PartialEq)]
struct Holding {
    /// Easy runs held to `held_cap` (fewer than the easy runs: when every
    /// easy run is held, `easy_cap` is the held cap instead).
    held: usize,
    easy_cap: u64,
}

struct Engine<'a> {
    profile: &'a Runner,
    settings: &'a Settings,
    n: usize,
    /// The easy runs while the long run builds toward the goal.
    building: Holding,
    /// The easy runs once the goal is reached: only the ones the day after
    /// heavy legs stay held (`Runner::held_at_goal`).
    at_goal: Holding,
    /// Hold the long run back to `goal_ratio` times the easy runs when the
    /// week cannot afford both growing.
    keep_ratio: bool,
    held_cap: u64,
    /// Lighter weeks every `deload_every` weeks or so (0: none).
    deload_every: usize,
}

impl<'a> Engine<'a> {
    fn new(profile: &'a Runner, settings: &'a Settings) -> Result<Engine<'a>, ProgressionError> {
        let n = profile.runs_per_week.min(MAX_RUNS_PER_WEEK);
        if n < 2 {
            return Err(ProgressionError::TooFewRuns(profile.runs_per_week));
        }
        let g = &profile.goal;
        let mut easy_cap = g.easy_run_seconds;
        if let Some(cap) = profile.easy_cap_seconds {
            easy_cap = easy_cap.min(cap);
        }
        let round = |s: u64| {
            if g.run_walk {
                (s / g.interval_seconds * g.interval_seconds).max(g.interval_seconds)
            } else {
                round_run(s).max(GRAIN)
            }
        };
        let held_cap = round(profile.held_cap_seconds);
        let holding = |held: usize| {
            let held = held.min(n - 1);
            if held > 0 && held == n - 1 {
                // Every easy run held: that is the easy runs' cap.
                Holding {
                    held: 0,
                    easy_cap: round(easy_cap.min(held_cap)),
                }
            } else {
                Holding {
                    held,
                    easy_cap: round(easy_cap),
                }
            }
        };
        Ok(Engine {
            profile,
            settings,
            n,
            building: holding(profile.held_runs),
            at_goal: holding(profile.held_at_goal.min(profile.held_runs)),
            held_cap,
            keep_ratio: false,
            deload_every: if profile.deload && profile.weeks as f64 > settings.deload_program_weeks
            {
                settings.deload_every_weeks.round() as usize
            } else {
                0
            },
        })
    }

    fn goal_reached(&self, l: &Load) -> bool {
        let g = &self.profile.goal;
        if g.run_walk {
            l.interval >= g.interval_seconds && l.long >= g.long_run_seconds
        } else {
            l.long >= g.long_run_seconds && l.interval >= g.long_run_seconds
        }
    }

    /// The walk after a run: runners new to running get 2 minutes after a
    /// minute's jog, then 90 s, then 2 minutes once the runs are long;
    /// run-walk-run keeps its minute.
    fn walk_for(&self, interval: u64) -> u64 {
        let walker = self.profile.level.longest_run_seconds == 0;
        match interval {
            i if i <= 30 && walker && !self.profile.goal.run_walk => 60,
            i if self.profile.goal.run_walk
                && i >= self.profile.goal.interval_seconds.min(2 * 60) =>
            {
                self.profile.goal.walk_seconds
            }
            i if i <= 60 && walker => 120,
            i if i <= 3 * 60 => 90,
            _ => 120,
        }
    }

    /// The session body for `running` at this load's interval.
    fn body(&self, l: &Load, running: u64) -> Body {
        if l.interval == 0 {
            return Body::Walk(WALK_WEEK_SECONDS);
        }
        let g = &self.profile.goal;
        if g.run_walk && l.purposeful && l.interval >= g.interval_seconds {
            let reps = (running / l.interval).max(1);
            return shape::repeats(reps, l.interval, self.walk_for(l.interval));
        }
        if l.purposeful && !g.run_walk {
            return Body::Continuous(round_run(running.min(l.interval)).max(GRAIN));
        }
        // Alike sessions: `interval` is the week's run (`Engine::alike_run`).
        shape::fill(l.interval, l.interval, running, |run| self.walk_for(run))
    }

    /// The run of a week of alike sessions of `running`: the one a coach
    /// fills the session with, from `shortest` (last week's run: runs do
    /// not go back to fill the time) to `most`.
    fn alike_run(&self, most: u64, shortest: u64, running: u64) -> u64 {
        shape::fill(most, shortest, running, |run| self.walk_for(run)).longest_run()
    }

    /// The shortest run of the first week's alike sessions: 30 seconds after
    /// a walker's walking week, a minute, or half the run the runner can
    /// already do. From there each week's runs start at last week's
    /// (`Engine::alike_run`): runs do not go back to fill the time.
    fn shortest_run(&self) -> u64 {
        let x = self.profile.level.longest_run_seconds;
        let start = if self.profile.walk_first {
            30
        } else if x >= CONTINUOUS_FROM {
            // One who already runs 8 minutes without stopping keeps that run
            // whole: halving it to fill a session would take away what the
            // runner can do (the 12-minute runner's week 1 was 2x(6m, 2m)).
            round_run(x)
        } else {
            // One who runs 5 minutes starts at half of it, not at a minute.
            round_run(x / 2).max(60)
        };
        start.min(self.profile.goal.interval_seconds)
    }

    /// Whether alike sessions of `running` in runs of up to `interval` are
    /// at a run-walk goal's ratio: the runs a coach fills the session with
    /// have reached the goal's. Until then the ratio waits, so the first
    /// 4:1 week is not two repeats in a 10-minute session.
    fn at_ratio(&self, interval: u64, shortest: u64, running: u64) -> bool {
        let g = &self.profile.goal;
        if !g.run_walk || interval < g.interval_seconds {
            return false;
        }
        let body = shape::fill(interval, shortest, running, |run| self.walk_for(run));
        // Or when runs short of the goal's can no longer hold the week's
        // running (three of them below 5 minutes): the ratio, rather than
        // a week that cannot grow.
        body.longest_run() >= g.interval_seconds || body.running() * 10 < running * 9
    }

    /// The week's sessions, the long one last.
    fn sessions(&self, l: &Load) -> Vec<(Session, Purpose)> {
        let purpose_alike = |b: &Body| {
            if b.has_walk_breaks() && b.running() > 0 {
                Purpose::Intervals
            } else {
                Purpose::Easy
            }
        };
        let mut out = Vec::new();
        if let Some((first, second)) = self.pair(l) {
            // The second of two days back to back: short and easy.
            let purpose = if l.purposeful {
                Purpose::Long
            } else {
                purpose_alike(&first)
            };
            let easy = if l.purposeful {
                Purpose::Easy
            } else {
                purpose_alike(&second)
            };
            out.push((second.session(), easy));
            out.push((first.session(), purpose));
            return out;
        }
        if l.purposeful {
            let easy = self.body(l, l.easy);
            let held = self.body(l, self.held_running(l));
            for i in 1..self.n {
                let b = if i <= self.holding(l).held {
                    &held
                } else {
                    &easy
                };
                out.push((b.session(), Purpose::Easy));
            }
            out.push((self.body(l, l.long).session(), Purpose::Long));
        } else {
            let b = self.body(l, l.easy);
            for _ in 0..self.n {
                out.push((b.session(), purpose_alike(&b)));
            }
        }
        out
    }

    /// For two run days back to back (`Runner::back_to_back`): the first
    /// day's session (the long run, or the week's session) and the second's,
    /// at most half of its running.
    fn pair(&self, l: &Load) -> Option<(Body, Body)> {
        if !self.profile.back_to_back || self.n != 2 || l.interval == 0 {
            return None;
        }
        let first = if l.purposeful {
            self.body(l, l.long)
        } else {
            self.body(l, l.easy)
        };
        let half = first.running() / 2;
        let second = if half < GRAIN {
            Body::Walk(WALK_WEEK_SECONDS)
        } else {
            let b = self.body(l, half.min(l.easy));
            if b.running() > half {
                self.body(l, half.saturating_sub(GRAIN).max(GRAIN))
            } else {
                b
            }
        };
        Some((first, second))
    }

    /// Weekly running and the longest run, as the rules measure them.
    fn measure(&self, l: &Load) -> (u64, u64) {
        if let Some((first, second)) = self.pair(l) {
            return (
                first.running() + second.running(),
                first.longest_run().max(second.longest_run()),
            );
        }
        if l.purposeful {
            let (e, g) = (self.body(l, l.easy), self.body(l, l.long));
            let h = self.body(l, self.held_running(l));
            let held = self.holding(l).held;
            let free = (self.n - 1 - held) as u64;
            (
                free * e.running() + held as u64 * h.running() + g.running(),
                e.longest_run().max(g.longest_run()),
            )
        } else {
            let b = self.body(l, l.easy);
            (self.n as u64 * b.running(), b.longest_run())
        }
    }

    /// The load as the sessions really hold it.
    fn actual(&self, l: Load) -> Load {
        if l.purposeful {
            let (e, g) = (self.body(&l, l.easy), self.body(&l, l.long));
            Load {
                interval: l.interval.max(e.longest_run()).max(g.longest_run()),
                easy: e.running(),
                long: g.running(),
                purposeful: true,
                at_goal: l.at_goal,
            }
        } else {
            let b = self.body(&l, l.easy);
            Load {
                interval: b.longest_run().max(l.interval.min(b.longest_run())),
                easy: b.running(),
                long: b.running(),
                purposeful: false,
                at_goal: l.at_goal,
            }
        }
    }

    /// The first week: something this runner can finish.
    fn first(&self) -> Load {
        let g = &self.profile.goal;
        let x = self.profile.level.longest_run_seconds;
        if x >= LONG_RUN_FROM && !g.run_walk {
            let long = round_run(x).min(g.long_run_seconds);
            let easy = self.easy_for(self.building, long, long);
            return self.actual(Load {
                interval: long,
                easy,
                long,
                purposeful: true,
                at_goal: false,
            });
        }
        let (interval, each) = if x == 0 && self.profile.walk_first {
            // After the walking week, 6 x (30 s run, 1 min walk): 9 minutes
            // of running over 3 sessions, within `progression-rate` of none.
            (30, 3 * 60)
        } else if x <= 90 {
            // 1 min jog / 2 min walk (or 90 s walks for those who can already
            // jog a minute): the coaching article's way in.
            (60, if x == 0 { 6 * 60 } else { 8 * 60 })
        } else {
            // They can already run `x` without stopping: start there.
            (round_run(x), round_run(x.max(8 * 60)))
        };
        let interval = interval.min(g.interval_seconds);
        let each = each.min(ALIKE_CAP).max(interval);
        let shortest = self.shortest_run();
        let purposeful = self.at_ratio(interval, shortest, each);
        let load = Load {
            interval: if purposeful {
                interval
            } else {
                self.alike_run(interval, shortest, each)
            },
            easy: each,
            long: each,
            purposeful,
            at_goal: false,
        };
        if load.purposeful {
            // Run-walk at the goal's ratio from the start: the long run one
            // repeat more than the easy ones.
            let long = (self.round_easy(each) + interval).min(g.long_run_seconds);
            let easy = self
                .round_easy(each)
                .min(self.building.easy_cap)
                .min(long * 4 / 5 / interval * interval)
                .max(interval);
            return self.actual(Load { easy, long, ..load });
        }
        self.actual(load)
    }

    /// What the long run may be at most over an easy run: 1.5, or the goal's
    /// own (a long goal's easy runs stop at their cap).
    fn goal_ratio(&self) -> f64 {
        let g = &self.profile.goal;
        (g.long_run_seconds as f64 / g.easy_run_seconds.max(1) as f64).max(1.5)
    }

    /// How this week's easy runs are held.
    fn holding(&self, l: &Load) -> Holding {
        if l.at_goal {
            self.at_goal
        } else {
            self.building
        }
    }

    /// The running of a held easy run beside easy runs of `l.easy`.
    fn held_running(&self, l: &Load) -> u64 {
        if self.holding(l).held == 0 {
            l.easy
        } else {
            l.easy.min(self.held_cap)
        }
    }

    /// What each free easy run may hold when `total` is left in the week for
    /// the easy runs: shared alike, unless the held ones stop at their cap
    /// and leave the rest to the others.
    fn easy_share(&self, h: Holding, total: u64) -> u64 {
        let runs = self.n as u64 - 1;
        let even = total / runs;
        if h.held == 0 || even <= self.held_cap {
            return even;
        }
        let held = h.held as u64;
        total.saturating_sub(held * self.held_cap) / (runs - held)
    }

    /// An easy run beside a long run of `long`: at most `long / 1.3`, within
    /// the cap, and no more than `budget`.
    fn easy_for(&self, h: Holding, long: u64, budget: u64) -> u64 {
        let most = ((long as f64 / LONG_OVER_EASY) as u64).min(h.easy_cap);
        self.round_easy(most.min(budget))
    }

    fn round_easy(&self, s: u64) -> u64 {
        let g = &self.profile.goal;
        if g.run_walk {
            (s / g.interval_seconds * g.interval_seconds).max(g.interval_seconds)
        } else {
            round_run(s).max(GRAIN)
        }
    }

    /// Weeks at pace `a` (0..1 of what the rules allow), deloads included,
    /// holding at the goal once reached.
    fn simulate(&self, a: f64, weeks: usize) -> Simulation {
        let s = self.settings;
        let g = &self.profile.goal;
        let n = self.n as u64;
        let mut load = self.first();
        let mut out = Vec::new();
        if self.profile.walk_first {
            out.push((WeekKind::Build, WALK_WEEK));
        }
        out.push((WeekKind::Build, load));
        let mut reached = self.goal_reached(&load).then_some(out.len());
        let (mut base, mut longest_so_far) = self.measure(&load);
        // Weeks in a row that were not lighter, as the checker counts them:
        // a week that comes out lighter on its own (the first week of
        // continuous runs, say) counts as much as a planned one.
        let mut streak = out.len();
        let span = self.profile.weeks - self.profile.taper_weeks;
        let cut = 0.75 * s.deload_percent / 100.0;
        while out.len() < weeks {
            let w = out.len() + 1;
            if self.deload_every > 0 && w <= span && deload_now(streak, w, span, self.deload_every)
            {
                out.push((WeekKind::Deload, self.lighter(&load)));
                streak = 0;
                continue;
            }
            if reached.is_some() {
                // At the goal's long run, easy runs the week's running could
                // not yet afford keep growing toward the goal's, within
                // `progression-rate`, so the long run comes back to about
                // 1.5 times them. Easy runs held only so the long run could
                // build (`Runner::held_at_goal`) grow with them from here.
                if load.purposeful {
                    let h = self.at_goal;
                    let most_week = base + progression_allowance(base, s);
                    let budget = self.easy_share(h, most_week.saturating_sub(load.long));
                    let easy = self.easy_for(h, load.long, budget).max(load.easy);
                    let fuller = self.actual(Load {
                        easy,
                        at_goal: true,
                        ..load
                    });
                    let (week_run, _) = self.measure(&fuller);
                    if week_run <= most_week && fuller.long == load.long {
                        load = fuller;
                        base = base.max(week_run);
                    }
                }
                out.push((WeekKind::Hold, load));
                streak += 1;
                continue;
            }
            let building = self.building;
            let most_run = longest_allowed(longest_so_far, s);
            let most_week = base + progression_allowance(base, s);
            let week_target = base + ((most_week - base) as f64 * a) as u64;
            let grow = |from: u64, to: u64| from + (to.saturating_sub(from) as f64 * a) as u64;
            let next = if !load.purposeful {
                let cap = if g.run_walk {
                    g.interval_seconds
                } else {
                    g.long_run_seconds
                };
                let interval = round_run(grow(load.interval, most_run))
                    .max(load.interval)
                    .min(cap);
                // Runs of two-thirds of a session are as long as alike
                // sessions let them grow.
                if !g.run_walk
                    && (interval >= LONG_RUN_FROM
                        || interval >= ALIKE_CAP * 2 / 3
                        || (load.interval >= CONTINUOUS_FROM && load.interval * 2 >= load.easy))
                {
                    // Twenty minutes without stopping: from here, a week has a
                    // long run, and every run is continuous.
                    let long = interval.min(g.long_run_seconds);
                    let budget = self.easy_share(building, week_target.saturating_sub(long));
                    Load {
                        interval,
                        easy: self.easy_for(building, long, budget.max(load.easy.min(long))),
                        long,
                        purposeful: true,
                        at_goal: false,
                    }
                } else {
                    // Two days back to back: the first holds two-thirds of
                    // the week, the second half of that.
                    let share = if self.profile.back_to_back && n == 2 {
                        week_target * 2 / 3
                    } else {
                        week_target / n
                    };
                    let each = share.min(ALIKE_CAP).max(load.easy);
                    // At the goal's ratio, sessions grow a whole repeat at
                    // a time, which the long run takes first.
                    let purposeful = self.at_ratio(interval, load.interval, each);
                    if purposeful {
                        let mut long = self.round_easy(each * 3 / 2).min(g.long_run_seconds);
                        let easy_beside = |long: u64| {
                            let budget =
                                self.easy_share(building, week_target.saturating_sub(long));
                            self.easy_for(building, long, budget)
                        };
                        if self.keep_ratio {
                            let most = self.goal_ratio();
                            while long > 2 * interval
                                && long as f64 > most * easy_beside(long) as f64
                            {
                                long -= interval;
                            }
                        }
                        let budget = self.easy_share(building, week_target.saturating_sub(long));
                        Load {
                            interval,
                            easy: self.easy_for(building, long, budget),
                            long,
                            purposeful,
                            at_goal: false,
                        }
                    } else {
                        Load {
                            interval: self.alike_run(interval, load.interval, each),
                            easy: each,
                            long: each,
                            purposeful,
                            at_goal: false,
                        }
                    }
                }
            } else if g.run_walk {
                // The ratio stays; the sessions grow, a whole repeat at a
                // time, the long run about 1.4 times an easy one.
                let rep = load.interval;
                let all_reps = week_target / rep;
                // Of the two nearest whole splits, the one whose long run
                // is nearest 1.3 to 1.5 times an easy one; never under 1.25.
                let split = |reps: u64, runs: u64| {
                    let most_easy =
                        ((reps as f64 / (runs as f64 - 1.0 + 1.25)).floor() as u64).max(1);
                    let even = reps as f64 / (runs as f64 - 1.0 + 1.4);
                    let off = |e: u64| {
                        let long = reps.saturating_sub((runs - 1) * e) as f64;
                        let ratio = long / e.max(1) as f64;
                        if ratio < 1.3 {
                            1.3 - ratio
                        } else {
                            (ratio - 1.5).max(0.0)
                        }
                    };
                    let lo = (even.floor() as u64).clamp(1, most_easy);
                    let hi = (even.ceil() as u64).clamp(1, most_easy);
                    (if off(hi) < off(lo) { hi } else { lo }, most_easy)
                };
                let (mut easy_reps, mut most_easy) = split(all_reps, n);
                // The held runs stop at their cap; the others share the rest.
                let held = building.held as u64;
                let held_reps = self.held_cap / rep;
                if held > 0 && easy_reps > held_reps {
                    (easy_reps, most_easy) =
                        split(all_reps.saturating_sub(held * held_reps), n - held);
                }
                let mut easy = (easy_reps * rep)
                    .max(load.easy)
                    .min(building.easy_cap.max(rep))
                    .min(most_easy * rep);
                let others = |easy: u64| {
                    (n - 1 - held) * easy + held * self.held_running(&Load { easy, ..load })
                };
                let room = |easy: u64| (all_reps * rep).saturating_sub(others(easy)) / rep * rep;
                // A week that cannot afford the split's easy runs beside
                // the long run (a few minutes of growth is less than a
                // repeat in every run) grows its easy runs by what it can
                // afford, and gives the rest to the long run, rather than
                // standing still.
                while easy > load.easy && room(easy) < load.long {
                    easy = easy.saturating_sub(rep).max(load.easy);
                }
                let long = room(easy).clamp(load.long, g.long_run_seconds.max(load.long));
                Load {
                    interval: load.interval,
                    easy,
                    long,
                    purposeful: true,
                    at_goal: false,
                }
            } else {
                // Continuous: the long run grows by what longest-jump allows,
                // the easy runs with what the week has left.
                let mut long = round_run(grow(load.long, most_run))
                    .max(load.long)
                    .min(g.long_run_seconds);
                let easy_beside = |long: u64| {
                    let budget = self.easy_share(building, week_target.saturating_sub(long));
                    self.easy_for(building, long, budget)
                        .max(load.easy.min(long))
                };
                // When weekly running cannot keep up, the long run waits
                // rather than run ahead of the easy runs (where the horizon
                // leaves room for that: `keep_ratio`).
                if self.keep_ratio {
                    let most = self.goal_ratio();
                    while long > load.long && long as f64 > most * easy_beside(long) as f64 {
                        long = round_run(long.saturating_sub(60)).max(load.long);
                    }
                }
                let easy = easy_beside(long);
                Load {
                    interval: long,
                    easy,
                    long,
                    purposeful: true,
                    at_goal: false,
                }
            };
            let mut next = self.actual(next);
            // A long run that ran ahead of the easy runs: the easy runs take
            // what `progression-rate` still allows this week to catch up.
            if next.purposeful {
                let step = if g.run_walk { next.interval } else { 60 };
                let most = self.goal_ratio();
                while next.long as f64 > most * next.easy as f64 {
                    let fuller = self.actual(Load {
                        easy: next.easy + step,
                        ..next
                    });
                    if fuller.easy <= next.easy
                        || fuller.easy > building.easy_cap
                        || fuller.long != next.long
                        || (fuller.long as f64) < LONG_OVER_EASY * fuller.easy as f64
                        || self.measure(&fuller).0 > most_week
                    {
                        break;
                    }
                    next = fuller;
                }
            }
            // Never more than the week may hold (rounding up can overshoot).
            while self.measure(&next).0 > most_week {
                let smaller = self.actual(Load {
                    easy: next.easy.saturating_sub(GRAIN),
                    long: if next.purposeful {
                        next.long
                    } else {
                        next.long.saturating_sub(GRAIN)
                    },
                    ..next
                });
                if smaller == next {
                    break;
                }
                next = smaller;
            }
            load = next;
            if self.goal_reached(&load) {
                reached = Some(w);
            }
            let (week_run, week_longest) = self.measure(&load);
            if week_run as f64 <= base as f64 * (1.0 - cut) {
                streak = 0;
            } else {
                streak += 1;
                base = week_run;
            }
            longest_so_far = longest_so_far.max(week_longest);
            out.push((WeekKind::Build, load));
        }
        Simulation {
            weeks: out,
            reached,
        }
    }

    /// A deload week: the same sessions, about a fifth shorter.
    fn lighter(&self, l: &Load) -> Load {
        let cut = |s: u64| (s as f64 * DELOAD_SHARE) as u64;
        let g = &self.profile.goal;
        let round = |s: u64| {
            if g.run_walk && l.purposeful && l.interval >= g.interval_seconds {
                (s / l.interval * l.interval).max(l.interval)
            } else {
                round_run(s).max(GRAIN)
            }
        };
        let mut lighter = Load {
            easy: round(cut(l.easy)),
            long: round(cut(l.long)),
            ..*l
        };
        if l.purposeful && lighter.long <= lighter.easy {
            // The long run stays the longest, lighter week or not.
            lighter.easy = round(cut(lighter.long)).min(lighter.long.saturating_sub(GRAIN));
        }
        // Measured as the checker does: at most 80 % of the week before.
        let (before, _) = self.measure(l);
        let mut out = lighter;
        while self.measure(&out).0 as f64 > before as f64 * DELOAD_SHARE {
            let easy = round(out.easy.saturating_sub(GRAIN));
            let long = if out.purposeful {
                round(out.long.saturating_sub(GRAIN))
            } else {
                easy
            };
            if (easy, long) == (out.easy, out.long) {
                break;
            }
            out.easy = easy;
            out.long = long;
        }
        out
    }
}

/// Whether week `w` (from 1) should be a lighter one, after `streak` weeks
/// in a row that were not lighter, in a span of `span` weeks that must end on
/// a week that is not: at most `every - 1` such weeks in a row, as late as
/// that allows, and never the last week.
fn deload_now(streak: usize, w: usize, span: usize, every: usize) -> bool {
    let most = every.saturating_sub(1);
    let left = span.saturating_sub(w);
    if w <= 1 || left == 0 {
        return false;
    }
    // Building this week must leave a way to finish: with one week left,
    // that week builds too.
    let can_build = streak < most && (left != 1 || streak + 2 <= most);
    !can_build
}

fn level_text(l: Level) -> String {
    match l.longest_run_seconds {
        0 => "walk".into(),
        s => format!("run {}", steps::format_duration(s)),
    }
}

fn describe_load(l: Option<&Load>, goal: &Goal) -> String {
    match l {
        None => "nothing yet".into(),
        Some(l) if l.interval >= l.long && !goal.run_walk => {
            format!("{} min of continuous running", format_minutes(l.long))
        }
        Some(l) => format!(
            "runs of {} min, {} min of running in a session",
            format_minutes(l.interval.min(l.long)),
            format_minutes(l.long)
        ),
    }
}

impl fmt::Display for Level {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&level_text(*self))
    }
}

/// The generated weeks as a program (a plan without days), named for the
/// goal and level.
pub fn program(profile: &Runner, settings: &Settings) -> Result<Plan, ProgressionError> {
    let mut weeks: Vec<Week> = build(profile, settings)?
        .into_iter()
        .map(|w| Week {
            sessions: w
                .sessions
                .into_iter()
                .map(|(steps, purpose)| PlannedSession {
                    steps,
                    purpose: Some(purpose),
                    note: match w.kind {
                        WeekKind::Deload => Some("lighter week: let the training sink in".into()),
                        WeekKind::Build | WeekKind::Hold => None,
                    },
                    ..PlannedSession::default()
                })
                .collect(),
            ..Week::default()
        })
        .collect();
    // The walking week says what it is for.
    if profile.walk_first {
        for s in weeks.iter_mut().take(1).flat_map(|w| w.sessions.iter_mut()) {
            if s.steps.run_seconds() == 0 {
                s.note = Some(
                    "a week of brisk walks, no running yet: walk briskly enough to breathe harder, slow enough to talk".into(),
                );
            }
        }
    }
    // The first long run toward a continuous goal is the runner's first run
    // of that length without a break: a coach says how to run it.
    if !profile.goal.run_walk {
        let first_long = weeks
            .iter_mut()
            .flat_map(|w| w.sessions.iter_mut())
            .find(|s| s.purpose == Some(Purpose::Long));
        if let Some(s) = first_long {
            if profile.level.longest_run_seconds < s.steps.longest_run_seconds() {
                s.note = Some(format!(
                    "your first {} minutes without stopping: slow enough to talk the whole way",
                    format_minutes(s.steps.longest_run_seconds())
                ));
            }
        }
    }
    Ok(Plan {
        name: format!("{} from {}", profile.goal.name, profile.level),
        description: Some(format!(
            "{} weeks to {}",
            profile.weeks,
            profile.goal.describe()
        )),
        goal: Some(profile.goal.name.clone()),
        pace: profile.goal.pace,
        weeks,
        ..Plan::default()
    })
}

/// The rule settings for a runner: deload weeks are for masters runners, so a
/// runner under 40 (or of unknown age) builds without them, and the checker
/// agrees.
pub fn settings_for_age(age: Option<u32>) -> Settings {
    Settings::for_age(age)
}

/// Whether a runner of this age gets the gentler plan: a quarter more
/// weeks, two rest days after the long run and, for a walker, a walking
/// first week (unknown age: no).
pub fn gentler_for_age(age: Option<u32>) -> bool {
    age.is_some_and(|a| a >= crate::rules::GENTLER_AGE)
}

/// The weeks a plan takes when it may take its time: `needed`, or a
/// quarter more for the gentler plan.
pub fn weeks_for_age(needed: usize, age: Option<u32>) -> usize {
    if gentler_for_age(age) {
        (needed * 5).div_ceil(4).min(MAX_WEEKS)
    } else {
        needed
    }
}

/// Whether a runner of this age gets deload weeks (unknown age: no).
pub fn deload_for_age(age: Option<u32>) -> bool {
    age.is_some_and(|a| a >= crate::rules::MASTERS_AGE)
}
