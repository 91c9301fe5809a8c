//! Opening the datasets analysts already have: ACLED and UCDP GED, as CSV or API JSON.
//!
//! The format is told from the content ([`detect`]). Each row becomes an [`Event`]; the
//! [`Builder`] turns events into incidents, towns and actors, merging monadic ACLED rows by
//! `event_id_cnty` and grouping actor and place spellings under one id.

pub mod acled;
pub mod actors;
pub mod dates;
pub mod detect;
pub mod ucdp;

use std::collections::HashMap;
use std::path::Path;

use chrono::NaiveDate;
use rayon::prelude::*;
use serde_json::Value;
use serde_json::value::RawValue;

pub use detect::{Detected, Format, detect};

use super::load::{Progress, Stage};
use super::problem::{LoadError, Problem};
use crate::model::{
    Actor, ActorKind, ActorRole, Coverage, DatePrecision, Fatalities, Incident, Meta, Origin, Role,
    SCHEMA_VERSION, Source, StoreDoc, Sym, Town,
};
use actors::{normalise_actor, slug};

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
pub struct Event {
    pub line: u64,
    pub id: String,
    pub date: Option<NaiveDate>,
    pub precision: DatePrecision,
    pub end_date: Option<NaiveDate>,
    pub country: String,
    pub admin1: String,
    pub admin2: String,
    pub location: String,
    pub lat: Option<f64>,
    pub lon: Option<f64>,
    pub event_type: String,
    pub sub_event_type: String,
    /// Name, role and kind (from a code, when the data gives one).
    pub actors: Vec<(String, Role, Option<ActorKind>)>,
    pub fatalities: Fatalities,
    pub summary: String,
    pub notes: String,
    pub sources: Vec<String>,
    pub tags: Vec<String>,
    pub timestamp: Option<i64>,
    /// Problems with parts of the row that was kept: (field, message).
    pub warnings: Vec<(&'static str, String)>,
}

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
    let buf = buf.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(buf);
    progress(Stage::Parsing, 0.0);
    match format {
        Format::Sitrep => Err(LoadError::WrongFormat {
            path: path.to_path_buf(),
            reason: "this is a sitrep store already; nothing to import".into(),
        }),
        Format::AcledCsv => acled::import_csv(path, buf, progress),
        Format::AcledJson => acled::import_json(path, buf, progress),
        Format::UcdpCsv => ucdp::import_csv(path, buf, progress),
        Format::UcdpJson => ucdp::import_json(path, buf, progress),
    }
}

/// Splits a ';'-separated list, trimmed, empty parts dropped.
pub fn split_list(s: &str) -> impl Iterator<Item = &str> {
    s.split(';').map(str::trim).filter(|p| !p.is_empty())
}

pub fn parse_coord(s: &str, max: f64) -> Result<Option<f64>, String> {
    let t = s.trim();
    if t.is_empty() {
        return Ok(None);
    }
    match t.parse::<f64>() {
        Ok(v) if v.is_finite() && (-max..=max).contains(&v) => Ok(Some(v)),
        _ => Err(format!("impossible coordinate '{t}'; coordinates dropped")),
    }
}

/// A count ("12", "12.0", " 3 "); empty is None; anything else is an error.
pub fn parse_count(s: &str) -> Result<Option<u32>, String> {
    let t = s.trim();
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

/// Reads a CSV table, parsing rows in parallel batches and linking them in file order.
pub fn read_csv<const N: usize>(
    path: &Path,
    buf: &[u8],
    names: &[&str; N],
    aliases: &[(&str, usize)],
    parse: fn(&[&str; N], u64) -> Result<Event, RowError>,
    builder: &mut Builder,
    progress: Progress,
) -> Result<(), LoadError> {
    let mut rdr = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .from_reader(buf);
    let mut header = csv::ByteRecord::new();
    let io = |e: csv::Error| LoadError::WrongFormat {
        path: path.to_path_buf(),
        reason: e.to_string(),
    };
    rdr.read_byte_record(&mut header).map_err(io)?;
    let cols = Columns::new(&header, names, aliases);
    const BATCH: usize = 8192;
    let mut batch: Vec<csv::ByteRecord> = (0..BATCH).map(|_| csv::ByteRecord::new()).collect();
    let mut lines: Vec<u64> = vec![0; BATCH];
    // Physical line numbers, counted from byte offsets (the csv crate counts records).
    let (mut seen_byte, mut seen_line) = (0usize, 1u64);
    let mut line_at = |byte: u64| -> u64 {
        let mut byte = (byte as usize).min(buf.len());
        // A record's offset may point at the '\n' of the previous CRLF, or at blank lines.
        while byte < buf.len() && matches!(buf[byte], b'\r' | b'\n') {
            byte += 1;
        }
        if byte > seen_byte {
            seen_line += buf[seen_byte..byte].iter().filter(|&&b| b == b'\n').count() as u64;
            seen_byte = byte;
        }
        seen_line
    };
    let mut first = true;
    loop {
        let mut n = 0;
        while n < BATCH {
            match rdr.read_byte_record(&mut batch[n]) {
                Ok(true) => {
                    lines[n] = line_at(batch[n].position().map_or(0, |p| p.byte()));
                    // The HDX extract's second row holds HXL tags (#date+start ...).
                    if first {
                        first = false;
                        let r = &batch[n];
                        let tags = r.iter().filter(|f| !f.is_empty());
                        if r.iter().any(|f| !f.is_empty()) && tags.clone().all(|f| f[0] == b'#') {
                            continue;
                        }
                    }
                    n += 1;
                }
                Ok(false) => break,
                Err(e) => {
                    let line = line_at(e.position().map_or(0, |p| p.byte()));
                    builder.bad_row(RowError {
                        line,
                        id: None,
                        field: "",
                        message: format!("unreadable row: {e}"),
                    });
                }
            }
        }
        let results: Vec<Result<Event, RowError>> = batch[..n]
            .par_iter()
            .zip(&lines[..n])
            .map(|(rec, &line)| parse_record(rec, line, &cols, parse))
            .collect();
        for r in results {
            match r {
                Ok(ev) => builder.add(ev),
                Err(e) => builder.bad_row(e),
            }
        }
        progress(
            Stage::Parsing,
            rdr.position().byte() as f64 / buf.len().max(1) as f64,
        );
        if n < BATCH {
            break;
        }
    }
    Ok(())
}

fn parse_record<const N: usize>(
    rec: &csv::ByteRecord,
    line: u64,
    cols: &Columns<N>,
    parse: fn(&[&str; N], u64) -> Result<Event, RowError>,
) -> Result<Event, RowError> {
    if rec.len() != cols.width && !(rec.len() == 1 && rec.as_slice().is_empty()) {
        return Err(RowError {
            line,
            id: None,
            field: "",
            message: format!(
                "row has {} fields where the header has {} (broken quoting?)",
                rec.len(),
                cols.width
            ),
        });
    }
    let lossy;
    let text: &str = match std::str::from_utf8(rec.as_slice()) {
        Ok(t) => t,
        Err(_) => {
            lossy = String::from_utf8_lossy(rec.as_slice()).into_owned();
            &lossy
        }
    };
    let bounds = |i: usize| rec.range(i).unwrap_or(0..0);
    let mut vals: [&str; N] = [""; N];
    for (v, ix) in vals.iter_mut().zip(cols.ix.iter()) {
        if let Some(i) = ix {
            let r = bounds(*i);
            // Lossy decoding may shift offsets; fall back to an empty value then.
            *v = text.get(r).unwrap_or("");
        }
    }
    parse(&vals, line)
}

/// Reads API JSON: a bare array of records or a wrapper holding one under `key`.
pub fn read_json<const N: usize>(
    path: &Path,
    buf: &[u8],
    names: &[&str; N],
    aliases: &[(&str, usize)],
    keys: &[&str],
    parse: fn(&[&str; N], u64) -> Result<Event, RowError>,
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

/// Links events into a store document.
pub struct Builder {
    file: Sym,
    label: String,
    merge: Merge,
    towns: Vec<Town>,
    town_ix: HashMap<String, usize>,
    /// Exact spellings already linked (country, admin1, admin2, location) to their town.
    town_raw: HashMap<String, usize>,
    actors: Vec<Actor>,
    /// Exact spellings already linked to their actor.
    actor_raw: HashMap<String, usize>,
    /// Whether an actor's kind came from a code (true) or a guess from its name.
    actor_coded: Vec<bool>,
    actor_ix: HashMap<String, usize>,
    incidents: Vec<Incident>,
    timestamps: Vec<Option<i64>>,
    incident_ix: HashMap<String, usize>,
    problems: Vec<Problem>,
    rows: usize,
    skipped: usize,
}

impl Builder {
    pub fn new(path: &Path, merge: Merge) -> Builder {
        let label = path.display().to_string();
        Builder {
            file: Sym::new(&label),
            label,
            merge,
            towns: Vec::new(),
            town_ix: HashMap::new(),
            town_raw: HashMap::new(),
            actors: Vec::new(),
            actor_raw: HashMap::new(),
            actor_coded: Vec::new(),
            actor_ix: HashMap::new(),
            incidents: Vec::new(),
            timestamps: Vec::new(),
            incident_ix: HashMap::new(),
            problems: Vec::new(),
            rows: 0,
            skipped: 0,
        }
    }

    pub fn set_merge(&mut self, merge: Merge) {
        self.merge = merge;
    }

    fn problem(&mut self, line: u64, id: Option<&str>, field: &str, msg: String, skipped: bool) {
        self.problems.push(Problem {
            file: self.label.clone(),
            line: Some(line as usize),
            column: None,
            kind: "incident",
            record: id.map(str::to_string),
            field: (!field.is_empty()).then(|| field.to_string()),
            message: msg,
            skipped,
        });
    }

    pub fn bad_row(&mut self, e: RowError) {
        self.rows += 1;
        self.skipped += 1;
        self.problem(e.line, e.id.as_deref(), e.field, e.message, true);
    }

    fn town(&mut self, ev: &Event) -> Sym {
        // Most rows repeat a place spelled exactly as before: skip the folding then.
        let raw_key = format!(
            "{}\u{1f}{}\u{1f}{}\u{1f}{}\u{1f}{}",
            ev.country,
            ev.admin1,
            ev.admin2,
            ev.location,
            ev.lat.is_some()
        );
        if let Some(&i) = self.town_raw.get(&raw_key) {
            return self.towns[i].id.clone();
        }
        let sym = self.town_slow(ev);
        let i = self.town_ix[sym.as_str()];
        self.town_raw.insert(raw_key, i);
        sym
    }

    fn town_slow(&mut self, ev: &Event) -> Sym {
        let name = actors::clean(&ev.location);
        let name = if name.is_empty() {
            [&ev.admin2, &ev.admin1, &ev.country]
                .iter()
                .map(|s| actors::clean(s))
                .find(|s| !s.is_empty())
                .unwrap_or_else(|| "Unknown".into())
        } else {
            name
        };
        let id = format!(
            "town:{}:{}:{}",
            slug(&ev.country),
            slug(&ev.admin1),
            slug(&name)
        );
        if let Some(&i) = self.town_ix.get(&id) {
            let t = &mut self.towns[i];
            if t.name != name && !t.aliases.contains(&name) {
                t.aliases.push(name);
            }
            if t.lat.is_none() && ev.lat.is_some() && ev.lon.is_some() {
                (t.lat, t.lon) = (ev.lat, ev.lon);
            }
            return t.id.clone();
        }
        let sym = Sym::new(&id);
        self.town_ix.insert(id, self.towns.len());
        let (lat, lon) = match (ev.lat, ev.lon) {
            (Some(a), Some(b)) => (Some(a), Some(b)),
            _ => (None, None),
        };
        self.towns.push(Town {
            id: sym.clone(),
            name,
            aliases: Vec::new(),
            country: Sym::new(ev.country.trim()),
            admin1: Sym::new(ev.admin1.trim()),
            admin2: Sym::new(ev.admin2.trim()),
            lat,
            lon,
        });
        sym
    }

    fn actor(&mut self, name: &str, kind: Option<ActorKind>) -> Option<Sym> {
        if let Some(&i) = self.actor_raw.get(name) {
            if let Some(k) = kind
                && !self.actor_coded[i]
            {
                self.actors[i].kind = k;
                self.actor_coded[i] = true;
            }
            return Some(self.actors[i].id.clone());
        }
        let id = self.actor_slow(name, kind)?;
        let i = self.actor_ix[id.as_str()];
        self.actor_raw.insert(name.to_string(), i);
        Some(id)
    }

    fn actor_slow(&mut self, name: &str, kind: Option<ActorKind>) -> Option<Sym> {
        let n = normalise_actor(name)?;
        let id = format!("actor:{}", slug(&n.canonical));
        let i = match self.actor_ix.get(&id) {
            Some(&i) => i,
            None => {
                let i = self.actors.len();
                self.actor_ix.insert(id.clone(), i);
                self.actors.push(Actor {
                    id: Sym::new(&id),
                    name: n.canonical.clone(),
                    aliases: Vec::new(),
                    kind: kind.unwrap_or_else(|| actors::kind_from_name(&n.canonical)),
                    parent: None,
                    affiliation: None,
                    description: String::new(),
                });
                self.actor_coded.push(kind.is_some());
                i
            }
        };
        if let Some(k) = kind
            && !self.actor_coded[i]
        {
            self.actors[i].kind = k;
            self.actor_coded[i] = true;
        }
        let a = &mut self.actors[i];
        for alias in std::iter::once(&n.raw).chain(&n.extra) {
            if *alias != a.name && !a.aliases.contains(alias) {
                a.aliases.push(alias.clone());
            }
        }
        Some(a.id.clone())
    }

    fn roles(&mut self, ev: &Event) -> Vec<ActorRole> {
        let mut out: Vec<ActorRole> = Vec::new();
        for (name, role, kind) in &ev.actors {
            if let Some(id) = self.actor(name, *kind)
                && !out.iter().any(|r| r.actor == id && r.role == *role)
            {
                out.push(ActorRole {
                    actor: id,
                    role: *role,
                });
            }
        }
        out
    }

    pub fn add(&mut self, mut ev: Event) {
        self.rows += 1;
        let Some(date) = ev.date else {
            let id = ev.id.clone();
            self.bad_row(RowError {
                line: ev.line,
                id: Some(id),
                field: "date",
                message: "no date".into(),
            });
            self.rows -= 1;
            return;
        };
        for (field, msg) in std::mem::take(&mut ev.warnings) {
            self.problem(ev.line, Some(&ev.id), field, msg, false);
        }
        if ev.fatalities.is_inconsistent() {
            let f = ev.fatalities;
            let o = |v: Option<u32>| v.map_or("unknown".into(), |v| v.to_string());
            let msg = format!(
                "fatalities do not bracket: low {}, best {}, high {}; kept as given",
                o(f.low),
                o(f.best),
                o(f.high)
            );
            self.problem(ev.line, Some(&ev.id), "fatalities", msg, false);
        }
        if let Some(&i) = self.incident_ix.get(&ev.id) {
            match self.merge {
                Merge::Monadic => {
                    let roles = self.roles(&ev);
                    let inc = &mut self.incidents[i];
                    for mut r in roles {
                        if inc.actors.iter().any(|x| x.actor == r.actor) {
                            continue;
                        }
                        // The second actor of a monadic event is the other side.
                        if r.role == Role::Attacker {
                            r.role = Role::Target;
                        }
                        inc.actors.push(r);
                    }
                    return;
                }
                Merge::Newest => {
                    let newer = ev.timestamp >= self.timestamps[i];
                    let msg = if newer {
                        "repeated event id: this newer row replaces the earlier one"
                    } else {
                        "repeated event id: an earlier row with a newer timestamp is kept"
                    };
                    let id = ev.id.clone();
                    self.problem(ev.line, Some(&id), "id", msg.into(), !newer);
                    if !newer {
                        self.skipped += 1;
                        return;
                    }
                    self.skipped += 1;
                    let inc = self.incident(ev, date);
                    self.timestamps[i] = inc.1;
                    self.incidents[i] = inc.0;
                    return;
                }
            }
        }
        self.incident_ix.insert(ev.id.clone(), self.incidents.len());
        let (inc, ts) = self.incident(ev, date);
        self.incidents.push(inc);
        self.timestamps.push(ts);
    }

    fn incident(&mut self, ev: Event, date: NaiveDate) -> (Incident, Option<i64>) {
        let town = self.town(&ev);
        let actors = self.roles(&ev);
        let inc = Incident {
            id: ev.id,
            date,
            date_precision: ev.precision,
            end_date: ev.end_date.filter(|e| *e > date),
            town,
            country: Sym::new(ev.country.trim()),
            admin1: Sym::new(ev.admin1.trim()),
            admin2: Sym::new(ev.admin2.trim()),
            lat: ev.lat,
            lon: ev.lon,
            event_type: Sym::new(ev.event_type.trim()),
            sub_event_type: Sym::new(ev.sub_event_type.trim()),
            actors,
            fatalities: ev.fatalities,
            claims: Vec::new(),
            summary: ev.summary,
            notes: ev.notes,
            sources: ev
                .sources
                .iter()
                .map(|s| Source {
                    report: None,
                    outlet: Sym::new(s),
                    url: None,
                    date: None,
                    illustrative: false,
                })
                .collect(),
            tags: ev.tags.iter().map(|t| Sym::new(t)).collect(),
            origin: Some(Origin {
                file: self.file.clone(),
                line: ev.line,
            }),
        };
        (inc, ev.timestamp)
    }

    pub fn finish(mut self, format: Format, attribution: &str, licence: &str) -> Imported {
        let title = Path::new(&self.label)
            .file_name()
            .map(|f| f.to_string_lossy().into_owned())
            .unwrap_or_else(|| self.label.clone());
        let mut countries: Vec<String> = self
            .incidents
            .iter()
            .map(|i| i.country.to_string())
            .filter(|c| !c.is_empty())
            .collect();
        countries.sort();
        countries.dedup();
        let meta = Meta {
            title,
            description: format!(
                "Imported from {} ({}): {} rows, {} incidents, {} rows skipped",
                format.label(),
                self.label,
                self.rows,
                self.incidents.len(),
                self.skipped
            ),
            coverage: Coverage {
                from: self.incidents.iter().map(|i| i.date).min(),
                to: self.incidents.iter().map(|i| i.date).max(),
                countries,
            },
            licence: licence.into(),
            attribution: vec![attribution.into()],
            content: crate::model::ContentKind::Real,
        };
        self.problems.sort_by_key(|p| p.line);
        Sym::clear_interner();
        Imported {
            doc: StoreDoc {
                schema_version: SCHEMA_VERSION,
                meta,
                towns: self.towns,
                actors: self.actors,
                reports: Vec::new(),
                incidents: self.incidents,
            },
            problems: self.problems,
            format,
            rows: self.rows,
            skipped: self.skipped,
        }
    }
}
