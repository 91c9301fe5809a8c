//! The `/` search overlay: a query box over ranked results of every kind.

use ratatui::layout::Rect;

use super::action::Action;
use crate::store::{EntityRef, Store};
use crate::text::fold;

pub struct SearchOverlay {
    pub query: String,
    pub results: Vec<EntityRef>,
    pub total: usize,
    pub selected: usize,
    pub offset: usize,
}

impl SearchOverlay {
    pub fn new(_store: &Store) -> SearchOverlay {
        SearchOverlay {
            query: String::new(),
            results: Vec::new(),
            total: 0,
            selected: 0,
            offset: 0,
        }
    }

    pub fn selected(&self) -> Option<EntityRef> {
        self.results.get(self.selected).copied()
    }

    pub fn update(&mut self, store: &Store, action: Action) {
        match action {
            Action::TypeChar(c) => {
                self.query.push(c);
                self.run(store);
            }
            Action::DeleteChar => {
                self.query.pop();
                self.run(store);
            }
            Action::ClearInput => {
                self.query.clear();
                self.run(store);
            }
            Action::Up => self.selected = self.selected.saturating_sub(1),
            Action::Down => {
                self.selected = (self.selected + 1).min(self.results.len().saturating_sub(1))
            }
            Action::PageUp => self.selected = self.selected.saturating_sub(10),
            Action::PageDown => {
                self.selected = (self.selected + 10).min(self.results.len().saturating_sub(1))
            }
            _ => {}
        }
    }

    fn run(&mut self, store: &Store) {
        let q = fold(self.query.trim());
        self.selected = 0;
        self.offset = 0;
        self.results.clear();
        if q.is_empty() {
            self.total = 0;
            return;
        }
        let mut hits: Vec<EntityRef> = store
            .name_table()
            .filter(|(name, _)| name.contains(&q))
            .flat_map(|(_, es)| es.iter().copied())
            .collect();
        hits.sort();
        hits.dedup();
        self.total = hits.len();
        self.results = hits;
    }

    pub fn scroll_into_view(&mut self, area: Rect) {
        let h = area.height.saturating_sub(4) as usize;
        if self.selected < self.offset {
            self.offset = self.selected;
        } else if h > 0 && self.selected >= self.offset + h {
            self.offset = self.selected + 1 - h;
        }
    }
}
