//! How long `walkrun plan` takes for a 30-week plan (target: under 20 ms for
//! the whole command). Run with `cargo bench --bench plan`.
//!
//! Prints the wall time a runner waits (median and worst of 40 runs) and the
//! CPU time the process used, which a busy machine does not inflate.

use std::process::Command;
use std::time::{Duration, Instant};

/// CPU time (user + system) used so far by finished child processes.
fn children_cpu() -> Duration {
    // SAFETY: getrusage only writes into the struct we give it.
    let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
    unsafe { libc::getrusage(libc::RUSAGE_CHILDREN, &mut usage) };
    let tv = |t: libc::timeval| {
        Duration::from_secs(t.tv_sec as u64) + Duration::from_micros(t.tv_usec as u64)
    };
    tv(usage.ru_utime) + tv(usage.ru_stime)
}

fn main() {
    let exe = env!("CARGO_BIN_EXE_walkrun");
    let home = std::env::temp_dir().join("walkrun-bench-plan");
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
    let runs = 40;
    let cpu_before = children_cpu();
    let mut times: Vec<Duration> = (0..runs)
        .map(|_| {
            let t = Instant::now();
            let out = Command::new(exe)
                .args(args)
                .env("WALKRUN_HOME", &home)
                .env("WALKRUN_CONFIG", home.join("none.toml"))
                .output()
                .expect("walkrun runs");
            let took = t.elapsed();
            assert!(
                out.status.success(),
                "{}",
                String::from_utf8_lossy(&out.stderr)
            );
            took
        })
        .collect();
    let cpu = (children_cpu() - cpu_before) / runs;
    times.sort();
    println!(
        "walkrun plan (30 weeks, half from run 5m, 3 lifts): median {:.2} ms, max {:.2} ms wall; {:.2} ms CPU a run (target < 20 ms)",
        times[times.len() / 2].as_secs_f64() * 1e3,
        times[times.len() - 1].as_secs_f64() * 1e3,
        cpu.as_secs_f64() * 1e3
    );
}
