//! Plain English for every message walkrun writes: a count that agrees with
//! its noun ("1 week", "3 weeks"), a list as a sentence says it, and
//! durations as a coach says them ("1½ min"). It knows nothing of plans, so
//! every floor can use it.

/// A list as a sentence says it: "a", "a and b", "a, b and c".
pub fn join_and<S: AsRef<str>>(parts: &[S]) -> String {
    match parts {
        [] => String::new(),
        [one] => one.as_ref().to_string(),
        [init @ .., last] => {
            let init: Vec<&str> = init.iter().map(AsRef::as_ref).collect();
            format!("{} and {}", init.join(", "), last.as_ref())
        }
    }
}

/// A count and what it counts, in the plural unless there is one: "1 week",
/// "3 weeks", "0 sessions". For the regular plurals messages use.
pub fn count(n: usize, word: &str) -> String {
    if n == 1 {
        format!("1 {word}")
    } else {
        format!("{n} {word}s")
    }
}

/// "minute" or "minutes" after a figure [`crate::plan::steps::format_minutes`]
/// made ("1", "7:30").
pub fn minutes(figure: &str) -> &'static str {
    if figure == "1" {
        "minute"
    } else {
        "minutes"
    }
}

/// `45 s`, `1 min`, `1½ min`, `2 min 15 s`, `1 h 10 min`.
pub fn duration(seconds: u64) -> String {
    let (h, m, s) = (seconds / 3600, seconds / 60 % 60, seconds % 60);
    if h > 0 {
        let rest = seconds - h * 3600;
        return match rest {
            0 => format!("{h} h"),
            r => format!("{h} h {}", duration(r)),
        };
    }
    match (m, s) {
        (0, s) => format!("{s} s"),
        (m, 0) => format!("{m} min"),
        (m, 30) => format!("{m}½ min"),
        (m, s) => format!("{m} min {s} s"),
    }
}
