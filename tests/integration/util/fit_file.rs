//! A small FIT activity encoder, for tests only: the messages a watch writes
//! for a run (file_id, sport, timer events, 1 Hz records, a session), with
//! the header and file CRCs of the FIT SDK. The FIT readers walkrun uses do
//! not write, so tests make their recordings with this. It is shared by the
//! library's unit tests, the integration tests and the fuzz seeds.

/// Seconds from the Unix epoch to the FIT epoch (1989-12-31T00:00:00Z).
pub const FIT_EPOCH: i64 = 631_065_600;

/// One 1 Hz record.
#[derive(Debug, Clone, Copy, Default)]
pub struct FitRecord {
    /// Unix seconds.
    pub unix: i64,
    pub speed_mps: Option<f64>,
    /// Running cadence as FIT stores it: strides a minute (one foot).
    pub cadence_rpm: Option<u8>,
    pub heart_rate: Option<u8>,
    pub lat_lon: Option<(f64, f64)>,
    pub distance_m: Option<f64>,
}

/// What goes into the file, in order.
#[derive(Debug, Clone, Copy)]
pub enum FitItem {
    Record(FitRecord),
    /// Timer stopped (the runner paused the watch) at these Unix seconds.
    Stop(i64),
    /// Timer started again.
    Start(i64),
}

/// The FIT SDK's CRC-16.
pub fn fit_crc(bytes: &[u8]) -> u16 {
    const TABLE: [u16; 16] = [
        0x0000, 0xCC01, 0xD801, 0x1400, 0xF001, 0x3C00, 0x2800, 0xE401, 0xA001, 0x6C00, 0x7800,
        0xB401, 0x5000, 0x9C01, 0x8801, 0x4400,
    ];
    let mut crc: u16 = 0;
    for &b in bytes {
        let mut tmp = TABLE[usize::from(crc & 0xF)];
        crc = (crc >> 4) & 0x0FFF;
        crc = crc ^ tmp ^ TABLE[usize::from(b & 0xF)];
        tmp = TABLE[usize::from(crc & 0xF)];
        crc = (crc >> 4) & 0x0FFF;
        crc = crc ^ tmp ^ TABLE[usize::from((b >> 4) & 0xF)];
    }
    crc
}

fn fit_time(unix: i64) -> u32 {
    u32::try_from(unix - FIT_EPOCH).unwrap_or(0)
}

fn semicircles(deg: f64) -> i32 {
    (deg * (2f64.powi(31) / 180.0)).round() as i32
}

/// A FIT activity file of `sport` (1 running, 2 cycling, 11 walking) holding
/// `items`, with a valid header and CRC.
pub fn fit_activity(sport: u8, items: &[FitItem]) -> Vec<u8> {
    let mut data: Vec<u8> = Vec::new();
    // Definition: local type, global message, fields (number, size, base type).
    let define = |data: &mut Vec<u8>, local: u8, global: u16, fields: &[(u8, u8, u8)]| {
        data.push(0x40 | local);
        data.push(0); // reserved
        data.push(0); // little endian
        data.extend_from_slice(&global.to_le_bytes());
        data.push(u8::try_from(fields.len()).unwrap_or(0));
        for &(n, size, base) in fields {
            data.extend_from_slice(&[n, size, base]);
        }
    };
    let first = items
        .iter()
        .map(|i| match i {
            FitItem::Record(r) => r.unix,
            FitItem::Start(t) | FitItem::Stop(t) => *t,
        })
        .next()
        .unwrap_or(FIT_EPOCH + 1_000_000_000);
    // file_id: type (enum), manufacturer (uint16), time_created (uint32).
    define(&mut data, 0, 0, &[(0, 1, 0x00), (1, 2, 0x84), (4, 4, 0x86)]);
    data.push(0);
    data.push(4); // activity
    data.extend_from_slice(&255u16.to_le_bytes()); // development
    data.extend_from_slice(&fit_time(first).to_le_bytes());
    // sport: sport (enum).
    define(&mut data, 1, 12, &[(0, 1, 0x00)]);
    data.extend_from_slice(&[1, sport]);
    // event: timestamp, event (enum, 0 = timer), event_type (enum).
    define(
        &mut data,
        2,
        21,
        &[(253, 4, 0x86), (0, 1, 0x00), (1, 1, 0x00)],
    );
    // record: timestamp, lat, long, heart_rate, cadence, distance, speed.
    define(
        &mut data,
        3,
        20,
        &[
            (253, 4, 0x86),
            (0, 4, 0x85),
            (1, 4, 0x85),
            (3, 1, 0x02),
            (4, 1, 0x02),
            (5, 4, 0x86),
            (6, 2, 0x84),
        ],
    );
    let event = |data: &mut Vec<u8>, t: i64, kind: u8| {
        data.push(2);
        data.extend_from_slice(&fit_time(t).to_le_bytes());
        data.extend_from_slice(&[0, kind]);
    };
    event(&mut data, first, 0);
    let mut last = first;
    for item in items {
        match *item {
            FitItem::Stop(t) => event(&mut data, t, 4), // stop_all
            FitItem::Start(t) => event(&mut data, t, 0),
            FitItem::Record(r) => {
                last = r.unix;
                data.push(3);
                data.extend_from_slice(&fit_time(r.unix).to_le_bytes());
                let (lat, lon) = r.lat_lon.map_or((i32::MAX, i32::MAX), |(a, b)| {
                    (semicircles(a), semicircles(b))
                });
                data.extend_from_slice(&lat.to_le_bytes());
                data.extend_from_slice(&lon.to_le_bytes());
                data.push(r.heart_rate.unwrap_or(0xFF));
                data.push(r.cadence_rpm.unwrap_or(0xFF));
                let dist = r
                    .distance_m
                    .map_or(u32::MAX, |d| (d * 100.0).round() as u32);
                data.extend_from_slice(&dist.to_le_bytes());
                let speed = r.speed_mps.map_or(u16::MAX, |s| {
                    (s * 1000.0).round().clamp(0.0, 65534.0) as u16
                });
                data.extend_from_slice(&speed.to_le_bytes());
            }
        }
    }
    event(&mut data, last, 4);
    // session: timestamp, start_time, sport.
    define(
        &mut data,
        4,
        18,
        &[(253, 4, 0x86), (2, 4, 0x86), (5, 1, 0x00)],
    );
    data.push(4);
    data.extend_from_slice(&fit_time(last).to_le_bytes());
    data.extend_from_slice(&fit_time(first).to_le_bytes());
    data.push(sport);

    let mut file = Vec::with_capacity(data.len() + 16);
    file.push(14);
    file.push(0x20);
    file.extend_from_slice(&2132u16.to_le_bytes());
    file.extend_from_slice(&u32::try_from(data.len()).unwrap_or(0).to_le_bytes());
    file.extend_from_slice(b".FIT");
    let header_crc = fit_crc(&file);
    file.extend_from_slice(&header_crc.to_le_bytes());
    file.extend_from_slice(&data);
    let crc = fit_crc(&file);
    file.extend_from_slice(&crc.to_le_bytes());
    file
}
