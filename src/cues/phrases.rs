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
    S040 "eight-repeats-of-one-minute-running-and-ninety-seconds-walking" "Eight repeats of one minute running and ninety seconds walking.";
    S041 "run-five-minutes" "Run, five minutes.";
    S042 "eight-repeats-of-four-minutes-running-and-one-minute-walking" "Eight repeats of four minutes running and one minute walking.";
    S043 "forty-five-minutes-of-running" "Forty-five minutes of running.";
    S044 "run-forty-five-minutes" "Run, forty-five minutes.";
    S045 "five-minutes-done-forty-to-go" "Five minutes done, forty to go.";
    S046 "ten-minutes-done-thirty-five-to-go" "Ten minutes done, thirty-five to go.";
    S047 "fifteen-minutes-done-thirty-to-go" "Fifteen minutes done, thirty to go.";
    S048 "twenty-minutes-done-twenty-five-to-go" "Twenty minutes done, twenty-five to go.";
    S049 "twenty-five-minutes-done-twenty-to-go" "Twenty-five minutes done, twenty to go.";
    S050 "thirty-minutes-done-fifteen-to-go" "Thirty minutes done, fifteen to go.";
    S051 "thirty-five-minutes-done-ten-to-go" "Thirty-five minutes done, ten to go.";
    S052 "forty-minutes-done-five-to-go" "Forty minutes done, five to go.";
    S053 "last-run-five-minutes" "Last run, five minutes.";
    S054 "week-one-run-one" "Week one, run one.";
    S055 "next-week-one-run-two" "Next: week one, run two.";
    S056 "week-one-run-two" "Week one, run two.";
    S057 "next-week-one-run-three" "Next: week one, run three.";
    S058 "week-one-run-three" "Week one, run three.";
    S059 "week-two-run-one" "Week two, run one.";
    S060 "next-week-two-run-two" "Next: week two, run two.";
    S061 "week-two-run-two" "Week two, run two.";
    S062 "next-week-two-run-three" "Next: week two, run three.";
    S063 "week-two-run-three" "Week two, run three.";
    S064 "week-three-run-one" "Week three, run one.";
    S065 "next-week-three-run-two" "Next: week three, run two.";
    S066 "week-three-run-two" "Week three, run two.";
    S067 "next-week-three-run-three" "Next: week three, run three.";
    S068 "week-three-run-three" "Week three, run three.";
    S069 "week-four-run-one" "Week four, run one.";
    S070 "next-week-four-run-two" "Next: week four, run two.";
    S071 "week-four-run-two" "Week four, run two.";
    S072 "next-week-four-run-three" "Next: week four, run three.";
    S073 "week-four-run-three" "Week four, run three.";
    S074 "week-five-run-one" "Week five, run one.";
    S075 "next-week-five-run-two" "Next: week five, run two.";
    S076 "week-five-run-two" "Week five, run two.";
    S077 "week-five-run-three" "Week five, run three.";
    S078 "sixteen-minutes-of-running-in-all" "Sixteen minutes of running in all.";
    S079 "twenty-five-minutes-of-running" "Twenty-five minutes of running.";
    S080 "run-twenty-five-minutes" "Run, twenty-five minutes.";
    S081 "five-minutes-done-twenty-to-go" "Five minutes done, twenty to go.";
    S082 "ten-minutes-done-fifteen-to-go" "Ten minutes done, fifteen to go.";
    S083 "fifteen-minutes-done-ten-to-go" "Fifteen minutes done, ten to go.";
    S084 "twenty-minutes-done-five-to-go" "Twenty minutes done, five to go.";
    S085 "week-six-run-one" "Week six, run one.";
    S086 "week-six-run-two" "Week six, run two.";
    S087 "week-six-run-three" "Week six, run three.";
    S088 "week-seven-run-one" "Week seven, run one.";
    S089 "week-seven-run-two" "Week seven, run two.";
    S090 "week-seven-run-three" "Week seven, run three.";
    S091 "week-eight-run-one" "Week eight, run one.";
    S092 "next-week-eight-run-two" "Next: week eight, run two.";
    S093 "week-eight-run-two" "Week eight, run two.";
    S094 "next-week-eight-run-three" "Next: week eight, run three.";
    S095 "week-eight-run-three" "Week eight, run three.";
    S096 "week-nine-run-one" "Week nine, run one.";
    S097 "week-nine-run-two" "Week nine, run two.";
    S098 "week-nine-run-three" "Week nine, run three.";
    S099 "next-week-two-run-one" "Next: week two, run one.";
    S100 "next-week-three-run-one" "Next: week three, run one.";
    S101 "next-week-four-run-one" "Next: week four, run one.";
    S102 "next-week-five-run-one" "Next: week five, run one.";
    S103 "next-week-five-run-three" "Next: week five, run three.";
    S104 "six-repeats-of-ninety-seconds-running-and-two-minutes-walking" "Six repeats of ninety seconds running and two minutes walking.";
    S105 "last-run-ninety-seconds" "Last run, ninety seconds.";
    S106 "nine-minutes-of-running-in-all" "Nine minutes of running in all.";
    S107 "last-run-three-minutes" "Last run, three minutes.";
    S108 "walk-two-and-a-half-minutes" "Walk, two and a half minutes.";
    S109 "five-minutes-done-three-to-go" "Five minutes done, three to go.";
    S110 "twenty-eight-minutes-of-running" "Twenty-eight minutes of running.";
    S111 "run-twenty-eight-minutes" "Run, twenty-eight minutes.";
    S112 "five-minutes-done-twenty-three-to-go" "Five minutes done, twenty-three to go.";
    S113 "ten-minutes-done-eighteen-to-go" "Ten minutes done, eighteen to go.";
    S114 "fifteen-minutes-done-thirteen-to-go" "Fifteen minutes done, thirteen to go.";
    S115 "twenty-minutes-done-eight-to-go" "Twenty minutes done, eight to go.";
    S116 "twenty-five-minutes-done-three-to-go" "Twenty-five minutes done, three to go.";
    S117 "six-repeats-of-one-minute-running-and-two-minutes-walking" "Six repeats of one minute running and two minutes walking.";
    S118 "seven-repeats-of-one-minute-running-and-two-minutes-walking" "Seven repeats of one minute running and two minutes walking.";
    S119 "eight-repeats-of-one-minute-running-and-two-minutes-walking" "Eight repeats of one minute running and two minutes walking.";
    S120 "eight-repeats-of-one-minute-running-and-one-minute-and-forty-five-seconds-walking" "Eight repeats of one minute running and one minute and forty-five seconds walking.";
    S121 "fourteen-repeats-of-four-minutes-running-and-one-minute-walking" "Fourteen repeats of four minutes running and one minute walking.";
    S122 "eleven-repeats-of-four-minutes-running-and-one-minute-walking" "Eleven repeats of four minutes running and one minute walking.";
    S123 "nineteen-repeats-of-four-minutes-running-and-one-minute-walking" "Nineteen repeats of four minutes running and one minute walking.";
    S124 "week-ten-run-one" "Week ten, run one.";
    S125 "week-ten-run-two" "Week ten, run two.";
    S126 "twelve-repeats-of-four-minutes-running-and-one-minute-walking" "Twelve repeats of four minutes running and one minute walking.";
    S127 "week-ten-run-three" "Week ten, run three.";
    S128 "that-s-thirty-minutes-without-a-walk" "That's thirty minutes without a walk.";
    S129 "next-week-six-run-two" "Next: week six, run two.";
    S130 "next-week-six-run-three" "Next: week six, run three.";
    S131 "next-week-seven-run-two" "Next: week seven, run two.";
    S132 "next-week-seven-run-three" "Next: week seven, run three.";
    S133 "next-week-nine-run-one" "Next: week nine, run one.";
    S134 "next-week-nine-run-two" "Next: week nine, run two.";
    S135 "next-week-nine-run-three" "Next: week nine, run three.";
    S136 "run-eight-minutes" "Run, eight minutes.";
    S137 "five-minutes-done-five-to-go" "Five minutes done, five to go.";
    S138 "sixteen-repeats-of-four-minutes-running-and-one-minute-walking" "Sixteen repeats of four minutes running and one minute walking.";
    S139 "eighteen-repeats-of-four-minutes-running-and-one-minute-walking" "Eighteen repeats of four minutes running and one minute walking.";
    S140 "seven-repeats-of-four-minutes-running-and-one-minute-walking" "Seven repeats of four minutes running and one minute walking.";
    S141 "twenty-repeats-of-four-minutes-running-and-one-minute-walking" "Twenty repeats of four minutes running and one minute walking.";
    S142 "twenty-two-repeats-of-four-minutes-running-and-one-minute-walking" "Twenty-two repeats of four minutes running and one minute walking.";
    S143 "twenty-four-repeats-of-four-minutes-running-and-one-minute-walking" "Twenty-four repeats of four minutes running and one minute walking.";
    S144 "twenty-six-repeats-of-four-minutes-running-and-one-minute-walking" "Twenty-six repeats of four minutes running and one minute walking.";
    S145 "twenty-seven-repeats-of-four-minutes-running-and-one-minute-walking" "Twenty-seven repeats of four minutes running and one minute walking.";
    S146 "week-eleven-run-one" "Week eleven, run one.";
    S147 "week-eleven-run-two" "Week eleven, run two.";
    S148 "week-eleven-run-three" "Week eleven, run three.";
    S149 "twenty-eight-repeats-of-four-minutes-running-and-one-minute-walking" "Twenty-eight repeats of four minutes running and one minute walking.";
    S150 "week-twelve-run-one" "Week twelve, run one.";
    S151 "next-week-twelve-run-two" "Next: week twelve, run two.";
    S152 "week-twelve-run-two" "Week twelve, run two.";
    S153 "next-week-twelve-run-three" "Next: week twelve, run three.";
    S154 "week-twelve-run-three" "Week twelve, run three.";
    S155 "fifty-minutes-of-running" "Fifty minutes of running.";
    S156 "run-fifty-minutes" "Run, fifty minutes.";
    S157 "five-minutes-done-forty-five-to-go" "Five minutes done, forty-five to go.";
    S158 "ten-minutes-done-forty-to-go" "Ten minutes done, forty to go.";
    S159 "fifteen-minutes-done-thirty-five-to-go" "Fifteen minutes done, thirty-five to go.";
    S160 "twenty-minutes-done-thirty-to-go" "Twenty minutes done, thirty to go.";
    S161 "twenty-five-minutes-done-twenty-five-to-go" "Twenty-five minutes done, twenty-five to go.";
    S162 "thirty-minutes-done-twenty-to-go" "Thirty minutes done, twenty to go.";
    S163 "thirty-five-minutes-done-fifteen-to-go" "Thirty-five minutes done, fifteen to go.";
    S164 "forty-minutes-done-ten-to-go" "Forty minutes done, ten to go.";
    S165 "forty-five-minutes-done-five-to-go" "Forty-five minutes done, five to go.";
    S166 "fifty-five-minutes-of-running" "Fifty-five minutes of running.";
    S167 "run-fifty-five-minutes" "Run, fifty-five minutes.";
    S168 "five-minutes-done-fifty-to-go" "Five minutes done, fifty to go.";
    S169 "ten-minutes-done-forty-five-to-go" "Ten minutes done, forty-five to go.";
    S170 "fifteen-minutes-done-forty-to-go" "Fifteen minutes done, forty to go.";
    S171 "twenty-minutes-done-thirty-five-to-go" "Twenty minutes done, thirty-five to go.";
    S172 "twenty-five-minutes-done-thirty-to-go" "Twenty-five minutes done, thirty to go.";
    S173 "thirty-minutes-done-twenty-five-to-go" "Thirty minutes done, twenty-five to go.";
    S174 "thirty-five-minutes-done-twenty-to-go" "Thirty-five minutes done, twenty to go.";
    S175 "forty-minutes-done-fifteen-to-go" "Forty minutes done, fifteen to go.";
    S176 "forty-five-minutes-done-ten-to-go" "Forty-five minutes done, ten to go.";
    S177 "fifty-minutes-done-five-to-go" "Fifty minutes done, five to go.";
    S178 "one-hour-of-running" "One hour of running.";
    S179 "run-one-hour" "Run, one hour.";
    S180 "five-minutes-done-fifty-five-to-go" "Five minutes done, fifty-five to go.";
    S181 "ten-minutes-done-fifty-to-go" "Ten minutes done, fifty to go.";
    S182 "fifteen-minutes-done-forty-five-to-go" "Fifteen minutes done, forty-five to go.";
    S183 "twenty-minutes-done-forty-to-go" "Twenty minutes done, forty to go.";
    S184 "twenty-five-minutes-done-thirty-five-to-go" "Twenty-five minutes done, thirty-five to go.";
    S185 "thirty-minutes-done-thirty-to-go" "Thirty minutes done, thirty to go.";
    S186 "thirty-five-minutes-done-twenty-five-to-go" "Thirty-five minutes done, twenty-five to go.";
    S187 "forty-minutes-done-twenty-to-go" "Forty minutes done, twenty to go.";
    S188 "forty-five-minutes-done-fifteen-to-go" "Forty-five minutes done, fifteen to go.";
    S189 "fifty-minutes-done-ten-to-go" "Fifty minutes done, ten to go.";
    S190 "one-hour-and-five-minutes-of-running" "One hour and five minutes of running.";
    S191 "run-one-hour-and-five-minutes" "Run, one hour and five minutes.";
    S192 "five-minutes-done-one-hour-to-go" "Five minutes done, one hour to go.";
    S193 "ten-minutes-done-fifty-five-to-go" "Ten minutes done, fifty-five to go.";
    S194 "fifteen-minutes-done-fifty-to-go" "Fifteen minutes done, fifty to go.";
    S195 "twenty-minutes-done-forty-five-to-go" "Twenty minutes done, forty-five to go.";
    S196 "twenty-five-minutes-done-forty-to-go" "Twenty-five minutes done, forty to go.";
    S197 "thirty-minutes-done-thirty-five-to-go" "Thirty minutes done, thirty-five to go.";
    S198 "thirty-five-minutes-done-thirty-to-go" "Thirty-five minutes done, thirty to go.";
    S199 "forty-minutes-done-twenty-five-to-go" "Forty minutes done, twenty-five to go.";
    S200 "forty-five-minutes-done-twenty-to-go" "Forty-five minutes done, twenty to go.";
    S201 "fifty-minutes-done-fifteen-to-go" "Fifty minutes done, fifteen to go.";
    S202 "next-week-ten-run-two" "Next: week ten, run two.";
    S203 "next-week-ten-run-three" "Next: week ten, run three.";
    S204 "one-hour-and-ten-minutes-of-running" "One hour and ten minutes of running.";
    S205 "run-one-hour-and-ten-minutes" "Run, one hour and ten minutes.";
    S206 "five-minutes-done-one-hour-and-five-minutes-to-go" "Five minutes done, one hour and five minutes to go.";
    S207 "ten-minutes-done-one-hour-to-go" "Ten minutes done, one hour to go.";
    S208 "fifteen-minutes-done-fifty-five-to-go" "Fifteen minutes done, fifty-five to go.";
    S209 "twenty-minutes-done-fifty-to-go" "Twenty minutes done, fifty to go.";
    S210 "twenty-five-minutes-done-forty-five-to-go" "Twenty-five minutes done, forty-five to go.";
    S211 "thirty-minutes-done-forty-to-go" "Thirty minutes done, forty to go.";
    S212 "thirty-five-minutes-done-thirty-five-to-go" "Thirty-five minutes done, thirty-five to go.";
    S213 "forty-minutes-done-thirty-to-go" "Forty minutes done, thirty to go.";
    S214 "forty-five-minutes-done-twenty-five-to-go" "Forty-five minutes done, twenty-five to go.";
    S215 "fifty-minutes-done-twenty-to-go" "Fifty minutes done, twenty to go.";
    S216 "that-s-five-minutes-without-a-walk" "That's five minutes without a walk.";
    S217 "fifteen-minutes-of-running-in-all" "Fifteen minutes of running in all.";
    S218 "walk-five-minutes" "Walk, five minutes.";
    S219 "last-run-eight-minutes" "Last run, eight minutes.";
    S220 "twenty-minutes-of-running" "Twenty minutes of running.";
    S221 "run-twenty-minutes" "Run, twenty minutes.";
    S222 "five-minutes-done-fifteen-to-go" "Five minutes done, fifteen to go.";
    S223 "ten-minutes-done-ten-to-go" "Ten minutes done, ten to go.";
    S224 "fifteen-minutes-done-five-to-go" "Fifteen minutes done, five to go.";
    S225 "that-s-twenty-minutes-without-a-walk" "That's twenty minutes without a walk.";
    S226 "next-week-six-run-one" "Next: week six, run one.";
    S227 "eighteen-minutes-of-running-in-all" "Eighteen minutes of running in all.";
    S228 "twenty-minutes-of-running-in-all" "Twenty minutes of running in all.";
    S229 "run-ten-minutes" "Run, ten minutes.";
    S230 "last-run-ten-minutes" "Last run, ten minutes.";
    S231 "next-week-seven-run-one" "Next: week seven, run one.";
    S232 "next-week-eight-run-one" "Next: week eight, run one.";
}

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
        self >= Phrase::S001
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
