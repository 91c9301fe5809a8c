//! The lists' columns' share of `App::update`: the column chooser (`c`), sorting by a
//! shown column (`s`/`S`), and the column choice as plain data for the workspace, which
//! keeps it between sessions (written when the chooser applies or the sort changes). The
//! model is in columns.rs, the chooser's drawing in columns_view.rs.

use super::action::Action;
use super::app::{App, Overlay};
use super::columns::{self, Chooser, ColumnsState, ListColumns};
use super::lists::SortKey;
use super::nav::Tab;

impl App {
    pub(super) fn open_columns(&mut self) {
        match self.tab() {
            Some(t) if !columns::available(t).is_empty() => {
                let shown = self.list(t).columns.clone();
                self.overlay = Overlay::Columns(Chooser::new(t, &shown));
            }
            _ => self.message = Some("c chooses the columns of incidents, actors and towns".into()),
        }
    }

    pub(super) fn update_chooser(&mut self, action: Action) {
        let Overlay::Columns(ch) = &mut self.overlay else {
            return;
        };
        match action {
            Action::Up => ch.move_cursor(-1),
            Action::Down => ch.move_cursor(1),
            Action::PageUp | Action::Home => ch.move_cursor(-100),
            Action::PageDown | Action::End => ch.move_cursor(100),
            Action::ToggleColumn => ch.toggle(),
            Action::MoveColumnUp => ch.reorder(-1),
            Action::MoveColumnDown => ch.reorder(1),
            Action::Cancel => {
                self.overlay = Overlay::None;
                self.message = Some("columns unchanged".into());
            }
            Action::Submit => {
                let (tab, shown) = (ch.tab, ch.shown());
                if shown.is_empty() {
                    self.message = Some("show at least one column (Space)".into());
                    return;
                }
                self.overlay = Overlay::None;
                let n = shown.len();
                self.set_columns(tab, shown);
                // Kept for the next session (with a workspace).
                self.save_columns(tab);
                self.message = Some(format!("{n} column(s) shown"));
            }
            Action::Quit => self.quit = true,
            Action::Resize { width, height } => {
                self.width = width;
                self.height = height;
            }
            _ => {}
        }
    }

    /// Shows `shown` in `tab`'s list; a sort on a column no longer shown moves to one that
    /// is.
    fn set_columns(&mut self, tab: Tab, shown: Vec<columns::Column>) {
        let list = self.list_mut(tab);
        list.columns = columns::clean(tab, &shown);
        if let SortKey::Column(c) = list.sort
            && !list.columns.contains(&c)
        {
            let (c, desc) = columns::next_sort(tab, &list.columns, None);
            list.sort = SortKey::Column(c);
            list.descending = desc;
            self.rebuild_rows();
        }
    }

    /// `s` on a list with columns: the next shown column to sort by. False on other tabs.
    pub(super) fn cycle_column_sort(&mut self, tab: Tab) -> bool {
        if columns::available(tab).is_empty() {
            return false;
        }
        let list = self.list_mut(tab);
        let current = match list.sort {
            SortKey::Column(c) => Some(c),
            _ => None,
        };
        let (c, desc) = columns::next_sort(tab, &list.columns, current);
        list.sort = SortKey::Column(c);
        list.descending = desc;
        self.rebuild_rows();
        self.save_columns(tab);
        true
    }

    /// The lists' column choice (shown columns in order and sort), for the workspace.
    pub fn columns_state(&self) -> ColumnsState {
        let of = |tab: Tab| {
            let l = self.list(tab);
            ListColumns {
                shown: l.columns.clone(),
                sort: match l.sort {
                    SortKey::Column(c) => Some(c),
                    _ => None,
                },
                descending: l.descending,
            }
        };
        ColumnsState {
            incidents: of(Tab::Incidents),
            actors: of(Tab::Actors),
            towns: of(Tab::Towns),
        }
    }

    /// Applies a saved column choice; columns a list cannot show are left out, and a list
    /// left with none gets its defaults.
    pub fn apply_columns_state(&mut self, state: &ColumnsState) {
        for tab in [Tab::Incidents, Tab::Actors, Tab::Towns] {
            let Some(lc) = state.get(tab) else {
                continue;
            };
            let list = self.list_mut(tab);
            list.columns = columns::clean(tab, &lc.shown);
            let sort = lc
                .sort
                .filter(|c| columns::available(tab).contains(c))
                .unwrap_or_else(|| columns::default_sort(tab));
            list.sort = SortKey::Column(sort);
            list.descending = lc.descending;
        }
        self.rebuild_rows();
    }
}

#[cfg(test)]
mod tests {
    use std::sync::Arc;

    use super::*;
    use crate::store::Store;
    use crate::ui::columns::Column;
    use crate::ui::theme::Theme;

    fn app() -> App {
        App::new(
            Arc::new(Store::open(None).unwrap()),
            Theme::new(false, false),
            120,
            40,
        )
    }

    #[test]
    fn the_chooser_shows_hides_and_reorders_on_enter_and_esc_changes_nothing() {
        let mut app = app();
        app.update(Action::OpenColumns);
        assert!(matches!(app.overlay, Overlay::Columns(_)));
        // Hide Date (first), then move Town down below Type.
        app.update(Action::ToggleColumn);
        app.update(Action::Down);
        app.update(Action::MoveColumnDown);
        app.update(Action::Cancel);
        assert_eq!(
            app.list(Tab::Incidents).columns,
            columns::default_shown(Tab::Incidents)
        );
        app.update(Action::OpenColumns);
        app.update(Action::ToggleColumn);
        app.update(Action::Down);
        app.update(Action::MoveColumnDown);
        // Show the first hidden column (sub-event type, after the six shown).
        for _ in 0..4 {
            app.update(Action::Down);
        }
        app.update(Action::ToggleColumn);
        app.update(Action::Submit);
        assert!(matches!(app.overlay, Overlay::None));
        assert_eq!(
            app.list(Tab::Incidents).columns,
            vec![
                Column::EventType,
                Column::Town,
                Column::Actors,
                Column::Fatalities,
                Column::Contested,
                Column::SubEventType
            ]
        );
        // The date sort went with its column.
        assert_ne!(app.list(Tab::Incidents).sort, SortKey::Column(Column::Date));
    }

    #[test]
    fn sorting_by_a_non_default_column_orders_the_rows_by_it() {
        let mut app = app();
        let mut state = app.columns_state();
        state.incidents.shown.push(Column::Admin1);
        state.incidents.sort = Some(Column::Admin1);
        state.incidents.descending = false;
        app.apply_columns_state(&state);
        let store = app.store.clone();
        let names: Vec<String> = app
            .list(Tab::Incidents)
            .rows
            .iter()
            .map(|&i| crate::text::fold(&store.incident(i).admin1))
            .collect();
        let mut sorted = names.clone();
        sorted.sort();
        assert_eq!(names, sorted);
        assert!(
            names.first() != names.last(),
            "more than one admin1 in the sample"
        );
        // Reversed: Z..A.
        app.update(Action::ReverseSort);
        let first = &store.incident(app.list(Tab::Incidents).rows[0]).admin1;
        assert_eq!(crate::text::fold(first), *sorted.last().unwrap());
        // The state says so, ready for the workspace.
        let s = app.columns_state();
        assert_eq!(s.incidents.sort, Some(Column::Admin1));
        assert!(s.incidents.descending);
    }

    #[test]
    fn s_steps_through_the_shown_columns_of_the_actors_list() {
        let mut app = app();
        app.update(Action::GoTab(Tab::Actors));
        let mut seen = Vec::new();
        for _ in 0..4 {
            app.update(Action::CycleSort);
            seen.push(app.list(Tab::Actors).sort);
        }
        assert_eq!(
            seen,
            [
                SortKey::Column(Column::Fatalities),
                SortKey::Column(Column::Name),
                SortKey::Column(Column::Kind),
                SortKey::Column(Column::Incidents),
            ]
        );
    }
}
