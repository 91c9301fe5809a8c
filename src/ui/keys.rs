//! Keys: the key mapping, the help screen's rows and the hint lines, all generated from the
//! one table in `bindings.rs` (with the configuration's rebindings: `keymap.rs`).

use crossterm::event::KeyEvent;
#[cfg(test)]
use crossterm::event::{KeyCode, KeyModifiers};

use super::action::Action;
use super::bindings::BINDINGS;
pub use super::bindings::{Bind, Binding, Hint, HintLine, Key};
pub use super::keymap::{ACTION_NAMES, Keymap, action_name, action_named, parse_key};

pub use super::nav::InputMode;

/// Every row of the table, in help order.
pub fn bindings() -> &'static [Binding] {
    BINDINGS
}

/// The table's own bindings, with no configuration.
pub fn default_keymap() -> &'static Keymap {
    static DEFAULT: std::sync::LazyLock<Keymap> = std::sync::LazyLock::new(Keymap::defaults);
    &DEFAULT
}

/// [`Keymap::map_key`] of the defaults; the browser uses its own `App::keymap`.
pub fn map_key(key: KeyEvent, mode: InputMode) -> Option<Action> {
    default_keymap().map_key(key, mode)
}

/// The help screen's rows of the defaults: (keys, what they do), in table order.
pub fn help_rows() -> impl Iterator<Item = (&'static str, &'static str)> {
    default_keymap().help_rows()
}

/// A hint line's items of the defaults ("↑↓ move", "Enter open", ...) in order.
pub fn hint_items(line: HintLine) -> Vec<String> {
    default_keymap().hint_items(line)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn press(key: Key) -> KeyEvent {
        KeyEvent::new(key.code, key.mods)
    }

    /// The keys a hint names: "↑↓" is Up and Down, "1-6" the digits, "arrows" all four.
    fn hint_keys(keys: &str) -> Vec<Key> {
        let arrows = [KeyCode::Left, KeyCode::Up, KeyCode::Down, KeyCode::Right];
        let mut out = Vec::new();
        for token in keys.split_whitespace() {
            match token {
                "Enter" => out.push(Key::new(KeyCode::Enter)),
                "Esc" => out.push(Key::new(KeyCode::Esc)),
                "Space" => out.push(Key::ch(' ')),
                "arrows" => out.extend(arrows.map(Key::new)),
                "1-6" => out.extend(('1'..='6').map(Key::ch)),
                t if t.chars().all(|c| "←↑↓→".contains(c)) => {
                    for c in t.chars() {
                        let i = "←↑↓→".chars().position(|a| a == c).unwrap();
                        out.push(Key::new(arrows[i]));
                    }
                }
                t if t.chars().count() == 1 => out.push(Key::ch(t.chars().next().unwrap())),
                other => panic!("a hint names a key the test cannot read: {other:?}"),
            }
        }
        out
    }

    #[test]
    fn every_binding_in_the_table_maps_to_its_action() {
        for b in bindings() {
            for &mode in b.modes {
                for k in b.binds {
                    assert_eq!(
                        map_key(press(k.key), mode),
                        Some(k.action.clone()),
                        "{} ({:?}) in {mode:?}",
                        k.key.name(),
                        b.help
                    );
                }
            }
        }
    }

    #[test]
    fn no_key_is_bound_to_two_actions_in_one_mode() {
        for mode in InputMode::ALL {
            let all: Vec<&Bind> = bindings()
                .iter()
                .filter(|b| b.modes.contains(&mode))
                .flat_map(|b| b.binds)
                .collect();
            for a in &all {
                for b in &all {
                    assert!(
                        a.key != b.key || a.action == b.action,
                        "{} in {mode:?}: {:?} and {:?}",
                        a.key.name(),
                        a.action,
                        b.action
                    );
                }
            }
        }
    }

    #[test]
    fn each_row_names_all_its_keys() {
        for b in bindings() {
            let mut names: Vec<String> = b
                .keys
                .split(|c: char| c.is_whitespace() || c == '/')
                .filter(|t| !t.is_empty())
                .map(str::to_string)
                .collect();
            if names.iter().any(|n| n == "arrows") {
                names.extend(["Up", "Down", "Left", "Right"].map(String::from));
            }
            // "/" is the separator and a key of its own.
            if b.keys == "/" {
                names.push("/".into());
            }
            for k in b.binds {
                assert!(
                    names.contains(&k.key.name()),
                    "the help row {:?} does not name {}",
                    b.keys,
                    k.key.name()
                );
            }
        }
    }

    #[test]
    fn modifiers_the_table_does_not_ask_for_are_ignored_and_prompts_type() {
        let ev = |code, mods| KeyEvent::new(code, mods);
        // Shift comes with capitals; Ctrl-J still moves; Ctrl-Alt-Left is still Alt-Left.
        assert_eq!(
            map_key(
                ev(KeyCode::Char('G'), KeyModifiers::SHIFT),
                InputMode::Normal
            ),
            Some(Action::End)
        );
        assert_eq!(
            map_key(
                ev(KeyCode::Char('j'), KeyModifiers::CONTROL),
                InputMode::Normal
            ),
            Some(Action::Down)
        );
        assert_eq!(
            map_key(
                ev(KeyCode::Left, KeyModifiers::CONTROL | KeyModifiers::ALT),
                InputMode::Normal
            ),
            Some(Action::Back)
        );
        assert_eq!(
            map_key(ev(KeyCode::Left, KeyModifiers::NONE), InputMode::Normal),
            Some(Action::FocusList)
        );
        // In a prompt, free keys are typed, with Ctrl or Alt they do nothing.
        assert_eq!(
            map_key(ev(KeyCode::Char('q'), KeyModifiers::NONE), InputMode::Text),
            Some(Action::TypeChar('q'))
        );
        assert_eq!(
            map_key(
                ev(KeyCode::Char('x'), KeyModifiers::CONTROL),
                InputMode::Text
            ),
            None
        );
        assert_eq!(
            map_key(
                ev(KeyCode::Char('p'), KeyModifiers::CONTROL),
                InputMode::Text
            ),
            Some(Action::Up)
        );
        assert_eq!(
            map_key(
                ev(KeyCode::Char('x'), KeyModifiers::NONE),
                InputMode::Overlay
            ),
            None
        );
    }

    #[test]
    fn hints_name_only_keys_bound_where_they_are_shown() {
        for line in HintLine::ALL {
            let hints = bindings().iter().flat_map(|b| b.hints);
            for h in hints.filter(|h| h.line == line) {
                for key in hint_keys(h.keys) {
                    let mode = line.mode();
                    for &tab in line.tabs() {
                        let bound_here = bindings().iter().any(|b| {
                            b.modes.contains(&mode)
                                && b.tabs.contains(&tab)
                                && b.binds.iter().any(|k| k.key == key)
                        });
                        assert!(
                            bound_here,
                            "{line:?} hint {:?} names {}, not bound on {tab:?} in {mode:?}",
                            h.keys,
                            key.name()
                        );
                        assert!(map_key(press(key), mode).is_some());
                    }
                }
            }
        }
    }

    #[test]
    fn hint_keys_reads_what_hints_write() {
        let up_down = [Key::new(KeyCode::Up), Key::new(KeyCode::Down)];
        assert_eq!(hint_keys("↑↓"), up_down);
        assert_eq!(hint_keys("1-6").len(), 6);
        assert_eq!(hint_keys("[ ]"), [Key::ch('['), Key::ch(']')]);
        assert_eq!(hint_keys("arrows").len(), 4);
    }

    #[test]
    fn hint_lines_read_as_before() {
        let line = |l| format!(" {}", hint_items(l).join(" "));
        assert_eq!(
            line(HintLine::List),
            " ↑↓ move Enter open 1-6 tabs / search f filter s sort b back ? help q quit"
        );
        assert_eq!(
            line(HintLine::Links),
            " ↑↓ links Enter follow Esc list b back L fwd / search ? help q quit"
        );
        assert_eq!(
            line(HintLine::Briefing),
            " ↑↓ figures Enter incidents + - period [ ] earlier/later ← reports ? help q quit"
        );
        assert_eq!(
            line(HintLine::Map),
            " ←↑↓→ pan + - zoom 0 reset Enter town f filter 1-6 tabs ? help q quit"
        );
        assert_eq!(
            hint_items(HintLine::MapTitle).join(" · "),
            "arrows pan · + - zoom · 0 whole selection · Enter town at +"
        );
        assert_eq!(
            line(HintLine::Trends),
            " ←↑↓→ cell Enter open i measure w period d split r rows C changes s sort ? help"
        );
        assert_eq!(
            hint_items(HintLine::FilterPrompt).join(" · "),
            "Enter apply · Esc cancel"
        );
        assert_eq!(
            hint_items(HintLine::TagPrompt).join(" · "),
            "Enter add · ↓ tags · Esc close"
        );
        assert_eq!(
            hint_items(HintLine::TagList).join(" · "),
            "↑↓ move · d remove · Esc close"
        );
    }

    #[test]
    fn t_opens_the_tag_editor_on_record_tabs_and_its_keys_are_in_the_help() {
        let t = KeyEvent::new(KeyCode::Char('t'), KeyModifiers::NONE);
        assert_eq!(map_key(t, InputMode::Normal), Some(Action::EditTags));
        // Typed in prompts (the tag editor's own line too); free in the other modes.
        assert_eq!(map_key(t, InputMode::Text), Some(Action::TypeChar('t')));
        for mode in [InputMode::Overlay, InputMode::Chooser, InputMode::TagList] {
            assert_eq!(map_key(t, mode), None, "{mode:?}");
        }
        let d = KeyEvent::new(KeyCode::Char('d'), KeyModifiers::NONE);
        let del = KeyEvent::new(KeyCode::Delete, KeyModifiers::NONE);
        assert_eq!(map_key(d, InputMode::TagList), Some(Action::RemoveTag));
        assert_eq!(map_key(del, InputMode::TagList), Some(Action::RemoveTag));
        assert_eq!(map_key(d, InputMode::Text), Some(Action::TypeChar('d')));
        let help: Vec<(&str, &str)> = help_rows().collect();
        assert!(
            help.iter()
                .any(|(k, h)| *k == "t" && h.starts_with("tag the selected record")),
            "{help:?}"
        );
        assert!(
            help.iter()
                .any(|(k, h)| *k == "d / Del" && h.contains("tag off"))
        );
        assert!(
            default_keymap()
                .hint_items_fitting(HintLine::Links, 200)
                .contains(&"t tag".to_string())
        );
    }
}
