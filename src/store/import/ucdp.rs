//! UCDP Georeferenced Event Dataset: CSV (current 49 columns, the 42-column 19.1 layout,
//! the HDX extract with its HXL row) and API JSON.

use std::path::Path;

use super::dates::parse_date;
use super::{
    Builder, Event, Format, Imported, Merge, RowError, parse_count, read_csv, read_json, short,
    split_list, trim,
};
use crate::model::{ActorKind, DatePrecision, Fatalities, Role};
use crate::store::load::Progress;
use crate::store::problem::LoadError;

pub const ATTRIBUTION: &str = "UCDP GED, CC BY 4.0";
pub const LICENCE: &str = "CC BY 4.0";

/// Columns without which a table is not UCDP GED events.
pub const REQUIRED: &[&str] = &["id", "date_start", "side_a", "side_b", "best", "country"];

const N: usize = 22;
const NAMES: [&str; N] = [
    "id",
    "year",
    "type_of_violence",
    "conflict_name",
    "dyad_name",
    "side_a",
    "side_b",
    "source_office",
    "source_headline",
    "where_coordinates",
    "where_description",
    "adm_1",
    "adm_2",
    "latitude",
    "longitude",
    "country",
    "date_prec",
    "date_start",
    "date_end",
    "best",
    "high",
    "low",
];
const ID: usize = 0;
const YEAR: usize = 1;
const TYPE: usize = 2;
const CONFLICT: usize = 3;
const DYAD: usize = 4;
const SIDE_A: usize = 5;
const SIDE_B: usize = 6;
const OFFICE: usize = 7;
const HEADLINE: usize = 8;
const WHERE: usize = 9;
const WHERE_DESC: usize = 10;
const ADM1: usize = 11;
const ADM2: usize = 12;
const LAT: usize = 13;
const LON: usize = 14;
const COUNTRY: usize = 15;
const PREC: usize = 16;
const START: usize = 17;
const END: usize = 18;
const BEST: usize = 19;
const HIGH: usize = 20;
const LOW: usize = 21;

const ALIASES: &[(&str, usize)] = &[];

pub fn import_csv(
    path: &Path,
    buf: &[u8],
    progress: Progress,
    piece: usize,
) -> Result<Imported, LoadError> {
    let mut b = Builder::new(path, Merge::Newest);
    read_csv(
        path, buf, &NAMES, ALIASES, parse_row, &mut b, progress, piece,
    )?;
    Ok(b.finish(Format::UcdpCsv, ATTRIBUTION, LICENCE))
}

pub fn import_json(path: &Path, buf: &[u8], _progress: Progress) -> Result<Imported, LoadError> {
    let mut b = Builder::new(path, Merge::Newest);
    read_json(
        path,
        buf,
        &NAMES,
        ALIASES,
        &["Result", "result", "data"],
        parse_row,
        &mut b,
    )?;
    Ok(b.finish(Format::UcdpJson, ATTRIBUTION, LICENCE))
}

fn precision(s: &str) -> Result<DatePrecision, String> {
    match trim(s) {
        "" | "1" => Ok(DatePrecision::Day),
        "2" | "3" => Ok(DatePrecision::Week),
        "4" | "5" => Ok(DatePrecision::Month),
        other => Err(format!(
            "date_prec '{}' is not 1 to 5; taken as day",
            short(other)
        )),
    }
}

fn event_type(code: &str) -> &'static str {
    match trim(code) {
        "1" => "State-based conflict",
        "2" => "Non-state conflict",
        "3" => "One-sided violence",
        _ => "Organised violence",
    }
}

fn side_kind(name: &str, violence: &str) -> Option<ActorKind> {
    match super::actors::kind_from_name(name) {
        ActorKind::Other | ActorKind::Unidentified => match trim(violence) {
            "1" | "3" => Some(ActorKind::RebelGroup),
            _ => None,
        },
        k => Some(k),
    }
}

pub fn parse_row<'a>(v: &[&'a str; N], line: u64) -> Result<Event<'a>, RowError> {
    let raw_id = trim(v[ID]);
    let err = |field: &'static str, message: String| RowError {
        line,
        id: (!raw_id.is_empty()).then(|| format!("ged:{raw_id}")),
        field,
        message,
    };
    if raw_id.is_empty() {
        return Err(err("id", "empty id".into()));
    }
    let hint = trim(v[YEAR]).parse::<i32>().ok();
    let date = parse_date(v[START], hint).ok_or_else(|| {
        err(
            "date_start",
            format!("unparseable date '{}'", short(trim(v[START]))),
        )
    })?;
    let end = match trim(v[END]) {
        "" => None,
        e => Some(
            parse_date(e, hint)
                .ok_or_else(|| err("date_end", format!("unparseable date '{}'", short(e))))?,
        ),
    };
    let count = |i: usize, f: &'static str| parse_count(v[i]).map_err(|m| err(f, m));
    let fatalities = Fatalities::range(
        count(LOW, "low")?,
        count(BEST, "best")?,
        count(HIGH, "high")?,
    );
    let mut ev = Event {
        line,
        id: format!("ged:{raw_id}"),
        date: Some(date),
        end_date: end,
        fatalities,
        ..Event::default()
    };
    if let Some(e) = end
        && e < date
    {
        ev.warnings.push((
            "date_end",
            format!("date_end {e} is before date_start {date}; dropped"),
        ));
        ev.end_date = None;
    }
    ev.precision = precision(v[PREC]).unwrap_or_else(|m| {
        ev.warnings.push(("date_prec", m));
        DatePrecision::Day
    });
    ev.set_coords(v[LAT], v[LON]);
    ev.country = trim(v[COUNTRY]);
    ev.admin1 = trim(v[ADM1]);
    ev.admin2 = trim(v[ADM2]);
    ev.location = trim(v[WHERE]);
    ev.event_type = event_type(v[TYPE]);
    let (a, b) = (trim(v[SIDE_A]), trim(v[SIDE_B]));
    if !a.is_empty() {
        ev.actors.push((a, Role::Attacker, side_kind(a, v[TYPE])));
    }
    if !b.is_empty() {
        let k = if trim(v[TYPE]) == "3" && b.eq_ignore_ascii_case("civilians") {
            Some(ActorKind::Civilians)
        } else {
            side_kind(b, v[TYPE])
        };
        ev.actors.push((b, Role::Target, k));
    }
    ev.sources = split_list(v[OFFICE]).collect();
    let conflict = trim(v[CONFLICT]);
    if !conflict.is_empty() {
        ev.tags.push(conflict);
    }
    let headline = trim(v[HEADLINE]).replace("\r\n", "\n");
    let desc = trim(v[WHERE_DESC]);
    ev.notes = match (headline.is_empty(), desc.is_empty()) {
        (false, false) => format!("{headline}\nWhere: {desc}"),
        (false, true) => headline,
        (true, false) => format!("Where: {desc}"),
        (true, true) => String::new(),
    };
    let dyad = trim(v[DYAD]);
    let place = if ev.location.is_empty() {
        ev.country
    } else {
        ev.location
    };
    ev.summary = if dyad.is_empty() {
        format!("{}: {a} vs {b} in {place}", ev.event_type)
    } else {
        format!("{}: {dyad} in {place}", ev.event_type)
    };
    Ok(ev)
}
