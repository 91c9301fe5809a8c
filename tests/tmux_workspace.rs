//! The workspace in a real terminal (tmux), as a user types it (issue 16): a mark and a
//! note kept across runs, the seen incidents losing their `+`, and a saved view opened
//! with `--view NAME`.

#[path = "common/tmux.rs"]
mod tmux;

use std::path::Path;
use std::process::Command;

use tmux::{Options, Session, sh_quote};

const BIN: &str = env!("CARGO_BIN_EXE_sitrep");

fn start(label: &str, ws: &Path, args: &str) -> Session {
    let script = format!(
        "USER=tester {} --workspace {} {args}; echo EXIT=$?; exec sleep 600",
        sh_quote(BIN),
        sh_quote(ws.to_str().unwrap())
    );
    let s = Session::start(
        label,
        Options {
            width: 100,
            height: 30,
            env: &[],
        },
        &script,
    );
    s.wait_for("1 Incidents");
    s
}

fn notes_json(ws: &Path) -> serde_json::Value {
    let o = Command::new(BIN)
        .env_remove("SITREP_STORE")
        .args(["notes", "--format", "json", "--workspace"])
        .arg(ws)
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    serde_json::from_slice(&o.stdout).unwrap()
}

/// The list row of the incident at `date` and `town`, as drawn.
fn row<'a>(screen: &'a str, date_town: &str) -> &'a str {
    screen
        .lines()
        .find(|l| l.contains(date_town))
        .unwrap_or_else(|| panic!("no row {date_town}:\n{screen}"))
}

#[test]
fn marks_notes_seen_and_views_survive_a_restart() {
    let dir = tempfile::tempdir().unwrap();
    let ws = dir.path().join("ws.sqlite");
    let s = start("ws1", &ws, "");
    let screen = s.capture();
    // First visit: every incident is new.
    assert!(
        row(&screen, "2025-07-27 Koutiala").contains("│ +2025"),
        "{screen}"
    );
    s.send_keys(&["Space"]);
    s.wait_for("marked inc-");
    s.send_keys(&["n"]);
    s.wait_for("Note on inc-");
    s.send_literal("seen on video");
    s.send_keys(&["Enter"]);
    s.wait_for("note saved on inc-");
    s.send_keys(&["f"]);
    s.send_literal("type:battles");
    s.send_keys(&["Enter"]);
    s.wait_for("filter: type:battles");
    s.send_keys(&["V"]);
    s.wait_for("Save this view as");
    s.send_literal("battles");
    s.send_keys(&["Enter"]);
    s.wait_for("view 'battles' saved");
    s.send_keys(&["q"]);
    s.wait_for("EXIT=0");

    let out = notes_json(&ws);
    assert_eq!(out["notes"].as_array().unwrap().len(), 1, "{out}");
    assert_eq!(out["notes"][0]["text"], "seen on video");
    assert_eq!(out["notes"][0]["author"], "tester");
    assert_eq!(out["marks"].as_array().unwrap().len(), 1);

    // Second visit: the mark shows, the incidents seen have lost their +, and the note is
    // in the detail.
    let s = start("ws2", &ws, "");
    let screen = s.capture();
    let first = row(&screen, "2025-07-29 Kayes");
    assert!(first.contains("*2025-07-29"), "{screen}");
    assert!(
        row(&screen, "2025-07-27 Koutiala").contains("│  2025"),
        "{screen}"
    );
    s.send_keys(&["Enter"]);
    s.wait_for("seen on video (tester)");
    s.send_keys(&["q"]);
    s.wait_for("EXIT=0");

    // The view opens from the command line.
    let s = start("ws3", &ws, "--view battles");
    s.wait_for("filter: type:battles");
    s.send_keys(&["q"]);
    s.wait_for("EXIT=0");
}
