//! Side B's records bucketed by date and grid cell, so that finding the candidates of a
//! record of A looks at the few records near it in time and space, never at all of B.
//!
//! Records are grouped in classes by how wide their window is and how far their point is
//! trusted; within a class, by a grid cell as large as the class's radius, each cell's
//! records sorted by the first day of their window. A query visits, for each class, the
//! cells its distance can reach (or, when those outnumber the cells the class fills, the
//! filled cells inside its reach) and in each the run of days its window can reach, found
//! by binary search.

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

/// Degrees of latitude per km (of the grid's cells).
const DEG_PER_KM: f64 = 1.0 / 111.2;

/// Degrees of latitude a distance can span, generously: a degree of the mean Earth's
/// meridian is 111.195 km, and a little more is allowed for rounding, so that no point
/// within the distance ever falls outside the cells visited.
fn reach_deg(km: f64) -> f64 {
    km / 111.19 * 1.001 + 1e-9
}

struct Class {
    /// The widest window in the class, in days.
    width: i64,
    radius_km: f64,
    cell_deg: f64,
    /// Each filled cell's records.
    cells: FxHashMap<(i32, i32), Cell>,
}

/// One cell's records, by the first day of their window: the days and the records side by
/// side (each with what the caller checks first, so that a query reads memory in order),
/// and for a cell holding many records for its span of days, where each day's records
/// start (so that a query finds its days without a search through cold memory).
#[derive(Default)]
struct Cell {
    days: Vec<i32>,
    entries: Vec<Entry>,
    /// The first day, and for each day from it the index of its first record.
    starts: Option<(i32, Vec<u32>)>,
}

impl Cell {
    fn from_entries(mut entries: Vec<Entry>) -> Cell {
        entries.sort_unstable_by_key(|e| (e.start, e.slot));
        let days: Vec<i32> = entries.iter().map(|e| e.start).collect();
        let starts = match (days.first(), days.last()) {
            // Worth a table when it is at most 16 entries a record (64 bytes).
            (Some(&lo), Some(&hi)) if days.len() >= 8 && (hi - lo) as usize <= days.len() * 16 => {
                let mut starts = Vec::with_capacity((hi - lo) as usize + 2);
                let mut at = 0usize;
                for day in lo..=hi + 1 {
                    while at < days.len() && days[at] < day {
                        at += 1;
                    }
                    starts.push(at as u32);
                }
                Some((lo, starts))
            }
            _ => None,
        };
        Cell {
            days,
            entries,
            starts,
        }
    }

    /// Calls `f` with each record whose day is in `first..=last`.
    fn days_in(&self, first: i32, last: i32, f: &mut impl FnMut(&Entry)) {
        let (from, to) = match &self.starts {
            Some((lo, starts)) => {
                let at = |day: i32| {
                    let k = (day - lo).clamp(0, starts.len() as i32 - 1);
                    starts[k as usize] as usize
                };
                (at(first), at(last + 1))
            }
            None => {
                let from = self.days.partition_point(|&d| d < first);
                let to = from + self.days[from..].partition_point(|&d| d <= last);
                (from, to)
            }
        };
        if from < to {
            self.entries[from..to].iter().for_each(f);
        }
    }
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
    /// The caller's own byte and number, handed back with the record.
    pub tag: u8,
    pub group: u32,
}

/// A record of B as a query hands it over: its position, its window as day numbers
/// ([`day_number`]), its point, radius and tag.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Entry {
    pub slot: u32,
    pub start: i32,
    pub end: i32,
    pub lat: f64,
    pub lon: f64,
    pub radius_km: f64,
    /// The cosine of the latitude's radians.
    pub cos_lat: f64,
    pub tag: u8,
    pub group: u32,
}

pub struct Index {
    classes: Vec<Class>,
}

impl Index {
    /// Indexes `items` (by their position); `None` items (no coordinates) are left out.
    pub fn build(items: &[Option<Item>]) -> Index {
        let mut classes: Vec<Class> = Vec::new();
        let mut filling: Vec<FxHashMap<(i32, i32), Vec<Entry>>> = Vec::new();
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
                    cells: FxHashMap::default(),
                });
                filling.push(FxHashMap::default());
                classes.len() - 1
            });
            let class = &mut classes[c];
            class.width = class.width.max(w);
            let cell = class.cell(it.lat, it.lon);
            filling[c].entry(cell).or_default().push(Entry {
                slot: slot as u32,
                start: day_number(it.start),
                end: day_number(it.end),
                lat: it.lat,
                lon: it.lon,
                radius_km: it.radius_km,
                cos_lat: it.lat.to_radians().cos(),
                tag: it.tag,
                group: it.group,
            });
        }
        for (class, cells) in classes.iter_mut().zip(filling) {
            class.cells = cells
                .into_iter()
                .map(|(k, v)| (k, Cell::from_entries(v)))
                .collect();
        }
        Index { classes }
    }

    /// Calls `f` with every record of B whose window may come within `gap` days of
    /// `start..=end` and whose point may lie within its radius plus `radius_km` of
    /// (`lat`, `lon`), each once. Callers check each exactly; this only narrows.
    pub fn near(
        &self,
        (start, end): (NaiveDate, NaiveDate),
        gap: i64,
        (lat, lon): (f64, f64),
        radius_km: f64,
        mut f: impl FnMut(&Entry),
    ) {
        for class in &self.classes {
            let first = day_number(start) - (gap + class.width) as i32;
            let last = day_number(end) + gap as i32;
            let dlat = reach_deg(radius_km + class.radius_km);
            // Longitude spans more at the box's edge nearest a pole than at its centre.
            let far = (lat.abs() + dlat).min(89.9);
            let cos = far.to_radians().cos().max(0.05);
            let dlon = (dlat / cos).min(180.0);
            let (y0, x0) = class.cell(lat - dlat, lon - dlon);
            let (y1, x1) = class.cell(lat + dlat, lon + dlon);
            let cells = (y1 - y0 + 1) as usize * (x1 - x0 + 1) as usize;
            if cells > class.cells.len() {
                for (&(y, x), cell) in &class.cells {
                    if (y0..=y1).contains(&y) && (x0..=x1).contains(&x) {
                        cell.days_in(first, last, &mut f);
                    }
                }
                continue;
            }
            for y in y0..=y1 {
                for x in x0..=x1 {
                    if let Some(cell) = class.cells.get(&(y, x)) {
                        cell.days_in(first, last, &mut f);
                    }
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::reconcile::rules::{gap_days, haversine_km};

    /// A small deterministic generator (no dependency on a random crate's API).
    struct Lcg(u64);

    impl Lcg {
        fn next(&mut self) -> f64 {
            self.0 = self
                .0
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            (self.0 >> 11) as f64 / (1u64 << 53) as f64
        }
    }

    fn item(r: &mut Lcg) -> Item {
        let base = NaiveDate::from_ymd_opt(2018, 1, 1).unwrap();
        let start = base + chrono::Days::new((r.next() * 200.0) as u64);
        let width = [0u64, 0, 0, 6, 12, 45, 90, 300][(r.next() * 8.0) as usize];
        let radius = [5.0, 25.0, 25.0, 50.0, 150.0, 1000.0][(r.next() * 6.0) as usize];
        Item {
            start,
            end: start + chrono::Days::new(width),
            lat: 10.0 + r.next() * 8.0,
            lon: -5.0 + r.next() * 10.0,
            radius_km: radius,
            tag: 0,
            group: 0,
        }
    }

    #[test]
    fn a_query_finds_every_record_within_reach_each_once() {
        let mut r = Lcg(17);
        let b: Vec<Option<Item>> = (0..3000)
            .map(|i| (i % 50 != 0).then(|| item(&mut r)))
            .collect();
        let idx = Index::build(&b);
        for _ in 0..300 {
            let q = item(&mut r);
            let mut seen: Vec<u32> = Vec::new();
            idx.near((q.start, q.end), 1, (q.lat, q.lon), q.radius_km, |e| {
                seen.push(e.slot)
            });
            let mut sorted = seen.clone();
            sorted.sort_unstable();
            sorted.dedup();
            assert_eq!(sorted.len(), seen.len(), "a record visited twice");
            for (slot, it) in b.iter().enumerate() {
                let Some(it) = it else { continue };
                let near = gap_days((q.start, q.end), (it.start, it.end)) <= 1
                    && haversine_km(q.lat, q.lon, it.lat, it.lon) <= q.radius_km + it.radius_km;
                if near {
                    assert!(
                        sorted.binary_search(&(slot as u32)).is_ok(),
                        "missed {slot}"
                    );
                }
            }
        }
    }

    #[test]
    fn entries_carry_the_record_as_given() {
        let mut r = Lcg(3);
        let it = item(&mut r);
        let (lat, lon, start, end) = (it.lat, it.lon, it.start, it.end);
        let idx = Index::build(&[None, Some(it)]);
        let mut got = Vec::new();
        idx.near((start, end), 0, (lat, lon), 5.0, |e| got.push(*e));
        assert_eq!(got.len(), 1);
        assert_eq!(got[0].slot, 1);
        assert_eq!(
            (got[0].start, got[0].end),
            (day_number(start), day_number(end))
        );
        assert_eq!(got[0].cos_lat, lat.to_radians().cos());
    }
}
