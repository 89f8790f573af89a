//! The adaptive coach: from a plan, the journal entries for it and today's
//! date, which session comes next and why, in one line.
//!
//! The coach replays the journal in time order, moving a pointer through the
//! plan the way a coach would on hearing each report:
//! - a session done moves on to the next one not done;
//! - a session ended early or abandoned is repeated;
//! - a week in which two sessions were rated 9 or 10, or not finished, is
//!   repeated from its first session once it is over;
//! - a break of 14 days or more goes back to the start of the week before;
//! - a session done ahead of the pointer never moves it: no session is skipped.
//!
//! All of it is pure: the same plan, entries and date give the same answer.

use std::fmt;

use chrono::NaiveDate;

use crate::history::{Entry, Outcome};
use crate::plan::{Address, Plan};
use crate::steps::format_minutes;

/// A gap this long between sessions calls for a gentle restart.
pub const BREAK_DAYS: i64 = 14;
/// An effort this high (of 10) marks a session as too hard.
pub const HARD_EFFORT: u8 = 9;
/// This many hard sessions in a week repeat the week.
pub const HARD_SESSIONS_TO_REPEAT: usize = 2;

/// Why a session counted as hard.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Hard {
    Effort(u8),
    NotFinished,
}

/// Why the coach chose the session it chose.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Reason {
    /// Nothing logged yet.
    First,
    /// The next session not done, after the one done last.
    Next { after: Address, on: NaiveDate },
    /// The last try at this session ended early, was abandoned or was cut off.
    RepeatSession {
        address: Address,
        outcome: Outcome,
        interrupted: bool,
        spent_seconds: u32,
        planned_seconds: u64,
    },
    /// The week was too hard: these sessions were rated 9 or 10, or not finished.
    RepeatWeek {
        week: usize,
        hard: Vec<(Address, Hard)>,
    },
    /// A break of `days` days after `last`: back to the start of `week`.
    Restart {
        days: i64,
        last: NaiveDate,
        week: usize,
    },
    /// A later session was logged, but this one is not done yet.
    Undone { ahead: Address },
    /// Every session is done.
    Complete,
}

/// The plan's calendar has fallen behind: the next session's date has passed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Slip {
    pub address: Address,
    pub due: NaiveDate,
    pub days_late: i64,
    /// Sessions not done whose dates have passed, from the next one on.
    pub overdue: usize,
}

/// What to run next and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Decision {
    /// None when the plan is complete.
    pub next: Option<Address>,
    pub reason: Reason,
    pub slip: Option<Slip>,
}

/// Decide the next session of `plan` from its journal entries (any order) as
/// of `today`. Entries for addresses the plan does not have are ignored.
pub fn next_session(plan: &Plan, entries: &[&Entry], today: NaiveDate) -> Decision {
    let order: Vec<Address> = plan.sessions().map(|(a, _)| a).collect();
    let mut entries: Vec<&Entry> = entries
        .iter()
        .filter(|e| order.binary_search(&e.address).is_ok())
        .copied()
        .collect();
    entries.sort_by_key(|e| e.started);
    let mut coach = Replay {
        plan,
        order: &order,
        done: vec![false; order.len()],
        at: if order.is_empty() { None } else { Some(0) },
        reason: if order.is_empty() {
            Reason::Complete
        } else {
            Reason::First
        },
        pass_start: 0,
    };
    let mut last_date: Option<NaiveDate> = None;
    for (i, e) in entries.iter().enumerate() {
        let date = e.started.date_naive();
        if let Some(prev) = last_date {
            coach.maybe_restart(prev, date, i);
        }
        last_date = Some(date);
        coach.hear(i, &entries);
    }
    if let Some(prev) = last_date {
        coach.maybe_restart(prev, today, entries.len());
    }
    let next = coach.at.map(|k| order[k]);
    let slip = coach.at.and_then(|k| slip(plan, &order[k..], today));
    Decision {
        next,
        reason: coach.reason,
        slip,
    }
}

struct Replay<'a> {
    plan: &'a Plan,
    order: &'a [Address],
    done: Vec<bool>,
    /// Index into `order` of the session to run next; None when complete.
    at: Option<usize>,
    reason: Reason,
    /// Index into the entries where the current pass through the week began.
    pass_start: usize,
}

impl Replay<'_> {
    fn index(&self, a: Address) -> usize {
        self.order.binary_search(&a).unwrap_or(0)
    }

    fn hear(&mut self, i: usize, entries: &[&Entry]) {
        let e = entries[i];
        let k = self.index(e.address);
        let at = self.at.unwrap_or(self.order.len());
        match e.outcome {
            Outcome::Done => {
                self.done[k] = true;
                if k == at {
                    self.advance(k, i, entries);
                } else if k > at {
                    self.reason = Reason::Undone { ahead: e.address };
                }
                // A session done again from the past changes nothing.
            }
            Outcome::Partial | Outcome::Abandoned => {
                if k <= at {
                    self.at = Some(k);
                    self.reason = Reason::RepeatSession {
                        address: e.address,
                        outcome: e.outcome,
                        interrupted: e.interrupted,
                        spent_seconds: e.progress.seconds_spent,
                        planned_seconds: self
                            .plan
                            .session(e.address)
                            .map_or(0, |s| s.steps.total_seconds()),
                    };
                } else {
                    self.reason = Reason::Undone { ahead: e.address };
                }
            }
        }
    }

    /// Session `k` is done: move to the next one not done, repeating the week
    /// when the week it ends was too hard.
    fn advance(&mut self, k: usize, i: usize, entries: &[&Entry]) {
        let n = self.order.len();
        let week = self.order[k].week;
        let mut j = k + 1;
        while j < n && self.done[j] && self.order[j].week == week {
            j += 1;
        }
        if j == n || self.order[j].week != week {
            let hard = week_hardness(week, &entries[self.pass_start..=i]);
            self.pass_start = i + 1;
            if hard.len() >= HARD_SESSIONS_TO_REPEAT {
                let first = self.first_of_week(week);
                self.go_back_to(first);
                self.reason = Reason::RepeatWeek { week, hard };
                return;
            }
            while j < n && self.done[j] {
                j += 1;
            }
        }
        if j < n {
            self.at = Some(j);
            self.reason = Reason::Next {
                after: self.order[k],
                on: entries[i].started.date_naive(),
            };
        } else {
            self.at = None;
            self.reason = Reason::Complete;
        }
    }

    fn maybe_restart(&mut self, last: NaiveDate, now: NaiveDate, entry_index: usize) {
        let days = (now - last).num_days();
        let Some(at) = self.at else { return };
        if days < BREAK_DAYS {
            return;
        }
        let week = self.order[at].week.saturating_sub(1).max(1);
        let first = self.first_of_week(week);
        self.go_back_to(first);
        self.pass_start = entry_index;
        self.reason = Reason::Restart {
            days,
            last,
            week: self.order[first].week,
        };
    }

    /// The first session in `week` or, if it has none, after it.
    fn first_of_week(&self, week: usize) -> usize {
        self.order.iter().position(|a| a.week >= week).unwrap_or(0)
    }

    /// Run again from `first`: what lies from there on counts as not done.
    fn go_back_to(&mut self, first: usize) {
        self.at = Some(first);
        for d in &mut self.done[first..] {
            *d = false;
        }
    }
}

/// The sessions of `week` that were hard in this pass through it, in order.
fn week_hardness(week: usize, pass: &[&Entry]) -> Vec<(Address, Hard)> {
    let mut hard: Vec<(Address, Hard)> = Vec::new();
    let mut sessions: Vec<Address> = pass
        .iter()
        .filter(|e| e.address.week == week)
        .map(|e| e.address)
        .collect();
    sessions.sort();
    sessions.dedup();
    for a in sessions {
        let tries = pass.iter().filter(|e| e.address == a);
        let not_finished = tries.clone().any(|e| e.outcome != Outcome::Done);
        let effort = tries.filter_map(|e| e.effort).max().unwrap_or(0);
        if not_finished {
            hard.push((a, Hard::NotFinished));
        } else if effort >= HARD_EFFORT {
            hard.push((a, Hard::Effort(effort)));
        }
    }
    hard
}

fn slip(plan: &Plan, rest: &[Address], today: NaiveDate) -> Option<Slip> {
    let first = *rest.first()?;
    let due = plan.session_date(first)?;
    if due >= today {
        return None;
    }
    let overdue = rest
        .iter()
        .filter(|a| plan.session_date(**a).is_some_and(|d| d < today))
        .count();
    Some(Slip {
        address: first,
        due,
        days_late: (today - due).num_days(),
        overdue,
    })
}

/// Sessions done against sessions due.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Adherence {
    /// Sessions of the plan done at least once.
    pub done: usize,
    /// Sessions dated on or before `as_of`; None when the plan has no dates.
    pub due: Option<usize>,
    /// Of those due, how many are done.
    pub done_of_due: usize,
    pub total: usize,
    pub as_of: NaiveDate,
}

/// How well the runner keeps to the plan's calendar as of `today`.
pub fn adherence(plan: &Plan, entries: &[&Entry], today: NaiveDate) -> Adherence {
    let done_at = |a: Address| {
        entries
            .iter()
            .any(|e| e.address == a && e.outcome == Outcome::Done)
    };
    let mut a = Adherence {
        done: 0,
        due: None,
        done_of_due: 0,
        total: plan.session_count(),
        as_of: today,
    };
    for (addr, _) in plan.sessions() {
        let done = done_at(addr);
        a.done += usize::from(done);
        if let Some(date) = plan.session_date(addr) {
            if date <= today {
                *a.due.get_or_insert(0) += 1;
                a.done_of_due += usize::from(done);
            } else {
                a.due.get_or_insert(0);
            }
        }
    }
    a
}

impl fmt::Display for Adherence {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.due {
            Some(0) => write!(
                f,
                "no session due by {} yet; {} of {} done in all",
                self.as_of.format("%a %-d %b %Y"),
                self.done,
                self.total
            ),
            Some(due) => write!(
                f,
                "{} of {due} sessions due by {} done ({}%); {} of {} in all",
                self.done_of_due,
                self.as_of.format("%a %-d %b %Y"),
                self.done_of_due * 100 / due,
                self.done,
                self.total
            ),
            None => write!(
                f,
                "{} of {} sessions done (the plan has no dates, so none is due)",
                self.done, self.total
            ),
        }
    }
}

fn day(d: NaiveDate) -> String {
    d.format("%a %-d %b %Y").to_string()
}

impl fmt::Display for Decision {
    /// The one-line reason.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let next = self.next.map(|a| a.to_string()).unwrap_or_default();
        match &self.reason {
            Reason::First => write!(f, "{next} is the first session of the plan"),
            Reason::Next { after, on } => {
                write!(f, "{next} is next: {after} was done on {}", day(*on))
            }
            Reason::RepeatSession {
                address,
                outcome,
                interrupted,
                spent_seconds,
                planned_seconds,
            } => {
                let how = match (outcome, interrupted) {
                    (_, true) => "was cut off",
                    (Outcome::Abandoned, _) => "was abandoned",
                    _ => "ended",
                };
                write!(
                    f,
                    "Repeating {address}: last try {how} at {} of {} minutes",
                    format_minutes(u64::from(*spent_seconds)),
                    format_minutes(*planned_seconds)
                )
            }
            Reason::RepeatWeek { week, hard } => {
                let parts: Vec<String> = hard
                    .iter()
                    .map(|(a, h)| match h {
                        Hard::Effort(e) => format!("{a} was rated {e} of 10"),
                        Hard::NotFinished => format!("{a} was not finished"),
                    })
                    .collect();
                write!(f, "Repeating week {week} from {next}: {}", join_and(&parts))
            }
            Reason::Restart { days, last, week } => write!(
                f,
                "Back to week {week} ({next}) for a gentle restart: {days} days without a \
                 session since {}",
                day(*last)
            ),
            Reason::Undone { ahead } => write!(
                f,
                "{next} is not done yet, and walkrun never skips a session ({ahead} was logged \
                 ahead of it)"
            ),
            Reason::Complete => write!(f, "Every session of the plan is done"),
        }
    }
}

impl fmt::Display for Slip {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "The calendar has slipped: {} was due {}, {} day{} ago; {} session{} overdue",
            self.address,
            day(self.due),
            self.days_late,
            if self.days_late == 1 { "" } else { "s" },
            self.overdue,
            if self.overdue == 1 { " is" } else { "s are" }
        )
    }
}

fn join_and(parts: &[String]) -> String {
    match parts {
        [] => String::new(),
        [one] => one.clone(),
        [init @ .., last] => format!("{} and {last}", init.join(", ")),
    }
}
