//! The milestones a beginner remembers: the first time the longest run
//! without a walk reaches 5, 10, 20 or 30 minutes. The coach says so in the
//! session that gets there, and the journal's log marks it. Pure functions
//! of what was run before and what this session holds.

/// The lengths, in minutes, a runner hears about the first time they run
/// them without a walk.
pub const MILESTONE_MINUTES: [u64; 4] = [5, 10, 20, 30];

/// The milestone, in minutes, that running `longest` seconds without a walk
/// passes when the longest run before was `before` seconds: the highest one
/// in between, or `None`.
pub fn reached(before: u64, longest: u64) -> Option<u64> {
    MILESTONE_MINUTES
        .iter()
        .rev()
        .copied()
        .find(|&m| before < m * 60 && m * 60 <= longest)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_milestone_is_heard_once_the_first_time_it_is_reached() {
        assert_eq!(reached(0, 5 * 60), Some(5));
        assert_eq!(reached(8 * 60, 10 * 60), Some(10));
        assert_eq!(reached(8 * 60, 25 * 60), Some(20));
        assert_eq!(reached(10 * 60, 10 * 60), None, "reached before");
        assert_eq!(reached(10 * 60, 19 * 60), None, "none in between");
        assert_eq!(reached(25 * 60, 40 * 60), Some(30));
        assert_eq!(reached(40 * 60, 60 * 60), None);
    }
}
