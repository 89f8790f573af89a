//! A watch's FIT activity: `record` messages (1 Hz on most watches) with
//! speed, cadence, heart rate and position, and `event` messages for the
//! timer, whose stop and start are the watch paused and going again.
//! Decoding is fitparser's (the FIT profile, the CRCs, compressed
//! timestamps); this file only picks out what a run needs.

use std::collections::HashSet;

use chrono::{DateTime, Utc};
use fitparser::de::{from_bytes_with_options, DecodeOption};
use fitparser::profile::MesgNum;
use fitparser::{FitDataRecord, Value};

use super::{judge_sport, Recording, RecordingError, Sample};

/// Whether the bytes start as a FIT file does (".FIT" at byte 8).
pub fn looks_like(bytes: &[u8]) -> bool {
    bytes.len() >= 12 && &bytes[8..12] == b".FIT"
}

fn number(v: &Value) -> Option<f64> {
    v.clone().try_into().ok().filter(|x: &f64| x.is_finite())
}

fn text(v: &Value) -> Option<&str> {
    match v {
        Value::String(s) => Some(s),
        _ => None,
    }
}

fn field<'a>(m: &'a FitDataRecord, name: &str) -> Option<&'a Value> {
    m.fields()
        .iter()
        .find(|f| f.name() == name)
        .map(|f| f.value())
        .filter(|v| **v != Value::Invalid)
}

fn timestamp(m: &FitDataRecord) -> Option<i64> {
    match field(m, "timestamp")? {
        Value::Timestamp(t) => Some(t.timestamp()),
        _ => None,
    }
}

/// Degrees from the FIT's semicircles.
fn degrees(v: &Value) -> Option<f64> {
    number(v)
        .map(|s| s * (180.0 / 2f64.powi(31)))
        .filter(|d| d.abs() <= 180.0)
}

/// The first FIT file in `bytes` (header, data and CRC), its header checked
/// here: fitparser trusts the header's sizes and would read past the end of
/// a file whose header claims more than it holds. Files chained after it
/// (rare; a few devices write them) are left aside.
fn first_file(bytes: &[u8]) -> Result<&[u8], RecordingError> {
    let damaged =
        |why: &str| RecordingError::Damaged(format!("a damaged or truncated FIT file ({why})"));
    let header = usize::from(*bytes.first().ok_or_else(|| damaged("empty"))?);
    if header != 12 && header != 14 {
        return Err(damaged(&format!(
            "a header of {header} bytes, expected 12 or 14"
        )));
    }
    let data = bytes
        .get(4..8)
        .and_then(|b| <[u8; 4]>::try_from(b).ok())
        .map(u32::from_le_bytes)
        .ok_or_else(|| damaged("cut off in its header"))?;
    let end = usize::try_from(data)
        .ok()
        .and_then(|d| d.checked_add(header + 2))
        .filter(|end| *end <= bytes.len())
        .ok_or_else(|| {
            damaged(&format!(
                "its header says {data} bytes of data, and only {} follow",
                bytes.len().saturating_sub(header + 2)
            ))
        })?;
    Ok(&bytes[..end])
}

/// Read a FIT activity. A file that is cut short or damaged (its CRC does
/// not match) is refused, as is a FIT file of another kind (a workout, a
/// course) and an activity of another sport.
pub fn read(bytes: &[u8]) -> Result<Recording, RecordingError> {
    let bytes = first_file(bytes)?;
    let options: HashSet<DecodeOption> = [DecodeOption::DropUnknownMessages].into();
    let messages = from_bytes_with_options(bytes, &options).map_err(|e| {
        RecordingError::Damaged(format!(
            "a damaged or truncated FIT file ({})",
            e.to_string().replace(['\n', '\r'], " ")
        ))
    })?;
    let mut samples: Vec<(i64, Sample)> = Vec::new();
    let mut paused = false;
    let mut resume_next = false;
    for m in &messages {
        match m.kind() {
            MesgNum::FileId => {
                if let Some(kind) = field(m, "type").and_then(text) {
                    if kind != "activity" {
                        return Err(RecordingError::Damaged(format!(
                            "a FIT {} file, not a recorded activity",
                            crate::sys::safe_text::clean(&kind.replace('_', " "))
                        )));
                    }
                }
            }
            MesgNum::Sport | MesgNum::Session | MesgNum::Lap => {
                if let Some(sport) = field(m, "sport").and_then(text) {
                    judge_sport(sport)?;
                }
            }
            MesgNum::Event => {
                let timer = field(m, "event").and_then(text) == Some("timer");
                match field(m, "event_type").and_then(text) {
                    Some(t) if timer && t.starts_with("stop") => paused = true,
                    Some("start") if timer => {
                        if paused {
                            resume_next = true;
                        }
                        paused = false;
                    }
                    _ => {}
                }
            }
            MesgNum::Record if !paused => {
                let Some(at) = timestamp(m) else { continue };
                let position = match (field(m, "position_lat"), field(m, "position_long")) {
                    (Some(a), Some(b)) => degrees(a).zip(degrees(b)),
                    _ => None,
                };
                let speed = field(m, "enhanced_speed")
                    .or_else(|| field(m, "speed"))
                    .and_then(number)
                    .filter(|s| *s >= 0.0);
                // FIT keeps a run's cadence per foot: strides a minute.
                let cadence = field(m, "cadence").and_then(number).map(|c| {
                    c * 2.0
                        + field(m, "fractional_cadence")
                            .and_then(number)
                            .unwrap_or(0.0)
                            * 2.0
                });
                samples.push((
                    at,
                    Sample {
                        t: 0.0,
                        speed,
                        cadence,
                        heart_rate: field(m, "heart_rate")
                            .and_then(number)
                            .filter(|h| (20.0..=250.0).contains(h))
                            .map(|h| h as u16),
                        position,
                        distance: field(m, "distance").and_then(number),
                        resumed: std::mem::take(&mut resume_next),
                    },
                ));
            }
            _ => {}
        }
    }
    let Some(first) = samples.iter().map(|(t, _)| *t).min() else {
        return Err(RecordingError::Empty("FIT"));
    };
    let start = DateTime::<Utc>::from_timestamp(first, 0)
        .ok_or_else(|| RecordingError::Damaged("a FIT file whose times are out of range".into()))?;
    Ok(Recording {
        start,
        samples: samples
            .into_iter()
            .map(|(at, s)| Sample {
                t: (at - first) as f64,
                ..s
            })
            .collect(),
        format: "FIT",
    })
}

#[cfg(test)]
#[path = "../../tests/integration/util/fit_file.rs"]
#[allow(dead_code)]
mod fit_file;

#[cfg(test)]
mod tests {
    use super::fit_file::*;
    use super::*;

    const T0: i64 = 1_796_000_000;

    fn run_of(seconds: i64, speed: f64) -> Vec<FitItem> {
        (0..seconds)
            .map(|i| {
                FitItem::Record(FitRecord {
                    unix: T0 + i,
                    speed_mps: Some(speed),
                    cadence_rpm: Some(80),
                    heart_rate: Some(150),
                    ..FitRecord::default()
                })
            })
            .collect()
    }

    #[test]
    fn reads_records_with_speed_cadence_and_heart_rate() {
        let r = read(&fit_activity(1, &run_of(60, 2.1))).unwrap();
        assert_eq!(r.samples.len(), 60);
        assert_eq!(r.start.timestamp(), T0);
        let s = r.samples[10];
        assert_eq!(s.t, 10.0);
        assert!((s.speed.unwrap() - 2.1).abs() < 1e-3);
        assert_eq!(s.cadence, Some(160.0));
        assert_eq!(s.heart_rate, Some(150));
        assert_eq!(s.position, None);
    }

    #[test]
    fn a_paused_timer_drops_what_it_records_and_marks_the_restart() {
        let mut items = run_of(30, 2.1);
        items.push(FitItem::Stop(T0 + 30));
        items.push(FitItem::Start(T0 + 200));
        items.extend(run_of(230, 2.1).into_iter().skip(200));
        let r = read(&fit_activity(1, &items)).unwrap();
        assert_eq!(r.samples.len(), 60);
        let resumed: Vec<f64> = r
            .samples
            .iter()
            .filter(|s| s.resumed)
            .map(|s| s.t)
            .collect();
        assert_eq!(resumed, vec![200.0]);
    }

    #[test]
    fn a_ride_a_truncated_file_and_a_bad_crc_are_refused() {
        let ride = read(&fit_activity(2, &run_of(60, 6.0))).unwrap_err();
        assert_eq!(ride.to_string(), "a ride, not a run or a walk");
        let whole = fit_activity(1, &run_of(60, 2.1));
        let cut = read(&whole[..whole.len() / 2]).unwrap_err();
        assert!(
            cut.to_string()
                .starts_with("a damaged or truncated FIT file"),
            "{cut}"
        );
        let mut bad = whole.clone();
        bad[100] ^= 0x55;
        assert!(read(&bad).is_err());
        assert_eq!(
            read(&fit_activity(1, &[])).unwrap_err(),
            RecordingError::Empty("FIT")
        );
    }
}
