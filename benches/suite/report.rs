//! The one table, and the same rows as JSON.

use serde::Serialize;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Verdict {
    Met,
    Missed,
    /// A figure with no target (a peer, a ratio).
    Info,
    /// Not measured: the feature is not built, or a tool failed.
    NotMeasured,
}

#[derive(Debug, Clone, Serialize)]
pub struct Row {
    pub section: &'static str,
    pub name: String,
    pub figure: String,
    pub target: String,
    pub verdict: Verdict,
    /// The raw numbers behind the figure.
    pub values: serde_json::Value,
}

impl Row {
    pub fn new(section: &'static str, name: impl Into<String>, figure: impl Into<String>) -> Row {
        Row {
            section,
            name: name.into(),
            figure: figure.into(),
            target: String::new(),
            verdict: Verdict::Info,
            values: serde_json::Value::Null,
        }
    }

    /// A target and whether it was met.
    pub fn target(mut self, target: impl Into<String>, met: bool) -> Row {
        self.target = target.into();
        self.verdict = if met { Verdict::Met } else { Verdict::Missed };
        self
    }

    pub fn values(mut self, v: impl Serialize) -> Row {
        self.values = serde_json::to_value(v).unwrap_or_default();
        self
    }

    pub fn not_measured(section: &'static str, name: impl Into<String>, why: &str) -> Row {
        Row {
            verdict: Verdict::NotMeasured,
            ..Row::new(section, name, format!("n/a ({why})"))
        }
    }
}

#[derive(Debug, Serialize)]
pub struct Report {
    pub date: String,
    pub machine: String,
    pub walkrun: String,
    pub session: String,
    pub load_average: String,
    pub took_s: f64,
    pub rows: Vec<Row>,
}

impl Report {
    pub fn table(&self) -> String {
        let headers = ["", "figure", "target", ""];
        let cells: Vec<[String; 4]> = self
            .rows
            .iter()
            .map(|r| {
                let verdict = match r.verdict {
                    Verdict::Met => "met",
                    Verdict::Missed => "MISSED",
                    Verdict::Info | Verdict::NotMeasured => "",
                };
                [
                    format!("  {}", r.name),
                    r.figure.clone(),
                    r.target.clone(),
                    verdict.to_string(),
                ]
            })
            .collect();
        let width = |i: usize| {
            cells
                .iter()
                .map(|c| c[i].chars().count())
                .chain([headers[i].len()])
                .max()
                .unwrap_or(0)
        };
        let w = [width(0), width(1), width(2)];
        let mut out = format!(
            "walkrun benchmarks, {}\n{}\nwalkrun {}; load average {}; took {:.0} min {:.0} s\nsession: {}\n\n",
            self.date,
            self.machine,
            self.walkrun,
            self.load_average,
            (self.took_s / 60.0).floor(),
            self.took_s % 60.0,
            self.session
        );
        let mut section = "";
        for (r, c) in self.rows.iter().zip(&cells) {
            if r.section != section {
                section = r.section;
                out.push_str(section);
                out.push('\n');
            }
            let line = format!(
                "{:w0$}  {:w1$}  {:w2$}  {}",
                c[0],
                c[1],
                c[2],
                c[3],
                w0 = w[0],
                w1 = w[1],
                w2 = w[2]
            );
            out.push_str(line.trim_end());
            out.push('\n');
        }
        out
    }
}
