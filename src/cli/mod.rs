//! The command line: argument parsing and one function per command.

mod bench_ui;
mod brief_cmd;
mod cache_cmd;
mod diff_cmd;
mod export_cmd;
mod filter_args;
mod gen_cmd;
mod import_cmd;
mod notes_cmd;
mod reconcile_cmd;
mod search_cmd;
mod serve_cmd;
mod show;
mod trend_cmd;
mod tty;
mod validate;
mod views_cmd;
mod watch_cmd;

use std::io::IsTerminal;
use std::path::PathBuf;
use std::process::ExitCode;
use std::sync::Arc;

use clap::{Parser, Subcommand, ValueEnum};

use tty::errln;

use crate::store::{Kind, Stage, Store};

#[derive(Parser, Debug)]
#[command(
    name = "sitrep",
    version,
    about = "Terminal situation-report browser for conflict analysts",
    long_about = "Browse a store of conflict incidents, actors and towns. With no command, \
                  opens the browser on the store (the built-in sample unless --store is given)."
)]
pub struct Cli {
    /// Store file to open: a sitrep store or an ACLED/UCDP export (CSV or API JSON).
    /// Give it several times (or list paths separated by `:` in SITREP_STORE) to open
    /// several datasets as one, each incident keeping its dataset. Defaults to the
    /// built-in sample.
    #[arg(
        long,
        global = true,
        env = "SITREP_STORE",
        value_name = "PATH",
        value_delimiter = ':',
        action = clap::ArgAction::Append
    )]
    pub store: Vec<PathBuf>,

    /// Plain ASCII drawing (no box-drawing or other non-ASCII symbols) for poor terminals.
    #[arg(long, global = true)]
    pub ascii: bool,

    /// Do not capture the mouse (keeps the terminal's own text selection for copy and paste).
    #[arg(long, global = true)]
    pub no_mouse: bool,

    /// The workspace (marks, notes, saved views, seen incidents): an SQLite file, created if
    /// missing. Default: $XDG_DATA_HOME/sitrep/workspace.sqlite
    /// (~/.local/share/sitrep/workspace.sqlite).
    #[arg(long, global = true, env = "SITREP_WORKSPACE", value_name = "FILE")]
    pub workspace: Option<PathBuf>,

    /// The configuration file (key bindings, theme, default columns, briefing period); it
    /// must exist. Default: $XDG_CONFIG_HOME/sitrep/config.toml (~/.config/sitrep/config.toml),
    /// used when present.
    #[arg(long, global = true, env = "SITREP_CONFIG", value_name = "FILE")]
    pub config: Option<PathBuf>,

    /// Where snapshots of opened stores are kept, so the next open of an unchanged file
    /// skips parsing it. Default: $XDG_CACHE_HOME/sitrep (~/.cache/sitrep).
    #[arg(long, global = true, env = "SITREP_CACHE_DIR", value_name = "DIR")]
    pub cache_dir: Option<PathBuf>,

    /// Neither use nor write snapshots: parse the store every time.
    #[arg(long, global = true)]
    pub no_cache: bool,

    /// An actor crosswalk to add to the shipped one (data/crosswalk.toml): which names in
    /// two datasets are one actor. Used by `reconcile` and when several --store are joined.
    #[arg(long, global = true, value_name = "FILE")]
    pub crosswalk: Option<PathBuf>,

    /// The watches to evaluate (`sitrep watch`, and the browser's status line at start): a
    /// watches.toml. Default: watches.toml beside the configuration file, when it exists.
    #[arg(long, global = true, env = "SITREP_WATCHES", value_name = "FILE")]
    pub watches: Option<PathBuf>,

    /// Open the browser on a saved view (see `sitrep views`).
    #[arg(long, value_name = "NAME")]
    pub view: Option<String>,

    /// Open the browser on --store as a new release of OLD (any file sitrep opens): the
    /// `changed` filter key and the list's marker show what was added or edited since, and
    /// a changed incident's detail its old and new values.
    #[arg(long, value_name = "OLD")]
    pub since_release: Option<PathBuf>,

    /// With the browser: once it closes, print on stderr when each stage of the open was
    /// reached (store read, first frame, search ready, filters ready), from process start.
    #[arg(long)]
    pub timings: bool,

    #[command(subcommand)]
    pub command: Option<Command>,
}

#[derive(Subcommand, Debug)]
pub enum Command {
    /// Load stores and report every problem. Exit 0 clean, 1 problems, 2 unreadable.
    Validate {
        /// Store files to check (default: --store, or the built-in sample).
        paths: Vec<PathBuf>,
        /// Print a JSON summary instead of text.
        #[arg(long)]
        json: bool,
    },
    /// Print one incident, actor or town with its linked records.
    Show {
        kind: KindArg,
        /// An id, a name or an alias (case and accents ignored), then a unique part of a
        /// name; an incident's name is its id (`90001` finds `MLI90001`).
        query: String,
        #[arg(long)]
        json: bool,
    },
    /// Fuzzy search across incidents, actors and towns, best first. Exit 0 found, 1 none.
    Search(search_cmd::SearchArgs),
    /// Write a deterministic synthetic store for scale tests.
    Gen {
        /// Number of incidents.
        #[arg(long)]
        incidents: usize,
        #[arg(long, default_value_t = 1)]
        seed: u64,
        /// Output file (default: standard output).
        #[arg(short = 'o', long = "output", value_name = "FILE")]
        output: Option<PathBuf>,
        /// Overwrite the output file if it exists.
        #[arg(long)]
        force: bool,
    },
    /// Convert an ACLED or UCDP GED export (CSV or API JSON) into a sitrep store.
    Import {
        /// The export to convert; its format is told from the content.
        file: PathBuf,
        /// Output store (default: FILE with its extension replaced by .sitrep.json; '-' for
        /// standard output).
        #[arg(short = 'o', long = "output", value_name = "FILE")]
        output: Option<PathBuf>,
        /// Overwrite the output if it exists.
        #[arg(long)]
        force: bool,
        /// Print the time each phase took (map, parse and link, write, rename) to stderr.
        #[arg(long)]
        timings: bool,
    },
    /// A briefing for a period (default: the 7 days up to the newest incident), as text,
    /// markdown or JSON.
    Brief(brief_cmd::BriefArgs),
    /// What changed between two releases: incidents added, removed and edited field by
    /// field, matched by event id. Exit 0 none, 1 some, 2 error.
    Diff(diff_cmd::DiffArgs),
    /// Write the incidents that pass the filters as CSV, a sitrep store (JSON) or markdown.
    /// Refuses to overwrite a file without --force.
    Export(export_cmd::ExportArgs),
    /// Incidents or fatalities per week, month or quarter, optionally split by a dimension,
    /// as text, CSV, markdown, JSON (with the incidents behind each point) or an SVG chart.
    Trend(trend_cmd::TrendArgs),
    /// A cross-table of incidents or fatalities: rows by a dimension, columns by period or
    /// another dimension, with row, column and grand totals.
    Pivot(trend_cmd::PivotArgs),
    /// Each admin1 region, admin2 area or actor in a period against its own recent
    /// baseline: rises, falls and first activity, with the rule printed.
    Changes(trend_cmd::ChangesArgs),
    /// Match the incidents of two datasets that describe one event: matched (with what
    /// they say differently), only in A, only in B, ambiguous; the rules at the top.
    Reconcile(reconcile_cmd::ReconcileArgs),
    /// The workspace's notes, marks and tags on the store, as text, markdown or JSON;
    /// `notes add RECORD_ID TEXT` adds a note, `notes tag RECORD_ID TAG [--remove]` a tag.
    Notes(notes_cmd::NotesArgs),
    /// The saved views in the workspace, as text or JSON.
    Views(views_cmd::ViewsArgs),
    /// Evaluate the watches (--watches FILE, a watches.toml, and those saved in the
    /// workspace with `watch add`) against the store and print what fired, with the
    /// incidents. Exit 0 nothing fired, 1 something did, 2 error.
    Watch(watch_cmd::WatchArgs),
    /// Serve the browser over SSH: each login gets its own browser over the shared store.
    Serve(serve_cmd::ServeArgs),
    /// The snapshot cache: list its snapshots (the default) or clear them.
    Cache(cache_cmd::CacheArgs),
    /// Measure the browser per keystroke (render time, bytes sent) without a terminal.
    #[command(hide = true)]
    BenchUi {
        #[arg(long, default_value_t = 120)]
        width: u16,
        #[arg(long, default_value_t = 40)]
        height: u16,
        /// Keystrokes per measured list.
        #[arg(long, default_value_t = 500)]
        keys: usize,
    },
}

#[derive(Clone, Copy, Debug, ValueEnum)]
pub enum KindArg {
    Incident,
    Actor,
    Town,
}

impl From<KindArg> for Kind {
    fn from(k: KindArg) -> Kind {
        match k {
            KindArg::Incident => Kind::Incident,
            KindArg::Actor => Kind::Actor,
            KindArg::Town => Kind::Town,
        }
    }
}

/// Exit codes shared by every command.
pub const EXIT_OK: u8 = 0;
pub const EXIT_PROBLEMS: u8 = 1;
pub const EXIT_UNREADABLE: u8 = 2;

/// The exit status of a browser session. The browser has restored the terminal by now, so
/// an unreadable store is reported here, on the normal screen.
fn browser_exit(outcome: crate::ui::Outcome) -> u8 {
    match outcome {
        crate::ui::Outcome::Quit | crate::ui::Outcome::LoadAbandoned => EXIT_OK,
        crate::ui::Outcome::Unreadable(e) => {
            errln!("sitrep: {e}");
            EXIT_UNREADABLE
        }
    }
}

pub fn main() -> ExitCode {
    let started = std::time::Instant::now();
    let cli = Cli::parse();
    let code = match run(cli, started) {
        Ok(code) => ExitCode::from(code),
        Err(e) => {
            errln!("sitrep: {}", describe(&e));
            ExitCode::from(EXIT_UNREADABLE)
        }
    };
    // A first open writes its snapshot in the background; the command's output is out.
    crate::cache::wait_for_writes();
    code
}

/// The cache the options ask for: none with --no-cache or without a directory.
fn cache_config(cli: &Cli) -> crate::cache::Config {
    match (
        cli.no_cache,
        cli.cache_dir.clone().or_else(crate::cache::default_dir),
    ) {
        (false, Some(dir)) => crate::cache::Config::Dir(dir),
        _ => crate::cache::Config::Off,
    }
}

/// An error and its causes, each said once: our load errors already name their source
/// ("cannot read: No such file or directory"), and anyhow's chain would repeat it.
fn describe(e: &anyhow::Error) -> String {
    let mut out = String::new();
    for cause in e.chain() {
        let text = cause.to_string();
        if out.contains(&text) {
            continue;
        }
        if !out.is_empty() {
            out.push_str(": ");
        }
        out.push_str(&text);
    }
    out
}

fn run(mut cli: Cli, started: std::time::Instant) -> anyhow::Result<u8> {
    // Read and checked before anything else, so a mistake is reported before the terminal
    // is touched.
    let settings = match crate::config::load(cli.config.as_deref()) {
        Ok(s) => s,
        Err(e) => {
            errln!("sitrep: {e}");
            return Ok(EXIT_UNREADABLE);
        }
    };
    let cache = cache_config(&cli);
    crate::cache::configure(cache.clone());
    // `marked`, `noted` and `new` in --filter read the workspace named by --workspace.
    let ws = cli.workspace.clone();
    match &mut cli.command {
        Some(Command::Export(a)) => a.filters.workspace = ws,
        Some(Command::Trend(a)) => a.filters.workspace = ws,
        Some(Command::Pivot(a)) => a.filters.workspace = ws,
        Some(Command::Changes(a)) => a.filters.workspace = ws,
        Some(Command::Brief(a)) => a.workspace = ws,
        Some(Command::Diff(a)) => a.filters.workspace = ws,
        Some(Command::Reconcile(a)) => a.filters.workspace = ws,
        _ => {}
    }
    let joined_crosswalk =
        match crate::store::crosswalk::Crosswalk::with_file(cli.crosswalk.as_deref()) {
            Ok(c) => c,
            Err(e) => {
                errln!("sitrep: {e}");
                return Ok(EXIT_UNREADABLE);
            }
        };
    let _ = CROSSWALK.set(joined_crosswalk);
    let store_path = cli.store.as_slice();
    match cli.command {
        None => {
            if !std::io::stdout().is_terminal() || !std::io::stdin().is_terminal() {
                // Not a terminal (a pipe, a script): print the summary instead of a UI.
                let store = open_store(store_path)?;
                show::print_summary(&store);
                return Ok(EXIT_OK);
            }
            // Opened before the terminal is touched, so a bad file is reported plainly.
            let previous_release = match &cli.since_release {
                Some(p) => Some(crate::ui::term::PreviousRelease(
                    open_store(std::slice::from_ref(p))
                        .map_err(|e| anyhow::anyhow!("--since-release {}: {e}", p.display()))?,
                )),
                None => None,
            };
            let watches = match watch_cmd::watches_path(cli.watches.as_deref()) {
                Some(p) => crate::watch::load(&p)?,
                None => Vec::new(),
            };
            let timings = cli
                .timings
                .then(|| crate::ui::open_timings::OpenTimings::since(started));
            let outcome = crate::ui::run_browser(crate::ui::term::BrowserOptions {
                store: cli.store.clone(),
                crosswalk: crosswalk().clone(),
                ascii: cli.ascii,
                mouse: !cli.no_mouse,
                workspace: cli
                    .workspace
                    .clone()
                    .or_else(crate::workspace::Workspace::default_path),
                view: cli.view.clone(),
                settings,
                previous_release,
                watches,
                timings: timings.clone(),
            })?;
            if let Some(t) = &timings {
                eprint!("{}", t.report());
            }
            Ok(browser_exit(outcome))
        }
        Some(Command::Validate { paths, json }) => Ok(validate::run(store_path, &paths, json)),
        Some(Command::Diff(args)) => diff_cmd::run(&args),
        Some(Command::Search(args)) => search_cmd::run(store_path, &args),
        Some(Command::Trend(args)) => trend_cmd::run_trend(store_path, &args),
        Some(Command::Pivot(args)) => trend_cmd::run_pivot(store_path, &args),
        Some(Command::Changes(args)) => trend_cmd::run_changes(store_path, &args),
        Some(Command::Reconcile(args)) => reconcile_cmd::run(cli.crosswalk.as_deref(), &args),
        Some(Command::Serve(args)) => {
            serve_cmd::run(store_path, cli.ascii, !cli.no_mouse, args, settings)
        }
        Some(Command::Cache(args)) => cache_cmd::run(&cache, &args),
        Some(Command::BenchUi {
            width,
            height,
            keys,
        }) => bench_ui::run(
            store_path,
            bench_ui::BenchArgs {
                width,
                height,
                keys,
            },
        ),
        Some(Command::Show { kind, query, json }) => {
            let store = open_store(store_path)?;
            show::run(&store, kind.into(), &query, json, cli.ascii)
        }
        Some(Command::Brief(args)) => {
            let store = open_store(store_path)?;
            brief_cmd::run(&store, &args)
        }
        Some(Command::Notes(args)) => {
            let store = open_store(store_path)?;
            notes_cmd::run(&store, cli.workspace.as_deref(), &args)
        }
        Some(Command::Views(args)) => views_cmd::run(cli.workspace.as_deref(), &args),
        Some(Command::Watch(args)) => {
            let store = open_store(store_path)?;
            watch_cmd::run(
                &store,
                cli.watches.as_deref(),
                cli.workspace.as_deref(),
                &args,
            )
        }
        Some(Command::Export(args)) => {
            let store = open_store(store_path)?;
            export_cmd::run(&store, &args)
        }
        Some(Command::Gen {
            incidents,
            seed,
            output,
            force,
        }) => gen_cmd::run(incidents, seed, output.as_deref(), force),
        Some(Command::Import {
            file,
            output,
            force,
            timings,
        }) => import_cmd::run(&file, output.as_deref(), force, timings),
    }
}

static CROSSWALK: std::sync::OnceLock<crate::store::crosswalk::Crosswalk> =
    std::sync::OnceLock::new();

/// The crosswalk in effect: the shipped one with --crosswalk's file added.
pub(crate) fn crosswalk() -> &'static crate::store::crosswalk::Crosswalk {
    CROSSWALK.get_or_init(crate::store::crosswalk::Crosswalk::shipped)
}

/// Opens the --store files for a command (through the snapshot cache; several are joined
/// into one store), with a progress bar on a terminal. Problems are reported on stderr; the
/// records that loaded are used. A snapshot due is written in the background, and the
/// process waits for it before exiting.
pub fn open_store(path: &[PathBuf]) -> anyhow::Result<Arc<Store>> {
    let mut opened = open_cached(path)?;
    opened.save_in_background();
    Ok(opened.store)
}

/// [`open_store`], keeping what the cache gives beside the store (the search index).
pub(crate) fn open_cached(path: &[PathBuf]) -> anyhow::Result<crate::cache::Opened> {
    let opened = open_with_bar(path)?;
    // A damaged snapshot is worth a line; a stale or older one is routine (logged only).
    if !opened.routine {
        for n in &opened.notes {
            errln!("sitrep: {n}");
        }
    }
    report_problems(&opened.store);
    Ok(opened)
}

/// One line on stderr when a store had problems at load.
pub(crate) fn report_problems(store: &Store) {
    if !store.problems.is_empty() {
        let skipped = store.problems.iter().filter(|p| p.skipped).count();
        let what = if skipped == 0 {
            "records kept with the faulty part set aside".to_string()
        } else {
            format!("{skipped} record(s) skipped")
        };
        errln!(
            "sitrep: {}: {} problem(s) at load, {what} (run `sitrep validate` for the list)",
            store.source,
            store.problems.len()
        );
    }
}

/// Opens a store through the cache with a progress bar on a terminal.
pub(crate) fn open_with_bar(
    path: &[PathBuf],
) -> Result<crate::cache::Opened, crate::store::LoadError> {
    let open =
        |progress: crate::store::Progress| crate::cache::open_all(path, crosswalk(), progress);
    if !std::io::stderr().is_terminal() || path.is_empty() {
        return open(&|_, _| {});
    }
    let bar = indicatif::ProgressBar::new(1000);
    bar.set_style(
        indicatif::ProgressStyle::with_template("{msg:>10} [{bar:40}] {percent:>3}%")
            .expect("static template")
            .progress_chars("=> "),
    );
    let report = |stage: Stage, frac: f64| {
        bar.set_message(match stage {
            Stage::Reading => "reading",
            Stage::Parsing => "parsing",
            Stage::Indexing => "indexing",
        });
        bar.set_position((frac.clamp(0.0, 1.0) * 1000.0) as u64);
    };
    let result = open(&report);
    bar.finish_and_clear();
    result
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ui::Outcome;
    use std::path::Path;

    #[test]
    fn browser_outcomes_map_to_exit_statuses() {
        assert_eq!(browser_exit(Outcome::Quit), EXIT_OK);
        assert_eq!(browser_exit(Outcome::LoadAbandoned), EXIT_OK);
        let Err(missing) = Store::open(Some(Path::new("/nonexistent/sitrep-store.json"))) else {
            panic!("a missing store opened");
        };
        assert_eq!(browser_exit(Outcome::Unreadable(missing)), EXIT_UNREADABLE);
    }
}
