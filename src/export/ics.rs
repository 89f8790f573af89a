//! A placed plan as an iCalendar file (RFC 5545): one event a session, the
//! lifts and an alarm when asked. Events keep the same UID every time the same
//! plan is exported, so importing again updates a calendar instead of
//! doubling it.

use chrono::{DateTime, Days, Duration, NaiveDate, NaiveDateTime, NaiveTime, Utc};
use chrono_tz::Tz;
use icalendar::{Alarm, Calendar, CalendarDateTime, Component, Event, EventLike, Trigger};

use super::{dated_sessions, main_set, plan_id, vtimezone, Dated, ExportError};
use crate::plan::steps::format_minutes;
use crate::plan::{weekday_name, Lift, LiftChange, LiftException, Plan};

/// When a session with no time of day reminds: at 08:00 on its day.
const ALL_DAY_REMINDER: Duration = Duration::hours(8);

/// What the calendar holds besides the sessions, and how times are written.
#[derive(Debug, Clone)]
pub struct Options {
    /// Times carry this zone (with its VTIMEZONE); `None` writes floating
    /// local times, which calendar apps show at the same clock time anywhere.
    pub tz: Option<Tz>,
    /// Add an event for every lift of every week.
    pub with_lifts: bool,
    /// An alarm this long before each session (and the race).
    pub remind: Option<Duration>,
    /// DTSTAMP: when the calendar was made.
    pub stamp: DateTime<Utc>,
}

/// SEQUENCE for every event: the minutes from 2026 to the export. Calendar
/// apps (Google Calendar's import among them) take an event with a known UID
/// as an update only when its SEQUENCE is higher than the one they hold, so a
/// rescheduled plan exported again must count up; a clock that only moves
/// forward does that with no state kept between exports.
fn sequence(stamp: DateTime<Utc>) -> u32 {
    let epoch = NaiveDate::from_ymd_opt(2026, 1, 1)
        .unwrap_or_default()
        .and_time(NaiveTime::MIN)
        .and_utc();
    u32::try_from((stamp - epoch).num_minutes().max(0)).unwrap_or(u32::MAX)
}

/// The calendar, as the text of an .ics file.
pub fn calendar(plan: &Plan, opts: &Options) -> Result<String, ExportError> {
    let sessions = dated_sessions(plan)?;
    let id = plan_id(&plan.name);
    let mut events: Vec<Event> = Vec::new();
    let mut span: Option<(NaiveDateTime, NaiveDateTime)> = None;
    let mut widen = |from: NaiveDateTime, to: NaiveDateTime| {
        span = Some(match span {
            None => (from, to),
            Some((a, b)) => (a.min(from), b.max(to)),
        });
    };
    let weeks = plan.weeks.len();
    for d in &sessions {
        let start = d.date.and_time(d.at.unwrap_or(NaiveTime::MIN));
        let length = Duration::seconds(d.session.steps.total_seconds() as i64);
        widen(start, start + length.max(Duration::days(1)));
        events.push(session_event(plan, d, weeks, &id, opts));
    }
    if opts.with_lifts {
        for week in 1..=weeks {
            for lift in &plan.lifts {
                let Some(date) = plan.date_of(week, lift.day) else {
                    continue;
                };
                let exception = plan.exception(lift, date);
                let (day, at) = match exception.map(|e| e.change) {
                    Some(LiftChange::Move { to, at }) => (to, at),
                    _ => (date, lift.at),
                };
                let start = day.and_time(at);
                widen(start, start + Duration::minutes(i64::from(lift.minutes)));
                events.push(lift_event(lift, week, date, exception, &id, opts));
            }
        }
    }

    let mut head = Calendar::empty();
    head.append_property(("VERSION", "2.0"))
        .append_property((
            "PRODID",
            concat!("-//walkrun//walkrun ", env!("CARGO_PKG_VERSION"), "//EN"),
        ))
        .append_property(("CALSCALE", "GREGORIAN"))
        .name(&plan.name);
    if let Some(tz) = opts.tz {
        head.timezone(tz.name());
    }
    let head = head.to_string();
    // The crate writes events but no VTIMEZONE: the calendar's properties come
    // first, then the zone, then the events.
    let mut out = head
        .strip_suffix("END:VCALENDAR\r\n")
        .unwrap_or(&head)
        .to_string();
    if let (Some(tz), Some((from, to))) = (opts.tz, span) {
        out.push_str(&vtimezone::vtimezone(tz, from, to));
    }
    for e in &events {
        out.push_str(&Component::to_string(e));
    }
    out.push_str("END:VCALENDAR\r\n");
    Ok(fold(&out))
}

/// The longest a content line may be, in octets, without its CRLF (RFC 5545,
/// 3.1); a continuation's leading space counts.
const LINE_OCTETS: usize = 75;

/// Every content line folded at 75 octets, on character boundaries. The
/// icalendar crate (0.17) folds too, but leaves a last continuation of 76
/// octets: its folds are undone and made again here. Values are escaped
/// (a newline is `\n`), so every CRLF followed by a space is a fold.
fn fold(ics: &str) -> String {
    let unfolded = ics.replace("\r\n ", "");
    let mut out = String::with_capacity(unfolded.len() + unfolded.len() / 25);
    for line in unfolded.split_inclusive("\r\n") {
        let (content, end) = match line.strip_suffix("\r\n") {
            Some(c) => (c, "\r\n"),
            None => (line, ""),
        };
        let mut room = LINE_OCTETS;
        let mut taken = 0;
        for (at, ch) in content.char_indices() {
            if at + ch.len_utf8() - taken > room {
                out.push_str(&content[taken..at]);
                out.push_str("\r\n ");
                taken = at;
                room = LINE_OCTETS - 1;
            }
        }
        out.push_str(&content[taken..]);
        out.push_str(end);
    }
    out
}

fn session_event(plan: &Plan, d: &Dated<'_>, weeks: usize, id: &str, opts: &Options) -> Event {
    let steps = &d.session.steps;
    let main = main_set(steps);
    let title = match d.session.purpose {
        Some(crate::plan::Purpose::Race) => format!(
            "{} · Race day · {}",
            d.address,
            plan.goal.as_deref().unwrap_or("race").to_uppercase()
        ),
        Some(p) => format!("{} · {} · {main}", d.address, p.as_str()),
        None => format!("{} · {main}", d.address),
    };
    let mut description = format!(
        "{steps}\n{} min in all, {} min of running, the longest run {} min.\n{}: week {} of {weeks}, session {}.",
        format_minutes(steps.total_seconds()),
        format_minutes(steps.run_seconds()),
        format_minutes(steps.longest_run_seconds()),
        plan.name,
        d.address.week,
        d.address.session,
    );
    // The treadmill's speeds, where the runner's pace is known.
    if let Some(p) = plan.pace {
        let paces = crate::plan::pace::Paces::running(p);
        if let Some(speeds) = super::words::speeds(steps, &paces) {
            description.push_str(&format!("\nOn a treadmill, at {p}: {speeds}."));
        }
    }
    if let Some(note) = &d.session.note {
        description.push_str(&format!("\n{note}"));
    }
    let uid = format!(
        "{}-{id}@walkrun",
        d.address.to_string().to_ascii_lowercase()
    );
    let mut event = Event::new();
    event
        .uid(&uid)
        .timestamp(opts.stamp)
        .sequence(sequence(opts.stamp))
        .summary(&title)
        .description(&description);
    let length = Duration::seconds(steps.total_seconds() as i64);
    place(&mut event, d.date, d.at, length, opts.tz);
    if let Some(before) = opts.remind {
        let trigger = if d.at.is_some() {
            Trigger::before_start(before)
        } else {
            Trigger::after_start(ALL_DAY_REMINDER)
        };
        let mut alarm = Alarm::display(
            &format!("{title} ({} min)", format_minutes(steps.total_seconds())),
            trigger,
        );
        alarm.uid(&format!("alarm-{uid}")).timestamp(opts.stamp);
        event.alarm(alarm);
    }
    event.done()
}

/// A lift's event in `week`, on `date` unless the plan's exception moves
/// it. A skipped lift keeps its event, cancelled, so a calendar that holds it
/// from an earlier import takes the change rather than keeping the lift.
fn lift_event(
    lift: &Lift,
    week: usize,
    date: NaiveDate,
    exception: Option<&LiftException>,
    id: &str,
    opts: &Options,
) -> Event {
    let kind = if lift.legs {
        "Lift · heavy legs"
    } else {
        "Lift"
    };
    let (title, day, at, legs) = match exception.map(|e| e.change) {
        None => (kind.to_string(), date, lift.at, lift.legs),
        Some(LiftChange::Skip) => (format!("{kind} · skipped"), date, lift.at, lift.legs),
        Some(LiftChange::Move { to, at }) => (
            format!("{kind} · moved from {}", date.format("%a %-d %b")),
            to,
            at,
            lift.legs,
        ),
        Some(LiftChange::Light) => ("Lift · upper body only".to_string(), date, lift.at, false),
    };
    let uid = format!(
        "lift-w{week}-{}-{}-{id}@walkrun",
        weekday_name(lift.day),
        lift.at.format("%H%M")
    );
    let mut description = format!(
        "Strength, {} min{}. The runs of the plan are placed around it.",
        lift.minutes,
        if legs { ", heavy lower body" } else { "" }
    );
    if let Some(note) = exception.and_then(|e| e.note.as_deref()) {
        description.push_str(&format!("\n{note}"));
    }
    let mut event = Event::new();
    event
        .uid(&uid)
        .timestamp(opts.stamp)
        .sequence(sequence(opts.stamp))
        .summary(&title)
        .description(&description);
    if exception.is_some_and(|e| e.change == LiftChange::Skip) {
        event.status(icalendar::EventStatus::Cancelled);
    }
    place(
        &mut event,
        day,
        Some(at),
        Duration::minutes(i64::from(lift.minutes)),
        opts.tz,
    );
    event.done()
}

/// Start and end: at a time for `length`, or the whole day (and then free,
/// so a run with no time does not make the runner look busy all day).
fn place(
    event: &mut Event,
    date: NaiveDate,
    at: Option<NaiveTime>,
    length: Duration,
    tz: Option<Tz>,
) {
    match at {
        Some(at) => {
            let start = date.and_time(at);
            let when = |t: NaiveDateTime| match tz {
                Some(tz) => CalendarDateTime::WithTimezone {
                    date_time: t,
                    tzid: tz.name().to_string(),
                },
                None => CalendarDateTime::Floating(t),
            };
            event.starts(when(start)).ends(when(start + length));
        }
        None => {
            let next = date.checked_add_days(Days::new(1)).unwrap_or(date);
            event
                .starts(date)
                .ends(next)
                .append_property(("TRANSP", "TRANSPARENT"));
        }
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn lines_fold_at_75_octets_on_character_boundaries() {
        let long = format!("DESCRIPTION:{}\r\n", "run ½ min · walk ".repeat(12));
        let folded = super::fold(&long);
        for line in folded.split("\r\n") {
            assert!(line.len() <= 75, "{} octets: {line}", line.len());
        }
        assert_eq!(folded.replace("\r\n ", ""), long, "unfolds to the line");
        assert!(folded.split("\r\n").filter(|l| l.len() >= 74).count() >= 2);
    }
}
