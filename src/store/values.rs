//! The distinct values of the incidents' place and type fields, gathered once per store:
//! filters resolve names against them on every change, and a pass over a million
//! incidents costs 50-100 ms here, most of it reading the records from memory.

use super::Store;
use crate::model::Sym;

/// Each list sorted, without the empty value.
#[derive(Clone, Debug, Default)]
pub struct Values {
    /// Of towns and incidents (imported stores may hold incidents whose town lacks them).
    pub countries: Vec<Sym>,
    /// Admin1 regions of towns and incidents.
    pub regions: Vec<Sym>,
    pub admin2: Vec<Sym>,
    /// Event types and sub-event types together.
    pub types: Vec<Sym>,
}

impl Values {
    pub(super) fn of(store: &Store) -> Values {
        let incs = &store.incidents;
        let (countries, regions) = rayon::join(
            || {
                let towns = store.towns.iter().map(|t| &t.country);
                Sym::distinct(towns.chain(incs.iter().map(|i| &i.country)))
            },
            || {
                let towns = store.towns.iter().map(|t| &t.admin1);
                Sym::distinct(towns.chain(incs.iter().map(|i| &i.admin1)))
            },
        );
        let (admin2, types) = rayon::join(
            || Sym::distinct(incs.iter().map(|i| &i.admin2)),
            || Sym::distinct(incs.iter().flat_map(|i| [&i.event_type, &i.sub_event_type])),
        );
        Values {
            countries,
            regions,
            admin2,
            types,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::BTreeSet;

    #[test]
    fn values_are_the_distinct_non_empty_texts_of_towns_and_incidents() {
        let store = Store::open(None).expect("the sample store opens");
        let v = store.values();
        let texts = |it: &mut dyn Iterator<Item = &Sym>| -> Vec<String> {
            let set: BTreeSet<String> = it
                .filter(|s| !s.is_empty())
                .map(|s| s.to_string())
                .collect();
            set.into_iter().collect()
        };
        let strs = |v: &[Sym]| v.iter().map(|s| s.to_string()).collect::<Vec<_>>();
        let incs = &store.incidents;
        let countries = texts(
            &mut (store.towns.iter().map(|t| &t.country)).chain(incs.iter().map(|i| &i.country)),
        );
        assert!(countries.len() > 1);
        assert_eq!(strs(&v.countries), countries);
        let regions = texts(
            &mut (store.towns.iter().map(|t| &t.admin1)).chain(incs.iter().map(|i| &i.admin1)),
        );
        assert_eq!(strs(&v.regions), regions);
        assert_eq!(strs(&v.admin2), texts(&mut incs.iter().map(|i| &i.admin2)));
        let types = texts(&mut incs.iter().flat_map(|i| [&i.event_type, &i.sub_event_type]));
        assert_eq!(strs(&v.types), types);
    }
}
