//! Compact per-incident copies of the fields that counting reads: the date, the three
//! fatality figures, whether it is placed at town level, and dense ids of each
//! single-valued place or type field and of the parties. Each part is built on first use,
//! in a parallel pass. An `Incident` is some 400 bytes over several cache lines; a pass over
//! a million of them reading a field costs 50-100 ms on this machine, the same pass over
//! these arrays a few milliseconds, which is what keeps a pivot or a filter change within
//! a frame.

use std::sync::OnceLock;

use chrono::NaiveDate;
use rayon::prelude::*;
use rustc_hash::FxHashMap;

use super::Store;
use crate::model::{Fatalities, Incident, Role, Sym};

/// A single-valued field of every incident.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Field {
    Country,
    Admin1,
    Admin2,
    EventType,
    SubEventType,
    /// The town id when the incident is placed at town level, else empty.
    TownLevelTown,
    /// The incident's own dataset label (empty in a store of one dataset).
    Dataset,
}

const FIELDS: [Field; 7] = [
    Field::Country,
    Field::Admin1,
    Field::Admin2,
    Field::EventType,
    Field::SubEventType,
    Field::TownLevelTown,
    Field::Dataset,
];

impl Field {
    fn of(self, inc: &Incident) -> &Sym {
        match self {
            Field::Country => &inc.country,
            Field::Admin1 => &inc.admin1,
            Field::Admin2 => &inc.admin2,
            Field::EventType => &inc.event_type,
            Field::SubEventType => &inc.sub_event_type,
            Field::TownLevelTown if inc.is_town_level() => &inc.town,
            Field::TownLevelTown => empty(),
            Field::Dataset => &inc.dataset,
        }
    }

    fn at(self) -> usize {
        FIELDS.iter().position(|&f| f == self).unwrap_or(0)
    }
}

fn empty() -> &'static Sym {
    static EMPTY: OnceLock<Sym> = OnceLock::new();
    EMPTY.get_or_init(|| Sym::new(""))
}

/// One field as dense ids: incident `i` has the value `keys[ids[i]]`. Keys are distinct by
/// text (the empty value included) and numbered in the order first seen, newest first.
#[derive(Clone, Debug, Default)]
pub struct Keyed {
    pub ids: Vec<u32>,
    pub keys: Vec<Sym>,
}

/// Several values per incident: incident `i` has `keys[ids[k]]` for `k` in
/// `offsets[i]..offsets[i + 1]`, each value once, in the record's order.
#[derive(Clone, Debug, Default)]
pub struct Parties {
    pub offsets: Vec<u32>,
    pub ids: Vec<u32>,
    pub keys: Vec<Sym>,
}

impl Parties {
    /// Incident `i`'s value ids.
    pub fn of(&self, i: usize) -> &[u32] {
        &self.ids[self.offsets[i] as usize..self.offsets[i + 1] as usize]
    }
}

/// Whether an actor role counts the incident for the actor in a split by actor: a party to
/// it, or one claiming it.
pub fn counts_for_actor(role: Role) -> bool {
    role.is_party() || role == Role::ClaimedBy
}

/// The fatality figures a total adds up (see `FatalityTotal::add`).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Toll {
    pub low: Option<u32>,
    pub best: Option<u32>,
    pub high: Option<u32>,
}

impl Toll {
    pub fn of(f: &Fatalities) -> Toll {
        Toll {
            low: f.low,
            best: f.best,
            high: f.high,
        }
    }
}

/// Every incident's date, toll and town-level flag, by incident position.
#[derive(Clone, Debug, Default)]
pub struct Facts {
    pub dates: Vec<NaiveDate>,
    pub tolls: Vec<Toll>,
    /// [`Incident::is_town_level`].
    pub town_level: Vec<bool>,
}

/// Lists of distinct values filters resolve names against (see [`Store::distinct`]).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Distinct {
    /// Of towns and incidents (imported stores may hold incidents whose town lacks them).
    Countries,
    /// Admin1 regions of towns and incidents.
    Regions,
    Admin2,
    /// Event types and sub-event types together.
    Types,
}

/// What the store derives from its incidents on first use; not archived.
#[derive(Clone, Debug, Default)]
pub struct Derived {
    facts: OnceLock<Facts>,
    fields: [OnceLock<Keyed>; 7],
    parties: OnceLock<Parties>,
    distinct: [OnceLock<Vec<Sym>>; 4],
    pub(super) content_hash: OnceLock<u64>,
}

const CHUNK: usize = 1 << 16;

impl Store {
    /// Every incident's date, toll and town-level flag (one pass, built on first use).
    pub fn facts(&self) -> &Facts {
        self.derived.facts.get_or_init(|| {
            let incs = &self.incidents;
            Facts {
                dates: incs.par_iter().map(|i| i.date).collect(),
                tolls: incs.par_iter().map(|i| Toll::of(&i.fatalities)).collect(),
                town_level: incs.par_iter().map(Incident::is_town_level).collect(),
            }
        })
    }

    /// One field of every incident as dense ids (built on first use).
    pub fn keyed(&self, f: Field) -> &Keyed {
        self.derived.fields[f.at()].get_or_init(|| keyed_of(&self.incidents, f))
    }

    /// Every incident's parties and claimants (built on first use).
    pub fn parties(&self) -> &Parties {
        self.derived
            .parties
            .get_or_init(|| parties_of(&self.incidents))
    }

    /// The distinct non-empty values of a list, sorted (built on first use, from
    /// [`Store::keyed`]).
    pub fn distinct(&self, list: Distinct) -> &[Sym] {
        let at = list as usize;
        self.derived.distinct[at].get_or_init(|| {
            let keys = |f: Field| self.keyed(f).keys.iter();
            Sym::distinct(match list {
                Distinct::Countries => {
                    let towns = self.towns.iter().map(|t| &t.country);
                    towns.chain(keys(Field::Country)).collect::<Vec<_>>()
                }
                Distinct::Regions => {
                    let towns = self.towns.iter().map(|t| &t.admin1);
                    towns.chain(keys(Field::Admin1)).collect()
                }
                Distinct::Admin2 => keys(Field::Admin2).collect(),
                Distinct::Types => keys(Field::EventType)
                    .chain(keys(Field::SubEventType))
                    .collect(),
            })
        })
    }

    /// Builds everything above on a thread of its own, so that the first figure counted
    /// with it does not wait (a browser's first filter or Trends key).
    pub fn derive_in_background(
        store: &std::sync::Arc<Store>,
        then: impl FnOnce() + Send + 'static,
    ) {
        let store = store.clone();
        let _ = std::thread::Builder::new()
            .name("sitrep-facts".into())
            .spawn(move || {
                store.derive_all();
                then();
            });
    }

    /// Builds every derived part now.
    pub fn derive_all(&self) {
        self.facts();
        self.parties();
        for f in FIELDS {
            self.keyed(f);
        }
        for d in [
            Distinct::Countries,
            Distinct::Regions,
            Distinct::Admin2,
            Distinct::Types,
        ] {
            self.distinct(d);
        }
    }
}

/// Ids local to a chunk of incidents, each standing for the Sym at its position in `keys`.
struct Local<'a> {
    ids: Vec<u32>,
    keys: Vec<&'a Sym>,
    /// For several values per incident: where each incident's ids end.
    ends: Vec<u32>,
}

/// Numbers `sym` by its address (interning makes equal strings one allocation, or one per
/// loader thread); the chunks are then joined by text.
fn local_id<'a>(by_addr: &mut FxHashMap<usize, u32>, keys: &mut Vec<&'a Sym>, sym: &'a Sym) -> u32 {
    *by_addr.entry(sym.as_ptr() as usize).or_insert_with(|| {
        keys.push(sym);
        keys.len() as u32 - 1
    })
}

/// Each chunk's local ids in the numbering shared by all, and the shared keys.
fn join<'a>(chunks: &[Local<'a>]) -> (Vec<Vec<u32>>, Vec<Sym>) {
    let mut global: FxHashMap<&str, u32> = FxHashMap::default();
    let mut keys: Vec<Sym> = Vec::new();
    let remaps = chunks
        .iter()
        .map(|c| {
            c.keys
                .iter()
                .map(|sym| {
                    *global.entry(sym.as_str()).or_insert_with(|| {
                        keys.push((*sym).clone());
                        keys.len() as u32 - 1
                    })
                })
                .collect()
        })
        .collect();
    (remaps, keys)
}

fn keyed_of(incs: &[Incident], f: Field) -> Keyed {
    let chunks: Vec<Local> = incs
        .par_chunks(CHUNK)
        .map(|chunk| {
            let mut by_addr = FxHashMap::default();
            let mut keys = Vec::new();
            let mut last: Option<(usize, u32)> = None;
            let ids = chunk
                .iter()
                .map(|inc| {
                    let sym = f.of(inc);
                    let addr = sym.as_ptr() as usize;
                    // Neighbouring incidents mostly repeat a value: skip the hash then.
                    match last {
                        Some((a, id)) if a == addr => id,
                        _ => {
                            let id = local_id(&mut by_addr, &mut keys, sym);
                            last = Some((addr, id));
                            id
                        }
                    }
                })
                .collect();
            Local {
                ids,
                keys,
                ends: Vec::new(),
            }
        })
        .collect();
    let (remaps, keys) = join(&chunks);
    let mut ids = Vec::with_capacity(incs.len());
    for (c, remap) in chunks.iter().zip(&remaps) {
        ids.extend(c.ids.iter().map(|&l| remap[l as usize]));
    }
    Keyed { ids, keys }
}

fn parties_of(incs: &[Incident]) -> Parties {
    let chunks: Vec<Local> = incs
        .par_chunks(CHUNK)
        .map(|chunk| {
            let mut by_addr = FxHashMap::default();
            let mut c = Local {
                ids: Vec::with_capacity(chunk.len() * 2),
                keys: Vec::new(),
                ends: Vec::with_capacity(chunk.len()),
            };
            for inc in chunk {
                let from = c.ids.len();
                for r in inc.actors.iter().filter(|r| counts_for_actor(r.role)) {
                    let id = local_id(&mut by_addr, &mut c.keys, &r.actor);
                    if !c.ids[from..].contains(&id) {
                        c.ids.push(id);
                    }
                }
                c.ends.push(c.ids.len() as u32);
            }
            c
        })
        .collect();
    let (remaps, keys) = join(&chunks);
    let mut out = Parties {
        offsets: Vec::with_capacity(incs.len() + 1),
        ids: Vec::new(),
        keys,
    };
    out.offsets.push(0);
    for (c, remap) in chunks.iter().zip(&remaps) {
        let mut from = 0;
        for &end in &c.ends {
            let start = out.ids.len();
            // An actor interned twice is two local ids but one shared one: kept once.
            for &l in &c.ids[from..end as usize] {
                let id = remap[l as usize];
                if !out.ids[start..].contains(&id) {
                    out.ids.push(id);
                }
            }
            out.offsets.push(out.ids.len() as u32);
            from = end as usize;
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::BTreeSet;

    /// The trend fixture: incidents placed only to admin1 or admin2 among town-level ones.
    fn imprecise_store() -> Store {
        let json = include_str!("../../tests/fixtures/trend/store.json");
        Store::from_bytes(
            std::path::Path::new("trend.json"),
            json.as_bytes(),
            &|_, _| {},
        )
        .expect("the trend fixture loads")
    }

    #[test]
    fn every_field_id_names_the_incidents_own_value() {
        for store in [
            Store::open(None).expect("the sample opens"),
            imprecise_store(),
        ] {
            every_field_id_names_its_value(&store);
        }
    }

    fn every_field_id_names_its_value(store: &Store) {
        let facts = store.facts();
        assert_eq!(facts.dates.len(), store.incidents.len());
        let parties = store.parties();
        for (i, inc) in store.incidents.iter().enumerate() {
            assert_eq!(facts.dates[i], inc.date);
            assert_eq!(facts.tolls[i], Toll::of(&inc.fatalities));
            assert_eq!(facts.town_level[i], inc.is_town_level());
            for f in FIELDS {
                let keyed = store.keyed(f);
                assert_eq!(
                    keyed.keys[keyed.ids[i] as usize],
                    *f.of(inc),
                    "{f:?} of {i}"
                );
            }
            let mut want: Vec<&str> = Vec::new();
            for r in inc.actors.iter().filter(|r| counts_for_actor(r.role)) {
                if !want.contains(&r.actor.as_str()) {
                    want.push(r.actor.as_str());
                }
            }
            let got: Vec<&str> = parties
                .of(i)
                .iter()
                .map(|&id| parties.keys[id as usize].as_str())
                .collect();
            assert_eq!(got, want, "parties of {i}");
        }
        // Distinct by text: no key twice.
        for f in FIELDS {
            let keys = &store.keyed(f).keys;
            let set: BTreeSet<&str> = keys.iter().map(|k| k.as_str()).collect();
            assert_eq!(set.len(), keys.len(), "{f:?}");
        }
    }

    #[test]
    fn a_town_is_only_the_key_of_incidents_placed_at_town_level() {
        let store = imprecise_store();
        let towns = store.keyed(Field::TownLevelTown);
        assert!(store.incidents.iter().any(|i| !i.is_town_level()));
        for (i, inc) in store.incidents.iter().enumerate() {
            let key = &towns.keys[towns.ids[i] as usize];
            assert_eq!(key.is_empty(), !inc.is_town_level() || inc.town.is_empty());
        }
    }

    #[test]
    fn distinct_lists_are_the_non_empty_texts_of_towns_and_incidents() {
        let store = Store::open(None).expect("the sample store opens");
        let texts = |it: &mut dyn Iterator<Item = &Sym>| -> Vec<String> {
            let set: BTreeSet<String> = it
                .filter(|s| !s.is_empty())
                .map(|s| s.to_string())
                .collect();
            set.into_iter().collect()
        };
        let strs = |v: &[Sym]| v.iter().map(|s| s.to_string()).collect::<Vec<_>>();
        let incs = &store.incidents;
        let countries = texts(
            &mut (store.towns.iter().map(|t| &t.country)).chain(incs.iter().map(|i| &i.country)),
        );
        assert!(countries.len() > 1);
        assert_eq!(strs(store.distinct(Distinct::Countries)), countries);
        let regions = texts(
            &mut (store.towns.iter().map(|t| &t.admin1)).chain(incs.iter().map(|i| &i.admin1)),
        );
        assert_eq!(strs(store.distinct(Distinct::Regions)), regions);
        let admin2 = texts(&mut incs.iter().map(|i| &i.admin2));
        assert_eq!(strs(store.distinct(Distinct::Admin2)), admin2);
        let types = texts(&mut incs.iter().flat_map(|i| [&i.event_type, &i.sub_event_type]));
        assert_eq!(strs(store.distinct(Distinct::Types)), types);
    }
}
