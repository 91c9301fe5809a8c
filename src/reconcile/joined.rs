//! The same event inside one store of several datasets (`--store` given more than once):
//! each pair of its datasets reconciled by [`super::reconcile`], the earlier one as A, and
//! every incident's matches and candidates indexed so a detail or a briefing finds them in
//! one lookup.

use std::collections::HashMap;

use rustc_hash::FxHashMap;

use super::{Ambiguous, Crosswalk, Matched, Reconciliation, Rules, Side, reconcile};
use crate::store::{Ix, Store};

/// Two of the store's datasets, reconciled.
pub struct Pair {
    pub a: String,
    pub b: String,
    pub result: Reconciliation,
}

/// What one incident is to the other datasets.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Link {
    /// In pair `pair`, its `matched[at]`.
    Matched { pair: usize, at: usize },
    /// In pair `pair`, its `ambiguous[at]`: as the A record, or as one of the candidates.
    Candidate { pair: usize, at: usize },
}

/// The matches within a joined store; empty for a store of one dataset.
#[derive(Default)]
pub struct StoreMatches {
    pub pairs: Vec<Pair>,
    links: FxHashMap<Ix, Vec<Link>>,
}

/// One match as seen from one of its two incidents.
pub struct Seen<'m> {
    pub matched: &'m Matched,
    /// The record in the other dataset.
    pub other: Ix,
    /// This record's dataset, then the other's.
    pub labels: (&'m str, &'m str),
    /// Whether this record is the match's A (its differences' `a` side).
    pub is_a: bool,
}

impl StoreMatches {
    /// Reconciles every pair of the store's datasets, in the order they were given.
    pub fn of(store: &Store, crosswalk: &Crosswalk, rules: &Rules) -> StoreMatches {
        if !store.is_joined() {
            return StoreMatches::default();
        }
        let labels: Vec<String> = store.datasets().into_iter().map(|d| d.label).collect();
        let mut by_label: HashMap<&str, Vec<Ix>> = HashMap::new();
        for (i, inc) in store.incidents.iter().enumerate() {
            by_label
                .entry(store.dataset_of(inc))
                .or_default()
                .push(i as Ix);
        }
        let side = |label: &str| Side {
            store,
            incidents: by_label.get(label).cloned().unwrap_or_default(),
            label: label.to_string(),
        };
        let mut pairs = Vec::new();
        for (i, a) in labels.iter().enumerate() {
            for b in &labels[i + 1..] {
                pairs.push(Pair {
                    a: a.clone(),
                    b: b.clone(),
                    result: reconcile(&side(a), &side(b), crosswalk, rules),
                });
            }
        }
        StoreMatches::from_pairs(pairs)
    }

    /// The pairs (as [`StoreMatches::of`] made them, or read back from a snapshot) with
    /// every incident's matches and candidates indexed.
    pub fn from_pairs(pairs: Vec<Pair>) -> StoreMatches {
        let mut links: FxHashMap<Ix, Vec<Link>> = FxHashMap::default();
        for (p, pair) in pairs.iter().enumerate() {
            for (at, m) in pair.result.matched.iter().enumerate() {
                let link = Link::Matched { pair: p, at };
                links.entry(m.a).or_default().push(link);
                links.entry(m.b).or_default().push(link);
            }
            for (at, amb) in pair.result.ambiguous.iter().enumerate() {
                let link = Link::Candidate { pair: p, at };
                links.entry(amb.a).or_default().push(link);
                for &(c, _) in &amb.candidates {
                    let list = links.entry(c).or_default();
                    if !list.contains(&link) {
                        list.push(link);
                    }
                }
            }
        }
        StoreMatches { pairs, links }
    }

    pub fn is_empty(&self) -> bool {
        self.pairs.is_empty()
    }

    /// The records in other datasets `ix` was matched with.
    pub fn matches_of(&self, ix: Ix) -> Vec<Seen<'_>> {
        let Some(links) = self.links.get(&ix) else {
            return Vec::new();
        };
        links
            .iter()
            .filter_map(|l| match *l {
                Link::Matched { pair, at } => {
                    let p = &self.pairs[pair];
                    let m = &p.result.matched[at];
                    let is_a = m.a == ix;
                    Some(Seen {
                        matched: m,
                        other: if is_a { m.b } else { m.a },
                        labels: if is_a { (&p.a, &p.b) } else { (&p.b, &p.a) },
                        is_a,
                    })
                }
                Link::Candidate { .. } => None,
            })
            .collect()
    }

    /// The ambiguous cases `ix` takes part in, with the other dataset's label: as A with
    /// its candidates, or as a candidate of another dataset's record.
    pub fn candidates_of(&self, ix: Ix) -> Vec<(&str, &Ambiguous)> {
        let Some(links) = self.links.get(&ix) else {
            return Vec::new();
        };
        links
            .iter()
            .filter_map(|l| match *l {
                Link::Candidate { pair, at } => {
                    let p = &self.pairs[pair];
                    let amb = &p.result.ambiguous[at];
                    Some((
                        if amb.a == ix {
                            p.b.as_str()
                        } else {
                            p.a.as_str()
                        },
                        amb,
                    ))
                }
                Link::Matched { .. } => None,
            })
            .collect()
    }

    /// Every match, with its pair's labels.
    pub fn all_matched(&self) -> impl Iterator<Item = (&Pair, &Matched)> {
        self.pairs
            .iter()
            .flat_map(|p| p.result.matched.iter().map(move |m| (p, m)))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::StoreDoc;

    fn part(source: &str, label: &str, incidents: &str) -> Store {
        let json = format!(
            r#"{{"schema_version":1,"meta":{{"title":"{label}","dataset":"{label}"}},
            "towns":[{{"id":"t:djibo","name":"Djibo","country":"Burkina Faso","lat":14.1,"lon":-1.63}}],
            "actors":[{{"id":"a:jnim","name":"JNIM","kind":"islamist_armed_group"}},
                      {{"id":"a:civ","name":"Civilians","kind":"civilians"}}],
            "incidents":[{incidents}]}}"#
        );
        let doc: StoreDoc = serde_json::from_str(&json).unwrap();
        Store::from_doc(source.into(), doc, Vec::new())
    }

    fn incident(id: &str, date: &str, killed: u32) -> String {
        format!(
            r#"{{"id":"{id}","date":"{date}","town":"t:djibo","country":"Burkina Faso",
            "lat":14.1,"lon":-1.63,"geo_precision":"exact","event_type":"Violence against civilians",
            "fatalities":{{"best":{killed}}},
            "actors":[{{"actor":"a:jnim","role":"actor1"}},{{"actor":"a:civ","role":"actor2"}}]}}"#
        )
    }

    fn joined() -> Store {
        let acled = part(
            "/d/acled.csv",
            "ACLED",
            &[
                incident("A1", "2018-03-02", 22),
                incident("A2", "2018-05-01", 1),
            ]
            .join(","),
        );
        let ucdp = part("/d/ucdp.csv", "UCDP", &incident("U1", "2018-03-02", 20));
        crate::store::merge::merge(vec![acled, ucdp], &Crosswalk::shipped())
    }

    #[test]
    fn each_side_of_a_match_finds_the_other_with_its_own_label_first() {
        let s = joined();
        let m = StoreMatches::of(&s, &Crosswalk::shipped(), &Rules::default());
        let a1 = s.incident_ix("A1").unwrap();
        let u1 = s.incident_ix("U1").unwrap();
        let seen = m.matches_of(a1);
        assert_eq!(seen.len(), 1);
        assert_eq!(seen[0].other, u1);
        assert_eq!(seen[0].labels, ("ACLED", "UCDP"));
        assert!(seen[0].is_a);
        let back = m.matches_of(u1);
        assert_eq!(back[0].other, a1);
        assert_eq!(back[0].labels, ("UCDP", "ACLED"));
        assert!(!back[0].is_a);
        assert_eq!(back[0].matched.fatalities, "ACLED: 22; UCDP: 20");
        // Two months later, nothing in UCDP: no match.
        assert!(m.matches_of(s.incident_ix("A2").unwrap()).is_empty());
    }

    #[test]
    fn a_store_of_one_dataset_has_no_matches() {
        let one = part("/d/acled.csv", "ACLED", &incident("A1", "2018-03-02", 1));
        assert!(StoreMatches::of(&one, &Crosswalk::shipped(), &Rules::default()).is_empty());
    }

    #[test]
    fn two_candidates_for_one_record_are_kept_as_candidates_not_matches() {
        let acled = part(
            "/d/acled.csv",
            "ACLED",
            &[
                incident("A1", "2018-03-02", 5),
                incident("A2", "2018-03-02", 5),
            ]
            .join(","),
        );
        let ucdp = part("/d/ucdp.csv", "UCDP", &incident("U1", "2018-03-02", 5));
        let s = crate::store::merge::merge(vec![acled, ucdp], &Crosswalk::shipped());
        let m = StoreMatches::of(&s, &Crosswalk::shipped(), &Rules::default());
        let u1 = s.incident_ix("U1").unwrap();
        assert!(m.matches_of(u1).is_empty());
        // Each ACLED record is A of its own ambiguous case, with U1 as its candidate.
        let c = m.candidates_of(u1);
        assert_eq!(c.len(), 2);
        assert!(
            c.iter()
                .all(|(label, amb)| *label == "ACLED" && amb.candidates[0].0 == u1)
        );
        let a2 = m.candidates_of(s.incident_ix("A2").unwrap());
        assert_eq!(a2.len(), 1);
        assert_eq!(a2[0].0, "UCDP");
    }
}
