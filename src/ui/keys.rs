//! Key bindings: the one table that both maps keys to actions and generates the help screen.

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

use super::action::Action;
use super::app::Tab;

/// What keys mean depends on what has the keyboard.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum InputMode {
    Normal,
    /// A text prompt (filter line, search box): printable keys are typed.
    Text,
    /// An overlay that only scrolls and closes (help, load notice).
    Overlay,
}

/// (keys as shown in help, what they do). Keep in step with `map_key`.
pub const HELP: &[(&str, &str)] = &[
    ("q / Ctrl-C", "quit"),
    ("1 2 3 4 5", "Incidents, Actors, Towns, Briefing, Map tabs"),
    ("Tab / Shift-Tab", "next / previous tab"),
    (
        "Up Down / k j",
        "move in the list, or between links in a detail",
    ),
    ("PgUp PgDn / Ctrl-B Ctrl-F", "page up / down"),
    ("Home End / g G", "first / last"),
    ("Enter", "open the selected row; follow the selected link"),
    ("Right / l", "move into the detail (its links)"),
    ("Left / h / Esc", "back to the list"),
    ("Backspace / b / H / Alt-Left", "back in history"),
    ("L / Alt-Right", "forward in history"),
    ("/", "search incidents, actors and towns"),
    (
        "f",
        "filter: since:DATE until:DATE type: country: town: actor: min:N words",
    ),
    ("x", "clear filters"),
    ("s / S", "cycle sort key / reverse order"),
    (
        "m",
        "mouse capture on/off (off lets you select text to copy)",
    ),
    ("e", "export the incidents list as shown (CSV, here)"),
    (
        "+ - / 0",
        "map: zoom / whole view; briefing: period length / 7 days",
    ),
    ("[ ]", "briefing: the period before / after"),
    ("arrows / h j k l", "map: pan"),
    ("?", "this help"),
    ("Esc", "close overlay"),
];

pub fn map_key(key: KeyEvent, mode: InputMode) -> Option<Action> {
    let ctrl = key.modifiers.contains(KeyModifiers::CONTROL);
    let alt = key.modifiers.contains(KeyModifiers::ALT);
    if ctrl && matches!(key.code, KeyCode::Char('c')) {
        return Some(Action::Quit);
    }
    match mode {
        InputMode::Text => {
            return match key.code {
                KeyCode::Esc => Some(Action::Cancel),
                KeyCode::Enter => Some(Action::Submit),
                KeyCode::Backspace => Some(Action::DeleteChar),
                KeyCode::Up => Some(Action::Up),
                KeyCode::Down => Some(Action::Down),
                KeyCode::Char('p') if ctrl => Some(Action::Up),
                KeyCode::Char('n') if ctrl => Some(Action::Down),
                KeyCode::Char('u') if ctrl => Some(Action::ClearInput),
                KeyCode::PageUp => Some(Action::PageUp),
                KeyCode::PageDown => Some(Action::PageDown),
                KeyCode::Char(c) if !ctrl && !alt => Some(Action::TypeChar(c)),
                _ => None,
            };
        }
        InputMode::Overlay => {
            return match key.code {
                KeyCode::Esc | KeyCode::Enter | KeyCode::Char('?') => Some(Action::Cancel),
                KeyCode::Char('q') => Some(Action::Quit),
                KeyCode::Up | KeyCode::Char('k') => Some(Action::Up),
                KeyCode::Down | KeyCode::Char('j') => Some(Action::Down),
                KeyCode::PageUp => Some(Action::PageUp),
                KeyCode::PageDown | KeyCode::Char(' ') => Some(Action::PageDown),
                _ => None,
            };
        }
        InputMode::Normal => {}
    }
    Some(match key.code {
        KeyCode::Char('q') => Action::Quit,
        KeyCode::Char('1') => Action::GoTab(Tab::Incidents),
        KeyCode::Char('2') => Action::GoTab(Tab::Actors),
        KeyCode::Char('3') => Action::GoTab(Tab::Towns),
        KeyCode::Char('4') => Action::GoTab(Tab::Briefing),
        KeyCode::Char('5') => Action::GoTab(Tab::Map),
        KeyCode::Char('+') | KeyCode::Char('=') => Action::ZoomIn,
        KeyCode::Char('-') => Action::ZoomOut,
        KeyCode::Char('0') => Action::ResetView,
        KeyCode::Char('[') => Action::Earlier,
        KeyCode::Char(']') => Action::Later,
        KeyCode::Char('e') => Action::Export,
        KeyCode::Tab => Action::NextTab,
        KeyCode::BackTab => Action::PrevTab,
        KeyCode::Up | KeyCode::Char('k') => Action::Up,
        KeyCode::Down | KeyCode::Char('j') => Action::Down,
        KeyCode::Char('b') if ctrl => Action::PageUp,
        KeyCode::Char('f') if ctrl => Action::PageDown,
        KeyCode::PageUp => Action::PageUp,
        KeyCode::PageDown => Action::PageDown,
        KeyCode::Home | KeyCode::Char('g') => Action::Home,
        KeyCode::End | KeyCode::Char('G') => Action::End,
        KeyCode::Enter => Action::Enter,
        KeyCode::Left if alt => Action::Back,
        KeyCode::Right if alt => Action::Forward,
        KeyCode::Right | KeyCode::Char('l') => Action::FocusDetail,
        KeyCode::Left | KeyCode::Char('h') => Action::FocusList,
        KeyCode::Backspace | KeyCode::Char('b') | KeyCode::Char('H') => Action::Back,
        KeyCode::Char('L') => Action::Forward,
        KeyCode::Esc => Action::Cancel,
        KeyCode::Char('/') => Action::OpenSearch,
        KeyCode::Char('f') => Action::OpenFilter,
        KeyCode::Char('x') => Action::ClearFilters,
        KeyCode::Char('s') => Action::CycleSort,
        KeyCode::Char('S') => Action::ReverseSort,
        KeyCode::Char('m') => Action::ToggleMouse,
        KeyCode::Char('?') => Action::Help,
        _ => return None,
    })
}
