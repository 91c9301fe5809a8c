//! Compact per-incident copies of the fields that counting reads: the date, the three
//! fatality figures and a dense id for each single-valued place or type field. Built once per
//! store, on first use, in one parallel pass. A `Incident` is some 400 bytes spread over
//! several cache lines; a pass over a million of them reading three fields costs 50-100 ms
//! on this machine, the same pass over these arrays (some 60 bytes an incident in all) a
//! few milliseconds, which is what keeps a pivot or a filter change within a frame.

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
}

fn empty() -> &'static Sym {
    static EMPTY: std::sync::OnceLock<Sym> = std::sync::OnceLock::new();
    EMPTY.get_or_init(|| Sym::new(""))
}

/// One field as dense ids: incident `i` has the value `keys[ids[i]]`. Keys are distinct by
/// text (the empty value included) and numbered in the order first seen, newest first.
#[derive(Clone, Debug, Default)]
pub struct Keyed {
    pub ids: Vec<u32>,
    pub keys: Vec<Sym>,
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

/// Every incident's date, toll and field ids, by incident position.
#[derive(Clone, Debug, Default)]
pub struct Facts {
    pub dates: Vec<NaiveDate>,
    pub tolls: Vec<Toll>,
    /// [`Incident::is_town_level`].
    pub town_level: Vec<bool>,
    /// The actors each incident names as a party or a claimant.
    pub parties: Parties,
    fields: Vec<Keyed>,
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

/// A chunk's ids of one field, local to the chunk, and the Sym each local id stands for.
struct ChunkField<'a> {
    ids: Vec<u32>,
    keys: Vec<&'a Sym>,
}

impl Facts {
    pub fn field(&self, f: Field) -> &Keyed {
        let at = FIELDS.iter().position(|&x| x == f).unwrap_or(0);
        &self.fields[at]
    }

    pub(super) fn of(store: &Store) -> Facts {
        const CHUNK: usize = 1 << 16;
        let incs = &store.incidents;
        // One pass, in chunks on every core. Each chunk numbers values by their address
        // (interning makes equal strings one allocation, or one per loader thread); the
        // chunks are then joined by text.
        let chunks: Vec<Chunk> = incs.par_chunks(CHUNK).map(Chunk::of).collect();
        let mut facts = Facts {
            dates: Vec::with_capacity(incs.len()),
            tolls: Vec::with_capacity(incs.len()),
            town_level: Vec::with_capacity(incs.len()),
            parties: Parties::default(),
            fields: Vec::new(),
        };
        for c in &chunks {
            facts.dates.extend_from_slice(&c.dates);
            facts.tolls.extend_from_slice(&c.tolls);
            facts.town_level.extend_from_slice(&c.town_level);
        }
        facts.parties = join_parties(&chunks, incs.len());
        facts.fields = (0..FIELDS.len())
            .into_par_iter()
            .map(|f| {
                let mut global: FxHashMap<&str, u32> = FxHashMap::default();
                let mut keys: Vec<Sym> = Vec::new();
                let mut ids = Vec::with_capacity(incs.len());
                for chunk in &chunks {
                    let part = &chunk.fields[f];
                    let remap: Vec<u32> = part
                        .keys
                        .iter()
                        .map(|sym| {
                            *global.entry(sym.as_str()).or_insert_with(|| {
                                keys.push((*sym).clone());
                                keys.len() as u32 - 1
                            })
                        })
                        .collect();
                    ids.extend(part.ids.iter().map(|&l| remap[l as usize]));
                }
                Keyed { ids, keys }
            })
            .collect();
        facts
    }
}

/// One chunk of incidents' facts, its field ids local to the chunk.
struct Chunk<'a> {
    dates: Vec<NaiveDate>,
    tolls: Vec<Toll>,
    town_level: Vec<bool>,
    fields: Vec<ChunkField<'a>>,
    /// Each incident's party ids (local, as in `fields`), one slice per incident.
    party_ends: Vec<u32>,
    parties: ChunkField<'a>,
}

impl<'a> Chunk<'a> {
    fn of(incs: &'a [Incident]) -> Chunk<'a> {
        let mut c = Chunk {
            dates: Vec::with_capacity(incs.len()),
            tolls: Vec::with_capacity(incs.len()),
            town_level: Vec::with_capacity(incs.len()),
            fields: FIELDS
                .iter()
                .map(|_| ChunkField {
                    ids: Vec::with_capacity(incs.len()),
                    keys: Vec::new(),
                })
                .collect(),
            party_ends: Vec::with_capacity(incs.len()),
            parties: ChunkField {
                ids: Vec::with_capacity(incs.len() * 2),
                keys: Vec::new(),
            },
        };
        let mut party_addr: FxHashMap<usize, u32> = FxHashMap::default();
        let mut by_addr: Vec<FxHashMap<usize, u32>> = vec![FxHashMap::default(); FIELDS.len()];
        let mut last: Vec<Option<(usize, u32)>> = vec![None; FIELDS.len()];
        for inc in incs {
            c.dates.push(inc.date);
            c.tolls.push(Toll::of(&inc.fatalities));
            c.town_level.push(inc.is_town_level());
            for (n, &f) in FIELDS.iter().enumerate() {
                let sym = f.of(inc);
                let addr = sym.as_ptr() as usize;
                let part = &mut c.fields[n];
                // Neighbouring incidents mostly repeat a value: skip the hash when they do.
                let id = match last[n] {
                    Some((a, id)) if a == addr => id,
                    _ => {
                        let id = *by_addr[n].entry(addr).or_insert_with(|| {
                            part.keys.push(sym);
                            part.keys.len() as u32 - 1
                        });
                        last[n] = Some((addr, id));
                        id
                    }
                };
                part.ids.push(id);
            }
            let from = c.parties.ids.len();
            for r in inc.actors.iter().filter(|r| counts_for_actor(r.role)) {
                let parties = &mut c.parties;
                let id = *party_addr
                    .entry(r.actor.as_ptr() as usize)
                    .or_insert_with(|| {
                        parties.keys.push(&r.actor);
                        parties.keys.len() as u32 - 1
                    });
                if !parties.ids[from..].contains(&id) {
                    parties.ids.push(id);
                }
            }
            c.party_ends.push(c.parties.ids.len() as u32);
        }
        c
    }
}

/// The chunks' party lists as one, their ids numbered by text across chunks (an actor
/// interned twice is one id, and is then once in an incident's list).
fn join_parties(chunks: &[Chunk], n: usize) -> Parties {
    let mut global: FxHashMap<&str, u32> = FxHashMap::default();
    let mut out = Parties {
        offsets: Vec::with_capacity(n + 1),
        ids: Vec::new(),
        keys: Vec::new(),
    };
    out.offsets.push(0);
    for c in chunks {
        let remap: Vec<u32> = c
            .parties
            .keys
            .iter()
            .map(|sym| {
                *global.entry(sym.as_str()).or_insert_with(|| {
                    out.keys.push((*sym).clone());
                    out.keys.len() as u32 - 1
                })
            })
            .collect();
        let mut from = 0;
        for &end in &c.party_ends {
            let start = out.ids.len();
            for &l in &c.parties.ids[from..end as usize] {
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

    #[test]
    fn every_field_id_names_the_incidents_own_value() {
        let store = Store::open(None).expect("the sample store opens");
        let facts = store.facts();
        assert_eq!(facts.dates.len(), store.incidents.len());
        for (i, inc) in store.incidents.iter().enumerate() {
            assert_eq!(facts.dates[i], inc.date);
            assert_eq!(facts.tolls[i], Toll::of(&inc.fatalities));
            assert_eq!(facts.town_level[i], inc.is_town_level());
            for f in FIELDS {
                let keyed = facts.field(f);
                assert_eq!(
                    keyed.keys[keyed.ids[i] as usize],
                    *f.of(inc),
                    "{f:?} of {i}"
                );
            }
        }
        for (i, inc) in store.incidents.iter().enumerate() {
            let mut want: Vec<&str> = Vec::new();
            for r in inc.actors.iter().filter(|r| counts_for_actor(r.role)) {
                if !want.contains(&r.actor.as_str()) {
                    want.push(r.actor.as_str());
                }
            }
            let got: Vec<&str> = facts
                .parties
                .of(i)
                .iter()
                .map(|&id| facts.parties.keys[id as usize].as_str())
                .collect();
            assert_eq!(got, want, "parties of {i}");
        }
        // Distinct by text: no key twice.
        for f in FIELDS {
            let keys = &facts.field(f).keys;
            let mut sorted: Vec<&str> = keys.iter().map(|k| k.as_str()).collect();
            sorted.sort();
            sorted.dedup();
            assert_eq!(sorted.len(), keys.len(), "{f:?}");
        }
    }

    #[test]
    fn a_town_is_only_the_key_of_incidents_placed_at_town_level() {
        let store = Store::open(None).expect("the sample store opens");
        let towns = store.facts().field(Field::TownLevelTown);
        for (i, inc) in store.incidents.iter().enumerate() {
            let key = &towns.keys[towns.ids[i] as usize];
            assert_eq!(key.is_empty(), !inc.is_town_level() || inc.town.is_empty());
        }
    }
}
