//! The plan file format: what it accepts, and the error for each thing it rejects.

use walkrun::plan::{Address, Plan, Priority};

const GOOD: &str = r#"
name = "Mine"
description = "Two weeks"
goal = "5k"
start = 2026-12-07
priority = "strength"

[[lift]]
day = "mon"
at = "07:00"
minutes = 60
legs = true

[[week]]
[[week.session]]
day = "tue"
at = "18:00"
steps = "warmup 5m, 8x(run 60s, walk 90s), cooldown 5m"
note = "easy"

[[week]]
[[week.session]]
day = "thu"
steps = "warmup 5m, 6x(run 90s, walk 2m), cooldown 5m"
"#;

fn error_of(text: &str) -> String {
    match Plan::from_toml(text, "p.toml") {
        Ok(_) => panic!("accepted:\n{text}"),
        Err(e) => e.to_string(),
    }
}

#[test]
fn a_full_plan_reads_and_dates_its_sessions() {
    let plan = Plan::from_toml(GOOD, "p.toml").expect("valid");
    assert_eq!(plan.priority, Some(Priority::Strength));
    assert_eq!(plan.lifts[0].minutes, 60);
    assert!(plan.lifts[0].legs);
    let w2d1 = Address {
        week: 2,
        session: 1,
    };
    assert_eq!(
        plan.session_date(w2d1).map(|d| d.to_string()).as_deref(),
        Some("2026-12-17")
    );
    let w1d1 = Address {
        week: 1,
        session: 1,
    };
    assert_eq!(
        plan.session_date(w1d1).map(|d| d.to_string()).as_deref(),
        Some("2026-12-08")
    );
    assert_eq!(plan.session(w1d1).map(|s| s.steps.run_seconds()), Some(480));
}

#[test]
fn writing_and_reading_back_keeps_the_plan() {
    let plan = Plan::from_toml(GOOD, "p.toml").expect("valid");
    let text = plan.to_toml().expect("writes");
    let back = Plan::from_toml(&text, "written.toml").unwrap_or_else(|e| panic!("{e}\n{text}"));
    assert_eq!(back, plan);
    assert!(text.contains("start = 2026-12-07"), "{text}");
}

#[test]
fn unknown_keys_are_errors_with_their_line() {
    let text = GOOD.replace("note = \"easy\"", "notes = \"easy\"");
    let e = error_of(&text);
    assert!(e.starts_with("p.toml:19:1:"), "{e}");
    assert!(e.contains("notes"), "{e}");
    let e = error_of(&format!("colour = \"red\"\n{GOOD}"));
    assert!(e.starts_with("p.toml:1:"), "{e}");
}

#[test]
fn unknown_weekday() {
    let e = error_of(&GOOD.replace("day = \"thu\"", "day = \"thursdai\""));
    assert!(e.starts_with("p.toml:23:7:"), "{e}");
    assert!(e.contains("weekday") && e.contains("thursdai"), "{e}");
}

#[test]
fn times_outside_a_day() {
    for bad in ["25:00", "7:0", "07:60", "0700", "noon"] {
        let e = error_of(&GOOD.replace("at = \"18:00\"", &format!("at = \"{bad}\"")));
        assert!(e.starts_with("p.toml:17:6:"), "{bad}: {e}");
        assert!(e.contains("HH:MM"), "{e}");
    }
    assert!(Plan::from_toml(&GOOD.replace("18:00", "23:59"), "p").is_ok());
    assert!(Plan::from_toml(&GOOD.replace("18:00", "00:00"), "p").is_ok());
}

#[test]
fn zero_and_overlong_durations() {
    let e = error_of(&GOOD.replace("walk 90s", "walk 0s"));
    assert!(e.contains("above zero"), "{e}");
    let e = error_of(&GOOD.replace("cooldown 5m\"\nnote", "cooldown 4h1m\"\nnote"));
    assert!(e.contains("4 hours"), "{e}");
}

#[test]
fn sessions_over_five_hours() {
    let e = error_of(&GOOD.replace("8x(run 60s, walk 90s)", "2x(walk 2h, run 31m)"));
    assert!(e.contains("5 hours"), "{e}");
}

#[test]
fn repeat_counts() {
    assert!(error_of(&GOOD.replace("8x(", "0x(")).contains("1 to 200"));
    assert!(error_of(&GOOD.replace("8x(", "201x(")).contains("1 to 200"));
}

#[test]
fn two_sessions_at_the_same_day_and_time() {
    let text = GOOD.replace(
        "note = \"easy\"",
        "note = \"easy\"\n[[week.session]]\nday = \"tue\"\nat = \"18:00\"\nsteps = \"walk 20m\"",
    );
    let e = error_of(&text);
    assert!(e.contains("W1D2") && e.contains("W1D1"), "{e}");
    assert!(e.starts_with("p.toml:21:"), "{e}");
    // The same day at another time is fine.
    assert!(Plan::from_toml(
        &text.replace(
            "at = \"18:00\"\nsteps = \"walk",
            "at = \"07:00\"\nsteps = \"walk"
        ),
        "p"
    )
    .is_ok());
}

#[test]
fn lift_minutes_out_of_range() {
    for bad in ["0", "301", "-5"] {
        let e = error_of(&GOOD.replace("minutes = 60", &format!("minutes = {bad}")));
        assert!(e.starts_with("p.toml:11:"), "{e}");
        assert!(e.contains("1 to 300"), "{e}");
    }
}

#[test]
fn steps_errors_point_into_the_file() {
    let e = error_of(&GOOD.replace(
        "8x(run 60s, walk 90s), cooldown 5m\"\nnote",
        "8x(run 60s, walk\"\nnote",
    ));
    // The value starts at column 10 of line 18; the text ends at its 27th
    // character, where the duration was expected.
    assert_eq!(e.lines().count(), 1, "{e}");
    assert!(e.starts_with("p.toml:18:37:"), "{e}");
    assert!(e.contains("expected a duration"), "{e}");
}

#[test]
fn bad_start_and_priority() {
    assert!(error_of(&GOOD.replace("2026-12-07", "2026-02-30")).starts_with("p.toml:"));
    assert!(
        error_of(&GOOD.replace("start = 2026-12-07", "start = 2026-12-07T10:00:00"))
            .contains("date")
    );
    let e = error_of(&GOOD.replace("\"strength\"", "\"speed\""));
    assert!(
        e.starts_with("p.toml:6:") && e.contains("endurance or strength"),
        "{e}"
    );
}

/// A race plan's fields: the race date, the runner's age, and what each
/// session is for.
const RACE: &str = r#"
name = "Race"
goal = "10k"
start = 2026-12-07
race = 2026-12-20
age = 47

[[week]]
[[week.session]]
day = "tue"
at = "18:00"
purpose = "easy"
steps = "warmup 5m, run 20m, cooldown 5m"

[[week.session]]
day = "sat"
at = "09:00"
purpose = "long"
steps = "warmup 5m, run 30m, cooldown 5m"

[[week]]
[[week.session]]
day = "sun"
at = "09:00"
purpose = "race"
steps = "warmup 10m, run 1h, cooldown 5m"
"#;

#[test]
fn race_age_and_purpose_read_and_write_back() {
    use walkrun::plan::Purpose;
    let plan = Plan::from_toml(RACE, "p.toml").expect("valid");
    assert_eq!(
        plan.race.map(|d| d.to_string()).as_deref(),
        Some("2026-12-20")
    );
    assert_eq!(plan.age, Some(47));
    let purposes: Vec<_> = plan.sessions().map(|(_, s)| s.purpose).collect();
    assert_eq!(
        purposes,
        [
            Some(Purpose::Easy),
            Some(Purpose::Long),
            Some(Purpose::Race)
        ]
    );
    // The race session falls on the race date.
    let w2d1 = "W2D1".parse().expect("address");
    assert_eq!(plan.session_date(w2d1), plan.race);
    let text = plan.to_toml().expect("writes");
    assert!(text.contains("race = 2026-12-20\n"), "a TOML date: {text}");
    assert!(text.contains("age = 47\n"), "{text}");
    assert!(text.contains("purpose = \"long\"\n"), "{text}");
    let back = Plan::from_toml(&text, "written.toml").unwrap_or_else(|e| panic!("{e}\n{text}"));
    assert_eq!(back, plan);
    // Where each session was read is kept for the checker, not compared.
    let line = plan.session(w2d1).and_then(|s| s.line.0);
    assert_eq!(line, Some(22), "the race session's [[week.session]] line");
}

#[test]
fn bad_race_age_and_purpose_name_their_line() {
    let e = error_of(&RACE.replace("race = 2026-12-20", "race = \"soon\""));
    assert!(e.starts_with("p.toml:5:"), "{e}");
    let e = error_of(&RACE.replace("race = 2026-12-20", "race = 2026-12-20T09:00:00"));
    assert!(
        e.starts_with("p.toml:5:") && e.contains("race: expected a date"),
        "{e}"
    );
    for bad in ["7", "101", "-3"] {
        let e = error_of(&RACE.replace("age = 47", &format!("age = {bad}")));
        assert!(
            e.starts_with("p.toml:6:") && e.contains("age: expected 10 to 100 years"),
            "{e}"
        );
    }
    let e = error_of(&RACE.replace("purpose = \"long\"", "purpose = \"tempo\""));
    assert!(e.starts_with("p.toml:18:"), "{e}");
    assert!(
        e.contains("expected long, easy, run-walk, race, cooldown or time-trial, found 'tempo'"),
        "{e}"
    );
}

#[test]
fn dates_on_the_command_line() {
    use walkrun::plan::parse_date;
    let today = chrono::NaiveDate::from_ymd_opt(2026, 12, 31).expect("date");
    assert_eq!(parse_date("today", today), Ok(today));
    assert_eq!(
        parse_date("Tomorrow", today)
            .map(|d| d.to_string())
            .as_deref(),
        Ok("2027-01-01")
    );
    assert_eq!(
        parse_date("2027-05-15", today)
            .map(|d| d.to_string())
            .as_deref(),
        Ok("2027-05-15")
    );
    // Only what a plan file can hold and read back: four-digit years.
    for bad in [
        "+12026-01-01",
        "-0001-01-01",
        "12026-01-01",
        "2027-5-15",
        "2027-02-30",
        "someday",
    ] {
        let e = parse_date(bad, today).unwrap_err();
        assert!(e.contains("YYYY-MM-DD") && e.contains(bad), "{bad}: {e}");
    }
}

mod written_plans_read_back {
    use chrono::{NaiveDate, NaiveTime, Weekday};
    use proptest::prelude::*;
    use walkrun::plan::steps::{Kind, Segment, Session, Step};
    use walkrun::plan::{Lift, Plan, PlannedSession, Priority, Purpose, RuleSetting, Week};

    /// Text a runner (or someone handing them a file) might put in a name or
    /// a note: anything at all, and the characters that break naive TOML.
    fn text() -> impl Strategy<Value = String> {
        prop_oneof![
            any::<String>(),
            "[\"'#\\\\\n\r\t =\\[\\]{}a-z\u{1b}\u{202e}\u{7f}\u{85}é😀]{0,40}",
            Just("start = \"2026-12-07\"".to_string()),
            Just("\"\"\"\n'''".to_string()),
            Just("name = \"x\"\n[[week]]\nsteps = \"run 1m\"".to_string()),
            Just("\r\n\r".to_string()),
            Just(String::new()),
        ]
    }

    fn weekday() -> impl Strategy<Value = Weekday> {
        (0u8..7).prop_map(|d| Weekday::try_from(d).expect("0..7"))
    }

    fn time() -> impl Strategy<Value = NaiveTime> {
        (0u32..24, 0u32..60).prop_map(|(h, m)| NaiveTime::from_hms_opt(h, m, 0).expect("valid"))
    }

    fn steps() -> impl Strategy<Value = Session> {
        let kind = prop_oneof![
            Just(Kind::Warmup),
            Just(Kind::Run),
            Just(Kind::Walk),
            Just(Kind::Cooldown)
        ];
        let leaf = (kind, 1u32..=900)
            .prop_map(|(kind, seconds)| Step::Segment(Segment::timed(kind, seconds)));
        let step = leaf.prop_recursive(2, 6, 3, |inner| {
            (1u32..=8, prop::collection::vec(inner, 1..3))
                .prop_map(|(count, steps)| Step::Repeat { count, steps })
        });
        prop::collection::vec(step, 1..4)
            .prop_map(Session::new)
            .prop_filter("within the session limits", |s| {
                s.total_seconds() <= 5 * 3600
            })
    }

    fn date() -> impl Strategy<Value = NaiveDate> {
        // Now and then the very end of the calendar, where weeks run out.
        prop_oneof![
            (0i32..=9999, 1u32..=12, 1u32..=28),
            (Just(9999), Just(12), 1u32..=31),
        ]
        .prop_map(|(y, m, d)| NaiveDate::from_ymd_opt(y, m, d).expect("valid"))
    }

    fn session() -> impl Strategy<Value = PlannedSession> {
        (
            prop::option::of(weekday()),
            prop::option::of(time()),
            steps(),
            prop::option::of(text()),
            prop::option::of(prop::sample::select(Purpose::ALL)),
        )
            .prop_map(|(day, at, steps, note, purpose)| PlannedSession {
                day,
                at,
                steps,
                note,
                purpose,
                ..PlannedSession::default()
            })
    }

    fn week() -> impl Strategy<Value = Week> {
        prop::collection::vec(session(), 0..4).prop_map(|mut sessions| {
            // A week holds one session per day and time, as the file demands.
            let mut seen = Vec::new();
            sessions.retain(|s| {
                s.day.is_none() || {
                    let fresh = !seen.contains(&(s.day, s.at));
                    seen.push((s.day, s.at));
                    fresh
                }
            });
            Week {
                sessions,
                ..Week::default()
            }
        })
    }

    fn lift() -> impl Strategy<Value = Lift> {
        (weekday(), time(), 1u32..=300, any::<bool>()).prop_map(|(day, at, minutes, legs)| Lift {
            day,
            at,
            minutes,
            legs,
        })
    }

    fn rule_value() -> impl Strategy<Value = toml::Value> {
        prop_oneof![
            any::<bool>().prop_map(toml::Value::Boolean),
            any::<i64>().prop_map(toml::Value::Integer),
            any::<f64>()
                .prop_filter("NaN is not equal to itself", |f| !f.is_nan())
                .prop_map(toml::Value::Float),
            text().prop_map(toml::Value::String),
        ]
    }

    fn plan() -> impl Strategy<Value = Plan> {
        (
            (text(), prop::option::of(text()), prop::option::of(text())),
            (prop::option::of(date()), prop::option::of(date())),
            prop::option::of(prop::sample::select(
                walkrun::plan::AGES.collect::<Vec<_>>(),
            )),
            prop::option::of(prop_oneof![
                Just(Priority::Endurance),
                Just(Priority::Strength)
            ]),
            prop::collection::vec(lift(), 0..4),
            prop::collection::vec(week(), 0..4),
            prop::collection::btree_map(text(), rule_value(), 0..4),
        )
            .prop_map(
                |((name, description, goal), (start, race), age, priority, lifts, weeks, rules)| {
                    Plan {
                        name,
                        description,
                        goal,
                        start,
                        race,
                        age,
                        priority,
                        pace: None,
                        lifts,
                        weeks,
                        rules: rules
                            .into_iter()
                            .map(|(key, value)| RuleSetting {
                                key,
                                value,
                                location: None,
                            })
                            .collect(),
                        ..Plan::default()
                    }
                },
            )
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(300))]

        /// Whatever a plan holds, the file walkrun writes for it loads again
        /// as the same plan.
        #[test]
        fn any_plan_written_reads_back_the_same(plan in plan()) {
            let text = plan.to_toml();
            // Weeks that run past 9999-12-31 cannot be written as dates a
            // file holds: refused, with that said.
            let fits = plan
                .start
                .is_none_or(|s| walkrun::plan::last_day(s, plan.weeks.len()).is_some());
            if !fits {
                prop_assert!(
                    matches!(&text, Err(walkrun::plan::WriteError::Length(m)) if m.contains("9999-12-31")),
                    "{:?}",
                    text
                );
                return Ok(());
            }
            prop_assert!(text.is_ok(), "{:?}", text);
            let text = text.unwrap_or_default();
            match Plan::from_toml(&text, "written.toml") {
                Ok(back) => prop_assert_eq!(back, plan, "{}", text),
                Err(e) => prop_assert!(false, "{e}\n{text}"),
            }
        }
    }

    /// Names that once wrote files which read back wrong or not at all.
    #[test]
    fn names_that_look_like_toml_stay_names() {
        let base = Plan::from_toml(super::GOOD, "p.toml").expect("valid");
        for name in [
            // The start date was once unquoted with a text replace, which hit
            // this name first when it was written as a literal string.
            "start = \"2026-12-07\"",
            "it's \"quoted\" # not a comment",
            "two\nlines\r\nand a \t tab",
            "'''\"\"\"",
            "[[week]]\nsteps = \"run 1m\"",
            "\u{1b}[2J\u{202e}cleared",
        ] {
            let mut plan = base.clone();
            plan.name = name.to_string();
            plan.description = Some(name.to_string());
            plan.weeks[0].sessions[0].note = Some(name.to_string());
            let text = plan.to_toml().expect("writes");
            let back = Plan::from_toml(&text, "w.toml").unwrap_or_else(|e| panic!("{e}\n{text}"));
            assert_eq!(back, plan, "{text}");
            assert_eq!(back.start, base.start, "{text}");
        }
    }

    /// A date the file format cannot hold is refused, not written.
    #[test]
    fn a_start_past_year_9999_is_refused() {
        let mut plan = Plan::from_toml(super::GOOD, "p.toml").expect("valid");
        plan.start = NaiveDate::from_ymd_opt(10_000, 1, 3);
        let e = plan.to_toml().expect_err("year 10000");
        assert!(e.to_string().contains("9999"), "{e}");
    }
}
