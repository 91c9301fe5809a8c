//! Tests of the synthetic generator: determinism, shape, and references that resolve.

use std::collections::{HashMap, HashSet};

use super::*;
use crate::model::StoreDoc;

fn generate(incidents: usize, seed: u64) -> Vec<u8> {
    let mut out = Vec::new();
    write_synthetic(&SynthOptions { incidents, seed }, &mut out).unwrap();
    out
}

fn parse(incidents: usize, seed: u64) -> StoreDoc {
    serde_json::from_slice(&generate(incidents, seed)).expect("output parses as a store")
}

#[test]
fn same_seed_same_bytes_other_seed_differs() {
    assert_eq!(generate(200, 7), generate(200, 7));
    assert_ne!(generate(200, 7), generate(200, 8));
}

#[test]
fn counts_ids_and_references() {
    let doc = parse(200, 42);
    assert_eq!(
        (doc.schema_version, doc.meta.content),
        (1, ContentKind::Synthetic)
    );
    assert_eq!(doc.meta.title, "Synthetic store (200 incidents, seed 42)");
    let towns: HashMap<_, _> = doc.towns.iter().map(|t| (t.id.clone(), t)).collect();
    let actors: HashSet<_> = doc.actors.iter().map(|a| a.id.clone()).collect();
    let reports: HashMap<_, _> = doc.reports.iter().map(|r| (r.id.clone(), r)).collect();
    let ids: HashSet<_> = doc.incidents.iter().map(|i| i.id.as_str()).collect();
    // Distinct ids equal to the record counts: counts right and ids unique.
    let counts = [towns.len(), actors.len(), reports.len(), ids.len()];
    assert_eq!(counts, [200, ACTOR_COUNT, 50, 200]);
    assert_eq!(doc.actors.len(), ACTOR_COUNT);
    assert!(
        doc.actors
            .iter()
            .filter_map(|a| a.parent.as_ref())
            .all(|p| actors.contains(p))
    );
    assert!(doc.reports.iter().all(|r| r.illustrative));
    for inc in &doc.incidents {
        let t = towns[&inc.town];
        let place = (&inc.country, &inc.admin1, &inc.admin2, inc.lat, inc.lon);
        assert_eq!(place, (&t.country, &t.admin1, &t.admin2, t.lat, t.lon));
        assert!((1..=3).contains(&inc.actors.len()));
        assert!(inc.actors.iter().all(|r| actors.contains(&r.actor)));
        for c in &inc.claims {
            assert!(actors.contains(&c.claimant));
            assert!(reports.contains_key(c.source.as_ref().unwrap()));
        }
        assert!(!inc.fatalities.is_inconsistent(), "{}", inc.id);
        assert!(inc.is_illustrative() && (1..=2).contains(&inc.sources.len()));
        for s in &inc.sources {
            let r = reports[s.report.as_ref().unwrap()];
            assert_eq!(s.outlet, r.outlet);
            assert!(r.date >= Some(inc.date), "report predates {}", inc.id);
        }
        assert!(
            !inc.summary.is_empty() && inc.notes.len() <= 400,
            "{}",
            inc.notes
        );
    }
}

#[test]
fn shape_is_realistic() {
    let doc = parse(1000, 1);
    let share = |f: &dyn Fn(&Incident) -> bool| {
        doc.incidents.iter().filter(|i| f(i)).count() as f64 / 1000.0
    };
    let contested = share(&|i| i.has_contested_claims());
    assert!((0.04..0.13).contains(&contested), "contested {contested}");
    assert!(share(&|i| i.date_precision == DatePrecision::Day) > 0.8);
    assert!(share(&|i| i.end_date.is_some()) > 0.0);
    assert!(share(&|i| i.fatalities.best.is_none()) > 0.0);
    assert!(share(&|i| (200..=400).contains(&i.notes.len())) > 0.95);
    assert!(
        share(&|i| i.date.year() >= 2021) > 0.6,
        "recent years are busier"
    );
    assert!(doc.incidents.windows(2).all(|p| p[0].id < p[1].id));
    // A few towns see far more incidents than the median town.
    let mut per_town: HashMap<&str, usize> = HashMap::new();
    for i in &doc.incidents {
        *per_town.entry(i.town.as_str()).or_default() += 1;
    }
    let mut counts: Vec<usize> = per_town.into_values().collect();
    counts.sort_unstable();
    assert!(
        counts[counts.len() - 1] > 10 * counts[counts.len() / 2],
        "{counts:?}"
    );
}
