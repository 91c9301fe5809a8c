//! Moving through the browser: the selection, the detail's links and scroll, following a
//! link, and mouse clicks. Part of `App::update`; split from app.rs to keep each file to one
//! concern.

use super::app::App;
use super::layout::tab_at;
use super::nav::{Screen, Tab};
use super::widgets::Link;
use crate::store::EntityRef;

impl App {
    pub(super) fn page(&self) -> usize {
        let a = self.areas();
        let h = if self.detail.focused {
            a.detail
        } else {
            a.list
        }
        .map_or(10, |r| r.height.saturating_sub(3) as usize);
        h.max(1)
    }

    pub(super) fn move_by(&mut self, delta: isize) {
        if self.detail.focused || matches!(self.screen, Screen::Report(_)) {
            self.move_link(delta);
        } else {
            self.move_list(delta);
        }
    }

    pub(super) fn move_list(&mut self, delta: isize) {
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

    /// In a detail, Up/Down step through links; where there are none, they scroll.
    pub(super) fn move_link(&mut self, delta: isize) {
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

    pub(super) fn detail_height(&self) -> usize {
        self.areas()
            .detail
            .map_or(10, |r| r.height.saturating_sub(2) as usize)
            .max(1)
    }

    pub(super) fn scroll_detail(&mut self, delta: isize) {
        let max = self
            .detail
            .doc
            .lines
            .len()
            .saturating_sub(self.detail_height());
        let s = (self.detail.scroll as isize).saturating_add(delta).max(0) as usize;
        self.detail.scroll = s.min(max);
    }

    pub(super) fn enter(&mut self) {
        if self.detail.focused || matches!(self.screen, Screen::Report(_)) {
            match self.detail.doc.links.get(self.detail.link).cloned() {
                Some((_, Link::Record(target))) => self.follow(target),
                Some((_, Link::Incidents(set))) => self.show_incidents(set),
                None => self.message = Some("no link here".into()),
            }
        } else if self.current().is_some() {
            // Opening a row is a step in history, so Back returns to the list.
            self.detail.focused = true;
            self.push_history();
        }
    }

    pub(super) fn go_tab(&mut self, t: Tab) {
        if self.screen != Screen::List(t) {
            self.screen = Screen::List(t);
            // The briefing is the tab's main text: it has the keyboard first.
            self.detail.focused = t == Tab::Briefing;
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

    pub(super) fn click(&mut self, column: u16, row: u16) {
        let areas = self.areas();
        if let Some(t) = tab_at(&areas, column, row) {
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
}
