//! Keeping the screen on and the laptop awake while a session plays, through
//! the desktop's own inhibitors (the freedesktop screen saver for the
//! display, logind for idling and sleep), by way of the `keepawake` crate.

use keepawake::{Builder, KeepAwake};

/// A session shorter than this cannot outlast even the shortest
/// screen-blank timeout a desktop offers (one minute), so nothing is asked.
pub const WORTH_IT_SECONDS: u64 = 60;

/// Held for the length of a session; the inhibitors end when it is dropped.
pub struct Awake {
    _display: Option<KeepAwake>,
    _system: Option<KeepAwake>,
}

impl Awake {
    /// Ask the desktop to keep the screen on and the machine awake. The
    /// second value says, in one line, what could not be had.
    pub fn start(reason: &str) -> (Awake, Option<String>) {
        let display = Builder::default()
            .display(true)
            .reason(reason)
            .app_name("walkrun")
            .app_reverse_domain("io.github.walkrun")
            .create();
        let system = Builder::default()
            .idle(true)
            .sleep(true)
            .reason(reason)
            .app_name("walkrun")
            .app_reverse_domain("io.github.walkrun")
            .create();
        let trouble = match (&display, &system) {
            (Ok(_), _) => None,
            (Err(e), Ok(_)) => Some(format!(
                "the screen may blank during the session: the desktop did not answer a request \
                 to keep it on ({e})"
            )),
            (Err(e), Err(_)) => Some(format!(
                "cannot keep the laptop awake during the session: no desktop inhibitor answered \
                 ({e}); turn off screen blanking and sleep for now"
            )),
        };
        (
            Awake {
                _display: display.ok(),
                _system: system.ok(),
            },
            trouble,
        )
    }
}
