//! The browser under a configuration: a rebound key works, and the help and the hint line
//! name the key in effect.

#[path = "common/render.rs"]
mod render;

use std::path::Path;

use render::Harness;
use sitrep::ui::app::Overlay;

fn settings(text: &str) -> sitrep::ui::settings::UiSettings {
    sitrep::config::parse(text, Path::new("config.toml")).expect("the config parses")
}

#[test]
fn a_rebound_key_works_and_the_help_and_hints_show_it() {
    let mut h = Harness::new(100, 30);
    h.app
        .apply_settings(&settings("[keys]\nopen_filter = \"F\"\nhelp = \"F1\"\n"));
    let screen = h.screen();
    let hints = screen.lines().last().unwrap();
    assert!(hints.contains("F filter"), "{hints}");
    assert!(!hints.contains("f filter"), "{hints}");
    assert!(hints.contains("F1 help"), "{hints}");
    // The old key does nothing; the new one opens the filter line.
    h.keys("f");
    assert!(matches!(h.app.overlay, Overlay::None));
    h.keys("F");
    assert!(matches!(h.app.overlay, Overlay::Filter { .. }));
    h.keys("<esc>");
    // The help lists the new keys.
    h.app.update(sitrep::ui::action::Action::Help);
    let help = h.screen();
    assert!(
        help.lines()
            .any(|l| l.contains("│F  ") && l.contains("filter line: key:value")),
        "{help}"
    );
    assert!(
        h.app
            .keymap
            .help_rows()
            .any(|(k, d)| k == "F1" && d == "this help")
    );
}

#[test]
fn configured_columns_and_briefing_period_are_the_defaults() {
    let mut h = Harness::new(120, 30);
    h.app.apply_settings(&settings(
        "[lists.incidents]\ncolumns = [\"id\", \"date\", \"fatalities\"]\nsort = \"fatalities\"\ndescending = true\n[briefing]\ndays = 30\n",
    ));
    use sitrep::ui::columns::Column;
    use sitrep::ui::lists::SortKey;
    let list = h.app.list(sitrep::ui::app::Tab::Incidents);
    assert_eq!(list.columns, [Column::Id, Column::Date, Column::Fatalities]);
    assert_eq!(list.sort, SortKey::Column(Column::Fatalities));
    assert!(list.descending);
    let screen = h.screen();
    let header = screen
        .lines()
        .find(|l| l.contains(" Id ") && l.contains("Date"))
        .expect("the list's header");
    assert!(
        header.contains("Fatal") && !header.contains("Town"),
        "{header}"
    );
    assert_eq!(h.app.briefing.days(), 30);
}
