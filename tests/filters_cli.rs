//! The filter grammar on the command line (issue 16), over the scope fixture: 12 invented
//! incidents, 7 in Mali (MLI9...), 4 in Somalia.

#[path = "common/run.rs"]
mod run;
use run::{ok_stdout, sitrep};

const STORE: &str = "tests/fixtures/scope/store.json";
/// Incidents of the fixture involving JNIM, counted by hand.
const JNIM: usize = 6;

fn stderr(o: &std::process::Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

/// Exported incident ids (CSV's first column, header dropped).
fn ids(filter: &str) -> Vec<String> {
    // `--filter=` so that a line starting with `-key:` is not read as an option.
    let arg = format!("--filter={filter}");
    let o = sitrep(&["--store", STORE, "export", &arg]);
    ok_stdout(&o)
        .lines()
        .skip(1)
        .map(|l| l.split(',').next().unwrap().to_string())
        .collect()
}

#[test]
fn an_actor_naming_nothing_fails_naming_the_closest_actor() {
    let o = sitrep(&["--store", STORE, "export", "--filter", "actor:jnm"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(o.stdout.is_empty());
    assert!(
        stderr(&o).contains("no actor named 'jnm'; closest: JNIM"),
        "{}",
        stderr(&o)
    );
}

#[test]
fn exclusion_or_and_keep_the_hand_counted_incidents() {
    let all = ids("").len();
    assert_eq!(all, 12);
    let mali = ids("country:mali");
    assert_eq!(mali.len(), 7);
    assert_eq!(ids("-country:mali").len(), all - 7);
    assert_eq!(ids("country:mali,somalia").len(), 11);
    // Every incident of the fixture is a battle.
    assert_eq!(ids("type:battles").len(), all);
    assert!(ids("-type:battles").is_empty());
    assert_eq!(ids("-actor:jnim").len(), all - JNIM);
}

#[test]
fn unknown_key_and_missing_workspace_are_errors_not_empty_exports() {
    let o = sitrep(&["--store", STORE, "export", "--filter", "sinse:30d"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(
        stderr(&o).contains("unknown filter key 'sinse:'; closest: since:"),
        "{}",
        stderr(&o)
    );
    // No --workspace and no folder to keep the default one in.
    let o = std::process::Command::new(env!("CARGO_BIN_EXE_sitrep"))
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .env_remove("SITREP_STORE")
        .env_remove("SITREP_WORKSPACE")
        .env_remove("HOME")
        .env_remove("XDG_DATA_HOME")
        .args(["--store", STORE, "export", "--filter", "marked"])
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(2));
    assert!(
        stderr(&o).contains("marked: needs a workspace"),
        "{}",
        stderr(&o)
    );
}

/// `brief --filter` takes the browser's grammar: an exclusion (a leading '-' the shell
/// passes through) keeps the incidents `export --filter` keeps for the same period, its
/// since:/until: terms become the period, and a bad value exits 2 with the closest name.
#[test]
fn brief_filter_counts_what_export_filter_keeps_and_its_dates_are_the_period() {
    const STORE: &str = "tests/fixtures/brief/store.json";
    let brief = sitrep(&[
        "--store",
        STORE,
        "brief",
        "--filter",
        "-actor:\"civilians (mali)\"",
        "--format",
        "json",
    ]);
    assert_eq!(
        brief.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&brief.stderr)
    );
    let v: serde_json::Value = serde_json::from_slice(&brief.stdout).unwrap();
    let ids: Vec<&str> = v["headline"]["incident_ids"]["ids"]
        .as_array()
        .or(v["headline"]["incident_ids"].as_array())
        .unwrap()
        .iter()
        .map(|i| i.as_str().unwrap())
        .collect();
    // The default period (2025-07-01..07) without Civilians (Mali): a1 and a3 (a2 and a4
    // involve civilians).
    assert_eq!(ids, ["a1", "a3"], "{v}");
    let export = sitrep(&[
        "--store",
        STORE,
        "export",
        "--filter",
        "-actor:\"civilians (mali)\"",
        "--since",
        "2025-07-01",
        "--until",
        "2025-07-07",
        "--format",
        "json",
    ]);
    let e: serde_json::Value = serde_json::from_slice(&export.stdout).unwrap();
    let exported: Vec<&str> = e["incidents"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| i["id"].as_str().unwrap())
        .collect();
    assert_eq!(exported, ids);

    let dated = sitrep(&[
        "--store",
        STORE,
        "brief",
        "--filter",
        "since:2025-06-24 until:2025-06-30 actor:jnim",
        "--format",
        "json",
    ]);
    let d: serde_json::Value = serde_json::from_slice(&dated.stdout).unwrap();
    assert_eq!(d["period"]["since"], "2025-06-24", "{d}");
    assert_eq!(d["period"]["until"], "2025-06-30", "{d}");
    assert_eq!(d["headline"]["incidents"], 1, "b1 only: {d}");
    assert_eq!(d["scope"], "actor:jnim", "{d}");

    let bad = sitrep(&["--store", STORE, "brief", "--filter", "actor:jnm"]);
    assert_eq!(bad.status.code(), Some(2));
    let err = String::from_utf8_lossy(&bad.stderr);
    assert!(
        err.contains("no actor named 'jnm'") && err.contains("JNIM"),
        "{err}"
    );
}
