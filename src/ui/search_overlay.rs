//! The `/` search overlay: a query box over ranked results of every kind. Queries run on
//! the background `Searcher`; the overlay shows the latest results that have arrived, so
//! typing never waits for a search.

use std::sync::Arc;

use super::action::Action;
use crate::search::{Hit, Results, SearchIndex, Searcher};
use crate::store::{EntityRef, Store};

/// Results fetched per query: enough to page through; the total is reported separately.
const LIMIT: usize = 500;

/// Search machinery shared by the overlay and the list filters, ready once the index is.
pub struct SearchState {
    pub index: Option<Arc<SearchIndex>>,
    searcher: Option<Searcher>,
    pending: Option<std::sync::mpsc::Receiver<Arc<SearchIndex>>>,
}

impl SearchState {
    /// Builds the index on a background thread so the browser opens at once.
    pub fn build_in_background(store: Arc<Store>) -> SearchState {
        let (tx, rx) = std::sync::mpsc::channel();
        std::thread::Builder::new()
            .name("sitrep-index".into())
            .spawn(move || {
                let _ = tx.send(Arc::new(SearchIndex::build(&store)));
            })
            .expect("spawning the index thread");
        SearchState::from_receiver(rx)
    }

    /// Waits on an index that arrives from elsewhere (the snapshot cache's, restored or
    /// built on its thread).
    pub fn from_receiver(rx: std::sync::mpsc::Receiver<Arc<SearchIndex>>) -> SearchState {
        SearchState {
            index: None,
            searcher: None,
            pending: Some(rx),
        }
    }

    /// Builds the index now (tests, small stores).
    pub fn build_now(store: &Arc<Store>) -> SearchState {
        let index = Arc::new(SearchIndex::build(store));
        SearchState {
            searcher: Some(Searcher::new(store.clone(), index.clone())),
            index: Some(index),
            pending: None,
        }
    }

    /// Uses an index built elsewhere, shared by several browsers over one store (SSH).
    pub fn with_index(store: &Arc<Store>, index: Arc<SearchIndex>) -> SearchState {
        SearchState {
            searcher: Some(Searcher::new(store.clone(), index.clone())),
            index: Some(index),
            pending: None,
        }
    }

    /// The index, if the background build just finished (it is handed over once; pass it
    /// to `install` through `Action::IndexReady`).
    pub fn take_built(&self) -> Option<Arc<SearchIndex>> {
        self.pending.as_ref()?.try_recv().ok()
    }

    /// Starts searching with an index built in the background.
    pub fn install(&mut self, store: &Arc<Store>, index: Arc<SearchIndex>) {
        self.searcher = Some(Searcher::new(store.clone(), index.clone()));
        self.index = Some(index);
        self.pending = None;
    }

    /// The latest query's results, if they arrived.
    pub fn take_results(&self) -> Option<Results> {
        self.searcher.as_ref()?.try_recv()
    }

    pub fn ready(&self) -> bool {
        self.searcher.is_some()
    }
}

pub struct SearchOverlay {
    pub query: String,
    pub hits: Vec<Hit>,
    pub total: usize,
    pub selected: usize,
    pub offset: usize,
    /// A query was sent and its results have not arrived yet.
    pub waiting: bool,
    /// The query the shown hits belong to (highlights are computed for it).
    pub shown_query: String,
    /// Enter came before the query's results (typed ahead, or faster than the search):
    /// their first hit opens when they arrive.
    pub open_on_arrival: bool,
}

impl SearchOverlay {
    pub fn new() -> SearchOverlay {
        SearchOverlay {
            query: String::new(),
            hits: Vec::new(),
            total: 0,
            selected: 0,
            offset: 0,
            waiting: false,
            shown_query: String::new(),
            open_on_arrival: false,
        }
    }

    /// Whether the hits shown are not yet those of the query typed.
    pub fn behind(&self) -> bool {
        self.waiting || self.shown_query != self.query
    }

    pub fn selected(&self) -> Option<EntityRef> {
        self.hits.get(self.selected).map(|h| h.entity)
    }

    pub fn update(&mut self, state: &SearchState, action: Action) {
        let last = self.hits.len().saturating_sub(1);
        // Anything but the results arriving means Enter no longer stands.
        self.open_on_arrival = false;
        match action {
            // A full prompt takes no more: the rest of a paste costs nothing.
            Action::TypeChar(c) if push_bounded(&mut self.query, c) => self.submit(state),
            Action::DeleteChar => {
                self.query.pop();
                self.submit(state);
            }
            Action::ClearInput => {
                self.query.clear();
                self.submit(state);
            }
            Action::Up => self.selected = self.selected.saturating_sub(1),
            Action::Down => self.selected = (self.selected + 1).min(last),
            Action::PageUp => self.selected = self.selected.saturating_sub(10),
            Action::PageDown => self.selected = (self.selected + 10).min(last),
            _ => {}
        }
    }

    /// Sends the current query (again, e.g. once the index is ready).
    pub fn submit(&mut self, state: &SearchState) {
        if let Some(s) = &state.searcher {
            s.submit(&self.query, None, LIMIT);
            self.waiting = true;
        }
    }

    /// Shows results that arrived from the searcher.
    pub fn show(&mut self, results: Results) {
        self.hits = results.hits;
        self.total = results.total;
        self.shown_query = results.query;
        self.selected = 0;
        self.offset = 0;
        self.waiting = false;
    }

    /// Keeps the selection within `visible` rows.
    pub fn scroll_into_view(&mut self, visible: usize) {
        if self.selected < self.offset {
            self.offset = self.selected;
        } else if visible > 0 && self.selected >= self.offset + visible {
            self.offset = self.selected + 1 - visible;
        }
    }
}

impl Default for SearchOverlay {
    fn default() -> Self {
        SearchOverlay::new()
    }
}

/// Appends `c` unless `s` already holds [`MAX_QUERY_CHARS`](crate::search::MAX_QUERY_CHARS)
/// characters; true if it was added. Every text prompt (search, filter) goes through it.
pub fn push_bounded(s: &mut String, c: char) -> bool {
    if s.chars().count() >= crate::search::MAX_QUERY_CHARS {
        return false;
    }
    s.push(c);
    true
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn prompts_stop_taking_characters_at_the_limit() {
        let mut s = String::new();
        let taken = (0..100_000).filter(|_| push_bounded(&mut s, 'é')).count();
        assert_eq!(taken, crate::search::MAX_QUERY_CHARS);
        assert_eq!(s.chars().count(), crate::search::MAX_QUERY_CHARS);
    }
}
