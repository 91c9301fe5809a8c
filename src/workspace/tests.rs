use super::*;

fn key(title: &str, hash: &str) -> StoreKey {
    StoreKey {
        title: title.into(),
        hash: hash.into(),
    }
}

fn temp() -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("sub").join("workspace.sqlite");
    (dir, path)
}

#[test]
fn marks_notes_and_tags_round_trip_through_the_file() {
    let (_dir, path) = temp();
    {
        let mut ws = Workspace::open(&path).unwrap();
        ws.set_mark("Sahel", "INC1", RecordKind::Incident, true)
            .unwrap();
        ws.set_mark("Sahel", "A7", RecordKind::Actor, true).unwrap();
        ws.set_mark("Sahel", "A7", RecordKind::Actor, false)
            .unwrap();
        ws.add_note("Sahel", "INC1", "checked\twith\nfield team", "ana")
            .unwrap();
        ws.add_tag("Sahel", "INC1", "follow-up").unwrap();
        ws.set_mark("Other", "INC9", RecordKind::Incident, true)
            .unwrap();
    }
    let ws = Workspace::open(&path).unwrap();
    assert_eq!(
        ws.marks("Sahel").unwrap(),
        [Mark {
            record: "INC1".into(),
            kind: RecordKind::Incident
        }]
    );
    let notes = ws.notes("Sahel").unwrap();
    assert_eq!(notes.len(), 1);
    assert_eq!(
        notes[0].text, "checked with field team",
        "tabs and newlines kept"
    );
    assert_eq!(notes[0].author, "ana");
    assert!(
        chrono::DateTime::parse_from_rfc3339(&notes[0].created).is_ok()
            && notes[0].created.ends_with('Z'),
        "{}",
        notes[0].created
    );
    assert_eq!(ws.tags("Sahel", "INC1").unwrap(), ["follow-up"]);
    assert!(ws.notes("Other").unwrap().is_empty(), "datasets are apart");
}

#[test]
fn note_text_loses_escapes_and_an_empty_note_is_refused() {
    let (_dir, path) = temp();
    let mut ws = Workspace::open(&path).unwrap();
    let n = ws.add_note("S", "I1", "\x1b[2Jhi\x07", "me").unwrap();
    assert!(
        !n.text.contains('\x1b') && !n.text.contains('\x07'),
        "{:?}",
        n.text
    );
    assert!(n.text.contains("hi"));
    let e = ws.add_note("S", "I1", " \n ", "me").unwrap_err();
    assert!(e.to_string().contains("workspace.sqlite"), "{e}");
}

#[test]
fn seen_is_kept_per_dataset_across_releases() {
    let (_dir, path) = temp();
    let mut ws = Workspace::open(&path).unwrap();
    let ids = |v: &[&str]| v.iter().map(|s| s.to_string()).collect::<Vec<_>>();
    assert_eq!(ws.mark_seen(&key("S", "h1"), &ids(&["a", "b"])).unwrap(), 2);
    assert_eq!(ws.mark_seen(&key("S", "h2"), &ids(&["b", "c"])).unwrap(), 1);
    let seen = ws.seen("S").unwrap();
    assert_eq!(seen.len(), 3);
    assert!(ws.seen("T").unwrap().is_empty());
}

#[test]
fn views_are_saved_replaced_and_checked() {
    let (_dir, path) = temp();
    let mut ws = Workspace::open(&path).unwrap();
    let mut v = View {
        name: "week".into(),
        tab: "incidents".into(),
        filter: "since:7d".into(),
        sort: "-fatalities".into(),
        columns: "[\"date\",\"town\"]".into(),
        created: String::new(),
    };
    ws.save_view(&v).unwrap();
    v.filter = "since:14d".into();
    ws.save_view(&v).unwrap();
    let views = ws.views().unwrap();
    assert_eq!(views.len(), 1);
    assert_eq!(views[0].filter, "since:14d");
    assert_eq!(
        ws.view("week").unwrap().unwrap().columns,
        "[\"date\",\"town\"]"
    );
    assert!(ws.view("nope").unwrap().is_none());
    v.columns = "date,town".into();
    let e = ws.save_view(&v).unwrap_err();
    assert!(e.to_string().contains("not a JSON array"), "{e}");
}

#[test]
fn two_connections_writing_at_once_lose_nothing() {
    let (_dir, path) = temp();
    Workspace::open(&path).unwrap();
    let threads: Vec<_> = (0..4)
        .map(|t| {
            let path = path.clone();
            std::thread::spawn(move || {
                let mut ws = Workspace::open(&path).unwrap();
                for i in 0..50 {
                    ws.add_note("S", &format!("I{t}"), &format!("note {i}"), "me")
                        .unwrap();
                }
            })
        })
        .collect();
    for t in threads {
        t.join().unwrap();
    }
    let ws = Workspace::open(&path).unwrap();
    assert_eq!(ws.notes("S").unwrap().len(), 200);
}

#[test]
fn a_path_under_a_file_is_an_error_naming_the_workspace() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("plain");
    std::fs::write(&file, "x").unwrap();
    let path = file.join("workspace.sqlite");
    let e = Workspace::open(&path).unwrap_err();
    assert!(e.to_string().contains(&path.display().to_string()), "{e}");
    let e = Workspace::open(dir.path()).unwrap_err();
    assert!(e.to_string().contains("is a folder"), "{e}");
}

#[test]
fn a_file_that_is_not_a_database_is_an_error_naming_it() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("ws.sqlite");
    std::fs::write(&path, vec![b'x'; 4096]).unwrap();
    let e = Workspace::open(&path).unwrap_err();
    assert!(e.to_string().contains("ws.sqlite"), "{e}");
}

#[test]
fn tags_are_added_once_removed_and_listed_by_record_through_the_file() {
    let (_dir, path) = temp();
    {
        let mut ws = Workspace::open(&path).unwrap();
        assert_eq!(
            ws.add_tag("Sahel", "INC1", "  Follow-Up ").unwrap(),
            "follow-up"
        );
        ws.add_tag("Sahel", "INC1", "follow-up").unwrap();
        ws.add_tag("Sahel", "INC1", "checked\tby  phone").unwrap();
        ws.add_tag("Sahel", "actor:jnim", "watch").unwrap();
        ws.add_tag("Sahel", "INC2", "gone soon").unwrap();
        ws.remove_tag("Sahel", "INC2", "Gone Soon").unwrap();
        ws.add_tag("Other", "INC1", "elsewhere").unwrap();
    }
    let ws = Workspace::open(&path).unwrap();
    assert_eq!(
        ws.tags("Sahel", "INC1").unwrap(),
        ["checked by phone", "follow-up"],
        "kept once, cleaned, in order"
    );
    let all: Vec<(String, String)> = ws
        .all_tags("Sahel")
        .unwrap()
        .into_iter()
        .map(|t| (t.record, t.tag))
        .collect();
    assert_eq!(
        all,
        [
            ("INC1".into(), "checked by phone".into()),
            ("INC1".into(), "follow-up".into()),
            ("actor:jnim".into(), "watch".into()),
        ]
    );
    assert_eq!(ws.snapshot("Sahel").unwrap().tags.len(), 3);
    assert_eq!(ws.all_tags("Other").unwrap().len(), 1, "datasets are apart");
}

#[test]
fn a_tag_that_is_empty_holds_a_comma_or_runs_long_is_refused_with_the_reason() {
    assert_eq!(clean_tag("\x1b[31mRed\x07").unwrap(), "[31mred");
    assert_eq!(clean_tag(" \t ").unwrap_err(), "a tag needs some text");
    assert!(
        clean_tag("a,b")
            .unwrap_err()
            .contains("cannot hold a comma")
    );
    assert!(
        clean_tag(&"x".repeat(MAX_TAG_CHARS + 1))
            .unwrap_err()
            .contains("at most 40 characters")
    );
    let (_dir, path) = temp();
    let mut ws = Workspace::open(&path).unwrap();
    let e = ws.add_tag("S", "I1", "a,b").unwrap_err();
    assert!(
        e.to_string().contains("workspace.sqlite") && e.to_string().contains("comma"),
        "{e}"
    );
    assert!(ws.all_tags("S").unwrap().is_empty());
}

#[test]
fn settings_round_trip_through_the_file_and_the_last_write_of_a_key_wins() {
    let (_dir, path) = temp();
    {
        let mut ws = Workspace::open(&path).unwrap();
        ws.set_setting("columns.incidents", "{\"shown\":[\"date\"]}")
            .unwrap();
        ws.set_settings(&[("columns.towns", "t1"), ("columns.actors", "a1")])
            .unwrap();
        ws.set_setting("columns.towns", "t2").unwrap();
    }
    let ws = Workspace::open(&path).unwrap();
    let all = ws.settings().unwrap();
    assert_eq!(
        all.into_iter().collect::<Vec<_>>(),
        [
            ("columns.actors".to_string(), "a1".to_string()),
            (
                "columns.incidents".to_string(),
                "{\"shown\":[\"date\"]}".to_string()
            ),
            ("columns.towns".to_string(), "t2".to_string()),
        ]
    );
    assert_eq!(ws.setting("columns.towns").unwrap().as_deref(), Some("t2"));
    assert_eq!(ws.setting("nope").unwrap(), None);
    // Settings are the user's: every dataset's snapshot has them.
    assert_eq!(ws.snapshot("Any dataset").unwrap().settings.len(), 3);
}

#[test]
fn two_writers_changing_settings_at_once_keep_each_others_keys() {
    let (_dir, path) = temp();
    // Two browsers open on one file, each choosing another list's columns, in turn and
    // then at once.
    let mut a = Workspace::open(&path).unwrap();
    let mut b = Workspace::open(&path).unwrap();
    a.set_setting("columns.incidents", "from a").unwrap();
    b.set_setting("columns.towns", "from b").unwrap();
    let threads: Vec<_> = (0..4)
        .map(|t| {
            let path = path.clone();
            std::thread::spawn(move || {
                let mut ws = Workspace::open(&path).unwrap();
                for i in 0..25 {
                    ws.set_setting(&format!("writer{t}.key{i}"), &format!("{t}/{i}"))
                        .unwrap();
                }
            })
        })
        .collect();
    for t in threads {
        t.join().unwrap();
    }
    let all = Workspace::open(&path).unwrap().settings().unwrap();
    assert_eq!(all.len(), 2 + 100);
    assert_eq!(all["columns.incidents"], "from a");
    assert_eq!(all["columns.towns"], "from b");
    assert_eq!(all["writer3.key24"], "3/24");
}

#[test]
fn a_version_1_workspace_gains_the_settings_table_and_keeps_its_notes() {
    let (_dir, path) = temp();
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    {
        // A workspace as the first release wrote it: no settings table, user_version 1.
        let conn = Connection::open(&path).unwrap();
        conn.execute_batch(
            "CREATE TABLE notes (id INTEGER PRIMARY KEY, dataset TEXT NOT NULL,
                 record TEXT NOT NULL, text TEXT NOT NULL, created TEXT NOT NULL,
                 author TEXT NOT NULL);
             INSERT INTO notes (dataset, record, text, created, author)
                 VALUES ('S', 'I1', 'old note', '2026-01-01T00:00:00Z', 'ana');
             PRAGMA user_version = 1;",
        )
        .unwrap();
    }
    let mut ws = Workspace::open(&path).unwrap();
    assert_eq!(ws.notes("S").unwrap()[0].text, "old note");
    ws.set_setting("columns.incidents", "x").unwrap();
    assert_eq!(ws.settings().unwrap().len(), 1);
}

#[test]
fn watches_are_saved_replaced_listed_and_removed() {
    let (_dir, path) = temp();
    {
        let mut ws = Workspace::open(&path).unwrap();
        let w = |name: &str, rule: &str| SavedWatch {
            name: name.into(),
            filter: "country:kayes".into(),
            rule: rule.into(),
            created: String::new(),
        };
        ws.save_watch(&w("kayes", "count > 3 per week")).unwrap();
        ws.save_watch(&w("a\tfirst", "any")).unwrap();
        ws.save_watch(&w("kayes", "count > 5 per week")).unwrap();
        assert!(ws.save_watch(&w(" ", "any")).is_err());
    }
    let mut ws = Workspace::open(&path).unwrap();
    let all = ws.watches().unwrap();
    let names: Vec<&str> = all.iter().map(|w| w.name.as_str()).collect();
    assert_eq!(names, ["a first", "kayes"]);
    assert_eq!(all[1].rule, "count > 5 per week");
    assert!(!all[1].created.is_empty());
    assert!(ws.remove_watch("kayes").unwrap());
    assert!(!ws.remove_watch("kayes").unwrap());
    assert_eq!(ws.watches().unwrap().len(), 1);
}

#[test]
fn a_version_1_workspace_gains_the_watches_table_and_keeps_its_rows() {
    let (_dir, path) = temp();
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    {
        // A workspace as version 1 made it: its tables without `watches`.
        let conn = rusqlite::Connection::open(&path).unwrap();
        conn.execute_batch(
            "CREATE TABLE marks (dataset TEXT NOT NULL, record TEXT NOT NULL, kind TEXT NOT NULL,
                 created TEXT NOT NULL, PRIMARY KEY (dataset, record));
             INSERT INTO marks VALUES ('Sahel', 'INC1', 'incident', '2026-01-01T00:00:00Z');
             PRAGMA user_version = 1;",
        )
        .unwrap();
    }
    let ws = Workspace::open(&path).unwrap();
    assert_eq!(ws.marks("Sahel").unwrap().len(), 1);
    assert!(ws.watches().unwrap().is_empty());
}

#[test]
fn a_file_at_a_later_version_without_the_watches_table_gains_it() {
    let (_dir, path) = temp();
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    {
        // Another build's file: a higher version, its own table, no `watches`.
        let conn = rusqlite::Connection::open(&path).unwrap();
        conn.execute_batch("CREATE TABLE settings (k TEXT); PRAGMA user_version = 7;")
            .unwrap();
    }
    let ws = Workspace::open(&path).unwrap();
    assert!(ws.watches().unwrap().is_empty());
    drop(ws);
    let conn = rusqlite::Connection::open(&path).unwrap();
    let v: i64 = conn
        .pragma_query_value(None, "user_version", |r| r.get(0))
        .unwrap();
    assert_eq!(v, 7, "the version is never lowered");
}
