//! `sitrep show` and the plain summary printed when no command is given.

use super::tty::{errln, outln};
use serde_json::{Value, json};

use super::{EXIT_OK, EXIT_PROBLEMS};
use crate::store::{EntityRef, Ix, Kind, Lookup, Store};
use crate::ui::theme::Theme;
use crate::ui::widgets::Link;

/// How many candidates an ambiguous query lists (then a count of the rest).
const CANDIDATES_SHOWN: usize = 10;

/// The width `show` lays text out at (the browser's detail pane at a wide terminal).
const TEXT_WIDTH: usize = 100;

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

pub fn run(store: &Store, kind: Kind, query: &str, json: bool, ascii: bool) -> anyhow::Result<u8> {
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
        super::tty::out_text(&to_text(store, found, ascii));
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

/// The record as the browser's detail pane shows it, drawn as plain text: the panes are
/// the one source of each record's text, so `show` and the browser cannot drift apart.
fn to_text(store: &Store, e: EntityRef, ascii: bool) -> String {
    let theme = Theme::new(false, ascii);
    let doc = crate::ui::panes::detail(store, &theme, e, TEXT_WIDTH);
    let mut links = doc.links.iter().peekable();
    let mut out = String::new();
    for (n, line) in doc.lines.iter().enumerate() {
        let start = out.len();
        for span in &line.spans {
            out.push_str(&span.content);
        }
        let end = out[start..].trim_end().len() + start;
        out.truncate(end);
        if n == 0 {
            // The first line names the record; its id goes beside it.
            out.push_str(&format!(" [{}]", id_of(store, e)));
        }
        // Where the pane has a link to follow, the text names the record's id, so a script
        // can `show` it next.
        while let Some((_, target)) = links.next_if(|(at, _)| *at <= n) {
            if let Link::Record(e) = target {
                out.push_str(&format!("  [{}]", id_of(store, *e)));
            }
        }
        out.push('\n');
    }
    out
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
        let text = to_text(&s, EntityRef::Town(0), false);
        assert!(text.contains("Incidents    1\n"), "{text}");
        assert!(text.contains("Fatalities   3 killed"), "{text}");
        assert!(text.contains("Recent incidents (1 in all)"), "{text}");
        assert!(
            text.contains("Placed only by region or country (1, not counted above)"),
            "{text}"
        );
        let after = text.split("Placed only by region").nth(1).unwrap();
        assert!(after.contains("[r1]") && !after.contains("[t1]"), "{text}");
    }

    #[test]
    fn an_incident_says_how_it_is_placed_and_dated_and_its_deaths_by_side() {
        let s = store();
        let ix = s.incident_ix("r1").unwrap();
        let text = to_text(&s, EntityRef::Incident(ix), false);
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
        let actor = to_text(&s, EntityRef::Actor(0), false);
        assert!(
            actor.contains("8 killed (best estimates, in the incidents it was part of)"),
            "{actor}"
        );
    }

    #[test]
    fn show_prints_the_browser_detail_with_each_link_naming_its_record() {
        let s = store();
        let ix = s.incident_ix("r1").unwrap();
        let text = to_text(&s, EntityRef::Incident(ix), false);
        let pane = crate::ui::panes::detail(
            &s,
            &Theme::new(false, false),
            EntityRef::Incident(ix),
            TEXT_WIDTH,
        );
        let lines: Vec<&str> = text.lines().collect();
        assert_eq!(lines.len(), pane.lines.len());
        assert_eq!(lines[0], "2025-07-01 Mopti - Battles [r1]");
        for (n, (shown, drawn)) in lines.iter().zip(&pane.lines).enumerate().skip(1) {
            let drawn: String = drawn.spans.iter().map(|s| s.content.as_ref()).collect();
            let drawn = drawn.trim_end();
            if pane.links.iter().any(|(at, _)| *at == n) {
                assert!(shown.starts_with(drawn) && shown.ends_with(']'), "{shown}");
            } else {
                assert_eq!(*shown, drawn);
            }
        }
        assert!(text.contains("  Group A - side A  [actor:a]\n"), "{text}");
        assert!(
            text.contains("  Mopti (Mopti, Mali)  [town:mopti]\n"),
            "{text}"
        );
    }
}
