//! `sitrep reconcile A B`: the same events in two datasets, matched, with what they say
//! differently (see `crate::reconcile`).

use std::path::{Path, PathBuf};
use std::time::Instant;

use anyhow::Context;
use clap::{Args, ValueEnum};

use super::filter_args::FilterArgs;
use crate::reconcile::render::{self, Format};
use crate::reconcile::{Crosswalk, Rules, Side, reconcile};
use crate::search::filters::filtered_incidents;
use crate::store::Store;

#[derive(Clone, Copy, Debug, ValueEnum, PartialEq, Eq)]
pub enum ReconcileFormat {
    Text,
    Csv,
    Json,
}

#[derive(Args, Debug)]
pub struct ReconcileArgs {
    /// The first dataset (a sitrep store or an ACLED/UCDP export); ambiguous cases are
    /// counted on its side.
    pub a: PathBuf,
    /// The second dataset.
    pub b: PathBuf,
    #[command(flatten)]
    pub filters: FilterArgs,
    /// Default: from the -o extension (.csv, .json), else text.
    #[arg(long, value_enum)]
    pub format: Option<ReconcileFormat>,
    /// Write to FILE (atomically) instead of standard output.
    #[arg(short = 'o', long = "output", value_name = "FILE")]
    pub output: Option<PathBuf>,
    /// Overwrite the output file if it exists.
    #[arg(long)]
    pub force: bool,
    /// Print the time taken to load, select, match and write to stderr.
    #[arg(long)]
    pub timings: bool,
}

/// "ACLED" or "UCDP" for an imported export, else the store's title or file name.
fn label(store: &Store) -> String {
    let d = &store.meta.description;
    if d.starts_with("Imported from ACLED") {
        "ACLED".into()
    } else if d.starts_with("Imported from UCDP") {
        "UCDP".into()
    } else if !store.meta.title.is_empty() {
        store.meta.title.clone()
    } else {
        store.source.clone()
    }
}

fn side<'s>(store: &'s Store, filters: &FilterArgs, which: &str) -> anyhow::Result<Side<'s>> {
    let f = filters.filters(store)?;
    f.check(store)
        .with_context(|| format!("{which} ({})", store.source))?;
    let mut incidents = filtered_incidents(store, &f, None);
    incidents.sort_unstable();
    Ok(Side {
        store,
        incidents,
        label: label(store),
    })
}

pub fn run(crosswalk: Option<&Path>, args: &ReconcileArgs) -> anyhow::Result<u8> {
    let format = match args.format {
        Some(ReconcileFormat::Text) => Format::Text,
        Some(ReconcileFormat::Csv) => Format::Csv,
        Some(ReconcileFormat::Json) => Format::Json,
        None => match args
            .output
            .as_deref()
            .and_then(|p| p.extension())
            .map(|e| e.to_string_lossy().to_ascii_lowercase())
            .as_deref()
        {
            Some("csv") => Format::Csv,
            Some("json") => Format::Json,
            _ => Format::Text,
        },
    };
    let cw = Crosswalk::with_file(crosswalk)?;
    let t0 = Instant::now();
    let sa = super::open_store(std::slice::from_ref(&args.a))?;
    let sb = super::open_store(std::slice::from_ref(&args.b))?;
    let t_load = t0.elapsed();
    let t1 = Instant::now();
    let mut a = side(&sa, &args.filters, "A")?;
    let mut b = side(&sb, &args.filters, "B")?;
    if a.label == b.label {
        a.label.push_str(" (A)");
        b.label.push_str(" (B)");
    }
    let t_select = t1.elapsed();
    let t2 = Instant::now();
    let r = reconcile(&a, &b, &cw, &Rules::default());
    let t_match = t2.elapsed();
    let t3 = Instant::now();
    super::export_cmd::emit(args.output.as_deref(), args.force, |w| {
        render::write(&r, &a, &b, format, w)
    })?;
    if args.timings {
        super::tty::errln!(
            "sitrep: timings: load {:.3} s, select {:.3} s, match {:.3} s ({} x {} incidents), write {:.3} s",
            t_load.as_secs_f64(),
            t_select.as_secs_f64(),
            t_match.as_secs_f64(),
            a.incidents.len(),
            b.incidents.len(),
            t3.elapsed().as_secs_f64()
        );
    }
    Ok(super::EXIT_OK)
}
