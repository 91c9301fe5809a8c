//! What the browser holds of the workspace: the dataset's marks, notes, seen incidents and
//! saved views, read once by the front end and kept in step by `App::update` (which asks
//! the front end, through `Effect::Workspace`, to write each change). A leaf: it reads the
//! store and the workspace's plain types, never a file.

use std::collections::{BTreeMap, HashMap, HashSet};
use std::sync::Arc;

use crate::search::filters::RecordSets;
use crate::store::{EntityRef, Store};
use crate::workspace::{Change, Note, RecordKind, Snapshot, StoreKey, View};

pub struct WorkspaceState {
    pub key: StoreKey,
    /// Who writes notes here (the local user, or the served login).
    pub author: String,
    pub marked: HashSet<String>,
    /// Each record's notes, oldest first.
    pub notes: HashMap<String, Vec<Note>>,
    /// Incidents seen before this session: the others are new.
    pub seen: Arc<HashSet<String>>,
    /// Incidents shown in this session and not seen before, written as seen on quit.
    pub shown: HashSet<String>,
    pub views: Vec<View>,
    /// Each record's tags, in order.
    pub tags: HashMap<String, Vec<String>>,
    /// The user's settings (the lists' column choice), by key.
    pub settings: BTreeMap<String, String>,
    /// Whether the shown incidents were handed over to be written.
    pub(super) flushed: bool,
}

impl WorkspaceState {
    pub fn new(key: StoreKey, author: String, snapshot: Snapshot) -> WorkspaceState {
        let mut notes: HashMap<String, Vec<Note>> = HashMap::new();
        for n in snapshot.notes {
            notes.entry(n.record.clone()).or_default().push(n);
        }
        let mut tags: HashMap<String, Vec<String>> = HashMap::new();
        for t in snapshot.tags {
            tags.entry(t.record).or_default().push(t.tag);
        }
        for list in tags.values_mut() {
            list.sort();
            list.dedup();
        }
        WorkspaceState {
            key,
            author,
            marked: snapshot.marks.into_iter().map(|m| m.record).collect(),
            notes,
            seen: Arc::new(snapshot.seen),
            shown: HashSet::new(),
            views: snapshot.views,
            tags,
            settings: snapshot.settings,
            flushed: false,
        }
    }

    /// The sets the `marked`, `noted`, `new` and `tag:` filter keys read.
    pub fn record_sets(&self) -> Arc<RecordSets> {
        let mut by_tag: HashMap<String, HashSet<String>> = HashMap::new();
        for (record, tags) in &self.tags {
            for t in tags {
                by_tag.entry(t.clone()).or_default().insert(record.clone());
            }
        }
        Arc::new(RecordSets {
            marked: self.marked.clone(),
            noted: self.notes.keys().cloned().collect(),
            seen: self.seen.clone(),
            tags: by_tag,
        })
    }

    /// A record's tags, in order.
    pub fn tags_of(&self, id: &str) -> &[String] {
        self.tags.get(id).map_or(&[], Vec::as_slice)
    }

    pub fn is_marked(&self, id: &str) -> bool {
        self.marked.contains(id)
    }

    pub fn is_new(&self, id: &str) -> bool {
        !self.seen.contains(id)
    }

    /// Applies a change here (as the database will) and returns it for the front end.
    pub fn apply(&mut self, change: Change) -> Change {
        match &change {
            Change::Mark { record, on, .. } => {
                if *on {
                    self.marked.insert(record.clone());
                } else {
                    self.marked.remove(record);
                }
            }
            Change::Note { record, text } => {
                self.notes.entry(record.clone()).or_default().push(Note {
                    record: record.clone(),
                    text: crate::workspace::clean_text(text),
                    created: crate::workspace::now(),
                    author: self.author.clone(),
                });
            }
            Change::Seen(_) => {}
            Change::SaveView(v) => {
                self.views.retain(|old| old.name != v.name);
                self.views.push(v.clone());
                self.views.sort_by(|a, b| a.name.cmp(&b.name));
            }
            Change::Tag { record, tag, on } => {
                let list = self.tags.entry(record.clone()).or_default();
                if *on {
                    if !list.contains(tag) {
                        list.push(tag.clone());
                        list.sort();
                    }
                } else {
                    list.retain(|t| t != tag);
                    if list.is_empty() {
                        self.tags.remove(record);
                    }
                }
            }
            Change::Setting { key, value } => {
                self.settings.insert(key.clone(), value.clone());
            }
        }
        change
    }

    /// Notes on a store record.
    pub fn notes_on(&self, store: &Store, e: EntityRef) -> &[Note] {
        RecordKind::of(store, e)
            .and_then(|(_, id)| self.notes.get(&id))
            .map_or(&[], Vec::as_slice)
    }
}
