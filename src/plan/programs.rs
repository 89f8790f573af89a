//! The built-in programs, embedded in the binary so walkrun works with no files.

use crate::plan::{Plan, PlanError};

/// A built-in program: its id on the command line and its TOML text.
#[derive(Debug, Clone, Copy)]
pub struct Builtin {
    pub id: &'static str,
    pub text: &'static str,
}

/// Every built-in, in the order a runner would take them.
pub const BUILTINS: &[Builtin] = &[
    Builtin {
        id: "walk-run-start",
        text: include_str!("../../programs/walk-run-start.toml"),
    },
    Builtin {
        id: "couch-to-5k",
        text: include_str!("../../programs/couch-to-5k.toml"),
    },
    Builtin {
        id: "5k-to-10k",
        text: include_str!("../../programs/5k-to-10k.toml"),
    },
    Builtin {
        id: "10k-to-half",
        text: include_str!("../../programs/10k-to-half.toml"),
    },
];

/// The built-in with this id, if there is one.
pub fn find(id: &str) -> Option<&'static Builtin> {
    BUILTINS.iter().find(|b| b.id == id)
}

impl Builtin {
    /// Parse the program; errors name it as `builtin:ID`.
    pub fn plan(&self) -> Result<Plan, PlanError> {
        Plan::from_toml(self.text, &format!("builtin:{}", self.id))
    }
}

/// A plan from a path, or from a built-in id when no such file exists.
pub fn load(name: &str) -> Result<Plan, PlanError> {
    load_named(name).map(|(plan, _)| plan)
}

/// Like [`load`], with the name errors use for it (the path, or `builtin:ID`).
pub fn load_named(name: &str) -> Result<(Plan, String), PlanError> {
    let path = std::path::Path::new(name);
    match find(name) {
        Some(b) if !path.exists() => Ok((b.plan()?, format!("builtin:{}", b.id))),
        _ => Ok((Plan::load(path)?, path.display().to_string())),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_builtin_parses() {
        for b in BUILTINS {
            let plan = b.plan().unwrap_or_else(|e| panic!("{e}"));
            assert!(plan.start.is_none(), "{} is a program, not a plan", b.id);
            assert!(!plan.weeks.is_empty());
        }
    }

    #[test]
    fn walk_run_start_ends_where_couch_to_5k_begins() {
        let start = find("walk-run-start").and_then(|b| b.plan().ok());
        let c25k = find("couch-to-5k").and_then(|b| b.plan().ok());
        let (start, c25k) = (start.expect("walk-run-start"), c25k.expect("couch-to-5k"));
        let last = &start.weeks.last().expect("weeks").sessions[0].steps;
        assert_eq!(last, &c25k.weeks[0].sessions[0].steps);
        let first = &start.weeks[0].sessions[0].steps;
        assert_eq!(first.longest_run_seconds(), 60);
        assert!((4..=6).contains(&start.weeks.len()));
    }
}
