//! The interactive browser (ratatui + crossterm).
//!
//! One keystroke's path: crossterm `Event` → `keys::map_key` → `Action` → `App::update`
//! (state) → `render::draw` (reads state) → one buffered write inside synchronized-update
//! escapes (`term::FrameWriter`).

pub mod action;
pub mod app;
mod bindings;
mod briefing;
pub mod briefing_view;
pub mod clipboard;
mod column_chooser;
mod column_widths;
pub mod columns;
mod columns_view;
pub mod copy;
pub mod effect;
pub mod event_loop;
mod history;
mod key;
pub mod keymap;
pub mod keys;
pub mod layout;
pub mod lists;
pub mod map;
pub mod map_view;
pub mod matches;
mod movement;
pub mod nav;
pub mod open_timings;
mod overlays;
pub mod panes;
mod rebase;
pub mod release;
pub mod render;
mod rows;
pub mod search_overlay;
mod search_view;
pub mod settings;
mod tags;
pub mod term;
pub mod theme;
mod trends;
pub mod trends_view;
pub mod widgets;
mod workspace;
pub mod workspace_state;
mod workspace_view;

pub use action::Action;
pub use app::App;
pub use term::{FrameWriter, Outcome, run_browser};
