//! List filters: parsed from one line the user types (`since:2025-01-01 type:battles
//! country:mali actor:jnim min:5 kayes`), applied to incidents, and shown in the status line.

use chrono::NaiveDate;

use crate::model::Incident;
use crate::store::{Ix, Store};
use crate::text::fold;

#[derive(Clone, Debug, Default, PartialEq)]
pub struct Filters {
    pub since: Option<NaiveDate>,
    pub until: Option<NaiveDate>,
    /// Folded text that the event type or sub-type must contain.
    pub event_type: Option<String>,
    /// Folded text that the country or admin1 must equal or contain.
    pub place: Option<String>,
    /// Folded actor query; resolved to `actor_ixs` when applied.
    pub actor: Option<String>,
    pub min_fatalities: Option<u32>,
    /// Free words, matched against each list's own text.
    pub text: String,
}

impl Filters {
    /// Parses the filter line. Unknown keys and bad values are errors, so a typo never
    /// silently filters nothing.
    pub fn parse(input: &str) -> Result<Filters, String> {
        let mut f = Filters::default();
        let mut words = Vec::new();
        for token in input.split_whitespace() {
            let Some((key, value)) = token.split_once(':') else {
                words.push(token);
                continue;
            };
            let date = |v: &str| {
                NaiveDate::parse_from_str(v, "%Y-%m-%d")
                    .map_err(|_| format!("'{v}' is not a date (YYYY-MM-DD)"))
            };
            // Values may use '_' for spaces: type:armed_clash, country:burkina_faso.
            let text = || fold(&value.replace('_', " "));
            match key.to_ascii_lowercase().as_str() {
                "since" | "from" => f.since = Some(date(value)?),
                "until" | "to" => f.until = Some(date(value)?),
                "type" => f.event_type = Some(text()),
                "country" | "admin1" | "region" | "in" => f.place = Some(text()),
                "actor" | "by" => f.actor = Some(text()),
                "min" => {
                    f.min_fatalities = Some(
                        value
                            .parse()
                            .map_err(|_| format!("'{value}' is not a number for min:"))?,
                    )
                }
                other => {
                    return Err(format!(
                        "unknown filter '{other}:' (use since: until: type: country: actor: min:)"
                    ));
                }
            }
        }
        f.text = words.join(" ");
        Ok(f)
    }

    /// The line that parses back to these filters.
    pub fn to_line(&self) -> String {
        let mut parts = Vec::new();
        let under = |s: &str| s.replace(' ', "_");
        if let Some(d) = self.since {
            parts.push(format!("since:{d}"));
        }
        if let Some(d) = self.until {
            parts.push(format!("until:{d}"));
        }
        if let Some(t) = &self.event_type {
            parts.push(format!("type:{}", under(t)));
        }
        if let Some(p) = &self.place {
            parts.push(format!("country:{}", under(p)));
        }
        if let Some(a) = &self.actor {
            parts.push(format!("actor:{}", under(a)));
        }
        if let Some(m) = self.min_fatalities {
            parts.push(format!("min:{m}"));
        }
        if !self.text.is_empty() {
            parts.push(self.text.clone());
        }
        parts.join(" ")
    }

    pub fn is_empty(&self) -> bool {
        *self == Filters::default()
    }

    /// Whether any filter applies to incidents themselves (as opposed to list text).
    pub fn restricts_incidents(&self) -> bool {
        self.since.is_some()
            || self.until.is_some()
            || self.event_type.is_some()
            || self.place.is_some()
            || self.actor.is_some()
            || self.min_fatalities.is_some()
    }
}

/// Filters resolved against a store, ready to test incidents quickly.
pub struct IncidentFilter<'a> {
    f: &'a Filters,
    actors: Option<Vec<Ix>>,
    store: &'a Store,
}

impl<'a> IncidentFilter<'a> {
    pub fn new(store: &'a Store, f: &'a Filters) -> Self {
        let actors = f.actor.as_ref().map(|q| {
            let mut ixs: Vec<Ix> = store
                .actors
                .iter()
                .enumerate()
                .filter(|(_, a)| {
                    fold(&a.name).contains(q.as_str())
                        || fold(a.id.as_str()) == *q
                        || a.aliases.iter().any(|al| fold(al).contains(q.as_str()))
                })
                .map(|(i, _)| i as Ix)
                .collect();
            ixs.sort_unstable();
            ixs
        });
        IncidentFilter { f, actors, store }
    }

    pub fn accepts(&self, inc: &Incident) -> bool {
        let f = self.f;
        if f.since.is_some_and(|d| inc.date < d) || f.until.is_some_and(|d| inc.date > d) {
            return false;
        }
        if f.min_fatalities
            .is_some_and(|m| inc.fatalities.best.unwrap_or(0) < m)
        {
            return false;
        }
        if let Some(t) = &f.event_type
            && !fold(&inc.event_type).contains(t.as_str())
            && !fold(&inc.sub_event_type).contains(t.as_str())
        {
            return false;
        }
        if let Some(p) = &f.place
            && !fold(&inc.country).contains(p.as_str())
            && !fold(&inc.admin1).contains(p.as_str())
        {
            return false;
        }
        if let Some(actors) = &self.actors {
            let involved = inc.actors.iter().any(|a| {
                self.store
                    .actor_ix(&a.actor)
                    .is_some_and(|ix| actors.binary_search(&ix).is_ok())
            });
            if !involved {
                return false;
            }
        }
        true
    }
}

/// Free-text words that must all appear (folded) in `haystack`.
pub fn words_match(words: &[String], haystack: &str) -> bool {
    words.iter().all(|w| haystack.contains(w.as_str()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_and_round_trips() {
        let f =
            Filters::parse("since:2025-01-01 type:armed_clash country:Mali actor:JNIM min:5 kayes")
                .unwrap();
        assert_eq!(f.since, NaiveDate::from_ymd_opt(2025, 1, 1));
        assert_eq!(f.event_type.as_deref(), Some("armed clash"));
        assert_eq!(f.place.as_deref(), Some("mali"));
        assert_eq!(f.actor.as_deref(), Some("jnim"));
        assert_eq!(f.min_fatalities, Some(5));
        assert_eq!(f.text, "kayes");
        assert_eq!(Filters::parse(&f.to_line()).unwrap(), f);
    }

    #[test]
    fn rejects_typos() {
        assert!(Filters::parse("sinse:2025-01-01").is_err());
        assert!(Filters::parse("since:yesterday").is_err());
        assert!(Filters::parse("min:lots").is_err());
        assert!(Filters::parse("").unwrap().is_empty());
    }
}
