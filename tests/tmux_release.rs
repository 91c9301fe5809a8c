//! A new release opened with the previous one and a watches file, in a real terminal
//! (tmux): the status line at start, the `changed:edited` filter, the detail's old → new
//! values, and a bad previous release refused before the terminal is touched.

#[path = "common/tmux.rs"]
mod tmux;

use tmux::{Options, Session, sh_quote};

const BIN: &str = env!("CARGO_BIN_EXE_sitrep");

fn fixture(name: &str) -> String {
    format!("{}/tests/fixtures/diff/{name}", env!("CARGO_MANIFEST_DIR"))
}

/// The browser on new.csv with a workspace of its own in `dir`.
fn start(label: &str, dir: &std::path::Path, args: &str) -> Session {
    let script = format!(
        "{} --no-cache --workspace {} --store {} {args}; echo EXIT=$?; exec sleep 600",
        sh_quote(BIN),
        sh_quote(dir.join("ws.sqlite").to_str().unwrap()),
        sh_quote(&fixture("new.csv")),
    );
    Session::start(
        label,
        Options {
            width: 140,
            height: 30,
            env: &[],
        },
        &script,
    )
}

#[test]
fn since_release_marks_filters_and_details_the_changes() {
    let dir = tempfile::tempdir().unwrap();
    let watches = dir.path().join("watches.toml");
    std::fs::write(
        &watches,
        "[[watch]]\nname = \"riots\"\nfilter = \"type:riots\"\nrule = \"any\"\n",
    )
    .unwrap();
    let s = start(
        "rel1",
        dir.path(),
        &format!(
            "--since-release {} --watches {}",
            sh_quote(&fixture("old.csv")),
            sh_quote(watches.to_str().unwrap())
        ),
    );
    let screen = s.wait_for("1 added, 3 edited, 1 removed since old.csv");
    assert!(
        screen.contains("watches: 1 of 1 fired: riots (1)"),
        "{screen}"
    );
    assert!(screen.contains("^2024-03-07"), "{screen}");
    assert!(screen.contains("~2024-03-06"), "{screen}");
    s.send_keys(&["f"]);
    s.send_literal("changed:edited");
    s.send_keys(&["Enter"]);
    s.wait_for("1/3");
    // The first edited row, newest first, is XMA2.
    let screen = s.wait_for("location: Bravo → Bravo Ville");
    assert!(
        screen.contains("~ edited since old.csv (to 2024-03-05)"),
        "{screen}"
    );
    s.send_keys(&["q"]);
    s.wait_for("EXIT=0");
}

#[test]
fn a_previous_release_that_cannot_be_read_exits_2_before_the_browser() {
    let dir = tempfile::tempdir().unwrap();
    let s = start(
        "rel2",
        dir.path(),
        &format!("--since-release {}", sh_quote(&fixture("none.csv"))),
    );
    let screen = s.wait_for("EXIT=2");
    assert!(screen.contains("--since-release"), "{screen}");
    assert!(!screen.contains("1 Incidents"), "{screen}");
}

#[test]
fn a_watch_saved_in_the_workspace_shows_on_the_status_line_at_start() {
    let dir = tempfile::tempdir().unwrap();
    let out = std::process::Command::new(BIN)
        .env_remove("SITREP_STORE")
        .args(["--no-cache", "--store", &fixture("new.csv"), "--workspace"])
        .arg(dir.path().join("ws.sqlite"))
        .args([
            "watch",
            "add",
            "edits at Bravo",
            "--filter",
            "town:bravo_ville",
            "--rule",
            "any",
        ])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let s = start("rel3", dir.path(), "");
    s.wait_for("watches: 1 of 1 fired: edits at Bravo (1)");
    s.send_keys(&["q"]);
    s.wait_for("EXIT=0");
}
