//! Scopes as a user gives them (`brief --country`, `export --actor`, ...) and `show` by a
//! part of an id, over a hand-made store (tests/fixtures/scope/store.json): Mali 7
//! incidents, Somalia 4, Burkina Faso 1; JNIM in 6, JNIM with FAMa in 4.

#[path = "common/run.rs"]
mod run;

use run::{ok_stdout as ok, sitrep};
use std::process::Output;

use serde_json::Value;

const STORE: &str = "tests/fixtures/scope/store.json";
/// Mali and Senegal only: no Somalia at all.
const NO_SOMALIA: &str = "tests/fixtures/brief/store.json";

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

fn brief_json(store: &str, args: &[&str]) -> Value {
    let mut all = vec!["--store", store, "brief", "--format", "json"];
    all.extend_from_slice(args);
    serde_json::from_str(&ok(&sitrep(&all))).unwrap()
}

/// Incident ids of a CSV export, sorted.
fn export_ids(args: &[&str]) -> Vec<String> {
    let mut all = vec!["--store", STORE, "export", "--format", "csv"];
    all.extend_from_slice(args);
    let csv = ok(&sitrep(&all));
    let mut r = csv::Reader::from_reader(csv.as_bytes());
    let col = r.headers().unwrap().iter().position(|h| h == "id").unwrap();
    let mut ids: Vec<String> = r
        .records()
        .map(|row| row.unwrap()[col].to_string())
        .collect();
    ids.sort();
    ids
}

#[test]
fn brief_country_mali_counts_mali_only() {
    let b = brief_json(STORE, &["--country", "mali"]);
    assert_eq!(b["headline"]["incidents"], 7);
    assert_eq!(b["scope"], "Mali");
    let ids = b["headline"]["incident_ids"].as_array().unwrap();
    assert!(
        ids.iter().all(|i| i.as_str().unwrap().starts_with("MLI")),
        "{ids:?}"
    );
    assert_eq!(
        brief_json(STORE, &["--country", "SOMALIA"])["headline"]["incidents"],
        4
    );
}

#[test]
fn brief_town_and_actor_match_whole_names_aliases_and_ids() {
    assert_eq!(
        brief_json(STORE, &["--town", "segou"])["scope"],
        "Ségou, Mali"
    );
    assert_eq!(
        brief_json(STORE, &["--town", "segou"])["headline"]["incidents"],
        2
    );
    assert_eq!(
        brief_json(STORE, &["--town", "Binoli"])["headline"]["incidents"],
        1
    );
    assert_eq!(
        brief_json(STORE, &["--town", "Koro, Burkina Faso"])["headline"]["incidents"],
        1
    );
    assert_eq!(
        brief_json(STORE, &["--actor", "gsim"])["headline"]["incidents"],
        6
    );
    assert_eq!(
        brief_json(STORE, &["--actor", "actor:sna"])["headline"]["incidents"],
        4
    );
}

#[test]
fn brief_country_the_store_lacks_is_an_error_with_suggestions() {
    let o = sitrep(&["--store", NO_SOMALIA, "brief", "--country", "somalia"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(o.stdout.is_empty(), "no briefing is printed");
    assert_eq!(
        stderr(&o).trim(),
        "sitrep: --country: no country or admin1 region named 'somalia'; closest: Mali"
    );
    // A part of a name is suggested, never taken.
    let o = sitrep(&["--store", STORE, "brief", "--actor", "shabaab"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(
        stderr(&o).contains("--actor: no actor named 'shabaab'; closest: Al Shabaab"),
        "{}",
        stderr(&o)
    );
}

#[test]
fn export_scopes_match_like_brief() {
    let mali = export_ids(&["--country", "mali"]);
    assert_eq!(mali.len(), 7);
    assert!(mali.iter().all(|i| i.starts_with("MLI")), "{mali:?}");
    // Places add up; actors all apply.
    assert_eq!(
        export_ids(&["--country", "mali", "--country", "somalia"]).len(),
        11
    );
    assert_eq!(
        export_ids(&["--actor", "jnim", "--actor", "FAMa"]),
        ["MLI90001", "MLI90002", "MLI90006", "MLI91007"]
    );
    assert_eq!(
        export_ids(&["--filter", "actor:jnim actor:fama country:mali town:kayes"]),
        ["MLI90001", "MLI91007"]
    );
}

#[test]
fn export_scope_naming_nothing_is_an_error_not_an_empty_file() {
    let o = sitrep(&["--store", STORE, "export", "--country", "mal"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(o.stdout.is_empty());
    assert!(
        stderr(&o).contains("no country or admin1 region named 'mal'; closest: Mali"),
        "{}",
        stderr(&o)
    );
    let o = sitrep(&["--store", STORE, "export", "--filter", "town:atlantis"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(
        stderr(&o).contains("no town named 'atlantis' in this store"),
        "{}",
        stderr(&o)
    );
}

#[test]
fn show_incident_by_a_unique_part_of_its_id() {
    let o = sitrep(&["--store", STORE, "show", "incident", "91007", "--json"]);
    let v: Value = serde_json::from_str(&ok(&o)).unwrap();
    assert_eq!(v["record"]["id"], "MLI91007");
    // Case is ignored, and a whole id wins over ids that hold it.
    let v: Value = serde_json::from_str(&ok(&sitrep(&[
        "--store", STORE, "show", "incident", "som90002", "--json",
    ])))
    .unwrap();
    assert_eq!(v["record"]["id"], "SOM90002");
}

#[test]
fn show_incident_part_held_by_several_ids_lists_them_and_exits_1() {
    let o = sitrep(&["--store", STORE, "show", "incident", "90001"]);
    assert_eq!(o.status.code(), Some(1));
    assert!(o.stdout.is_empty());
    let err = stderr(&o);
    assert!(err.contains("'90001' matches 3 incidents"), "{err}");
    for id in ["MLI90001", "SOM90001", "BFA90001"] {
        assert!(err.contains(id), "{id} missing:\n{err}");
    }
    // 11 ids hold "9000": ten are listed, then a count of the rest.
    let o = sitrep(&["--store", STORE, "show", "incident", "9000"]);
    assert_eq!(o.status.code(), Some(1));
    let err = stderr(&o);
    assert!(err.contains("matches 11 incidents"), "{err}");
    assert_eq!(
        err.lines()
            .filter(|l| l.starts_with("  ") && !l.contains("more"))
            .count(),
        10,
        "{err}"
    );
    assert!(err.contains("... and 1 more"), "{err}");
    assert!(!err.contains("MLI91007"), "{err}");
}

#[test]
fn show_town_and_actor_by_a_unique_part_of_a_name() {
    let o = sitrep(&["--store", STORE, "show", "town", "mogad", "--json"]);
    let v: Value = serde_json::from_str(&ok(&o)).unwrap();
    assert_eq!(v["record"]["id"], "town:mogadishu");
    let o = sitrep(&["--store", STORE, "show", "actor", "shabaab", "--json"]);
    let v: Value = serde_json::from_str(&ok(&o)).unwrap();
    assert_eq!(v["record"]["id"], "actor:al-shabaab");
    let o = sitrep(&["--store", STORE, "show", "town", "koro"]);
    assert_eq!(o.status.code(), Some(1));
    assert!(
        stderr(&o).contains("town:koro-ml") && stderr(&o).contains("town:koro-bf"),
        "{}",
        stderr(&o)
    );
}
