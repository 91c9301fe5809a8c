//! Taking a selection of incidents out: CSV for spreadsheets, a sitrep store (JSON) that
//! sitrep itself can open, or a markdown table for a report. Files are written atomically.

use std::collections::BTreeSet;
use std::io::{self, Write};
#[cfg(test)]
use std::path::Path;

use super::{Ix, Store};
use crate::model::{FatalityTotal, SCHEMA_VERSION, StoreDoc};
use crate::text::{count, markdown_text};

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ExportFormat {
    Csv,
    Json,
    Markdown,
}

impl ExportFormat {
    pub fn extension(self) -> &'static str {
        match self {
            ExportFormat::Csv => "csv",
            ExportFormat::Json => "json",
            ExportFormat::Markdown => "md",
        }
    }
}

pub use super::atomic::{WriteError as ExportError, write_file_atomic};

/// The CSV columns, one row per incident. Lists inside a cell are joined with "; ".
/// Columns added after the first 22 go at the end, so scripts reading by position still work.
pub const CSV_COLUMNS: [&str; 28] = [
    "id",
    "date",
    "date_precision",
    "end_date",
    "country",
    "admin1",
    "admin2",
    "town",
    "latitude",
    "longitude",
    "event_type",
    "sub_event_type",
    "actors",
    "roles",
    "fatalities_low",
    "fatalities_best",
    "fatalities_high",
    "claims",
    "sources",
    "summary",
    "notes",
    "illustrative",
    "geo_precision",
    "coded_event_type",
    "deaths_side_a",
    "deaths_side_b",
    "deaths_civilians",
    "deaths_unknown",
];

/// Writes `incidents` (store positions, in the order given) in `format`. CSV text cells that a
/// spreadsheet would run as a formula are neutralised (see [`spreadsheet_safe`]) unless
/// `raw` is set.
pub fn write_export(
    store: &Store,
    incidents: &[Ix],
    format: ExportFormat,
    raw: bool,
    out: &mut dyn Write,
) -> io::Result<()> {
    match format {
        ExportFormat::Csv => write_csv(store, incidents, raw, out),
        ExportFormat::Json => write_json(store, incidents, out),
        ExportFormat::Markdown => write_markdown(store, incidents, out),
    }
}

fn opt<T: ToString>(v: Option<T>) -> String {
    v.map(|v| v.to_string()).unwrap_or_default()
}

/// A text cell as a spreadsheet may take it: one starting with `=`, `+`, `-`, `@`, a tab or a
/// carriage return is a formula to Excel, LibreOffice and Google Sheets, so it gets a
/// leading `'` (shown as text, and dropped by the spreadsheet on entry). Only text columns
/// pass through here: numbers (a negative longitude) stay numbers.
pub fn spreadsheet_safe(s: &str) -> std::borrow::Cow<'_, str> {
    match s.chars().next() {
        Some('=' | '+' | '-' | '@' | '\t' | '\r') => format!("'{s}").into(),
        _ => s.into(),
    }
}

fn write_csv(store: &Store, incidents: &[Ix], raw: bool, out: &mut dyn Write) -> io::Result<()> {
    write_csv_with(store, incidents, raw, &[], out)
}

/// A column the store does not hold, added after the export's own (the workspace's notes
/// or tags on each incident): its header and each incident's cell.
pub type ExtraColumn<'a> = (&'a str, &'a dyn Fn(Ix) -> String);

/// The CSV export with `extra` columns at the end of each row.
pub fn write_csv_with(
    store: &Store,
    incidents: &[Ix],
    raw: bool,
    extra: &[ExtraColumn],
    out: &mut dyn Write,
) -> io::Result<()> {
    let text = |s: &str| -> String {
        if raw {
            s.to_string()
        } else {
            spreadsheet_safe(s).into_owned()
        }
    };
    let mut w = csv::Writer::from_writer(out);
    w.write_record(
        CSV_COLUMNS
            .iter()
            .copied()
            .chain(extra.iter().map(|(header, _)| *header)),
    )?;
    for &i in incidents {
        let inc = store.incident(i);
        let actors: Vec<&str> = inc
            .actors
            .iter()
            .map(|a| store.actor_name(&a.actor))
            .collect();
        let roles: Vec<&str> = inc.actors.iter().map(|a| a.role.label()).collect();
        let claims: Vec<String> = inc
            .claims
            .iter()
            .map(|c| format!("{}: {}", store.actor_name(&c.claimant), c.claim))
            .collect();
        let sources: Vec<&str> = inc.sources.iter().map(|s| s.outlet.as_str()).collect();
        let extra_cells: Vec<String> = extra.iter().map(|(_, cell)| text(&cell(i))).collect();
        // Field by field (the temporaries live through the loop), then the extra cell.
        for field in [
            text(&inc.id).as_str(),
            &inc.date.to_string(),
            inc.date_precision.key(),
            &opt(inc.end_date),
            &text(&inc.country),
            &text(&inc.admin1),
            &text(&inc.admin2),
            &text(store.town_name(&inc.town)),
            &opt(inc.lat),
            &opt(inc.lon),
            &text(&inc.event_type),
            &text(&inc.sub_event_type),
            &text(&actors.join("; ")),
            &text(&roles.join("; ")),
            &opt(inc.fatalities.low),
            &opt(inc.fatalities.best),
            &opt(inc.fatalities.high),
            &text(&claims.join("; ")),
            &text(&sources.join("; ")),
            &text(&inc.summary),
            &text(&inc.notes),
            if inc.is_illustrative() { "yes" } else { "no" },
            inc.geo_precision.map_or("", |g| g.key()),
            inc.coded_event_type.as_deref().unwrap_or(""),
            &opt(inc.fatalities.side_a),
            &opt(inc.fatalities.side_b),
            &opt(inc.fatalities.civilians),
            &opt(inc.fatalities.unknown),
        ] {
            w.write_field(field)?;
        }
        for cell in &extra_cells {
            w.write_field(cell)?;
        }
        w.write_record(None::<&[u8]>)?;
    }
    w.flush()
}

/// A store holding the incidents and every town, actor and report they refer to, so the
/// export opens in sitrep like any store.
fn write_json(store: &Store, incidents: &[Ix], out: &mut dyn Write) -> io::Result<()> {
    let mut towns = BTreeSet::new();
    let mut actors = BTreeSet::new();
    let mut reports = BTreeSet::new();
    for &i in incidents {
        let inc = store.incident(i);
        towns.extend(store.town_ix(&inc.town));
        for a in &inc.actors {
            let mut next = store.actor_ix(&a.actor);
            // Parents too, so no reference dangles in the exported store.
            while let Some(ax) = next {
                if !actors.insert(ax) {
                    break;
                }
                next = store
                    .actor(ax)
                    .parent
                    .as_deref()
                    .and_then(|p| store.actor_ix(p));
            }
        }
        for c in &inc.claims {
            actors.extend(store.actor_ix(&c.claimant));
            reports.extend(c.source.as_deref().and_then(|r| store.report_ix(r)));
        }
        for s in &inc.sources {
            reports.extend(s.report.as_deref().and_then(|r| store.report_ix(r)));
        }
    }
    let mut meta = store.meta.clone();
    meta.title = format!("Export from {}", store.meta.title);
    let doc = StoreDoc {
        schema_version: SCHEMA_VERSION,
        meta,
        towns: towns.into_iter().map(|t| store.town(t).clone()).collect(),
        actors: actors.into_iter().map(|a| store.actor(a).clone()).collect(),
        reports: reports
            .into_iter()
            .map(|r| store.report(r).clone())
            .collect(),
        incidents: incidents
            .iter()
            .map(|&i| store.incident(i).clone())
            .collect(),
    };
    crate::text::json::to_writer_pretty(&mut *out, &doc)?;
    out.write_all(b"\n")
}

fn cell(s: &str) -> String {
    markdown_text(s)
}

fn write_markdown(store: &Store, incidents: &[Ix], out: &mut dyn Write) -> io::Result<()> {
    writeln!(
        out,
        "# {} from {}\n",
        count(incidents.len() as u64, "incident"),
        cell(&store.meta.title)
    )?;
    if let Some(w) = store.meta.content.warning() {
        writeln!(out, "> **Warning:** {w}\n")?;
    }
    let total = FatalityTotal::of(incidents.iter().map(|&i| &store.incident(i).fatalities));
    writeln!(
        out,
        "**Fatalities:** {} (sum of best estimates; range {})\n",
        total.killed(),
        total.range()
    )?;
    writeln!(
        out,
        "| Date | Place | Type | Actors | Killed | Summary | Id |"
    )?;
    writeln!(out, "|---|---|---|---|---:|---|---|")?;
    for &i in incidents {
        let inc = store.incident(i);
        let actors: Vec<&str> = inc
            .actors
            .iter()
            .filter(|a| a.role.is_party())
            .map(|a| store.actor_name(&a.actor))
            .collect();
        let mut summary = cell(&inc.summary);
        if inc.has_contested_claims() {
            summary.push_str(" (claims contested)");
        }
        writeln!(
            out,
            "| {} | {}, {} | {} | {} | {} | {} | `{}` |",
            inc.date_label(),
            cell(store.town_name(&inc.town)),
            cell(&inc.country),
            cell(&inc.type_label()),
            cell(&actors.join("; ")),
            inc.fatalities.display(),
            summary,
            cell(&inc.id)
        )?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn json_export_is_a_store_that_loads_without_problems() {
        let store = Store::open(None).unwrap();
        let pick: Vec<Ix> = (0..store.incidents.len() as Ix).step_by(7).collect();
        let mut buf = Vec::new();
        write_export(&store, &pick, ExportFormat::Json, false, &mut buf).unwrap();
        let back = Store::from_bytes(Path::new("export.json"), &buf, &|_, _| {}).unwrap();
        assert!(back.problems.is_empty(), "{:?}", back.problems);
        assert_eq!(back.incidents.len(), pick.len());
    }

    #[test]
    fn csv_has_one_row_per_incident_and_quotes_newlines() {
        let store = Store::open(None).unwrap();
        let mut buf = Vec::new();
        write_export(&store, &[0, 1, 2], ExportFormat::Csv, false, &mut buf).unwrap();
        let mut r = csv::Reader::from_reader(buf.as_slice());
        assert_eq!(r.headers().unwrap().len(), CSV_COLUMNS.len());
        let rows: Vec<_> = r.records().map(Result::unwrap).collect();
        assert_eq!(rows.len(), 3);
        assert_eq!(&rows[0][0], store.incidents[0].id.as_str());
    }

    #[test]
    fn csv_neutralises_formulas_in_text_but_not_numbers_and_raw_keeps_them() {
        let mut store = Store::open(None).unwrap();
        store.incidents[0].summary = "=HYPERLINK(\"http://x\")".into();
        store.incidents[0].notes = "@SUM(A1)".into();
        store.incidents[0].lon = Some(-3.5);
        let read = |raw: bool| {
            let mut buf = Vec::new();
            write_export(&store, &[0], ExportFormat::Csv, raw, &mut buf).unwrap();
            let mut r = csv::Reader::from_reader(buf.as_slice());
            r.records().next().unwrap().unwrap()
        };
        let col = |name: &str| CSV_COLUMNS.iter().position(|c| *c == name).unwrap();
        let safe = read(false);
        assert_eq!(&safe[col("summary")], "'=HYPERLINK(\"http://x\")");
        assert_eq!(&safe[col("notes")], "'@SUM(A1)");
        assert_eq!(&safe[col("longitude")], "-3.5");
        let raw = read(true);
        assert_eq!(&raw[col("summary")], "=HYPERLINK(\"http://x\")");
        for lead in ["=", "+", "-", "@", "\t", "\r"] {
            assert!(
                spreadsheet_safe(&format!("{lead}1")).starts_with('\''),
                "{lead:?}"
            );
        }
        assert_eq!(spreadsheet_safe("Kidal"), "Kidal");
    }

    #[test]
    fn markdown_export_escapes_html_and_javascript_links() {
        let mut store = Store::open(None).unwrap();
        store.incidents[0].summary =
            "<img src=x onerror=alert(1)> [go](javascript:alert(1))".into();
        let mut buf = Vec::new();
        write_export(&store, &[0], ExportFormat::Markdown, false, &mut buf).unwrap();
        let md = String::from_utf8(buf).unwrap();
        assert!(!md.contains("<img"), "{md}");
        assert!(md.contains("&lt;img"), "{md}");
        assert!(!md.contains("javascript:"), "{md}");
    }
}
