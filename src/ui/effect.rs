//! What `App::update` asks of the world outside the app. The app never writes files (or
//! reaches the clipboard, or the network) itself: `update` returns `Effect`s, and each front
//! end's `EffectRunner` carries them out or refuses them, answering with an action that goes
//! back through `update` like any other.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use super::action::Action;
use crate::store::export::{ExportError, ExportFormat, write_export, write_file_atomic};
use crate::store::{Ix, Store};
use crate::workspace::{Change, StoreKey, Workspace};

pub enum Effect {
    /// Write a new file; never over an existing one.
    WriteFile(FileWrite),
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
}

impl Contents {
    fn extension(&self) -> &'static str {
        match self {
            Contents::Incidents { format, .. } => format.extension(),
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
        }
    }
}

/// A front end's way with effects: each is carried out or refused, and answered by an
/// action for `App::update` (usually a `Notice` saying what happened).
pub trait EffectRunner {
    fn run(&mut self, effect: Effect) -> Option<Action>;
}

/// The local terminal's runner: files go in `dir` (the working directory); workspace
/// changes go to the workspace the front end opened, if any.
pub struct LocalEffects {
    pub dir: PathBuf,
    pub workspace: Option<Workspace>,
    /// Who writes the notes.
    pub author: String,
}

impl LocalEffects {
    pub fn in_working_dir() -> LocalEffects {
        LocalEffects {
            dir: PathBuf::from("."),
            workspace: None,
            author: crate::workspace::local_author(),
        }
    }
}

impl EffectRunner for LocalEffects {
    fn run(&mut self, effect: Effect) -> Option<Action> {
        match effect {
            Effect::WriteFile(file) => Some(Action::Notice(write_new_file(&self.dir, &file))),
            Effect::Workspace { key, change } => {
                workspace_write(self.workspace.as_mut(), &key, &change, &self.author)
            }
        }
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
        match file.contents.write_to(&dir.join(&name)) {
            Ok(()) => return format!("exported {} to {name}", file.what),
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
        let mut local = LocalEffects {
            dir: dir.path().to_path_buf(),
            ..LocalEffects::in_working_dir()
        };
        let Some(Action::Notice(first)) = local.run(incidents(vec![0, 1, 2])) else {
            panic!("no notice");
        };
        let Some(Action::Notice(second)) = local.run(incidents(vec![3])) else {
            panic!("no notice");
        };
        assert!(
            first.starts_with("exported 3 incident(s) to sitrep-export-"),
            "{first}"
        );
        assert!(
            second.starts_with("exported 1 incident(s) to sitrep-export-"),
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
        let mut local = LocalEffects {
            dir: dir.path().join("missing-dir"),
            ..LocalEffects::in_working_dir()
        };
        let Some(Action::Notice(m)) = local.run(incidents(vec![0])) else {
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
        let Contents::Incidents { rows, .. } = &file.contents;
        assert_eq!(rows, &shown);
        // The local runner writes it and the notice comes back through update.
        let dir = tempfile::tempdir().unwrap();
        let mut local = LocalEffects {
            dir: dir.path().to_path_buf(),
            ..LocalEffects::in_working_dir()
        };
        app.dispatch(Action::Export, &mut local);
        let message = app.message.clone().unwrap();
        let expected = format!("exported {} incident(s) to sitrep-export-", shown.len());
        assert!(message.starts_with(&expected), "{message}");
        let files: Vec<_> = std::fs::read_dir(dir.path()).unwrap().collect();
        assert_eq!(files.len(), 1);
        let path = files[0].as_ref().unwrap().path();
        let rows = csv::Reader::from_path(&path).unwrap().records().count();
        assert_eq!(rows, shown.len());
    }
}
