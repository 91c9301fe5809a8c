//! `sitrep notes` and `sitrep notes add` (issue 16): notes and marks kept in the workspace
//! database, over small stores written by the tests themselves.

#[path = "common/run.rs"]
mod run;

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use run::OutputWithin;
use serde_json::{Value, json};

/// A store titled `title` with one incident per id (invented, in one invented town).
fn write_store(path: &Path, title: &str, ids: &[&str]) {
    let incidents: Vec<Value> = ids
        .iter()
        .enumerate()
        .map(|(i, id)| {
            json!({
                "id": id,
                "date": format!("2025-03-{:02}", i + 1),
                "town": "town:tst",
                "country": "Testland",
                "event_type": "Battles",
                "summary": format!("Invented incident {id}."),
                "sources": [{"outlet": "Test Wire", "illustrative": true}]
            })
        })
        .collect();
    let doc = json!({
        "schema_version": 1,
        "meta": {"title": title, "licence": "CC0", "content": "illustrative"},
        "towns": [{"id": "town:tst", "name": "Testtown", "country": "Testland"}],
        "actors": [{"id": "actor:tst", "name": "Test Group", "kind": "rebel_group"}],
        "incidents": incidents
    });
    std::fs::write(path, serde_json::to_string_pretty(&doc).unwrap()).unwrap();
}

struct Env {
    dir: tempfile::TempDir,
}

impl Env {
    fn new() -> Env {
        let env = Env {
            dir: tempfile::tempdir().unwrap(),
        };
        write_store(&env.store(), "Notes test", &["TST1", "TST2", "TST3"]);
        env
    }

    fn store(&self) -> PathBuf {
        self.dir.path().join("store.json")
    }

    fn workspace(&self) -> PathBuf {
        self.dir.path().join("ws").join("workspace.sqlite")
    }

    /// `sitrep --store STORE ARGS --workspace WS`, as user `tester`.
    fn cmd(&self, store: &Path, args: &[&str]) -> Command {
        let mut c = Command::new(env!("CARGO_BIN_EXE_sitrep"));
        c.env_remove("SITREP_STORE")
            .env_remove("SITREP_WORKSPACE")
            .env("USER", "tester")
            .env("NO_COLOR", "1")
            .arg("--store")
            .arg(store)
            .args(args)
            .arg("--workspace")
            .arg(self.workspace());
        c
    }

    fn run(&self, args: &[&str]) -> Output {
        self.cmd(&self.store(), args).output_timed()
    }
}

fn ok(o: &Output) -> String {
    assert!(
        o.status.success(),
        "exit {:?}: {}",
        o.status.code(),
        String::from_utf8_lossy(&o.stderr)
    );
    String::from_utf8(o.stdout.clone()).unwrap()
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

#[test]
fn notes_added_come_back_in_text_markdown_and_json() {
    let env = Env::new();
    ok(&env.run(&["notes", "add", "TST2", "checked with the field team"]));
    ok(&env.run(&["notes", "add", "actor:tst", "claims | pipes"]));
    let text = ok(&env.run(&["notes"]));
    assert!(text.contains("Notes on Notes test: 2"), "{text}");
    assert!(
        text.lines().any(|l| l.starts_with("TST2")
            && l.contains("tester")
            && l.ends_with("checked with the field team")),
        "{text}"
    );
    let md = ok(&env.run(&["notes", "--format", "markdown"]));
    assert!(md.starts_with("# Notes on Notes test"), "{md}");
    assert!(
        md.contains("| TST2 |") && md.contains("| tester | checked with the field team |"),
        "{md}"
    );
    assert!(
        md.contains("claims \\| pipes"),
        "a pipe would break the table: {md}"
    );

    let out: Value = serde_json::from_str(&ok(&env.run(&["notes", "--format", "json"]))).unwrap();
    let keys_of = |v: &Value| {
        let mut k: Vec<String> = v.as_object().unwrap().keys().cloned().collect();
        k.sort();
        k
    };
    // The keys of before, exactly, and the tags beside them.
    assert_eq!(keys_of(&out), ["marks", "notes", "tags"]);
    let notes = out["notes"].as_array().unwrap();
    assert_eq!(notes.len(), 2);
    assert_eq!(keys_of(&notes[0]), ["author", "created", "record", "text"]);
    assert_eq!(notes[0]["record"], "TST2");
    assert_eq!(notes[0]["text"], "checked with the field team");
    assert_eq!(notes[0]["author"], "tester");
    let created = notes[0]["created"].as_str().unwrap();
    assert!(
        chrono::DateTime::parse_from_rfc3339(created).is_ok() && created.ends_with('Z'),
        "{created}"
    );
    assert_eq!(notes[1]["record"], "actor:tst");
    assert_eq!(out["marks"], json!([]));

    // A mark (as the browser's space key makes one) is listed with its record alone.
    let mut ws = sitrep::workspace::Workspace::open(&env.workspace()).unwrap();
    ws.set_mark(
        "Notes test",
        "TST3",
        sitrep::workspace::RecordKind::Incident,
        true,
    )
    .unwrap();
    let out: Value = serde_json::from_str(&ok(&env.run(&["notes", "--format", "json"]))).unwrap();
    assert_eq!(out["marks"], json!([{"record": "TST3"}]));
    let text = ok(&env.run(&["notes"]));
    assert!(text.contains("Marks: 1\nTST3  incident\n"), "{text}");
}

#[test]
fn a_note_on_an_unknown_record_fails_naming_the_closest_ids() {
    let env = Env::new();
    let o = env.run(&["notes", "add", "TST9", "nothing"]);
    assert_eq!(o.status.code(), Some(2));
    let e = stderr(&o);
    assert!(e.contains("no record 'TST9'"), "{e}");
    assert!(e.contains("closest ids: TST1, TST2, TST3"), "{e}");
    let out: Value = serde_json::from_str(&ok(&env.run(&["notes", "--format", "json"]))).unwrap();
    assert_eq!(out["notes"], json!([]), "nothing was written");
}

#[test]
fn two_processes_writing_notes_at_once_lose_none() {
    let env = Env::new();
    let env = std::sync::Arc::new(env);
    let writers: Vec<_> = (0..2)
        .map(|w| {
            let env = env.clone();
            std::thread::spawn(move || {
                let mut children: Vec<_> = Vec::new();
                // Ten processes of this writer at a time, 50 in all.
                for batch in 0..5 {
                    for i in 0..10 {
                        let text = format!("writer {w} note {}", batch * 10 + i);
                        children.push(
                            env.cmd(&env.store(), &["notes", "add", "TST1", &text])
                                .stdout(std::process::Stdio::null())
                                .stderr(std::process::Stdio::piped())
                                .spawn()
                                .unwrap(),
                        );
                    }
                    for c in children.drain(..) {
                        let o = c.wait_with_output().unwrap();
                        assert!(o.status.success(), "{}", stderr(&o));
                    }
                }
            })
        })
        .collect();
    for w in writers {
        w.join().unwrap();
    }
    let out: Value = serde_json::from_str(&ok(&env.run(&["notes", "--format", "json"]))).unwrap();
    let mut texts: Vec<String> = out["notes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|n| n["text"].as_str().unwrap().to_string())
        .collect();
    texts.sort();
    let mut expected: Vec<String> = (0..2)
        .flat_map(|w| (0..50).map(move |i| format!("writer {w} note {i}")))
        .collect();
    expected.sort();
    assert_eq!(texts.len(), 100);
    assert_eq!(texts, expected);
}

#[test]
fn an_unusable_workspace_path_is_an_error_naming_it() {
    let env = Env::new();
    // A workspace under a plain file: its folder cannot be made (even as root).
    let blocker = env.dir.path().join("blocker");
    std::fs::write(&blocker, "not a folder").unwrap();
    let bad = blocker.join("workspace.sqlite");
    for args in [&["notes"][..], &["notes", "add", "TST1", "x"]] {
        let o = Command::new(env!("CARGO_BIN_EXE_sitrep"))
            .env_remove("SITREP_WORKSPACE")
            .arg("--store")
            .arg(env.store())
            .args(args)
            .arg("--workspace")
            .arg(&bad)
            .output_timed();
        assert_eq!(o.status.code(), Some(2), "{args:?}");
        let e = stderr(&o);
        assert!(
            e.contains(&format!("workspace {}", bad.display()))
                && e.contains("cannot create its folder"),
            "{e}"
        );
        assert!(o.stdout.is_empty());
    }
    // A workspace that is a folder.
    let o = Command::new(env!("CARGO_BIN_EXE_sitrep"))
        .env_remove("SITREP_WORKSPACE")
        .arg("--store")
        .arg(env.store())
        .args(["notes", "--workspace"])
        .arg(env.dir.path())
        .output_timed();
    assert_eq!(o.status.code(), Some(2));
    assert!(
        stderr(&o).contains("is a folder, not a file"),
        "{}",
        stderr(&o)
    );
}

#[test]
fn a_new_release_of_the_dataset_keeps_the_notes_of_surviving_ids() {
    let env = Env::new();
    ok(&env.run(&["notes", "add", "TST1", "kept: TST1 is in both releases"]));
    ok(&env.run(&["notes", "add", "TST3", "dropped from the new release"]));
    // Same title, different content: TST3 is gone, TST4 is new.
    let newer = env.dir.path().join("store-next.json");
    write_store(&newer, "Notes test", &["TST1", "TST2", "TST4"]);
    let o = env
        .cmd(&newer, &["notes", "--format", "json"])
        .output_timed();
    let out: Value = serde_json::from_str(&ok(&o)).unwrap();
    let records: Vec<&str> = out["notes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|n| n["record"].as_str().unwrap())
        .collect();
    assert_eq!(records, ["TST1"]);
    assert!(
        stderr(&o).contains("1 note(s) or mark(s)"),
        "{}",
        stderr(&o)
    );
    // Another dataset (another title) has none of them.
    let other = env.dir.path().join("other.json");
    write_store(&other, "Another dataset", &["TST1"]);
    let o = env
        .cmd(&other, &["notes", "--format", "json"])
        .output_timed();
    let out: Value = serde_json::from_str(&ok(&o)).unwrap();
    assert_eq!(out["notes"], json!([]));
}

/// Incident ids `export --filter LINE` writes (CSV's first column).
fn exported(env: &Env, line: &str) -> Vec<String> {
    let arg = format!("--filter={line}");
    ok(&env.run(&["export", &arg]))
        .lines()
        .skip(1)
        .map(|l| l.split(',').next().unwrap().to_string())
        .collect()
}

#[test]
fn export_filters_by_the_workspaces_marks_notes_and_seen_incidents() {
    use sitrep::workspace::{RecordKind, StoreKey, Workspace};
    let env = Env::new();
    ok(&env.run(&["notes", "add", "TST2", "a note"]));
    let mut ws = Workspace::open(&env.workspace()).unwrap();
    ws.set_mark("Notes test", "TST3", RecordKind::Incident, true)
        .unwrap();
    ws.set_mark("Notes test", "TST1", RecordKind::Incident, true)
        .unwrap();
    let key = StoreKey {
        title: "Notes test".into(),
        hash: "any".into(),
    };
    ws.mark_seen(&key, &["TST1".to_string()]).unwrap();
    // Newest first.
    assert_eq!(exported(&env, "marked"), ["TST3", "TST1"]);
    assert_eq!(exported(&env, "noted"), ["TST2"]);
    assert_eq!(exported(&env, "marked -noted"), ["TST3", "TST1"]);
    assert_eq!(exported(&env, "new"), ["TST3", "TST2"]);
    assert_eq!(exported(&env, "-new"), ["TST1"]);
    assert_eq!(exported(&env, "new marked"), ["TST3"]);
}

#[test]
fn brief_with_notes_has_the_notes_of_the_briefings_incidents_only() {
    let env = Env::new();
    // Ten days of incidents: the default briefing is the last 7 (TST4 to TST10).
    let ids: Vec<String> = (1..=10).map(|i| format!("TST{i}")).collect();
    let refs: Vec<&str> = ids.iter().map(String::as_str).collect();
    write_store(&env.store(), "Notes test", &refs);
    ok(&env.run(&["notes", "add", "TST1", "an early note"]));
    ok(&env.run(&["notes", "add", "TST9", "inside the period"]));
    let text = ok(&env.run(&["brief", "--with-notes"]));
    assert!(text.contains("\nNotes (1)\n  TST9 (tester, "), "{text}");
    assert!(text.contains("): inside the period\n"), "{text}");
    assert!(!text.contains("an early note"), "{text}");
    let md = ok(&env.run(&["brief", "--with-notes", "--format", "markdown"]));
    assert!(md.contains("## Notes (1)\n\n- **TST9** (tester, "), "{md}");
    let out: Value = serde_json::from_str(&ok(&env.run(&[
        "brief",
        "--with-notes",
        "--format",
        "json",
    ])))
    .unwrap();
    let notes = out["notes"].as_array().unwrap();
    assert_eq!(notes.len(), 1);
    assert_eq!(notes[0]["record"], "TST9");
    assert_eq!(notes[0]["text"], "inside the period");
    assert!(out["headline"].is_object(), "the briefing is all there");
    // Without the flag the briefing has no notes.
    let plain = ok(&env.run(&["brief"]));
    assert!(!plain.contains("Notes ("), "{plain}");
    let out: Value = serde_json::from_str(&ok(&env.run(&["brief", "--format", "json"]))).unwrap();
    assert!(out.get("notes").is_none());
}

#[test]
fn notes_add_takes_workspace_and_store_before_or_after_add() {
    let env = Env::new();
    let ws = env.workspace();
    let store = env.store();
    let base = || {
        let mut c = Command::new(env!("CARGO_BIN_EXE_sitrep"));
        c.env_remove("SITREP_STORE")
            .env_remove("SITREP_WORKSPACE")
            .env("USER", "tester");
        c
    };
    let runs: [Vec<&std::ffi::OsStr>; 3] = [
        vec![
            "notes".as_ref(),
            "--workspace".as_ref(),
            ws.as_os_str(),
            "--store".as_ref(),
            store.as_os_str(),
            "add".as_ref(),
            "TST1".as_ref(),
            "one".as_ref(),
        ],
        vec![
            "--workspace".as_ref(),
            ws.as_os_str(),
            "--store".as_ref(),
            store.as_os_str(),
            "notes".as_ref(),
            "add".as_ref(),
            "TST1".as_ref(),
            "two".as_ref(),
        ],
        vec![
            "notes".as_ref(),
            "add".as_ref(),
            "TST1".as_ref(),
            "three".as_ref(),
            "--store".as_ref(),
            store.as_os_str(),
            "--workspace".as_ref(),
            ws.as_os_str(),
        ],
    ];
    for args in runs {
        ok(&base().args(&args).output_timed());
    }
    let out: Value = serde_json::from_str(&ok(&env.run(&["notes", "--format", "json"]))).unwrap();
    let texts: Vec<&str> = out["notes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|n| n["text"].as_str().unwrap())
        .collect();
    let mut sorted = texts.clone();
    sorted.sort();
    assert_eq!(sorted, ["one", "three", "two"]);
}

/// `export --with-notes`: each incident's notes in a CSV column (empty where there are
/// none) before the tags', a section at the end of markdown, and a refusal for json (a
/// store).
#[test]
fn export_with_notes_puts_each_incidents_notes_beside_it() {
    let env = Env::new();
    ok(&env.run(&["notes", "add", "TST2", "seen by two outlets"]));
    ok(&env.run(&["notes", "add", "TST2", "toll disputed"]));
    let csv = ok(&env.run(&["export", "--with-notes", "--format", "csv"]));
    let mut r = csv::Reader::from_reader(csv.as_bytes());
    let headers = r.headers().unwrap().clone();
    assert_eq!(headers.iter().nth_back(1), Some("workspace_notes"));
    assert_eq!(headers.iter().next_back(), Some("workspace_tags"));
    let rows: Vec<csv::StringRecord> = r.records().map(Result::unwrap).collect();
    assert_eq!(rows.len(), 3);
    for row in &rows {
        let cell = row.iter().nth_back(1).unwrap();
        assert_eq!(row.iter().next_back(), Some(""), "no tags here");
        match &row[0] {
            "TST2" => {
                assert!(
                    cell.starts_with("seen by two outlets (tester, ")
                        && cell.contains(" | toll disputed (tester, "),
                    "{cell}"
                );
            }
            _ => assert_eq!(cell, "", "{row:?}"),
        }
    }
    let md = ok(&env.run(&["export", "--with-notes", "--format", "markdown"]));
    let section = md
        .split("## Workspace notes")
        .nth(1)
        .expect("a notes section");
    assert_eq!(section.matches("- **TST2** (tester, ").count(), 2, "{md}");
    let json = env.run(&["export", "--with-notes", "--format", "json"]);
    assert_eq!(json.status.code(), Some(2), "{}", stderr(&json));
    assert!(stderr(&json).contains("--with-notes"), "{}", stderr(&json));
}

#[test]
fn notes_tag_adds_and_removes_tags_and_json_lists_them_beside_notes_and_marks() {
    let env = Env::new();
    let o = env.run(&["notes", "tag", "TST2", "Follow Up"]);
    ok(&o);
    assert!(
        stderr(&o).contains("tagged 'follow up' on TST2"),
        "{}",
        stderr(&o)
    );
    ok(&env.run(&["notes", "tag", "actor:tst", "watch"]));
    ok(&env.run(&["notes", "tag", "TST2", "checked"]));
    ok(&env.run(&["notes", "add", "TST2", "a note"]));
    let out: Value = serde_json::from_str(&ok(&env.run(&["notes", "--format", "json"]))).unwrap();
    let mut keys: Vec<&String> = out.as_object().unwrap().keys().collect();
    keys.sort();
    assert_eq!(keys, ["marks", "notes", "tags"]);
    assert_eq!(out["notes"][0]["text"], "a note", "the notes are as before");
    assert_eq!(out["marks"], json!([]));
    assert_eq!(
        out["tags"],
        json!([
            {"record": "TST2", "tag": "checked"},
            {"record": "TST2", "tag": "follow up"},
            {"record": "actor:tst", "tag": "watch"},
        ])
    );
    let text = ok(&env.run(&["notes"]));
    assert!(
        text.contains("Tags: 3\nTST2  checked\nTST2  follow up\nactor:tst  watch\n"),
        "{text}"
    );
    let md = ok(&env.run(&["notes", "--format", "markdown"]));
    assert!(md.contains("## Tags\n\n- TST2: checked\n"), "{md}");

    // --remove takes one off; a tag the record lacks is an error naming what it has.
    ok(&env.run(&["notes", "tag", "TST2", "checked", "--remove"]));
    let o = env.run(&["notes", "tag", "TST2", "nope", "--remove"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(
        stderr(&o).contains("TST2 has no tag 'nope'; its tags: follow up"),
        "{}",
        stderr(&o)
    );
    let out: Value = serde_json::from_str(&ok(&env.run(&["notes", "--format", "json"]))).unwrap();
    assert_eq!(out["tags"].as_array().unwrap().len(), 2);

    // The filter key reads them: the tagged incident, and every incident of the tagged actor
    // (none here: the store's incidents name no actor).
    assert_eq!(exported(&env, "tag:follow_up"), ["TST2"]);
    assert_eq!(exported(&env, "-tag:follow_up"), ["TST3", "TST1"]);
    let o = env.run(&["export", "--filter=tag:folow_up"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(
        stderr(&o).contains("no tag 'folow up'; closest: follow up"),
        "{}",
        stderr(&o)
    );
}

#[test]
fn notes_tag_refuses_an_unknown_record_and_a_bad_tag() {
    let env = Env::new();
    let o = env.run(&["notes", "tag", "TST9", "x"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("no record 'TST9'"), "{}", stderr(&o));
    let o = env.run(&["notes", "tag", "TST1", "a,b"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("cannot hold a comma"), "{}", stderr(&o));
    let out: Value = serde_json::from_str(&ok(&env.run(&["notes", "--format", "json"]))).unwrap();
    assert_eq!(out["tags"], json!([]));
}

#[test]
fn exports_and_briefings_with_notes_carry_the_incidents_tags() {
    let env = Env::new();
    ok(&env.run(&["notes", "tag", "TST1", "checked"]));
    ok(&env.run(&["notes", "tag", "TST1", "urgent"]));
    let csv = ok(&env.run(&["export", "--with-notes"]));
    let mut lines = csv.lines();
    assert!(
        lines
            .next()
            .unwrap()
            .ends_with(",workspace_notes,workspace_tags"),
        "{csv}"
    );
    let tst1 = csv.lines().find(|l| l.starts_with("TST1,")).unwrap();
    assert!(tst1.ends_with(",checked; urgent"), "{tst1}");
    let md = ok(&env.run(&["export", "--with-notes", "--format", "markdown"]));
    assert!(
        md.contains("## Workspace tags\n\n- **TST1**: checked, urgent\n"),
        "{md}"
    );
    let out: Value = serde_json::from_str(&ok(&env.run(&[
        "brief",
        "--with-notes",
        "--format",
        "json",
    ])))
    .unwrap();
    assert_eq!(
        out["tags"],
        json!([{"record": "TST1", "tag": "checked"}, {"record": "TST1", "tag": "urgent"}])
    );
    let text = ok(&env.run(&["brief", "--with-notes"]));
    assert!(text.contains("\nTags (2)\n  TST1: checked\n"), "{text}");
}
