//! A plan as a Markdown page to print or read on GitHub: one table row a week
//! with its dates, the sessions in words, the running minutes and the lifts.

use std::collections::HashMap;

use chrono::{Datelike, Days, NaiveDate};

use super::{main_set, words};
use crate::plan::steps::{Kind, Step};
use crate::plan::{Address, LiftChange, Plan, PlannedSession};

/// The page's text.
pub fn document(plan: &Plan) -> String {
    let mut out = format!("# {}\n\n", cell(&plan.name));
    if let Some(d) = &plan.description {
        let d = d.trim();
        let stop = if d.ends_with(['.', '!', '?']) {
            ""
        } else {
            "."
        };
        out.push_str(&format!("{}{stop}\n\n", cell(d)));
    }
    let sessions = plan.session_count();
    let mut facts = vec![
        crate::words::count(plan.weeks.len(), "week"),
        crate::words::count(sessions, "session"),
    ];
    if let Some(start) = plan.start {
        facts.insert(0, format!("Week 1 starts {}", start.format("%a %-d %b %Y")));
    }
    if !plan.lifts.is_empty() {
        let lifts: Vec<String> = plan
            .lifts
            .iter()
            .map(|l| {
                format!(
                    "{} {}{}",
                    day_name(l.day),
                    l.at.format("%H:%M"),
                    if l.legs { " (legs)" } else { "" }
                )
            })
            .collect();
        facts.push(format!("lifts {}", lifts.join(", ")));
    }
    if let Some(race) = plan.race {
        facts.push(format!("race day {}", race.format("%a %-d %b %Y")));
    }
    out.push_str(&format!("{}.\n\n", facts.join(" · ")));

    // The warm-up and cool-down most sessions share, said once above the
    // table; a session with other ones says so in its cell.
    let usual = usual_frame(plan);
    if let Some((warm, cool)) = usual {
        out.push_str(&format!(
            "Every session starts with {} of brisk walking and ends with {} of walking to cool down; the table shows what comes between.\n\n",
            crate::words::duration(u64::from(warm)),
            crate::words::duration(u64::from(cool))
        ));
    }

    // The treadmill's speeds, once for the whole plan: they depend on the
    // pace, not the session.
    if let Some(p) = plan.pace {
        let paces = crate::plan::pace::Paces::running(p);
        let all = crate::plan::steps::Session::new(
            plan.sessions()
                .flat_map(|(_, s)| s.steps.steps.clone())
                .collect(),
        );
        if let Some(speeds) = words::speeds(&all, &paces) {
            out.push_str(&format!(
                "On a treadmill, at your pace of {p}: {speeds}.\n\n"
            ));
        }
    }

    let placed = plan.start.is_some();
    let lifts = placed && !plan.lifts.is_empty();
    let mut header = vec!["Week"];
    let mut rule = vec!["---:"];
    if placed {
        header.push("Dates");
        rule.push("---");
    }
    header.extend(["Sessions", "Running"]);
    rule.extend(["---", "---:"]);
    if lifts {
        header.push("Lifts");
        rule.push("---");
    }
    out.push_str(&format!(
        "| {} |\n| {} |\n",
        header.join(" | "),
        rule.join(" | ")
    ));

    for (i, week) in plan.weeks.iter().enumerate() {
        let w = i + 1;
        let mut row = vec![w.to_string()];
        if let Some(start) = plan.start {
            let first = start + Days::new(7 * i as u64);
            let last = first + Days::new(6);
            row.push(date_range(first, last));
        }
        row.push(sessions_cell(plan, w, &week.sessions, usual));
        let running: u64 = week.sessions.iter().map(|s| s.steps.run_seconds()).sum();
        row.push(minutes(running));
        if lifts {
            let mut days: Vec<(NaiveDate, String)> = plan
                .lifts
                .iter()
                .filter_map(|l| {
                    let date = plan.date_of(w, l.day)?;
                    let legs = if l.legs { " (legs)" } else { "" };
                    // What the plan's exception makes of it that week.
                    let change = match plan.exception(l, date).map(|e| e.change) {
                        None => String::new(),
                        Some(LiftChange::Skip) => " skipped".into(),
                        Some(LiftChange::Move { to, at }) => {
                            format!(" moved to {} {}", to.format("%a %-d"), at.format("%H:%M"))
                        }
                        Some(LiftChange::Light) => " upper body only".into(),
                    };
                    let legs = if change == " upper body only" {
                        ""
                    } else {
                        legs
                    };
                    Some((date, format!("{}{legs}{change}", date.format("%a %-d"))))
                })
                .collect();
            days.sort();
            days.dedup();
            row.push(
                days.into_iter()
                    .map(|(_, s)| s)
                    .collect::<Vec<_>>()
                    .join(", "),
            );
        }
        out.push_str(&format!("| {} |\n", row.join(" | ")));
    }
    out.push_str(
        "\nIf a week felt too hard, repeat it before moving on: `walkrun next` does that for you.\n",
    );
    out
}

/// The week's sessions, those with the same steps on one line.
fn sessions_cell(
    plan: &Plan,
    week: usize,
    sessions: &[PlannedSession],
    usual: Option<(u32, u32)>,
) -> String {
    let mut lines: Vec<(String, Vec<String>)> = Vec::new();
    let mut index: HashMap<String, usize> = HashMap::new();
    for (d, s) in sessions.iter().enumerate() {
        let addr = Address {
            week,
            session: d + 1,
        };
        let mut what = words::session(&main_set(&s.steps));
        match s.purpose {
            Some(crate::plan::Purpose::Race) => what = format!("**race day**: {what}"),
            Some(p) => what = format!("{} ({})", what, p.as_str()),
            None => {}
        }
        if frame(s) != usual {
            if let Some((warm, cool)) = frame(s) {
                what = format!(
                    "{} ({} walk before, {} after)",
                    what,
                    crate::words::duration(u64::from(warm)),
                    crate::words::duration(u64::from(cool))
                );
            }
        }
        let mut when = match (plan.session_date(addr), s.day) {
            (Some(date), _) => date.format("%a %-d").to_string(),
            (None, Some(day)) => day_name(day).to_string(),
            (None, None) => addr.to_string(),
        };
        if let Some(at) = s.at {
            when.push_str(&format!(" {}", at.format("%H:%M")));
        }
        match index.get(&what) {
            Some(&i) => lines[i].1.push(when),
            None => {
                index.insert(what.clone(), lines.len());
                lines.push((what, vec![when]));
            }
        }
    }
    lines
        .into_iter()
        .map(|(what, when)| cell(&format!("{}: {what}", when.join(", "))))
        .collect::<Vec<_>>()
        .join("<br>")
}

/// The warm-up and cool-down walk of a session, when it has both.
fn frame(s: &PlannedSession) -> Option<(u32, u32)> {
    let seg = |step: Option<&Step>, kind: Kind| match step {
        Some(Step::Segment(seg)) if seg.kind == kind => Some(seg.seconds),
        _ => None,
    };
    Some((
        seg(s.steps.steps.first(), Kind::Warmup)?,
        seg(s.steps.steps.last(), Kind::Cooldown)?,
    ))
}

/// The frame most sessions have, if most have one.
fn usual_frame(plan: &Plan) -> Option<(u32, u32)> {
    let mut counts: HashMap<(u32, u32), usize> = HashMap::new();
    for (_, s) in plan.sessions() {
        if let Some(f) = frame(s) {
            *counts.entry(f).or_default() += 1;
        }
    }
    let (f, n) = counts.into_iter().max_by_key(|(f, n)| (*n, *f))?;
    (n * 2 > plan.session_count()).then_some(f)
}

/// `63 min`, `27.5 min`: minutes alone read best in a column.
fn minutes(seconds: u64) -> String {
    let tenths = (seconds * 10).div_ceil(60);
    if tenths.is_multiple_of(10) {
        format!("{} min", tenths / 10)
    } else {
        format!("{}.{} min", tenths / 10, tenths % 10)
    }
}

/// `7–13 Dec`, `28 Dec – 3 Jan`.
fn date_range(first: NaiveDate, last: NaiveDate) -> String {
    if first.month() == last.month() {
        format!("{}–{}", first.day(), last.format("%-d %b"))
    } else {
        format!("{} – {}", first.format("%-d %b"), last.format("%-d %b"))
    }
}

fn day_name(day: chrono::Weekday) -> String {
    let name = crate::plan::weekday_name(day);
    let mut c = name.chars();
    c.next()
        .map(|f| f.to_ascii_uppercase().to_string() + c.as_str())
        .unwrap_or_default()
}

/// Text safe inside a table cell: no pipes or line breaks to end it early.
fn cell(text: &str) -> String {
    text.replace('|', "\\|").replace(['\n', '\r'], " ")
}
