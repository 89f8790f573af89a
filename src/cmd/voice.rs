//! `walkrun voice list|check`: the phrases to record, and a folder of
//! recordings checked.

use std::path::Path;

use walkrun::audio::voice::{check_folder, MAX_CLIP_SECONDS};
use walkrun::cues::phrases::Phrase;
use walkrun::words::count;

use serde_json::json;

use super::{print_json, CmdResult, Ctx, Failure, EXIT_FINDINGS};
use crate::cli::{OutputFormat, VoiceAction, VoiceArgs};

pub fn run(args: &VoiceArgs, _ctx: &mut Ctx) -> CmdResult {
    match &args.action {
        VoiceAction::List(l) => list(l.format),
        VoiceAction::Check(c) => check(&c.dir, c.format),
    }
}

fn list(format: OutputFormat) -> CmdResult {
    if format == OutputFormat::Json {
        let phrases: Vec<_> = Phrase::ALL
            .iter()
            .map(|p| json!({"id": p.id(), "file": p.file_name(), "text": p.text()}))
            .collect();
        print_json(&json!({ "phrases": phrases }))?;
        return Ok(0);
    }
    let width = Phrase::ALL.iter().map(|p| p.id().len()).max().unwrap_or(0);
    outln!(
        "{:<width$}  {:<fwidth$}  text",
        "id",
        "file",
        fwidth = width + 4
    )?;
    for &p in Phrase::ALL {
        outln!(
            "{:<width$}  {:<fwidth$}  {}",
            p.id(),
            p.file_name(),
            p.text(),
            fwidth = width + 4
        )?;
    }
    Ok(0)
}

fn check(dir: &Path, format: OutputFormat) -> CmdResult {
    if !dir.is_dir() {
        return Err(Failure::bad_input(format!(
            "{}: expected a folder of WAV clips",
            dir.display()
        )));
    }
    let report =
        check_folder(dir).map_err(|e| Failure::bad_input(format!("{}: {e}", dir.display())))?;
    let path = |p: Phrase| dir.join(p.file_name()).display().to_string();
    if format == OutputFormat::Json {
        let problems = |list: &[(Phrase, walkrun::audio::voice::VoiceError)]| -> Vec<_> {
            list.iter()
                .map(|(p, e)| json!({"id": p.id(), "file": path(*p), "problem": e.to_string()}))
                .collect()
        };
        let ids = |list: &[Phrase]| -> Vec<&str> { list.iter().map(|p| p.id()).collect() };
        print_json(&json!({
            "folder": dir.display().to_string(),
            "phrases": Phrase::ALL.len(),
            "usable": ids(&report.usable),
            "missing": ids(&report.missing),
            "clipped": problems(&report.clipped),
            "unusable": problems(&report.broken),
            "extra": report.extra.iter().map(|x| x.display().to_string()).collect::<Vec<_>>(),
            "built_in": ids(&report.falls_back()),
        }))?;
        return Ok(if report.broken.is_empty() {
            0
        } else {
            EXIT_FINDINGS
        });
    }
    outln!(
        "{}: {} phrases: {} usable, {} missing, {} clipped, {} unusable, {}",
        dir.display(),
        Phrase::ALL.len(),
        report.usable.len(),
        report.missing.len(),
        report.clipped.len(),
        report.broken.len(),
        count(report.extra.len(), "extra file")
    )?;
    for (p, e) in &report.broken {
        outln!("unusable: {}: {e}", path(*p))?;
    }
    for (p, e) in &report.clipped {
        outln!("clipped: {}: {e}; the built-in voice says it", path(*p))?;
    }
    for x in &report.extra {
        match meant(x) {
            Some(p) => outln!(
                "extra: {}: not read; walkrun reads WAV clips named exactly {}",
                x.display(),
                p.file_name()
            )?,
            None => outln!(
                "extra: {}: no phrase has this name (see walkrun voice list)",
                x.display()
            )?,
        }
    }
    let back = report.falls_back();
    if back.is_empty() {
        outln!("Every phrase is in your voice.")?;
    } else {
        let ids: Vec<&str> = back.iter().map(|p| p.id()).collect();
        outln!("The built-in voice says {}: {}", back.len(), ids.join(", "))?;
    }
    if report.broken.is_empty() {
        Ok(0)
    } else {
        outln!(
            "walkrun run and render refuse this folder until the unusable clips are fixed \
             (WAV, 8-192 kHz, at most {MAX_CLIP_SECONDS} s) or removed."
        )?;
        Ok(EXIT_FINDINGS)
    }
}

/// The phrase a file was surely meant for: its name is the phrase's but
/// for the case or the format ("Run.WAV", "run.mp3").
fn meant(path: &Path) -> Option<Phrase> {
    let stem = path.file_stem()?.to_str()?.to_ascii_lowercase();
    Phrase::from_id(&stem)
}
