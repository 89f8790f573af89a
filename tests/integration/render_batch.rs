//! `walkrun render` for a week or a whole plan at once, and with no PLAN or
//! session: the current plan's next session, as `walkrun run` picks it.

use std::path::Path;

use crate::util::walkrun;
use id3::TagLike;

fn plan(dir: &Path) -> std::path::PathBuf {
    let path = dir.join("plan.toml");
    std::fs::write(
        &path,
        "name = \"Couch to 5K\"\n\n\
         [[week]]\n[[week.session]]\nsteps = \"walk 10s\"\n[[week.session]]\nsteps = \"run 10s\"\n\
         [[week]]\n[[week.session]]\nsteps = \"walk 12s\"\n[[week.session]]\nsteps = \"run 12s, walk 5s\"\n",
    )
    .unwrap();
    path
}

fn names(dir: &Path) -> Vec<String> {
    let mut n: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    n.sort();
    n
}

#[test]
fn a_week_and_a_whole_plan_into_a_folder_with_names_that_sort() {
    let dir = tempfile::tempdir().unwrap();
    let plan = plan(dir.path());
    let week = dir.path().join("week2");
    let out = walkrun()
        .home(dir.path())
        .arg("render")
        .arg(&plan)
        .args(["--week", "2", "-o"])
        .arg(format!("{}/", week.display()))
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(
        names(&week),
        ["W02D1-couch-to-5k.mp3", "W02D2-couch-to-5k.mp3"]
    );
    let stdout = String::from_utf8(out.stdout).unwrap();
    assert!(
        stdout.contains("W02D2-couch-to-5k.mp3: 0:18.724 (0:17.000 of session"),
        "{stdout}"
    );
    assert!(stdout.contains("2 files, "), "{stdout}");
    // The second session of week 2 is the plan's fourth.
    let tag = id3::Tag::read_from_path(week.join("W02D2-couch-to-5k.mp3")).unwrap();
    assert_eq!(tag.title(), Some("W2D2 · Couch to 5K"));
    assert_eq!(tag.album(), Some("Couch to 5K"));
    assert_eq!(tag.track(), Some(4));

    let all = dir.path().join("all");
    walkrun()
        .home(dir.path())
        .arg("render")
        .arg(&plan)
        .args(["--all", "--format", "opus", "-o"])
        .arg(&all)
        .assert()
        .success();
    assert_eq!(
        names(&all),
        [
            "W01D1-couch-to-5k.opus",
            "W01D2-couch-to-5k.opus",
            "W02D1-couch-to-5k.opus",
            "W02D2-couch-to-5k.opus"
        ]
    );

    walkrun()
        .home(dir.path())
        .arg("render")
        .arg(&plan)
        .args(["--week", "3", "-o"])
        .arg(dir.path().join("none"))
        .assert()
        .code(2)
        .stderr("walkrun: --week 3: Couch to 5K has 2 weeks\n");
    assert!(!dir.path().join("none").exists());
}

#[test]
fn without_plan_or_session_the_next_session_of_the_current_plan() {
    let dir = tempfile::tempdir().unwrap();
    let plan = plan(dir.path());
    walkrun()
        .home(dir.path())
        .arg("use")
        .arg(&plan)
        .assert()
        .success();
    walkrun()
        .home(dir.path())
        .args(["log", "add", "W1D1"])
        .assert()
        .success();
    let out = dir.path().join("next.mp3");
    walkrun()
        .home(dir.path())
        .args(["render", "-o"])
        .arg(&out)
        .assert()
        .success();
    let tag = id3::Tag::read_from_path(&out).unwrap();
    assert_eq!(tag.title(), Some("W1D2 · Couch to 5K"));

    // A new machine: Couch to 5K's first session, as `walkrun run` starts.
    let fresh = tempfile::tempdir().unwrap();
    let out = fresh.path().join("first.mp3");
    walkrun()
        .home(fresh.path())
        .args(["render", "-o"])
        .arg(&out)
        .assert()
        .success();
    let tag = id3::Tag::read_from_path(&out).unwrap();
    assert_eq!(tag.title(), Some("W1D1 · Couch to 5K"));
    assert_eq!(tag.chapters().count(), 18);
}
