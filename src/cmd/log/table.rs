//! The `log` table's layout: fixed columns sized once before the rows
//! stream, and a note that never carries a row past the width. A note that
//! fits beside its row stays there (when the width leaves room for a note
//! column at all); a longer one goes on the lines below,
//! indented and wrapped at words, so nothing a runner wrote is cut off and
//! no line wraps at the terminal's edge (80 columns in a pipe).
//!
//! The columns of what a recording brings (distance, pace, average heart
//! rate) are there only when the journal holds a recording: a runner who
//! never imports one keeps the table as narrow as before.

use walkrun::history::Entry;
use walkrun::plan::pace::Unit;

/// The plan column is never narrower than this, whatever the width.
const PLAN_MIN: usize = 8;
/// A note on the lines below its row is indented this much.
const NOTE_INDENT: usize = 2;

/// One row's cells before the note, as text.
pub struct Cells<'a> {
    pub date: &'a str,
    pub plan: &'a str,
    pub session: &'a str,
    pub outcome: &'a str,
    pub run_min: &'a str,
    pub effort: &'a str,
    /// Distance, pace and average heart rate: "-" where a row has none.
    pub distance: &'a str,
    pub pace: &'a str,
    pub heart: &'a str,
}

/// The table's columns, sized for the whole journal.
pub struct Layout {
    /// The plan column's width, its gap included; 0 when it is not shown.
    plan: usize,
    /// Whether the recording columns are shown.
    recorded: bool,
    /// The widest a line may be.
    width: usize,
    /// Kilometres or miles, for distance and pace.
    pub unit: Unit,
}

impl Layout {
    /// A layout for rows whose plan names are among `plans` (none: no plan
    /// column), with the recording columns when `recorded`, within `width`.
    /// Plan names too long for the width are cut.
    pub fn new(plans: &[&str], recorded: bool, width: usize, unit: Unit) -> Layout {
        let mut layout = Layout {
            plan: 0,
            recorded,
            width,
            unit,
        };
        if !plans.is_empty() {
            let longest = plans.iter().map(|n| n.chars().count()).max().unwrap_or(0);
            // Room for the fixed columns and the start of a short note.
            let room = width.saturating_sub(layout.fixed() + 1);
            layout.plan = longest.min(room.max(PLAN_MIN)) + 2;
        }
        layout
    }

    /// The columns before the note, their gaps included.
    fn fixed(&self) -> usize {
        self.line(&Cells {
            date: "",
            plan: "",
            session: "",
            outcome: "",
            run_min: "",
            effort: "",
            distance: "",
            pace: "",
            heart: "",
        })
        .chars()
        .count()
    }

    fn line(&self, c: &Cells) -> String {
        let mut s = format!(
            "{:<14} {:<pw$}{:<7} {:<9} {:>7} {:>6}",
            c.date,
            clip(c.plan, self.plan.saturating_sub(2)),
            c.session,
            c.outcome,
            c.run_min,
            c.effort,
            pw = self.plan
        );
        if self.recorded {
            s.push_str(&format!(" {:>4} {:>5} {:>3}", c.distance, c.pace, c.heart));
        }
        s.push_str("  ");
        s
    }

    /// The header line.
    pub fn header(&self) -> String {
        let plan = if self.plan > 0 { "plan" } else { "" };
        let mut line = self.line(&Cells {
            date: "date",
            plan,
            session: "session",
            outcome: "outcome",
            run_min: "run min",
            effort: "effort",
            distance: self.unit.as_str(),
            pace: "pace",
            heart: "hr",
        });
        if self.note_column() {
            line.push_str("note");
        }
        line.trim_end().to_string()
    }

    /// Whether the width leaves room for a note column at all; when not,
    /// every note goes on the lines below its row.
    fn note_column(&self) -> bool {
        self.fixed() + "note".len() <= self.width
    }

    /// A row and its note, as the lines to print (none ends in spaces).
    pub fn row(&self, cells: &Cells, note: &str) -> Vec<String> {
        let line = self.line(cells);
        let fixed = line.chars().count();
        if note.is_empty() {
            return vec![line.trim_end().to_string()];
        }
        if self.note_column() && fixed + note.chars().count() <= self.width {
            return vec![format!("{line}{note}")];
        }
        let mut lines = vec![line.trim_end().to_string()];
        let indent = " ".repeat(NOTE_INDENT);
        let wrap = self.width.saturating_sub(NOTE_INDENT).max(20);
        for part in textwrap::wrap(note, wrap) {
            lines.push(format!("{indent}{part}"));
        }
        lines
    }

    /// The recording's cells for `e`: distance, pace over the moving time,
    /// and the runs' average heart rate; "-" for what it does not say.
    pub fn recorded_cells(&self, e: &Entry) -> (String, String, String) {
        let per_unit = self.unit.millimetres() as f64 / 1_000_000.0;
        let distance = e
            .distance
            .map(|d| format!("{:.1}", f64::from(d.metres) / 1000.0 / per_unit))
            .unwrap_or_else(|| "-".into());
        let pace = e
            .pace_seconds_per_km()
            .map(|p| {
                let s = (f64::from(p) * per_unit).round() as u32;
                format!("{}:{:02}", s / 60, s % 60)
            })
            .unwrap_or_else(|| "-".into());
        let heart = e
            .heart_rate
            .map(|h| h.average.to_string())
            .unwrap_or_else(|| "-".into());
        (distance, pace, heart)
    }
}

/// `text` in at most `n` characters, its end replaced by "…" when cut.
fn clip(text: &str, n: usize) -> String {
    if text.chars().count() <= n {
        return text.to_string();
    }
    let mut s: String = text.chars().take(n.saturating_sub(1)).collect();
    s.push('…');
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cells<'a>(plan: &'a str) -> Cells<'a> {
        Cells {
            date: "Wed 2026-12-09",
            plan,
            session: "W10D3~",
            outcome: "abandoned",
            run_min: "30",
            effort: "10",
            distance: "21.1",
            pace: "12:59",
            heart: "158",
        }
    }

    #[test]
    fn no_line_passes_the_width_and_no_word_of_a_note_is_lost() {
        let note = "felt good but the hill at the end of the park was harder than I \
                    thought it would be; walk 5m, run 1m, walk 1m30s, run 2m";
        // The fixed columns with a plan's take about 70: narrower
        // terminals wrap them, whatever the note does.
        for width in [79, 100, 120] {
            let plans = ["Couch to 5K", "A plan with a rather long name indeed"];
            let t = Layout::new(&plans, true, width, Unit::Km);
            let mut lines = vec![t.header()];
            lines.extend(t.row(&cells(plans[1]), note));
            lines.extend(t.row(&cells(plans[0]), "short"));
            for l in &lines {
                assert!(l.chars().count() <= width, "{width}: {l:?}");
                assert_eq!(l.trim_end(), l);
            }
            let words: Vec<&str> = lines.iter().flat_map(|l| l.split_whitespace()).collect();
            for w in note.split_whitespace() {
                assert!(words.contains(&w), "{width}: {w} lost");
            }
            // A short note stays beside its row where there is room.
            assert!(lines.last().unwrap().ends_with("  short"), "{lines:?}");
        }
    }

    #[test]
    fn the_recording_columns_only_when_there_are_recordings() {
        let with = Layout::new(&[], true, 80, Unit::Mi).header();
        let without = Layout::new(&[], false, 80, Unit::Km).header();
        assert!(with.contains(" mi  pace  hr  note"), "{with}");
        assert!(!without.contains("pace"), "{without}");
    }
}
