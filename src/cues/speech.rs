//! What the coach says, as words: durations and numbers composed from the
//! phrase clips ([`Phrase`]), and each kind of cue's wording at each level of
//! talk. Pure functions; [`crate::cues::timeline`] decides when each is said.

use std::fmt;
use std::str::FromStr;

use chrono::Weekday;

use crate::cues::phrases::Phrase;
use crate::plan::pace::{Paces, Unit};
use crate::plan::steps::{Distance, DistanceUnit, Kind, Session, Step};
use crate::plan::{Address, Plan, Purpose};

/// How much the coach says.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Default)]
pub enum Talk {
    /// The action and its length at each change, one minute to go, a bare
    /// mark every five minutes, halfway, the end: the fewest words that still
    /// tell a runner how long.
    Quiet,
    /// Also the intro and outro of a plan session, thirty seconds to go, how
    /// much is left at each mark, a word for the last run, and a word of
    /// encouragement or form between the marks of a long run.
    #[default]
    Normal,
    /// Also a word of encouragement in shorter runs.
    Chatty,
}

impl FromStr for Talk {
    type Err = String;
    fn from_str(s: &str) -> Result<Talk, String> {
        match s {
            "quiet" => Ok(Talk::Quiet),
            "normal" => Ok(Talk::Normal),
            "chatty" => Ok(Talk::Chatty),
            _ => Err(format!("expected quiet, normal or chatty, found '{s}'")),
        }
    }
}

impl fmt::Display for Talk {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Talk::Quiet => "quiet",
            Talk::Normal => "normal",
            Talk::Chatty => "chatty",
        })
    }
}

/// The session after this one, for the outro.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct NextSession {
    pub address: Address,
    pub day: Option<Weekday>,
}

/// What the coach knows about the session beyond its steps.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Script {
    pub talk: Talk,
    /// Set for a plan session: the intro names it.
    pub address: Option<Address>,
    pub purpose: Option<Purpose>,
    pub next: Option<NextSession>,
    /// The session's note, where the coach has the words for it.
    pub note: Option<Note>,
    /// The run without a walk this session reaches for the first time
    /// (see [`crate::cues::milestone`]), said when the run gets there.
    pub milestone: Option<crate::cues::milestone::Milestone>,
    /// The treadmill's speeds, said at each change, when the runner's pace
    /// is known.
    pub speeds: Option<Speeds>,
}

/// A treadmill's speeds, in tenths of a km/h or mph (75 is 7.5), as a
/// treadmill's display shows them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Speeds {
    pub run: u32,
    pub walk: u32,
    pub unit: Unit,
}

impl Speeds {
    /// The speeds of `paces`, in the running pace's unit.
    pub fn of(paces: &Paces) -> Speeds {
        let unit = paces.run.unit;
        Speeds {
            run: paces.run.speed_tenths(unit),
            walk: paces.walk.speed_tenths(unit),
            unit,
        }
    }

    /// The speed of a segment of `kind`, in tenths.
    pub fn for_kind(&self, kind: Kind) -> u32 {
        if kind.is_run() {
            self.run
        } else {
            self.walk
        }
    }
}

/// Tenths of a unit as a treadmill shows them: `7.5`, `10.0`.
pub fn tenths_text(tenths: u32) -> String {
    format!("{}.{}", tenths / 10, tenths % 10)
}

/// A session note the coach can say: the notes the planner writes. A note
/// the runner wrote is shown, not spoken: the voice is recorded phrases.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Note {
    LighterWeek,
    Taper,
    RaceWeek,
    ShakeOut,
    /// "Your first 17 minutes without stopping: ..."
    FirstContinuous {
        minutes: u32,
    },
    /// A time trial: comfortably hard, not flat out.
    TimeTrial,
    /// A time trial past 60: steady, a few words still possible.
    TimeTrialSteady,
}

impl Note {
    /// The note in a plan, when it is one the coach can say.
    pub fn read(note: &str) -> Option<Note> {
        let note = note.trim().to_lowercase();
        let fixed = [
            ("lighter week:", Note::LighterWeek),
            ("taper:", Note::Taper),
            ("race week:", Note::RaceWeek),
            ("shake-out:", Note::ShakeOut),
        ];
        if let Some(&(_, n)) = fixed.iter().find(|(start, _)| note.starts_with(start)) {
            return Some(n);
        }
        if note.starts_with(crate::planning::time_trial::NOTE_START) {
            return Some(if note.contains("could still say a few words") {
                Note::TimeTrialSteady
            } else {
                Note::TimeTrial
            });
        }
        let minutes = note
            .strip_prefix("your first ")?
            .strip_suffix(" minutes without stopping: slow enough to talk the whole way")?;
        // Whole minutes only: "17.5" has no clip.
        let minutes: u32 = minutes.parse().ok()?;
        (1..=999)
            .contains(&minutes)
            .then_some(Note::FirstContinuous { minutes })
    }

    fn words(self) -> Utterance {
        match self {
            Note::LighterWeek => one(Phrase::NoteLighterWeek),
            Note::Taper => one(Phrase::NoteTaper),
            Note::RaceWeek => one(Phrase::NoteRaceWeek),
            Note::ShakeOut => one(Phrase::NoteShakeOut),
            Note::TimeTrial => one(Phrase::NoteTimeTrial),
            Note::TimeTrialSteady => one(Phrase::NoteTimeTrialSteady),
            Note::FirstContinuous { minutes } => {
                let mut u = one(Phrase::NoteYourFirst);
                u.extend(Join::Tight, number(minutes));
                u.push(Join::Tight, Phrase::NoteWithoutStopping);
                u.push(Join::Tight, Phrase::NoteSlowEnough);
                u
            }
        }
    }
}

impl Script {
    pub fn new(talk: Talk) -> Script {
        Script {
            talk,
            ..Script::default()
        }
    }

    /// The script of `plan`'s session at `address`: named in the intro, and
    /// the session after it in the outro (on its weekday, if placed).
    pub fn for_plan_session(plan: &Plan, address: Address, talk: Talk) -> Script {
        let next = plan
            .sessions()
            .skip_while(|(a, _)| *a != address)
            .nth(1)
            .map(|(a, s)| NextSession {
                address: a,
                day: s.day,
            });
        let session = plan.session(address);
        Script {
            talk,
            address: Some(address),
            purpose: session.and_then(|s| s.purpose),
            next,
            note: session.and_then(|s| s.note.as_deref()).and_then(Note::read),
            milestone: None,
            speeds: None,
        }
    }
}

/// How a word follows the one before it: the pause between the clips, and
/// whether an utterance may be cut short there.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Join {
    /// The first word.
    Start,
    /// Within a phrase: "twenty-five minutes". Never cut here.
    Tight,
    /// A comma's pause: "Run, ninety seconds".
    Comma,
    /// Between sentences.
    Stop,
}

impl Join {
    /// The silence before the word, measured on the voice's own sentences
    /// (the pauses Piper leaves inside "twenty-five minutes", after "Run,"
    /// and between "Session complete." and "Well done.").
    pub fn pause_ms(self) -> u64 {
        match self {
            Join::Start => 0,
            Join::Tight => 50,
            Join::Comma => 280,
            Join::Stop => 350,
        }
    }

    /// Whether what comes before may be said alone.
    pub fn may_cut_before(self) -> bool {
        matches!(self, Join::Comma | Join::Stop)
    }
}

/// Words in order, each with how it joins the one before.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Utterance(pub Vec<(Join, Phrase)>);

impl Utterance {
    fn push(&mut self, join: Join, phrase: Phrase) -> &mut Self {
        let join = if self.0.is_empty() { Join::Start } else { join };
        self.0.push((join, phrase));
        self
    }

    /// Add `words`, the first joined by `join`, the rest as they are.
    fn extend(&mut self, join: Join, words: Utterance) -> &mut Self {
        for (i, (j, p)) in words.0.into_iter().enumerate() {
            self.push(if i == 0 { join } else { j }, p);
        }
        self
    }

    fn of(words: impl IntoIterator<Item = Phrase>) -> Utterance {
        let mut u = Utterance::default();
        for p in words {
            u.push(Join::Tight, p);
        }
        u
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

impl fmt::Display for Utterance {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&text(self.0.iter().copied()))
    }
}

/// The words as a sentence: joins as punctuation, sentences capitalised.
pub fn text(words: impl IntoIterator<Item = (Join, Phrase)>) -> String {
    let mut out = String::new();
    for (join, phrase) in words {
        let word = phrase.text();
        let ends = |s: &str| s.ends_with(['.', ':', '?', '!', ',']);
        let capital = match join {
            Join::Start => true,
            Join::Tight | Join::Comma => false,
            Join::Stop => true,
        };
        match join {
            Join::Start => {}
            Join::Tight => out.push(' '),
            Join::Comma if ends(&out) => out.push(' '),
            Join::Comma => out.push_str(", "),
            Join::Stop if ends(&out) => out.push(' '),
            Join::Stop => out.push_str(". "),
        }
        let mut chars = word.chars();
        if let (true, Some(c)) = (capital, chars.next()) {
            out.extend(c.to_uppercase());
            out.push_str(chars.as_str());
        } else {
            out.push_str(word);
        }
    }
    if !out.is_empty() && !out.ends_with(['.', '?', '!']) {
        out.push('.');
    }
    out
}

/// A number as words: 1 to 999 ("one hundred and twenty-five").
pub fn number(n: u32) -> Utterance {
    let mut u = Utterance::default();
    let (hundreds, rest) = (n / 100 % 10, n % 100);
    if hundreds > 0 {
        u.extend(Join::Tight, number(hundreds));
        u.push(Join::Tight, Phrase::Hundred);
        if rest > 0 {
            u.push(Join::Tight, Phrase::And);
        }
    }
    if rest > 0 {
        match Phrase::number(rest) {
            Some(p) => {
                u.push(Join::Tight, p);
            }
            None => {
                // 61 to 99 but not a ten: "seventy" "five".
                let tens = Phrase::number(rest / 10 * 10);
                let ones = Phrase::number(rest % 10);
                if let (Some(t), Some(o)) = (tens, ones) {
                    u.push(Join::Tight, t).push(Join::Tight, o);
                }
            }
        }
    }
    u
}

fn count(n: u64, one: Phrase, many: Phrase) -> Utterance {
    let mut u = number(u32::try_from(n).unwrap_or(u32::MAX));
    u.push(Join::Tight, if n == 1 { one } else { many });
    u
}

/// A length of time as a coach says it: "ninety seconds", "two minutes",
/// "two and a half minutes", "one minute and fifteen seconds", "one hour
/// and ten minutes". Any whole number of seconds from 1 s to 999 hours.
pub fn duration(seconds: u64) -> Utterance {
    let (h, m, s) = (seconds / 3600, seconds / 60 % 60, seconds % 60);
    let mut u = Utterance::default();
    if seconds < 60 || seconds == 90 {
        return count(seconds, Phrase::Second, Phrase::Seconds);
    }
    if h == 0 {
        if s == 30 && m >= 2 {
            u.extend(Join::Tight, number(m as u32));
            u.push(Join::Tight, Phrase::AndAHalf);
            u.push(Join::Tight, Phrase::Minutes);
            return u;
        }
        u.extend(Join::Tight, count(m, Phrase::Minute, Phrase::Minutes));
        if s > 0 {
            u.push(Join::Tight, Phrase::And);
            u.extend(Join::Tight, count(s, Phrase::Second, Phrase::Seconds));
        }
        return u;
    }
    if m == 30 && s == 0 {
        u.extend(Join::Tight, number(h as u32));
        u.push(Join::Tight, Phrase::AndAHalf);
        u.push(Join::Tight, Phrase::Hours);
        return u;
    }
    u.extend(Join::Tight, count(h, Phrase::Hour, Phrase::Hours));
    match (m, s) {
        (0, 0) => {}
        (m, 0) => {
            u.push(Join::Tight, Phrase::And);
            u.extend(Join::Tight, count(m, Phrase::Minute, Phrase::Minutes));
        }
        (0, s) => {
            u.push(Join::Tight, Phrase::And);
            u.extend(Join::Tight, count(s, Phrase::Second, Phrase::Seconds));
        }
        (m, s) => {
            u.extend(Join::Comma, count(m, Phrase::Minute, Phrase::Minutes));
            u.push(Join::Tight, Phrase::And);
            u.extend(Join::Tight, count(s, Phrase::Second, Phrase::Seconds));
        }
    }
    u
}

/// The action word said on a change.
pub fn action(kind: Kind, last_run: bool) -> Phrase {
    match kind {
        Kind::Run if last_run => Phrase::LastRun,
        Kind::Run => Phrase::Run,
        Kind::Walk => Phrase::Walk,
        Kind::Warmup => Phrase::WarmUp,
        Kind::Cooldown => Phrase::CoolDown,
    }
}

/// At a change: "Run, ninety seconds." / "Warm up, five minutes of brisk
/// walking." / "Last run, three minutes. You've got this." The action word
/// comes first: it is what starts on the change.
pub fn change(kind: Kind, seconds: u64, last_run: bool, talk: Talk) -> Utterance {
    let c = Change {
        kind,
        seconds,
        distance: None,
        speed: None,
        last_run,
        final_run: last_run,
    };
    change_with(c, talk, |_| true)
}

/// What the normal level says of a warm-up's or cool-down's walking.
fn walking_words(u: &mut Utterance, kind: Kind, talk: Talk) {
    match kind {
        Kind::Warmup if talk >= Talk::Normal => {
            u.push(Join::Tight, Phrase::BriskWalking);
        }
        Kind::Cooldown if talk >= Talk::Normal => {
            u.push(Join::Tight, Phrase::EasyWalking);
        }
        _ => {}
    }
}

/// A distance as a coach says it: "five kilometres", "one mile", "one point
/// five miles", "four hundred metres" (a distance under a kilometre written
/// in kilometres is said in metres, as a runner thinks of it).
pub fn distance(d: Distance) -> Utterance {
    let mut u = Utterance::default();
    let metres = d.metres();
    if d.unit == DistanceUnit::Metres || (d.unit == DistanceUnit::Km && metres < 1000) {
        if metres >= 1000 {
            return distance(Distance {
                thousandths: metres,
                unit: DistanceUnit::Km,
            });
        }
        u.extend(Join::Tight, number(metres as u32));
        u.push(Join::Tight, Phrase::Metres);
        return u;
    }
    let (one, many) = match d.unit {
        DistanceUnit::Mi => (Phrase::Mile, Phrase::Miles),
        _ => (Phrase::Kilometre, Phrase::Kilometres),
    };
    let mut u = decimal(d.thousandths);
    u.push(Join::Tight, if d.thousandths == 1000 { one } else { many });
    u
}

/// Thousandths as a number said: "five", "one point five", "zero point
/// two five". Whole parts up to 999.
fn decimal(thousandths: u64) -> Utterance {
    let whole = u32::try_from(thousandths / 1000)
        .unwrap_or(u32::MAX)
        .min(999);
    let mut u = if whole == 0 {
        one(Phrase::Zero)
    } else {
        number(whole)
    };
    let frac = format!("{:03}", thousandths % 1000);
    let frac = frac.trim_end_matches('0');
    if !frac.is_empty() {
        u.push(Join::Tight, Phrase::Point);
        for digit in frac.bytes() {
            let digit = u32::from(digit - b'0');
            u.push(Join::Tight, Phrase::number(digit).unwrap_or(Phrase::Zero));
        }
    }
    u
}

/// A treadmill's speed as the coach says it: "at seven point five".
pub fn speed(tenths: u32) -> Utterance {
    let mut u = one(Phrase::At);
    u.extend(Join::Tight, decimal(u64::from(tenths) * 100));
    u
}

/// The change into a segment, as the timeline knows it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Change {
    pub kind: Kind,
    pub seconds: u64,
    pub distance: Option<Distance>,
    /// The treadmill's speed, in tenths.
    pub speed: Option<u32>,
    /// The final run of a session with several ("Last run").
    pub last_run: bool,
    /// The session's final run, even its only one: a distance is then run
    /// "to the finish".
    pub final_run: bool,
}

/// At a change, with what the timeline knows beyond its length: the
/// distance ("Run to the finish, five kilometres.") and the treadmill's
/// speed ("Run, one minute, at seven point five."). Words the voice has no
/// clip for (`usable` says) are left out: the distance is then said as its
/// time, and a speed not at all, so a voice without the new clips says
/// what it always said.
pub fn change_with(c: Change, talk: Talk, usable: impl Fn(Phrase) -> bool) -> Utterance {
    let Change {
        kind,
        seconds,
        distance,
        speed: speed_tenths,
        last_run,
        final_run,
    } = c;
    let all = |u: &Utterance| u.0.iter().all(|&(_, p)| usable(p));
    let mut u = match distance {
        Some(d) => {
            let mut u = Utterance::default();
            if kind.is_run() && final_run {
                u.push(Join::Start, Phrase::Run);
                u.push(Join::Tight, Phrase::ToTheFinish);
            } else {
                u.push(Join::Start, action(kind, last_run));
            }
            u.extend(Join::Comma, self::distance(d));
            if all(&u) {
                u
            } else {
                change_words(kind, seconds, last_run)
            }
        }
        None => change_words(kind, seconds, last_run),
    };
    walking_words(&mut u, kind, talk);
    if let Some(t) = speed_tenths.filter(|&t| t > 0) {
        let words = speed(t);
        if all(&words) {
            u.extend(Join::Comma, words);
        }
    }
    if talk >= Talk::Normal && kind.is_run() && last_run {
        u.push(Join::Stop, Phrase::GotThis);
    }
    u
}

fn change_words(kind: Kind, seconds: u64, last_run: bool) -> Utterance {
    let mut u = Utterance::default();
    u.push(Join::Start, action(kind, last_run));
    u.extend(Join::Comma, duration(seconds));
    u
}

/// At a time trial's run: "Press N when the treadmill or watch shows the
/// distance." The runner's key ends it, and its time is the trial's.
pub fn press_n_at_the_distance(u: &mut Utterance) {
    u.push(Join::Stop, Phrase::PressNAtTheDistance);
}

/// Progress through a long segment: "ten minutes done, fifteen to go", or
/// at [`Talk::Quiet`] only "ten minutes done".
pub fn progress(done: u64, left: u64, talk: Talk) -> Utterance {
    let mut u = duration(done);
    u.push(Join::Tight, Phrase::Done);
    if talk >= Talk::Normal {
        // Whole minutes both sides: the unit is said once.
        let left_words =
            if done.is_multiple_of(60) && left.is_multiple_of(60) && done < 3600 && left < 3600 {
                number((left / 60) as u32)
            } else {
                duration(left)
            };
        u.extend(Join::Comma, left_words);
        u.push(Join::Tight, Phrase::ToGo);
    }
    u
}

/// The intro of a plan session: "Week three, run two. Five repeats of ninety
/// seconds running and two minutes walking.", what the session is for, and
/// its note ("Taper: shorter, to arrive at the race rested.").
pub fn intro(
    address: Address,
    purpose: Option<Purpose>,
    note: Option<Note>,
    session: &Session,
) -> Utterance {
    let mut u = Utterance::default();
    u.push(Join::Start, Phrase::Week);
    u.extend(Join::Tight, number(address.week as u32));
    u.push(Join::Comma, Phrase::RunNumber);
    u.extend(Join::Tight, number(address.session as u32));
    let summary = summary(session);
    if !summary.is_empty() {
        u.extend(Join::Stop, summary);
    }
    if let Some(p) = purpose {
        u.push(
            Join::Stop,
            match p {
                Purpose::Long => Phrase::ALongRun,
                Purpose::Easy => Phrase::AnEasyRun,
                // Walk-run sessions are "run-walk": "intervals" sounds like speedwork.
                Purpose::Intervals => Phrase::RunWalkToday,
                Purpose::Race => Phrase::RaceDay,
                Purpose::Cooldown => Phrase::AfterLift,
                Purpose::TimeTrial => Phrase::TimeTrialToday,
            },
        );
    }
    if let Some(n) = note {
        u.extend(Join::Stop, n.words());
    }
    u
}

/// The session's main work in a few words.
fn summary(session: &Session) -> Utterance {
    let main: Vec<&Step> = session
        .steps
        .iter()
        .filter(
            |s| !matches!(s, Step::Segment(g) if matches!(g.kind, Kind::Warmup | Kind::Cooldown)),
        )
        .collect();
    if let [Step::Repeat { count, steps }] = main.as_slice() {
        if let [Step::Segment(a), Step::Segment(b)] = steps.as_slice() {
            if a.kind == Kind::Run && b.kind == Kind::Walk && *count > 1 {
                let mut u = number(*count);
                u.push(Join::Tight, Phrase::RepeatsOf);
                u.extend(Join::Tight, duration(u64::from(a.seconds)));
                u.push(Join::Tight, Phrase::RunningAnd);
                u.extend(Join::Tight, duration(u64::from(b.seconds)));
                u.push(Join::Tight, Phrase::Walking);
                return u;
            }
        }
    }
    if let [Step::Segment(g)] = main.as_slice() {
        if g.kind == Kind::Run {
            let mut u = duration(u64::from(g.seconds));
            u.push(Join::Tight, Phrase::OfRunning);
            return u;
        }
    }
    let run = session.run_seconds();
    if run == 0 {
        return Utterance::default();
    }
    let mut u = duration(run);
    u.push(Join::Tight, Phrase::OfRunningInAll);
    u
}

/// The last words: "Session complete. Well done. Next: week three, run three,
/// on Saturday."
pub fn outro(script: &Script) -> Utterance {
    let mut u = Utterance::of([Phrase::SessionComplete]);
    if script.talk == Talk::Quiet {
        return u;
    }
    u.push(Join::Stop, Phrase::WellDone);
    if let Some(next) = script.next {
        u.push(Join::Stop, Phrase::Next);
        u.push(Join::Comma, Phrase::Week);
        u.extend(Join::Tight, number(next.address.week as u32));
        u.push(Join::Comma, Phrase::RunNumber);
        u.extend(Join::Tight, number(next.address.session as u32));
        if let Some(day) = next.day {
            u.push(Join::Comma, Phrase::On);
            u.push(Join::Tight, weekday(day));
        }
    }
    u
}

fn weekday(day: Weekday) -> Phrase {
    match day {
        Weekday::Mon => Phrase::Monday,
        Weekday::Tue => Phrase::Tuesday,
        Weekday::Wed => Phrase::Wednesday,
        Weekday::Thu => Phrase::Thursday,
        Weekday::Fri => Phrase::Friday,
        Weekday::Sat => Phrase::Saturday,
        Weekday::Sun => Phrase::Sunday,
    }
}

/// A milestone reached: "That's ten minutes without a walk. Your longest run
/// yet. Remember this one.", or for the plan's goal "... The run you trained
/// for: your goal. Remember this one."
pub fn milestone(m: crate::cues::milestone::Milestone) -> Utterance {
    let mut u = one(Phrase::MilestoneThats);
    u.extend(
        Join::Tight,
        number(u32::try_from(m.minutes()).unwrap_or(u32::MAX)),
    );
    u.push(Join::Tight, Phrase::MilestoneWithoutAWalk);
    u.push(
        Join::Stop,
        if m.goal {
            Phrase::MilestoneGoal
        } else {
            Phrase::MilestoneLongestYet
        },
    );
    u
}

/// The words of encouragement and form, said in turn and never twice in a
/// session: enough for every run a plan holds (a long run of an hour has
/// eleven slots). Form and safety come early, where a beginner tires first.
pub const CHEERS: [Phrase; 16] = [
    Phrase::Cheer3,
    Phrase::Cheer9,
    Phrase::Cheer1,
    Phrase::Cheer11,
    Phrase::Cheer14,
    Phrase::Cheer2,
    Phrase::Cheer10,
    Phrase::Cheer5,
    Phrase::Cheer13,
    Phrase::Cheer7,
    Phrase::Cheer12,
    Phrase::Cheer4,
    Phrase::Cheer15,
    Phrase::Cheer16,
    Phrase::Cheer6,
    Phrase::Cheer8,
];

/// `u` with each sentence the voice recorded whole ([`Phrase::whole`]) said
/// as that one clip, where `usable` says the bank has it (a runner's own
/// voice may not: then the sentence is composed from their clips).
pub fn recorded(u: &Utterance, usable: impl Fn(Phrase) -> bool) -> Utterance {
    let words = &u.0;
    let mut out = Utterance::default();
    let mut i = 0;
    while i < words.len() {
        let mut j = i + 1;
        while j < words.len() && words[j].0 != Join::Stop {
            j += 1;
        }
        let sentence = &words[i..j];
        let said = text(
            sentence
                .iter()
                .enumerate()
                .map(|(k, &(join, p))| (if k == 0 { Join::Start } else { join }, p)),
        );
        match Phrase::whole(&said).filter(|&p| usable(p)) {
            Some(p) if sentence.len() > 1 => out.0.push((sentence[0].0, p)),
            _ => out.0.extend(
                sentence
                    .iter()
                    .map(|&(join, p)| (join, p.stand_in().filter(|_| !usable(p)).unwrap_or(p))),
            ),
        }
        i = j;
    }
    out
}

pub fn one(phrase: Phrase) -> Utterance {
    Utterance::of([phrase])
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::plan::steps::parse;

    fn said(u: Utterance) -> String {
        u.to_string()
    }

    #[test]
    fn durations_as_a_coach_says_them() {
        for (secs, words) in [
            (1, "One second."),
            (45, "Forty-five seconds."),
            (60, "One minute."),
            (90, "Ninety seconds."),
            (75, "One minute and fifteen seconds."),
            (120, "Two minutes."),
            (150, "Two and a half minutes."),
            (605, "Ten minutes and five seconds."),
            (25 * 60, "Twenty-five minutes."),
            (3600, "One hour."),
            (5400, "One and a half hours."),
            (3600 + 600, "One hour and ten minutes."),
            (3600 + 7, "One hour and seven seconds."),
            (2 * 3600 + 61, "Two hours, one minute and one second."),
            (4 * 3600, "Four hours."),
        ] {
            assert_eq!(said(duration(secs)), words, "{secs} s");
        }
    }

    #[test]
    fn every_duration_the_grammar_allows_is_speakable() {
        for secs in 1..=u64::from(crate::plan::steps::MAX_SEGMENT_SECONDS) {
            let u = duration(secs);
            let t = u.to_string();
            assert!(!u.is_empty() && !t.contains("  "), "{secs}: {t}");
            assert!(u.0.iter().any(|(_, p)| matches!(
                p,
                Phrase::Second
                    | Phrase::Seconds
                    | Phrase::Minute
                    | Phrase::Minutes
                    | Phrase::Hour
                    | Phrase::Hours
            )));
        }
    }

    #[test]
    fn numbers_beyond_the_clips_are_composed() {
        assert_eq!(said(number(75)), "Seventy five.");
        assert_eq!(said(number(200)), "Two hundred.");
        assert_eq!(said(number(125)), "One hundred and twenty-five.");
        assert_eq!(said(number(60)), "Sixty.");
    }

    #[test]
    fn the_change_names_the_action_first_and_its_length() {
        assert_eq!(
            said(change(Kind::Run, 90, false, Talk::Normal)),
            "Run, ninety seconds."
        );
        assert_eq!(
            said(change(Kind::Warmup, 300, false, Talk::Normal)),
            "Warm up, five minutes of brisk walking."
        );
        assert_eq!(
            said(change(Kind::Run, 180, true, Talk::Normal)),
            "Last run, three minutes. You've got this."
        );
        assert_eq!(
            said(change(Kind::Run, 180, true, Talk::Quiet)),
            "Last run, three minutes."
        );
        assert_eq!(
            said(change(Kind::Cooldown, 300, false, Talk::Quiet)),
            "Cool down, five minutes."
        );
    }

    #[test]
    fn progress_intro_and_outro() {
        assert_eq!(
            said(progress(600, 900, Talk::Normal)),
            "Ten minutes done, fifteen to go."
        );
        assert_eq!(
            said(progress(300, 90, Talk::Normal)),
            "Five minutes done, ninety seconds to go."
        );
        assert_eq!(said(progress(600, 900, Talk::Quiet)), "Ten minutes done.");
        let s = parse("warmup 5m, 5x(run 90s, walk 2m), cooldown 5m").unwrap();
        let a = Address {
            week: 3,
            session: 2,
        };
        assert_eq!(
            said(intro(a, None, None, &s)),
            "Week three, run two. Five repeats of ninety seconds running and two minutes walking."
        );
        let long = parse("warmup 5m, run 40m, cooldown 5m").unwrap();
        assert_eq!(
            said(intro(a, Some(Purpose::Long), None, &long)),
            "Week three, run two. Forty minutes of running. Your long run today: easy and steady."
        );
        let mixed = parse("run 5m, walk 1m, run 3m").unwrap();
        assert_eq!(
            said(intro(a, None, None, &mixed)),
            "Week three, run two. Eight minutes of running in all."
        );
        let mut script = Script::new(Talk::Normal);
        script.next = Some(NextSession {
            address: Address {
                week: 3,
                session: 3,
            },
            day: Some(Weekday::Sat),
        });
        assert_eq!(
            said(outro(&script)),
            "Session complete. Well done. Next: week three, run three, on Saturday."
        );
        script.talk = Talk::Quiet;
        assert_eq!(said(outro(&script)), "Session complete.");
    }

    #[test]
    fn the_planners_notes_are_said_in_the_intro_and_a_runners_own_are_not() {
        let a = Address {
            week: 6,
            session: 3,
        };
        let long = parse("warmup 5m, run 17m, cooldown 5m").unwrap();
        let note =
            Note::read("your first 17 minutes without stopping: slow enough to talk the whole way");
        assert_eq!(
            said(intro(a, Some(Purpose::Long), note, &long)),
            "Week six, run three. Seventeen minutes of running. Your long run today: easy and \
             steady. Your first seventeen minutes without stopping: slow enough to talk the whole way."
        );
        for (text, words) in [
            (
                "lighter week: let the training sink in",
                "Lighter week: let the training sink in.",
            ),
            (
                "taper: shorter, to arrive at the race rested",
                "Taper: shorter, to arrive at the race rested.",
            ),
            (
                "race week: short and easy, to keep the legs used to running",
                "Race week: short and easy, to keep the legs used to running.",
            ),
            (
                "shake-out: easy, to loosen the legs before the race",
                "Shake-out: easy, to loosen the legs before the race.",
            ),
        ] {
            let n = Note::read(text).unwrap();
            assert_eq!(said(n.words()), words);
        }
        assert_eq!(Note::read("bring water, it is hot"), None);
        assert_eq!(
            Note::read(
                "your first 17.5 minutes without stopping: slow enough to talk the whole way"
            ),
            None
        );
    }

    #[test]
    fn sentences_recorded_whole_replace_their_words_and_keep_the_rest() {
        let u = change(Kind::Run, 60, true, Talk::Normal);
        let whole = recorded(&u, |_| true);
        assert_eq!(whole.0.len(), 2, "{whole:?}");
        assert_eq!(
            whole.0[0],
            (Join::Start, Phrase::whole("Last run, one minute.").unwrap())
        );
        assert_eq!(whole.0[1], (Join::Stop, Phrase::GotThis));
        assert_eq!(whole.to_string(), u.to_string());
        // Not in the bank (a runner's own voice): composed as before.
        assert_eq!(recorded(&u, |p| !p.is_whole()), u);
        // An odd length has no whole clip.
        let odd = progress(300, 2533, Talk::Normal);
        assert_eq!(recorded(&odd, |_| true), odd);
    }

    #[test]
    fn a_milestone_in_words() {
        use crate::cues::milestone::Milestone;
        assert_eq!(
            said(milestone(Milestone {
                seconds: 600,
                goal: false
            })),
            "That's ten minutes without a walk. Your longest run yet. Remember this one."
        );
        assert_eq!(
            said(milestone(Milestone {
                seconds: 25 * 60 + 30,
                goal: true
            })),
            "That's twenty-five minutes without a walk. The run you trained for: your goal. Remember this one."
        );
    }

    #[test]
    fn talk_levels_read_and_print() {
        for t in [Talk::Quiet, Talk::Normal, Talk::Chatty] {
            assert_eq!(t.to_string().parse::<Talk>(), Ok(t));
        }
        assert!("loud".parse::<Talk>().is_err());
        assert_eq!(Talk::default(), Talk::Normal);
    }

    #[test]
    fn distances_and_speeds_in_words() {
        use crate::plan::steps::{Distance, DistanceUnit};
        let d = |thousandths, unit| distance(Distance { thousandths, unit }).to_string();
        assert_eq!(d(5000, DistanceUnit::Km), "Five kilometres.");
        assert_eq!(d(1000, DistanceUnit::Km), "One kilometre.");
        assert_eq!(d(1500, DistanceUnit::Mi), "One point five miles.");
        assert_eq!(d(400, DistanceUnit::Km), "Four hundred metres.");
        assert_eq!(d(400_000, DistanceUnit::Metres), "Four hundred metres.");
        assert_eq!(
            d(1_200_000, DistanceUnit::Metres),
            "One point two kilometres."
        );
        assert_eq!(d(250, DistanceUnit::Mi), "Zero point two five miles.");
        assert_eq!(speed(75).to_string(), "At seven point five.");
        assert_eq!(speed(100).to_string(), "At ten.");
    }

    #[test]
    fn a_change_without_clips_for_the_new_words_says_what_it_always_said() {
        use crate::plan::steps::Distance;
        let c = Change {
            kind: Kind::Run,
            seconds: 2400,
            distance: Some(Distance::km(5)),
            speed: Some(75),
            last_run: false,
            final_run: true,
        };
        assert_eq!(
            change_with(c, Talk::Normal, |_| true).to_string(),
            "Run to the finish, five kilometres, at seven point five."
        );
        let old = |p: Phrase| !crate::cues::phrases::SINGLE_WORDS_AFTER.contains(&p);
        assert_eq!(
            change_with(c, Talk::Normal, old).to_string(),
            "Run, forty minutes."
        );
        assert_eq!(
            change_with(c, Talk::Normal, old).0,
            change(Kind::Run, 2400, false, Talk::Normal).0
        );
    }
}
