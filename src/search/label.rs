//! What a hit shows (a label with the matched characters marked), and matching one record
//! on its own for a pane's filter. Both work on one record at a time, so they cost nothing
//! unless a row is on screen.

use fuzzy_matcher::FuzzyMatcher;

use super::engine::{matcher, parse};
use super::index::{NONE, SearchIndex, fold_phrase, starts_with_folded};
use super::words::for_each_word;
use crate::store::{EntityRef, Store};
use crate::text::{fold, sanitize};

/// The label shown for a hit and the char positions in it to highlight. Incidents show date,
/// town, event type and actors; a town or actor found through an alias shows that alias in
/// brackets. The label is safe to draw (control characters removed).
pub fn label_with_highlights(
    store: &Store,
    entity: EntityRef,
    query: &str,
) -> (String, Vec<usize>) {
    let q = parse(query);
    let terms: Vec<&str> = q.terms.iter().map(|t| t.text.as_str()).collect();
    let label = match entity {
        EntityRef::Incident(i) => {
            let inc = store.incident(i);
            let mut s = format!(
                "{} {} {}",
                inc.date,
                store.town_name(&inc.town),
                inc.event_type
            );
            for (k, a) in inc.actors.iter().enumerate() {
                s.push_str(if k == 0 { " · " } else { ", " });
                s.push_str(store.actor_name(&a.actor));
            }
            s
        }
        EntityRef::Actor(i) => {
            let a = store.actor(i);
            with_alias(&a.name, &a.aliases, &terms)
        }
        EntityRef::Town(i) => {
            let t = store.town(i);
            format!("{}, {}", with_alias(&t.name, &t.aliases, &terms), t.country)
        }
        EntityRef::Report(i) => store.report(i).title.clone(),
    };
    let label = sanitize(&label, false).into_owned();
    let marks = highlights(&label, &terms);
    (label, marks)
}

/// "Name (alias)" when an alias matches the terms better than the name does.
fn with_alias(name: &str, aliases: &[String], terms: &[&str]) -> String {
    let score = |key: &str| -> Option<i64> {
        let key = fold_phrase(key);
        terms.iter().map(|t| matcher().fuzzy_match(&key, t)).sum()
    };
    let mut best = score(name);
    let mut shown = None;
    for a in aliases {
        let s = score(a);
        if s > best {
            best = s;
            shown = Some(a);
        }
    }
    match shown {
        Some(a) => format!("{name} ({a})"),
        None => name.to_string(),
    }
}

/// Char positions of `label` that the terms match, each term on the folded label.
fn highlights(label: &str, terms: &[&str]) -> Vec<usize> {
    // Folding can change a character's length ("ß" → "ss"), so map folded chars back.
    let mut folded = String::with_capacity(label.len());
    let mut origin = Vec::with_capacity(label.len());
    let mut one = [0u8; 4];
    for (k, c) in label.chars().enumerate() {
        let f = fold(c.encode_utf8(&mut one));
        origin.extend(std::iter::repeat_n(k, f.chars().count()));
        folded.push_str(&f);
    }
    let mut marks: Vec<usize> = terms
        .iter()
        .filter_map(|t| matcher().fuzzy_indices(&folded, t))
        .flat_map(|(_, idx)| idx)
        .filter_map(|i| origin.get(i).copied())
        .collect();
    marks.sort_unstable();
    marks.dedup();
    marks
}

/// Whether `term` (folded) is a subsequence of `choice`: exactly when fuzzy-matcher matches.
fn fuzzy_hit(choice: &str, term: &str) -> bool {
    let mut it = choice.chars();
    term.chars().all(|t| it.any(|c| c == t))
}

/// Whether one record matches `query` under the same rules as [`super::search`] (every term
/// in some field). An empty query matches everything. Cheap enough to call per row.
pub fn matches(store: &Store, index: &SearchIndex, entity: EntityRef, query: &str) -> bool {
    let q = parse(query);
    q.terms.iter().all(|t| {
        let t = t.text.as_str();
        let value = |v: u32| v != NONE && fuzzy_hit(index.values.get(v), t);
        let town = |ti: u32| index.town_names.get(ti).iter().any(|&v| value(v));
        let actor = |a: u32| index.actor_names.get(a).iter().any(|&v| value(v));
        match entity {
            EntityRef::Actor(a) => actor(a),
            EntityRef::Town(ti) => {
                town(ti) || index.town_areas[ti as usize].iter().any(|&v| value(v))
            }
            EntityRef::Incident(i) => {
                let k = i as usize;
                let place = index.places[index.inc_place[k] as usize];
                let [et, st] = index.type_pairs[index.inc_types[k] as usize];
                (place.town != NONE && town(place.town))
                    || place.areas.iter().any(|&v| value(v))
                    || value(et)
                    || value(st)
                    || index
                        .actor_sets
                        .get(index.inc_actors[k])
                        .iter()
                        .any(|&a| actor(a))
                    || starts_with_folded(&store.incident(i).id, t)
                    || index.words_of(k).any(|w| fuzzy_hit(index.words.get(w), t))
            }
            EntityRef::Report(r) => {
                // Reports are not indexed; their titles are few and short.
                let mut hit = false;
                for_each_word(&fold(&store.report(r).title), |w| hit |= fuzzy_hit(w, t));
                hit
            }
        }
    })
}
