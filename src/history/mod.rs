//! The journal of sessions done: append-only JSON Lines under the data folder.
//!
//! Every line is one [`Record`], written whole by a single `write` and synced.
//! A session played live writes several records under one session id (progress
//! at least every half minute, then a final one); a session logged by hand
//! writes one final record. Reading folds the records of a session into one
//! [`Entry`]: a session whose final record never came (a crash, a pulled plug)
//! reads as `partial`, with the last progress it recorded.
//!
//! The journal is never rewritten. A torn last line (a write cut off by a
//! crash) is copied aside and cut off. Any other line that cannot be read (a
//! damaged line, a line from a newer walkrun) is skipped with a warning that
//! names the file and line, and stays in the file as it is; new sessions are
//! still appended to the journal, so `log` and `next` see them. Only when the
//! journal cannot be written at all do records go to a side file, which every
//! reader reads too.
//!
//! The journal is only ever a regular file, checked before it is opened (a
//! FIFO would block, `/dev/zero` never ends): anything else at its name is
//! left alone, with a warning, and records go to the side file. So does a
//! file that holds no journal entry at all (a link to some other file): it
//! is neither repaired nor appended to. An append that fails (a full disk)
//! is cut back to where it started, under the lock, so it leaves no torn line.
//!
//! Reading streams: [`Journal::scan`] keeps a small index (where each
//! session's last word is), never the file, so a journal of any size is read
//! in little memory.

mod current;
mod feedback;
mod journal;
mod recorded_pace;
mod recorder;
mod time_trial;

use std::fmt;
use std::path::PathBuf;

use chrono::{DateTime, FixedOffset};
use serde::{Deserialize, Deserializer, Serialize, Serializer};
use thiserror::Error;

use crate::plan::steps::Session;
use crate::plan::Address;

pub use current::{current_plan, set_current_plan, PlanRef, CURRENT_FILE};
pub use feedback::{flags_in, pain_in, parse_effort_answer, parse_pain_answer, Flag, Level};
pub(crate) use journal::read_regular;
pub use journal::{History, Journal, Scan, Target, JOURNAL_FILE, SIDE_FILE};
pub use recorded_pace::{recorded_easy_pace, RecordedPace};
pub use recorder::{Recorder, SessionStart, PROGRESS_INTERVAL_SECONDS};
pub use time_trial::{
    easy_pace_from_trial, latest_trial, trial_distance_words, trial_metres, untrusted_why,
    TrialPace, EASY_ADDS_SECONDS_PER_KM, TRIAL_DAYS,
};

/// The journal format this walkrun writes and the newest it reads. Format 3
/// added the check-in line (`"kind":"check"`: pain said between sessions,
/// or said gone), which an older reader must skip rather than misread.
/// Keys added within a format are optional, and a reader of that format
/// that does not know them leaves them aside: the pain answer, and (with
/// `log import`) the recording a session came from, its heart rate and the
/// ground it covered.
pub const FORMAT_VERSION: u32 = 3;

/// The environment variable that moves the data folder (tests use it).
pub const HOME_VAR: &str = "WALKRUN_HOME";

/// The folder holding the journal and the current plan: `$WALKRUN_HOME`, or the
/// platform's data folder (`~/.local/share/walkrun` on Linux).
pub fn data_dir() -> Result<PathBuf, HistoryError> {
    if let Some(home) = std::env::var_os(HOME_VAR) {
        if !home.is_empty() {
            return Ok(PathBuf::from(home));
        }
    }
    directories::ProjectDirs::from("", "", "walkrun")
        .map(|d| d.data_dir().to_path_buf())
        .ok_or(HistoryError::NoDataDir)
}

/// How a session ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Outcome {
    /// Played or run to the end.
    Done,
    /// Ended early, or cut off with no final record.
    Partial,
    /// Given up: the runner stopped and said so.
    Abandoned,
}

impl fmt::Display for Outcome {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Outcome::Done => "done",
            Outcome::Partial => "partial",
            Outcome::Abandoned => "abandoned",
        })
    }
}

impl std::str::FromStr for Outcome {
    type Err = String;
    fn from_str(s: &str) -> Result<Outcome, String> {
        match s {
            "done" => Ok(Outcome::Done),
            "partial" => Ok(Outcome::Partial),
            "abandoned" => Ok(Outcome::Abandoned),
            _ => Err(format!(
                "expected done, partial or abandoned, found {}",
                crate::sys::safe_text::quoted(s)
            )),
        }
    }
}

/// The runner's answer to "any pain?": none, a niggle (noticed, easing as
/// they warm up) or sharp (sharp, growing as they run, or a limp).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Pain {
    None,
    Niggle,
    Sharp,
}

impl fmt::Display for Pain {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Pain::None => "none",
            Pain::Niggle => "niggle",
            Pain::Sharp => "sharp",
        })
    }
}

impl std::str::FromStr for Pain {
    type Err = String;
    fn from_str(s: &str) -> Result<Pain, String> {
        match s {
            "none" => Ok(Pain::None),
            "niggle" => Ok(Pain::Niggle),
            "sharp" => Ok(Pain::Sharp),
            _ => Err(format!(
                "expected none, niggle or sharp, found {}",
                crate::sys::safe_text::quoted(s)
            )),
        }
    }
}

/// What the runner said between sessions: pain that came (a niggle, sharp)
/// or that has gone (`none`, which also stands for a doctor's all-clear).
/// A journal line of its own (`"kind":"check"`), never a session: `log`,
/// adherence and the rest and lift rules do not see it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CheckIn {
    pub at: DateTime<FixedOffset>,
    pub pain: Pain,
    pub note: Option<String>,
}

/// How far a session got.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct PlanProgress {
    pub seconds_spent: u32,
    pub run_seconds_done: u32,
    pub segments_completed: u32,
    pub segments_skipped: u32,
    /// Running left out with `n`: the part of each skipped run not run.
    #[serde(default)]
    pub run_seconds_skipped: u32,
    /// The longest stretch of running without a break, as run.
    #[serde(default)]
    pub longest_run_seconds: u32,
}

/// A session counts as done when at least this share of its running (or, for
/// a session with no running, of its time) was done; skipped running is not
/// done running.
pub const DONE_PERCENT: u64 = 90;

impl PlanProgress {
    /// A session played to its end.
    pub fn whole(session: &Session) -> PlanProgress {
        PlanProgress::at(session, u32::MAX)
    }

    /// Where a session stands after `seconds` of playing it straight through:
    /// for a session logged by hand as ended early after so many minutes.
    pub fn at(session: &Session, seconds: u32) -> PlanProgress {
        let mut p = PlanProgress::default();
        let mut clock: u32 = 0;
        let mut stretch: u32 = 0;
        for seg in session.segments() {
            let end = clock.saturating_add(seg.seconds);
            let played = end.min(seconds).saturating_sub(clock);
            if seg.kind.is_run() {
                p.run_seconds_done += played;
                stretch += played;
                p.longest_run_seconds = p.longest_run_seconds.max(stretch);
            } else {
                stretch = 0;
            }
            if end <= seconds {
                p.segments_completed += 1;
            }
            clock = end;
            if clock >= seconds {
                break;
            }
        }
        p.seconds_spent = clock.min(seconds);
        p
    }

    /// The truthful outcome of a session that got this far: done when at
    /// least [`DONE_PERCENT`] of its running was run, else partial. A session
    /// without running counts its time instead.
    pub fn judge(&self, session: &Session) -> Outcome {
        let (did, planned) = match session.run_seconds() {
            0 => (u64::from(self.seconds_spent), session.total_seconds()),
            run => (u64::from(self.run_seconds_done), run),
        };
        Self::share(did, planned)
    }

    /// [`PlanProgress::judge`] against `planned` seconds of running: for a
    /// time trial, whose run lasts as long as the runner took to the
    /// distance.
    pub fn judge_running(&self, planned: u64) -> Outcome {
        Self::share(u64::from(self.run_seconds_done), planned)
    }

    fn share(did: u64, planned: u64) -> Outcome {
        if did * 100 >= planned * DONE_PERCENT {
            Outcome::Done
        } else {
            Outcome::Partial
        }
    }
}

/// Whether a line is an update of a session still going or its last word.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum RecordKind {
    Progress,
    Final,
    /// Not a session: a [`CheckIn`] (format 3).
    Check,
}

/// Which plan session a journal entry was.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PlanSession {
    /// The plan's name.
    pub name: String,
    /// [`PlanRef::key`]: an absolute path or `builtin:ID`.
    pub path: Option<String>,
    pub address: Address,
    /// Played as the coach's gentler bridge version, not as planned.
    pub bridge: bool,
}

/// One line of the journal.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Record {
    /// The journal format this line needs: a reader skips a line newer than
    /// its own format, so a line says the oldest version that can read it.
    pub v: u32,
    /// Ties the records of one session together.
    pub session: String,
    pub kind: RecordKind,
    /// The plan's name; none for a session outside any plan (`--steps`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub plan: Option<String>,
    /// Where the plan came from: an absolute path or `builtin:ID`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub plan_path: Option<String>,
    #[serde(
        default,
        with = "opt_address_text",
        skip_serializing_if = "Option::is_none"
    )]
    pub address: Option<Address>,
    #[serde(default, skip_serializing_if = "is_false")]
    pub bridge: bool,
    /// The steps as played.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub steps: Option<String>,
    #[serde(with = "date_time_text")]
    pub started: DateTime<FixedOffset>,
    pub seconds_spent: u32,
    pub run_seconds_done: u32,
    pub segments_completed: u32,
    pub segments_skipped: u32,
    #[serde(default, skip_serializing_if = "is_zero")]
    pub run_seconds_skipped: u32,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub longest_run_seconds: Option<u32>,
    /// The running the session held as planned.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub run_seconds_planned: Option<u32>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub outcome: Option<Outcome>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub effort: Option<u8>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
    /// The answer to "any pain?"; older lines, and skipped answers, lack it.
    /// An older walkrun reads such a line and leaves the key aside.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub pain: Option<Pain>,
    /// The file a session imported by `log import` came from.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub recording: Option<String>,
    /// The heart rate of the runs, from a recording.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub heart_rate: Option<HeartRate>,
    /// The ground covered, from a recording that says how fast it went.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub distance: Option<Covered>,
    /// The running's median pace in a recording, in seconds a kilometre:
    /// the runner's pace when nothing else gives one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub run_seconds_per_km: Option<u32>,
    /// A time trial's result: the distance and the time it took. An older
    /// walkrun reads such a line and leaves the key aside.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub trial: Option<TrialResult>,
}

/// A time trial's result: its distance, in whole metres, run in `seconds`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct TrialResult {
    pub metres: u32,
    pub seconds: u32,
}

/// The ground a recorded session covered, in whole metres: over its moving
/// time (`seconds_spent`) and over its running (`run_seconds_done`), so
/// each has a pace.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Covered {
    pub metres: u32,
    pub run_metres: u32,
}

/// Seconds a kilometre over `seconds` and `metres`, to the nearest; none
/// for no ground covered.
fn per_km(seconds: u32, metres: u32) -> Option<u32> {
    (metres > 0 && seconds > 0).then(|| {
        let p = (u64::from(seconds) * 1000 + u64::from(metres) / 2) / u64::from(metres);
        u32::try_from(p).unwrap_or(u32::MAX)
    })
}

/// The heart rate over a session's runs, as a recording held it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct HeartRate {
    pub average: u16,
    pub highest: u16,
    /// The line above which running was too hard (about 85 % of the
    /// runner's maximum), when the maximum was known.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub limit: Option<u16>,
    /// Seconds of running above `limit`.
    #[serde(default)]
    pub over_seconds: u32,
}

/// Running above the heart rate limit for this long made a session too
/// hard: a few seconds over is a hill or a sensor's spike.
pub const HEART_OVER_SECONDS: u32 = 30;

impl HeartRate {
    /// Whether the runs went too far above the limit.
    pub fn too_hard(&self) -> bool {
        self.limit.is_some() && self.over_seconds >= HEART_OVER_SECONDS
    }
}

fn is_false(b: &bool) -> bool {
    !b
}

fn is_zero(n: &u32) -> bool {
    *n == 0
}

impl Record {
    /// A first record for a session: no progress yet.
    pub fn new(
        plan: Option<PlanSession>,
        steps: &Session,
        started: DateTime<FixedOffset>,
    ) -> Record {
        let (name, path, address, bridge) = match plan {
            Some(p) => (Some(p.name), p.path, Some(p.address), p.bridge),
            None => (None, None, None, false),
        };
        let mut r = Record {
            v: 1,
            session: new_session_id(),
            kind: RecordKind::Progress,
            plan: name,
            plan_path: path,
            address,
            bridge,
            steps: Some(steps.to_string()),
            started,
            seconds_spent: 0,
            run_seconds_done: 0,
            segments_completed: 0,
            segments_skipped: 0,
            run_seconds_skipped: 0,
            longest_run_seconds: Some(0),
            run_seconds_planned: Some(u32::try_from(steps.run_seconds()).unwrap_or(u32::MAX)),
            outcome: None,
            effort: None,
            note: None,
            pain: None,
            recording: None,
            heart_rate: None,
            distance: None,
            run_seconds_per_km: None,
            trial: None,
        };
        r.v = r.needed_version();
        r
    }

    /// A check-in line: pain said at `at` outside a session, or said gone.
    pub fn check_in(check: &CheckIn) -> Record {
        Record {
            v: 3,
            session: new_session_id(),
            kind: RecordKind::Check,
            plan: None,
            plan_path: None,
            address: None,
            bridge: false,
            steps: None,
            started: check.at,
            seconds_spent: 0,
            run_seconds_done: 0,
            segments_completed: 0,
            segments_skipped: 0,
            run_seconds_skipped: 0,
            longest_run_seconds: None,
            run_seconds_planned: None,
            outcome: None,
            effort: None,
            note: check.note.clone(),
            pain: Some(check.pain),
            recording: None,
            heart_rate: None,
            distance: None,
            run_seconds_per_km: None,
            trial: None,
        }
    }

    /// The check-in this line is, if it is one.
    pub fn as_check_in(&self) -> Option<CheckIn> {
        (self.kind == RecordKind::Check).then(|| CheckIn {
            at: self.started,
            pain: self.pain.unwrap_or(Pain::None),
            note: self.note.clone(),
        })
    }

    /// The oldest journal format that reads this line right: sessions outside
    /// a plan and bridge sessions came with format 2; a format-1 reader would
    /// take a bridge for the real session. A check-in needs format 3.
    pub fn needed_version(&self) -> u32 {
        if self.kind == RecordKind::Check {
            3
        } else if self.address.is_none() || self.bridge {
            2
        } else {
            1
        }
    }

    /// Which plan session this is, or None for a session outside any plan;
    /// an error for a line that is neither.
    pub fn plan_session(&self) -> Result<Option<PlanSession>, &'static str> {
        match (&self.plan, self.address) {
            (Some(name), Some(address)) => Ok(Some(PlanSession {
                name: name.clone(),
                path: self.plan_path.clone(),
                address,
                bridge: self.bridge,
            })),
            (None, None) if self.steps.is_some() => Ok(None),
            (None, None) => Err("a session with neither a plan nor steps"),
            (Some(_), None) => Err("a plan session without an address"),
            (None, Some(_)) => Err("an address without a plan"),
        }
    }

    /// The journal entry this record stands for, with the outcome the reader
    /// or the recorder settled on.
    pub(crate) fn into_entry(self, outcome: Outcome, interrupted: bool) -> Entry {
        let plan = self.plan_session().ok().flatten();
        Entry {
            progress: self.progress(),
            session: self.session,
            plan,
            steps: self.steps,
            started: self.started,
            run_seconds_planned: self.run_seconds_planned,
            longest_known: self.longest_run_seconds.is_some(),
            outcome,
            effort: self.effort,
            note: self.note,
            pain: self.pain,
            interrupted,
            recording: self.recording,
            heart_rate: self.heart_rate,
            distance: self.distance,
            run_seconds_per_km: self.run_seconds_per_km,
            trial: self.trial,
        }
    }

    /// The entry a final record stands for, as the journal will read it.
    pub fn into_entry_done(self) -> Entry {
        let outcome = self.outcome.unwrap_or(Outcome::Partial);
        self.into_entry(outcome, false)
    }

    /// The record as one journal line, newline included.
    pub fn to_line(&self) -> Vec<u8> {
        // Serialising plain strings and numbers cannot fail.
        let mut line = serde_json::to_vec(self).unwrap_or_default();
        line.push(b'\n');
        line
    }

    pub fn progress(&self) -> PlanProgress {
        PlanProgress {
            seconds_spent: self.seconds_spent,
            run_seconds_done: self.run_seconds_done,
            segments_completed: self.segments_completed,
            segments_skipped: self.segments_skipped,
            run_seconds_skipped: self.run_seconds_skipped,
            longest_run_seconds: self.longest_run_seconds.unwrap_or(0),
        }
    }

    pub fn set_progress(&mut self, p: PlanProgress) {
        self.seconds_spent = p.seconds_spent;
        self.run_seconds_done = p.run_seconds_done;
        self.segments_completed = p.segments_completed;
        self.segments_skipped = p.segments_skipped;
        self.run_seconds_skipped = p.run_seconds_skipped;
        self.longest_run_seconds = Some(p.longest_run_seconds);
    }
}

/// One session as the journal knows it, its records folded together.
#[derive(Debug, Clone, PartialEq)]
pub struct Entry {
    pub session: String,
    /// The plan session it was; None for a session outside any plan.
    pub plan: Option<PlanSession>,
    /// The steps as played (older lines may not have them).
    pub steps: Option<String>,
    pub started: DateTime<FixedOffset>,
    pub progress: PlanProgress,
    /// The running the session held as planned (older lines may not say).
    pub run_seconds_planned: Option<u32>,
    /// Whether `progress.longest_run_seconds` was recorded (older lines lack it).
    pub longest_known: bool,
    pub outcome: Outcome,
    pub effort: Option<u8>,
    pub note: Option<String>,
    /// The answer to "any pain?", when it was given.
    pub pain: Option<Pain>,
    /// No final record: the session was cut off (a crash, a kill, a pulled plug).
    pub interrupted: bool,
    /// The file it was imported from (`log import`).
    pub recording: Option<String>,
    pub heart_rate: Option<HeartRate>,
    /// The ground covered, for a recording that said.
    pub distance: Option<Covered>,
    /// The running's pace in a recording, in seconds a kilometre.
    pub run_seconds_per_km: Option<u32>,
    /// A time trial's result, when this session was one and timed.
    pub trial: Option<TrialResult>,
}

impl Entry {
    /// Seconds a kilometre over the moving time, for a recording that said
    /// how far it went.
    pub fn pace_seconds_per_km(&self) -> Option<u32> {
        self.distance
            .and_then(|d| per_km(self.progress.seconds_spent, d.metres))
    }

    /// Seconds a kilometre over the running alone: the runner's running pace.
    pub fn run_pace_seconds_per_km(&self) -> Option<u32> {
        self.distance
            .and_then(|d| per_km(self.progress.run_seconds_done, d.run_metres))
    }

    /// Whether this entry belongs to the plan known by `key` (an absolute path
    /// or `builtin:ID`) and `name`. Entries written without a path match by
    /// name; sessions outside a plan belong to none.
    pub fn is_for(&self, key: &str, name: &str) -> bool {
        match &self.plan {
            Some(PlanSession { path: Some(p), .. }) => p == key,
            Some(p) => p.name == name,
            None => false,
        }
    }

    /// The plan address, for a plan session.
    pub fn address(&self) -> Option<Address> {
        self.plan.as_ref().map(|p| p.address)
    }

    /// A session outside any plan.
    pub fn is_extra(&self) -> bool {
        self.plan.is_none()
    }
}

impl Serialize for Entry {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        #[derive(Serialize)]
        struct Out<'a> {
            session: &'a str,
            plan: Option<&'a str>,
            plan_path: Option<&'a str>,
            address: Option<String>,
            extra: bool,
            bridge: bool,
            steps: Option<&'a str>,
            started: String,
            #[serde(flatten)]
            progress: &'a PlanProgress,
            run_seconds_planned: Option<u32>,
            outcome: Outcome,
            effort: Option<u8>,
            note: Option<&'a str>,
            pain: Option<Pain>,
            interrupted: bool,
            recording: Option<&'a str>,
            heart_rate: Option<HeartRate>,
            distance_metres: Option<u32>,
            pace_seconds_per_km: Option<u32>,
            run_distance_metres: Option<u32>,
            run_pace_seconds_per_km: Option<u32>,
            trial: Option<TrialResult>,
        }
        Out {
            session: &self.session,
            plan: self.plan.as_ref().map(|p| p.name.as_str()),
            plan_path: self.plan.as_ref().and_then(|p| p.path.as_deref()),
            address: self.address().map(|a| a.to_string()),
            extra: self.is_extra(),
            bridge: self.plan.as_ref().is_some_and(|p| p.bridge),
            steps: self.steps.as_deref(),
            started: self.started.format("%Y-%m-%dT%H:%M:%S%:z").to_string(),
            progress: &self.progress,
            run_seconds_planned: self.run_seconds_planned,
            outcome: self.outcome,
            effort: self.effort,
            note: self.note.as_deref(),
            pain: self.pain,
            interrupted: self.interrupted,
            recording: self.recording.as_deref(),
            heart_rate: self.heart_rate,
            distance_metres: self.distance.map(|d| d.metres),
            pace_seconds_per_km: self.pace_seconds_per_km(),
            run_distance_metres: self.distance.map(|d| d.run_metres),
            run_pace_seconds_per_km: self.run_pace_seconds_per_km(),
            trial: self.trial,
        }
        .serialize(s)
    }
}

/// A new session id: unique across processes without a random source, since
/// it joins the clock to the process id and a counter.
pub fn new_session_id() -> String {
    use std::sync::atomic::{AtomicU32, Ordering};
    static COUNTER: AtomicU32 = AtomicU32::new(0);
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_nanos());
    format!(
        "{nanos:x}-{:x}-{}",
        std::process::id(),
        COUNTER.fetch_add(1, Ordering::Relaxed)
    )
}

/// Everything that can go wrong with the journal or the current plan.
#[derive(Debug, Error)]
pub enum HistoryError {
    #[error("no data folder for the journal: set {HOME_VAR} or HOME")]
    NoDataDir,
    #[error("{}: cannot write: {source}", .path.display())]
    Write {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    #[error("{}: is {what}, not a regular file; walkrun keeps its journal only in regular files", .path.display())]
    NotAFile { path: PathBuf, what: &'static str },
    #[error("{}: holds no journal entry (it is some other file); walkrun leaves it as it is", .path.display())]
    NotAJournal { path: PathBuf },
    #[error("{}: {message}", .path.display())]
    CurrentPlan { path: PathBuf, message: String },
}

/// `W3D2` as a string in JSON.
mod opt_address_text {
    use super::*;

    pub fn serialize<S: Serializer>(a: &Option<Address>, s: S) -> Result<S::Ok, S::Error> {
        match a {
            Some(a) => s.collect_str(a),
            None => s.serialize_none(),
        }
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Option<Address>, D::Error> {
        let text = Option::<std::borrow::Cow<str>>::deserialize(d)?;
        text.map(|t| t.parse().map_err(serde::de::Error::custom))
            .transpose()
    }
}

/// RFC 3339 with the local offset, to the second: what the runner's clock said.
mod date_time_text {
    use super::*;

    pub fn serialize<S: Serializer>(t: &DateTime<FixedOffset>, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(&t.format("%Y-%m-%dT%H:%M:%S%:z"))
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<DateTime<FixedOffset>, D::Error> {
        let text = std::borrow::Cow::<str>::deserialize(d)?;
        DateTime::parse_from_rfc3339(&text).map_err(|e| {
            serde::de::Error::custom(format!(
                "started: expected a date-time like 2026-12-08T18:00:00+01:00, found {} ({e})",
                crate::sys::safe_text::quoted(&text)
            ))
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn progress_at_counts_running_up_to_the_cut() {
        let s = crate::plan::steps::parse("warmup 5m, 3x(run 1m, walk 2m), cooldown 5m").unwrap();
        let p = PlanProgress::at(&s, 5 * 60 + 60 + 120 + 30);
        assert_eq!(p.run_seconds_done, 90);
        assert_eq!(p.segments_completed, 3);
        assert_eq!(p.seconds_spent, 5 * 60 + 60 + 120 + 30);
        let whole = PlanProgress::whole(&s);
        assert_eq!(u64::from(whole.seconds_spent), s.total_seconds());
        assert_eq!(u64::from(whole.run_seconds_done), s.run_seconds());
        assert_eq!(whole.segments_completed as usize, s.segments().len());
    }

    #[test]
    fn a_record_is_one_line_and_reads_back() {
        let steps =
            crate::plan::steps::parse("warmup 5m, 3x(run 3m, walk 2m), cooldown 5m").unwrap();
        let plan = PlanSession {
            name: "Couch to 5K".into(),
            path: Some("builtin:couch-to-5k".into()),
            address: "W3D2".parse().unwrap(),
            bridge: false,
        };
        let started = DateTime::parse_from_rfc3339("2026-12-08T18:00:00+01:00").unwrap();
        let mut r = Record::new(Some(plan), &steps, started);
        r.kind = RecordKind::Final;
        r.set_progress(PlanProgress::whole(&steps));
        r.outcome = Some(Outcome::Done);
        r.effort = Some(7);
        r.note = Some("rain,\nthen sun".into());
        assert_eq!(r.v, 1, "a plan session reads in format 1");
        let line = r.to_line();
        assert_eq!(line.iter().filter(|&&b| b == b'\n').count(), 1);
        assert_eq!(line.last(), Some(&b'\n'));
        let back: Record = serde_json::from_slice(&line).unwrap();
        assert_eq!(back, r);
        // A session outside any plan needs format 2.
        let extra = Record::new(None, &steps, started);
        assert_eq!((extra.v, extra.plan_session()), (2, Ok(None)));
    }

    #[test]
    fn done_means_ninety_percent_of_the_running() {
        let s = crate::plan::steps::parse("warmup 5m, 10x(run 1m, walk 1m), cooldown 5m").unwrap();
        let mut p = PlanProgress::whole(&s);
        assert_eq!(p.judge(&s), Outcome::Done);
        p.run_seconds_done = 540;
        assert_eq!(p.judge(&s), Outcome::Done);
        p.run_seconds_done = 539;
        assert_eq!(p.judge(&s), Outcome::Partial);
        // No running at all: time on feet counts.
        let walk = crate::plan::steps::parse("walk 30m").unwrap();
        assert_eq!(PlanProgress::at(&walk, 27 * 60).judge(&walk), Outcome::Done);
        assert_eq!(
            PlanProgress::at(&walk, 20 * 60).judge(&walk),
            Outcome::Partial
        );
    }
}
