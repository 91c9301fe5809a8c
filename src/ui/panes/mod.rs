//! One file per pane: how a row of its list reads and what its detail shows.

pub mod actors;
pub mod brief;
pub mod incidents;
pub mod incidents_link;
pub mod map;
pub mod reconcile;
pub mod report;
pub mod towns;
pub mod trends;

use super::theme::Theme;
use super::widgets::Doc;
use crate::model::Actor;
use crate::store::{EntityRef, Store};

/// The detail text of any record.
pub fn detail(store: &Store, theme: &Theme, e: EntityRef, width: usize) -> Doc {
    match e {
        EntityRef::Incident(i) => incidents::detail(store, theme, i, width),
        EntityRef::Actor(i) => actors::detail(store, theme, i, width),
        EntityRef::Town(i) => towns::detail(store, theme, i, width),
        EntityRef::Report(i) => report::detail(store, theme, i, width),
    }
}

/// A short name for tight columns: an acronym alias when the name is long.
pub fn short_name(actor: &Actor) -> &str {
    if actor.name.chars().count() <= 18 {
        return &actor.name;
    }
    actor
        .aliases
        .iter()
        .filter(|a| a.len() <= 10 && a.chars().filter(|c| c.is_uppercase()).count() >= 2)
        .min_by_key(|a| a.len())
        .map_or(actor.name.as_str(), |a| a.as_str())
}

/// Great-circle distance in km.
pub fn distance_km(a: (f64, f64), b: (f64, f64)) -> f64 {
    let (lat1, lon1) = (a.0.to_radians(), a.1.to_radians());
    let (lat2, lon2) = (b.0.to_radians(), b.1.to_radians());
    let h = ((lat2 - lat1) / 2.0).sin().powi(2)
        + lat1.cos() * lat2.cos() * ((lon2 - lon1) / 2.0).sin().powi(2);
    2.0 * 6371.0 * h.sqrt().asin()
}

/// How many linked incidents a detail lists.
pub const RECENT: usize = 12;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn distance_kayes_to_bamako_is_about_500_km() {
        let d = distance_km((14.4469, -11.4456), (12.6392, -8.0029));
        assert!((390.0..=460.0).contains(&d), "{d}");
    }
}
