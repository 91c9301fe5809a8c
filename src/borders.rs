//! Country borders and coastlines for the map: Natural Earth 1:50m (public domain) via the
//! npm package world-atlas, kept in data/borders-50m.txt (format in
//! data/tools/build_borders.py) and compiled into the binary.

use std::sync::OnceLock;

const BORDERS_TXT: &str = include_str!("../data/borders-50m.txt");

/// One polyline in degrees, with its bounding box for quick culling.
pub struct Polyline {
    pub points: Vec<(f64, f64)>,
    /// (min lon, min lat, max lon, max lat)
    pub bbox: (f64, f64, f64, f64),
}

/// Every border and coastline, parsed once on first use.
pub fn borders() -> &'static [Polyline] {
    static BORDERS: OnceLock<Vec<Polyline>> = OnceLock::new();
    BORDERS.get_or_init(|| parse(BORDERS_TXT))
}

/// Parses the compact format; a malformed line is skipped (the file is ours and checked by
/// a test, so this never happens in a release).
pub fn parse(text: &str) -> Vec<Polyline> {
    let mut out = Vec::new();
    for line in text.lines() {
        if line.starts_with('#') || line.trim().is_empty() {
            continue;
        }
        let mut points = Vec::new();
        let (mut x, mut y) = (0i64, 0i64);
        let mut ok = true;
        for (n, pair) in line.split(' ').enumerate() {
            let Some((a, b)) = pair.split_once(',') else {
                ok = false;
                break;
            };
            let (Ok(a), Ok(b)) = (a.parse::<i64>(), b.parse::<i64>()) else {
                ok = false;
                break;
            };
            if n == 0 {
                (x, y) = (a, b);
            } else {
                x += a;
                y += b;
            }
            points.push((x as f64 / 100.0, y as f64 / 100.0));
        }
        if !ok || points.len() < 2 {
            continue;
        }
        let bbox = points.iter().fold(
            (f64::MAX, f64::MAX, f64::MIN, f64::MIN),
            |(a, b, c, d), &(x, y)| (a.min(x), b.min(y), c.max(x), d.max(y)),
        );
        out.push(Polyline { points, bbox });
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_line_of_the_shipped_borders_parses_and_mali_is_covered() {
        let lines = BORDERS_TXT
            .lines()
            .filter(|l| !l.starts_with('#') && !l.is_empty())
            .count();
        let b = borders();
        assert_eq!(b.len(), lines);
        // Some border passes through western Mali (around Kayes, 14.4N 11.4W).
        assert!(b.iter().any(|p| p.bbox.0 <= -11.0
            && p.bbox.2 >= -12.0
            && p.bbox.1 <= 15.0
            && p.bbox.3 >= 14.0));
        assert!(b.iter().all(|p| p.bbox.0 >= -180.0 && p.bbox.2 <= 180.0));
    }

    #[test]
    fn deltas_accumulate_and_bad_lines_are_skipped() {
        let p = parse("# c\n100,200 5,-5 1,1\nnot,a,line\n7\n");
        assert_eq!(p.len(), 1);
        assert_eq!(p[0].points, vec![(1.0, 2.0), (1.05, 1.95), (1.06, 1.96)]);
    }
}
