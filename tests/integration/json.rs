//! Every command that prints data takes `--format json`, with one key style
//! (snake_case), and the table of JSON shapes in docs/reference.md says what the commands
//! really print: each command there is run, and each key the table names is
//! in its document.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

use crate::util::{walkrun, Walkrun};
use serde_json::Value;

/// walkrun run in `home`, its data in `data/`, its profile `config.toml`.
fn in_home(home: &Path) -> Walkrun {
    walkrun()
        .home(home.join("data"))
        .config(home.join("config.toml"))
        .now("2026-12-09T20:00")
        .in_dir(home)
}

fn keys(v: &Value, into: &mut BTreeSet<String>) {
    match v {
        Value::Object(m) => {
            for (k, v) in m {
                into.insert(k.clone());
                keys(v, into);
            }
        }
        Value::Array(a) => a.iter().for_each(|v| keys(v, into)),
        _ => {}
    }
}

/// A data folder with a profile, a current placed plan, a journal with a plan
/// session and an extra one, and a voice folder with a broken clip and a
/// stray file.
fn setup(home: &Path) {
    std::fs::write(
        home.join("config.toml"),
        // A pace, so `show` and `plan` fill their `pace` document (6:00/km:
        // the 5K is the 30 minutes it would be without one, and still fits).
        "age = 47\ntalk = \"quiet\"\npace = \"6:00/km\"\n[[lift]]\nday = \"mon\"\nat = \"07:00\"\nlegs = true\n",
    )
    .expect("profile");
    in_home(home)
        .args(["plan", "--program", "couch-to-5k", "--start", "2026-11-30"])
        .args(["-o", "plan.toml", "--use"])
        .assert()
        .success();
    in_home(home)
        .args([
            "log",
            "add",
            "W1D1",
            "--effort",
            "6",
            "--date",
            "2026-12-01",
        ])
        .assert()
        .success();
    in_home(home)
        .args(["log", "add", "--steps", "run 10m", "--date", "2026-12-03"])
        .assert()
        .success();
    std::fs::create_dir_all(home.join("voice")).expect("voice dir");
    std::fs::write(home.join("voice").join("notes.txt"), "x").expect("extra file");
    std::fs::write(home.join("voice").join("run.wav"), "x").expect("broken clip");
}

/// The commands of the reference's table, as run here.
fn command_line(readme_cell: &str) -> Vec<&'static str> {
    match readme_cell {
        "show PLAN" => vec!["show", "plan.toml"],
        "plan" => vec!["plan", "--goal", "5k", "--race-date", "2027-04-10"],
        "check PLAN" => vec!["check", "plan.toml"],
        // Just after Monday's leg day, with the plan behind: `now` and `slip` filled.
        "next" => vec!["next", "--now", "2026-12-07T08:30"],
        "log" => vec!["log"],
        "programs" => vec!["programs"],
        "explain [RULE]" => vec!["explain", "same-day-gap"],
        "config show" => vec!["config", "show"],
        "config path" => vec!["config", "path"],
        "voice list" => vec!["voice", "list"],
        "voice check DIR" => vec!["voice", "check", "voice"],
        other => panic!("docs/reference.md lists `{other}`: add it to this test"),
    }
}

/// The reference's table (docs/reference.md): command cell to the keys its first code span names.
fn readme_table() -> BTreeMap<String, BTreeSet<String>> {
    let readme =
        std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("docs/reference.md"))
            .expect("docs/reference.md");
    let section = readme
        .split("## JSON for scripts")
        .nth(1)
        .and_then(|s| s.split("\n## ").next())
        .expect("a JSON section");
    let mut table = BTreeMap::new();
    for row in section.lines().filter(|l| l.starts_with("| `")) {
        let cells: Vec<&str> = row.split('|').map(str::trim).collect();
        let command = cells[1].trim_matches('`').to_string();
        // The shape is the first code span, when it is one (`{...}`).
        let doc = cells[2]
            .split('`')
            .nth(1)
            .filter(|d| d.starts_with('{'))
            .unwrap_or("");
        // `[rule]`, `[id]`: a list of values, not of objects with that key.
        let mut doc = doc.to_string();
        while let Some(i) = doc.find('[') {
            let Some(j) = doc[i..].find(']') else { break };
            let inner = &doc[i + 1..i + j];
            let placeholder = inner.chars().all(|c| c.is_ascii_lowercase() || c == '_');
            let keep = if placeholder { "" } else { inner };
            doc = format!("{}{}{}", &doc[..i], keep, &doc[i + j + 1..]);
        }
        let named: BTreeSet<String> = doc
            .split(|c: char| !(c.is_ascii_lowercase() || c == '_'))
            .filter(|w| !w.is_empty())
            .map(str::to_string)
            .collect();
        table.insert(command, named);
    }
    table
}

#[test]
fn every_data_command_prints_snake_case_json_with_the_keys_the_readme_lists() {
    let dir = tempfile::tempdir().expect("tempdir");
    let home = dir.path();
    setup(home);
    let table = readme_table();
    let listed: BTreeSet<&str> = table.keys().map(String::as_str).collect();
    // Every command that prints data is in the table.
    for c in [
        "show PLAN",
        "plan",
        "check PLAN",
        "next",
        "log",
        "programs",
        "explain [RULE]",
        "config show",
        "config path",
        "voice list",
        "voice check DIR",
    ] {
        assert!(
            listed.contains(c),
            "the JSON table of docs/reference.md lacks `{c}`"
        );
    }
    let show_keys = table.get("show PLAN").cloned().unwrap_or_default();
    for (command, named) in &table {
        let out = in_home(home)
            .args(command_line(command))
            .args(["--format", "json"])
            .output()
            .expect("runs");
        // `voice check` says 1 for the broken clip, as `check` would.
        let want_code = if command.starts_with("voice check") {
            1
        } else {
            0
        };
        assert_eq!(
            out.status.code(),
            Some(want_code),
            "{command}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        let doc: Value = serde_json::from_slice(&out.stdout)
            .unwrap_or_else(|e| panic!("{command}: not one JSON document: {e}"));
        let mut found = BTreeSet::new();
        keys(&doc, &mut found);
        for k in &found {
            let snake = k.chars().next().is_some_and(|c| c.is_ascii_lowercase())
                && k.chars()
                    .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_');
            assert!(snake, "{command}: key `{k}` is not snake_case");
        }
        // `plan` names no keys of its own: it prints show's document.
        let want = if named.is_empty() { &show_keys } else { named };
        for k in want {
            assert!(
                found.contains(k),
                "{command}: docs/reference.md names `{k}`, the document has {found:?}"
            );
        }
    }
}

#[test]
fn plan_json_is_the_document_show_prints_and_not_with_o() {
    let dir = tempfile::tempdir().expect("tempdir");
    let home = dir.path();
    let args = ["--program", "couch-to-5k", "--start", "2026-11-30"];
    let json = in_home(home)
        .arg("plan")
        .args(args)
        .args(["--format", "json"])
        .output()
        .expect("plan");
    assert!(json.status.success());
    in_home(home)
        .arg("plan")
        .args(args)
        .args(["-o", "p.toml"])
        .assert()
        .success();
    let show = in_home(home)
        .args(["show", "p.toml", "--format", "json"])
        .output()
        .expect("show");
    let a: Value = serde_json::from_slice(&json.stdout).expect("plan json");
    let b: Value = serde_json::from_slice(&show.stdout).expect("show json");
    assert_eq!(a, b);
    assert_eq!(a["weeks"][0]["sessions"][0]["date"], "2026-12-01");
    in_home(home)
        .arg("plan")
        .args(args)
        .args(["-o", "q.toml", "--format", "json"])
        .assert()
        .code(2);
}

#[test]
fn voice_check_json_reports_each_kind_of_clip_and_exits_1_on_an_unusable_one() {
    let dir = tempfile::tempdir().expect("tempdir");
    let home = dir.path();
    let voice = home.join("voice");
    std::fs::create_dir_all(&voice).expect("voice dir");
    std::fs::write(voice.join("run.wav"), "not a wav").expect("broken clip");
    std::fs::write(voice.join("hello.wav"), "x").expect("extra");
    let out = in_home(home)
        .args(["voice", "check", "voice", "--format", "json"])
        .output()
        .expect("voice check");
    assert_eq!(out.status.code(), Some(1));
    let doc: Value = serde_json::from_slice(&out.stdout).expect("json");
    assert_eq!(doc["unusable"][0]["id"], "run", "{doc}");
    assert!(doc["extra"][0]
        .as_str()
        .is_some_and(|p| p.ends_with("hello.wav")));
    assert!(doc["missing"]
        .as_array()
        .is_some_and(|m| m.iter().any(|p| p == "walk")));
    let list = in_home(home)
        .args(["voice", "list", "--format", "json"])
        .output()
        .expect("voice list");
    let list: Value = serde_json::from_slice(&list.stdout).expect("json");
    let phrases = list["phrases"].as_array().expect("phrases");
    assert_eq!(doc["phrases"].as_u64(), Some(phrases.len() as u64));
    assert!(phrases
        .iter()
        .any(|p| p["id"] == "run" && p["file"] == "run.wav"));
}
