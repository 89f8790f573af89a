//! The cue bank: every sound a session can make, decoded once into `f32`
//! samples at the output rate and shared by reference with the mixer.

use std::path::Path;
use std::sync::Arc;

use crate::steps::{Kind, Session};
use crate::timeline::{CueKind, Timeline};

use super::{AudioError, MAX_SAMPLE_RATE, MIN_SAMPLE_RATE};

/// One sound in the bank. Spoken sounds are clips with a file name (the same
/// name in a `--voice` folder replaces the built-in one); the beep is made here.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Sound {
    WarmUp,
    Run,
    Walk,
    CoolDown,
    Halfway,
    LastRun,
    SessionComplete,
    Paused,
    Resumed,
    Beep,
}

impl Sound {
    pub const ALL: [Sound; 10] = [
        Sound::WarmUp,
        Sound::Run,
        Sound::Walk,
        Sound::CoolDown,
        Sound::Halfway,
        Sound::LastRun,
        Sound::SessionComplete,
        Sound::Paused,
        Sound::Resumed,
        Sound::Beep,
    ];

    /// The clip's file name, or `None` for the synthesised beep.
    pub fn file_name(self) -> Option<&'static str> {
        Some(match self {
            Sound::WarmUp => "warm-up.wav",
            Sound::Run => "run.wav",
            Sound::Walk => "walk.wav",
            Sound::CoolDown => "cool-down.wav",
            Sound::Halfway => "halfway.wav",
            Sound::LastRun => "last-run.wav",
            Sound::SessionComplete => "session-complete.wav",
            Sound::Paused => "paused.wav",
            Sound::Resumed => "resumed.wav",
            Sound::Beep => return None,
        })
    }

    fn builtin_wav(self) -> Option<&'static [u8]> {
        Some(match self {
            Sound::WarmUp => include_bytes!("../../sounds/warm-up.wav"),
            Sound::Run => include_bytes!("../../sounds/run.wav"),
            Sound::Walk => include_bytes!("../../sounds/walk.wav"),
            Sound::CoolDown => include_bytes!("../../sounds/cool-down.wav"),
            Sound::Halfway => include_bytes!("../../sounds/halfway.wav"),
            Sound::LastRun => include_bytes!("../../sounds/last-run.wav"),
            Sound::SessionComplete => include_bytes!("../../sounds/session-complete.wav"),
            Sound::Paused => include_bytes!("../../sounds/paused.wav"),
            Sound::Resumed => include_bytes!("../../sounds/resumed.wav"),
            Sound::Beep => return None,
        })
    }

    fn index(self) -> usize {
        self as usize
    }
}

impl From<CueKind> for Sound {
    fn from(what: CueKind) -> Sound {
        match what {
            CueKind::Segment(Kind::Warmup) => Sound::WarmUp,
            CueKind::Segment(Kind::Run) => Sound::Run,
            CueKind::Segment(Kind::Walk) => Sound::Walk,
            CueKind::Segment(Kind::Cooldown) => Sound::CoolDown,
            CueKind::LastRun => Sound::LastRun,
            CueKind::Halfway => Sound::Halfway,
            CueKind::SessionComplete => Sound::SessionComplete,
            CueKind::Beep => Sound::Beep,
        }
    }
}

/// The beep: a short A5 with a 1 ms attack, so its onset is as sharp as a
/// click without being one, and a 20 ms release.
pub const BEEP_HZ: f64 = 880.0;
pub const BEEP_MS: u32 = 120;
const BEEP_AMPLITUDE: f64 = 0.5;
const BEEP_ATTACK_MS: u32 = 1;
const BEEP_RELEASE_MS: u32 = 20;

/// Peak level a `--voice` clip is scaled to, as the built-in clips are (-3 dBFS).
const VOICE_PEAK: f32 = 0.707_946;
/// Below this (-40 dBFS) a `--voice` clip's opening samples count as silence.
const VOICE_SILENCE: f32 = 0.01;

/// Every sound, mono, at one sample rate. Cloning is cheap: clips are shared.
#[derive(Debug, Clone)]
pub struct CueBank {
    sample_rate: u32,
    clips: Vec<Arc<[f32]>>,
}

impl CueBank {
    /// The built-in clips, resampled to `sample_rate` if that is not 44100 Hz.
    pub fn builtin(sample_rate: u32) -> Result<CueBank, AudioError> {
        check_rate(sample_rate)?;
        let clips = Sound::ALL
            .iter()
            .map(|&s| builtin_clip(s, sample_rate))
            .collect::<Result<Vec<_>, _>>()?;
        Ok(CueBank { sample_rate, clips })
    }

    /// The built-in clips, each replaced by the file of the same name in `dir`
    /// where there is one (see [`Sound::file_name`]). Returns the bank and the
    /// sounds `dir` lacked, which keep their built-in clip.
    ///
    /// A clip that exists but is not a readable WAV is an error: the user meant
    /// it to be heard.
    pub fn with_voice(dir: &Path, sample_rate: u32) -> Result<(CueBank, Vec<Sound>), AudioError> {
        let mut bank = CueBank::builtin(sample_rate)?;
        if !dir.is_dir() {
            return Err(AudioError::Voice {
                path: dir.to_path_buf(),
                message: "expected a folder of WAV clips".to_string(),
            });
        }
        let mut missing = Vec::new();
        for sound in Sound::ALL {
            let Some(name) = sound.file_name() else {
                continue;
            };
            let path = dir.join(name);
            if !path.exists() {
                missing.push(sound);
                continue;
            }
            let voice_err = |message: String| AudioError::Voice {
                path: path.clone(),
                message,
            };
            let reader = hound::WavReader::open(&path)
                .map_err(|e| voice_err(format!("expected a WAV file: {e}")))?;
            let (samples, rate) = decode(reader).map_err(|e| voice_err(e.to_string()))?;
            let clip =
                shape_voice(&samples).ok_or_else(|| voice_err("the clip is silent".to_string()))?;
            bank.clips[sound.index()] = resample(&clip, rate, sample_rate).into();
        }
        Ok((bank, missing))
    }

    pub fn sample_rate(&self) -> u32 {
        self.sample_rate
    }

    /// The samples of one sound: mono, at [`CueBank::sample_rate`].
    pub fn clip(&self, sound: Sound) -> &Arc<[f32]> {
        &self.clips[sound.index()]
    }

    /// The natural length of a cue, in samples.
    pub fn cue_len(&self, what: CueKind) -> u64 {
        self.clip(Sound::from(what)).len() as u64
    }

    /// The session's timeline at this bank's rate, with these clips' lengths.
    pub fn timeline(&self, session: &Session) -> Timeline {
        Timeline::with_cue_lengths(session, self.sample_rate, |what| self.cue_len(what))
    }
}

fn check_rate(rate: u32) -> Result<(), AudioError> {
    if (MIN_SAMPLE_RATE..=MAX_SAMPLE_RATE).contains(&rate) {
        Ok(())
    } else {
        Err(AudioError::SampleRate(rate))
    }
}

fn builtin_clip(sound: Sound, rate: u32) -> Result<Arc<[f32]>, AudioError> {
    let Some(bytes) = sound.builtin_wav() else {
        return Ok(beep(rate).into());
    };
    let (samples, clip_rate) = decode(hound::WavReader::new(bytes)?)?;
    Ok(resample(&samples, clip_rate, rate).into())
}

/// Any PCM or float WAV as mono `f32` in -1..1, and its rate.
fn decode<R: std::io::Read>(reader: hound::WavReader<R>) -> Result<(Vec<f32>, u32), hound::Error> {
    let spec = reader.spec();
    let channels = usize::from(spec.channels.max(1));
    let interleaved: Vec<f32> = match spec.sample_format {
        hound::SampleFormat::Float => reader.into_samples::<f32>().collect::<Result<_, _>>()?,
        hound::SampleFormat::Int => {
            // 2^(bits-1): 16-bit -32768 becomes exactly -1.0, and back.
            let scale = 1.0 / (1u64 << (spec.bits_per_sample.clamp(1, 32) - 1)) as f32;
            reader
                .into_samples::<i32>()
                .map(|s| s.map(|v| v as f32 * scale))
                .collect::<Result<_, _>>()?
        }
    };
    let mono = if channels == 1 {
        interleaved
    } else {
        interleaved
            .chunks_exact(channels)
            .map(|frame| frame.iter().sum::<f32>() / channels as f32)
            .collect()
    };
    Ok((mono, spec.sample_rate))
}

/// A user's recording made to behave like a built-in clip: speech from the
/// first sample, at the same peak level. `None` if there is no speech at all.
fn shape_voice(samples: &[f32]) -> Option<Vec<f32>> {
    let peak = samples.iter().fold(0.0f32, |m, s| m.max(s.abs()));
    if peak < VOICE_SILENCE {
        return None;
    }
    let gain = VOICE_PEAK / peak;
    let start = samples
        .iter()
        .position(|s| (s * gain).abs() >= VOICE_SILENCE)?;
    Some(samples[start..].iter().map(|s| s * gain).collect())
}

/// Linear interpolation: plenty for speech and beeps, and exact (a copy) when
/// the rates agree, which is the common case.
fn resample(samples: &[f32], from: u32, to: u32) -> Vec<f32> {
    if from == to || samples.is_empty() {
        return samples.to_vec();
    }
    let out_len = (samples.len() as u64 * u64::from(to)).div_ceil(u64::from(from)) as usize;
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

fn beep(rate: u32) -> Vec<f32> {
    let n = (u64::from(rate) * u64::from(BEEP_MS) / 1000) as usize;
    let attack = (rate * BEEP_ATTACK_MS / 1000).max(1) as usize;
    let release = (rate * BEEP_RELEASE_MS / 1000).max(1) as usize;
    (0..n)
        .map(|i| {
            let envelope = if i < attack {
                (i + 1) as f64 / attack as f64
            } else if i + release > n {
                (n - i) as f64 / release as f64
            } else {
                1.0
            };
            let phase = 2.0 * std::f64::consts::PI * BEEP_HZ * i as f64 / f64::from(rate);
            // Sine from a quarter period in: loud from the very first sample.
            (BEEP_AMPLITUDE * envelope * (phase + std::f64::consts::FRAC_PI_2).sin()) as f32
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_builtin_clip_starts_with_speech_at_one_level() {
        let bank = CueBank::builtin(44_100).unwrap();
        for sound in Sound::ALL {
            let clip = bank.clip(sound);
            let secs = clip.len() as f64 / 44_100.0;
            assert!((0.1..1.5).contains(&secs), "{sound:?} is {secs} s");
            let peak = clip.iter().fold(0.0f32, |m, s| m.max(s.abs()));
            assert!((0.45..0.75).contains(&peak), "{sound:?} peaks at {peak}");
            assert!(clip[0].abs() >= 0.005, "{sound:?} opens with silence");
        }
    }

    #[test]
    fn the_bank_follows_the_rate() {
        let a = CueBank::builtin(44_100).unwrap();
        let b = CueBank::builtin(22_050).unwrap();
        for sound in [Sound::Run, Sound::Beep] {
            let ratio = a.clip(sound).len() as f64 / b.clip(sound).len() as f64;
            assert!((ratio - 2.0).abs() < 0.01, "{sound:?}: {ratio}");
        }
        assert!(matches!(
            CueBank::builtin(1000),
            Err(AudioError::SampleRate(1000))
        ));
    }

    #[test]
    fn a_voice_folder_replaces_clips_by_name_and_reports_the_rest() {
        let dir = tempfile::tempdir().unwrap();
        // A stereo 22050 Hz recording with 0.2 s of silence before a tone.
        let spec = hound::WavSpec {
            channels: 2,
            sample_rate: 22_050,
            bits_per_sample: 16,
            sample_format: hound::SampleFormat::Int,
        };
        let mut w = hound::WavWriter::create(dir.path().join("run.wav"), spec).unwrap();
        for i in 0..(22_050 / 2) {
            let v = if i < 4410 {
                0
            } else {
                ((i as f32 * 0.1).sin() * 8000.0) as i16
            };
            w.write_sample(v).unwrap();
            w.write_sample(v).unwrap();
        }
        w.finalize().unwrap();

        let (bank, missing) = CueBank::with_voice(dir.path(), 44_100).unwrap();
        let run = bank.clip(Sound::Run);
        // 0.3 s of tone at twice the rate, leading silence gone.
        assert!((run.len() as i64 - 13_230).abs() <= 2, "{}", run.len());
        assert!(run[..100].iter().any(|s| s.abs() > 0.01));
        let peak = run.iter().fold(0.0f32, |m, s| m.max(s.abs()));
        assert!((peak - VOICE_PEAK).abs() < 0.01);
        assert_eq!(missing.len(), 8);
        assert!(!missing.contains(&Sound::Run) && !missing.contains(&Sound::Beep));
        let builtin = CueBank::builtin(44_100).unwrap();
        assert_eq!(bank.clip(Sound::Walk), builtin.clip(Sound::Walk));
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
    fn the_beep_is_loud_from_its_first_sample() {
        let b = beep(44_100);
        assert_eq!(b.len(), 44_100 * 120 / 1000);
        assert!(b[0].abs() > 0.0);
        assert!(b[44..88].iter().any(|s| s.abs() > 0.45));
        assert!(b.last().unwrap().abs() < 0.01);
    }
}
