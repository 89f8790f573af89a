//! FLAC: lossless, so the samples come back exactly; a VORBIS_COMMENT block
//! carries the names and chapters. Encoded by flacenc (pure Rust).

use flacenc::component::{BitRepr, MetadataBlockData};
use flacenc::error::{SourceError, Verify};
use flacenc::source::{Fill, Source};

use super::wav::to_i16;
use super::{vorbis_comment, Format, Pcm, Progress, SampleReader, Tags, WriteSeek};
use crate::audio::AudioError;

/// The VORBIS_COMMENT metadata block type.
const VORBIS_COMMENT: u8 = 4;

fn encode_error(message: impl std::fmt::Display) -> AudioError {
    AudioError::Encode {
        format: Format::Flac,
        message: message.to_string(),
    }
}

/// A reader as flacenc's source: 16-bit samples, a block at a time.
struct Reader<'a> {
    reader: Box<dyn SampleReader + 'a>,
    channels: usize,
    rate: usize,
    left: u64,
    buf: Vec<f32>,
    ints: Vec<i32>,
    progress: &'a Progress,
}

impl Source for Reader<'_> {
    fn channels(&self) -> usize {
        self.channels
    }

    fn bits_per_sample(&self) -> usize {
        16
    }

    fn sample_rate(&self) -> usize {
        self.rate
    }

    fn read_samples<F: Fill>(
        &mut self,
        block_size: usize,
        dest: &mut F,
    ) -> Result<usize, SourceError> {
        let frames = (block_size as u64).min(self.left) as usize;
        self.buf.resize(frames * self.channels, 0.0);
        let mut n = 0;
        while n < self.buf.len() {
            let got = self.reader.fill(&mut self.buf[n..]);
            if got == 0 {
                break;
            }
            n += got;
        }
        self.ints.clear();
        self.ints
            .extend(self.buf[..n].iter().map(|&s| i32::from(to_i16(s))));
        dest.fill_interleaved(&self.ints)?;
        let frames = (n / self.channels) as u64;
        self.left -= frames;
        self.progress.add(frames);
        Ok(frames as usize)
    }

    fn len_hint(&self) -> Option<usize> {
        usize::try_from(self.left).ok()
    }
}

pub(super) fn write(
    pcm: &dyn Pcm,
    tags: &Tags,
    out: &mut dyn WriteSeek,
    progress: &Progress,
) -> Result<(), AudioError> {
    let config = pcm.config();
    let source = Reader {
        reader: pcm.reader(0)?,
        channels: usize::from(config.channels),
        rate: config.sample_rate as usize,
        left: pcm.frames(),
        buf: Vec::new(),
        ints: Vec::new(),
        progress,
    };
    let settings = flacenc::config::Encoder::default()
        .into_verified()
        .map_err(|(_, e)| encode_error(e))?;
    let block = settings.block_size;
    let mut stream = flacenc::encode_with_fixed_block_size(&settings, source, block)
        .map_err(|e| encode_error(format!("{e:?}")))?;
    let comments = MetadataBlockData::new_unknown(VORBIS_COMMENT, &vorbis_comment::block(tags))
        .map_err(encode_error)?;
    stream.add_metadata_block(comments);
    let mut sink = flacenc::bitsink::ByteSink::new();
    stream
        .write(&mut sink)
        .map_err(|e| encode_error(format!("{e:?}")))?;
    out.write_all(sink.as_slice()).map_err(|e| AudioError::Io {
        path: std::path::PathBuf::new(),
        source: e,
    })
}
