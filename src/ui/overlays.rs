//! How the overlays (help, load notice, filter line, search) take actions, and picking up
//! background search work. Part of `App::update`; split from app.rs to keep each file to
//! one concern.

use super::action::Action;
use super::app::{App, Overlay};
use super::filters::Filters;

impl App {
    pub(super) fn update_scroll_overlay(&mut self, action: Action) {
        let max = match self.overlay {
            Overlay::Help { .. } => super::render::help_max_scroll(self),
            _ => super::render::notice_max_scroll(self),
        };
        let scroll = match &mut self.overlay {
            Overlay::Help { scroll } | Overlay::Notice { scroll } => scroll,
            _ => return,
        };
        match action {
            Action::Up => *scroll = scroll.saturating_sub(1),
            Action::Down => *scroll = (*scroll + 1).min(max),
            Action::PageUp => *scroll = scroll.saturating_sub(10),
            Action::PageDown => *scroll = (*scroll + 10).min(max),
            Action::Quit => self.quit = true,
            Action::Resize { width, height } => {
                self.width = width;
                self.height = height;
            }
            Action::Cancel | Action::Click { .. } | Action::Submit | Action::Enter => {
                self.overlay = Overlay::None
            }
            _ => {}
        }
    }

    pub(super) fn update_filter(&mut self, action: Action) {
        let Overlay::Filter { input, error } = &mut self.overlay else {
            return;
        };
        match action {
            Action::TypeChar(c) => {
                super::search_overlay::push_bounded(input, c);
            }
            Action::DeleteChar => {
                input.pop();
            }
            Action::ClearInput => input.clear(),
            Action::Cancel => self.overlay = Overlay::None,
            Action::Quit => self.quit = true,
            Action::Submit => match Filters::parse(input) {
                // A scope term that names nothing says so, with names to type instead.
                Ok(f) if let Err(e) = f.check(&self.store) => *error = Some(e.as_filter_line()),
                Ok(mut f) => {
                    // A briefing's incident set is not typed; it stays until x clears all.
                    f.set = self.filters.set.take();
                    self.filters = f;
                    self.overlay = Overlay::None;
                    self.rebuild_rows();
                }
                Err(e) => *error = Some(e),
            },
            Action::Resize { width, height } => {
                self.width = width;
                self.height = height;
            }
            _ => {}
        }
    }

    pub(super) fn update_search(&mut self, action: Action) {
        let Overlay::Search(search) = &mut self.overlay else {
            return;
        };
        match action {
            Action::Cancel => self.overlay = Overlay::None,
            Action::Quit => self.quit = true,
            Action::Submit => {
                if let Some(target) = search.selected() {
                    self.overlay = Overlay::None;
                    self.follow(target);
                }
            }
            Action::Resize { width, height } => {
                self.width = width;
                self.height = height;
            }
            other => {
                search.update(&self.search, other);
                let rows = super::search_view::visible_rows(ratatui::layout::Rect::new(
                    0,
                    0,
                    self.width,
                    self.height,
                ));
                search.scroll_into_view(rows);
            }
        }
    }

    /// Picks up work finished in the background (the search index, search results).
    /// Returns true when the screen changed.
    pub fn poll_background(&mut self) -> bool {
        let mut changed = false;
        if self.search.poll_ready(&self.store) {
            changed = true;
            if let Overlay::Search(s) = &mut self.overlay {
                s.submit(&self.search);
            }
            if !self.filters.text.is_empty() {
                self.rebuild_rows();
            }
        }
        if let Overlay::Search(s) = &mut self.overlay
            && s.poll(&self.search)
        {
            changed = true;
        }
        if changed {
            self.dirty = true;
        }
        changed
    }

    /// Whether background work is under way that the loop should poll for soon.
    pub fn background_pending(&self) -> bool {
        !self.search.ready() || matches!(&self.overlay, Overlay::Search(s) if s.waiting)
    }
}
