//! Search behaviour on a small hand-made store.

use std::sync::Arc;
use std::time::{Duration, Instant};

use chrono::NaiveDate;

use super::*;
use crate::model::{
    Actor, ActorKind, ActorRole, Incident, Meta, Role, SCHEMA_VERSION, StoreDoc, Sym, Town,
};
use crate::store::{EntityRef, Kind, Store};

fn town(id: &str, name: &str, aliases: &[&str], admin1: &str, admin2: &str) -> Town {
    Town {
        id: Sym::new(id),
        name: name.into(),
        aliases: aliases.iter().map(|a| a.to_string()).collect(),
        country: Sym::new("Mali"),
        admin1: Sym::new(admin1),
        admin2: Sym::new(admin2),
        lat: None,
        lon: None,
        merged_from: Vec::new(),
    }
}

fn actor(id: &str, name: &str, aliases: &[&str], kind: ActorKind) -> Actor {
    Actor {
        id: Sym::new(id),
        name: name.into(),
        aliases: aliases.iter().map(|a| a.to_string()).collect(),
        kind,
        parent: None,
        affiliation: None,
        description: String::new(),
        merged_from: Vec::new(),
    }
}

/// (id, date, town id, event type, actor ids, summary, notes)
type Row<'a> = (
    &'a str,
    &'a str,
    &'a str,
    &'a str,
    &'a [&'a str],
    &'a str,
    &'a str,
);

fn incident(store_towns: &[Town], row: Row) -> Incident {
    let (id, date, town_id, event_type, actors, summary, notes) = row;
    let t = store_towns
        .iter()
        .find(|t| t.id.as_str() == town_id)
        .unwrap();
    Incident {
        id: id.into(),
        date: NaiveDate::parse_from_str(date, "%Y-%m-%d").unwrap(),
        date_precision: Default::default(),
        end_date: None,
        geo_precision: None,
        town: t.id.clone(),
        country: t.country.clone(),
        admin1: t.admin1.clone(),
        admin2: t.admin2.clone(),
        lat: None,
        lon: None,
        event_type: Sym::new(event_type),
        sub_event_type: Sym::new(""),
        coded_event_type: None,
        actors: actors
            .iter()
            .enumerate()
            .map(|(k, a)| ActorRole {
                actor: Sym::new(a),
                role: if k == 0 { Role::Attacker } else { Role::Target },
            })
            .collect(),
        fatalities: Default::default(),
        claims: Vec::new(),
        summary: summary.into(),
        notes: notes.into(),
        sources: Vec::new(),
        tags: Vec::new(),
        origin: None,
        dataset: Sym::default(),
    }
}

fn store() -> Store {
    let towns = vec![
        town("town:kayes", "Kayes", &["Kayi"], "Kayes", "Kayes"),
        town(
            "town:diboli",
            "Diboli",
            &["Binoli", "Diboly"],
            "Kayes",
            "Kayes",
        ),
        town(
            "town:sandare",
            "Sandaré",
            &["Sandare", "Sandere"],
            "Kayes",
            "Nioro",
        ),
        town("town:segou", "Ségou", &["Segou"], "Ségou", "Ségou"),
        town(
            "town:tombouctou",
            "Tombouctou",
            &["Timbuktu"],
            "Tombouctou",
            "Tombouctou",
        ),
        town("town:mopti", "Mopti", &[], "Mopti", "Mopti"),
    ];
    let actors = vec![
        actor(
            "actor:jnim",
            "JNIM",
            &[
                "GSIM",
                "Group for Support of Islam and Muslims",
                "Jama’at Nusrat al-Islam wal Muslimin",
            ],
            ActorKind::IslamistArmedGroup,
        ),
        actor(
            "actor:fama",
            "Military Forces of Mali",
            &["FAMa"],
            ActorKind::StateForces,
        ),
        actor(
            "actor:issp",
            "Islamic State Sahel Province",
            &["ISGS"],
            ActorKind::IslamistArmedGroup,
        ),
        actor("actor:civ", "Civilians (Mali)", &[], ActorKind::Civilians),
    ];
    let rows: Vec<Row> = vec![
        (
            "MLI0000001",
            "2025-07-01",
            "town:kayes",
            "Battles",
            &["actor:jnim", "actor:fama"],
            "JNIM attacked army positions in Kayes.",
            "Coordinated attacks at dawn.",
        ),
        (
            "MLI0000002",
            "2025-07-01",
            "town:diboli",
            "Battles",
            &["actor:jnim", "actor:fama"],
            "Attack on the Diboli post near the border.",
            "",
        ),
        (
            "MLI0000003",
            "2025-07-01",
            "town:sandare",
            "Battles",
            &["actor:jnim", "actor:fama"],
            "Attack on the gendarmerie.",
            "Reported by local radio.",
        ),
        (
            "MLI0000004",
            "2025-06-15",
            "town:kayes",
            "Violence against civilians",
            &["actor:issp", "actor:civ"],
            "Gunmen killed herders near the market.",
            "",
        ),
        (
            "MLI0000005",
            "2024-03-02",
            "town:segou",
            "Battles",
            &["actor:fama", "actor:jnim"],
            "Clash on the road.",
            "The convoy was heading to Tombouctou.",
        ),
        (
            "MLI0000006",
            "2023-01-10",
            "town:tombouctou",
            "Explosions/Remote violence",
            &["actor:issp"],
            "Mortar fire on the airport.",
            "",
        ),
        (
            "MLI0000007",
            "2022-05-05",
            "town:kayes",
            "Protests",
            &["actor:civ"],
            "Traders protested.",
            "They denounced the fuel blockade imposed by JNIM.",
        ),
        (
            "MLI0000008",
            "2021-02-02",
            "town:mopti",
            "Battles",
            &["actor:fama"],
            "Patrol ambushed.",
            "Survivors fled towards Sandare.",
        ),
    ];
    let incidents = rows.into_iter().map(|r| incident(&towns, r)).collect();
    let doc = StoreDoc {
        schema_version: SCHEMA_VERSION,
        meta: Meta::default(),
        towns,
        actors,
        reports: Vec::new(),
        incidents,
    };
    Store::from_doc("test".into(), doc, Vec::new())
}

fn fixture() -> (Store, SearchIndex) {
    let s = store();
    let i = SearchIndex::build(&s);
    (s, i)
}

fn town_ref(s: &Store, id: &str) -> EntityRef {
    EntityRef::Town(s.town_ix(id).unwrap())
}

fn actor_ref(s: &Store, id: &str) -> EntityRef {
    EntityRef::Actor(s.actor_ix(id).unwrap())
}

fn inc_ref(s: &Store, id: &str) -> EntityRef {
    EntityRef::Incident(s.incident_ix(id).unwrap())
}

fn incident_ids(s: &Store, r: &Results) -> Vec<String> {
    r.hits
        .iter()
        .filter_map(|h| match h.entity {
            EntityRef::Incident(i) => Some(s.incident(i).id.clone()),
            _ => None,
        })
        .collect()
}

#[test]
fn folds_case_and_accents_both_ways() {
    let (s, ix) = fixture();
    for q in ["sandare", "Sandaré", "SANDARE", "sandaré"] {
        let r = search(&s, &ix, q, None, 10);
        assert_eq!(r.hits[0].entity, town_ref(&s, "town:sandare"), "query {q}");
    }
    for q in ["segou", "Ségou", "SÉGOU"] {
        let r = search(&s, &ix, q, None, 10);
        assert_eq!(r.hits[0].entity, town_ref(&s, "town:segou"), "query {q}");
    }
}

#[test]
fn alias_finds_the_town() {
    let (s, ix) = fixture();
    for q in ["Timbuktu", "tombouctou", "Tombouctou"] {
        let r = search(&s, &ix, q, None, 10);
        assert_eq!(
            r.hits[0].entity,
            town_ref(&s, "town:tombouctou"),
            "query {q}"
        );
    }
    let r = search(&s, &ix, "Binoli", None, 10);
    assert_eq!(r.hits[0].entity, town_ref(&s, "town:diboli"));
}

#[test]
fn every_jnim_alias_finds_the_same_actor_first() {
    let (s, ix) = fixture();
    let jnim = actor_ref(&s, "actor:jnim");
    for q in [
        "JNIM",
        "jnim",
        "GSIM",
        "Group for Support of Islam and Muslims",
        "Jama'at Nusrat al-Islam wal Muslimin",
        "jama’at nusrat",
        "support islam muslims",
    ] {
        let r = search(&s, &ix, q, None, 10);
        assert_eq!(r.hits[0].entity, jnim, "query {q}: {:?}", r.hits);
        let actors = search(&s, &ix, q, Some(Kind::Actor), 10);
        assert_eq!(actors.hits.len(), 1, "query {q}");
    }
}

#[test]
fn every_term_must_match_somewhere() {
    let (s, ix) = fixture();
    let r = search(&s, &ix, "kayes jnim", None, 50);
    let mut ids = incident_ids(&s, &r);
    // In Kayes town or region, with JNIM as an actor or in the notes.
    assert_eq!(ids[0], "MLI0000001", "town and actor fields first: {ids:?}");
    ids.sort();
    assert_eq!(
        ids,
        ["MLI0000001", "MLI0000002", "MLI0000003", "MLI0000007"]
    );
    assert!(
        r.hits
            .iter()
            .all(|h| matches!(h.entity, EntityRef::Incident(_)))
    );
    assert_eq!(r.total, 4);
    assert_eq!(search(&s, &ix, "kayes zzz", None, 50).total, 0);
}

#[test]
fn exact_names_first_then_named_records_then_incidents() {
    let (s, ix) = fixture();
    let r = search(&s, &ix, "kayes", None, 50);
    assert_eq!(r.hits[0].entity, town_ref(&s, "town:kayes"));
    // Misspelt: the town is named, not exactly, and still leads the incidents there.
    let r = search(&s, &ix, "sandre", None, 50);
    assert_eq!(r.hits[0].entity, town_ref(&s, "town:sandare"));
    let ids = incident_ids(&s, &r);
    // The incident in Sandaré before the one whose notes merely mention it.
    assert_eq!(ids, ["MLI0000003", "MLI0000008"]);
}

#[test]
fn equal_scores_put_recent_incidents_first() {
    let (s, ix) = fixture();
    let r = search(&s, &ix, "kayes", Some(Kind::Incident), 50);
    let in_kayes: Vec<&Hit> = r
        .hits
        .iter()
        .filter(|h| match h.entity {
            EntityRef::Incident(i) => s.incident(i).town.as_str() == "town:kayes",
            _ => false,
        })
        .collect();
    assert_eq!(in_kayes.len(), 3);
    assert!(in_kayes.windows(2).all(|w| w[0].score == w[1].score));
    let dates: Vec<_> = in_kayes
        .iter()
        .map(|h| match h.entity {
            EntityRef::Incident(i) => s.incident(i).date,
            _ => unreachable!(),
        })
        .collect();
    assert!(dates.windows(2).all(|w| w[0] >= w[1]), "{dates:?}");
    // The town of Kayes before the rest of the Kayes region.
    assert_eq!(
        incident_ids(&s, &r)[..3],
        ["MLI0000001", "MLI0000004", "MLI0000007"]
    );
}

#[test]
fn incident_ids_match_by_prefix_and_exactly() {
    let (s, ix) = fixture();
    let r = search(&s, &ix, "mli0000005", None, 5);
    assert_eq!(r.hits[0].entity, inc_ref(&s, "MLI0000005"));
    assert_eq!(r.total, 1);
    let r = search(&s, &ix, "MLI000000", Some(Kind::Incident), 20);
    assert_eq!(r.total, 8);
}

#[test]
fn kind_and_limit() {
    let (s, ix) = fixture();
    let r = search(&s, &ix, "a", Some(Kind::Town), 3);
    assert_eq!(r.hits.len(), 3);
    assert!(
        r.hits
            .iter()
            .all(|h| matches!(h.entity, EntityRef::Town(_)))
    );
    assert!(r.total >= 3);
    let r = search(&s, &ix, "   ", None, 3);
    assert_eq!((r.hits.len(), r.total), (0, 0));
}

fn prefixes(q: &str) -> Vec<&str> {
    q.char_indices()
        .map(|(at, c)| &q[..at + c.len_utf8()])
        .collect()
}

#[test]
fn type_ahead_equals_a_full_search_at_every_keystroke() {
    let (s, ix) = fixture();
    let mut typed: Vec<&str> = Vec::new();
    for q in [
        "kayes jnim",
        "sandre",
        "jama’at nusrat",
        "MLI00000",
        "segou fama convoy",
    ] {
        typed.extend(prefixes(q));
        // Then backspace halfway and type something else.
        let half = prefixes(q);
        typed.extend(half[..half.len() / 2].iter().rev());
        typed.push("mopti");
    }
    for kind in [None, Some(Kind::Incident), Some(Kind::Town)] {
        let mut ta = TypeAhead::new();
        for q in &typed {
            let inc = ta.update(&s, &ix, q, kind, 5);
            let full = search(&s, &ix, q, kind, 5);
            assert_eq!(inc, full, "query {q:?} kind {kind:?}");
        }
    }
}

#[test]
fn matches_agrees_with_search() {
    let (s, ix) = fixture();
    let all: Vec<EntityRef> = (0..s.incidents.len() as u32)
        .map(EntityRef::Incident)
        .chain((0..s.actors.len() as u32).map(EntityRef::Actor))
        .chain((0..s.towns.len() as u32).map(EntityRef::Town))
        .collect();
    for q in [
        "kayes jnim",
        "sandre",
        "gsim",
        "Ségou",
        "mli0000007",
        "blockade",
        "xyz",
        "a",
    ] {
        let found = search(&s, &ix, q, None, 1000);
        for e in &all {
            let in_results = found.hits.iter().any(|h| h.entity == *e);
            assert_eq!(
                matches(&s, &ix, *e, q),
                in_results,
                "query {q} entity {e:?}"
            );
        }
    }
    assert!(matches(&s, &ix, inc_ref(&s, "MLI0000001"), ""));
}

#[test]
fn labels_mark_the_matched_characters() {
    let s = store();
    let (label, marks) = label_with_highlights(&s, town_ref(&s, "town:diboli"), "binoli");
    assert_eq!(label, "Diboli (Binoli), Mali");
    let marked: String = marks
        .iter()
        .map(|&k| label.chars().nth(k).unwrap())
        .collect();
    assert_eq!(marked.to_lowercase(), "binoli");

    let (label, marks) = label_with_highlights(&s, town_ref(&s, "town:sandare"), "sandare");
    assert_eq!(label, "Sandaré, Mali");
    assert_eq!(marks, [0, 1, 2, 3, 4, 5, 6]);

    let (label, marks) = label_with_highlights(&s, inc_ref(&s, "MLI0000001"), "kayes jnim");
    assert!(
        label.starts_with("2025-07-01 Kayes Battles · JNIM"),
        "{label}"
    );
    let marked: String = marks
        .iter()
        .map(|&k| label.chars().nth(k).unwrap())
        .collect();
    assert_eq!(marked, "KayesJNIM");
}

#[test]
fn searcher_returns_only_the_latest_query() {
    let s = Arc::new(store());
    let ix = Arc::new(SearchIndex::build(&s));
    let searcher = Searcher::new(s.clone(), ix.clone());
    searcher.submit("k", None, 10);
    searcher.submit("ka", None, 10);
    std::thread::sleep(Duration::from_millis(50));
    searcher.submit("kayes", None, 10);
    let start = Instant::now();
    let got = loop {
        if let Some(r) = searcher.try_recv() {
            break r;
        }
        assert!(start.elapsed() < Duration::from_secs(20), "no results");
        std::thread::sleep(Duration::from_millis(2));
    };
    assert_eq!(got.query, "kayes");
    assert_eq!(got, search(&s, &ix, "kayes", None, 10));
    std::thread::sleep(Duration::from_millis(50));
    assert_eq!(
        searcher.try_recv(),
        None,
        "older queries' results are dropped"
    );
}

#[test]
fn index_is_shareable_across_threads() {
    fn send_sync<T: Send + Sync>() {}
    send_sync::<SearchIndex>();
}

#[test]
fn fast_folding_equals_folding() {
    for s in [
        "On 4 August, JNIM attacked Sandaré (Nioro, Kayes).",
        "Ségou, Tombouctou, Ménaka, Straße, Œuvre, Jama’at — e\u{301}te\u{301}",
        "",
        "ÀÉÎÕÜ ñ ç Ǆ İstanbul",
    ] {
        let mut out = String::new();
        words::fold_fast_into(s, &mut out);
        assert_eq!(out, crate::text::fold(s), "{s}");
    }
}

#[test]
fn a_pasted_megabyte_query_costs_what_its_first_256_characters_cost() {
    let store = Store::open(None).unwrap();
    let index = SearchIndex::build(&store);
    let huge = format!("kidal {}", "q".repeat(1 << 20));
    let cut: String = huge.chars().take(MAX_QUERY_CHARS).collect();
    let t = Instant::now();
    let a = search(&store, &index, &huge, None, 20);
    let took = t.elapsed();
    let b = search(&store, &index, &cut, None, 20);
    assert_eq!(a.total, b.total);
    assert!(took < Duration::from_secs(2), "a 1 MB query took {took:?}");
    let many_terms = "a ".repeat(100_000);
    let t = Instant::now();
    search(&store, &index, &many_terms, None, 20);
    assert!(t.elapsed() < Duration::from_secs(2));
}
