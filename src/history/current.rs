//! The runner's current plan, remembered in the data folder.

use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use super::HistoryError;
use crate::plan::programs;
use crate::plan::{Plan, PlanError};
use crate::sys::atomic_file;

/// The file in the data folder that names the current plan.
pub const CURRENT_FILE: &str = "current-plan.json";

/// The largest current-plan file read: it names one plan in a few lines.
const MAX_CURRENT_BYTES: u64 = 64 << 10;

/// A plan as the runner named it: a file (kept as an absolute path, so it still
/// resolves from another folder) or a built-in program.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PlanRef {
    File(PathBuf),
    Builtin(String),
}

impl PlanRef {
    /// What the runner typed: a path, or a built-in id when no such file exists
    /// (the same choice [`programs::load`] makes).
    pub fn resolve(arg: &str) -> PlanRef {
        let path = Path::new(arg);
        match programs::find(arg) {
            Some(b) if !path.exists() => PlanRef::Builtin(b.id.to_string()),
            _ => PlanRef::File(std::path::absolute(path).unwrap_or_else(|_| path.to_path_buf())),
        }
    }

    pub fn load(&self) -> Result<Plan, PlanError> {
        match self {
            PlanRef::File(p) => Plan::load(p),
            PlanRef::Builtin(id) => match programs::find(id) {
                Some(b) => b.plan(),
                None => Err(PlanError::Whole {
                    path: format!("builtin:{id}"),
                    message: "no such built-in program (see `walkrun programs`)".to_string(),
                }),
            },
        }
    }

    /// How journal entries name the plan: the absolute path or `builtin:ID`.
    pub fn key(&self) -> String {
        match self {
            PlanRef::File(p) => p.display().to_string(),
            PlanRef::Builtin(id) => format!("builtin:{id}"),
        }
    }
}

#[derive(Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct CurrentDoc {
    v: u32,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    file: Option<PathBuf>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    builtin: Option<String>,
}

/// The current plan, if one was chosen with `walkrun use`.
pub fn current_plan(dir: &Path) -> Result<Option<PlanRef>, HistoryError> {
    let path = dir.join(CURRENT_FILE);
    let bad = |message: String| HistoryError::CurrentPlan {
        path: path.clone(),
        message,
    };
    // Only a regular file, checked without blocking (a FIFO would hang
    // `next`), and only as much as such a file can hold.
    let text = match super::read_regular(&path, MAX_CURRENT_BYTES, "current-plan file") {
        Ok(t) => t,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
        Err(e) if e.kind() == std::io::ErrorKind::InvalidData => {
            return Err(bad(format!("{e}; run `walkrun use PLAN` to set it again")))
        }
        Err(e) => return Err(bad(format!("cannot read: {e}"))),
    };
    let doc: CurrentDoc = serde_json::from_slice(&text).map_err(|e| {
        bad(format!(
            "not a current-plan file ({e}); run `walkrun use PLAN` to set it again"
        ))
    })?;
    match doc {
        CurrentDoc { v, .. } if v > super::FORMAT_VERSION => Err(bad(format!(
            "written by a newer walkrun (format {v}); run `walkrun use PLAN` to set it again"
        ))),
        CurrentDoc {
            file: Some(f),
            builtin: None,
            ..
        } => Ok(Some(PlanRef::File(f))),
        CurrentDoc {
            file: None,
            builtin: Some(b),
            ..
        } => Ok(Some(PlanRef::Builtin(b))),
        _ => Err(bad(
            "expected a file or a builtin; run `walkrun use PLAN` to set it again".to_string(),
        )),
    }
}

/// Make `plan` the current one (written atomically).
pub fn set_current_plan(dir: &Path, plan: &PlanRef) -> Result<(), HistoryError> {
    let path = dir.join(CURRENT_FILE);
    let doc = match plan {
        PlanRef::File(f) => CurrentDoc {
            v: super::FORMAT_VERSION,
            file: Some(f.clone()),
            builtin: None,
        },
        PlanRef::Builtin(b) => CurrentDoc {
            v: super::FORMAT_VERSION,
            file: None,
            builtin: Some(b.clone()),
        },
    };
    let mut bytes = serde_json::to_vec_pretty(&doc).unwrap_or_default();
    bytes.push(b'\n');
    let werr = |source| HistoryError::Write {
        path: path.clone(),
        source,
    };
    std::fs::create_dir_all(dir).map_err(werr)?;
    atomic_file::write(&path, &bytes).map_err(|e| werr(e.into()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn remembers_a_builtin_and_a_file() {
        let dir = tempfile::tempdir().unwrap();
        assert_eq!(current_plan(dir.path()).unwrap(), None);
        let b = PlanRef::resolve("couch-to-5k");
        assert_eq!(b, PlanRef::Builtin("couch-to-5k".into()));
        set_current_plan(dir.path(), &b).unwrap();
        assert_eq!(current_plan(dir.path()).unwrap(), Some(b));
        let f = PlanRef::resolve("some/plan.toml");
        let PlanRef::File(p) = &f else {
            panic!("a path is a file")
        };
        assert!(p.is_absolute());
        set_current_plan(dir.path(), &f).unwrap();
        assert_eq!(current_plan(dir.path()).unwrap(), Some(f));
    }

    #[test]
    fn a_damaged_file_names_itself() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join(CURRENT_FILE), "{oops").unwrap();
        let e = current_plan(dir.path()).unwrap_err().to_string();
        assert!(e.contains(CURRENT_FILE), "{e}");
        assert!(e.contains("walkrun use"), "{e}");
    }
}
