//! The cue bank: every sound a session can make, decoded once into `f32`
//! samples at the output rate and shared by reference with the mixer.
//!
//! The built-in voice is one Ogg Vorbis clip a [`Phrase`], embedded in the
//! binary (sounds/README.md); a runner's own voice is a folder of WAV files
//! named after the phrases, read through [`super::voice`], and replaces the
//! built-in voice clip by clip.

use std::path::Path;
use std::sync::{Arc, OnceLock};

use crate::cues::phrases::Phrase;
use crate::cues::speech::Script;
use crate::cues::timeline::{Clip, Timeline, BEEP_MS, FINAL_BEEP_MS};
use crate::plan::steps::Session;

use super::level;
use super::voice::{self, VoiceError};
use super::{AudioError, MAX_SAMPLE_RATE, MIN_SAMPLE_RATE};

/// One sound in the bank: a phrase of the voice, or a synthesised beep.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Sound {
    Say(Phrase),
    /// The short countdown beep, 3 and 2 s before a change.
    Beep,
    /// The last beep before a change: longer and a fifth higher, so the
    /// ear knows "this is it" without counting.
    FinalBeep,
}

/// The countdown beeps: A5, and E6 for the final one, as loud as the voice
/// (a sine's RMS is its amplitude over the square root of 2), each with a
/// 1 ms attack, so its onset is as sharp as a click without being one.
pub const BEEP_HZ: f64 = 880.0;
pub const FINAL_BEEP_HZ: f64 = 1320.0;
const BEEP_ATTACK_MS: u32 = 1;
const BEEP_RELEASE_MS: u32 = 20;
const FINAL_BEEP_RELEASE_MS: u32 = 80;

/// Every sound, mono, at one sample rate. Cloning is cheap: clips are shared.
///
/// A phrase is resampled to the bank's rate the first time it is asked for:
/// a session uses a few dozen of the phrases, and its timeline needs only
/// their lengths, which are known without resampling.
#[derive(Debug, Clone)]
pub struct CueBank {
    sample_rate: u32,
    /// Each phrase at its own rate, indexed by `Phrase as usize`.
    sources: Arc<[Source]>,
    /// Each phrase at `sample_rate`, once resampled.
    clips: Arc<[OnceLock<Arc<[f32]>>]>,
    beep: Arc<[f32]>,
    final_beep: Arc<[f32]>,
}

impl CueBank {
    /// The built-in voice, at `sample_rate`.
    pub fn builtin(sample_rate: u32) -> Result<CueBank, AudioError> {
        check_rate(sample_rate)?;
        Ok(CueBank::of(bundled_voice(), sample_rate))
    }

    fn of(sources: Vec<Source>, sample_rate: u32) -> CueBank {
        CueBank {
            sample_rate,
            clips: sources.iter().map(|_| OnceLock::new()).collect(),
            sources: sources.into(),
            beep: beep(sample_rate, BEEP_HZ, BEEP_MS, BEEP_RELEASE_MS).into(),
            final_beep: beep(
                sample_rate,
                FINAL_BEEP_HZ,
                FINAL_BEEP_MS,
                FINAL_BEEP_RELEASE_MS,
            )
            .into(),
        }
    }

    /// The built-in voice with each phrase replaced by the runner's
    /// recording of it in `dir` where there is one (see
    /// [`Phrase::file_name`]). Returns the bank and the phrases that keep the
    /// built-in voice: those `dir` lacks, and those whose recording clipped.
    ///
    /// A clip that exists but cannot be used (not a WAV file, an absurd
    /// header, too big, silent) is an error naming it: the runner meant it
    /// to be heard. Headers and sizes are checked before anything is decoded.
    pub fn with_voice(dir: &Path, sample_rate: u32) -> Result<(CueBank, Vec<Phrase>), AudioError> {
        check_rate(sample_rate)?;
        if !dir.is_dir() {
            return Err(AudioError::Voice {
                path: dir.to_path_buf(),
                message: "expected a folder of WAV clips (see walkrun voice list)".to_string(),
            });
        }
        let mut sources = bundled_voice();
        let mut missing = Vec::new();
        for &phrase in Phrase::ALL {
            let path = dir.join(phrase.file_name());
            if !voice::is_there(&path) {
                if phrase.is_whole() {
                    // The built-in voice's whole sentence would be a second
                    // voice among the runner's: their clips compose it.
                    sources[phrase as usize] = Source::silent(sample_rate);
                } else {
                    missing.push(phrase);
                }
                continue;
            }
            let voice_err = |e: VoiceError| AudioError::Voice {
                path: path.clone(),
                message: e.to_string(),
            };
            let clip = voice::read_clip(&path).map_err(voice_err)?;
            if voice::clipped_samples(&clip.samples) > 0 {
                // Distorted: the built-in voice says it (`voice check` says why).
                missing.push(phrase);
                continue;
            }
            let shaped = voice::shape(&clip.samples, clip.sample_rate).map_err(voice_err)?;
            let samples: Arc<[i16]> = to_i16(&shaped.samples).into();
            sources[phrase as usize] = Source {
                len: samples.len(),
                samples: Some(samples),
                rate: clip.sample_rate,
                lead: shaped.lead,
            };
        }
        Ok((CueBank::of(sources, sample_rate), missing))
    }

    pub fn sample_rate(&self) -> u32 {
        self.sample_rate
    }

    /// The samples of one sound: mono, at [`CueBank::sample_rate`], at the
    /// coach's level (see [`level`]). Live play and render both take their
    /// clips from here, so both sound the same.
    pub fn clip(&self, sound: Sound) -> &Arc<[f32]> {
        match sound {
            Sound::Say(p) => self.clips[p as usize].get_or_init(|| {
                let source = &self.sources[p as usize];
                match &source.samples {
                    Some(samples) => self.at_coach_level(samples, source.rate),
                    // Not loaded with the session's others: one pass more.
                    None => {
                        let mut want = vec![false; Phrase::ALL.len()];
                        want[p as usize] = true;
                        let clip = decode_bundle(&want).swap_remove(p as usize);
                        self.at_coach_level(&clip, source.rate)
                    }
                }
            }),
            Sound::Beep => &self.beep,
            Sound::FinalBeep => &self.final_beep,
        }
    }

    /// Ready `phrases`' clips, decoding the built-in voice once for all of
    /// them (and no further into the bundle than the last): a session says a
    /// few dozen of its phrases, so only those are ever held, and
    /// [`CueBank::clip`] then costs nothing on a player's thread.
    pub fn load(&self, phrases: impl IntoIterator<Item = Phrase>) {
        let mut want = vec![false; Phrase::ALL.len()];
        for p in phrases {
            let i = p as usize;
            want[i] = self.clips[i].get().is_none() && self.sources[i].samples.is_none();
        }
        if !want.contains(&true) {
            return;
        }
        for (i, clip) in decode_bundle(&want).into_iter().enumerate() {
            if want[i] {
                let rate = self.sources[i].rate;
                self.clips[i].get_or_init(|| self.at_coach_level(&clip, rate));
            }
        }
    }

    fn at_coach_level(&self, samples: &[i16], rate: u32) -> Arc<[f32]> {
        let samples: Vec<f32> = samples.iter().map(|&s| f32::from(s) / 32768.0).collect();
        let at_rate = resample(&samples, rate, self.sample_rate);
        level::at_coach_level(&at_rate, self.sample_rate).into()
    }

    /// A phrase's length in samples at the bank's rate, as [`CueBank::clip`]
    /// will have it (known from the bundle's index, before any decoding).
    pub fn phrase_len(&self, phrase: Phrase) -> u64 {
        let source = &self.sources[phrase as usize];
        resampled_len(source.len, source.rate, self.sample_rate) as u64
    }

    /// A phrase's clip as the timeline places it: its length, and where in
    /// it the voice is first heard, in samples at the bank's rate.
    pub fn phrase_clip(&self, phrase: Phrase) -> Clip {
        let source = &self.sources[phrase as usize];
        let lead = u64::from(source.lead) * u64::from(self.sample_rate) / u64::from(source.rate);
        let len = self.phrase_len(phrase);
        Clip {
            len,
            lead: lead.min(len),
        }
    }

    /// The session's timeline at this bank's rate, with these clips' lengths
    /// and onsets.
    pub fn timeline(&self, session: &Session, script: &Script) -> Timeline {
        Timeline::with_clips(session, self.sample_rate, script, |p| self.phrase_clip(p))
    }
}

fn check_rate(rate: u32) -> Result<(), AudioError> {
    if (MIN_SAMPLE_RATE..=MAX_SAMPLE_RATE).contains(&rate) {
        Ok(())
    } else {
        Err(AudioError::SampleRate(rate))
    }
}

/// One phrase's clip as recorded: mono samples at `rate`, first heard
/// `lead` samples in (the few milliseconds kept before its onset). Kept as
/// 16-bit, what the clips were made at: the whole voice is 3 minutes of
/// sound, 7.9 MB so and 15.7 MB as `f32`; a clip becomes `f32` at the
/// output rate only once a session asks for it.
#[derive(Debug, Clone)]
struct Source {
    /// `None` for a built-in phrase still in the bundle (decoded when a
    /// session loads it).
    samples: Option<Arc<[i16]>>,
    len: usize,
    rate: u32,
    lead: u32,
}

impl Source {
    fn silent(rate: u32) -> Source {
        Source {
            samples: Some(Arc::from(Vec::new())),
            len: 0,
            rate,
            lead: 0,
        }
    }
}

/// The bundle's rate (sounds/make.sh speaks at the voice's own 22050 Hz; a
/// unit test checks the stream says so).
const VOICE_RATE: u32 = 22_050;

/// The built-in voice: every phrase in one Ogg Vorbis stream, and where
/// each lies in it (id, first sample, samples, onset within the clip), as
/// sounds/make.sh wrote them.
const VOICE_OGG: &[u8] = include_bytes!("../../sounds/voice.ogg");
const VOICE_INDEX: &str = include_str!("../../sounds/voice.tsv");

/// Every built-in phrase as the index gives it (length and onset), in
/// catalogue order, none decoded yet.
fn bundled_voice() -> Vec<Source> {
    Phrase::ALL
        .iter()
        .map(|p| {
            let entry = index_of(p.id());
            Source {
                // A phrase the index lacks is none at all.
                samples: if entry.is_some() {
                    None
                } else {
                    Some(Arc::from(Vec::new()))
                },
                len: entry.map_or(0, |e| e.len),
                rate: VOICE_RATE,
                lead: entry.map_or(0, |e| e.onset),
            }
        })
        .collect()
}

/// The built-in clips `want` names (by `Phrase as usize`), decoded from the
/// bundle in one pass that stops after the last of them; the others empty.
/// Only the packets that hold a wanted clip are decoded (each run of them
/// after the one packet before it, whose overlap a Vorbis packet needs, so
/// every sample is the one a decode of the whole stream gives): a session
/// says a few dozen of the bundle's phrases, and decoding the packets
/// between them was most of the CPU a short live session spent. The bundle
/// is ours, and unit tests decode every clip in it; should it ever fail, or
/// end early, the clip is empty and the coach silent rather than a crash.
fn decode_bundle(want: &[bool]) -> Vec<Vec<i16>> {
    let entries: Vec<Option<Entry>> = Phrase::ALL
        .iter()
        .zip(want)
        .map(|(p, &w)| if w { index_of(p.id()) } else { None })
        .collect();
    let mut clips: Vec<Vec<i16>> = entries
        .iter()
        .map(|e| Vec::with_capacity(e.map_or(0, |e| e.len)))
        .collect();
    // Wanted entries in bundle order, so each block finds its clips at once.
    let mut order: Vec<(usize, Entry)> = entries
        .iter()
        .enumerate()
        .filter_map(|(i, e)| e.map(|e| (i, e)))
        .collect();
    order.sort_by_key(|(_, e)| e.at);
    // The first entry not yet done with (both closures read it).
    let first = std::cell::Cell::new(0usize);
    let _ = decode_ogg_parts(
        VOICE_OGG,
        |from, len| {
            let mut k = first.get();
            // Entries that end before this packet are done with.
            while k < order.len() && order[k].1.at + order[k].1.len <= from {
                k += 1;
            }
            first.set(k);
            match order.get(k) {
                None => Wanted::Done,
                Some((_, e)) if e.at < from + len => Wanted::Yes,
                Some(_) => Wanted::No,
            }
        },
        |from, samples| {
            let to = from + samples.len();
            for &(i, e) in order[first.get()..].iter().take_while(|(_, e)| e.at < to) {
                let (a, b) = (e.at.max(from), (e.at + e.len).min(to));
                // Each clip fills in order; a gap would leave it short (and
                // empty, below).
                if a < b && clips[i].len() == a - e.at {
                    clips[i].extend(
                        samples[a - from..b - from]
                            .iter()
                            .map(|&s| sample_to_i16(s)),
                    );
                }
            }
        },
    );
    for (clip, entry) in clips.iter_mut().zip(&entries) {
        if entry.is_some_and(|e| clip.len() != e.len) {
            clip.clear();
        }
    }
    clips
}

/// An Ogg Vorbis stream opened for decoding: its reader, its decoder, and
/// its track's id and rate.
type OggStream = (
    Box<dyn symphonia::core::formats::FormatReader>,
    Box<dyn symphonia::core::codecs::Decoder>,
    u32,
    u32,
);

/// Opens `bytes` as an Ogg Vorbis stream.
fn open_ogg(bytes: &'static [u8]) -> Result<OggStream, String> {
    use symphonia::core::codecs::DecoderOptions;
    use symphonia::core::formats::FormatOptions;
    use symphonia::core::io::MediaSourceStream;
    use symphonia::core::meta::MetadataOptions;
    use symphonia::core::probe::Hint;

    let source = MediaSourceStream::new(Box::new(std::io::Cursor::new(bytes)), Default::default());
    let mut hint = Hint::new();
    hint.with_extension("ogg");
    let format = symphonia::default::get_probe()
        .format(
            &hint,
            source,
            &FormatOptions::default(),
            &MetadataOptions::default(),
        )
        .map_err(|e| e.to_string())?
        .format;
    let track = format.default_track().ok_or("no audio track")?;
    let (id, rate) = (
        track.id,
        track.codec_params.sample_rate.ok_or("no sample rate")?,
    );
    let decoder = symphonia::default::get_codecs()
        .make(&track.codec_params, &DecoderOptions::default())
        .map_err(|e| e.to_string())?;
    Ok((format, decoder, id, rate))
}

/// Whether the samples of a packet are wanted.
enum Wanted {
    Yes,
    No,
    /// Nothing after it is either: stop.
    Done,
}

/// An Ogg Vorbis stream's packets: `want(first sample, samples)` says of
/// each whether it is wanted, and the wanted ones are decoded and handed to
/// `sink(first sample, mono samples in -1..1)`. A wanted packet after an
/// unwanted one is decoded after the packet before it, whose overlap it
/// needs, so what `sink` gets is exactly what a decode of every packet gives.
fn decode_ogg_parts(
    bytes: &'static [u8],
    mut want: impl FnMut(usize, usize) -> Wanted,
    mut sink: impl FnMut(usize, &[f32]),
) -> Result<u32, String> {
    use symphonia::core::audio::SampleBuffer;
    use symphonia::core::errors::Error;

    let (mut format, mut decoder, id, rate) = open_ogg(bytes)?;
    // One block reused for every packet, its first channel first.
    let mut planar: Option<SampleBuffer<f32>> = None;
    // The packet before this one, while it was not decoded.
    let mut before = None;
    let mut lapped = false;
    loop {
        let packet = match format.next_packet() {
            Ok(p) => p,
            Err(Error::IoError(e)) if e.kind() == std::io::ErrorKind::UnexpectedEof => break,
            Err(e) => return Err(e.to_string()),
        };
        if packet.track_id() != id {
            continue;
        }
        let (from, len) = (packet.ts as usize, packet.dur as usize);
        match want(from, len) {
            Wanted::Done => break,
            Wanted::No => {
                before = Some(packet);
                lapped = false;
                continue;
            }
            Wanted::Yes => {}
        }
        if !lapped {
            decoder.reset();
            if let Some(p) = before.take() {
                // Only its overlap is wanted: its own samples are not.
                let _ = decoder.decode(&p);
            }
        }
        let decoded = decoder.decode(&packet).map_err(|e| e.to_string())?;
        lapped = true;
        let frames = decoded.frames();
        if planar.as_ref().is_none_or(|b| b.capacity() < frames) {
            planar = Some(SampleBuffer::new(
                decoded.capacity() as u64,
                *decoded.spec(),
            ));
        }
        if let Some(buf) = planar.as_mut() {
            buf.copy_planar_ref(decoded);
            // The voice is mono; were it not, its first channel is enough.
            sink(from, &buf.samples()[..frames]);
        }
    }
    Ok(rate)
}

/// Where a phrase lies in the bundle, in samples.
#[derive(Debug, Clone, Copy)]
struct Entry {
    at: usize,
    len: usize,
    /// How far into the clip it is first heard.
    onset: u32,
}

/// Where phrase `id` lies in the bundle.
fn index_of(id: &str) -> Option<Entry> {
    VOICE_INDEX.lines().find_map(|line| {
        let mut cols = line.split('\t');
        if cols.next()? != id {
            return None;
        }
        let at = cols.next()?.parse().ok()?;
        let len = cols.next()?.parse().ok()?;
        // A bundle made before onsets were measured is heard from its start.
        let onset = cols.next().and_then(|c| c.parse().ok()).unwrap_or(0);
        Some(Entry { at, len, onset })
    })
}

fn sample_to_i16(s: f32) -> i16 {
    (s * 32768.0).round().clamp(-32768.0, 32767.0) as i16
}

fn to_i16(samples: &[f32]) -> Vec<i16> {
    samples.iter().map(|&s| sample_to_i16(s)).collect()
}

/// An Ogg Vorbis stream's samples as mono `f32` in -1..1, each handed to
/// `sink` in order; returns the stream's rate. Every packet decoded: what
/// the tests hold [`decode_bundle`] to.
#[cfg(test)]
fn decode_ogg(bytes: &'static [u8], mut sink: impl FnMut(f32) -> bool) -> Result<u32, String> {
    use symphonia::core::audio::SampleBuffer;
    use symphonia::core::errors::Error;

    let (mut format, mut decoder, id, rate) = open_ogg(bytes)?;
    loop {
        let packet = match format.next_packet() {
            Ok(p) => p,
            Err(Error::IoError(e)) if e.kind() == std::io::ErrorKind::UnexpectedEof => break,
            Err(e) => return Err(e.to_string()),
        };
        if packet.track_id() != id {
            continue;
        }
        let decoded = decoder.decode(&packet).map_err(|e| e.to_string())?;
        let channels = decoded.spec().channels.count().max(1);
        let mut buf = SampleBuffer::<f32>::new(decoded.capacity() as u64, *decoded.spec());
        buf.copy_interleaved_ref(decoded);
        // The voice is mono; were it not, its first channel is enough.
        if !buf.samples().iter().step_by(channels).all(|&s| sink(s)) {
            break;
        }
    }
    Ok(rate)
}

fn resampled_len(len: usize, from: u32, to: u32) -> usize {
    if from == to || len == 0 {
        return len;
    }
    (len as u64 * u64::from(to)).div_ceil(u64::from(from)) as usize
}

/// Linear interpolation: plenty for speech and beeps, and exact (a copy) when
/// the rates agree.
pub(super) fn resample(samples: &[f32], from: u32, to: u32) -> Vec<f32> {
    if from == to || samples.is_empty() {
        return samples.to_vec();
    }
    let out_len = resampled_len(samples.len(), from, to);
    let step = f64::from(from) / f64::from(to);
    (0..out_len)
        .map(|i| {
            let x = i as f64 * step;
            let j = x as usize;
            let frac = (x - j as f64) as f32;
            let a = samples[j.min(samples.len() - 1)];
            let b = samples[(j + 1).min(samples.len() - 1)];
            a + (b - a) * frac
        })
        .collect()
}

/// A sine of `hz` for `ms`, its RMS the voice's, with a 1 ms attack and a
/// `release_ms` fade.
fn beep(rate: u32, hz: f64, ms: u32, release_ms: u32) -> Vec<f32> {
    let n = (u64::from(rate) * u64::from(ms) / 1000) as usize;
    let attack = (rate * BEEP_ATTACK_MS / 1000).max(1) as usize;
    let release = (rate * release_ms / 1000).max(1) as usize;
    let amplitude = level::voice_rms() * std::f64::consts::SQRT_2;
    (0..n)
        .map(|i| {
            let envelope = if i < attack {
                (i + 1) as f64 / attack as f64
            } else if i + release > n {
                (n - i) as f64 / release as f64
            } else {
                1.0
            };
            let phase = 2.0 * std::f64::consts::PI * hz * i as f64 / f64::from(rate);
            // Sine from a quarter period in: loud from the very first sample.
            (amplitude * envelope * (phase + std::f64::consts::FRAC_PI_2).sin()) as f32
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn active_rms_db(clip: &[f32], rate: usize) -> f64 {
        let frame = rate / 50;
        let rms: Vec<f64> = clip
            .chunks_exact(frame)
            .map(|f| (f.iter().map(|&s| f64::from(s).powi(2)).sum::<f64>() / frame as f64).sqrt())
            .collect();
        let top = rms.iter().copied().fold(0.0, f64::max);
        let active: Vec<f64> = rms.into_iter().filter(|&r| r > top * 0.01).collect();
        let mean = active.iter().map(|r| r * r).sum::<f64>() / active.len() as f64;
        10.0 * mean.log10()
    }

    #[test]
    fn every_builtin_clip_is_short_is_heard_at_its_onset_and_is_loudness_matched() {
        let bank = CueBank::builtin(22_050).unwrap();
        bank.load(Phrase::ALL.iter().copied());
        for &p in Phrase::ALL
            .iter()
            .filter(|p| !crate::cues::phrases::AWAITING_THE_VOICE.contains(p))
        {
            let clip = bank.clip(Sound::Say(p));
            let secs = clip.len() as f64 / 22_050.0;
            // The longest is an intro's summary recorded whole ("Eight repeats
            // of one minute running and one minute and forty-five seconds
            // walking.", 4.0 s), said in the warm-up.
            assert!((0.15..4.5).contains(&secs), "{p:?} is {secs} s");
            // Heard (a millisecond over -46 dBFS, as the timing tests hear
            // it) within a millisecond of the onset the timeline places on
            // the cue's instant, after at most 12 ms of lead-in (4 ms kept
            // before the onset in the source; a soft first /f/, as in "Fifty-five
            // minutes of running.", is heard a few ms later once encoded).
            let lead = bank.phrase_clip(p).lead as usize;
            assert!(lead <= 265, "{p:?} leads in for {lead} samples");
            let heard = (22..clip.len())
                .find(|&i| {
                    let e: f32 = clip[i - 21..=i].iter().map(|s| s * s).sum();
                    (e / 22.0).sqrt() > 0.005
                })
                .unwrap();
            assert!(
                heard.abs_diff(lead) <= 22,
                "{p:?} heard at {heard}, onset {lead}"
            );
            let peak = clip.iter().fold(0.0f32, |m, s| m.max(s.abs()));
            assert!(peak <= level::PEAK_CEILING, "{p:?} peaks at {peak}");
            // -20 dBFS shaped, raised to the coach's level; the limiter takes
            // up to 6 dB off a phrase with loud peaks.
            let db = active_rms_db(clip, 22_050);
            let want = 20.0 * level::voice_rms().log10();
            assert!(
                (want - 6.5..want + 1.0).contains(&db),
                "{p:?} at {db:.1} dB"
            );
        }
    }

    #[test]
    fn the_bundle_holds_every_phrase_in_order() {
        let ids: Vec<&str> = VOICE_INDEX
            .lines()
            .filter_map(|l| l.split('\t').next())
            .collect();
        // Phrases are appended: those the voice awaits come last.
        let ours: Vec<&str> = Phrase::ALL
            .iter()
            .filter(|p| !crate::cues::phrases::AWAITING_THE_VOICE.contains(p))
            .map(|p| p.id())
            .collect();
        assert_eq!(ids, ours);
        let mut all = Vec::new();
        let rate = decode_ogg(VOICE_OGG, |s| {
            all.push(s);
            true
        })
        .unwrap();
        assert_eq!(rate, VOICE_RATE);
        let mut end = 0;
        let held = decode_bundle(&vec![true; Phrase::ALL.len()]);
        let sources = bundled_voice();
        for &p in Phrase::ALL
            .iter()
            .filter(|p| !crate::cues::phrases::AWAITING_THE_VOICE.contains(p))
        {
            let e = index_of(p.id()).unwrap();
            assert!(
                e.at >= end && e.len > 0 && (e.onset as usize) < e.len,
                "{p:?}"
            );
            end = e.at + e.len;
            // Routed sample by sample as decoded, each clip is its slice.
            let clip = &held[p as usize];
            assert!(*clip == *to_i16(&all[e.at..end]), "{p:?}");
            assert_eq!(sources[p as usize].lead, e.onset);
            assert_eq!(sources[p as usize].len, e.len);
        }
        // Only what is asked for is decoded, and a pass stops after it.
        let mut want = vec![false; Phrase::ALL.len()];
        want[Phrase::Run as usize] = true;
        let one = decode_bundle(&want);
        assert_eq!(one[Phrase::Run as usize], held[Phrase::Run as usize]);
        assert!(one
            .iter()
            .enumerate()
            .all(|(i, c)| i == Phrase::Run as usize || c.is_empty()));
        assert!(end <= all.len(), "the index runs past the audio");
        // Every third phrase: the packets between them are skipped, and each
        // clip is still exactly what decoding every packet gives.
        for skip in 0..3 {
            let want: Vec<bool> = (0..Phrase::ALL.len()).map(|i| i % 3 == skip).collect();
            let some = decode_bundle(&want);
            for (i, &p) in Phrase::ALL.iter().enumerate() {
                let expected: &[i16] = if want[i] { &held[i] } else { &[] };
                assert!(some[i] == expected, "{p:?} with every third phrase");
            }
        }
    }

    #[test]
    fn the_bank_follows_the_rate() {
        let a = CueBank::builtin(44_100).unwrap();
        let b = CueBank::builtin(22_050).unwrap();
        for sound in [Sound::Say(Phrase::Run), Sound::Beep] {
            let ratio = a.clip(sound).len() as f64 / b.clip(sound).len() as f64;
            assert!((ratio - 2.0).abs() < 0.01, "{sound:?}: {ratio}");
        }
        assert!(matches!(
            CueBank::builtin(1000),
            Err(AudioError::SampleRate(1000))
        ));
    }

    fn tone_wav(path: &Path, rate: u32, channels: u16, silent_lead: usize, frames: usize) {
        let spec = hound::WavSpec {
            channels,
            sample_rate: rate,
            bits_per_sample: 16,
            sample_format: hound::SampleFormat::Int,
        };
        let mut w = hound::WavWriter::create(path, spec).unwrap();
        for i in 0..frames {
            let v = if i < silent_lead {
                0
            } else {
                ((i as f32 * 0.1).sin() * 8000.0) as i16
            };
            for _ in 0..channels {
                w.write_sample(v).unwrap();
            }
        }
        w.finalize().unwrap();
    }

    #[test]
    fn a_voice_folder_replaces_clips_by_name_and_reports_the_rest() {
        let dir = tempfile::tempdir().unwrap();
        // A stereo 22050 Hz recording with 0.2 s of silence before a tone.
        tone_wav(&dir.path().join("run.wav"), 22_050, 2, 4410, 22_050 / 2);
        let (bank, missing) = CueBank::with_voice(dir.path(), 44_100).unwrap();
        let run = bank.clip(Sound::Say(Phrase::Run));
        // 0.3 s of tone at twice the rate, leading silence gone but for the
        // 4 ms before the millisecond whose level says speech starts.
        let lead = bank.phrase_clip(Phrase::Run).lead as usize;
        assert!((176..176 + 50).contains(&lead), "{lead}");
        assert!(
            (13_230 + 176..13_230 + 176 + 50).contains(&run.len()),
            "{}",
            run.len()
        );
        assert!(run[..lead - 44].iter().all(|s| s.abs() < 0.01));
        assert!(run[lead..lead + 100].iter().any(|s| s.abs() > 0.01));
        // Sentences recorded whole are not missing: without the runner's
        // own recording of one, their clips compose it.
        let parts = Phrase::ALL.iter().filter(|p| !p.is_whole()).count();
        assert_eq!(missing.len(), parts - 1);
        assert!(!missing.contains(&Phrase::Run));
        let whole = Phrase::whole("Run, one minute.").unwrap();
        assert_eq!(bank.phrase_len(whole), 0);
        let builtin = CueBank::builtin(44_100).unwrap();
        let walk = Sound::Say(Phrase::Walk);
        assert_eq!(bank.clip(walk), builtin.clip(walk));
    }

    #[test]
    fn a_broken_voice_clip_is_named() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("walk.wav"), b"not a wav").unwrap();
        let e = CueBank::with_voice(dir.path(), 44_100).unwrap_err();
        assert!(e.is_bad_input());
        assert!(e.to_string().contains("walk.wav"), "{e}");
        let e = CueBank::with_voice(&dir.path().join("nope"), 44_100).unwrap_err();
        assert!(e.to_string().contains("expected a folder"), "{e}");
    }

    #[test]
    fn the_beeps_are_as_loud_as_the_voice_from_their_first_sample_and_the_last_is_longer_and_higher(
    ) {
        let bank = CueBank::builtin(44_100).unwrap();
        let short = bank.clip(Sound::Beep);
        let last = bank.clip(Sound::FinalBeep);
        assert_eq!(short.len(), 44_100 * BEEP_MS as usize / 1000);
        assert!(last.len() >= 3 * short.len());
        let amplitude = (level::voice_rms() * std::f64::consts::SQRT_2) as f32;
        for b in [short, last] {
            assert!(b[0].abs() > 0.0);
            assert!(b[44..88].iter().any(|s| s.abs() > amplitude * 0.9));
            assert!(b.last().unwrap().abs() < 0.01);
            let db = active_rms_db(b, 44_100);
            let voice = 20.0 * level::voice_rms().log10();
            assert!((db - voice).abs() < 1.0, "{db:.1} dB against {voice:.1}");
        }
        // Zero crossings count the pitch: the last is the higher.
        let crossings = |b: &[f32]| b.windows(2).filter(|w| w[0] < 0.0 && w[1] >= 0.0).count();
        let hz = |b: &[f32]| crossings(b) as f64 / (b.len() as f64 / 44_100.0);
        assert!(hz(last) > hz(short) * 1.4, "{} vs {}", hz(last), hz(short));
    }
}
