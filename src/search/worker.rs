//! The background searcher the browser talks to: the UI thread only sends and polls, a worker
//! thread runs the [`TypeAhead`], and a newer query makes the worker abandon the older one.

use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::mpsc::{self, Receiver, Sender};

use super::{Results, SearchIndex, TypeAhead};
use crate::store::{Kind, Store};

struct Request {
    generation: u64,
    query: String,
    kind: Option<Kind>,
    limit: usize,
}

/// Runs searches off the UI thread. `submit` never blocks; `try_recv` returns results only
/// for the latest query submitted, so stale results are never shown.
pub struct Searcher {
    requests: Sender<Request>,
    results: Receiver<(u64, Results)>,
    /// The generation of the latest query; the worker watches it to abandon older ones.
    latest: Arc<AtomicU64>,
}

impl Searcher {
    /// Starts the worker thread. It ends when the Searcher is dropped.
    pub fn new(store: Arc<Store>, index: Arc<SearchIndex>) -> Searcher {
        let (requests, inbox) = mpsc::channel::<Request>();
        let (outbox, results) = mpsc::channel();
        let latest = Arc::new(AtomicU64::new(0));
        let current = latest.clone();
        std::thread::Builder::new()
            .name("sitrep-search".into())
            .spawn(move || {
                let mut typing = TypeAhead::new();
                while let Ok(mut req) = inbox.recv() {
                    // Only the newest waiting request matters.
                    while let Ok(newer) = inbox.try_recv() {
                        req = newer;
                    }
                    let stale = || current.load(Ordering::Acquire) != req.generation;
                    if stale() {
                        continue;
                    }
                    let found = typing
                        .update_or_cancel(&store, &index, &req.query, req.kind, req.limit, &stale);
                    if let Some(results) = found
                        && outbox.send((req.generation, results)).is_err()
                    {
                        break;
                    }
                }
            })
            .expect("spawning the search thread");
        Searcher {
            requests,
            results,
            latest,
        }
    }

    /// Asks for a search; any earlier query still running is abandoned.
    pub fn submit(&self, query: &str, kind: Option<Kind>, limit: usize) {
        let generation = self.latest.fetch_add(1, Ordering::AcqRel) + 1;
        // A send fails only if the worker is gone; then there is nothing to ask.
        let _ = self.requests.send(Request {
            generation,
            query: query.to_string(),
            kind,
            limit,
        });
    }

    /// The results of the latest query once they are ready (each given once).
    pub fn try_recv(&self) -> Option<Results> {
        let latest = self.latest.load(Ordering::Acquire);
        let mut out = None;
        while let Ok((generation, results)) = self.results.try_recv() {
            if generation == latest {
                out = Some(results);
            }
        }
        out
    }
}

impl Drop for Searcher {
    fn drop(&mut self) {
        // Abandon any running search; the worker then sees the closed channel and ends.
        self.latest.fetch_add(1, Ordering::AcqRel);
    }
}
