//! A hash of what a store says (its records' ids, dates, places, actors, fatalities and
//! summaries): the workspace tells releases of one dataset apart by it. Worked out once per
//! store, and kept in the store's snapshot (`crate::cache`) so a cached open does not read
//! every summary again before the first frame.

use rayon::prelude::*;

use super::Store;

impl Store {
    /// The content hash (see the module comment), computed on first use.
    pub fn content_hash(&self) -> u64 {
        *self.derived.content_hash.get_or_init(|| compute(self))
    }

    /// The content hash as the store's snapshot recorded it (the cache, on restore).
    pub(crate) fn know_content_hash(&self, hash: u64) {
        let _ = self.derived.content_hash.set(hash);
    }
}

/// FNV-1a, 64 bits: defined here, so the hash of a store never changes with a crate or
/// compiler version.
#[derive(Clone, Copy)]
struct Fnv(u64);

impl Fnv {
    const START: Fnv = Fnv(0xcbf2_9ce4_8422_2325);

    fn bytes(mut self, b: &[u8]) -> Fnv {
        for &x in b {
            self.0 ^= x as u64;
            self.0 = self.0.wrapping_mul(0x0000_0100_0000_01b3);
        }
        // A separator, so ("ab", "c") and ("a", "bc") differ.
        self.0 ^= 0xff;
        self.0 = self.0.wrapping_mul(0x0000_0100_0000_01b3);
        self
    }

    fn str(self, s: &str) -> Fnv {
        self.bytes(s.as_bytes())
    }
}

/// A hash of what the store says: its records' ids, dates, places, actors, fatalities and
/// summaries, and its towns', actors' and reports' ids and names. Chunks of incidents are
/// hashed on all cores and combined in order.
fn compute(store: &Store) -> u64 {
    let head = Fnv::START.str(&store.meta.title);
    let head = store
        .towns
        .iter()
        .fold(head, |h, t| h.str(&t.id).str(&t.name));
    let head = store
        .actors
        .iter()
        .fold(head, |h, a| h.str(&a.id).str(&a.name));
    let head = store.reports.iter().fold(head, |h, r| h.str(&r.id));
    let chunks: Vec<u64> = store
        .incidents
        .par_chunks(16 * 1024)
        .map(|chunk| {
            chunk
                .iter()
                .fold(Fnv::START, |h, inc| {
                    let mut h = h
                        .str(&inc.id)
                        .str(&inc.date.to_string())
                        .str(&inc.town)
                        .str(&inc.country)
                        .str(&inc.event_type)
                        .str(&inc.sub_event_type)
                        .str(&inc.summary)
                        .bytes(&inc.fatalities.best.unwrap_or(u32::MAX).to_le_bytes());
                    for a in &inc.actors {
                        h = h.str(&a.actor);
                    }
                    h
                })
                .0
        })
        .collect();
    chunks
        .iter()
        .fold(head, |h, c| h.bytes(&c.to_le_bytes()))
        .bytes(&(store.incidents.len() as u64).to_le_bytes())
        .0
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_known_hash_is_the_one_computed_and_is_not_worked_out_again() {
        let fresh = Store::open(None).unwrap();
        let computed = fresh.content_hash();
        let restored = Store::open(None).unwrap();
        restored.know_content_hash(computed);
        assert_eq!(restored.content_hash(), compute(&restored));
        let told = Store::open(None).unwrap();
        told.know_content_hash(7);
        assert_eq!(told.content_hash(), 7, "a recorded hash is taken as given");
    }
}
