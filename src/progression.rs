//! The engine that builds a runner's weeks: from what they can do today to
//! their goal, growing no faster than the rules allow (`progression-rate`,
//! `longest-jump`), with lighter weeks for masters runners (`deload`) and a
//! taper before a race. Pure: a profile in, weeks of sessions out; placing them
//! on days is `calendar`'s job.

use std::fmt;
use std::str::FromStr;

use thiserror::Error;

use crate::plan::{Plan, PlannedSession, Week};
use crate::rules::{longest_allowed, progression_allowance, Settings};
use crate::steps::{self, format_minutes, Kind, Segment, Session, Step};

/// Warm-up and cool-down walks frame every session.
const FRAME_SECONDS: u32 = 5 * 60;
/// Durations the engine writes are whole half-minutes, so sessions read well
/// and a session's running adds up exactly.
const GRAIN: u64 = 30;
/// Runs a week: with a rest day between runs, three is what a week holds.
pub const MAX_RUNS_PER_WEEK: usize = 3;

/// Where the runner wants to get.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Goal {
    /// As the runner wrote it: `5k`, `10k`, `half`, `30min`.
    pub name: String,
    /// The run interval of the goal session: the whole run for a continuous
    /// goal, the running part of each run-walk repeat otherwise.
    pub interval_seconds: u64,
    /// Running in the goal's long session.
    pub long_run_seconds: u64,
    /// Running in each other session once the long session outgrows it.
    pub easy_run_seconds: u64,
    /// Walk breaks kept on purpose (run-walk-run).
    pub run_walk: bool,
}

impl Goal {
    /// `5k`, `10k`, `half`, or a continuous run like `30min` / `45m`;
    /// `run_walk` asks for a run-walk-run goal instead of continuous running.
    pub fn parse(text: &str, run_walk: bool) -> Result<Goal, String> {
        let t = text.trim().to_ascii_lowercase();
        let continuous = |minutes: u64| Goal {
            name: t.clone(),
            interval_seconds: minutes * 60,
            long_run_seconds: minutes * 60,
            easy_run_seconds: (minutes * 60).min(30 * 60),
            run_walk: false,
        };
        // Galloway-style 4 min run / 1 min walk.
        let galloway = |long_minutes: u64, easy_minutes: u64| Goal {
            name: t.clone(),
            interval_seconds: 4 * 60,
            long_run_seconds: long_minutes * 60,
            easy_run_seconds: easy_minutes * 60,
            run_walk: true,
        };
        let goal = match t.as_str() {
            // 7 x (4 min run, 1 min walk): 35 minutes of run-walk-run.
            "5k" if run_walk => galloway(28, 28),
            "5k" => continuous(30),
            "10k" if run_walk => galloway(56, 32),
            "10k" => continuous(60),
            // 28 x (4 min, 1 min) is 2 h 20 min, 2 h 30 min on feet with the
            // warm-up and cool-down walks.
            "half" => galloway(112, 32),
            other => {
                let minutes = other
                    .strip_suffix("min")
                    .or_else(|| other.strip_suffix('m'))
                    .and_then(|m| m.trim().parse::<u64>().ok())
                    .filter(|m| (10..=180).contains(m))
                    .ok_or_else(|| {
                        format!(
                            "expected a goal: 5k, 10k, half, or minutes of continuous running from 10min to 180min, found {}",
                            crate::safe_text::quoted(text)
                        )
                    })?;
                if run_walk {
                    let reps = minutes.div_ceil(5);
                    galloway(reps * 4, (reps * 4).min(32))
                } else {
                    continuous(minutes)
                }
            }
        };
        Ok(goal)
    }

    /// "30 min of continuous running", "2 h 30 min on feet at 4 min run / 1 min walk".
    pub fn describe(&self) -> String {
        if self.run_walk {
            let on_feet = self.long_run_seconds * 5 / 4 + 2 * u64::from(FRAME_SECONDS);
            format!(
                "{} min on feet at 4 min run / 1 min walk",
                format_minutes(on_feet)
            )
        } else {
            format!(
                "{} min of continuous running",
                format_minutes(self.long_run_seconds)
            )
        }
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
                crate::safe_text::quoted(text)
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
pub struct Profile {
    pub goal: Goal,
    pub level: Level,
    /// All the weeks of the plan, the taper week included.
    pub weeks: usize,
    /// The last week is a race week: lighter.
    pub taper: bool,
    pub runs_per_week: usize,
    /// Every fourth week lighter (masters runners).
    pub deload: bool,
}

/// What a week is for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum WeekKind {
    Build,
    Deload,
    Taper,
}

/// One generated week: its sessions in order, the long one last.
#[derive(Debug, Clone, PartialEq)]
pub struct ProgramWeek {
    pub kind: WeekKind,
    pub sessions: Vec<Session>,
}

#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum ProgressionError {
    #[error("{goal} from '{level}' takes at least {needed} weeks within the rules, and {given} were given; give --weeks {needed} (or a later race date), or aim lower: in {given} weeks you can safely reach {reachable}")]
    TooFewWeeks {
        goal: String,
        level: String,
        needed: usize,
        given: usize,
        reachable: String,
    },
    #[error("a plan needs at least {min} weeks, found {given}")]
    TooShort { min: usize, given: usize },
    #[error("a plan needs at least 2 runs a week to build endurance, found {0}")]
    TooFewRuns(usize),
    #[error("the engine cannot reach {goal} even in {weeks} weeks; aim for a shorter goal first")]
    Unreachable { goal: String, weeks: usize },
}

/// The state the engine carries from week to week.
#[derive(Debug, Clone, Copy)]
struct Load {
    /// The run interval.
    interval: u64,
    /// Running in each easy session and in the long session.
    easy: u64,
    long: u64,
}

/// Build the weeks for a profile, never breaking a rule to fit.
pub fn build(profile: &Profile, settings: &Settings) -> Result<Vec<ProgramWeek>, ProgressionError> {
    let n = profile.runs_per_week.min(MAX_RUNS_PER_WEEK);
    if n < 2 {
        return Err(ProgressionError::TooFewRuns(profile.runs_per_week));
    }
    let min_weeks = 2 + usize::from(profile.taper);
    if profile.weeks < min_weeks {
        return Err(ProgressionError::TooShort {
            min: min_weeks,
            given: profile.weeks,
        });
    }
    let build_weeks = profile.weeks - usize::from(profile.taper);
    let engine = Engine {
        profile,
        settings,
        n,
    };
    let fastest = engine.simulate(1.0, build_weeks);
    if fastest.reached.is_none() {
        let needed = engine
            .simulate(1.0, 160)
            .reached
            .map(|w| w + usize::from(profile.taper));
        let reachable = describe_week(fastest.weeks.last(), profile.goal.run_walk);
        return Err(match needed {
            Some(needed) => ProgressionError::TooFewWeeks {
                goal: profile.goal.describe(),
                level: level_text(profile.level),
                needed,
                given: profile.weeks,
                reachable,
            },
            None => ProgressionError::Unreachable {
                goal: profile.goal.describe(),
                weeks: 160,
            },
        });
    }
    // The gentlest pace that still arrives on time: a slower climb is kinder to
    // a beginner's tendons than arriving early and marking time.
    let (mut lo, mut hi) = (0.0_f64, 1.0_f64);
    for _ in 0..24 {
        let mid = (lo + hi) / 2.0;
        if engine.simulate(mid, build_weeks).reached.is_some() {
            hi = mid;
        } else {
            lo = mid;
        }
    }
    let mut weeks = engine.simulate(hi, build_weeks).weeks;
    if profile.taper {
        let last_build = weeks
            .iter()
            .rev()
            .find(|w| w.0 == WeekKind::Build)
            .map(|w| w.1)
            .unwrap_or(weeks[0].1);
        weeks.push((WeekKind::Taper, scale(last_build, 0.6)));
    }
    Ok(weeks
        .into_iter()
        .map(|(kind, load)| ProgramWeek {
            kind,
            sessions: engine.sessions(load),
        })
        .collect())
}

struct Simulation {
    weeks: Vec<(WeekKind, Load)>,
    /// The week (from 1) the goal was first reached.
    reached: Option<usize>,
}

struct Engine<'a> {
    profile: &'a Profile,
    settings: &'a Settings,
    n: usize,
}

impl Engine<'_> {
    fn goal_reached(&self, l: Load) -> bool {
        let g = &self.profile.goal;
        l.interval >= g.interval_seconds.min(g.long_run_seconds) && l.long >= g.long_run_seconds
    }

    /// The first week: something this runner can finish.
    fn first(&self) -> Load {
        let g = &self.profile.goal;
        let x = self.profile.level.longest_run_seconds;
        let (interval, each) = if x <= 90 {
            // 1 min jog / 2 min walk (or 90 s walks for those who can already
            // jog a minute): the coaching article's way in.
            (60, if x == 0 { 6 * 60 } else { 8 * 60 })
        } else {
            // They can already run `x` without stopping: start there.
            (floor(x), floor(x.max(8 * 60)))
        };
        let interval = interval.min(g.interval_seconds);
        let each = each.min(self.easy_cap());
        Load {
            interval: interval.min(each),
            easy: each,
            long: each,
        }
    }

    /// Weeks at pace `a` (0..1 of what the rules allow), deloads included,
    /// holding at the goal once reached.
    fn simulate(&self, a: f64, build_weeks: usize) -> Simulation {
        let s = self.settings;
        let g = &self.profile.goal;
        let n = self.n as u64;
        let mut load = self.first();
        let mut weeks = vec![(WeekKind::Build, load)];
        let mut reached = self.goal_reached(load).then_some(1);
        let mut longest_so_far = load.interval.min(load.long);
        let mut base = self.weekly(load);
        while weeks.len() < build_weeks {
            let w = weeks.len() + 1;
            let last_build_week = w == build_weeks;
            if self.profile.deload && w % 4 == 0 && !last_build_week && reached.is_none() {
                weeks.push((WeekKind::Deload, scale(load, 0.8)));
                continue;
            }
            if reached.is_none() {
                let allowed_i = longest_allowed(longest_so_far, s);
                let step = ((allowed_i.saturating_sub(load.interval)) as f64 * a) as u64;
                let interval = floor(load.interval + step)
                    .max(load.interval)
                    .min(g.interval_seconds);
                let allowed_r = base + progression_allowance(base, s);
                let r = base + ((allowed_r - base) as f64 * a) as u64;
                let cap = self.easy_cap();
                let (easy, long) = if r / n <= cap {
                    let each = floor(r / n);
                    (each, each)
                } else {
                    let easy = cap;
                    (easy, floor(r - (n - 1) * easy).min(g.long_run_seconds))
                };
                let easy = easy.max(load.easy);
                let long = long.max(load.long);
                // A continuous run is as long as the interval allows and no more.
                let interval = interval.min(long);
                load = Load {
                    interval,
                    easy,
                    long,
                };
                if self.goal_reached(load) {
                    reached = Some(w);
                }
            }
            longest_so_far = longest_so_far.max(load.interval.min(load.long));
            base = self.weekly(load);
            weeks.push((WeekKind::Build, load));
        }
        Simulation { weeks, reached }
    }

    /// The most running an easy session holds: the goal's, and 5 minutes
    /// short of a long run (`heavy-legs`), so an easy run may follow leg day.
    fn easy_cap(&self) -> u64 {
        let long = Settings::seconds(self.settings.heavy_legs_minutes);
        let cap = self
            .profile
            .goal
            .easy_run_seconds
            .min(floor(long.saturating_sub(5 * 60)));
        if self.profile.goal.run_walk && cap > self.profile.goal.interval_seconds {
            // Whole run-walk repeats.
            cap / self.profile.goal.interval_seconds * self.profile.goal.interval_seconds
        } else {
            cap.max(GRAIN)
        }
    }

    fn weekly(&self, l: Load) -> u64 {
        l.long + (self.n as u64 - 1) * l.easy
    }

    /// The week's sessions, the long one last.
    fn sessions(&self, l: Load) -> Vec<Session> {
        let mut out: Vec<Session> = (1..self.n)
            .map(|_| self.session(l.interval, l.easy))
            .collect();
        out.push(self.session(l.interval, l.long));
        out
    }

    /// `warmup 5m, R x (run I, walk W), [walk W, run rest,] cooldown 5m`.
    fn session(&self, interval: u64, running: u64) -> Session {
        let interval = interval.min(running).max(GRAIN);
        let walk = self.walk_for(interval);
        let seg = |kind, seconds: u64| {
            Step::Segment(Segment {
                kind,
                seconds: seconds as u32,
            })
        };
        let mut steps = vec![seg(Kind::Warmup, u64::from(FRAME_SECONDS))];
        let reps = running / interval;
        let rest = running % interval;
        if reps == 1 {
            steps.push(seg(Kind::Run, interval));
            if rest > 0 {
                steps.push(seg(Kind::Walk, walk));
            }
        } else {
            steps.push(Step::Repeat {
                count: reps as u32,
                steps: vec![seg(Kind::Run, interval), seg(Kind::Walk, walk)],
            });
        }
        if rest > 0 {
            steps.push(seg(Kind::Run, rest));
        }
        steps.push(seg(Kind::Cooldown, u64::from(FRAME_SECONDS)));
        Session::new(steps)
    }

    /// Walk breaks shrink as the runs grow; run-walk-run keeps one minute.
    fn walk_for(&self, interval: u64) -> u64 {
        let walker = self.profile.level.longest_run_seconds == 0;
        match interval {
            i if self.profile.goal.run_walk && i >= 120 => 60,
            i if i <= 60 && walker => 120,
            i if i <= 180 => 90,
            _ => 120,
        }
    }
}

fn floor(seconds: u64) -> u64 {
    seconds / GRAIN * GRAIN
}

fn scale(l: Load, by: f64) -> Load {
    let easy = floor((l.easy as f64 * by) as u64).max(GRAIN);
    let long = floor((l.long as f64 * by) as u64).max(GRAIN);
    Load {
        interval: l.interval.min(long),
        easy,
        long,
    }
}

fn level_text(l: Level) -> String {
    match l.longest_run_seconds {
        0 => "walk".into(),
        s => format!("run {}", steps::format_duration(s)),
    }
}

fn describe_week(w: Option<&(WeekKind, Load)>, run_walk: bool) -> String {
    match w {
        None => "nothing yet".into(),
        Some((_, l)) if l.interval >= l.long && !run_walk => {
            format!("{} min of continuous running", format_minutes(l.long))
        }
        Some((_, l)) => format!(
            "runs of {} min, {} min of running in a session",
            format_minutes(l.interval),
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
pub fn program(profile: &Profile, settings: &Settings) -> Result<Plan, ProgressionError> {
    let weeks = build(profile, settings)?
        .into_iter()
        .map(|w| Week {
            sessions: w
                .sessions
                .into_iter()
                .map(|steps| PlannedSession {
                    day: None,
                    at: None,
                    steps,
                    note: match w.kind {
                        WeekKind::Build => None,
                        WeekKind::Deload => Some("lighter week: let the training sink in".into()),
                        WeekKind::Taper => Some("race week: keep it easy".into()),
                    },
                    ..PlannedSession::default()
                })
                .collect(),
            ..Week::default()
        })
        .collect();
    Ok(Plan {
        name: format!("{} from {}", profile.goal.name, profile.level),
        description: Some(format!(
            "{} weeks to {}",
            profile.weeks,
            profile.goal.describe()
        )),
        goal: Some(profile.goal.name.clone()),
        start: None,
        priority: None,
        weeks,
        ..Plan::default()
    })
}

/// The rule settings for a runner: deload weeks are for masters runners, so a
/// runner under 40 builds without them (and the checker agrees).
pub fn settings_for_age(age: Option<u32>) -> Settings {
    Settings::for_age(age)
}

/// Whether a runner of this age gets deload weeks (unknown age: no).
pub fn deload_for_age(age: Option<u32>) -> bool {
    age.is_some_and(|a| a >= 40)
}
