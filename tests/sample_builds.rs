//! The shipped sample (`data/sample.json`) is what the builder in `src/sample/` makes from
//! `data/tools/` (issue 14): rebuilt in memory, it must be the checked-in file byte for
//! byte, load as a store without problems and pass the sample's own checks.

use std::path::Path;

use sitrep::model::StoreDoc;
use sitrep::sample::{self, Inputs};
use sitrep::store::{SAMPLE_JSON, Store};

fn built() -> String {
    sample::build(&Inputs::bundled()).expect("the sample builds")
}

#[test]
fn rebuilding_the_sample_gives_the_checked_in_file_byte_for_byte() {
    let ours = built();
    let file =
        std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("data/sample.json"))
            .expect("data/sample.json readable");
    if let Some((line, b, f)) = sample::first_difference(&ours, &file) {
        panic!(
            "data/sample.json differs from a fresh build at line {line}:\n  file:  {f}\n  build: {b}\n\
             (rebuild with `cargo run --example build_sample` if the change is intended)"
        );
    }
    // The copy compiled into the binary is that file too.
    assert!(
        ours == SAMPLE_JSON,
        "the built-in sample is not the rebuilt file"
    );
}

#[test]
fn the_built_sample_loads_as_a_store_without_problems() {
    let ours = built();
    let store = Store::from_bytes(Path::new("built-sample.json"), ours.as_bytes(), &|_, _| {})
        .expect("the built sample loads");
    assert!(
        store.problems.is_empty(),
        "problems at load: {:?}",
        store.problems
    );
    assert_eq!(store.incidents.len(), 357);
    assert_eq!(store.towns.len(), 76);
    let real = store
        .incidents
        .iter()
        .filter(|i| i.tags.iter().any(|t| t.as_str() == "real"))
        .count();
    assert_eq!(real, 7, "the seven real incidents of 1 July 2025");
}

#[test]
fn the_built_sample_passes_its_own_checks() {
    let doc: StoreDoc = serde_json::from_str(&built()).expect("the built sample parses as a store");
    let errs = sample::check::check(&doc);
    assert!(errs.is_empty(), "{errs:#?}");
}

#[test]
fn the_checks_catch_an_illustrative_incident_citing_a_real_report() {
    let mut doc: StoreDoc = serde_json::from_str(&built()).expect("parses");
    let real_report = doc.reports[0].id.clone();
    let inc = doc
        .incidents
        .iter_mut()
        .find(|i| i.is_illustrative())
        .expect("an illustrative incident");
    inc.sources[0].report = Some(real_report);
    let errs = sample::check::check(&doc);
    assert!(
        errs.iter().any(|e| e.contains("citing a real report")),
        "{errs:#?}"
    );
}
