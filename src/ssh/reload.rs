//! The shared store and its reload. Every session reads one `Snapshot` (store and search
//! index); when the store file changes on disk (a new export dropped in place), it is loaded
//! once more off to the side and, if good, handed to every session, which moves onto it
//! keeping its place (`Action::Rebase`, see `ui/rebase.rs`). A file that fails
//! to load is reported and the old data kept.

use std::os::unix::fs::MetadataExt;
use std::path::{Path, PathBuf};
use std::sync::{Arc, RwLock};
use std::time::{Duration, SystemTime};

use crate::search::SearchIndex;
use crate::store::Store;

/// One loaded store with its search index, shared read-only by all sessions.
pub struct Snapshot {
    pub store: Arc<Store>,
    pub index: Arc<SearchIndex>,
    /// The same event in the store's datasets, when it joins several (matched once for
    /// every session).
    pub matches: Option<Arc<crate::reconcile::joined::StoreMatches>>,
}

impl Snapshot {
    pub fn new(store: Store) -> Snapshot {
        let store = Arc::new(store);
        let index = Arc::new(SearchIndex::build(&store));
        // Counted with by every session's lists and Trends tab: built once, before any.
        store.derive_all();
        Snapshot {
            store,
            index,
            matches: None,
        }
    }

    /// From the snapshot cache: the restored index (and a joined store's matches), or
    /// built now (the cache then writes its snapshot in the background).
    pub fn from_cache(
        mut opened: crate::cache::Opened,
        crosswalk: &crate::store::crosswalk::Crosswalk,
    ) -> Snapshot {
        let index = opened.index_now();
        opened.store.derive_all();
        let matches = opened
            .store
            .is_joined()
            .then(|| opened.matches_now(crosswalk));
        Snapshot {
            store: opened.store,
            index,
            matches,
        }
    }

    /// With its datasets matched, when the store joins several.
    pub fn matched(mut self, crosswalk: &crate::store::crosswalk::Crosswalk) -> Snapshot {
        if self.store.is_joined() {
            let rules = crate::reconcile::Rules::default();
            let m = crate::reconcile::joined::StoreMatches::of(&self.store, crosswalk, &rules);
            self.matches = Some(Arc::new(m));
        }
        self
    }
}

impl From<Store> for Snapshot {
    fn from(store: Store) -> Snapshot {
        Snapshot::new(store)
    }
}

/// The current snapshot, with a generation that moves on each reload or failed reload;
/// sessions compare generations to notice either.
pub struct StoreCell {
    inner: RwLock<Current>,
}

#[derive(Clone)]
pub struct Current {
    pub generation: u64,
    pub snapshot: Arc<Snapshot>,
    /// The last reload's failure, if the last reload failed.
    pub error: Option<String>,
}

impl StoreCell {
    pub fn new(snapshot: Snapshot) -> StoreCell {
        StoreCell {
            inner: RwLock::new(Current {
                generation: 0,
                snapshot: Arc::new(snapshot),
                error: None,
            }),
        }
    }

    pub fn current(&self) -> Current {
        self.inner.read().unwrap_or_else(|p| p.into_inner()).clone()
    }

    pub fn generation(&self) -> u64 {
        self.inner
            .read()
            .unwrap_or_else(|p| p.into_inner())
            .generation
    }

    pub fn replace(&self, snapshot: Snapshot) {
        let mut c = self.inner.write().unwrap_or_else(|p| p.into_inner());
        c.generation += 1;
        c.snapshot = Arc::new(snapshot);
        c.error = None;
    }

    pub fn failed(&self, error: String) {
        let mut c = self.inner.write().unwrap_or_else(|p| p.into_inner());
        c.generation += 1;
        c.error = Some(error);
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct Stamp {
    len: u64,
    mtime: Option<SystemTime>,
    ino: u64,
}

fn stamp(path: &Path) -> Option<Stamp> {
    let m = std::fs::metadata(path).ok()?;
    Some(Stamp {
        len: m.len(),
        mtime: m.modified().ok(),
        ino: m.ino(),
    })
}

/// Watches `paths` and calls `on_change` with each newly loaded store (all of them, joined
/// when several), or the load error. A change is acted on once the files have stopped
/// changing for one poll (a file still being copied in is not read half-written). Runs
/// until `on_change` returns false.
pub fn watch(
    paths: Vec<PathBuf>,
    crosswalk: std::sync::Arc<crate::store::crosswalk::Crosswalk>,
    poll: Duration,
    mut on_change: impl FnMut(Result<Snapshot, String>) -> bool + Send + 'static,
) -> std::io::Result<std::thread::JoinHandle<()>> {
    std::thread::Builder::new()
        .name("sitrep-store-watch".into())
        .spawn(move || {
            let stamps = || paths.iter().map(|p| stamp(p)).collect::<Vec<_>>();
            let mut seen = stamps();
            loop {
                std::thread::sleep(poll);
                let now = stamps();
                if now == seen || now.iter().any(Option::is_none) {
                    // Missing (mid-replace) counts as no change; the old data stays.
                    continue;
                }
                std::thread::sleep(poll);
                if stamps() != now {
                    continue;
                }
                seen = now;
                // A private copy, not a mapping: a file rewritten in place while it loads
                // must not kill the server (SIGBUS). A FIFO or device is refused unopened.
                // Through the snapshot cache (off unless the cli configured it), whose
                // plain load is `Store::open_copied` too.
                let loaded = match crate::cache::open_all(&paths, &crosswalk, &|_, _| {}) {
                    Ok(o) if o.store.incidents.is_empty() && !o.store.problems.is_empty() => {
                        Err(format!(
                            "{}: no incidents loaded ({} problem(s))",
                            o.store.source,
                            o.store.problems.len()
                        ))
                    }
                    Ok(o) => Ok(Snapshot::from_cache(o, &crosswalk)),
                    Err(e) => Err(e.to_string()),
                };
                if !on_change(loaded) {
                    return;
                }
            }
        })
}
