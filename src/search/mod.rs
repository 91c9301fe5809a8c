//! Fuzzy search across incidents, actors and towns (issue 4).
//!
//! fuzzy-matcher's SkimMatcherV2 scores; around it sitrep adds what the crate does not:
//! case and accent folding beyond ASCII (done once, in [`SearchIndex::build`]), alias
//! awareness, and space-separated terms that must all match, each in any field.
//!
//! How it stays fast at a million incidents:
//! - each term is scored once per distinct short value (names, aliases, places, types: a few
//!   thousand) and once per vocabulary word, never once per incident;
//! - incidents then cost a few array lookups per term; their words are decoded only when no
//!   field matched well and a 64-bit character mask says a word could match;
//! - [`TypeAhead`] narrows the previous keystroke's matches when the query grows;
//! - rayon spreads the scan over all cores; [`Searcher`] keeps it off the UI thread and
//!   abandons a query as soon as a newer one arrives;
//! - highlights are computed only for the rows shown ([`label_with_highlights`]).
//!
//! Ranking: the whole query equal to a name, alias or id first; then by points, where a
//! strong match in a short field beats any match in notes, and a town or actor the query
//! names beats incidents mentioning it equally well; equal points put recent incidents first.

mod engine;
pub mod filters;
mod index;
mod label;
pub mod scope;
mod words;
mod worker;

#[cfg(test)]
mod tests;

pub use index::SearchIndex;
pub use label::{label_with_highlights, matches};
pub use worker::Searcher;

use crate::store::{EntityRef, Kind, Store};

/// One result: a record and its score (higher is better).
#[derive(Clone, Debug, PartialEq)]
pub struct Hit {
    pub entity: EntityRef,
    pub score: i64,
}

/// A query's ranked results: `hits` best first (at most the limit), `total` every match.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Results {
    pub query: String,
    pub hits: Vec<Hit>,
    pub total: usize,
}

/// The longest query the search reads (and the longest the browser's prompts accept):
/// anything longer is cut, so one paste cannot make every keystroke cost seconds.
pub const MAX_QUERY_CHARS: usize = 256;

/// Runs one full query. `kind` keeps one kind of record; `limit` caps `hits`.
pub fn search(
    store: &Store,
    index: &SearchIndex,
    query: &str,
    kind: Option<Kind>,
    limit: usize,
) -> Results {
    TypeAhead::new().update(store, index, query, kind, limit)
}

/// Search state while typing: when the query grows (each earlier term is a prefix of a
/// term now), only the previous matches are scored again. Earlier states are kept, so
/// backspacing returns to a narrowed state too.
#[derive(Default)]
pub struct TypeAhead {
    stack: Vec<engine::Snapshot>,
}

/// Enough to return through a typed query with backspace; the oldest states are dropped.
const MAX_STATES: usize = 32;

impl TypeAhead {
    pub fn new() -> Self {
        TypeAhead::default()
    }

    pub fn update(
        &mut self,
        store: &Store,
        index: &SearchIndex,
        query: &str,
        kind: Option<Kind>,
        limit: usize,
    ) -> Results {
        self.update_or_cancel(store, index, query, kind, limit, &|| false)
            .expect("a search that is never cancelled finishes")
    }

    /// Like [`TypeAhead::update`]; None (and no state change) when `cancel` says so.
    pub(crate) fn update_or_cancel(
        &mut self,
        store: &Store,
        index: &SearchIndex,
        query: &str,
        kind: Option<Kind>,
        limit: usize,
        cancel: engine::Cancel,
    ) -> Option<Results> {
        let q = engine::parse(query);
        if q.terms.is_empty() {
            self.stack.clear();
            return Some(Results {
                query: query.to_string(),
                ..Results::default()
            });
        }
        while let Some(top) = self.stack.last() {
            if top.narrows_to(&q, kind) {
                break;
            }
            self.stack.pop();
        }
        let prev = self.stack.last();
        let (results, snap) = engine::run(store, index, query, &q, kind, limit, prev, cancel)?;
        if self.stack.last().is_some_and(|top| top.same_as(&q, kind)) {
            self.stack.pop();
        }
        self.stack.push(snap);
        if self.stack.len() > MAX_STATES {
            self.stack.remove(0);
        }
        Some(results)
    }
}
