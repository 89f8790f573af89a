//! Whether the race still fits: the plan as the coach re-flowed it (after
//! its repeats, bridge weeks and rests) against the race date, said as soon
//! as the two part, with what the runner will have reached by race day.
//!
//! The race fits while the plan reaches its goal (its longest run) a week
//! or more before race day: the race week's short easy runs can give way,
//! the goal and a few easy days before the race cannot.
//!
//! Pure: a plan, where the coach is in it and how far the plan has moved.

use chrono::NaiveDate;

use super::Schedule;
use crate::plan::{Address, Plan, Purpose};
use crate::words::duration;

/// The race no longer fits the re-flowed plan.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Misfit {
    /// The plan's race day.
    pub race: NaiveDate,
    /// The day the re-flowed plan reaches its goal, its longest run.
    pub reached_on: NaiveDate,
    /// That longest run, without a walk.
    pub goal_run_seconds: u64,
    /// The last training session the re-flowed plan holds by race day
    /// (None when race day comes before the next session).
    pub by_race: Option<Address>,
    /// The longest run without a walk in the plan up to `by_race`.
    pub longest_run_seconds: u64,
}

impl Misfit {
    /// The first race day on the race's weekday (races keep theirs) a week
    /// or more after the re-flowed plan reaches its goal.
    pub fn later_race(&self) -> NaiveDate {
        let weeks = (self.reached_on - self.race + chrono::Duration::days(TAPER_DAYS))
            .num_days()
            .max(1)
            .unsigned_abs()
            .div_ceil(7);
        self.race
            .checked_add_days(chrono::Days::new(7 * weeks))
            .unwrap_or(self.reached_on)
    }

    /// One line: what does not fit, and what the runner will reach.
    pub fn line(&self) -> String {
        let reach = match self.by_race {
            Some(a) => format!(
                "by race day you will be at {a}, with {} of running at a stretch",
                duration(self.longest_run_seconds)
            ),
            None => "race day comes before the next session".to_string(),
        };
        let when = if self.reached_on > self.race {
            "after it"
        } else {
            "less than a week before it"
        };
        format!(
            "The race on {} no longer fits: with the repeats and rests so far, the plan \
             reaches its goal ({} of running at a stretch) on {}, {when}; {reach}",
            self.race.format("%a %-d %b %Y"),
            duration(self.goal_run_seconds),
            self.reached_on.format("%a %-d %b %Y"),
        )
    }
}

/// The goal is reached at least this long before race day.
pub const TAPER_DAYS: i64 = 7;

/// When the re-flowed plan, from the next session on `from` or later (today,
/// or the end of a rest), reaches its goal less than [`TAPER_DAYS`] before
/// the race, or after it.
pub fn misfit(plan: &Plan, schedule: &Schedule, from: NaiveDate) -> Option<Misfit> {
    let race = plan.race?;
    let next = schedule.next?;
    let order: Vec<Address> = plan.sessions().map(|(a, _)| a).collect();
    let k = order.iter().position(|a| *a == next)?;
    // Behind today: the next session is today's at the earliest, and the
    // rest after it.
    let mut moved = *schedule;
    for _ in 0..order.len() * 2 + 366 {
        if moved.date_of(plan, next).is_none_or(|d| d >= from) {
            break;
        }
        moved.shift += 1;
    }
    let training = |a: &Address| {
        plan.session(*a)
            .is_some_and(|s| s.purpose != Some(Purpose::Race))
    };
    let longest = |a: &Address| {
        plan.session(*a)
            .map_or(0, |s| s.steps.longest_run_seconds())
    };
    let goal_run_seconds = order.iter().filter(|a| training(a)).map(longest).max()?;
    // The first session that runs the goal; one already behind the runner
    // has been run, and the race fits.
    let goal = *order[k..]
        .iter()
        .find(|a| training(a) && longest(a) == goal_run_seconds)?;
    let reached_on = moved.date_of(plan, goal)?;
    if (race - reached_on).num_days() >= TAPER_DAYS {
        return None;
    }
    let by_race = order[k..]
        .iter()
        .filter(|a| training(a))
        .take_while(|a| moved.date_of(plan, **a).is_some_and(|d| d < race))
        .last()
        .copied();
    let longest_run_seconds = order
        .iter()
        .take_while(|a| by_race.is_some_and(|b| **a <= b))
        .filter_map(|a| plan.session(*a))
        .map(|s| s.steps.longest_run_seconds())
        .max()
        .unwrap_or(0);
    Some(Misfit {
        race,
        reached_on,
        goal_run_seconds,
        by_race,
        longest_run_seconds,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Two weeks from Mon 2 Nov 2026 to a race on Sun 15 Nov.
    fn plan() -> Plan {
        let text = "name = \"R\"\nstart = 2026-11-02\nrace = 2026-11-15\n\
            [[week]]\n[[week.session]]\nday = \"tue\"\nsteps = \"run 5m, walk 1m, run 5m\"\n\
            [[week.session]]\nday = \"sat\"\nsteps = \"run 10m\"\n\
            [[week]]\n[[week.session]]\nday = \"tue\"\nsteps = \"run 8m\"\n\
            [[week.session]]\nday = \"sun\"\npurpose = \"race\"\nsteps = \"run 30m\"\n";
        Plan::from_toml(text, "r.toml").expect("plan")
    }

    fn day(s: &str) -> NaiveDate {
        s.parse().expect("date")
    }

    fn at(week: usize, session: usize) -> Option<Address> {
        Some(Address { week, session })
    }

    #[test]
    fn on_time_it_fits_and_a_session_late_it_does_not() {
        let p = plan();
        let on_time = Schedule {
            next: at(1, 2),
            shift: 0,
        };
        assert_eq!(misfit(&p, &on_time, day("2026-11-04")), None);
        // W1D2 run again: it takes W2D1's Tuesday, and the race is late.
        let repeated = Schedule {
            next: at(1, 2),
            shift: 1,
        };
        let m = misfit(&p, &repeated, day("2026-11-08")).expect("no longer fits");
        // W1D2, the goal's 10 minutes, on Tue 10 Nov: five days before.
        assert_eq!((m.reached_on, m.goal_run_seconds), (day("2026-11-10"), 600));
        // W2D1 would fall on race day itself.
        assert_eq!(m.by_race, at(1, 2));
        assert_eq!(m.longest_run_seconds, 600);
        assert_eq!(m.later_race(), day("2026-11-22"));
        assert!(m.line().contains(
            "reaches its goal (10 min of running at a stretch) on Tue 10 Nov 2026, less than \
             a week before it"
        ));
        // The goal already run: whatever comes after, the race fits.
        let past = Schedule {
            next: at(2, 1),
            shift: 3,
        };
        assert_eq!(misfit(&p, &past, day("2026-11-12")), None);
        // On time by the plan, but days behind today: the same.
        assert!(misfit(&p, &on_time, day("2026-11-11")).is_some());
    }
}
