//! The browser opened on a new release with the previous one (`sitrep --since-release OLD`):
//! the status line's count, the list's markers, the `changed` filter key and the detail's
//! old → new values, on the hand-written releases of tests/fixtures/diff.

#[path = "common/render.rs"]
mod render;

use std::path::Path;
use std::sync::Arc;

use render::Harness;
use sitrep::diff::ReleaseChanges;
use sitrep::store::Store;
use sitrep::ui::theme::Theme;

fn open(name: &str) -> Store {
    let p = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/diff")
        .join(name);
    Store::open(Some(&p)).unwrap()
}

fn browser(width: u16, height: u16) -> Harness {
    let (old, new) = (open("old.csv"), open("new.csv"));
    let changes = ReleaseChanges::between(&old, &new);
    let mut h = Harness::over(Arc::new(new), width, height, Theme::new(false, false));
    h.app.set_release(changes);
    h
}

#[test]
fn the_status_line_counts_the_changes_at_start() {
    let mut h = browser(120, 40);
    let s = h.screen();
    assert!(
        s.contains("1 added, 3 edited, 1 removed since old.csv (to 2024-03-05)"),
        "{s}"
    );
}

#[test]
fn added_and_edited_incidents_are_marked_in_the_list() {
    let mut h = browser(120, 40);
    let s = h.screen();
    // The gutter before the date column: XMA6 (added) 7 March, XMA2 (edited) 6 March, XMA4
    // (unchanged) 4 March, XMA3 and XMA1 (edited).
    for marked in [
        "^2024-03-07",
        "~2024-03-06",
        "  2024-03-04",
        "~2024-03-03",
        "~2024-03-01",
    ] {
        assert!(s.contains(marked), "{marked}:\n{s}");
    }
}

#[test]
fn changed_filter_keeps_the_added_and_edited_incidents() {
    let mut h = browser(120, 40);
    h.keys("fchanged<enter>");
    assert_eq!(h.app.list(sitrep::ui::nav::Tab::Incidents).rows.len(), 4);
    h.keys("x").keys("fchanged:edited<enter>");
    assert_eq!(h.app.list(sitrep::ui::nav::Tab::Incidents).rows.len(), 3);
    h.keys("x").keys("fchanged:added<enter>");
    assert_eq!(h.app.list(sitrep::ui::nav::Tab::Incidents).rows.len(), 1);
    // Clearing the filters keeps the release: the key still works after x.
    h.keys("x").keys("f-changed<enter>");
    assert_eq!(h.app.list(sitrep::ui::nav::Tab::Incidents).rows.len(), 1);
}

#[test]
fn changed_without_a_release_is_refused_on_the_status_line() {
    let mut h = Harness::over(Arc::new(open("new.csv")), 120, 40, Theme::new(false, false));
    h.keys("fchanged<enter>");
    let s = h.screen();
    assert!(s.contains("needs a previous release"), "{s}");
}

#[test]
fn an_edited_incidents_detail_shows_old_and_new_values() {
    let mut h = browser(120, 40);
    // XMA2, the second row (newest first).
    h.keys("<down>");
    let s = h.screen();
    assert!(s.contains("~ edited since old.csv (to 2024-03-05)"), "{s}");
    assert!(s.contains("location: Bravo → Bravo Ville"), "{s}");
    assert!(s.contains("actor1: Group B → Group C"), "{s}");
    assert!(s.contains("(moved 5.6 km)"), "{s}");
    insta::assert_snapshot!("edited_incident_detail_120x40", s);
}

#[test]
fn an_added_incidents_detail_says_so_in_ascii_too() {
    let (old, new) = (open("old.csv"), open("new.csv"));
    let changes = ReleaseChanges::between(&old, &new);
    let mut h = Harness::over(Arc::new(new), 120, 40, Theme::new(false, true));
    h.app.set_release(changes);
    let s = h.screen();
    assert!(s.contains("^ added since old.csv"), "{s}");
    h.keys("<down>");
    let s = h.screen();
    assert!(s.contains("location: Bravo -> Bravo Ville"), "{s}");
}

#[test]
fn fired_watches_show_on_the_status_line_at_start() {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("data/watches.example.toml");
    let watches = sitrep::watch::load(&path).unwrap();
    let mut h = Harness::new(120, 40);
    h.app.show_watches(watches);
    let s = h.screen();
    assert!(
        s.contains("watches: 1 of 3 fired: JNIM within 50 km of Diboli (1)"),
        "{s}"
    );
}

#[test]
fn watches_come_before_the_release_counts_and_a_bad_filter_is_said() {
    let mut h = browser(160, 40);
    let path = Path::new("w.toml");
    let text = "[[watch]]\nname = \"riots\"\nfilter = \"type:riots\"\nrule = \"any\"\n";
    h.app
        .show_watches(sitrep::watch::parse(text, path).unwrap());
    let s = h.screen();
    assert!(
        s.contains("watches: 1 of 1 fired: riots (1) · 1 added, 3 edited"),
        "{s}"
    );
    let text = "[[watch]]\nname = \"x\"\nfilter = \"town:nowhere\"\nrule = \"any\"\n";
    h.app
        .show_watches(sitrep::watch::parse(text, path).unwrap());
    let s = h.screen();
    assert!(
        s.contains("watches: w.toml:3:10: watch 'x': filter:"),
        "{s}"
    );
}
