//! A song for `--music`: three minutes of stereo at 44.1 kHz with a beat,
//! a bass line and chords, as a 128 kbit/s MP3 (the format most runners'
//! music is in, so the live cost includes decoding it). Made with the MP3
//! encoder walkrun already depends on, so the bench needs no other tool.

use std::path::Path;

use rusty_mp3::{Mp3Encoder, Mp3EncoderConfig};

const RATE: u32 = 44_100;
const SECONDS: u32 = 180;
const BPM: f32 = 160.0;

/// Write the song to `path` unless it is already there.
pub fn song(path: &Path) -> Result<(), String> {
    if path.exists() {
        return Ok(());
    }
    let mut encoder = Mp3Encoder::new(Mp3EncoderConfig {
        bitrate_kbps: 128,
        vbr_quality: None,
    });
    let mut bytes = Vec::new();
    let block = RATE as usize; // a second at a time
    for second in 0..SECONDS {
        let pcm = samples(second as usize * block, block);
        encoder
            .push_pcm_f32(&pcm, 2, RATE)
            .map_err(|e| format!("mp3: {e}"))?;
        while let Ok(p) = encoder.next_packet() {
            bytes.extend(p);
        }
    }
    encoder.finish();
    while let Ok(p) = encoder.next_packet() {
        bytes.extend(p);
    }
    if let Some(dir) = path.parent() {
        std::fs::create_dir_all(dir).map_err(|e| e.to_string())?;
    }
    let tmp = path.with_extension("tmp");
    std::fs::write(&tmp, bytes).map_err(|e| format!("{}: {e}", tmp.display()))?;
    std::fs::rename(&tmp, path).map_err(|e| format!("{}: {e}", path.display()))
}

/// Interleaved stereo from frame `start`, `n` frames.
fn samples(start: usize, n: usize) -> Vec<f32> {
    use std::f32::consts::TAU;
    // i - V - vi - IV in A: root frequencies of each bar's chord.
    const ROOTS: [f32; 4] = [220.0, 329.63, 369.99, 293.66];
    let beat = 60.0 / BPM;
    let mut out = Vec::with_capacity(2 * n);
    for i in start..start + n {
        let t = i as f32 / RATE as f32;
        let bar = (t / (4.0 * beat)) as usize % ROOTS.len();
        let root = ROOTS[bar];
        let in_beat = t % beat;
        // A kick: a falling sine with a quick decay on every beat.
        let kick = (TAU * (50.0 + 80.0 * (-in_beat * 30.0).exp()) * in_beat).sin()
            * (-in_beat * 12.0).exp();
        // A hat on the off-beat: noise, short.
        let off = (t + beat / 2.0) % beat;
        let noise = (((i as u32).wrapping_mul(1_103_515_245).wrapping_add(12_345) >> 16) as f32
            / 32_768.0)
            - 1.0;
        let hat = noise * (-off * 60.0).exp() * 0.3;
        let bass = (TAU * root / 2.0 * t).sin() * 0.5;
        let chord = [1.0, 1.259_921, 1.498_307]
            .iter()
            .map(|r| (TAU * root * r * t).sin())
            .sum::<f32>()
            / 3.0;
        let left = 0.35 * kick + 0.2 * bass + 0.15 * chord + 0.1 * hat;
        let right = 0.35 * kick + 0.2 * bass + 0.12 * chord - 0.1 * hat;
        out.extend([left, right]);
    }
    out
}
