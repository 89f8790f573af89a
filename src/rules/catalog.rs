//! What each rule checks and why, for `walkrun explain`. The why comes from the
//! coaching article the rules are built on (docs/coaching.md, "Rules").

use super::{RuleId, Settings, Severity, PARAMS};

/// The explanation of one rule.
pub struct Entry {
    pub rule: RuleId,
    /// The level its findings have; `None` for the exemption.
    pub levels: &'static [Severity],
    pub summary: &'static str,
    pub checks: &'static str,
    pub why: &'static str,
}

pub fn entry(rule: RuleId) -> &'static Entry {
    ENTRIES
        .iter()
        .find(|e| e.rule == rule)
        .unwrap_or(&ENTRIES[0])
}

/// The table a rule's numbers come from, when it has one: `taper` follows
/// the "Race week" table of docs/coaching.md.
pub fn table(rule: RuleId) -> Option<&'static str> {
    (rule == RuleId::Taper).then_some(RACE_WEEK_TABLE)
}

const RACE_WEEK_TABLE: &str = "\
what                                  5K / 10K                half marathon
the biggest session                   10 to 14 days before    2 to 3 weeks before
the last full week before race week   about 75 % of the peak  about 70 % of the peak
race week, before the race            about 50 % of the peak week's running, short easy runs
the two days before the race          rest, or one 10 to 15 min easy shake-out";

/// The numbers a plan may change for this rule, with their defaults.
pub fn defaults(rule: RuleId) -> Vec<(&'static str, f64, &'static str, &'static str)> {
    let d = Settings::default();
    PARAMS
        .iter()
        .filter(|p| p.rule == rule)
        .map(|p| (p.key, p.get(&d), p.unit.word(), p.help))
        .collect()
}

pub const ENTRIES: &[Entry] = &[
    Entry {
        rule: RuleId::SeparateDays,
        levels: &[Severity::Note],
        summary: "Strength and running belong on different days.",
        checks: "Notes every run that shares a day with a lift, even at a safe gap.",
        why: "\"Ideally, do them on different days.\" Lifting and running switch on \
              pathways that compete (mTOR to build muscle, AMPK for endurance); a day \
              apart lets each do its work.",
    },
    Entry {
        rule: RuleId::SameDayGap,
        levels: &[Severity::Error, Severity::Warning],
        summary: "A run and a lift on one day keep at least 6 hours between them.",
        checks: "On a lift day, the time from the end of the lift to the start of the run \
                 (or from the end of the run to the start of the lift). Under the gap, or \
                 overlapping, is an error; exactly the gap is fine. A run on a lift day with \
                 no time is a warning, because the gap cannot be known.",
        why: "\"If you must do both on the same day, separate them by at least 6 hours. \
              Example: lift in the morning, run in the evening.\"",
    },
    Entry {
        rule: RuleId::CooldownJog,
        levels: &[],
        summary: "A short easy jog straight after lifting is a cool-down, not a workout.",
        checks: "An exemption, never a finding: a session with at most 5 minutes of running \
                 that starts within 30 minutes after a lift ends is allowed at any gap, and \
                 does not count as a run for the other rules.",
        why: "\"A 3-5 minute jog or light run after strength training is perfectly fine. \
              Think of it as an active cool-down.\"",
    },
    Entry {
        rule: RuleId::PostLiftLimit,
        levels: &[Severity::Error, Severity::Warning],
        summary: "Cardio in the 6 hours after lifting stays short and easy.",
        checks: "A run starting within 6 hours after a lift ends (also across midnight): \
                 over 10 minutes of running is an error, over 5 minutes a warning.",
        why: "\"Where it becomes a problem is when a 5-minute shake-out turns into a \
              20-minute cardio session. At that point, it's no longer a recovery jog, it's \
              another workout.\" For a newer runner it is double stress on the same muscles \
              and joints.",
    },
    Entry {
        rule: RuleId::PriorityOrder,
        levels: &[Severity::Warning],
        summary: "The order on a shared day follows your priority.",
        checks: "With `priority = \"strength\"`, a run before a lift on the same day; with \
                 `priority = \"endurance\"`, a run after a lift. Silent without a priority.",
        why: "\"If your main goal is strength, lift first and keep post-lift cardio short. \
              If your main goal is endurance, schedule your runs first or on separate days.\"",
    },
    Entry {
        rule: RuleId::RestBetweenRuns,
        levels: &[Severity::Warning],
        summary: "No runs on consecutive days for a beginner.",
        checks: "Two runs (cool-down jogs aside) with fewer than 1 day without running \
                 between them, across week boundaries too.",
        why: "Every beginner program (Couch to 5K included) puts a rest day between runs: \
              tendons and joints adapt more slowly than heart and lungs, and \"smart training \
              beats more training\".",
    },
    Entry {
        rule: RuleId::ProgressionRate,
        levels: &[Severity::Warning],
        summary: "Weekly running time grows gently.",
        checks: "Each week's total running against the last week that was not a deload: at \
                 most 8 minutes or 10 % more, whichever is larger, and never more than 25 % \
                 (so 20 minutes a week may become 25, not 30). A week after one with no \
                 running (brisk walks only) is a start, judged by longest-jump.",
        why: "\"Start small and build\": too much too soon is how beginners get hurt. The \
              10 % rule of the running world needs a floor of a few minutes for a \
              beginner's first weeks, and a cap so the floor is no leap at 20 minutes a \
              week. The classic Couch to 5K breaks it in weeks 4, 6, 7 and 8, which is why \
              coaches tell beginners to repeat a week when they need to.",
    },
    Entry {
        rule: RuleId::LongestJump,
        levels: &[Severity::Warning],
        summary: "The longest continuous run grows in steps.",
        checks: "The week's longest continuous run (adjacent runs count as one) against the \
                 longest of any earlier week: at most double, and at most 5 minutes more. \
                 After walking only, first runs of up to 2 minutes are fine.",
        why: "A walk-run approach \"will build endurance faster, and with less risk of \
              injury, than grinding through fatigued miles\"; the walk breaks go away one \
              step at a time.",
    },
    Entry {
        rule: RuleId::Deload,
        levels: &[Severity::Warning, Severity::Note],
        summary: "Masters runners (40+) get an easier week now and then.",
        checks: "In a program longer than 6 weeks, 4 weeks in a row without a lighter one \
                 (about 20 % less running; 15 % less counts). Only for a runner of 40 or \
                 more: the plan's `age = N`, or the age the checker is given (on its \
                 command line or in the profile); without an age it assumes none and stays \
                 quiet. `deload = true` in `[rules]` asks for it at any age. A note, and \
                 a warning from 50.",
        why: "Adults over 40 recover more slowly; \"you can do everything, just not all at \
              once.\" A lighter week lets the body absorb the training.",
    },
    Entry {
        rule: RuleId::HeavyLegs,
        levels: &[Severity::Warning],
        summary: "No long or hard run on the day of a heavy lower-body lift, or the day after.",
        checks: "A long or hard run (30 minutes of running or more, or `purpose = \"long\"`) \
                 on the day of a lift marked `legs = true`, before the lift or after it, or \
                 on the day after. The race is left to `race-lifts`.",
        why: "After heavy legs \"your muscles are already fatigued\"; a long run on them is \
              \"double stress on the same muscles and joints\", and that holds on the \
              afternoon of leg day as much as the morning after.",
    },
    Entry {
        rule: RuleId::Taper,
        levels: &[Severity::Error, Severity::Warning],
        summary: "A race plan ends with the race, after a taper.",
        checks: "In a plan with `race = DATE` (or a session with `purpose = \"race\"`), \
                 counting weeks back from race day: the race is the last session, on its \
                 date; the biggest session (most time on feet) comes at least 10 days \
                 before a 5K or 10K and 14 days before a half marathon; the last full week \
                 before race week runs about 75 % of the peak week's running (70 % before a \
                 half); race week, before the race, about 50 %, in short easy runs; the two \
                 days before the race hold rest or one easy shake-out of 10 to 15 minutes. \
                 A week more than 10 points above its share is a warning, and so is a race \
                 week more than 20 points below it whose runs are shorter than the peak \
                 week's usual easy run; a session in the last two days longer than 15 \
                 minutes in all (its walks included), or a second one there, is a warning, \
                 and an error when that session is longer than half the race. The race and \
                 cool-down jogs are not counted as training.",
        why: "Coaches taper into a race so the runner arrives rested, not tired: Hal \
              Higdon's novice plans and most beginner race plans put the biggest session \
              10 to 14 days before a 5K or 10K and 2 to 3 weeks before a half, cut the \
              last full week to about 75 % (70 % for a half) of the peak week, race week \
              to about 50 % in short easy runs, and keep the two days before the race for \
              rest or a 10 to 15 minute shake-out. Fitness built over months does not fade \
              in two weeks; fatigue does.",
    },
    Entry {
        rule: RuleId::RaceLifts,
        levels: &[Severity::Warning],
        summary: "No heavy legs in the five days before a race, and no lift the day before.",
        checks: "In a plan with a race: a lift marked `legs = true` in the 5 days before \
                 race day, and any lift on the day before or on race day itself. A lift the \
                 plan skips, moves away or keeps to the upper body on that date (a \
                 `[[lift.exception]]`) is fine. The advice is to move or skip the lift: the \
                 race cannot move.",
        why: "Heavy squats and deadlifts leave the legs sore and weak for days, and a \
              runner should reach the start line fresh; lifters taper too, dropping heavy \
              lower-body work in race week and resting the day before. A race is the one \
              session that cannot move, so the lift gives way.",
    },
    Entry {
        rule: RuleId::WarmUp,
        levels: &[Severity::Note],
        summary: "A session with running opens with a brisk walk.",
        checks: "A session with running (a cool-down jog straight after a lift aside) whose \
                 first run comes with no `warmup` before it and less than 5 minutes of \
                 walking. A note.",
        why: "Every beginner program starts each session with a brisk 5-minute walk (the \
              NHS Couch to 5K does): it raises the heart rate and warms the calves and \
              Achilles tendons before they take the running, which is where a masters \
              beginner's injuries start.",
    },
];
