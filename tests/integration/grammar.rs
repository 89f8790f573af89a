//! Property tests of the steps grammar: printing and re-parsing is identity, and
//! no input makes the parser panic.

use proptest::prelude::*;
use walkrun::plan::steps::{self, Kind, Segment, Session, Step};

fn kind() -> impl Strategy<Value = Kind> {
    prop_oneof![
        Just(Kind::Warmup),
        Just(Kind::Run),
        Just(Kind::Walk),
        Just(Kind::Cooldown)
    ]
}

fn step() -> impl Strategy<Value = Step> {
    let leaf = (kind(), 1u32..=600)
        .prop_map(|(kind, seconds)| Step::Segment(Segment::timed(kind, seconds)));
    leaf.prop_recursive(3, 12, 4, |inner| {
        (1u32..=6, prop::collection::vec(inner, 1..4))
            .prop_map(|(count, steps)| Step::Repeat { count, steps })
    })
}

fn session() -> impl Strategy<Value = Session> {
    prop::collection::vec(step(), 1..6).prop_map(Session::new)
}

/// Whether the parser takes `s`: within its depth, segment and length limits.
fn within_limits(s: &Session) -> bool {
    s.depth() <= steps::MAX_DEPTH
        && s.segment_count() <= steps::MAX_SEGMENTS
        && s.total_seconds() <= steps::MAX_SESSION_SECONDS
}

proptest! {
    #[test]
    fn print_then_parse_is_identity(s in session()) {
        let text = s.to_string();
        let within = s.depth() <= steps::MAX_DEPTH
            && s.segment_count() <= steps::MAX_SEGMENTS
            && s.total_seconds() <= steps::MAX_SESSION_SECONDS;
        match steps::parse(&text) {
            Ok(back) => {
                prop_assert!(within, "{text} is over a limit yet parsed");
                prop_assert_eq!(back, s);
            }
            // Deep nests of long segments can exceed the 5-hour session limit;
            // then the parser must say so rather than accept it.
            Err(e) => {
                prop_assert!(!within, "{text}: {e}");
                prop_assert!(e.expected.contains("5 hours") || e.expected.contains("segments"), "{e}");
            }
        }
    }

    /// Printed text within the limits parses, and prints back the same: a
    /// failure to parse it is a failure (what is over a limit is refused,
    /// as `print_then_parse_is_identity` checks, and has no canonical text).
    #[test]
    fn canonical_text_is_a_fixed_point(s in session().prop_filter("within the limits", within_limits)) {
        let text = s.to_string();
        match steps::parse(&text) {
            Ok(back) => prop_assert_eq!(back.to_string(), text),
            Err(e) => prop_assert!(false, "printed text does not parse: {text}: {e}"),
        }
    }

    #[test]
    fn any_text_parses_or_errors_inside_the_text(text in "\\PC{0,40}") {
        if let Err(e) = steps::parse(&text) {
            prop_assert!(e.column >= 1 && e.column <= text.chars().count() + 1, "{e} for {text:?}");
        }
    }

    #[test]
    fn grammar_shaped_noise_never_panics(text in "[0-9x(), .:runwalkjogwarmupcooldownhms]{0,40}") {
        let _ = steps::parse(&text);
    }
}

/// Sessions of any shape the grammar can write, including ones far past every
/// limit: deep nests, big counts, long segments.
fn wild_session() -> impl Strategy<Value = Session> {
    let seconds = prop_oneof![1u32..=60, 1u32..=steps::MAX_SEGMENT_SECONDS];
    let leaf =
        (kind(), seconds).prop_map(|(kind, seconds)| Step::Segment(Segment::timed(kind, seconds)));
    let step = leaf.prop_recursive(6, 24, 3, |inner| {
        let count = prop_oneof![1u32..=3, 1u32..=steps::MAX_REPEAT];
        (count, prop::collection::vec(inner, 1..3))
            .prop_map(|(count, steps)| Step::Repeat { count, steps })
    });
    // Chains of small repeats reach past the depth limit without passing the
    // others first.
    let nested = (step, 0usize..=12, 1u32..=2).prop_map(|(mut step, levels, count)| {
        for _ in 0..levels {
            step = Step::Repeat {
                count,
                steps: vec![step],
            };
        }
        step
    });
    prop::collection::vec(nested, 1..4).prop_map(Session::new)
}

proptest! {
    /// The parser accepts exactly the sessions within its limits, and for the
    /// rest names the limit; it never expands anything to find out.
    #[test]
    fn limits_decide_exactly_what_parses(s in wild_session()) {
        let text = s.to_string();
        let within = s.depth() <= steps::MAX_DEPTH
            && s.segment_count() <= steps::MAX_SEGMENTS
            && s.total_seconds() <= steps::MAX_SESSION_SECONDS;
        match steps::parse(&text) {
            Ok(back) => {
                prop_assert!(within, "{text}");
                prop_assert_eq!(back.segments().len() as u64, s.segment_count());
            }
            Err(e) => {
                prop_assert!(!within, "{text}: {e}");
                prop_assert!(
                    ["deep", "segments", "5 hours"].iter().any(|w| e.expected.contains(w)),
                    "{e}"
                );
            }
        }
    }

    /// Minutes with two decimals are whole seconds exactly when they are a
    /// multiple of 3 s (0.05 min); all of them read exactly, none is lost to
    /// floating point (4.1m was once 245.99999999999997 s and refused).
    #[test]
    fn decimal_minutes_and_hours_are_exact(j in 1u32..=4800, k in 1u32..=1600) {
        let (whole, hundredths) = (j * 5 / 100, j * 5 % 100);
        prop_assert_eq!(steps::parse_duration(&format!("{whole}.{hundredths:02}m")), Ok(3 * j));
        // Hours with four decimals: a multiple of 9 s is 0.0025 h.
        let (whole, places) = (k * 25 / 10_000, k * 25 % 10_000);
        prop_assert_eq!(steps::parse_duration(&format!("{whole}.{places:04}h")), Ok(9 * k));
    }

    /// A fraction of a second is refused, with the exact value it came to.
    #[test]
    fn fractions_of_a_second_are_refused(centis in 1u32..=1_000_000) {
        prop_assume!(centis % 100 != 0);
        let text = format!("{}.{:02}s", centis / 100, centis % 100);
        match steps::parse_duration(&text) {
            Err(steps::DurationError::Fraction { seconds: Some(exact) }) => {
                let expected = text.trim_end_matches('s').trim_end_matches('0');
                prop_assert_eq!(exact, expected);
            }
            other => prop_assert!(false, "{text}: {other:?}"),
        }
    }
}
