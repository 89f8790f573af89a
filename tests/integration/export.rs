//! `walkrun export`: a calendar that a strict iCalendar parser accepts, with
//! the right dates, UIDs that stay the same on re-export, lifts and alarms when
//! asked, time zones with their VTIMEZONE; and the printable Markdown page.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use crate::util::{walkrun, Walkrun};
use chrono::{Days, NaiveDate, NaiveDateTime, TimeZone};
use ical::component::IcalComponent;
use ical::param::IcalParam;
use ical::recur::IcalRecurDateTime;
use ical::tree::cst::IcalCst;
use ical::tz::IcalTz;
use ical::value::IcalValue;

struct Dir {
    dir: tempfile::TempDir,
}

impl Dir {
    fn new() -> Dir {
        Dir {
            dir: tempfile::tempdir().expect("temp dir"),
        }
    }

    fn path(&self, name: &str) -> PathBuf {
        self.dir.path().join(name)
    }

    fn walkrun(&self) -> Walkrun {
        walkrun()
            .home(self.path("data"))
            .config(self.path("no-profile.toml"))
            .in_dir(self.dir.path())
    }

    /// Couch to 5K placed from Mon 7 Dec 2026 around three morning lifts.
    /// Couch to 5K placed around three lifts, its runs with no time of day:
    /// the planner gives every run a time, so the runs' `at` lines are taken
    /// out again, as in a plan a runner wrote by hand.
    fn couch_to_5k(&self) -> PathBuf {
        self.walkrun()
            .args(["plan", "--program", "couch-to-5k", "--start", "2026-12-07"])
            .args(["--lift", "mon@07:00:legs", "--lift", "wed@07:00"])
            .args([
                "--lift",
                "fri@07:00",
                "--run-days",
                "tue,thu,sat",
                "-o",
                "c25k.toml",
            ])
            .assert()
            .success();
        let path = self.path("c25k.toml");
        let text = std::fs::read_to_string(&path).expect("written");
        let mut in_session = false;
        let untimed: Vec<&str> = text
            .lines()
            .filter(|l| {
                if l.starts_with('[') {
                    in_session = *l == "[[week.session]]";
                }
                !(in_session && l.starts_with("at = "))
            })
            .collect();
        std::fs::write(&path, untimed.join("\n")).expect("rewritten");
        path
    }

    fn export_ics(&self, plan: &Path, extra: &[&str]) -> String {
        let out = self.path("plan.ics");
        self.walkrun()
            .arg("export")
            .arg(plan)
            .arg("--ics")
            .arg(&out)
            .args(extra)
            .assert()
            .success();
        std::fs::read_to_string(&out).expect("ics written")
    }
}

/// One property as the strict parser decoded it.
#[derive(Debug, Clone)]
struct Prop {
    value: String,
    tzid: Option<String>,
}

#[derive(Debug, Clone)]
struct Event {
    props: BTreeMap<String, Prop>,
    alarms: Vec<BTreeMap<String, Prop>>,
}

impl Event {
    fn get(&self, name: &str) -> &str {
        self.props
            .get(name)
            .map(|p| p.value.as_str())
            .unwrap_or_else(|| panic!("no {name} in {self:?}"))
    }
}

fn props(c: &IcalComponent<'_>) -> BTreeMap<String, Prop> {
    c.props
        .iter()
        .map(|p| {
            let value = match &p.value {
                IcalValue::Text(t) => t.0.to_string(),
                IcalValue::Date(d) => d.0.to_string(),
                IcalValue::DateTime(d) => d.0.to_string(),
                IcalValue::Duration(d) => d.0.to_string(),
                IcalValue::Integer(n) => n.0.to_string(),
                other => format!("{other:?}"),
            };
            let tzid = p.params.iter().find_map(|q| match q {
                IcalParam::TzId(t) => Some(t.to_string()),
                _ => None,
            });
            (p.name.to_string(), Prop { value, tzid })
        })
        .collect()
}

/// Parse with ical-rs and demand a clean RFC 5545 validation, then check what
/// it leaves to us: CRLF lines of at most 75 octets, a VTIMEZONE for every
/// TZID, an end after every start, unique UIDs. Returns the events.
fn strict(text: &str) -> (Vec<Event>, Vec<String>) {
    assert!(text.ends_with("\r\n"), "lines end in CRLF");
    for line in text.split("\r\n") {
        assert!(!line.contains('\n'), "a bare LF in {line:?}");
        assert!(
            line.len() <= 75,
            "a line of {} octets: {line:?}",
            line.len()
        );
    }
    let cst = IcalCst::parse(text).unwrap_or_else(|e| panic!("does not parse: {e:?}"));
    let cal = cst.decode();
    let zones: Vec<String> = cal
        .components
        .iter()
        .filter(|c| c.name.to_string() == "VTIMEZONE")
        .flat_map(|c| props(c).get("TZID").map(|p| p.value.clone()))
        .collect();
    let events: Vec<Event> = cal
        .components
        .iter()
        .filter(|c| c.name.to_string() == "VEVENT")
        .map(|c| Event {
            props: props(c),
            alarms: c.components.iter().map(props).collect(),
        })
        .collect();
    for e in &events {
        for key in ["DTSTART", "DTEND"] {
            if let Some(tz) = &e.props[key].tzid {
                assert!(
                    IcalTz::of_calendar(&cal, tz).is_some(),
                    "{key} names {tz}, and the calendar has no VTIMEZONE for it"
                );
            }
        }
        assert!(
            e.get("DTEND") > e.get("DTSTART"),
            "{} ends at or before it starts",
            e.get("UID")
        );
    }
    let mut uids: Vec<&str> = events.iter().map(|e| e.get("UID")).collect();
    uids.sort_unstable();
    let n = uids.len();
    uids.dedup();
    assert_eq!(uids.len(), n, "UIDs repeat");
    if let Err(problems) = cal.validate() {
        let problems: Vec<String> = problems.iter().map(|p| p.to_string()).collect();
        panic!("not valid RFC 5545:\n{}", problems.join("\n"));
    }
    (events, zones)
}

fn date(text: &str) -> NaiveDate {
    NaiveDate::parse_from_str(text, "%Y%m%d").unwrap_or_else(|_| panic!("a DATE, got {text}"))
}

fn date_time(text: &str) -> NaiveDateTime {
    NaiveDateTime::parse_from_str(text, "%Y%m%dT%H%M%S")
        .unwrap_or_else(|_| panic!("a local DATE-TIME, got {text}"))
}

fn sessions(events: &[Event]) -> Vec<&Event> {
    events
        .iter()
        .filter(|e| e.get("SUMMARY").starts_with('W'))
        .collect()
}

#[test]
fn couch_to_5k_is_27_events_on_the_right_days_and_parses_strictly() {
    let dir = Dir::new();
    let plan = dir.couch_to_5k();
    let text = dir.export_ics(&plan, &[]);
    let (events, zones) = strict(&text);
    assert!(zones.is_empty(), "floating times need no zone");
    assert_eq!(events.len(), 27);
    let start = NaiveDate::from_ymd_opt(2026, 12, 7).expect("date");
    for (i, e) in events.iter().enumerate() {
        let (week, session) = (i / 3 + 1, i % 3 + 1);
        // Tue, Thu, Sat of each week: the lifts are Mon, Wed, Fri.
        let want = start + Days::new(7 * (week as u64 - 1) + [1, 3, 5][session - 1]);
        assert_eq!(date(e.get("DTSTART")), want, "W{week}D{session}");
        // No time of day in the plan: an all-day event that leaves the day free.
        assert_eq!(date(e.get("DTEND")), want + Days::new(1));
        assert_eq!(e.get("TRANSP"), "TRANSPARENT");
        let summary = e.get("SUMMARY");
        assert!(
            summary.starts_with(&format!("W{week}D{session} · ")),
            "{summary}"
        );
        let description = e.get("DESCRIPTION");
        assert!(description.contains("Couch to 5K"), "{description}");
        assert!(description.contains("min of running"), "{description}");
        assert!(e.alarms.is_empty());
    }
    assert_eq!(events[0].get("SUMMARY"), "W1D1 · 8x(run 1m, walk 1m30s)");
    assert_eq!(events[26].get("SUMMARY"), "W9D3 · run 30m");
    assert!(events[0].get("DESCRIPTION").starts_with(
        "warmup 5m, 8x(run 1m, walk 1m30s), cooldown 5m\n30 min in all, 8 min of running"
    ));
}

#[test]
fn uids_stay_the_same_when_the_plan_is_exported_again_or_moved() {
    let dir = Dir::new();
    let plan = dir.couch_to_5k();
    let uids = |text: &str| -> Vec<String> {
        strict(text)
            .0
            .iter()
            .map(|e| e.get("UID").to_string())
            .collect()
    };
    let first = uids(&dir.export_ics(&plan, &["--with-lifts"]));
    let again = uids(&dir.export_ics(&plan, &["--with-lifts"]));
    assert_eq!(first, again);
    // Rescheduled two weeks later: the same events move, none is new.
    let moved = std::fs::read_to_string(&plan)
        .expect("plan")
        .replace("start = 2026-12-07", "start = 2026-12-21");
    std::fs::write(dir.path("moved.toml"), moved).expect("write");
    let text = dir.export_ics(&dir.path("moved.toml"), &["--with-lifts"]);
    assert_eq!(uids(&text), first);
    let (events, _) = strict(&text);
    assert_eq!(
        date(events[0].get("DTSTART")),
        NaiveDate::from_ymd_opt(2026, 12, 22).expect("date")
    );
}

#[test]
fn a_later_export_counts_sequence_up_so_calendar_apps_take_the_update() {
    let dir = Dir::new();
    let plan = dir.couch_to_5k();
    let sequences = |now: &str, plan: &Path| -> Vec<(String, u64)> {
        let out = dir.path("plan.ics");
        dir.walkrun()
            .now(now)
            .arg("export")
            .arg(plan)
            .args(["--with-lifts", "--ics"])
            .arg(&out)
            .assert()
            .success();
        let text = std::fs::read_to_string(&out).expect("ics written");
        strict(&text)
            .0
            .iter()
            .map(|e| {
                let seq = e.get("SEQUENCE").parse().expect("a SEQUENCE number");
                (e.get("UID").to_string(), seq)
            })
            .collect()
    };
    let first = sequences("2026-12-06T10:00", &plan);
    let moved = std::fs::read_to_string(&plan)
        .expect("plan")
        .replace("start = 2026-12-07", "start = 2026-12-21");
    std::fs::write(dir.path("moved.toml"), moved).expect("write");
    let later = sequences("2026-12-19T08:00", &dir.path("moved.toml"));
    assert_eq!(first.len(), later.len());
    for ((uid, a), (again, b)) in first.iter().zip(&later) {
        assert_eq!(uid, again);
        assert!(b > a, "{uid}: SEQUENCE {a} then {b}");
    }
}

#[test]
fn lifts_and_alarms_when_asked() {
    let dir = Dir::new();
    let plan = dir.couch_to_5k();
    let text = dir.export_ics(&plan, &["--with-lifts", "--remind", "30m"]);
    let (events, _) = strict(&text);
    assert_eq!(events.len(), 27 + 27);
    let lifts: Vec<&Event> = events
        .iter()
        .filter(|e| e.get("SUMMARY").starts_with("Lift"))
        .collect();
    assert_eq!(lifts.len(), 27);
    let first = NaiveDate::from_ymd_opt(2026, 12, 7).expect("date");
    let legs: Vec<NaiveDateTime> = lifts
        .iter()
        .filter(|e| e.get("SUMMARY") == "Lift · heavy legs")
        .map(|e| date_time(e.get("DTSTART")))
        .collect();
    let mondays: Vec<NaiveDateTime> = (0..9)
        .map(|w| {
            (first + Days::new(7 * w))
                .and_hms_opt(7, 0, 0)
                .expect("time")
        })
        .collect();
    assert_eq!(legs, mondays);
    for l in &lifts {
        let (s, e) = (date_time(l.get("DTSTART")), date_time(l.get("DTEND")));
        assert_eq!((e - s).num_minutes(), 60);
        assert!(l.alarms.is_empty(), "the reminder is for the runs");
    }
    for s in sessions(&events) {
        assert_eq!(s.alarms.len(), 1, "{}", s.get("UID"));
        let alarm = &s.alarms[0];
        assert_eq!(alarm["ACTION"].value, "DISPLAY");
        // All-day sessions remind at 08:00 on the day.
        assert_eq!(alarm["TRIGGER"].value, "PT28800S");
        assert!(alarm["DESCRIPTION"].value.starts_with(s.get("SUMMARY")));
    }
}

const TIMED: &str = r#"
name = "Evening runs"
start = 2027-03-22

[[week]]
[[week.session]]
day = "tue"
at = "18:00"
steps = "warmup 5m, 6x(run 90s, walk 2m), cooldown 5m"
[[week.session]]
day = "sat"
at = "09:30"
steps = "warmup 5m, run 20m, cooldown 5m"

[[week]]
[[week.session]]
day = "tue"
at = "18:00"
steps = "warmup 5m, 6x(run 90s, walk 2m), cooldown 5m"
[[week.session]]
day = "sat"
at = "09:30"
steps = "warmup 5m, run 20m, cooldown 5m"
"#;

#[test]
fn timed_sessions_last_as_long_as_the_session_and_remind_before() {
    let dir = Dir::new();
    std::fs::write(dir.path("timed.toml"), TIMED).expect("write");
    let text = dir.export_ics(&dir.path("timed.toml"), &["--remind", "30m"]);
    let (events, zones) = strict(&text);
    assert!(zones.is_empty());
    assert_eq!(events.len(), 4);
    let e = &events[0];
    assert!(e.props["DTSTART"].tzid.is_none(), "floating: no TZID");
    assert!(!e.get("DTSTART").ends_with('Z'), "floating: not UTC");
    let (s, end) = (date_time(e.get("DTSTART")), date_time(e.get("DTEND")));
    assert_eq!(s.to_string(), "2027-03-23 18:00:00");
    // 5 + 6 x 3.5 + 5 = 31 minutes.
    assert_eq!((end - s).num_seconds(), 31 * 60);
    assert_eq!(e.alarms[0]["TRIGGER"].value, "-PT1800S");
    assert!(!e.props.contains_key("TRANSP"), "a timed run is busy time");
}

#[test]
fn a_time_zone_is_carried_with_its_vtimezone_across_the_clock_change() {
    let dir = Dir::new();
    std::fs::write(dir.path("timed.toml"), TIMED).expect("write");
    let text = dir.export_ics(&dir.path("timed.toml"), &["--tz", "Europe/London"]);
    let (events, zones) = strict(&text);
    assert_eq!(zones, ["Europe/London"]);
    let cal_text = IcalCst::parse(&text).expect("parse");
    let cal = cal_text.decode();
    let zone = IcalTz::of_calendar(&cal, "Europe/London").expect("zone");
    let london = chrono_tz::Europe::London;
    // The week straddles the change to summer time (Sun 28 Mar 2027): each
    // start, read through the file's own VTIMEZONE, is the instant the tz
    // database gives.
    for e in &events {
        for key in ["DTSTART", "DTEND"] {
            let p = &e.props[key];
            assert_eq!(p.tzid.as_deref(), Some("Europe/London"));
            let local = date_time(&p.value);
            let want = london
                .from_local_datetime(&local)
                .single()
                .expect("unambiguous")
                .timestamp();
            let civil = IcalRecurDateTime {
                year: chrono::Datelike::year(&local),
                month: chrono::Datelike::month(&local) as u8,
                day: chrono::Datelike::day(&local) as u8,
                hour: chrono::Timelike::hour(&local) as u8,
                minute: chrono::Timelike::minute(&local) as u8,
                second: 0,
            };
            let got = zone.resolve(civil).instant(civil).expect("a real time");
            assert_eq!(got, want, "{key} {local}");
        }
    }
    let offsets: Vec<i32> = events
        .iter()
        .map(|e| {
            let local = date_time(e.get("DTSTART"));
            london
                .from_local_datetime(&local)
                .single()
                .map(|t| chrono::Offset::fix(t.offset()).local_minus_utc())
                .expect("offset")
        })
        .collect();
    assert_eq!(offsets, [0, 0, 3600, 3600], "two runs in GMT, two in BST");
}

#[test]
fn bad_requests_exit_2_with_one_line() {
    let dir = Dir::new();
    let plan = dir.couch_to_5k();
    let cases: Vec<(Vec<String>, &str)> = vec![
        (
            vec!["couch-to-5k".into(), "--ics".into(), "x.ics".into()],
            "Couch to 5K has no dates: place it first",
        ),
        (
            vec![
                plan.display().to_string(),
                "--ics".into(),
                "x.ics".into(),
                "--tz".into(),
                "Mars/Olympus".into(),
            ],
            "--tz Mars/Olympus: expected an IANA time zone",
        ),
        (
            vec![
                plan.display().to_string(),
                "--ics".into(),
                "x.ics".into(),
                "--remind".into(),
                "soon".into(),
            ],
            "--remind soon: expected",
        ),
        (vec![plan.display().to_string()], "required"),
    ];
    for (args, want) in cases {
        let out = dir
            .walkrun()
            .arg("export")
            .args(&args)
            .output()
            .expect("run");
        assert_eq!(out.status.code(), Some(2), "{args:?}");
        let err = String::from_utf8_lossy(&out.stderr);
        assert_eq!(err.lines().count(), 1, "{err}");
        assert!(err.contains(want), "{args:?}: {err}");
    }
    assert!(!dir.path("x.ics").exists(), "nothing written on bad input");
}

#[test]
fn ics_to_stdout_with_a_dash() {
    let dir = Dir::new();
    let plan = dir.couch_to_5k();
    let out = dir
        .walkrun()
        .arg("export")
        .arg(&plan)
        .args(["--ics", "-"])
        .output()
        .expect("run");
    assert!(out.status.success());
    let text = String::from_utf8(out.stdout).expect("utf8");
    assert_eq!(strict(&text).0.len(), 27);
}

#[test]
fn the_current_plan_is_exported_when_none_is_named() {
    let dir = Dir::new();
    let plan = dir.couch_to_5k();
    dir.walkrun().arg("use").arg(&plan).assert().success();
    dir.walkrun()
        .args(["export", "--markdown", "plan.md"])
        .assert()
        .success();
    let md = std::fs::read_to_string(dir.path("plan.md")).expect("md");
    assert!(md.starts_with("# Couch to 5K\n"));
}

#[test]
fn markdown_page_of_a_placed_couch_to_5k() {
    let dir = Dir::new();
    let plan = dir.couch_to_5k();
    dir.walkrun()
        .arg("export")
        .arg(&plan)
        .args(["--markdown", "plan.md"])
        .assert()
        .success();
    let md = std::fs::read_to_string(dir.path("plan.md")).expect("md");
    // A week a row: a header, a rule and nine weeks fit one printed page.
    let rows = md.lines().filter(|l| l.starts_with('|')).count();
    assert_eq!(rows, 2 + 9);
    insta::assert_snapshot!(md);
}

#[test]
fn markdown_of_a_program_without_dates() {
    let dir = Dir::new();
    let out = dir
        .walkrun()
        .args(["export", "couch-to-5k", "--markdown", "-"])
        .output()
        .expect("run");
    assert!(out.status.success());
    let md = String::from_utf8(out.stdout).expect("utf8");
    assert!(md.contains("| Week | Sessions | Running |"), "{md}");
    assert!(
        md.contains("| 9 | W9D1, W9D2, W9D3: run 30 min without stopping | 90 min |"),
        "{md}"
    );
}

#[test]
fn purpose_in_the_title_and_the_race_as_its_own_event() {
    let dir = Dir::new();
    std::fs::write(
        dir.path("race.toml"),
        "name = \"Race test\"\ngoal = \"5k\"\nstart = 2027-03-01\nrace = 2027-03-06\n[[week]]\n\
         [[week.session]]\nday = \"tue\"\nat = \"18:00\"\npurpose = \"easy\"\nsteps = \"warmup 5m, run 15m, cooldown 5m\"\n\
         [[week.session]]\nday = \"sat\"\nat = \"09:00\"\npurpose = \"race\"\nsteps = \"warmup 10m, run 35m, cooldown 5m\"\n",
    )
    .expect("write");
    let text = dir.export_ics(&dir.path("race.toml"), &[]);
    let (events, _) = strict(&text);
    assert_eq!(events[0].get("SUMMARY"), "W1D1 · easy · run 15m");
    assert_eq!(events[1].get("SUMMARY"), "W1D2 · Race day · 5K");
    assert_eq!(
        date_time(events[1].get("DTSTART")).to_string(),
        "2027-03-06 09:00:00"
    );
    let out = dir
        .walkrun()
        .args(["export", "race.toml", "--markdown", "-"])
        .output()
        .expect("run");
    let md = String::from_utf8_lossy(&out.stdout);
    assert!(md.contains("race day Sat 6 Mar 2027"), "{md}");
    assert!(md.contains("Sat 6 09:00: **race day**"), "{md}");
}

/// The lifts race week skips or moves are in the calendar as such: a
/// skipped one cancelled under its usual UID (so an earlier import takes the
/// change), a moved one at its new time, and the page says the same.
#[test]
fn with_lifts_the_calendar_shows_the_lifts_the_plan_skips_or_moves() {
    let dir = Dir::new();
    std::fs::write(
        dir.path("race.toml"),
        "name = \"Race test\"\ngoal = \"5k\"\nstart = 2027-03-01\nrace = 2027-03-06\n\
         [[lift]]\nday = \"thu\"\nat = \"18:00\"\nlegs = true\n\
         [[lift.exception]]\ndate = 2027-03-04\nskip = true\nnote = \"race week: no heavy legs\"\n\
         [[lift]]\nday = \"fri\"\nat = \"07:00\"\n\
         [[lift.exception]]\ndate = 2027-03-05\nmove_to = 2027-03-02\nat = \"06:30\"\n\
         [[week]]\n\
         [[week.session]]\nday = \"tue\"\nat = \"18:00\"\npurpose = \"easy\"\nsteps = \"warmup 5m, run 15m, cooldown 5m\"\n\
         [[week.session]]\nday = \"sat\"\nat = \"09:00\"\npurpose = \"race\"\nsteps = \"warmup 10m, run 35m, cooldown 5m\"\n",
    )
    .expect("write");
    let text = dir.export_ics(&dir.path("race.toml"), &["--with-lifts"]);
    let (events, _) = strict(&text);
    let lift = |uid: &str| {
        events
            .iter()
            .find(|e| e.get("UID").starts_with(uid))
            .unwrap_or_else(|| panic!("no {uid} in {text}"))
    };
    let thu = lift("lift-w1-thu-1800-");
    assert_eq!(thu.get("SUMMARY"), "Lift · heavy legs · skipped");
    assert_eq!(thu.get("STATUS"), "CANCELLED");
    assert!(thu.get("DESCRIPTION").contains("race week: no heavy legs"));
    let fri = lift("lift-w1-fri-0700-");
    assert_eq!(fri.get("SUMMARY"), "Lift · moved from Fri 5 Mar");
    assert_eq!(
        date_time(fri.get("DTSTART")).to_string(),
        "2027-03-02 06:30:00"
    );
    let out = dir
        .walkrun()
        .args(["export", "race.toml", "--markdown", "-"])
        .output()
        .expect("run");
    let md = String::from_utf8_lossy(&out.stdout);
    assert!(
        md.contains("Thu 4 (legs) skipped, Fri 5 moved to Tue 2 06:30"),
        "{md}"
    );
}

/// Notes of every length from 1 to 80 characters: each session's description
/// folds at another point, so one of them leaves a last piece of exactly 75
/// octets after a fold. Every line, with its leading space, is at most 75.
#[test]
fn long_descriptions_fold_at_75_octets() {
    let dir = Dir::new();
    let mut plan = String::from("name = \"Fold\"\nstart = 2026-12-07\n");
    for n in 1..=80 {
        plan.push_str(&format!(
            "\n[[week]]\n[[week.session]]\nday = \"tue\"\nsteps = \"run 1m\"\nnote = \"{}\"\n",
            "a".repeat(n)
        ));
    }
    std::fs::write(dir.path("fold.toml"), plan).expect("write");
    let text = dir.export_ics(&dir.path("fold.toml"), &[]);
    let (events, _) = strict(&text);
    assert_eq!(events.len(), 80);
    assert!(events[79].get("DESCRIPTION").contains(&"a".repeat(80)));
}
