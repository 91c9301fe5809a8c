//! Opt-in: the real UCDP Burkina Faso file and ACLED's G5 Sahel release opened as one store
//! (two `--store`s, and the colon list in SITREP_STORE). The counts were checked by hand:
//! python's csv module gives 1504 UCDP events and 5237 ACLED rows; UCDP names 7 actors, of
//! which all 7 have an ACLED partner once the crosswalk is applied; 74 UCDP places are ACLED
//! towns of the same name (less "town"/"village") within 30 km. Skipped without the folder.

use std::path::Path;
use std::process::Command;

#[path = "common/dev_data.rs"]
mod dev_data_dir;
use dev_data_dir::dev_data;

const UCDP: &str = "ucdp_gedevents_burkina_2016-2023_webexport.csv";
const ACLED: &str = "acled_export_g5sahel_1997-2018_rel2018-11-05.csv";

fn export(dir: &Path, by_env: bool, filter: &str) -> serde_json::Value {
    let cache = tempfile::tempdir().unwrap();
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_sitrep"));
    cmd.env("SITREP_CACHE_DIR", cache.path());
    if by_env {
        let list = format!("{}:{}", dir.join(UCDP).display(), dir.join(ACLED).display());
        cmd.env("SITREP_STORE", list);
    } else {
        cmd.env_remove("SITREP_STORE")
            .arg("--store")
            .arg(dir.join(UCDP))
            .arg("--store")
            .arg(dir.join(ACLED));
    }
    let out = cmd
        .args(["export", "--format", "json", "--filter", filter])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).unwrap()
}

fn count(v: &serde_json::Value, list: &str) -> usize {
    v[list].as_array().unwrap().len()
}

#[test]
fn ucdp_and_acled_open_as_one_store_with_each_incident_keeping_its_dataset() {
    let Some(dir) = dev_data() else { return };
    let all = export(&dir, false, "");
    assert_eq!(count(&all, "incidents"), 1504 + 5237);
    let labels: Vec<&str> = all["meta"]["datasets"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["label"].as_str().unwrap())
        .collect();
    assert_eq!(labels, ["UCDP", "ACLED"]);
    // Every UCDP actor found its ACLED partner; ACLED's civilians of Burkina Faso, not of
    // Mali or Niger, are UCDP's "Civilians".
    let merged: Vec<(&str, Vec<&str>)> = all["actors"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|a| {
            let from: Vec<&str> = a["merged_from"]
                .as_array()?
                .iter()
                .map(|f| f.as_str().unwrap())
                .collect();
            Some((a["name"].as_str().unwrap(), from))
        })
        .collect();
    assert_eq!(merged.len(), 7, "{merged:?}");
    let civilians = merged.iter().find(|(n, _)| *n == "Civilians").unwrap();
    assert_eq!(
        civilians.1,
        ["UCDP: Civilians", "ACLED: Civilians (Burkina Faso)"]
    );
    let is = merged.iter().find(|(n, _)| *n == "IS").unwrap();
    assert_eq!(is.1, ["UCDP: IS", "ACLED: Islamic State (Greater Sahara)"]);
    // 1814 towns in the two files, 74 of them one place in both.
    let merged_towns = all["towns"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|t| t.get("merged_from").is_some())
        .count();
    assert_eq!(merged_towns, 74);
    assert_eq!(count(&all, "towns"), 727 + 1087 - 74);
    let djibo = all["towns"]
        .as_array()
        .unwrap()
        .iter()
        .find(|t| t["name"] == "Djibo town")
        .unwrap();
    // The first dataset's name, the other's as an alias that search finds.
    assert_eq!(djibo["merged_from"][1], "ACLED: Djibo");
    assert_eq!(djibo["aliases"][0], "Djibo");
}

#[test]
fn the_dataset_filter_and_the_colon_list_select_one_files_incidents() {
    let Some(dir) = dev_data() else { return };
    let ucdp = export(&dir, true, "dataset:ucdp");
    assert_eq!(count(&ucdp, "incidents"), 1504);
    assert!(
        ucdp["incidents"]
            .as_array()
            .unwrap()
            .iter()
            .all(|i| i["dataset"] == "UCDP")
    );
    let acled = export(&dir, true, "-dataset:ucdp");
    assert_eq!(count(&acled, "incidents"), 5237);
}
