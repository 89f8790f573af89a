//! Recording a live session as it goes: start, progress, finish.

use std::path::{Path, PathBuf};

use chrono::{DateTime, FixedOffset};

use super::journal::append_line;
use super::{
    Entry, HistoryError, Journal, Outcome, Pain, PlanProgress, PlanSession, Record, RecordKind,
};
use crate::plan::steps::Session;

/// A live session writes its progress at least this often (in seconds of the
/// session's own clock), so a crash loses less than a minute of it.
pub const PROGRESS_INTERVAL_SECONDS: u32 = 30;

/// What is known when a session starts.
#[derive(Debug, Clone, PartialEq)]
pub struct SessionStart {
    /// The plan session it is; None for a session outside any plan.
    pub plan: Option<PlanSession>,
    /// The steps as they will be played.
    pub steps: Session,
    pub started: DateTime<FixedOffset>,
}

/// Records one live session. Call [`Recorder::update`] as often as you like
/// (every tick); it writes when the session has moved on by
/// [`PROGRESS_INTERVAL_SECONDS`] or a segment has ended. [`Recorder::finish`]
/// writes the last word. Dropped without `finish` (a panic, an early return),
/// it writes the latest progress, and the session reads as partial.
#[derive(Debug)]
pub struct Recorder {
    path: PathBuf,
    record: Record,
    written: PlanProgress,
    latest: PlanProgress,
    finished: bool,
    diverted: Option<String>,
    warnings: Vec<String>,
}

impl Recorder {
    /// Start recording: decides where the records go (the journal, or the side
    /// file when the journal cannot be read) and writes the first record, so a
    /// session cut off in its first seconds still shows.
    pub fn start(journal: &Journal, start: SessionStart) -> Result<Recorder, HistoryError> {
        let target = journal.target()?;
        let record = Record::new(start.plan, &start.steps, start.started);
        let mut warnings = target.warnings;
        warnings.extend(append_line(&target.path, &record.to_line())?);
        Ok(Recorder {
            path: target.path,
            record,
            written: PlanProgress::default(),
            latest: PlanProgress::default(),
            finished: false,
            diverted: target.diverted,
            warnings,
        })
    }

    /// The file the records go to.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Why records go to the side file rather than the journal, if they do:
    /// show it to the runner before the session starts.
    pub fn diverted(&self) -> Option<&str> {
        self.diverted.as_deref()
    }

    /// Repairs made to the journal when recording started.
    pub fn warnings(&self) -> &[String] {
        &self.warnings
    }

    pub fn session_id(&self) -> &str {
        &self.record.session
    }

    /// Note where the session stands; writes a progress record when it is due.
    /// Returns whether it wrote.
    pub fn update(&mut self, progress: PlanProgress) -> Result<bool, HistoryError> {
        self.latest = progress;
        let due = progress.seconds_spent
            >= self
                .written
                .seconds_spent
                .saturating_add(PROGRESS_INTERVAL_SECONDS)
            || progress.segments_completed != self.written.segments_completed
            || progress.segments_skipped != self.written.segments_skipped;
        if due {
            self.write_progress(progress)?;
        }
        Ok(due)
    }

    /// Write a progress record now (for a pause, say).
    pub fn write_progress(&mut self, progress: PlanProgress) -> Result<(), HistoryError> {
        self.latest = progress;
        self.record.set_progress(progress);
        append_line(&self.path, &self.record.to_line())?;
        self.written = progress;
        Ok(())
    }

    /// The session's time trial result, written with the final record.
    pub fn set_trial(&mut self, trial: Option<super::TrialResult>) {
        self.record.trial = trial;
    }

    /// Write the final record and return the session as the journal will read it.
    pub fn finish(
        self,
        progress: PlanProgress,
        outcome: Outcome,
        effort: Option<u8>,
        note: Option<String>,
    ) -> Result<Entry, HistoryError> {
        self.finish_with_pain(progress, outcome, effort, note, None)
    }

    /// [`Recorder::finish`], with the answer to "any pain?".
    pub fn finish_with_pain(
        mut self,
        progress: PlanProgress,
        outcome: Outcome,
        effort: Option<u8>,
        note: Option<String>,
        pain: Option<Pain>,
    ) -> Result<Entry, HistoryError> {
        self.record.pain = pain;
        self.finished = true;
        self.record.set_progress(progress);
        self.record.kind = RecordKind::Final;
        self.record.outcome = Some(outcome);
        self.record.effort = effort;
        self.record.note = note;
        append_line(&self.path, &self.record.to_line())?;
        Ok(self.record.clone().into_entry(outcome, false))
    }
}

impl Drop for Recorder {
    fn drop(&mut self) {
        if !self.finished && self.latest != self.written {
            // Best effort on the way out: the error has nowhere to go.
            let latest = self.latest;
            let _ = self.write_progress(latest);
        }
    }
}
