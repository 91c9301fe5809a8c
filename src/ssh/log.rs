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
        let line = format!(
            "{} {:<5} {}\n",
            chrono::Utc::now().format("%Y-%m-%dT%H:%M:%S%.3fZ"),
            r.level(),
            r.args()
        );
        let _ = std::io::stderr().lock().write_all(line.as_bytes());
    }

    fn flush(&self) {}
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
