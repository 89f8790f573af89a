//! A [`Session`] flattened into exact time: every segment and every cue at an
//! offset from the start, in whole samples (frames) at the output rate.
//!
//! Everything that plays a session reads a [`Timeline`] and nothing else: the
//! mixer places each cue's words at [`Cue::at`] + [`Word::at`], the live
//! display finds the current segment with [`Timeline::segment_at`], silent
//! play fires cues at their instants, and a music bed ducks under every
//! spoken cue's span `at..at + len`.
//!
//! What is said comes from [`crate::cues::speech`]; when (docs/coaching.md, "Audio cues"):
//! - on every change, the action and its length ("Run, ninety seconds"), the
//!   action word's onset on the change's sample (a clip starts a few
//!   milliseconds before it is heard: [`Clip::lead`]); the final run of a
//!   session with several runs is "Last run";
//! - three beeps 3, 2 and 1 s before every change and before the end, two
//!   short and a longer, higher one, unless the segment that is ending is
//!   shorter than 4 s;
//! - "One minute to go" in every segment of 3 minutes or more, "Thirty
//!   seconds to go" in runs of 90 s or more;
//! - a mark every 5 minutes in a segment that goes on well past it ("ten
//!   minutes done, fifteen to go"), so no stretch of a session is silent for
//!   more than about five minutes;
//! - "Halfway through the session" at the session's midpoint, or as soon
//!   after it as it fits (at most [`HALFWAY_SLACK_SECONDS`]);
//! - for a plan session, an intro just after the first change, and an outro
//!   at the end; the timeline lasts until the outro is over;
//! - at [`Talk::Normal`] and up, a word of encouragement or form in a run
//!   [`COACH_EVERY_SECONDS`] after its start and every five minutes after,
//!   between the marks, each word once a session; at [`Talk::Chatty`], also
//!   one in shorter runs.
//!
//! A cue is heard exactly at its instant and never overlaps another: cues are
//! placed by priority (changes, beeps and the end first, then the intro,
//! time left, progress, encouragement), and a cue that would run into one
//! already placed is cut after a whole phrase, or dropped. A change is never
//! dropped: where even its action word does not fit (a one-second segment),
//! the word is cut to end [`CUE_GAP_MS`] before the next cue.

use std::fmt;

use crate::cues::phrases::Phrase;
use crate::cues::speech::{self, Join, Script, Talk, Utterance};
use crate::plan::pace::Unit;
use crate::plan::steps::{Distance, Kind, Session};

/// The rate used when none is asked for: CD audio, what phones play natively.
pub const DEFAULT_SAMPLE_RATE: u32 = 44_100;
/// Beeps before a change, one a second.
pub const COUNTDOWN_BEEPS: u32 = 3;
/// A segment shorter than this gets no countdown before its end.
pub const MIN_COUNTDOWN_SEGMENT_SECONDS: u32 = 4;
/// Length of one countdown beep...
pub const BEEP_MS: u32 = 120;
/// ...and of the last, longer one, which says "now" (it ends well before
/// the change's word).
pub const FINAL_BEEP_MS: u32 = 400;
/// Silence kept between a shortened cue and the next, so the two stay apart.
pub const CUE_GAP_MS: u64 = 50;
/// The pause between a cue and another said just after or before it ("Run,
/// one minute." then "Halfway through the session."): at 50 ms apart the
/// two ran together into one sentence a listener could not parse.
pub const FOLLOW_PAUSE_MS: u64 = 400;
/// How far after the session's midpoint "halfway" may still be said.
pub const HALFWAY_SLACK_SECONDS: u64 = 10;
/// "One minute to go" in segments at least this long.
pub const ONE_MINUTE_SEGMENT_SECONDS: u64 = 180;
/// "Thirty seconds to go" in runs at least this long.
pub const THIRTY_SECONDS_RUN_SECONDS: u64 = 90;
/// A progress mark every so often in a long segment...
pub const PROGRESS_EVERY_SECONDS: u64 = 300;
/// ...as long as this much of the segment is left after the mark (past
/// that, "one minute to go" is near enough).
pub const PROGRESS_ROOM_SECONDS: u64 = 70;
/// The intro follows the first change's words after this pause.
pub const INTRO_PAUSE_MS: u64 = 700;
/// Encouragement only in runs at least this long, never in their first
/// seconds (the runner is still listening to the change).
pub const CHEER_RUN_SECONDS: u64 = 60;
pub const CHEER_NOT_BEFORE_SECONDS: u64 = 20;
/// How late a milestone may still be said (after a change at its instant).
pub const MILESTONE_SLACK_SECONDS: u64 = 20;
/// At the normal level the coach speaks in a run this long after its start
/// and every [`PROGRESS_EVERY_SECONDS`] after, between the marks: a runner
/// is never left more than about two and a half minutes without a word...
pub const COACH_EVERY_SECONDS: u64 = 150;
/// ...unless the run ends within this long of the slot (its "thirty
/// seconds to go" is near).
pub const COACH_ROOM_SECONDS: u64 = 30;

/// What a cue is for. Its words are in [`Cue::words`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum CueKind {
    /// The segment that starts now, and its length.
    Segment(Kind),
    /// Said instead of the run's change at the start of the final run.
    LastRun,
    /// Which session this is and what it holds.
    Intro,
    /// "One minute to go", "Thirty seconds to go".
    TimeLeft,
    /// How far through a long segment.
    Progress,
    /// The first time the runner runs this long without a walk.
    Milestone,
    Halfway,
    Encouragement,
    /// The end, with the outro.
    SessionComplete,
    /// One countdown beep, 3 or 2 s before a change.
    Beep,
    /// The last countdown beep, 1 s before: longer and higher.
    FinalBeep,
}

impl CueKind {
    /// A short name, for lists and logs.
    pub fn label(self) -> &'static str {
        match self {
            CueKind::Segment(Kind::Warmup) => "warm up",
            CueKind::Segment(Kind::Run) => "run",
            CueKind::Segment(Kind::Walk) => "walk",
            CueKind::Segment(Kind::Cooldown) => "cool down",
            CueKind::LastRun => "last run",
            CueKind::Intro => "intro",
            CueKind::TimeLeft => "time left",
            CueKind::Progress => "progress",
            CueKind::Milestone => "milestone",
            CueKind::Halfway => "halfway",
            CueKind::Encouragement => "encouragement",
            CueKind::SessionComplete => "session complete",
            CueKind::Beep | CueKind::FinalBeep => "beep",
        }
    }

    pub fn is_spoken(self) -> bool {
        !matches!(self, CueKind::Beep | CueKind::FinalBeep)
    }

    /// Whether the cue marks a change of segment (or the end).
    pub fn is_change(self) -> bool {
        matches!(
            self,
            CueKind::Segment(_) | CueKind::LastRun | CueKind::SessionComplete
        )
    }

    /// Who gives way: a cue is cut or dropped for any cue of a higher
    /// priority, never for a lower one.
    pub fn priority(self) -> u8 {
        match self {
            CueKind::Segment(_)
            | CueKind::LastRun
            | CueKind::SessionComplete
            | CueKind::Beep
            | CueKind::FinalBeep => 4,
            CueKind::Intro => 3,
            CueKind::TimeLeft | CueKind::Milestone => 2,
            CueKind::Progress | CueKind::Halfway => 1,
            CueKind::Encouragement => 0,
        }
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
    /// The distance the segment covers, when it was given as one.
    pub distance: Option<Distance>,
    /// The treadmill's speed for it, when the runner's pace is known.
    pub speed: Option<Speed>,
    /// A time trial's run: it ends when the runner presses `n` at the
    /// distance, so no cue counts its time down (its length is only a
    /// ceiling).
    pub trial: bool,
}

/// A treadmill's speed: tenths of `unit` an hour.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Speed {
    pub tenths: u32,
    pub unit: Unit,
}

impl fmt::Display for Speed {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{} {}",
            speech::tenths_text(self.tenths),
            self.unit.speed_unit()
        )
    }
}

impl TimedSegment {
    pub fn len(&self) -> u64 {
        self.end - self.start
    }

    pub fn is_empty(&self) -> bool {
        self.end == self.start
    }

    /// Whether this is the final run of a session with several.
    pub fn is_last_run(&self) -> bool {
        self.run.is_some_and(|r| r.of > 1 && r.number == r.of)
    }
}

/// A phrase's clip as the timeline needs it: how long it is, and how far
/// into it the voice is first heard (its onset), both in samples at the
/// timeline's rate. A clip keeps a few milliseconds before its onset, so a
/// soft first consonant (the /f/ of "five") is not cut off.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Clip {
    pub len: u64,
    pub lead: u64,
}

/// One phrase of a cue: its clip sounds on samples `at..at + len` counted
/// from the cue's start, from the clip's sample `from` on. `len` is the
/// clip's length, or less where the cue was cut; `from` is 0 but where the
/// clip's lead-in would start before the session (the first change).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Word {
    pub phrase: Phrase,
    pub join: Join,
    pub at: u64,
    pub len: u64,
    pub from: u64,
}

/// One cue placed in time: it sounds on samples `at..at + len`, and is first
/// heard at [`Cue::onset`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Cue {
    pub what: CueKind,
    pub at: u64,
    pub len: u64,
    /// Samples from `at` to where the first word is heard.
    pub lead: u64,
    /// What is said; empty for a beep.
    pub words: Vec<Word>,
}

impl Cue {
    pub fn end(&self) -> u64 {
        self.at + self.len
    }

    /// The sample at which the cue is first heard: its instant (a change's
    /// is the change's first sample).
    pub fn onset(&self) -> u64 {
        self.at + self.lead
    }

    pub fn is_spoken(&self) -> bool {
        self.what.is_spoken()
    }

    /// What a listener hears, as text: "Run, ninety seconds." or "beep".
    pub fn text(&self) -> String {
        if self.words.is_empty() {
            return self.what.label().to_string();
        }
        speech::text(self.words.iter().map(|w| (w.join, w.phrase)))
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
/// about what the built-in voice takes to say the phrase.
pub fn nominal_phrase_seconds(phrase: Phrase) -> f64 {
    0.1 + 0.065 * phrase.text().chars().count() as f64
}

impl Timeline {
    /// The timeline at [`Talk::Normal`] with nominal phrase lengths
    /// ([`nominal_phrase_seconds`]). Audio builds its own with the real clip
    /// lengths (`CueBank::timeline`).
    pub fn new(session: &Session, sample_rate: u32) -> Timeline {
        let rate = f64::from(sample_rate);
        Timeline::with_phrase_lengths(session, sample_rate, &Script::default(), |p| {
            (nominal_phrase_seconds(p) * rate).round() as u64
        })
    }

    /// The timeline for `script`, with phrases whose clips last
    /// `phrase_len(p)` samples at `sample_rate` and are heard from their
    /// first sample.
    pub fn with_phrase_lengths(
        session: &Session,
        sample_rate: u32,
        script: &Script,
        phrase_len: impl Fn(Phrase) -> u64,
    ) -> Timeline {
        Timeline::with_clips(session, sample_rate, script, |p| Clip {
            len: phrase_len(p),
            lead: 0,
        })
    }

    /// The timeline for `script`, with each phrase's clip as `clip(p)` says
    /// (samples at `sample_rate`): every cue placed so that its onset, not
    /// its first sample, lands on its instant.
    pub fn with_clips(
        session: &Session,
        sample_rate: u32,
        script: &Script,
        clip: impl Fn(Phrase) -> Clip,
    ) -> Timeline {
        let rate = u64::from(sample_rate);
        let mut segments = place_segments(session, rate);
        if let Some(v) = script.speeds {
            for s in &mut segments {
                s.speed = Some(Speed {
                    tenths: v.for_kind(s.kind),
                    unit: v.unit,
                });
            }
        }
        // A time trial's run over its distance: the runner ends it.
        if script.purpose == Some(crate::plan::Purpose::TimeTrial) {
            if let Some(s) = segments
                .iter_mut()
                .find(|s| s.kind.is_run() && s.distance.is_some())
            {
                s.trial = true;
            }
        }
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
        let placer = Placer {
            rate,
            gap: CUE_GAP_MS * rate / 1000,
            pause: FOLLOW_PAUSE_MS * rate / 1000,
            clip: &clip,
        };
        let mut cues = placer.fixed(&segments, script);
        for wanted in placer.wanted(&segments, &cues, script, session) {
            placer.place(&mut cues, wanted);
        }
        let len = cues
            .last()
            .map_or(session_len, |c| c.end().max(session_len));
        Timeline {
            sample_rate,
            segments,
            cues,
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

    /// The spans `at..end` of every spoken cue, in order: where a music bed
    /// ducks.
    pub fn spoken_spans(&self) -> impl Iterator<Item = std::ops::Range<u64>> + '_ {
        self.cues
            .iter()
            .filter(|c| c.is_spoken())
            .map(|c| c.at..c.end())
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
            distance: s.distance,
            speed: None,
            trial: false,
        });
        at = end;
    }
    out
}

/// A cue the coach would like to say: at `at`, or up to `slack` later.
struct Wanted {
    what: CueKind,
    at: u64,
    slack: u64,
    say: Utterance,
}

struct Placer<'a, F: Fn(Phrase) -> Clip> {
    rate: u64,
    gap: u64,
    /// Between a cue and one placed after or before it: see FOLLOW_PAUSE_MS.
    pause: u64,
    clip: &'a F,
}

impl<F: Fn(Phrase) -> Clip> Placer<'_, F> {
    fn samples(&self, seconds: u64) -> u64 {
        seconds * self.rate
    }

    /// The words heard from `onset` on, laid end to end with their pauses,
    /// each sentence the voice recorded whole said as that clip.
    fn cue(&self, what: CueKind, onset: u64, say: &Utterance) -> Cue {
        let whole = speech::recorded(say, |p| (self.clip)(p).len > 0);
        self.composed(what, onset, &whole)
    }

    /// The words heard from `onset` on, laid end to end with their pauses, as
    /// composed: the cue starts its first clip's lead before `onset` (or at
    /// the session's start, without the part of the lead before it).
    fn composed(&self, what: CueKind, onset: u64, say: &Utterance) -> Cue {
        let mut words = Vec::with_capacity(say.0.len());
        let mut t = 0;
        let first_lead = say.0.first().map_or(0, |&(_, p)| (self.clip)(p).lead);
        let lead = first_lead.min(onset);
        for &(join, phrase) in &say.0 {
            let clip = (self.clip)(phrase);
            let from = if words.is_empty() {
                first_lead - lead
            } else {
                t += join.pause_ms() * self.rate / 1000;
                0
            };
            let len = clip.len.saturating_sub(from);
            words.push(Word {
                phrase,
                join,
                at: t,
                len,
                from,
            });
            t += len;
        }
        Cue {
            what,
            at: onset - lead,
            len: t,
            lead,
            words,
        }
    }

    /// The words of the change into `s`: its length, or its distance, and
    /// the treadmill's speed, in the words the voice has clips for.
    fn change(&self, s: &TimedSegment, last: bool, script: &Script) -> Utterance {
        let c = speech::Change {
            kind: s.kind,
            seconds: s.len() / self.rate,
            distance: s.distance,
            speed: s.speed.map(|v| v.tenths),
            last_run: last,
            final_run: s.run.is_some_and(|r| r.number == r.of),
        };
        let mut u = speech::change_with(c, script.talk, |p| (self.clip)(p).len > 0);
        if s.trial {
            speech::press_n_at_the_distance(&mut u);
        }
        u
    }

    /// The countdown beep `k` seconds before a change: the last is longer.
    fn beep(&self, at: u64, k: u64) -> Cue {
        let (what, ms) = if k == 1 {
            (CueKind::FinalBeep, FINAL_BEEP_MS)
        } else {
            (CueKind::Beep, BEEP_MS)
        };
        Cue {
            what,
            at,
            len: u64::from(ms) * self.rate / 1000,
            lead: 0,
            words: Vec::new(),
        }
    }

    /// The cues whose instant is the session's shape: changes, beeps, the
    /// end. Each is cut to end a gap before the next; none is dropped.
    fn fixed(&self, segments: &[TimedSegment], script: &Script) -> Vec<Cue> {
        let min_countdown = u64::from(MIN_COUNTDOWN_SEGMENT_SECONDS) * self.rate;
        let mut cues = Vec::new();
        let mut says: Vec<Option<Utterance>> = Vec::new();
        for s in segments {
            let last = s.is_last_run();
            let what = if last {
                CueKind::LastRun
            } else {
                CueKind::Segment(s.kind)
            };
            let say = self.change(s, last, script);
            cues.push(self.cue(what, s.start, &say));
            says.push(Some(say));
            if s.len() >= min_countdown && !s.trial {
                for k in (1..=u64::from(COUNTDOWN_BEEPS)).rev() {
                    cues.push(self.beep(s.end - self.samples(k), k));
                    says.push(None);
                }
            }
        }
        if let Some(last) = segments.last() {
            let say = speech::outro(script);
            cues.push(self.cue(CueKind::SessionComplete, last.end, &say));
            says.push(Some(say));
        }
        let mut next_at: Option<u64> = None;
        for (cue, say) in cues.iter_mut().zip(&says).rev() {
            if let Some(next) = next_at {
                let room = |c: &Cue| next.saturating_sub(c.at).saturating_sub(self.gap);
                if cue.len > room(cue) {
                    // A sentence recorded whole cannot be cut after its
                    // action word: the same words composed can.
                    let composed = match say {
                        Some(say) => self.composed(cue.what, cue.onset(), say),
                        None => cue.clone(),
                    };
                    let (whole_room, composed_room) = (room(cue), room(&composed));
                    *cue = fit(cue.clone(), whole_room)
                        .or_else(|| fit(composed.clone(), composed_room))
                        .unwrap_or_else(|| cut_audio(composed, composed_room));
                }
            }
            next_at = Some(cue.at);
        }
        cues
    }

    /// Everything else the coach would say, highest priority first.
    fn wanted(
        &self,
        segments: &[TimedSegment],
        fixed: &[Cue],
        script: &Script,
        session: &Session,
    ) -> Vec<Wanted> {
        let talk = script.talk;
        let mut out = Vec::new();
        let mut want = |what, at, slack, say| {
            out.push(Wanted {
                what,
                at,
                slack,
                say,
            })
        };
        if let (true, Some(address), Some(first)) =
            (talk >= Talk::Normal, script.address, fixed.first())
        {
            let at = first.end() + INTRO_PAUSE_MS * self.rate / 1000;
            want(
                CueKind::Intro,
                at,
                0,
                speech::intro(address, script.purpose, script.note, session),
            );
        }
        // A milestone when the first run long enough gets there; if that is
        // its very end, just after the change's words.
        if let (true, Some(m)) = (talk >= Talk::Normal, script.milestone) {
            let secs = m.seconds;
            if let Some(s) = segments
                .iter()
                .find(|s| s.kind.is_run() && s.len() >= self.samples(secs))
            {
                want(
                    CueKind::Milestone,
                    s.start + self.samples(secs),
                    self.samples(MILESTONE_SLACK_SECONDS),
                    speech::milestone(m),
                );
            }
        }
        // The coach's word in runs: at the normal level every
        // COACH_EVERY_SECONDS between the marks, so no stretch of a run is
        // silent for longer; chatty adds one in a shorter run. Each word
        // comes from CHEERS once a session; past the end of the list a slot
        // says the time done and left instead.
        let mut cheers = speech::CHEERS.iter().copied();
        let mut extra = Vec::new();
        for s in segments {
            let secs = s.len() / self.rate;
            // A trial's run is timed by the runner: only the coach's words.
            let counted = !s.trial;
            if counted && secs >= ONE_MINUTE_SEGMENT_SECONDS {
                let say = speech::one(Phrase::OneMinuteToGo);
                want(CueKind::TimeLeft, s.end - self.samples(60), 0, say);
            }
            if counted
                && talk >= Talk::Normal
                && s.kind.is_run()
                && secs >= THIRTY_SECONDS_RUN_SECONDS
            {
                let say = speech::one(Phrase::ThirtySecondsToGo);
                want(CueKind::TimeLeft, s.end - self.samples(30), 0, say);
            }
            let mut mark = PROGRESS_EVERY_SECONDS;
            while counted && mark + PROGRESS_ROOM_SECONDS <= secs {
                let say = speech::progress(mark, secs - mark, talk);
                want(CueKind::Progress, s.start + self.samples(mark), 0, say);
                mark += PROGRESS_EVERY_SECONDS;
            }
            // Not in a trial's run: the cheers ask for easy running.
            if counted && talk >= Talk::Normal && s.kind.is_run() {
                let mut at = COACH_EVERY_SECONDS;
                while at + COACH_ROOM_SECONDS <= secs {
                    let (what, say) = match cheers.next() {
                        Some(p) => (CueKind::Encouragement, speech::one(p)),
                        None => (CueKind::Progress, speech::progress(at, secs - at, talk)),
                    };
                    want(what, s.start + self.samples(at), 0, say);
                    at += PROGRESS_EVERY_SECONDS;
                }
            }
            if counted
                && talk == Talk::Chatty
                && s.kind.is_run()
                && (CHEER_RUN_SECONDS..PROGRESS_EVERY_SECONDS).contains(&secs)
            {
                let at = (secs * 2 / 5).max(CHEER_NOT_BEFORE_SECONDS);
                extra.push(s.start + self.samples(at));
            }
        }
        // Chatty's extra words come after the normal ones in the list, so
        // the normal level's cues stay the same at every level above it.
        for at in extra {
            if let Some(p) = cheers.next() {
                want(CueKind::Encouragement, at, 0, speech::one(p));
            }
        }
        let session_len = segments.last().map_or(0, |s| s.end);
        want(
            CueKind::Halfway,
            session_len / 2,
            self.samples(HALFWAY_SLACK_SECONDS),
            speech::one(Phrase::Halfway),
        );
        out.sort_by_key(|w| (std::cmp::Reverse(w.what.priority()), w.at));
        out
    }

    /// Put `w` among `cues` where it fits whole or cut after a phrase, heard
    /// at its instant or within its slack; otherwise leave it out.
    fn place(&self, cues: &mut Vec<Cue>, w: Wanted) {
        let latest = w.at + w.slack;
        let mut onset = w.at;
        while onset <= latest {
            let whole = self.cue(w.what, onset, &w.say);
            let composed = self.composed(w.what, onset, &w.say);
            let at = whole.at.min(composed.at);
            let pos = cues.partition_point(|c| c.at <= at);
            if let Some(prev) = pos.checked_sub(1).map(|i| &cues[i]) {
                if prev.end() + self.pause > at {
                    onset += prev.end() + self.pause - at;
                    continue;
                }
            }
            let Some(next) = cues.get(pos) else {
                return; // past the end: nothing is said after the outro
            };
            let room = |c: &Cue| next.at.saturating_sub(self.pause).saturating_sub(c.at);
            let (whole_room, composed_room) = (room(&whole), room(&composed));
            let cue = fit(whole, whole_room).or_else(|| fit(composed, composed_room));
            if let Some(cue) = cue {
                cues.insert(pos, cue);
                return;
            }
            onset += next.end() + self.pause - at;
        }
    }
}

/// The cue whole if it fits in `room` samples, else cut after the last
/// whole phrase that fits before a pause; `None` if not even the first does.
fn fit(mut cue: Cue, room: u64) -> Option<Cue> {
    if cue.len <= room {
        return Some(cue);
    }
    let keep = (1..cue.words.len())
        .filter(|&i| cue.words[i].join.may_cut_before())
        .filter(|&i| cue.words[i - 1].at + cue.words[i - 1].len <= room)
        .max()?;
    cue.words.truncate(keep);
    cue.len = cue.words.last().map_or(0, |w| w.at + w.len);
    Some(cue)
}

/// A cue that must be heard, cut mid-word to `room` samples (the mixer
/// fades the cut word out).
fn cut_audio(mut cue: Cue, room: u64) -> Cue {
    cue.words.retain(|w| w.at < room);
    for w in &mut cue.words {
        w.len = w.len.min(room - w.at);
    }
    cue.len = room.min(cue.len);
    cue
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::cues::speech::NextSession;
    use crate::plan::steps::parse;
    use crate::plan::Address;

    const RATE: u64 = 44_100;

    /// Clip lengths for the tests: every phrase 0.4 s.
    fn len(_: Phrase) -> u64 {
        RATE * 2 / 5
    }

    fn timeline_at(steps: &str, talk: Talk) -> Timeline {
        let session = parse(steps).expect("valid steps");
        Timeline::with_phrase_lengths(&session, RATE as u32, &Script::new(talk), len)
    }

    fn timeline(steps: &str) -> Timeline {
        timeline_at(steps, Talk::Normal)
    }

    fn s(seconds: f64) -> u64 {
        (seconds * RATE as f64).round() as u64
    }

    fn gap() -> u64 {
        CUE_GAP_MS * RATE / 1000
    }

    fn assert_no_overlap(t: &Timeline) {
        for pair in t.cues.windows(2) {
            assert!(
                pair[0].end() + gap() <= pair[1].at,
                "{:?} runs into {:?}",
                pair[0],
                pair[1]
            );
        }
        for c in &t.cues {
            let words_end = c.words.last().map_or(c.len, |w| w.at + w.len);
            assert_eq!(words_end, c.len, "{c:?}");
        }
    }

    fn said(t: &Timeline) -> Vec<(f64, String)> {
        t.cues
            .iter()
            .filter(|c| c.is_spoken())
            .map(|c| (t.seconds(c.at), c.text()))
            .collect()
    }

    #[test]
    fn each_clip_is_heard_at_its_instant_its_lead_in_before_it() {
        // Every clip starts 100 samples before its voice is heard.
        let session = parse("walk 10s, run 10s").unwrap();
        let t = Timeline::with_clips(&session, RATE as u32, &Script::default(), |_| Clip {
            len: RATE * 2 / 5,
            lead: 100,
        });
        let run = t
            .cues
            .iter()
            .find(|c| c.what == CueKind::Segment(Kind::Run))
            .unwrap();
        assert_eq!(run.onset(), s(10.0));
        assert_eq!(run.at, s(10.0) - 100);
        assert_eq!(run.words[0].from, 0);
        // No time before the session for the first clip's lead-in: it
        // plays from its onset.
        let first = &t.cues[0];
        assert_eq!((first.at, first.onset()), (0, 0));
        assert_eq!(first.words[0].from, 100);
        assert_eq!(first.words[0].len, RATE * 2 / 5 - 100);
        // Cues still keep their gap, counted from each clip's first sample.
        for pair in t.cues.windows(2) {
            assert!(pair[0].end() + gap() <= pair[1].at, "{pair:?}");
        }
    }

    #[test]
    fn changes_beeps_and_the_end_sit_on_their_instants() {
        let t = timeline("warmup 10s, 2x(run 5s, walk 5s), cooldown 10s");
        let changes: Vec<(CueKind, u64)> = t
            .cues
            .iter()
            .filter(|c| c.what.is_change())
            .map(|c| (c.what, c.at))
            .collect();
        use CueKind::*;
        assert_eq!(
            changes,
            vec![
                (Segment(Kind::Warmup), 0),
                (Segment(Kind::Run), s(10.0)),
                (Segment(Kind::Walk), s(15.0)),
                (LastRun, s(20.0)),
                (Segment(Kind::Walk), s(25.0)),
                (Segment(Kind::Cooldown), s(30.0)),
                (SessionComplete, s(40.0)),
            ]
        );
        let beeps: Vec<u64> = t
            .cues
            .iter()
            .filter(|c| !c.is_spoken())
            .map(|c| c.at)
            .collect();
        let mut expected = Vec::new();
        for end in [10.0, 15.0, 20.0, 25.0, 30.0, 40.0] {
            for k in [3.0, 2.0, 1.0] {
                expected.push(s(end - k));
            }
        }
        assert_eq!(beeps, expected);
        assert_eq!(t.session_len(), s(40.0));
        assert_eq!(t.len(), t.cues.last().unwrap().end());
        assert_no_overlap(&t);
    }

    #[test]
    fn a_change_in_a_short_segment_keeps_its_action_and_drops_its_length() {
        // 5 s: the first beep is 2 s after the change, room for "Run" and
        // "five seconds" (0.4 + 0.28 + 0.85 s) but not for more.
        let t = timeline("walk 5s, run 5s, walk 5s");
        assert_eq!(t.cues[0].text(), "Walk, five seconds.");
        // A one-second segment has no beeps: "Run" must end a gap before
        // the walk, so only the action word is said.
        let t = timeline("walk 1s, run 1s, walk 10s");
        assert_eq!(t.cues[0].text(), "Walk.");
        assert_eq!(t.cues[1].text(), "Run.");
        assert_no_overlap(&t);
    }

    #[test]
    fn a_change_is_cut_mid_word_rather_than_dropped() {
        let session = parse("walk 1s, run 1s, walk 10s").unwrap();
        let long = |_: Phrase| RATE * 2;
        let t = Timeline::with_phrase_lengths(&session, RATE as u32, &Script::default(), long);
        let walk = &t.cues[0];
        assert_eq!((walk.what, walk.at), (CueKind::Segment(Kind::Walk), 0));
        assert_eq!(
            walk.len,
            RATE - gap(),
            "cut to end a gap before the next cue"
        );
        assert_eq!(walk.words.len(), 1);
        let starts: Vec<u64> = t.cues.iter().map(|c| c.at).collect();
        assert_eq!(starts[..3], [0, s(1.0), s(2.0)]);
        assert_no_overlap(&t);
    }

    #[test]
    fn time_left_in_long_segments_and_the_last_half_minute_of_runs() {
        let t = timeline("walk 3m, run 90s, run 2m59s, walk 89s");
        let left: Vec<(f64, String)> = t
            .cues
            .iter()
            .filter(|c| c.what == CueKind::TimeLeft)
            .map(|c| (t.seconds(c.at), c.text()))
            .collect();
        assert_eq!(
            left,
            vec![
                (120.0, "One minute to go.".to_string()),
                (240.0, "Thirty seconds to go.".to_string()),
                ((270 + 149) as f64, "Thirty seconds to go.".to_string()),
            ]
        );
        // Quiet keeps "one minute" and drops "thirty seconds".
        let t = timeline_at("walk 3m, run 90s", Talk::Quiet);
        let left: Vec<String> = t
            .cues
            .iter()
            .filter(|c| c.what == CueKind::TimeLeft)
            .map(Cue::text)
            .collect();
        assert_eq!(left, vec!["One minute to go."]);
    }

    #[test]
    fn long_segments_get_a_mark_every_five_minutes() {
        let t = timeline("run 25m");
        let marks: Vec<(f64, String)> = t
            .cues
            .iter()
            .filter(|c| c.what == CueKind::Progress)
            .map(|c| (t.seconds(c.at), c.text()))
            .collect();
        assert_eq!(
            marks,
            vec![
                (300.0, "Five minutes done, twenty to go.".to_string()),
                (600.0, "Ten minutes done, fifteen to go.".to_string()),
                (900.0, "Fifteen minutes done, ten to go.".to_string()),
                (1200.0, "Twenty minutes done, five to go.".to_string()),
            ]
        );
        let quiet = timeline_at("run 25m", Talk::Quiet);
        assert!(quiet
            .cues
            .iter()
            .filter(|c| c.what == CueKind::Progress)
            .all(|c| c.text().ends_with("minutes done.")));
        // No mark in the last stretch: "one minute to go" is near.
        assert!(timeline("run 6m")
            .cues
            .iter()
            .all(|c| c.what != CueKind::Progress));
    }

    #[test]
    fn halfway_is_at_the_session_midpoint_or_just_after_a_cue_there() {
        let t = timeline("walk 10s, run 5s, walk 10s, run 15s");
        let halfway: Vec<u64> = t
            .cues
            .iter()
            .filter(|c| c.what == CueKind::Halfway)
            .map(|c| c.at)
            .collect();
        assert_eq!(halfway, vec![s(20.0)]);
        // The midpoint of "run 10s, walk 10s" is the change: after its words.
        let t = timeline("run 10s, walk 10s");
        let walk = t
            .cues
            .iter()
            .find(|c| c.what == CueKind::Segment(Kind::Walk))
            .unwrap();
        let h = t.cues.iter().find(|c| c.what == CueKind::Halfway).unwrap();
        assert_eq!(h.at, walk.end() + FOLLOW_PAUSE_MS * RATE / 1000);
        assert_no_overlap(&t);
    }

    #[test]
    fn halfway_is_dropped_when_no_slot_is_near() {
        // Beeps every second and gaps under a second: a 1.2 s "halfway"
        // never fits, and is left out rather than said late or on a beep.
        let session = parse("8x(run 4s)").unwrap();
        let slow = |p: Phrase| {
            if p == Phrase::Halfway {
                RATE * 6 / 5
            } else {
                len(p)
            }
        };
        let t = Timeline::with_phrase_lengths(&session, RATE as u32, &Script::default(), slow);
        assert!(t.cues.iter().all(|c| c.what != CueKind::Halfway));
        assert_no_overlap(&t);
    }

    #[test]
    fn lower_priority_talk_gives_way() {
        // A 6 min 10 s run: the 5-minute mark (at 300 s) and "one minute to
        // go" (at 310 s) are 10 s apart and both fit; at 5 min 10 s they
        // would collide and the mark, being lower, is what goes.
        let t = timeline("run 6m10s");
        let kinds: Vec<CueKind> = t
            .cues
            .iter()
            .filter(|c| matches!(c.what, CueKind::Progress | CueKind::TimeLeft))
            .map(|c| c.what)
            .collect();
        assert_eq!(
            kinds,
            vec![CueKind::Progress, CueKind::TimeLeft, CueKind::TimeLeft]
        );
        let session = parse("run 6m10s").unwrap();
        let slow = |p: Phrase| {
            if p == Phrase::OneMinuteToGo {
                RATE
            } else {
                RATE * 3
            }
        };
        let t = Timeline::with_phrase_lengths(&session, RATE as u32, &Script::default(), slow);
        let progress = t.cues.iter().find(|c| c.what == CueKind::Progress).unwrap();
        // "five minutes done, seventy seconds to go" is cut after "done".
        assert_eq!(progress.text(), "Five minutes done.");
        assert_no_overlap(&t);
    }

    #[test]
    fn chatty_adds_encouragement_in_runs_only_and_never_over_a_cue() {
        let steps = "warmup 5m, 3x(run 90s, walk 2m), run 12m, cooldown 5m";
        let normal = timeline_at(steps, Talk::Normal);
        let chatty = timeline_at(steps, Talk::Chatty);
        let quiet = timeline_at(steps, Talk::Quiet);
        assert!(quiet.cues.iter().all(|c| c.what != CueKind::Encouragement));
        let count = |t: &Timeline| {
            t.cues
                .iter()
                .filter(|c| c.what == CueKind::Encouragement)
                .count()
        };
        assert!(count(&chatty) > count(&normal), "{:?}", said(&chatty));
        let cheers: Vec<&Cue> = chatty
            .cues
            .iter()
            .filter(|c| c.what == CueKind::Encouragement)
            .collect();
        assert!(cheers.len() >= 4, "{:?}", said(&chatty));
        for c in &cheers {
            let seg = chatty.segment_at(c.at).unwrap();
            assert!(chatty.segments[seg].kind.is_run());
        }
        // Every cue of normal talk is still there, at the same instant.
        for c in &normal.cues {
            assert!(chatty.cues.contains(c), "{c:?}");
        }
        assert_no_overlap(&chatty);
    }

    #[test]
    fn a_plan_session_opens_with_an_intro_and_ends_with_what_is_next() {
        let session = parse("warmup 5m, 5x(run 90s, walk 2m), cooldown 5m").unwrap();
        let script = Script {
            talk: Talk::Normal,
            address: Some(Address {
                week: 3,
                session: 2,
            }),
            purpose: None,
            next: Some(NextSession {
                address: Address {
                    week: 3,
                    session: 3,
                },
                day: Some(chrono::Weekday::Sat),
            }),
            note: None,
            milestone: None,
            speeds: None,
        };
        let t = Timeline::with_phrase_lengths(&session, RATE as u32, &script, len);
        let words = said(&t);
        assert_eq!(words[0].1, "Warm up, five minutes of brisk walking.");
        assert_eq!(
            words[1].1,
            "Week three, run two. Five repeats of ninety seconds running and two minutes walking."
        );
        assert_eq!(t.cues[1].at, t.cues[0].end() + INTRO_PAUSE_MS * RATE / 1000);
        assert_eq!(
            words.last().unwrap().1,
            "Session complete. Well done. Next: week three, run three, on Saturday."
        );
        assert_eq!(t.len(), t.cues.last().unwrap().end());
        // Quiet: no intro, a short outro.
        let quiet = Script {
            talk: Talk::Quiet,
            ..script
        };
        let t = Timeline::with_phrase_lengths(&session, RATE as u32, &quiet, len);
        assert!(t.cues.iter().all(|c| c.what != CueKind::Intro));
        assert_eq!(t.cues.last().unwrap().text(), "Session complete.");
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
        let t = timeline("run 3s, walk 4s, run 10s");
        let beeps: Vec<u64> = t
            .cues
            .iter()
            .filter(|c| !c.is_spoken())
            .map(|c| c.at)
            .collect();
        assert_eq!(
            beeps,
            vec![s(4.0), s(5.0), s(6.0), s(14.0), s(15.0), s(16.0)]
        );
        assert_no_overlap(&t);
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
        let last = t.cues.last().unwrap();
        assert_eq!(
            (last.what, last.at),
            (CueKind::SessionComplete, 210 * 48_000)
        );
        assert_eq!(t.len(), last.end());
    }

    #[test]
    fn cues_starting_in_a_window() {
        let t = timeline("warmup 10s, 2x(run 5s, walk 5s), cooldown 10s");
        let w: Vec<CueKind> = t
            .cues_starting_in(s(9.0), s(12.0))
            .iter()
            .map(|c| c.what)
            .collect();
        assert_eq!(w, vec![CueKind::FinalBeep, CueKind::Segment(Kind::Run)]);
        assert!(t.cues_starting_in(s(60.0), s(70.0)).is_empty());
    }

    #[test]
    fn spoken_spans_are_the_cues_a_music_bed_ducks_under() {
        let t = timeline("run 2m, walk 90s");
        let spans: Vec<_> = t.spoken_spans().collect();
        assert_eq!(spans.len(), t.cues.iter().filter(|c| c.is_spoken()).count());
        assert!(spans.windows(2).all(|w| w[0].end <= w[1].start));
    }

    #[test]
    fn an_empty_session_is_silent() {
        let t = Timeline::new(&Session::new(Vec::new()), 44_100);
        assert!(t.is_empty() && t.cues.is_empty());
        assert_eq!(t.segment_at(0), None);
    }

    /// The longest stretch inside a run with no word being said: from the
    /// end of one spoken cue (or the run's start) to the start of the next
    /// (or the run's end), in seconds.
    fn longest_silence_in_runs(t: &Timeline) -> f64 {
        let mut longest = 0.0f64;
        for seg in t.segments.iter().filter(|g| g.kind.is_run()) {
            let mut from = seg.start;
            for c in t.cues.iter().filter(|c| c.is_spoken()) {
                if c.end() <= seg.start || c.at >= seg.end {
                    continue;
                }
                longest = longest.max(t.seconds(c.at.saturating_sub(from)));
                from = from.max(c.end());
            }
            longest = longest.max(t.seconds(seg.end.saturating_sub(from)));
        }
        longest
    }

    fn builtin(program: &str, week: usize, session: usize) -> (Session, Script) {
        let plan = crate::plan::programs::load(program).unwrap();
        let address = Address { week, session };
        let steps = plan.session(address).unwrap().steps.clone();
        (
            steps,
            Script::for_plan_session(&plan, address, Talk::Normal),
        )
    }

    #[test]
    fn the_coach_talks_a_runner_through_the_twenty_minute_run_of_week_five() {
        let (session, script) = builtin("couch-to-5k", 5, 3);
        assert!(session.longest_run_seconds() >= 20 * 60, "{session:?}");
        let t = Timeline::with_phrase_lengths(&session, RATE as u32, &script, len);
        let longest = longest_silence_in_runs(&t);
        assert!(
            longest <= 150.0,
            "{longest} s without a word: {:#?}",
            said(&t)
        );
        // Time done and left, and words of encouragement and form.
        let words = said(&t);
        assert!(words.iter().any(|(_, w)| w.contains("minutes done, ")));
        assert!(words.iter().any(|(_, w)| w == "Relax your shoulders."));
        // Quiet keeps its few words.
        let quiet = Script {
            talk: Talk::Quiet,
            ..script
        };
        let t = Timeline::with_phrase_lengths(&session, RATE as u32, &quiet, len);
        assert!(longest_silence_in_runs(&t) > 250.0);
    }

    #[test]
    fn no_word_of_encouragement_is_said_twice_in_a_session_and_an_hour_still_hears_the_time() {
        for talk in [Talk::Normal, Talk::Chatty] {
            let t = timeline_at("warmup 5m, 5x(run 4m, walk 1m), run 70m, cooldown 5m", talk);
            let cheers: Vec<String> = t
                .cues
                .iter()
                .filter(|c| c.what == CueKind::Encouragement)
                .map(Cue::text)
                .collect();
            let mut unique = cheers.clone();
            unique.sort();
            unique.dedup();
            assert_eq!(unique.len(), cheers.len(), "{talk}: {cheers:#?}");
            assert!(longest_silence_in_runs(&t) <= 150.0, "{talk}");
            assert_no_overlap(&t);
        }
    }

    #[test]
    fn a_milestone_is_said_when_the_run_gets_there_over_the_mark() {
        let (session, mut script) = builtin("couch-to-5k", 5, 3);
        let mark = |m: u64| {
            Some(crate::cues::milestone::Milestone {
                seconds: m * 60,
                goal: false,
            })
        };
        script.milestone = mark(20);
        let t = Timeline::with_phrase_lengths(&session, RATE as u32, &script, len);
        let run = t.segments.iter().find(|g| g.kind.is_run()).unwrap();
        let m: Vec<&Cue> = t
            .cues
            .iter()
            .filter(|c| c.what == CueKind::Milestone)
            .collect();
        assert_eq!(m.len(), 1, "{:#?}", said(&t));
        assert_eq!(
            m[0].text(),
            "That's twenty minutes without a walk. Your longest run yet. Remember this one."
        );
        // The run is exactly 20 minutes: said after the change at its end.
        assert_eq!(run.len(), 20 * 60 * RATE);
        assert!(m[0].at > run.end && m[0].at <= run.end + 20 * RATE);
        assert_no_overlap(&t);
        // Ten minutes into the same run: on the mark's instant, over the mark.
        script.milestone = mark(10);
        let t = Timeline::with_phrase_lengths(&session, RATE as u32, &script, len);
        let m = t
            .cues
            .iter()
            .find(|c| c.what == CueKind::Milestone)
            .unwrap();
        assert_eq!(m.at, run.start + 600 * RATE);
        // Quiet: the fewest words.
        script.talk = Talk::Quiet;
        let t = Timeline::with_phrase_lengths(&session, RATE as u32, &script, len);
        assert!(t.cues.iter().all(|c| c.what != CueKind::Milestone));
    }
}
