//! What a command costs, measured from outside it: wall time, CPU seconds of
//! the command and everything it started (reaped here as a subreaper, so an
//! `mpv` its parent never waited for still counts), and peak memory.
//!
//! `suite measure OUT -- CMD ARGS...` runs CMD on this terminal and writes a
//! [`Measured`] as JSON to OUT (atomically) when CMD and all its children have
//! ended. The suite starts it inside tmux so that every player draws on a real
//! terminal, as it would for a runner.

use std::collections::HashMap;
use std::ffi::OsStr;
use std::path::Path;
use std::process::{Command, Stdio};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use serde::{Deserialize, Serialize};

/// How often the process tree's memory is sampled.
const SAMPLE_EVERY: Duration = Duration::from_millis(50);
/// How long to wait for children left running after the command ends.
const REAP_FOR: Duration = Duration::from_secs(10);

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct Measured {
    /// Exit code of the command (-1 when killed by a signal).
    pub code: i32,
    /// From start to the command's own exit.
    pub wall_s: f64,
    /// User + system CPU of the command and all its descendants.
    pub cpu_s: f64,
    /// Largest resident set of any one process in the tree (getrusage).
    pub max_rss_kb: u64,
    /// Largest sum of the tree's resident sets, sampled every 50 ms.
    pub tree_rss_kb: u64,
    /// Processes seen in the tree.
    pub processes: usize,
    /// When the command started and ended, in seconds since the epoch (to
    /// compare with what the suite saw on the command's screen).
    pub started_unix: f64,
    pub ended_unix: f64,
}

impl Measured {
    /// Peak memory as a user would see it: the whole tree at its largest, or
    /// the largest single process where sampling missed its peak.
    pub fn peak_mb(&self) -> f64 {
        self.max_rss_kb.max(self.tree_rss_kb) as f64 / 1024.0
    }

    pub fn read(path: &Path) -> Result<Measured, String> {
        let text = std::fs::read_to_string(path).map_err(|e| format!("{}: {e}", path.display()))?;
        serde_json::from_str(&text).map_err(|e| format!("{}: {e}", path.display()))
    }
}

/// The `measure` subcommand: run `cmd`, write the figures to `out`.
pub fn main(out: &Path, cmd: &[String]) -> Result<(), String> {
    let Some((program, args)) = cmd.split_first() else {
        return Err("measure: no command".into());
    };
    // SAFETY: prctl with an integer argument; no memory is shared.
    unsafe {
        libc::prctl(libc::PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0);
    }
    let me = std::process::id();
    let stop = Arc::new(AtomicBool::new(false));
    let peak = Arc::new(Mutex::new((0u64, 0usize)));
    let sampler = {
        let (stop, peak) = (Arc::clone(&stop), Arc::clone(&peak));
        std::thread::spawn(move || {
            let mut seen = std::collections::HashSet::new();
            while !stop.load(Ordering::Relaxed) {
                let (kb, pids) = tree_rss_kb(me);
                seen.extend(pids);
                if let Ok(mut p) = peak.lock() {
                    p.0 = p.0.max(kb);
                    p.1 = seen.len();
                }
                std::thread::sleep(SAMPLE_EVERY);
            }
        })
    };
    let started = Instant::now();
    let started_unix = unix_now();
    let mut child = Command::new(program)
        .args(args)
        .spawn()
        .map_err(|e| format!("measure: {program}: {e}"))?;
    let status = child.wait().map_err(|e| format!("measure: wait: {e}"))?;
    let wall_s = started.elapsed().as_secs_f64();
    let ended_unix = unix_now();
    reap_all();
    stop.store(true, Ordering::Relaxed);
    let _ = sampler.join();
    // SAFETY: getrusage fills the struct we own.
    let usage = unsafe {
        let mut u: libc::rusage = std::mem::zeroed();
        libc::getrusage(libc::RUSAGE_CHILDREN, &mut u);
        u
    };
    let secs = |t: libc::timeval| t.tv_sec as f64 + t.tv_usec as f64 / 1e6;
    let (tree_rss_kb, processes) = peak.lock().map(|p| *p).unwrap_or_default();
    let measured = Measured {
        code: status.code().unwrap_or(-1),
        wall_s,
        cpu_s: secs(usage.ru_utime) + secs(usage.ru_stime),
        max_rss_kb: usage.ru_maxrss as u64,
        tree_rss_kb,
        processes,
        started_unix,
        ended_unix,
    };
    let json = serde_json::to_string(&measured).map_err(|e| e.to_string())?;
    let tmp = out.with_extension("tmp");
    std::fs::write(&tmp, json).map_err(|e| format!("{}: {e}", tmp.display()))?;
    std::fs::rename(&tmp, out).map_err(|e| format!("{}: {e}", out.display()))
}

/// Wait for every descendant, orphans included (we are their subreaper), so
/// their CPU time lands in RUSAGE_CHILDREN.
fn reap_all() {
    let until = Instant::now() + REAP_FOR;
    loop {
        let mut status = 0;
        // SAFETY: waitpid on any child of ours, non-blocking.
        let pid = unsafe { libc::waitpid(-1, &mut status, libc::WNOHANG) };
        if pid < 0 {
            return; // ECHILD: none left
        }
        if pid == 0 {
            if Instant::now() > until {
                return;
            }
            std::thread::sleep(Duration::from_millis(20));
        }
    }
}

/// The summed resident set of every process below `root`, and their pids.
fn tree_rss_kb(root: u32) -> (u64, Vec<u32>) {
    let Ok(dir) = std::fs::read_dir("/proc") else {
        return (0, Vec::new());
    };
    let mut parent = HashMap::new();
    for entry in dir.flatten() {
        let Some(pid) = entry
            .file_name()
            .to_str()
            .and_then(|s| s.parse::<u32>().ok())
        else {
            continue;
        };
        if let Some(ppid) = ppid_of(pid) {
            parent.insert(pid, ppid);
        }
    }
    let below = |mut pid: u32| {
        for _ in 0..64 {
            match parent.get(&pid) {
                Some(&p) if p == root => return true,
                Some(&p) if p > 1 => pid = p,
                _ => return false,
            }
        }
        false
    };
    // SAFETY: sysconf has no preconditions.
    let page_kb = (unsafe { libc::sysconf(libc::_SC_PAGESIZE) }.max(4096) / 1024) as u64;
    let pids: Vec<u32> = parent.keys().copied().filter(|&p| below(p)).collect();
    let kb = pids
        .iter()
        .filter_map(|p| std::fs::read_to_string(format!("/proc/{p}/statm")).ok())
        .filter_map(|s| s.split_whitespace().nth(1)?.parse::<u64>().ok())
        .map(|pages| pages * page_kb)
        .sum();
    (kb, pids)
}

fn ppid_of(pid: u32) -> Option<u32> {
    let stat = std::fs::read_to_string(format!("/proc/{pid}/stat")).ok()?;
    // The command name may hold spaces and parentheses: fields follow the last ')'.
    let rest = &stat[stat.rfind(')')? + 1..];
    rest.split_whitespace().nth(1)?.parse().ok()
}

pub fn unix_now() -> f64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0.0, |d| d.as_secs_f64())
}

/// Run `argv` once under `suite measure` (this same binary), its output
/// discarded and `stdin` given, and read the figures it wrote to `out`.
pub fn run_measured<K: AsRef<OsStr>, V: AsRef<OsStr>>(
    out: &Path,
    argv: &[String],
    env: impl IntoIterator<Item = (K, V)>,
    stdin: Stdio,
) -> Result<Measured, String> {
    let me = std::env::current_exe().map_err(|e| e.to_string())?;
    let status = Command::new(me)
        .arg("measure")
        .arg(out)
        .arg("--")
        .args(argv)
        .envs(env)
        .stdin(stdin)
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .map_err(|e| e.to_string())?;
    if !status.success() {
        return Err(format!("measure {}: failed", argv.join(" ")));
    }
    Measured::read(out)
}
