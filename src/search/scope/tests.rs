//! The scope rule on a small hand-made store (tests/fixtures/scope/store.json): Mali (7
//! incidents), Somalia (4) and Burkina Faso (1), two towns named Koro.

use std::path::Path;

use super::*;

const STORE: &str = include_str!("../../../tests/fixtures/scope/store.json");

fn store() -> Store {
    Store::from_bytes(Path::new("scope.json"), STORE.as_bytes(), &|_, _| {}).unwrap()
}

fn terms(countries: &[&str], towns: &[&str], actors: &[&str]) -> ScopeTerms {
    let v = |xs: &[&str]| xs.iter().map(|s| s.to_string()).collect();
    ScopeTerms {
        countries: v(countries),
        towns: v(towns),
        actors: v(actors),
    }
}

/// Ids of the incidents the terms accept, sorted.
fn ids(store: &Store, t: &ScopeTerms) -> Vec<String> {
    let s = Scopes::resolve(store, t).unwrap();
    let mut out: Vec<String> = store
        .incidents
        .iter()
        .filter(|i| s.accepts(store, i))
        .map(|i| i.id.clone())
        .collect();
    out.sort();
    out
}

fn town_ix(store: &Store, id: &str) -> Ix {
    store.town_ix(id).unwrap()
}

#[test]
fn mali_is_mali_never_somalia() {
    let s = store();
    assert_eq!(
        resolve(&s, ScopeKey::Country, "mali"),
        Ok(Named::Countries(vec![Sym::new("Mali")]))
    );
    let mali = ids(&s, &terms(&["mali"], &[], &[]));
    assert_eq!(mali.len(), 7);
    assert!(mali.iter().all(|id| id.starts_with("MLI")), "{mali:?}");
}

#[test]
fn accents_and_case_are_folded() {
    let s = store();
    assert_eq!(
        resolve(&s, ScopeKey::Town, "segou"),
        Ok(Named::Towns(vec![town_ix(&s, "town:segou")]))
    );
    assert_eq!(
        resolve(&s, ScopeKey::Town, "SÉGOU"),
        Ok(Named::Towns(vec![town_ix(&s, "town:segou")]))
    );
    assert_eq!(
        resolve(&s, ScopeKey::Country, "MALI"),
        Ok(Named::Countries(vec![Sym::new("Mali")]))
    );
}

#[test]
fn aliases_and_ids_name_records() {
    let s = store();
    assert_eq!(
        resolve(&s, ScopeKey::Town, "binoli"),
        Ok(Named::Towns(vec![town_ix(&s, "town:diboli")]))
    );
    let jnim = s.actor_ix("actor:jnim").unwrap();
    assert_eq!(
        resolve(&s, ScopeKey::Actor, "gsim"),
        Ok(Named::Actors(vec![jnim]))
    );
    assert_eq!(
        resolve(&s, ScopeKey::Actor, "actor:jnim"),
        Ok(Named::Actors(vec![jnim]))
    );
    assert_eq!(
        resolve(&s, ScopeKey::Town, "town:koro-bf"),
        Ok(Named::Towns(vec![town_ix(&s, "town:koro-bf")]))
    );
}

#[test]
fn part_of_a_name_is_not_a_match_but_is_suggested() {
    let s = store();
    let e = resolve(&s, ScopeKey::Actor, "shabaab").unwrap_err();
    assert_eq!(e.suggestions[0], "Al Shabaab");
    assert!(e.to_string().contains("no actor named 'shabaab'"), "{e}");
    let e = resolve(&s, ScopeKey::Country, "somali").unwrap_err();
    assert_eq!(e.suggestions[0], "Somalia");
}

#[test]
fn no_match_suggests_the_closest_names() {
    let s = store();
    let e = resolve(&s, ScopeKey::Country, "Mlai").unwrap_err();
    assert_eq!(e.key, ScopeKey::Country);
    assert_eq!(e.suggestions[0], "Mali");
    assert_eq!(
        e.to_string(),
        format!(
            "no country or admin1 region named 'Mlai'; closest: {}",
            e.suggestions.join(", ")
        )
    );
    let e = resolve(&s, ScopeKey::Town, "Mogadishou").unwrap_err();
    assert_eq!(e.suggestions, vec!["Mogadishu, Somalia"]);
    let e = resolve(&s, ScopeKey::Town, "Atlantis").unwrap_err();
    assert!(e.suggestions.is_empty());
    assert_eq!(e.to_string(), "no town named 'Atlantis' in this store");
}

#[test]
fn a_name_shared_by_two_towns_means_both_and_a_country_picks_one() {
    let s = store();
    let both = ids(&s, &terms(&[], &["koro"], &[]));
    assert_eq!(both, vec!["BFA90001", "MLI90004"]);
    let bf = ids(&s, &terms(&[], &["Koro, Burkina Faso"], &[]));
    assert_eq!(bf, vec!["BFA90001"]);
    let e = resolve(&s, ScopeKey::Town, "Koro, Niger").unwrap_err();
    assert!(e.suggestions.contains(&"Koro, Mali".to_string()), "{e}");
}

#[test]
fn a_country_term_falls_back_to_an_admin1_region() {
    let s = store();
    assert_eq!(
        resolve(&s, ScopeKey::Country, "kayes"),
        Ok(Named::Regions(vec![Sym::new("Kayes")]))
    );
    // Kayes town (3) and Diboli (1), both in Kayes region.
    assert_eq!(ids(&s, &terms(&["kayes"], &[], &[])).len(), 4);
}

#[test]
fn several_actor_terms_all_apply() {
    let s = store();
    assert_eq!(ids(&s, &terms(&[], &[], &["jnim"])).len(), 6);
    assert_eq!(
        ids(&s, &terms(&[], &[], &["jnim", "fama"])),
        vec!["MLI90001", "MLI90002", "MLI90006", "MLI91007"]
    );
    assert!(ids(&s, &terms(&[], &[], &["jnim", "sna"])).is_empty());
}

#[test]
fn several_place_terms_add_places() {
    let s = store();
    assert_eq!(ids(&s, &terms(&["mali", "somalia"], &[], &[])).len(), 11);
    assert_eq!(
        ids(&s, &terms(&[], &["segou", "diboli"], &[])),
        vec!["MLI90002", "MLI90003", "MLI90006"]
    );
    // Different keys narrow each other: Somalia's incidents involving JNIM are none.
    assert!(ids(&s, &terms(&["somalia"], &[], &["jnim"])).is_empty());
}

#[test]
fn strict_resolution_names_the_missing_term_and_lenient_matches_nothing() {
    let s = store();
    let t = terms(&["mali"], &[], &["jnim", "Wagner"]);
    let e = Scopes::resolve(&s, &t).unwrap_err();
    assert_eq!((e.key, e.query.as_str()), (ScopeKey::Actor, "Wagner"));
    let lenient = Scopes::resolve_lenient(&s, &t);
    assert!(!s.incidents.iter().any(|i| lenient.accepts(&s, i)));
    assert!(
        Scopes::resolve(&s, &ScopeTerms::default())
            .unwrap()
            .is_everything()
    );
}

#[test]
fn edit_distance_and_words() {
    assert_eq!(edit_distance("mali", "mlai"), 1);
    assert_eq!(edit_distance("nioro", "koro"), 2);
    assert_eq!(edit_distance("kitten", "sitting"), 3);
    assert_eq!(edit_distance("kayes", "kayes"), 0);
    assert_eq!(edit_distance("", "abc"), 3);
    assert!(has_word("jnim: group for support", "jnim"));
    assert!(!has_word("somalia", "mali"));
}
