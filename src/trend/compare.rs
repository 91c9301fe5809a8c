//! A pivot row's last period against the period of the same length just before it, and
//! where an actor is expanding: towns where it is active in a change window's period and
//! not in its look-back window. The Trends tab's "change" column and the map's expansion
//! marks; arithmetic kept here so the UI only shows it.

use chrono::{Days, NaiveDate};

use super::changes::{self, Band, Window};
use super::pivot::Pivot;
use super::{Dim, Tally};
use crate::model::ActorKind;
use crate::store::{Ix, Store};

/// The last period's figure against the same number of days just before it.
#[derive(Clone, Debug, PartialEq)]
pub struct PeriodChange {
    pub current: u64,
    /// None when the days before are outside the columns or the store's coverage holds
    /// fewer of them than the period has (nothing comparable).
    pub previous: Option<u64>,
    /// The days compared: `since..=until` against `prev_since..=prev_until`.
    pub since: NaiveDate,
    pub until: NaiveDate,
    pub prev_since: NaiveDate,
    pub prev_until: NaiveDate,
}

impl PeriodChange {
    /// Current minus previous.
    pub fn delta(&self) -> Option<i64> {
        self.previous.map(|p| self.current as i64 - p as i64)
    }

    /// The change in percent of the previous, None when it was zero or not comparable.
    pub fn percent(&self) -> Option<i64> {
        match self.previous {
            Some(p) if p > 0 => {
                Some(((self.current as f64 - p as f64) * 100.0 / p as f64).round() as i64)
            }
            _ => None,
        }
    }
}

/// For a pivot with period columns: each row's last period (and the totals', last in the
/// result) against the days of the same length before it, counted among the pivot's own
/// incidents. Empty for a pivot without period columns or periods.
pub fn last_period(store: &Store, p: &Pivot) -> Vec<PeriodChange> {
    let Some(periods) = p.periods.as_deref() else {
        return Vec::new();
    };
    let (Some(last), Some(first)) = (periods.last(), periods.first()) else {
        return Vec::new();
    };
    let days = (last.end - last.start).num_days() as u64 + 1;
    let prev_until = last.start - Days::new(1);
    let prev_since = last.start - Days::new(days);
    let comparable = prev_since >= first.start
        && store.covered_days(prev_since, prev_until) as u64 >= days
        && periods.len() >= 2;
    let n = periods.len();
    let count = |cells: &[&Tally], current: &Tally| -> PeriodChange {
        let previous = comparable.then(|| {
            let mut seen = Tally::default();
            for t in cells {
                for &i in &t.ixs {
                    let inc = store.incident(i);
                    if inc.date >= prev_since && inc.date <= prev_until {
                        seen.add(i, inc);
                    }
                }
            }
            seen.value(p.measure)
        });
        PeriodChange {
            current: current.value(p.measure),
            previous,
            since: last.start,
            until: last.end,
            prev_since,
            prev_until,
        }
    };
    // The columns the days before can fall in: those that end on or after prev_since.
    let from = periods.partition_point(|s| s.end < prev_since);
    let mut out: Vec<PeriodChange> = p
        .cells
        .iter()
        .map(|row| {
            let before: Vec<&Tally> = row.iter().take(n - 1).skip(from).collect();
            let empty = Tally::default();
            count(&before, row.get(n - 1).unwrap_or(&empty))
        })
        .collect();
    let before: Vec<&Tally> = p.column_totals.iter().take(n - 1).skip(from).collect();
    let empty = Tally::default();
    out.push(count(&before, p.column_totals.get(n - 1).unwrap_or(&empty)));
    out
}

/// A town where an actor is active in the window's period and was not in its look-back.
#[derive(Clone, Debug, PartialEq)]
pub struct Expansion {
    pub actor: String,
    pub actor_name: String,
    pub town: Ix,
    /// The actor's incidents in the town in the period, newest first.
    pub ixs: Vec<Ix>,
}

/// Towns new to an actor: for each armed actor (not civilians, protesters or rioters) with
/// incidents in the period, [`changes::of_incidents`] by town over its incidents in the
/// period and the look-back window, keeping the first activities. Nothing when the window has no baseline. `ixs` newest first, none
/// after `window.until`. Most incidents first, then by actor and town name.
pub fn expanding(store: &Store, ixs: &[Ix], window: Window) -> Vec<Expansion> {
    if !window.has_baseline() {
        return Vec::new();
    }
    let mut by_actor: rustc_hash::FxHashMap<&str, (Vec<Ix>, bool)> = Default::default();
    let mut buf = Vec::new();
    for &i in ixs {
        let inc = store.incident(i);
        // Only the period and its look-back decide (and keep this cheap at a million).
        if inc.date > window.until || inc.date < window.baseline_since {
            continue;
        }
        Dim::Actor.keys(inc, &mut buf);
        for &k in &buf {
            if k.is_empty() {
                continue;
            }
            let e = by_actor.entry(k).or_default();
            e.0.push(i);
            e.1 |= inc.date >= window.since;
        }
    }
    let mut out = Vec::new();
    for (actor, (list, active)) in by_actor {
        let armed = store.actor_ix(actor).is_none_or(|a| {
            !matches!(
                store.actor(a).kind,
                ActorKind::Civilians | ActorKind::Protesters | ActorKind::Rioters
            )
        });
        if !active || !armed {
            continue;
        }
        let c = changes::of_incidents(store, &list, window, Dim::Town, None);
        for item in c
            .items
            .into_iter()
            .filter(|i| i.band == Band::FirstActivity)
        {
            let Some(town) = store.town_ix(&item.key) else {
                continue;
            };
            out.push(Expansion {
                actor: actor.to_string(),
                actor_name: store.actor_name(actor).to_string(),
                town,
                ixs: item.ixs,
            });
        }
    }
    out.sort_by(|a, b| {
        b.ixs
            .len()
            .cmp(&a.ixs.len())
            .then_with(|| a.actor_name.cmp(&b.actor_name))
            .then_with(|| store.town(a.town).name.cmp(&store.town(b.town).name))
    });
    out
}

#[cfg(test)]
mod tests {
    use super::super::fixture::{d, store};
    use super::super::pivot::{self, Cols};
    use super::super::{Every, Measure, Selection};
    use super::*;
    use crate::search::filters::{Filters, filtered_incidents};

    fn sel(store: &Store, line: &str) -> Selection {
        Selection::of(store, &Filters::parse(line).unwrap()).unwrap()
    }

    #[test]
    fn the_last_month_is_compared_with_the_same_days_before_it() {
        let store = store();
        let s = sel(&store, "since:2025-05-01");
        let p = pivot::build(
            &store,
            &s,
            Dim::Admin1,
            Cols::Period(Every::Month),
            Measure::Incidents,
        );
        let c = last_period(&store, &p);
        // Rows Segou, Kayes, Mopti, Gao, Sahel, then the totals.
        assert_eq!(c.len(), 6);
        // July is whole (the store covers to 31 July): 31 days against 31 May to 30 June.
        assert_eq!((c[0].since, c[0].until), (d("2025-07-01"), d("2025-07-31")));
        assert_eq!(
            (c[0].prev_since, c[0].prev_until),
            (d("2025-05-31"), d("2025-06-30"))
        );
        // Totals: 12 in July; June's 9 (nothing on 31 May).
        assert_eq!((c[5].current, c[5].previous), (12, Some(9)));
        // Kayes: 7 in July, 3 in June (and none on 31 May).
        assert_eq!((c[1].current, c[1].previous), (7, Some(3)));
        assert_eq!(c[1].delta(), Some(4));
        assert_eq!(c[1].percent(), Some(133));
    }

    #[test]
    fn a_single_period_or_days_outside_coverage_compare_nothing() {
        let store = store();
        let s = sel(&store, "since:2025-07-01");
        let p = pivot::build(
            &store,
            &s,
            Dim::Admin1,
            Cols::Period(Every::Month),
            Measure::Incidents,
        );
        let c = last_period(&store, &p);
        assert!(
            c.iter()
                .all(|c| c.previous.is_none() && c.delta().is_none())
        );
        // The last week, 30 December to 2 January, against 26-29 December: before the
        // store's coverage (from 1 January).
        let s = sel(&store, "since:2024-12-20 until:2025-01-02");
        let p = pivot::build(
            &store,
            &s,
            Dim::Admin1,
            Cols::Period(Every::Week),
            Measure::Incidents,
        );
        let c = last_period(&store, &p);
        let total = c.last().unwrap();
        assert_eq!(total.prev_since, d("2024-12-26"));
        assert!(total.previous.is_none());
    }

    #[test]
    fn expansion_finds_towns_new_to_an_actor_and_skips_civilians() {
        let store = store();
        let w = Window::of(&store, None, None).unwrap();
        let f = Filters {
            until: Some(w.until),
            ..Filters::default()
        };
        let ixs = filtered_incidents(&store, &f, None);
        let e = expanding(&store, &ixs, w);
        // Gao (t17, 20 July) is new to JNIM and the army in the period: their last incident
        // there (t00, 10 January) is before the look-back window. Kayes, Nioro and Mopti
        // are not new to JNIM; Civilians are not an actor that expands.
        let got: Vec<(&str, &str, usize)> = e
            .iter()
            .map(|x| {
                (
                    x.actor_name.as_str(),
                    store.town(x.town).name.as_str(),
                    x.ixs.len(),
                )
            })
            .collect();
        assert_eq!(
            got,
            [("JNIM", "Gao", 1), ("Military Forces of Mali", "Gao", 1)]
        );
        for x in &e {
            assert_ne!(x.actor_name, "Civilians");
            // Active in the period in that town, and not in the look-back window.
            let town = store.town(x.town).id.as_str();
            assert!(!x.ixs.is_empty());
            let before = ixs.iter().any(|&i| {
                let inc = store.incident(i);
                inc.town.as_str() == town
                    && inc.date >= w.baseline_since
                    && inc.date < w.since
                    && inc
                        .actors
                        .iter()
                        .any(|r| r.actor.as_str() == x.actor.as_str())
            });
            assert!(!before, "{} in {town}", x.actor_name);
        }
        // Too short a baseline: nothing is called expanding.
        let w = Window::of(&store, Some(d("2025-01-15")), Some(d("2025-02-28"))).unwrap();
        assert!(expanding(&store, &ixs, w).is_empty());
    }
}
