//! The shared store and its reload. Every session reads one `Snapshot` (store and search
//! index); when the store file changes on disk (a new export dropped in place), it is loaded
//! once more off to the side and, if good, handed to every session, which carries its place
//! (tab, selected records, open detail, filters, sort) over to the new data. A file that fails
//! to load is reported and the old data kept.

use std::os::unix::fs::MetadataExt;
use std::path::{Path, PathBuf};
use std::sync::{Arc, RwLock};
use std::time::{Duration, SystemTime};

use crate::search::SearchIndex;
use crate::store::{EntityRef, Store};
use crate::ui::app::{Screen, Tab};
use crate::ui::{App, search_overlay::SearchState};

/// One loaded store with its search index, shared read-only by all sessions.
pub struct Snapshot {
    pub store: Arc<Store>,
    pub index: Arc<SearchIndex>,
}

impl Snapshot {
    pub fn new(store: Store) -> Snapshot {
        let store = Arc::new(store);
        let index = Arc::new(SearchIndex::build(&store));
        Snapshot { store, index }
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

/// The record in `new` with the same id as `e` in `old`.
fn same_record(old: &Store, new: &Store, e: EntityRef) -> Option<EntityRef> {
    Some(match e {
        EntityRef::Incident(i) => EntityRef::Incident(new.incident_ix(&old.incident(i).id)?),
        EntityRef::Actor(i) => EntityRef::Actor(new.actor_ix(old.actor(i).id.as_str())?),
        EntityRef::Town(i) => EntityRef::Town(new.town_ix(old.town(i).id.as_str())?),
        EntityRef::Report(i) => EntityRef::Report(new.report_ix(old.report(i).id.as_str())?),
    })
}

/// A browser over `snap` standing where `old` stood: same size, theme, mouse, filters, sort,
/// tab, selected record in each list and detail focus. History starts again (its records
/// may be gone); records no longer in the store fall back to the top of their list.
pub fn carry_over(old: &App, snap: &Snapshot) -> App {
    let search = SearchState::with_index(&snap.store, snap.index.clone());
    let mut app = App::with_search(
        snap.store.clone(),
        old.theme.clone(),
        old.width,
        old.height,
        search,
    );
    app.mouse = old.mouse;
    app.lazy_detail = old.lazy_detail;
    app.filters = old.filters.clone();
    // A briefing's incident set holds positions in the old store: it cannot carry over.
    app.filters.set = None;
    app.briefing.days = old.briefing.days;
    app.briefing.until = old.briefing.until;
    app.map.center = old.map.center;
    app.map.zoom = old.map.zoom;
    for (new_list, old_list) in app.lists.iter_mut().zip(&old.lists) {
        new_list.sort = old_list.sort;
        new_list.descending = old_list.descending;
    }
    app.rebuild_rows();
    for tab in Tab::ALL {
        let Some(ix) = old.lists.get(tab.index()).and_then(|l| l.current()) else {
            continue;
        };
        // The record lists by position (tabs after these hold no records of these kinds).
        let e = match tab.index() {
            0 => EntityRef::Incident(ix),
            1 => EntityRef::Actor(ix),
            2 => EntityRef::Town(ix),
            _ => continue,
        };
        if let (Some(EntityRef::Incident(n) | EntityRef::Actor(n) | EntityRef::Town(n)), Some(l)) = (
            same_record(&old.store, &snap.store, e),
            app.lists.get_mut(tab.index()),
        ) {
            l.select_record(n);
        }
    }
    match old.screen {
        Screen::List(t) => app.screen = Screen::List(t),
        Screen::Report(r) => {
            if let Some(EntityRef::Report(n)) =
                same_record(&old.store, &snap.store, EntityRef::Report(r))
            {
                app.screen = Screen::Report(n);
            }
        }
    }
    app.detail.focused = old.detail.focused;
    app.history.clear();
    app.history.push(app.location());
    app.history_pos = 0;
    app.sync();
    app.message = Some(format!(
        "store reloaded: {} incidents",
        snap.store.incidents.len()
    ));
    app
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

/// Watches `path` and calls `on_change` with each newly loaded store, or the load error.
/// A change is acted on once the file has stopped changing for one poll (a file still being
/// copied in is not read half-written). Runs until `on_change` returns false.
pub fn watch(
    path: PathBuf,
    poll: Duration,
    mut on_change: impl FnMut(Result<Snapshot, String>) -> bool + Send + 'static,
) -> std::io::Result<std::thread::JoinHandle<()>> {
    std::thread::Builder::new()
        .name("sitrep-store-watch".into())
        .spawn(move || {
            let mut seen = stamp(&path);
            loop {
                std::thread::sleep(poll);
                let now = stamp(&path);
                if now == seen || now.is_none() {
                    // Missing (mid-replace) counts as no change; the old data stays.
                    continue;
                }
                std::thread::sleep(poll);
                if stamp(&path) != now {
                    continue;
                }
                seen = now;
                let loaded = match Store::open(Some(&path)) {
                    Ok(s) if s.incidents.is_empty() && !s.problems.is_empty() => Err(format!(
                        "{}: no incidents loaded ({} problem(s))",
                        path.display(),
                        s.problems.len()
                    )),
                    Ok(s) => Ok(Snapshot::new(s)),
                    Err(e) => Err(e.to_string()),
                };
                if !on_change(loaded) {
                    return;
                }
            }
        })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ui::Action;

    fn store_without_newest() -> Store {
        let mut doc: serde_json::Value = serde_json::from_str(crate::store::SAMPLE_JSON).unwrap();
        let incidents = doc["incidents"].as_array_mut().unwrap();
        let newest = incidents
            .iter()
            .enumerate()
            .max_by_key(|(_, i)| i["date"].as_str().unwrap().to_string())
            .map(|(n, _)| n)
            .unwrap();
        incidents.remove(newest);
        let bytes = serde_json::to_vec(&doc).unwrap();
        Store::from_bytes(Path::new("new.json"), &bytes, &|_, _| {}).unwrap()
    }

    #[test]
    fn carry_over_keeps_tab_records_sort_and_detail() {
        let old = Snapshot::new(Store::open(None).unwrap());
        let mut app = crate::ssh::session::new_app(
            &old,
            &crate::ssh::session::TermSettings {
                cols: 120,
                rows: 40,
                color: true,
                ascii: false,
                mouse: false,
            },
        );
        for a in [Action::Down, Action::Down, Action::Down] {
            app.update(a);
        }
        let incident = app
            .store
            .incident(app.list(Tab::Incidents).current().unwrap())
            .id
            .clone();
        app.update(Action::GoTab(Tab::Actors));
        app.update(Action::CycleSort);
        app.update(Action::Down);
        app.update(Action::Enter);
        let actor = app
            .store
            .actor(app.list(Tab::Actors).current().unwrap())
            .id
            .clone();
        let sort = app.list(Tab::Actors).sort;

        let new = Snapshot::new(store_without_newest());
        let moved = carry_over(&app, &new);
        assert_eq!(moved.store.incidents.len(), app.store.incidents.len() - 1);
        assert_eq!(moved.screen, Screen::List(Tab::Actors));
        assert!(moved.detail.focused);
        assert_eq!(moved.list(Tab::Actors).sort, sort);
        let now = |t: Tab| moved.list(t).current().unwrap();
        assert_eq!(moved.store.actor(now(Tab::Actors)).id, actor);
        assert_eq!(moved.store.incident(now(Tab::Incidents)).id, incident);
        // The newest incident went, so the same record now sits one row higher.
        assert_eq!(moved.list(Tab::Incidents).selected, 2);
        assert!(moved.message.as_deref().unwrap().contains("store reloaded"));
    }
}
