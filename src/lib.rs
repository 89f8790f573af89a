//! walkrun: walk-run interval coaching.
//!
//! Text becomes a [`steps::Session`], sessions gather into a [`plan::Plan`], and
//! everything downstream (the rules, the calendar, the timeline, the audio) reads
//! those types. The command-line front lives in `main.rs`; nothing here knows
//! about clap.

pub mod atomic_file;
pub mod audio;
pub mod awake;
pub mod calendar;
pub mod chart;
pub mod coach;
pub mod config;
pub mod export;
pub mod history;
pub mod phrases;
pub mod plan;
pub mod planner;
pub mod player;
pub mod programs;
pub mod progression;
pub mod rules;
pub mod safe_text;
pub mod shape;
pub mod speech;
pub mod steps;
pub mod taper;
pub mod timeline;

pub use plan::{Address, Plan, PlanError};
pub use steps::Session;
