//! The runner's own music under the coach, for a rendered file and for live
//! play: files decoded with symphonia (Opus with libopus), in name order or
//! shuffled, looped to fill the session, brought to the track's rate and
//! channels, and ducked around every cue.
//!
//! The music is only ever added: the cue samples are the same with music as
//! without, so no cue moves and the voice stays exactly as it was.

use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

use symphonia::core::audio::SampleBuffer;
use symphonia::core::codecs::{DecoderOptions, CODEC_TYPE_NULL, CODEC_TYPE_OPUS};
use symphonia::core::errors::Error as SymphoniaError;
use symphonia::core::formats::{FormatOptions, FormatReader};
use symphonia::core::io::MediaSourceStream;
use symphonia::core::meta::MetadataOptions;
use symphonia::core::probe::Hint;

use super::encode::SampleReader;
use super::{AudioError, CueTrack, TrackConfig};
use crate::cues::timeline::Timeline;

/// The music's level between cues, before `--music-volume`: -12 dB, well
/// under the voice (whose clips peak at -3 dBFS) for music mastered loud.
pub const BED_GAIN: f32 = 0.25;
/// How far the music drops under a cue: -16.5 dB, so it is at least 12 dB
/// down during every cue whatever the volume.
pub const DUCK_GAIN: f32 = 0.15;
/// The music goes down this long before a cue starts...
pub const DUCK_ATTACK_MS: u64 = 100;
/// ...and comes back over this long after it ends.
pub const DUCK_RELEASE_MS: u64 = 400;
/// Cues closer than this stay under one duck: a countdown and the change it
/// counts down to, without the music swelling between beeps.
pub const DUCK_HOLD_MS: u64 = 1500;
/// The extensions walkrun looks for in a music folder.
pub const EXTENSIONS: [&str; 7] = ["mp3", "flac", "ogg", "oga", "opus", "wav", "wave"];

/// The order a folder plays in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum MusicOrder {
    /// Shuffled anew each time.
    #[default]
    Shuffle,
    /// By file name.
    Name,
}

/// The files to play, each checked to decode. `warnings` says which were
/// skipped and why, once each.
#[derive(Debug, Clone)]
pub struct Playlist {
    files: Vec<PathBuf>,
    pub warnings: Vec<String>,
}

impl Playlist {
    /// `path` is a music file or a folder of them (not searched below).
    /// Files that do not decode are skipped with a warning; none that do is
    /// an error.
    pub fn open(path: &Path, order: MusicOrder) -> Result<Playlist, AudioError> {
        let music_error = |message: String| AudioError::Music {
            path: path.to_path_buf(),
            message,
        };
        // What the path is, from its metadata: a FIFO or a device is named
        // and never opened (opening a FIFO waits for a writer).
        let meta = std::fs::metadata(path).map_err(|e| music_error(unreadable(path, &e)))?;
        let folder = meta.is_dir();
        let candidates: Vec<PathBuf> = if folder {
            let entries = std::fs::read_dir(path)
                .map_err(|e| music_error(format!("the folder cannot be read: {e}")))?;
            let mut files: Vec<PathBuf> = entries
                .filter_map(|e| e.ok().map(|e| e.path()))
                .filter(|p| p.is_file() && has_music_extension(p))
                .collect();
            files.sort();
            files
        } else if meta.is_file() {
            vec![path.to_path_buf()]
        } else {
            return Err(music_error(format!(
                "is {}, not a music file or a folder",
                what_it_is(&meta)
            )));
        };
        let mut files = Vec::new();
        let mut warnings = Vec::new();
        let mut failed: Vec<(PathBuf, String)> = Vec::new();
        for file in candidates {
            // A big folder is probed file by file: a signal stops it here.
            if let Some(signal) = crate::sys::interrupt::caught() {
                return Err(AudioError::Interrupted { signal });
            }
            match Track::open(&file).and_then(|mut t| t.first_samples()) {
                Ok(()) => files.push(file),
                Err(why) => failed.push((file, why)),
            }
        }
        if files.is_empty() {
            let what = match failed.split_first() {
                None => format!(
                    "no music in this folder (expected files ending in .{})",
                    EXTENSIONS.join(", .")
                ),
                Some(((_, why), [])) if !folder => format!("cannot be decoded: {why}"),
                Some(((file, why), rest)) => {
                    let name = file.file_name().map_or_else(
                        || file.display().to_string(),
                        |n| n.to_string_lossy().into_owned(),
                    );
                    let more = match rest.len() {
                        0 => String::new(),
                        1 => "; 1 more file cannot be decoded either".to_string(),
                        n => format!("; {n} more files cannot be decoded either"),
                    };
                    format!("no music walkrun can decode in this folder: {name}: {why}{more}")
                }
            };
            return Err(music_error(what));
        }
        for (file, why) in failed {
            warnings.push(format!("music: {} is skipped: {why}", file.display()));
        }
        if order == MusicOrder::Shuffle {
            shuffle(&mut files);
        }
        Ok(Playlist { files, warnings })
    }

    pub fn files(&self) -> &[PathBuf] {
        &self.files
    }
}

/// Why `path` cannot be looked at, as the end of a sentence after its name.
fn unreadable(path: &Path, e: &std::io::Error) -> String {
    let link = std::fs::symlink_metadata(path).is_ok_and(|m| m.file_type().is_symlink());
    if e.raw_os_error() == Some(libc::ELOOP) {
        return "is a loop of symbolic links, not a music file or a folder".to_string();
    }
    match e.kind() {
        std::io::ErrorKind::NotFound if link => {
            "is a symbolic link to nothing: no such file or folder".to_string()
        }
        std::io::ErrorKind::NotFound => "no such file or folder".to_string(),
        std::io::ErrorKind::PermissionDenied => "cannot be read: permission denied".to_string(),
        _ => format!("cannot be read: {e}"),
    }
}

/// "a FIFO", "a socket", ...: what a path is that is neither file nor folder.
fn what_it_is(m: &std::fs::Metadata) -> &'static str {
    use std::os::unix::fs::FileTypeExt;
    let t = m.file_type();
    if t.is_fifo() {
        "a FIFO (named pipe)"
    } else if t.is_socket() {
        "a socket"
    } else if t.is_char_device() {
        "a character device"
    } else if t.is_block_device() {
        "a block device"
    } else {
        "something other than a file"
    }
}

fn has_music_extension(p: &Path) -> bool {
    p.extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| EXTENSIONS.contains(&e.to_ascii_lowercase().as_str()))
}

/// Fisher-Yates with a xorshift seeded from the clock: a new order each
/// session is all a shuffle needs here.
fn shuffle(files: &mut [PathBuf]) {
    let mut x = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0x9e37_79b9_7f4a_7c15, |d| d.as_nanos() as u64)
        | 1;
    for i in (1..files.len()).rev() {
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        files.swap(i, (x % (i as u64 + 1)) as usize);
    }
}

enum Codec {
    Symphonia(Box<dyn symphonia::core::codecs::Decoder>),
    Opus {
        decoder: audiopus::coder::Decoder,
        /// Samples still to drop from the start (the stream's pre-skip).
        skip: usize,
    },
}

/// One file being decoded: interleaved `f32` at its own rate.
struct Track {
    format: Box<dyn FormatReader>,
    codec: Codec,
    track_id: u32,
    rate: u32,
    channels: usize,
    samples: Vec<f32>,
    pos: usize,
    ended: bool,
}

impl Track {
    fn open(path: &Path) -> Result<Track, String> {
        // Never blocks: a FIFO put in place of a file since it was listed
        // is refused, not waited on.
        let file = {
            use std::os::unix::fs::OpenOptionsExt;
            std::fs::OpenOptions::new()
                .read(true)
                .custom_flags(libc::O_NONBLOCK)
                .open(path)
                .map_err(|e| format!("it cannot be read: {e}"))?
        };
        if !file.metadata().is_ok_and(|m| m.is_file()) {
            return Err("it is not a regular file".to_string());
        }
        let mss = MediaSourceStream::new(Box::new(file), Default::default());
        let mut hint = Hint::new();
        if let Some(ext) = path.extension().and_then(|e| e.to_str()) {
            hint.with_extension(ext);
        }
        let probed = symphonia::default::get_probe()
            .format(
                &hint,
                mss,
                &FormatOptions::default(),
                &MetadataOptions::default(),
            )
            .map_err(short)?;
        let format = probed.format;
        let track = format
            .tracks()
            .iter()
            .find(|t| t.codec_params.codec != CODEC_TYPE_NULL)
            .ok_or("it holds no audio")?;
        let params = track.codec_params.clone();
        let track_id = track.id;
        let rate = params
            .sample_rate
            .ok_or("its audio does not say its sample rate")?;
        let channels = params.channels.map_or(0, |c| c.count());
        if channels == 0 {
            return Err("its audio has no channels".to_string());
        }
        let codec = if params.codec == CODEC_TYPE_OPUS {
            let ch = match channels {
                1 => audiopus::Channels::Mono,
                2 => audiopus::Channels::Stereo,
                n => {
                    return Err(format!(
                        "it is Opus with {n} channels; walkrun plays mono or stereo"
                    ))
                }
            };
            let decoder = audiopus::coder::Decoder::new(audiopus::SampleRate::Hz48000, ch)
                .map_err(|e| format!("its Opus cannot be decoded: {e}"))?;
            Codec::Opus {
                decoder,
                skip: params.delay.unwrap_or(0) as usize * channels,
            }
        } else {
            Codec::Symphonia(
                symphonia::default::get_codecs()
                    .make(&params, &DecoderOptions::default())
                    .map_err(short)?,
            )
        };
        Ok(Track {
            format,
            codec,
            track_id,
            rate,
            channels,
            samples: Vec::new(),
            pos: 0,
            ended: false,
        })
    }

    /// Decode until some samples come out: proof the file plays.
    fn first_samples(&mut self) -> Result<(), String> {
        for _ in 0..64 {
            match self.decode_next() {
                Ok(true) if self.samples.len() > self.pos => return Ok(()),
                Ok(true) => continue,
                Ok(false) => return Err("it ends before any sound".to_string()),
                Err(e) => return Err(e),
            }
        }
        Err("its first 64 packets hold no sound".to_string())
    }

    /// Decode the next packet into `samples`; `Ok(false)` at the end.
    fn decode_next(&mut self) -> Result<bool, String> {
        loop {
            let packet = match self.format.next_packet() {
                Ok(p) => p,
                Err(SymphoniaError::IoError(e))
                    if e.kind() == std::io::ErrorKind::UnexpectedEof =>
                {
                    return Ok(false)
                }
                Err(SymphoniaError::ResetRequired) => return Ok(false),
                Err(e) => return Err(short(e)),
            };
            if packet.track_id() != self.track_id {
                continue;
            }
            self.samples.drain(..self.pos);
            self.pos = 0;
            match &mut self.codec {
                Codec::Symphonia(decoder) => match decoder.decode(&packet) {
                    Ok(decoded) => {
                        let mut buf =
                            SampleBuffer::<f32>::new(decoded.capacity() as u64, *decoded.spec());
                        buf.copy_interleaved_ref(decoded);
                        self.samples.extend_from_slice(buf.samples());
                    }
                    // A damaged packet is a moment of silence, not the end.
                    Err(SymphoniaError::DecodeError(_)) => continue,
                    Err(e) => return Err(short(e)),
                },
                Codec::Opus { decoder, skip } => {
                    // 120 ms is the longest an Opus packet holds.
                    let mut out = vec![0.0f32; 5760 * self.channels];
                    let packet = audiopus::packet::Packet::try_from(packet.buf())
                        .map_err(|e| e.to_string())?;
                    let signals =
                        audiopus::MutSignals::try_from(&mut out[..]).map_err(|e| e.to_string())?;
                    let n = decoder
                        .decode_float(Some(packet), signals, false)
                        .map_err(|e| e.to_string())?;
                    let n = n * self.channels;
                    let drop = (*skip).min(n);
                    *skip -= drop;
                    self.samples.extend_from_slice(&out[drop..n]);
                }
            }
            return Ok(true);
        }
    }

    /// The next frame, `None` at the end of the file.
    fn next_frame(&mut self, frame: &mut [f32; 2]) -> Option<()> {
        while self.pos + self.channels > self.samples.len() {
            if self.ended {
                return None;
            }
            match self.decode_next() {
                Ok(true) => {}
                // An error part-way through ends this file; the next plays.
                Ok(false) | Err(_) => {
                    self.ended = true;
                    return None;
                }
            }
        }
        let s = &self.samples[self.pos..self.pos + self.channels];
        *frame = if self.channels == 1 {
            [s[0], s[0]]
        } else {
            [s[0], s[1]]
        };
        self.pos += self.channels;
        Some(())
    }
}

/// What went wrong, as the end of a sentence after the file's name.
fn short(e: SymphoniaError) -> String {
    match e {
        SymphoniaError::Unsupported(what) if what.contains("no suitable format reader") => {
            "it is in no format walkrun reads (MP3, FLAC, Ogg Vorbis, Opus or WAV)".to_string()
        }
        SymphoniaError::Unsupported(what) => {
            format!("it uses something walkrun cannot decode: {what}")
        }
        SymphoniaError::IoError(e) if e.kind() == std::io::ErrorKind::UnexpectedEof => {
            "it ends before any audio is found in it: it is cut short, or it is not audio"
                .to_string()
        }
        SymphoniaError::IoError(e) => format!("it cannot be read: {e}"),
        SymphoniaError::DecodeError(what) => format!("it is damaged: {what}"),
        SymphoniaError::ResetRequired => "its audio changes format part-way".to_string(),
        e => format!("it is damaged: {e}"),
    }
}

/// The playlist as one endless stream at a track's rate: file after file,
/// from the first again after the last. Resampled with 4-point cubic
/// (Catmull-Rom) interpolation, which is plenty for music under a voice.
pub struct MusicStream {
    files: Vec<PathBuf>,
    next_file: usize,
    track: Option<Track>,
    rate: u32,
    /// The last four input frames (stereo), for interpolation.
    history: [[f32; 2]; 4],
    /// Position between history[1] and history[2], in input frames.
    phase: f64,
    /// A pass over every file without one frame of sound: give up (silence).
    dead: bool,
}

impl std::fmt::Debug for MusicStream {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("MusicStream")
            .field("files", &self.files.len())
            .field("rate", &self.rate)
            .finish_non_exhaustive()
    }
}

impl MusicStream {
    pub fn new(playlist: &Playlist, rate: u32) -> MusicStream {
        MusicStream {
            files: playlist.files.clone(),
            next_file: 0,
            track: None,
            rate,
            history: [[0.0; 2]; 4],
            phase: 0.0,
            dead: false,
        }
    }

    /// The next input frame at the file's own rate, going on to the next
    /// file at the end of one; `None` when no file plays at all.
    fn input_frame(&mut self) -> Option<([f32; 2], u32)> {
        let mut tried = 0;
        loop {
            if let Some(t) = self.track.as_mut() {
                let mut frame = [0.0; 2];
                if t.next_frame(&mut frame).is_some() {
                    return Some((frame, t.rate));
                }
                self.track = None;
            }
            if self.dead || tried > self.files.len() {
                self.dead = true;
                return None;
            }
            tried += 1;
            let path = &self.files[self.next_file % self.files.len()];
            self.next_file = (self.next_file + 1) % self.files.len();
            self.track = Track::open(path).ok();
        }
    }

    /// The next output frame (stereo) at the stream's rate.
    fn next_frame(&mut self) -> [f32; 2] {
        loop {
            let Some((_, in_rate)) = self.track.as_ref().map(|t| ((), t.rate)) else {
                if self.pull().is_none() {
                    return [0.0; 2];
                }
                continue;
            };
            if in_rate == self.rate {
                // Same rate: the frames themselves, no filtering.
                let f = self.history[2];
                if self.pull().is_none() {
                    return [0.0; 2];
                }
                return f;
            }
            if self.phase >= 1.0 {
                self.phase -= 1.0;
                if self.pull().is_none() {
                    return [0.0; 2];
                }
                continue;
            }
            let t = self.phase as f32;
            let h = &self.history;
            let mut out = [0.0; 2];
            for (c, o) in out.iter_mut().enumerate() {
                let (p0, p1, p2, p3) = (h[0][c], h[1][c], h[2][c], h[3][c]);
                *o = p1
                    + 0.5
                        * t
                        * (p2 - p0
                            + t * (2.0 * p0 - 5.0 * p1 + 4.0 * p2 - p3
                                + t * (3.0 * (p1 - p2) + p3 - p0)));
            }
            self.phase += f64::from(in_rate) / f64::from(self.rate);
            return out;
        }
    }

    /// Shift one input frame into the history.
    fn pull(&mut self) -> Option<()> {
        let (frame, _) = self.input_frame()?;
        self.history.rotate_left(1);
        self.history[3] = frame;
        Some(())
    }

    /// Fill `out` (interleaved, `channels` 1 or 2) with the next frames.
    pub fn fill(&mut self, out: &mut [f32], channels: u16) {
        if channels == 1 {
            for s in out.iter_mut() {
                let [l, r] = self.next_frame();
                *s = 0.5 * (l + r);
            }
        } else {
            for f in out.chunks_exact_mut(2) {
                let [l, r] = self.next_frame();
                f[0] = l;
                f[1] = r;
            }
        }
    }
}

/// How loud the music is at each frame of a timeline: [`BED_GAIN`] times the
/// volume, down by [`DUCK_GAIN`] from [`DUCK_ATTACK_MS`] before each cue
/// until [`DUCK_RELEASE_MS`] after it, cues close together under one duck.
#[derive(Debug, Clone)]
pub struct Ducking {
    /// Frames where the music is fully down, merged and in order.
    spans: Vec<(u64, u64)>,
    attack: u64,
    release: u64,
    bed: f32,
}

impl Ducking {
    /// For the cues of `timeline` (each from its start for its clip's
    /// length), at `volume` (1.0 = the default level).
    pub fn new(timeline: &Timeline, volume: f32) -> Ducking {
        let rate = u64::from(timeline.sample_rate);
        let ms = |m: u64| m * rate / 1000;
        let hold = ms(DUCK_HOLD_MS);
        let mut spans: Vec<(u64, u64)> = Vec::new();
        for cue in timeline.cues.iter().filter(|c| c.len > 0) {
            match spans.last_mut() {
                Some(last) if cue.at <= last.1 + hold => last.1 = last.1.max(cue.end()),
                _ => spans.push((cue.at, cue.end())),
            }
        }
        Ducking {
            spans,
            attack: ms(DUCK_ATTACK_MS).max(1),
            release: ms(DUCK_RELEASE_MS).max(1),
            bed: BED_GAIN * volume.max(0.0),
        }
    }

    /// The gain at frame `f`; `hint` is an index into the spans that only
    /// moves forward, so a block costs no search.
    fn gain(&self, f: u64, hint: &mut usize) -> f32 {
        while *hint < self.spans.len() && self.spans[*hint].1 + self.release <= f {
            *hint += 1;
        }
        let Some(&(start, end)) = self.spans.get(*hint) else {
            return self.bed;
        };
        let down = if f >= end {
            // Coming back up.
            1.0 - (f - end) as f32 / self.release as f32
        } else if f >= start {
            1.0
        } else if f + self.attack > start {
            (f + self.attack - start) as f32 / self.attack as f32
        } else {
            0.0
        };
        self.bed * (1.0 - down * (1.0 - DUCK_GAIN))
    }

    /// Add `music` (interleaved, `channels`) times the gain to `out`, for the
    /// frames from `first`.
    pub fn mix(&self, out: &mut [f32], music: &[f32], channels: u16, first: u64) {
        let ch = usize::from(channels.max(1));
        let mut hint = self.spans.partition_point(|s| s.1 + self.release <= first);
        for (i, (o, m)) in out
            .chunks_exact_mut(ch)
            .zip(music.chunks_exact(ch))
            .enumerate()
        {
            let g = self.gain(first + i as u64, &mut hint);
            for (o, m) in o.iter_mut().zip(m) {
                *o += g * m;
            }
        }
    }
}

/// A runner's music for one session: what plays, how loud, where it ducks.
/// Shared by render (one pass) and live play (the stream goes on across
/// pauses and skips, so a skip keeps the same song).
#[derive(Debug, Clone)]
pub struct MusicBed {
    stream: Arc<Mutex<MusicStream>>,
    ducking: Arc<Ducking>,
}

impl MusicBed {
    pub fn new(playlist: &Playlist, timeline: &Timeline, volume: f32) -> MusicBed {
        MusicBed {
            stream: Arc::new(Mutex::new(MusicStream::new(playlist, timeline.sample_rate))),
            ducking: Arc::new(Ducking::new(timeline, volume)),
        }
    }

    /// `track` with the music under it, from the track's current position.
    pub fn under(&self, track: CueTrack) -> WithMusic {
        let config = TrackConfig {
            sample_rate: rodio::Source::sample_rate(&track).get(),
            channels: rodio::Source::channels(&track).get(),
        };
        let frame = track.len() - track.remaining_frames();
        WithMusic {
            track,
            bed: self.clone(),
            config,
            frame,
            music: Vec::new(),
            buf: Vec::new(),
            buf_pos: 0,
        }
    }
}

/// A cue track with music added, read in blocks (render) or sample by sample
/// (live, as a rodio source).
pub struct WithMusic {
    track: CueTrack,
    bed: MusicBed,
    config: TrackConfig,
    /// The frame the next block starts at.
    frame: u64,
    music: Vec<f32>,
    buf: Vec<f32>,
    buf_pos: usize,
}

impl WithMusic {
    /// The shared count of frames handed out (the cue track's).
    pub fn position(&self) -> Arc<std::sync::atomic::AtomicU64> {
        self.track.position()
    }

    fn fill_block(&mut self, out: &mut [f32]) -> usize {
        let n = self.track.fill(out);
        self.music.resize(n, 0.0);
        if let Ok(mut stream) = self.bed.stream.lock() {
            stream.fill(&mut self.music, self.config.channels);
        }
        self.bed
            .ducking
            .mix(&mut out[..n], &self.music, self.config.channels, self.frame);
        self.frame += (n / usize::from(self.config.channels.max(1))) as u64;
        n
    }
}

impl SampleReader for WithMusic {
    fn fill(&mut self, out: &mut [f32]) -> usize {
        self.fill_block(out)
    }
}

impl Iterator for WithMusic {
    type Item = f32;

    #[inline]
    fn next(&mut self) -> Option<f32> {
        if self.buf_pos == self.buf.len() {
            // 20 ms blocks: small enough that a pause cuts the music quickly.
            let frames = (self.config.sample_rate / 50).max(1) as usize;
            let mut buf = std::mem::take(&mut self.buf);
            buf.resize(frames * usize::from(self.config.channels), 0.0);
            let n = self.fill_block(&mut buf);
            buf.truncate(n);
            self.buf = buf;
            self.buf_pos = 0;
            if n == 0 {
                return None;
            }
        }
        let s = self.buf[self.buf_pos];
        self.buf_pos += 1;
        Some(s)
    }
}

impl rodio::Source for WithMusic {
    fn current_span_len(&self) -> Option<usize> {
        self.track.current_span_len()
    }

    fn channels(&self) -> rodio::ChannelCount {
        self.track.channels()
    }

    fn sample_rate(&self) -> rodio::SampleRate {
        self.track.sample_rate()
    }

    fn total_duration(&self) -> Option<std::time::Duration> {
        self.track.total_duration()
    }
}

/// A session's samples with music under them, for the encoders: sound
/// everywhere, read from the start.
pub struct MusicPcm<'a> {
    pub track: &'a CueTrack,
    pub playlist: &'a Playlist,
    pub timeline: &'a Timeline,
    pub volume: f32,
}

impl super::encode::Pcm for MusicPcm<'_> {
    fn config(&self) -> TrackConfig {
        super::encode::Pcm::config(self.track)
    }

    fn frames(&self) -> u64 {
        self.track.len()
    }

    #[allow(clippy::single_range_in_vec_init)] // one span: the whole track
    fn sound_spans(&self) -> Vec<std::ops::Range<u64>> {
        vec![0..self.track.len()]
    }

    fn reader(&self, from: u64) -> Result<Box<dyn SampleReader + '_>, AudioError> {
        let bed = MusicBed::new(self.playlist, self.timeline, self.volume);
        let mixed = bed.under(self.track.restarted_at(0));
        let ch = usize::from(super::encode::Pcm::config(self.track).channels.max(1));
        Ok(Box::new(Ahead::start(mixed, from, ch)?))
    }
}

/// Blocks of mixed music made ahead, on a thread of their own: decoding the
/// songs and mixing them under the cues goes on beside the encoders, not
/// between their blocks.
struct Ahead {
    blocks: Option<std::sync::mpsc::Receiver<Vec<f32>>>,
    block: Vec<f32>,
    pos: usize,
    thread: Option<std::thread::JoinHandle<()>>,
}

impl Ahead {
    /// Frames of a block, and blocks made ahead of the reader: 1.5 MB of
    /// stereo samples at most, whatever the length.
    const FRAMES: usize = 16 * 1024;
    const QUEUE: usize = 6;

    /// `mixed` from frame `from` on.
    fn start(mut mixed: WithMusic, from: u64, ch: usize) -> Result<Ahead, AudioError> {
        let (tx, rx) = std::sync::mpsc::sync_channel(Self::QUEUE);
        let thread = std::thread::Builder::new()
            .name("music".to_string())
            .spawn(move || {
                let mut left = from;
                loop {
                    // A signal stops the render: the encoder says so.
                    if crate::sys::interrupt::caught().is_some() {
                        break;
                    }
                    let frames = if left > 0 {
                        left.min(Self::FRAMES as u64) as usize
                    } else {
                        Self::FRAMES
                    };
                    let mut block = vec![0.0f32; frames * ch];
                    let n = mixed.fill_block(&mut block);
                    if n == 0 {
                        break;
                    }
                    if left > 0 {
                        // Music is a stream: a later start is reached by
                        // playing up to it.
                        left -= (n / ch) as u64;
                        continue;
                    }
                    block.truncate(n);
                    // The reader is gone: stop.
                    if tx.send(block).is_err() {
                        break;
                    }
                }
            })
            .map_err(|e| AudioError::Encode {
                format: super::Format::Wav,
                message: format!("cannot start the music's thread: {e}"),
            })?;
        Ok(Ahead {
            blocks: Some(rx),
            block: Vec::new(),
            pos: 0,
            thread: Some(thread),
        })
    }
}

impl SampleReader for Ahead {
    fn fill(&mut self, out: &mut [f32]) -> usize {
        let mut done = 0;
        while done < out.len() {
            if self.pos == self.block.len() {
                match self.blocks.as_ref().and_then(|rx| rx.recv().ok()) {
                    Some(block) => {
                        self.block = block;
                        self.pos = 0;
                    }
                    None => break,
                }
            }
            let n = (out.len() - done).min(self.block.len() - self.pos);
            out[done..done + n].copy_from_slice(&self.block[self.pos..self.pos + n]);
            done += n;
            self.pos += n;
        }
        done
    }
}

impl Drop for Ahead {
    fn drop(&mut self) {
        // The thread's next send fails once the queue is gone, and it ends.
        drop(self.blocks.take());
        if let Some(t) = self.thread.take() {
            let _ = t.join();
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::plan::steps::parse;

    #[test]
    fn ducking_is_down_through_each_cue_and_ramps_around_it() {
        let t = Timeline::new(&parse("walk 10s, run 10s").unwrap(), 1000);
        let d = Ducking::new(&t, 1.0);
        let mut h = 0;
        let run = t.cues.iter().find(|c| c.at == 10_000).unwrap();
        // Well before the countdown: the bed level.
        assert_eq!(d.gain(3_000, &mut 0), BED_GAIN);
        // The countdown at 7, 8, 9 s and "run" at 10 s are one duck.
        for f in [7_000, 7_500, 8_500, 9_500, 10_000, run.end() - 1] {
            h = 0;
            assert!(
                (d.gain(f, &mut h) - BED_GAIN * DUCK_GAIN).abs() < 1e-6,
                "{f}"
            );
        }
        // 100 ms before the first beep it starts down; 400 ms after the last
        // cue of the group it is back.
        assert_eq!(d.gain(6_900, &mut 0), BED_GAIN);
        let mid = d.gain(6_950, &mut 0);
        assert!(mid < BED_GAIN && mid > BED_GAIN * DUCK_GAIN);
        // "Halfway" follows "run" closely (the session's midpoint is the
        // change): one duck to the end of the group.
        let group_end = t
            .cues
            .iter()
            .filter(|c| c.at >= 10_000 && c.at < 17_000)
            .map(|c| c.end())
            .max()
            .unwrap();
        assert!((d.gain(group_end + 400, &mut 0) - BED_GAIN).abs() < 1e-6);
        let _ = h;
    }

    #[test]
    fn after_a_pause_or_a_skip_the_music_goes_on_where_it_was() {
        // Live play stops the track at a pause and starts it again at the
        // same place (resume) or a later one (skip), each time through
        // `under`: the song must go on from the sample it had reached, not
        // start over and not jump with the skip.
        const RATE: u32 = 8_000;
        let dir = tempfile::tempdir().unwrap();
        let song = dir.path().join("ramp.wav");
        let spec = hound::WavSpec {
            channels: 1,
            sample_rate: RATE,
            bits_per_sample: 16,
            sample_format: hound::SampleFormat::Int,
        };
        // A rising ramp over 4 s: each sample says where in the song it is.
        let ramp = |i: usize| 0.9 * i as f32 / (4 * RATE) as f32;
        let mut w = hound::WavWriter::create(&song, spec).unwrap();
        for i in 0..4 * RATE as usize {
            w.write_sample((ramp(i) * 32767.0) as i16).unwrap();
        }
        w.finalize().unwrap();
        let playlist = Playlist::open(&song, MusicOrder::Name).unwrap();
        let bank = crate::audio::CueBank::builtin(RATE).unwrap();
        let t = bank.timeline(&parse("walk 10s, run 10s").unwrap(), &Default::default());
        let config = TrackConfig {
            sample_rate: RATE,
            channels: 1,
        };
        let track = CueTrack::new(&t, &bank, config).unwrap();
        let bed = MusicBed::new(&playlist, &t, 1.0);
        let second = RATE as usize;
        // The music alone, from `from` for a second: no cue is there, so
        // it sits at the bed's level.
        let heard = |from: u64| -> Vec<f32> {
            let with: Vec<f32> = bed.under(track.restarted_at(from)).take(second).collect();
            let plain: Vec<f32> = track.restarted_at(from).take(second).collect();
            for f in from..from + second as u64 {
                assert_eq!(bed.ducking.gain(f, &mut 0), BED_GAIN, "a cue at {f}");
            }
            with.iter()
                .zip(&plain)
                .map(|(m, p)| (m - p) / BED_GAIN)
                .collect()
        };
        let near = |got: &[f32], first: usize, what: &str| {
            for (k, g) in got.iter().enumerate() {
                let want = ramp(first + k);
                assert!((g - want).abs() < 1e-3, "{what}: {k}: {g} for {want}");
            }
        };
        // Played from 2.5 s: the song from its start (the stream's first
        // two frames are its interpolation history).
        let played = heard(u64::from(RATE) * 5 / 2);
        near(&played[2..], 0, "first");
        // Paused, then resumed at the same place: the song goes on.
        near(&heard(u64::from(RATE) * 7 / 2), second - 2, "after a pause");
        // Skipped ahead to 5 s: still the same song, from where it was.
        near(&heard(u64::from(RATE) * 5), 2 * second - 2, "after a skip");
    }

    #[test]
    fn a_folder_with_nothing_playable_is_an_error_naming_it() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("notes.txt"), "not music").unwrap();
        std::fs::write(dir.path().join("broken.mp3"), "not music either").unwrap();
        let e = Playlist::open(dir.path(), MusicOrder::Name).unwrap_err();
        assert!(e.to_string().contains("no music"), "{e}");
    }
}
