//! The walk-run session every player plays: a warm-up walk, rounds of run and
//! walk, a cool-down walk, exactly `minutes` long.

/// Seconds of one run and of one walk in a round.
const RUN_S: u32 = 20;
const WALK_S: u32 = 20;

#[derive(Debug, Clone, Copy, serde::Serialize)]
pub struct Shape {
    pub warmup_s: u32,
    pub rounds: u32,
    pub run_s: u32,
    pub walk_s: u32,
    pub cooldown_s: u32,
}

impl Shape {
    /// Warm-up and cool-down of a minute (less in very short sessions), and
    /// as many 20 s / 20 s rounds as fit; any remainder lengthens the warm-up.
    pub fn of_minutes(minutes: u32) -> Shape {
        let total = minutes.max(1) * 60;
        let ends = (10 * minutes).clamp(10, 60);
        let middle = total - 2 * ends;
        let round = RUN_S + WALK_S;
        Shape {
            warmup_s: ends + middle % round,
            rounds: middle / round,
            run_s: RUN_S,
            walk_s: WALK_S,
            cooldown_s: ends,
        }
    }

    pub fn steps(&self) -> String {
        format!(
            "warmup {}s, {}x(run {}s, walk {}s), cooldown {}s",
            self.warmup_s, self.rounds, self.run_s, self.walk_s, self.cooldown_s
        )
    }

    /// Every segment's length in order.
    pub fn segments(&self) -> Vec<u32> {
        let mut s = vec![self.warmup_s];
        for _ in 0..self.rounds {
            s.extend([self.run_s, self.walk_s]);
        }
        s.push(self.cooldown_s);
        s
    }

    pub fn total_s(&self) -> u32 {
        self.segments().iter().sum()
    }

    /// Seconds from the start at which each segment ends (the last is the
    /// end of the session).
    pub fn boundaries_s(&self) -> Vec<f64> {
        self.segments()
            .iter()
            .scan(0u32, |t, s| {
                *t += s;
                Some(f64::from(*t))
            })
            .collect()
    }
}
