//! Reading and appending the journal file, and keeping it whole across crashes.

use std::collections::HashMap;
use std::fs::{self, File, OpenOptions};
use std::io::{self, Write};
use std::path::{Path, PathBuf};

use super::{data_dir, Entry, HistoryError, Outcome, Record, RecordKind, FORMAT_VERSION};
use crate::atomic_file;

/// The journal's file name inside the data folder.
pub const JOURNAL_FILE: &str = "journal.jsonl";
/// Where records go while the journal cannot be read; read after it.
pub const SIDE_FILE: &str = "journal-side.jsonl";

/// The journal in one data folder.
#[derive(Debug, Clone)]
pub struct Journal {
    dir: PathBuf,
}

/// What reading the journal found.
#[derive(Debug, Default)]
pub struct History {
    /// One entry a session, in the order the sessions were first written
    /// (journal first, then the side file).
    pub entries: Vec<Entry>,
    /// Things the reader repaired and the runner should hear about (a torn last
    /// line copied aside), one line each.
    pub warnings: Vec<String>,
}

impl History {
    /// The entries of one plan (see [`Entry::is_for`]), oldest first.
    pub fn for_plan(&self, key: &str, name: &str) -> Vec<&Entry> {
        let mut out: Vec<&Entry> = self
            .entries
            .iter()
            .filter(|e| e.is_for(key, name))
            .collect();
        out.sort_by_key(|e| e.started);
        out
    }
}

/// Where new records go, and why when it is not the journal itself.
#[derive(Debug)]
pub struct Target {
    pub path: PathBuf,
    /// Set when the journal cannot be read and records go to the side file.
    pub diverted: Option<HistoryError>,
    /// Repairs made while checking the journal.
    pub warnings: Vec<String>,
}

impl Journal {
    /// The journal in [`data_dir`].
    pub fn open_default() -> Result<Journal, HistoryError> {
        Ok(Journal::at(data_dir()?))
    }

    /// The journal in this folder.
    pub fn at(dir: impl Into<PathBuf>) -> Journal {
        Journal { dir: dir.into() }
    }

    pub fn dir(&self) -> &Path {
        &self.dir
    }

    pub fn path(&self) -> PathBuf {
        self.dir.join(JOURNAL_FILE)
    }

    pub fn side_path(&self) -> PathBuf {
        self.dir.join(SIDE_FILE)
    }

    /// Read the journal and the side file, folding records into entries. A torn
    /// last line is copied aside and cut off (a warning says where it went);
    /// anything else unreadable is an error and the file is not touched.
    pub fn read(&self) -> Result<History, HistoryError> {
        let side = self.side_path();
        let mut warnings = Vec::new();
        let mut records = read_file(&self.path(), &side, &mut warnings)?;
        records.extend(read_file(&side, &side, &mut warnings)?);
        Ok(History {
            entries: fold(records),
            warnings,
        })
    }

    /// Decide where new records go: the journal when it reads, else the side
    /// file when that reads. Repairs a torn last line on the way.
    pub fn target(&self) -> Result<Target, HistoryError> {
        let side = self.side_path();
        let mut warnings = Vec::new();
        match read_file(&self.path(), &side, &mut warnings) {
            Ok(_) => Ok(Target {
                path: self.path(),
                diverted: None,
                warnings,
            }),
            Err(e) if e.side_file().is_some() => {
                read_file(&side, &side, &mut warnings)?;
                Ok(Target {
                    path: side,
                    diverted: Some(e),
                    warnings,
                })
            }
            Err(e) => Err(e),
        }
    }

    /// Append one record where [`Journal::target`] says.
    pub fn append(&self, record: &Record) -> Result<Target, HistoryError> {
        let mut target = self.target()?;
        if let Some(w) = append_line(&target.path, &record.to_line())? {
            target.warnings.push(w);
        }
        Ok(target)
    }
}

/// Append a whole line with one write, then sync. Holds an advisory lock so
/// that two walkruns appending at once cannot interleave a repair and a write.
/// A last line with no newline is completed when it is a record and set aside
/// when it is torn, so the new line never glues onto it.
pub(super) fn append_line(path: &Path, line: &[u8]) -> Result<Option<String>, HistoryError> {
    let werr = |source| HistoryError::Write {
        path: path.to_path_buf(),
        source,
    };
    let dir = path.parent().unwrap_or(Path::new("."));
    fs::create_dir_all(dir).map_err(werr)?;
    let existed = path.exists();
    let file = OpenOptions::new()
        .append(true)
        .create(true)
        .open(path)
        .map_err(werr)?;
    let _lock = Lock::exclusive(&file).map_err(werr)?;
    let mut warning = None;
    let len = file.metadata().map_err(werr)?.len();
    if len > 0 && last_byte(path, len).map_err(werr)? != b'\n' {
        let bytes = fs::read(path).map_err(werr)?;
        let start = bytes.iter().rposition(|&b| b == b'\n').map_or(0, |i| i + 1);
        let tail = &bytes[start..];
        if serde_json::from_slice::<Record>(tail).is_ok() {
            (&file).write_all(b"\n").map_err(werr)?;
        } else {
            let aside = set_aside(path, tail).map_err(werr)?;
            file.set_len(start as u64).map_err(werr)?;
            warning = Some(torn_warning(path, line_of(&bytes, start), &aside));
        }
    }
    // One write for the whole line: a crash leaves the line whole or torn at
    // the end of the file, where the reader knows to look.
    (&file).write_all(line).map_err(werr)?;
    file.sync_all().map_err(werr)?;
    if !existed {
        // The new file's name must survive a crash too.
        if let Ok(d) = File::open(dir) {
            let _ = d.sync_all();
        }
    }
    Ok(warning)
}

fn last_byte(path: &Path, len: u64) -> io::Result<u8> {
    use std::io::{Read, Seek, SeekFrom};
    let mut f = File::open(path)?;
    f.seek(SeekFrom::Start(len - 1))?;
    let mut b = [0u8];
    f.read_exact(&mut b)?;
    Ok(b[0])
}

/// The records of one file; a missing file has none.
fn read_file(
    path: &Path,
    side: &Path,
    warnings: &mut Vec<String>,
) -> Result<Vec<Record>, HistoryError> {
    let bytes = match fs::read(path) {
        Ok(b) => b,
        Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(Vec::new()),
        Err(source) => {
            return Err(HistoryError::Unreadable {
                path: path.to_path_buf(),
                source,
                side: side.to_path_buf(),
            })
        }
    };
    let parsed = parse(&bytes, path, side)?;
    if let Some(torn) = parsed.torn {
        warnings.push(match repair_tail(path, side) {
            Ok(Some(aside)) => torn_warning(path, torn.line, &aside),
            Ok(None) => format!(
                "{}:{}: incomplete last line skipped",
                path.display(),
                torn.line
            ),
            Err(e) => format!(
                "{}:{}: incomplete last line skipped (could not set it aside: {e})",
                path.display(),
                torn.line
            ),
        });
    }
    Ok(parsed.records)
}

fn torn_warning(path: &Path, line: usize, aside: &Path) -> String {
    format!(
        "{}:{line}: incomplete last line (a write cut off by a crash) skipped; kept in {}",
        path.display(),
        aside.display()
    )
}

fn line_of(bytes: &[u8], offset: usize) -> usize {
    bytes[..offset].iter().filter(|&&b| b == b'\n').count() + 1
}

struct Torn {
    line: usize,
    offset: usize,
}

struct Parsed {
    records: Vec<Record>,
    torn: Option<Torn>,
}

/// Parse a journal's bytes. Only the last line may be bad (a torn write);
/// a bad line before it, or a line from a newer format, is an error.
fn parse(bytes: &[u8], path: &Path, side: &Path) -> Result<Parsed, HistoryError> {
    let content_end = bytes
        .iter()
        .rposition(|b| !b.is_ascii_whitespace())
        .map_or(0, |i| i + 1);
    let mut records = Vec::new();
    let mut torn = None;
    let mut start = 0;
    let mut line_no = 0;
    while start < content_end {
        line_no += 1;
        let end = bytes[start..]
            .iter()
            .position(|&b| b == b'\n')
            .map_or(bytes.len(), |i| start + i);
        let line = &bytes[start..end];
        let line_start = start;
        start = end + 1;
        if line.iter().all(u8::is_ascii_whitespace) {
            continue;
        }
        let newer = |version| HistoryError::Newer {
            path: path.to_path_buf(),
            line: line_no,
            version,
            side: side.to_path_buf(),
        };
        match serde_json::from_slice::<Record>(line) {
            Ok(r) if r.v > FORMAT_VERSION => return Err(newer(r.v)),
            Ok(r) => records.push(r),
            Err(e) => {
                if let Some(v) = version_of(line).filter(|&v| v > FORMAT_VERSION) {
                    return Err(newer(v));
                }
                if end >= content_end {
                    torn = Some(Torn {
                        line: line_no,
                        offset: line_start,
                    });
                    break;
                }
                let text = e.to_string();
                let what = text.split(" at line ").next().unwrap_or(&text);
                return Err(HistoryError::Corrupt {
                    path: path.to_path_buf(),
                    line: line_no,
                    message: format!("{what} at column {}", e.column()),
                    side: side.to_path_buf(),
                });
            }
        }
    }
    Ok(Parsed { records, torn })
}

/// The format version of a line that is JSON but not a record this walkrun
/// knows: a newer walkrun may have changed the fields.
fn version_of(line: &[u8]) -> Option<u32> {
    #[derive(serde::Deserialize)]
    struct Versioned {
        v: u32,
    }
    serde_json::from_slice::<Versioned>(line).ok().map(|x| x.v)
}

/// Copy a torn last line aside and cut it off, under the lock, after checking
/// again that it is still there.
fn repair_tail(path: &Path, side: &Path) -> io::Result<Option<PathBuf>> {
    let file = OpenOptions::new().write(true).open(path)?;
    let _lock = Lock::exclusive(&file)?;
    let bytes = fs::read(path)?;
    let Ok(Parsed {
        torn: Some(torn), ..
    }) = parse(&bytes, path, side)
    else {
        return Ok(None);
    };
    let aside = set_aside(path, &bytes[torn.offset..])?;
    file.set_len(torn.offset as u64)?;
    file.sync_all()?;
    Ok(Some(aside))
}

/// Keep a torn tail in `journal.jsonl.torn-<time>` beside the journal.
fn set_aside(path: &Path, tail: &[u8]) -> io::Result<PathBuf> {
    let stamp = chrono::Local::now().format("%Y%m%dT%H%M%S%.f");
    let mut name = path.file_name().unwrap_or_default().to_os_string();
    name.push(format!(".torn-{stamp}"));
    let aside = path.with_file_name(name);
    atomic_file::write(&aside, tail)?;
    Ok(aside)
}

/// Fold records into one entry a session: later records update earlier ones,
/// and a session with no final record reads as cut off.
fn fold(records: Vec<Record>) -> Vec<Entry> {
    let mut index: HashMap<String, usize> = HashMap::new();
    let mut entries: Vec<Entry> = Vec::new();
    for r in records {
        let finished = r.kind == RecordKind::Final;
        let outcome = if finished {
            r.outcome.unwrap_or(Outcome::Partial)
        } else {
            Outcome::Partial
        };
        match index.get(&r.session) {
            Some(&i) => {
                let e = &mut entries[i];
                if !e.interrupted && !finished {
                    // A stray progress record after the final word changes nothing.
                    continue;
                }
                e.progress = r.progress();
                e.outcome = outcome;
                e.interrupted = !finished;
                if finished {
                    e.effort = r.effort;
                    e.note = r.note;
                }
            }
            None => {
                index.insert(r.session.clone(), entries.len());
                entries.push(r.into_entry(outcome, !finished));
            }
        }
    }
    entries
}

/// An advisory `flock` held until dropped.
struct Lock<'a> {
    #[cfg_attr(not(unix), allow(dead_code))]
    file: &'a File,
}

impl<'a> Lock<'a> {
    fn exclusive(file: &'a File) -> io::Result<Lock<'a>> {
        #[cfg(unix)]
        {
            use std::os::unix::io::AsRawFd;
            // SAFETY: the descriptor is open for the life of `file`.
            if unsafe { libc::flock(file.as_raw_fd(), libc::LOCK_EX) } != 0 {
                return Err(io::Error::last_os_error());
            }
        }
        Ok(Lock { file })
    }
}

impl Drop for Lock<'_> {
    fn drop(&mut self) {
        #[cfg(unix)]
        {
            use std::os::unix::io::AsRawFd;
            // SAFETY: as above.
            unsafe {
                libc::flock(self.file.as_raw_fd(), libc::LOCK_UN);
            }
        }
    }
}
