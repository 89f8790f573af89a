//! A TCX file (Garmin's Training Center XML): an activity's laps, each of
//! tracks of trackpoints with a time, and often a position, the distance
//! so far, heart rate, and in the `TPX` extension speed and run cadence.
//! Read with quick-xml's serde support into the few structs below. A new
//! track, like a gap in the times, is the recording paused.

use chrono::{DateTime, Utc};
use serde::Deserialize;

use super::{judge_sport, Recording, RecordingError, Sample};

#[derive(Deserialize)]
struct Database {
    #[serde(rename = "Activities", default)]
    activities: Option<Activities>,
}

#[derive(Deserialize)]
struct Activities {
    #[serde(rename = "Activity", default)]
    activity: Vec<Activity>,
}

#[derive(Deserialize)]
struct Activity {
    #[serde(rename = "@Sport", default)]
    sport: Option<String>,
    #[serde(rename = "Lap", default)]
    laps: Vec<Lap>,
}

#[derive(Deserialize)]
struct Lap {
    #[serde(rename = "Track", default)]
    tracks: Vec<Track>,
}

#[derive(Deserialize)]
struct Track {
    #[serde(rename = "Trackpoint", default)]
    points: Vec<Trackpoint>,
}

#[derive(Deserialize)]
struct Trackpoint {
    #[serde(rename = "Time")]
    time: Option<String>,
    #[serde(rename = "Position")]
    position: Option<Position>,
    #[serde(rename = "DistanceMeters")]
    distance: Option<f64>,
    #[serde(rename = "HeartRateBpm")]
    heart_rate: Option<HeartRate>,
    #[serde(rename = "Extensions")]
    extensions: Option<Extensions>,
}

#[derive(Deserialize)]
struct Position {
    #[serde(rename = "LatitudeDegrees")]
    lat: f64,
    #[serde(rename = "LongitudeDegrees")]
    lon: f64,
}

#[derive(Deserialize)]
struct HeartRate {
    #[serde(rename = "Value")]
    value: f64,
}

#[derive(Deserialize)]
struct Extensions {
    #[serde(rename = "TPX")]
    tpx: Option<Tpx>,
}

#[derive(Deserialize)]
struct Tpx {
    #[serde(rename = "Speed")]
    speed: Option<f64>,
    /// Strides a minute (one foot), as in FIT.
    #[serde(rename = "RunCadence")]
    run_cadence: Option<f64>,
}

/// Read a TCX file's activities.
pub fn read(bytes: &[u8]) -> Result<Recording, RecordingError> {
    let text = std::str::from_utf8(bytes)
        .map_err(|_| RecordingError::Damaged("a TCX file that is not UTF-8 text".into()))?;
    let doc: Database = quick_xml::de::from_str(text).map_err(|e| {
        RecordingError::Damaged(format!(
            "not a TCX file walkrun can read ({})",
            crate::sys::safe_text::clean(&e.to_string().replace(['\n', '\r'], " "))
        ))
    })?;
    let mut points: Vec<(i64, Sample)> = Vec::new();
    for activity in doc.activities.into_iter().flat_map(|a| a.activity) {
        if let Some(sport) = &activity.sport {
            judge_sport(sport)?;
        }
        for track in activity.laps.iter().flat_map(|l| &l.tracks) {
            let mut first = true;
            for p in &track.points {
                let Some(at) = p
                    .time
                    .as_deref()
                    .and_then(|t| DateTime::parse_from_rfc3339(t.trim()).ok())
                else {
                    continue;
                };
                let tpx = p.extensions.as_ref().and_then(|e| e.tpx.as_ref());
                let finite = |x: f64| x.is_finite().then_some(x);
                points.push((
                    at.timestamp_millis(),
                    Sample {
                        t: 0.0,
                        speed: tpx
                            .and_then(|x| x.speed)
                            .and_then(finite)
                            .filter(|s| *s >= 0.0),
                        cadence: tpx
                            .and_then(|x| x.run_cadence)
                            .and_then(finite)
                            .map(|c| c * 2.0),
                        heart_rate: p
                            .heart_rate
                            .as_ref()
                            .map(|h| h.value)
                            .filter(|h| (20.0..=250.0).contains(h))
                            .map(|h| h as u16),
                        position: p
                            .position
                            .as_ref()
                            .filter(|q| q.lat.abs() <= 90.0 && q.lon.abs() <= 180.0)
                            .map(|q| (q.lat, q.lon)),
                        distance: p.distance.and_then(finite),
                        resumed: first && !points.is_empty(),
                    },
                ));
                first = false;
            }
        }
    }
    let Some(first) = points.iter().map(|(t, _)| *t).min() else {
        return Err(RecordingError::Empty("TCX"));
    };
    let start = DateTime::<Utc>::from_timestamp_millis(first - first.rem_euclid(1000))
        .ok_or_else(|| RecordingError::Damaged("a TCX file whose times are out of range".into()))?;
    let base = start.timestamp_millis();
    Ok(Recording {
        start,
        samples: points
            .into_iter()
            .map(|(at, s)| Sample {
                t: (at - base) as f64 / 1000.0,
                ..s
            })
            .collect(),
        format: "TCX",
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    const DOC: &str = r#"<?xml version="1.0" encoding="UTF-8"?>
<TrainingCenterDatabase xmlns="http://www.garmin.com/xmlschemas/TrainingCenterDatabase/v2"
  xmlns:ns3="http://www.garmin.com/xmlschemas/ActivityExtension/v2">
 <Activities><Activity Sport="Running"><Id>2026-12-07T07:00:00Z</Id>
  <Lap StartTime="2026-12-07T07:00:00Z"><Track>
   <Trackpoint><Time>2026-12-07T07:00:00Z</Time><DistanceMeters>0</DistanceMeters>
     <HeartRateBpm><Value>140</Value></HeartRateBpm>
     <Extensions><ns3:TPX><ns3:Speed>2.1</ns3:Speed><ns3:RunCadence>80</ns3:RunCadence></ns3:TPX></Extensions></Trackpoint>
   <Trackpoint><Time>2026-12-07T07:00:01Z</Time><DistanceMeters>2.1</DistanceMeters></Trackpoint>
  </Track></Lap></Activity></Activities></TrainingCenterDatabase>"#;

    #[test]
    fn reads_trackpoints_with_their_extensions() {
        let r = read(DOC.as_bytes()).unwrap();
        assert_eq!(r.samples.len(), 2);
        let s = r.samples[0];
        assert_eq!(
            (s.speed, s.cadence, s.heart_rate),
            (Some(2.1), Some(160.0), Some(140))
        );
        assert_eq!(r.samples[1].distance, Some(2.1));
        assert_eq!(r.samples[1].t, 1.0);
    }

    #[test]
    fn a_ride_is_refused() {
        let ride = DOC.replace("Running", "Biking");
        assert_eq!(
            read(ride.as_bytes()).unwrap_err(),
            RecordingError::NotARun("ride".into())
        );
    }
}
