//! Everything a user can ask for. Keys and mouse events become actions; `App::update`
//! applies them; nothing else changes the app's state.

use super::app::Tab;

#[derive(Clone, Debug, PartialEq)]
pub enum Action {
    Quit,
    GoTab(Tab),
    NextTab,
    PrevTab,
    Up,
    Down,
    PageUp,
    PageDown,
    Home,
    End,
    /// Open the selected row, or follow the selected link.
    Enter,
    FocusDetail,
    FocusList,
    Back,
    Forward,
    /// Close an overlay or prompt, or leave the detail.
    Cancel,
    OpenSearch,
    OpenFilter,
    ClearFilters,
    CycleSort,
    ReverseSort,
    ToggleMouse,
    Help,
    TypeChar(char),
    DeleteChar,
    ClearInput,
    Submit,
    Click {
        column: u16,
        row: u16,
    },
    Scroll {
        down: bool,
        column: u16,
        row: u16,
    },
    Resize {
        width: u16,
        height: u16,
    },
    /// Map: zoom in / out. Briefing: a longer / shorter period.
    ZoomIn,
    ZoomOut,
    /// Map: the whole selection again. Briefing: the last 7 days.
    ResetView,
    /// Briefing: the period before / after.
    Earlier,
    Later,
    /// Write the incidents list as it stands to a CSV file (as an `Effect` the front end
    /// carries out or refuses).
    Export,
    /// A line for the status bar from the front end: what became of an effect, a reload.
    Notice(String),
    /// New search results arrived from the background searcher.
    SearchResults,
}
