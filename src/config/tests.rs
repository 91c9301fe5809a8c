use super::*;
use crate::ui::action::Action;
use crate::ui::keys::HintLine;
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

fn ok(text: &str) -> UiSettings {
    parse(text, Path::new("/cfg/config.toml")).unwrap()
}

fn err(text: &str) -> String {
    parse(text, Path::new("/cfg/config.toml"))
        .unwrap_err()
        .to_string()
}

#[test]
fn an_empty_file_is_every_default() {
    let s = ok("");
    assert_eq!(s.palette, Palette::DEFAULT);
    assert!(s.incidents.is_none() && s.briefing_days.is_none());
    assert_eq!(
        s.keymap.hint_items(HintLine::List),
        Keymap::defaults().hint_items(HintLine::List)
    );
}

#[test]
fn a_full_file_sets_keys_theme_lists_and_briefing() {
    let s = ok(r#"
[keys]
quit = "Q"
open_filter = ["F", "F5"]
page_up = "Ctrl-K"
back = "Alt-Left"
toggle_mark = "Space"

[theme]
name = "light"
header = "green"

[lists.incidents]
columns = ["date", "town", "fatalities"]
sort = "fatalities"
descending = true

[columns]
towns = ["name", "incidents"]

[briefing]
days = 30
"#);
    let press = |code, mods| KeyEvent::new(code, mods);
    let m = &s.keymap;
    let n = crate::ui::nav::InputMode::Normal;
    assert_eq!(
        m.map_key(press(KeyCode::Char('Q'), KeyModifiers::NONE), n),
        Some(Action::Quit)
    );
    assert_eq!(
        m.map_key(press(KeyCode::Char('q'), KeyModifiers::NONE), n),
        None
    );
    assert_eq!(
        m.map_key(press(KeyCode::F(5), KeyModifiers::NONE), n),
        Some(Action::OpenFilter)
    );
    assert_eq!(
        m.map_key(press(KeyCode::Char('k'), KeyModifiers::CONTROL), n),
        Some(Action::PageUp)
    );
    assert_eq!(s.palette.header, ratatui::style::Color::Green);
    assert_eq!(s.palette.link, Palette::LIGHT.link);
    let inc = s.incidents.unwrap();
    assert_eq!(inc.shown, [Column::Date, Column::Town, Column::Fatalities]);
    assert_eq!(inc.sort, Some(Column::Fatalities));
    assert!(inc.descending);
    assert_eq!(s.towns.unwrap().shown, [Column::Name, Column::Incidents]);
    assert_eq!(s.briefing_days, Some(30));
}

#[test]
fn every_error_names_the_file_line_and_column() {
    let cases: &[(&str, &str)] = &[
        (
            "[keys]\nquit = \"q\"\n[colours]\n",
            "/cfg/config.toml:3:2: unknown section 'colours' (sections: keys, theme, lists, columns, briefing)",
        ),
        (
            "[keys]\n\nquitt = \"Q\"\n",
            "/cfg/config.toml:3:1: unknown action 'quitt' in [keys] (the README lists every action)",
        ),
        (
            "[keys]\nquit = \"Hyper-Q\"\n",
            "/cfg/config.toml:2:8: quit: unknown key \"Hyper-Q\"",
        ),
        (
            "[keys]\nquit = [\"Q\", \"F99\"]\n",
            "/cfg/config.toml:2:14: quit: unknown key \"F99\"",
        ),
        (
            "[keys]\nquit = 5\n",
            "/cfg/config.toml:2:8: quit must be a string or a list of strings, not integer",
        ),
        (
            "[keys]\nquit = []\n",
            "/cfg/config.toml:2:8: quit: the list is empty",
        ),
        (
            "[keys]\nquit = \"Q\"\nhelp = \"Q\"\n",
            "/cfg/config.toml:3:8: Q is given to both quit and help",
        ),
        (
            "[theme]\nname = \"solarized\"\n",
            "/cfg/config.toml:2:8: unknown theme 'solarized' (themes: default, light)",
        ),
        (
            "[theme]\nheader = \"teal\"\n",
            "/cfg/config.toml:2:10: unknown colour 'teal' (colours: black, red, green, yellow, blue, magenta, cyan, gray, dark_gray, light_red, light_green, light_yellow, light_blue, light_magenta, light_cyan, white)",
        ),
        (
            "[theme]\nbackground = \"white\"\n",
            "/cfg/config.toml:2:1: unknown key 'background' in [theme] (keys: name, header, label, dim, link, warning, error, contested, fatal, highlight)",
        ),
        (
            "[lists.reports]\ncolumns = [\"date\"]\n",
            "/cfg/config.toml:1:8: unknown list 'reports' (lists: incidents, actors, towns)",
        ),
        (
            "[lists.incidents]\nwidth = 3\n",
            "/cfg/config.toml:2:1: unknown key 'width' in [lists.incidents] (keys: columns, sort, descending)",
        ),
        (
            "[lists.incidents]\ndescending = \"yes\"\n",
            "/cfg/config.toml:2:14: descending must be true or false",
        ),
        (
            "[columns]\nincidents = [\"date\", \"date\"]\n",
            "/cfg/config.toml:2:22: column 'date' is given twice",
        ),
        (
            "[briefing]\ndays = 0\n",
            "/cfg/config.toml:2:8: briefing days must be a whole number of days from 1 to 3660",
        ),
        (
            "[briefing]\nweeks = 2\n",
            "/cfg/config.toml:2:1: unknown key 'weeks' in [briefing] (keys: days)",
        ),
        (
            "keys = 3\n",
            "/cfg/config.toml:1:8: keys must be a table ([keys])",
        ),
    ];
    for (text, want) in cases {
        assert_eq!(&err(text), want, "{text:?}");
    }
    // A column the list does not have names the ones it does.
    let e = err("[lists.actors]\ncolumns = [\"name\", \"town\"]\n");
    assert!(
        e.starts_with("/cfg/config.toml:2:20: no column 'town' in the actors list (columns: name"),
        "{e}"
    );
}

#[test]
fn a_toml_syntax_error_names_its_line() {
    let e = err("[keys]\nquit = \"Q\"\nhelp = ?\n");
    assert!(e.starts_with("/cfg/config.toml:3:"), "{e}");
}

#[test]
fn line_column_counts_lines_and_characters() {
    assert_eq!(line_column("ab\ncé\nx", 0), (1, 1));
    assert_eq!(line_column("ab\ncé\nx", 3), (2, 1));
    assert_eq!(line_column("ab\ncé\nx", 7), (3, 1));
    assert_eq!(line_column("ab\ncé\nx", 6), (2, 3));
}

#[test]
fn a_missing_explicit_file_is_an_error() {
    let dir = tempfile::tempdir().unwrap();
    let missing = dir.path().join("nope.toml");
    let e = load(Some(&missing)).unwrap_err().to_string();
    assert!(
        e.contains("nope.toml: cannot read the configuration"),
        "{e}"
    );
}

#[test]
fn the_readme_example_is_a_valid_configuration() {
    let readme = include_str!("../../README.md");
    let section = &readme[readme
        .find("## Configuration")
        .expect("a Configuration section")..];
    let start = section.find("```toml\n").expect("an example file") + "```toml\n".len();
    let example = &section[start..start + section[start..].find("```").unwrap()];
    let s = parse(example, Path::new("README.md")).unwrap();
    assert_eq!(s.palette.header, ratatui::style::Color::Blue);
    assert_eq!(s.briefing_days, Some(30));
    assert!(s.incidents.is_some() && s.towns.is_some());
}
