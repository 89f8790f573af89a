//! Does a run at a given moment keep the rules? `walkrun run` asks it before a
//! session starts and `walkrun next` when it picks the day.
//!
//! The answer comes from the same rule code as `walkrun check`: the runs
//! already done and the one proposed are laid out as a small dated plan around
//! the lift schedule, checked, and the findings about the proposed run kept.
//! Only the rules about how a run sits by lifts and other runs apply to a
//! moment; how a plan grows week to week is the planner's business.

use chrono::{Datelike, Days, NaiveDate, NaiveDateTime};

use super::{check, Finding, RuleId, Settings, Severity};
use crate::plan::steps::{Kind, Segment, Session, Step};
use crate::plan::{Address, Plan, PlannedSession, Week};

/// The rules that judge a moment.
pub const NOW_RULES: &[RuleId] = &[
    RuleId::SameDayGap,
    RuleId::CooldownJog,
    RuleId::PostLiftLimit,
    RuleId::HeavyLegs,
    RuleId::RestBetweenRuns,
];

/// How far back runs and lifts can still matter to a moment.
const LOOK_BACK_DAYS: u64 = 8;

/// A run already done, as the journal has it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DoneRun {
    pub start: NaiveDateTime,
    pub total_seconds: u64,
    pub run_seconds: u64,
}

/// What a moment is judged against: the plan (its lifts and `[rules]`) and
/// the runs done.
#[derive(Debug, Clone)]
pub struct Situation<'a> {
    /// The plan whose lifts, priority and `[rules]` apply.
    pub plan: &'a Plan,
    pub settings: Settings,
    pub runs: Vec<DoneRun>,
}

impl<'a> Situation<'a> {
    /// The plan's settings with only the rules about a moment switched on.
    pub fn new(plan: &'a Plan, runs: Vec<DoneRun>) -> Situation<'a> {
        let mut settings = Settings::from_plan(plan, "").unwrap_or_default();
        for &r in RuleId::ALL {
            if !NOW_RULES.contains(&r) {
                settings.set_enabled(r, false);
            }
        }
        Situation {
            plan,
            settings,
            runs,
        }
    }

    /// The findings (warnings and errors) about running `session` at `at`.
    pub fn check_at(&self, session: &PlannedSession, at: NaiveDateTime) -> Vec<Finding> {
        let first = at
            .date()
            .checked_sub_days(Days::new(LOOK_BACK_DAYS))
            .unwrap_or(at.date());
        let start = first
            .checked_sub_days(Days::new(u64::from(first.weekday().num_days_from_monday())))
            .unwrap_or(first);
        let mut plan = self.plan.clone();
        plan.start = Some(start);
        plan.weeks = Vec::new();
        let place = |plan: &mut Plan, s: PlannedSession, date: NaiveDate| -> Option<Address> {
            let week = usize::try_from((date - start).num_days() / 7).ok()? + 1;
            while plan.weeks.len() < week {
                plan.weeks.push(Week::default());
            }
            let sessions = &mut plan.weeks[week - 1].sessions;
            sessions.push(s);
            Some(Address {
                week,
                session: sessions.len(),
            })
        };
        for run in &self.runs {
            if run.start.date() < first || run.start > at || run.run_seconds == 0 {
                continue;
            }
            let mut s = session.clone();
            s.steps = ran(run);
            s.day = Some(run.start.weekday());
            s.at = Some(run.start.time());
            s.note = None;
            place(&mut plan, s, run.start.date());
        }
        let mut s = session.clone();
        s.day = Some(at.weekday());
        s.at = Some(at.time());
        let Some(me) = place(&mut plan, s, at.date()) else {
            return Vec::new();
        };
        check(&plan, &self.settings)
            .findings
            .into_iter()
            .filter(|f| f.address == Some(me) && f.severity >= Severity::Warning)
            .collect()
    }
}

/// A run done, as steps: its running first, then the rest of its time.
fn ran(run: &DoneRun) -> Session {
    let secs = |s: u64| u32::try_from(s).unwrap_or(u32::MAX);
    let mut steps = vec![Step::Segment(Segment::timed(
        Kind::Run,
        secs(run.run_seconds),
    ))];
    let rest = run.total_seconds.saturating_sub(run.run_seconds);
    if rest > 0 {
        steps.push(Step::Segment(Segment::timed(Kind::Walk, secs(rest))));
    }
    Session::new(steps)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn plan(lifts: &str) -> Plan {
        let text = format!(
            "name = \"P\"\n{lifts}\n[[week]]\n[[week.session]]\nsteps = \"warmup 5m, run 30m, cooldown 5m\"\n"
        );
        Plan::from_toml(&text, "p.toml").expect("plan")
    }

    fn at(s: &str) -> NaiveDateTime {
        NaiveDateTime::parse_from_str(s, "%Y-%m-%d %H:%M").expect("time")
    }

    fn ids(f: &[Finding]) -> Vec<RuleId> {
        f.iter().map(|f| f.rule).collect()
    }

    #[test]
    fn a_moment_is_judged_by_the_lift_rules_and_the_runs_done() {
        // 2026-12-07 is a Monday.
        let p = plan("[[lift]]\nday = \"mon\"\nat = \"07:00\"\nminutes = 60\nlegs = true\n");
        let session = p
            .session(Address {
                week: 1,
                session: 1,
            })
            .expect("s")
            .clone();
        let quiet = Situation::new(&p, vec![]);
        assert!(
            ids(&quiet.check_at(&session, at("2026-12-07 09:00"))).contains(&RuleId::PostLiftLimit)
        );
        // Past the gap, but 30 minutes of running on the day of heavy legs
        // is a long run on tired legs.
        assert_eq!(
            ids(&quiet.check_at(&session, at("2026-12-07 15:00"))),
            vec![RuleId::HeavyLegs]
        );
        assert_eq!(
            ids(&quiet.check_at(&session, at("2026-12-08 18:00"))),
            vec![RuleId::HeavyLegs]
        );
        assert_eq!(
            ids(&quiet.check_at(&session, at("2026-12-09 18:00"))),
            vec![]
        );
        let ran = Situation::new(
            &p,
            vec![DoneRun {
                start: at("2026-12-09 07:00"),
                total_seconds: 1800,
                run_seconds: 1200,
            }],
        );
        assert_eq!(
            ids(&ran.check_at(&session, at("2026-12-09 19:00"))),
            vec![RuleId::RestBetweenRuns]
        );
        assert_eq!(
            ids(&ran.check_at(&session, at("2026-12-10 19:00"))),
            vec![RuleId::RestBetweenRuns]
        );
        assert_eq!(ids(&ran.check_at(&session, at("2026-12-11 07:00"))), vec![]);
    }
}
