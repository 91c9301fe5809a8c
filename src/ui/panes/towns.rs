//! The towns pane: the town detail (list rows are drawn from columns.rs).

use std::collections::HashMap;

use super::incidents_link;
use super::{RECENT, distance_km};
use crate::store::{EntityRef, Ix, Store};
use crate::text::count;
use crate::ui::theme::Theme;
use crate::ui::widgets::Doc;

/// Other towns with coordinates, nearest first, with the distance in km.
pub fn nearby(store: &Store, ix: Ix, n: usize) -> Vec<(Ix, f64)> {
    let town = store.town(ix);
    let (Some(lat), Some(lon)) = (town.lat, town.lon) else {
        return Vec::new();
    };
    let mut v: Vec<(Ix, f64)> = store
        .towns
        .iter()
        .enumerate()
        .filter(|(i, _)| *i as Ix != ix)
        .filter_map(|(i, t)| Some((i as Ix, distance_km((lat, lon), (t.lat?, t.lon?)))))
        .collect();
    let n = n.min(v.len());
    if n == 0 {
        return v;
    }
    v.select_nth_unstable_by(n - 1, |a, b| a.1.total_cmp(&b.1));
    v.truncate(n);
    v.sort_by(|a, b| a.1.total_cmp(&b.1));
    v
}

pub fn detail(store: &Store, t: &Theme, ix: Ix, width: usize) -> Doc {
    let e = t.ellipsis();
    let town = store.town(ix);
    let list = &store.by_town[ix as usize];
    let act = store.town_activity[ix as usize];
    let mut doc = Doc::new(width);
    doc.heading(&town.name, t.header());
    doc.field("Also spelled", &town.aliases.join(", "), t.label());
    let area = crate::text::place([
        town.admin2.as_str(),
        town.admin1.as_str(),
        town.country.as_str(),
    ]);
    doc.field("Area", &area, t.label());
    if let (Some(lat), Some(lon)) = (town.lat, town.lon) {
        doc.field("Coordinates", &format!("{lat:.4}, {lon:.4}"), t.label());
    }
    doc.field("Id", &town.id, t.label());
    if !town.merged_from.is_empty() {
        doc.field("Merged from", &town.merged_from.join("; "), t.label());
    }
    doc.heading("Activity", t.header());
    match (act.first, act.last) {
        (Some(first), Some(last)) => {
            doc.field("Incidents", &act.incidents.to_string(), t.label());
            doc.field(
                "Fatalities",
                &format!("{} (best estimates)", act.fatalities.killed()),
                t.label(),
            );
            doc.field("First, last", &format!("{first}, {last}"), t.label());
            incidents_link::by_month(&mut doc, store, list, width, t);
        }
        _ => doc.para("no incidents in this store", t.dim()),
    }
    let imprecise = store.imprecise_by_town[ix as usize].len();
    if imprecise > 0 {
        doc.para(
            &format!(
                "Not counted here: {} placed only by region or country (not at this town)",
                count(imprecise as u64, "incident")
            ),
            t.dim(),
        );
    }
    let mut actors: HashMap<Ix, usize> = HashMap::new();
    for &i in list {
        // Counted once per incident, however many roles the actor had in it.
        let mut seen: Vec<Ix> = Vec::new();
        for a in &store.incident(i).actors {
            if let Some(ax) = store.actor_ix(&a.actor)
                && !seen.contains(&ax)
            {
                seen.push(ax);
                *actors.entry(ax).or_default() += 1;
            }
        }
    }
    let mut actors: Vec<_> = actors.into_iter().collect();
    actors.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
    if !actors.is_empty() {
        doc.heading("Actors present", t.header());
        for (a, n) in actors.into_iter().take(8) {
            doc.link(
                &format!("{} - {}", store.actor(a).name, count(n as u64, "incident")),
                EntityRef::Actor(a),
                t.link(),
                e,
            );
        }
    }
    let near = nearby(store, ix, 5);
    if !near.is_empty() {
        doc.heading("Nearby towns", t.header());
        for (o, km) in near {
            let other = store.town(o);
            let n = store.town_activity[o as usize].incidents;
            doc.link(
                &format!(
                    "{} ({}) - {km:.0} km, {}",
                    other.name,
                    other.country,
                    count(n as u64, "incident")
                ),
                EntityRef::Town(o),
                t.link(),
                e,
            );
        }
    }
    incidents_link::recent(&mut doc, store, list, RECENT, t);
    let imprecise = &store.imprecise_by_town[ix as usize];
    if !imprecise.is_empty() {
        doc.heading(
            &format!(
                "Placed only by region or country ({}, not counted above)",
                imprecise.len()
            ),
            t.header(),
        );
        for &i in imprecise.iter().take(RECENT) {
            doc.link(
                &incidents_link::label(store, i),
                EntityRef::Incident(i),
                t.link(),
                e,
            );
        }
    }
    doc
}
