//! Files walkrun writes (`render -o`, `plan -o`): whatever goes wrong, the
//! target is the old file or the new one, nothing else is left beside it,
//! and the runner gets one line naming the target.

use std::os::unix::fs::{FileTypeExt, PermissionsExt};
use std::os::unix::process::CommandExt;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::time::Duration;

use crate::util::{require_that, wait_until, walkrun, Walkrun};

/// `w` as a process, under the usual umask (022), whatever the test's.
fn umasked(w: &Walkrun) -> Command {
    let mut c = w.std();
    // SAFETY: umask is async-signal-safe; it runs in the child before exec.
    unsafe {
        c.pre_exec(|| {
            libc::umask(0o022);
            Ok(())
        });
    }
    c
}

fn render(w: &Walkrun, target: &Path) -> Command {
    let mut c = umasked(w);
    c.args(["render", "--steps", "run 10s", "--format", "wav", "-o"])
        .arg(target);
    c
}

fn plan(w: &Walkrun, target: &Path) -> Command {
    let mut c = umasked(w);
    c.args([
        "plan",
        "--program",
        "couch-to-5k",
        "--start",
        "2026-12-07",
        "-o",
    ])
    .arg(target);
    c
}

/// The one line on stderr, which must name `target`.
fn one_line(out: &Output, target: &Path) -> String {
    let stderr = String::from_utf8_lossy(&out.stderr).into_owned();
    let name = target.display().to_string();
    let about: Vec<&str> = stderr.lines().filter(|l| l.contains(&name)).collect();
    assert_eq!(about.len(), 1, "one line naming {name}: {stderr}");
    assert!(
        !stderr.contains(".walkrun-"),
        "names the temporary file: {stderr}"
    );
    about[0].to_string()
}

/// The names in `dir`, sorted.
fn names(dir: &Path) -> Vec<String> {
    let mut v: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    v.sort();
    v
}

fn mode(path: &Path) -> u32 {
    std::fs::metadata(path).unwrap().permissions().mode() & 0o7777
}

#[test]
fn a_target_that_is_not_a_regular_file_is_refused_and_left_alone() {
    // One home for every walkrun of the test, alive until its end.
    let w = walkrun();
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let fifo = d.join("fifo");
    let c = std::ffi::CString::new(fifo.to_str().unwrap()).unwrap();
    // SAFETY: a plain call with a valid C string.
    assert_eq!(unsafe { libc::mkfifo(c.as_ptr(), 0o644) }, 0, "mkfifo");
    let folder = d.join("folder");
    std::fs::create_dir(&folder).unwrap();
    // /dev/null itself through a link: today's rename would only replace the
    // link, but the write must not go to a device at all.
    let null_link = d.join("null-link");
    std::os::unix::fs::symlink("/dev/null", &null_link).unwrap();
    let mut targets = vec![
        (fifo.clone(), "a FIFO"),
        (folder.clone(), "a directory"),
        (null_link.clone(), "a character device"),
    ];
    // A device node of our own (root can make one): what /dev/null is.
    let device = d.join("null");
    let c = std::ffi::CString::new(device.to_str().unwrap()).unwrap();
    // SAFETY: a plain call with a valid C string.
    if unsafe { libc::mknod(c.as_ptr(), libc::S_IFCHR | 0o666, libc::makedev(1, 3)) } == 0 {
        targets.push((device.clone(), "a character device"));
    } else {
        eprintln!("no device node: {}", std::io::Error::last_os_error());
    }
    let before = names(d);
    for (target, what) in &targets {
        for mut cmd in [render(&w, target), plan(&w, target)] {
            let out = cmd.output().unwrap();
            assert_eq!(out.status.code(), Some(2), "{}: {out:?}", target.display());
            let line = one_line(&out, target);
            assert!(line.contains(what), "{line}");
        }
    }
    assert_eq!(names(d), before, "nothing added, nothing replaced");
    assert!(std::fs::metadata(&fifo).unwrap().file_type().is_fifo());
    assert!(std::fs::metadata(&folder).unwrap().is_dir());
    assert!(names(&folder).is_empty());
    assert!(std::fs::symlink_metadata(&null_link)
        .unwrap()
        .file_type()
        .is_symlink());
    if targets.len() == 4 {
        assert!(std::fs::metadata(&device)
            .unwrap()
            .file_type()
            .is_char_device());
    }
}

#[test]
fn a_target_keeps_its_permissions_and_a_new_one_gets_the_usual_mode() {
    // One home for every walkrun of the test, alive until its end.
    let w = walkrun();
    let dir = tempfile::tempdir().unwrap();
    let shared = dir.path().join("plan.toml");
    std::fs::write(&shared, "old").unwrap();
    std::fs::set_permissions(&shared, std::fs::Permissions::from_mode(0o664)).unwrap();
    let private = dir.path().join("private.wav");
    std::fs::write(&private, "old").unwrap();
    std::fs::set_permissions(&private, std::fs::Permissions::from_mode(0o600)).unwrap();
    assert!(plan(&w, &shared).output().unwrap().status.success());
    assert!(render(&w, &private).output().unwrap().status.success());
    assert_eq!(mode(&shared), 0o664);
    assert_eq!(mode(&private), 0o600);
    assert!(std::fs::read_to_string(&shared)
        .unwrap()
        .contains("Couch to 5K"));

    // New files: 0666 less the umask (022), like any other program's.
    let new_plan = dir.path().join("new.toml");
    let new_wav = dir.path().join("new.wav");
    assert!(plan(&w, &new_plan).output().unwrap().status.success());
    assert!(render(&w, &new_wav).output().unwrap().status.success());
    assert_eq!(mode(&new_plan), 0o644);
    assert_eq!(mode(&new_wav), 0o644);
}

/// A link to a file that is not there yet is written through, not replaced;
/// a link into a missing folder is an error that leaves the link alone.
#[test]
fn a_link_to_a_file_not_there_yet_stays_a_link() {
    // One home for every walkrun of the test, alive until its end.
    let w = walkrun();
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let link = d.join("plan.toml");
    std::os::unix::fs::symlink("real.toml", &link).unwrap();
    assert!(plan(&w, &link).output().unwrap().status.success());
    assert!(std::fs::symlink_metadata(&link)
        .unwrap()
        .file_type()
        .is_symlink());
    assert!(std::fs::read_to_string(d.join("real.toml"))
        .unwrap()
        .contains("Couch to 5K"));

    let dangling = d.join("away.toml");
    std::os::unix::fs::symlink("missing/away.toml", &dangling).unwrap();
    let out = plan(&w, &dangling).output().unwrap();
    assert_eq!(out.status.code(), Some(3), "{out:?}");
    one_line(&out, &dangling);
    assert!(std::fs::symlink_metadata(&dangling)
        .unwrap()
        .file_type()
        .is_symlink());
    assert_eq!(names(d), ["away.toml", "plan.toml", "real.toml"]);
}

/// `cmd` with a file-size limit of `bytes` (what `ulimit -f` sets).
fn limited(mut cmd: Command, bytes: u64) -> Command {
    // SAFETY: setrlimit is async-signal-safe; it runs in the child before exec.
    unsafe {
        cmd.pre_exec(move || {
            let limit = libc::rlimit {
                rlim_cur: bytes,
                rlim_max: bytes,
            };
            if libc::setrlimit(libc::RLIMIT_FSIZE, &limit) != 0 {
                return Err(std::io::Error::last_os_error());
            }
            Ok(())
        });
    }
    cmd
}

#[test]
fn a_file_size_limit_is_one_line_and_exit_3_not_a_signal() {
    // One home for every walkrun of the test, alive until its end.
    let w = walkrun();
    let dir = tempfile::tempdir().unwrap();
    let wav = dir.path().join("session.wav");
    let toml = dir.path().join("plan.toml");
    std::fs::write(&wav, "old").unwrap();
    std::fs::write(&toml, "old").unwrap();
    // A 10 s render is 880 KB; the plan some KB.
    for (cmd, target, limit) in [
        (render(&w, &wav), &wav, 64 * 1024),
        (plan(&w, &toml), &toml, 1024),
    ] {
        let out = limited(cmd, limit).output().unwrap();
        assert_eq!(out.status.code(), Some(3), "{}: {out:?}", target.display());
        let line = one_line(&out, target);
        assert!(line.contains("File too large"), "{line}");
        assert_eq!(std::fs::read_to_string(target).unwrap(), "old");
    }
    assert_eq!(names(dir.path()), ["plan.toml", "session.wav"]);
}

#[test]
fn a_full_disk_is_one_line_and_exit_3() {
    // One home for every walkrun of the test, alive until its end.
    let w = walkrun();
    // A 64 KB tmpfs of its own, in a private mount namespace (root only).
    let have = Command::new("unshare")
        .args(["-m", "sh", "-c", "mount -t tmpfs -o size=64k none /mnt"])
        .stderr(Stdio::null())
        .status()
        .is_ok_and(|s| s.success());
    if !require_that(
        have,
        "it cannot mount a small tmpfs here: `unshare -m` and `mount` need root",
    ) {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let disk = dir.path().join("disk");
    std::fs::create_dir(&disk).unwrap();
    let listing = dir.path().join("listing");
    let script = format!(
        "mount -t tmpfs -o size=64k none '{disk}' && printf old > '{disk}/session.wav' && \
         {{ {walkrun} render --steps 'run 10s' -o '{disk}/session.wav'; rc=$?; \
         ls -A '{disk}' > '{listing}'; cat '{disk}/session.wav' >> '{listing}'; exit $rc; }}",
        disk = disk.display(),
        walkrun = w.shell(),
        listing = listing.display()
    );
    let out = Command::new("unshare")
        .args(["-m", "sh", "-c", &script])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(3), "{out:?}");
    let line = one_line(&out, &disk.join("session.wav"));
    assert!(line.contains("No space left on device"), "{line}");
    // Only the old file, with its old content.
    assert_eq!(
        std::fs::read_to_string(&listing).unwrap(),
        "session.wav\nold"
    );
}

#[test]
fn errors_name_the_target_not_the_temporary_file() {
    // One home for every walkrun of the test, alive until its end.
    let w = walkrun();
    // A folder nobody may write in, even root: /proc.
    let target = PathBuf::from("/proc/walkrun-test.wav");
    let out = render(&w, &target).output().unwrap();
    assert_eq!(out.status.code(), Some(3), "{out:?}");
    one_line(&out, &target);

    let dir = tempfile::tempdir().unwrap();
    let target = dir.path().join("no-such-folder/plan.toml");
    let out = plan(&w, &target).output().unwrap();
    assert_eq!(out.status.code(), Some(3), "{out:?}");
    one_line(&out, &target);
}

#[test]
fn a_signal_during_a_render_leaves_only_the_old_target() {
    // One home for every walkrun of the test, alive until its end.
    let w = walkrun();
    let dir = tempfile::tempdir().unwrap();
    let runs: Vec<_> = [
        (libc::SIGINT, 130, "int"),
        (libc::SIGTERM, 143, "term"),
        (libc::SIGHUP, 129, "hup"),
    ]
    .into_iter()
    .map(|(signal, code, name)| {
        let folder = dir.path().join(name);
        std::fs::create_dir(&folder).unwrap();
        let target = folder.join("session.wav");
        std::fs::write(&target, "old").unwrap();
        // An hour: far longer to write than the test takes to stop it.
        let child = umasked(&w)
            .args(["render", "--steps", "run 60m", "-o"])
            .arg(&target)
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        (signal, code, folder, target, child)
    })
    .collect();
    for (signal, code, folder, target, child) in runs {
        let pid = child.id() as i32;
        // Once it holds a file open in the folder, the render is under way:
        // stop it, so the signal surely comes while it is writing.
        wait_until_writing_in(pid, &folder);
        // SAFETY: signals to this test's own child.
        unsafe {
            libc::kill(pid, libc::SIGSTOP);
            libc::kill(pid, signal);
            libc::kill(pid, libc::SIGCONT);
        }
        let out = child.wait_with_output().unwrap();
        assert_eq!(out.status.code(), Some(code), "signal {signal}: {out:?}");
        one_line(&out, &target);
        assert_eq!(names(&folder), ["session.wav"], "only the old target");
        assert_eq!(std::fs::read_to_string(&target).unwrap(), "old");
    }
}

/// Wait (up to 20 s) until process `pid` holds a file open in `folder`: its
/// temporary file, named or not (an unnamed one shows in /proc as
/// `folder/#123 (deleted)`).
fn wait_until_writing_in(pid: i32, folder: &Path) {
    let folder = std::fs::canonicalize(folder).unwrap();
    wait_until(
        format_args!("a file written in {folder:?}"),
        Duration::from_secs(20),
        || {
            std::fs::read_dir(format!("/proc/{pid}/fd"))
                .into_iter()
                .flatten()
                .flatten()
                .filter_map(|e| std::fs::read_link(e.path()).ok())
                .any(|t| t.starts_with(&folder))
        },
    );
}

/// A render killed with SIGKILL cannot tidy up: whatever it left must not
/// outlive the next write in that folder, and nothing but the target stays.
#[test]
fn a_render_killed_with_sigkill_leaves_no_stray_file_after_the_next_run() {
    // One home for every walkrun of the test, alive until its end.
    let w = walkrun();
    let dir = tempfile::tempdir().unwrap();
    let target = dir.path().join("session.wav");
    std::fs::write(&target, "old").unwrap();
    let mut child = umasked(&w)
        .args(["render", "--steps", "run 60m", "-o"])
        .arg(&target)
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    wait_until_writing_in(child.id() as i32, dir.path());
    child.kill().unwrap();
    child.wait().unwrap();
    assert_eq!(std::fs::read_to_string(&target).unwrap(), "old");
    let out = render(&w, &target).output().unwrap();
    assert!(out.status.success(), "{out:?}");
    assert_eq!(names(dir.path()), ["session.wav"], "a stray file stays");
}

/// A temporary file left by a writer that is gone (its process id in the
/// name) is removed by the next `plan -o` there; one of a live writer stays.
#[test]
fn a_dead_writers_temporary_file_is_removed_and_a_live_ones_kept() {
    // One home for every walkrun of the test, alive until its end.
    let w = walkrun();
    let dir = tempfile::tempdir().unwrap();
    let mut gone = Command::new("true").spawn().unwrap();
    let dead = gone.id();
    gone.wait().unwrap();
    let leftover = format!(".walkrun-{dead}-3a.tmp");
    let live = format!(".walkrun-{}-3b.tmp", std::process::id());
    std::fs::write(dir.path().join(&leftover), "half a plan").unwrap();
    std::fs::write(dir.path().join(&live), "being written").unwrap();
    let toml = dir.path().join("plan.toml");
    let out = plan(&w, &toml).output().unwrap();
    assert!(out.status.success(), "{out:?}");
    assert_eq!(names(dir.path()), [live.as_str(), "plan.toml"]);
}
