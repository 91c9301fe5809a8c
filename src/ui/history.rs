//! Back and forward through the places visited, like a web browser. Part of `App`; split
//! from app.rs to keep each file to one concern.

use super::app::App;
use super::nav::{Location, Tab};

impl App {
    pub(super) fn push_history(&mut self) {
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

    pub(super) fn back(&mut self) {
        if self.history_pos == 0 {
            self.message = Some("at the start of history".into());
            return;
        }
        self.history_pos -= 1;
        self.restore(self.history[self.history_pos]);
    }

    pub(super) fn forward(&mut self) {
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
}
