//! Reading a sitrep JSON store: parse every record on its own so one bad record costs only
//! itself, with each problem placed at its file line and column.

use std::collections::HashSet;
use std::path::{Path, PathBuf};

use chrono::{Datelike, NaiveDate};
use rayon::prelude::*;
use serde::Deserialize;
use serde::de::DeserializeOwned;
use serde_json::value::RawValue;

use super::problem::{LoadError, Problem};
use crate::model::{Actor, Incident, Meta, Report, SCHEMA_VERSION, StoreDoc, Sym, Town};

/// The top level, with each record left as raw text to parse (and fail) on its own.
#[derive(Deserialize)]
struct RawDoc<'a> {
    schema_version: Option<serde_json::Value>,
    #[serde(borrow)]
    meta: Option<&'a RawValue>,
    #[serde(borrow, default)]
    towns: Vec<&'a RawValue>,
    #[serde(borrow, default)]
    actors: Vec<&'a RawValue>,
    #[serde(borrow, default)]
    reports: Vec<&'a RawValue>,
    #[serde(borrow, default)]
    incidents: Vec<&'a RawValue>,
}

/// What the loader reports as it goes, for a progress bar or gauge.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Stage {
    Reading,
    Parsing,
    Indexing,
}

pub type Progress<'a> = &'a (dyn Fn(Stage, f64) + Sync);

/// Records that parsed, plus every problem found.
pub struct Parsed {
    pub doc: StoreDoc,
    pub problems: Vec<Problem>,
}

/// An opened store file and its length.
pub struct OpenFile {
    pub file: std::fs::File,
    len: u64,
}

impl OpenFile {
    pub fn len(&self) -> u64 {
        self.len
    }

    pub fn is_empty(&self) -> bool {
        self.len == 0
    }
}

/// What kind of file `meta` is, when it is not a regular file.
fn not_regular(meta: &std::fs::Metadata) -> Option<&'static str> {
    use std::os::unix::fs::FileTypeExt;
    let t = meta.file_type();
    Some(if t.is_file() {
        return None;
    } else if t.is_fifo() {
        "a FIFO (named pipe)"
    } else if t.is_socket() {
        "a socket"
    } else if t.is_char_device() {
        "a character device"
    } else if t.is_block_device() {
        "a block device"
    } else {
        "not a regular file"
    })
}

/// Refuses anything but a regular file, with a clear message.
fn check_regular(path: &Path, meta: &std::fs::Metadata) -> Result<(), LoadError> {
    if meta.is_dir() {
        return Err(LoadError::IsDirectory {
            path: path.to_path_buf(),
        });
    }
    match not_regular(meta) {
        Some(what) => Err(LoadError::NotRegular {
            path: path.to_path_buf(),
            what,
        }),
        None => Ok(()),
    }
}

/// Opens a file for loading. Only a regular file is read (a symlink is followed only when
/// its target is one): a FIFO, a device or a directory is refused before it is opened, and
/// the open itself does not wait (O_NONBLOCK) should a FIFO be swapped in between.
pub fn open_file(path: &Path) -> Result<OpenFile, LoadError> {
    use std::os::unix::fs::OpenOptionsExt;
    let io = |source| LoadError::Io {
        path: path.to_path_buf(),
        source,
    };
    check_regular(path, &std::fs::metadata(path).map_err(io)?)?;
    let file = std::fs::OpenOptions::new()
        .read(true)
        .custom_flags(libc::O_NONBLOCK)
        .open(path)
        .map_err(io)?;
    // What was opened, not what the name pointed to a moment ago.
    let meta = file.metadata().map_err(io)?;
    check_regular(path, &meta)?;
    Ok(OpenFile {
        file,
        len: meta.len(),
    })
}

/// Reads a whole regular file into memory (see [`open_file`]). A private copy: a file
/// truncated or rewritten by someone else while it is read can give odd bytes, never a
/// fault.
pub fn read_file(path: &Path) -> Result<Vec<u8>, LoadError> {
    use std::io::Read;
    let mut f = open_file(path)?;
    let mut buf = Vec::with_capacity(f.len() as usize);
    f.file
        .read_to_end(&mut buf)
        .map_err(|source| LoadError::Io {
            path: path.to_path_buf(),
            source,
        })?;
    Ok(buf)
}

/// Files sitrep cannot read but can name, so the message says what they are rather than
/// "expected a JSON object": compressed archives and UTF-16 text.
pub fn foreign_encoding(buf: &[u8]) -> Option<&'static str> {
    let head = &buf[..buf.len().min(512)];
    if head.starts_with(&[0x1f, 0x8b]) {
        return Some("a gzip-compressed file: decompress it first (gunzip)");
    }
    if head.starts_with(b"PK\x03\x04") {
        return Some("a zip archive: extract the CSV or JSON inside first");
    }
    if head.starts_with(b"BZh") || head.starts_with(&[0xfd, b'7', b'z', b'X', b'Z', 0]) {
        return Some("a compressed file (bzip2 or xz): decompress it first");
    }
    let utf16 = "UTF-16 text: save it as UTF-8 (e.g. `iconv -f UTF-16 -t UTF-8`)";
    if head.starts_with(&[0xff, 0xfe]) || head.starts_with(&[0xfe, 0xff]) {
        return Some(utf16);
    }
    // No byte order mark, but ASCII text with a NUL after (or before) every character.
    let pairs = head.len() / 2;
    if pairs >= 4 {
        let nul_odd = head
            .chunks_exact(2)
            .filter(|p| p[1] == 0 && p[0] != 0)
            .count();
        let nul_even = head
            .chunks_exact(2)
            .filter(|p| p[0] == 0 && p[1] != 0)
            .count();
        if nul_odd * 10 >= pairs * 9 || nul_even * 10 >= pairs * 9 {
            return Some(utf16);
        }
    }
    None
}

/// Maps byte offsets to 1-based line and column (in characters), built only when needed.
struct Lines<'a> {
    text: &'a [u8],
    starts: Vec<usize>,
}

impl<'a> Lines<'a> {
    fn new(text: &'a [u8]) -> Self {
        let mut starts = vec![0];
        starts.extend(memchr_all(b'\n', text).map(|i| i + 1));
        Lines { text, starts }
    }

    fn position(&self, offset: usize) -> (usize, usize) {
        let line = self.starts.partition_point(|&s| s <= offset);
        let start = self.starts[line - 1];
        let end = offset.min(self.text.len());
        let col = String::from_utf8_lossy(&self.text[start..end])
            .chars()
            .count()
            + 1;
        (line, col)
    }
}

fn memchr_all(needle: u8, hay: &[u8]) -> impl Iterator<Item = usize> + '_ {
    hay.iter()
        .enumerate()
        .filter_map(move |(i, &b)| (b == needle).then_some(i))
}

/// Offset of a raw value within the buffer it was borrowed from.
fn offset_in(buf: &[u8], raw: &RawValue) -> usize {
    raw.get().as_ptr() as usize - buf.as_ptr() as usize
}

/// Offset within `raw` at serde_json's 1-based (line, column), where the column counts bytes.
fn offset_within(raw: &str, line: usize, column: usize) -> usize {
    let mut off = 0;
    for (i, l) in raw.split_inclusive('\n').enumerate() {
        if i + 1 == line {
            return off + column.saturating_sub(1).min(l.len());
        }
        off += l.len();
    }
    raw.len()
}

/// A record's id, found even when the record as a whole does not parse.
fn record_id(raw: &RawValue) -> Option<String> {
    #[derive(Deserialize)]
    struct IdOnly {
        id: Option<serde_json::Value>,
    }
    let id = serde_json::from_str::<IdOnly>(raw.get()).ok()?.id?;
    Some(match id {
        serde_json::Value::String(s) => s,
        other => other.to_string(),
    })
}

struct RecordError {
    offset: usize,
    field: Option<String>,
    message: String,
}

/// Parses one record. On failure, parses again with path tracking to name the field:
/// the slow path is paid only by bad records.
fn parse_record<T: DeserializeOwned>(buf: &[u8], raw: &RawValue) -> Result<T, RecordError> {
    match serde_json::from_str::<T>(raw.get()) {
        Ok(v) => Ok(v),
        Err(_) => {
            let mut de = serde_json::Deserializer::from_str(raw.get());
            let err = match serde_path_to_error::deserialize::<_, T>(&mut de) {
                Ok(v) => return Ok(v),
                Err(e) => e,
            };
            let path = err.path().to_string();
            let inner = err.into_inner();
            let offset =
                offset_in(buf, raw) + offset_within(raw.get(), inner.line(), inner.column());
            let mut message = strip_position(&inner.to_string());
            if message.contains("input is out of range")
                || message.contains("premature end of input")
            {
                message = format!("impossible or malformed date ({message}); dates are YYYY-MM-DD");
            }
            Err(RecordError {
                offset,
                field: (path != "." && !path.is_empty()).then_some(path),
                message,
            })
        }
    }
}

/// serde_json appends " at line L column C"; we report the file position instead.
fn strip_position(msg: &str) -> String {
    match msg.rfind(" at line ") {
        Some(i) => msg[..i].to_string(),
        None => msg.to_string(),
    }
}

/// Checks a whole store document and returns the records that parsed plus every problem.
/// Called with byte ranges of the input that parsing has finished with, so a memory-mapped
/// file's pages can be handed back instead of counting against resident memory.
pub type Release<'a> = &'a (dyn Fn(usize, usize) + Sync);

/// Incidents parsed per batch; the input behind each finished batch is released.
const BATCH: usize = 65536;

pub fn parse_store(
    path: &Path,
    buf: &[u8],
    progress: Progress,
    release: Release,
) -> Result<Parsed, LoadError> {
    let path_buf = || path.to_path_buf();
    let file = path.display().to_string();
    // Editors on Windows often save UTF-8 with a byte-order mark; it is not part of the JSON.
    let buf = buf.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(buf);
    let first = buf.iter().position(|b| !b.is_ascii_whitespace());
    let Some(first) = first else {
        return Err(LoadError::Empty { path: path_buf() });
    };
    if buf[first] != b'{' {
        return Err(LoadError::WrongFormat {
            path: path_buf(),
            reason: "expected a JSON object ('{' ...) holding schema_version, meta, towns, \
                     actors, reports and incidents"
                .into(),
        });
    }
    let text = std::str::from_utf8(buf).map_err(|e| {
        let lines = Lines::new(buf);
        let (line, column) = lines.position(e.valid_up_to());
        LoadError::Syntax {
            path: path_buf(),
            line,
            column,
            message: "invalid UTF-8 (binary data?)".into(),
        }
    })?;
    progress(Stage::Parsing, 0.0);
    let raw: RawDoc = serde_json::from_str(text).map_err(|e| {
        let message = strip_position(&e.to_string());
        let message = if e.is_eof() {
            format!("{message} (the file looks truncated)")
        } else {
            message
        };
        LoadError::Syntax {
            path: path_buf(),
            line: e.line(),
            column: e.column().max(1),
            message,
        }
    })?;
    let version = match &raw.schema_version {
        Some(serde_json::Value::Number(n)) if n.as_u64() == Some(SCHEMA_VERSION as u64) => {
            SCHEMA_VERSION
        }
        other => {
            return Err(LoadError::UnknownSchema {
                path: path_buf(),
                found: other
                    .as_ref()
                    .map(|v| v.to_string())
                    .unwrap_or_else(|| "(missing)".into()),
                supported: SCHEMA_VERSION,
            });
        }
    };

    let mut sink = ProblemSink {
        file,
        buf,
        lines: None,
        problems: Vec::new(),
    };
    let meta = match raw.meta {
        None => {
            sink.push_at(
                None,
                "meta",
                None,
                Some("meta"),
                "missing; using defaults",
                false,
            );
            Meta::default()
        }
        Some(m) => match parse_record::<Meta>(buf, m) {
            Ok(m) => m,
            Err(e) => {
                sink.record_error("meta", None, e, false);
                Meta::default()
            }
        },
    };

    let mut towns = parse_small::<Town>(&mut sink, &raw.towns, "town", |t| t.id.to_string());
    for t in &mut towns {
        check_coordinates(&mut sink, "town", &t.0, &t.1.id, &mut t.1.lat, &mut t.1.lon);
    }
    let towns: Vec<Town> = towns.into_iter().map(|(_, t)| t).collect();
    let actors = parse_small::<Actor>(&mut sink, &raw.actors, "actor", |a| a.id.to_string());
    let reports = parse_small::<Report>(&mut sink, &raw.reports, "report", |r| r.id.to_string());
    let reports: Vec<Report> = reports.into_iter().map(|(_, r)| r).collect();

    // Splitting out the records touched every page; hand them back before parsing, which
    // then walks the file once more, batch by batch, releasing what it has finished with.
    release(0, buf.len());
    // Incidents are most of the file: parse them on every core.
    let total = raw.incidents.len().max(1);
    let mut incidents: Vec<(usize, Incident)> = Vec::with_capacity(raw.incidents.len());
    let mut seen: HashSet<String> = HashSet::with_capacity(raw.incidents.len());
    for (b, batch) in raw.incidents.chunks(BATCH).enumerate() {
        progress(Stage::Parsing, (b * BATCH) as f64 / total as f64);
        let results: Vec<(usize, Result<Incident, RecordError>)> = batch
            .par_iter()
            .map(|r| (offset_in(buf, r), parse_record::<Incident>(buf, r)))
            .collect();
        for ((offset, result), raw_rec) in results.into_iter().zip(batch) {
            match result {
                Err(e) => sink.record_error("incident", record_id(raw_rec), e, true),
                Ok(mut inc) => {
                    if !seen.insert(inc.id.clone()) {
                        let msg = "duplicate id; the first record with this id is kept";
                        let id = Some(inc.id.as_str());
                        sink.push_at(Some(offset), "incident", id, Some("id"), msg, true);
                        continue;
                    }
                    if check_incident(&mut sink, offset, &mut inc) {
                        incidents.push((offset, inc));
                    }
                }
            }
        }
        if let (Some(first), Some(last)) = (batch.first(), batch.last()) {
            release(
                offset_in(buf, first),
                offset_in(buf, last) + last.get().len(),
            );
        }
    }
    drop(seen);
    Sym::clear_interner();

    check_references(&mut sink, &towns, &actors, &reports, &mut incidents);
    let actors: Vec<Actor> = actors.into_iter().map(|(_, a)| a).collect();
    // Reported in file order, whichever check found them.
    sink.problems
        .sort_by_key(|p| (p.line.unwrap_or(usize::MAX), p.column));
    let doc = StoreDoc {
        schema_version: version,
        meta,
        towns,
        actors,
        reports,
        incidents: incidents.into_iter().map(|(_, i)| i).collect(),
    };
    Ok(Parsed {
        doc,
        problems: sink.problems,
    })
}

struct ProblemSink<'a> {
    file: String,
    buf: &'a [u8],
    lines: Option<Lines<'a>>,
    problems: Vec<Problem>,
}

impl ProblemSink<'_> {
    fn push_at(
        &mut self,
        offset: Option<usize>,
        kind: &'static str,
        record: Option<&str>,
        field: Option<&str>,
        message: &str,
        skipped: bool,
    ) {
        let pos = offset.map(|o| {
            let buf = self.buf;
            self.lines
                .get_or_insert_with(|| Lines::new(buf))
                .position(o)
        });
        self.problems.push(Problem {
            file: self.file.clone(),
            line: pos.map(|p| p.0),
            column: pos.map(|p| p.1),
            kind,
            record: record.map(str::to_string),
            field: field.map(str::to_string),
            message: message.to_string(),
            skipped,
        });
    }

    fn record_error(&mut self, kind: &'static str, id: Option<String>, e: RecordError, skip: bool) {
        let field = e.field.as_deref();
        self.push_at(Some(e.offset), kind, id.as_deref(), field, &e.message, skip);
    }
}

/// Parses towns, actors or reports, skipping bad ones and duplicates of an id.
fn parse_small<T: DeserializeOwned>(
    sink: &mut ProblemSink,
    raws: &[&RawValue],
    kind: &'static str,
    id_of: impl Fn(&T) -> String,
) -> Vec<(usize, T)> {
    let mut seen = HashSet::new();
    let mut out = Vec::with_capacity(raws.len());
    for raw in raws {
        let offset = offset_in(sink.buf, raw);
        match parse_record::<T>(sink.buf, raw) {
            Err(e) => sink.record_error(kind, record_id(raw), e, true),
            Ok(rec) => {
                let id = id_of(&rec);
                if !seen.insert(id.clone()) {
                    let msg = "duplicate id; the first record with this id is kept";
                    sink.push_at(Some(offset), kind, Some(&id), Some("id"), msg, true);
                } else {
                    out.push((offset, rec));
                }
            }
        }
    }
    out
}

fn check_coordinates(
    sink: &mut ProblemSink,
    kind: &'static str,
    offset: &usize,
    id: &str,
    lat: &mut Option<f64>,
    lon: &mut Option<f64>,
) {
    let bad_lat = lat.is_some_and(|v| !(-90.0..=90.0).contains(&v) || !v.is_finite());
    let bad_lon = lon.is_some_and(|v| !(-180.0..=180.0).contains(&v) || !v.is_finite());
    if bad_lat || bad_lon {
        let msg = format!(
            "impossible coordinates ({}, {}); coordinates dropped, record kept",
            coordinate_text(*lat),
            coordinate_text(*lon)
        );
        let field = if bad_lat { "lat" } else { "lon" };
        sink.push_at(Some(*offset), kind, Some(id), Some(field), &msg, false);
        *lat = None;
        *lon = None;
    }
}

/// A coordinate for a message: `{:e}` for huge ones, so 1e308 is not printed as 309 digits.
fn coordinate_text(v: Option<f64>) -> String {
    match v {
        None => "none".into(),
        Some(v) if v.abs() >= 1e6 => format!("{v:e}"),
        Some(v) => v.to_string(),
    }
}

fn plausible_date(d: NaiveDate) -> bool {
    (1900..=2100).contains(&d.year())
}

fn opt(v: Option<u32>) -> String {
    v.map_or("unknown".into(), |v| v.to_string())
}

/// Checks one incident on its own; returns false when it must be skipped.
fn check_incident(sink: &mut ProblemSink, offset: usize, inc: &mut Incident) -> bool {
    let id = inc.id.clone();
    if id.trim().is_empty() {
        sink.push_at(Some(offset), "incident", None, Some("id"), "empty id", true);
        return false;
    }
    if !plausible_date(inc.date) {
        let msg = format!("impossible date {} (outside 1900-2100)", inc.date);
        sink.push_at(
            Some(offset),
            "incident",
            Some(&id),
            Some("date"),
            &msg,
            true,
        );
        return false;
    }
    if let Some(end) = inc.end_date
        && (end < inc.date || !plausible_date(end))
    {
        let msg = if end < inc.date {
            format!(
                "end_date {end} is before date {}; end_date dropped",
                inc.date
            )
        } else {
            format!("end_date {end} is not a plausible year (1900 to 2100); end_date dropped")
        };
        sink.push_at(
            Some(offset),
            "incident",
            Some(&id),
            Some("end_date"),
            &msg,
            false,
        );
        inc.end_date = None;
    }
    let (mut lat, mut lon) = (inc.lat, inc.lon);
    check_coordinates(sink, "incident", &offset, &id, &mut lat, &mut lon);
    (inc.lat, inc.lon) = (lat, lon);
    if inc.fatalities.is_inconsistent() {
        let f = inc.fatalities;
        let msg = format!(
            "fatalities do not bracket: low {}, best {}, high {}; kept as given",
            opt(f.low),
            opt(f.best),
            opt(f.high)
        );
        sink.push_at(
            Some(offset),
            "incident",
            Some(&id),
            Some("fatalities"),
            &msg,
            false,
        );
    }
    true
}

/// Reports references to records the store does not hold. The records are kept; an
/// unresolved actor is removed from the incident so indexes stay sound.
fn check_references(
    sink: &mut ProblemSink,
    towns: &[Town],
    actors: &[(usize, Actor)],
    reports: &[Report],
    incidents: &mut [(usize, Incident)],
) {
    let town_ids: HashSet<&str> = towns.iter().map(|t| t.id.as_str()).collect();
    let actor_ids: HashSet<&str> = actors.iter().map(|(_, a)| a.id.as_str()).collect();
    let report_ids: HashSet<&str> = reports.iter().map(|r| r.id.as_str()).collect();
    for (offset, a) in actors {
        if let Some(p) = &a.parent
            && !actor_ids.contains(p.as_str())
        {
            let msg = format!("parent '{p}' is not an actor in this store; link ignored");
            sink.push_at(
                Some(*offset),
                "actor",
                Some(&a.id),
                Some("parent"),
                &msg,
                false,
            );
        }
    }
    for (offset, inc) in incidents.iter_mut() {
        let at = Some(*offset);
        if !town_ids.contains(inc.town.as_str()) {
            let msg = format!("town '{}' is not a town in this store", inc.town);
            sink.push_at(at, "incident", Some(&inc.id), Some("town"), &msg, false);
        }
        let before = inc.actors.len();
        let mut dangling = Vec::new();
        inc.actors.retain(|ar| {
            let ok = actor_ids.contains(ar.actor.as_str());
            if !ok {
                dangling.push(ar.actor.to_string());
            }
            ok
        });
        for (i, a) in dangling.iter().enumerate() {
            let msg = format!("actor '{a}' is not an actor in this store; removed from incident");
            let field = format!("actors[{}]", before - dangling.len() + i);
            sink.push_at(at, "incident", Some(&inc.id), Some(&field), &msg, false);
        }
        for (i, c) in inc.claims.iter().enumerate() {
            if !actor_ids.contains(c.claimant.as_str()) {
                let msg = format!("claimant '{}' is not an actor in this store", c.claimant);
                let field = format!("claims[{i}].claimant");
                sink.push_at(at, "incident", Some(&inc.id), Some(&field), &msg, false);
            }
            if let Some(s) = &c.source
                && !report_ids.contains(s.as_str())
            {
                let msg = format!("source '{s}' is not a report in this store");
                let field = format!("claims[{i}].source");
                sink.push_at(at, "incident", Some(&inc.id), Some(&field), &msg, false);
            }
        }
        for (i, s) in inc.sources.iter().enumerate() {
            if let Some(r) = &s.report
                && !report_ids.contains(r.as_str())
            {
                let msg = format!("report '{r}' is not a report in this store");
                let field = format!("sources[{i}].report");
                sink.push_at(at, "incident", Some(&inc.id), Some(&field), &msg, false);
            }
        }
    }
}

/// The path a store was loaded from, or a label for the built-in sample.
pub fn display_path(path: Option<&Path>) -> PathBuf {
    path.map(Path::to_path_buf)
        .unwrap_or_else(|| PathBuf::from("<built-in sample>"))
}
