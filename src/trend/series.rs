//! A measure per period, for all incidents or split by a dimension into the top series and
//! "others".

use super::{DayPeriods, Dim, Every, Finder, Keys, Measure, Selection, Span, Tally, rank_order};
use crate::store::{Ix, Store};

/// How many series a split shows before "others".
pub const TOP_SERIES: usize = 8;
pub const OTHERS: &str = "others";
pub const ALL: &str = "all";

#[derive(Clone, Debug)]
pub struct Trend {
    pub every: Every,
    pub measure: Measure,
    pub by: Option<Dim>,
    pub periods: Vec<Span>,
    pub series: Vec<Series>,
}

#[derive(Clone, Debug)]
pub struct Series {
    pub name: String,
    /// One per period, in period order.
    pub points: Vec<Tally>,
    /// The measure over all periods (ranks the series).
    pub total: u64,
}

/// The series of `sel` per `every`, split by `by` into the `top` largest and "others" (the
/// incidents in none of the series shown; none when every group is shown).
pub fn build(
    store: &Store,
    sel: &Selection,
    every: Every,
    measure: Measure,
    by: Option<Dim>,
    top: usize,
) -> Trend {
    let periods = every.periods(store, sel.since, sel.until);
    let n = periods.len();
    let facts = store.facts();
    let days = DayPeriods::of(&periods);
    let period_of = |i: Ix| days.of_date(facts.dates[i as usize]);
    let Some(dim) = by else {
        let mut points = vec![Tally::default(); n];
        for &i in &sel.ixs {
            if let Some(p) = period_of(i) {
                points[p].add_toll(i, facts.tolls[i as usize]);
            }
        }
        let total = points.iter().map(|t| t.value(measure)).sum();
        return Trend {
            every,
            measure,
            by,
            periods,
            series: vec![Series {
                name: ALL.into(),
                points,
                total,
            }],
        };
    };
    let mut keys = Keys::default();
    let mut finder = Finder::new(store, dim);
    let mut grid: Vec<Vec<Tally>> = Vec::new();
    let mut ids = Vec::new();
    for &i in &sel.ixs {
        let Some(p) = period_of(i) else {
            continue;
        };
        finder.ids(i, &mut keys, &mut ids);
        for &id in &ids {
            if id as usize == grid.len() {
                grid.push(vec![Tally::default(); n]);
            }
            grid[id as usize][p].add_toll(i, facts.tolls[i as usize]);
        }
    }
    let ranked: Vec<(u64, String)> = grid
        .iter()
        .zip(&keys.keys)
        .map(|(points, k)| {
            (
                points.iter().map(|t| t.value(measure)).sum(),
                dim.name(store, k),
            )
        })
        .collect();
    let order = rank_order(&ranked);
    let shown: Vec<usize> = order.iter().copied().take(top.max(1)).collect();
    let mut is_shown = vec![false; grid.len()];
    for &k in &shown {
        is_shown[k] = true;
    }
    let mut series: Vec<Series> = shown
        .iter()
        .map(|&k| Series {
            name: ranked[k].1.clone(),
            points: std::mem::take(&mut grid[k]),
            total: ranked[k].0,
        })
        .collect();
    if shown.len() < order.len() {
        let mut others = vec![Tally::default(); n];
        // A second pass over the facts (cheaper than keeping every incident's keys): the
        // finder numbers each key as the first pass did.
        for &i in &sel.ixs {
            let Some(p) = period_of(i) else {
                continue;
            };
            finder.ids(i, &mut keys, &mut ids);
            if !ids.iter().any(|&k| is_shown[k as usize]) {
                others[p].add_toll(i, facts.tolls[i as usize]);
            }
        }
        let total = others.iter().map(|t| t.value(measure)).sum();
        series.push(Series {
            name: OTHERS.into(),
            points: others,
            total,
        });
    }
    Trend {
        every,
        measure,
        by,
        periods,
        series,
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

    fn values(t: &Trend, s: usize, m: Measure) -> Vec<u64> {
        t.series[s].points.iter().map(|p| p.value(m)).collect()
    }

    #[test]
    fn monthly_incidents_and_fatalities_match_the_hand_counts() {
        let store = store();
        let s = sel(&store, "");
        let t = build(&store, &s, Every::Month, Measure::Incidents, None, 8);
        let labels: Vec<&str> = t.periods.iter().map(|p| p.label.as_str()).collect();
        assert_eq!(
            labels,
            [
                "2025-01", "2025-02", "2025-03", "2025-04", "2025-05", "2025-06", "2025-07"
            ]
        );
        assert_eq!(t.series.len(), 1);
        assert_eq!(t.series[0].name, "all");
        assert_eq!(values(&t, 0, Measure::Incidents), [1, 0, 0, 1, 8, 9, 12]);
        assert_eq!(values(&t, 0, Measure::Fatalities), [2, 0, 0, 4, 8, 10, 20]);
        let unknown: Vec<u64> = t.series[0]
            .points
            .iter()
            .map(Tally::fatalities_unknown)
            .collect();
        assert_eq!(unknown, [0, 0, 0, 0, 1, 0, 1]);
        // Empty months are zeros with no incidents behind them, not gaps.
        assert!(t.series[0].points[1].ixs.is_empty());
        let jan: Vec<&str> = t.series[0].points[0]
            .ixs
            .iter()
            .map(|&i| store.incident(i).id.as_str())
            .collect();
        assert_eq!(jan, ["t00"]);
    }

    #[test]
    fn a_single_incident_fills_one_point() {
        let store = store();
        let s = sel(&store, "country:burkina_faso");
        let t = build(&store, &s, Every::Quarter, Measure::Incidents, None, 8);
        assert_eq!(values(&t, 0, Measure::Incidents), [0, 1, 0]);
        assert_eq!(t.periods[1].label, "2025-Q2");
    }

    #[test]
    fn a_range_partly_outside_coverage_marks_its_periods_partial() {
        let store = store();
        let s = sel(&store, "since:2024-12-20 until:2025-01-31");
        let t = build(&store, &s, Every::Month, Measure::Incidents, None, 8);
        assert_eq!(t.periods[0].label, "2024-12");
        assert_eq!((t.periods[0].days, t.periods[0].covered_days), (12, 0));
        assert!(t.periods[0].partial);
        assert!(!t.periods[1].partial);
        assert_eq!(values(&t, 0, Measure::Incidents), [0, 1]);
    }

    #[test]
    fn split_by_town_ranks_ties_by_name_and_keeps_imprecise_places_apart() {
        let store = store();
        let s = sel(&store, "since:2025-06-01 until:2025-06-30");
        let t = build(
            &store,
            &s,
            Every::Month,
            Measure::Incidents,
            Some(Dim::Town),
            8,
        );
        let names: Vec<(&str, u64)> = t
            .series
            .iter()
            .map(|s| (s.name.as_str(), s.total))
            .collect();
        assert_eq!(
            names,
            [
                ("Segou, Mali", 6),
                ("(placed only by region or country)", 1),
                ("Kayes, Mali", 1),
                ("Nioro du Sahel, Mali", 1)
            ]
        );
        // The top two shown, the rest are "others".
        let t = build(
            &store,
            &s,
            Every::Month,
            Measure::Incidents,
            Some(Dim::Town),
            2,
        );
        let names: Vec<&str> = t.series.iter().map(|s| s.name.as_str()).collect();
        assert_eq!(
            names,
            [
                "Segou, Mali",
                "(placed only by region or country)",
                "others"
            ]
        );
        assert_eq!(values(&t, 2, Measure::Incidents), [2]);
    }

    #[test]
    fn split_by_actor_counts_an_incident_for_each_party_and_others_once() {
        let store = store();
        let s = sel(&store, "");
        let t = build(
            &store,
            &s,
            Every::Month,
            Measure::Incidents,
            Some(Dim::Actor),
            1,
        );
        assert_eq!(
            (t.series[0].name.as_str(), t.series[0].total),
            ("Civilians", 18)
        );
        // Others: the incidents civilians are not party to, each once (two actors each).
        assert_eq!(t.series[1].name, "others");
        assert_eq!(t.series[1].total, 13);
        let t = build(
            &store,
            &s,
            Every::Month,
            Measure::Incidents,
            Some(Dim::Actor),
            8,
        );
        let jnim = t.series.iter().find(|s| s.name == "JNIM").unwrap();
        assert_eq!(jnim.total, 17);
        assert_eq!(values(&t, 1, Measure::Incidents), [1, 0, 0, 1, 1, 3, 11]);
        assert!(t.series.iter().all(|s| s.name != "others"));
    }
}
