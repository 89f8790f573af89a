//! The mixer: a timeline's cues laid on silence, computed on the fly in blocks
//! from shared clips, so an hour-long track costs a few kilobytes of state.

use std::num::NonZero;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;
use std::time::Duration;

use rodio::source::SeekError;
use rodio::Source;

use crate::cues::timeline::{CueKind, Timeline, DEFAULT_SAMPLE_RATE};

use super::{AudioError, CueBank, Sound};

/// Frames mixed per block when the track is read sample by sample.
const BLOCK_FRAMES: usize = 1024;
/// A clip cut short by the timeline fades out over this long, not with a click.
const CUT_FADE_MS: u64 = 5;

/// The shape of the output stream.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TrackConfig {
    pub sample_rate: u32,
    /// 1 (mono) or 2 (stereo: the same signal on both).
    pub channels: u16,
}

impl Default for TrackConfig {
    fn default() -> TrackConfig {
        TrackConfig {
            sample_rate: DEFAULT_SAMPLE_RATE,
            channels: 1,
        }
    }
}

#[derive(Debug, Clone)]
struct PlacedCue {
    at: u64,
    /// Samples of the clip that sound: the cue's length, at most the clip's.
    len: u64,
    /// Samples over which the end fades; 0 when the clip plays whole.
    fade: u64,
    clip: Arc<[f32]>,
}

impl PlacedCue {
    /// `len` samples of `clip` from `at`, fading out if that cuts it short.
    fn new(at: u64, len: u64, clip: &Arc<[f32]>, fade: u64) -> PlacedCue {
        let len = len.min(clip.len() as u64);
        PlacedCue {
            at,
            len,
            fade: if len < clip.len() as u64 {
                fade.min(len)
            } else {
                0
            },
            clip: Arc::clone(clip),
        }
    }

    fn end(&self) -> u64 {
        self.at + self.len
    }

    fn sample(&self, i: u64) -> f32 {
        let s = self.clip[i as usize];
        let left = self.len - i;
        if left < self.fade {
            s * left as f32 / self.fade as f32
        } else {
            s
        }
    }
}

/// A session's whole cue track as a rodio [`Source`]: `len()` frames of
/// interleaved `f32` samples, silence except where the timeline puts a cue.
///
/// Deterministic: the same timeline and bank give the same samples, however
/// the track is read (by [`Iterator::next`], by [`CueTrack::fill`], or from
/// any starting offset).
///
/// Position: [`CueTrack::position`] is a shared counter of the frames handed
/// out so far, counted from the session's start (a track started at offset
/// `n` counts from `n`). It is what the output pulled, so a device's buffer
/// latency lies between it and what a listener hears.
#[derive(Debug)]
pub struct CueTrack {
    cues: Arc<[PlacedCue]>,
    len: u64,
    channels: NonZero<u16>,
    sample_rate: NonZero<u32>,
    /// Next frame to mix.
    mixed: u64,
    /// First cue that may still sound at `mixed`.
    cursor: usize,
    /// The frame this track was started (or last seeked) at.
    start: u64,
    /// Mixed samples waiting to be handed out by `next`.
    buf: Vec<f32>,
    buf_pos: usize,
    /// Frame and channel of the next sample handed out.
    frame: u64,
    chan: u16,
    position: Arc<AtomicU64>,
}

impl CueTrack {
    /// The track for `timeline` with `bank`'s sounds, from the start.
    pub fn new(
        timeline: &Timeline,
        bank: &CueBank,
        config: TrackConfig,
    ) -> Result<CueTrack, AudioError> {
        let channels = NonZero::new(config.channels)
            .filter(|c| c.get() <= 2)
            .ok_or(AudioError::Channels(config.channels))?;
        if bank.sample_rate() != timeline.sample_rate || config.sample_rate != bank.sample_rate() {
            return Err(AudioError::RateMismatch {
                bank: bank.sample_rate(),
                timeline: if config.sample_rate != bank.sample_rate() {
                    config.sample_rate
                } else {
                    timeline.sample_rate
                },
            });
        }
        let sample_rate =
            NonZero::new(config.sample_rate).ok_or(AudioError::SampleRate(config.sample_rate))?;
        let fade = CUT_FADE_MS * u64::from(config.sample_rate) / 1000;
        // Each word of each cue is one placed clip; cues never overlap and
        // words within a cue follow one another, so these stay in order.
        let mut cues = Vec::with_capacity(timeline.cues.len());
        // The session's words decoded in one pass, and only those.
        bank.load(
            timeline
                .cues
                .iter()
                .flat_map(|c| c.words.iter().map(|w| w.phrase)),
        );
        for c in &timeline.cues {
            if c.words.is_empty() {
                let beep = if c.what == CueKind::FinalBeep {
                    Sound::FinalBeep
                } else {
                    Sound::Beep
                };
                cues.push(PlacedCue::new(c.at, c.len, bank.clip(beep), fade));
            }
            for w in &c.words {
                let clip = bank.clip(Sound::Say(w.phrase));
                // A clip whose lead-in falls before the session plays from
                // its onset (`Word::from`).
                let from = (w.from as usize).min(clip.len());
                let clip: Arc<[f32]> = if from == 0 {
                    Arc::clone(clip)
                } else {
                    clip[from..].into()
                };
                cues.push(PlacedCue::new(c.at + w.at, w.len, &clip, fade));
            }
        }
        let cues: Arc<[PlacedCue]> = cues.into();
        Ok(CueTrack {
            cues,
            len: timeline.len(),
            channels,
            sample_rate,
            mixed: 0,
            cursor: 0,
            start: 0,
            buf: Vec::with_capacity(BLOCK_FRAMES * usize::from(channels.get())),
            buf_pos: 0,
            frame: 0,
            chan: 0,
            position: Arc::new(AtomicU64::new(0)),
        })
    }

    /// The same track, playing from frame `offset` (clamped to the end). A
    /// cue already under way at `offset` plays its remaining part.
    pub fn starting_at(mut self, offset: u64) -> CueTrack {
        self.seek_to(offset);
        self
    }

    fn seek_to(&mut self, offset: u64) {
        let offset = offset.min(self.len);
        self.mixed = offset;
        self.start = offset;
        self.frame = offset;
        self.chan = 0;
        self.cursor = 0;
        self.buf.clear();
        self.buf_pos = 0;
        self.position.store(offset, Ordering::Relaxed);
    }

    /// A new track over the same cues, playing from frame `offset`, with its
    /// own position counter: how an encoder reads one part of a session
    /// while another thread reads the next.
    pub fn restarted_at(&self, offset: u64) -> CueTrack {
        CueTrack {
            cues: Arc::clone(&self.cues),
            len: self.len,
            channels: self.channels,
            sample_rate: self.sample_rate,
            mixed: 0,
            cursor: 0,
            start: 0,
            buf: Vec::with_capacity(self.buf.capacity()),
            buf_pos: 0,
            frame: 0,
            chan: 0,
            position: Arc::new(AtomicU64::new(0)),
        }
        .starting_at(offset)
    }

    /// The frames where a cue sounds, merged where they touch; every sample
    /// outside them is exactly zero.
    pub fn sound_spans(&self) -> Vec<std::ops::Range<u64>> {
        let mut spans: Vec<std::ops::Range<u64>> = Vec::new();
        for cue in self.cues.iter().filter(|c| c.len > 0) {
            match spans.last_mut() {
                Some(last) if cue.at <= last.end => last.end = last.end.max(cue.end()),
                _ => spans.push(cue.at..cue.end()),
            }
        }
        spans
    }

    /// The same track, counting its position in `counter` (set to the current
    /// position now), so a player can keep one counter across rebuilt tracks.
    pub fn sharing_position(mut self, counter: Arc<AtomicU64>) -> CueTrack {
        counter.store(self.frame, Ordering::Relaxed);
        self.position = counter;
        self
    }

    /// The shared count of frames handed out, from the session's start.
    pub fn position(&self) -> Arc<AtomicU64> {
        Arc::clone(&self.position)
    }

    /// Frames in the whole track, from the session's start.
    pub fn len(&self) -> u64 {
        self.len
    }

    pub fn is_empty(&self) -> bool {
        self.len == 0
    }

    /// Frames still to come.
    pub fn remaining_frames(&self) -> u64 {
        self.len - self.frame
    }

    /// Write the next samples into `out`, as many as fit and remain; returns
    /// how many. Faster than `next` for writing files; the same samples.
    pub fn fill(&mut self, out: &mut [f32]) -> usize {
        let ch = usize::from(self.channels.get());
        let mut n = 0;
        // Anything `next` already mixed comes first.
        while n < out.len() && self.buf_pos < self.buf.len() {
            out[n] = self.buf[self.buf_pos];
            self.buf_pos += 1;
            n += 1;
            self.advance_one();
        }
        let whole = (out.len() - n) / ch * ch;
        let mixed = self.mix_into(&mut out[n..n + whole]);
        self.frame += (mixed / ch) as u64;
        n += mixed;
        self.position.store(self.frame, Ordering::Relaxed);
        n
    }

    fn advance_one(&mut self) {
        self.chan += 1;
        if self.chan == self.channels.get() {
            self.chan = 0;
            self.frame += 1;
            self.position.store(self.frame, Ordering::Relaxed);
        }
    }

    /// Mix whole frames from `self.mixed` into `out`; returns samples written.
    fn mix_into(&mut self, out: &mut [f32]) -> usize {
        let ch = usize::from(self.channels.get());
        let frames = ((out.len() / ch) as u64).min(self.len - self.mixed);
        let (from, to) = (self.mixed, self.mixed + frames);
        let out = &mut out[..frames as usize * ch];
        out.fill(0.0);
        while self.cursor < self.cues.len() && self.cues[self.cursor].end() <= from {
            self.cursor += 1;
        }
        for cue in self.cues[self.cursor..].iter().take_while(|c| c.at < to) {
            let a = cue.at.max(from);
            let b = cue.end().min(to);
            if a >= b {
                continue;
            }
            // The clip's samples up to its fade are added as they are, a
            // slice at a time (the device's callback mixes here, so no
            // per-sample branch where none is needed); the fade, a few ms at
            // most, sample by sample through `sample`.
            let plain_end = cue.at + cue.len - cue.fade.saturating_sub(1);
            let split = plain_end.clamp(a, b);
            let clip = &cue.clip[(a - cue.at) as usize..(split - cue.at) as usize];
            let dst = &mut out[(a - from) as usize * ch..(split - from) as usize * ch];
            if ch == 1 {
                for (o, &v) in dst.iter_mut().zip(clip) {
                    *o += v;
                }
            } else {
                for (o, &v) in dst.chunks_exact_mut(ch).zip(clip) {
                    for s in o {
                        *s += v;
                    }
                }
            }
            for f in split..b {
                let v = cue.sample(f - cue.at);
                let i = (f - from) as usize * ch;
                for s in &mut out[i..i + ch] {
                    *s += v;
                }
            }
        }
        self.mixed = to;
        out.len()
    }
}

impl Iterator for CueTrack {
    type Item = f32;

    #[inline]
    fn next(&mut self) -> Option<f32> {
        if self.buf_pos == self.buf.len() {
            let ch = usize::from(self.channels.get());
            self.buf.resize(BLOCK_FRAMES * ch, 0.0);
            let mut buf = std::mem::take(&mut self.buf);
            let n = self.mix_into(&mut buf);
            buf.truncate(n);
            self.buf = buf;
            self.buf_pos = 0;
            if n == 0 {
                return None;
            }
        }
        let s = self.buf[self.buf_pos];
        self.buf_pos += 1;
        self.advance_one();
        Some(s)
    }

    fn size_hint(&self) -> (usize, Option<usize>) {
        let left = self.remaining_frames() * u64::from(self.channels.get()) - u64::from(self.chan);
        let left = usize::try_from(left).unwrap_or(usize::MAX);
        (left, Some(left))
    }
}

impl Source for CueTrack {
    fn current_span_len(&self) -> Option<usize> {
        // Rate and channels never change: one span to the end.
        if self.remaining_frames() == 0 {
            Some(0)
        } else {
            None
        }
    }

    fn channels(&self) -> NonZero<u16> {
        self.channels
    }

    fn sample_rate(&self) -> NonZero<u32> {
        self.sample_rate
    }

    /// From the starting offset to the end: what this source plays in all.
    fn total_duration(&self) -> Option<Duration> {
        Some(frames_to_duration(
            self.len - self.start,
            self.sample_rate.get(),
        ))
    }

    fn try_seek(&mut self, pos: Duration) -> Result<(), SeekError> {
        let frame = (pos.as_nanos() * u128::from(self.sample_rate.get()) / 1_000_000_000) as u64;
        self.seek_to(frame);
        Ok(())
    }
}

fn frames_to_duration(frames: u64, rate: u32) -> Duration {
    let rate = u64::from(rate);
    Duration::new(
        frames / rate,
        ((frames % rate) * 1_000_000_000 / rate) as u32,
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::cues::phrases::Phrase;
    use crate::cues::speech::Script;
    use crate::plan::steps::parse;

    fn track(steps: &str, config: TrackConfig) -> (Timeline, CueBank, CueTrack) {
        let bank = CueBank::builtin(config.sample_rate).unwrap();
        let timeline = bank.timeline(&parse(steps).unwrap(), &Script::default());
        let track = CueTrack::new(&timeline, &bank, config).unwrap();
        (timeline, bank, track)
    }

    const SESSION: &str = "warmup 10s, 2x(run 5s, walk 5s), cooldown 10s";

    #[test]
    fn a_clip_cut_short_fades_out_over_its_last_milliseconds_in_mono_and_stereo() {
        // A clip of 1.0s cut to 100 samples, fading over the last 10: the
        // samples before the fade whole, then down to nothing, no click.
        for channels in [1u16, 2] {
            let config = TrackConfig {
                sample_rate: 8000,
                channels,
            };
            let (_, _, mut track) = track("walk 10s", config);
            let clip: Arc<[f32]> = vec![1.0f32; 1000].into();
            track.cues = vec![PlacedCue::new(200, 100, &clip, 10)].into();
            let ch = usize::from(channels);
            let mut out = vec![0.0f32; 400 * ch];
            assert_eq!(track.fill(&mut out), 400 * ch);
            let frames: Vec<f32> = out.chunks_exact(ch).map(|f| f[ch - 1]).collect();
            assert!(out.chunks_exact(ch).all(|f| f.iter().all(|&s| s == f[0])));
            assert!(frames[..200].iter().all(|&s| s == 0.0));
            assert!(frames[200..291].iter().all(|&s| s == 1.0), "{channels}");
            for (k, &s) in frames[291..300].iter().enumerate() {
                assert_eq!(s, (9 - k) as f32 / 10.0, "{channels} channels, {k}");
            }
            assert!(frames[300..].iter().all(|&s| s == 0.0));
        }
    }

    #[test]
    fn clips_land_on_their_cues_and_silence_fills_the_rest() {
        let (timeline, bank, track) = track(SESSION, TrackConfig::default());
        let samples: Vec<f32> = track.collect();
        assert_eq!(samples.len() as u64, timeline.len());
        let mut expected = vec![0.0f32; samples.len()];
        for cue in &timeline.cues {
            if cue.words.is_empty() {
                let beep = if cue.what == CueKind::FinalBeep {
                    Sound::FinalBeep
                } else {
                    Sound::Beep
                };
                let clip = bank.clip(beep);
                expected[cue.at as usize..cue.end() as usize].copy_from_slice(clip);
            }
            for w in &cue.words {
                // The first change's clip plays from its onset (`Word::from`).
                let clip = &bank.clip(Sound::Say(w.phrase))[w.from as usize..];
                assert_eq!(w.len, clip.len() as u64, "no word is cut in this session");
                let at = (cue.at + w.at) as usize;
                expected[at..at + clip.len()].copy_from_slice(clip);
            }
        }
        assert!(
            samples == expected,
            "mixed track differs from clips placed by hand"
        );
    }

    #[test]
    fn next_and_fill_and_any_offset_give_the_same_samples() {
        let config = TrackConfig {
            sample_rate: 22_050,
            channels: 2,
        };
        let (timeline, bank, track) = track(SESSION, config);
        let whole: Vec<f32> = track.collect();
        assert_eq!(whole.len() as u64, timeline.len() * 2);

        let mut t = CueTrack::new(&timeline, &bank, config).unwrap();
        let mut filled = Vec::new();
        // Odd block sizes, and a switch between next and fill mid-block.
        let mut block = vec![0.0f32; 777];
        for _ in 0..3 {
            filled.push(t.next().unwrap());
        }
        loop {
            let n = t.fill(&mut block);
            if n == 0 {
                break;
            }
            filled.extend_from_slice(&block[..n]);
            if let Some(s) = t.next() {
                filled.push(s);
            }
        }
        assert!(filled == whole);

        // Start at the "run" change at 10 s: exactly the tail of the whole.
        let offset = timeline.segments[1].start;
        let tail: Vec<f32> = CueTrack::new(&timeline, &bank, config)
            .unwrap()
            .starting_at(offset)
            .collect();
        assert!(tail[..] == whole[offset as usize * 2..]);
        // And mid-cue, in the middle of "run".
        let mid = offset + 1000;
        let tail: Vec<f32> = CueTrack::new(&timeline, &bank, config)
            .unwrap()
            .starting_at(mid)
            .collect();
        assert!(tail[..] == whole[mid as usize * 2..]);
    }

    #[test]
    fn the_position_counter_counts_frames_from_the_session_start() {
        let (timeline, _, track) = track(SESSION, TrackConfig::default());
        let offset = timeline.segments[2].start;
        let mut t = track.starting_at(offset);
        let pos = t.position();
        assert_eq!(pos.load(Ordering::Relaxed), offset);
        for _ in 0..100 {
            t.next();
        }
        assert_eq!(pos.load(Ordering::Relaxed), offset + 100);
        let mut block = vec![0.0; 4410];
        t.fill(&mut block);
        assert_eq!(pos.load(Ordering::Relaxed), offset + 4510);
        assert_eq!(timeline.segment_at(pos.load(Ordering::Relaxed)), Some(2));

        let shared = Arc::new(AtomicU64::new(0));
        let t = t.starting_at(7).sharing_position(Arc::clone(&shared));
        assert_eq!(shared.load(Ordering::Relaxed), 7);
        assert_eq!(t.remaining_frames(), timeline.len() - 7);
    }

    #[test]
    fn seeking_is_starting_at() {
        let (timeline, bank, mut track) = track(SESSION, TrackConfig::default());
        track.try_seek(Duration::from_secs(15)).unwrap();
        let a: Vec<f32> = track.collect();
        let b: Vec<f32> = CueTrack::new(&timeline, &bank, TrackConfig::default())
            .unwrap()
            .starting_at(15 * 44_100)
            .collect();
        assert!(a == b);
        assert_eq!(a.len() as u64, timeline.len() - 15 * 44_100);
    }

    #[test]
    fn a_cut_clip_fades_to_silence_before_the_next_cue() {
        // A coach who says "walk" for two seconds, in a one-second walk.
        let dir = tempfile::tempdir().unwrap();
        let spec = hound::WavSpec {
            channels: 1,
            sample_rate: 44_100,
            bits_per_sample: 16,
            sample_format: hound::SampleFormat::Int,
        };
        let mut w = hound::WavWriter::create(dir.path().join("walk.wav"), spec).unwrap();
        for i in 0..2 * 44_100 {
            w.write_sample(((i as f32 * 0.05).sin() * 20_000.0) as i16)
                .unwrap();
        }
        w.finalize().unwrap();
        let (bank, _) = CueBank::with_voice(dir.path(), 44_100).unwrap();
        let timeline = bank.timeline(&parse("walk 1s, run 10s").unwrap(), &Script::default());
        // Cut 50 ms before the run's clip starts (its lead before the change).
        let next = timeline.cues[1].at as usize;
        let cut = next as u64 - 2205;
        assert_eq!(timeline.cues[0].len, cut);
        let samples: Vec<f32> = CueTrack::new(&timeline, &bank, TrackConfig::default())
            .unwrap()
            .collect();
        let fade = (CUT_FADE_MS * 44_100 / 1000) as usize;
        let cut = cut as usize;
        assert!(samples[cut..next].iter().all(|&s| s == 0.0));
        let from = timeline.cues[0].words[0].from as usize;
        assert_eq!(
            &samples[..cut - fade],
            &bank.clip(Sound::Say(Phrase::Walk))[from..from + cut - fade]
        );
        let peak =
            |r: std::ops::Range<usize>| samples[r].iter().fold(0.0f32, |m, s| m.max(s.abs()));
        assert!(peak(cut - fade..cut - fade / 2) > 2.0 * peak(cut - fade / 4..cut));
        assert!(peak(cut - 2..cut) < 0.01);
    }

    #[test]
    fn a_source_for_rodio() {
        let (timeline, _, track) = track(
            "run 5s",
            TrackConfig {
                sample_rate: 48_000,
                channels: 2,
            },
        );
        assert_eq!(track.channels().get(), 2);
        assert_eq!(track.sample_rate().get(), 48_000);
        assert_eq!(
            track.total_duration(),
            Some(frames_to_duration(timeline.len(), 48_000))
        );
        assert_eq!(track.current_span_len(), None);
        // What rodio's Player::append asks of a source.
        fn playable<S: Source + Send + 'static>(_: &S) {}
        playable(&track);
        assert_eq!(track.size_hint().0 as u64, timeline.len() * 2);
        let mut t = track.starting_at(48_000);
        assert_eq!(
            t.total_duration(),
            Some(frames_to_duration(timeline.len() - 48_000, 48_000))
        );
        t.next();
        assert_eq!(
            t.total_duration(),
            Some(frames_to_duration(timeline.len() - 48_000, 48_000))
        );
        let mut t = t.starting_at(u64::MAX);
        assert_eq!(t.current_span_len(), Some(0));
        assert_eq!(t.next(), None);
    }
}
