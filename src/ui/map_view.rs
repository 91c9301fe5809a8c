//! The map tab's view: what part of the world is in view, and the incident markers of the
//! current selection (the incidents list's filters), grouped by place. Plain state over the
//! store: `map.rs` holds the map's share of `App::update`, `panes/map.rs` the drawing.

use crate::store::{Ix, Store};
use crate::trend::compare::Expansion;

/// Incidents at one place.
#[derive(Clone, Debug, PartialEq)]
pub struct Marker {
    pub lon: f64,
    pub lat: f64,
    pub incidents: u32,
    pub fatalities: u64,
    pub town: Option<Ix>,
}

/// (west, south, east, north) in degrees.
pub type Bbox = (f64, f64, f64, f64);

/// Where the map looks when the selection has no coordinates: the Sahel.
pub const DEFAULT_EXTENT: Bbox = (-18.0, 9.0, 16.0, 25.0);

#[derive(Default)]
pub struct MapView {
    /// Centre chosen by panning; None = centred on the selection.
    pub center: Option<(f64, f64)>,
    /// Zoom steps from the fitted view (positive = closer).
    pub zoom: i32,
    pub markers: Vec<Marker>,
    /// Incidents of the selection placed no finer than admin1: not drawn as town markers.
    pub imprecise: usize,
    /// Extent of the markers, padded.
    pub extent: Option<Bbox>,
    /// Towns new to an actor in the change window of the filters (see
    /// `trend::compare::expanding`), marked and listed in their own style.
    pub expanding: Vec<Expansion>,
    /// The rows generation the markers were built from.
    built_for: Option<u64>,
}

impl MapView {
    /// Whether the markers were built from rows of this generation.
    pub fn is_built_for(&self, generation: u64) -> bool {
        self.built_for == Some(generation)
    }
}

impl MapView {
    /// Groups the incidents into markers by town (or by their own coordinates).
    pub fn rebuild(&mut self, store: &Store, rows: &[Ix], generation: u64) {
        if self.built_for == Some(generation) {
            return;
        }
        use std::collections::HashMap;
        let mut by_place: HashMap<(i64, i64, Option<Ix>), Marker> = HashMap::new();
        self.imprecise = 0;
        for &i in rows {
            let inc = store.incident(i);
            // A region's or country's centre is not where the event happened.
            if !inc.is_town_level() {
                self.imprecise += 1;
                continue;
            }
            let town = store.town_ix(&inc.town);
            let coords = town
                .and_then(|t| {
                    let t = store.town(t);
                    t.lon.zip(t.lat)
                })
                .or(inc.lon.zip(inc.lat));
            let Some((lon, lat)) = coords else { continue };
            if !(-180.0..=180.0).contains(&lon) || !(-90.0..=90.0).contains(&lat) {
                continue;
            }
            let key = ((lon * 100.0) as i64, (lat * 100.0) as i64, town);
            let m = by_place.entry(key).or_insert(Marker {
                lon,
                lat,
                incidents: 0,
                fatalities: 0,
                town,
            });
            m.incidents += 1;
            m.fatalities += inc.fatalities.best_or_zero();
        }
        let mut markers: Vec<Marker> = by_place.into_values().collect();
        self.finish(&mut markers, generation);
    }

    /// Orders the markers (busiest last, drawn on top) and takes their extent.
    fn finish(&mut self, markers: &mut Vec<Marker>, generation: u64) {
        markers.sort_by(|a, b| {
            (a.incidents, a.fatalities)
                .cmp(&(b.incidents, b.fatalities))
                .then(a.lon.total_cmp(&b.lon))
        });
        self.extent = markers.first().map(|m| {
            let b = markers.iter().fold((m.lon, m.lat, m.lon, m.lat), |b, m| {
                (
                    b.0.min(m.lon),
                    b.1.min(m.lat),
                    b.2.max(m.lon),
                    b.3.max(m.lat),
                )
            });
            // Pad, and never closer than about 2 degrees across.
            let pad_x = ((b.2 - b.0) * 0.1).max(1.0);
            let pad_y = ((b.3 - b.1) * 0.1).max(1.0);
            (b.0 - pad_x, b.1 - pad_y, b.2 + pad_x, b.3 + pad_y)
        });
        self.markers = std::mem::take(markers);
        self.built_for = Some(generation);
    }

    /// Markers straight from per-town activity (see `App::refresh_map`).
    pub fn from_towns(
        &mut self,
        store: &Store,
        activity: &[crate::store::Activity],
        imprecise: usize,
        generation: u64,
    ) {
        self.imprecise = imprecise;
        let mut markers: Vec<Marker> = store
            .towns
            .iter()
            .zip(activity)
            .enumerate()
            .filter(|(_, (_, a))| a.incidents > 0)
            .filter_map(|(i, (t, a))| {
                let (lon, lat) = t.lon.zip(t.lat)?;
                ((-180.0..=180.0).contains(&lon) && (-90.0..=90.0).contains(&lat)).then_some(
                    Marker {
                        lon,
                        lat,
                        incidents: a.incidents,
                        fatalities: a.fatalities.best,
                        town: Some(i as Ix),
                    },
                )
            })
            .collect();
        self.finish(&mut markers, generation);
    }

    /// The x (longitude) and y (latitude) bounds to draw in a `cols` x `rows` area, keeping
    /// places in proportion (a cell is about twice as tall as wide).
    pub fn bounds(&self, cols: u16, rows: u16) -> ([f64; 2], [f64; 2]) {
        let e = self.extent.unwrap_or(DEFAULT_EXTENT);
        let (cx, cy) = self
            .center
            .unwrap_or(((e.0 + e.2) / 2.0, (e.1 + e.3) / 2.0));
        let cols = cols.max(1) as f64;
        let rows = rows.max(1) as f64;
        // Degrees of longitude are shorter away from the equator.
        let shrink = cy.to_radians().cos().clamp(0.2, 1.0);
        let per_col = ((e.2 - e.0) / cols).max((e.3 - e.1) / (rows * 2.0) / shrink);
        let per_col = per_col * 0.5f64.powi(self.zoom);
        let half_w = per_col * cols / 2.0;
        let half_h = per_col * shrink * 2.0 * rows / 2.0;
        ([cx - half_w, cx + half_w], [cy - half_h, cy + half_h])
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bounds_keep_proportions_and_zoom_halves_the_span() {
        let mut v = MapView {
            extent: Some((-12.0, 12.0, -4.0, 16.0)),
            ..Default::default()
        };
        let ([x0, x1], [y0, y1]) = v.bounds(80, 20);
        assert!(x0 <= -12.0 && x1 >= -4.0 && y0 <= 12.0 && y1 >= 16.0);
        v.zoom = 1;
        let ([a0, a1], _) = v.bounds(80, 20);
        assert!(((a1 - a0) - (x1 - x0) / 2.0).abs() < 1e-9);
        // Degenerate sizes survive.
        let ([z0, z1], [w0, w1]) = v.bounds(0, 0);
        assert!(z0.is_finite() && z1.is_finite() && w0.is_finite() && w1.is_finite());
    }

    #[test]
    fn markers_group_by_town_and_sum_fatalities() {
        let store = Store::open(None).unwrap();
        let rows: Vec<Ix> = (0..store.incidents.len() as Ix).collect();
        let mut v = MapView::default();
        v.rebuild(&store, &rows, 1);
        let total: u32 = v.markers.iter().map(|m| m.incidents).sum();
        assert_eq!(total as usize, store.incidents.len());
        let fat: u64 = v.markers.iter().map(|m| m.fatalities).sum();
        assert_eq!(fat, store.total_fatalities().best);
        let e = v.extent.unwrap();
        assert!(
            e.0 < -11.4 && e.2 > 2.0,
            "extent covers Kayes to Niamey: {e:?}"
        );
    }
}
