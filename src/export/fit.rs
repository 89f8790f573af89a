//! A session as a watch workout: a FIT workout file, the kind a Garmin watch
//! (and most other sports watches) runs step by step, with an alert and the
//! step's name at every change.
//!
//! The file holds what the FIT SDK's workout recipe asks for: a `file_id` of
//! type workout, one `workout` message (sport running, its name, the number
//! of steps), and one `workout_step` a step. A timed step lasts its time in
//! milliseconds; a repeat is a step of its own after the block, pointing back
//! at the block's first step with the number of times the block is done.
//! Watches run one level of repeats, so a repeat inside a repeat is written
//! out in full inside its outer block: the watch plays the same segments.
//!
//! A distance segment is a distance step (`duration_type` distance, in
//! centimetres), so the watch ends it where the runner has covered it; with
//! the runner's pace known, each run and walk step carries a speed target
//! around its treadmill speed (`target_type` speed, in mm/s).
//!
//! The bytes (message definitions, header and file CRC) come from the
//! `rustyfit` encoder; this module only says which messages to write.

use chrono::{DateTime, Utc};
use embedded_io_adapters::std::FromStd;
use rustyfit::profile::{mesgdef, typedef};
use rustyfit::proto::{Message, FIT};
use rustyfit::Encoder;
use thiserror::Error;

use crate::plan::pace::Paces;
use crate::plan::steps::{Distance, Kind, Session, Step};
use crate::plan::{Address, Plan};
use crate::sys::safe_text;

/// The most steps a workout may hold: a step's index is 12 bits in FIT.
pub const MAX_STEPS: usize = 0x1000;

/// The most steps many watches run in one workout (Garmin's own workout
/// editor stops at 50, and so do many of its watches): a file with more is
/// still written, with a warning, since newer watches take more.
pub const WATCH_STEP_LIMIT: usize = 50;

/// The most characters of a plan's name a workout's name keeps: a watch
/// shows a line of it, and FIT strings hold at most 255 bytes.
const NAME_CHARS: usize = 48;

/// A session that cannot be written as a watch workout.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum FitError {
    #[error("the session has no steps")]
    Empty,
    #[error("the session needs {steps} watch steps; a workout file holds at most {MAX_STEPS}")]
    TooManySteps { steps: usize },
    /// The encoder refused a message: walkrun's own mistake, not the runner's.
    #[error("internal error encoding the workout: {0}")]
    Encode(String),
}

/// One step as the watch holds it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum WatchStep {
    /// Do `kind` for `seconds`, or over `distance` when it has one (then
    /// `seconds` is the time it takes at the runner's pace).
    Timed {
        kind: Kind,
        seconds: u32,
        distance: Option<Distance>,
    },
    /// Go back to the step at index `from` until the block from there to this
    /// step has been done `times` times in all.
    Repeat { from: usize, times: u32 },
}

/// What a workout file says of itself besides its steps.
#[derive(Debug, Clone)]
pub struct Workout {
    /// The name the watch lists it by, e.g. "W3D2 Couch to 5K".
    pub name: String,
    /// When the file was made.
    pub created: DateTime<Utc>,
    /// Tells this workout's file from the others on the watch (never 0).
    pub serial: u32,
    /// The runner's paces, when known: each step's speed target.
    pub paces: Option<Paces>,
}

impl Workout {
    /// A plan session's workout: named by its address and the plan, with a
    /// serial made from both, so the same session exported again is the same
    /// workout to the watch, and no two sessions of a plan share one.
    pub fn for_plan_session(plan: &Plan, addr: Address, created: DateTime<Utc>) -> Workout {
        let name = format!("{addr} {}", safe_text::shorten(&plan.name, NAME_CHARS));
        let hash = super::fnv1a(format!("{}\u{0}{addr}", plan.name).as_bytes());
        Workout {
            name,
            created,
            serial: (hash as u32).max(1),
            paces: plan.pace.map(Paces::running),
        }
    }
}

/// The steps a watch holds for `session`, in order: each segment a timed
/// step, and each repeat its block then a repeat step; a repeat done once is
/// just its block, and a repeat inside a repeat is written out in full.
pub fn watch_steps(session: &Session) -> Vec<WatchStep> {
    let mut out = Vec::new();
    push_steps(&session.steps, false, &mut out);
    out
}

fn push_steps(steps: &[Step], in_repeat: bool, out: &mut Vec<WatchStep>) {
    for step in steps {
        match step {
            Step::Segment(s) => out.push(WatchStep::Timed {
                kind: s.kind,
                seconds: s.seconds,
                distance: s.distance,
            }),
            Step::Repeat { count: 1, steps } => push_steps(steps, in_repeat, out),
            Step::Repeat { count, steps } if in_repeat => {
                for _ in 0..*count {
                    push_steps(steps, true, out);
                }
            }
            Step::Repeat { count, steps } => {
                let from = out.len();
                push_steps(steps, true, out);
                if out.len() > from {
                    out.push(WatchStep::Repeat {
                        from,
                        times: *count,
                    });
                }
            }
        }
    }
}

/// The name a watch shows for a timed step: short, as a coach calls it
/// ("Run 90 s", "Walk 2 min", "Warm up 5 min").
pub fn step_name(kind: Kind, seconds: u32) -> String {
    let what = match kind {
        Kind::Warmup => "Warm up",
        Kind::Run => "Run",
        Kind::Walk => "Walk",
        Kind::Cooldown => "Cool down",
    };
    format!("{what} {}", watch_duration(seconds))
}

/// The name a watch shows for a distance step: "Run 5 km", "Walk 400 m".
pub fn distance_step_name(kind: Kind, distance: Distance) -> String {
    let name = step_name(kind, 0);
    let what = name.trim_end_matches(" 0 s");
    format!("{what} {}", super::words::distance(distance))
}

/// How far either side of the treadmill's speed a speed target reaches:
/// a watch's speed wanders by about this much at a steady effort.
const SPEED_BAND_PERCENT: u64 = 5;

/// A speed target around `paces`' speed for `kind`, in mm/s: low and high.
fn speed_target(paces: &Paces, kind: Kind) -> (u32, u32) {
    let pace = paces.for_kind(kind);
    // mm per second: the unit's length over the pace's seconds.
    let mm_s = pace.unit.millimetres() / u64::from(pace.seconds.max(1));
    let band = mm_s * SPEED_BAND_PERCENT / 100;
    let clamp = |v: u64| u32::try_from(v).unwrap_or(u32::MAX);
    (clamp(mm_s - band), clamp(mm_s + band))
}

/// `45 s`, `90 s`, `2 min`, `2:30`, `1 h`, `1 h 10 min`, `1:10:30`: as
/// short as a watch's line needs, in words where they are as short.
fn watch_duration(seconds: u32) -> String {
    let (h, m, s) = (seconds / 3600, seconds / 60 % 60, seconds % 60);
    match (h, m, s) {
        (0, 0, s) => format!("{s} s"),
        (0, 1, _) if s > 0 => format!("{seconds} s"),
        (0, m, 0) => format!("{m} min"),
        (0, m, s) => format!("{m}:{s:02}"),
        (h, 0, 0) => format!("{h} h"),
        (h, m, 0) => format!("{h} h {m} min"),
        (h, m, s) => format!("{h}:{m:02}:{s:02}"),
    }
}

/// The watch's word for what a segment is: a walk between runs is recovery
/// (the runner keeps moving; "rest" would read as standing still).
fn intensity(kind: Kind) -> typedef::Intensity {
    match kind {
        Kind::Warmup => typedef::Intensity::WARMUP,
        Kind::Run => typedef::Intensity::ACTIVE,
        Kind::Walk => typedef::Intensity::RECOVERY,
        Kind::Cooldown => typedef::Intensity::COOLDOWN,
    }
}

/// `session` as the bytes of a FIT workout file.
pub fn workout_file(session: &Session, workout: &Workout) -> Result<Vec<u8>, FitError> {
    let steps = watch_steps(session);
    if steps.is_empty() {
        return Err(FitError::Empty);
    }
    if steps.len() > MAX_STEPS {
        return Err(FitError::TooManySteps { steps: steps.len() });
    }
    let mut messages = Vec::with_capacity(steps.len() + 2);

    let mut file_id = mesgdef::FileId::new();
    file_id.r#type = typedef::File::WORKOUT;
    // Not made by a device maker: the FIT SDK's value for everyone else.
    file_id.manufacturer = typedef::Manufacturer::DEVELOPMENT;
    file_id.product = 0;
    file_id.serial_number = workout.serial.max(1);
    file_id.time_created = typedef::DateTime::from_unix_timestamp(workout.created.timestamp());
    messages.push(Message::from(file_id));

    let mut head = mesgdef::Workout::new();
    head.wkt_name = workout.name.as_str().into();
    head.sport = typedef::Sport::RUNNING;
    head.sub_sport = typedef::SubSport::GENERIC;
    // MAX_STEPS is below u16::MAX.
    head.num_valid_steps = steps.len() as u16;
    messages.push(Message::from(head));

    for (index, step) in steps.iter().enumerate() {
        let mut m = mesgdef::WorkoutStep::new();
        m.message_index = typedef::MessageIndex(index as u16);
        match *step {
            WatchStep::Timed {
                kind,
                seconds,
                distance,
            } => {
                match distance {
                    Some(d) => {
                        m.wkt_step_name = distance_step_name(kind, d).into();
                        m.duration_type = typedef::WktStepDuration::DISTANCE;
                        // Centimetres: at most 43 km, well inside a u32.
                        m.duration_value = u32::try_from(d.millimetres() / 10).unwrap_or(u32::MAX);
                    }
                    None => {
                        m.wkt_step_name = step_name(kind, seconds).into();
                        m.duration_type = typedef::WktStepDuration::TIME;
                        // At most 4 hours a segment: well inside a u32 of milliseconds.
                        m.duration_value = seconds.saturating_mul(1000);
                    }
                }
                match &workout.paces {
                    Some(paces) => {
                        // A custom speed range: target_value 0 says so.
                        let (low, high) = speed_target(paces, kind);
                        m.target_type = typedef::WktStepTarget::SPEED;
                        m.target_value = 0;
                        m.custom_target_value_low = low;
                        m.custom_target_value_high = high;
                    }
                    None => m.target_type = typedef::WktStepTarget::OPEN,
                }
                m.intensity = intensity(kind);
            }
            WatchStep::Repeat { from, times } => {
                m.duration_type = typedef::WktStepDuration::REPEAT_UNTIL_STEPS_CMPLT;
                m.duration_value = from as u32;
                m.target_value = times;
            }
        }
        messages.push(Message::from(m));
    }

    let mut fit = FIT {
        messages,
        ..Default::default()
    };
    let mut out = FromStd::new(std::io::Cursor::new(Vec::new()));
    Encoder::new()
        .encode(&mut out, &mut fit)
        .map_err(|e| FitError::Encode(e.to_string()))?;
    Ok(out.into_inner().into_inner())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::plan::steps::parse;

    fn steps(text: &str) -> Vec<WatchStep> {
        watch_steps(&parse(text).expect("steps"))
    }

    fn timed(kind: Kind, seconds: u32) -> WatchStep {
        WatchStep::Timed {
            kind,
            seconds,
            distance: None,
        }
    }

    #[test]
    fn a_repeat_is_its_block_then_a_step_back_to_its_start() {
        assert_eq!(
            steps("warmup 5m, 8x(run 60s, walk 90s), cooldown 5m"),
            vec![
                timed(Kind::Warmup, 300),
                timed(Kind::Run, 60),
                timed(Kind::Walk, 90),
                WatchStep::Repeat { from: 1, times: 8 },
                timed(Kind::Cooldown, 300),
            ]
        );
    }

    #[test]
    fn a_repeat_inside_a_repeat_is_written_out_and_once_is_no_repeat() {
        assert_eq!(
            steps("2x(3x(run 30s, walk 30s), walk 2m), 1x(run 1m)"),
            vec![
                timed(Kind::Run, 30),
                timed(Kind::Walk, 30),
                timed(Kind::Run, 30),
                timed(Kind::Walk, 30),
                timed(Kind::Run, 30),
                timed(Kind::Walk, 30),
                timed(Kind::Walk, 120),
                WatchStep::Repeat { from: 0, times: 2 },
                timed(Kind::Run, 60),
            ]
        );
    }

    #[test]
    fn step_names_are_short_and_read_as_a_coach_says_them() {
        assert_eq!(step_name(Kind::Run, 90), "Run 90 s");
        assert_eq!(step_name(Kind::Walk, 120), "Walk 2 min");
        assert_eq!(step_name(Kind::Run, 45), "Run 45 s");
        assert_eq!(step_name(Kind::Run, 150), "Run 2:30");
        assert_eq!(step_name(Kind::Warmup, 300), "Warm up 5 min");
        assert_eq!(step_name(Kind::Cooldown, 300), "Cool down 5 min");
        assert_eq!(step_name(Kind::Run, 3600), "Run 1 h");
        assert_eq!(step_name(Kind::Run, 4200), "Run 1 h 10 min");
        assert_eq!(step_name(Kind::Run, 4230), "Run 1:10:30");
    }

    #[test]
    fn a_file_has_a_fit_header_and_ends_in_its_crc() {
        let session = parse("warmup 5m, 8x(run 60s, walk 90s), cooldown 5m").expect("steps");
        let workout = Workout {
            name: "W1D1 Test".into(),
            created: DateTime::from_timestamp(1_765_000_000, 0).expect("a time"),
            serial: 7,
            paces: None,
        };
        let bytes = workout_file(&session, &workout).expect("a file");
        assert_eq!(bytes[0], 14, "a 14-byte header");
        assert_eq!(&bytes[8..12], b".FIT");
        let data = u32::from_le_bytes([bytes[4], bytes[5], bytes[6], bytes[7]]) as usize;
        assert_eq!(bytes.len(), 14 + data + 2, "header, data, then the CRC");
    }

    #[test]
    fn serials_differ_between_sessions_and_stay_across_exports() {
        let plan = crate::plan::programs::load("couch-to-5k").expect("a program");
        let now = Utc::now();
        let a = Workout::for_plan_session(
            &plan,
            Address {
                week: 1,
                session: 1,
            },
            now,
        );
        let b = Workout::for_plan_session(
            &plan,
            Address {
                week: 1,
                session: 2,
            },
            now,
        );
        let again = Workout::for_plan_session(
            &plan,
            Address {
                week: 1,
                session: 1,
            },
            now,
        );
        assert_ne!(a.serial, b.serial);
        assert_eq!(a.serial, again.serial);
        assert_eq!(a.name, "W1D1 Couch to 5K");
    }
}
