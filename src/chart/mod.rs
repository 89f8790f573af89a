//! PlanProgress you can see: bar charts drawn with Unicode blocks, for the
//! journal (`walkrun log --chart`) and for a plan (`walkrun show --chart`).
//!
//! Drawing is a pure function from rows and a [`Style`] (width, colour) to
//! lines of text; which terminal it is and whether colour is wanted are
//! decided at the edge.

mod bars;
mod plan;
mod weekly;

pub use bars::{draw, Panel, Row, Style, Value, MAX_WIDTH, MIN_WIDTH};
pub use plan::plan_panels;
pub use weekly::Weekly;
