//! The matching rules: when two records can describe one event, and how well they fit.
//!
//! - **Dates**: each record stands for a window of days: its `date`..`end_date` when it has
//!   a span (UCDP), else one that follows its `date_precision`. Two windows fit when at most
//!   `max_gap_days` lie between them; `days` is that gap (0 when they overlap).
//! - **Places**: each record's point is trusted to a radius that follows its
//!   `geo_precision`; two points fit when they are no further apart (haversine) than the
//!   sum of their radii. A record without coordinates is never matched.
//! - **Actors**: through the crosswalk (see [`super::parties`]).
//!
//! - **Tolls**: two records' fatalities fit fully when either is unknown, when they are
//!   equal or one lies within the other's low-high range; less the further apart they are.
//!
//! score = actors × dates × place × tolls, each in 0..=1.

use chrono::{Datelike, Days, NaiveDate};

use crate::model::{DatePrecision, Fatalities, GeoPrecision, Incident};

/// The constants of the rules, printed at the top of every output.
#[derive(Clone, Debug, PartialEq)]
pub struct Rules {
    /// Days allowed between two records' windows.
    pub max_gap_days: i64,
    /// The best candidate must score at least this many times the next, on both sides.
    pub margin: f64,
    /// A pair scoring less is not a candidate at all.
    pub min_score: f64,
}

impl Default for Rules {
    fn default() -> Rules {
        Rules {
            max_gap_days: 1,
            margin: 1.25,
            min_score: 0.2,
        }
    }
}

/// UCDP GED's three types of organised violence.
const UCDP_TYPES: [&str; 3] = [
    "State-based conflict",
    "Non-state conflict",
    "One-sided violence",
];

/// ACLED types that are never organised violence with deaths, so never in UCDP GED.
const NOT_IN_UCDP: [&str; 2] = ["Protests", "Strategic developments"];

/// Whether the two records' event types can describe one event: a UCDP record is never a
/// peaceful protest or a strategic development (UCDP records only deadly organised
/// violence).
pub fn types_fit(a: &Incident, b: &Incident) -> bool {
    classes_fit(type_class(a), type_class(b))
}

/// What [`types_fit`] reads of a record's type: whether it is one of UCDP's, and whether it
/// is one UCDP never records.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct TypeClass {
    ucdp: bool,
    never: bool,
}

impl TypeClass {
    pub fn bits(self) -> u8 {
        self.ucdp as u8 | (self.never as u8) << 1
    }

    pub fn from_bits(b: u8) -> TypeClass {
        TypeClass {
            ucdp: b & 1 != 0,
            never: b & 2 != 0,
        }
    }
}

pub fn type_class(i: &Incident) -> TypeClass {
    TypeClass {
        ucdp: UCDP_TYPES.contains(&i.event_type.as_str()),
        never: NOT_IN_UCDP.contains(&i.event_type.as_str()),
    }
}

/// [`types_fit`] on the records' classes.
pub fn classes_fit(a: TypeClass, b: TypeClass) -> bool {
    !((a.ucdp && b.never) || (b.ucdp && a.never))
}

/// Km per degree of latitude on the mean Earth (radius 6371 km), as [`haversine_km`]
/// measures.
pub const KM_PER_DEG_LAT: f64 = 6371.0 * std::f64::consts::PI / 180.0;

/// How far a point is trusted, by geo precision, in km.
pub fn radius_km(p: Option<GeoPrecision>) -> f64 {
    match p {
        Some(GeoPrecision::Exact) => 5.0,
        None | Some(GeoPrecision::Near) => 25.0,
        Some(GeoPrecision::Admin2) => 50.0,
        Some(GeoPrecision::Admin1) => 150.0,
        Some(GeoPrecision::Region) => 300.0,
        Some(GeoPrecision::Country) | Some(GeoPrecision::Sea) => 1000.0,
    }
}

/// The days a record stands for, first and last, inclusive.
pub fn window(inc: &Incident) -> (NaiveDate, NaiveDate) {
    let d = inc.date;
    if let Some(end) = inc.end_date.filter(|e| *e > d) {
        return (d, end);
    }
    let around = |n: u64| (d - Days::new(n), d + Days::new(n));
    match inc.date_precision {
        DatePrecision::Day => (d, d),
        DatePrecision::Days => around(3),
        DatePrecision::Week => around(6),
        DatePrecision::Month => {
            // The calendar month, and at least 15 days either side of the date given.
            let first = d.with_day(1).unwrap_or(d);
            let last = crate::calendar::next_month(first) - Days::new(1);
            let (a, b) = around(15);
            (first.min(a), last.max(b))
        }
        DatePrecision::Months => around(45),
    }
}

/// [`gap_days`] on windows given as day numbers.
pub fn gap_day_numbers(a: (i32, i32), b: (i32, i32)) -> i64 {
    if a.1 < b.0 {
        (b.0 - a.1) as i64
    } else if b.1 < a.0 {
        (a.0 - b.1) as i64
    } else {
        0
    }
}

/// Days between two windows; 0 when they overlap.
pub fn gap_days(a: (NaiveDate, NaiveDate), b: (NaiveDate, NaiveDate)) -> i64 {
    if a.1 < b.0 {
        (b.0 - a.1).num_days()
    } else if b.1 < a.0 {
        (a.0 - b.1).num_days()
    } else {
        0
    }
}

/// Great-circle distance in km (mean Earth radius 6371 km).
pub fn haversine_km(lat1: f64, lon1: f64, lat2: f64, lon2: f64) -> f64 {
    let (p1, p2) = (lat1.to_radians(), lat2.to_radians());
    let dp = p2 - p1;
    let dl = (lon2 - lon1).to_radians();
    let h = (dp / 2.0).sin().powi(2) + p1.cos() * p2.cos() * (dl / 2.0).sin().powi(2);
    2.0 * 6371.0 * h.sqrt().min(1.0).asin()
}

/// [`haversine_km`] with each latitude's cosine (of its radians) given, as it would compute
/// them: the same operations in the same order, so the same result to the bit.
pub fn haversine_with_cos(
    (lat1, lon1, cos1): (f64, f64, f64),
    (lat2, lon2, cos2): (f64, f64, f64),
) -> f64 {
    let (p1, p2) = (lat1.to_radians(), lat2.to_radians());
    let dp = p2 - p1;
    let dl = (lon2 - lon1).to_radians();
    let h = (dp / 2.0).sin().powi(2) + cos1 * cos2 * (dl / 2.0).sin().powi(2);
    2.0 * 6371.0 * h.sqrt().min(1.0).asin()
}

/// How well two dates fit: 1 for the same day, less per day apart and for wide windows.
pub fn date_score(gap: i64, width_days: i64) -> f64 {
    (1.0 - 0.2 * gap as f64) / (1.0 + width_days as f64 / 30.0)
}

/// How well two places fit: 1 at the same point, 0.5 at the edge of what is allowed.
pub fn place_score(km: f64, allowed_km: f64) -> f64 {
    1.0 - 0.5 * (km / allowed_km).min(1.0)
}

/// What the matching reads of a record's fatalities.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Toll {
    pub best: Option<u32>,
    pub low: Option<u32>,
    pub high: Option<u32>,
}

impl Toll {
    pub fn of(f: &Fatalities) -> Toll {
        Toll {
            best: f.best,
            low: f.low,
            high: f.high,
        }
    }

    fn holds(self, x: u32) -> bool {
        matches!((self.low, self.high), (Some(lo), Some(hi)) if lo <= x && x <= hi)
    }
}

/// How well two tolls fit: 1 when either is unknown (an unknown toll says nothing), when
/// they are equal or one falls within the other's low-high range (UCDP's "best 1, low 0,
/// high 2" and ACLED's 2); else 1 - 0.5 x |a - b| / (the larger + 2), so 4 against 1 is
/// 0.75 and 0 against 10 is 0.58: a small difference costs little, a toll of none against
/// one of many costs most.
pub fn toll_score(a: Toll, b: Toll) -> f64 {
    let (Some(x), Some(y)) = (a.best, b.best) else {
        return 1.0;
    };
    if x == y || a.holds(y) || b.holds(x) {
        return 1.0;
    }
    1.0 - 0.5 * x.abs_diff(y) as f64 / (x.max(y) as f64 + 2.0)
}

/// The rules in words, for the top of the output.
pub fn describe(rules: &Rules) -> Vec<String> {
    vec![
        format!(
            "dates: each record's window is its span (date to end_date) or, without one, by \
             date precision: day the day, days +/-3, week +/-6, month its calendar month and \
             at least +/-15, months +/-45 days; windows at most {} day(s) apart",
            rules.max_gap_days
        ),
        "places: within the sum of the two radii by geo precision (exact 5 km, near or not \
         given 25, admin2 50, admin1 150, region 300, country or sea 1000; haversine); no \
         coordinates, no match"
            .into(),
        "types: a UCDP record (state-based, non-state, one-sided violence) is never matched \
         with a protest or a strategic development"
            .into(),
        "actors: the same actor by name or the crosswalk; named armed groups the crosswalk \
         relates (a coalition and its members) score 0.8; an unnamed armed group against a \
         named one 0.6 (0.45 when no other party is shared); different named perpetrators \
         0.3 when another party is shared, else no match"
            .into(),
        "tolls: 1 when either is unknown, they are equal, or one is within the other's low-high \
         range; else 1 - 0.5 x the difference / (the larger + 2)"
            .into(),
        format!(
            "score = actors x dates (1 - 0.2 x days apart, / (1 + window days / 30)) x place \
             (1 - 0.5 x km / allowed) x tolls; a pair scoring under {} is no candidate",
            rules.min_score
        ),
        format!(
            "matched: each is the other's best candidate, scoring at least {} times its next \
             candidate on both sides; then once more among the records not yet matched (a \
             candidate already matched elsewhere no longer stands in the way); else ambiguous \
             (counted on A's side)",
            rules.margin
        ),
    ]
}

#[cfg(test)]
mod tests {
    use super::*;

    fn inc(date: &str, prec: DatePrecision, end: Option<&str>) -> Incident {
        let mut i: Incident = serde_json::from_str(&format!(
            r#"{{"id":"x","date":"{date}","town":"t","country":"Burkina Faso","event_type":"Battles"}}"#
        ))
        .unwrap();
        i.date_precision = prec;
        i.end_date = end.map(|e| e.parse().unwrap());
        i
    }

    fn d(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    #[test]
    fn windows_follow_the_date_precision_and_spans() {
        assert_eq!(
            window(&inc("2017-03-04", DatePrecision::Day, None)),
            (d("2017-03-04"), d("2017-03-04"))
        );
        assert_eq!(
            window(&inc("2017-03-04", DatePrecision::Week, None)),
            (d("2017-02-26"), d("2017-03-10"))
        );
        assert_eq!(
            window(&inc("2017-03-01", DatePrecision::Month, None)),
            (d("2017-02-14"), d("2017-03-31"))
        );
        assert_eq!(
            window(&inc("2017-03-04", DatePrecision::Days, Some("2017-03-08"))),
            (d("2017-03-04"), d("2017-03-08"))
        );
    }

    #[test]
    fn gaps_are_zero_when_windows_overlap() {
        let w = |a: &str, b: &str| (d(a), d(b));
        assert_eq!(
            gap_days(w("2017-01-01", "2017-01-05"), w("2017-01-05", "2017-01-05")),
            0
        );
        assert_eq!(
            gap_days(w("2017-01-01", "2017-01-05"), w("2017-01-07", "2017-01-07")),
            2
        );
        assert_eq!(
            gap_days(w("2017-01-07", "2017-01-07"), w("2017-01-01", "2017-01-05")),
            2
        );
    }

    #[test]
    fn haversine_with_the_cosines_given_is_the_same_to_the_bit() {
        for (a, b) in [
            ((12.3714, -1.5197), (11.1771, -4.2979)),
            ((14.0, -1.0), (14.0, -1.0)),
            ((-33.9, 18.4), (51.5, -0.12)),
        ] {
            let c = |lat: f64| lat.to_radians().cos();
            assert_eq!(
                haversine_with_cos((a.0, a.1, c(a.0)), (b.0, b.1, c(b.0))).to_bits(),
                haversine_km(a.0, a.1, b.0, b.1).to_bits()
            );
        }
    }

    #[test]
    fn no_pair_is_nearer_than_its_change_of_latitude() {
        for (a, b) in [((12.0, -1.0), (13.0, 40.0)), ((0.0, 0.0), (0.5, 0.0))] {
            let km = haversine_km(a.0, a.1, b.0, b.1);
            assert!((a.0 - b.0).abs() * KM_PER_DEG_LAT <= km * (1.0 + 1e-12));
        }
    }

    #[test]
    fn haversine_gives_known_distances() {
        // Ouagadougou to Bobo-Dioulasso: about 330 km.
        let km = haversine_km(12.3714, -1.5197, 11.1771, -4.2979);
        assert!((km - 329.0).abs() < 5.0, "{km}");
        assert_eq!(haversine_km(14.0, -1.0, 14.0, -1.0), 0.0);
        // One degree of latitude is about 111 km.
        assert!((haversine_km(14.0, -1.0, 15.0, -1.0) - 111.2).abs() < 0.2);
    }

    #[test]
    fn tolls_fit_fully_when_unknown_equal_or_within_a_range_and_less_the_further_apart() {
        let t = |best: Option<u32>, range: Option<(u32, u32)>| Toll {
            best,
            low: range.map(|r| r.0),
            high: range.map(|r| r.1),
        };
        let acled = |n: u32| t(Some(n), None);
        assert_eq!(toll_score(t(None, None), acled(40)), 1.0);
        assert_eq!(toll_score(acled(4), acled(4)), 1.0);
        assert_eq!(toll_score(t(Some(1), Some((0, 2))), acled(2)), 1.0);
        assert_eq!(toll_score(acled(2), t(Some(1), Some((0, 2)))), 1.0);
        assert_eq!(toll_score(acled(4), acled(1)), 0.75);
        assert_eq!(toll_score(acled(1), acled(4)), 0.75, "symmetric");
        let (near, far) = (
            toll_score(acled(10), acled(12)),
            toll_score(acled(0), acled(10)),
        );
        assert!(near > 0.9 && near < 1.0, "{near}");
        assert!((0.5..0.6).contains(&far), "{far}");
    }
}
