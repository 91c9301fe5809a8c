//! The configuration file, `$XDG_CONFIG_HOME/sitrep/config.toml` (`~/.config/sitrep/...`,
//! or `--config FILE`): key bindings, the theme, default columns and sort per list, the
//! briefing's default period. Read by the cli before the terminal is touched and handed to
//! the front ends as plain values ([`UiSettings`]); the ui never reads it.
//!
//! Everything in the file is checked: an unknown section, key or action, a bad key name or
//! value is an error naming the file, line and column.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use toml::Spanned;
use toml::de::{DeTable, DeValue};

use crate::ui::columns::{self, Column, ListColumns};
use crate::ui::keymap::{Keymap, action_named, parse_key};
use crate::ui::keys::Key;
use crate::ui::nav::Tab;
use crate::ui::settings::UiSettings;
use crate::ui::theme::{COLOR_NAMES, Palette};

/// Why a configuration could not be used.
#[derive(Debug, thiserror::Error)]
pub enum ConfigError {
    #[error("{}: cannot read the configuration: {source}", path.display())]
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
}

/// The file read when no `--config` is given (None without XDG_CONFIG_HOME or HOME).
pub fn default_path() -> Option<PathBuf> {
    let xdg = std::env::var_os("XDG_CONFIG_HOME")
        .map(PathBuf::from)
        .filter(|p| p.is_absolute());
    let base = xdg.or_else(|| {
        std::env::var_os("HOME")
            .filter(|h| !h.is_empty())
            .map(|h| PathBuf::from(h).join(".config"))
    })?;
    Some(base.join("sitrep").join("config.toml"))
}

/// Reads the configuration: `explicit` must exist; the default file may be missing (then
/// everything is the default).
pub fn load(explicit: Option<&Path>) -> Result<UiSettings, ConfigError> {
    let (path, must_exist) = match explicit {
        Some(p) => (p.to_path_buf(), true),
        None => match default_path() {
            Some(p) => (p, false),
            None => return Ok(UiSettings::default()),
        },
    };
    match std::fs::read_to_string(&path) {
        Ok(text) => parse(&text, &path),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound && !must_exist => {
            Ok(UiSettings::default())
        }
        Err(source) => Err(ConfigError::Read { path, source }),
    }
}

/// A message at a byte range of the file.
struct At {
    span: std::ops::Range<usize>,
    message: String,
}

fn at(span: std::ops::Range<usize>, message: impl Into<String>) -> At {
    At {
        span,
        message: message.into(),
    }
}

/// Line and column (from 1, the column in characters) of a byte offset.
pub fn line_column(text: &str, offset: usize) -> (usize, usize) {
    let offset = offset.min(text.len());
    let before = text.get(..offset).unwrap_or(text);
    let line = before.matches('\n').count() + 1;
    let start = before.rfind('\n').map_or(0, |i| i + 1);
    (line, before[start..].chars().count() + 1)
}

/// Parses the text of a configuration file read from `path` (named in errors).
pub fn parse(text: &str, path: &Path) -> Result<UiSettings, ConfigError> {
    let invalid = |a: At| {
        let (line, column) = line_column(text, a.span.start);
        ConfigError::Invalid {
            path: path.to_path_buf(),
            line,
            column,
            message: a.message,
        }
    };
    let doc = DeTable::parse(text).map_err(|e| {
        invalid(at(
            e.span().unwrap_or(0..0),
            e.message().trim().replace('\n', " "),
        ))
    })?;
    settings(doc.get_ref()).map_err(invalid)
}

type Entry<'a, 'i> = (
    &'a Spanned<toml::de::DeString<'i>>,
    &'a Spanned<DeValue<'i>>,
);

/// A table's entries in file order, so the first mistake is the one reported.
fn entries<'a, 'i>(t: &'a DeTable<'i>) -> Vec<Entry<'a, 'i>> {
    let mut v: Vec<Entry> = t.iter().collect();
    v.sort_by_key(|(k, _)| k.span().start);
    v
}

fn table<'a, 'i>(v: &'a Spanned<DeValue<'i>>, what: &str) -> Result<&'a DeTable<'i>, At> {
    v.get_ref()
        .as_table()
        .ok_or_else(|| at(v.span(), format!("{what} must be a table ([{what}])")))
}

fn string<'a>(v: &'a Spanned<DeValue<'_>>, what: &str) -> Result<&'a str, At> {
    v.get_ref().as_str().ok_or_else(|| {
        at(
            v.span(),
            format!("{what} must be a string, not {}", v.get_ref().type_str()),
        )
    })
}

/// A string or an array of strings, each with its span.
fn strings<'a>(
    v: &'a Spanned<DeValue<'_>>,
    what: &str,
) -> Result<Vec<(&'a str, std::ops::Range<usize>)>, At> {
    match v.get_ref() {
        DeValue::String(s) => Ok(vec![(s.as_ref(), v.span())]),
        DeValue::Array(a) => {
            let out = a
                .iter()
                .map(|e| string(e, what).map(|s| (s, e.span())))
                .collect::<Result<Vec<_>, At>>()?;
            if out.is_empty() {
                return Err(at(v.span(), format!("{what}: the list is empty")));
            }
            Ok(out)
        }
        other => Err(at(
            v.span(),
            format!(
                "{what} must be a string or a list of strings, not {}",
                other.type_str()
            ),
        )),
    }
}

const SECTIONS: &str = "keys, theme, lists, columns, briefing";

fn settings(doc: &DeTable<'_>) -> Result<UiSettings, At> {
    let mut out = UiSettings::default();
    for (k, v) in entries(doc) {
        match k.get_ref().as_ref() {
            "keys" => out.keymap = Arc::new(keys(table(v, "keys")?)?),
            "theme" => out.palette = theme(table(v, "theme")?)?,
            "lists" => {
                for (name, list) in entries(table(v, "lists")?) {
                    let tab = list_tab(name)?;
                    let lc = list_table(tab, table(list, "lists.<list>")?)?;
                    set_list(&mut out, tab, lc);
                }
            }
            "columns" => {
                for (name, cols) in entries(table(v, "columns")?) {
                    let tab = list_tab(name)?;
                    let shown = column_names(tab, cols)?;
                    let prev = out.list(tab).cloned();
                    let lc = ListColumns {
                        shown,
                        sort: prev.as_ref().and_then(|p| p.sort),
                        descending: prev.is_some_and(|p| p.descending),
                    };
                    set_list(&mut out, tab, lc);
                }
            }
            "briefing" => {
                for (key, val) in entries(table(v, "briefing")?) {
                    match key.get_ref().as_ref() {
                        "days" => out.briefing_days = Some(days(val)?),
                        other => {
                            return Err(at(
                                key.span(),
                                format!("unknown key '{other}' in [briefing] (keys: days)"),
                            ));
                        }
                    }
                }
            }
            other => {
                return Err(at(
                    k.span(),
                    format!("unknown section '{other}' (sections: {SECTIONS})"),
                ));
            }
        }
    }
    Ok(out)
}

fn set_list(out: &mut UiSettings, tab: Tab, lc: ListColumns) {
    match tab {
        Tab::Incidents => out.incidents = Some(lc),
        Tab::Actors => out.actors = Some(lc),
        _ => out.towns = Some(lc),
    }
}

fn days(v: &Spanned<DeValue<'_>>) -> Result<u32, At> {
    let bad = || {
        at(
            v.span(),
            "briefing days must be a whole number of days from 1 to 3660",
        )
    };
    let DeValue::Integer(i) = v.get_ref() else {
        return Err(bad());
    };
    match u32::from_str_radix(i.as_str(), i.radix()) {
        Ok(n @ 1..=3660) => Ok(n),
        _ => Err(bad()),
    }
}

fn keys(t: &DeTable<'_>) -> Result<Keymap, At> {
    let mut overrides: Vec<(crate::ui::action::Action, Vec<Key>)> = Vec::new();
    let mut spans: Vec<std::ops::Range<usize>> = Vec::new();
    for (name, v) in entries(t) {
        let Some(action) = action_named(name.get_ref()) else {
            return Err(at(
                name.span(),
                format!(
                    "unknown action '{}' in [keys] (the README lists every action)",
                    name.get_ref()
                ),
            ));
        };
        let mut ks = Vec::new();
        for (s, span) in strings(v, name.get_ref())? {
            let k = parse_key(s).map_err(|e| at(span, format!("{}: {e}", name.get_ref())))?;
            ks.push(k);
        }
        overrides.push((action.clone(), ks));
        spans.push(v.span());
    }
    Keymap::with_overrides(&overrides).map_err(|c| {
        let i = overrides
            .iter()
            .position(|(a, _)| crate::ui::keymap::action_name(a) == Some(c.second))
            .unwrap_or(0);
        at(spans.get(i).cloned().unwrap_or(0..0), c.to_string())
    })
}

fn theme(t: &DeTable<'_>) -> Result<Palette, At> {
    let mut palette = Palette::DEFAULT;
    if let Some(v) = t.get("name") {
        palette = match string(v, "theme name")? {
            "default" => Palette::DEFAULT,
            "light" => Palette::LIGHT,
            other => {
                return Err(at(
                    v.span(),
                    format!("unknown theme '{other}' (themes: default, light)"),
                ));
            }
        };
    }
    for (key, v) in entries(t) {
        let role = key.get_ref().as_ref();
        if role == "name" {
            continue;
        }
        let Some(slot) = palette.role_mut(role) else {
            return Err(at(
                key.span(),
                format!(
                    "unknown key '{role}' in [theme] (keys: name, {})",
                    Palette::ROLES.join(", ")
                ),
            ));
        };
        let name = string(v, role)?;
        let Some((_, c)) = COLOR_NAMES.iter().find(|(n, _)| *n == name) else {
            let names: Vec<&str> = COLOR_NAMES.iter().map(|(n, _)| *n).collect();
            return Err(at(
                v.span(),
                format!("unknown colour '{name}' (colours: {})", names.join(", ")),
            ));
        };
        *slot = *c;
    }
    Ok(palette)
}

fn list_tab(name: &Spanned<toml::de::DeString<'_>>) -> Result<Tab, At> {
    match name.get_ref().as_ref() {
        "incidents" => Ok(Tab::Incidents),
        "actors" => Ok(Tab::Actors),
        "towns" => Ok(Tab::Towns),
        other => Err(at(
            name.span(),
            format!("unknown list '{other}' (lists: incidents, actors, towns)"),
        )),
    }
}

fn list_name(tab: Tab) -> &'static str {
    match tab {
        Tab::Incidents => "incidents",
        Tab::Actors => "actors",
        _ => "towns",
    }
}

fn column_name(c: Column) -> String {
    serde_json::to_value(c)
        .ok()
        .and_then(|v| v.as_str().map(str::to_string))
        .unwrap_or_default()
}

fn column(tab: Tab, name: &str, span: std::ops::Range<usize>) -> Result<Column, At> {
    let available = columns::available(tab);
    available
        .iter()
        .copied()
        .find(|c| column_name(*c) == name)
        .ok_or_else(|| {
            let names: Vec<String> = available.iter().map(|c| column_name(*c)).collect();
            at(
                span,
                format!(
                    "no column '{name}' in the {} list (columns: {})",
                    list_name(tab),
                    names.join(", ")
                ),
            )
        })
}

fn column_names(tab: Tab, v: &Spanned<DeValue<'_>>) -> Result<Vec<Column>, At> {
    let mut shown = Vec::new();
    for (name, span) in strings(v, "columns")? {
        let c = column(tab, name, span.clone())?;
        if shown.contains(&c) {
            return Err(at(span, format!("column '{name}' is given twice")));
        }
        shown.push(c);
    }
    Ok(shown)
}

fn list_table(tab: Tab, t: &DeTable<'_>) -> Result<ListColumns, At> {
    let mut lc = ListColumns {
        shown: columns::default_shown(tab),
        sort: None,
        descending: false,
    };
    for (key, v) in entries(t) {
        match key.get_ref().as_ref() {
            "columns" => lc.shown = column_names(tab, v)?,
            "sort" => lc.sort = Some(column(tab, string(v, "sort")?, v.span())?),
            "descending" => {
                lc.descending = v
                    .get_ref()
                    .as_bool()
                    .ok_or_else(|| at(v.span(), "descending must be true or false".to_string()))?
            }
            other => {
                return Err(at(
                    key.span(),
                    format!(
                        "unknown key '{other}' in [lists.{}] (keys: columns, sort, descending)",
                        list_name(tab)
                    ),
                ));
            }
        }
    }
    Ok(lc)
}

#[cfg(test)]
mod tests;
