//! The runner's keys: space pauses and resumes, `n` skips to the next
//! segment, `b` goes back to the start of this one, `q` ends the session.

use std::time::Duration;

use crossterm::event::{self, Event, KeyCode, KeyEventKind, KeyModifiers};

/// What a key asks of the player.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Key {
    PauseResume,
    Next,
    Back,
    Quit,
    /// Ctrl-C in raw mode: end now, without the question.
    Interrupt,
    /// Any other key (it answers "no" to the quit question).
    Other,
}

/// Where keys come from.
pub trait Keys {
    /// Wait up to `timeout` for a key; `None` when none came.
    fn wait(&mut self, timeout: Duration) -> Option<Key>;
}

/// Keys from the terminal on stdin (which must be in raw mode).
#[derive(Debug, Default)]
pub struct TerminalKeys;

impl Keys for TerminalKeys {
    fn wait(&mut self, timeout: Duration) -> Option<Key> {
        if !event::poll(timeout).ok()? {
            return None;
        }
        match event::read().ok()? {
            Event::Key(k) if k.kind != KeyEventKind::Release => Some(match k.code {
                KeyCode::Char('c') if k.modifiers.contains(KeyModifiers::CONTROL) => Key::Interrupt,
                KeyCode::Char(' ') | KeyCode::Char('p') => Key::PauseResume,
                KeyCode::Char('n') | KeyCode::Right => Key::Next,
                KeyCode::Char('b') | KeyCode::Left => Key::Back,
                KeyCode::Char('q') | KeyCode::Esc => Key::Quit,
                _ => Key::Other,
            }),
            _ => None,
        }
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
}
