//! Running and walking found in a recording: each second called one or the
//! other (by cadence where the watch counts steps, else by speed), the calls
//! smoothed so a stumble or a GPS wobble does not split a run, and the
//! seconds gathered into stretches. Pauses are counted as neither.
//!
//! The lines between them are a coach's: a beginner's slow jog is about 2.0
//! to 2.6 m/s with 150 to 170 steps a minute, a brisk walk 1.4 to 1.7 m/s
//! with 100 to 125. So a second is running at 140 steps a minute or more,
//! or, with no steps counted, at 1.85 m/s or more (about 9 min a km).

use crate::words::{count, duration};

use super::motion::{self, Second};
use super::{Recording, RecordingError};

/// Steps a minute from which a second is running.
pub const RUN_CADENCE: f64 = 140.0;
/// Without a cadence: the speed from which a second is running, in m/s.
pub const RUN_SPEED: f64 = 1.85;
/// Each second's call is the majority of those this many either side.
const VOTE_SECONDS: usize = 4;
/// A stretch of running or walking shorter than this is taken into the one
/// before it: a jog of a few seconds is a stumble, not a run.
pub const SHORTEST_STRETCH: u32 = 10;
/// Runs above this share of the runner's highest heart rate were hard.
pub const HEART_HARD_PERCENT: u16 = 85;
/// A recording needs at least this much moving time to be a session.
pub const SHORTEST_SESSION: u32 = 60;
/// A median speed above this (18 km/h) is a ride, whatever the file says.
pub const RIDE_SPEED: f64 = 5.0;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Run,
    Walk,
}

/// Running or walking, without a break or a pause.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Stretch {
    pub kind: Kind,
    /// Seconds from the start of the recording.
    pub start: u32,
    pub seconds: u32,
}

/// Heart rate over the runs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Heart {
    pub average: u16,
    pub highest: u16,
    /// [`HEART_HARD_PERCENT`] of the runner's maximum, when it is known.
    pub limit: Option<u16>,
    /// Seconds of running above `limit`.
    pub over_seconds: u32,
}

/// Ground covered, from the speed of each second of moving (the device's
/// own, else the distance so far, else the smoothed positions).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Distance {
    /// Over all the moving time, pauses left out.
    pub metres: f64,
    /// Over the running alone: a run's pace is its time over this.
    pub run_metres: f64,
}

/// What a recording held.
#[derive(Debug, Clone, PartialEq)]
pub struct Found {
    /// Runs and walks in order; pauses lie between them.
    pub stretches: Vec<Stretch>,
    /// Seconds from the first moment to the end of the last, pauses included.
    pub span_seconds: u32,
    pub paused_seconds: u32,
    pub heart: Option<Heart>,
    /// None when too few seconds say how fast (a treadmill's cadence alone).
    pub distance: Option<Distance>,
    /// The median speed of the running, in m/s, when the file says speeds:
    /// the runner's easy pace, for distances and treadmill speeds.
    pub run_speed: Option<f64>,
}

/// A distance is given when at least this share of the seconds it is over
/// say how fast they went; the rest are taken at the same pace.
const DISTANCE_KNOWN_PERCENT: usize = 90;

/// Metres over `seconds` seconds, from the `known` of them that gave a
/// speed and the `sum` of those speeds.
fn metres_over(seconds: usize, known: usize, sum: f64) -> Option<f64> {
    match seconds {
        0 => Some(0.0),
        _ if known * 100 >= seconds * DISTANCE_KNOWN_PERCENT => {
            Some(sum * seconds as f64 / known as f64)
        }
        _ => None,
    }
}

impl Found {
    pub fn runs(&self) -> impl Iterator<Item = &Stretch> {
        self.stretches.iter().filter(|s| s.kind == Kind::Run)
    }

    pub fn run_seconds(&self) -> u32 {
        self.runs().map(|s| s.seconds).sum()
    }

    pub fn moving_seconds(&self) -> u32 {
        self.stretches.iter().map(|s| s.seconds).sum()
    }

    /// The longest run without a break: a walk between two runs breaks it,
    /// a pause does too (the runner stopped).
    pub fn longest_run(&self) -> u32 {
        self.runs().map(|s| s.seconds).max().unwrap_or(0)
    }

    /// "8 runs of about 1 min, the longest 1:02", "1 run of 20:05", or no
    /// running at all.
    pub fn runs_in_words(&self) -> String {
        let mut runs: Vec<u32> = self.runs().map(|s| s.seconds).collect();
        match runs.len() {
            0 => format!(
                "no running found: {} of walking",
                duration(u64::from(self.moving_seconds()))
            ),
            1 => format!("1 run of {}", clock(runs[0])),
            n => {
                runs.sort_unstable();
                let typical = runs[n / 2];
                // Rounded as a coach says it: to 5 s under a minute, else
                // to the half minute.
                let about = if typical < 45 {
                    (typical + 2) / 5 * 5
                } else {
                    (typical + 15) / 30 * 30
                };
                format!(
                    "{} of about {}, the longest {}",
                    count(n, "run"),
                    duration(u64::from(about)),
                    clock(self.longest_run())
                )
            }
        }
    }
}

/// `1:02`, `20:05`, `1:02:03`.
pub fn clock(seconds: u32) -> String {
    let (h, m, s) = (seconds / 3600, seconds / 60 % 60, seconds % 60);
    if h > 0 {
        format!("{h}:{m:02}:{s:02}")
    } else {
        format!("{m}:{s:02}")
    }
}

/// The seconds the first run of `found` that covers `metres` took to cover
/// them, from its start, at the speeds `recording` gives: a time trial's
/// time, over its run alone (the warm-up's short jogs cover too little).
/// `None` when no one run covers the distance, or the run's speeds are
/// not known.
pub fn time_to_cover(recording: &Recording, found: &Found, metres: f64) -> Option<u32> {
    let parts = motion::stretches(&recording.samples);
    for run in found.runs() {
        let (mut covered, mut n) = (0.0, 0u32);
        let seconds = parts
            .iter()
            .flatten()
            .filter(|s| s.t >= run.start && s.t < run.start + run.seconds);
        for s in seconds {
            let Some(v) = s.speed else { break };
            covered += v;
            n += 1;
            if covered >= metres {
                return Some(n);
            }
        }
    }
    None
}

/// Whether one second, on its own, looks like running.
fn looks_like_running(s: &Second) -> Option<bool> {
    match (s.cadence, s.speed) {
        (Some(c), _) => Some(c >= RUN_CADENCE),
        (None, Some(v)) => Some(v >= RUN_SPEED),
        (None, None) => None,
    }
}

/// Find the running and walking in `recording`. `max_heart_rate` is the
/// runner's (for [`Heart::limit`]). A recording too short to be a session,
/// or that moves as fast as a bicycle, is refused.
pub fn find(recording: &Recording, max_heart_rate: Option<u16>) -> Result<Found, RecordingError> {
    let parts = motion::stretches(&recording.samples);
    let span_seconds = match (recording.samples.first(), recording.samples.last()) {
        (Some(a), Some(b)) => {
            // Each moment stands for the second that starts with it.
            ((b.t - a.t).round() + 1.0).clamp(0.0, f64::from(u32::MAX)) as u32
        }
        _ => 0,
    };
    let mut speeds: Vec<f64> = parts.iter().flatten().filter_map(|s| s.speed).collect();
    if !speeds.is_empty() {
        speeds.sort_by(f64::total_cmp);
        let median = speeds[speeds.len() / 2];
        if median > RIDE_SPEED {
            return Err(RecordingError::TooFast(median));
        }
    }
    let limit = max_heart_rate.map(|m| (u32::from(m) * u32::from(HEART_HARD_PERCENT) / 100) as u16);
    let mut stretches = Vec::new();
    let (mut hr_sum, mut hr_n, mut highest, mut over) = (0u64, 0u64, 0u16, 0u32);
    // Speeds summed over the seconds that give one: (all, running).
    let (mut known, mut sum) = ([0usize; 2], [0f64; 2]);
    let mut run_speeds: Vec<f64> = Vec::new();
    for part in &parts {
        let calls = vote(part);
        let from = stretches.len();
        for (second, run) in part.iter().zip(&calls) {
            let kind = if *run { Kind::Run } else { Kind::Walk };
            let ours = stretches.len() > from;
            match stretches.last_mut() {
                Some(Stretch {
                    kind: k,
                    start,
                    seconds,
                }) if ours && *k == kind && *start + *seconds == second.t => *seconds += 1,
                _ => stretches.push(Stretch {
                    kind,
                    start: second.t,
                    seconds: 1,
                }),
            }
        }
        absorb_short(&mut stretches, from);
        // The part's seconds are consecutive, so a stretch's are a slice.
        let first = part.first().map_or(0, |s| s.t);
        for s in &stretches[from..] {
            let at = s.start.saturating_sub(first) as usize;
            let seconds = part.get(at..at + s.seconds as usize).unwrap_or_default();
            for v in seconds.iter().filter_map(|x| x.speed) {
                known[0] += 1;
                sum[0] += v;
                if s.kind == Kind::Run {
                    known[1] += 1;
                    sum[1] += v;
                }
            }
        }
        // Heart rate over the runs as finally found.
        for s in stretches[from..].iter().filter(|s| s.kind == Kind::Run) {
            for sec in part
                .iter()
                .filter(|x| x.t >= s.start && x.t < s.start + s.seconds)
            {
                run_speeds.extend(sec.speed);
                if let Some(h) = sec.heart_rate {
                    hr_sum += u64::from(h);
                    hr_n += 1;
                    highest = highest.max(h);
                    if limit.is_some_and(|l| h > l) {
                        over += 1;
                    }
                }
            }
        }
    }
    let moving = stretches.iter().map(|s| s.seconds as usize).sum::<usize>();
    let running = stretches
        .iter()
        .filter(|s| s.kind == Kind::Run)
        .map(|s| s.seconds as usize)
        .sum::<usize>();
    let distance = match (
        metres_over(moving, known[0], sum[0]),
        metres_over(running, known[1], sum[1]),
    ) {
        (Some(metres), Some(run_metres)) if moving > 0 => Some(Distance { metres, run_metres }),
        _ => None,
    };
    run_speeds.sort_by(f64::total_cmp);
    let run_speed = run_speeds.get(run_speeds.len() / 2).copied();
    let found = Found {
        distance,
        run_speed,
        paused_seconds: span_seconds
            .saturating_sub(stretches.iter().map(|s| s.seconds).sum::<u32>()),
        stretches,
        span_seconds,
        heart: (hr_n > 0).then(|| Heart {
            average: (hr_sum / hr_n) as u16,
            highest,
            limit,
            over_seconds: over,
        }),
    };
    if found.moving_seconds() < SHORTEST_SESSION {
        return Err(RecordingError::TooShort(found.moving_seconds()));
    }
    Ok(found)
}

/// Each second's call, smoothed: the majority of the seconds around it
/// that say anything (a second that says nothing follows them).
fn vote(part: &[Second]) -> Vec<bool> {
    let raw: Vec<Option<bool>> = part.iter().map(looks_like_running).collect();
    (0..raw.len())
        .map(|i| {
            let lo = i.saturating_sub(VOTE_SECONDS);
            let hi = (i + VOTE_SECONDS + 1).min(raw.len());
            let (run, walk) = raw[lo..hi].iter().fold((0, 0), |(r, w), c| match c {
                Some(true) => (r + 1, w),
                Some(false) => (r, w + 1),
                None => (r, w),
            });
            run > walk
        })
        .collect()
}

/// Stretches (from `from` on, one pause's worth) shorter than
/// [`SHORTEST_STRETCH`] become part of their neighbours, shortest first,
/// until none is left.
fn absorb_short(stretches: &mut Vec<Stretch>, from: usize) {
    loop {
        let part = &stretches[from..];
        if part.len() < 2 {
            return;
        }
        let Some((i, _)) = part
            .iter()
            .enumerate()
            .filter(|(_, s)| s.seconds < SHORTEST_STRETCH)
            .min_by_key(|(_, s)| s.seconds)
        else {
            return;
        };
        let at = from + i;
        // Into the stretch before it, else the one after.
        let short = stretches.remove(at);
        if at > from {
            stretches[at - 1].seconds += short.seconds;
        } else {
            stretches[at].start = short.start;
            stretches[at].seconds += short.seconds;
        }
        // Neighbours of one kind now touch: one stretch.
        let mut k = from;
        while k + 1 < stretches.len() {
            if stretches[k].kind == stretches[k + 1].kind {
                let next = stretches.remove(k + 1);
                stretches[k].seconds += next.seconds;
            } else {
                k += 1;
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::Sample;
    use super::*;
    use chrono::DateTime;

    /// 1 Hz samples with speed `v(t)`, cadence `c(t)`, noise from a fixed seed.
    fn recording(
        seconds: u32,
        v: impl Fn(u32) -> f64,
        c: Option<&dyn Fn(u32) -> f64>,
    ) -> Recording {
        let mut seed: u32 = 11;
        let mut noise = move || {
            seed = seed.wrapping_mul(1_103_515_245).wrapping_add(12_345);
            f64::from(seed >> 16) / 65_536.0 - 0.5
        };
        Recording {
            start: DateTime::from_timestamp(1_796_000_000, 0).unwrap(),
            samples: (0..seconds)
                .map(|t| Sample {
                    t: f64::from(t),
                    speed: Some(v(t) + noise() * 0.5),
                    cadence: c.map(|c| c(t) + noise() * 10.0),
                    heart_rate: Some(if v(t) > 1.85 { 160 } else { 120 }),
                    ..Sample::default()
                })
                .collect(),
            format: "FIT",
        }
    }

    /// 8 x (run 60 s, walk 90 s) after a 5 min walk.
    fn intervals(t: u32) -> f64 {
        if t >= 300 && (t - 300) % 150 < 60 && t < 300 + 8 * 150 {
            2.1
        } else {
            1.6
        }
    }

    #[test]
    fn a_slow_jog_and_a_brisk_walk_are_told_apart_by_speed() {
        let f = find(&recording(1500, intervals, None), None).unwrap();
        assert_eq!(f.runs().count(), 8, "{:?}", f.stretches);
        assert!(
            (f.run_seconds() as i64 - 480).abs() <= 20,
            "{}",
            f.run_seconds()
        );
        assert!((f.longest_run() as i64 - 60).abs() <= 8);
        assert_eq!(
            f.runs_in_words(),
            format!(
                "8 runs of about 1 min, the longest {}",
                clock(f.longest_run())
            )
        );
    }

    #[test]
    fn cadence_decides_where_the_watch_counts_steps() {
        // Speed says nothing useful (a treadmill's 1.8 m/s throughout);
        // cadence says which is which.
        let cad = |t: u32| if intervals(t) > 2.0 { 160.0 } else { 115.0 };
        let f = find(&recording(1500, |_| 1.8, Some(&cad)), None).unwrap();
        assert_eq!(f.runs().count(), 8);
        assert!((f.run_seconds() as i64 - 480).abs() <= 10);
    }

    #[test]
    fn a_pause_is_neither_running_nor_walking() {
        let mut r = recording(1500, intervals, None);
        // The watch stopped from 400 s to 700 s.
        r.samples.retain(|s| !(400.0..700.0).contains(&s.t));
        r.samples.iter_mut().find(|s| s.t == 700.0).unwrap().resumed = true;
        let f = find(&r, None).unwrap();
        assert_eq!(f.paused_seconds, 300);
        assert_eq!(f.moving_seconds() + f.paused_seconds, 1500);
    }

    #[test]
    fn heart_rate_is_of_the_runs_and_its_limit_of_the_runners_maximum() {
        let f = find(&recording(1500, intervals, None), Some(180)).unwrap();
        let h = f.heart.unwrap();
        assert_eq!((h.highest, h.limit), (160, Some(153)));
        assert!(h.average > 150, "{h:?}");
        assert!(h.over_seconds > 400);
    }

    #[test]
    fn distance_is_the_ground_covered_and_the_runs_their_own() {
        // 8 min of running at 2.1 m/s, 17 min of walking at 1.6 m/s.
        let f = find(&recording(1500, intervals, None), None).unwrap();
        let d = f.distance.unwrap();
        let truly = 480.0 * 2.1 + 1020.0 * 1.6;
        assert!((d.metres - truly).abs() < truly * 0.02, "{d:?}");
        // The runs' own pace, not the whole outing's: about 7:56/km.
        let run_pace = f64::from(f.run_seconds()) / d.run_metres * 1000.0;
        assert!((run_pace - 1000.0 / 2.1).abs() < 15.0, "{run_pace}");
        // A treadmill's steps alone say nothing of the ground covered.
        let cad = |t: u32| if intervals(t) > 2.0 { 160.0 } else { 115.0 };
        let mut r = recording(1500, |_| 1.8, Some(&cad));
        r.samples.iter_mut().for_each(|s| s.speed = None);
        assert_eq!(find(&r, None).unwrap().distance, None);
    }

    #[test]
    fn a_ride_and_a_few_seconds_are_refused() {
        assert!(matches!(
            find(&recording(600, |_| 7.0, None), None),
            Err(RecordingError::TooFast(_))
        ));
        assert_eq!(
            find(&recording(30, |_| 2.0, None), None),
            Err(RecordingError::TooShort(30))
        );
    }

    #[test]
    fn words_for_the_runs() {
        let f = |secs: &[u32]| Found {
            stretches: secs
                .iter()
                .map(|&s| Stretch {
                    kind: Kind::Run,
                    start: 0,
                    seconds: s,
                })
                .collect(),
            span_seconds: 0,
            paused_seconds: 0,
            heart: None,
            distance: None,
            run_speed: None,
        };
        assert_eq!(f(&[1205]).runs_in_words(), "1 run of 20:05");
        assert_eq!(
            f(&[88, 92, 90]).runs_in_words(),
            "3 runs of about 1½ min, the longest 1:32"
        );
        assert_eq!(
            f(&[29, 31]).runs_in_words(),
            "2 runs of about 30 s, the longest 0:31"
        );
    }
}
