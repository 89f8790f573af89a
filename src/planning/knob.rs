//! What the runner sets when asking for a plan (its weeks, the race day,
//! their run days), as messages name it when they say what to change. The
//! library knows nothing of the command line: its messages say a knob in
//! words ("give 14 weeks"), and a caller may name it its own way (the
//! command line, as the flag to type) through the knob's place in each
//! message, so every sentence is written once, here in the library.

use std::fmt;

use chrono::NaiveDate;

use crate::planning::engine::Ratio;
use crate::planning::placing::RunDay;

/// A setting of the request that a message asks the runner to change.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Knob {
    /// The plan's length: this many weeks, or (`None`) more of them.
    Weeks(Option<usize>),
    /// The race day.
    RaceDate(NaiveDate),
    /// The run days: the setting itself, or (`Some`) one day as the runner
    /// writes it, `mon@22:00`.
    RunDays(Option<RunDay>),
    /// Run-walk at Galloway's 4:1 instead of continuous running.
    RunWalk,
    /// Run-walk at this ratio (walking with 30-second jogs, say).
    Ratio(Ratio),
    /// Another goal, as the runner writes it: `20min`.
    Goal(String),
}

impl fmt::Display for Knob {
    /// The knob in words, for a reader who sets it some other way than by
    /// flags.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Knob::Weeks(Some(n)) => write!(f, "{n} weeks"),
            Knob::Weeks(None) => f.write_str("more weeks"),
            Knob::RaceDate(d) => write!(f, "the race on {d}"),
            Knob::RunDays(None) => f.write_str("run days"),
            Knob::RunDays(Some(d)) => write!(f, "the run day {d}"),
            Knob::RunWalk => f.write_str("run-walk"),
            Knob::Ratio(r) => write!(f, "run-walk at {r}"),
            Knob::Goal(g) => write!(f, "the goal {g}"),
        }
    }
}

/// How a message names its knobs: [`Knob`]'s words, or a caller's own (the
/// command line's flags).
pub type Names<'a> = &'a dyn Fn(&Knob) -> String;

/// The knobs in words: what the library's own `Display` says.
pub fn in_words(k: &Knob) -> String {
    k.to_string()
}
