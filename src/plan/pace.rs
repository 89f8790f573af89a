//! A runner's pace, `8:00/km` or `12:52/mi`: how a distance becomes a time
//! (a 5K at 8:00/km is a 40-minute race) and a treadmill's speed.
//!
//! Times come out in whole seconds, rounded up: a runner told a little more
//! time than they need finishes the distance; one told less hears "session
//! complete" before the line.

use std::fmt;
use std::str::FromStr;

use thiserror::Error;

use crate::sys::safe_text::quoted;

/// The unit a pace (and a treadmill's speed) is given in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum Unit {
    #[default]
    Km,
    Mi,
}

impl Unit {
    /// The unit's length in millimetres: whole numbers keep a mile exact.
    pub fn millimetres(self) -> u64 {
        match self {
            Unit::Km => 1_000_000,
            Unit::Mi => 1_609_344,
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Unit::Km => "km",
            Unit::Mi => "mi",
        }
    }

    /// A treadmill's speed unit: km/h or mph.
    pub fn speed_unit(self) -> &'static str {
        match self {
            Unit::Km => "km/h",
            Unit::Mi => "mph",
        }
    }
}

/// Time per kilometre or per mile, in whole seconds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Pace {
    pub seconds: u32,
    pub unit: Unit,
}

/// Paces a beginner's plan may hold, per kilometre: faster than 3:00/km is
/// a racer's, slower than 20:00/km a stroll (and either a typo here).
pub const SECONDS_PER_KM: std::ops::RangeInclusive<u64> = 180..=1200;

/// The running pace assumed when none is known: slow enough for most
/// beginners over 40, so a distance never ends before the runner does.
pub const DEFAULT_RUN: Pace = Pace {
    seconds: 8 * 60 + 30,
    unit: Unit::Km,
};

/// A brisk walk, about 5.5 km/h, as a pace: 10:55 per kilometre (rounded
/// up, the walk's time a little generous).
pub const BRISK_WALK: Pace = Pace {
    seconds: 655,
    unit: Unit::Km,
};

/// The paces a session's distances are covered at: running for a run,
/// a brisk walk for a walk, a warm-up and a cool-down.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Paces {
    pub run: Pace,
    pub walk: Pace,
}

impl Paces {
    /// What a distance is timed at until the runner's pace is known.
    pub const ASSUMED: Paces = Paces {
        run: DEFAULT_RUN,
        walk: BRISK_WALK,
    };

    /// A runner's running pace, with the brisk walk in the same unit.
    pub fn running(run: Pace) -> Paces {
        Paces {
            run,
            walk: BRISK_WALK.in_unit(run.unit),
        }
    }

    /// The pace of a segment of `kind`.
    pub fn for_kind(&self, kind: crate::plan::steps::Kind) -> Pace {
        if kind.is_run() {
            self.run
        } else {
            self.walk
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum PaceError {
    #[error("expected a pace such as 8:00/km or 12:52/mi, found {0}")]
    Shape(String),
    #[error("expected a pace from 3:00/km to 20:00/km (about 4:50/mi to 32:10/mi), found {0}")]
    OutOfRange(String),
}

impl Pace {
    /// The time to cover `millimetres`, rounded up to a whole second.
    pub fn seconds_for_mm(&self, millimetres: u64) -> u64 {
        (u64::from(self.seconds) * millimetres).div_ceil(self.unit.millimetres())
    }

    /// The time to cover `metres`, rounded up to a whole second.
    pub fn seconds_for_metres(&self, metres: u64) -> u64 {
        self.seconds_for_mm(metres.saturating_mul(1000))
    }

    /// Seconds per kilometre, to the nearest.
    pub fn seconds_per_km(&self) -> u64 {
        (u64::from(self.seconds) * 1_000_000 + self.unit.millimetres() / 2)
            / self.unit.millimetres()
    }

    /// The same pace per `unit`, to the nearest second.
    pub fn in_unit(self, unit: Unit) -> Pace {
        if unit == self.unit {
            return self;
        }
        let seconds = (u64::from(self.seconds) * unit.millimetres() + self.unit.millimetres() / 2)
            / self.unit.millimetres();
        Pace {
            seconds: u32::try_from(seconds).unwrap_or(u32::MAX),
            unit,
        }
    }

    /// The treadmill's speed in tenths of `unit` an hour, rounded as a
    /// treadmill's display is: 7.5 km/h is 75.
    pub fn speed_tenths(&self, unit: Unit) -> u32 {
        (self.speed(unit) * 10.0).round() as u32
    }

    /// The treadmill's speed in `unit` an hour (km/h or mph).
    pub fn speed(&self, unit: Unit) -> f64 {
        let units_per_second =
            self.unit.millimetres() as f64 / unit.millimetres() as f64 / f64::from(self.seconds);
        units_per_second * 3600.0
    }
}

impl fmt::Display for Pace {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{}:{:02}/{}",
            self.seconds / 60,
            self.seconds % 60,
            self.unit.as_str()
        )
    }
}

impl FromStr for Pace {
    type Err = PaceError;

    /// `M:SS/km` or `M:SS/mi` (also `/mile`, `min/km`); seconds below 60.
    fn from_str(text: &str) -> Result<Pace, PaceError> {
        let shape = || PaceError::Shape(quoted(text));
        let t = text.trim().to_ascii_lowercase();
        let (time, unit) = t.split_once('/').ok_or_else(shape)?;
        let unit = match unit.trim() {
            "km" => Unit::Km,
            "mi" | "mile" => Unit::Mi,
            _ => return Err(shape()),
        };
        let time = time.trim().trim_end_matches("min").trim();
        let (m, s) = time.split_once(':').ok_or_else(shape)?;
        let digits =
            |d: &str| !d.is_empty() && d.len() <= 3 && d.bytes().all(|b| b.is_ascii_digit());
        if !digits(m) || s.len() != 2 || !digits(s) {
            return Err(shape());
        }
        let (m, s): (u32, u32) = (
            m.parse().map_err(|_| shape())?,
            s.parse().map_err(|_| shape())?,
        );
        if s >= 60 {
            return Err(shape());
        }
        let pace = Pace {
            seconds: m * 60 + s,
            unit,
        };
        if !SECONDS_PER_KM.contains(&pace.seconds_per_km()) {
            return Err(PaceError::OutOfRange(quoted(text)));
        }
        Ok(pace)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pace(t: &str) -> Pace {
        t.parse().unwrap_or_else(|e| panic!("{t}: {e}"))
    }

    #[test]
    fn a_5k_at_8_per_km_is_40_minutes() {
        assert_eq!(pace("8:00/km").seconds_for_metres(5000), 40 * 60);
        assert_eq!(pace("8:00/km").to_string(), "8:00/km");
        // 12:52/mi is 7:59.7/km: 5 km in 39:59, rounded up.
        assert_eq!(pace("12:52/mi").seconds_for_metres(5000), 39 * 60 + 59);
        assert_eq!(pace(" 12:52 / Mile ").to_string(), "12:52/mi");
    }

    #[test]
    fn speeds_in_either_unit() {
        assert!((pace("8:00/km").speed(Unit::Km) - 7.5).abs() < 1e-9);
        assert!((pace("12:00/mi").speed(Unit::Mi) - 5.0).abs() < 1e-9);
        assert!((pace("8:00/km").speed(Unit::Mi) - 4.66).abs() < 0.01);
        assert!((BRISK_WALK.speed(Unit::Km) - 5.5).abs() < 0.01);
    }

    #[test]
    fn bad_paces_say_what_was_expected() {
        for bad in [
            "8", "8:00", "8/km", "8:0/km", "8:60/km", "x:00/km", "8:00/yd", "",
        ] {
            assert!(
                matches!(bad.parse::<Pace>(), Err(PaceError::Shape(_))),
                "{bad}"
            );
        }
        assert!(matches!(
            "2:00/km".parse::<Pace>(),
            Err(PaceError::OutOfRange(_))
        ));
        assert!(matches!(
            "40:00/mi".parse::<Pace>(),
            Err(PaceError::OutOfRange(_))
        ));
    }
}
