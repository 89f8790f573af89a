//! How long `walkrun plan` takes for a 30-week plan (target: under 20 ms for
//! the whole command). Run with `cargo bench --bench plan`.

use std::process::Command;
use std::time::{Duration, Instant};

fn main() {
    let exe = env!("CARGO_BIN_EXE_walkrun");
    let args = [
        "plan",
        "--goal",
        "half",
        "--level",
        "run 5m",
        "--weeks",
        "30",
        "--start",
        "2027-01-04",
        "--run-days",
        "tue,thu,sat,sun",
        "--lift",
        "mon@07:00:legs",
        "--lift",
        "wed@18:00",
        "--lift",
        "fri@07:00",
        "--age",
        "52",
    ];
    let mut times: Vec<Duration> = (0..40)
        .map(|_| {
            let t = Instant::now();
            let out = Command::new(exe).args(args).output().expect("walkrun runs");
            let took = t.elapsed();
            assert!(
                out.status.success(),
                "{}",
                String::from_utf8_lossy(&out.stderr)
            );
            took
        })
        .collect();
    times.sort();
    println!(
        "walkrun plan (30 weeks, half from run 5m, 3 lifts): median {:.2} ms, max {:.2} ms (target < 20 ms)",
        times[times.len() / 2].as_secs_f64() * 1e3,
        times[times.len() - 1].as_secs_f64() * 1e3
    );
}
