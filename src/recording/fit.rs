//! A watch's FIT activity: `record` messages (1 Hz on most watches) with
//! speed, cadence, heart rate and position, and `event` messages for the
//! timer, whose stop and start are the watch paused and going again.
//! Decoding is rustyfit's (the FIT profile, scales and components, the
//! CRCs, compressed timestamps, developer fields stepped over), the same
//! crate that writes `export --fit`; this file only picks out what a run
//! needs.

use chrono::{DateTime, Utc};
use rustyfit::profile::{mesgdef, typedef};
use rustyfit::proto::Message;
use rustyfit::{Decoder, DecoderError};

use super::{judge_sport, Recording, RecordingError, Sample};

/// Whether the bytes start as a FIT file does (".FIT" at byte 8).
pub fn looks_like(bytes: &[u8]) -> bool {
    bytes.len() >= 12 && &bytes[8..12] == b".FIT"
}

fn damaged(why: &str) -> RecordingError {
    RecordingError::Damaged(format!("a damaged or truncated FIT file ({why})"))
}

/// A decoding error in words. The bytes are read from memory, so there is
/// no I/O error to report.
fn decode_error<E>(e: DecoderError<E>) -> RecordingError {
    match e {
        DecoderError::Io { .. } | DecoderError::UnexpectedEof => damaged("it ends too soon"),
        DecoderError::NotFITFile => damaged("its header is not a FIT header"),
        DecoderError::ChecksumMismatch { found, calculated } => damaged(&format!(
            "its checksum is {found:#06x}, its content sums to {calculated:#06x}"
        )),
        DecoderError::MissingMessageDefinition { local_mesg_num } => damaged(&format!(
            "a message of local type {local_mesg_num} comes before its definition"
        )),
    }
}

/// A name from the FIT profile (`running`, `activity`), or None for a value
/// the profile does not name (shown as `Sport(45)`) or an invalid one.
fn named(shown: String) -> Option<String> {
    (!shown.contains('(')).then_some(shown)
}

/// A sport as the file gives it, judged; a number the profile does not
/// know (a newer sport) is let through, as a sport's name would be.
fn judge(sport: typedef::Sport) -> Result<(), RecordingError> {
    if sport == typedef::Sport(u8::MAX) {
        return Ok(());
    }
    match named(sport.to_string()) {
        Some(name) => judge_sport(&name),
        None => Ok(()),
    }
}

/// The Unix seconds of a FIT time, when it is a time at all.
fn unix(t: typedef::DateTime) -> Option<i64> {
    (t != typedef::DateTime(u32::MAX))
        .then(|| t.unix_timestamp())
        .flatten()
}

fn sample(m: &Message, resumed: bool) -> Option<(i64, Sample)> {
    let r = mesgdef::Record::from(m);
    let at = unix(r.timestamp)?;
    let position = r
        .position_lat_degrees()
        .zip(r.position_long_degrees())
        .filter(|(a, b)| a.abs() <= 90.0 && b.abs() <= 180.0);
    // The speed field as written, before enhanced_speed: rustyfit expands
    // one into the other through a float, which can lose a millimetre a
    // second.
    let speed = r
        .speed_scaled()
        .or_else(|| r.enhanced_speed_scaled())
        .filter(|s| s.is_finite() && *s >= 0.0);
    // FIT keeps a run's cadence per foot: strides a minute.
    let cadence = (r.cadence != u8::MAX)
        .then(|| (f64::from(r.cadence) + r.fractional_cadence_scaled().unwrap_or(0.0)) * 2.0);
    let heart_rate = (r.heart_rate != u8::MAX && (20..=250).contains(&r.heart_rate))
        .then_some(u16::from(r.heart_rate));
    Some((
        at,
        Sample {
            t: 0.0,
            speed,
            cadence,
            heart_rate,
            position,
            distance: r.distance_scaled().filter(|d| d.is_finite()),
            resumed,
        },
    ))
}

/// Read a FIT activity: the first FIT file in `bytes` (files chained after
/// it, which a few devices write, are left aside). A file that is cut short
/// or damaged (its CRC does not match) is refused, as is a FIT file of
/// another kind (a workout, a course) and an activity of another sport.
pub fn read(bytes: &[u8]) -> Result<Recording, RecordingError> {
    // Read from memory: a header that claims more data than follows ends
    // the reading at the last byte, never past it.
    let mut input = bytes;
    let fit = Decoder::new()
        .decode(&mut input)
        .map_err(decode_error)?
        .ok_or_else(|| damaged("empty"))?;
    let mut samples: Vec<(i64, Sample)> = Vec::new();
    let mut paused = false;
    let mut resume_next = false;
    for m in &fit.messages {
        match m.num {
            typedef::MesgNum::FILE_ID => {
                let kind = mesgdef::FileId::from(m).r#type;
                if kind != typedef::File(u8::MAX) && kind != typedef::File::ACTIVITY {
                    let name = named(kind.to_string()).unwrap_or_else(|| "other".into());
                    return Err(RecordingError::Damaged(format!(
                        "a FIT {} file, not a recorded activity",
                        crate::sys::safe_text::clean(&name.replace('_', " "))
                    )));
                }
            }
            typedef::MesgNum::SPORT => judge(mesgdef::Sport::from(m).sport)?,
            typedef::MesgNum::SESSION => judge(mesgdef::Session::from(m).sport)?,
            typedef::MesgNum::LAP => judge(mesgdef::Lap::from(m).sport)?,
            typedef::MesgNum::EVENT => {
                let e = mesgdef::Event::from(m);
                if e.event == typedef::Event::TIMER {
                    let kind = e.event_type.to_string();
                    if kind.starts_with("stop") {
                        paused = true;
                    } else if e.event_type == typedef::EventType::START {
                        if paused {
                            resume_next = true;
                        }
                        paused = false;
                    }
                }
            }
            typedef::MesgNum::RECORD if !paused => {
                if let Some(s) = sample(m, resume_next) {
                    resume_next = false;
                    samples.push(s);
                }
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
    fn compressed_timestamps_big_endian_fields_and_developer_fields_read_alike() {
        // Paused for a moment, and on again (times only move forward, as
        // a compressed timestamp needs).
        let mut items = run_of(90, 2.1);
        items.insert(40, FitItem::Stop(T0 + 40));
        items.insert(41, FitItem::Start(T0 + 40));
        let plain = read(&fit_activity(1, &items)).unwrap();
        assert_eq!(plain.samples.iter().filter(|s| s.resumed).count(), 1);
        for layout in [
            FitLayout {
                compressed: true,
                ..FitLayout::default()
            },
            FitLayout {
                big_endian: true,
                ..FitLayout::default()
            },
            FitLayout {
                developer_field: true,
                ..FitLayout::default()
            },
            FitLayout {
                compressed: true,
                big_endian: true,
                developer_field: true,
            },
        ] {
            let bytes = fit_activity_laid_out(1, &items, layout);
            let r = read(&bytes).unwrap_or_else(|e| panic!("{layout:?}: {e}"));
            assert_eq!(r, plain, "{layout:?}");
        }
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
        let mut bad = whole.clone();
        let last = bad.len() - 1;
        bad[last] ^= 0x55;
        let e = read(&bad).unwrap_err().to_string();
        assert!(e.contains("checksum"), "{e}");
        assert!(!e.contains('\n'), "{e}");
        // A header that claims more than the file holds ends at its end.
        let mut claims = whole.clone();
        claims[4..8].copy_from_slice(&u32::MAX.to_le_bytes());
        claims[12..14].copy_from_slice(&[0, 0]); // no header CRC to check
        let e = read(&claims).unwrap_err().to_string();
        assert!(e.contains("ends too soon"), "{e}");
        assert_eq!(
            read(&fit_activity(1, &[])).unwrap_err(),
            RecordingError::Empty("FIT")
        );
    }
}
