//! The input of a lossy encoder cut into chunks, each coded by its own
//! encoder on its own thread (MP3 and Opus alike): which coded frames each
//! chunk makes, and its samples, read once and in order.
//!
//! A chunk that follows another of the same part starts its encoder cold, so
//! it codes a pre-roll of the samples before it first and drops what that
//! makes; each format says how long a pre-roll it needs and how its chunks
//! join.

use std::ops::Range;

use super::{read_blocks, Format, Pcm, RenderProgress, SampleReader};
use crate::audio::AudioError;

/// The coded frames (MP3 frames, Opus packets) one encoder makes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct Chunk {
    /// Frames of the stream it hands on.
    pub frames: Range<u64>,
    /// Frames it codes before those and drops (0 at the start of a part,
    /// which follows silence: a fresh encoder's zero history is the truth).
    pub preroll: u64,
    /// The part it belongs to.
    pub part: usize,
}

/// Encoding threads: one a core, up to four.
pub(super) fn threads() -> usize {
    std::thread::available_parallelism()
        .map_or(1, |n| n.get())
        .clamp(1, 4)
}

/// The chunks' samples, read once and in order from one reader a part:
/// music can only be made from its start on (each song decoded in turn), so
/// a chunk takes its turn after the one before it, and its pre-roll is the
/// end of that one's samples, kept. The encoders then run side by side.
pub(super) struct Feed<'a> {
    pcm: &'a dyn Pcm,
    pub chunks: &'a [Chunk],
    /// Input frames a coded frame takes: chunk frame `i` codes the input
    /// from `i * spf` (the encoder's own delay is inside it).
    spf: u64,
    /// The longest pre-roll, in coded frames: what is kept for the next chunk.
    preroll: u64,
    format: Format,
    state: std::sync::Mutex<FeedState<'a>>,
    turn: std::sync::Condvar,
}

struct FeedState<'a> {
    /// The chunk whose turn it is.
    next: usize,
    /// A chunk failed to read: the rest stop waiting.
    failed: bool,
    /// The current part's reader and the frame it is at.
    reader: Option<(usize, Box<dyn SampleReader + 'a>, u64)>,
    /// The last samples read, ending at the reader's frame.
    tail: Vec<f32>,
}

impl<'a> Feed<'a> {
    pub fn new(pcm: &'a dyn Pcm, chunks: &'a [Chunk], spf: u64, format: Format) -> Feed<'a> {
        Feed {
            pcm,
            chunks,
            spf,
            preroll: chunks.iter().map(|c| c.preroll).max().unwrap_or(0),
            format,
            state: std::sync::Mutex::new(FeedState {
                next: 0,
                failed: false,
                reader: None,
                tail: Vec::new(),
            }),
            turn: std::sync::Condvar::new(),
        }
    }

    /// The input's shape.
    pub fn config(&self) -> super::TrackConfig {
        self.pcm.config()
    }

    fn error(&self, message: &str) -> AudioError {
        AudioError::Encode {
            format: self.format,
            message: message.to_string(),
        }
    }

    /// The place of `chunk` (one of [`Feed::chunks`]) in the list.
    pub fn index(&self, chunk: &Chunk) -> Result<usize, AudioError> {
        self.chunks
            .iter()
            .position(|c| std::ptr::eq(c, chunk))
            .ok_or_else(|| self.error("a chunk not in the list"))
    }

    /// The input of chunk `index`, pre-roll included, once the chunks
    /// before it have taken theirs.
    pub fn take(&self, index: usize, progress: &RenderProgress) -> Result<Vec<f32>, AudioError> {
        let stopped = || self.error("the encoder stopped");
        let mut state = self.state.lock().map_err(|_| stopped())?;
        while state.next != index && !state.failed {
            state = self.turn.wait(state).map_err(|_| stopped())?;
        }
        if state.failed {
            return Err(stopped());
        }
        // Whatever happens below, the next chunk is let go: after this one
        // if it read, else with the failure.
        let result = self.read(&mut state, index, progress);
        match &result {
            Ok(_) => state.next += 1,
            Err(_) => state.failed = true,
        }
        drop(state);
        self.turn.notify_all();
        result
    }

    fn read(
        &self,
        state: &mut FeedState<'a>,
        index: usize,
        progress: &RenderProgress,
    ) -> Result<Vec<f32>, AudioError> {
        let chunk = self
            .chunks
            .get(index)
            .ok_or_else(|| self.error("a chunk not in the list"))?;
        let ch = self.pcm.config().channels.max(1) as usize;
        let input = self.pcm.frames();
        let from = ((chunk.frames.start - chunk.preroll) * self.spf).min(input);
        let until = (chunk.frames.end * self.spf).min(input);
        let same_part = matches!(&state.reader, Some((p, _, _)) if *p == chunk.part);
        if !same_part {
            state.reader = Some((chunk.part, self.pcm.reader(from)?, from));
            state.tail.clear();
        }
        let Some((_, reader, at)) = state.reader.as_mut() else {
            return Err(self.error("no reader"));
        };
        let kept = state.tail.len() as u64 / ch as u64;
        if from > *at || from + kept < *at {
            return Err(self.error("chunks out of order"));
        }
        let mut samples = Vec::with_capacity((until.max(from) - from) as usize * ch);
        samples.extend_from_slice(&state.tail[((from + kept - *at) as usize * ch)..]);
        if until > *at {
            let done = read_blocks(reader.as_mut(), ch as u16, until - *at, progress, |b| {
                samples.extend_from_slice(b);
                Ok(())
            })?;
            *at += done;
        }
        // Keep what the next chunk codes again.
        let keep = (self.preroll * self.spf) as usize * ch;
        let tail_from = samples.len().saturating_sub(keep);
        state.tail.clear();
        state.tail.extend_from_slice(&samples[tail_from..]);
        Ok(samples)
    }
}
