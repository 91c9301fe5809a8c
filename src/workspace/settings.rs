//! The user's settings: key/value pairs the browser keeps between sessions (each list's
//! shown columns, their order and its sort, as `columns.incidents`, `columns.actors`,
//! `columns.towns`). They are the user's, not a dataset's: the same in every store. Each
//! key is its own row, so two browsers changing two lists at once keep both; the same key
//! written twice keeps the last.

use std::collections::BTreeMap;

use rusqlite::params;

use super::{Workspace, WorkspaceError, now};

impl Workspace {
    /// Every setting, by key.
    pub fn settings(&self) -> Result<BTreeMap<String, String>, WorkspaceError> {
        let mut st = self
            .conn
            .prepare("SELECT key, value FROM settings ORDER BY key")
            .map_err(|e| self.err(e))?;
        let rows = st
            .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))
            .map_err(|e| self.err(e))?;
        rows.collect::<rusqlite::Result<_>>()
            .map_err(|e| self.err(e))
    }

    /// One setting's value, if it has been set.
    pub fn setting(&self, key: &str) -> Result<Option<String>, WorkspaceError> {
        Ok(self.settings()?.remove(key))
    }

    /// Sets one setting (one transaction).
    pub fn set_setting(&mut self, key: &str, value: &str) -> Result<(), WorkspaceError> {
        self.set_settings(&[(key, value)])
    }

    /// Sets several settings in one transaction: all of them are kept or none.
    pub fn set_settings(&mut self, pairs: &[(&str, &str)]) -> Result<(), WorkspaceError> {
        let now = now();
        self.write(|tx| {
            let mut st = tx.prepare(
                "INSERT INTO settings (key, value, updated) VALUES (?1, ?2, ?3)
                 ON CONFLICT (key) DO UPDATE SET value = ?2, updated = ?3",
            )?;
            for (k, v) in pairs {
                st.execute(params![k, v, now])?;
            }
            Ok(())
        })
    }
}
