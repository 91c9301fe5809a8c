//! Where the browser is: its tabs (order, titles, the records their lists hold), what fills
//! the screen, a place in history, and what has the keyboard. A leaf: the rest of `ui`
//! imports these, and this imports nothing of `ui`.

use crate::store::{EntityRef, Ix};

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Tab {
    Incidents,
    Actors,
    Towns,
    /// The generated briefing beside the list of reports.
    Briefing,
    Map,
    /// Incidents or fatalities over time, a pivot table and change detection.
    Trends,
}

impl Tab {
    pub const ALL: [Tab; 6] = [
        Tab::Incidents,
        Tab::Actors,
        Tab::Towns,
        Tab::Briefing,
        Tab::Map,
        Tab::Trends,
    ];

    pub fn index(self) -> usize {
        match self {
            Tab::Incidents => 0,
            Tab::Actors => 1,
            Tab::Towns => 2,
            Tab::Briefing => 3,
            Tab::Map => 4,
            Tab::Trends => 5,
        }
    }

    pub fn title(self) -> &'static str {
        match self {
            Tab::Incidents => "Incidents",
            Tab::Actors => "Actors",
            Tab::Towns => "Towns",
            Tab::Briefing => "Briefing",
            Tab::Map => "Map",
            Tab::Trends => "Trends",
        }
    }

    /// Whether the tab's detail pane shows the selected row's record (rather than the
    /// briefing or the map).
    pub fn has_record_detail(self) -> bool {
        matches!(self, Tab::Incidents | Tab::Actors | Tab::Towns)
    }

    pub fn of(e: EntityRef) -> Option<(Tab, Ix)> {
        match e {
            EntityRef::Incident(i) => Some((Tab::Incidents, i)),
            EntityRef::Actor(i) => Some((Tab::Actors, i)),
            EntityRef::Town(i) => Some((Tab::Towns, i)),
            EntityRef::Report(_) => None,
        }
    }

    pub fn entity(self, ix: Ix) -> EntityRef {
        match self {
            Tab::Incidents => EntityRef::Incident(ix),
            Tab::Actors => EntityRef::Actor(ix),
            Tab::Towns => EntityRef::Town(ix),
            // The briefing tab lists reports; the map and trends have no rows.
            Tab::Briefing | Tab::Map | Tab::Trends => EntityRef::Report(ix),
        }
    }
}

/// What fills the main area: a tab's list (with its detail) or the report reader.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Screen {
    List(Tab),
    Report(Ix),
}

/// A place in the browsing history.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Location {
    pub screen: Screen,
    pub record: Option<EntityRef>,
    pub detail: bool,
}

/// What keys mean depends on what has the keyboard.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum InputMode {
    Normal,
    /// A text prompt (filter line, search box): printable keys are typed.
    Text,
    /// An overlay that only scrolls and closes (help, load notice).
    Overlay,
    /// The column chooser: move, toggle, reorder, apply or cancel.
    Chooser,
    /// The tag editor with a tag selected (not the line that takes a new one): move,
    /// remove, close.
    TagList,
}

impl InputMode {
    pub const ALL: [InputMode; 5] = [
        InputMode::Normal,
        InputMode::Text,
        InputMode::Overlay,
        InputMode::Chooser,
        InputMode::TagList,
    ];
}
