//! `sitrep trend`, `pivot` and `changes` as a user runs them, over the hand-counted store in
//! tests/fixtures/trend/ (its README has the counts): golden text, CSV and markdown, the JSON
//! contracts key for key, and the SVG chart read back as XML.

use std::process::{Command, Output};

use serde_json::Value;

const STORE: &str = "tests/fixtures/trend/store.json";

fn sitrep(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_sitrep"))
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .env_remove("SITREP_STORE")
        .env("NO_COLOR", "1")
        .arg("--store")
        .arg(STORE)
        .args(args)
        .output()
        .expect("sitrep runs")
}

fn stdout(args: &[&str]) -> String {
    let o = sitrep(args);
    assert!(
        o.status.success(),
        "exit {:?}\nstderr: {}",
        o.status.code(),
        String::from_utf8_lossy(&o.stderr)
    );
    String::from_utf8(o.stdout).expect("utf-8 output")
}

fn json(args: &[&str]) -> Value {
    serde_json::from_str(&stdout(args)).expect("valid JSON")
}

fn keys(v: &Value) -> Vec<&str> {
    let mut k: Vec<&str> = v.as_object().unwrap().keys().map(String::as_str).collect();
    k.sort_unstable();
    k
}

fn has_keys(v: &Value, want: &[&str]) {
    let got = keys(v);
    for k in want {
        assert!(got.contains(k), "missing key {k} in {got:?}");
    }
}

#[test]
fn trend_text_is_golden() {
    insta::assert_snapshot!("trend_month_text", stdout(&["trend", "--every", "month"]));
    insta::assert_snapshot!(
        "trend_by_admin1_fatalities_markdown",
        stdout(&[
            "trend",
            "--every",
            "month",
            "--by",
            "admin1",
            "--measure",
            "fatalities",
            "--format",
            "markdown"
        ])
    );
    insta::assert_snapshot!(
        "trend_week_by_town_csv",
        stdout(&[
            "trend",
            "--since",
            "2025-06-01",
            "--until",
            "2025-06-30",
            "--every",
            "week",
            "--by",
            "town",
            "--top",
            "2",
            "--format",
            "csv"
        ])
    );
}

#[test]
fn trend_json_is_the_contract_with_hand_counted_points() {
    let v = json(&["trend", "--every", "month", "--format", "json"]);
    has_keys(&v, &["every", "measure", "series"]);
    assert_eq!(v["every"], "month");
    assert_eq!(v["measure"], "incidents");
    let series = v["series"].as_array().unwrap();
    assert_eq!(series.len(), 1);
    has_keys(&series[0], &["name", "points"]);
    assert_eq!(series[0]["name"], "all");
    let points = series[0]["points"].as_array().unwrap();
    for p in points {
        has_keys(p, &["period", "value", "incident_ids"]);
    }
    let periods: Vec<&str> = points
        .iter()
        .map(|p| p["period"].as_str().unwrap())
        .collect();
    assert_eq!(
        periods,
        [
            "2025-01", "2025-02", "2025-03", "2025-04", "2025-05", "2025-06", "2025-07"
        ]
    );
    let values: Vec<u64> = points
        .iter()
        .map(|p| p["value"].as_u64().unwrap())
        .collect();
    assert_eq!(values, [1, 0, 0, 1, 8, 9, 12]);
    assert_eq!(points[0]["incident_ids"], serde_json::json!(["t00"]));
    for p in points {
        assert_eq!(
            p["incident_ids"].as_array().unwrap().len() as u64,
            p["value"].as_u64().unwrap()
        );
    }
    // ISO weeks and quarters carry their years.
    let v = json(&[
        "trend",
        "--every",
        "week",
        "--format",
        "json",
        "--since",
        "2025-06-30",
    ]);
    assert_eq!(v["series"][0]["points"][0]["period"], "2025-W27");
    let v = json(&["trend", "--every", "quarter", "--format", "json"]);
    assert_eq!(v["series"][0]["points"][2]["period"], "2025-Q3");
    assert_eq!(v["series"][0]["points"][2]["value"], 12);
}

#[test]
fn trend_filters_are_the_export_filters() {
    let v = json(&[
        "trend",
        "--format",
        "json",
        "--country",
        "Burkina Faso",
        "--every",
        "month",
    ]);
    let total: u64 = v["series"][0]["points"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["value"].as_u64().unwrap())
        .sum();
    assert_eq!(total, 1);
    let v = json(&[
        "trend",
        "--format",
        "json",
        "--filter",
        "type:battles min:2",
        "--every",
        "quarter",
    ]);
    let values: Vec<u64> = v["series"][0]["points"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["value"].as_u64().unwrap())
        .collect();
    // Battles with at least 2 killed: t00, t01, t04, t07-t12 and t17.
    assert_eq!(values, [1, 2, 7]);
    // A country the store lacks is an error, as in export.
    let o = sitrep(&["trend", "--country", "Atlantis"]);
    assert!(!o.status.success());
}

#[test]
fn pivot_text_is_golden_and_json_is_the_contract() {
    insta::assert_snapshot!(
        "pivot_admin1_month_text",
        stdout(&["pivot", "--rows", "admin1", "--since", "2025-05-01"])
    );
    insta::assert_snapshot!(
        "pivot_admin1_actor_csv",
        stdout(&[
            "pivot",
            "--rows",
            "admin1",
            "--cols",
            "actor",
            "--since",
            "2025-07-01",
            "--format",
            "csv"
        ])
    );
    let v = json(&[
        "pivot",
        "--rows",
        "admin1",
        "--since",
        "2025-05-01",
        "--format",
        "json",
    ]);
    has_keys(
        &v,
        &[
            "rows",
            "columns",
            "cells",
            "row_totals",
            "column_totals",
            "total",
        ],
    );
    assert_eq!(
        v["rows"],
        serde_json::json!(["Segou", "Kayes", "Mopti", "Gao", "Sahel"])
    );
    assert_eq!(
        v["columns"],
        serde_json::json!(["2025-05", "2025-06", "2025-07"])
    );
    assert_eq!(
        v["cells"],
        serde_json::json!([[6, 6, 1], [0, 3, 7], [1, 0, 3], [0, 0, 1], [1, 0, 0]])
    );
    assert_eq!(v["row_totals"], serde_json::json!([13, 10, 4, 1, 1]));
    assert_eq!(v["column_totals"], serde_json::json!([8, 9, 12]));
    assert_eq!(v["total"], 29);
}

#[test]
fn changes_text_is_golden_and_json_is_the_contract() {
    insta::assert_snapshot!("changes_admin1_text", stdout(&["changes"]));
    let v = json(&["changes", "--format", "json"]);
    has_keys(&v, &["rule", "items"]);
    assert!(
        v["rule"]
            .as_str()
            .unwrap()
            .contains("a rise from 1 to 3 is stable")
    );
    let items = v["items"].as_array().unwrap();
    for i in items {
        has_keys(
            i,
            &["name", "by", "current", "baseline", "band", "incident_ids"],
        );
        assert_eq!(i["by"], "admin1");
    }
    let got: Vec<(&str, &str)> = items
        .iter()
        .map(|i| (i["name"].as_str().unwrap(), i["band"].as_str().unwrap()))
        .collect();
    assert_eq!(
        got,
        [
            ("Kayes", "large_rise"),
            ("Gao", "first_activity"),
            ("Segou", "moderate_fall"),
            ("Mopti", "stable"),
            ("Sahel", "stable")
        ]
    );
    assert_eq!(items[0]["current"], 7);
    assert_eq!(items[0]["baseline"], 1.33);
    assert_eq!(items[1]["incident_ids"], serde_json::json!(["t17"]));
    let v = json(&["changes", "--by", "actor", "--format", "json"]);
    assert_eq!(v["items"][0]["by"], "actor");
}

#[test]
fn trend_svg_is_xml_with_one_line_per_series_and_a_point_per_period() {
    let svg = stdout(&[
        "trend", "--every", "month", "--by", "admin1", "--top", "3", "--format", "svg",
    ]);
    let doc = roxmltree::Document::parse(&svg).expect("well-formed SVG");
    assert_eq!(doc.root_element().tag_name().name(), "svg");
    // Series lines: polylines with one vertex per period (7 months); the legend's are not.
    let lines: Vec<usize> = polylines(&doc)
        .into_iter()
        .map(|p| p.len())
        .filter(|&n| n == 7)
        .collect();
    assert_eq!(lines.len(), 4, "Kayes, Segou, Gao and others");
    let text: Vec<&str> = doc
        .descendants()
        .filter(|n| n.tag_name().name() == "text")
        .filter_map(|n| n.text())
        .collect();
    for label in [
        "2025-01",
        "2025-07",
        "Kayes",
        "Segou",
        "others",
        "incidents",
    ] {
        assert!(
            text.iter().any(|t| t.contains(label)),
            "no {label} in {text:?}"
        );
    }
}

#[test]
fn output_files_are_written_atomically_and_not_overwritten() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("trend.svg");
    let p = path.to_str().unwrap();
    let o = sitrep(&["trend", "-o", p]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let written = std::fs::read_to_string(&path).unwrap();
    assert!(written.contains("<svg"), "format from the extension");
    let o = sitrep(&["trend", "-o", p]);
    assert!(!o.status.success(), "refuses to overwrite without --force");
    let o = sitrep(&["pivot", "--rows", "type", "-o", p]);
    assert!(!o.status.success());
    let o = sitrep(&["trend", "--timings", "--format", "csv"]);
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(err.contains("load") && err.contains("compute"), "{err}");
}

#[test]
fn briefing_sharp_rises_are_the_rise_bands_of_changes() {
    // The fixture's four weeks to 2025-07-29 against the 84 days before (README counts):
    // JNIM 11 against 5, Mali's army 8 against 4 (large rises), Kayes town 4 against 2
    // (moderate: 0.67 expected, 3.33 more).
    let brief = json(&[
        "brief",
        "--since",
        "2025-07-02",
        "--until",
        "2025-07-29",
        "--format",
        "json",
    ]);
    let rises: Vec<(String, String, u64)> = brief["rises"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| {
            (
                r["name"].as_str().unwrap().to_string(),
                r["band"].as_str().unwrap().to_string(),
                r["incidents"].as_u64().unwrap(),
            )
        })
        .collect();
    let want = |name: &str, band: &str, n: u64| (name.to_string(), band.to_string(), n);
    assert_eq!(
        rises,
        [
            want("JNIM", "large_rise", 11),
            want("Military Forces of Mali", "large_rise", 8),
            want("Kayes, Mali", "moderate_rise", 4),
        ]
    );
    // Every rise is what `sitrep changes` says of the same name over the same period.
    for (by, name) in [("actor", "JNIM"), ("town", "Kayes, Mali")] {
        let c = json(&[
            "changes",
            "--by",
            by,
            "--since",
            "2025-07-02",
            "--until",
            "2025-07-29",
            "--format",
            "json",
        ]);
        let item = c["items"]
            .as_array()
            .unwrap()
            .iter()
            .find(|i| i["name"] == name)
            .unwrap_or_else(|| panic!("{name} in changes --by {by}"));
        let rise = brief["rises"]
            .as_array()
            .unwrap()
            .iter()
            .find(|r| r["name"] == name)
            .unwrap();
        assert_eq!(item["band"], rise["band"], "{name}");
        assert_eq!(item["current"], rise["incidents"], "{name}");
        assert_eq!(item["incident_ids"], rise["incident_ids"], "{name}");
    }
    assert_eq!(brief["rise_baseline"]["days"], 84);
}

#[test]
fn brief_charts_writes_weekly_svgs_beside_the_markdown_and_links_them() {
    let dir = tempfile::tempdir().unwrap();
    let md_path = dir.path().join("brief.md");
    let charts = dir.path().join("charts");
    let period = ["--since", "2025-07-02", "--until", "2025-07-29"];
    let mut args = vec![
        "brief",
        "--format",
        "markdown",
        "-o",
        md_path.to_str().unwrap(),
    ];
    args.extend(period);
    args.extend(["--charts", charts.to_str().unwrap()]);
    let o = sitrep(&args);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let md = std::fs::read_to_string(&md_path).unwrap();
    // Linked relative to the markdown's folder, so the pair can be moved together.
    assert!(
        md.contains("](charts/incidents-by-week.svg)")
            && md.contains("](charts/fatalities-by-week.svg)"),
        "{md}"
    );
    let mut brief = vec!["brief", "--format", "json"];
    brief.extend(period);
    let weeks: Vec<u64> = json(&brief)["weeks"]
        .as_array()
        .unwrap()
        .iter()
        .map(|w| w["incidents"].as_u64().unwrap())
        .collect();
    let svg = std::fs::read_to_string(charts.join("incidents-by-week.svg")).unwrap();
    let doc = roxmltree::Document::parse(&svg).expect("well-formed SVG");
    // The series line has one vertex per week of the briefing's activity table, and a
    // week with more incidents is drawn higher (smaller y) than one with fewer.
    let ys: Vec<f64> = polylines(&doc)
        .into_iter()
        .find(|p| p.len() == weeks.len())
        .expect("a line with a vertex per week")
        .iter()
        .map(|xy| xy.split(',').nth(1).unwrap().parse().unwrap())
        .collect();
    for a in 0..weeks.len() {
        for b in 0..weeks.len() {
            if weeks[a] > weeks[b] {
                assert!(
                    ys[a] < ys[b],
                    "week {a} ({}) not above week {b} ({})",
                    weeks[a],
                    weeks[b]
                );
            }
        }
    }
    assert!(
        std::fs::metadata(charts.join("fatalities-by-week.svg"))
            .unwrap()
            .len()
            > 0
    );
    // Charts only make sense as images in markdown.
    let o = sitrep(&["brief", "--charts", charts.to_str().unwrap()]);
    assert!(!o.status.success());
    assert!(String::from_utf8_lossy(&o.stderr).contains("--charts needs --format markdown"));
}

/// Each polyline's vertices ("x,y") in an SVG document.
fn polylines<'a>(doc: &'a roxmltree::Document) -> Vec<Vec<&'a str>> {
    doc.descendants()
        .filter(|n| n.tag_name().name() == "polyline")
        .map(|n| {
            n.attribute("points")
                .unwrap_or("")
                .split_whitespace()
                .collect()
        })
        .collect()
}
