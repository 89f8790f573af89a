//! The adaptive coach: from a plan, the journal entries for it and today's
//! date, which session comes next and why, in one line.
//!
//! The coach replays the journal in time order, moving a pointer through the
//! plan the way a coach would on hearing each report:
//! - a session done moves on to the next one not done;
//! - a session ended early or abandoned is repeated;
//! - a week in which two sessions were rated 9 or 10, or not finished, is
//!   repeated from its first session once it is over;
//! - a week still that hard after its repeat gets a gentler bridge week
//!   (see [`bridge`]), then the week itself again;
//! - a break of 14 days or more goes back to the start of the week before;
//! - a session done ahead of the pointer is followed: the runner did it, so
//!   the coach goes on from there and says so. Easy ratings never skip ahead.
//!
//! All of it is pure: the same plan, entries and date give the same answer.
//! When in the day to run is [`when`]'s business.

pub mod bridge;
pub mod when;

use std::collections::BTreeSet;
use std::fmt;

use chrono::{DateTime, FixedOffset, NaiveDate};

use crate::export::words::{count, join_and, minutes};
use crate::history::{Entry, Outcome};
use crate::plan::steps::{format_duration, format_minutes, Session};
use crate::plan::{Address, Plan};

/// What a coach tells a beginner who finds the sessions too hard.
pub const PACE_ADVICE: &str = "The usual cause is running too fast: slow down to a pace \
                               where you could still talk in full sentences, even if it \
                               feels barely faster than walking.";

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
        run_done_seconds: u32,
        run_planned_seconds: u64,
        run_skipped_seconds: u32,
    },
    /// The week was too hard: these sessions were rated 9 or 10, or not finished.
    RepeatWeek {
        week: usize,
        hard: Vec<(Address, Hard)>,
    },
    /// The week was still too hard after its repeat: a gentler bridge week
    /// first (or, when none can be made, the week before).
    Ease {
        week: usize,
        hard: Vec<(Address, Hard)>,
        how: bridge::Easing,
    },
    /// The bridge week went well: the week itself again, as planned.
    AfterBridge { week: usize },
    /// A break of `days` days after `last`: back to the start of `week`.
    Restart {
        days: i64,
        last: NaiveDate,
        week: usize,
    },
    /// The runner did `did` where the coach advised `advised`: the coach goes
    /// on from what was done.
    Followed { advised: Address, did: Address },
    /// A later session was tried and not finished: the advised one stays next.
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
    /// The gentler steps to play instead of the plan's, in a bridge week.
    pub bridge: Option<Session>,
}

impl Decision {
    /// The steps to play: the bridge's, or the plan's.
    pub fn steps<'a>(&'a self, plan: &'a Plan) -> Option<&'a Session> {
        self.bridge
            .as_ref()
            .or_else(|| self.next.and_then(|a| plan.session(a)).map(|s| &s.steps))
    }

    /// A second line for the runner, when the sessions have been too hard.
    pub fn advice(&self) -> Option<&'static str> {
        matches!(self.reason, Reason::Ease { .. }).then_some(PACE_ADVICE)
    }
}

/// One journal entry as the coach hears it.
#[derive(Debug, Clone, Copy)]
struct Heard {
    address: Address,
    bridge: bool,
    started: DateTime<FixedOffset>,
    outcome: Outcome,
    effort: Option<u8>,
    interrupted: bool,
    spent: u32,
    run_done: u32,
    run_skipped: u32,
}

/// Decide the next session of `plan` from its journal entries (any order) as
/// of `today`. Entries for addresses the plan does not have, and sessions
/// outside the plan, are ignored.
pub fn next_session(plan: &Plan, entries: &[&Entry], today: NaiveDate) -> Decision {
    next_session_of(plan, entries.iter().copied(), today)
}

/// [`next_session`] from entries taken one at a time, as
/// [`crate::history::Scan::entries`] reads them from the journal: only the
/// few fields the coach weighs are kept of each, so a long journal is
/// decided on in little memory.
pub fn next_session_of<E: std::borrow::Borrow<Entry>>(
    plan: &Plan,
    entries: impl IntoIterator<Item = E>,
    today: NaiveDate,
) -> Decision {
    let order: Vec<Address> = plan.sessions().map(|(a, _)| a).collect();
    let mut heard: Vec<Heard> = entries
        .into_iter()
        .filter_map(|e| {
            let e = e.borrow();
            let p = e.plan.as_ref()?;
            order.binary_search(&p.address).ok()?;
            Some(Heard {
                address: p.address,
                bridge: p.bridge,
                started: e.started,
                outcome: e.outcome,
                effort: e.effort,
                interrupted: e.interrupted,
                spent: e.progress.seconds_spent,
                run_done: e.progress.run_seconds_done,
                run_skipped: e.progress.run_seconds_skipped,
            })
        })
        .collect();
    heard.sort_by_key(|e| e.started);
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
        repeated: vec![false; plan.weeks.len() + 1],
        bridging: None,
    };
    let mut last_date: Option<NaiveDate> = None;
    for (i, e) in heard.iter().enumerate() {
        let date = e.started.date_naive();
        if let Some(prev) = last_date {
            coach.maybe_restart(prev, date, i);
        }
        last_date = Some(date);
        coach.hear(i, &heard);
    }
    if let Some(prev) = last_date {
        coach.maybe_restart(prev, today, heard.len());
    }
    let next = coach.at.map(|k| order[k]);
    let slip = coach.at.and_then(|k| slip(plan, &order[k..], today));
    let bridge = match (coach.bridging, next) {
        (Some(w), Some(a)) if a.week == w => bridge::bridge(plan, a).map(|(s, _)| s),
        _ => None,
    };
    Decision {
        next,
        reason: coach.reason,
        slip,
        bridge,
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
    /// By week: already repeated for being too hard, and not passed since.
    repeated: Vec<bool>,
    /// The week being run as a bridge week.
    bridging: Option<usize>,
}

impl Replay<'_> {
    fn index(&self, a: Address) -> usize {
        self.order.binary_search(&a).unwrap_or(0)
    }

    fn hear(&mut self, i: usize, entries: &[Heard]) {
        let e = entries[i];
        let k = self.index(e.address);
        let at = self.at.unwrap_or(self.order.len());
        if e.bridge && self.bridging != Some(e.address.week) {
            // A bridge session from an earlier stretch: nothing to go on.
            return;
        }
        if !e.bridge && e.outcome == Outcome::Done {
            if let Some(w) = self.bridging {
                if e.address.week >= w {
                    // The real session instead of the bridge: it went, so
                    // the bridge week is over.
                    self.bridging = None;
                }
            }
        }
        match e.outcome {
            Outcome::Done => {
                self.done[k] = true;
                if k == at {
                    self.advance(k, i, entries);
                } else if k > at {
                    let advised = self.order[at];
                    self.bridging = None;
                    self.advance(k, i, entries);
                    if let Reason::Next { .. } = self.reason {
                        self.reason = Reason::Followed {
                            advised,
                            did: e.address,
                        };
                    }
                }
                // A session done again from the past changes nothing.
            }
            Outcome::Partial | Outcome::Abandoned => {
                if k <= at {
                    self.at = Some(k);
                    let planned = self.plan.session(e.address).map(|s| &s.steps);
                    self.reason = Reason::RepeatSession {
                        address: e.address,
                        outcome: e.outcome,
                        interrupted: e.interrupted,
                        spent_seconds: e.spent,
                        planned_seconds: planned.map_or(0, Session::total_seconds),
                        run_done_seconds: e.run_done,
                        run_planned_seconds: planned.map_or(0, Session::run_seconds),
                        run_skipped_seconds: e.run_skipped,
                    };
                } else {
                    self.reason = Reason::Undone { ahead: e.address };
                }
            }
        }
    }

    /// Session `k` is done: move to the next one not done, repeating the week
    /// when the week it ends was too hard, and easing it when it stays so.
    fn advance(&mut self, k: usize, i: usize, entries: &[Heard]) {
        let n = self.order.len();
        let week = self.order[k].week;
        let mut j = k + 1;
        while j < n && self.done[j] && self.order[j].week == week {
            j += 1;
        }
        if j == n || self.order[j].week != week {
            let hard = week_hardness(week, &entries[self.pass_start..=i]);
            self.pass_start = i + 1;
            let first = self.first_of_week(week);
            if hard.len() >= HARD_SESSIONS_TO_REPEAT {
                if self.repeated[week] {
                    self.ease(week, hard);
                } else {
                    self.repeated[week] = true;
                    self.go_back_to(first);
                    self.reason = Reason::RepeatWeek { week, hard };
                }
                return;
            }
            if self.bridging == Some(week) {
                // The bridge week went well: the week itself, as planned.
                self.bridging = None;
                self.go_back_to(first);
                self.reason = Reason::AfterBridge { week };
                return;
            }
            self.repeated[week] = false;
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

    /// Too hard even after a repeat: a bridge week, or the week before when
    /// no bridge can be made.
    fn ease(&mut self, week: usize, hard: Vec<(Address, Hard)>) {
        let first = self.first_of_week(week);
        let how = bridge::easing(self.plan, week);
        let to = match how {
            bridge::Easing::WeekBefore { week: before } => {
                self.bridging = None;
                self.repeated[week] = false;
                self.first_of_week(before)
            }
            _ => {
                self.bridging = Some(week);
                first
            }
        };
        self.go_back_to(to);
        self.reason = Reason::Ease { week, hard, how };
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
        self.bridging = None;
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
fn week_hardness(week: usize, pass: &[Heard]) -> Vec<(Address, Hard)> {
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

/// The plan sessions these entries did (bridge versions do not count).
pub fn done_addresses<'a>(entries: impl IntoIterator<Item = &'a Entry>) -> BTreeSet<Address> {
    entries
        .into_iter()
        .filter(|e| e.outcome == Outcome::Done)
        .filter_map(|e| e.plan.as_ref().filter(|p| !p.bridge).map(|p| p.address))
        .collect()
}

/// How well the runner keeps to the plan's calendar as of `today`, from the
/// plan sessions done (see [`done_addresses`]).
pub fn adherence(plan: &Plan, done: &BTreeSet<Address>, today: NaiveDate) -> Adherence {
    let mut a = Adherence {
        done: 0,
        due: None,
        done_of_due: 0,
        total: plan.session_count(),
        as_of: today,
    };
    for (addr, _) in plan.sessions() {
        let done = done.contains(&addr);
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
                "{} of {} due by {} done ({}%); {} of {} in all",
                self.done_of_due,
                count(due, "session"),
                self.as_of.format("%a %-d %b %Y"),
                self.done_of_due * 100 / due,
                self.done,
                self.total
            ),
            None => write!(
                f,
                "{} of {} done (the plan has no dates, so none is due)",
                self.done,
                count(self.total, "session")
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
                write!(f, "{next} is next: {after} was done on {}", day(*on))?;
                if self.bridge.is_some() {
                    write!(f, "; the bridge week goes on")?;
                }
                Ok(())
            }
            Reason::RepeatSession {
                address,
                outcome,
                interrupted,
                spent_seconds,
                planned_seconds,
                run_done_seconds,
                run_planned_seconds,
                run_skipped_seconds,
            } => {
                let how = match (outcome, interrupted) {
                    (_, true) => "was cut off",
                    (Outcome::Abandoned, _) => "was abandoned",
                    _ => "ended",
                };
                if *run_skipped_seconds > 0 {
                    let planned = format_minutes(*run_planned_seconds);
                    write!(
                        f,
                        "Repeating {address}: last try ran {} of its {planned} {} of running, \
                         and skipped {}",
                        format_duration(u64::from(*run_done_seconds)),
                        minutes(&planned),
                        format_duration(u64::from(*run_skipped_seconds))
                    )
                } else {
                    let planned = format_minutes(*planned_seconds);
                    write!(
                        f,
                        "Repeating {address}: last try {how} at {} of {planned} {}",
                        format_minutes(u64::from(*spent_seconds)),
                        minutes(&planned)
                    )
                }
            }
            Reason::RepeatWeek { week, hard } => {
                write!(f, "Repeating week {week} from {next}: {}", hard_list(hard))
            }
            Reason::Ease { week, hard, how } => write!(
                f,
                "Week {week} is still too hard after a repeat ({}): {how}",
                hard_list(hard)
            ),
            Reason::AfterBridge { week } => write!(
                f,
                "The bridge week went well: week {week} again as planned, from {next}"
            ),
            Reason::Restart { days, last, week } => write!(
                f,
                "Back to week {week} ({next}) for a gentle restart: {days} days without a \
                 session since {}",
                day(*last)
            ),
            Reason::Followed { advised, did } => write!(
                f,
                "{next} is next: you ran {did} where {advised} was advised, so the plan goes on \
                 from what you did"
            ),
            Reason::Undone { ahead } => write!(
                f,
                "{next} is next, as advised: {ahead} was tried ahead of it and not finished"
            ),
            Reason::Complete => write!(f, "Every session of the plan is done"),
        }
    }
}

fn hard_list(hard: &[(Address, Hard)]) -> String {
    let parts: Vec<String> = hard
        .iter()
        .map(|(a, h)| match h {
            Hard::Effort(e) => format!("{a} was rated {e} of 10"),
            Hard::NotFinished => format!("{a} was not finished"),
        })
        .collect();
    join_and(&parts)
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
