use super::*;

fn press(k: Key) -> KeyEvent {
    KeyEvent::new(k.code, k.mods)
}

#[test]
fn every_action_of_the_table_has_one_name_and_names_are_snake_case() {
    for b in BINDINGS {
        for bind in b.binds {
            assert!(
                action_name(&bind.action).is_some(),
                "{:?} has no name",
                bind.action
            );
        }
    }
    for (i, (n, a)) in ACTION_NAMES.iter().enumerate() {
        assert!(n.chars().all(|c| c.is_ascii_lowercase() || c == '_'), "{n}");
        assert!(
            ACTION_NAMES[..i].iter().all(|(m, b)| m != n && b != a),
            "{n}"
        );
        assert_eq!(action_named(n), Some(a));
    }
}

#[test]
fn parse_key_reads_every_name_the_help_gives() {
    for b in BINDINGS {
        for bind in b.binds {
            assert_eq!(
                parse_key(&bind.key.name()),
                Ok(bind.key),
                "{}",
                bind.key.name()
            );
        }
    }
    assert_eq!(parse_key("Ctrl-B"), Ok(Key::ctrl('b')));
    assert_eq!(parse_key("ctrl-b"), Ok(Key::ctrl('b')));
    assert_eq!(parse_key("PgUp"), Ok(Key::new(KeyCode::PageUp)));
    assert_eq!(parse_key("Space"), Ok(Key::ch(' ')));
    assert_eq!(parse_key("Alt-Left"), Ok(Key::alt(KeyCode::Left)));
    assert_eq!(parse_key("F5"), Ok(Key::new(KeyCode::F(5))));
    assert_eq!(parse_key("G"), Ok(Key::ch('G')));
    assert_eq!(parse_key("-"), Ok(Key::ch('-')));
    assert_eq!(parse_key("Ctrl--"), Ok(Key::ctrl('-')));
    assert_eq!(parse_key("F0"), Err("unknown key \"F0\"".into()));
    assert_eq!(parse_key("Hyper-x"), Err("unknown key \"Hyper-x\"".into()));
    assert_eq!(parse_key(""), Err("no key in \"\"".into()));
}

#[test]
fn a_rebound_action_answers_to_its_new_key_and_not_the_old_one() {
    let map = Keymap::with_overrides(&[(Action::OpenFilter, vec![Key::ch('F')])]).unwrap();
    assert_eq!(
        map.map_key(press(Key::ch('F')), InputMode::Normal),
        Some(Action::OpenFilter)
    );
    assert_eq!(map.map_key(press(Key::ch('f')), InputMode::Normal), None);
    // The help and the hints name the new key.
    assert!(
        map.help_rows()
            .any(|(k, h)| k == "F" && h.starts_with("filter line"))
    );
    assert!(
        map.hint_items(HintLine::List)
            .contains(&"F filter".to_string())
    );
    assert!(
        !map.hint_items(HintLine::List)
            .contains(&"f filter".to_string())
    );
}

#[test]
fn a_key_given_to_an_action_is_taken_from_its_default_action() {
    // j moved down; given to quit, it quits, and down keeps its other keys.
    let map =
        Keymap::with_overrides(&[(Action::Quit, vec![Key::ch('j'), Key::ctrl('c')])]).unwrap();
    assert_eq!(
        map.map_key(press(Key::ch('j')), InputMode::Normal),
        Some(Action::Quit)
    );
    assert_eq!(map.map_key(press(Key::ch('q')), InputMode::Normal), None);
    assert_eq!(
        map.map_key(press(Key::new(KeyCode::Down)), InputMode::Normal),
        Some(Action::Down)
    );
    assert!(
        map.hint_items(HintLine::List)
            .contains(&"j quit".to_string())
    );
    assert!(map.help_rows().any(|(k, _)| k == "Up Down k"));
}

#[test]
fn prompts_keep_typing_plain_characters_whatever_is_rebound() {
    let map = Keymap::with_overrides(&[
        (Action::Cancel, vec![Key::ch('z'), Key::ctrl('g')]),
        (Action::Up, vec![Key::ch('w')]),
    ])
    .unwrap();
    assert_eq!(
        map.map_key(press(Key::ch('z')), InputMode::Text),
        Some(Action::TypeChar('z'))
    );
    assert_eq!(
        map.map_key(press(Key::ctrl('g')), InputMode::Text),
        Some(Action::Cancel)
    );
    // up has no key it can use in a prompt: the defaults stay there.
    assert_eq!(
        map.map_key(press(Key::new(KeyCode::Up)), InputMode::Text),
        Some(Action::Up)
    );
    assert_eq!(
        map.map_key(press(Key::ch('w')), InputMode::Normal),
        Some(Action::Up)
    );
    assert_eq!(
        map.map_key(press(Key::ch('z')), InputMode::Normal),
        Some(Action::Cancel)
    );
}

#[test]
fn two_actions_given_one_key_where_both_work_is_a_conflict() {
    let err = Keymap::with_overrides(&[
        (Action::Quit, vec![Key::ch('Q')]),
        (Action::Help, vec![Key::ch('Q')]),
    ])
    .unwrap_err();
    assert_eq!(err.to_string(), "Q is given to both quit and help");
    // Different modes: no conflict (submit works in prompts and the chooser, enter in lists).
    assert!(
        Keymap::with_overrides(&[
            (Action::ToggleColumn, vec![Key::ch('t')]),
            (Action::ToggleMeasure, vec![Key::ch('t')]),
        ])
        .is_ok()
    );
}

#[test]
fn the_defaults_are_the_table() {
    let map = Keymap::defaults();
    assert_eq!(map.rows().len(), BINDINGS.len());
    assert_eq!(
        map.hint_items(HintLine::List).join(" "),
        "↑↓ move Enter open 1-6 tabs / search f filter s sort b back ? help q quit"
    );
}

#[test]
fn a_wide_hint_line_adds_the_daily_work_keys_and_a_narrow_one_keeps_the_core() {
    let map = Keymap::defaults();
    let core = "↑↓ move Enter open 1-6 tabs / search f filter s sort b back ? help q quit";
    assert_eq!(map.hint_items_fitting(HintLine::List, 80).join(" "), core);
    assert_eq!(
        map.hint_items_fitting(HintLine::List, 200).join(" "),
        "↑↓ move Enter open 1-6 tabs / search f filter s sort y copy V v views b back ? help q quit"
    );
    let wide = map.hint_items_fitting(HintLine::Links, 200).join(" ");
    assert!(wide.contains("Space mark n note"), "{wide}");
}

#[test]
fn a_rebound_extra_hint_names_the_new_key() {
    let map = Keymap::with_overrides(&[(Action::ToggleMark, vec![Key::ch('M')])]).unwrap();
    let wide = map.hint_items_fitting(HintLine::Links, 200).join(" ");
    assert!(wide.contains("M mark"), "{wide}");
    assert!(!wide.contains("Space mark"), "{wide}");
}
