//! Joined snapshots (issue 17): the store several files make together (`--store A --store
//! B`), its search index and its matches, kept in one snapshot of the same format as a
//! single file's (see `file.rs`), so that the second open of the same files is one restore
//! instead of each part's restore, the merge, the index and the matching.
//!
//! A joined snapshot is named by its parts' canonical paths, in order. Its description
//! section (a single snapshot's source path) lists every part's path, size, modification
//! time and content hash; the footer's identity holds a key over those, the crosswalk's
//! entries and a fingerprint of the code that joins and matches (see [`key`]). It is used
//! only when every part's size and modification time are as recorded, the key is the one
//! this build computes with the crosswalk in effect, and each part's bytes hash as
//! recorded; else it is refused and rebuilt, exactly as a single snapshot is. The matches
//! are the snapshot's extra section, an rkyv archive of [`MatchesDoc`].

use std::path::{Path, PathBuf};

use rkyv::rancor;
use xxhash_rust::xxh3::Xxh3;

use super::{Refusal, Stamp, file, hash_file, routine, stamp};
use crate::reconcile::joined::{Pair, StoreMatches};
use crate::reconcile::parties::Verdict;
use crate::reconcile::{Ambiguous, Difference, Matched, Reconciliation};
use crate::search::SearchIndex;
use crate::store::Store;
use crate::store::crosswalk::Crosswalk;

/// What a joined snapshot's description section starts with (a single snapshot's is an
/// absolute path, so never this).
const TAG: &str = "joined\n";

/// One part of a joined store as recorded: its canonical path and what it was made from.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PartId {
    pub path: String,
    pub size: u64,
    pub mtime_ns: i64,
    pub hash: u64,
    pub ctime_ns: i64,
    pub ino: u64,
}

impl PartId {
    /// The part's identity as a single snapshot's footer would hold it.
    fn identity(&self) -> file::Identity {
        file::Identity {
            size: self.size,
            mtime_ns: self.mtime_ns,
            hash: self.hash,
            ctime_ns: self.ctime_ns,
            ino: self.ino,
        }
    }
}

/// The description section: the tag, then one line per part.
pub fn describe(parts: &[PartId]) -> String {
    let mut s = String::from(TAG);
    for p in parts {
        s.push_str(&format!(
            "{}\t{}\t{:016x}\t{}\t{}\t{}\n",
            p.size, p.mtime_ns, p.hash, p.ctime_ns, p.ino, p.path
        ));
    }
    s
}

/// The parts a description lists; None when it is not a joined snapshot's (or damaged).
pub fn parse(desc: &str) -> Option<Vec<PartId>> {
    let rest = desc.strip_prefix(TAG)?;
    let parts: Option<Vec<PartId>> = rest
        .lines()
        .map(|line| {
            let mut f = line.splitn(6, '\t');
            Some(PartId {
                size: f.next()?.parse().ok()?,
                mtime_ns: f.next()?.parse().ok()?,
                hash: u64::from_str_radix(f.next()?, 16).ok()?,
                ctime_ns: f.next()?.parse().ok()?,
                ino: f.next()?.parse().ok()?,
                path: f.next()?.to_string(),
            })
        })
        .collect();
    parts.filter(|p| p.len() >= 2)
}

/// Whether a description is a joined snapshot's.
pub fn is_joined(desc: &str) -> bool {
    desc.starts_with(TAG)
}

/// "fresh" when every part's size and modification time are as recorded, "stale" when
/// one changed, "source missing" when one is gone (as `sitrep cache` lists a single
/// snapshot; a joined one made with another crosswalk is refused when opened).
pub fn state(parts: &[PartId]) -> String {
    let mut state = "fresh";
    for p in parts {
        match stamp(Path::new(&p.path)) {
            None => return "source missing".into(),
            Some(s) if s.size != p.size || s.mtime_ns != p.mtime_ns => state = "stale",
            Some(_) => {}
        }
    }
    state.into()
}

/// The file name's key: the parts' canonical paths in order.
pub fn name_key(canonicals: &[String]) -> String {
    format!("{TAG}{}", canonicals.join("\n"))
}

/// A digest of the crosswalk's entries, in order.
pub fn crosswalk_digest(c: &Crosswalk) -> u64 {
    let mut h = Xxh3::new();
    for e in &c.entries {
        h.update(e.name.as_bytes());
        for list in [&e.exact, &e.prefixes] {
            h.update(b"\x1f");
            for n in list {
                h.update(n.as_bytes());
                h.update(b"\x1e");
            }
        }
        h.update(b"\x1d");
    }
    for set in &c.related {
        for k in set {
            h.update(&k.to_le_bytes());
        }
        h.update(b"\x1c");
    }
    h.digest()
}

/// The code that makes a joined snapshot's contents beyond the parts' own: the merge, the
/// crosswalk's rules, the matching, and this file's layout of the matches. A change to any
/// of them makes older joined snapshots stale.
fn code_fingerprint() -> u64 {
    let mut h = Xxh3::new();
    for text in [
        include_str!("../store/merge/mod.rs"),
        include_str!("../store/crosswalk.rs"),
        include_str!("../reconcile/mod.rs"),
        include_str!("../reconcile/joined.rs"),
        include_str!("../reconcile/parties.rs"),
        include_str!("../reconcile/rules.rs"),
        include_str!("../reconcile/index.rs"),
        include_str!("joined.rs"),
    ] {
        h.update(text.as_bytes());
    }
    h.update(&file::fingerprint().to_le_bytes());
    h.digest()
}

/// The identity a joined snapshot's footer holds: its parts' total size and newest
/// modification time (for the listing), and a key over every part, the crosswalk and the
/// code.
pub fn identity(parts: &[PartId], crosswalk: &Crosswalk) -> file::Identity {
    let mut h = Xxh3::new();
    h.update(&code_fingerprint().to_le_bytes());
    h.update(&crosswalk_digest(crosswalk).to_le_bytes());
    for p in parts {
        h.update(p.path.as_bytes());
        h.update(b"\0");
        h.update(&p.size.to_le_bytes());
        h.update(&p.mtime_ns.to_le_bytes());
        h.update(&p.hash.to_le_bytes());
    }
    file::Identity {
        size: parts.iter().map(|p| p.size).sum(),
        mtime_ns: parts.iter().map(|p| p.mtime_ns).max().unwrap_or(0),
        hash: h.digest(),
        ctime_ns: 0,
        ino: 0,
    }
}

/// A part as opened now: where it is and its stamp.
#[derive(Clone, Debug)]
pub struct Part {
    pub source: PathBuf,
    pub canonical: String,
    pub stamp: Stamp,
}

/// A joined snapshot to write once the index and the matches are built.
pub struct JoinedPending {
    pub snapshot: PathBuf,
    pub parts: Vec<Part>,
    pub crosswalk: Crosswalk,
}

/// What a joined snapshot gives back.
pub struct RestoredJoined {
    pub store: Store,
    pub index: SearchIndex,
    pub matches: MatchesLater,
}

/// A joined snapshot's matches, their bytes checked but not yet read: reading 100 MB of
/// matches back takes about a second, which the first frame does not wait for (see
/// [`super::Opened::matches_later`]).
pub struct MatchesLater {
    bytes: Vec<u8>,
}

impl MatchesLater {
    /// The matches read back; if they do not read (the section passed its checksum, so
    /// only a file written wrongly gets here), they are worked out again, with a warning.
    pub fn read(self, store: &Store, crosswalk: &Crosswalk) -> StoreMatches {
        let n = store.incidents.len() as u32;
        let read = read_matches(&self.bytes).and_then(|m| {
            if !m.within(n) {
                return Err("a match names a record that is not there".into());
            }
            m.into_matches().map_err(|r| r.why)
        });
        read.unwrap_or_else(|why| {
            log::warn!(target: "sitrep::cache", "cache: the joined snapshot's matches: {why}; matching again");
            StoreMatches::of(store, crosswalk, &crate::reconcile::Rules::default())
        })
    }
}

/// Reads a joined snapshot back if it matches the parts now (in this order) and the
/// crosswalk; the reason if not.
pub(super) fn restore(
    snapshot: &Path,
    parts: &[Part],
    crosswalk: &Crosswalk,
    source: String,
) -> Result<RestoredJoined, Refusal> {
    let mapped = file::open(snapshot)?;
    mapped.readable().map_err(routine)?;
    let desc = mapped.description()?;
    let recorded = parse(&desc).ok_or("corrupt (the parts' list is unreadable)".to_string())?;
    let same_files = recorded.len() == parts.len()
        && recorded
            .iter()
            .zip(parts)
            .all(|(r, p)| r.path == p.canonical);
    if !same_files {
        return Err("made from other files".to_string().into());
    }
    if recorded
        .iter()
        .zip(parts)
        .any(|(r, p)| r.size != p.stamp.size || r.mtime_ns != p.stamp.mtime_ns)
    {
        return Err(routine("stale (a part changed since)"));
    }
    if identity(&recorded, crosswalk) != mapped.footer.source {
        return Err(routine(
            "stale (another crosswalk, or another build's matching)",
        ));
    }
    // Each part whose stamp does not show it untouched since is hashed on a thread of its
    // own while the snapshot is read back.
    let created = mapped.footer.created_secs;
    let hashers: Vec<_> = parts
        .iter()
        .zip(&recorded)
        .map(|(p, r)| {
            let src = p.source.clone();
            (!super::unchanged(&r.identity(), created, p.stamp))
                .then(|| std::thread::spawn(move || hash_file(&src)))
        })
        .collect();
    let matches = mapped.extra().map(|b| MatchesLater { bytes: b.to_vec() });
    let restored = mapped.restore(source);
    for (h, r) in hashers.into_iter().zip(&recorded) {
        let Some(h) = h else { continue };
        let hash = h
            .join()
            .map_err(|_| "hashing a part failed".to_string())?
            .map_err(|e| format!("cannot read a part to compare: {e}"))?;
        if hash != r.hash {
            return Err(routine("stale (a part's content changed since)"));
        }
    }
    if parts.iter().any(|p| stamp(&p.source) != Some(p.stamp)) {
        return Err(routine("stale (a part changed while it was compared)"));
    }
    let (store, index) = restored?;
    Ok(RestoredJoined {
        store,
        index,
        matches: matches?,
    })
}

/// Writes a joined snapshot (hashing each part, which must not have changed since it was
/// opened); the warning when it could not be written.
pub(super) fn save_or_say(
    store: &Store,
    index: &SearchIndex,
    matches: &StoreMatches,
    p: &JoinedPending,
) -> Option<String> {
    let mut ids = Vec::with_capacity(p.parts.len());
    for part in &p.parts {
        let hash = hash_file(&part.source).ok()?;
        if stamp(&part.source) != Some(part.stamp) {
            return None;
        }
        ids.push(PartId {
            path: part.canonical.clone(),
            size: part.stamp.size,
            mtime_ns: part.stamp.mtime_ns,
            hash,
            ctime_ns: part.stamp.ctime_ns,
            ino: part.stamp.ino,
        });
    }
    let id = identity(&ids, &p.crosswalk);
    let extra = match rkyv::to_bytes::<rancor::Error>(&MatchesDoc::of(matches)) {
        Ok(b) => b,
        Err(e) => return Some(format!("cache: cannot archive the matches: {e}")),
    };
    let dir = p.snapshot.parent()?;
    if let Err(e) = std::fs::create_dir_all(dir) {
        return Some(format!(
            "cache: cannot create {}: {e}; the joined store not cached",
            dir.display()
        ));
    }
    super::listing::sweep_abandoned(dir, super::listing::ABANDONED_AFTER);
    let written = crate::store::atomic::write_file_atomic(&p.snapshot, true, |w| {
        file::write_into(w, store, index, &describe(&ids), &extra, id)
    });
    written
        .err()
        .map(|e| format!("cache: cannot write a snapshot of the joined store: {e}"))
}

/// The matches as archived: plain data, ids as positions in the joined store.
#[derive(rkyv::Archive, rkyv::Serialize, rkyv::Deserialize, Debug)]
pub struct MatchesDoc {
    pairs: Vec<PairDoc>,
}

#[derive(rkyv::Archive, rkyv::Serialize, rkyv::Deserialize, Debug)]
struct PairDoc {
    a: String,
    b: String,
    rules: Vec<String>,
    matched: Vec<MatchedDoc>,
    only_a: Vec<u32>,
    only_b: Vec<u32>,
    ambiguous: Vec<(u32, Vec<(u32, f64)>)>,
}

#[derive(rkyv::Archive, rkyv::Serialize, rkyv::Deserialize, Debug)]
struct MatchedDoc {
    a: u32,
    b: u32,
    days: i64,
    km: f64,
    score: f64,
    verdict: u8,
    /// (field, as in [`crate::reconcile::DIFFERENCE_FIELDS`]; a; b).
    differences: Vec<(u8, String, String)>,
    fatalities: String,
}

fn verdict_code(v: Verdict) -> u8 {
    match v {
        Verdict::Agree => 0,
        Verdict::Unnamed { shared: false } => 1,
        Verdict::Unnamed { shared: true } => 2,
        Verdict::Differ => 3,
        Verdict::Related => 4,
    }
}

fn verdict_of(code: u8) -> Option<Verdict> {
    Some(match code {
        0 => Verdict::Agree,
        1 => Verdict::Unnamed { shared: false },
        2 => Verdict::Unnamed { shared: true },
        3 => Verdict::Differ,
        4 => Verdict::Related,
        _ => return None,
    })
}

fn field_code(field: &str) -> u8 {
    use crate::reconcile::DIFFERENCE_FIELDS;
    // Every field reconcile reports is in the list (tested); another would be read back as
    // unreadable and the snapshot rebuilt, never misnamed.
    DIFFERENCE_FIELDS
        .iter()
        .position(|f| *f == field)
        .map_or(u8::MAX, |i| i as u8)
}

impl MatchesDoc {
    pub fn of(m: &StoreMatches) -> MatchesDoc {
        MatchesDoc {
            pairs: m
                .pairs
                .iter()
                .map(|p| PairDoc {
                    a: p.a.clone(),
                    b: p.b.clone(),
                    rules: p.result.rules.clone(),
                    matched: p
                        .result
                        .matched
                        .iter()
                        .map(|m| MatchedDoc {
                            a: m.a,
                            b: m.b,
                            days: m.days,
                            km: m.km,
                            score: m.score,
                            verdict: verdict_code(m.verdict),
                            differences: m
                                .differences
                                .iter()
                                .map(|d| (field_code(d.field), d.a.clone(), d.b.clone()))
                                .collect(),
                            fatalities: m.fatalities.clone(),
                        })
                        .collect(),
                    only_a: p.result.only_a.clone(),
                    only_b: p.result.only_b.clone(),
                    ambiguous: p
                        .result
                        .ambiguous
                        .iter()
                        .map(|a| (a.a, a.candidates.clone()))
                        .collect(),
                })
                .collect(),
        }
    }

    /// Whether every record named is one of the store's `n`.
    fn within(&self, n: u32) -> bool {
        self.pairs.iter().all(|p| {
            p.matched.iter().all(|m| m.a < n && m.b < n)
                && p.only_a.iter().chain(&p.only_b).all(|&i| i < n)
                && p.ambiguous
                    .iter()
                    .all(|(a, c)| *a < n && c.iter().all(|(b, _)| *b < n))
        })
    }

    fn into_matches(self) -> Result<StoreMatches, Refusal> {
        use crate::reconcile::DIFFERENCE_FIELDS;
        let bad = || Refusal::from("corrupt (an unreadable match)".to_string());
        let mut pairs = Vec::with_capacity(self.pairs.len());
        for p in self.pairs {
            let mut matched = Vec::with_capacity(p.matched.len());
            for m in p.matched {
                let mut differences = Vec::with_capacity(m.differences.len());
                for (f, a, b) in m.differences {
                    let field = DIFFERENCE_FIELDS.get(f as usize).ok_or_else(bad)?;
                    differences.push(Difference { field, a, b });
                }
                matched.push(Matched {
                    a: m.a,
                    b: m.b,
                    days: m.days,
                    km: m.km,
                    score: m.score,
                    verdict: verdict_of(m.verdict).ok_or_else(bad)?,
                    differences,
                    fatalities: m.fatalities,
                });
            }
            pairs.push(Pair {
                a: p.a,
                b: p.b,
                result: Reconciliation {
                    rules: p.rules,
                    matched,
                    only_a: p.only_a,
                    only_b: p.only_b,
                    ambiguous: p
                        .ambiguous
                        .into_iter()
                        .map(|(a, candidates)| Ambiguous { a, candidates })
                        .collect(),
                },
            });
        }
        Ok(StoreMatches::from_pairs(pairs))
    }
}

fn read_matches(bytes: &[u8]) -> Result<MatchesDoc, String> {
    let archived = rkyv::access::<rkyv::Archived<MatchesDoc>, rancor::Error>(bytes)
        .map_err(|e| format!("invalid matches section: {e}"))?;
    rkyv::deserialize::<MatchesDoc, rancor::Error>(archived)
        .map_err(|e| format!("unreadable matches section: {e}"))
}

/// The matches, archived and read back (tests).
#[cfg(test)]
pub fn round_trip(m: &StoreMatches) -> StoreMatches {
    let bytes = rkyv::to_bytes::<rancor::Error>(&MatchesDoc::of(m)).unwrap();
    let doc = read_matches(&bytes).unwrap();
    doc.into_matches().ok().unwrap()
}

#[cfg(test)]
mod tests;
