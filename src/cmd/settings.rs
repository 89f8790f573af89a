//! Every "flag, else profile, else default" in one place: each setting comes
//! from a flag when one is given, else from the runner's profile, else from
//! walkrun's default, and comes out as the library's type (lifts, run days,
//! a [`PlanRequest`], a cue bank, a playlist). Commands call these instead
//! of reading the profile themselves, so the order of precedence cannot
//! differ between them.

use std::path::{Path, PathBuf};

use chrono::{Datelike, Days, NaiveDate, NaiveTime, Weekday};
use walkrun::audio::music::{MusicOrder, Playlist};
use walkrun::audio::{AudioError, CueBank};
use walkrun::config::{Profile, RunDay};
use walkrun::cues::phrases::Phrase;
use walkrun::cues::speech::{Speeds, Talk};
use walkrun::plan::pace::{Pace, Paces, Unit};
use walkrun::plan::{weekday_name, Lift, Plan, Priority, Purpose};
use walkrun::planning::engine::{Goal, Level, Ratio, MAX_WEEKS};
use walkrun::planning::knob::Knob;
use walkrun::planning::placing::WeekPattern;
use walkrun::planning::request::{PlanRequest, Source};
use walkrun::planning::Horizon;
use walkrun::sys::safe_text;
use walkrun::words::join_and;

use super::context::Ctx;
use super::Failure;
use crate::cli::{GoalArgs, MusicArgs, MusicOrderArg, TalkArg, DEFAULT_LEVEL};

/// The days a plan runs on when neither a flag nor the profile names any.
pub const DEFAULT_RUN_DAYS: [Weekday; 3] = [Weekday::Tue, Weekday::Thu, Weekday::Sat];

/// The furthest ahead a plan may start, as `--weeks` is capped: a plan
/// years away is a typo, and its dates must stay ones a plan file can hold.
pub const HORIZON_WEEKS: i64 = MAX_WEEKS as i64;

/// The lifts to plan around: those given as flags, else the profile's.
pub fn lifts(flags: &[Lift], profile: &Profile) -> Vec<Lift> {
    if flags.is_empty() {
        profile
            .lifts
            .as_ref()
            .map_or_else(Vec::new, |l| l.value.clone())
    } else {
        flags.to_vec()
    }
}

/// Lifts to add to a plan's own: the flags, else the profile's lifts that the
/// plan does not already have (same day and time), so a plan made from the
/// profile is not checked against each lift twice.
pub fn extra_lifts(plan: &Plan, flags: &[Lift], profile: &Profile) -> Vec<Lift> {
    if !flags.is_empty() {
        return flags.to_vec();
    }
    lifts(&[], profile)
        .into_iter()
        .filter(|l| !plan.lifts.iter().any(|p| p.day == l.day && p.at == l.at))
        .collect()
}

/// The plan with the profile's lifts added, and the profile's run days: what
/// the coach weighs when it says when to run.
pub fn with_profile(plan: &Plan, profile: &Profile) -> (Plan, Option<Vec<RunDay>>) {
    let mut plan = plan.clone();
    plan.lifts.extend(extra_lifts(&plan, &[], profile));
    (plan, profile.run_days.as_ref().map(|d| d.value.clone()))
}

/// The days to offer a runner who named none: the planner's own first
/// choice around these lifts (lift-free days first, a rest day between runs,
/// the long run clear of heavy legs), so `init`'s question, `config show` and
/// a plan made without days agree. Tue, Thu and Sat only if it finds none.
pub fn suggested_run_days(lifts: &[Lift], today: NaiveDate) -> Vec<Weekday> {
    let week = WeekPattern {
        start: today,
        run_days: Vec::new(),
        lifts: lifts.to_vec(),
        priority: None,
        cooldown_jog: false,
    };
    let mut days: Vec<Weekday> = walkrun::planning::placing::chosen_days(
        &week,
        DEFAULT_RUN_DAYS.len(),
        &walkrun::rules::Settings::default(),
    )
    .into_iter()
    .next()
    .map(|runs| runs.into_iter().map(|r| r.day).collect())
    .unwrap_or_else(|| DEFAULT_RUN_DAYS.to_vec());
    days.sort_by_key(|d| d.num_days_from_monday());
    days
}

/// The run days a plan is made on: the flag's, else the profile's, else
/// none, and the planner chooses them around the lifts (lift-free days
/// first; docs/coaching.md, "Where the runs go").
pub fn plan_run_days(flags: &[RunDay], profile: &Profile) -> Vec<RunDay> {
    if !flags.is_empty() {
        return flags.to_vec();
    }
    profile
        .run_days
        .as_ref()
        .map_or_else(Vec::new, |days| days.value.clone())
}

pub fn age(flag: Option<u32>, profile: &Profile) -> Option<u32> {
    flag.or(profile.age.as_ref().map(|a| a.value))
}

/// The runner's pace: the flag's, else the profile's.
pub fn pace(flag: Option<Pace>, profile: &Profile) -> Option<Pace> {
    flag.or(profile.pace.as_ref().map(|p| p.value))
}

/// Where the pace a session's distances and speeds are worked out at came
/// from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PaceFrom {
    Flag,
    Profile,
    Plan,
    /// The runner's latest time trial, run on that day (see
    /// `History::time_trial_pace`).
    Trial(chrono::NaiveDate),
    /// The recordings `log import` read (see `History::recent_run_pace`).
    Journal,
    /// Nothing says: [`Paces::ASSUMED`], slow enough that a distance is
    /// never cut short for most beginners.
    Assumed,
}

/// The paces a command works distances and treadmill speeds out at, and
/// where they came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RunnerPace {
    pub paces: Paces,
    pub from: PaceFrom,
}

impl RunnerPace {
    /// The running pace, when the runner's own (not assumed).
    pub fn known(&self) -> Option<Pace> {
        (self.from != PaceFrom::Assumed).then_some(self.paces.run)
    }

    /// Where the pace came from, as the JSON documents say it.
    pub fn source_word(&self) -> &'static str {
        match self.from {
            PaceFrom::Flag => "flag",
            PaceFrom::Profile => "profile",
            PaceFrom::Plan => "plan",
            PaceFrom::Trial(_) => "time-trial",
            PaceFrom::Journal => "journal",
            PaceFrom::Assumed => "assumed",
        }
    }

    /// Where the pace came from, in words: "from your time trial on Tue 15
    /// Dec", else the source's word.
    pub fn source_words(&self) -> String {
        match self.from {
            PaceFrom::Trial(on) => format!("from your time trial on {}", on.format("%a %-d %b")),
            _ => self.source_word().to_string(),
        }
    }

    /// The treadmill's speeds to say and show, when the pace is known.
    pub fn speeds(&self) -> Option<Speeds> {
        self.known().map(|_| Speeds::of(&self.paces))
    }

    /// Say on stderr that distances are timed at an assumed pace, when
    /// there are distances (`has_distance`) and the pace is assumed.
    pub fn warn_if_assumed(&self, has_distance: bool) {
        if has_distance {
            if let Some(note) = self.assumed_note() {
                eprintln!("walkrun: note: {note}");
            }
        }
    }

    /// What a command says when the pace is assumed and it matters (the
    /// session has a distance): "at an assumed 8:30/km; give --pace or set
    /// pace in your profile".
    pub fn assumed_note(&self) -> Option<String> {
        (self.from == PaceFrom::Assumed).then(|| {
            format!(
                "distances at an assumed {}; give --pace (as 8:00/km), set pace in your profile, \
                 or import a run (walkrun log import)",
                self.paces.run
            )
        })
    }
}

/// The runner's pace, once per command: the flag's, else the profile's,
/// else the plan's (the one it was made at), else the journal's (the latest
/// time trial's, else recent recordings' running, read only when nothing
/// before it says), else assumed.
pub fn runner_pace(
    flag: Option<Pace>,
    ctx: &Ctx,
    plan: Option<&Plan>,
) -> Result<RunnerPace, Failure> {
    let profile = ctx.profile()?;
    let (run, from) = if let Some(p) = flag {
        (p, PaceFrom::Flag)
    } else if let Some(p) = &profile.pace {
        (p.value, PaceFrom::Profile)
    } else if let Some(p) = plan.and_then(|p| p.pace) {
        (p, PaceFrom::Plan)
    } else if let Some(t) = ctx.history()?.time_trial_pace(ctx.clock.today()) {
        (t.pace, PaceFrom::Trial(t.on))
    } else if let Some(p) = ctx.history()?.recent_run_pace(ctx.clock.today()) {
        (p, PaceFrom::Journal)
    } else {
        return Ok(RunnerPace {
            paces: Paces::ASSUMED,
            from: PaceFrom::Assumed,
        });
    };
    Ok(RunnerPace {
        paces: Paces::running(run),
        from,
    })
}

pub fn priority(flag: Option<Priority>, profile: &Profile) -> Option<Priority> {
    flag.or(profile.priority.as_ref().map(|p| p.value))
}

/// For a plan that may say itself: the flag, else the plan's, else the
/// profile's (the profile only fills in for a plan that says nothing).
pub fn over_plan<T>(flag: Option<T>, plan: Option<T>, profile: Option<T>) -> Option<T> {
    flag.or(plan).or(profile)
}

/// The voice folder: the flag's, else the profile's (else the built-in voice).
pub fn voice(flag: Option<&PathBuf>, profile: &Profile) -> Option<PathBuf> {
    flag.cloned()
        .or_else(|| profile.voice.as_ref().map(|v| v.value.clone()))
}

/// How much the coach says: the flag's level, else the profile's, else normal.
pub fn talk(flag: Option<TalkArg>, profile: &Profile) -> Talk {
    match flag {
        Some(TalkArg::Quiet) => Talk::Quiet,
        Some(TalkArg::Normal) => Talk::Normal,
        Some(TalkArg::Chatty) => Talk::Chatty,
        None => profile.talk.as_ref().map(|t| t.value).unwrap_or_default(),
    }
}

/// The cue bank for the voice folder (`--voice`, else the profile's, else
/// the built-in voice), with one warning line when some phrases keep the
/// built-in voice.
pub fn cue_bank(
    flag: Option<&PathBuf>,
    profile: &Profile,
    rate: u32,
) -> Result<CueBank, AudioError> {
    let Some(dir) = voice(flag, profile) else {
        return CueBank::builtin(rate);
    };
    let (bank, fallback) = CueBank::with_voice(&dir, rate)?;
    if !fallback.is_empty() {
        warn_fallback(&dir, &fallback);
    }
    Ok(bank)
}

fn warn_fallback(dir: &Path, fallback: &[Phrase]) {
    let names: Vec<String> = fallback.iter().take(5).map(|p| p.file_name()).collect();
    let more = fallback.len().saturating_sub(names.len());
    eprintln!(
        "walkrun: warning: --voice {}: the built-in voice says {} of {} phrases ({}{}; see walkrun voice check)",
        dir.display(),
        fallback.len(),
        // Sentences recorded whole are composed from the runner's clips.
        Phrase::ALL.iter().filter(|p| !p.is_whole()).count(),
        names.join(", "),
        if more > 0 {
            format!(" and {more} more")
        } else {
            String::new()
        }
    );
}

/// The music under the cues: --music, else the profile's folder, unless
/// --no-music; checked before anything is written or played. Files that
/// do not decode are named once and skipped.
pub fn playlist(music: &MusicArgs, profile: &Profile) -> Result<Option<Playlist>, Failure> {
    let from_profile = profile.music.as_ref().map(|m| &m.value);
    let Some(path) = music.music.as_ref().or(from_profile) else {
        return Ok(None);
    };
    if music.no_music {
        return Ok(None);
    }
    let order = match music.music_order {
        MusicOrderArg::Shuffle => MusicOrder::Shuffle,
        MusicOrderArg::Name => MusicOrder::Name,
    };
    let playlist = Playlist::open(path, order).map_err(Failure::bad_input)?;
    for w in &playlist.warnings {
        eprintln!("walkrun: warning: {w}");
    }
    Ok(Some(playlist))
}

/// The Monday after `today`: the default first day of a plan.
pub fn next_monday(today: NaiveDate) -> NaiveDate {
    let ahead = 7 - today.weekday().num_days_from_monday();
    today
        .checked_add_days(Days::new(u64::from(ahead)))
        .unwrap_or(today)
}

/// A first day no further ahead than a plan may start.
pub fn check_start(start: NaiveDate, today: NaiveDate) -> Result<(), Failure> {
    let ahead = (start - today).num_days();
    if ahead > HORIZON_WEEKS * 7 {
        return Err(Failure::bad_input(format!(
            "--start {start} is {} weeks from today: expected a start within {HORIZON_WEEKS} weeks",
            ahead / 7
        )));
    }
    Ok(())
}

/// `--goal`, `--run-walk` and `--ratio` (which implies it) as the engine's
/// goal.
pub fn goal(text: &str, run_walk: bool, ratio: Option<Ratio>) -> Result<Goal, Failure> {
    let ratio = ratio.or(run_walk.then_some(Ratio::GALLOWAY));
    Goal::parse_at(text, ratio).map_err(|m| Failure::bad_input(format!("--goal: {m}")))
}

/// `--level` as the engine's level.
pub fn level(text: &str) -> Result<Level, Failure> {
    text.parse()
        .map_err(|m| Failure::bad_input(format!("--level: {m}")))
}

/// The horizon `--weeks` or `--race-date` sets (else the weeks the goal
/// needs).
pub fn horizon(weeks: Option<usize>, race: Option<NaiveDate>) -> Horizon {
    match (weeks, race) {
        (Some(w), _) => Horizon::Weeks(w),
        (None, Some(race)) => Horizon::Race(race),
        (None, None) => Horizon::Needed,
    }
}

/// The plan `walkrun plan` is asked for: its flags, the profile under them,
/// a program when `program` names one.
pub fn plan_request(
    flags: &GoalArgs,
    pace_flag: Option<Pace>,
    program: Option<&str>,
    ctx: &Ctx,
) -> Result<PlanRequest, Failure> {
    let you = ctx.profile()?;
    let start = match flags.start {
        Some(s) => ctx.clock.date(s)?,
        None => next_monday(ctx.clock.today()),
    };
    check_start(start, ctx.world_today)?;
    let week = WeekPattern {
        start,
        run_days: plan_run_days(&flags.run_days, you),
        lifts: lifts(&flags.lifts, you),
        priority: priority(flags.priority, you),
        cooldown_jog: flags.cooldown_jog,
    };
    let source = match program {
        Some(name) => Source::Program(name.to_string()),
        None => Source::Goal {
            goal: {
                let g = goal(
                    flags.goal.as_deref().unwrap_or("5k"),
                    flags.run_walk,
                    flags.ratio,
                )?;
                match pace(pace_flag, you) {
                    Some(p) => g.at_pace(p),
                    None => g,
                }
            },
            level: level(flags.level.as_deref().unwrap_or(DEFAULT_LEVEL))?,
            horizon: horizon(
                flags.weeks,
                flags.race_date.map(|d| ctx.clock.date(d)).transpose()?,
            ),
            runs_per_week: flags.runs_per_week,
        },
    };
    Ok(PlanRequest {
        time_trial: time_trial_unit(pace_flag, ctx)?,
        source,
        week,
        age: age(flags.age, you),
    })
}

/// The unit of the time trial a generated plan opens with, when nothing
/// gives the runner's pace: not the flag, the profile, nor the journal (a
/// time trial run, or recordings `log import` read).
pub fn time_trial_unit(flag: Option<Pace>, ctx: &Ctx) -> Result<Option<Unit>, Failure> {
    if flag.is_some() || ctx.profile()?.pace.is_some() {
        return Ok(None);
    }
    let today = ctx.clock.today();
    let history = ctx.history()?;
    if history.time_trial_pace(today).is_some() || history.recent_run_pace(today).is_some() {
        return Ok(None);
    }
    Ok(Some(Unit::Km))
}

/// The plan `walkrun plan --reschedule PLAN --goal|--race-date|--run-walk`
/// makes, and `next` offers when the race no longer fits: from where the
/// runner is (the longest run of the coach's next session, else of the
/// plan's last), from today, to the goal, race and way asked for (else the
/// plan's), on the plan's lifts and the days and hours of its sessions.
pub fn from_here(
    flags: &GoalArgs,
    pace_flag: Option<Pace>,
    plan: &Plan,
    decision: &walkrun::coach::Decision,
    ctx: &Ctx,
) -> Result<PlanRequest, Failure> {
    let longest = decision
        .next
        .or_else(|| plan.sessions().last().map(|(a, _)| a))
        .and_then(|a| plan.session(a))
        .map_or(0, |s| s.steps.longest_run_seconds());
    let mut flags = flags.clone();
    flags.level = Some(match longest {
        0 => "walk".to_string(),
        s => format!("run {}", walkrun::plan::steps::format_duration(s)),
    });
    flags.goal = flags.goal.or_else(|| plan.goal.clone());
    if flags.race_date.is_none() {
        flags.race_date = plan.race.map(crate::cli::DateArg::On);
    }
    flags.start = flags.start.or(Some(crate::cli::DateArg::Today));
    if flags.lifts.is_empty() {
        flags.lifts = plan.lifts.clone();
    }
    if flags.run_days.is_empty() {
        for (_, s) in plan.sessions() {
            if let Some(day) = s
                .day
                .filter(|d| !flags.run_days.iter().any(|r| r.day == *d))
            {
                flags.run_days.push(RunDay {
                    day,
                    window: s.at.map(|t| (t, t)),
                });
            }
        }
    }
    // The pace given now, else the one the plan was made at.
    plan_request(&flags, pace_flag.or(plan.pace), None, ctx)
}

/// A knob of the request as the flag that sets it: the planner's messages
/// name what to change, and here it becomes what to type.
pub fn flag(knob: &Knob) -> String {
    match knob {
        Knob::Weeks(Some(n)) => format!("--weeks {n}"),
        Knob::Weeks(None) => "--weeks N".into(),
        Knob::RaceDate(d) => format!("--race-date {d}"),
        Knob::RunDays(None) => "--run-days".into(),
        Knob::RunDays(Some(d)) => format!("--run-days {d}"),
        Knob::RunWalk => "--run-walk".into(),
        Knob::Ratio(r) => format!("--ratio {r}"),
        Knob::Goal(g) => format!("--goal {g}"),
    }
}

/// The `walkrun plan` arguments that ask for `req` again, whatever the
/// profile and the day by then: every setting spelled out, the first day
/// included. For the header of the plan file, so `plan` and `init` both
/// name the command that would remake it. Each argument is made safe for a
/// TOML comment: on one line, with no control characters.
pub fn remake(req: &PlanRequest) -> String {
    let mut args: Vec<String> = vec!["plan".into()];
    let mut flag = |name: &str, value: String| {
        args.push(name.to_string());
        args.push(value);
    };
    match &req.source {
        Source::Goal {
            goal,
            level,
            horizon,
            runs_per_week,
        } => {
            flag("--goal", goal.name.clone());
            flag("--level", level.to_string());
            match horizon {
                Horizon::Weeks(w) => flag("--weeks", w.to_string()),
                Horizon::Race(d) => flag("--race-date", d.to_string()),
                Horizon::Needed => {}
            }
            if let Some(n) = runs_per_week {
                flag("--runs-per-week", n.to_string());
            }
            if let Some(p) = goal.pace {
                flag("--pace", p.to_string());
            }
        }
        Source::Program(name) => flag("--program", name.clone()),
    }
    flag("--start", req.week.start.to_string());
    if !req.week.run_days.is_empty() {
        let days: Vec<String> = req.week.run_days.iter().map(RunDay::to_string).collect();
        flag("--run-days", days.join(","));
    }
    for l in &req.week.lifts {
        flag("--lift", l.to_string());
    }
    if let Some(p) = req.week.priority {
        flag("--priority", p.to_string());
    }
    if let Some(a) = req.age {
        flag("--age", a.to_string());
    }
    // A goal that walks by itself (the half) needs no flag to say so.
    if let Source::Goal { goal, .. } = &req.source {
        let walks_anyway = Goal::parse(&goal.name, false).is_ok_and(|g| g.run_walk);
        if goal.run_walk && !walks_anyway {
            args.push("--run-walk".into());
        }
        let ratio = Ratio {
            run_seconds: goal.interval_seconds,
            walk_seconds: goal.walk_seconds,
        };
        if goal.run_walk && ratio != Ratio::GALLOWAY {
            args.push("--ratio".into());
            args.push(ratio.to_string());
        }
    }
    if req.week.cooldown_jog {
        args.push("--cooldown-jog".into());
    }
    let shown: Vec<String> = args
        .iter()
        .map(|a| {
            let a = safe_text::clean(a).into_owned();
            if a.is_empty() || a.contains(|c: char| c.is_whitespace() || c == '"') {
                format!("'{a}'")
            } else {
                a
            }
        })
        .collect();
    format!("walkrun {}", shown.join(" "))
}

/// "runs at 18:00 on tue and thu, 09:00 on sat", for the run days the
/// runner gave no time for: what walkrun chose where no flag said.
pub fn chosen_times(plan: &Plan, week: &WeekPattern) -> Option<String> {
    let mut by_time: Vec<(NaiveTime, Vec<Weekday>)> = Vec::new();
    for d in week.run_days.iter().filter(|d| d.window.is_none()) {
        let times: Vec<NaiveTime> = plan
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
            format!("{} on {}", t.format("%H:%M"), join_and(&names))
        })
        .collect();
    Some(format!(
        "runs at {} (no time given: evenings on workdays, mornings at the weekend, clear of your lifts; choose with --run-days tue@07:00 or tue@06:00-08:00)",
        parts.join(", ")
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").expect("date")
    }

    #[test]
    fn next_monday_is_after_today_even_on_a_monday() {
        assert_eq!(next_monday(day("2026-12-07")), day("2026-12-14"));
        assert_eq!(next_monday(day("2026-12-13")), day("2026-12-14"));
    }

    #[test]
    fn the_remake_command_spells_out_every_setting() {
        let req = PlanRequest {
            source: Source::Goal {
                goal: Goal::parse("half", false).expect("goal"),
                level: "run 1m".parse().expect("level"),
                horizon: Horizon::Weeks(20),
                runs_per_week: None,
            },
            week: WeekPattern {
                start: day("2026-12-07"),
                run_days: vec!["tue@18:00-20:00".parse().expect("day")],
                lifts: vec!["mon@07:00:legs".parse().expect("lift")],
                priority: None,
                cooldown_jog: false,
            },
            age: Some(47),
            time_trial: None,
        };
        assert_eq!(
            remake(&req),
            "walkrun plan --goal half --level 'run 1m' --weeks 20 --start 2026-12-07 \
             --run-days tue@18:00-20:00 --lift mon@07:00+60m:legs --age 47"
        );
    }
}
