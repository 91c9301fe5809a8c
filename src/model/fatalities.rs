//! Fatalities of one incident, and the one way they are summed.

use serde::{Deserialize, Serialize};

/// Fatalities as a range. Any bound may be unknown.
///
/// UCDP also gives deaths by side (`side_a`, `side_b`, `civilians`, `unknown`, summing to
/// `best`); they are kept when the file has them.
#[derive(
    rkyv::Archive,
    rkyv::Serialize,
    rkyv::Deserialize,
    Clone,
    Copy,
    Debug,
    PartialEq,
    Eq,
    Serialize,
    Deserialize,
    Default,
)]
pub struct Fatalities {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub low: Option<u32>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub best: Option<u32>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub high: Option<u32>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub side_a: Option<u32>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub side_b: Option<u32>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub civilians: Option<u32>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub unknown: Option<u32>,
}

impl Fatalities {
    /// Only a best estimate (ACLED gives one figure).
    pub fn best(best: Option<u32>) -> Fatalities {
        Fatalities {
            best,
            ..Fatalities::default()
        }
    }

    /// Low, best and high, as UCDP gives them.
    pub fn range(low: Option<u32>, best: Option<u32>, high: Option<u32>) -> Fatalities {
        Fatalities {
            low,
            best,
            high,
            ..Fatalities::default()
        }
    }

    pub fn best_or_zero(&self) -> u64 {
        self.best.unwrap_or(0) as u64
    }

    /// True when the file gave deaths by side.
    pub fn has_sides(&self) -> bool {
        self.side_a.is_some()
            || self.side_b.is_some()
            || self.civilians.is_some()
            || self.unknown.is_some()
    }

    /// True when the bounds contradict each other (low > best, best > high, low > high).
    pub fn is_inconsistent(&self) -> bool {
        let pairs = [
            (self.low, self.best),
            (self.best, self.high),
            (self.low, self.high),
        ];
        pairs
            .iter()
            .any(|(a, b)| matches!((a, b), (Some(a), Some(b)) if a > b))
    }

    /// "12 (10-15)", "12", "?" — for lists and briefings.
    pub fn display(&self) -> String {
        let n = |v: Option<u32>| v.map(|v| v.to_string()).unwrap_or_else(|| "?".into());
        match (self.low, self.high) {
            (None, None) => n(self.best),
            _ => format!("{} ({}-{})", n(self.best), n(self.low), n(self.high)),
        }
    }
}

/// Fatalities summed over incidents, the one way every total in sitrep is computed.
///
/// - `best` is the sum of best estimates; `unknown` counts incidents with no best figure
///   (they add nothing to `best`: unknown is not zero, so it is reported beside it).
/// - Each incident adds to `low` its low figure, but never more than its best (an incident
///   with no best adds 0, so `low <= best` holds for the sums).
/// - Each incident adds to `high` its high figure, but never less than its best; an
///   incident with a best and no high adds its best; one with neither makes `high` open
///   (`None`), since nothing bounds it.
///
/// So `low <= best <= high` always holds, whatever the file said.
#[derive(
    rkyv::Archive,
    rkyv::Serialize,
    rkyv::Deserialize,
    Clone,
    Copy,
    Debug,
    PartialEq,
    Eq,
    Default,
    Serialize,
)]
pub struct FatalityTotal {
    pub incidents: u64,
    pub best: u64,
    pub unknown: u64,
    pub low: u64,
    /// `None` when some incident has no upper figure.
    pub high: Option<u64>,
}

impl FatalityTotal {
    pub fn new() -> FatalityTotal {
        FatalityTotal {
            high: Some(0),
            ..FatalityTotal::default()
        }
    }

    pub fn add(&mut self, f: &Fatalities) {
        self.add_figures(f.low, f.best, f.high);
    }

    /// [`Self::add`] of an incident's low, best and high figures (the rest do not count).
    pub fn add_figures(&mut self, low: Option<u32>, best: Option<u32>, high: Option<u32>) {
        self.incidents += 1;
        match best {
            Some(best) => {
                let best = best as u64;
                self.best += best;
                self.low += low.map_or(best, |l| (l as u64).min(best));
                if let Some(h) = self.high.as_mut() {
                    *h += high.map_or(best, |x| (x as u64).max(best));
                }
            }
            None => {
                self.unknown += 1;
                match (high, self.high.as_mut()) {
                    (Some(x), Some(h)) => *h += x as u64,
                    (None, _) => self.high = None,
                    _ => {}
                }
            }
        }
    }

    pub fn of<'a>(fatalities: impl IntoIterator<Item = &'a Fatalities>) -> FatalityTotal {
        let mut t = FatalityTotal::new();
        for f in fatalities {
            t.add(f);
        }
        t
    }

    /// "17 killed", "17 killed, and 5 incidents with no figure".
    pub fn killed(&self) -> String {
        let mut s = format!("{} killed", self.best);
        if self.unknown > 0 {
            s.push_str(&format!(", and {}", self.unknown_phrase()));
        }
        s
    }

    /// "1 incident with no figure", "5 incidents with no figure".
    pub fn unknown_phrase(&self) -> String {
        let noun = if self.unknown == 1 {
            "incident"
        } else {
            "incidents"
        };
        format!("{} {noun} with no figure", self.unknown)
    }

    /// "10-25", "10-?" (the upper end open).
    pub fn range(&self) -> String {
        match self.high {
            Some(h) => format!("{}-{h}", self.low),
            None => format!("{}-?", self.low),
        }
    }

    /// "17", or "17+?" when some incidents have no figure: for narrow list columns.
    pub fn short(&self) -> String {
        if self.unknown > 0 {
            format!("{}+?", self.best)
        } else {
            self.best.to_string()
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fatalities_consistency_and_display() {
        let f = Fatalities::range(Some(10), Some(12), Some(15));
        assert!(!f.is_inconsistent());
        assert_eq!(f.display(), "12 (10-15)");
        let bad = Fatalities::range(Some(20), Some(12), None);
        assert!(bad.is_inconsistent());
        assert_eq!(Fatalities::default().display(), "?");
    }

    #[test]
    fn totals_count_unknown_apart_and_bracket_the_best() {
        let t = FatalityTotal::of(&[
            Fatalities::best(Some(10)),
            Fatalities::range(Some(2), Some(5), Some(9)),
            // Inconsistent as given: low above best, high below it.
            Fatalities::range(Some(8), Some(4), Some(3)),
            Fatalities::range(Some(1), None, Some(6)),
            Fatalities::best(None),
        ]);
        assert_eq!(t.incidents, 5);
        assert_eq!(t.best, 19);
        assert_eq!(t.unknown, 2);
        // 10 + 2 + min(8, 4) + 0 (no best) + 0
        assert_eq!(t.low, 16);
        // Open: the last incident has no upper figure.
        assert_eq!(t.high, None);
        assert_eq!(t.killed(), "19 killed, and 2 incidents with no figure");
        assert_eq!(t.range(), "16-?");
        assert_eq!(t.short(), "19+?");

        let closed = FatalityTotal::of(&[
            Fatalities::best(Some(10)),
            Fatalities::range(Some(8), Some(4), Some(3)),
            Fatalities::range(None, None, Some(6)),
        ]);
        // 10 + max(3, 4) + 6
        assert_eq!(closed.high, Some(20));
        assert_eq!(closed.killed(), "14 killed, and 1 incident with no figure");
        assert!(closed.low <= closed.best && Some(closed.best) <= closed.high);
        assert_eq!(FatalityTotal::new().killed(), "0 killed");
        assert_eq!(FatalityTotal::new().range(), "0-0");
    }
}
