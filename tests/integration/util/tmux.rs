//! A private tmux server for the tests that drive walkrun on a real terminal:
//! its own socket, so no test meets another's (or the developer's) sessions,
//! and killed when the test ends, whatever happened.

use std::path::PathBuf;
use std::process::Command as Proc;
use std::time::Duration;

use super::wait_until;

/// How long a screen may take to show what a test waits for.
pub const SCREEN_DEADLINE: Duration = Duration::from_secs(20);

pub struct Tmux {
    /// The server's socket, in the test's temporary folder.
    pub socket: PathBuf,
    /// The session that `send` and `screen` talk to.
    pub session: &'static str,
}

impl Tmux {
    pub fn cmd(&self) -> Proc {
        let mut c = Proc::new("tmux");
        c.arg("-S").arg(&self.socket);
        c
    }

    /// Start the session: `sh -c script` on a `width` x `height` terminal.
    pub fn start(&self, width: u16, height: u16, script: &str) {
        self.start_with(self.cmd(), width, height, script);
    }

    /// As `start`, through `cmd`: `self.cmd()` with an environment of its own
    /// (the sound server's), which the session keeps.
    pub fn start_with(&self, mut cmd: Proc, width: u16, height: u16, script: &str) {
        let ok = cmd
            .args(["new-session", "-d", "-s", self.session])
            .args(["-x", &width.to_string(), "-y", &height.to_string()])
            .args(["sh", "-c", script])
            .status()
            .expect("tmux")
            .success();
        assert!(ok, "tmux new-session");
    }

    pub fn send(&self, keys: &[&str]) {
        let ok = self
            .cmd()
            .args(["send-keys", "-t", self.session])
            .args(keys)
            .status()
            .expect("tmux")
            .success();
        assert!(ok, "tmux send-keys {keys:?}");
    }

    /// The session's screen, with up to 200 lines scrolled off it.
    pub fn screen(&self) -> String {
        self.capture(&["-t", self.session, "-S", "-200"])
    }

    /// What the pane `target` (`session:window`) shows now.
    pub fn visible(&self, target: &str) -> String {
        self.capture(&["-t", target])
    }

    fn capture(&self, args: &[&str]) -> String {
        let out = self
            .cmd()
            .args(["capture-pane", "-p"])
            .args(args)
            .output()
            .expect("tmux capture-pane");
        String::from_utf8_lossy(&out.stdout).into_owned()
    }

    /// Wait until the screen shows `text`; the screen.
    pub fn wait_for(&self, text: &str) -> String {
        wait_until(format!("'{text}' on screen"), SCREEN_DEADLINE, || {
            let screen = self.screen();
            if screen.contains(text) {
                Ok(screen)
            } else {
                Err(screen)
            }
        })
    }

    /// Wait until the pane `target` shows `text`; what it shows.
    pub fn wait_for_on(&self, target: &str, text: &str) -> String {
        wait_until(format!("'{text}' on {target}"), SCREEN_DEADLINE, || {
            let screen = self.visible(target);
            if screen.contains(text) {
                Ok(screen)
            } else {
                Err(screen)
            }
        })
    }

    /// Answer the question that shows `question` with `keys`.
    pub fn answer(&self, question: &str, keys: &[&str]) {
        self.wait_for(question);
        self.send(keys);
    }
}

impl Drop for Tmux {
    fn drop(&mut self) {
        let _ = self.cmd().arg("kill-server").status();
    }
}
