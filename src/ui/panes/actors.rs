//! The actors pane: the actor profile (list rows are drawn from columns.rs).

use std::collections::HashMap;

use super::incidents_link;
use super::{RECENT, short_name};
use crate::store::{EntityRef, Ix, Store};
use crate::text::count;
use crate::ui::theme::Theme;
use crate::ui::widgets::Doc;

/// Counts of other actors sharing incidents with `ix` as the other side, most first.
pub fn counterparts(store: &Store, ix: Ix) -> Vec<(Ix, usize)> {
    let me = store.actor(ix).id.as_str();
    let mut counts: HashMap<Ix, usize> = HashMap::new();
    for &i in &store.by_actor[ix as usize] {
        let inc = store.incident(i);
        let my_roles: Vec<_> = inc
            .actors
            .iter()
            .filter(|a| a.actor.as_str() == me)
            .collect();
        for other in &inc.actors {
            if other.actor.as_str() == me || !other.role.is_party() {
                continue;
            }
            // A counterpart is on the other side: a different role from ours.
            if my_roles.iter().any(|m| m.role != other.role)
                && let Some(o) = store.actor_ix(&other.actor)
            {
                *counts.entry(o).or_default() += 1;
            }
        }
    }
    let mut v: Vec<_> = counts.into_iter().collect();
    v.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
    v
}

pub fn detail(store: &Store, t: &Theme, ix: Ix, width: usize) -> Doc {
    let e = t.ellipsis();
    let actor = store.actor(ix);
    let list = &store.by_actor[ix as usize];
    let act = store.actor_activity[ix as usize];
    let mut doc = Doc::new(width);
    doc.heading(&actor.name, t.header());
    doc.field("Aliases", &actor.aliases.join(", "), t.label());
    doc.field("Kind", actor.kind.label(), t.label());
    if let Some(aff) = &actor.affiliation {
        doc.field("Affiliation", aff, t.label());
    }
    doc.field("Id", &actor.id, t.label());
    if !actor.merged_from.is_empty() {
        doc.field("Merged from", &actor.merged_from.join("; "), t.label());
    }
    if let Some(p) = actor.parent.as_ref().and_then(|p| store.actor_ix(p)) {
        doc.heading("Part of", t.header());
        doc.link(&store.actor(p).name, EntityRef::Actor(p), t.link(), e);
    }
    let children: Vec<Ix> = (0..store.actors.len() as Ix)
        .filter(|&c| store.actor(c).parent.as_deref() == Some(actor.id.as_str()))
        .collect();
    if !children.is_empty() {
        doc.heading("Affiliated groups", t.header());
        for c in children {
            doc.link(&store.actor(c).name, EntityRef::Actor(c), t.link(), e);
        }
    }
    if !actor.description.is_empty() {
        doc.heading("Description", t.header());
        doc.para(&actor.description, ratatui::style::Style::new());
    }
    doc.heading("Activity", t.header());
    match (act.first, act.last) {
        (Some(first), Some(last)) => {
            doc.field("First seen", &first.to_string(), t.label());
            doc.field("Last seen", &last.to_string(), t.label());
            doc.field("Incidents", &act.incidents.to_string(), t.label());
            doc.field(
                "Fatalities",
                &format!(
                    "{} (best estimates, in the incidents it was part of)",
                    act.fatalities.killed()
                ),
                t.label(),
            );
            incidents_link::by_month(&mut doc, store, list, width, t);
        }
        _ => doc.para("no incidents in this store", t.dim()),
    }
    let mut towns: HashMap<Ix, usize> = HashMap::new();
    for &i in list {
        let inc = store.incident(i);
        // A region's or country's event is no town's activity.
        if inc.is_town_level()
            && let Some(tw) = store.town_ix(&inc.town)
        {
            *towns.entry(tw).or_default() += 1;
        }
    }
    let mut towns: Vec<_> = towns.into_iter().collect();
    towns.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
    if !towns.is_empty() {
        doc.heading("Most active in", t.header());
        for (tw, n) in towns.into_iter().take(5) {
            let town = store.town(tw);
            doc.link(
                &format!(
                    "{} ({}) - {}",
                    town.name,
                    town.country,
                    count(n as u64, "incident")
                ),
                EntityRef::Town(tw),
                t.link(),
                e,
            );
        }
    }
    let cps = counterparts(store, ix);
    if !cps.is_empty() {
        doc.heading("Counterparts (the other side in its incidents)", t.header());
        for (o, n) in cps.into_iter().take(6) {
            let other = store.actor(o);
            doc.link(
                &format!("{} - {}", short_name(other), count(n as u64, "incident")),
                EntityRef::Actor(o),
                t.link(),
                e,
            );
        }
    }
    incidents_link::recent(&mut doc, store, list, RECENT, t);
    doc
}
