//! The map tab's share of `App`: keeping the markers in step with the incidents list, and
//! the map's keys. The view itself is in map_view.rs, the drawing in panes/map.rs.

use super::action::Action;
use super::app::App;
use super::nav::Tab;
use crate::store::{EntityRef, Ix};

/// Zoom limits: from the whole world to a few kilometres.
const MIN_ZOOM: i32 = -6;
const MAX_ZOOM: i32 = 10;

impl App {
    /// Brings the map's markers up to date with the incidents list.
    pub fn refresh_map(&mut self) {
        if self.map.is_built_for(self.rows_gen) {
            return;
        }
        self.map.expanding = self.expansions();
        // Without free-text words the list's incidents are exactly those counted in the
        // per-town activity, so when every active town has coordinates the markers come
        // from the towns (hundreds) instead of a pass over the incidents (millions).
        let (activity, imprecise) = self.activity.as_ref().map_or(
            (&self.store.town_activity, self.store.imprecise_incidents),
            |a| (&a.towns, a.imprecise),
        );
        let towns_suffice = self.filters.text.trim().is_empty()
            && self
                .store
                .towns
                .iter()
                .zip(activity)
                .all(|(t, a)| a.incidents == 0 || (t.lon.is_some() && t.lat.is_some()))
            && activity.iter().map(|a| a.incidents as usize).sum::<usize>() + imprecise
                == self.lists[Tab::Incidents.index()].rows.len();
        if towns_suffice {
            self.map
                .from_towns(&self.store, activity, imprecise, self.rows_gen);
        } else {
            let rows = &self.lists[Tab::Incidents.index()].rows;
            self.map.rebuild(&self.store, rows, self.rows_gen);
        }
    }

    /// The map area's size in cells (inside its border).
    fn map_cells(&self) -> (u16, u16) {
        let a = self.areas();
        a.detail.or(a.list).map_or((80, 20), |r| {
            (r.width.saturating_sub(2), r.height.saturating_sub(3))
        })
    }

    /// Map-tab keys; returns false for those the generic handling takes.
    pub(super) fn update_map(&mut self, action: &Action) -> bool {
        let (cols, rows) = self.map_cells();
        let ([x0, x1], [y0, y1]) = self.map.bounds(cols, rows);
        let centre = ((x0 + x1) / 2.0, (y0 + y1) / 2.0);
        let (dx, dy) = ((x1 - x0) / 4.0, (y1 - y0) / 4.0);
        let pan = |c: (f64, f64), x: f64, y: f64| {
            Some(((c.0 + x).clamp(-180.0, 180.0), (c.1 + y).clamp(-85.0, 85.0)))
        };
        match action {
            Action::Up => self.map.center = pan(centre, 0.0, dy),
            Action::Down => self.map.center = pan(centre, 0.0, -dy),
            Action::FocusList => self.map.center = pan(centre, -dx, 0.0),
            Action::FocusDetail => self.map.center = pan(centre, dx, 0.0),
            Action::PageUp => self.map.center = pan(centre, 0.0, 2.0 * dy),
            Action::PageDown => self.map.center = pan(centre, 0.0, -2.0 * dy),
            Action::ZoomIn | Action::ZoomOut => {
                // Zoom about the current centre.
                self.map.center = Some(centre);
                let z = self.map.zoom + if *action == Action::ZoomIn { 1 } else { -1 };
                self.map.zoom = z.clamp(MIN_ZOOM, MAX_ZOOM);
            }
            Action::ResetView | Action::Home => {
                self.map.center = None;
                self.map.zoom = 0;
            }
            Action::Enter => match self.marker_near(centre, dx.max(dy) / 2.0) {
                Some(t) => self.follow(EntityRef::Town(t)),
                None => self.message = Some("no town near the centre (+)".into()),
            },
            _ => return false,
        }
        true
    }

    /// The town of the marker nearest `at`, within `radius` degrees.
    fn marker_near(&self, at: (f64, f64), radius: f64) -> Option<Ix> {
        self.map
            .markers
            .iter()
            .filter_map(|m| {
                let d = ((m.lon - at.0).powi(2) + (m.lat - at.1).powi(2)).sqrt();
                Some((d, m.town?))
            })
            .filter(|(d, _)| *d <= radius)
            .min_by(|a, b| a.0.total_cmp(&b.0))
            .map(|(_, t)| t)
    }
}
