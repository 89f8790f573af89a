//! A plan laid out on a line of days, with the figures every rule needs worked
//! out once: which day each session falls on, its running time, each week's load.

use chrono::{Datelike, Days, NaiveDate, Weekday};

use crate::plan::{minute_of_day, Address, Lift, Plan, PlannedSession};

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
}

impl PlacedSession<'_> {
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
    pub fn new(plan: &'a Plan) -> Placed<'a> {
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
            });
        }
        let mut weeks = vec![WeekLoad::default(); plan.weeks.len()];
        for s in &sessions {
            let w = &mut weeks[s.addr.week - 1];
            w.run_seconds += s.run_seconds;
            w.longest_run_seconds = w.longest_run_seconds.max(s.longest_run_seconds);
        }
        Placed {
            plan,
            sessions,
            weeks,
            first_weekday,
        }
    }

    /// The weekday of a day index.
    pub fn weekday_of(&self, day_index: i64) -> Weekday {
        let mut d = self.first_weekday;
        for _ in 0..day_index.rem_euclid(7) {
            d = d.succ();
        }
        d
    }

    /// The lifts that fall on a day.
    pub fn lifts_on(&self, day_index: i64) -> impl Iterator<Item = &'a Lift> {
        let day = self.weekday_of(day_index);
        self.plan.lifts.iter().filter(move |l| l.day == day)
    }

    /// A lift's start and end in minutes from the first day of week 1.
    pub fn lift_span(lift: &Lift, day_index: i64) -> (i64, i64) {
        let start = day_index * MINUTES_PER_DAY + i64::from(minute_of_day(lift.at));
        (start, start + i64::from(lift.minutes))
    }
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
