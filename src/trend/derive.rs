//! The chart's series read off a pivot whose rows are the split and whose columns are the
//! periods, so the Trends tab makes one pass over the incidents for both. The result is
//! what [`series::build`] gives for the same selection (a test checks it on the fixture):
//! the pivot ranks its rows as the series are ranked, a row's cells are a series' points
//! and the column totals are the "all" series.

use super::pivot::{Cols, Pivot};
use super::series::{ALL, OTHERS, Series, Trend};
use super::{Dim, Tally};
use crate::store::{Ix, Store};

/// The series of `p` split by `by` (None: one series, "all"), the `top` largest and
/// "others". None when `p`'s columns are not periods or its rows are not `by`.
pub fn series_of(store: &Store, p: &Pivot, by: Option<Dim>, top: usize) -> Option<Trend> {
    let Cols::Period(every) = p.cols else {
        return None;
    };
    let periods = p.periods.clone()?;
    let m = p.measure;
    let Some(dim) = by else {
        let points = p.column_totals.clone();
        let total = points.iter().map(|t| t.value(m)).sum();
        return Some(Trend {
            every,
            measure: m,
            by,
            periods,
            series: vec![Series {
                name: ALL.into(),
                points,
                total,
            }],
        });
    };
    if dim != p.rows_by {
        return None;
    }
    let shown = top.max(1).min(p.rows.len());
    let mut series: Vec<Series> = (0..shown)
        .map(|r| {
            let points: Vec<Tally> = (0..periods.len())
                .map(|c| p.cells[r].get(c).cloned().unwrap_or_default())
                .collect();
            Series {
                name: p.rows[r].clone(),
                total: p.row_totals[r].value(m),
                points,
            }
        })
        .collect();
    if shown < p.rows.len() {
        // Per period: its incidents that are in none of the series shown.
        let points: Vec<Tally> = (0..periods.len())
            .map(|c| {
                let mut inside: Vec<Ix> = series
                    .iter()
                    .flat_map(|s| s.points[c].ixs.iter().copied())
                    .collect();
                inside.sort_unstable();
                inside.dedup();
                let mut others = Tally::default();
                let mut k = 0;
                for &i in &p.column_totals[c].ixs {
                    while k < inside.len() && inside[k] < i {
                        k += 1;
                    }
                    if inside.get(k) != Some(&i) {
                        others.add(i, store.incident(i));
                    }
                }
                others
            })
            .collect();
        let total = points.iter().map(|t| t.value(m)).sum();
        series.push(Series {
            name: OTHERS.into(),
            points,
            total,
        });
    }
    Some(Trend {
        every,
        measure: m,
        by,
        periods,
        series,
    })
}

#[cfg(test)]
mod tests {
    use super::super::fixture::store;
    use super::super::{Every, Measure, Selection, pivot, series};
    use super::*;
    use crate::search::filters::Filters;

    #[test]
    fn series_read_off_the_pivot_equal_series_built_from_the_incidents() {
        let store = store();
        for line in ["", "since:2025-06-01 until:2025-06-30", "country:mali"] {
            let sel = Selection::of(&store, &Filters::parse(line).unwrap()).unwrap();
            for every in [Every::Week, Every::Month] {
                for m in [Measure::Incidents, Measure::Fatalities] {
                    for by in [None, Some(Dim::Actor), Some(Dim::Admin1), Some(Dim::Town)] {
                        for top in [1, 2, 8] {
                            let rows = by.unwrap_or(Dim::Admin1);
                            let p = pivot::build(&store, &sel, rows, Cols::Period(every), m);
                            let got = series_of(&store, &p, by, top).unwrap();
                            let want = series::build(&store, &sel, every, m, by, top);
                            let case = format!("{line:?} {every:?} {m:?} {by:?} top {top}");
                            assert_eq!(got.periods, want.periods, "{case}");
                            assert_eq!(got.series.len(), want.series.len(), "{case}");
                            for (g, w) in got.series.iter().zip(&want.series) {
                                assert_eq!(g.name, w.name, "{case}");
                                assert_eq!(g.total, w.total, "{case}");
                                assert_eq!(g.points, w.points, "{case} {}", g.name);
                            }
                        }
                    }
                }
            }
        }
    }

    #[test]
    fn a_pivot_by_another_dimension_gives_no_series() {
        let store = store();
        let sel = Selection::of(&store, &Filters::default()).unwrap();
        let p = pivot::build(
            &store,
            &sel,
            Dim::Admin1,
            Cols::Period(Every::Month),
            Measure::Incidents,
        );
        assert!(series_of(&store, &p, Some(Dim::Actor), 6).is_none());
        let p = pivot::build(
            &store,
            &sel,
            Dim::Admin1,
            Cols::Dim(Dim::Actor),
            Measure::Incidents,
        );
        assert!(series_of(&store, &p, None, 6).is_none());
    }
}
