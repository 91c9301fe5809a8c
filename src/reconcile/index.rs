//! Side B's records bucketed by date and grid cell, so that finding the candidates of a
//! record of A looks at the few records near it in time and space, never at all of B.
//!
//! Records are grouped in classes by how wide their window is and how far their point is
//! trusted; within a class, by the first day of their window and a grid cell as large as
//! the class's radius. A query visits, for each class, the days its window can reach and
//! the cells its distance can reach; when the cells outnumber a day's records (a record of
//! A placed only by its country) it reads that day's records instead.

use chrono::{Datelike, NaiveDate};
use rustc_hash::FxHashMap;

/// Upper bounds of the window-width classes, in days.
const WIDTHS: [i64; 7] = [0, 3, 7, 15, 31, 63, 127];

fn width_class(w: i64) -> usize {
    WIDTHS.iter().position(|&b| w <= b).unwrap_or(WIDTHS.len())
}

pub fn day_number(d: NaiveDate) -> i32 {
    d.num_days_from_ce()
}

/// Degrees of latitude per km.
const DEG_PER_KM: f64 = 1.0 / 111.2;

struct Class {
    /// The widest window in the class, in days.
    width: i64,
    radius_km: f64,
    cell_deg: f64,
    by_day: FxHashMap<i32, Vec<u32>>,
    by_cell: FxHashMap<(i32, i32, i32), Vec<u32>>,
}

impl Class {
    fn cell(&self, lat: f64, lon: f64) -> (i32, i32) {
        (
            (lat / self.cell_deg).floor() as i32,
            (lon / self.cell_deg).floor() as i32,
        )
    }
}

/// One record of B as the index needs it.
pub struct Item {
    pub start: NaiveDate,
    pub end: NaiveDate,
    pub lat: f64,
    pub lon: f64,
    pub radius_km: f64,
}

pub struct Index {
    classes: Vec<Class>,
}

impl Index {
    /// Indexes `items` (by their position); `None` items (no coordinates) are left out.
    pub fn build(items: &[Option<Item>]) -> Index {
        let mut classes: Vec<Class> = Vec::new();
        let mut which: FxHashMap<(usize, u64), usize> = FxHashMap::default();
        for (slot, it) in items.iter().enumerate() {
            let Some(it) = it else { continue };
            let w = (it.end - it.start).num_days();
            let key = (width_class(w), it.radius_km.to_bits());
            let c = *which.entry(key).or_insert_with(|| {
                classes.push(Class {
                    width: 0,
                    radius_km: it.radius_km,
                    cell_deg: it.radius_km.max(10.0) * DEG_PER_KM,
                    by_day: FxHashMap::default(),
                    by_cell: FxHashMap::default(),
                });
                classes.len() - 1
            });
            let class = &mut classes[c];
            class.width = class.width.max(w);
            let day = day_number(it.start);
            let (cy, cx) = class.cell(it.lat, it.lon);
            class.by_day.entry(day).or_default().push(slot as u32);
            class
                .by_cell
                .entry((day, cy, cx))
                .or_default()
                .push(slot as u32);
        }
        Index { classes }
    }

    /// Calls `f` with every record of B whose window may come within `gap` days of
    /// `start..=end` and whose point may lie within its radius plus `radius_km` of
    /// (`lat`, `lon`). Callers check each exactly; this only narrows.
    pub fn near(
        &self,
        (start, end): (NaiveDate, NaiveDate),
        gap: i64,
        (lat, lon): (f64, f64),
        radius_km: f64,
        mut f: impl FnMut(u32),
    ) {
        for class in &self.classes {
            let first = day_number(start) - (gap + class.width) as i32;
            let last = day_number(end) + gap as i32;
            let reach_km = radius_km + class.radius_km;
            let dlat = reach_km * DEG_PER_KM;
            let cos = lat.to_radians().cos().max(0.05);
            let dlon = (dlat / cos).min(180.0);
            let (y0, x0) = class.cell(lat - dlat, lon - dlon);
            let (y1, x1) = class.cell(lat + dlat, lon + dlon);
            let cells = (y1 - y0 + 1) as usize * (x1 - x0 + 1) as usize;
            for day in first..=last {
                let Some(all) = class.by_day.get(&day) else {
                    continue;
                };
                if cells >= all.len() {
                    all.iter().for_each(|&s| f(s));
                    continue;
                }
                for y in y0..=y1 {
                    for x in x0..=x1 {
                        if let Some(v) = class.by_cell.get(&(day, y, x)) {
                            v.iter().for_each(|&s| f(s));
                        }
                    }
                }
            }
        }
    }
}
