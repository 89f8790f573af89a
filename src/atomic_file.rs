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
//!   SIGTERM or SIGHUP comes (see [`crate::interrupt`]): nothing is left but
//!   the old target;
//! - errors name the target, never the temporary file.

use std::fs::{self, File};
use std::io::{self, Seek, SeekFrom, Write};
use std::path::{Path, PathBuf};

use thiserror::Error;

use crate::interrupt::{self, Signal};

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
    staged
        .tmp
        .as_file()
        .write_all(bytes)
        .map_err(|e| staged.io(e))?;
    staged.commit()
}

/// A new content for a file, written to a temporary file beside it until
/// [`Staged::commit`] puts it in place. Dropped without a commit, it leaves
/// the target as it was and removes the temporary file.
#[derive(Debug)]
pub struct Staged {
    // Dropped in this order: the temporary file goes before signals are let
    // through again.
    tmp: tempfile::NamedTempFile,
    /// Where the content goes: the target, or the file its link points to.
    real: PathBuf,
    /// The target as the caller named it, for messages.
    target: PathBuf,
    stop_on_signal: bool,
    _hold: interrupt::Hold,
}

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
            Some(p) if !p.as_os_str().is_empty() => p,
            _ => Path::new("."),
        };
        let mut builder = tempfile::Builder::new();
        builder.prefix(".walkrun-").suffix(".tmp");
        // A temporary file is private (0600); a new target gets the usual
        // mode, less the umask.
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            builder.permissions(fs::Permissions::from_mode(0o666));
        }
        let tmp = builder.tempfile_in(dir).map_err(io)?;
        if let Some(m) = &existing {
            keep_owner_and_mode(tmp.as_file(), m).map_err(io)?;
        }
        Ok(Staged {
            tmp,
            real,
            target,
            stop_on_signal: false,
            _hold: hold,
        })
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
    pub fn commit(self) -> Result<(), WriteError> {
        self.tmp.as_file().sync_all().map_err(|e| self.io(e))?;
        self.check_signal()?;
        let Staged {
            tmp, real, target, ..
        } = self;
        tmp.persist(&real).map_err(|e| WriteError::Io {
            path: target,
            source: plain(e.error),
        })?;
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

/// Writes into a [`Staged`] file; a write fails once a signal has come, if
/// the staged file stops on signals.
#[derive(Debug)]
pub struct StagedWriter<'a> {
    staged: &'a Staged,
}

impl Write for StagedWriter<'_> {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        self.staged.check_signal()?;
        self.staged.tmp.as_file().write(buf)
    }

    fn flush(&mut self) -> io::Result<()> {
        self.staged.tmp.as_file().flush()
    }
}

impl Seek for StagedWriter<'_> {
    fn seek(&mut self, pos: SeekFrom) -> io::Result<u64> {
        self.staged.tmp.as_file().seek(pos)
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
