//! `sitrep watch`: evaluates the watches of a `watches.toml` against the store and prints
//! what fired, with the incidents. Exit 0 when nothing fired, 1 when something did, 2 on an
//! error (a watches file that cannot be read or has a mistake: the message names its line).

use std::path::{Path, PathBuf};
use std::sync::Arc;

use anyhow::bail;
use clap::{Args, ValueEnum};

use crate::search::filters::Filters;
use crate::store::Store;
use crate::watch::{self, Watch};
use crate::workspace::{StoreKey, Workspace};

#[derive(Clone, Copy, Debug, ValueEnum, PartialEq, Eq)]
pub enum WatchFormat {
    Text,
    Json,
}

#[derive(Args, Debug)]
pub struct WatchArgs {
    #[arg(long, value_enum, default_value = "text")]
    pub format: WatchFormat,
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

/// Reads the watches and checks them against `store`, the workspace's sets given to the
/// filters that use `marked`, `noted` or `new`.
pub fn load_checked(
    path: &Path,
    store: &Store,
    workspace: Option<&Path>,
) -> anyhow::Result<Vec<Watch>> {
    let mut watches = watch::load(path)?;
    let sets = if watches.iter().any(|w| w.filters.uses_workspace()) {
        let Some(ws_path) = workspace
            .map(Path::to_path_buf)
            .or_else(Workspace::default_path)
        else {
            bail!("a watch uses marked, noted or new: give --workspace FILE");
        };
        let ws = Workspace::open(&ws_path)?;
        let snapshot = ws.snapshot(&StoreKey::of(store).title)?;
        Some(Arc::new(super::filter_args::record_sets(&snapshot)))
    } else {
        None
    };
    watch::file::check(&mut watches, store, path, |f: &mut Filters| {
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
    let Some(path) = watches_path(watches) else {
        bail!(
            "no watches: give --watches FILE (a watches.toml; see data/watches.example.toml), \
             or put them in {}",
            default_path().map_or("~/.config/sitrep/watches.toml".into(), |p| p
                .display()
                .to_string())
        );
    };
    let list = load_checked(&path, store, workspace)?;
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
