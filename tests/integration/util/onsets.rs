//! Onset detection shared by the render and live-play tests: where sound
//! starts after silence, measured on samples (rendered or captured).

/// The rate every test renders and captures at.
pub const RATE: usize = 44_100;
/// One millisecond of samples: the detector's window and the render tolerance.
pub const MS: usize = RATE / 1000;
/// Below this RMS over a millisecond, a window counts as silent.
pub const SILENT_RMS: f64 = 0.005;
/// An onset must follow this much silence.
pub const SILENCE_BEFORE: usize = 20 * MS;

/// Where sound starts after silence: the first sample at which the energy of
/// the millisecond ending there rises above silence, when the 20 ms before
/// were silent.
pub fn onsets(samples: &[f32]) -> Vec<usize> {
    onsets_above(samples, SILENT_RMS)
}

/// [`onsets`] with another floor: below `silent_rms` over a millisecond, a
/// window counts as silent (for sound over a lossy codec's noise).
pub fn onsets_above(samples: &[f32], silent_rms: f64) -> Vec<usize> {
    let threshold = silent_rms * silent_rms * MS as f64;
    let mut energy = 0.0f64;
    let mut quiet_for = usize::MAX / 2;
    let mut found = Vec::new();
    for (i, &s) in samples.iter().enumerate() {
        energy += f64::from(s) * f64::from(s);
        if i >= MS {
            energy -= f64::from(samples[i - MS]) * f64::from(samples[i - MS]);
        }
        if energy > threshold {
            if quiet_for >= SILENCE_BEFORE {
                found.push(i);
            }
            quiet_for = 0;
        } else {
            quiet_for += 1;
        }
    }
    found
}
