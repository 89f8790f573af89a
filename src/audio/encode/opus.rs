//! Ogg Opus (RFC 7845): an OpusHead page carrying the pre-skip (the encoder's
//! look-ahead, which players drop from the start), an OpusTags page with the
//! names and chapters, then 20 ms packets from libopus, a second of them a
//! page. The last page's granule position ends the stream exactly where the
//! session ends, so players drop the padding too.

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
/// bench/encode.sh): 10 costs four times the time of 5 for no difference a
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
    let ch = usize::from(config.channels);
    let channels = if ch == 1 {
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
    let pre_skip = encoder.lookahead().map_err(encode_error)?;

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

    // Packets must cover the pre-skip and every input frame; the end is
    // padded with silence and trimmed by the last granule position.
    let input = pcm.frames();
    let end = u64::from(pre_skip) + input;
    let packets = end.div_ceil(FRAME as u64).max(1);
    let mut frame = vec![0.0f32; FRAME * ch];
    let mut filled = 0usize;
    let mut packet = vec![0u8; MAX_PACKET];
    let mut written = 0u64;
    let mut emit = |frame: &[f32],
                    written: &mut u64,
                    writer: &mut PacketWriter<&mut dyn WriteSeek>|
     -> Result<(), AudioError> {
        let n = encoder
            .encode_float(frame, &mut packet)
            .map_err(encode_error)?;
        *written += 1;
        let last = *written == packets;
        let granule = if last { end } else { *written * FRAME as u64 };
        let info = if last {
            PacketWriteEndInfo::EndStream
        } else if written.is_multiple_of(PACKETS_PER_PAGE) {
            PacketWriteEndInfo::EndPage
        } else {
            PacketWriteEndInfo::NormalPacket
        };
        writer
            .write_packet(packet[..n].to_vec(), serial, info, granule)
            .map_err(io)
    };
    let mut reader = pcm.reader(0)?;
    read_blocks(reader.as_mut(), config.channels, input, progress, |block| {
        let mut rest = block;
        while !rest.is_empty() {
            let take = (frame.len() - filled).min(rest.len());
            frame[filled..filled + take].copy_from_slice(&rest[..take]);
            filled += take;
            rest = &rest[take..];
            if filled == frame.len() {
                emit(&frame, &mut written, &mut writer)?;
                filled = 0;
            }
        }
        Ok(())
    })?;
    while written < packets {
        frame[filled..].fill(0.0);
        filled = 0;
        emit(&frame, &mut written, &mut writer)?;
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
