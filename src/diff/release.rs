//! What the browser keeps of a [`Diff`] when a store is opened as a new release of an
//! older one (`sitrep --since-release OLD`): which incidents were added and which edited,
//! by id, with each edit's old and new values. The `changed` filter key, the list's marker
//! and the incident detail read it; the front end computes it and hands it over, so the
//! browser never opens a file.

use std::collections::{HashMap, HashSet};

use super::{Diff, FieldChange};
use crate::store::Store;

/// How an incident differs from the previous release.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ReleaseChange {
    /// Not in the previous release.
    Added,
    /// In it, with at least one field edited.
    Edited,
}

impl ReleaseChange {
    /// The value of `changed:` that names it.
    pub fn key(self) -> &'static str {
        match self {
            ReleaseChange::Added => "added",
            ReleaseChange::Edited => "edited",
        }
    }

    pub fn named(value: &str) -> Option<ReleaseChange> {
        match value.trim().to_ascii_lowercase().as_str() {
            "added" | "add" | "new" => Some(ReleaseChange::Added),
            "edited" | "edit" | "revised" => Some(ReleaseChange::Edited),
            _ => None,
        }
    }
}

/// The changes since a previous release, by incident id.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct ReleaseChanges {
    /// The previous release as the browser names it: "Xland 2024-03 (to 2024-03-05)".
    pub label: String,
    pub added: HashSet<String>,
    /// Edited incidents with their edits (Unicode-form and row-level differences are not
    /// edits and are not kept).
    pub edited: HashMap<String, Vec<FieldChange>>,
    /// Incidents of the previous release that this one no longer has.
    pub removed: usize,
}

impl ReleaseChanges {
    /// From the diff of the previous release against `new` (the store the browser shows).
    pub fn of(new: &Store, diff: &Diff, label: String) -> ReleaseChanges {
        ReleaseChanges {
            label,
            added: diff
                .added
                .iter()
                .map(|&i| new.incident(i).id.clone())
                .collect(),
            edited: diff
                .changed()
                .map(|c| (c.id.clone(), c.fields.clone()))
                .collect(),
            removed: diff.removed.len(),
        }
    }

    /// Compares the previous release `old` with `new` (every incident: the browser's
    /// filters then apply to the result).
    pub fn between(old: &Store, new: &Store) -> ReleaseChanges {
        let d = super::compare(old, new, None, None, super::Options::default());
        ReleaseChanges::of(new, &d, release_label(old))
    }

    /// How the incident with `id` changed, if it did.
    pub fn change_of(&self, id: &str) -> Option<ReleaseChange> {
        if self.added.contains(id) {
            Some(ReleaseChange::Added)
        } else if self.edited.contains_key(id) {
            Some(ReleaseChange::Edited)
        } else {
            None
        }
    }

    /// The edits of the incident with `id` (empty when it was not edited).
    pub fn edits_of(&self, id: &str) -> &[FieldChange] {
        self.edited.get(id).map_or(&[], Vec::as_slice)
    }

    /// "2 added, 3 edited, 1 removed since Xland (to 2024-03-05)".
    pub fn summary(&self) -> String {
        format!(
            "{} added, {} edited, {} removed since {}",
            self.added.len(),
            self.edited.len(),
            self.removed,
            self.label
        )
    }
}

/// A release as reports name it: its title (an import's is made from its file; else its
/// source) and its newest incident's date, "Xland 2024-03 (to 2024-03-05)".
pub fn release_label(store: &Store) -> String {
    let title = release_title(store);
    match store.newest_date() {
        Some(d) => format!("{title} (to {d})"),
        None => title,
    }
}

/// The store's title, else its source.
pub fn release_title(store: &Store) -> String {
    if store.meta.title.trim().is_empty() {
        store.source.clone()
    } else {
        store.meta.title.clone()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn change_values_are_named_by_their_keys_and_synonyms() {
        assert_eq!(ReleaseChange::named("added"), Some(ReleaseChange::Added));
        assert_eq!(ReleaseChange::named("Edited"), Some(ReleaseChange::Edited));
        assert_eq!(ReleaseChange::named("revised"), Some(ReleaseChange::Edited));
        assert_eq!(ReleaseChange::named("removed"), None);
        for c in [ReleaseChange::Added, ReleaseChange::Edited] {
            assert_eq!(ReleaseChange::named(c.key()), Some(c));
        }
    }

    #[test]
    fn an_added_incident_is_added_and_an_edited_one_edited() {
        let mut r = ReleaseChanges::default();
        r.added.insert("a".into());
        r.edited.insert("e".into(), Vec::new());
        assert_eq!(r.change_of("a"), Some(ReleaseChange::Added));
        assert_eq!(r.change_of("e"), Some(ReleaseChange::Edited));
        assert_eq!(r.change_of("x"), None);
        assert!(r.edits_of("x").is_empty());
    }
}
