//! `sitrep watch`: evaluates the watches (those of a `watches.toml`, and those saved in the
//! workspace) against the store and prints what fired, with the incidents. Exit 0 when
//! nothing fired, 1 when something did, 2 on an error (a watches file that cannot be read or
//! has a mistake: the message names its line). `watch add` and `watch remove` keep watches
//! in the workspace.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use anyhow::bail;
use clap::{Args, Subcommand, ValueEnum};

use super::tty::errln;
use crate::search::filters::Filters;
use crate::store::Store;
use crate::watch::{self, Watch};
use crate::workspace::{SavedWatch, StoreKey, Workspace};

#[derive(Clone, Copy, Debug, ValueEnum, PartialEq, Eq)]
pub enum WatchFormat {
    Text,
    Json,
}

#[derive(Args, Debug)]
pub struct WatchArgs {
    #[command(subcommand)]
    pub action: Option<WatchAction>,
    #[arg(long, value_enum, default_value = "text")]
    pub format: WatchFormat,
}

#[derive(Subcommand, Debug)]
pub enum WatchAction {
    /// Save a watch in the workspace (replacing one of the same name).
    Add {
        /// The watch's name.
        name: String,
        /// The rule: `count > N per week`, `count > N per month`, `any`, `fatalities above
        /// K-week high`.
        #[arg(long)]
        rule: String,
        /// The filter line (the browser's grammar); none for every incident.
        #[arg(long, default_value = "", allow_hyphen_values = true)]
        filter: String,
    },
    /// Remove a watch saved in the workspace.
    Remove { name: String },
}

/// The watches file read when no `--watches` is given: `watches.toml` beside the
/// configuration file (`~/.config/sitrep/watches.toml`).
pub fn default_path() -> Option<PathBuf> {
    crate::config::default_path().map(|p| p.with_file_name("watches.toml"))
}

/// The watches file to use: `--watches FILE`, else the default file when it exists.
pub fn watches_path(explicit: Option<&Path>) -> Option<PathBuf> {
    explicit
        .map(Path::to_path_buf)
        .or_else(|| default_path().filter(|p| p.is_file()))
}

/// The watches saved in a workspace, read as watches (`at` names the workspace).
pub fn saved(ws: &Workspace) -> anyhow::Result<Vec<Watch>> {
    let at = format!("workspace {}", ws.path().display());
    ws.watches()?
        .into_iter()
        .map(|s| {
            Watch::from_text(&s.name, &s.filter, &s.rule, at.clone()).map_err(|message| {
                anyhow::anyhow!(
                    "{}",
                    watch::WatchError::Watch {
                        at: at.clone(),
                        name: s.name.clone(),
                        message,
                    }
                )
            })
        })
        .collect()
}

/// The workspace to read watches from: `--workspace FILE`, else the default file only when
/// it exists (reading watches never creates one).
fn existing_workspace(explicit: Option<&Path>) -> anyhow::Result<Option<Workspace>> {
    let path = match explicit {
        Some(p) => Some(p.to_path_buf()),
        None => Workspace::default_path().filter(|p| p.is_file()),
    };
    Ok(match path {
        Some(p) => Some(Workspace::open(&p)?),
        None => None,
    })
}

/// Checks the watches against `store`, the workspace's sets given to the filters that use
/// `marked`, `noted` or `new`.
fn checked(
    mut watches: Vec<Watch>,
    store: &Store,
    ws: Option<&Workspace>,
) -> anyhow::Result<Vec<Watch>> {
    let sets = if watches.iter().any(|w| w.filters.uses_workspace()) {
        let Some(ws) = ws else {
            bail!("a watch uses marked, noted or new: give --workspace FILE");
        };
        let snapshot = ws.snapshot(&StoreKey::of(store).title)?;
        Some(Arc::new(super::filter_args::record_sets(&snapshot)))
    } else {
        None
    };
    watch::file::check(&mut watches, store, |f: &mut Filters| {
        if sets.is_some() {
            f.records = sets.clone();
        }
    })?;
    Ok(watches)
}

pub fn run(
    store: &Store,
    watches: Option<&Path>,
    workspace: Option<&Path>,
    args: &WatchArgs,
) -> anyhow::Result<u8> {
    match &args.action {
        Some(WatchAction::Add { name, rule, filter }) => {
            let mut ws = super::notes_cmd::open_workspace(workspace)?;
            let at = format!("workspace {}", ws.path().display());
            let w = Watch::from_text(name, filter, rule, at.clone()).map_err(|message| {
                anyhow::anyhow!(
                    "{}",
                    watch::WatchError::Watch {
                        at,
                        name: name.clone(),
                        message,
                    }
                )
            })?;
            checked(vec![w], store, Some(&ws))?;
            ws.save_watch(&SavedWatch {
                name: name.clone(),
                filter: filter.clone(),
                rule: rule.clone(),
                created: String::new(),
            })?;
            errln!("sitrep: watch '{name}' saved in {}", ws.path().display());
            return Ok(super::EXIT_OK);
        }
        Some(WatchAction::Remove { name }) => {
            let mut ws = super::notes_cmd::open_workspace(workspace)?;
            if !ws.remove_watch(name)? {
                bail!("no watch named '{name}' in {}", ws.path().display());
            }
            errln!(
                "sitrep: watch '{name}' removed from {}",
                ws.path().display()
            );
            return Ok(super::EXIT_OK);
        }
        None => {}
    }
    let ws = existing_workspace(workspace)?;
    let mut list = match watches_path(watches) {
        Some(path) => watch::load(&path)?,
        None => Vec::new(),
    };
    if let Some(ws) = &ws {
        list.extend(saved(ws)?);
    }
    if list.is_empty() {
        bail!(
            "no watches: give --watches FILE (a watches.toml; see data/watches.example.toml), \
             put them in {}, or save one with `sitrep watch add`",
            default_path().map_or("~/.config/sitrep/watches.toml".into(), |p| p
                .display()
                .to_string())
        );
    }
    let list = checked(list, store, ws.as_ref())?;
    let outcomes = watch::evaluate_all(store, &list);
    let text = match args.format {
        WatchFormat::Text => watch::render::text(store, &outcomes),
        WatchFormat::Json => watch::render::json(store, &outcomes),
    };
    super::export_cmd::emit(None, false, |w| w.write_all(text.as_bytes()))?;
    Ok(if outcomes.iter().any(|o| o.fired) {
        super::EXIT_PROBLEMS
    } else {
        super::EXIT_OK
    })
}
