//! The browser's state and the one place it changes: `App::update(Action)`.
//! Drawing (render.rs) only reads this state.

use std::sync::Arc;

use super::action::Action;
use super::filters::Filters;
use super::keys::InputMode;
use super::layout::{Areas, layout};
use super::lists::{FilteredActivity, ListView};
use super::panes;
use super::search_overlay::{SearchOverlay, SearchState};
use super::theme::Theme;
use super::widgets::Doc;
use crate::store::{EntityRef, Ix, Store};

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Tab {
    Incidents,
    Actors,
    Towns,
}

impl Tab {
    pub const ALL: [Tab; 3] = [Tab::Incidents, Tab::Actors, Tab::Towns];

    pub fn index(self) -> usize {
        match self {
            Tab::Incidents => 0,
            Tab::Actors => 1,
            Tab::Towns => 2,
        }
    }

    pub fn title(self) -> &'static str {
        match self {
            Tab::Incidents => "Incidents",
            Tab::Actors => "Actors",
            Tab::Towns => "Towns",
        }
    }

    fn of(e: EntityRef) -> Option<(Tab, Ix)> {
        match e {
            EntityRef::Incident(i) => Some((Tab::Incidents, i)),
            EntityRef::Actor(i) => Some((Tab::Actors, i)),
            EntityRef::Town(i) => Some((Tab::Towns, i)),
            EntityRef::Report(_) => None,
        }
    }

    fn entity(self, ix: Ix) -> EntityRef {
        match self {
            Tab::Incidents => EntityRef::Incident(ix),
            Tab::Actors => EntityRef::Actor(ix),
            Tab::Towns => EntityRef::Town(ix),
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
}

/// The detail pane: focus, scroll, link cursor and the cached text of the current record.
pub struct Detail {
    pub focused: bool,
    pub scroll: usize,
    pub link: usize,
    pub doc: Doc,
    key: Option<(EntityRef, usize)>,
}

pub struct App {
    pub store: Arc<Store>,
    pub theme: Theme,
    pub width: u16,
    pub height: u16,
    pub screen: Screen,
    pub lists: [ListView; 3],
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
    /// Set by `update` when the screen must be redrawn.
    pub dirty: bool,
    /// When set, moving through a list leaves the detail as it was until `settle` is called
    /// (the event loop calls it once keys stop arriving). Scrolling a list then sends only the
    /// rows that changed, not a whole new detail per key: what a slow SSH link needs.
    pub lazy_detail: bool,
    detail_deferred: bool,
    /// The search index and background searcher (overlay and list filters).
    pub search: SearchState,
}

impl App {
    /// A browser over `store`, with the search index built before it returns. The terminal
    /// front end uses [`App::with_search`] to build it in the background instead.
    pub fn new(store: Arc<Store>, theme: Theme, width: u16, height: u16) -> App {
        let search = SearchState::build_now(&store);
        App::with_search(store, theme, width, height, search)
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
            },
            history: Vec::new(),
            history_pos: 0,
            overlay,
            mouse: true,
            quit: false,
            message: None,
            dirty: true,
            lazy_detail: false,
            detail_deferred: false,
            search,
        };
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
            Overlay::Help { .. } | Overlay::Notice { .. } => InputMode::Overlay,
            Overlay::Filter { .. } | Overlay::Search(_) => InputMode::Text,
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

    fn list_mut(&mut self, tab: Tab) -> &mut ListView {
        &mut self.lists[tab.index()]
    }

    /// The record the detail pane shows.
    pub fn current(&self) -> Option<EntityRef> {
        match self.screen {
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

    pub fn update(&mut self, action: Action) {
        self.dirty = true;
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
        if !matches!(action, Action::Resize { .. } | Action::SearchResults) {
            self.message = None;
        }
        match self.overlay {
            Overlay::Help { .. } | Overlay::Notice { .. } => self.update_scroll_overlay(action),
            Overlay::Filter { .. } => self.update_filter(action),
            Overlay::Search(_) => self.update_search(action),
            Overlay::None => self.update_normal(action),
        }
        self.sync();
    }

    fn update_normal(&mut self, action: Action) {
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
                self.overlay = Overlay::Filter {
                    input: self.filters.to_line(),
                    error: None,
                }
            }
            Action::ClearFilters => {
                self.filters = Filters::default();
                self.rebuild_rows();
                self.message = Some("filters cleared".into());
            }
            Action::CycleSort => {
                if let Some(t) = self.tab() {
                    let keys = ListView::sort_keys(t);
                    let list = self.list_mut(t);
                    let i = keys.iter().position(|k| *k == list.sort).unwrap_or(0);
                    list.sort = keys[(i + 1) % keys.len()];
                    list.descending =
                        list.sort != super::lists::SortKey::Name || t != Tab::Incidents;
                    self.rebuild_rows();
                }
            }
            Action::ReverseSort => {
                if let Some(t) = self.tab() {
                    let list = self.list_mut(t);
                    list.descending = !list.descending;
                    self.rebuild_rows();
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
            Action::SearchResults
            | Action::TypeChar(_)
            | Action::DeleteChar
            | Action::ClearInput
            | Action::Submit => {}
        }
    }

    fn page(&self) -> usize {
        let a = self.areas();
        let h = if self.detail.focused {
            a.detail
        } else {
            a.list
        }
        .map_or(10, |r| r.height.saturating_sub(3) as usize);
        h.max(1)
    }

    fn move_by(&mut self, delta: isize) {
        if self.detail.focused || matches!(self.screen, Screen::Report(_)) {
            self.move_link(delta);
        } else {
            self.move_list(delta);
        }
    }

    fn move_list(&mut self, delta: isize) {
        let Some(t) = self.tab() else {
            self.scroll_detail(delta);
            return;
        };
        let list = self.list_mut(t);
        let target = (list.selected as isize).saturating_add(delta).max(0) as usize;
        list.select(target);
        self.detail_deferred = self.lazy_detail;
    }

    /// Whether the detail is waiting for `settle`.
    pub fn detail_deferred(&self) -> bool {
        self.detail_deferred
    }

    /// Brings a deferred detail up to date with the selection.
    pub fn settle(&mut self) {
        if self.detail_deferred {
            self.detail_deferred = false;
            self.dirty = true;
            self.sync();
        }
    }

    /// In a detail, Up/Down step through links; where there are none, they scroll.
    fn move_link(&mut self, delta: isize) {
        let n = self.detail.doc.links.len();
        if n == 0 || delta.unsigned_abs() > 1 {
            self.scroll_detail(delta);
            if n > 0 {
                // Keep the link cursor on a link that is visible after a page jump.
                let top = self.detail.scroll;
                if let Some(i) = self.detail.doc.links.iter().position(|(l, _)| *l >= top) {
                    self.detail.link = i;
                }
            }
            return;
        }
        let next = (self.detail.link as isize + delta).clamp(0, n as isize - 1) as usize;
        self.detail.link = next;
        let line = self.detail.doc.links[next].0;
        let h = self.detail_height();
        if line < self.detail.scroll {
            self.detail.scroll = line.saturating_sub(1);
        } else if line >= self.detail.scroll + h {
            self.detail.scroll = line + 1 - h;
        }
    }

    fn detail_height(&self) -> usize {
        self.areas()
            .detail
            .map_or(10, |r| r.height.saturating_sub(2) as usize)
            .max(1)
    }

    fn scroll_detail(&mut self, delta: isize) {
        let max = self
            .detail
            .doc
            .lines
            .len()
            .saturating_sub(self.detail_height());
        let s = (self.detail.scroll as isize).saturating_add(delta).max(0) as usize;
        self.detail.scroll = s.min(max);
    }

    fn enter(&mut self) {
        if self.detail.focused || matches!(self.screen, Screen::Report(_)) {
            match self.detail.doc.links.get(self.detail.link) {
                Some(&(_, target)) => self.follow(target),
                None => self.message = Some("no link here".into()),
            }
        } else if self.current().is_some() {
            // Opening a row is a step in history, so Back returns to the list.
            self.detail.focused = true;
            self.push_history();
        }
    }

    fn go_tab(&mut self, t: Tab) {
        if self.screen != Screen::List(t) {
            self.screen = Screen::List(t);
            self.detail.focused = false;
            self.push_history();
        }
    }

    /// Goes to a record (in its tab, or the report reader) as a new step in history.
    pub fn follow(&mut self, target: EntityRef) {
        match Tab::of(target) {
            Some((tab, ix)) => {
                self.screen = Screen::List(tab);
                let list = self.list_mut(tab);
                list.select_record(ix);
                list.pinned = Some(ix);
            }
            None => {
                if let EntityRef::Report(r) = target {
                    self.screen = Screen::Report(r);
                }
            }
        }
        self.detail.focused = true;
        self.detail.key = None;
        self.push_history();
    }

    fn push_history(&mut self) {
        self.sync();
        let loc = self.location();
        if self.history.get(self.history_pos) == Some(&loc) {
            return;
        }
        self.history.truncate(self.history_pos + 1);
        self.history.push(loc);
        // Bounded so a long session cannot grow memory without end.
        const MAX_HISTORY: usize = 500;
        if self.history.len() > MAX_HISTORY {
            self.history.remove(0);
        }
        self.history_pos = self.history.len() - 1;
    }

    fn back(&mut self) {
        if self.history_pos == 0 {
            self.message = Some("at the start of history".into());
            return;
        }
        self.history_pos -= 1;
        self.restore(self.history[self.history_pos]);
    }

    fn forward(&mut self) {
        if self.history_pos + 1 >= self.history.len() {
            self.message = Some("at the end of history".into());
            return;
        }
        self.history_pos += 1;
        self.restore(self.history[self.history_pos]);
    }

    fn restore(&mut self, loc: Location) {
        self.screen = loc.screen;
        self.detail.focused = loc.detail;
        if let Some((tab, ix)) = loc.record.and_then(Tab::of) {
            let list = self.list_mut(tab);
            let found = list.select_record(ix);
            list.pinned = (!found || loc.detail).then_some(ix);
        }
        self.detail.key = None;
    }

    fn click(&mut self, column: u16, row: u16) {
        let areas = self.areas();
        if let Some(t) = super::render::tab_at(self, column, row) {
            self.go_tab(t);
            return;
        }
        if let (Some(list), Some(t)) = (areas.list, self.tab())
            && list.contains((column, row).into())
        {
            // Rows start below the border and the header line.
            let first = list.y + 2;
            if row >= first && row < list.bottom().saturating_sub(1) {
                let l = self.list_mut(t);
                let index = l.offset + (row - first) as usize;
                if index < l.rows.len() {
                    let again = index == l.selected && l.pinned.is_none();
                    l.select(index);
                    self.detail.focused = false;
                    if again {
                        self.enter();
                    }
                }
            }
            return;
        }
        if let Some(detail) = areas.detail
            && detail.contains((column, row).into())
        {
            let line = self.detail.scroll + row.saturating_sub(detail.y + 1) as usize;
            self.detail.focused = true;
            if let Some(i) = self.detail.doc.links.iter().position(|(l, _)| *l == line) {
                self.detail.link = i;
                self.enter();
            }
        }
    }

    /// Brings derived state up to date: scroll positions and the detail's cached text.
    pub fn sync(&mut self) {
        let areas = self.areas();
        if let (Some(t), Some(r)) = (self.tab(), areas.list) {
            let h = r.height.saturating_sub(3) as usize;
            self.list_mut(t).scroll_into_view(h);
        }
        if self.detail_deferred {
            return;
        }
        let width = areas
            .detail
            .map_or(40, |r| r.width.saturating_sub(2) as usize);
        let key = self.current().map(|e| (e, width));
        if key != self.detail.key {
            let same_record = key.map(|k| k.0) == self.detail.key.map(|k| k.0);
            self.detail.doc = match key {
                Some((e, w)) => panes::detail(self, e, w),
                None => Doc::new(width),
            };
            if !same_record {
                self.detail.scroll = 0;
                self.detail.link = 0;
            }
            self.detail.link = self
                .detail
                .link
                .min(self.detail.doc.links.len().saturating_sub(1));
            self.detail.key = key;
        }
    }
}
