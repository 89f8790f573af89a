//! Writing files so that a reader sees the old content or the new, never half.
//!
//! Every file walkrun writes goes through a temporary file in the target's
//! folder, synced, then renamed over the target. Around that:
//!
//! - only regular files are written: a directory, a FIFO or a device named as
//!   the target is refused and left alone (renaming over `/dev/null` as root
//!   would replace it);
//! - a target that exists keeps its permissions (and, where allowed, its
//!   owner); a new one gets the usual mode for the umask;
//! - a target that is a symbolic link is written through: the link stays;
//! - the temporary file is removed when the write fails and when SIGINT,
//!   SIGTERM or SIGHUP comes (see [`crate::sys::interrupt`]): nothing is left but
//!   the old target;
//! - even SIGKILL leaves nothing for good: on Linux the temporary file has no
//!   name until the moment it replaces the target (`O_TMPFILE`, then
//!   `linkat`); where it must have one, the name carries the writer's process
//!   id, and the next write in that folder removes the files of writers that
//!   are gone;
//! - errors name the target, never the temporary file.

use std::fs::{self, File};
use std::io::{self, Seek, SeekFrom, Write};
use std::path::{Path, PathBuf};

use thiserror::Error;

use crate::sys::interrupt::{self, Signal};

/// Why a file could not be written. The target is as it was.
#[derive(Debug, Error)]
pub enum WriteError {
    #[error("{}: is {what}, not a regular file; walkrun writes only regular files", path.display())]
    NotAFile { path: PathBuf, what: &'static str },
    #[error("{}: cannot write: {source}", path.display())]
    Io {
        path: PathBuf,
        #[source]
        source: io::Error,
    },
    #[error("{}: stopped by {}; left as it was", path.display(), signal.name())]
    Interrupted { path: PathBuf, signal: Signal },
}

impl WriteError {
    /// A target that cannot be written by its nature: the user's input.
    pub fn is_bad_input(&self) -> bool {
        matches!(self, WriteError::NotAFile { .. })
    }

    /// The target, as the caller named it.
    pub fn path(&self) -> &Path {
        match self {
            WriteError::NotAFile { path, .. }
            | WriteError::Io { path, .. }
            | WriteError::Interrupted { path, .. } => path,
        }
    }
}

/// For callers that add the path themselves: an I/O failure is its OS error.
impl From<WriteError> for io::Error {
    fn from(e: WriteError) -> io::Error {
        match e {
            WriteError::Io { source, .. } => source,
            e @ WriteError::NotAFile { .. } => io::Error::new(io::ErrorKind::InvalidInput, e),
            // Not ErrorKind::Interrupted: `write_all` retries on that.
            e @ WriteError::Interrupted { .. } => io::Error::other(e),
        }
    }
}

/// Write `bytes` to `path` atomically. Signals that come meanwhile wait
/// until the write is done (it is short).
pub fn write(path: &Path, bytes: &[u8]) -> Result<(), WriteError> {
    let staged = Staged::new(path)?;
    (&staged.file).write_all(bytes).map_err(|e| staged.io(e))?;
    staged.commit()
}

/// A new content for a file, written to a temporary file beside it until
/// [`Staged::commit`] puts it in place. Dropped without a commit, it leaves
/// the target as it was and removes the temporary file.
///
/// The temporary file has no name where the system allows it (Linux's
/// `O_TMPFILE`): a writer killed with SIGKILL then leaves nothing behind. It
/// gets a name only for the moment of the rename, or for good where unnamed
/// files cannot be made; the name carries the writer's process id
/// (`.walkrun-<pid>-<n>.tmp`), so the next write in that folder removes what
/// a dead writer left and never what a live one is writing.
#[derive(Debug)]
pub struct Staged {
    // Dropped in this order: the temporary file goes before signals are let
    // through again.
    file: File,
    /// The temporary file's name, when it has one (removed on drop).
    named: Option<PathBuf>,
    /// The folder of the target, where the temporary file lives.
    dir: PathBuf,
    /// Where the content goes: the target, or the file its link points to.
    real: PathBuf,
    /// The target as the caller named it, for messages.
    target: PathBuf,
    stop_on_signal: bool,
    _hold: interrupt::Hold,
}

impl Drop for Staged {
    fn drop(&mut self) {
        if let Some(named) = self.named.take() {
            let _ = fs::remove_file(named);
        }
    }
}

/// The start of every temporary file's name.
const TMP_PREFIX: &str = ".walkrun-";
const TMP_SUFFIX: &str = ".tmp";

impl Staged {
    /// Check the target and open a temporary file beside it.
    pub fn new(path: &Path) -> Result<Staged, WriteError> {
        let hold = interrupt::hold();
        let target = path.to_path_buf();
        let io = |source| WriteError::Io {
            path: target.clone(),
            source: plain(source),
        };
        let existing = match fs::metadata(path) {
            Ok(m) if m.is_file() => Some(m),
            Ok(m) => {
                return Err(WriteError::NotAFile {
                    path: target.clone(),
                    what: what_it_is(&m),
                })
            }
            Err(e) if e.kind() == io::ErrorKind::NotFound => None,
            Err(e) => return Err(io(e)),
        };
        let real = if !is_symlink(path) {
            target.clone()
        } else if existing.is_some() {
            fs::canonicalize(path).map_err(io)?
        } else {
            // A link to a file not there yet: written through too, so the
            // link stays a link (and a link into a missing folder fails).
            link_target(path).map_err(io)?
        };
        let dir = match real.parent() {
            Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
            _ => PathBuf::from("."),
        };
        remove_dead_writers_files(&dir);
        let (file, named) = temporary_file(&dir).map_err(io)?;
        let staged = Staged {
            file,
            named,
            dir,
            real,
            target,
            stop_on_signal: false,
            _hold: hold,
        };
        if let Some(m) = &existing {
            keep_owner_and_mode(&staged.file, m).map_err(|e| staged.io(e))?;
        }
        Ok(staged)
    }

    /// Give up at the next write when SIGINT, SIGTERM or SIGHUP comes, for a
    /// long write that a runner may want to stop.
    pub fn stop_on_signal(mut self) -> Staged {
        self.stop_on_signal = true;
        self
    }

    /// Where to write the content.
    pub fn writer(&self) -> StagedWriter<'_> {
        StagedWriter { staged: self }
    }

    /// Sync the content and put it in place of the target.
    pub fn commit(mut self) -> Result<(), WriteError> {
        self.file.sync_all().map_err(|e| self.io(e))?;
        self.check_signal()?;
        if self.named.is_none() {
            // An unnamed file gets a name beside the target, then takes the
            // target's place: a link cannot replace a file, a rename can.
            let name = link_unnamed(&self.file, &self.dir).map_err(|e| self.io(e))?;
            self.named = Some(name);
        }
        let Some(named) = self.named.as_ref() else {
            return Ok(());
        };
        fs::rename(named, &self.real).map_err(|e| self.io(e))?;
        self.named = None;
        Ok(())
    }

    fn io(&self, source: io::Error) -> WriteError {
        WriteError::Io {
            path: self.target.clone(),
            source: plain(source),
        }
    }

    fn check_signal(&self) -> Result<(), WriteError> {
        match interrupt::caught() {
            Some(signal) if self.stop_on_signal => Err(WriteError::Interrupted {
                path: self.target.clone(),
                signal,
            }),
            _ => Ok(()),
        }
    }
}

/// A fresh temporary-file name in `dir`, carrying this process's id.
fn temporary_name(dir: &Path) -> PathBuf {
    use std::sync::atomic::{AtomicU32, Ordering};
    static COUNTER: AtomicU32 = AtomicU32::new(0);
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.subsec_nanos());
    dir.join(format!(
        "{TMP_PREFIX}{}-{nanos:x}{:x}{TMP_SUFFIX}",
        std::process::id(),
        COUNTER.fetch_add(1, Ordering::Relaxed)
    ))
}

/// A temporary file in `dir`, unnamed where the system can, and its name
/// when it has one. Its mode is the usual one for a new file (0666 less the
/// umask), not a temporary file's private 0600.
fn temporary_file(dir: &Path) -> io::Result<(File, Option<PathBuf>)> {
    #[cfg(target_os = "linux")]
    {
        if let Some(file) = unnamed_file(dir)? {
            return Ok((file, None));
        }
    }
    let mut options = fs::OpenOptions::new();
    options.read(true).write(true).create_new(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.mode(0o666);
    }
    loop {
        let name = temporary_name(dir);
        match options.open(&name) {
            Ok(f) => return Ok((f, Some(name))),
            Err(e) if e.kind() == io::ErrorKind::AlreadyExists => continue,
            Err(e) => return Err(e),
        }
    }
}

/// An `O_TMPFILE` file in `dir`, or None where the file system (or the
/// kernel) has none, or /proc is missing so that it could not be linked in.
#[cfg(target_os = "linux")]
fn unnamed_file(dir: &Path) -> io::Result<Option<File>> {
    use std::os::unix::ffi::OsStrExt;
    use std::os::unix::io::FromRawFd;
    if !Path::new("/proc/self/fd").is_dir() {
        return Ok(None);
    }
    let Ok(c_dir) = std::ffi::CString::new(dir.as_os_str().as_bytes()) else {
        return Err(io::ErrorKind::InvalidInput.into());
    };
    // SAFETY: a valid C string; the descriptor returned is ours alone.
    let fd = unsafe {
        libc::open(
            c_dir.as_ptr(),
            libc::O_TMPFILE | libc::O_RDWR | libc::O_CLOEXEC,
            0o666 as libc::c_uint,
        )
    };
    if fd < 0 {
        let e = io::Error::last_os_error();
        return match e.raw_os_error() {
            // No O_TMPFILE on this file system or kernel: a named file.
            Some(libc::EOPNOTSUPP | libc::EISDIR | libc::EINVAL) => Ok(None),
            _ => Err(e),
        };
    }
    // SAFETY: `fd` is a fresh descriptor owned by nothing else.
    Ok(Some(unsafe { File::from_raw_fd(fd) }))
}

/// Give an unnamed file a (pid-carrying) name in `dir`.
fn link_unnamed(file: &File, dir: &Path) -> io::Result<PathBuf> {
    #[cfg(target_os = "linux")]
    {
        use std::os::unix::ffi::OsStrExt;
        use std::os::unix::io::AsRawFd;
        let from = std::ffi::CString::new(format!("/proc/self/fd/{}", file.as_raw_fd()))
            .map_err(|_| io::Error::from(io::ErrorKind::InvalidInput))?;
        loop {
            let name = temporary_name(dir);
            let to = std::ffi::CString::new(name.as_os_str().as_bytes())
                .map_err(|_| io::Error::from(io::ErrorKind::InvalidInput))?;
            // SAFETY: two valid C strings.
            let r = unsafe {
                libc::linkat(
                    libc::AT_FDCWD,
                    from.as_ptr(),
                    libc::AT_FDCWD,
                    to.as_ptr(),
                    libc::AT_SYMLINK_FOLLOW,
                )
            };
            if r == 0 {
                return Ok(name);
            }
            let e = io::Error::last_os_error();
            if e.kind() != io::ErrorKind::AlreadyExists {
                return Err(e);
            }
        }
    }
    #[cfg(not(target_os = "linux"))]
    {
        let _ = (file, dir);
        Err(io::ErrorKind::Unsupported.into())
    }
}

/// Remove the temporary files in `dir` that writers killed before they
/// could tidy up left behind: those whose name carries the id of a process
/// that no longer runs. A live writer's file is never touched; a file named
/// in the old way (no process id) cannot be told apart and is left alone.
fn remove_dead_writers_files(dir: &Path) {
    let Ok(entries) = fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let name = entry.file_name();
        let Some(pid) = name.to_str().and_then(writer_pid) else {
            continue;
        };
        if !process_is_gone(pid) {
            continue;
        }
        // Only plain files: something else of that name is not ours.
        if entry.file_type().is_ok_and(|t| t.is_file()) {
            let _ = fs::remove_file(entry.path());
        }
    }
}

/// The writer's process id in a temporary file's name.
fn writer_pid(name: &str) -> Option<u32> {
    let rest = name.strip_prefix(TMP_PREFIX)?.strip_suffix(TMP_SUFFIX)?;
    let (pid, tag) = rest.split_once('-')?;
    if tag.is_empty() || !tag.bytes().all(|b| b.is_ascii_hexdigit()) {
        return None;
    }
    pid.parse().ok()
}

/// Whether no process with this id runs (a process that runs but is not
/// ours to signal still runs).
fn process_is_gone(pid: u32) -> bool {
    #[cfg(unix)]
    {
        let Ok(pid) = libc::pid_t::try_from(pid) else {
            return false;
        };
        if pid <= 0 {
            return false;
        }
        // SAFETY: signal 0 checks for the process and sends nothing.
        let r = unsafe { libc::kill(pid, 0) };
        r != 0 && io::Error::last_os_error().raw_os_error() == Some(libc::ESRCH)
    }
    #[cfg(not(unix))]
    {
        let _ = pid;
        false
    }
}

/// Writes into a [`Staged`] file; a write fails once a signal has come, if
/// the staged file stops on signals.
#[derive(Debug)]
pub struct StagedWriter<'a> {
    staged: &'a Staged,
}

impl Write for StagedWriter<'_> {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        self.staged.check_signal()?;
        (&self.staged.file).write(buf)
    }

    fn flush(&mut self) -> io::Result<()> {
        (&self.staged.file).flush()
    }
}

impl Seek for StagedWriter<'_> {
    fn seek(&mut self, pos: SeekFrom) -> io::Result<u64> {
        (&self.staged.file).seek(pos)
    }
}

/// "a directory", "a FIFO", ...: what a target is that is no regular file.
pub(crate) fn what_it_is(m: &fs::Metadata) -> &'static str {
    let t = m.file_type();
    if t.is_dir() {
        return "a directory";
    }
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt;
        if t.is_fifo() {
            return "a FIFO";
        }
        if t.is_char_device() {
            return "a character device";
        }
        if t.is_block_device() {
            return "a block device";
        }
        if t.is_socket() {
            return "a socket";
        }
    }
    "something else"
}

/// Where a chain of links from `path` ends, followed one link at a time
/// (the end need not exist).
fn link_target(path: &Path) -> io::Result<PathBuf> {
    let mut at = path.to_path_buf();
    // As the kernel does: a longer chain is a loop.
    for _ in 0..40 {
        if !is_symlink(&at) {
            return Ok(at);
        }
        let to = fs::read_link(&at)?;
        at = match at.parent() {
            Some(dir) => dir.join(to),
            None => to,
        };
    }
    Err(io::Error::other("too many levels of symbolic links"))
}

fn is_symlink(path: &Path) -> bool {
    fs::symlink_metadata(path).is_ok_and(|m| m.file_type().is_symlink())
}

/// Give the temporary file the target's owner and mode. The owner is kept
/// only where that is allowed (root, or a group the user is in): not being
/// able to is no reason to refuse the write.
fn keep_owner_and_mode(tmp: &File, target: &fs::Metadata) -> io::Result<()> {
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt;
        let _ = std::os::unix::fs::fchown(tmp, Some(target.uid()), Some(target.gid()));
    }
    // After the owner: a change of owner clears set-id bits.
    tmp.set_permissions(target.permissions())
}

/// The OS error without the temporary file's path, which tempfile adds to
/// the errors of creating one: messages name the target instead.
fn plain(e: io::Error) -> io::Error {
    if e.raw_os_error().is_some() || e.get_ref().is_none() {
        return e;
    }
    let text = e.to_string();
    match text.split_once(" at path \"") {
        Some((head, _)) => io::Error::new(e.kind(), head.to_string()),
        None => e,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn writes_keep_the_old_content_or_the_new_and_leave_no_temporary_file() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("plan.toml");
        write(&path, b"one").unwrap();
        write(&path, b"two").unwrap();
        assert_eq!(fs::read(&path).unwrap(), b"two");
        let staged = Staged::new(&path).unwrap();
        staged.writer().write_all(b"three").unwrap();
        drop(staged);
        assert_eq!(fs::read(&path).unwrap(), b"two");
        let names: Vec<_> = fs::read_dir(dir.path()).unwrap().collect();
        assert_eq!(names.len(), 1, "{names:?}");
    }

    #[cfg(unix)]
    #[test]
    fn a_target_keeps_its_mode_and_a_link_stays_a_link() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        let real = dir.path().join("real.toml");
        fs::write(&real, "old").unwrap();
        fs::set_permissions(&real, fs::Permissions::from_mode(0o640)).unwrap();
        let link = dir.path().join("link.toml");
        std::os::unix::fs::symlink(&real, &link).unwrap();
        write(&link, b"new").unwrap();
        assert!(fs::symlink_metadata(&link)
            .unwrap()
            .file_type()
            .is_symlink());
        assert_eq!(fs::read(&real).unwrap(), b"new");
        let mode = fs::metadata(&real).unwrap().permissions().mode() & 0o7777;
        assert_eq!(mode, 0o640);
    }

    #[test]
    fn a_dead_writers_leftover_is_removed_and_a_live_ones_kept() {
        let dir = tempfile::tempdir().unwrap();
        // A process that has come and gone: its id names no live writer.
        let mut child = std::process::Command::new("true").spawn().unwrap();
        let dead = child.id();
        child.wait().unwrap();
        let dead_file = dir.path().join(format!(".walkrun-{dead}-1f.tmp"));
        let live_file = dir
            .path()
            .join(format!(".walkrun-{}-2f.tmp", std::process::id()));
        let old_style = dir.path().join(".walkrun-Ab3dE9.tmp");
        for f in [&dead_file, &live_file, &old_style] {
            fs::write(f, b"partial").unwrap();
        }
        write(&dir.path().join("plan.toml"), b"x").unwrap();
        assert!(!dead_file.exists(), "a dead writer's leftover stays");
        assert!(live_file.exists(), "a live writer's file was removed");
        assert!(old_style.exists(), "a file of unknown writer was removed");
        assert_eq!(fs::read_dir(dir.path()).unwrap().count(), 3);
    }

    #[cfg(target_os = "linux")]
    #[test]
    fn a_write_under_way_has_no_name_in_the_folder() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("out.flac");
        let staged = Staged::new(&path).unwrap();
        staged.writer().write_all(b"half a render").unwrap();
        let names: Vec<_> = fs::read_dir(dir.path()).unwrap().flatten().collect();
        assert!(names.is_empty(), "{names:?}");
        staged.commit().unwrap();
        assert_eq!(fs::read(&path).unwrap(), b"half a render");
        assert_eq!(fs::read_dir(dir.path()).unwrap().count(), 1);
    }

    #[test]
    fn only_regular_files_are_written_and_errors_name_the_target() {
        let dir = tempfile::tempdir().unwrap();
        let e = write(dir.path(), b"x").unwrap_err();
        assert!(e.is_bad_input());
        assert_eq!(e.path(), dir.path());
        assert!(e.to_string().contains("is a directory"), "{e}");

        let missing = dir.path().join("no/such/folder/plan.toml");
        let e = write(&missing, b"x").unwrap_err();
        assert!(!e.is_bad_input());
        let text = e.to_string();
        assert!(text.starts_with(&missing.display().to_string()), "{text}");
        assert!(!text.contains(".walkrun-"), "{text}");
    }
}
