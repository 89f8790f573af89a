//! The sound card: the default output device opened through cpal at its own
//! rate, channel count and sample format, fed by one data callback that mixes
//! the session in blocks straight into the buffer the device hands it (the
//! same [`CueTrack::fill`](crate::audio::CueTrack::fill) that `render` reads,
//! so no per-sample iterator chain, no resampler and no allocation sits
//! between the timeline and the speaker). How the device's health is judged
//! from cpal's error callback: an underrun or a route change is a hiccup;
//! errors that keep coming, or an unplugged device, mean it is lost. The
//! player's [`AudioClock`](crate::player::AudioClock) reads time from it.

use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use rodio::cpal;

use crate::audio::encode::SampleReader;
use crate::audio::TrackConfig;

/// The device's period asked for (cpal keeps two of them): 50 ms underruns
/// on a busy machine through the PulseAudio plugin. Every period costs a
/// wake-up of cpal's thread and of the plugin's (a poll, a write, the
/// plugin's locks): at 100 ms that was twice the system calls `aplay` makes
/// for the same session; at 200 ms it is as many, and a pause or a skip is
/// heard at most 0.4 s after the key.
const BUFFER_MS: u32 = 200;
/// A device whose delay always reads 0 is taken to play after this long.
const SILENT_DELAY_BELIEVED_AFTER_S: u64 = 3;
/// One-shot clips ("paused", "resumed") that may sound at once over the track.
const CLIP_SLOTS: usize = 4;
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

/// The default output device, open and playing (silence until it is given
/// something to play).
pub struct AudioOut {
    /// `None` once the device is lost and its stream closed.
    stream: Option<cpal::Stream>,
    pub(crate) config: TrackConfig,
    /// Frames between what the track hands out and what is heard, as far as
    /// cpal knows (the device buffer asked for); the sound server may add more.
    pub(crate) latency: u64,
    pub(crate) health: Arc<Health>,
    /// What the data callback plays; the player swaps things in and out.
    deck: Arc<Mutex<Deck>>,
    /// When the device last took frames of the track, and the track's frame
    /// count then: if the device goes away, the session goes on from the last
    /// such note, whenever the loss is noticed.
    pub(crate) pulled: Arc<Mutex<Option<(Instant, u64)>>>,
    /// When the listener hears frame `n` of the track, by the device's own
    /// account of its delay (cpal's playback timestamp): how the player
    /// knows when the last frame has sounded, and waits no longer.
    heard: Arc<Mutex<Option<(Instant, u64)>>>,
}

/// What the data callback mixes: the session's track (after some frames of
/// silence) and a few one-shot clips over it. Everything that allocates or
/// frees is done by the player's thread; the callback only reads and writes
/// samples.
#[derive(Default)]
struct Deck {
    track: Option<Box<dyn SampleReader>>,
    /// The track's count of frames handed out (the session clock).
    position: Option<Arc<AtomicU64>>,
    /// Frames of silence still to play before the track.
    wait: u64,
    clips: [Option<(Arc<[f32]>, usize)>; CLIP_SLOTS],
    /// Which slot the next clip takes when all are busy: the oldest.
    next_slot: usize,
}

impl Deck {
    /// Mix the next `out.len() / ch` frames into `out` (interleaved, `ch`
    /// channels); returns the frames of silence before the track's, and how
    /// many frames the track handed out.
    /// Before the device is `playing`, the track waits.
    fn mix(&mut self, out: &mut [f32], ch: usize, playing: bool) -> (usize, usize) {
        let frames = out.len() / ch;
        let mut done = 0;
        let mut pulled = 0;
        if let (Some(track), true) = (self.track.as_mut(), playing) {
            let wait = self.wait.min(frames as u64) as usize;
            self.wait -= wait as u64;
            out[..wait * ch].fill(0.0);
            done = wait;
            if done < frames {
                pulled = track.fill(&mut out[done * ch..frames * ch]) / ch;
                done += pulled;
            }
        }
        let lead = done - pulled;
        out[done * ch..].fill(0.0);
        for slot in &mut self.clips {
            let Some((clip, at)) = slot else {
                continue;
            };
            let n = (clip.len() - *at).min(frames);
            for (frame, &v) in out.chunks_exact_mut(ch).zip(&clip[*at..*at + n]) {
                for s in frame {
                    *s += v;
                }
            }
            *at += n;
            if *at >= clip.len() {
                // The bank keeps the clip: this frees nothing.
                *slot = None;
            }
        }
        (lead, pulled)
    }
}

/// A sample format a device may open with: f32 is mixed into in place; any
/// other is mixed into a scratch block and converted as it is copied.
trait DeviceSample: cpal::SizedSample + cpal::FromSample<f32> + Send + 'static {
    fn as_f32(_: &mut [Self]) -> Option<&mut [f32]> {
        None
    }
}

impl DeviceSample for f32 {
    fn as_f32(data: &mut [f32]) -> Option<&mut [f32]> {
        Some(data)
    }
}
impl DeviceSample for f64 {}
impl DeviceSample for i8 {}
impl DeviceSample for i16 {}
impl DeviceSample for cpal::I24 {}
impl DeviceSample for i32 {}
impl DeviceSample for u8 {}
impl DeviceSample for u16 {}
impl DeviceSample for u32 {}

/// The data callback's own state: the shared deck and a scratch block made
/// once, when the stream is opened.
struct Feed {
    deck: Arc<Mutex<Deck>>,
    pulled: Arc<Mutex<Option<(Instant, u64)>>>,
    heard: Arc<Mutex<Option<(Instant, u64)>>>,
    /// Frames given to the device so far.
    fed: u64,
    /// Whether the device plays what it is given. A fresh PulseAudio stream
    /// takes what it is given at the real rate for a second or more before
    /// any of it is heard (its delay reads 0 all that time); a track given
    /// then would be counted as heard while nobody heard it. Until then the
    /// track waits, and the device gets silence.
    playing: bool,
    rate: u64,
    scratch: Vec<f32>,
    track_channels: usize,
    device_channels: usize,
}

impl Feed {
    /// Fill `data`, which the device will start to play `ahead` from now.
    fn feed<T: DeviceSample>(&mut self, data: &mut [T], ahead: Option<Duration>) {
        let (tch, dch) = (self.track_channels, self.device_channels);
        let now = Instant::now();
        let Ok(mut deck) = self.deck.lock() else {
            data.fill(T::EQUILIBRIUM);
            return;
        };
        let first = deck.position.as_ref().map(|p| p.load(Ordering::Relaxed));
        let whole = data.len() / dch * dch;
        let (data, odd) = data.split_at_mut(whole);
        odd.fill(T::EQUILIBRIUM);
        // What the device holds but has not played is its delay: once it is
        // more than nothing and less than what was given, the device plays.
        if !self.playing {
            let held = ahead.map_or(0, |a| {
                (a.as_nanos() * u128::from(self.rate) / 1_000_000_000) as u64
            });
            // A device that never says what it holds is believed after a while.
            self.playing = ahead.is_none()
                || (held > 0 && self.fed > held)
                || self.fed > self.rate * SILENT_DELAY_BELIEVED_AFTER_S;
        }
        self.fed += (whole / dch) as u64;
        let playing = self.playing;
        // Frames of silence before the track's first in this buffer, and the
        // track's frames in it.
        let (mut lead, mut pulled) = (None, 0);
        match T::as_f32(data) {
            Some(out) if tch == dch => {
                let (l, p) = deck.mix(out, tch, playing);
                (lead, pulled) = (Some(l), p);
            }
            _ => {
                let block = (self.scratch.len() / tch).max(1);
                let mut at = 0;
                for frames in data.chunks_mut(block * dch) {
                    let n = frames.len() / dch;
                    let mixed = &mut self.scratch[..n * tch];
                    let (l, p) = deck.mix(mixed, tch, playing);
                    if p > 0 && lead.is_none() {
                        lead = Some(at + l);
                    }
                    pulled += p;
                    at += n;
                    for (out, frame) in frames.chunks_exact_mut(dch).zip(mixed.chunks_exact(tch)) {
                        // Channels past the track's get its last channel's signal.
                        for (c, s) in out.iter_mut().enumerate() {
                            *s = T::from_sample(frame[c.min(tch - 1)]);
                        }
                    }
                }
            }
        }
        drop(deck);
        let (Some(first), Some(lead), true) = (first, lead, pulled > 0) else {
            return;
        };
        // Never wait on the audio thread: a busy note is skipped.
        if let Ok(mut note) = self.pulled.try_lock() {
            *note = Some((now, first + pulled as u64));
        }
        if let (Some(ahead), Ok(mut note)) = (ahead, self.heard.try_lock()) {
            let lead = frames_to_duration(lead as u64, self.rate);
            *note = Some((now + ahead + lead, first));
        }
    }
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
    /// Open the default output device at its own rate, channels and sample
    /// format. The error is one line for the runner.
    pub fn open_default() -> Result<AudioOut, String> {
        // ALSA writes its own complaints about a missing card to stderr; the
        // player says once, in its own words, what it does instead.
        with_stderr_silenced(AudioOut::open)
    }

    fn open() -> Result<AudioOut, String> {
        use cpal::traits::{DeviceTrait, HostTrait, StreamTrait};
        let device = cpal::default_host()
            .default_output_device()
            .ok_or("no output device")?;
        let supported = device.default_output_config().map_err(|e| e.to_string())?;
        let rate = supported.sample_rate();
        if !(crate::audio::MIN_SAMPLE_RATE..=crate::audio::MAX_SAMPLE_RATE).contains(&rate) {
            return Err(format!("the output device runs at {rate} Hz"));
        }
        let device_channels = supported.channels().max(1);
        let buffer = rate * BUFFER_MS / 1000;
        let config = cpal::StreamConfig {
            channels: device_channels,
            sample_rate: rate,
            buffer_size: cpal::BufferSize::Fixed(buffer),
        };
        // The track is made at the device's own rate, so no resampler sits
        // between the timeline and the speaker; more than two channels get
        // the stereo track's last channel on the rest.
        let track = TrackConfig {
            sample_rate: rate,
            channels: device_channels.min(2),
        };
        let health: Arc<Health> = Arc::default();
        let deck: Arc<Mutex<Deck>> = Arc::default();
        let pulled: Arc<Mutex<Option<(Instant, u64)>>> = Arc::default();
        let heard: Arc<Mutex<Option<(Instant, u64)>>> = Arc::default();
        let feed = Feed {
            fed: 0,
            playing: false,
            deck: Arc::clone(&deck),
            pulled: Arc::clone(&pulled),
            heard: Arc::clone(&heard),
            rate: u64::from(rate),
            // Made once: the callback mixes through it in blocks of this size
            // whatever size the device asks for.
            scratch: vec![0.0; buffer as usize * usize::from(track.channels)],
            track_channels: usize::from(track.channels),
            device_channels: usize::from(device_channels),
        };
        let stream_health = Arc::clone(&health);
        let errors = move |e: cpal::Error| stream_health.report(&e);
        macro_rules! build {
            ($($format:ident => $t:ty),+) => {
                match supported.sample_format() {
                    $(cpal::SampleFormat::$format => {
                        let mut feed = feed;
                        device.build_output_stream::<$t, _, _>(
                            config,
                            move |data: &mut [$t], info: &cpal::OutputCallbackInfo| {
                                let t = info.timestamp();
                                feed.feed(data, t.playback.checked_duration_since(t.callback))
                            },
                            errors,
                            None,
                        )
                    })+
                    other => return Err(format!("the output device's sample format {other} is not one walkrun writes")),
                }
            };
        }
        let stream = build!(
            F32 => f32, F64 => f64, I8 => i8, I16 => i16, I24 => cpal::I24,
            I32 => i32, U8 => u8, U16 => u16, U32 => u32
        )
        .map_err(|e| e.to_string())?;
        // Started now, so that a sound server slow to start a stream does so
        // while the session is being made.
        stream.play().map_err(|e| e.to_string())?;
        Ok(AudioOut {
            stream: Some(stream),
            config: track,
            latency: u64::from(buffer),
            health,
            deck,
            pulled,
            heard,
        })
    }

    /// When the listener will have heard frame `frame` of the playing track,
    /// by the device's latest account of its delay; `None` before it gave one.
    pub(crate) fn heard_by(&self, frame: u64) -> Option<Instant> {
        let (at, n) = (*self.heard.lock().ok()?)?;
        let rate = u64::from(self.config.sample_rate);
        Some(at + frames_to_duration(frame.saturating_sub(n), rate))
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
        self.stream = None;
    }

    /// Play `track` after `wait` frames of silence, in place of any track
    /// playing; `position` is its count of frames handed out.
    pub(crate) fn play(&self, track: Box<dyn SampleReader>, position: Arc<AtomicU64>, wait: u64) {
        if let Ok(mut note) = self.heard.lock() {
            *note = None;
        }
        let old = self.deck.lock().ok().map(|mut deck| {
            deck.wait = wait;
            deck.position = Some(position);
            deck.track.replace(track)
        });
        // Freed here, not on the audio thread.
        drop(old);
    }

    /// Take the track off: the device plays silence (and clips) from its
    /// next block.
    pub(crate) fn stop(&self) {
        let old = self.deck.lock().ok().and_then(|mut deck| {
            deck.position = None;
            deck.track.take()
        });
        drop(old);
    }

    /// Play `clip` (mono) once, over whatever else plays.
    pub(crate) fn play_clip(&self, clip: &Arc<[f32]>) {
        if self.stream.is_none() || clip.is_empty() {
            return;
        }
        if let Ok(mut deck) = self.deck.lock() {
            let free = deck.clips.iter().position(Option::is_none);
            let slot = free.unwrap_or(deck.next_slot);
            deck.next_slot = (slot + 1) % CLIP_SLOTS;
            deck.clips[slot] = Some((Arc::clone(clip), 0));
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
