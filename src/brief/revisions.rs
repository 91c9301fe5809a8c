//! The briefing's "revisions since the last release" (`sitrep brief --since-release OLD`):
//! what [`crate::diff`] found between the previous release and this store, for the
//! incidents of the briefing's scope, filters and period (on either side), in the
//! briefing's three forms.

use std::collections::BTreeMap;
use std::fmt::Write as _;

use chrono::NaiveDate;
use serde::Serialize;

use crate::diff::{Diff, FieldChange, render::field_lines};
use crate::store::{Ix, Store};
use crate::text::{sanitize, wrap};

/// How many incidents of each kind text and markdown list (JSON lists every one).
pub const LISTED: usize = 12;

/// The release a briefing is compared with.
#[derive(Clone, Debug, Serialize, PartialEq)]
pub struct Release {
    /// The store's title (an import's is made from its file), else its source.
    pub title: String,
    pub source: String,
    /// Its newest incident's date: the release's "as of".
    pub newest: Option<NaiveDate>,
}

impl Release {
    pub fn of(store: &Store) -> Release {
        Release {
            title: crate::diff::release::release_title(store),
            source: store.source.clone(),
            newest: store.newest_date(),
        }
    }

    /// "Mali 2025-07 (to 2025-07-29)".
    pub fn label(&self) -> String {
        match self.newest {
            Some(d) => format!("{} (to {d})", self.title),
            None => self.title.clone(),
        }
    }
}

#[derive(Clone, Debug, Serialize, PartialEq)]
pub struct RevisedField {
    pub field: &'static str,
    pub old: serde_json::Value,
    pub new: serde_json::Value,
    /// The field as text prints it ("fatalities: 5 -> 0").
    #[serde(skip)]
    pub lines: Vec<String>,
    /// The old and new values as text ("(none)" for null).
    #[serde(skip)]
    pub shown: (String, String),
}

#[derive(Clone, Debug, Serialize, PartialEq)]
pub struct Revised {
    pub id: String,
    pub fields: Vec<RevisedField>,
    /// "(2024-03-01) Alpha, North, Xland: Battles", for text and markdown.
    #[serde(skip)]
    pub line: String,
}

#[derive(Clone, Debug, Serialize, PartialEq)]
pub struct RevisionTotals {
    pub added: usize,
    pub removed: usize,
    pub changed: usize,
    pub unchanged: usize,
    /// Incidents differing only in Unicode form, or only in ACLED's row-level `data_id`
    /// and `timestamp`: not edits.
    pub unicode_only: usize,
    pub row_level_only: usize,
    /// Edited incidents per field.
    pub fields: BTreeMap<&'static str, usize>,
    /// The same in the order reports list fields.
    #[serde(skip)]
    pub in_order: Vec<(&'static str, usize)>,
}

/// The revisions section.
#[derive(Clone, Debug, Serialize, PartialEq)]
pub struct Revisions {
    /// The previous release.
    pub old: Release,
    /// Ids in this store, in id order.
    pub added: Vec<String>,
    /// Ids in the previous release, in id order.
    pub removed: Vec<String>,
    pub changed: Vec<Revised>,
    pub totals: RevisionTotals,
    /// Which incidents were compared, in words.
    pub selection: String,
    #[serde(skip)]
    added_lines: Vec<String>,
    #[serde(skip)]
    removed_lines: Vec<String>,
}

/// An incident in one line: date, place, type.
fn incident_line(store: &Store, i: Ix) -> String {
    let inc = store.incident(i);
    let place = crate::text::place([
        crate::diff::location(store, inc),
        inc.admin1.as_str(),
        inc.country.as_str(),
    ]);
    format!("({}) {place}: {}", inc.date, inc.type_label())
}

fn revised_field(f: &FieldChange) -> RevisedField {
    RevisedField {
        field: f.field,
        old: f.old.to_json(),
        new: f.new.to_json(),
        lines: field_lines(f, ""),
        shown: (f.old.to_string(), f.new.to_string()),
    }
}

/// The revisions of `diff` (of `old` against `new`, the briefing's store), the incidents
/// compared described by `selection`.
pub fn of(old: &Store, new: &Store, diff: &Diff, selection: String) -> Revisions {
    let t = diff.totals();
    let ids = |store: &Store, ixs: &[Ix]| -> Vec<String> {
        ixs.iter().map(|&i| store.incident(i).id.clone()).collect()
    };
    let lines = |store: &Store, ixs: &[Ix]| -> Vec<String> {
        ixs.iter()
            .take(LISTED)
            .map(|&i| format!("{} {}", store.incident(i).id, incident_line(store, i)))
            .collect()
    };
    Revisions {
        old: Release::of(old),
        added: ids(new, &diff.added),
        removed: ids(old, &diff.removed),
        changed: diff
            .changed()
            .map(|c| Revised {
                id: c.id.clone(),
                fields: c.fields.iter().map(revised_field).collect(),
                line: incident_line(new, c.new),
            })
            .collect(),
        totals: RevisionTotals {
            added: t.added,
            removed: t.removed,
            changed: t.changed,
            unchanged: t.unchanged,
            unicode_only: t.unicode_only,
            row_level_only: t.row_level_only,
            fields: t.fields.iter().copied().collect(),
            in_order: t.fields.clone(),
        },
        selection,
        added_lines: lines(new, &diff.added),
        removed_lines: lines(old, &diff.removed),
    }
}

impl Revisions {
    /// "Revisions since Xland 2024-03 (to 2024-03-05)".
    pub fn heading(&self) -> String {
        format!("Revisions since {}", self.old.label())
    }

    /// "1 added, 1 removed, 3 edited (fatalities 1, date 1, ...); 1 unchanged".
    pub fn summary(&self) -> String {
        let t = &self.totals;
        let mut s = format!(
            "{} added, {} removed, {} edited",
            t.added, t.removed, t.changed
        );
        if !t.in_order.is_empty() {
            let each: Vec<String> = t.in_order.iter().map(|(f, n)| format!("{f} {n}")).collect();
            let _ = write!(s, " ({})", each.join(", "));
        }
        let _ = write!(s, "; {} unchanged", t.unchanged);
        let quiet = t.unicode_only + t.row_level_only;
        if quiet > 0 {
            let _ = write!(
                s,
                " ({} of them differing only in Unicode form or ACLED's row-level data_id and \
                 timestamp, not edits)",
                quiet
            );
        }
        s
    }

    fn more(shown: usize, all: usize) -> Option<String> {
        (all > shown).then(|| {
            format!(
                "... and {} more (the JSON lists every one; `sitrep diff` gives the whole release)",
                all - shown
            )
        })
    }

    /// The section as plain text (80 columns), starting with a blank line and the
    /// upper-cased heading.
    pub fn text(&self, width: usize) -> String {
        let mut out = String::new();
        let push = |out: &mut String, text: &str, indent: usize| {
            for (i, l) in wrap(&sanitize(text, false), width.saturating_sub(indent + 2))
                .iter()
                .enumerate()
            {
                let pad = if i == 0 { indent } else { indent + 2 };
                let _ = writeln!(out, "{:pad$}{l}", "");
            }
        };
        let _ = writeln!(out, "\n{}", sanitize(&self.heading(), false).to_uppercase());
        push(&mut out, &self.selection, 2);
        push(&mut out, &self.summary(), 2);
        let list = |out: &mut String, title: &str, lines: &[String], all: usize| {
            if all == 0 {
                return;
            }
            push(out, &format!("{title} ({all})"), 2);
            for l in lines {
                push(out, l, 4);
            }
            if let Some(m) = Self::more(lines.len(), all) {
                push(out, &m, 4);
            }
        };
        list(&mut out, "Added", &self.added_lines, self.added.len());
        list(&mut out, "Removed", &self.removed_lines, self.removed.len());
        if !self.changed.is_empty() {
            push(&mut out, &format!("Edited ({})", self.changed.len()), 2);
            for c in self.changed.iter().take(LISTED) {
                push(&mut out, &format!("{} {}", c.id, c.line), 4);
                for f in &c.fields {
                    for l in &f.lines {
                        push(&mut out, l, 6);
                    }
                }
            }
            if let Some(m) = Self::more(LISTED.min(self.changed.len()), self.changed.len()) {
                push(&mut out, &m, 4);
            }
        }
        out
    }

    /// The section as markdown, starting with a blank line and a `##` heading.
    pub fn markdown(&self) -> String {
        use crate::text::markdown_text as md;
        let mut out = String::new();
        let _ = writeln!(out, "\n## {}\n", md(&self.heading()));
        let _ = writeln!(out, "{}\n", md(&self.selection));
        let _ = writeln!(out, "**Totals:** {}", md(&self.summary()));
        let list = |out: &mut String, title: &str, lines: &[String], all: usize| {
            if all == 0 {
                return;
            }
            let _ = writeln!(out, "\n### {title} ({all})\n");
            for l in lines {
                let _ = writeln!(out, "- {}", md(l));
            }
            if let Some(m) = Self::more(lines.len(), all) {
                let _ = writeln!(out, "- {}", md(&m));
            }
        };
        list(&mut out, "Added", &self.added_lines, self.added.len());
        list(&mut out, "Removed", &self.removed_lines, self.removed.len());
        if !self.changed.is_empty() {
            let _ = writeln!(out, "\n### Edited ({})\n", self.changed.len());
            for c in self.changed.iter().take(LISTED) {
                let _ = writeln!(out, "- **{}** {}", md(&c.id), md(&c.line));
                for f in &c.fields {
                    let _ = writeln!(
                        out,
                        "  - {}: {} → {}",
                        md(f.field),
                        md(&f.shown.0),
                        md(&f.shown.1)
                    );
                }
            }
            if let Some(m) = Self::more(LISTED.min(self.changed.len()), self.changed.len()) {
                let _ = writeln!(out, "- {}", md(&m));
            }
        }
        out
    }
}
