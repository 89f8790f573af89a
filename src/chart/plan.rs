//! A plan's progression: its running a week and its longest run, week by week.

use super::{Panel, Row, Value};
use crate::Plan;

/// Two panels: running minutes a week, and the longest run of each week.
pub fn plan_panels(plan: &Plan) -> Vec<Panel> {
    let mut running = Vec::new();
    let mut longest = Vec::new();
    for (i, week) in plan.weeks.iter().enumerate() {
        let label = format!("W{}", i + 1);
        running.push(Row {
            label: label.clone(),
            done: week.sessions.iter().map(|s| s.steps.run_seconds()).sum(),
            planned: None,
        });
        longest.push(Row {
            label,
            done: week
                .sessions
                .iter()
                .map(|s| s.steps.longest_run_seconds())
                .max()
                .unwrap_or(0),
            planned: None,
        });
    }
    vec![
        Panel {
            title: format!("{}: running a week, in minutes", plan.name),
            rows: running,
            value: Value::Minutes,
            color: "32",
        },
        Panel {
            title: "The longest run without a walk break".into(),
            rows: longest,
            value: Value::Clock,
            color: "36",
        },
    ]
}
