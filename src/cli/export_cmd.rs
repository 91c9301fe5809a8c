//! `sitrep export`: the incidents that pass the filters, as CSV, a sitrep store or markdown.

use super::tty::errln;
use std::io::{self, BufWriter, Write};
use std::path::{Path, PathBuf};

use anyhow::{Context, bail};
use chrono::NaiveDate;
use clap::{Args, ValueEnum};

use crate::search::filters::{Filters, filtered_incidents};
use crate::store::Store;
use crate::store::export::{ExportFormat, write_export, write_file_atomic};
use crate::text::fold;

#[derive(Clone, Copy, Debug, ValueEnum, PartialEq, Eq)]
pub enum FormatArg {
    Csv,
    Json,
    Markdown,
}

impl From<FormatArg> for ExportFormat {
    fn from(f: FormatArg) -> ExportFormat {
        match f {
            FormatArg::Csv => ExportFormat::Csv,
            FormatArg::Json => ExportFormat::Json,
            FormatArg::Markdown => ExportFormat::Markdown,
        }
    }
}

#[derive(Args, Debug)]
pub struct ExportArgs {
    /// csv (one row per incident), json (a sitrep store that opens in sitrep) or markdown.
    /// Default: from the -o extension, else csv.
    #[arg(long, value_enum)]
    pub format: Option<FormatArg>,
    /// Write to FILE (atomically) instead of standard output.
    #[arg(short = 'o', long = "output", value_name = "FILE")]
    pub output: Option<PathBuf>,
    /// Overwrite the output file if it exists.
    #[arg(long)]
    pub force: bool,
    /// CSV: write text cells exactly as stored. By default a cell starting with =, +, -, @,
    /// a tab or a carriage return gets a leading ' so a spreadsheet does not run it as a
    /// formula.
    #[arg(long)]
    pub raw: bool,
    /// First day (YYYY-MM-DD).
    #[arg(long, value_name = "DATE")]
    pub since: Option<NaiveDate>,
    /// Last day (YYYY-MM-DD).
    #[arg(long, value_name = "DATE")]
    pub until: Option<NaiveDate>,
    /// Only incidents in this country: its whole name (or, when no country has the name, an
    /// admin1 region's), case and accents ignored. Repeat for several: any of them.
    #[arg(long, value_name = "NAME")]
    pub country: Vec<String>,
    /// Only incidents in this town: its id, whole name or an alias, or "Name, Country".
    /// Repeat for several: any of them.
    #[arg(long, value_name = "TOWN")]
    pub town: Vec<String>,
    /// Only incidents involving this actor: its id, whole name or an alias. Repeat for
    /// several: incidents involving every one.
    #[arg(long, value_name = "ACTOR")]
    pub actor: Vec<String>,
    /// Event type or sub-type contains this.
    #[arg(long = "type", value_name = "TYPE")]
    pub event_type: Option<String>,
    /// At least this many fatalities (best estimate).
    #[arg(long, value_name = "N")]
    pub min_fatalities: Option<u32>,
    /// The browser's filter line (e.g. "since:2025-06-01 type:battles kayes"); the options
    /// above are added to it.
    #[arg(long, value_name = "LINE")]
    pub filter: Option<String>,
}

impl ExportArgs {
    fn filters(&self) -> anyhow::Result<Filters> {
        let mut f = match &self.filter {
            Some(line) => Filters::parse(line).map_err(|e| anyhow::anyhow!("--filter: {e}"))?,
            None => Filters::default(),
        };
        f.since = self.since.or(f.since);
        f.until = self.until.or(f.until);
        let folded = |s: &Option<String>| s.as_deref().map(|s| fold(s.trim()));
        let all_folded = |v: &[String]| v.iter().map(|s| fold(s.trim())).collect::<Vec<_>>();
        f.countries.extend(all_folded(&self.country));
        f.towns.extend(all_folded(&self.town));
        f.actors.extend(all_folded(&self.actor));
        f.event_type = folded(&self.event_type).or(f.event_type);
        f.min_fatalities = self.min_fatalities.or(f.min_fatalities);
        if f.since.zip(f.until).is_some_and(|(s, u)| s > u) {
            bail!("--since is after --until");
        }
        Ok(f)
    }

    fn format(&self) -> ExportFormat {
        if let Some(f) = self.format {
            return f.into();
        }
        let ext = self
            .output
            .as_deref()
            .and_then(Path::extension)
            .map(|e| e.to_string_lossy().to_ascii_lowercase());
        match ext.as_deref() {
            Some("json") => ExportFormat::Json,
            Some("md" | "markdown") => ExportFormat::Markdown,
            _ => ExportFormat::Csv,
        }
    }
}

pub fn run(store: &Store, args: &ExportArgs) -> anyhow::Result<u8> {
    let filters = args.filters()?;
    // A scope that names nothing is a mistake, not an empty export.
    filters.check(store)?;
    let incidents = filtered_incidents(store, &filters, None);
    let format = args.format();
    emit(args.output.as_deref(), args.force, |w| {
        write_export(store, &incidents, format, args.raw, w)
    })?;
    if let Some(path) = &args.output {
        errln!(
            "sitrep: wrote {} incident(s) to {}",
            incidents.len(),
            path.display()
        );
    }
    Ok(super::EXIT_OK)
}

/// Writes to standard output, or atomically to a file ('-' is standard output too).
pub fn emit(
    output: Option<&Path>,
    force: bool,
    write: impl FnOnce(&mut dyn Write) -> io::Result<()>,
) -> anyhow::Result<()> {
    match output.filter(|p| p.as_os_str() != "-") {
        None => {
            // Sanitised on a terminal; a pipe or a file gets the data as it is.
            let mut w = BufWriter::new(super::tty::stdout());
            match write(&mut w).and_then(|_| w.flush()) {
                // A closed pipe (| head) is the reader's choice, not an error.
                Err(e) if e.kind() == io::ErrorKind::BrokenPipe => Ok(()),
                r => r.context("writing to standard output"),
            }
        }
        Some(path) => Ok(write_file_atomic(path, force, write)?),
    }
}
