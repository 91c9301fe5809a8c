//! `sitrep cache` and the snapshot cache end to end (issue 18). Every run names its own
//! cache directory (--cache-dir or XDG_CACHE_HOME): nothing here touches ~/.cache.

#[path = "common/run.rs"]
mod run;

use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

use run::{OutputWithin, ok_stdout, wait_within};

const FIXTURE: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/tests/fixtures/search_small.json"
);

/// A private copy of the fixture and a cache directory, in one temporary folder.
fn setup() -> (tempfile::TempDir, PathBuf, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let store = dir.path().join("store.json");
    std::fs::copy(FIXTURE, &store).unwrap();
    let cache = dir.path().join("cache");
    (dir, store, cache)
}

fn command(cache: &Path, args: &[&str]) -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_sitrep"));
    c.arg("--cache-dir")
        .arg(cache)
        .args(args)
        .env_remove("SITREP_STORE")
        .env_remove("SITREP_CACHE_DIR")
        .env("NO_COLOR", "1");
    c
}

fn sitrep(cache: &Path, args: &[&str]) -> Output {
    command(cache, args).output_timed()
}

/// `sitrep search` with --timings: its output, and whether the store came from a snapshot.
fn search(cache: &Path, store: &Path) -> (String, String) {
    let out = sitrep(
        cache,
        &[
            "--store",
            store.to_str().unwrap(),
            "search",
            "kayes",
            "--timings",
        ],
    );
    let stdout = ok_stdout(&out);
    let err = String::from_utf8(out.stderr).unwrap();
    let state = err
        .lines()
        .find_map(|l| l.strip_prefix("cache="))
        .unwrap_or_else(|| panic!("no cache= line in {err}"))
        .to_string();
    (stdout, state)
}

fn snapshots(cache: &Path) -> Vec<PathBuf> {
    match std::fs::read_dir(cache) {
        Ok(rd) => rd.flatten().map(|e| e.path()).collect(),
        Err(_) => Vec::new(),
    }
}

#[test]
fn the_second_open_is_served_from_the_snapshot_with_the_same_results() {
    let (_dir, store, cache) = setup();
    let (first, state) = search(&cache, &store);
    assert_eq!(state, "miss");
    assert_eq!(
        snapshots(&cache).len(),
        1,
        "the first open wrote a snapshot"
    );
    let (second, state) = search(&cache, &store);
    assert_eq!(state, "hit");
    assert_eq!(first, second);
}

#[test]
fn cache_list_shows_each_snapshot_with_its_source_and_state() {
    let (_dir, store, cache) = setup();
    let out = ok_stdout(&sitrep(&cache, &["cache", "--list"]));
    assert!(out.contains("0 snapshot(s)"), "{out}");
    ok_stdout(&sitrep(
        &cache,
        &["--store", store.to_str().unwrap(), "validate"],
    ));
    let out = ok_stdout(&sitrep(&cache, &["cache"]));
    let canonical = std::fs::canonicalize(&store).unwrap();
    assert!(out.contains("1 snapshot(s)"), "{out}");
    let line = out.lines().nth(1).expect("a snapshot line");
    assert!(line.contains("fresh"), "{line}");
    assert!(line.ends_with(canonical.to_str().unwrap()), "{line}");

    let json: serde_json::Value =
        serde_json::from_str(&ok_stdout(&sitrep(&cache, &["cache", "--json"]))).unwrap();
    let snaps = json["snapshots"].as_array().unwrap();
    assert_eq!(snaps.len(), 1);
    assert_eq!(snaps[0]["state"], "fresh");
    assert!(snaps[0]["incidents"].as_u64().unwrap() > 0);

    // Changed since: listed as stale.
    let mut text = std::fs::read_to_string(&store).unwrap();
    text.push('\n');
    std::fs::write(&store, text).unwrap();
    let out = ok_stdout(&sitrep(&cache, &["cache", "--list"]));
    assert!(out.lines().nth(1).unwrap().contains("stale"), "{out}");
}

#[test]
fn cache_clear_removes_every_snapshot() {
    let (_dir, store, cache) = setup();
    let (_, state) = search(&cache, &store);
    assert_eq!(state, "miss");
    let out = ok_stdout(&sitrep(&cache, &["cache", "--clear"]));
    assert!(out.starts_with("removed 1 snapshot(s)"), "{out}");
    assert!(snapshots(&cache).is_empty());
    let (_, state) = search(&cache, &store);
    assert_eq!(state, "miss", "cleared: parsed again");
    let out = ok_stdout(&sitrep(&cache, &["cache", "--clear", "--list"]));
    assert!(
        out.contains("removed 1") && out.contains("0 snapshot(s)"),
        "{out}"
    );
}

#[test]
fn no_cache_neither_reads_nor_writes_snapshots() {
    let (_dir, store, cache) = setup();
    let out = sitrep(
        &cache,
        &[
            "--no-cache",
            "--store",
            store.to_str().unwrap(),
            "search",
            "kayes",
            "--timings",
        ],
    );
    ok_stdout(&out);
    assert!(String::from_utf8_lossy(&out.stderr).contains("cache=off"));
    assert!(snapshots(&cache).is_empty());
    let out = sitrep(&cache, &["--no-cache", "cache"]);
    assert_eq!(out.status.code(), Some(2), "no directory to list");
}

#[test]
fn the_default_directory_is_xdg_cache_home_sitrep() {
    let (dir, store, _) = setup();
    let xdg = dir.path().join("xdg");
    let out = Command::new(env!("CARGO_BIN_EXE_sitrep"))
        .args(["--store", store.to_str().unwrap(), "validate"])
        .env_remove("SITREP_STORE")
        .env_remove("SITREP_CACHE_DIR")
        .env("XDG_CACHE_HOME", &xdg)
        .output_timed();
    ok_stdout(&out);
    assert_eq!(snapshots(&xdg.join("sitrep")).len(), 1);
}

#[test]
fn an_unwritable_cache_directory_warns_and_loads_the_store() {
    let (dir, store, _) = setup();
    // Under a plain file no directory can be made, even by root.
    let blocker = dir.path().join("file");
    std::fs::write(&blocker, "x").unwrap();
    let cache = blocker.join("sitrep");
    let plain = ok_stdout(&sitrep(
        Path::new("/nonexistent-unused"),
        &[
            "--no-cache",
            "--store",
            store.to_str().unwrap(),
            "search",
            "kayes",
        ],
    ));
    let out = sitrep(
        &cache,
        &["--store", store.to_str().unwrap(), "search", "kayes"],
    );
    assert_eq!(ok_stdout(&out), plain);
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("cache: cannot create"), "{err}");
}

#[test]
fn a_corrupt_snapshot_is_discarded_with_a_note_and_the_source_loaded() {
    let (_dir, store, cache) = setup();
    let (first, _) = search(&cache, &store);
    let snap = snapshots(&cache).pop().unwrap();
    let mut bytes = std::fs::read(&snap).unwrap();
    let mid = bytes.len() / 2;
    bytes[mid] ^= 0x01;
    std::fs::write(&snap, &bytes).unwrap();
    let out = sitrep(
        &cache,
        &[
            "--store",
            store.to_str().unwrap(),
            "search",
            "kayes",
            "--timings",
        ],
    );
    assert_eq!(ok_stdout(&out), first);
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("corrupt") && err.contains("cache=miss"),
        "{err}"
    );
    let (_, state) = search(&cache, &store);
    assert_eq!(state, "hit", "rebuilt");
}

#[test]
fn two_processes_opening_one_store_at_once_leave_one_good_snapshot() {
    let (_dir, store, cache) = setup();
    let spawn = || {
        command(
            &cache,
            &["--store", store.to_str().unwrap(), "search", "kayes"],
        )
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap()
    };
    let (a, b) = (spawn(), spawn());
    let a = wait_within(a, run::DEADLINE, "first");
    let b = wait_within(b, run::DEADLINE, "second");
    assert_eq!(ok_stdout(&a), ok_stdout(&b));
    let left = snapshots(&cache);
    assert_eq!(left.len(), 1, "one snapshot, no temporary files: {left:?}");
    let (third, state) = search(&cache, &store);
    assert_eq!(state, "hit");
    assert_eq!(third, ok_stdout(&a));
}

#[test]
fn a_joined_snapshot_matched_with_another_crosswalk_is_listed_stale() {
    let dir = tempfile::tempdir().unwrap();
    let cache = dir.path().join("cache");
    let root = env!("CARGO_MANIFEST_DIR");
    let (ucdp, acled) = (
        format!("{root}/tests/fixtures/join/ucdp_bf.csv"),
        format!("{root}/tests/fixtures/join/acled_bf.csv"),
    );
    let stores = ["--store", ucdp.as_str(), "--store", acled.as_str()];
    ok_stdout(&sitrep(
        &cache,
        &[&stores[..], &["search", "jnim"]].concat(),
    ));
    let joined_line = |extra: &[&str]| {
        let out = ok_stdout(&sitrep(&cache, &[extra, &["cache", "--list"]].concat()));
        out.lines()
            .find(|l| l.contains(" + "))
            .unwrap_or_else(|| panic!("no joined snapshot in {out}"))
            .to_string()
    };
    assert!(joined_line(&[]).contains("fresh"));
    // The same files, but another crosswalk in effect: the snapshot would not be served.
    let extra = dir.path().join("mine.toml");
    std::fs::write(
        &extra,
        "[[actor]]\nname = \"Koglweogo\"\nnames = [\"Kogl\"]\n",
    )
    .unwrap();
    let line = joined_line(&["--crosswalk", extra.to_str().unwrap()]);
    assert!(
        line.contains("stale (matched with another crosswalk"),
        "{line}"
    );
}
