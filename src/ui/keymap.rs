//! The key bindings in effect: the one table of `bindings.rs` with the user's rebindings
//! applied (a `[keys]` section of the configuration, read by the cli). `App` holds one
//! `Keymap`; the key mapping, the help screen and the hint lines all read it.
//!
//! Every action of the table has a stable snake_case name ([`ACTION_NAMES`]); a rebinding
//! gives an action new keys everywhere the table binds it. A key given to an action is taken
//! from whatever the table bound it to in the same input modes. In the prompts (text mode)
//! plain characters are typed, so there only keys with Ctrl or Alt and the special keys are
//! rebound (an action left with none there keeps its default keys).

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

use super::action::Action;
use super::bindings::{BINDINGS, Bind, HintLine, Key};
use super::nav::{InputMode, Tab};

/// Each action of the key table and the name a configuration calls it by.
pub const ACTION_NAMES: &[(&str, Action)] = &[
    ("quit", Action::Quit),
    ("tab_incidents", Action::GoTab(Tab::Incidents)),
    ("tab_actors", Action::GoTab(Tab::Actors)),
    ("tab_towns", Action::GoTab(Tab::Towns)),
    ("tab_briefing", Action::GoTab(Tab::Briefing)),
    ("tab_map", Action::GoTab(Tab::Map)),
    ("tab_trends", Action::GoTab(Tab::Trends)),
    ("next_tab", Action::NextTab),
    ("prev_tab", Action::PrevTab),
    ("up", Action::Up),
    ("down", Action::Down),
    ("page_up", Action::PageUp),
    ("page_down", Action::PageDown),
    ("home", Action::Home),
    ("end", Action::End),
    ("enter", Action::Enter),
    ("focus_detail", Action::FocusDetail),
    ("focus_list", Action::FocusList),
    ("cancel", Action::Cancel),
    ("back", Action::Back),
    ("forward", Action::Forward),
    ("open_search", Action::OpenSearch),
    ("open_filter", Action::OpenFilter),
    ("clear_filters", Action::ClearFilters),
    ("cycle_sort", Action::CycleSort),
    ("reverse_sort", Action::ReverseSort),
    ("open_columns", Action::OpenColumns),
    ("copy_record", Action::CopyRecord),
    ("copy_list", Action::CopyList),
    ("toggle_mouse", Action::ToggleMouse),
    ("export", Action::Export),
    ("toggle_mark", Action::ToggleMark),
    ("edit_note", Action::EditNote),
    ("edit_tags", Action::EditTags),
    ("remove_tag", Action::RemoveTag),
    ("save_view", Action::SaveView),
    ("open_views", Action::OpenViews),
    ("zoom_in", Action::ZoomIn),
    ("zoom_out", Action::ZoomOut),
    ("reset_view", Action::ResetView),
    ("earlier", Action::Earlier),
    ("reconcile", Action::ToggleReconcile),
    ("later", Action::Later),
    ("toggle_measure", Action::ToggleMeasure),
    ("cycle_every", Action::CycleEvery),
    ("cycle_split", Action::CycleSplit),
    ("cycle_rows", Action::CycleRows),
    ("toggle_changes", Action::ToggleChanges),
    ("help", Action::Help),
    ("toggle_column", Action::ToggleColumn),
    ("move_column_up", Action::MoveColumnUp),
    ("move_column_down", Action::MoveColumnDown),
    ("submit", Action::Submit),
    ("delete_char", Action::DeleteChar),
    ("clear_input", Action::ClearInput),
];

/// The action a configuration names.
pub fn action_named(name: &str) -> Option<&'static Action> {
    ACTION_NAMES
        .iter()
        .find(|(n, _)| *n == name)
        .map(|(_, a)| a)
}

/// An action's configuration name.
pub fn action_name(action: &Action) -> Option<&'static str> {
    ACTION_NAMES
        .iter()
        .find(|(_, a)| a == action)
        .map(|(n, _)| *n)
}

/// Reads a key as the help names it: "x", "G", "Ctrl-B", "PgUp", "Space", "Alt-Left", "F5",
/// "Shift-Tab". Modifier and key names are read without regard to case (not single
/// characters: "g" and "G" are two keys).
pub fn parse_key(text: &str) -> Result<Key, String> {
    let mut mods = KeyModifiers::NONE;
    let mut rest = text;
    loop {
        let lower = rest.to_ascii_lowercase();
        if rest.chars().count() > 5 && lower.starts_with("ctrl-") {
            mods |= KeyModifiers::CONTROL;
            rest = &rest[5..];
        } else if rest.chars().count() > 4 && lower.starts_with("alt-") {
            mods |= KeyModifiers::ALT;
            rest = &rest[4..];
        } else {
            break;
        }
    }
    let mut chars = rest.chars();
    let code = match (chars.next(), chars.next()) {
        (None, _) => return Err(format!("no key in {text:?}")),
        (Some(c), None) if c.is_control() => return Err(format!("unknown key {text:?}")),
        (Some(c), None) => {
            if mods.contains(KeyModifiers::CONTROL) {
                KeyCode::Char(c.to_ascii_lowercase())
            } else {
                KeyCode::Char(c)
            }
        }
        _ => match rest.to_ascii_lowercase().as_str() {
            "space" => KeyCode::Char(' '),
            "up" => KeyCode::Up,
            "down" => KeyCode::Down,
            "left" => KeyCode::Left,
            "right" => KeyCode::Right,
            "pgup" | "pageup" => KeyCode::PageUp,
            "pgdn" | "pagedown" => KeyCode::PageDown,
            "home" => KeyCode::Home,
            "end" => KeyCode::End,
            "enter" | "return" => KeyCode::Enter,
            "esc" | "escape" => KeyCode::Esc,
            "tab" => KeyCode::Tab,
            "shift-tab" | "backtab" => KeyCode::BackTab,
            "backspace" => KeyCode::Backspace,
            "del" | "delete" => KeyCode::Delete,
            "ins" | "insert" => KeyCode::Insert,
            f if f.starts_with('f') => match f[1..].parse::<u8>() {
                Ok(n @ 1..=24) => KeyCode::F(n),
                _ => return Err(format!("unknown key {text:?}")),
            },
            _ => return Err(format!("unknown key {text:?}")),
        },
    };
    Ok(Key { code, mods })
}

/// Two actions given the same key where both work.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("{key} is given to both {first} and {second}")]
pub struct KeyConflict {
    pub key: String,
    pub first: &'static str,
    pub second: &'static str,
}

/// A hint of the effective table.
#[derive(Clone, Debug)]
pub struct EffHint {
    pub line: HintLine,
    pub order: u8,
    pub keys: String,
    pub text: &'static str,
    pub extra: bool,
}

/// A row of the effective table (one help line).
#[derive(Clone, Debug)]
pub struct Row {
    pub keys: String,
    pub help: &'static str,
    pub modes: &'static [InputMode],
    pub tabs: &'static [Tab],
    pub binds: Vec<(Key, Action)>,
    pub hints: Vec<EffHint>,
}

/// The bindings in effect.
#[derive(Clone, Debug)]
pub struct Keymap {
    rows: Vec<Row>,
}

impl Default for Keymap {
    fn default() -> Keymap {
        Keymap::defaults()
    }
}

fn plain_char(k: &Key) -> bool {
    matches!(k.code, KeyCode::Char(_))
        && !k.mods.intersects(KeyModifiers::CONTROL | KeyModifiers::ALT)
}

/// The keys a hint names: "↑↓" is Up and Down, "1-6" the digits, "arrows" all four.
fn hint_keys(keys: &str) -> Vec<Key> {
    let arrows = [KeyCode::Left, KeyCode::Up, KeyCode::Down, KeyCode::Right];
    let mut out = Vec::new();
    for token in keys.split_whitespace() {
        match token {
            "arrows" => out.extend(arrows.map(Key::new)),
            "1-6" => out.extend(('1'..='6').map(Key::ch)),
            t if !t.is_empty() && t.chars().all(|c| "←↑↓→".contains(c)) => {
                for c in t.chars() {
                    if let Some(i) = "←↑↓→".chars().position(|a| a == c) {
                        out.push(Key::new(arrows[i]));
                    }
                }
            }
            t => {
                if let Ok(k) = parse_key(t) {
                    out.push(k);
                }
            }
        }
    }
    out
}

impl Keymap {
    /// The table as `bindings.rs` writes it.
    pub fn defaults() -> Keymap {
        let rows = BINDINGS
            .iter()
            .map(|b| Row {
                keys: b.keys.to_string(),
                help: b.help,
                modes: b.modes,
                tabs: b.tabs,
                binds: b
                    .binds
                    .iter()
                    .map(|Bind { key, action }| (*key, action.clone()))
                    .collect(),
                hints: b
                    .hints
                    .iter()
                    .map(|h| EffHint {
                        line: h.line,
                        order: h.order,
                        keys: h.keys.to_string(),
                        text: h.text,
                        extra: h.extra,
                    })
                    .collect(),
            })
            .collect();
        Keymap { rows }
    }

    /// The defaults with each action in `overrides` given its keys instead.
    pub fn with_overrides(overrides: &[(Action, Vec<Key>)]) -> Result<Keymap, KeyConflict> {
        let defaults = Keymap::defaults();
        let mut map = defaults.clone();
        // (row, key, action) of every rebinding that applies.
        let mut applied: Vec<(usize, Key, Action)> = Vec::new();
        for (action, keys) in overrides {
            for (i, row) in defaults.rows.iter().enumerate() {
                if !row.binds.iter().any(|(_, a)| a == action) {
                    continue;
                }
                let text_only = row.modes == [InputMode::Text];
                let keys: Vec<Key> = keys
                    .iter()
                    .filter(|k| !(text_only && plain_char(k)))
                    .copied()
                    .collect();
                if keys.is_empty() {
                    continue;
                }
                applied.extend(keys.iter().map(|k| (i, *k, action.clone())));
            }
        }
        // Two rebindings of one key where both work.
        for (n, (ri, key, a)) in applied.iter().enumerate() {
            for (rj, k2, b) in &applied[..n] {
                let shared = map.rows[*ri]
                    .modes
                    .iter()
                    .any(|m| map.rows[*rj].modes.contains(m));
                if k2 == key && a != b && shared {
                    return Err(KeyConflict {
                        key: key.name(),
                        first: action_name(b).unwrap_or("?"),
                        second: action_name(a).unwrap_or("?"),
                    });
                }
            }
        }
        let mut changed = vec![false; map.rows.len()];
        // Keys taken from the actions the table gave them to, in the same modes.
        for (ri, key, action) in &applied {
            let modes = defaults.rows[*ri].modes;
            for (j, row) in map.rows.iter_mut().enumerate() {
                if !row.modes.iter().any(|m| modes.contains(m)) {
                    continue;
                }
                let before = row.binds.len();
                row.binds.retain(|(k, a)| k != key || a == action);
                changed[j] |= row.binds.len() != before;
            }
        }
        // The rebound actions' own keys replaced.
        for (i, row) in map.rows.iter_mut().enumerate() {
            let mine: Vec<&(usize, Key, Action)> =
                applied.iter().filter(|(ri, _, _)| *ri == i).collect();
            if mine.is_empty() {
                continue;
            }
            let mut binds: Vec<(Key, Action)> = Vec::new();
            for (k, a) in &row.binds {
                let rebound = mine.iter().any(|(_, _, x)| x == a);
                if !rebound {
                    binds.push((*k, a.clone()));
                } else if !binds.iter().any(|(_, b)| b == a) {
                    for (_, nk, na) in mine.iter().filter(|(_, _, x)| x == a) {
                        binds.push((*nk, na.clone()));
                    }
                }
            }
            row.binds = binds;
            changed[i] = true;
        }
        for (i, row) in map.rows.iter_mut().enumerate() {
            if changed[i] {
                row.rename(&defaults.rows[i]);
            }
        }
        Ok(map)
    }

    /// Every row, in help order.
    pub fn rows(&self) -> &[Row] {
        &self.rows
    }

    /// The binding a key press takes in `mode`: the one for this key whose modifiers the
    /// press holds, the most specific first (Alt-Left before Left); other modifiers are
    /// ignored, so Ctrl-J still moves down.
    pub fn binding_for(&self, key: KeyEvent, mode: InputMode) -> Option<(&Row, &Action)> {
        let held = key.modifiers & (KeyModifiers::CONTROL | KeyModifiers::ALT);
        self.rows
            .iter()
            .filter(|b| b.modes.contains(&mode))
            .flat_map(|b| b.binds.iter().map(move |k| (b, k)))
            .filter(|(_, (k, _))| k.code == key.code && held.contains(k.mods))
            .min_by_key(|(_, (k, _))| std::cmp::Reverse(k.mods.bits().count_ones()))
            .map(|(b, (_, a))| (b, a))
    }

    pub fn map_key(&self, key: KeyEvent, mode: InputMode) -> Option<Action> {
        if let Some((_, action)) = self.binding_for(key, mode) {
            return Some(action.clone());
        }
        let plain = !key
            .modifiers
            .intersects(KeyModifiers::CONTROL | KeyModifiers::ALT);
        match key.code {
            // In a prompt, the keys the table leaves free are typed.
            KeyCode::Char(c) if mode == InputMode::Text && plain => Some(Action::TypeChar(c)),
            _ => None,
        }
    }

    /// The help screen's rows: (keys, what they do), in table order; rows left with no key
    /// are left out.
    pub fn help_rows(&self) -> impl Iterator<Item = (&str, &'static str)> {
        self.rows
            .iter()
            .filter(|r| !r.binds.is_empty())
            .map(|r| (r.keys.as_str(), r.help))
    }

    /// A hint line's core items ("↑↓ move", "Enter open", ...) in order: those that fit 80
    /// columns, without the extras a wide terminal adds.
    pub fn hint_items(&self, line: HintLine) -> Vec<String> {
        self.hints_of(line, false)
    }

    /// The line's items for a line `width` columns wide (after a one-column margin): the
    /// core items, and the extras too when they all fit.
    pub fn hint_items_fitting(&self, line: HintLine, width: usize) -> Vec<String> {
        let all = self.hints_of(line, true);
        let len = |items: &[String]| {
            1 + items
                .iter()
                .map(|i| unicode_width::UnicodeWidthStr::width(i.as_str()))
                .sum::<usize>()
                + items.len().saturating_sub(1)
        };
        if len(&all) <= width {
            all
        } else {
            self.hints_of(line, false)
        }
    }

    fn hints_of(&self, line: HintLine, with_extras: bool) -> Vec<String> {
        let mut hints: Vec<&EffHint> = self
            .rows
            .iter()
            .flat_map(|b| &b.hints)
            .filter(|h| h.line == line && (with_extras || !h.extra))
            .collect();
        hints.sort_by_key(|h| h.order);
        hints
            .into_iter()
            .map(|h| format!("{} {}", h.keys, h.text))
            .collect()
    }
}

impl Row {
    /// Names the row's keys again after a rebinding, in the help and in its hints.
    fn rename(&mut self, default: &Row) {
        let mut names: Vec<String> = Vec::new();
        for (k, _) in &self.binds {
            let n = k.name();
            if !names.contains(&n) {
                names.push(n);
            }
        }
        self.keys = names.join(" ");
        let binds = &self.binds;
        self.hints.retain_mut(|h| {
            let named = hint_keys(&h.keys);
            let default_action =
                |k: &Key| default.binds.iter().find(|(d, _)| d == k).map(|(_, a)| a);
            let still = named.iter().all(|k| {
                let was = default_action(k);
                binds.iter().any(|(b, a)| b == k && Some(a) == was)
            });
            if still {
                return true;
            }
            let mut actions: Vec<&Action> = Vec::new();
            for k in &named {
                if let Some(a) = default_action(k)
                    && !actions.contains(&a)
                {
                    actions.push(a);
                }
            }
            let keys: Vec<String> = actions
                .iter()
                .filter_map(|a| binds.iter().find(|(_, b)| b == *a))
                .map(|(k, _)| k.name())
                .collect();
            h.keys = keys.join(" ");
            !keys.is_empty()
        });
    }
}

#[cfg(test)]
mod tests;
