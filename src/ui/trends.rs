//! The Trends tab's share of `App::update`: its keys, and keeping its results (chart series,
//! pivot, changes) in step with the filters and settings. The arithmetic is `crate::trend`'s;
//! results are computed here only when what they depend on changed (never while drawing).
//! Its state is in trends_view.rs, its drawing in panes/trends.rs.

use super::action::Action;
use super::app::App;
use super::nav::Tab;
use super::trends_view::{
    CHANGES_BY, RECENT, ROWS, SPLITS, SortCol, TOP, TableView, TrendKey, TrendResult,
};
use crate::search::filters::{Filters, IncidentSet, filtered_incidents};
use crate::store::Ix;
use crate::trend::changes::{self, Window};
use crate::trend::compare::{self, Expansion};
use crate::trend::derive;
use crate::trend::pivot::{self, Cols};
use crate::trend::{Dim, Every, Measure, Selection, series};

/// The next item after `cur` in `all` (the first when `cur` is not there).
fn next_of<T: PartialEq + Copy>(all: &[T], cur: T) -> T {
    let i = all.iter().position(|x| *x == cur).map_or(0, |i| i + 1);
    all[i % all.len()]
}

impl App {
    /// The filters the tab counts by: the incidents list's, without an incident set opened
    /// from a figure (which only the incidents list shows).
    fn trend_filters(&self) -> Filters {
        Filters {
            set: None,
            ..self.filters.clone()
        }
    }

    /// Makes sure the selection is that of the current filters: the incidents list's rows
    /// when no set is open (they passed the same filters, words matched by the index).
    fn refresh_selection(&mut self, filters: &Filters) {
        if matches!(&self.trends.selection, Some((f, _)) if f == filters) {
            return;
        }
        let sel = if self.filters.set.is_none() {
            self.store.coverage().map(|(from, to)| {
                let mut ixs = self.list(Tab::Incidents).rows.clone();
                // Store order (newest first), as the queries expect.
                ixs.sort_unstable();
                Selection {
                    ixs,
                    since: filters.since.unwrap_or(from),
                    until: filters.until.unwrap_or(to),
                }
            })
        } else {
            Selection::of(&self.store, filters)
        };
        self.trends.selection = sel.map(|s| (filters.clone(), s));
    }

    /// Recomputes the chart and pivot when the filters or settings changed, and the changes
    /// when the changes table is shown and its inputs changed.
    pub fn refresh_trends(&mut self) {
        let filters = self.trend_filters();
        let key = TrendKey {
            filters: filters.clone(),
            every: self.trends.every,
            measure: self.trends.measure,
            split: self.trends.split,
            rows: self.trends.rows,
        };
        if self.trends.key.as_ref() != Some(&key) {
            // The results just shown are kept a while: going back to them costs nothing.
            let t = &mut self.trends;
            if let (Some(k), Some(r)) = (t.key.take(), t.result.take()) {
                t.recent.insert(0, (k, r));
            }
            t.recent.retain(|(k, _)| k.filters == filters);
            t.recent.truncate(RECENT);
            let kept = t.recent.iter().position(|(k, _)| *k == key);
            let mut kept = kept.map(|i| t.recent.remove(i).1);
            self.refresh_selection(&filters);
            let store = &*self.store;
            if kept.is_none() {
                // Only the measure changed: the kept pivot holds both counts and
                // fatalities, so it is re-ranked, not counted again.
                let other = self.trends.recent.iter().find(|(k, _)| {
                    k.measure != key.measure
                        && TrendKey {
                            measure: key.measure,
                            ..k.clone()
                        } == key
                });
                kept = other.and_then(|(_, r)| {
                    let pivot = r.pivot.with_measure(key.measure);
                    let trend = derive::series_of(store, &pivot, key.split, TOP)?;
                    let deltas = compare::last_period(store, &pivot);
                    Some(TrendResult {
                        since: r.since,
                        until: r.until,
                        incidents: r.incidents,
                        trend,
                        pivot,
                        deltas,
                    })
                });
            }
            let computed = u64::from(kept.is_none() && self.trends.selection.is_some());
            self.trends.result = kept.or_else(|| {
                self.trends.selection.as_ref().map(|(_, sel)| {
                    let every = key
                        .every
                        .unwrap_or_else(|| Every::fitting(sel.since, sel.until));
                    let series = || series::build(store, sel, every, key.measure, key.split, TOP);
                    let pivot =
                        || pivot::build(store, sel, key.rows, Cols::Period(every), key.measure);
                    // One pass when the pivot's rows are the split (or there is none): the
                    // series are read off it.
                    let (trend, pivot) = if key.split.is_none_or(|d| d == key.rows) {
                        let p = pivot();
                        let t = derive::series_of(store, &p, key.split, TOP).unwrap_or_else(series);
                        (t, p)
                    } else {
                        rayon::join(series, pivot)
                    };
                    let deltas = compare::last_period(store, &pivot);
                    TrendResult {
                        since: sel.since,
                        until: sel.until,
                        incidents: sel.ixs.len(),
                        trend,
                        pivot,
                        deltas,
                    }
                })
            });
            self.trends.key = Some(key);
            self.trends.computed += computed;
            if let SortCol::Period(c) = self.trends.sort
                && c + 3 >= self.trends.columns()
            {
                self.trends.sort = SortCol::Total;
                self.trends.descending = true;
            }
            self.trends.order = self.trends.sorted_order();
            self.trends.row = self
                .trends
                .row
                .min(self.trends.table_rows().saturating_sub(1));
            // A new table starts on its newest period.
            self.trends.col = self.trends.columns().saturating_sub(4);
        }
        if self.trends.table == TableView::Changes {
            let ckey = (filters.clone(), self.trends.changes_by);
            if self.trends.changes_key.as_ref() != Some(&ckey) {
                self.trends.changes = self
                    .change_input(&filters)
                    .map(|(w, ixs)| changes::of_incidents(&self.store, &ixs, w, ckey.1, None));
                self.trends.changes_key = Some(ckey);
                let n = self.trends.changes.as_ref().map_or(0, |c| c.items.len());
                self.trends.change_row = self.trends.change_row.min(n.saturating_sub(1));
            }
        }
    }

    /// The change window of `filters` (their dates, else the 28 days to the newest
    /// incident) and the incidents passing them up to its end, baseline included.
    fn change_input(&mut self, filters: &Filters) -> Option<(Window, Vec<Ix>)> {
        let window = Window::of(&self.store, filters.since, filters.until)?;
        if filters.since.is_none() && filters.until.is_none() {
            self.refresh_selection(filters);
            if let Some((_, sel)) = &self.trends.selection {
                return Some((window, sel.ixs.clone()));
            }
        }
        let f = Filters {
            since: None,
            until: Some(window.until),
            ..filters.clone()
        };
        Some((window, filtered_incidents(&self.store, &f, None)))
    }

    /// Towns new to an actor in the change window of the filters: the map's marks.
    pub(super) fn expansions(&mut self) -> Vec<Expansion> {
        let filters = self.trend_filters();
        match self.change_input(&filters) {
            Some((w, ixs)) => compare::expanding(&self.store, &ixs, w),
            None => Vec::new(),
        }
    }

    /// Trends-tab keys; returns false for those the generic handling takes.
    pub(super) fn update_trends(&mut self, action: &Action) -> bool {
        let t = &mut self.trends;
        match action {
            Action::ToggleMeasure => {
                t.measure = match t.measure {
                    Measure::Incidents => Measure::Fatalities,
                    Measure::Fatalities => Measure::Incidents,
                };
                self.message = Some(format!("trends: {}", t.measure.key()));
            }
            Action::CycleEvery => {
                // From the period shown (the fitting one until a key chose).
                let now = t.result.as_ref().map(|r| r.trend.every).or(t.every);
                let all = [Every::Week, Every::Month, Every::Quarter];
                let next = next_of(&all, now.unwrap_or(Every::Quarter));
                t.every = Some(next);
                self.message = Some(format!("trends: per {}", next.key()));
            }
            Action::CycleSplit => {
                // The dataset split only where there are several datasets.
                let splits: Vec<Option<Dim>> = SPLITS
                    .iter()
                    .copied()
                    .chain(self.store.is_joined().then_some(Some(Dim::Dataset)))
                    .collect();
                t.split = next_of(&splits, t.split);
                if let Some(d) = t.split {
                    t.rows = d;
                }
                t.row = 0;
                let name = t.split.map_or("none", Dim::key);
                self.message = Some(format!("trends: split by {name}"));
            }
            Action::CycleRows => {
                let name = if t.table == TableView::Changes {
                    t.changes_by = next_of(&CHANGES_BY, t.changes_by);
                    t.change_row = 0;
                    t.changes_by.key()
                } else {
                    let rows: Vec<Dim> = ROWS
                        .iter()
                        .copied()
                        .chain(self.store.is_joined().then_some(Dim::Dataset))
                        .collect();
                    t.rows = next_of(&rows, t.rows);
                    t.row = 0;
                    t.rows.key()
                };
                self.message = Some(format!("trends: rows by {name}"));
            }
            Action::ToggleChanges => {
                t.table = match t.table {
                    TableView::Pivot => TableView::Changes,
                    TableView::Changes => TableView::Pivot,
                };
            }
            Action::CycleSort => {
                let n = t.columns().saturating_sub(3);
                t.sort = match t.sort {
                    SortCol::Total => SortCol::Change,
                    SortCol::Change => SortCol::Name,
                    SortCol::Name if n > 0 => SortCol::Period(n - 1),
                    SortCol::Period(c) if c > 0 => SortCol::Period(c - 1),
                    _ => SortCol::Total,
                };
                t.descending = t.sort != SortCol::Name;
                t.order = t.sorted_order();
                self.message = Some(self.trends_sort_message());
            }
            Action::ReverseSort => {
                t.descending = !t.descending;
                t.order = t.sorted_order();
                self.message = Some(self.trends_sort_message());
            }
            Action::Up => self.trends_move(-1, 0),
            Action::Down => self.trends_move(1, 0),
            Action::PageUp => self.trends_move(-10, 0),
            Action::PageDown => self.trends_move(10, 0),
            Action::Home => self.trends_move(isize::MIN / 2, 0),
            Action::End => self.trends_move(isize::MAX / 2, 0),
            Action::FocusList => self.trends_move(0, -1),
            Action::FocusDetail => self.trends_move(0, 1),
            Action::Enter => self.trends_enter(),
            _ => return false,
        }
        true
    }

    fn trends_sort_message(&self) -> String {
        let t = &self.trends;
        let columns = t.result.as_ref().map_or(&[][..], |r| &r.pivot.columns[..]);
        let dir = if t.descending { "desc" } else { "asc" };
        format!("trends: sort by {} {dir}", t.sort.label(columns))
    }

    fn trends_move(&mut self, rows: isize, cols: isize) {
        let t = &mut self.trends;
        let step = |at: usize, by: isize, n: usize| -> usize {
            (at as isize)
                .saturating_add(by)
                .clamp(0, n.saturating_sub(1) as isize) as usize
        };
        if t.table == TableView::Changes {
            let n = t.changes.as_ref().map_or(0, |c| c.items.len());
            t.change_row = step(t.change_row, rows, n);
        } else {
            t.row = step(t.row, rows, t.table_rows());
            t.col = step(t.col, cols, t.columns());
        }
    }

    /// Enter: the incidents behind the selected cell (or change) as the incidents list, a
    /// step in history so that Back returns here.
    fn trends_enter(&mut self) {
        let set = match self.trends.table {
            TableView::Pivot => self.trends_cell_set(),
            TableView::Changes => self.trends.changes.as_ref().and_then(|c| {
                let item = c.items.get(self.trends.change_row)?;
                let w = &c.window;
                Some(IncidentSet::new(
                    format!(
                        "{}: {}, {} to {}",
                        item.name,
                        item.describe(),
                        w.since,
                        w.until
                    ),
                    &item.ixs,
                ))
            }),
        };
        match set {
            Some(s) if !s.ixs.is_empty() => self.show_incidents(s),
            Some(_) => self.message = Some("no incidents behind this figure".into()),
            None => self.message = Some("nothing selected".into()),
        }
    }

    /// The incidents of the selected pivot cell: a period's, the row's in all (total and
    /// share) or its last period's (change); on the totals row, the column's.
    pub fn trends_cell_set(&self) -> Option<IncidentSet> {
        let t = &self.trends;
        let r = t.result.as_ref()?;
        let p = &r.pivot;
        let n = p.columns.len();
        let (name, cells, total) = match t.order.get(t.row) {
            Some(&i) => (p.rows[i].as_str(), &p.cells[i], &p.row_totals[i]),
            None if t.row == p.rows.len() => ("all", &p.column_totals, &p.total),
            None => return None,
        };
        let empty = Default::default();
        let (label, tally) = match t.col {
            c if c < n => (p.columns[c].clone(), cells.get(c).unwrap_or(&empty)),
            c if c == n || c == n + 1 => (format!("{} to {}", r.since, r.until), total),
            _ => (
                p.columns.last()?.clone(),
                cells.get(n.checked_sub(1)?).unwrap_or(&empty),
            ),
        };
        Some(IncidentSet::new(
            format!("{name}, {label} ({} {})", p.rows_by.key(), p.measure.key()),
            &tally.ixs,
        ))
    }
}

#[cfg(test)]
mod tests;
