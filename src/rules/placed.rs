//! A plan laid out on a line of days, with the figures every rule needs worked
//! out once: which day each session falls on, its running time, each week's load.

use chrono::{Datelike, Days, NaiveDate, Weekday};

use super::{RuleId, Settings};
use crate::plan::{minute_of_day, Address, Lift, Plan, PlannedSession, Purpose};

/// One session with where it falls.
#[derive(Debug, Clone)]
pub struct PlacedSession<'a> {
    pub addr: Address,
    /// Days from the first day of week 1 (which is Monday when the plan has no
    /// start date); `None` when the session has no day.
    pub day_index: Option<i64>,
    pub weekday: Option<Weekday>,
    pub date: Option<NaiveDate>,
    /// Start, in minutes from midnight.
    pub at: Option<u32>,
    pub session: &'a PlannedSession,
    pub total_seconds: u64,
    pub run_seconds: u64,
    pub longest_run_seconds: u64,
    /// A few minutes of jogging straight after a lift (`cooldown-jog`): not a
    /// run for the rules that count runs or load.
    pub cooldown: bool,
}

impl PlacedSession<'_> {
    /// Counts toward the week's load: neither a cool-down jog nor the race
    /// (the race is the test, not training).
    pub fn is_training(&self) -> bool {
        !self.cooldown && !self.is_race()
    }

    pub fn is_race(&self) -> bool {
        self.session.purpose == Some(Purpose::Race)
    }

    /// The plan file's line of this session, when it was read from a file.
    pub fn line(&self) -> Option<usize> {
        self.session.line.0
    }

    /// "W2D1 (Mon 14 Dec)", "W2D1 (Mon)" or "W2D1": how messages name a session.
    pub fn label(&self) -> String {
        match (self.date, self.weekday) {
            (Some(d), _) => format!("{} ({})", self.addr, d.format("%a %-d %b")),
            (None, Some(w)) => format!("{} ({})", self.addr, day_word(w)),
            (None, None) => self.addr.to_string(),
        }
    }

    /// Start and end in minutes from the first day of week 1, when timed.
    pub fn span(&self) -> Option<(i64, i64)> {
        let start = self.day_index? * MINUTES_PER_DAY + i64::from(self.at?);
        Some((start, start + self.total_seconds.div_ceil(60) as i64))
    }
}

/// The running load of one week.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct WeekLoad {
    pub run_seconds: u64,
    pub longest_run_seconds: u64,
}

pub const MINUTES_PER_DAY: i64 = 24 * 60;

/// The plan on a line of days.
#[derive(Debug, Clone)]
pub struct Placed<'a> {
    pub plan: &'a Plan,
    pub sessions: Vec<PlacedSession<'a>>,
    /// Index 0 is week 1.
    pub weeks: Vec<WeekLoad>,
    first_weekday: Weekday,
}

impl<'a> Placed<'a> {
    pub fn new(plan: &'a Plan, settings: &Settings) -> Placed<'a> {
        let first_weekday = plan.start.map_or(Weekday::Mon, |d| d.weekday());
        let mut sessions = Vec::with_capacity(plan.session_count());
        for (addr, s) in plan.sessions() {
            let day_index = s.day.map(|day| {
                let offset =
                    (7 + day.num_days_from_monday() - first_weekday.num_days_from_monday()) % 7;
                7 * (addr.week as i64 - 1) + i64::from(offset)
            });
            let date = match (plan.start, day_index) {
                (Some(start), Some(i)) => start.checked_add_days(Days::new(i as u64)),
                _ => None,
            };
            sessions.push(PlacedSession {
                addr,
                day_index,
                weekday: s.day,
                date,
                at: s.at.map(minute_of_day),
                session: s,
                total_seconds: s.steps.total_seconds(),
                run_seconds: s.steps.run_seconds(),
                longest_run_seconds: s.steps.longest_run_seconds(),
                cooldown: false,
            });
        }
        let mut placed = Placed {
            plan,
            sessions,
            weeks: vec![WeekLoad::default(); plan.weeks.len()],
            first_weekday,
        };
        let cooldown: Vec<bool> = placed
            .sessions
            .iter()
            .map(|s| placed.is_cooldown_jog(s, settings))
            .collect();
        for (s, c) in placed.sessions.iter_mut().zip(cooldown) {
            s.cooldown = c;
        }
        for s in placed.sessions.iter().filter(|s| s.is_training()) {
            let w = &mut placed.weeks[s.addr.week - 1];
            w.run_seconds += s.run_seconds;
            w.longest_run_seconds = w.longest_run_seconds.max(s.longest_run_seconds);
        }
        placed
    }

    /// A run that is really the cool-down the article recommends: a few
    /// minutes of easy jogging straight after a lift, also after one that ran
    /// past midnight.
    fn is_cooldown_jog(&self, s: &PlacedSession, settings: &Settings) -> bool {
        let Some(day) = s.day_index else { return false };
        s.run_seconds > 0
            && self
                .lifts_touching(day)
                .any(|(l, lift_day)| cooldown_after(s, Self::lift_span(&l, lift_day).1, settings))
    }

    /// The lifts that share a day's hours: those on the day, and those of the
    /// day before that run past midnight into it; with the day each started.
    pub fn lifts_touching(&self, day_index: i64) -> impl Iterator<Item = (Lift, i64)> {
        let today = self
            .lifts_on(day_index)
            .into_iter()
            .map(move |l| (l, day_index));
        let last_night = self
            .lifts_on(day_index - 1)
            .into_iter()
            .filter(|l| l.end_minute() > MINUTES_PER_DAY as u32)
            .map(move |l| (l, day_index - 1));
        today.chain(last_night)
    }

    /// The weekday of a day index.
    pub fn weekday_of(&self, day_index: i64) -> Weekday {
        let mut d = self.first_weekday;
        for _ in 0..day_index.rem_euclid(7) {
            d = d.succ();
        }
        d
    }

    /// The date of a day index, when the plan has a start.
    pub fn date_of(&self, day_index: i64) -> Option<NaiveDate> {
        let start = self.plan.start?;
        if day_index >= 0 {
            start.checked_add_days(Days::new(day_index as u64))
        } else {
            start.checked_sub_days(Days::new(day_index.unsigned_abs()))
        }
    }

    /// The lifts that fall on a day: on a dated plan as its lift exceptions
    /// leave them (`Plan::lifts_on`), else every lift of the weekday.
    pub fn lifts_on(&self, day_index: i64) -> Vec<Lift> {
        match self.date_of(day_index) {
            Some(date) => self.plan.lifts_on(date),
            None => {
                let day = self.weekday_of(day_index);
                self.plan
                    .lifts
                    .iter()
                    .filter(|l| l.day == day)
                    .cloned()
                    .collect()
            }
        }
    }

    /// A lift's start and end in minutes from the first day of week 1.
    pub fn lift_span(lift: &Lift, day_index: i64) -> (i64, i64) {
        let start = day_index * MINUTES_PER_DAY + i64::from(minute_of_day(lift.at));
        (start, start + i64::from(lift.minutes))
    }
}

/// Whether a run starting after a lift that ends at `lift_end` is a cool-down
/// jog: starting soon after, with only a few minutes of running.
pub fn cooldown_after(s: &PlacedSession, lift_end: i64, settings: &Settings) -> bool {
    let Some((start, _)) = s.span() else {
        return false;
    };
    settings.enabled(RuleId::CooldownJog)
        && start >= lift_end
        && start - lift_end <= settings.cooldown_jog_within_minutes.round() as i64
        && s.run_seconds <= Settings::seconds(settings.cooldown_jog_minutes)
}

/// "Mon", as messages write a weekday.
pub fn day_word(day: Weekday) -> &'static str {
    match day {
        Weekday::Mon => "Mon",
        Weekday::Tue => "Tue",
        Weekday::Wed => "Wed",
        Weekday::Thu => "Thu",
        Weekday::Fri => "Fri",
        Weekday::Sat => "Sat",
        Weekday::Sun => "Sun",
    }
}

/// "Tuesday", for advice.
pub fn day_name(day: Weekday) -> &'static str {
    match day {
        Weekday::Mon => "Monday",
        Weekday::Tue => "Tuesday",
        Weekday::Wed => "Wednesday",
        Weekday::Thu => "Thursday",
        Weekday::Fri => "Friday",
        Weekday::Sat => "Saturday",
        Weekday::Sun => "Sunday",
    }
}

/// A span of minutes for messages: "45 min", "2 h", "2 h 30 min".
pub fn hours_minutes(minutes: i64) -> String {
    let (h, m) = (minutes / 60, minutes % 60);
    match (h, m) {
        (0, m) => format!("{m} min"),
        (h, 0) => format!("{h} h"),
        (h, m) => format!("{h} h {m} min"),
    }
}
