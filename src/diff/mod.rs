//! What changed between two releases of a dataset: the incidents added, removed and
//! changed, field by field, matched by event id (ACLED `event_id_cnty`, UCDP `id`). A pure
//! query over two loaded stores; `render` writes it as text, CSV or JSON, the briefing takes
//! its `revisions` from it and the browser its `changed` filter and marker.
//!
//! Three kinds of difference in an incident found in both releases are kept apart:
//!
//! - **edits** (`changed`): a field whose value is another (fatalities revised, a place
//!   respelled, an actor recoded, coordinates moved, notes rewritten);
//! - **Unicode form only** (`unicode`): the same text in another Unicode form, as when a
//!   release re-saved by Excel writes U+2010 hyphens ("Gourma‐Rharous" for
//!   "Gourma-Rharous"); reported, never counted as an edit (unless asked,
//!   [`Options::unicode_is_edit`]);
//! - **row-level** (`row_level`): ACLED's `data_id` and `timestamp`, the row's bookkeeping:
//!   reported with the incident, never an edit of the event by themselves.

mod fields;
pub mod release;
pub mod render;
#[cfg(test)]
mod tests;

use std::collections::HashMap;

use rayon::prelude::*;

pub use fields::{FIELDS, ROW_FIELDS, Value, location, unicode_form, unicode_only};
pub use release::{ReleaseChange, ReleaseChanges};

use crate::store::{Ix, Store};

/// One field that differs.
#[derive(Clone, Debug, PartialEq)]
pub struct FieldChange {
    pub field: &'static str,
    pub old: Value,
    pub new: Value,
}

/// An incident found in both releases, with what differs in it.
#[derive(Clone, Debug, PartialEq)]
pub struct Changed {
    pub id: String,
    /// Its position in the old store and in the new.
    pub old: Ix,
    pub new: Ix,
    /// Edits of the event.
    pub fields: Vec<FieldChange>,
    /// Values that differ only in Unicode form.
    pub unicode: Vec<FieldChange>,
    /// `data_id`, `timestamp`.
    pub row_level: Vec<FieldChange>,
}

impl Changed {
    pub fn is_edited(&self) -> bool {
        !self.fields.is_empty()
    }
}

#[derive(Clone, Copy, Debug, Default)]
pub struct Options {
    /// Count a difference only in Unicode form as an edit (`--strict-unicode`).
    pub unicode_is_edit: bool,
}

/// The two releases compared.
#[derive(Clone, Debug, Default)]
pub struct Diff {
    /// Positions in the new store, in id order.
    pub added: Vec<Ix>,
    /// Positions in the old store, in id order.
    pub removed: Vec<Ix>,
    /// Every incident in both releases with any difference (an edit, a Unicode form, a
    /// row-level field), in id order.
    pub entries: Vec<Changed>,
    /// Incidents found in both releases (and selected).
    pub compared: usize,
    pub unicode_is_edit: bool,
}

/// How many incidents of each kind, and of the edited ones how many in each field.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Totals {
    pub added: usize,
    pub removed: usize,
    /// Incidents with at least one edit.
    pub changed: usize,
    /// Incidents in both releases with no edit (they may differ in Unicode form or in
    /// row-level fields).
    pub unchanged: usize,
    /// Incidents whose only differences are in Unicode form (not edits).
    pub unicode_only: usize,
    /// Incidents whose only differences are row-level (not edits).
    pub row_level_only: usize,
    /// Edited incidents per field, in [`FIELDS`] order; fields with none left out.
    pub fields: Vec<(&'static str, usize)>,
    /// Incidents with a Unicode-form difference per field.
    pub unicode_fields: Vec<(&'static str, usize)>,
    /// Incidents with a row-level difference per field.
    pub row_fields: Vec<(&'static str, usize)>,
}

impl Diff {
    /// The incidents with at least one edit.
    pub fn changed(&self) -> impl Iterator<Item = &Changed> {
        self.entries.iter().filter(|c| c.is_edited())
    }

    /// No incident added, removed or edited (there may still be differences in Unicode
    /// form or in row-level fields).
    pub fn is_same(&self) -> bool {
        self.added.is_empty() && self.removed.is_empty() && self.changed().next().is_none()
    }

    pub fn totals(&self) -> Totals {
        let count = |pick: &dyn Fn(&Changed) -> &Vec<FieldChange>, names: &[&'static str]| {
            let mut n: HashMap<&str, usize> = HashMap::new();
            for c in &self.entries {
                for f in pick(c) {
                    *n.entry(f.field).or_default() += 1;
                }
            }
            names
                .iter()
                .filter_map(|f| n.get(f).map(|&k| (*f, k)))
                .collect::<Vec<_>>()
        };
        let changed = self.changed().count();
        Totals {
            added: self.added.len(),
            removed: self.removed.len(),
            changed,
            unchanged: self.compared - changed,
            unicode_only: self
                .entries
                .iter()
                .filter(|c| !c.is_edited() && !c.unicode.is_empty())
                .count(),
            row_level_only: self
                .entries
                .iter()
                .filter(|c| !c.is_edited() && c.unicode.is_empty())
                .count(),
            fields: count(&|c| &c.fields, FIELDS),
            unicode_fields: count(&|c| &c.unicode, FIELDS),
            row_fields: count(&|c| &c.row_level, ROW_FIELDS),
        }
    }

    /// The entry of the incident at `ix` in the new store, if it differs in anything.
    pub fn by_new(&self) -> HashMap<Ix, usize> {
        self.entries
            .iter()
            .enumerate()
            .map(|(k, c)| (c.new, k))
            .collect()
    }
}

/// Compares the releases `old` and `new`. With `keep_old`/`keep_new` (a flag per incident,
/// by position), only the incidents selected are compared: one selected on either side and
/// present on both is compared (so an incident moved out of a filter's country is reported
/// as changed, not as removed and added); one selected and present on one side only is
/// removed or added.
pub fn compare(
    old: &Store,
    new: &Store,
    keep_old: Option<&[bool]>,
    keep_new: Option<&[bool]>,
    options: Options,
) -> Diff {
    let kept = |keep: Option<&[bool]>, ix: Ix| keep.is_none_or(|k| k[ix as usize]);
    let (a, b) = (old.incidents_by_id(), new.incidents_by_id());
    let (mut added, mut removed, mut pairs) = (Vec::new(), Vec::new(), Vec::new());
    let (mut i, mut j) = (0, 0);
    loop {
        match (a.get(i), b.get(j)) {
            (Some(&x), Some(&y)) => match old.incident(x).id.cmp(&new.incident(y).id) {
                std::cmp::Ordering::Less => {
                    if kept(keep_old, x) {
                        removed.push(x);
                    }
                    i += 1;
                }
                std::cmp::Ordering::Greater => {
                    if kept(keep_new, y) {
                        added.push(y);
                    }
                    j += 1;
                }
                std::cmp::Ordering::Equal => {
                    if kept(keep_old, x) || kept(keep_new, y) {
                        pairs.push((x, y));
                    }
                    i += 1;
                    j += 1;
                }
            },
            (Some(&x), None) => {
                if kept(keep_old, x) {
                    removed.push(x);
                }
                i += 1;
            }
            (None, Some(&y)) => {
                if kept(keep_new, y) {
                    added.push(y);
                }
                j += 1;
            }
            (None, None) => break,
        }
    }
    let entries: Vec<Changed> = pairs
        .par_iter()
        .with_min_len(4096)
        .filter_map(|&(x, y)| compare_one(old, new, x, y, options))
        .collect();
    Diff {
        added,
        removed,
        entries,
        compared: pairs.len(),
        unicode_is_edit: options.unicode_is_edit,
    }
}

fn compare_one(old: &Store, new: &Store, x: Ix, y: Ix, options: Options) -> Option<Changed> {
    let (o, n) = (old.incident(x), new.incident(y));
    let mut fields_ = Vec::new();
    let mut unicode = Vec::new();
    fields::each_difference(old, o, new, n, &mut |field, a, b| {
        let change = FieldChange {
            field,
            old: a,
            new: b,
        };
        if !options.unicode_is_edit && unicode_only(&change.old, &change.new) {
            unicode.push(change);
        } else {
            fields_.push(change);
        }
    });
    let mut row_level = Vec::new();
    fields::each_row_difference(o, n, &mut |field, a, b| {
        row_level.push(FieldChange {
            field,
            old: a,
            new: b,
        })
    });
    if fields_.is_empty() && unicode.is_empty() && row_level.is_empty() {
        return None;
    }
    Some(Changed {
        id: o.id.clone(),
        old: x,
        new: y,
        fields: fields_,
        unicode,
        row_level,
    })
}

/// The distance between two coordinates in kilometres (haversine), for "moved 48 km".
pub fn km_between(a: (f64, f64), b: (f64, f64)) -> f64 {
    let (la1, lo1, la2, lo2) = (
        a.0.to_radians(),
        a.1.to_radians(),
        b.0.to_radians(),
        b.1.to_radians(),
    );
    let h = ((la2 - la1) / 2.0).sin().powi(2)
        + la1.cos() * la2.cos() * ((lo2 - lo1) / 2.0).sin().powi(2);
    2.0 * 6371.0 * h.sqrt().asin()
}
