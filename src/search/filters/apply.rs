//! Terms resolved against a store: what each value names there (or the closest names when
//! it names nothing), and the test an incident must pass.

use std::sync::Arc;

use super::grammar::{FilterError, Key, Term, precision_named};
use super::{Filters, RecordSets};
use crate::diff::{ReleaseChange, ReleaseChanges};
use crate::model::{GeoPrecision, Incident, Sym};
use crate::search::scope::{self, Named, ScopeKey};
use crate::store::facts::{Distinct, Field};
use crate::store::{Ix, Store};
use crate::text::fold;

/// What one term (all its values together) keeps.
#[derive(Debug)]
enum Test {
    Places {
        countries: Vec<Sym>,
        regions: Vec<Sym>,
    },
    Admin1(Vec<Sym>),
    Admin2(Vec<Sym>),
    /// Town ids, sorted.
    Towns(Vec<Sym>),
    /// Actor positions, sorted: the incident involves one of them.
    Actors(Vec<Ix>),
    /// Folded text the event type or sub-type contains (any of them).
    Types(Vec<String>),
    /// `all`: the store itself is the dataset; `labels`: the datasets of a joined store;
    /// `files`: the imported files' names (normalised).
    Dataset {
        all: bool,
        labels: Vec<String>,
        files: Vec<String>,
    },
    Precision(Vec<Option<GeoPrecision>>),
    Contested,
    /// Ids of marked or noted records, or (`new`) incidents not among those seen.
    Ids(Arc<RecordSets>, Key),
    /// Tags (as kept): the incident, its town or one of its actors carries one of them.
    Tags(Arc<RecordSets>, Vec<String>),
    /// Placed within `km` of one of these points (`near:`).
    Near {
        points: Vec<(f64, f64)>,
        km: f64,
    },
    /// Incidents changed since the previous release in one of these ways (`changed`).
    Release(Arc<ReleaseChanges>, Vec<ReleaseChange>),
    Nothing,
}

#[derive(Debug)]
pub(super) struct Cond {
    test: Test,
    exclude: bool,
    /// Positive place terms of one group merge into one cond (they widen).
    group: Option<Key>,
}

impl Test {
    fn matches(&self, store: &Store, inc: &Incident) -> bool {
        match self {
            Test::Places { countries, regions } => {
                countries.contains(&inc.country) || regions.contains(&inc.admin1)
            }
            Test::Admin1(v) => v.contains(&inc.admin1),
            Test::Admin2(v) => v.contains(&inc.admin2),
            Test::Towns(ids) => ids.binary_search(&inc.town).is_ok(),
            Test::Actors(named) => inc.actors.iter().any(|r| {
                store
                    .actor_ix(&r.actor)
                    .is_some_and(|a| named.binary_search(&a).is_ok())
            }),
            Test::Types(parts) => {
                let (t, s) = (fold(&inc.event_type), fold(&inc.sub_event_type));
                parts
                    .iter()
                    .any(|p| t.contains(p.as_str()) || s.contains(p.as_str()))
            }
            Test::Dataset { all, labels, files } => {
                *all || labels.iter().any(|l| *l == *store.dataset_of(inc))
                    || inc
                        .origin
                        .as_ref()
                        .is_some_and(|o| files.iter().any(|f| dataset_names(&o.file).contains(f)))
            }
            Test::Precision(v) => v.contains(&inc.geo_precision),
            Test::Contested => inc.has_contested_claims(),
            Test::Ids(sets, key) => match key {
                Key::Noted => sets.noted.contains(&inc.id),
                Key::New => !sets.seen.contains(&inc.id),
                _ => sets.marked.contains(&inc.id),
            },
            Test::Tags(sets, tags) => tags.iter().any(|t| {
                sets.tags.get(t).is_some_and(|ids| {
                    ids.contains(&inc.id)
                        || ids.contains(&*inc.town)
                        || inc.actors.iter().any(|a| ids.contains(&*a.actor))
                })
            }),
            Test::Near { points, km } => incident_point(store, inc)
                .is_some_and(|p| points.iter().any(|&q| crate::diff::km_between(p, q) <= *km)),
            Test::Release(r, kinds) => r.change_of(&inc.id).is_some_and(|c| kinds.contains(&c)),
            Test::Nothing => false,
        }
    }

    /// Adds another value's test of the same kind (a comma, or a repeated place term).
    fn widen(&mut self, other: Test) {
        match (self, other) {
            (
                Test::Places { countries, regions },
                Test::Places {
                    countries: c,
                    regions: r,
                },
            ) => {
                countries.extend(c);
                regions.extend(r);
            }
            (Test::Admin1(a), Test::Admin1(b)) | (Test::Admin2(a), Test::Admin2(b)) => a.extend(b),
            (Test::Towns(a), Test::Towns(b)) => {
                a.extend(b);
                a.sort_unstable();
                a.dedup();
            }
            (Test::Actors(a), Test::Actors(b)) => {
                a.extend(b);
                a.sort_unstable();
                a.dedup();
            }
            (Test::Types(a), Test::Types(b)) => a.extend(b),
            (
                Test::Dataset { all, labels, files },
                Test::Dataset {
                    all: a2,
                    labels: l2,
                    files: f2,
                },
            ) => {
                *all |= a2;
                labels.extend(l2);
                files.extend(f2);
            }
            (Test::Precision(a), Test::Precision(b)) => a.extend(b),
            (Test::Tags(_, a), Test::Tags(_, b)) => a.extend(b),
            (Test::Release(_, a), Test::Release(_, b)) => a.extend(b),
            (this @ Test::Nothing, other) => *this = other,
            (_, _) => {}
        }
    }
}

/// Resolves every term. `strict`: the first value naming nothing (or a workspace key without
/// a workspace) is the error; else such a value keeps nothing (and excludes nothing).
pub(super) fn resolve(store: &Store, f: &Filters, strict: bool) -> Result<Vec<Cond>, FilterError> {
    let mut conds: Vec<Cond> = Vec::new();
    for term in &f.terms {
        let test = term_test(store, f, term, strict)?;
        let group = match term.key {
            _ if term.exclude => None,
            Key::Region => Some(Key::Country),
            k if k.is_place_like() => Some(k),
            _ => None,
        };
        if let Some(g) = group
            && let Some(c) = conds.iter_mut().find(|c| c.group == Some(g))
        {
            c.test.widen(test);
            continue;
        }
        conds.push(Cond {
            test,
            exclude: term.exclude,
            group,
        });
    }
    Ok(conds)
}

/// A cond decided by the store's dense field ids ([`Store::keyed`]) rather than the
/// record: for each field it reads, which of the field's values pass; an incident passes
/// when any of its fields' values does (a place term: its country or its region).
pub(super) struct Dense<'a> {
    fields: Vec<(&'a [u32], Vec<bool>)>,
    exclude: bool,
}

impl Dense<'_> {
    pub(super) fn accepts(&self, ix: usize) -> bool {
        let hit = self.fields.iter().any(|(ids, pass)| pass[ids[ix] as usize]);
        hit != self.exclude
    }
}

/// The conds as dense tests where the cond is on single-valued fields, and the rest.
pub(super) fn plan<'a>(store: &'a Store, conds: &'a [Cond]) -> (Vec<Dense<'a>>, Vec<&'a Cond>) {
    let mut dense = Vec::new();
    let mut rest = Vec::new();
    for c in conds {
        let on = |f: Field, pass: &dyn Fn(&Sym) -> bool| {
            let keyed = store.keyed(f);
            (keyed.ids.as_slice(), keyed.keys.iter().map(pass).collect())
        };
        let fields = match &c.test {
            Test::Places { countries, regions } => vec![
                on(Field::Country, &|k| countries.contains(k)),
                on(Field::Admin1, &|k| regions.contains(k)),
            ],
            Test::Admin1(v) => vec![on(Field::Admin1, &|k| v.contains(k))],
            Test::Admin2(v) => vec![on(Field::Admin2, &|k| v.contains(k))],
            Test::Types(parts) => {
                let any = |k: &Sym| {
                    let k = fold(k);
                    parts.iter().any(|p| k.contains(p.as_str()))
                };
                vec![on(Field::EventType, &any), on(Field::SubEventType, &any)]
            }
            _ => {
                rest.push(c);
                continue;
            }
        };
        dense.push(Dense {
            fields,
            exclude: c.exclude,
        });
    }
    (dense, rest)
}

/// Whether an incident passes these conds (see [`accepts`]).
pub(super) fn accepts_all(conds: &[&Cond], store: &Store, inc: &Incident) -> bool {
    conds
        .iter()
        .all(|c| c.test.matches(store, inc) != c.exclude)
}

/// Whether an incident passes every cond.
pub(super) fn accepts(conds: &[Cond], store: &Store, inc: &Incident) -> bool {
    conds
        .iter()
        .all(|c| c.test.matches(store, inc) != c.exclude)
}

fn term_test(store: &Store, f: &Filters, term: &Term, strict: bool) -> Result<Test, FilterError> {
    let mut test = Test::Nothing;
    if term.key == Key::Near {
        return near_test(store, term, strict);
    }
    if term.key == Key::Changed {
        let kinds: Vec<ReleaseChange> = if term.values.is_empty() {
            vec![ReleaseChange::Added, ReleaseChange::Edited]
        } else {
            term.values
                .iter()
                .filter_map(|v| ReleaseChange::named(&v.text))
                .collect()
        };
        return match &f.release {
            Some(r) => Ok(Test::Release(r.clone(), kinds)),
            None if strict => Err(FilterError::NeedsRelease),
            None => Ok(Test::Nothing),
        };
    }
    if term.key.is_flag() {
        return match term.key {
            Key::Contested => Ok(Test::Contested),
            key => match &f.records {
                Some(sets) => Ok(Test::Ids(sets.clone(), key)),
                None if strict => Err(FilterError::NeedsWorkspace(key)),
                None => Ok(Test::Nothing),
            },
        };
    }
    if term.key == Key::Tag {
        return match &f.records {
            Some(sets) => tag_test(sets, term, strict),
            None if strict => Err(FilterError::NeedsWorkspace(Key::Tag)),
            None => Ok(Test::Nothing),
        };
    }
    for v in &term.values {
        let got = value_test(store, term.key, &v.text);
        match got {
            Ok(t) => test.widen(t),
            Err(e) if strict => return Err(e),
            Err(_) => {}
        }
    }
    Ok(test)
}

fn value_test(store: &Store, key: Key, value: &str) -> Result<Test, FilterError> {
    let q = fold(value.trim());
    let miss = |what: &'static str, candidates: &[Sym]| FilterError::NoValue {
        key,
        what,
        query: value.trim().to_string(),
        suggestions: scope::suggest(
            &q,
            candidates
                .iter()
                .map(|s| (fold(s), s.to_string()))
                .collect(),
        ),
    };
    match key {
        Key::Country | Key::Region => match scope::resolve(store, ScopeKey::Country, value)? {
            Named::Countries(c) => Ok(Test::Places {
                countries: c,
                regions: Vec::new(),
            }),
            Named::Regions(r) => Ok(Test::Places {
                countries: Vec::new(),
                regions: r,
            }),
            _ => Ok(Test::Nothing),
        },
        Key::Town => match scope::resolve(store, ScopeKey::Town, value)? {
            Named::Towns(ts) => {
                let mut ids: Vec<Sym> = ts.into_iter().map(|t| store.town(t).id.clone()).collect();
                ids.sort_unstable();
                Ok(Test::Towns(ids))
            }
            _ => Ok(Test::Nothing),
        },
        Key::Actor => match scope::resolve(store, ScopeKey::Actor, value)? {
            Named::Actors(a) => Ok(Test::Actors(a)),
            _ => Ok(Test::Nothing),
        },
        Key::Admin1 => {
            let all = store.distinct(Distinct::Regions);
            let hit: Vec<Sym> = all.iter().filter(|s| fold(s) == q).cloned().collect();
            if hit.is_empty() {
                return Err(miss("admin1 region named", all));
            }
            Ok(Test::Admin1(hit))
        }
        Key::Admin2 => {
            let all = store.distinct(Distinct::Admin2);
            let hit: Vec<Sym> = all.iter().filter(|s| fold(s) == q).cloned().collect();
            if hit.is_empty() {
                return Err(miss("admin2 area named", all));
            }
            Ok(Test::Admin2(hit))
        }
        Key::Type => {
            let all = store.distinct(Distinct::Types);
            if q.is_empty() || !all.iter().any(|s| fold(s).contains(q.as_str())) {
                return Err(miss("event type or sub-type containing", all));
            }
            Ok(Test::Types(vec![q]))
        }
        Key::Dataset => dataset_test(store, value),
        Key::Precision => Ok(Test::Precision(vec![precision_named(value)?])),
        Key::Since
        | Key::Until
        | Key::Min
        | Key::Contested
        | Key::Marked
        | Key::Noted
        | Key::New
        | Key::Tag
        | Key::Changed
        | Key::Near => Ok(Test::Nothing),
    }
}

/// `tag:a,b`: the tags named (folded, `_` as a space, as typed or as kept); a value naming
/// no tag of the dataset is the error, with the closest tags.
fn tag_test(sets: &Arc<RecordSets>, term: &Term, strict: bool) -> Result<Test, FilterError> {
    let mut all: Vec<&String> = sets.tags.keys().collect();
    all.sort();
    let mut hit = Vec::new();
    for v in &term.values {
        let q = norm(&v.text);
        let named: Vec<String> = all
            .iter()
            .filter(|t| norm(t) == q)
            .map(|t| (*t).clone())
            .collect();
        if named.is_empty() && strict {
            return Err(FilterError::NoValue {
                key: Key::Tag,
                what: "tag",
                query: v.text.trim().to_string(),
                suggestions: scope::suggest(
                    &q,
                    all.iter().map(|t| (norm(t), (*t).clone())).collect(),
                ),
            });
        }
        hit.extend(named);
    }
    Ok(Test::Tags(sets.clone(), hit))
}

/// Where an incident is: its own coordinates, else its town's.
fn incident_point(store: &Store, inc: &Incident) -> Option<(f64, f64)> {
    match (inc.lat, inc.lon) {
        (Some(a), Some(b)) => Some((a, b)),
        _ => {
            let t = store.town(store.town_ix(inc.town.as_str())?);
            Some((t.lat?, t.lon?))
        }
    }
}

/// `near:TOWN,...,KM`: the towns' coordinates (a town without them is refused when
/// `strict`) and the distance.
fn near_test(store: &Store, term: &Term, strict: bool) -> Result<Test, FilterError> {
    let km = term
        .values
        .iter()
        .find_map(|v| super::grammar::near_distance(&v.text))
        .unwrap_or(super::grammar::NEAR_KM);
    let mut points = Vec::new();
    for v in term
        .values
        .iter()
        .filter(|v| super::grammar::near_distance(&v.text).is_none())
    {
        let towns = match scope::resolve(store, ScopeKey::Town, &v.text) {
            Ok(Named::Towns(ts)) => ts,
            Ok(_) => Vec::new(),
            Err(e) if strict => return Err(e.into()),
            Err(_) => Vec::new(),
        };
        for t in towns {
            let town = store.town(t);
            match (town.lat, town.lon) {
                (Some(a), Some(b)) => points.push((a, b)),
                _ if strict => {
                    return Err(FilterError::NoValue {
                        key: Key::Near,
                        what: "coordinates for the town",
                        query: town.name.clone(),
                        suggestions: Vec::new(),
                    });
                }
                _ => {}
            }
        }
    }
    Ok(Test::Near { points, km })
}

/// A name as `dataset:` compares it: folded, `_` as a space.
fn norm(s: &str) -> String {
    fold(s).replace('_', " ").trim().to_string()
}

/// The names a file is known by: its base name, and that without its extensions.
fn dataset_names(path: &str) -> Vec<String> {
    let base = path.rsplit(['/', '\\']).next().unwrap_or(path);
    let stem = base.split('.').next().unwrap_or(base);
    let mut v = vec![norm(base)];
    if stem != base && !stem.is_empty() {
        v.push(norm(stem));
    }
    v
}

fn dataset_test(store: &Store, value: &str) -> Result<Test, FilterError> {
    let q = norm(value);
    // A dataset is known by its label ("ACLED"), its file's name and its title.
    let datasets = store.datasets();
    let named: Vec<String> = datasets
        .iter()
        .filter(|d| {
            norm(&d.label) == q
                || dataset_names(&d.source).contains(&q)
                || (!d.title.trim().is_empty() && norm(&d.title) == q)
        })
        .map(|d| d.label.clone())
        .collect();
    if !named.is_empty() {
        return Ok(if store.is_joined() {
            Test::Dataset {
                all: false,
                labels: named,
                files: Vec::new(),
            }
        } else {
            Test::Dataset {
                all: true,
                labels: Vec::new(),
                files: Vec::new(),
            }
        });
    }
    let mut own = dataset_names(&store.source);
    if !store.meta.title.trim().is_empty() {
        own.push(norm(&store.meta.title));
    }
    if own.contains(&q) {
        return Ok(Test::Dataset {
            all: true,
            labels: Vec::new(),
            files: Vec::new(),
        });
    }
    let mut files: Vec<Sym> = store
        .incidents
        .iter()
        .filter_map(|i| i.origin.as_ref().map(|o| o.file.clone()))
        .collect();
    files.sort();
    files.dedup();
    if files.iter().any(|f| dataset_names(f).contains(&q)) {
        return Ok(Test::Dataset {
            all: false,
            labels: Vec::new(),
            files: vec![q],
        });
    }
    let mut labels: Vec<String> = datasets.iter().map(|d| d.label.clone()).collect();
    let base = |p: &str| p.rsplit(['/', '\\']).next().unwrap_or(p).to_string();
    if !store.meta.title.trim().is_empty() {
        labels.push(store.meta.title.clone());
    }
    labels.push(base(&store.source));
    labels.extend(files.iter().map(|f| base(f)));
    Err(FilterError::NoValue {
        key: Key::Dataset,
        what: "dataset named",
        query: value.trim().to_string(),
        suggestions: scope::suggest(&q, labels.iter().map(|l| (norm(l), l.clone())).collect()),
    })
}
