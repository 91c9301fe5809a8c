//! Matching rules on hand-made pairs.

use super::*;
use crate::model::{DatePrecision, GeoPrecision, StoreDoc};

/// An incident at (lat, lon) on `date`, between the named actors (kinds guessed by the
/// store as for any record: "Unidentified ..." is unnamed, "Government of ..." state).
fn inc(id: &str, date: &str, lat: f64, lon: f64, actors: &[&str]) -> serde_json::Value {
    let roles: Vec<serde_json::Value> = actors
        .iter()
        .map(|a| serde_json::json!({"actor": format!("actor:{a}"), "role": "side_a"}))
        .collect();
    serde_json::json!({"id": id, "date": date, "town": "t", "country": "Burkina Faso",
        "lat": lat, "lon": lon, "event_type": "Battles", "actors": roles,
        "geo_precision": "exact", "fatalities": {"best": 3}})
}

fn store(incidents: Vec<serde_json::Value>, tweak: impl Fn(&mut StoreDoc)) -> Store {
    let mut names: Vec<String> = Vec::new();
    for i in &incidents {
        for r in i["actors"].as_array().unwrap() {
            let n = r["actor"]
                .as_str()
                .unwrap()
                .trim_start_matches("actor:")
                .to_string();
            if !names.contains(&n) {
                names.push(n);
            }
        }
    }
    let actors: Vec<serde_json::Value> = names
        .iter()
        .map(|n| {
            let kind = if n.starts_with("Unidentified") {
                "unidentified"
            } else if n.starts_with("Government") || n.starts_with("Military") {
                "state_forces"
            } else if n.starts_with("Civilians") {
                "civilians"
            } else {
                "islamist_armed_group"
            };
            serde_json::json!({"id": format!("actor:{n}"), "name": n, "kind": kind})
        })
        .collect();
    let doc = serde_json::json!({"schema_version": 1, "meta": {"title": "t"},
        "towns": [{"id": "t", "name": "T", "country": "Burkina Faso"}],
        "actors": actors, "incidents": incidents});
    let mut doc: StoreDoc = serde_json::from_value(doc).unwrap();
    tweak(&mut doc);
    Store::from_doc("mem".into(), doc, Vec::new())
}

fn run(a: &Store, b: &Store) -> Reconciliation {
    reconcile(
        &side("A", a),
        &side("B", b),
        &Crosswalk::shipped(),
        &Rules::default(),
    )
}

fn side<'s>(label: &str, st: &'s Store) -> Side<'s> {
    Side {
        store: st,
        incidents: (0..st.incidents.len() as Ix).collect(),
        label: label.into(),
    }
}

fn ids(store: &Store, v: &[Ix]) -> Vec<String> {
    v.iter().map(|&i| store.incident(i).id.clone()).collect()
}

const ACLED_JNIM: &str = "JNIM: Group for Support of Islam and Muslims";
const ARMY: &str = "Military Forces of Burkina Faso (2015-)";
const GOV: &str = "Government of Burkina Faso";

#[test]
fn the_same_event_matches_through_the_crosswalk() {
    let a = store(
        vec![inc("1", "2017-03-04", 14.0, -1.0, &["JNIM", GOV])],
        |_| {},
    );
    let b = store(
        vec![inc("BFO1", "2017-03-04", 14.01, -1.0, &[ACLED_JNIM, ARMY])],
        |_| {},
    );
    let r = run(&a, &b);
    assert_eq!(r.matched.len(), 1);
    let m = &r.matched[0];
    assert_eq!((m.days, m.verdict), (0, Verdict::Agree));
    assert!((m.km - 1.1).abs() < 0.05, "{}", m.km);
    assert!(m.differences.is_empty(), "{:?}", m.differences);
    assert!(r.only_a.is_empty() && r.only_b.is_empty() && r.ambiguous.is_empty());
}

#[test]
fn a_near_miss_in_date_or_distance_is_no_candidate() {
    let a = store(vec![inc("1", "2017-03-04", 14.0, -1.0, &["JNIM"])], |_| {});
    // One day apart: a match; two days: none.
    let one = store(vec![inc("B1", "2017-03-05", 14.0, -1.0, &["JNIM"])], |_| {});
    assert_eq!(run(&a, &one).matched.len(), 1);
    let two = store(vec![inc("B2", "2017-03-06", 14.0, -1.0, &["JNIM"])], |_| {});
    let r = run(&a, &two);
    assert_eq!((r.matched.len(), r.only_a.len(), r.only_b.len()), (0, 1, 1));
    // Exact places: 9 km apart fits (5 + 5 km), 12 km does not.
    let near = store(
        vec![inc("B3", "2017-03-04", 14.081, -1.0, &["JNIM"])],
        |_| {},
    );
    assert_eq!(run(&a, &near).matched.len(), 1);
    let far = store(
        vec![inc("B4", "2017-03-04", 14.108, -1.0, &["JNIM"])],
        |_| {},
    );
    assert_eq!(run(&a, &far).matched.len(), 0);
}

#[test]
fn coarser_precisions_widen_the_windows() {
    // A record placed only by its admin2 area 40 km off still fits an exact one.
    let a = store(vec![inc("1", "2017-03-04", 14.0, -1.0, &["JNIM"])], |_| {});
    let b = store(vec![inc("B1", "2017-03-04", 14.36, -1.0, &["JNIM"])], |d| {
        d.incidents[0].geo_precision = Some(GeoPrecision::Admin2)
    });
    assert_eq!(run(&a, &b).matched.len(), 1);
    // Dated to the week: five days off fits.
    let w = store(vec![inc("B2", "2017-03-09", 14.0, -1.0, &["JNIM"])], |d| {
        d.incidents[0].date_precision = DatePrecision::Week
    });
    let r = run(&a, &w);
    assert_eq!(r.matched.len(), 1);
    assert!(r.matched[0].score < 1.0);
}

#[test]
fn a_date_span_matches_any_day_inside_it() {
    let a = store(vec![inc("1", "2017-03-01", 14.0, -1.0, &["JNIM"])], |d| {
        d.incidents[0].date_precision = DatePrecision::Days;
        d.incidents[0].end_date = "2017-03-05".parse().ok();
    });
    let b = store(vec![inc("B1", "2017-03-05", 14.0, -1.0, &["JNIM"])], |_| {});
    let r = run(&a, &b);
    assert_eq!(r.matched.len(), 1);
    assert_eq!(r.matched[0].days, 0);
    let late = store(vec![inc("B2", "2017-03-08", 14.0, -1.0, &["JNIM"])], |_| {});
    assert_eq!(run(&a, &late).matched.len(), 0);
}

#[test]
fn an_unnamed_group_matches_a_named_one_with_a_lower_score() {
    let a = store(
        vec![inc("1", "2017-03-04", 14.0, -1.0, &["JNIM", "Civilians"])],
        |_| {},
    );
    let b = store(
        vec![inc(
            "B1",
            "2017-03-04",
            14.0,
            -1.0,
            &[
                "Unidentified Armed Group (Burkina Faso)",
                "Civilians (Burkina Faso)",
            ],
        )],
        |_| {},
    );
    let r = run(&a, &b);
    assert_eq!(r.matched.len(), 1);
    let m = &r.matched[0];
    assert_eq!(m.verdict, Verdict::Unnamed { shared: true });
    assert!(m.score < 1.0);
    assert!(m.differences.iter().any(|d| d.field == "perpetrator"));
}

#[test]
fn two_events_one_day_one_village_are_ambiguous_not_forced() {
    let a = store(
        vec![
            inc("1", "2017-03-04", 14.0, -1.0, &["JNIM", GOV]),
            inc("2", "2017-03-04", 14.0, -1.0, &["JNIM", GOV]),
        ],
        |_| {},
    );
    let b = store(
        vec![inc("B1", "2017-03-04", 14.0, -1.0, &[ACLED_JNIM, ARMY])],
        |_| {},
    );
    let r = run(&a, &b);
    assert!(r.matched.is_empty());
    assert_eq!(r.ambiguous.len(), 2);
    assert!(
        r.ambiguous
            .iter()
            .all(|x| ids(&b, &[x.candidates[0].0]) == ["B1"])
    );
    assert!(r.only_b.is_empty());
}

#[test]
fn a_clearly_better_candidate_is_matched_and_the_other_kept_as_a_candidate() {
    // B1 is on the day and at the place; B2 a day later and 8 km away.
    let a = store(vec![inc("1", "2017-03-04", 14.0, -1.0, &["JNIM"])], |_| {});
    let b = store(
        vec![
            inc("B1", "2017-03-04", 14.0, -1.0, &["JNIM"]),
            inc("B2", "2017-03-05", 14.072, -1.0, &["JNIM"]),
        ],
        |_| {},
    );
    let r = run(&a, &b);
    assert_eq!(r.matched.len(), 1);
    assert_eq!(b.incident(r.matched[0].b).id, "B1");
    assert_eq!(ids(&b, &r.only_b), ["B2"]);
}

#[test]
fn different_perpetrators_match_only_with_a_shared_party_and_say_so() {
    let a = store(
        vec![inc("1", "2017-03-04", 14.0, -1.0, &["IS", GOV])],
        |_| {},
    );
    let b = store(
        vec![inc("B1", "2017-03-04", 14.0, -1.0, &[ACLED_JNIM, ARMY])],
        |_| {},
    );
    let r = run(&a, &b);
    assert_eq!(r.matched.len(), 1);
    assert_eq!(r.matched[0].verdict, Verdict::Differ);
    let d = r.matched[0]
        .differences
        .iter()
        .find(|d| d.field == "perpetrator")
        .unwrap();
    assert_eq!((d.a.as_str(), d.b.as_str()), ("IS", ACLED_JNIM));
    let c = store(
        vec![inc(
            "B2",
            "2017-03-04",
            14.0,
            -1.0,
            &[ACLED_JNIM, "Civilians"],
        )],
        |_| {},
    );
    assert!(run(&a, &c).matched.is_empty());
}

#[test]
fn fatalities_are_set_side_by_side_as_claims() {
    let a = store(vec![inc("1", "2017-03-04", 14.0, -1.0, &["JNIM"])], |d| {
        d.incidents[0].fatalities = Fatalities::range(Some(0), Some(22), Some(22))
    });
    let b = store(vec![inc("B1", "2017-03-04", 14.0, -1.0, &["JNIM"])], |d| {
        d.incidents[0].fatalities = Fatalities::best(Some(20))
    });
    let r = run(&a, &b);
    assert_eq!(r.matched[0].fatalities, "A: best 22, low 0, high 22; B: 20");
    assert!(
        r.matched[0]
            .differences
            .iter()
            .any(|d| d.field == "fatalities")
    );
}

#[test]
fn a_ucdp_record_is_never_matched_with_a_protest_or_a_strategic_development() {
    let a = store(vec![inc("U1", "2018-03-02", 14.1, -1.6, &[GOV])], |d| {
        d.incidents[0].event_type = "One-sided violence".into();
    });
    let b = store(
        vec![
            inc("P1", "2018-03-02", 14.1, -1.6, &[GOV]),
            inc("S1", "2018-03-02", 14.1, -1.6, &[GOV]),
        ],
        |d| {
            d.incidents[0].event_type = "Protests".into();
            d.incidents[1].event_type = "Strategic developments".into();
        },
    );
    let r = run(&a, &b);
    assert!(r.matched.is_empty());
    assert!(r.ambiguous.is_empty());
    assert_eq!(ids(&a, &r.only_a), ["U1"]);
    // The same records as battles fit.
    let b2 = store(vec![inc("P1", "2018-03-02", 14.1, -1.6, &[GOV])], |_| {});
    assert_eq!(run(&a, &b2).matched.len(), 1);
}

#[test]
fn a_candidate_matched_elsewhere_no_longer_makes_a_clear_pair_ambiguous() {
    // A0 = B1 is clear (same day, same spot). A1, a day later and 2 km on, fits B1 best
    // (0.72) and an unnamed group's attack at its own spot (B2, 0.45) next; B1 prefers A0,
    // so in the first pass A1 is ambiguous. With B1 taken, B2 is all A1 has left and A1 is
    // all B2 has: the second pass pairs them.
    let a = store(
        vec![
            inc("A0", "2018-03-02", 14.100, -1.60, &[ACLED_JNIM]),
            inc("A1", "2018-03-03", 14.118, -1.60, &[ACLED_JNIM]),
        ],
        |_| {},
    );
    let b = store(
        vec![
            inc("B1", "2018-03-02", 14.100, -1.60, &["JNIM"]),
            inc(
                "B2",
                "2018-03-03",
                14.118,
                -1.60,
                &["Unidentified Armed Group (Burkina Faso)"],
            ),
        ],
        |_| {},
    );
    let r = run(&a, &b);
    let mut pairs: Vec<(String, String)> = r
        .matched
        .iter()
        .map(|m| (a.incident(m.a).id.clone(), b.incident(m.b).id.clone()))
        .collect();
    pairs.sort();
    assert_eq!(
        pairs,
        [("A0".into(), "B1".into()), ("A1".into(), "B2".into())],
        "ambiguous: {:?}",
        r.ambiguous
    );
    assert!(r.ambiguous.is_empty());
}

/// `inc` with its best fatality estimate set.
fn inc_toll(id: &str, date: &str, actors: &[&str], best: u32) -> serde_json::Value {
    let mut v = inc(id, date, 14.0, -1.0, actors);
    v["fatalities"] = serde_json::json!({ "best": best });
    v
}

#[test]
fn tolls_tell_apart_two_records_of_one_day_and_place() {
    // The hotel attack (30 dead) and the battle to retake it (3) on one day at one spot:
    // alike in everything but the toll, they were ambiguous; the toll now decides.
    let a = store(
        vec![inc_toll("1", "2016-01-15", &["AQIM", "Civilians"], 28)],
        |_| {},
    );
    let b = store(
        vec![
            inc_toll("B1", "2016-01-15", &["AQIM", "Civilians"], 3),
            inc_toll("B2", "2016-01-15", &["AQIM", "Civilians"], 30),
        ],
        |_| {},
    );
    let r = run(&a, &b);
    assert_eq!(r.matched.len(), 1, "{:?}", r.ambiguous);
    assert_eq!(b.incident(r.matched[0].b).id, "B2");
    assert_eq!(ids(&b, &r.only_b), ["B1"]);
    // With the tolls the same, nothing tells them apart.
    let same = store(
        vec![
            inc_toll("B1", "2016-01-15", &["AQIM", "Civilians"], 30),
            inc_toll("B2", "2016-01-15", &["AQIM", "Civilians"], 30),
        ],
        |_| {},
    );
    let r = run(&a, &same);
    assert!(r.matched.is_empty());
    assert_eq!(r.ambiguous[0].candidates.len(), 2);
}

#[test]
fn an_unknown_toll_costs_nothing() {
    let a = store(vec![inc_toll("1", "2017-03-04", &["JNIM"], 12)], |_| {});
    let mut unknown = inc("B1", "2017-03-04", 14.0, -1.0, &["JNIM"]);
    unknown["fatalities"] = serde_json::json!({});
    let b = store(vec![unknown], |_| {});
    let r = run(&a, &b);
    assert_eq!(r.matched.len(), 1);
    assert_eq!(r.matched[0].score, 1.0);
}

#[test]
fn a_coalition_and_its_member_match_as_related_groups_and_the_names_are_a_difference() {
    // UCDP's JNIM and ACLED's Katiba Macina, with no other party in common: related through
    // the shipped crosswalk, where unrelated perpetrators would be no match at all.
    let a = store(
        vec![inc("1", "2018-10-16", 14.0, -1.0, &["JNIM", "Civilians"])],
        |_| {},
    );
    let b = store(
        vec![inc(
            "B1",
            "2018-10-16",
            14.0,
            -1.0,
            &["Katiba Macina", ARMY],
        )],
        |_| {},
    );
    let r = run(&a, &b);
    assert_eq!(r.matched.len(), 1);
    let m = &r.matched[0];
    assert_eq!(m.verdict, Verdict::Related);
    assert_eq!(m.score, Verdict::Related.score());
    let d = m
        .differences
        .iter()
        .find(|d| d.field == "perpetrator")
        .unwrap();
    assert_eq!((d.a.as_str(), d.b.as_str()), ("JNIM", "Katiba Macina"));
    let is = store(
        vec![inc("B1", "2018-10-16", 14.0, -1.0, &["IS", ARMY])],
        |_| {},
    );
    assert!(run(&a, &is).matched.is_empty(), "IS is no member of JNIM");
}
