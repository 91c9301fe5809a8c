//! The snapshot cache (issue 18): a loaded store, its indexes and its search index, kept
//! as a binary snapshot in `$XDG_CACHE_HOME/sitrep/` (`~/.cache/sitrep`) so that the next
//! open of the same file maps and reads it back instead of parsing the source.
//!
//! A snapshot is keyed by the source's canonical path (its file name) and carries the
//! source's size, modification time and content hash (xxh3 over the bytes); it is used
//! only when all three match the source now, and only once every section has passed its
//! checksum and rkyv's validation (see `file.rs`). Anything else (stale, truncated,
//! bit-flipped, foreign, another version) is refused with a note and the source loaded as
//! always. The first, uncached open loads exactly as before; the snapshot is written
//! afterwards on a background thread (which also builds the search index it includes),
//! through a temporary file renamed into place, so concurrent opens never see half a file.
//! A cache directory that cannot be written costs a warning, never the load.
//!
//! Sits beside `search` (it archives the search index): the ui and the cli use it.

mod file;
mod joined;
mod listing;
mod several;

use std::os::unix::fs::MetadataExt;
use std::path::{Path, PathBuf};
use std::sync::mpsc::{Receiver, channel};
use std::sync::{Arc, Mutex, OnceLock};
use std::thread::JoinHandle;

pub use file::{Footer, Identity, SCHEMA};
pub use joined::MatchesDoc;
pub use listing::{Entry, clear, list};
pub use several::{open_all, open_all_in};

use crate::reconcile::joined::StoreMatches;
use crate::search::SearchIndex;
use crate::store::crosswalk::Crosswalk;
use crate::store::{LoadError, Progress, Stage, Store};

/// Where snapshots go, set once by the cli for the whole process.
#[derive(Clone, Debug, PartialEq)]
pub enum Config {
    /// No cache: every open parses the source (the library's default, and `--no-cache`).
    Off,
    Dir(PathBuf),
}

static CONFIG: OnceLock<Config> = OnceLock::new();
static WRITERS: Mutex<Vec<JoinHandle<()>>> = Mutex::new(Vec::new());

/// Sets the process's cache (first call wins). Unset, the cache is off.
pub fn configure(config: Config) {
    let _ = CONFIG.set(config);
}

fn config() -> &'static Config {
    CONFIG.get().unwrap_or(&Config::Off)
}

/// `$XDG_CACHE_HOME/sitrep`, else `~/.cache/sitrep`; None without either.
pub fn default_dir() -> Option<PathBuf> {
    let xdg = std::env::var_os("XDG_CACHE_HOME")
        .map(PathBuf::from)
        .filter(|p| p.is_absolute());
    let base = xdg.or_else(|| {
        std::env::var_os("HOME")
            .map(PathBuf::from)
            .filter(|p| p.is_absolute())
            .map(|h| h.join(".cache"))
    })?;
    Some(base.join("sitrep"))
}

/// Waits for snapshots still being written (the cli calls it before exiting).
pub fn wait_for_writes() {
    let pending: Vec<JoinHandle<()>> = match WRITERS.lock() {
        Ok(mut w) => w.drain(..).collect(),
        Err(_) => return,
    };
    use std::io::IsTerminal;
    if std::io::stderr().is_terminal() && pending.iter().any(|h| !h.is_finished()) {
        // After the browser has closed, say why the process has not ended yet.
        eprintln!("sitrep: writing the store's snapshot for the next open (Ctrl-C skips it)");
    }
    for h in pending {
        let _ = h.join();
    }
}

fn note(notes: &mut Vec<String>, msg: String) {
    log::warn!(target: "sitrep::cache", "{msg}");
    notes.push(msg);
}

/// A store opened through the cache.
pub struct Opened {
    pub store: Arc<Store>,
    /// The search index, when the snapshot held it.
    pub index: Option<Arc<SearchIndex>>,
    /// Whether the store came from a snapshot.
    pub cached: bool,
    /// What the cache had to say (a snapshot refused), also logged.
    pub notes: Vec<String>,
    /// The notes are routine (a stale snapshot, or one of another version or build): the
    /// cli prints only the others (a damaged or foreign snapshot) on stderr.
    pub routine: bool,
    /// Several files joined: how long each part took to open (with its snapshot written,
    /// when one was due) and the join, or the joined snapshot's restore, for `--timings`.
    pub timings: Vec<(String, std::time::Duration)>,
    /// A joined store's matches, when its snapshot held them.
    matches: Option<Arc<StoreMatches>>,
    /// A joined store's matches, being computed by the snapshot's writer.
    matches_coming: Option<Receiver<Arc<StoreMatches>>>,
    pending: Option<Due>,
}

/// The matches of a joined store, as the cache can give them.
pub enum MatchesFrom {
    /// Restored from the joined snapshot.
    Ready(Arc<StoreMatches>),
    /// Computed on the snapshot writer's thread (after the search index).
    Coming(Receiver<Arc<StoreMatches>>),
}

/// A snapshot that is due: one file's, or a joined store's.
enum Due {
    One(Pending),
    Joined(Box<joined::JoinedPending>),
}

/// A snapshot to write once the index is built.
struct Pending {
    snapshot: PathBuf,
    source: PathBuf,
    canonical: String,
    before: Stamp,
}

/// Size, modification time and inode: what says a file has not changed, short of its bytes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Stamp {
    size: u64,
    mtime_ns: i64,
    ino: u64,
    ctime_ns: i64,
}

/// How close to a snapshot's writing a source's inode-change time may be and still be
/// trusted: a write within the same clock tick as the load leaves the times unchanged (the
/// "racy" stamps git knows), so a source changed that recently is hashed all the same.
const RACY_SECS: i64 = 2;

/// Whether a source is, without reading its bytes, the one a snapshot was made from: the
/// same inode with the same size, modification time and inode-change time. The kernel sets
/// the change time on every write, rename into place and metadata change, and no program
/// can set it back (unlike the modification time, which `touch -d` or `cp -p` can), so a
/// file whose stamp is unchanged has not been written since. A stamp taken within
/// [`RACY_SECS`] of the snapshot's writing is not trusted.
fn unchanged(recorded: &Identity, created_secs: u64, now: Stamp) -> bool {
    recorded.ino != 0
        && recorded.ino == now.ino
        && recorded.size == now.size
        && recorded.mtime_ns == now.mtime_ns
        && recorded.ctime_ns == now.ctime_ns
        && recorded.ctime_ns / 1_000_000_000 + RACY_SECS < created_secs as i64
}

fn stamp(path: &Path) -> Option<Stamp> {
    let m = std::fs::metadata(path).ok()?;
    m.is_file().then(|| Stamp {
        size: m.len(),
        mtime_ns: m.mtime() * 1_000_000_000 + m.mtime_nsec(),
        ino: m.ino(),
        ctime_ns: m.ctime() * 1_000_000_000 + m.ctime_nsec(),
    })
}

/// xxh3 over a file's bytes, read (not mapped: a source truncated meanwhile must not kill
/// the process) in large blocks.
fn hash_file(path: &Path) -> std::io::Result<u64> {
    use std::io::Read;
    #[cfg(test)]
    if let Ok(mut h) = tests::HASHED.lock() {
        h.push(path.to_path_buf());
    }
    let mut f = std::fs::File::open(path)?;
    let mut h = xxhash_rust::xxh3::Xxh3::new();
    let mut buf = vec![0u8; 4 << 20];
    loop {
        let n = f.read(&mut buf)?;
        if n == 0 {
            return Ok(h.digest());
        }
        h.update(&buf[..n]);
    }
}

/// The snapshot file for a source: its canonical path, hashed.
fn snapshot_path(dir: &Path, canonical: &str) -> PathBuf {
    let h = xxhash_rust::xxh3::xxh3_64(canonical.as_bytes());
    dir.join(format!("{h:016x}.snap"))
}

/// Opens the store at `path` (the built-in sample when None) through the cache: from its
/// snapshot when one matches, else from the source as [`Store::open_with_progress`] does.
pub fn open(path: Option<&Path>, progress: Progress) -> Result<Opened, LoadError> {
    open_in(config(), path, progress)
}

/// [`open`] with an explicit configuration (tests, and callers that know better).
pub fn open_in(
    config: &Config,
    path: Option<&Path>,
    progress: Progress,
) -> Result<Opened, LoadError> {
    let plain = |notes: Vec<String>, pending: Option<Pending>| {
        Store::open_with_progress(path, progress).map(|s| Opened {
            store: Arc::new(s),
            index: None,
            cached: false,
            routine: notes.is_empty(),
            notes,
            timings: Vec::new(),
            matches: None,
            matches_coming: None,
            pending: pending.map(Due::One),
        })
    };
    let (Config::Dir(dir), Some(source)) = (config, path) else {
        return plain(Vec::new(), None);
    };
    let (Ok(canonical), Some(before)) = (std::fs::canonicalize(source), stamp(source)) else {
        // Missing, a directory, a FIFO: the plain load says what is wrong.
        return plain(Vec::new(), None);
    };
    let canonical = canonical.to_string_lossy().into_owned();
    let snapshot = snapshot_path(dir, &canonical);
    let mut notes = Vec::new();
    let mut routine = true;
    if snapshot.exists() {
        progress(Stage::Reading, 0.0);
        match restore(&snapshot, source, before) {
            Ok((store, index)) => {
                progress(Stage::Indexing, 1.0);
                return Ok(Opened::restored(store, index, notes, Vec::new()));
            }
            Err(refusal) => {
                routine = refusal.routine;
                note(
                    &mut notes,
                    format!(
                        "cache: {}: {}; loading {} itself",
                        snapshot.display(),
                        refusal.why,
                        source.display()
                    ),
                )
            }
        }
    }
    let pending = Pending {
        snapshot,
        source: source.to_path_buf(),
        canonical,
        before,
    };
    let mut opened = plain(notes, Some(pending))?;
    opened.routine = routine;
    Ok(opened)
}

/// Reads the rest of a restored store's incidents in the background (on a thread pool of
/// their own, see `file::Mapped::read_incidents`), so that they are there by the time
/// anything needs more than the first screens.
fn read_in_background(store: &Arc<Store>) {
    let store = store.clone();
    let _ = std::thread::Builder::new()
        .name("sitrep-restore".into())
        .spawn(move || {
            store.incidents.all();
        });
}

/// Why a snapshot was not used; `routine` when nothing is wrong with it but its age.
struct Refusal {
    why: String,
    routine: bool,
}

impl From<String> for Refusal {
    fn from(why: String) -> Refusal {
        Refusal {
            why,
            routine: false,
        }
    }
}

fn routine(why: impl Into<String>) -> Refusal {
    Refusal {
        why: why.into(),
        routine: true,
    }
}

/// Reads a snapshot back if it matches the source now; the reason if not.
fn restore(snapshot: &Path, source: &Path, now: Stamp) -> Result<(Store, SearchIndex), Refusal> {
    let mapped = file::open(snapshot)?;
    mapped.readable().map_err(routine)?;
    let made_from = mapped.footer.source;
    if made_from.size != now.size || made_from.mtime_ns != now.mtime_ns {
        return Err(routine("stale (the source changed since)"));
    }
    // Unless its stamp shows it untouched since, the source's bytes are hashed on a thread
    // while the snapshot is read back.
    let hasher = (!unchanged(&made_from, mapped.footer.created_secs, now)).then(|| {
        let src = source.to_path_buf();
        std::thread::spawn(move || hash_file(&src))
    });
    let restored = mapped.restore(source.display().to_string());
    if let Some(hasher) = hasher {
        let hash = hasher
            .join()
            .map_err(|_| "hashing the source failed".to_string())?
            .map_err(|e| format!("cannot read the source to compare: {e}"))?;
        if hash != made_from.hash {
            return Err(routine("stale (the source's content changed since)"));
        }
    }
    if stamp(source) != Some(now) {
        return Err(routine("stale (the source changed while it was compared)"));
    }
    Ok(restored?)
}

impl Opened {
    /// A store read back from a snapshot, with its index.
    fn restored(
        store: Store,
        index: SearchIndex,
        notes: Vec<String>,
        timings: Vec<(String, std::time::Duration)>,
    ) -> Opened {
        let store = Arc::new(store);
        read_in_background(&store);
        Opened {
            store,
            index: Some(Arc::new(index)),
            cached: true,
            notes,
            routine: true,
            timings,
            matches: None,
            matches_coming: None,
            pending: None,
        }
    }

    /// The search index: the restored one at once, else built on a background thread,
    /// which then writes the snapshot (store and index) if one is due. A joined store's
    /// writer then matches its datasets too (see [`Opened::take_matches`]) and writes the
    /// joined snapshot.
    pub fn index_in_background(&mut self) -> Receiver<Arc<SearchIndex>> {
        let (tx, rx) = channel();
        if let Some(index) = &self.index {
            let _ = tx.send(index.clone());
            return rx;
        }
        let store = self.store.clone();
        match self.pending.take() {
            Some(Due::Joined(p)) => {
                let (mtx, mrx) = channel();
                self.matches_coming = Some(mrx);
                let known = self.matches.clone();
                spawn_writer(move || {
                    let index = Arc::new(SearchIndex::build(&store));
                    let _ = tx.send(index.clone());
                    let matches = known.unwrap_or_else(|| Arc::new(match_all(&store, &p)));
                    let _ = mtx.send(matches.clone());
                    save_joined(&store, &index, &matches, &p);
                });
            }
            pending => spawn_writer(move || {
                let index = Arc::new(SearchIndex::build(&store));
                let _ = tx.send(index.clone());
                if let Some(Due::One(p)) = pending {
                    save(&store, &index, p);
                }
            }),
        }
        rx
    }

    /// The search index now: the restored one, or built here (then a single file's
    /// snapshot is written on a background thread; a joined one waits for the matches, see
    /// [`Opened::matches_now`] and [`Opened::save_in_background`]).
    pub fn index_now(&mut self) -> Arc<SearchIndex> {
        if let Some(index) = &self.index {
            return index.clone();
        }
        let index = Arc::new(SearchIndex::build(&self.store));
        self.index = Some(index.clone());
        if let Some(Due::One(_)) = &self.pending
            && let Some(Due::One(p)) = self.pending.take()
        {
            let (store, idx) = (self.store.clone(), index.clone());
            spawn_writer(move || {
                save(&store, &idx, p);
            });
        }
        index
    }

    /// A joined snapshot's matches, read back on a thread of their own (handed over as
    /// [`MatchesFrom::Coming`]).
    fn matches_later(&mut self, later: joined::MatchesLater, crosswalk: Crosswalk) {
        let (tx, rx) = channel();
        let store = self.store.clone();
        let spawned = std::thread::Builder::new()
            .name("sitrep-matches".into())
            .spawn(move || {
                // After the records: search and the filters wait for those, while only a
                // matched record's detail waits for its matches.
                store.incidents.all();
                let _ = tx.send(Arc::new(later.read(&store, &crosswalk)));
            });
        if spawned.is_ok() {
            self.matches_coming = Some(rx);
        }
    }

    /// A joined store's matches now: the restored ones, or matched here (then, with the
    /// index built, the joined snapshot is written on a background thread). Empty for a
    /// store of one dataset.
    pub fn matches_now(&mut self, crosswalk: &Crosswalk) -> Arc<StoreMatches> {
        if let Some(m) = &self.matches {
            return m.clone();
        }
        if let Some(m) = self.matches_coming.take().and_then(|rx| rx.recv().ok()) {
            self.matches = Some(m.clone());
            return m;
        }
        let rules = crate::reconcile::Rules::default();
        let m = Arc::new(StoreMatches::of(&self.store, crosswalk, &rules));
        self.matches = Some(m.clone());
        if let (Some(index), Some(Due::Joined(_))) = (&self.index, &self.pending)
            && let Some(Due::Joined(p)) = self.pending.take()
        {
            let (store, idx, matches) = (self.store.clone(), index.clone(), m.clone());
            spawn_writer(move || {
                save_joined(&store, &idx, &matches, &p);
            });
        }
        m
    }

    /// A joined store's matches as the cache has them: restored, or coming from the
    /// snapshot writer that [`Opened::index_in_background`] started. None otherwise (the
    /// caller matches, if it wants them).
    pub fn take_matches(&mut self) -> Option<MatchesFrom> {
        if let Some(m) = self.matches.take() {
            return Some(MatchesFrom::Ready(m));
        }
        self.matches_coming.take().map(MatchesFrom::Coming)
    }

    /// Writes the snapshot now, if one is due (building the index, and a joined store's
    /// matches, for it if need be); the warning if it could not be written.
    pub fn save_now(&mut self) -> Option<String> {
        let due = self.pending.take()?;
        let index = match &self.index {
            Some(i) => i.clone(),
            None => Arc::new(SearchIndex::build(&self.store)),
        };
        match due {
            Due::One(p) => save(&self.store, &index, p),
            Due::Joined(p) => {
                let matches = match &self.matches {
                    Some(m) => m.clone(),
                    None => Arc::new(match_all(&self.store, &p)),
                };
                save_joined(&self.store, &index, &matches, &p)
            }
        }
    }

    /// Whether a snapshot is due (the store was loaded from a source that the cache can
    /// keep, and it has not been written yet).
    pub fn snapshot_due(&self) -> bool {
        self.pending.is_some()
    }

    /// For commands that need no search index: writes the snapshot, if one is due, on a
    /// background thread (building the index it holds there, and a joined store's matches).
    pub fn save_in_background(&mut self) {
        let Some(due) = self.pending.take() else {
            return;
        };
        let store = self.store.clone();
        let (index, matches) = (self.index.clone(), self.matches.clone());
        spawn_writer(move || {
            let index = index.unwrap_or_else(|| Arc::new(SearchIndex::build(&store)));
            match due {
                Due::One(p) => {
                    save(&store, &index, p);
                }
                Due::Joined(p) => {
                    let matches = matches.unwrap_or_else(|| Arc::new(match_all(&store, &p)));
                    save_joined(&store, &index, &matches, &p);
                }
            }
        });
    }
}

/// The joined store's datasets matched, as its snapshot keeps them.
fn match_all(store: &Store, p: &joined::JoinedPending) -> StoreMatches {
    StoreMatches::of(store, &p.crosswalk, &crate::reconcile::Rules::default())
}

fn save_joined(
    store: &Store,
    index: &SearchIndex,
    matches: &StoreMatches,
    p: &joined::JoinedPending,
) -> Option<String> {
    let warning = joined::save_or_say(store, index, matches, p)?;
    log::warn!(target: "sitrep::cache", "{warning}");
    eprintln_safe(&warning);
    Some(warning)
}

fn spawn_writer(work: impl FnOnce() + Send + 'static) {
    let spawned = std::thread::Builder::new()
        .name("sitrep-cache".into())
        .spawn(work);
    if let (Ok(h), Ok(mut w)) = (spawned, WRITERS.lock()) {
        w.push(h);
    }
}

/// Writes a snapshot: hashes the source, checks it did not change since it was loaded,
/// then writes through a temporary file and a rename. Failures are warnings, logged and
/// printed (see [`eprintln_safe`]); the warning is returned too.
fn save(store: &Store, index: &SearchIndex, p: Pending) -> Option<String> {
    let warning = save_or_say(store, index, &p)?;
    log::warn!(target: "sitrep::cache", "{warning}");
    eprintln_safe(&warning);
    Some(warning)
}

fn save_or_say(store: &Store, index: &SearchIndex, p: &Pending) -> Option<String> {
    let hash = hash_file(&p.source).ok()?;
    // Changed while it loaded: the snapshot would not be of what is on disk now.
    if stamp(&p.source) != Some(p.before) {
        return None;
    }
    let id = Identity {
        size: p.before.size,
        mtime_ns: p.before.mtime_ns,
        hash,
        ctime_ns: p.before.ctime_ns,
        ino: p.before.ino,
    };
    let dir = p.snapshot.parent()?;
    if let Err(e) = std::fs::create_dir_all(dir) {
        return Some(format!(
            "cache: cannot create {}: {e}; {} not cached",
            dir.display(),
            p.source.display()
        ));
    }
    listing::sweep_abandoned(dir, listing::ABANDONED_AFTER);
    let written = crate::store::atomic::write_file_atomic(&p.snapshot, true, |w| {
        file::write_into(w, store, index, &p.canonical, &[], id)
    });
    written.err().map(|e| {
        format!(
            "cache: cannot write a snapshot of {}: {e}",
            p.source.display()
        )
    })
}

/// Writing happens in the background, possibly under a full-screen browser: a warning goes
/// to stderr only when stderr is not the terminal the browser draws on.
fn eprintln_safe(msg: &str) {
    use std::io::IsTerminal;
    if !std::io::stderr().is_terminal() {
        eprintln!("sitrep: {}", crate::text::sanitize(msg, false));
    }
}

#[cfg(test)]
mod tests;
