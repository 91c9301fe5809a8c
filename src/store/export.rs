//! Taking a selection of incidents out: CSV for spreadsheets, a sitrep store (JSON) that
//! sitrep itself can open, or a markdown table for a report. Files are written atomically.

use std::collections::BTreeSet;
use std::io::{self, BufWriter, Write};
use std::path::{Path, PathBuf};

use super::{Ix, Store};
use crate::model::{FatalityTotal, SCHEMA_VERSION, StoreDoc};
use crate::text::{count, sanitize};

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

#[derive(Debug, thiserror::Error)]
pub enum ExportError {
    #[error("{}: exists; use --force to overwrite", .0.display())]
    Exists(PathBuf),
    // Not a `source`: the message already says it, and error chains would say it twice.
    #[error("{}: {error}", path.display())]
    Io { path: PathBuf, error: io::Error },
}

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

/// Writes `incidents` (store positions, in the order given) in `format`.
pub fn write_export(
    store: &Store,
    incidents: &[Ix],
    format: ExportFormat,
    out: &mut dyn Write,
) -> io::Result<()> {
    match format {
        ExportFormat::Csv => write_csv(store, incidents, out),
        ExportFormat::Json => write_json(store, incidents, out),
        ExportFormat::Markdown => write_markdown(store, incidents, out),
    }
}

fn opt<T: ToString>(v: Option<T>) -> String {
    v.map(|v| v.to_string()).unwrap_or_default()
}

fn write_csv(store: &Store, incidents: &[Ix], out: &mut dyn Write) -> io::Result<()> {
    let mut w = csv::Writer::from_writer(out);
    w.write_record(CSV_COLUMNS)?;
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
        w.write_record([
            inc.id.as_str(),
            &inc.date.to_string(),
            inc.date_precision.key(),
            &opt(inc.end_date),
            &inc.country,
            &inc.admin1,
            &inc.admin2,
            store.town_name(&inc.town),
            &opt(inc.lat),
            &opt(inc.lon),
            &inc.event_type,
            &inc.sub_event_type,
            &actors.join("; "),
            &roles.join("; "),
            &opt(inc.fatalities.low),
            &opt(inc.fatalities.best),
            &opt(inc.fatalities.high),
            &claims.join("; "),
            &sources.join("; "),
            &inc.summary,
            &inc.notes,
            if inc.is_illustrative() { "yes" } else { "no" },
            inc.geo_precision.map_or("", |g| g.key()),
            inc.coded_event_type.as_deref().unwrap_or(""),
            &opt(inc.fatalities.side_a),
            &opt(inc.fatalities.side_b),
            &opt(inc.fatalities.civilians),
            &opt(inc.fatalities.unknown),
        ])?;
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
    serde_json::to_writer_pretty(&mut *out, &doc)?;
    out.write_all(b"\n")
}

fn cell(s: &str) -> String {
    sanitize(s, false).replace('|', "\\|")
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

/// Writes a file through a temporary file beside it and a rename, so an existing file is
/// either left alone or replaced whole. Without `force` an existing file is refused, also
/// when one appears while writing.
pub fn write_file_atomic(
    path: &Path,
    force: bool,
    write: impl FnOnce(&mut dyn Write) -> io::Result<()>,
) -> Result<(), ExportError> {
    let io_err = |error: io::Error| ExportError::Io {
        path: path.to_path_buf(),
        error,
    };
    if !force && path.exists() {
        return Err(ExportError::Exists(path.to_path_buf()));
    }
    let dir = path
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    let tmp = tempfile::NamedTempFile::new_in(dir).map_err(|e| {
        // tempfile's own message repeats its random name; say where instead.
        let cause = match e.kind() {
            io::ErrorKind::NotFound => "no such directory".to_string(),
            io::ErrorKind::PermissionDenied => "permission denied".to_string(),
            other => other.to_string(),
        };
        io_err(io::Error::new(
            e.kind(),
            format!("cannot create a file in {}: {cause}", dir.display()),
        ))
    })?;
    {
        let mut w = BufWriter::with_capacity(1 << 20, tmp.as_file());
        write(&mut w).map_err(io_err)?;
        w.flush().map_err(io_err)?;
    }
    tmp.as_file().sync_all().map_err(io_err)?;
    // Temporary files are private (0600); an export is an ordinary file.
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        tmp.as_file()
            .set_permissions(std::fs::Permissions::from_mode(0o644))
            .map_err(io_err)?;
    }
    if force {
        tmp.persist(path).map_err(|e| io_err(e.error))?;
    } else {
        tmp.persist_noclobber(path).map_err(|e| {
            if e.error.kind() == io::ErrorKind::AlreadyExists {
                ExportError::Exists(path.to_path_buf())
            } else {
                io_err(e.error)
            }
        })?;
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
        write_export(&store, &pick, ExportFormat::Json, &mut buf).unwrap();
        let back = Store::from_bytes(Path::new("export.json"), &buf, &|_, _| {}).unwrap();
        assert!(back.problems.is_empty(), "{:?}", back.problems);
        assert_eq!(back.incidents.len(), pick.len());
    }

    #[test]
    fn csv_has_one_row_per_incident_and_quotes_newlines() {
        let store = Store::open(None).unwrap();
        let mut buf = Vec::new();
        write_export(&store, &[0, 1, 2], ExportFormat::Csv, &mut buf).unwrap();
        let mut r = csv::Reader::from_reader(buf.as_slice());
        assert_eq!(r.headers().unwrap().len(), CSV_COLUMNS.len());
        let rows: Vec<_> = r.records().map(Result::unwrap).collect();
        assert_eq!(rows.len(), 3);
        assert_eq!(&rows[0][0], store.incidents[0].id.as_str());
    }

    #[test]
    fn atomic_write_refuses_to_overwrite_without_force() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("out.csv");
        write_file_atomic(&p, false, |w| w.write_all(b"first")).unwrap();
        let again = write_file_atomic(&p, false, |w| w.write_all(b"second"));
        assert!(matches!(again, Err(ExportError::Exists(_))));
        // A failing writer leaves the old file whole.
        let failed = write_file_atomic(&p, true, |_| Err(io::Error::other("disk full")));
        let nowhere = write_file_atomic(&dir.path().join("no/such/dir.csv"), false, |_| Ok(()));
        let msg = nowhere.unwrap_err().to_string();
        assert!(msg.ends_with("no/such: no such directory"), "{msg}");
        assert!(failed.is_err());
        assert_eq!(std::fs::read(&p).unwrap(), b"first");
        write_file_atomic(&p, true, |w| w.write_all(b"second")).unwrap();
        assert_eq!(std::fs::read(&p).unwrap(), b"second");
        assert_eq!(
            std::fs::read_dir(dir.path()).unwrap().count(),
            1,
            "no temp file left"
        );
    }
}
