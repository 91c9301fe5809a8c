//! The briefing (4) and map (5) tabs rendered into ratatui's TestBackend: snapshots at two
//! sizes, figures that open their incidents, reports that open in the reader, zoom and pan.

#[path = "common/render.rs"]
mod render;
#[path = "common/sample.rs"]
mod sample;

use render::Harness;
use sitrep::ui::theme::Theme;

#[test]
fn briefing_tab_at_120x40_and_80x24() {
    let mut h = Harness::new(120, 40);
    h.keys("4");
    let s = h.screen();
    assert!(
        s.contains("Briefing: all incidents") && s.contains("Reports"),
        "{s}"
    );
    insta::assert_snapshot!("briefing_120x40", s);
    let mut h = Harness::new(80, 24);
    h.keys("4");
    let s = h.screen();
    // Narrow: the briefing has the screen; Left shows the reports list.
    assert!(s.contains("Headline"), "{s}");
    insta::assert_snapshot!("briefing_80x24", s);
    h.keys("<left>");
    assert!(h.screen().contains("Reports"));
}

#[test]
fn briefing_figure_opens_the_incidents_behind_it() {
    let mut h = Harness::new(120, 40);
    h.keys("4<down><enter>");
    let s = h.screen();
    // The headline's 7 incidents of the last week, as a filtered incident list.
    assert!(s.contains("7 incident(s): incidents in the period"), "{s}");
    assert_eq!(h.app.list(sitrep::ui::app::Tab::Incidents).rows.len(), 7);
    assert!(
        s.contains("[incidents in the period]"),
        "status shows the set: {s}"
    );
    // x clears it; b goes back to the briefing.
    h.keys("b");
    assert!(h.screen().contains("Briefing: all incidents"));
    h.keys("x");
    assert_eq!(
        h.app.list(sitrep::ui::app::Tab::Incidents).rows.len(),
        h.app.store.incidents.len()
    );
}

#[test]
fn briefing_period_keys_and_report_list() {
    let mut h = Harness::new(120, 40);
    h.keys("4+");
    assert!(h.screen().contains("(14 days)"));
    h.keys("[");
    let s = h.screen();
    assert!(s.contains("2025-07-02 to 2025-07-15 (14 days)"), "{s}");
    h.keys("0");
    assert!(h.screen().contains("(7 days)"));
    // The reports list: Left focuses it, Enter opens the newest report in the reader.
    h.keys("<left><enter>");
    let s = h.screen();
    assert!(s.contains("Report"), "{s}");
    h.keys("<esc>");
    assert!(h.screen().contains("Briefing: all incidents"));
}

#[test]
fn map_at_80x24_and_120x40() {
    for (w, hgt) in [(80, 24), (120, 40)] {
        let mut h = Harness::new(w, hgt);
        h.keys("5");
        let s = h.screen();
        assert!(s.contains(&sample::all_in_view()), "{s}");
        assert!(s.contains("Kayes"), "the busiest town is labelled: {s}");
        insta::assert_snapshot!(format!("map_{w}x{hgt}"), s);
    }
}

#[test]
fn map_zooms_pans_and_follows_filters() {
    let mut h = Harness::new(120, 40);
    h.keys("5++");
    let s = h.screen();
    assert!(
        !s.contains(&sample::at(sample::incidents())),
        "zoomed in, some incidents leave the view: {s}"
    );
    h.keys("0");
    assert!(h.screen().contains(&sample::at(sample::incidents())));
    h.keys("f");
    h.keys("country:senegal<enter>");
    let s = h.screen();
    let n = h.app.list(sitrep::ui::app::Tab::Incidents).rows.len();
    assert!(s.contains(&format!("{n}/{n} incidents in view")), "{s}");
    // Panning moves the view: east by "ll" and south by "jj", as the legend's bounds show.
    let before = view_bounds(&s);
    h.keys("lljj");
    let s = h.screen();
    let after = view_bounds(&s);
    assert!(
        after.0 > before.0 && after.1 > before.1,
        "east: {before:?} -> {after:?}\n{s}"
    );
    assert!(
        after.2 < before.2 && after.3 < before.3,
        "south: {before:?} -> {after:?}\n{s}"
    );
}

/// The map legend's "lon W..E lat S..N", as numbers.
fn view_bounds(screen: &str) -> (f64, f64, f64, f64) {
    let at = screen
        .find(" lon ")
        .unwrap_or_else(|| panic!("no bounds in legend:\n{screen}"));
    let words: Vec<&str> = screen[at..].split_whitespace().take(4).collect();
    let pair = |w: &str| -> (f64, f64) {
        let (a, b) = w
            .split_once("..")
            .unwrap_or_else(|| panic!("bad bounds {w:?}"));
        (a.parse().unwrap(), b.parse().unwrap())
    };
    assert_eq!((words[0], words[2]), ("lon", "lat"), "{screen}");
    let (w, e) = pair(words[1]);
    let (s, n) = pair(words[3]);
    (w, e, s, n)
}

#[test]
fn map_in_ascii_mode_is_plain_ascii() {
    let mut h = Harness::with_theme(80, 24, Theme::new(false, true));
    h.keys("5");
    let s = h.screen();
    // Only town names from the data may be non-ASCII: no braille, no box drawing, no marks.
    let stripped: String = s.chars().filter(|c| !"éèàôÉ".contains(*c)).collect();
    assert!(stripped.is_ascii(), "{s}");
    assert!(s.contains('.') && s.contains('@'), "{s}");
    insta::assert_snapshot!("map_ascii_80x24", s);
}
