//! Tags: short labels the analyst puts on incidents, actors and towns (`t` in the browser,
//! `sitrep notes tag`), kept per dataset like marks and notes.

use rusqlite::params;

use super::{Workspace, WorkspaceError, clean_text};

/// The longest tag, in characters.
pub const MAX_TAG_CHARS: usize = 40;

/// One tag on one record.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Tag {
    pub record: String,
    pub tag: String,
}

/// A tag as it is kept: cleaned like a note ([`clean_text`]), in lower case, inner runs of
/// spaces made one. Refused (with the reason): empty, a comma (the filter line's `tag:a,b`
/// means either), longer than [`MAX_TAG_CHARS`].
pub fn clean_tag(text: &str) -> Result<String, String> {
    let cleaned = clean_text(text).to_lowercase();
    let tag = cleaned.split_whitespace().collect::<Vec<_>>().join(" ");
    if tag.is_empty() {
        return Err("a tag needs some text".into());
    }
    if tag.contains(',') {
        return Err(format!(
            "a tag cannot hold a comma ('{tag}'): tag:a,b means either"
        ));
    }
    if tag.chars().count() > MAX_TAG_CHARS {
        return Err(format!("a tag is at most {MAX_TAG_CHARS} characters"));
    }
    Ok(tag)
}

impl Workspace {
    fn invalid(&self, what: String) -> WorkspaceError {
        WorkspaceError::Invalid {
            path: self.path.clone(),
            what,
        }
    }

    /// Tags a record (kept once per record); returns the tag as kept ([`clean_tag`]).
    pub fn add_tag(
        &mut self,
        dataset: &str,
        record: &str,
        tag: &str,
    ) -> Result<String, WorkspaceError> {
        let tag = clean_tag(tag).map_err(|e| self.invalid(e))?;
        self.write(|tx| {
            tx.execute(
                "INSERT OR IGNORE INTO tags (dataset, record, tag) VALUES (?1, ?2, ?3)",
                params![dataset, record, tag],
            )
            .map(|_| ())
        })?;
        Ok(tag)
    }

    /// Takes a tag off a record (nothing when it has no such tag). The tag is compared as
    /// [`clean_tag`] keeps it.
    pub fn remove_tag(
        &mut self,
        dataset: &str,
        record: &str,
        tag: &str,
    ) -> Result<(), WorkspaceError> {
        let tag = clean_tag(tag).unwrap_or_else(|_| tag.to_string());
        self.write(|tx| {
            tx.execute(
                "DELETE FROM tags WHERE dataset = ?1 AND record = ?2 AND tag = ?3",
                params![dataset, record, tag],
            )
            .map(|_| ())
        })
    }

    /// A record's tags, in order.
    pub fn tags(&self, dataset: &str, record: &str) -> Result<Vec<String>, WorkspaceError> {
        let mut st = self
            .conn
            .prepare("SELECT tag FROM tags WHERE dataset = ?1 AND record = ?2 ORDER BY tag")
            .map_err(|e| self.err(e))?;
        let rows = st
            .query_map(params![dataset, record], |r| r.get(0))
            .map_err(|e| self.err(e))?;
        rows.collect::<rusqlite::Result<_>>()
            .map_err(|e| self.err(e))
    }

    /// Every tag of the dataset, by record then tag.
    pub fn all_tags(&self, dataset: &str) -> Result<Vec<Tag>, WorkspaceError> {
        let mut st = self
            .conn
            .prepare("SELECT record, tag FROM tags WHERE dataset = ?1 ORDER BY record, tag")
            .map_err(|e| self.err(e))?;
        let rows = st
            .query_map(params![dataset], |r| {
                Ok(Tag {
                    record: r.get(0)?,
                    tag: r.get(1)?,
                })
            })
            .map_err(|e| self.err(e))?;
        rows.collect::<rusqlite::Result<_>>()
            .map_err(|e| self.err(e))
    }
}
