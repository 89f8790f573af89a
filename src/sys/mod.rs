//! Plumbing every domain leans on and none owns: files written whole or not
//! at all, keeping the machine awake, signals, and text made safe for a
//! terminal.

pub mod atomic_file;
pub mod awake;
pub mod interrupt;
pub mod safe_text;
