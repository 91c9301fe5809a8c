//! A briefing over a store joined from several datasets: each dataset's count, the events
//! counted once (a pair of matched records is one event), and the events where the datasets
//! disagree on the toll or the perpetrator. The matches come from `reconcile::joined`.

use std::collections::HashSet;

use serde::Serialize;

use super::Briefing;
use crate::model::Fatalities;
use crate::reconcile::joined::StoreMatches;
use crate::reconcile::parties::Verdict;
use crate::store::{Ix, Store};

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Datasets {
    /// Each dataset's incidents in the period and scope, in the order the files were given.
    pub recorded: Vec<Recorded>,
    /// Events recorded by two datasets (a matched pair, both records in the period).
    pub in_several: u64,
    /// The period's incidents with each such pair counted once.
    pub events: u64,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Recorded {
    pub dataset: String,
    pub incidents: u64,
}

/// One event two datasets tell differently.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Disagreement {
    /// The records' ids and datasets, the earlier-given dataset first.
    pub a: String,
    pub b: String,
    pub datasets: [String; 2],
    pub date: String,
    pub place: String,
    /// "ACLED: 22; UCDP: best 22, low 0, high 22".
    pub fatalities: String,
    /// Only `fatalities` and `perpetrator`: what they say differently.
    pub differences: Vec<Differs>,
    #[serde(skip)]
    pub ixs: [Ix; 2],
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Differs {
    pub field: String,
    pub a: String,
    pub b: String,
}

/// Adds the datasets section and the disagreements to a briefing of a joined store.
pub fn annotate(b: &mut Briefing, store: &Store, matches: &StoreMatches) {
    if !store.is_joined() {
        return;
    }
    let inside: HashSet<Ix> = b.headline.incident_ids.ixs.iter().copied().collect();
    let recorded = store
        .datasets()
        .into_iter()
        .map(|d| Recorded {
            incidents: inside
                .iter()
                .filter(|&&i| store.dataset_of(store.incident(i)) == d.label)
                .count() as u64,
            dataset: d.label,
        })
        .collect();
    let mut in_several = 0u64;
    let mut disagreements = Vec::new();
    for (pair, m) in matches.all_matched() {
        let (a_in, b_in) = (inside.contains(&m.a), inside.contains(&m.b));
        if a_in && b_in {
            in_several += 1;
        }
        if !(a_in || b_in) {
            continue;
        }
        let (fa, fb) = (
            &store.incident(m.a).fatalities,
            &store.incident(m.b).fatalities,
        );
        let differences: Vec<Differs> = m
            .differences
            .iter()
            .filter(|d| match d.field {
                "fatalities" => tolls_disagree(fa, fb),
                // An unnamed armed group against a named one is not a disagreement; two
                // named groups are, related (JNIM against a member) or not: the editor
                // wants to know which group each dataset gives the attack to.
                "perpetrator" => matches!(m.verdict, Verdict::Differ | Verdict::Related),
                _ => false,
            })
            .map(|d| Differs {
                field: d.field.to_string(),
                a: d.a.clone(),
                b: d.b.clone(),
            })
            .collect();
        if differences.is_empty() {
            continue;
        }
        let x = store.incident(m.a);
        disagreements.push(Disagreement {
            a: x.id.clone(),
            b: store.incident(m.b).id.clone(),
            datasets: [pair.a.clone(), pair.b.clone()],
            date: x.date_label(),
            place: store.town_name(&x.town).to_string(),
            fatalities: m.fatalities.clone(),
            differences,
            ixs: [m.a, m.b],
        });
    }
    // Newest first, as the briefing reads.
    disagreements.sort_by(|p, q| q.date.cmp(&p.date).then_with(|| p.a.cmp(&q.a)));
    b.datasets = Some(Datasets {
        recorded,
        in_several,
        events: b.headline.incidents - in_several,
    });
    b.disagreements = Some(disagreements);
}

/// Two tolls disagree when their best figures differ and neither falls within the other's
/// range (UCDP's "best 1, low 0, high 2" and ACLED's 2 agree).
pub fn tolls_disagree(a: &Fatalities, b: &Fatalities) -> bool {
    let within = |x: Option<u32>, r: &Fatalities| match (x, r.low, r.high) {
        (Some(x), Some(lo), Some(hi)) => lo <= x && x <= hi,
        _ => false,
    };
    a.best != b.best && !within(a.best, b) && !within(b.best, a)
}

/// "6741 incidents: 1504 in UCDP, 5237 in ACLED; 38 events recorded by both, so 6703
/// events".
pub fn phrase(d: &Datasets, incidents: u64) -> String {
    let each: Vec<String> = d
        .recorded
        .iter()
        .map(|r| format!("{} in {}", r.incidents, r.dataset))
        .collect();
    let several = if d.recorded.len() == 2 {
        "both".to_string()
    } else {
        "two datasets".to_string()
    };
    format!(
        "{incidents} incidents: {}; {} event(s) recorded by {several}, so {} event(s) counted once",
        each.join(", "),
        d.in_several,
        d.events
    )
}

/// "2018-09-24 Pétégoli village [ged:265856 = BFO1112]: fatalities UCDP: best 10; ACLED: 20".
pub fn disagreement_phrase(d: &Disagreement) -> String {
    let what: Vec<String> = d
        .differences
        .iter()
        .map(|x| match x.field.as_str() {
            "fatalities" => format!("fatalities {}", d.fatalities),
            f => format!("{f} {}: {}; {}: {}", d.datasets[0], x.a, d.datasets[1], x.b),
        })
        .collect();
    format!(
        "{} {} [{} = {}]: {}",
        d.date,
        d.place,
        d.a,
        d.b,
        what.join("; ")
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn f(best: Option<u32>, low: Option<u32>, high: Option<u32>) -> Fatalities {
        Fatalities {
            best,
            low,
            high,
            ..Fatalities::default()
        }
    }

    #[test]
    fn a_toll_within_the_others_range_is_no_disagreement() {
        let ucdp = f(Some(1), Some(0), Some(2));
        assert!(!tolls_disagree(&ucdp, &f(Some(2), None, None)));
        assert!(!tolls_disagree(&f(Some(2), None, None), &ucdp));
        assert!(tolls_disagree(&ucdp, &f(Some(3), None, None)));
        assert!(tolls_disagree(
            &f(Some(10), Some(10), Some(10)),
            &f(Some(20), None, None)
        ));
        assert!(!tolls_disagree(
            &f(Some(5), None, None),
            &f(Some(5), None, None)
        ));
        // A known toll against an unknown one: they do not say the same.
        assert!(tolls_disagree(
            &f(Some(5), None, None),
            &f(None, None, None)
        ));
    }
}
