//! The one table of key bindings. Each row is one line of the help screen: the keys as it
//! names them, what they do, the input modes and tabs where they do it, the keys' actions,
//! and the hints that name them. `keys.rs` generates the key mapping, the help and the hint
//! lines from it; a new key is a row (or a `Bind`) here.

use crossterm::event::KeyCode;

use super::action::Action;
pub use super::key::Key;
use super::nav::{InputMode, Tab};

/// One key and what it does.
pub struct Bind {
    pub key: Key,
    pub action: Action,
}

/// The lines that show hints, each where the browser shows it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum HintLine {
    /// A list has the keyboard (the bottom line).
    List,
    /// A record's detail or a report has the keyboard.
    Links,
    /// The briefing's text has the keyboard.
    Briefing,
    /// The map tab's bottom line.
    Map,
    /// The map's title.
    MapTitle,
    /// The trends tab's bottom line.
    Trends,
    /// The filter prompt, after the filter syntax.
    FilterPrompt,
    /// The tag editor's last line while a new tag is typed.
    TagPrompt,
    /// The tag editor's last line while a tag is selected.
    TagList,
}

impl HintLine {
    pub const ALL: [HintLine; 9] = [
        HintLine::List,
        HintLine::Links,
        HintLine::Briefing,
        HintLine::Map,
        HintLine::MapTitle,
        HintLine::Trends,
        HintLine::FilterPrompt,
        HintLine::TagPrompt,
        HintLine::TagList,
    ];

    /// The tabs where the line is shown.
    pub fn tabs(self) -> &'static [Tab] {
        match self {
            HintLine::List => &[Tab::Incidents, Tab::Actors, Tab::Towns, Tab::Briefing],
            HintLine::Links => &[Tab::Incidents, Tab::Actors, Tab::Towns],
            HintLine::Briefing => &[Tab::Briefing],
            HintLine::Map | HintLine::MapTitle => &[Tab::Map],
            HintLine::Trends => &[Tab::Trends],
            HintLine::FilterPrompt => &Tab::ALL,
            HintLine::TagPrompt | HintLine::TagList => RECORD_TABS,
        }
    }

    /// The input mode while the line is shown.
    pub fn mode(self) -> InputMode {
        match self {
            HintLine::FilterPrompt | HintLine::TagPrompt => InputMode::Text,
            HintLine::TagList => InputMode::TagList,
            _ => InputMode::Normal,
        }
    }
}

/// A hint naming some of a binding's keys ("↑↓ move"), at `order` within its line.
pub struct Hint {
    pub line: HintLine,
    pub order: u8,
    pub keys: &'static str,
    pub text: &'static str,
    /// Shown only where the line has room (a wide terminal): the line's core hints fit 80
    /// columns, the extras name the daily-work keys beside them.
    pub extra: bool,
}

/// A row of the table: one line of the help.
pub struct Binding {
    /// The keys as the help names them.
    pub keys: &'static str,
    pub help: &'static str,
    pub modes: &'static [InputMode],
    /// The tabs where the keys do something.
    pub tabs: &'static [Tab],
    pub binds: &'static [Bind],
    pub hints: &'static [Hint],
}

const NORMAL: &[InputMode] = &[InputMode::Normal];
const OVERLAY: &[InputMode] = &[InputMode::Overlay];
const TEXT: &[InputMode] = &[InputMode::Text];
const CHOOSER: &[InputMode] = &[InputMode::Chooser];
const TAG_LIST: &[InputMode] = &[InputMode::TagList];
/// The lists with columns (the column chooser, `c`).
const COLUMN_TABS: &[Tab] = &[Tab::Incidents, Tab::Actors, Tab::Towns];
const ALL_TABS: &[Tab] = &Tab::ALL;
/// The tabs whose rows are records (incidents, actors, towns).
const RECORD_TABS: &[Tab] = &[Tab::Incidents, Tab::Actors, Tab::Towns];
/// The tabs with a list (the map has none).
const LIST_TABS: &[Tab] = &[Tab::Incidents, Tab::Actors, Tab::Towns, Tab::Briefing];

const fn bind(key: Key, action: Action) -> Bind {
    Bind { key, action }
}

const fn hint(line: HintLine, order: u8, keys: &'static str, text: &'static str) -> Hint {
    Hint {
        line,
        order,
        keys,
        text,
        extra: false,
    }
}

/// A hint shown only when the line has room for it (see [`Hint::extra`]).
const fn extra(line: HintLine, order: u8, keys: &'static str, text: &'static str) -> Hint {
    Hint {
        line,
        order,
        keys,
        text,
        extra: true,
    }
}

use HintLine::{Briefing, FilterPrompt, Links, List, Map, MapTitle, TagList, TagPrompt, Trends};

const TRENDS: &[Tab] = &[Tab::Trends];

pub static BINDINGS: &[Binding] = &[
    Binding {
        keys: "q / Ctrl-C",
        help: "quit",
        modes: &[InputMode::Normal, InputMode::Overlay],
        tabs: ALL_TABS,
        binds: &[
            bind(Key::ch('q'), Action::Quit),
            bind(Key::ctrl('c'), Action::Quit),
        ],
        hints: &[
            hint(List, 9, "q", "quit"),
            hint(Links, 8, "q", "quit"),
            hint(Briefing, 7, "q", "quit"),
            hint(Map, 8, "q", "quit"),
        ],
    },
    Binding {
        keys: "1 2 3 4 5 6",
        help: "Incidents, Actors, Towns, Briefing, Map, Trends tabs",
        modes: NORMAL,
        tabs: ALL_TABS,
        binds: &[
            bind(Key::ch('1'), Action::GoTab(Tab::Incidents)),
            bind(Key::ch('2'), Action::GoTab(Tab::Actors)),
            bind(Key::ch('3'), Action::GoTab(Tab::Towns)),
            bind(Key::ch('4'), Action::GoTab(Tab::Briefing)),
            bind(Key::ch('5'), Action::GoTab(Tab::Map)),
            bind(Key::ch('6'), Action::GoTab(Tab::Trends)),
        ],
        hints: &[hint(List, 3, "1-6", "tabs"), hint(Map, 6, "1-6", "tabs")],
    },
    Binding {
        keys: "Tab / Shift-Tab",
        help: "next / previous tab",
        modes: NORMAL,
        tabs: ALL_TABS,
        binds: &[
            bind(Key::new(KeyCode::Tab), Action::NextTab),
            bind(Key::new(KeyCode::BackTab), Action::PrevTab),
        ],
        hints: &[],
    },
    Binding {
        keys: "Up Down / k j",
        help: "move in the list, or between links in a detail",
        modes: NORMAL,
        tabs: LIST_TABS,
        binds: &[
            bind(Key::new(KeyCode::Up), Action::Up),
            bind(Key::new(KeyCode::Down), Action::Down),
            bind(Key::ch('k'), Action::Up),
            bind(Key::ch('j'), Action::Down),
        ],
        hints: &[
            hint(List, 1, "↑↓", "move"),
            hint(Links, 1, "↑↓", "links"),
            hint(Briefing, 1, "↑↓", "figures"),
        ],
    },
    Binding {
        keys: "PgUp PgDn / Ctrl-B Ctrl-F",
        help: "page up / down",
        modes: NORMAL,
        tabs: ALL_TABS,
        binds: &[
            bind(Key::new(KeyCode::PageUp), Action::PageUp),
            bind(Key::new(KeyCode::PageDown), Action::PageDown),
            bind(Key::ctrl('b'), Action::PageUp),
            bind(Key::ctrl('f'), Action::PageDown),
        ],
        hints: &[],
    },
    Binding {
        keys: "Home End / g G",
        help: "first / last",
        modes: NORMAL,
        tabs: &[
            Tab::Incidents,
            Tab::Actors,
            Tab::Towns,
            Tab::Briefing,
            Tab::Trends,
        ],
        binds: &[
            bind(Key::new(KeyCode::Home), Action::Home),
            bind(Key::new(KeyCode::End), Action::End),
            bind(Key::ch('g'), Action::Home),
            bind(Key::ch('G'), Action::End),
        ],
        hints: &[],
    },
    Binding {
        keys: "Enter",
        help: "open the selected row; follow the selected link",
        modes: NORMAL,
        tabs: ALL_TABS,
        binds: &[bind(Key::new(KeyCode::Enter), Action::Enter)],
        hints: &[
            hint(List, 2, "Enter", "open"),
            hint(Links, 2, "Enter", "follow"),
            hint(Briefing, 2, "Enter", "incidents"),
            hint(Map, 4, "Enter", "town"),
            hint(MapTitle, 4, "Enter", "town at +"),
            hint(Trends, 2, "Enter", "open"),
        ],
    },
    Binding {
        keys: "Right / l",
        help: "move into the detail (its links)",
        modes: NORMAL,
        tabs: LIST_TABS,
        binds: &[
            bind(Key::new(KeyCode::Right), Action::FocusDetail),
            bind(Key::ch('l'), Action::FocusDetail),
        ],
        hints: &[],
    },
    Binding {
        keys: "Left / h / Esc",
        help: "back to the list",
        modes: NORMAL,
        tabs: LIST_TABS,
        binds: &[
            bind(Key::new(KeyCode::Left), Action::FocusList),
            bind(Key::ch('h'), Action::FocusList),
            bind(Key::new(KeyCode::Esc), Action::Cancel),
        ],
        hints: &[
            hint(Links, 3, "Esc", "list"),
            hint(Briefing, 5, "←", "reports"),
        ],
    },
    Binding {
        keys: "Backspace / b / H / Alt-Left",
        help: "back in history",
        modes: NORMAL,
        tabs: ALL_TABS,
        binds: &[
            bind(Key::new(KeyCode::Backspace), Action::Back),
            bind(Key::ch('b'), Action::Back),
            bind(Key::ch('H'), Action::Back),
            bind(Key::alt(KeyCode::Left), Action::Back),
        ],
        hints: &[hint(List, 7, "b", "back"), hint(Links, 4, "b", "back")],
    },
    Binding {
        keys: "L / Alt-Right",
        help: "forward in history",
        modes: NORMAL,
        tabs: ALL_TABS,
        binds: &[
            bind(Key::ch('L'), Action::Forward),
            bind(Key::alt(KeyCode::Right), Action::Forward),
        ],
        hints: &[hint(Links, 5, "L", "fwd")],
    },
    Binding {
        keys: "/",
        help: "search incidents, actors and towns",
        modes: NORMAL,
        tabs: ALL_TABS,
        binds: &[bind(Key::ch('/'), Action::OpenSearch)],
        hints: &[hint(List, 4, "/", "search"), hint(Links, 6, "/", "search")],
    },
    Binding {
        keys: "f",
        help: "filter line: key:value terms, all apply (the filter keys are listed below)",
        modes: NORMAL,
        tabs: ALL_TABS,
        binds: &[bind(Key::ch('f'), Action::OpenFilter)],
        hints: &[hint(List, 5, "f", "filter"), hint(Map, 5, "f", "filter")],
    },
    Binding {
        keys: "x",
        help: "clear filters",
        modes: NORMAL,
        tabs: ALL_TABS,
        binds: &[bind(Key::ch('x'), Action::ClearFilters)],
        hints: &[],
    },
    Binding {
        keys: "s / S",
        help: "sort by the next column shown / reverse the order (the header marks it)",
        modes: NORMAL,
        tabs: LIST_TABS,
        binds: &[
            bind(Key::ch('s'), Action::CycleSort),
            bind(Key::ch('S'), Action::ReverseSort),
        ],
        hints: &[hint(List, 6, "s", "sort")],
    },
    Binding {
        keys: "c",
        help: "choose the list's columns: show, hide, reorder",
        modes: NORMAL,
        tabs: COLUMN_TABS,
        binds: &[bind(Key::ch('c'), Action::OpenColumns)],
        hints: &[],
    },
    Binding {
        keys: "y / Y",
        help: "copy to the clipboard (OSC 52): the selected record as a citation, on the briefing \
               tab the briefing as markdown / the list as TSV",
        modes: NORMAL,
        tabs: ALL_TABS,
        binds: &[
            bind(Key::ch('y'), Action::CopyRecord),
            bind(Key::ch('Y'), Action::CopyList),
        ],
        hints: &[extra(List, 6, "y", "copy"), extra(Links, 6, "y", "copy")],
    },
    Binding {
        keys: "m",
        help: "mouse capture on/off (off lets you select text to copy)",
        modes: NORMAL,
        tabs: ALL_TABS,
        binds: &[bind(Key::ch('m'), Action::ToggleMouse)],
        hints: &[],
    },
    Binding {
        keys: "e",
        help: "export what the tab shows as CSV, here: the incidents list, the actors or towns \
               table with its columns, the selected briefing line's incidents",
        modes: NORMAL,
        tabs: ALL_TABS,
        binds: &[bind(Key::ch('e'), Action::Export)],
        hints: &[],
    },
    Binding {
        keys: "Space",
        help: "mark or unmark the selected incident, actor or town ('*' in lists; workspace)",
        modes: NORMAL,
        tabs: RECORD_TABS,
        binds: &[bind(Key::ch(' '), Action::ToggleMark)],
        hints: &[extra(Links, 6, "Space", "mark")],
    },
    Binding {
        keys: "n",
        help: "write a note on the selected record (Enter saves, Esc cancels); notes show \
               in its detail",
        modes: NORMAL,
        tabs: RECORD_TABS,
        binds: &[bind(Key::ch('n'), Action::EditNote)],
        hints: &[extra(Links, 6, "n", "note")],
    },
    Binding {
        keys: "t",
        help: "tag the selected record: type a tag, Enter adds it; Down selects the record's \
               tags, d removes one; tags show in its detail (filter tag:NAME)",
        modes: NORMAL,
        tabs: RECORD_TABS,
        binds: &[bind(Key::ch('t'), Action::EditTags)],
        hints: &[extra(Links, 6, "t", "tag")],
    },
    Binding {
        keys: "V / v",
        help: "save the tab, filters and sort as a named view / list the views to open one",
        modes: NORMAL,
        tabs: ALL_TABS,
        binds: &[
            bind(Key::ch('V'), Action::SaveView),
            bind(Key::ch('v'), Action::OpenViews),
        ],
        hints: &[extra(List, 6, "V v", "views")],
    },
    Binding {
        keys: "+ = - / 0",
        help: "map: zoom / whole view; briefing: period length / 7 days",
        modes: NORMAL,
        tabs: &[Tab::Briefing, Tab::Map],
        binds: &[
            bind(Key::ch('+'), Action::ZoomIn),
            bind(Key::ch('='), Action::ZoomIn),
            bind(Key::ch('-'), Action::ZoomOut),
            bind(Key::ch('0'), Action::ResetView),
        ],
        hints: &[
            hint(Map, 2, "+ -", "zoom"),
            hint(Map, 3, "0", "reset"),
            hint(Briefing, 3, "+ -", "period"),
            hint(MapTitle, 2, "+ -", "zoom"),
            hint(MapTitle, 3, "0", "whole selection"),
        ],
    },
    Binding {
        keys: "R",
        help: "briefing: the Reconcile view of the open datasets (matched, ambiguous, only in one) / back",
        modes: NORMAL,
        tabs: &[Tab::Briefing],
        binds: &[bind(Key::ch('R'), Action::ToggleReconcile)],
        // Named in the briefing's own header when several datasets are open (the hint
        // line is full at 80 columns).
        hints: &[],
    },
    Binding {
        keys: "[ ]",
        help: "briefing: the period before / after",
        modes: NORMAL,
        tabs: &[Tab::Briefing],
        binds: &[
            bind(Key::ch('['), Action::Earlier),
            bind(Key::ch(']'), Action::Later),
        ],
        hints: &[hint(Briefing, 4, "[ ]", "earlier/later")],
    },
    Binding {
        keys: "arrows / h j k l",
        help: "map: pan",
        modes: NORMAL,
        tabs: &[Tab::Map],
        binds: &[
            bind(Key::new(KeyCode::Left), Action::FocusList),
            bind(Key::new(KeyCode::Down), Action::Down),
            bind(Key::new(KeyCode::Up), Action::Up),
            bind(Key::new(KeyCode::Right), Action::FocusDetail),
            bind(Key::ch('h'), Action::FocusList),
            bind(Key::ch('j'), Action::Down),
            bind(Key::ch('k'), Action::Up),
            bind(Key::ch('l'), Action::FocusDetail),
        ],
        hints: &[
            hint(Map, 1, "←↑↓→", "pan"),
            hint(MapTitle, 1, "arrows", "pan"),
        ],
    },
    Binding {
        keys: "arrows / h j k l",
        help: "trends: move between the table's cells",
        modes: NORMAL,
        tabs: TRENDS,
        binds: &[
            bind(Key::new(KeyCode::Left), Action::FocusList),
            bind(Key::new(KeyCode::Down), Action::Down),
            bind(Key::new(KeyCode::Up), Action::Up),
            bind(Key::new(KeyCode::Right), Action::FocusDetail),
            bind(Key::ch('h'), Action::FocusList),
            bind(Key::ch('j'), Action::Down),
            bind(Key::ch('k'), Action::Up),
            bind(Key::ch('l'), Action::FocusDetail),
        ],
        hints: &[hint(Trends, 1, "←↑↓→", "cell")],
    },
    Binding {
        keys: "i",
        help: "trends: count incidents / fatalities",
        modes: NORMAL,
        tabs: TRENDS,
        binds: &[bind(Key::ch('i'), Action::ToggleMeasure)],
        hints: &[hint(Trends, 3, "i", "measure")],
    },
    Binding {
        keys: "w",
        help: "trends: per week / month / quarter (at first the one that fits the dates)",
        modes: NORMAL,
        tabs: TRENDS,
        binds: &[bind(Key::ch('w'), Action::CycleEvery)],
        hints: &[hint(Trends, 4, "w", "period")],
    },
    Binding {
        keys: "d",
        help: "trends: split the chart by none, actor, country, admin1, admin2, type, sub-type",
        modes: NORMAL,
        tabs: TRENDS,
        binds: &[bind(Key::ch('d'), Action::CycleSplit)],
        hints: &[hint(Trends, 5, "d", "split")],
    },
    Binding {
        keys: "r",
        help: "trends: the pivot's rows (admin1, admin2, actor, ...); the changes' admin1, admin2, actor",
        modes: NORMAL,
        tabs: TRENDS,
        binds: &[bind(Key::ch('r'), Action::CycleRows)],
        hints: &[hint(Trends, 6, "r", "rows")],
    },
    Binding {
        keys: "C",
        help: "trends: pivot table / changes (each area or actor against its baseline)",
        modes: NORMAL,
        tabs: TRENDS,
        binds: &[bind(Key::ch('C'), Action::ToggleChanges)],
        hints: &[hint(Trends, 7, "C", "changes")],
    },
    Binding {
        keys: "s / S",
        help: "trends: cycle the pivot's sort column (total, change, name, periods) / reverse",
        modes: NORMAL,
        tabs: TRENDS,
        binds: &[
            bind(Key::ch('s'), Action::CycleSort),
            bind(Key::ch('S'), Action::ReverseSort),
        ],
        hints: &[hint(Trends, 8, "s", "sort")],
    },
    Binding {
        keys: "?",
        help: "this help",
        modes: NORMAL,
        tabs: ALL_TABS,
        binds: &[bind(Key::ch('?'), Action::Help)],
        hints: &[
            hint(List, 8, "?", "help"),
            hint(Links, 7, "?", "help"),
            hint(Briefing, 6, "?", "help"),
            hint(Map, 7, "?", "help"),
            hint(Trends, 9, "?", "help"),
        ],
    },
    Binding {
        keys: "Esc / Enter / ?",
        help: "close overlay",
        modes: OVERLAY,
        tabs: ALL_TABS,
        binds: &[
            bind(Key::new(KeyCode::Esc), Action::Cancel),
            bind(Key::new(KeyCode::Enter), Action::Cancel),
            bind(Key::ch('?'), Action::Cancel),
        ],
        hints: &[],
    },
    Binding {
        keys: "Up Down / k j",
        help: "help, load notice: scroll a line",
        modes: OVERLAY,
        tabs: ALL_TABS,
        binds: &[
            bind(Key::new(KeyCode::Up), Action::Up),
            bind(Key::new(KeyCode::Down), Action::Down),
            bind(Key::ch('k'), Action::Up),
            bind(Key::ch('j'), Action::Down),
        ],
        hints: &[],
    },
    Binding {
        keys: "PgUp PgDn / Space",
        help: "help, load notice: scroll a page",
        modes: OVERLAY,
        tabs: ALL_TABS,
        binds: &[
            bind(Key::new(KeyCode::PageUp), Action::PageUp),
            bind(Key::new(KeyCode::PageDown), Action::PageDown),
            bind(Key::ch(' '), Action::PageDown),
        ],
        hints: &[],
    },
    Binding {
        keys: "Up Down / k j",
        help: "column chooser: move",
        modes: CHOOSER,
        tabs: COLUMN_TABS,
        binds: &[
            bind(Key::new(KeyCode::Up), Action::Up),
            bind(Key::new(KeyCode::Down), Action::Down),
            bind(Key::ch('k'), Action::Up),
            bind(Key::ch('j'), Action::Down),
        ],
        hints: &[],
    },
    Binding {
        keys: "Space",
        help: "column chooser: show / hide the column",
        modes: CHOOSER,
        tabs: COLUMN_TABS,
        binds: &[bind(Key::ch(' '), Action::ToggleColumn)],
        hints: &[],
    },
    Binding {
        keys: "K J",
        help: "column chooser: move the column up / down (left / right in the list)",
        modes: CHOOSER,
        tabs: COLUMN_TABS,
        binds: &[
            bind(Key::ch('K'), Action::MoveColumnUp),
            bind(Key::ch('J'), Action::MoveColumnDown),
        ],
        hints: &[],
    },
    Binding {
        keys: "Enter / Esc / Ctrl-C",
        help: "column chooser: apply / cancel / quit",
        modes: CHOOSER,
        tabs: COLUMN_TABS,
        binds: &[
            bind(Key::new(KeyCode::Enter), Action::Submit),
            bind(Key::new(KeyCode::Esc), Action::Cancel),
            bind(Key::ctrl('c'), Action::Quit),
        ],
        hints: &[],
    },
    Binding {
        keys: "Up Down / k j",
        help: "tag editor: move between the tags (Up from the first: back to typing)",
        modes: TAG_LIST,
        tabs: RECORD_TABS,
        binds: &[
            bind(Key::new(KeyCode::Up), Action::Up),
            bind(Key::new(KeyCode::Down), Action::Down),
            bind(Key::ch('k'), Action::Up),
            bind(Key::ch('j'), Action::Down),
        ],
        hints: &[hint(TagList, 1, "↑↓", "move")],
    },
    Binding {
        keys: "d / Del",
        help: "tag editor: take the selected tag off the record",
        modes: TAG_LIST,
        tabs: RECORD_TABS,
        binds: &[
            bind(Key::ch('d'), Action::RemoveTag),
            bind(Key::new(KeyCode::Delete), Action::RemoveTag),
        ],
        hints: &[hint(TagList, 2, "d", "remove")],
    },
    Binding {
        keys: "Esc / Enter / Ctrl-C",
        help: "tag editor: close / close / quit",
        modes: TAG_LIST,
        tabs: RECORD_TABS,
        binds: &[
            bind(Key::new(KeyCode::Esc), Action::Cancel),
            bind(Key::new(KeyCode::Enter), Action::Cancel),
            bind(Key::ctrl('c'), Action::Quit),
        ],
        hints: &[hint(TagList, 3, "Esc", "close")],
    },
    Binding {
        keys: "Enter",
        help: "filter or search prompt: apply the filter, open the result; tag editor: add \
               the tag typed (with nothing typed, close)",
        modes: TEXT,
        tabs: ALL_TABS,
        binds: &[bind(Key::new(KeyCode::Enter), Action::Submit)],
        hints: &[
            hint(FilterPrompt, 1, "Enter", "apply"),
            hint(TagPrompt, 1, "Enter", "add"),
        ],
    },
    Binding {
        keys: "Esc",
        help: "filter or search prompt: cancel; tag editor: close",
        modes: TEXT,
        tabs: ALL_TABS,
        binds: &[bind(Key::new(KeyCode::Esc), Action::Cancel)],
        hints: &[
            hint(FilterPrompt, 2, "Esc", "cancel"),
            hint(TagPrompt, 3, "Esc", "close"),
        ],
    },
    Binding {
        keys: "Backspace / Ctrl-U",
        help: "prompt: delete a character / the whole line",
        modes: TEXT,
        tabs: ALL_TABS,
        binds: &[
            bind(Key::new(KeyCode::Backspace), Action::DeleteChar),
            bind(Key::ctrl('u'), Action::ClearInput),
        ],
        hints: &[],
    },
    Binding {
        keys: "Up Down / Ctrl-P Ctrl-N",
        help: "search: previous / next result; tag editor: Down selects the record's tags",
        modes: TEXT,
        tabs: ALL_TABS,
        binds: &[
            bind(Key::new(KeyCode::Up), Action::Up),
            bind(Key::new(KeyCode::Down), Action::Down),
            bind(Key::ctrl('p'), Action::Up),
            bind(Key::ctrl('n'), Action::Down),
        ],
        hints: &[hint(TagPrompt, 2, "↓", "tags")],
    },
    Binding {
        keys: "PgUp PgDn",
        help: "search: a page of results up / down",
        modes: TEXT,
        tabs: ALL_TABS,
        binds: &[
            bind(Key::new(KeyCode::PageUp), Action::PageUp),
            bind(Key::new(KeyCode::PageDown), Action::PageDown),
        ],
        hints: &[],
    },
    Binding {
        keys: "Ctrl-C",
        help: "prompt: quit (other keys are typed)",
        modes: TEXT,
        tabs: ALL_TABS,
        binds: &[bind(Key::ctrl('c'), Action::Quit)],
        hints: &[],
    },
];
