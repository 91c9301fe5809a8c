//! Joined snapshots: read back equal to the fresh join, refused when a part, the crosswalk
//! or the file changed, listed with their parts.

use std::path::{Path, PathBuf};

use super::super::*;
use crate::search::search;
use crate::store::synth::{SynthOptions, write_synthetic};

fn quiet(_: Stage, _: f64) {}

/// Two generated stores (whose incidents match in part) and a cache directory.
fn two_parts(n: usize) -> (tempfile::TempDir, Vec<PathBuf>, Config) {
    let dir = tempfile::tempdir().unwrap();
    let mut paths = Vec::new();
    for (name, seed) in [("east.json", 7), ("west.json", 8)] {
        let p = dir.path().join(name);
        let mut f = std::fs::File::create(&p).unwrap();
        write_synthetic(&SynthOptions { incidents: n, seed }, &mut f).unwrap();
        paths.push(p);
    }
    let cache = Config::Dir(dir.path().join("cache"));
    (dir, paths, cache)
}

fn open(config: &Config, paths: &[PathBuf]) -> Opened {
    open_all_in(config, paths, &Crosswalk::shipped(), &quiet).unwrap()
}

/// The first open joins the files; writing its snapshot succeeds.
fn first_open(config: &Config, paths: &[PathBuf]) -> Opened {
    let mut o = open(config, paths);
    assert!(
        !o.cached && o.snapshot_due(),
        "the first open joins the parts"
    );
    assert_eq!(o.save_now(), None, "the joined snapshot is written");
    o
}

fn joined_snapshot(config: &Config, paths: &[PathBuf]) -> PathBuf {
    let Config::Dir(dir) = config else {
        unreachable!()
    };
    let canon: Vec<String> = paths
        .iter()
        .map(|p| {
            std::fs::canonicalize(p)
                .unwrap()
                .to_string_lossy()
                .into_owned()
        })
        .collect();
    snapshot_path(dir, &joined::name_key(&canon))
}

fn assert_same_matches(a: &StoreMatches, b: &StoreMatches) {
    assert_eq!(a.pairs.len(), b.pairs.len());
    for (x, y) in a.pairs.iter().zip(&b.pairs) {
        assert_eq!((&x.a, &x.b), (&y.a, &y.b));
        assert_eq!(x.result.rules, y.result.rules);
        assert_eq!(x.result.matched, y.result.matched);
        assert_eq!(x.result.ambiguous, y.result.ambiguous);
        assert_eq!(x.result.only_a, y.result.only_a);
        assert_eq!(x.result.only_b, y.result.only_b);
    }
}

fn refused(config: &Config, paths: &[PathBuf], why: &str) -> Opened {
    let o = open(config, paths);
    assert!(!o.cached, "a joined snapshot was used ({why})");
    assert!(
        o.notes.iter().any(|n| n.contains(why)),
        "notes {:?} do not say {why:?}",
        o.notes
    );
    assert!(o.snapshot_due(), "a refused joined snapshot is rebuilt");
    o
}

#[test]
fn a_joined_snapshot_reads_back_equal_to_the_fresh_join() {
    let (_dir, paths, config) = two_parts(3000);
    let mut fresh = first_open(&config, &paths);
    let fresh_index = fresh.index_now();
    let fresh_matches = fresh.matches_now(&Crosswalk::shipped());
    assert!(
        fresh_matches.all_matched().count() > 0,
        "the generated parts have events in common"
    );

    let mut again = open(&config, &paths);
    assert!(again.cached, "the second open restores the joined snapshot");
    assert!(again.notes.is_empty(), "{:?}", again.notes);
    assert!(!again.snapshot_due());
    assert_eq!(again.timings.len(), 1, "one restore, no part opened");
    crate::cache::tests::assert_same(&fresh.store, &again.store);
    let index = again.index.clone().expect("the index is restored");
    crate::cache::tests::assert_same_search(&fresh.store, &fresh_index, &again.store, &index);
    // Read back on a thread of their own, after the store is served.
    let Some(MatchesFrom::Coming(rx)) = again.take_matches() else {
        panic!("the matches are read back from the snapshot");
    };
    let matches = rx.recv().unwrap();
    assert_same_matches(&fresh_matches, &matches);
    // A record's matches are found from either side, as in the fresh join.
    let (_, m) = fresh_matches.all_matched().next().unwrap();
    assert_eq!(
        matches.matches_of(m.a).len(),
        fresh_matches.matches_of(m.a).len()
    );
    assert_eq!(matches.matches_of(m.b)[0].other, m.a);
    // And a search over the restored store finds what the fresh one does.
    let q = &fresh.store.incidents[0].id;
    assert_eq!(
        search(&fresh.store, &fresh_index, q, None, 5),
        search(&again.store, &index, q, None, 5)
    );
}

#[test]
fn matches_that_do_not_read_back_are_worked_out_again() {
    let (_dir, paths, config) = two_parts(1500);
    let mut fresh = first_open(&config, &paths);
    let fresh_matches = fresh.matches_now(&Crosswalk::shipped());
    assert!(fresh_matches.all_matched().count() > 0);
    let later = super::MatchesLater {
        bytes: b"not an archive of matches".to_vec(),
    };
    let again = later.read(&fresh.store, &Crosswalk::shipped());
    assert_same_matches(&fresh_matches, &again);
}

#[test]
fn the_index_writer_hands_the_matches_over_and_writes_the_joined_snapshot() {
    let (_dir, paths, config) = two_parts(1500);
    let mut o = open(&config, &paths);
    let index = o.index_in_background().recv().unwrap();
    assert_eq!(index.incidents(), o.store.incidents.len());
    let Some(MatchesFrom::Coming(rx)) = o.take_matches() else {
        panic!("the writer matches the datasets");
    };
    let m = rx.recv().unwrap();
    assert!(!m.is_empty());
    wait_for_writes();
    assert!(joined_snapshot(&config, &paths).exists());
    assert!(open(&config, &paths).cached);
}

#[test]
fn a_changed_part_makes_the_joined_snapshot_stale() {
    let (_dir, paths, config) = two_parts(800);
    first_open(&config, &paths);
    assert!(open(&config, &paths).cached);

    // Touched: the same bytes, another modification time.
    let f = std::fs::File::options()
        .append(true)
        .open(&paths[1])
        .unwrap();
    f.set_modified(std::time::SystemTime::now() + std::time::Duration::from_secs(5))
        .unwrap();
    drop(f);
    let mut o = refused(&config, &paths, "stale (a part changed since)");
    assert!(o.routine, "a stale joined snapshot is routine");
    assert_eq!(o.save_now(), None);
    assert!(open(&config, &paths).cached, "rebuilt, it is used again");

    // Rewritten with other bytes of the same size, the old modification time put back.
    let meta = std::fs::metadata(&paths[0]).unwrap();
    let mut bytes = std::fs::read(&paths[0]).unwrap();
    let at = bytes.iter().position(|&b| b == b'0').unwrap();
    bytes[at] = b'1';
    std::fs::write(&paths[0], &bytes).unwrap();
    let f = std::fs::File::options()
        .append(true)
        .open(&paths[0])
        .unwrap();
    f.set_modified(meta.modified().unwrap()).unwrap();
    drop(f);
    refused(&config, &paths, "content changed");
}

#[test]
fn parts_in_another_order_or_another_crosswalk_are_not_served_from_the_snapshot() {
    let (dir, paths, config) = two_parts(800);
    first_open(&config, &paths);
    // The other order is another join (the first part leads), with a snapshot of its own.
    let reversed: Vec<PathBuf> = paths.iter().rev().cloned().collect();
    let o = open(&config, &reversed);
    assert!(!o.cached && o.snapshot_due());
    // Another crosswalk matches differently.
    let extra = dir.path().join("crosswalk.toml");
    std::fs::write(
        &extra,
        "[[actor]]\nname = \"X\"\nnames = [\"Xa\", \"Xb\"]\n",
    )
    .unwrap();
    let cw = Crosswalk::with_file(Some(&extra)).unwrap();
    let o = open_all_in(&config, &paths, &cw, &quiet).unwrap();
    assert!(!o.cached, "a snapshot made with another crosswalk was used");
    assert!(
        o.notes.iter().any(|n| n.contains("another crosswalk")),
        "{:?}",
        o.notes
    );
    // The shipped crosswalk's snapshot is still good (it was not replaced).
    assert!(open(&config, &paths).cached);
}

#[test]
fn a_corrupt_or_truncated_joined_snapshot_is_refused_and_rebuilt() {
    let (_dir, paths, config) = two_parts(800);
    first_open(&config, &paths);
    let snap = joined_snapshot(&config, &paths);
    let good = std::fs::read(&snap).unwrap();

    let mut flipped = good.clone();
    let mid = flipped.len() / 2;
    flipped[mid] ^= 0x40;
    crate::cache::tests::replace(&snap, &flipped);
    let mut o = refused(&config, &paths, "corrupt");
    assert!(!o.routine, "a damaged snapshot is worth a line on stderr");
    assert_eq!(o.save_now(), None);
    assert!(open(&config, &paths).cached, "rebuilt, it is used again");

    crate::cache::tests::replace(&snap, &good[..good.len() - 300]);
    refused(&config, &paths, "truncated");
}

#[test]
fn the_listing_names_a_joined_snapshot_by_its_parts() {
    let (_dir, paths, config) = two_parts(500);
    let o = first_open(&config, &paths);
    let Config::Dir(dir) = &config else {
        unreachable!()
    };
    let entries = list(dir, &Crosswalk::shipped()).unwrap();
    // Each part's own snapshot, and the joined one.
    assert_eq!(entries.len(), 3);
    let joined = entries
        .iter()
        .find(|e| e.source.contains(" + "))
        .expect("the joined snapshot is listed");
    let canon = |p: &Path| std::fs::canonicalize(p).unwrap().display().to_string();
    assert_eq!(
        joined.source,
        format!("{} + {}", canon(&paths[0]), canon(&paths[1]))
    );
    assert_eq!(joined.incidents, o.store.incidents.len() as u64);
    assert_eq!(joined.state, "fresh");
    std::fs::remove_file(&paths[1]).unwrap();
    let entries = list(dir, &Crosswalk::shipped()).unwrap();
    let joined = entries.iter().find(|e| e.source.contains(" + ")).unwrap();
    assert_eq!(joined.state, "source missing");
}

#[test]
fn the_matches_archive_reads_back_equal() {
    let (_dir, paths, _) = two_parts(800);
    let o = open(&Config::Off, &paths);
    let m = StoreMatches::of(
        &o.store,
        &Crosswalk::shipped(),
        &crate::reconcile::Rules::default(),
    );
    assert!(m.all_matched().any(|(_, x)| !x.differences.is_empty()));
    assert_same_matches(&m, &super::round_trip(&m));
}
