//! `sitrep watch` on the built-in sample with data/watches.example.toml and hand-written
//! watches files: what fires, the JSON contract, exit statuses (0 quiet, 1 fired, 2 error)
//! and messages that name the file's line.

use std::process::Command;

fn sitrep(args: &[&str], config_home: &std::path::Path) -> (i32, String, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_sitrep"))
        .args(args)
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .env_remove("SITREP_STORE")
        .env_remove("SITREP_WATCHES")
        .env("XDG_CONFIG_HOME", config_home)
        .env("XDG_DATA_HOME", config_home)
        .output()
        .unwrap();
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8(out.stdout).unwrap(),
        String::from_utf8(out.stderr).unwrap(),
    )
}

fn file(dir: &tempfile::TempDir, text: &str) -> String {
    let p = dir.path().join("watches.toml");
    std::fs::write(&p, text).unwrap();
    p.display().to_string()
}

const EXAMPLE: &str = "data/watches.example.toml";

#[test]
fn the_example_fires_the_diboli_watch_and_exits_1() {
    let dir = tempfile::tempdir().unwrap();
    let (code, out, err) = sitrep(&["watch", "--watches", EXAMPLE], dir.path());
    assert_eq!(code, 1, "{err}");
    assert!(
        out.starts_with("WATCHES: <built-in sample> (newest incident 2025-07-29): 1 of 3 fired"),
        "{out}"
    );
    assert!(out.contains("FIRED JNIM within 50 km of Diboli"), "{out}");
    assert!(
        out.contains("inc-20250701-diboli (2025-07-01) Diboli, Kayes, Mali"),
        "{out}"
    );
    assert!(
        out.contains("quiet Kayes region: more than 3 incidents a week"),
        "{out}"
    );
    assert!(out.lines().all(|l| l.chars().count() <= 80), "{out}");
}

#[test]
fn json_has_the_contract_keys_for_every_watch() {
    let dir = tempfile::tempdir().unwrap();
    let (code, out, _) = sitrep(
        &["watch", "--watches", EXAMPLE, "--format", "json"],
        dir.path(),
    );
    assert_eq!(code, 1);
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    let watches = v["watches"].as_array().unwrap();
    assert_eq!(watches.len(), 3);
    for w in watches {
        for key in [
            "name",
            "rule",
            "fired",
            "value",
            "threshold",
            "incident_ids",
        ] {
            assert!(w.get(key).is_some(), "{key} missing in {w}");
        }
    }
    let kayes = &watches[0];
    assert_eq!(kayes["rule"], "count > 3 per week");
    assert_eq!(kayes["fired"], false);
    assert_eq!(kayes["threshold"], 3);
    assert_eq!(kayes["period"]["label"], "2025-W31");
    assert_eq!(
        kayes["value"],
        kayes["incident_ids"].as_array().unwrap().len()
    );
    assert_eq!(watches[1]["fired"], true);
    assert_eq!(
        watches[1]["incident_ids"],
        serde_json::json!(["inc-20250701-diboli"])
    );
    assert_eq!(v["fired"], 1);
}

#[test]
fn nothing_fired_exits_0_and_a_lower_threshold_fires() {
    let dir = tempfile::tempdir().unwrap();
    // Kayes region in July 2025 (the month of the newest incident), counted by export.
    let (_, csv, _) = sitrep(
        &[
            "export",
            "--filter",
            "country:kayes since:2025-07-01 until:2025-07-31",
        ],
        dir.path(),
    );
    let july = csv.lines().count() as u64 - 1;
    assert!(july > 0);
    let quiet = file(
        &dir,
        &format!(
            "[[watch]]\nname = \"k\"\nfilter = \"country:kayes\"\nrule = \"count > {july} per month\"\n"
        ),
    );
    let (code, out, err) = sitrep(&["watch", "--watches", &quiet], dir.path());
    assert_eq!(code, 0, "{out}{err}");
    assert!(
        out.contains(&format!("{july} incidents in 2025-07")),
        "{out}"
    );
    let fires = file(
        &dir,
        &format!(
            "[[watch]]\nname = \"k\"\nfilter = \"country:kayes\"\nrule = \"count > {} per month\"\n",
            july - 1
        ),
    );
    let (code, out, _) = sitrep(&["watch", "--watches", &fires], dir.path());
    assert_eq!(code, 1, "{out}");
}

#[test]
fn a_bad_watches_file_exits_2_naming_the_line() {
    let dir = tempfile::tempdir().unwrap();
    let bad = file(
        &dir,
        "[[watch]]\nname = \"a\"\nfilter = \"country:kayes\"\nrule = \"more than 3 a week\"\n",
    );
    let (code, out, err) = sitrep(&["watch", "--watches", &bad], dir.path());
    assert_eq!(code, 2);
    assert!(out.is_empty());
    assert!(
        err.contains(&format!(
            "{bad}:4:8: rule 'more than 3 a week' is not one of"
        )),
        "{err}"
    );
    // A filter naming nothing in the store is refused at its line, with the closest names.
    let nothing = file(
        &dir,
        "[[watch]]\nname = \"a\"\nfilter = \"town:dibolo\"\nrule = \"any\"\n",
    );
    let (code, _, err) = sitrep(&["watch", "--watches", &nothing], dir.path());
    assert_eq!(code, 2);
    assert!(
        err.contains(&format!("{nothing}:3:10: watch 'a': filter:")),
        "{err}"
    );
    assert!(err.contains("Diboli"), "{err}");
}

#[test]
fn a_missing_file_or_no_watches_at_all_exits_2() {
    let dir = tempfile::tempdir().unwrap();
    let (code, _, err) = sitrep(&["watch", "--watches", "no/such/watches.toml"], dir.path());
    assert_eq!(code, 2);
    assert!(
        err.contains("no/such/watches.toml: cannot read the watches"),
        "{err}"
    );
    let (code, _, err) = sitrep(&["watch"], dir.path());
    assert_eq!(code, 2);
    assert!(err.contains("no watches: give --watches FILE"), "{err}");
}

#[test]
fn the_default_file_beside_the_configuration_is_used() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(dir.path().join("sitrep")).unwrap();
    std::fs::copy(EXAMPLE, dir.path().join("sitrep/watches.toml")).unwrap();
    let (code, out, err) = sitrep(&["watch"], dir.path());
    assert_eq!(code, 1, "{err}");
    assert!(out.contains("1 of 3 fired"), "{out}");
}

#[test]
fn watches_saved_in_the_workspace_are_evaluated_with_the_files() {
    let dir = tempfile::tempdir().unwrap();
    let ws = dir.path().join("ws.sqlite");
    let ws = ws.to_str().unwrap();
    let (code, _, err) = sitrep(
        &[
            "--workspace",
            ws,
            "watch",
            "add",
            "Kayes in July",
            "--filter",
            "country:kayes since:2025-07-01",
            "--rule",
            "any",
        ],
        dir.path(),
    );
    assert_eq!(code, 0, "{err}");
    assert!(err.contains("watch 'Kayes in July' saved in"), "{err}");
    // Alone: it fires.
    let (code, out, err) = sitrep(&["--workspace", ws, "watch"], dir.path());
    assert_eq!(code, 1, "{err}");
    assert!(out.contains("FIRED Kayes in July"), "{out}");
    // With the example file: four watches, two fired.
    let (code, out, _) = sitrep(
        &["--workspace", ws, "--watches", EXAMPLE, "watch"],
        dir.path(),
    );
    assert_eq!(code, 1);
    assert!(out.contains("2 of 4 fired"), "{out}");
    // A bad rule or a filter naming nothing is refused, and nothing is saved.
    let (code, _, err) = sitrep(
        &["--workspace", ws, "watch", "add", "x", "--rule", "often"],
        dir.path(),
    );
    assert_eq!(code, 2);
    assert!(
        err.contains("watch 'x': rule 'often' is not one of"),
        "{err}"
    );
    let (code, _, err) = sitrep(
        &[
            "--workspace",
            ws,
            "watch",
            "add",
            "x",
            "--rule",
            "any",
            "--filter",
            "town:dibolo",
        ],
        dir.path(),
    );
    assert_eq!(code, 2);
    assert!(
        err.contains("watch 'x': filter:") && err.contains("Diboli"),
        "{err}"
    );
    // Removed, nothing is left to watch.
    let (code, _, _) = sitrep(
        &["--workspace", ws, "watch", "remove", "Kayes in July"],
        dir.path(),
    );
    assert_eq!(code, 0);
    let (code, _, err) = sitrep(
        &["--workspace", ws, "watch", "remove", "Kayes in July"],
        dir.path(),
    );
    assert_eq!(code, 2);
    assert!(err.contains("no watch named 'Kayes in July'"), "{err}");
    let (code, _, err) = sitrep(&["--workspace", ws, "watch"], dir.path());
    assert_eq!(code, 2);
    assert!(err.contains("no watches"), "{err}");
}
