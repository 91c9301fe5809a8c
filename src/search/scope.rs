//! Scopes: what `country:`, `town:` and `actor:` name, the one rule used by the filter line,
//! `sitrep export`, `sitrep brief` and the briefing tab.
//!
//! A term names a record by its whole name, an alias or its id, with case and accents folded
//! (`mali` is Mali, never Somalia; `segou` is Ségou). A term that names nothing is an error
//! with the closest names the store holds, so a typo never quietly empties a briefing.
//!
//! - `country:` names a country; when no country has that name, an admin1 region.
//! - `town:` names a town; `Name, Country` (as lists and messages print towns) picks among
//!   towns of the same name. A name shared by several towns means all of them.
//! - `actor:` names an actor (or several sharing that name or alias).
//!
//! Several terms: `country:` and `town:` terms add places (an incident in any of them);
//! `actor:` terms all apply (an incident involving every named actor).

use crate::model::{Incident, Sym};
use crate::store::facts::Distinct;
use crate::store::{Ix, Store};
use crate::text::fold;

/// The three keys a scope term can have.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ScopeKey {
    Country,
    Town,
    Actor,
}

impl ScopeKey {
    pub fn label(self) -> &'static str {
        match self {
            ScopeKey::Country => "country or admin1 region",
            ScopeKey::Town => "town",
            ScopeKey::Actor => "actor",
        }
    }
}

/// What one term names in a store.
#[derive(Clone, Debug, PartialEq)]
pub enum Named {
    /// Country values as the store spells them (all that fold to the term).
    Countries(Vec<Sym>),
    /// Admin1 regions as the store spells them (when no country has the name).
    Regions(Vec<Sym>),
    /// Town positions, sorted.
    Towns(Vec<Ix>),
    /// Actor positions, sorted.
    Actors(Vec<Ix>),
}

/// A term that names nothing in the store, with the closest names it does hold.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("{}", self.message())]
pub struct NoMatch {
    pub key: ScopeKey,
    pub query: String,
    /// Closest names, best first (what to type instead).
    pub suggestions: Vec<String>,
}

impl NoMatch {
    /// The message with the suggestions written as filter-line terms (`town:Nioro_du_Sahel`),
    /// ready to type.
    pub fn as_filter_line(&self) -> String {
        let key = match self.key {
            ScopeKey::Country => "country",
            ScopeKey::Town => "town",
            ScopeKey::Actor => "actor",
        };
        let terms: Vec<String> = self
            .suggestions
            .iter()
            .map(|s| format!("{key}:{}", s.replace(' ', "_")))
            .collect();
        NoMatch {
            suggestions: terms,
            ..self.clone()
        }
        .message()
    }

    fn message(&self) -> String {
        let mut m = format!("no {} named '{}'", self.key.label(), self.query.trim());
        if self.suggestions.is_empty() {
            m.push_str(" in this store");
        } else {
            m.push_str("; closest: ");
            m.push_str(&self.suggestions.join(", "));
        }
        m
    }
}

/// How many names a [`NoMatch`] suggests.
pub const SUGGESTIONS: usize = 5;

/// Resolves one term: the records it names by whole name, alias or id (folded), or the
/// closest names when it names none. The single place scopes are matched.
pub fn resolve(store: &Store, key: ScopeKey, query: &str) -> Result<Named, NoMatch> {
    let q = fold(query.trim());
    let found = match key {
        ScopeKey::Country => resolve_place(store, &q),
        ScopeKey::Town => resolve_town(store, query.trim(), &q),
        ScopeKey::Actor => resolve_actor(store, query.trim(), &q),
    };
    found.ok_or_else(|| NoMatch {
        key,
        query: query.trim().to_string(),
        suggestions: suggest(&q, candidates(store, key)),
    })
}

/// Whether a record's id is what the user typed: exactly, folded, or with the filter line's
/// `_` for spaces.
fn id_is(id: &str, raw: &str, folded: &str) -> bool {
    if id == raw {
        return true;
    }
    let f = fold(id);
    f == folded || f.replace('_', " ") == folded
}

fn resolve_place(store: &Store, q: &str) -> Option<Named> {
    if q.is_empty() {
        return None;
    }
    let countries = store.distinct(Distinct::Countries);
    let regions = store.distinct(Distinct::Regions);
    let pick =
        |values: &[Sym]| -> Vec<Sym> { values.iter().filter(|v| fold(v) == q).cloned().collect() };
    let c = pick(countries);
    if !c.is_empty() {
        return Some(Named::Countries(c));
    }
    let r = pick(regions);
    (!r.is_empty()).then_some(Named::Regions(r))
}

fn resolve_town(store: &Store, raw: &str, q: &str) -> Option<Named> {
    let mut towns: Vec<Ix> = store
        .named(q)
        .iter()
        .filter_map(|e| match e {
            crate::store::EntityRef::Town(t) => Some(*t),
            _ => None,
        })
        .collect();
    if towns.is_empty() {
        towns = (0..store.towns.len() as Ix)
            .filter(|&t| id_is(&store.town(t).id, raw, q))
            .collect();
    }
    // "Kayes, Mali": a name and the country (or admin1) it is in.
    if towns.is_empty()
        && let Some((name, place)) = q.rsplit_once(',')
    {
        let place = place.trim();
        towns = (0..store.towns.len() as Ix)
            .filter(|&t| {
                let town = store.town(t);
                let named = fold(&town.name) == name.trim()
                    || town.aliases.iter().any(|a| fold(a) == name.trim());
                named && (fold(&town.country) == place || fold(&town.admin1) == place)
            })
            .collect();
    }
    towns.sort_unstable();
    towns.dedup();
    (!towns.is_empty()).then_some(Named::Towns(towns))
}

fn resolve_actor(store: &Store, raw: &str, q: &str) -> Option<Named> {
    let mut actors: Vec<Ix> = store
        .named(q)
        .iter()
        .filter_map(|e| match e {
            crate::store::EntityRef::Actor(a) => Some(*a),
            _ => None,
        })
        .collect();
    if actors.is_empty() {
        actors = (0..store.actors.len() as Ix)
            .filter(|&a| id_is(&store.actor(a).id, raw, q))
            .collect();
    }
    actors.sort_unstable();
    actors.dedup();
    (!actors.is_empty()).then_some(Named::Actors(actors))
}

/// Every name a term of `key` could have used: (folded name, how to show it).
fn candidates(store: &Store, key: ScopeKey) -> Vec<(String, String)> {
    match key {
        ScopeKey::Country => {
            let countries = store.distinct(Distinct::Countries);
            countries
                .iter()
                .chain(store.distinct(Distinct::Regions))
                .map(|s| (fold(s), s.to_string()))
                .collect()
        }
        ScopeKey::Town => store
            .towns
            .iter()
            .flat_map(|t| {
                let label = if t.country.is_empty() {
                    t.name.clone()
                } else {
                    format!("{}, {}", t.name, t.country)
                };
                std::iter::once(&t.name)
                    .chain(&t.aliases)
                    .map(move |n| (fold(n), label.clone()))
            })
            .collect(),
        ScopeKey::Actor => store
            .actors
            .iter()
            .flat_map(|a| {
                std::iter::once(&a.name)
                    .chain(&a.aliases)
                    .map(move |n| (fold(n), a.name.clone()))
            })
            .collect(),
    }
}

/// The closest names to `q`, best first: names that hold the query (or that the query
/// holds) as a whole word, then as a part, then names a few edits away.
pub fn suggest(q: &str, candidates: Vec<(String, String)>) -> Vec<String> {
    if q.is_empty() {
        return Vec::new();
    }
    // One edit in a short name, more in longer ones: "nioro" is not "koro".
    let max_edits = (q.chars().count() / 4).max(1);
    let mut scored: Vec<(usize, usize, String)> = candidates
        .into_iter()
        .filter_map(|(name, label)| {
            let rank = if has_word(&name, q) || has_word(q, &name) {
                0
            } else if name.contains(q) || q.contains(name.as_str()) {
                1
            } else {
                let d = edit_distance(&name, q);
                if d > max_edits {
                    return None;
                }
                1 + d
            };
            let gap = name.len().abs_diff(q.len());
            Some((rank, gap, label))
        })
        .collect();
    scored.sort();
    let mut out: Vec<String> = Vec::new();
    for (_, _, label) in scored {
        if !out.contains(&label) {
            out.push(label);
        }
        if out.len() == SUGGESTIONS {
            break;
        }
    }
    out
}

/// Whether `word` appears in `text` between non-alphanumeric characters.
fn has_word(text: &str, word: &str) -> bool {
    if word.is_empty() {
        return false;
    }
    text.match_indices(word).any(|(i, _)| {
        let before = text[..i].chars().next_back();
        let after = text[i + word.len()..].chars().next();
        !before.is_some_and(char::is_alphanumeric) && !after.is_some_and(char::is_alphanumeric)
    })
}

/// Edit distance over characters, a swap of two neighbours counting as one edit ("mlai" is
/// one from "mali").
pub(super) fn edit_distance(a: &str, b: &str) -> usize {
    let a: Vec<char> = a.chars().collect();
    let b: Vec<char> = b.chars().collect();
    // Three rows: two back (for swaps), one back, and the one being filled.
    let mut older: Vec<usize> = vec![0; b.len() + 1];
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    let mut row: Vec<usize> = vec![0; b.len() + 1];
    for i in 1..=a.len() {
        row[0] = i;
        for j in 1..=b.len() {
            let cost = usize::from(a[i - 1] != b[j - 1]);
            let mut d = (prev[j - 1] + cost).min(prev[j] + 1).min(row[j - 1] + 1);
            if i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] {
                d = d.min(older[j - 2] + 1);
            }
            row[j] = d;
        }
        std::mem::swap(&mut older, &mut prev);
        std::mem::swap(&mut prev, &mut row);
    }
    prev[b.len()]
}

/// Scope terms as typed: `country:`, `town:` and `actor:` values (or the CLI's options).
#[derive(Clone, Debug, Default, PartialEq)]
pub struct ScopeTerms {
    pub countries: Vec<String>,
    pub towns: Vec<String>,
    pub actors: Vec<String>,
}

/// Scope terms resolved against a store, ready to test incidents.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Scopes {
    /// Countries and regions the `country:` terms name (None: no such term).
    places: Option<(Vec<Sym>, Vec<Sym>)>,
    /// Ids of the towns the `town:` terms name, sorted.
    towns: Option<Vec<Sym>>,
    /// Per `actor:` term, the actors it names (sorted); every term must be involved.
    actors: Vec<Vec<Ix>>,
}

impl Scopes {
    /// Resolves every term; the first that names nothing is the error.
    pub fn resolve(store: &Store, terms: &ScopeTerms) -> Result<Scopes, NoMatch> {
        Scopes::build(store, terms, &mut |e| Err(e))
    }

    /// Resolves every term; one that names nothing matches no incident. For filters kept
    /// across a store reload, where a name may have gone.
    pub fn resolve_lenient(store: &Store, terms: &ScopeTerms) -> Scopes {
        Scopes::build(store, terms, &mut |_| Ok(())).expect("a lenient resolution never fails")
    }

    fn build(
        store: &Store,
        terms: &ScopeTerms,
        on_missing: &mut dyn FnMut(NoMatch) -> Result<(), NoMatch>,
    ) -> Result<Scopes, NoMatch> {
        let mut s = Scopes::default();
        let mut get = |key: ScopeKey, q: &str| -> Result<Option<Named>, NoMatch> {
            match resolve(store, key, q) {
                Ok(n) => Ok(Some(n)),
                Err(e) => on_missing(e).map(|()| None),
            }
        };
        for q in &terms.countries {
            let (countries, regions) = s.places.get_or_insert_with(Default::default);
            match get(ScopeKey::Country, q)? {
                Some(Named::Countries(c)) => countries.extend(c),
                Some(Named::Regions(r)) => regions.extend(r),
                _ => {}
            }
        }
        for q in &terms.towns {
            let towns = s.towns.get_or_insert_with(Vec::new);
            if let Some(Named::Towns(ts)) = get(ScopeKey::Town, q)? {
                towns.extend(ts.into_iter().map(|t| store.town(t).id.clone()));
            }
        }
        if let Some(t) = &mut s.towns {
            t.sort_unstable();
            t.dedup();
        }
        for q in &terms.actors {
            match get(ScopeKey::Actor, q)? {
                Some(Named::Actors(a)) => s.actors.push(a),
                _ => s.actors.push(Vec::new()),
            }
        }
        Ok(s)
    }

    pub fn is_everything(&self) -> bool {
        self.places.is_none() && self.towns.is_none() && self.actors.is_empty()
    }

    /// The countries, then the regions, the `country:` terms name, as the store spells them.
    pub fn place_names(&self) -> Vec<&str> {
        self.places
            .iter()
            .flat_map(|(c, r)| c.iter().chain(r))
            .map(Sym::as_str)
            .collect()
    }

    /// Ids of the towns the `town:` terms name, sorted.
    pub fn town_ids(&self) -> &[Sym] {
        self.towns.as_deref().unwrap_or(&[])
    }

    /// The single actor the scope is about (one `actor:` term naming one actor).
    pub fn single_actor(&self) -> Option<Ix> {
        match self.actors.as_slice() {
            [one] if one.len() == 1 => Some(one[0]),
            _ => None,
        }
    }

    /// The single town the scope is about.
    pub fn single_town(&self, store: &Store) -> Option<Ix> {
        match self.towns.as_deref() {
            Some([one]) => store.town_ix(one),
            _ => None,
        }
    }

    pub fn accepts(&self, store: &Store, inc: &Incident) -> bool {
        if let Some((countries, regions)) = &self.places
            && !countries.contains(&inc.country)
            && !regions.contains(&inc.admin1)
        {
            return false;
        }
        if let Some(towns) = &self.towns
            && towns.binary_search(&inc.town).is_err()
        {
            return false;
        }
        self.actors.iter().all(|named| {
            inc.actors.iter().any(|r| {
                store
                    .actor_ix(&r.actor)
                    .is_some_and(|a| named.binary_search(&a).is_ok())
            })
        })
    }
}

#[cfg(test)]
mod tests;
