//! A cue track as a 16-bit PCM WAV file: what live play would send to the
//! speakers, sample for sample, for a phone or a podcast player.

use std::io::{BufWriter, Seek, Write};
use std::path::Path;

use super::{RenderProgress, SampleReader, WriteSeek};
use crate::audio::{AudioError, CueTrack, TrackConfig};
use crate::sys::atomic_file::Staged;

/// Samples converted and written per block: big enough to amortise the
/// calls, small enough to stay in cache.
const BLOCK_SAMPLES: usize = 64 * 1024;
/// The largest data chunk a WAV header can describe.
const MAX_WAV_DATA_BYTES: u64 = u32::MAX as u64 - 64;

/// Write the rest of `track` as a WAV file to `out`. `progress(done, total)`
/// is called after each block, in frames. Returns the frames written.
pub fn write_wav<W: Write + Seek>(
    track: &mut CueTrack,
    out: W,
    mut progress: impl FnMut(u64, u64),
) -> Result<u64, AudioError> {
    let config = TrackConfig {
        sample_rate: rodio::Source::sample_rate(track).get(),
        channels: rodio::Source::channels(track).get(),
    };
    let total = track.remaining_frames();
    let counter = RenderProgress::default();
    let mut out = out;
    write_blocks(track, config, total, &mut out, &counter, |done| {
        progress(done, total)
    })
}

/// Write `frames` frames from `reader` as a 16-bit PCM WAV file to `out`.
pub(super) fn write(
    reader: &mut dyn SampleReader,
    config: TrackConfig,
    frames: u64,
    out: &mut dyn WriteSeek,
    progress: &RenderProgress,
) -> Result<u64, AudioError> {
    write_blocks(reader, config, frames, out, progress, |_| {})
}

fn write_blocks(
    reader: &mut dyn SampleReader,
    config: TrackConfig,
    total: u64,
    out: &mut dyn WriteSeek,
    counter: &RenderProgress,
    mut progress: impl FnMut(u64),
) -> Result<u64, AudioError> {
    let channels = config.channels;
    let bytes = total * u64::from(channels) * 2;
    if bytes > MAX_WAV_DATA_BYTES {
        return Err(AudioError::TooLong { bytes });
    }
    let spec = hound::WavSpec {
        channels,
        sample_rate: config.sample_rate,
        bits_per_sample: 16,
        sample_format: hound::SampleFormat::Int,
    };
    let mut writer = hound::WavWriter::new(out, spec)?;
    let mut block = vec![0.0f32; BLOCK_SAMPLES / usize::from(channels) * usize::from(channels)];
    let mut done = 0u64;
    while done < total {
        counter.check()?;
        let n = reader.fill(&mut block);
        if n == 0 {
            break;
        }
        let mut w = writer.get_i16_writer(n as u32);
        for &s in &block[..n] {
            w.write_sample(to_i16(s));
        }
        w.flush()?;
        let f = (n / usize::from(channels)) as u64;
        done += f;
        counter.add(f);
        progress(done);
    }
    writer.finalize()?;
    Ok(done)
}

/// Full scale is 32768, the inverse of how clips are decoded, so a 16-bit
/// clip comes out bit for bit as it went in. Rounds half away from zero
/// without `f32::round`, which is a library call on baseline x86-64; `as`
/// saturates at the ends.
#[inline]
pub(crate) fn to_i16(s: f32) -> i16 {
    let v = s * 32768.0;
    (v + 0.5f32.copysign(v)) as i16
}

/// Render `track` to the WAV file `path` atomically (see
/// [`crate::sys::atomic_file`]): the target holds a whole file or is left as it
/// was, never half a file. SIGINT, SIGTERM or SIGHUP stops the render.
pub fn render_wav_file(
    path: &Path,
    mut track: CueTrack,
    progress: impl FnMut(u64, u64),
) -> Result<u64, AudioError> {
    let staged = Staged::new(path)?.stop_on_signal();
    let frames = {
        let out = BufWriter::with_capacity(1 << 20, staged.writer());
        write_wav(&mut track, out, progress).map_err(|e| match e {
            AudioError::Interrupted { signal } => {
                AudioError::Write(crate::sys::atomic_file::WriteError::Interrupted {
                    path: path.to_path_buf(),
                    signal,
                })
            }
            e => e,
        })?
    };
    staged.commit()?;
    Ok(frames)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn conversion_is_exact_for_16_bit_values_and_saturates() {
        for v in [-32768i16, -12345, -1, 0, 1, 12345, 32767] {
            assert_eq!(to_i16(f32::from(v) / 32768.0), v);
        }
        assert_eq!(to_i16(1.5), 32767);
        assert_eq!(to_i16(-1.5), -32768);
        assert_eq!(to_i16(0.6 / 32768.0), 1);
        assert_eq!(to_i16(-0.6 / 32768.0), -1);
    }
}
