//! The browser's state and the one place it changes: `App::update(Action)`.
//! Drawing (render.rs) only reads this state.

use std::sync::Arc;

use super::action::Action;
use super::briefing_view::BriefState;
use super::effect::{Effect, EffectRunner};
use super::keymap::Keymap;
use super::layout::{Areas, layout};
use super::lists::{FilteredActivity, ListView};
use super::map_view::MapView;
pub use super::nav::{InputMode, Location, Screen, Tab};
use super::panes;
use super::search_overlay::{SearchOverlay, SearchState};
use super::theme::Theme;
use super::trends_view::TrendsView;
use super::widgets::Doc;
use super::workspace_state::WorkspaceState;
use crate::search::filters::Filters;
use crate::store::{EntityRef, Store};

pub enum Overlay {
    None,
    Help {
        scroll: usize,
    },
    Notice {
        scroll: usize,
    },
    Filter {
        input: String,
        error: Option<String>,
    },
    Search(Box<SearchOverlay>),
    /// A message too long for the status line (an export's whole path), wrapped.
    Message(String),
    /// The column chooser of a list (see column_chooser.rs).
    Columns(super::columns::Chooser),
    /// The note editor on a record.
    Note {
        record: EntityRef,
        /// What the record is called, for the editor's title.
        label: String,
        input: String,
    },
    /// The tag editor on a record (see tags.rs).
    Tags(super::tags::TagEditor),
    /// The name to save the current view under.
    ViewName {
        input: String,
    },
    /// The saved views, narrowed by the name typed.
    Views {
        query: String,
        selected: usize,
    },
}

/// The detail pane: focus, scroll, link cursor and the cached text of the current record.
pub struct Detail {
    pub focused: bool,
    pub scroll: usize,
    pub link: usize,
    pub doc: Doc,
    pub(super) key: Option<(EntityRef, usize)>,
    /// Whether `doc` holds the briefing rather than a record's detail.
    pub(super) shows_briefing: bool,
}

impl Detail {
    /// Shows new text; scroll and link cursor stay only when it is the same thing again
    /// (say, rewrapped to a new width).
    fn replace(&mut self, doc: Doc, same: bool) {
        self.doc = doc;
        if !same {
            self.scroll = 0;
            self.link = 0;
        }
        self.link = self.link.min(self.doc.links.len().saturating_sub(1));
    }
}

pub struct App {
    pub store: Arc<Store>,
    pub theme: Theme,
    /// The key bindings in effect (the table with the configuration's rebindings).
    pub keymap: Arc<Keymap>,
    pub width: u16,
    pub height: u16,
    pub screen: Screen,
    pub lists: [ListView; 6],
    pub filters: Filters,
    pub activity: Option<FilteredActivity>,
    pub detail: Detail,
    pub history: Vec<Location>,
    pub history_pos: usize,
    pub overlay: Overlay,
    pub mouse: bool,
    pub quit: bool,
    /// One line of feedback in the status bar ("no link here", "filter applied").
    pub message: Option<String>,
    /// When set, moving through a list leaves the detail as it was until `Action::Settle`
    /// (the event loop sends it once keys stop arriving). Scrolling a list then sends only the
    /// rows that changed, not a whole new detail per key: what a slow SSH link needs.
    pub lazy_detail: bool,
    pub(super) detail_deferred: bool,
    /// The search index and background searcher (overlay and list filters).
    pub search: SearchState,
    /// The same event in the store's other datasets (a joined store), once matched.
    pub matches: super::matches::MatchState,
    pub briefing: BriefState,
    pub map: MapView,
    pub trends: TrendsView,
    /// Bumped whenever list rows are rebuilt, so views derived from them know to refresh.
    pub rows_gen: u64,
    /// The workspace's marks, notes, seen incidents and views, when the front end gave one.
    pub workspace: Option<WorkspaceState>,
    /// What `update` asks the front end to do; handed over when it returns.
    pub(super) effects: Vec<Effect>,
}

impl App {
    /// A browser over `store`, with the search index built before it returns. The terminal
    /// front end uses [`App::with_search`] to build it in the background instead.
    pub fn new(store: Arc<Store>, theme: Theme, width: u16, height: u16) -> App {
        let search = SearchState::build_now(&store);
        App::with_search(store, theme, width, height, search)
    }

    /// The browser as a front end runs it (the local terminal, a served session): the mouse
    /// as the user asked, and the detail deferred while keys arrive so a burst of movement
    /// sends only the rows that changed.
    pub fn for_terminal(
        store: Arc<Store>,
        theme: Theme,
        width: u16,
        height: u16,
        search: SearchState,
        mouse: bool,
    ) -> App {
        let mut app = App::with_search(store, theme, width, height, search);
        app.mouse = mouse;
        app.lazy_detail = true;
        app
    }

    pub fn with_search(
        store: Arc<Store>,
        theme: Theme,
        width: u16,
        height: u16,
        search: SearchState,
    ) -> App {
        let overlay = if store.problems.is_empty() {
            Overlay::None
        } else {
            Overlay::Notice { scroll: 0 }
        };
        let mut app = App {
            store,
            theme,
            keymap: Arc::new(Keymap::defaults()),
            width,
            height,
            screen: Screen::List(Tab::Incidents),
            lists: Tab::ALL.map(ListView::new),
            filters: Filters::default(),
            activity: None,
            detail: Detail {
                focused: false,
                scroll: 0,
                link: 0,
                doc: Doc::new(10),
                key: None,
                shows_briefing: false,
            },
            history: Vec::new(),
            history_pos: 0,
            overlay,
            mouse: true,
            quit: false,
            message: None,
            lazy_detail: false,
            detail_deferred: false,
            search,
            matches: super::matches::MatchState::default(),
            briefing: BriefState::default(),
            map: MapView::default(),
            trends: TrendsView::default(),
            effects: Vec::new(),
            workspace: None,
            rows_gen: 0,
        };
        if app.store.is_joined() {
            // Which dataset a row comes from matters as soon as there are several; a
            // configured or saved column choice still wins (applied after this).
            let cols = &mut app.list_mut(Tab::Incidents).columns;
            cols.insert(1, super::columns::Column::Dataset);
        }
        app.rebuild_rows();
        app.history.push(app.location());
        app.sync();
        app
    }

    pub fn areas(&self) -> Areas {
        layout(self.width, self.height, self.screen, self.detail.focused)
    }

    pub fn input_mode(&self) -> InputMode {
        match self.overlay {
            Overlay::None => InputMode::Normal,
            Overlay::Help { .. } | Overlay::Notice { .. } | Overlay::Message(_) => {
                InputMode::Overlay
            }
            Overlay::Filter { .. }
            | Overlay::Search(_)
            | Overlay::Note { .. }
            | Overlay::ViewName { .. }
            | Overlay::Views { .. } => InputMode::Text,
            Overlay::Columns(_) => InputMode::Chooser,
            Overlay::Tags(ref ed) => ed.mode(),
        }
    }

    pub fn tab(&self) -> Option<Tab> {
        match self.screen {
            Screen::List(t) => Some(t),
            Screen::Report(_) => None,
        }
    }

    pub fn list(&self, tab: Tab) -> &ListView {
        &self.lists[tab.index()]
    }

    pub(super) fn list_mut(&mut self, tab: Tab) -> &mut ListView {
        &mut self.lists[tab.index()]
    }

    /// The record the detail pane shows.
    pub fn current(&self) -> Option<EntityRef> {
        match self.screen {
            Screen::List(t) if !t.has_record_detail() => None,
            Screen::List(t) => self.list(t).current().map(|i| t.entity(i)),
            Screen::Report(r) => Some(EntityRef::Report(r)),
        }
    }

    pub fn location(&self) -> Location {
        Location {
            screen: self.screen,
            record: self.current(),
            detail: self.detail.focused,
        }
    }

    /// Applies `action`, then carries out what it asks of the outside world with `runner`,
    /// feeding each effect's answer back through `update`.
    pub fn dispatch(&mut self, action: Action, runner: &mut dyn EffectRunner) {
        let mut pending = vec![action];
        while let Some(action) = pending.pop() {
            for effect in self.update(action) {
                pending.extend(runner.run(effect));
            }
        }
    }

    /// Applies whatever arrived from the background; true if anything did (redraw).
    pub fn dispatch_background(&mut self, runner: &mut dyn EffectRunner) -> bool {
        let mut arrived = self.background_actions();
        arrived.extend(runner.poll());
        let any = !arrived.is_empty();
        for action in arrived {
            self.dispatch(action, runner);
        }
        any
    }

    /// What the event loop does when keys pause: the deferred detail catches up and
    /// background work is picked up. True if anything changed (redraw).
    pub fn dispatch_idle(&mut self, runner: &mut dyn EffectRunner) -> bool {
        let deferred = self.detail_deferred();
        if deferred {
            self.dispatch(Action::Settle, runner);
        }
        self.dispatch_background(runner) || deferred
    }

    /// Applies `action` to the state; returns the effects it asks for (files to write...),
    /// which the caller carries out or refuses.
    pub fn update(&mut self, action: Action) -> Vec<Effect> {
        if action.is_from_outside() {
            // Background results and front ends' notices: no key was pressed, so the
            // message stays and a deferred detail stays deferred.
            self.update_background(action);
            self.sync();
            return std::mem::take(&mut self.effects);
        }
        if !matches!(
            action,
            Action::Up
                | Action::Down
                | Action::PageUp
                | Action::PageDown
                | Action::Home
                | Action::End
                | Action::Scroll { .. }
        ) {
            // Anything but more movement acts on the selected record, so catch the detail up.
            self.detail_deferred = false;
        }
        if !matches!(action, Action::Resize { .. } | Action::Settle) {
            self.message = None;
        }
        match self.overlay {
            Overlay::Help { .. } | Overlay::Notice { .. } | Overlay::Message(_) => {
                self.update_scroll_overlay(action)
            }
            Overlay::Filter { .. } => self.update_filter(action),
            Overlay::Search(_) => self.update_search(action),
            Overlay::Columns(_) => self.update_chooser(action),
            Overlay::Note { .. } => self.update_note(action),
            Overlay::Tags(_) => self.update_tags(action),
            Overlay::ViewName { .. } => self.update_view_name(action),
            Overlay::Views { .. } => self.update_views(action),
            Overlay::None => self.update_normal(action),
        }
        self.sync();
        if self.quit {
            self.flush_seen();
        }
        std::mem::take(&mut self.effects)
    }

    fn update_normal(&mut self, action: Action) {
        let handled = match self.tab() {
            Some(Tab::Map) => self.update_map(&action),
            Some(Tab::Briefing) => self.update_briefing(&action),
            Some(Tab::Trends) => self.update_trends(&action),
            _ => false,
        };
        if handled {
            return;
        }
        match action {
            Action::Quit => self.quit = true,
            Action::GoTab(t) => self.go_tab(t),
            Action::NextTab | Action::PrevTab => {
                let i = self.tab().map_or(0, Tab::index);
                let n = Tab::ALL.len();
                let next = if action == Action::NextTab {
                    (i + 1) % n
                } else {
                    (i + n - 1) % n
                };
                self.go_tab(Tab::ALL[next]);
            }
            Action::Up => self.move_by(-1),
            Action::Down => self.move_by(1),
            Action::PageUp => self.move_by(-(self.page() as isize)),
            Action::PageDown => self.move_by(self.page() as isize),
            Action::Home => self.move_by(isize::MIN / 2),
            Action::End => self.move_by(isize::MAX / 2),
            Action::Enter => self.enter(),
            Action::FocusDetail => {
                if self.current().is_some() && !self.detail.focused {
                    self.detail.focused = true;
                }
            }
            Action::FocusList | Action::Cancel => {
                if matches!(self.screen, Screen::Report(_)) {
                    self.back();
                } else {
                    self.detail.focused = false;
                }
            }
            Action::Back => self.back(),
            Action::Forward => self.forward(),
            Action::OpenSearch => {
                self.overlay = Overlay::Search(Box::default());
            }
            Action::OpenFilter => {
                // Ends with a space (when not empty) so that typing adds a term.
                let mut input = self.filters.to_line();
                if !input.is_empty() {
                    input.push(' ');
                }
                self.overlay = Overlay::Filter { input, error: None }
            }
            Action::ClearFilters => {
                // The workspace's marked and noted sets are not a filter: they stay.
                self.filters = Filters {
                    records: self.filters.records.take(),
                    release: self.filters.release.take(),
                    ..Filters::default()
                };
                self.rebuild_rows();
                self.message = Some("filters cleared".into());
            }
            Action::CycleSort => {
                if let Some(t) = self.tab()
                    && !self.cycle_column_sort(t)
                {
                    let keys = ListView::sort_keys(t);
                    let list = self.list_mut(t);
                    let i = keys.iter().position(|k| *k == list.sort).unwrap_or(0);
                    list.sort = keys[(i + 1) % keys.len()];
                    list.descending = list.sort != super::lists::SortKey::Name
                        || !matches!(t, Tab::Incidents | Tab::Briefing);
                    self.rebuild_rows();
                }
            }
            Action::ReverseSort => {
                if let Some(t) = self.tab() {
                    let list = self.list_mut(t);
                    list.descending = !list.descending;
                    self.rebuild_rows();
                    if !super::columns::available(t).is_empty() {
                        self.save_columns(t);
                    }
                }
            }
            Action::ToggleMouse => {
                self.mouse = !self.mouse;
                self.message = Some(if self.mouse {
                    "mouse on (m to turn off and select text)".into()
                } else {
                    "mouse off: select text with the terminal as usual".into()
                });
            }
            Action::Help => self.overlay = Overlay::Help { scroll: 0 },
            Action::Click { column, row } => self.click(column, row),
            Action::Scroll { down, column, row } => {
                let areas = self.areas();
                let in_detail = areas
                    .detail
                    .is_some_and(|r| r.contains((column, row).into()));
                let step = if down { 3 } else { -3 };
                if in_detail {
                    self.scroll_detail(step);
                } else {
                    self.move_list(step);
                }
            }
            Action::Resize { width, height } => {
                self.width = width;
                self.height = height;
            }
            Action::Export => self.export_tab(),
            Action::CopyRecord => self.copy_record(),
            Action::CopyList => self.copy_list(),
            Action::OpenColumns => self.open_columns(),

            Action::ZoomIn
            | Action::ZoomOut
            | Action::ResetView
            | Action::Earlier
            | Action::Later => {
                self.message = Some("+ - [ ] 0 work on the briefing (4) and map (5) tabs".into())
            }
            Action::ToggleReconcile => {
                self.message = Some("R works on the briefing tab (4)".into())
            }
            Action::ToggleMark => self.toggle_mark(),
            Action::EditNote => self.open_note_editor(),
            Action::EditTags => self.open_tag_editor(),
            Action::SaveView => {
                self.overlay = Overlay::ViewName {
                    input: String::new(),
                }
            }
            Action::OpenViews => self.open_views(),
            Action::OpenView(name) => self.open_view_named(&name),
            Action::ToggleMeasure
            | Action::CycleEvery
            | Action::CycleSplit
            | Action::CycleRows
            | Action::ToggleChanges => {
                self.message = Some("i w d r C work on the trends tab (6)".into())
            }
            Action::SearchResults(_)
            | Action::IndexReady(_)
            | Action::MatchesReady(_)
            | Action::Rebase { .. }
            | Action::Notice(_)
            | Action::Exported(_)
            | Action::Settle
            | Action::ToggleColumn
            | Action::MoveColumnUp
            | Action::MoveColumnDown
            | Action::RemoveTag
            | Action::TypeChar(_)
            | Action::DeleteChar
            | Action::ClearInput
            | Action::Submit => {}
        }
    }

    /// Brings derived state up to date: scroll positions and the detail's cached text.
    pub fn sync(&mut self) {
        let areas = self.areas();
        if let (Some(t), Some(r)) = (self.tab(), areas.list) {
            let h = r.height.saturating_sub(3) as usize;
            self.list_mut(t).scroll_into_view(h);
            if t == Tab::Incidents {
                self.note_shown(h);
            }
        }
        if self.detail_deferred {
            return;
        }
        let width = areas
            .detail
            .map_or(40, |r| r.width.saturating_sub(2) as usize);
        match self.tab() {
            Some(Tab::Map) => {
                self.refresh_map();
                return;
            }
            Some(Tab::Trends) => {
                self.refresh_trends();
                return;
            }
            Some(Tab::Briefing) => {
                let before = self.briefing.key;
                self.refresh_briefing();
                let stale = before != self.briefing.key
                    || !self.detail.shows_briefing
                    || self.detail.doc.width != width.max(10);
                if stale {
                    self.detail.shows_briefing = true;
                    let doc = match (&self.briefing.built, &self.matches.built) {
                        (_, Some(m)) if self.briefing.reconcile => {
                            panes::reconcile::doc(&self.store, m, width, &self.theme)
                        }
                        (Some(b), _) => panes::brief::doc(b, width, &self.theme),
                        (None, _) => Doc::new(width),
                    };
                    self.detail.replace(doc, before == self.briefing.key);
                }
                self.detail.key = None;
                return;
            }
            _ => {}
        }
        if self.detail.shows_briefing {
            self.detail.shows_briefing = false;
            self.detail.key = None;
        }
        let key = self.current().map(|e| (e, width));
        if key != self.detail.key {
            let same_record = key.map(|k| k.0) == self.detail.key.map(|k| k.0);
            let doc = match key {
                Some((e, w)) => {
                    let mut doc = panes::detail(&self.store, &self.theme, e, w);
                    self.add_match_lines(&mut doc, e, w);
                    self.add_release_lines(&mut doc, e, w);
                    self.add_workspace_lines(&mut doc, e, w);
                    doc
                }
                None => Doc::new(width),
            };
            self.detail.replace(doc, same_record);
            self.detail.key = key;
        }
    }
}
