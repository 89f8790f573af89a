//! The sound card: the default output device opened through rodio, and how
//! its health is judged from cpal's error callback (an underrun or a route
//! change is a hiccup; errors that keep coming, or an unplugged device, mean
//! it is lost). The player's [`AudioClock`](crate::player::AudioClock) reads
//! time from it.

use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use rodio::source::SeekError;
use rodio::{DeviceSinkBuilder, MixerDeviceSink, Source};

use crate::audio::TrackConfig;

/// The device buffer asked for: rodio's 50 ms underruns on a busy machine
/// through the PulseAudio plugin; 100 ms only delays the display a little.
const BUFFER_MS: u32 = 100;
/// Errors that keep coming for this long mean the device is gone; a shorter
/// run of them is a hiccup the stream recovers from.
const LOST_AFTER_ERRORS: Duration = Duration::from_millis(200);
/// Errors further apart than this belong to separate runs.
const ERROR_RUN_GAP: Duration = Duration::from_millis(100);
/// While the device is lost but its stream not yet closed, cpal may call the
/// error callback in a loop; each call then waits this long, so the loop costs
/// nothing until the player closes the stream (it looks a few times a second).
const LOST_THROTTLE: Duration = Duration::from_millis(20);

pub(crate) fn frames_to_duration(frames: u64, rate: u64) -> Duration {
    Duration::from_nanos((u128::from(frames) * 1_000_000_000 / u128::from(rate.max(1))) as u64)
}

/// The default output device, open and silent.
pub struct AudioOut {
    /// `None` once the device is lost and its stream closed.
    pub(crate) sink: Option<MixerDeviceSink>,
    pub(crate) config: TrackConfig,
    /// Frames between what the track hands out and what is heard, as far as
    /// rodio knows (its device buffer); the sound server may add more.
    pub(crate) latency: u64,
    pub(crate) health: Arc<Health>,
}

/// What the stream's error callback saw, shared with its audio thread.
#[derive(Debug, Default)]
pub(crate) struct Health {
    pub(crate) lost: AtomicBool,
    pub(crate) errors: Mutex<Errors>,
}

#[derive(Debug, Default)]
pub(crate) struct Errors {
    /// The first and the latest error of the current run of errors.
    pub(crate) first: Option<Instant>,
    pub(crate) last: Option<Instant>,
    /// When the device was lost, and the error that said so.
    pub(crate) lost_at: Option<(Instant, String)>,
}

impl Health {
    /// Called on cpal's audio thread for every stream error.
    pub(crate) fn report(&self, e: &rodio::cpal::Error) {
        if !self.report_at(e, Instant::now()) && self.lost.load(Ordering::SeqCst) {
            std::thread::sleep(LOST_THROTTLE);
        }
    }

    /// Take in error `e`, come at `now`; true when it is the one that shows
    /// the device is gone.
    pub(crate) fn report_at(&self, e: &rodio::cpal::Error, now: Instant) -> bool {
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
    pub(crate) fn declare_lost(&self, since: Instant) {
        if let Ok(mut errors) = self.errors.lock() {
            let why = "the stream stopped after errors".to_string();
            errors.lost_at.get_or_insert((since, why));
            self.lost.store(true, Ordering::SeqCst);
        }
    }

    /// When the latest error came.
    pub(crate) fn last_error(&self) -> Option<Instant> {
        self.errors.lock().ok().and_then(|e| e.last)
    }

    pub(crate) fn lost(&self) -> Option<(Instant, String)> {
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
    pub(crate) fn close(&mut self) {
        self.sink = None;
    }

    pub(crate) fn add(&self, source: impl Source + Send + 'static) {
        if let Some(sink) = &self.sink {
            sink.mixer().add(source);
        }
    }
}

/// Runs `f` with file descriptor 2 pointed at /dev/null, then restores it.
pub(crate) fn with_stderr_silenced<T>(f: impl FnOnce() -> T) -> T {
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
pub(crate) struct Gated<S> {
    pub(crate) inner: S,
    pub(crate) stop: Arc<AtomicBool>,
    /// The track's frame count, and where to note now and then when the
    /// device took which frame: if the device goes away, the session goes on
    /// from the last such note, whenever the loss is noticed.
    pub(crate) counter: Arc<AtomicU64>,
    pub(crate) pulled: Arc<Mutex<Option<(Instant, u64)>>>,
    pub(crate) samples: u32,
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

#[cfg(test)]
mod tests {
    use super::*;
    use rodio::cpal::{Error, ErrorKind};

    #[test]
    pub(crate) fn a_device_is_lost_by_errors_that_keep_coming_not_by_a_hiccup() {
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
}
