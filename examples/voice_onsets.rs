//! Rewrites the onsets (4th column) of sounds/voice.tsv as walkrun itself
//! hears them: every built-in clip decoded by walkrun's own decoder
//! (symphonia, as `CueBank::load` does it), at the bundle's 22050 Hz, and
//! its onset taken as the first millisecond whose RMS is over -46 dBFS, the
//! rule the timing tests and the bank test hear a cue by.
//!
//! Why not measure with ffmpeg: libvorbis's decoder and symphonia's differ
//! by a few least significant bits, and a soft first consonant hovering at
//! the level then crosses it milliseconds apart in the two, so a cue would be
//! placed that far off its instant. sounds/make.sh runs this last:
//!     cargo run --release --example voice_onsets [path/to/voice.tsv]
//! The onsets do not change the decoded clips, so one run is enough (a second
//! one leaves the file as it is).

use std::collections::HashMap;
use std::path::PathBuf;
use std::process::ExitCode;

use walkrun::audio::{CueBank, Sound};
use walkrun::cues::phrases::Phrase;
use walkrun::sys::atomic_file;

/// The bundle's own rate: onsets are counted in its samples.
const RATE: u32 = 22_050;
/// -46 dBFS, over a millisecond, as tests/integration hears a cue.
const HEARD_RMS: f32 = 0.005;

fn main() -> ExitCode {
    let tsv = std::env::args_os().nth(1).map_or_else(
        || PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("sounds/voice.tsv"),
        PathBuf::from,
    );
    let bank = match CueBank::builtin(RATE) {
        Ok(bank) => bank,
        Err(e) => {
            eprintln!("voice_onsets: {e}");
            return ExitCode::FAILURE;
        }
    };
    bank.load(Phrase::ALL.iter().copied());
    let onsets: HashMap<&str, usize> = Phrase::ALL
        .iter()
        .filter_map(|&p| Some((p.id(), onset(bank.clip(Sound::Say(p)))?)))
        .collect();
    let text = match std::fs::read_to_string(&tsv) {
        Ok(text) => text,
        Err(e) => {
            eprintln!("voice_onsets: {}: {e}", tsv.display());
            return ExitCode::FAILURE;
        }
    };
    let (mut out, mut changed) = (String::with_capacity(text.len()), 0);
    for (n, line) in text.lines().enumerate() {
        let cols: Vec<&str> = line.split('\t').collect();
        if cols.len() < 3 {
            eprintln!(
                "voice_onsets: {}:{}: expected id, first sample, samples[, onset]",
                tsv.display(),
                n + 1
            );
            return ExitCode::FAILURE;
        }
        let old = cols.get(3).copied().unwrap_or("0");
        let new = match onsets.get(cols[0]) {
            Some(o) => o.to_string(),
            // Not in the catalogue, or never heard: left as it was.
            None => old.to_string(),
        };
        if new != old {
            changed += 1;
        }
        out.push_str(&format!("{}\t{}\t{}\t{new}\n", cols[0], cols[1], cols[2]));
    }
    if let Err(e) = atomic_file::write(&tsv, out.as_bytes()) {
        eprintln!("voice_onsets: {e}");
        return ExitCode::FAILURE;
    }
    println!("{changed} onsets changed in {}", tsv.display());
    ExitCode::SUCCESS
}

/// The last sample of the first millisecond whose RMS is over
/// [`HEARD_RMS`], exactly as the bank test finds it.
fn onset(clip: &[f32]) -> Option<usize> {
    let ms = (RATE / 1000) as usize;
    (ms..clip.len()).find(|&i| {
        let e: f32 = clip[i + 1 - ms..=i].iter().map(|s| s * s).sum();
        (e / ms as f32).sqrt() > HEARD_RMS
    })
}
