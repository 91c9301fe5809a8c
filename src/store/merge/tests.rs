use super::*;
use crate::model::ContentKind;

/// A store of one dataset from a JSON document's parts.
fn part(source: &str, label: &str, towns: &str, actors: &str, incidents: &str) -> Store {
    let json = format!(
        r#"{{"schema_version":1,"meta":{{"title":"{label} test","dataset":"{label}",
        "coverage":{{"from":"2018-01-01","to":"2018-06-30","countries":["Burkina Faso"]}}}},
        "towns":[{towns}],"actors":[{actors}],"incidents":[{incidents}]}}"#
    );
    let doc: StoreDoc = serde_json::from_str(&json).expect("test document parses");
    Store::from_doc(source.into(), doc, Vec::new())
}

fn incident(id: &str, date: &str, town: &str, actors: &[&str]) -> String {
    let roles: Vec<String> = actors
        .iter()
        .map(|a| format!(r#"{{"actor":"{a}","role":"side_a"}}"#))
        .collect();
    format!(
        r#"{{"id":"{id}","date":"{date}","town":"{town}","country":"Burkina Faso",
        "event_type":"Battles","actors":[{}]}}"#,
        roles.join(",")
    )
}

fn town(id: &str, name: &str, lat: f64, lon: f64) -> String {
    format!(r#"{{"id":"{id}","name":"{name}","country":"Burkina Faso","lat":{lat},"lon":{lon}}}"#)
}

fn actor(id: &str, name: &str) -> String {
    format!(r#"{{"id":"{id}","name":"{name}","kind":"islamist_armed_group"}}"#)
}

fn acled() -> Store {
    part(
        "/data/acled_bf.csv",
        "ACLED",
        &[
            town("t:djibo", "Djibo", 14.10, -1.63),
            town("t:arbinda", "Arbinda", 14.23, -0.87),
        ]
        .join(","),
        &[
            actor("a:jnim", "JNIM: Group for Support of Islam and Muslims"),
            actor("a:army1", "Military Forces of Burkina Faso (2015-2022)"),
            actor("a:army2", "Military Forces of Burkina Faso (2022-)"),
        ]
        .join(","),
        &[
            incident("BFO1", "2018-03-02", "t:djibo", &["a:jnim", "a:army1"]),
            incident("100", "2018-03-05", "t:arbinda", &["a:army2"]),
        ]
        .join(","),
    )
}

fn ucdp() -> Store {
    part(
        "/data/ucdp_bf.csv",
        "UCDP",
        &[
            town("u:djibo", "Djibo town", 14.11, -1.62),
            // Same name, same country, far away: another place.
            town("u:arbinda", "Arbinda", 12.0, 2.0),
        ]
        .join(","),
        &[
            actor("u:jnim", "JNIM"),
            actor("u:gov", "Government of Burkina Faso"),
        ]
        .join(","),
        &[
            incident("100", "2018-03-02", "u:djibo", &["u:jnim", "u:gov"]),
            incident("200", "2018-04-01", "u:arbinda", &["u:jnim"]),
        ]
        .join(","),
    )
}

fn joined() -> Store {
    merge(vec![acled(), ucdp()], &Crosswalk::shipped())
}

fn by_id<'a>(s: &'a Store, id: &str) -> &'a Incident {
    s.incident(
        s.incident_ix(id)
            .unwrap_or_else(|| panic!("no incident {id}")),
    )
}

#[test]
fn every_incident_keeps_its_datasets_label() {
    let s = joined();
    assert_eq!(s.incidents.len(), 4);
    assert_eq!(s.dataset_of(by_id(&s, "BFO1")), "ACLED");
    assert_eq!(s.dataset_of(by_id(&s, "200")), "UCDP");
    assert!(s.is_joined());
    let labels: Vec<String> = s.datasets().into_iter().map(|d| d.label).collect();
    assert_eq!(labels, ["ACLED", "UCDP"]);
}

#[test]
fn an_id_both_datasets_use_is_prefixed_in_both_and_the_rest_kept() {
    let s = joined();
    assert!(s.incident_ix("100").is_none(), "the clashing id is gone");
    assert_eq!(s.dataset_of(by_id(&s, "ACLED:100")), "ACLED");
    assert_eq!(s.dataset_of(by_id(&s, "UCDP:100")), "UCDP");
    assert!(s.incident_ix("BFO1").is_some());
    assert!(s.incident_ix("200").is_some());
}

#[test]
fn actors_named_in_one_crosswalk_entry_become_one_that_says_what_it_was_merged_from() {
    let s = joined();
    let jnim: Vec<&Actor> = s
        .actors
        .iter()
        .filter(|a| a.name.starts_with("JNIM"))
        .collect();
    assert_eq!(jnim.len(), 1, "one JNIM: {jnim:?}");
    let jnim = jnim[0];
    assert_eq!(
        jnim.merged_from,
        [
            "ACLED: JNIM: Group for Support of Islam and Muslims",
            "UCDP: JNIM"
        ]
    );
    // Both datasets' incidents are its activity, and UCDP's name finds it.
    let ix = s.actor_ix(&jnim.id).unwrap();
    assert_eq!(s.by_actor[ix as usize].len(), 3);
    assert!(jnim.aliases.iter().any(|a| a == "JNIM"));
    assert!(
        s.named("jnim")
            .contains(&crate::store::EntityRef::Actor(ix))
    );
}

#[test]
fn two_actors_one_dataset_keeps_apart_stay_apart() {
    let s = joined();
    // ACLED's army of two eras: both normalise to one name and one crosswalk entry, and
    // UCDP's government joins the first; the second is still its own.
    let armies: Vec<&Actor> = s
        .actors
        .iter()
        .filter(|a| a.name.starts_with("Military Forces of Burkina Faso"))
        .collect();
    assert_eq!(armies.len(), 2);
    assert_eq!(
        armies[0].merged_from,
        [
            "ACLED: Military Forces of Burkina Faso (2015-2022)",
            "UCDP: Government of Burkina Faso"
        ]
    );
    assert!(armies[1].merged_from.is_empty());
    assert!(
        !s.actors
            .iter()
            .any(|a| a.name == "Government of Burkina Faso")
    );
}

#[test]
fn towns_of_one_name_merge_only_when_close() {
    let s = joined();
    let djibo: Vec<&Town> = s.towns.iter().filter(|t| t.name == "Djibo").collect();
    assert_eq!(djibo.len(), 1);
    // UCDP's "Djibo town" is ACLED's "Djibo".
    assert_eq!(djibo[0].merged_from, ["ACLED: Djibo", "UCDP: Djibo town"]);
    assert!(djibo[0].aliases.iter().any(|a| a == "Djibo town"));
    let t = s.town_ix(&djibo[0].id).unwrap();
    assert_eq!(
        s.by_town[t as usize].len(),
        2,
        "both datasets' Djibo incidents"
    );
    let arbinda: Vec<&Town> = s.towns.iter().filter(|t| t.name == "Arbinda").collect();
    assert_eq!(arbinda.len(), 2, "300 km apart: two places");
    assert!(arbinda.iter().all(|t| t.merged_from.is_empty()));
    // The UCDP Arbinda keeps its own id, and its incident still points at it.
    assert_eq!(by_id(&s, "200").town.as_str(), "u:arbinda");
}

#[test]
fn two_files_of_one_format_are_told_apart_by_name() {
    let mut b = acled();
    b.source = "/data/acled_niger.csv".into();
    let s = merge(vec![acled(), b], &Crosswalk::shipped());
    let labels: Vec<String> = s.datasets().into_iter().map(|d| d.label).collect();
    assert_eq!(labels, ["ACLED:acled_bf", "ACLED:acled_niger"]);
    // Every id clashes, so every id is prefixed.
    assert!(s.incident_ix("ACLED:acled_bf:BFO1").is_some());
    assert!(s.incident_ix("ACLED:acled_niger:BFO1").is_some());
    // Actors are never merged within a dataset, but are across: each JNIM has a partner.
    assert_eq!(
        s.actors
            .iter()
            .filter(|a| a.name.starts_with("JNIM"))
            .count(),
        1
    );
}

#[test]
fn the_joined_meta_spans_both_and_lists_each_dataset() {
    let mut b = ucdp();
    b.meta.coverage.to = chrono::NaiveDate::from_ymd_opt(2023, 12, 31);
    b.meta.coverage.countries = vec!["Mali".into()];
    let s = merge(vec![acled(), b], &Crosswalk::shipped());
    assert_eq!(s.meta.title, "ACLED test + UCDP test");
    assert_eq!(s.meta.coverage.to.unwrap().to_string(), "2023-12-31");
    assert_eq!(s.meta.coverage.countries, ["Burkina Faso", "Mali"]);
    assert_eq!(s.meta.datasets[1].source, "/data/ucdp_bf.csv");
    assert_eq!(s.meta.datasets[1].incidents, 2);
    assert_eq!(s.source, "/data/acled_bf.csv + /data/ucdp_bf.csv");
}

#[test]
fn content_kinds_join_to_the_strongest_warning() {
    use ContentKind::*;
    assert_eq!(joined_content([Real, Real].into_iter()), Real);
    assert_eq!(joined_content([Real, Illustrative].into_iter()), Mixed);
    assert_eq!(
        joined_content([Illustrative, Illustrative].into_iter()),
        Illustrative
    );
    assert_eq!(joined_content([Real, Synthetic].into_iter()), Synthetic);
}

#[test]
fn a_store_of_one_dataset_gets_its_label_from_the_file() {
    let doc: StoreDoc =
        serde_json::from_str(r#"{"schema_version":1,"meta":{"title":"x"}}"#).unwrap();
    let s = Store::from_doc("/tmp/mali-2025.sitrep.json".into(), doc, Vec::new());
    assert_eq!(s.meta.dataset, "mali-2025");
    assert!(!s.is_joined());
    assert_eq!(label_of(super::super::SAMPLE_LABEL), "sample");
}

#[test]
fn a_country_qualified_name_joins_only_an_actor_active_in_that_country() {
    let in_mali = |s: String| s.replace("Burkina Faso", "Mali");
    let acled = part(
        "/data/acled.csv",
        "ACLED",
        &town("t:djibo", "Djibo", 14.10, -1.63),
        &[
            actor("a:civ-mali", "Civilians (Mali)"),
            actor("a:civ-bf", "Civilians (Burkina Faso)"),
        ]
        .join(","),
        &[
            in_mali(incident("M1", "2018-03-01", "t:djibo", &["a:civ-mali"])),
            incident("B1", "2018-03-02", "t:djibo", &["a:civ-bf"]),
        ]
        .join(","),
    );
    let ucdp = part(
        "/data/ucdp.csv",
        "UCDP",
        &town("u:djibo", "Djibo town", 14.11, -1.62),
        &actor("u:civ", "Civilians"),
        &incident("U1", "2018-03-02", "u:djibo", &["u:civ"]),
    );
    let s = merge(vec![acled, ucdp], &Crosswalk::shipped());
    let mali = s
        .actors
        .iter()
        .find(|a| a.name == "Civilians (Mali)")
        .unwrap();
    assert!(
        mali.merged_from.is_empty(),
        "Burkina's civilians are not Mali's"
    );
    let bf = s
        .actors
        .iter()
        .find(|a| a.name == "Civilians (Burkina Faso)")
        .unwrap();
    assert_eq!(
        bf.merged_from,
        ["ACLED: Civilians (Burkina Faso)", "UCDP: Civilians"]
    );
    assert!(!s.actors.iter().any(|a| a.name == "Civilians"));
}

#[test]
fn a_qualifier_is_a_country_not_a_span_of_years() {
    let known: HashSet<String> = ["mali".to_string()].into_iter().collect();
    assert_eq!(
        country_qualifier("Civilians (Mali)", &known).as_deref(),
        Some("mali")
    );
    assert_eq!(
        country_qualifier("Military Forces of Mali (2021-)", &known),
        None
    );
    assert_eq!(
        country_qualifier("Islamic State (Greater Sahara)", &known),
        None
    );
    assert_eq!(country_qualifier("JNIM", &known), None);
}

#[test]
fn of_several_actors_one_crosswalk_entry_covers_the_most_active_is_joined() {
    let acled = part(
        "/data/acled.csv",
        "ACLED",
        &town("t:djibo", "Djibo", 14.10, -1.63),
        &[
            actor("a:police", "Police Forces of Burkina Faso (2015-2022)"),
            actor("a:army", "Military Forces of Burkina Faso (2015-2022)"),
        ]
        .join(","),
        &[
            incident("1", "2018-03-01", "t:djibo", &["a:police"]),
            incident("2", "2018-03-02", "t:djibo", &["a:army"]),
            incident("3", "2018-03-03", "t:djibo", &["a:army"]),
        ]
        .join(","),
    );
    let ucdp = part(
        "/data/ucdp.csv",
        "UCDP",
        &town("u:djibo", "Djibo town", 14.11, -1.62),
        &actor("u:gov", "Government of Burkina Faso"),
        &incident("U1", "2018-03-02", "u:djibo", &["u:gov"]),
    );
    let s = merge(vec![acled, ucdp], &Crosswalk::shipped());
    let army = s
        .actors
        .iter()
        .find(|a| a.name.starts_with("Military Forces"))
        .unwrap();
    assert_eq!(army.merged_from.len(), 2, "{:?}", army.merged_from);
    let police = s
        .actors
        .iter()
        .find(|a| a.name.starts_with("Police"))
        .unwrap();
    assert!(police.merged_from.is_empty());
}
