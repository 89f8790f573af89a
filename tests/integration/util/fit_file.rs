//! FIT activities for tests: the messages a watch writes for a run
//! (file_id, sport, timer events, 1 Hz records, a lap and a session),
//! encoded by rustyfit, the FIT encoder walkrun's `export --fit` uses, so
//! the bytes follow the FIT profile (definitions, scales, CRCs) and cannot
//! drift from it as hand-written bytes could. It is shared by the
//! library's unit tests, the integration tests and the bench suite.

use embedded_io_adapters::std::FromStd;
use rustyfit::profile::{mesgdef, typedef};
use rustyfit::proto::{DeveloperField, Message, ProtocolVersion, Value, FIT};
use rustyfit::{Encoder, Endianness, HeaderOption};

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

/// How the file is laid out, as different watches do it.
#[derive(Debug, Clone, Copy, Default)]
pub struct FitLayout {
    /// Records with a compressed timestamp in their header (most Garmins).
    pub compressed: bool,
    /// Big-endian fields (some older devices).
    pub big_endian: bool,
    /// A Connect IQ app's developer field on every record (a foot pod's
    /// power, say), which a reader must step over.
    pub developer_field: bool,
}

fn time(unix: i64) -> typedef::DateTime {
    typedef::DateTime::from_unix_timestamp(unix)
}

/// A FIT activity file of `sport` (1 running, 2 cycling, 11 walking) holding
/// `items`.
pub fn fit_activity(sport: u8, items: &[FitItem]) -> Vec<u8> {
    fit_activity_laid_out(sport, items, FitLayout::default())
}

/// [`fit_activity`], laid out as `layout` says.
pub fn fit_activity_laid_out(sport: u8, items: &[FitItem], layout: FitLayout) -> Vec<u8> {
    let sport = typedef::Sport(sport);
    let first = items
        .iter()
        .map(|i| match i {
            FitItem::Record(r) => r.unix,
            FitItem::Start(t) | FitItem::Stop(t) => *t,
        })
        .next()
        .unwrap_or(1_631_065_600);
    let mut messages = Vec::with_capacity(items.len() + 8);

    let mut file_id = mesgdef::FileId::new();
    file_id.r#type = typedef::File::ACTIVITY;
    file_id.manufacturer = typedef::Manufacturer::DEVELOPMENT;
    file_id.product = 0;
    file_id.serial_number = 1;
    file_id.time_created = time(first);
    messages.push(Message::from(file_id));

    let mut s = mesgdef::Sport::new();
    s.sport = sport;
    messages.push(Message::from(s));

    let event = |unix: i64, kind: typedef::EventType| {
        let mut e = mesgdef::Event::new();
        e.timestamp = time(unix);
        e.event = typedef::Event::TIMER;
        e.event_type = kind;
        Message::from(e)
    };
    if layout.developer_field {
        let mut id = mesgdef::DeveloperDataId::new();
        id.developer_data_index = 0;
        id.application_id = Box::new([7; 16]);
        messages.push(Message::from(id));
        let mut d = mesgdef::FieldDescription::new();
        d.developer_data_index = 0;
        d.field_definition_number = 0;
        d.fit_base_type_id = typedef::FitBaseType::UINT16;
        d.field_name = Box::new(["Power".into()]);
        d.units = Box::new(["Watts".into()]);
        messages.push(Message::from(d));
    }
    messages.push(event(first, typedef::EventType::START));
    let mut last = first;
    for item in items {
        match *item {
            FitItem::Stop(t) => messages.push(event(t, typedef::EventType::STOP_ALL)),
            FitItem::Start(t) => messages.push(event(t, typedef::EventType::START)),
            FitItem::Record(r) => {
                last = r.unix;
                let mut m = mesgdef::Record::new();
                m.timestamp = time(r.unix);
                if let Some((lat, lon)) = r.lat_lon {
                    m.set_position_lat_degrees(lat);
                    m.set_position_long_degrees(lon);
                }
                if let Some(h) = r.heart_rate {
                    m.heart_rate = h;
                }
                if let Some(c) = r.cadence_rpm {
                    m.cadence = c;
                }
                if let Some(d) = r.distance_m {
                    m.set_distance_scaled(d);
                }
                if let Some(v) = r.speed_mps {
                    m.set_speed_scaled(v.clamp(0.0, 65.534));
                }
                let mut m = Message::from(m);
                if layout.developer_field {
                    m.developer_fields.push(DeveloperField {
                        num: 0,
                        developer_data_index: 0,
                        value: Value::Uint16(231),
                    });
                }
                messages.push(m);
            }
        }
    }
    messages.push(event(last, typedef::EventType::STOP_ALL));

    let mut lap = mesgdef::Lap::new();
    lap.timestamp = time(last);
    lap.start_time = time(first);
    lap.sport = sport;
    messages.push(Message::from(lap));

    let mut session = mesgdef::Session::new();
    session.timestamp = time(last);
    session.start_time = time(first);
    session.sport = sport;
    messages.push(Message::from(session));

    let mut fit = FIT {
        messages,
        ..Default::default()
    };
    let mut out = FromStd::new(std::io::Cursor::new(Vec::new()));
    let mut encoder = Encoder::builder();
    if layout.compressed {
        encoder = encoder.header_option(HeaderOption::Compressed(3));
    }
    if layout.developer_field {
        // Developer data came with version 2 of the protocol.
        encoder = encoder.protocol_version(ProtocolVersion::V2);
    }
    if layout.big_endian {
        encoder = encoder.endianness(Endianness::BigEndian);
    }
    encoder
        .build()
        .encode(&mut out, &mut fit)
        .expect("rustyfit encodes the test activity");
    out.into_inner().into_inner()
}
