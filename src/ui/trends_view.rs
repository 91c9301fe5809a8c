//! The Trends tab's state: what it shows (measure, period, split, table rows, pivot or
//! changes, sort, the selected cell) and the results last computed for it. The queries are
//! `crate::trend`'s; they run in `App::update` (trends.rs) only when what they depend on
//! changed, and drawing (panes/trends.rs) only reads what is kept here.

use chrono::NaiveDate;

use crate::search::filters::Filters;
use crate::trend::changes::Changes;
use crate::trend::compare::PeriodChange;
use crate::trend::pivot::Pivot;
use crate::trend::series::Trend;
use crate::trend::{Dim, Every, Measure, Selection};

/// How many series the chart shows before "others".
pub const TOP: usize = 6;

/// How many earlier results (same filters, other settings) are kept.
pub const RECENT: usize = 4;

/// The splits `d` steps through; a store joining several datasets adds the dataset split.
pub const SPLITS: [Option<Dim>; 7] = [
    None,
    Some(Dim::Actor),
    Some(Dim::Country),
    Some(Dim::Admin1),
    Some(Dim::Admin2),
    Some(Dim::Type),
    Some(Dim::SubType),
];

/// The pivot's row dimensions `r` steps through.
pub const ROWS: [Dim; 7] = [
    Dim::Admin1,
    Dim::Admin2,
    Dim::Actor,
    Dim::Country,
    Dim::Town,
    Dim::Type,
    Dim::SubType,
];

/// What the changes table is by (`r` in the changes view).
pub const CHANGES_BY: [Dim; 3] = [Dim::Admin1, Dim::Admin2, Dim::Actor];

/// What a pivot is sorted by.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SortCol {
    Total,
    Change,
    Name,
    /// A period column, by position.
    Period(usize),
}

impl SortCol {
    pub fn label(self, periods: &[String]) -> String {
        match self {
            SortCol::Total => "total".into(),
            SortCol::Change => "change".into(),
            SortCol::Name => "name".into(),
            SortCol::Period(p) => periods.get(p).cloned().unwrap_or_default(),
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TableView {
    Pivot,
    Changes,
}

/// Everything the results depend on, so they are recomputed only when it changes.
#[derive(Clone, Debug, PartialEq)]
pub struct TrendKey {
    /// The filters without an opened incident set (which only the incidents list shows).
    pub filters: Filters,
    pub every: Option<Every>,
    pub measure: Measure,
    pub split: Option<Dim>,
    pub rows: Dim,
}

/// The chart's series and the pivot, computed together for one key.
pub struct TrendResult {
    pub since: NaiveDate,
    pub until: NaiveDate,
    pub incidents: usize,
    pub trend: Trend,
    pub pivot: Pivot,
    /// Each pivot row's last period against the days before (the totals' last).
    pub deltas: Vec<PeriodChange>,
}

pub struct TrendsView {
    pub measure: Measure,
    /// None = the period that fits the selection's span.
    pub every: Option<Every>,
    pub split: Option<Dim>,
    pub rows: Dim,
    pub table: TableView,
    pub changes_by: Dim,
    pub sort: SortCol,
    pub descending: bool,
    /// The selected pivot row (the totals row is `rows.len()`) and column (periods, then
    /// total, share, change).
    pub row: usize,
    pub col: usize,
    /// The selected change.
    pub change_row: usize,
    pub result: Option<TrendResult>,
    pub key: Option<TrendKey>,
    /// Results of the last few other settings for the same filters, newest first.
    pub recent: Vec<(TrendKey, TrendResult)>,
    /// Rows of the pivot in the order shown (positions in `pivot.rows`).
    pub order: Vec<usize>,
    pub changes: Option<Changes>,
    pub changes_key: Option<(Filters, Dim)>,
    /// The incidents passing the filters (without an opened set), and those filters.
    pub selection: Option<(Filters, Selection)>,
    /// How many times the chart and pivot were computed (tests check that drawing and
    /// moving never recompute them).
    pub computed: u64,
}

impl Default for TrendsView {
    fn default() -> TrendsView {
        TrendsView {
            measure: Measure::Incidents,
            every: None,
            split: None,
            rows: Dim::Admin1,
            table: TableView::Pivot,
            changes_by: Dim::Admin1,
            sort: SortCol::Total,
            descending: true,
            row: 0,
            col: 0,
            change_row: 0,
            result: None,
            key: None,
            recent: Vec::new(),
            order: Vec::new(),
            changes: None,
            changes_key: None,
            selection: None,
            computed: 0,
        }
    }
}

impl TrendsView {
    /// Takes what the user chose (measure, period, split, rows, table, sort) from `old`,
    /// as a reload keeps it; results are computed again.
    pub fn carry_settings(&mut self, old: &TrendsView) {
        self.measure = old.measure;
        self.every = old.every;
        self.split = old.split;
        self.rows = old.rows;
        self.table = old.table;
        self.changes_by = old.changes_by;
        self.sort = old.sort;
        self.descending = old.descending;
    }

    /// Columns of the pivot table: the periods, then total, share and change.
    pub fn columns(&self) -> usize {
        self.result
            .as_ref()
            .map_or(0, |r| r.pivot.columns.len() + 3)
    }

    /// Rows of the pivot table, the totals row included.
    pub fn table_rows(&self) -> usize {
        self.result.as_ref().map_or(0, |r| r.pivot.rows.len() + 1)
    }

    /// The order rows are shown in for the current sort.
    pub fn sorted_order(&self) -> Vec<usize> {
        let Some(r) = &self.result else {
            return Vec::new();
        };
        let p = &r.pivot;
        let m = p.measure;
        let mut order: Vec<usize> = (0..p.rows.len()).collect();
        let value = |i: usize| -> Option<i64> {
            match self.sort {
                SortCol::Total => Some(p.row_totals[i].value(m) as i64),
                SortCol::Period(c) => Some(p.cells[i].get(c).map_or(0, |t| t.value(m)) as i64),
                SortCol::Change => r.deltas.get(i).and_then(PeriodChange::delta),
                SortCol::Name => None,
            }
        };
        order.sort_by(|&a, &b| {
            let o = match self.sort {
                SortCol::Name => p.rows[a].cmp(&p.rows[b]),
                _ => value(a).cmp(&value(b)),
            };
            let o = if self.descending { o.reverse() } else { o };
            // Ties keep the pivot's order (largest first, then by name).
            o.then(a.cmp(&b))
        });
        order
    }
}
