//! UCDP Georeferenced Event Dataset: CSV (current 49 columns, the 42-column 19.1 layout,
//! the HDX extract with its HXL row) and API JSON.

use std::path::Path;

use super::columns::columns;
use super::dates::parse_month_first;
use super::ucdp_sources::{clean_text, parse_articles};
use super::{
    Builder, Event, Format, Imported, Merge, RowError, SourceRef, parse_count, read_csv, read_json,
    short, split_list, trim,
};
use crate::model::{ActorKind, DatePrecision, Fatalities, GeoPrecision, Role};
use crate::store::load::Progress;
use crate::store::problem::LoadError;

pub const ATTRIBUTION: &str = "UCDP GED, CC BY 4.0";
pub const LICENCE: &str = "CC BY 4.0";

/// Columns without which a table is not UCDP GED events. The fatality columns are looked up
/// under either name (see [`best_names`]).
pub const REQUIRED: &[&str] = &["date_start", "side_a", "side_b", "country"];

/// The names the best estimate goes by: `best` in the dataset, `best_est` in the website
/// export. A table needs one of them.
pub fn best_names() -> &'static [&'static str] {
    &["best", "best_est"]
}

// `*_est`: the website export's names for the fatality estimates.
columns! {
    ID = "id",
    YEAR = "year",
    TYPE = "type_of_violence",
    CONFLICT = "conflict_name",
    DYAD = "dyad_name",
    SIDE_A = "side_a",
    SIDE_B = "side_b",
    OFFICE = "source_office",
    HEADLINE = "source_headline",
    WHERE = "where_coordinates",
    WHERE_DESC = "where_description",
    ADM1 = "adm_1",
    ADM2 = "adm_2",
    LAT = "latitude",
    LON = "longitude",
    COUNTRY = "country",
    PREC = "date_prec",
    START = "date_start",
    END = "date_end",
    BEST = "best" | "best_est",
    HIGH = "high" | "high_est",
    LOW = "low" | "low_est",
    WHERE_PREC = "where_prec",
    ARTICLE = "source_article",
    SOURCE_DATE = "source_date",
    ORIGINAL = "source_original",
    DEATHS_A = "deaths_a",
    DEATHS_B = "deaths_b",
    DEATHS_CIV = "deaths_civilians",
    DEATHS_UNKNOWN = "deaths_unknown",
    RELID = "relid",
}

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

/// `date_prec`: 1 the day, 2 a span of 2-6 days, 3 a week, 4 a span of 8-30 days or the
/// month, 5 a span longer than a month.
fn precision(s: &str) -> Result<DatePrecision, String> {
    match trim(s) {
        "" | "1" => Ok(DatePrecision::Day),
        "2" => Ok(DatePrecision::Days),
        "3" => Ok(DatePrecision::Week),
        "4" => Ok(DatePrecision::Month),
        "5" => Ok(DatePrecision::Months),
        other => Err(format!(
            "date_prec '{}' is not 1 to 5; taken as day",
            short(other)
        )),
    }
}

/// `where_prec`: 1 exact, 2 within 25 km, 3 admin2, 4 admin1, 5 a line or area wider than
/// admin1, 6 the country, 7 international waters or air space. Empty is not said.
fn geo_precision(s: &str) -> Result<Option<GeoPrecision>, String> {
    Ok(Some(match trim(s) {
        "" => return Ok(None),
        "1" => GeoPrecision::Exact,
        "2" => GeoPrecision::Near,
        "3" => GeoPrecision::Admin2,
        "4" => GeoPrecision::Admin1,
        "5" => GeoPrecision::Region,
        "6" => GeoPrecision::Country,
        "7" => GeoPrecision::Sea,
        other => {
            return Err(format!(
                "where_prec '{}' is not 1 to 7; precision not recorded",
                short(other)
            ));
        }
    }))
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

/// The row's id: `ged:<id>`; without one, `ged:relid:<relid>` (UCDP's id of the event in
/// its release), or else `ged:row:<line>` (nothing else tells the row apart; the line is
/// where to find it in this file). The second element says which, for the warning.
fn row_id(v: &[&str; N], line: u64) -> (String, Option<String>) {
    let id = trim(v[ID]);
    if !id.is_empty() {
        return (format!("ged:{id}"), None);
    }
    let relid = trim(v[RELID]);
    if !relid.is_empty() {
        let why = format!("no id; kept as ged:relid:{relid} (from its relid)");
        return (format!("ged:relid:{relid}"), Some(why));
    }
    let why = format!("no id or relid; kept as ged:row:{line} (its line in this file)");
    (format!("ged:row:{line}"), Some(why))
}

pub fn parse_row<'a>(v: &[&'a str; N], line: u64) -> Result<Event<'a>, RowError> {
    let (id, derived) = row_id(v, line);
    let err = |field: &'static str, message: String| RowError {
        line,
        id: Some(id.clone()),
        field,
        message,
    };
    let hint = trim(v[YEAR]).parse::<i32>().ok();
    let date = parse_month_first(v[START], hint).ok_or_else(|| {
        err(
            "date_start",
            format!("unparseable date '{}'", short(trim(v[START]))),
        )
    })?;
    let end = match trim(v[END]) {
        "" => None,
        e => Some(
            parse_month_first(e, hint)
                .ok_or_else(|| err("date_end", format!("unparseable date '{}'", short(e))))?,
        ),
    };
    let count = |i: usize, f: &'static str| parse_count(v[i]).map_err(|m| err(f, m));
    let mut fatalities = Fatalities::range(
        count(LOW, "low")?,
        count(BEST, "best")?,
        count(HIGH, "high")?,
    );
    let mut ev = Event {
        line,
        id: id.clone(),
        date: Some(date),
        end_date: end,
        ..Event::default()
    };
    if let Some(why) = derived {
        ev.warnings.push(("id", why));
    }
    // Deaths by side are detail: a bad one is reported, the row kept.
    for (i, field, slot) in [
        (DEATHS_A, "deaths_a", &mut fatalities.side_a),
        (DEATHS_B, "deaths_b", &mut fatalities.side_b),
        (DEATHS_CIV, "deaths_civilians", &mut fatalities.civilians),
        (DEATHS_UNKNOWN, "deaths_unknown", &mut fatalities.unknown),
    ] {
        match parse_count(v[i]) {
            Ok(n) => *slot = n,
            Err(m) => ev.warnings.push((field, format!("{m}; not recorded"))),
        }
    }
    ev.fatalities = fatalities;
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
    ev.geo_precision = geo_precision(v[WHERE_PREC]).unwrap_or_else(|m| {
        ev.warnings.push(("where_prec", m));
        None
    });
    ev.set_coords(v[LAT], v[LON]);
    ev.country = trim(v[COUNTRY]);
    ev.admin1 = trim(v[ADM1]);
    ev.admin2 = trim(v[ADM2]);
    ev.location = trim(v[WHERE]);
    ev.event_type = event_type(v[TYPE]);
    let (a, b) = (trim(v[SIDE_A]), trim(v[SIDE_B]));
    if !a.is_empty() {
        ev.actors.push((a, Role::SideA, side_kind(a, v[TYPE])));
    }
    if !b.is_empty() {
        let k = if trim(v[TYPE]) == "3" && b.eq_ignore_ascii_case("civilians") {
            Some(ActorKind::Civilians)
        } else {
            side_kind(b, v[TYPE])
        };
        ev.actors.push((b, Role::SideB, k));
    }
    let conflict = trim(v[CONFLICT]);
    if !conflict.is_empty() {
        ev.tags.push(conflict);
    }
    let headlines = sources(&mut ev, v);
    let mut notes: Vec<String> = headlines;
    let desc = where_text(v[WHERE_DESC]);
    if !desc.is_empty() {
        notes.push(format!("Where: {desc}"));
    }
    let original = clean_text(v[ORIGINAL]);
    if !original.is_empty() {
        notes.push(format!("Original source: {original}"));
    }
    ev.notes = notes.join("\n");
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

/// Sets the event's sources from `source_article` (outlet and date of each article), or,
/// when it holds no dated article, from `source_office` and `source_date`; returns the
/// notes' headline lines, one per article ("Outlet, date: headline").
fn sources<'a>(ev: &mut Event<'a>, v: &[&'a str; N]) -> Vec<String> {
    let articles = parse_articles(v[ARTICLE]);
    if !articles.is_empty() {
        let mut lines = Vec::with_capacity(articles.len() + 1);
        // source_headline is normally the articles' headlines joined by ';': said once.
        let headline = clean_text(v[HEADLINE]);
        let bare = |s: &str| s.chars().filter(|c| !c.is_whitespace()).collect::<String>();
        let joined: Vec<&str> = articles.iter().map(|a| a.headline.as_str()).collect();
        if !headline.is_empty() && bare(&headline) != bare(&joined.join(";")) {
            lines.push(headline);
        }
        for a in articles {
            if !a.headline.is_empty() {
                let date = a.date.map(|d| format!(", {d}")).unwrap_or_default();
                lines.push(format!("{}{date}: {}", a.outlet, a.headline));
            }
            ev.sources.push(SourceRef {
                outlet: a.outlet,
                date: a.date,
            });
        }
        return lines;
    }
    let offices: Vec<&str> = split_list(v[OFFICE]).collect();
    let dates: Vec<&str> = v[SOURCE_DATE].split(';').map(trim).collect();
    let dated = dates.len() == offices.len();
    for (k, outlet) in offices.iter().enumerate() {
        let date = if dated {
            parse_month_first(dates[k], None)
        } else {
            None
        };
        ev.sources.push(SourceRef { outlet, date });
    }
    let headline = clean_text(v[HEADLINE]);
    if headline.is_empty() {
        Vec::new()
    } else {
        vec![headline]
    }
}

/// `where_description` on one line: its lines (often a place, then a description of it from
/// another source) joined by "; ".
fn where_text(s: &str) -> String {
    s.lines()
        .map(super::actors::clean)
        .filter(|l| !l.is_empty())
        .collect::<Vec<_>>()
        .join("; ")
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
            (ID, "id"),
            (YEAR, "year"),
            (TYPE, "type_of_violence"),
            (CONFLICT, "conflict_name"),
            (DYAD, "dyad_name"),
            (SIDE_A, "side_a"),
            (SIDE_B, "side_b"),
            (OFFICE, "source_office"),
            (HEADLINE, "source_headline"),
            (WHERE, "where_coordinates"),
            (WHERE_DESC, "where_description"),
            (ADM1, "adm_1"),
            (ADM2, "adm_2"),
            (LAT, "latitude"),
            (LON, "longitude"),
            (COUNTRY, "country"),
            (PREC, "date_prec"),
            (START, "date_start"),
            (END, "date_end"),
            (BEST, "best"),
            (HIGH, "high"),
            (LOW, "low"),
            (WHERE_PREC, "where_prec"),
            (ARTICLE, "source_article"),
            (SOURCE_DATE, "source_date"),
            (ORIGINAL, "source_original"),
            (DEATHS_A, "deaths_a"),
            (DEATHS_B, "deaths_b"),
            (DEATHS_CIV, "deaths_civilians"),
            (DEATHS_UNKNOWN, "deaths_unknown"),
            (RELID, "relid"),
        ];
        for (ix, name) in read {
            assert_eq!(NAMES[ix], name);
        }
        assert_eq!(
            ALIASES,
            &[("best_est", BEST), ("high_est", HIGH), ("low_est", LOW)]
        );
    }
}
