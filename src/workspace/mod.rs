//! The analyst's workspace: marks, notes, tags, saved views and the incidents already seen,
//! kept in an SQLite database beside (never inside) the store.
//!
//! A layer beside the store: it reads a [`Store`] to know which dataset it is about and
//! nothing above it. Marks, notes and tags are kept per record id under the dataset's title
//! ([`StoreKey::title`]), so a new release of the same dataset (same title, new content
//! hash) keeps them for every record whose id remains. The database runs in WAL mode with a
//! busy timeout, and every write is one `BEGIN IMMEDIATE` transaction, so several browsers,
//! served sessions and scripts of one user may write at once without losing anything.

mod identity;
mod schema;
mod settings;
mod tags;
mod watches;

use std::collections::{BTreeMap, HashSet};
use std::path::{Path, PathBuf};
use std::time::Duration;

use rusqlite::{Connection, OptionalExtension, TransactionBehavior, params};

pub use identity::StoreKey;
pub use tags::{MAX_TAG_CHARS, Tag, clean_tag};
pub use watches::SavedWatch;

use crate::store::{EntityRef, Store};

/// What went wrong with a workspace, naming its file.
#[derive(Debug, thiserror::Error)]
pub enum WorkspaceError {
    #[error("workspace {}: cannot create its folder: {source}", path.display())]
    Folder {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("workspace {}: {source}", path.display())]
    Db {
        path: PathBuf,
        source: rusqlite::Error,
    },
    #[error("workspace {}: {what}", path.display())]
    Invalid { path: PathBuf, what: String },
}

/// The kind of record a mark is on.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum RecordKind {
    Incident,
    Actor,
    Town,
}

impl RecordKind {
    pub fn name(self) -> &'static str {
        match self {
            RecordKind::Incident => "incident",
            RecordKind::Actor => "actor",
            RecordKind::Town => "town",
        }
    }

    fn named(s: &str) -> Option<RecordKind> {
        match s {
            "incident" => Some(RecordKind::Incident),
            "actor" => Some(RecordKind::Actor),
            "town" => Some(RecordKind::Town),
            _ => None,
        }
    }

    /// The kind and id of a store record (reports carry no marks).
    pub fn of(store: &Store, e: EntityRef) -> Option<(RecordKind, String)> {
        match e {
            EntityRef::Incident(i) => Some((RecordKind::Incident, store.incident(i).id.clone())),
            EntityRef::Actor(i) => Some((RecordKind::Actor, store.actor(i).id.to_string())),
            EntityRef::Town(i) => Some((RecordKind::Town, store.town(i).id.to_string())),
            EntityRef::Report(_) => None,
        }
    }

    /// The kind of the record with this id in `store`, if there is one.
    pub fn find(store: &Store, id: &str) -> Option<RecordKind> {
        if store.incident_ix(id).is_some() {
            Some(RecordKind::Incident)
        } else if store.actor_ix(id).is_some() {
            Some(RecordKind::Actor)
        } else if store.town_ix(id).is_some() {
            Some(RecordKind::Town)
        } else {
            None
        }
    }
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Mark {
    pub record: String,
    pub kind: RecordKind,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Note {
    pub record: String,
    pub text: String,
    /// RFC 3339, UTC, to the second.
    pub created: String,
    pub author: String,
}

/// A saved view: a tab with its filter line, sort and columns.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct View {
    pub name: String,
    /// The tab's title in lower case (`incidents`, `actors`, `towns`, `briefing`, `map`).
    pub tab: String,
    pub filter: String,
    /// The sort key's name, with a leading `-` when descending; empty for the default.
    pub sort: String,
    /// The lists' columns as JSON: each list's shown columns and sort as an object (what
    /// the browser saves), or `[]` for the default columns.
    pub columns: String,
    pub created: String,
}

/// Everything the browser shows of one dataset's workspace, read at once.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Snapshot {
    pub marks: Vec<Mark>,
    /// Oldest first.
    pub notes: Vec<Note>,
    /// Incident ids seen before in this dataset.
    pub seen: HashSet<String>,
    pub views: Vec<View>,
    /// The dataset's tags, by record then tag.
    pub tags: Vec<Tag>,
    /// The user's settings (the lists' column choice), by key: the same in every dataset.
    pub settings: BTreeMap<String, String>,
}

/// One change to a dataset's workspace, as the browser asks for it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Change {
    Mark {
        record: String,
        kind: RecordKind,
        on: bool,
    },
    Note {
        record: String,
        text: String,
    },
    Seen(Vec<String>),
    SaveView(View),
    /// Tags a record (`on`) or takes the tag off; the tag as [`clean_tag`] keeps it.
    Tag {
        record: String,
        tag: String,
        on: bool,
    },
    /// A setting of the user's (see [`Workspace::set_setting`]).
    Setting {
        key: String,
        value: String,
    },
}

/// The time now as the workspace writes it: RFC 3339 in UTC, to the second.
pub fn now() -> String {
    chrono::Utc::now().to_rfc3339_opts(chrono::SecondsFormat::Secs, true)
}

/// Who writes a note from this machine: `$USER` (or `$LOGNAME`), else "unknown".
pub fn local_author() -> String {
    ["USER", "LOGNAME"]
        .iter()
        .find_map(|v| std::env::var(v).ok().filter(|s| !s.trim().is_empty()))
        .unwrap_or_else(|| "unknown".into())
}

/// Note text made safe to keep and show: control characters (escapes, newlines) become
/// spaces and the ends are trimmed.
pub fn clean_text(text: &str) -> String {
    let spaced: String = text
        .chars()
        .map(|c| if c == '\n' || c == '\t' { ' ' } else { c })
        .collect();
    crate::text::sanitize(&spaced, false).trim().to_string()
}

pub struct Workspace {
    conn: Connection,
    path: PathBuf,
}

impl std::fmt::Debug for Workspace {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "Workspace({})", self.path.display())
    }
}

impl Workspace {
    /// `$XDG_DATA_HOME/sitrep/workspace.sqlite`, else `~/.local/share/sitrep/workspace.sqlite`.
    pub fn default_path() -> Option<PathBuf> {
        let data = std::env::var_os("XDG_DATA_HOME")
            .map(PathBuf::from)
            .filter(|p| p.is_absolute())
            .or_else(|| {
                std::env::var_os("HOME")
                    .filter(|h| !h.is_empty())
                    .map(|h| PathBuf::from(h).join(".local").join("share"))
            })?;
        Some(data.join("sitrep").join("workspace.sqlite"))
    }

    /// Opens (creating it and its folder if need be) the workspace at `path`.
    pub fn open(path: &Path) -> Result<Workspace, WorkspaceError> {
        if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
            std::fs::create_dir_all(dir).map_err(|source| WorkspaceError::Folder {
                path: path.to_path_buf(),
                source,
            })?;
        }
        if path.is_dir() {
            return Err(WorkspaceError::Invalid {
                path: path.to_path_buf(),
                what: "is a folder, not a file".into(),
            });
        }
        let db = |source| WorkspaceError::Db {
            path: path.to_path_buf(),
            source,
        };
        let conn = Connection::open(path).map_err(db)?;
        conn.busy_timeout(Duration::from_secs(10)).map_err(db)?;
        let ws = Workspace {
            conn,
            path: path.to_path_buf(),
        };
        schema::prepare(&ws.conn).map_err(db)?;
        Ok(ws)
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    fn err(&self, source: rusqlite::Error) -> WorkspaceError {
        WorkspaceError::Db {
            path: self.path.clone(),
            source,
        }
    }

    /// Runs `f` in one immediate (write-locking) transaction: all of it is kept or none.
    fn write<T>(
        &mut self,
        f: impl FnOnce(&rusqlite::Transaction) -> rusqlite::Result<T>,
    ) -> Result<T, WorkspaceError> {
        let path = self.path.clone();
        let db = |source| WorkspaceError::Db {
            path: path.clone(),
            source,
        };
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)
            .map_err(db)?;
        let out = f(&tx).map_err(db)?;
        tx.commit().map_err(db)?;
        Ok(out)
    }

    /// Notes that this release of the dataset was opened (first and last time).
    pub fn register(&mut self, key: &StoreKey, source: &str) -> Result<(), WorkspaceError> {
        let now = now();
        self.write(|tx| {
            tx.execute(
                "INSERT INTO stores (title, hash, source, first_opened, last_opened)
                 VALUES (?1, ?2, ?3, ?4, ?4)
                 ON CONFLICT (title, hash) DO UPDATE SET source = ?3, last_opened = ?4",
                params![key.title, key.hash, source, now],
            )
            .map(|_| ())
        })
    }

    pub fn marks(&self, dataset: &str) -> Result<Vec<Mark>, WorkspaceError> {
        let mut st = self
            .conn
            .prepare("SELECT record, kind FROM marks WHERE dataset = ?1 ORDER BY created, record")
            .map_err(|e| self.err(e))?;
        let rows = st
            .query_map(params![dataset], |r| {
                Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?))
            })
            .map_err(|e| self.err(e))?;
        let mut out = Vec::new();
        for row in rows {
            let (record, kind) = row.map_err(|e| self.err(e))?;
            let kind = RecordKind::named(&kind).unwrap_or(RecordKind::Incident);
            out.push(Mark { record, kind });
        }
        Ok(out)
    }

    /// Marks a record, or takes its mark off.
    pub fn set_mark(
        &mut self,
        dataset: &str,
        record: &str,
        kind: RecordKind,
        on: bool,
    ) -> Result<(), WorkspaceError> {
        let now = now();
        self.write(|tx| {
            if on {
                tx.execute(
                    "INSERT OR IGNORE INTO marks (dataset, record, kind, created)
                     VALUES (?1, ?2, ?3, ?4)",
                    params![dataset, record, kind.name(), now],
                )?;
            } else {
                tx.execute(
                    "DELETE FROM marks WHERE dataset = ?1 AND record = ?2",
                    params![dataset, record],
                )?;
            }
            Ok(())
        })
    }

    /// The dataset's notes, oldest first.
    pub fn notes(&self, dataset: &str) -> Result<Vec<Note>, WorkspaceError> {
        let mut st = self
            .conn
            .prepare(
                "SELECT record, text, created, author FROM notes WHERE dataset = ?1
                 ORDER BY created, id",
            )
            .map_err(|e| self.err(e))?;
        let rows = st
            .query_map(params![dataset], |r| {
                Ok(Note {
                    record: r.get(0)?,
                    text: r.get(1)?,
                    created: r.get(2)?,
                    author: r.get(3)?,
                })
            })
            .map_err(|e| self.err(e))?;
        rows.collect::<rusqlite::Result<_>>()
            .map_err(|e| self.err(e))
    }

    /// Adds a note (its text cleaned with [`clean_text`]); refuses an empty one.
    pub fn add_note(
        &mut self,
        dataset: &str,
        record: &str,
        text: &str,
        author: &str,
    ) -> Result<Note, WorkspaceError> {
        let note = Note {
            record: record.to_string(),
            text: clean_text(text),
            created: now(),
            author: clean_text(author),
        };
        if note.text.is_empty() {
            return Err(WorkspaceError::Invalid {
                path: self.path.clone(),
                what: "a note needs some text".into(),
            });
        }
        self.write(|tx| {
            tx.execute(
                "INSERT INTO notes (dataset, record, text, created, author)
                 VALUES (?1, ?2, ?3, ?4, ?5)",
                params![dataset, note.record, note.text, note.created, note.author],
            )
        })?;
        Ok(note)
    }

    /// The incident ids already seen in this dataset (in any release).
    pub fn seen(&self, dataset: &str) -> Result<HashSet<String>, WorkspaceError> {
        let mut st = self
            .conn
            .prepare("SELECT record FROM seen WHERE dataset = ?1")
            .map_err(|e| self.err(e))?;
        let rows = st
            .query_map(params![dataset], |r| r.get(0))
            .map_err(|e| self.err(e))?;
        rows.collect::<rusqlite::Result<_>>()
            .map_err(|e| self.err(e))
    }

    /// Records incidents as seen in this release (the first time is kept); returns how many
    /// were new.
    pub fn mark_seen(&mut self, key: &StoreKey, ids: &[String]) -> Result<usize, WorkspaceError> {
        let now = now();
        self.write(|tx| {
            let mut st = tx.prepare(
                "INSERT OR IGNORE INTO seen (dataset, record, hash, seen) VALUES (?1, ?2, ?3, ?4)",
            )?;
            let mut n = 0;
            for id in ids {
                n += st.execute(params![key.title, id, key.hash, now])?;
            }
            Ok(n)
        })
    }

    /// Saved views, by name.
    pub fn views(&self) -> Result<Vec<View>, WorkspaceError> {
        let mut st = self
            .conn
            .prepare("SELECT name, tab, filter, sort, columns, created FROM views ORDER BY name")
            .map_err(|e| self.err(e))?;
        let rows = st
            .query_map([], |r| {
                Ok(View {
                    name: r.get(0)?,
                    tab: r.get(1)?,
                    filter: r.get(2)?,
                    sort: r.get(3)?,
                    columns: r.get(4)?,
                    created: r.get(5)?,
                })
            })
            .map_err(|e| self.err(e))?;
        rows.collect::<rusqlite::Result<_>>()
            .map_err(|e| self.err(e))
    }

    pub fn view(&self, name: &str) -> Result<Option<View>, WorkspaceError> {
        self.conn
            .query_row(
                "SELECT name, tab, filter, sort, columns, created FROM views WHERE name = ?1",
                params![name],
                |r| {
                    Ok(View {
                        name: r.get(0)?,
                        tab: r.get(1)?,
                        filter: r.get(2)?,
                        sort: r.get(3)?,
                        columns: r.get(4)?,
                        created: r.get(5)?,
                    })
                },
            )
            .optional()
            .map_err(|e| self.err(e))
    }

    /// Saves a view under its name, replacing one of the same name. The columns must be
    /// JSON: an array or an object.
    pub fn save_view(&mut self, view: &View) -> Result<(), WorkspaceError> {
        let name = clean_text(&view.name);
        if name.is_empty() {
            return Err(WorkspaceError::Invalid {
                path: self.path.clone(),
                what: "a view needs a name".into(),
            });
        }
        let columns = if view.columns.trim().is_empty() {
            "[]".to_string()
        } else {
            view.columns.clone()
        };
        if !matches!(
            serde_json::from_str::<serde_json::Value>(&columns),
            Ok(serde_json::Value::Array(_) | serde_json::Value::Object(_))
        ) {
            return Err(WorkspaceError::Invalid {
                path: self.path.clone(),
                what: format!("view {name}: columns are not a JSON array or object: {columns}"),
            });
        }
        let created = if view.created.is_empty() {
            now()
        } else {
            view.created.clone()
        };
        self.write(|tx| {
            tx.execute(
                "INSERT INTO views (name, tab, filter, sort, columns, created)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6)
                 ON CONFLICT (name) DO UPDATE SET tab = ?2, filter = ?3, sort = ?4,
                     columns = ?5, created = ?6",
                params![name, view.tab, view.filter, view.sort, columns, created],
            )
            .map(|_| ())
        })
    }

    /// Everything the browser shows of one dataset.
    pub fn snapshot(&self, dataset: &str) -> Result<Snapshot, WorkspaceError> {
        Ok(Snapshot {
            marks: self.marks(dataset)?,
            notes: self.notes(dataset)?,
            seen: self.seen(dataset)?,
            views: self.views()?,
            tags: self.all_tags(dataset)?,
            settings: self.settings()?,
        })
    }

    /// Carries out one change the browser asked for, by `author`.
    pub fn apply(
        &mut self,
        key: &StoreKey,
        change: &Change,
        author: &str,
    ) -> Result<(), WorkspaceError> {
        match change {
            Change::Mark { record, kind, on } => self.set_mark(&key.title, record, *kind, *on),
            Change::Note { record, text } => {
                self.add_note(&key.title, record, text, author).map(|_| ())
            }
            Change::Seen(ids) => self.mark_seen(key, ids).map(|_| ()),
            Change::SaveView(v) => self.save_view(v),
            Change::Tag { record, tag, on } => {
                if *on {
                    self.add_tag(&key.title, record, tag).map(|_| ())
                } else {
                    self.remove_tag(&key.title, record, tag)
                }
            }
            Change::Setting { key, value } => self.set_setting(key, value),
        }
    }
}

#[cfg(test)]
mod tests;
