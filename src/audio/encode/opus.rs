//! Ogg Opus (RFC 7845): an OpusHead page carrying the pre-skip (the encoder's
//! look-ahead, which players drop from the start), an OpusTags page with the
//! names and chapters, then 20 ms packets from libopus, a second of them a
//! page. The last page's granule position ends the stream exactly where the
//! session ends, so players drop the padding too.
//!
//! The packets are coded in chunks on every core, each by its own encoder,
//! and written in order, so granule positions count on without a break. A
//! voice track changes encoders in its silences, where a fresh encoder's
//! zero history is the truth. Music has no silence: it is cut into chunks of
//! 20 s ([`CHUNK_PACKETS`]), and each chunk's encoder first codes
//! [`PREROLL_PACKETS`] of the music before its chunk and drops those
//! packets, so its first kept packet is coded from the state one encoder
//! over the whole track would have. Decoded, the chunks join at codec-noise
//! level, with no shift.

use std::ops::Range;

use audiopus::coder::Encoder;
use audiopus::{Application, Bitrate, Channels, SampleRate, Signal};
use ogg::writing::{PacketWriteEndInfo, PacketWriter};

use super::feed::{threads, Chunk, Feed};
use super::{in_order, io_error, vorbis_comment, Format, Pcm, RenderProgress, Tags, WriteSeek};
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

    // Encoders one a core. Each takes over from the last in a long silence
    // (where a fresh encoder's zero history is the truth) when there is one;
    // a long stretch without (music) is cut into chunks whose encoders start
    // with a pre-roll. Their packets are written in order as they come.
    let threads = threads();
    let mut bounds = vec![0];
    bounds.extend(seams(&pcm.sound_spans(), input, packets, threads));
    bounds.push(packets);
    let chunks = chunks(&bounds);
    let feed = Feed::new(pcm, &chunks, FRAME as u64, Format::Opus);

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
        |chunk, hand| encode_chunk(&feed, chunk, kbps, progress, hand),
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

/// A stretch that one encoder codes, in packets: 20 s. Where there are
/// silences to change encoders in, they are about this far apart (less in a
/// short session, so that every thread has a share); a longer stretch of
/// sound (music) is cut into chunks of this length. Short enough that a
/// 30-minute track gives every core many chunks and that a chunk's samples,
/// held while it is coded, stay a few MB (7.7 MB of stereo); long enough
/// that the pre-roll coded twice costs little.
const CHUNK_PACKETS: u64 = 1000;

/// Packets a chunk's encoder codes before the chunk and drops, when it does
/// not start in silence: 0.5 s. libopus's state reaches back further than
/// its look-ahead: CELT predicts each frame's band energies from the frame
/// before, its pitch pre-filter follows the last frames, and the analysis
/// that chooses speech or music coding, the bandwidth and how the bitrate is
/// spent smooths over hundreds of milliseconds (RFC 7845 asks a decoder for
/// 80 ms of pre-roll before a seek for the same reason). Measured on the
/// seam test (tests/integration/render_music.rs, music at 96 kbit/s):
/// without a pre-roll a join's error is 0.080 RMS beside 0.004 around it, a
/// click; with 4 packets (80 ms) or more it is no louder than around it. 25
/// leave the analysis time to settle on real music; at 20 s chunks they cost
/// 2.5 % more coding.
const PREROLL_PACKETS: u64 = 25;

/// The stretches between `bounds` (seams in silence, in packets) as chunks:
/// one chunk a stretch, or, for a stretch longer than two chunks (music has
/// no silence), chunks of [`CHUNK_PACKETS`] from its start, each after the
/// first with a pre-roll.
fn chunks(bounds: &[u64]) -> Vec<Chunk> {
    let mut out = Vec::new();
    for (part, w) in bounds.windows(2).enumerate() {
        let (from, to) = (w[0], w[1]);
        let every = if to - from > 2 * CHUNK_PACKETS {
            CHUNK_PACKETS
        } else {
            (to - from).max(1)
        };
        let mut start = from;
        while start < to {
            let end = (start + every).min(to);
            out.push(Chunk {
                frames: start..end,
                preroll: (start - from).min(PREROLL_PACKETS),
                part,
            });
            start = end;
        }
    }
    out
}

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

/// Chunk `chunk` of the stream from a fresh encoder fed the input from its
/// pre-roll on, each packet after the pre-roll handed on as it is made:
/// packet `i` codes input frames from `i * 960` (less the look-ahead).
fn encode_chunk(
    feed: &Feed<'_>,
    chunk: &Chunk,
    kbps: u32,
    progress: &RenderProgress,
    hand: &mut dyn FnMut(Vec<u8>) -> Result<(), AudioError>,
) -> Result<(), AudioError> {
    let index = feed.index(chunk)?;
    let samples = feed.take(index, progress)?;
    let config = feed.config();
    let ch = usize::from(config.channels.max(1));
    let encoder = encoder(config.channels, kbps)?;
    let made = chunk.preroll + (chunk.frames.end - chunk.frames.start);
    let mut packet = vec![0u8; MAX_PACKET];
    let mut frame = vec![0.0f32; FRAME * ch];
    for i in 0..made {
        if i % PACKETS_PER_PAGE == 0 {
            progress.check()?;
        }
        // Past the input's end (the look-ahead and the last frame's
        // padding), silence.
        let rest = samples.get(i as usize * FRAME * ch..).unwrap_or_default();
        let have = rest.len().min(frame.len());
        let input: &[f32] = if have == frame.len() {
            &rest[..have]
        } else {
            frame[..have].copy_from_slice(&rest[..have]);
            frame[have..].fill(0.0);
            &frame
        };
        let n = encoder
            .encode_float(input, &mut packet)
            .map_err(encode_error)?;
        // The pre-roll's packets only bring the encoder to where one
        // encoder over the whole stream would be.
        if i >= chunk.preroll {
            hand(packet[..n].to_vec())?;
        }
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
        // Sound at 0-1 s, 30-31 s and 59-60 s of a minute, two threads: a
        // seam in each silence, with half a second of quiet on each side.
        let sound = [0..s, 30 * s..31 * s, 59 * s..60 * s];
        let k = seams(&sound, 60 * s, packets(60 * s), 2);
        assert_eq!(k.len(), 2, "{k:?}");
        for p in k {
            let at = p * FRAME as u64;
            assert!(
                (s + s / 2..30 * s - s / 2).contains(&at)
                    || (31 * s + s / 2..59 * s - s / 2).contains(&at),
                "{at}"
            );
        }
        // Sound everywhere: no seam.
        assert!(seams(&[0..60 * s], 60 * s, packets(60 * s), 2).is_empty());
        // Gaps too short for the margin: no seam.
        assert!(seams(&[0..s, s + 100..60 * s], 60 * s, packets(60 * s), 2).is_empty());
        // An hour of a cue every 10 s: a seam about every 20 s, each in quiet.
        let hour = 3600 * s;
        let sound: Vec<Range<u64>> = (0..360).map(|i| i * 10 * s..i * 10 * s + s).collect();
        let k = seams(&sound, hour, packets(hour), 4);
        assert!(k.len() >= 150 && k.len() <= 180, "{}", k.len());
        assert!(k.windows(2).all(|w| w[1] >= w[0] + CHUNK_PACKETS));
        for &p in &k {
            let f = p * FRAME as u64;
            assert!(sound
                .iter()
                .all(|c| f >= c.end + s / 2 || f + s / 2 <= c.start));
        }
    }

    #[test]
    fn a_long_stretch_without_silence_is_cut_in_chunks_with_a_pre_roll() {
        let got = |bounds: &[u64]| -> Vec<(Range<u64>, u64, usize)> {
            chunks(bounds)
                .into_iter()
                .map(|c| (c.frames, c.preroll, c.part))
                .collect()
        };
        // Voice: stretches between silences, one encoder each, no pre-roll.
        assert_eq!(
            got(&[0, 1200, 3000]),
            vec![(0..1200, 0, 0), (1200..3000, 0, 1)]
        );
        // Music, 70 s: chunks of 20 s from the start, a pre-roll after the first.
        let p = PREROLL_PACKETS;
        assert_eq!(
            got(&[0, 3501]),
            vec![
                (0..1000, 0, 0),
                (1000..2000, p, 0),
                (2000..3000, p, 0),
                (3000..3501, p, 0)
            ]
        );
        // A short session is one chunk.
        assert_eq!(got(&[0, 1]), vec![(0..1, 0, 0)]);
    }
}
