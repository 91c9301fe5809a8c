//! The parties of an incident as reconcile compares them: each actor's crosswalk keys and
//! class, and the verdict on two incidents' parties.

use rustc_hash::FxHashMap;

use super::crosswalk::{Crosswalk, normalise};
use crate::model::{ActorKind, Incident, Role};
use crate::store::Store;

/// What part an actor can play in the comparison.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Class {
    /// A named armed group (a perpetrator when it is one).
    Armed,
    /// State forces (national, foreign or international).
    State,
    /// Civilians, protesters, rioters.
    People,
    /// An unnamed armed group ("Unidentified Armed Group (Burkina Faso)").
    Unnamed,
}

#[derive(Clone, Debug)]
pub struct ActorInfo {
    pub class: Class,
    /// Crosswalk entries, or the actor's own normalised name, as shared keys.
    pub keys: Vec<u32>,
    /// Crosswalk entries related to its own by a [[related]] set (not its own).
    pub related: Vec<u32>,
}

/// Keys shared by both stores: crosswalk entries first, then names in no entry.
pub struct Keys<'c> {
    pub crosswalk: &'c Crosswalk,
    names: FxHashMap<String, u32>,
}

impl<'c> Keys<'c> {
    pub fn new(crosswalk: &'c Crosswalk) -> Keys<'c> {
        Keys {
            crosswalk,
            names: FxHashMap::default(),
        }
    }

    /// Every actor of a store, by its index.
    pub fn actors(&mut self, store: &Store) -> Vec<ActorInfo> {
        store
            .actors
            .iter()
            .map(|a| {
                let mut keys: Vec<u32> = Vec::new();
                for n in std::iter::once(&a.name).chain(&a.aliases) {
                    for k in self.crosswalk.lookup(n) {
                        if !keys.contains(&k) {
                            keys.push(k);
                        }
                    }
                }
                let norm = normalise(&a.name);
                if keys.is_empty() {
                    let next = (self.crosswalk.entries.len() + self.names.len()) as u32;
                    keys.push(*self.names.entry(norm.clone()).or_insert(next));
                }
                keys.sort_unstable();
                let class = match a.kind {
                    _ if norm.starts_with("unidentified") || norm.starts_with("unknown") => {
                        Class::Unnamed
                    }
                    ActorKind::Unidentified => Class::Unnamed,
                    ActorKind::StateForces
                    | ActorKind::ExternalForce
                    | ActorKind::InternationalOrganisation => Class::State,
                    ActorKind::Civilians | ActorKind::Protesters | ActorKind::Rioters => {
                        Class::People
                    }
                    _ => Class::Armed,
                };
                let mut related: Vec<u32> = keys
                    .iter()
                    .flat_map(|&k| self.crosswalk.related_to(k))
                    .filter(|k| !keys.contains(k))
                    .collect();
                related.sort_unstable();
                related.dedup();
                ActorInfo {
                    class,
                    keys,
                    related,
                }
            })
            .collect()
    }
}

/// An incident's parties: the keys of its named armed groups, of its state forces and
/// people, and whether an unnamed group takes part. Claimants and mediators are not parties.
#[derive(Clone, Debug, Default, PartialEq, Eq, Hash)]
pub struct Parties {
    pub armed: Vec<u32>,
    pub others: Vec<u32>,
    pub unnamed: bool,
    /// Groups related to its named armed groups (see [`Verdict::Related`]).
    pub related: Vec<u32>,
}

impl Parties {
    pub fn of(store: &Store, actors: &[ActorInfo], inc: &Incident) -> Parties {
        let mut p = Parties::default();
        for r in &inc.actors {
            if matches!(r.role, Role::ClaimedBy | Role::Mediator) {
                continue;
            }
            let Some(ix) = store.actor_ix(&r.actor) else {
                continue;
            };
            let info = &actors[ix as usize];
            let into = match info.class {
                Class::Unnamed => {
                    p.unnamed = true;
                    continue;
                }
                Class::Armed => {
                    p.related.extend(&info.related);
                    &mut p.armed
                }
                Class::State | Class::People => &mut p.others,
            };
            into.extend(&info.keys);
        }
        for v in [&mut p.armed, &mut p.others, &mut p.related] {
            v.sort_unstable();
            v.dedup();
        }
        p
    }

    fn is_empty(&self) -> bool {
        self.armed.is_empty() && self.others.is_empty() && !self.unnamed
    }
}

fn meets(a: &[u32], b: &[u32]) -> bool {
    a.iter().any(|k| b.contains(k))
}

/// What two incidents' parties say about their being one event.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Verdict {
    /// A named armed group in both, or (neither naming one) the same other parties.
    Agree,
    /// Named armed groups that differ but are related in the crosswalk (a coalition and a
    /// member: UCDP's "JNIM" for ACLED's "Katiba Macina").
    Related,
    /// One names the armed group, the other leaves it unnamed (or names no party at all).
    Unnamed { shared: bool },
    /// Different named perpetrators, with another party in common.
    Differ,
}

impl Verdict {
    pub fn score(self) -> f64 {
        match self {
            Verdict::Agree => 1.0,
            Verdict::Related => 0.8,
            Verdict::Unnamed { shared: true } => 0.6,
            Verdict::Unnamed { shared: false } => 0.45,
            Verdict::Differ => 0.3,
        }
    }

    pub fn key(self) -> &'static str {
        match self {
            Verdict::Agree => "same actors",
            Verdict::Related => "related armed groups",
            Verdict::Unnamed { .. } => "an unnamed armed group against a named one",
            Verdict::Differ => "perpetrators differ",
        }
    }
}

/// Each record's parties as an index into the distinct parties of its side, so that a
/// verdict is worked out once per pair of distinct parties, not once per pair of records.
pub struct Distinct {
    pub of: Vec<u32>,
    pub values: Vec<Parties>,
}

impl Distinct {
    pub fn new(parties: &[Parties]) -> Distinct {
        let mut seen: FxHashMap<&Parties, u32> = FxHashMap::default();
        let mut values = Vec::new();
        let of = parties
            .iter()
            .map(|p| {
                *seen.entry(p).or_insert_with(|| {
                    values.push(p.clone());
                    (values.len() - 1) as u32
                })
            })
            .collect();
        Distinct { of, values }
    }
}

/// [`verdict`] of every pair of A's and B's distinct parties, as a table when it is small
/// enough, else None (the caller then asks [`verdict`]).
pub fn verdict_table(a: &Distinct, b: &Distinct) -> Option<Vec<Option<Verdict>>> {
    use rayon::prelude::*;
    let n = a.values.len().checked_mul(b.values.len())?;
    if n > 1 << 22 {
        return None;
    }
    let nb = b.values.len();
    Some(
        (0..n)
            .into_par_iter()
            .map(|k| verdict(&a.values[k / nb], &b.values[k % nb]))
            .collect(),
    )
}

/// The verdict on two incidents' parties; None when they cannot be one event.
pub fn verdict(a: &Parties, b: &Parties) -> Option<Verdict> {
    if a.is_empty() || b.is_empty() {
        return Some(Verdict::Unnamed { shared: false });
    }
    if meets(&a.armed, &b.armed) {
        return Some(Verdict::Agree);
    }
    if meets(&a.armed, &b.related) || meets(&a.related, &b.armed) {
        return Some(Verdict::Related);
    }
    // Any party of one among the other's (their armed groups, just seen not to meet, aside).
    let shared =
        meets(&a.armed, &b.others) || meets(&a.others, &b.armed) || meets(&a.others, &b.others);
    match (a.armed.is_empty(), b.armed.is_empty()) {
        (true, true) => match (a.unnamed, b.unnamed) {
            (x, y) if x == y => shared.then_some(Verdict::Agree),
            _ => Some(Verdict::Unnamed { shared }),
        },
        // One names an armed group the other does not: unnamed there, or another perpetrator.
        (true, false) if a.unnamed => Some(Verdict::Unnamed { shared }),
        (false, true) if b.unnamed => Some(Verdict::Unnamed { shared }),
        _ => shared.then_some(Verdict::Differ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn p(armed: &[u32], others: &[u32], unnamed: bool) -> Parties {
        Parties {
            armed: armed.to_vec(),
            others: others.to_vec(),
            unnamed,
            related: Vec::new(),
        }
    }

    /// Parties naming `armed`, which is related to `related`.
    fn rel(armed: &[u32], related: &[u32], others: &[u32]) -> Parties {
        Parties {
            related: related.to_vec(),
            ..p(armed, others, false)
        }
    }

    const JNIM: u32 = 0;
    const IS: u32 = 1;
    const GOV: u32 = 2;
    const CIV: u32 = 3;

    #[test]
    fn the_same_armed_group_agrees() {
        assert_eq!(
            verdict(&p(&[JNIM], &[GOV], false), &p(&[JNIM], &[], false)),
            Some(Verdict::Agree)
        );
    }

    #[test]
    fn an_unnamed_group_is_compatible_with_a_named_one_at_a_lower_score() {
        let v = verdict(&p(&[], &[CIV], true), &p(&[JNIM], &[CIV], false)).unwrap();
        assert_eq!(v, Verdict::Unnamed { shared: true });
        assert!(v.score() < Verdict::Agree.score());
        let v = verdict(&p(&[JNIM], &[GOV], false), &p(&[], &[CIV], true)).unwrap();
        assert_eq!(v, Verdict::Unnamed { shared: false });
        assert!(v.score() < Verdict::Unnamed { shared: true }.score());
    }

    #[test]
    fn different_perpetrators_need_a_shared_party() {
        assert_eq!(
            verdict(&p(&[IS], &[GOV], false), &p(&[JNIM], &[GOV], false)),
            Some(Verdict::Differ)
        );
        assert_eq!(
            verdict(&p(&[IS], &[CIV], false), &p(&[JNIM], &[GOV], false)),
            None
        );
        // State forces against civilians, and an armed group against them.
        assert_eq!(
            verdict(&p(&[], &[GOV, CIV], false), &p(&[JNIM], &[CIV], false)),
            Some(Verdict::Differ)
        );
    }

    #[test]
    fn without_armed_groups_the_other_parties_decide() {
        assert_eq!(
            verdict(&p(&[], &[GOV, CIV], false), &p(&[], &[GOV, CIV], false)),
            Some(Verdict::Agree)
        );
        assert_eq!(
            verdict(&p(&[], &[GOV], false), &p(&[], &[CIV], false)),
            None
        );
    }

    #[test]
    fn related_groups_fit_below_the_same_group_and_above_different_ones() {
        const MACINA: u32 = 4;
        // UCDP's JNIM against ACLED's Katiba Macina, a member: related, even with no party
        // shared, from either side.
        let ucdp = p(&[JNIM], &[CIV], false);
        let acled = rel(&[MACINA], &[JNIM], &[GOV]);
        assert_eq!(verdict(&ucdp, &acled), Some(Verdict::Related));
        assert_eq!(verdict(&acled, &ucdp), Some(Verdict::Related));
        let s = Verdict::Related.score();
        assert!(Verdict::Differ.score() < s && s < Verdict::Agree.score());
        // The same group still agrees; an unrelated one still differs.
        assert_eq!(
            verdict(&rel(&[JNIM], &[MACINA], &[]), &p(&[JNIM], &[], false)),
            Some(Verdict::Agree)
        );
        assert_eq!(
            verdict(&p(&[IS], &[GOV], false), &rel(&[MACINA], &[JNIM], &[GOV])),
            Some(Verdict::Differ)
        );
    }
}
