//! The watches file, `watches.toml`: one `[[watch]]` table per watch, with its `name`, an
//! optional `filter` (the browser's filter line) and its `rule`. Every mistake (TOML syntax,
//! an unknown key, a bad rule or filter, a name used twice) is an error naming the file,
//! line and column; a filter naming nothing in the store is named the same way when the
//! watch is checked against it ([`check`]).

use std::path::{Path, PathBuf};

use serde::Deserialize;
use toml::Spanned;

use super::Rule;
use crate::search::filters::Filters;
use crate::store::Store;

/// One watch as read from the file.
#[derive(Clone, Debug, PartialEq)]
pub struct Watch {
    pub name: String,
    /// The filter line as written.
    pub filter: String,
    pub filters: Filters,
    pub rule: Rule,
    /// Where the watch's filter is, for later messages: `watches.toml:3:10`, or `workspace
    /// FILE` for a watch saved there.
    pub at: String,
}

impl Watch {
    /// A watch given as text (one saved in the workspace), `at` saying where it is kept.
    pub fn from_text(name: &str, filter: &str, rule: &str, at: String) -> Result<Watch, String> {
        let rule = Rule::parse(rule)?;
        let filters =
            Filters::parse(filter).map_err(|e| format!("filter: {}", e.as_filter_line()))?;
        Ok(Watch {
            name: name.to_string(),
            filter: filter.trim().to_string(),
            filters,
            rule,
            at,
        })
    }
}

#[derive(Debug, thiserror::Error)]
pub enum WatchError {
    #[error("{}: cannot read the watches: {source}", path.display())]
    Read {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("{}:{line}:{column}: {message}", path.display())]
    Invalid {
        path: PathBuf,
        line: usize,
        column: usize,
        message: String,
    },
    /// A watch whose filter does not fit the store, or a saved watch that does not parse.
    #[error("{at}: watch '{name}': {message}")]
    Watch {
        at: String,
        name: String,
        message: String,
    },
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Doc {
    #[serde(default)]
    watch: Vec<Spanned<Entry>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Entry {
    name: Spanned<String>,
    #[serde(default)]
    filter: Option<Spanned<String>>,
    rule: Spanned<String>,
}

/// Line and column (from 1, the column in characters) of a byte offset.
fn line_column(text: &str, offset: usize) -> (usize, usize) {
    let offset = offset.min(text.len());
    let before = text.get(..offset).unwrap_or(text);
    let line = before.matches('\n').count() + 1;
    let start = before.rfind('\n').map_or(0, |i| i + 1);
    (line, before[start..].chars().count() + 1)
}

/// Reads the watches file at `path`.
pub fn load(path: &Path) -> Result<Vec<Watch>, WatchError> {
    let text = std::fs::read_to_string(path).map_err(|source| WatchError::Read {
        path: path.to_path_buf(),
        source,
    })?;
    parse(&text, path)
}

/// Parses a watches file's text (`path` names it in errors). `filter`s are parsed here (a
/// grammar mistake is an error at its line); what they name is checked against a store by
/// [`check`].
pub fn parse(text: &str, path: &Path) -> Result<Vec<Watch>, WatchError> {
    let at = |offset: usize, message: String| {
        let (line, column) = line_column(text, offset);
        WatchError::Invalid {
            path: path.to_path_buf(),
            line,
            column,
            message,
        }
    };
    let doc: Doc = toml::from_str(text).map_err(|e| {
        at(
            e.span().map_or(0, |s| s.start),
            e.message().trim().replace('\n', " "),
        )
    })?;
    if doc.watch.is_empty() {
        return Err(at(
            0,
            "no watches: write one [[watch]] table per watch, with name, filter and rule".into(),
        ));
    }
    let mut out: Vec<Watch> = Vec::new();
    for entry in doc.watch {
        let start = entry.span().start;
        let e = entry.into_inner();
        let name = e.name.get_ref().trim().to_string();
        if name.is_empty() {
            return Err(at(e.name.span().start, "the watch's name is empty".into()));
        }
        if out.iter().any(|w| w.name == name) {
            return Err(at(
                e.name.span().start,
                format!("a second watch named '{name}'"),
            ));
        }
        let rule = Rule::parse(e.rule.get_ref()).map_err(|m| at(e.rule.span().start, m))?;
        let (filter, filter_offset) = match &e.filter {
            Some(f) => (f.get_ref().trim().to_string(), f.span().start),
            None => (String::new(), start),
        };
        let filters = Filters::parse(&filter)
            .map_err(|err| at(filter_offset, format!("filter: {}", err.as_filter_line())))?;
        let (line, column) = line_column(text, filter_offset);
        out.push(Watch {
            name,
            filter,
            filters,
            rule,
            at: format!("{}:{line}:{column}", path.display()),
        });
    }
    Ok(out)
}

/// Checks every watch's filter against `store` (a value naming nothing there is refused
/// with the closest names, at the watch's place) and gives it `with` — the workspace's sets
/// for `marked`, `noted`, `new` — first.
pub fn check(
    watches: &mut [Watch],
    store: &Store,
    with: impl Fn(&mut Filters),
) -> Result<(), WatchError> {
    for w in watches {
        with(&mut w.filters);
        w.filters.check(store).map_err(|e| WatchError::Watch {
            at: w.at.clone(),
            name: w.name.clone(),
            message: format!("filter: {}", e.as_filter_line()),
        })?;
    }
    Ok(())
}
