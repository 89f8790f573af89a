//! A VTIMEZONE component for an IANA zone over a span of dates, from the tz
//! database that chrono-tz carries. RFC 5545 wants one for every TZID a
//! calendar uses, so a calendar app needs no database of its own to place the
//! events. The component lists the offset in force at the start of the span
//! and each change inside it, as single dated observances (no rules to get
//! wrong for zones whose rules changed).

use chrono::{Duration, NaiveDateTime, Offset, TimeZone};
use chrono_tz::{OffsetComponents, OffsetName, Tz};

/// The offset in force at an instant, as the component writes it.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Observance {
    /// Seconds east of UTC.
    offset: i32,
    daylight: bool,
    name: String,
}

fn observance(tz: Tz, utc: NaiveDateTime) -> Observance {
    let o = tz.offset_from_utc_datetime(&utc);
    Observance {
        offset: o.fix().local_minus_utc(),
        daylight: !o.dst_offset().is_zero(),
        name: o.abbreviation().unwrap_or_default().to_string(),
    }
}

/// The VTIMEZONE text (CRLF lines) for `tz`, valid for local times from
/// `from` to `to`.
pub fn vtimezone(tz: Tz, from: NaiveDateTime, to: NaiveDateTime) -> String {
    // A day's margin on both sides covers any offset a local time can have.
    let start = from - Duration::days(1);
    let end = to + Duration::days(1);
    let mut out = format!("BEGIN:VTIMEZONE\r\nTZID:{}\r\n", tz.name());
    let first = observance(tz, start);
    push(&mut out, &first, &first, start);
    let (mut t, mut current) = (start, first);
    while t < end {
        let next = t + Duration::hours(1);
        let seen = observance(tz, next);
        if seen != current {
            // The first second with the new offset, between t and next.
            let (mut lo, mut hi) = (t, next);
            while hi - lo > Duration::seconds(1) {
                let mid = lo + (hi - lo) / 2;
                if observance(tz, mid) == current {
                    lo = mid;
                } else {
                    hi = mid;
                }
            }
            let after = observance(tz, hi);
            push(&mut out, &current, &after, hi);
            current = after;
        }
        t = next;
    }
    out.push_str("END:VTIMEZONE\r\n");
    out
}

/// One observance: from `before` to `after` at the UTC instant `utc`, whose
/// DTSTART is the local time the clock showed just before the change.
fn push(out: &mut String, before: &Observance, after: &Observance, utc: NaiveDateTime) {
    let kind = if after.daylight {
        "DAYLIGHT"
    } else {
        "STANDARD"
    };
    let local = utc + Duration::seconds(i64::from(before.offset));
    out.push_str(&format!(
        "BEGIN:{kind}\r\nDTSTART:{}\r\nTZOFFSETFROM:{}\r\nTZOFFSETTO:{}\r\n",
        local.format("%Y%m%dT%H%M%S"),
        utc_offset(before.offset),
        utc_offset(after.offset)
    ));
    if !after.name.is_empty() {
        out.push_str(&format!("TZNAME:{}\r\n", after.name));
    }
    out.push_str(&format!("END:{kind}\r\n"));
}

/// `+0100`, `-0330`, or with seconds where the offset has them.
fn utc_offset(seconds: i32) -> String {
    let sign = if seconds < 0 { '-' } else { '+' };
    let s = seconds.unsigned_abs();
    let (h, m, sec) = (s / 3600, s / 60 % 60, s % 60);
    if sec == 0 {
        format!("{sign}{h:02}{m:02}")
    } else {
        format!("{sign}{h:02}{m:02}{sec:02}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::NaiveDate;

    fn at(y: i32, m: u32, d: u32) -> NaiveDateTime {
        NaiveDate::from_ymd_opt(y, m, d)
            .and_then(|d| d.and_hms_opt(0, 0, 0))
            .expect("date")
    }

    #[test]
    fn london_over_a_winter_and_spring() {
        let text = vtimezone(chrono_tz::Europe::London, at(2026, 12, 7), at(2027, 5, 1));
        assert_eq!(
            text,
            "BEGIN:VTIMEZONE\r\nTZID:Europe/London\r\n\
             BEGIN:STANDARD\r\nDTSTART:20261206T000000\r\nTZOFFSETFROM:+0000\r\nTZOFFSETTO:+0000\r\nTZNAME:GMT\r\nEND:STANDARD\r\n\
             BEGIN:DAYLIGHT\r\nDTSTART:20270328T010000\r\nTZOFFSETFROM:+0000\r\nTZOFFSETTO:+0100\r\nTZNAME:BST\r\nEND:DAYLIGHT\r\n\
             END:VTIMEZONE\r\n"
        );
    }

    #[test]
    fn a_zone_that_falls_back_inside_the_span() {
        let text = vtimezone(
            chrono_tz::America::New_York,
            at(2026, 10, 1),
            at(2026, 12, 1),
        );
        assert!(text.contains(
            "BEGIN:STANDARD\r\nDTSTART:20261101T020000\r\nTZOFFSETFROM:-0400\r\nTZOFFSETTO:-0500\r\nTZNAME:EST\r\n"
        ), "{text}");
        assert!(text.contains("BEGIN:DAYLIGHT\r\nDTSTART:20260929T200000\r\nTZOFFSETFROM:-0400\r\nTZOFFSETTO:-0400"), "{text}");
    }
}
