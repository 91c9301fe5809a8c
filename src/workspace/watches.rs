//! Watches kept in the workspace (`sitrep watch add`): a name, a filter line and a rule, as
//! in a watches.toml. The workspace keeps the text; `crate::watch` reads and checks it.

use rusqlite::params;

use super::{Workspace, WorkspaceError, clean_text, now};

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SavedWatch {
    pub name: String,
    pub filter: String,
    pub rule: String,
    /// RFC 3339, UTC (set when saved).
    pub created: String,
}

impl Workspace {
    /// The saved watches, by name.
    pub fn watches(&self) -> Result<Vec<SavedWatch>, WorkspaceError> {
        let mut st = self
            .conn
            .prepare("SELECT name, filter, rule, created FROM watches ORDER BY name")
            .map_err(|e| self.err(e))?;
        let rows = st
            .query_map([], |r| {
                Ok(SavedWatch {
                    name: r.get(0)?,
                    filter: r.get(1)?,
                    rule: r.get(2)?,
                    created: r.get(3)?,
                })
            })
            .map_err(|e| self.err(e))?;
        rows.collect::<rusqlite::Result<_>>()
            .map_err(|e| self.err(e))
    }

    /// Saves a watch under its name (control characters become spaces), replacing one of
    /// the same name.
    pub fn save_watch(&mut self, w: &SavedWatch) -> Result<(), WorkspaceError> {
        let name = clean_text(&w.name);
        if name.is_empty() {
            return Err(WorkspaceError::Invalid {
                path: self.path.clone(),
                what: "a watch needs a name".into(),
            });
        }
        let (filter, rule) = (clean_text(&w.filter), clean_text(&w.rule));
        let created = now();
        self.write(|tx| {
            tx.execute(
                "INSERT INTO watches (name, filter, rule, created) VALUES (?1, ?2, ?3, ?4)
                 ON CONFLICT (name) DO UPDATE SET filter = ?2, rule = ?3, created = ?4",
                params![name, filter, rule, created],
            )
            .map(|_| ())
        })
    }

    /// Removes the watch named `name`; false when there was none.
    pub fn remove_watch(&mut self, name: &str) -> Result<bool, WorkspaceError> {
        self.write(|tx| tx.execute("DELETE FROM watches WHERE name = ?1", params![name]))
            .map(|n| n > 0)
    }
}
