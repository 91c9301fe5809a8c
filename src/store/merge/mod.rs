//! Joining several stores into one (issue 17): ACLED, UCDP and sitrep stores side by side.
//!
//! - Every incident keeps its dataset's short label (`Incident::dataset`), which the list,
//!   the detail, `dataset:` and the Trends split show.
//! - An id that two datasets both use is prefixed with the label ("UCDP:123") in both;
//!   every other id is kept as the dataset gives it.
//! - Actors that are one actor (same name or alias once folded, or one crosswalk entry) and
//!   towns that are one place (same name in the same country, within [`SAME_TOWN_KM`]) become
//!   one record, which lists the records it was merged from. Records are merged only across
//!   datasets: two actors one dataset keeps apart (ACLED's army of two eras) stay apart.

use std::collections::HashSet as StdHashSet;

// Fx hashing: the maps here hold a million ids at a time and need no DoS resistance (the
// keys are the user's own files' ids).
use rustc_hash::{FxHashMap as HashMap, FxHashSet as HashSet};

use rayon::prelude::*;

use super::crosswalk::{Crosswalk, normalise};
use super::{Problem, Store};
use crate::model::{
    Actor, ActorKind, ContentKind, Coverage, DatasetInfo, Incident, Meta, Report, StoreDoc, Sym,
    Town,
};
use crate::text::fold;

/// Two towns of one name and country further apart than this are different places.
pub const SAME_TOWN_KM: f64 = 30.0;

/// How long a label made from a file name may be.
const LABEL_CHARS: usize = 16;

/// The label a store's incidents carry: its own (an importer's "ACLED", or the file's
/// name).
pub fn label_of(source: &str) -> String {
    if source == super::SAMPLE_LABEL {
        return "sample".into();
    }
    let base = source.rsplit(['/', '\\']).next().unwrap_or(source);
    let stem = base.split('.').next().unwrap_or(base);
    let short: String = stem.chars().take(LABEL_CHARS).collect();
    if short.is_empty() {
        "store".into()
    } else {
        short
    }
}

/// Joins `parts` (in the order given) into one store.
pub fn merge(mut parts: Vec<Store>, crosswalk: &Crosswalk) -> Store {
    if parts.len() == 1 {
        return parts.pop().expect("one part");
    }
    let labels = labels(&parts);
    let clashing = clashing_incident_ids(&parts);
    let (actors, actor_maps) = merge_actors(&parts, &labels, crosswalk);
    let (towns, town_maps) = merge_towns(&parts, &labels);
    let (reports, report_maps) = merge_reports(&parts, &labels);
    let meta = joined_meta(&parts, &labels);
    let source = parts
        .iter()
        .map(|p| p.source.as_str())
        .collect::<Vec<_>>()
        .join(" + ");

    let mut incidents = Vec::with_capacity(parts.iter().map(|p| p.incidents.len()).sum());
    let mut problems: Vec<Problem> = Vec::new();
    for (p, part) in parts.iter_mut().enumerate() {
        let label = Sym::new(&labels[p]);
        let maps = Maps {
            actors: &actor_maps[p],
            towns: &town_maps[p],
            reports: &report_maps[p],
        };
        let mut own = std::mem::take(&mut part.incidents).into_vec();
        own.par_iter_mut().for_each(|inc| {
            if clashing.contains(inc.id.as_str()) {
                inc.id = format!("{label}:{}", inc.id);
            }
            if inc.dataset.is_empty() {
                inc.dataset = label.clone();
            }
            maps.apply(inc);
        });
        incidents = merge_sorted(incidents, own);
        problems.append(&mut part.problems);
    }
    let doc = StoreDoc {
        schema_version: crate::model::SCHEMA_VERSION,
        meta,
        towns,
        actors,
        reports,
        incidents,
    };
    Store::from_doc(source, doc, problems)
}

/// Two lists of incidents in store order (newest first, then by id) as one, in that order,
/// so that the store's own sort finds its work done rather than moving two million records.
fn merge_sorted(a: Vec<Incident>, b: Vec<Incident>) -> Vec<Incident> {
    if a.is_empty() {
        return b;
    }
    let mut out = Vec::with_capacity(a.len() + b.len());
    let (mut a, mut b) = (a.into_iter().peekable(), b.into_iter().peekable());
    loop {
        let take_a = match (a.peek(), b.peek()) {
            (Some(x), Some(y)) => (y.date, &x.id) <= (x.date, &y.id),
            (Some(_), None) => true,
            (None, Some(_)) => false,
            (None, None) => break,
        };
        out.extend(if take_a { a.next() } else { b.next() });
    }
    out
}

/// Old id to new, for the ids that changed (most keep theirs).
type IdMap = HashMap<Sym, Sym>;

struct Maps<'a> {
    actors: &'a IdMap,
    towns: &'a IdMap,
    reports: &'a IdMap,
}

impl Maps<'_> {
    fn apply(&self, inc: &mut Incident) {
        let swap = |map: &IdMap, s: &mut Sym| {
            if let Some(new) = map.get(s) {
                *s = new.clone();
            }
        };
        swap(self.towns, &mut inc.town);
        for ar in &mut inc.actors {
            swap(self.actors, &mut ar.actor);
        }
        for c in &mut inc.claims {
            swap(self.actors, &mut c.claimant);
            if let Some(s) = &mut c.source {
                swap(self.reports, s);
            }
        }
        for s in &mut inc.sources {
            if let Some(r) = &mut s.report {
                swap(self.reports, r);
            }
        }
    }
}

/// Each part's label; two parts of one label ("ACLED" twice) are told apart by file name.
fn labels(parts: &[Store]) -> Vec<String> {
    let own: Vec<String> = parts
        .iter()
        .map(|s| {
            if s.meta.dataset.trim().is_empty() {
                label_of(&s.source)
            } else {
                s.meta.dataset.trim().to_string()
            }
        })
        .collect();
    let mut out: Vec<String> = Vec::with_capacity(own.len());
    for (i, l) in own.iter().enumerate() {
        let mut label = if own.iter().filter(|o| *o == l).count() > 1 {
            format!("{l}:{}", label_of(&parts[i].source))
        } else {
            l.clone()
        };
        let first = label.clone();
        let mut n = 2;
        while out.contains(&label) {
            label = format!("{first}-{n}");
            n += 1;
        }
        out.push(label);
    }
    out
}

/// Incident ids found in more than one part: a walk over each pair's id-sorted lists.
fn clashing_incident_ids(parts: &[Store]) -> HashSet<String> {
    let mut out = HashSet::default();
    for (i, a) in parts.iter().enumerate() {
        for b in &parts[i + 1..] {
            let (ia, ib) = (a.incidents_by_id(), b.incidents_by_id());
            let (mut x, mut y) = (0, 0);
            while x < ia.len() && y < ib.len() {
                let (ka, kb) = (&a.incident(ia[x]).id, &b.incident(ib[y]).id);
                match ka.cmp(kb) {
                    std::cmp::Ordering::Less => x += 1,
                    std::cmp::Ordering::Greater => y += 1,
                    std::cmp::Ordering::Equal => {
                        out.insert(ka.clone());
                        x += 1;
                        y += 1;
                    }
                }
            }
        }
    }
    out
}

/// A record being merged: what it became and which parts it holds.
/// The (part, own id) of each record a group merges.
type Members = Vec<(usize, Sym)>;

struct Group<T> {
    record: T,
    parts: Vec<usize>,
    /// "UCDP: JNIM" for each member.
    from: Vec<String>,
}

/// Gives every group a unique id (its first member's, prefixed by that member's label when
/// another group has it too) and says, per part, which old ids now read differently.
fn assign_ids<T>(
    groups: &mut [Group<T>],
    members: &[Vec<(usize, Sym)>],
    labels: &[String],
    id: impl Fn(&mut T) -> &mut Sym,
    parts: usize,
) -> Vec<IdMap> {
    let mut count: HashMap<Sym, usize> = HashMap::default();
    for g in groups.iter_mut() {
        *count.entry(id(&mut g.record).clone()).or_default() += 1;
    }
    for g in groups.iter_mut() {
        let first = g.parts[0];
        let own = id(&mut g.record);
        if count[&*own] > 1 {
            *own = Sym::new(&format!("{}:{}", labels[first], own));
        }
    }
    let mut maps = vec![IdMap::default(); parts];
    for (g, ms) in groups.iter_mut().zip(members) {
        let new = id(&mut g.record).clone();
        for (p, old) in ms {
            if *old != new {
                maps[*p].insert(old.clone(), new.clone());
            }
        }
    }
    maps
}

/// The keys an actor is known by: each name folded, and its crosswalk entry when the name
/// belongs to exactly one.
fn actor_keys(a: &Actor, crosswalk: &Crosswalk) -> Vec<String> {
    let mut keys = Vec::new();
    for name in std::iter::once(&a.name).chain(&a.aliases) {
        let norm = normalise(name);
        if norm.is_empty() {
            continue;
        }
        if let [entry] = crosswalk.lookup_normalised(&norm)[..] {
            keys.push(format!("cw:{entry}"));
        }
        keys.push(format!("n:{norm}"));
    }
    keys
}

/// The country ACLED qualifies some names by ("Civilians (Mali)", "Protesters (Niger)"):
/// such a name is one actor only with one active in that country, so UCDP's civilians in
/// Burkina Faso never become ACLED's civilians of Mali. Only a country some incident is in
/// counts ("Islamic State (Greater Sahara)" is not qualified; nor are spans of years).
fn country_qualifier(name: &str, countries: &HashSet<String>) -> Option<String> {
    let (_, inner) = name.trim().strip_suffix(')')?.rsplit_once('(')?;
    let inner = fold(inner.trim());
    countries.contains(&inner).then_some(inner)
}

/// The countries (folded) of an actor's incidents in its own store.
fn actor_countries(part: &Store, a: &Actor) -> HashSet<String> {
    let Some(ix) = part.actor_ix(&a.id) else {
        return HashSet::default();
    };
    // Countries are few: fold each distinct one once, not once per incident.
    let raw: StdHashSet<&str> = part.by_actor[ix as usize]
        .iter()
        .map(|&i| part.incidents[i as usize].country.as_str())
        .collect();
    raw.into_iter().map(|c| fold(c.trim())).collect()
}

/// Adds `name` to `aliases` unless the record already goes by it.
fn add_alias(name: &str, own: &str, aliases: &mut Vec<String>) {
    let f = fold(name.trim());
    if f.is_empty() || fold(own.trim()) == f || aliases.iter().any(|a| fold(a.trim()) == f) {
        return;
    }
    aliases.push(name.trim().to_string());
}

fn merge_actors(
    parts: &[Store],
    labels: &[String],
    crosswalk: &Crosswalk,
) -> (Vec<Actor>, Vec<IdMap>) {
    let mut groups: Vec<Group<Actor>> = Vec::new();
    let mut members: Vec<Vec<(usize, Sym)>> = Vec::new();
    let mut by_key: HashMap<String, Vec<usize>> = HashMap::default();
    // Where each group's members are active, for names qualified by a country, and how
    // many incidents they have, to pick the main one of several a crosswalk entry covers.
    let mut active_in: Vec<HashSet<String>> = Vec::new();
    let mut activity: Vec<usize> = Vec::new();
    let mut first_seen: Vec<(usize, usize)> = Vec::new();
    let raw: StdHashSet<&str> = parts
        .iter()
        .flat_map(|part| part.incidents.iter().map(|i| i.country.as_str()))
        .collect();
    let known: HashSet<String> = raw.into_iter().map(|c| fold(c.trim())).collect();
    for (p, part) in parts.iter().enumerate() {
        // The most active first, so that of ACLED's police and army the army meets UCDP's
        // "Government of Burkina Faso" before the police does.
        let count = |i: usize| part.by_actor.get(i).map_or(0, Vec::len);
        let mut order: Vec<usize> = (0..part.actors.len()).collect();
        order.sort_by_key(|&i| std::cmp::Reverse(count(i)));
        for i in order {
            let a = &part.actors[i];
            let keys = actor_keys(a, crosswalk);
            let countries = actor_countries(part, a);
            let incidents = count(i);
            let qualifier = country_qualifier(&a.name, &known);
            let target = {
                let eligible = |g: &usize| {
                    !groups[*g].parts.contains(&p)
                        && qualifier.as_ref().is_none_or(|q| active_in[*g].contains(q))
                        && country_qualifier(&groups[*g].record.name, &known)
                            .is_none_or(|q| countries.contains(&q))
                };
                let candidates = |prefix: &'static str| {
                    keys.iter()
                        .filter(move |k| k.starts_with(prefix))
                        .filter_map(|k| by_key.get(k))
                        .flatten()
                        .copied()
                        .filter(eligible)
                };
                // A same name first; else, of the actors one crosswalk entry covers
                // (ACLED's police and army are both the "Government of Burkina Faso"), the
                // most active.
                candidates("n:").next().or_else(|| {
                    candidates("cw:").max_by_key(|&g| (activity[g], std::cmp::Reverse(g)))
                })
            };
            let from = format!("{}: {}", labels[p], a.name);
            let g = match target {
                Some(g) => {
                    let group = &mut groups[g];
                    let r = &mut group.record;
                    add_alias(&a.name, &r.name, &mut r.aliases);
                    for al in &a.aliases {
                        add_alias(al, &r.name, &mut r.aliases);
                    }
                    if matches!(r.kind, ActorKind::Other | ActorKind::Unidentified)
                        && !matches!(a.kind, ActorKind::Other)
                    {
                        r.kind = a.kind;
                    }
                    if r.description.trim().is_empty() {
                        r.description = a.description.clone();
                    }
                    if r.affiliation.is_none() {
                        r.affiliation = a.affiliation.clone();
                    }
                    group.parts.push(p);
                    group.from.push(from);
                    members[g].push((p, a.id.clone()));
                    active_in[g].extend(countries);
                    activity[g] += incidents;
                    g
                }
                None => {
                    groups.push(Group {
                        record: a.clone(),
                        parts: vec![p],
                        from: vec![from],
                    });
                    members.push(vec![(p, a.id.clone())]);
                    active_in.push(countries);
                    activity.push(incidents);
                    first_seen.push((p, i));
                    groups.len() - 1
                }
            };
            for k in keys {
                let list = by_key.entry(k).or_default();
                if !list.contains(&g) {
                    list.push(g);
                }
            }
        }
    }
    // Back to the datasets' own order.
    let mut perm: Vec<usize> = (0..groups.len()).collect();
    perm.sort_by_key(|&g| first_seen[g]);
    let mut slots: Vec<Option<(Group<Actor>, Members)>> =
        groups.into_iter().zip(members).map(Some).collect();
    let (mut groups, members): (Vec<_>, Vec<_>) = perm
        .iter()
        .map(|&g| slots[g].take().expect("each group once"))
        .unzip();
    let maps = assign_ids(&mut groups, &members, labels, |a| &mut a.id, parts.len());
    let actors = groups
        .into_iter()
        .map(|g| {
            let mut a = g.record;
            // The parent is named in its first member's dataset.
            if let Some(parent) = &mut a.parent
                && let Some(new) = maps[g.parts[0]].get(parent)
            {
                *parent = new.clone();
            }
            if g.from.len() > 1 {
                a.merged_from = g.from;
            }
            a
        })
        .collect();
    (actors, maps)
}

/// Words UCDP's place names end in that ACLED's do not ("Djibo town" is ACLED's "Djibo").
const PLACE_SUFFIXES: [&str; 3] = [" town", " village", " city"];

fn town_keys(t: &Town) -> Vec<String> {
    let country = fold(t.country.trim());
    let mut keys = Vec::new();
    for n in std::iter::once(&t.name).chain(&t.aliases) {
        let norm = normalise(n);
        let bare = PLACE_SUFFIXES
            .iter()
            .find_map(|s| norm.strip_suffix(s))
            .map(str::to_string);
        for k in std::iter::once(norm).chain(bare) {
            if !k.is_empty() {
                keys.push(format!("{k}|{country}"));
            }
        }
    }
    keys
}

fn close_enough(a: &Town, b: &Town) -> bool {
    match (a.lat.zip(a.lon), b.lat.zip(b.lon)) {
        (Some((la, lo)), Some((lb, lob))) => haversine_km(la, lo, lb, lob) <= SAME_TOWN_KM,
        _ => true,
    }
}

/// Great-circle distance in km.
pub fn haversine_km(lat1: f64, lon1: f64, lat2: f64, lon2: f64) -> f64 {
    let (p1, p2) = (lat1.to_radians(), lat2.to_radians());
    let dp = p2 - p1;
    let dl = (lon2 - lon1).to_radians();
    let h = (dp / 2.0).sin().powi(2) + p1.cos() * p2.cos() * (dl / 2.0).sin().powi(2);
    2.0 * 6371.0 * h.sqrt().min(1.0).asin()
}

fn merge_towns(parts: &[Store], labels: &[String]) -> (Vec<Town>, Vec<IdMap>) {
    let mut groups: Vec<Group<Town>> = Vec::new();
    let mut members: Vec<Vec<(usize, Sym)>> = Vec::new();
    let mut by_key: HashMap<String, Vec<usize>> = HashMap::default();
    for (p, part) in parts.iter().enumerate() {
        for t in &part.towns {
            let keys = town_keys(t);
            let target = keys
                .iter()
                .filter_map(|k| by_key.get(k))
                .flatten()
                .copied()
                .find(|&g| !groups[g].parts.contains(&p) && close_enough(&groups[g].record, t));
            let from = format!("{}: {}", labels[p], t.name);
            let g = match target {
                Some(g) => {
                    let group = &mut groups[g];
                    let r = &mut group.record;
                    add_alias(&t.name, &r.name, &mut r.aliases);
                    for al in &t.aliases {
                        add_alias(al, &r.name, &mut r.aliases);
                    }
                    if r.admin1.is_empty() {
                        r.admin1 = t.admin1.clone();
                    }
                    if r.admin2.is_empty() {
                        r.admin2 = t.admin2.clone();
                    }
                    if r.lat.is_none() || r.lon.is_none() {
                        (r.lat, r.lon) = (t.lat, t.lon);
                    }
                    group.parts.push(p);
                    group.from.push(from);
                    members[g].push((p, t.id.clone()));
                    g
                }
                None => {
                    groups.push(Group {
                        record: t.clone(),
                        parts: vec![p],
                        from: vec![from],
                    });
                    members.push(vec![(p, t.id.clone())]);
                    groups.len() - 1
                }
            };
            for k in keys {
                let list = by_key.entry(k).or_default();
                if !list.contains(&g) {
                    list.push(g);
                }
            }
        }
    }
    let maps = assign_ids(&mut groups, &members, labels, |t| &mut t.id, parts.len());
    let towns = groups
        .into_iter()
        .map(|g| {
            let mut t = g.record;
            if g.from.len() > 1 {
                t.merged_from = g.from;
            }
            t
        })
        .collect();
    (towns, maps)
}

/// Reports are never merged; an id two datasets share is prefixed in both.
fn merge_reports(parts: &[Store], labels: &[String]) -> (Vec<Report>, Vec<IdMap>) {
    let mut count: HashMap<&str, usize> = HashMap::default();
    for part in parts {
        for r in &part.reports {
            *count.entry(r.id.as_str()).or_default() += 1;
        }
    }
    let mut maps = vec![IdMap::default(); parts.len()];
    let mut out = Vec::new();
    for (p, part) in parts.iter().enumerate() {
        for r in &part.reports {
            let mut r = r.clone();
            if count[r.id.as_str()] > 1 {
                let new = Sym::new(&format!("{}:{}", labels[p], r.id));
                maps[p].insert(r.id.clone(), new.clone());
                r.id = new;
            }
            out.push(r);
        }
    }
    (out, maps)
}

/// The strongest warning of the parts: real and illustrative together are mixed.
fn joined_content(kinds: impl Iterator<Item = ContentKind>) -> ContentKind {
    let kinds: Vec<ContentKind> = kinds.collect();
    if kinds.contains(&ContentKind::Synthetic) {
        ContentKind::Synthetic
    } else if kinds.iter().all(|k| *k == ContentKind::Illustrative) {
        ContentKind::Illustrative
    } else if kinds.iter().any(|k| *k != ContentKind::Real) {
        ContentKind::Mixed
    } else {
        ContentKind::Real
    }
}

fn joined_meta(parts: &[Store], labels: &[String]) -> Meta {
    let datasets: Vec<DatasetInfo> = parts
        .iter()
        .zip(labels)
        .map(|(s, l)| DatasetInfo {
            label: l.clone(),
            title: s.meta.title.clone(),
            source: s.source.clone(),
            coverage: s.meta.coverage.clone(),
            licence: s.meta.licence.clone(),
            content: s.meta.content,
            incidents: s.incidents.len(),
        })
        .collect();
    let mut countries: Vec<String> = parts
        .iter()
        .flat_map(|s| s.meta.coverage.countries.iter().cloned())
        .collect();
    countries.sort();
    countries.dedup();
    let mut licences: Vec<String> = Vec::new();
    let mut attribution: Vec<String> = Vec::new();
    for s in parts {
        let l = s.meta.licence.trim();
        if !l.is_empty() && !licences.iter().any(|x| x == l) {
            licences.push(l.to_string());
        }
        for a in &s.meta.attribution {
            if !attribution.contains(a) {
                attribution.push(a.clone());
            }
        }
    }
    let titles: Vec<String> = datasets
        .iter()
        .map(|d| {
            if d.title.trim().is_empty() {
                d.label.clone()
            } else {
                d.title.trim().to_string()
            }
        })
        .collect();
    Meta {
        title: titles.join(" + "),
        description: format!(
            "{} datasets joined: {}",
            datasets.len(),
            datasets
                .iter()
                .map(|d| format!("{} ({}, {} incidents)", d.label, d.source, d.incidents))
                .collect::<Vec<_>>()
                .join("; ")
        ),
        coverage: Coverage {
            from: parts.iter().filter_map(|s| s.meta.coverage.from).min(),
            to: parts.iter().filter_map(|s| s.meta.coverage.to).max(),
            countries,
        },
        licence: licences.join("; "),
        attribution,
        content: joined_content(parts.iter().map(|s| s.meta.content)),
        dataset: String::new(),
        datasets,
    }
}

#[cfg(test)]
mod tests;
