//! Opening the datasets analysts already have: ACLED and UCDP GED, as CSV or API JSON.
//!
//! The format is told from the content ([`detect`]). Each row becomes an [`Event`]; the
//! [`Builder`] turns events into incidents, towns and actors, merging monadic ACLED rows by
//! `event_id_cnty` and grouping actor and place spellings under one id.

pub mod acled;
pub mod acled_types;
pub mod actors;
pub mod builder;
mod columns;
pub mod dates;
pub mod detect;
pub mod pipeline;
mod records;
mod table;
pub mod ucdp;
pub mod ucdp_sources;
pub mod write;

use rustc_hash::FxHashMap as HashMap;
use std::path::Path;

use chrono::NaiveDate;
use serde_json::Value;
use serde_json::value::RawValue;

pub use builder::{Builder, Staged};
pub use detect::{Detected, Format, detect};
pub use table::read_csv;

use super::load::{Progress, Stage};
use super::problem::{LoadError, Problem};
use crate::model::{ActorKind, DatePrecision, Fatalities, GeoPrecision, Role, StoreDoc};

/// An import's records, its problems and what it was.
pub struct Imported {
    pub doc: StoreDoc,
    pub problems: Vec<Problem>,
    pub format: Format,
    /// Data rows read (after a header and an HXL row).
    pub rows: usize,
    /// Rows skipped as bad.
    pub skipped: usize,
}

/// One row of a dataset, parsed but not yet linked.
#[derive(Debug, Default)]
pub struct Event<'a> {
    pub line: u64,
    pub id: String,
    pub date: Option<NaiveDate>,
    pub precision: DatePrecision,
    pub end_date: Option<NaiveDate>,
    pub geo_precision: Option<GeoPrecision>,
    pub country: &'a str,
    pub admin1: &'a str,
    pub admin2: &'a str,
    pub location: &'a str,
    pub lat: Option<f64>,
    pub lon: Option<f64>,
    pub event_type: &'a str,
    pub sub_event_type: &'a str,
    /// The event type as coded, when `event_type` is its current-codebook mapping.
    pub coded_event_type: Option<&'a str>,
    /// Name, role and kind (from a code, when the data gives one).
    pub actors: Vec<(&'a str, Role, Option<ActorKind>)>,
    pub fatalities: Fatalities,
    pub summary: String,
    pub notes: String,
    pub sources: Vec<SourceRef<'a>>,
    pub tags: Vec<&'a str>,
    pub timestamp: Option<i64>,
    /// ACLED's row number (`data_id`), when the file has one.
    pub data_id: Option<u64>,
    /// Problems with parts of the row that was kept: (field, message).
    pub warnings: Vec<(&'static str, String)>,
}

/// A source as a row names it: the outlet, and the date of its report when the row says.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct SourceRef<'a> {
    pub outlet: &'a str,
    pub date: Option<NaiveDate>,
}

/// Parses one row's values (by field) into an event borrowing from them.
pub type RowParser<const N: usize> = for<'a> fn(&[&'a str; N], u64) -> Result<Event<'a>, RowError>;

/// Why a row was skipped.
#[derive(Debug)]
pub struct RowError {
    pub line: u64,
    pub id: Option<String>,
    pub field: &'static str,
    pub message: String,
}

/// How rows sharing an id combine.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Merge {
    /// ACLED monadic export: one row per actor; actors are merged, fatalities counted once.
    Monadic,
    /// Otherwise a repeated id is an edit: the row with the newest timestamp wins.
    Newest,
}

/// Turns a file into an import, or None when it is (or claims to be) a sitrep store.
pub fn import_if_foreign(
    path: &Path,
    buf: &[u8],
    progress: Progress,
) -> Result<Option<Imported>, LoadError> {
    match detect(buf) {
        Detected::Is(Format::Sitrep) => Ok(None),
        Detected::Is(f) => import_as(path, buf, f, progress).map(Some),
        Detected::Unknown(reason) => Err(LoadError::UnknownFormat {
            path: path.to_path_buf(),
            reason,
        }),
    }
}

pub fn import_as(
    path: &Path,
    buf: &[u8],
    format: Format,
    progress: Progress,
) -> Result<Imported, LoadError> {
    import_in_pieces(path, buf, format, progress, table::piece_size(buf.len()))
}

/// [`import_as`], reading a CSV table in pieces of about `piece` bytes on all cores (the
/// result is the same whatever the size; tests use tiny pieces to check that it is).
pub fn import_in_pieces(
    path: &Path,
    buf: &[u8],
    format: Format,
    progress: Progress,
    piece: usize,
) -> Result<Imported, LoadError> {
    let buf = buf.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(buf);
    progress(Stage::Parsing, 0.0);
    match format {
        Format::Sitrep => Err(LoadError::WrongFormat {
            path: path.to_path_buf(),
            reason: "this is a sitrep store already; nothing to import".into(),
        }),
        Format::AcledCsv => acled::import_csv(path, buf, progress, piece),
        Format::AcledJson => acled::import_json(path, buf, progress),
        Format::UcdpCsv => ucdp::import_csv(path, buf, progress, piece),
        Format::UcdpJson => ucdp::import_json(path, buf, progress),
    }
}

/// `str::trim`, answering at once in the usual case of a value that starts and ends with
/// a visible ASCII character (it runs on every field of every row).
pub fn trim(s: &str) -> &str {
    let plain = |b: u8| b.is_ascii() && !matches!(b, b'\t'..=b'\r' | b' ');
    match s.as_bytes() {
        [first, .., last] if plain(*first) && plain(*last) => s,
        [only] if plain(*only) => s,
        _ => s.trim(),
    }
}

/// Splits a ';'-separated list, trimmed, empty parts dropped.
pub fn split_list(s: &str) -> impl Iterator<Item = &str> {
    s.split(';').map(trim).filter(|p| !p.is_empty())
}

impl Event<'_> {
    /// Both coordinates or neither; an impossible one is a warning on the event.
    pub fn set_coords(&mut self, lat: &str, lon: &str) {
        match (parse_coord(lat, 90.0), parse_coord(lon, 180.0)) {
            (Ok(Some(a)), Ok(Some(b))) => (self.lat, self.lon) = (Some(a), Some(b)),
            (Err(m), _) => self.warnings.push(("latitude", m)),
            (_, Err(m)) => self.warnings.push(("longitude", m)),
            _ => {}
        }
    }
}

pub fn parse_coord(s: &str, max: f64) -> Result<Option<f64>, String> {
    let t = trim(s);
    if t.is_empty() {
        return Ok(None);
    }
    match t.parse::<f64>() {
        Ok(v) if v.is_finite() && (-max..=max).contains(&v) => Ok(Some(v)),
        _ => {
            // Quoted cut short: a pasted 1e308 written out is 309 digits.
            let shown: String = t.chars().take(24).collect();
            let more = if t.chars().count() > 24 { "..." } else { "" };
            Err(format!(
                "impossible coordinate '{shown}{more}'; coordinates dropped"
            ))
        }
    }
}

/// A count ("12", "12.0", " 3 "); empty is None; anything else is an error.
pub fn parse_count(s: &str) -> Result<Option<u32>, String> {
    let t = trim(s);
    if t.is_empty() {
        return Ok(None);
    }
    if let Ok(v) = t.parse::<u32>() {
        return Ok(Some(v));
    }
    match t.parse::<f64>() {
        Ok(v) if v.is_finite() && v >= 0.0 && v.fract() == 0.0 && v <= u32::MAX as f64 => {
            Ok(Some(v as u32))
        }
        _ => Err(format!("'{}' is not a count", short(t))),
    }
}

/// At most 40 characters of a value, for messages.
pub fn short(s: &str) -> String {
    let mut out: String = s.chars().take(40).collect();
    if s.chars().count() > 40 {
        out.push_str("...");
    }
    out
}

/// Column positions for a table of known field names, mapped by header name.
pub struct Columns<const N: usize> {
    pub ix: [Option<usize>; N],
    pub width: usize,
}

impl<const N: usize> Columns<N> {
    pub fn new(header: &csv::ByteRecord, names: &[&str; N], aliases: &[(&str, usize)]) -> Self {
        let mut ix = [None; N];
        for (col, h) in header.iter().enumerate() {
            let h = detect::header_name(h);
            let field = names
                .iter()
                .position(|n| *n == h)
                .or_else(|| aliases.iter().find(|(a, _)| *a == h).map(|(_, f)| *f));
            if let Some(f) = field
                && ix[f].is_none()
            {
                ix[f] = Some(col);
            }
        }
        Columns {
            ix,
            width: header.len(),
        }
    }
}

/// Reads API JSON: a bare array of records or a wrapper holding one under `key`.
pub fn read_json<const N: usize>(
    path: &Path,
    buf: &[u8],
    names: &[&str; N],
    aliases: &[(&str, usize)],
    keys: &[&str],
    parse: RowParser<N>,
    builder: &mut Builder,
) -> Result<(), LoadError> {
    let syntax = |e: serde_json::Error| LoadError::Syntax {
        path: path.to_path_buf(),
        line: e.line(),
        column: e.column().max(1),
        message: e.to_string(),
    };
    let text = std::str::from_utf8(buf).map_err(|e| LoadError::Syntax {
        path: path.to_path_buf(),
        line: 1 + buf[..e.valid_up_to()]
            .iter()
            .filter(|&&b| b == b'\n')
            .count(),
        column: 1,
        message: "invalid UTF-8".into(),
    })?;
    let first = text.trim_start().as_bytes().first().copied();
    let records: Vec<&RawValue> = if first == Some(b'[') {
        serde_json::from_str(text).map_err(syntax)?
    } else {
        let top: HashMap<&str, &RawValue> = serde_json::from_str(text).map_err(syntax)?;
        let found = keys.iter().find_map(|k| top.get(k));
        match found {
            Some(raw) => serde_json::from_str(raw.get()).map_err(syntax)?,
            None => {
                return Err(LoadError::WrongFormat {
                    path: path.to_path_buf(),
                    reason: format!("expected the records under \"{}\"", keys.join("\" or \"")),
                });
            }
        }
    };
    let base = text.as_ptr() as usize;
    let mut line = 1u64;
    let mut pos = 0usize;
    for raw in records {
        let off = raw.get().as_ptr() as usize - base;
        line += text.as_bytes()[pos..off]
            .iter()
            .filter(|&&b| b == b'\n')
            .count() as u64;
        pos = off;
        let map: serde_json::Map<String, Value> = match serde_json::from_str(raw.get()) {
            Ok(m) => m,
            Err(e) => {
                builder.bad_row(RowError {
                    line,
                    id: None,
                    field: "",
                    message: format!("not a record object: {e}"),
                });
                continue;
            }
        };
        let mut owned: Vec<String> = vec![String::new(); N];
        for (k, v) in &map {
            let k = k.to_ascii_lowercase();
            let f = names
                .iter()
                .position(|n| *n == k)
                .or_else(|| aliases.iter().find(|(a, _)| *a == k).map(|(_, f)| *f));
            if let Some(f) = f
                && owned[f].is_empty()
            {
                owned[f] = match v {
                    Value::Null => String::new(),
                    Value::String(s) => s.clone(),
                    Value::Bool(b) => (if *b { "1" } else { "0" }).to_string(),
                    Value::Number(n) => n.to_string(),
                    other => other.to_string(),
                };
            }
        }
        let mut vals: [&str; N] = [""; N];
        for (v, o) in vals.iter_mut().zip(&owned) {
            *v = o;
        }
        match parse(&vals, line) {
            Ok(ev) => builder.add(ev),
            Err(e) => builder.bad_row(e),
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    #[test]
    fn trim_is_str_trim() {
        for s in [
            "",
            "a",
            " ",
            "ab",
            " a",
            "a ",
            "\u{b}a",
            "a\u{b}",
            "\u{a0}a",
            "a\u{3000}",
            "é",
            "éa",
            "aé",
            "\u{85}",
            "a\u{2029}",
            "\u{1c}a\u{1f}",
            "\r\n",
            "x\ty",
        ] {
            assert_eq!(super::trim(s), s.trim(), "{s:?}");
        }
    }
}
