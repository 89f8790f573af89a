//! Recorded runs read back: a watch's FIT activity, a phone's GPX track, a
//! TCX file. Each reader turns its file into one [`Recording`] (samples in
//! time, with whatever the file holds: speed, cadence, heart rate,
//! positions, distance) and says where the watch was paused; [`segments`]
//! then finds the running and the walking in it. All of it is pure: bytes
//! in, a recording or one [`RecordingError`] out.
//!
//! What is not a recording of a run is refused, never guessed at: a file of
//! another kind, a ride, a track with no time in it, a truncated FIT.

pub mod fit;
pub mod gpx;
pub mod matching;
pub mod motion;
pub mod segments;
pub mod tcx;

use chrono::{DateTime, Utc};
use thiserror::Error;

pub use segments::{find, Distance, Found, Kind, Stretch, HEART_HARD_PERCENT};

/// One moment of a recording.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct Sample {
    /// Seconds since the recording started.
    pub t: f64,
    /// Speed over ground as the device measured it, in m/s.
    pub speed: Option<f64>,
    /// Cadence in steps a minute (both feet).
    pub cadence: Option<f64>,
    /// Heart rate in beats a minute.
    pub heart_rate: Option<u16>,
    /// Latitude and longitude in degrees.
    pub position: Option<(f64, f64)>,
    /// Distance covered since the start, in metres.
    pub distance: Option<f64>,
    /// The first sample after the watch was paused (or after a gap in the
    /// track): the time before it counts as neither running nor walking.
    pub resumed: bool,
}

/// A recording as the readers give it: its start and its samples in time.
#[derive(Debug, Clone, PartialEq)]
pub struct Recording {
    pub start: DateTime<Utc>,
    pub samples: Vec<Sample>,
    /// Which reader read it ("FIT", "GPX", "TCX").
    pub format: &'static str,
}

/// Why a file is not a recording walkrun can import.
#[derive(Debug, Clone, PartialEq, Error)]
pub enum RecordingError {
    #[error("not a recording: expected a FIT activity, a GPX track or a TCX file")]
    UnknownFormat,
    #[error("a {0}, not a run or a walk")]
    NotARun(String),
    #[error("{0}")]
    Damaged(String),
    #[error("the {0} file holds no track points with a time")]
    Empty(&'static str),
    #[error("the {0} file holds a single track point: too short to be a session")]
    OnePoint(&'static str),
    #[error("holds {} of moving: too short to be a session", crate::export::words::duration(u64::from(*.0)))]
    TooShort(u32),
    #[error(
        "moves at {0:.1} m/s ({kmh:.0} km/h) most of the time: a ride, not a run or a walk",
        kmh = .0 * 3.6
    )]
    TooFast(f64),
}

/// Read a recording from its bytes, whichever of the three formats it is
/// (told by its content, not its name).
pub fn read(bytes: &[u8]) -> Result<Recording, RecordingError> {
    let recording = if fit::looks_like(bytes) {
        fit::read(bytes)?
    } else {
        let head = String::from_utf8_lossy(&bytes[..bytes.len().min(4096)]);
        if head.contains("<gpx") {
            self::gpx::read(bytes)?
        } else if head.contains("<TrainingCenterDatabase") {
            tcx::read(bytes)?
        } else {
            return Err(RecordingError::UnknownFormat);
        }
    };
    checked(recording)
}

/// A recording with at least two moments in time, in order.
fn checked(mut r: Recording) -> Result<Recording, RecordingError> {
    r.samples.retain(|s| s.t.is_finite());
    r.samples.sort_by(|a, b| a.t.total_cmp(&b.t));
    match r.samples.len() {
        0 => Err(RecordingError::Empty(r.format)),
        1 => Err(RecordingError::OnePoint(r.format)),
        _ => Ok(r),
    }
}

/// A sport's name as files spell it, judged: running and walking (and
/// their kinds: trail, treadmill, hiking) are imported; anything else is
/// refused by name.
pub(crate) fn judge_sport(name: &str) -> Result<(), RecordingError> {
    let n = name.trim().to_ascii_lowercase();
    let on_foot = [
        "run",
        "walk",
        "hik",
        "jog",
        "treadmill",
        "generic",
        "other",
        "training",
    ];
    if n.is_empty() || on_foot.iter().any(|w| n.contains(w)) || n.parse::<u32>().is_ok() {
        return Ok(());
    }
    let ride = ["bik", "cycl", "ride", "bicycl", "mtb", "e_bik"];
    if ride.iter().any(|w| n.contains(w)) {
        return Err(RecordingError::NotARun("ride".into()));
    }
    Err(RecordingError::NotARun(format!(
        "recording of {}",
        crate::sys::safe_text::clean(&n.replace('_', " "))
    )))
}
