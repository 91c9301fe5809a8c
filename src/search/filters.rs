//! Incident filters: parsed from one line the user types (`since:2025-01-01 type:battles
//! country:mali town:kayes actor:jnim min:5 words`) or built from command-line options, and
//! applied to incidents by the browser's lists, the map and `sitrep export`. `country:`,
//! `town:` and `actor:` are scope terms, matched by [`super::scope`]'s one rule.

use std::sync::Arc;

use chrono::NaiveDate;

use rayon::prelude::*;

use super::scope::{NoMatch, ScopeTerms, Scopes};
use crate::model::Incident;
use crate::store::{Ix, Store};
use crate::text::fold;

#[derive(Clone, Debug, Default, PartialEq)]
pub struct Filters {
    pub since: Option<NaiveDate>,
    pub until: Option<NaiveDate>,
    /// Folded text that the event type or sub-type must contain.
    pub event_type: Option<String>,
    /// Folded `country:` terms: the incident is in any of them (see [`super::scope`]).
    pub countries: Vec<String>,
    /// Folded `town:` terms: the incident is in any of them.
    pub towns: Vec<String>,
    /// Folded `actor:` terms: the incident involves every one of them.
    pub actors: Vec<String>,
    /// A fixed set of incidents (the ones behind a briefing figure).
    pub set: Option<IncidentSet>,
    pub min_fatalities: Option<u32>,
    /// Free words, matched against each list's own text.
    pub text: String,
}

/// Incidents chosen by something other than a filter line, with what to call them.
#[derive(Clone, Debug, PartialEq)]
pub struct IncidentSet {
    pub label: String,
    /// Sorted incident positions.
    pub ixs: Arc<Vec<Ix>>,
}

impl IncidentSet {
    pub fn new(label: impl Into<String>, ixs: &[Ix]) -> IncidentSet {
        let mut v = ixs.to_vec();
        v.sort_unstable();
        v.dedup();
        IncidentSet {
            label: label.into(),
            ixs: Arc::new(v),
        }
    }
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
                "country" | "admin1" | "region" | "in" => f.countries.push(text()),
                "actor" | "by" => f.actors.push(text()),
                "town" | "at" => f.towns.push(text()),
                "min" => {
                    f.min_fatalities = Some(
                        value
                            .parse()
                            .map_err(|_| format!("'{value}' is not a number for min:"))?,
                    )
                }
                other => {
                    return Err(format!(
                        "unknown filter '{other}:' (use since: until: type: country: town: actor: min:)"
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
        for c in &self.countries {
            parts.push(format!("country:{}", under(c)));
        }
        for a in &self.actors {
            parts.push(format!("actor:{}", under(a)));
        }
        for t in &self.towns {
            parts.push(format!("town:{}", under(t)));
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
    /// The `country:`, `town:` and `actor:` terms.
    pub fn scope_terms(&self) -> ScopeTerms {
        ScopeTerms {
            countries: self.countries.clone(),
            towns: self.towns.clone(),
            actors: self.actors.clone(),
        }
    }

    /// Checks that every scope term names something in `store` (the filter line and
    /// `sitrep export` refuse a term that names nothing, with the closest names).
    pub fn check(&self, store: &Store) -> Result<(), NoMatch> {
        Scopes::resolve(store, &self.scope_terms()).map(|_| ())
    }

    pub fn restricts_incidents(&self) -> bool {
        self.since.is_some()
            || self.until.is_some()
            || self.event_type.is_some()
            || !self.countries.is_empty()
            || !self.actors.is_empty()
            || !self.towns.is_empty()
            || self.set.is_some()
            || self.min_fatalities.is_some()
    }
}

/// Filters resolved against a store, ready to test incidents quickly.
pub struct IncidentFilter<'a> {
    f: &'a Filters,
    scopes: Scopes,
    store: &'a Store,
}

impl<'a> IncidentFilter<'a> {
    /// A scope term that names nothing in `store` matches no incident (see
    /// [`Filters::check`] to refuse it instead).
    pub fn new(store: &'a Store, f: &'a Filters) -> Self {
        IncidentFilter {
            f,
            scopes: Scopes::resolve_lenient(store, &f.scope_terms()),
            store,
        }
    }

    /// Whether incident `ix` passes (the position matters for a fixed set).
    pub fn accepts_at(&self, ix: Ix) -> bool {
        if let Some(set) = &self.f.set
            && set.ixs.binary_search(&ix).is_err()
        {
            return false;
        }
        self.accepts(self.store.incident(ix))
    }

    /// Whether an incident passes every filter but a fixed set (see [`Self::accepts_at`]).
    pub fn accepts(&self, inc: &Incident) -> bool {
        let f = self.f;
        if !self.scopes.accepts(self.store, inc) {
            return false;
        }
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
        true
    }
}

/// Free-text words that must all appear (folded) in `haystack`.
pub fn words_match(words: &[String], haystack: &str) -> bool {
    words.iter().all(|w| haystack.contains(w.as_str()))
}

/// Which records of one kind the free-text filter keeps, from the search engine (the same
/// matching as `/`). Without it (index still building) the words are matched as substrings.
pub type TextMatch = Vec<bool>;

/// Incidents passing the filters, newest first (store order).
pub fn filtered_incidents(store: &Store, f: &Filters, text: Option<&TextMatch>) -> Vec<Ix> {
    let filter = IncidentFilter::new(store, f);
    let words: Vec<String> = f.text.split_whitespace().map(fold).collect();
    (0..store.incidents.len() as Ix)
        .into_par_iter()
        .filter(|&i| {
            let text_ok = match text {
                _ if words.is_empty() => true,
                Some(m) => m[i as usize],
                None => words_match(&words, &incident_text(store, i)),
            };
            text_ok && filter.accepts_at(i)
        })
        .collect()
}

/// Folded text an incident's free-text filter looks in.
fn incident_text(store: &Store, i: Ix) -> String {
    let inc = store.incident(i);
    let mut s = String::with_capacity(256);
    for part in [
        inc.id.as_str(),
        store.town_name(&inc.town),
        inc.admin1.as_str(),
        inc.admin2.as_str(),
        inc.country.as_str(),
        inc.event_type.as_str(),
        inc.sub_event_type.as_str(),
        inc.summary.as_str(),
    ] {
        crate::text::fold_into(part, &mut s);
        s.push(' ');
    }
    for a in &inc.actors {
        if let Some(ax) = store.actor_ix(&a.actor) {
            let actor = store.actor(ax);
            crate::text::fold_into(&actor.name, &mut s);
            for al in &actor.aliases {
                s.push(' ');
                crate::text::fold_into(al, &mut s);
            }
            s.push(' ');
        }
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_and_round_trips() {
        let f =
            Filters::parse("since:2025-01-01 type:armed_clash country:Mali town:Nioro_du_Sahel actor:JNIM min:5 kayes")
                .unwrap();
        assert_eq!(f.since, NaiveDate::from_ymd_opt(2025, 1, 1));
        assert_eq!(f.event_type.as_deref(), Some("armed clash"));
        assert_eq!(f.countries, ["mali"]);
        assert_eq!(f.towns, ["nioro du sahel"]);
        assert_eq!(f.actors, ["jnim"]);
        assert_eq!(f.min_fatalities, Some(5));
        assert_eq!(f.text, "kayes");
        assert_eq!(Filters::parse(&f.to_line()).unwrap(), f);
    }

    #[test]
    fn repeated_scope_terms_are_all_kept_and_round_trip() {
        let f = Filters::parse("actor:jnim actor:FAMa town:kayes town:Ségou country:mali").unwrap();
        assert_eq!(f.actors, ["jnim", "fama"]);
        assert_eq!(f.towns, ["kayes", "segou"]);
        assert_eq!(f.countries, ["mali"]);
        assert_eq!(Filters::parse(&f.to_line()).unwrap(), f);
    }

    #[test]
    fn scope_terms_filter_by_the_scope_rule_and_check_refuses_unknown_names() {
        let json = include_str!("../../tests/fixtures/scope/store.json");
        let store = Store::from_bytes(
            std::path::Path::new("scope.json"),
            json.as_bytes(),
            &|_, _| {},
        )
        .unwrap();
        let count =
            |line: &str| filtered_incidents(&store, &Filters::parse(line).unwrap(), None).len();
        assert_eq!(count("country:mali"), 7);
        assert_eq!(count("country:mali country:somalia"), 11);
        assert_eq!(count("actor:jnim actor:fama"), 4);
        assert_eq!(count("town:koro,_burkina_faso"), 1);
        // A name the store lacks matches nothing when applied, and `check` says so.
        assert_eq!(count("country:mal"), 0);
        let e = Filters::parse("country:mal")
            .unwrap()
            .check(&store)
            .unwrap_err();
        assert_eq!(e.suggestions[0], "Mali");
        assert!(
            Filters::parse("country:mali town:segou")
                .unwrap()
                .check(&store)
                .is_ok()
        );
    }

    #[test]
    fn rejects_typos() {
        assert!(Filters::parse("sinse:2025-01-01").is_err());
        assert!(Filters::parse("since:yesterday").is_err());
        assert!(Filters::parse("min:lots").is_err());
        assert!(Filters::parse("").unwrap().is_empty());
    }
}
