//! `sitrep --timings` on the browser: when each stage of opening the store was reached,
//! counted from the start of the process, printed on stderr once the terminal is restored.

use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

/// Marks shared between the browser's threads (the search index arrives on another one).
#[derive(Clone, Debug)]
pub struct OpenTimings {
    start: Instant,
    marks: Arc<Mutex<Vec<(String, Duration)>>>,
}

impl OpenTimings {
    pub fn since(start: Instant) -> OpenTimings {
        OpenTimings {
            start,
            marks: Arc::new(Mutex::new(Vec::new())),
        }
    }

    /// Records that `what` was reached now (the first time only: a stage reached again,
    /// such as a later frame, keeps its first time).
    pub fn mark(&self, what: &str) {
        let at = self.start.elapsed();
        if let Ok(mut m) = self.marks.lock()
            && !m.iter().any(|(w, _)| w == what)
        {
            m.push((what.to_string(), at));
        }
    }

    /// One line per stage, in the order reached: `sitrep: timings: first frame 0.412 s`.
    pub fn report(&self) -> String {
        let mut marks = self.marks.lock().map(|m| m.clone()).unwrap_or_default();
        marks.sort_by_key(|(_, at)| *at);
        marks
            .iter()
            .map(|(what, at)| format!("sitrep: timings: {what} {:.3} s\n", at.as_secs_f64()))
            .collect()
    }

    /// Passes the search index on as it arrives, marking when it did.
    pub fn relay<T: Send + 'static>(
        &self,
        rx: std::sync::mpsc::Receiver<T>,
        what: &'static str,
    ) -> std::sync::mpsc::Receiver<T> {
        let (tx, out) = std::sync::mpsc::channel();
        let me = self.clone();
        std::thread::spawn(move || {
            if let Ok(v) = rx.recv() {
                me.mark(what);
                let _ = tx.send(v);
            }
        });
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn marks_are_reported_in_the_order_reached_and_only_the_first_time() {
        let t = OpenTimings::since(Instant::now());
        t.mark("store opened");
        t.mark("first frame");
        t.mark("store opened");
        let r = t.report();
        let lines: Vec<&str> = r.lines().collect();
        assert_eq!(lines.len(), 2, "{r}");
        assert!(
            lines[0].starts_with("sitrep: timings: store opened "),
            "{r}"
        );
        assert!(lines[1].starts_with("sitrep: timings: first frame "), "{r}");
    }

    #[test]
    fn a_relayed_value_arrives_and_is_marked() {
        let t = OpenTimings::since(Instant::now());
        let (tx, rx) = std::sync::mpsc::channel();
        let out = t.relay(rx, "search ready");
        tx.send(7).unwrap();
        assert_eq!(out.recv().unwrap(), 7);
        assert!(t.report().contains("search ready"), "{}", t.report());
    }
}
