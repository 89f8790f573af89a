//! The live display on a terminal, made to be read from a treadmill: the
//! segment and the time left in it in big letters that grow with the window,
//! what comes next and the session's bar below, and the session's events in a
//! log region above that scrolls without moving the display. On a terminal
//! too small for big letters it is two lines at the bottom, cut to the width
//! so that nothing ever wraps.
//!
//! It draws on the terminal's alternate screen, so the shell's screen is left
//! as it was; when the session ends, the events are printed there, into the
//! scroll-back, as a record of the session.
//!
//! [`frame`] is a pure function of where the session stands and the window's
//! size; [`Screen`] only writes the rows that changed.

use std::io::Write;
use std::time::Duration;

use crossterm::style::Color;

use super::display::{clock, ring_a_terminal, segment_line, segment_word, stamp, Display, View};
use super::glyphs::{self, GLYPH_ROWS};
use crate::plan::steps::Kind;

/// The keys, as the display names them.
const KEYS: &str = "keys: space pause, n next, b back, q quit";
/// Rows kept for the log region, at the least, above big letters.
const MIN_LOG_ROWS: usize = 3;
/// Events kept for the log region (all are printed at the end).
const LOG_KEPT: usize = 500;

/// A row of the frame: its text and the colour it is drawn in, if any.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Row {
    pub text: String,
    pub colour: Option<Color>,
}

impl Row {
    fn plain(text: impl Into<String>) -> Row {
        Row {
            text: text.into(),
            colour: None,
        }
    }
}

/// What the session looks like on a `width` x `height` terminal: exactly
/// `height` rows, none longer than `width - 1` characters (a line that
/// reaches the last column wraps on some terminals). `log` holds the stamped
/// events, oldest first; `colour` says whether run and walk get theirs.
pub fn frame(view: &View<'_>, log: &[String], width: u16, height: u16, colour: bool) -> Vec<Row> {
    let (w, h) = (usize::from(width.max(2)) - 1, usize::from(height.max(1)));
    let now = Now::of(view);
    let tint = if colour { now.colour } else { None };
    let mut display = big(&now, w, h, tint).unwrap_or_else(|| compact(&now, w, h, tint));
    for row in &mut display {
        row.text = cut(&row.text, w);
    }
    // The log fills the rows above the display, newest at the bottom.
    let log_rows = h.saturating_sub(display.len());
    let shown = &log[log.len().saturating_sub(log_rows)..];
    let mut rows: Vec<Row> = shown.iter().map(|l| Row::plain(cut(l, w))).collect();
    rows.resize(log_rows, Row::plain(""));
    rows.append(&mut display);
    rows
}

/// The figures a frame shows, worked out once.
struct Now {
    word: &'static str,
    left: String,
    /// The widest the time left gets in this segment (its length): the scale
    /// is chosen for it, so the letters do not change size as it counts down.
    widest: String,
    next: String,
    /// "at 7.5 km/h": the treadmill's speed for this segment, when known.
    speed: Option<String>,
    percent: u64,
    info: String,
    prompt: Option<String>,
    colour: Option<Color>,
}

impl Now {
    fn of(v: &View<'_>) -> Now {
        let t = v.timeline;
        let rate = u64::from(t.sample_rate.max(1));
        let segment = v.segment.map(|i| (i, &t.segments[i]));
        let word = match (v.paused, segment) {
            (true, _) => "PAUSED",
            (false, Some((_, s))) => segment_word(s.kind),
            (false, None) => "DONE",
        };
        let (left, widest, next, colour) = match segment {
            Some((i, s)) => {
                let left = s.end.saturating_sub(v.position).div_ceil(rate);
                let next = match t.segments.get(i + 1) {
                    Some(n) => format!("next: {}", segment_line(t, n)),
                    None => "next: the end".to_string(),
                };
                let next = match s.run {
                    Some(r) => format!("{r}  ·  {next}"),
                    None => next,
                };
                let colour = (!v.paused).then_some(kind_colour(s.kind));
                (clock(left), clock(s.len().div_ceil(rate)), next, colour)
            }
            None => (clock(0), clock(0), "well done".to_string(), None),
        };
        let speed = match (v.paused, segment) {
            (false, Some((_, s))) => s.speed.map(|v| format!("at {v}")),
            _ => None,
        };
        let len = t.session_len().max(1);
        let percent = v.position.min(len) * 100 / len;
        let remaining = t.session_len().saturating_sub(v.position).div_ceil(rate);
        let info = format!(
            "elapsed {}  ·  remaining {}  ·  {KEYS}",
            clock(v.position / rate),
            clock(remaining)
        );
        Now {
            word,
            widest: widest.replace(|c: char| c.is_ascii_digit(), "0"),
            left,
            next,
            speed,
            percent,
            info,
            prompt: v.prompt.map(str::to_string),
            colour,
        }
    }
}

/// Run and walk told apart at a glance; warm-up and cool-down alike.
fn kind_colour(kind: Kind) -> Color {
    match kind {
        Kind::Run => Color::Green,
        Kind::Walk => Color::Cyan,
        Kind::Warmup | Kind::Cooldown => Color::Yellow,
    }
}

/// The big display, anchored to the bottom: the word, the time left (twice
/// the word's height), the next segment, the bar, the figures and the keys,
/// and a row for a question. `None` when the window cannot hold the time
/// left at twice the font's size with a log region above it.
fn big(now: &Now, w: usize, h: usize, tint: Option<Color>) -> Option<Vec<Row>> {
    // The speed, when known, is one more line of text.
    let text_rows = 4 + usize::from(now.speed.is_some());
    const GAPS: usize = 2;
    let rows_for = |ts: usize| GLYPH_ROWS * (ts + (ts / 2).max(1)) + text_rows + GAPS;
    let ts = (2..=h)
        .take_while(|&ts| rows_for(ts) + MIN_LOG_ROWS <= h)
        .last()?;
    let ws = (ts / 2).max(1);
    // A pixel twice as wide as high looks square in a terminal cell; narrower
    // when the window is narrow.
    let tx = (2 * ts).min(w / glyphs::width(&now.widest).max(1));
    if tx < 2 {
        return None;
    }
    let wx = (2 * ws).min(w / glyphs::width(now.word).max(1)).max(1);
    let paint = |text: String| Row { text, colour: tint };
    let mut rows: Vec<Row> = glyphs::draw(now.word, wx, ws)
        .into_iter()
        .map(paint)
        .collect();
    rows.push(Row::plain(""));
    rows.extend(glyphs::draw(&now.left, tx, ts).into_iter().map(paint));
    rows.push(Row::plain(""));
    if let Some(speed) = &now.speed {
        rows.push(Row {
            text: speed.clone(),
            colour: tint,
        });
    }
    rows.push(Row::plain(now.next.clone()));
    rows.push(Row::plain(bar_line(now.percent, w.min(100), "")));
    rows.push(Row::plain(now.info.clone()));
    rows.push(Row::plain(now.prompt.clone().unwrap_or_default()));
    Some(rows)
}

/// One or two lines: the segment, its time left and what comes next; the bar
/// with the keys (or the question waiting for the runner).
fn compact(now: &Now, w: usize, h: usize, tint: Option<Color>) -> Vec<Row> {
    let speed = now
        .speed
        .as_ref()
        .map(|s| format!(" {s}"))
        .unwrap_or_default();
    let first = Row {
        text: format!("{} {} left{speed}  ·  {}", now.word, now.left, now.next),
        colour: tint,
    };
    if h < 2 {
        return vec![first];
    }
    let second = match &now.prompt {
        Some(p) => p.clone(),
        None => bar_line(now.percent, w, KEYS),
    };
    vec![first, Row::plain(second)]
}

/// `█████░░░░░  42%` followed by `tail`, the bar taking what `tail` leaves of
/// `w` (ten cells at the least).
fn bar_line(percent: u64, w: usize, tail: &str) -> String {
    let tail = if tail.is_empty() {
        String::new()
    } else {
        format!("  {tail}")
    };
    let cells = w.saturating_sub(6 + tail.chars().count()).max(10);
    let full = (percent.min(100) as usize * cells) / 100;
    format!(
        "{}{} {percent:>3}%{tail}",
        "█".repeat(full),
        "░".repeat(cells - full)
    )
}

/// `text` cut to `w` characters (every character walkrun draws is one cell).
fn cut(text: &str, w: usize) -> String {
    match text.char_indices().nth(w) {
        Some((at, _)) => text[..at].to_string(),
        None => text.to_string(),
    }
}

/// Whether to colour: not with `NO_COLOR` set (no-color.org), nor on a
/// terminal that says it is dumb.
pub fn colour_wanted() -> bool {
    let no_color = std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty());
    let dumb = std::env::var("TERM").is_ok_and(|t| t == "dumb");
    !no_color && !dumb
}

/// The live display on a terminal (stdout).
#[derive(Debug)]
pub struct Screen {
    log: Vec<String>,
    /// Every event, printed to the shell's screen at the end.
    all: Vec<String>,
    drawn: Vec<Row>,
    size: (u16, u16),
    colour: bool,
    entered: bool,
}

impl Screen {
    /// `title` heads the log region: what is being played (it is printed
    /// before the screen, which hides it).
    pub fn new(title: &str) -> Screen {
        Screen {
            log: vec![title.to_string()],
            all: Vec::new(),
            drawn: Vec::new(),
            size: (0, 0),
            colour: colour_wanted(),
            entered: false,
        }
    }

    fn enter(&mut self, out: &mut impl Write) {
        if !self.entered {
            self.entered = true;
            let _ = crossterm::queue!(
                out,
                crossterm::terminal::EnterAlternateScreen,
                crossterm::cursor::Hide
            );
        }
    }

    fn leave(&mut self) {
        if std::mem::take(&mut self.entered) {
            let mut out = std::io::stdout().lock();
            let _ = crossterm::queue!(
                out,
                crossterm::style::ResetColor,
                crossterm::terminal::LeaveAlternateScreen,
                crossterm::cursor::Show
            );
            let _ = out.flush();
        }
    }
}

impl Display for Screen {
    fn tick(&mut self, v: &View<'_>) {
        use crossterm::{cursor, queue, style, terminal};
        let size = terminal::size().unwrap_or((80, 24));
        let rows = frame(v, &self.log, size.0, size.1, self.colour);
        let mut out = std::io::stdout().lock();
        self.enter(&mut out);
        if size != self.size {
            // A resized window is drawn afresh.
            self.size = size;
            self.drawn.clear();
            let _ = queue!(out, terminal::Clear(terminal::ClearType::All));
        }
        for (y, row) in rows.iter().enumerate() {
            if self.drawn.get(y) == Some(row) {
                continue;
            }
            let y = u16::try_from(y).unwrap_or(u16::MAX);
            let _ = queue!(out, cursor::MoveTo(0, y));
            if let Some(c) = row.colour {
                let _ = queue!(out, style::SetForegroundColor(c));
            }
            let _ = queue!(
                out,
                style::Print(&row.text),
                style::ResetColor,
                terminal::Clear(terminal::ClearType::UntilNewLine)
            );
        }
        let _ = out.flush();
        self.drawn = rows;
    }

    fn note(&mut self, wall: Duration, text: &str) {
        let line = format!("{} {text}", stamp(wall));
        if self.log.len() >= LOG_KEPT {
            self.log.remove(0);
        }
        self.log.push(line.clone());
        self.all.push(line);
        // Shown at the next redraw, a quarter of a second away at most.
    }

    fn bell(&mut self) {
        ring_a_terminal();
    }

    fn finish(&mut self) {
        self.leave();
        let mut out = std::io::stdout().lock();
        for line in self.all.drain(..) {
            let _ = writeln!(out, "{line}");
        }
        let _ = out.flush();
    }
}

impl Drop for Screen {
    /// A panic or an early return still gives the shell its screen back.
    fn drop(&mut self) {
        self.leave();
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::cues::timeline::Timeline;
    use crate::plan::steps::parse;

    fn view(t: &Timeline, at_seconds: u64) -> View<'_> {
        let position = at_seconds * u64::from(t.sample_rate);
        View {
            timeline: t,
            segment: t.segment_at(position),
            position,
            paused: false,
            prompt: None,
        }
    }

    /// The tallest run of rows with blocks in them, and its widest row.
    fn tallest_block(rows: &[Row]) -> (usize, usize) {
        let (mut best, mut run, mut wide, mut best_wide) = (0, 0, 0, 0);
        for r in rows {
            if r.text.contains('█') && !r.text.contains('%') {
                run += 1;
                wide = wide.max(r.text.trim_end().chars().count());
                if run > best {
                    (best, best_wide) = (run, wide);
                }
            } else {
                (run, wide) = (0, 0);
            }
        }
        (best, best_wide)
    }

    #[test]
    fn on_a_big_window_the_time_left_is_big() {
        let t = Timeline::new(&parse("walk 1m30s, run 1m").unwrap(), 1000);
        let rows = frame(&view(&t, 10), &[], 200, 50, true);
        assert_eq!(rows.len(), 50);
        let (tall, wide) = tallest_block(&rows);
        assert!(tall >= 12 && wide >= 100, "{tall} rows x {wide} columns");
        assert!(rows.iter().all(|r| r.text.chars().count() < 200));
        assert!(rows.iter().any(|r| r.colour == Some(Color::Cyan)));
        assert!(frame(&view(&t, 10), &[], 200, 50, false)
            .iter()
            .all(|r| r.colour.is_none()));
    }

    #[test]
    fn on_a_small_window_two_lines_that_never_wrap() {
        let t = Timeline::new(&parse("walk 1m30s, run 1m").unwrap(), 1000);
        let log = vec!["00:00.000 WALK 1m30s".to_string(); 40];
        let rows = frame(&view(&t, 10), &log, 60, 20, false);
        assert_eq!(rows.len(), 20);
        assert!(rows.iter().all(|r| r.text.chars().count() < 60));
        assert!(rows[18].text.starts_with("WALK 1:20 left"), "{rows:?}");
        assert!(rows[19].text.contains('%'), "{rows:?}");
        assert!(rows[..18].iter().all(|r| r.text.starts_with("00:00.000")));
    }

    #[test]
    fn with_a_pace_the_segments_speed_is_shown_big_and_small() {
        use crate::cues::speech::{Script, Speeds};
        let script = Script {
            speeds: Some(Speeds {
                run: 75,
                walk: 55,
                unit: crate::plan::pace::Unit::Km,
            }),
            ..Script::default()
        };
        let session = parse("walk 1m30s, run 1m").unwrap();
        let t = Timeline::with_phrase_lengths(&session, 1000, &script, |_| 100);
        let rows = frame(&view(&t, 10), &[], 200, 50, false);
        assert_eq!(rows.len(), 50);
        assert!(rows.iter().any(|r| r.text == "at 5.5 km/h"), "{rows:?}");
        let (tall, wide) = tallest_block(&rows);
        assert!(tall >= 12 && wide >= 100, "{tall} rows x {wide} columns");
        let rows = frame(&view(&t, 100), &[], 60, 20, false);
        assert!(
            rows[18].text.starts_with("RUN 0:50 left at 7.5 km/h"),
            "{rows:?}"
        );
        assert!(rows.iter().all(|r| r.text.chars().count() < 60));
    }
}
