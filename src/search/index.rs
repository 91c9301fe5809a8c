//! The search index: every search key of a store, folded once at build time and laid out so
//! a query touches a few compact arrays instead of the records.
//!
//! Short fields (town and actor names and aliases, admin areas, countries, event types) have a
//! few thousand distinct values at any store size, so each query scores each distinct value
//! once and incidents refer to them through small interned ids: a place (town + areas), a
//! type pair and an actor set. Free text (summary and notes) is split into words; the words
//! form a vocabulary scored once per query, and each incident keeps the ids of its distinct
//! words, delta- and varint-coded (frequent words get small ids, so most take one byte).

use std::cmp::Ordering;

use rayon::prelude::*;
use rustc_hash::{FxHashMap, FxHashSet};

use super::words::{WordIds, build_ids, build_postings, build_words};
use crate::store::{EntityRef, Ix, Store};
use crate::text::fold;

/// Marks a missing reference (an incident whose town is not in the store).
pub(crate) const NONE: u32 = u32::MAX;

/// Incidents per unit of parallel work, at build and at query time.
pub(crate) const CHUNK: usize = 8192;

/// Many short strings in one allocation.
#[derive(Default, rkyv::Archive, rkyv::Serialize, rkyv::Deserialize)]
pub(crate) struct Strings {
    text: String,
    ends: Vec<u32>,
}

impl Strings {
    pub(crate) fn push(&mut self, s: &str) -> u32 {
        self.text.push_str(s);
        self.ends.push(self.text.len() as u32);
        (self.ends.len() - 1) as u32
    }

    pub(crate) fn get(&self, i: u32) -> &str {
        let i = i as usize;
        let start = if i == 0 { 0 } else { self.ends[i - 1] as usize };
        &self.text[start..self.ends[i] as usize]
    }

    pub(crate) fn len(&self) -> usize {
        self.ends.len()
    }

    fn heap_bytes(&self) -> usize {
        self.text.capacity() + self.ends.capacity() * 4
    }
}

/// Many short lists in one allocation.
#[derive(rkyv::Archive, rkyv::Serialize, rkyv::Deserialize)]
pub(crate) struct Lists<T> {
    items: Vec<T>,
    ends: Vec<u32>,
}

impl<T: Copy> Lists<T> {
    fn new() -> Self {
        Lists {
            items: Vec::new(),
            ends: Vec::new(),
        }
    }

    fn push(&mut self, list: impl IntoIterator<Item = T>) -> u32 {
        self.items.extend(list);
        self.ends.push(self.items.len() as u32);
        (self.ends.len() - 1) as u32
    }

    pub(crate) fn get(&self, i: u32) -> &[T] {
        let i = i as usize;
        let start = if i == 0 { 0 } else { self.ends[i - 1] as usize };
        &self.items[start..self.ends[i] as usize]
    }

    pub(crate) fn len(&self) -> usize {
        self.ends.len()
    }

    fn heap_bytes(&self) -> usize {
        self.items.capacity() * std::mem::size_of::<T>() + self.ends.capacity() * 4
    }
}

/// Where an incident happened, as value ids: its town (or [`NONE`]) and admin1, admin2, country.
#[derive(Clone, Copy, PartialEq, Eq, Hash, rkyv::Archive, rkyv::Serialize, rkyv::Deserialize)]
pub(crate) struct Place {
    pub town: u32,
    pub areas: [u32; 3],
}

/// Everything search needs to know about a store. Built once per store; read-only after.
/// Archived whole in the snapshot cache (`crate::cache`), so a cached open restores it.
#[derive(rkyv::Archive, rkyv::Serialize, rkyv::Deserialize)]
pub struct SearchIndex {
    /// Distinct folded short values: names, aliases, admin areas, countries, event types.
    pub(crate) values: Strings,
    pub(crate) value_masks: Vec<u64>,
    /// Per town: value ids of its name then its aliases.
    pub(crate) town_names: Lists<u32>,
    /// Per town: admin1, admin2, country value ids.
    pub(crate) town_areas: Vec<[u32; 3]>,
    /// Per actor: value ids of its name then its aliases.
    pub(crate) actor_names: Lists<u32>,
    pub(crate) places: Vec<Place>,
    /// Event type and sub-type value ids.
    pub(crate) type_pairs: Vec<[u32; 2]>,
    /// Distinct sets of actor indexes appearing together on incidents.
    pub(crate) actor_sets: Lists<u32>,
    pub(crate) inc_place: Vec<u32>,
    pub(crate) inc_types: Vec<u32>,
    pub(crate) inc_actors: Vec<u32>,
    /// Characters present in each incident's words, to skip decoding its words for a term.
    pub(crate) inc_mask: Vec<u64>,
    /// Each incident's distinct word ids, ascending, delta- and varint-coded.
    inc_words: Vec<u8>,
    inc_word_ends: Vec<u64>,
    /// The inverse: for each word, the incidents using it, ascending, coded the same way.
    /// A term matching a few words then finds its incidents without decoding every list.
    postings: Vec<u8>,
    posting_ends: Vec<u64>,
    /// Number of incidents using each word.
    pub(crate) df: Vec<u32>,
    /// Incident indexes by folded id, and each incident's position in that order.
    pub(crate) id_order: Vec<u32>,
    pub(crate) id_rank: Vec<u32>,
    /// Vocabulary of summary and notes words, most frequent first.
    pub(crate) words: Strings,
    pub(crate) word_masks: Vec<u64>,
    /// Whole folded names, aliases and ids of towns and actors, for exact matches.
    pub(crate) exact: FxHashMap<String, Vec<EntityRef>>,
}

/// A 64-bit set of the characters in `s`: a term can only match text whose set contains
/// the term's set, so one AND rejects most non-matches before any scoring.
pub(crate) fn char_mask(s: &str) -> u64 {
    s.chars().fold(0, |m, c| m | char_bit(c))
}

fn char_bit(c: char) -> u64 {
    let bit = match c {
        'a'..='z' => c as u32 - 'a' as u32,
        '0'..='9' => 26 + c as u32 - '0' as u32,
        c if c.is_ascii() => 36 + c as u32 % 8,
        c => 44 + c as u32 % 20,
    };
    1 << bit
}

/// Folded text with runs of whitespace made single spaces, as queries are compared.
pub(crate) fn fold_phrase(s: &str) -> String {
    fold(s).split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Compares an id, folded, with an already-folded key, without allocating for ASCII ids.
pub(crate) fn cmp_folded(id: &str, key: &str) -> Ordering {
    if id.is_ascii() {
        let a = id.bytes().map(|b| b.to_ascii_lowercase());
        a.cmp(key.bytes())
    } else {
        fold(id).as_str().cmp(key)
    }
}

/// Whether an id, folded, starts with an already-folded key.
pub(crate) fn starts_with_folded(id: &str, key: &str) -> bool {
    if id.is_ascii() {
        id.len() >= key.len()
            && id
                .bytes()
                .zip(key.bytes())
                .all(|(a, b)| a.to_ascii_lowercase() == b)
    } else {
        fold(id).starts_with(key)
    }
}

/// Builds the value table: distinct folded strings, each with an id.
#[derive(Default)]
struct ValueTable {
    strings: Strings,
    ids: FxHashMap<String, u32>,
}

impl ValueTable {
    fn id_of_folded(&mut self, folded: String) -> u32 {
        if let Some(&id) = self.ids.get(&folded) {
            return id;
        }
        let id = self.strings.push(&folded);
        self.ids.insert(folded, id);
        id
    }

    fn id(&mut self, raw: &str) -> u32 {
        if raw.trim().is_empty() {
            return NONE;
        }
        self.id_of_folded(fold_phrase(raw))
    }
}

impl SearchIndex {
    /// Builds the index over a loaded store (about a second per million incidents on two
    /// cores). Folding happens here, once, never per keystroke.
    pub fn build(store: &Store) -> SearchIndex {
        let mut values = ValueTable::default();
        let mut exact: FxHashMap<String, Vec<EntityRef>> = FxHashMap::default();
        let mut add_exact = |key: String, e: EntityRef| {
            let list = exact.entry(key).or_default();
            if !list.contains(&e) {
                list.push(e);
            }
        };

        let mut town_names = Lists::new();
        let mut town_areas = Vec::with_capacity(store.towns.len());
        for (i, t) in store.towns.iter().enumerate() {
            let e = EntityRef::Town(i as Ix);
            let names: Vec<u32> = std::iter::once(&t.name)
                .chain(&t.aliases)
                .map(|n| values.id(n))
                .filter(|&v| v != NONE)
                .collect();
            for &v in &names {
                add_exact(values.strings.get(v).to_string(), e);
            }
            add_exact(fold_phrase(&t.id), e);
            town_names.push(names);
            town_areas.push([
                values.id(&t.admin1),
                values.id(&t.admin2),
                values.id(&t.country),
            ]);
        }
        let mut actor_names = Lists::new();
        for (i, a) in store.actors.iter().enumerate() {
            let e = EntityRef::Actor(i as Ix);
            let names: Vec<u32> = std::iter::once(&a.name)
                .chain(&a.aliases)
                .map(|n| values.id(n))
                .filter(|&v| v != NONE)
                .collect();
            for &v in &names {
                add_exact(values.strings.get(v).to_string(), e);
            }
            add_exact(fold_phrase(&a.id), e);
            actor_names.push(names);
        }

        // Distinct raw area and type strings of incidents, folded once each.
        let incs = &store.incidents;
        let raw: FxHashSet<&str> = incs
            .par_chunks(CHUNK)
            .map(|c| {
                let mut set = FxHashSet::default();
                for inc in c {
                    for s in [&inc.admin1, &inc.admin2, &inc.country] {
                        set.insert(s.as_str());
                    }
                    set.insert(inc.event_type.as_str());
                    set.insert(inc.sub_event_type.as_str());
                }
                set
            })
            .reduce(FxHashSet::default, |mut a, b| {
                a.extend(b);
                a
            });
        let mut raw_ids: FxHashMap<&str, u32> = FxHashMap::default();
        for s in raw {
            raw_ids.insert(s, values.id(s));
        }

        // The store's id maps hash with SipHash; a million lookups go faster with Fx.
        let town_ids: FxHashMap<&str, u32> = store
            .towns
            .iter()
            .enumerate()
            .map(|(i, t)| (t.id.as_str(), i as u32))
            .collect();
        let actor_ids: FxHashMap<&str, u32> = store
            .actors
            .iter()
            .enumerate()
            .map(|(i, a)| (a.id.as_str(), i as u32))
            .collect();
        // Per incident: its place, type pair and actor set as raw keys (in parallel) ...
        struct Keys {
            places: Vec<Place>,
            types: Vec<[u32; 2]>,
            actors: Lists<u32>,
        }
        let keys: Vec<Keys> = incs
            .par_chunks(CHUNK)
            .map(|c| {
                let mut k = Keys {
                    places: Vec::with_capacity(c.len()),
                    types: Vec::with_capacity(c.len()),
                    actors: Lists::new(),
                };
                let mut set = Vec::new();
                for inc in c {
                    let town = town_ids.get(inc.town.as_str()).copied().unwrap_or(NONE);
                    let areas =
                        [&inc.admin1, &inc.admin2, &inc.country].map(|s| raw_ids[s.as_str()]);
                    k.places.push(Place { town, areas });
                    k.types.push([
                        raw_ids[inc.event_type.as_str()],
                        raw_ids[inc.sub_event_type.as_str()],
                    ]);
                    set.clear();
                    set.extend(
                        inc.actors
                            .iter()
                            .filter_map(|a| actor_ids.get(a.actor.as_str())),
                    );
                    set.sort_unstable();
                    set.dedup();
                    k.actors.push(set.iter().copied());
                }
                k
            })
            .collect();
        // ... then interned (serially: a few hash lookups per incident).
        let n = incs.len();
        let (mut places, mut place_ids) = (Vec::new(), FxHashMap::default());
        let (mut type_pairs, mut type_ids) = (Vec::new(), FxHashMap::default());
        let (mut actor_sets, mut set_ids) = (Lists::new(), FxHashMap::<Box<[u32]>, u32>::default());
        let mut inc_place = Vec::with_capacity(n);
        let mut inc_types = Vec::with_capacity(n);
        let mut inc_actors = Vec::with_capacity(n);
        for k in &keys {
            for (j, p) in k.places.iter().enumerate() {
                inc_place.push(*place_ids.entry(*p).or_insert_with(|| {
                    places.push(*p);
                    places.len() as u32 - 1
                }));
                let t = k.types[j];
                inc_types.push(*type_ids.entry(t).or_insert_with(|| {
                    type_pairs.push(t);
                    type_pairs.len() as u32 - 1
                }));
                let s = k.actors.get(j as u32);
                let id = match set_ids.get(s) {
                    Some(&id) => id,
                    None => {
                        let id = actor_sets.push(s.iter().copied());
                        set_ids.insert(s.into(), id);
                        id
                    }
                };
                inc_actors.push(id);
            }
        }
        drop(keys);

        let (words, word_masks, inc_words, inc_word_ends, inc_mask) = build_words(incs);
        let (postings, posting_ends, df) = build_postings(words.len(), &inc_words, &inc_word_ends);
        let (id_order, id_rank) = build_ids(incs);
        let value_masks = (0..values.strings.len() as u32)
            .map(|v| char_mask(values.strings.get(v)))
            .collect();

        SearchIndex {
            values: values.strings,
            value_masks,
            town_names,
            town_areas,
            actor_names,
            places,
            type_pairs,
            actor_sets,
            inc_place,
            inc_types,
            inc_actors,
            inc_mask,
            inc_words,
            inc_word_ends,
            postings,
            posting_ends,
            df,
            id_order,
            id_rank,
            words,
            word_masks,
            exact,
        }
    }

    /// The word ids of incident `i`, ascending.
    pub(crate) fn words_of(&self, i: usize) -> WordIds<'_> {
        let start = if i == 0 {
            0
        } else {
            self.inc_word_ends[i - 1] as usize
        };
        WordIds::new(&self.inc_words[start..self.inc_word_ends[i] as usize])
    }

    /// The incidents using word `w`, ascending.
    pub(crate) fn postings_of(&self, w: u32) -> WordIds<'_> {
        let w = w as usize;
        let start = if w == 0 {
            0
        } else {
            self.posting_ends[w - 1] as usize
        };
        WordIds::new(&self.postings[start..self.posting_ends[w] as usize])
    }

    /// Average number of distinct words per incident (about the bytes of its list).
    pub(crate) fn words_per_incident(&self) -> usize {
        self.inc_words.len() / self.inc_place.len().max(1) + 1
    }

    /// Number of incidents indexed.
    pub fn incidents(&self) -> usize {
        self.inc_place.len()
    }

    /// Number of distinct words of summaries and notes.
    pub fn vocabulary(&self) -> usize {
        self.words.len()
    }

    /// Heap memory held by the index, in bytes (capacity, so what the allocator gave it).
    pub fn heap_bytes(&self) -> usize {
        let v = |len: usize, size: usize| len * size;
        self.values.heap_bytes()
            + v(self.value_masks.capacity(), 8)
            + self.town_names.heap_bytes()
            + v(self.town_areas.capacity(), 12)
            + self.actor_names.heap_bytes()
            + v(self.places.capacity(), 16)
            + v(self.type_pairs.capacity(), 8)
            + self.actor_sets.heap_bytes()
            + v(self.inc_place.capacity(), 4)
            + v(self.inc_types.capacity(), 4)
            + v(self.inc_actors.capacity(), 4)
            + v(self.inc_mask.capacity(), 8)
            + self.inc_words.capacity()
            + v(self.inc_word_ends.capacity(), 8)
            + self.postings.capacity()
            + v(self.posting_ends.capacity(), 8)
            + v(self.df.capacity(), 4)
            + v(self.id_order.capacity(), 4)
            + v(self.id_rank.capacity(), 4)
            + self.words.heap_bytes()
            + v(self.word_masks.capacity(), 8)
            + self
                .exact
                .iter()
                .map(|(k, e)| k.capacity() + e.capacity() * 8 + 48)
                .sum::<usize>()
    }
}
