//! The briefing (4) and map (5) tabs and the export key in a real terminal (tmux), at 80x24
//! and 200x50, as a user types them.

#[path = "common/sample.rs"]
mod sample;
#[path = "common/tmux.rs"]
mod tmux;

use tmux::{Options, Session, sh_quote};

const BIN: &str = env!("CARGO_BIN_EXE_sitrep");

fn start_in(label: &str, width: u16, height: u16, dir: &std::path::Path, args: &str) -> Session {
    let script = format!(
        "cd {} && {} {args}; echo EXIT=$?; exec sleep 600",
        sh_quote(dir.to_str().unwrap()),
        sh_quote(BIN)
    );
    let s = Session::start(
        label,
        Options {
            width,
            height,
            env: &[],
        },
        &script,
    );
    s.wait_for("1 Incidents");
    s
}

#[test]
fn briefing_figures_open_their_incidents_at_80x24() {
    let dir = tempfile::tempdir().unwrap();
    let s = start_in("brief80", 80, 24, dir.path(), "");
    s.send_keys(&["4"]);
    let screen = s.wait_for("Headline");
    assert!(screen.contains("Briefing: all incidents"), "{screen}");
    // The first figure line is the headline's incidents; Enter opens them as a list.
    s.send_keys(&["Down", "Enter"]);
    let screen = s.wait_for("incidents in the period");
    assert!(screen.contains("Incidents"), "{screen}");
    s.send_keys(&["b"]);
    s.wait_for("Headline");
    s.send_keys(&["+"]);
    s.wait_for("(14 days)");
    s.send_keys(&["q"]);
    s.wait_for("EXIT=0");
}

#[test]
fn map_draws_zooms_and_pans_at_200x50_and_in_ascii() {
    let dir = tempfile::tempdir().unwrap();
    let s = start_in("map200", 200, 50, dir.path(), "");
    s.send_keys(&["5"]);
    let screen = s.wait_for(&sample::all_in_view());
    assert!(
        screen.contains("Kayes") && screen.contains("Bamako"),
        "{screen}"
    );
    s.send_keys(&["+", "+", "+"]);
    s.wait_until("zoomed in: fewer incidents in view", |sc| {
        sc.contains("incidents in view") && !sc.contains(&sample::at(sample::incidents()))
    });
    s.send_keys(&["0"]);
    s.wait_for(&sample::all_in_view());
    s.send_keys(&["q"]);
    s.wait_for("EXIT=0");

    let a = start_in("mapascii", 80, 24, dir.path(), "--ascii");
    a.send_keys(&["5"]);
    let screen = a.wait_for("incidents in view");
    assert!(!screen.contains('⠀') && !screen.contains('─'), "{screen}");
    assert!(screen.contains('@') || screen.contains('#'), "{screen}");
    a.send_keys(&["q"]);
    a.wait_for("EXIT=0");
}

#[test]
fn export_key_writes_a_new_csv_of_the_filtered_list() {
    let dir = tempfile::tempdir().unwrap();
    let s = start_in("export", 120, 30, dir.path(), "");
    s.send_keys(&["f"]);
    s.send_literal("country:senegal");
    s.send_keys(&["Enter"]);
    s.wait_for("filter: country:senegal");
    s.send_keys(&["e"]);
    let screen = s.wait_for("exported");
    assert!(screen.contains("sitrep-export-"), "{screen}");
    s.send_keys(&["q"]);
    s.wait_for("EXIT=0");
    let files: Vec<_> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    assert_eq!(files.len(), 1, "{files:?}");
    let mut r = csv::Reader::from_path(&files[0]).unwrap();
    let rows: Vec<_> = r.records().map(Result::unwrap).collect();
    assert!(!rows.is_empty());
    assert!(
        rows.iter().all(|row| &row[4] == "Senegal"),
        "only Senegal rows"
    );
}
