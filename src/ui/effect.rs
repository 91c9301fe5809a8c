//! What `App::update` asks of the world outside the app. The app never writes files (or
//! reaches the clipboard, or the network) itself: `update` returns `Effect`s, and each front
//! end's `EffectRunner` carries them out or refuses them, answering with an action that goes
//! back through `update` like any other.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::mpsc::{self, Receiver, Sender};

use super::action::Action;
use super::clipboard::Clipboard;
pub use super::clipboard::Copy;
use crate::store::export::{ExportError, ExportFormat, write_export, write_file_atomic};
use crate::store::{Ix, Store};
use crate::workspace::{Change, StoreKey, Workspace};

pub enum Effect {
    /// Write a new file; never over an existing one.
    WriteFile(FileWrite),
    /// Put text on the user's clipboard (OSC 52, written by the front end into its output).
    Copy(Copy),
    /// Keep a change (a mark, a note, seen incidents, a saved view) in the workspace of the
    /// dataset `key`. The app has already applied it to its own copy.
    Workspace { key: StoreKey, change: Change },
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

    /// How many lines the file will have (about one per row), for progress.
    fn lines(&self) -> usize {
        match self {
            Contents::Incidents { rows, .. } => rows.len() + 1,
            Contents::Table { rows } => rows.len(),
        }
    }

    /// Writes the file, counting the lines written into `lines` as it goes.
    fn write_to(&self, path: &Path, lines: &AtomicUsize) -> Result<(), ExportError> {
        match self {
            Contents::Incidents {
                store,
                rows,
                format,
            } => write_file_atomic(path, false, |w| {
                write_export(
                    store,
                    rows,
                    *format,
                    false,
                    &mut Counted { inner: w, lines },
                )
            }),
            Contents::Table { rows } => write_file_atomic(path, false, |w| {
                let mut csv = csv::Writer::from_writer(Counted { inner: w, lines });
                for r in rows {
                    csv.write_record(r).map_err(std::io::Error::other)?;
                }
                csv.flush()
            }),
        }
    }
}

/// A writer that counts the newlines passing through (an export's progress).
struct Counted<'a> {
    inner: &'a mut dyn Write,
    lines: &'a AtomicUsize,
}

impl Write for Counted<'_> {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        let n = self.inner.write(buf)?;
        let newlines = memchr::memchr_iter(b'\n', &buf[..n]).count();
        self.lines.fetch_add(newlines, Ordering::Relaxed);
        Ok(n)
    }
    fn flush(&mut self) -> std::io::Result<()> {
        self.inner.flush()
    }
}

/// Exports of at least this many rows report their progress on the status line.
pub const PROGRESS_ROWS: usize = 20_000;

/// An export under way on its own thread.
struct Job {
    id: u64,
    what: String,
    total: usize,
    lines: Arc<AtomicUsize>,
    /// The percentage last reported.
    shown: usize,
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
    done_tx: Sender<(u64, Action)>,
    done_rx: Receiver<(u64, Action)>,
    jobs: Vec<Job>,
    next_job: u64,
    /// Workspace changes go to the workspace the front end opened, if any.
    pub workspace: Option<Workspace>,
    /// Who writes the notes.
    pub author: String,
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
            jobs: Vec::new(),
            next_job: 0,
            workspace: None,
            author: crate::workspace::local_author(),
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
                let lines = Arc::new(AtomicUsize::new(0));
                let counter = lines.clone();
                let (id, what, total) = (self.next_job, file.what.clone(), file.contents.lines());
                let started = std::thread::Builder::new()
                    .name("sitrep-export".into())
                    .spawn(move || {
                        let done = write_new_file(&dir, &file, &counter);
                        let _ = tx.send((id, Action::Exported(done)));
                    });
                match started {
                    Ok(_) => {
                        self.next_job += 1;
                        self.jobs.push(Job {
                            id,
                            what: what.clone(),
                            total,
                            lines,
                            shown: 0,
                        });
                        Some(Action::Notice(format!("exporting {what}...")))
                    }
                    Err(e) => Some(Action::Notice(format!("export failed: {e}"))),
                }
            }
            Effect::WriteFile(file) => Some(Action::Exported(write_new_file(
                &self.dir,
                &file,
                &AtomicUsize::new(0),
            ))),
            Effect::Copy(copy) => Some(Action::Notice(self.clipboard.copy(copy))),
            Effect::Workspace { key, change } => {
                workspace_write(self.workspace.as_mut(), &key, &change, &self.author)
            }
        }
    }

    fn poll(&mut self) -> Vec<Action> {
        let mut out = Vec::new();
        for (id, answer) in self.done_rx.try_iter() {
            self.jobs.retain(|j| j.id != id);
            out.push(answer);
        }
        // Large exports say how far they have got, a step at a time.
        for job in &mut self.jobs {
            if job.total < PROGRESS_ROWS {
                continue;
            }
            let done = job.lines.load(Ordering::Relaxed);
            let pct = (done * 100 / job.total.max(1)).min(99);
            if pct >= job.shown + 5 {
                job.shown = pct;
                out.push(Action::Notice(format!("exporting {}... {pct}%", job.what)));
            }
        }
        out
    }

    fn busy(&self) -> bool {
        !self.jobs.is_empty()
    }
}

/// Writes a workspace change; only a failure is worth a notice.
pub fn workspace_write(
    workspace: Option<&mut Workspace>,
    key: &StoreKey,
    change: &Change,
    author: &str,
) -> Option<Action> {
    let Some(ws) = workspace else {
        return Some(Action::Notice(
            "no workspace: the change is not kept".into(),
        ));
    };
    match ws.apply(key, change, author) {
        Ok(()) => None,
        Err(e) => Some(Action::Notice(format!("not saved: {e}"))),
    }
}

/// Writes `file` under a name not yet taken in `dir`; says what happened.
fn write_new_file(dir: &Path, file: &FileWrite, lines: &AtomicUsize) -> String {
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
        match file.contents.write_to(&path, lines) {
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

#[cfg(test)]
mod progress_tests {
    use super::*;

    #[test]
    fn a_large_export_reports_its_progress_from_the_lines_written() {
        // The writer counts the lines it passes on: one per row.
        let dir = tempfile::tempdir().unwrap();
        let rows: Vec<Vec<String>> = (0..1000).map(|i| vec![i.to_string()]).collect();
        let lines = AtomicUsize::new(0);
        Contents::Table { rows }
            .write_to(&dir.path().join("t.csv"), &lines)
            .unwrap();
        assert_eq!(lines.load(Ordering::Relaxed), 1000);
        // poll turns a job's count into a percentage, in steps, and forgets finished jobs.
        let mut local = LocalEffects::new(dir.path().to_path_buf());
        let counter = Arc::new(AtomicUsize::new(PROGRESS_ROWS));
        local.jobs.push(Job {
            id: 7,
            what: "40000 incident(s)".into(),
            total: 2 * PROGRESS_ROWS,
            lines: counter.clone(),
            shown: 0,
        });
        assert!(local.busy());
        assert_eq!(
            local.poll(),
            [Action::Notice("exporting 40000 incident(s)... 50%".into())]
        );
        assert_eq!(local.poll(), []);
        counter.store(PROGRESS_ROWS * 3 / 2, Ordering::Relaxed);
        assert_eq!(
            local.poll(),
            [Action::Notice("exporting 40000 incident(s)... 75%".into())]
        );
        local
            .done_tx
            .send((7, Action::Exported("done".into())))
            .unwrap();
        assert_eq!(local.poll(), [Action::Exported("done".into())]);
        assert!(!local.busy());
    }
}
