//! What the journal says about the runner's body, and when that means rest:
//! pain and the red flags of docs/coaching.md, "Safety", heard from every
//! session (of any plan, or none) and every check-in, whatever the plan.
//!
//! - Sharp pain, pain that grows, or a limp: no running until the runner
//!   says it has gone (`walkrun log clear`, or a later session answered
//!   "no pain"), and not before [`REST_DAYS`] days after it came; a
//!   physiotherapist or a doctor if it is still there after
//!   [`SEE_SOMEONE_DAYS`]. Once lifted, the plan goes back a week (the coach
//!   does that, from [`Body::lifted`]).
//! - Chest pain or tightness, dizziness, fainting, palpitations,
//!   breathlessness out of the ordinary: stop, and see a doctor before the
//!   next session, said first by every `next` until the runner clears it
//!   with a check-in (`walkrun log clear`); a session answered "no pain"
//!   does not, since pain is not what a doctor was needed for.
//! - A niggle: the session is repeated easy (the coach's business); a niggle
//!   still there at the next session it is reported in is pain that has not
//!   eased, and rests as sharp pain does.
//!
//! All of it is pure: the same entries, check-ins and day give the same rest.

use std::borrow::Borrow;

use chrono::{DateTime, Duration, FixedOffset, NaiveDate};

use crate::history::{flags_in, CheckIn, Entry, Flag, Level, Pain};
use crate::plan::Address;
use crate::sys::safe_text;

/// The fewest days of rest after sharp pain, counted from the day it came.
pub const REST_DAYS: i64 = 3;
/// Pain still there this many days after it came wants a professional look.
pub const SEE_SOMEONE_DAYS: i64 = 5;
/// How the runner says it has gone (or that a doctor has cleared them).
pub const CLEAR_COMMAND: &str = "walkrun log clear";
/// The longest note quoted back in a reason.
const QUOTE_CHARS: usize = 80;

/// Why the runner rests.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RestKind {
    /// Sharp pain, a limp, a niggle that did not ease.
    Pain,
    /// A red flag for the heart or the lungs: a doctor first.
    Doctor,
}

impl RestKind {
    pub fn as_str(self) -> &'static str {
        match self {
            RestKind::Pain => "pain",
            RestKind::Doctor => "doctor",
        }
    }
}

/// One report of something wrong: when, in which session, what was heard.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Report {
    pub at: DateTime<FixedOffset>,
    /// The plan session it was said in; None for a session outside any plan
    /// or a check-in.
    pub address: Option<Address>,
    /// A check-in, not a session.
    pub check_in: bool,
    /// What was heard, in the coach's words ("sharp pain", "dizziness").
    pub what: Vec<&'static str>,
    /// The runner's own words.
    pub note: Option<String>,
}

impl Report {
    /// "sharp pain and a limp in W1D2 on Mon 8 Dec ("shin pain, limping")".
    fn said(&self) -> String {
        let what =
            crate::words::join_and(&self.what.iter().map(|w| w.to_string()).collect::<Vec<_>>());
        let day = self.at.format("%a %-d %b");
        let mut s = match (self.check_in, self.address) {
            (true, _) => format!("{what}, said on {day}"),
            (false, Some(a)) => format!("{what} in {a} on {day}"),
            (false, None) => format!("{what} in a session on {day}"),
        };
        if let Some(n) = &self.note {
            let clean = safe_text::clean(n);
            let quoted: String = if clean.chars().count() > QUOTE_CHARS {
                let cut: String = clean.chars().take(QUOTE_CHARS - 1).collect();
                format!("{}…", cut.trim_end())
            } else {
                clean.to_string()
            };
            s.push_str(&format!(" (\"{quoted}\")"));
        }
        s
    }

    fn day(&self) -> NaiveDate {
        self.at.date_naive()
    }
}

/// The coach's word before any session: rest, why, until when, what to do.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Rest {
    pub kind: RestKind,
    /// What started it.
    pub report: Report,
    /// For pain: the latest report since, when there was one.
    pub again: Option<Report>,
    /// The first day a run may come: for pain, [`REST_DAYS`] after it came
    /// (the rest goes on past it until the runner says the pain has gone);
    /// None when only a doctor can say.
    pub until: Option<NaiveDate>,
    /// For pain: the runner said it has gone, and the days of rest are not
    /// over yet.
    pub gone: bool,
    /// The day this was judged on.
    pub today: NaiveDate,
}

fn say_day(d: NaiveDate) -> String {
    d.format("%a %-d %b").to_string()
}

impl Rest {
    /// Why, and until when, in one sentence (what follows `Rest: `).
    pub fn reason(&self) -> String {
        let mut said = self.report.said();
        if let Some(a) = &self.again {
            said.push_str(&format!(", and {}", a.said()));
        }
        match (self.kind, self.until, self.gone) {
            (RestKind::Doctor, ..) => {
                format!("stop running, and see a doctor before the next session: {said}")
            }
            (RestKind::Pain, Some(until), true) => format!(
                "no running before {}: {said} needs {REST_DAYS} days' rest even once it has gone",
                say_day(until)
            ),
            (RestKind::Pain, Some(until), false) if until > self.today => format!(
                "no running until the pain has gone, and not before {}: {said}",
                say_day(until)
            ),
            (RestKind::Pain, ..) => format!("no running until the pain has gone: {said}"),
        }
    }

    /// What to do meanwhile, and how to end the rest.
    pub fn advice(&self) -> String {
        match self.kind {
            RestKind::Doctor => format!(
                "If it comes back, comes at rest, or comes with chest pain, sweating, sickness \
                 or pain spreading to the arm, jaw or back, call an ambulance now (999, 112 or \
                 911). Once a doctor has cleared you to run, say so: `{CLEAR_COMMAND}`."
            ),
            RestKind::Pain if self.gone => "Walking is fine. The plan then goes on from a week \
                                            back."
                .to_string(),
            RestKind::Pain => {
                let days = (self.today - self.report.day()).num_days();
                let look = self.report.day() + Duration::days(SEE_SOMEONE_DAYS);
                let first = if days >= SEE_SOMEONE_DAYS {
                    format!(
                        "It has been {days} days: if it is still there, see a physiotherapist \
                         or a doctor."
                    )
                } else {
                    format!(
                        "Rest {REST_DAYS} to {SEE_SOMEONE_DAYS} days; walking is fine if it \
                         does not hurt. If it is still there on {}, see a physiotherapist or a \
                         doctor.",
                        say_day(look)
                    )
                };
                format!(
                    "{first} Once it has gone, say so: `{CLEAR_COMMAND}`; the plan then goes \
                     back a week."
                )
            }
        }
    }
}

/// One thing the body said: a session's answer and note, or a check-in.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Event {
    at: DateTime<FixedOffset>,
    address: Option<Address>,
    check_in: bool,
    /// The pain answer, if one was given.
    pain: Option<Pain>,
    flags: Vec<Flag>,
    note: Option<String>,
}

/// What the journal says about the runner's body: only the sessions and
/// check-ins that said something (a pain answer, a flag in a note), so a
/// long journal is held in little memory.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Body {
    events: Vec<Event>,
}

/// Where the reports stand after some events.
#[derive(Debug, Default)]
struct State {
    doctor: Option<Report>,
    pain: Option<Report>,
    /// The latest report of pain during a rest for it.
    again: Option<Report>,
    /// A rest for pain the runner lifted, and when.
    lifted: Option<(Report, DateTime<FixedOffset>)>,
    /// A niggle waiting for the next answer.
    niggle: Option<Report>,
    /// Every moment a rest for pain was lifted.
    lifts: Vec<DateTime<FixedOffset>>,
}

impl Body {
    /// The body as the journal's sessions (any order, any plan) and
    /// check-ins tell it.
    pub fn hear<E: Borrow<Entry>>(
        entries: impl IntoIterator<Item = E>,
        checks: &[CheckIn],
    ) -> Body {
        let mut body = Body::default();
        for e in entries {
            body.add(e.borrow());
        }
        for c in checks {
            body.add_check_in(c);
        }
        body
    }

    /// Hear one session.
    pub fn add(&mut self, e: &Entry) {
        let flags = e.note.as_deref().map(flags_in).unwrap_or_default();
        let flags: Vec<Flag> = flags
            .into_iter()
            .filter(|f| f.level() != Level::Strain)
            .collect();
        if e.pain.is_none() && flags.is_empty() {
            return;
        }
        self.push(Event {
            at: e.started,
            address: e.plan.as_ref().map(|p| p.address),
            check_in: false,
            pain: e.pain,
            flags,
            note: e.note.clone(),
        });
    }

    /// Hear one check-in.
    pub fn add_check_in(&mut self, c: &CheckIn) {
        let flags = c.note.as_deref().map(flags_in).unwrap_or_default();
        let flags = flags
            .into_iter()
            .filter(|f| f.level() != Level::Strain)
            .collect();
        self.push(Event {
            at: c.at,
            address: None,
            check_in: true,
            pain: Some(c.pain),
            flags,
            note: c.note.clone(),
        });
    }

    fn push(&mut self, e: Event) {
        // In time order; a check-in after a session of the same moment.
        let at = self.events.partition_point(|x| x.at <= e.at);
        self.events.insert(at, e);
    }

    /// Where things stand at the end of `today`.
    fn state(&self, today: NaiveDate) -> State {
        let mut s = State::default();
        for e in self.events.iter().filter(|e| e.at.date_naive() <= today) {
            let report = |what: Vec<&'static str>| Report {
                at: e.at,
                address: e.address,
                check_in: e.check_in,
                what,
                note: e.note.clone(),
            };
            let words = |level: Level| -> Vec<&'static str> {
                e.flags
                    .iter()
                    .filter(|f| f.level() == level)
                    .map(|f| f.words())
                    .collect()
            };
            let doctor = words(Level::Doctor);
            let mut injury = words(Level::Injury);
            if injury.is_empty() && e.pain == Some(Pain::Sharp) {
                injury.push(Flag::SharpPain.words());
            }
            let niggle = injury.is_empty()
                && (e.pain == Some(Pain::Niggle) || e.flags.contains(&Flag::Niggle));
            if !doctor.is_empty() && s.doctor.is_none() {
                s.doctor = Some(report(doctor.clone()));
            }
            if !injury.is_empty() {
                s.niggle = None;
                s.lifted = None;
                if s.pain.is_none() {
                    s.pain = Some(report(injury));
                    s.again = None;
                } else {
                    // Still there: the days of rest count from now.
                    s.again = Some(report(injury));
                }
            } else if niggle {
                match s.niggle.take() {
                    // Still there after the easy repeat: it is not easing.
                    Some(_) if s.pain.is_none() => {
                        s.lifted = None;
                        s.pain = Some(report(vec!["a niggle that did not ease"]));
                    }
                    Some(_) => {}
                    None => s.niggle = Some(report(vec![Flag::Niggle.words()])),
                }
            } else if e.pain == Some(Pain::None) && doctor.is_empty() {
                // Said gone: the pain rests end; only a check-in is a
                // doctor's all-clear.
                s.niggle = None;
                if e.check_in {
                    s.doctor = None;
                }
                if let Some(p) = s.pain.take() {
                    s.lifts.push(e.at);
                    s.lifted = Some((s.again.take().unwrap_or(p), e.at));
                }
            }
        }
        s
    }

    /// The rest the runner is on at the end of `today`, if any.
    pub fn rest(&self, today: NaiveDate) -> Option<Rest> {
        let s = self.state(today);
        let until = |r: &Report| Some(r.day() + Duration::days(REST_DAYS));
        if let Some(r) = s.doctor {
            return Some(Rest {
                kind: RestKind::Doctor,
                until: None,
                report: r,
                again: None,
                gone: false,
                today,
            });
        }
        if let Some(r) = s.pain {
            return Some(Rest {
                kind: RestKind::Pain,
                until: until(s.again.as_ref().unwrap_or(&r)),
                report: r,
                again: s.again,
                gone: false,
                today,
            });
        }
        match s.lifted {
            Some((r, _)) if until(&r).is_some_and(|u| u > today) => Some(Rest {
                kind: RestKind::Pain,
                until: until(&r),
                report: r,
                again: None,
                gone: true,
                today,
            }),
            _ => None,
        }
    }

    /// The moments, up to the end of `today`, at which a rest for pain was
    /// lifted: from each, the plan goes back a week.
    pub fn lifted(&self, today: NaiveDate) -> Vec<DateTime<FixedOffset>> {
        self.state(today).lifts
    }

    /// Whether nothing the runner said calls for anything.
    pub fn is_quiet(&self) -> bool {
        self.events.is_empty()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::history::{Outcome, PlanProgress, PlanSession};

    fn at(s: &str) -> DateTime<FixedOffset> {
        DateTime::parse_from_rfc3339(&format!("{s}T18:00:00+01:00")).expect("time")
    }

    fn day(s: &str) -> NaiveDate {
        at(s).date_naive()
    }

    fn entry(address: &str, date: &str, pain: Option<Pain>, note: Option<&str>) -> Entry {
        Entry {
            session: format!("{address}-{date}"),
            plan: Some(PlanSession {
                name: "Couch to 5K".into(),
                path: Some("builtin:couch-to-5k".into()),
                address: address.parse().expect("address"),
                bridge: false,
            }),
            steps: None,
            started: at(date),
            progress: PlanProgress::default(),
            run_seconds_planned: None,
            longest_known: false,
            outcome: Outcome::Done,
            effort: None,
            note: note.map(str::to_string),
            pain,
            interrupted: false,
            recording: None,
            heart_rate: None,
            distance: None,
            run_seconds_per_km: None,
            trial: None,
        }
    }

    fn check(date: &str, pain: Pain) -> CheckIn {
        CheckIn {
            at: at(date),
            pain,
            note: None,
        }
    }

    #[test]
    fn sharp_pain_rests_until_it_is_said_gone_and_three_days_have_passed() {
        let e = [entry(
            "W1D2",
            "2026-12-08",
            None,
            Some("shin pain, limping"),
        )];
        let body = Body::hear(&e, &[]);
        let rest = body.rest(day("2026-12-09")).expect("a rest");
        assert_eq!(
            (rest.kind, rest.until),
            (RestKind::Pain, Some(day("2026-12-11")))
        );
        assert_eq!(
            rest.reason(),
            "no running until the pain has gone, and not before Fri 11 Dec: a limp in W1D2 on \
             Tue 8 Dec (\"shin pain, limping\")"
        );
        assert!(rest.advice().contains("Sun 13 Dec, see a physiotherapist"));
        // Days go by: still resting, and now it is time to see someone.
        let later = body.rest(day("2026-12-20")).expect("still resting");
        assert!(later.advice().starts_with("It has been 12 days"));
        // Said gone the next day: rest until the third day all the same.
        let body = Body::hear(&e, &[check("2026-12-09", Pain::None)]);
        let rest = body.rest(day("2026-12-10")).expect("the days of rest");
        assert!(rest.gone && rest.reason().starts_with("no running before Fri 11 Dec"));
        assert_eq!(body.rest(day("2026-12-11")), None);
        assert_eq!(body.lifted(day("2026-12-11")), vec![at("2026-12-09")]);
    }

    #[test]
    fn a_red_flag_waits_for_a_check_in_not_a_painless_session() {
        let e = [
            entry("W1D1", "2026-12-08", None, Some("chest tight, dizzy")),
            entry("W1D2", "2026-12-10", Some(Pain::None), None),
        ];
        let body = Body::hear(&e, &[]);
        let rest = body.rest(day("2026-12-30")).expect("a doctor first");
        assert_eq!((rest.kind, rest.until), (RestKind::Doctor, None));
        assert!(rest.reason().starts_with(
            "stop running, and see a doctor before the next session: chest pain or \
                 tightness and dizziness in W1D1 on Tue 8 Dec"
        ));
        let body = Body::hear(&e, &[check("2026-12-12", Pain::None)]);
        assert_eq!(body.rest(day("2026-12-12")), None);
        // A doctor's all-clear is no pain rest lifted: no week back.
        assert!(body.lifted(day("2026-12-12")).is_empty());
    }

    #[test]
    fn a_niggle_that_does_not_ease_rests_and_one_that_does_not_come_back_is_forgotten() {
        let once = [entry("W1D1", "2026-12-08", Some(Pain::Niggle), None)];
        assert_eq!(Body::hear(&once, &[]).rest(day("2026-12-09")), None);
        let twice = [
            entry("W1D1", "2026-12-08", Some(Pain::Niggle), None),
            entry("W1D1", "2026-12-10", None, Some("knee a bit sore again")),
        ];
        let rest = Body::hear(&twice, &[])
            .rest(day("2026-12-10"))
            .expect("rest");
        assert!(rest
            .reason()
            .contains("a niggle that did not ease in W1D1 on Thu 10 Dec"));
        let eased = [
            entry("W1D1", "2026-12-08", Some(Pain::Niggle), None),
            entry("W1D1", "2026-12-10", Some(Pain::None), None),
            entry("W1D2", "2026-12-12", Some(Pain::Niggle), None),
        ];
        assert_eq!(Body::hear(&eased, &[]).rest(day("2026-12-12")), None);
    }

    /// The coach's replay, as `next` runs it, on Couch to 5K.
    mod replay {
        use super::*;
        use crate::coach::{next_session_with, Hard, Reason};

        fn c25k() -> crate::Plan {
            crate::plan::programs::load("couch-to-5k").expect("builtin")
        }

        fn tried(a: &str, date: &str, outcome: Outcome, effort: Option<u8>) -> Entry {
            Entry {
                outcome,
                effort,
                ..entry(a, date, None, None)
            }
        }

        fn decide(entries: &[Entry], checks: &[CheckIn], today: &str) -> crate::coach::Decision {
            let body = Body::hear(entries, checks);
            next_session_with(&c25k(), entries, Some(&body), day(today))
        }

        /// Weeks 1 to 4 done, one session every other day from 1 Nov.
        fn four_weeks() -> Vec<Entry> {
            (0..12)
                .map(|i| {
                    let a = format!("W{}D{}", i / 3 + 1, i % 3 + 1);
                    let d = chrono::NaiveDate::from_ymd_opt(2026, 11, 1).expect("date")
                        + Duration::days(2 * i);
                    tried(&a, &d.to_string(), Outcome::Done, Some(6))
                })
                .collect()
        }

        #[test]
        fn the_weeks_hardest_session_too_hard_is_run_again_and_an_easier_one_is_not() {
            let mut e = four_weeks();
            e.push(tried("W5D1", "2026-11-25", Outcome::Done, Some(10)));
            let d = decide(&e, &[], "2026-11-26");
            // W5D2 asks for more: the advice now, and on.
            assert_eq!(d.next, Some("W5D2".parse().expect("address")));
            assert_eq!(
                d.too_hard,
                Some(("W5D1".parse().expect("a"), Hard::Effort(10)))
            );
            assert!(
                d.advice().is_some_and(|a| a.contains("talk test")),
                "{:?}",
                d.advice()
            );
            let mut e = four_weeks();
            e.push(tried("W5D1", "2026-11-25", Outcome::Done, Some(7)));
            e.push(tried("W5D2", "2026-11-27", Outcome::Done, Some(7)));
            e.push(Entry {
                note: Some("could not talk at the end".into()),
                ..tried("W5D3", "2026-11-29", Outcome::Done, Some(8))
            });
            let d = decide(&e, &[], "2026-11-30");
            assert_eq!(d.next, Some("W5D3".parse().expect("address")));
            assert_eq!(
                d.to_string(),
                "Repeating W5D3, the week's hardest session: it was noted as too out of breath \
                 to talk"
            );
            // Too hard again: two in the week, the week again.
            e.push(tried("W5D3", "2026-12-01", Outcome::Done, Some(9)));
            let d = decide(&e, &[], "2026-12-02");
            assert!(
                matches!(d.reason, Reason::RepeatWeek { week: 5, .. }),
                "{d}"
            );
            assert_eq!(d.next, Some("W5D1".parse().expect("address")));
        }

        #[test]
        fn two_sessions_in_a_row_not_finished_step_back_a_week_and_a_crash_is_no_runner() {
            let mut e = four_weeks();
            e.push(tried("W5D1", "2026-11-25", Outcome::Abandoned, Some(9)));
            let cut = Entry {
                interrupted: true,
                ..tried("W5D1", "2026-11-26", Outcome::Partial, None)
            };
            e.push(cut);
            assert_eq!(
                decide(&e, &[], "2026-11-27").next,
                Some("W5D1".parse().expect("a"))
            );
            e.push(tried("W5D1", "2026-11-27", Outcome::Partial, None));
            let d = decide(&e, &[], "2026-11-28");
            assert_eq!(d.next, Some("W4D1".parse().expect("address")));
            assert_eq!(
                d.to_string(),
                "Back to week 4 (W4D1): two sessions in a row were not finished (W5D1 on Wed 25 \
                 Nov 2026 and W5D1 on Fri 27 Nov 2026)"
            );
        }

        #[test]
        fn a_niggle_repeats_the_session_easy() {
            let mut e = four_weeks();
            e.push(Entry {
                pain: Some(Pain::Niggle),
                ..tried("W5D1", "2026-11-25", Outcome::Done, Some(6))
            });
            let d = decide(&e, &[], "2026-11-26");
            assert_eq!(
                (d.next, d.to_string()),
                (
                    Some("W5D1".parse().expect("address")),
                    "Repeating W5D1, easy: you had a niggle in it on Wed 25 Nov 2026".into()
                )
            );
            assert!(d.advice().is_some_and(|a| a.contains("--pain none")));
            assert_eq!(d.rest, None);
        }

        #[test]
        fn pain_said_gone_goes_back_a_week_once_even_after_a_long_rest() {
            let mut e = four_weeks();
            e.push(Entry {
                note: Some("sharp pain in my shin".into()),
                ..tried("W5D2", "2026-11-25", Outcome::Abandoned, Some(8))
            });
            let d = decide(&e, &[], "2026-11-26");
            assert!(d.rest.is_some());
            // Three weeks off, then said gone: one week back, not two.
            let gone = [check("2026-12-16", Pain::None)];
            let d = decide(&e, &gone, "2026-12-17");
            assert_eq!(d.rest, None);
            assert_eq!(d.next, Some("W4D1".parse().expect("address")));
            assert_eq!(
                d.to_string(),
                "Back to week 4 (W4D1) after the rest for pain, gone as of Wed 16 Dec 2026"
            );
        }
    }

    #[test]
    fn pain_said_between_sessions_counts_and_later_days_do_not_see_the_future() {
        let body = Body::hear(&[] as &[Entry], &[check("2026-12-08", Pain::Sharp)]);
        let rest = body.rest(day("2026-12-08")).expect("rest");
        assert!(
            rest.reason().contains("sharp pain, said on Tue 8 Dec"),
            "{}",
            rest.reason()
        );
        assert_eq!(body.rest(day("2026-12-07")), None);
        assert!(Body::hear(&[] as &[Entry], &[]).is_quiet());
    }
}
