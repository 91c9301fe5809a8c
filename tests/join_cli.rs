//! Several stores opened as one (`--store` given twice, or a colon list in SITREP_STORE),
//! on the hand-made ACLED-layout fixture and the UCDP cut in tests/fixtures/import.

#[path = "common/run.rs"]
mod run;

use std::process::Command;

use run::OutputWithin;

const ACLED: &str = "tests/fixtures/import/acled_current.csv";
const UCDP: &str = "tests/fixtures/import/ucdp_webexport_cut.csv";

fn sitrep(stores: &[&str], by_env: bool, args: &[&str]) -> (String, String, i32) {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_sitrep"));
    cmd.current_dir(env!("CARGO_MANIFEST_DIR"))
        .env("NO_COLOR", "1")
        .arg("--no-cache");
    if by_env {
        cmd.env("SITREP_STORE", stores.join(":"));
    } else {
        cmd.env_remove("SITREP_STORE");
        for s in stores {
            cmd.args(["--store", s]);
        }
    }
    let out = cmd.args(args).output_timed();
    (
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
        out.status.code().unwrap_or(-1),
    )
}

fn export_json(stores: &[&str], by_env: bool, filter: &str) -> serde_json::Value {
    let (out, err, code) = sitrep(
        stores,
        by_env,
        &["export", "--format", "json", "--filter", filter],
    );
    assert_eq!(code, 0, "{err}");
    serde_json::from_str(&out).unwrap()
}

fn ids(v: &serde_json::Value) -> Vec<String> {
    v["incidents"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| i["id"].as_str().unwrap().to_string())
        .collect()
}

#[test]
fn two_stores_open_as_one_with_every_incident_of_both() {
    let joined = export_json(&[ACLED, UCDP], false, "");
    let acled = export_json(&[ACLED], false, "");
    let ucdp = export_json(&[UCDP], false, "");
    let mut expected = ids(&acled);
    expected.extend(ids(&ucdp));
    let mut got = ids(&joined);
    expected.sort();
    got.sort();
    assert_eq!(got, expected);
    assert_eq!(got.len(), 3 + 16);
}

#[test]
fn the_colon_list_in_sitrep_store_is_the_same_as_two_options() {
    assert_eq!(
        export_json(&[ACLED, UCDP], true, ""),
        export_json(&[ACLED, UCDP], false, "")
    );
}

#[test]
fn each_incident_keeps_its_dataset_and_the_dataset_filter_selects_it() {
    let joined = export_json(&[ACLED, UCDP], false, "dataset:acled");
    let mut got = ids(&joined);
    got.sort();
    assert_eq!(got, ["MLI9001", "MLI9002", "MLI9003"]);
    assert!(
        joined["incidents"]
            .as_array()
            .unwrap()
            .iter()
            .all(|i| i["dataset"] == "ACLED")
    );
    let ucdp = export_json(&[ACLED, UCDP], false, "-dataset:acled");
    assert_eq!(ids(&ucdp).len(), 16);
}

#[test]
fn one_actor_in_both_files_is_one_profile_naming_what_it_was_merged_from() {
    let (out, err, code) = sitrep(&[ACLED, UCDP], false, &["show", "actor", "JNIM"]);
    assert_eq!(code, 0, "{err}");
    assert!(
        out.contains(
            "Merged from  ACLED: JNIM: Group for Support of Islam and Muslims; UCDP: JNIM"
        ),
        "{out}"
    );
    // Its incidents in Mali (ACLED) and in Burkina Faso (UCDP) are all its activity.
    assert!(out.contains("Kayes (Mali)"), "{out}");
    assert!(out.contains("Nouna town (Burkina Faso)"), "{out}");
}

#[test]
fn problems_of_each_file_are_reported_under_its_own_name() {
    let (out, _, code) = sitrep(&[ACLED, UCDP], false, &["validate"]);
    assert_eq!(code, 1, "the fixtures have problems: {out}");
    assert!(
        out.contains("acled_current.csv:6: incident 'MLI9004'"),
        "{out}"
    );
    assert!(
        out.contains("ucdp_webexport_cut.csv:12: incident 'ged:339558'"),
        "{out}"
    );
}

#[test]
fn a_missing_second_store_is_an_error_naming_it() {
    let nope = "tests/fixtures/import/nope.csv";
    let (out, _, code) = sitrep(&[ACLED, nope], false, &["validate"]);
    assert_eq!(code, 2);
    assert!(out.contains("nope.csv: UNREADABLE"), "{out}");
    // A command over the joined store refuses rather than showing half of it.
    let (out, err, code) = sitrep(&[ACLED, nope], false, &["export", "--format", "csv"]);
    assert_eq!(code, 2, "{out}");
    assert!(out.is_empty());
    assert!(err.contains("nope.csv"), "{err}");
}

const JOIN_UCDP: &str = "tests/fixtures/join/ucdp_bf.csv";
const JOIN_ACLED: &str = "tests/fixtures/join/acled_bf.csv";

fn joined_brief_json() -> serde_json::Value {
    let (out, err, code) = sitrep(
        &[JOIN_UCDP, JOIN_ACLED],
        false,
        &[
            "brief",
            "--since",
            "2018-01-01",
            "--until",
            "2018-12-31",
            "--format",
            "json",
        ],
    );
    assert_eq!(code, 0, "{err}");
    serde_json::from_str(&out).unwrap()
}

#[test]
fn the_briefing_counts_an_event_both_datasets_recorded_once() {
    let b = joined_brief_json();
    assert_eq!(b["headline"]["incidents"], 8);
    let d = &b["datasets"];
    assert_eq!(d["recorded"][0]["dataset"], "UCDP");
    assert_eq!(d["recorded"][0]["incidents"], 4);
    assert_eq!(d["recorded"][1]["dataset"], "ACLED");
    assert_eq!(d["recorded"][1]["incidents"], 4);
    // Pétégoli, Taourémba and Barani are in both.
    assert_eq!(d["in_several"], 3);
    assert_eq!(d["events"], 5);
}

#[test]
fn the_briefing_lists_where_the_datasets_disagree_on_toll_or_perpetrator() {
    let b = joined_brief_json();
    let list = b["disagreements"].as_array().unwrap();
    let pairs: Vec<(&str, &str)> = list
        .iter()
        .map(|d| (d["a"].as_str().unwrap(), d["b"].as_str().unwrap()))
        .collect();
    // Barani's 2 killed is within UCDP's range (0 to 2): no disagreement.
    assert_eq!(
        pairs,
        [("ged:268745", "BFO9102"), ("ged:265856", "BFO9101")]
    );
    assert_eq!(list[0]["differences"][0]["field"], "perpetrator");
    assert_eq!(list[0]["differences"][0]["a"], "JNIM");
    assert_eq!(list[0]["differences"][0]["b"], "Ansaroul Islam");
    assert_eq!(list[1]["differences"][0]["field"], "fatalities");
    assert_eq!(
        list[1]["fatalities"],
        "UCDP: best 10, low 10, high 10; ACLED: 20"
    );
    let (text, _, _) = sitrep(
        &[JOIN_UCDP, JOIN_ACLED],
        false,
        &["brief", "--since", "2018-01-01", "--until", "2018-12-31"],
    );
    assert!(
        text.contains("3 event(s) recorded by both, so 5 event(s)"),
        "{text}"
    );
    assert!(text.contains("WHERE THE DATASETS DISAGREE"), "{text}");
}

#[test]
fn a_briefing_of_one_dataset_has_no_datasets_section() {
    let (out, err, code) = sitrep(&[JOIN_UCDP], false, &["brief", "--format", "json"]);
    assert_eq!(code, 0, "{err}");
    let b: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert!(b.get("datasets").is_none());
    assert!(b.get("disagreements").is_none());
}

#[test]
fn reconcile_json_of_the_join_fixtures_has_the_contracted_keys() {
    let (out, err, code) = sitrep(
        &[],
        false,
        &["reconcile", JOIN_UCDP, JOIN_ACLED, "--format", "json"],
    );
    assert_eq!(code, 0, "{err}");
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert!(v["rules"].is_array());
    let matched: Vec<(&str, &str)> = v["matched"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| {
            for k in ["days", "km", "score", "differences"] {
                assert!(m.get(k).is_some(), "{k} in {m}");
            }
            (m["a"].as_str().unwrap(), m["b"].as_str().unwrap())
        })
        .collect();
    assert_eq!(
        matched,
        [
            ("268745", "BFO9102"),
            ("268706", "BFO9103"),
            ("265856", "BFO9101")
        ]
    );
    assert_eq!(v["only_a"], serde_json::json!(["253649"]));
    assert_eq!(v["only_b"], serde_json::json!(["BFO9104"]));
    assert_eq!(v["ambiguous"], serde_json::json!([]));
}

#[test]
fn search_timings_of_a_joined_store_report_each_part_the_join_and_the_matching() {
    let (_, err, code) = sitrep(
        &[JOIN_UCDP, JOIN_ACLED],
        false,
        &["search", "djibo", "--timings", "--limit", "1"],
    );
    assert!(code == 0 || code == 1, "{err}");
    assert!(err.contains("open_ms="), "{err}");
    assert!(err.contains(" tests/fixtures/join/ucdp_bf.csv"), "{err}");
    assert!(err.contains("merge_ms="), "{err}");
    assert!(err.contains("matched=3"), "{err}");
}
