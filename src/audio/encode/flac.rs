//! FLAC: lossless, so the samples come back exactly; a VORBIS_COMMENT block
//! carries the names and chapters. Encoded by flacenc (pure Rust), one frame
//! at a time straight to the file: only a frame's samples and bytes are held,
//! however long the session. STREAMINFO (the sizes, the sample count and the
//! MD5 of all samples) is known only at the end, so it is written first with
//! what is known and written again, at the same length, once the frames are.

use std::io::SeekFrom;

use flacenc::bitsink::ByteSink;
use flacenc::component::{BitRepr, MetadataBlockData, Stream};
use flacenc::error::Verify;
use flacenc::source::{Context, Fill, FrameBuf};

use super::wav::to_i16;
use super::{io_error, vorbis_comment, Format, Pcm, RenderProgress, Tags, WriteSeek};
use crate::audio::AudioError;

/// The VORBIS_COMMENT metadata block type.
const VORBIS_COMMENT: u8 = 4;

fn encode_error(message: impl std::fmt::Display) -> AudioError {
    AudioError::Encode {
        format: Format::Flac,
        message: message.to_string(),
    }
}

/// The stream's header: "fLaC", STREAMINFO as it stands, the tags. The same
/// length whatever STREAMINFO holds.
fn header(stream: &Stream) -> Result<Vec<u8>, AudioError> {
    let mut sink = ByteSink::new();
    stream
        .write(&mut sink)
        .map_err(|e| encode_error(format!("{e:?}")))?;
    Ok(sink.as_slice().to_vec())
}

pub(super) fn write(
    pcm: &dyn Pcm,
    tags: &Tags,
    out: &mut dyn WriteSeek,
    progress: &RenderProgress,
) -> Result<(), AudioError> {
    let config = pcm.config();
    let channels = usize::from(config.channels);
    let settings = flacenc::config::Encoder::default()
        .into_verified()
        .map_err(|(_, e)| encode_error(e))?;
    let block = settings.block_size;
    let mut stream = Stream::new(config.sample_rate as usize, channels, 16)
        .map_err(|e| encode_error(format!("{e:?}")))?;
    let comments = MetadataBlockData::new_unknown(VORBIS_COMMENT, &vorbis_comment::block(tags))
        .map_err(encode_error)?;
    stream.add_metadata_block(comments);

    let start = out.stream_position().map_err(io_error)?;
    let first = header(&stream)?;
    out.write_all(&first).map_err(io_error)?;

    let mut reader = pcm.reader(0)?;
    let mut left = pcm.frames();
    let mut framebuf = FrameBuf::with_size(channels, block).map_err(encode_error)?;
    let mut context = Context::new(16, channels);
    let mut buf = vec![0.0f32; block * channels];
    let mut ints: Vec<i32> = Vec::with_capacity(block * channels);
    let mut sink = ByteSink::new();
    let mut number = 0usize;
    while left > 0 {
        // Between frames: a Ctrl-C stops a long render here.
        progress.check()?;
        let want = (block as u64).min(left) as usize * channels;
        let mut n = 0;
        while n < want {
            let got = reader.fill(&mut buf[n..want]);
            if got == 0 {
                break;
            }
            n += got;
        }
        let n = n / channels * channels;
        if n == 0 {
            break;
        }
        ints.clear();
        ints.extend(buf[..n].iter().map(|&s| i32::from(to_i16(s))));
        framebuf.fill_interleaved(&ints).map_err(encode_error)?;
        context.fill_interleaved(&ints).map_err(encode_error)?;
        let frame =
            flacenc::encode_fixed_size_frame(&settings, &framebuf, number, stream.stream_info())
                .map_err(|e| encode_error(format!("{e:?}")))?;
        stream.stream_info_mut().update_frame_info(&frame);
        sink.clear();
        frame
            .write(&mut sink)
            .map_err(|e| encode_error(format!("{e:?}")))?;
        out.write_all(sink.as_slice()).map_err(io_error)?;
        let frames = (n / channels) as u64;
        left -= frames;
        progress.add(frames);
        number += 1;
    }

    // As the reference encoder says of a fixed block size: every block is
    // `block` long but the last.
    stream
        .stream_info_mut()
        .set_block_sizes(block, block)
        .map_err(encode_error)?;
    stream
        .stream_info_mut()
        .set_md5_digest(&context.md5_digest());
    let last = header(&stream)?;
    if last.len() != first.len() {
        return Err(encode_error("the header changed length"));
    }
    let end = out.stream_position().map_err(io_error)?;
    out.seek(SeekFrom::Start(start)).map_err(io_error)?;
    out.write_all(&last).map_err(io_error)?;
    out.seek(SeekFrom::Start(end)).map_err(io_error)?;
    Ok(())
}
