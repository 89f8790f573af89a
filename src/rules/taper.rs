//! `taper`: a race plan ends with the race, and the weeks before it come down
//! the way coaches bring a runner to a race (docs/coaching.md, "Race week").
//!
//! Weeks here are counted back from race day, whatever weekday the plan's weeks
//! start on: race week is the six days before the race, the last full week the
//! seven before those, and so on.

use chrono::{Days, NaiveDate};

use super::lifts::finding;
use super::load::week_finding;
use super::placed::{hours_minutes, Placed, PlacedSession};
use super::{Finding, RuleId, Settings, Severity};
use crate::plan::steps::format_minutes;

/// How far above the "about" figures a week may come before the rule speaks,
/// in percentage points of the peak week.
pub const TOLERANCE_POINTS: f64 = 10.0;
/// How far below the race week's share it may come before the rule speaks,
/// when its runs are shorter than the usual easy runs.
pub const FLOOR_POINTS: f64 = 20.0;

/// Race day as the rule sees it: its day index and the race session, if any.
struct Race<'p, 'a> {
    day: i64,
    date: Option<NaiveDate>,
    session: Option<&'p PlacedSession<'a>>,
}

/// Whether the plan aims at a half marathon: its goal says so, or the race
/// itself is that long.
fn is_half(placed: &Placed, race: Option<&PlacedSession>) -> bool {
    let goal_half = placed
        .plan
        .goal
        .as_deref()
        .is_some_and(|g| g.trim().eq_ignore_ascii_case("half"));
    goal_half || race.is_some_and(|r| r.total_seconds >= 90 * 60)
}

pub fn taper(placed: &Placed, settings: &Settings, out: &mut Vec<Finding>) {
    let Some(race) = find_race(placed, out) else {
        return;
    };
    let when = |s: &PlacedSession| s.day_index.map(|d| race.day - d);
    // Nothing after the race.
    for s in &placed.sessions {
        let Some(d) = when(s) else { continue };
        let after = d < 0 || (d == 0 && race.session.is_some_and(|r| r.addr != s.addr));
        if after && s.run_seconds > 0 {
            out.push(finding(
                RuleId::Taper,
                Severity::Warning,
                s,
                format!(
                    "{} comes {} the race{}; the race is the plan's last session: end the plan with it.",
                    s.label(),
                    if d == 0 { "on the day of" } else { "after" },
                    race.date
                        .map(|d| format!(" on {}", d.format("%a %-d %b")))
                        .unwrap_or_default()
                ),
                "come after the race; the race is the plan's last session".into(),
            ));
        }
    }
    let half = is_half(placed, race.session);
    let training: Vec<(&PlacedSession, i64)> = placed
        .sessions
        .iter()
        .filter(|s| s.is_training() && s.run_seconds > 0)
        .filter_map(|s| when(s).filter(|d| *d >= 1).map(|d| (s, d)))
        .collect();
    if training.is_empty() {
        return;
    }
    // The race's size: the race session, or the biggest session when the
    // plan has no race session to measure by.
    let race_feet = race
        .session
        .map(|r| r.total_seconds)
        .or_else(|| training.iter().map(|(s, _)| s.total_seconds).max())
        .unwrap_or(0);
    // The two days before the race: rest, or one shake-out of at most
    // `taper_shakeout_minutes` in all, its walks included.
    let shakeout = Settings::seconds(settings.taper_shakeout_minutes);
    let mut last_two: Vec<&(&PlacedSession, i64)> =
        training.iter().filter(|(_, d)| *d <= 2).collect();
    last_two.sort_by_key(|(s, d)| (-d, s.at, s.addr));
    for (i, (s, d)) in last_two.into_iter().enumerate() {
        let (severity, message, group) = if s.total_seconds > shakeout {
            (
                if s.total_seconds * 2 > race_feet {
                    Severity::Error
                } else {
                    Severity::Warning
                },
                format!(
                    "{} is a {} min session with {} min of running {} before the race; the two days before a race are for rest, or one easy shake-out of {} min at most, walks included.",
                    s.label(),
                    format_minutes(s.total_seconds),
                    format_minutes(s.run_seconds),
                    days(*d),
                    format_minutes(shakeout)
                ),
                format!(
                    "are longer than a {} min shake-out in the two days before the race; rest then, or jog an easy shake-out",
                    format_minutes(shakeout)
                ),
            )
        } else if i > 0 {
            (
                Severity::Warning,
                format!(
                    "{} is a second run in the two days before the race; keep one easy shake-out at most and rest the other day.",
                    s.label()
                ),
                "are a second run in the two days before the race; keep one shake-out at most".into(),
            )
        } else {
            continue;
        };
        out.push(finding(RuleId::Taper, severity, s, message, group));
    }
    // The biggest session comes well before the race.
    let peak_days = if half {
        settings.taper_half_peak_days
    } else {
        settings.taper_peak_days
    }
    .round() as i64;
    if let Some(&(big, d)) = training.iter().max_by_key(|(s, d)| (s.total_seconds, -d)) {
        if d < peak_days && d > 2 {
            out.push(finding(
                RuleId::Taper,
                Severity::Warning,
                big,
                format!(
                    "{} is the plan's biggest session ({} on feet) and comes {} before the race; put the biggest session {} before a {}, and keep the sessions after it shorter.",
                    big.label(),
                    hours_minutes(big.total_seconds.div_ceil(60) as i64),
                    days(d),
                    if half { "2 to 3 weeks" } else { "10 to 14 days" },
                    if half { "half marathon" } else { "5K or 10K" }
                ),
                "are the biggest session and come too close to the race".into(),
            ));
        }
    }
    // Weeks counted back from race day: 0 is race week (days 1 to 6 before
    // the race), 1 the last full week (7 to 13), and so on.
    let weeks = training
        .iter()
        .map(|(_, d)| (d / 7) as usize)
        .max()
        .unwrap_or(0)
        + 1;
    let mut running = vec![0u64; weeks];
    for (s, d) in &training {
        running[(d / 7) as usize] += s.run_seconds;
    }
    let Some(&peak) = running.iter().skip(1).max() else {
        return;
    };
    if peak == 0 {
        return;
    }
    let last_week_percent = if half {
        settings.taper_half_last_week_percent
    } else {
        settings.taper_last_week_percent
    };
    let checks = [
        (
            0,
            settings.taper_race_week_percent,
            "Race week",
            "short easy runs",
        ),
        (
            1,
            last_week_percent,
            "The last full week before race week",
            "a shorter long run and shorter easy runs",
        ),
    ];
    let peak_j = (1..running.len())
        .rev()
        .max_by_key(|&j| running[j])
        .unwrap_or(1);
    race_week_too_light(&race, &training, peak_j, peak, settings, out);
    race_week_too_long(&training, peak_j, out);
    for (j, percent, name, how) in checks {
        let Some(&run) = running.get(j) else { continue };
        let share = run as f64 * 100.0 / peak as f64;
        if share <= percent + TOLERANCE_POINTS {
            continue;
        }
        let (from, to) = (7 * j as i64 + if j == 0 { 1 } else { 0 }, 7 * j as i64 + 6);
        let span = span_words(race.date, from, to);
        let target = (peak as f64 * percent / 100.0) as u64;
        let first = training
            .iter()
            .filter(|(_, d)| (from..=to).contains(d))
            .max_by_key(|(_, d)| *d)
            .map(|(s, _)| *s);
        let message = format!(
            "{name}{span} runs {} min, {:.0} % of the peak week ({} min); coaches bring it down to about {percent:.0} % ({} min): {how}.",
            format_minutes(run),
            share,
            format_minutes(peak),
            format_minutes(target),
        );
        let group = format!("{name} is not brought down to about {percent:.0} % of the peak week");
        out.push(match first {
            Some(s) => finding(RuleId::Taper, Severity::Warning, s, message, group),
            None => week_finding(
                placed,
                placed.weeks.len(),
                RuleId::Taper,
                Severity::Warning,
                message,
                group,
            ),
        });
    }
}

/// Race week cut far below its share while its runs are shorter than the
/// runner's usual easy runs: a runner who only rests loses the feel of
/// running. Runs kept short by the runner's days (two days before the race,
/// or none at all in race week) are not the plan's fault and are not named.
fn race_week_too_light(
    race: &Race,
    training: &[(&PlacedSession, i64)],
    peak_j: usize,
    peak: u64,
    settings: &Settings,
    out: &mut Vec<Finding>,
) {
    let percent = settings.taper_race_week_percent;
    let run: u64 = training
        .iter()
        .filter(|(_, d)| (1..=6).contains(d))
        .map(|(s, _)| s.run_seconds)
        .sum();
    let share = run as f64 * 100.0 / peak as f64;
    if share >= percent - FLOOR_POINTS {
        return;
    }
    // The usual easy run: the shortest run of the peak week but its longest.
    let mut peak_runs: Vec<u64> = training
        .iter()
        .filter(|(_, d)| (d / 7) as usize == peak_j)
        .map(|(s, _)| s.run_seconds)
        .collect();
    peak_runs.sort_unstable();
    if peak_runs.len() > 1 {
        peak_runs.pop();
    }
    let Some(&usual) = peak_runs.first() else {
        return;
    };
    let short: Vec<&PlacedSession> = training
        .iter()
        .filter(|(s, d)| (3..=6).contains(d) && s.run_seconds * 100 < usual * 80)
        .map(|(s, _)| *s)
        .collect();
    let Some(first) = short.first() else {
        return;
    };
    let names: Vec<String> = short.iter().map(|s| s.label()).collect();
    let target = (peak as f64 * percent / 100.0) as u64;
    let message = format!(
        "Race week{} runs {} min, {:.0} % of the peak week ({} min); coaches keep about {percent:.0} % ({} min) in short easy runs so the legs stay used to running: {} can run as long as a usual easy run ({} min).",
        span_words(race.date, 1, 6),
        format_minutes(run),
        share,
        format_minutes(peak),
        format_minutes(target),
        names.join(", "),
        format_minutes(usual),
    );
    out.push(finding(
        RuleId::Taper,
        Severity::Warning,
        first,
        message,
        format!(
            "are shorter than a usual easy run in a race week below {:.0} % of the peak week",
            percent - FLOOR_POINTS
        ),
    ));
}

/// The peak week's usual easy run: the longest of its runs but its long run
/// (its one run, when it has only one).
fn usual_easy(training: &[(&PlacedSession, i64)], peak_j: usize) -> Option<u64> {
    let mut runs: Vec<u64> = training
        .iter()
        .filter(|(_, d)| (d / 7) as usize == peak_j)
        .map(|(s, _)| s.run_seconds)
        .collect();
    runs.sort_unstable();
    if runs.len() > 1 {
        runs.pop();
    }
    runs.last().copied()
}

/// Race week's runs are short easy runs: none longer than the plan's usual
/// easy run (the peak week's). The two days before the race have the
/// shake-out's own limit.
fn race_week_too_long(training: &[(&PlacedSession, i64)], peak_j: usize, out: &mut Vec<Finding>) {
    let Some(usual) = usual_easy(training, peak_j) else {
        return;
    };
    for (s, _) in training
        .iter()
        .filter(|(s, d)| (3..=6).contains(d) && s.run_seconds > usual)
    {
        out.push(finding(
            RuleId::Taper,
            Severity::Warning,
            s,
            format!(
                "{} holds {} min of running in race week, more than the plan's usual easy run ({} min, in the peak week); race week's runs are short easy runs: keep it to {} min or less.",
                s.label(),
                format_minutes(s.run_seconds),
                format_minutes(usual),
                format_minutes(usual),
            ),
            format!(
                "are race-week runs longer than the plan's usual easy run ({} min); keep race week's runs short and easy",
                format_minutes(usual)
            ),
        ));
    }
}

/// " (Mon 3 to Sat 8 May)": the days `from` to `to` before the race.
fn span_words(race: Option<NaiveDate>, from: i64, to: i64) -> String {
    let Some(race) = race else {
        return String::new();
    };
    let day = |d: i64| race.checked_sub_days(Days::new(d as u64));
    match (day(to), day(from)) {
        (Some(a), Some(b)) => format!(" ({} to {})", a.format("%a %-d %b"), b.format("%a %-d %b")),
        _ => String::new(),
    }
}

fn days(d: i64) -> String {
    if d == 1 {
        "the day".into()
    } else {
        format!("{d} days")
    }
}

/// Race day, from the plan's `race` date or its race session; says so when
/// the two disagree or the race is missing.
fn find_race<'p, 'a>(placed: &'p Placed<'a>, out: &mut Vec<Finding>) -> Option<Race<'p, 'a>> {
    let marked: Vec<&PlacedSession> = placed.sessions.iter().filter(|s| s.is_race()).collect();
    let by_date = placed.plan.race.and_then(|race| {
        let start = placed.plan.start?;
        Some((race, (race - start).num_days()))
    });
    match by_date {
        Some((date, day)) => {
            let on_day = marked.iter().find(|s| s.day_index == Some(day)).copied();
            if on_day.is_none() {
                let elsewhere = marked.first();
                let message = match elsewhere {
                    Some(s) => format!(
                        "The plan's race is on {}, but its race session {} is on another day; put the race session on race day.",
                        date.format("%a %-d %b %Y"),
                        s.label()
                    ),
                    None => format!(
                        "The plan's race is on {}, but no session on that day is the race; end the plan with it: a session on that day with purpose = \"race\", at the race's distance or time.",
                        date.format("%a %-d %b %Y")
                    ),
                };
                out.push(Finding {
                    line: placed.plan.race_line.0,
                    date: Some(date),
                    ..week_finding(
                        placed,
                        placed.weeks.len().max(1),
                        RuleId::Taper,
                        Severity::Warning,
                        message,
                        "have no race session on race day".into(),
                    )
                });
            }
            Some(Race {
                day,
                date: Some(date),
                session: on_day,
            })
        }
        None => {
            let s = marked.last()?;
            Some(Race {
                day: s.day_index?,
                date: s.date,
                session: Some(s),
            })
        }
    }
}
