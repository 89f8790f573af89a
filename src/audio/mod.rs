//! Sound for a [`Timeline`](crate::cues::timeline::Timeline): the cue bank (clips and
//! beeps), the mixer that turns a timeline into samples ([`CueTrack`], a rodio
//! `Source`), and the WAV writer. Live play and `walkrun render` both read a
//! `CueTrack`, so a rendered file holds exactly what the speakers would get.
//!
//! ```no_run
//! use walkrun::audio::{render_wav_file, CueBank, CueTrack, TrackConfig};
//! # fn main() -> Result<(), walkrun::audio::AudioError> {
//! let session = walkrun::plan::steps::parse("warmup 5m, 8x(run 60s, walk 90s), cooldown 5m").unwrap();
//! let config = TrackConfig::default(); // 44100 Hz mono
//! let bank = CueBank::builtin(config.sample_rate)?;
//! let timeline = bank.timeline(&session, &walkrun::cues::speech::Script::default());
//! let track = CueTrack::new(&timeline, &bank, config)?;
//! render_wav_file(std::path::Path::new("session.wav"), track, |_, _| {})?;
//! # Ok(()) }
//! ```

mod bank;
pub mod device;
pub mod encode;
pub mod level;
pub mod music;
mod track;
pub mod voice;

use std::path::PathBuf;

use thiserror::Error;

pub use bank::{CueBank, Sound};
pub use encode::{render_wav_file, write_wav, Format};
pub use track::{CueTrack, TrackConfig};

/// The rates a track may be rendered at: telephone quality to studio.
pub const MIN_SAMPLE_RATE: u32 = 8_000;
pub const MAX_SAMPLE_RATE: u32 = 192_000;

#[derive(Debug, Error)]
pub enum AudioError {
    #[error("sample rate {0} Hz: expected {MIN_SAMPLE_RATE} to {MAX_SAMPLE_RATE} Hz")]
    SampleRate(u32),
    #[error("channels {0}: expected 1 (mono) or 2 (stereo)")]
    Channels(u16),
    #[error("{}: {message}", path.display())]
    Voice { path: PathBuf, message: String },
    #[error("the cue bank is at {bank} Hz but the timeline at {timeline} Hz")]
    RateMismatch { bank: u32, timeline: u32 },
    #[error("the session is too long for one WAV file at this rate and channel count ({bytes} bytes; a WAV file holds at most 4 GiB)")]
    TooLong { bytes: u64 },
    #[error("{}: {source}", path.display())]
    Io {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    #[error("writing WAV: {0}")]
    Wav(#[from] hound::Error),
    #[error("{format} takes a sample rate of {expected} Hz, not {rate} Hz")]
    FormatRate {
        format: Format,
        rate: u32,
        expected: String,
    },
    #[error("encoding {format}: {message}")]
    Encode { format: Format, message: String },
    #[error("--music {}: {message}", path.display())]
    Music { path: PathBuf, message: String },
    /// SIGINT, SIGTERM or SIGHUP came while encoding.
    #[error("stopped by {}", signal.name())]
    Interrupted {
        signal: crate::sys::interrupt::Signal,
    },
    #[error(transparent)]
    Write(#[from] crate::sys::atomic_file::WriteError),
}

impl AudioError {
    /// Errors in what the user asked for, as opposed to failures while doing it.
    pub fn is_bad_input(&self) -> bool {
        matches!(
            self,
            AudioError::SampleRate(_)
                | AudioError::Channels(_)
                | AudioError::Voice { .. }
                | AudioError::TooLong { .. }
                | AudioError::FormatRate { .. }
                | AudioError::Music { .. }
        ) || matches!(self, AudioError::Write(e) if e.is_bad_input())
    }
}
