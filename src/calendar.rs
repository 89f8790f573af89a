//! Placing a program's sessions on the runner's days, around their lifts:
//! lift-free run days first, a rest day between runs, a shared day only at a
//! safe gap in the order the runner's priority wants, and no long run the day
//! after heavy legs. The result is checked with the same rules as
//! `walkrun check`; a placement that breaks one is never returned.

use chrono::{Datelike, NaiveDate, NaiveTime, Weekday};
use thiserror::Error;

use crate::plan::{minute_of_day, weekday_name, Lift, Plan, Priority};
use crate::rules::{check, RuleId, Settings, Severity};

/// Runs start no earlier and end no later than this, in minutes from midnight.
const EARLIEST: u32 = 6 * 60;
const LATEST_END: u32 = 22 * 60;

/// The runner's week.
#[derive(Debug, Clone, PartialEq)]
pub struct Week {
    pub start: NaiveDate,
    pub run_days: Vec<Weekday>,
    pub lifts: Vec<Lift>,
    pub priority: Option<Priority>,
}

#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum CalendarError {
    #[error("no run days given: expected --run-days like tue,thu,sat")]
    NoRunDays,
    #[error("{runs} runs a week need a rest day between runs, and run days {days} allow only {fits}; add a run day (such as {suggest}), or run {fits} times a week")]
    TooFewSpacedDays {
        runs: usize,
        days: String,
        fits: usize,
        suggest: String,
    },
    #[error("cannot place the runs safely: {reason}; {fix}")]
    NoSafePlacement { reason: String, fix: String },
}

/// The rules that are about placement, as opposed to the program itself.
const PLACEMENT_RULES: &[RuleId] = &[
    RuleId::SameDayGap,
    RuleId::PostLiftLimit,
    RuleId::PriorityOrder,
    RuleId::RestBetweenRuns,
    RuleId::HeavyLegs,
];

/// Place `program` on the runner's week. Sessions get days (and a time on a
/// lift day); each week's sessions are ordered by day. `strict` refuses any
/// placement warning (the planner's own plans); otherwise the placement with
/// the fewest warnings is kept, and only errors refuse (a fixed program whose
/// long runs cannot all avoid leg day still gets a calendar).
pub fn place(
    program: &Plan,
    week: &Week,
    settings: &Settings,
    strict: bool,
) -> Result<Plan, CalendarError> {
    let mut days = week.run_days.clone();
    days.sort_by_key(|d| offset(week.start, *d));
    days.dedup();
    if days.is_empty() {
        return Err(CalendarError::NoRunDays);
    }
    let runs = program
        .weeks
        .iter()
        .map(|w| w.sessions.len())
        .max()
        .unwrap_or(0);
    if runs == 0 {
        let mut plan = program.clone();
        plan.start = Some(week.start);
        plan.lifts = week.lifts.clone();
        plan.priority = week.priority;
        return Ok(plan);
    }
    let gap_days = if settings.enabled(RuleId::RestBetweenRuns) {
        settings.rest_days_between_runs.round() as u32 + 1
    } else {
        1
    };
    let mut subsets = spaced_subsets(&days, runs, gap_days, week.start);
    if subsets.is_empty() {
        let fits = (1..runs)
            .rev()
            .find(|k| !spaced_subsets(&days, *k, gap_days, week.start).is_empty())
            .unwrap_or(0);
        return Err(CalendarError::TooFewSpacedDays {
            runs,
            days: names(&days),
            fits,
            suggest: suggest_day(&days, week),
        });
    }
    // Lift-free days first; among equals, keep the runner's order.
    subsets.sort_by_key(|s| {
        s.iter()
            .filter(|d| lifts_on(week, **d).next().is_some())
            .count()
    });
    let mut first_reason = None;
    let mut best: Option<(usize, Plan)> = None;
    for subset in &subsets {
        match try_subset(program, week, subset, settings) {
            Ok((plan, warnings)) if warnings.is_empty() => return Ok(plan),
            Ok((plan, warnings)) => {
                if !strict && best.as_ref().is_none_or(|(w, _)| warnings.len() < *w) {
                    best = Some((warnings.len(), plan));
                }
                first_reason.get_or_insert_with(|| warnings[0].clone());
            }
            Err(reason) => {
                first_reason.get_or_insert(reason);
            }
        }
    }
    if let Some((_, plan)) = best {
        return Ok(plan);
    }
    Err(CalendarError::NoSafePlacement {
        reason: first_reason.unwrap_or_else(|| "no placement fits".into()),
        fix: format!(
            "add a run day without a lift (such as {}), move a lift earlier or later, or run fewer times a week",
            suggest_day(&days, week)
        ),
    })
}

/// The plan on these days and how many placement warnings it has, or why it
/// cannot be placed there.
fn try_subset(
    program: &Plan,
    week: &Week,
    subset: &[Weekday],
    settings: &Settings,
) -> Result<(Plan, Vec<String>), String> {
    let mut plan = program.clone();
    plan.start = Some(week.start);
    plan.lifts = week.lifts.clone();
    plan.priority = week.priority;
    let long = Settings::seconds(settings.heavy_legs_minutes);
    for pw in &mut plan.weeks {
        let mut free: Vec<Weekday> = subset.to_vec();
        let mut assigned: Vec<(Weekday, usize)> = Vec::new();
        // The session with the most running picks its day first: the latest
        // day that does not follow a heavy-legs lift.
        let mut order: Vec<usize> = (0..pw.sessions.len()).collect();
        order.sort_by_key(|&i| std::cmp::Reverse(pw.sessions[i].steps.run_seconds()));
        if let Some(&big) = order.first() {
            let running = pw.sessions[big].steps.run_seconds();
            let after_legs = |d: Weekday| week.lifts.iter().any(|l| l.legs && l.day.succ() == d);
            let pick = free
                .iter()
                .rposition(|d| running < long || !after_legs(*d))
                .unwrap_or(free.len() - 1);
            assigned.push((free.remove(pick), big));
        }
        // The rest keep their program order on the remaining days.
        let mut rest: Vec<usize> = order.into_iter().skip(1).collect();
        rest.sort_unstable();
        for i in rest {
            assigned.push((free.remove(0), i));
        }
        assigned.sort_by_key(|(d, _)| offset(week.start, *d));
        let old = std::mem::take(&mut pw.sessions);
        for (day, i) in assigned {
            let mut s = old[i].clone();
            s.day = Some(day);
            s.at = match lifts_on(week, day).next() {
                None => None,
                Some(_) => Some(time_beside_lifts(
                    week,
                    day,
                    s.steps.total_seconds(),
                    Settings::minutes(settings.same_day_gap_hours) as u32,
                ).ok_or_else(
                    || {
                        format!(
                            "on {} there is no time {} h away from your lift{} between 06:00 and 22:00",
                            weekday_name(day),
                            settings.same_day_gap_hours,
                            match week.priority {
                                Some(Priority::Strength) => " after it (strength first)",
                                Some(Priority::Endurance) => " before it (endurance first)",
                                None => "",
                            }
                        )
                    },
                )?),
            };
            pw.sessions.push(s);
        }
    }
    let report = check(&plan, settings);
    let placement = |f: &&crate::rules::Finding| PLACEMENT_RULES.contains(&f.rule);
    let mut problems = report.findings.iter().filter(placement);
    if let Some(f) = problems.clone().find(|f| f.severity == Severity::Error) {
        return Err(format!("{} ({})", f.message.trim_end_matches('.'), f.rule));
    }
    let warnings: Vec<String> = problems
        .by_ref()
        .filter(|f| f.severity == Severity::Warning)
        .map(|f| format!("{} ({})", f.message.trim_end_matches('.'), f.rule))
        .collect();
    Ok((plan, warnings))
}

/// A start time on a lift day: after the lifts (strength first, or no
/// priority) or before them (endurance first), the rule's gap away, rounded
/// to the half hour away from the lift.
fn time_beside_lifts(
    week: &Week,
    day: Weekday,
    session_seconds: u64,
    gap: u32,
) -> Option<NaiveTime> {
    let lifts: Vec<&Lift> = lifts_on(week, day).collect();
    let first = lifts.iter().map(|l| minute_of_day(l.at)).min()?;
    let last_end = lifts.iter().map(|l| l.end_minute()).max()?;
    let len = session_seconds.div_ceil(60) as u32;
    let after = {
        let at = (last_end + gap).div_ceil(30) * 30;
        (at + len <= LATEST_END).then_some(at)
    };
    let before = first
        .checked_sub(gap + len)
        .map(|at| at / 30 * 30)
        .filter(|&at| at >= EARLIEST);
    let at = match week.priority {
        Some(Priority::Strength) => after,
        Some(Priority::Endurance) => before,
        None => after.or(before),
    }?;
    NaiveTime::from_hms_opt(at / 60, at % 60, 0)
}

fn lifts_on(week: &Week, day: Weekday) -> impl Iterator<Item = &Lift> {
    week.lifts.iter().filter(move |l| l.day == day)
}

/// Days from the plan's first day to this weekday's first occurrence.
fn offset(start: NaiveDate, day: Weekday) -> u32 {
    (7 + day.num_days_from_monday() - start.weekday().num_days_from_monday()) % 7
}

/// Every choice of `k` days, in the runner's order, with at least `gap` days
/// between consecutive runs, the wrap into next week included.
fn spaced_subsets(days: &[Weekday], k: usize, gap: u32, start: NaiveDate) -> Vec<Vec<Weekday>> {
    let mut out = Vec::new();
    let n = days.len();
    if k == 0 || k > n {
        return out;
    }
    for mask in 0u32..(1 << n) {
        if mask.count_ones() as usize != k {
            continue;
        }
        let chosen: Vec<Weekday> = (0..n)
            .filter(|i| mask & (1 << i) != 0)
            .map(|i| days[i])
            .collect();
        let offs: Vec<u32> = chosen.iter().map(|d| offset(start, *d)).collect();
        let spaced = offs.windows(2).all(|w| w[1] - w[0] >= gap)
            && (k == 1 || offs[0] + 7 - offs[k - 1] >= gap);
        if spaced {
            out.push(chosen);
        }
    }
    out
}

fn names(days: &[Weekday]) -> String {
    days.iter()
        .map(|d| weekday_name(*d))
        .collect::<Vec<_>>()
        .join(",")
}

/// A weekday that is not a run day yet, has no lift, and sits two days from
/// the given run days where possible.
fn suggest_day(days: &[Weekday], week: &Week) -> String {
    let all = [
        Weekday::Mon,
        Weekday::Tue,
        Weekday::Wed,
        Weekday::Thu,
        Weekday::Fri,
        Weekday::Sat,
        Weekday::Sun,
    ];
    let apart = |d: Weekday| {
        days.iter().all(|r| {
            let diff = (7 + d.num_days_from_monday() - r.num_days_from_monday()) % 7;
            (2..=5).contains(&diff)
        })
    };
    let free = |d: &Weekday| !days.contains(d) && lifts_on(week, *d).next().is_none();
    all.iter()
        .filter(|d| free(d))
        .find(|d| apart(**d))
        .or_else(|| all.iter().find(|d| free(d)))
        .map_or("another day".into(), |d| weekday_name(*d).to_string())
}

/// The plan moved forward so that `next` falls on or after `today`, on the
/// same weekday: weeks keep their days and times, so every rule that held
/// still holds. Sessions before `next` move with their weeks; the journal
/// keeps the dates they were really done.
pub fn reschedule(plan: &Plan, next: crate::plan::Address, today: NaiveDate) -> Option<Plan> {
    let start = plan.start?;
    let day = plan.session(next)?.day?;
    let off = u64::from(offset(start, day));
    // The first date with the plan's start weekday whose week puts `next` on
    // or after today.
    let mut week_start = today.checked_sub_days(chrono::Days::new(off))?;
    while week_start.weekday() != start.weekday() {
        week_start = week_start.succ_opt()?;
    }
    let new_start = week_start.checked_sub_days(chrono::Days::new(7 * (next.week as u64 - 1)))?;
    let mut moved = plan.clone();
    moved.start = Some(new_start.max(start));
    Some(moved)
}
