//! Incident filters: parsed from one line the user types (`since:30d type:battles,riots
//! -country:niger actor:"katiba macina" contested min:5 words`, see [`grammar`]) or built
//! from command-line options, and applied to incidents by the browser's lists, the map, the
//! briefing tab and `sitrep export`, `trend`, `pivot` and `changes`. `country:`, `town:` and
//! `actor:` values are matched by [`super::scope`]'s one rule.

mod apply;
pub mod grammar;

use std::collections::{HashMap, HashSet};
use std::sync::Arc;

use chrono::NaiveDate;

use rayon::prelude::*;

pub use grammar::{FilterError, KEYS, Key, RULES, Term, Value, today};

use crate::diff::{ReleaseChange, ReleaseChanges};
use crate::model::Incident;
use crate::store::{Ix, Store};
use crate::text::fold;

#[derive(Clone, Debug, Default, PartialEq)]
pub struct Filters {
    pub since: Option<NaiveDate>,
    pub until: Option<NaiveDate>,
    /// Every `key:value` term and flag but dates and `min:`, in the order typed.
    pub terms: Vec<Term>,
    /// A fixed set of incidents (the ones behind a briefing figure).
    pub set: Option<IncidentSet>,
    pub min_fatalities: Option<u32>,
    /// Free words, matched against each list's own text.
    pub text: String,
    /// The marked, noted, tagged and seen records, from the workspace that keeps them;
    /// without it, `marked`, `noted`, `new` and `tag:` are refused by [`Filters::check`].
    pub records: Option<Arc<RecordSets>>,
    /// `since:`/`until:` as typed when relative (`30d`), with the day it meant, so the line
    /// is written back as typed.
    pub typed_since: Option<(String, NaiveDate)>,
    pub typed_until: Option<(String, NaiveDate)>,
    /// The changes since a previous release (`--since-release OLD`), for `changed`; without
    /// them `changed` is refused by [`Filters::check`].
    pub release: Option<Arc<ReleaseChanges>>,
}

/// Ids of records (incidents, actors, towns) the user marked or wrote a note on, and of the
/// incidents already seen, handed to [`Filters`] by whatever keeps them (the workspace).
/// `marked` and `noted` keep incidents whose own id is in the set; `new` those whose id is
/// not in `seen`; `tag:NAME` those whose own id, town or one of whose actors is tagged NAME.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct RecordSets {
    pub marked: HashSet<String>,
    pub noted: HashSet<String>,
    pub seen: Arc<HashSet<String>>,
    /// Each tag (as the workspace keeps it) and the ids of the records it is on.
    pub tags: HashMap<String, HashSet<String>>,
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
    /// Parses the filter line, relative dates counted from [`today`]. Unknown keys and bad
    /// values are errors, so a typo never silently filters nothing.
    pub fn parse(input: &str) -> Result<Filters, FilterError> {
        Filters::parse_at(input, today())
    }

    /// Parses the filter line with relative dates (`since:30d`, `until:today`) counted from
    /// `today`.
    pub fn parse_at(input: &str, today: NaiveDate) -> Result<Filters, FilterError> {
        let mut f = Filters::default();
        let mut words = Vec::new();
        for tok in grammar::tokens(input)? {
            let term = match grammar::token(&tok)? {
                grammar::Token::Word(w) => {
                    words.push(w);
                    continue;
                }
                grammar::Token::Term(t) => t,
            };
            match term.key {
                Key::Since | Key::Until | Key::Min => {
                    let name = term.key.name();
                    if term.exclude {
                        return Err(FilterError::NotExcludable(name));
                    }
                    let [value] = term.values.as_slice() else {
                        return Err(FilterError::OneValue(name));
                    };
                    match term.key {
                        Key::Min => {
                            f.min_fatalities = Some(
                                value
                                    .text
                                    .parse()
                                    .map_err(|_| FilterError::BadNumber(value.raw.clone()))?,
                            )
                        }
                        key => {
                            let d = grammar::date(key, &value.text, today)?;
                            let typed = (value.raw.clone(), d);
                            if key == Key::Since {
                                f.since = Some(d);
                                f.typed_since = Some(typed);
                            } else {
                                f.until = Some(d);
                                f.typed_until = Some(typed);
                            }
                        }
                    }
                }
                Key::Precision => {
                    for v in &term.values {
                        grammar::precision_named(&v.text)?;
                    }
                    f.terms.push(term)
                }
                Key::Near => {
                    let distances = term
                        .values
                        .iter()
                        .filter(|v| grammar::near_distance(&v.text).is_some())
                        .count();
                    if distances > 1 {
                        return Err(FilterError::NearDistances(distances));
                    }
                    if distances == term.values.len() {
                        return Err(FilterError::NearNoTown);
                    }
                    f.terms.push(term)
                }
                Key::Changed => {
                    for v in &term.values {
                        ReleaseChange::named(&v.text)
                            .ok_or_else(|| FilterError::BadChange(v.text.clone()))?;
                    }
                    f.terms.push(term)
                }
                _ => f.terms.push(term),
            }
        }
        if let (Some(since), Some(until)) = (f.since, f.until)
            && since > until
        {
            return Err(FilterError::Reversed { since, until });
        }
        f.text = words.join(" ");
        Ok(f)
    }

    /// Adds one value of a key given whole (a command-line option such as `--actor`).
    pub fn push(&mut self, key: Key, value: &str) {
        self.terms.push(Term::new(key, vec![Value::plain(value)]));
    }

    /// The line that parses back to these filters (relative dates as typed).
    pub fn to_line(&self) -> String {
        let mut parts = Vec::new();
        let date = |name: &str, d: Option<NaiveDate>, typed: &Option<(String, NaiveDate)>| {
            d.map(|d| match typed {
                Some((raw, t)) if *t == d => format!("{name}:{raw}"),
                _ => format!("{name}:{d}"),
            })
        };
        parts.extend(date("since", self.since, &self.typed_since));
        parts.extend(date("until", self.until, &self.typed_until));
        parts.extend(self.terms.iter().map(Term::to_line));
        if let Some(m) = self.min_fatalities {
            parts.push(format!("min:{m}"));
        }
        if !self.text.is_empty() {
            parts.push(self.text.clone());
        }
        parts.join(" ")
    }

    /// No filter at all (the workspace's sets alone filter nothing).
    pub fn is_empty(&self) -> bool {
        Filters {
            records: None,
            release: None,
            typed_since: None,
            typed_until: None,
            ..self.clone()
        } == Filters::default()
    }

    /// Checks that every value names something in `store` and that `marked`/`noted` have a
    /// workspace: the filter line and the commands refuse a term that would silently keep
    /// nothing, with the closest names.
    pub fn check(&self, store: &Store) -> Result<(), FilterError> {
        apply::resolve(store, self, true).map(|_| ())
    }

    /// Whether a term needs the workspace's sets (`marked`, `noted`, `new`, `tag:`).
    pub fn uses_workspace(&self) -> bool {
        self.terms.iter().any(|t| t.key.uses_workspace())
    }

    /// Whether any filter applies to incidents themselves (as opposed to list text).
    pub fn restricts_incidents(&self) -> bool {
        self.since.is_some()
            || self.until.is_some()
            || !self.terms.is_empty()
            || self.set.is_some()
            || self.min_fatalities.is_some()
    }
}

/// Filters resolved against a store, ready to test incidents quickly.
pub struct IncidentFilter<'a> {
    f: &'a Filters,
    conds: Vec<apply::Cond>,
    store: &'a Store,
}

impl<'a> IncidentFilter<'a> {
    /// A value that names nothing in `store` keeps no incident (and excludes none); see
    /// [`Filters::check`] to refuse it instead.
    pub fn new(store: &'a Store, f: &'a Filters) -> Self {
        IncidentFilter {
            f,
            conds: apply::resolve(store, f, false).unwrap_or_default(),
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
        if f.since.is_some_and(|d| inc.date < d) || f.until.is_some_and(|d| inc.date > d) {
            return false;
        }
        if f.min_fatalities
            .is_some_and(|m| inc.fatalities.best.unwrap_or(0) < m)
        {
            return false;
        }
        apply::accepts(&self.conds, self.store, inc)
    }
}

/// Free-text words that must all appear (folded) in `haystack`.
pub fn words_match(words: &[String], haystack: &str) -> bool {
    words.iter().all(|w| haystack.contains(w.as_str()))
}

/// Which records of one kind the free-text filter keeps, from the search engine (the same
/// matching as `/`). Without it (index still building) the words are matched as substrings.
pub type TextMatch = Vec<bool>;

/// Incidents passing the filters, newest first (store order). Dates, tolls and terms on
/// places and types are tested on the store's facts ([`Store::facts`]), without reading
/// the records; only the other terms read them.
pub fn filtered_incidents(store: &Store, f: &Filters, text: Option<&TextMatch>) -> Vec<Ix> {
    let filter = IncidentFilter::new(store, f);
    let (dense, rest) = apply::plan(store, &filter.conds);
    let facts = store.facts();
    let words: Vec<String> = f.text.split_whitespace().map(fold).collect();
    (0..store.incidents.len() as Ix)
        .into_par_iter()
        .filter(|&i| {
            let at = i as usize;
            let date = facts.dates[at];
            if f.since.is_some_and(|d| date < d) || f.until.is_some_and(|d| date > d) {
                return false;
            }
            if f.min_fatalities
                .is_some_and(|m| facts.tolls[at].best.unwrap_or(0) < m)
            {
                return false;
            }
            if let Some(set) = &f.set
                && set.ixs.binary_search(&i).is_err()
            {
                return false;
            }
            if !dense.iter().all(|d| d.accepts(at)) {
                return false;
            }
            let text_ok = match text {
                _ if words.is_empty() => true,
                Some(m) => m[at],
                None => words_match(&words, &incident_text(store, i)),
            };
            text_ok && (rest.is_empty() || apply::accepts_all(&rest, store, store.incident(i)))
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
mod tests;
