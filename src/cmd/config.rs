//! `walkrun config path` and `walkrun config show`: where the profile lives,
//! and each setting with where it comes from.

use serde::Serialize;
use serde_json::Value;
use walkrun::config::{self, Profile, Set};

use super::settings;
use super::{print_json, CmdResult, Ctx};
use crate::cli::{ConfigAction, ConfigArgs, OutputFormat};

pub fn run(args: &ConfigArgs, ctx: &mut Ctx) -> CmdResult {
    let path = ctx.config_path()?;
    match &args.action {
        ConfigAction::Path(a) => {
            match a.format {
                OutputFormat::Json => print_json(&serde_json::json!({
                    "path": path.display().to_string(),
                    "exists": path.exists(),
                }))?,
                OutputFormat::Text => outln!("{}", path.display())?,
            }
            Ok(0)
        }
        ConfigAction::Show(a) => {
            let today = ctx.clock.today();
            let settings = rows(ctx.profile()?, today);
            if a.format == OutputFormat::Json {
                let map: serde_json::Map<String, Value> = settings
                    .into_iter()
                    .map(|r| {
                        (
                            r.name.to_string(),
                            serde_json::to_value(&r).unwrap_or(Value::Null),
                        )
                    })
                    .collect();
                print_json(&serde_json::json!({
                    "path": path.display().to_string(),
                    "exists": path.exists(),
                    "settings": map,
                }))?;
                return Ok(0);
            }
            if path.exists() {
                outln!("Profile: {}", path.display())?;
            } else {
                outln!(
                    "Profile: {} (no file yet: `walkrun init` writes one)",
                    path.display()
                )?;
            }
            let file = path
                .file_name()
                .map_or_else(String::new, |f| f.to_string_lossy().into_owned());
            for r in &settings {
                let source = match (r.source, r.line) {
                    ("file", Some(line)) => format!("{file}:{line}"),
                    (s, _) => s.to_string(),
                };
                outln!("  {:<9} {:<40} {source}", r.name, r.text)?;
            }
            outln!("Flags override each of these (e.g. `walkrun plan --lift mon@07:00`).")?;
            Ok(0)
        }
    }
}

/// One setting as `config show` reports it.
#[derive(Serialize)]
struct Row {
    #[serde(skip)]
    name: &'static str,
    value: Value,
    /// `file`, `default` (walkrun's own, in force) or `unset`.
    source: &'static str,
    line: Option<usize>,
    #[serde(skip)]
    text: String,
}

fn rows(p: &Profile, today: chrono::NaiveDate) -> Vec<Row> {
    fn from_file<T>(name: &'static str, s: &Set<T>, value: Value, text: String) -> Row {
        Row {
            name,
            value,
            source: "file",
            line: Some(s.line),
            text,
        }
    }
    fn missing(name: &'static str, value: Value, source: &'static str, text: &str) -> Row {
        Row {
            name,
            value,
            source,
            line: None,
            text: text.to_string(),
        }
    }
    let list = |items: Vec<String>| -> (Value, String) {
        let text = items.join(", ");
        (Value::from(items), text)
    };
    let mut out = Vec::new();
    out.push(match &p.lifts {
        Some(s) => {
            let (v, t) = list(s.value.iter().map(|l| l.to_string()).collect());
            from_file("lift", s, v, t)
        }
        None => missing("lift", Value::from(Vec::<String>::new()), "unset", "none"),
    });
    out.push(match &p.run_days {
        Some(s) => {
            let (v, t) = list(s.value.iter().map(|d| d.to_string()).collect());
            from_file("run_days", s, v, t)
        }
        None => {
            // What a plan made now would choose around the profile's lifts.
            let lifts = p.lifts.as_ref().map_or(&[][..], |l| &l.value[..]);
            let (v, t) = list(
                settings::suggested_run_days(lifts, today)
                    .iter()
                    .map(|d| walkrun::plan::weekday_name(*d).to_string())
                    .collect(),
            );
            missing("run_days", v, "default", &t)
        }
    });
    out.push(match &p.age {
        Some(s) => from_file("age", s, Value::from(s.value), s.value.to_string()),
        None => missing("age", Value::Null, "unset", "-"),
    });
    out.push(match &p.priority {
        Some(s) => from_file(
            "priority",
            s,
            Value::from(s.value.to_string()),
            s.value.to_string(),
        ),
        None => missing("priority", Value::Null, "unset", "-"),
    });
    for (name, v, default) in [
        ("voice", &p.voice, "the built-in voice"),
        ("music", &p.music, "none"),
    ] {
        out.push(match v {
            Some(s) => {
                let shown = s.value.display().to_string();
                from_file(name, s, Value::from(shown.clone()), shown)
            }
            None => missing(name, Value::Null, "unset", default),
        });
    }
    out.push(match &p.talk {
        Some(s) => from_file(
            "talk",
            s,
            Value::from(s.value.to_string()),
            s.value.to_string(),
        ),
        None => {
            let d = walkrun::cues::speech::Talk::default().to_string();
            missing("talk", Value::from(d.clone()), "default", &d)
        }
    });
    out.push(match &p.max_hr {
        Some(s) => from_file("max_hr", s, Value::from(s.value), s.value.to_string()),
        None => match p.max_heart_rate() {
            Some(m) => missing(
                "max_hr",
                Value::from(m),
                "default",
                &format!("{m} (220 minus age)"),
            ),
            None => missing("max_hr", Value::Null, "unset", "-"),
        },
    });
    out.push(match &p.pace {
        Some(s) => from_file(
            "pace",
            s,
            Value::from(s.value.to_string()),
            s.value.to_string(),
        ),
        None => missing("pace", Value::Null, "unset", "-"),
    });
    debug_assert_eq!(
        out.iter().map(|r| r.name).collect::<Vec<_>>(),
        config::SETTINGS
    );
    out
}
