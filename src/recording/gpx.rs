//! A GPX track, as phone apps and Strava's export write it: positions and
//! times only. Parsing is the `gpx` crate's. A new track segment, and a gap
//! in the times, are the recording paused.

use chrono::{DateTime, Utc};

use super::{judge_sport, Recording, RecordingError, Sample};

/// Read a GPX file's tracks (routes and waypoints carry no run).
pub fn read(bytes: &[u8]) -> Result<Recording, RecordingError> {
    let doc = ::gpx::read(bytes).map_err(|e| {
        RecordingError::Damaged(format!(
            "not a GPX track walkrun can read ({})",
            crate::sys::safe_text::clean(&e.to_string().replace(['\n', '\r'], " "))
        ))
    })?;
    let mut points: Vec<(i128, Sample)> = Vec::new();
    for track in &doc.tracks {
        if let Some(kind) = &track.type_ {
            judge_sport(kind)?;
        }
        for segment in &track.segments {
            let mut first = true;
            for p in &segment.points {
                let Some(time) = p.time else { continue };
                let at = time::OffsetDateTime::from(time).unix_timestamp_nanos();
                let geo = p.point();
                let (lon, lat) = (geo.x(), geo.y());
                points.push((
                    at,
                    Sample {
                        t: 0.0,
                        speed: p.speed.filter(|s| s.is_finite() && *s >= 0.0),
                        position: (lat.is_finite() && lon.is_finite()).then_some((lat, lon)),
                        // A later segment begins after a pause.
                        resumed: first && !points.is_empty(),
                        ..Sample::default()
                    },
                ));
                first = false;
            }
        }
    }
    let Some(first) = points.iter().map(|(t, _)| *t).min() else {
        return Err(RecordingError::Empty("GPX"));
    };
    let secs = i64::try_from(first.div_euclid(1_000_000_000)).unwrap_or(i64::MAX);
    let start = DateTime::<Utc>::from_timestamp(secs, 0)
        .ok_or_else(|| RecordingError::Damaged("a GPX file whose times are out of range".into()))?;
    let base = i128::from(secs) * 1_000_000_000;
    Ok(Recording {
        start,
        samples: points
            .into_iter()
            .map(|(at, s)| Sample {
                t: (at - base) as f64 / 1e9,
                ..s
            })
            .collect(),
        format: "GPX",
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn gpx(points: &str, kind: &str) -> String {
        format!(
            r#"<?xml version="1.0" encoding="UTF-8"?>
<gpx version="1.1" creator="test" xmlns="http://www.topografix.com/GPX/1/1">
<trk><name>Morning</name>{kind}<trkseg>{points}</trkseg></trk></gpx>"#
        )
    }

    fn pt(lat: f64, time: &str) -> String {
        format!(r#"<trkpt lat="{lat}" lon="-0.1"><time>{time}</time></trkpt>"#)
    }

    #[test]
    fn reads_positions_and_times() {
        let text = gpx(
            &[
                pt(51.5, "2026-12-07T07:00:00Z"),
                pt(51.5001, "2026-12-07T07:00:01Z"),
            ]
            .concat(),
            "<type>running</type>",
        );
        let r = read(text.as_bytes()).unwrap();
        assert_eq!(r.samples.len(), 2);
        assert_eq!(r.samples[1].t, 1.0);
        assert_eq!(r.samples[0].position, Some((51.5, -0.1)));
        assert_eq!(r.start.to_rfc3339(), "2026-12-07T07:00:00+00:00");
    }

    #[test]
    fn a_ride_and_a_track_without_times_are_refused() {
        let ride = gpx(&pt(51.5, "2026-12-07T07:00:00Z"), "<type>cycling</type>");
        assert_eq!(
            read(ride.as_bytes()).unwrap_err(),
            RecordingError::NotARun("ride".into())
        );
        let none = gpx(r#"<trkpt lat="1" lon="1"></trkpt>"#, "");
        assert_eq!(
            read(none.as_bytes()).unwrap_err(),
            RecordingError::Empty("GPX")
        );
    }
}
