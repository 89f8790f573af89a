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
//! so the parts join without a seam.
//!
//! With music there is no silence: the whole track is one part, cut into
//! chunks of [`CHUNK_SECONDS`], each coded by its own encoder on its own
//! thread. A chunk's encoder first codes [`PREROLL_FRAMES`] frames before it
//! and drops them, so its first kept frame transforms exactly the samples one
//! encoder's would; the bytes that frame borrows from the dropped ones (the
//! bit reservoir) are moved to the end of the frame before it ([`join`]).
//! Decoded, the chunks join at codec-noise level, with no shift.

use std::io::SeekFrom;
use std::ops::Range;

use id3::frame::{Chapter as Chap, TableOfContents};
use id3::{Frame, Tag, TagLike, Version};
use rusty_mp3::decode::sideinfo;
use rusty_mp3::encode::lametag::{self, TagInfo, TagStats};
use rusty_mp3::frame::SideInfo;
use rusty_mp3::header::{FrameHeader, MpegVersion};
use rusty_mp3::{Mp3Encoder, Mp3EncoderConfig};

use super::feed::{threads, Chunk, Feed};
use super::{in_order, io_error, Format, Pcm, RenderProgress, Tags, WriteSeek};
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

    // Long parts (music is one part, the whole track) are cut into chunks,
    // each coded by its own encoder on its own thread; `Coded::lead` joins
    // them (see `join`).
    let every = (CHUNK_SECONDS * u64::from(config.sample_rate) / spf).max(4 * PREROLL_FRAMES);
    let chunks = chunks(&parts, every);
    let feed = Feed::new(pcm, &chunks, spf, Format::Mp3);
    let mut next = 0u64;
    // The last frame made, held back: the next chunk's first frame may need
    // room at its end.
    let mut held: Option<Vec<u8>> = None;
    let mut grown = false;
    let mut put = |frame: Vec<u8>, next: &mut u64, held: &mut Option<Vec<u8>>| {
        *next += 1;
        match held.replace(frame) {
            Some(h) => {
                stats.add_frame(&h);
                out.write_all(&h).map_err(io_error)
            }
            None => Ok(()),
        }
    };
    in_order(
        &chunks,
        threads(),
        |chunk, hand| encode_chunk(&feed, chunk, kbps, progress, hand),
        |i, coded| {
            while next < chunks[i].frames.start {
                put(
                    empty_frame(&quiet, next, quiet_kbps, spf),
                    &mut next,
                    &mut held,
                )?;
            }
            if !coded.lead.is_empty() {
                let prev = held
                    .as_mut()
                    .ok_or_else(|| encode_error("a chunk's first frame borrows from none"))?;
                grown |= join(prev, &coded.lead)?;
            }
            put(coded.frame, &mut next, &mut held)
        },
    )?;
    while next < frames {
        put(
            empty_frame(&quiet, next, quiet_kbps, spf),
            &mut next,
            &mut held,
        )?;
    }
    if let Some(h) = held.take() {
        stats.add_frame(&h);
        out.write_all(&h).map_err(io_error)?;
    }
    // Sound and silence at two bitrates, or a frame grown at a join: the tag
    // says Xing (VBR), so players take the length from its frame count and
    // seek by its table.
    let covered: u64 = parts.iter().map(|p| p.end - p.start).sum();
    info.vbr = grown || (quiet_kbps != kbps && covered < frames);
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

/// A chunk of music (or of a long stretch of voice) is about this long:
/// short enough that a 30-minute track gives every core many chunks and
/// that a chunk's samples, held while it is coded, stay a few MB; long
/// enough that the pre-roll coded twice costs under 1 %.
const CHUNK_SECONDS: u64 = 20;

/// Frames a chunk's encoder codes before the chunk and drops. One frame
/// already holds the transform's whole reach ([`LOOKBACK`], two at the
/// 576-sample frames of 24 kHz and under), so the kept frames transform
/// exactly the samples one encoder over the whole track would; the rest
/// lets the encoder's long/short block choice, which follows its previous
/// granule, settle as that encoder's did.
const PREROLL_FRAMES: u64 = 4;

/// `parts` cut into chunks of `every` frames, in order.
fn chunks(parts: &[Range<u64>], every: u64) -> Vec<Chunk> {
    let mut out = Vec::new();
    for (part, p) in parts.iter().enumerate() {
        let mut start = p.start;
        loop {
            let end = (start + every).min(p.end);
            out.push(Chunk {
                frames: start..end,
                preroll: (start - p.start).min(PREROLL_FRAMES),
                part,
            });
            if end >= p.end {
                break;
            }
            start = end;
        }
    }
    out
}

/// A frame as an encoder hands it on.
struct Coded {
    frame: Vec<u8>,
    /// For a chunk's first frame after its pre-roll: the bytes its main data
    /// begins with, which its encoder put in the dropped frames before it
    /// (the bit reservoir). They go at the end of the frame before it.
    lead: Vec<u8>,
}

/// Chunk `chunk` of the stream from a fresh encoder fed the input from its
/// pre-roll on, each frame handed on as it is made.
fn encode_chunk(
    feed: &Feed<'_>,
    chunk: &Chunk,
    kbps: u32,
    progress: &RenderProgress,
    hand: &mut dyn FnMut(Coded) -> Result<(), AudioError>,
) -> Result<(), AudioError> {
    let index = feed.index(chunk)?;
    let samples = feed.take(index, progress)?;
    let config = feed.config();
    let header = rusty_mp3::encoder_header(config.sample_rate, config.channels, kbps)
        .map_err(encode_error)?;
    let spf = header.version.samples_per_frame() as u64;
    let mut encoder = Mp3Encoder::new(Mp3EncoderConfig {
        bitrate_kbps: kbps,
        vbr_quality: None,
    });
    let ch = usize::from(config.channels.max(1));
    // A chunk past the input's end (flush frames only) still fixes the
    // format with a push.
    let block = 16 * 1024 * ch;
    encoder
        .push_pcm_f32(
            &samples[..samples.len().min(block)],
            config.channels,
            config.sample_rate,
        )
        .map_err(encode_error)?;
    for b in samples.chunks(block).skip(1) {
        progress.check()?;
        encoder
            .push_pcm_f32(b, config.channels, config.sample_rate)
            .map_err(encode_error)?;
    }
    drop(samples);
    encoder.finish();
    let want = chunk.frames.end - chunk.frames.start;
    // The first packet is this encoder's own tag frame; the stream has one.
    // Then the pre-roll, kept only until the first frame takes its lead.
    let mut packets = std::iter::from_fn(|| encoder.next_packet().ok()).skip(1);
    let preroll: Vec<Vec<u8>> = packets.by_ref().take(chunk.preroll as usize).collect();
    let mut kept = 0u64;
    for frame in packets.take(want as usize) {
        let lead = if kept == 0 {
            lead(&preroll, &frame)?
        } else {
            Vec::new()
        };
        kept += 1;
        hand(Coded { frame, lead })?;
    }
    // A chunk shorter than the encoder's minimum stream ends in silence.
    while kept < want {
        let frame = empty_frame(&header, chunk.frames.start + kept, kbps, spf);
        hand(Coded {
            frame,
            lead: Vec::new(),
        })?;
        kept += 1;
    }
    Ok(())
}

/// A frame's header and side information, and where its main data area
/// (the bytes after them) starts.
fn frame_parts(frame: &[u8]) -> Result<(FrameHeader, SideInfo, usize), AudioError> {
    let bad = || encode_error("the encoder made a frame walkrun cannot read back");
    let bytes: [u8; 4] = frame
        .get(..4)
        .and_then(|b| b.try_into().ok())
        .ok_or_else(bad)?;
    let header = FrameHeader::parse(bytes).map_err(|_| bad())?;
    let at = 4 + if header.crc_protected { 2 } else { 0 };
    let area = at + header.side_info_len();
    let side = sideinfo::parse(&header, frame.get(at..area).ok_or_else(bad)?).map_err(|_| bad())?;
    Ok((header, side, area))
}

/// The bytes `first`'s main data begins with before its own frame: the last
/// `main_data_begin` bytes of the main data areas of the frames before it,
/// `before` (none when it borrows nothing).
fn lead(before: &[Vec<u8>], first: &[u8]) -> Result<Vec<u8>, AudioError> {
    let (_, side, _) = frame_parts(first)?;
    let want = usize::from(side.main_data_begin);
    let mut lead: Vec<u8> = Vec::with_capacity(want);
    for frame in before.iter().rev() {
        if lead.len() >= want {
            break;
        }
        let (_, _, area) = frame_parts(frame)?;
        let take = (want - lead.len()).min(frame.len() - area);
        // Collected backwards: this frame's bytes go before what is there.
        lead.splice(0..0, frame[frame.len() - take..].iter().copied());
    }
    if lead.len() < want {
        return Err(encode_error(
            "a chunk's first frame borrows more than its pre-roll holds",
        ));
    }
    Ok(lead)
}

/// Put `lead`, the bytes the next frame's main data begins with, at the end
/// of `prev`'s main data area, after `prev`'s own main data. When `prev`
/// has too little room left it becomes a frame of a higher bitrate (the
/// same header, side information and main data, a longer frame): true then.
/// Every frame after keeps its bytes and its place, so the stream decodes
/// as each chunk's encoder made it.
fn join(prev: &mut Vec<u8>, lead: &[u8]) -> Result<bool, AudioError> {
    let (header, side, area) = frame_parts(prev)?;
    let nch = header.channel_mode.channels();
    let bits: usize = side.granules[..header.version.granules()]
        .iter()
        .flat_map(|g| g[..nch].iter())
        .map(|g| usize::from(g.part2_3_length))
        .sum();
    // Its own main data ends this far into its area (it may start in the
    // frames before).
    let own = bits
        .div_ceil(8)
        .saturating_sub(usize::from(side.main_data_begin));
    let need = area + own + lead.len();
    let mut grew = false;
    if need > prev.len() {
        let rates: &[u32] = match header.version {
            MpegVersion::V1 => &[
                32, 40, 48, 56, 64, 80, 96, 112, 128, 160, 192, 224, 256, 320,
            ],
            _ => &[8, 16, 24, 32, 40, 48, 56, 64, 80, 96, 112, 128, 144, 160],
        };
        let bigger = rates
            .iter()
            .map(|&k| FrameHeader {
                bitrate_kbps: k,
                padding: false,
                ..header.clone()
            })
            .find(|h| h.frame_size() >= need)
            .ok_or_else(|| encode_error("no frame is large enough to join two chunks"))?;
        prev[..4].copy_from_slice(&bigger.to_bytes());
        prev.resize(bigger.frame_size(), 0);
        grew = true;
    }
    let end = prev.len();
    prev[area + own..end - lead.len()].fill(0);
    prev[end - lead.len()..].copy_from_slice(lead);
    Ok(grew)
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
    fn a_join_puts_the_lead_after_the_frames_own_data_and_grows_a_full_frame() {
        // Loud noise: the encoder spends each frame's whole slot.
        let mut x = 0x2545_f491_u32;
        let noise: Vec<f32> = (0..2 * 44_100 * 2)
            .map(|_| {
                x ^= x << 13;
                x ^= x >> 17;
                x ^= x << 5;
                (x as f32 / u32::MAX as f32 - 0.5) * 1.6
            })
            .collect();
        let mut encoder = Mp3Encoder::new(Mp3EncoderConfig {
            bitrate_kbps: 128,
            vbr_quality: None,
        });
        encoder.push_pcm_f32(&noise, 2, 44_100).unwrap();
        encoder.finish();
        let frames: Vec<Vec<u8>> = std::iter::from_fn(|| encoder.next_packet().ok())
            .skip(1)
            .collect();
        let lead: Vec<u8> = (0..511u32).map(|i| (i * 7 + 1) as u8).collect();
        let mut grown = 0;
        for frame in &frames[10..40] {
            let (header, side, area) = frame_parts(frame).unwrap();
            let mut joined = frame.clone();
            let grew = join(&mut joined, &lead).unwrap();
            let (h2, side2, area2) = frame_parts(&joined).unwrap();
            // The same frame, its main data where it was, the lead at its end.
            assert_eq!((side2, area2), (side.clone(), area));
            assert_eq!(joined.len(), h2.frame_size());
            assert!(joined.ends_with(&lead));
            let bits: usize = side.granules[..2]
                .iter()
                .flat_map(|g| g.iter())
                .map(|g| usize::from(g.part2_3_length))
                .sum();
            let own = bits
                .div_ceil(8)
                .saturating_sub(usize::from(side.main_data_begin));
            assert_eq!(joined[area..area + own], frame[area..area + own]);
            assert!(area + own + lead.len() <= joined.len());
            if grew {
                grown += 1;
                assert!(h2.bitrate_kbps > header.bitrate_kbps);
            } else {
                assert_eq!(joined.len(), frame.len());
            }
        }
        // 511 bytes are more than a 128 kbit/s frame has spare.
        assert!(grown > 0);
    }

    #[test]
    fn chunks_cut_long_parts_with_a_pre_roll_after_the_first() {
        let c = chunks(&[0..10, 20..100], 30);
        let got: Vec<(Range<u64>, u64, usize)> = c
            .into_iter()
            .map(|c| (c.frames, c.preroll, c.part))
            .collect();
        assert_eq!(
            got,
            vec![
                (0..10, 0, 0),
                (20..50, 0, 1),
                (50..80, PREROLL_FRAMES, 1),
                (80..100, PREROLL_FRAMES, 1)
            ]
        );
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
