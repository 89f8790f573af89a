//! MP3: an ID3v2.3 tag (title, album, track, and CHAP/CTOC chapters), then a
//! LAME/Info tag frame (the encoder delay and the end padding that players
//! trim), then Layer III frames from rusty_mp3 at the chosen bitrate, and
//! silence at the lowest (a variable bitrate, marked so in the tag).
//!
//! A voice track is mostly digital silence, and an encoder spends as long on
//! a silent frame as on a loud one. So only the frames near sound are
//! encoded, in parts on as many threads as there are cores; a frame whose
//! samples, and those its transform overlaps, are all zero is written here
//! as an empty frame (all-zero side information), which every decoder turns
//! into exact silence. Each part starts with a fresh encoder at a frame
//! boundary after silence, where a fresh encoder's zero history is the truth,
//! so the parts join without a seam. With music there is no silence and the
//! whole track is one part.

use std::io::SeekFrom;
use std::ops::Range;

use id3::frame::{Chapter as Chap, TableOfContents};
use id3::{Frame, Tag, TagLike, Version};
use rusty_mp3::encode::lametag::{self, TagInfo, TagStats};
use rusty_mp3::header::FrameHeader;
use rusty_mp3::{Mp3Encoder, Mp3EncoderConfig};

use super::{in_order, io_error, read_blocks, Format, Pcm, RenderProgress, Tags, WriteSeek};
use crate::audio::AudioError;

/// How far back, in samples, the coding of a frame reaches before the
/// frame's own samples: the transform overlaps the previous granule (576)
/// and the analysis filterbank holds 512 more. The encoder has no look-ahead.
const LOOKBACK: u64 = 576 + 512;

fn encode_error(message: impl std::fmt::Display) -> AudioError {
    AudioError::Encode {
        format: Format::Mp3,
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
    let header = rusty_mp3::encoder_header(config.sample_rate, config.channels, kbps)
        .map_err(encode_error)?;
    let spf = header.version.samples_per_frame() as u64;
    let input = pcm.frames();
    let delay = lametag::ENCODER_DELAY;
    let frames = lametag::frames_for(input, delay, spf as usize);
    let parts = parts(&pcm.sound_spans(), spf, frames);
    progress.expect(
        parts
            .iter()
            .map(|p| (p.end * spf).min(input).saturating_sub(p.start * spf))
            .sum(),
    );

    // Silence is written at the format's lowest bitrate (32 kbps for
    // MPEG-1), sound at `kbps`: a variable bitrate, so a voice track that is
    // mostly silence costs half or less. rusty_mp3's own VBR (`vbr_quality`)
    // would still spend its effort and its floor on every silent frame.
    let quiet =
        rusty_mp3::encoder_header(config.sample_rate, config.channels, 1).map_err(encode_error)?;
    let quiet_kbps = quiet.bitrate_kbps;
    let tag_header = lametag::tag_header(&header);
    let mut stats = TagStats::new(tag_header.frame_size());
    let mut info = TagInfo {
        vbr: false,
        delay,
        padding: lametag::padding_for(input, delay, spf as usize) as usize,
    };
    // The tag frame counts and checksums every frame after it: written now
    // as a stand-in of the same length, and again at the end.
    let id3 = id3_tag(tags)?;
    out.write_all(&id3).map_err(io_error)?;
    let tag_at = out.stream_position().map_err(io_error)?;
    out.write_all(&lametag::tag_frame(&tag_header, &stats, &info))
        .map_err(io_error)?;

    let mut next = 0u64;
    let mut put = |frame: &[u8], next: &mut u64| -> Result<(), AudioError> {
        stats.add_frame(frame);
        *next += 1;
        out.write_all(frame).map_err(io_error)
    };
    in_order(
        &parts,
        threads(),
        |part, hand| encode_part(pcm, part.clone(), kbps, progress, hand),
        |i, frame| {
            while next < parts[i].start {
                put(&empty_frame(&quiet, next, quiet_kbps, spf), &mut next)?;
            }
            put(&frame, &mut next)
        },
    )?;
    while next < frames {
        put(&empty_frame(&quiet, next, quiet_kbps, spf), &mut next)?;
    }
    // Sound and silence at two bitrates: the tag says Xing (VBR), so players
    // take the length from its frame count and seek by its table.
    let covered: u64 = parts.iter().map(|p| p.end - p.start).sum();
    info.vbr = quiet_kbps != kbps && covered < frames;
    let lame = lametag::tag_frame(&tag_header, &stats, &info);
    let end = out.stream_position().map_err(io_error)?;
    out.seek(SeekFrom::Start(tag_at)).map_err(io_error)?;
    out.write_all(&lame).map_err(io_error)?;
    out.seek(SeekFrom::Start(end)).map_err(io_error)?;
    Ok(())
}

/// The stream's frames (after the tag frame) that must be encoded, as runs
/// of frame indices. Frame `i` is coded from input samples up to
/// `(i + 1) * spf`, reaching [`LOOKBACK`] before `i * spf`; it decodes to
/// input from `i * spf - 1057`. Every other frame codes silence. A run starts
/// one frame early and ends one late, for safety, so a fresh encoder at its
/// start sees the zero history it assumes.
fn parts(sound: &[Range<u64>], spf: u64, frames: u64) -> Vec<Range<u64>> {
    let mut parts: Vec<Range<u64>> = Vec::new();
    for span in sound.iter().filter(|s| s.end > s.start) {
        let first = (span.start / spf).saturating_sub(1);
        let last = ((span.end - 1 + LOOKBACK) / spf + 1).min(frames.saturating_sub(1));
        let run = first..(last + 1).max(first);
        match parts.last_mut() {
            // Runs that touch are one part: no empty frame between them.
            Some(p) if run.start <= p.end => p.end = p.end.max(run.end),
            _ => parts.push(run),
        }
    }
    // A part that nearly reaches the end takes the rest: the flush frames
    // the encoder makes anyway.
    if let Some(p) = parts.last_mut() {
        if p.end + 2 >= frames {
            p.end = frames;
        }
    }
    parts
}

/// Encoding threads: one a core, up to four.
fn threads() -> usize {
    std::thread::available_parallelism()
        .map_or(1, |n| n.get())
        .clamp(1, 4)
}

/// Frames `part` of the stream, from a fresh encoder fed the input from the
/// part's first frame on, each handed on as it is made.
fn encode_part(
    pcm: &dyn Pcm,
    part: Range<u64>,
    kbps: u32,
    progress: &RenderProgress,
    hand: &mut dyn FnMut(Vec<u8>) -> Result<(), AudioError>,
) -> Result<(), AudioError> {
    let config = pcm.config();
    let header = rusty_mp3::encoder_header(config.sample_rate, config.channels, kbps)
        .map_err(encode_error)?;
    let spf = header.version.samples_per_frame() as u64;
    let from = part.start * spf;
    let until = (part.end * spf).min(pcm.frames());
    let mut encoder = Mp3Encoder::new(Mp3EncoderConfig {
        bitrate_kbps: kbps,
        vbr_quality: None,
    });
    let want = part.end - part.start;
    // The first packet is this encoder's own tag frame; the stream has one.
    let mut seen = 0u64;
    let mut kept = 0u64;
    let mut drain = |encoder: &mut Mp3Encoder| -> Result<(), AudioError> {
        while let Ok(p) = encoder.next_packet() {
            seen += 1;
            if seen > 1 && kept < want {
                kept += 1;
                hand(p)?;
            }
        }
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
                encoder
                    .push_pcm_f32(block, config.channels, config.sample_rate)
                    .map_err(encode_error)?;
                drain(&mut encoder)
            },
        )?;
    } else {
        // A part past the input's end (flush frames only): the format must
        // still be fixed by a push.
        encoder
            .push_pcm_f32(&[], config.channels, config.sample_rate)
            .map_err(encode_error)?;
    }
    encoder.finish();
    drain(&mut encoder)?;
    // A part shorter than the encoder's minimum stream ends in silence.
    while kept < want {
        hand(empty_frame(&header, part.start + kept, kbps, spf))?;
        kept += 1;
    }
    Ok(())
}

/// Frame `index` of the stream with nothing in it: the header, all-zero side
/// information (no reservoir, no coded values), and zero bytes to the
/// frame's size. The padding bit keeps the stream at its bitrate on average.
fn empty_frame(header: &FrameHeader, index: u64, kbps: u32, spf: u64) -> Vec<u8> {
    // Bytes per frame, exactly: kbps * 1000 / 8 * spf / rate.
    let num = u64::from(kbps) * 125 * spf;
    let den = u64::from(header.sample_rate);
    let plain = {
        let mut h = header.clone();
        h.padding = false;
        h.frame_size() as u64
    };
    let size = (index + 1) * num / den - index * num / den;
    let mut h = header.clone();
    h.padding = size > plain;
    let mut frame = Vec::with_capacity(h.frame_size());
    frame.extend_from_slice(&h.to_bytes());
    frame.resize(h.frame_size(), 0);
    frame
}

/// The ID3v2.3 tag: what most podcast and music players read best.
fn id3_tag(tags: &Tags) -> Result<Vec<u8>, AudioError> {
    let mut tag = Tag::new();
    tag.set_title(tags.title.as_str());
    tag.set_artist(tags.artist.as_str());
    if let Some(album) = &tags.album {
        tag.set_album(album.as_str());
    }
    if let Some(n) = tags.track {
        tag.set_track(n);
    }
    let ids: Vec<String> = (0..tags.chapters.len()).map(|i| format!("ch{i}")).collect();
    for (c, id) in tags.chapters.iter().zip(&ids) {
        tag.add_frame(Chap {
            element_id: id.clone(),
            start_time: c.start_ms,
            end_time: c.end_ms,
            // No byte offsets: players seek by time.
            start_offset: u32::MAX,
            end_offset: u32::MAX,
            frames: vec![Frame::text("TIT2", c.title.as_str())],
        });
    }
    if !ids.is_empty() {
        tag.add_frame(TableOfContents {
            element_id: "toc".to_string(),
            top_level: true,
            ordered: true,
            elements: ids,
            frames: Vec::new(),
        });
    }
    let mut bytes = Vec::new();
    tag.write_to(&mut bytes, Version::Id3v23)
        .map_err(|e| encode_error(format!("the ID3 tag: {e}")))?;
    Ok(bytes)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    #[allow(clippy::single_range_in_vec_init)] // one span of sound
    fn parts_cover_sound_and_the_frames_whose_transforms_reach_it() {
        // 1152-sample frames; sound in frame 10 only.
        // Frame 11 reaches back into frame 10; 12 is the margin.
        let p = parts(&[10 * 1152 + 5..10 * 1152 + 100], 1152, 100);
        assert_eq!(p, vec![9..13]);
        // Two bursts close together are one part.
        let p = parts(&[1152..1200, 4 * 1152..4 * 1152 + 10], 1152, 100);
        assert_eq!(p, vec![0..6]);
        // Far apart, two parts with empty frames between.
        let p = parts(&[1152..1200, 40 * 1152..40 * 1152 + 10], 1152, 100);
        assert_eq!(p, vec![0..3, 39..42]);
        // Sound near the end takes the rest of the stream.
        let p = parts(&[97 * 1152..97 * 1152 + 1], 1152, 100);
        assert_eq!(p, vec![96..100]);
        assert!(parts(&[], 1152, 100).is_empty());
    }

    #[test]
    fn empty_frames_keep_the_bitrate() {
        let header = rusty_mp3::encoder_header(44_100, 1, 64).unwrap();
        let total: usize = (0..1000)
            .map(|i| empty_frame(&header, i, 64, 1152).len())
            .sum();
        // 64 kbit/s for 1000 frames of 1152 samples at 44.1 kHz.
        let exact = 64_000.0 / 8.0 * 1000.0 * 1152.0 / 44_100.0;
        assert!((total as f64 - exact).abs() < 1.0, "{total} vs {exact}");
    }
}
