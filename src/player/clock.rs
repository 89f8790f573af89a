//! The session's clock: where in the timeline the runner is now.
//!
//! Two clocks share one face. [`AudioClock`] is the sound card's: the session
//! position is the count of frames the output pulled from the cue track, so a
//! cue sounds where the track puts it and the display follows the stream.
//! [`SilentClock`] is a monotonic clock re-anchored only on pause and jumps:
//! every deadline is `anchor + offset`, so nothing drifts however often the
//! player wakes.
//!
//! A device can go away mid-session (headphones unplugged, the sound server
//! killed). cpal reports that through the stream's error callback and then
//! either ends its audio thread or, for an error it does not know how to
//! recover from, calls the callback again in a tight loop. Any error other
//! than an underrun or a route change therefore marks the device as lost: the
//! [`AudioClock`] closes the stream (which ends cpal's loop) and goes on as a
//! [`SilentClock`] from where the listener was when the error came. A device
//! that merely stops advancing without an error (a suspended laptop) is a
//! stall instead, which the player meets with a pause.

use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

use crate::audio::device::{frames_to_duration, AudioOut};
use crate::audio::music::MusicBed;
use crate::audio::{AudioError, CueBank, CueTrack, Sound};
use crate::cues::phrases::Phrase;
use crate::cues::timeline::Timeline;

/// The audio position must move at least once in this long while playing, or
/// the device is taken to have stalled (a suspended laptop, a lost device).
pub const STALL_AFTER: Duration = Duration::from_secs(1);
/// Extra time left for the device and sound server to play out their buffers
/// after the last frame was pulled, beyond the buffer rodio reports.
const DRAIN_MARGIN: Duration = Duration::from_millis(300);
/// Waited past the instant the device says the last frame sounds: the
/// prediction's own error, a few milliseconds.
const END_MARGIN: Duration = Duration::from_millis(30);
/// Silence played before the session's first frame, once the device plays
/// (the device itself holds the track back until it does), so a device that
/// clicks as it starts clicks into silence, not into the first cue.
const LEAD_IN: Duration = Duration::from_millis(50);
/// A sound server may take seconds to start pulling a new stream (a fresh
/// PulseAudio does here); only after that does a standstill count as a stall.
const FIRST_START_GRACE: Duration = Duration::from_secs(3);

/// What the player needs from a clock.
pub trait Clock {
    /// Frames of the timeline played so far, as a listener hears them.
    fn position(&mut self) -> u64;
    /// Stop where the session stands; returns that position.
    fn pause(&mut self) -> u64;
    /// As [`Clock::pause`], for a clock that stopped advancing by itself:
    /// should the device turn out to be gone, the session was never paused,
    /// and goes on from where the device stopped as if it had played on.
    fn pause_stalled(&mut self) -> u64 {
        self.pause()
    }
    /// Whether the runner hears the session yet: a sound server can take
    /// seconds to start pulling a new stream, and until it does the session
    /// has not started (its clock and its stamps begin when it does).
    fn has_begun(&mut self) -> bool {
        true
    }
    /// Play on from frame `from` (after a pause, a skip or a step back).
    fn play_from(&mut self, from: u64);
    fn is_paused(&self) -> bool;
    /// The longest the player may wait before frame `frame` is due; `None`
    /// when the clock cannot tell (the player then wakes at its redraw rate).
    fn until(&mut self, frame: u64) -> Option<Duration>;
    /// Whether the timeline has played out, the last cue heard.
    fn is_over(&mut self) -> bool;
    /// Whether the clock has stopped advancing while it should play.
    fn is_stalled(&mut self) -> bool {
        false
    }
    /// Whether this clock makes the cues' sounds itself (else the player rings
    /// the terminal bell and prints them).
    fn sounds_cues(&self) -> bool;
    /// True once, when the clock's sound device has gone away and the clock
    /// has gone on without it.
    fn device_lost(&mut self) -> bool {
        false
    }
}

/// A monotonic clock with absolute deadlines.
#[derive(Debug)]
pub struct SilentClock {
    rate: u64,
    len: u64,
    /// Playing: the instant at which the timeline was at `at`.
    anchor: Option<Instant>,
    at: u64,
}

impl SilentClock {
    /// A clock for `timeline`, stopped at its start until [`Clock::play_from`].
    /// It ends with the session: there is no final clip to wait for.
    pub fn new(timeline: &Timeline) -> SilentClock {
        SilentClock {
            rate: u64::from(timeline.sample_rate),
            len: timeline.session_len(),
            anchor: None,
            at: 0,
        }
    }

    fn frames(&self, d: Duration) -> u64 {
        (d.as_nanos() * u128::from(self.rate) / 1_000_000_000) as u64
    }

    /// Play on from frame `from`, which was the position at `anchor` (an
    /// instant that may have passed: the clock then is already further on).
    pub fn play_from_at(&mut self, from: u64, anchor: Instant) {
        self.at = from.min(self.len);
        self.anchor = Some(anchor);
    }

    /// Stopped at frame `at`.
    pub fn paused_at(timeline: &Timeline, at: u64) -> SilentClock {
        let mut c = SilentClock::new(timeline);
        c.at = at.min(c.len);
        c
    }
}

impl Clock for SilentClock {
    fn position(&mut self) -> u64 {
        match self.anchor {
            Some(anchor) => (self.at + self.frames(anchor.elapsed())).min(self.len),
            None => self.at,
        }
    }

    fn pause(&mut self) -> u64 {
        self.at = self.position();
        self.anchor = None;
        self.at
    }

    fn play_from(&mut self, from: u64) {
        self.play_from_at(from, Instant::now());
    }

    fn is_paused(&self) -> bool {
        self.anchor.is_none()
    }

    fn until(&mut self, frame: u64) -> Option<Duration> {
        let anchor = self.anchor?;
        let offset = frame.saturating_sub(self.at);
        let deadline = anchor + frames_to_duration(offset, self.rate);
        Some(deadline.saturating_duration_since(Instant::now()))
    }

    fn is_over(&mut self) -> bool {
        self.position() >= self.len
    }

    fn sounds_cues(&self) -> bool {
        false
    }
}

/// The sound card's clock: the session position is the cue track's.
pub struct AudioClock {
    out: AudioOut,
    timeline: Timeline,
    bank: CueBank,
    counter: Arc<AtomicU64>,
    paused: bool,
    /// Where the track was last (re)started: the heard position never reads
    /// earlier than this, though the device still plays older frames.
    started_at: u64,
    /// When the playing track may first be expected to move (after a
    /// "resumed" clip, say).
    moving_from: Instant,
    last_count: u64,
    last_move: Instant,
    /// When the track's last frame was pulled.
    drained_since: Option<Instant>,
    /// Whether play has started (the first start is no "resume").
    begun: bool,
    /// Once the device is lost: the monotonic clock that took over.
    fallback: Option<SilentClock>,
    /// Paused because the device stopped advancing, not by the runner.
    stall_paused: bool,
    /// The device is lost and the player not yet told.
    lost_untold: bool,
    /// The runner's music, mixed under the cues; it stops with the track
    /// and goes on where it was when the track is started again.
    music: Option<MusicBed>,
}

impl AudioClock {
    /// A clock for `timeline` (built with `bank`, at `out`'s rate), silent
    /// until [`Clock::play_from`].
    pub fn new(
        out: AudioOut,
        timeline: &Timeline,
        bank: &CueBank,
    ) -> Result<AudioClock, AudioError> {
        // Checked once here, so rebuilding the track later cannot fail;
        // the pause words are readied with the session's, off the keys' path.
        bank.load([Phrase::Paused, Phrase::Resumed]);
        CueTrack::new(timeline, bank, out.config)?;
        let now = Instant::now();
        Ok(AudioClock {
            out,
            timeline: timeline.clone(),
            bank: bank.clone(),
            counter: Arc::new(AtomicU64::new(0)),
            paused: true,
            started_at: 0,
            moving_from: now,
            last_count: 0,
            last_move: now,
            drained_since: None,
            begun: false,
            fallback: None,
            stall_paused: false,
            lost_untold: false,
            music: None,
        })
    }

    /// Play `music` under the cues.
    pub fn with_music(mut self, music: MusicBed) -> AudioClock {
        self.music = Some(music);
        self
    }

    pub fn out(&self) -> &AudioOut {
        &self.out
    }

    /// Play the track from frame `from`, after `wait` frames of silence.
    fn start_track(&mut self, from: u64, wait: u64) {
        let grace = if self.begun {
            Duration::ZERO
        } else {
            FIRST_START_GRACE
        };
        self.begun = true;
        self.out.stop();
        let Ok(track) = CueTrack::new(&self.timeline, &self.bank, self.out.config) else {
            return;
        };
        let track = track
            .starting_at(from)
            .sharing_position(Arc::clone(&self.counter));
        if let Ok(mut note) = self.out.pulled.lock() {
            *note = None;
        }
        let counter = Arc::clone(&self.counter);
        match &self.music {
            None => self.out.play(Box::new(track), counter, wait),
            Some(music) => self.out.play(Box::new(music.under(track)), counter, wait),
        }
        let delay = frames_to_duration(wait, u64::from(self.out.config.sample_rate));
        let now = Instant::now();
        self.paused = false;
        self.stall_paused = false;
        self.started_at = from.min(self.timeline.len());
        self.moving_from = now + delay + grace;
        self.last_count = self.started_at;
        self.last_move = now + delay + grace;
        self.drained_since = None;
    }

    /// Play `sound` once, over the track if one plays; returns its length in
    /// frames.
    fn play_clip(&self, sound: Sound) -> u64 {
        let clip = self.bank.clip(sound);
        self.out.play_clip(clip);
        clip.len() as u64
    }

    fn count(&self) -> u64 {
        self.counter.load(Ordering::Relaxed)
    }

    /// Where the listener is by the audio stream.
    fn heard(&self) -> u64 {
        self.heard_at(self.count())
    }

    /// Where the listener is when the device has taken `count` frames.
    fn heard_at(&self, count: u64) -> u64 {
        count
            .saturating_sub(self.out.latency)
            .max(self.started_at)
            .min(count)
    }

    /// The monotonic clock, once the device is gone. The first call after
    /// the loss closes the stream and starts that clock from where the
    /// listener was when the error came, at the instant it came, so the
    /// session keeps its length however late the player notices.
    fn fallback(&mut self) -> Option<&mut SilentClock> {
        if self.fallback.is_none() {
            let (when, _why) = self.out.lost()?;
            self.out.stop();
            self.out.close();
            // The last note of the device taking frames says best where the
            // listener was when: the error may come a little after the
            // stream stopped.
            let pulled = self.out.pulled.lock().ok().and_then(|n| *n);
            let (anchor, at) = match pulled {
                Some((t, count)) if t <= when => (t, self.heard_at(count)),
                _ => (when, self.heard()),
            };
            let mut silent = SilentClock::paused_at(&self.timeline, at);
            // A stall that was the device dying paused nothing the runner
            // knew of: the session has gone on since the device's last frame.
            if !self.paused || self.stall_paused {
                silent.play_from_at(at, anchor);
            }
            self.fallback = Some(silent);
            self.lost_untold = true;
        }
        self.fallback.as_mut()
    }
}

impl Clock for AudioClock {
    fn position(&mut self) -> u64 {
        if let Some(silent) = self.fallback() {
            return silent.position();
        }
        self.heard()
    }

    fn pause(&mut self) -> u64 {
        if let Some(silent) = self.fallback() {
            return silent.pause();
        }
        let at = self.position();
        self.out.stop();
        self.paused = true;
        self.play_clip(Sound::Say(Phrase::Paused));
        at
    }

    fn pause_stalled(&mut self) -> u64 {
        let at = self.pause();
        if self.fallback.is_none() {
            self.stall_paused = true;
        }
        at
    }

    fn has_begun(&mut self) -> bool {
        self.fallback().is_some() || self.heard() > self.started_at
    }

    fn play_from(&mut self, from: u64) {
        if let Some(silent) = self.fallback() {
            return silent.play_from(from);
        }
        let wait = if !self.begun {
            (LEAD_IN.as_nanos() * u128::from(self.out.config.sample_rate) / 1_000_000_000) as u64
        } else if self.paused {
            self.play_clip(Sound::Say(Phrase::Resumed))
        } else {
            0
        };
        self.start_track(from, wait);
    }

    fn is_paused(&self) -> bool {
        match &self.fallback {
            Some(silent) => silent.is_paused(),
            None => self.paused,
        }
    }

    fn until(&mut self, frame: u64) -> Option<Duration> {
        if self.fallback.is_none() && !self.paused && self.count() >= self.timeline.len() {
            // Played out: wake when the device says the last frame sounded.
            let end = self.out.heard_by(self.timeline.len())? + END_MARGIN;
            return Some(end.saturating_duration_since(Instant::now()));
        }
        self.fallback().and_then(|silent| silent.until(frame))
    }

    fn is_over(&mut self) -> bool {
        if let Some(silent) = self.fallback() {
            return silent.is_over();
        }
        if self.paused || self.count() < self.timeline.len() {
            return false;
        }
        // The device says when its last frame sounds; without that, its
        // buffer and a margin for the sound server's are waited for.
        if let Some(end) = self.out.heard_by(self.timeline.len()) {
            return Instant::now() >= end + END_MARGIN;
        }
        let since = *self.drained_since.get_or_insert_with(Instant::now);
        let buffered = frames_to_duration(self.out.latency, u64::from(self.timeline.sample_rate));
        since.elapsed() >= buffered + DRAIN_MARGIN
    }

    fn is_stalled(&mut self) -> bool {
        if self.paused || self.fallback().is_some() {
            return false;
        }
        let now = Instant::now();
        let count = self.count();
        if count != self.last_count {
            self.last_count = count;
            self.last_move = now;
            return false;
        }
        if count >= self.timeline.len() || now < self.moving_from {
            return false;
        }
        if now.saturating_duration_since(self.last_move) <= STALL_AFTER {
            return false;
        }
        // A stream that stopped after an error is a lost device, not a
        // suspended laptop: the player goes on without it.
        if self
            .out
            .health
            .last_error()
            .is_some_and(|e| e >= self.last_move)
        {
            self.out.health.declare_lost(self.last_move.min(now));
            return false;
        }
        true
    }

    fn sounds_cues(&self) -> bool {
        self.fallback.is_none()
    }

    fn device_lost(&mut self) -> bool {
        self.fallback().is_some() && std::mem::take(&mut self.lost_untold)
    }
}

impl Drop for AudioClock {
    fn drop(&mut self) {
        self.out.stop();
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::plan::steps::parse;

    #[test]
    fn silent_deadlines_are_absolute_and_pause_holds_the_position() {
        let t = Timeline::new(&parse("run 10s, walk 10s").unwrap(), 1000);
        let mut c = SilentClock::new(&t);
        assert!(c.is_paused());
        c.play_from(0);
        let until = c.until(5000).unwrap();
        assert!(until <= Duration::from_secs(5) && until > Duration::from_millis(4900));
        let at = c.pause();
        assert!(c.is_paused());
        assert_eq!(c.position(), at);
        assert_eq!(c.until(5000), None);
        c.play_from(12_000);
        assert!(c.position() >= 12_000);
        assert!(c.until(12_000).unwrap().is_zero());
        c.play_from(u64::MAX);
        assert!(c.is_over());
    }
}
