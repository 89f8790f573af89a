//! What a command reads from the world around it, each read at most once:
//! the clock, the data folder, the profile, the journal and the current plan.
//!
//! `main` builds one [`Ctx`] and hands it to the command. The clock is set
//! at the start (a malformed `WALKRUN_NOW` stops every command alike, with
//! one line and exit 2, rather than some commands quietly using the system's
//! clock); everything else is read on first use and kept, so a session that
//! asks for the journal before it starts, while it plays and after it ends
//! reads the file once and sees its own entry in what it kept.

use std::cell::OnceCell;
use std::path::{Path, PathBuf};

use chrono::{DateTime, FixedOffset, Local, NaiveDate, NaiveDateTime, NaiveTime, TimeZone};
use walkrun::coach::when::AsOf;
use walkrun::config::{self, Profile};
use walkrun::history::{self, Entry, History, Journal, PlanRef, Record, Scan, Target};
use walkrun::Plan;

use super::Failure;
use crate::cli::{parse_now, ClockArgs, DateArg};

/// The environment variable that sets the clock, for tests and rehearsals:
/// a local time like `2026-12-08T09:30`, or one with an offset.
pub const NOW_VAR: &str = "WALKRUN_NOW";

/// The runner's clock: a moment, or a whole day (`--today`, a date given
/// without a time).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Clock {
    At(DateTime<FixedOffset>),
    Day(NaiveDate),
}

impl Clock {
    /// `--now`, else `--today`, else `world` (`$WALKRUN_NOW`, else the
    /// system's clock). `--today tomorrow` counts from `world`.
    pub fn from_flags(
        flags: Option<&ClockArgs>,
        world: DateTime<FixedOffset>,
    ) -> Result<Clock, Failure> {
        let (now, today) = flags.map_or((None, None), |c| (c.now, c.today));
        Ok(match (now, today) {
            (Some(t), _) => Clock::At(t),
            (None, Some(d)) => Clock::Day(d.on(world.date_naive()).map_err(Failure::bad_input)?),
            (None, None) => Clock::At(world),
        })
    }

    pub fn today(&self) -> NaiveDate {
        match self {
            Clock::At(t) => t.date_naive(),
            Clock::Day(d) => *d,
        }
    }

    /// What the coach judges: the moment, or the whole day.
    pub fn as_of(&self) -> AsOf {
        match self {
            Clock::At(t) => AsOf::Moment(t.naive_local()),
            Clock::Day(d) => AsOf::Day(*d),
        }
    }

    /// A moment to record things at: the moment, or for a day alone its
    /// noon, the time `log add` gives a session on a day other than today.
    pub fn now(&self) -> DateTime<FixedOffset> {
        match self {
            Clock::At(t) => *t,
            Clock::Day(d) => local(d.and_time(NOON)),
        }
    }

    /// The latest moment that is not in the future: the moment, or for a
    /// day alone its last minute.
    pub fn latest(&self) -> DateTime<FixedOffset> {
        match self {
            Clock::At(t) => *t,
            Clock::Day(d) => local(d.and_time(LAST_MINUTE)),
        }
    }

    /// The day a date flag names (`today` and `tomorrow` on this clock).
    pub fn date(&self, arg: DateArg) -> Result<NaiveDate, Failure> {
        arg.on(self.today()).map_err(Failure::bad_input)
    }
}

const NOON: NaiveTime = match NaiveTime::from_hms_opt(12, 0, 0) {
    Some(t) => t,
    None => NaiveTime::MIN,
};

const LAST_MINUTE: NaiveTime = match NaiveTime::from_hms_opt(23, 59, 0) {
    Some(t) => t,
    None => NaiveTime::MIN,
};

/// A local time as a moment; one a clock change skips is read as UTC
/// rather than refused (only noon and the last minute of a day come here).
fn local(t: NaiveDateTime) -> DateTime<FixedOffset> {
    Local
        .from_local_datetime(&t)
        .earliest()
        .map_or_else(|| t.and_utc().fixed_offset(), |l| l.fixed_offset())
}

/// `$WALKRUN_NOW`, else the system's clock. Set but not a time (or not
/// text), it is bad input: never a quiet fall-back.
fn from_env() -> Result<DateTime<FixedOffset>, Failure> {
    match std::env::var_os(NOW_VAR) {
        None => Ok(Local::now().fixed_offset()),
        Some(v) if v.is_empty() => Ok(Local::now().fixed_offset()),
        Some(v) => match v.to_str() {
            Some(text) if text.trim().is_empty() => Ok(Local::now().fixed_offset()),
            Some(text) => parse_now(text).map_err(|e| Failure::bad_input(format!("{NOW_VAR}: {e}"))),
            None => Err(Failure::bad_input(format!(
                "{NOW_VAR}: expected a local time like 2026-12-08T09:30, found text that is not UTF-8"
            ))),
        },
    }
}

/// The current plan as `walkrun use` left it: what it names, and the plan
/// or why it cannot be read (`log` goes on without it, others stop).
#[derive(Debug)]
pub struct Current {
    pub plan_ref: PlanRef,
    pub plan: Result<Plan, Failure>,
}

/// What one command reads, each once. Commands take it as `&mut Ctx`; the
/// readers take `&self` (they fill cells), so a command can hold the
/// profile and the journal at once.
#[derive(Debug)]
pub struct Ctx {
    /// The runner's clock, as the flags set it.
    pub clock: Clock,
    /// Today by `$WALKRUN_NOW` or the system's clock, whatever the flags
    /// say: what "too far ahead" for a plan's dates is measured from, so a
    /// rehearsal with `--today` cannot place a plan where a file cannot
    /// hold it.
    pub world_today: NaiveDate,
    data_dir: OnceCell<PathBuf>,
    config_path: OnceCell<PathBuf>,
    profile: OnceCell<Profile>,
    journal: OnceCell<Journal>,
    scan: OnceCell<Scan>,
    history: OnceCell<History>,
    current: OnceCell<Option<Current>>,
}

impl Ctx {
    /// The context of a command given these clock flags. `$WALKRUN_NOW` is
    /// read whatever they say, so a malformed one is refused alike by every
    /// command.
    pub fn new(clock: Option<&ClockArgs>) -> Result<Ctx, Failure> {
        let world = from_env()?;
        Ok(Ctx::with_clock(
            Clock::from_flags(clock, world)?,
            world.date_naive(),
        ))
    }

    pub fn with_clock(clock: Clock, world_today: NaiveDate) -> Ctx {
        Ctx {
            clock,
            world_today,
            data_dir: OnceCell::new(),
            config_path: OnceCell::new(),
            profile: OnceCell::new(),
            journal: OnceCell::new(),
            scan: OnceCell::new(),
            history: OnceCell::new(),
            current: OnceCell::new(),
        }
    }

    /// The folder of the journal and the current plan (`$WALKRUN_HOME`, else
    /// the platform's data folder).
    pub fn data_dir(&self) -> Result<&Path, Failure> {
        if let Some(d) = self.data_dir.get() {
            return Ok(d);
        }
        let d = history::data_dir()?;
        Ok(self.data_dir.get_or_init(|| d))
    }

    /// Where the profile is read from.
    pub fn config_path(&self) -> Result<&Path, Failure> {
        if let Some(p) = self.config_path.get() {
            return Ok(p);
        }
        let p = config::config_path().map_err(Failure::runtime)?;
        Ok(self.config_path.get_or_init(|| p))
    }

    /// The profile (empty when there is no file). A malformed profile is bad
    /// input: the message names its file, line and column. So is one that
    /// reads but is no profile (not text, or far too large); only a file
    /// that cannot be read at all is a runtime failure.
    pub fn profile(&self) -> Result<&Profile, Failure> {
        if let Some(p) = self.profile.get() {
            return Ok(p);
        }
        let p = Profile::load(self.config_path()?).map_err(|e| match e {
            config::ConfigError::Read { ref source, .. }
                if source.kind() == std::io::ErrorKind::InvalidData =>
            {
                Failure::bad_input(e)
            }
            config::ConfigError::Read { .. } | config::ConfigError::NoConfigDir => {
                Failure::runtime(e)
            }
            config::ConfigError::Invalid { .. } => Failure::bad_input(e),
        })?;
        Ok(self.profile.get_or_init(|| p))
    }

    /// The journal in the data folder, for recording into.
    pub fn journal(&self) -> Result<&Journal, Failure> {
        if let Some(j) = self.journal.get() {
            return Ok(j);
        }
        let j = Journal::at(self.data_dir()?);
        Ok(self.journal.get_or_init(|| j))
    }

    /// The journal indexed, for streaming its entries (`log`, `next`): read
    /// on first use. Its warnings are the caller's to print.
    pub fn scan(&self) -> Result<&Scan, Failure> {
        if let Some(s) = self.scan.get() {
            return Ok(s);
        }
        let s = self.journal()?.scan();
        Ok(self.scan.get_or_init(|| s))
    }

    /// Every entry in memory, from the same read as [`Ctx::scan`], with the
    /// sessions this command recorded since.
    pub fn history(&self) -> Result<&History, Failure> {
        if let Some(h) = self.history.get() {
            return Ok(h);
        }
        let scan = self.scan()?;
        let h = History {
            entries: scan.entries().collect(),
            checks: scan.checks.clone(),
            warnings: scan.warnings.clone(),
        };
        Ok(self.history.get_or_init(|| h))
    }

    /// Append one record to the journal. What was read before no longer
    /// holds all of it, so it is let go: a later read reads again.
    pub fn append(&mut self, record: &Record) -> Result<Target, Failure> {
        let target = self.journal()?.append(record)?;
        self.scan.take();
        self.history.take();
        Ok(target)
    }

    /// A session the recorder finished: kept with the entries read, in
    /// order, so what comes next is decided with it and without reading the
    /// journal again. The index no longer matches the file and goes.
    pub fn recorded(&mut self, entry: Entry) {
        self.scan.take();
        if let Some(h) = self.history.get_mut() {
            // After every entry that started no later: the order a read
            // would give (by start, then by where it was written).
            let at = h.entries.partition_point(|e| e.started <= entry.started);
            h.entries.insert(at, entry);
        }
    }

    /// The current plan, if one was chosen (`walkrun use`, `init`).
    pub fn current(&self) -> Result<Option<&Current>, Failure> {
        if let Some(c) = self.current.get() {
            return Ok(c.as_ref());
        }
        let c = history::current_plan(self.data_dir()?)?.map(|plan_ref| Current {
            plan: plan_ref.load().map_err(Failure::from),
            plan_ref,
        });
        Ok(self.current.get_or_init(|| c).as_ref())
    }

    /// Make a plan the current one; the one kept is let go.
    pub fn set_current(&mut self, plan_ref: &PlanRef) -> Result<(), Failure> {
        history::set_current_plan(self.data_dir()?, plan_ref)?;
        self.current.take();
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").expect("date")
    }

    #[test]
    fn a_day_alone_is_judged_whole_and_recorded_at_noon() {
        let c = Clock::Day(day("2026-12-08"));
        assert_eq!(c.today(), day("2026-12-08"));
        assert_eq!(c.as_of(), AsOf::Day(day("2026-12-08")));
        assert_eq!(c.now().naive_local().time(), NOON);
        assert!(c.latest() > c.now());
        assert_eq!(c.date(DateArg::Tomorrow).ok(), Some(day("2026-12-09")));
    }

    #[test]
    fn a_flag_moment_wins_and_words_count_from_the_clock() {
        let t = parse_now("2026-12-08T09:30").expect("time");
        let flags = ClockArgs {
            now: Some(t),
            today: None,
        };
        let world = parse_now("2030-01-01T08:00").expect("time");
        let c = Clock::from_flags(Some(&flags), world).expect("clock");
        assert_eq!(c, Clock::At(t));
        assert_eq!(c.date(DateArg::Today).ok(), Some(day("2026-12-08")));
        assert_eq!(c.as_of(), AsOf::Moment(t.naive_local()));
        let flags = ClockArgs {
            now: None,
            today: Some(DateArg::Tomorrow),
        };
        let c = Clock::from_flags(Some(&flags), world).expect("clock");
        assert_eq!(c, Clock::Day(day("2030-01-02")));
    }
}
