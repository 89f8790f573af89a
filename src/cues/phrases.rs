//! Everything the built-in coach can say: one short clip a phrase, each with
//! an id (its file name without `.wav`, for a runner recording their own
//! voice) and its text. Longer things (durations, the intro, progress) are
//! composed from these by [`crate::cues::speech`].
//!
//! The list is `sounds/phrases.tsv`, from which `sounds/make.sh` speaks the
//! built-in voice; a test keeps the two the same.

macro_rules! catalogue {
    ($($name:ident $id:literal $text:literal;)*) => {
        /// One phrase of the built-in voice.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub enum Phrase {
            $($name,)*
        }

        impl Phrase {
            /// Every phrase, in the catalogue's order.
            pub const ALL: &'static [Phrase] = &[$(Phrase::$name,)*];

            /// The file name without extension: `run`, `one-minute-to-go`, `25`.
            pub fn id(self) -> &'static str {
                match self {
                    $(Phrase::$name => $id,)*
                }
            }

            /// What is said, as it is written in a cue list.
            pub fn text(self) -> &'static str {
                match self {
                    $(Phrase::$name => $text,)*
                }
            }
        }
    };
}

catalogue! {
    WarmUp "warm-up" "warm up";
    Run "run" "run";
    Walk "walk" "walk";
    CoolDown "cool-down" "cool down";
    LastRun "last-run" "last run";
    BriskWalking "brisk-walking" "of brisk walking";
    EasyWalking "easy-walking" "of easy walking";
    GotThis "got-this" "You've got this.";
    OneMinuteToGo "one-minute-to-go" "One minute to go.";
    ThirtySecondsToGo "thirty-seconds-to-go" "Thirty seconds to go.";
    Done "done" "done";
    ToGo "to-go" "to go";
    Halfway "halfway" "Halfway through the session.";
    SessionComplete "session-complete" "Session complete.";
    WellDone "well-done" "Well done.";
    Next "next" "next:";
    Week "week" "week";
    RunNumber "run-number" "run";
    On "on" "on";
    Monday "monday" "Monday";
    Tuesday "tuesday" "Tuesday";
    Wednesday "wednesday" "Wednesday";
    Thursday "thursday" "Thursday";
    Friday "friday" "Friday";
    Saturday "saturday" "Saturday";
    Sunday "sunday" "Sunday";
    RepeatsOf "repeats-of" "repeats of";
    RunningAnd "running-and" "running and";
    Walking "walking" "walking";
    OfRunning "of-running" "of running";
    OfRunningInAll "of-running-in-all" "of running in all";
    ALongRun "a-long-run" "Your long run today: easy and steady.";
    AnEasyRun "an-easy-run" "An easy run today.";
    IntervalsToday "intervals-today" "Intervals today.";
    RaceDay "race-day" "Race day. Enjoy it.";
    Paused "paused" "Paused.";
    Resumed "resumed" "Resumed.";
    Cheer1 "cheer-1" "You're doing great.";
    Cheer2 "cheer-2" "Nice and easy.";
    Cheer3 "cheer-3" "Relax your shoulders.";
    Cheer4 "cheer-4" "Easy enough to talk? That's the pace.";
    Cheer5 "cheer-5" "Strong and steady.";
    Cheer6 "cheer-6" "Breathe easy, you've got this.";
    Cheer7 "cheer-7" "Good work, keep going.";
    Cheer8 "cheer-8" "Light, quick steps.";
    Second "second" "second";
    Seconds "seconds" "seconds";
    Minute "minute" "minute";
    Minutes "minutes" "minutes";
    Hour "hour" "hour";
    Hours "hours" "hours";
    AndAHalf "and-a-half" "and a half";
    And "and" "and";
    Hundred "hundred" "hundred";
    N1 "1" "one";
    N2 "2" "two";
    N3 "3" "three";
    N4 "4" "four";
    N5 "5" "five";
    N6 "6" "six";
    N7 "7" "seven";
    N8 "8" "eight";
    N9 "9" "nine";
    N10 "10" "ten";
    N11 "11" "eleven";
    N12 "12" "twelve";
    N13 "13" "thirteen";
    N14 "14" "fourteen";
    N15 "15" "fifteen";
    N16 "16" "sixteen";
    N17 "17" "seventeen";
    N18 "18" "eighteen";
    N19 "19" "nineteen";
    N20 "20" "twenty";
    N21 "21" "twenty-one";
    N22 "22" "twenty-two";
    N23 "23" "twenty-three";
    N24 "24" "twenty-four";
    N25 "25" "twenty-five";
    N26 "26" "twenty-six";
    N27 "27" "twenty-seven";
    N28 "28" "twenty-eight";
    N29 "29" "twenty-nine";
    N30 "30" "thirty";
    N31 "31" "thirty-one";
    N32 "32" "thirty-two";
    N33 "33" "thirty-three";
    N34 "34" "thirty-four";
    N35 "35" "thirty-five";
    N36 "36" "thirty-six";
    N37 "37" "thirty-seven";
    N38 "38" "thirty-eight";
    N39 "39" "thirty-nine";
    N40 "40" "forty";
    N41 "41" "forty-one";
    N42 "42" "forty-two";
    N43 "43" "forty-three";
    N44 "44" "forty-four";
    N45 "45" "forty-five";
    N46 "46" "forty-six";
    N47 "47" "forty-seven";
    N48 "48" "forty-eight";
    N49 "49" "forty-nine";
    N50 "50" "fifty";
    N51 "51" "fifty-one";
    N52 "52" "fifty-two";
    N53 "53" "fifty-three";
    N54 "54" "fifty-four";
    N55 "55" "fifty-five";
    N56 "56" "fifty-six";
    N57 "57" "fifty-seven";
    N58 "58" "fifty-eight";
    N59 "59" "fifty-nine";
    N60 "60" "sixty";
    N70 "70" "seventy";
    N80 "80" "eighty";
    N90 "90" "ninety";
    AfterLift "after-lift" "A gentle jog after your lifting: keep it easy.";
    Cheer9 "cheer-9" "You could still talk at this pace.";
    Cheer10 "cheer-10" "Land softly, feet under your hips.";
    Cheer11 "cheer-11" "Look ahead, chin up.";
    Cheer12 "cheer-12" "Loose hands, let your arms swing.";
    Cheer13 "cheer-13" "Breathe out long and slow.";
    Cheer14 "cheer-14" "If anything hurts, walk. That's fine.";
    Cheer15 "cheer-15" "Steady is perfect.";
    Cheer16 "cheer-16" "Tall and relaxed, like a puppet on a string.";
    NoteLighterWeek "note-lighter-week" "Lighter week: let the training sink in.";
    NoteTaper "note-taper" "Taper: shorter, to arrive at the race rested.";
    NoteRaceWeek "note-race-week" "Race week: short and easy, to keep the legs used to running.";
    NoteShakeOut "note-shake-out" "Shake-out: easy, to loosen the legs before the race.";
    NoteYourFirst "note-your-first" "Your first";
    NoteWithoutStopping "note-without-stopping" "minutes without stopping:";
    NoteSlowEnough "note-slow-enough" "slow enough to talk the whole way.";
    MilestoneThats "milestone-thats" "That's";
    MilestoneWithoutAWalk "milestone-without-a-walk" "minutes without a walk.";
    MilestoneLongestYet "milestone-longest-yet" "Your longest run yet. Remember this one.";
    MilestoneGoal "milestone-goal" "The run you trained for: your goal. Remember this one.";
    // Sentences the built-in programs say, recorded whole (see
    // `Phrase::whole`): generated from their cue lists, in that order.
    S001 "walk-one-minute" "Walk, one minute.";
    S002 "run-four-minutes" "Run, four minutes.";
    S003 "run-one-minute" "Run, one minute.";
    S004 "warm-up-five-minutes-of-brisk-walking" "Warm up, five minutes of brisk walking.";
    S005 "cool-down-five-minutes-of-easy-walking" "Cool down, five minutes of easy walking.";
    S006 "walk-two-minutes" "Walk, two minutes.";
    S007 "walk-ninety-seconds" "Walk, ninety seconds.";
    S008 "walk-one-minute-and-forty-five-seconds" "Walk, one minute and forty-five seconds.";
    S009 "last-run-four-minutes" "Last run, four minutes.";
    S010 "run-ninety-seconds" "Run, ninety seconds.";
    S011 "last-run-one-minute" "Last run, one minute.";
    S012 "walk-three-minutes" "Walk, three minutes.";
    S013 "thirty-minutes-of-running" "Thirty minutes of running.";
    S014 "run-thirty-minutes" "Run, thirty minutes.";
    S015 "five-minutes-done-twenty-five-to-go" "Five minutes done, twenty-five to go.";
    S016 "ten-minutes-done-twenty-to-go" "Ten minutes done, twenty to go.";
    S017 "fifteen-minutes-done-fifteen-to-go" "Fifteen minutes done, fifteen to go.";
    S018 "twenty-minutes-done-ten-to-go" "Twenty minutes done, ten to go.";
    S019 "twenty-five-minutes-done-five-to-go" "Twenty-five minutes done, five to go.";
    S020 "run-three-minutes" "Run, three minutes.";
    S021 "nine-repeats-of-four-minutes-running-and-one-minute-walking" "Nine repeats of four minutes running and one minute walking.";
    S022 "ten-repeats-of-four-minutes-running-and-one-minute-walking" "Ten repeats of four minutes running and one minute walking.";
    S023 "thirty-five-minutes-of-running" "Thirty-five minutes of running.";
    S024 "run-thirty-five-minutes" "Run, thirty-five minutes.";
    S025 "five-minutes-done-thirty-to-go" "Five minutes done, thirty to go.";
    S026 "ten-minutes-done-twenty-five-to-go" "Ten minutes done, twenty-five to go.";
    S027 "fifteen-minutes-done-twenty-to-go" "Fifteen minutes done, twenty to go.";
    S028 "twenty-minutes-done-fifteen-to-go" "Twenty minutes done, fifteen to go.";
    S029 "twenty-five-minutes-done-ten-to-go" "Twenty-five minutes done, ten to go.";
    S030 "thirty-minutes-done-five-to-go" "Thirty minutes done, five to go.";
    S031 "forty-minutes-of-running" "Forty minutes of running.";
    S032 "run-forty-minutes" "Run, forty minutes.";
    S033 "five-minutes-done-thirty-five-to-go" "Five minutes done, thirty-five to go.";
    S034 "ten-minutes-done-thirty-to-go" "Ten minutes done, thirty to go.";
    S035 "fifteen-minutes-done-twenty-five-to-go" "Fifteen minutes done, twenty-five to go.";
    S036 "twenty-minutes-done-twenty-to-go" "Twenty minutes done, twenty to go.";
    S037 "twenty-five-minutes-done-fifteen-to-go" "Twenty-five minutes done, fifteen to go.";
    S038 "thirty-minutes-done-ten-to-go" "Thirty minutes done, ten to go.";
    S039 "thirty-five-minutes-done-five-to-go" "Thirty-five minutes done, five to go.";
    // Words for a distance and a treadmill's speed ("Run to the finish,
    // five kilometres, at seven point five."): single words, not whole
    // sentences, though they come after them (see `SINGLE_WORDS_AFTER`).
    ToTheFinish "to-the-finish" "to the finish";
    Kilometre "kilometre" "kilometre";
    Kilometres "kilometres" "kilometres";
    Mile "mile" "mile";
    Miles "miles" "miles";
    Metres "metres" "metres";
    Point "point" "point";
    Zero "0" "zero";
    At "at" "at";
    RunWalkToday "run-walk-today" "Run-walk today.";
    // The time trial (a pace check): its intro, its note at each effort, and
    // the word at its run, which the runner ends with `n`.
    TimeTrialToday "time-trial-today" "A time trial today: its time sets your pace.";
    NoteTimeTrial "note-time-trial" "Time trial: steady and comfortably hard, never flat out.";
    NoteTimeTrialSteady "note-time-trial-steady" "Time trial: steady, still able to say a few words.";
    PressNAtTheDistance "press-n-at-the-distance" "Press N when the treadmill or watch shows the distance.";
}

/// Single words appended after the sentences recorded whole (phrases are
/// appended, so that regenerating the voice keeps every clip before them).
pub const SINGLE_WORDS_AFTER: [Phrase; 9] = [
    Phrase::ToTheFinish,
    Phrase::Kilometre,
    Phrase::Kilometres,
    Phrase::Mile,
    Phrase::Miles,
    Phrase::Metres,
    Phrase::Point,
    Phrase::Zero,
    Phrase::At,
];

/// Phrases added since `sounds/voice.ogg` was last made: the built-in voice
/// has no clip for them until `sounds/make.sh` runs again (a silent word,
/// and a change's distance falls back to its time). Empty once it has; the
/// bundle's tests hold every other phrase to its clip.
pub const AWAITING_THE_VOICE: [Phrase; 0] = [];

/// The numbers with a clip of their own: 1 to 59, then the tens to 90.
const NUMBERS: [Phrase; 60] = [
    Phrase::N60, // index 0 is never asked for; see `Phrase::number`
    Phrase::N1,
    Phrase::N2,
    Phrase::N3,
    Phrase::N4,
    Phrase::N5,
    Phrase::N6,
    Phrase::N7,
    Phrase::N8,
    Phrase::N9,
    Phrase::N10,
    Phrase::N11,
    Phrase::N12,
    Phrase::N13,
    Phrase::N14,
    Phrase::N15,
    Phrase::N16,
    Phrase::N17,
    Phrase::N18,
    Phrase::N19,
    Phrase::N20,
    Phrase::N21,
    Phrase::N22,
    Phrase::N23,
    Phrase::N24,
    Phrase::N25,
    Phrase::N26,
    Phrase::N27,
    Phrase::N28,
    Phrase::N29,
    Phrase::N30,
    Phrase::N31,
    Phrase::N32,
    Phrase::N33,
    Phrase::N34,
    Phrase::N35,
    Phrase::N36,
    Phrase::N37,
    Phrase::N38,
    Phrase::N39,
    Phrase::N40,
    Phrase::N41,
    Phrase::N42,
    Phrase::N43,
    Phrase::N44,
    Phrase::N45,
    Phrase::N46,
    Phrase::N47,
    Phrase::N48,
    Phrase::N49,
    Phrase::N50,
    Phrase::N51,
    Phrase::N52,
    Phrase::N53,
    Phrase::N54,
    Phrase::N55,
    Phrase::N56,
    Phrase::N57,
    Phrase::N58,
    Phrase::N59,
];

impl Phrase {
    /// The clip for `n` when there is one: 1 to 59, 60, 70, 80, 90.
    pub fn number(n: u32) -> Option<Phrase> {
        match n {
            1..=59 => Some(NUMBERS[n as usize]),
            60 => Some(Phrase::N60),
            70 => Some(Phrase::N70),
            80 => Some(Phrase::N80),
            90 => Some(Phrase::N90),
            _ => None,
        }
    }

    /// Whether this is a sentence recorded whole, said instead of the same
    /// words composed from shorter clips.
    pub fn is_whole(self) -> bool {
        self >= Phrase::S001 && !SINGLE_WORDS_AFTER.contains(&self)
    }

    /// The sentence recorded whole whose text is `text` ("Run, one minute."):
    /// one clip, said in one breath, is understood where the same words from
    /// three clips are not.
    pub fn whole(text: &str) -> Option<Phrase> {
        Phrase::ALL
            .iter()
            .copied()
            .filter(|p| p.is_whole())
            .find(|p| p.text() == text)
    }

    /// What is said in this phrase's place while the voice has no clip for
    /// it (a phrase added since the built-in voice was last made, or one a
    /// runner has not recorded): the older phrase for the same cue.
    pub fn stand_in(self) -> Option<Phrase> {
        match self {
            Phrase::RunWalkToday => Some(Phrase::IntervalsToday),
            _ => None,
        }
    }

    /// The phrase with this id.
    pub fn from_id(id: &str) -> Option<Phrase> {
        Phrase::ALL.iter().copied().find(|p| p.id() == id)
    }

    /// The file a runner records this phrase into, in a `--voice` folder.
    pub fn file_name(self) -> String {
        format!("{}.wav", self.id())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_catalogue_is_sounds_phrases_tsv() {
        let tsv = include_str!("../../sounds/phrases.tsv");
        let rows: Vec<(&str, &str)> = tsv
            .lines()
            .filter(|l| !l.trim().is_empty())
            .map(|l| {
                let mut cols = l.split('\t');
                (cols.next().unwrap_or(""), cols.next().unwrap_or(""))
            })
            .collect();
        let ours: Vec<(&str, &str)> = Phrase::ALL.iter().map(|p| (p.id(), p.text())).collect();
        assert_eq!(ours, rows);
    }

    #[test]
    fn ids_are_unique_file_names_and_numbers_say_themselves() {
        let mut ids: Vec<&str> = Phrase::ALL.iter().map(|p| p.id()).collect();
        ids.sort_unstable();
        ids.dedup();
        assert_eq!(ids.len(), Phrase::ALL.len());
        assert!(ids
            .iter()
            .all(|id| id.chars().all(|c| c.is_ascii_alphanumeric() || c == '-')));
        assert_eq!(Phrase::number(25).map(Phrase::text), Some("twenty-five"));
        assert_eq!(Phrase::number(1).map(Phrase::text), Some("one"));
        assert_eq!(Phrase::number(90).map(Phrase::text), Some("ninety"));
        assert_eq!(Phrase::number(0), None);
        assert_eq!(Phrase::number(61), None);
        assert_eq!(Phrase::from_id("walk"), Some(Phrase::Walk));
    }
}
