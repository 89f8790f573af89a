//! The laptop stays awake during a live session: `walkrun run` asks the
//! desktop's screen-saver inhibitor (over a private D-Bus session bus that
//! the test starts and watches with dbus-monitor), and says once when no
//! inhibitor answers. Each session is stopped once it has said what it says
//! at its start; nothing is timed.

use std::io::{BufRead, BufReader};
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

/// A session of two minutes: long enough to need keeping awake.
const LONG: &str = "walk 2m";

fn walkrun_run(home: &Path, session_bus: &str, stderr: &Path) -> Child {
    Command::new(env!("CARGO_BIN_EXE_walkrun"))
        .args(["run", "--steps", LONG, "--no-audio"])
        .env("WALKRUN_HOME", home)
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

/// Wait (at most 20 s) until `check` holds for the text of `file`.
fn wait_until(file: &Path, what: &str, check: impl Fn(&str) -> bool) -> String {
    let until = Instant::now() + Duration::from_secs(20);
    loop {
        let text = std::fs::read_to_string(file).unwrap_or_default();
        if check(&text) {
            return text;
        }
        assert!(Instant::now() < until, "{what}: {text}");
        std::thread::sleep(Duration::from_millis(20));
    }
}

const CANNOT: &str = "cannot keep the laptop awake during the session";

#[test]
fn with_no_desktop_it_says_once_that_it_cannot_keep_the_laptop_awake() {
    let home = tempfile::tempdir().expect("tempdir");
    let err = home.path().join("err");
    let mut child = walkrun_run(home.path(), "unix:path=/nonexistent/session_bus", &err);
    wait_until(&err, "no word about keeping awake", |t| t.contains(CANNOT));
    // The session goes on regardless: its first record is in the journal.
    wait_until(&home.path().join("journal.jsonl"), "not recorded", |t| {
        t.contains("walk 2m")
    });
    let _ = child.kill();
    let _ = child.wait();
    let text = std::fs::read_to_string(&err).expect("stderr");
    assert_eq!(text.matches(CANNOT).count(), 1, "{text}");
    assert_eq!(text.lines().count(), 1, "{text}");
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
    let have = |tool: &str| Command::new(tool).arg("--version").output().is_ok();
    if !have("dbus-daemon") || !have("dbus-monitor") {
        if std::env::var_os("CI").is_some() {
            panic!("CI must run the keep-awake test: dbus-daemon or dbus-monitor is missing");
        }
        eprintln!("skipped: dbus-daemon or dbus-monitor is not installed");
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
    wait_until(&watched, "dbus-monitor did not start", |t| {
        t.contains("NameAcquired")
    });
    let err = home.path().join("err");
    let mut child = walkrun_run(home.path(), &address, &err);
    let seen = wait_until(&watched, "no Inhibit call on the bus", |t| {
        t.contains("member=Inhibit")
    });
    // Nobody serves the screen saver on this bus, so it cannot, and says so.
    wait_until(&err, "no word about keeping awake", |t| t.contains(CANNOT));
    let _ = child.kill();
    let _ = child.wait();
    assert!(seen.contains("io.github.walkrun"), "{seen}");
    assert!(seen.contains("a walkrun session is playing"), "{seen}");
}
