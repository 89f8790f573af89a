//! Reading and appending the journal file, and keeping it whole across crashes.
//!
//! Reading is two passes over the files. The first streams every line once
//! and keeps, per session, where its last word is and when it started; the
//! second reads just those lines back, in time order. Memory grows with the
//! number of sessions (a few dozen bytes each), never with the file's size.

use std::collections::HashMap;
use std::fs::{self, File, OpenOptions};
use std::io::{self, BufRead, BufReader, Read, Seek, SeekFrom, Write};
use std::path::{Path, PathBuf};

use super::{data_dir, CheckIn, Entry, HistoryError, Outcome, Record, RecordKind, FORMAT_VERSION};
use crate::sys::atomic_file;

/// The journal's file name inside the data folder.
pub const JOURNAL_FILE: &str = "journal.jsonl";
/// Where records go when the journal cannot be written; read after it.
pub const SIDE_FILE: &str = "journal-side.jsonl";

/// The UTF-8 byte-order mark some editors put at the start of a file.
const BOM: &[u8] = b"\xEF\xBB\xBF";
/// A warning lists at most this many further line numbers.
const LINES_LISTED: usize = 5;
/// The longest line read as a record. A record is a few hundred bytes (its
/// steps text, at the grammar's 5000 segments, under 100 KB); a longer line
/// is damage, skipped without being held in memory.
pub const MAX_LINE_BYTES: usize = 1 << 20;

/// The journal in one data folder.
#[derive(Debug, Clone)]
pub struct Journal {
    dir: PathBuf,
}

/// What reading the journal found, all in memory: for a plan's few dozen
/// sessions. [`Journal::scan`] streams instead.
#[derive(Debug, Default)]
pub struct History {
    /// One entry a session, oldest first (by start, then by where it was
    /// first written).
    pub entries: Vec<Entry>,
    /// What the runner said between sessions (pain, or pain gone), oldest
    /// first.
    pub checks: Vec<CheckIn>,
    /// Lines skipped or repaired, one warning a file and kind, for the runner.
    pub warnings: Vec<String>,
}

impl History {
    /// The longest run without a walk in the whole journal, in seconds (0
    /// when no line says).
    pub fn longest_run_seconds(&self) -> u64 {
        self.entries
            .iter()
            .filter(|e| e.longest_known)
            .map(|e| u64::from(e.progress.longest_run_seconds))
            .max()
            .unwrap_or(0)
    }

    /// The runner's easy running pace from the recordings `log import`
    /// read in the last weeks up to `today` (see
    /// [`recorded_easy_pace`](super::recorded_pace::recorded_easy_pace)).
    pub fn recent_run_pace(&self, today: chrono::NaiveDate) -> Option<crate::plan::pace::Pace> {
        super::recorded_pace::recorded_easy_pace(&self.entries, today).map(|r| r.pace)
    }

    /// The pace of the runner's latest time trial up to `today` (see
    /// [`latest_trial`](super::time_trial::latest_trial)).
    pub fn time_trial_pace(&self, today: chrono::NaiveDate) -> Option<super::TrialPace> {
        super::time_trial::latest_trial(&self.entries, today)
    }

    /// The entries of one plan (see [`Entry::is_for`]), oldest first.
    pub fn for_plan(&self, key: &str, name: &str) -> Vec<&Entry> {
        self.entries
            .iter()
            .filter(|e| e.is_for(key, name))
            .collect()
    }
}

/// Where new records go, and why when it is not the journal itself.
#[derive(Debug)]
pub struct Target {
    pub path: PathBuf,
    /// Set when the journal cannot be written and records go to the side file.
    pub diverted: Option<String>,
    /// Repairs made on the way (a torn last line set aside).
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

    /// Index the journal and the side file in one streaming pass. Lines that
    /// cannot be read are skipped with a warning and left as they are; a torn
    /// last line is copied aside and cut off.
    pub fn scan(&self) -> Scan {
        let mut scan = Scan::default();
        for path in [self.path(), self.side_path()] {
            scan.add_file(path);
        }
        scan.order
            .sort_by_key(|&i| (scan.slots[i as usize].started, i));
        // Stable: two said in the same second keep the order they were written.
        scan.checks.sort_by_key(|c| c.at);
        scan
    }

    /// Read every entry into memory.
    pub fn read(&self) -> Result<History, HistoryError> {
        let scan = self.scan();
        let entries = scan.entries().collect();
        Ok(History {
            entries,
            checks: scan.checks,
            warnings: scan.warnings,
        })
    }

    /// Where new records go: the journal, whatever lines in it are damaged,
    /// unless it cannot be opened for writing at all; then the side file,
    /// which every reader reads too.
    pub fn target(&self) -> Result<Target, HistoryError> {
        let path = self.path();
        // Checked before anything is written: a FIFO or a device would block
        // or swallow the record, and a file that holds no journal entry (a
        // link to some other file) is not walkrun's to append to.
        let unfit = match fs::create_dir_all(&self.dir) {
            Err(e) => Some(format!("cannot write ({e})")),
            Ok(()) => match open_checked(
                &path,
                OpenOptions::new().read(true).append(true).create(true),
            ) {
                Ok(Opened::File(f)) => match holds_journal(&f) {
                    Ok(true) => None,
                    Ok(false) => Some(NOT_A_JOURNAL.to_string()),
                    Err(e) => Some(format!("cannot be read ({e})")),
                },
                Ok(Opened::NotRegular(what)) => Some(format!("is {what}, not a regular file")),
                Ok(Opened::Missing) => Some("cannot be created".to_string()),
                Err(e) => Some(format!("cannot write ({e})")),
            },
        };
        match unfit {
            None => Ok(Target {
                path,
                diverted: None,
                warnings: Vec::new(),
            }),
            Some(why) => {
                let side = self.side_path();
                Ok(Target {
                    diverted: Some(format!(
                        "{}: {why}; this session goes to {} instead, which `log` \
                         and `next` read too",
                        path.display(),
                        side.display()
                    )),
                    path: side,
                    warnings: Vec::new(),
                })
            }
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

/// Where one session's last word is.
#[derive(Debug, Clone, Copy)]
struct Slot {
    file: u8,
    offset: u64,
    len: u32,
    /// Seconds since the epoch, for ordering.
    started: i64,
    finished: bool,
}

/// The journal indexed: which line holds each session's last word. Read the
/// entries back with [`Scan::entries`], oldest first.
#[derive(Debug, Default)]
pub struct Scan {
    /// The files indexed, kept open: the entries are read back through the
    /// same descriptors, so a journal is opened once however often it is
    /// read.
    files: Vec<File>,
    slots: Vec<Slot>,
    order: Vec<u32>,
    /// The names of the plans the sessions belong to (a handful).
    plans: std::collections::BTreeSet<String>,
    /// Sessions outside any plan seen.
    extras: bool,
    /// Sessions imported from a recording seen.
    recorded: bool,
    /// The check-ins, oldest first: a few lines, kept whole (the coach reads
    /// every one of them, and a runner says "it has gone" now and then, not
    /// every day).
    pub checks: Vec<CheckIn>,
    /// Lines skipped or repaired, one warning a file and kind, for the runner.
    pub warnings: Vec<String>,
}

/// Lines of one kind that were skipped in one file.
#[derive(Default)]
struct Skipped {
    first: Option<(usize, String)>,
    more: Vec<usize>,
}

impl Skipped {
    fn add(&mut self, line: usize, why: impl FnOnce() -> String) {
        match self.first {
            None => self.first = Some((line, why())),
            Some(_) => self.more.push(line),
        }
    }

    fn warning(&self, path: &Path) -> Option<String> {
        let (line, why) = self.first.as_ref()?;
        let mut w = format!(
            "{}:{line}: {why}; skipped, and left in the file as it is",
            path.display()
        );
        if !self.more.is_empty() {
            let listed: Vec<String> = self
                .more
                .iter()
                .take(LINES_LISTED)
                .map(usize::to_string)
                .collect();
            let etc = if self.more.len() > LINES_LISTED {
                ", ..."
            } else {
                ""
            };
            w.push_str(&format!(
                " (and {} more such line{}: {}{etc})",
                self.more.len(),
                if self.more.len() == 1 { "" } else { "s" },
                listed.join(", ")
            ));
        }
        Some(w)
    }
}

impl Scan {
    /// How many sessions the journal holds.
    pub fn len(&self) -> usize {
        self.slots.len()
    }

    pub fn is_empty(&self) -> bool {
        self.slots.is_empty()
    }

    /// The names of the plans in the journal, and whether it holds sessions
    /// outside any plan: for laying out a table before reading the entries.
    pub fn plan_names(&self) -> (&std::collections::BTreeSet<String>, bool) {
        (&self.plans, self.extras)
    }

    /// Whether any session came from a recording (`log import`): for laying
    /// out a table with room for what recordings bring.
    pub fn has_recordings(&self) -> bool {
        self.recorded
    }

    /// Every entry, oldest first, read back one line at a time. A line that
    /// changed since the scan (it cannot, short of an editor) is left out.
    pub fn entries(&self) -> impl Iterator<Item = Entry> + '_ {
        let mut buf = Vec::new();
        self.order.iter().filter_map(move |&i| {
            let slot = self.slots[i as usize];
            // Each read seeks first, so iterators over one scan may take
            // turns on a descriptor.
            let mut file: &File = self.files.get(usize::from(slot.file))?;
            buf.resize(slot.len as usize, 0);
            file.seek(SeekFrom::Start(slot.offset)).ok()?;
            file.read_exact(&mut buf).ok()?;
            let record: Record = serde_json::from_slice(&buf).ok()?;
            let outcome = if slot.finished {
                record.outcome.unwrap_or(Outcome::Partial)
            } else {
                Outcome::Partial
            };
            Some(record.into_entry(outcome, !slot.finished))
        })
    }

    fn add_file(&mut self, path: PathBuf) {
        let file_index = u8::try_from(self.files.len()).unwrap_or(u8::MAX);
        let file = match open_checked(&path, OpenOptions::new().read(true)) {
            Ok(Opened::File(f)) => f,
            Ok(Opened::Missing) => return,
            Ok(Opened::NotRegular(what)) => {
                self.warnings.push(format!(
                    "{}: is {what}, not a journal file; left alone, and new sessions go to {SIDE_FILE}",
                    path.display()
                ));
                return;
            }
            Err(e) if e.kind() == io::ErrorKind::NotFound => return,
            Err(e) => {
                self.warnings.push(format!(
                    "{}: cannot be read ({e}); its sessions are left out",
                    path.display()
                ));
                return;
            }
        };
        let mut reader = BufReader::with_capacity(64 * 1024, &file);
        let mut index: HashMap<Box<str>, u32> = HashMap::new();
        let mut damaged = Skipped::default();
        let mut newer = Skipped::default();
        // An unreadable line is only known to be a torn tail once nothing
        // follows it.
        let mut pending: Option<(usize, u64, String)> = None;
        let mut line = Vec::new();
        let mut offset: u64 = 0;
        let mut line_no = 0;
        // Whether any line is a record, or the start of one: a file with
        // none (a link to some other file) is no journal and is left as it is.
        let mut journal_like = false;
        let mut content = false;
        loop {
            line.clear();
            let read = (&mut reader)
                .take(MAX_LINE_BYTES as u64 + 1)
                .read_until(b'\n', &mut line)
                .and_then(|n| {
                    let over = n > MAX_LINE_BYTES && line.last() != Some(&b'\n');
                    let rest = if over {
                        skip_line(&mut reader)?
                    } else {
                        (0, false)
                    };
                    Ok((n, over, rest))
                });
            let (n, over, (skipped, rest_ended)) = match read {
                Ok((0, ..)) => break,
                Ok(r) => r,
                Err(e) => {
                    self.warnings.push(format!(
                        "{}:{}: cannot be read from this line on ({e}); the rest is left out",
                        path.display(),
                        line_no + 1
                    ));
                    break;
                }
            };
            line_no += 1;
            let start = offset;
            offset += n as u64 + skipped;
            if over {
                content = true;
                journal_like = journal_like || starts_like_record(&line);
                let why = format!(
                    "not a journal entry (longer than {} MB)",
                    MAX_LINE_BYTES >> 20
                );
                if rest_ended {
                    damaged.add(line_no, || why);
                } else {
                    pending = Some((line_no, start, why));
                }
                continue;
            }
            let terminated = line.last() == Some(&b'\n');
            let mut body: &[u8] = &line;
            let mut body_start = start;
            if line_no == 1 && body.starts_with(BOM) {
                body = &body[BOM.len()..];
                body_start += BOM.len() as u64;
                self.warnings.push(format!(
                    "{}:1: starts with a byte-order mark (an editor added it); read past it",
                    path.display()
                ));
            }
            let body = trim_end(body);
            if body.is_empty() {
                continue;
            }
            content = true;
            journal_like = journal_like || looks_like_record(body);
            match serde_json::from_slice::<Record>(body) {
                Ok(r) if r.v > FORMAT_VERSION => newer.add(line_no, || newer_why(r.v)),
                Ok(r) if r.kind == RecordKind::Check => self.checks.extend(r.as_check_in()),
                Ok(r) => match r.plan_session() {
                    Err(why) => damaged.add(line_no, || format!("not a journal entry ({why})")),
                    Ok(p) => {
                        match p {
                            Some(p) if !self.plans.contains(&p.name) => {
                                self.plans.insert(p.name);
                            }
                            Some(_) => {}
                            None => self.extras = true,
                        }
                        self.recorded |= r.recording.is_some();
                        self.keep(&mut index, file_index, body_start, body.len(), &r)
                    }
                },
                Err(e) => match version_of(body).filter(|&v| v > FORMAT_VERSION) {
                    Some(v) => newer.add(line_no, || newer_why(v)),
                    None => {
                        let why = format!("not a journal entry ({})", json_error(&e));
                        if terminated {
                            damaged.add(line_no, || why);
                        } else {
                            pending = Some((line_no, start, why));
                        }
                    }
                },
            }
        }
        drop(reader);
        self.files.push(file);
        if content && !journal_like {
            self.warnings.push(format!(
                "{}: {NOT_A_JOURNAL}; none of it is read, and new sessions go to {SIDE_FILE}",
                path.display()
            ));
            return;
        }
        if let Some((l, start, _)) = pending {
            self.warnings.push(match repair_tail(&path, start) {
                Ok(Some(aside)) => torn_warning(&path, l, &aside),
                Ok(None) => format!("{}:{l}: incomplete last line skipped", path.display()),
                Err(e) => format!(
                    "{}:{l}: incomplete last line skipped (could not set it aside: {e})",
                    path.display()
                ),
            });
        }
        self.warnings.extend(damaged.warning(&path));
        self.warnings.extend(newer.warning(&path));
    }

    /// Note a record as its session's latest word, unless the session has
    /// had its final one and this is a stray update after it.
    fn keep(
        &mut self,
        index: &mut HashMap<Box<str>, u32>,
        file: u8,
        offset: u64,
        len: usize,
        r: &Record,
    ) {
        let finished = r.kind == RecordKind::Final;
        let slot = Slot {
            file,
            offset,
            len: u32::try_from(len).unwrap_or(u32::MAX),
            started: r.started.timestamp(),
            finished,
        };
        match index.get(r.session.as_str()) {
            Some(&i) => {
                let old = &mut self.slots[i as usize];
                if finished || !old.finished {
                    *old = slot;
                }
            }
            None => {
                let i = u32::try_from(self.slots.len()).unwrap_or(u32::MAX);
                index.insert(r.session.as_str().into(), i);
                self.slots.push(slot);
                self.order.push(i);
            }
        }
    }
}

/// Why a file is not appended to, repaired or read as a journal.
const NOT_A_JOURNAL: &str =
    "holds no journal entry (it is some other file), so walkrun leaves it as it is";

/// A file opened only if it is a regular file.
#[derive(Debug)]
pub(crate) enum Opened {
    File(File),
    /// Nothing there (and not asked to create it).
    Missing,
    /// A folder, a FIFO, a device...: "a FIFO".
    NotRegular(&'static str),
}

/// Open `path` only when it is a regular file (or absent and `options`
/// creates it). Checked before opening, so a FIFO or a device is never
/// opened (opening a FIFO blocks until a writer comes); opened non-blocking
/// and checked again, so one put there meanwhile cannot block either.
pub(crate) fn open_checked(path: &Path, options: &OpenOptions) -> io::Result<Opened> {
    match fs::metadata(path) {
        Ok(m) if !m.is_file() => return Ok(Opened::NotRegular(atomic_file::what_it_is(&m))),
        Ok(_) => {}
        Err(e) if e.kind() == io::ErrorKind::NotFound => {}
        Err(e) => return Err(e),
    }
    let mut options = options.clone();
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.custom_flags(libc::O_NONBLOCK | libc::O_NOCTTY);
    }
    let file = match options.open(path) {
        Ok(f) => f,
        Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(Opened::Missing),
        Err(e) => return Err(e),
    };
    let m = file.metadata()?;
    if !m.is_file() {
        return Ok(Opened::NotRegular(atomic_file::what_it_is(&m)));
    }
    Ok(Opened::File(file))
}

/// The bytes of a small file (a profile, the current plan) read only if it
/// is a regular file, and at most `cap` of them: anything else is an error
/// of kind `InvalidData` that says what the file is or that it is too big.
/// A missing file is `NotFound`.
pub(crate) fn read_regular(path: &Path, cap: u64, what_file: &str) -> io::Result<Vec<u8>> {
    let file = open_read(path)?;
    let mut bytes = Vec::new();
    file.take(cap + 1).read_to_end(&mut bytes)?;
    if bytes.len() as u64 > cap {
        return Err(io::Error::new(
            io::ErrorKind::InvalidData,
            if cap >= 1 << 20 {
                format!("larger than {} MB, which no {what_file} is", cap >> 20)
            } else {
                format!("larger than {} KB, which no {what_file} is", cap >> 10)
            },
        ));
    }
    Ok(bytes)
}

/// Open a file for reading that was found to be a regular file a moment ago.
fn open_read(path: &Path) -> io::Result<File> {
    match open_checked(path, OpenOptions::new().read(true))? {
        Opened::File(f) => Ok(f),
        Opened::Missing => Err(io::ErrorKind::NotFound.into()),
        Opened::NotRegular(what) => Err(io::Error::new(
            io::ErrorKind::InvalidData,
            format!("is {what}, not a regular file"),
        )),
    }
}

/// Whether a line begins as every record walkrun writes does: a torn
/// record is still the journal's, while a line of some other file is not.
fn starts_like_record(line: &[u8]) -> bool {
    let line = line.strip_prefix(BOM).unwrap_or(line);
    let start = line
        .iter()
        .position(|b| !b.is_ascii_whitespace())
        .unwrap_or(line.len());
    line[start..].starts_with(b"{\"v\":")
}

/// Whether a line (trimmed) is a journal record, or was meant to be one.
fn looks_like_record(body: &[u8]) -> bool {
    starts_like_record(body)
        || serde_json::from_slice::<Record>(body).is_ok()
        || version_of(body).is_some()
}

/// Whether the file holds a journal: empty (or blank), or with at least one
/// line that is a record or the start of one. Stops at the first such line
/// (the first, in any journal walkrun wrote), keeping no line longer than
/// [`MAX_LINE_BYTES`]. Read through `file` from its start: the caller has
/// it open already (for appending, too).
pub(crate) fn holds_journal(mut file: &File) -> io::Result<bool> {
    file.seek(SeekFrom::Start(0))?;
    let mut reader = BufReader::with_capacity(64 * 1024, file);
    let mut line = Vec::new();
    let mut content = false;
    loop {
        line.clear();
        let n = (&mut reader)
            .take(MAX_LINE_BYTES as u64 + 1)
            .read_until(b'\n', &mut line)?;
        if n == 0 {
            return Ok(!content);
        }
        if n > MAX_LINE_BYTES && line.last() != Some(&b'\n') {
            if starts_like_record(&line) {
                return Ok(true);
            }
            skip_line(&mut reader)?;
            content = true;
            continue;
        }
        let body = trim_end(line.strip_prefix(BOM).unwrap_or(&line));
        if body.iter().all(u8::is_ascii_whitespace) {
            continue;
        }
        if looks_like_record(body) {
            return Ok(true);
        }
        content = true;
    }
}

/// Read past the rest of a line without keeping it: how many bytes that
/// was, and whether a newline ended it (else the file did).
fn skip_line(reader: &mut impl BufRead) -> io::Result<(u64, bool)> {
    let mut skipped = 0;
    loop {
        let buf = reader.fill_buf()?;
        if buf.is_empty() {
            return Ok((skipped, false));
        }
        match buf.iter().position(|&b| b == b'\n') {
            Some(i) => {
                reader.consume(i + 1);
                return Ok((skipped + i as u64 + 1, true));
            }
            None => {
                let l = buf.len();
                reader.consume(l);
                skipped += l as u64;
            }
        }
    }
}

fn newer_why(v: u32) -> String {
    format!(
        "written by a newer walkrun (journal format {v}; this one reads up to {FORMAT_VERSION})"
    )
}

/// serde_json's message without its "at line 1 column 7", with the column.
fn json_error(e: &serde_json::Error) -> String {
    let text = e.to_string();
    let what = text.split(" at line ").next().unwrap_or(&text);
    format!("{what} at column {}", e.column())
}

fn trim_end(mut b: &[u8]) -> &[u8] {
    while let [rest @ .., last] = b {
        if last.is_ascii_whitespace() {
            b = rest;
        } else {
            break;
        }
    }
    b
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
    let file = match open_checked(
        path,
        OpenOptions::new().read(true).append(true).create(true),
    )
    .map_err(werr)?
    {
        Opened::File(f) => f,
        Opened::NotRegular(what) => {
            return Err(HistoryError::NotAFile {
                path: path.to_path_buf(),
                what,
            })
        }
        Opened::Missing => return Err(werr(io::ErrorKind::NotFound.into())),
    };
    let _lock = Lock::exclusive(&file).map_err(werr)?;
    let mut warning = None;
    let len = file.metadata().map_err(werr)?.len();
    // The checks read through the descriptor the append holds (opened for
    // reading too): a session's many appends open the journal once each.
    if len > 0 && !holds_journal(&file).map_err(werr)? {
        return Err(HistoryError::NotAJournal {
            path: path.to_path_buf(),
        });
    }
    if let Some(start) = unended_last_line(&file, len).map_err(werr)? {
        if read_record(&file, start, len).map_err(werr)?.is_some() {
            (&file).write_all(b"\n").map_err(werr)?;
        } else {
            let aside = set_aside(path, &file, start, len).map_err(werr)?;
            file.set_len(start).map_err(werr)?;
            let line_no = count_lines(&file, start).map_err(werr)? + 1;
            warning = Some(torn_warning(path, line_no, &aside));
        }
    }
    // Where this line starts: the lock keeps every other walkrun out, so a
    // failed write (a full disk) is cut back to here and leaves no torn line.
    let start = file.metadata().map_err(werr)?.len();
    // One write for the whole line: a crash leaves the line whole or torn at
    // the end of the file, where the reader knows to look.
    if let Err(e) = (&file).write_all(line).and_then(|()| file.sync_all()) {
        if file.set_len(start).is_ok() {
            let _ = file.sync_all();
        }
        return Err(werr(e));
    }
    if !existed {
        // The new file's name must survive a crash too.
        if let Ok(d) = File::open(dir) {
            let _ = d.sync_all();
        }
    }
    Ok(warning)
}

/// Where the last line of a file of `len` bytes starts, if the file does
/// not end with a newline; found reading backwards a block at a time,
/// keeping nothing, however long that line is.
fn unended_last_line(mut f: &File, len: u64) -> io::Result<Option<u64>> {
    const BLOCK: u64 = 8192;
    if len == 0 {
        return Ok(None);
    }
    let mut block = vec![0; BLOCK as usize];
    let mut pos = len;
    let mut last = true;
    while pos > 0 {
        let from = pos.saturating_sub(BLOCK);
        let buf = &mut block[..(pos - from) as usize];
        f.seek(SeekFrom::Start(from))?;
        f.read_exact(buf)?;
        if last && buf.last() == Some(&b'\n') {
            return Ok(None);
        }
        last = false;
        if let Some(i) = buf.iter().rposition(|&b| b == b'\n') {
            return Ok(Some(from + i as u64 + 1));
        }
        pos = from;
    }
    Ok(Some(0))
}

/// The bytes from `start` to `end` as a record, if they are one (a line too
/// long to be one is not read).
fn read_record(mut f: &File, start: u64, end: u64) -> io::Result<Option<Record>> {
    let len = end.saturating_sub(start);
    if len > MAX_LINE_BYTES as u64 {
        return Ok(None);
    }
    f.seek(SeekFrom::Start(start))?;
    let mut bytes = vec![0; len as usize];
    f.read_exact(&mut bytes)?;
    Ok(serde_json::from_slice::<Record>(trim_end(&bytes)).ok())
}

/// How many newlines lie before `offset`: for naming a line in a warning.
fn count_lines(mut f: &File, offset: u64) -> io::Result<usize> {
    f.seek(SeekFrom::Start(0))?;
    let mut r = BufReader::new(f.take(offset));
    let mut n = 0;
    loop {
        let buf = r.fill_buf()?;
        if buf.is_empty() {
            return Ok(n);
        }
        n += buf.iter().filter(|&&b| b == b'\n').count();
        let l = buf.len();
        r.consume(l);
    }
}

fn torn_warning(path: &Path, line: usize, aside: &Path) -> String {
    format!(
        "{}:{line}: incomplete last line (a write cut off by a crash) skipped; kept in {}",
        path.display(),
        aside.display()
    )
}

/// Copy a torn last line (from `start`) aside and cut it off, under the lock,
/// after checking again that it is still a torn last line.
fn repair_tail(path: &Path, start: u64) -> io::Result<Option<PathBuf>> {
    let file = match open_checked(path, OpenOptions::new().read(true).write(true))? {
        Opened::File(f) => f,
        _ => return Ok(None),
    };
    let _lock = Lock::exclusive(&file)?;
    let len = file.metadata()?.len();
    if len <= start {
        return Ok(None);
    }
    // Another walkrun may have finished or repaired it meanwhile.
    if unended_last_line(&file, len)? != Some(start) || read_record(&file, start, len)?.is_some() {
        return Ok(None);
    }
    let aside = set_aside(path, &file, start, len)?;
    file.set_len(start)?;
    file.sync_all()?;
    Ok(Some(aside))
}

/// Keep a torn tail (the bytes from `start` to `end`) in
/// `journal.jsonl.torn-<time>` beside the journal, copied a block at a time.
fn set_aside(path: &Path, mut f: &File, start: u64, end: u64) -> io::Result<PathBuf> {
    let stamp = chrono::Local::now().format("%Y%m%dT%H%M%S%.f");
    let mut name = path.file_name().unwrap_or_default().to_os_string();
    name.push(format!(".torn-{stamp}"));
    let aside = path.with_file_name(name);
    f.seek(SeekFrom::Start(start))?;
    let staged = atomic_file::Staged::new(&aside)?;
    io::copy(&mut f.take(end.saturating_sub(start)), &mut staged.writer())?;
    staged.commit()?;
    Ok(aside)
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
