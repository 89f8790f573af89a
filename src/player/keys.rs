//! The runner's keys: space pauses and resumes, `n` skips to the next
//! segment, `b` goes back to the start of this one, `q` ends the session.
//!
//! The terminal is read here with poll(2) and read(2) rather than through
//! crossterm's event reader: that one retries a read of 0 bytes (and an EIO)
//! in a loop without end, so a terminal that closed under a session (a tmux
//! window killed, an ssh link dropped) kept walkrun spinning at full CPU,
//! deaf to SIGTERM and SIGHUP. Here end of input is a key of its own,
//! [`Key::Closed`], and a signal wakes the wait at once.

use std::collections::VecDeque;
use std::time::Duration;

/// What a key asks of the player.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Key {
    PauseResume,
    Next,
    Back,
    Quit,
    /// Ctrl-C in raw mode: end now, without the question.
    Interrupt,
    /// The terminal is gone (end of input, or it hung up): end as SIGHUP does.
    Closed,
    /// Any other key (it answers "no" to the quit question).
    Other,
}

/// Where keys come from.
pub trait Keys {
    /// Wait up to `timeout` for a key; `None` when none came (or a signal
    /// cut the wait short).
    fn wait(&mut self, timeout: Duration) -> Option<Key>;

    /// Whether a runner is at the keys, to resume a stalled device (without
    /// one, the player retries on its own).
    fn live(&self) -> bool {
        true
    }
}

/// Keys from the terminal on stdin (which must be in raw mode).
#[derive(Debug, Default)]
pub struct TerminalKeys {
    parser: KeyParser,
    closed: bool,
}

impl Keys for TerminalKeys {
    fn wait(&mut self, timeout: Duration) -> Option<Key> {
        if self.closed {
            return Some(Key::Closed);
        }
        if let Some(k) = self.parser.next_key() {
            return Some(k);
        }
        match read_stdin(timeout) {
            Read::Bytes(bytes) => {
                self.parser.feed(&bytes);
                self.parser.next_key()
            }
            Read::Nothing => None,
            Read::Closed => {
                // Keys already typed still count; the end comes after them.
                self.closed = true;
                Some(self.parser.next_key().unwrap_or(Key::Closed))
            }
        }
    }
}

enum Read {
    Bytes(Vec<u8>),
    /// The time ran out, or a signal came.
    Nothing,
    /// End of input or a read error: no key will ever come.
    Closed,
}

#[cfg(unix)]
fn read_stdin(timeout: Duration) -> Read {
    let mut fd = libc::pollfd {
        fd: libc::STDIN_FILENO,
        events: libc::POLLIN,
        revents: 0,
    };
    // Rounded up: a wait cut short of its deadline would wake the player
    // just before a change, and again and again until it came.
    let ms = timeout.as_nanos().div_ceil(1_000_000);
    let ms = libc::c_int::try_from(ms).unwrap_or(libc::c_int::MAX);
    // SAFETY: one pollfd owned here, its count 1.
    let ready = unsafe { libc::poll(&mut fd, 1, ms) };
    if ready < 0 {
        // EINTR: a signal; the player looks at what it was.
        return Read::Nothing;
    }
    if ready == 0 {
        return Read::Nothing;
    }
    if fd.revents & (libc::POLLIN | libc::POLLHUP | libc::POLLERR | libc::POLLNVAL) == 0 {
        return Read::Nothing;
    }
    if fd.revents & libc::POLLNVAL != 0 {
        return Read::Closed;
    }
    let mut buf = [0u8; 256];
    // SAFETY: reads at most buf.len() bytes into buf.
    let n = unsafe { libc::read(libc::STDIN_FILENO, buf.as_mut_ptr().cast(), buf.len()) };
    match n {
        0 => Read::Closed,
        n if n > 0 => Read::Bytes(buf[..n as usize].to_vec()),
        _ => match std::io::Error::last_os_error().kind() {
            std::io::ErrorKind::Interrupted | std::io::ErrorKind::WouldBlock => Read::Nothing,
            // EIO is how a hung-up terminal answers.
            _ => Read::Closed,
        },
    }
}

#[cfg(not(unix))]
fn read_stdin(timeout: Duration) -> Read {
    std::thread::sleep(timeout);
    Read::Nothing
}

/// Bytes from a raw-mode terminal to keys. An escape byte alone is the Esc
/// key; followed by `[` or `O` it starts a sequence (the arrow keys), by
/// anything else it is Alt and that key.
#[derive(Debug, Default)]
pub struct KeyParser {
    pending: VecDeque<u8>,
}

const ESC: u8 = 0x1b;
const CTRL_C: u8 = 0x03;

impl KeyParser {
    /// Take in bytes as read.
    pub fn feed(&mut self, bytes: &[u8]) {
        self.pending.extend(bytes);
    }

    /// The next whole key, if the bytes so far hold one. A read hands a
    /// sequence over whole, so an escape at the end of what was read is the
    /// Esc key itself.
    pub fn next_key(&mut self) -> Option<Key> {
        let b = self.pending.pop_front()?;
        Some(match b {
            CTRL_C => Key::Interrupt,
            b' ' | b'p' => Key::PauseResume,
            b'n' => Key::Next,
            b'b' => Key::Back,
            b'q' => Key::Quit,
            ESC => match self.pending.pop_front() {
                Some(b'[') | Some(b'O') => self.sequence(),
                // Alt and a key: not a key of the player's.
                Some(_) => Key::Other,
                None => Key::Quit,
            },
            _ => Key::Other,
        })
    }

    /// After `ESC [` or `ESC O`: parameters, then a final byte.
    fn sequence(&mut self) -> Key {
        while let Some(b) = self.pending.pop_front() {
            if (0x40..=0x7e).contains(&b) {
                return match b {
                    b'C' => Key::Next,
                    b'D' => Key::Back,
                    _ => Key::Other,
                };
            }
        }
        Key::Other
    }
}

/// No keys: the session runs to its end; waiting is plain sleeping.
#[derive(Debug, Default)]
pub struct NoKeys;

impl Keys for NoKeys {
    fn wait(&mut self, timeout: Duration) -> Option<Key> {
        std::thread::sleep(timeout);
        None
    }

    fn live(&self) -> bool {
        false
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn keys(bytes: &[u8]) -> Vec<Key> {
        let mut p = KeyParser::default();
        p.feed(bytes);
        std::iter::from_fn(|| p.next_key()).collect()
    }

    #[test]
    fn bytes_from_a_raw_terminal_are_the_runners_keys() {
        use Key::*;
        assert_eq!(
            keys(b" pnbqx\x03"),
            [PauseResume, PauseResume, Next, Back, Quit, Other, Interrupt]
        );
        assert_eq!(keys(b"\x1b[C\x1b[D\x1bOC"), [Next, Back, Next]);
        // Esc alone asks to quit; another sequence is some other key.
        assert_eq!(keys(b"\x1b"), [Quit]);
        assert_eq!(keys(b"\x1b[1;5A n"), [Other, PauseResume, Next]);
        assert_eq!(keys(b"\x1b[15~"), [Other]);
        // Alt-n is not `n`.
        assert_eq!(keys(b"\x1bnq"), [Other, Quit]);
    }
}
