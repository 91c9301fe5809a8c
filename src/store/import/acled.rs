//! ACLED events: Export Tool CSV in every layout (mapped by header name) and API JSON.

use std::path::Path;

use super::acled_types::{current_type, has_perpetrator};
use super::columns::columns;
use super::dates::{agrees_with_year, parse_date};
use super::{
    Builder, Event, Format, Imported, Merge, RowError, SourceRef, parse_count, read_csv, read_json,
    short, split_list, trim,
};
use crate::model::{ActorKind, DatePrecision, Fatalities, GeoPrecision, Role};
use crate::store::load::Progress;
use crate::store::problem::LoadError;

pub const ATTRIBUTION: &str = "ACLED (acleddata.com), terms of use apply";
pub const LICENCE: &str = "ACLED terms of use (attribution; no redistribution of raw data)";

/// Columns without which a table is not ACLED events. The id is not among them: a row
/// without `event_id_cnty` is kept under an id derived from what it has (see [`row_id`]).
pub const REQUIRED: &[&str] = &["event_date", "actor1", "country", "fatalities"];

// `ally_actor_*`: the 2016 realtime data's names for the associated actors.
columns! {
    ID = "event_id_cnty",
    DATE = "event_date",
    YEAR = "year",
    PRECISION = "time_precision",
    EVENT_TYPE = "event_type",
    SUB_EVENT_TYPE = "sub_event_type",
    ACTOR1 = "actor1",
    ASSOC1 = "assoc_actor_1" | "ally_actor_1",
    INTER1 = "inter1",
    ACTOR2 = "actor2",
    ASSOC2 = "assoc_actor_2" | "ally_actor_2",
    INTER2 = "inter2",
    COUNTRY = "country",
    ADMIN1 = "admin1",
    ADMIN2 = "admin2",
    LOCATION = "location",
    LAT = "latitude",
    LON = "longitude",
    SOURCE = "source",
    NOTES = "notes",
    FATALITIES = "fatalities",
    TAGS = "tags",
    TIMESTAMP = "timestamp",
    CIVILIAN_TARGETING = "civilian_targeting",
    DISORDER_TYPE = "disorder_type",
    GEO_PRECISION = "geo_precision",
    DATA_ID = "data_id",
}

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

/// `geo_precision`: 1 the named town, 2 near it (or part of a region), 3 only the admin1
/// region is known. Empty is not said.
fn geo_precision(s: &str) -> Result<Option<GeoPrecision>, String> {
    match trim(s) {
        "" => Ok(None),
        "1" => Ok(Some(GeoPrecision::Exact)),
        "2" => Ok(Some(GeoPrecision::Near)),
        "3" => Ok(Some(GeoPrecision::Admin1)),
        other => Err(format!(
            "geo_precision '{}' is not 1, 2 or 3; precision not recorded",
            short(other)
        )),
    }
}

/// The row's id: its `event_id_cnty`; without one, `data_id:<data_id>` (ACLED's own number
/// for the row in 2019-2021 exports); without either, `row:<line>`. The line is chosen
/// over a hash of the row's values because it is what an analyst can look up in the file,
/// and two identical rows still get two ids (neither is lost). The second element says
/// which was used, for the warning.
fn row_id(v: &[&str; N], line: u64) -> (String, Option<String>) {
    let id = trim(v[ID]);
    if !id.is_empty() {
        return (id.to_string(), None);
    }
    let data_id = trim(v[DATA_ID]);
    if !data_id.is_empty() {
        let id = format!("data_id:{data_id}");
        let why = format!("no event_id_cnty; kept as {id} (from its data_id)");
        return (id, Some(why));
    }
    let why = format!("no event_id_cnty or data_id; kept as row:{line} (its line in this file)");
    (format!("row:{line}"), Some(why))
}

/// `data_id` as a number: "1884506", or "1884506.0" as pandas writes a column with gaps.
fn row_number(s: &str) -> Option<u64> {
    let s = trim(s);
    let whole = s.strip_suffix(".0").unwrap_or(s);
    whole.parse().ok()
}

/// One ACLED row (CSV or JSON, values as text) to an event.
pub fn parse_row<'a>(v: &[&'a str; N], line: u64) -> Result<Event<'a>, RowError> {
    let (id, derived) = row_id(v, line);
    let err = |field: &'static str, message: String| RowError {
        line,
        id: Some(id.clone()),
        field,
        message,
    };
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
        id: id.clone(),
        date: Some(date),
        ..Event::default()
    };
    if let Some(why) = derived {
        ev.warnings.push(("event_id_cnty", why));
    }
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
    ev.geo_precision = geo_precision(v[GEO_PRECISION]).unwrap_or_else(|m| {
        ev.warnings.push(("geo_precision", m));
        None
    });
    let k1 = super::actors::kind_from_inter(v[INTER1]);
    let k2 = super::actors::kind_from_inter(v[INTER2]);
    ev.event_type = trim(v[EVENT_TYPE]);
    ev.sub_event_type = trim(v[SUB_EVENT_TYPE]);
    let rioters = [k1, k2].contains(&Some(ActorKind::Rioters));
    if let Some((current, sub)) = current_type(ev.event_type, rioters) {
        ev.coded_event_type = Some(ev.event_type);
        ev.event_type = current;
        if ev.sub_event_type.is_empty() {
            ev.sub_event_type = sub.unwrap_or("");
        }
    }
    let (role1, role2) = if has_perpetrator(ev.event_type) {
        (Role::Attacker, Role::Target)
    } else {
        (Role::Actor1, Role::Actor2)
    };
    let a1 = trim(v[ACTOR1]);
    let a2 = trim(v[ACTOR2]);
    if !a1.is_empty() {
        ev.actors.push((a1, role1, k1));
    }
    if !a2.is_empty() {
        ev.actors.push((a2, role2, k2));
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
    ev.data_id = row_number(v[DATA_ID]);
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_column_index_names_its_own_column() {
        assert_eq!(
            super::super::columns::check_layout(&NAMES, ALIASES, &DECLARED),
            Ok(())
        );
    }

    /// Written out apart from the layout, as the codebook gives them: under the old
    /// name array plus hand-numbered indices, reordering either failed here.
    #[test]
    fn the_fields_parse_row_reads_are_the_codebook_columns() {
        let read = [
            (ID, "event_id_cnty"),
            (DATE, "event_date"),
            (YEAR, "year"),
            (PRECISION, "time_precision"),
            (EVENT_TYPE, "event_type"),
            (SUB_EVENT_TYPE, "sub_event_type"),
            (ACTOR1, "actor1"),
            (ASSOC1, "assoc_actor_1"),
            (INTER1, "inter1"),
            (ACTOR2, "actor2"),
            (ASSOC2, "assoc_actor_2"),
            (INTER2, "inter2"),
            (COUNTRY, "country"),
            (ADMIN1, "admin1"),
            (ADMIN2, "admin2"),
            (LOCATION, "location"),
            (LAT, "latitude"),
            (LON, "longitude"),
            (SOURCE, "source"),
            (NOTES, "notes"),
            (FATALITIES, "fatalities"),
            (TAGS, "tags"),
            (TIMESTAMP, "timestamp"),
            (CIVILIAN_TARGETING, "civilian_targeting"),
            (GEO_PRECISION, "geo_precision"),
            (DATA_ID, "data_id"),
        ];
        for (ix, name) in read {
            assert_eq!(NAMES[ix], name);
        }
        assert_eq!(
            ALIASES,
            &[("ally_actor_1", ASSOC1), ("ally_actor_2", ASSOC2)]
        );
    }
}
