//! What the runner sees: on a terminal, a live indicatif display with the
//! current segment in big letters; otherwise one line per event, each stamped
//! with the time since the session started (pauses included).

use std::io::{IsTerminal, Write};
use std::time::Duration;

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};

use crate::cues::timeline::{TimedSegment, Timeline};
use crate::plan::steps::Kind;

/// Redraws a second, at most: enough for a seconds countdown, and cheap.
pub const REDRAWS_PER_SECOND: u8 = 4;

/// Where the session stands, for a redraw.
#[derive(Debug, Clone, Copy)]
pub struct View<'a> {
    pub timeline: &'a Timeline,
    /// Index of the current segment; `None` once the session is over.
    pub segment: Option<usize>,
    pub position: u64,
    pub paused: bool,
    /// A question or notice waiting for the runner.
    pub prompt: Option<&'a str>,
}

/// How the player shows the session.
pub trait Display {
    /// Show the current state (called a few times a second).
    fn tick(&mut self, view: &View<'_>);
    /// Something happened at `wall` (time since the start, pauses included).
    fn note(&mut self, wall: Duration, text: &str);
    /// Ring the terminal bell (silent play's cue).
    fn bell(&mut self);
    /// The session is over: leave the screen tidy.
    fn finish(&mut self);
}

/// `mm:ss.mmm`, or `h:mm:ss.mmm` past an hour: event stamps.
pub fn stamp(d: Duration) -> String {
    let ms = d.as_millis();
    let (h, m, s, ms) = (ms / 3_600_000, ms / 60_000 % 60, ms / 1000 % 60, ms % 1000);
    if h > 0 {
        format!("{h}:{m:02}:{s:02}.{ms:03}")
    } else {
        format!("{m:02}:{s:02}.{ms:03}")
    }
}

/// `m:ss` or `h:mm:ss`: a countdown.
pub fn clock(seconds: u64) -> String {
    let (h, m, s) = (seconds / 3600, seconds / 60 % 60, seconds % 60);
    if h > 0 {
        format!("{h}:{m:02}:{s:02}")
    } else {
        format!("{m}:{s:02}")
    }
}

pub fn segment_word(kind: Kind) -> &'static str {
    match kind {
        Kind::Warmup => "WARM UP",
        Kind::Run => "RUN",
        Kind::Walk => "WALK",
        Kind::Cooldown => "COOL DOWN",
    }
}

/// "RUN 1m30s (run 3 of 8)": a segment in one line.
pub fn segment_line(timeline: &Timeline, s: &TimedSegment) -> String {
    let secs = s.len() / u64::from(timeline.sample_rate);
    let mut text = format!(
        "{} {}",
        segment_word(s.kind),
        crate::plan::steps::format_duration(secs)
    );
    if let Some(r) = s.run {
        text.push_str(&format!(" ({r})"));
    }
    text
}

/// One line per event, for a pipe or a file.
#[derive(Debug)]
pub struct Lines<W: Write> {
    out: W,
}

impl<W: Write> Lines<W> {
    pub fn new(out: W) -> Lines<W> {
        Lines { out }
    }
}

impl<W: Write> Display for Lines<W> {
    fn tick(&mut self, _: &View<'_>) {}

    fn note(&mut self, wall: Duration, text: &str) {
        let _ = writeln!(self.out, "{} {text}", stamp(wall));
        let _ = self.out.flush();
    }

    fn bell(&mut self) {
        ring_a_terminal();
    }

    fn finish(&mut self) {
        let _ = self.out.flush();
    }
}

/// The bell goes to whichever of stderr and stdout is a terminal, never into
/// a file.
fn ring_a_terminal() {
    if std::io::stderr().is_terminal() {
        let _ = std::io::stderr().write_all(b"\x07");
    } else if std::io::stdout().is_terminal() {
        let _ = std::io::stdout().write_all(b"\x07");
        let _ = std::io::stdout().flush();
    }
}

/// The live display on a terminal.
#[derive(Debug)]
pub struct Screen {
    bar: ProgressBar,
}

impl Screen {
    pub fn new(timeline: &Timeline) -> Screen {
        let ms = timeline.session_len() * 1000 / u64::from(timeline.sample_rate.max(1));
        let bar = ProgressBar::with_draw_target(
            Some(ms.max(1)),
            ProgressDrawTarget::stdout_with_hz(REDRAWS_PER_SECOND),
        );
        bar.set_style(
            ProgressStyle::with_template("{prefix}\n{msg}\n{bar:60} {percent:>3}%")
                .unwrap_or_else(|_| ProgressStyle::default_bar())
                .progress_chars("█▌ "),
        );
        Screen { bar }
    }
}

impl Display for Screen {
    fn tick(&mut self, v: &View<'_>) {
        let t = v.timeline;
        let rate = u64::from(t.sample_rate.max(1));
        let word = match (v.paused, v.segment) {
            (true, _) => "PAUSED",
            (false, Some(i)) => segment_word(t.segments[i].kind),
            (false, None) => "DONE",
        };
        let mut msg = String::new();
        if let Some(i) = v.segment {
            let s = &t.segments[i];
            let left = s.end.saturating_sub(v.position).div_ceil(rate);
            msg.push_str(&format!(
                "{} left in this {}",
                clock(left),
                segment_word(s.kind).to_lowercase()
            ));
            if let Some(r) = s.run {
                msg.push_str(&format!("  ·  {r}"));
            }
            match t.segments.get(i + 1) {
                Some(n) => msg.push_str(&format!("  ·  next: {}", segment_line(t, n))),
                None => msg.push_str("  ·  next: the end"),
            }
        }
        let elapsed = v.position / rate;
        let remaining = t.session_len().saturating_sub(v.position).div_ceil(rate);
        msg.push_str(&format!(
            "\nelapsed {}  ·  remaining {}  ·  keys: space pause, n next, b back, q quit",
            clock(elapsed),
            clock(remaining)
        ));
        if let Some(p) = v.prompt {
            msg.push('\n');
            msg.push_str(p);
        }
        self.bar.set_prefix(big(word));
        self.bar.set_message(msg);
        self.bar
            .set_position(v.position.min(t.session_len()) * 1000 / rate);
    }

    fn note(&mut self, wall: Duration, text: &str) {
        self.bar.println(format!("{} {text}", stamp(wall)));
    }

    fn bell(&mut self) {
        ring_a_terminal();
    }

    fn finish(&mut self) {
        self.bar.finish_and_clear();
    }
}

/// A word in letters five rows high, for reading from a treadmill.
pub fn big(word: &str) -> String {
    let mut rows = vec![String::new(); 5];
    for ch in word.chars() {
        let glyph = glyph(ch);
        for (row, g) in rows.iter_mut().zip(glyph) {
            row.push_str(&g.replace('#', "█"));
            row.push(' ');
        }
    }
    rows.iter()
        .map(|r| r.trim_end())
        .collect::<Vec<_>>()
        .join("\n")
}

fn glyph(ch: char) -> [&'static str; 5] {
    match ch {
        'A' => [" ### ", "#   #", "#####", "#   #", "#   #"],
        'C' => [" ####", "#    ", "#    ", "#    ", " ####"],
        'D' => ["#### ", "#   #", "#   #", "#   #", "#### "],
        'E' => ["#####", "#    ", "#### ", "#    ", "#####"],
        'K' => ["#   #", "#  # ", "###  ", "#  # ", "#   #"],
        'L' => ["#    ", "#    ", "#    ", "#    ", "#####"],
        'M' => ["#   #", "## ##", "# # #", "#   #", "#   #"],
        'N' => ["#   #", "##  #", "# # #", "#  ##", "#   #"],
        'O' => [" ### ", "#   #", "#   #", "#   #", " ### "],
        'P' => ["#### ", "#   #", "#### ", "#    ", "#    "],
        'R' => ["#### ", "#   #", "#### ", "#  # ", "#   #"],
        'S' => [" ####", "#    ", " ### ", "    #", "#### "],
        'U' => ["#   #", "#   #", "#   #", "#   #", " ### "],
        'W' => ["#   #", "#   #", "# # #", "## ##", "#   #"],
        _ => ["  ", "  ", "  ", "  ", "  "],
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn big_words_are_five_rows_of_blocks() {
        let run = big("RUN");
        let rows: Vec<&str> = run.lines().collect();
        assert_eq!(rows.len(), 5);
        assert_eq!(rows[0], "████  █   █ █   █");
        assert_eq!(big("COOL DOWN").lines().count(), 5);
    }

    #[test]
    fn stamps_and_clocks() {
        assert_eq!(stamp(Duration::from_millis(10_005)), "00:10.005");
        assert_eq!(stamp(Duration::from_secs(3723)), "1:02:03.000");
        assert_eq!(clock(95), "1:35");
        assert_eq!(clock(3600), "1:00:00");
    }
}
