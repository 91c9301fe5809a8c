//! `sitrep validate`: load each store and report every problem.

use super::tty::reportln;
use std::path::{Path, PathBuf};

use serde::Serialize;

use super::{EXIT_OK, EXIT_PROBLEMS, EXIT_UNREADABLE};
use crate::store::{Problem, SAMPLE_LABEL};

#[derive(Serialize, Default)]
struct Report {
    #[serde(skip_serializing_if = "Option::is_none")]
    file: Option<String>,
    incidents: usize,
    actors: usize,
    towns: usize,
    reports: usize,
    /// Sum of best estimates; incidents with no best figure are counted apart.
    fatalities: u64,
    fatalities_unknown: u64,
    problems: Vec<Problem>,
    /// Set when the file could not be read at all.
    #[serde(skip_serializing_if = "Option::is_none")]
    error: Option<String>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    stores: Vec<Report>,
}

fn check(path: Option<&Path>) -> (Report, u8) {
    let paths: Vec<PathBuf> = path.map(Path::to_path_buf).into_iter().collect();
    match super::open_with_bar(&paths) {
        Ok(mut opened) => {
            opened.save_in_background();
            if !opened.routine {
                for n in &opened.notes {
                    super::tty::errln!("sitrep: {n}");
                }
            }
            let store = &opened.store;
            let code = if store.problems.is_empty() {
                EXIT_OK
            } else {
                EXIT_PROBLEMS
            };
            let report = Report {
                file: Some(store.source.clone()),
                incidents: store.incidents.len(),
                actors: store.actors.len(),
                towns: store.towns.len(),
                reports: store.reports.len(),
                fatalities: store.total_fatalities().best,
                fatalities_unknown: store.total_fatalities().unknown,
                problems: store.problems.clone(),
                ..Default::default()
            };
            (report, code)
        }
        Err(e) => {
            let file = path.map_or(SAMPLE_LABEL.to_string(), |p| p.display().to_string());
            let report = Report {
                file: Some(file),
                error: Some(e.to_string()),
                ..Default::default()
            };
            (report, EXIT_UNREADABLE)
        }
    }
}

/// Each file on its own (several --store are checked one by one, not joined).
pub fn run(stores: &[PathBuf], paths: &[PathBuf], json: bool) -> u8 {
    let targets: Vec<Option<&Path>> = if !paths.is_empty() {
        paths.iter().map(|p| Some(p.as_path())).collect()
    } else if stores.is_empty() {
        vec![None]
    } else {
        stores.iter().map(|p| Some(p.as_path())).collect()
    };
    let mut worst = EXIT_OK;
    let mut reports = Vec::new();
    for target in targets {
        let (report, code) = check(target);
        worst = worst.max(code);
        if !json {
            print_text(&report);
        }
        reports.push(report);
    }
    if json {
        let out = if reports.len() == 1 {
            reports.pop().expect("one report")
        } else {
            // Totals at the top (the documented keys), each file under "stores".
            let mut total = Report::default();
            for r in &reports {
                total.incidents += r.incidents;
                total.actors += r.actors;
                total.towns += r.towns;
                total.reports += r.reports;
                total.fatalities += r.fatalities;
                total.fatalities_unknown += r.fatalities_unknown;
                total.problems.extend(r.problems.iter().cloned());
            }
            total.stores = reports;
            total
        };
        reportln!(
            "{}",
            crate::text::json::to_string_pretty(&out).expect("report serialises")
        );
    }
    worst
}

fn print_text(r: &Report) {
    let file = r.file.as_deref().unwrap_or("?");
    if let Some(err) = &r.error {
        reportln!("{file}: UNREADABLE");
        reportln!("  {err}");
        return;
    }
    let unknown = match r.fatalities_unknown {
        0 => String::new(),
        1 => ", and 1 incident with no figure".to_string(),
        n => format!(", and {n} incidents with no figure"),
    };
    reportln!(
        "{file}: {} incidents, {} actors, {} towns, {} reports, {} fatalities (best estimates){unknown}",
        r.incidents,
        r.actors,
        r.towns,
        r.reports,
        r.fatalities
    );
    if r.problems.is_empty() {
        reportln!("  no problems");
        return;
    }
    let skipped = r.problems.iter().filter(|p| p.skipped).count();
    reportln!(
        "  {} problem(s), {} record(s) skipped:",
        r.problems.len(),
        skipped
    );
    for p in &r.problems {
        reportln!("  {p}");
    }
}
