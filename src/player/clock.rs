//! The session's clock: where in the timeline the runner is now.
//!
//! Two clocks share one face. [`AudioClock`] is the sound card's: the session
//! position is the count of frames the output pulled from the cue track, so a
//! cue sounds where the track puts it and the display follows the stream.
//! [`SilentClock`] is a monotonic clock re-anchored only on pause and jumps:
//! every deadline is `anchor + offset`, so nothing drifts however often the
//! player wakes.

use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use rodio::source::SeekError;
use rodio::{DeviceSinkBuilder, MixerDeviceSink, Source};

use crate::audio::music::MusicBed;
use crate::audio::{AudioError, ClipSource, CueBank, CueTrack, Sound, TrackConfig};
use crate::phrases::Phrase;
use crate::timeline::Timeline;

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

/// What the player needs from a clock.
pub trait Clock {
    /// Frames of the timeline played so far, as a listener hears them.
    fn position(&mut self) -> u64;
    /// Stop where the session stands; returns that position.
    fn pause(&mut self) -> u64;
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
        self.at = from.min(self.len);
        self.anchor = Some(Instant::now());
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
    sink: MixerDeviceSink,
    config: TrackConfig,
    /// Frames between what the track hands out and what is heard, as far as
    /// rodio knows (its device buffer); the sound server may add more.
    latency: u64,
    errors: Arc<Mutex<Option<String>>>,
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
        let errors: Arc<Mutex<Option<String>>> = Arc::default();
        let sink_errors = Arc::clone(&errors);
        // ALSA writes its own complaints about a missing card to stderr; the
        // player says once, in its own words, what it does instead.
        let opened = with_stderr_silenced(|| {
            use rodio::cpal::traits::{DeviceTrait, HostTrait};
            let device = rodio::cpal::default_host()
                .default_output_device()
                .ok_or(rodio::DeviceSinkError::NoDevice)?;
            let rate = device
                .default_output_config()
                .map_or(crate::timeline::DEFAULT_SAMPLE_RATE, |c| c.sample_rate());
            DeviceSinkBuilder::from_device(device)?
                .with_buffer_size(rodio::cpal::BufferSize::Fixed(rate * BUFFER_MS / 1000))
                .with_error_callback(move |e: rodio::cpal::Error| {
                    if let Ok(mut slot) = sink_errors.lock() {
                        slot.get_or_insert_with(|| e.to_string());
                    }
                })
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
            sink,
            // The track is made at the device's own rate, so no resampler sits
            // between the timeline and the speaker; more than two channels get
            // the same signal through rodio's channel mapping.
            config: TrackConfig {
                sample_rate: rate,
                channels: dev.channel_count().get().min(2),
            },
            latency,
            errors,
        })
    }

    /// The shape the cue track must have for this device.
    pub fn track_config(&self) -> TrackConfig {
        self.config
    }

    /// The first error the device reported, if any.
    pub fn error(&self) -> Option<String> {
        self.errors.lock().ok().and_then(|e| e.clone())
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
}

impl<S: Source> Iterator for Gated<S> {
    type Item = f32;

    #[inline]
    fn next(&mut self) -> Option<f32> {
        if self.stop.load(Ordering::Relaxed) {
            return None;
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
            stop: Arc::new(AtomicBool::new(true)),
            paused: true,
            started_at: 0,
            moving_from: now,
            last_count: 0,
            last_move: now,
            drained_since: None,
            begun: false,
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
        let mixer = self.out.sink.mixer();
        match &self.music {
            None => {
                let gated = Gated { inner: track, stop };
                if delay.is_zero() {
                    mixer.add(gated);
                } else {
                    mixer.add(gated.delay(delay));
                }
            }
            Some(music) => {
                let gated = Gated {
                    inner: music.under(track),
                    stop,
                };
                if delay.is_zero() {
                    mixer.add(gated);
                } else {
                    mixer.add(gated.delay(delay));
                }
            }
        }
        let now = Instant::now();
        self.paused = false;
        self.started_at = from.min(self.timeline.len());
        self.moving_from = now + delay + grace;
        self.last_count = self.started_at;
        self.last_move = now + delay + grace;
        self.drained_since = None;
    }

    fn play_clip(&self, sound: Sound) -> Duration {
        match ClipSource::new(&self.bank, sound, self.out.config.channels) {
            Ok(clip) => {
                let d = clip.total_duration().unwrap_or_default();
                self.out.sink.mixer().add(clip);
                d
            }
            Err(_) => Duration::ZERO,
        }
    }

    fn count(&self) -> u64 {
        self.counter.load(Ordering::Relaxed)
    }
}

impl Clock for AudioClock {
    fn position(&mut self) -> u64 {
        let count = self.count();
        count
            .saturating_sub(self.out.latency)
            .max(self.started_at)
            .min(count)
    }

    fn pause(&mut self) -> u64 {
        let at = self.position();
        self.stop.store(true, Ordering::Relaxed);
        self.paused = true;
        self.play_clip(Sound::Say(Phrase::Paused));
        at
    }

    fn play_from(&mut self, from: u64) {
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
        self.paused
    }

    fn until(&mut self, _frame: u64) -> Option<Duration> {
        None
    }

    fn is_over(&mut self) -> bool {
        if self.paused || self.count() < self.timeline.len() {
            return false;
        }
        let since = *self.drained_since.get_or_insert_with(Instant::now);
        let buffered = frames_to_duration(self.out.latency, u64::from(self.timeline.sample_rate));
        since.elapsed() >= buffered + DRAIN_MARGIN
    }

    fn is_stalled(&mut self) -> bool {
        if self.paused {
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
        now.saturating_duration_since(self.last_move) > STALL_AFTER
    }

    fn sounds_cues(&self) -> bool {
        true
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
    use crate::steps::parse;

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
