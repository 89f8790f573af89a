//! A session's samples as a file for a phone: WAV, MP3, Ogg Opus or FLAC,
//! named and tagged, with one chapter per segment.
//!
//! Every format is a function from samples ([`Pcm`]) and [`Tags`] to bytes;
//! [`render_file`] is the one place that writes a file, through
//! [`crate::sys::atomic_file`] (a temporary file in the target's folder, synced and
//! renamed over it; SIGINT, SIGTERM or SIGHUP stops it).
//!
//! Every encoder streams: samples are made block by block from the track and
//! each block's bytes are written as they come, so a five-hour session costs
//! what a five-minute one does. What is known only at the end (FLAC's
//! STREAMINFO, MP3's LAME/Info tag) is written first as a stand-in of the
//! same length and written again in place. Between blocks each encoder asks
//! [`RenderProgress::check`], so a signal stops it within a block.
//!
//! Lossy formats delay the sound by their encoder's priming; each writes that
//! delay and the end padding where players look for it (the LAME/Info tag for
//! MP3, the pre-skip and the last granule position for Opus), so a decoded
//! file starts and ends where the session does and every cue keeps its
//! instant.

mod feed;
mod flac;
mod mp3;
mod opus;
mod vorbis_comment;
mod wav;

use std::fmt;
use std::io::{BufWriter, Seek, Write};
use std::ops::Range;
use std::path::Path;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Duration;

pub use wav::{render_wav_file, write_wav};

use super::{AudioError, CueTrack, TrackConfig};
use crate::cues::timeline::{TimedSegment, Timeline};
use crate::plan::steps::Kind;
use crate::sys::atomic_file::Staged;

/// A file format walkrun writes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Format {
    Wav,
    Mp3,
    Opus,
    Flac,
}

impl Format {
    pub const ALL: [Format; 4] = [Format::Mp3, Format::Opus, Format::Flac, Format::Wav];

    /// The format a file name asks for by its extension (any case): `.wav`,
    /// `.mp3`, `.ogg` or `.opus` (Ogg Opus), `.flac`.
    pub fn of_path(path: &Path) -> Option<Format> {
        let ext = path.extension()?.to_str()?.to_ascii_lowercase();
        Some(match ext.as_str() {
            "wav" => Format::Wav,
            "mp3" => Format::Mp3,
            "ogg" | "opus" => Format::Opus,
            "flac" => Format::Flac,
            _ => return None,
        })
    }

    /// The extension for files of this format that walkrun names itself.
    pub fn extension(self) -> &'static str {
        match self {
            Format::Wav => "wav",
            Format::Mp3 => "mp3",
            Format::Opus => "opus",
            Format::Flac => "flac",
        }
    }

    /// The extensions [`Format::of_path`] knows, for messages.
    pub const EXTENSIONS: &'static str = ".mp3, .ogg or .opus, .flac, .wav";

    /// The sample rate used when none is asked for. Opus codes at 48 kHz
    /// whatever it is given, so the track is made at that rate.
    pub fn default_rate(self) -> u32 {
        match self {
            Format::Opus => 48_000,
            _ => crate::cues::timeline::DEFAULT_SAMPLE_RATE,
        }
    }

    /// Whether the format can carry `rate`; the error says which rates it can.
    pub fn check_rate(self, rate: u32) -> Result<(), AudioError> {
        let ok: &[u32] = match self {
            Format::Wav | Format::Flac => return Ok(()),
            Format::Mp3 => &[
                8_000, 11_025, 12_000, 16_000, 22_050, 24_000, 32_000, 44_100, 48_000,
            ],
            Format::Opus => &[48_000],
        };
        if ok.contains(&rate) {
            return Ok(());
        }
        let list: Vec<String> = ok.iter().map(u32::to_string).collect();
        Err(AudioError::FormatRate {
            format: self,
            rate,
            expected: list.join(", "),
        })
    }

    /// The bitrate a lossy format is coded at, in kbit/s: for the voice
    /// alone, what keeps speech and beeps clean (a 30-minute MP3 is under
    /// 15 MB); with music, what music needs to sound like music.
    pub fn bitrate_kbps(self, channels: u16, music: bool) -> Option<u32> {
        match (self, music) {
            (Format::Mp3, false) => Some(64),
            (Format::Mp3, true) => Some(if channels == 1 { 96 } else { 128 }),
            (Format::Opus, false) => Some(if channels == 1 { 32 } else { 40 }),
            (Format::Opus, true) => Some(if channels == 1 { 64 } else { 96 }),
            (Format::Wav | Format::Flac, _) => None,
        }
    }
}

impl fmt::Display for Format {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Format::Wav => "WAV",
            Format::Mp3 => "MP3",
            Format::Opus => "Ogg Opus",
            Format::Flac => "FLAC",
        })
    }
}

/// What a player shows about a file: its names and its chapters.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Tags {
    /// "W1D1 · Couch to 5K".
    pub title: String,
    /// The plan's name.
    pub album: Option<String>,
    pub artist: String,
    /// The session's place in its plan, counting from 1.
    pub track: Option<u32>,
    pub chapters: Vec<Chapter>,
}

/// One stretch of the file a player can jump to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Chapter {
    pub start_ms: u32,
    pub end_ms: u32,
    /// "Run 3 of 8, 90 s".
    pub title: String,
}

impl Tags {
    /// Tags for `timeline`, with one chapter per segment; the last chapter
    /// runs to the end of the file (the closing cue).
    pub fn new(
        timeline: &Timeline,
        title: String,
        album: Option<String>,
        track: Option<u32>,
    ) -> Tags {
        let ms = |frames: u64| {
            u32::try_from(frames * 1000 / u64::from(timeline.sample_rate.max(1)))
                .unwrap_or(u32::MAX)
        };
        let last = timeline.segments.len().saturating_sub(1);
        let chapters = timeline
            .segments
            .iter()
            .enumerate()
            .map(|(i, s)| Chapter {
                start_ms: ms(s.start),
                end_ms: ms(if i == last { timeline.len() } else { s.end }),
                title: chapter_title(timeline, s),
            })
            .collect();
        Tags {
            title,
            album,
            artist: "walkrun".to_string(),
            track,
            chapters,
        }
    }
}

/// "Run 3 of 8, 90 s", "Walk, 2 min", "Warm-up, 5 min".
pub fn chapter_title(timeline: &Timeline, s: &TimedSegment) -> String {
    let what = match (s.kind, s.run) {
        (Kind::Run, Some(r)) if r.of > 1 => format!("Run {} of {}", r.number, r.of),
        (Kind::Run, _) => "Run".to_string(),
        (Kind::Walk, _) => "Walk".to_string(),
        (Kind::Warmup, _) => "Warm-up".to_string(),
        (Kind::Cooldown, _) => "Cool-down".to_string(),
    };
    let seconds = s.len() / u64::from(timeline.sample_rate.max(1));
    format!("{what}, {}", spoken_length(seconds))
}

/// 90 s, 2 min, 2 min 30 s, 1 h 5 min: how a coach writes a length.
fn spoken_length(seconds: u64) -> String {
    let (h, m, s) = (seconds / 3600, seconds / 60 % 60, seconds % 60);
    match (h, m, s) {
        (0, 0, s) => format!("{s} s"),
        (0, 1, s) if s > 0 => format!("{} s", 60 + s),
        (0, m, 0) => format!("{m} min"),
        (0, m, s) => format!("{m} min {s} s"),
        (h, 0, _) => format!("{h} h"),
        (h, m, _) => format!("{h} h {m} min"),
    }
}

/// Where an encoder reads samples from: interleaved `f32`, in order.
pub trait SampleReader: Send {
    /// Fill `out` with the next samples; returns how many (0 at the end).
    fn fill(&mut self, out: &mut [f32]) -> usize;
}

impl SampleReader for CueTrack {
    fn fill(&mut self, out: &mut [f32]) -> usize {
        CueTrack::fill(self, out)
    }
}

/// The samples of a whole session, as an encoder sees them: their shape,
/// their length, where sound may be, and a reader from any frame.
pub trait Pcm: Sync {
    fn config(&self) -> TrackConfig;
    /// Frames in all.
    fn frames(&self) -> u64;
    /// Frame ranges, in order, outside which every sample is exactly zero.
    /// An encoder may code the silence between them without reading it.
    fn sound_spans(&self) -> Vec<Range<u64>>;
    /// The samples from frame `from` to the end.
    fn reader(&self, from: u64) -> Result<Box<dyn SampleReader + '_>, AudioError>;
}

impl Pcm for CueTrack {
    fn config(&self) -> TrackConfig {
        TrackConfig {
            sample_rate: rodio::Source::sample_rate(self).get(),
            channels: rodio::Source::channels(self).get(),
        }
    }

    fn frames(&self) -> u64 {
        self.len()
    }

    fn sound_spans(&self) -> Vec<Range<u64>> {
        CueTrack::sound_spans(self)
    }

    fn reader(&self, from: u64) -> Result<Box<dyn SampleReader + '_>, AudioError> {
        Ok(Box::new(self.restarted_at(from)))
    }
}

/// Frames read so far, shared between encoding threads and whoever shows
/// progress, and how many an encoder will read in all when that is not
/// every frame (MP3 reads only the frames near sound).
#[derive(Debug, Default)]
pub struct RenderProgress {
    done: AtomicU64,
    /// 0 until an encoder says: then every frame of the track is read.
    work: AtomicU64,
}

impl RenderProgress {
    pub fn add(&self, frames: u64) {
        self.done.fetch_add(frames, Ordering::Relaxed);
    }

    /// Whether to go on: an encoder asks between blocks, so SIGINT, SIGTERM
    /// or SIGHUP stops a long render within a block, not at its end.
    pub fn check(&self) -> Result<(), AudioError> {
        match crate::sys::interrupt::caught() {
            Some(signal) => Err(AudioError::Interrupted { signal }),
            None => Ok(()),
        }
    }

    pub fn get(&self) -> u64 {
        self.done.load(Ordering::Relaxed)
    }

    /// The encoder will read `frames` in all, not the whole track.
    pub fn expect(&self, frames: u64) {
        self.work.store(frames, Ordering::Relaxed);
    }

    /// How far through a track of `total` frames the encoder is, in frames
    /// of the track: the share of its work done, so a bar moves evenly
    /// whether or not silence is skipped.
    pub fn of(&self, total: u64) -> u64 {
        let done = self.get();
        match self.work.load(Ordering::Relaxed) {
            0 => done.min(total),
            work => (u128::from(done.min(work)) * u128::from(total) / u128::from(work)) as u64,
        }
    }
}

/// Anything an encoder can write to and go back in (WAV and MP3 fill in
/// their headers at the end).
pub trait WriteSeek: Write + Seek {}
impl<T: Write + Seek> WriteSeek for T {}

/// How a file was written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Written {
    /// Frames of sound, as a player decodes them.
    pub frames: u64,
    /// The file's size.
    pub bytes: u64,
    /// The bitrate a lossy format was coded at.
    pub bitrate_kbps: Option<u32>,
}

/// How a file is to be coded.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Encoding {
    pub format: Format,
    /// For lossy formats; `None` takes [`Format::bitrate_kbps`] for voice.
    pub bitrate_kbps: Option<u32>,
}

impl Encoding {
    fn kbps(&self, channels: u16) -> u32 {
        self.bitrate_kbps
            .or_else(|| self.format.bitrate_kbps(channels, false))
            .unwrap_or(0)
    }
}

/// Encode all of `pcm` to `out`. `progress` counts the frames read.
pub fn encode(
    encoding: Encoding,
    pcm: &dyn Pcm,
    tags: &Tags,
    out: &mut dyn WriteSeek,
    progress: &RenderProgress,
) -> Result<Written, AudioError> {
    let config = pcm.config();
    encoding.format.check_rate(config.sample_rate)?;
    let kbps = encoding.kbps(config.channels);
    let start = out.stream_position().map_err(io_error)?;
    match encoding.format {
        Format::Wav => {
            let mut reader = pcm.reader(0)?;
            wav::write(reader.as_mut(), config, pcm.frames(), &mut *out, progress)?;
        }
        Format::Mp3 => mp3::write(pcm, tags, kbps, &mut *out, progress)?,
        Format::Opus => opus::write(pcm, tags, kbps, &mut *out, progress)?,
        Format::Flac => flac::write(pcm, tags, &mut *out, progress)?,
    }
    out.flush().map_err(io_error)?;
    // Writers that fill in a header at the end leave the position there.
    let end = out.seek(std::io::SeekFrom::End(0)).map_err(io_error)?;
    Ok(Written {
        frames: pcm.frames(),
        bytes: end - start,
        bitrate_kbps: encoding
            .format
            .bitrate_kbps(config.channels, false)
            .map(|_| kbps),
    })
}

fn io_error(source: std::io::Error) -> AudioError {
    AudioError::Io {
        path: std::path::PathBuf::new(),
        source,
    }
}

/// Encode `pcm` into the file `path` through a temporary file in the same
/// folder, synced and renamed over the target: the target holds a whole file
/// or is left as it was. `progress(done, total)` is called now and then from
/// this thread, in frames.
pub fn render_file(
    path: &Path,
    encoding: Encoding,
    pcm: &dyn Pcm,
    tags: &Tags,
    mut progress: impl FnMut(u64, u64),
) -> Result<Written, AudioError> {
    encoding.format.check_rate(pcm.config().sample_rate)?;
    let io = |source| AudioError::Io {
        path: path.to_path_buf(),
        source,
    };
    let staged = Staged::new(path)?.stop_on_signal();
    let counter = RenderProgress::default();
    let total = pcm.frames();
    let written = std::thread::scope(|scope| {
        let (done_tx, done_rx) = std::sync::mpsc::channel();
        let staged = &staged;
        let counter = &counter;
        scope.spawn(move || {
            let mut out = BufWriter::with_capacity(1 << 20, staged.writer());
            let result = encode(encoding, pcm, tags, &mut out, counter);
            let result = result.and_then(|w| {
                out.into_inner().map_err(|e| io_error(e.into_error()))?;
                Ok(w)
            });
            let _ = done_tx.send(result);
        });
        loop {
            match done_rx.recv_timeout(Duration::from_millis(100)) {
                Ok(result) => break result,
                Err(std::sync::mpsc::RecvTimeoutError::Timeout) => {
                    progress(counter.of(total), total)
                }
                Err(std::sync::mpsc::RecvTimeoutError::Disconnected) => {
                    break Err(AudioError::Encode {
                        format: encoding.format,
                        message: "the encoder stopped".to_string(),
                    })
                }
            }
        }
    });
    let written = written.map_err(|e| match e {
        AudioError::Io { path: p, source } if p.as_os_str().is_empty() => io(source),
        AudioError::Interrupted { signal } => {
            AudioError::Write(crate::sys::atomic_file::WriteError::Interrupted {
                path: path.to_path_buf(),
                signal,
            })
        }
        e => e,
    })?;
    progress(total, total);
    staged.commit()?;
    Ok(written)
}

/// Read `reader` to its end in blocks of about `block` frames, handing each
/// block to `sink`; counts the frames in `progress`.
fn read_blocks(
    reader: &mut dyn SampleReader,
    channels: u16,
    frames: u64,
    progress: &RenderProgress,
    mut sink: impl FnMut(&[f32]) -> Result<(), AudioError>,
) -> Result<u64, AudioError> {
    const BLOCK_FRAMES: usize = 16 * 1024;
    let ch = usize::from(channels.max(1));
    let mut buf = vec![0.0f32; BLOCK_FRAMES * ch];
    let mut done = 0u64;
    while done < frames {
        progress.check()?;
        let want = ((frames - done).min(BLOCK_FRAMES as u64)) as usize * ch;
        let n = reader.fill(&mut buf[..want]);
        if n == 0 {
            break;
        }
        sink(&buf[..n])?;
        let f = (n / ch) as u64;
        done += f;
        progress.add(f);
    }
    Ok(done)
}

/// Items a job may hand on before it waits for the writer: enough that a
/// short job (a burst of cues) is done in one go, few enough that what waits
/// stays small (4096 MP3 frames at 128 kbit/s are under 2 MB).
const JOB_QUEUE: usize = 4096;

/// What a worker hands the writer.
enum Handed<T> {
    Item(T),
    Failed(AudioError),
}

/// Run `jobs` on up to `threads` threads and hand what each makes to `sink`,
/// in job order, as it comes: `sink(job, item)`. At most `threads + 1` jobs
/// are under way and each holds at most [`JOB_QUEUE`] items the writer has
/// not taken, so memory stays bounded however long the session (MP3 cuts
/// music into chunks; an Opus encoder over the whole session streams
/// through its queue).
///
/// `work(job, hand)` makes a job's items and hands each on; `hand` fails once
/// the writer has stopped (an error elsewhere), and the job should return.
fn in_order<J, T, W, S>(jobs: &[J], threads: usize, work: W, mut sink: S) -> Result<(), AudioError>
where
    J: Sync,
    T: Send,
    W: Fn(&J, &mut dyn FnMut(T) -> Result<(), AudioError>) -> Result<(), AudioError> + Sync,
    S: FnMut(usize, T) -> Result<(), AudioError>,
{
    if threads <= 1 || jobs.len() <= 1 {
        for (i, job) in jobs.iter().enumerate() {
            work(job, &mut |item| sink(i, item))?;
        }
        return Ok(());
    }
    use std::sync::mpsc::{channel, sync_channel, Receiver, SyncSender};
    type Queued<T> = (usize, SyncSender<Handed<T>>);
    let (job_tx, job_rx) = channel::<Queued<T>>();
    let job_rx = std::sync::Mutex::new(job_rx);
    let work = &work;
    let job_rx = &job_rx;
    std::thread::scope(|scope| {
        for _ in 0..threads {
            scope.spawn(move || loop {
                // Jobs are taken in order: a job the writer waits for is
                // always taken before any later one, so no one waits forever.
                let next = match job_rx.lock() {
                    Ok(rx) => rx.recv().ok(),
                    Err(_) => None,
                };
                let Some((i, tx)) = next else { break };
                let mut hand = |item: T| {
                    tx.send(Handed::Item(item)).map_err(|_| AudioError::Encode {
                        format: Format::Wav,
                        // Never shown: the writer has its own error.
                        message: "the writer stopped".to_string(),
                    })
                };
                if let Err(e) = work(&jobs[i], &mut hand) {
                    let _ = tx.send(Handed::Failed(e));
                }
            });
        }
        let mut pending: std::collections::VecDeque<Receiver<Handed<T>>> =
            std::collections::VecDeque::new();
        let mut next = 0usize;
        let queue =
            |next: &mut usize, pending: &mut std::collections::VecDeque<Receiver<Handed<T>>>| {
                let (tx, rx) = sync_channel(JOB_QUEUE);
                if job_tx.send((*next, tx)).is_ok() {
                    pending.push_back(rx);
                }
                *next += 1;
            };
        let result = (|| {
            while next < jobs.len() && pending.len() <= threads {
                queue(&mut next, &mut pending);
            }
            let mut job = 0usize;
            while let Some(rx) = pending.pop_front() {
                // The job's sender goes when the job is done.
                for handed in rx.iter() {
                    match handed {
                        Handed::Item(item) => sink(job, item)?,
                        Handed::Failed(e) => return Err(e),
                    }
                }
                job += 1;
                if next < jobs.len() {
                    queue(&mut next, &mut pending);
                }
            }
            Ok(())
        })();
        // Workers waiting for a job or blocked on a full queue are let go.
        drop(pending);
        drop(job_tx);
        result
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formats_by_extension_in_any_case() {
        let f = |p: &str| Format::of_path(Path::new(p));
        assert_eq!(f("a.mp3"), Some(Format::Mp3));
        assert_eq!(f("dir/A.MP3"), Some(Format::Mp3));
        assert_eq!(f("a.ogg"), Some(Format::Opus));
        assert_eq!(f("a.opus"), Some(Format::Opus));
        assert_eq!(f("a.flac"), Some(Format::Flac));
        assert_eq!(f("a.wav"), Some(Format::Wav));
        assert_eq!(f("a.m4a"), None);
        assert_eq!(f("mp3"), None);
    }

    #[test]
    fn lengths_as_a_coach_writes_them() {
        let cases = [
            (30, "30 s"),
            (60, "1 min"),
            (90, "90 s"),
            (120, "2 min"),
            (150, "2 min 30 s"),
            (300, "5 min"),
            (1800, "30 min"),
            (3600, "1 h"),
            (3900, "1 h 5 min"),
        ];
        for (s, text) in cases {
            assert_eq!(spoken_length(s), text);
        }
    }

    #[test]
    fn progress_reaches_the_end_for_every_format_though_mp3_skips_silence() {
        // A voice track is mostly silence, which MP3 does not read: its
        // progress must still run from 0 to the whole track, not stop at the
        // small share of frames near sound.
        let session = crate::plan::steps::parse("walk 40s, run 20s").unwrap();
        for (format, rate) in [
            (Format::Mp3, 44_100),
            (Format::Opus, 48_000),
            (Format::Flac, 44_100),
            (Format::Wav, 44_100),
        ] {
            let bank = crate::audio::CueBank::builtin(rate).unwrap();
            let t = bank.timeline(&session, &crate::cues::speech::Script::default());
            let config = TrackConfig {
                sample_rate: rate,
                channels: 1,
            };
            let track = CueTrack::new(&t, &bank, config).unwrap();
            let total = Pcm::frames(&track);
            let progress = RenderProgress::default();
            assert_eq!(progress.of(total), 0);
            let encoding = Encoding {
                format,
                bitrate_kbps: None,
            };
            let tags = Tags::new(&t, "T".into(), None, None);
            let mut out = std::io::Cursor::new(Vec::new());
            encode(encoding, &track, &tags, &mut out, &progress).unwrap();
            assert_eq!(progress.of(total), total, "{format}");
        }
    }

    #[test]
    fn jobs_on_threads_hand_their_items_on_in_order_and_an_error_stops_them() {
        // Jobs of uneven length, more than the threads and longer than a
        // queue: the writer must see every item once, in job order.
        let jobs: Vec<u32> = (0..40).map(|i| (i * 7919) % 5000 + 1).collect();
        let mut seen: Vec<(usize, u32)> = Vec::new();
        in_order(
            &jobs,
            3,
            |&n, hand| (0..n).try_for_each(&mut *hand),
            |job, k| {
                seen.push((job, k));
                Ok(())
            },
        )
        .unwrap();
        let want: Vec<(usize, u32)> = jobs
            .iter()
            .enumerate()
            .flat_map(|(j, &n)| (0..n).map(move |k| (j, k)))
            .collect();
        assert!(seen == want, "items out of order or lost");

        // A job that fails: its error comes back, and no later job's items
        // are written after it.
        let mut last = 0;
        let e = in_order(
            &jobs,
            3,
            |&n, hand| {
                if n == jobs[5] {
                    return Err(AudioError::Channels(9));
                }
                (0..n).try_for_each(&mut *hand)
            },
            |job, _| {
                last = job;
                Ok(())
            },
        )
        .unwrap_err();
        assert!(matches!(e, AudioError::Channels(9)), "{e}");
        assert!(last < 5, "job {last} written after the failed one");
    }

    #[test]
    fn a_chapter_per_segment_named_like_the_display() {
        let session =
            crate::plan::steps::parse("warmup 5m, 2x(run 90s, walk 2m), cooldown 5m").unwrap();
        let t = Timeline::new(&session, 1000);
        let tags = Tags::new(&t, "T".into(), None, None);
        let titles: Vec<&str> = tags.chapters.iter().map(|c| c.title.as_str()).collect();
        assert_eq!(
            titles,
            [
                "Warm-up, 5 min",
                "Run 1 of 2, 90 s",
                "Walk, 2 min",
                "Run 2 of 2, 90 s",
                "Walk, 2 min",
                "Cool-down, 5 min"
            ]
        );
        assert_eq!(tags.chapters[1].start_ms, 300_000);
        assert_eq!(tags.chapters[1].end_ms, 390_000);
        assert_eq!(tags.chapters[5].end_ms as u64, t.len());
    }
}
