//! The browser's share of "what changed since the previous release" (`sitrep
//! --since-release OLD`): the changes the front end computed, kept with the filters (the
//! `changed` key reads them), the list's marker and the incident detail's old → new values;
//! and the watches that fired, named on the status line at start.

use std::sync::Arc;

use super::app::App;
use super::widgets::Doc;
use crate::diff::{FieldChange, ReleaseChange, ReleaseChanges, Value, km_between};
use crate::store::EntityRef;

/// The list gutter's marker for an incident added (`^`) or edited (`~`) since the release.
pub fn glyph(change: ReleaseChange) -> char {
    match change {
        ReleaseChange::Added => '^',
        ReleaseChange::Edited => '~',
    }
}

/// Values longer than this (together) are put on lines of their own.
const INLINE: usize = 48;

impl App {
    /// Gives the app the changes since the previous release: the `changed` filter key
    /// works from here on, lists mark changed incidents and details show the edits. The
    /// status line says how many.
    pub fn set_release(&mut self, changes: ReleaseChanges) {
        self.message = Some(changes.summary());
        self.filters.release = Some(Arc::new(changes));
        self.detail.key = None;
        self.rebuild_rows();
        self.sync();
    }

    /// Evaluates the watches (read by the front end from a watches file and the workspace)
    /// against the store and names the fired ones on the status line, before what it says
    /// already (the release's counts); a watch whose filter names nothing here says so
    /// instead.
    pub fn show_watches(&mut self, mut watches: Vec<crate::watch::Watch>) {
        if watches.is_empty() {
            return;
        }
        let records = self.filters.records.clone();
        let said = match crate::watch::file::check(&mut watches, &self.store, |f| {
            f.records = records.clone();
        }) {
            Ok(()) => crate::watch::status_line(&crate::watch::evaluate_all(&self.store, &watches)),
            Err(e) => Some(format!("watches: {e}")),
        };
        if let Some(said) = said {
            self.message = Some(match self.message.take() {
                Some(before) => format!("{said} · {before}"),
                None => said,
            });
        }
    }

    /// How the incident with `id` changed since the release, if one was given.
    pub fn release_change(&self, id: &str) -> Option<ReleaseChange> {
        self.filters.release.as_ref()?.change_of(id)
    }

    /// The lines an added or edited incident's detail gets under its title.
    pub(super) fn add_release_lines(&self, doc: &mut Doc, e: EntityRef, width: usize) {
        let (Some(r), EntityRef::Incident(ix)) = (&self.filters.release, e) else {
            return;
        };
        let id = &self.store.incident(ix).id;
        let Some(change) = r.change_of(id) else {
            return;
        };
        let t = &self.theme;
        let mut section = Doc::new(width);
        let arrow = if t.ascii { "->" } else { "→" };
        match change {
            ReleaseChange::Added => {
                section.plain(&format!("^ added since {}", r.label), t.header());
            }
            ReleaseChange::Edited => {
                section.plain(&format!("~ edited since {}", r.label), t.header());
                for f in r.edits_of(id) {
                    field_lines(&mut section, f, arrow, t.warning());
                }
            }
        }
        doc.splice(1, section);
    }
}

/// One edit: "fatalities: 5 → 0", or for long values the field then its old and new value
/// each on lines of their own.
fn field_lines(doc: &mut Doc, f: &FieldChange, arrow: &str, style: ratatui::style::Style) {
    let (old, new) = (f.old.to_string(), f.new.to_string());
    let extra = match (&f.old, &f.new) {
        (Value::Coords(a, b), Value::Coords(c, d)) => {
            let km = km_between((*a, *b), (*c, *d));
            if km < 1.0 {
                format!(" (moved {:.0} m)", km * 1000.0)
            } else {
                format!(" (moved {km:.1} km)")
            }
        }
        _ => String::new(),
    };
    if old.chars().count() + new.chars().count() <= INLINE {
        doc.para(&format!("{}: {old} {arrow} {new}{extra}", f.field), style);
    } else {
        doc.para(&format!("{}:{extra}", f.field), style);
        doc.para(&format!("  was: {old}"), ratatui::style::Style::new());
        doc.para(&format!("  now: {new}"), ratatui::style::Style::new());
    }
}
