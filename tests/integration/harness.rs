//! The harness itself: `walkrun()` gives each test a home of its own, and
//! its three forms (assert_cmd, std, shell) say the same, whatever the
//! environment they are started from says.

use crate::util::walkrun;

/// What `walkrun config path` prints: where the profile is read from.
fn config_path(out: std::process::Output) -> String {
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).expect("utf8")
}

#[test]
fn every_builder_has_a_fresh_home_that_holds_the_profile() {
    let (a, b) = (walkrun(), walkrun());
    assert_ne!(a.home_dir(), b.home_dir());
    assert!(a.home_dir().is_dir());
    let want = format!("{}\n", a.home_dir().join("config.toml").display());
    let mut w = walkrun().home(a.home_dir());
    w.args(["config", "path"]);
    assert_eq!(config_path(w.output().expect("runs")), want);
    assert_eq!(config_path(w.std().output().expect("runs")), want);
}

#[test]
fn the_shell_line_says_every_variable_itself() {
    let dir = tempfile::tempdir().expect("tempdir");
    let mut w = walkrun().home(dir.path());
    w.args(["config", "path"]);
    // A terminal's shell may carry anything: the line overrides it all.
    let out = std::process::Command::new("sh")
        .arg("-c")
        .arg(format!(
            "WALKRUN_CONFIG=/nowhere/config.toml WALKRUN_HOME=/nowhere NO_COLOR= {}",
            w.shell()
        ))
        .output()
        .expect("sh");
    assert_eq!(
        config_path(out),
        format!("{}\n", dir.path().join("config.toml").display())
    );
    let clock = walkrun().now("2026-12-08T09:30").shell();
    assert!(clock.contains("WALKRUN_NOW='2026-12-08T09:30'"), "{clock}");
    assert!(clock.contains("NO_COLOR='1'"), "{clock}");
    assert!(!clock.contains("-u WALKRUN_NOW"), "{clock}");
}
