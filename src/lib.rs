//! walkrun: walk-run interval coaching.
//!
//! Text becomes a [`plan::steps::Session`], sessions gather into a
//! [`plan::Plan`], and everything downstream (the rules, the planning, the cue
//! timeline, the audio) reads those types. The folders are the domains; see
//! ARCHITECTURE.md for the map. The command-line front lives in `main.rs` and
//! `cmd/`; nothing here knows about clap.

pub mod audio;
pub mod chart;
pub mod coach;
pub mod config;
pub mod cues;
pub mod export;
pub mod history;
pub mod plan;
pub mod planning;
pub mod player;
pub mod recording;
pub mod rules;
pub mod sys;
pub mod words;

pub use plan::steps::Session;
pub use plan::{Address, Plan, PlanError};
