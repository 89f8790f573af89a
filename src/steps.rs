//! The steps grammar: text such as `warmup 5m, 8x(run 60s, walk 90s), cooldown 5m`
//! parsed into a [`Session`], and a [`Session`] printed back in canonical form.
//!
//! ```text
//! session  = step { "," step }
//! step     = segment | repeat
//! segment  = kind duration
//! repeat   = count "x" "(" session ")"
//! kind     = run | jog | walk | warmup | cooldown      (jog = run)
//! duration = 90s | 2m | 1m30s | 2.5m | 1:30 | 1h
//! ```
//!
//! Durations are whole seconds: a runner never needs less, and whole seconds keep
//! every later computation (weekly totals, timeline offsets) exact.

use std::fmt;
use std::str::FromStr;

use thiserror::Error;

/// The longest single segment a plan may hold.
pub const MAX_SEGMENT_SECONDS: u32 = 4 * 3600;
/// The longest whole session a plan may hold.
pub const MAX_SESSION_SECONDS: u64 = 5 * 3600;
/// The largest repeat count.
pub const MAX_REPEAT: u32 = 200;

/// What the runner does during a segment.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Kind {
    Warmup,
    Run,
    Walk,
    Cooldown,
}

impl Kind {
    /// The canonical word in the grammar.
    pub fn as_str(self) -> &'static str {
        match self {
            Kind::Warmup => "warmup",
            Kind::Run => "run",
            Kind::Walk => "walk",
            Kind::Cooldown => "cooldown",
        }
    }

    /// Warm-up and cool-down are brisk walks; only `Run` counts as running.
    pub fn is_run(self) -> bool {
        self == Kind::Run
    }
}

impl fmt::Display for Kind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// One segment: a kind held for a number of seconds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Segment {
    pub kind: Kind,
    pub seconds: u32,
}

/// A step of a session: a segment, or a block repeated `count` times.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Step {
    Segment(Segment),
    Repeat { count: u32, steps: Vec<Step> },
}

/// A session: the steps a runner follows, in order.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Default)]
pub struct Session {
    pub steps: Vec<Step>,
}

/// A steps text that does not follow the grammar. `column` counts characters
/// from 1, so it can be pointed at in the text the user wrote.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
#[error("column {column}: expected {expected}, found {found}")]
pub struct StepsError {
    pub column: usize,
    pub expected: String,
    pub found: String,
}

impl Session {
    /// Build a session from steps; used by the engine, which builds valid sessions.
    pub fn new(steps: Vec<Step>) -> Session {
        Session { steps }
    }

    /// Every segment in playing order, with repeats expanded.
    pub fn segments(&self) -> Vec<Segment> {
        let mut out = Vec::new();
        expand(&self.steps, &mut out);
        out
    }

    /// Total time in seconds.
    pub fn total_seconds(&self) -> u64 {
        self.segments().iter().map(|s| u64::from(s.seconds)).sum()
    }

    /// Time spent running, in seconds.
    pub fn run_seconds(&self) -> u64 {
        self.segments()
            .iter()
            .filter(|s| s.kind.is_run())
            .map(|s| u64::from(s.seconds))
            .sum()
    }

    /// The longest stretch of running without a break: adjacent run segments
    /// are one run, since nothing in between lets the runner recover.
    pub fn longest_run_seconds(&self) -> u64 {
        let mut longest = 0;
        let mut current = 0;
        for s in self.segments() {
            if s.kind.is_run() {
                current += u64::from(s.seconds);
                longest = longest.max(current);
            } else {
                current = 0;
            }
        }
        longest
    }
}

fn expand(steps: &[Step], out: &mut Vec<Segment>) {
    for step in steps {
        match step {
            Step::Segment(s) => out.push(*s),
            Step::Repeat { count, steps } => {
                for _ in 0..*count {
                    expand(steps, out);
                }
            }
        }
    }
}

impl FromStr for Session {
    type Err = StepsError;

    fn from_str(text: &str) -> Result<Session, StepsError> {
        parse(text)
    }
}

/// Parse a steps text into a session.
pub fn parse(text: &str) -> Result<Session, StepsError> {
    let mut p = Parser {
        chars: text.chars().collect(),
        pos: 0,
    };
    let start = p.pos;
    let steps = p.session()?;
    p.skip_ws();
    if p.pos < p.chars.len() {
        let expected = if p.peek() == Some(')') {
            "a step before ')' closes nothing"
        } else {
            "',' between steps"
        };
        return Err(p.error_here(expected));
    }
    let session = Session { steps };
    if session.total_seconds() > MAX_SESSION_SECONDS {
        return Err(StepsError {
            column: start + 1,
            expected: format!("a session of at most {} hours", MAX_SESSION_SECONDS / 3600),
            found: format!("{} in total", format_duration(session.total_seconds())),
        });
    }
    Ok(session)
}

struct Parser {
    chars: Vec<char>,
    pos: usize,
}

impl Parser {
    fn peek(&self) -> Option<char> {
        self.chars.get(self.pos).copied()
    }

    fn skip_ws(&mut self) {
        while self.peek().is_some_and(char::is_whitespace) {
            self.pos += 1;
        }
    }

    fn found_here(&self) -> String {
        match self.peek() {
            None => "end of text".to_string(),
            Some(_) => {
                let word: String = self.chars[self.pos..]
                    .iter()
                    .take_while(|c| !c.is_whitespace() && !matches!(c, ',' | '(' | ')'))
                    .collect();
                if word.is_empty() {
                    format!("'{}'", self.chars[self.pos])
                } else {
                    format!("'{word}'")
                }
            }
        }
    }

    fn error_here(&self, expected: &str) -> StepsError {
        StepsError {
            column: self.pos + 1,
            expected: expected.to_string(),
            found: self.found_here(),
        }
    }

    fn session(&mut self) -> Result<Vec<Step>, StepsError> {
        let mut steps = vec![self.step()?];
        loop {
            self.skip_ws();
            if self.peek() == Some(',') {
                self.pos += 1;
                steps.push(self.step()?);
            } else {
                return Ok(steps);
            }
        }
    }

    fn step(&mut self) -> Result<Step, StepsError> {
        self.skip_ws();
        match self.peek() {
            Some(c) if c.is_ascii_digit() => self.repeat(),
            Some(c) if c.is_alphabetic() => self.segment(),
            _ => Err(self
                .error_here("a step: run, walk, jog, warmup, cooldown or a repeat like 8x(...)")),
        }
    }

    fn repeat(&mut self) -> Result<Step, StepsError> {
        let start = self.pos;
        let digits = self.take_while(|c| c.is_ascii_digit());
        let count: u32 = digits.parse().unwrap_or(u32::MAX);
        self.skip_ws();
        if !matches!(self.peek(), Some('x' | 'X' | '×')) {
            return Err(self.error_here("'x' after a repeat count, as in 8x(run 60s, walk 90s)"));
        }
        self.pos += 1;
        if count == 0 || count > MAX_REPEAT {
            return Err(StepsError {
                column: start + 1,
                expected: format!("a repeat count from 1 to {MAX_REPEAT}"),
                found: format!("'{digits}'"),
            });
        }
        self.skip_ws();
        if self.peek() != Some('(') {
            return Err(self.error_here("'(' to open the repeated steps"));
        }
        self.pos += 1;
        let steps = self.session()?;
        self.skip_ws();
        if self.peek() != Some(')') {
            return Err(self.error_here("',' or ')' to close the repeat"));
        }
        self.pos += 1;
        Ok(Step::Repeat { count, steps })
    }

    fn segment(&mut self) -> Result<Step, StepsError> {
        let start = self.pos;
        let word = self.take_while(char::is_alphabetic).to_ascii_lowercase();
        let kind = match word.as_str() {
            "run" | "jog" => Kind::Run,
            "walk" => Kind::Walk,
            "warmup" => Kind::Warmup,
            "cooldown" => Kind::Cooldown,
            _ => {
                self.pos = start;
                return Err(self.error_here("run, jog, walk, warmup or cooldown"));
            }
        };
        self.skip_ws();
        let dstart = self.pos;
        let text = self.take_while(|c| !c.is_whitespace() && !matches!(c, ',' | '(' | ')'));
        let seconds = parse_duration(&text).map_err(|expected| StepsError {
            column: dstart + 1,
            expected,
            found: if text.is_empty() {
                match self.peek() {
                    None => "end of text".to_string(),
                    Some(c) => format!("'{c}'"),
                }
            } else {
                format!("'{text}'")
            },
        })?;
        if seconds == 0 || seconds > MAX_SEGMENT_SECONDS {
            return Err(StepsError {
                column: dstart + 1,
                expected: format!(
                    "a duration above zero and at most {} hours",
                    MAX_SEGMENT_SECONDS / 3600
                ),
                found: format!("'{text}'"),
            });
        }
        Ok(Step::Segment(Segment { kind, seconds }))
    }

    fn take_while(&mut self, keep: impl Fn(char) -> bool) -> String {
        let start = self.pos;
        while self.peek().is_some_and(&keep) {
            self.pos += 1;
        }
        self.chars[start..self.pos].iter().collect()
    }
}

const DURATION_EXPECTED: &str = "a duration such as 90s, 2m, 1m30s, 2.5m, 1:30 or 1h";

/// Parse a duration into whole seconds. The error is what was expected.
pub fn parse_duration(text: &str) -> Result<u32, String> {
    let expected = || DURATION_EXPECTED.to_string();
    if text.is_empty() {
        return Err(expected());
    }
    let total: f64 = if text.contains(':') {
        // m:ss or h:mm:ss; the later fields are below 60.
        let parts: Vec<&str> = text.split(':').collect();
        if parts.len() > 3 {
            return Err(expected());
        }
        let mut total = 0u64;
        for (i, part) in parts.iter().enumerate() {
            if part.is_empty() || !part.bytes().all(|b| b.is_ascii_digit()) {
                return Err(expected());
            }
            let v: u64 = part.parse().map_err(|_| expected())?;
            if i > 0 && (v >= 60 || part.len() != 2) {
                return Err(
                    "seconds and minutes after ':' as two digits below 60, as in 1:30".into(),
                );
            }
            total = total.saturating_mul(60).saturating_add(v);
        }
        total as f64
    } else {
        // One or more number+unit pairs in falling order: 1h30m, 1m30s, 2.5m.
        let mut total = 0.0;
        let mut rest = text;
        let mut last_rank = 3;
        while !rest.is_empty() {
            let num_len = rest
                .find(|c: char| !(c.is_ascii_digit() || c == '.'))
                .unwrap_or(rest.len());
            let (num, tail) = rest.split_at(num_len);
            let unit = tail.chars().next().ok_or_else(expected)?;
            let (scale, rank) = match unit {
                'h' => (3600.0, 2),
                'm' => (60.0, 1),
                's' => (1.0, 0),
                _ => return Err(expected()),
            };
            if num.is_empty() || rank >= last_rank || num.matches('.').count() > 1 {
                return Err(expected());
            }
            let value: f64 = num.parse().map_err(|_| expected())?;
            total += value * scale;
            last_rank = rank;
            rest = &tail[unit.len_utf8()..];
        }
        total
    };
    if total.fract() != 0.0 {
        return Err("a duration in whole seconds".to_string());
    }
    if total > f64::from(u32::MAX) {
        return Err(format!(
            "a duration of at most {} hours",
            MAX_SEGMENT_SECONDS / 3600
        ));
    }
    Ok(total as u32)
}

/// Print seconds in the grammar's canonical form: `45s`, `2m`, `1m30s`, `1h5m`.
pub fn format_duration(seconds: u64) -> String {
    let (h, m, s) = (seconds / 3600, seconds / 60 % 60, seconds % 60);
    let mut out = String::new();
    if h > 0 {
        out.push_str(&format!("{h}h"));
    }
    if m > 0 {
        out.push_str(&format!("{m}m"));
    }
    if s > 0 || out.is_empty() {
        out.push_str(&format!("{s}s"));
    }
    out
}

/// Minutes for people: `8`, `12.5`, `1 h 30`.
pub fn format_minutes(seconds: u64) -> String {
    if seconds >= 3600 {
        let m = seconds.div_ceil(60);
        format!("{} h {:02}", m / 60, m % 60)
    } else if seconds.is_multiple_of(60) {
        format!("{}", seconds / 60)
    } else {
        let tenths = (seconds * 10).div_ceil(6) / 10;
        format!("{}.{}", tenths / 10, tenths % 10)
    }
}

impl fmt::Display for Step {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Step::Segment(s) => write!(f, "{} {}", s.kind, format_duration(u64::from(s.seconds))),
            Step::Repeat { count, steps } => {
                write!(f, "{count}x(")?;
                write_steps(f, steps)?;
                f.write_str(")")
            }
        }
    }
}

fn write_steps(f: &mut fmt::Formatter<'_>, steps: &[Step]) -> fmt::Result {
    for (i, step) in steps.iter().enumerate() {
        if i > 0 {
            f.write_str(", ")?;
        }
        write!(f, "{step}")?;
    }
    Ok(())
}

impl fmt::Display for Session {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write_steps(f, &self.steps)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn secs(text: &str) -> u32 {
        parse_duration(text).unwrap_or_else(|e| panic!("{text}: {e}"))
    }

    #[test]
    fn durations_in_every_accepted_form() {
        assert_eq!(secs("90s"), 90);
        assert_eq!(secs("2m"), 120);
        assert_eq!(secs("1m30s"), 90);
        assert_eq!(secs("2.5m"), 150);
        assert_eq!(secs("1:30"), 90);
        assert_eq!(secs("1:00:00"), 3600);
        assert_eq!(secs("1h"), 3600);
        assert_eq!(secs("1h30m"), 5400);
    }

    #[test]
    fn durations_rejected() {
        for bad in [
            "", "90", "m", "1s2m", "1:3", "1:60", "1.2.3m", "1.25s", "5x", "2mm",
        ] {
            assert!(parse_duration(bad).is_err(), "{bad} should be rejected");
        }
    }

    #[test]
    fn couch_to_5k_week_one() {
        let s = parse("warmup 5m, 8x(run 60s, walk 90s), cooldown 5m").unwrap();
        assert_eq!(s.run_seconds(), 480);
        assert_eq!(s.total_seconds(), 300 + 8 * 150 + 300);
        assert_eq!(s.longest_run_seconds(), 60);
        assert_eq!(
            s.to_string(),
            "warmup 5m, 8x(run 1m, walk 1m30s), cooldown 5m"
        );
    }

    #[test]
    fn adjacent_runs_are_one_run_even_across_repeats() {
        let s = parse("run 1m, jog 2m, walk 1m, 2x(run 3m), walk 1m").unwrap();
        assert_eq!(s.longest_run_seconds(), 360);
        assert_eq!(s.run_seconds(), 540);
    }

    #[test]
    fn nested_repeats_and_free_whitespace() {
        let s = parse(" 2 x ( 3x( run 30s ,walk 30s ) , walk 2m ) ").unwrap();
        assert_eq!(s.total_seconds(), 2 * (3 * 60 + 120));
        assert_eq!(s.to_string(), "2x(3x(run 30s, walk 30s), walk 2m)");
    }

    fn err(text: &str) -> StepsError {
        parse(text).expect_err(text)
    }

    #[test]
    fn errors_name_the_column_and_what_was_expected() {
        let e = err("8x(run 60s, walk");
        assert_eq!(e.column, 17);
        assert!(e.expected.contains("duration"), "{e}");
        assert_eq!(e.found, "end of text");

        let e = err("warmup 5m, sprint 30s");
        assert_eq!(e.column, 12);
        assert_eq!(e.found, "'sprint'");

        let e = err("8x(run 60s, walk 90s");
        assert_eq!(e.column, 21);
        assert!(e.expected.contains(")"), "{e}");

        let e = err("run 1m walk 2m");
        assert_eq!(e.column, 8);
        assert!(e.expected.contains("','"), "{e}");

        assert_eq!(err("run 1m,").column, 8);
        assert_eq!(err("run 1m)").column, 7);
        assert_eq!(err("").column, 1);
    }

    #[test]
    fn limits() {
        assert!(err("run 0s").expected.contains("above zero"));
        assert!(parse("run 4h").is_ok());
        assert_eq!(err("walk 1m, run 4h1s").column, 14);
        assert!(err("0x(run 1m)").expected.contains("1 to 200"));
        assert!(err("201x(run 1m)").expected.contains("1 to 200"));
        assert!(parse("200x(run 1m)").is_ok());
        assert!(err("2x(run 3h)").expected.contains("5 hours"));
        assert!(parse("99999999999999999999x(run 1s)").is_err());
        assert!(parse("run 99999999999999999999h").is_err());
    }
}
