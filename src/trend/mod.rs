//! Trends: incidents or fatalities over time (`series`), cross-tabulated (`pivot`), and each
//! area's or actor's period against its own recent baseline (`changes`). Pure queries over
//! the store, beside `brief`; `render` turns the results into text, CSV, markdown, JSON and
//! `svg` into a chart. Every point and cell keeps the incidents behind it.

pub mod changes;
pub mod compare;
pub mod derive;
pub mod pivot;
pub mod render;
pub mod series;
pub mod svg;

use chrono::{Datelike, Days, NaiveDate};
use rustc_hash::FxHashMap;

use crate::calendar;
use crate::model::{FatalityTotal, Incident};
use crate::search::filters::{Filters, filtered_incidents};
use crate::store::facts::{Field, Keyed, Parties, Toll, counts_for_actor};
use crate::store::{Ix, Store};

/// How long one period of a series is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Every {
    /// ISO weeks, Monday to Sunday ("2025-W27").
    Week,
    /// Calendar months ("2025-07").
    Month,
    /// Calendar quarters ("2025-Q3").
    Quarter,
}

impl Every {
    pub fn key(self) -> &'static str {
        match self {
            Every::Week => "week",
            Every::Month => "month",
            Every::Quarter => "quarter",
        }
    }

    /// The period that fits a span: weeks up to about four months, months up to three
    /// years, quarters beyond (so a chart has between a dozen and fifty-odd points).
    pub fn fitting(since: NaiveDate, until: NaiveDate) -> Every {
        match (until - since).num_days() + 1 {
            ..=120 => Every::Week,
            121..=1096 => Every::Month,
            _ => Every::Quarter,
        }
    }

    /// The first day of the period holding `d`.
    pub fn start_of(self, d: NaiveDate) -> NaiveDate {
        match self {
            Every::Week => calendar::monday_of(d),
            Every::Month => calendar::first_of_month(d),
            Every::Quarter => calendar::first_of_quarter(d),
        }
    }

    /// The first day of the period after the one starting at `start`.
    pub fn next(self, start: NaiveDate) -> NaiveDate {
        match self {
            Every::Week => start + Days::new(7),
            Every::Month => calendar::next_month(start),
            Every::Quarter => {
                calendar::next_month(calendar::next_month(calendar::next_month(start)))
            }
        }
    }

    pub fn label(self, d: NaiveDate) -> String {
        match self {
            Every::Week => calendar::week_label(d),
            Every::Month => calendar::month_label(d),
            Every::Quarter => calendar::quarter_label(d),
        }
    }

    /// The periods from the one holding `since` to the one holding `until`, each clipped
    /// to `since..=until`, with how many of their days the store covers.
    pub fn periods(self, store: &Store, since: NaiveDate, until: NaiveDate) -> Vec<Span> {
        let mut out = Vec::new();
        let mut start = self.start_of(since);
        while start <= until {
            let next = self.next(start);
            let (from, to) = (start.max(since), (next - Days::new(1)).min(until));
            let whole_days = (next - start).num_days() as u32;
            let days = (to - from).num_days() as u32 + 1;
            let covered_days = store.covered_days(from, to);
            out.push(Span {
                label: self.label(start),
                start: from,
                end: to,
                days,
                covered_days,
                partial: days < whole_days || covered_days < days,
            });
            start = next;
        }
        out
    }
}

/// One period of a series, as counted.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Span {
    /// "2025-W27", "2025-07" or "2025-Q3".
    pub label: String,
    /// First and last day counted (the first and last periods may be cut by the range).
    pub start: NaiveDate,
    pub end: NaiveDate,
    pub days: u32,
    pub covered_days: u32,
    /// True when the period is cut by the range or the store covers only part of it: its
    /// figure is not comparable with whole periods.
    pub partial: bool,
}

/// What a figure counts.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Measure {
    Incidents,
    /// The sum of best estimates (see [`FatalityTotal`]); incidents with no figure are
    /// counted apart, never as zero.
    Fatalities,
}

impl Measure {
    pub fn key(self) -> &'static str {
        match self {
            Measure::Incidents => "incidents",
            Measure::Fatalities => "fatalities",
        }
    }
}

/// What incidents are grouped by.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Dim {
    /// Each party to the incident (and a claimant of it): an incident between two actors
    /// counts for both.
    Actor,
    Country,
    Admin1,
    Admin2,
    /// Only incidents placed at town level ([`Incident::is_town_level`]); the rest are in
    /// one row of their own.
    Town,
    Type,
    SubType,
    /// The dataset each incident came from (one group in a store of one dataset).
    Dataset,
}

impl Dim {
    pub const ALL: [Dim; 8] = [
        Dim::Actor,
        Dim::Country,
        Dim::Admin1,
        Dim::Admin2,
        Dim::Town,
        Dim::Type,
        Dim::SubType,
        Dim::Dataset,
    ];

    pub fn key(self) -> &'static str {
        match self {
            Dim::Actor => "actor",
            Dim::Country => "country",
            Dim::Admin1 => "admin1",
            Dim::Admin2 => "admin2",
            Dim::Town => "town",
            Dim::Type => "type",
            Dim::SubType => "sub_type",
            Dim::Dataset => "dataset",
        }
    }

    /// The group of incidents that have no value for this dimension.
    pub fn none_label(self) -> &'static str {
        match self {
            Dim::Actor => "(no actor)",
            Dim::Country => "(no country)",
            Dim::Admin1 => "(no admin1)",
            Dim::Admin2 => "(no admin2)",
            Dim::Town => "(placed only by region or country)",
            Dim::Type => "(no event type)",
            Dim::SubType => "(no sub-type)",
            Dim::Dataset => "(no dataset)",
        }
    }

    /// The raw keys an incident counts for (ids for actors and towns, names otherwise),
    /// each once; an empty key stands for [`Dim::none_label`].
    pub fn keys<'a>(self, inc: &'a Incident, out: &mut Vec<&'a str>) {
        out.clear();
        match self {
            Dim::Actor => {
                for r in &inc.actors {
                    if counts_for_actor(r.role) && !out.contains(&r.actor.as_str()) {
                        out.push(r.actor.as_str());
                    }
                }
                if out.is_empty() {
                    out.push("");
                }
            }
            Dim::Country => out.push(&inc.country),
            Dim::Admin1 => out.push(&inc.admin1),
            Dim::Admin2 => out.push(&inc.admin2),
            Dim::Town => out.push(if inc.is_town_level() { &inc.town } else { "" }),
            Dim::Type => out.push(&inc.event_type),
            Dim::SubType => out.push(&inc.sub_event_type),
            Dim::Dataset => out.push(if inc.dataset.is_empty() {
                DATASET_KEY
            } else {
                &inc.dataset
            }),
        }
    }

    /// The store's per-incident field this dimension is, when it has one value per
    /// incident (see [`crate::store::facts`]); the actor dimension has several.
    pub fn field(self) -> Option<Field> {
        Some(match self {
            Dim::Actor => return None,
            Dim::Country => Field::Country,
            Dim::Admin1 => Field::Admin1,
            Dim::Admin2 => Field::Admin2,
            Dim::Town => Field::TownLevelTown,
            Dim::Type => Field::EventType,
            Dim::SubType => Field::SubEventType,
            Dim::Dataset => Field::Dataset,
        })
    }

    /// The raw key of a field's value: what [`Self::keys`] gives for it.
    pub fn key_of(self, value: &str) -> &str {
        if self == Dim::Dataset && value.is_empty() {
            DATASET_KEY
        } else {
            value
        }
    }

    /// What a raw key is called in outputs.
    pub fn name(self, store: &Store, key: &str) -> String {
        if key.is_empty() {
            return self.none_label().to_string();
        }
        match self {
            Dim::Actor => store.actor_name(key).to_string(),
            Dim::Town => match store.town_ix(key) {
                Some(t) => {
                    let t = store.town(t);
                    format!("{}, {}", t.name, t.country)
                }
                None => key.to_string(),
            },
            Dim::Dataset if key == DATASET_KEY => store.meta.dataset.clone(),
            _ => key.to_string(),
        }
    }
}

const DATASET_KEY: &str = "\u{0}dataset";

/// The open store's title, or its file when it has none.
pub fn dataset_name(store: &Store) -> String {
    if store.meta.title.trim().is_empty() {
        store.source.clone()
    } else {
        store.meta.title.clone()
    }
}

/// How a chunk finds an incident's key ids of one dimension.
enum Finder<'a> {
    /// One value per incident, from the store's facts: `local[id]` is the chunk's key id
    /// of the value numbered `id` there (`u32::MAX` until first seen), so no key's text is
    /// hashed more than once per chunk.
    Facts {
        dim: Dim,
        keyed: &'a Keyed,
        local: Vec<u32>,
    },
    /// Several values per incident (the actor dimension), from the store's facts, `local`
    /// as above; an incident naming no party is counted under the empty key.
    Parties {
        parties: &'a Parties,
        local: Vec<u32>,
        none: Option<u32>,
    },
}

impl<'a> Finder<'a> {
    fn new(store: &'a Store, dim: Dim) -> Finder<'a> {
        match dim.field() {
            Some(f) => {
                let keyed = store.keyed(f);
                Finder::Facts {
                    dim,
                    keyed,
                    local: vec![u32::MAX; keyed.keys.len()],
                }
            }
            None => {
                let parties = store.parties();
                Finder::Parties {
                    parties,
                    local: vec![u32::MAX; parties.keys.len()],
                    none: None,
                }
            }
        }
    }

    /// The chunk's key ids of incident `i`, numbering new keys in `keys`.
    fn ids(&mut self, i: Ix, keys: &mut Keys<'a>, out: &mut Vec<u32>) {
        out.clear();
        match self {
            Finder::Facts { dim, keyed, local } => {
                let id = keyed.ids[i as usize] as usize;
                if local[id] == u32::MAX {
                    local[id] = keys.id(dim.key_of(&keyed.keys[id]));
                }
                out.push(local[id]);
            }
            Finder::Parties {
                parties,
                local,
                none,
            } => {
                for &id in parties.of(i as usize) {
                    let id = id as usize;
                    if local[id] == u32::MAX {
                        local[id] = keys.id(&parties.keys[id]);
                    }
                    out.push(local[id]);
                }
                if out.is_empty() {
                    out.push(*none.get_or_insert_with(|| keys.id("")));
                }
            }
        }
    }
}

/// The period of each day from the first period's start: a lookup instead of a search.
struct DayPeriods {
    base: i32,
    by_day: Vec<u32>,
}

impl DayPeriods {
    fn of(periods: &[Span]) -> DayPeriods {
        let (Some(first), Some(last)) = (periods.first(), periods.last()) else {
            return DayPeriods {
                base: 0,
                by_day: Vec::new(),
            };
        };
        let base = first.start.num_days_from_ce();
        let len = (last.end.num_days_from_ce() - base + 1).max(0) as usize;
        let mut by_day = vec![u32::MAX; len];
        for (p, span) in periods.iter().enumerate() {
            let (from, to) = (span.start.num_days_from_ce(), span.end.num_days_from_ce());
            for d in from..=to {
                by_day[(d - base) as usize] = p as u32;
            }
        }
        DayPeriods { base, by_day }
    }

    /// The position of the period holding `d`; None outside them all.
    fn of_date(&self, d: NaiveDate) -> Option<usize> {
        let day = usize::try_from(d.num_days_from_ce() - self.base).ok()?;
        self.by_day
            .get(day)
            .filter(|&&p| p != u32::MAX)
            .map(|&p| p as usize)
    }
}

/// Raw keys numbered in the order first seen.
#[derive(Default)]
struct Keys<'a> {
    ids: FxHashMap<&'a str, u32>,
    keys: Vec<&'a str>,
}

impl<'a> Keys<'a> {
    fn id(&mut self, key: &'a str) -> u32 {
        if let Some(&id) = self.ids.get(key) {
            return id;
        }
        let id = self.keys.len() as u32;
        self.ids.insert(key, id);
        self.keys.push(key);
        id
    }
}

/// Incidents counted together: how many, their fatalities, and (unless counted only)
/// which, in store order, newest first.
#[derive(Clone, Debug, PartialEq)]
pub struct Tally {
    pub fatalities: FatalityTotal,
    /// The incidents counted (empty for a count-only tally).
    pub ixs: Vec<Ix>,
    count: u64,
}

impl Default for Tally {
    fn default() -> Tally {
        Tally {
            fatalities: FatalityTotal::new(),
            ixs: Vec::new(),
            count: 0,
        }
    }
}

impl Tally {
    pub fn add(&mut self, ix: Ix, inc: &Incident) {
        self.count_only(inc);
        self.ixs.push(ix);
    }

    /// [`Self::add`] from the incident's [`Toll`] (the store's facts).
    pub fn add_toll(&mut self, ix: Ix, toll: Toll) {
        self.fatalities.add_figures(toll.low, toll.best, toll.high);
        self.count += 1;
        self.ixs.push(ix);
    }

    /// Counts `inc` without keeping which it was.
    pub fn count_only(&mut self, inc: &Incident) {
        self.fatalities.add(&inc.fatalities);
        self.count += 1;
    }

    /// Adds the counts of incidents that come after these in store order.
    pub fn absorb(&mut self, other: Tally) {
        let (a, b) = (&mut self.fatalities, other.fatalities);
        a.incidents += b.incidents;
        a.best += b.best;
        a.unknown += b.unknown;
        a.low += b.low;
        a.high = a.high.zip(b.high).map(|(x, y)| x + y);
        self.count += other.count;
        if self.ixs.is_empty() {
            self.ixs = other.ixs;
        } else {
            self.ixs.extend_from_slice(&other.ixs);
        }
    }

    pub fn incidents(&self) -> u64 {
        self.count
    }

    pub fn value(&self, m: Measure) -> u64 {
        match m {
            Measure::Incidents => self.incidents(),
            Measure::Fatalities => self.fatalities.best,
        }
    }

    /// Incidents with no fatality figure (not in a fatalities value, not zero either).
    pub fn fatalities_unknown(&self) -> u64 {
        self.fatalities.unknown
    }
}

/// The incidents a trend or pivot counts and the days it spans.
#[derive(Clone, Debug)]
pub struct Selection {
    /// Passing the filters, newest first.
    pub ixs: Vec<Ix>,
    pub since: NaiveDate,
    pub until: NaiveDate,
}

impl Selection {
    /// The incidents passing `filters`, over their `since..until`, or the store's coverage
    /// where they give no date. None for a store with no incidents and no coverage.
    pub fn of(store: &Store, filters: &Filters) -> Option<Selection> {
        let (from, to) = store.coverage()?;
        let since = filters.since.unwrap_or(from);
        let until = filters.until.unwrap_or(to);
        let mut f = filters.clone();
        f.since = Some(since);
        f.until = Some(until);
        Some(Selection {
            ixs: filtered_incidents(store, &f, None),
            since,
            until,
        })
    }
}

/// Ranks names by value, largest first, ties by name: the one order every table uses.
fn rank_order(values: &[(u64, String)]) -> Vec<usize> {
    let mut order: Vec<usize> = (0..values.len()).collect();
    order.sort_by(|&a, &b| {
        values[b]
            .0
            .cmp(&values[a].0)
            .then_with(|| values[a].1.cmp(&values[b].1))
    });
    order
}

#[cfg(test)]
pub(crate) mod fixture {
    use crate::store::Store;

    /// tests/fixtures/trend/store.json: hand-counted incidents (see its README).
    pub fn store() -> Store {
        let json = include_str!("../../tests/fixtures/trend/store.json");
        Store::from_bytes(
            std::path::Path::new("trend.json"),
            json.as_bytes(),
            &|_, _| {},
        )
        .unwrap()
    }

    pub fn d(s: &str) -> chrono::NaiveDate {
        chrono::NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }
}

#[cfg(test)]
mod tests {
    use super::fixture::d;
    use super::*;

    #[test]
    fn periods_are_clipped_to_the_range_and_marked_partial() {
        let store = fixture::store();
        let spans = Every::Month.periods(&store, d("2025-05-10"), d("2025-07-31"));
        let labels: Vec<&str> = spans.iter().map(|s| s.label.as_str()).collect();
        assert_eq!(labels, ["2025-05", "2025-06", "2025-07"]);
        assert_eq!((spans[0].start, spans[0].days), (d("2025-05-10"), 22));
        assert!(spans[0].partial);
        assert!(!spans[2].partial);
        let days = DayPeriods::of(&spans);
        assert_eq!(days.of_date(d("2025-06-30")), Some(1));
        assert_eq!(days.of_date(d("2025-07-01")), Some(2));
        assert_eq!(days.of_date(d("2025-07-31")), Some(2));
        assert_eq!(days.of_date(d("2025-05-09")), None);
        assert_eq!(days.of_date(d("2025-08-01")), None);
        assert_eq!(days.of_date(d("1990-01-01")), None);
        let q = Every::Quarter.periods(&store, d("2025-05-10"), d("2025-07-31"));
        assert_eq!(q.len(), 2);
        assert_eq!(
            (q[1].label.as_str(), q[1].start),
            ("2025-Q3", d("2025-07-01"))
        );
    }

    #[test]
    fn the_fitting_period_grows_with_the_span() {
        assert_eq!(
            Every::fitting(d("2025-01-01"), d("2025-03-31")),
            Every::Week
        );
        assert_eq!(
            Every::fitting(d("2024-01-01"), d("2025-12-31")),
            Every::Month
        );
        assert_eq!(
            Every::fitting(d("2015-01-01"), d("2025-12-31")),
            Every::Quarter
        );
    }
}
