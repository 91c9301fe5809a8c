//! A small tmux driver for end-to-end tests of a terminal program.
//!
//! Every `Session` runs its own tmux server on a private socket (`tmux -L <unique>`) with its
//! own config file, so tests running in parallel never see each other's sessions, and the
//! user's `~/.tmux.conf` never changes the result. The server is killed when the `Session` is
//! dropped, including when the test panics.
//!
//! Assertions wait for the screen (`wait_for`, `wait_until`): they poll `capture-pane` every
//! 50 ms until the condition holds or a timeout runs out, and then fail with the last screen.
//! No fixed sleeps decide a result.
#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

/// How long a `wait_*` call polls before it fails: 10 s, or `SITREP_E2E_TIMEOUT_SECS` for
/// slow or heavily loaded machines.
pub fn timeout() -> Duration {
    std::env::var("SITREP_E2E_TIMEOUT_SECS")
        .ok()
        .and_then(|v| v.parse().ok())
        .map_or(Duration::from_secs(10), Duration::from_secs)
}
const POLL: Duration = Duration::from_millis(50);

/// Variables removed from the environment of both the tmux server and the program under test.
const SCRUB: &[&str] = &[
    "TMUX",
    "TMUX_PANE",
    "SITREP_STORE",
    "NO_COLOR",
    "LC_ALL",
    "LC_CTYPE",
    "COLUMNS",
    "LINES",
];

static COUNTER: AtomicUsize = AtomicUsize::new(0);

/// Fails the test with a clear message when tmux is missing, rather than skipping it.
pub fn require_tmux() {
    match Command::new("tmux").arg("-V").output() {
        Ok(out) if out.status.success() => {}
        Ok(out) => panic!(
            "`tmux -V` failed ({}): {}; the end-to-end tests need a working tmux",
            out.status,
            String::from_utf8_lossy(&out.stderr)
        ),
        Err(e) => panic!(
            "tmux is not installed or not on PATH ({e}); the end-to-end tests in \
             tests/tmux_e2e.rs run the real binary inside tmux. Install it (e.g. \
             `apt-get install tmux`) and run again."
        ),
    }
}

/// Quotes a string for a POSIX shell.
pub fn sh_quote(s: &str) -> String {
    format!("'{}'", s.replace('\'', r"'\''"))
}

pub struct Options<'a> {
    pub width: u16,
    pub height: u16,
    /// Extra environment for the program (applied after scrubbing).
    pub env: &'a [(&'a str, &'a str)],
}

pub struct Session {
    socket: String,
    /// The socket file, removed on drop (tmux leaves it behind after kill-server).
    socket_path: Option<PathBuf>,
    /// Holds the config file; removed on drop.
    dir: tempfile::TempDir,
    pub target: String,
}

impl Session {
    /// Starts a detached session of the given size running `script` with `/bin/sh -c`.
    /// The environment is scrubbed (see `SCRUB`), TERM=xterm-256color and LANG=C.UTF-8 are
    /// set, then `opts.env` is applied.
    pub fn start(label: &str, opts: Options<'_>, script: &str) -> Session {
        require_tmux();
        let n = COUNTER.fetch_add(1, Ordering::SeqCst);
        // Short: the socket path must fit in sun_path (108 bytes).
        let label: String = label
            .chars()
            .filter(|c| c.is_ascii_alphanumeric())
            .take(16)
            .collect();
        let socket = format!("sre2e-{}-{n}-{label}", std::process::id());
        let dir = tempfile::tempdir().expect("temp dir for tmux config");
        let conf = dir.path().join("tmux.conf");
        std::fs::write(
            &conf,
            "set -g status off\n\
             set -g escape-time 0\n\
             set -g default-shell /bin/sh\n\
             set -g default-terminal xterm-256color\n\
             set -g remain-on-exit on\n\
             set -g history-limit 100\n",
        )
        .expect("write tmux config");

        let mut env_prefix = String::from("exec env");
        for var in SCRUB {
            env_prefix.push_str(&format!(" -u {var}"));
        }
        env_prefix.push_str(" TERM=xterm-256color LANG=C.UTF-8");
        // The browser's default workspace lives in this session's own folder, never the
        // user's: each session starts with none.
        let data = dir.path().join("data");
        env_prefix.push_str(&format!(
            " XDG_DATA_HOME={}",
            sh_quote(data.to_str().expect("utf-8 temp path"))
        ));
        // And its snapshot cache too.
        env_prefix.push_str(&format!(
            " XDG_CACHE_HOME={}",
            sh_quote(dir.path().join("cache").to_str().expect("utf-8 temp path"))
        ));
        for (k, v) in opts.env {
            env_prefix.push_str(&format!(" {}={}", k, sh_quote(v)));
        }
        let command = format!("{env_prefix} /bin/sh -c {}", sh_quote(script));

        let mut session = Session {
            socket,
            socket_path: None,
            dir,
            target: "sitrep-e2e".to_string(),
        };
        let (w, h) = (opts.width.to_string(), opts.height.to_string());
        let out = session.raw(&[
            "-f",
            conf.to_str().expect("utf-8 temp path"),
            "new-session",
            "-d",
            "-s",
            &session.target,
            "-x",
            &w,
            "-y",
            &h,
            &command,
        ]);
        if !out.status.success() {
            panic!(
                "tmux new-session failed ({}): {}",
                out.status,
                String::from_utf8_lossy(&out.stderr)
            );
        }
        let path = session.display("#{socket_path}");
        session.socket_path = (!path.is_empty()).then(|| PathBuf::from(path));
        session
    }

    /// Starts `bin args...` and, when it ends, prints `EXIT=<status>` and keeps the pane
    /// open, so tests can check the exit status and what the terminal looks like afterwards.
    pub fn start_program(label: &str, opts: Options<'_>, bin: &Path, args: &[&str]) -> Session {
        let mut cmd = sh_quote(bin.to_str().expect("utf-8 binary path"));
        for a in args {
            cmd.push(' ');
            cmd.push_str(&sh_quote(a));
        }
        let script = format!("{cmd}; echo EXIT=$?; exec sleep 600");
        Session::start(label, opts, &script)
    }

    fn raw(&self, args: &[&str]) -> Output {
        let mut c = Command::new("tmux");
        c.arg("-L").arg(&self.socket);
        for var in SCRUB {
            c.env_remove(var);
        }
        c.env("LANG", "C.UTF-8")
            .env("SHELL", "/bin/sh")
            .env("TERM", "xterm-256color");
        c.args(args)
            .output()
            .unwrap_or_else(|e| panic!("running tmux {args:?}: {e}"))
    }

    /// Runs a tmux command and returns its standard output; fails the test if tmux fails.
    pub fn tmux(&self, args: &[&str]) -> String {
        let out = self.raw(args);
        if !out.status.success() {
            panic!(
                "tmux {args:?} failed ({}): {}",
                out.status,
                String::from_utf8_lossy(&out.stderr)
            );
        }
        String::from_utf8_lossy(&out.stdout).into_owned()
    }

    /// Sends keys by tmux name ("Enter", "Escape", "C-c", "j", "?").
    pub fn send_keys(&self, keys: &[&str]) {
        let mut args = vec!["send-keys", "-t", &self.target];
        args.extend_from_slice(keys);
        self.tmux(&args);
    }

    /// Sends text literally (no key-name lookup), e.g. raw escape sequences.
    pub fn send_literal(&self, text: &str) {
        self.tmux(&["send-keys", "-l", "-t", &self.target, text]);
    }

    /// The visible screen as plain text, one line per row.
    pub fn capture(&self) -> String {
        self.tmux(&["capture-pane", "-p", "-t", &self.target])
    }

    /// The visible screen with SGR attribute escapes (colours, bold, reverse).
    pub fn capture_escapes(&self) -> String {
        self.tmux(&["capture-pane", "-p", "-e", "-t", &self.target])
    }

    /// A tmux format evaluated for the pane, e.g. `#{alternate_on}`.
    pub fn display(&self, format: &str) -> String {
        self.tmux(&["display-message", "-p", "-t", &self.target, format])
            .trim()
            .to_string()
    }

    pub fn resize(&self, width: u16, height: u16) {
        self.tmux(&[
            "resize-window",
            "-t",
            &self.target,
            "-x",
            &width.to_string(),
            "-y",
            &height.to_string(),
        ]);
    }

    /// The pid of the pane's process (the shell wrapping the program).
    pub fn pane_pid(&self) -> u32 {
        let s = self.display("#{pane_pid}");
        s.parse()
            .unwrap_or_else(|_| panic!("pane_pid is not a number: {s:?}"))
    }

    /// Polls the screen until `pred` holds on a settled screen (two captures 50 ms apart
    /// agree, so a frame still being painted is not taken for the result); returns that
    /// screen. Fails after `timeout()` with `what` and the last screen.
    pub fn wait_until(&self, what: &str, pred: impl Fn(&str) -> bool) -> String {
        self.wait_until_for(timeout(), what, pred)
    }

    pub fn wait_until_for(
        &self,
        timeout: Duration,
        what: &str,
        pred: impl Fn(&str) -> bool,
    ) -> String {
        let start = Instant::now();
        let mut previous: Option<String> = None;
        loop {
            let screen = self.capture();
            if pred(&screen) && previous.as_deref() == Some(screen.as_str()) {
                return screen;
            }
            previous = Some(screen.clone());
            if start.elapsed() >= timeout {
                panic!(
                    "timed out after {timeout:?} waiting for {what}\n{}",
                    frame(&screen)
                );
            }
            std::thread::sleep(POLL);
        }
    }

    /// Waits until the screen contains `needle`.
    pub fn wait_for(&self, needle: &str) -> String {
        self.wait_until(&format!("{needle:?} on screen"), |s| s.contains(needle))
    }

    /// Waits until the screen no longer contains `needle`.
    pub fn wait_gone(&self, needle: &str) -> String {
        self.wait_until(&format!("{needle:?} to leave the screen"), |s| {
            !s.contains(needle)
        })
    }

    /// Waits until a tmux format has the expected value.
    pub fn wait_display(&self, format: &str, expected: &str) {
        let start = Instant::now();
        loop {
            let v = self.display(format);
            if v == expected {
                return;
            }
            if start.elapsed() >= timeout() {
                panic!(
                    "timed out waiting for {format} == {expected:?} (last {v:?})\n{}",
                    frame(&self.capture())
                );
            }
            std::thread::sleep(POLL);
        }
    }

    pub fn config_dir(&self) -> PathBuf {
        self.dir.path().to_path_buf()
    }
}

impl Drop for Session {
    fn drop(&mut self) {
        let _ = self.raw(&["kill-server"]);
        if let Some(p) = &self.socket_path {
            let _ = std::fs::remove_file(p);
        }
    }
}

/// A screen with a ruler and row numbers, for failure messages.
pub fn frame(screen: &str) -> String {
    let mut s = String::from("---- screen ----\n");
    for (i, line) in screen.lines().enumerate() {
        s.push_str(&format!("{i:>2}|{line}\n"));
    }
    s.push_str("----------------");
    s
}

/// Children of a process (Linux /proc), as (pid, command name).
pub fn children(pid: u32) -> Vec<(u32, String)> {
    let mut out = Vec::new();
    let Ok(entries) = std::fs::read_dir("/proc") else {
        return out;
    };
    for e in entries.flatten() {
        let Some(child) = e.file_name().to_str().and_then(|n| n.parse::<u32>().ok()) else {
            continue;
        };
        let Ok(stat) = std::fs::read_to_string(format!("/proc/{child}/stat")) else {
            continue;
        };
        // "pid (comm) state ppid ...": comm may hold spaces or parentheses.
        let (Some(open), Some(close)) = (stat.find('('), stat.rfind(')')) else {
            continue;
        };
        let comm = stat[open + 1..close].to_string();
        let ppid = stat[close + 1..]
            .split_whitespace()
            .nth(1)
            .and_then(|p| p.parse::<u32>().ok());
        if ppid == Some(pid) {
            out.push((child, comm));
        }
    }
    out
}
