//! The milestones a beginner remembers: the first time the longest run
//! without a walk reaches 5, 10, 20 or 30 minutes, or the longest run of the
//! plan the runner set out on (its goal). The coach says so in the session
//! that gets there, and the journal's log marks it. Pure functions of what
//! was run before and what this session holds.

/// The lengths, in minutes, a runner hears about the first time they run
/// them without a walk.
pub const MILESTONE_MINUTES: [u64; 4] = [5, 10, 20, 30];

/// A milestone reached: a run of `seconds` without a walk, the first one
/// that long.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
pub struct Milestone {
    /// Where in the run it is reached (a whole number of minutes for the
    /// marks; the plan's own longest run for the goal).
    pub seconds: u64,
    /// The plan's goal: its longest run without a walk.
    pub goal: bool,
}

impl Milestone {
    /// The whole minutes the coach says.
    pub fn minutes(self) -> u64 {
        self.seconds / 60
    }
}

/// The milestone that running `longest` seconds without a walk passes when
/// the longest run before was `before` seconds: the goal's run (`goal`, the
/// plan's longest, when it has a goal and it is a minute or more) if this is
/// the first time it is reached, else the highest mark in between, or
/// `None`. The goal wins over a mark it passes with: it is the one the
/// runner trained for.
pub fn reached(before: u64, longest: u64, goal: Option<u64>) -> Option<Milestone> {
    if let Some(g) = goal.filter(|&g| g >= 60 && before < g && g <= longest) {
        return Some(Milestone {
            seconds: g,
            goal: true,
        });
    }
    MILESTONE_MINUTES
        .iter()
        .rev()
        .copied()
        .find(|&m| before < m * 60 && m * 60 <= longest)
        .map(|m| Milestone {
            seconds: m * 60,
            goal: false,
        })
}

/// Follows a runner's sessions in the order they were run and says which
/// reached a milestone, as the coach said it then: the journal's log marks
/// them the same way in its table and its JSON.
#[derive(Debug, Default)]
pub struct Watch {
    longest_before: u64,
}

impl Watch {
    /// The milestone of the next session, whose longest run without a walk
    /// was `longest` seconds (`None` when its record does not say), in a
    /// plan whose goal run is `goal`.
    pub fn see(&mut self, longest: Option<u64>, goal: Option<u64>) -> Option<Milestone> {
        let longest = longest?;
        let m = reached(self.longest_before, longest, goal);
        self.longest_before = self.longest_before.max(longest);
        m
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_milestone_is_heard_once_the_first_time_it_is_reached() {
        let mark = |m: u64| {
            Some(Milestone {
                seconds: m * 60,
                goal: false,
            })
        };
        let r = |before: u64, longest: u64| reached(before * 60, longest * 60, None);
        assert_eq!(r(0, 5), mark(5));
        assert_eq!(r(8, 10), mark(10));
        assert_eq!(r(8, 25), mark(20));
        assert_eq!(r(10, 10), None, "reached before");
        assert_eq!(r(10, 19), None, "none in between");
        assert_eq!(r(25, 40), mark(30));
        assert_eq!(r(40, 60), None);
    }

    #[test]
    fn the_goal_is_a_milestone_of_its_own_and_wins() {
        let goal = Some(25 * 60 + 30);
        let at_goal = Some(Milestone {
            seconds: 25 * 60 + 30,
            goal: true,
        });
        // Reached for the first time, passing 20 on the way: the goal.
        assert_eq!(reached(18 * 60, 26 * 60, goal), at_goal);
        assert_eq!(reached(18 * 60, 25 * 60 + 30, goal), at_goal);
        // Not yet: 20 is the mark.
        assert_eq!(reached(18 * 60, 25 * 60, goal).map(|m| m.goal), Some(false));
        // Reached before: only marks are left.
        assert_eq!(
            reached(26 * 60, 31 * 60, goal).map(|m| m.minutes()),
            Some(30)
        );
        assert_eq!(reached(26 * 60, 31 * 60, goal).map(|m| m.goal), Some(false));
        // A goal under a minute is no milestone.
        assert_eq!(reached(0, 50, Some(40)), None);
    }
}
