use std::path::{Path, PathBuf};

use super::*;
use crate::model::Sym;
use crate::search::search;
use crate::store::synth::{SynthOptions, write_synthetic};

fn quiet(_: Stage, _: f64) {}

/// Every source file hashed, in order (tests tell theirs apart by their own folders).
pub(super) static HASHED: std::sync::Mutex<Vec<PathBuf>> = std::sync::Mutex::new(Vec::new());

/// Puts damaged bytes in a snapshot's place as a new file, renamed over it: a snapshot is
/// never changed in place (see `file.rs`), and one still mapped by the last open's
/// background reader must not shrink under it.
pub(crate) fn replace(path: &Path, bytes: impl AsRef<[u8]>) {
    let tmp = path.with_extension("damaged");
    std::fs::write(&tmp, bytes).unwrap();
    std::fs::rename(&tmp, path).unwrap();
}

fn times_hashed(src: &Path) -> usize {
    HASHED.lock().unwrap().iter().filter(|p| *p == src).count()
}

/// Dates the snapshot's writing a minute after now: the source's stamp is then old
/// enough to be trusted (see `RACY_SECS`).
fn age_snapshot(config: &Config, src: &Path) {
    let later = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_secs()
        + 60;
    file::patch_footer(
        &snapshot_of(config, src),
        file::at::CREATED,
        &later.to_le_bytes(),
    );
}

/// A copy of `fixture` in a folder of its own, and a cache directory beside it.
fn setup(fixture: &str) -> (tempfile::TempDir, PathBuf, Config) {
    let dir = tempfile::tempdir().unwrap();
    let name = Path::new(fixture).file_name().unwrap();
    let src = dir.path().join(name);
    std::fs::copy(Path::new(env!("CARGO_MANIFEST_DIR")).join(fixture), &src).unwrap();
    let cache = Config::Dir(dir.path().join("cache"));
    (dir, src, cache)
}

fn generated(n: usize) -> (tempfile::TempDir, PathBuf, Config) {
    let dir = tempfile::tempdir().unwrap();
    let src = dir.path().join("gen.json");
    let mut f = std::fs::File::create(&src).unwrap();
    write_synthetic(
        &SynthOptions {
            incidents: n,
            seed: 7,
        },
        &mut f,
    )
    .unwrap();
    let cache = Config::Dir(dir.path().join("cache"));
    (dir, src, cache)
}

fn open_at(config: &Config, src: &Path) -> Opened {
    open_in(config, Some(src), &quiet).unwrap()
}

/// Opens uncached, writes the snapshot, and returns the plain store and index.
fn first_open(config: &Config, src: &Path) -> (Arc<Store>, Arc<SearchIndex>) {
    let mut o = open_at(config, src);
    assert!(
        !o.cached && o.snapshot_due(),
        "the first open parses the source"
    );
    assert_eq!(o.save_now(), None, "the snapshot is written");
    let index = Arc::new(SearchIndex::build(&o.store));
    (o.store, index)
}

fn snapshot_of(config: &Config, src: &Path) -> PathBuf {
    let Config::Dir(dir) = config else {
        unreachable!()
    };
    let canonical = std::fs::canonicalize(src).unwrap();
    snapshot_path(dir, &canonical.to_string_lossy())
}

/// Every record, index and lookup of two stores are equal.
pub(crate) fn assert_same(a: &Store, b: &Store) {
    assert_eq!(a.source, b.source);
    assert_eq!(a.meta, b.meta);
    assert_eq!(a.towns, b.towns);
    assert_eq!(a.actors, b.actors);
    assert_eq!(a.reports, b.reports);
    assert_eq!(a.incidents, b.incidents);
    assert_eq!(a.problems, b.problems);
    assert_eq!(a.by_town, b.by_town);
    assert_eq!(a.imprecise_by_town, b.imprecise_by_town);
    assert_eq!(a.by_actor, b.by_actor);
    assert_eq!(a.by_report, b.by_report);
    assert_eq!(a.town_activity, b.town_activity);
    assert_eq!(a.actor_activity, b.actor_activity);
    assert_eq!(a.imprecise_incidents, b.imprecise_incidents);
    let names = |s: &Store| {
        let mut v: Vec<(String, Vec<crate::store::EntityRef>)> = s
            .name_table()
            .map(|(k, e)| (k.to_string(), e.to_vec()))
            .collect();
        v.sort();
        v
    };
    assert_eq!(names(a), names(b));
    for (i, inc) in a.incidents.iter().enumerate() {
        assert_eq!(b.incident_ix(&inc.id), Some(i as u32), "{}", inc.id);
    }
    for t in &a.towns {
        assert_eq!(a.town_ix(&t.id), b.town_ix(&t.id));
    }
    for x in &a.actors {
        assert_eq!(a.actor_ix(&x.id), b.actor_ix(&x.id));
    }
    for r in &a.reports {
        assert_eq!(a.report_ix(&r.id), b.report_ix(&r.id));
    }
}

/// Queries from the store's own names and words give the same results on both indexes.
pub(crate) fn assert_same_search(a: &Store, ia: &SearchIndex, b: &Store, ib: &SearchIndex) {
    assert_eq!(ia.incidents(), ib.incidents());
    assert_eq!(ia.vocabulary(), ib.vocabulary());
    let mut queries: Vec<String> = vec!["a".into(), "attack".into(), "zzzz".into()];
    queries.extend(a.towns.iter().take(5).map(|t| t.name.clone()));
    queries.extend(a.actors.iter().take(5).map(|x| x.name.clone()));
    queries.extend(a.incidents.iter().take(5).map(|i| i.id.clone()));
    for inc in a.incidents.iter().take(10) {
        if let Some(w) = inc.summary.split_whitespace().nth(1) {
            queries.push(w.to_string());
        }
        queries.push(format!("{} {}", inc.country, inc.event_type));
    }
    for q in &queries {
        for kind in [None, Some(crate::store::Kind::Incident)] {
            assert_eq!(
                search(a, ia, q, kind, 50),
                search(b, ib, q, kind, 50),
                "query {q:?}"
            );
        }
    }
}

fn round_trip(dir: tempfile::TempDir, src: PathBuf, config: Config) {
    let (plain, plain_index) = first_open(&config, &src);
    let again = open_at(&config, &src);
    assert!(again.cached, "the second open reads the snapshot");
    assert!(again.notes.is_empty(), "{:?}", again.notes);
    assert!(!again.snapshot_due());
    assert_same(&plain, &again.store);
    let index = again
        .index
        .clone()
        .expect("the snapshot holds the search index");
    assert_same_search(&plain, &plain_index, &again.store, &index);
    drop(dir);
}

#[test]
fn snapshots_of_the_fixtures_read_back_equal_to_their_load() {
    for f in [
        "tests/fixtures/brief/store.json",
        "tests/fixtures/search_small.json",
        "tests/fixtures/import/acled_current.csv",
        "tests/fixtures/import/ucdp_current.csv",
        "tests/fixtures/import/acled_api.json",
    ] {
        let (dir, src, config) = setup(f);
        round_trip(dir, src, config);
    }
}

#[test]
fn a_snapshot_of_a_generated_store_of_10k_reads_back_equal() {
    let (dir, src, config) = generated(10_000);
    round_trip(dir, src, config);
}

#[test]
fn a_snapshot_reads_equal_strings_back_as_one_shared_string_per_thread() {
    let (_dir, src, config) = generated(20_000);
    first_open(&config, &src);
    let o = open_at(&config, &src);
    assert!(o.cached);
    let first = &o.store.incidents[0].country;
    let mut copies: Vec<&Sym> = Vec::new();
    for inc in o.store.incidents.iter().filter(|i| i.country == *first) {
        if !copies.iter().any(|c| c.shares(&inc.country)) {
            copies.push(&inc.country);
        }
    }
    // One per thread that read incidents back: the one that read the first few, and the
    // background reader's pool (or rayon's, when a caller asked first).
    assert!(
        copies.len() <= 2 * rayon::current_num_threads() + 1,
        "{} copies of {first}",
        copies.len()
    );
}

/// Opens once more: the snapshot is refused (with a note naming why), the store is the
/// source's, and a new snapshot is due.
fn assert_refused(config: &Config, src: &Path, why: &str) -> Opened {
    let o = open_at(config, src);
    assert!(!o.cached, "a bad snapshot was used ({why})");
    assert!(
        o.notes.iter().any(|n| n.contains(why)),
        "notes {:?} do not say {why:?}",
        o.notes
    );
    assert!(o.snapshot_due(), "a refused snapshot is rebuilt");
    o
}

#[test]
fn a_touched_or_changed_source_is_never_served_from_its_snapshot() {
    let (_dir, src, config) = setup("tests/fixtures/search_small.json");
    first_open(&config, &src);
    assert!(open_at(&config, &src).cached);

    // Touched: same bytes, a new modification time.
    let f = std::fs::File::options().write(true).open(&src).unwrap();
    let later = std::time::SystemTime::now() + std::time::Duration::from_secs(5);
    f.set_modified(later).unwrap();
    let mut o = assert_refused(&config, &src, "stale");
    assert!(o.routine, "a stale snapshot is routine, not worth stderr");
    assert_eq!(o.save_now(), None);
    assert!(open_at(&config, &src).cached, "rebuilt after the touch");

    // Changed: other bytes of the same length, the modification time put back.
    let text = std::fs::read_to_string(&src).unwrap();
    let inc = &o.store.incidents[0];
    let changed = text.replacen(&inc.summary, &"X".repeat(inc.summary.len()), 1);
    assert_ne!(changed, text);
    assert_eq!(changed.len(), text.len());
    let mtime = std::fs::metadata(&src).unwrap().modified().unwrap();
    std::fs::write(&src, &changed).unwrap();
    let f = std::fs::File::options().write(true).open(&src).unwrap();
    f.set_modified(mtime).unwrap();
    drop(f);
    let mut o = assert_refused(&config, &src, "content changed");
    assert!(
        o.store
            .incidents
            .iter()
            .any(|i| i.summary.starts_with("XXXX"))
    );
    assert_eq!(o.save_now(), None);
    let cached = open_at(&config, &src);
    assert!(cached.cached);
    assert!(
        cached
            .store
            .incidents
            .iter()
            .any(|i| i.summary.starts_with("XXXX"))
    );
}

#[test]
fn a_source_untouched_since_the_snapshot_is_not_read_again() {
    let (_dir, src, config) = setup("tests/fixtures/search_small.json");
    first_open(&config, &src);
    // Written just now, the source's stamp is racy: it is hashed.
    let before = times_hashed(&src);
    assert!(open_at(&config, &src).cached);
    assert_eq!(
        times_hashed(&src),
        before + 1,
        "a racy stamp is not trusted"
    );
    age_snapshot(&config, &src);
    let o = open_at(&config, &src);
    assert!(o.cached);
    assert_eq!(
        times_hashed(&src),
        before + 1,
        "an old, unchanged stamp is trusted"
    );
    assert_eq!(
        o.store.incidents.len(),
        Store::open(Some(&src)).unwrap().incidents.len()
    );
}

#[test]
fn a_source_rewritten_with_its_old_size_and_modification_time_is_hashed_and_refused() {
    let (_dir, src, config) = setup("tests/fixtures/search_small.json");
    let (store, _) = first_open(&config, &src);
    age_snapshot(&config, &src);
    let text = std::fs::read_to_string(&src).unwrap();
    let inc = &store.incidents[0];
    let changed = text.replacen(&inc.summary, &"Y".repeat(inc.summary.len()), 1);
    assert_eq!(changed.len(), text.len());
    let mtime = std::fs::metadata(&src).unwrap().modified().unwrap();
    std::fs::write(&src, &changed).unwrap();
    let f = std::fs::File::options().write(true).open(&src).unwrap();
    f.set_modified(mtime).unwrap();
    drop(f);
    let before = times_hashed(&src);
    let o = assert_refused(&config, &src, "content changed");
    assert_eq!(
        times_hashed(&src),
        before + 1,
        "the new change time made it hash"
    );
    assert!(
        o.store
            .incidents
            .iter()
            .any(|i| i.summary.starts_with("YYYY"))
    );
}

#[test]
fn a_stamp_is_trusted_only_when_every_part_of_it_matches_and_it_is_not_racy() {
    let recorded = Identity {
        size: 10,
        mtime_ns: 5_000_000_000,
        hash: 1,
        ctime_ns: 6_000_000_000,
        ino: 42,
    };
    let now = Stamp {
        size: 10,
        mtime_ns: 5_000_000_000,
        ino: 42,
        ctime_ns: 6_000_000_000,
    };
    assert!(unchanged(&recorded, 100, now));
    assert!(
        !unchanged(&recorded, 8, now),
        "written within 2 s of the change"
    );
    assert!(!unchanged(&recorded, 100, Stamp { size: 11, ..now }));
    assert!(!unchanged(&recorded, 100, Stamp { mtime_ns: 1, ..now }));
    assert!(!unchanged(
        &recorded,
        100,
        Stamp {
            ctime_ns: 6_000_000_001,
            ..now
        }
    ));
    assert!(!unchanged(&recorded, 100, Stamp { ino: 43, ..now }));
    let unknown = Identity { ino: 0, ..recorded };
    assert!(
        !unchanged(&unknown, 100, Stamp { ino: 0, ..now }),
        "no inode recorded"
    );
}

#[test]
fn a_restored_store_knows_its_content_hash_from_the_snapshot() {
    let (_dir, src, config) = setup("tests/fixtures/search_small.json");
    let (store, _) = first_open(&config, &src);
    let o = open_at(&config, &src);
    assert!(o.cached);
    assert_eq!(o.store.content_hash(), store.content_hash());
    let snap = snapshot_of(&config, &src);
    assert_eq!(
        file::open(&snap).unwrap().footer.content_hash,
        store.content_hash()
    );
    // Taken as the snapshot says, not worked out again.
    file::patch_footer(&snap, file::at::CONTENT_HASH, &7u64.to_le_bytes());
    let o = open_at(&config, &src);
    assert!(o.cached);
    assert_eq!(o.store.content_hash(), 7);
}

#[test]
fn a_restore_serves_the_newest_and_oldest_records_before_the_rest_are_read() {
    let (_dir, src, config) = generated(10_000);
    let (plain, plain_index) = first_open(&config, &src);
    let mapped = file::open(&snapshot_of(&config, &src)).unwrap();
    let (store, index) = mapped.restore(src.display().to_string()).unwrap();
    assert_eq!(store.incidents.len(), plain.incidents.len());
    assert!(
        !store.incidents.is_ready(),
        "nothing has asked for the rest yet"
    );
    for i in [0, 1, 4095] {
        assert_eq!(store.incident(i), plain.incident(i));
    }
    assert_eq!(store.incidents.last(), plain.incidents.last());
    assert_eq!(store.newest_date(), plain.newest_date());
    assert_eq!(store.oldest_date(), plain.oldest_date());
    assert!(
        !store.incidents.is_ready(),
        "the first screens read no further"
    );
    // Later ones (a search hit, a row scrolled to) are read with their block alone, in
    // every chunk, the last one short.
    for i in [4096, 5000, 8191, 8192, 9_999] {
        assert_eq!(store.incident(i), plain.incident(i), "record {i}");
    }
    assert!(
        !store.incidents.is_ready(),
        "a record asked for by position reads its block, not the rest"
    );
    // So search answers, with the same results, before the rest are read.
    assert_same_search(&plain, &plain_index, &store, &index);
    assert!(
        !store.incidents.is_ready(),
        "search read only the blocks of its hits and of the ids it compared"
    );
    assert_eq!(store.incidents.iter().count(), plain.incidents.len());
    assert!(store.incidents.is_ready());
    assert_same(&plain, &store);
}

#[test]
fn truncated_snapshots_are_refused_and_rebuilt() {
    let (_dir, src, config) = generated(3_000);
    let (plain, _) = first_open(&config, &src);
    let snap = snapshot_of(&config, &src);
    let full = std::fs::read(&snap).unwrap();
    for keep in [0, 7, 100, full.len() / 2, full.len() - 1] {
        replace(&snap, &full[..keep]);
        let why = if keep < 128 { "truncated" } else { "itself" };
        let mut o = assert_refused(&config, &src, why);
        assert_same(&plain, &o.store);
        assert_eq!(o.save_now(), None);
        assert!(
            open_at(&config, &src).cached,
            "rebuilt after cutting to {keep} bytes"
        );
    }
}

#[test]
fn bit_flipped_snapshots_are_refused_and_rebuilt() {
    let (_dir, src, config) = generated(3_000);
    let (plain, _) = first_open(&config, &src);
    let snap = snapshot_of(&config, &src);
    let good = std::fs::read(&snap).unwrap();
    // Every region: the store section, the index, the chunks, the table and the footer.
    let n = good.len();
    for at in [20, n / 5, n / 3, n / 2, n - 400, n - 130, n - 100, n - 3] {
        let mut bad = good.clone();
        bad[at] ^= 0x10;
        replace(&snap, &bad);
        let o = assert_refused(&config, &src, "itself");
        assert!(!o.routine, "a damaged snapshot is said on stderr");
        assert!(
            o.notes
                .iter()
                .any(|m| m.contains("corrupt") || m.contains("truncated")),
            "byte {at}: {:?}",
            o.notes
        );
        assert_same(&plain, &o.store);
    }
    replace(&snap, &good);
    assert!(
        open_at(&config, &src).cached,
        "the good snapshot still reads"
    );
}

#[test]
fn a_flip_of_any_byte_of_a_snapshot_is_caught() {
    let (_dir, src, config) = setup("tests/fixtures/search_small.json");
    first_open(&config, &src);
    let snap = snapshot_of(&config, &src);
    let good = std::fs::read(&snap).unwrap();
    // Every byte of the first 512 (alignment padding included), then every 37th.
    let places = (0..512.min(good.len())).chain((512..good.len()).step_by(37));
    for at in places {
        let mut bad = good.clone();
        bad[at] ^= 0x04;
        replace(&snap, &bad);
        let o = open_at(&config, &src);
        assert!(
            !o.cached,
            "a flip at byte {at} of {} went unseen",
            good.len()
        );
    }
}

#[test]
fn snapshots_of_another_version_schema_or_build_are_refused() {
    let (_dir, src, config) = setup("tests/fixtures/brief/store.json");
    first_open(&config, &src);
    let snap = snapshot_of(&config, &src);
    let good = std::fs::read(&snap).unwrap();
    let cases: [(usize, &[u8], &str); 3] = [
        (
            file::at::VERSION,
            b"9.9.9\0\0\0\0\0\0\0\0\0\0\0",
            "written by sitrep 9.9.9",
        ),
        (file::at::SCHEMA, &(SCHEMA + 1).to_le_bytes(), "schema"),
        (
            file::at::FINGERPRINT,
            &[1, 2, 3, 4, 5, 6, 7, 8],
            "another build",
        ),
    ];
    for (at, bytes, why) in cases {
        replace(&snap, &good);
        file::patch_footer(&snap, at, bytes);
        let mut o = assert_refused(&config, &src, why);
        assert!(o.routine, "an older snapshot is routine ({why})");
        assert_eq!(o.save_now(), None);
        assert!(open_at(&config, &src).cached, "rebuilt after {why}");
    }
    // A file that is no snapshot at all.
    replace(&snap, vec![b'x'; 4096]);
    assert!(!assert_refused(&config, &src, "not a sitrep snapshot").routine);
}

#[test]
fn an_unwritable_cache_directory_loads_plainly_with_a_warning() {
    let dir = tempfile::tempdir().unwrap();
    let src = dir.path().join("store.json");
    std::fs::copy(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/search_small.json"),
        &src,
    )
    .unwrap();
    // Under a plain file: no directory can be made there, whoever runs the test (root too).
    let blocker = dir.path().join("not-a-dir");
    std::fs::write(&blocker, "x").unwrap();
    let config = Config::Dir(blocker.join("sitrep"));
    let mut o = open_at(&config, &src);
    assert!(!o.cached);
    assert!(!o.store.incidents.is_empty());
    let warning = o.save_now().expect("a warning");
    assert!(warning.contains("cannot create"), "{warning}");
    let again = open_at(&config, &src);
    assert!(!again.cached);
    assert!(again.store.incidents.len() == o.store.incidents.len());
}

#[test]
fn concurrent_opens_and_writes_leave_one_whole_snapshot() {
    let (_dir, src, config) = generated(3_000);
    let handles: Vec<_> = (0..4)
        .map(|_| {
            let (src, config) = (src.clone(), config.clone());
            std::thread::spawn(move || {
                let mut o = open_at(&config, &src);
                let n = o.store.incidents.len();
                assert_eq!(o.save_now(), None);
                n
            })
        })
        .collect();
    let counts: Vec<usize> = handles.into_iter().map(|h| h.join().unwrap()).collect();
    assert!(counts.iter().all(|&n| n == 3_000));
    let o = open_at(&config, &src);
    assert!(o.cached, "{:?}", o.notes);
    let Config::Dir(d) = &config else {
        unreachable!()
    };
    let left: Vec<_> = std::fs::read_dir(d).unwrap().flatten().collect();
    assert_eq!(left.len(), 1, "one snapshot, no temporary files left");
}

#[test]
fn the_cache_is_off_without_a_directory_or_a_path() {
    let (_dir, src, _) = setup("tests/fixtures/search_small.json");
    let o = open_in(&Config::Off, Some(&src), &quiet).unwrap();
    assert!(!o.cached && !o.snapshot_due());
    let (dir, _, config) = setup("tests/fixtures/search_small.json");
    let sample = open_in(&config, None, &quiet).unwrap();
    assert!(!sample.snapshot_due(), "the built-in sample is not cached");
    drop(dir);
}

#[test]
fn list_and_clear_see_fresh_and_stale_snapshots() {
    let (_dir, src, config) = setup("tests/fixtures/search_small.json");
    let Config::Dir(d) = config.clone() else {
        unreachable!()
    };
    assert!(
        list(&d, &crate::store::crosswalk::Crosswalk::shipped())
            .unwrap()
            .is_empty(),
        "a missing directory lists nothing"
    );
    first_open(&config, &src);
    let l = list(&d, &crate::store::crosswalk::Crosswalk::shipped()).unwrap();
    assert_eq!(l.len(), 1);
    assert_eq!(l[0].state, "fresh");
    assert_eq!(
        l[0].source,
        std::fs::canonicalize(&src).unwrap().to_string_lossy()
    );
    let f = std::fs::File::options().write(true).open(&src).unwrap();
    f.set_modified(std::time::SystemTime::now() + std::time::Duration::from_secs(9))
        .unwrap();
    assert_eq!(
        list(&d, &crate::store::crosswalk::Crosswalk::shipped()).unwrap()[0].state,
        "stale"
    );
    let (n, bytes) = clear(&d).unwrap();
    assert_eq!(n, 1);
    assert!(bytes > 0);
    assert!(
        list(&d, &crate::store::crosswalk::Crosswalk::shipped())
            .unwrap()
            .is_empty()
    );
}

#[test]
fn writing_a_snapshot_sweeps_the_half_snapshots_killed_writers_left() {
    let (_dir, src, config) = setup("tests/fixtures/search_small.json");
    let Config::Dir(d) = config.clone() else {
        unreachable!()
    };
    std::fs::create_dir_all(&d).unwrap();
    let abandoned = d.join(".sitrep-abandon.tmp");
    let writing = d.join(".sitrep-writing.tmp");
    let other = d.join("notes.txt");
    for p in [&abandoned, &writing, &other] {
        std::fs::write(p, b"half a snapshot").unwrap();
    }
    let long_ago = std::time::SystemTime::now() - listing::ABANDONED_AFTER * 2;
    for p in [&abandoned, &other] {
        let f = std::fs::File::options().write(true).open(p).unwrap();
        f.set_modified(long_ago).unwrap();
    }
    first_open(&config, &src);
    assert!(
        !abandoned.exists(),
        "a temporary left alone that long is swept"
    );
    assert!(writing.exists(), "one being written to is not");
    assert!(other.exists(), "nor is a file sitrep did not write");
    assert_eq!(
        list(&d, &crate::store::crosswalk::Crosswalk::shipped())
            .unwrap()
            .len(),
        1
    );
}
