//! Opt-in: `sitrep diff` of the real ACLED Mali and Niger releases of 2018-10 against the
//! G5 Sahel release of 2018-11-05 (../shared/dev-data, or SITREP_DEV_DATA; skipped when
//! absent). The counts were checked with python's csv module comparing the raw columns.

use std::process::Command;

#[path = "common/dev_data.rs"]
mod dev_data_dir;
use dev_data_dir::dev_data;

fn diff(dir: &std::path::Path, old: &str, country: &str) -> serde_json::Value {
    let out = Command::new(env!("CARGO_BIN_EXE_sitrep"))
        .arg("diff")
        .arg(dir.join(old))
        .arg(dir.join("acled_export_g5sahel_1997-2018_rel2018-11-05.csv"))
        .args([
            "--format",
            "json",
            "--since",
            "2010-01-01",
            "--country",
            country,
        ])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    serde_json::from_slice(&out.stdout).unwrap()
}

#[test]
fn mali_release_against_the_g5_file() {
    let Some(dir) = dev_data() else { return };
    let v = diff(
        &dir,
        "acled_export_mali_2010-2018_rel2018-10_excel.csv",
        "Mali",
    );
    let t = &v["totals"];
    assert_eq!(t["added"], 50);
    assert_eq!(t["removed"], 0);
    assert_eq!(t["changed"], 25);
    // Coordinates: 24 incidents (longitude in 23, latitude in 20); 18 are rounding to
    // three decimals. Locations: 7 differ, 2 of them only by Excel's U+2010 hyphen.
    assert_eq!(t["fields"]["coordinates"], 24);
    assert_eq!(t["fields"]["location"], 5);
    assert_eq!(t["unicode_fields"]["location"], 2);
    assert_eq!(t["unicode_fields"]["admin2"], 1);
    assert_eq!(t["fields"]["notes"], 6);
    assert_eq!(t["fields"]["actor1"], 4);
    assert_eq!(t["fields"]["admin2"], 5);
    assert_eq!(t["row_level_fields"]["data_id"], 38);
    assert_eq!(t["row_level_only"], 13);
}

#[test]
fn niger_release_against_the_g5_file() {
    let Some(dir) = dev_data() else { return };
    let v = diff(
        &dir,
        "acled_export_niger_2010-2018_rel2018-10_excel.csv",
        "Niger",
    );
    let t = &v["totals"];
    assert_eq!(t["added"], 15);
    assert_eq!(t["removed"], 0);
    assert_eq!(t["changed"], 0);
    assert_eq!(t["row_level_only"], 1);
}

/// `sitrep brief --since-release`: the revisions of Mali since 2010 are the diff's, and a
/// year's briefing keeps the incidents of its year (48 of the 50 added; all 25 edited).
#[test]
fn brief_revisions_of_mali_follow_the_period() {
    let Some(dir) = dev_data() else { return };
    let brief = |period: &[&str]| -> serde_json::Value {
        let out = Command::new(env!("CARGO_BIN_EXE_sitrep"))
            .arg("--store")
            .arg(dir.join("acled_export_g5sahel_1997-2018_rel2018-11-05.csv"))
            .args([
                "brief",
                "--country",
                "Mali",
                "--format",
                "json",
                "--since-release",
            ])
            .arg(dir.join("acled_export_mali_2010-2018_rel2018-10_excel.csv"))
            .args(period)
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(0));
        let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
        v["revisions"]["totals"].clone()
    };
    let all = brief(&["--since", "2010-01-01", "--until", "2018-11-05"]);
    let d = diff(
        &dir,
        "acled_export_mali_2010-2018_rel2018-10_excel.csv",
        "Mali",
    );
    assert_eq!(all["added"], d["totals"]["added"]);
    assert_eq!(all["changed"], d["totals"]["changed"]);
    assert_eq!(all["fields"], d["totals"]["fields"]);
    let year = brief(&["--days", "365"]);
    assert_eq!(
        (year["added"].clone(), year["changed"].clone()),
        (48.into(), 25.into())
    );
}
