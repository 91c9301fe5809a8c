//! Which store a workspace entry belongs to: the dataset's title (what marks, notes and seen
//! incidents are kept under, so a new release of the same dataset keeps them for the ids
//! that remain) and a hash of its content (which release it is).

use rayon::prelude::*;

use crate::store::Store;

/// A store's identity in the workspace.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct StoreKey {
    /// The dataset: the store's title, or its file name when it has none.
    pub title: String,
    /// 16 hex digits over the records' ids and what they say (not the file's layout).
    pub hash: String,
}

impl StoreKey {
    pub fn of(store: &Store) -> StoreKey {
        let title = if store.meta.title.trim().is_empty() {
            std::path::Path::new(&store.source).file_name().map_or_else(
                || store.source.clone(),
                |n| n.to_string_lossy().into_owned(),
            )
        } else {
            store.meta.title.trim().to_string()
        };
        StoreKey {
            title,
            hash: format!("{:016x}", content_hash(store)),
        }
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
fn content_hash(store: &Store) -> u64 {
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
    use crate::model::StoreDoc;

    fn sample_doc() -> StoreDoc {
        serde_json::from_str(crate::store::SAMPLE_JSON).unwrap()
    }

    #[test]
    fn a_new_release_keeps_the_title_and_changes_the_hash() {
        let doc = sample_doc();
        let a = StoreKey::of(&Store::from_doc("a.json".into(), doc.clone(), Vec::new()));
        let again = StoreKey::of(&Store::from_doc("b.json".into(), doc.clone(), Vec::new()));
        assert_eq!(
            a, again,
            "the same content under another path is the same store"
        );
        let mut changed = doc;
        changed.incidents.pop();
        let b = StoreKey::of(&Store::from_doc("a.json".into(), changed, Vec::new()));
        assert_eq!(a.title, b.title);
        assert_ne!(a.hash, b.hash);
        assert_eq!(a.hash.len(), 16);
    }

    #[test]
    fn a_store_without_a_title_is_known_by_its_file_name() {
        let mut doc = sample_doc();
        doc.meta.title = "  ".into();
        let k = StoreKey::of(&Store::from_doc("/data/w48.json".into(), doc, Vec::new()));
        assert_eq!(k.title, "w48.json");
    }
}
