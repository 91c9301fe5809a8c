//! A cross-table: rows by a dimension, columns by period or by another dimension, each cell
//! the measure over its incidents, with row, column and grand totals.
//!
//! Totals count each incident once: where a dimension gives an incident several keys (an
//! actor dimension: both parties), a row's total is less than the sum of its cells.

use rayon::prelude::*;

use super::{DayPeriods, Dim, Every, Finder, Keys, Measure, Selection, Span, Tally, rank_order};
use crate::store::{Ix, Store};

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Cols {
    Period(Every),
    Dim(Dim),
}

#[derive(Clone, Debug)]
pub struct Pivot {
    pub measure: Measure,
    pub rows_by: Dim,
    pub cols: Cols,
    pub rows: Vec<String>,
    pub columns: Vec<String>,
    /// Set when the columns are periods.
    pub periods: Option<Vec<Span>>,
    /// `cells[row][column]`.
    pub cells: Vec<Vec<Tally>>,
    pub row_totals: Vec<Tally>,
    pub column_totals: Vec<Tally>,
    pub total: Tally,
}

/// Rows (largest first, ties by name) by `rows`, columns by `cols` (periods in date order,
/// a dimension's values largest first).
pub fn build(store: &Store, sel: &Selection, rows: Dim, cols: Cols, measure: Measure) -> Pivot {
    let periods = match cols {
        Cols::Period(every) => Some(every.periods(store, sel.since, sel.until)),
        Cols::Dim(_) => None,
    };
    // Contiguous chunks in parallel, merged in order: each tally stays newest first.
    let chunk = sel
        .ixs
        .len()
        .div_ceil(rayon::current_num_threads().max(1))
        .max(4096);
    let parts: Vec<Part> = sel
        .ixs
        .par_chunks(chunk)
        .map(|ixs| tabulate(store, ixs, periods.as_deref(), rows, cols))
        .collect();
    let mut parts = parts.into_iter();
    let mut acc = parts
        .next()
        .unwrap_or_else(|| tabulate(store, &[], periods.as_deref(), rows, cols));
    for part in parts {
        acc.absorb(part, periods.is_some());
    }
    let Part {
        row_keys,
        col_keys,
        mut cells,
        row_totals,
        col_totals,
        total,
    } = acc;
    let row_ranked: Vec<(u64, String)> = row_totals
        .iter()
        .zip(&row_keys.keys)
        .map(|(t, k)| (t.value(measure), rows.name(store, k)))
        .collect();
    let row_order = rank_order(&row_ranked);
    let (columns, col_order): (Vec<String>, Vec<usize>) = match (&periods, cols) {
        (Some(p), _) => (
            p.iter().map(|s| s.label.clone()).collect(),
            (0..p.len()).collect(),
        ),
        (None, Cols::Dim(d)) => {
            let ranked: Vec<(u64, String)> = col_totals
                .iter()
                .zip(&col_keys.keys)
                .map(|(t, k)| (t.value(measure), d.name(store, k)))
                .collect();
            let order = rank_order(&ranked);
            (order.iter().map(|&c| ranked[c].1.clone()).collect(), order)
        }
        (None, Cols::Period(_)) => unreachable!("periods are built for period columns"),
    };
    let grid: Vec<Vec<Tally>> = row_order
        .iter()
        .map(|&r| {
            let row = &mut cells[r];
            col_order
                .iter()
                .map(|&c| row.get_mut(c).map(std::mem::take).unwrap_or_default())
                .collect()
        })
        .collect();
    let mut row_totals: Vec<Option<Tally>> = row_totals.into_iter().map(Some).collect();
    let mut col_totals: Vec<Option<Tally>> = col_totals.into_iter().map(Some).collect();
    Pivot {
        measure,
        rows_by: rows,
        cols,
        rows: row_order.iter().map(|&r| row_ranked[r].1.clone()).collect(),
        columns,
        periods,
        cells: grid,
        row_totals: row_order
            .iter()
            .map(|&r| row_totals[r].take().unwrap_or_default())
            .collect(),
        column_totals: col_order
            .iter()
            .map(|&c| col_totals[c].take().unwrap_or_default())
            .collect(),
        total,
    }
}

impl Pivot {
    /// The same pivot counted by `measure`: the tallies hold both counts and fatalities,
    /// so only the order changes (rows, and dimension columns, largest first by the new
    /// measure, ties by name). Equal to building it again with `measure`, without the pass
    /// over the incidents.
    pub fn with_measure(&self, measure: Measure) -> Pivot {
        let ranked: Vec<(u64, String)> = self
            .row_totals
            .iter()
            .zip(&self.rows)
            .map(|(t, n)| (t.value(measure), n.clone()))
            .collect();
        let row_order = rank_order(&ranked);
        let col_order: Vec<usize> = match self.cols {
            Cols::Period(_) => (0..self.columns.len()).collect(),
            Cols::Dim(_) => rank_order(
                &self
                    .column_totals
                    .iter()
                    .zip(&self.columns)
                    .map(|(t, n)| (t.value(measure), n.clone()))
                    .collect::<Vec<_>>(),
            ),
        };
        let empty = Tally::default();
        Pivot {
            measure,
            rows_by: self.rows_by,
            cols: self.cols,
            rows: row_order.iter().map(|&r| self.rows[r].clone()).collect(),
            columns: col_order.iter().map(|&c| self.columns[c].clone()).collect(),
            periods: self.periods.clone(),
            cells: row_order
                .iter()
                .map(|&r| {
                    col_order
                        .iter()
                        .map(|&c| self.cells[r].get(c).unwrap_or(&empty).clone())
                        .collect()
                })
                .collect(),
            row_totals: row_order
                .iter()
                .map(|&r| self.row_totals[r].clone())
                .collect(),
            column_totals: col_order
                .iter()
                .map(|&c| self.column_totals[c].clone())
                .collect(),
            total: self.total.clone(),
        }
    }
}

/// One chunk's counts, keyed by the chunk's own key ids.
struct Part<'a> {
    row_keys: Keys<'a>,
    col_keys: Keys<'a>,
    cells: Vec<Vec<Tally>>,
    row_totals: Vec<Tally>,
    col_totals: Vec<Tally>,
    total: Tally,
}

impl<'a> Part<'a> {
    /// Adds a later chunk's counts (its incidents come after this one's in store order).
    fn absorb(&mut self, other: Part<'a>, period_cols: bool) {
        let col_map: Vec<usize> = if period_cols {
            (0..other.col_totals.len()).collect()
        } else {
            other
                .col_keys
                .keys
                .iter()
                .map(|k| self.col_keys.id(k) as usize)
                .collect()
        };
        for (c, t) in other.col_totals.into_iter().enumerate() {
            let to = col_map[c];
            if to >= self.col_totals.len() {
                self.col_totals.resize(to + 1, Tally::default());
            }
            self.col_totals[to].absorb(t);
        }
        for (r, (t, row)) in other.row_totals.into_iter().zip(other.cells).enumerate() {
            let to = self.row_keys.id(other.row_keys.keys[r]) as usize;
            if to == self.row_totals.len() {
                self.row_totals.push(Tally::default());
                self.cells.push(Vec::new());
            }
            self.row_totals[to].absorb(t);
            let mine = &mut self.cells[to];
            for (c, cell) in row.into_iter().enumerate() {
                if cell.ixs.is_empty() {
                    continue;
                }
                let c = col_map[c];
                if c >= mine.len() {
                    mine.resize(c + 1, Tally::default());
                }
                mine[c].absorb(cell);
            }
        }
        self.total.absorb(other.total);
    }
}

fn tabulate<'a>(
    store: &'a Store,
    ixs: &[Ix],
    periods: Option<&[Span]>,
    rows: Dim,
    cols: Cols,
) -> Part<'a> {
    let facts = store.facts();
    let mut row_keys = Keys::default();
    let mut col_keys = Keys::default();
    // cells[row][column], each row grown as its columns appear.
    let mut cells: Vec<Vec<Tally>> = Vec::new();
    let mut row_totals: Vec<Tally> = Vec::new();
    let mut col_totals: Vec<Tally> = match periods {
        Some(p) => vec![Tally::default(); p.len()],
        None => Vec::new(),
    };
    let mut total = Tally::default();
    let days = DayPeriods::of(periods.unwrap_or(&[]));
    let mut row_finder = Finder::new(store, rows);
    let mut col_finder = match cols {
        Cols::Dim(d) => Some(Finder::new(store, d)),
        Cols::Period(_) => None,
    };
    let (mut rids, mut cids): (Vec<u32>, Vec<u32>) = (Vec::new(), Vec::new());
    for &i in ixs {
        let toll = facts.tolls[i as usize];
        cids.clear();
        match &mut col_finder {
            None => match days.of_date(facts.dates[i as usize]) {
                Some(p) => cids.push(p as u32),
                None => continue,
            },
            Some(finder) => {
                finder.ids(i, &mut col_keys, &mut cids);
                for &c in &cids {
                    if c as usize == col_totals.len() {
                        col_totals.push(Tally::default());
                    }
                }
            }
        }
        total.add_toll(i, toll);
        for &c in &cids {
            col_totals[c as usize].add_toll(i, toll);
        }
        row_finder.ids(i, &mut row_keys, &mut rids);
        for &r in &rids {
            if r as usize == row_totals.len() {
                row_totals.push(Tally::default());
                cells.push(Vec::new());
            }
            row_totals[r as usize].add_toll(i, toll);
            let row = &mut cells[r as usize];
            for &c in &cids {
                if c as usize >= row.len() {
                    row.resize(c as usize + 1, Tally::default());
                }
                row[c as usize].add_toll(i, toll);
            }
        }
    }
    Part {
        row_keys,
        col_keys,
        cells,
        row_totals,
        col_totals,
        total,
    }
}

#[cfg(test)]
mod tests {
    use super::super::fixture::store;
    use super::*;
    use crate::search::filters::Filters;

    fn sel(store: &Store, line: &str) -> Selection {
        Selection::of(store, &Filters::parse(line).unwrap()).unwrap()
    }

    /// Every cell's incidents counted the plain way: each incident's keys read off the
    /// record, its period found by date.
    #[test]
    fn every_dimension_counts_what_its_records_say() {
        let store = store();
        let s = sel(&store, "");
        for dim in Dim::ALL {
            for every in [Every::Week, Every::Month, Every::Quarter] {
                let p = build(&store, &s, dim, Cols::Period(every), Measure::Fatalities);
                let periods = p.periods.as_ref().unwrap();
                let mut want: std::collections::BTreeMap<(String, usize), Vec<Ix>> =
                    Default::default();
                let mut keys = Vec::new();
                for &i in &s.ixs {
                    let inc = store.incident(i);
                    let Some(c) = periods
                        .iter()
                        .position(|sp| sp.start <= inc.date && inc.date <= sp.end)
                    else {
                        continue;
                    };
                    dim.keys(inc, &mut keys);
                    for k in &keys {
                        want.entry((dim.name(&store, k), c)).or_default().push(i);
                    }
                }
                let mut got: std::collections::BTreeMap<(String, usize), Vec<Ix>> =
                    Default::default();
                for (r, row) in p.cells.iter().enumerate() {
                    for (c, cell) in row.iter().enumerate() {
                        if !cell.ixs.is_empty() {
                            got.insert((p.rows[r].clone(), c), cell.ixs.clone());
                        }
                    }
                }
                assert_eq!(got, want, "{dim:?} by {every:?}");
                let best: u64 = s
                    .ixs
                    .iter()
                    .filter_map(|&i| store.incident(i).fatalities.best)
                    .map(u64::from)
                    .sum();
                assert_eq!(p.total.value(Measure::Fatalities), best, "{dim:?}");
            }
        }
    }

    fn grid(p: &Pivot, m: Measure) -> Vec<Vec<u64>> {
        p.cells
            .iter()
            .map(|r| r.iter().map(|t| t.value(m)).collect())
            .collect()
    }

    #[test]
    fn admin1_by_month_matches_the_hand_counts() {
        let store = store();
        let s = sel(&store, "since:2025-05-01");
        let p = build(
            &store,
            &s,
            Dim::Admin1,
            Cols::Period(Every::Month),
            Measure::Incidents,
        );
        assert_eq!(p.columns, ["2025-05", "2025-06", "2025-07"]);
        assert_eq!(p.rows, ["Segou", "Kayes", "Mopti", "Gao", "Sahel"]);
        assert_eq!(
            grid(&p, Measure::Incidents),
            [
                vec![6, 6, 1],
                vec![0, 3, 7],
                vec![1, 0, 3],
                vec![0, 0, 1],
                vec![1, 0, 0]
            ]
        );
        let rt: Vec<u64> = p.row_totals.iter().map(Tally::incidents).collect();
        assert_eq!(rt, [13, 10, 4, 1, 1]);
        let ct: Vec<u64> = p.column_totals.iter().map(Tally::incidents).collect();
        assert_eq!(ct, [8, 9, 12]);
        assert_eq!(p.total.incidents(), 29);
        let f: Vec<u64> = p
            .column_totals
            .iter()
            .map(|t| t.value(Measure::Fatalities))
            .collect();
        assert_eq!(f, [8, 10, 20]);
    }

    #[test]
    fn actor_columns_count_each_party_but_totals_count_each_incident_once() {
        let store = store();
        let s = sel(&store, "country:mali since:2025-07-01");
        let p = build(
            &store,
            &s,
            Dim::Admin1,
            Cols::Dim(Dim::Actor),
            Measure::Incidents,
        );
        assert_eq!(
            p.columns,
            [
                "JNIM",
                "Military Forces of Mali",
                "Civilians",
                "Dozo militia"
            ]
        );
        assert_eq!(p.rows, ["Kayes", "Mopti", "Gao", "Segou"]);
        assert_eq!(
            grid(&p, Measure::Incidents),
            [
                vec![7, 7, 0, 0],
                vec![3, 0, 3, 0],
                vec![1, 1, 0, 0],
                vec![0, 0, 1, 1]
            ]
        );
        // Kayes: 7 incidents, each between JNIM and the army: 14 in the cells, 7 in total.
        assert_eq!(p.row_totals[0].incidents(), 7);
        assert_eq!(p.total.incidents(), 12);
    }

    #[test]
    fn an_empty_selection_gives_empty_rows_and_zero_columns() {
        let store = store();
        let s = sel(&store, "since:2025-02-01 until:2025-03-31");
        let p = build(
            &store,
            &s,
            Dim::Admin2,
            Cols::Period(Every::Month),
            Measure::Fatalities,
        );
        assert!(p.rows.is_empty());
        assert_eq!(p.columns, ["2025-02", "2025-03"]);
        assert!(p.column_totals.iter().all(|t| t.incidents() == 0));
        assert_eq!(p.total.value(Measure::Fatalities), 0);
    }

    #[test]
    fn a_pivot_recounted_by_another_measure_equals_one_built_with_it() {
        let store = store();
        let s = sel(&store, "");
        for (rows, cols) in [
            (Dim::Admin1, Cols::Period(Every::Month)),
            (Dim::Actor, Cols::Dim(Dim::Type)),
            (Dim::Town, Cols::Dim(Dim::Actor)),
        ] {
            let by_incidents = build(&store, &s, rows, cols, Measure::Incidents);
            let by_fatalities = build(&store, &s, rows, cols, Measure::Fatalities);
            assert_ne!(
                by_incidents.rows, by_fatalities.rows,
                "the fixture ranks {rows:?} differently by each measure"
            );
            for (from, to, m) in [
                (&by_incidents, &by_fatalities, Measure::Fatalities),
                (&by_fatalities, &by_incidents, Measure::Incidents),
            ] {
                let re = from.with_measure(m);
                assert_eq!(re.rows, to.rows);
                assert_eq!(re.columns, to.columns);
                assert_eq!(re.row_totals, to.row_totals);
                assert_eq!(re.column_totals, to.column_totals);
                assert_eq!(re.measure, m);
                // Cells beyond a row's last column are absent in a build, empty here.
                for (a, b) in re.cells.iter().zip(&to.cells) {
                    for (c, cell) in a.iter().enumerate() {
                        assert_eq!(cell, b.get(c).unwrap_or(&Tally::default()));
                    }
                }
            }
        }
    }

    #[test]
    fn chunks_merged_in_order_equal_one_pass() {
        let store = store();
        let s = sel(&store, "");
        let months = Every::Month.periods(&store, s.since, s.until);
        for (cols, periods) in [
            (Cols::Period(Every::Month), Some(months.as_slice())),
            (Cols::Dim(Dim::Actor), None),
        ] {
            let mut merged = tabulate(&store, &s.ixs[..10], periods, Dim::Town, cols);
            let rest = tabulate(&store, &s.ixs[10..], periods, Dim::Town, cols);
            merged.absorb(rest, periods.is_some());
            let one = tabulate(&store, &s.ixs, periods, Dim::Town, cols);
            assert_eq!(merged.row_keys.keys, one.row_keys.keys);
            assert_eq!(merged.row_totals, one.row_totals);
            assert_eq!(merged.col_totals, one.col_totals);
            assert_eq!(merged.total, one.total);
            let trim = |c: &[Vec<Tally>]| -> Vec<Vec<Vec<Ix>>> {
                c.iter()
                    .map(|r| {
                        r.iter()
                            .map(|t| t.ixs.clone())
                            .filter(|v| !v.is_empty())
                            .collect()
                    })
                    .collect()
            };
            assert_eq!(trim(&merged.cells), trim(&one.cells));
        }
    }
}
