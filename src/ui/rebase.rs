//! Moving the browser onto a new store (a reload) while keeping its place. Part of
//! `App::update` (`Action::Rebase`); split from app.rs to keep each file to one concern.

use std::sync::Arc;

use super::app::App;
use super::nav::{Screen, Tab};
use super::search_overlay::SearchState;
use crate::search::SearchIndex;
use crate::store::{EntityRef, Store};

/// The record in `new` with the same id as `e` in `old`.
fn same_record(old: &Store, new: &Store, e: EntityRef) -> Option<EntityRef> {
    Some(match e {
        EntityRef::Incident(i) => EntityRef::Incident(new.incident_ix(&old.incident(i).id)?),
        EntityRef::Actor(i) => EntityRef::Actor(new.actor_ix(old.actor(i).id.as_str())?),
        EntityRef::Town(i) => EntityRef::Town(new.town_ix(old.town(i).id.as_str())?),
        EntityRef::Report(i) => EntityRef::Report(new.report_ix(old.report(i).id.as_str())?),
    })
}

impl App {
    /// Moves onto `store` (with its search index) standing where the browser stood: same
    /// size, theme, mouse, filters, sort, tab, selected record in each list (by id) and
    /// detail focus. History starts again (its records may be gone); records no longer in
    /// the store fall back to the top of their list.
    pub(super) fn rebase(&mut self, store: Arc<Store>, index: Arc<SearchIndex>) {
        let search = SearchState::with_index(&store, index);
        let mut app = App::with_search(store, self.theme.clone(), self.width, self.height, search);
        app.mouse = self.mouse;
        app.lazy_detail = self.lazy_detail;
        app.filters = self.filters.clone();
        // The workspace stays (its marks and notes are by id), now of the new release.
        if let Some(mut ws) = self.workspace.take() {
            ws.key = crate::workspace::StoreKey::of(&app.store);
            app.workspace = Some(ws);
        }
        app.effects = std::mem::take(&mut self.effects);
        // Matches name the old store's records: the new store is matched afresh.
        app.matches = self.matches.restart(app.store.clone());
        // A briefing's incident set holds positions in the old store: it cannot carry over.
        app.filters.set = None;
        app.briefing.days = self.briefing.days;
        app.briefing.until = self.briefing.until;
        app.map.center = self.map.center;
        app.map.zoom = self.map.zoom;
        app.trends.carry_settings(&self.trends);
        for (new_list, old_list) in app.lists.iter_mut().zip(&self.lists) {
            new_list.sort = old_list.sort;
            new_list.descending = old_list.descending;
            new_list.columns = old_list.columns.clone();
        }
        app.rebuild_rows();
        for tab in Tab::ALL.into_iter().filter(|t| t.has_record_detail()) {
            let Some(ix) = self.list(tab).current() else {
                continue;
            };
            if let Some(Some((_, n))) =
                same_record(&self.store, &app.store, tab.entity(ix)).map(Tab::of)
            {
                app.list_mut(tab).select_record(n);
            }
        }
        match self.screen {
            Screen::List(t) => app.screen = Screen::List(t),
            Screen::Report(r) => {
                if let Some(EntityRef::Report(n)) =
                    same_record(&self.store, &app.store, EntityRef::Report(r))
                {
                    app.screen = Screen::Report(n);
                }
            }
        }
        app.detail.focused = self.detail.focused;
        app.history.clear();
        app.history.push(app.location());
        app.history_pos = 0;
        app.sync();
        app.message = Some(format!(
            "store reloaded: {} incidents",
            app.store.incidents.len()
        ));
        *self = app;
    }
}

#[cfg(test)]
mod tests {
    use std::path::Path;

    use super::*;
    use crate::ui::action::{Action, Built};
    use crate::ui::theme::Theme;

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

    fn rebase_action(store: Store) -> Action {
        let store = Arc::new(store);
        let index = Arc::new(SearchIndex::build(&store));
        Action::Rebase {
            store: Built(store),
            index: Built(index),
        }
    }

    #[test]
    fn rebase_keeps_tab_records_sort_filters_and_detail() {
        let store = Arc::new(Store::open(None).unwrap());
        let mut app = App::new(store, Theme::new(false, false), 120, 40);
        app.lazy_detail = true;
        for a in [Action::Down, Action::Down, Action::Down] {
            app.update(a);
        }
        let incident = app
            .store
            .incident(app.list(Tab::Incidents).current().unwrap())
            .id
            .clone();
        app.update(Action::GoTab(Tab::Map));
        app.update(Action::ZoomIn);
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
        let zoom = app.map.zoom;
        let mut columns = app.columns_state();
        columns.towns.shown = vec![crate::ui::columns::Column::Admin2];
        app.apply_columns_state(&columns);

        let before = app.store.incidents.len();
        app.update(rebase_action(store_without_newest()));
        assert_eq!(app.store.incidents.len(), before - 1);
        assert_eq!(app.screen, Screen::List(Tab::Actors));
        assert!(app.detail.focused);
        assert!(app.lazy_detail);
        assert_eq!(app.list(Tab::Actors).sort, sort);
        assert_eq!(app.map.zoom, zoom);
        assert_eq!(app.columns_state(), columns);
        let now = |t: Tab| app.list(t).current().unwrap();
        assert_eq!(app.store.actor(now(Tab::Actors)).id, actor);
        assert_eq!(app.store.incident(now(Tab::Incidents)).id, incident);
        // The newest incident went, so the same record now sits one row higher.
        assert_eq!(app.list(Tab::Incidents).selected, 2);
        assert_eq!(app.history.len(), 1);
        assert_eq!(
            app.message.as_deref(),
            Some("store reloaded: 356 incidents")
        );
    }

    #[test]
    fn rebase_keeps_the_typed_filters_and_an_open_report() {
        let store = Arc::new(Store::open(None).unwrap());
        let mut app = App::new(store, Theme::new(false, false), 120, 40);
        app.update(Action::OpenFilter);
        for c in "country:senegal".chars() {
            app.update(Action::TypeChar(c));
        }
        app.update(Action::Submit);
        let filtered = app.list(Tab::Incidents).rows.len();
        app.update(Action::GoTab(Tab::Briefing));
        app.update(Action::FocusList);
        app.update(Action::Enter);
        let Screen::Report(r) = app.screen else {
            panic!("no report open: {:?}", app.screen);
        };
        let report = app.store.report(r).id.clone();
        app.update(rebase_action(Store::open(None).unwrap()));
        assert_eq!(app.filters.to_line(), "country:senegal");
        assert_eq!(app.list(Tab::Incidents).rows.len(), filtered);
        let Screen::Report(n) = app.screen else {
            panic!("report not kept: {:?}", app.screen);
        };
        assert_eq!(app.store.report(n).id, report);
    }
}
