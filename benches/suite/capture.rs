//! Reading captured audio against what should have been heard.

use crate::onsets::onsets;
use crate::pulse::RATE;

/// How far a captured onset may be from the expected one and still be that
/// cue (further than this it counts as missed).
const MATCH_MS: f64 = 250.0;

/// Every cue of walkrun's capture against the timeline rendered by `walkrun
/// render` (sample-exact to the timeline, see tests/integration/render.rs).
#[derive(Debug, Clone, serde::Serialize)]
pub struct CueTiming {
    pub cues: usize,
    pub missed: usize,
    /// Onsets in the capture that are no cue (clicks, glitches).
    pub extra: usize,
    pub p50_ms: f64,
    pub p99_ms: f64,
    pub max_ms: f64,
    /// The last cue's time from the first, captured minus nominal.
    pub total_ms: f64,
    /// Nominal span from the first cue to the last.
    pub nominal_s: f64,
    /// Each cue: its rendered onset (seconds from the first cue) and its
    /// error (ms, captured minus rendered; none if missed), so a figure off
    /// target names its cue.
    pub per_cue: Vec<(f64, Option<f64>)>,
}

impl CueTiming {
    /// The cue furthest from the timeline: when it is (s from the first cue)
    /// and by how much (ms, signed).
    pub fn worst(&self) -> Option<(f64, f64)> {
        self.per_cue
            .iter()
            .filter_map(|&(at, e)| Some((at, e?)))
            .max_by(|a, b| a.1.abs().total_cmp(&b.1.abs()))
    }
}

/// Compare a capture with the rendered reference. The capture begins before
/// the player does, so the session starts at the captured onset from which
/// the most expected cues follow at their offsets; from there each cue's
/// error is its time from that first cue, captured minus rendered, as a
/// listener hears it.
pub fn cue_timing(captured: &[f32], rendered: &[f32]) -> Result<CueTiming, String> {
    let want = onsets(rendered);
    let got = onsets(captured);
    if want.len() < 2 {
        return Err("the rendered session has fewer than two cues".into());
    }
    if got.is_empty() {
        return Err("the capture is silent".into());
    }
    let ms = |samples: f64| samples * 1000.0 / RATE as f64;
    let matches = |g0: usize| -> Vec<Option<f64>> {
        want.iter()
            .map(|&w| {
                let expect = g0 as f64 + (w - want[0]) as f64;
                let nearest = got
                    .iter()
                    .map(|&g| g as f64 - expect)
                    .min_by(|a, b| a.abs().total_cmp(&b.abs()))?;
                (ms(nearest.abs()) <= MATCH_MS).then_some(ms(nearest))
            })
            .collect()
    };
    let best = got
        .iter()
        .take(50)
        .map(|&g0| matches(g0))
        .max_by_key(|m| m.iter().filter(|e| e.is_some()).count())
        .unwrap_or_default();
    let mut errors: Vec<f64> = best.iter().flatten().map(|e| e.abs()).collect();
    let matched = errors.len();
    errors.sort_by(f64::total_cmp);
    let total_ms = best.last().copied().flatten().unwrap_or(f64::NAN);
    Ok(CueTiming {
        cues: want.len(),
        missed: want.len() - matched,
        extra: got.len().saturating_sub(matched),
        p50_ms: percentile(&errors, 50.0),
        p99_ms: percentile(&errors, 99.0),
        max_ms: errors.last().copied().unwrap_or(f64::NAN),
        total_ms,
        nominal_s: (want[want.len() - 1] - want[0]) as f64 / RATE as f64,
        per_cue: want
            .iter()
            .zip(&best)
            .map(|(&w, &e)| ((w - want[0]) as f64 / RATE as f64, e))
            .collect(),
    })
}

/// A timer that sounds once when it starts and once at each change (any
/// further sounds within `cluster_s` of a change, such as the next segment's
/// start beep, belong to that change). Returns how late each change was heard
/// against `boundaries_s` (seconds from the start, the last being the end),
/// measured from the first sound.
pub fn change_lateness(
    captured: &[f32],
    boundaries_s: &[f64],
    cluster_s: f64,
) -> Result<Vec<f64>, String> {
    let got = onsets(captured);
    let secs = |s: usize| s as f64 / RATE as f64;
    let mut firsts: Vec<f64> = Vec::new();
    let mut last = f64::NEG_INFINITY;
    for &g in &got {
        let t = secs(g);
        if t - last > cluster_s {
            firsts.push(t);
        }
        last = t;
    }
    if firsts.len() != boundaries_s.len() + 1 {
        return Err(format!(
            "expected {} groups of sounds (a start and {} changes), heard {}",
            boundaries_s.len() + 1,
            boundaries_s.len(),
            firsts.len()
        ));
    }
    let t0 = firsts[0];
    Ok(firsts[1..]
        .iter()
        .zip(boundaries_s)
        .map(|(t, b)| t - t0 - b)
        .collect())
}

/// Nearest-rank percentile of sorted values.
pub fn percentile(sorted: &[f64], p: f64) -> f64 {
    if sorted.is_empty() {
        return f64::NAN;
    }
    let rank = ((p / 100.0) * sorted.len() as f64).ceil() as usize;
    sorted[rank.clamp(1, sorted.len()) - 1]
}

/// Each onset of `reference` against the nearest onset of `decoded` at the
/// same place in the file: no alignment, so an encoder's delay that a player
/// does not trim counts as lateness. Returns the errors (ms) of the onsets
/// found within [`MATCH_MS`] and how many were not. `rate` is the files'
/// (both decoded at the same rate).
pub fn onset_errors(decoded: &[f32], reference: &[f32], rate: u32) -> (Vec<f64>, usize) {
    let got = onsets(decoded);
    let ms = |samples: f64| samples * 1000.0 / f64::from(rate);
    let mut errors = Vec::new();
    let mut missed = 0;
    for w in onsets(reference) {
        let nearest = got
            .iter()
            .map(|&g| ms((g as f64 - w as f64).abs()))
            .min_by(f64::total_cmp);
        match nearest {
            Some(e) if e <= MATCH_MS => errors.push(e),
            _ => missed += 1,
        }
    }
    (errors, missed)
}
