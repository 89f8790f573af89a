//! The laptop stays awake during a live session: `walkrun run` asks the
//! desktop's screen-saver inhibitor (over a private D-Bus session bus that
//! the test starts and watches with dbus-monitor), and says once when no
//! inhibitor answers. Each session is stopped once it has said what it says
//! at its start; nothing is timed.

use std::io::{BufRead, BufReader};
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::Duration;

use crate::util::{require, wait_until, walkrun};

/// A session of two minutes: long enough to need keeping awake.
const LONG: &str = "walk 2m";

fn walkrun_run(home: &Path, session_bus: &str, stderr: &Path) -> Child {
    walkrun()
        .home(home)
        .std()
        .args(["run", "--steps", LONG, "--no-audio"])
        .env("DBUS_SESSION_BUS_ADDRESS", session_bus)
        .env(
            "DBUS_SYSTEM_BUS_ADDRESS",
            "unix:path=/nonexistent/system_bus_socket",
        )
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(std::fs::File::create(stderr).expect("stderr file"))
        .spawn()
        .expect("walkrun run starts")
}

/// Wait (at most 20 s) until `check` holds for the text of `file`; the text.
fn wait_for(file: &Path, what: &str, check: impl Fn(&str) -> bool) -> String {
    wait_until(what, Duration::from_secs(20), || {
        let text = std::fs::read_to_string(file).unwrap_or_default();
        if check(&text) {
            Ok(text)
        } else {
            Err(text)
        }
    })
}

const CANNOT: &str = "cannot keep the laptop awake during the session";

#[test]
fn with_no_desktop_it_says_once_that_it_cannot_keep_the_laptop_awake() {
    let home = tempfile::tempdir().expect("tempdir");
    let err = home.path().join("err");
    let mut child = walkrun_run(home.path(), "unix:path=/nonexistent/session_bus", &err);
    wait_for(&err, "a word about keeping awake", |t| t.contains(CANNOT));
    // The session goes on regardless: its first record is in the journal.
    wait_for(
        &home.path().join("journal.jsonl"),
        "the first record in the journal",
        |t| t.contains("walk 2m"),
    );
    let _ = child.kill();
    let _ = child.wait();
    let text = std::fs::read_to_string(&err).expect("stderr");
    assert_eq!(text.matches(CANNOT).count(), 1, "{text}");
    assert_eq!(text.lines().count(), 1, "{text}");
    // Plain words, short enough for one line of a terminal: no D-Bus error,
    // no socket path, and what to do.
    assert!(
        !text.contains("unix:path") && !text.contains("os error") && text.len() < 110,
        "{text}"
    );
    assert!(text.contains("turn off sleep for now"), "{text}");
}

struct Bus {
    daemon: Child,
    monitor: Option<Child>,
}

impl Drop for Bus {
    fn drop(&mut self) {
        if let Some(m) = self.monitor.as_mut() {
            let _ = m.kill();
            let _ = m.wait();
        }
        let _ = self.daemon.kill();
        let _ = self.daemon.wait();
    }
}

#[test]
fn it_asks_the_desktops_screen_saver_to_stay_on() {
    if !(require("dbus-daemon") && require("dbus-monitor")) {
        return;
    }
    let home = tempfile::tempdir().expect("tempdir");
    let mut daemon = Command::new("dbus-daemon")
        .args(["--session", "--nofork", "--print-address=1"])
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("dbus-daemon starts");
    let mut address = String::new();
    BufReader::new(daemon.stdout.take().expect("stdout"))
        .read_line(&mut address)
        .expect("the bus address");
    let address = address.trim().to_string();
    let mut bus = Bus {
        daemon,
        monitor: None,
    };
    let watched = home.path().join("monitor");
    bus.monitor = Some(
        Command::new("dbus-monitor")
            .args([
                "--address",
                &address,
                "interface='org.freedesktop.ScreenSaver'",
            ])
            .stdout(std::fs::File::create(&watched).expect("monitor file"))
            .stderr(Stdio::null())
            .spawn()
            .expect("dbus-monitor starts"),
    );
    // The monitor is listening once it has been told its own name.
    wait_for(&watched, "dbus-monitor to start", |t| {
        t.contains("NameAcquired")
    });
    let err = home.path().join("err");
    let mut child = walkrun_run(home.path(), &address, &err);
    let seen = wait_for(&watched, "an Inhibit call on the bus", |t| {
        t.contains("member=Inhibit")
    });
    // Nobody serves the screen saver on this bus, so it cannot, and says so.
    wait_for(&err, "a word about keeping awake", |t| t.contains(CANNOT));
    let _ = child.kill();
    let _ = child.wait();
    assert!(seen.contains("io.github.walkrun"), "{seen}");
    assert!(seen.contains("a walkrun session is playing"), "{seen}");
}
