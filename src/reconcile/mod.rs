//! Reconcile: the same event in two datasets. A pure query over two loaded stores (beside
//! `trend`; it reads `model` and `store` only): every record of A is compared with the
//! records of B near it in time and space ([`index`]), each fitting pair is scored
//! ([`rules`], [`parties`] through the [`crosswalk`]), and a pair is matched when each is
//! the other's best candidate by a clear margin; the rest are kept as candidates
//! (ambiguous), never forced. [`render`] writes text, CSV and JSON.

pub use crate::store::crosswalk;
pub mod index;
pub mod joined;
pub mod parties;
pub mod render;
pub mod rules;

use rayon::prelude::*;

use crate::model::{Fatalities, Incident};
use crate::store::{Ix, Store};
use crate::text::fold;
pub use crosswalk::Crosswalk;
use parties::{ActorInfo, Keys, Parties, Verdict};
pub use rules::Rules;

/// One dataset's side: its store, the incidents taking part (after filters) and a label
/// ("ACLED", "UCDP").
pub struct Side<'s> {
    pub store: &'s Store,
    pub incidents: Vec<Ix>,
    pub label: String,
}

/// A candidate pair of A's record with one of B's.
#[derive(Clone, Debug, PartialEq)]
pub struct Candidate {
    /// Position in B's incidents.
    pub b: u32,
    pub score: f64,
    pub days: i64,
    pub km: f64,
    pub verdict: Verdict,
}

/// The fields a [`Difference`] names.
pub const DIFFERENCE_FIELDS: [&str; 5] = ["fatalities", "actors", "perpetrator", "place", "date"];

/// What two matched records say differently.
#[derive(Clone, Debug, PartialEq)]
pub struct Difference {
    pub field: &'static str,
    pub a: String,
    pub b: String,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Matched {
    pub a: Ix,
    pub b: Ix,
    pub days: i64,
    pub km: f64,
    pub score: f64,
    pub verdict: Verdict,
    pub differences: Vec<Difference>,
    /// Both fatalities, side by side: "ACLED: 22; UCDP: best 22, low 0, high 22".
    pub fatalities: String,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Ambiguous {
    pub a: Ix,
    /// Best first, with their scores.
    pub candidates: Vec<(Ix, f64)>,
}

pub struct Reconciliation {
    pub rules: Vec<String>,
    pub matched: Vec<Matched>,
    pub only_a: Vec<Ix>,
    pub only_b: Vec<Ix>,
    pub ambiguous: Vec<Ambiguous>,
}

/// What the matching reads of each record, worked out once per record rather than once
/// per pair.
struct Prepared {
    windows: Vec<(chrono::NaiveDate, chrono::NaiveDate)>,
    points: Vec<Option<(f64, f64)>>,
    radii: Vec<f64>,
    parties: Vec<Parties>,
    types: Vec<rules::TypeClass>,
    tolls: Vec<rules::Toll>,
}

fn prepare(side: &Side, actors: &[ActorInfo]) -> Prepared {
    let incs: Vec<&Incident> = side
        .incidents
        .iter()
        .map(|&i| side.store.incident(i))
        .collect();
    Prepared {
        windows: incs.par_iter().map(|i| rules::window(i)).collect(),
        points: incs.iter().map(|i| i.lat.zip(i.lon)).collect(),
        radii: incs
            .iter()
            .map(|i| rules::radius_km(i.geo_precision))
            .collect(),
        parties: incs
            .par_iter()
            .map(|i| Parties::of(side.store, actors, i))
            .collect(),
        types: incs.iter().map(|i| rules::type_class(i)).collect(),
        tolls: incs
            .iter()
            .map(|i| rules::Toll::of(&i.fatalities))
            .collect(),
    }
}

/// "22", or "best 22, low 0, high 22" when the record gives a range.
pub fn fatality_claim(f: &Fatalities) -> String {
    let n = |v: Option<u32>| v.map_or("?".to_string(), |v| v.to_string());
    match (f.low, f.high) {
        (None, None) => n(f.best),
        _ => format!("best {}, low {}, high {}", n(f.best), n(f.low), n(f.high)),
    }
}

/// Matches A's incidents with B's.
pub fn reconcile(a: &Side, b: &Side, crosswalk: &Crosswalk, rules: &Rules) -> Reconciliation {
    let mut keys = Keys::new(crosswalk);
    let actors_a = keys.actors(a.store);
    let actors_b = keys.actors(b.store);
    let pa = prepare(a, &actors_a);
    let pb = prepare(b, &actors_b);
    let (da, db) = (
        parties::Distinct::new(&pa.parties),
        parties::Distinct::new(&pb.parties),
    );
    let table = parties::verdict_table(&da, &db);
    let nb_groups = db.values.len();
    // Too many distinct parties for a table: each thread remembers the pairs it has seen.
    type Memo = rustc_hash::FxHashMap<(u32, u32), Option<Verdict>>;
    let verdict_of = |memo: &mut Memo, s: usize, e: &index::Entry| match &table {
        Some(t) => t[da.of[s] as usize * nb_groups + e.group as usize],
        None => {
            if memo.len() > 1 << 20 {
                memo.clear();
            }
            *memo
                .entry((da.of[s], e.group))
                .or_insert_with(|| parties::verdict(&pa.parties[s], &pb.parties[e.slot as usize]))
        }
    };
    let items: Vec<Option<index::Item>> = (0..b.incidents.len())
        .map(|s| {
            let (lat, lon) = pb.points[s]?;
            Some(index::Item {
                start: pb.windows[s].0,
                end: pb.windows[s].1,
                lat,
                lon,
                radius_km: pb.radii[s],
                tag: pb.types[s].bits(),
                group: db.of[s],
            })
        })
        .collect();
    let idx = index::Index::build(&items);
    // A's records are visited place by place, then day by day, so that each query reads
    // the index where the one before it did (what it reads is then in the cache); each
    // record's candidates do not depend on the order.
    let mut order: Vec<u32> = (0..a.incidents.len() as u32).collect();
    order.sort_by_cached_key(|&s| {
        let s = s as usize;
        let (y, x) = pa.points[s].map_or((i32::MAX, i32::MAX), |(lat, lon)| {
            ((lat / 0.25).floor() as i32, (lon / 0.25).floor() as i32)
        });
        (y, x, pa.windows[s].0)
    });
    let found: Vec<Vec<Candidate>> = order
        .par_iter()
        .map_init(Memo::default, |memo, &s| {
            let s = s as usize;
            let mut out = Vec::new();
            let Some((lat, lon)) = pa.points[s] else {
                return out;
            };
            let wa = pa.windows[s];
            let wn = (index::day_number(wa.0), index::day_number(wa.1));
            let (ra, ta) = (pa.radii[s], pa.types[s]);
            let cos_a = lat.to_radians().cos();
            idx.near(wa, rules.max_gap_days, (lat, lon), ra, |e| {
                let days = rules::gap_day_numbers(wn, (e.start, e.end));
                if days > rules.max_gap_days {
                    return;
                }
                let allowed = ra + e.radius_km;
                // No great circle is shorter than its change of latitude: most pairs too
                // far apart are told so without the trigonometry.
                if (lat - e.lat).abs() * rules::KM_PER_DEG_LAT > allowed * (1.0 + 1e-9) {
                    return;
                }
                if !rules::classes_fit(ta, rules::TypeClass::from_bits(e.tag)) {
                    return;
                }
                let Some(verdict) = verdict_of(memo, s, e) else {
                    return;
                };
                let km = rules::haversine_with_cos((lat, lon, cos_a), (e.lat, e.lon, e.cos_lat));
                if km > allowed {
                    return;
                }
                let t = e.slot as usize;
                let width = (wn.1 - wn.0) as i64 + (e.end - e.start) as i64;
                let score = verdict.score()
                    * rules::date_score(days, width)
                    * rules::place_score(km, allowed)
                    * rules::toll_score(pa.tolls[s], pb.tolls[t]);
                if score < rules.min_score {
                    return;
                }
                out.push(Candidate {
                    b: t as u32,
                    score: (score * 1000.0).round() / 1000.0,
                    days,
                    km: (km * 10.0).round() / 10.0,
                    verdict,
                });
            });
            out.sort_by(|x, y| y.score.total_cmp(&x.score).then(x.b.cmp(&y.b)));
            out
        })
        .collect();
    let mut cands: Vec<Vec<Candidate>> = vec![Vec::new(); a.incidents.len()];
    for (s, list) in order.into_iter().zip(found) {
        cands[s as usize] = list;
    }
    let chosen = assign(&cands, b.incidents.len(), rules.margin);
    let mut matched = Vec::new();
    let mut ambiguous = Vec::new();
    let mut only_a = Vec::new();
    let mut b_used = vec![false; b.incidents.len()];
    for (s, list) in cands.iter().enumerate() {
        let ia = a.incidents[s];
        if list.is_empty() {
            only_a.push(ia);
            continue;
        }
        match chosen[s] {
            Some(k) => {
                let c = &list[k];
                b_used[c.b as usize] = true;
                matched.push(compare(
                    a,
                    b,
                    ia,
                    b.incidents[c.b as usize],
                    c,
                    &pa.parties[s],
                    &pb.parties[c.b as usize],
                    &actors_a,
                    &actors_b,
                ));
            }
            None => {
                for c in list {
                    b_used[c.b as usize] = true;
                }
                ambiguous.push(Ambiguous {
                    a: ia,
                    candidates: list
                        .iter()
                        .map(|c| (b.incidents[c.b as usize], c.score))
                        .collect(),
                });
            }
        }
    }
    let only_b = (0..b.incidents.len())
        .filter(|&t| !b_used[t])
        .map(|t| b.incidents[t])
        .collect();
    Reconciliation {
        rules: rules::describe(rules),
        matched,
        only_a,
        only_b,
        ambiguous,
    }
}

/// For each A record (by position), the candidate (position in its list) it is matched
/// with: each the other's best by `margin` on both sides, first among all records, then
/// once more among those left unmatched, so that a candidate already matched elsewhere no
/// longer makes a clear pair ambiguous.
fn assign(cands: &[Vec<Candidate>], nb: usize, margin: f64) -> Vec<Option<usize>> {
    let mut chosen: Vec<Option<usize>> = vec![None; cands.len()];
    let mut b_taken = vec![false; nb];
    for _pass in 0..2 {
        let open = |s: usize, chosen: &[Option<usize>]| chosen[s].is_none();
        // B's best and next-best scores among the open A records, and which A is the best.
        let mut best_b: Vec<(f64, f64, u32)> = vec![(0.0, 0.0, u32::MAX); nb];
        for (s, list) in cands.iter().enumerate() {
            if !open(s, &chosen) {
                continue;
            }
            for c in list.iter().filter(|c| !b_taken[c.b as usize]) {
                let e = &mut best_b[c.b as usize];
                if c.score > e.0 || (c.score == e.0 && (s as u32) < e.2) {
                    *e = (c.score, e.0, s as u32);
                } else if c.score > e.1 {
                    e.1 = c.score;
                }
            }
        }
        let clear = |best: f64, next: f64| next <= 0.0 || best >= margin * next;
        let mut picks = Vec::new();
        for (s, list) in cands.iter().enumerate() {
            if !open(s, &chosen) {
                continue;
            }
            let mut left = list
                .iter()
                .enumerate()
                .filter(|(_, c)| !b_taken[c.b as usize]);
            let Some((k, first)) = left.next() else {
                continue;
            };
            let next = left.next().map_or(0.0, |(_, c)| c.score);
            let (bb, bn, who) = best_b[first.b as usize];
            if who == s as u32 && bb == first.score && clear(first.score, next) && clear(bb, bn) {
                picks.push((s, k, first.b));
            }
        }
        for (s, k, t) in picks {
            chosen[s] = Some(k);
            b_taken[t as usize] = true;
        }
    }
    chosen
}

fn names(store: &Store, actors: &[ActorInfo], inc: &Incident, armed_only: bool) -> String {
    let mut out: Vec<String> = Vec::new();
    for r in &inc.actors {
        let Some(ix) = store.actor_ix(&r.actor) else {
            continue;
        };
        let class = actors[ix as usize].class;
        let keep = !armed_only || matches!(class, parties::Class::Armed | parties::Class::Unnamed);
        let name = store.actor(ix).name.clone();
        if keep
            && !out.contains(&name)
            && !matches!(
                r.role,
                crate::model::Role::ClaimedBy | crate::model::Role::Mediator
            )
        {
            out.push(name);
        }
    }
    if out.is_empty() {
        "(none named)".into()
    } else {
        out.join("; ")
    }
}

/// A place name as compared: folded, without UCDP's "village", "town", "city".
fn place_key(name: &str) -> String {
    let f = fold(name);
    let mut s = f.trim();
    for suffix in [" village", " town", " city"] {
        s = s.strip_suffix(suffix).unwrap_or(s);
    }
    s.to_string()
}

#[allow(clippy::too_many_arguments)]
fn compare(
    a: &Side,
    b: &Side,
    ia: Ix,
    ib: Ix,
    c: &Candidate,
    pa: &Parties,
    pb: &Parties,
    actors_a: &[ActorInfo],
    actors_b: &[ActorInfo],
) -> Matched {
    let (x, y) = (a.store.incident(ia), b.store.incident(ib));
    let mut differences = Vec::new();
    let (fa, fb) = (fatality_claim(&x.fatalities), fatality_claim(&y.fatalities));
    if x.fatalities.best != y.fatalities.best {
        differences.push(Difference {
            field: "fatalities",
            a: fa.clone(),
            b: fb.clone(),
        });
    }
    match c.verdict {
        Verdict::Agree => {
            let mut ka: Vec<u32> = pa.armed.iter().chain(&pa.others).copied().collect();
            let mut kb: Vec<u32> = pb.armed.iter().chain(&pb.others).copied().collect();
            ka.sort_unstable();
            kb.sort_unstable();
            if ka != kb || pa.unnamed != pb.unnamed {
                differences.push(Difference {
                    field: "actors",
                    a: names(a.store, actors_a, x, false),
                    b: names(b.store, actors_b, y, false),
                });
            }
        }
        Verdict::Unnamed { .. } | Verdict::Related | Verdict::Differ => {
            differences.push(Difference {
                field: "perpetrator",
                a: names(a.store, actors_a, x, true),
                b: names(b.store, actors_b, y, true),
            })
        }
    }
    let (ta, tb) = (a.store.town_name(&x.town), b.store.town_name(&y.town));
    if place_key(ta) != place_key(tb) {
        differences.push(Difference {
            field: "place",
            a: ta.to_string(),
            b: tb.to_string(),
        });
    }
    if x.date_label() != y.date_label() {
        differences.push(Difference {
            field: "date",
            a: x.date_label(),
            b: y.date_label(),
        });
    }
    Matched {
        a: ia,
        b: ib,
        days: c.days,
        km: c.km,
        score: c.score,
        verdict: c.verdict,
        differences,
        fatalities: format!("{}: {fa}; {}: {fb}", a.label, b.label),
    }
}

#[cfg(test)]
mod tests;
