//! A private tmux server: each player runs in a window of its own, on a real
//! terminal (100 x 30), the way a runner starts it, wrapped in `suite measure`.

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use crate::measure::Measured;

pub struct Tmux {
    socket: PathBuf,
    started: bool,
}

/// One command started in a window; its figures arrive in `out` when it ends.
pub struct Job {
    pub name: String,
    out: PathBuf,
    socket: PathBuf,
    /// When it started: limits and the watch for its last question count
    /// from here, not from when the harness gets round to waiting for it
    /// (jobs are waited for one after another).
    started: Instant,
}

/// What walkrun shows when its audio stops advancing for a second: it
/// pauses and waits for the runner to press space.
const STALLED: &str = "the audio stopped advancing";

/// What a finished job measured, when its screen first showed the prompt it
/// was waiting to have answered (seconds since the epoch), and how often the
/// player paused because its audio stalled (each resumed with space, as a
/// runner would, so one stall cannot hold the whole run up).
pub struct Done {
    pub measured: Measured,
    pub prompt_unix: Option<f64>,
    pub stalls: usize,
}

impl Tmux {
    /// Start the server with `env` as its environment (PulseAudio's runtime
    /// folder, HOME, and so on).
    pub fn start(dir: &Path, env: &[(String, String)]) -> Result<Tmux, String> {
        let mut t = Tmux {
            socket: dir.join("tmux.sock"),
            started: false,
        };
        let status = t
            .cmd()
            .envs(env.iter().map(|(k, v)| (k, v)))
            .args([
                "new-session",
                "-d",
                "-s",
                "bench",
                "-x",
                "100",
                "-y",
                "30",
                "sleep 86400",
            ])
            .status()
            .map_err(|e| format!("tmux: {e}"))?;
        if !status.success() {
            return Err("tmux did not start".into());
        }
        t.started = true;
        Ok(t)
    }

    fn cmd(&self) -> Command {
        let mut c = Command::new("tmux");
        c.arg("-S").arg(&self.socket).arg("-f").arg("/dev/null");
        c.stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::null());
        c
    }

    /// Run `argv` in a new window under `suite measure`, with `env` added.
    pub fn spawn(
        &self,
        name: &str,
        env: &[(&str, String)],
        argv: &[String],
        out: &Path,
    ) -> Result<Job, String> {
        let me = std::env::current_exe().map_err(|e| e.to_string())?;
        let mut words = vec![
            "exec".to_string(),
            quote(&me.display().to_string()),
            "measure".to_string(),
            quote(&out.display().to_string()),
            "--".to_string(),
        ];
        words.extend(argv.iter().map(|a| quote(a)));
        let mut c = self.cmd();
        c.args(["new-window", "-d", "-t", "bench", "-n", name]);
        for (k, v) in env {
            c.arg("-e").arg(format!("{k}={v}"));
        }
        c.arg(words.join(" "));
        let status = c.status().map_err(|e| format!("tmux: {e}"))?;
        if !status.success() {
            return Err(format!("tmux could not start {name}"));
        }
        Ok(Job {
            name: name.to_string(),
            out: out.to_path_buf(),
            socket: self.socket.clone(),
            started: Instant::now(),
        })
    }
}

/// A job being waited for: what to answer, and what was seen so far.
struct Watch<'a> {
    job: Job,
    limit: Duration,
    watch_after: Duration,
    answer: Option<(&'a str, &'a str)>,
    prompt_unix: Option<f64>,
    stalls: usize,
    stalled: bool,
    looked: Instant,
    done: Option<Done>,
}

impl Watch<'_> {
    /// One look: read the figures if the job has ended, else answer what its
    /// screen asks.
    fn poll(&mut self) -> Result<(), String> {
        let job = &self.job;
        if job.out.exists() {
            self.done = Some(Done {
                measured: Measured::read(&job.out)?,
                prompt_unix: self.prompt_unix,
                stalls: self.stalls,
            });
            return Ok(());
        }
        let elapsed = job.started.elapsed();
        if elapsed > self.limit {
            return Err(format!(
                "{} did not finish in {} s",
                job.name,
                self.limit.as_secs()
            ));
        }
        let (Some((question, keys)), None) = (self.answer, self.prompt_unix) else {
            return Ok(());
        };
        let screen = if elapsed >= self.watch_after {
            job.screen()
        } else if self.looked.elapsed() >= Duration::from_secs(1) {
            // Before the end, a look a second for a stalled player.
            self.looked = Instant::now();
            job.screen()
        } else {
            return Ok(());
        };
        // The prompt line under the clock starts with the words; the note in
        // the log above it (which stays) starts with a time.
        let shows_stall = screen.lines().any(|l| l.starts_with(STALLED));
        if shows_stall && !self.stalled {
            self.stalls += 1;
            job.keys("Space");
        }
        self.stalled = shows_stall;
        if elapsed >= self.watch_after && screen.contains(question) {
            self.prompt_unix = Some(crate::measure::unix_now());
            // walkrun's own count, in its summary above the question.
            self.stalls = self.stalls.max(stall_count(&screen));
            job.keys(keys);
        }
        Ok(())
    }
}

/// A job to wait for: the job, its limit and when to start watching for its
/// last question (both from its start), and the question with its answer.
pub type Waited<'a> = (Job, Duration, Duration, Option<(&'a str, &'a str)>);

/// Wait for every job at once, in the order given, each as [`Job::wait`]
/// does: a job that stalls or asks while another is still playing is seen
/// to at once, not when the harness gets round to it.
pub fn wait_all(jobs: Vec<Waited<'_>>) -> Result<Vec<Done>, String> {
    let mut watches: Vec<Watch> = jobs
        .into_iter()
        .map(|(job, limit, watch_after, answer)| Watch {
            job,
            limit,
            watch_after,
            answer,
            prompt_unix: None,
            stalls: 0,
            stalled: false,
            looked: Instant::now(),
            done: None,
        })
        .collect();
    while watches.iter().any(|w| w.done.is_none()) {
        for w in watches.iter_mut().filter(|w| w.done.is_none()) {
            w.poll()?;
        }
        std::thread::sleep(Duration::from_millis(100));
    }
    Ok(watches.into_iter().filter_map(|w| w.done).collect())
}

impl Job {
    /// Wait for the job to end (at most `limit` from its start) and read its
    /// figures. When `answer` is given, the screen is watched from
    /// `watch_after` after its start on, and once it shows `answer.0` the
    /// keys `answer.1` are typed, as a runner answers a question at the end
    /// of a session; a player that pauses because its audio stalled is
    /// resumed with space.
    pub fn wait(
        self,
        limit: Duration,
        watch_after: Duration,
        answer: Option<(&str, &str)>,
    ) -> Result<Done, String> {
        wait_all(vec![(self, limit, watch_after, answer)])?
            .pop()
            .ok_or_else(|| "the job left no figures".to_string())
    }

    fn tmux(&self) -> Command {
        let mut c = Command::new("tmux");
        c.arg("-S").arg(&self.socket);
        c.stdin(Stdio::null()).stderr(Stdio::null());
        c
    }

    fn screen(&self) -> String {
        self.tmux()
            .args(["capture-pane", "-p", "-t"])
            .arg(format!("bench:{}", self.name))
            .output()
            .map(|o| String::from_utf8_lossy(&o.stdout).into_owned())
            .unwrap_or_default()
    }

    fn keys(&self, keys: &str) {
        let _ = self
            .tmux()
            .args(["send-keys", "-t"])
            .arg(format!("bench:{}", self.name))
            .arg(keys)
            .stdout(Stdio::null())
            .status();
    }
}

impl Drop for Tmux {
    fn drop(&mut self) {
        if self.started {
            let _ = self.cmd().arg("kill-server").status();
        }
    }
}

/// "The audio stalled N time(s)" from walkrun's summary, else 0.
fn stall_count(screen: &str) -> usize {
    screen
        .lines()
        .find_map(|l| l.trim().strip_prefix("The audio stalled "))
        .and_then(|rest| rest.split_whitespace().next()?.parse().ok())
        .unwrap_or(0)
}

/// Quote a word for sh.
pub fn quote(word: &str) -> String {
    if !word.is_empty()
        && word
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b"-_./=:,@%+".contains(&b))
    {
        word.to_string()
    } else {
        format!("'{}'", word.replace('\'', r"'\''"))
    }
}
