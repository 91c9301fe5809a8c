//! Rebuilding each tab's rows when filters or sorting change. Part of `App`; split from
//! app.rs to keep each file to one concern.

use super::app::App;
use super::columns;
use super::lists;
use super::nav::Tab;
use crate::search::filters::Filters;
use crate::store::{EntityRef, Ix, Kind};

impl App {
    /// Recomputes list rows after a filter or sort change, keeping the selected record.
    pub fn rebuild_rows(&mut self) {
        let store = self.store.clone();
        let restricted = self.filters.restricts_incidents();
        let text_match = |kind: Kind, len: usize| -> Option<lists::TextMatch> {
            use rayon::prelude::*;
            let index = self.search.index.as_ref()?;
            let query = self.filters.text.trim();
            if query.is_empty() {
                return None;
            }
            let entity = |i: Ix| match kind {
                Kind::Incident => EntityRef::Incident(i),
                Kind::Actor => EntityRef::Actor(i),
                Kind::Town => EntityRef::Town(i),
            };
            // Record by record, on every core: a filter keeps every match, not a top-k.
            Some(
                (0..len as Ix)
                    .into_par_iter()
                    .map(|i| crate::search::matches(&store, index, entity(i), query))
                    .collect(),
            )
        };
        let incident_text = text_match(Kind::Incident, store.incidents.len());
        let actor_text = text_match(Kind::Actor, store.actors.len());
        let town_text = text_match(Kind::Town, store.towns.len());
        let incidents = if restricted || !self.filters.text.is_empty() {
            lists::filtered_incidents(&store, &self.filters, incident_text.as_ref())
        } else {
            (0..store.incidents.len() as Ix).collect()
        };
        self.activity = if restricted {
            let only_incident_filters = Filters {
                text: String::new(),
                ..self.filters.clone()
            };
            // Without free text the incidents list is already that selection.
            let base = if self.filters.text.is_empty() {
                None
            } else {
                Some(lists::filtered_incidents(
                    &store,
                    &only_incident_filters,
                    None,
                ))
            };
            Some(lists::activity_within(
                &store,
                base.as_ref().unwrap_or(&incidents),
            ))
        } else {
            None
        };
        let keep: Vec<Option<Ix>> = self.lists.iter().map(|l| l.selected_record()).collect();
        self.rows_gen += 1;
        {
            let words: Vec<String> = self
                .filters
                .text
                .split_whitespace()
                .map(crate::text::fold)
                .collect();
            let list = &mut self.lists[Tab::Briefing.index()];
            list.rows = lists::report_rows(&store, &words, list.sort, list.descending);
        }
        {
            let list = &mut self.lists[Tab::Incidents.index()];
            list.rows = incidents;
            lists::sort_incidents(&store, &mut list.rows, list.sort, list.descending);
        }
        let actor_names: Vec<(&str, &[String])> = store
            .actors
            .iter()
            .map(|a| (a.name.as_str(), a.aliases.as_slice()))
            .collect();
        let town_names: Vec<(&str, &[String])> = store
            .towns
            .iter()
            .map(|t| (t.name.as_str(), t.aliases.as_slice()))
            .collect();
        for (tab, names, text) in [
            (Tab::Actors, &actor_names, actor_text.as_ref()),
            (Tab::Towns, &town_names, town_text.as_ref()),
        ] {
            let activity = match (&self.activity, tab) {
                (Some(a), Tab::Actors) => &a.actors,
                (Some(a), _) => &a.towns,
                (None, Tab::Actors) => &store.actor_activity,
                (None, _) => &store.town_activity,
            };
            let list = &mut self.lists[tab.index()];
            list.rows = lists::named_rows(
                names,
                activity,
                restricted,
                &self.filters,
                text,
                list.sort,
                list.descending,
            );
        }
        self.sort_by_columns();
        for (list, keep) in self.lists.iter_mut().zip(keep) {
            if !keep.is_some_and(|r| list.select_record(r)) {
                list.selected = 0;
            }
            list.offset = 0;
        }
    }

    /// Sorts the lists whose sort is a column (see columns.rs).
    fn sort_by_columns(&mut self) {
        let store = self.store.clone();
        for tab in [Tab::Incidents, Tab::Actors, Tab::Towns] {
            let lists::SortKey::Column(col) = self.list(tab).sort else {
                continue;
            };
            let descending = self.list(tab).descending;
            let mut rows = std::mem::take(&mut self.list_mut(tab).rows);
            {
                let cells = self.cells(tab, &store);
                columns::sort_rows(&cells, &mut rows, col, descending);
            }
            self.list_mut(tab).rows = rows;
        }
    }

    /// The cells of a list, over the activity the list's figures use.
    pub fn cells<'a>(&'a self, tab: Tab, store: &'a crate::store::Store) -> columns::Cells<'a> {
        let activity: &[crate::store::Activity] = match (&self.activity, tab) {
            (Some(a), Tab::Actors) => &a.actors,
            (Some(a), Tab::Towns) => &a.towns,
            (None, Tab::Actors) => &store.actor_activity,
            (None, Tab::Towns) => &store.town_activity,
            _ => &[],
        };
        columns::Cells::new(store, tab, activity, self.theme.mark_contested())
    }
}
