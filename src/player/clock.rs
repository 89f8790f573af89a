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

use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use rodio::source::SeekError;
use rodio::{DeviceSinkBuilder, MixerDeviceSink, Source};

use crate::audio::music::MusicBed;
use crate::audio::{AudioError, ClipSource, CueBank, CueTrack, Sound, TrackConfig};
use crate::cues::phrases::Phrase;
use crate::cues::timeline::Timeline;

/// The audio position must move at least once in this long while playing, or
/// the device is taken to have stalled (a suspended laptop, a lost device).
pub const STALL_AFTER: Duration = Duration::from_secs(1);
/// Extra time left for the device and sound server to play out their buffers
/// after the last frame was pulled, beyond the buffer rodio reports.
const DRAIN_MARGIN: Duration = Duration::from_millis(300);
/// Silence played before the session's first frame: a sound server that is
/// still settling (a dropped first buffer, a late start) then loses silence,
/// not the first cue.
const LEAD_IN: Duration = Duration::from_millis(500);
/// The device buffer asked for: rodio's 50 ms underruns on a busy machine
/// through the PulseAudio plugin; 100 ms only delays the display a little.
const BUFFER_MS: u32 = 100;
/// A sound server may take seconds to start pulling a new stream (a fresh
/// PulseAudio does here); only after that does a standstill count as a stall.
const FIRST_START_GRACE: Duration = Duration::from_secs(3);

/// Errors that keep coming for this long mean the device is gone; a shorter
/// run of them is a hiccup the stream recovers from.
const LOST_AFTER_ERRORS: Duration = Duration::from_millis(200);
/// Errors further apart than this belong to separate runs.
const ERROR_RUN_GAP: Duration = Duration::from_millis(100);
/// While the device is lost but its stream not yet closed, cpal may call the
/// error callback in a loop; each call then waits this long, so the loop costs
/// nothing until the player closes the stream (it looks a few times a second).
const LOST_THROTTLE: Duration = Duration::from_millis(20);

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

fn frames_to_duration(frames: u64, rate: u64) -> Duration {
    Duration::from_nanos((u128::from(frames) * 1_000_000_000 / u128::from(rate.max(1))) as u64)
}

/// The default output device, open and silent.
pub struct AudioOut {
    /// `None` once the device is lost and its stream closed.
    sink: Option<MixerDeviceSink>,
    config: TrackConfig,
    /// Frames between what the track hands out and what is heard, as far as
    /// rodio knows (its device buffer); the sound server may add more.
    latency: u64,
    health: Arc<Health>,
}

/// What the stream's error callback saw, shared with its audio thread.
#[derive(Debug, Default)]
struct Health {
    lost: AtomicBool,
    errors: Mutex<Errors>,
}

#[derive(Debug, Default)]
struct Errors {
    /// The first and the latest error of the current run of errors.
    first: Option<Instant>,
    last: Option<Instant>,
    /// When the device was lost, and the error that said so.
    lost_at: Option<(Instant, String)>,
}

impl Health {
    /// Called on cpal's audio thread for every stream error.
    fn report(&self, e: &rodio::cpal::Error) {
        if !self.report_at(e, Instant::now()) && self.lost.load(Ordering::SeqCst) {
            std::thread::sleep(LOST_THROTTLE);
        }
    }

    /// Take in error `e`, come at `now`; true when it is the one that shows
    /// the device is gone.
    fn report_at(&self, e: &rodio::cpal::Error, now: Instant) -> bool {
        use rodio::cpal::ErrorKind;
        // An underrun is recovered by cpal itself; a route change keeps the
        // stream playing; a busy device is worth another try.
        if matches!(
            e.kind(),
            ErrorKind::Xrun | ErrorKind::DeviceChanged | ErrorKind::DeviceBusy
        ) {
            return false;
        }
        if self.lost.load(Ordering::SeqCst) {
            return false;
        }
        let Ok(mut errors) = self.errors.lock() else {
            return false;
        };
        if errors
            .last
            .is_none_or(|last| now.saturating_duration_since(last) > ERROR_RUN_GAP)
        {
            errors.first = Some(now);
        }
        errors.last = Some(now);
        let first = errors.first.unwrap_or(now);
        // cpal's thread has ended after these; other errors (a fresh stream
        // through PulseAudio reports a couple as it starts) count once they
        // keep coming.
        let gone = matches!(
            e.kind(),
            ErrorKind::DeviceNotAvailable | ErrorKind::HostUnavailable
        );
        if gone || now.saturating_duration_since(first) >= LOST_AFTER_ERRORS {
            errors.lost_at = Some((first, e.to_string()));
            self.lost.store(true, Ordering::SeqCst);
            return true;
        }
        false
    }

    /// The device is lost since `since` (it stopped advancing after errors).
    fn declare_lost(&self, since: Instant) {
        if let Ok(mut errors) = self.errors.lock() {
            let why = "the stream stopped after errors".to_string();
            errors.lost_at.get_or_insert((since, why));
            self.lost.store(true, Ordering::SeqCst);
        }
    }

    /// When the latest error came.
    fn last_error(&self) -> Option<Instant> {
        self.errors.lock().ok().and_then(|e| e.last)
    }

    fn lost(&self) -> Option<(Instant, String)> {
        if !self.lost.load(Ordering::SeqCst) {
            return None;
        }
        self.errors.lock().ok().and_then(|e| e.lost_at.clone())
    }
}

impl std::fmt::Debug for AudioOut {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("AudioOut")
            .field("config", &self.config)
            .field("latency", &self.latency)
            .finish_non_exhaustive()
    }
}

impl AudioOut {
    /// Open the default output device. The error is one line for the runner.
    pub fn open_default() -> Result<AudioOut, String> {
        let health: Arc<Health> = Arc::default();
        let sink_health = Arc::clone(&health);
        // ALSA writes its own complaints about a missing card to stderr; the
        // player says once, in its own words, what it does instead.
        let opened = with_stderr_silenced(|| {
            use rodio::cpal::traits::{DeviceTrait, HostTrait};
            let device = rodio::cpal::default_host()
                .default_output_device()
                .ok_or(rodio::DeviceSinkError::NoDevice)?;
            let rate = device
                .default_output_config()
                .map_or(crate::cues::timeline::DEFAULT_SAMPLE_RATE, |c| {
                    c.sample_rate()
                });
            DeviceSinkBuilder::from_device(device)?
                .with_buffer_size(rodio::cpal::BufferSize::Fixed(rate * BUFFER_MS / 1000))
                .with_error_callback(move |e: rodio::cpal::Error| sink_health.report(&e))
                .open_stream()
        });
        let mut sink = opened.map_err(|e| {
            let mut msg = e.to_string();
            let mut src = std::error::Error::source(&e);
            while let Some(s) = src {
                msg.push_str(": ");
                msg.push_str(&s.to_string());
                src = s.source();
            }
            msg
        })?;
        sink.log_on_drop(false);
        let dev = *sink.config();
        let rate = dev.sample_rate().get();
        if !(crate::audio::MIN_SAMPLE_RATE..=crate::audio::MAX_SAMPLE_RATE).contains(&rate) {
            return Err(format!("the output device runs at {rate} Hz"));
        }
        let latency = match dev.buffer_size() {
            rodio::cpal::BufferSize::Fixed(n) => u64::from(*n),
            rodio::cpal::BufferSize::Default => 0,
        };
        Ok(AudioOut {
            sink: Some(sink),
            // The track is made at the device's own rate, so no resampler sits
            // between the timeline and the speaker; more than two channels get
            // the same signal through rodio's channel mapping.
            config: TrackConfig {
                sample_rate: rate,
                channels: dev.channel_count().get().min(2),
            },
            latency,
            health,
        })
    }

    /// The shape the cue track must have for this device.
    pub fn track_config(&self) -> TrackConfig {
        self.config
    }

    /// When the device was lost and why, if it was.
    pub fn lost(&self) -> Option<(Instant, String)> {
        self.health.lost()
    }

    /// Close the stream; cpal's audio thread ends with it.
    fn close(&mut self) {
        self.sink = None;
    }

    fn add(&self, source: impl Source + Send + 'static) {
        if let Some(sink) = &self.sink {
            sink.mixer().add(source);
        }
    }
}

/// Runs `f` with file descriptor 2 pointed at /dev/null, then restores it.
fn with_stderr_silenced<T>(f: impl FnOnce() -> T) -> T {
    #[cfg(unix)]
    {
        use std::os::fd::AsRawFd;
        let Ok(null) = std::fs::OpenOptions::new().write(true).open("/dev/null") else {
            return f();
        };
        // SAFETY: dup/dup2/close on descriptors this function owns or on 2,
        // which it puts back before returning.
        unsafe {
            let saved = libc::dup(2);
            if saved < 0 {
                return f();
            }
            libc::dup2(null.as_raw_fd(), 2);
            let out = f();
            libc::dup2(saved, 2);
            libc::close(saved);
            out
        }
    }
    #[cfg(not(unix))]
    f()
}

/// A source that ends as soon as its flag is raised: how a playing track is
/// taken off the mixer for a pause or a jump.
struct Gated<S> {
    inner: S,
    stop: Arc<AtomicBool>,
    /// The track's frame count, and where to note now and then when the
    /// device took which frame: if the device goes away, the session goes on
    /// from the last such note, whenever the loss is noticed.
    counter: Arc<AtomicU64>,
    pulled: Arc<Mutex<Option<(Instant, u64)>>>,
    samples: u32,
}

/// Samples between two notes of [`Gated::pulled`]: about 20 ms.
const NOTE_EVERY: u32 = 1024;

impl<S: Source> Iterator for Gated<S> {
    type Item = f32;

    #[inline]
    fn next(&mut self) -> Option<f32> {
        if self.stop.load(Ordering::Relaxed) {
            return None;
        }
        self.samples += 1;
        if self.samples >= NOTE_EVERY {
            self.samples = 0;
            // Never wait on the audio thread: a busy note is skipped.
            if let Ok(mut note) = self.pulled.try_lock() {
                *note = Some((Instant::now(), self.counter.load(Ordering::Relaxed)));
            }
        }
        self.inner.next()
    }
}

impl<S: Source> Source for Gated<S> {
    fn current_span_len(&self) -> Option<usize> {
        self.inner.current_span_len()
    }
    fn channels(&self) -> rodio::ChannelCount {
        self.inner.channels()
    }
    fn sample_rate(&self) -> rodio::SampleRate {
        self.inner.sample_rate()
    }
    fn total_duration(&self) -> Option<Duration> {
        self.inner.total_duration()
    }
    fn try_seek(&mut self, pos: Duration) -> Result<(), SeekError> {
        self.inner.try_seek(pos)
    }
}

/// The sound card's clock: the session position is the cue track's.
pub struct AudioClock {
    out: AudioOut,
    timeline: Timeline,
    bank: CueBank,
    counter: Arc<AtomicU64>,
    /// When the device last took frames, and the count then.
    pulled: Arc<Mutex<Option<(Instant, u64)>>>,
    stop: Arc<AtomicBool>,
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
        // Checked once here, so rebuilding the track later cannot fail.
        CueTrack::new(timeline, bank, out.config)?;
        let now = Instant::now();
        Ok(AudioClock {
            out,
            timeline: timeline.clone(),
            bank: bank.clone(),
            counter: Arc::new(AtomicU64::new(0)),
            pulled: Arc::default(),
            stop: Arc::new(AtomicBool::new(true)),
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

    fn start_track(&mut self, from: u64, delay: Duration) {
        let grace = if self.begun {
            Duration::ZERO
        } else {
            FIRST_START_GRACE
        };
        self.begun = true;
        self.stop.store(true, Ordering::Relaxed);
        let Ok(track) = CueTrack::new(&self.timeline, &self.bank, self.out.config) else {
            return;
        };
        let track = track
            .starting_at(from)
            .sharing_position(Arc::clone(&self.counter));
        let stop = Arc::new(AtomicBool::new(false));
        self.stop = Arc::clone(&stop);
        if let Ok(mut note) = self.pulled.lock() {
            *note = None;
        }
        match &self.music {
            None => self.add_gated(track, stop, delay),
            Some(music) => self.add_gated(music.under(track), stop, delay),
        }
        let now = Instant::now();
        self.paused = false;
        self.stall_paused = false;
        self.started_at = from.min(self.timeline.len());
        self.moving_from = now + delay + grace;
        self.last_count = self.started_at;
        self.last_move = now + delay + grace;
        self.drained_since = None;
    }

    /// Put `inner` on the mixer behind the stop flag, after `delay`.
    fn add_gated<S: Source + Send + 'static>(
        &self,
        inner: S,
        stop: Arc<AtomicBool>,
        delay: Duration,
    ) {
        let gated = Gated {
            inner,
            stop,
            counter: Arc::clone(&self.counter),
            pulled: Arc::clone(&self.pulled),
            samples: 0,
        };
        if delay.is_zero() {
            self.out.add(gated);
        } else {
            self.out.add(gated.delay(delay));
        }
    }

    fn play_clip(&self, sound: Sound) -> Duration {
        match ClipSource::new(&self.bank, sound, self.out.config.channels) {
            Ok(clip) => {
                let d = clip.total_duration().unwrap_or_default();
                self.out.add(clip);
                d
            }
            Err(_) => Duration::ZERO,
        }
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
            self.out.close();
            self.stop.store(true, Ordering::Relaxed);
            // The last note of the device taking frames says best where the
            // listener was when: the error may come a little after the
            // stream stopped.
            let pulled = self.pulled.lock().ok().and_then(|n| *n);
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
        self.stop.store(true, Ordering::Relaxed);
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
        let delay = if !self.begun {
            LEAD_IN
        } else if self.paused {
            self.play_clip(Sound::Say(Phrase::Resumed))
        } else {
            Duration::ZERO
        };
        self.start_track(from, delay);
    }

    fn is_paused(&self) -> bool {
        match &self.fallback {
            Some(silent) => silent.is_paused(),
            None => self.paused,
        }
    }

    fn until(&mut self, frame: u64) -> Option<Duration> {
        self.fallback().and_then(|silent| silent.until(frame))
    }

    fn is_over(&mut self) -> bool {
        if let Some(silent) = self.fallback() {
            return silent.is_over();
        }
        if self.paused || self.count() < self.timeline.len() {
            return false;
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
        self.stop.store(true, Ordering::Relaxed);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::plan::steps::parse;
    use rodio::cpal::{Error, ErrorKind};

    #[test]
    fn a_device_is_lost_by_errors_that_keep_coming_not_by_a_hiccup() {
        let t0 = Instant::now();
        let ms = |n| t0 + Duration::from_millis(n);
        let io = Error::with_message(ErrorKind::BackendError, "I/O error");

        // A fresh PulseAudio stream reports a couple of errors, then plays.
        let h = Health::default();
        assert!(!h.report_at(&io, ms(0)));
        assert!(!h.report_at(&io, ms(1)));
        assert!(!h.report_at(&io, ms(150)), "a new run of errors");
        assert_eq!(h.lost(), None);
        assert_eq!(h.last_error(), Some(ms(150)));

        // Underruns and route changes never lose the device.
        for n in 0..1000 {
            assert!(!h.report_at(&Error::new(ErrorKind::Xrun), ms(200 + n)));
            assert!(!h.report_at(&Error::new(ErrorKind::DeviceChanged), ms(200 + n)));
        }
        assert_eq!(h.lost(), None);

        // A dead server: errors without pause; lost from the first of them.
        let h = Health::default();
        for n in 0..200 {
            assert!(!h.report_at(&io, ms(n)), "{n} ms");
        }
        assert!(h.report_at(&io, ms(200)));
        assert_eq!(h.lost().map(|(at, _)| at), Some(ms(0)));
        assert!(!h.report_at(&io, ms(201)), "said once");

        // An unplugged device says so at once.
        let h = Health::default();
        assert!(h.report_at(&Error::new(ErrorKind::DeviceNotAvailable), ms(5)));
        assert_eq!(h.lost().map(|(at, _)| at), Some(ms(5)));
    }

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
