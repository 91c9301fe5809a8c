//! What a briefing covers: the period (and the one before it, for comparison) and the scope
//! (everything, or one country, town or actor).

use chrono::{Days, NaiveDate};
use serde::Serialize;

use crate::model::Incident;
use crate::search::scope::{ScopeKey, ScopeTerms, Scopes};
use crate::store::{Ix, Store};

/// An inclusive run of days.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub struct Period {
    pub since: NaiveDate,
    pub until: NaiveDate,
    pub days: u32,
}

impl Period {
    pub fn new(since: NaiveDate, until: NaiveDate) -> Period {
        let days = (until - since).num_days().max(0) as u32 + 1;
        Period {
            since,
            until: until.max(since),
            days,
        }
    }

    /// The period of the same length that ends the day before this one starts.
    pub fn previous(&self) -> Period {
        let until = self.since - Days::new(1);
        Period::new(until - Days::new(self.days as u64 - 1), until)
    }

    pub fn contains(&self, d: NaiveDate) -> bool {
        self.since <= d && d <= self.until
    }

    /// "2025-06-25 to 2025-07-01 (7 days)".
    pub fn label(&self) -> String {
        let days = if self.days == 1 { "day" } else { "days" };
        format!("{} to {} ({} {days})", self.since, self.until, self.days)
    }
}

/// The period asked for on the command line or in the browser, before the store fills in
/// defaults: the last 7 days up to the newest incident.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct PeriodRequest {
    pub since: Option<NaiveDate>,
    pub until: Option<NaiveDate>,
    pub days: Option<u32>,
}

pub const DEFAULT_DAYS: u32 = 7;
/// Longest period a briefing covers (so a typo like --days 9999999 cannot overflow dates).
pub const MAX_DAYS: u32 = 36_600;

impl PeriodRequest {
    pub fn resolve(&self, store: &Store) -> Result<Period, String> {
        let newest = store
            .newest_date()
            .unwrap_or_else(|| chrono::Utc::now().date_naive());
        if self.days == Some(0) {
            return Err("--days must be at least 1".into());
        }
        if self.days.is_some_and(|d| d > MAX_DAYS) {
            return Err(format!("--days must be at most {MAX_DAYS}"));
        }
        let back = |until: NaiveDate, days: u32| until - Days::new(days as u64 - 1);
        let period = match (self.since, self.until, self.days) {
            (Some(_), Some(_), Some(_)) => {
                return Err("give --since and --until, or --days, not all three".into());
            }
            (Some(s), Some(u), None) => Period::new(s, u),
            (Some(s), None, Some(d)) => Period::new(s, s + Days::new(d as u64 - 1)),
            (Some(s), None, None) => Period::new(s, newest.max(s)),
            (None, Some(u), d) => Period::new(back(u, d.unwrap_or(DEFAULT_DAYS)), u),
            (None, None, d) => Period::new(back(newest, d.unwrap_or(DEFAULT_DAYS)), newest),
        };
        if self.since.zip(self.until).is_some_and(|(s, u)| s > u) {
            return Err(format!(
                "--since {} is after --until {}",
                self.since.unwrap_or_default(),
                self.until.unwrap_or_default()
            ));
        }
        if period.days > MAX_DAYS {
            return Err(format!("a briefing covers at most {MAX_DAYS} days"));
        }
        Ok(period)
    }
}

/// What the briefing is about, as given (names or ids).
#[derive(Clone, Debug, Default, PartialEq)]
pub struct ScopeRequest {
    pub country: Option<String>,
    pub town: Option<String>,
    pub actor: Option<String>,
}

/// The scope resolved against the store, by the same rule as the filter line
/// ([`crate::search::scope`]).
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Scope {
    pub terms: Scopes,
    /// The one town the briefing is about, if it is about one.
    pub town: Option<Ix>,
    /// The one actor the briefing is about (left out of its own rankings).
    pub actor: Option<Ix>,
    /// How the scope reads in a heading: "Mali", "Kayes, Mali", "JNIM in Mali".
    pub label: String,
}

impl ScopeRequest {
    /// A term that names nothing is an error naming the option and the closest names.
    pub fn resolve(&self, store: &Store) -> Result<Scope, String> {
        let one = |v: &Option<String>| v.iter().cloned().collect::<Vec<String>>();
        let terms = ScopeTerms {
            countries: one(&self.country),
            towns: one(&self.town),
            actors: one(&self.actor),
        };
        let resolved = Scopes::resolve(store, &terms).map_err(|e| {
            let option = match e.key {
                ScopeKey::Country => "--country",
                ScopeKey::Town => "--town",
                ScopeKey::Actor => "--actor",
            };
            format!("{option}: {e}")
        })?;
        let actor = resolved.single_actor();
        let town = resolved.single_town(store);
        let mut parts = Vec::new();
        if !terms.actors.is_empty() {
            parts.push(match actor {
                Some(a) => store.actor(a).name.clone(),
                None => terms.actors.join(", "),
            });
        }
        if !terms.towns.is_empty() {
            let towns: Vec<String> = resolved
                .town_ids()
                .iter()
                .filter_map(|id| store.town_ix(id))
                .map(|t| {
                    let t = store.town(t);
                    format!("{}, {}", t.name, t.country)
                })
                .collect();
            parts.push(towns.join(" or "));
        }
        if !terms.countries.is_empty() && terms.towns.is_empty() {
            parts.push(resolved.place_names().join(" or "));
        }
        let label = match parts.len() {
            0 => "all incidents".to_string(),
            _ => parts.join(" in "),
        };
        Ok(Scope {
            terms: resolved,
            town,
            actor,
            label,
        })
    }
}

impl Scope {
    pub fn is_everything(&self) -> bool {
        self.terms.is_everything()
    }

    pub fn accepts(&self, store: &Store, inc: &Incident) -> bool {
        self.terms.accepts(store, inc)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }

    #[test]
    fn previous_period_has_the_same_length_and_ends_the_day_before() {
        let p = Period::new(d("2025-06-25"), d("2025-07-01"));
        assert_eq!(p.days, 7);
        let q = p.previous();
        assert_eq!(
            (q.since, q.until, q.days),
            (d("2025-06-18"), d("2025-06-24"), 7)
        );
        assert!(p.contains(d("2025-07-01")) && !p.contains(d("2025-06-24")));
    }

    #[test]
    fn defaults_to_last_seven_days_up_to_the_newest_incident() {
        let store = Store::open(None).unwrap();
        let newest = store.newest_date().unwrap();
        let p = PeriodRequest::default().resolve(&store).unwrap();
        assert_eq!(p.until, newest);
        assert_eq!(p.days, 7);
        let p = PeriodRequest {
            days: Some(30),
            ..Default::default()
        }
        .resolve(&store)
        .unwrap();
        assert_eq!(p.days, 30);
        let bad = PeriodRequest {
            since: Some(d("2025-07-02")),
            until: Some(d("2025-07-01")),
            days: None,
        };
        assert!(bad.resolve(&store).is_err());
        let zero = PeriodRequest {
            days: Some(0),
            ..Default::default()
        };
        assert!(zero.resolve(&store).is_err());
    }
}
