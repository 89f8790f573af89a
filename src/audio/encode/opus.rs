//! Ogg Opus (RFC 7845): an OpusHead page carrying the pre-skip (the encoder's
//! look-ahead, which players drop from the start), an OpusTags page with the
//! names and chapters, then 20 ms packets from libopus, a second of them a
//! page. The last page's granule position ends the stream exactly where the
//! session ends, so players drop the padding too.

use std::ops::Range;

use audiopus::coder::Encoder;
use audiopus::{Application, Bitrate, Channels, SampleRate, Signal};
use ogg::writing::{PacketWriteEndInfo, PacketWriter};

use super::{
    in_order, io_error, read_blocks, vorbis_comment, Format, Pcm, RenderProgress, Tags, WriteSeek,
};
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
    progress: &RenderProgress,
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

    // Encoders one a core, each taking over from the last in a long silence
    // (where a fresh encoder's zero history is the truth), their packets
    // written in order as they come; music has no silence and is encoded in
    // one go, streamed just the same.
    let threads = std::thread::available_parallelism()
        .map_or(1, |n| n.get())
        .clamp(1, 4);
    let mut bounds = vec![0];
    bounds.extend(seams(&pcm.sound_spans(), input, packets, threads));
    bounds.push(packets);
    let chunks: Vec<Range<u64>> = bounds.windows(2).map(|w| w[0]..w[1]).collect();

    let serial = 0x7761_6c6b; // "walk"
    let mut writer = PacketWriter::new(&mut *out);
    writer
        .write_packet(
            opus_head(config.channels as u8, pre_skip as u16),
            serial,
            PacketWriteEndInfo::EndPage,
            0,
        )
        .map_err(io_error)?;
    let mut opus_tags = b"OpusTags".to_vec();
    opus_tags.extend_from_slice(&vorbis_comment::block(tags));
    writer
        .write_packet(opus_tags, serial, PacketWriteEndInfo::EndPage, 0)
        .map_err(io_error)?;
    let mut written = 0u64;
    in_order(
        &chunks,
        threads,
        |chunk, hand| encode_packets(pcm, chunk.clone(), kbps, progress, hand),
        |_, packet| {
            written += 1;
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
                .map_err(io_error)
        },
    )?;
    if written != packets {
        return Err(encode_error("the encoder made too few packets"));
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

/// A stretch that one encoder codes, in packets, when there are silences to
/// change encoders in: a minute, or less in a short session so that every
/// thread has a share.
const CHUNK_PACKETS: u64 = 3000;

/// The packets at which a fresh encoder may take over: boundaries in
/// silences with [`SEAM_QUIET_FRAMES`] of quiet on each side, about
/// [`CHUNK_PACKETS`] apart (less for a short session, so `threads` share
/// it), in order; none where there is no such silence.
fn seams(sound: &[Range<u64>], frames: u64, packets: u64, threads: usize) -> Vec<u64> {
    let margin = SEAM_QUIET_FRAMES * FRAME as u64;
    let every = CHUNK_PACKETS
        .min(packets.div_ceil(threads.max(1) as u64))
        .max(SEAM_QUIET_FRAMES);
    let mut seams: Vec<u64> = Vec::new();
    let mut quiet_from = 0u64;
    let gaps = sound
        .iter()
        .map(|s| (s.start, s.end))
        .chain(std::iter::once((frames, frames)));
    for (start, end) in gaps {
        if start >= quiet_from + 2 * margin {
            let lo = (quiet_from + margin).div_ceil(FRAME as u64);
            let hi = (start - margin) / FRAME as u64;
            let due = seams.last().map_or(every, |&s| s + every);
            if lo <= hi && lo > 0 && hi >= due && hi < packets {
                seams.push(due.max(lo));
            }
        }
        quiet_from = quiet_from.max(end);
    }
    seams
}

/// Packets `range` of the stream from a fresh encoder, each handed on as it
/// is made: packet `i` codes input frames from `i * 960` (less the
/// look-ahead).
fn encode_packets(
    pcm: &dyn Pcm,
    range: Range<u64>,
    kbps: u32,
    progress: &RenderProgress,
    hand: &mut dyn FnMut(Vec<u8>) -> Result<(), AudioError>,
) -> Result<(), AudioError> {
    let config = pcm.config();
    let ch = usize::from(config.channels);
    let encoder = encoder(config.channels, kbps)?;
    let from = range.start * FRAME as u64;
    let until = (range.end * FRAME as u64).min(pcm.frames());
    let want = range.end - range.start;
    let mut made = 0u64;
    let mut frame = vec![0.0f32; FRAME * ch];
    let mut filled = 0usize;
    let mut packet = vec![0u8; MAX_PACKET];
    let mut emit = |frame: &[f32], made: &mut u64| -> Result<(), AudioError> {
        let n = encoder
            .encode_float(frame, &mut packet)
            .map_err(encode_error)?;
        *made += 1;
        hand(packet[..n].to_vec())
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
                        emit(&frame, &mut made)?;
                        filled = 0;
                    }
                }
                Ok(())
            },
        )?;
    }
    while made < want {
        frame[filled..].fill(0.0);
        filled = 0;
        emit(&frame, &mut made)?;
    }
    Ok(())
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
    fn seams_are_in_silences_about_a_chunk_apart() {
        let s = 48_000u64;
        let packets = |frames: u64| frames.div_ceil(FRAME as u64);
        // Sound at 0-1 s, 30-31 s and 59-60 s of a minute, two threads: one
        // seam, in a silence with half a second of quiet on each side.
        let sound = [0..s, 30 * s..31 * s, 59 * s..60 * s];
        let k = seams(&sound, 60 * s, packets(60 * s), 2);
        assert_eq!(k.len(), 1, "{k:?}");
        let at = k[0] * FRAME as u64;
        assert!(at >= 31 * s + s / 2 || at + s / 2 <= 30 * s, "{at}");
        // Sound everywhere: no seam.
        assert!(seams(&[0..60 * s], 60 * s, packets(60 * s), 2).is_empty());
        // Gaps too short for the margin: no seam.
        assert!(seams(&[0..s, s + 100..60 * s], 60 * s, packets(60 * s), 2).is_empty());
        // An hour of a cue every 10 s: a seam about every minute, each in quiet.
        let hour = 3600 * s;
        let sound: Vec<Range<u64>> = (0..360).map(|i| i * 10 * s..i * 10 * s + s).collect();
        let k = seams(&sound, hour, packets(hour), 4);
        assert!(k.len() >= 50 && k.len() <= 60, "{}", k.len());
        assert!(k.windows(2).all(|w| w[1] >= w[0] + CHUNK_PACKETS));
        for &p in &k {
            let f = p * FRAME as u64;
            assert!(sound
                .iter()
                .all(|c| f >= c.end + s / 2 || f + s / 2 <= c.start));
        }
    }
}
