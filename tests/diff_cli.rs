//! `sitrep diff` on two small hand-written releases in ACLED's layout (tests/fixtures/diff,
//! invented places and groups): each kind of change, the JSON contract, exit statuses.

use std::process::Command;

const OLD: &str = "tests/fixtures/diff/old.csv";
const NEW: &str = "tests/fixtures/diff/new.csv";

fn sitrep(args: &[&str]) -> (i32, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_sitrep"))
        .args(args)
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .env_remove("SITREP_STORE")
        .output()
        .unwrap();
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8(out.stdout).unwrap(),
    )
}

#[test]
fn json_matches_the_golden_file_and_differences_exit_1() {
    let (code, out) = sitrep(&["diff", OLD, NEW, "--format", "json"]);
    assert_eq!(code, 1);
    let golden = std::fs::read_to_string(
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/diff/expected.json"),
    )
    .unwrap();
    assert_eq!(out, golden);
}

#[test]
fn each_kind_of_change_is_reported_where_it_belongs() {
    let (_, out) = sitrep(&["diff", OLD, NEW, "--format", "json"]);
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(v["added"], serde_json::json!(["XMA6"]));
    assert_eq!(v["removed"], serde_json::json!(["XMA5"]));
    let changed = v["changed"].as_array().unwrap();
    let fields = |id: &str| -> Vec<(String, serde_json::Value, serde_json::Value)> {
        changed
            .iter()
            .find(|c| c["id"] == id)
            .map(|c| {
                c["fields"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .map(|f| {
                        (
                            f["field"].as_str().unwrap().to_string(),
                            f["old"].clone(),
                            f["new"].clone(),
                        )
                    })
                    .collect()
            })
            .unwrap_or_default()
    };
    // Fatalities revised 5 -> 0; the timestamp alone is row-level, not a field.
    assert_eq!(
        fields("XMA1"),
        vec![("fatalities".into(), 5.into(), 0.into())]
    );
    let names: Vec<String> = fields("XMA2").into_iter().map(|f| f.0).collect();
    assert_eq!(
        names,
        ["date", "location", "coordinates", "actor1", "notes"]
    );
    // The codebook change: the type as coded changed, the current type did not.
    let names: Vec<String> = fields("XMA3").into_iter().map(|f| f.0).collect();
    assert_eq!(names, ["sub_event_type", "coded_event_type"]);
    // The U+2010 hyphen is reported apart, not as an edit.
    assert_eq!(v["unicode"][0]["id"], "XMA3");
    assert_eq!(v["unicode"][0]["fields"][0]["field"], "admin2");
    assert_eq!(v["totals"]["changed"], 3);
    assert_eq!(v["row_level"].as_array().unwrap().len(), 2);
    // Unchanged XMA4 is nowhere.
    assert!(!out.contains("XMA4"));
}

#[test]
fn strict_unicode_counts_the_hyphen_as_an_edit() {
    let (_, out) = sitrep(&["diff", OLD, NEW, "--format", "json", "--strict-unicode"]);
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(v["unicode"], serde_json::json!([]));
    assert_eq!(v["totals"]["fields"]["admin2"], 1);
}

#[test]
fn a_release_against_itself_exits_0_and_a_missing_file_2() {
    let (code, out) = sitrep(&["diff", OLD, OLD]);
    assert_eq!(code, 0, "{out}");
    assert!(out.contains("changed           0"), "{out}");
    let (code, _) = sitrep(&["diff", OLD, "tests/fixtures/diff/no-such.csv"]);
    assert_eq!(code, 2);
}

#[test]
fn a_filter_applies_to_both_sides() {
    // XMA5 (removed) is in North; XMA6 (added) in South.
    let (_, out) = sitrep(&[
        "diff",
        OLD,
        NEW,
        "--format",
        "json",
        "--filter",
        "admin1:south",
    ]);
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(v["added"], serde_json::json!(["XMA6"]));
    assert_eq!(v["removed"], serde_json::json!([]));
    assert_eq!(v["totals"]["changed"], 1);
}

#[test]
fn text_and_csv_name_old_and_new_values() {
    let (_, text) = sitrep(&["diff", OLD, NEW]);
    assert!(text.contains("fatalities: 5 -> 0"), "{text}");
    assert!(text.contains("Unicode form only: U+2010 -> '-'"), "{text}");
    let (_, csv) = sitrep(&["diff", OLD, NEW, "--format", "csv"]);
    assert!(csv.starts_with("change,id,field,old,new\n"));
    assert!(csv.contains("changed,XMA1,fatalities,5,0\n"), "{csv}");
    assert!(csv.contains("unicode,XMA3,admin2,"), "{csv}");
}
