//! The Trends tab (6) rendered into ratatui's TestBackend: snapshots at 80x24 and 120x40,
//! without colour and in ASCII, over the built-in sample; the chart's markers and legend,
//! the pivot's totals and the changes table's rule.

#[path = "common/render.rs"]
mod render;

use render::Harness;
use sitrep::ui::theme::Theme;

#[test]
fn trends_tab_at_80x24_and_120x40() {
    for (w, hgt) in [(80, 24), (120, 40)] {
        let mut h = Harness::new(w, hgt);
        h.keys("6");
        let s = h.screen();
        assert!(s.contains("6 Trends"), "{s}");
        assert!(s.contains("incidents per month"), "{s}");
        // The pivot's totals row counts every incident of the sample.
        assert!(s.contains("357"), "{s}");
        insta::assert_snapshot!(format!("trends_{w}x{hgt}"), s);
    }
}

#[test]
fn trends_split_by_admin1_with_a_legend_and_markers() {
    let mut h = Harness::new(120, 40);
    // none -> actor -> country -> admin1.
    h.keys("6ddd");
    let s = h.screen();
    assert!(s.contains("split admin1"), "{s}");
    for m in ["●", "■", "▲"] {
        assert!(s.contains(m), "marker {m} in the chart and legend: {s}");
    }
    assert!(s.contains("others"), "{s}");
    insta::assert_snapshot!("trends_split_120x40", s);
}

#[test]
fn trends_in_ascii_mode_is_plain_ascii() {
    for (w, hgt) in [(80, 24), (120, 40)] {
        let mut h = Harness::with_theme(w, hgt, Theme::new(false, true));
        h.keys("6ddd");
        let s = h.screen();
        // Only names from the data may be non-ASCII: no braille, box drawing or marks.
        let stripped: String = s.chars().filter(|c| !"éèàôÉ".contains(*c)).collect();
        assert!(stripped.is_ascii(), "{s}");
        assert!(
            s.contains("o ") && s.contains("# "),
            "ASCII markers in the legend: {s}"
        );
        insta::assert_snapshot!(format!("trends_ascii_{w}x{hgt}"), s);
    }
}

#[test]
fn trends_changes_table_prints_its_rule() {
    let mut h = Harness::new(120, 40);
    h.keys("6C");
    let s = h.screen();
    assert!(s.contains("changes by admin1"), "{s}");
    assert!(
        s.contains("Each admin1 region's incidents in 2025-07-02"),
        "{s}"
    );
    assert!(s.contains("Large rise"), "{s}");
    assert!(
        s.contains("Kayes") && s.contains("first activity in 7 months"),
        "{s}"
    );
    insta::assert_snapshot!("trends_changes_120x40", s);
    let mut h = Harness::new(80, 24);
    h.keys("6C");
    insta::assert_snapshot!("trends_changes_80x24", h.screen());
}

#[test]
fn trends_enter_opens_a_cell_and_back_returns() {
    let mut h = Harness::new(120, 40);
    h.keys("6<enter>");
    let s = h.screen();
    assert!(s.contains("incident(s):"), "{s}");
    assert!(s.contains("1 Incidents"), "{s}");
    h.keys("b");
    assert!(h.screen().contains("Trends"));
}
