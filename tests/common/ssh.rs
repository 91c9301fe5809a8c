//! Runs `sitrep serve` as a child process on an ephemeral port for tests, with a fresh
//! client key (ssh-keygen) and authorized_keys in a temp dir. The server's log (stderr) is
//! collected so tests can wait for and check its lines. The server is killed on drop.
#![allow(dead_code)]

use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Output, Stdio};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

pub const BIN: &str = env!("CARGO_BIN_EXE_sitrep");

/// The server binary: `SITREP_SERVE_BIN` runs the tests against another build (a release
/// build, to measure the paste figures against their targets).
fn server_bin() -> String {
    std::env::var("SITREP_SERVE_BIN").unwrap_or_else(|_| BIN.to_string())
}

/// Generous: the CI machine is small and busy. `SITREP_E2E_TIMEOUT_SECS` overrides.
pub fn timeout() -> Duration {
    std::env::var("SITREP_E2E_TIMEOUT_SECS")
        .ok()
        .and_then(|v| v.parse().ok())
        .map_or(Duration::from_secs(30), Duration::from_secs)
}

/// Makes an ed25519 key pair with ssh-keygen; returns the private key path.
pub fn keygen(dir: &Path, name: &str) -> PathBuf {
    let path = dir.join(name);
    let out = Command::new("ssh-keygen")
        .args(["-q", "-t", "ed25519", "-N", "", "-C"])
        .arg(format!("{name}@test"))
        .arg("-f")
        .arg(&path)
        .output()
        .unwrap_or_else(|e| {
            panic!("ssh-keygen not found ({e}); install openssh-client (.ci/run does)")
        });
    assert!(
        out.status.success(),
        "ssh-keygen failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    path
}

pub struct Server {
    child: Child,
    pub port: u16,
    pub pid: u32,
    pub dir: tempfile::TempDir,
    /// The client key listed in authorized_keys.
    pub key: PathBuf,
    pub authorized_keys: PathBuf,
    pub host_key: PathBuf,
    log: Arc<Mutex<String>>,
}

impl Server {
    /// Starts the server with the sample store and `extra` arguments.
    pub fn start(extra: &[&str]) -> Server {
        let dir = tempfile::tempdir().expect("temp dir");
        let key = keygen(dir.path(), "client");
        let authorized_keys = dir.path().join("authorized_keys");
        std::fs::copy(key.with_extension("pub"), &authorized_keys).expect("authorized_keys");
        let host_key = dir.path().join("host_key");
        Server::start_in(dir, key, authorized_keys, host_key, extra)
    }

    pub fn start_in(
        dir: tempfile::TempDir,
        key: PathBuf,
        authorized_keys: PathBuf,
        host_key: PathBuf,
        extra: &[&str],
    ) -> Server {
        let mut cmd = Command::new(server_bin());
        cmd.arg("serve")
            .args(["--listen", "127.0.0.1:0"])
            .arg("--authorized-keys")
            .arg(&authorized_keys)
            .arg("--host-key")
            .arg(&host_key)
            .args(extra)
            .env_remove("SITREP_STORE")
            .env_remove("NO_COLOR")
            .env("HOME", dir.path())
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::piped());
        let mut child = cmd.spawn().expect("start sitrep serve");
        let pid = child.id();
        let stderr = child.stderr.take().expect("stderr");
        let log = Arc::new(Mutex::new(String::new()));
        let sink = log.clone();
        std::thread::spawn(move || {
            for line in BufReader::new(stderr).lines().map_while(Result::ok) {
                let mut l = sink.lock().unwrap();
                l.push_str(&line);
                l.push('\n');
            }
        });
        let mut server = Server {
            child,
            port: 0,
            pid,
            dir,
            key,
            authorized_keys,
            host_key,
            log,
        };
        let line = server.wait_log("listening on ");
        let port = line
            .lines()
            .find_map(|l| l.split("listening on ").nth(1))
            .and_then(|a| a.trim().rsplit(':').next())
            .and_then(|p| p.parse().ok())
            .unwrap_or_else(|| panic!("no port in the server log:\n{line}"));
        server.port = port;
        server
    }

    pub fn log(&self) -> String {
        self.log.lock().unwrap().clone()
    }

    /// Waits until the log contains `needle`; returns the log.
    pub fn wait_log(&mut self, needle: &str) -> String {
        self.wait_log_until(&format!("{needle:?} in the server log"), |l| {
            l.contains(needle)
        })
    }

    pub fn wait_log_until(&mut self, what: &str, pred: impl Fn(&str) -> bool) -> String {
        self.wait_log_within(timeout(), what, pred)
    }

    pub fn wait_log_within(
        &mut self,
        limit: Duration,
        what: &str,
        pred: impl Fn(&str) -> bool,
    ) -> String {
        let start = Instant::now();
        loop {
            let log = self.log();
            if pred(&log) {
                return log;
            }
            if let Ok(Some(status)) = self.child.try_wait() {
                panic!("server exited ({status}) while waiting for {what}\n{log}");
            }
            if start.elapsed() > limit {
                panic!("timed out waiting for {what}\n{log}");
            }
            std::thread::sleep(Duration::from_millis(50));
        }
    }

    /// Sends SIGTERM and waits for the server to exit; returns its exit code.
    pub fn terminate(&mut self) -> Option<i32> {
        let _ = Command::new("kill")
            .args(["-TERM", &self.pid.to_string()])
            .status();
        let start = Instant::now();
        loop {
            if let Ok(Some(status)) = self.child.try_wait() {
                return status.code();
            }
            if start.elapsed() > timeout() {
                panic!(
                    "server still running {:?} after SIGTERM\n{}",
                    timeout(),
                    self.log()
                );
            }
            std::thread::sleep(Duration::from_millis(50));
        }
    }

    /// Whether the server process is still running.
    pub fn alive(&mut self) -> bool {
        matches!(self.child.try_wait(), Ok(None))
    }

    /// The server's resident memory in KiB (Linux).
    pub fn rss_kib(&self) -> u64 {
        let status = std::fs::read_to_string(format!("/proc/{}/status", self.pid)).unwrap();
        status
            .lines()
            .find_map(|l| l.strip_prefix("VmRSS:"))
            .and_then(|v| v.split_whitespace().next())
            .and_then(|v| v.parse().ok())
            .unwrap_or(0)
    }

    /// OpenSSH client options for this server and `key`.
    pub fn ssh_args(&self, key: &Path) -> Vec<String> {
        [
            "-o",
            "StrictHostKeyChecking=no",
            "-o",
            "UserKnownHostsFile=/dev/null",
            "-o",
            "BatchMode=yes",
            "-o",
            "IdentitiesOnly=yes",
            "-o",
            "LogLevel=ERROR",
            "-F",
            "/dev/null",
        ]
        .iter()
        .map(|s| s.to_string())
        .chain([
            "-i".to_string(),
            key.display().to_string(),
            "-p".to_string(),
            self.port.to_string(),
        ])
        .collect()
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Runs a command with a deadline: a hang fails the test instead of stalling it.
pub fn run_with_deadline(cmd: &mut Command) -> Output {
    let mut child = cmd
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("spawn");
    let start = Instant::now();
    loop {
        if let Ok(Some(_)) = child.try_wait() {
            return child.wait_with_output().expect("output");
        }
        if start.elapsed() > timeout() {
            let _ = child.kill();
            let out = child.wait_with_output().expect("output");
            panic!(
                "{cmd:?} did not finish within {:?} (a hang)\nstderr: {}",
                timeout(),
                String::from_utf8_lossy(&out.stderr)
            );
        }
        std::thread::sleep(Duration::from_millis(20));
    }
}
