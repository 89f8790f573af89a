//! The steps grammar: text such as `warmup 5m, 8x(run 60s, walk 90s), cooldown 5m`
//! parsed into a [`Session`], and a [`Session`] printed back in canonical form.
//!
//! ```text
//! session  = step { "," step }
//! step     = segment | repeat
//! segment  = kind (duration | distance)
//! repeat   = count "x" "(" session ")"
//! kind     = run | jog | walk | warmup | cooldown      (jog = run)
//! duration = 90s | 2m | 1m30s | 2.5m | 1:30 | 1h
//! distance = 5km | 0.4km | 1mi | 3.1mi | 400 metres    (metres spelled out)
//! ```
//!
//! `m` is minutes (`run 1m`), so metres are never `m`: `400 metres` (or
//! `400 meters`, `0.4km`). A bare `400m`, which could be either, is refused
//! with the two ways to write it: 400 minutes is no beginner's run, and
//! guessing would turn a 400-metre stride into a seven-hour session.
//!
//! A distance becomes a time at the runner's pace ([`Paces`]): a segment
//! keeps its distance and the seconds it takes, worked out when it is parsed
//! at the assumed paces of [`Paces::ASSUMED`] and again by
//! [`Session::at_pace`] once the runner's pace is known. Everything that
//! counts time (the rules, the timeline) reads the seconds; what speaks or
//! shows the segment may say its distance.
//!
//! Durations are whole seconds: a runner never needs less, and whole seconds keep
//! every later computation (weekly totals, timeline offsets) exact. Decimals are
//! read exactly (`4.1m` is 246 s), never through floating point.
//!
//! The text can come from anyone's plan file, so the parser bounds what it
//! builds before it builds it: repeats nest at most [`MAX_DEPTH`] deep (checked
//! on the way down, so the recursion is bounded too), and the session with its
//! repeats counted out holds at most [`MAX_SEGMENTS`] segments and
//! [`MAX_SESSION_SECONDS`]. Both are counted on the parse tree as it grows, so
//! `200x(200x(200x(200x(run 1s))))` is refused at its second `200x(`, having
//! allocated nothing.

use std::fmt;
use std::str::FromStr;

use thiserror::Error;

use crate::plan::pace::Paces;
use crate::sys::safe_text::quote;

/// The longest single segment a plan may hold.
pub const MAX_SEGMENT_SECONDS: u32 = 4 * 3600;
/// The longest whole session a plan may hold: a beginner's half marathon on
/// its feet is about three hours; five leaves room and still catches a typo.
pub const MAX_SESSION_SECONDS: u64 = 5 * 3600;
/// The largest repeat count.
pub const MAX_REPEAT: u32 = 200;
/// How deep repeats may nest. Real sessions use one level (`8x(run 60s, walk
/// 90s)`), sometimes two (`2x(3x(run 30s, walk 30s), walk 2m)`); eight is far
/// beyond any of them and keeps the parser's recursion a few frames deep.
pub const MAX_DEPTH: usize = 8;
/// The most segments a session holds with its repeats counted out. The densest
/// real pattern, 30 s / 30 s run-walk, fills five hours with 600; 5,000 leaves
/// room for drills of a few seconds, and keeps every expansion of a session
/// (the timeline, the audio cues) to a few hundred kilobytes.
pub const MAX_SEGMENTS: u64 = 5_000;

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

/// One segment: a kind held for a number of seconds, or over a distance
/// (then `seconds` is the time it takes at the pace last applied).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Segment {
    pub kind: Kind,
    pub seconds: u32,
    pub distance: Option<Distance>,
}

impl Segment {
    /// A segment of a fixed time.
    pub fn timed(kind: Kind, seconds: u32) -> Segment {
        Segment {
            kind,
            seconds,
            distance: None,
        }
    }
}

/// The unit a distance was written in; it is printed back the same way.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum DistanceUnit {
    Km,
    Mi,
    Metres,
}

impl DistanceUnit {
    /// The unit's length in millimetres (a mile is exactly 1,609,344).
    pub fn millimetres(self) -> u64 {
        match self {
            DistanceUnit::Km => 1_000_000,
            DistanceUnit::Mi => 1_609_344,
            DistanceUnit::Metres => 1_000,
        }
    }
}

/// The longest distance a segment may be: a marathon and a little.
pub const MAX_DISTANCE_MM: u64 = 43_000_000;

/// A distance as written: `thousandths` of `unit` (`5km` is 5000 of
/// kilometres, `400 metres` 400000 of metres), so it is exact and prints
/// back as it was written.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Distance {
    pub thousandths: u64,
    pub unit: DistanceUnit,
}

impl Distance {
    pub fn km(km: u64) -> Distance {
        Distance {
            thousandths: km * 1000,
            unit: DistanceUnit::Km,
        }
    }

    /// The distance in millimetres (rounded down to the millimetre).
    pub fn millimetres(&self) -> u64 {
        self.thousandths.saturating_mul(self.unit.millimetres()) / 1000
    }

    /// The distance in metres, rounded to the nearest.
    pub fn metres(&self) -> u64 {
        (self.millimetres() + 500) / 1000
    }

    /// The amount as written, without its unit: `5`, `0.4`, `3.1`, `400`.
    pub fn amount(&self) -> String {
        let (whole, frac) = (self.thousandths / 1000, self.thousandths % 1000);
        if frac == 0 {
            whole.to_string()
        } else {
            let f = format!("{frac:03}");
            format!("{whole}.{}", f.trim_end_matches('0'))
        }
    }
}

impl fmt::Display for Distance {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.unit {
            DistanceUnit::Km => write!(f, "{}km", self.amount()),
            DistanceUnit::Mi => write!(f, "{}mi", self.amount()),
            DistanceUnit::Metres => write!(f, "{} metres", self.amount()),
        }
    }
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
/// from 1, so it can be pointed at in the text the user wrote; `found` quotes
/// at most [`crate::sys::safe_text::QUOTE_CHARS`] characters of it, cleaned.
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

    /// Every segment in playing order, with repeats expanded. A parsed session
    /// has at most [`MAX_SEGMENTS`].
    pub fn segments(&self) -> Vec<Segment> {
        let mut out = Vec::new();
        expand(&self.steps, &mut out);
        out
    }

    /// How many segments the session plays, counted on the tree (saturating).
    pub fn segment_count(&self) -> u64 {
        fold(&self.steps, &|_| 1)
    }

    /// How deep its repeats nest: 0 for none, 1 for `8x(...)`.
    pub fn depth(&self) -> usize {
        fn depth(steps: &[Step]) -> usize {
            steps
                .iter()
                .map(|s| match s {
                    Step::Segment(_) => 0,
                    Step::Repeat { steps, .. } => 1 + depth(steps),
                })
                .max()
                .unwrap_or(0)
        }
        depth(&self.steps)
    }

    /// Total time in seconds.
    pub fn total_seconds(&self) -> u64 {
        fold(&self.steps, &|s| u64::from(s.seconds))
    }

    /// The session with each distance's time worked out at `paces`: a run
    /// at the running pace, a walk (warm-up and cool-down too) at the
    /// walking pace. A distance that would take longer than
    /// [`MAX_SEGMENT_SECONDS`] at a slow pace is held to it.
    pub fn at_pace(&self, paces: &Paces) -> Session {
        fn steps(list: &[Step], paces: &Paces) -> Vec<Step> {
            list.iter()
                .map(|step| match step {
                    Step::Segment(s) => Step::Segment(match s.distance {
                        Some(d) => Segment {
                            seconds: distance_seconds(s.kind, d, paces),
                            ..*s
                        },
                        None => *s,
                    }),
                    Step::Repeat {
                        count,
                        steps: inner,
                    } => Step::Repeat {
                        count: *count,
                        steps: steps(inner, paces),
                    },
                })
                .collect()
        }
        Session {
            steps: steps(&self.steps, paces),
        }
    }

    /// The metres its distance segments cover, repeats counted out; `None`
    /// when it has none.
    pub fn distance_metres(&self) -> Option<u64> {
        self.has_distance().then(|| {
            fold(&self.steps, &|s| s.distance.map_or(0, |d| d.millimetres())).saturating_add(500)
                / 1000
        })
    }

    /// Whether any segment is a distance.
    pub fn has_distance(&self) -> bool {
        fold(&self.steps, &|s| u64::from(s.distance.is_some())) > 0
    }

    /// Time spent running, in seconds.
    pub fn run_seconds(&self) -> u64 {
        fold(&self.steps, &|s| {
            if s.kind.is_run() {
                u64::from(s.seconds)
            } else {
                0
            }
        })
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

/// The time `distance` takes for a segment of `kind` at `paces`, in whole
/// seconds rounded up, at most [`MAX_SEGMENT_SECONDS`].
pub fn distance_seconds(kind: Kind, distance: Distance, paces: &Paces) -> u32 {
    let pace = paces.for_kind(kind);
    let secs = pace.seconds_for_mm(distance.millimetres()).max(1);
    u32::try_from(secs)
        .unwrap_or(MAX_SEGMENT_SECONDS)
        .min(MAX_SEGMENT_SECONDS)
}

/// The sum of `value` over every segment played, repeats multiplied out on the
/// tree, saturating rather than overflowing for a hand-built giant.
fn fold(steps: &[Step], value: &impl Fn(&Segment) -> u64) -> u64 {
    steps.iter().fold(0u64, |sum, step| {
        sum.saturating_add(match step {
            Step::Segment(s) => value(s),
            Step::Repeat { count, steps } => u64::from(*count).saturating_mul(fold(steps, value)),
        })
    })
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
        text,
        pos: 0,
        depth: 0,
        times: 1,
        segments: 0,
        seconds: 0,
    };
    let steps = p.session()?;
    p.skip_ws();
    if p.pos < text.len() {
        let expected = if p.peek() == Some(')') {
            "a step before ')' closes nothing"
        } else {
            "',' between steps"
        };
        return Err(p.error_here(expected));
    }
    Ok(Session { steps })
}

/// A recursive-descent parser over the text's bytes (positions are byte
/// offsets; columns are counted in characters only for an error).
struct Parser<'a> {
    text: &'a str,
    pos: usize,
    /// Repeats open around the current position.
    depth: usize,
    /// How many times a segment written here is played: the product of the
    /// counts of the repeats around it. Never above [`MAX_SEGMENTS`].
    times: u64,
    /// Segments played so far, repeats counted out.
    segments: u64,
    /// Seconds played so far, repeats counted out.
    seconds: u64,
}

impl<'a> Parser<'a> {
    fn peek(&self) -> Option<char> {
        self.text[self.pos..].chars().next()
    }

    fn skip_ws(&mut self) {
        let rest = &self.text[self.pos..];
        self.pos += rest.len() - rest.trim_start().len();
    }

    fn column(&self, pos: usize) -> usize {
        self.text[..pos].chars().count() + 1
    }

    /// The word at `pos`: up to the next space, comma or parenthesis.
    fn word_at(&self, pos: usize) -> &'a str {
        let rest = &self.text[pos..];
        let end = rest
            .find(|c: char| c.is_whitespace() || matches!(c, ',' | '(' | ')'))
            .unwrap_or(rest.len());
        &rest[..end]
    }

    fn found_here(&self) -> String {
        match self.peek() {
            None => "end of text".to_string(),
            Some(c) => match self.word_at(self.pos) {
                "" => format!("'{}'", quote(c.encode_utf8(&mut [0; 4]))),
                word => format!("'{}'", quote(word)),
            },
        }
    }

    fn error_here(&self, expected: &str) -> StepsError {
        StepsError {
            column: self.column(self.pos),
            expected: expected.to_string(),
            found: self.found_here(),
        }
    }

    fn error_at(&self, pos: usize, expected: String, found: String) -> StepsError {
        StepsError {
            column: self.column(pos),
            expected,
            found,
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
        self.pos += self.peek().map_or(1, char::len_utf8);
        if count == 0 || count > MAX_REPEAT {
            return Err(self.error_at(
                start,
                format!("a repeat count from 1 to {MAX_REPEAT}"),
                format!("'{}'", quote(digits)),
            ));
        }
        self.skip_ws();
        if self.peek() != Some('(') {
            return Err(self.error_here("'(' to open the repeated steps"));
        }
        self.pos += 1;
        let shown = || format!("'{}'", quote(&self.text[start..self.pos]));
        // Both limits are checked before the repeated steps are read: the
        // depth bounds the recursion, and since whatever the repeat holds has
        // at least one segment, `times` segments are already certain.
        if self.depth == MAX_DEPTH {
            return Err(self.error_at(
                start,
                format!("repeats nested at most {MAX_DEPTH} deep"),
                format!("{} nested {} deep", shown(), MAX_DEPTH + 1),
            ));
        }
        let outer = self.times;
        let times = outer.saturating_mul(u64::from(count));
        let at_least = self.segments.saturating_add(times);
        if at_least > MAX_SEGMENTS {
            return Err(self.error_at(
                start,
                format!("at most {MAX_SEGMENTS} segments in a session, repeats counted out"),
                format!("{}, which makes at least {at_least}", shown()),
            ));
        }
        self.depth += 1;
        self.times = times;
        let steps = self.session();
        self.depth -= 1;
        self.times = outer;
        let steps = steps?;
        self.skip_ws();
        if self.peek() != Some(')') {
            return Err(self.error_here("',' or ')' to close the repeat"));
        }
        self.pos += 1;
        Ok(Step::Repeat { count, steps })
    }

    fn segment(&mut self) -> Result<Step, StepsError> {
        let start = self.pos;
        let word = self.take_while(char::is_alphabetic);
        let kind = match word.to_ascii_lowercase().as_str() {
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
        let text = self.word_at(dstart);
        self.pos += text.len();
        let (seconds, distance) = match self.distance(kind, dstart, text)? {
            Some((seconds, d)) => (seconds, Some(d)),
            None => (self.duration(dstart, text)?, None),
        };
        self.counted(
            start,
            Segment {
                kind,
                seconds,
                distance,
            },
        )
    }

    /// A distance at `dstart`, whose first word is `text`: `5km`, `1mi`,
    /// `400 metres` (the unit word is consumed), with the seconds it takes
    /// at the assumed paces; `None` when the text is no distance, and an
    /// error for `400m`, which could be minutes or metres.
    fn distance(
        &mut self,
        kind: Kind,
        dstart: usize,
        text: &str,
    ) -> Result<Option<(u32, Distance)>, StepsError> {
        let lower = text.to_ascii_lowercase();
        let number_len = lower
            .find(|c: char| !(c.is_ascii_digit() || c == '.'))
            .unwrap_or(lower.len());
        let (number, unit) = lower.split_at(number_len);
        if number.is_empty() || !number.starts_with(|c: char| c.is_ascii_digit()) {
            return Ok(None);
        }
        let unit_word = |w: &str| match w {
            "km" | "kilometre" | "kilometres" | "kilometer" | "kilometers" => {
                Some(DistanceUnit::Km)
            }
            "mi" | "mile" | "miles" => Some(DistanceUnit::Mi),
            "metre" | "metres" | "meter" | "meters" => Some(DistanceUnit::Metres),
            _ => None,
        };
        let unit = if unit.is_empty() {
            // `400 metres`: the unit is the next word.
            let save = self.pos;
            self.skip_ws();
            let next = self.word_at(self.pos).to_ascii_lowercase();
            match unit_word(&next) {
                Some(u) => {
                    self.pos += next.len();
                    u
                }
                None => {
                    self.pos = save;
                    return Ok(None);
                }
            }
        } else if let Some(u) = unit_word(unit) {
            u
        } else {
            if unit == "m" && !number.contains('.') && (3..=6).contains(&number.len()) {
                // `400m`: no beginner runs 400 minutes; many write metres so.
                return Err(self.error_at(
                    dstart,
                    format!(
                        "'{number} metres' or '{}km' for a distance, or '{}' for a time \
                         ('m' is minutes)",
                        thousandths_text(whole_number_any(number.trim_start_matches('0'))),
                        format_duration(u64::try_from(whole_number_any(number)).unwrap_or(0) * 60)
                    ),
                    format!("'{}', which could be metres or minutes", quote(text)),
                ));
            }
            return Ok(None);
        };
        let shown = || format!("'{}'", quote(&self.text[dstart..self.pos]));
        let Some(thousandths) = thousandths(number) else {
            return Err(self.error_at(
                dstart,
                "a distance such as 5km, 0.4km, 1mi or 400 metres, to the metre".to_string(),
                shown(),
            ));
        };
        let d = Distance { thousandths, unit };
        if d.millimetres() < 1000 || d.millimetres() > MAX_DISTANCE_MM {
            return Err(self.error_at(
                dstart,
                format!(
                    "a distance of at least 1 metre and at most {} km",
                    MAX_DISTANCE_MM / 1_000_000
                ),
                shown(),
            ));
        }
        Ok(Some((distance_seconds(kind, d, &Paces::ASSUMED), d)))
    }

    /// A duration at `dstart`, in whole seconds within the segment limit.
    fn duration(&self, dstart: usize, text: &str) -> Result<u32, StepsError> {
        let found = || {
            if text.is_empty() {
                self.found_here()
            } else {
                format!("'{}'", quote(text))
            }
        };
        let seconds =
            match parse_duration(text) {
                Ok(s) => s,
                Err(DurationError::Fraction {
                    seconds: Some(exact),
                }) => {
                    return Err(self.error_at(
                        dstart,
                        DurationError::Fraction { seconds: None }.to_string(),
                        format!("{}, which is {exact} s", found()),
                    ))
                }
                // A segment may be a distance too: say so where the shape is wrong.
                Err(DurationError::Shape) => return Err(self.error_at(
                    dstart,
                    "a duration (90s, 2m, 1m30s, 1:30, 1h) or a distance (5km, 1mi, 400 metres)"
                        .to_string(),
                    found(),
                )),
                Err(e) => return Err(self.error_at(dstart, e.to_string(), found())),
            };
        if seconds == 0 || seconds > MAX_SEGMENT_SECONDS {
            return Err(self.error_at(
                dstart,
                format!(
                    "a duration above zero and at most {} hours",
                    MAX_SEGMENT_SECONDS / 3600
                ),
                found(),
            ));
        }
        Ok(seconds)
    }

    /// `segment`, which starts at `start`, counted against the session's
    /// limits.
    fn counted(&mut self, start: usize, segment: Segment) -> Result<Step, StepsError> {
        let seconds = segment.seconds;
        // `times` is at most MAX_SEGMENTS, so nothing here can overflow; the
        // checked forms say so rather than trust it.
        let shown = || format!("'{}'", quote(&self.text[start..self.pos]));
        self.segments = self.segments.saturating_add(self.times);
        if self.segments > MAX_SEGMENTS {
            return Err(self.error_at(
                start,
                format!("at most {MAX_SEGMENTS} segments in a session, repeats counted out"),
                format!("{}, segment {}", shown(), self.segments),
            ));
        }
        self.seconds = self
            .seconds
            .saturating_add(self.times.saturating_mul(u64::from(seconds)));
        if self.seconds > MAX_SESSION_SECONDS {
            return Err(self.error_at(
                start,
                format!("a session of at most {} hours", MAX_SESSION_SECONDS / 3600),
                format!(
                    "{}, which brings it to {}",
                    shown(),
                    format_duration(self.seconds)
                ),
            ));
        }
        Ok(Step::Segment(segment))
    }

    fn take_while(&mut self, keep: impl Fn(char) -> bool) -> &'a str {
        let rest = &self.text[self.pos..];
        let end = rest.find(|c: char| !keep(c)).unwrap_or(rest.len());
        self.pos += end;
        &rest[..end]
    }
}

const DURATION_EXPECTED: &str = "a duration such as 90s, 2m, 1m30s, 2.5m, 1:30 or 1h";

/// A duration that cannot be read; its text is what was expected.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum DurationError {
    #[error("{DURATION_EXPECTED}")]
    Shape,
    #[error("seconds and minutes after ':' as two digits below 60, as in 1:30")]
    Clock,
    /// A well-formed duration that is not whole seconds; `seconds` is its exact
    /// value in seconds (`60.6` for `1.01m`) when it has at most 18 decimals.
    #[error("a duration in whole seconds{}", seconds.as_ref().map(|s| format!(" (it is {s} s)")).unwrap_or_default())]
    Fraction { seconds: Option<String> },
    #[error("a duration of at most {} hours", MAX_SEGMENT_SECONDS / 3600)]
    TooLong,
}

/// Decimal places kept in the exact computation: far more than any duration
/// a person writes; a fraction with more non-zero places is never whole seconds.
const PLACES: u32 = 18;
/// A number of more digits than this is over the limit in any unit.
const MAX_WHOLE_DIGITS: usize = 10;

/// Parse a duration into whole seconds, exactly: `4.1m` is 246 s and `0.05h`
/// 180 s, while `1.01m` (60.6 s) is refused for its fraction of a second.
pub fn parse_duration(text: &str) -> Result<u32, DurationError> {
    if text.is_empty() {
        return Err(DurationError::Shape);
    }
    // Seconds in units of 10^-PLACES: u128 holds 10^10 hours at 18 places.
    let one = 10u128.pow(PLACES);
    let total: u128 = if text.contains(':') {
        // m:ss or h:mm:ss; the later fields are below 60.
        let parts: Vec<&str> = text.split(':').collect();
        if parts.len() > 3 {
            return Err(DurationError::Shape);
        }
        let mut total = 0u128;
        for (i, part) in parts.iter().enumerate() {
            if part.is_empty() || !part.bytes().all(|b| b.is_ascii_digit()) {
                return Err(DurationError::Shape);
            }
            if i > 0 && (part.len() != 2 || part > &"59") {
                return Err(DurationError::Clock);
            }
            let v = whole_number(part)?;
            total = total * 60 + v;
        }
        total * one
    } else {
        // One or more number+unit pairs in falling order: 1h30m, 1m30s, 2.5m.
        let mut total = 0u128;
        let mut rest = text;
        let mut last_rank = 3;
        while !rest.is_empty() {
            let num_len = rest
                .find(|c: char| !(c.is_ascii_digit() || c == '.'))
                .unwrap_or(rest.len());
            let (num, tail) = rest.split_at(num_len);
            let unit = tail.chars().next().ok_or(DurationError::Shape)?;
            let (scale, rank) = match unit {
                'h' => (3600, 2),
                'm' => (60, 1),
                's' => (1, 0),
                _ => return Err(DurationError::Shape),
            };
            if rank >= last_rank {
                return Err(DurationError::Shape);
            }
            let (whole, frac) = num.split_once('.').unwrap_or((num, ""));
            if (whole.is_empty() && frac.is_empty()) || frac.contains('.') {
                return Err(DurationError::Shape);
            }
            let frac = frac.trim_end_matches('0');
            if frac.len() > PLACES as usize {
                return Err(DurationError::Fraction { seconds: None });
            }
            let whole = if whole.is_empty() {
                0
            } else {
                whole_number(whole)?
            };
            let frac_places = if frac.is_empty() {
                0
            } else {
                whole_number_any(frac) * 10u128.pow(PLACES - frac.len() as u32)
            };
            total += (whole * one + frac_places) * scale;
            last_rank = rank;
            rest = &tail[unit.len_utf8()..];
        }
        total
    };
    if !total.is_multiple_of(one) {
        let digits = format!("{:0width$}", total % one, width = PLACES as usize);
        return Err(DurationError::Fraction {
            seconds: Some(format!("{}.{}", total / one, digits.trim_end_matches('0'))),
        });
    }
    u32::try_from(total / one).map_err(|_| DurationError::TooLong)
}

/// A decimal number with at most three places as thousandths: `0.4` is 400.
fn thousandths(number: &str) -> Option<u64> {
    let (whole, frac) = number.split_once('.').unwrap_or((number, ""));
    let frac = frac.trim_end_matches('0');
    if (whole.is_empty() && frac.is_empty())
        || frac.len() > 3
        || frac.contains('.')
        || !whole.bytes().all(|b| b.is_ascii_digit())
        || !frac.bytes().all(|b| b.is_ascii_digit())
    {
        return None;
    }
    let whole = whole.trim_start_matches('0');
    if whole.len() > 6 {
        return None;
    }
    let f = format!("{frac:0<3}");
    u64::try_from(whole_number_any(whole) * 1000 + whole_number_any(&f)).ok()
}

/// Metres as kilometres, written: 400 is `0.4`, 1500 is `1.5`.
fn thousandths_text(metres: u128) -> String {
    Distance {
        thousandths: u64::try_from(metres).unwrap_or(u64::MAX),
        unit: DistanceUnit::Km,
    }
    .amount()
}

/// A run of ASCII digits as a number, refusing one too long for any duration.
fn whole_number(digits: &str) -> Result<u128, DurationError> {
    let digits = digits.trim_start_matches('0');
    if digits.len() > MAX_WHOLE_DIGITS {
        return Err(DurationError::TooLong);
    }
    Ok(whole_number_any(digits))
}

/// ASCII digits (at most 38 of them) as a number.
fn whole_number_any(digits: &str) -> u128 {
    digits
        .bytes()
        .fold(0u128, |n, b| n * 10 + u128::from(b - b'0'))
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

/// Minutes for people: `8`, `12:30`, `1 h 30`: minutes and seconds as a
/// runner's watch shows them, never `12.5`.
pub fn format_minutes(seconds: u64) -> String {
    if seconds >= 3600 {
        let m = seconds.div_ceil(60);
        format!("{} h {:02}", m / 60, m % 60)
    } else if seconds.is_multiple_of(60) {
        format!("{}", seconds / 60)
    } else {
        format!("{}:{:02}", seconds / 60, seconds % 60)
    }
}

impl fmt::Display for Step {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Step::Segment(Segment {
                kind,
                distance: Some(d),
                ..
            }) => write!(f, "{kind} {d}"),
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
    fn decimals_are_exact() {
        // In floating point 4.1 * 60 is 245.99999999999997 and 0.05 * 3600 is
        // 180.00000000000003: neither is whole, yet both are whole seconds.
        assert_eq!(secs("4.1m"), 246);
        assert_eq!(secs("0.05h"), 180);
        assert_eq!(secs("2.5m"), 150);
        assert_eq!(secs("0.0125h"), 45);
        assert_eq!(secs("1.5h30m"), 7200);
        assert_eq!(secs("1h0.5m"), 3630);
        assert_eq!(secs("2.50000000000000000000000m"), 150);
        assert_eq!(secs("007m"), 420);
        assert_eq!(
            parse_duration("1.01m"),
            Err(DurationError::Fraction {
                seconds: Some("60.6".into())
            })
        );
        assert_eq!(
            parse_duration("1m30.25s"),
            Err(DurationError::Fraction {
                seconds: Some("90.25".into())
            })
        );
        assert_eq!(
            parse_duration("1.0000000000000000000001s"),
            Err(DurationError::Fraction { seconds: None })
        );
        assert_eq!(parse_duration("99999999999m"), Err(DurationError::TooLong));
        assert_eq!(parse_duration("1:99999999999"), Err(DurationError::Clock));
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

    #[test]
    fn fractions_of_a_second_say_so() {
        let e = err("walk 2m, run 1.01m");
        assert_eq!(e.column, 14);
        assert_eq!(e.expected, "a duration in whole seconds");
        assert_eq!(e.found, "'1.01m', which is 60.6 s");
        assert_eq!(parse("run 4.1m").unwrap().total_seconds(), 246);
    }

    #[test]
    fn nesting_is_refused_one_level_past_the_limit() {
        let ok = format!("{}run 1s{}", "1x(".repeat(MAX_DEPTH), ")".repeat(MAX_DEPTH));
        assert_eq!(parse(&ok).unwrap().depth(), MAX_DEPTH);
        let e = err(&format!("walk 1m, {}run 1s", "1x(".repeat(100_000)));
        assert_eq!(e.column, 10 + 3 * MAX_DEPTH);
        assert!(e.expected.contains("8 deep"), "{e}");
    }

    #[test]
    fn expansions_are_refused_before_they_are_built() {
        let e = err("200x(200x(200x(200x(run 1s))))");
        assert_eq!(e.column, 6);
        assert!(e.expected.contains("5000 segments"), "{e}");
        assert!(e.found.contains("40000"), "{e}");
        // The limit is on the whole session, segments before a repeat included.
        let e = err("walk 1s, 2x(run 1s, 25x(100x(walk 1s)))");
        assert!(e.expected.contains("5000 segments"), "{e}");
        assert!(parse("25x(100x(run 1s), 100x(walk 1s))").is_ok());
        let e = err("25x(100x(run 1s), 100x(walk 1s)), run 1s");
        assert_eq!(e.column, 35);
        assert!(e.found.contains("5001"), "{e}");
        let e = err("10x(run 21m, 10x(walk 1m))");
        assert!(e.expected.contains("5 hours"), "{e}");
        assert_eq!(e.column, 18);
    }

    #[test]
    fn distances_parse_and_print_back_as_written() {
        let s = parse("warmup 5m, run 5km, walk 400 metres, run 0.4km, jog 1.5mi").unwrap();
        assert_eq!(
            s.to_string(),
            "warmup 5m, run 5km, walk 400 metres, run 0.4km, run 1.5mi"
        );
        let d: Vec<_> = s
            .segments()
            .iter()
            .map(|g| g.distance.map(|d| d.metres()))
            .collect();
        assert_eq!(d, [None, Some(5000), Some(400), Some(400), Some(2414)]);
        // At the assumed 8:30/km, 5 km is 42:30; 400 m of brisk walking at
        // 10:55/km is 4:22 (rounded up).
        assert_eq!(s.segments()[1].seconds, 42 * 60 + 30);
        assert_eq!(s.segments()[2].seconds, 262);
        assert_eq!(
            parse("run 400metres").unwrap().to_string(),
            "run 400 metres"
        );
        assert_eq!(parse("run 5 km").unwrap().to_string(), "run 5km");
        assert_eq!(
            parse("run 2 miles, walk 1m").unwrap().to_string(),
            "run 2mi, walk 1m"
        );
    }

    #[test]
    fn a_distance_takes_its_time_at_the_runners_pace() {
        use crate::plan::pace::{Pace, Paces};
        let s = parse("warmup 5m, run 5km, cooldown 5m").unwrap();
        let p: Pace = "8:00/km".parse().unwrap();
        let at = s.at_pace(&Paces::running(p));
        assert_eq!(at.run_seconds(), 40 * 60);
        assert_eq!(at.total_seconds(), 50 * 60);
        assert_eq!(at.to_string(), "warmup 5m, run 5km, cooldown 5m");
    }

    #[test]
    fn metres_written_as_m_are_refused_with_both_readings() {
        let e = err("run 1m, run 400m");
        assert_eq!(e.column, 13);
        assert!(e.expected.contains("'400 metres' or '0.4km'"), "{e}");
        assert!(e.expected.contains("'6h40m'"), "{e}");
        assert!(parse("run 90m").is_ok(), "90 minutes stays minutes");
        assert!(err("run 0km").expected.contains("at least 1 metre"));
        assert!(err("run 50km").expected.contains("at most 43 km"));
        assert!(err("run 1.0001km").expected.contains("to the metre"));
        assert!(err("run 5 furlongs").expected.contains("duration"));
        assert!(err("run 5")
            .expected
            .ends_with("or a distance (5km, 1mi, 400 metres)"));
    }
}
