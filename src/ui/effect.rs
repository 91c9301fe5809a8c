//! What `App::update` asks of the world outside the app. The app never writes files (or
//! reaches the clipboard, or the network) itself: `update` returns `Effect`s, and each front
//! end's `EffectRunner` carries them out or refuses them, answering with an action that goes
//! back through `update` like any other.

use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::mpsc::{self, Receiver, Sender};

use super::action::Action;
use super::clipboard::Clipboard;
pub use super::clipboard::Copy;
use crate::store::export::{ExportError, ExportFormat, write_export, write_file_atomic};
use crate::store::{Ix, Store};

pub enum Effect {
    /// Write a new file; never over an existing one.
    WriteFile(FileWrite),
    /// Put text on the user's clipboard (OSC 52, written by the front end into its output).
    Copy(Copy),
}

/// A file to write: named `{stem}-{local time}.{extension}` (then `-1`, `-2`... if taken).
pub struct FileWrite {
    pub stem: &'static str,
    pub contents: Contents,
    /// What the file holds, for the message ("12 incident(s)").
    pub what: String,
}

/// What a file holds. Its bytes are produced by the runner as it writes them, so a refused
/// write costs nothing and a large export never sits whole in memory.
pub enum Contents {
    /// Incidents (by index, in this order) in an export format.
    Incidents {
        store: Arc<Store>,
        rows: Vec<Ix>,
        format: ExportFormat,
    },
    /// A table as CSV, header row first (the actors or towns list with its shown columns).
    Table { rows: Vec<Vec<String>> },
}

impl Contents {
    fn extension(&self) -> &'static str {
        match self {
            Contents::Incidents { format, .. } => format.extension(),
            Contents::Table { .. } => "csv",
        }
    }

    fn write_to(&self, path: &Path) -> Result<(), ExportError> {
        match self {
            Contents::Incidents {
                store,
                rows,
                format,
            } => write_file_atomic(path, false, |w| {
                write_export(store, rows, *format, false, w)
            }),
            Contents::Table { rows } => write_file_atomic(path, false, |w| {
                let mut csv = csv::Writer::from_writer(w);
                for r in rows {
                    csv.write_record(r).map_err(std::io::Error::other)?;
                }
                csv.flush()
            }),
        }
    }
}

/// A front end's way with effects: each is carried out or refused, and answered by an
/// action for `App::update` (usually a `Notice` saying what happened).
pub trait EffectRunner {
    fn run(&mut self, effect: Effect) -> Option<Action>;

    /// Answers of effects carried out in the background (an export), once they are done.
    fn poll(&mut self) -> Vec<Action> {
        Vec::new()
    }

    /// Whether effects are still under way in the background (poll again soon).
    fn busy(&self) -> bool {
        false
    }
}

/// The local terminal's runner: files go in `dir` (the working directory), written on a
/// thread of their own so that a large export never freezes the browser; copies wait in
/// `clipboard` for the event loop to write them to the terminal.
pub struct LocalEffects {
    pub dir: PathBuf,
    pub clipboard: Clipboard,
    /// Write files in the background (the browser) or before `run` returns (tests).
    pub background: bool,
    done_tx: Sender<Action>,
    done_rx: Receiver<Action>,
    running: usize,
}

impl LocalEffects {
    /// Files in `dir`, written before `run` returns; copies for a terminal that may take
    /// OSC 52.
    pub fn new(dir: PathBuf) -> LocalEffects {
        let (done_tx, done_rx) = mpsc::channel();
        LocalEffects {
            dir,
            clipboard: Clipboard::for_term(Some("xterm")),
            background: false,
            done_tx,
            done_rx,
            running: 0,
        }
    }

    /// Files in the working directory, written in the background; copies for the terminal
    /// TERM names.
    pub fn in_working_dir() -> LocalEffects {
        LocalEffects {
            clipboard: Clipboard::for_term(std::env::var("TERM").ok().as_deref()),
            background: true,
            ..LocalEffects::new(PathBuf::from("."))
        }
    }
}

impl EffectRunner for LocalEffects {
    fn run(&mut self, effect: Effect) -> Option<Action> {
        match effect {
            Effect::WriteFile(file) if self.background => {
                let (dir, tx) = (self.dir.clone(), self.done_tx.clone());
                let what = file.what.clone();
                let started = std::thread::Builder::new()
                    .name("sitrep-export".into())
                    .spawn(move || {
                        let _ = tx.send(Action::Exported(write_new_file(&dir, &file)));
                    });
                match started {
                    Ok(_) => {
                        self.running += 1;
                        Some(Action::Notice(format!("exporting {what}...")))
                    }
                    Err(e) => Some(Action::Notice(format!("export failed: {e}"))),
                }
            }
            Effect::WriteFile(file) => Some(Action::Exported(write_new_file(&self.dir, &file))),
            Effect::Copy(copy) => Some(Action::Notice(self.clipboard.copy(copy))),
        }
    }

    fn poll(&mut self) -> Vec<Action> {
        let done: Vec<Action> = self.done_rx.try_iter().collect();
        self.running = self.running.saturating_sub(done.len());
        done
    }

    fn busy(&self) -> bool {
        self.running > 0
    }
}

/// Writes `file` under a name not yet taken in `dir`; says what happened.
fn write_new_file(dir: &Path, file: &FileWrite) -> String {
    let stamp = chrono::Local::now().format("%Y%m%d-%H%M%S");
    let extension = file.contents.extension();
    for n in 0..100 {
        let suffix = if n == 0 {
            String::new()
        } else {
            format!("-{n}")
        };
        let name = format!("{}-{stamp}{suffix}.{extension}", file.stem);
        let path = dir.join(&name);
        match file.contents.write_to(&path) {
            Ok(()) => {
                let full = std::path::absolute(&path).unwrap_or(path);
                return format!("exported {} to {}", file.what, full.display());
            }
            Err(ExportError::Exists(_)) => continue,
            Err(e) => return format!("export failed: {e}"),
        }
    }
    format!(
        "export failed: 100 files named {}-{stamp}* already",
        file.stem
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn incidents(rows: Vec<Ix>) -> Effect {
        let n = rows.len();
        Effect::WriteFile(FileWrite {
            stem: "sitrep-export",
            contents: Contents::Incidents {
                store: Arc::new(Store::open(None).unwrap()),
                rows,
                format: ExportFormat::Csv,
            },
            what: format!("{n} incident(s)"),
        })
    }

    #[test]
    fn local_runner_writes_new_files_and_never_over_old_ones() {
        let dir = tempfile::tempdir().unwrap();
        let mut local = LocalEffects::new(dir.path().to_path_buf());
        let Some(Action::Exported(first)) = local.run(incidents(vec![0, 1, 2])) else {
            panic!("no notice");
        };
        let Some(Action::Exported(second)) = local.run(incidents(vec![3])) else {
            panic!("no notice");
        };
        assert!(
            first.starts_with(&format!(
                "exported 3 incident(s) to {}/sitrep-export-",
                dir.path().display()
            )),
            "{first}"
        );
        assert!(
            second.starts_with(&format!(
                "exported 1 incident(s) to {}/sitrep-export-",
                dir.path().display()
            )),
            "{second}"
        );
        let mut files: Vec<PathBuf> = std::fs::read_dir(dir.path())
            .unwrap()
            .map(|e| e.unwrap().path())
            .collect();
        files.sort();
        assert_eq!(files.len(), 2, "{files:?}");
        let rows = |p: &Path| csv::Reader::from_path(p).unwrap().records().count();
        // Two files, each with its own rows (the second did not overwrite the first).
        let mut counts: Vec<usize> = files.iter().map(|f| rows(f)).collect();
        counts.sort();
        assert_eq!(counts, [1, 3]);
    }

    #[test]
    fn local_runner_reports_a_failed_write() {
        let dir = tempfile::tempdir().unwrap();
        let mut local = LocalEffects::new(dir.path().join("missing-dir"));
        let Some(Action::Exported(m)) = local.run(incidents(vec![0])) else {
            panic!("no notice");
        };
        assert!(m.starts_with("export failed:"), "{m}");
    }
}

#[cfg(test)]
mod dispatch_tests {
    use super::*;
    use crate::ui::app::App;
    use crate::ui::nav::Tab;
    use crate::ui::theme::Theme;

    #[test]
    fn the_export_key_asks_for_a_file_the_local_runner_writes() {
        let store = Arc::new(Store::open(None).unwrap());
        let mut app = App::new(store, Theme::new(false, false), 120, 40);
        app.update(Action::OpenFilter);
        for c in "country:senegal".chars() {
            app.update(Action::TypeChar(c));
        }
        app.update(Action::Submit);
        let shown = app.list(Tab::Incidents).rows.clone();
        assert!(!shown.is_empty() && shown.len() < app.store.incidents.len());
        // update itself writes nothing: it hands back the file to write.
        let effects = app.update(Action::Export);
        let [Effect::WriteFile(file)] = effects.as_slice() else {
            panic!("one file to write");
        };
        let Contents::Incidents { rows, .. } = &file.contents else {
            panic!("incidents to write");
        };
        assert_eq!(rows, &shown);
        // The local runner writes it and the notice comes back through update.
        let dir = tempfile::tempdir().unwrap();
        let mut local = LocalEffects::new(dir.path().to_path_buf());
        app.dispatch(Action::Export, &mut local);
        let message = app.message.clone().unwrap();
        let expected = format!(
            "exported {} incident(s) to {}/sitrep-export-",
            shown.len(),
            dir.path().display()
        );
        assert!(message.starts_with(&expected), "{message}");
        let files: Vec<_> = std::fs::read_dir(dir.path()).unwrap().collect();
        assert_eq!(files.len(), 1);
        let path = files[0].as_ref().unwrap().path();
        let rows = csv::Reader::from_path(&path).unwrap().records().count();
        assert_eq!(rows, shown.len());
    }
}

#[cfg(test)]
mod export_tab_tests {
    use super::*;
    use crate::ui::app::App;
    use crate::ui::nav::Tab;
    use crate::ui::theme::Theme;

    fn app() -> App {
        App::new(
            Arc::new(Store::open(None).unwrap()),
            Theme::new(false, false),
            120,
            40,
        )
    }

    /// Runs the local runner in the background, as the browser does, until it answers.
    fn export_in_background(app: &mut App, dir: &Path) -> String {
        let mut local = LocalEffects {
            background: true,
            ..LocalEffects::new(dir.to_path_buf())
        };
        app.dispatch(Action::Export, &mut local);
        let started = app.message.clone().unwrap();
        assert!(started.starts_with("exporting "), "{started}");
        let deadline = std::time::Instant::now() + std::time::Duration::from_secs(20);
        while local.busy() {
            assert!(
                std::time::Instant::now() < deadline,
                "export never finished"
            );
            std::thread::sleep(std::time::Duration::from_millis(10));
            app.dispatch_background(&mut local);
        }
        app.message.clone().unwrap()
    }

    #[test]
    fn e_on_the_actors_tab_writes_its_shown_columns_off_the_ui_thread() {
        let mut app = app();
        app.update(Action::GoTab(Tab::Actors));
        let dir = tempfile::tempdir().unwrap();
        let message = export_in_background(&mut app, dir.path());
        let n = app.list(Tab::Actors).rows.len();
        let expected = format!(
            "exported {n} actors to {}/sitrep-actors-",
            dir.path().display()
        );
        assert!(message.starts_with(&expected), "{message}");
        // The whole path, in a box of its own, wrapped at 80 columns.
        let crate::ui::app::Overlay::Message(m) = &app.overlay else {
            panic!("no message box");
        };
        assert_eq!(m, &message);
        let path = message.split(" to ").nth(1).unwrap();
        let mut r = csv::Reader::from_path(path).unwrap();
        assert_eq!(
            r.headers().unwrap().iter().collect::<Vec<_>>(),
            ["Name", "Kind", "Inc.", "Fatal"]
        );
        let rows: Vec<csv::StringRecord> = r.records().map(|x| x.unwrap()).collect();
        assert_eq!(rows.len(), n);
        let first = app.list(Tab::Actors).rows[0];
        assert_eq!(&rows[0][0], app.store.actor(first).name.as_str());
        // Esc closes the box.
        app.update(Action::Cancel);
        assert!(matches!(app.overlay, crate::ui::app::Overlay::None));
    }

    #[test]
    fn e_on_the_briefing_exports_the_selected_lines_incidents() {
        let mut app = app();
        app.update(Action::GoTab(Tab::Briefing));
        // The first line with an incident set.
        let (i, set) = app
            .detail
            .doc
            .links
            .iter()
            .enumerate()
            .find_map(|(i, (_, l))| match l {
                crate::ui::widgets::Link::Incidents(s) => Some((i, s.clone())),
                _ => None,
            })
            .expect("a briefing figure with incidents");
        for _ in 0..i {
            app.update(Action::Down);
        }
        assert_eq!(app.detail.link, i);
        let dir = tempfile::tempdir().unwrap();
        let message = export_in_background(&mut app, dir.path());
        assert!(
            message.contains(&format!("{} incident(s) of ", set.ixs.len())),
            "{message}"
        );
        let path = message.split(" to ").last().unwrap();
        assert!(path.contains("sitrep-briefing-"), "{path}");
        let rows = csv::Reader::from_path(path).unwrap().records().count();
        assert_eq!(rows, set.ixs.len());
    }
}
