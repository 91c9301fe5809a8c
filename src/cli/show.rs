//! `sitrep show` and the plain summary printed when no command is given.

use super::tty::{errln, outln};
use serde_json::{Value, json};

use super::{EXIT_OK, EXIT_PROBLEMS};
use crate::model::Incident;
use crate::store::{EntityRef, Ix, Kind, Lookup, Store};

/// How many candidates an ambiguous query lists (then a count of the rest).
const CANDIDATES_SHOWN: usize = 10;

/// How many linked incidents `show` lists in text form.
const LINKED_SHOWN: usize = 20;

pub fn print_summary(store: &Store) {
    let m = &store.meta;
    outln!("{}", m.title);
    if let Some(w) = m.content.warning() {
        outln!("!! {w}");
    }
    outln!(
        "{}: {} incidents, {} actors, {} towns, {} reports, {}",
        store.source,
        store.incidents.len(),
        store.actors.len(),
        store.towns.len(),
        store.reports.len(),
        store.total_fatalities().killed()
    );
    if let (Some(a), Some(b)) = (store.oldest_date(), store.newest_date()) {
        outln!("dates {a} to {b}");
    }
}

pub fn run(store: &Store, kind: Kind, query: &str, json: bool) -> anyhow::Result<u8> {
    let found = match store.lookup(kind, query) {
        Lookup::Found(e) => e,
        Lookup::NotFound => {
            errln!("sitrep: no {} matches '{query}'", kind.label());
            return Ok(EXIT_PROBLEMS);
        }
        Lookup::Ambiguous(many) => {
            errln!(
                "sitrep: '{query}' matches {} {}s; be more specific or use an id:",
                many.len(),
                kind.label()
            );
            for e in many.iter().take(CANDIDATES_SHOWN) {
                errln!("  {}  {}", id_of(store, *e), store.label(*e));
            }
            if many.len() > CANDIDATES_SHOWN {
                errln!("  ... and {} more", many.len() - CANDIDATES_SHOWN);
            }
            return Ok(EXIT_PROBLEMS);
        }
    };
    if json {
        outln!(
            "{}",
            crate::text::json::to_string_pretty(&to_json(store, found))?
        );
    } else {
        super::tty::out_text(&to_text(store, found));
    }
    Ok(EXIT_OK)
}

fn id_of(store: &Store, e: EntityRef) -> String {
    match e {
        EntityRef::Incident(i) => store.incident(i).id.clone(),
        EntityRef::Actor(i) => store.actor(i).id.to_string(),
        EntityRef::Town(i) => store.town(i).id.to_string(),
        EntityRef::Report(i) => store.report(i).id.to_string(),
    }
}

fn incident_brief(store: &Store, i: Ix) -> Value {
    let inc = store.incident(i);
    json!({
        "id": inc.id,
        "date": inc.date,
        "town": store.town_name(&inc.town),
        "event_type": inc.event_type,
        "fatalities": inc.fatalities,
        "summary": inc.summary,
    })
}

fn to_json(store: &Store, e: EntityRef) -> Value {
    let incidents =
        |list: &[Ix]| -> Vec<Value> { list.iter().map(|&i| incident_brief(store, i)).collect() };
    match e {
        EntityRef::Incident(i) => {
            let inc = store.incident(i);
            let actors: Vec<Value> = inc
                .actors
                .iter()
                .map(|a| json!({"id": a.actor, "name": store.actor_name(&a.actor), "role": a.role}))
                .collect();
            let reports: Vec<Value> = inc
                .sources
                .iter()
                .filter_map(|s| s.report.as_ref().and_then(|r| store.report_ix(r)))
                .map(|r| json!({"id": store.report(r).id, "title": store.report(r).title}))
                .collect();
            json!({"kind": "incident", "record": inc, "actors": actors,
                   "town": store.town_ix(&inc.town).map(|t| store.town(t)),
                   "reports": reports})
        }
        EntityRef::Actor(a) => {
            let list = &store.by_actor[a as usize];
            json!({"kind": "actor", "record": store.actor(a),
                   "incident_count": list.len(),
                   "fatalities": store.actor_activity[a as usize].fatalities.best,
                   "fatalities_unknown": store.actor_activity[a as usize].fatalities.unknown,
                   "incidents": incidents(list)})
        }
        EntityRef::Town(t) => {
            let list = &store.by_town[t as usize];
            let actors: Vec<Value> = actors_in(store, list)
                .into_iter()
                .map(|(a, n)| json!({"id": store.actor(a).id, "name": store.actor(a).name, "incidents": n}))
                .collect();
            json!({"kind": "town", "record": store.town(t),
                   "incident_count": list.len(),
                   "fatalities": store.town_activity[t as usize].fatalities.best,
                   "fatalities_unknown": store.town_activity[t as usize].fatalities.unknown,
                   "imprecise_incidents": incidents(&store.imprecise_by_town[t as usize]),
                   "actors": actors, "incidents": incidents(list)})
        }
        EntityRef::Report(r) => json!({"kind": "report", "record": store.report(r),
                   "incidents": incidents(&store.by_report[r as usize])}),
    }
}

/// Actors involved in a list of incidents, most involved first.
fn actors_in(store: &Store, list: &[Ix]) -> Vec<(Ix, usize)> {
    let mut counts: std::collections::HashMap<Ix, usize> = Default::default();
    for &i in list {
        // An actor with two roles in one incident (attacker, claimed_by) counts once.
        let ids: std::collections::BTreeSet<&str> = store
            .incident(i)
            .actors
            .iter()
            .map(|a| a.actor.as_str())
            .collect();
        for a in ids {
            if let Some(ax) = store.actor_ix(a) {
                *counts.entry(ax).or_default() += 1;
            }
        }
    }
    let mut v: Vec<_> = counts.into_iter().collect();
    v.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
    v
}

fn incident_line(store: &Store, inc: &Incident) -> String {
    format!(
        "  {}  {:<18} {:<28} fatalities {}  [{}]",
        inc.date,
        store.town_name(&inc.town),
        inc.event_type.as_str(),
        inc.fatalities.display(),
        inc.id
    )
}

fn linked(store: &Store, list: &[Ix], out: &mut String) {
    linked_as(store, "Incidents", list, out);
}

fn linked_as(store: &Store, heading: &str, list: &[Ix], out: &mut String) {
    out.push_str(&format!("{heading} ({}, newest first):\n", list.len()));
    for &i in list.iter().take(LINKED_SHOWN) {
        out.push_str(&incident_line(store, store.incident(i)));
        out.push('\n');
    }
    if list.len() > LINKED_SHOWN {
        out.push_str(&format!(
            "  ... and {} more (use --json for all)\n",
            list.len() - LINKED_SHOWN
        ));
    }
}

fn to_text(store: &Store, e: EntityRef) -> String {
    let mut out = String::new();
    let mut line = |k: &str, v: &str| {
        if !v.is_empty() {
            out.push_str(&format!("{k:<12} {v}\n"));
        }
    };
    match e {
        EntityRef::Incident(i) => {
            let inc = store.incident(i);
            line("Incident", &inc.id);
            line(
                "Date",
                &format!("{} ({})", inc.date_label(), inc.date_precision.describe()),
            );
            let place = [
                store.town_name(&inc.town),
                inc.admin2.as_str(),
                inc.admin1.as_str(),
                inc.country.as_str(),
            ]
            .iter()
            .filter(|s| !s.is_empty())
            .copied()
            .collect::<Vec<_>>()
            .join(", ");
            line("Place", &place);
            if let Some(g) = inc.geo_precision {
                line("Placed", g.describe());
            }
            if let (Some(lat), Some(lon)) = (inc.lat, inc.lon) {
                line("Coordinates", &format!("{lat:.4}, {lon:.4}"));
            }
            line("Type", &inc.type_label());
            if let Some(coded) = &inc.coded_event_type {
                line("Coded as", coded);
            }
            let f = inc.fatalities;
            let n = |v: Option<u32>| v.map_or("unknown".to_string(), |v| v.to_string());
            line(
                "Fatalities",
                &format!("best {}, low {}, high {}", n(f.best), n(f.low), n(f.high)),
            );
            if f.has_sides() {
                line(
                    "By side",
                    &format!(
                        "side A {}, side B {}, civilians {}, unknown {}",
                        n(f.side_a),
                        n(f.side_b),
                        n(f.civilians),
                        n(f.unknown)
                    ),
                );
            }
            for a in &inc.actors {
                line(
                    "Actor",
                    &format!("{} ({})", store.actor_name(&a.actor), a.role.label()),
                );
            }
            for c in &inc.claims {
                let fig = c.figure.map_or(String::new(), |n| {
                    format!(" [{n} {}]", c.figure_label.as_deref().unwrap_or(""))
                });
                let src = c
                    .source
                    .as_ref()
                    .map_or(String::new(), |s| format!(" (source: {s})"));
                line(
                    "Claim",
                    &format!("{}: {}{fig}{src}", store.actor_name(&c.claimant), c.claim),
                );
            }
            line("Summary", &inc.summary);
            line("Notes", &inc.notes);
            for s in &inc.sources {
                let mut v = s.outlet.to_string();
                if let Some(d) = s.date {
                    v.push_str(&format!(", {d}"));
                }
                if let Some(u) = &s.url {
                    v.push_str(&format!(", {u}"));
                }
                if let Some(r) = &s.report {
                    v.push_str(&format!(" [report {r}]"));
                }
                if s.illustrative {
                    v.push_str(" (ILLUSTRATIVE)");
                }
                line("Source", &v);
            }
            if !inc.tags.is_empty() {
                let tags: Vec<&str> = inc.tags.iter().map(|t| t.as_str()).collect();
                line("Tags", &tags.join(", "));
            }
        }
        EntityRef::Actor(a) => {
            let actor = store.actor(a);
            let act = store.actor_activity[a as usize];
            line("Actor", &format!("{} [{}]", actor.name, actor.id));
            line("Aliases", &actor.aliases.join(", "));
            line("Kind", actor.kind.label());
            if let Some(p) = &actor.parent {
                line("Parent", store.actor_name(p));
            }
            line("Affiliation", actor.affiliation.as_deref().unwrap_or(""));
            line("Description", &actor.description);
            line("Activity", &activity_text(act, " in its incidents"));
            linked(store, &store.by_actor[a as usize], &mut out);
        }
        EntityRef::Town(t) => {
            let town = store.town(t);
            let act = store.town_activity[t as usize];
            line("Town", &format!("{} [{}]", town.name, town.id));
            line("Aliases", &town.aliases.join(", "));
            let area = [
                town.admin2.as_str(),
                town.admin1.as_str(),
                town.country.as_str(),
            ]
            .iter()
            .filter(|s| !s.is_empty())
            .copied()
            .collect::<Vec<_>>()
            .join(", ");
            line("Area", &area);
            if let (Some(lat), Some(lon)) = (town.lat, town.lon) {
                line("Coordinates", &format!("{lat:.4}, {lon:.4}"));
            }
            line("Activity", &activity_text(act, ""));
            let imprecise = store.imprecise_by_town[t as usize].len();
            if imprecise > 0 {
                line(
                    "Not counted",
                    &format!(
                        "{imprecise} incident{} placed only by region or country, not at this town",
                        if imprecise == 1 { "" } else { "s" }
                    ),
                );
            }
            let list = &store.by_town[t as usize];
            let actors: Vec<String> = actors_in(store, list)
                .into_iter()
                .map(|(a, n)| format!("{} ({n})", store.actor(a).name))
                .collect();
            line("Actors", &actors.join(", "));
            linked(store, list, &mut out);
            let imprecise = &store.imprecise_by_town[t as usize];
            if !imprecise.is_empty() {
                linked_as(
                    store,
                    "Placed only by region or country (not counted above)",
                    imprecise,
                    &mut out,
                );
            }
        }
        EntityRef::Report(r) => {
            let rep = store.report(r);
            line("Report", &rep.title);
            line("Outlet", rep.outlet.as_str());
            out.push_str(&rep.text);
            out.push('\n');
        }
    }
    out
}

/// "3 incidents, 17 killed in its incidents, first seen ...": `whose` says whose incidents
/// the toll is from, so an actor's figure does not read as what it killed.
fn activity_text(a: crate::store::Activity, whose: &str) -> String {
    let killed = a
        .fatalities
        .killed()
        .replacen(" killed", &format!(" killed{whose}"), 1);
    match (a.first, a.last) {
        (Some(f), Some(l)) => format!(
            "{} incident{}, {killed}, first seen {f}, last seen {l}",
            a.incidents,
            if a.incidents == 1 { "" } else { "s" }
        ),
        _ => "no incidents in this store".into(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn store() -> Store {
        let doc = serde_json::json!({
            "schema_version": 1,
            "meta": {"title": "show test", "content": "illustrative"},
            "towns": [{"id": "town:mopti", "name": "Mopti", "country": "Mali", "admin1": "Mopti"}],
            "actors": [{"id": "actor:a", "name": "Group A", "kind": "rebel_group"}],
            "incidents": [
                {"id": "t1", "date": "2025-07-02", "town": "town:mopti", "country": "Mali",
                 "event_type": "Battles", "geo_precision": "exact",
                 "actors": [{"actor": "actor:a", "role": "actor1"}], "fatalities": {"best": 3}},
                {"id": "r1", "date": "2025-07-01", "end_date": "2025-07-04", "town": "town:mopti",
                 "country": "Mali", "event_type": "Battles", "geo_precision": "admin1",
                 "date_precision": "days",
                 "actors": [{"actor": "actor:a", "role": "side_a"}],
                 "fatalities": {"best": 5, "side_a": 1, "side_b": 4}}
            ]
        });
        let bytes = serde_json::to_vec(&doc).unwrap();
        Store::from_bytes(std::path::Path::new("show-test.json"), &bytes, &|_, _| {}).unwrap()
    }

    #[test]
    fn a_town_counts_only_incidents_placed_at_it_and_lists_the_others_apart() {
        let s = store();
        let text = to_text(&s, EntityRef::Town(0));
        assert!(text.contains("1 incident, 3 killed, first seen"), "{text}");
        assert!(text.contains("Incidents (1, newest first)"), "{text}");
        assert!(
            text.contains("Placed only by region or country (not counted above) (1, newest first)"),
            "{text}"
        );
        let after = text.split("Placed only by region").nth(1).unwrap();
        assert!(after.contains("[r1]") && !after.contains("[t1]"), "{text}");
    }

    #[test]
    fn an_incident_says_how_it_is_placed_and_dated_and_its_deaths_by_side() {
        let s = store();
        let ix = s.incident_ix("r1").unwrap();
        let text = to_text(&s, EntityRef::Incident(ix));
        assert!(
            text.contains("2025-07-01 to 2025-07-04 (known to a span of 2-6 days)"),
            "{text}"
        );
        assert!(
            text.contains("placed only by its region (admin1), not a town"),
            "{text}"
        );
        assert!(
            text.contains("side A 1, side B 4, civilians unknown, unknown unknown"),
            "{text}"
        );
        assert!(
            text.contains("Type         Battles\n"),
            "no trailing slash: {text}"
        );
        let actor = to_text(&s, EntityRef::Actor(0));
        assert!(actor.contains("8 killed in its incidents"), "{actor}");
    }
}
