//! ACLED events: Export Tool CSV in every layout (mapped by header name) and API JSON.

use std::path::Path;

use super::dates::{agrees_with_year, parse_date};
use super::{
    Builder, Event, Format, Imported, Merge, RowError, SourceRef, parse_count, read_csv, read_json,
    short, split_list, trim,
};
use crate::model::{DatePrecision, Fatalities, Role};
use crate::store::load::Progress;
use crate::store::problem::LoadError;

pub const ATTRIBUTION: &str = "ACLED (acleddata.com), terms of use apply";
pub const LICENCE: &str = "ACLED terms of use (attribution; no redistribution of raw data)";

/// Columns without which a table is not ACLED events.
pub const REQUIRED: &[&str] = &[
    "event_id_cnty",
    "event_date",
    "actor1",
    "country",
    "fatalities",
];

const N: usize = 26;
const NAMES: [&str; N] = [
    "event_id_cnty",
    "event_date",
    "year",
    "time_precision",
    "event_type",
    "sub_event_type",
    "actor1",
    "assoc_actor_1",
    "inter1",
    "actor2",
    "assoc_actor_2",
    "inter2",
    "country",
    "admin1",
    "admin2",
    "location",
    "latitude",
    "longitude",
    "source",
    "notes",
    "fatalities",
    "tags",
    "timestamp",
    "civilian_targeting",
    "disorder_type",
    "geo_precision",
];
/// The 2016 realtime data's names for the associated actors.
const ALIASES: &[(&str, usize)] = &[("ally_actor_1", ASSOC1), ("ally_actor_2", ASSOC2)];

const ID: usize = 0;
const DATE: usize = 1;
const YEAR: usize = 2;
const PRECISION: usize = 3;
const EVENT_TYPE: usize = 4;
const SUB_EVENT_TYPE: usize = 5;
const ACTOR1: usize = 6;
const ASSOC1: usize = 7;
const INTER1: usize = 8;
const ACTOR2: usize = 9;
const ASSOC2: usize = 10;
const INTER2: usize = 11;
const COUNTRY: usize = 12;
const ADMIN1: usize = 13;
const ADMIN2: usize = 14;
const LOCATION: usize = 15;
const LAT: usize = 16;
const LON: usize = 17;
const SOURCE: usize = 18;
const NOTES: usize = 19;
const FATALITIES: usize = 20;
const TAGS: usize = 21;
const TIMESTAMP: usize = 22;
const CIVILIAN_TARGETING: usize = 23;

/// A monadic (one row per actor) export has no actor2 column.
fn is_monadic_csv(buf: &[u8]) -> bool {
    let mut rdr = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .from_reader(buf);
    let mut rec = csv::ByteRecord::new();
    match rdr.read_byte_record(&mut rec) {
        Ok(true) => !rec
            .iter()
            .any(|h| super::detect::header_name(h) == "actor2"),
        _ => false,
    }
}

pub fn import_csv(
    path: &Path,
    buf: &[u8],
    progress: Progress,
    piece: usize,
) -> Result<Imported, LoadError> {
    let merge = if is_monadic_csv(buf) {
        Merge::Monadic
    } else {
        Merge::Newest
    };
    let mut b = Builder::new(path, merge);
    read_csv(
        path, buf, &NAMES, ALIASES, parse_row, &mut b, progress, piece,
    )?;
    Ok(b.finish(Format::AcledCsv, ATTRIBUTION, LICENCE))
}

pub fn import_json(path: &Path, buf: &[u8], _progress: Progress) -> Result<Imported, LoadError> {
    let monadic = !buf.windows(8).any(|w| w == b"\"actor2\"");
    let merge = if monadic {
        Merge::Monadic
    } else {
        Merge::Newest
    };
    let mut b = Builder::new(path, merge);
    read_json(path, buf, &NAMES, ALIASES, &["data"], parse_row, &mut b)?;
    Ok(b.finish(Format::AcledJson, ATTRIBUTION, LICENCE))
}

fn precision(s: &str) -> Result<DatePrecision, String> {
    match trim(s) {
        "" | "1" => Ok(DatePrecision::Day),
        "2" => Ok(DatePrecision::Week),
        "3" => Ok(DatePrecision::Month),
        other => Err(format!(
            "time_precision '{}' is not 1, 2 or 3; taken as day",
            short(other)
        )),
    }
}

/// One ACLED row (CSV or JSON, values as text) to an event.
pub fn parse_row<'a>(v: &[&'a str; N], line: u64) -> Result<Event<'a>, RowError> {
    let id = trim(v[ID]);
    let err = |field: &'static str, message: String| RowError {
        line,
        id: (!id.is_empty()).then(|| id.to_string()),
        field,
        message,
    };
    if id.is_empty() {
        return Err(err("event_id_cnty", "empty event_id_cnty".into()));
    }
    let hint = trim(v[YEAR]).parse::<f64>().ok().map(|y| y as i32);
    let date = parse_date(v[DATE], hint).ok_or_else(|| {
        err(
            "event_date",
            format!("unparseable date '{}'", short(trim(v[DATE]))),
        )
    })?;
    let best = parse_count(v[FATALITIES]).map_err(|m| err("fatalities", m))?;
    let mut ev = Event {
        line,
        id: id.to_string(),
        date: Some(date),
        ..Event::default()
    };
    if !agrees_with_year(date, hint) {
        ev.warnings.push((
            "year",
            format!("event_date {date} is not in year {}", trim(v[YEAR])),
        ));
    }
    ev.precision = precision(v[PRECISION]).unwrap_or_else(|m| {
        ev.warnings.push(("time_precision", m));
        DatePrecision::Day
    });
    ev.fatalities = Fatalities::best(best);
    ev.set_coords(v[LAT], v[LON]);
    ev.country = trim(v[COUNTRY]);
    ev.admin1 = trim(v[ADMIN1]);
    ev.admin2 = trim(v[ADMIN2]);
    ev.location = trim(v[LOCATION]);
    ev.event_type = trim(v[EVENT_TYPE]);
    ev.sub_event_type = trim(v[SUB_EVENT_TYPE]);
    let k1 = super::actors::kind_from_inter(v[INTER1]);
    let k2 = super::actors::kind_from_inter(v[INTER2]);
    let a1 = trim(v[ACTOR1]);
    let a2 = trim(v[ACTOR2]);
    if !a1.is_empty() {
        ev.actors.push((a1, Role::Attacker, k1));
    }
    if !a2.is_empty() {
        ev.actors.push((a2, Role::Target, k2));
    }
    for a in split_list(v[ASSOC1]) {
        ev.actors.push((a, Role::Associated, k1));
    }
    for a in split_list(v[ASSOC2]) {
        ev.actors.push((a, Role::Associated, k2));
    }
    ev.sources = split_list(v[SOURCE])
        .map(|outlet| SourceRef { outlet, date: None })
        .collect();
    ev.tags = split_list(v[TAGS]).collect();
    let ct = trim(v[CIVILIAN_TARGETING]);
    if !ct.is_empty() {
        ev.tags.push(ct);
    }
    ev.notes = trim(v[NOTES]).to_string();
    if ev.notes.contains('\r') {
        ev.notes = ev.notes.replace("\r\n", "\n");
    }
    ev.timestamp = trim(v[TIMESTAMP]).parse().ok();
    let what = if ev.sub_event_type.is_empty() {
        ev.event_type
    } else {
        ev.sub_event_type
    };
    let place = if ev.location.is_empty() {
        ev.country
    } else {
        ev.location
    };
    // Pieces pushed rather than format!: this runs once per row.
    let parts: &[&str] = match (a1.is_empty(), a2.is_empty()) {
        (false, false) => &[what, ": ", a1, " vs ", a2, " in ", place],
        (false, true) => &[what, ": ", a1, " in ", place],
        _ => &[what, " in ", place],
    };
    ev.summary = parts.concat();
    Ok(ev)
}
