//! How long checking a big plan takes: a 52-week plan with 4 sessions a week
//! and 3 lifts. Targets (issue 3): the check itself under 1 ms, the whole
//! `walkrun check` process under 10 ms. Run with `cargo bench --bench check`.

use std::fmt::Write as _;
use std::process::Command;
use std::time::{Duration, Instant};

use walkrun::plan::Plan;
use walkrun::rules::{check, Settings};

fn big_plan() -> String {
    let mut t = String::from(
        "name = \"Year\"\nstart = 2027-01-04\npriority = \"endurance\"\n\
         [[lift]]\nday = \"mon\"\nat = \"07:00\"\nlegs = true\n\
         [[lift]]\nday = \"wed\"\nat = \"07:00\"\n\
         [[lift]]\nday = \"fri\"\nat = \"18:00\"\n",
    );
    for w in 0..52u32 {
        let run = 60 + 30 * (w % 9);
        t.push_str("[[week]]\n");
        for (day, at) in [
            ("tue", None),
            ("wed", Some("18:00")),
            ("thu", None),
            ("sat", None),
        ] {
            let _ = write!(t, "[[week.session]]\nday = \"{day}\"\n");
            if let Some(at) = at {
                let _ = writeln!(t, "at = \"{at}\"");
            }
            let _ = writeln!(
                t,
                "steps = \"warmup 5m, {}x(run {run}s, walk 60s), cooldown 5m\"",
                4 + w % 5
            );
        }
    }
    t
}

fn median(mut v: Vec<Duration>) -> Duration {
    v.sort();
    v[v.len() / 2]
}

fn main() {
    let text = big_plan();
    let plan = match Plan::from_toml(&text, "bench.toml") {
        Ok(p) => p,
        Err(e) => panic!("bench plan: {e}"),
    };
    let settings = Settings::default();
    let mut findings = 0;
    let times: Vec<Duration> = (0..300)
        .map(|_| {
            let t = Instant::now();
            findings = std::hint::black_box(check(&plan, &settings)).findings.len();
            t.elapsed()
        })
        .collect();
    println!(
        "check (library): 52 weeks x 4 sessions, {findings} findings: median {:.3} ms (target < 1 ms)",
        median(times).as_secs_f64() * 1e3
    );

    let dir = std::env::temp_dir().join(format!("walkrun-bench-{}", std::process::id()));
    let _ = std::fs::create_dir_all(&dir);
    let path = dir.join("year.toml");
    if let Err(e) = std::fs::write(&path, &text) {
        panic!("write {}: {e}", path.display());
    }
    let exe = env!("CARGO_BIN_EXE_walkrun");
    let times: Vec<Duration> = (0..40)
        .map(|_| {
            let t = Instant::now();
            let out = Command::new(exe)
                .arg("check")
                .arg(&path)
                .output()
                .expect("walkrun runs");
            let took = t.elapsed();
            assert!(out.status.code().is_some_and(|c| c <= 1), "{out:?}");
            took
        })
        .collect();
    println!(
        "walkrun check (process, parse + check + print): median {:.2} ms (target < 10 ms)",
        median(times).as_secs_f64() * 1e3
    );
    let _ = std::fs::remove_dir_all(&dir);
}
