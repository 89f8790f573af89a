//! walkrun's integration tests, one binary (linked once) with a module per
//! area, as ripgrep's and just's are. Most run the built `walkrun` as a
//! user would; `util` holds what they share. `render_long` is a binary of its
//! own: it makes its process a subreaper to read walkrun's own peak memory.

mod util;

#[cfg(target_os = "linux")]
mod awake;
mod chart;
mod check;
mod coach;
mod crash;
mod distance;
mod every_runner;
mod export;
mod export_fit;
mod fuzz_regressions;
mod grammar;
mod hardening_input;
mod harness;
mod import;
mod init;
mod journal;
mod json;
#[cfg(target_os = "linux")]
mod log_stream;
mod plan_file;
mod planner;
mod plans_read_as_a_coach;
mod profile;
mod record;
mod render;
mod render_batch;
mod render_formats;
mod render_music;
mod rules;
mod run;
mod show;
mod stdout;
mod time_trial;
mod today;
mod voice;
mod writes;
