//! Which store a workspace entry belongs to: the dataset's title (what marks, notes and seen
//! incidents are kept under, so a new release of the same dataset keeps them for the ids
//! that remain) and a hash of its content (which release it is).

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
            hash: format!("{:016x}", store.content_hash()),
        }
    }
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
