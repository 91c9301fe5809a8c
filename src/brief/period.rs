//! What a briefing covers: the period (and the one before it, for comparison) and the scope
//! (everything, or one country, town or actor).

use chrono::{Days, NaiveDate};
use serde::Serialize;

use crate::model::Incident;
use crate::store::{Ix, Kind, Lookup, Store};
use crate::text::fold;

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

/// The scope resolved against the store.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Scope {
    /// Folded country (or admin1) name.
    pub country: Option<String>,
    pub town: Option<Ix>,
    pub actor: Option<Ix>,
    /// How the scope reads in a heading: "Mali", "Kayes, Mali", "JNIM in Mali".
    pub label: String,
}

impl ScopeRequest {
    pub fn resolve(&self, store: &Store) -> Result<Scope, String> {
        let find = |kind: Kind, q: &str| match store.lookup(kind, q) {
            Lookup::Found(e) => Ok(e),
            Lookup::Ambiguous(es) => {
                let names: Vec<String> = es.iter().take(5).map(|e| store.label(*e)).collect();
                Err(format!(
                    "{} '{q}' is ambiguous: {}",
                    kind.label(),
                    names.join("; ")
                ))
            }
            Lookup::NotFound => Err(format!("no {} matches '{q}'", kind.label())),
        };
        let town = match &self.town {
            Some(q) => match find(Kind::Town, q)? {
                crate::store::EntityRef::Town(t) => Some(t),
                _ => None,
            },
            None => None,
        };
        let actor = match &self.actor {
            Some(q) => match find(Kind::Actor, q)? {
                crate::store::EntityRef::Actor(a) => Some(a),
                _ => None,
            },
            None => None,
        };
        let country = self.country.as_deref().map(|c| fold(c.trim()));
        if let Some(c) = &country {
            let known = store
                .towns
                .iter()
                .any(|t| fold(&t.country) == *c || fold(&t.admin1) == *c)
                // Imported stores may hold incidents whose town lacks a country.
                || store
                    .incidents
                    .iter()
                    .any(|i| fold(&i.country) == *c || fold(&i.admin1) == *c);
            if !known {
                return Err(format!(
                    "no country or region '{}' in the store",
                    self.country.as_deref().unwrap_or_default()
                ));
            }
        }
        let mut parts = Vec::new();
        if let Some(a) = actor {
            parts.push(store.actor(a).name.clone());
        }
        if let Some(t) = town {
            let t = store.town(t);
            parts.push(format!("{}, {}", t.name, t.country));
        }
        if country.is_some() && town.is_none() {
            parts.push(self.country.clone().unwrap_or_default().trim().to_string());
        }
        let label = match parts.len() {
            0 => "all incidents".to_string(),
            _ => parts.join(" in "),
        };
        Ok(Scope {
            country,
            town,
            actor,
            label,
        })
    }
}

impl Scope {
    pub fn is_everything(&self) -> bool {
        self.country.is_none() && self.town.is_none() && self.actor.is_none()
    }

    pub fn accepts(&self, store: &Store, inc: &Incident) -> bool {
        if let Some(c) = &self.country
            && fold(&inc.country) != *c
            && fold(&inc.admin1) != *c
        {
            return false;
        }
        if let Some(t) = self.town
            && store.town(t).id != inc.town
        {
            return false;
        }
        if let Some(a) = self.actor {
            let id = &store.actor(a).id;
            if !inc.actors.iter().any(|r| r.actor == *id) {
                return false;
            }
        }
        true
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
