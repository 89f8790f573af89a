//! A plan turned into bytes for other tools. Each format is a pure function of
//! the plan; writing the bytes to a file (atomically) happens at the edge.

pub mod json;
