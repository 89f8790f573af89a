//! A runner's own voice: a folder of WAV clips named after the phrases
//! (`run.wav`, `25.wav`, ...). Everything in it is untrusted input, so each
//! file's size and header are checked before a sample is decoded, and what is
//! decoded is bounded by the file's real size, never by what a header claims.

use std::fs::File;
use std::io::{BufReader, Read, Seek, SeekFrom};
use std::path::{Path, PathBuf};

use thiserror::Error;

use crate::cues::phrases::Phrase;

use super::{MAX_SAMPLE_RATE, MIN_SAMPLE_RATE};

/// A cue clip is a few seconds of speech; this is far past any.
pub const MAX_CLIP_BYTES: u64 = 16 * 1024 * 1024;
pub const MAX_CLIP_SECONDS: u64 = 30;
pub const MAX_CHANNELS: u16 = 8;
/// Loudness every clip is brought to: the active speech's RMS, as the
/// built-in voice (sounds/make_clips.py), and the peak it is kept under.
const TARGET_RMS: f32 = 0.1; // -20 dBFS
const PEAK_CAP: f32 = 0.891; // -1 dBFS
/// Below this (-40 dBFS) a clip's loudest sample counts as silence.
const SILENCE: f32 = 0.01;
/// The RMS over a millisecond at which a clip is first heard (its onset), as
/// for the built-in clips (sounds/make_clips.py): -54.5 dBFS, which the
/// coach's 8.5 dB raise makes -46 dBFS. A noisy recording's onset is where
/// the voice rises well over its own noise floor instead.
const ONSET_RMS: f32 = 0.001_88;
/// How far over the recording's noise floor its onset is: 12 dB.
const OVER_NOISE: f32 = 4.0;
/// Kept before the onset, faded in, so a soft first consonant is whole.
const PRE_ROLL_MS: u32 = 4;
/// Consecutive samples at full scale that mean the recording clipped.
const CLIPPED_RUN: usize = 3;
const FULL_SCALE: f32 = 0.999;

#[derive(Debug, Error)]
pub enum VoiceError {
    #[error("expected a WAV file: {0}")]
    NotWav(String),
    #[error("it is {0}, not a WAV file")]
    NotAFile(&'static str),
    #[error("it is a symbolic link that loops back on itself, not a WAV file")]
    LinkLoop,
    #[error("it is a symbolic link to {}, which is not there", crate::sys::safe_text::quoted(&.0.display().to_string()))]
    DanglingLink(PathBuf),
    #[error("the file is {0} bytes; a cue clip is at most 16 MB")]
    TooBig(u64),
    #[error("sample rate {0} Hz: expected {MIN_SAMPLE_RATE} to {MAX_SAMPLE_RATE} Hz")]
    Rate(u32),
    #[error("{0} channels: expected 1 to {MAX_CHANNELS}")]
    Channels(u16),
    #[error("{0}: expected 8, 16, 24 or 32-bit PCM, or 32-bit float")]
    Format(String),
    #[error("{0} s long: a cue clip is at most {MAX_CLIP_SECONDS} s")]
    TooLong(u64),
    #[error("its header promises {0} samples, more than the file holds")]
    Truncated(u64),
    #[error("the clip is silent (nothing above -40 dBFS)")]
    Silent,
    #[error("the recording clipped ({0} samples at full scale): record it again, further from the microphone")]
    Clipped(usize),
}

/// Whether anything is at a clip's name: a file, or a link even when it
/// leads nowhere (then [`read_clip`] says what it is, rather than the clip
/// silently counting as missing).
pub fn is_there(path: &Path) -> bool {
    std::fs::symlink_metadata(path).is_ok()
}

/// Why a clip's name that is there could not be followed to a file.
fn not_there(path: &Path, e: std::io::Error) -> VoiceError {
    let is_link = std::fs::symlink_metadata(path).is_ok_and(|m| m.file_type().is_symlink());
    #[cfg(unix)]
    if is_link && e.raw_os_error() == Some(libc::ELOOP) {
        return VoiceError::LinkLoop;
    }
    match std::fs::read_link(path) {
        Ok(to) if is_link && e.kind() == std::io::ErrorKind::NotFound => {
            VoiceError::DanglingLink(to)
        }
        _ => VoiceError::NotWav(e.to_string()),
    }
}

/// A decoded clip: mono samples in -1..1 at `sample_rate`.
#[derive(Debug, Clone)]
pub struct Clip {
    pub samples: Vec<f32>,
    pub sample_rate: u32,
}

/// Read one clip, checking it on the way. Clipping is not checked here:
/// see [`clipped_samples`].
pub fn read_clip(path: &Path) -> Result<Clip, VoiceError> {
    let meta = std::fs::metadata(path).map_err(|e| not_there(path, e))?;
    if !meta.is_file() {
        // Checked before opening: opening a FIFO would block.
        return Err(VoiceError::NotAFile(crate::sys::atomic_file::what_it_is(
            &meta,
        )));
    }
    if meta.len() > MAX_CLIP_BYTES {
        return Err(VoiceError::TooBig(meta.len()));
    }
    let mut file = File::open(path).map_err(|e| not_there(path, e))?;
    // hound reports an absurd rate as a malformed file; say what is wrong.
    let mut head = Vec::with_capacity(4096);
    Read::by_ref(&mut file)
        .take(4096)
        .read_to_end(&mut head)
        .map_err(|e| VoiceError::NotWav(e.to_string()))?;
    if let Some((channels, rate)) = peek_fmt(&head) {
        if !(MIN_SAMPLE_RATE..=MAX_SAMPLE_RATE).contains(&rate) {
            return Err(VoiceError::Rate(rate));
        }
        if channels == 0 || channels > MAX_CHANNELS {
            return Err(VoiceError::Channels(channels));
        }
    }
    file.seek(SeekFrom::Start(0))
        .map_err(|e| VoiceError::NotWav(e.to_string()))?;
    let reader = hound::WavReader::new(BufReader::new(file))
        .map_err(|e| VoiceError::NotWav(e.to_string()))?;
    let spec = reader.spec();
    if !(MIN_SAMPLE_RATE..=MAX_SAMPLE_RATE).contains(&spec.sample_rate) {
        return Err(VoiceError::Rate(spec.sample_rate));
    }
    if spec.channels == 0 || spec.channels > MAX_CHANNELS {
        return Err(VoiceError::Channels(spec.channels));
    }
    let format_ok = match spec.sample_format {
        hound::SampleFormat::Int => matches!(spec.bits_per_sample, 8 | 16 | 24 | 32),
        hound::SampleFormat::Float => spec.bits_per_sample == 32,
    };
    if !format_ok {
        return Err(VoiceError::Format(format!(
            "{}-bit {}",
            spec.bits_per_sample,
            match spec.sample_format {
                hound::SampleFormat::Int => "PCM",
                hound::SampleFormat::Float => "float",
            }
        )));
    }
    let seconds = u64::from(reader.duration()) / u64::from(spec.sample_rate);
    if seconds > MAX_CLIP_SECONDS {
        return Err(VoiceError::TooLong(seconds));
    }
    let promised = u64::from(reader.len());
    let bytes_each = u64::from(spec.bits_per_sample).div_ceil(8);
    if promised * bytes_each > meta.len() {
        return Err(VoiceError::Truncated(promised));
    }
    // Bounded by the checks above: at most the file's size in samples.
    let mut interleaved = Vec::with_capacity(promised as usize);
    match spec.sample_format {
        hound::SampleFormat::Float => {
            for s in reader.into_samples::<f32>() {
                let s = s.map_err(|e| VoiceError::NotWav(e.to_string()))?;
                interleaved.push(if s.is_finite() {
                    s.clamp(-1.0, 1.0)
                } else {
                    0.0
                });
            }
        }
        hound::SampleFormat::Int => {
            // 2^(bits-1): 16-bit -32768 becomes exactly -1.0.
            let scale = 1.0 / (1u64 << (spec.bits_per_sample - 1)) as f32;
            for s in reader.into_samples::<i32>() {
                let s = s.map_err(|e| VoiceError::NotWav(e.to_string()))?;
                interleaved.push(s as f32 * scale);
            }
        }
    }
    let channels = usize::from(spec.channels);
    let samples = if channels == 1 {
        interleaved
    } else {
        interleaved
            .chunks_exact(channels)
            .map(|frame| frame.iter().sum::<f32>() / channels as f32)
            .collect()
    };
    Ok(Clip {
        samples,
        sample_rate: spec.sample_rate,
    })
}

/// The channel count and rate of a RIFF/WAVE header's `fmt ` chunk, if the
/// first bytes hold one.
fn peek_fmt(head: &[u8]) -> Option<(u16, u32)> {
    if head.get(0..4)? != b"RIFF" || head.get(8..12)? != b"WAVE" {
        return None;
    }
    let mut pos = 12usize;
    while pos + 8 <= head.len() {
        let id = head.get(pos..pos + 4)?;
        let size = u32::from_le_bytes(head.get(pos + 4..pos + 8)?.try_into().ok()?) as usize;
        if id == b"fmt " {
            let channels = u16::from_le_bytes(head.get(pos + 10..pos + 12)?.try_into().ok()?);
            let rate = u32::from_le_bytes(head.get(pos + 12..pos + 16)?.try_into().ok()?);
            return Some((channels, rate));
        }
        pos = pos
            .checked_add(8)?
            .checked_add(size)?
            .checked_add(size & 1)?;
    }
    None
}

/// Samples in runs of full scale: a recording that clipped has some.
pub fn clipped_samples(samples: &[f32]) -> usize {
    let mut total = 0;
    let mut run = 0;
    for &s in samples {
        if s.abs() >= FULL_SCALE {
            run += 1;
        } else {
            if run >= CLIPPED_RUN {
                total += run;
            }
            run = 0;
        }
    }
    if run >= CLIPPED_RUN {
        total += run;
    }
    total
}

/// A recording shaped like a built-in clip: its samples, and how far into
/// them the voice is first heard.
#[derive(Debug, Clone, PartialEq)]
pub struct Shaped {
    pub samples: Vec<f32>,
    pub lead: u32,
}

/// A runner's recording made to behave like a built-in clip: at the same
/// loudness, starting a few milliseconds before its onset, no trailing
/// silence. `rate` is the recording's own.
pub fn shape(samples: &[f32], rate: u32) -> Result<Shaped, VoiceError> {
    let peak = samples.iter().fold(0.0f32, |m, s| m.max(s.abs()));
    if peak < SILENCE {
        return Err(VoiceError::Silent);
    }
    // Loudness of the frames within 40 dB of the loudest (about 20 ms each,
    // whatever the rate: a clip is judged on its speech, not its pauses).
    let frame = 441.min(samples.len()).max(1);
    let rms: Vec<f32> = samples
        .chunks(frame)
        .map(|f| (f.iter().map(|s| s * s).sum::<f32>() / f.len() as f32).sqrt())
        .collect();
    let top = rms.iter().copied().fold(0.0f32, f32::max);
    let active: Vec<f32> = rms.into_iter().filter(|&r| r > top * 0.01).collect();
    let level = (active.iter().map(|r| r * r).sum::<f32>() / active.len().max(1) as f32).sqrt();
    let gain = (TARGET_RMS / level.max(f32::MIN_POSITIVE)).min(PEAK_CAP / peak);
    let ms = ((rate / 1000) as usize).clamp(1, samples.len());
    // Each millisecond's RMS, the window ending at sample `i + ms - 1`.
    let mut windows = Vec::with_capacity(samples.len() - ms + 1);
    let mut energy: f32 = samples[..ms].iter().map(|s| (s * gain).powi(2)).sum();
    windows.push(energy);
    for i in ms..samples.len() {
        energy += (samples[i] * gain).powi(2) - (samples[i - ms] * gain).powi(2);
        windows.push(energy);
    }
    let rms = |e: f32| (e.max(0.0) / ms as f32).sqrt();
    let mut sorted: Vec<f32> = windows.iter().map(|&e| rms(e)).collect();
    sorted.sort_unstable_by(f32::total_cmp);
    let floor = sorted[sorted.len() / 10];
    let threshold = ONSET_RMS.max(floor * OVER_NOISE);
    let onset = windows
        .iter()
        .position(|&e| rms(e) >= threshold)
        .map_or(0, |i| i + ms - 1);
    let start = onset.saturating_sub((rate * PRE_ROLL_MS / 1000) as usize);
    let end = samples
        .iter()
        .rposition(|s| (s * gain).abs() >= SILENCE)
        .map_or(samples.len(), |i| i + 1);
    if end <= onset {
        return Err(VoiceError::Silent);
    }
    let fade = (onset - start) as f32;
    let shaped = samples[start..end]
        .iter()
        .enumerate()
        .map(|(i, s)| {
            let fade_in = if (i as f32) < fade {
                i as f32 / fade
            } else {
                1.0
            };
            s * gain * fade_in
        })
        .collect();
    Ok(Shaped {
        samples: shaped,
        lead: (onset - start) as u32,
    })
}

/// What `walkrun voice check` finds in a folder.
#[derive(Debug, Default)]
pub struct VoiceCheck {
    /// Clips that will be used.
    pub usable: Vec<Phrase>,
    /// Phrases with no clip: the built-in voice says them.
    pub missing: Vec<Phrase>,
    /// Clips that clipped: the built-in voice says them instead.
    pub clipped: Vec<(Phrase, VoiceError)>,
    /// Clips walkrun refuses: `run` and `render` stop on them.
    pub broken: Vec<(Phrase, VoiceError)>,
    /// Files that are no phrase's clip.
    pub extra: Vec<PathBuf>,
}

impl VoiceCheck {
    /// What the built-in voice will say, in catalogue order.
    pub fn falls_back(&self) -> Vec<Phrase> {
        let mut out: Vec<Phrase> = self
            .missing
            .iter()
            .copied()
            .chain(self.clipped.iter().map(|(p, _)| *p))
            .collect();
        out.sort_unstable();
        out
    }
}

/// Check every clip in `dir` as `run` and `render` would use it.
pub fn check_folder(dir: &Path) -> std::io::Result<VoiceCheck> {
    let mut report = VoiceCheck::default();
    for &phrase in Phrase::ALL {
        let path = dir.join(phrase.file_name());
        if !is_there(&path) {
            report.missing.push(phrase);
            continue;
        }
        match read_clip(&path).and_then(|c| {
            let shaped = shape(&c.samples, c.sample_rate)?;
            Ok((c, shaped))
        }) {
            Err(e) => report.broken.push((phrase, e)),
            Ok((clip, _)) => match clipped_samples(&clip.samples) {
                0 => report.usable.push(phrase),
                n => report.clipped.push((phrase, VoiceError::Clipped(n))),
            },
        }
    }
    let mut extra = Vec::new();
    for entry in std::fs::read_dir(dir)? {
        let entry = entry?;
        let name = entry.file_name();
        let name = name.to_string_lossy();
        let known = name
            .strip_suffix(".wav")
            .and_then(Phrase::from_id)
            .is_some();
        if !known && !name.starts_with('.') {
            extra.push(entry.path());
        }
    }
    extra.sort();
    report.extra = extra;
    Ok(report)
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;

    /// A WAV header with any fields, followed by `data` bytes of payload.
    pub fn wav_bytes(rate: u32, channels: u16, bits: u16, claimed: u32, data: &[u8]) -> Vec<u8> {
        let mut v = Vec::new();
        v.extend_from_slice(b"RIFF");
        v.extend_from_slice(&(36 + data.len() as u32).to_le_bytes());
        v.extend_from_slice(b"WAVEfmt ");
        v.extend_from_slice(&16u32.to_le_bytes());
        v.extend_from_slice(&1u16.to_le_bytes());
        v.extend_from_slice(&channels.to_le_bytes());
        v.extend_from_slice(&rate.to_le_bytes());
        let align = channels.wrapping_mul(bits / 8);
        v.extend_from_slice(&rate.wrapping_mul(u32::from(align)).to_le_bytes());
        v.extend_from_slice(&align.to_le_bytes());
        v.extend_from_slice(&bits.to_le_bytes());
        v.extend_from_slice(b"data");
        v.extend_from_slice(&claimed.to_le_bytes());
        v.extend_from_slice(data);
        v
    }

    fn tone(n: usize, amp: f32) -> Vec<u8> {
        (0..n)
            .flat_map(|i| (((i as f32 * 0.1).sin() * amp * 32767.0) as i16).to_le_bytes())
            .collect()
    }

    fn write(dir: &Path, name: &str, bytes: &[u8]) -> PathBuf {
        let p = dir.join(name);
        std::fs::write(&p, bytes).unwrap();
        p
    }

    #[test]
    fn each_kind_of_broken_clip_is_refused_before_decoding() {
        let dir = tempfile::tempdir().unwrap();
        let d = dir.path();
        let ok = tone(4410, 0.5);
        let cases: Vec<(&str, Vec<u8>, &str)> = vec![
            (
                "zero-hz.wav",
                wav_bytes(0, 1, 16, 8820, &ok),
                "sample rate 0 Hz",
            ),
            (
                "absurd.wav",
                wav_bytes(4_000_000_000, 1, 16, 8820, &ok),
                "sample rate 4000000000 Hz",
            ),
            (
                "low.wav",
                wav_bytes(100, 1, 16, 8820, &ok),
                "sample rate 100 Hz",
            ),
            (
                "text.wav",
                b"hello, I am not a WAV file".to_vec(),
                "expected a WAV file",
            ),
            (
                "many.wav",
                wav_bytes(44_100, 200, 16, 8820, &ok),
                "200 channels",
            ),
            // A header promising 20 s of samples in a file of a tenth of that.
            (
                "liar.wav",
                wav_bytes(44_100, 1, 16, 44_100 * 2 * 20, &ok),
                "more than the file holds",
            ),
            // An hour at 8 kHz, claimed (and present, as far as the header goes).
            (
                "long.wav",
                wav_bytes(8_000, 1, 16, 8_000 * 2 * 3600, &ok),
                "at most 30 s",
            ),
        ];
        for (name, bytes, expected) in cases {
            let e = read_clip(&write(d, name, &bytes)).unwrap_err();
            assert!(e.to_string().contains(expected), "{name}: {e}");
        }
        // Huge: a sparse 100 MB file is refused by its size alone.
        let huge = d.join("huge.wav");
        let f = File::create(&huge).unwrap();
        f.set_len(100 * 1024 * 1024).unwrap();
        let e = read_clip(&huge).unwrap_err();
        assert!(matches!(e, VoiceError::TooBig(_)), "{e}");
        // A folder with a clip's name.
        std::fs::create_dir(d.join("dir.wav")).unwrap();
        assert!(read_clip(&d.join("dir.wav")).is_err());
        // Silence.
        let silent = read_clip(&write(
            d,
            "s.wav",
            &wav_bytes(44_100, 1, 16, 8820, &[0; 8820]),
        ))
        .unwrap();
        assert!(matches!(
            shape(&silent.samples, 44_100),
            Err(VoiceError::Silent)
        ));
        // A good one reads.
        let good = read_clip(&write(d, "g.wav", &wav_bytes(44_100, 1, 16, 8820, &ok))).unwrap();
        assert_eq!((good.samples.len(), good.sample_rate), (4410, 44_100));
    }

    #[test]
    fn shaping_matches_the_builtin_loudness_and_trims_silence() {
        let mut x = vec![0.0f32; 1000];
        x.extend((0..8820).map(|i| (i as f32 * 0.1).sin() * 0.02));
        x.extend(vec![0.0; 3000]);
        let shaped = shape(&x, 22_050).unwrap();
        let y = &shaped.samples;
        // From 4 ms before the tone's onset to its end.
        assert!((8700..8820 + 22 + 88).contains(&y.len()), "{}", y.len());
        assert!((70..=88 + 22).contains(&shaped.lead), "{}", shaped.lead);
        let rms = (y.iter().map(|s| s * s).sum::<f32>() / y.len() as f32).sqrt();
        assert!((rms - TARGET_RMS).abs() < 0.01, "{rms}");
    }

    #[test]
    fn clipping_is_runs_of_full_scale() {
        let mut x: Vec<f32> = (0..1000).map(|i| (i as f32 * 0.1).sin() * 0.5).collect();
        assert_eq!(clipped_samples(&x), 0);
        x[10] = 1.0;
        assert_eq!(
            clipped_samples(&x),
            0,
            "one full-scale peak is not clipping"
        );
        x[500..510].fill(-1.0);
        assert_eq!(clipped_samples(&x), 10);
    }

    #[test]
    fn a_folder_check_sorts_clips_into_usable_missing_clipped_broken_and_extra() {
        let dir = tempfile::tempdir().unwrap();
        let d = dir.path();
        write(
            d,
            "run.wav",
            &wav_bytes(22_050, 1, 16, 8820, &tone(4410, 0.5)),
        );
        let mut loud = tone(4410, 1.5); // saturated by the cast: clipped
        loud.truncate(8820);
        write(d, "walk.wav", &wav_bytes(22_050, 1, 16, 8820, &loud));
        write(d, "halfway.wav", b"RIFF nonsense");
        write(d, "notes.txt", b"my takes");
        write(
            d,
            "runn.wav",
            &wav_bytes(22_050, 1, 16, 8820, &tone(4410, 0.5)),
        );
        let r = check_folder(d).unwrap();
        assert_eq!(r.usable, vec![Phrase::Run]);
        assert_eq!(r.clipped.len(), 1);
        assert_eq!(r.clipped[0].0, Phrase::Walk);
        assert_eq!(r.broken.len(), 1);
        assert_eq!(r.broken[0].0, Phrase::Halfway);
        let extra: Vec<String> = r
            .extra
            .iter()
            .map(|p| p.file_name().unwrap().to_string_lossy().into_owned())
            .collect();
        assert_eq!(extra, vec!["notes.txt", "runn.wav"]);
        assert_eq!(r.missing.len(), Phrase::ALL.len() - 3);
        let back = r.falls_back();
        assert!(back.contains(&Phrase::Walk) && !back.contains(&Phrase::Run));
        assert_eq!(back.len(), Phrase::ALL.len() - 2);
    }
}
