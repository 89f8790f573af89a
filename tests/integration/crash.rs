//! A live session killed with SIGKILL, again and again, at moments that fall
//! before, during and after the journal's writes: the journal always reads,
//! nothing written before is lost, and each killed session shows as cut off.

use std::process::Stdio;
use std::time::{Duration, Instant};

use crate::util::walkrun;
use serde_json::Value;

fn log_entries(home: &std::path::Path) -> Vec<Value> {
    let out = walkrun()
        .home(home)
        .args(["log", "--format", "json"])
        .output()
        .expect("walkrun log runs");
    assert!(
        out.status.success(),
        "the journal must always read: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    let doc: Value = serde_json::from_slice(&out.stdout).expect("JSON");
    doc["entries"].as_array().cloned().unwrap_or_default()
}

#[test]
fn killing_a_live_session_never_loses_the_journal() {
    let home = tempfile::tempdir().expect("tempdir");
    let mut before: Vec<Value> = Vec::new();
    // Kill times spread over the first three quarters of a second, where the
    // start record is being written, and right after each start record.
    for round in 0..10u64 {
        let mut child = walkrun()
            .home(home.path())
            .std()
            .args(["run", "couch-to-5k", "--session", "W1D1", "--no-audio"])
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("walkrun run starts");
        let started = Instant::now();
        if round % 2 == 0 {
            // Odd moments: kill times vary by round, measured from the spawn;
            // no result depends on how long the wait really was (a loaded
            // machine may not have written anything yet).
            let wait = Duration::from_millis(round * 75);
            while started.elapsed() < wait {
                std::thread::yield_now();
            }
        } else {
            // The moment just after the start record: wait for the journal
            // to grow (the text, not the clock), then kill at once.
            let journal = home.path().join("journal.jsonl");
            let size = |p: &std::path::Path| std::fs::metadata(p).map(|m| m.len()).unwrap_or(0);
            let was = size(&journal);
            while size(&journal) == was {
                assert!(
                    started.elapsed() < Duration::from_secs(120),
                    "round {round}: the session never wrote its start record"
                );
                std::thread::yield_now();
            }
        }
        child.kill().expect("SIGKILL");
        let _ = child.wait();
        let alive_for = started.elapsed().as_secs_f64();

        let after = log_entries(home.path());
        // Everything read before is still there, unchanged.
        assert!(after.len() >= before.len(), "round {round}: entries lost");
        assert_eq!(
            &after[..before.len()],
            &before[..],
            "round {round}: an entry changed"
        );
        for e in &after[before.len()..] {
            assert_eq!(e["outcome"], "partial", "round {round}: {e}");
            assert_eq!(e["interrupted"], true, "round {round}: {e}");
            assert_eq!(e["address"], "W1D1");
            let spent = e["seconds_spent"].as_f64().expect("seconds_spent");
            assert!(
                alive_for - spent <= 60.0,
                "round {round}: at most a minute missing, {spent} s of {alive_for:.1} s"
            );
        }
        before = after;
    }
    // Every round killed after its start record shows in the journal.
    assert!(before.len() >= 5, "only {} sessions recorded", before.len());
}
