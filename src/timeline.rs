//! A [`Session`] flattened into exact time: every segment and every cue at an
//! offset from the start, in whole samples (frames) at the output rate.
//!
//! Everything that plays a session reads a [`Timeline`] and nothing else: the
//! mixer places clips at [`Cue::at`], the live display finds the current segment
//! with [`Timeline::segment_at`], silent play fires cues at their instants.
//!
//! Placement rules (DOMAIN.md, "Audio cues"):
//! - at the start of every segment its name ("warm up", "run", "walk", "cool
//!   down"); the final run of a session with several runs is "last run" instead;
//! - three short beeps 3, 2 and 1 s before every change and before the end,
//!   unless the segment that is ending is shorter than 4 s, where the beeps would
//!   tread on the cue that opened it;
//! - "halfway" at the midpoint of the running time; when that instant is taken
//!   (a change falls on it, or a countdown), right after the cue that holds it;
//! - "session complete" at the end; the timeline lasts until that clip is over.
//!
//! A cue starts exactly at its instant. A cue that would run into the next one
//! is shortened to end [`CUE_GAP_MS`] before it, or dropped when that leaves
//! less than [`MIN_SPOKEN_MS`] of speech: never pushed late.

use std::fmt;

use crate::steps::{Kind, Session};

/// The rate used when none is asked for: CD audio, what phones play natively.
pub const DEFAULT_SAMPLE_RATE: u32 = 44_100;
/// Beeps before a change, one a second.
pub const COUNTDOWN_BEEPS: u32 = 3;
/// A segment shorter than this gets no countdown before its end.
pub const MIN_COUNTDOWN_SEGMENT_SECONDS: u32 = 4;
/// Silence kept between a shortened cue and the next, so the two stay apart.
pub const CUE_GAP_MS: u64 = 50;
/// A spoken cue cut shorter than this is a fragment nobody understands: dropped.
pub const MIN_SPOKEN_MS: u64 = 250;
/// How far after the running midpoint "halfway" may still be said.
pub const HALFWAY_SLACK_SECONDS: u64 = 10;

/// What a cue says or sounds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum CueKind {
    /// The name of the segment that starts now.
    Segment(Kind),
    /// Said instead of "run" at the start of the final run.
    LastRun,
    Halfway,
    SessionComplete,
    /// One countdown beep.
    Beep,
}

impl CueKind {
    /// What a listener hears, for printing cue lists.
    pub fn label(self) -> &'static str {
        match self {
            CueKind::Segment(Kind::Warmup) => "warm up",
            CueKind::Segment(Kind::Run) => "run",
            CueKind::Segment(Kind::Walk) => "walk",
            CueKind::Segment(Kind::Cooldown) => "cool down",
            CueKind::LastRun => "last run",
            CueKind::Halfway => "halfway",
            CueKind::SessionComplete => "session complete",
            CueKind::Beep => "beep",
        }
    }

    pub fn is_spoken(self) -> bool {
        self != CueKind::Beep
    }
}

impl fmt::Display for CueKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.label())
    }
}

/// A run's place among the session's runs: run 3 of 8.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RunNumber {
    /// Counts from 1.
    pub number: usize,
    pub of: usize,
}

impl fmt::Display for RunNumber {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "run {} of {}", self.number, self.of)
    }
}

/// One segment placed in time: samples `start..end`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TimedSegment {
    pub kind: Kind,
    /// Set on run segments only.
    pub run: Option<RunNumber>,
    pub start: u64,
    pub end: u64,
}

impl TimedSegment {
    pub fn len(&self) -> u64 {
        self.end - self.start
    }

    pub fn is_empty(&self) -> bool {
        self.end == self.start
    }
}

/// One cue placed in time: it sounds on samples `at..at + len`. `len` is the
/// clip's own length, or shorter where the next cue follows closely.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Cue {
    pub what: CueKind,
    pub at: u64,
    pub len: u64,
}

impl Cue {
    pub fn end(&self) -> u64 {
        self.at + self.len
    }
}

/// A session in samples. Cues are sorted by `at` and never overlap.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Timeline {
    pub sample_rate: u32,
    pub segments: Vec<TimedSegment>,
    pub cues: Vec<Cue>,
    session_len: u64,
    len: u64,
}

/// Lengths used by [`Timeline::new`] when the real clips are not at hand:
/// generous, so that a timeline built with them never needs more room than
/// one built from the built-in clips.
pub fn nominal_cue_seconds(what: CueKind) -> f64 {
    match what {
        CueKind::Beep => 0.12,
        CueKind::SessionComplete => 1.5,
        _ => 1.0,
    }
}

impl Timeline {
    /// The timeline with nominal cue lengths ([`nominal_cue_seconds`]). Audio
    /// builds its own with the real clip lengths (`CueBank::timeline`).
    pub fn new(session: &Session, sample_rate: u32) -> Timeline {
        let rate = f64::from(sample_rate);
        Timeline::with_cue_lengths(session, sample_rate, |what| {
            (nominal_cue_seconds(what) * rate).round() as u64
        })
    }

    /// The timeline for cues whose natural lengths, in samples at
    /// `sample_rate`, are given by `cue_len`.
    pub fn with_cue_lengths(
        session: &Session,
        sample_rate: u32,
        cue_len: impl Fn(CueKind) -> u64,
    ) -> Timeline {
        let rate = u64::from(sample_rate);
        let segments = place_segments(session, rate);
        let session_len = segments.last().map_or(0, |s| s.end);
        if segments.is_empty() {
            return Timeline {
                sample_rate,
                segments,
                cues: Vec::new(),
                session_len: 0,
                len: 0,
            };
        }
        let gap = CUE_GAP_MS * rate / 1000;
        let min_spoken = MIN_SPOKEN_MS * rate / 1000;

        let mut cues = fixed_cues(&segments, rate, &cue_len);
        if let Some(halfway) = halfway_cue(&segments, &cues, rate, gap, &cue_len) {
            let pos = cues.partition_point(|c| c.at <= halfway.at);
            cues.insert(pos, halfway);
        }

        // Backwards, so each cue knows where the next kept cue starts.
        let mut kept: Vec<Cue> = Vec::with_capacity(cues.len());
        let mut next_at: Option<u64> = None;
        for mut cue in cues.into_iter().rev() {
            if let Some(next) = next_at {
                let room = (next - cue.at).saturating_sub(gap);
                if cue.len > room {
                    if cue.what.is_spoken() && room < min_spoken {
                        continue;
                    }
                    cue.len = room;
                }
            }
            next_at = Some(cue.at);
            kept.push(cue);
        }
        kept.reverse();
        let len = kept
            .last()
            .map_or(session_len, |c| c.end().max(session_len));
        Timeline {
            sample_rate,
            segments,
            cues: kept,
            session_len,
            len,
        }
    }

    /// Samples from the start to the end of the last segment.
    pub fn session_len(&self) -> u64 {
        self.session_len
    }

    /// Samples in the whole track: the session and the final cue after it.
    pub fn len(&self) -> u64 {
        self.len
    }

    pub fn is_empty(&self) -> bool {
        self.len == 0
    }

    /// The index of the segment playing at `sample`; `None` once the session
    /// is over (during "session complete" and after).
    pub fn segment_at(&self, sample: u64) -> Option<usize> {
        let i = self.segments.partition_point(|s| s.end <= sample);
        (i < self.segments.len()).then_some(i)
    }

    /// How many run segments the session has.
    pub fn run_count(&self) -> usize {
        self.segments.iter().filter(|s| s.kind.is_run()).count()
    }

    /// The cues that start in `from..to`, for players that fire cues by clock.
    pub fn cues_starting_in(&self, from: u64, to: u64) -> &[Cue] {
        let a = self.cues.partition_point(|c| c.at < from);
        let b = self.cues.partition_point(|c| c.at < to);
        &self.cues[a..b.max(a)]
    }

    /// Whole samples for a number of seconds at this timeline's rate.
    pub fn samples(&self, seconds: u64) -> u64 {
        seconds * u64::from(self.sample_rate)
    }

    /// A sample offset as seconds, for display.
    pub fn seconds(&self, sample: u64) -> f64 {
        sample as f64 / f64::from(self.sample_rate)
    }
}

fn place_segments(session: &Session, rate: u64) -> Vec<TimedSegment> {
    let flat = session.segments();
    let runs = flat.iter().filter(|s| s.kind.is_run()).count();
    let mut out = Vec::with_capacity(flat.len());
    let mut at = 0;
    let mut run = 0;
    for s in flat {
        let end = at + u64::from(s.seconds) * rate;
        let number = s.kind.is_run().then(|| {
            run += 1;
            RunNumber {
                number: run,
                of: runs,
            }
        });
        out.push(TimedSegment {
            kind: s.kind,
            run: number,
            start: at,
            end,
        });
        at = end;
    }
    out
}

/// The cues whose instant is fixed by the segments: names, beeps, the end.
fn fixed_cues(segments: &[TimedSegment], rate: u64, cue_len: &impl Fn(CueKind) -> u64) -> Vec<Cue> {
    let min_countdown = u64::from(MIN_COUNTDOWN_SEGMENT_SECONDS) * rate;
    let mut cues = Vec::new();
    let mut push = |what: CueKind, at: u64| {
        cues.push(Cue {
            what,
            at,
            len: cue_len(what),
        })
    };
    for s in segments {
        let what = match s.run {
            Some(r) if r.of > 1 && r.number == r.of => CueKind::LastRun,
            _ => CueKind::Segment(s.kind),
        };
        push(what, s.start);
        if s.len() >= min_countdown {
            for k in (1..=u64::from(COUNTDOWN_BEEPS)).rev() {
                push(CueKind::Beep, s.end - k * rate);
            }
        }
    }
    if let Some(last) = segments.last() {
        push(CueKind::SessionComplete, last.end);
    }
    cues
}

/// "halfway" at the running midpoint, or as soon after it as it fits
/// between the fixed cues; `None` if it does not fit within the slack.
fn halfway_cue(
    segments: &[TimedSegment],
    fixed: &[Cue],
    rate: u64,
    gap: u64,
    cue_len: &impl Fn(CueKind) -> u64,
) -> Option<Cue> {
    let running: u64 = segments
        .iter()
        .filter(|s| s.kind.is_run())
        .map(TimedSegment::len)
        .sum();
    if running == 0 {
        return None;
    }
    let half = running / 2;
    let mut before = 0;
    let mut midpoint = None;
    for s in segments.iter().filter(|s| s.kind.is_run()) {
        if before + s.len() >= half {
            midpoint = Some(s.start + (half - before));
            break;
        }
        before += s.len();
    }
    let midpoint = midpoint?;
    let len = cue_len(CueKind::Halfway);
    let session_end = segments.last().map_or(0, |s| s.end);
    let latest = midpoint + HALFWAY_SLACK_SECONDS * rate;
    let mut at = midpoint;
    // Fixed cues are in time order and never overlap one another, so one pass
    // moving past each cue in the way finds the first free slot.
    for c in fixed {
        if c.end() + gap <= at {
            continue;
        }
        if at + len + gap <= c.at {
            break;
        }
        at = c.end() + gap;
    }
    (at <= latest && at + len + gap <= session_end).then_some(Cue {
        what: CueKind::Halfway,
        at,
        len,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::steps::parse;

    const RATE: u64 = 44_100;

    /// Clip lengths for the tests: spoken cues half a second, beeps 0.1 s.
    fn lengths(what: CueKind) -> u64 {
        match what {
            CueKind::Beep => RATE / 10,
            _ => RATE / 2,
        }
    }

    fn timeline(steps: &str) -> Timeline {
        let session = parse(steps).expect("valid steps");
        Timeline::with_cue_lengths(&session, RATE as u32, lengths)
    }

    fn s(seconds: f64) -> u64 {
        (seconds * RATE as f64).round() as u64
    }

    fn assert_no_overlap(t: &Timeline) {
        for pair in t.cues.windows(2) {
            assert!(
                pair[0].end() + CUE_GAP_MS * RATE / 1000 <= pair[1].at,
                "{:?} runs into {:?}",
                pair[0],
                pair[1]
            );
        }
    }

    #[test]
    fn the_issue_session_has_every_cue_where_it_belongs() {
        let t = timeline("warmup 10s, 2x(run 5s, walk 5s), cooldown 10s");
        use CueKind::*;
        let beep = Beep;
        let expected = vec![
            (Segment(Kind::Warmup), s(0.0)),
            (beep, s(7.0)),
            (beep, s(8.0)),
            (beep, s(9.0)),
            (Segment(Kind::Run), s(10.0)),
            (beep, s(12.0)),
            (beep, s(13.0)),
            (beep, s(14.0)),
            (Segment(Kind::Walk), s(15.0)),
            // The running midpoint is the change at 15 s: "halfway" follows
            // "walk" after the gap.
            (Halfway, s(15.0) + RATE / 2 + CUE_GAP_MS * RATE / 1000),
            (beep, s(17.0)),
            (beep, s(18.0)),
            (beep, s(19.0)),
            (LastRun, s(20.0)),
            (beep, s(22.0)),
            (beep, s(23.0)),
            (beep, s(24.0)),
            (Segment(Kind::Walk), s(25.0)),
            (beep, s(27.0)),
            (beep, s(28.0)),
            (beep, s(29.0)),
            (Segment(Kind::Cooldown), s(30.0)),
            (beep, s(37.0)),
            (beep, s(38.0)),
            (beep, s(39.0)),
            (SessionComplete, s(40.0)),
        ];
        let got: Vec<(CueKind, u64)> = t.cues.iter().map(|c| (c.what, c.at)).collect();
        assert_eq!(got, expected);
        assert!(t.cues.iter().all(|c| c.len == lengths(c.what)));
        assert_eq!(t.session_len(), s(40.0));
        assert_eq!(t.len(), s(40.5));
        assert_no_overlap(&t);
    }

    #[test]
    fn segments_carry_exact_bounds_and_run_numbers() {
        let t = timeline("warmup 10s, 2x(run 5s, walk 5s), cooldown 10s");
        let bounds: Vec<(Kind, u64, u64)> = t
            .segments
            .iter()
            .map(|g| (g.kind, g.start, g.end))
            .collect();
        assert_eq!(
            bounds,
            vec![
                (Kind::Warmup, 0, s(10.0)),
                (Kind::Run, s(10.0), s(15.0)),
                (Kind::Walk, s(15.0), s(20.0)),
                (Kind::Run, s(20.0), s(25.0)),
                (Kind::Walk, s(25.0), s(30.0)),
                (Kind::Cooldown, s(30.0), s(40.0)),
            ]
        );
        assert_eq!(t.run_count(), 2);
        assert_eq!(
            t.segments[3].run.map(|r| r.to_string()).as_deref(),
            Some("run 2 of 2")
        );
        assert_eq!(t.segments[2].run, None);
        assert_eq!(t.segment_at(0), Some(0));
        assert_eq!(t.segment_at(s(10.0) - 1), Some(0));
        assert_eq!(t.segment_at(s(10.0)), Some(1));
        assert_eq!(t.segment_at(s(40.0) - 1), Some(5));
        assert_eq!(t.segment_at(s(40.0)), None);
    }

    #[test]
    fn short_segments_get_no_countdown() {
        // 3 s is too short for 3-2-1; 4 s is just long enough.
        let t = timeline("run 3s, walk 4s, run 10s");
        let beeps: Vec<u64> = t
            .cues
            .iter()
            .filter(|c| c.what == CueKind::Beep)
            .map(|c| c.at)
            .collect();
        assert_eq!(
            beeps,
            vec![s(4.0), s(5.0), s(6.0), s(14.0), s(15.0), s(16.0)]
        );
        assert_no_overlap(&t);
    }

    #[test]
    fn a_long_clip_is_cut_before_the_next_cue() {
        let session = parse("walk 1s, run 1s, walk 10s").unwrap();
        let long = |what: CueKind| match what {
            CueKind::Beep => RATE / 10,
            CueKind::Segment(Kind::Run) => RATE * 3 / 2,
            _ => RATE * 2,
        };
        let t = Timeline::with_cue_lengths(&session, RATE as u32, long);
        let gap = CUE_GAP_MS * RATE / 1000;
        let walk = t.cues[0];
        assert_eq!((walk.what, walk.at), (CueKind::Segment(Kind::Walk), 0));
        assert_eq!(walk.len, RATE - gap, "cut to end a gap before the next cue");
        // Every cue still starts on its instant.
        let starts: Vec<u64> = t.cues.iter().map(|c| c.at).collect();
        assert_eq!(starts[..3], [0, s(1.0), s(2.0)]);
        assert_no_overlap(&t);
    }

    #[test]
    fn halfway_sits_on_the_running_midpoint_when_it_is_free() {
        // 20 s of running over two runs: the midpoint is 10 s into the
        // running, 5 s into the second run.
        let t = timeline("walk 10s, run 5s, walk 10s, run 15s");
        let halfway: Vec<u64> = t
            .cues
            .iter()
            .filter(|c| c.what == CueKind::Halfway)
            .map(|c| c.at)
            .collect();
        assert_eq!(halfway, vec![s(30.0)]);
        assert_no_overlap(&t);
    }

    #[test]
    fn halfway_takes_the_first_free_slot_after_a_busy_midpoint() {
        // The midpoint (8 s) is a change: "halfway" follows the name, and
        // fits before the first beep at 9 s only if short enough.
        let t = timeline("run 4s, run 4s, run 4s, run 4s");
        let gap = CUE_GAP_MS * RATE / 1000;
        let halfway: Vec<u64> = t
            .cues
            .iter()
            .filter(|c| c.what == CueKind::Halfway)
            .map(|c| c.at)
            .collect();
        // run@8 ends at 8.5 s; "halfway" (0.5 s) would run into the beep at
        // 9 s, so it goes after that beep.
        assert_eq!(halfway, vec![s(9.1) + gap]);
        assert_no_overlap(&t);
    }

    #[test]
    fn halfway_is_dropped_when_no_slot_is_near() {
        // Beeps every second and gaps under a second: a 1.2 s "halfway"
        // never fits, and is left out rather than said late or on a beep.
        let session = parse("8x(run 4s)").unwrap();
        let t = Timeline::with_cue_lengths(&session, RATE as u32, |what| match what {
            CueKind::Halfway => RATE * 6 / 5,
            other => lengths(other),
        });
        assert!(t.cues.iter().all(|c| c.what != CueKind::Halfway));
        assert_no_overlap(&t);
        let t = timeline("walk 10s");
        assert!(t.cues.iter().all(|c| c.what != CueKind::Halfway));
    }

    #[test]
    fn one_run_is_not_the_last_run() {
        let t = timeline("warmup 5s, run 20s, cooldown 5s");
        assert!(t.cues.iter().any(|c| c.what == CueKind::Segment(Kind::Run)));
        assert!(t.cues.iter().all(|c| c.what != CueKind::LastRun));
    }

    #[test]
    fn offsets_follow_the_sample_rate() {
        let session = parse("run 2m, walk 90s").unwrap();
        let t = Timeline::new(&session, 48_000);
        assert_eq!(t.session_len(), 210 * 48_000);
        assert_eq!(t.segments[1].start, 120 * 48_000);
        assert_eq!(
            t.cues.last().map(|c| (c.what, c.at)),
            Some((CueKind::SessionComplete, 210 * 48_000))
        );
        assert_eq!(t.len(), 210 * 48_000 + 72_000);
    }

    #[test]
    fn cues_starting_in_a_window() {
        let t = timeline("warmup 10s, 2x(run 5s, walk 5s), cooldown 10s");
        let w: Vec<CueKind> = t
            .cues_starting_in(s(9.0), s(12.0))
            .iter()
            .map(|c| c.what)
            .collect();
        assert_eq!(w, vec![CueKind::Beep, CueKind::Segment(Kind::Run)]);
        assert!(t.cues_starting_in(s(41.0), s(50.0)).is_empty());
    }

    #[test]
    fn an_empty_session_is_silent() {
        let t = Timeline::new(&Session::new(Vec::new()), 44_100);
        assert!(t.is_empty() && t.cues.is_empty());
        assert_eq!(t.segment_at(0), None);
    }
}
