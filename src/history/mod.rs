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
//! crash) is copied aside and cut off; anything else that cannot be read stops
//! the reader with the file and line, leaves the file alone, and names a side
//! file that new records go to until the journal is fixed.

mod current;
mod journal;
mod recorder;

use std::fmt;
use std::path::{Path, PathBuf};

use chrono::{DateTime, FixedOffset};
use serde::{Deserialize, Deserializer, Serialize, Serializer};
use thiserror::Error;

use crate::plan::Address;
use crate::steps::Session;

pub use current::{current_plan, set_current_plan, PlanRef, CURRENT_FILE};
pub use journal::{History, Journal, Target, JOURNAL_FILE, SIDE_FILE};
pub use recorder::{Recorder, SessionStart, PROGRESS_INTERVAL_SECONDS};

/// The journal format this walkrun writes and the newest it reads.
pub const FORMAT_VERSION: u32 = 1;

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
                crate::safe_text::quoted(s)
            )),
        }
    }
}

/// How far a session got.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Progress {
    pub seconds_spent: u32,
    pub run_seconds_done: u32,
    pub segments_completed: u32,
    pub segments_skipped: u32,
}

impl Progress {
    /// A session played to its end.
    pub fn whole(session: &Session) -> Progress {
        Progress::at(session, u32::MAX)
    }

    /// Where a session stands after `seconds` of playing it straight through:
    /// for a session logged by hand as ended early after so many minutes.
    pub fn at(session: &Session, seconds: u32) -> Progress {
        let mut p = Progress::default();
        let mut clock: u32 = 0;
        for seg in session.segments() {
            let end = clock.saturating_add(seg.seconds);
            let played = end.min(seconds).saturating_sub(clock);
            if seg.kind.is_run() {
                p.run_seconds_done += played;
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
}

/// Whether a line is an update of a session still going or its last word.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum RecordKind {
    Progress,
    Final,
}

/// One line of the journal.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Record {
    /// The journal format: a reader refuses a version newer than its own.
    pub v: u32,
    /// Ties the records of one session together.
    pub session: String,
    pub kind: RecordKind,
    /// The plan's name, and where it came from: an absolute path or `builtin:ID`.
    pub plan: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub plan_path: Option<String>,
    #[serde(with = "address_text")]
    pub address: Address,
    #[serde(with = "date_time_text")]
    pub started: DateTime<FixedOffset>,
    pub seconds_spent: u32,
    pub run_seconds_done: u32,
    pub segments_completed: u32,
    pub segments_skipped: u32,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub outcome: Option<Outcome>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub effort: Option<u8>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
}

impl Record {
    /// The journal entry this record stands for, with the outcome the reader
    /// or the recorder settled on.
    pub(crate) fn into_entry(self, outcome: Outcome, interrupted: bool) -> Entry {
        Entry {
            progress: self.progress(),
            session: self.session,
            plan: self.plan,
            plan_path: self.plan_path,
            address: self.address,
            started: self.started,
            outcome,
            effort: self.effort,
            note: self.note,
            interrupted,
        }
    }

    /// The record as one journal line, newline included.
    pub fn to_line(&self) -> Vec<u8> {
        // Serialising plain strings and numbers cannot fail.
        let mut line = serde_json::to_vec(self).unwrap_or_default();
        line.push(b'\n');
        line
    }

    pub fn progress(&self) -> Progress {
        Progress {
            seconds_spent: self.seconds_spent,
            run_seconds_done: self.run_seconds_done,
            segments_completed: self.segments_completed,
            segments_skipped: self.segments_skipped,
        }
    }

    fn set_progress(&mut self, p: Progress) {
        self.seconds_spent = p.seconds_spent;
        self.run_seconds_done = p.run_seconds_done;
        self.segments_completed = p.segments_completed;
        self.segments_skipped = p.segments_skipped;
    }
}

/// One session as the journal knows it, its records folded together.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Entry {
    pub session: String,
    pub plan: String,
    pub plan_path: Option<String>,
    #[serde(with = "address_text")]
    pub address: Address,
    #[serde(with = "date_time_text")]
    pub started: DateTime<FixedOffset>,
    #[serde(flatten)]
    pub progress: Progress,
    pub outcome: Outcome,
    pub effort: Option<u8>,
    pub note: Option<String>,
    /// No final record: the session was cut off (a crash, a kill, a pulled plug).
    pub interrupted: bool,
}

impl Entry {
    /// Whether this entry belongs to the plan known by `key` (an absolute path
    /// or `builtin:ID`) and `name`. Entries written without a path match by name.
    pub fn is_for(&self, key: &str, name: &str) -> bool {
        match &self.plan_path {
            Some(p) => p == key,
            None => self.plan == name,
        }
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
    #[error(
        "{}:{line}: not a journal entry ({message}); the journal is left untouched, and new \
         sessions are recorded to {} until that line is fixed or removed",
        .path.display(), .side.display()
    )]
    Corrupt {
        path: PathBuf,
        line: usize,
        message: String,
        side: PathBuf,
    },
    #[error(
        "{}:{line}: written by a newer walkrun (journal format {version}, this one reads up to \
         {FORMAT_VERSION}); the journal is left untouched, and new sessions are recorded to {}",
        .path.display(), .side.display()
    )]
    Newer {
        path: PathBuf,
        line: usize,
        version: u32,
        side: PathBuf,
    },
    #[error(
        "{}: cannot read the journal: {source}; new sessions are recorded to {}",
        .path.display(), .side.display()
    )]
    Unreadable {
        path: PathBuf,
        #[source]
        source: std::io::Error,
        side: PathBuf,
    },
    #[error("{}: cannot write: {source}", .path.display())]
    Write {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    #[error("{}: {message}", .path.display())]
    CurrentPlan { path: PathBuf, message: String },
}

impl HistoryError {
    /// The side file new records go to while the journal cannot be read.
    pub fn side_file(&self) -> Option<&Path> {
        match self {
            HistoryError::Corrupt { side, .. }
            | HistoryError::Newer { side, .. }
            | HistoryError::Unreadable { side, .. } => Some(side),
            _ => None,
        }
    }
}

/// `W3D2` as a string in JSON.
mod address_text {
    use super::*;

    pub fn serialize<S: Serializer>(a: &Address, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(a)
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Address, D::Error> {
        let text = std::borrow::Cow::<str>::deserialize(d)?;
        text.parse().map_err(serde::de::Error::custom)
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
                crate::safe_text::quoted(&text)
            ))
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn progress_at_counts_running_up_to_the_cut() {
        let s = crate::steps::parse("warmup 5m, 3x(run 1m, walk 2m), cooldown 5m").unwrap();
        let p = Progress::at(&s, 5 * 60 + 60 + 120 + 30);
        assert_eq!(p.run_seconds_done, 90);
        assert_eq!(p.segments_completed, 3);
        assert_eq!(p.seconds_spent, 5 * 60 + 60 + 120 + 30);
        let whole = Progress::whole(&s);
        assert_eq!(u64::from(whole.seconds_spent), s.total_seconds());
        assert_eq!(u64::from(whole.run_seconds_done), s.run_seconds());
        assert_eq!(whole.segments_completed as usize, s.segments().len());
    }

    #[test]
    fn a_record_is_one_line_and_reads_back() {
        let r = Record {
            v: FORMAT_VERSION,
            session: new_session_id(),
            kind: RecordKind::Final,
            plan: "Couch to 5K".into(),
            plan_path: Some("builtin:couch-to-5k".into()),
            address: "W3D2".parse().unwrap(),
            started: DateTime::parse_from_rfc3339("2026-12-08T18:00:00+01:00").unwrap(),
            seconds_spent: 1500,
            run_seconds_done: 540,
            segments_completed: 10,
            segments_skipped: 0,
            outcome: Some(Outcome::Done),
            effort: Some(7),
            note: Some("rain,\nthen sun".into()),
        };
        let line = r.to_line();
        assert_eq!(line.iter().filter(|&&b| b == b'\n').count(), 1);
        assert_eq!(line.last(), Some(&b'\n'));
        let back: Record = serde_json::from_slice(&line).unwrap();
        assert_eq!(back, r);
    }
}
