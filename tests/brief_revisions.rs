//! `sitrep brief --since-release OLD` on the two small hand-written releases of
//! tests/fixtures/diff (ACLED's layout, invented places and groups): the revisions section
//! in text, markdown and JSON, limited to the briefing's scope and period.

use std::process::Command;

const OLD: &str = "tests/fixtures/diff/old.csv";
const NEW: &str = "tests/fixtures/diff/new.csv";

fn sitrep(args: &[&str]) -> (i32, String, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_sitrep"))
        .args(["--store", NEW, "--no-cache"])
        .args(args)
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .env_remove("SITREP_STORE")
        .output()
        .unwrap();
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8(out.stdout).unwrap(),
        String::from_utf8(out.stderr).unwrap(),
    )
}

fn golden(name: &str) -> String {
    std::fs::read_to_string(
        std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("tests/fixtures/diff")
            .join(name),
    )
    .unwrap()
}

/// The section from its heading to the end of the briefing.
fn section<'a>(out: &'a str, heading: &str) -> &'a str {
    &out[out.find(heading).expect("the revisions section")..]
}

fn revisions(args: &[&str]) -> serde_json::Value {
    let mut all = vec!["brief", "--since-release", OLD, "--format", "json"];
    all.extend_from_slice(args);
    let (code, out, err) = sitrep(&all);
    assert_eq!(code, 0, "{err}");
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    v["revisions"].clone()
}

#[test]
fn text_section_matches_the_golden_file() {
    let (code, out, err) = sitrep(&["brief", "--since-release", OLD]);
    assert_eq!(code, 0, "{err}");
    assert_eq!(
        section(&out, "\nREVISIONS SINCE"),
        golden("brief_revisions.txt")
    );
    assert!(out.lines().all(|l| l.chars().count() <= 80));
}

#[test]
fn markdown_section_matches_the_golden_file() {
    let (code, out, _) = sitrep(&["brief", "--since-release", OLD, "--format", "markdown"]);
    assert_eq!(code, 0);
    assert_eq!(
        section(&out, "\n## Revisions since"),
        golden("brief_revisions.md")
    );
}

#[test]
fn json_revisions_are_the_diff_of_the_briefing_period() {
    let r = revisions(&[]);
    let (_, diff, _) = sitrep(&["diff", OLD, NEW, "--format", "json"]);
    let d: serde_json::Value = serde_json::from_str(&diff).unwrap();
    // The default week holds every incident of both releases: the same as `sitrep diff`.
    assert_eq!(r["added"], d["added"]);
    assert_eq!(r["removed"], d["removed"]);
    assert_eq!(r["changed"], d["changed"]);
    assert_eq!(r["totals"]["fields"], d["totals"]["fields"]);
    assert_eq!(r["totals"]["unchanged"], 1);
    assert_eq!(r["old"]["title"], "old.csv");
    assert_eq!(r["old"]["newest"], "2024-03-05");
}

#[test]
fn revisions_follow_the_briefing_period_on_either_side() {
    // 6-7 March: XMA2 (moved from 2 March to 6 March: edited, not added) and XMA6 (added);
    // XMA5 (5 March, removed) and the others lie outside.
    let r = revisions(&["--since", "2024-03-06", "--until", "2024-03-07"]);
    assert_eq!(r["added"], serde_json::json!(["XMA6"]));
    assert_eq!(r["removed"], serde_json::json!([]));
    let ids: Vec<&str> = r["changed"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["id"].as_str().unwrap())
        .collect();
    assert_eq!(ids, ["XMA2"]);
    assert_eq!(r["totals"]["unchanged"], 0);
}

#[test]
fn revisions_follow_the_briefing_scope_and_filter() {
    let r = revisions(&["--actor", "Group A"]);
    let ids: Vec<&str> = r["changed"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["id"].as_str().unwrap())
        .collect();
    assert_eq!(ids, ["XMA1", "XMA3"]);
    assert_eq!(r["added"], serde_json::json!([]));
    let r = revisions(&["--filter", "type:riots"]);
    assert_eq!(r["added"], serde_json::json!(["XMA6"]));
    assert_eq!(r["totals"]["changed"], 0);
}

#[test]
fn no_revisions_key_without_the_option_and_exit_2_for_a_missing_release() {
    let (code, out, _) = sitrep(&["brief", "--format", "json"]);
    assert_eq!(code, 0);
    assert!(!out.contains("\"revisions\""));
    let (code, _, err) = sitrep(&["brief", "--since-release", "tests/fixtures/diff/none.csv"]);
    assert_eq!(code, 2);
    assert!(
        err.contains("--since-release tests/fixtures/diff/none.csv"),
        "{err}"
    );
}
