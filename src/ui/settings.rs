//! What the configuration sets in the browser, as plain values: the cli reads the file
//! (`crate::config`) and hands this to the front ends; the ui never reads a file.

use std::sync::Arc;

use super::app::App;
use super::columns::ListColumns;
use super::keymap::Keymap;
use super::nav::Tab;
use super::theme::{Palette, Theme};

#[derive(Clone, Debug, Default)]
pub struct UiSettings {
    /// The key bindings in effect.
    pub keymap: Arc<Keymap>,
    /// The theme's colours (NO_COLOR still removes them).
    pub palette: Palette,
    /// Default columns and sort of the incidents, actors and towns lists (None: the
    /// list's own defaults).
    pub incidents: Option<ListColumns>,
    pub actors: Option<ListColumns>,
    pub towns: Option<ListColumns>,
    /// The briefing tab's default period in days (None: 7).
    pub briefing_days: Option<u32>,
}

impl UiSettings {
    pub fn list(&self, tab: Tab) -> Option<&ListColumns> {
        match tab {
            Tab::Incidents => self.incidents.as_ref(),
            Tab::Actors => self.actors.as_ref(),
            Tab::Towns => self.towns.as_ref(),
            _ => None,
        }
    }

    /// `theme` in this configuration's colours.
    pub fn theme(&self, theme: Theme) -> Theme {
        theme.with_palette(self.palette)
    }
}

impl App {
    /// Takes the configuration's bindings, colours, list columns and briefing period. Front
    /// ends call it once, before the workspace (whose saved choices come after).
    pub fn apply_settings(&mut self, settings: &UiSettings) {
        self.keymap = settings.keymap.clone();
        self.theme.palette = settings.palette;
        if let Some(days) = settings.briefing_days {
            self.briefing.default_days = days;
        }
        let mut state = self.columns_state();
        let mut any = false;
        for (tab, slot) in [
            (Tab::Incidents, &mut state.incidents),
            (Tab::Actors, &mut state.actors),
            (Tab::Towns, &mut state.towns),
        ] {
            if let Some(lc) = settings.list(tab) {
                *slot = lc.clone();
                any = true;
            }
        }
        if any {
            self.apply_columns_state(&state);
        }
        self.detail.key = None;
        self.sync();
    }
}
