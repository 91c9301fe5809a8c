//! Running the binary with a deadline, so a hang fails its test instead of stalling the suite.
#![allow(dead_code)]

use std::io::Read;
use std::process::{Child, Command, Output, Stdio};
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

/// Generous on a busy 2-core machine; a CLI run normally takes well under a second.
pub const DEADLINE: Duration = Duration::from_secs(120);

/// Like `Command::output`, but kills the child and panics, naming the command, once
/// `DEADLINE` passes. Stdin is null, as with `output` (std cannot tell whether a caller set it).
pub trait OutputWithin {
    fn output_within(&mut self, deadline: Duration) -> Output;
    fn output_timed(&mut self) -> Output {
        self.output_within(DEADLINE)
    }
}

/// Runs the binary from the project folder with `args`, ignoring the caller's
/// SITREP_STORE and colour, within the deadline.
pub fn sitrep(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_sitrep"))
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .env_remove("SITREP_STORE")
        .env("NO_COLOR", "1")
        .args(args)
        .output_timed()
}

/// The standard output of a run that must have succeeded (else its exit and stderr).
pub fn ok_stdout(o: &Output) -> String {
    assert!(
        o.status.success(),
        "exit {:?}\nstderr: {}",
        o.status.code(),
        String::from_utf8_lossy(&o.stderr)
    );
    String::from_utf8(o.stdout.clone()).expect("utf-8 output")
}

impl OutputWithin for Command {
    fn output_within(&mut self, deadline: Duration) -> Output {
        let child = self
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap_or_else(|e| panic!("cannot start {self:?}: {e}"));
        wait_within(child, deadline, &format!("{self:?}"))
    }
}

/// Waits for an already spawned child, draining its pipes (a full pipe must not look like a hang).
pub fn wait_within(mut child: Child, deadline: Duration, what: &str) -> Output {
    let out = drain(child.stdout.take());
    let err = drain(child.stderr.take());
    let start = Instant::now();
    let status = loop {
        if let Some(status) = child.try_wait().expect("wait for child") {
            break status;
        }
        if start.elapsed() > deadline {
            let _ = child.kill();
            let _ = child.wait();
            let stderr = err.join().unwrap_or_default();
            panic!(
                "{what} did not finish within {deadline:?} (a hang)\nstderr: {}",
                String::from_utf8_lossy(&stderr)
            );
        }
        std::thread::sleep(Duration::from_millis(10));
    };
    Output {
        status,
        stdout: out.join().unwrap_or_default(),
        stderr: err.join().unwrap_or_default(),
    }
}

fn drain<R: Read + Send + 'static>(pipe: Option<R>) -> JoinHandle<Vec<u8>> {
    std::thread::spawn(move || {
        let mut buf = Vec::new();
        if let Some(mut p) = pipe {
            let _ = p.read_to_end(&mut buf);
        }
        buf
    })
}
