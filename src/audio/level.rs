//! How loud the coach is: one gain for every clip the bank hands out (the
//! built-in voice, a runner's own, the beeps), so a rendered file and live
//! play sound the same, and a peak limiter that keeps the louder voice
//! under the ceiling podcast apps expect.
//!
//! Every clip is shaped to an active-speech RMS of -20 dBFS (see
//! sounds/README.md); speech at that level measures about -21 LUFS. Podcast
//! and phone players aim at -16 LUFS with a true peak under -1 dBFS, so the
//! bank raises every clip by [`VOICE_GAIN_DB`] and limits its peaks to
//! [`PEAK_CEILING`]: the ceiling sits 1 dB under that true-peak limit because
//! the peaks between samples (what a player's resampler rebuilds) run a
//! little over the sample peaks.

use std::collections::VecDeque;

/// The gain every clip gets, in dB: from the clips' -20 dBFS active RMS to
/// about -15.5 dBFS, which measures -16 LUFS over a session.
pub const VOICE_GAIN_DB: f64 = 8.5;
/// The active-speech RMS every clip is shaped to before the gain (-20 dBFS).
pub const SHAPED_RMS: f64 = 0.1;
/// No sample above this (-2 dBFS).
pub const PEAK_CEILING: f32 = 0.794;
/// The limiter turns down over this long before a peak and back up over
/// this long after: slow enough not to distort a vowel, quick enough not to
/// duck a whole word.
const LIMITER_MS: u32 = 5;

/// The gain as a factor.
pub fn voice_gain() -> f32 {
    10f64.powf(VOICE_GAIN_DB / 20.0) as f32
}

/// The active RMS of a clip at the coach's level: what the beeps match.
pub fn voice_rms() -> f64 {
    SHAPED_RMS * f64::from(voice_gain())
}

/// `clip` raised by [`VOICE_GAIN_DB`] with every sample under
/// [`PEAK_CEILING`]: a look-ahead limiter, which lowers the gain smoothly
/// around each peak rather than clipping it.
pub fn at_coach_level(clip: &[f32], rate: u32) -> Vec<f32> {
    limit(clip, voice_gain(), PEAK_CEILING, rate)
}

/// `clip` times `gain`, turned down around any sample that would pass
/// `ceiling`. The gain a sample needs is spread by a minimum over
/// `±LIMITER_MS` and then averaged over a window half that wide; each
/// average is then of gains no higher than the lowest any sample under it
/// needs, so no sample passes `ceiling`, and the gain moves without a step.
pub fn limit(clip: &[f32], gain: f32, ceiling: f32, rate: u32) -> Vec<f32> {
    let need: Vec<f32> = clip
        .iter()
        .map(|&s| {
            let v = (s * gain).abs();
            if v > ceiling {
                ceiling / v
            } else {
                1.0
            }
        })
        .collect();
    if need.iter().all(|&g| g >= 1.0) {
        return clip.iter().map(|&s| s * gain).collect();
    }
    let radius = (rate * LIMITER_MS / 1000).max(1) as usize;
    let spread = running_min(&need, radius);
    let half = (radius / 2).max(1);
    let smooth = centred_mean(&spread, half);
    clip.iter()
        .zip(&smooth)
        .map(|(&s, &g)| (s * gain * g).clamp(-ceiling, ceiling))
        .collect()
}

/// The minimum of `x` over `i - r ..= i + r` at each `i` (a monotonic
/// queue: linear time, for clips of a few seconds at any rate).
fn running_min(x: &[f32], r: usize) -> Vec<f32> {
    let mut out = Vec::with_capacity(x.len());
    let mut queue: VecDeque<usize> = VecDeque::new();
    let mut next = 0;
    for i in 0..x.len() {
        let hi = (i + r).min(x.len() - 1);
        while next <= hi {
            while queue.back().is_some_and(|&j| x[j] >= x[next]) {
                queue.pop_back();
            }
            queue.push_back(next);
            next += 1;
        }
        while queue.front().is_some_and(|&j| j + r < i) {
            queue.pop_front();
        }
        out.push(queue.front().map_or(1.0, |&j| x[j]));
    }
    out
}

/// The mean of `x` over `i - h ..= i + h` at each `i`, the window cut at
/// the ends.
fn centred_mean(x: &[f32], h: usize) -> Vec<f32> {
    let mut prefix = Vec::with_capacity(x.len() + 1);
    prefix.push(0.0f64);
    for &v in x {
        let last = prefix.last().copied().unwrap_or(0.0);
        prefix.push(last + f64::from(v));
    }
    (0..x.len())
        .map(|i| {
            let a = i.saturating_sub(h);
            let b = (i + h + 1).min(x.len());
            ((prefix[b] - prefix[a]) / (b - a) as f64) as f32
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_gain_constant_is_the_gain() {
        let db = 20.0 * voice_rms().log10();
        assert!((db - (-20.0 + VOICE_GAIN_DB)).abs() < 1e-3, "{db}");
    }

    #[test]
    fn quiet_clips_are_only_raised() {
        let clip: Vec<f32> = (0..1000).map(|i| (i as f32 * 0.05).sin() * 0.2).collect();
        let out = at_coach_level(&clip, 44_100);
        for (a, b) in clip.iter().zip(&out) {
            assert!((a * voice_gain() - b).abs() < 1e-6);
        }
    }

    #[test]
    fn a_loud_peak_is_held_under_the_ceiling_without_touching_what_is_far_from_it() {
        let rate = 44_100;
        let mut clip: Vec<f32> = (0..rate as usize / 10)
            .map(|i| (i as f32 * 0.05).sin() * 0.1)
            .collect();
        let peak = clip.len() / 2;
        for s in &mut clip[peak - 20..peak + 20] {
            *s *= 9.0;
        }
        let out = at_coach_level(&clip, rate);
        let top = out.iter().fold(0.0f32, |m, s| m.max(s.abs()));
        assert!(top <= PEAK_CEILING, "{top}");
        assert!(top > PEAK_CEILING * 0.9, "limited, not crushed: {top}");
        // 20 ms from the peak the gain is back to the voice's.
        let far = peak + rate as usize / 50;
        assert!((out[far] - clip[far] * voice_gain()).abs() < 1e-6);
        // No step in the gain: from one sample to the next it moves by
        // little, where the clip is not near zero.
        let gain = |i: usize| out[i] / (clip[i] * voice_gain());
        let step = (1..clip.len())
            .filter(|&i| clip[i - 1].abs() > 0.05 && clip[i].abs() > 0.05)
            .map(|i| (gain(i) - gain(i - 1)).abs())
            .fold(0.0f32, f32::max);
        assert!(step < 0.05, "{step}");
    }
}
