//! Raw mode for single-key controls, always given back: on drop (the normal
//! end, an early return, an unwinding panic) and before a panic's message is
//! printed, so the message and the shell after it look normal.

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Once;

static RAW: AtomicBool = AtomicBool::new(false);
static HOOK: Once = Once::new();

/// Holds the terminal in raw mode while it lives.
#[derive(Debug)]
pub struct TerminalGuard(());

impl TerminalGuard {
    /// Put the terminal on stdin in raw mode (keys arrive one by one, unechoed).
    pub fn raw() -> std::io::Result<TerminalGuard> {
        HOOK.call_once(|| {
            let previous = std::panic::take_hook();
            std::panic::set_hook(Box::new(move |info| {
                restore();
                previous(info);
            }));
        });
        crossterm::terminal::enable_raw_mode()?;
        RAW.store(true, Ordering::SeqCst);
        keep_output_processing();
        Ok(TerminalGuard(()))
    }
}

impl Drop for TerminalGuard {
    fn drop(&mut self) {
        restore();
    }
}

/// After a hang-up the terminal is gone and every print to it fails (and
/// `eprintln!` panics): stdin, stdout and stderr that were the terminal are
/// pointed at /dev/null, so the session can still be recorded quietly.
pub fn detach_if_hung_up() {
    if crate::sys::interrupt::caught() != Some(crate::sys::interrupt::Signal::HangUp) {
        return;
    }
    #[cfg(unix)]
    {
        use std::os::fd::AsRawFd;
        let Ok(null) = std::fs::OpenOptions::new()
            .read(true)
            .write(true)
            .open("/dev/null")
        else {
            return;
        };
        for fd in [libc::STDIN_FILENO, libc::STDOUT_FILENO, libc::STDERR_FILENO] {
            // A hung-up terminal no longer says it is one (isatty fails with
            // EIO), but it is still a character device, as /dev/null is.
            // SAFETY: fstat and dup2 on the standard descriptors and on one
            // this function owns.
            unsafe {
                let mut st: libc::stat = std::mem::zeroed();
                if libc::fstat(fd, &mut st) == 0 && st.st_mode & libc::S_IFMT == libc::S_IFCHR {
                    libc::dup2(null.as_raw_fd(), fd);
                }
            }
        }
    }
}

fn restore() {
    if RAW.swap(false, Ordering::SeqCst) {
        let _ = crossterm::terminal::disable_raw_mode();
    }
}

/// Raw mode also turns off output processing, so "\n" would no longer return
/// the carriage and every printed line would start where the last one ended.
/// Input is what needs to be raw; output keeps its usual newline handling.
fn keep_output_processing() {
    #[cfg(unix)]
    // SAFETY: tcgetattr/tcsetattr on stdin with a termios owned here.
    unsafe {
        let mut t: libc::termios = std::mem::zeroed();
        if libc::tcgetattr(libc::STDIN_FILENO, &mut t) == 0 {
            t.c_oflag |= libc::OPOST | libc::ONLCR;
            libc::tcsetattr(libc::STDIN_FILENO, libc::TCSANOW, &t);
        }
    }
}
