//! Ogg Opus (RFC 7845): an OpusHead page carrying the pre-skip (the encoder's
//! look-ahead, which players drop from the start), an OpusTags page with the
//! names and chapters, then 20 ms packets from libopus, a second of them a
//! page. The last page's granule position ends the stream exactly where the
//! session ends, so players drop the padding too.

use std::ops::Range;

use audiopus::coder::Encoder;
use audiopus::{Application, Bitrate, Channels, SampleRate, Signal};
use ogg::writing::{PacketWriteEndInfo, PacketWriter};

use super::{read_blocks, vorbis_comment, Format, Pcm, Progress, Tags, WriteSeek};
use crate::audio::AudioError;

/// Opus's own rate: granule positions count at 48 kHz.
const RATE: u32 = 48_000;
/// 20 ms, the frame size Opus is tuned for.
const FRAME: usize = 960;
/// Packets per Ogg page: one second.
const PACKETS_PER_PAGE: u64 = 50;
/// libopus's effort, 0 to 10. Measured on a 30-minute voice track (see
/// bench/encode.sh in commit 6943db9): 10 costs four times the time of 5 for no difference a
/// listener hears in speech and beeps at these bitrates.
const COMPLEXITY: u8 = 5;
/// The largest packet libopus makes.
const MAX_PACKET: usize = 4000;

fn encode_error(message: impl std::fmt::Display) -> AudioError {
    AudioError::Encode {
        format: Format::Opus,
        message: message.to_string(),
    }
}

pub(super) fn write(
    pcm: &dyn Pcm,
    tags: &Tags,
    kbps: u32,
    out: &mut dyn WriteSeek,
    progress: &Progress,
) -> Result<(), AudioError> {
    let config = pcm.config();
    if config.sample_rate != RATE {
        return Err(AudioError::FormatRate {
            format: Format::Opus,
            rate: config.sample_rate,
            expected: RATE.to_string(),
        });
    }
    let pre_skip = encoder(config.channels, kbps)?
        .lookahead()
        .map_err(encode_error)?;
    // Packets must cover the pre-skip and every input frame; the end is
    // padded with silence and trimmed by the last granule position.
    let input = pcm.frames();
    let end = u64::from(pre_skip) + input;
    let packets = end.div_ceil(FRAME as u64).max(1);

    // Two encoders, one a core, meeting in the middle of a long silence
    // (a fresh encoder's zero history is then the truth); music has no
    // silence and is encoded in one go.
    let packets_data = match split(&pcm.sound_spans(), input) {
        Some(k) if std::thread::available_parallelism().map_or(1, |n| n.get()) > 1 => {
            let (first, second) = std::thread::scope(|scope| {
                let second = scope.spawn(move || encode_packets(pcm, k..packets, kbps, progress));
                let first = encode_packets(pcm, 0..k, kbps, progress);
                (first, second.join())
            });
            let mut all = first?;
            all.extend(second.map_err(|_| encode_error("an encoding thread failed"))??);
            all
        }
        _ => encode_packets(pcm, 0..packets, kbps, progress)?,
    };

    let serial = 0x7761_6c6b; // "walk"
    let mut writer = PacketWriter::new(&mut *out);
    let io = |e| AudioError::Io {
        path: std::path::PathBuf::new(),
        source: e,
    };
    writer
        .write_packet(
            opus_head(config.channels as u8, pre_skip as u16),
            serial,
            PacketWriteEndInfo::EndPage,
            0,
        )
        .map_err(io)?;
    let mut opus_tags = b"OpusTags".to_vec();
    opus_tags.extend_from_slice(&vorbis_comment::block(tags));
    writer
        .write_packet(opus_tags, serial, PacketWriteEndInfo::EndPage, 0)
        .map_err(io)?;
    for (i, packet) in packets_data.into_iter().enumerate() {
        let written = i as u64 + 1;
        let last = written == packets;
        let granule = if last { end } else { written * FRAME as u64 };
        let info = if last {
            PacketWriteEndInfo::EndStream
        } else if written.is_multiple_of(PACKETS_PER_PAGE) {
            PacketWriteEndInfo::EndPage
        } else {
            PacketWriteEndInfo::NormalPacket
        };
        writer
            .write_packet(packet, serial, info, granule)
            .map_err(io)?;
    }
    Ok(())
}

/// An encoder as walkrun sets it up.
fn encoder(channels: u16, kbps: u32) -> Result<Encoder, AudioError> {
    let channels = if channels == 1 {
        Channels::Mono
    } else {
        Channels::Stereo
    };
    let mut encoder =
        Encoder::new(SampleRate::Hz48000, channels, Application::Audio).map_err(encode_error)?;
    encoder
        .set_bitrate(Bitrate::BitsPerSecond(kbps as i32 * 1000))
        .map_err(encode_error)?;
    encoder.set_complexity(COMPLEXITY).map_err(encode_error)?;
    encoder.set_signal(Signal::Auto).map_err(encode_error)?;
    Ok(encoder)
}

/// Silence around a seam between two encoders, each side: more than the
/// look-ahead and the codec's overlap, so neither encoder hears the other's
/// part.
const SEAM_QUIET_FRAMES: u64 = 25;

/// The packet at which a second encoder may take over: in the silence
/// nearest the middle with half a second of it on each side; `None` if
/// there is none.
fn split(sound: &[Range<u64>], frames: u64) -> Option<u64> {
    let margin = SEAM_QUIET_FRAMES * FRAME as u64;
    let middle = frames / 2;
    let mut best: Option<u64> = None;
    let mut quiet_from = 0u64;
    let gaps = sound
        .iter()
        .map(|s| (s.start, s.end))
        .chain(std::iter::once((frames, frames)));
    for (start, end) in gaps {
        if start >= quiet_from + 2 * margin {
            // The frame boundary in this gap nearest the middle.
            let lo = (quiet_from + margin).div_ceil(FRAME as u64);
            let hi = (start - margin) / FRAME as u64;
            if lo <= hi && lo > 0 {
                let want = (middle / FRAME as u64).clamp(lo, hi);
                let dist = |k: u64| (k * FRAME as u64).abs_diff(middle);
                if best.is_none_or(|b| dist(want) < dist(b)) {
                    best = Some(want);
                }
            }
        }
        quiet_from = quiet_from.max(end);
    }
    best
}

/// Packets `range` of the stream from a fresh encoder: packet `i` codes
/// input frames from `i * 960` (less the look-ahead).
fn encode_packets(
    pcm: &dyn Pcm,
    range: Range<u64>,
    kbps: u32,
    progress: &Progress,
) -> Result<Vec<Vec<u8>>, AudioError> {
    let config = pcm.config();
    let ch = usize::from(config.channels);
    let encoder = encoder(config.channels, kbps)?;
    let from = range.start * FRAME as u64;
    let until = (range.end * FRAME as u64).min(pcm.frames());
    let mut out = Vec::with_capacity((range.end - range.start) as usize);
    let mut frame = vec![0.0f32; FRAME * ch];
    let mut filled = 0usize;
    let mut packet = vec![0u8; MAX_PACKET];
    let mut emit = |frame: &[f32], out: &mut Vec<Vec<u8>>| -> Result<(), AudioError> {
        let n = encoder
            .encode_float(frame, &mut packet)
            .map_err(encode_error)?;
        out.push(packet[..n].to_vec());
        Ok(())
    };
    if from < until {
        let mut reader = pcm.reader(from)?;
        read_blocks(
            reader.as_mut(),
            config.channels,
            until - from,
            progress,
            |block| {
                let mut rest = block;
                while !rest.is_empty() {
                    let take = (frame.len() - filled).min(rest.len());
                    frame[filled..filled + take].copy_from_slice(&rest[..take]);
                    filled += take;
                    rest = &rest[take..];
                    if filled == frame.len() {
                        emit(&frame, &mut out)?;
                        filled = 0;
                    }
                }
                Ok(())
            },
        )?;
    }
    while (out.len() as u64) < range.end - range.start {
        frame[filled..].fill(0.0);
        filled = 0;
        emit(&frame, &mut out)?;
    }
    Ok(out)
}

/// The identification header: version 1, channels, pre-skip, the input rate
/// (informational), no gain, mapping family 0 (mono or stereo).
fn opus_head(channels: u8, pre_skip: u16) -> Vec<u8> {
    let mut h = b"OpusHead".to_vec();
    h.push(1);
    h.push(channels);
    h.extend_from_slice(&pre_skip.to_le_bytes());
    h.extend_from_slice(&RATE.to_le_bytes());
    h.extend_from_slice(&0i16.to_le_bytes());
    h.push(0);
    h
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    #[allow(clippy::single_range_in_vec_init)] // one span of sound
    fn the_seam_is_in_the_silence_nearest_the_middle() {
        let s = 48_000u64;
        // Sound at 0-1 s, 30-31 s and 59-60 s of a minute: the seam falls
        // in a silence, as near 30 s as half a second of quiet allows.
        let k = split(&[0..s, 30 * s..31 * s, 59 * s..60 * s], 60 * s).unwrap();
        let at = k * FRAME as u64;
        assert!(at >= 31 * s + s / 2 || at + s / 2 <= 30 * s, "{at}");
        assert!(at.abs_diff(30 * s) < 2 * s, "{at}");
        // Sound everywhere: no seam.
        assert_eq!(split(&[0..60 * s], 60 * s), None);
        // Gaps too short for the margin: no seam.
        assert_eq!(split(&[0..s, s + 100..60 * s], 60 * s), None);
    }
}
