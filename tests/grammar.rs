//! Property tests of the steps grammar: printing and re-parsing is identity, and
//! no input makes the parser panic.

use proptest::prelude::*;
use walkrun::steps::{self, Kind, Segment, Session, Step};

fn kind() -> impl Strategy<Value = Kind> {
    prop_oneof![
        Just(Kind::Warmup),
        Just(Kind::Run),
        Just(Kind::Walk),
        Just(Kind::Cooldown)
    ]
}

fn step() -> impl Strategy<Value = Step> {
    let leaf =
        (kind(), 1u32..=600).prop_map(|(kind, seconds)| Step::Segment(Segment { kind, seconds }));
    leaf.prop_recursive(3, 12, 4, |inner| {
        (1u32..=6, prop::collection::vec(inner, 1..4))
            .prop_map(|(count, steps)| Step::Repeat { count, steps })
    })
}

fn session() -> impl Strategy<Value = Session> {
    prop::collection::vec(step(), 1..6).prop_map(Session::new)
}

proptest! {
    #[test]
    fn print_then_parse_is_identity(s in session()) {
        let text = s.to_string();
        match steps::parse(&text) {
            Ok(back) => prop_assert_eq!(back, s),
            // Deep nests of long segments can exceed the 5-hour session limit;
            // then the parser must say so rather than accept it.
            Err(e) => {
                prop_assert!(s.total_seconds() > steps::MAX_SESSION_SECONDS, "{text}: {e}");
                prop_assert!(e.expected.contains("5 hours"));
            }
        }
    }

    #[test]
    fn canonical_text_is_a_fixed_point(s in session()) {
        let text = s.to_string();
        if let Ok(back) = steps::parse(&text) {
            prop_assert_eq!(back.to_string(), text);
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
