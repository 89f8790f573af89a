//! What the test modules share.

pub mod onsets;
pub mod tmux;
