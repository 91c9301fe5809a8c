//! `sitrep diff OLD NEW`: what changed between two releases of a dataset. Exit 0 when no
//! incident was added, removed or edited, 1 when some were, 2 on an error (as `diff(1)`).

use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::{Duration, Instant};

use clap::{Args, ValueEnum};

use super::filter_args::FilterArgs;
use super::tty::errln;
use crate::diff::{self, Options, render};
use crate::search::filters::filtered_incidents;
use crate::store::Store;

#[derive(Clone, Copy, Debug, ValueEnum, PartialEq, Eq)]
pub enum DiffFormat {
    Text,
    Csv,
    Json,
}

#[derive(Args, Debug)]
pub struct DiffArgs {
    /// The earlier release: any file sitrep opens (a sitrep store, an ACLED or UCDP export).
    pub old: PathBuf,
    /// The later release.
    pub new: PathBuf,
    /// text (default), csv (one row per difference) or json. Default: from the -o
    /// extension, else text.
    #[arg(long, value_enum)]
    pub format: Option<DiffFormat>,
    /// Write to FILE (atomically) instead of standard output.
    #[arg(short = 'o', long = "output", value_name = "FILE")]
    pub output: Option<PathBuf>,
    /// Overwrite the output file if it exists.
    #[arg(long)]
    pub force: bool,
    /// CSV: write text cells exactly as they are (by default a cell starting with =, +, -,
    /// @ gets a leading ' so a spreadsheet does not run it as a formula).
    #[arg(long)]
    pub raw: bool,
    /// Count a value that differs only in Unicode form (U+2010 hyphen against '-', a
    /// decomposed accent) as an edit. By default such values are listed apart, not edits.
    #[arg(long)]
    pub strict_unicode: bool,
    /// Print the time taken to load each release, compare and write to stderr.
    #[arg(long)]
    pub timings: bool,
    /// Only the incidents that pass these filters (on either side) are compared.
    #[command(flatten)]
    pub filters: FilterArgs,
}

impl DiffArgs {
    fn format(&self) -> DiffFormat {
        if let Some(f) = self.format {
            return f;
        }
        let ext = self
            .output
            .as_deref()
            .and_then(Path::extension)
            .map(|e| e.to_string_lossy().to_ascii_lowercase());
        match ext.as_deref() {
            Some("json") => DiffFormat::Json,
            Some("csv") => DiffFormat::Csv,
            _ => DiffFormat::Text,
        }
    }
}

/// Loads both releases, on two threads (each load uses every core for its parsing, but the
/// reading and indexing of one overlap the other's), each through the snapshot cache: an
/// unchanged release is restored from its snapshot, a new one parsed and its snapshot
/// written after the output (the cli waits for it before exiting).
pub fn open_pair(
    old: &Path,
    new: &Path,
) -> anyhow::Result<(Arc<Store>, Arc<Store>, Duration, Duration)> {
    let timed = |p: &Path| {
        let t = Instant::now();
        crate::cache::open(Some(p), &|_, _| {}).map(|mut o| {
            let elapsed = t.elapsed();
            if !o.routine {
                for n in &o.notes {
                    errln!("sitrep: {n}");
                }
            }
            o.save_in_background();
            (o.store, elapsed)
        })
    };
    let (a, b) = std::thread::scope(|s| {
        let a = s.spawn(|| timed(old));
        let b = timed(new);
        (a.join(), b)
    });
    let (old, ta) = a.map_err(|_| anyhow::anyhow!("loading {} failed", old.display()))??;
    let (new, tb) = b?;
    super::report_problems(&old);
    super::report_problems(&new);
    Ok((old, new, ta, tb))
}

/// Which incidents of `store` pass the filters, by position; None when nothing filters.
fn selection(store: &Store, filters: &crate::search::filters::Filters) -> Option<Vec<bool>> {
    if !filters.restricts_incidents() && filters.text.is_empty() {
        return None;
    }
    let mut keep = vec![false; store.incidents.len()];
    for i in filtered_incidents(store, filters, None) {
        keep[i as usize] = true;
    }
    Some(keep)
}

pub fn run(args: &DiffArgs) -> anyhow::Result<u8> {
    let start = Instant::now();
    let (old, new, t_old, t_new) = open_pair(&args.old, &args.new)?;
    let loaded = Instant::now();
    let (f_old, f_new) = (args.filters.filters(&old)?, args.filters.filters(&new)?);
    // A name neither release has is a mistake; one only the other has keeps nothing here.
    if let (Err(e), Err(_)) = (f_old.check(&old), f_new.check(&new)) {
        anyhow::bail!("{e}");
    }
    let (k_old, k_new) = (selection(&old, &f_old), selection(&new, &f_new));
    let selected = Instant::now();
    let d = diff::compare(
        &old,
        &new,
        k_old.as_deref(),
        k_new.as_deref(),
        Options {
            unicode_is_edit: args.strict_unicode,
        },
    );
    let compared = Instant::now();
    let line = f_new.to_line();
    let sides = render::Sides {
        old: &old,
        new: &new,
        filter: (!line.is_empty()).then_some(line),
    };
    let format = args.format();
    super::export_cmd::emit(args.output.as_deref(), args.force, |w| match format {
        DiffFormat::Text => render::text(&d, &sides, w),
        DiffFormat::Csv => render::csv(&d, &sides, args.raw, w),
        DiffFormat::Json => render::json(&d, &sides, w),
    })?;
    let written = Instant::now();
    if args.timings {
        let secs = |d: Duration| d.as_secs_f64();
        errln!(
            "sitrep: timings: load old {:.3} s and new {:.3} s (together {:.3} s), select \
             {:.3} s, compare {:.3} s ({} incidents in both), write {:.3} s; beyond the loads \
             {:.3} s, total {:.3} s",
            secs(t_old),
            secs(t_new),
            secs(loaded - start),
            secs(selected - loaded),
            secs(compared - selected),
            d.compared,
            secs(written - compared),
            secs(written - loaded),
            secs(written - start)
        );
    }
    if let Some(path) = &args.output {
        let t = d.totals();
        errln!(
            "sitrep: wrote the differences to {}: {} added, {} removed, {} changed",
            path.display(),
            t.added,
            t.removed,
            t.changed
        );
    }
    Ok(if d.is_same() {
        super::EXIT_OK
    } else {
        super::EXIT_PROBLEMS
    })
}
