//! A private PulseAudio server with null sinks, as DESIGN.md ("Audio without a
//! sound card") describes, and parec recordings of their monitors. Every
//! player gets a sink of its own on the one server, so players can run at the
//! same time without hearing each other. Stopped by pid on drop.

use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

/// The rate walkrun's output device opens at here (cpal's default config of
/// the ALSA pulse plugin), and so the rate of every sink, capture and
/// reference. A sink at another rate puts PulseAudio's resampler between what
/// walkrun played and what is timed, and a rate-converted cue is not the same
/// samples as the reference: a soft consonant that hovers at the onset
/// detector's threshold ("th" of "Halfway through") crossed it 6.37 ms later
/// in the 48 kHz track (heard through a 44.1 kHz sink) than in a 44.1 kHz
/// render, while every cue was on time.
pub const RATE: u32 = 48_000;

pub struct Pulse {
    pub rt: PathBuf,
    pub home: PathBuf,
    pid: Option<i32>,
}

impl Pulse {
    /// Start a server with one null sink per name in `sinks`. `home` gets the
    /// `.asoundrc` that sends ALSA's default device to PulseAudio, and an mpv
    /// config that goes straight to PulseAudio rather than trying PipeWire
    /// first (a fair set-up for a peer that plays through mpv).
    pub fn start(dir: &Path, sinks: &[&str]) -> Result<Pulse, String> {
        let rt = dir.join("rt");
        let home = dir.join("home");
        std::fs::create_dir_all(home.join(".config/mpv")).map_err(|e| e.to_string())?;
        std::fs::create_dir_all(&rt).map_err(|e| e.to_string())?;
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(&rt, std::fs::Permissions::from_mode(0o700))
            .map_err(|e| e.to_string())?;
        std::fs::write(
            home.join(".asoundrc"),
            "pcm.!default { type pulse }\nctl.!default { type pulse }\n",
        )
        .map_err(|e| e.to_string())?;
        std::fs::write(home.join(".config/mpv/mpv.conf"), "ao=pulse\n")
            .map_err(|e| e.to_string())?;
        let mut pulse = Pulse {
            rt,
            home,
            pid: None,
        };
        let mut args = vec![
            "-D".to_string(),
            "-n".to_string(),
            "--exit-idle-time=-1".to_string(),
            "--log-target=stderr".to_string(),
        ];
        for s in sinks {
            args.push(format!("--load=module-null-sink sink_name={s} rate={RATE}"));
        }
        args.push("--load=module-native-protocol-unix".to_string());
        let status = pulse
            .cmd("pulseaudio")
            .args(&args)
            .stderr(Stdio::null())
            .status()
            .map_err(|e| format!("pulseaudio: {e}"))?;
        if !status.success() {
            return Err("pulseaudio did not start".into());
        }
        let pid = std::fs::read_to_string(pulse.rt.join("pulse/pid"))
            .map_err(|e| format!("pulseaudio's pid file: {e}"))?;
        pulse.pid = Some(pid.trim().parse().map_err(|_| "pulseaudio's pid file")?);
        Ok(pulse)
    }

    /// A command that talks to this server.
    pub fn cmd(&self, bin: impl AsRef<std::ffi::OsStr>) -> Command {
        let mut c = Command::new(bin);
        for (k, v) in self.env() {
            c.env(k, v);
        }
        c.env_remove("PULSE_SERVER").env_remove("ALSA_CONFIG_PATH");
        c
    }

    pub fn env(&self) -> Vec<(String, String)> {
        vec![
            ("XDG_RUNTIME_DIR".into(), self.rt.display().to_string()),
            ("HOME".into(), self.home.display().to_string()),
        ]
    }

    /// Record `sink`'s monitor, mono 16-bit at [`RATE`], and return once
    /// samples are flowing (a fresh server takes a moment).
    pub fn record(&self, sink: &str, to: &Path) -> Result<Recording, String> {
        let file = std::fs::File::create(to).map_err(|e| format!("{}: {e}", to.display()))?;
        let child = self
            .cmd("parec")
            .args([
                "--latency-msec=20",
                "-d",
                &format!("{sink}.monitor"),
                "--raw",
                "--format=s16le",
                &format!("--rate={RATE}"),
                "--channels=1",
            ])
            .stdout(file)
            .stderr(Stdio::null())
            .spawn()
            .map_err(|e| format!("parec: {e}"))?;
        let rec = Recording {
            child,
            path: to.to_path_buf(),
        };
        let until = Instant::now() + Duration::from_secs(15);
        while std::fs::metadata(to).map_or(0, |m| m.len()) < u64::from(RATE) {
            if Instant::now() > until {
                return Err(format!("parec recorded nothing from {sink}"));
            }
            std::thread::sleep(Duration::from_millis(20));
        }
        Ok(rec)
    }
}

impl Drop for Pulse {
    fn drop(&mut self) {
        if let Some(pid) = self.pid {
            // SAFETY: a signal to the server this bench started.
            unsafe {
                libc::kill(pid, libc::SIGTERM);
            }
        }
    }
}

pub struct Recording {
    child: Child,
    path: PathBuf,
}

impl Recording {
    /// Stop recording (after the monitor's lag has passed) and return the
    /// samples as f32.
    pub fn finish(mut self) -> Result<Vec<f32>, String> {
        std::thread::sleep(Duration::from_millis(600));
        let _ = self.child.kill();
        let _ = self.child.wait();
        let bytes = std::fs::read(&self.path).map_err(|e| e.to_string())?;
        Ok(bytes
            .chunks_exact(2)
            .map(|b| f32::from(i16::from_le_bytes([b[0], b[1]])) / 32768.0)
            .collect())
    }
}

impl Drop for Recording {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}
