//! From a recording's samples to seconds of moving: the recording cut into
//! stretches where the watch was paused (or the track has a gap), and each
//! stretch resampled to one value a second, with a speed smoothed enough to
//! tell a slow jog from a brisk walk.
//!
//! Speed comes from the device where it measured one (a watch's speed is
//! already filtered; a short median takes off its spikes); else from the
//! distance so far; else from the positions, which a phone's GPS scatters
//! by a few metres each second. At 1 Hz that jitter alone reads as several
//! metres a second, so positions are first averaged over a few seconds and
//! speed is then taken over a longer baseline: both windows are centred,
//! so a change from running to walking stays where it was.

use super::Sample;

/// Samples further apart than this are a pause (a phone app's auto-pause,
/// a lost signal), counted as neither running nor walking.
pub const GAP_SECONDS: f64 = 20.0;
/// Positions are averaged over this many seconds either side.
const POSITION_SMOOTHING: usize = 3;
/// Speed from positions or distance is taken over this many seconds either side.
const SPEED_BASELINE: usize = 5;
/// A device's speed is the median over this many seconds either side.
const SPEED_MEDIAN: usize = 2;

/// One second of moving.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct Second {
    /// Whole seconds since the recording started.
    pub t: u32,
    /// m/s, smoothed; None when the file holds neither speed nor positions.
    pub speed: Option<f64>,
    /// Steps a minute.
    pub cadence: Option<f64>,
    pub heart_rate: Option<u16>,
}

/// The recording's moving time: one run of seconds for each stretch
/// between pauses, in order.
pub fn stretches(samples: &[Sample]) -> Vec<Vec<Second>> {
    let mut out = Vec::new();
    let mut begin = 0;
    for i in 1..=samples.len() {
        let cut = i == samples.len()
            || samples[i].resumed
            || samples[i].t - samples[i - 1].t > GAP_SECONDS;
        if cut {
            let part = &samples[begin..i];
            let seconds = resample(part);
            if !seconds.is_empty() {
                out.push(seconds);
            }
            begin = i;
        }
    }
    out
}

/// The samples between two pauses as one value a second.
fn resample(part: &[Sample]) -> Vec<Second> {
    let (Some(first), Some(last)) = (part.first(), part.last()) else {
        return Vec::new();
    };
    let (from, to) = (first.t.ceil(), last.t.floor());
    if to < from || !(0.0..=f64::from(u32::MAX)).contains(&from) {
        return Vec::new();
    }
    // Bounded by the file's own span: a day is far beyond any session.
    let n = ((to - from) as usize + 1).min(86_400);
    let mut seconds = Vec::with_capacity(n);
    let mut j = 0;
    let mut positions: Vec<Option<(f64, f64)>> = Vec::with_capacity(n);
    let mut distances: Vec<Option<f64>> = Vec::with_capacity(n);
    let origin = part.iter().find_map(|s| s.position);
    for k in 0..n {
        let t = from + k as f64;
        while j + 1 < part.len() && part[j + 1].t <= t {
            j += 1;
        }
        let a = &part[j];
        let b = part.get(j + 1).unwrap_or(a);
        let w = if b.t > a.t {
            ((t - a.t) / (b.t - a.t)).clamp(0.0, 1.0)
        } else {
            0.0
        };
        let near = if w < 0.5 { a } else { b };
        let lerp = |x: f64, y: f64| x + (y - x) * w;
        positions.push(match (a.position, b.position, origin) {
            (Some(p), Some(q), Some(o)) => {
                let (px, py) = metres(p, o);
                let (qx, qy) = metres(q, o);
                Some((lerp(px, qx), lerp(py, qy)))
            }
            (Some(p), None, Some(o)) | (None, Some(p), Some(o)) => Some(metres(p, o)),
            _ => None,
        });
        distances.push(match (a.distance, b.distance) {
            (Some(x), Some(y)) => Some(lerp(x, y)),
            (x, y) => x.or(y),
        });
        seconds.push(Second {
            t: t as u32,
            speed: near.speed.or(a.speed),
            cadence: near.cadence.filter(|c| *c > 0.0),
            heart_rate: near.heart_rate,
        });
    }
    let with_speed = seconds.iter().filter(|s| s.speed.is_some()).count();
    let with_distance = distances.iter().filter(|d| d.is_some()).count();
    let with_position = positions.iter().filter(|p| p.is_some()).count();
    let speeds: Vec<Option<f64>> = if with_speed * 2 >= n {
        median_speed(&seconds)
    } else if with_distance * 2 >= n {
        over_baseline(&distances, |a, b| (b - a).abs())
    } else if with_position * 2 >= n {
        let smooth = average(&positions);
        over_baseline(&smooth, |(ax, ay), (bx, by)| (bx - ax).hypot(by - ay))
    } else {
        vec![None; n]
    };
    for (s, v) in seconds.iter_mut().zip(speeds) {
        s.speed = v;
    }
    seconds
}

/// A position as metres east and north of `origin` (flat over a run's few
/// kilometres).
fn metres((lat, lon): (f64, f64), (lat0, lon0): (f64, f64)) -> (f64, f64) {
    const R: f64 = 6_371_000.0;
    let x = (lon - lon0).to_radians() * lat0.to_radians().cos() * R;
    let y = (lat - lat0).to_radians() * R;
    (x, y)
}

fn median_speed(seconds: &[Second]) -> Vec<Option<f64>> {
    (0..seconds.len())
        .map(|i| {
            let lo = i.saturating_sub(SPEED_MEDIAN);
            let hi = (i + SPEED_MEDIAN + 1).min(seconds.len());
            let mut v: Vec<f64> = seconds[lo..hi].iter().filter_map(|s| s.speed).collect();
            if v.is_empty() {
                return None;
            }
            v.sort_by(f64::total_cmp);
            Some(v[v.len() / 2])
        })
        .collect()
}

/// Each position averaged with those a few seconds either side.
fn average(positions: &[Option<(f64, f64)>]) -> Vec<Option<(f64, f64)>> {
    (0..positions.len())
        .map(|i| {
            let lo = i.saturating_sub(POSITION_SMOOTHING);
            let hi = (i + POSITION_SMOOTHING + 1).min(positions.len());
            let known: Vec<(f64, f64)> = positions[lo..hi].iter().flatten().copied().collect();
            if known.is_empty() {
                return None;
            }
            let n = known.len() as f64;
            let (sx, sy) = known
                .iter()
                .fold((0.0, 0.0), |(a, b), (x, y)| (a + x, b + y));
            Some((sx / n, sy / n))
        })
        .collect()
}

/// Speed at each second: the way covered between a few seconds before and
/// a few after, over the time between them.
fn over_baseline<T: Copy>(values: &[Option<T>], way: impl Fn(T, T) -> f64) -> Vec<Option<f64>> {
    let n = values.len();
    (0..n)
        .map(|i| {
            let lo = i.saturating_sub(SPEED_BASELINE);
            let hi = (i + SPEED_BASELINE).min(n.saturating_sub(1));
            match (values[lo], values[hi]) {
                (Some(a), Some(b)) if hi > lo => Some(way(a, b) / (hi - lo) as f64),
                _ => None,
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(t: f64) -> Sample {
        Sample {
            t,
            speed: Some(2.0),
            ..Sample::default()
        }
    }

    #[test]
    fn a_gap_and_a_resume_cut_the_recording_into_stretches() {
        let mut s: Vec<Sample> = (0..10).map(|i| at(f64::from(i))).collect();
        s.extend((100..110).map(|i| at(f64::from(i))));
        let mut resumed = at(110.0);
        resumed.resumed = true;
        s.push(resumed);
        s.push(at(111.0));
        let parts = stretches(&s);
        let lens: Vec<usize> = parts.iter().map(Vec::len).collect();
        assert_eq!(lens, vec![10, 10, 2]);
        assert_eq!(parts[1][0].t, 100);
    }

    #[test]
    fn jittered_positions_give_a_steady_speed() {
        // 2 m/s north, each fix scattered by up to 4 m.
        let mut seed: u32 = 7;
        let mut jitter = || {
            seed = seed.wrapping_mul(1_103_515_245).wrapping_add(12_345);
            f64::from(seed >> 16) / 65_536.0 * 8.0 - 4.0
        };
        let samples: Vec<Sample> = (0..300)
            .map(|i| {
                let north = 2.0 * f64::from(i) + jitter();
                let east = jitter();
                Sample {
                    t: f64::from(i),
                    position: Some((51.0 + north / 111_195.0, east / 69_977.0)),
                    ..Sample::default()
                }
            })
            .collect();
        let parts = stretches(&samples);
        let speeds: Vec<f64> = parts[0].iter().filter_map(|s| s.speed).collect();
        let mean = speeds.iter().sum::<f64>() / speeds.len() as f64;
        assert!((mean - 2.0).abs() < 0.1, "mean {mean}");
        let off = speeds.iter().filter(|v| (**v - 2.0).abs() > 0.3).count();
        assert!(
            off * 20 < speeds.len(),
            "{off} of {} seconds off by 0.3 m/s",
            speeds.len()
        );
    }
}
