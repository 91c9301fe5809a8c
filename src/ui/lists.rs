//! The rows of each tab's list: which records pass the filters, in what order, and the
//! per-row figures (counts and fatalities within the filtered incidents).

use rayon::prelude::*;

use super::columns::{self, Column};
use super::nav::Tab;
use crate::search::filters::{Filters, words_match};
use crate::store::{Activity, Ix, Store};
use crate::text::fold;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SortKey {
    Date,
    Fatalities,
    Name,
    Count,
    /// A column of the incidents, actors or towns list (see columns.rs).
    Column(Column),
}

impl SortKey {
    pub fn label(self) -> &'static str {
        match self {
            SortKey::Column(c) => c.label(),
            SortKey::Date => "date",
            SortKey::Fatalities => "fatalities",
            SortKey::Name => "name",
            SortKey::Count => "count",
        }
    }
}

/// One tab's list: rows (record indices), selection and scroll.
#[derive(Clone, Debug)]
pub struct ListView {
    pub rows: Vec<Ix>,
    pub selected: usize,
    pub offset: usize,
    pub sort: SortKey,
    pub descending: bool,
    /// A record shown in the detail because a link led there; cleared when the selection moves.
    pub pinned: Option<Ix>,
    /// The columns shown, in order (incidents, actors, towns; see columns.rs).
    pub columns: Vec<Column>,
}

impl ListView {
    pub fn new(tab: Tab) -> ListView {
        ListView {
            rows: Vec::new(),
            selected: 0,
            offset: 0,
            sort: match tab {
                Tab::Incidents | Tab::Actors | Tab::Towns => {
                    SortKey::Column(columns::default_sort(tab))
                }
                Tab::Briefing | Tab::Map | Tab::Trends => SortKey::Date,
            },
            descending: true,
            pinned: None,
            columns: columns::default_shown(tab),
        }
    }

    pub fn selected_record(&self) -> Option<Ix> {
        self.rows.get(self.selected).copied()
    }

    /// The record the detail shows: a pinned one, else the selected row.
    pub fn current(&self) -> Option<Ix> {
        self.pinned.or_else(|| self.selected_record())
    }

    pub fn select(&mut self, row: usize) {
        self.selected = row.min(self.rows.len().saturating_sub(1));
        self.pinned = None;
    }

    /// Selects the row holding `record` if the list has it; returns whether it did.
    pub fn select_record(&mut self, record: Ix) -> bool {
        match self.rows.iter().position(|&r| r == record) {
            Some(pos) => {
                self.selected = pos;
                true
            }
            None => false,
        }
    }

    /// Keeps the selection on screen in a viewport of `height` rows. When the selection
    /// leaves the viewport, the view jumps by half a page rather than one row: a one-row
    /// scroll rewrites every visible row, so jumping sends a fraction of the bytes per key
    /// over a slow link.
    pub fn scroll_into_view(&mut self, height: usize) {
        let height = height.max(1);
        let jump = if height >= 8 { height / 2 } else { 0 };
        if self.selected < self.offset {
            self.offset = self.selected.saturating_sub(jump);
        } else if self.selected >= self.offset + height {
            self.offset = self.selected + 1 - height + jump;
        }
        let max_offset = self.rows.len().saturating_sub(height);
        self.offset = self.offset.min(max_offset);
    }

    /// Sort keys offered on this tab, in cycling order.
    pub fn sort_keys(tab: Tab) -> &'static [SortKey] {
        match tab {
            Tab::Incidents => &[SortKey::Date, SortKey::Fatalities, SortKey::Name],
            Tab::Briefing | Tab::Map | Tab::Trends => &[SortKey::Date, SortKey::Name],
            _ => &[
                SortKey::Count,
                SortKey::Fatalities,
                SortKey::Name,
                SortKey::Date,
            ],
        }
    }
}

/// Activity of actors and towns within the filtered incidents (the whole store when no
/// filter restricts incidents).
pub struct FilteredActivity {
    pub actors: Vec<Activity>,
    /// Town-level incidents only (see `Incident::is_town_level`).
    pub towns: Vec<Activity>,
    /// Incidents placed no finer than admin1: in no town's activity.
    pub imprecise: usize,
}

pub use crate::search::filters::{TextMatch, filtered_incidents};

/// The reports the store holds, newest first by default; `words` (folded) must all appear
/// in the title, outlet or id.
pub fn report_rows(store: &Store, words: &[String], sort: SortKey, descending: bool) -> Vec<Ix> {
    let mut rows: Vec<Ix> = (0..store.reports.len() as Ix)
        .filter(|&r| {
            let rep = store.report(r);
            let hay = fold(&format!("{} {} {}", rep.title, rep.outlet, rep.id));
            words_match(words, &hay)
        })
        .collect();
    match sort {
        SortKey::Name => rows.sort_by_cached_key(|&r| fold(&store.report(r).title)),
        _ => rows.sort_by_key(|&r| store.report(r).date),
    }
    if descending {
        rows.reverse();
    }
    rows
}

/// The activity of every actor and town within `incidents` (any order, no repeats). Walks
/// the store's per-actor and per-town lists against a bitmap of the incidents rather than
/// looking every incident's names up: at a million incidents a few million bit tests, on
/// every core, instead of a few million hash lookups.
pub fn activity_within(store: &Store, incidents: &[Ix]) -> FilteredActivity {
    let mut member = vec![0u64; store.incidents.len().div_ceil(64)];
    for &i in incidents {
        member[i as usize / 64] |= 1 << (i % 64);
    }
    let facts = store.facts();
    let within = |ixs: &Vec<Ix>| {
        let mut act = Activity::default();
        for &i in ixs {
            if member[i as usize / 64] & (1 << (i % 64)) != 0 {
                act.add_fact(facts.dates[i as usize], facts.tolls[i as usize]);
            }
        }
        act
    };
    let actors = store.by_actor.par_iter().map(within).collect();
    let towns = store.by_town.par_iter().map(within).collect();
    let imprecise = incidents
        .par_iter()
        .filter(|&&i| !facts.town_level[i as usize])
        .count();
    FilteredActivity {
        actors,
        towns,
        imprecise,
    }
}

/// Sorts incident rows. Store order is newest first, so date sorting is an index sort.
pub fn sort_incidents(store: &Store, rows: &mut [Ix], key: SortKey, descending: bool) {
    match key {
        // Column sorts are done by `columns::sort_rows` (they need the list's cells).
        SortKey::Column(_) => return,
        SortKey::Date | SortKey::Count => rows.par_sort_unstable(),
        SortKey::Fatalities => rows.par_sort_by(|&a, &b| {
            let fa = store.incident(a).fatalities.best_or_zero();
            let fb = store.incident(b).fatalities.best_or_zero();
            fa.cmp(&fb).reverse().then(a.cmp(&b))
        }),
        SortKey::Name => rows.par_sort_by(|&a, &b| {
            let ta = store.town_name(&store.incident(a).town);
            let tb = store.town_name(&store.incident(b).town);
            ta.cmp(tb).reverse().then(a.cmp(&b))
        }),
    }
    // The orders above are "most first" (newest, deadliest, Z..A); ascending flips them.
    if !descending {
        rows.reverse();
    }
}

/// Rows for the actors or towns list: records with activity (when filtered), matching the
/// free words on name and aliases, sorted.
pub fn named_rows(
    names: &[(&str, &[String])],
    activity: &[Activity],
    restricted: bool,
    f: &Filters,
    text: Option<&TextMatch>,
    key: SortKey,
    descending: bool,
) -> Vec<Ix> {
    let words: Vec<String> = f.text.split_whitespace().map(fold).collect();
    let rows: Vec<Ix> = (0..names.len() as Ix)
        .filter(|&i| !restricted || activity[i as usize].incidents > 0)
        .filter(|&i| {
            if words.is_empty() {
                return true;
            }
            if let Some(m) = text {
                return m[i as usize];
            }
            let (name, aliases) = names[i as usize];
            let mut text = fold(name);
            for a in aliases {
                text.push(' ');
                text.push_str(&fold(a));
            }
            words_match(&words, &text)
        })
        .collect();
    // Each name folded once, not once per comparison (a world dataset has 100,000s of towns).
    let mut keyed: Vec<(String, Ix)> = rows
        .par_iter()
        .map(|&i| (fold(names[i as usize].0), i))
        .collect();
    keyed.par_sort_by(|(na, a), (nb, b)| {
        let (x, y) = (&activity[*a as usize], &activity[*b as usize]);
        let primary = match key {
            SortKey::Count => x.incidents.cmp(&y.incidents).reverse(),
            SortKey::Fatalities => x.fatalities.best.cmp(&y.fatalities.best).reverse(),
            SortKey::Date => x.last.cmp(&y.last).reverse(),
            SortKey::Name | SortKey::Column(_) => std::cmp::Ordering::Equal,
        };
        primary.then_with(|| na.cmp(nb))
    });
    let mut rows: Vec<Ix> = keyed.into_iter().map(|(_, i)| i).collect();
    // Name sorts A..Z when "descending" (the natural reading order); the others most first.
    if !descending {
        rows.reverse();
    }
    rows
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The activity the way the store first counts it: each incident's actors and town
    /// looked up by name.
    fn counted_by_name(store: &Store, incidents: &[Ix]) -> (Vec<Activity>, Vec<Activity>, usize) {
        let mut actors = vec![Activity::default(); store.actors.len()];
        let mut towns = vec![Activity::default(); store.towns.len()];
        let mut imprecise = 0;
        for &i in incidents {
            let inc = store.incident(i);
            if !inc.is_town_level() {
                imprecise += 1;
            } else if let Some(t) = store.town_ix(&inc.town) {
                towns[t as usize].add(inc);
            }
            let mut seen = Vec::new();
            for a in &inc.actors {
                if let Some(ax) = store.actor_ix(&a.actor)
                    && !seen.contains(&ax)
                {
                    seen.push(ax);
                    actors[ax as usize].add(inc);
                }
            }
        }
        (actors, towns, imprecise)
    }

    #[test]
    fn activity_within_a_filter_equals_counting_each_incident_by_name() {
        let store = Store::open(None).expect("the sample store opens");
        for line in ["country:mali", "type:battles", "since:2025-06-01", ""] {
            let f = Filters::parse(line).unwrap();
            let incidents = filtered_incidents(&store, &f, None);
            assert!(!incidents.is_empty(), "{line}");
            let got = activity_within(&store, &incidents);
            let (actors, towns, imprecise) = counted_by_name(&store, &incidents);
            assert_eq!(got.actors, actors, "{line}");
            assert_eq!(got.towns, towns, "{line}");
            assert_eq!(got.imprecise, imprecise, "{line}");
        }
        // Over every incident it is the store's own activity.
        let all: Vec<Ix> = (0..store.incidents.len() as Ix).collect();
        let got = activity_within(&store, &all);
        assert_eq!(got.actors, store.actor_activity);
        assert_eq!(got.towns, store.town_activity);
        assert!(got.actors.iter().any(|a| a.incidents > 0));
    }
}
