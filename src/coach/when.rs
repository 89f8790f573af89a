//! When to run: now, or the first moment after it that keeps the rules.
//!
//! The rules themselves are [`crate::rules::now`]'s; this module only walks
//! forward from now a quarter of an hour at a time, within waking hours, and
//! says what it found in the runner's words.

use std::collections::BTreeSet;

use chrono::{Datelike, Days, Duration, NaiveDate, NaiveDateTime, NaiveTime, Timelike};

use crate::config::RunDay;
use crate::history::Entry;
use crate::plan::steps::format_minutes;
use crate::plan::{Lift, Plan, PlannedSession};
use crate::rules::now::{DoneRun, Situation};
use crate::rules::{RuleId, Severity};

/// The runs in the journal, as the rules see them: when each started (on
/// the runner's clock then) and how much running it held.
pub fn runs_done<E: std::borrow::Borrow<Entry>>(
    entries: impl IntoIterator<Item = E>,
) -> Vec<DoneRun> {
    entries
        .into_iter()
        .filter_map(|e| {
            let e = e.borrow();
            (e.progress.run_seconds_done > 0).then(|| DoneRun {
                start: e.started.naive_local(),
                total_seconds: u64::from(e.progress.seconds_spent),
                run_seconds: u64::from(e.progress.run_seconds_done),
            })
        })
        .collect()
}

/// The earliest and latest start the coach suggests (a run asked for right
/// now may start at any hour).
pub const FIRST_START: (u32, u32) = (6, 0);
pub const LAST_START: (u32, u32) = (21, 0);
/// Suggested times fall on the quarter hour.
pub const STEP_MINUTES: i64 = 15;
/// How far ahead the coach looks for a moment that keeps the rules.
pub const HORIZON_DAYS: u64 = 10;

/// One rule that a run now would break, and when it would not.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Advice {
    pub rule: RuleId,
    pub severity: Severity,
    /// Why, in the runner's words, about a run at the moment asked.
    pub text: String,
    /// The first moment this rule is kept.
    pub better: Option<NaiveDateTime>,
}

impl Advice {
    /// `warning[rest-between-runs]: you ran yesterday ...; better: ...`.
    pub fn line(&self, now: NaiveDateTime) -> String {
        let better = match self.better {
            Some(t) => format!("; better: {}", say_when(t, now)),
            None => String::new(),
        };
        format!("{}[{}]: {}{better}", self.severity, self.rule, self.text)
    }
}

/// When to run a session.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct When {
    /// The first moment that keeps every rule; None if none comes within
    /// [`HORIZON_DAYS`].
    pub at: Option<NaiveDateTime>,
    /// What a run at `now` would break (empty when it keeps the rules).
    pub now: Vec<Advice>,
}

impl When {
    /// The day to run, if there is one.
    pub fn day(&self) -> Option<NaiveDate> {
        self.at.map(|t| t.date())
    }
}

/// What "now" is for the coach: a moment, or a whole day (a date given
/// without a time).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AsOf {
    Moment(NaiveDateTime),
    Day(NaiveDate),
}

impl AsOf {
    /// The moment, or the day's first minute.
    pub fn start(self) -> NaiveDateTime {
        match self {
            AsOf::Moment(t) => t,
            AsOf::Day(d) => d.and_time(NaiveTime::MIN),
        }
    }

    pub fn date(self) -> NaiveDate {
        self.start().date()
    }

    pub fn is_moment(self) -> bool {
        matches!(self, AsOf::Moment(_))
    }
}

/// When to run `session`, from `as_of` on. For a whole day (a date was
/// given, not a time), the day is judged from its first waking hour and
/// nothing is said about the moment itself.
///
/// The moment proposed stays inside the runner's life: never before the
/// plan's start, only on the runner's days and hours (`run_days`, the
/// profile's; without them, the days and hours the plan's sessions are
/// on), and never on a lift day earlier than `planned`, the session's date
/// in the plan: a run pulled forward onto a lift day turns a free evening
/// into a double day the runner did not plan.
pub fn when(
    situation: &Situation,
    session: &PlannedSession,
    as_of: AsOf,
    run_days: Option<&[RunDay]>,
    planned: Option<NaiveDate>,
) -> When {
    let (now, now_is_a_moment) = (as_of.start(), as_of.is_moment());
    let own_days = plan_days(situation.plan);
    let windows = run_days.or(own_days.as_deref());
    let start = situation.plan.start;
    let allowed = |t: NaiveDateTime| {
        let d = t.date();
        start.is_none_or(|s| d >= s)
            && in_windows(windows, t)
            && (planned.is_none_or(|p| d >= p) || situation.plan.lifts_on(d).is_empty())
    };
    let mut slots = Vec::new();
    let day_start = |d: NaiveDate| d.and_time(time(FIRST_START));
    let mut t = if now_is_a_moment {
        round_up(now)
    } else {
        day_start(now.date())
    };
    match start {
        // Before the plan begins, its first morning is the first moment.
        Some(s) if s > now.date() => t = day_start(s),
        _ if now_is_a_moment => slots.push(now),
        _ => {}
    }
    // Never a moment before a run the journal already holds.
    if let Some(last_end) = situation
        .runs
        .iter()
        .map(|r| r.start + Duration::seconds(i64::try_from(r.total_seconds).unwrap_or(0)))
        .max()
    {
        if last_end > t {
            t = round_up(last_end);
        }
    }
    let end = now
        .date()
        .checked_add_days(Days::new(HORIZON_DAYS))
        .map_or(now, day_start);
    // The last start the coach suggests, later where the runner's days or
    // the plan's sessions are later (a session set at 21:30 is a slot).
    let last_start = windows
        .into_iter()
        .flatten()
        .filter_map(|d| d.window.map(|(_, to)| to))
        .fold(time(LAST_START), NaiveTime::max);
    while t < end {
        if t.time() < time(FIRST_START) {
            t = day_start(t.date());
        } else if t.time() > last_start {
            t = t.date().succ_opt().map_or(end, day_start);
            continue;
        }
        if slots.last() != Some(&t) && allowed(t) {
            slots.push(t);
        }
        t += Duration::minutes(STEP_MINUTES);
    }

    let breaks = |t: NaiveDateTime| -> BTreeSet<RuleId> {
        situation
            .check_at(session, t)
            .into_iter()
            .map(|f| f.rule)
            .collect()
    };
    let findings_now = if now_is_a_moment {
        situation.check_at(session, now)
    } else {
        Vec::new()
    };
    let mut wanted: Vec<(RuleId, Option<NaiveDateTime>)> =
        findings_now.iter().map(|f| (f.rule, None)).collect();
    wanted.dedup_by_key(|w| w.0);
    let mut at = None;
    for &slot in &slots {
        if at.is_some() && wanted.iter().all(|w| w.1.is_some()) {
            break;
        }
        let broken = breaks(slot);
        if at.is_none() && broken.is_empty() && allowed(slot) {
            at = Some(slot);
        }
        for w in wanted.iter_mut().filter(|w| w.1.is_none()) {
            if !broken.contains(&w.0) {
                w.1 = Some(slot);
            }
        }
    }
    let mut seen = BTreeSet::new();
    let advice = findings_now
        .iter()
        .filter(|f| seen.insert(f.rule))
        .map(|f| Advice {
            rule: f.rule,
            severity: f.severity,
            text: describe(situation, session, f.rule, now).unwrap_or_else(|| f.message.clone()),
            better: wanted.iter().find(|w| w.0 == f.rule).and_then(|w| w.1),
        })
        .collect();
    When { at, now: advice }
}

/// Whether `t` falls on one of `days` and inside its hours (any moment
/// when there are no days).
fn in_windows(days: Option<&[RunDay]>, t: NaiveDateTime) -> bool {
    days.is_none_or(|days| {
        days.iter().any(|d| {
            d.day == t.weekday()
                && d.window
                    .is_none_or(|(from, to)| t.time() >= from && t.time() <= to)
        })
    })
}

/// The days the plan's sessions are on, each from its earliest planned
/// hour to the last start of the day (a plan keeps the hour the runner
/// gave, not the end of the window); None when the plan names no days.
/// A day with a session at no set hour is open all day.
pub fn plan_days(plan: &Plan) -> Option<Vec<RunDay>> {
    let mut days: Vec<RunDay> = Vec::new();
    for (_, s) in plan.sessions() {
        let Some(day) = s.day else { continue };
        // A session set after the last start keeps its day a slot: the
        // quarter hour at or after it.
        let window =
            s.at.map(|at| (at, time(LAST_START).max(quarter_at_or_after(at))));
        match days.iter_mut().find(|d| d.day == day) {
            None => days.push(RunDay { day, window }),
            Some(d) => {
                d.window = match (d.window, window) {
                    (Some((a, b)), Some((c, e))) => Some((a.min(c), b.max(e))),
                    _ => None,
                }
            }
        }
    }
    (!days.is_empty()).then_some(days)
}

fn time((h, m): (u32, u32)) -> NaiveTime {
    NaiveTime::from_hms_opt(h, m, 0).unwrap_or(NaiveTime::MIN)
}

/// `t` when it falls on a quarter hour, else the next one (the last of the
/// day at most).
fn quarter_at_or_after(t: NaiveTime) -> NaiveTime {
    let minutes = t.hour() * 60 + t.minute() + u32::from(t.second() > 0);
    let up = minutes.div_ceil(STEP_MINUTES as u32) * STEP_MINUTES as u32;
    NaiveTime::from_hms_opt(up / 60, up % 60, 0)
        .unwrap_or(NaiveTime::from_hms_opt(23, 45, 0).unwrap_or(t))
}

/// The next quarter hour strictly after `t`.
fn round_up(t: NaiveDateTime) -> NaiveDateTime {
    let minutes = i64::from(t.time().hour() * 60 + t.time().minute());
    let next = (minutes / STEP_MINUTES + 1) * STEP_MINUTES;
    t.date().and_time(NaiveTime::MIN) + Duration::minutes(next)
}

/// "now", "today from 14:00", "tomorrow (Wed 9 Dec)", "Fri 11 Dec from 14:00".
pub fn say_when(t: NaiveDateTime, now: NaiveDateTime) -> String {
    if t <= now {
        return "now".into();
    }
    let day = say_day(t.date(), now.date());
    if t.time() == time(FIRST_START) {
        day
    } else {
        format!("{day} from {}", t.format("%H:%M"))
    }
}

/// "today (Tue 8 Dec)", "tomorrow (Wed 9 Dec)" or "Fri 11 Dec".
pub fn say_day(d: NaiveDate, today: NaiveDate) -> String {
    let date = d.format("%a %-d %b");
    match (d - today).num_days() {
        0 => format!("today ({date})"),
        1 => format!("tomorrow ({date})"),
        _ => date.to_string(),
    }
}

/// Why a run at `at` breaks `rule`, with the lift or run that makes it so.
fn describe(
    situation: &Situation,
    session: &PlannedSession,
    rule: RuleId,
    at: NaiveDateTime,
) -> Option<String> {
    let s = &situation.settings;
    let hours = |h: f64| hours_text((h * 60.0).round() as i64);
    let run = format_minutes(session.steps.run_seconds());
    let end = at + Duration::seconds(i64::try_from(session.steps.total_seconds()).ok()?);
    let lifts = |d: NaiveDate| -> Vec<(NaiveDateTime, NaiveDateTime, &Lift)> {
        situation
            .plan
            .lifts
            .iter()
            .filter(|l| l.day == d.weekday())
            .map(|l| {
                let start = d.and_time(l.at);
                (start, start + Duration::minutes(i64::from(l.minutes)), l)
            })
            .collect()
    };
    let yesterday = at.date().pred_opt()?;
    Some(match rule {
        RuleId::SameDayGap => {
            // Today's lifts, and last night's when it runs past midnight.
            let near = lifts(at.date()).into_iter().chain(
                lifts(yesterday)
                    .into_iter()
                    .filter(|(_, le, _)| le.date() >= at.date()),
            );
            let (ls, le, _) = near.min_by_key(|(ls, le, _)| {
                (*ls - at)
                    .num_minutes()
                    .abs()
                    .min((*le - at).num_minutes().abs())
            })?;
            let how = if at >= le {
                format!("starts {} after", hours_text((at - le).num_minutes()))
            } else if end <= ls {
                format!("ends {} before", hours_text((ls - end).num_minutes()))
            } else {
                "overlaps".to_string()
            };
            let which = if ls.date() == at.date() {
                format!("today's {} lift", ls.format("%H:%M"))
            } else {
                format!(
                    "last night's {} lift, which ends after midnight",
                    ls.format("%H:%M")
                )
            };
            format!(
                "a run now {how} {which}; keep at least {} between them",
                hours(s.same_day_gap_hours)
            )
        }
        RuleId::PostLiftLimit => {
            let (ls, le, _) = lifts(yesterday)
                .into_iter()
                .chain(lifts(at.date()))
                .filter(|(_, le, _)| *le <= at)
                .max_by_key(|(_, le, _)| *le)?;
            let which = if ls.date() == at.date() {
                format!("your {} lift", ls.format("%H:%M"))
            } else {
                format!("last night's {} lift", ls.format("%H:%M"))
            };
            format!(
                "{run} min of running {} after {which} is a workout of its own; within {} of \
                 lifting keep to an easy {} min",
                hours_text((at - le).num_minutes()),
                hours(s.post_lift_window_hours),
                format_minutes((s.post_lift_warning_minutes * 60.0).round() as u64)
            )
        }
        RuleId::HeavyLegs => {
            let (ls, _, _) = lifts(yesterday).into_iter().find(|(_, _, l)| l.legs)?;
            format!(
                "{run} min of running the day after heavy legs ({}) is a hard run on tired legs",
                ls.format("%A %H:%M")
            )
        }
        RuleId::RestBetweenRuns => {
            let last = situation
                .runs
                .iter()
                .filter(|r| r.start <= at && r.run_seconds > 0)
                .max_by_key(|r| r.start)?;
            let need = s.rest_days_between_runs.round() as i64;
            if last.start.date() == at.date() {
                format!(
                    "you already ran today at {}; one run a day is plenty",
                    last.start.format("%H:%M")
                )
            } else {
                let when = if last.start.date() == yesterday {
                    "yesterday".to_string()
                } else {
                    last.start.format("%a %-d %b").to_string()
                };
                format!(
                    "you ran {when} at {}; a beginner's legs need {need} day{} without running \
                     between runs",
                    last.start.format("%H:%M"),
                    if need == 1 { "" } else { "s" }
                )
            }
        }
        _ => return None,
    })
}

/// "45 min", "2 h", "2 h 30 min".
fn hours_text(minutes: i64) -> String {
    let (h, m) = (minutes / 60, minutes % 60);
    match (h, m) {
        (0, m) => format!("{m} min"),
        (h, 0) => format!("{h} h"),
        (h, m) => format!("{h} h {m} min"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::plan::{Address, Plan};

    fn at(s: &str) -> NaiveDateTime {
        NaiveDateTime::parse_from_str(s, "%Y-%m-%d %H:%M").expect("time")
    }

    #[test]
    fn the_first_moment_after_a_lift_and_a_run() {
        let p = Plan::from_toml(
            "name = \"P\"\n[[lift]]\nday = \"mon\"\nat = \"07:00\"\nminutes = 60\nlegs = true\n\
             [[week]]\n[[week.session]]\nsteps = \"warmup 5m, run 20m, cooldown 5m\"\n",
            "p.toml",
        )
        .expect("plan");
        let session = p
            .session(Address {
                week: 1,
                session: 1,
            })
            .expect("s")
            .clone();
        // Monday 09:00, an hour after the lift ends: not until 14:00.
        let sit = Situation::new(&p, vec![]);
        let w = when(
            &sit,
            &session,
            AsOf::Moment(at("2026-12-07 09:00")),
            None,
            None,
        );
        assert_eq!(w.at, Some(at("2026-12-07 14:00")));
        assert_eq!(w.now.len(), 2, "{:?}", w.now);
        let post = w
            .now
            .iter()
            .find(|a| a.rule == RuleId::PostLiftLimit)
            .expect("post-lift");
        assert_eq!(post.better, Some(at("2026-12-07 14:00")));
        assert!(post
            .line(at("2026-12-07 09:00"))
            .contains("better: today (Mon 7 Dec) from 14:00"));
        // A run this morning: tomorrow is too soon for a beginner.
        let sit = Situation::new(
            &p,
            vec![DoneRun {
                start: at("2026-12-08 07:00"),
                total_seconds: 1800,
                run_seconds: 1200,
            }],
        );
        let w = when(
            &sit,
            &session,
            AsOf::Moment(at("2026-12-08 18:00")),
            None,
            None,
        );
        assert_eq!(w.at, Some(at("2026-12-10 06:00")));
        // Runs only on Saturdays, and only in the morning.
        let sat: RunDay = "sat@07:00-10:00".parse().expect("run day");
        let w2 = when(
            &sit,
            &session,
            AsOf::Moment(at("2026-12-08 18:00")),
            Some(&[sat]),
            None,
        );
        assert_eq!(w2.at, Some(at("2026-12-12 07:00")));
        assert_eq!(
            w.now[0].line(at("2026-12-08 18:00")),
            "warning[rest-between-runs]: you already ran today at 07:00; one run a day is \
             plenty; better: Thu 10 Dec"
        );
    }
}

#[cfg(test)]
mod inside_the_runners_life {
    use super::*;
    use crate::plan::Address;

    fn at(s: &str) -> NaiveDateTime {
        NaiveDateTime::parse_from_str(s, "%Y-%m-%d %H:%M").expect("time")
    }

    /// Heavy legs on Monday, a plan from Mon 7 Dec with runs on Tuesday and
    /// Friday evenings (2026-12-07 is a Monday).
    fn plan(steps: &str) -> Plan {
        let text = format!(
            "name = \"P\"\nstart = 2026-12-07\n\
             [[lift]]\nday = \"mon\"\nat = \"07:00\"\nminutes = 60\nlegs = true\n\
             [[week]]\n[[week.session]]\nday = \"tue\"\nat = \"18:00\"\nsteps = \"{steps}\"\n\
             [[week.session]]\nday = \"fri\"\nat = \"18:00\"\nsteps = \"{steps}\"\n"
        );
        Plan::from_toml(&text, "p.toml").expect("plan")
    }

    fn first(p: &Plan) -> PlannedSession {
        p.sessions().next().expect("a session").1.clone()
    }

    #[test]
    fn not_before_the_plan_starts() {
        let p = plan("run 5m");
        let sit = Situation::new(&p, vec![]);
        let w = when(
            &sit,
            &first(&p),
            AsOf::Moment(at("2026-12-06 10:00")),
            None,
            p.session_date(Address {
                week: 1,
                session: 1,
            }),
        );
        assert_eq!(w.at, Some(at("2026-12-08 18:00")));
    }

    #[test]
    fn only_on_the_plans_days_and_from_its_hours() {
        let p = plan("run 5m");
        let sit = Situation::new(&p, vec![]);
        // Wednesday noon: not a run day; Friday 18:00 is.
        let w = when(
            &sit,
            &first(&p),
            AsOf::Moment(at("2026-12-09 12:00")),
            None,
            None,
        );
        assert_eq!(w.at, Some(at("2026-12-11 18:00")));
        // The profile's own days win over the plan's.
        let wed: RunDay = "wed@12:00-13:00".parse().expect("run day");
        let w = when(
            &sit,
            &first(&p),
            AsOf::Moment(at("2026-12-09 12:00")),
            Some(&[wed]),
            None,
        );
        assert_eq!(w.at, Some(at("2026-12-09 12:00")));
    }

    #[test]
    fn not_pulled_forward_onto_a_lift_day() {
        // A runner who runs any day: Monday is the lift's, and Tuesday's run
        // stays on Tuesday.
        let mut p = plan("run 5m");
        for w in &mut p.weeks {
            for s in &mut w.sessions {
                s.day = None;
                s.at = None;
            }
        }
        p.weeks[0].sessions[0].day = Some(chrono::Weekday::Tue);
        let sit = Situation::new(&p, vec![]);
        let planned = Some(NaiveDate::from_ymd_opt(2026, 12, 8).expect("date"));
        let w = when(
            &sit,
            &first(&p),
            AsOf::Moment(at("2026-12-07 13:00")),
            Some(&["mon".parse().expect("d"), "tue".parse().expect("d")]),
            planned,
        );
        assert_eq!(w.day(), planned);
    }

    #[test]
    fn a_long_run_keeps_off_the_day_of_heavy_legs() {
        let p = plan("run 30m");
        let sit = Situation::new(&p, vec![]);
        let mon: RunDay = "mon".parse().expect("run day");
        let wed: RunDay = "wed".parse().expect("run day");
        // Without the plan's date to hold it, Monday after the gap is
        // still heavy-leg day, and Tuesday the day after: Wednesday.
        let w = when(
            &sit,
            &first(&p),
            AsOf::Moment(at("2026-12-07 13:00")),
            Some(&[mon, "tue".parse().expect("d"), wed]),
            None,
        );
        assert_eq!(w.day(), NaiveDate::from_ymd_opt(2026, 12, 9));
    }
}
