//! Recordings made by the tests with known truth: an outing of runs, walks
//! and pauses, written as a watch's 1 Hz FIT (speed and cadence with noise,
//! heart rate), a phone's GPX (positions scattered by GPS jitter, no speed)
//! or a TCX (distance so far and heart rate). The truth is what the outing
//! says; the files carry only what a device would record.

pub use super::fit_file::{fit_activity, fit_activity_laid_out, FitItem, FitLayout, FitRecord};

/// A part of an outing, in seconds.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Part {
    Run(u32),
    Walk(u32),
    /// The watch paused (FIT) or the track's gap (GPX, TCX).
    Pause(u32),
}

/// A beginner's slow jog and brisk walk, m/s.
pub const JOG: f64 = 2.1;
pub const WALK: f64 = 1.6;

/// An outing and how it was run.
#[derive(Debug, Clone)]
pub struct Outing {
    pub parts: Vec<Part>,
    /// Unix seconds of the first moment.
    pub start: i64,
    /// Heart rate on the runs (walks are 40 lower).
    pub run_heart_rate: u8,
}

impl Outing {
    pub fn new(start: i64, parts: Vec<Part>) -> Outing {
        Outing {
            parts,
            start,
            run_heart_rate: 150,
        }
    }

    /// Couch to 5K W1: a 5 min walk, `runs` x (run 60 s, walk 90 s), 5 min.
    pub fn w1(start: i64, runs: usize) -> Outing {
        let mut parts = vec![Part::Walk(300)];
        for _ in 0..runs {
            parts.extend([Part::Run(60), Part::Walk(90)]);
        }
        parts.push(Part::Walk(300));
        Outing::new(start, parts)
    }

    pub fn run_seconds(&self) -> u32 {
        self.parts
            .iter()
            .map(|p| if let Part::Run(s) = p { *s } else { 0 })
            .sum()
    }

    /// The ground covered: the runs at [`JOG`], the walks at [`WALK`].
    pub fn metres(&self) -> f64 {
        self.parts
            .iter()
            .map(|p| match *p {
                Part::Run(s) => f64::from(s) * JOG,
                Part::Walk(s) => f64::from(s) * WALK,
                Part::Pause(_) => 0.0,
            })
            .sum()
    }

    /// The longest running without a walk or a pause.
    pub fn longest_run(&self) -> u32 {
        let (mut best, mut now) = (0, 0);
        for p in &self.parts {
            match p {
                Part::Run(s) => now += s,
                _ => now = 0,
            }
            best = best.max(now);
        }
        best
    }

    /// Each second of the outing: Some(is running) while moving, None paused.
    fn seconds(&self) -> Vec<Option<bool>> {
        self.parts
            .iter()
            .flat_map(|p| match *p {
                Part::Run(s) => vec![Some(true); s as usize],
                Part::Walk(s) => vec![Some(false); s as usize],
                Part::Pause(s) => vec![None; s as usize],
            })
            .collect()
    }
}

/// A fixed pseudo-random sequence in [-1, 1): tests see the same noise
/// every run.
pub struct Noise(u64);

impl Noise {
    pub fn new(seed: u64) -> Noise {
        Noise(seed)
    }
    pub fn next(&mut self) -> f64 {
        self.0 = self
            .0
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        ((self.0 >> 11) as f64 / (1u64 << 53) as f64) * 2.0 - 1.0
    }
}

/// The outing as a watch's FIT activity: 1 Hz records with speed (±0.3 m/s
/// of noise), cadence (about 160 and 115 steps a minute, ±6) and heart
/// rate; a pause is the timer stopped and started, with nothing recorded.
pub fn fit(o: &Outing) -> Vec<u8> {
    fit_of_sport(o, 1)
}

pub fn fit_of_sport(o: &Outing, sport: u8) -> Vec<u8> {
    fit_activity(sport, &fit_items(o))
}

/// The outing as a running FIT laid out as `layout` says.
pub fn fit_laid_out(o: &Outing, layout: FitLayout) -> Vec<u8> {
    fit_activity_laid_out(1, &fit_items(o), layout)
}

fn fit_items(o: &Outing) -> Vec<FitItem> {
    let mut noise = Noise::new(1);
    let mut items = Vec::new();
    let mut distance = 0.0;
    let mut paused = false;
    for (i, s) in o.seconds().iter().enumerate() {
        let t = o.start + i as i64;
        match s {
            None => {
                if !paused {
                    items.push(FitItem::Stop(t));
                    paused = true;
                }
            }
            Some(run) => {
                if paused {
                    items.push(FitItem::Start(t));
                    paused = false;
                }
                let speed = if *run { JOG } else { WALK } + noise.next() * 0.3;
                distance += speed;
                let cadence = if *run { 80.0 } else { 57.5 } + noise.next() * 3.0;
                let hr = if *run {
                    o.run_heart_rate
                } else {
                    o.run_heart_rate - 40
                };
                items.push(FitItem::Record(FitRecord {
                    unix: t,
                    speed_mps: Some(speed),
                    cadence_rpm: Some(cadence.round() as u8),
                    heart_rate: Some(hr),
                    lat_lon: None,
                    distance_m: Some(distance),
                }));
            }
        }
    }
    items
}

/// Positions of the outing, one a second while moving: north-east from a
/// park in London, each fix scattered by up to 3 m.
fn track(o: &Outing) -> Vec<(i64, f64, f64)> {
    let mut noise = Noise::new(2);
    let (lat0, lon0) = (51.5313, -0.1570);
    let (mut north, mut east) = (0.0, 0.0);
    let mut out = Vec::new();
    for (i, s) in o.seconds().iter().enumerate() {
        let Some(run) = s else { continue };
        let v = if *run { JOG } else { WALK };
        north += v * 0.8;
        east += v * 0.6;
        let (n, e) = (north + noise.next() * 3.0, east + noise.next() * 3.0);
        out.push((
            o.start + i as i64,
            lat0 + n / 111_195.0,
            lon0 + e / (111_195.0 * lat0.to_radians().cos()),
        ));
    }
    out
}

fn iso(unix: i64) -> String {
    chrono::DateTime::from_timestamp(unix, 0)
        .expect("a time")
        .format("%Y-%m-%dT%H:%M:%SZ")
        .to_string()
}

/// The outing as a phone's GPX: positions and times only; a pause is a
/// gap in the times.
pub fn gpx(o: &Outing) -> String {
    let mut out = String::from(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<gpx version=\"1.1\" creator=\"test phone\" \
         xmlns=\"http://www.topografix.com/GPX/1/1\">\n<trk><name>Morning run</name><type>running</type><trkseg>\n",
    );
    for (t, lat, lon) in track(o) {
        out.push_str(&format!(
            "<trkpt lat=\"{lat:.7}\" lon=\"{lon:.7}\"><ele>40.0</ele><time>{}</time></trkpt>\n",
            iso(t)
        ));
    }
    out.push_str("</trkseg></trk></gpx>\n");
    out
}

/// The outing as a TCX: distance so far, positions and heart rate.
pub fn tcx(o: &Outing) -> String {
    let mut out = format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<TrainingCenterDatabase \
         xmlns=\"http://www.garmin.com/xmlschemas/TrainingCenterDatabase/v2\">\n<Activities>\
         <Activity Sport=\"Running\"><Id>{0}</Id><Lap StartTime=\"{0}\"><Track>\n",
        iso(o.start)
    );
    let mut noise = Noise::new(3);
    let seconds = o.seconds();
    let mut distance = 0.0;
    for (t, lat, lon) in track(o) {
        let run = seconds[(t - o.start) as usize] == Some(true);
        distance += if run { JOG } else { WALK } + noise.next() * 0.2;
        let hr = if run {
            o.run_heart_rate
        } else {
            o.run_heart_rate - 40
        };
        out.push_str(&format!(
            "<Trackpoint><Time>{}</Time><Position><LatitudeDegrees>{lat:.7}</LatitudeDegrees>\
             <LongitudeDegrees>{lon:.7}</LongitudeDegrees></Position>\
             <DistanceMeters>{distance:.1}</DistanceMeters><HeartRateBpm><Value>{hr}</Value>\
             </HeartRateBpm></Trackpoint>\n",
            iso(t)
        ));
    }
    out.push_str("</Track></Lap></Activity></Activities></TrainingCenterDatabase>\n");
    out
}
