//! Session shapes a coach writes (docs/coaching.md, "Session shapes"): durations in
//! 30-second steps, runs of 5 minutes or more in whole minutes, repeats that
//! divide evenly, and no run shorter than half of the session's longest. The
//! planner builds its sessions here; [`problems`] says what a session breaks.

use crate::plan::steps::{format_duration, Kind, Segment, Session, Step};

/// Warm-up and cool-down walks frame every session.
pub const FRAME_SECONDS: u64 = 5 * 60;
/// The smallest step of any duration.
pub const GRAIN: u64 = 30;
/// From this long, runs are written in whole minutes.
pub const WHOLE_MINUTES_FROM: u64 = 5 * 60;

/// A run length as a coach writes it: half minutes below 5 minutes, whole
/// minutes from 5, rounded down.
pub fn round_run(seconds: u64) -> u64 {
    if seconds >= WHOLE_MINUTES_FROM {
        seconds / 60 * 60
    } else {
        seconds / GRAIN * GRAIN
    }
}

/// What lies between the warm-up and the cool-down.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Body {
    /// One run without a break.
    Continuous(u64),
    /// `count x (run, walk)`, every run the same.
    Repeats { count: u64, run: u64, walk: u64 },
    /// `run first, walk, run second`: a second run shorter than the first but
    /// at least half of it.
    Pair { first: u64, walk: u64, second: u64 },
    /// A brisk walk and no running (a walker's first week past 60).
    Walk(u64),
}

impl Body {
    pub fn running(&self) -> u64 {
        match *self {
            Body::Continuous(r) => r,
            Body::Repeats { count, run, .. } => count * run,
            Body::Pair { first, second, .. } => first + second,
            Body::Walk(_) => 0,
        }
    }

    pub fn longest_run(&self) -> u64 {
        match *self {
            Body::Continuous(r) => r,
            Body::Repeats { run, .. } => run,
            Body::Pair { first, .. } => first,
            Body::Walk(_) => 0,
        }
    }

    pub fn has_walk_breaks(&self) -> bool {
        !matches!(self, Body::Continuous(_))
    }

    /// The body alone, with no warm-up or cool-down walk (a cool-down jog
    /// after a lift needs none).
    pub fn session_bare(&self) -> Session {
        let mut s = self.session();
        s.steps.remove(0);
        s.steps.pop();
        s
    }

    /// The whole session: a 5-minute brisk walk either side.
    pub fn session(&self) -> Session {
        let seg = |kind, seconds: u64| Step::Segment(Segment::timed(kind, seconds as u32));
        let mut steps = vec![seg(Kind::Warmup, FRAME_SECONDS)];
        match *self {
            Body::Continuous(r) => steps.push(seg(Kind::Run, r)),
            Body::Repeats { count, run, walk } => steps.push(Step::Repeat {
                count: count as u32,
                steps: vec![seg(Kind::Run, run), seg(Kind::Walk, walk)],
            }),
            Body::Pair {
                first,
                walk,
                second,
            } => {
                steps.push(seg(Kind::Run, first));
                steps.push(seg(Kind::Walk, walk));
                steps.push(seg(Kind::Run, second));
            }
            Body::Walk(w) => steps.push(seg(Kind::Walk, w)),
        }
        steps.push(seg(Kind::Cooldown, FRAME_SECONDS));
        Session::new(steps)
    }
}

/// The walk-run body with the most running, up to `running`, in runs of at
/// most `max_run` with `walk` between them. Among bodies within 15 % of the
/// most running, the one with the longest runs wins: that is what grows a
/// runner toward running without stopping.
pub fn walk_run(max_run: u64, running: u64, walk: u64) -> Body {
    let max_run = round_run(max_run).max(GRAIN);
    let running = running.max(GRAIN);
    if running <= max_run {
        return Body::Continuous(round_run(running).max(GRAIN));
    }
    let mut options: Vec<Body> = Vec::new();
    for count in 2..=(running / GRAIN).min(u64::from(crate::plan::steps::MAX_REPEAT)) {
        let run = round_run(max_run.min(running / count));
        if run < GRAIN {
            break;
        }
        options.push(Body::Repeats { count, run, walk });
    }
    let first = round_run(max_run.min(running * 2 / 3));
    let second = round_run(first.min(running.saturating_sub(first)));
    if second >= GRAIN && second * 2 >= first && second < first {
        options.push(Body::Pair {
            first,
            walk,
            second,
        });
    }
    let most = options.iter().map(Body::running).max().unwrap_or(0);
    options
        .into_iter()
        .filter(|b| b.running() * 100 >= most * 85)
        .max_by_key(|b| (b.longest_run(), b.running(), std::cmp::Reverse(b.count())))
        .unwrap_or(Body::Continuous(max_run))
}

/// Between the warm-up and the cool-down, a walk-run session as a coach
/// writes it lasts 20 to 25 minutes (the NHS Couch to 5K's are 18 to 25, and
/// Galloway's beginner sessions the same): the session stays about as long
/// week after week while running takes a larger share of it.
pub const BODY_FROM: u64 = 20 * 60;
pub const BODY_TO: u64 = 25 * 60;
/// The longest walk-run body [`fill`] writes while sessions are alike,
/// unless runs that short cannot hold the running in less.
pub const BODY_MOST: u64 = 30 * 60;
/// What a second of running short of the week's costs against a second of
/// the session's length outside 20 to 25 minutes (see [`fill`]).
const SHORT_RUNNING_COST: u64 = 12;

/// The runs a beginner steps through below 5 minutes (30 s, 1 min, 1:30, 2,
/// 2:30, 3, 4): from 5 minutes, every whole minute.
const SHORT_RUNS: [u64; 7] = [30, 60, 90, 120, 150, 180, 240];

fn runs_between(min_run: u64, max_run: u64) -> impl Iterator<Item = u64> {
    let long = (WHOLE_MINUTES_FROM / 60..=max_run / 60).map(|m| m * 60);
    SHORT_RUNS
        .into_iter()
        .chain(long)
        .filter(move |r| *r <= max_run && *r >= min_run.min(max_run))
}

/// The walk-run body a coach writes for `running` in runs of `min_run` to
/// `max_run` (as [`SHORT_RUNS`] and whole minutes), at least two of them,
/// each followed by a walk of at most `walk_most(run)` (and at least half
/// of it): enough repeats that the body lasts [`BODY_FROM`] to [`BODY_TO`].
/// Each second the body lies outside that span costs one, and each second
/// of running short of `running` [`SHORT_RUNNING_COST`]: the weeks must
/// still grow at the pace the engine chose (30 s a session less is 1½
/// minutes a week, a fifth of what `progression-rate` adds), while a
/// session a few minutes short of 20 is still one a coach writes. The
/// cheapest wins, then
/// the longest runs, then the longest walks. So a small week's sessions have
/// short runs and many repeats rather than two long runs in a 9-minute
/// session, and the runs lengthen, and the walks shorten, as running fills
/// the session. Where no run-walk body can hold `running` (too little for
/// two runs), [`walk_run`] decides.
pub fn fill(max_run: u64, min_run: u64, running: u64, walk_most: impl Fn(u64) -> u64) -> Body {
    let max_run = round_run(max_run).max(GRAIN);
    let mut options: Vec<Body> = Vec::new();
    for run in runs_between(min_run, max_run) {
        let most = walk_most(run).max(GRAIN);
        let count = (running / run).min(u64::from(crate::plan::steps::MAX_REPEAT));
        // A shorter second run uses what the repeats leave of `running`.
        let second = round_run(running.saturating_sub(run).min(run.saturating_sub(GRAIN)));
        // Two runs are a session only once they are long (Couch to 5K's
        // 2 x 8 minutes): shorter ones come three or more at a time.
        let fewest = if run >= WHOLE_MINUTES_FROM { 2 } else { 3 };
        let mut walk = most;
        while walk >= GRAIN && walk * 2 >= most {
            for count in [count.saturating_sub(1), count] {
                if count >= fewest {
                    options.push(Body::Repeats { count, run, walk });
                }
            }
            if fewest == 2 && second >= GRAIN && second * 2 >= run {
                options.push(Body::Pair {
                    first: run,
                    walk,
                    second,
                });
            }
            walk -= GRAIN;
        }
    }
    let cost = |b: &Body| {
        let t = b.seconds();
        let off = if t < BODY_FROM {
            BODY_FROM - t
        } else {
            t.saturating_sub(BODY_TO)
        };
        off + SHORT_RUNNING_COST * running.saturating_sub(b.running())
    };
    options
        .into_iter()
        .filter(|b| b.running() <= running)
        .min_by_key(|b| {
            (
                // Longer than 30 minutes only where runs this short cannot
                // hold the running in less.
                b.seconds() > BODY_MOST,
                cost(b),
                std::cmp::Reverse(b.longest_run()),
                std::cmp::Reverse(b.walk()),
                b.count(),
            )
        })
        .unwrap_or_else(|| walk_run(max_run, running, walk_most(max_run)))
}

impl Body {
    /// Time between the warm-up and the cool-down.
    pub fn seconds(&self) -> u64 {
        match *self {
            Body::Continuous(r) => r,
            Body::Repeats { count, run, walk } => count * (run + walk),
            Body::Pair {
                first,
                walk,
                second,
            } => first + walk + second,
            Body::Walk(w) => w,
        }
    }

    fn walk(&self) -> u64 {
        match *self {
            Body::Repeats { walk, .. } | Body::Pair { walk, .. } => walk,
            _ => 0,
        }
    }

    fn count(&self) -> u64 {
        match self {
            Body::Continuous(_) => 1,
            Body::Repeats { count, .. } => *count,
            Body::Pair { .. } => 2,
            Body::Walk(_) => 0,
        }
    }
}

/// `count` repeats of `run` with `walk` between (run-walk-run at a fixed
/// ratio), or one continuous run when there is one repeat.
pub fn repeats(count: u64, run: u64, walk: u64) -> Body {
    if count <= 1 {
        Body::Continuous(run)
    } else {
        Body::Repeats { count, run, walk }
    }
}

/// What a session breaks of the shapes a coach writes, one line each.
pub fn problems(session: &Session) -> Vec<String> {
    let mut out = Vec::new();
    for s in session.segments() {
        let d = u64::from(s.seconds);
        if d % GRAIN != 0 {
            out.push(format!(
                "{} {} is not in 30-second steps",
                s.kind,
                format_duration(d)
            ));
        } else if s.kind == Kind::Run && d >= WHOLE_MINUTES_FROM && d % 60 != 0 {
            out.push(format!(
                "run {} is 5 minutes or more but not whole minutes",
                format_duration(d)
            ));
        }
    }
    // Runs as the runner feels them: adjacent run segments are one run.
    let mut runs = Vec::new();
    let mut current = 0;
    for s in session.segments() {
        if s.kind.is_run() {
            current += u64::from(s.seconds);
        } else if current > 0 {
            runs.push(current);
            current = 0;
        }
    }
    if current > 0 {
        runs.push(current);
    }
    let longest = runs.iter().copied().max().unwrap_or(0);
    if let Some(short) = runs.iter().find(|r| **r * 2 < longest) {
        out.push(format!(
            "a run of {} is shorter than half of the longest ({})",
            format_duration(*short),
            format_duration(longest)
        ));
    }
    // A run left over after a repeat block: the remainder belongs in the reps.
    for pair in session.steps.windows(2) {
        if let (Step::Repeat { .. }, Step::Segment(s)) = (&pair[0], &pair[1]) {
            if s.kind.is_run() {
                out.push(format!(
                    "run {} is left over after the repeats",
                    format_duration(u64::from(s.seconds))
                ));
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bodies_are_shapes_a_coach_writes() {
        for max_run in (30..=40 * 60).step_by(30) {
            for running in (60..=60 * 60).step_by(90) {
                let body = walk_run(max_run, running, 120);
                let s = body.session();
                assert!(problems(&s).is_empty(), "{s}: {:?}", problems(&s));
                assert!(body.running() <= running.max(GRAIN), "{s} over {running}");
                assert!(body.longest_run() <= round_run(max_run).max(GRAIN));
                // Never far below what was asked when the runs can hold it.
                if running >= 2 * GRAIN {
                    assert!(
                        body.running() * 100 >= running.min(max_run * 40) * 70,
                        "{s} for {running}"
                    );
                }
            }
        }
    }

    #[test]
    fn filled_sessions_are_shapes_a_coach_writes_and_last_about_as_long() {
        let walk = |run: u64| if run <= 60 { 120 } else { 90 };
        for max_run in (60..=20 * 60).step_by(30) {
            for running in (3 * 60..=25 * 60).step_by(30) {
                let body = fill(max_run, 60, running, walk);
                let s = body.session();
                assert!(problems(&s).is_empty(), "{s}: {:?}", problems(&s));
                assert!(body.running() <= running, "{s} over {running}");
                assert!(body.longest_run() <= round_run(max_run), "{s}");
                // From 8 minutes of running, in runs that may be a sixth of
                // it, never far from 20 to 25 minutes.
                if running >= 8 * 60 && max_run * 6 >= running && body.has_walk_breaks() {
                    assert!(body.seconds() >= 15 * 60, "{s} for {running}");
                    assert!(body.seconds() <= BODY_MOST, "{s} for {running}");
                }
            }
        }
        // Six minutes of running for a walker: six 1-minute runs, not two of
        // 3 minutes in a 9-minute session.
        assert_eq!(
            fill(4 * 60, 60, 6 * 60, walk).session().to_string(),
            "warmup 5m, 6x(run 1m, walk 2m), cooldown 5m"
        );
    }

    #[test]
    fn leftovers_are_folded_in() {
        // 12 minutes of running in runs of up to 90 s: 8 even repeats, not 7
        // and a 30-second run.
        assert_eq!(
            walk_run(90, 12 * 60, 90).session().to_string(),
            "warmup 5m, 8x(run 1m30s, walk 1m30s), cooldown 5m"
        );
        // 15 minutes in runs of up to 8: one of 8 and one of 7.
        assert_eq!(
            walk_run(8 * 60, 15 * 60, 120).session().to_string(),
            "warmup 5m, run 8m, walk 2m, run 7m, cooldown 5m"
        );
    }

    #[test]
    fn problems_name_each_shape_a_coach_would_not_write() {
        let p = |t: &str| problems(&crate::plan::steps::parse(t).expect("steps"));
        assert!(
            p("warmup 5m, 7x(run 1m30s, walk 1m30s), run 30s, cooldown 5m")
                .iter()
                .any(|m| m.contains("left over"))
        );
        assert!(p("run 22m, walk 2m, run 3m")
            .iter()
            .any(|m| m.contains("shorter than half")));
        assert!(p("run 8m30s").iter().any(|m| m.contains("whole minutes")));
        assert!(p("run 1m45s").iter().any(|m| m.contains("30-second")));
        assert!(
            p("warmup 5m, run 3m, walk 90s, run 5m, walk 2m30s, run 3m, cooldown 5m").is_empty()
        );
    }
}
