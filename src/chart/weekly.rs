//! The journal week by week: running planned against running done, and the
//! longest run, for `walkrun log --chart`. Entries are added one at a time,
//! so the journal can stream through.

use std::collections::BTreeSet;

use chrono::{Datelike, Days, NaiveDate};

use super::{Panel, Row, Value};
use crate::history::Entry;
use crate::plan::Address;
use crate::Plan;

/// Calendar weeks (Monday to Sunday) from `first` to the week of `last`.
#[derive(Debug, Clone)]
pub struct Weekly {
    first: NaiveDate,
    weeks: Vec<Tally>,
}

#[derive(Debug, Clone, Copy, Default)]
struct Tally {
    planned: u64,
    done: u64,
    longest: u64,
}

fn monday(d: NaiveDate) -> NaiveDate {
    d.checked_sub_days(Days::new(u64::from(d.weekday().num_days_from_monday())))
        .unwrap_or(d)
}

impl Weekly {
    /// The `weeks` calendar weeks up to and including the week of `today`.
    pub fn new(today: NaiveDate, weeks: u32) -> Weekly {
        let last = monday(today);
        let first = last
            .checked_sub_days(Days::new(7 * u64::from(weeks.max(1) - 1)))
            .unwrap_or(last);
        Weekly {
            first,
            weeks: vec![Tally::default(); weeks.max(1) as usize],
        }
    }

    fn week(&mut self, d: NaiveDate) -> Option<&mut Tally> {
        let i = usize::try_from((d - self.first).num_days()).ok()? / 7;
        self.weeks.get_mut(i)
    }

    /// Count one session: its running as planned and as done. `plan` is the
    /// current plan, for older entries that did not record what was planned.
    pub fn add(&mut self, e: &Entry, plan: Option<&Plan>) {
        let planned_session = match (&e.plan, plan) {
            (Some(ps), Some(p)) if ps.name == p.name => p.session(ps.address),
            _ => None,
        };
        let run_done = u64::from(e.progress.run_seconds_done);
        let planned = e
            .run_seconds_planned
            .map(u64::from)
            .or_else(|| planned_session.map(|s| s.steps.run_seconds()))
            .unwrap_or(run_done);
        let longest = if e.longest_known {
            u64::from(e.progress.longest_run_seconds)
        } else {
            planned_session.map_or(run_done, |s| s.steps.longest_run_seconds().min(run_done))
        };
        if let Some(t) = self.week(e.started.date_naive()) {
            t.planned += planned;
            t.done += run_done;
            t.longest = t.longest.max(longest);
        }
    }

    /// Count the dated sessions of `plan` that were never tried as planned
    /// in their weeks (up to the current one), so missed running shows.
    pub fn add_untried(&mut self, plan: &Plan, tried: &BTreeSet<Address>) {
        for (a, s) in plan.sessions() {
            if tried.contains(&a) {
                continue;
            }
            if let Some(d) = plan.session_date(a) {
                if let Some(t) = self.week(d) {
                    t.planned += s.steps.run_seconds();
                }
            }
        }
    }

    /// Two panels: running a week, planned and done; the longest run.
    pub fn panels(&self) -> Vec<Panel> {
        let label = |i: usize| {
            self.first
                .checked_add_days(Days::new(7 * i as u64))
                .map_or_else(String::new, |d| d.format("%-d %b").to_string())
        };
        // Weeks before the first run or planned session are empty rows that
        // only push the runner's weeks down: they start at the first one.
        let start = self
            .weeks
            .iter()
            .position(|t| t.planned > 0 || t.done > 0)
            .unwrap_or(self.weeks.len().saturating_sub(1));
        let (mut running, mut longest) = (Vec::new(), Vec::new());
        for (i, t) in self.weeks.iter().enumerate().skip(start) {
            running.push(Row {
                label: label(i),
                done: t.done,
                planned: Some(t.planned),
            });
            longest.push(Row {
                label: label(i),
                done: t.longest,
                planned: None,
            });
        }
        vec![
            Panel {
                title: "Weekly running (min), done/planned; ░ not done".into(),
                rows: running,
                value: Value::Minutes,
                color: "32",
            },
            Panel {
                title: "The longest run without a walk break".into(),
                rows: longest,
                value: Value::Clock,
                color: "36",
            },
        ]
    }
}
