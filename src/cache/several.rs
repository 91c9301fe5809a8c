//! Several files opened as one store: from their joined snapshot, or each through the
//! cache and joined.

use std::path::PathBuf;
use std::sync::Arc;

use super::{Config, Due, Opened, config, joined, note, open_in, snapshot_path, stamp};
use crate::store::crosswalk::Crosswalk;
use crate::store::{LoadError, Progress, Stage};

/// Opens several files as one store (issue 17): from the joined snapshot (store, search
/// index and matches) when one matches every part and the crosswalk, else each file
/// through the cache, as [`open`] does, then joined by [`crate::store::merge`] (the joined
/// snapshot is then due, written once its index and matches are built). One path (or
/// none) is [`open`] itself. A file named twice is opened once. A part whose own snapshot
/// is due has it written first (its store is then handed to the join rather than kept for
/// a background writer), so a first open of several files costs each file's search index;
/// the joined store's own index is the caller's to build.
pub fn open_all(
    paths: &[PathBuf],
    crosswalk: &Crosswalk,
    progress: Progress,
) -> Result<Opened, LoadError> {
    open_all_in(config(), paths, crosswalk, progress)
}

/// [`open_all`] with an explicit configuration.
pub fn open_all_in(
    config: &Config,
    paths: &[PathBuf],
    crosswalk: &Crosswalk,
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
        return open_in(config, unique.first().map(|p| p.as_path()), progress);
    }
    let mut notes = Vec::new();
    let mut routine = true;
    let mut due = None;
    if let Some((dir, parts)) = joined_parts(config, &unique) {
        let canonicals: Vec<String> = parts.iter().map(|p| p.canonical.clone()).collect();
        let snapshot = snapshot_path(dir, &joined::name_key(&canonicals));
        if snapshot.exists() {
            progress(Stage::Reading, 0.0);
            let t = std::time::Instant::now();
            let source = unique
                .iter()
                .map(|p| p.display().to_string())
                .collect::<Vec<_>>()
                .join(" + ");
            match joined::restore(&snapshot, &parts, crosswalk, source) {
                Ok(r) => {
                    progress(Stage::Indexing, 1.0);
                    let timings = vec![("restore joined".to_string(), t.elapsed())];
                    let mut opened = Opened::restored(r.store, r.index, notes, timings);
                    opened.matches_later(r.matches, crosswalk.clone());
                    return Ok(opened);
                }
                Err(refusal) => {
                    routine = refusal.routine;
                    note(
                        &mut notes,
                        format!(
                            "cache: {}: {}; joining the files again",
                            snapshot.display(),
                            refusal.why
                        ),
                    );
                }
            }
        }
        due = Some(Due::Joined(Box::new(joined::JoinedPending {
            snapshot,
            parts,
            crosswalk: crosswalk.clone(),
        })));
    }
    let n = unique.len() as f64;
    let mut parts = Vec::with_capacity(unique.len());
    let mut timings = Vec::new();
    for (i, path) in unique.iter().enumerate() {
        let scaled = |stage: Stage, frac: f64| progress(stage, (i as f64 + frac) / n);
        let t = std::time::Instant::now();
        let mut opened = open_in(config, Some(path.as_path()), &scaled)?;
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
        matches: None,
        matches_coming: None,
        pending: due,
    })
}

/// The cache directory and each part as it is now, when a joined snapshot can be kept
/// (a cache directory, and every part a file).
fn joined_parts<'c>(
    config: &'c Config,
    paths: &[&PathBuf],
) -> Option<(&'c PathBuf, Vec<joined::Part>)> {
    let Config::Dir(dir) = config else {
        return None;
    };
    let parts = paths
        .iter()
        .map(|p| {
            Some(joined::Part {
                source: p.to_path_buf(),
                canonical: std::fs::canonicalize(p)
                    .ok()?
                    .to_string_lossy()
                    .into_owned(),
                stamp: stamp(p)?,
            })
        })
        .collect::<Option<Vec<_>>>()?;
    Some((dir, parts))
}
