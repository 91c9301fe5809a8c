//! Briefing figures checked against small stores counted by hand.

use std::path::Path;

use chrono::NaiveDate;
use serde_json::json;

use super::*;

fn d(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
}

fn inc(
    id: &str,
    date: &str,
    town: &str,
    actors: &[(&str, &str)],
    best: Option<u32>,
) -> serde_json::Value {
    let (country, admin1) = if town == "town:dakar" {
        ("Senegal", "Dakar")
    } else {
        ("Mali", "Kayes")
    };
    json!({
        "id": id, "date": date, "town": town, "country": country, "admin1": admin1,
        "event_type": "Battles",
        "actors": actors.iter().map(|(a, r)| json!({"actor": a, "role": r})).collect::<Vec<_>>(),
        "fatalities": match best { Some(b) => json!({"best": b}), None => json!({}) },
        "sources": [{"outlet": "Hand-written test (illustrative)", "illustrative": true}]
    })
}

fn store(incidents: Vec<serde_json::Value>) -> Store {
    let doc = json!({
        "schema_version": 1,
        "meta": {"title": "brief test", "content": "illustrative"},
        "towns": [
            {"id": "town:kayes", "name": "Kayes", "country": "Mali", "admin1": "Kayes"},
            {"id": "town:nioro", "name": "Nioro du Sahel", "country": "Mali", "admin1": "Kayes"},
            {"id": "town:dakar", "name": "Dakar", "country": "Senegal", "admin1": "Dakar"}
        ],
        "actors": [
            {"id": "actor:jnim", "name": "JNIM", "kind": "islamist_armed_group"},
            {"id": "actor:fama", "name": "Military Forces of Mali", "kind": "state_forces"},
            {"id": "actor:civ", "name": "Civilians (Mali)", "kind": "civilians"}
        ],
        "reports": [],
        "incidents": incidents
    });
    let bytes = serde_json::to_vec(&doc).unwrap();
    let s = Store::from_bytes(Path::new("brief-test.json"), &bytes, &|_, _| {}).unwrap();
    assert!(s.problems.is_empty(), "{:?}", s.problems);
    s
}

const J: (&str, &str) = ("actor:jnim", "attacker");
const F: (&str, &str) = ("actor:fama", "target");
const C: (&str, &str) = ("actor:civ", "target");

/// Period 2025-07-01..07 against 06-24..30, with history back to March.
fn sample() -> Store {
    store(sample_rows())
}

fn sample_rows() -> Vec<serde_json::Value> {
    vec![
        // This period: 4 incidents, 10 + 5 + 0 + unknown = 15 killed.
        inc("a1", "2025-07-07", "town:kayes", &[J, F], Some(10)),
        inc("a2", "2025-07-05", "town:kayes", &[J, C], Some(5)),
        inc("a3", "2025-07-02", "town:nioro", &[J, F], Some(0)),
        inc("a4", "2025-07-01", "town:dakar", &[C], None),
        // Previous period: 2 incidents, 7 killed.
        inc("b1", "2025-06-30", "town:kayes", &[J, F], Some(4)),
        inc("b2", "2025-06-24", "town:kayes", &[F, C], Some(3)),
        // Older: outside the previous period, inside the 90-day window.
        inc("c1", "2025-05-01", "town:kayes", &[J, F], Some(1)),
        // Long ago: makes the store's history reach back beyond 90 days.
        inc("z1", "2025-01-01", "town:dakar", &[C], Some(0)),
    ]
}

/// The text with every run of whitespace one space, so a phrase can be found across a wrap.
fn flat(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

fn period(since: &str, until: &str) -> Period {
    Period::new(d(since), d(until))
}

#[test]
fn headline_counts_and_change() {
    let s = sample();
    let b = build(&s, period("2025-07-01", "2025-07-07"), &Scope::default());
    let h = &b.headline;
    assert_eq!(h.incidents, 4);
    assert_eq!(h.fatalities, 15);
    // a4 has no figure: counted apart, and it leaves the upper end open.
    assert_eq!(h.fatalities_unknown, 1);
    assert_eq!((h.fatalities_low, h.fatalities_high), (15, None));
    assert_eq!(h.previous_incidents, 2);
    assert_eq!(h.previous_fatalities, 7);
    assert_eq!(h.incidents_change, 2);
    assert_eq!(h.fatalities_change, 8);
    assert_eq!(h.incident_ids.ids, vec!["a1", "a2", "a3", "a4"]);
    assert_eq!(b.previous_period.period, period("2025-06-24", "2025-06-30"));
    assert_eq!(b.previous_period.covered_days, 7);
    let text = flat(&render::text(&b));
    assert!(
        text.contains("15 killed, and 1 incident with no figure (best estimates; range 15-?)"),
        "{text}"
    );
}

#[test]
fn rankings_count_incidents_per_actor_and_town() {
    let s = sample();
    let b = build(&s, period("2025-07-01", "2025-07-07"), &Scope::default());
    let jnim = &b.actors[0];
    assert_eq!(
        (jnim.name.as_str(), jnim.incidents, jnim.fatalities),
        ("JNIM", 3, 15)
    );
    assert_eq!(jnim.previous_incidents, 1);
    assert_eq!(jnim.change, 2);
    let kayes = &b.towns[0];
    assert_eq!(
        (kayes.name.as_str(), kayes.incidents, kayes.fatalities),
        ("Kayes, Mali", 2, 15)
    );
    assert_eq!(kayes.incident_ids.ids, vec!["a1", "a2"]);
    // Nioro and Dakar have one each; Dakar was last seen in January, Nioro never.
    let new: Vec<&str> = b.new_towns.iter().map(|r| r.name.as_str()).collect();
    assert_eq!(new, vec!["Dakar, Senegal", "Nioro du Sahel, Mali"]);
    assert!(
        b.new_actors.is_empty(),
        "all three actors were active in May or June"
    );
}

#[test]
fn deadliest_and_contested() {
    let mut incidents = vec![
        inc("k1", "2025-07-03", "town:kayes", &[J, F], Some(40)),
        inc("k2", "2025-07-02", "town:nioro", &[J, F], Some(12)),
        inc("old", "2025-01-01", "town:kayes", &[J], Some(1)),
    ];
    incidents[0]["fatalities"] = json!({"low": 30, "best": 40, "high": 80});
    incidents[0]["claims"] = json!([
        {"claimant": "actor:fama", "claim": "80 militants neutralised", "figure": 80, "figure_label": "militants killed"},
        {"claimant": "actor:jnim", "claim": "took three camps", "figure": 3, "figure_label": "camps seized"}
    ]);
    let s = store(incidents);
    let b = build(&s, period("2025-07-01", "2025-07-07"), &Scope::default());
    assert_eq!(
        b.deadliest
            .iter()
            .map(|n| n.id.as_str())
            .collect::<Vec<_>>(),
        vec!["k1", "k2"]
    );
    assert_eq!(b.headline.fatalities, 52);
    assert_eq!(
        (b.headline.fatalities_low, b.headline.fatalities_high),
        (42, Some(92))
    );
    assert_eq!(b.headline.contested, 1);
    assert_eq!(b.contested.len(), 1);
    let claims = &b.contested[0].claims;
    assert_eq!(claims[0].party, "Military Forces of Mali");
    assert_eq!(claims[0].figure, Some(80));
    assert_eq!(claims[1].party, "JNIM");
}

#[test]
fn empty_period_outside_the_store_says_none_and_compares_with_nothing() {
    let s = sample();
    let b = build(&s, period("2024-01-01", "2024-01-07"), &Scope::default());
    assert_eq!(b.headline.incidents, 0);
    assert_eq!(b.headline.previous_incidents, 0);
    assert!(b.actors.is_empty() && b.towns.is_empty() && b.deadliest.is_empty());
    assert!(b.weeks.iter().all(|w| w.incidents == 0));
    let text = render::text(&b);
    assert!(
        text.contains("Incidents   0 (previous 7 days: not in the store; no change"),
        "{text}"
    );
    assert!(text.lines().all(|l| l.chars().count() <= 80));
}

#[test]
fn one_incident_store() {
    let s = store(vec![inc(
        "only",
        "2025-07-07",
        "town:kayes",
        &[J, F],
        Some(2),
    )]);
    let p = PeriodRequest::default().resolve(&s).unwrap();
    assert_eq!(p, period("2025-07-01", "2025-07-07"));
    let b = build(&s, p, &Scope::default());
    assert_eq!(b.headline.incidents, 1);
    assert_eq!(b.headline.fatalities, 2);
    // History does not reach 90 days back, so nothing is called newly active.
    assert!(b.new_towns.is_empty() && b.new_actors.is_empty());
    // ISO weeks: at least 12 back from the end, starting on a Monday.
    assert!(b.weeks.len() >= CHART_WEEKS as usize);
    assert!(b.weeks[0].start <= d("2025-07-07") - chrono::Days::new(12 * 7 - 1));
    assert_eq!(b.weeks.last().unwrap().incidents, 1);
    assert_eq!(b.weeks.last().unwrap().label, "2025-W28");
}

#[test]
fn scope_by_country_town_and_actor() {
    let s = sample();
    let p = period("2025-07-01", "2025-07-07");
    let scope = |country: Option<&str>, town: Option<&str>, actor: Option<&str>| {
        ScopeRequest {
            country: country.map(str::to_string),
            town: town.map(str::to_string),
            actor: actor.map(str::to_string),
        }
        .resolve(&s)
        .unwrap()
    };
    let senegal = build(&s, p, &scope(Some("senegal"), None, None));
    assert_eq!(senegal.headline.incidents, 1);
    let kayes = build(&s, p, &scope(None, Some("Kayes"), None));
    assert_eq!(kayes.headline.incidents, 2);
    assert_eq!(kayes.scope, "Kayes, Mali");
    let jnim = build(&s, p, &scope(None, None, Some("jnim")));
    assert_eq!(jnim.headline.incidents, 3);
    // An actor's briefing ranks the others it met, not itself.
    assert!(jnim.actors.iter().all(|a| a.name != "JNIM"));
    assert!(
        ScopeRequest {
            country: Some("Atlantis".into()),
            ..Default::default()
        }
        .resolve(&s)
        .is_err()
    );
}

#[test]
fn sharp_rise_is_the_change_band_against_its_own_baseline() {
    // Nioro: 3 incidents in the 84-day baseline (0.25 expected in 7 days), then 4 in a week:
    // 3.75 more than expected, at least 3 (moderate) but under 5 (large).
    let mut v = vec![inc("z", "2025-01-01", "town:dakar", &[C], None)];
    for (i, day) in ["2025-04-15", "2025-05-15", "2025-06-15"]
        .iter()
        .enumerate()
    {
        v.push(inc(&format!("base{i}"), day, "town:nioro", &[C], None));
    }
    for i in 0..4 {
        v.push(inc(
            &format!("now{i}"),
            &format!("2025-07-0{}", i + 1),
            "town:nioro",
            &[C],
            None,
        ));
    }
    let s = store(v);
    let b = build(&s, period("2025-07-01", "2025-07-07"), &Scope::default());
    let town = b
        .rises
        .iter()
        .find(|r| r.of == RiseOf::Town)
        .expect("a town rise");
    assert_eq!(town.name, "Nioro du Sahel, Mali");
    assert_eq!(town.incidents, 4);
    assert_eq!((town.baseline_incidents, town.expected), (3, 0.25));
    assert_eq!(b.rise_baseline.days, 84);
    assert_eq!(town.band, crate::trend::changes::Band::ModerateRise);
    assert_eq!(
        render::rise_phrase(town),
        "Nioro du Sahel, Mali (town): moderate rise, 4 incidents against 0.25 expected from 3 in the baseline"
    );
    // The same result `sitrep changes --by town` gives for the period.
    let f = crate::search::filters::Filters::parse("since:2025-07-01 until:2025-07-07").unwrap();
    let c = crate::trend::changes::build(&s, &f, crate::trend::Dim::Town).unwrap();
    let same = c.items.iter().find(|i| i.name == town.name).unwrap();
    assert_eq!(
        (same.current, same.baseline_incidents, same.band),
        (4, 3, town.band)
    );
    assert_eq!(same.expected, town.expected);
}

#[test]
fn the_three_formats_carry_the_same_facts() {
    let s = sample();
    let b = build(&s, period("2025-07-01", "2025-07-07"), &Scope::default());
    let text = render::text(&b);
    let md = render::markdown(&b);
    let js: serde_json::Value = serde_json::from_str(&render::json(&b)).unwrap();
    for needle in ["JNIM", "Kayes, Mali", "Nioro du Sahel, Mali"] {
        assert!(text.contains(needle) && md.contains(needle), "{needle}");
    }
    assert!(
        text.lines()
            .all(|l| l.chars().count() <= render::TEXT_WIDTH),
        "{text}"
    );
    assert_eq!(js["headline"]["incidents"], 4);
    assert_eq!(js["headline"]["fatalities"], 15);
    assert_eq!(js["actors"][0]["incident_ids"], json!(["a1", "a2", "a3"]));
    assert_eq!(js["headline"]["fatalities_unknown"], 1);
    assert_eq!(js["headline"]["fatalities_high"], serde_json::Value::Null);
    assert_eq!(js["schema"], 3);
}

#[test]
fn an_event_placed_by_its_region_is_no_towns_activity() {
    let mut v = vec![
        inc("t1", "2025-07-03", "town:kayes", &[J, F], Some(4)),
        inc("r1", "2025-07-02", "town:kayes", &[J, F], Some(6)),
        inc("r2", "2025-07-02", "town:nioro", &[J, C], Some(1)),
        inc("z", "2025-01-01", "town:dakar", &[C], Some(0)),
    ];
    v[1]["geo_precision"] = json!("admin1");
    v[2]["geo_precision"] = json!("country");
    v[0]["geo_precision"] = json!("exact");
    let s = store(v);
    let b = build(&s, period("2025-07-01", "2025-07-07"), &Scope::default());
    // Totals and actors count all three; towns only the one placed at a town.
    assert_eq!((b.headline.incidents, b.headline.fatalities), (3, 11));
    assert_eq!(b.headline.imprecise_places, 2);
    assert_eq!(b.actors[0].name, "JNIM");
    assert_eq!(b.actors[0].incidents, 3);
    let towns: Vec<(&str, u64, u64)> = b
        .towns
        .iter()
        .map(|r| (r.name.as_str(), r.incidents, r.fatalities))
        .collect();
    assert_eq!(towns, vec![("Kayes, Mali", 1, 4)]);
    assert!(b.new_towns.iter().all(|r| !r.name.starts_with("Nioro")));
    // The store's per-town activity agrees.
    let kayes = s.town_ix("town:kayes").unwrap() as usize;
    assert_eq!(s.town_activity[kayes].incidents, 1);
    assert_eq!(s.imprecise_by_town[kayes].len(), 1);
    let text = flat(&render::text(&b));
    assert!(
        text.contains("2 incidents placed no finer than a region (admin1)"),
        "{text}"
    );
}

#[test]
fn dates_known_only_to_a_week_are_counted() {
    let mut v = sample_rows();
    v[0]["date_precision"] = json!("week");
    v[1]["date_precision"] = json!("months");
    v[2]["date_precision"] = json!("days");
    let s = store(v);
    let b = build(&s, period("2025-07-01", "2025-07-07"), &Scope::default());
    assert_eq!(b.headline.imprecise_dates, 2);
    assert!(flat(&render::text(&b)).contains("2 incidents dated no finer than a week"));
}

#[test]
fn a_previous_period_the_store_covers_in_part_is_no_trend() {
    // The store starts on 2025-01-01: the period before 01-03..09 has 2 of its 7 days.
    let s = sample();
    let b = build(&s, period("2025-01-03", "2025-01-09"), &Scope::default());
    assert_eq!(b.previous_period.covered_days, 2);
    assert_eq!(b.period.covered_days, 7);
    let text = flat(&render::text(&b));
    let md = flat(&render::markdown(&b));
    for out in [&text, &md] {
        assert!(
            out.contains("but the store covers only 2 of them; no change computed"),
            "{out}"
        );
        assert!(!out.contains('%'), "{out}");
    }
    let js: serde_json::Value = serde_json::from_str(&render::json(&b)).unwrap();
    assert_eq!(js["previous_period"]["covered_days"], 2);
    assert_eq!(js["previous_period"]["days"], 7);
}

#[test]
fn look_back_windows_scale_with_the_period_and_need_coverage() {
    let s = sample();
    // 7 days: 90 days back, covered (the store starts in January).
    let week = build(&s, period("2025-07-01", "2025-07-07"), &Scope::default());
    assert_eq!(week.newly_active_window.days, 90);
    assert!(week.newly_active_window.covered);
    assert_eq!(week.rise_baseline.days, 84);
    // 120 days: looks back 120 days (to 2025-01-02), still inside the store.
    let long = build(&s, period("2025-05-01", "2025-08-28"), &Scope::default());
    assert_eq!(long.newly_active_window.days, 120);
    assert!(long.newly_active_window.covered);
    // Baseline: three times the period, in whole weeks (364 days), cut to the store's
    // coverage (from 1 January): 120 days, as long as the period, so bands are computed.
    assert_eq!(long.rise_baseline.since, d("2025-01-01"));
    assert_eq!(long.rise_baseline.days, 120);
    assert!(long.rise_baseline.covered);
    // 150 days: the 120 covered days before it are fewer than its own: not computed.
    let longer = build(&s, period("2025-05-01", "2025-09-27"), &Scope::default());
    assert_eq!(longer.rise_baseline.days, 120);
    assert!(!longer.rise_baseline.covered);
    assert!(longer.rises.is_empty());
    assert!(
        flat(&render::text(&longer)).contains(
            "not computed: the store covers only 120 days before the period (2025-01-01 to 2025-04-30), fewer than the period's 150 days"
        ),
        "{}",
        render::text(&longer)
    );
    // A year: the 365 days before are not in the store, so nothing is "newly active".
    let year = build(&s, period("2025-01-01", "2025-12-31"), &Scope::default());
    assert_eq!(year.newly_active_window.days, 365);
    assert!(!year.newly_active_window.covered);
    assert!(year.new_towns.is_empty() && year.new_actors.is_empty());
    let text = flat(&render::text(&year));
    assert!(
        text.contains("not computed: the store does not cover 2024-01-02 to 2024-12-31"),
        "{text}"
    );
    assert!(
        text.contains("NONE OF THEIR INCIDENTS IN THE 365 DAYS BEFORE"),
        "{text}"
    );
    // Long periods are shown by month.
    assert!(text.contains("ACTIVITY BY MONTH"), "{text}");
    assert!(text.contains(" 2025-07 4 15+? "), "{text}");
    assert!(!text.contains(" 2024-12 0 "), "{text}");
}

#[test]
fn an_actors_toll_is_worded_as_its_incidents_and_its_ranking_as_counterparts() {
    let s = sample();
    let p = period("2025-07-01", "2025-07-07");
    let all = flat(&render::text(&build(&s, p, &Scope::default())));
    assert!(
        all.contains("JNIM: 3 incidents (previously 1), 15 killed in its incidents"),
        "{all}"
    );
    assert!(
        all.contains("Kayes, Mali: 2 incidents (previously 2), 15 killed Dakar"),
        "{all}"
    );
    let jnim = ScopeRequest {
        actor: Some("jnim".into()),
        ..Default::default()
    }
    .resolve(&s)
    .unwrap();
    let text = render::text(&build(&s, p, &jnim));
    assert!(
        text.contains("ITS COUNTERPARTS (ACTORS IN JNIM'S INCIDENTS)"),
        "{text}"
    );
    assert!(!text.contains("MOST ACTIVE ACTORS"), "{text}");
}
