//! Change detection: each area or actor in a period against its own recent baseline, in
//! bands, with a guard so that small numbers never read as a surge.

use super::{Dim, Keys};
use crate::search::filters::{Filters, filtered_incidents};
use crate::store::{Ix, Store};
use chrono::{Days, NaiveDate};

/// Days in the default period (four weeks up to the newest incident).
pub const DEFAULT_DAYS: u32 = 28;
/// The baseline is at least this many weeks, or three times the period when that is more
/// (as the briefing's sharp rises).
pub const BASELINE_WEEKS: u32 = 12;
/// Fewest incidents above or below the baseline for a moderate change, and for a large one.
pub const MODERATE_MARGIN: f64 = 3.0;
pub const LARGE_MARGIN: f64 = 5.0;

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Band {
    LargeRise,
    ModerateRise,
    FirstActivity,
    ModerateFall,
    LargeFall,
    Stable,
    /// The store does not cover enough days before the period to say.
    NoBaseline,
}

impl Band {
    pub fn key(self) -> &'static str {
        match self {
            Band::LargeRise => "large_rise",
            Band::ModerateRise => "moderate_rise",
            Band::FirstActivity => "first_activity",
            Band::ModerateFall => "moderate_fall",
            Band::LargeFall => "large_fall",
            Band::Stable => "stable",
            Band::NoBaseline => "no_baseline",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Band::LargeRise => "large rise",
            Band::ModerateRise => "moderate rise",
            Band::FirstActivity => "first activity",
            Band::ModerateFall => "moderate fall",
            Band::LargeFall => "large fall",
            Band::Stable => "stable",
            Band::NoBaseline => "no baseline",
        }
    }
}

/// The band for `current` incidents against `expected` (the baseline scaled to the period)
/// from `baseline` incidents. See [`rule`].
pub fn band(current: u64, baseline: u64, expected: f64) -> Band {
    if baseline == 0 {
        return if current > 0 {
            Band::FirstActivity
        } else {
            Band::Stable
        };
    }
    let c = current as f64;
    let diff = c - expected;
    if c >= 2.0 * expected && diff >= LARGE_MARGIN {
        Band::LargeRise
    } else if c >= 1.25 * expected && diff >= MODERATE_MARGIN {
        Band::ModerateRise
    } else if c <= 0.5 * expected && -diff >= LARGE_MARGIN {
        Band::LargeFall
    } else if c <= 0.8 * expected && -diff >= MODERATE_MARGIN {
        Band::ModerateFall
    } else {
        Band::Stable
    }
}

/// The period and the window before it that it is compared with.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Window {
    pub since: NaiveDate,
    pub until: NaiveDate,
    pub days: u32,
    pub baseline_since: NaiveDate,
    pub baseline_until: NaiveDate,
    /// The baseline's days inside the store's coverage (the baseline starts no earlier
    /// than the coverage).
    pub baseline_days: u32,
}

impl Window {
    /// `since..=until` (default: the 28 days up to the newest incident) and the baseline
    /// before it: `BASELINE_WEEKS` weeks or three times the period, cut to the store's
    /// coverage. None for an empty store.
    pub fn of(store: &Store, since: Option<NaiveDate>, until: Option<NaiveDate>) -> Option<Window> {
        let until = until.or(store.newest_date())?;
        let since = since.unwrap_or(until - Days::new(DEFAULT_DAYS as u64 - 1));
        let days = (until - since).num_days().max(0) as u32 + 1;
        let look_back = (BASELINE_WEEKS * 7).max((days * 3).div_ceil(7) * 7);
        let baseline_until = since - Days::new(1);
        let mut baseline_since = since - Days::new(look_back as u64);
        if let Some((from, _)) = store.coverage() {
            baseline_since = baseline_since.max(from);
        }
        Some(Window {
            since,
            until,
            days,
            baseline_since,
            baseline_until,
            baseline_days: store.covered_days(baseline_since, baseline_until),
        })
    }

    /// Bands need a baseline at least as long as the period.
    pub fn has_baseline(&self) -> bool {
        self.baseline_days >= self.days
    }
}

/// The rule, as printed under every change table.
pub fn rule(by: Dim, w: &Window) -> String {
    let who = match by {
        Dim::Actor => "actor",
        Dim::Admin2 => "admin2 area",
        Dim::Town => "town (incidents placed at a town)",
        _ => "admin1 region",
    };
    let mut s = format!(
        "Each {who}'s incidents in {} to {} ({} days) are compared with its baseline: its \
         incidents in the {} days before ({} to {}, inside the store's coverage), scaled to \
         {} days. ",
        w.since, w.until, w.days, w.baseline_days, w.baseline_since, w.baseline_until, w.days
    );
    if !w.has_baseline() {
        s.push_str(
            "The store covers fewer days before the period than the period has, so no \
             change is banded.",
        );
        return s;
    }
    s.push_str(&format!(
        "Large rise: at least twice the baseline and at least {LARGE_MARGIN} more; moderate \
         rise: at least 1.25 times and at least {MODERATE_MARGIN} more; large fall: at most \
         half and at least {LARGE_MARGIN} fewer; moderate fall: at most 0.8 times and at \
         least {MODERATE_MARGIN} fewer; otherwise stable, so a rise from 1 to 3 is stable. \
         First activity: none in the baseline (with the months since its last incident \
         before the period, if any)."
    ));
    s
}

#[derive(Clone, Debug, PartialEq)]
pub struct Change {
    /// The raw key: an actor or town id, or an area's name.
    pub key: String,
    pub name: String,
    pub current: u64,
    pub baseline_incidents: u64,
    /// The baseline scaled to the period's length.
    pub expected: f64,
    pub band: Band,
    /// Its last incident before the period.
    pub last_before: Option<NaiveDate>,
    /// For first activity: whole months (30.44 days) since that incident.
    pub quiet_months: Option<u32>,
    /// This period's incidents, newest first: the ones that drive the change.
    pub ixs: Vec<Ix>,
}

impl Change {
    /// "large rise", "first activity in 5 months", "first activity on record".
    pub fn describe(&self) -> String {
        match (self.band, self.quiet_months) {
            (Band::FirstActivity, Some(m)) => format!("first activity in {m} months"),
            (Band::FirstActivity, None) => "first activity on record".into(),
            (b, _) => b.label().into(),
        }
    }
}

#[derive(Clone, Debug)]
pub struct Changes {
    pub by: Dim,
    pub window: Window,
    pub rule: String,
    /// Rises first, then first activity, falls, and stable; within a band the largest
    /// difference first, ties by name.
    pub items: Vec<Change>,
}

/// Changes of every `by` value (admin1, admin2 or actor) among the incidents passing
/// `filters` (their dates set the period).
pub fn build(store: &Store, filters: &Filters, by: Dim) -> Option<Changes> {
    let window = Window::of(store, filters.since, filters.until)?;
    let mut f = filters.clone();
    f.since = None;
    f.until = Some(window.until);
    let ixs = filtered_incidents(store, &f, None);
    Some(of_incidents(store, &ixs, window, by, None))
}

/// Changes of every `by` value among `ixs` (newest first, none after `window.until`),
/// leaving out the key `skip` (the actor an actor-scoped briefing is about). The one
/// arithmetic behind `sitrep changes`, the Trends tab and the briefing's sharp rises.
pub fn of_incidents(
    store: &Store,
    ixs: &[Ix],
    window: Window,
    by: Dim,
    skip: Option<&str>,
) -> Changes {
    let mut keys = Keys::default();
    let mut current: Vec<Vec<Ix>> = Vec::new();
    let mut baseline: Vec<u64> = Vec::new();
    let mut last_before: Vec<Option<NaiveDate>> = Vec::new();
    let mut buf = Vec::new();
    for &i in ixs {
        let inc = store.incident(i);
        by.keys(inc, &mut buf);
        for &k in &buf {
            // An incident with no area (or no actor) is not a place that changed.
            if k.is_empty() || Some(k) == skip {
                continue;
            }
            let id = keys.id(k) as usize;
            if id == current.len() {
                current.push(Vec::new());
                baseline.push(0);
                last_before.push(None);
            }
            if inc.date >= window.since {
                current[id].push(i);
            } else {
                // Newest first: the first one seen before the period is the last one.
                last_before[id].get_or_insert(inc.date);
                if inc.date >= window.baseline_since {
                    baseline[id] += 1;
                }
            }
        }
    }
    let scale = window.days as f64 / window.baseline_days.max(1) as f64;
    let mut items: Vec<Change> = Vec::new();
    for (id, k) in keys.keys.iter().enumerate() {
        let cur = current[id].len() as u64;
        let base = baseline[id];
        if cur == 0 && base == 0 {
            continue;
        }
        let expected = base as f64 * scale;
        let b = if window.has_baseline() {
            band(cur, base, expected)
        } else {
            Band::NoBaseline
        };
        let quiet_months = match (b, last_before[id]) {
            (Band::FirstActivity, Some(d)) => {
                Some(((window.since - d).num_days() as f64 / 30.44).floor() as u32)
            }
            _ => None,
        };
        items.push(Change {
            key: k.to_string(),
            name: by.name(store, k),
            current: cur,
            baseline_incidents: base,
            expected: (expected * 100.0).round() / 100.0,
            band: b,
            last_before: last_before[id],
            quiet_months,
            ixs: std::mem::take(&mut current[id]),
        });
    }
    items.sort_by(|a, b| {
        let gap = |c: &Change| (c.current as f64 - c.expected).abs();
        a.band
            .cmp(&b.band)
            .then_with(|| gap(b).total_cmp(&gap(a)))
            .then_with(|| a.name.cmp(&b.name))
    });
    Changes {
        by,
        rule: rule(by, &window),
        window,
        items,
    }
}

#[cfg(test)]
mod tests {
    use super::super::fixture::{d, store};
    use super::*;

    #[test]
    fn bands_follow_the_rule_with_a_guard_for_small_numbers() {
        // From 1 to 3: three times the baseline, but only 2 more: stable.
        assert_eq!(band(3, 1, 1.0), Band::Stable);
        assert_eq!(band(4, 1, 1.0), Band::ModerateRise);
        assert_eq!(band(6, 1, 1.0), Band::LargeRise);
        assert_eq!(band(13, 10, 10.0), Band::ModerateRise);
        assert_eq!(band(12, 10, 10.0), Band::Stable);
        assert_eq!(band(7, 10, 10.0), Band::ModerateFall);
        assert_eq!(band(5, 10, 10.0), Band::LargeFall);
        assert_eq!(band(0, 4, 4.0), Band::ModerateFall);
        assert_eq!(band(0, 2, 2.0), Band::Stable);
        assert_eq!(band(2, 0, 0.0), Band::FirstActivity);
    }

    #[test]
    fn admin1_changes_match_the_hand_counts() {
        let store = store();
        let c = build(&store, &Filters::default(), Dim::Admin1).unwrap();
        let w = c.window;
        assert_eq!(
            (w.since, w.until, w.days),
            (d("2025-07-02"), d("2025-07-29"), 28)
        );
        assert_eq!((w.baseline_since, w.baseline_days), (d("2025-04-09"), 84));
        let got: Vec<(&str, u64, u64, String)> = c
            .items
            .iter()
            .map(|i| {
                (
                    i.name.as_str(),
                    i.current,
                    i.baseline_incidents,
                    i.describe(),
                )
            })
            .collect();
        assert_eq!(
            got,
            [
                ("Kayes", 7, 4, "large rise".to_string()),
                ("Gao", 1, 0, "first activity in 5 months".to_string()),
                ("Segou", 1, 12, "moderate fall".to_string()),
                ("Mopti", 3, 1, "stable".to_string()),
                ("Sahel", 0, 1, "stable".to_string()),
            ]
        );
        assert_eq!(c.items[0].expected, 1.33);
        assert_eq!(c.items[0].ixs.len(), 7);
        assert!(
            c.rule.contains("a rise from 1 to 3 is stable"),
            "{}",
            c.rule
        );
    }

    #[test]
    fn a_baseline_outside_coverage_is_cut_and_too_short_a_one_bands_nothing() {
        let store = store();
        let f = Filters::parse("since:2025-01-15 until:2025-02-28").unwrap();
        let c = build(&store, &f, Dim::Admin1).unwrap();
        // The baseline would start in October 2024; the store covers from 1 January.
        assert_eq!(c.window.baseline_since, d("2025-01-01"));
        assert_eq!(c.window.baseline_days, 14);
        assert!(!c.window.has_baseline());
        assert!(c.items.iter().all(|i| i.band == Band::NoBaseline));
        assert_eq!(c.items.len(), 1, "Gao, from its baseline incident");
        assert!(c.rule.contains("no change is banded"));
    }

    #[test]
    fn actor_changes_count_each_party() {
        let store = store();
        let c = build(&store, &Filters::default(), Dim::Actor).unwrap();
        let get = |n: &str| c.items.iter().find(|i| i.name == n).unwrap();
        assert_eq!(
            (get("JNIM").current, get("JNIM").baseline_incidents),
            (11, 5)
        );
        assert_eq!(get("JNIM").band, Band::LargeRise);
        assert_eq!(get("Dozo militia").band, Band::ModerateFall);
        assert_eq!(get("Civilians").band, Band::Stable);
    }
}
