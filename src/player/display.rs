//! What the runner sees: on a terminal, the live [`Screen`](super::screen)
//! with the segment and the time left in big letters; otherwise one line per
//! event, each stamped with the time since the session started (pauses
//! included).

use std::io::{IsTerminal, Write};
use std::time::Duration;

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

/// "RUN 1m30s (run 3 of 8)": a segment in one line; a distance with its
/// time ("RUN 5km in about 40m"), and the treadmill's speed when the pace is
/// known ("at 7.5 km/h").
pub fn segment_line(timeline: &Timeline, s: &TimedSegment) -> String {
    let secs = s.len() / u64::from(timeline.sample_rate);
    let time = crate::plan::steps::format_duration(secs);
    let mut text = match s.distance {
        // A trial's length is a ceiling, not a forecast.
        Some(d) if s.trial => format!("{} {d}", segment_word(s.kind)),
        Some(d) => format!("{} {d} in about {time}", segment_word(s.kind)),
        None => format!("{} {time}", segment_word(s.kind)),
    };
    if let Some(r) = s.run {
        text.push_str(&format!(" ({r})"));
    }
    if let Some(v) = s.speed {
        text.push_str(&format!(" at {v}"));
    }
    if let (true, Some(d)) = (s.trial, s.distance) {
        text.push_str(&format!(
            "; press n when the treadmill or watch shows {d}: that time is your trial's"
        ));
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
pub(super) fn ring_a_terminal() {
    if std::io::stderr().is_terminal() {
        let _ = std::io::stderr().write_all(b"\x07");
    } else if std::io::stdout().is_terminal() {
        let _ = std::io::stdout().write_all(b"\x07");
        let _ = std::io::stdout().flush();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stamps_and_clocks() {
        assert_eq!(stamp(Duration::from_millis(10_005)), "00:10.005");
        assert_eq!(stamp(Duration::from_secs(3723)), "1:02:03.000");
        assert_eq!(clock(95), "1:35");
        assert_eq!(clock(3600), "1:00:00");
    }
}
