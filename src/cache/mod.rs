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

use std::os::unix::fs::MetadataExt;
use std::path::{Path, PathBuf};
use std::sync::mpsc::{Receiver, channel};
use std::sync::{Arc, Mutex, OnceLock};
use std::thread::JoinHandle;

pub use file::{Footer, Identity, SCHEMA};

use crate::search::SearchIndex;
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
    /// when one was due) and the join, for `--timings`.
    pub timings: Vec<(String, std::time::Duration)>,
    pending: Option<Pending>,
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
struct Stamp {
    size: u64,
    mtime_ns: i64,
    ino: u64,
}

fn stamp(path: &Path) -> Option<Stamp> {
    let m = std::fs::metadata(path).ok()?;
    m.is_file().then(|| Stamp {
        size: m.len(),
        mtime_ns: m.mtime() * 1_000_000_000 + m.mtime_nsec(),
        ino: m.ino(),
    })
}

/// xxh3 over a file's bytes, read (not mapped: a source truncated meanwhile must not kill
/// the process) in large blocks.
fn hash_file(path: &Path) -> std::io::Result<u64> {
    use std::io::Read;
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
            pending,
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
                return Ok(Opened {
                    store: Arc::new(store),
                    index: Some(Arc::new(index)),
                    cached: true,
                    notes,
                    routine: true,
                    timings: Vec::new(),
                    pending: None,
                });
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

/// Opens several files as one store (issue 17): each through the cache, as [`open`] does,
/// then joined by [`crate::store::merge`]. One path (or none) is [`open`] itself. A file
/// named twice is opened once. A part whose snapshot is due has it written first (its
/// store is then handed to the join rather than kept for a background writer), so a first
/// open of several files costs each file's search index; the joined store's own index is
/// the caller's to build.
pub fn open_all(
    paths: &[PathBuf],
    crosswalk: &crate::store::crosswalk::Crosswalk,
    progress: Progress,
) -> Result<Opened, LoadError> {
    let mut unique: Vec<&PathBuf> = Vec::new();
    let mut seen: Vec<PathBuf> = Vec::new();
    for p in paths {
        let canonical = std::fs::canonicalize(p).unwrap_or_else(|_| p.clone());
        if !seen.contains(&canonical) {
            seen.push(canonical);
            unique.push(p);
        }
    }
    if unique.len() <= 1 {
        return open(unique.first().map(|p| p.as_path()), progress);
    }
    let n = unique.len() as f64;
    let mut parts = Vec::with_capacity(unique.len());
    let mut notes = Vec::new();
    let mut routine = true;
    let mut timings = Vec::new();
    for (i, path) in unique.iter().enumerate() {
        let scaled = |stage: Stage, frac: f64| progress(stage, (i as f64 + frac) / n);
        let t = std::time::Instant::now();
        let mut opened = open(Some(path.as_path()), &scaled)?;
        if let Some(warning) = opened.save_now() {
            notes.push(warning);
        }
        routine &= opened.routine;
        notes.append(&mut opened.notes);
        let Opened { store, index, .. } = opened;
        // The index (restored or just built for the snapshot) holds no reference to it.
        drop(index);
        // Not shared once its snapshot is written: taken, not copied.
        parts.push(Arc::unwrap_or_clone(store));
        timings.push((format!("open {}", path.display()), t.elapsed()));
    }
    progress(Stage::Indexing, 0.99);
    let t = std::time::Instant::now();
    let joined = crate::store::merge::merge(parts, crosswalk);
    timings.push(("merge".to_string(), t.elapsed()));
    progress(Stage::Indexing, 1.0);
    Ok(Opened {
        store: Arc::new(joined),
        index: None,
        cached: false,
        notes,
        routine,
        timings,
        pending: None,
    })
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
    // The source's bytes are hashed on a thread while the snapshot is read back.
    let src = source.to_path_buf();
    let hasher = std::thread::spawn(move || hash_file(&src));
    let restored = mapped.restore(source.display().to_string());
    let hash = hasher
        .join()
        .map_err(|_| "hashing the source failed".to_string())?
        .map_err(|e| format!("cannot read the source to compare: {e}"))?;
    if hash != made_from.hash {
        return Err(routine("stale (the source's content changed since)"));
    }
    if stamp(source) != Some(now) {
        return Err(routine("stale (the source changed while it was compared)"));
    }
    Ok(restored?)
}

impl Opened {
    /// The search index: the restored one at once, else built on a background thread,
    /// which then writes the snapshot (store and index) if one is due.
    pub fn index_in_background(&mut self) -> Receiver<Arc<SearchIndex>> {
        let (tx, rx) = channel();
        if let Some(index) = &self.index {
            let _ = tx.send(index.clone());
            return rx;
        }
        let store = self.store.clone();
        let pending = self.pending.take();
        spawn_writer(move || {
            let index = Arc::new(SearchIndex::build(&store));
            let _ = tx.send(index.clone());
            if let Some(p) = pending {
                save(&store, &index, p);
            }
        });
        rx
    }

    /// The search index now: the restored one, or built here (then the snapshot is
    /// written on a background thread).
    pub fn index_now(&mut self) -> Arc<SearchIndex> {
        if let Some(index) = &self.index {
            return index.clone();
        }
        let index = Arc::new(SearchIndex::build(&self.store));
        self.index = Some(index.clone());
        if let Some(p) = self.pending.take() {
            let (store, idx) = (self.store.clone(), index.clone());
            spawn_writer(move || {
                save(&store, &idx, p);
            });
        }
        index
    }

    /// Writes the snapshot now, if one is due (building the index for it if need be); the
    /// warning if it could not be written.
    pub fn save_now(&mut self) -> Option<String> {
        let p = self.pending.take()?;
        let index = match &self.index {
            Some(i) => i.clone(),
            None => Arc::new(SearchIndex::build(&self.store)),
        };
        save(&self.store, &index, p)
    }

    /// Whether a snapshot is due (the store was loaded from a source that the cache can
    /// keep, and it has not been written yet).
    pub fn snapshot_due(&self) -> bool {
        self.pending.is_some()
    }

    /// For commands that need no search index: writes the snapshot, if one is due, on a
    /// background thread (building the index it holds there).
    pub fn save_in_background(&mut self) {
        if let Some(p) = self.pending.take() {
            let store = self.store.clone();
            spawn_writer(move || {
                let index = SearchIndex::build(&store);
                save(&store, &index, p);
            });
        }
    }
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
    };
    let dir = p.snapshot.parent()?;
    if let Err(e) = std::fs::create_dir_all(dir) {
        return Some(format!(
            "cache: cannot create {}: {e}; {} not cached",
            dir.display(),
            p.source.display()
        ));
    }
    let written = crate::store::atomic::write_file_atomic(&p.snapshot, true, |w| {
        file::write_into(w, store, index, &p.canonical, id)
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

/// One snapshot in the cache directory, for `sitrep cache --list`.
#[derive(Debug, Clone, serde::Serialize)]
pub struct Entry {
    pub file: PathBuf,
    pub bytes: u64,
    /// The source it was made from (empty when the file is unreadable).
    pub source: String,
    pub incidents: u64,
    pub created_secs: u64,
    /// "fresh", "stale", "source missing", or why the file cannot be used.
    pub state: String,
}

/// The snapshots in `dir`, by file name.
pub fn list(dir: &Path) -> std::io::Result<Vec<Entry>> {
    let mut out = Vec::new();
    let rd = match std::fs::read_dir(dir) {
        Ok(rd) => rd,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(out),
        Err(e) => return Err(e),
    };
    for entry in rd.flatten() {
        let path = entry.path();
        if path.extension().is_none_or(|e| e != "snap") {
            continue;
        }
        let bytes = entry.metadata().map_or(0, |m| m.len());
        let e = match file::open(&path) {
            Ok(m) => {
                let source = m.source_path();
                let state = match (m.readable(), stamp(Path::new(&source))) {
                    (Err(why), _) => why,
                    (Ok(()), None) => "source missing".to_string(),
                    (Ok(()), Some(s))
                        if s.size == m.footer.source.size
                            && s.mtime_ns == m.footer.source.mtime_ns =>
                    {
                        "fresh".to_string()
                    }
                    (Ok(()), Some(_)) => "stale".to_string(),
                };
                Entry {
                    file: path,
                    bytes,
                    source,
                    incidents: m.footer.incidents,
                    created_secs: m.footer.created_secs,
                    state,
                }
            }
            Err(why) => Entry {
                file: path,
                bytes,
                source: String::new(),
                incidents: 0,
                created_secs: 0,
                state: why,
            },
        };
        out.push(e);
    }
    out.sort_by(|a, b| a.file.cmp(&b.file));
    Ok(out)
}

/// Removes every snapshot in `dir` (and temporary files a killed writer left); returns the
/// number of snapshots removed and their bytes.
pub fn clear(dir: &Path) -> std::io::Result<(usize, u64)> {
    let (mut n, mut bytes) = (0, 0);
    let rd = match std::fs::read_dir(dir) {
        Ok(rd) => rd,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok((0, 0)),
        Err(e) => return Err(e),
    };
    for entry in rd.flatten() {
        let path = entry.path();
        let name = entry.file_name().to_string_lossy().into_owned();
        let snap = name.ends_with(".snap");
        let tmp = name.starts_with(".sitrep-") && name.ends_with(".tmp");
        if !snap && !tmp {
            continue;
        }
        let len = entry.metadata().map_or(0, |m| m.len());
        std::fs::remove_file(&path)?;
        if snap {
            n += 1;
            bytes += len;
        }
    }
    Ok((n, bytes))
}

#[cfg(test)]
mod tests;
