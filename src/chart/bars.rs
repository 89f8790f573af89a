//! Horizontal bars in eighths of a cell: `█▉▊▋▌▍▎▏`.

/// How the chart may draw.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Style {
    /// Columns available; lines never exceed it (nor go below [`MIN_WIDTH`]
    /// or past [`MAX_WIDTH`]).
    pub width: usize,
    /// ANSI colour codes (off for NO_COLOR and anything not a terminal).
    pub color: bool,
}

/// Narrower than this, the chart is drawn at this width anyway.
pub const MIN_WIDTH: usize = 20;

/// Wider than this, the chart is drawn at this width: no screen is wider,
/// and a width taken from `$COLUMNS` as it stands (999999999) would build
/// lines of gigabytes.
pub const MAX_WIDTH: usize = 500;

/// How a row's figures read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Value {
    /// Seconds shown as minutes: `16`, `7.5`.
    Minutes,
    /// Seconds shown as a clock: `1:30`, `20:00`.
    Clock,
}

/// One bar: `done` drawn solid, the rest of `planned` (if more) drawn light.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Row {
    pub label: String,
    pub done: u64,
    /// None for a bar with nothing to compare against.
    pub planned: Option<u64>,
}

/// A titled set of bars sharing one scale.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Panel {
    pub title: String,
    pub rows: Vec<Row>,
    pub value: Value,
    /// Colour of the solid bars (an ANSI SGR code such as "32").
    pub color: &'static str,
}

const EIGHTHS: [char; 8] = [' ', '▏', '▎', '▍', '▌', '▋', '▊', '▉'];
const FULL: char = '█';
const LIGHT: char = '░';

/// Draw panels one under the other, a blank line between them.
pub fn draw(panels: &[Panel], style: Style) -> Vec<String> {
    let width = style.width.clamp(MIN_WIDTH, MAX_WIDTH);
    let mut out = Vec::new();
    for (i, p) in panels.iter().enumerate() {
        if i > 0 {
            out.push(String::new());
        }
        out.extend(panel(p, width, style.color));
    }
    out
}

fn panel(p: &Panel, width: usize, color: bool) -> Vec<String> {
    let mut out = vec![fit(&p.title, width)];
    let label_w = p
        .rows
        .iter()
        .map(|r| r.label.chars().count())
        .max()
        .unwrap_or(0);
    let values: Vec<String> = p.rows.iter().map(|r| value_text(r, p.value)).collect();
    let value_w = values.iter().map(|v| v.chars().count()).max().unwrap_or(0);
    let cells = width.saturating_sub(label_w + value_w + 2).max(1);
    let max = p
        .rows
        .iter()
        .map(|r| r.done.max(r.planned.unwrap_or(0)))
        .max()
        .unwrap_or(0)
        .max(1);
    for (r, v) in p.rows.iter().zip(&values) {
        let (solid, light) = bar(r, max, cells);
        let pad = cells - solid.chars().count() - light.chars().count();
        let (on, dim, off) = if color {
            (format!("\x1b[{}m", p.color), "\x1b[2m", "\x1b[0m")
        } else {
            (String::new(), "", "")
        };
        let mut line = format!("{:>label_w$} ", r.label);
        if !solid.is_empty() {
            line.push_str(&format!("{on}{solid}{off}"));
        }
        if !light.is_empty() {
            line.push_str(&format!("{dim}{light}{off}"));
        }
        line.push_str(&" ".repeat(pad));
        line.push_str(&format!(" {v:>value_w$}"));
        out.push(line);
    }
    out
}

/// The solid part (in eighths) and the light rest of the plan (whole cells).
fn bar(r: &Row, max: u64, cells: usize) -> (String, String) {
    let eighths = |v: u64| (u128::from(v) * cells as u128 * 8 / u128::from(max)) as usize;
    let done = eighths(r.done);
    let mut solid: String = std::iter::repeat_n(FULL, done / 8).collect();
    if done % 8 > 0 {
        solid.push(EIGHTHS[done % 8]);
    } else if done == 0 && r.done > 0 {
        // Something was done: never draw it as nothing.
        solid.push(EIGHTHS[1]);
    }
    let used = solid.chars().count();
    let planned_cells = r.planned.map_or(0, |p| eighths(p).div_ceil(8));
    let light = std::iter::repeat_n(LIGHT, planned_cells.saturating_sub(used)).collect();
    (solid, light)
}

fn value_text(r: &Row, value: Value) -> String {
    let show = |s: u64| match value {
        Value::Minutes => crate::plan::steps::format_minutes(s),
        Value::Clock => format!("{}:{:02}", s / 60, s % 60),
    };
    match r.planned {
        Some(p) => format!("{}/{}", show(r.done), show(p)),
        None => show(r.done),
    }
}

/// A title cut to the width, with an ellipsis when cut.
fn fit(text: &str, width: usize) -> String {
    if text.chars().count() <= width {
        return text.to_string();
    }
    let mut t: String = text.chars().take(width.saturating_sub(1)).collect();
    t.push('…');
    t
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rows() -> Vec<Row> {
        vec![
            Row {
                label: "30 Nov".into(),
                done: 16 * 60,
                planned: Some(24 * 60),
            },
            Row {
                label: " 7 Dec".into(),
                done: 27 * 60,
                planned: Some(24 * 60),
            },
            Row {
                label: "14 Dec".into(),
                done: 0,
                planned: Some(24 * 60),
            },
        ]
    }

    fn panel() -> Panel {
        Panel {
            title: "Running a week, in minutes: █ done, ░ planned".into(),
            rows: rows(),
            value: Value::Minutes,
            color: "32",
        }
    }

    #[test]
    fn bars_fill_the_width_and_never_pass_it() {
        for width in [20, 33, 60, 120] {
            let lines = draw(
                &[panel()],
                Style {
                    width,
                    color: false,
                },
            );
            for l in &lines {
                assert!(l.chars().count() <= width, "{width}: '{l}'");
            }
            assert_eq!(lines[2].chars().count(), width, "{lines:?}");
        }
        let lines = draw(
            &[panel()],
            Style {
                width: 40,
                color: false,
            },
        );
        assert_eq!(lines[1], "30 Nov ████████████████░░░░░░░░    16/24");
        assert_eq!(lines[2], " 7 Dec ███████████████████████████ 27/24");
        assert_eq!(lines[3], "14 Dec ░░░░░░░░░░░░░░░░░░░░░░░░     0/24");
    }

    #[test]
    fn an_absurd_width_draws_at_the_widest() {
        // What a width from `$COLUMNS=999999999` would ask for.
        let lines = draw(
            &[panel()],
            Style {
                width: usize::MAX,
                color: false,
            },
        );
        let widest = lines.iter().map(|l| l.chars().count()).max();
        assert_eq!(widest, Some(MAX_WIDTH), "{lines:?}");
    }

    #[test]
    fn colour_only_when_asked() {
        let plain = draw(
            &[panel()],
            Style {
                width: 40,
                color: false,
            },
        )
        .join("\n");
        assert!(!plain.contains('\x1b'));
        let coloured = draw(
            &[panel()],
            Style {
                width: 40,
                color: true,
            },
        )
        .join("\n");
        assert!(coloured.contains("\x1b[32m"));
    }
}
