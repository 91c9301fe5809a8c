//! sitrep: a terminal situation-report browser for conflict analysts.
//!
//! Layers, each depending only on those before it:
//! `model` (plain data) → `store` (load, validate, index) → `search`, `brief`, `trend`, `diff`, `watch` (pure queries)
//! → `ui` (state, actions, panes) and `ssh` (the browser served over SSH) → `cli` (the
//! command line).

pub mod borders;
pub mod brief;
pub mod cache;
pub mod calendar;
pub mod cli;
pub mod config;
pub mod diff;
pub mod model;
pub mod reconcile;
/// Builds the shipped sample store (`data/sample.json`); used by `examples/build_sample.rs`
/// and its test only. Nothing else in the crate depends on it.
#[doc(hidden)]
pub mod sample;
pub mod search;
pub mod ssh;
pub mod store;
pub mod text;
pub mod trend;
pub mod ui;
pub mod watch;
pub mod workspace;
