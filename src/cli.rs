//! The command line: clap definitions only. Turning these into library types and
//! running them happens in `cmd/`.

use chrono::{DateTime, FixedOffset, NaiveDate};
use clap::{Parser, Subcommand, ValueEnum};
use walkrun::config::RunDay;
use walkrun::plan::{Lift, Priority, AGES};

#[derive(Debug, Parser)]
#[command(
    name = "walkrun",
    version,
    about = "Walk-run interval coaching for people who lift",
    long_about = "Walk-run interval coaching for people who lift: progressive programs placed \
                  around your strength days, a checker for any plan, and audio-guided sessions."
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// List the built-in programs
    Programs(ProgramsArgs),
    /// Print a plan or program week by week
    Show(ShowArgs),
    /// Build a plan to your goal, or place a program, around your lift days
    Plan(PlanArgs),
    /// Check a plan against your lift days and the coaching rules
    Check(CheckArgs),
    /// Explain a rule: what it checks, why, and how to change it
    Explain(ExplainArgs),
    /// The journal: sessions done, how they felt, and how the plan is kept
    Log(LogArgs),
    /// Make a plan the current one (remembered in the data folder)
    Use(UseArgs),
    /// Decide the next session from the plan and the journal, and say why
    Next(NextArgs),
    /// Render sessions to audio files for a phone (MP3, Opus, FLAC, WAV): one, a week or a whole plan
    Render(RenderArgs),
    /// Play one session live: audio cues, a progress display, keys to pause and skip
    Run(RunArgs),
    /// The coach's phrases: list them to record your own voice, check a folder of recordings
    Voice(VoiceArgs),
    /// First run: a few questions, then your profile and a plan made for you
    Init(InitArgs),
    /// Export a plan to your calendar (.ics), a printable Markdown page, or watch workouts (.fit)
    Export(ExportArgs),
    /// Your profile: lifts, run days, age and more, set once (see `walkrun init`)
    Config(ConfigArgs),
    /// Print a shell completion script (bash, zsh, fish, powershell, elvish)
    Completions(CompletionsArgs),
    /// Print the manual page (roff), or write one page a command with --dir
    Manpage(ManpageArgs),
}

impl Command {
    /// The clock flags the command was given, for the context to set its
    /// clock from (commands without them run on `WALKRUN_NOW` or the
    /// system's clock).
    pub fn clock(&self) -> Option<&ClockArgs> {
        match self {
            Command::Plan(a) => Some(&a.clock),
            Command::Init(a) => Some(&a.clock),
            Command::Next(a) => Some(&a.clock),
            Command::Run(a) => Some(&a.clock),
            Command::Log(a) => match &a.action {
                Some(LogAction::Add(add)) => Some(&add.clock),
                Some(LogAction::Clear(clear)) => Some(&clear.clock),
                Some(LogAction::Import(import)) => Some(&import.clock),
                None => Some(&a.clock),
            },
            _ => None,
        }
    }
}

/// The clock, for rehearsals and tests: the same two flags on every command
/// that reads the day or the time.
#[derive(Debug, Clone, Default, clap::Args)]
pub struct ClockArgs {
    /// Act as of this moment (YYYY-MM-DDTHH:MM, local time) instead of now
    #[arg(long, value_name = "TIME", value_parser = parse_now, conflicts_with = "today")]
    pub now: Option<DateTime<FixedOffset>>,
    /// Act as of this date (YYYY-MM-DD) instead of today: the checks judge
    /// the whole day, and what is recorded is put at noon
    #[arg(long, value_name = "DATE", value_parser = parse_date)]
    pub today: Option<DateArg>,
}

/// What a plan is made for, shared by `plan` and `init` so that their flags
/// and help say the same.
#[derive(Debug, Clone, Default, clap::Args)]
pub struct GoalArgs {
    /// Where you want to get: 5k, 10k, half, or minutes of continuous running (30min, 60min)
    #[arg(long)]
    pub goal: Option<String>,
    /// What you can run today without stopping: walk, or e.g. "run 1m", "run 20m"
    #[arg(long)]
    pub level: Option<String>,
    /// How many weeks the plan has (default: the weeks the goal needs; init
    /// adds a quarter, room to repeat a week)
    #[arg(long, value_name = "N", conflicts_with = "race_date")]
    pub weeks: Option<usize>,
    /// Race day (YYYY-MM-DD): the plan tapers into the race, its last session
    #[arg(long, value_name = "DATE", value_parser = parse_date)]
    pub race_date: Option<DateArg>,
    /// The first day of week 1 (YYYY-MM-DD, today or tomorrow); default: next Monday
    #[arg(long, value_name = "DATE", value_parser = parse_date)]
    pub start: Option<DateArg>,
    /// When you can run: DAY, DAY@HH:MM (a start time) or DAY@HH:MM-HH:MM (a
    /// window), comma-separated, e.g. tue@18:00-21:00,sat (default: your
    /// profile's, else tue,thu,sat at a time walkrun picks)
    #[arg(long, value_name = "DAYS", value_delimiter = ',', value_parser = parse_run_day)]
    pub run_days: Vec<RunDay>,
    /// A weekly lift: DAY@HH:MM[+MINUTESm][:legs] (repeat for each)
    #[arg(long = "lift", value_name = "LIFT", value_parser = parse_lift)]
    pub lifts: Vec<Lift>,
    /// What comes first when a run and a lift share a day: endurance (run first, 6 hours apart) or strength (lift first, the run kept short) [possible values: endurance, strength]
    #[arg(long, value_parser = parse_priority)]
    pub priority: Option<Priority>,
    /// Your age: from 40, every fourth week is lighter; from 60, a gentler plan (default: your profile's)
    #[arg(long, value_parser = clap::value_parser!(u32).range(ages()))]
    pub age: Option<u32>,
    /// Keep walk breaks on purpose (run-walk-run) instead of building to continuous running
    #[arg(long)]
    pub run_walk: bool,
    /// The run-walk ratio RUN:WALK: 30s:30s, 1:1, 2:1 or 4:1 (minutes), or durations such as 30s:2m (walking with 30-second jogs); implies --run-walk [default: 4:1]
    #[arg(long, value_name = "RUN:WALK", value_parser = parse_ratio)]
    pub ratio: Option<walkrun::planning::engine::Ratio>,
    /// Runs a week (default: one per run day, at most 3)
    #[arg(long, value_name = "N")]
    pub runs_per_week: Option<usize>,
    /// Add an easy jog of up to 5 minutes straight after each lift, as a
    /// cool-down, once your runs are long enough for it to be easy
    #[arg(long)]
    pub cooldown_jog: bool,
}

/// The ages walkrun plans for, as clap's range takes them.
fn ages() -> std::ops::RangeInclusive<i64> {
    i64::from(*AGES.start())..=i64::from(*AGES.end())
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, ValueEnum)]
pub enum TalkArg {
    /// The action and its length at each change, one minute to go, a mark every 5 minutes
    Quiet,
    /// Also the intro and outro, thirty seconds to go, how much is left, a word every few minutes in long runs
    #[default]
    Normal,
    /// Also a word of encouragement in shorter runs
    Chatty,
}

#[derive(Debug, clap::Args)]
pub struct VoiceArgs {
    #[command(subcommand)]
    pub action: VoiceAction,
}

#[derive(Debug, Subcommand)]
pub enum VoiceAction {
    /// Every phrase: its id, the file to record it into, and what to say
    List(VoiceListArgs),
    /// Check a folder of recordings: missing, extra and unusable clips, and what falls back
    Check(VoiceCheckArgs),
}

#[derive(Debug, clap::Args)]
pub struct VoiceCheckArgs {
    /// The folder of WAV clips, as given to --voice
    pub dir: std::path::PathBuf,
    #[arg(long, value_enum, default_value_t = OutputFormat::Text)]
    pub format: OutputFormat,
}

#[derive(Debug, clap::Args)]
pub struct VoiceListArgs {
    #[arg(long, value_enum, default_value_t = OutputFormat::Text)]
    pub format: OutputFormat,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum OutputFormat {
    Text,
    Json,
}

#[derive(Debug, clap::Args)]
pub struct ShowArgs {
    /// A plan file, or the id of a built-in program (see `walkrun programs`);
    /// default: the current plan
    pub plan: Option<String>,
    /// Show only this week
    #[arg(long, value_name = "N")]
    pub week: Option<usize>,
    #[arg(long, value_enum, default_value_t = OutputFormat::Text)]
    pub format: OutputFormat,
    /// Draw the plan's progression: running a week and the longest run
    #[arg(long, conflicts_with_all = ["format", "week"])]
    pub chart: bool,
    #[command(flatten)]
    pub pace: PaceArgs,
}

/// The runner's pace, for the commands that time distances and give
/// treadmill speeds (show, export, render, run).
#[derive(Debug, Clone, Copy, clap::Args)]
pub struct PaceArgs {
    /// Your easy running pace, M:SS/km or M:SS/mi (e.g. 8:00/km): distances take their
    /// time at it, and runs and walks show their treadmill speed (default: your
    /// profile's pace, else the plan's, else an assumed 8:30/km)
    #[arg(long, value_name = "PACE", value_parser = parse_pace)]
    pub pace: Option<walkrun::plan::pace::Pace>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Deny {
    /// Fail (exit 1) on warnings as well as errors
    Warnings,
    /// Fail on anything, notes included
    Notes,
}

#[derive(Debug, clap::Args)]
pub struct CheckArgs {
    /// A plan file, or the id of a built-in program (default: the current plan)
    pub plan: Option<String>,
    /// A weekly lift, added to the plan's own: DAY@HH:MM[+MINUTESm][:legs],
    /// e.g. mon@07:00+60m:legs (repeat the flag for each lift)
    #[arg(long = "lift", value_name = "LIFT", value_parser = parse_lift)]
    pub lifts: Vec<Lift>,
    /// What comes first when both fall on one day
    #[arg(long, value_parser = parse_priority)]
    pub priority: Option<Priority>,
    /// The first day of week 1 (YYYY-MM-DD, today or tomorrow), replacing the plan's
    #[arg(long, value_name = "DATE", value_parser = parse_date)]
    pub start: Option<DateArg>,
    /// Your age, replacing the plan's: from 40, the deload rule applies
    #[arg(long, value_parser = clap::value_parser!(u32).range(ages()))]
    pub age: Option<u32>,
    /// The race the plan leads to, replacing the plan's `race`: checks the taper
    #[arg(long, value_name = "DATE", value_parser = parse_date)]
    pub race_date: Option<DateArg>,
    #[arg(long, value_enum, default_value_t = OutputFormat::Text)]
    pub format: OutputFormat,
    /// Exit 1 on findings at this level too, not only on errors
    #[arg(long, value_enum)]
    pub deny: Option<Deny>,
}

#[derive(Debug, clap::Args)]
pub struct ExplainArgs {
    /// A rule id, e.g. same-day-gap; without one, every rule is listed
    pub rule: Option<String>,
    #[arg(long, value_enum, default_value_t = OutputFormat::Text)]
    pub format: OutputFormat,
}

#[derive(Debug, clap::Args)]
pub struct ProgramsArgs {
    #[arg(long, value_enum, default_value_t = OutputFormat::Text)]
    pub format: OutputFormat,
}

#[derive(Debug, clap::Args)]
pub struct ConfigArgs {
    #[command(subcommand)]
    pub action: ConfigAction,
}

#[derive(Debug, Subcommand)]
pub enum ConfigAction {
    /// Print where the profile is read from ($WALKRUN_CONFIG moves it)
    Path(ConfigPathArgs),
    /// Print every setting, its value, and where it comes from
    Show(ConfigShowArgs),
}

#[derive(Debug, clap::Args)]
pub struct ConfigPathArgs {
    #[arg(long, value_enum, default_value_t = OutputFormat::Text)]
    pub format: OutputFormat,
}

#[derive(Debug, clap::Args)]
pub struct ConfigShowArgs {
    #[arg(long, value_enum, default_value_t = OutputFormat::Text)]
    pub format: OutputFormat,
}

#[derive(Debug, clap::Args)]
#[command(group(clap::ArgGroup::new("to").required(true).multiple(true).args(["ics", "markdown", "fit"])))]
pub struct ExportArgs {
    /// A plan file or built-in id, placed for --ics (default: the current
    /// plan; for --fit alone, Couch to 5K until you choose one)
    pub plan: Option<String>,
    /// Write an iCalendar file: one event a session, to import into a calendar app ("-" prints it)
    #[arg(long, value_name = "FILE.ics")]
    pub ics: Option<std::path::PathBuf>,
    /// Write a printable week-by-week Markdown page ("-" prints it)
    #[arg(long, value_name = "FILE.md")]
    pub markdown: Option<std::path::PathBuf>,
    /// Times in this IANA zone (e.g. Europe/London) instead of floating local times
    #[arg(long, value_name = "ZONE", requires = "ics")]
    pub tz: Option<String>,
    /// Add an event for each lift of each week
    #[arg(long, requires = "ics")]
    pub with_lifts: bool,
    /// An alarm this long before each session, e.g. 30m (sessions with no time: 08:00 that day)
    #[arg(long, value_name = "DURATION", requires = "ics")]
    pub remind: Option<String>,
    /// Write watch workouts (FIT): one file a session into the folder DIR/,
    /// or one FILE.fit with --session
    #[arg(long, value_name = "DIR/|FILE.fit")]
    pub fit: Option<std::path::PathBuf>,
    /// Only the sessions of week N (with --fit)
    #[arg(long, value_name = "N", requires = "fit", conflicts_with = "session")]
    pub week: Option<usize>,
    /// Only this session, as W3D2 (with --fit)
    #[arg(long, value_name = "W3D2", requires = "fit")]
    pub session: Option<String>,
    #[command(flatten)]
    pub pace: PaceArgs,
}

/// Each flag answers one of init's questions; with --age, --level and --goal
/// given it needs no terminal.
#[derive(Debug, clap::Args)]
pub struct InitArgs {
    #[command(flatten)]
    pub goal: GoalArgs,
    /// No lifts at all (instead of asking)
    #[arg(long, conflicts_with = "lifts")]
    pub no_lifts: bool,
    /// Your easy running pace, M:SS/km or M:SS/mi (e.g. 8:00/km), kept in the
    /// profile (instead of asking; the question may be skipped)
    #[arg(long, value_name = "PACE", value_parser = parse_pace)]
    pub pace: Option<walkrun::plan::pace::Pace>,
    /// How much the coach says during a run, kept in the profile (instead of asking)
    #[arg(long, value_enum)]
    pub talk: Option<TalkArg>,
    /// Write the plan here (default: plans/ in the data folder)
    #[arg(short, long, value_name = "FILE")]
    pub output: Option<std::path::PathBuf>,
    #[command(flatten)]
    pub clock: ClockArgs,
}

pub fn parse_run_day(s: &str) -> Result<RunDay, String> {
    s.parse()
}

#[derive(Debug, clap::Args)]
pub struct CompletionsArgs {
    /// The shell to complete for
    #[arg(value_enum)]
    pub shell: clap_complete::Shell,
}

#[derive(Debug, clap::Args)]
pub struct ManpageArgs {
    /// Write walkrun.1 and one page a command (walkrun-plan.1, ...) into this folder
    #[arg(long, value_name = "DIR")]
    pub dir: Option<std::path::PathBuf>,
}

pub fn parse_lift(s: &str) -> Result<Lift, String> {
    s.parse()
}

pub fn parse_clock(s: &str) -> Result<chrono::NaiveTime, String> {
    walkrun::plan::parse_time(s.trim())
}

pub fn parse_ratio(s: &str) -> Result<walkrun::planning::engine::Ratio, String> {
    s.parse()
}

pub fn parse_pace(s: &str) -> Result<walkrun::plan::pace::Pace, String> {
    s.parse()
        .map_err(|e: walkrun::plan::pace::PaceError| e.to_string())
}

pub fn parse_priority(s: &str) -> Result<Priority, String> {
    s.parse()
}

/// A moment: `2026-12-08T09:30` (local time), with seconds or an offset if
/// wanted (`2026-12-08T09:30:00+01:00`); a space may stand for the `T`.
pub fn parse_now(s: &str) -> Result<DateTime<FixedOffset>, String> {
    use chrono::TimeZone;
    let t = s.trim().replacen(' ', "T", 1);
    if let Ok(d) = chrono::DateTime::parse_from_rfc3339(&t) {
        return Ok(d);
    }
    let naive = ["%Y-%m-%dT%H:%M", "%Y-%m-%dT%H:%M:%S"]
        .iter()
        .find_map(|f| chrono::NaiveDateTime::parse_from_str(&t, f).ok())
        .ok_or_else(|| {
            format!(
                "expected a local time like 2026-12-08T09:30, found '{}'",
                short(s)
            )
        })?;
    chrono::Local
        .from_local_datetime(&naive)
        .earliest()
        .map(|d| d.fixed_offset())
        .ok_or_else(|| format!("{naive}: no such local time (a clock change)"))
}

/// At most 60 characters of what the user typed, for an error message.
fn short(s: &str) -> String {
    match s.char_indices().nth(60) {
        Some((i, _)) => format!("{}...", &s[..i]),
        None => s.to_string(),
    }
}

/// A date flag as typed: a day, or a word that names one on walkrun's clock
/// (which `--now` and `WALKRUN_NOW` move), so it is resolved by the
/// context, not here.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DateArg {
    On(NaiveDate),
    Today,
    Tomorrow,
}

impl DateArg {
    /// The day it names, with `today` being this day.
    pub fn on(self, today: NaiveDate) -> Result<NaiveDate, String> {
        match self {
            DateArg::On(d) => Ok(d),
            DateArg::Today => Ok(today),
            DateArg::Tomorrow => today
                .succ_opt()
                .ok_or_else(|| "tomorrow: past the last date walkrun knows".to_string()),
        }
    }
}

/// A date flag: `YYYY-MM-DD`, `today` or `tomorrow`.
pub fn parse_date(s: &str) -> Result<DateArg, String> {
    match s.trim().to_ascii_lowercase().as_str() {
        "today" => Ok(DateArg::Today),
        "tomorrow" => Ok(DateArg::Tomorrow),
        // The words are handled above, so the day given as today is never
        // used: only the library's checks of a written date are.
        _ => walkrun::plan::parse_date(s, NaiveDate::MIN).map(DateArg::On),
    }
}

#[derive(Debug, clap::Args)]
// With --reschedule, --goal (and --race-date, --run-walk) remake the plan
// from where the runner is: the group lets the two meet.
#[command(group(clap::ArgGroup::new("source").required(true).multiple(true).args(["goal", "program", "reschedule"])))]
// Only `plan` has a level to assume: `init` asks for one.
#[command(mut_arg("level", |a| a.default_value(DEFAULT_LEVEL)))]
pub struct PlanArgs {
    #[command(flatten)]
    pub goal: GoalArgs,
    /// Place a program instead: a built-in id (see `walkrun programs`) or a plan file
    #[arg(long, conflicts_with_all = ["goal", "reschedule", "level", "weeks", "race_date", "run_walk", "runs_per_week"])]
    pub program: Option<String>,
    /// Write the plan here (atomically) instead of printing it
    #[arg(short, long, value_name = "FILE")]
    pub output: Option<std::path::PathBuf>,
    /// Print the plan as TOML (text, the plan file) or as the JSON `show` prints
    #[arg(long, value_enum, default_value_t = OutputFormat::Text, conflicts_with_all = ["output", "reschedule"])]
    pub format: OutputFormat,
    /// Make the written plan your current one (see `walkrun use`); needs -o
    #[arg(long = "use", requires = "output")]
    pub use_it: bool,
    /// Your easy running pace, M:SS/km or M:SS/mi (e.g. 8:00/km): a race is
    /// then the time its distance takes you (default: your profile's)
    #[arg(long, value_name = "PACE", value_parser = parse_pace, conflicts_with = "program")]
    pub pace: Option<walkrun::plan::pace::Pace>,
    /// Move a placed plan's remaining sessions forward from today, after
    /// missed sessions (writes the plan file back, or to -o); with --goal,
    /// --race-date or --run-walk, a new plan from where you are, when the
    /// race no longer fits
    #[arg(long, value_name = "PLAN", conflicts_with_all = ["program", "start", "lifts", "run_days", "priority"])]
    pub reschedule: Option<String>,
    #[command(flatten)]
    pub clock: ClockArgs,
}

/// The level `walkrun plan` plans from when none is given.
pub const DEFAULT_LEVEL: &str = "run 1m";

#[derive(Debug, clap::Args)]
#[command(args_conflicts_with_subcommands = true)]
pub struct LogArgs {
    #[command(subcommand)]
    pub action: Option<LogAction>,
    /// Only this plan's sessions, with its adherence (default: all sessions,
    /// with the current plan's adherence)
    #[arg(long, value_name = "PLAN")]
    pub plan: Option<String>,
    #[arg(long, value_enum, default_value_t = OutputFormat::Text)]
    pub format: OutputFormat,
    #[command(flatten)]
    pub clock: ClockArgs,
    /// Draw weekly running, planned against done, and the longest run
    #[arg(long, conflicts_with = "format")]
    pub chart: bool,
    /// With --chart: how many weeks, up to this one
    #[arg(long, value_name = "N", default_value_t = 12, requires = "chart",
          value_parser = clap::value_parser!(u32).range(1..=520))]
    pub weeks: u32,
}

#[derive(Debug, Subcommand)]
pub enum LogAction {
    /// Record a session done away from the laptop (or, with --pain alone,
    /// pain that came or went between sessions)
    Add(LogAddArgs),
    /// Tell the coach the pain has gone, or that a doctor has cleared you
    /// to run: the rest it advised ends
    Clear(LogClearArgs),
    /// Read recorded runs into the journal: a watch's FIT activity, a GPX
    /// track, a TCX file, or a folder of them (those not imported yet)
    Import(LogImportArgs),
}

#[derive(Debug, clap::Args)]
pub struct LogImportArgs {
    /// Recordings (.fit, .gpx, .tcx), or folders of them (a watch's
    /// GARMIN/Activity/)
    #[arg(required = true, value_name = "FILE")]
    pub files: Vec<std::path::PathBuf>,
    /// The plan session it was, such as W1D2 (default: the session the
    /// coach advised for that day)
    #[arg(long, value_name = "W1D2")]
    pub session: Option<String>,
    /// The plan (default: the current plan, see `walkrun use`)
    #[arg(long, value_name = "PLAN")]
    pub plan: Option<String>,
    #[command(flatten)]
    pub clock: ClockArgs,
}

#[derive(Debug, clap::Args)]
pub struct LogClearArgs {
    /// A note kept with it ("physio says fine")
    #[arg(long)]
    pub note: Option<String>,
    #[command(flatten)]
    pub clock: ClockArgs,
}

#[derive(Debug, clap::Args)]
pub struct LogAddArgs {
    /// The session's address, such as W3D2
    #[arg(required_unless_present_any = ["steps", "pain"])]
    pub address: Option<String>,
    /// A session outside the plan, as steps (e.g. "run 20m"): logged as an
    /// extra session
    #[arg(long, value_name = "STEPS", conflicts_with_all = ["address", "plan"])]
    pub steps: Option<String>,
    /// How hard it felt, from 1 (easy) to 10 (all out)
    #[arg(long, value_name = "1-10")]
    pub effort: Option<String>,
    /// Any pain: none, niggle (you notice it, and it eases as you warm up)
    /// or sharp (sharp, growing as you run, or a limp). Without a session:
    /// pain that came since, or `none` for pain that has gone
    #[arg(long, value_name = "none|niggle|sharp")]
    pub pain: Option<String>,
    /// The day it was done (default: today)
    #[arg(long, value_name = "YYYY-MM-DD", value_parser = parse_date)]
    pub date: Option<DateArg>,
    /// The time it started (default: now for today, else noon), which the
    /// coach's rest and lift checks count from
    #[arg(long, value_name = "HH:MM", value_parser = parse_clock)]
    pub at: Option<chrono::NaiveTime>,
    #[command(flatten)]
    pub clock: ClockArgs,
    /// A free note
    #[arg(long)]
    pub note: Option<String>,
    /// The plan (default: the current plan, see `walkrun use`)
    #[arg(long, value_name = "PLAN")]
    pub plan: Option<String>,
    /// done, partial (ended early) or abandoned
    #[arg(long, default_value = "done")]
    pub outcome: String,
    /// You ran the plan's session, not the gentler bridge version the coach
    /// advised for it (which is what is logged otherwise)
    #[arg(long, conflicts_with = "steps")]
    pub full: bool,
    /// Time spent before stopping (12m, 12:30): needed for a partial session,
    /// optional for an abandoned one
    #[arg(long, value_name = "DURATION")]
    pub time: Option<String>,
    /// The session was a time trial, and its distance took this long (9:40):
    /// the time sets your pace
    #[arg(long, value_name = "M:SS")]
    pub trial: Option<String>,
}

#[derive(Debug, clap::Args)]
pub struct UseArgs {
    /// A plan file, or the id of a built-in program
    pub plan: String,
}

#[derive(Debug, clap::Args)]
pub struct NextArgs {
    /// A plan file or built-in id (default: the current plan)
    pub plan: Option<String>,
    #[arg(long, value_enum, default_value_t = OutputFormat::Text)]
    pub format: OutputFormat,
    #[command(flatten)]
    pub clock: ClockArgs,
}

#[derive(Debug, clap::Args)]
pub struct RenderArgs {
    /// A plan file or built-in program (default: the current plan, else couch-to-5k)
    pub plan: Option<String>,
    /// The session to render, as W3D2 (default: the one `walkrun next` picks)
    #[arg(long, value_name = "W3D2", conflicts_with_all = ["week", "all"])]
    pub session: Option<String>,
    /// Every session of week N, one file each, into the folder -o names
    #[arg(long, value_name = "N", conflicts_with = "all")]
    pub week: Option<usize>,
    /// Every session of the plan, one file each, into the folder -o names
    #[arg(long)]
    pub all: bool,
    /// The session as steps text instead of a plan, e.g. "warmup 5m, 8x(run 60s, walk 90s)"
    #[arg(long, value_name = "STEPS", conflicts_with_all = ["plan", "session", "week", "all"])]
    pub steps: Option<String>,
    /// The file to write (.mp3, .ogg/.opus, .flac, .wav), or a folder (ending in /) to
    /// write named files into; replaced whole, never left half-written
    #[arg(short, long, value_name = "FILE|DIR/")]
    pub output: std::path::PathBuf,
    /// The file format, whatever the extension says (default: by extension; mp3 for a folder)
    #[arg(long, value_enum, value_name = "FORMAT")]
    pub format: Option<AudioFormat>,
    /// A folder of your own recordings (run.wav, 25.wav, ... see `walkrun voice list`);
    /// phrases it lacks keep the built-in voice
    #[arg(long, value_name = "DIR")]
    pub voice: Option<std::path::PathBuf>,
    /// How much the coach says (default: your profile's `talk`, else normal)
    #[arg(long, value_enum)]
    pub talk: Option<TalkArg>,
    /// Sample rate in Hz (default 44100; 48000 for Opus)
    #[arg(long, value_name = "HZ")]
    pub rate: Option<u32>,
    /// 1 (mono) or 2 (stereo) (default: mono; stereo with --music)
    #[arg(long, value_name = "N")]
    pub channels: Option<u16>,
    #[command(flatten)]
    pub music: MusicArgs,
    /// Also print every cue with its time and what is said
    #[arg(short, long)]
    pub verbose: bool,
    #[command(flatten)]
    pub pace: PaceArgs,
}

/// Your music under the coach, for render and run.
#[derive(Debug, Clone, clap::Args)]
pub struct MusicArgs {
    /// A music file or folder (MP3, FLAC, Ogg Vorbis or Opus, WAV) to play under the cues,
    /// quieter while the coach speaks (default: your profile's `music`)
    #[arg(long, value_name = "FILE|DIR")]
    pub music: Option<std::path::PathBuf>,
    /// No music this time, even with a `music` folder in your profile
    #[arg(long, conflicts_with_all = ["music", "music_order", "music_volume"])]
    pub no_music: bool,
    /// The order a folder plays in (with --music or your profile's music)
    #[arg(long, value_enum, value_name = "ORDER", default_value_t = MusicOrderArg::Shuffle)]
    pub music_order: MusicOrderArg,
    /// The music's loudness in percent of walkrun's level (0 to 400)
    #[arg(long, value_name = "PERCENT", default_value_t = 100,
          value_parser = clap::value_parser!(u32).range(0..=400))]
    pub music_volume: u32,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum MusicOrderArg {
    /// A new order each time
    Shuffle,
    /// By file name
    Name,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum AudioFormat {
    Mp3,
    /// Ogg Opus
    Opus,
    /// Ogg Opus (the same as opus)
    Ogg,
    Flac,
    Wav,
}

#[derive(Debug, clap::Args)]
pub struct RunArgs {
    /// A plan file or built-in program (default: the current plan, else couch-to-5k)
    pub plan: Option<String>,
    /// The session to play, as W3D2 (week 3, its second session)
    #[arg(long, value_name = "W3D2", conflicts_with = "next")]
    pub session: Option<String>,
    /// The session the coach picks from the plan and the journal (the default)
    #[arg(long)]
    pub next: bool,
    /// A session as steps text instead of a plan, e.g. "8x(run 60s, walk 90s)"
    #[arg(long, value_name = "STEPS", conflicts_with_all = ["plan", "session", "next"])]
    pub steps: Option<String>,
    /// Cues on screen and the terminal bell, without the sound card
    #[arg(long, conflicts_with = "require_audio")]
    pub no_audio: bool,
    /// Fail (exit 3) when no audio device can be opened, instead of playing silently
    #[arg(long)]
    pub require_audio: bool,
    /// A folder of your own recordings (run.wav, 25.wav, ... see `walkrun voice list`);
    /// phrases it lacks keep the built-in voice
    #[arg(long, value_name = "DIR")]
    pub voice: Option<std::path::PathBuf>,
    /// How much the coach says (default: your profile's `talk`, else normal)
    #[arg(long, value_enum)]
    pub talk: Option<TalkArg>,
    /// Start even when now breaks a rule (a lift too close, a run yesterday),
    /// without asking
    #[arg(long)]
    pub force: bool,
    #[command(flatten)]
    pub clock: ClockArgs,
    #[command(flatten)]
    pub music: MusicArgs,
    #[command(flatten)]
    pub pace: PaceArgs,
}
