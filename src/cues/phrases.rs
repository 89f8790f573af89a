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
    Cheer11 "cheer-11" "Look ahead, keep your chin up.";
    Cheer12 "cheer-12" "Loose hands, let your arms swing.";
    Cheer13 "cheer-13" "Relax your breathing.";
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
    // More sentences the built-in programs say, recorded whole: every one
    // their sessions say (intros, changes, progress marks, milestones, the
    // outro's next session), appended in the order the programs first say them.
    S040 "week-one-run-one" "Week one, run one.";
    S041 "six-repeats-of-one-minute-running-and-two-minutes-walking" "Six repeats of one minute running and two minutes walking.";
    S042 "next-week-one-run-two" "Next: week one, run two.";
    S043 "week-one-run-two" "Week one, run two.";
    S044 "next-week-one-run-three" "Next: week one, run three.";
    S045 "week-one-run-three" "Week one, run three.";
    S046 "next-week-two-run-one" "Next: week two, run one.";
    S047 "week-two-run-one" "Week two, run one.";
    S048 "seven-repeats-of-one-minute-running-and-two-minutes-walking" "Seven repeats of one minute running and two minutes walking.";
    S049 "next-week-two-run-two" "Next: week two, run two.";
    S050 "week-two-run-two" "Week two, run two.";
    S051 "next-week-two-run-three" "Next: week two, run three.";
    S052 "week-two-run-three" "Week two, run three.";
    S053 "next-week-three-run-one" "Next: week three, run one.";
    S054 "week-three-run-one" "Week three, run one.";
    S055 "eight-repeats-of-one-minute-running-and-two-minutes-walking" "Eight repeats of one minute running and two minutes walking.";
    S056 "next-week-three-run-two" "Next: week three, run two.";
    S057 "week-three-run-two" "Week three, run two.";
    S058 "next-week-three-run-three" "Next: week three, run three.";
    S059 "week-three-run-three" "Week three, run three.";
    S060 "next-week-four-run-one" "Next: week four, run one.";
    S061 "week-four-run-one" "Week four, run one.";
    S062 "eight-repeats-of-one-minute-running-and-one-minute-and-forty-five-seconds-walking" "Eight repeats of one minute running and one minute and forty-five seconds walking.";
    S063 "next-week-four-run-two" "Next: week four, run two.";
    S064 "week-four-run-two" "Week four, run two.";
    S065 "next-week-four-run-three" "Next: week four, run three.";
    S066 "week-four-run-three" "Week four, run three.";
    S067 "next-week-five-run-one" "Next: week five, run one.";
    S068 "week-five-run-one" "Week five, run one.";
    S069 "eight-repeats-of-one-minute-running-and-ninety-seconds-walking" "Eight repeats of one minute running and ninety seconds walking.";
    S070 "next-week-five-run-two" "Next: week five, run two.";
    S071 "week-five-run-two" "Week five, run two.";
    S072 "next-week-five-run-three" "Next: week five, run three.";
    S073 "week-five-run-three" "Week five, run three.";
    S074 "six-repeats-of-ninety-seconds-running-and-two-minutes-walking" "Six repeats of ninety seconds running and two minutes walking.";
    S075 "last-run-ninety-seconds" "Last run, ninety seconds.";
    S076 "nine-minutes-of-running-in-all" "Nine minutes of running in all.";
    S077 "last-run-three-minutes" "Last run, three minutes.";
    S078 "sixteen-minutes-of-running-in-all" "Sixteen minutes of running in all.";
    S079 "run-five-minutes" "Run, five minutes.";
    S080 "walk-two-and-a-half-minutes" "Walk, two and a half minutes.";
    S081 "that-s-five-minutes-without-a-walk" "That's five minutes without a walk.";
    S082 "last-run-five-minutes" "Last run, five minutes.";
    S083 "fifteen-minutes-of-running-in-all" "Fifteen minutes of running in all.";
    S084 "run-eight-minutes" "Run, eight minutes.";
    S085 "walk-five-minutes" "Walk, five minutes.";
    S086 "last-run-eight-minutes" "Last run, eight minutes.";
    S087 "five-minutes-done-three-to-go" "Five minutes done, three to go.";
    S088 "twenty-minutes-of-running" "Twenty minutes of running.";
    S089 "run-twenty-minutes" "Run, twenty minutes.";
    S090 "five-minutes-done-fifteen-to-go" "Five minutes done, fifteen to go.";
    S091 "ten-minutes-done-ten-to-go" "Ten minutes done, ten to go.";
    S092 "fifteen-minutes-done-five-to-go" "Fifteen minutes done, five to go.";
    S093 "that-s-twenty-minutes-without-a-walk" "That's twenty minutes without a walk.";
    S094 "next-week-six-run-one" "Next: week six, run one.";
    S095 "week-six-run-one" "Week six, run one.";
    S096 "eighteen-minutes-of-running-in-all" "Eighteen minutes of running in all.";
    S097 "next-week-six-run-two" "Next: week six, run two.";
    S098 "week-six-run-two" "Week six, run two.";
    S099 "twenty-minutes-of-running-in-all" "Twenty minutes of running in all.";
    S100 "run-ten-minutes" "Run, ten minutes.";
    S101 "five-minutes-done-five-to-go" "Five minutes done, five to go.";
    S102 "that-s-ten-minutes-without-a-walk" "That's ten minutes without a walk.";
    S103 "last-run-ten-minutes" "Last run, ten minutes.";
    S104 "next-week-six-run-three" "Next: week six, run three.";
    S105 "week-six-run-three" "Week six, run three.";
    S106 "twenty-five-minutes-of-running" "Twenty-five minutes of running.";
    S107 "run-twenty-five-minutes" "Run, twenty-five minutes.";
    S108 "five-minutes-done-twenty-to-go" "Five minutes done, twenty to go.";
    S109 "ten-minutes-done-fifteen-to-go" "Ten minutes done, fifteen to go.";
    S110 "fifteen-minutes-done-ten-to-go" "Fifteen minutes done, ten to go.";
    S111 "next-week-seven-run-one" "Next: week seven, run one.";
    S112 "week-seven-run-one" "Week seven, run one.";
    S113 "next-week-seven-run-two" "Next: week seven, run two.";
    S114 "week-seven-run-two" "Week seven, run two.";
    S115 "next-week-seven-run-three" "Next: week seven, run three.";
    S116 "week-seven-run-three" "Week seven, run three.";
    S117 "next-week-eight-run-one" "Next: week eight, run one.";
    S118 "week-eight-run-one" "Week eight, run one.";
    S119 "twenty-eight-minutes-of-running" "Twenty-eight minutes of running.";
    S120 "run-twenty-eight-minutes" "Run, twenty-eight minutes.";
    S121 "five-minutes-done-twenty-three-to-go" "Five minutes done, twenty-three to go.";
    S122 "ten-minutes-done-eighteen-to-go" "Ten minutes done, eighteen to go.";
    S123 "fifteen-minutes-done-thirteen-to-go" "Fifteen minutes done, thirteen to go.";
    S124 "twenty-five-minutes-done-three-to-go" "Twenty-five minutes done, three to go.";
    S125 "next-week-eight-run-two" "Next: week eight, run two.";
    S126 "week-eight-run-two" "Week eight, run two.";
    S127 "next-week-eight-run-three" "Next: week eight, run three.";
    S128 "week-eight-run-three" "Week eight, run three.";
    S129 "next-week-nine-run-one" "Next: week nine, run one.";
    S130 "week-nine-run-one" "Week nine, run one.";
    S131 "that-s-thirty-minutes-without-a-walk" "That's thirty minutes without a walk.";
    S132 "next-week-nine-run-two" "Next: week nine, run two.";
    S133 "week-nine-run-two" "Week nine, run two.";
    S134 "next-week-nine-run-three" "Next: week nine, run three.";
    S135 "week-nine-run-three" "Week nine, run three.";
    S136 "forty-five-minutes-of-running" "Forty-five minutes of running.";
    S137 "run-forty-five-minutes" "Run, forty-five minutes.";
    S138 "five-minutes-done-forty-to-go" "Five minutes done, forty to go.";
    S139 "ten-minutes-done-thirty-five-to-go" "Ten minutes done, thirty-five to go.";
    S140 "fifteen-minutes-done-thirty-to-go" "Fifteen minutes done, thirty to go.";
    S141 "twenty-minutes-done-twenty-five-to-go" "Twenty minutes done, twenty-five to go.";
    S142 "twenty-five-minutes-done-twenty-to-go" "Twenty-five minutes done, twenty to go.";
    S143 "thirty-five-minutes-done-ten-to-go" "Thirty-five minutes done, ten to go.";
    S144 "forty-minutes-done-five-to-go" "Forty minutes done, five to go.";
    S145 "fifty-minutes-of-running" "Fifty minutes of running.";
    S146 "run-fifty-minutes" "Run, fifty minutes.";
    S147 "five-minutes-done-forty-five-to-go" "Five minutes done, forty-five to go.";
    S148 "ten-minutes-done-forty-to-go" "Ten minutes done, forty to go.";
    S149 "fifteen-minutes-done-thirty-five-to-go" "Fifteen minutes done, thirty-five to go.";
    S150 "twenty-minutes-done-thirty-to-go" "Twenty minutes done, thirty to go.";
    S151 "twenty-five-minutes-done-twenty-five-to-go" "Twenty-five minutes done, twenty-five to go.";
    S152 "thirty-five-minutes-done-fifteen-to-go" "Thirty-five minutes done, fifteen to go.";
    S153 "forty-minutes-done-ten-to-go" "Forty minutes done, ten to go.";
    S154 "forty-five-minutes-done-five-to-go" "Forty-five minutes done, five to go.";
    S155 "fifty-five-minutes-of-running" "Fifty-five minutes of running.";
    S156 "run-fifty-five-minutes" "Run, fifty-five minutes.";
    S157 "five-minutes-done-fifty-to-go" "Five minutes done, fifty to go.";
    S158 "ten-minutes-done-forty-five-to-go" "Ten minutes done, forty-five to go.";
    S159 "fifteen-minutes-done-forty-to-go" "Fifteen minutes done, forty to go.";
    S160 "twenty-minutes-done-thirty-five-to-go" "Twenty minutes done, thirty-five to go.";
    S161 "twenty-five-minutes-done-thirty-to-go" "Twenty-five minutes done, thirty to go.";
    S162 "thirty-five-minutes-done-twenty-to-go" "Thirty-five minutes done, twenty to go.";
    S163 "forty-minutes-done-fifteen-to-go" "Forty minutes done, fifteen to go.";
    S164 "forty-five-minutes-done-ten-to-go" "Forty-five minutes done, ten to go.";
    S165 "fifty-minutes-done-five-to-go" "Fifty minutes done, five to go.";
    S166 "one-hour-of-running" "One hour of running.";
    S167 "run-one-hour" "Run, one hour.";
    S168 "five-minutes-done-fifty-five-to-go" "Five minutes done, fifty-five to go.";
    S169 "ten-minutes-done-fifty-to-go" "Ten minutes done, fifty to go.";
    S170 "fifteen-minutes-done-forty-five-to-go" "Fifteen minutes done, forty-five to go.";
    S171 "twenty-minutes-done-forty-to-go" "Twenty minutes done, forty to go.";
    S172 "twenty-five-minutes-done-thirty-five-to-go" "Twenty-five minutes done, thirty-five to go.";
    S173 "thirty-five-minutes-done-twenty-five-to-go" "Thirty-five minutes done, twenty-five to go.";
    S174 "forty-minutes-done-twenty-to-go" "Forty minutes done, twenty to go.";
    S175 "forty-five-minutes-done-fifteen-to-go" "Forty-five minutes done, fifteen to go.";
    S176 "fifty-minutes-done-ten-to-go" "Fifty minutes done, ten to go.";
    S177 "fifty-five-minutes-done-five-to-go" "Fifty-five minutes done, five to go.";
    S178 "one-hour-and-five-minutes-of-running" "One hour and five minutes of running.";
    S179 "run-one-hour-and-five-minutes" "Run, one hour and five minutes.";
    S180 "five-minutes-done-one-hour-to-go" "Five minutes done, one hour to go.";
    S181 "ten-minutes-done-fifty-five-to-go" "Ten minutes done, fifty-five to go.";
    S182 "fifteen-minutes-done-fifty-to-go" "Fifteen minutes done, fifty to go.";
    S183 "twenty-minutes-done-forty-five-to-go" "Twenty minutes done, forty-five to go.";
    S184 "twenty-five-minutes-done-forty-to-go" "Twenty-five minutes done, forty to go.";
    S185 "thirty-five-minutes-done-thirty-to-go" "Thirty-five minutes done, thirty to go.";
    S186 "forty-minutes-done-twenty-five-to-go" "Forty minutes done, twenty-five to go.";
    S187 "forty-five-minutes-done-twenty-to-go" "Forty-five minutes done, twenty to go.";
    S188 "fifty-minutes-done-fifteen-to-go" "Fifty minutes done, fifteen to go.";
    S189 "fifty-five-minutes-done-ten-to-go" "Fifty-five minutes done, ten to go.";
    S190 "one-hour-done-five-minutes-to-go" "One hour done, five minutes to go.";
    S191 "next-week-ten-run-one" "Next: week ten, run one.";
    S192 "week-ten-run-one" "Week ten, run one.";
    S193 "next-week-ten-run-two" "Next: week ten, run two.";
    S194 "week-ten-run-two" "Week ten, run two.";
    S195 "next-week-ten-run-three" "Next: week ten, run three.";
    S196 "week-ten-run-three" "Week ten, run three.";
    S197 "one-hour-and-ten-minutes-of-running" "One hour and ten minutes of running.";
    S198 "run-one-hour-and-ten-minutes" "Run, one hour and ten minutes.";
    S199 "five-minutes-done-one-hour-and-five-minutes-to-go" "Five minutes done, one hour and five minutes to go.";
    S200 "ten-minutes-done-one-hour-to-go" "Ten minutes done, one hour to go.";
    S201 "fifteen-minutes-done-fifty-five-to-go" "Fifteen minutes done, fifty-five to go.";
    S202 "twenty-minutes-done-fifty-to-go" "Twenty minutes done, fifty to go.";
    S203 "twenty-five-minutes-done-forty-five-to-go" "Twenty-five minutes done, forty-five to go.";
    S204 "thirty-five-minutes-done-thirty-five-to-go" "Thirty-five minutes done, thirty-five to go.";
    S205 "forty-minutes-done-thirty-to-go" "Forty minutes done, thirty to go.";
    S206 "forty-five-minutes-done-twenty-five-to-go" "Forty-five minutes done, twenty-five to go.";
    S207 "fifty-minutes-done-twenty-to-go" "Fifty minutes done, twenty to go.";
    S208 "fifty-five-minutes-done-fifteen-to-go" "Fifty-five minutes done, fifteen to go.";
    S209 "one-hour-done-ten-minutes-to-go" "One hour done, ten minutes to go.";
    S210 "one-hour-and-five-minutes-done-five-minutes-to-go" "One hour and five minutes done, five minutes to go.";
    S211 "eight-repeats-of-four-minutes-running-and-one-minute-walking" "Eight repeats of four minutes running and one minute walking.";
    S212 "fourteen-repeats-of-four-minutes-running-and-one-minute-walking" "Fourteen repeats of four minutes running and one minute walking.";
    S213 "sixteen-repeats-of-four-minutes-running-and-one-minute-walking" "Sixteen repeats of four minutes running and one minute walking.";
    S214 "eighteen-repeats-of-four-minutes-running-and-one-minute-walking" "Eighteen repeats of four minutes running and one minute walking.";
    S215 "two-and-a-half-minutes-done-ninety-seconds-to-go" "Two and a half minutes done, ninety seconds to go.";
    S216 "seven-repeats-of-four-minutes-running-and-one-minute-walking" "Seven repeats of four minutes running and one minute walking.";
    S217 "twenty-repeats-of-four-minutes-running-and-one-minute-walking" "Twenty repeats of four minutes running and one minute walking.";
    S218 "twenty-two-repeats-of-four-minutes-running-and-one-minute-walking" "Twenty-two repeats of four minutes running and one minute walking.";
    S219 "eleven-repeats-of-four-minutes-running-and-one-minute-walking" "Eleven repeats of four minutes running and one minute walking.";
    S220 "twenty-four-repeats-of-four-minutes-running-and-one-minute-walking" "Twenty-four repeats of four minutes running and one minute walking.";
    S221 "nineteen-repeats-of-four-minutes-running-and-one-minute-walking" "Nineteen repeats of four minutes running and one minute walking.";
    S222 "twenty-six-repeats-of-four-minutes-running-and-one-minute-walking" "Twenty-six repeats of four minutes running and one minute walking.";
    S223 "twelve-repeats-of-four-minutes-running-and-one-minute-walking" "Twelve repeats of four minutes running and one minute walking.";
    S224 "twenty-seven-repeats-of-four-minutes-running-and-one-minute-walking" "Twenty-seven repeats of four minutes running and one minute walking.";
    S225 "next-week-eleven-run-one" "Next: week eleven, run one.";
    S226 "week-eleven-run-one" "Week eleven, run one.";
    S227 "next-week-eleven-run-two" "Next: week eleven, run two.";
    S228 "week-eleven-run-two" "Week eleven, run two.";
    S229 "next-week-eleven-run-three" "Next: week eleven, run three.";
    S230 "week-eleven-run-three" "Week eleven, run three.";
    S231 "twenty-eight-repeats-of-four-minutes-running-and-one-minute-walking" "Twenty-eight repeats of four minutes running and one minute walking.";
    S232 "next-week-twelve-run-one" "Next: week twelve, run one.";
    S233 "week-twelve-run-one" "Week twelve, run one.";
    S234 "next-week-twelve-run-two" "Next: week twelve, run two.";
    S235 "week-twelve-run-two" "Week twelve, run two.";
    S236 "next-week-twelve-run-three" "Next: week twelve, run three.";
    S237 "week-twelve-run-three" "Week twelve, run three.";
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
