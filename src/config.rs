//! The runner's profile: what they set once and should not have to type again
//! (lifts, run days, age, priority, voice and music folders, how much the coach
//! talks). A TOML file in the user's config folder; every setting remembers the
//! line it was written on, so `walkrun config show` can say where it came from
//! and a bad value is reported at its place in the file.
//!
//! The profile is only a default: the command line always wins. Merging the two
//! happens at the edge (`cmd/settings.rs`); nothing here knows about flags.

use std::path::{Path, PathBuf};

use serde::Deserialize;
use thiserror::Error;

use crate::cues::speech::Talk;
use crate::plan::{self, parse_time, parse_weekday, weekday_name, Lift, Location, Priority};

/// The environment variable naming the config file (tests use it).
pub const CONFIG_VAR: &str = "WALKRUN_CONFIG";
/// The file's name inside the config folder (or inside `$WALKRUN_HOME`).
pub const FILE_NAME: &str = "config.toml";

/// Where the profile lives: `$WALKRUN_CONFIG`; else `config.toml` in
/// `$WALKRUN_HOME` when that moves walkrun's files; else the platform's config
/// folder (`~/.config/walkrun/config.toml` on Linux).
pub fn config_path() -> Result<PathBuf, ConfigError> {
    if let Some(p) = std::env::var_os(CONFIG_VAR).filter(|p| !p.is_empty()) {
        return Ok(PathBuf::from(p));
    }
    if let Some(home) = std::env::var_os(crate::history::HOME_VAR).filter(|p| !p.is_empty()) {
        return Ok(PathBuf::from(home).join(FILE_NAME));
    }
    directories::ProjectDirs::from("", "", "walkrun")
        .map(|d| d.config_dir().join(FILE_NAME))
        .ok_or(ConfigError::NoConfigDir)
}

/// A profile that cannot be used, with where and why.
#[derive(Debug, Error)]
pub enum ConfigError {
    #[error("{path}:{}:{}: {message}", .location.line, .location.column)]
    Invalid {
        path: String,
        location: Location,
        message: String,
    },
    #[error("{path}: cannot read: {source}")]
    Read {
        path: String,
        #[source]
        source: std::io::Error,
    },
    #[error("no config folder found: set {CONFIG_VAR} to the profile's path")]
    NoConfigDir,
}

/// A value from the file and the line it was written on.
#[derive(Debug, Clone, PartialEq)]
pub struct Set<T> {
    pub value: T,
    pub line: usize,
}

pub use crate::planning::placing::RunDay;

/// The runner's profile; a setting the file does not hold is `None`.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Profile {
    pub lifts: Option<Set<Vec<Lift>>>,
    pub run_days: Option<Set<Vec<RunDay>>>,
    pub age: Option<Set<u32>>,
    pub priority: Option<Set<Priority>>,
    /// A folder of the runner's own cue recordings.
    pub voice: Option<Set<PathBuf>>,
    /// A folder of music to play under the coach.
    pub music: Option<Set<PathBuf>>,
    /// How much the coach says, as `--talk` takes it.
    pub talk: Option<Set<Talk>>,
    /// The runner's highest heart rate, when measured; else 220 minus age.
    pub max_hr: Option<Set<u16>>,
    /// The runner's easy running pace, as `--pace` takes it.
    pub pace: Option<Set<crate::plan::pace::Pace>>,
}

/// Highest heart rates a profile may give: below 100 or above 230 is a typo.
pub const MAX_HRS: std::ops::RangeInclusive<u16> = 100..=230;

impl Profile {
    /// The runner's highest heart rate: the profile's `max_hr`, else the
    /// usual estimate, 220 minus age; None when neither is known.
    pub fn max_heart_rate(&self) -> Option<u16> {
        self.max_hr.as_ref().map(|m| m.value).or_else(|| {
            self.age
                .as_ref()
                .and_then(|a| u16::try_from(220u32.saturating_sub(a.value)).ok())
        })
    }
}

/// The names of the settings, in the order `config show` lists them.
pub const SETTINGS: &[&str] = &[
    "lift", "run_days", "age", "priority", "voice", "music", "talk", "max_hr", "pace",
];

/// The largest profile read: a profile is a few lines, and a huge file (or a
/// link to /dev/zero) would only exhaust memory.
const MAX_PROFILE_BYTES: u64 = 1 << 20;

fn read_capped(path: &Path) -> std::io::Result<String> {
    // Only a regular file, checked without blocking: a FIFO would hang every
    // command that reads the profile.
    let bytes = crate::history::read_regular(path, MAX_PROFILE_BYTES, "profile")?;
    String::from_utf8(bytes).map_err(|e| std::io::Error::new(std::io::ErrorKind::InvalidData, e))
}

impl Profile {
    /// The profile at `path`; a file that does not exist is an empty profile.
    pub fn load(path: &Path) -> Result<Profile, ConfigError> {
        let shown = path.display().to_string();
        match read_capped(path) {
            Ok(text) => {
                let base = path.parent().unwrap_or(Path::new("."));
                Profile::from_toml(&text, &shown, base)
            }
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(Profile::default()),
            Err(source) => Err(ConfigError::Read {
                path: shown,
                source,
            }),
        }
    }

    /// Parse and validate a profile's text; `path` names it in errors, and
    /// relative folders are taken from `base` (the file's folder).
    pub fn from_toml(text: &str, path: &str, base: &Path) -> Result<Profile, ConfigError> {
        let at = |span: std::ops::Range<usize>| Location::of_offset(text, span.start);
        let invalid = |span: std::ops::Range<usize>, message: String| ConfigError::Invalid {
            path: path.to_string(),
            location: at(span),
            message,
        };
        let raw: RawProfile = toml::from_str(text)
            .map_err(|e| invalid(e.span().unwrap_or(0..0), e.message().trim().to_string()))?;
        let line = |span: std::ops::Range<usize>| at(span).line;

        let mut lifts = Vec::new();
        let mut lift_line = None;
        for l in &raw.lift {
            lift_line.get_or_insert(line(l.span()));
            let l = l.get_ref();
            let minutes = match &l.minutes {
                None => plan::DEFAULT_LIFT_MINUTES,
                Some(m) => {
                    let v = *m.get_ref();
                    match u32::try_from(v)
                        .ok()
                        .filter(|v| plan::LIFT_MINUTES.contains(v))
                    {
                        Some(v) => v,
                        None => {
                            return Err(invalid(
                                m.span(),
                                format!(
                                    "lift minutes: expected {} to {}, found {v}",
                                    plan::LIFT_MINUTES.start(),
                                    plan::LIFT_MINUTES.end()
                                ),
                            ))
                        }
                    }
                }
            };
            lifts.push(Lift {
                day: parse_weekday(l.day.get_ref())
                    .map_err(|m| invalid(l.day.span(), format!("lift day: {m}")))?,
                at: parse_time(l.at.get_ref())
                    .map_err(|m| invalid(l.at.span(), format!("lift at: {m}")))?,
                minutes,
                legs: l.legs,
            });
        }
        let run_days = match &raw.run_days {
            None => None,
            Some(list) => {
                let mut days: Vec<RunDay> = Vec::new();
                for d in list.get_ref() {
                    let day: RunDay = d
                        .get_ref()
                        .parse()
                        .map_err(|m| invalid(d.span(), format!("run_days: {m}")))?;
                    if days.iter().any(|x| x.day == day.day) {
                        return Err(invalid(
                            d.span(),
                            format!("run_days: {} is listed twice", weekday_name(day.day)),
                        ));
                    }
                    days.push(day);
                }
                if days.is_empty() {
                    return Err(invalid(
                        list.span(),
                        "run_days: expected at least one day, e.g. [\"tue\", \"thu\", \"sat\"]"
                            .to_string(),
                    ));
                }
                Some(Set {
                    value: days,
                    line: line(list.span()),
                })
            }
        };
        let max_hr = match &raw.max_hr {
            None => None,
            Some(m) => {
                let v = *m.get_ref();
                match u16::try_from(v).ok().filter(|v| MAX_HRS.contains(v)) {
                    Some(value) => Some(Set {
                        value,
                        line: line(m.span()),
                    }),
                    None => {
                        return Err(invalid(
                            m.span(),
                            format!(
                                "max_hr: expected beats a minute from {} to {}, found {v}",
                                MAX_HRS.start(),
                                MAX_HRS.end()
                            ),
                        ))
                    }
                }
            }
        };
        let age = match &raw.age {
            None => None,
            Some(a) => {
                let v = *a.get_ref();
                match u32::try_from(v).ok().filter(|v| plan::AGES.contains(v)) {
                    Some(value) => Some(Set {
                        value,
                        line: line(a.span()),
                    }),
                    None => {
                        return Err(invalid(
                            a.span(),
                            format!(
                                "age: expected {} to {}, found {v}",
                                plan::AGES.start(),
                                plan::AGES.end()
                            ),
                        ))
                    }
                }
            }
        };
        let priority = match &raw.priority {
            None => None,
            Some(p) => Some(Set {
                value: p
                    .get_ref()
                    .parse()
                    .map_err(|m| invalid(p.span(), format!("priority: {m}")))?,
                line: line(p.span()),
            }),
        };
        let folder = |v: &Option<toml::Spanned<String>>, name: &str| {
            v.as_ref()
                .map(|f| {
                    if f.get_ref().trim().is_empty() {
                        return Err(invalid(
                            f.span(),
                            format!("{name}: expected a folder, found an empty string"),
                        ));
                    }
                    Ok(Set {
                        value: resolve_folder(f.get_ref(), base),
                        line: line(f.span()),
                    })
                })
                .transpose()
        };
        // Checked here, not when a session starts: a typo in the profile is
        // named with its line once, instead of a coach that quietly talks on.
        let talk = match &raw.talk {
            None => None,
            Some(t) => Some(Set {
                value: t
                    .get_ref()
                    .trim()
                    .parse::<Talk>()
                    .map_err(|m| invalid(t.span(), format!("talk: {m}")))?,
                line: line(t.span()),
            }),
        };
        let pace = match &raw.pace {
            None => None,
            Some(p) => Some(Set {
                value: p
                    .get_ref()
                    .parse::<crate::plan::pace::Pace>()
                    .map_err(|e| invalid(p.span(), format!("pace: {e}")))?,
                line: line(p.span()),
            }),
        };
        Ok(Profile {
            lifts: lift_line.map(|l| Set {
                value: lifts,
                line: l,
            }),
            run_days,
            age,
            priority,
            voice: folder(&raw.voice, "voice")?,
            music: folder(&raw.music, "music")?,
            talk,
            max_hr,
            pace,
        })
    }

    /// The profile as a commented TOML document, for `walkrun init` to write.
    pub fn to_toml(&self) -> String {
        let mut out = String::from(
            "# Your walkrun profile: what `plan`, `check`, `run` and `render` use when\n\
             # no flag says otherwise. Edit freely; `walkrun config show` checks it.\n\n",
        );
        if let Some(a) = &self.age {
            out.push_str(&format!("age = {}\n", a.value));
        }
        if let Some(m) = &self.max_hr {
            out.push_str(&format!("max_hr = {}\n", m.value));
        }
        if let Some(p) = &self.pace {
            out.push_str(&format!("pace = \"{}\"\n", p.value));
        }
        if let Some(p) = &self.priority {
            out.push_str(&format!("priority = \"{}\"\n", p.value));
        }
        if let Some(d) = &self.run_days {
            let days: Vec<String> = d.value.iter().map(|d| format!("\"{d}\"")).collect();
            out.push_str(&format!(
                "run_days = [{}]        # DAY, or DAY@HH:MM-HH:MM when you are free\n",
                days.join(", ")
            ));
        }
        for (key, v) in [("voice", &self.voice), ("music", &self.music)] {
            if let Some(v) = v {
                out.push_str(&format!(
                    "{key} = {}\n",
                    toml_string(&v.value.display().to_string())
                ));
            }
        }
        if let Some(t) = &self.talk {
            out.push_str(&format!("talk = {}\n", toml_string(&t.value.to_string())));
        }
        for l in self.lifts.iter().flat_map(|l| &l.value) {
            out.push_str(&format!(
                "\n[[lift]]\nday = \"{}\"\nat = \"{}\"\nminutes = {}\nlegs = {}\n",
                weekday_name(l.day),
                l.at.format("%H:%M"),
                l.minutes,
                l.legs
            ));
        }
        out
    }
}

/// A string as a TOML basic string.
fn toml_string(s: &str) -> String {
    toml::Value::String(s.to_string()).to_string()
}

/// `~/x` from the home folder; a relative folder from the profile's folder.
fn resolve_folder(text: &str, base: &Path) -> PathBuf {
    let text = text.trim();
    if let Some(rest) = text.strip_prefix("~/") {
        if let Some(home) = directories::BaseDirs::new().map(|b| b.home_dir().to_path_buf()) {
            return home.join(rest);
        }
    }
    let p = PathBuf::from(text);
    if p.is_absolute() {
        p
    } else {
        base.join(p)
    }
}

type Spanned<T> = toml::Spanned<T>;

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawProfile {
    #[serde(default)]
    lift: Vec<Spanned<RawLift>>,
    run_days: Option<Spanned<Vec<Spanned<String>>>>,
    age: Option<Spanned<i64>>,
    priority: Option<Spanned<String>>,
    voice: Option<Spanned<String>>,
    music: Option<Spanned<String>>,
    talk: Option<Spanned<String>>,
    max_hr: Option<Spanned<i64>>,
    pace: Option<Spanned<String>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawLift {
    day: Spanned<String>,
    at: Spanned<String>,
    minutes: Option<Spanned<i64>>,
    #[serde(default)]
    legs: bool,
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(text: &str) -> Result<Profile, ConfigError> {
        Profile::from_toml(text, "config.toml", Path::new("/base"))
    }

    #[test]
    fn every_setting_reads_with_its_line() {
        let p = parse(
            "age = 47\npriority = \"strength\"\nrun_days = [\"tue@18:00-20:00\", \"sat\"]\n\
             voice = \"coach\"\nmusic = \"/m\"\ntalk = \"quiet\"\n\n[[lift]]\nday = \"mon\"\nat = \"07:00\"\nlegs = true\n",
        )
        .unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(p.age.as_ref().map(|a| (a.value, a.line)), Some((47, 1)));
        assert_eq!(p.priority.map(|a| a.value), Some(Priority::Strength));
        let days = p.run_days.unwrap_or_else(|| panic!("run_days"));
        assert_eq!(days.line, 3);
        assert_eq!(days.value[0].to_string(), "tue@18:00-20:00");
        assert_eq!(days.value[1].window, None);
        assert_eq!(p.voice.map(|v| v.value), Some(PathBuf::from("/base/coach")));
        assert_eq!(p.music.map(|v| v.value), Some(PathBuf::from("/m")));
        let lifts = p.lifts.unwrap_or_else(|| panic!("lifts"));
        assert_eq!(lifts.line, 8);
        assert_eq!(lifts.value[0].to_string(), "mon@07:00+60m:legs");
    }

    #[test]
    fn the_highest_heart_rate_is_the_profiles_else_220_minus_age() {
        let read = |text: &str| {
            let dir = tempfile::tempdir().unwrap();
            let path = dir.path().join("config.toml");
            std::fs::write(&path, text).unwrap();
            Profile::load(&path).unwrap().max_heart_rate()
        };
        assert_eq!(read("age = 60\n"), Some(160));
        assert_eq!(read("age = 60\nmax_hr = 178\n"), Some(178));
        assert_eq!(read(""), None);
    }

    #[test]
    fn errors_name_line_and_column() {
        let cases = [
            ("age = 7\n", "config.toml:1:7: age: expected 10 to 100, found 7"),
            ("max_hr = 300\n", "config.toml:1:10: max_hr: expected beats a minute from 100 to 230, found 300"),
            ("\nrun_days = [\"tue\", \"fry\"]\n", "config.toml:2:20: run_days: expected a weekday"),
            ("colour = 1\n", "config.toml:1:1: unknown field `colour`"),
            ("[[lift]]\nday = \"mon\"\nat = \"7am\"\n", "config.toml:3:6: lift at: expected a time"),
            ("age = \n", "config.toml:1:7:"),
            ("talk = \"loud\"\n", "config.toml:1:8: talk: expected quiet, normal or chatty, found 'loud'"),
            ("run_days = [\"sat@10:00-09:00\"]", "config.toml:1:13: run_days: run day 'sat@10:00-09:00': expected the window to end after it starts"),
        ];
        for (text, want) in cases {
            let e = parse(text).map(|_| ()).err().map(|e| e.to_string());
            let e = e.unwrap_or_else(|| panic!("{text:?} should fail"));
            assert!(e.starts_with(want), "{text:?}: got {e}, want {want}");
        }
    }

    #[test]
    fn written_profile_reads_back() {
        let text = "age = 52\npriority = \"endurance\"\nrun_days = [\"tue@06:00-08:00\", \"thu\", \"sun\"]\ntalk = \"chatty\"\nvoice = \"/v \\\"x\\\"\"\n[[lift]]\nday = \"wed\"\nat = \"18:30\"\nminutes = 45\n";
        let p = parse(text).unwrap_or_else(|e| panic!("{e}"));
        let again = parse(&p.to_toml()).unwrap_or_else(|e| panic!("{e}\n{}", p.to_toml()));
        let strip = |p: &Profile| {
            (
                p.age.as_ref().map(|s| s.value),
                p.priority.as_ref().map(|s| s.value),
                p.run_days.as_ref().map(|s| s.value.clone()),
                p.talk.as_ref().map(|s| s.value),
                p.voice.as_ref().map(|s| s.value.clone()),
                p.lifts.as_ref().map(|s| s.value.clone()),
            )
        };
        assert_eq!(strip(&p), strip(&again));
    }
}
