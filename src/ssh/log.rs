//! A line-per-event logger on standard error. russh already logs through the `log` facade,
//! so its warnings come out in the same format; nothing else is pulled in for this.

use std::io::Write;

use log::{Level, LevelFilter, Metadata, Record};

struct LineLogger {
    ours: Level,
}

impl log::Log for LineLogger {
    fn enabled(&self, m: &Metadata) -> bool {
        if m.target().starts_with("sitrep") {
            m.level() <= self.ours
        } else {
            // Libraries (russh) only for warnings and errors.
            m.level() <= Level::Warn
        }
    }

    fn log(&self, r: &Record) {
        if !self.enabled(r.metadata()) {
            return;
        }
        let line = log_line(
            &chrono::Utc::now()
                .format("%Y-%m-%dT%H:%M:%S%.3fZ")
                .to_string(),
            r.level(),
            &r.args().to_string(),
        );
        let _ = std::io::stderr().lock().write_all(line.as_bytes());
    }

    fn flush(&self) {}
}

/// One log line. Whatever the message quotes (a client's env name, a forwarding address, a
/// record id) is sanitised: no escape sequence reaches the operator's terminal, and a
/// newline cannot forge a second line.
fn log_line(time: &str, level: Level, message: &str) -> String {
    format!(
        "{time} {level:<5} {}\n",
        crate::text::sanitize(message, false)
    )
}

/// Installs the logger once (later calls do nothing). `SITREP_LOG=debug` shows more.
pub fn init() {
    let ours = match std::env::var("SITREP_LOG").as_deref() {
        Ok("debug") => Level::Debug,
        Ok("trace") => Level::Trace,
        _ => Level::Info,
    };
    if log::set_boxed_logger(Box::new(LineLogger { ours })).is_ok() {
        log::set_max_level(LevelFilter::Trace.min(ours.to_level_filter()));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_forged_newline_or_escape_stays_inside_one_line() {
        let line = log_line(
            "T",
            Level::Warn,
            "env X\n2026-01-01T00:00:00Z INFO  auth ok root\x1b]0;owned\x07",
        );
        assert_eq!(line.matches('\n').count(), 1, "{line:?}");
        assert!(line.ends_with('\n'));
        assert!(!line.contains('\x1b') && !line.contains('\x07'), "{line:?}");
    }
}
