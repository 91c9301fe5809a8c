//! How the overlays (help, load notice, filter line, search) take actions, and picking up
//! background search work. Part of `App::update`; split from app.rs to keep each file to
//! one concern.

use super::action::{Action, Built};
use super::app::{App, Overlay};
use crate::search::filters::Filters;

impl App {
    pub(super) fn update_scroll_overlay(&mut self, action: Action) {
        if let Overlay::Message(_) = self.overlay {
            match action {
                Action::Quit => self.quit = true,
                Action::Resize { width, height } => {
                    self.width = width;
                    self.height = height;
                }
                Action::Cancel | Action::Click { .. } | Action::Submit | Action::Enter => {
                    self.overlay = Overlay::None
                }
                _ => {}
            }
            return;
        }
        let max = match self.overlay {
            Overlay::Help { .. } => super::render::help_max_scroll(self),
            _ => super::render::notice_max_scroll(self),
        };
        let scroll = match &mut self.overlay {
            Overlay::Help { scroll } | Overlay::Notice { scroll } => scroll,
            _ => return,
        };
        match action {
            Action::Up => *scroll = scroll.saturating_sub(1),
            Action::Down => *scroll = (*scroll + 1).min(max),
            Action::PageUp => *scroll = scroll.saturating_sub(10),
            Action::PageDown => *scroll = (*scroll + 10).min(max),
            Action::Quit => self.quit = true,
            Action::Resize { width, height } => {
                self.width = width;
                self.height = height;
            }
            Action::Cancel | Action::Click { .. } | Action::Submit | Action::Enter => {
                self.overlay = Overlay::None
            }
            _ => {}
        }
    }

    pub(super) fn update_filter(&mut self, action: Action) {
        let Overlay::Filter { input, error } = &mut self.overlay else {
            return;
        };
        match action {
            Action::TypeChar(c) => {
                super::search_overlay::push_bounded(input, c);
            }
            Action::DeleteChar => {
                input.pop();
            }
            Action::ClearInput => input.clear(),
            Action::Cancel => self.overlay = Overlay::None,
            Action::Quit => self.quit = true,
            Action::Submit => {
                // The workspace's sets and a briefing's incident set are not typed: they stay
                // (the set until x clears all).
                let parsed = Filters::parse(input).and_then(|mut f| {
                    f.records = self.filters.records.clone();
                    f.release = self.filters.release.clone();
                    f.check(&self.store).map(|()| f)
                });
                match parsed {
                    Ok(mut f) => {
                        f.set = self.filters.set.take();
                        self.filters = f;
                        self.overlay = Overlay::None;
                        self.rebuild_rows();
                        self.message = self.empty_filter_warning();
                    }
                    // A typo or a value naming nothing says so on the status line (and beside
                    // the line, left open), with names to type instead: never a silent 0/0.
                    Err(e) => {
                        let m = e.as_filter_line();
                        *error = Some(m.clone());
                        self.message = Some(m);
                    }
                }
            }
            Action::Resize { width, height } => {
                self.width = width;
                self.height = height;
            }
            _ => {}
        }
    }

    /// When every term names something but together they keep no incident, says so.
    fn empty_filter_warning(&self) -> Option<String> {
        let none = self.filters.restricts_incidents()
            && self.list(super::nav::Tab::Incidents).rows.is_empty()
            && !self.store.incidents.is_empty();
        none.then(|| "no incident passes every term of this filter".to_string())
    }

    pub(super) fn update_search(&mut self, action: Action) {
        let Overlay::Search(search) = &mut self.overlay else {
            return;
        };
        match action {
            Action::Cancel => self.overlay = Overlay::None,
            Action::Quit => self.quit = true,
            Action::Submit if search.behind() && !search.query.is_empty() => {
                // The hits shown (if any) are an older query's: open the first of this
                // one's when they come.
                search.open_on_arrival = true;
            }
            Action::Submit => {
                if let Some(target) = search.selected() {
                    self.overlay = Overlay::None;
                    self.follow(target);
                }
            }
            Action::Resize { width, height } => {
                self.width = width;
                self.height = height;
            }
            other => {
                search.update(&self.search, other);
                let rows = super::search_view::visible_rows(ratatui::layout::Rect::new(
                    0,
                    0,
                    self.width,
                    self.height,
                ));
                search.scroll_into_view(rows);
            }
        }
    }

    /// Work finished in the background (the search index, search results), as actions for
    /// `update`. Only looks: nothing changes until the actions are applied.
    pub fn background_actions(&self) -> Vec<Action> {
        if let Some(index) = self.search.take_built() {
            // Results can only follow once the index is installed.
            return vec![Action::IndexReady(Built(index))];
        }
        if let Some(matches) = self.matches.take_built() {
            return vec![Action::MatchesReady(Built(matches))];
        }
        match &self.overlay {
            Overlay::Search(_) => self
                .search
                .take_results()
                .map(Action::SearchResults)
                .into_iter()
                .collect(),
            _ => Vec::new(),
        }
    }

    /// Applies what arrived from the background, whatever has the keyboard.
    pub(super) fn update_background(&mut self, action: Action) {
        match action {
            Action::IndexReady(Built(index)) => {
                self.search.install(&self.store, index);
                if let Overlay::Search(s) = &mut self.overlay {
                    s.submit(&self.search);
                }
                if !self.filters.text.is_empty() {
                    self.rebuild_rows();
                }
            }
            Action::MatchesReady(Built(matches)) => self.install_matches(matches),
            Action::SearchResults(results) => {
                if let Overlay::Search(s) = &mut self.overlay {
                    s.show(results);
                    let opens = s.open_on_arrival && !s.behind();
                    if let Some(target) = s.selected().filter(|_| opens) {
                        self.overlay = Overlay::None;
                        self.follow(target);
                    }
                }
            }
            Action::Notice(text) => self.message = Some(text),
            Action::Exported(text) => {
                // The whole path, wrapped, in a box of its own (unless a prompt is open).
                if matches!(self.overlay, Overlay::None) {
                    self.overlay = Overlay::Message(text.clone());
                }
                self.message = Some(text);
            }
            Action::Rebase { store, index } => self.rebase(store.0, index.0),
            _ => {}
        }
    }

    /// Whether background work is under way that the loop should poll for soon.
    pub fn background_pending(&self) -> bool {
        !self.search.ready()
            || self.matches.pending()
            || matches!(&self.overlay, Overlay::Search(s) if s.waiting)
    }
}

#[cfg(test)]
mod tests {
    use std::sync::Arc;
    use std::time::{Duration, Instant};

    use super::*;
    use crate::store::Store;
    use crate::ui::search_overlay::SearchState;
    use crate::ui::theme::Theme;

    /// Polls until the background has something, without applying it.
    fn arrived(app: &App) -> Vec<Action> {
        let deadline = Instant::now() + Duration::from_secs(20);
        loop {
            let actions = app.background_actions();
            if !actions.is_empty() || Instant::now() > deadline {
                return actions;
            }
            std::thread::sleep(Duration::from_millis(5));
        }
    }

    #[test]
    fn background_results_change_nothing_until_update_applies_them() {
        let store = Arc::new(Store::open(None).unwrap());
        let search = SearchState::build_in_background(store.clone());
        let mut app = App::with_search(store, Theme::new(false, false), 120, 40, search);
        let ready = arrived(&app);
        assert!(
            matches!(ready.as_slice(), [Action::IndexReady(_)]),
            "{ready:?}"
        );
        assert!(!app.search.ready(), "looking installed the index");
        app.update(Action::OpenSearch);
        app.update(Action::Notice("kept".into()));
        for a in ready {
            app.update(a);
        }
        assert!(app.search.ready());
        assert_eq!(
            app.message.as_deref(),
            Some("kept"),
            "a background action cleared it"
        );
        for c in "kayes".chars() {
            app.update(Action::TypeChar(c));
        }
        let results = arrived(&app);
        assert!(
            matches!(results.as_slice(), [Action::SearchResults(_)]),
            "{results:?}"
        );
        let Overlay::Search(s) = &app.overlay else {
            panic!("search closed");
        };
        assert!(
            s.hits.is_empty() && s.waiting,
            "results shown before update"
        );
        for a in results {
            app.update(a);
        }
        let Overlay::Search(s) = &app.overlay else {
            panic!("search closed");
        };
        assert!(!s.waiting && !s.hits.is_empty());
        assert_eq!(s.shown_query, "kayes");
    }

    #[test]
    fn enter_typed_before_the_results_opens_the_first_hit_when_they_come() {
        let store = Arc::new(Store::open(None).unwrap());
        let expected = crate::search::search(
            &store,
            &crate::search::SearchIndex::build(&store),
            "kayes",
            None,
            500,
        )
        .hits[0]
            .entity;
        // As typed ahead while the store loads: the index is not even there yet.
        let search = SearchState::build_in_background(store.clone());
        let mut app = App::with_search(store, Theme::new(false, false), 120, 40, search);
        app.update(Action::OpenSearch);
        for c in "kayes".chars() {
            app.update(Action::TypeChar(c));
        }
        app.update(Action::Submit);
        assert!(
            matches!(app.overlay, Overlay::Search(_)),
            "nothing to open yet"
        );
        while matches!(app.overlay, Overlay::Search(_)) {
            let arrived = arrived(&app);
            assert!(!arrived.is_empty(), "the results never came");
            for a in arrived {
                app.update(a);
            }
        }
        assert_eq!(app.current(), Some(expected));
        // Enter then more typing: the Enter no longer stands.
        app.update(Action::OpenSearch);
        app.update(Action::TypeChar('m'));
        app.update(Action::Submit);
        app.update(Action::TypeChar('o'));
        for a in arrived(&app) {
            app.update(a);
        }
        assert!(matches!(app.overlay, Overlay::Search(_)));
    }

    #[test]
    fn a_notice_reaches_the_status_bar_over_an_overlay_and_keeps_the_detail_deferred() {
        let store = Arc::new(Store::open(None).unwrap());
        let mut app = App::new(store, Theme::new(false, false), 120, 40);
        app.lazy_detail = true;
        app.update(Action::Down);
        assert!(app.detail_deferred());
        app.update(Action::Notice("store reload failed".into()));
        assert!(app.detail_deferred(), "a notice is not a key");
        app.update(Action::Settle);
        assert!(!app.detail_deferred());
        app.update(Action::Help);
        app.update(Action::Notice("store reload failed".into()));
        assert!(matches!(app.overlay, Overlay::Help { .. }));
        assert_eq!(app.message.as_deref(), Some("store reload failed"));
    }
}
