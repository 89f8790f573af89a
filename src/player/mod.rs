//! The live session: a [`Timeline`] played against a [`Clock`], steered by
//! [`Keys`], shown on a [`Display`].
//!
//! The clock decides where the session is; the player only reads it. With the
//! sound card ([`AudioClock`]) the cues are in the audio stream and the player
//! never decides when one sounds; without it ([`SilentClock`]) the player
//! wakes at each cue's absolute deadline and rings the bell.
//!
//! Event stamps are times since the session started, pauses included: a
//! segment change is stamped when the clock reached the change, which the
//! player computes from the clock's position rather than from when it woke.

pub mod clock;
pub mod display;
pub mod glyphs;
pub mod keys;
pub mod screen;
pub mod terminal_guard;

use std::time::{Duration, Instant};

pub use crate::audio::device::AudioOut;
pub use clock::{AudioClock, Clock, SilentClock, STALL_AFTER};
pub use display::{Display, Lines, View};
pub use keys::{Key, Keys, NoKeys, TerminalKeys};
pub use screen::Screen;
pub use terminal_guard::TerminalGuard;

use crate::cues::timeline::{CueKind, Timeline};
use crate::history::PlanProgress;
use crate::sys::interrupt::{self, Signal};

/// How often the player wakes when nothing is due sooner: the redraw rate.
pub const TICK: Duration = Duration::from_millis(1000 / display::REDRAWS_PER_SECOND as u64);
/// With no keys to resume by, a stalled device is tried again this often.
pub const STALL_RETRY: Duration = Duration::from_secs(5);

/// What the runner is told, once, when the sound device goes away.
pub const LOST_NOTICE: &str =
    "the sound device is gone: going on with cues on screen and the terminal bell";

/// How a session ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum End {
    /// Played to the end (skips included).
    Finished,
    /// The runner ended it with `q`, confirmed.
    Quit,
    /// Ctrl-C, or SIGINT, SIGTERM or SIGHUP ([`interrupt::caught`] says which).
    Interrupted,
}

/// What happened, for the summary and the journal.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SessionReport {
    pub end: End,
    pub progress: PlanProgress,
    /// From start (the first frame heard) to end, pauses included.
    pub wall: Duration,
    /// How often the runner paused (space), and how long the session stood
    /// still in all, the runner's pauses and stalls together.
    pub pauses: u32,
    pub paused: Duration,
    /// Stalls of the device that paused the session (not counting one that
    /// turned out to be the device going away).
    pub stalls: u32,
    /// When the sound device went away, if it did (time since the start).
    pub device_lost: Option<Duration>,
    /// A time trial's run, when the session has one and it was reached.
    pub trial: Option<TrialRun>,
}

/// How a time trial's run went: what its time can be trusted for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TrialRun {
    /// Seconds from its start to the runner's `n` (or to its end).
    pub seconds: u32,
    /// Ended by the runner's `n`, at the distance: else it ran out at its
    /// ceiling, and its time measures nothing.
    pub ended_by_key: bool,
    /// Paused, stalled or stepped back while in it: its time is not the
    /// distance's.
    pub disturbed: bool,
}

impl TrialRun {
    /// The trial's time, when it can be trusted.
    pub fn timed(&self) -> Option<u32> {
        (self.ended_by_key && !self.disturbed && self.seconds > 0).then_some(self.seconds)
    }
}

impl SessionReport {
    /// Whether the session was played through as planned: to its end, with
    /// no segment skipped. Only then is it "complete".
    pub fn completed(&self) -> bool {
        self.end == End::Finished && self.progress.segments_skipped == 0
    }
}

/// Turn SIGINT, SIGTERM and SIGHUP into a clean end of the session (terminal
/// restored, journal written); in raw mode Ctrl-C arrives as a key instead,
/// and counts as SIGINT.
pub fn catch_interrupt() {
    interrupt::catch();
}

/// Play `timeline` to its end or until the runner stops it. Whether `keys`
/// can resume a stalled device is theirs to say ([`Keys::live`]).
/// `progress` is called on every wake with where things stand.
pub fn play(
    timeline: &Timeline,
    clock: &mut dyn Clock,
    keys: &mut dyn Keys,
    display: &mut dyn Display,
    progress: &mut dyn FnMut(PlanProgress),
) -> SessionReport {
    Player::new(timeline, keys.live()).run(clock, keys, display, progress)
}

struct Player<'a> {
    t: &'a Timeline,
    rate: u64,
    keys_on: bool,
    start: Instant,
    started: bool,
    current: Option<usize>,
    played: Vec<u64>,
    completed: Vec<bool>,
    skipped: Vec<bool>,
    last_pos: u64,
    next_cue: usize,
    /// While paused: where play goes on from.
    paused_at: Option<u64>,
    stalled_since: Option<Instant>,
    stalls: u32,
    /// Whether the runner hears the session yet ([`Clock::has_begun`]).
    begun: bool,
    /// While paused (by the runner or a stall): since when.
    pause_began: Option<Instant>,
    pauses: u32,
    paused_total: Duration,
    device_lost: Option<Duration>,
    asking_quit: bool,
    prompt: Option<String>,
    /// The time trial's run: its index, and whether a pause, stall or step
    /// back touched it.
    trial: Option<usize>,
    trial_disturbed: bool,
}

impl<'a> Player<'a> {
    fn new(t: &'a Timeline, keys_on: bool) -> Player<'a> {
        let n = t.segments.len();
        Player {
            t,
            rate: u64::from(t.sample_rate.max(1)),
            keys_on,
            start: Instant::now(),
            started: false,
            current: None,
            played: vec![0; n],
            completed: vec![false; n],
            skipped: vec![false; n],
            last_pos: 0,
            next_cue: 0,
            paused_at: None,
            stalled_since: None,
            stalls: 0,
            begun: false,
            pause_began: None,
            pauses: 0,
            paused_total: Duration::ZERO,
            device_lost: None,
            asking_quit: false,
            prompt: None,
            trial: t.segments.iter().position(|s| s.trial),
            trial_disturbed: false,
        }
    }

    /// A pause, a stall or a step back while in the trial's run.
    fn disturb_trial(&mut self) {
        if self.current.is_some() && self.current == self.trial {
            self.trial_disturbed = true;
        }
    }

    fn run(
        mut self,
        clock: &mut dyn Clock,
        keys: &mut dyn Keys,
        display: &mut dyn Display,
        on_progress: &mut dyn FnMut(PlanProgress),
    ) -> SessionReport {
        self.start = Instant::now();
        clock.play_from(0);
        let end = loop {
            if interrupt::caught().is_some() {
                break End::Interrupted;
            }
            if clock.device_lost() {
                self.lose_device(clock, display);
            }
            let pos = match self.paused_at {
                Some(at) => at,
                None => clock.position(),
            };
            if !self.begun && self.paused_at.is_none() && clock.has_begun() {
                // The session starts when its first frame is heard, `pos`
                // frames ago: a sound server slow to start a stream delays
                // it, and its stamps and wall time start with it.
                self.begun = true;
                let since = Duration::from_nanos(
                    (u128::from(pos) * 1_000_000_000 / u128::from(self.rate)) as u64,
                );
                let now = Instant::now();
                self.start = now.checked_sub(since).unwrap_or(now);
            }
            if self.begun {
                self.advance(pos, clock.sounds_cues(), display);
            }
            if self.paused_at.is_none() && clock.is_over() {
                // The clock may have reached the end since `pos` was read.
                if self.begun {
                    self.catch_up(clock, display);
                }
                break End::Finished;
            }
            if self.paused_at.is_none() && clock.is_stalled() {
                let at = clock.pause_stalled();
                self.disturb_trial();
                self.paused_at = Some(at);
                self.stalled_since = Some(Instant::now());
                self.pause_began = Some(Instant::now());
                self.stalls += 1;
                let how = if self.keys_on {
                    "press space to go on"
                } else {
                    "trying again in a few seconds"
                };
                let text = format!("the audio stopped advancing: paused; {how}");
                display.note(self.wall(), &text);
                self.prompt = Some(text);
            }
            on_progress(self.progress());
            display.tick(&View {
                timeline: self.t,
                // Before the sound starts, the first segment waits to begin.
                segment: if self.begun {
                    self.current
                } else {
                    self.t.segment_at(0)
                },
                position: pos,
                paused: self.paused_at.is_some(),
                prompt: self.prompt.as_deref(),
            });

            let mut timeout = TICK;
            if self.paused_at.is_none() {
                // With nothing left to say, the end of the track is what is
                // due: the sound card's clock says when its last frame sounds.
                let due = self.next_due(pos).unwrap_or(self.t.len());
                if let Some(d) = clock.until(due) {
                    timeout = timeout.min(d);
                }
            }
            if let (Some(since), false) = (self.stalled_since, self.keys_on) {
                if since.elapsed() >= STALL_RETRY {
                    self.resume(clock, display);
                    continue;
                }
            }
            let Some(key) = keys.wait(timeout) else {
                continue;
            };
            if self.asking_quit {
                self.asking_quit = false;
                self.prompt = None;
                match key {
                    Key::Quit => break End::Quit,
                    Key::Interrupt => {
                        interrupt::raise(Signal::Interrupt);
                        break End::Interrupted;
                    }
                    Key::Closed => {
                        interrupt::raise(Signal::HangUp);
                        break End::Interrupted;
                    }
                    _ => continue,
                }
            }
            match key {
                Key::Interrupt => {
                    interrupt::raise(Signal::Interrupt);
                    break End::Interrupted;
                }
                // The terminal closed under the session: what SIGHUP means,
                // whether or not the signal itself reached walkrun.
                Key::Closed => {
                    interrupt::raise(Signal::HangUp);
                    break End::Interrupted;
                }
                Key::Quit => {
                    self.asking_quit = true;
                    self.prompt = Some(
                        "End the session now? Press q again to end, any other key to go on.".into(),
                    );
                    display.note(
                        self.wall(),
                        "end the session? q again to end, any other key to go on",
                    );
                }
                Key::PauseResume => match self.paused_at {
                    Some(_) => self.resume(clock, display),
                    None => {
                        let at = clock.pause();
                        if self.begun {
                            self.advance(at, clock.sounds_cues(), display);
                        }
                        self.disturb_trial();
                        self.paused_at = Some(at);
                        self.pauses += 1;
                        self.pause_began = Some(Instant::now());
                        display.note(self.wall(), "paused");
                        if !clock.sounds_cues() {
                            display.bell();
                        }
                    }
                },
                Key::Next => {
                    // The time run since the last wake counts before the skip.
                    self.catch_up(clock, display);
                    if let Some(i) = self.current {
                        self.skipped[i] = true;
                        let to = self
                            .t
                            .segments
                            .get(i + 1)
                            .map_or(self.t.session_len(), |s| s.start);
                        self.jump(to, clock, display);
                    }
                }
                Key::Back => {
                    self.catch_up(clock, display);
                    self.disturb_trial();
                    if let Some(i) = self.current {
                        let to = self.t.segments[i].start;
                        display.note(
                            self.wall(),
                            &format!(
                                "back to the start of this {}",
                                display::segment_word(self.t.segments[i].kind).to_lowercase()
                            ),
                        );
                        self.jump(to, clock, display);
                    }
                }
                Key::Other => {}
            }
        };
        let wall = self.wall();
        // A time trial's run ended with `n` at its distance was run, as
        // asked, not skipped (unless a pause or step back spoilt its time).
        let trial_run = self.trial.filter(|_| !self.trial_disturbed);
        let skips = self
            .skipped
            .iter()
            .enumerate()
            .any(|(i, &s)| s && Some(i) != trial_run);
        let text = match end {
            End::Finished if skips => "session over, with skips",
            End::Finished => "session complete",
            End::Quit => "ended early",
            End::Interrupted => "interrupted",
        };
        display.note(wall, text);
        display.finish();
        if let Some(since) = self.pause_began.take() {
            self.paused_total += since.elapsed();
        }
        SessionReport {
            end,
            progress: self.progress(),
            wall,
            pauses: self.pauses,
            paused: self.paused_total,
            stalls: self.stalls,
            device_lost: self.device_lost,
            trial: self
                .trial
                .filter(|&i| self.played[i] > 0)
                .map(|i| TrialRun {
                    seconds: u32::try_from((self.played[i] + self.rate / 2) / self.rate)
                        .unwrap_or(u32::MAX),
                    ended_by_key: self.skipped[i],
                    disturbed: self.trial_disturbed,
                }),
        }
    }

    /// The clock has gone on without its sound device: say so once, and end
    /// a stall that was the device dying. That stall paused nothing: the
    /// clock goes on from the device's last frame as if it had played on
    /// (so the session ends on time), and it is no stall and no pause.
    fn lose_device(&mut self, clock: &mut dyn Clock, display: &mut dyn Display) {
        self.device_lost = Some(self.wall());
        display.note(self.wall(), LOST_NOTICE);
        display.bell();
        if self.stalled_since.take().is_some() {
            self.stalls = self.stalls.saturating_sub(1);
            self.pause_began = None;
            self.prompt = None;
            if let Some(at) = self.paused_at.take() {
                if clock.is_paused() {
                    clock.play_from(at);
                }
            }
        }
    }

    fn wall(&self) -> Duration {
        self.start.elapsed()
    }

    /// Account for play up to where the clock is now (not paused).
    fn catch_up(&mut self, clock: &mut dyn Clock, display: &mut dyn Display) {
        if self.paused_at.is_none() {
            let now = clock.position();
            self.advance(now, clock.sounds_cues(), display);
        }
    }

    /// The next frame at which something happens: a cue or a change.
    fn next_due(&self, pos: u64) -> Option<u64> {
        let cue = self.t.cues.get(self.next_cue).map(|c| c.at);
        let change = self
            .current
            .map(|i| self.t.segments[i].end)
            .filter(|&e| e > pos);
        match (cue, change) {
            (Some(a), Some(b)) => Some(a.min(b)),
            (a, b) => a.or(b),
        }
    }

    /// Account for play up to `pos`: time in each segment, changes, cues.
    fn advance(&mut self, pos: u64, ring: bool, display: &mut dyn Display) {
        let ring = !ring;
        if pos > self.last_pos {
            let from = self.last_pos;
            let first = self.t.segments.partition_point(|s| s.end <= from);
            for (i, s) in self.t.segments.iter().enumerate().skip(first) {
                if s.start >= pos {
                    break;
                }
                self.played[i] += pos.min(s.end) - from.max(s.start);
            }
            self.last_pos = pos;
        }
        let now = self.t.segment_at(pos);
        if !self.started {
            self.started = true;
            self.current = now;
            if let Some(i) = now {
                self.announce(i, pos, display);
            }
        }
        // Every change the clock has passed since the last wake, in order.
        while let Some(i) = self.current {
            if Some(i) == now {
                break;
            }
            self.completed[i] = true;
            self.current = (i + 1 < self.t.segments.len()).then_some(i + 1);
            if let Some(j) = self.current {
                self.announce(j, pos, display);
            }
        }
        while let Some(cue) = self.t.cues.get(self.next_cue) {
            if cue.at > pos {
                break;
            }
            self.next_cue += 1;
            if ring {
                display.bell();
            }
            if cue.what == CueKind::Halfway {
                display.note(self.wall(), "halfway");
            }
        }
    }

    /// Print segment `i`'s line, stamped when the clock reached its start.
    fn announce(&self, i: usize, pos: u64, display: &mut dyn Display) {
        let s = self.t.segments[i];
        let late = pos.saturating_sub(s.start);
        let late =
            Duration::from_nanos((u128::from(late) * 1_000_000_000 / u128::from(self.rate)) as u64);
        let line = display::segment_line(self.t, &s);
        display.note(self.wall().saturating_sub(late), &line);
    }

    fn resume(&mut self, clock: &mut dyn Clock, display: &mut dyn Display) {
        let Some(at) = self.paused_at.take() else {
            return;
        };
        self.stalled_since = None;
        self.prompt = None;
        if let Some(since) = self.pause_began.take() {
            self.paused_total += since.elapsed();
        }
        clock.play_from(at);
        display.note(self.wall(), "resumed");
        if !clock.sounds_cues() {
            display.bell();
        }
    }

    /// Move play to `to` (a skip or a step back), paused or not.
    fn jump(&mut self, to: u64, clock: &mut dyn Clock, display: &mut dyn Display) {
        self.last_pos = to;
        self.next_cue = self.t.cues.partition_point(|c| c.at < to);
        let old = self.current;
        self.current = self.t.segment_at(to);
        if let Some(i) = self.current {
            if old != Some(i) {
                let line = format!(
                    "skipped to {}",
                    display::segment_line(self.t, &self.t.segments[i])
                );
                display.note(self.wall(), &line);
            }
        }
        match self.paused_at {
            Some(_) => self.paused_at = Some(to),
            None => clock.play_from(to),
        }
    }

    fn progress(&self) -> PlanProgress {
        let seconds = |frames: u64| u32::try_from(frames / self.rate).unwrap_or(u32::MAX);
        // Running is counted in frames and made seconds once, over the whole
        // session: rounded per segment, 40 skips lost 14 s between done and
        // skipped. A run played twice (`b`) is still one run done.
        let (mut run, mut left_out) = (0u64, 0u64);
        for ((s, &played), &skipped) in self.t.segments.iter().zip(&self.played).zip(&self.skipped)
        {
            if s.kind.is_run() {
                run += played.min(s.len());
                if skipped {
                    left_out += s.len().saturating_sub(played);
                }
            }
        }
        let run_seconds_done = seconds(run);
        let mut p = PlanProgress {
            seconds_spent: seconds(self.played.iter().sum()),
            run_seconds_done,
            run_seconds_skipped: seconds(run + left_out).saturating_sub(run_seconds_done),
            segments_completed: self.completed.iter().filter(|&&c| c).count() as u32,
            segments_skipped: self.skipped.iter().filter(|&&s| s).count() as u32,
            ..PlanProgress::default()
        };
        // What the journal keeps of the running: the longest stretch without
        // a walk, and what `n` left out.
        let mut stretch = 0;
        for ((s, &played), &skipped) in self.t.segments.iter().zip(&self.played).zip(&self.skipped)
        {
            if !s.kind.is_run() {
                stretch = 0;
                continue;
            }
            stretch += played;
            p.longest_run_seconds = p.longest_run_seconds.max(seconds(stretch));
            if skipped {
                stretch = 0;
            }
        }
        p
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::plan::steps::parse;
    use std::cell::Cell;
    use std::rc::Rc;

    const RATE: u32 = 1000;

    /// A clock the test moves: keys waiting move it on by the time waited.
    struct FakeClock {
        pos: Rc<Cell<u64>>,
        paused: Rc<Cell<bool>>,
        len: u64,
    }

    impl Clock for FakeClock {
        fn position(&mut self) -> u64 {
            self.pos.get().min(self.len)
        }
        fn pause(&mut self) -> u64 {
            self.paused.set(true);
            self.position()
        }
        fn play_from(&mut self, from: u64) {
            self.paused.set(false);
            self.pos.set(from.min(self.len));
        }
        fn is_paused(&self) -> bool {
            self.paused.get()
        }
        fn until(&mut self, frame: u64) -> Option<Duration> {
            let frames = frame.saturating_sub(self.position());
            Some(Duration::from_millis(frames * 1000 / u64::from(RATE)))
        }
        fn is_over(&mut self) -> bool {
            self.position() >= self.len
        }
        fn sounds_cues(&self) -> bool {
            true
        }
    }

    /// Keys pressed after so many frames of waiting each; the clock moves on
    /// while they wait (not while paused).
    struct FakeKeys {
        pos: Rc<Cell<u64>>,
        paused: Rc<Cell<bool>>,
        script: std::collections::VecDeque<(u64, Key)>,
        waited: u64,
    }

    impl Keys for FakeKeys {
        fn wait(&mut self, timeout: Duration) -> Option<Key> {
            let mut frames = timeout.as_millis() as u64 * u64::from(RATE) / 1000;
            let mut key = None;
            if let Some(&(after, k)) = self.script.front() {
                if self.waited + frames >= after {
                    frames = after - self.waited;
                    self.script.pop_front();
                    self.waited = 0;
                    key = Some(k);
                } else {
                    self.waited += frames;
                }
            }
            if !self.paused.get() {
                self.pos.set(self.pos.get() + frames);
            }
            key
        }
    }

    struct Quiet;
    impl Display for Quiet {
        fn tick(&mut self, _: &View<'_>) {}
        fn note(&mut self, _: Duration, _: &str) {}
        fn bell(&mut self) {}
        fn finish(&mut self) {}
    }

    fn play_with(steps: &str, script: &[(u64, Key)]) -> SessionReport {
        let t = Timeline::new(&parse(steps).unwrap(), RATE);
        let pos = Rc::new(Cell::new(0));
        let paused = Rc::new(Cell::new(true));
        let mut clock = FakeClock {
            pos: Rc::clone(&pos),
            paused: Rc::clone(&paused),
            len: t.session_len(),
        };
        let mut keys = FakeKeys {
            pos,
            paused,
            script: script.iter().copied().collect(),
            waited: 0,
        };
        play(&t, &mut clock, &mut keys, &mut Quiet, &mut |_| {})
    }

    #[test]
    fn skipped_and_done_running_add_up_to_the_sessions_running() {
        // 40 runs of 15 s, each run for 0.37 s and then skipped.
        let script: Vec<_> = (0..40).map(|_| (370, Key::Next)).collect();
        let r = play_with("40x(run 15s)", &script);
        let p = r.progress;
        assert_eq!(p.segments_skipped, 40, "{p:?}");
        assert_eq!(
            p.run_seconds_done + p.run_seconds_skipped,
            600,
            "done and skipped: {p:?}"
        );
        assert_eq!(p.run_seconds_done, 14, "40 x 0.37 s run: {p:?}");
        assert!(!r.completed(), "skipped through is no complete session");
    }
}
