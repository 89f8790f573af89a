//! The adaptive coach: from a plan, the journal entries for it and today's
//! date, which session comes next and why, in one line.
//!
//! The coach replays the journal in time order, moving a pointer through the
//! plan the way a coach would on hearing each report:
//! - a session done moves on to the next one not done;
//! - a session ended early or abandoned is repeated;
//! - a session rated 9 or 10, or noted as too hard to talk or burning, is
//!   heard at once: the talk test as advice, and the session again when it
//!   was the week's hardest (when one as hard follows in the week, that one
//!   is its repeat);
//! - a week in which two sessions were so hard, or not finished, is repeated
//!   from its first session at once, before a harder one comes;
//! - two sessions in a row not finished step back a week;
//! - a niggle repeats the session, easy, and the coach asks again;
//! - a week still that hard after its repeat gets a gentler bridge week
//!   (see [`bridge`]), then the week itself again;
//! - a break of 14 days or more goes back to the start of the week before;
//! - a session done ahead of the pointer is followed: the runner did it, so
//!   the coach goes on from there and says so. Easy ratings never skip ahead.
//!
//! Rest for pain and the red flags is [`safety`]'s: the decision carries it,
//! and a rest for pain, once lifted, steps the plan back a week.
//!
//! All of it is pure: the same plan, entries and date give the same answer.
//! When in the day to run is [`when`]'s business.

pub mod bridge;
pub mod race;
pub mod safety;
pub mod when;

use std::collections::BTreeSet;
use std::fmt;

use chrono::{DateTime, FixedOffset, NaiveDate};

use crate::history::{flags_in, Entry, Flag, Level, Outcome, Pain};
use crate::plan::steps::{format_duration, format_minutes, Session};
use crate::plan::{Address, Plan};
use crate::words::{count, join_and, minutes};

/// What a coach tells a beginner who finds the sessions too hard.
pub const PACE_ADVICE: &str = "The usual cause is running too fast: slow down to a pace \
                               where you could still talk in full sentences, even if it \
                               feels barely faster than walking.";

/// The talk test, for a session that was too hard.
pub const TALK_TEST: &str = "slow down to a pace where you could still talk in full sentences \
                             (the talk test), even if it feels barely faster than walking";

/// What a coach tells a runner with a niggle.
pub const NIGGLE_ADVICE: &str = "For the niggle: run it easy, walk whenever it asks you to, and \
                                 stop if it turns sharp, grows as you run, or makes you limp. \
                                 Afterwards, say whether it is still there";

/// This many sessions in a row not finished step back a week.
pub const UNFINISHED_TO_STEP_BACK: usize = 2;

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
    /// A note that says it: too out of breath to talk, burning.
    Said(Flag),
    /// A recording whose runs went above about 85 % of the runner's
    /// highest heart rate (the limit) for a while.
    HeartRate {
        highest: u16,
        limit: u16,
    },
}

impl Hard {
    /// "rated 9 of 10", "not finished", "noted as burning".
    fn words(self) -> String {
        match self {
            Hard::Effort(e) => format!("rated {e} of 10"),
            Hard::NotFinished => "not finished".to_string(),
            Hard::Said(f) => format!("noted as {}", f.words()),
            Hard::HeartRate { highest, limit } => format!(
                "heart rate up to {highest} on the runs, above {limit}, about 85 % of your maximum"
            ),
        }
    }
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
    /// The week's hardest session was too hard: it again, slower.
    RepeatHard { address: Address, hard: Hard },
    /// A niggle in `address` on `on`: it again, easy.
    Niggle { address: Address, on: NaiveDate },
    /// Two sessions in a row were not finished: back to the start of `week`.
    StepBack {
        week: usize,
        tries: [(Address, NaiveDate); UNFINISHED_TO_STEP_BACK],
    },
    /// The rest for pain ended on `on`: back to the start of `week`.
    AfterRest { week: usize, on: NaiveDate },
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

/// The plan as the coach re-flowed it: each repeat, bridge week, step back
/// and rest it advised moves the rest of the plan with it, a session run
/// again taking the next session's day, so a runner who does what was
/// advised, when it was advised, is never behind.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Schedule {
    /// The session to run next; None when the plan is complete.
    pub next: Option<Address>,
    /// How many of the plan's days (its sessions' dates) the sessions from
    /// `next` on have moved.
    pub shift: usize,
}

impl Schedule {
    /// When `address` falls in the re-flowed plan. None for a session
    /// before the next one (its turn has come and gone) and in a plan
    /// without dates.
    pub fn date_of(&self, plan: &Plan, address: Address) -> Option<NaiveDate> {
        if self.next.is_none_or(|n| address < n) {
            return None;
        }
        let k = plan.sessions().position(|(a, _)| a == address)?;
        slot_date(plan, k + self.shift)
    }
}

/// The date of the plan's `k`-th session (from 0, in order); past its last,
/// the plan's last week again, a week on each time: where sessions moved
/// past the plan's end would go.
fn slot_date(plan: &Plan, k: usize) -> Option<NaiveDate> {
    let order: Vec<Address> = plan.sessions().map(|(a, _)| a).collect();
    let n = order.len();
    if k < n {
        return plan.session_date(order[k]);
    }
    let last_week = order.last()?.week;
    let per_week = order.iter().filter(|a| a.week == last_week).count().max(1);
    let weeks = (k - n) / per_week + 1;
    let base = plan.session_date(order[n - per_week + (k - n) % per_week])?;
    base.checked_add_days(chrono::Days::new(7 * u64::try_from(weeks).ok()?))
}

/// What to run next and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Decision {
    /// None when the plan is complete. During a [`Decision::rest`], the
    /// session that comes once it is over.
    pub next: Option<Address>,
    pub reason: Reason,
    /// Behind the re-flowed plan by a whole session or more; never during
    /// a rest.
    pub slip: Option<Slip>,
    /// The plan as the coach re-flowed it.
    pub schedule: Schedule,
    /// The re-flowed plan no longer reaches the race by its date.
    pub race: Option<race::Misfit>,
    /// The gentler steps to play instead of the plan's, in a bridge week.
    pub bridge: Option<Session>,
    /// No session now: rest first (pain, or a doctor to see).
    pub rest: Option<safety::Rest>,
    /// The last session was too hard: the talk test, now.
    pub too_hard: Option<(Address, Hard)>,
    /// The last session brought a niggle: easy, and say how it is after.
    pub niggle: Option<Address>,
}

impl Decision {
    /// The steps to play: the bridge's, or the plan's.
    pub fn steps<'a>(&'a self, plan: &'a Plan) -> Option<&'a Session> {
        self.bridge
            .as_ref()
            .or_else(|| self.next.and_then(|a| plan.session(a)).map(|s| &s.steps))
    }

    /// A second line for the runner: how to run the next session when the
    /// sessions have been too hard, or a niggle came. During a rest, what to
    /// do is the rest's own advice.
    pub fn advice(&self) -> Option<String> {
        if let Some(r) = &self.rest {
            return Some(r.advice());
        }
        let mut parts: Vec<String> = Vec::new();
        match (&self.reason, self.too_hard) {
            (Reason::Ease { .. }, _) => parts.push(PACE_ADVICE.to_string()),
            (_, Some((a, h))) => parts.push(format!(
                "{a} was too hard ({}). The usual cause is running too fast: {TALK_TEST}.",
                h.words()
            )),
            _ => {}
        }
        if let Some(a) = self.niggle {
            parts.push(format!(
                "{NIGGLE_ADVICE} (`walkrun run` asks; away from the laptop, `walkrun log add {a} \
                 --pain none`, or niggle, or sharp)."
            ));
        }
        (!parts.is_empty()).then(|| parts.join(" "))
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
    /// A note that says the session was too hard ("could not talk").
    strain: Option<Flag>,
    /// A niggle, and nothing worse, in the answer or the note.
    niggle: bool,
    /// A recording's heart rate too high on the runs: (highest, limit).
    heart: Option<(u16, u16)>,
}

impl Heard {
    /// Why this try, finished, was too hard: a 9 or 10, or a note.
    fn too_hard(&self) -> Option<Hard> {
        match (self.effort, self.strain) {
            (Some(e), _) if e >= HARD_EFFORT => Some(Hard::Effort(e)),
            (_, Some(f)) => Some(Hard::Said(f)),
            _ => self
                .heart
                .map(|(highest, limit)| Hard::HeartRate { highest, limit }),
        }
    }

    /// Why this try counts toward a week too hard.
    fn hard(&self) -> Option<Hard> {
        if self.outcome != Outcome::Done {
            Some(Hard::NotFinished)
        } else {
            self.too_hard()
        }
    }
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
/// decided on in little memory. The rest for pain and red flags is heard
/// from these entries alone; [`next_session_with`] hears the whole journal.
pub fn next_session_of<E: std::borrow::Borrow<Entry>>(
    plan: &Plan,
    entries: impl IntoIterator<Item = E>,
    today: NaiveDate,
) -> Decision {
    next_session_with(plan, entries, None, today)
}

/// [`next_session_of`], hearing pain and red flags from `body`: the whole
/// journal's sessions and check-ins (see [`safety::Body::hear`]), since a
/// sharp pain in a session outside the plan hurts all the same, and only a
/// check-in says it has gone. With None, from `entries` alone.
pub fn next_session_with<E: std::borrow::Borrow<Entry>>(
    plan: &Plan,
    entries: impl IntoIterator<Item = E>,
    body: Option<&safety::Body>,
    today: NaiveDate,
) -> Decision {
    let order: Vec<Address> = plan.sessions().map(|(a, _)| a).collect();
    let mut own = safety::Body::default();
    let mut heard: Vec<Heard> = entries
        .into_iter()
        .filter_map(|e| {
            let e = e.borrow();
            if body.is_none() {
                own.add(e);
            }
            let p = e.plan.as_ref()?;
            order.binary_search(&p.address).ok()?;
            let flags = e.note.as_deref().map(flags_in).unwrap_or_default();
            let worst = flags.first().map(|f| f.level());
            let strain = flags.iter().copied().find(|f| f.level() == Level::Strain);
            let niggle = match (e.pain, worst) {
                (Some(Pain::Sharp), _) | (_, Some(Level::Injury)) => false,
                (Some(Pain::Niggle), _) => true,
                _ => flags.contains(&Flag::Niggle),
            };
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
                strain,
                niggle,
                heart: e
                    .heart_rate
                    .filter(|h| h.too_hard())
                    .and_then(|h| Some((h.highest, h.limit?))),
            })
        })
        .collect();
    heard.sort_by_key(|e| e.started);
    let body = body.unwrap_or(&own);
    // The moments a rest for pain was lifted: the plan goes back a week
    // from each, in their place among the sessions.
    let lifted = body.lifted(today);
    let mut lifts = lifted.iter().peekable();
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
        unfinished: Vec::new(),
        too_hard: None,
        niggle: None,
        shift: 0,
    };
    let mut last_date: Option<NaiveDate> = None;
    for (i, e) in heard.iter().enumerate() {
        while let Some(at) = lifts.next_if(|t| **t < e.started) {
            // The rest stood in for the break: a restart counts from its end.
            coach.after_rest(at.date_naive(), i);
            last_date = Some(at.date_naive());
        }
        let date = e.started.date_naive();
        if let Some(prev) = last_date {
            coach.maybe_restart(prev, date, i);
        }
        last_date = Some(date);
        let before = coach.position();
        coach.hear(i, &heard);
        // The slot this try took: the session after it, when it was the
        // one advised (or ahead of it); a crash took none.
        let k = coach.index(e.address);
        let natural = match e.outcome {
            _ if e.interrupted && e.outcome != Outcome::Done => before,
            Outcome::Done => before.max(k + 1),
            _ if k >= before => before + 1,
            _ => before,
        };
        coach.reflow(natural);
    }
    for at in lifts {
        coach.after_rest(at.date_naive(), heard.len());
        last_date = Some(at.date_naive());
    }
    if let Some(prev) = last_date {
        coach.maybe_restart(prev, today, heard.len());
    }
    let next = coach.at.map(|k| order[k]);
    let rest = body.rest(today);
    let schedule = Schedule {
        next,
        shift: coach.shift,
    };
    // Resting is what the coach advised: nothing is late meanwhile.
    let slip = match (coach.at, &rest) {
        (Some(k), None) => coach.slip(k, today),
        _ => None,
    };
    let bridge = match (coach.bridging, next) {
        (Some(w), Some(a)) if a.week == w => bridge::bridge(plan, a).map(|(s, _)| s),
        _ => None,
    };
    Decision {
        next,
        reason: coach.reason,
        slip,
        schedule,
        // From today, or from the first day a rest allows a run.
        race: race::misfit(
            plan,
            &schedule,
            rest.as_ref()
                .and_then(|r| r.until)
                .map_or(today, |d| d.max(today)),
        ),
        bridge,
        rest,
        too_hard: coach.too_hard,
        niggle: coach.niggle,
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
    /// The sessions not finished since the last one finished.
    unfinished: Vec<(Address, NaiveDate)>,
    /// The last session heard was too hard.
    too_hard: Option<(Address, Hard)>,
    /// The last session heard brought a niggle.
    niggle: Option<Address>,
    /// How many of the plan's days the plan from the pointer on has moved.
    shift: usize,
}

impl Replay<'_> {
    fn index(&self, a: Address) -> usize {
        self.order.binary_search(&a).unwrap_or(0)
    }

    /// The pointer, with the plan's end for a plan complete.
    fn position(&self) -> usize {
        self.at.unwrap_or(self.order.len())
    }

    /// The date the session at `k` falls on in the re-flowed plan.
    fn due(&self, k: usize) -> Option<NaiveDate> {
        slot_date(self.plan, k + self.shift)
    }

    /// The coach put the pointer before `natural`, where the plan would
    /// have gone on: the rest of the plan moves with it, the session run
    /// again taking the day of the one that was to come.
    fn reflow(&mut self, natural: usize) {
        self.shift += natural.saturating_sub(self.position());
    }

    /// Behind the re-flowed plan at `k` as of `today`: only from a whole
    /// session's slack on (the gap to the session after it), so a run a
    /// day late is no slip.
    fn slip(&self, k: usize, today: NaiveDate) -> Option<Slip> {
        let due = self.due(k)?;
        let slack = self.due(k + 1).map_or(1, |d| (d - due).num_days().max(1));
        let days_late = (today - due).num_days();
        if days_late < slack {
            return None;
        }
        let overdue = (k..self.order.len())
            .filter(|&j| self.due(j).is_some_and(|d| d < today))
            .count();
        Some(Slip {
            address: self.order[k],
            due,
            days_late,
            overdue,
        })
    }

    fn hear(&mut self, i: usize, entries: &[Heard]) {
        let e = entries[i];
        self.too_hard = e.too_hard().map(|h| (e.address, h));
        self.niggle = e.niggle.then_some(e.address);
        if !self.hear_outcome(i, entries) {
            return;
        }
        let k = self.index(e.address);
        if e.niggle && self.at.is_none_or(|at| at > k) {
            // Not on to a harder session with a niggle: this one again, easy.
            self.at = Some(k);
            self.reason = Reason::Niggle {
                address: e.address,
                on: e.started.date_naive(),
            };
        }
        match (e.outcome, e.interrupted) {
            (Outcome::Done, _) => self.unfinished.clear(),
            // A crash says nothing of the runner.
            (_, true) => {}
            (_, false) => {
                self.unfinished.push((e.address, e.started.date_naive()));
                if self.unfinished.len() >= UNFINISHED_TO_STEP_BACK {
                    let tries = [self.unfinished[0], self.unfinished[1]];
                    self.unfinished.clear();
                    if let Some(week) = self.back_a_week(i + 1) {
                        self.reason = Reason::StepBack { week, tries };
                    }
                }
            }
        }
    }

    /// Go back to the start of the week before the one of the next session
    /// (or of week 1), the pass starting again at entry `from`; the week
    /// gone back to, unless the plan is complete.
    fn back_a_week(&mut self, from: usize) -> Option<usize> {
        let at = self.at?;
        let week = self.order[at].week.saturating_sub(1).max(1);
        let first = self.first_of_week(week);
        self.go_back_to(first);
        self.pass_start = from;
        self.bridging = None;
        Some(self.order[first].week)
    }

    /// A rest for pain ended on `on`: back a week.
    fn after_rest(&mut self, on: NaiveDate, from: usize) {
        let natural = self.position();
        if let Some(week) = self.back_a_week(from) {
            self.reflow(natural);
            // The days of rest were the coach's too: the plan goes on from
            // the day the pain was gone.
            // (Bounded: a year of sessions at most.)
            let k = self.position();
            for _ in 0..365 {
                if self.due(k).is_none_or(|d| d >= on) {
                    break;
                }
                self.shift += 1;
            }
            self.reason = Reason::AfterRest { week, on };
            self.unfinished.clear();
            self.too_hard = None;
            self.niggle = None;
        }
    }

    /// Move the pointer for how the session ended; false for an entry
    /// there is nothing to go on from.
    fn hear_outcome(&mut self, i: usize, entries: &[Heard]) -> bool {
        let e = entries[i];
        let k = self.index(e.address);
        let at = self.at.unwrap_or(self.order.len());
        if e.bridge && self.bridging != Some(e.address.week) {
            // A bridge session from an earlier stretch: nothing to go on.
            return false;
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
        true
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
        let week_over = j == n || self.order[j].week != week;
        let pass = &entries[self.pass_start..=i];
        // Counted by tries: the hardest session too hard twice is two.
        let hard_tries = pass
            .iter()
            .filter(|e| e.address.week == week && e.hard().is_some())
            .count();
        if hard_tries >= HARD_SESSIONS_TO_REPEAT {
            // At once, not at the week's end: a harder session may be next.
            let hard = week_hardness(week, pass);
            self.pass_start = i + 1;
            if self.repeated[week] {
                self.ease(week, hard);
            } else {
                self.repeated[week] = true;
                self.go_back_to(self.first_of_week(week));
                self.reason = Reason::RepeatWeek { week, hard };
            }
            return;
        }
        if let Some(h) = entries[i].too_hard() {
            if self.hardest_left(k) {
                // The same pass goes on: a second hard try repeats the week.
                self.at = Some(k);
                self.reason = Reason::RepeatHard {
                    address: self.order[k],
                    hard: h,
                };
                return;
            }
        }
        if week_over {
            self.pass_start = i + 1;
            if self.bridging == Some(week) {
                // The bridge week went well: the week itself, as planned.
                self.bridging = None;
                self.go_back_to(self.first_of_week(week));
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
        // The week gone back moves the plan; the break itself was not
        // advised, and stays a slip.
        self.reflow(at);
        self.pass_start = entry_index;
        self.bridging = None;
        self.reason = Reason::Restart {
            days,
            last,
            week: self.order[first].week,
        };
    }

    /// Whether session `k` is its week's hardest (no session of the week
    /// asks for more running), with none as hard after it: its repeat is
    /// not already coming.
    fn hardest_left(&self, k: usize) -> bool {
        let load = |j: usize| {
            self.plan.session(self.order[j]).map_or((0, 0), |s| {
                (s.steps.run_seconds(), s.steps.longest_run_seconds())
            })
        };
        let week = self.order[k].week;
        let mine = load(k);
        self.order
            .iter()
            .enumerate()
            .filter(|(_, a)| a.week == week)
            .all(|(j, _)| load(j) < mine || (load(j) == mine && j <= k))
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
        let effort = tries.clone().filter_map(|e| e.effort).max().unwrap_or(0);
        let said = tries.clone().filter_map(|e| e.strain).next();
        let heart = tries.filter_map(|e| e.heart).next();
        if not_finished {
            hard.push((a, Hard::NotFinished));
        } else if effort >= HARD_EFFORT {
            hard.push((a, Hard::Effort(effort)));
        } else if let Some(f) = said {
            hard.push((a, Hard::Said(f)));
        } else if let Some((highest, limit)) = heart {
            hard.push((a, Hard::HeartRate { highest, limit }));
        }
    }
    hard
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
/// plan sessions done (see [`done_addresses`]), against the plan as the
/// coach re-flowed it: a session done is on time, and one not done is due
/// once its turn has passed or its re-flowed date has come.
pub fn adherence(
    plan: &Plan,
    done: &BTreeSet<Address>,
    schedule: &Schedule,
    today: NaiveDate,
) -> Adherence {
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
        if plan.session_date(addr).is_some() {
            let due = done
                || schedule.next.is_none_or(|n| addr < n)
                || schedule.date_of(plan, addr).is_some_and(|d| d <= today);
            if due {
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
            Reason::RepeatHard { address, hard } => write!(
                f,
                "Repeating {address}, the week's hardest session: it was {}",
                hard.words()
            ),
            Reason::Niggle { address, on } => write!(
                f,
                "Repeating {address}, easy: you had a niggle in it on {}",
                day(*on)
            ),
            Reason::StepBack { week, tries } => write!(
                f,
                "Back to week {week} ({next}): two sessions in a row were not finished ({} on \
                 {} and {} on {})",
                tries[0].0,
                day(tries[0].1),
                tries[1].0,
                day(tries[1].1)
            ),
            Reason::AfterRest { week, on } => write!(
                f,
                "Back to week {week} ({next}) after the rest for pain, gone as of {}",
                day(*on)
            ),
            Reason::Complete => write!(f, "Every session of the plan is done"),
        }
    }
}

fn hard_list(hard: &[(Address, Hard)]) -> String {
    let parts: Vec<String> = hard
        .iter()
        .map(|(a, h)| format!("{a} was {}", h.words()))
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
