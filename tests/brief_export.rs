//! `sitrep brief` and `sitrep export` as a user runs them: golden briefings over a store
//! counted by hand (tests/fixtures/brief/), a stable JSON layout, and exports that refuse
//! to overwrite and reopen in sitrep.

#[path = "common/run.rs"]
mod run;

use run::{ok_stdout as stdout, sitrep};
use std::path::Path;

use serde_json::Value;

const STORE: &str = "tests/fixtures/brief/store.json";
const ONE: &str = "tests/fixtures/brief/one.json";

#[test]
fn brief_text_is_golden_and_fits_80_columns() {
    let out = stdout(&sitrep(&["--store", STORE, "brief"]));
    assert!(out.lines().all(|l| l.chars().count() <= 80), "{out}");
    insta::assert_snapshot!("brief_text", out);
}

#[test]
fn brief_markdown_is_golden() {
    let out = stdout(&sitrep(&[
        "--store", STORE, "brief", "--format", "markdown",
    ]));
    insta::assert_snapshot!("brief_markdown", out);
}

#[test]
fn brief_json_has_the_hand_counted_figures_and_a_stable_layout() {
    let out = stdout(&sitrep(&["--store", STORE, "brief", "--format", "json"]));
    let v: Value = serde_json::from_str(&out).unwrap();
    let keys: Vec<&str> = v.as_object().unwrap().keys().map(String::as_str).collect();
    let mut expected = [
        "schema",
        "store",
        "warning",
        "scope",
        "period",
        "previous_period",
        "headline",
        "actors",
        "towns",
        "new_actors",
        "new_towns",
        "newly_active_window",
        "rises",
        "rise_baseline",
        "deadliest",
        "contested",
        "weeks",
        "months",
    ];
    expected.sort_unstable();
    assert_eq!(keys, expected);
    let h = &v["headline"];
    assert_eq!(h["incidents"], 4);
    assert_eq!(h["previous_incidents"], 2);
    assert_eq!(h["fatalities"], 15);
    // a4 has no figure at all: counted apart, and the upper end is open.
    assert_eq!(h["fatalities_unknown"], 1);
    assert_eq!(h["fatalities_low"], 13);
    assert_eq!(h["fatalities_high"], Value::Null);
    assert_eq!(h["imprecise_places"], 0);
    assert_eq!(v["previous_period"]["covered_days"], 7);
    assert_eq!(
        v["weeks"].as_array().unwrap().last().unwrap()["label"],
        "2025-W28"
    );
    assert_eq!(h["previous_fatalities"], 7);
    assert_eq!(h["contested"], 1);
    assert_eq!(v["period"]["since"], "2025-07-01");
    assert_eq!(v["period"]["until"], "2025-07-07");
    assert_eq!(v["actors"][0]["name"], "JNIM");
    assert_eq!(
        v["actors"][0]["incident_ids"],
        serde_json::json!(["a1", "a2", "a3"])
    );
    assert_eq!(v["contested"][0]["id"], "a1");
    assert_eq!(v["contested"][0]["claims"][0]["figure"], 30);
    assert_eq!(v["contested"][0]["claims"][1]["party"], "JNIM");
}

#[test]
fn brief_same_facts_in_all_three_formats() {
    let text = stdout(&sitrep(&["--store", STORE, "brief"]));
    let md = stdout(&sitrep(&[
        "--store", STORE, "brief", "--format", "markdown",
    ]));
    let json: Value = serde_json::from_str(&stdout(&sitrep(&[
        "--store", STORE, "brief", "--format", "json",
    ])))
    .unwrap();
    // The figures come from the JSON, and each must appear in the text and Markdown on the
    // line that names it (not merely somewhere, as a date in the period header would).
    let h = &json["headline"];
    assert_eq!(
        (h["incidents"].as_u64(), h["fatalities"].as_u64()),
        (Some(4), Some(15))
    );
    let line_with = |doc: &str, label: &str| -> String {
        doc.lines()
            .find(|l| l.contains(label))
            .unwrap_or_else(|| panic!("no line with {label:?} in:\n{doc}"))
            .to_string()
    };
    for (doc, incidents, fatalities) in [
        (&text, "Incidents   ", "Fatalities  "),
        (&md, "**Incidents:**", "**Fatalities:**"),
    ] {
        let l = line_with(doc, incidents);
        assert!(l.contains(&format!(" {} (previous", h["incidents"])), "{l}");
        let l = line_with(doc, fatalities);
        assert!(l.contains(&format!(" {} killed", h["fatalities"])), "{l}");
    }
    let town = &json["towns"][0];
    let place = town["name"].as_str().unwrap();
    assert_eq!(place, "Kayes, Mali", "{town}");
    assert_eq!(town["incidents"], 2, "{town}");
    assert!(line_with(&text, &format!("  {place}: ")).contains(": 2 incidents"));
    assert!(line_with(&md, &format!("| {place} |")).starts_with(&format!("| {place} | 2 | 15 |")));
    let deadliest = &json["deadliest"][0];
    assert_eq!(deadliest["id"], "a1");
    assert_eq!(deadliest["fatalities"]["best"], 10);
    assert!(
        line_with(&text, "[a1]").contains("10 (8-20) killed"),
        "{text}"
    );
    assert!(line_with(&md, "`a1`").contains("10 (8-20)"), "{md}");
}

#[test]
fn brief_scopes_and_periods() {
    let json = |args: &[&str]| -> Value {
        let mut all = vec!["--store", STORE, "brief", "--format", "json"];
        all.extend_from_slice(args);
        serde_json::from_str(&stdout(&sitrep(&all))).unwrap()
    };
    assert_eq!(json(&["--country", "Senegal"])["headline"]["incidents"], 1);
    assert_eq!(json(&["--town", "kayes"])["headline"]["incidents"], 2);
    assert_eq!(json(&["--actor", "JNIM"])["headline"]["incidents"], 3);
    assert_eq!(json(&["--days", "3"])["headline"]["incidents"], 2);
    let empty = json(&["--since", "2024-01-01", "--until", "2024-01-07"]);
    assert_eq!(empty["headline"]["incidents"], 0);
    assert_eq!(empty["deadliest"], serde_json::json!([]));
    let one = sitrep(&["--store", ONE, "brief", "--format", "json"]);
    let one: Value = serde_json::from_str(&stdout(&one)).unwrap();
    assert_eq!(one["headline"]["incidents"], 1);
    assert_eq!(one["headline"]["fatalities"], 2);
}

#[test]
fn brief_rejects_bad_periods_and_unknown_scopes() {
    for args in [
        vec!["--days", "0"],
        vec!["--since", "2025-07-05", "--until", "2025-07-01"],
        vec!["--town", "Atlantis"],
        vec!["--country", "Narnia"],
    ] {
        let mut all = vec!["--store", STORE, "brief"];
        all.extend_from_slice(&args);
        let o = sitrep(&all);
        assert_eq!(o.status.code(), Some(2), "{args:?}");
        assert!(!o.stderr.is_empty());
    }
}

#[test]
fn export_csv_json_markdown() {
    let csv = stdout(&sitrep(&["--store", STORE, "export", "--town", "kayes"]));
    let mut r = csv::Reader::from_reader(csv.as_bytes());
    let ids: Vec<String> = r.records().map(|r| r.unwrap()[0].to_string()).collect();
    assert_eq!(ids, ["a1", "a2", "b1", "b2", "c1"]);
    let md = stdout(&sitrep(&[
        "--store",
        STORE,
        "export",
        "--format",
        "markdown",
        "--min-fatalities",
        "5",
    ]));
    assert!(md.contains("| 2025-07-07 | Kayes, Mali |"), "{md}");
    assert_eq!(md.matches("\n| 2025").count(), 2);
    let filtered = stdout(&sitrep(&[
        "--store",
        STORE,
        "export",
        "--format",
        "json",
        "--filter",
        "since:2025-07-01 actor:jnim",
    ]));
    let v: Value = serde_json::from_str(&filtered).unwrap();
    assert_eq!(v["incidents"].as_array().unwrap().len(), 3);
}

#[test]
fn export_to_a_file_is_atomic_refuses_overwrite_and_reopens() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("sel.json");
    let out_s = out.to_str().unwrap();
    stdout(&sitrep(&[
        "--store",
        STORE,
        "export",
        "--country",
        "mali",
        "-o",
        out_s,
    ]));
    let before = std::fs::read(&out).unwrap();
    // Again without --force: refused, file untouched.
    let again = sitrep(&["--store", STORE, "export", "-o", out_s]);
    assert_eq!(again.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&again.stderr).contains("--force"));
    assert_eq!(std::fs::read(&out).unwrap(), before);
    // The export is a store sitrep opens without problems.
    let v = sitrep(&["validate", "--json", out_s]);
    let report: Value = serde_json::from_str(&stdout(&v)).unwrap();
    assert_eq!(report["incidents"], 6, "{report}");
    // With --force it is replaced whole.
    stdout(&sitrep(&[
        "--store", STORE, "export", "--force", "--format", "csv", "-o", out_s,
    ]));
    assert!(
        std::fs::read_to_string(&out)
            .unwrap()
            .starts_with("id,date,")
    );
    assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 1);
    assert!(!Path::new(out_s).with_extension("tmp").exists());
}
