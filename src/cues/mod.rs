//! What the coach says and when: phrases recorded whole, the words of
//! durations and changes, and the timeline that puts each cue at its offset.

pub mod milestone;
pub mod phrases;
pub mod speech;
pub mod timeline;
