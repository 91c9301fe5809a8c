//! Everything a user can ask for. Keys and mouse events become actions; `App::update`
//! applies them; nothing else changes the app's state.

use std::sync::Arc;

use super::nav::Tab;
use crate::search::{Results, SearchIndex};
use crate::store::Store;

/// Something built off the UI thread, carried by an action; compared by identity.
pub struct Built<T>(pub Arc<T>);

impl<T> Clone for Built<T> {
    fn clone(&self) -> Self {
        Built(self.0.clone())
    }
}

impl<T> PartialEq for Built<T> {
    fn eq(&self, other: &Self) -> bool {
        Arc::ptr_eq(&self.0, &other.0)
    }
}

impl<T> std::fmt::Debug for Built<T> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Built(..)")
    }
}

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
    /// Trends: incidents <-> fatalities.
    ToggleMeasure,
    /// Trends: per week, month, quarter.
    CycleEvery,
    /// Trends: the chart's split (none, actor, country, ...).
    CycleSplit,
    /// Trends: the table's rows (pivot) or what the changes are by.
    CycleRows,
    /// Trends: the pivot table <-> the changes table.
    ToggleChanges,
    /// Write the incidents list as it stands to a CSV file (as an `Effect` the front end
    /// carries out or refuses).
    Export,
    /// Copy (OSC 52): the selected record as a citation (the briefing as markdown on its
    /// tab) / the list as TSV.
    CopyRecord,
    CopyList,
    /// Open the column chooser of the list (incidents, actors, towns).
    OpenColumns,
    /// Column chooser: show or hide the column under the cursor / move it up or down.
    ToggleColumn,
    MoveColumnUp,
    MoveColumnDown,
    /// An export finished (or failed): what became of it, naming the whole path.
    Exported(String),
    /// Mark the selected incident, actor or town, or take its mark off (workspace).
    ToggleMark,
    /// Open the note editor on the selected record.
    EditNote,
    /// Open the tag editor on the selected record (add a tag, remove one).
    EditTags,
    /// Tag editor: take the selected tag off the record.
    RemoveTag,
    /// Ask for a name to save the tab, filters and sort under.
    SaveView,
    /// List the saved views, to open one.
    OpenViews,
    /// Open the saved view of this name (the front end's `--view NAME`).
    OpenView(String),
    /// A line for the status bar from the front end: what became of an effect, a reload.
    Notice(String),
    /// The search index finished building in the background.
    IndexReady(Built<SearchIndex>),
    /// The store's datasets were matched in the background (a joined store).
    MatchesReady(Built<crate::reconcile::joined::StoreMatches>),
    /// Briefing tab: show the Reconcile view of the datasets instead of the briefing, or back.
    ToggleReconcile,
    /// New search results arrived from the background searcher.
    SearchResults(Results),
    /// The store was reloaded: move onto it (with its index), keeping the place.
    Rebase {
        store: Built<Store>,
        index: Built<SearchIndex>,
    },
    /// Keys stopped arriving: bring a deferred detail up to date (see `App::lazy_detail`).
    Settle,
}

impl Action {
    /// Whether the action comes from the background or the front end rather than a key.
    pub fn is_from_outside(&self) -> bool {
        matches!(
            self,
            Action::IndexReady(_)
                | Action::MatchesReady(_)
                | Action::SearchResults(_)
                | Action::Notice(_)
                | Action::Exported(_)
                | Action::Rebase { .. }
        )
    }
}
