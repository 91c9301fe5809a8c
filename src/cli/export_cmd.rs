//! `sitrep export`: the incidents that pass the filters, as CSV, a sitrep store or markdown.

use super::tty::errln;
use std::io::{self, BufWriter, Write};
use std::path::{Path, PathBuf};

use anyhow::Context;
use clap::{Args, ValueEnum};

use super::filter_args::FilterArgs;
use crate::search::filters::filtered_incidents;
use crate::store::export::{ExportFormat, write_csv_with, write_export, write_file_atomic};
use crate::store::{Ix, Store};
use crate::workspace::{Note, StoreKey};

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
    /// Add the workspace's notes and tags on each incident (CSV: last columns
    /// "workspace_notes" and "workspace_tags"; markdown: sections at the end). Not for json,
    /// which is a store: see `sitrep notes`.
    #[arg(long)]
    pub with_notes: bool,
    #[command(flatten)]
    pub filters: FilterArgs,
}

impl ExportArgs {
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
    let filters = args.filters.filters(store)?;
    // A scope that names nothing is a mistake, not an empty export.
    filters.check(store)?;
    let incidents = filtered_incidents(store, &filters, None);
    let format = args.format();
    if args.with_notes {
        if format == ExportFormat::Json {
            anyhow::bail!(
                "--with-notes: a json export is a store, which has no place for them; use \
                 --format csv or markdown, or `sitrep notes --format json`"
            );
        }
        let (notes, tags) = notes_by_record(store, args.filters.workspace.as_deref())?;
        let tag_cell = |i: Ix| -> String {
            tags.get(store.incident(i).id.as_str())
                .map(|list| list.join("; "))
                .unwrap_or_default()
        };
        let cell = |i: Ix| -> String {
            notes
                .get(store.incident(i).id.as_str())
                .map(|list| {
                    let each: Vec<String> = list
                        .iter()
                        .map(|n| format!("{} ({}, {})", n.text, n.author, n.created))
                        .collect();
                    each.join(" | ")
                })
                .unwrap_or_default()
        };
        emit(args.output.as_deref(), args.force, |w| match format {
            ExportFormat::Csv => write_csv_with(
                store,
                &incidents,
                args.raw,
                &[("workspace_notes", &cell), ("workspace_tags", &tag_cell)],
                w,
            ),
            _ => {
                write_export(store, &incidents, format, args.raw, w)?;
                writeln!(w, "\n## Workspace notes\n")?;
                let mut any = false;
                for &i in &incidents {
                    let id = &store.incident(i).id;
                    for n in notes.get(id.as_str()).into_iter().flatten() {
                        any = true;
                        let text = n.text.replace('\n', " ");
                        writeln!(w, "- **{id}** ({}, {}): {text}", n.author, n.created)?;
                    }
                }
                if !any {
                    writeln!(w, "No notes on these incidents.")?;
                }
                writeln!(w, "\n## Workspace tags\n")?;
                let mut any = false;
                for &i in &incidents {
                    let id = &store.incident(i).id;
                    if let Some(list) = tags.get(id.as_str()) {
                        any = true;
                        let md: Vec<String> =
                            list.iter().map(|t| crate::text::markdown_text(t)).collect();
                        writeln!(w, "- **{id}**: {}", md.join(", "))?;
                    }
                }
                if !any {
                    writeln!(w, "No tags on these incidents.")?;
                }
                Ok(())
            }
        })?;
    } else {
        emit(args.output.as_deref(), args.force, |w| {
            write_export(store, &incidents, format, args.raw, w)
        })?;
    }
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

type ByRecord<T> = std::collections::HashMap<String, Vec<T>>;

/// The workspace's notes (oldest first) and tags (in order) on the store's records, by
/// record id.
fn notes_by_record(
    store: &Store,
    workspace: Option<&Path>,
) -> anyhow::Result<(ByRecord<Note>, ByRecord<String>)> {
    let ws = super::notes_cmd::open_workspace(workspace)?;
    let title = StoreKey::of(store).title;
    let mut notes: ByRecord<Note> = Default::default();
    for n in ws.notes(&title)? {
        notes.entry(n.record.clone()).or_default().push(n);
    }
    let mut tags: ByRecord<String> = Default::default();
    for t in ws.all_tags(&title)? {
        tags.entry(t.record).or_default().push(t.tag);
    }
    Ok((notes, tags))
}
