//! The briefing tab's share of `App::update`: its period keys, the incident sets its figures
//! open, and the export key. Its state is in briefing_view.rs, its drawing in panes/brief.rs.

use chrono::Days;

use super::action::Action;
use super::app::App;
use super::briefing_view::PERIODS;
use super::nav::{Screen, Tab};
use crate::brief::{self, Period};
use crate::search::filters::{Filters, IncidentFilter, IncidentSet};
use crate::store::EntityRef;
use crate::store::export::ExportFormat;

use super::effect::{Contents, Effect, FileWrite};
use super::widgets::Link;

impl App {
    /// The period the briefing tab shows: the filter's since/until when given, else the
    /// tab's own period (the last 7 days up to the newest incident by default).
    pub fn briefing_period(&self) -> Period {
        let newest = self
            .store
            .newest_date()
            .unwrap_or_else(|| chrono::Utc::now().date_naive());
        match (self.filters.since, self.filters.until) {
            (Some(s), Some(u)) if s <= u => Period::new(s, u),
            (Some(s), None) => Period::new(s, newest.max(s)),
            (None, Some(u)) => Period::new(u - Days::new(self.briefing.days() as u64 - 1), u),
            _ => {
                let until = self.briefing.until.unwrap_or(newest);
                Period::new(until - Days::new(self.briefing.days() as u64 - 1), until)
            }
        }
    }

    /// Builds the briefing when its period or the filters changed. The filters other than
    /// dates and words scope it (country, town, actor, type, min).
    pub fn refresh_briefing(&mut self) {
        let period = self.briefing_period();
        let key = (period, self.rows_gen);
        if self.briefing.key == Some(key) {
            return;
        }
        let scope_filters = Filters {
            since: None,
            until: None,
            text: String::new(),
            set: None,
            ..self.filters.clone()
        };
        let filter = IncidentFilter::new(&self.store, &scope_filters);
        let label = match scope_filters.to_line() {
            l if l.is_empty() => "all incidents".to_string(),
            l => format!("incidents matching {l}"),
        };
        let mut b = brief::build_with(&self.store, period, label, &|i| filter.accepts(i));
        if let Some(m) = &self.matches.built {
            brief::datasets::annotate(&mut b, &self.store, m);
        }
        self.briefing.built = Some(b);
        self.briefing.key = Some(key);
    }

    /// Briefing-tab keys; returns false for those the generic handling takes.
    pub(super) fn update_briefing(&mut self, action: &Action) -> bool {
        match action {
            Action::ZoomIn | Action::ZoomOut => {
                let days = self.briefing.days();
                let i = PERIODS.iter().position(|&p| p >= days).unwrap_or(0);
                let next = if *action == Action::ZoomIn {
                    PERIODS[(i + 1).min(PERIODS.len() - 1)]
                } else {
                    PERIODS[i.saturating_sub(1)]
                };
                self.briefing.days = next;
                self.message = Some(format!("briefing over {next} days"));
            }
            Action::Earlier | Action::Later => {
                let p = self.briefing_period();
                let step = Days::new(p.days as u64);
                let until = if *action == Action::Earlier {
                    p.until - step
                } else {
                    p.until + step
                };
                let newest = self.store.newest_date().unwrap_or(until);
                self.briefing.until = (until < newest).then_some(until);
                if self.filters.since.is_some() || self.filters.until.is_some() {
                    self.message = Some("the filter's since:/until: set the period".into());
                }
            }
            Action::ToggleReconcile => {
                if self.matches.built.as_ref().is_some_and(|m| !m.is_empty()) {
                    self.briefing.reconcile = !self.briefing.reconcile;
                    self.detail.shows_briefing = false;
                    self.detail.scroll = 0;
                    self.detail.link = 0;
                } else if self.matches.pending() {
                    self.message = Some("still matching the datasets: try again shortly".into());
                } else {
                    self.message =
                        Some("reconcile needs two datasets: open with --store A --store B".into());
                }
            }
            Action::ResetView => {
                self.briefing.days = 0;
                self.briefing.until = None;
                self.message = Some(format!("briefing: last {} days", self.briefing.days()));
            }
            Action::Enter if !self.detail.focused => {
                match self.list(Tab::Briefing).selected_record() {
                    Some(r) => self.follow(EntityRef::Report(r)),
                    None => self.message = Some("no report selected".into()),
                }
            }
            _ => return false,
        }
        self.detail.scroll = 0;
        true
    }

    /// Opens the incidents behind a briefing figure as a filtered incident list.
    pub fn show_incidents(&mut self, set: IncidentSet) {
        let n = set.ixs.len();
        let label = set.label.clone();
        self.filters.set = Some(set);
        self.rebuild_rows();
        self.screen = Screen::List(Tab::Incidents);
        self.detail.focused = false;
        self.push_history();
        self.message = Some(format!("{n} incident(s): {label} (x clears)"));
    }

    /// `e`: what the tab shows as a new CSV file for the front end to write (in the working
    /// directory, never over an existing file): the incidents list, the actors or towns
    /// table with its shown columns, the incidents of the selected briefing line.
    pub(super) fn export_tab(&mut self) {
        let effect = match self.tab() {
            Some(tab @ (Tab::Actors | Tab::Towns)) => {
                let store = self.store.clone();
                let list = self.list(tab);
                let rows = {
                    let cells = self.cells(tab, &store);
                    super::columns::table(&cells, &list.columns, &list.rows)
                };
                Effect::WriteFile(FileWrite {
                    stem: if tab == Tab::Actors {
                        "sitrep-actors"
                    } else {
                        "sitrep-towns"
                    },
                    what: format!("{} {}", list.rows.len(), tab.title().to_lowercase()),
                    contents: Contents::Table { rows },
                })
            }
            Some(Tab::Briefing) => {
                let link = self.detail.doc.links.get(self.detail.link);
                match link.map(|(_, l)| l) {
                    Some(Link::Incidents(set)) if self.detail.focused => {
                        Effect::WriteFile(FileWrite {
                            stem: "sitrep-briefing",
                            what: format!("{} incident(s) of {}", set.ixs.len(), set.label),
                            contents: Contents::Incidents {
                                store: self.store.clone(),
                                rows: set.ixs.to_vec(),
                                format: ExportFormat::Csv,
                            },
                        })
                    }
                    _ => {
                        self.message = Some(
                            "e exports the incidents of the selected briefing line: \
                             choose one with Up/Down"
                                .into(),
                        );
                        return;
                    }
                }
            }
            _ => self.export_list(),
        };
        self.effects.push(effect);
    }

    /// The incidents list as it stands (filters and sort), as a new CSV file for the front
    /// end to write in the working directory, never over an existing one.
    pub fn export_list(&self) -> Effect {
        let rows = self.list(Tab::Incidents).rows.clone();
        Effect::WriteFile(FileWrite {
            stem: "sitrep-export",
            what: format!("{} incident(s)", rows.len()),
            contents: Contents::Incidents {
                store: self.store.clone(),
                rows,
                format: ExportFormat::Csv,
            },
        })
    }
}
