//! `walkrun voice list|check`, and the `--voice`/`--talk` flags shared by
//! `run` and `render`.

use std::path::Path;

use walkrun::audio::voice::{check_folder, MAX_CLIP_SECONDS};
use walkrun::audio::{AudioError, CueBank};
use walkrun::phrases::Phrase;
use walkrun::speech::Talk;

use super::{CmdResult, Failure, EXIT_FINDINGS};
use crate::cli::{TalkArg, VoiceAction, VoiceArgs};

pub fn run(args: &VoiceArgs) -> CmdResult {
    match &args.action {
        VoiceAction::List => list(),
        VoiceAction::Check(c) => check(&c.dir),
    }
}

fn list() -> CmdResult {
    let width = Phrase::ALL.iter().map(|p| p.id().len()).max().unwrap_or(0);
    println!(
        "{:<width$}  {:<fwidth$}  text",
        "id",
        "file",
        fwidth = width + 4
    );
    for &p in Phrase::ALL {
        println!(
            "{:<width$}  {:<fwidth$}  {}",
            p.id(),
            p.file_name(),
            p.text(),
            fwidth = width + 4
        );
    }
    Ok(0)
}

fn check(dir: &Path) -> CmdResult {
    if !dir.is_dir() {
        return Err(Failure::bad_input(format!(
            "{}: expected a folder of WAV clips",
            dir.display()
        )));
    }
    let report =
        check_folder(dir).map_err(|e| Failure::bad_input(format!("{}: {e}", dir.display())))?;
    let path = |p: Phrase| dir.join(p.file_name()).display().to_string();
    println!(
        "{}: {} phrases: {} usable, {} missing, {} clipped, {} unusable, {} extra file(s)",
        dir.display(),
        Phrase::ALL.len(),
        report.usable.len(),
        report.missing.len(),
        report.clipped.len(),
        report.broken.len(),
        report.extra.len()
    );
    for (p, e) in &report.broken {
        println!("unusable: {}: {e}", path(*p));
    }
    for (p, e) in &report.clipped {
        println!("clipped: {}: {e}; the built-in voice says it", path(*p));
    }
    for x in &report.extra {
        match meant(x) {
            Some(p) => println!(
                "extra: {}: not read; walkrun reads WAV clips named exactly {}",
                x.display(),
                p.file_name()
            ),
            None => println!(
                "extra: {}: no phrase has this name (see walkrun voice list)",
                x.display()
            ),
        }
    }
    let back = report.falls_back();
    if back.is_empty() {
        println!("Every phrase is in your voice.");
    } else {
        let ids: Vec<&str> = back.iter().map(|p| p.id()).collect();
        println!("The built-in voice says {}: {}", back.len(), ids.join(", "));
    }
    if report.broken.is_empty() {
        Ok(0)
    } else {
        println!(
            "walkrun run and render refuse this folder until the unusable clips are fixed \
             (WAV, 8-192 kHz, at most {MAX_CLIP_SECONDS} s) or removed."
        );
        Ok(EXIT_FINDINGS)
    }
}

/// The phrase a file was surely meant for: its name is the phrase's but
/// for the case or the format ("Run.WAV", "run.mp3").
fn meant(path: &Path) -> Option<Phrase> {
    let stem = path.file_stem()?.to_str()?.to_ascii_lowercase();
    Phrase::from_id(&stem)
}

pub fn talk(arg: TalkArg) -> Talk {
    match arg {
        TalkArg::Quiet => Talk::Quiet,
        TalkArg::Normal => Talk::Normal,
        TalkArg::Chatty => Talk::Chatty,
    }
}

/// The cue bank for `--voice DIR` (or the built-in voice), with one warning
/// line when some phrases keep the built-in voice.
pub fn bank(voice: Option<&Path>, rate: u32) -> Result<CueBank, AudioError> {
    let Some(dir) = voice else {
        return CueBank::builtin(rate);
    };
    let (bank, fallback) = CueBank::with_voice(dir, rate)?;
    if !fallback.is_empty() {
        let names: Vec<String> = fallback.iter().take(5).map(|p| p.file_name()).collect();
        let more = fallback.len().saturating_sub(names.len());
        eprintln!(
            "walkrun: warning: --voice {}: the built-in voice says {} of {} phrases ({}{}; see walkrun voice check)",
            dir.display(),
            fallback.len(),
            Phrase::ALL.len(),
            names.join(", "),
            if more > 0 {
                format!(" and {more} more")
            } else {
                String::new()
            }
        );
    }
    Ok(bank)
}
